//! English time expressions: month-day dates in either order, months with a year or a
//! preposition, weekdays, yesterday / today / tomorrow, this / last / next week, month or
//! year, counts of units ago, and references to a day already mentioned.

use super::cursor::{char_at, digits, prev_char, skip_ws};
use super::spec::{DateSpec, Lean, MonthSpec, Part, Spec, YearSpec};
use chrono::Weekday;

/// True when an English expression may start at byte `i` (a word or number start).
pub(super) fn starts_here(s: &str, i: usize) -> bool {
    char_at(s, i).is_some_and(|c| c.is_ascii_alphanumeric())
        && !prev_char(s, i).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// One ASCII word (letters only) at `i`: (word, end).
fn word(s: &str, i: usize) -> Option<(&str, usize)> {
    let rest = s.get(i..)?;
    let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    (len > 0).then(|| (&rest[..len], i + len))
}

/// A short word in lower case, kept on the stack; longer words read as empty (no
/// English time word is longer than twelve letters).
#[derive(Clone, Copy, Default)]
struct Lower {
    buf: [u8; 12],
    len: usize,
}

impl Lower {
    fn of(w: &str) -> Lower {
        let mut l = Lower::default();
        if w.len() <= l.buf.len() {
            for (k, b) in w.bytes().enumerate() {
                l.buf[k] = b.to_ascii_lowercase();
            }
            l.len = w.len();
        }
        l
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// The next word after blanks: (lower-case word, start, end).
fn next_word(s: &str, i: usize) -> Option<(Lower, usize, usize)> {
    let start = skip_ws(s, i, 3);
    let (w, end) = word(s, start)?;
    Some((Lower::of(w), start, end))
}

/// A month name or abbreviation: (month, full name written).
fn month_name(w: &str) -> Option<(u32, bool)> {
    const FULL: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const SHORT: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if let Some(k) = FULL.iter().position(|f| *f == w) {
        return Some((k as u32 + 1, true));
    }
    if w == "Sept" {
        return Some((9, false));
    }
    SHORT
        .iter()
        .position(|f| *f == w)
        .map(|k| (k as u32 + 1, false))
}

/// A weekday name, capitalised as in running text.
fn weekday_name(w: &str) -> Option<Weekday> {
    Some(match w {
        "Monday" => Weekday::Mon,
        "Tuesday" => Weekday::Tue,
        "Wednesday" => Weekday::Wed,
        "Thursday" => Weekday::Thu,
        "Friday" => Weekday::Fri,
        "Saturday" => Weekday::Sat,
        "Sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// A day of the month at `i` (20, 20th, 1st): (day, end).
fn day_number(s: &str, i: usize) -> Option<(u32, usize)> {
    let (d, mut end, _) = digits(s, i, 2)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    if let Some((w, e)) = word(s, end) {
        if matches!(w, "st" | "nd" | "rd" | "th") {
            end = e;
        } else {
            return None;
        }
    }
    // 20:30 is a time, 20.5 or 20,000 a number.
    if matches!(char_at(s, end), Some(':' | '.' | ',' | '%'))
        && char_at(s, end + 1).is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((d, end))
}

/// A year of four digits at `i` not followed by more digits: (year, end).
fn year_number(s: &str, i: usize) -> Option<(i32, usize)> {
    let (y, end, 4) = digits(s, i, 4)? else {
        return None;
    };
    if !(1800..=2200).contains(&y) || char_at(s, end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((y as i32, end))
}

/// `, 2025` or ` 2025` after a date: (year, end).
fn trailing_year(s: &str, i: usize) -> Option<(i32, usize)> {
    let mut p = i;
    if char_at(s, p) == Some(',') {
        p += 1;
    }
    let p = skip_ws(s, p, 2);
    year_number(s, p)
}

/// The lower-case word before byte `i`, skipping blanks and one hyphen.
fn word_before(s: &str, i: usize) -> Lower {
    let head = s.get(..i).unwrap_or("");
    let head = head.trim_end_matches([' ', '\t', '\u{a0}', '-']);
    let len = head
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    Lower::of(&head[head.len() - len..])
}

/// Words after which a bare month or year is a time (in May, since 2018, early April).
fn time_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "since"
            | "by"
            | "until"
            | "till"
            | "before"
            | "after"
            | "during"
            | "from"
            | "through"
            | "of"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "end"
            | "beginning"
            | "start"
            | "between"
            | "and"
            | "to"
            | "around"
    )
}

/// The English time expression starting at byte `i`: (end, what it says).
pub(super) fn parse(s: &str, i: usize) -> Option<(usize, Spec)> {
    let c = char_at(s, i)?;
    if c.is_ascii_digit() {
        return day_first(s, i)
            .or_else(|| count_ago(s, i))
            .or_else(|| bare_year(s, i));
    }
    let (w, end) = word(s, i)?;
    if let Some(wd) = weekday_name(w) {
        return Some((
            end,
            Spec::Week {
                week: None,
                weekday: Some(wd),
                weekend: false,
                lean: Lean::Sentence,
            },
        ));
    }
    if let Some((m, full)) = month_name(w) {
        return month_first(s, i, end, m, full, Lean::Sentence, None);
    }
    // Most words are not time words: skip them before any case folding.
    if !matches!(
        w.as_bytes()[0].to_ascii_lowercase(),
        b'y' | b't' | b'l' | b'p' | b'n' | b'c' | b'e' | b'm' | b'a' | b'o' | b'f' | b's'
    ) || w.len() > 9
    {
        return None;
    }
    let lower = Lower::of(w);
    let lw = lower.as_str();
    match lw {
        "yesterday" => Some((end, Spec::Days(-1))),
        "today" | "tonight" => Some((end, Spec::Days(0))),
        "tomorrow" => Some((end, Spec::Days(1))),
        "last" | "past" | "previous" | "this" | "next" | "coming" => relative(s, end, lw),
        "earlier" | "later" => so_far(s, end, lw == "earlier"),
        "early" | "late" | "mid" => part_of(s, end, lw),
        "the" | "that" => anaphor(s, end, lw),
        _ => count_ago(s, i),
    }
}

/// `Feb 20`, `February 20, 2025`, `Feb. 20-21`, `May 2024`, `in May`.
fn month_first(
    s: &str,
    i: usize,
    name_end: usize,
    m: u32,
    full: bool,
    lean: Lean,
    part: Option<Part>,
) -> Option<(usize, Spec)> {
    let mut p = name_end;
    if !full && char_at(s, p) == Some('.') {
        p += 1;
    }
    let mut d = DateSpec::new();
    d.month = Some(MonthSpec::Abs(m));
    d.lean = lean;
    d.part = part;
    let q = skip_ws(s, p, 2);
    if part.is_none() {
        if let Some((day, mut e)) = day_number(s, q) {
            d.day = Some(day);
            // A range inside the month: Feb 20-21, Feb 20 to 21.
            let r = skip_ws(s, e, 1);
            let dash = match char_at(s, r) {
                Some(c @ ('-' | '–' | '—')) => Some(r + c.len_utf8()),
                _ => None,
            };
            if let Some(r) = dash {
                if let Some((day2, e2)) = day_number(s, skip_ws(s, r, 1)) {
                    if day2 > day {
                        d.day2 = Some(day2);
                        e = e2;
                    }
                }
            }
            if let Some((y, e2)) = trailing_year(s, e) {
                d.year = Some(YearSpec::Abs(y));
                e = e2;
            }
            return Some((e, Spec::Date(d)));
        }
    }
    if let Some((y, e)) = trailing_year(s, p) {
        d.year = Some(YearSpec::Abs(y));
        return Some((e, Spec::Date(d)));
    }
    // A bare month needs its full name and a word that makes it a time (in May).
    let context =
        lean != Lean::Sentence || part.is_some() || time_preposition(word_before(s, i).as_str());
    (full && context).then_some((p, Spec::Date(d)))
}

/// `20 February 2025`, `20th of February`.
fn day_first(s: &str, i: usize) -> Option<(usize, Spec)> {
    let (day, e) = day_number(s, i)?;
    let mut p = skip_ws(s, e, 2);
    if let Some((w, e)) = word(s, p) {
        if w == "of" {
            p = skip_ws(s, e, 2);
        }
    }
    let (w, e) = word(s, p)?;
    let (m, full) = month_name(w)?;
    let mut end = e;
    if !full && char_at(s, end) == Some('.') {
        end += 1;
    }
    let mut d = DateSpec::new();
    d.month = Some(MonthSpec::Abs(m));
    d.day = Some(day);
    if let Some((y, e)) = trailing_year(s, end) {
        d.year = Some(YearSpec::Abs(y));
        end = e;
    }
    Some((end, Spec::Date(d)))
}

/// A year after a preposition: `in 2019`, `since 2018` (the span is the year).
fn bare_year(s: &str, i: usize) -> Option<(usize, Spec)> {
    let (y, end) = year_number(s, i)?;
    if !time_preposition(word_before(s, i).as_str()) {
        return None;
    }
    let mut d = DateSpec::new();
    d.year = Some(YearSpec::Abs(y));
    Some((end, Spec::Date(d)))
}

/// After last / this / next: week, month, year, weekend, a month name or a weekday.
fn relative(s: &str, i: usize, which: &str) -> Option<(usize, Spec)> {
    let (w, start, end) = next_word(s, i)?;
    let k = match which {
        "last" | "past" | "previous" => -1,
        "next" | "coming" => 1,
        _ => 0,
    };
    let original = s.get(start..end).unwrap_or("");
    if let Some(wd) = weekday_name(original) {
        let (week, lean) = match k {
            -1 => (None, Lean::Before),
            1 => (None, Lean::After),
            _ => (Some(0), Lean::Sentence),
        };
        return Some((
            end,
            Spec::Week {
                week,
                weekday: Some(wd),
                weekend: false,
                lean,
            },
        ));
    }
    if let Some((m, full)) = month_name(original) {
        let lean = match k {
            -1 => Lean::Before,
            1 => Lean::After,
            _ => Lean::Sentence,
        };
        if k == 0 {
            let mut d = DateSpec::new();
            d.year = Some(YearSpec::Rel(0));
            d.month = Some(MonthSpec::Abs(m));
            return full.then_some((end, Spec::Date(d)));
        }
        return month_first(s, start, end, m, full, lean, None);
    }
    let spec = match w.as_str() {
        "week" => Spec::Week {
            week: Some(k),
            weekday: None,
            weekend: false,
            lean: Lean::Sentence,
        },
        "weekend" => Spec::Week {
            week: Some(k),
            weekday: None,
            weekend: true,
            lean: Lean::Sentence,
        },
        "month" => Spec::Months(k),
        "year" => {
            let mut d = DateSpec::new();
            d.year = Some(YearSpec::Rel(k));
            Spec::Date(d)
        }
        _ => return None,
    };
    Some((end, spec))
}

/// `earlier this month / year / week`, `later this month / year`.
fn so_far(s: &str, i: usize, earlier: bool) -> Option<(usize, Spec)> {
    let (w, _, e) = next_word(s, i)?;
    if w.as_str() != "this" {
        return None;
    }
    let (unit, _, end) = next_word(s, e)?;
    let mut d = DateSpec::new();
    match unit.as_str() {
        "month" => {
            d.month = Some(MonthSpec::Rel(0));
            d.part = Some(if earlier {
                Part::MonthSoFar
            } else {
                Part::RestOfMonth
            });
        }
        "year" => {
            d.year = Some(YearSpec::Rel(0));
            d.part = Some(if earlier {
                Part::YearSoFar
            } else {
                Part::RestOfYear
            });
        }
        "week" => {
            let (a, b) = if earlier { (-6, 0) } else { (0, 6) };
            return Some((
                end,
                Spec::Window {
                    days: (a, b),
                    future: None,
                },
            ));
        }
        _ => return None,
    }
    Some((end, Spec::Date(d)))
}

/// `early April`, `late 2024`, `mid-2025`, `early this year`, `late last month`.
fn part_of(s: &str, i: usize, which: &str) -> Option<(usize, Spec)> {
    let mut p = i;
    if char_at(s, p) == Some('-') {
        p += 1;
    }
    let p = skip_ws(s, p, 1);
    let in_month = match which {
        "early" => Part::MonthEarly,
        "mid" => Part::MonthMid,
        _ => Part::MonthLate,
    };
    let in_year = match which {
        "early" => Part::YearEarly,
        "mid" => Part::YearMid,
        _ => Part::YearLate,
    };
    if let Some((y, end)) = year_number(s, p) {
        let mut d = DateSpec::new();
        d.year = Some(YearSpec::Abs(y));
        d.part = Some(in_year);
        return Some((end, Spec::Date(d)));
    }
    let (w, end) = word(s, p)?;
    if let Some((m, full)) = month_name(w) {
        return month_first(s, p, end, m, full, Lean::Sentence, Some(in_month));
    }
    let k = match Lower::of(w).as_str() {
        "this" => 0,
        "last" => -1,
        "next" => 1,
        _ => return None,
    };
    let (unit, _, end) = next_word(s, end)?;
    let mut d = DateSpec::new();
    match unit.as_str() {
        "year" => {
            d.year = Some(YearSpec::Rel(k));
            d.part = Some(in_year);
        }
        "month" => {
            d.month = Some(MonthSpec::Rel(k));
            d.part = Some(in_month);
        }
        _ => return None,
    }
    Some((end, Spec::Date(d)))
}

/// `the next day`, `the following day`, `the day after`, `the day before`,
/// `the previous day`, `the same day`, `that day`; `first` is the word at the start.
fn anaphor(s: &str, i: usize, first: &str) -> Option<(usize, Spec)> {
    let (a, _, e1) = next_word(s, i)?;
    let (b, _, e2) = next_word(s, e1).unwrap_or_default();
    let (n, end) = match (first, a.as_str(), b.as_str()) {
        ("the", "next" | "following", "day") => (1, e2),
        ("the", "previous", "day") => (-1, e2),
        ("the", "same", "day") => (0, e2),
        ("the", "day", "after" | "before") => {
            let after = b.as_str() == "after";
            // The day after tomorrow, the day before yesterday: counted from the anchor.
            if let Some((w, _, e3)) = next_word(s, e2) {
                match (after, w.as_str()) {
                    (true, "tomorrow") => return Some((e3, Spec::Days(2))),
                    (false, "yesterday") => return Some((e3, Spec::Days(-2))),
                    _ => {}
                }
            }
            (if after { 1 } else { -1 }, e2)
        }
        ("that", "day", _) => (0, e1),
        _ => return None,
    };
    Some((end, Spec::Anaphor(n)))
}

/// `3 days ago`, `two weeks ago`, `a year ago`.
fn count_ago(s: &str, i: usize) -> Option<(usize, Spec)> {
    const NUMBERS: [&str; 12] = [
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "an",
    ];
    let (n, e) = if let Some((n, e, _)) = digits(s, i, 3) {
        (n as i64, e)
    } else {
        let (w, e) = word(s, i)?;
        let k = NUMBERS.iter().position(|x| x.eq_ignore_ascii_case(w))?;
        (if k == 0 || k == 11 { 1 } else { k as i64 }, e)
    };
    let (unit, _, e) = next_word(s, e)?;
    let (ago, _, end) = next_word(s, e)?;
    if ago.as_str() != "ago" {
        return None;
    }
    let spec = match unit.as_str().trim_end_matches('s') {
        "day" => Spec::Days(-n),
        "week" => Spec::Week {
            week: Some(-n as i32),
            weekday: None,
            weekend: false,
            lean: Lean::Sentence,
        },
        "month" => Spec::Months(-n as i32),
        "year" => Spec::Years(-n as i32),
        _ => return None,
    };
    Some((end, spec))
}
