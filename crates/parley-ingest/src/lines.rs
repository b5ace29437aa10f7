//! Tests on single lines of text that every cleaner shares: is it a sentence of a story,
//! a teaser, a headline, a list of links, a metadata line?

use regex::Regex;
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
/// characters that page dumps carry.
pub(crate) fn clean_line(line: &str) -> String {
    static ATTRIBUTES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"["']\s*(?:style|class|id|width|height|alt|href|src)=["'][^"']*["']\s*/?>"#)
            .expect("valid")
    });
    let trimmed = line.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{3000}')
    });
    let no_attributes = ATTRIBUTES.replace_all(trimmed, " ");
    let collapsed: String = no_attributes.replace(['\u{a0}', '\u{3000}'], " ");
    collapsed.trim().to_string()
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
    if is_teaser(s) || is_link_list(s) {
        return false;
    }
    let n = chars(s);
    let words = latin_words(s);
    let cjk = cjk_count(s);
    match final_char(s) {
        Some('。') | Some('．') => n >= 8,
        Some('.') => words >= 6 || cjk >= 8,
        Some('!') | Some('?') | Some('！') | Some('？') => n >= 40 || words >= 12,
        Some(':') | Some('：') => n >= 40 && has_sentence_punct(&s[..s.len() - 1]),
        _ => {
            (n >= 80 && cjk >= 20 && s.contains(['。', '，', ',']))
                || (words >= 25 && s.contains(". "))
        }
    }
}

/// True when a line is a row of short link texts (a site's navigation or footer).
pub(crate) fn is_link_list(s: &str) -> bool {
    let tokens: Vec<&str> = s.split_whitespace().collect();
    if s.contains(['。', '，', ',', '!', '?', '！', '？', ':', '：']) {
        return false;
    }
    // A menu: several words of a few characters each (首页 新闻 国际 体育 娱乐).
    let menu_word = |t: &&str| (1..=4).contains(&chars(t)) && cjk_count(t) == chars(t);
    if tokens.len() >= 4 && tokens.iter().all(menu_word) {
        return true;
    }
    if tokens.len() < 8 {
        return false;
    }
    let average = tokens.iter().map(|t| chars(t)).sum::<usize>() as f64 / tokens.len() as f64;
    average <= 6.0 && cjk_count(s) * 2 >= chars(s) / 2
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
    let separators = s.matches(['>', '»', '›']).count() + s.matches("->").count();
    separators >= 1 && chars(s) <= 60 && !is_prose(s)
}

/// True when a line is only a number, a counter (`Views: 2430`) or a lone symbol.
pub(crate) fn is_counter(s: &str) -> bool {
    static COUNTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[\p{L} ]{1,12}[:：]\s*)?[\d,.]+$").expect("valid"));
    chars(s) <= 1 || COUNTER.is_match(s) || s.chars().all(|c| !c.is_alphanumeric())
}

/// True when a line is a bare URL.
pub(crate) fn is_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www."))
        && !s.contains(char::is_whitespace)
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
