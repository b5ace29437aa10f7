//! Publication dates as pages print them: ISO 8601 in meta tags and JSON-LD, Chinese
//! `2023年05月12日 10:31`, `2023-05-12 10:31:00`, `2023/5/12`, and English
//! `May 12, 2023` / `12 May 2023`.

use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};
use parley_core::Timestamp;
use regex::Regex;
use std::sync::LazyLock;

/// A date found in text, with the time and offset where printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The calendar day.
    pub date: NaiveDate,
    /// The time of day, if printed.
    pub time: Option<NaiveTime>,
    /// The UTC offset, if printed.
    pub offset: Option<FixedOffset>,
    /// Byte offset of the match in the searched text.
    pub at: usize,
}

impl FoundDate {
    /// The timestamp: an instant when a time is printed and an offset is known (the
    /// page's own, else `fallback`), otherwise the calendar day.
    pub fn timestamp(&self, fallback: Option<FixedOffset>) -> Timestamp {
        match (self.time, self.offset.or(fallback)) {
            (Some(time), Some(off)) => {
                match off.from_local_datetime(&self.date.and_time(time)).single() {
                    Some(t) => Timestamp::Instant(t),
                    None => Timestamp::Day(self.date),
                }
            }
            _ => Timestamp::Day(self.date),
        }
    }
}

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<y>(?:19|20)\d{2})\s*(?P<s1>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?:\s*日)?
        (?:(?:T|\s*)(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?(?:\.\d+)?
           \s*(?P<z>Z|[+-]\d{2}:?\d{2})?)?",
    )
    .expect("valid regex")
});

static US: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[^\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})
        (?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ap>[AaPp]\.?[Mm]\.?)?)?",
    )
    .expect("valid regex")
});

static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:[^\d]|$)")
        .expect("valid regex")
});

/// English dates. The word boundaries are ASCII ones: Chinese text around an English date
/// is no part of it, and a Unicode boundary would push the search off the fast engine
/// onto a slow one over a whole page of CJK text.
static ENGLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?:(?P<mon1>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{2})
        |(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?P<y2>(?:19|20)\d{2}))(?-u:\b)",
    )
    .expect("valid regex")
});

/// Every numeric or Chinese date in `text`, in order. Slashed dates with the year last
/// are read month first (`9/17/2004 5:54:13 AM`, as US-locale servers print them),
/// unless the first number cannot be a month.
pub fn find_all(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = NUMERIC
        .captures_iter(text)
        .filter_map(|c| from_numeric(&c))
        .collect();
    found.extend(US.captures_iter(text).filter_map(|c| from_us(&c)));
    found.sort_by_key(|f| f.at);
    found
}

fn from_us(c: &regex::Captures<'_>) -> Option<FoundDate> {
    let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let (a, b) = (num("a")?, num("b")?);
    let (month, day) = if a > 12 { (b, a) } else { (a, b) };
    let date = NaiveDate::from_ymd_opt(c.name("y")?.as_str().parse().ok()?, month, day)?;
    let meridiem = c
        .name("ap")
        .map(|m| m.as_str().to_ascii_lowercase().starts_with('p'));
    let time = match (num("H"), num("M")) {
        (Some(h), Some(m)) => {
            let h = match (meridiem, h) {
                (Some(true), h) if h < 12 => h + 12,
                (Some(false), 12) => 0,
                (_, h) => h,
            };
            NaiveTime::from_hms_opt(h, m, num("S").unwrap_or(0))
        }
        _ => None,
    };
    Some(FoundDate {
        date,
        time,
        offset: None,
        at: c.get(0).map_or(0, |m| m.start()),
    })
}

/// The first date of any supported form in `text`.
pub fn parse(text: &str) -> Option<FoundDate> {
    let numeric = find_all(text).into_iter().next();
    let english = ENGLISH.captures_iter(text).find_map(|c| from_english(&c));
    match (numeric, english) {
        (Some(a), Some(b)) => Some(if b.at < a.at { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// A date written into a URL path: `/2023/05/12/`, `/2023-05-12/` or `/20230512/`.
pub fn from_url(url: &str) -> Option<NaiveDate> {
    static PATH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>[01]\d)[/-]?(?P<d>[0-3]\d)(?:[/_.-]|$)")
            .expect("valid regex")
    });
    let c = PATH.captures(url).or_else(|| COMPACT.captures(url))?;
    NaiveDate::from_ymd_opt(
        c["y"].parse().ok()?,
        c["m"].parse().ok()?,
        c["d"].parse().ok()?,
    )
}

fn from_numeric(c: &regex::Captures<'_>) -> Option<FoundDate> {
    let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let y = c.name("y")?.as_str().parse::<i32>().ok()?;
    let date = NaiveDate::from_ymd_opt(y, num("m")?, num("d")?)?;
    let time = match (num("H"), num("M")) {
        (Some(h), Some(m)) => NaiveTime::from_hms_opt(h, m, num("S").unwrap_or(0)),
        _ => None,
    };
    let offset = c.name("z").and_then(|z| parse_offset(z.as_str()));
    Some(FoundDate {
        date,
        time,
        offset,
        at: c.get(0).map_or(0, |m| m.start()),
    })
}

fn from_english(c: &regex::Captures<'_>) -> Option<FoundDate> {
    let (mon, d, y) = match (c.name("mon1"), c.name("mon2")) {
        (Some(m), _) => (m.as_str(), c.name("d1")?, c.name("y1")?),
        (_, Some(m)) => (m.as_str(), c.name("d2")?, c.name("y2")?),
        _ => return None,
    };
    let month = match mon.to_ascii_lowercase().get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(y.as_str().parse().ok()?, month, d.as_str().parse().ok()?)?;
    Some(FoundDate {
        date,
        time: None,
        offset: None,
        at: c.get(0).map_or(0, |m| m.start()),
    })
}

fn parse_offset(z: &str) -> Option<FixedOffset> {
    if z == "Z" {
        return FixedOffset::east_opt(0);
    }
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let digits: String = z.chars().filter(char::is_ascii_digit).collect();
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..4)?.parse().ok()?;
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn chinese_forms() {
        let f = parse("发布时间：2023年05月12日 10:31 来源：新华社").unwrap();
        assert_eq!(f.date, ymd(2023, 5, 12));
        assert_eq!(f.time, NaiveTime::from_hms_opt(10, 31, 0));
        let f = parse("2005-5-7 21:23:57").unwrap();
        assert_eq!(
            (f.date, f.time),
            (ymd(2005, 5, 7), NaiveTime::from_hms_opt(21, 23, 57))
        );
        let f = parse("日期：2004/9/17").unwrap();
        assert_eq!((f.date, f.time), (ymd(2004, 9, 17), None));
        assert_eq!(
            parse("2023年5月12日10时31分").unwrap().time,
            NaiveTime::from_hms_opt(10, 31, 0)
        );
    }

    #[test]
    fn iso_with_offset_is_an_instant() {
        let f = parse("2022-02-13T07:48:00+08:00").unwrap();
        let Timestamp::Instant(t) = f.timestamp(None) else {
            panic!("not an instant")
        };
        assert_eq!(t.to_rfc3339(), "2022-02-13T07:48:00+08:00");
        let f = parse("2019-11-19T13:03:00.000Z").unwrap();
        assert_eq!(f.offset, FixedOffset::east_opt(0));
    }

    #[test]
    fn naive_time_takes_the_fallback_offset_or_stays_a_day() {
        let f = parse("2023-05-12 10:31").unwrap();
        assert_eq!(f.timestamp(None), Timestamp::Day(ymd(2023, 5, 12)));
        let east8 = FixedOffset::east_opt(8 * 3600);
        assert_eq!(f.timestamp(east8).to_string(), "2023-05-12T10:31:00+08:00");
    }

    #[test]
    fn english_forms() {
        assert_eq!(
            parse("Updated Nov. 19, 2019 7:00 am ET").unwrap().date,
            ymd(2019, 11, 19)
        );
        assert_eq!(
            parse("Published 3rd March 2021").unwrap().date,
            ymd(2021, 3, 3)
        );
    }

    #[test]
    fn english_dates_beside_chinese_text() {
        assert_eq!(
            parse("发布于May 12, 2023，星期五").unwrap().date,
            ymd(2023, 5, 12)
        );
        assert_eq!(parse("xMay 12, 2023"), None);
    }

    #[test]
    fn us_slashed_dates() {
        let f = parse("发布日期： 9/17/2004 5:54:13 AM").unwrap();
        assert_eq!(
            (f.date, f.time),
            (ymd(2004, 9, 17), NaiveTime::from_hms_opt(5, 54, 13))
        );
        let f = parse("7/5/2005 9:23:57 PM").unwrap();
        assert_eq!(
            (f.date, f.time),
            (ymd(2005, 7, 5), NaiveTime::from_hms_opt(21, 23, 57))
        );
        assert_eq!(parse("25/12/2019").unwrap().date, ymd(2019, 12, 25));
        assert_eq!(
            parse("12/1/2019 12:05 AM").unwrap().time,
            NaiveTime::from_hms_opt(0, 5, 0)
        );
    }

    #[test]
    fn impossible_dates_are_skipped() {
        assert_eq!(parse("2023-13-45"), None);
        assert_eq!(find_all("版本 2023-02-30 与 2023-02-28").len(), 1);
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            from_url("https://x.example/2021/03/04/story.html"),
            Some(ymd(2021, 3, 4))
        );
        assert_eq!(
            from_url("http://x.example/gn/20220211/a.shtml"),
            Some(ymd(2022, 2, 11))
        );
        assert_eq!(from_url("http://x.example/a/b.html"), None);
    }
}
