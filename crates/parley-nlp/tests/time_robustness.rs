//! Property-style checks: `find_times` never panics, keeps its spans on character
//! boundaries, in order and apart, and reads a long text as it reads its parts.

use chrono::NaiveDate;
use parley_nlp::time::{find_times, Direction, TimeMention};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that time expressions are made of, to build dense near-miss text.
const PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "9",
    "12",
    "31",
    "2025",
    "２０",
    "年",
    "月",
    "日",
    "号",
    "號",
    "至",
    "-",
    "—",
    "~",
    "、",
    "周",
    "週",
    "星期",
    "礼拜",
    "一",
    "二",
    "十",
    "三十一",
    "〇",
    "两",
    "今年",
    "去年",
    "同年",
    "本月",
    "上",
    "下",
    "旬",
    "初",
    "底",
    "末",
    "中",
    "内",
    "半年",
    "前",
    "后",
    "天",
    "个月",
    "昨",
    "今",
    "明",
    "次日",
    "同日",
    "当地时间",
    "日前",
    "近日",
    "今日俄罗斯",
    "下午",
    "晚",
    ":",
    "：",
    "30",
    " ",
    "(",
    "（",
    ")",
    "）",
    ",",
    "，",
    ".",
    "/",
    "Feb",
    "February",
    ". ",
    "May",
    "Tuesday",
    "last",
    "next",
    "this",
    "week",
    "month",
    "year",
    "ago",
    "the",
    "day",
    "after",
    "in",
    "since",
    "early",
    "mid",
    "late",
    "-",
    "recently",
    "a",
    "few",
    "days",
    "th",
    "of",
    "é",
    "\u{0}",
    "\u{FEFF}",
    "😀",
];

fn anchors() -> [NaiveDate; 4] {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("valid anchor");
    [
        d(2025, 2, 21),
        d(2024, 12, 31),
        d(2024, 2, 29),
        d(2000, 1, 1),
    ]
}

fn check_well_formed(text: &str, found: &[TimeMention]) {
    let mut last_end = 0;
    for m in found {
        assert!(m.span.start < m.span.end, "empty span in {text:?}");
        assert!(m.span.start >= last_end, "overlap or disorder in {text:?}");
        assert!(
            text.get(m.span.range()).is_some(),
            "span off a char boundary in {text:?}"
        );
        assert!(
            m.interval.start <= m.interval.end,
            "reversed interval in {text:?}"
        );
        last_end = m.span.end;
    }
}

#[test]
fn random_piece_soup_never_panics() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..4000 {
        let len = 1 + rng.below(30);
        let text: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let anchor = anchors()[round % 4];
        for dir in [Direction::Past, Direction::Future, Direction::Nearest] {
            let found = find_times(&text, anchor, dir);
            check_well_formed(&text, &found);
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for _ in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let found = find_times(&text, anchors()[0], Direction::Nearest);
        check_well_formed(&text, &found);
        // The fuzzing entry point checks the same contract with anchors from the bytes.
        parley_nlp::time::fuzz::check(&bytes);
    }
}

#[test]
fn extreme_anchors_do_not_overflow() {
    let extremes = [NaiveDate::MIN, NaiveDate::MAX];
    let text = "2月30日，去年十月，上周二，3天前，次日，下个月，明年年底，日前，100年后，next week, 2025-02-27";
    for anchor in extremes {
        for dir in [Direction::Past, Direction::Future, Direction::Nearest] {
            let found = find_times(text, anchor, dir);
            check_well_formed(text, &found);
        }
    }
}

#[test]
fn degenerate_inputs() {
    let anchor = anchors()[0];
    for text in [
        String::new(),
        "1".repeat(100_000),
        "年".repeat(50_000),
        "1年".repeat(30_000),
        "12月".repeat(30_000),
        "1至".repeat(30_000),
        "周二".repeat(30_000),
        " ".repeat(50_000) + "2月20日",
        "2025-".repeat(20_000),
        "May ".repeat(20_000),
    ] {
        let found = find_times(&text, anchor, Direction::Past);
        check_well_formed(&text, &found);
    }
    let found = find_times(&"2月20日，".repeat(1000), anchor, Direction::Past);
    assert_eq!(found.len(), 1000);
}

/// A long text made of one paragraph repeated gives that paragraph's expressions once per
/// copy, the same each time (how fast that is, 8 times the text against once, is measured
/// by `benches/analyze.rs`, not here).
#[test]
fn a_repeated_paragraph_gives_its_expressions_once_per_copy() {
    let unit = "新华社北京2月20日电 当地时间19日，王毅在约翰内斯堡会见拉夫罗夫。双方表示，今年1月以来，\
                两国元首周二通话，近日将继续沟通。The two met on Tuesday, Feb. 18, 2025. 该视频浏览量3244次。\
                1111111111222222222233333333334444444444年年年月月月日日日\n";
    let anchor = anchors()[0];
    let once = find_times(unit, anchor, Direction::Past);
    assert!(once.len() >= 5, "{once:?}");
    let copies = 1600;
    let text = unit.repeat(copies);
    let found = find_times(&text, anchor, Direction::Past);
    check_well_formed(&text, &found);
    assert_eq!(found.len(), once.len() * copies);
    for (i, mention) in found.iter().enumerate() {
        let copy = i / once.len();
        let first = &once[i % once.len()];
        let shift = copy * unit.len();
        assert_eq!(
            (mention.span.start - shift, mention.span.end - shift),
            (first.span.start, first.span.end),
            "copy {copy}"
        );
        assert_eq!(mention.interval, first.interval, "copy {copy}");
    }
}
