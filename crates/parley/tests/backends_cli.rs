//! `--db` backends and WARC backfill end to end: a WARC archive written here is ingested
//! into SQLite and, when `PARLEY_TEST_POSTGRES` names a server, into PostgreSQL; the
//! query commands give the same answers on both.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn parley(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("PARLEY_DB")
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

fn response(uri: &str, date: &str, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    record.extend_from_slice(http.as_bytes());
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2025-02-20T20:00:00+08:00\"></head>\
         <body><article><h1>{title}</h1>{body}</article></body></html>"
    )
}

/// A gzip WARC (one member per record) with two reports of one meeting.
fn write_warc(path: &Path) {
    let pages = [
        (
            "https://news.example/1.html",
            page(
                "王毅会见拉夫罗夫",
                &[
                    "当地时间2月20日，中共中央政治局委员、外交部长王毅在约翰内斯堡会见俄罗斯外长拉夫罗夫。",
                    "双方就两国关系和共同关心的国际问题交换了意见，同意继续保持密切沟通。",
                ],
            ),
        ),
        (
            "https://other.example/2.html",
            page(
                "中俄外长会晤",
                &[
                    "2月20日，外交部长王毅在约翰内斯堡同俄罗斯外长拉夫罗夫举行会见。",
                    "王毅表示，中方愿同俄方加强在多边场合的协调配合。",
                ],
            ),
        ),
    ];
    let mut file = std::fs::File::create(path).expect("create warc");
    for (uri, html) in &pages {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&response(uri, "2025-02-21T00:00:00Z", html))
            .expect("gzip");
        file.write_all(&gz.finish().expect("gzip")).expect("write");
    }
}

/// Ingests the archive into `db` and returns what the query commands print.
fn ingest_and_query(db: &str, warc: &Path) -> (String, String) {
    let warc = warc.to_str().expect("utf-8 path");
    let first = ok(&parley(db, &["ingest", warc]));
    assert!(first.contains("documents: 2 new"), "{first}");
    let again = ok(&parley(db, &["ingest", warc]));
    assert!(again.contains("0 new, 2 unchanged"), "{again}");
    let events = ok(&parley(db, &["events", "--format", "json"]));
    let search = ok(&parley(db, &["search", "约翰内斯堡"]));
    assert!(search.contains("https://news.example/1.html"), "{search}");
    assert!(search.contains("https://other.example/2.html"), "{search}");
    (events, search)
}

#[test]
fn a_warc_archive_is_ingested_into_sqlite_and_postgres_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    let warc = dir.path().join("crawl.warc.gz");
    write_warc(&warc);
    let sqlite = dir.path().join("parley.db");
    let (events, _) = ingest_and_query(sqlite.to_str().expect("utf-8 path"), &warc);
    let parsed: serde_json::Value = serde_json::from_str(&events)
        .or_else(|_| {
            // JSON Lines: one event per line.
            serde_json::from_str(&format!(
                "[{}]",
                events.lines().collect::<Vec<_>>().join(",")
            ))
        })
        .expect("events as JSON");
    let list = parsed.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 1, "two reports, one meeting: {events}");

    let Some(base) = std::env::var("PARLEY_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        eprintln!("PARLEY_TEST_POSTGRES is not set: skipping the PostgreSQL half");
        return;
    };
    let schema = format!("parley_cli_{}", std::process::id());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let (pg_events, _) = ingest_and_query(&url, &warc);
    let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
    assert_eq!(pg_events, events, "the same record on both backends");
}

/// Events as comparable values: ids dropped (they depend on who stored first), links
/// reduced to whether there is one, mentions sorted.
fn normalised_events(json: &str) -> Vec<String> {
    let events: serde_json::Value = serde_json::from_str(json).expect("events as JSON");
    let mut out: Vec<String> = events
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut e| {
            let linked = e.get("linked").is_some_and(|l| !l.is_null());
            if let Some(object) = e.as_object_mut() {
                object.remove("id");
                object.insert("linked".into(), serde_json::Value::Bool(linked));
                if let Some(serde_json::Value::Array(mentions)) = object.get_mut("mentions") {
                    mentions.sort_by_key(|m| m.to_string());
                }
            }
            e.to_string()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn four_ingest_processes_share_one_postgres() {
    let Some(base) = std::env::var("PARLEY_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        eprintln!("PARLEY_TEST_POSTGRES is not set: skipping a PostgreSQL test");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let warc = dir.path().join("crawl.warc.gz");
    write_warc(&warc);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merge");
    let mut inputs: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    inputs.sort();
    inputs.push(warc.display().to_string());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    let sep = if base.contains('?') { '&' } else { '?' };
    let schema_url = |name: &str| format!("{base}{sep}options=-c%20search_path%3D{name}");
    let (one, four) = (
        format!("parley_one_{}", std::process::id()),
        format!("parley_four_{}", std::process::id()),
    );
    for name in [&one, &four] {
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
            ))
            .expect("schema");
    }
    // One worker with everything; then four at once, each with all inputs but one, in
    // a different order.
    let mut args = vec!["ingest"];
    args.extend(inputs.iter().map(String::as_str));
    ok(&parley(&schema_url(&one), &args));
    let n = inputs.len();
    let workers: Vec<std::process::Child> = (0..4)
        .map(|k| {
            let mine: Vec<&String> = (0..n - 1).map(|i| &inputs[(k * 2 + i) % n]).collect();
            Command::new(env!("CARGO_BIN_EXE_parley"))
                .arg("ingest")
                .args(mine)
                .args(["--batch", "1", "--db", &schema_url(&four)])
                .env_remove("PARLEY_DB")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start a worker")
        })
        .collect();
    for worker in workers {
        ok(&worker.wait_with_output().expect("worker"));
    }
    let mut counts = |name: &str| -> Vec<i64> {
        ["documents", "mentions", "events"]
            .iter()
            .map(|t| {
                admin
                    .query_one(&format!("SELECT count(*) FROM {name}.{t}"), &[])
                    .and_then(|r| r.try_get(0))
                    .expect("count")
            })
            .collect()
    };
    let single = counts(&one);
    let shared = counts(&four);
    let events = |name: &str| ok(&parley(&schema_url(name), &["events", "--format", "json"]));
    let (single_events, shared_events) = (events(&one), events(&four));
    for name in [&one, &four] {
        let _ = admin.batch_execute(&format!("DROP SCHEMA {name} CASCADE"));
    }
    assert_eq!(single[0], 7, "every document once");
    assert_eq!(shared, single, "documents, mentions, events");
    assert_eq!(
        normalised_events(&shared_events),
        normalised_events(&single_events)
    );
}

/// An archive larger than `--max-bytes` is read as a stream, record by record: its pages
/// come out in order (through `extract` and `ingest` alike), and only a record over the
/// limit is refused, as that record's error.
#[test]
fn a_warc_archive_over_the_size_limit_is_read_record_by_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let warc = dir.path().join("crawl.warc.gz");
    write_warc(&warc);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&warc)
        .expect("open warc");
    let long = "王毅表示，中方愿同俄方加强在多边场合的协调配合。".repeat(200);
    let record = response(
        "https://long.example/3.html",
        "2025-02-21T00:00:00Z",
        &page("长文", &[&long]),
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&record).expect("gzip");
    file.write_all(&gz.finish().expect("gzip"))
        .expect("append a record");
    drop(file);
    // Over the limit: the whole (compressed) archive and the third record, not the
    // first two records.
    let size = std::fs::metadata(&warc).expect("size").len();
    assert!(size < record.len() as u64, "{size}");
    let limit = (size - 1).to_string();
    let limit = limit.as_str();

    let out = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(["extract", "--format", "jsonl", "--max-bytes", limit])
        .arg(&warc)
        .output()
        .expect("run parley");
    assert_eq!(out.status.code(), Some(1), "one record failed");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let urls: Vec<String> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["url"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(
        urls,
        [
            "https://news.example/1.html",
            "https://other.example/2.html"
        ]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("crawl.warc.gz#3")
            && stderr.contains(&format!("over the limit of {limit}")),
        "{stderr}"
    );

    let db = dir.path().join("parley.db");
    let ingest = parley(
        db.to_str().expect("utf-8 path"),
        &[
            "ingest",
            "--max-bytes",
            limit,
            warc.to_str().expect("utf-8"),
        ],
    );
    let summary = String::from_utf8_lossy(&ingest.stdout);
    assert!(summary.contains("documents: 2 new"), "{summary}");
    assert!(summary.contains("1 failed"), "{summary}");
}
