//! `parley ingest` end to end: the seeds ingested twice change nothing; our own merge
//! fixtures (one meeting reported three times, a visit announced then held) become one
//! event with every mention and a linked plan/occurrence pair.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn parley(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("PARLEY_DB", db)
        .output()
        .expect("run parley")
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "parley failed ({:?}): {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("utf-8 output")
}

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("seeds").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

fn files_in(dir: &Path, ext: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("list fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

fn ingest(db: &Path, files: &[String]) -> String {
    let mut args = vec!["ingest"];
    args.extend(files.iter().map(String::as_str));
    ok(&parley(db, &args))
}

fn events(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(&parley(db, &all))).expect("events JSON")
}

#[test]
fn seeds_ingested_twice_change_nothing() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("seeds.db");
    let seeds = files_in(&shared.join("seeds"), "txt");
    assert_eq!(seeds.len(), 5);
    let first = ingest(&db, &seeds);
    assert!(
        first.contains("documents: 5 new, 0 unchanged, 0 failed"),
        "{first}"
    );
    let export_before = ok(&parley(&db, &["export", "--format", "jsonl"]));
    let second = ingest(&db, &seeds);
    assert!(
        second.contains("documents: 0 new, 5 unchanged, 0 failed; events: 0 new, 0 merged"),
        "{second}"
    );
    assert_eq!(
        ok(&parley(&db, &["export", "--format", "jsonl"])),
        export_before
    );
    // The seed about Wang Yi meeting Lavrov in Johannesburg is searchable in Chinese.
    let hits = ok(&parley(&db, &["search", "约翰内斯堡"]));
    assert!(hits.contains("王毅会见俄罗斯外长拉夫罗夫"), "{hits}");
}

fn fixtures() -> Vec<String> {
    files_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merge"),
        "txt",
    )
}

#[test]
fn reports_of_one_meeting_merge_and_a_plan_links_to_its_visit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("merge.db");
    let files = fixtures();
    assert_eq!(files.len(), 5);
    let summary = ingest(&db, &files);
    assert!(
        summary.contains("documents: 5 new, 0 unchanged, 0 failed"),
        "{summary}"
    );

    // Three reports (simplified, traditional, English) of the talks on 1 April: one event.
    let talks = events(
        &db,
        &[
            "--actor",
            "wang-yi",
            "--with",
            "sergey-lavrov",
            "--mode",
            "meet",
            "--status",
            "occurred",
        ],
    );
    assert_eq!(talks.len(), 1, "{talks:#?}");
    assert_eq!(talks[0]["date"], "2025-04-01");
    let mut docs: Vec<&str> = talks[0]["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|m| m["doc"].as_str())
        .collect();
    docs.sort_unstable();
    docs.dedup();
    assert_eq!(docs.len(), 3, "{talks:#?}");
    // Names in any script resolve through the knowledge base.
    let by_name = events(
        &db,
        &[
            "--actor", "王毅", "--with", "Lavrov", "--mode", "meet", "--status", "occurred",
        ],
    );
    assert_eq!(by_name.len(), 1, "{by_name:#?}");
    assert_eq!(by_name[0]["id"], talks[0]["id"]);
    let id = talks[0]["id"].as_i64().expect("id");
    let shown = ok(&parley(&db, &["event", &id.to_string()]));
    assert!(
        shown.contains("sources: 3") || shown.matches("== ").count() >= 3,
        "{shown}"
    );
    assert!(
        shown.contains("Test Wire") || shown.contains("Wang Yi held talks"),
        "{shown}"
    );

    // The visit: announced on 28 March, begun on 31 March; two events, linked.
    let visits = events(
        &db,
        &["--actor", "wang-yi", "--mode", "visit", "--country", "RUS"],
    );
    let planned: Vec<&Value> = visits.iter().filter(|e| e["status"] == "planned").collect();
    let occurred: Vec<&Value> = visits
        .iter()
        .filter(|e| e["status"] == "occurred")
        .collect();
    assert!(!planned.is_empty() && !occurred.is_empty(), "{visits:#?}");
    assert!(
        planned.iter().any(|p| occurred
            .iter()
            .any(|o| p["linked"] == o["id"] && o["linked"] == p["id"])),
        "no planned visit linked to its occurrence: {visits:#?}"
    );

    // Filters: nothing of April 2 onwards among the talks; planned ones only when asked.
    assert!(events(
        &db,
        &[
            "--actor",
            "wang-yi",
            "--with",
            "sergey-lavrov",
            "--mode",
            "meet",
            "--since",
            "2025-04-02"
        ]
    )
    .is_empty());
    assert!(events(&db, &["--status", "planned"])
        .iter()
        .all(|e| e["status"] == "planned"));

    // Again: nothing changes.
    let export_before = ok(&parley(&db, &["export", "--format", "jsonl"]));
    let again = ingest(&db, &files);
    assert!(
        again.contains("documents: 0 new, 5 unchanged, 0 failed"),
        "{again}"
    );
    assert_eq!(
        ok(&parley(&db, &["export", "--format", "jsonl"])),
        export_before
    );
}

#[test]
fn ingest_reports_bad_files_and_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("partial.db");
    let mut files = fixtures();
    files.truncate(1);
    files.push(dir.path().join("does-not-exist.txt").display().to_string());
    let mut args = vec!["ingest"];
    args.extend(files.iter().map(String::as_str));
    let out = parley(&db, &args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does-not-exist.txt"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("documents: 1 new, 0 unchanged, 1 failed"),
        "{stdout}"
    );
    let hits = ok(&parley(&db, &["search", "会谈"]));
    assert!(
        hits.contains("王毅同俄罗斯外长拉夫罗夫在莫斯科举行会谈"),
        "{hits}"
    );
}

#[test]
fn a_truncated_feed_stores_what_it_holds_and_says_the_rest_is_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("feed.db");
    let item = |n: u32, text: &str| {
        format!(
            "<item><title>Item {n}</title><link>https://news.example.org/{n}</link>\
             <pubDate>Tue, 0{n} Apr 2025 10:00:00 +0000</pubDate>\
             <description>{text}</description></item>"
        )
    };
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Example desk</title>\
         <link>https://news.example.org/</link>{}{}<item><title>Item 3</title><description>Cut off",
        item(
            1,
            "The foreign ministers of two neighbours spoke about river water."
        ),
        item(
            2,
            "A trade envoy toured three ports and praised the new cranes."
        ),
    );
    let path = dir.path().join("cut.xml");
    std::fs::write(&path, feed).expect("write feed");
    let output = parley(&db, &["ingest", &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(1), "content was lost: exit 1");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("documents: 2 new, 0 unchanged, 0 failed, 1 read in part"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("truncated"),
        "{stderr}"
    );
    let search = ok(&parley(&db, &["search", "cranes"]));
    assert!(
        search.contains("news.example.org/2") || search.contains("Item 2"),
        "{search}"
    );
}
