//! Table-driven checks of `find_times`: each row is a text with one time expression in
//! it, the anchor, the direction, the words the span must cover and the interval in the
//! scorer's form.

use chrono::NaiveDate;
use parley_nlp::time::{find_times, Direction, TimeMention};

use Direction::{Future, Nearest, Past};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test anchor")
}

fn mentions(text: &str, anchor: &str, dir: Direction) -> Vec<TimeMention> {
    find_times(text, date(anchor), dir)
}

/// Runs rows of (text, anchor, direction, span text, interval) and reports every failure.
fn check(rows: &[(&str, &str, Direction, &str, &str)]) {
    let mut failures = Vec::new();
    for (text, anchor, dir, span, expected) in rows {
        let found = mentions(text, anchor, *dir);
        let got: Vec<(String, String)> = found
            .iter()
            .map(|m| (text[m.span.range()].to_string(), m.interval.to_string()))
            .collect();
        if got.len() != 1 || got[0].0 != *span || got[0].1 != *expected {
            failures.push(format!(
                "{text:?} @ {anchor} {dir:?}: want [{span:?} {expected}], got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn absolute_chinese_dates() {
    check(&[
        (
            "2026年2月1日，王毅在北京会见",
            "2026-02-02",
            Past,
            "2026年2月1日",
            "2026-02-01",
        ),
        (
            "据报道，2025-02-27双方通话",
            "2025-02-28",
            Past,
            "2025-02-27",
            "2025-02-27",
        ),
        (
            "发布于2025/2/27。",
            "2025-02-28",
            Past,
            "2025/2/27",
            "2025-02-27",
        ),
        (
            "时间：2025.02.27",
            "2025-02-28",
            Past,
            "2025.02.27",
            "2025-02-27",
        ),
        (
            "四月九日，中国外长王毅在北京会晤",
            "2024-04-09",
            Past,
            "四月九日",
            "2024-04-09",
        ),
        (
            "二〇二五年是关键一年",
            "2025-06-01",
            Past,
            "二〇二五年",
            "2025",
        ),
        (
            "二零二四年十月",
            "2025-06-01",
            Past,
            "二零二四年十月",
            "2024-10",
        ),
        (
            "2025年4月，他访问了莫斯科",
            "2025-06-01",
            Past,
            "2025年4月",
            "2025-04",
        ),
        (
            "早在2024年，两国就签署了协议",
            "2025-06-01",
            Past,
            "2024年",
            "2024",
        ),
        (
            "２０２５年２月２０日",
            "2025-02-21",
            Past,
            "２０２５年２月２０日",
            "2025-02-20",
        ),
        (
            "2025年04月04日16:30:15 来源：新华网",
            "2025-04-04",
            Past,
            "2025年04月04日16:30:15",
            "2025-04-04",
        ),
        (
            "2020年9月23日晚，国家主席习近平",
            "2020-09-27",
            Past,
            "2020年9月23日晚",
            "2020-09-23",
        ),
        (
            "2024年9月24日",
            "2024-11-27",
            Past,
            "2024年9月24日",
            "2024-09-24",
        ),
        ("2017年度报告", "2018-01-01", Past, "2017年度", "2017"),
        (
            "1949年10月1日",
            "2024-01-01",
            Past,
            "1949年10月1日",
            "1949-10-01",
        ),
        (
            "2025 年 3 月 8 日",
            "2025-03-09",
            Past,
            "2025 年 3 月 8 日",
            "2025-03-08",
        ),
        (
            "二〇二五年十二月三十一日",
            "2026-01-01",
            Past,
            "二〇二五年十二月三十一日",
            "2025-12-31",
        ),
    ]);
}

#[test]
fn partial_chinese_dates() {
    check(&[
        (
            "当地时间2月20日，王毅会见拉夫罗夫",
            "2025-02-21",
            Past,
            "2月20日",
            "2025-02-20",
        ),
        (
            "2月24日下午，习近平同普京通电话",
            "2025-02-27",
            Past,
            "2月24日下午",
            "2025-02-24",
        ),
        (
            "普京计划在9月对中国进行访问",
            "2025-04-04",
            Future,
            "9月",
            "2025-09",
        ),
        (
            "习近平主席5月访法取得圆满成功",
            "2024-11-27",
            Past,
            "5月",
            "2024-05",
        ),
        ("习近平主席5月访法", "2024-11-27", Nearest, "5月", "2024-05"),
        ("十月，双方会晤", "2024-04-09", Past, "十月", "2023-10"),
        ("十月，双方将会晤", "2024-04-09", Future, "十月", "2024-10"),
        ("十月，双方会晤", "2024-05-09", Nearest, "十月", "2024-10"),
        (
            "国防部长董军9日晚应约同美方视频通话",
            "2025-09-11",
            Past,
            "9日晚",
            "2025-09-09",
        ),
        (
            "20日，两国外长会谈",
            "2025-02-21",
            Past,
            "20日",
            "2025-02-20",
        ),
        (
            "25日，两国外长会谈",
            "2025-02-21",
            Past,
            "25日",
            "2025-01-25",
        ),
        (
            "25日，两国外长将会谈",
            "2025-02-21",
            Future,
            "25日",
            "2025-02-25",
        ),
        (
            "5日，两国外长将会谈",
            "2025-02-21",
            Future,
            "5日",
            "2025-03-05",
        ),
        ("30日，双方会谈", "2025-03-02", Past, "30日", "2025-01-30"),
        (
            "本月18日，俄美高级别代表在沙特会谈",
            "2025-02-27",
            Past,
            "本月18日",
            "2025-02-18",
        ),
        (
            "12月30日，双方通话",
            "2025-01-03",
            Past,
            "12月30日",
            "2024-12-30",
        ),
        (
            "1月3日，双方将会谈",
            "2024-12-28",
            Future,
            "1月3日",
            "2025-01-03",
        ),
        (
            "1月3日双方会谈",
            "2024-12-28",
            Nearest,
            "1月3日",
            "2025-01-03",
        ),
        (
            "新华社北京8月9日电",
            "2016-08-10",
            Past,
            "8月9日",
            "2016-08-09",
        ),
        (
            "二月二十日上午",
            "2025-02-21",
            Past,
            "二月二十日上午",
            "2025-02-20",
        ),
        (
            "6月17日,沙特外交大臣到访伊朗",
            "2023-11-08",
            Past,
            "6月17日",
            "2023-06-17",
        ),
        (
            "伊朗总统将于11月12日前往利雅得",
            "2023-11-08",
            Future,
            "11月12日",
            "2023-11-12",
        ),
        (
            "3月5号，双方会谈",
            "2025-03-09",
            Past,
            "3月5号",
            "2025-03-05",
        ),
        (
            "3月5號，雙方會談",
            "2025-03-09",
            Past,
            "3月5號",
            "2025-03-05",
        ),
        (
            "26日上午在人民大会堂会见",
            "2015-11-26",
            Past,
            "26日上午",
            "2015-11-26",
        ),
        (
            "1月16日上午於北京會見",
            "2026-01-16",
            Past,
            "1月16日上午",
            "2026-01-16",
        ),
        ("卡尼周三晚抵达", "2026-01-16", Past, "周三晚", "2026-01-14"),
    ]);
}

#[test]
fn relative_chinese_expressions() {
    check(&[
        (
            "今天上午抵达基辅",
            "2026-02-24",
            Past,
            "今天上午",
            "2026-02-24",
        ),
        ("今日，双方会谈", "2025-03-10", Past, "今日", "2025-03-10"),
        ("昨天，双方会谈", "2025-03-10", Past, "昨天", "2025-03-09"),
        (
            "昨日，外交部长王毅会谈",
            "2025-03-28",
            Past,
            "昨日",
            "2025-03-27",
        ),
        (
            "李强昨在人民大会堂会见",
            "2025-03-28",
            Past,
            "昨",
            "2025-03-27",
        ),
        ("昨晚已抵达新加坡", "2018-06-11", Past, "昨晚", "2018-06-10"),
        ("前天，双方会谈", "2025-03-10", Past, "前天", "2025-03-08"),
        (
            "明天，双方将会谈",
            "2025-03-10",
            Future,
            "明天",
            "2025-03-11",
        ),
        (
            "后天，双方将会谈",
            "2025-03-10",
            Future,
            "后天",
            "2025-03-12",
        ),
        ("上月，双方会谈", "2025-03-10", Past, "上月", "2025-02"),
        ("上个月，双方会谈", "2025-01-10", Past, "上个月", "2024-12"),
        ("下月，双方将会谈", "2025-12-10", Future, "下月", "2026-01"),
        (
            "本周，双方会谈",
            "2024-07-03",
            Past,
            "本周",
            "2024-07-01/2024-07-07",
        ),
        (
            "上周二，双方会谈",
            "2024-07-03",
            Past,
            "上周二",
            "2024-06-25",
        ),
        (
            "下周二，双方将会谈",
            "2024-07-03",
            Future,
            "下周二",
            "2024-07-09",
        ),
        (
            "印度总理莫迪将在下周前往莫斯科",
            "2024-07-03",
            Future,
            "下周",
            "2024-07-08/2024-07-14",
        ),
        (
            "习近平周二在北京同拉夫罗夫会晤",
            "2024-04-09",
            Past,
            "周二",
            "2024-04-09",
        ),
        ("他周一抵达", "2024-04-09", Past, "周一", "2024-04-08"),
        ("他星期二抵达", "2024-04-11", Past, "星期二", "2024-04-09"),
        (
            "他礼拜二抵达",
            "2024-04-11",
            Nearest,
            "礼拜二",
            "2024-04-09",
        ),
        ("他週二抵達", "2024-04-11", Past, "週二", "2024-04-09"),
        (
            "普京也准备在周三抵达哈萨克",
            "2024-07-03",
            Future,
            "周三",
            "2024-07-03",
        ),
        ("他将在周五抵达", "2024-07-03", Future, "周五", "2024-07-05"),
        ("他将在周一抵达", "2024-07-03", Future, "周一", "2024-07-08"),
        ("他星期天抵达", "2024-07-03", Past, "星期天", "2024-06-30"),
        ("去年，两国会晤", "2024-04-09", Past, "去年", "2023"),
        ("今年将举行普习会", "2024-04-09", Future, "今年", "2024"),
        ("明年将举行会晤", "2024-04-09", Future, "明年", "2025"),
        ("前年两国会晤", "2024-04-09", Past, "前年", "2022"),
        (
            "去年十月，中俄两国领导人在北京举行会晤",
            "2024-04-09",
            Past,
            "去年十月",
            "2023-10",
        ),
        ("去年10月", "2024-04-09", Future, "去年10月", "2023-10"),
        (
            "去年11月，习近平主席成功对巴西进行国事访问",
            "2025-01-23",
            Past,
            "去年11月",
            "2024-11",
        ),
        (
            "今年1月21日，习近平同普京举行视频会晤",
            "2025-02-27",
            Past,
            "今年1月21日",
            "2025-01-21",
        ),
        (
            "普京有可能将于今年五月访问北京",
            "2024-04-09",
            Future,
            "今年五月",
            "2024-05",
        ),
        (
            "今年初，两国领导人两次通话",
            "2025-04-04",
            Past,
            "今年初",
            "2025-01-01/2025-02-28",
        ),
        (
            "年初，两国领导人通话",
            "2025-04-04",
            Past,
            "年初",
            "2025-01-01/2025-02-28",
        ),
        ("年底前将访问", "2025-04-04", Future, "年底", "2025-12"),
        (
            "今年年底将访问",
            "2025-04-04",
            Future,
            "今年年底",
            "2025-12",
        ),
        (
            "年中将访问",
            "2025-04-04",
            Future,
            "年中",
            "2025-06-01/2025-07-31",
        ),
        (
            "上半年，双方会谈",
            "2025-09-04",
            Past,
            "上半年",
            "2025-01-01/2025-06-30",
        ),
        (
            "今年下半年将访问",
            "2025-04-04",
            Future,
            "今年下半年",
            "2025-07-01/2025-12-31",
        ),
        (
            "期待年内访华",
            "2017-09-13",
            Future,
            "年内",
            "2017-09-13/2017-12-31",
        ),
        (
            "同意今年晚些时候访华",
            "2017-09-13",
            Future,
            "今年晚些时候",
            "2017-09-13/2017-12-31",
        ),
        (
            "日前，王毅外长抵达俄罗斯",
            "2025-04-04",
            Past,
            "日前",
            "2025-03-25/2025-04-04",
        ),
        (
            "近日，双方会谈",
            "2025-04-04",
            Past,
            "近日",
            "2025-03-25/2025-04-04",
        ),
        (
            "几天前，两国元首通话",
            "2017-04-16",
            Past,
            "几天前",
            "2017-04-06/2017-04-16",
        ),
        (
            "普京将在未来几天内与王毅会面",
            "2025-04-04",
            Future,
            "未来几天内",
            "2025-04-04/2025-04-14",
        ),
        (
            "月初，双方会谈",
            "2025-04-24",
            Past,
            "月初",
            "2025-04-01/2025-04-10",
        ),
        (
            "月底将访问",
            "2025-04-04",
            Future,
            "月底",
            "2025-04-21/2025-04-30",
        ),
        (
            "本月下旬将访问",
            "2025-04-04",
            Future,
            "本月下旬",
            "2025-04-21/2025-04-30",
        ),
        (
            "4月底对美国进行国事访问",
            "2023-03-08",
            Future,
            "4月底",
            "2023-04-21/2023-04-30",
        ),
        (
            "5月上旬访问",
            "2023-03-08",
            Future,
            "5月上旬",
            "2023-05-01/2023-05-10",
        ),
        (
            "5月中旬访问",
            "2023-03-08",
            Future,
            "5月中旬",
            "2023-05-11/2023-05-20",
        ),
        (
            "2月下旬访问",
            "2024-03-08",
            Past,
            "2月下旬",
            "2024-02-21/2024-02-29",
        ),
        (
            "2026年1月底在瑞士达沃斯会谈",
            "2026-02-27",
            Past,
            "2026年1月底",
            "2026-01-21/2026-01-31",
        ),
        ("3天前，双方会谈", "2025-04-04", Past, "3天前", "2025-04-01"),
        ("两天后将会谈", "2025-04-04", Future, "两天后", "2025-04-06"),
        ("3年前，双方会谈", "2025-04-04", Past, "3年前", "2022"),
        ("三个月前曾会晤", "2025-04-04", Past, "三个月前", "2025-01"),
        (
            "两周前曾会晤",
            "2025-04-04",
            Past,
            "两周前",
            "2025-03-17/2025-03-23",
        ),
        ("本月，双方会谈", "2025-04-04", Past, "本月", "2025-04"),
        (
            "上周末双方会谈",
            "2024-07-03",
            Past,
            "上周末",
            "2024-06-29/2024-06-30",
        ),
        (
            "近期将访华",
            "2025-04-04",
            Future,
            "近期",
            "2025-04-04/2025-05-04",
        ),
    ]);
}

#[test]
fn ranges() {
    check(&[
        (
            "8至9日，会议在北京举行",
            "2025-05-10",
            Past,
            "8至9日",
            "2025-05-08/2025-05-09",
        ),
        (
            "8日至9日，会议举行",
            "2025-05-10",
            Past,
            "8日至9日",
            "2025-05-08/2025-05-09",
        ),
        (
            "3月31日至4月2日访问",
            "2025-04-04",
            Past,
            "3月31日至4月2日",
            "2025-03-31/2025-04-02",
        ),
        (
            "2月20日—21日举行",
            "2025-02-22",
            Past,
            "2月20日—21日",
            "2025-02-20/2025-02-21",
        ),
        (
            "2月20日至21日举行",
            "2025-02-22",
            Past,
            "2月20日至21日",
            "2025-02-20/2025-02-21",
        ),
        (
            "2023年至2025年间",
            "2025-06-01",
            Past,
            "2023年至2025年",
            "2023-01-01/2025-12-31",
        ),
        (
            "12月30日至1月2日访问",
            "2025-01-05",
            Past,
            "12月30日至1月2日",
            "2024-12-30/2025-01-02",
        ),
        (
            "3月至5月",
            "2025-06-01",
            Past,
            "3月至5月",
            "2025-03-01/2025-05-31",
        ),
        (
            "2024年9月24日至26日",
            "2024-11-27",
            Past,
            "2024年9月24日至26日",
            "2024-09-24/2024-09-26",
        ),
        (
            "30日至2日",
            "2025-05-05",
            Past,
            "30日至2日",
            "2025-04-30/2025-05-02",
        ),
        // One day written twice is that day, not a year from it.
        (
            "将于4月4日至4月4日访问",
            "2025-04-01",
            Future,
            "4月4日至4月4日",
            "2025-04-04",
        ),
        ("4日至4日", "2025-04-10", Past, "4日至4日", "2025-04-04"),
        (
            "Feb 20-21",
            "2025-02-25",
            Past,
            "Feb 20-21",
            "2025-02-20/2025-02-21",
        ),
        (
            "from March 3 to March 5",
            "2025-03-10",
            Past,
            "March 3 to March 5",
            "2025-03-03/2025-03-05",
        ),
    ]);
}

#[test]
fn weekday_and_date_side_by_side() {
    check(&[
        (
            "石破茂于周四(2月6日)抵达华盛顿",
            "2025-02-08",
            Past,
            "周四(2月6日)",
            "2025-02-06",
        ),
        (
            "卡尼周三晚（14日）乘机抵达北京",
            "2026-01-16",
            Past,
            "周三晚（14日）",
            "2026-01-14",
        ),
        (
            "Jaishankar met Blinken on Tuesday, October 1",
            "2024-10-02",
            Past,
            "Tuesday, October 1",
            "2024-10-01",
        ),
        (
            "Starmer met Xi on Thursday (Jan 29)",
            "2026-01-29",
            Past,
            "Thursday (Jan 29)",
            "2026-01-29",
        ),
        (
            "2月6日（周四）抵达",
            "2025-02-08",
            Past,
            "2月6日（周四）",
            "2025-02-06",
        ),
    ]);
}

#[test]
fn traditional_chinese() {
    check(&[
        (
            "當地時間2月20日",
            "2025-02-21",
            Past,
            "2月20日",
            "2025-02-20",
        ),
        ("去年10月", "2024-04-09", Past, "去年10月", "2023-10"),
        ("上週二", "2024-07-03", Past, "上週二", "2024-06-25"),
        ("下個月將訪問", "2025-03-10", Future, "下個月", "2025-04"),
        ("上個月會談", "2025-03-10", Past, "上個月", "2025-02"),
        ("3月5號", "2025-03-09", Past, "3月5號", "2025-03-05"),
        (
            "幾天前兩國元首通話",
            "2017-04-16",
            Past,
            "幾天前",
            "2017-04-06/2017-04-16",
        ),
        (
            "未來幾天將會面",
            "2025-04-04",
            Future,
            "未來幾天",
            "2025-04-04/2025-04-14",
        ),
        (
            "今年內將訪華",
            "2017-09-13",
            Future,
            "今年內",
            "2017-09-13/2017-12-31",
        ),
        (
            "王毅昨早在北京釣魚台國賓館",
            "2025-03-28",
            Past,
            "昨早",
            "2025-03-27",
        ),
        ("巴羅昨抵達北京", "2025-03-28", Past, "昨", "2025-03-27"),
        (
            "美國與北韓官員周一在新加坡繼續會談",
            "2018-06-11",
            Past,
            "周一",
            "2018-06-11",
        ),
        (
            "預計將在下週前往莫斯科",
            "2024-07-03",
            Future,
            "下週",
            "2024-07-08/2024-07-14",
        ),
        (
            "週三又將出訪哈薩克",
            "2024-07-03",
            Future,
            "週三",
            "2024-07-03",
        ),
        ("後天將會談", "2025-03-10", Future, "後天", "2025-03-12"),
        ("禮拜五抵達", "2025-03-10", Past, "禮拜五", "2025-03-07"),
        (
            "去年下半年",
            "2025-03-10",
            Past,
            "去年下半年",
            "2024-07-01/2024-12-31",
        ),
        ("兩年前曾會晤", "2025-03-10", Past, "兩年前", "2023"),
    ]);
}

#[test]
fn english_expressions() {
    check(&[
        (
            "Xi met Lavrov on Tuesday in Beijing",
            "2024-04-09",
            Past,
            "Tuesday",
            "2024-04-09",
        ),
        (
            "Kishida arrived on Monday afternoon",
            "2024-04-09",
            Past,
            "Monday",
            "2024-04-08",
        ),
        (
            "On Wednesday, Kishida will meet Biden",
            "2024-04-09",
            Future,
            "Wednesday",
            "2024-04-10",
        ),
        (
            "returning to Japan on Sunday",
            "2024-04-09",
            Future,
            "Sunday",
            "2024-04-14",
        ),
        (
            "The ministers met in Beijing on Thursday",
            "2023-04-06",
            Past,
            "Thursday",
            "2023-04-06",
        ),
        (
            "Updated Feb. 20, 2025",
            "2025-02-21",
            Past,
            "Feb. 20, 2025",
            "2025-02-20",
        ),
        (
            "They met on February 20",
            "2025-02-21",
            Past,
            "February 20",
            "2025-02-20",
        ),
        (
            "They met on 20 February 2025",
            "2025-02-21",
            Past,
            "20 February 2025",
            "2025-02-20",
        ),
        (
            "Published Feb 20, 2025 at noon",
            "2025-02-21",
            Past,
            "Feb 20, 2025",
            "2025-02-20",
        ),
        (
            "Posted 2025-02-20 08:00",
            "2025-02-21",
            Past,
            "2025-02-20 08:00",
            "2025-02-20",
        ),
        (
            "President Lee on Aug. 25 held his first summit",
            "2025-08-26",
            Past,
            "Aug. 25",
            "2025-08-25",
        ),
        (
            "March 17, 2022 - Putin had a telephone conversation",
            "2022-03-17",
            Past,
            "March 17, 2022",
            "2022-03-17",
        ),
        (
            "They met last October",
            "2024-04-09",
            Past,
            "last October",
            "2023-10",
        ),
        (
            "They met last October",
            "2024-11-20",
            Past,
            "last October",
            "2024-10",
        ),
        (
            "They will meet next month",
            "2024-12-09",
            Future,
            "next month",
            "2025-01",
        ),
        (
            "They met last week",
            "2024-07-03",
            Past,
            "last week",
            "2024-06-24/2024-06-30",
        ),
        (
            "They will meet this year",
            "2024-07-03",
            Future,
            "this year",
            "2024",
        ),
        (
            "They met last year",
            "2024-07-03",
            Past,
            "last year",
            "2023",
        ),
        (
            "They will meet next year",
            "2024-07-03",
            Future,
            "next year",
            "2025",
        ),
        (
            "They met earlier this month",
            "2024-07-13",
            Past,
            "earlier this month",
            "2024-07-01/2024-07-13",
        ),
        (
            "They met earlier this year",
            "2024-07-13",
            Past,
            "earlier this year",
            "2024-01-01/2024-07-13",
        ),
        (
            "Leaders met yesterday",
            "2024-07-13",
            Past,
            "yesterday",
            "2024-07-12",
        ),
        (
            "Leaders meet today",
            "2024-07-13",
            Past,
            "today",
            "2024-07-13",
        ),
        (
            "Leaders meet tomorrow",
            "2024-07-13",
            Future,
            "tomorrow",
            "2024-07-14",
        ),
        (
            "They will meet in May",
            "2024-04-09",
            Future,
            "May",
            "2024-05",
        ),
        (
            "Modi's visit to Kyiv in August",
            "2024-10-02",
            Past,
            "August",
            "2024-08",
        ),
        (
            "phone conversations in March",
            "2023-04-06",
            Past,
            "March",
            "2023-03",
        ),
        ("They met in 2019", "2024-04-09", Past, "2019", "2019"),
        (
            "the first visit since 2018",
            "2026-01-29",
            Past,
            "2018",
            "2018",
        ),
        (
            "the late Shinzo Abe in 2015",
            "2024-04-09",
            Past,
            "2015",
            "2015",
        ),
        (
            "Leaders have met recently",
            "2024-04-09",
            Past,
            "recently",
            "2024-03-30/2024-04-09",
        ),
        (
            "They met three days ago",
            "2024-04-09",
            Past,
            "three days ago",
            "2024-04-06",
        ),
        (
            "They met 3 days ago",
            "2024-04-09",
            Past,
            "3 days ago",
            "2024-04-06",
        ),
        (
            "They met two years ago",
            "2024-04-09",
            Past,
            "two years ago",
            "2022",
        ),
        (
            "They met a few days ago",
            "2024-04-09",
            Past,
            "a few days ago",
            "2024-03-30/2024-04-09",
        ),
        (
            "He met Blinken last Tuesday",
            "2024-04-11",
            Past,
            "last Tuesday",
            "2024-04-09",
        ),
        (
            "He will meet Blinken next Tuesday",
            "2024-04-11",
            Future,
            "next Tuesday",
            "2024-04-16",
        ),
        (
            "She visited in May 2024",
            "2025-04-09",
            Past,
            "May 2024",
            "2024-05",
        ),
        (
            "early April",
            "2025-03-09",
            Future,
            "early April",
            "2025-04-01/2025-04-10",
        ),
        ("in late 2024", "2025-03-09", Past, "late 2024", "2024-12"),
        (
            "mid-April talks",
            "2025-03-09",
            Future,
            "mid-April",
            "2025-04-11/2025-04-20",
        ),
        (
            "He arrived on the 20th of February",
            "2025-03-09",
            Past,
            "20th of February",
            "2025-02-20",
        ),
        (
            "in the coming days",
            "2025-03-09",
            Future,
            "in the coming days",
            "2025-03-09/2025-03-19",
        ),
        (
            "talks later this month",
            "2025-03-09",
            Future,
            "later this month",
            "2025-03-09/2025-03-31",
        ),
        (
            "Putin spoke with Erdogan last Sept. 30",
            "2025-03-09",
            Past,
            "last Sept. 30",
            "2024-09-30",
        ),
    ]);
}

#[test]
fn anaphora_follow_the_last_day() {
    let text =
        "2025年6月14日，王毅同伊朗外长通电话。同日，王毅还与以色列外长通话。次日，双方再次通话。";
    let found = mentions(text, "2025-06-20", Past);
    let got: Vec<String> = found.iter().map(|m| m.interval.to_string()).collect();
    assert_eq!(got, ["2025-06-14", "2025-06-14", "2025-06-15"]);
    assert_eq!(&text[found[1].span.range()], "同日");

    let text = "On Wednesday, Kishida will meet Biden. The day after, he will attend a summit.";
    let found = mentions(text, "2024-04-09", Future);
    let got: Vec<String> = found.iter().map(|m| m.interval.to_string()).collect();
    assert_eq!(got, ["2024-04-10", "2024-04-11"]);

    // Without an earlier day there is nothing to count from.
    assert!(mentions("次日双方会谈", "2025-06-20", Past).is_empty());

    let text = "2022年11月13日双方会谈，同年5月曾在首尔会谈";
    let got: Vec<String> = mentions(text, "2023-03-08", Past)
        .iter()
        .map(|m| m.interval.to_string())
        .collect();
    assert_eq!(got, ["2022-11-13", "2022-05"]);
}

#[test]
fn flags() {
    let found = mentions("当地时间2月20日，双方在约翰内斯堡会谈", "2025-02-21", Past);
    assert_eq!(found.len(), 1);
    assert!(found[0].local_time);
    assert!(!found[0].explicit_year);
    assert!(!found[0].vague);
    assert_eq!(found[0].span.start, "当地时间".len());

    let found = mentions("當地時間2024年9月24日", "2024-11-27", Past);
    assert!(found[0].local_time && found[0].explicit_year);

    let found = mentions(
        "The talks ended at 9 pm local time on Friday",
        "2025-04-12",
        Past,
    );
    assert_eq!(found.len(), 1);
    assert!(!found[0].local_time);
    let found = mentions("At local time Friday", "2025-04-12", Past);
    assert!(found[0].local_time);

    for (text, vague, explicit) in [
        ("日前", true, false),
        ("近日", true, false),
        ("今年初", true, true),
        ("recently", true, false),
        ("去年", false, true),
        ("今年", false, true),
        ("2025年2月1日", false, true),
        ("2月1日", false, false),
        ("昨天", false, false),
        ("本月下旬", true, false),
        ("this year", false, true),
    ] {
        let found = mentions(text, "2025-04-04", Past);
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(found[0].vague, vague, "vague of {text}");
        assert_eq!(found[0].explicit_year, explicit, "explicit_year of {text}");
    }
}

#[test]
fn spans_are_byte_offsets_in_chinese_text() {
    let text = "新华社莫斯科4月4日电 日前，王毅外长抵达俄罗斯。普京计划在9月访华。";
    let found = mentions(text, "2025-04-04", Past);
    let spans: Vec<&str> = found.iter().map(|m| &text[m.span.range()]).collect();
    assert_eq!(spans, ["4月4日", "日前", "9月"]);
    assert_eq!(found[0].span.start, "新华社莫斯科".len());
    assert_eq!(found[1].span.start, "新华社莫斯科4月4日电 ".len());
    // In order and not overlapping.
    assert!(found.windows(2).all(|w| w[0].span.end <= w[1].span.start));
}

#[test]
fn several_mentions_in_one_text() {
    let text = "2月24日下午，习近平同普京通电话。今年1月21日，两国元首举行视频会晤；本月18日，俄美代表在利雅得会谈。去年9月，中国同巴西成立“和平之友”小组。";
    let got: Vec<String> = mentions(text, "2025-02-27", Past)
        .iter()
        .map(|m| m.interval.to_string())
        .collect();
    assert_eq!(got, ["2025-02-24", "2025-01-21", "2025-02-18", "2024-09"]);
}

#[test]
fn not_dates() {
    for text in [
        "该视频浏览量达3244次",
        "中俄建交75周年",
        "2025年2月29日",
        "庆祝中国人民抗日战争胜利80周年",
        "进口2870万吨原油",
        "第12届中俄论坛",
        "增长了12.5%",
        "会议于下午3点开始",
        "时间：16:30",
        "1 month subscription",
        "价格为20日元",
        "在15日内完成审查",
        "一周日程安排",
        "两周一次的例会",
        "据今日俄罗斯电视台报道",
        "Reported by USA Today",
        "version 2025.02.27.1",
        "第3日",
        "3号线地铁",
        "he may visit",
        "March forward",
        "三年中取得进展",
        "13月",
        "32日",
        "1000年前的古城",
        "正月初三早上",
        "1990年代的改革",
        "上世纪90年代",
        "G20峰会和COVID-19疫情",
        "远则一年，近则一月。",
        "Black Friday deals",
        "农历八月十五",
        "IP 10.2025.1.1",
    ] {
        let found = mentions(text, "2025-04-04", Past);
        let spans: Vec<&str> = found.iter().map(|m| &text[m.span.range()]).collect();
        assert!(found.is_empty(), "{text:?} gave {spans:?}");
    }
    // A year beside a word that starts like a part of the year is only the year.
    for (text, span) in [
        ("今年中方将举办活动", "今年"),
        ("2025年内蒙古自治区", "2025年"),
        ("青年中心", ""),
    ] {
        let found = mentions(text, "2025-04-04", Past);
        let spans: Vec<&str> = found.iter().map(|m| &text[m.span.range()]).collect();
        let want: Vec<&str> = if span.is_empty() { vec![] } else { vec![span] };
        assert_eq!(spans, want, "{text}");
    }
}

#[test]
fn context_carries_across_sentences() {
    use parley_nlp::time::{find_times_in_context, TimeContext};
    let anchor = date("2025-06-20");
    let mut ctx = TimeContext::default();
    let first = find_times_in_context(
        "2025年6月14日，王毅同伊朗外长通电话。",
        anchor,
        Past,
        &mut ctx,
    );
    assert_eq!(first.len(), 1);
    assert_eq!(ctx.last_day, Some(date("2025-06-14")));
    assert_eq!(ctx.last_year, Some(2025));
    let second = find_times_in_context("同日，王毅还与以色列外长通话。", anchor, Past, &mut ctx);
    assert_eq!(second[0].interval.to_string(), "2025-06-14");
    let third = find_times_in_context("次日，双方再次通话。", anchor, Past, &mut ctx);
    assert_eq!(third[0].interval.to_string(), "2025-06-15");
    // A dateline's date can seed the context.
    let mut seeded = TimeContext {
        last_day: Some(date("2025-06-18")),
        last_year: None,
    };
    let found = find_times_in_context("当天，两国外长会谈。", anchor, Past, &mut seeded);
    assert_eq!(found[0].interval.to_string(), "2025-06-18");
}

#[test]
fn more_ranges_and_relative_days() {
    check(&[
        (
            "天气网讯 今天(10月24日)中东部降温",
            "2024-10-25",
            Past,
            "今天(10月24日)",
            "2024-10-24",
        ),
        (
            "online today (Nov. 18) in the journal",
            "2019-11-18",
            Past,
            "today (Nov. 18)",
            "2019-11-18",
        ),
        (
            "习近平四月九日会见拉夫罗夫",
            "2024-04-10",
            Past,
            "四月九日",
            "2024-04-09",
        ),
        ("他在十月访问了北京", "2024-12-10", Past, "十月", "2024-10"),
        (
            "2012年~2016年",
            "2024-12-10",
            Past,
            "2012年~2016年",
            "2012-01-01/2016-12-31",
        ),
        (
            "明天至27日，受冷空气影响",
            "2025-02-21",
            Past,
            "明天至27日",
            "2025-02-22/2025-02-27",
        ),
        (
            "They meet the day after tomorrow",
            "2025-02-21",
            Future,
            "the day after tomorrow",
            "2025-02-23",
        ),
        (
            "They met the day before yesterday",
            "2025-02-21",
            Past,
            "the day before yesterday",
            "2025-02-19",
        ),
        (
            "周二早些时候，拉夫罗夫同王毅会谈",
            "2024-04-09",
            Past,
            "周二",
            "2024-04-09",
        ),
        (
            "从2月28日晚到3月1日",
            "2025-03-02",
            Past,
            "2月28日晚到3月1日",
            "2025-02-28/2025-03-01",
        ),
    ]);
}

#[test]
fn a_custom_lexicon_is_used() {
    use parley_nlp::time::{find_times_with, TimeContext, TimeLexicon};
    let lexicon = TimeLexicon::from_toml(
        "[[window]]\nphrases = [\"不久前\"]\ndays = [-30, 0]\n\n[not_time]\nphrases = [\"今日说法\"]\n",
    )
    .expect("valid lexicon");
    let text = "不久前，两国元首会晤。日前另有报道。";
    let found = find_times_with(
        &lexicon,
        text,
        date("2017-04-16"),
        Past,
        &mut TimeContext::default(),
    );
    let got: Vec<String> = found.iter().map(|m| m.interval.to_string()).collect();
    // 日前 is not in this lexicon; 不久前 is.
    assert_eq!(got, ["2017-03-17/2017-04-16"]);
    assert!(found[0].vague);
}

#[test]
fn festivals() {
    check(&[
        (
            "春节前夕，两国元首视频会晤",
            "2025-02-27",
            Past,
            "春节前夕",
            "2025-01-19/2025-01-28",
        ),
        (
            "2024年春节，双方互致贺电",
            "2025-02-27",
            Past,
            "2024年春节",
            "2024-02-10",
        ),
        (
            "今年春节前将访问",
            "2026-01-05",
            Future,
            "今年春节前",
            "2026-02-02/2026-02-16",
        ),
        (
            "春節期間",
            "2025-02-03",
            Past,
            "春節期間",
            "2025-01-29/2025-02-04",
        ),
        (
            "元旦前后将访华",
            "2024-12-20",
            Future,
            "元旦前后",
            "2024-12-25/2025-01-08",
        ),
        ("元旦，双方通话", "2025-01-03", Past, "元旦", "2025-01-01"),
        (
            "国庆节期间",
            "2024-10-03",
            Past,
            "国庆节期间",
            "2024-10-01/2024-10-07",
        ),
        (
            "ahead of the Lunar New Year",
            "2024-01-20",
            Future,
            "Lunar New Year",
            "2024-02-10",
        ),
    ]);
    // Explicit year and vagueness follow the words.
    let found = mentions(
        "今年1月21日，春节前夕，习近平同普京视频会晤",
        "2025-02-27",
        Past,
    );
    let got: Vec<String> = found.iter().map(|m| m.interval.to_string()).collect();
    assert_eq!(got, ["2025-01-21", "2025-01-19/2025-01-28"]);
    assert!(found[1].vague && !found[1].explicit_year);
    let found = mentions("2024年春节", "2025-02-27", Past);
    assert!(found[0].explicit_year && !found[0].vague);
}
