//! Bad input never crashes or hangs the binary: empty files, binary junk, truncated and
//! deeply nested HTML, mislabelled charsets, a 100 MB single line, invalid JSON Lines and
//! a feed with 100,000 items each get a clear per-document error or a bounded result,
//! and the good documents of the same run still come out. The corpus is generated here,
//! at run time, into a temporary directory (nothing large is committed).
//!
//! Every run is watched: a time limit (the process is killed past it), peak memory read
//! from `/proc/<pid>/status` (VmHWM) while it runs, and a panic (exit status 101,
//! "panicked" on stderr) or death by a signal fails the test.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Debug builds are several times slower than release ones; limits scale with it.
const SLOWDOWN: u64 = if cfg!(debug_assertions) { 10 } else { 1 };

/// What one watched run of the binary did.
struct Run {
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_rss_kb: Option<u64>,
}

impl Run {
    /// Fails unless the run ended on its own, without a panic or a signal.
    fn assert_no_crash(&self, what: &str) {
        let Some(status) = self.status else {
            panic!(
                "{what}: still running after {:?} (killed); stderr: {}",
                self.elapsed,
                tail(&self.stderr)
            );
        };
        assert!(
            status.code().is_some(),
            "{what}: killed by a signal ({status}); stderr: {}",
            tail(&self.stderr)
        );
        assert_ne!(
            status.code(),
            Some(101),
            "{what}: panicked: {}",
            tail(&self.stderr)
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{what}: panicked: {}",
            tail(&self.stderr)
        );
        assert_ne!(
            status.code(),
            Some(2),
            "{what}: the whole command failed: {}",
            tail(&self.stderr)
        );
    }

    /// The documents printed on stdout (`parley extract --format jsonl`), by name.
    fn docs(&self) -> Vec<String> {
        self.stdout
            .lines()
            .map(|line| {
                let record: serde_json::Value =
                    serde_json::from_str(line).expect("extract prints JSON Lines");
                record["doc"].as_str().unwrap_or_default().to_string()
            })
            .collect()
    }
}

fn tail(text: &str) -> &str {
    let mut at = text.len().saturating_sub(2000);
    while !text.is_char_boundary(at) {
        at += 1;
    }
    &text[at..]
}

/// Peak resident memory of a running process, in kB.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `parley` with `args`, killing it after `limit`.
fn run_parley(args: &[&str], db: Option<&Path>, limit: Duration) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parley"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(db) = db {
        command.env("PARLEY_DB", db);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("start parley");
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = out.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = err.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let mut peak = None;
    let status = loop {
        if let Some(rss) = peak_rss_kb(child.id()) {
            peak = Some(peak.map_or(rss, |p: u64| p.max(rss)));
        }
        match child.try_wait().expect("wait for parley") {
            Some(status) => break Some(status),
            None if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let elapsed = started.elapsed();
    Run {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
        elapsed,
        peak_rss_kb: peak,
    }
}

fn extract(paths: &[&Path], extra: &[&str], limit: Duration) -> Run {
    let mut args: Vec<String> = vec!["extract".into(), "--format".into(), "jsonl".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_parley(&args, None, limit)
}

fn seconds(n: u64) -> Duration {
    Duration::from_secs(n * SLOWDOWN)
}

/// A good document of our own: every mixed run must still print it.
fn good_document(dir: &Path) -> PathBuf {
    let path = dir.join("good.txt");
    std::fs::write(
        &path,
        "外长会谈\n\n2024年03月04日10:00:00\n\n新华社北京3月4日电 外交部长王毅4日在北京同来访的\
         法国外长举行会谈。双方就双边关系交换了意见。\n",
    )
    .expect("write good document");
    path
}

/// Deterministic pseudo-random bytes (no seed file, no extra crate).
fn junk(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

const SENTENCE: &str =
    "国家主席习近平在人民大会堂会见来访的法国总统马克龙，双方就两国关系交换意见。";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write corpus file");
    path
}

/// 习近平会见马克龙 in GBK bytes (no encoder among the test's dependencies).
const GBK_MEETING: &[u8] = &[
    0xcf, 0xb0, 0xbd, 0xfc, 0xc6, 0xbd, 0xbb, 0xe1, 0xbc, 0xfb, 0xc2, 0xed, 0xbf, 0xcb, 0xc1, 0xfa,
];
/// 習近平會見馬克龍 in Big5 bytes.
const BIG5_MEETING: &[u8] = &[
    0xb2, 0xdf, 0xaa, 0xf1, 0xa5, 0xad, 0xb7, 0x7c, 0xa8, 0xa3, 0xb0, 0xa8, 0xa7, 0x4a, 0xc0, 0x73,
];

/// An HTML page around `body_bytes`, declaring `charset`.
fn page(charset: &str, body_bytes: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>t</title></head><body><div class=\"article\">"
    )
    .into_bytes();
    for _ in 0..8 {
        bytes.extend_from_slice(b"<p>");
        bytes.extend_from_slice(body_bytes);
        bytes.extend_from_slice(b"</p>");
    }
    bytes.extend_from_slice(b"</div></body></html>");
    bytes
}

/// The small bad inputs, each with its file name.
fn small_corpus(dir: &Path) -> Vec<PathBuf> {
    let nested_spans = format!(
        "<html><body>{}<p>{SENTENCE}</p>{}</body></html>",
        "<span>".repeat(100_000),
        "</span>".repeat(100_000)
    );
    let unclosed = format!("<html><body>{}<p>{SENTENCE}", "<b><i>".repeat(50_000));
    vec![
        write(dir, "empty.txt", b""),
        write(dir, "blank.html", b"  \n\n\t  \n"),
        write(dir, "junk.bin", junk(200_000, 0x9e37_79b9_7f4a_7c15)),
        write(dir, "nul.txt", vec![0u8; 10_000]),
        write(
            dir,
            "truncated.html",
            format!("<!DOCTYPE html><html><head><title>会见</title></head><body><div><p>{SENTENCE}</p><p>双方就")
                .as_bytes()
                .iter()
                .copied()
                .chain(SENTENCE.as_bytes()[..7].iter().copied())
                .collect::<Vec<u8>>(),
        ),
        write(dir, "cut-tag.html", b"<!DOCTYPE html><html><head><title>x</title></head><body><div class=\"con"),
        write(dir, "nested-spans.html", nested_spans),
        write(dir, "unclosed-formatting.html", unclosed),
        write(dir, "gbk-declared-utf8.html", page("utf-8", GBK_MEETING)),
        write(dir, "big5-declared-gbk.html", page("gbk", BIG5_MEETING)),
        write(dir, "utf8-declared-big5.html", page("big5", SENTENCE.as_bytes())),
        write(
            dir,
            "invalid.jsonl",
            format!(
                "{{\"title\": \"会见\", \"text\": \"{SENTENCE}\"}}\n{{not json\n[1, 2]\n{{\"title\": 5}}\n\u{0}\u{1}\n{{\"html\": \"<div><p>unclosed\"}}\n{{\"text\": \"{}\n",
                "半截"
            ),
        ),
        write(
            dir,
            "truncated-feed.xml",
            format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>会见</title><description>{SENTENCE}</description></item><item><title>"),
        ),
        write(dir, "bad-xml.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>&bogus;<<<</title></item>"),
        write(dir, "control-chars.txt", "标题\n\n".bytes().chain((0u8..32).cycle().take(5000)).collect::<Vec<u8>>()),
    ]
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

/// Each bad file is either printed as a document or named in a diagnostic.
fn assert_each_accounted_for(run: &Run, files: &[PathBuf]) {
    let docs = run.docs();
    for file in files {
        let name = file_name(file);
        let printed = docs.iter().any(|d| d.contains(&name));
        let reported = run
            .stderr
            .lines()
            .any(|l| l.contains(&name) && l.starts_with("error"));
        assert!(
            printed || reported,
            "{name}: neither a document nor a diagnostic; stderr: {}",
            tail(&run.stderr)
        );
    }
}

#[test]
fn every_small_bad_input_alone_ends_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in small_corpus(dir.path()) {
        let name = file_name(&file);
        let run = extract(&[&file], &[], seconds(30));
        run.assert_no_crash(&name);
        assert_each_accounted_for(&run, std::slice::from_ref(&file));
        eprintln!(
            "{name}: exit {:?}, {:?}, peak {} kB",
            run.status.and_then(|s| s.code()),
            run.elapsed,
            run.peak_rss_kb.unwrap_or(0)
        );
    }
}

#[test]
fn bad_inputs_do_not_stop_the_good_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = small_corpus(dir.path());
    let good = good_document(dir.path());
    files.insert(files.len() / 2, good.clone());
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let run = extract(&paths, &[], seconds(60));
    run.assert_no_crash("mixed extract");
    assert_eq!(
        run.status.and_then(|s| s.code()),
        Some(1),
        "some inputs fail"
    );
    assert!(
        run.docs().iter().any(|d| d.ends_with("good.txt")),
        "the good document is missing"
    );
    assert_each_accounted_for(&run, &files);
    for diagnostic in run.stderr.lines().filter(|l| l.starts_with("error")) {
        assert!(
            diagnostic.len() < 400,
            "diagnostics stay short: {diagnostic}"
        );
    }

    // The same set through `parley ingest`: the good document is stored, the others are
    // counted as failed or stored, and the summary line still comes out.
    let db = dir.path().join("mixed.db");
    let mut args = vec!["ingest".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_parley(&args, Some(&db), seconds(60));
    run.assert_no_crash("mixed ingest");
    assert!(
        run.stdout.contains("documents: "),
        "no summary: {}",
        run.stdout
    );
    let search = run_parley(&["search", "法国外长"], Some(&db), seconds(30));
    search.assert_no_crash("search after the mixed ingest");
    assert!(
        search.stdout.contains("good.txt") || search.stdout.contains("外长会谈"),
        "{}",
        search.stdout
    );
}

/// A directory holding links: a linked file and a linked folder are read, while a broken
/// link and a link back to an ancestor are each one document's error, and the run goes on.
#[cfg(unix)]
#[test]
fn links_in_a_directory_are_followed_and_bad_ones_reported() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("temp dir");
    let good = good_document(outside.path());
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("sub")).expect("mkdir");
    symlink(&good, tree.join("linked.txt")).expect("link a file");
    symlink(outside.path(), tree.join("linked-folder")).expect("link a folder");
    symlink(dir.path().join("missing.txt"), tree.join("broken.txt")).expect("broken link");
    symlink(&tree, tree.join("sub").join("loop")).expect("loop");

    let run = extract(&[&tree], &[], seconds(30));
    run.assert_no_crash("links");
    assert_eq!(run.status.and_then(|s| s.code()), Some(1), "{}", run.stderr);
    let docs = run.docs();
    assert!(
        docs.iter().any(|d| d.ends_with("tree/linked.txt")),
        "{docs:?}"
    );
    assert!(
        docs.iter().any(|d| d.ends_with("linked-folder/good.txt")),
        "{docs:?}"
    );
    assert_eq!(docs.len(), 2, "{docs:?}");
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("broken.txt")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("loop") && e.contains("link loop")),
        "{errors:?}"
    );
}

#[test]
fn a_100_mb_single_line_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line: Vec<u8> = SENTENCE
        .as_bytes()
        .iter()
        .copied()
        .cycle()
        .take(100 * 1024 * 1024)
        .collect();
    let big = write(dir.path(), "one-line.txt", line);
    let good = good_document(dir.path());
    let run = extract(&[&big, &good], &[], seconds(30));
    run.assert_no_crash("100 MB line");
    assert!(
        run.stderr.contains("one-line.txt") && run.stderr.contains("--max-bytes"),
        "expected a size error naming the file: {}",
        tail(&run.stderr)
    );
    assert!(run.docs().iter().any(|d| d.ends_with("good.txt")));
    let peak = run.peak_rss_kb.unwrap_or(0);
    eprintln!("100 MB line: {:?}, peak {peak} kB", run.elapsed);
    assert!(
        peak < 400 * 1024,
        "peak memory {peak} kB for a refused file"
    );

    // A lower limit refuses it without reading it all.
    let run = extract(&[&big], &["--max-bytes", "1000000"], seconds(30));
    run.assert_no_crash("100 MB line, --max-bytes 1000000");
    assert!(
        run.stderr.contains("limit of 1000000 bytes"),
        "{}",
        run.stderr
    );
    assert!(run.peak_rss_kb.unwrap_or(0) < 200 * 1024);
}

#[test]
fn a_long_single_line_under_the_limit_gives_a_bounded_result() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line: String = SENTENCE.repeat(2 * 1024 * 1024 / SENTENCE.len());
    let file = write(dir.path(), "two-mb-line.txt", line);
    let run = extract(&[&file], &[], seconds(60));
    run.assert_no_crash("2 MB line");
    assert_each_accounted_for(&run, &[file]);
    eprintln!(
        "2 MB line: {:?}, peak {} kB",
        run.elapsed,
        run.peak_rss_kb.unwrap_or(0)
    );
}

#[test]
fn a_feed_with_100000_items_is_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut feed = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>t</title>",
    );
    for i in 0..100_000 {
        feed.push_str(&format!(
            "<item><title>第{i}条 外长通电话</title><link>https://example.com/n/{i}.html</link>\
             <pubDate>Mon, 06 May 2024 21:40:00 +0800</pubDate><description>外交部长{}日同法国外长通电话。</description></item>",
            i % 28 + 1
        ));
    }
    feed.push_str("</channel></rss>");
    let file = write(dir.path(), "big-feed.xml", feed);
    let run = extract(&[&file], &[], seconds(120));
    run.assert_no_crash("100,000-item feed");
    let docs = run.docs();
    let peak = run.peak_rss_kb.unwrap_or(0);
    eprintln!(
        "100,000-item feed ({} bytes): {} documents in {:?}, peak {peak} kB",
        std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0),
        docs.len(),
        run.elapsed
    );
    assert_eq!(docs.len(), 100_000, "one document per item");
    assert!(peak < 1024 * 1024, "peak memory {peak} kB over 1 GB");
}

#[test]
fn deeply_nested_inline_html_is_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "nested.html",
        format!(
            "<html><body>{}<p>{SENTENCE}</p></body></html>",
            "<span><em>".repeat(100_000)
        ),
    );
    let run = extract(&[&file], &[], seconds(30));
    run.assert_no_crash("100k nested inline elements");
    assert_each_accounted_for(&run, &[file]);
}

/// html5ever's tree builder scans the open-element stack for a `<p>` in button scope at
/// every block start tag (`close_p_element_in_button_scope`), so n nested `<div>`s cost
/// O(n²): 20k levels took about 2 s in release, 100k about a minute, before parley-ingest
/// bounded the nesting ahead of the tree builder. At 100k levels a quadratic reader
/// would be killed at the time limit; a bounded one prints the story.
#[test]
fn deeply_nested_block_html_is_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "nested-divs.html",
        format!(
            "<html><body>{}<p>{SENTENCE}</p>{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    );
    let body = body_of(&file);
    assert!(
        body.contains(SENTENCE),
        "100k nested <div>: story lost: {body:.200}"
    );
}

/// The body of the one document `parley extract` prints for `file`.
fn body_of(file: &Path) -> String {
    let run = extract(&[file], &[], seconds(30));
    run.assert_no_crash(&file_name(file));
    let line = run.stdout.lines().next().unwrap_or_default().to_string();
    let record: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
    record["body"].as_str().unwrap_or_default().to_string()
}

#[test]
fn gbk_bytes_declared_utf8_are_read_as_gbk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "gbk-declared-utf8.html",
        page("utf-8", GBK_MEETING),
    );
    let body = body_of(&file);
    assert!(
        body.contains("习近平会见马克龙"),
        "mis-decoded: {body:.200}"
    );
}

/// Big5 bytes decode without error as GBK (both are double-byte), so the declared label
/// wins and the body comes out as mojibake (策キ穦ǎ皑纒 for 習近平會見馬克龍).
#[test]
fn big5_bytes_declared_gbk_are_read_as_big5() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "big5-declared-gbk.html",
        page("gbk", BIG5_MEETING),
    );
    let body = body_of(&file);
    assert!(
        body.contains("習近平會見馬克龍"),
        "mis-decoded: {body:.200}"
    );
}
