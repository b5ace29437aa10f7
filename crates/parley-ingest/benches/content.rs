//! Throughput of whole-page cleaning (charset decoding + `html::extract_article`) over
//! the shared benchmark pages, side by side with a baseline that only decodes and
//! parses the same pages with html5ever (through `scraper`). Run with
//! `cargo bench -p parley-ingest --bench content`; prints MB/s, pages/s and ms/page.

use parley_ingest::{charset, html, ReadOptions};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

fn pages() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench");
    let mut out = Vec::new();
    for set in ["zh-content", "en-content"] {
        let Ok(dir) = std::fs::read_dir(root.join(set).join("pages")) else {
            continue;
        };
        let mut paths: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    out
}

/// Runs `f` over every page until at least `min` has passed; returns time per round.
fn measure(pages: &[Vec<u8>], min: Duration, mut f: impl FnMut(&[u8])) -> Duration {
    for p in pages {
        f(p);
    }
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < min {
        for p in pages {
            f(p);
        }
        rounds += 1;
    }
    start.elapsed() / rounds
}

fn report(name: &str, per_round: Duration, pages: usize, bytes: usize) {
    let secs = per_round.as_secs_f64();
    println!(
        "{name:<28} {:>8.1} MB/s {:>8.0} pages/s {:>7.3} ms/page",
        bytes as f64 / secs / 1e6,
        pages as f64 / secs,
        secs * 1e3 / pages as f64
    );
}

fn main() {
    let pages = pages();
    if pages.is_empty() {
        println!("../shared/bench not found: nothing to measure");
        return;
    }
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let min = Duration::from_secs(if std::env::args().any(|a| a == "--quick") {
        1
    } else {
        5
    });
    println!("{} pages, {:.1} MB", pages.len(), bytes as f64 / 1e6);
    let options = ReadOptions::default();
    let decode = measure(&pages, min, |p| {
        black_box(charset::decode(p, None).unwrap_or_default());
    });
    report("charset decode only", decode, pages.len(), bytes);
    let baseline = measure(&pages, min, |p| {
        let text = charset::decode(p, None).unwrap_or_default();
        black_box(scraper::Html::parse_document(&text));
    });
    report("baseline: decode + html5ever", baseline, pages.len(), bytes);
    let full = measure(&pages, min, |p| {
        let text = charset::decode(p, None).unwrap_or_default();
        black_box(html::extract_article(&text, &options));
    });
    report("read + clean (parley)", full, pages.len(), bytes);
    println!(
        "cleaning costs {:.2}x the parse alone",
        full.as_secs_f64() / baseline.as_secs_f64()
    );
}
