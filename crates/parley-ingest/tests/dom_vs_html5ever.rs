//! Our page tree (`html::dom`) against html5ever's, on real pages: the text a reader sees
//! in the body must come out the same, in the same order, and under the same block
//! elements. html5ever is the reference implementation of HTML5 tree building; ours keeps
//! only the rules that shape blocks, so this is where a missing rule shows.
//!
//! Pages: our own fixtures (always), and the shared content benchmarks
//! (`../shared/bench/{zh,en}-content`, 126 third-party pages) where that folder is present:
//! a user's clone skips them with a message, CI has them.

use parley_ingest::charset;
use parley_ingest::html::dom::{Dom, Edge, Node};
use std::path::Path;

/// Elements whose content a reader does not see as text.
fn hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "textarea"
            | "title"
            | "iframe"
            | "noembed"
            | "noframes"
            | "xmp"
            | "plaintext"
            | "select"
            | "option"
    )
}

/// Elements that start a new block of text.
fn block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "blockquote"
            | "pre"
            | "dl"
            | "dt"
            | "dd"
            | "form"
            | "figure"
            | "figcaption"
            | "main"
    )
}

/// Appends `text` with runs of whitespace collapsed to one space.
fn push_collapsed(out: &mut String, text: &str) {
    for word in text.split_whitespace() {
        if !out.is_empty() && !out.ends_with(['\n', ' ']) {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) && !out.ends_with(['\n', ' ']) && !out.is_empty() {
        out.push(' ');
    }
}

/// Starts a new block line.
fn new_block(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// One step of a walk through a tree, whichever parser built it.
enum Step<'t> {
    Open(&'t str),
    Text(&'t str),
    Close(&'t str),
    Other,
}

/// The visible text of a walk, a line per block.
fn render<'t>(steps: impl Iterator<Item = Step<'t>>) -> String {
    let mut out = String::new();
    let mut hidden_depth = 0usize;
    for step in steps {
        match step {
            Step::Open(name) if hidden(name) => hidden_depth += 1,
            Step::Close(name) if hidden(name) => hidden_depth -= 1,
            Step::Open(name) | Step::Close(name) if block(name) => new_block(&mut out),
            Step::Text(text) if hidden_depth == 0 => push_collapsed(&mut out, text),
            _ => {}
        }
    }
    new_block(&mut out);
    out
}

/// The visible text of the body in our tree.
fn ours(html: &str) -> String {
    let dom = Dom::parse(html);
    render(dom.body().traverse().map(|edge| match edge {
        Edge::Open(n) => match n.value() {
            Node::Element(e) => Step::Open(e.name()),
            Node::Text(t) => Step::Text(t),
            _ => Step::Other,
        },
        Edge::Close(n) => match n.value() {
            Node::Element(e) => Step::Close(e.name()),
            _ => Step::Other,
        },
    }))
}

/// The same, from html5ever's tree (through scraper).
fn reference(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse("body").expect("selector");
    let Some(body) = doc.select(&body).next() else {
        return String::new();
    };
    render(body.traverse().map(|edge| match edge {
        ego_tree::iter::Edge::Open(n) => match n.value() {
            scraper::Node::Element(e) => Step::Open(e.name()),
            scraper::Node::Text(t) => Step::Text(t),
            _ => Step::Other,
        },
        ego_tree::iter::Edge::Close(n) => match n.value() {
            scraper::Node::Element(e) => Step::Close(e.name()),
            _ => Step::Other,
        },
    }))
}

/// Pages (`.html`) in `dir`, decoded as the reader decodes them.
fn pages(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read page");
            let text = charset::decode(&bytes, None).expect("decodable page");
            (p.display().to_string(), text)
        })
        .collect()
}

/// Compares both trees on `pages`; returns a description of each page that differs.
fn differences(pages: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, html) in pages {
        let (a, b) = (ours(html), reference(html));
        if a != b {
            let (la, lb): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
            let at = la
                .iter()
                .zip(&lb)
                .position(|(x, y)| x != y)
                .unwrap_or(la.len().min(lb.len()));
            found.push(format!(
                "{name}: block {at}\n  ours:      {:?}\n  html5ever: {:?}",
                la.get(at),
                lb.get(at)
            ));
        }
    }
    found
}

#[test]
fn fixture_pages_read_as_html5ever_reads_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let pages = pages(&dir);
    assert!(!pages.is_empty(), "no fixture pages in {}", dir.display());
    let diff = differences(&pages);
    assert!(diff.is_empty(), "{}", diff.join("\n"));
}

#[test]
fn shared_benchmark_pages_read_as_html5ever_reads_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench");
    if !root.exists() {
        eprintln!(
            "skipped: {} is absent (CI has it beside the checkout)",
            root.display()
        );
        return;
    }
    let mut all = Vec::new();
    for set in ["zh-content", "en-content"] {
        all.extend(pages(&root.join(set).join("pages")));
    }
    assert!(
        all.len() > 100,
        "expected the 126 benchmark pages, found {}",
        all.len()
    );
    let diff = differences(&all);
    assert!(
        diff.is_empty(),
        "{} of {} pages differ:\n{}",
        diff.len(),
        all.len(),
        diff.join("\n")
    );
}
