//! Load benchmark of `/api/events` on loopback over a generated store of at least
//! 100,000 events, put through the `Store` trait. Bounded in requests and time.
//!
//! `cargo bench -p parley-server --bench load`; knobs (environment):
//! `PARLEY_BENCH_EVENTS` (default 100000), `PARLEY_BENCH_REQUESTS` per scenario (default
//! 3000), `PARLEY_BENCH_SECONDS` per scenario at most (default 20), `PARLEY_BENCH_CLIENTS`
//! concurrent keep-alive clients (default 8), `PARLEY_BENCH_DB` a store file kept between
//! runs (default: a temporary one). Prints requests/s and latency percentiles
//! per scenario.

#[path = "../tests/common/mod.rs"]
mod common;

use chrono::{Duration as Days, NaiveDate};
use common::TestServer;
use parley_core::{
    fingerprint, Document, EventMention, EventMode, EventStatus, Evidence, Span, TextField,
    TimeInterval, Timestamp,
};
use parley_store::{SqliteStore, Store};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (xorshift), so runs are comparable.
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

const PEOPLE: usize = 400;
const COUNTRIES: usize = 60;

fn actor(i: usize) -> String {
    if i < PEOPLE {
        format!("person-{i:03}")
    } else {
        let c = i - PEOPLE;
        let letter = |n: usize| (b'A' + (n % 26) as u8) as char;
        format!("X{}{}", letter(c / 26), letter(c))
    }
}

/// Fills `store` until it holds at least `target` events; returns documents put.
fn generate(store: &mut SqliteStore, target: usize) -> usize {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let epoch = NaiveDate::from_ymd_opt(1990, 1, 1).expect("date");
    let mut n = 0usize;
    loop {
        let have = store.counts().expect("counts").events;
        if have >= target {
            return n;
        }
        let batch = (target - have).clamp(1, 2000);
        let mut docs = Vec::with_capacity(batch);
        for _ in 0..batch {
            n += 1;
            let mode = EventMode::ALL[rng.below(4)];
            let a = rng.below(PEOPLE + COUNTRIES);
            let mut b = rng.below(PEOPLE + COUNTRIES);
            if b == a {
                b = (a + 1) % (PEOPLE + COUNTRIES);
            }
            let mut actors = vec![actor(a), actor(b)];
            actors.sort();
            let date = epoch + Days::days(rng.below(13_000) as i64);
            let sentence = format!(
                "Report {n}: {} and {} held a {} on {date}.",
                actors[0], actors[1], mode
            );
            let body = format!("Generated story number {n}.\n\n{sentence} Nothing else happened.");
            let start = body.find("Report").unwrap_or(0);
            let doc = Document {
                id: fingerprint(None, &body),
                origin: format!("bench:{n}"),
                url: Some(format!("https://bench.example.org/{n}")),
                title: Some(format!("Story {n}")),
                published: Some(Timestamp::Day(date)),
                source: None,
                author: None,
                body: body.clone(),
                captions: vec![],
            };
            let mention = EventMention {
                doc: doc.id.clone(),
                mode,
                actors,
                when: TimeInterval::day(date),
                location: None,
                status: if rng.below(10) == 0 {
                    EventStatus::Planned
                } else {
                    EventStatus::Occurred
                },
                evidence: vec![Evidence {
                    field: TextField::Body,
                    span: Span::new(start, start + sentence.len()),
                    text: sentence,
                }],
            };
            docs.push((doc, vec![mention]));
        }
        let items: Vec<(&Document, &[EventMention])> =
            docs.iter().map(|(d, m)| (d, m.as_slice())).collect();
        for result in store.put_batch(&items).expect("batch") {
            result.expect("put");
        }
    }
}

struct Outcome {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

/// `clients` keep-alive clients send requests for `paths` (round robin) until `max`
/// requests in all or `limit` time.
fn run(base: &str, paths: &[String], clients: usize, max: usize, limit: Duration) -> Outcome {
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + limit;
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let issued = issued.clone();
            let base = base.to_string();
            let paths = paths.to_vec();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .new_agent();
                let mut latencies = Vec::new();
                let mut errors = 0;
                loop {
                    let i = issued.fetch_add(1, Ordering::Relaxed);
                    if i >= max || Instant::now() >= deadline {
                        break;
                    }
                    let url = format!("{base}{}", paths[i % paths.len()]);
                    let t = Instant::now();
                    let ok = match agent.get(&url).call() {
                        Ok(mut r) => {
                            r.status().as_u16() == 200 && r.body_mut().read_to_string().is_ok()
                        }
                        Err(_) => false,
                    };
                    latencies.push(t.elapsed());
                    if !ok {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.join().expect("client thread");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Outcome {
        requests: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    // `cargo test --benches` runs benches with --bench absent; do nothing heavy then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("load benchmark: run with `cargo bench -p parley-server --bench load`");
        return;
    }
    let target = env("PARLEY_BENCH_EVENTS", 100_000);
    let max_requests = env("PARLEY_BENCH_REQUESTS", 3_000);
    let seconds = env("PARLEY_BENCH_SECONDS", 20) as u64;
    let clients = env("PARLEY_BENCH_CLIENTS", 8).max(1);

    let dir = tempfile::tempdir().expect("temp dir");
    // PARLEY_BENCH_DB keeps the generated store between runs (only what is missing is
    // generated); by default it lives in a temporary directory.
    let path = std::env::var_os("PARLEY_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.db"));
    let mut store = SqliteStore::open(&path).expect("store");
    let t = Instant::now();
    let docs = generate(&mut store, target);
    let counts = store.counts().expect("counts");
    println!(
        "generated {} events from {docs} documents in {:.1}s",
        counts.events,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let server = TestServer::start(store, None);
    println!(
        "server ready (index built) in {:.1}s",
        t.elapsed().as_secs_f64()
    );

    let mut rng = Rng(42);
    let scenarios: Vec<(&str, Vec<String>)> = vec![
        ("first page (limit 50)", vec!["/api/events".to_string()]),
        (
            "random pages (offset < total)",
            (0..64)
                .map(|_| format!("/api/events?offset={}", rng.below(counts.events)))
                .collect(),
        ),
        (
            "one actor",
            (0..64)
                .map(|_| format!("/api/events?actor={}", actor(rng.below(PEOPLE + COUNTRIES))))
                .collect(),
        ),
        (
            "mode + status + one year",
            (0..64)
                .map(|_| {
                    let year = 1990 + rng.below(35);
                    format!(
                        "/api/events?mode=phone&status=occurred&since={year}-01-01&until={year}-12-31"
                    )
                })
                .collect(),
        ),
        (
            "page of 500",
            vec!["/api/events?limit=500&offset=50000".to_string()],
        ),
    ];
    println!(
        "{clients} keep-alive clients, at most {max_requests} requests or {seconds}s per scenario"
    );
    println!(
        "{:<32} {:>8} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "scenario", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms"
    );
    for (name, paths) in &scenarios {
        // Warm up (and check) before measuring.
        run(&server.base, paths, 1, 20, Duration::from_secs(5));
        let o = run(
            &server.base,
            paths,
            clients,
            max_requests,
            Duration::from_secs(seconds),
        );
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<32} {:>8} {:>7} {:>9.0} {:>9.2} {:>9.2} {:>9.2}",
            name,
            o.requests,
            o.errors,
            o.requests as f64 / o.elapsed.as_secs_f64(),
            ms(percentile(&o.latencies, 50.0)),
            ms(percentile(&o.latencies, 99.0)),
            ms(o.latencies.last().copied().unwrap_or_default()),
        );
    }
}
