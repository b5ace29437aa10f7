//! Time expressions in Chinese (simplified and traditional) and English, resolved against
//! an anchor date (the publication date or a dateline) to [`TimeInterval`]s.
//!
//! [`find_times`] scans a text once, left to right, and at every place where an
//! expression may start takes the longest one the grammar (`zh`, `en`) or the lexicon of
//! vague phrases (`data/time/lexicon.toml`) reads there. Adjacent pieces are then joined
//! (3月31日至4月2日, 周四(2月6日), Tuesday, October 1) and every expression is resolved
//! in text order, so that 同年 and 次日 can lean on what came before.
//!
//! Resolution rules (after `/work/shared/gold/README.md`):
//! - a month and day without a year take the year that puts them nearest the anchor;
//!   [`Direction::Past`] keeps them on or before it, [`Direction::Future`] on or after;
//!   a month alone or a day alone (20日) is placed the same way in months;
//! - a bare weekday (周二, on Tuesday) is the nearest such day on or before the anchor
//!   (Past, Nearest) or on or after it (Future); "last Tuesday" is strictly before,
//!   "next Tuesday" strictly after; 上周二 / 下周二 count Monday-to-Sunday weeks;
//! - 日前, 近日, 几天前, recently: the ten days up to the anchor, vague;
//! - 年初: January–February; 年中: June–July; 年底 / 年末: December; 上半年 / 下半年:
//!   the halves; 年内: the anchor to the end of the year (all vague, Season or Range);
//! - 月初 / 上旬: days 1–10; 中旬: 11–20; 月底 / 下旬: 21 to the end (vague, Range);
//! - 当地时间 / local time before an expression sets [`TimeMention::local_time`]; the
//!   span covers the expression only;
//! - a time of day after a date (2月24日下午, 16:30:15) belongs to the span and does not
//!   change the interval; a time of day alone is not reported.

mod cursor;
mod en;
pub mod fuzz;
mod lexicon;
mod spec;
mod zh;

pub use lexicon::{LexiconError, TimeLexicon};

use chrono::{Datelike, NaiveDate};
use cursor::{char_at, is_digit, prev_char};
use lexicon::Entry;
use parley_core::{Granularity, Span, TimeInterval};
use spec::{Context, Spec};

/// Which way an underspecified expression leans: what the sentence reports as done (Past),
/// announces (Future), or unknown (Nearest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The sentence reports something done: yearless dates and weekdays fall on or before
    /// the anchor.
    Past,
    /// The sentence announces something: they fall on or after the anchor.
    Future,
    /// Unknown: the nearest reading (weekdays still look back).
    Nearest,
}

/// One time expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeMention {
    /// Byte range of the expression in the text given (without a 当地时间 prefix).
    pub span: Span,
    /// The days it stands for.
    pub interval: TimeInterval,
    /// The text names the year (2025年, 去年, 今年, in 2019, last year).
    pub explicit_year: bool,
    /// Preceded by 当地时间 / 當地時間 / local time.
    pub local_time: bool,
    /// Not a precise date: 日前, 近日, 今年初, 下旬, "recently".
    pub vague: bool,
}

/// Every time expression in `text`, resolved against `anchor`, non-overlapping, in order.
pub fn find_times(text: &str, anchor: NaiveDate, direction: Direction) -> Vec<TimeMention> {
    find_times_in_context(text, anchor, direction, &mut TimeContext::default())
}

/// What earlier text said that later expressions lean on: the last single day and the
/// last year mentioned, for 同日 / 当天 / 次日 / the next day and 同年. Carry one across the
/// sentences of a text (or seed `last_day` with a dateline's date) and pass it to
/// [`find_times_in_context`]; [`find_times`] starts from an empty one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeContext {
    /// The last single day mentioned.
    pub last_day: Option<NaiveDate>,
    /// The year of the last day, month or year mentioned.
    pub last_year: Option<i32>,
}

/// [`find_times`] that resolves 同日 / 次日 / 同年 against `context` and updates it with
/// what `text` mentions.
pub fn find_times_in_context(
    text: &str,
    anchor: NaiveDate,
    direction: Direction,
    context: &mut TimeContext,
) -> Vec<TimeMention> {
    find_times_with(TimeLexicon::builtin(), text, anchor, direction, context)
}

/// [`find_times_in_context`] with a lexicon of vague phrases other than the built-in one
/// (see [`TimeLexicon::from_toml`]).
pub fn find_times_with(
    lexicon: &TimeLexicon,
    text: &str,
    anchor: NaiveDate,
    direction: Direction,
    context: &mut TimeContext,
) -> Vec<TimeMention> {
    FoundTimes::scan_with(lexicon, text).resolve(anchor, direction, context)
}

/// The time expressions of a text, read but not yet resolved: they can be resolved
/// against any anchor and direction without reading the text again.
#[derive(Debug, Clone, Default)]
pub struct FoundTimes {
    /// The expressions in text order.
    candidates: Vec<Candidate>,
}

impl FoundTimes {
    /// Reads the expressions of `text` with the built-in lexicon of vague phrases.
    pub fn scan(text: &str) -> Self {
        Self::scan_with(TimeLexicon::builtin(), text)
    }

    /// Reads the expressions of `text` with `lexicon`.
    pub fn scan_with(lexicon: &TimeLexicon, text: &str) -> Self {
        let mut candidates = join(text, scan(lexicon, text));
        for c in &mut candidates {
            c.local_time = local_time_before(text, c.start);
        }
        FoundTimes { candidates }
    }

    /// True when an expression counts from what the text said before it (次日, 同年, the
    /// next day): only then does the `context` passed to [`FoundTimes::resolve`] matter.
    pub fn leans_on_context(&self) -> bool {
        self.candidates.iter().any(|c| c.spec.leans_on_context())
    }

    /// Resolves the expressions against `anchor` in `direction`, leaning on `context`
    /// and updating it, as [`find_times_with`] does on the text they were read from.
    pub fn resolve(
        &self,
        anchor: NaiveDate,
        direction: Direction,
        context: &mut TimeContext,
    ) -> Vec<TimeMention> {
        let mut ctx = Context {
            anchor,
            direction,
            last_day: context.last_day,
            last_year: context.last_year,
        };
        let mut out = Vec::with_capacity(self.candidates.len());
        for c in &self.candidates {
            let Some(interval) = ctx.resolve(&c.spec) else {
                continue;
            };
            if interval.granularity != Granularity::Range || interval.days() == 1 {
                ctx.last_year = Some(interval.start.year());
            }
            if interval.granularity == Granularity::Day {
                ctx.last_day = Some(interval.start);
            }
            out.push(TimeMention {
                span: Span::new(c.start, c.end),
                interval,
                explicit_year: c.spec.explicit_year(),
                local_time: c.local_time,
                vague: c.spec.vague(),
            });
        }
        context.last_day = ctx.last_day;
        context.last_year = ctx.last_year;
        out
    }
}

/// An expression found but not yet resolved.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    spec: Spec,
    /// Preceded by 当地时间 / local time (set once the pieces are joined).
    local_time: bool,
}

/// One left-to-right pass: the longest expression at each place, never overlapping.
fn scan(lexicon: &TimeLexicon, text: &str) -> Vec<Candidate> {
    let hits = lexicon.find(text);
    let mut next_hit = 0;
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        while hits.get(next_hit).is_some_and(|h| h.start < i) {
            next_hit += 1;
        }
        // Skip in one go to the next character that can start an expression, or to the
        // next phrase of the lexicon.
        let next_phrase = hits.get(next_hit).map_or(text.len(), |h| h.start);
        if i < next_phrase && !can_start(c) {
            i = next_start(text.as_bytes(), i, next_phrase);
            continue;
        }
        let mut best: Option<(usize, Spec)> = None;
        if let Some(hit) = hits.get(next_hit).filter(|h| h.start == i) {
            match hit.entry {
                Entry::NotTime => {
                    i = hit.end;
                    continue;
                }
                Entry::Window { days, future } => {
                    best = Some((hit.end, Spec::Window { days, future }));
                }
                Entry::Festival(k) => {
                    if let Some(dates) = lexicon.festival(k) {
                        let (window, end) = zh::around_festival(text, hit.end);
                        let spec = Spec::Festival {
                            dates: dates.clone(),
                            window,
                            year: None,
                        };
                        best = Some((end, spec));
                    }
                }
            }
        }
        // A number inside a longer number (12025年, 3244日) is not the start of a date.
        let inside_number = is_digit(c) && prev_char(text, i).is_some_and(is_digit);
        if !inside_number {
            let mut consider = |found: Option<(usize, Spec)>| {
                if let Some(f) = found {
                    if best.as_ref().is_none_or(|b| f.0 > b.0) {
                        best = Some(f);
                    }
                }
            };
            if zh::starts_here(c) {
                consider(zh::parse(text, i));
            }
            if c.is_ascii_digit() {
                consider(numeric(text, i));
            }
            if c.is_ascii_alphanumeric() && en::starts_here(text, i) {
                consider(en::parse(text, i));
            }
        }
        match best {
            Some((end, spec)) if end > i => {
                out.push(Candidate {
                    start: i,
                    end,
                    spec,
                    local_time: false,
                });
                i = end;
            }
            // The rest of an English word cannot start an expression.
            _ if c.is_ascii_alphabetic() => {
                let rest = text.as_bytes().get(i..).unwrap_or_default();
                i += rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count()
                    .max(1);
            }
            _ => i += c.len_utf8(),
        }
    }
    out
}

/// True for a character where the grammars may read an expression (besides a phrase of
/// the lexicon).
fn can_start(c: char) -> bool {
    c.is_ascii_alphanumeric() || zh::starts_here(c)
}

/// The first byte offset in `from..to` whose character [`can_start`] an expression, or
/// `to`. `from` and `to` are character boundaries of the text `bytes` holds. This is the
/// scan's inner loop over ordinary text: it reads UTF-8 lead bytes directly instead of
/// decoding every character, as the starters are ASCII letters and digits or
/// three-byte characters (the table of [`zh::starts_here`], full-width digits, ○).
fn next_start(bytes: &[u8], from: usize, to: usize) -> usize {
    let bytes = bytes.get(..to).unwrap_or(bytes);
    let mut k = from;
    while let Some(&b) = bytes.get(k) {
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                return k;
            }
            k += 1;
        } else if b < 0xE0 {
            // Two-byte characters start nothing.
            k += 2;
        } else if b < 0xF0 {
            let Some(&[b1, b2]) = bytes.get(k + 1..k + 3) else {
                break;
            };
            let c = u32::from(b & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
            if zh::code_starts_here(c) {
                return k;
            }
            k += 3;
        } else {
            // Nor do four-byte ones.
            k += 4;
        }
    }
    to
}

/// Numeric dates: 2025-02-27, 2025/2/27, 2025.02.27, with a clock time after them.
fn numeric(s: &str, i: usize) -> Option<(usize, Spec)> {
    use cursor::digits;
    if prev_char(s, i)
        .is_some_and(|c| matches!(c, '.' | '/' | '-' | ':') || c.is_ascii_alphanumeric())
    {
        return None;
    }
    let (y, e, 4) = digits(s, i, 4)? else {
        return None;
    };
    let sep = char_at(s, e).filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (m, e, _) = digits(s, e + 1, 2)?;
    if char_at(s, e) != Some(sep) {
        return None;
    }
    let (d, e, _) = digits(s, e + 1, 2)?;
    // 2025.02.27.1 is a version or an address, 2025-02-271 nothing.
    if char_at(s, e).is_some_and(|c| c.is_ascii_digit())
        || (char_at(s, e) == Some(sep) && char_at(s, e + 1).is_some_and(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    let mut end = e;
    // A clock time: 2025-02-27 16:30, 2025-02-27T16:30:15.
    let t = if char_at(s, end) == Some('T') {
        end + 1
    } else {
        end
    };
    let after = zh::time_of_day(s, t);
    if after > t {
        end = after;
    }
    let mut spec = spec::DateSpec::new();
    spec.year = Some(spec::YearSpec::Abs(date.year()));
    spec.month = Some(spec::MonthSpec::Abs(date.month()));
    spec.day = Some(date.day());
    Some((end, Spec::Date(spec)))
}

/// True for a date that names a day (which a weekday can stand beside).
fn names_day(spec: &Spec) -> bool {
    matches!(spec, Spec::Date(d) if d.day.is_some() && d.day2.is_none())
}

/// True for a bare weekday (周四, Thursday).
fn is_weekday(spec: &Spec) -> bool {
    matches!(
        spec,
        Spec::Week {
            weekday: Some(_),
            week: None,
            ..
        }
    )
}

/// Joins neighbours: a weekday and the date beside it (周四(2月6日), Tuesday, October 1,
/// 2月6日(周四)) become the date; two dates around a connector become a range.
fn join(text: &str, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let Some(prev) = out.last_mut() else {
            out.push(c);
            continue;
        };
        let gap = text.get(prev.end..c.start).unwrap_or("").trim();
        let beside = matches!(gap, "" | "," | "，" | "(" | "（");
        // today (Nov. 18), 今天(10月24日): the date in brackets says which day.
        let bracketed = matches!(gap, "(" | "（") && matches!(prev.spec, Spec::Days(_));
        if (bracketed || beside && is_weekday(&prev.spec)) && names_day(&c.spec) {
            prev.end = close_paren(text, c.end, gap);
            prev.spec = c.spec;
            continue;
        }
        if beside && names_day(&prev.spec) && is_weekday(&c.spec) {
            prev.end = close_paren(text, c.end, gap);
            continue;
        }
        // 今年春节, 2025年春节前夕: the festival of that year.
        if let (
            "",
            Spec::Date(y),
            Spec::Festival {
                dates,
                window,
                year: None,
            },
        ) = (gap, &prev.spec, &c.spec)
        {
            if y.month.is_none() && y.day.is_none() && y.part.is_none() && y.year.is_some() {
                prev.spec = Spec::Festival {
                    dates: dates.clone(),
                    window: *window,
                    year: y.year,
                };
                prev.end = c.end;
                continue;
            }
        }
        let connector = zh::CONNECTORS.contains(&gap) || matches!(gap, "to" | "through");
        if let (true, Spec::Date(b)) = (connector, &c.spec) {
            if rangeable(&prev.spec, b) {
                prev.spec = Spec::Range(Box::new(prev.spec.clone()), *b);
                prev.end = c.end;
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// True when `b` can end a range that `a` starts: like with like (days with days, months
/// with months, years with years), or a day after a relative day (明天至27日).
fn rangeable(a: &Spec, b: &spec::DateSpec) -> bool {
    if b.part.is_some() || b.day2.is_some() {
        return false;
    }
    match a {
        Spec::Date(a) => {
            a.part.is_none()
                && a.day2.is_none()
                && a.day.is_some() == b.day.is_some()
                && (b.month.is_none() || a.month.is_some())
        }
        Spec::Days(_) => b.day.is_some() && b.year.is_none(),
        _ => false,
    }
}

/// Extends `end` over a closing bracket when `gap` opened one.
fn close_paren(text: &str, end: usize, gap: &str) -> usize {
    let close = match gap {
        "(" => ')',
        "（" => '）',
        _ => return end,
    };
    let q = cursor::skip_ws(text, end, 1);
    if char_at(text, q) == Some(close) {
        q + close.len_utf8()
    } else {
        end
    }
}

/// True when 当地时间 / 當地時間 / local time comes right before byte `start`.
fn local_time_before(text: &str, start: usize) -> bool {
    let head = text.get(..start).unwrap_or("");
    let head = head.trim_end_matches([' ', '\t', '\u{3000}', '\u{a0}', ':', '：', ',', '，']);
    ["当地时间", "當地時間", "当地時間"]
        .iter()
        .any(|p| head.ends_with(p))
        || head.len() >= 10
            && head
                .get(head.len() - 10..)
                .is_some_and(|t| t.eq_ignore_ascii_case("local time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts of `len` characters drawn from `alphabet` by a fixed pseudo-random sequence.
    fn generated(alphabet: &[char], count: usize, len: usize) -> Vec<String> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                (0..len)
                    .map(|_| alphabet[next() as usize % alphabet.len()])
                    .collect()
            })
            .collect()
    }

    /// Starters and their neighbours in every UTF-8 width.
    const ALPHABET: &[char] = &[
        'a', 'Z', '7', ' ', '-', '\n', 'é', 'ß', '今', '一', '会', '国', '年', '日', '〇', '○',
        '〜', '２', '：', '，', '\u{3000}', '\u{9FFF}', '\u{A000}', '\u{2FFF}', '😀', '𠀀',
    ];

    #[test]
    fn next_start_finds_what_decoding_every_character_finds() {
        for text in generated(ALPHABET, 400, 40) {
            let bytes = text.as_bytes();
            for (from, _) in text.char_indices() {
                for to in (from..=text.len()).filter(|&t| text.is_char_boundary(t)) {
                    let expected = text[from..to]
                        .char_indices()
                        .find(|&(_, c)| can_start(c))
                        .map_or(to, |(k, _)| from + k);
                    assert_eq!(
                        next_start(bytes, from, to),
                        expected,
                        "{text:?} {from}..{to}"
                    );
                }
            }
        }
    }
}
