//! The record commands (`events`, `event`, `search`, `export`) against a database built
//! with hand-made mentions, so they are tested without depending on extraction.

use chrono::NaiveDate;
use parley_core::{
    Document, EventMention, EventMode, EventStatus, Evidence, Span, TextField, TimeInterval,
    Timestamp,
};
use parley_extract::merge::{Geography, NoGeography};
use parley_store::{SqliteStore, Store};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn parley(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("PARLEY_DB")
        .output()
        .expect("run parley")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "parley failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("utf-8 output")
}

/// Knows one city: enough for the meeting's two reports (city and country) to merge.
struct Johannesburg;
impl Geography for Johannesburg {
    fn country_of(&self, id: &str) -> Option<String> {
        match id {
            "johannesburg" => Some("ZAF".into()),
            other => NoGeography.country_of(other),
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn doc(title: &str, body: &str, url: &str, published: NaiveDate) -> Document {
    Document {
        id: parley_core::fingerprint(Some(title), body),
        origin: format!("fixtures/{title}.txt"),
        url: Some(url.to_string()),
        title: Some(title.to_string()),
        published: Some(Timestamp::Day(published)),
        source: Some("测试社".into()),
        author: None,
        body: body.to_string(),
        captions: Vec::new(),
    }
}

fn mention(
    doc: &Document,
    mode: EventMode,
    actors: &[&str],
    when: TimeInterval,
    location: Option<&str>,
    status: EventStatus,
) -> EventMention {
    let mut actors: Vec<String> = actors.iter().map(|s| s.to_string()).collect();
    actors.sort();
    EventMention {
        doc: doc.id.clone(),
        mode,
        actors,
        when,
        location: location.map(str::to_string),
        status,
        evidence: vec![Evidence {
            field: TextField::Body,
            span: Span::new(0, doc.body.len()),
            text: doc.body.clone(),
        }],
    }
}

/// A database with: one meeting reported twice (Chinese, English), a phone call, a
/// planned visit and the visit itself.
fn build(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("record.db");
    let mut store = SqliteStore::open(&path)
        .expect("open")
        .with_geography(Box::new(Johannesburg));
    let a = doc(
        "王毅会见拉夫罗夫",
        "当地时间2月20日，王毅在约翰内斯堡会见俄罗斯外长拉夫罗夫。",
        "https://example.org/a",
        d(2025, 2, 21),
    );
    let b = doc(
        "Wang Yi meets Lavrov",
        "Wang Yi met Russian Foreign Minister Sergey Lavrov in Johannesburg, the ministers said.",
        "https://example.org/b",
        d(2025, 2, 21),
    );
    let c = doc(
        "习近平同普京通电话",
        "2月24日下午，习近平应约同俄罗斯总统普京通电话。",
        "https://example.org/c",
        d(2025, 2, 24),
    );
    let p = doc(
        "普京将访华",
        "普京计划9月对中国进行访问。",
        "https://example.org/p",
        d(2025, 4, 4),
    );
    let v = doc(
        "普京抵达天津",
        "8月31日，普京抵达天津，开始对中国进行访问。",
        "https://example.org/v",
        d(2025, 8, 31),
    );
    let pair = &["sergey-lavrov", "wang-yi"];
    let items = [
        (
            a.clone(),
            vec![mention(
                &a,
                EventMode::Meet,
                pair,
                TimeInterval::day(d(2025, 2, 20)),
                Some("johannesburg"),
                EventStatus::Occurred,
            )],
        ),
        (
            b.clone(),
            vec![mention(
                &b,
                EventMode::Meet,
                pair,
                TimeInterval::month(2025, 2).expect("month"),
                Some("ZAF"),
                EventStatus::Occurred,
            )],
        ),
        (
            c.clone(),
            vec![mention(
                &c,
                EventMode::Phone,
                &["vladimir-putin", "xi-jinping"],
                TimeInterval::day(d(2025, 2, 24)),
                None,
                EventStatus::Occurred,
            )],
        ),
        (
            p.clone(),
            vec![mention(
                &p,
                EventMode::Visit,
                &["CHN", "vladimir-putin"],
                TimeInterval::month(2025, 9).expect("month"),
                Some("CHN"),
                EventStatus::Planned,
            )],
        ),
        (
            v.clone(),
            vec![mention(
                &v,
                EventMode::Visit,
                &["CHN", "vladimir-putin"],
                TimeInterval::day(d(2025, 8, 31)),
                Some("CHN"),
                EventStatus::Occurred,
            )],
        ),
    ];
    let batch: Vec<(&Document, &[EventMention])> =
        items.iter().map(|(d, m)| (d, m.as_slice())).collect();
    for result in store.put_batch(&batch).expect("batch") {
        result.expect("stored");
    }
    path
}

fn json_events(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events", "--format", "json"];
    all.extend_from_slice(args);
    let out = stdout(&parley(db, &all));
    match serde_json::from_str(&out).expect("events JSON") {
        Value::Array(events) => events,
        other => panic!("expected an array, got {other}"),
    }
}

fn actor_sets(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            e["actors"]
                .as_array()
                .expect("actors")
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect()
}

#[test]
fn events_filters_and_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = build(dir.path());

    let all = json_events(&db, &[]);
    assert_eq!(
        actor_sets(&all),
        [
            "sergey-lavrov+wang-yi",
            "vladimir-putin+xi-jinping",
            "CHN+vladimir-putin",
            "CHN+vladimir-putin"
        ]
    );
    let meeting = &all[0];
    assert_eq!(meeting["date"], "2025-02-20");
    assert_eq!(meeting["location"], "johannesburg");
    assert_eq!(meeting["mentions"].as_array().map(Vec::len), Some(2));

    assert_eq!(
        actor_sets(&json_events(
            &db,
            &["--actor", "vladimir-putin", "--mode", "phone"]
        )),
        ["vladimir-putin+xi-jinping"]
    );
    assert_eq!(
        actor_sets(&json_events(
            &db,
            &["--actor", "wang-yi", "--with", "sergey-lavrov"]
        )),
        ["sergey-lavrov+wang-yi"]
    );
    assert!(json_events(&db, &["--actor", "wang-yi", "--with", "xi-jinping"]).is_empty());
    assert_eq!(json_events(&db, &["--status", "planned"]).len(), 1);
    assert_eq!(
        actor_sets(&json_events(&db, &["--country", "ZAF"])),
        ["sergey-lavrov+wang-yi"]
    );
    assert_eq!(
        json_events(&db, &["--country", "chn"]).len(),
        2,
        "lower-case codes are accepted"
    );
    assert_eq!(
        actor_sets(&json_events(
            &db,
            &["--since", "2025-02-21", "--until", "2025-03-31"]
        )),
        ["vladimir-putin+xi-jinping"]
    );
    assert_eq!(json_events(&db, &["--limit", "1"]).len(), 1);

    // The visit and its plan are linked both ways.
    let visits = json_events(&db, &["--mode", "visit"]);
    assert_eq!(visits.len(), 2);
    assert_eq!(visits[0]["linked"], visits[1]["id"]);
    assert_eq!(visits[1]["linked"], visits[0]["id"]);

    let table = stdout(&parley(&db, &["events", "--actor", "wang-yi"]));
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("ACTORS"),
        "{table}"
    );
    assert!(
        lines[1].contains("2025-02-20")
            && lines[1].contains("sergey-lavrov, wang-yi")
            && lines[1].contains("johannesburg"),
        "{table}"
    );
    assert_eq!(lines.len(), 2);

    let csv = stdout(&parley(
        &db,
        &["events", "--format", "csv", "--mode", "meet"],
    ));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "id,type,mode,status,date,start,end,actors,location,linked,sources,evidence"
    );
    assert!(rows[1].contains(",CONSULT,meet,occurred,2025-02-20,2025-02-20,2025-02-20,sergey-lavrov;wang-yi,johannesburg,,"), "{csv}");
    assert!(
        rows[1].ends_with(",当地时间2月20日，王毅在约翰内斯堡会见俄罗斯外长拉夫罗夫。"),
        "{csv}"
    );

    // An id that is really a name finds nothing, and says what was probably meant.
    let out = parley(&db, &["events", "--actor", "putin"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("(no events)"));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean vladimir-putin"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bad = parley(&db, &["events", "--mode", "dance"]);
    assert!(!bad.status.success());
    let bad = parley(&db, &["events", "--since", "yesterday"]);
    assert!(!bad.status.success());
}

#[test]
fn one_event_shows_every_source_and_sentence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = build(dir.path());
    let id = json_events(&db, &["--mode", "meet"])[0]["id"]
        .as_i64()
        .expect("id");
    let text = stdout(&parley(&db, &["event", &id.to_string()]));
    assert!(
        text.contains("occurred meet sergey-lavrov, wang-yi"),
        "{text}"
    );
    assert!(text.contains("sources: 2"), "{text}");
    assert!(
        text.contains("== 王毅会见拉夫罗夫") && text.contains("== Wang Yi meets Lavrov"),
        "{text}"
    );
    assert!(
        text.contains("> 当地时间2月20日，王毅在约翰内斯堡会见俄罗斯外长拉夫罗夫。"),
        "{text}"
    );
    assert!(text.contains("url: https://example.org/b"), "{text}");
    assert!(text.contains("says: occurred 2025-02 at ZAF"), "{text}");

    let json: Value = serde_json::from_str(&stdout(&parley(
        &db,
        &["event", &id.to_string(), "--format", "json"],
    )))
    .expect("json");
    assert_eq!(json["mentions"][1]["evidence"][0]["field"], "body");

    let missing = parley(&db, &["event", "9999"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no event 9999"));
}

#[test]
fn search_finds_chinese_and_english_with_snippets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = build(dir.path());
    let out = stdout(&parley(&db, &["search", "会见"]));
    assert!(
        out.contains("王毅会见拉夫罗夫") && out.contains("【会见】"),
        "{out}"
    );
    assert!(!out.contains("普京"), "{out}");
    let out = stdout(&parley(&db, &["search", "--json", "lavrov", "ministers"]));
    let hits: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["url"], "https://example.org/b");
    let out = stdout(&parley(&db, &["search", "普"]));
    assert_eq!(
        out.lines().filter(|l| !l.starts_with(' ')).count(),
        3,
        "{out}"
    );
    let none = parley(&db, &["search", "nothing-like-this"]);
    assert_eq!(none.status.code(), Some(1));
}

#[test]
fn export_writes_jsonl_csv_and_plover() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = build(dir.path());
    let jsonl = stdout(&parley(&db, &["export", "--format", "jsonl"]));
    let events: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(events.len(), 4);
    let csv = stdout(&parley(&db, &["export", "--format", "csv"]));
    assert_eq!(csv.lines().count(), 5);

    let plover = stdout(&parley(&db, &["export", "--format", "plover"]));
    let records: Vec<Value> = plover
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(records.len(), 4);
    let meeting = records
        .iter()
        .find(|r| r["parley"]["mode"] == "meet")
        .expect("meeting");
    assert_eq!(meeting["event"], serde_json::json!(["CONSULT"]));
    assert_eq!(meeting["date"], "2025-02-20");
    assert_eq!(meeting["quad_code"], 1);
    assert_eq!(meeting["cite_info"].as_array().map(Vec::len), Some(2));
    assert_eq!(meeting["event_text"].as_array().map(Vec::len), Some(2));
    let call = records
        .iter()
        .find(|r| r["parley"]["mode"] == "phone")
        .expect("call");
    assert_eq!(call["mode"], "phone");
    let plan = records
        .iter()
        .find(|r| r["parley"]["status"] == "planned")
        .expect("plan");
    assert_eq!(plan["event"], serde_json::json!(["AGREE"]));
    assert_eq!(plan["enddate"], "2025-09-30");
    let visit = records
        .iter()
        .find(|r| r["parley"]["mode"] == "visit" && r["parley"]["status"] == "occurred")
        .expect("visit");
    assert_eq!(visit["mode"], "visit");
    assert_eq!(visit["recipient"][0]["identifier_id"], "CHN");
    assert_eq!(visit["source"][0]["identifier_id"], "vladimir-putin");
    assert_eq!(visit["link"], plan["id"]);
}

#[test]
fn a_missing_database_is_an_error_for_queries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = parley(&dir.path().join("absent.db"), &["events"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.path().join("absent.db").exists(),
        "a query must not create a database"
    );
}
