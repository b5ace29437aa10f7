//! Tests on single lines of text that every cleaner shares: is it a sentence of a story,
//! a teaser, a headline, a list of links, a metadata line?

use memchr::memmem::Finder;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Number of characters (not bytes).
pub(crate) fn chars(s: &str) -> usize {
    s.chars().count()
}

/// True for CJK ideographs (the scripts parley reads).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Number of CJK ideographs.
pub(crate) fn cjk_count(s: &str) -> usize {
    s.chars().filter(|c| is_cjk(*c)).count()
}

/// Number of Latin words.
pub(crate) fn latin_words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count()
}

/// Trims white space, including the ideographic space, no-break space and zero-width
/// characters that page dumps carry. Most lines need nothing else, and are returned as
/// the slice of `line` they are (a dump's lines are not copied one by one).
pub(crate) fn clean_line(line: &str) -> Cow<'_, str> {
    static ATTRIBUTES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"["']\s*(?:style|class|id|width|height|alt|href|src)=["'][^"']*["']\s*/?>"#)
            .expect("valid")
    });
    let trimmed = line.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{3000}')
    });
    // An attribute needs `=`: most lines skip the regex.
    let no_attributes = if memchr::memchr(b'=', trimmed.as_bytes()).is_some() {
        ATTRIBUTES.replace_all(trimmed, " ")
    } else {
        Cow::Borrowed(trimmed)
    };
    static NO_BREAK: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("\u{a0}"));
    static IDEOGRAPHIC: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("\u{3000}"));
    let bytes = no_attributes.as_bytes();
    if NO_BREAK.find(bytes).is_some() || IDEOGRAPHIC.find(bytes).is_some() {
        Cow::Owned(
            no_attributes
                .replace(['\u{a0}', '\u{3000}'], " ")
                .trim()
                .to_string(),
        )
    } else {
        match no_attributes {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        }
    }
}

/// True when the line ends like a teaser of another story (`...`, `…`).
pub(crate) fn is_teaser(s: &str) -> bool {
    let s = s.trim_end();
    s.ends_with("...") || s.ends_with('…') || s.ends_with("..")
}

/// The line without trailing parenthesised notes (`(完)`, `(总台记者 某某)`, `（美联社）`).
fn without_trailing_notes(s: &str) -> &str {
    let mut s = s.trim_end();
    loop {
        let Some(close) = s
            .chars()
            .last()
            .filter(|c| matches!(c, ')' | '）' | '】' | ']'))
        else {
            return s;
        };
        let open = match close {
            ')' => ['(', '（'],
            '）' => ['（', '('],
            '】' => ['【', '【'],
            _ => ['[', '['],
        };
        let Some(pos) = s.rfind(open) else { return s };
        let inner = &s[pos..];
        if chars(inner) > 24 || pos == 0 {
            return s;
        }
        s = s[..pos].trim_end();
    }
}

const CLOSERS: &[char] = &['”', '"', '’', '\'', '」', '』', '》', ')', '）'];

/// The last meaningful character of a line, past closing quotes and notes.
fn final_char(s: &str) -> Option<char> {
    without_trailing_notes(s)
        .trim_end_matches(CLOSERS)
        .chars()
        .last()
}

/// True when the line holds sentence punctuation somewhere.
pub(crate) fn has_sentence_punct(s: &str) -> bool {
    s.contains(['。', '！', '？', '；', '，', ',', ';']) || s.contains(". ")
}

/// True when a line is a sentence or paragraph of a story, as opposed to a headline,
/// a label, a teaser or a list of links.
pub(crate) fn is_prose(s: &str) -> bool {
    // The ending decides which counts matter; each is taken only when needed, and the
    // teaser and link-list tests only for a line that otherwise reads as a sentence.
    let verdict = match final_char(s) {
        Some('。') | Some('．') => chars(s) >= 8,
        Some('.') => latin_words(s) >= 6 || cjk_count(s) >= 8,
        Some('!') | Some('?') | Some('！') | Some('？') => chars(s) >= 40 || latin_words(s) >= 12,
        Some(':') | Some('：') => {
            // The line without its last character (which need not be the colon: closing
            // quotes and notes may follow it).
            let last = s.chars().next_back().map_or(0, char::len_utf8);
            chars(s) >= 40 && has_sentence_punct(&s[..s.len() - last])
        }
        _ => {
            (s.len() >= 80 && chars(s) >= 80 && s.contains(['。', '，', ',']) && cjk_count(s) >= 20)
                || (s.contains(". ") && latin_words(s) >= 25)
        }
    };
    verdict && !is_teaser(s) && !is_link_list(s)
}

/// True when a line is a row of short link texts (a site's navigation or footer).
pub(crate) fn is_link_list(s: &str) -> bool {
    if has_clause_mark(s) {
        return false;
    }
    // A menu: several words of a few characters each (首页 新闻 国际 体育 娱乐).
    let menu_word = |t: &str| (1..=4).contains(&chars(t)) && cjk_count(t) == chars(t);
    let (mut tokens, mut total, mut menu) = (0usize, 0usize, true);
    for t in s.split_whitespace() {
        tokens += 1;
        total += chars(t);
        menu = menu && menu_word(t);
    }
    if tokens >= 4 && menu {
        return true;
    }
    if tokens < 8 {
        return false;
    }
    let average = total as f64 / tokens as f64;
    average <= 6.0 && cjk_count(s) * 2 >= chars(s) / 2
}

/// True when `s` holds a mark that ends a clause or a sentence (`。，,!?！？:：`), which
/// no row of link texts has. Asked of every sentence of a dump, so it searches bytes
/// with vectorised scans rather than decoding characters: the ASCII marks directly,
/// the wide ones at their lead bytes (`。` is `E3 80 82`; `，！？：` are `EF BC 8C`,
/// `EF BC 81`, `EF BC 9F`, `EF BC 9A`), which ideographs (`E4`..`E9`) never start with.
fn has_clause_mark(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3(b',', b'!', b'?', b).is_some()
        || memchr::memchr(b':', b).is_some()
        || memchr::memchr2_iter(0xE3, 0xEF, b).any(|i| {
            matches!(
                (b[i], b.get(i + 1), b.get(i + 2)),
                (0xE3, Some(0x80), Some(0x82))
                    | (0xEF, Some(0xBC), Some(0x8C | 0x81 | 0x9F | 0x9A))
            )
        })
}

/// True when a line can be a headline: short, no full stop at the end, with words.
pub(crate) fn is_headline(s: &str, cjk_document: bool) -> bool {
    let n = chars(s);
    let cjk = cjk_count(s);
    if cjk_document && cjk < 2 {
        return false;
    }
    if is_teaser(s) || s.starts_with("http") || s.contains(['。']) {
        return false;
    }
    if cjk >= 2 {
        (4..=80).contains(&n)
    } else {
        let words = latin_words(s);
        (3..=40).contains(&words) && n <= 300 && !s.ends_with('.')
    }
}

/// True when a line is site navigation: a breadcrumb (`首页 > 新闻 > 正文`).
pub(crate) fn is_breadcrumb(s: &str) -> bool {
    // `->` holds `>`, so one search finds every separator.
    s.len() <= 60 * 4 && chars(s) <= 60 && s.contains(['>', '»', '›']) && !is_prose(s)
}

/// True when a line is only a number, a counter (`Views: 2430`) or a lone symbol.
pub(crate) fn is_counter(s: &str) -> bool {
    // A label of at most 12 letters, a colon, a number: the label's length is checked
    // apart, as `[\p{L} ]{1,12}` would compile to twelve copies of every letter there is.
    static COUNTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:(?P<label>[\p{L} ]+)[:：]\s*)?[\d,.]+$").expect("valid"));
    let mut rev = s.chars().rev();
    let Some(last) = rev.next() else {
        return true;
    };
    if rev.next().is_none() {
        return true;
    }
    // The counter pattern ends in a digit, a comma or a full stop.
    let counter_end = last == ',' || last == '.' || last.is_numeric();
    let counter = || {
        COUNTER.captures(s).is_some_and(|caps| {
            caps.name("label")
                .is_none_or(|label| label.as_str().chars().count() <= 12)
        })
    };
    (counter_end && counter()) || s.chars().all(|c| !c.is_alphanumeric())
}

/// True when a line is a bare URL.
pub(crate) fn is_url(s: &str) -> bool {
    let starts = |prefix: &str| {
        s.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    (starts("http://") || starts("https://") || starts("www.")) && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_versus_furniture() {
        assert!(is_prose(
            "双方还就中东局势等共同关心的国际和地区问题交换了意见,进行了协调。(完)"
        ));
        assert!(is_prose("结束在印度行程后,某人还将对某国进行国事访问。"));
        assert!(is_prose(
            "The two leaders agreed to meet again next year in the capital."
        ));
        assert!(!is_prose("相关文章"));
        assert!(!is_prose("某地发生一件事,引发关注,详情请看..."));
        assert!(!is_prose("某队夺冠!球迷欢呼"));
        assert!(!is_prose(
            "首页 新闻 国际 国内 财经 体育 娱乐 科技 军事 汽车"
        ));
        assert!(!is_prose("王毅外长"));
    }

    #[test]
    fn a_long_line_ending_in_a_wide_colon_is_read_not_a_panic() {
        let line = format!("{}：", "一二三四五六七八九十".repeat(5));
        assert!(!is_prose(&line));
        let line = format!("{}，然后说：", "一二三四五六七八九十".repeat(5));
        assert!(is_prose(&line));
    }

    #[test]
    fn headlines_and_navigation() {
        assert!(is_headline("王毅会见俄罗斯外长拉夫罗夫", true));
        assert!(!is_headline("Go to Contents Go to Navigation", true));
        assert!(is_headline("Putin and Erdogan speak on the phone", false));
        assert!(!is_headline("OP", false));
        assert!(is_breadcrumb("网易首页 > 新闻中心 > 国际 > 正文"));
        assert!(is_breadcrumb("首頁 -> 國際"));
        assert!(is_counter("Views: 2430"));
        assert!(is_counter("0"));
        assert!(is_counter("|"));
        assert!(is_url("http://www.example.com"));
        assert!(is_url("HTTPS://example.com/a"));
        assert!(!is_url("http://example.com/a b"));
        assert!(!is_url("网址"));
        assert!(is_counter("点击：1,234"));
        assert!(!is_counter("点击量很高"));
        assert!(is_counter("Read count: 12"));
        assert!(!is_counter("The number of readers: 12"));
        assert!(is_link_list("首页 新闻 国际 体育 娱乐"));
        assert!(!is_link_list("首页 新闻 国际 体育 娱乐："));
        assert!(!is_link_list("首页 新闻 国际"));
    }

    #[test]
    fn clause_marks_are_found_by_their_bytes() {
        for mark in ['。', '，', ',', '!', '?', '！', '？', ':', '：'] {
            assert!(has_clause_mark(&format!("首页 新闻{mark} 国际")), "{mark}");
            assert!(has_clause_mark(&format!("{mark}")), "{mark}");
        }
        // Wide characters that share the marks' lead bytes but are none of them.
        for other in ['、', '「', '（', '）', '｜', '\u{3000}'] {
            assert!(
                !has_clause_mark(&format!("首页 新闻{other} 国际")),
                "{other}"
            );
        }
        assert!(!has_clause_mark("首页 新闻 国际 体育 娱乐"));
    }

    #[test]
    fn cleaning_removes_invisible_space_and_leaked_attributes() {
        assert_eq!(clean_line("\u{3000}\u{3000}正文。 "), "正文。");
        assert_eq!(
            clean_line("说明\" style=\"display:block;color:#337fe5;\">  正文"),
            "说明   正文"
        );
    }
}
