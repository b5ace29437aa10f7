//! The store suite against SQLite, in memory and in a file; plus what only a file shows:
//! reopening, migrations and a crash in the middle of a batch.

mod suite;

use parley_core::{EventMode, EventStatus, TimeInterval};
use parley_extract::merge::Geography;
use parley_store::{SqliteStore, Store, SCHEMA_VERSION};
use suite::{d, doc, geography, mention};

mod memory {
    use super::*;
    store_suite!((
        (),
        SqliteStore::open_in_memory()
            .expect("open")
            .with_geography(geography())
    ));
}

mod file {
    use super::*;
    fn make() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("parley.db"))
            .expect("open")
            .with_geography(geography());
        (dir, store)
    }
    store_suite!(make());
}

/// SQLite numbers every change, so the events changed since a mark are exactly those.
#[test]
fn sqlite_visits_exactly_the_events_changed_since_a_mark() {
    let store = SqliteStore::open_in_memory()
        .expect("open")
        .with_geography(geography());
    let unchanged_mark = store.change_mark().expect("mark");
    assert_eq!(
        suite::changed_since(&store, unchanged_mark),
        Vec::<i64>::new()
    );
    let (mut store, first, _, _) = suite::changes_after_a_mark(store);
    let now = store.change_mark().expect("mark");
    assert_eq!(suite::changed_since(&store, now), Vec::<i64>::new());
    let again = doc(
        "again",
        "Wang Yi and Sergey Lavrov met on February 20.",
        None,
    );
    let m = mention(
        &again,
        EventMode::Meet,
        &["sergey-lavrov", "wang-yi"],
        TimeInterval::day(d(2025, 2, 20)),
        None,
        EventStatus::Occurred,
    );
    store.put(&again, &[m]).expect("put");
    assert_eq!(suite::changed_since(&store, now), vec![first]);
}

#[test]
fn reopening_a_file_keeps_everything_and_migrates_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("parley.db");
    let a = doc("a", "2月20日王毅会见拉夫罗夫。", None);
    let m = mention(
        &a,
        EventMode::Meet,
        &["sergey-lavrov", "wang-yi"],
        TimeInterval::day(d(2025, 2, 20)),
        None,
        EventStatus::Occurred,
    );
    let (counts, events) = {
        let mut store = SqliteStore::open(&path).expect("open");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        store.put(&a, &[m]).expect("put");
        (
            store.counts().expect("counts"),
            store.events(&Default::default()).expect("events"),
        )
    };
    let store = SqliteStore::open(&path).expect("reopen");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(store.counts().expect("counts"), counts);
    assert_eq!(store.events(&Default::default()).expect("events"), events);
    assert_eq!(store.search("会见", 5).expect("search").len(), 1);
}

#[test]
fn processes_opening_a_new_file_at_once_all_get_the_schema() {
    // An ingest and a query started together on a store that does not exist yet: each
    // open must see the migrations applied once, not fail on tables the other made.
    for round in 0..20 {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("parley-{round}.db"));
        let barrier = std::sync::Barrier::new(4);
        std::thread::scope(|scope| {
            let opens: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        SqliteStore::open(&path).map(|s| s.schema_version().expect("version"))
                    })
                })
                .collect();
            for open in opens {
                let version = open.join().expect("thread").expect("open at once");
                assert_eq!(version, SCHEMA_VERSION);
            }
        });
    }
}

#[test]
fn refuses_a_database_from_a_newer_parley() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("parley.db");
    drop(SqliteStore::open(&path).expect("open"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("bump");
    drop(conn);
    let err = SqliteStore::open(&path).expect_err("too new");
    assert!(err.to_string().contains("newer"), "{err}");
}

/// Set in the child process of [`a_crash_mid_batch_loses_the_whole_batch_and_nothing_else`].
const CRASH_DB: &str = "PARLEY_STORE_TEST_CRASH_DB";

/// A geography that kills the process when asked about `crash-now`: it is consulted
/// inside the batch's transaction, after the first document's savepoint is released.
struct CrashOn;
impl Geography for CrashOn {
    fn country_of(&self, id: &str) -> Option<String> {
        if id == "crash-now" {
            std::process::abort();
        }
        None
    }
}

#[test]
fn a_crash_mid_batch_loses_the_whole_batch_and_nothing_else() {
    let stored_before = doc("before", "早先存入的文章：王毅会见拉夫罗夫。", None);
    let first = doc("first", "2月24日习近平同普京通电话。", None);
    let second = doc("second", "这一篇会让进程崩溃。", None);
    if let Some(path) = std::env::var_os(CRASH_DB) {
        // Child: put a batch whose second document aborts the process mid-transaction.
        let mut store = SqliteStore::open(path.as_ref())
            .expect("open")
            .with_geography(Box::new(CrashOn));
        let m1 = mention(
            &first,
            EventMode::Phone,
            &["vladimir-putin", "xi-jinping"],
            TimeInterval::day(d(2025, 2, 24)),
            None,
            EventStatus::Occurred,
        );
        let m2 = mention(
            &second,
            EventMode::Meet,
            &["crash-now", "x"],
            TimeInterval::day(d(2025, 2, 25)),
            None,
            EventStatus::Occurred,
        );
        let _ = store.put_batch(&[(&first, &[m1]), (&second, &[m2])]);
        unreachable!("the geography aborts the process");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("parley.db");
    {
        let mut store = SqliteStore::open(&path).expect("open");
        store.put(&stored_before, &[]).expect("put");
    }
    let status = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "a_crash_mid_batch_loses_the_whole_batch_and_nothing_else",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CRASH_DB, &path)
        .status()
        .expect("run child");
    assert!(!status.success(), "the child must have crashed");
    let store = SqliteStore::open(&path).expect("reopen after crash");
    let counts = store.counts().expect("counts");
    assert_eq!(
        (counts.documents, counts.mentions, counts.events),
        (1, 0, 0)
    );
    assert!(store.document(&stored_before.id).expect("get").is_some());
    assert!(store.document(&first.id).expect("get").is_none());
    assert_eq!(store.search("通电话", 5).expect("search").len(), 0);
}
