//! Small byte-offset helpers for scanning UTF-8 text: characters around an offset,
//! literals, digit runs (ASCII and full-width) and Chinese numerals.

/// The character starting at byte `i`, if `i` is a character boundary inside `s`.
pub(super) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// The character ending at byte `i`.
pub(super) fn prev_char(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

/// Value of an ASCII or full-width decimal digit.
pub(super) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// True for ASCII and full-width decimal digits.
pub(super) fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// True for a CJK ideograph (the letters of Chinese text).
pub(super) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// True when `c` can stand for a digit of a year written in Chinese (二〇二五).
fn han_year_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'Ｏ' | 'O' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// If `s[i..]` starts with `lit`, the offset after it.
pub(super) fn eat(s: &str, i: usize, lit: &str) -> Option<usize> {
    s.get(i..)?.starts_with(lit).then(|| i + lit.len())
}

/// The longest of `lits` that the bytes at `i` start with: (its index, its length); on a
/// tie, the last. A plain loop over the literals, as the tables are short and most
/// literals differ from the text in their first two bytes; `i` off a character boundary
/// matches nothing, as no literal starts with a continuation byte.
#[inline]
fn longest<'a>(s: &str, i: usize, lits: impl Iterator<Item = &'a str>) -> Option<(usize, usize)> {
    let rest = s.as_bytes().get(i..)?;
    let mut best: Option<(usize, usize)> = None;
    for (k, lit) in lits.enumerate() {
        let lit = lit.as_bytes();
        if lit.len() >= best.map_or(1, |b| b.1)
            && rest.len() >= lit.len()
            && lit.iter().zip(rest).all(|(a, b)| a == b)
        {
            best = Some((k, lit.len()));
        }
    }
    best
}

/// The longest literal of `lits` that `s[i..]` starts with: (its index, offset after it).
pub(super) fn eat_any(s: &str, i: usize, lits: &[&str]) -> Option<(usize, usize)> {
    longest(s, i, lits.iter().copied()).map(|(k, len)| (k, i + len))
}

/// The longest key of `table` that `s[i..]` starts with: (its index, offset after it).
pub(super) fn eat_table<T>(s: &str, i: usize, table: &[(&str, T)]) -> Option<(usize, usize)> {
    longest(s, i, table.iter().map(|(l, _)| *l)).map(|(k, len)| (k, i + len))
}

/// Skips at most `max` blank characters (space, ideographic space, no-break space; not
/// tabs, which separate table cells).
pub(super) fn skip_ws(s: &str, mut i: usize, max: usize) -> usize {
    for _ in 0..max {
        match char_at(s, i) {
            Some(c @ (' ' | '\u{3000}' | '\u{a0}')) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// A run of ASCII or full-width digits at `i`: (value, offset after, digit count).
/// `None` when there is no digit or the run is longer than `max` digits. Reads the UTF-8
/// bytes directly: a digit is one byte (0-9) or three (EF BC 90-99, ０-９).
pub(super) fn digits(s: &str, i: usize, max: usize) -> Option<(u32, usize, usize)> {
    let bytes = s.as_bytes();
    let mut value: u32 = 0;
    let mut end = i;
    let mut count = 0;
    loop {
        let (v, len) = match bytes.get(end..) {
            Some([d @ b'0'..=b'9', ..]) => (d - b'0', 1),
            Some([0xEF, 0xBC, d @ 0x90..=0x99, ..]) => (d - 0x90, 3),
            _ => break,
        };
        count += 1;
        if count > max {
            return None;
        }
        value = value * 10 + u32::from(v);
        end += len;
    }
    (count > 0).then_some((value, end, count))
}

/// A year of four digits (ASCII, full-width, or Chinese 二〇二五): (year, offset after).
pub(super) fn four_digit_year(s: &str, i: usize) -> Option<(u32, usize)> {
    if let Some((v, end, 4)) = digits(s, i, 4) {
        return Some((v, end));
    }
    let mut value = 0;
    let mut end = i;
    for _ in 0..4 {
        let c = char_at(s, end)?;
        value = value * 10 + han_year_digit(c)?;
        end += c.len_utf8();
    }
    // A fifth Chinese digit means this is not a year.
    if char_at(s, end).and_then(han_year_digit).is_some() {
        return None;
    }
    Some((value, end))
}

fn han_unit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral up to 99 at `i` (十, 二十, 廿一, 三十一, 两): (value, offset after).
pub(super) fn han_number(s: &str, i: usize) -> Option<(u32, usize)> {
    let mut end = i;
    let mut tens: Option<u32> = None;
    let mut unit: Option<u32> = None;
    let mut chars = 0;
    while let Some(c) = char_at(s, end) {
        match c {
            '十' if tens.is_none() => {
                tens = Some(unit.take().unwrap_or(1));
            }
            '廿' if tens.is_none() && unit.is_none() => tens = Some(2),
            '卅' if tens.is_none() && unit.is_none() => tens = Some(3),
            _ => match han_unit(c) {
                Some(v) if unit.is_none() => unit = Some(v),
                _ => break,
            },
        }
        end += c.len_utf8();
        chars += 1;
        if chars > 3 {
            return None;
        }
    }
    let value = match (tens, unit) {
        (None, None) => return None,
        (Some(t), u) => t * 10 + u.unwrap_or(0),
        (None, Some(u)) => u,
    };
    Some((value, end))
}

/// A number of at most `max` digits, or a Chinese numeral when `han` allows it:
/// (value, offset after, written in Chinese).
pub(super) fn number(s: &str, i: usize, max: usize, han: bool) -> Option<(u32, usize, bool)> {
    if let Some((v, end, _)) = digits(s, i, max) {
        return Some((v, end, false));
    }
    if han {
        let (v, end) = han_number(s, i)?;
        return Some((v, end, true));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chinese_numerals() {
        assert_eq!(han_number("十月", 0), Some((10, 3)));
        assert_eq!(han_number("二十日", 0), Some((20, 6)));
        assert_eq!(han_number("三十一日", 0), Some((31, 9)));
        assert_eq!(han_number("廿五", 0), Some((25, 6)));
        assert_eq!(han_number("两天", 0), Some((2, 3)));
        assert_eq!(han_number("十二月", 0), Some((12, 6)));
        assert_eq!(han_number("月", 0), None);
        assert_eq!(four_digit_year("二〇二五年", 0), Some((2025, 12)));
        assert_eq!(four_digit_year("２０２５年", 0), Some((2025, 12)));
        assert_eq!(four_digit_year("20251年", 0), None);
    }

    /// Every string of exactly `n` of `pieces`, in order.
    fn strings_of(pieces: &[&str], n: usize) -> Vec<String> {
        (0..n).fold(vec![String::new()], |texts, _| {
            texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect()
        })
    }

    #[test]
    fn eat_any_takes_the_longest_and_last_literal_like_starts_with() {
        let lits = [
            "上",
            "上个月",
            "上个",
            "个",
            "-",
            "",
            "——",
            "—",
            "上个",
            "月底",
        ];
        let pieces = ["上", "个", "月", "底", "-", "—", "a", "", "é"];
        for text in &strings_of(&pieces, 4) {
            for i in 0..=text.len() + 1 {
                let expected = lits
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| {
                        !l.is_empty() && text.get(i..).is_some_and(|r| r.starts_with(*l))
                    })
                    .max_by_key(|(_, l)| l.len())
                    .map(|(k, l)| (k, i + l.len()));
                assert_eq!(eat_any(text, i, &lits), expected, "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn digit_runs_read_on_bytes_as_on_characters() {
        let pieces = ["1", "9", "０", "９", "0", "a", "年", "\u{FF1A}", "\u{FF0F}"];
        for text in &strings_of(&pieces, 4) {
            for i in 0..=text.len() + 1 {
                for max in [1, 2, 4] {
                    let mut run = (0u32, i, 0usize);
                    while let Some(v) = char_at(text, run.1).and_then(digit_value) {
                        run = (
                            run.0 * 10 + v,
                            run.1 + char_at(text, run.1).map_or(0, char::len_utf8),
                            run.2 + 1,
                        );
                    }
                    let expected = (run.2 > 0 && run.2 <= max).then_some(run);
                    assert_eq!(digits(text, i, max), expected, "{text:?} at {i}");
                }
            }
        }
    }

    #[test]
    fn digit_runs_respect_the_limit() {
        assert_eq!(digits("12月", 0, 2), Some((12, 2, 2)));
        assert_eq!(digits("123月", 0, 2), None);
        assert_eq!(digits("１８日", 0, 2), Some((18, 6, 2)));
        assert_eq!(eat_any("上个月", 0, &["上", "上个月"]), Some((1, 9)));
        assert_eq!(skip_ws("  \u{3000}x", 0, 2), 2);
        assert_eq!(skip_ws("\tx", 0, 2), 0);
    }
}
