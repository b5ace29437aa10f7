//! Publication dates as pages print them: `2025年04月04日16:30:15`, `2025-02-27 17:30:49`,
//! `[2025.03.28]`, `11.10.2019 20:30`, `09/13/2017`, `11:44 JST, April 9, 2024`,
//! `2024-04-09T14:33:07.543Z`, RFC 2822 feed dates. A time without an offset takes the
//! reader's default offset; a date without a time is a [`Timestamp::Day`].

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use parley_core::Timestamp;
use regex::Regex;
use std::sync::LazyLock;

/// A date found in a line, with where it was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FoundDate {
    /// The timestamp.
    pub timestamp: Timestamp,
    /// Byte range of the date (and its time, when adjacent) in the line.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

const MONTHS: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const TIME_AFTER: &str = r"(?:\s*(?:[T ]|,|at)?\s*(?P<h>\d{1,2})\s*[:：时時]\s*(?P<mi>\d{2})(?:\s*[:：分]\s*(?P<s>\d{2})(?:\.\d+)?)?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?";
const ZONE: &str = r"(?:\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|JST|KST|HKT|SGT|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CDT|PST|PDT|IST))?";

static YMD_TIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<y>(?:19|20)\d{{2}})\s*(?:年|-|/|\.)\s*(?P<m>\d{{1,2}})\s*(?:月|-|/|\.)\s*(?P<d>\d{{1,2}})(?:\s*日)?{TIME_AFTER}{ZONE}",
    ))
    .expect("valid date pattern")
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?P<a>\d{{1,2}})(?P<sep>[./])(?P<b>\d{{1,2}})[./](?P<y>(?:19|20)\d{{2}})\b{TIME_AFTER}{ZONE}"))
        .expect("valid date pattern")
});
static MDY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{MONTHS}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b{TIME_AFTER}{ZONE}"))
        .expect("valid date pattern")
});
static DMY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<d>\d{{1,2}})\s+{MONTHS}\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b{TIME_AFTER}{ZONE}"
    ))
    .expect("valid date pattern")
});
static LONE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\d:])(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?::(?P<s>\d{{2}}))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?{ZONE}"
    ))
    .expect("valid time pattern")
});

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// The offset a zone name or numeric offset stands for.
fn zone_offset(zone: &str) -> Option<FixedOffset> {
    let hours = |h: i32| FixedOffset::east_opt(h * 3600);
    let z = zone.trim();
    match z.to_ascii_uppercase().as_str() {
        "Z" | "GMT" | "UTC" => return hours(0),
        "JST" | "KST" => return hours(9),
        "HKT" | "SGT" => return hours(8),
        "BST" | "CET" => return hours(1),
        "CEST" | "EET" => return hours(2),
        "EEST" | "MSK" => return hours(3),
        "EST" | "CDT" => return hours(-5),
        "EDT" => return hours(-4),
        "PST" => return hours(-8),
        "PDT" => return hours(-7),
        "IST" => return FixedOffset::east_opt(5 * 3600 + 1800),
        _ => {}
    }
    let numeric = z
        .trim_start_matches("GMT")
        .trim_start_matches("UTC")
        .replace(' ', "");
    let (sign, rest) = match numeric.chars().next()? {
        '+' => (1, &numeric[1..]),
        '-' => (-1, &numeric[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (
            digits[..1].parse::<i32>().ok()?,
            digits[1..].parse::<i32>().ok()?,
        ),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn time_of(caps: &regex::Captures<'_>) -> Option<NaiveTime> {
    let mut h: u32 = caps.name("h")?.as_str().parse().ok()?;
    let mi: u32 = caps.name("mi")?.as_str().parse().ok()?;
    let s: u32 = caps
        .name("s")
        .map_or(Some(0), |s| s.as_str().parse().ok())?;
    if let Some(ampm) = caps.name("ampm") {
        let pm = ampm.as_str().to_ascii_lowercase().starts_with('p');
        if h == 12 {
            h = 0;
        }
        if pm {
            h += 12;
        }
    }
    NaiveTime::from_hms_opt(h, mi, s)
}

fn build(
    date: NaiveDate,
    time: Option<NaiveTime>,
    zone: Option<&str>,
    default: FixedOffset,
) -> Option<Timestamp> {
    let Some(time) = time else {
        return Some(Timestamp::Day(date));
    };
    let offset = zone.and_then(zone_offset).unwrap_or(default);
    let instant = offset.from_local_datetime(&date.and_time(time)).single()?;
    Some(Timestamp::Instant(instant))
}

fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (1990..=2100).contains(&date.year())
}

/// The byte offsets where a plausible year in ASCII digits (`199x`, `20xx`) starts in
/// `line`. Every date form needs one (a year in other digits does not parse, and earlier
/// years are not plausible), so a line without one is passed over without running the
/// patterns.
fn years(line: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = line.as_bytes();
    memchr::memchr2_iter(b'1', b'2', bytes).filter(move |&at| {
        let Some(w) = bytes.get(at..at + 4) else {
            return false;
        };
        (w.starts_with(b"20") || w.starts_with(b"199")) && w.iter().all(u8::is_ascii_digit)
    })
}

/// True when one of the English month names (its first three letters, in any case)
/// occurs in `line`: the word forms of a date need one.
fn has_month_name(line: &str) -> bool {
    const MONTH_STARTS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    line.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_alphabetic() && MONTH_STARTS.iter().any(|m| w.eq_ignore_ascii_case(&m[..]))
    })
}

/// The first publication-like date in `line`, with its time when one follows it.
pub(crate) fn find_date(line: &str, default: FixedOffset) -> Option<FoundDate> {
    let mut year_at = years(line).peekable();
    year_at.peek()?;
    // The numeric day.month.year form needs `.` or `/` right before its year.
    let numeric_dmy = year_at.any(|at| at > 0 && matches!(line.as_bytes()[at - 1], b'.' | b'/'));
    let mut found: Vec<FoundDate> = Vec::new();
    for caps in YMD_TIGHT.captures_iter(line) {
        let whole = caps.get(0)?;
        // A run of digits right before the year is not a date (an id, a phone number).
        if line[..whole.start()].ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let (Some(y), Some(m), Some(d)) = (caps.name("y"), caps.name("m"), caps.name("d")) else {
            continue;
        };
        let date = NaiveDate::from_ymd_opt(
            y.as_str().parse().unwrap_or(0),
            m.as_str().parse().unwrap_or(0),
            d.as_str().parse().unwrap_or(0),
        );
        let Some(date) = date.filter(|d| plausible(*d)) else {
            continue;
        };
        // A day followed by more digits (2025-02-271) is no date.
        if line[d.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let zone = caps.name("zone").map(|z| z.as_str());
        if let Some(ts) = build(date, time_of(&caps), zone, default) {
            found.push(FoundDate {
                timestamp: ts,
                start: whole.start(),
                end: whole.end(),
            });
            break;
        }
    }
    if numeric_dmy {
        for caps in DMY.captures_iter(line) {
            let whole = caps.get(0)?;
            let a: u32 = caps["a"].parse().unwrap_or(0);
            let b: u32 = caps["b"].parse().unwrap_or(0);
            let y: i32 = caps["y"].parse().unwrap_or(0);
            // `/` is the American month/day order, `.` the European day.month order; a
            // number above 12 settles it either way.
            let (month, day) = match (&caps["sep"], a > 12, b > 12) {
                (_, true, false) => (b, a),
                (_, false, true) => (a, b),
                ("/", _, _) => (a, b),
                _ => (b, a),
            };
            let Some(date) = NaiveDate::from_ymd_opt(y, month, day).filter(|d| plausible(*d))
            else {
                continue;
            };
            let zone = caps.name("zone").map(|z| z.as_str());
            if let Some(ts) = build(date, time_of(&caps), zone, default) {
                found.push(FoundDate {
                    timestamp: ts,
                    start: whole.start(),
                    end: whole.end(),
                });
                break;
            }
        }
    }
    let words: &[(&Regex, usize)] = if has_month_name(line) {
        &[(&MDY_WORDS, 1), (&DMY_WORDS, 2)]
    } else {
        &[]
    };
    for &(re, month_group) in words {
        for caps in re.captures_iter(line) {
            let whole = caps.get(0)?;
            let month = caps.get(month_group).and_then(|m| month_number(m.as_str()));
            let day: u32 = caps["d"].parse().unwrap_or(0);
            let y: i32 = caps["y"].parse().unwrap_or(0);
            let Some(date) = month
                .and_then(|m| NaiveDate::from_ymd_opt(y, m, day))
                .filter(|d| plausible(*d))
            else {
                continue;
            };
            let zone = caps.name("zone").map(|z| z.as_str());
            if let Some(ts) = build(date, time_of(&caps), zone, default) {
                found.push(FoundDate {
                    timestamp: ts,
                    start: whole.start(),
                    end: whole.end(),
                });
                break;
            }
        }
    }
    found.into_iter().min_by_key(|f| f.start)
}

/// The publication time a short metadata line gives: its first date, with a time printed
/// elsewhere on the line (`11:44 JST, April 9, 2024`) when none follows the date.
pub(crate) fn line_timestamp(line: &str, default: FixedOffset) -> Option<FoundDate> {
    let found = find_date(line, default)?;
    let Timestamp::Day(date) = found.timestamp else {
        return Some(found);
    };
    // A lone time before the date, or after it on the same line.
    let Some(caps) = LONE_TIME.captures_iter(line).find(|c| {
        c.get(0)
            .is_some_and(|m| m.end() <= found.start || m.start() >= found.end)
    }) else {
        return Some(found);
    };
    let zone = caps.name("zone").map(|z| z.as_str());
    let ts = build(date, time_of(&caps), zone, default).unwrap_or(found.timestamp);
    Some(FoundDate {
        timestamp: ts,
        ..found
    })
}

/// Parses a machine-readable timestamp: RFC 3339 / ISO 8601 (with or without offset or
/// seconds) or RFC 2822; anything else through [`find_date`].
pub(crate) fn parse_timestamp(text: &str, default: FixedOffset) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(Timestamp::Instant(t));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(Timestamp::Instant(t));
    }
    find_date(text, default).map(|f| f.timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cst() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn ts(line: &str) -> Option<String> {
        line_timestamp(line, cst()).map(|f| f.timestamp.to_string())
    }

    #[test]
    fn chinese_and_numeric_forms() {
        assert_eq!(
            ts("2025年04月04日16:30:15 国际 3244").as_deref(),
            Some("2025-04-04T16:30:15+08:00")
        );
        assert_eq!(
            ts("2025年02月21日 来源: 点击:").as_deref(),
            Some("2025-02-21")
        );
        assert_eq!(
            ts("2025-02-27 17:30:49").as_deref(),
            Some("2025-02-27T17:30:49+08:00")
        );
        assert_eq!(ts("[2025.03.28] 發表").as_deref(), Some("2025-03-28"));
        assert_eq!(
            ts("滾動 2023年 03月 08日 11:07").as_deref(),
            Some("2023-03-08T11:07:00+08:00")
        );
        assert_eq!(
            ts("2024/07/03 12:10").as_deref(),
            Some("2024-07-03T12:10:00+08:00")
        );
        assert_eq!(
            ts("发布日期:2020.09.27 来源:某网").as_deref(),
            Some("2020-09-27")
        );
    }

    #[test]
    fn day_month_orders_and_english_dates() {
        assert_eq!(
            ts("11.10.2019  20:30").as_deref(),
            Some("2019-10-11T20:30:00+08:00")
        );
        assert_eq!(ts("09/13/2017").as_deref(), Some("2017-09-13"));
        assert_eq!(
            ts("11:44 JST, April 9, 2024 (updated at 14:00 JST)").as_deref(),
            Some("2024-04-09T11:44:00+09:00")
        );
        assert_eq!(
            ts("March 17, 2022 19:11").as_deref(),
            Some("2022-03-17T19:11:00+08:00")
        );
        assert_eq!(ts("Aug 26, 2025").as_deref(), Some("2025-08-26"));
        assert_eq!(ts("Published 3 May 2024").as_deref(), Some("2024-05-03"));
    }

    #[test]
    fn machine_timestamps_keep_their_offset() {
        let t = parse_timestamp("2024-04-09T14:33:07.543Z", cst()).unwrap();
        assert_eq!(t.to_string(), "2024-04-09T14:33:07.543+00:00");
        let t = parse_timestamp("Tue, 09 Apr 2024 16:33:07 +0200", cst()).unwrap();
        assert_eq!(t.to_string(), "2024-04-09T16:33:07+02:00");
    }

    #[test]
    fn the_quick_checks_pass_every_date_form() {
        assert_eq!(years("编号1999与2025年").collect::<Vec<_>>(), vec![6, 13]);
        assert_eq!(years("1989年2100").count(), 0);
        assert!(has_month_name("on SEPT. 3"));
        assert!(!has_month_name("2024年3月"));
        assert_eq!(ts("见 11.10.2019").as_deref(), Some("2019-10-11"));
        assert_eq!(ts("见11.10.2019"), None);
        assert_eq!(ts("２０２５年１月２日"), None);
        assert_eq!(ts("1 JANUARY 2024").as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn non_dates_are_not_dates() {
        assert_eq!(ts("点击量:861"), None);
        assert_eq!(ts("ISSN 1674-781X"), None);
        assert_eq!(ts("第12345-06-07号"), None);
        assert_eq!(ts("2025年13月40日"), None);
    }
}
