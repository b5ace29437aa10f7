//! What a time expression says before it meets an anchor date ([`Spec`]), and how it is
//! resolved against the anchor, the direction of the sentence and what the text said
//! before ([`Context`]).

use super::lexicon::FestivalDates;
use super::Direction;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use parley_core::{Granularity, TimeInterval};

/// How the year of a date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearSpec {
    /// Written out: 2025年, 二〇二五年, 2025-02-20, Feb 20, 2025.
    Abs(i32),
    /// Relative to the anchor's year and named: 去年 (-1), 今年 (0), next year (+1).
    Rel(i32),
    /// The anchor's year without naming it (a bare 年初, 上半年).
    Implied,
    /// The year of the previous mention (同年).
    Same,
}

/// How the month of a date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MonthSpec {
    /// A month number 1..=12.
    Abs(u32),
    /// Relative to the anchor's month: 本月 (0), 上月 (-1), 下月 (+1).
    Rel(i32),
}

/// A part of a year or month instead of the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// 年初: January and February.
    YearEarly,
    /// 年中: June and July.
    YearMid,
    /// 年底 / 年末: December.
    YearLate,
    /// 上半年: January to June.
    FirstHalf,
    /// 下半年: July to December.
    SecondHalf,
    /// 年内 / 今年晚些时候 / later this year: from the anchor to the end of the year.
    RestOfYear,
    /// 今年早些时候 / earlier this year: from the start of the year to the anchor.
    YearSoFar,
    /// 月初 / 上旬 / early April: days 1 to 10.
    MonthEarly,
    /// 中旬 / mid-April: days 11 to 20.
    MonthMid,
    /// 月底 / 下旬 / late April: day 21 to the end.
    MonthLate,
    /// Earlier this month: from the 1st to the anchor.
    MonthSoFar,
    /// Later this month: from the anchor to the end of the month.
    RestOfMonth,
}

/// Which way a yearless or weekday expression leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lean {
    /// Follow the [`Direction`] of the sentence.
    Sentence,
    /// Strictly before the anchor (last October, last Tuesday).
    Before,
    /// Strictly after the anchor (next May, next Tuesday).
    After,
}

/// A calendar date, possibly partial, possibly a day range inside one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DateSpec {
    pub year: Option<YearSpec>,
    pub month: Option<MonthSpec>,
    pub day: Option<u32>,
    /// Last day of a range written inside one date (8至9日, Feb 20-21).
    pub day2: Option<u32>,
    pub part: Option<Part>,
    pub lean: Lean,
}

impl DateSpec {
    /// An empty date that follows the sentence's direction.
    pub fn new() -> Self {
        DateSpec {
            year: None,
            month: None,
            day: None,
            day2: None,
            part: None,
            lean: Lean::Sentence,
        }
    }
}

/// A time expression before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Spec {
    /// A calendar date, month, year or part of one.
    Date(DateSpec),
    /// An expression and a date joined by 至 / - / to (3月31日至4月2日, 明天至27日): the
    /// date inherits the year and month of the first where it names none.
    Range(Box<Spec>, DateSpec),
    /// A week relative to the anchor's (本周 0, 上周 -1), or a weekday in it, or a bare
    /// weekday when `week` is `None`. `weekend` asks for Saturday and Sunday.
    Week {
        week: Option<i32>,
        weekday: Option<Weekday>,
        weekend: bool,
        lean: Lean,
    },
    /// A day relative to the anchor: 今天 0, 昨天 -1, 3天前 -3.
    Days(i64),
    /// The month that many months from the anchor's (3个月前 -3).
    Months(i32),
    /// The year that many years from the anchor's (3年前 -3).
    Years(i32),
    /// A vague window of days around the anchor (日前 = -10..0); `future` replaces it
    /// when the sentence announces something.
    Window {
        days: (i64, i64),
        future: Option<(i64, i64)>,
    },
    /// A day relative to the last day the text mentioned (同日 0, 次日 +1).
    Anaphor(i64),
    /// A festival, or days around it (`window` from its day: 春节前夕 = -10..-1), in the
    /// year given or the occurrence the direction picks.
    Festival {
        dates: FestivalDates,
        window: (i64, i64),
        year: Option<YearSpec>,
    },
}

impl Spec {
    /// True when the text names the year (2025年, 去年, this year).
    pub fn explicit_year(&self) -> bool {
        let named = |d: &DateSpec| {
            matches!(
                d.year,
                Some(YearSpec::Abs(_) | YearSpec::Rel(_) | YearSpec::Same)
            )
        };
        match self {
            Spec::Date(d) => named(d),
            Spec::Range(a, b) => a.explicit_year() || named(b),
            Spec::Festival { year, .. } => {
                matches!(
                    year,
                    Some(YearSpec::Abs(_) | YearSpec::Rel(_) | YearSpec::Same)
                )
            }
            _ => false,
        }
    }

    /// True when the expression counts from what the text said before it (次日, 同年,
    /// the next day), so that its reading depends on the [`Context`]'s last day or year.
    pub fn leans_on_context(&self) -> bool {
        let same = |year: Option<YearSpec>| year == Some(YearSpec::Same);
        match self {
            Spec::Anaphor(_) => true,
            Spec::Date(d) => same(d.year),
            Spec::Range(a, b) => a.leans_on_context() || same(b.year),
            Spec::Festival { year, .. } => same(*year),
            _ => false,
        }
    }

    /// True when the expression is not a precise date (日前, 今年初, 下旬, recently).
    pub fn vague(&self) -> bool {
        match self {
            Spec::Date(d) => d.part.is_some(),
            Spec::Range(a, b) => a.vague() || b.part.is_some(),
            Spec::Window { .. } => true,
            Spec::Festival { window, .. } => *window != (0, 0),
            _ => false,
        }
    }
}

/// What resolution needs besides the expression itself.
pub(super) struct Context {
    pub anchor: NaiveDate,
    pub direction: Direction,
    /// The last single day the text mentioned, for 次日 / the next day.
    pub last_day: Option<NaiveDate>,
    /// The year of the last mention, for 同年.
    pub last_year: Option<i32>,
}

/// The lean to use: the expression's own, else the sentence's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    OnOrBefore,
    OnOrAfter,
    Before,
    After,
    Nearest,
}

impl Context {
    fn pick(&self, lean: Lean) -> Pick {
        match (lean, self.direction) {
            (Lean::Before, _) => Pick::Before,
            (Lean::After, _) => Pick::After,
            (Lean::Sentence, Direction::Past) => Pick::OnOrBefore,
            (Lean::Sentence, Direction::Future) => Pick::OnOrAfter,
            (Lean::Sentence, Direction::Nearest) => Pick::Nearest,
        }
    }

    /// Resolves `spec`; `None` when it names no real date or needs a context the text lacks.
    pub fn resolve(&self, spec: &Spec) -> Option<TimeInterval> {
        let anchor = self.anchor;
        match spec {
            Spec::Date(d) => self.date(d),
            Spec::Range(a, b) => {
                let first = self.resolve(a)?;
                let second = self.continuation(&first, b)?;
                if second.end == first.end {
                    // 4月4日至4月4日: one day written twice.
                    return Some(first);
                }
                (second.end > first.start).then(|| TimeInterval::range(first.start, second.end))
            }
            Spec::Week {
                week,
                weekday,
                weekend,
                lean,
            } => self.week(*week, *weekday, *weekend, *lean),
            Spec::Days(n) => shift(anchor, *n).map(TimeInterval::day),
            Spec::Months(n) => {
                let (y, m) = add_months(anchor.year(), anchor.month(), *n);
                TimeInterval::month(y, m)
            }
            Spec::Years(n) => TimeInterval::year(anchor.year().checked_add(*n)?),
            Spec::Window { days, future } => {
                let (a, b) = match (self.direction, future) {
                    (Direction::Future, Some(f)) => *f,
                    _ => *days,
                };
                Some(TimeInterval::range(shift(anchor, a)?, shift(anchor, b)?))
            }
            Spec::Anaphor(n) => shift(self.last_day?, *n).map(TimeInterval::day),
            Spec::Festival {
                dates,
                window,
                year,
            } => self.festival(dates, *window, *year),
        }
    }

    fn festival(
        &self,
        dates: &FestivalDates,
        (a, b): (i64, i64),
        year: Option<YearSpec>,
    ) -> Option<TimeInterval> {
        let around = |day: NaiveDate| -> Option<TimeInterval> {
            Some(TimeInterval::range(shift(day, a)?, shift(day, b)?))
        };
        if let Some(y) = year {
            return around(dates.in_year(self.year_of(y)?)?);
        }
        let y = self.anchor.year();
        let all: Vec<TimeInterval> = (y - 1..=y + 1)
            .filter_map(|y| dates.in_year(y))
            .filter_map(around)
            .collect();
        let anchor = self.anchor;
        let distance = |t: &TimeInterval| {
            if t.end < anchor {
                (anchor - t.end).num_days()
            } else if t.start > anchor {
                (t.start - anchor).num_days()
            } else {
                0
            }
        };
        let it = all.iter().copied();
        match self.direction {
            Direction::Past => it.filter(|t| t.start <= anchor).max_by_key(|t| t.start),
            Direction::Future => it.filter(|t| t.end >= anchor).min_by_key(|t| t.start),
            Direction::Nearest => it.min_by_key(|t| (distance(t), t.start)),
        }
    }

    fn year_of(&self, y: YearSpec) -> Option<i32> {
        match y {
            YearSpec::Abs(y) => Some(y),
            YearSpec::Rel(k) => self.anchor.year().checked_add(k),
            YearSpec::Implied => Some(self.anchor.year()),
            YearSpec::Same => self.last_year,
        }
    }

    fn date(&self, d: &DateSpec) -> Option<TimeInterval> {
        let anchor = self.anchor;
        let pick = self.pick(d.lean);
        if let Some(MonthSpec::Rel(k)) = d.month {
            let (y, m) = add_months(anchor.year(), anchor.month(), k);
            return self.in_month(y, m, d);
        }
        let year = match d.year {
            Some(y) => Some(self.year_of(y)?),
            None => None,
        };
        match (year, d.month, d.day) {
            (Some(y), Some(MonthSpec::Abs(m)), _) => self.in_month(y, m, d),
            (Some(y), None, None) => self.in_year(y, d.part),
            (None, Some(MonthSpec::Abs(m)), Some(day)) => {
                let date = pick_date(anchor, pick, |y| NaiveDate::from_ymd_opt(y, m, day))?;
                self.in_month(date.year(), m, d)
            }
            (None, Some(MonthSpec::Abs(m)), None) => {
                let y = pick_month(anchor, m, pick);
                self.in_month(y, m, d)
            }
            (None, None, Some(day)) => {
                let date = pick_date_in_months(anchor, pick, day)?;
                self.in_month(date.year(), date.month(), d)
            }
            _ => None,
        }
    }

    /// A day, day range, part or the whole of month `m` of year `y`.
    fn in_month(&self, y: i32, m: u32, d: &DateSpec) -> Option<TimeInterval> {
        let Some(day) = d.day else {
            let whole = TimeInterval::month(y, m)?;
            let Some(part) = d.part else {
                return Some(whole);
            };
            let last = whole.end.day();
            let (a, b) = match part {
                Part::MonthEarly => (1, 10),
                Part::MonthMid => (11, 20),
                Part::MonthLate => (21, last),
                Part::MonthSoFar => {
                    let b = if (y, m) == (self.anchor.year(), self.anchor.month()) {
                        self.anchor.day()
                    } else {
                        last
                    };
                    (1, b)
                }
                Part::RestOfMonth => {
                    let a = if (y, m) == (self.anchor.year(), self.anchor.month()) {
                        self.anchor.day()
                    } else {
                        1
                    };
                    (a, last)
                }
                _ => return Some(whole),
            };
            let start = NaiveDate::from_ymd_opt(y, m, a)?;
            let end = NaiveDate::from_ymd_opt(y, m, b)?;
            return Some(TimeInterval {
                start,
                end,
                granularity: Granularity::Range,
            });
        };
        let start = NaiveDate::from_ymd_opt(y, m, day)?;
        match d.day2 {
            None => Some(TimeInterval::day(start)),
            // 4至4日: one day written twice.
            Some(day2) if day2 == day => Some(TimeInterval::day(start)),
            Some(day2) => {
                let (y2, m2) = if day2 > day {
                    (y, m)
                } else {
                    add_months(y, m, 1)
                };
                let end = NaiveDate::from_ymd_opt(y2, m2, day2)?;
                Some(TimeInterval::range(start, end))
            }
        }
    }

    /// The whole of year `y` or the part `part` asks for.
    fn in_year(&self, y: i32, part: Option<Part>) -> Option<TimeInterval> {
        let whole = TimeInterval::year(y)?;
        let Some(part) = part else { return Some(whole) };
        let anchor_year = y == self.anchor.year();
        let season = |m1: u32, m2: u32| -> Option<TimeInterval> {
            Some(TimeInterval {
                start: NaiveDate::from_ymd_opt(y, m1, 1)?,
                end: last_day_of_month(y, m2)?,
                granularity: Granularity::Season,
            })
        };
        match part {
            Part::YearEarly => season(1, 2),
            Part::YearMid => season(6, 7),
            Part::YearLate => season(12, 12),
            Part::FirstHalf => season(1, 6),
            Part::SecondHalf => season(7, 12),
            Part::RestOfYear if anchor_year => Some(TimeInterval::range(self.anchor, whole.end)),
            Part::YearSoFar if anchor_year => Some(TimeInterval::range(whole.start, self.anchor)),
            _ => Some(whole),
        }
    }

    /// The second half of a range: it takes the year and month of the first where it
    /// names none, moving forward a month or a year when it would otherwise start earlier.
    fn continuation(&self, first: &TimeInterval, b: &DateSpec) -> Option<TimeInterval> {
        let end = first.end;
        match (b.year, b.month, b.day) {
            (None, None, Some(day)) => {
                let same = NaiveDate::from_ymd_opt(end.year(), end.month(), day);
                match same {
                    Some(date) if date >= end => Some(TimeInterval::day(date)),
                    _ => {
                        let (y, m) = add_months(end.year(), end.month(), 1);
                        NaiveDate::from_ymd_opt(y, m, day).map(TimeInterval::day)
                    }
                }
            }
            (None, Some(MonthSpec::Abs(m)), _) => {
                let here = self.in_month(end.year(), m, b)?;
                if here.end >= end {
                    Some(here)
                } else {
                    self.in_month(end.year() + 1, m, b)
                }
            }
            _ => self.date(b),
        }
    }

    fn week(
        &self,
        week: Option<i32>,
        weekday: Option<Weekday>,
        weekend: bool,
        lean: Lean,
    ) -> Option<TimeInterval> {
        let anchor = self.anchor;
        match week {
            Some(k) => {
                let monday = shift(
                    anchor,
                    i64::from(k) * 7 - i64::from(anchor.weekday().num_days_from_monday()),
                )?;
                if weekend {
                    return Some(TimeInterval::range(shift(monday, 5)?, shift(monday, 6)?));
                }
                match weekday {
                    Some(w) => {
                        shift(monday, i64::from(w.num_days_from_monday())).map(TimeInterval::day)
                    }
                    None => Some(TimeInterval::range(monday, shift(monday, 6)?)),
                }
            }
            None => {
                let pick = match self.pick(lean) {
                    Pick::Nearest => Pick::OnOrBefore,
                    p => p,
                };
                if weekend {
                    let saturday = nearest_weekday(anchor, Weekday::Sat, pick)?;
                    return Some(TimeInterval::range(saturday, shift(saturday, 1)?));
                }
                nearest_weekday(anchor, weekday?, pick).map(TimeInterval::day)
            }
        }
    }
}

/// The last day of month `m` of year `y`.
fn last_day_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    TimeInterval::month(y, m).map(|t| t.end)
}

/// `date` moved by `n` days.
pub(super) fn shift(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        date.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

/// Year and month `n` months after (`y`, `m`).
fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let index = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(n);
    let year = index
        .div_euclid(12)
        .clamp(i64::from(i32::MIN), i64::from(i32::MAX));
    (year as i32, (index.rem_euclid(12) + 1) as u32)
}

/// The weekday `w` on the side of `anchor` that `pick` asks for.
fn nearest_weekday(anchor: NaiveDate, w: Weekday, pick: Pick) -> Option<NaiveDate> {
    let back =
        i64::from((anchor.weekday().num_days_from_monday() + 7 - w.num_days_from_monday()) % 7);
    let ahead = (7 - back) % 7;
    match pick {
        Pick::OnOrBefore | Pick::Nearest => shift(anchor, -back),
        Pick::Before => shift(anchor, if back == 0 { -7 } else { -back }),
        Pick::OnOrAfter => shift(anchor, ahead),
        Pick::After => shift(anchor, if ahead == 0 { 7 } else { ahead }),
    }
}

/// Of the dates `make` gives for the anchor's year and the years around it, the one `pick`
/// asks for.
fn pick_date(
    anchor: NaiveDate,
    pick: Pick,
    make: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    let y = anchor.year();
    let candidates: Vec<NaiveDate> = (y - 1..=y + 1).filter_map(make).collect();
    choose(anchor, pick, &candidates)
}

/// Day `day` of the anchor's month or a month around it, as `pick` asks.
fn pick_date_in_months(anchor: NaiveDate, pick: Pick, day: u32) -> Option<NaiveDate> {
    let candidates: Vec<NaiveDate> = (-2..=2)
        .filter_map(|k| {
            let (y, m) = add_months(anchor.year(), anchor.month(), k);
            NaiveDate::from_ymd_opt(y, m, day)
        })
        .collect();
    choose(anchor, pick, &candidates)
}

fn choose(anchor: NaiveDate, pick: Pick, candidates: &[NaiveDate]) -> Option<NaiveDate> {
    let it = candidates.iter().copied();
    match pick {
        Pick::OnOrBefore => it.filter(|d| *d <= anchor).max(),
        Pick::Before => it.filter(|d| *d < anchor).max(),
        Pick::OnOrAfter => it.filter(|d| *d >= anchor).min(),
        Pick::After => it.filter(|d| *d > anchor).min(),
        Pick::Nearest => it.min_by_key(|d| ((*d - anchor).num_days().abs(), *d)),
    }
}

/// The year that puts month `m` where `pick` asks relative to the anchor's month.
fn pick_month(anchor: NaiveDate, m: u32, pick: Pick) -> i32 {
    let y = anchor.year();
    let here = i64::from(y) * 12 + i64::from(anchor.month());
    let index = |year: i32| i64::from(year) * 12 + i64::from(m);
    let years = [y - 1, y, y + 1];
    let chosen = match pick {
        Pick::OnOrBefore => years.iter().rev().find(|yy| index(**yy) <= here),
        Pick::Before => years.iter().rev().find(|yy| index(**yy) < here),
        Pick::OnOrAfter => years.iter().find(|yy| index(**yy) >= here),
        Pick::After => years.iter().find(|yy| index(**yy) > here),
        Pick::Nearest => years
            .iter()
            .min_by_key(|yy| ((index(**yy) - here).abs(), **yy)),
    };
    chosen.copied().unwrap_or(y)
}
