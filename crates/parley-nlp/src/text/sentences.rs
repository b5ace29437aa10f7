//! Paragraph, sentence and clause splitting for Chinese and English, as spans.

use parley_core::Span;

/// Words that end with a full stop without ending the sentence (compared without the
/// stop, case-sensitively).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt", "Maj",
    "Adm", "Rep", "Sen", "Gov", "Pres", "Amb", "Rev", "Hon", "No", "Nos", "Vol", "vs", "Inc",
    "Ltd", "Co", "Corp", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "U.S",
    "U.K", "U.N", "E.U", "e.g", "i.e", "a.m", "p.m", "approx", "est", "cf", "Fig",
];

/// The longest sentence kept whole, in bytes; text without stops beyond it (a page
/// dump without punctuation) is cut at the last comma or space before the limit, so
/// later stages never see unbounded sentences.
pub const MAX_SENTENCE_BYTES: usize = 1200;

/// Characters that end a sentence wherever they appear.
const TERMINATORS: [char; 9] = ['。', '！', '？', '!', '?', '；', ';', '｡', '…'];

/// Characters that end a sentence wherever they appear.
fn is_terminator(ch: char) -> bool {
    TERMINATORS.contains(&ch)
}

/// Characters where [`split_clauses`] may split a sentence.
const CLAUSE_ENDS: [char; 5] = ['，', '：', ',', ':', ';'];

/// The first byte of `ch` in UTF-8.
const fn lead_byte(ch: char) -> u8 {
    let c = ch as u32;
    (match c {
        0..0x80 => c,
        0x80..0x800 => 0xC0 | c >> 6,
        0x800..0x10000 => 0xE0 | c >> 12,
        _ => 0xF0 | c >> 18,
    }) as u8
}

/// A table over bytes for [`next_marked`]: 0 for the first byte of any character of
/// `sets`, else the length of the characters the byte starts (continuation bytes, never
/// met when stepping from character to character, count 1). A scan for those characters
/// steps over every other character in one look-up, without decoding it, and stops only
/// on character boundaries.
const fn skip_table(sets: &[&[char]]) -> [u8; 256] {
    let mut table = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        table[b] = if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        b += 1;
    }
    let mut i = 0;
    while i < sets.len() {
        let mut k = 0;
        while k < sets[i].len() {
            table[lead_byte(sets[i][k]) as usize] = 0;
            k += 1;
        }
        i += 1;
    }
    table
}

/// Where [`split_sentences`] may end a sentence: the terminators, a full stop, a line
/// break.
static SENTENCE_END_SKIPS: [u8; 256] = skip_table(&[&TERMINATORS, &['.', '\n', '\r']]);

/// Where [`split_clauses`] may split a sentence.
static CLAUSE_END_SKIPS: [u8; 256] = skip_table(&[&CLAUSE_ENDS]);

/// The offset of the next character at or after `pos` (a character boundary) whose first
/// byte `table` (a [`skip_table`]) marks, with the character.
fn next_marked(text: &str, pos: usize, table: &[u8; 256]) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut at = pos;
    loop {
        let step = table[usize::from(*bytes.get(at)?)];
        if step == 0 {
            break;
        }
        at += usize::from(step);
    }
    Some((at, text[at..].chars().next()?))
}

/// Characters that close a quote or bracket and stay with the sentence before them.
fn is_closer(ch: char) -> bool {
    matches!(
        ch,
        '”' | '’' | '"' | '\'' | '）' | ')' | '】' | '」' | '』' | '》' | '〉' | ']' | '］' | '〕'
    )
}

/// Han ideographs and kana: the characters that make a sentence Chinese (or Japanese).
/// Punctuation does not count: curly quotes serve English as well.
fn is_han_or_kana(ch: char) -> bool {
    matches!(ch, '\u{3005}' | '\u{3007}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}' | '\u{20000}'..='\u{3134F}')
}

/// Han ideographs and CJK punctuation: in a Chinese sentence, a comma next to one of
/// these separates clauses.
fn is_cjk_char(ch: char) -> bool {
    matches!(ch, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”')
}

/// Paragraphs: blocks separated by blank lines, trimmed, never empty.
pub fn split_paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    let mut blank_run = false;
    // Line breaks are single bytes that never occur inside a multi-byte character.
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let blank = text[line_start..i].trim().is_empty();
        if blank {
            if !blank_run {
                push_trimmed(text, start, line_start, &mut out);
                blank_run = true;
            }
            start = i + 1;
        } else {
            blank_run = false;
        }
        line_start = i + 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Sentences of Chinese or English text, as trimmed spans of the original.
///
/// A sentence ends at 。！？!?；; or a line break; closing quotes and brackets right after
/// the end stay with it (“……。”). An English full stop ends a sentence when white space
/// follows and the word before it is not an abbreviation (Mr., U.S., Feb.) or an initial,
/// and the next word does not start in lower case; decimals never end one.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    while let Some((at, ch)) = next_marked(text, pos, &SENTENCE_END_SKIPS) {
        pos = at;
        let next = pos + ch.len_utf8();
        if ch == '\n' || ch == '\r' {
            push_sentence(text, start, pos, &mut out);
            start = pos;
            pos = next;
        } else if is_terminator(ch) || (ch == '.' && full_stop_ends(text, pos)) {
            // Absorb repeated terminators and closers: “……。”  ?!  ."
            let end = next
                + text[next..]
                    .chars()
                    .take_while(|&c| is_terminator(c) || is_closer(c) || c == '.')
                    .map(char::len_utf8)
                    .sum::<usize>();
            push_sentence(text, start, end, &mut out);
            start = end;
            pos = end;
        } else {
            pos = next;
        }
    }
    push_sentence(text, start, text.len(), &mut out);
    out
}

/// Pushes the trimmed `text[start..end]`, cut into pieces no longer than
/// [`MAX_SENTENCE_BYTES`] at the last comma or white space before the limit when there
/// is one.
fn push_sentence(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let before = out.len();
    push_trimmed(text, start, end, out);
    let Some(span) = out.get(before).copied() else {
        return;
    };
    if span.end - span.start <= MAX_SENTENCE_BYTES {
        return;
    }
    out.truncate(before);
    let mut start = span.start;
    while span.end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let piece = &text[start..limit];
        let cut = piece
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '，' | ',' | '、' | '；' | ';') || c.is_whitespace())
            .map(|(i, c)| start + i + c.len_utf8())
            .filter(|&cut| cut > start)
            .unwrap_or(limit);
        push_trimmed(text, start, cut, out);
        start = cut;
    }
    push_trimmed(text, start, span.end, out);
}

/// Clauses of a sentence, as trimmed spans: pieces separated by commas and colons in
/// Chinese (full or half width, where a neighbour is Chinese); in a sentence without
/// Han or kana (curly quotes alone do not make it Chinese), by a comma, colon or semicolon followed by white space (not by a digit's
/// comma, 1,000), so an English list of names is split too.
pub fn split_clauses(sentence: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let chinese = sentence.chars().any(is_han_or_kana);
    let mut start = 0;
    let mut from = 0;
    while let Some((pos, ch)) = next_marked(sentence, from, &CLAUSE_END_SKIPS) {
        let after = pos + ch.len_utf8();
        from = after;
        let splits = match ch {
            '，' | '：' => true,
            ',' | ':' | ';' if !chinese => sentence[after..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace),
            ',' | ':' => {
                let prev = sentence[..pos].chars().rev().find(|c| !c.is_whitespace());
                let next = sentence[after..].chars().find(|c| !c.is_whitespace());
                prev.is_some_and(is_cjk_char) || next.is_some_and(is_cjk_char)
            }
            _ => false,
        };
        if splits {
            push_trimmed(sentence, start, pos, &mut out);
            start = after;
        }
    }
    push_trimmed(sentence, start, sentence.len(), &mut out);
    out
}

/// Whether the full stop at byte `pos` of `text` ends an English sentence.
fn full_stop_ends(text: &str, pos: usize) -> bool {
    // What follows: end of text, or white space (possibly after closers).
    let after = &text[pos + 1..];
    let rest = after.trim_start_matches(is_closer);
    if let Some(c) = rest.chars().next() {
        if !c.is_whitespace() {
            // 3.5, U.S.-China, example.com: not an end. Chinese right after a stop is.
            return is_cjk_char(c);
        }
    }
    // The word before the stop.
    let word_start = text[..pos]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        .map_or(0, |(k, c)| k + c.len_utf8());
    let word = &text[word_start..pos];
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    // A single capital letter is an initial (S. Jaishankar, George W. Bush).
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        if first.is_ascii_uppercase() {
            return false;
        }
    }
    // The next word starts in lower case: the sentence goes on.
    let next = rest.chars().find(|c| !c.is_whitespace());
    !next.is_some_and(|c| c.is_lowercase())
}

/// Pushes `text[start..end]` without surrounding white space, when anything is left.
fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let Some(piece) = text.get(start..end) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_marked_finds_what_decoding_every_character_finds() {
        let pieces = [
            "王毅说",
            "：",
            "“",
            "”",
            "。",
            "，",
            "、",
            "；",
            "！",
            "？",
            "…",
            "｡",
            "《",
            "》",
            "Mr.",
            " ",
            "3.5",
            "\n",
            "\r\n",
            "a",
            "!?",
            ";",
            ":",
            ",",
            "（完）",
            "é",
            "€",
            "😀",
        ];
        let sets: [(&[u8; 256], Vec<char>); 2] = [
            (
                &SENTENCE_END_SKIPS,
                [&TERMINATORS[..], &['.', '\n', '\r']].concat(),
            ),
            (&CLAUSE_END_SKIPS, CLAUSE_ENDS.to_vec()),
        ];
        for text in crate::text::pieced_texts(&pieces, 400, 23) {
            for (table, chars) in &sets {
                for (pos, _) in text.char_indices() {
                    // Characters sharing a first byte with one of the set stop it too.
                    let lead = |c: &char| c.to_string().as_bytes()[0];
                    let expected = text[pos..]
                        .char_indices()
                        .find(|(_, c)| chars.iter().any(|m| lead(m) == lead(c)))
                        .map(|(k, c)| (pos + k, c));
                    assert_eq!(next_marked(&text, pos, table), expected, "{text:?} {pos}");
                }
            }
        }
    }

    fn texts(text: &str, spans: &[Span]) -> Vec<String> {
        spans.iter().map(|s| text[s.range()].to_string()).collect()
    }

    #[test]
    fn chinese_sentences_keep_quotes_and_brackets() {
        let text = "王毅说：“中俄关系稳定。”双方交换了意见！是否会见？（完）";
        let got = texts(text, &split_sentences(text));
        assert_eq!(
            got,
            vec![
                "王毅说：“中俄关系稳定。”",
                "双方交换了意见！",
                "是否会见？",
                "（完）"
            ]
        );
    }

    #[test]
    fn semicolons_and_line_breaks_end_sentences() {
        let text = "李强会见巴罗；王毅同巴罗会谈\n  图为会场\n\n第二段。";
        let got = texts(text, &split_sentences(text));
        assert_eq!(
            got,
            vec!["李强会见巴罗；", "王毅同巴罗会谈", "图为会场", "第二段。"]
        );
    }

    #[test]
    fn traditional_and_half_width_punctuation() {
        let text = "習近平會見卡尼。卡尼表示,願加強合作!兩國簽署文件?";
        let got = texts(text, &split_sentences(text));
        assert_eq!(
            got,
            vec!["習近平會見卡尼。", "卡尼表示,願加強合作!", "兩國簽署文件?"]
        );
    }

    #[test]
    fn english_abbreviations_initials_and_decimals() {
        let text = "Mr. Blinken met S. Jaishankar in the U.S. capital on Oct. 1. Trade grew 3.5 percent. \"We agreed,\" he said. Talks went on.";
        let got = texts(text, &split_sentences(text));
        assert_eq!(
            got,
            vec![
                "Mr. Blinken met S. Jaishankar in the U.S. capital on Oct. 1.",
                "Trade grew 3.5 percent.",
                "\"We agreed,\" he said.",
                "Talks went on."
            ]
        );
    }

    #[test]
    fn quote_after_full_stop_stays() {
        let text = "He said: \"It was good.\" Then he left.";
        let got = texts(text, &split_sentences(text));
        assert_eq!(got, vec!["He said: \"It was good.\"", "Then he left."]);
    }

    #[test]
    fn empty_and_blank_text_has_no_sentences() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\n \t").is_empty());
        assert!(split_sentences("。。。").len() == 1);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let text = "\n第一段第一行\n第一段第二行\n\n\n  第二段  \n";
        let got = texts(text, &split_paragraphs(text));
        assert_eq!(got, vec!["第一段第一行\n第一段第二行", "第二段"]);
    }

    #[test]
    fn clauses_split_on_chinese_commas_only() {
        let s = "日前,王毅抵达俄罗斯，与拉夫罗夫会面：双方交换意见";
        assert_eq!(
            texts(s, &split_clauses(s)),
            vec!["日前", "王毅抵达俄罗斯", "与拉夫罗夫会面", "双方交换意见"]
        );
        let e = "During the visit, Kishida met Biden on Thursday, April 11; trade rose 1,000 tons";
        assert_eq!(
            texts(e, &split_clauses(e)),
            vec![
                "During the visit",
                "Kishida met Biden on Thursday",
                "April 11",
                "trade rose 1,000 tons"
            ]
        );
    }

    #[test]
    fn clauses_of_varied_sentences() {
        // Expectations recorded from the splitter before it stopped collecting the
        // sentence's characters.
        let cases: &[(&str, &[&str])] = &[
            ("王毅说:“中俄关系稳定。”", &["王毅说", "“中俄关系稳定。”"]),
            (
                "“我们愿意合作”, 他说, 双方同意",
                &["“我们愿意合作”", "他说", "双方同意"],
            ),
            (
                "Xi Jinping met Joe Biden in Woodside, California, on November 15, 2023",
                &[
                    "Xi Jinping met Joe Biden in Woodside",
                    "California",
                    "on November 15",
                    "2023",
                ],
            ),
            (
                "Blinken said: the talks were good; Wang agreed",
                &["Blinken said", "the talks were good", "Wang agreed"],
            ),
            (
                "习近平同拜登会晤 , 双方谈了台湾问题 ; 气候变化",
                &["习近平同拜登会晤", "双方谈了台湾问题 ; 气候变化"],
            ),
            (
                "据报道, Blinken will visit Beijing, Shanghai and 广州 , 3,000 people",
                &[
                    "据报道",
                    "Blinken will visit Beijing, Shanghai and 广州",
                    "3,000 people",
                ],
            ),
            (
                "李强会见法国外长巴罗(Jean-Noël Barrot), 双方讨论了乌克兰问题",
                &[
                    "李强会见法国外长巴罗(Jean-Noël Barrot)",
                    "双方讨论了乌克兰问题",
                ],
            ),
            (
                "Macron, Scholz and Sunak met at 10:30, then flew home:",
                &["Macron", "Scholz and Sunak met at 10:30", "then flew home:"],
            ),
            (",,, ::: ;;;", &[",,", "::", ";;;"]),
            ("  ，  ", &[]),
            ("", &[]),
            ("a,b, c ,d", &["a,b", "c ,d"]),
            ("中方,", &["中方"]),
            (",中方", &["中方"]),
            (
                "Prime Minister Modi: \"We welcome, indeed celebrate, this visit\"",
                &[
                    "Prime Minister Modi",
                    "\"We welcome",
                    "indeed celebrate",
                    "this visit\"",
                ],
            ),
            (
                "外交部发言人毛宁表示：中方欢迎、支持此次访问，并愿意 , 继续合作",
                &[
                    "外交部发言人毛宁表示",
                    "中方欢迎、支持此次访问",
                    "并愿意",
                    "继续合作",
                ],
            ),
            (
                "日本首相石破茂と会談し, 協力を確認した",
                &["日本首相石破茂と会談し", "協力を確認した"],
            ),
            (
                "They met on 5 March, 2024 in Tokyo,Japan, then left",
                &["They met on 5 March", "2024 in Tokyo,Japan", "then left"],
            ),
        ];
        for (sentence, want) in cases {
            assert_eq!(
                texts(sentence, &split_clauses(sentence)),
                *want,
                "{sentence:?}"
            );
        }
    }

    #[test]
    fn curly_quotes_do_not_make_a_sentence_chinese() {
        let e =
            "“We welcome the visit, and we hope for progress,” Blinken said, adding: ‘more talks’";
        assert_eq!(
            texts(e, &split_clauses(e)),
            vec![
                "“We welcome the visit",
                "and we hope for progress,” Blinken said",
                "adding",
                "‘more talks’"
            ]
        );
        let z = "王毅说,“中俄关系稳定”,双方同意 , “继续合作”";
        assert_eq!(
            texts(z, &split_clauses(z)),
            vec!["王毅说", "“中俄关系稳定”", "双方同意", "“继续合作”"]
        );
    }

    #[test]
    fn endless_sentences_are_cut_at_commas() {
        let text = "王毅会见拉夫罗夫，".repeat(500);
        let spans = split_sentences(&text);
        assert!(spans.len() > 1);
        for s in &spans {
            assert!(s.len() <= MAX_SENTENCE_BYTES);
            assert!(text[s.range()].ends_with('，'));
        }
        let unbroken = "会".repeat(1000);
        let spans = split_sentences(&unbroken);
        assert_eq!(spans.iter().map(|s| s.len()).sum::<usize>(), unbroken.len());
    }

    #[test]
    fn spans_are_char_boundaries_on_odd_input() {
        for text in [
            "。",
            "a.",
            ".a",
            "”。",
            "\u{FEFF}。\r\n!",
            "…………",
            "U.S.",
            "x. y",
        ] {
            for span in split_sentences(text).into_iter().chain(split_clauses(text)) {
                assert!(text.get(span.range()).is_some(), "{text:?} {span:?}");
            }
        }
    }
}
