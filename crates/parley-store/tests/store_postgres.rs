//! The store suite against PostgreSQL, plus what only a shared server shows: migrations
//! and four workers writing overlapping documents at once.
//!
//! The server comes from `PARLEY_TEST_POSTGRES` (a `postgres://` URL; CI starts one, see
//! `.ci/run`). Each test works in its own schema, dropped at the end, so tests run in
//! parallel against one database. Without the variable every test says so and passes.

mod suite;

use parley_core::{Document, EventMention, EventMode, EventStatus, TimeInterval};
use parley_store::{PostgresStore, Store, SCHEMA_VERSION};
use suite::{d, doc, geography, mention};

/// A schema of its own on the test server, dropped when the guard goes.
pub struct Schema {
    admin: postgres::Client,
    name: String,
    url: String,
}

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = self
            .admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
    }
}

impl Schema {
    /// A new empty schema, or `None` (with a message) when no server is configured.
    fn new() -> Option<Schema> {
        let Some(base) = std::env::var("PARLEY_TEST_POSTGRES")
            .ok()
            .filter(|v| !v.is_empty())
        else {
            eprintln!("PARLEY_TEST_POSTGRES is not set: skipping a PostgreSQL test");
            return None;
        };
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "parley_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        );
        let mut admin = postgres::Client::connect(&base, postgres::NoTls)
            .expect("connect to PARLEY_TEST_POSTGRES");
        admin
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .expect("create schema");
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
        Some(Schema { admin, name, url })
    }

    fn store(&self) -> PostgresStore {
        PostgresStore::connect(&self.url)
            .expect("connect")
            .with_geography(geography())
    }
}

/// Runs `test` with a fresh store, or skips.
macro_rules! postgres_suite {
    ($($name:ident),* $(,)?) => {
        mod suite_on_postgres {
            use super::*;
            $(
                #[test]
                fn $name() {
                    let Some(schema) = Schema::new() else { return };
                    suite::$name(schema.store());
                }
            )*
        }
    };
}

postgres_suite!(
    documents_round_trip,
    same_fingerprint_twice_changes_nothing,
    same_url_twice_changes_nothing,
    mentions_of_one_meeting_merge_into_one_event,
    a_day_mention_refines_a_month_event,
    different_days_stay_apart,
    planned_links_to_a_later_occurrence,
    occurrence_stored_first_links_to_a_later_plan,
    conflicting_locations_stay_apart,
    filters_by_actor_country_mode_status_dates,
    limit_and_order,
    searches_chinese_substrings_and_english_words,
    search_folds_traditional_and_simplified,
    a_bad_document_in_a_batch_leaves_no_trace,
    for_each_event_visits_all_and_stops_on_error,
    events_changed_since_a_mark_are_visited,
    missing_things_are_none,
    feed_state_round_trips,
);

#[test]
fn every_backend_has_every_migration() {
    assert_eq!(
        parley_store::POSTGRES_MIGRATIONS.len(),
        parley_store::MIGRATIONS.len()
    );
}

#[test]
fn connecting_again_migrates_once_and_refuses_a_newer_schema() {
    let Some(mut schema) = Schema::new() else {
        return;
    };
    let a = doc("a", "2月20日王毅会见拉夫罗夫。", None);
    {
        let mut store = schema.store();
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        store.put(&a, &[]).expect("put");
    }
    let store = schema.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(store.counts().expect("counts").documents, 1);
    drop(store);
    schema
        .admin
        .batch_execute(&format!(
            "UPDATE {}.parley_schema SET version = {}",
            schema.name,
            SCHEMA_VERSION + 1
        ))
        .expect("bump");
    let err = PostgresStore::connect(&schema.url).expect_err("too new");
    assert!(err.to_string().contains("newer"), "{err}");
}

/// Forty documents about a handful of meetings, some repeating others (same day, same
/// actors: they merge), some about other days (separate events).
fn corpus() -> Vec<(Document, Vec<EventMention>)> {
    let pairs: [(&str, &str); 4] = [
        ("sergey-lavrov", "wang-yi"),
        ("vladimir-putin", "xi-jinping"),
        ("marco-rubio", "sergey-lavrov"),
        ("marco-rubio", "wang-yi"),
    ];
    (0..40)
        .map(|i| {
            let (a, b) = pairs[i % pairs.len()];
            let day = 1 + (i % 5) as u32 * 7;
            let document = doc(
                &format!("报道{i}"),
                &format!("第{i}篇：{a}与{b}于3月{day}日会谈。"),
                Some(&format!("https://example.org/news/{i}")),
            );
            let m = mention(
                &document,
                EventMode::Meet,
                &[a, b],
                TimeInterval::day(d(2025, 3, day)),
                None,
                EventStatus::Occurred,
            );
            (document, vec![m])
        })
        .collect()
}

/// Events as comparable values: mode, actors, dates and the documents that mention them.
fn event_summary(store: &impl Store) -> Vec<String> {
    let mut out: Vec<String> = store
        .events(&Default::default())
        .expect("events")
        .into_iter()
        .map(|e| {
            let mut docs: Vec<String> = e.mentions.iter().map(|m| m.doc.clone()).collect();
            docs.sort();
            format!(
                "{} {:?} {} {}",
                e.mode.as_str(),
                e.actors,
                e.when,
                docs.join(",")
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn four_workers_store_overlapping_documents_once() {
    let Some(single) = Schema::new() else { return };
    let Some(shared) = Schema::new() else { return };
    let corpus = corpus();
    {
        let mut store = single.store();
        let items: Vec<_> = corpus.iter().map(|(d, m)| (d, m.as_slice())).collect();
        for result in store.put_batch(&items).expect("batch") {
            result.expect("document stored");
        }
    }
    // Each worker takes three quarters of the corpus, starting at its own offset, so
    // every document is written by three workers; small batches interleave them.
    std::thread::scope(|scope| {
        for worker in 0..4 {
            let corpus = &corpus;
            let url = shared.url.as_str();
            scope.spawn(move || {
                let mut store = PostgresStore::connect(url)
                    .expect("connect")
                    .with_geography(geography());
                let n = corpus.len();
                let mine: Vec<&(Document, Vec<EventMention>)> = (0..n * 3 / 4)
                    .map(|k| &corpus[(worker * n / 4 + k) % n])
                    .collect();
                for chunk in mine.chunks(3) {
                    let items: Vec<_> = chunk.iter().map(|(d, m)| (d, m.as_slice())).collect();
                    for result in store.put_batch(&items).expect("batch") {
                        result.expect("document stored");
                    }
                }
            });
        }
    });
    let (one, four) = (single.store(), shared.store());
    let counts = four.counts().expect("counts");
    assert_eq!(counts.documents, corpus.len(), "every document once");
    assert_eq!(counts.mentions, corpus.len(), "every mention kept");
    assert_eq!(counts, one.counts().expect("counts"));
    assert_eq!(counts.events, 20, "four pairs on five days");
    assert_eq!(event_summary(&four), event_summary(&one));
}

/// Articles in Chinese (simplified and traditional), English and both, to search.
fn search_corpus() -> Vec<Document> {
    let mut mixed = doc(
        "通话",
        "王毅同Marco Rubio通电话。双方讨论了G20峰会的筹备工作。",
        None,
    );
    mixed.captions = vec!["资料图：Ｇ２０峰会会场".into()];
    vec![
        doc(
            "王毅会见拉夫罗夫",
            "外交部长王毅在北京会见来访的俄罗斯外长拉夫罗夫，双方就乌克兰问题交换意见。",
            None,
        ),
        doc(
            "會晤",
            "當地時間4月1日，外交部長在莫斯科會見俄羅斯外長，並舉行會談。",
            None,
        ),
        doc(
            "Erdoğan meets Lavrov",
            "Turkish President Erdoğan met the Russian foreign minister in Ankara on Monday.",
            None,
        ),
        doc(
            "Rubio and Lavrov",
            "Marco Rubio and Sergey Lavrov spoke by phone about the G20 summit.",
            None,
        ),
        mixed,
        // A phrase whose bigrams meet across a comma: SQLite's index finds 会见面 here,
        // so PostgreSQL must too.
        doc("推迟", "两国领导人会见，见面会推迟到下周。", None),
    ]
}

#[test]
fn search_finds_the_same_on_both_backends() {
    let Some(schema) = Schema::new() else { return };
    let mut postgres = schema.store();
    let mut sqlite = parley_store::SqliteStore::open_in_memory().expect("open");
    let corpus = search_corpus();
    for document in &corpus {
        postgres.put(document, &[]).expect("put");
        sqlite.put(document, &[]).expect("put");
    }
    let sorted = |store: &dyn Store, q: &str, limit: usize| {
        let mut hits = store.search(q, limit).expect("search");
        hits.sort_by(|a, b| a.doc.cmp(&b.doc));
        hits
    };
    let queries = [
        "会见",
        "會見",
        "俄罗斯外长",
        "俄羅斯外長",
        "来访",
        "來訪",
        "外",
        "見",
        "会见面",
        "见约翰",
        "莫斯科 会见",
        "lavrov",
        "LAVROV",
        "erdogan",
        "Erdoğan",
        "spoke by",
        "rubio 王毅",
        "Rubio 通电话",
        "G20",
        "Ｇ２０ 峰会",
        "g20 summit",
        "ankara 会见",
        "nothing",
        "，。",
        "\"unbalanced",
    ];
    for q in queries {
        assert_eq!(
            sorted(&postgres, q, 10),
            sorted(&sqlite, q, 10),
            "query {q:?}"
        );
    }
    // The comparison is not between two empty lists.
    let ids = |q: &str| -> Vec<String> {
        sorted(&postgres, q, 10)
            .into_iter()
            .map(|h| h.doc)
            .collect()
    };
    let mut expected = vec![
        corpus[0].id.clone(),
        corpus[1].id.clone(),
        corpus[5].id.clone(),
    ];
    expected.sort();
    assert_eq!(ids("会见"), expected, "simplified finds traditional");
    assert_eq!(ids("俄羅斯外長").len(), 2);
    assert_eq!(ids("erdogan"), [corpus[2].id.clone()], "diacritics folded");
    assert_eq!(ids("rubio 王毅"), [corpus[4].id.clone()], "mixed query");
    assert_eq!(ids("G20").len(), 2, "a body and a full-width caption");
    assert_eq!(ids("会见面"), [corpus[5].id.clone()]);
    assert!(ids("见约翰").is_empty());
    assert_eq!(postgres.search("会见", 1).expect("search").len(), 1);
}

#[test]
fn search_uses_the_index() {
    let Some(mut schema) = Schema::new() else {
        return;
    };
    // Without sequential scans the planner must find an index for the search, or fail
    // over to a scan it is told to avoid; the statistics show which ran.
    let url = format!("{}%20-c%20enable_seqscan%3Doff", schema.url);
    let mut store = PostgresStore::connect(&url).expect("connect");
    for document in search_corpus() {
        store.put(&document, &[]).expect("put");
    }
    assert_eq!(store.search("拉夫罗夫", 10).expect("search").len(), 1);
    drop(store); // a closing backend reports its statistics
    let used = (0..50).find_map(|_| {
        let row = schema
            .admin
            .query_one(
                "SELECT coalesce(sum(idx_scan), 0)::bigint FROM pg_stat_user_indexes
                 WHERE schemaname = $1 AND indexrelname = 'documents_search'",
                &[&schema.name],
            )
            .expect("statistics");
        let scans: i64 = row.get(0);
        if scans > 0 {
            return Some(scans);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        None
    });
    assert!(used.is_some(), "the GIN index was never scanned");
}

#[test]
fn migrating_from_version_2_indexes_stored_documents() {
    let Some(mut schema) = Schema::new() else {
        return;
    };
    let old = doc(
        "會晤",
        "當地時間4月1日，外交部長在莫斯科會見俄羅斯外長。",
        Some("https://example.org/old"),
    );
    // A database as version 2 left it, with one document.
    schema
        .admin
        .batch_execute(&format!(
            "SET search_path TO {};
             CREATE TABLE parley_schema (version INTEGER NOT NULL);
             INSERT INTO parley_schema (version) VALUES (2);
             {}
             {}",
            schema.name,
            parley_store::POSTGRES_MIGRATIONS[0],
            parley_store::POSTGRES_MIGRATIONS[1],
        ))
        .expect("version 2");
    schema
        .admin
        .execute(
            "INSERT INTO documents (id, url, origin, title, body, captions, ingested_at,
               search_text)
             VALUES ($1, $2, $3, $4, $5, '[]', now(), '')",
            &[&old.id, &old.url, &old.origin, &old.title, &old.body],
        )
        .expect("an old document");
    let mut store = schema.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let hits = store.search("会见", 10).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc, old.id);
    assert!(hits[0].snippet.contains("【會見】"), "{}", hits[0].snippet);
    // Documents stored after the migration are found alongside.
    let new = doc("会见", "外交部长在北京会见来访的客人。", None);
    store.put(&new, &[]).expect("put");
    assert_eq!(store.search("外交部长", 10).expect("search").len(), 2);
    let nullable: String = schema
        .admin
        .query_one(
            "SELECT is_nullable::text FROM information_schema.columns
             WHERE table_schema = $1 AND table_name = 'documents'
               AND column_name = 'search_tokens'",
            &[&schema.name],
        )
        .expect("column")
        .get(0);
    assert_eq!(nullable, "NO");
}

#[test]
fn a_document_too_large_for_a_tsvector_is_still_found() {
    let Some(mut schema) = Schema::new() else {
        return;
    };
    let mut store = schema.store();
    // So many different words that their lexemes pass PostgreSQL's 1 MiB.
    let words: String = (0..150_000u32).map(|i| format!("w{i:x} ")).collect();
    let huge = doc("大", &format!("{words}\n王毅在北京会见来访的客人。"), None);
    let small = doc("小", "外交部长在北京会见来访的客人。", None);
    store.put(&huge, &[]).expect("put the large document");
    store.put(&small, &[]).expect("put");
    let unindexed: i64 = schema
        .admin
        .query_one(
            &format!(
                "SELECT count(*) FROM {}.documents WHERE search_vector IS NULL",
                schema.name
            ),
            &[],
        )
        .expect("count")
        .get(0);
    assert_eq!(unindexed, 1, "the large document has no vector");
    let mut found: Vec<String> = store
        .search("会见 客人", 10)
        .expect("search")
        .into_iter()
        .map(|h| h.doc)
        .collect();
    found.sort();
    let mut both = vec![huge.id.clone(), small.id.clone()];
    both.sort();
    assert_eq!(found, both);
    let hits = store.search("w1abc", 10).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc, huge.id);
    assert!(store
        .search("w1abc 外交部长", 10)
        .expect("search")
        .is_empty());
}
