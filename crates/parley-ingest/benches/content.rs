//! Throughput of whole-page cleaning (charset decoding + `html::extract_article`), side by
//! side with a baseline that only decodes and parses the same pages into the tree the
//! cleaner walks (`html::dom`), and, for reference, with html5ever (through `scraper`,
//! the faithful HTML5 tree the cleaner used before), on two sets: our own fixture pages (`tests/fixtures/*.html`,
//! always there) and the shared benchmark pages (`../shared/bench/{zh,en}-content`, when
//! present). A third set, pages nested 10,000 deep, shows that the depth bound keeps such
//! pages linear.
//!
//! Plain-text page dumps are measured apart: `parley_ingest::read` (decoding, sniffing
//! and the dump cleaner) over our own dumps (`tests/fixtures/*.txt` and the workspace's
//! test and example dumps) and the shared seeds and dev articles (`../shared`, when
//! present), beside decoding alone.
//!
//! Run with `cargo bench -p parley-ingest --bench content [-- --quick] [--only NAME]`
//! (`NAME` is a part of a set or step name, e.g. `shared` or `clean`, for profiling one
//! step); prints MB/s, pages/s and ms/page (the mean, and the fastest round).

use parley_core::RawDocument;
use parley_ingest::{charset, html, read, ReadOptions};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// The allocator of the `parley` binary, so that what is measured here is what the
/// pipeline pays (with glibc's malloc a cleaned page costs about 5 % more instructions).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every `.html` file in `dir`, sorted by name.
fn html_files(dir: &Path) -> Vec<Vec<u8>> {
    files(dir, "html")
}

/// Every file in `dir` whose name ends in `.{ext}`, sorted by name.
fn files(dir: &Path, ext: &str) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Text dumps in our own words: this crate's fixtures, the workspace's examples and the
/// merge fixtures of the binary's tests.
fn fixture_dumps() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "tests/fixtures",
        "../../examples",
        "../parley/tests/fixtures/merge",
    ]
    .iter()
    .flat_map(|dir| files(&root.join(dir), "txt"))
    .collect()
}

/// The shared seed and dev articles (page dumps), when present.
fn shared_dumps() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    ["seeds", "gold/dev"]
        .iter()
        .flat_map(|dir| files(&root.join(dir), "txt"))
        .collect()
}

fn fixture_pages() -> Vec<Vec<u8>> {
    html_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
}

/// The pages of one shared benchmark set (`zh-content` or `en-content`).
fn shared_pages(set: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench");
    html_files(&root.join(set).join("pages"))
}

/// Pages of our own words nested 10,000 deep, in blocks and inline.
fn deep_pages() -> Vec<Vec<u8>> {
    let para = "The two foreign ministers met on Monday and agreed to meet again in the spring.";
    vec![
        format!(
            "<html><body>{}<p>{para}</p>{}</body></html>",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        )
        .into_bytes(),
        format!(
            "<html><body><p>{}{para}</p></body></html>",
            "<span><em>".repeat(5_000)
        )
        .into_bytes(),
    ]
}

/// Time per round over every page: the mean, and the fastest round.
#[derive(Clone, Copy)]
struct Timing {
    mean: Duration,
    best: Duration,
}

/// Runs `f` over every page until at least `min` has passed. The fastest round is
/// reported beside the mean: on a shared machine the mean carries the neighbours' load,
/// while the fastest round is the closest to the code's own cost.
fn measure(pages: &[Vec<u8>], min: Duration, mut f: impl FnMut(&[u8])) -> Timing {
    for p in pages {
        f(p);
    }
    let start = Instant::now();
    let mut rounds = 0u32;
    let mut best = Duration::MAX;
    while start.elapsed() < min || rounds == 0 {
        let round = Instant::now();
        for p in pages {
            f(p);
        }
        best = best.min(round.elapsed());
        rounds += 1;
    }
    Timing {
        mean: start.elapsed() / rounds,
        best,
    }
}

fn report(name: &str, t: Timing, pages: usize, bytes: usize) {
    let secs = t.mean.as_secs_f64();
    println!(
        "  {name:<30} {:>8.1} MB/s {:>8.0} pages/s {:>8.3} ms/page (fastest round {:.3})",
        bytes as f64 / secs / 1e6,
        pages as f64 / secs,
        secs * 1e3 / pages as f64,
        t.best.as_secs_f64() * 1e3 / pages as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let min = Duration::from_secs(if quick { 1 } else { 5 });
    let options = ReadOptions::default();
    let sets = [
        ("fixtures", fixture_pages()),
        ("shared zh-content", shared_pages("zh-content")),
        ("shared en-content", shared_pages("en-content")),
        ("deep", deep_pages()),
    ];
    for (set, pages) in &sets {
        if pages.is_empty() {
            println!("{set}: no pages (../shared/bench not found?)");
            continue;
        }
        let bytes: usize = pages.iter().map(Vec::len).sum();
        println!("{set}: {} pages, {:.2} MB", pages.len(), bytes as f64 / 1e6);
        let wanted = |step: &str| {
            only.as_deref()
                .is_none_or(|o| set.contains(o) || step.contains(o))
        };
        if wanted("decode") {
            let t = measure(pages, min, |p| {
                black_box(charset::decode(p, None).unwrap_or_default());
            });
            report("charset decode only", t, pages.len(), bytes);
        }
        if wanted("parse") {
            let t = measure(pages, min, |p| {
                let text = charset::decode(p, None).unwrap_or_default();
                black_box(html::dom::Dom::parse(&text).len());
            });
            report("baseline: decode + parse (dom)", t, pages.len(), bytes);
        }
        // The unbounded parse of a 10,000-deep page is the quadratic case: left out.
        if *set != "deep" && wanted("html5ever") {
            let t = measure(pages, min, |p| {
                let text = charset::decode(p, None).unwrap_or_default();
                black_box(scraper::Html::parse_document(&text));
            });
            report("reference: decode + html5ever", t, pages.len(), bytes);
        }
        if wanted("clean") {
            let t = measure(pages, min, |p| {
                let text = charset::decode(p, None).unwrap_or_default();
                black_box(html::extract_article(&text, &options));
            });
            report("read + clean (parley)", t, pages.len(), bytes);
        }
    }
    let dump_sets = [
        ("dump fixtures", fixture_dumps()),
        ("dump shared", shared_dumps()),
    ];
    for (set, dumps) in &dump_sets {
        if dumps.is_empty() {
            println!("{set}: no dumps (../shared not found?)");
            continue;
        }
        let bytes: usize = dumps.iter().map(Vec::len).sum();
        println!("{set}: {} dumps, {:.2} MB", dumps.len(), bytes as f64 / 1e6);
        let wanted = |step: &str| {
            only.as_deref()
                .is_none_or(|o| set.contains(o) || step.contains(o))
        };
        if wanted("decode") {
            let t = measure(dumps, min, |p| {
                black_box(charset::decode(p, None).unwrap_or_default());
            });
            report("charset decode only", t, dumps.len(), bytes);
        }
        if wanted("read") {
            let t = measure(dumps, min, |p| {
                black_box(read(&RawDocument::new("bench.txt", p.to_vec()), &options));
            });
            report("read (sniff + clean dump)", t, dumps.len(), bytes);
        }
    }
}
