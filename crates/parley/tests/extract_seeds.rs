//! Runs `parley extract` on the shared seed articles and checks the referee scorer
//! accepts its events (event F1 at least 0.9). Skipped, with a message, when
//! `../shared` or python3 is not there.

use std::path::PathBuf;
use std::process::Command;

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("seeds").is_dir() && dir.join("eval/score.py").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is not there", dir.display());
        None
    }
}

fn has_python() -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: python3 is not available");
    }
    ok
}

/// Runs the binary on every `*.txt` in `dir` and returns its JSON Lines output.
fn extract(dir: &std::path::Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list the articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_parley"))
        .arg("extract")
        .args(["--format", "jsonl"])
        .args(&files)
        .output()
        .expect("run parley extract");
    assert!(
        out.status.success(),
        "parley extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

fn score(
    gold: &std::path::Path,
    output: &str,
    min_f1: &str,
    shared: &std::path::Path,
) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("out.jsonl");
    std::fs::write(&path, output).expect("write output");
    let run = Command::new("python3")
        .arg(shared.join("eval/score.py"))
        .arg(gold)
        .arg(&path)
        .args(["--min-f1", min_f1, "--verbose"])
        .output()
        .expect("run the scorer");
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stdout).into_owned(),
    )
}

#[test]
fn seeds_reach_event_f1_of_0_9() {
    let Some(shared) = shared() else { return };
    if !has_python() {
        return;
    }
    let output = extract(&shared.join("seeds"));
    assert_eq!(output.lines().count(), 5, "one record per seed article");
    let (ok, report) = score(&shared.join("gold/seeds.json"), &output, "0.9", &shared);
    assert!(ok, "the scorer rejected the seed events:\n{report}");
}

#[test]
fn every_event_quotes_its_evidence_from_the_text() {
    let Some(shared) = shared() else { return };
    let output = extract(&shared.join("seeds"));
    let mut events = 0;
    for line in output.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
        let body = doc["body"].as_str().expect("a body");
        let captions: Vec<&str> = doc["captions"]
            .as_array()
            .map(|a| a.iter().filter_map(|c| c.as_str()).collect())
            .unwrap_or_default();
        for event in doc["events"].as_array().expect("an events array") {
            events += 1;
            let actors = event["actors"].as_array().expect("actors");
            assert!(
                actors.len() >= 2,
                "an event has two actors or more: {event}"
            );
            for span in event["spans"].as_array().expect("spans") {
                let text = match span["field"].as_str() {
                    Some("caption") => {
                        captions[span["caption"].as_u64().expect("caption index") as usize]
                    }
                    _ => body,
                };
                let (start, end) = (
                    span["start"].as_u64().unwrap_or(0) as usize,
                    span["end"].as_u64().unwrap_or(0) as usize,
                );
                assert_eq!(
                    text.get(start..end),
                    span["text"].as_str(),
                    "span text matches the field"
                );
            }
        }
    }
    assert!(
        events >= 10,
        "the seeds report at least ten events, found {events}"
    );
}
