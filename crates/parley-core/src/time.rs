use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How precisely a [`TimeInterval`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// One calendar day.
    Day,
    /// A span of days that is not a whole month or year (8至9日, 日前, a week).
    Range,
    /// One calendar month.
    Month,
    /// A part of a year or several months (今年初, 年底).
    Season,
    /// One calendar year.
    Year,
}

/// An inclusive interval of calendar days with the granularity the text supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeInterval {
    /// First day, inclusive.
    pub start: NaiveDate,
    /// Last day, inclusive.
    pub end: NaiveDate,
    /// How precise it is.
    pub granularity: Granularity,
}

impl TimeInterval {
    /// A single day.
    pub fn day(date: NaiveDate) -> Self {
        TimeInterval {
            start: date,
            end: date,
            granularity: Granularity::Day,
        }
    }

    /// A whole calendar month; `None` for an invalid month.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let end = last_day_of_month(year, month)?;
        Some(TimeInterval {
            start,
            end,
            granularity: Granularity::Month,
        })
    }

    /// A whole calendar year; `None` for a year chrono cannot represent.
    pub fn year(year: i32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
        Some(TimeInterval {
            start,
            end,
            granularity: Granularity::Year,
        })
    }

    /// An arbitrary inclusive range of days, ordered; a one-day range is a [`Granularity::Day`].
    pub fn range(a: NaiveDate, b: NaiveDate) -> Self {
        let (start, end) = if a <= b { (a, b) } else { (b, a) };
        let granularity = if start == end {
            Granularity::Day
        } else {
            Granularity::Range
        };
        TimeInterval {
            start,
            end,
            granularity,
        }
    }

    /// True when `other` lies entirely inside this interval.
    pub fn contains(&self, other: &TimeInterval) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two intervals share at least one day.
    pub fn overlaps(&self, other: &TimeInterval) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Number of days covered, at least 1.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// The last day of a month, or `None` for an invalid month.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// Prints the interval the way the gold files and the scorer read dates: `2025-02-20`,
/// `2025-02`, `2025`, or `START/END` for anything else.
impl fmt::Display for TimeInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole_month = self.start.day() == 1
            && Some(self.end) == last_day_of_month(self.start.year(), self.start.month());
        let whole_year = self.start.ordinal() == 1
            && self.end.year() == self.start.year()
            && self.end.month() == 12
            && self.end.day() == 31;
        if self.start == self.end {
            write!(f, "{}", self.start.format("%Y-%m-%d"))
        } else if whole_year {
            write!(f, "{}", self.start.year())
        } else if whole_month {
            write!(f, "{}", self.start.format("%Y-%m"))
        } else {
            write!(
                f,
                "{}/{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn prints_in_the_scorers_forms() {
        assert_eq!(TimeInterval::day(d(2025, 2, 20)).to_string(), "2025-02-20");
        assert_eq!(TimeInterval::month(2024, 2).unwrap().to_string(), "2024-02");
        assert_eq!(TimeInterval::month(2024, 12).unwrap().end, d(2024, 12, 31));
        assert_eq!(TimeInterval::year(2024).unwrap().to_string(), "2024");
        assert_eq!(
            TimeInterval::range(d(2025, 4, 4), d(2025, 3, 25)).to_string(),
            "2025-03-25/2025-04-04"
        );
    }

    #[test]
    fn containment_and_overlap() {
        let month = TimeInterval::month(2025, 2).unwrap();
        let day = TimeInterval::day(d(2025, 2, 28));
        assert!(month.contains(&day));
        assert!(!day.contains(&month));
        assert!(month.overlaps(&day));
        assert!(!month.overlaps(&TimeInterval::day(d(2025, 3, 1))));
        assert_eq!(month.days(), 28);
    }
}
