//! Whole-page cleaning measured on the shared content-extraction benchmarks
//! (`../shared/bench/zh-content` and `en-content`), with the metrics of
//! `../shared/eval/body_f1.py`: bag-of-tokens F1 for Chinese, 4-gram shingle F1 for
//! English. Skipped with a message when `../shared` is absent.

use chrono::Datelike;
use parley_ingest::{charset, html, ReadOptions};
use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn bench_dir(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/bench")
        .join(name);
    dir.join("ground-truth.json").is_file().then_some(dir)
}

/// Page id → extracted article, for every page of the set.
fn extract_all(dir: &Path) -> HashMap<String, html::HtmlArticle> {
    let options = ReadOptions::default();
    let mut out = HashMap::new();
    for entry in std::fs::read_dir(dir.join("pages")).expect("pages folder") {
        let path = entry.expect("dir entry").path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".html"))
        else {
            continue;
        };
        let bytes = std::fs::read(&path).expect("readable page");
        let text = charset::decode(&bytes, None).expect("decodable page");
        out.insert(id.to_string(), html::extract_article(&text, &options));
    }
    out
}

fn load(path: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(path).expect("readable json");
    match serde_json::from_str(&text).expect("valid json") {
        Value::Object(m) => m,
        _ => panic!("{} is not an object", path.display()),
    }
}

fn body_of(v: &Value) -> &str {
    v.get("articleBody").and_then(Value::as_str).unwrap_or("")
}

fn counts(tokens: Vec<String>) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for t in tokens {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

/// (true positives, false positives, false negatives) of two multisets.
fn overlap(gold: &HashMap<String, usize>, pred: &HashMap<String, usize>) -> (f64, f64, f64) {
    let tp: usize = gold
        .iter()
        .map(|(k, g)| (*g).min(pred.get(k).copied().unwrap_or(0)))
        .sum();
    let (g, p): (usize, usize) = (gold.values().sum(), pred.values().sum());
    (tp as f64, (p - tp) as f64, (g - tp) as f64)
}

fn prec((tp, fp, fun): (f64, f64, f64)) -> f64 {
    if fp == 0.0 && fun == 0.0 {
        1.0
    } else if tp + fp > 0.0 {
        tp / (tp + fp)
    } else {
        0.0
    }
}

fn rec((tp, fp, fun): (f64, f64, f64)) -> f64 {
    if fp == 0.0 && fun == 0.0 {
        1.0
    } else if tp + fun > 0.0 {
        tp / (tp + fun)
    } else {
        0.0
    }
}

fn bag_tokens(text: &str) -> Vec<String> {
    let re =
        Regex::new(r"[\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{f900}-\x{faff}]|[A-Za-z0-9]+").unwrap();
    re.find_iter(text).map(|m| m.as_str().to_string()).collect()
}

fn shingle_tokens(text: &str) -> Vec<String> {
    let re = Regex::new(r"\w+").unwrap();
    let toks: Vec<String> = re
        .find_iter(text)
        .map(|m| m.as_str().to_lowercase())
        .collect();
    if toks.is_empty() {
        return Vec::new();
    }
    let n = 4;
    (0..toks.len().saturating_sub(n - 1).max(1))
        .map(|i| toks[i..(i + n).min(toks.len())].join(" "))
        .collect()
}

/// Mean bag F1 over pages (Chinese set).
fn bag_f1(truth: &serde_json::Map<String, Value>, out: &HashMap<String, html::HtmlArticle>) -> f64 {
    let f1s: Vec<f64> = truth
        .iter()
        .map(|(id, g)| {
            let pred = out.get(id).map_or("", |a| a.body.as_str());
            let c = overlap(&counts(bag_tokens(body_of(g))), &counts(bag_tokens(pred)));
            let (p, r) = (prec(c), rec(c));
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            }
        })
        .collect();
    f1s.iter().sum::<f64>() / f1s.len() as f64
}

/// F1 of mean shingle precision and recall (English set).
fn shingle_f1(
    truth: &serde_json::Map<String, Value>,
    out: &HashMap<String, html::HtmlArticle>,
) -> f64 {
    let (mut ps, mut rs) = (0.0, 0.0);
    for (id, g) in truth {
        let pred = out.get(id).map_or("", |a| a.body.as_str());
        let (tp, fp, fun) = overlap(
            &counts(shingle_tokens(body_of(g))),
            &counts(shingle_tokens(pred)),
        );
        let s = tp + fp + fun;
        let c = if s > 0.0 {
            (tp / s, fp / s, fun / s)
        } else {
            (0.0, 0.0, 0.0)
        };
        ps += prec(c);
        rs += rec(c);
    }
    let (p, r) = (ps / truth.len() as f64, rs / truth.len() as f64);
    2.0 * p * r / (p + r)
}

fn ymd(text: &str) -> Option<(i32, u32, u32)> {
    let re = Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").unwrap();
    let c = re.captures(text)?;
    Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
}

#[test]
fn chinese_pages_bodies_and_dates() {
    let Some(dir) = bench_dir("zh-content") else {
        eprintln!("../shared/bench/zh-content not found: skipping the Chinese content benchmark");
        return;
    };
    let out = extract_all(&dir);
    let truth = load(&dir.join("ground-truth.json"));
    let f1 = bag_f1(&truth, &out);
    let dates = load(&dir.join("date-ground.json"));
    let dated: Vec<(&String, (i32, u32, u32))> = dates
        .iter()
        .filter_map(|(id, v)| Some((id, ymd(body_of(v))?)))
        .collect();
    let right = dated
        .iter()
        .filter(|(id, day)| {
            out.get(*id).and_then(|a| a.published).map(|p| {
                let d = p.date();
                (d.year(), d.month(), d.day())
            }) == Some(*day)
        })
        .count();
    eprintln!(
        "zh-content: mean bag F1 {f1:.3}, dates right on {right}/{} dated pages",
        dated.len()
    );
    assert!(f1 >= 0.92, "Chinese mean F1 {f1:.3} under 0.92");
    assert!(
        right * 5 >= dated.len() * 4,
        "dates right on only {right}/{}",
        dated.len()
    );
}

#[test]
fn english_pages_bodies() {
    let Some(dir) = bench_dir("en-content") else {
        eprintln!("../shared/bench/en-content not found: skipping the English content benchmark");
        return;
    };
    let out = extract_all(&dir);
    let truth = load(&dir.join("ground-truth.json"));
    let f1 = shingle_f1(&truth, &out);
    eprintln!("en-content: shingle F1 {f1:.3}");
    assert!(f1 >= 0.95, "English F1 {f1:.3} under 0.95");
}

/// A page nested far deeper than any real one (10,000 `<div>`s, then unclosed inline
/// elements) still yields its story: the nesting is bounded before the tree builder, whose
/// cost would otherwise grow with the square of the depth.
#[test]
fn a_page_nested_ten_thousand_deep_keeps_its_story() {
    let story = [
        "The foreign ministers of the two countries met in the capital on Monday and agreed to resume regular consultations, officials said.",
        "Both sides described the talks as constructive and said a second round would follow before the end of the year.",
    ];
    let page = format!(
        "<html><head><title>Ministers meet</title></head><body>{}<p>{}</p>{}<p>{}</p>{}</body></html>",
        "<div class=\"wrap\">".repeat(10_000),
        story[0],
        "<span><b>".repeat(5_000),
        story[1],
        "</div>".repeat(10_000),
    );
    let a = html::extract_article(&page, &ReadOptions::default());
    assert_eq!(a.title.as_deref(), Some("Ministers meet"));
    for s in story {
        assert!(a.body.contains(s), "missing {s:.40} in {:.300}", a.body);
    }
    let bounded = html::depth::bound_nesting(&page, html::depth::MAX_DEPTH);
    assert!(
        bounded.matches("<div").count() < html::depth::MAX_DEPTH,
        "nesting not bounded"
    );
}
