//! Crash safety of `parley ingest`: killed with SIGKILL in the middle of a run (after it
//! has committed some batches), the store still opens and passes SQLite's integrity
//! check, and running the same ingest again completes it with every document stored
//! once and the same events as one clean run into a fresh database.
//!
//! The documents are generated here (short wire reports in our own words, each distinct).

use parley_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How many documents the interrupted run is given.
const DOCUMENTS: usize = 3000;

/// Foreign leaders and the capitals the reports are datelined in.
const GUESTS: &[(&str, &str)] = &[
    ("法国总统马克龙", "北京"),
    ("俄罗斯总统普京", "北京"),
    ("巴西总统卢拉", "上海"),
    ("南非总统拉马福萨", "北京"),
    ("越南国家主席", "北京"),
];

/// One distinct short report: a meeting on a day, plus a numbered closing line so no two
/// documents share a fingerprint.
fn report(i: usize) -> String {
    let (guest, city) = GUESTS[i % GUESTS.len()];
    let month = i / 28 % 12 + 1;
    let day = i % 28 + 1;
    let year = 2019 + i / (28 * 12) % 6;
    format!(
        "习近平会见{guest}\n\n{year}年{month:02}月{day:02}日 10:{min:02}:00\n\n\
         新华社{city}{month}月{day}日电 国家主席习近平{day}日在{city}会见来访的{guest}。\
         双方就双边关系和共同关心的国际问题交换了意见。\n\n\
         本报记者第{i}号稿件，编辑部存档。\n",
        min = i % 60
    )
}

fn write_corpus(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("corpus dir");
    (0..DOCUMENTS)
        .map(|i| {
            let path = dir.join(format!("report-{i:05}.txt"));
            std::fs::write(&path, report(i)).expect("write report");
            path
        })
        .collect()
}

fn parley(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parley"));
    command.env("PARLEY_DB", db);
    command
}

fn ok(output: Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("panicked"),
        "{what} failed ({:?}): {stderr}",
        output.status.code()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ingest_to_completion(db: &Path, corpus: &Path) -> String {
    let output = parley(db)
        .args(["ingest", "--batch", "50"])
        .arg(corpus)
        .output()
        .expect("run parley ingest");
    ok(output, "ingest")
}

fn export(db: &Path) -> String {
    let output = parley(db)
        .args(["export", "--format", "jsonl"])
        .output()
        .expect("run parley export");
    ok(output, "export")
}

/// Documents committed so far, read through the store as another process would.
fn committed(db: &Path) -> usize {
    if !db.exists() {
        return 0;
    }
    SqliteStore::open(db)
        .and_then(|store| store.counts())
        .map(|counts| counts.documents)
        .unwrap_or(0)
}

/// Runs one SQL query that yields a single value, read as text.
fn query(db: &Path, sql: &str) -> String {
    let conn = rusqlite::Connection::open(db).expect("open the store with rusqlite");
    conn.query_row(sql, [], |row| {
        let value: rusqlite::types::Value = row.get(0)?;
        Ok(match value {
            rusqlite::types::Value::Text(text) => text,
            rusqlite::types::Value::Integer(n) => n.to_string(),
            other => format!("{other:?}"),
        })
    })
    .unwrap_or_else(|err| panic!("{sql} failed: {err}"))
}

#[test]
fn sigkill_mid_batch_loses_nothing_and_duplicates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus);
    let db = dir.path().join("killed.db");

    // Start the ingest and kill it once a few batches are committed.
    let mut child = parley(&db)
        .args(["ingest", "--batch", "50"])
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start parley ingest");
    let started = Instant::now();
    let mut seen = 0;
    while seen < 100 {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("ingest ended ({status}) before it could be killed; raise DOCUMENTS");
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "ingest committed nothing in ten minutes"
        );
        seen = committed(&db);
        std::thread::sleep(Duration::from_millis(2));
    }
    // `Child::kill` is SIGKILL on Unix: no chance to roll back or clean up.
    child.kill().expect("SIGKILL parley ingest");
    let status = child.wait().expect("reap parley ingest");
    assert!(
        status.code().is_none(),
        "killed by a signal, not exited: {status}"
    );

    // The store opens and is sound; what was committed stays, nothing is half written.
    let store = SqliteStore::open(&db).expect("the store opens after SIGKILL");
    let after_kill = store.counts().expect("counts after SIGKILL");
    drop(store);
    eprintln!("killed after {seen} committed; reopened with {after_kill:?}");
    assert!(after_kill.documents >= seen, "committed documents lost");
    assert!(
        after_kill.documents < DOCUMENTS,
        "the kill came after the last commit; the test proves nothing"
    );
    assert_eq!(
        query(&db, "PRAGMA integrity_check;"),
        "ok",
        "integrity check after SIGKILL"
    );
    assert_eq!(
        query(
            &db,
            "SELECT COUNT(*) FROM mentions WHERE doc_id NOT IN (SELECT id FROM documents);"
        ),
        "0",
        "mentions of documents that were not committed"
    );

    // Re-running the same ingest finishes the job: the committed documents are
    // recognised, the rest are added.
    let summary = ingest_to_completion(&db, &corpus);
    let expected = format!(
        "documents: {} new, {} unchanged, 0 failed",
        DOCUMENTS - after_kill.documents,
        after_kill.documents
    );
    assert!(
        summary.contains(&expected),
        "{summary} (expected {expected})"
    );
    let resumed = SqliteStore::open(&db)
        .and_then(|s| s.counts())
        .expect("counts after the re-run");
    assert_eq!(resumed.documents, DOCUMENTS, "every document once");
    assert_eq!(
        query(&db, "PRAGMA integrity_check;"),
        "ok",
        "integrity check after the re-run"
    );
    assert_eq!(
        query(
            &db,
            "SELECT COUNT(*) FROM (SELECT doc_id, ordinal FROM mentions GROUP BY doc_id, ordinal HAVING COUNT(*) > 1);"
        ),
        "0",
        "a document's mentions stored twice"
    );

    // The same corpus in one clean run gives the same record.
    let clean_db = dir.path().join("clean.db");
    let clean_summary = ingest_to_completion(&clean_db, &corpus);
    assert!(
        clean_summary.contains(&format!(
            "documents: {DOCUMENTS} new, 0 unchanged, 0 failed"
        )),
        "{clean_summary}"
    );
    let clean = SqliteStore::open(&clean_db)
        .and_then(|s| s.counts())
        .expect("counts of the clean run");
    assert_eq!(
        resumed, clean,
        "documents, mentions and events as in a clean run"
    );
    assert!(clean.events > 0, "the generated reports yield events");
    assert_eq!(
        export(&db),
        export(&clean_db),
        "the same events, field for field"
    );
}
