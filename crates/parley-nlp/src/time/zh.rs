//! Chinese time expressions (simplified and traditional): dates with and without a year,
//! relative days, weeks, months and years, parts of a year or month, counts of units
//! before or after the anchor, and references to a day already mentioned.

use super::cursor::{
    char_at, digits, eat, eat_any, eat_table, four_digit_year, han_number, is_digit, is_han,
    number, prev_char, skip_ws,
};
use super::spec::{DateSpec, Lean, MonthSpec, Part, Spec, YearSpec};
use chrono::Weekday;
use std::sync::LazyLock;

/// Characters a Chinese word-like expression can start with (numbers aside).
const WORD_STARTS: [char; 27] = [
    '今', '去', '前', '明', '后', '後', '同', '本', '上', '中', '下', '这', '這', '年', '月', '周',
    '週', '星', '礼', '禮', '昨', '当', '當', '次', '翌', '第', '大',
];

/// The Chinese numerals of [`starts_numeral`] that lie in the table's block.
const HAN_NUMERALS: [char; 16] = [
    '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '两', '兩', '廿', '卅',
];

/// First code point of [`STARTS`].
const TABLE_START: u32 = 0x3000;
/// One past the last code point of [`STARTS`].
const TABLE_END: u32 = 0xA000;

/// [`WORD_STARTS`] and [`HAN_NUMERALS`] as a bit table over U+3000..U+A000, so the
/// scan rejects an ordinary ideograph with one lookup.
static STARTS: [u64; ((TABLE_END - TABLE_START) / 64) as usize] = {
    let mut table = [0u64; ((TABLE_END - TABLE_START) / 64) as usize];
    let mut k = 0;
    while k < WORD_STARTS.len() + HAN_NUMERALS.len() {
        let c = if k < WORD_STARTS.len() {
            WORD_STARTS[k]
        } else {
            HAN_NUMERALS[k - WORD_STARTS.len()]
        } as u32;
        assert!(
            c >= TABLE_START && c < TABLE_END,
            "a starter outside the table"
        );
        let i = (c - TABLE_START) as usize;
        table[i / 64] |= 1 << (i % 64);
        k += 1;
    }
    table
};

/// Characters a Chinese expression can start with; everything else is skipped fast.
pub(super) fn starts_here(c: char) -> bool {
    code_starts_here(u32::from(c))
}

/// [`starts_here`] on a code point, for a scan that assembles it from UTF-8 bytes.
pub(super) fn code_starts_here(u: u32) -> bool {
    if (TABLE_START..TABLE_END).contains(&u) {
        let i = (u - TABLE_START) as usize;
        STARTS[i / 64] >> (i % 64) & 1 == 1
    } else {
        // Digits (ASCII and full-width) and the one numeral outside the table.
        char::from_u32(u).is_some_and(|c| is_digit(c) || c == '○')
    }
}

/// Characters a number can start with: Arabic digits and Chinese numerals.
fn starts_numeral(c: char) -> bool {
    is_digit(c)
        || matches!(
            c,
            '〇' | '零'
                | '○'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '两'
                | '兩'
                | '廿'
                | '卅'
        )
}

/// The first two characters of every word that a grammar reads first when the text does
/// not start with a numeral (relative years and months, weeks, relative days, anaphors,
/// parts standing alone), as sorted [`head_key`]s; a one-character word is keyed alone.
static WORD_HEADS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let words = REL_YEARS
        .iter()
        .map(|w| w.0)
        .chain(REL_MONTHS.iter().map(|w| w.0))
        .chain(REL_WEEKS.iter().map(|w| w.0))
        .chain(BARE_WEEKS.iter().copied())
        .chain(REL_DAYS.iter().map(|w| w.0))
        .chain(ANAPHORS.iter().map(|w| w.0))
        .chain(BARE_PARTS.iter().map(|w| w.0));
    let mut keys: Vec<u64> = words
        .filter_map(|w| {
            let mut chars = w.chars();
            Some(head_key(chars.next()?, chars.next()))
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
});

/// A word's first character and the one after it (if any) as one sortable key.
fn head_key(first: char, second: Option<char>) -> u64 {
    u64::from(u32::from(first)) << 32 | u64::from(second.map_or(0, u32::from))
}

/// True when a word of [`WORD_HEADS`] may start at byte `i`, whose character is `c`:
/// most word starters begin ordinary words (同意, 中国, 两国, 当地), and this passes them
/// over on two characters instead of trying every grammar.
fn word_head_at(s: &str, i: usize, c: char) -> bool {
    let known = |second| WORD_HEADS.binary_search(&head_key(c, second)).is_ok();
    known(None) || char_at(s, i + c.len_utf8()).is_some_and(|n| known(Some(n)))
}

/// The longest Chinese time expression starting at byte `i`: (end, what it says).
pub(super) fn parse(s: &str, i: usize) -> Option<(usize, Spec)> {
    let c = char_at(s, i)?;
    let numeral = starts_numeral(c);
    // Without a numeral, every grammar starts with a word of its tables.
    if !numeral && !word_head_at(s, i, c) {
        return None;
    }
    // Each grammar only where its first character can be.
    let date_start = numeral
        || matches!(
            c,
            '今' | '本' | '去' | '上' | '前' | '明' | '后' | '後' | '同' | '这' | '這' | '下'
        );
    let week_start = matches!(
        c,
        '本' | '这' | '這' | '上' | '下' | '周' | '週' | '星' | '礼' | '禮'
    );
    let day_start = matches!(c, '大' | '前' | '昨' | '今' | '本' | '明' | '后' | '後');
    let anaphor_start = matches!(c, '当' | '當' | '同' | '次' | '翌' | '第' | '前');
    let part_start = matches!(c, '年' | '月' | '上' | '中' | '下');
    // The longest reading wins; on a tie, the later grammar.
    let mut best: Option<(usize, Spec)> = None;
    let mut consider = |found: Option<(usize, Spec)>| {
        if let Some(f) = found {
            if best.as_ref().is_none_or(|b| f.0 >= b.0) {
                best = Some(f);
            }
        }
    };
    if date_start {
        consider(date(s, i));
    }
    if week_start {
        consider(week(s, i));
    }
    if day_start {
        consider(relative_day(s, i));
    }
    if numeral {
        consider(count(s, i));
    }
    if anaphor_start {
        consider(anaphor(s, i));
    }
    if part_start {
        consider(bare_part(s, i));
    }
    best
}

const REL_YEARS: &[(&str, YearSpec)] = &[
    ("今年", YearSpec::Rel(0)),
    ("本年", YearSpec::Rel(0)),
    ("去年", YearSpec::Rel(-1)),
    ("上年", YearSpec::Rel(-1)),
    ("前年", YearSpec::Rel(-2)),
    ("明年", YearSpec::Rel(1)),
    ("后年", YearSpec::Rel(2)),
    ("後年", YearSpec::Rel(2)),
    ("同年", YearSpec::Same),
];

const REL_MONTHS: &[(&str, i32)] = &[
    ("本月", 0),
    ("这个月", 0),
    ("這個月", 0),
    ("上月", -1),
    ("上个月", -1),
    ("上個月", -1),
    ("下月", 1),
    ("下个月", 1),
    ("下個月", 1),
];

/// Weeks counted from the anchor's (本周, 上星期, 下个礼拜).
const REL_WEEKS: &[(&str, i32)] = &[
    ("本周", 0),
    ("本週", 0),
    ("这周", 0),
    ("這週", 0),
    ("这个星期", 0),
    ("這個星期", 0),
    ("本星期", 0),
    ("上周", -1),
    ("上週", -1),
    ("上星期", -1),
    ("上个星期", -1),
    ("上個星期", -1),
    ("上礼拜", -1),
    ("上禮拜", -1),
    ("下周", 1),
    ("下週", 1),
    ("下星期", 1),
    ("下个星期", 1),
    ("下個星期", 1),
    ("下礼拜", 1),
    ("下禮拜", 1),
];

/// Words for a week that a weekday follows (周二, 星期天).
const BARE_WEEKS: &[&str] = &["周", "週", "星期", "礼拜", "禮拜"];

/// Days counted from the anchor (昨天, 明晚, 大后天).
const REL_DAYS: &[(&str, i64)] = &[
    ("大前天", -3),
    ("前天", -2),
    ("昨天", -1),
    ("昨日", -1),
    ("昨晚", -1),
    ("昨夜", -1),
    ("昨晨", -1),
    ("昨早", -1),
    ("昨", -1),
    ("今天", 0),
    ("今日", 0),
    ("本日", 0),
    ("今晨", 0),
    ("今早", 0),
    ("今晚", 0),
    ("今夜", 0),
    ("明天", 1),
    ("明日", 1),
    ("明晚", 1),
    ("明早", 1),
    ("后天", 2),
    ("後天", 2),
    ("大后天", 3),
    ("大後天", 3),
];

/// Days counted from the last day mentioned (当天, 次日, 前一天).
const ANAPHORS: &[(&str, i64)] = &[
    ("当天", 0),
    ("當天", 0),
    ("当日", 0),
    ("當日", 0),
    ("同日", 0),
    ("同一天", 0),
    ("当晚", 0),
    ("當晚", 0),
    ("次日", 1),
    ("翌日", 1),
    ("第二天", 1),
    ("前一天", -1),
];

/// Parts that may follow a year (今年初, 2025年底, 去年上半年).
const YEAR_PARTS: &[(&str, Part)] = &[
    ("初", Part::YearEarly),
    ("年初", Part::YearEarly),
    ("底", Part::YearLate),
    ("年底", Part::YearLate),
    ("末", Part::YearLate),
    ("年末", Part::YearLate),
    ("中", Part::YearMid),
    ("年中", Part::YearMid),
    ("上半年", Part::FirstHalf),
    ("下半年", Part::SecondHalf),
    ("内", Part::RestOfYear),
    ("內", Part::RestOfYear),
    ("晚些时候", Part::RestOfYear),
    ("晚些時候", Part::RestOfYear),
    ("稍晚", Part::RestOfYear),
    ("早些时候", Part::YearSoFar),
    ("早些時候", Part::YearSoFar),
];

/// Parts that may follow a month (4月底, 本月下旬).
const MONTH_PARTS: &[(&str, Part)] = &[
    ("初", Part::MonthEarly),
    ("上旬", Part::MonthEarly),
    ("中旬", Part::MonthMid),
    ("中下旬", Part::MonthLate),
    ("下旬", Part::MonthLate),
    ("底", Part::MonthLate),
    ("末", Part::MonthLate),
];

/// Parts that stand alone and mean the anchor's year or month (年初, 月底, 上旬).
const BARE_PARTS: &[(&str, Part)] = &[
    ("年初", Part::YearEarly),
    ("年底", Part::YearLate),
    ("年末", Part::YearLate),
    ("年中", Part::YearMid),
    ("年内", Part::RestOfYear),
    ("年內", Part::RestOfYear),
    ("上半年", Part::FirstHalf),
    ("下半年", Part::SecondHalf),
    ("月初", Part::MonthEarly),
    ("上旬", Part::MonthEarly),
    ("中旬", Part::MonthMid),
    ("下旬", Part::MonthLate),
    ("月底", Part::MonthLate),
    ("月末", Part::MonthLate),
];

/// Parts whose last character also starts ordinary words (今年中方, 2025年内蒙古,
/// 青年中): whether `next`, the character after them, leaves them a time.
fn part_fits(part: &str, next: Option<char>) -> bool {
    let Some(next) = next.filter(|c| is_han(*c)) else {
        return true;
    };
    match part {
        "中" | "年中" => matches!(next, '期' | '将' | '將' | '前' | '后' | '後'),
        // 内蒙古, 内容, 内部, 内政, 内阁, 内外, 内地, 内陆, 内需, 内务, 内心.
        "内" | "內" | "年内" | "年內" => !matches!(
            next,
            '蒙' | '容'
                | '部'
                | '政'
                | '阁'
                | '閣'
                | '外'
                | '地'
                | '陆'
                | '陸'
                | '需'
                | '务'
                | '務'
                | '心'
                | '战'
                | '戰'
                | '涵'
                | '在'
                | '化'
                | '核'
                | '侧'
                | '側'
        ),
        _ => true,
    }
}

/// Characters a bare 年中 / 年内 may follow (期待年内访华, 在年中): words of time and
/// intention, not nouns (青年中, 少年中国).
fn bare_year_part_after(c: char) -> bool {
    !is_han(c)
        || matches!(
            c,
            '在' | '于'
                | '於'
                | '到'
                | '至'
                | '将'
                | '將'
                | '待'
                | '望'
                | '拟'
                | '擬'
                | '计'
                | '計'
                | '争'
                | '爭'
                | '力'
                | '可'
                | '能'
                | '会'
                | '會'
                | '要'
                | '并'
                | '並'
                | '或'
                | '和'
                | '与'
                | '與'
                | '及'
                | '的'
        )
}

/// Words joining the two ends of a range.
pub(super) const CONNECTORS: &[&str] = &["至", "到", "-", "–", "—", "——", "～", "~", "－", "、"];

/// Characters a month in Chinese numerals may follow (在十月, 于三月, 至五月).
fn month_may_follow(c: char) -> bool {
    matches!(
        c,
        '在' | '于'
            | '於'
            | '至'
            | '到'
            | '从'
            | '從'
            | '自'
            | '和'
            | '与'
            | '與'
            | '及'
            | '或'
            | '直'
            | '止'
            | '迄'
            | '是'
            | '今'
            | '去'
            | '明'
            | '年'
            | '将'
            | '將'
            | '拟'
            | '擬'
            | '定'
            | '预'
            | '預'
            | '计'
            | '計'
            | '会'
            | '會'
            | '了'
    )
}

/// Characters before a bare number that make it a count or an ordinal, not a day.
fn counts_before(c: char) -> bool {
    matches!(
        c,
        '第' | '近'
            | '数'
            | '數'
            | '几'
            | '幾'
            | '多'
            | '每'
            | '逾'
            | '余'
            | '餘'
            | '约'
            | '約'
            | '前'
            | '后'
            | '後'
            | '过'
            | '過'
            | '了'
            | '这'
            | '這'
            | '那'
            | '同'
            | '.'
            | '．'
    )
}

/// Characters after 日 that make a bare number a count of days or a currency (15日内, 20日元).
fn counts_after(c: char) -> bool {
    matches!(
        c,
        '内' | '內' | '间' | '間' | '来' | '來' | '以' | '之' | '元' | '圆' | '圓' | '游' | '遊'
    )
}

fn weekday_char(c: char) -> Option<Weekday> {
    Some(match c {
        '一' | '1' => Weekday::Mon,
        '二' | '2' => Weekday::Tue,
        '三' | '3' => Weekday::Wed,
        '四' | '4' => Weekday::Thu,
        '五' | '5' => Weekday::Fri,
        '六' | '6' => Weekday::Sat,
        '日' | '天' | '七' | '7' => Weekday::Sun,
        _ => return None,
    })
}

/// Skips a time of day after a date (下午, 晚, 16:30:15, 10时30分): it is part of the
/// expression but not of the interval.
pub(super) fn time_of_day(s: &str, i: usize) -> usize {
    const PARTS: &[&str] = &[
        "上午", "下午", "中午", "晚上", "晚间", "晚間", "早上", "早晨", "清晨", "凌晨", "傍晚",
        "夜间", "夜間", "深夜", "夜里", "夜裡", "午间", "午間", "晚", "早", "午", "夜", "晨",
    ];
    let mut end = i;
    let q = skip_ws(s, i, 1);
    if let Some((_, e)) = eat_any(s, q, PARTS) {
        // 早前 / 早些时候 (earlier) and 晚会 (a gala) are words of their own.
        if !matches!(
            char_at(s, e),
            Some('前' | '些' | '会' | '會' | '宴' | '餐' | '报' | '報')
        ) {
            end = e;
        }
    }
    let q = skip_ws(s, end, 1);
    if let Some((_, e, _)) = digits(s, q, 2) {
        if let Some((_, e)) = eat_any(s, e, &[":", "："]) {
            if let Some((_, e, 2)) = digits(s, e, 2) {
                end = e;
                if let Some((_, e)) = eat_any(s, e, &[":", "："]) {
                    if let Some((_, e, 2)) = digits(s, e, 2) {
                        end = e;
                    }
                }
            }
        } else if let Some((_, e)) = eat_any(s, e, &["时", "時", "点", "點"]) {
            end = e;
            if let Some((_, e, _)) = digits(s, e, 2) {
                if let Some(e) = eat(s, e, "分") {
                    end = e;
                }
            }
        }
    }
    end
}

/// A day number with its 日 / 号, or a day range (8至9日, 8日至9日, 20日—21日).
/// Returns (day, last day of a range, end).
fn day_part(s: &str, i: usize, with_month: bool) -> Option<(u32, Option<u32>, usize)> {
    let markers: &[&str] = if with_month {
        &["日", "号", "號"]
    } else {
        &["日"]
    };
    let (d1, e, _) = number(s, i, 2, with_month)?;
    if !(1..=31).contains(&d1) {
        return None;
    }
    let e = skip_ws(s, e, 1);
    let marked = eat_any(s, e, markers).map(|(_, end)| end);
    // A range: the first number's 日 is optional.
    let after_first = marked.unwrap_or(e);
    let q = skip_ws(s, after_first, 1);
    if let Some((_, q)) = eat_any(s, q, CONNECTORS) {
        let q = skip_ws(s, q, 1);
        if let Some((d2, q, _)) = number(s, q, 2, with_month) {
            let q2 = skip_ws(s, q, 1);
            if (1..=31).contains(&d2) {
                if let Some((_, end)) = eat_any(s, q2, markers) {
                    // 8至9月 is a month range, not days.
                    if eat(s, end, "月").is_none() {
                        return Some((d1, Some(d2), end));
                    }
                }
            }
        }
    }
    let end = marked?;
    Some((d1, None, end))
}

/// A calendar date: any of year, month, day in that order, with ranges and parts.
fn date(s: &str, i: usize) -> Option<(usize, Spec)> {
    let mut d = DateSpec::new();
    let mut p = i;
    // Year.
    if let Some((y, e)) = four_digit_year(s, p) {
        let e2 = skip_ws(s, e, 1);
        if let Some(e3) = eat(s, e2, "年") {
            // 1990年代 is a decade; years outside 1800..=2200 are counts.
            if !(1800..=2200).contains(&y) || eat(s, e3, "代").is_some() {
                return None;
            }
            d.year = Some(YearSpec::Abs(y as i32));
            p = eat(s, e3, "度").unwrap_or(e3);
        }
    } else if let Some((k, e)) = eat_table(s, p, REL_YEARS) {
        d.year = Some(REL_YEARS[k].1);
        p = eat(s, e, "度").unwrap_or(e);
    }
    // Month, after a blank when a year came first (2025 年 3 月 8 日).
    let year_end = p;
    if d.year.is_some() {
        p = skip_ws(s, p, 1);
    }
    if let Some((k, e)) = eat_table(s, p, REL_MONTHS) {
        if d.year.is_none() {
            d.month = Some(MonthSpec::Rel(REL_MONTHS[k].1));
            p = e;
        }
    } else if let Some((m, e, han)) = number(s, p, 2, true) {
        let e = if han { e } else { skip_ws(s, e, 1) };
        if (1..=12).contains(&m) {
            if let Some(e) = eat(s, e, "月") {
                // 3个月 has 个 between; 月球 and 月饼 are not months; 近则一月 is a count
                // (a month written in Chinese numerals without a year must follow a
                // break or a word of time).
                let counted = han
                    && d.year.is_none()
                    && day_part(s, e, true).is_none()
                    && prev_char(s, i).is_some_and(|c| is_han(c) && !month_may_follow(c));
                let lunar = han && matches!(prev_char(s, i), Some('农' | '農' | '阴' | '陰'));
                if !counted
                    && !lunar
                    && !matches!(char_at(s, e), Some('球' | '饼' | '餅' | '光' | '亮'))
                {
                    d.month = Some(MonthSpec::Abs(m));
                    p = eat(s, e, "份").unwrap_or(e);
                }
            }
        }
    }
    if d.month.is_none() {
        p = year_end;
    }
    // Day.
    let month_end = p;
    if d.month.is_some() {
        p = skip_ws(s, p, 1);
    }
    if d.year.is_none() || d.month.is_some() {
        if let Some((day, day2, e)) = day_part(s, p, d.month.is_some()) {
            let bare = d.month.is_none();
            let bad_before = bare && prev_char(s, i).is_some_and(counts_before);
            let bad_after = bare && char_at(s, e).is_some_and(counts_after);
            if !bad_before && !bad_after {
                d.day = Some(day);
                d.day2 = day2;
                p = e;
            }
        }
    }
    if d.day.is_none() {
        p = month_end;
    }
    if d.year.is_none() && d.month.is_none() && d.day.is_none() {
        return None;
    }
    // Parts.
    if d.day.is_none() {
        let parts = if d.month.is_some() {
            MONTH_PARTS
        } else if d.year.is_some() {
            YEAR_PARTS
        } else {
            &[]
        };
        if let Some((k, e)) = eat_table(s, p, parts) {
            if part_fits(parts[k].0, char_at(s, e)) {
                d.part = Some(parts[k].1);
                p = e;
            }
        }
    }
    if d.day.is_some() {
        p = time_of_day(s, p);
    }
    Some((p, Spec::Date(d)))
}

/// Weeks and weekdays: 本周, 上周二, 下星期一, 周二, 星期天, 礼拜五, 周末.
fn week(s: &str, i: usize) -> Option<(usize, Spec)> {
    let (week, p) = if let Some((k, e)) = eat_table(s, i, REL_WEEKS) {
        (Some(REL_WEEKS[k].1), e)
    } else {
        let (_, e) = eat_any(s, i, BARE_WEEKS)?;
        // 两周一次, 每周二: counts and repetitions, not a day.
        if prev_char(s, i).is_some_and(|c| {
            counts_before(c)
                || matches!(
                    c,
                    '一' | '二'
                        | '三'
                        | '四'
                        | '五'
                        | '六'
                        | '七'
                        | '八'
                        | '九'
                        | '十'
                        | '两'
                        | '兩'
                )
                || is_digit(c)
        }) {
            return None;
        }
        (None, e)
    };
    let next = char_at(s, p);
    let (weekday, weekend, end) = match next {
        Some('末') => (None, true, p + '末'.len_utf8()),
        Some(c) => match weekday_char(c) {
            // 周日程 / 星期一次: only a weekday when no other numeral follows.
            Some(w) if !char_at(s, p + c.len_utf8()).is_some_and(is_digit) => {
                (Some(w), false, p + c.len_utf8())
            }
            _ => (None, false, p),
        },
        None => (None, false, p),
    };
    if week.is_none() && weekday.is_none() && !weekend {
        return None;
    }
    let end = if weekday.is_some() {
        time_of_day(s, end)
    } else {
        end
    };
    Some((
        end,
        Spec::Week {
            week,
            weekday,
            weekend,
            lean: Lean::Sentence,
        },
    ))
}

/// 今天, 昨日, 昨 (in 昨抵達), 前天, 明天, 后天 and their morning and evening forms.
fn relative_day(s: &str, i: usize) -> Option<(usize, Spec)> {
    let (k, e) = eat_table(s, i, REL_DAYS)?;
    Some((time_of_day(s, e), Spec::Days(REL_DAYS[k].1)))
}

/// Counts of units before or after the anchor: 3天前, 两年前, 三个月后, 两周前.
fn count(s: &str, i: usize) -> Option<(usize, Spec)> {
    const UNITS: &[&str] = &[
        "天",
        "年",
        "个月",
        "個月",
        "周",
        "週",
        "星期",
        "个星期",
        "個星期",
        "个礼拜",
        "個禮拜",
    ];
    const BEFORE: &[&str] = &["前", "以前", "之前"];
    const AFTER: &[&str] = &["后", "後", "以后", "以後", "之后", "之後"];
    let (n, e, _) = number(s, i, 3, true)?;
    let e = skip_ws(s, e, 1);
    let (unit, e) = eat_any(s, e, UNITS)?;
    let (sign, end) = if let Some((_, end)) = eat_any(s, e, BEFORE) {
        (-1, end)
    } else {
        (1, eat_any(s, e, AFTER)?.1)
    };
    let n = i64::from(n) * sign;
    let spec = match UNITS[unit] {
        "天" if n.abs() <= 1000 => Spec::Days(n),
        "年" if n.abs() <= 100 => Spec::Years(n as i32),
        "个月" | "個月" if n.abs() <= 120 => Spec::Months(n as i32),
        "天" | "年" | "个月" | "個月" => return None,
        _ if n.abs() <= 100 => Spec::Week {
            week: Some(n as i32),
            weekday: None,
            weekend: false,
            lean: Lean::Sentence,
        },
        _ => return None,
    };
    Some((end, spec))
}

/// 当天, 同日, 次日, 翌日, 第二天, 前一天: a day counted from the last day mentioned.
fn anaphor(s: &str, i: usize) -> Option<(usize, Spec)> {
    let (k, e) = eat_table(s, i, ANAPHORS)?;
    let e = if ANAPHORS[k].0.ends_with('晚') {
        e
    } else {
        time_of_day(s, e)
    };
    Some((e, Spec::Anaphor(ANAPHORS[k].1)))
}

/// Parts that stand alone: 年初, 年底, 上半年 of the anchor's year; 月底, 上旬 of its month.
fn bare_part(s: &str, i: usize) -> Option<(usize, Spec)> {
    let (k, e) = eat_table(s, i, BARE_PARTS)?;
    // 三年中, 两年内, 几个月底: a count of years, not a part of this one.
    if prev_char(s, i).is_some_and(|c| {
        is_digit(c)
            || counts_before(c)
            || matches!(
                c,
                '一' | '二'
                    | '三'
                    | '四'
                    | '五'
                    | '六'
                    | '七'
                    | '八'
                    | '九'
                    | '十'
                    | '两'
                    | '兩'
                    | '个'
                    | '個'
            )
    }) {
        return None;
    }
    let (word, part) = BARE_PARTS[k];
    // 正月初三, 腊月初八: days of the lunar calendar.
    if word == "月初"
        && (matches!(prev_char(s, i), Some('正' | '腊' | '臘' | '冬'))
            || char_at(s, e).is_some_and(|c| han_number(s, e).is_some() && c != '至'))
    {
        return None;
    }
    let needs_context = matches!(word, "年中" | "年内" | "年內");
    if needs_context
        && (!prev_char(s, i).is_none_or(bare_year_part_after) || !part_fits(word, char_at(s, e)))
    {
        return None;
    }
    let mut d = DateSpec::new();
    d.part = Some(part);
    if word.starts_with('年') || word.ends_with("半年") {
        d.year = Some(YearSpec::Implied);
    } else {
        d.month = Some(MonthSpec::Rel(0));
    }
    Some((e, Spec::Date(d)))
}

/// Words after a festival's name that move to days around it: (window from the
/// festival's day, offset after them). No word: the day itself.
pub(super) fn around_festival(s: &str, i: usize) -> ((i64, i64), usize) {
    const AROUND: &[(&str, (i64, i64))] = &[
        ("前夕", (-10, -1)),
        ("前", (-15, -1)),
        ("以前", (-15, -1)),
        ("之前", (-15, -1)),
        ("前后", (-7, 7)),
        ("前後", (-7, 7)),
        ("期间", (0, 6)),
        ("期間", (0, 6)),
        ("假期", (0, 6)),
        ("后", (1, 15)),
        ("後", (1, 15)),
        ("之后", (1, 15)),
        ("之後", (1, 15)),
        ("以后", (1, 15)),
        ("以後", (1, 15)),
    ];
    match eat_table(s, i, AROUND) {
        Some((k, end)) => (AROUND[k].1, end),
        None => ((0, 0), i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_first_word_starts_with_a_listed_starter() {
        for key in WORD_HEADS.iter() {
            let first = char::from_u32((key >> 32) as u32).expect("a character");
            assert!(WORD_STARTS.contains(&first), "{first:?}");
        }
        assert!(word_head_at("同年", 0, '同') && word_head_at("上个月", 0, '上'));
        assert!(word_head_at("周二", 0, '周') && !word_head_at("同意", 0, '同'));
        assert!(!word_head_at("中国", 0, '中') && word_head_at("中旬", 0, '中'));
        assert!(parse("当地时间", 0).is_none() && parse("当天", 0).is_some());
    }

    #[test]
    fn the_starter_table_agrees_with_the_character_lists() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{20000}', '\u{10FFFF}']) {
            let listed = starts_numeral(c) || WORD_STARTS.contains(&c);
            assert_eq!(starts_here(c), listed, "{c:?}");
        }
        assert!(starts_here('今') && starts_here('○') && starts_here('９') && starts_here('7'));
        assert!(!starts_here('会') && !starts_here('a'));
    }
}
