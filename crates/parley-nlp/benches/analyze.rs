//! Analysis throughput beside the cost of reading alone: reads every article of
//! `../shared/gold/dev` and `../shared/seeds` (or, without them, a document written
//! here), then times `parley_ingest::read` and `read` + `analyze` over the same bytes,
//! and prints MB/s and documents/s for each, with the knowledge base's start-up and the
//! parts of analysis (normalisation, name matching, time expressions) on their own, and
//! how the time-expression scan grows with the length of one text (8 times the text
//! should take about 8 times as long).
//! Run with `cargo bench -p parley-nlp`.

use parley_core::RawDocument;
use parley_ingest::ReadOptions;
use parley_nlp::analyze::analyze;
use parley_nlp::kb::KnowledgeBase;
use parley_nlp::text::normalize;
use parley_nlp::time::{find_times, Direction};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn corpus() -> Vec<RawDocument> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut docs = Vec::new();
    for dir in ["gold/dev", "seeds"] {
        let Ok(entries) = std::fs::read_dir(shared.join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if let Ok(bytes) = std::fs::read(&path) {
                docs.push(RawDocument::new(path.display().to_string(), bytes));
            }
        }
    }
    if docs.is_empty() {
        eprintln!("../shared is not there: timing a document written here instead");
        let para = "当地时间2月20日，外交部长王毅在南非约翰内斯堡会见俄罗斯外长拉夫罗夫。\
                    双方就共同关心的国际和地区问题交换了意见。\n\n\
                    國務院總理李強昨在人民大會堂會見訪華的法國外長巴羅。\n\n\
                    Keir Starmer met Chinese President Xi Jinping in Beijing on Thursday.\n\n";
        docs.push(RawDocument::new("bench.txt", para.repeat(50).into_bytes()));
    }
    docs
}

/// Runs `f` over the corpus until at least a second has passed; returns time per pass.
fn time_passes(mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut passes = 0u32;
    let mut sink = 0;
    let start = Instant::now();
    while passes < 3 || start.elapsed() < Duration::from_secs(1) {
        sink += f();
        passes += 1;
    }
    (start.elapsed() / passes, sink)
}

fn main() {
    // Start-up: loading the bundled knowledge base and building its matcher, paid once
    // per process.
    let started = Instant::now();
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base loads");
    println!(
        "knowledge base: loaded in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let docs = corpus();
    let options = ReadOptions::default();
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let mb = bytes as f64 / 1e6;
    let n = docs.len() as f64;

    let (read, _) = time_passes(|| {
        docs.iter()
            .map(|d| parley_ingest::read(d, &options).len())
            .sum()
    });
    let (both, _) = time_passes(|| {
        docs.iter()
            .flat_map(|d| parley_ingest::read(d, &options))
            .flatten()
            .map(|doc| {
                analyze(&doc, &kb)
                    .fields
                    .iter()
                    .map(|f| f.sentences.len())
                    .sum::<usize>()
            })
            .sum()
    });
    let analysis = both.saturating_sub(read);
    // The parts of analysis on the cleaned text alone.
    let docs_read: Vec<parley_core::Document> = docs
        .iter()
        .flat_map(|d| parley_ingest::read(d, &options))
        .flatten()
        .collect();
    let texts: Vec<&str> = docs_read.iter().map(|d| d.body.as_str()).collect();
    let (norm, _) = time_passes(|| texts.iter().map(|t| normalize(t).text.len()).sum());
    let (mentions, _) = time_passes(|| texts.iter().map(|t| kb.find_mentions(t).len()).sum());
    let anchor = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date");
    let (times, _) = time_passes(|| {
        texts
            .iter()
            .map(|t| find_times(t, anchor, Direction::Past).len())
            .sum()
    });
    // Growth: one dense paragraph 200 times and 1,600 times. A linear scan takes about
    // 8 times as long for 8 times the text; a quadratic one 64 times.
    let unit = "新华社北京2月20日电 当地时间19日，王毅在约翰内斯堡会见拉夫罗夫。双方表示，今年1月以来，\
                两国元首周二通话，近日将继续沟通。The two met on Tuesday, Feb. 18, 2025. 该视频浏览量3244次。\
                1111111111222222222233333333334444444444年年年月月月日日日";
    let (small, large) = (unit.repeat(200), unit.repeat(1600));
    let (t_small, _) = time_passes(|| find_times(&small, anchor, Direction::Past).len());
    let (t_large, _) = time_passes(|| find_times(&large, anchor, Direction::Past).len());
    println!(
        "find_times growth: 8x the text takes {:.1}x the time ({:.2} ms -> {:.2} ms)",
        t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9),
        t_small.as_secs_f64() * 1e3,
        t_large.as_secs_f64() * 1e3
    );
    let body_mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    for (label, d) in [
        ("normalize", norm),
        ("kb mentions", mentions),
        ("find_times", times),
    ] {
        println!(
            "{label:>15}: {:>9.2} ms/pass  {:>8.2} MB/s (of cleaned text)",
            d.as_secs_f64() * 1e3,
            body_mb / d.as_secs_f64().max(1e-9)
        );
    }
    let rate = |d: Duration| (mb / d.as_secs_f64(), n / d.as_secs_f64());
    println!("corpus: {} documents, {:.2} MB", docs.len(), mb);
    for (label, d) in [
        ("read", read),
        ("read + analyze", both),
        ("analyze alone", analysis),
    ] {
        let (mbs, dps) = rate(d.max(Duration::from_nanos(1)));
        println!(
            "{label:>15}: {:>9.2} ms/pass  {mbs:>8.2} MB/s  {dps:>9.1} docs/s",
            d.as_secs_f64() * 1e3
        );
    }
}
