//! JSON Lines: one story per line, `{"url", "title", "html" | "text", "published"}` (also
//! `content`/`body` for the text, `date` for the time, `source`, `author`). A bad line
//! is a diagnostic for that line; the others are read.

use crate::dates::parse_timestamp;
use crate::fragment::clean_fragment;
use crate::story::Story;
use crate::text::clean_dump;
use crate::{html, looks_like_html_page, story_from_article, ReadOptions};
use parley_core::{Diagnostic, Document};
use serde_json::{Map, Value};

/// True when the first non-empty line is a JSON object.
pub(crate) fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let first = bytes
        .split(|b| *b == b'\n')
        .map(|l| l.trim_ascii())
        .find(|l| !l.is_empty());
    first.is_some_and(|l| {
        l.starts_with(b"{") && serde_json::from_slice::<Map<String, Value>>(l).is_ok()
    })
}

fn field<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| obj.get(*n)?.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn read_record(obj: &Map<String, Value>, options: &ReadOptions) -> Story {
    let title = field(obj, &["title", "headline"]);
    let mut story = if let Some(page) = field(obj, &["html", "raw_html"]) {
        if looks_like_html_page(page) {
            story_from_article(html::extract_article(page, options))
        } else {
            clean_fragment(page, title, options)
        }
    } else if let Some(text) = field(obj, &["text", "content", "body"]) {
        // The title first, so the cleaner reads the text as a dump and drops repeats.
        let dump = title.map_or_else(|| text.to_string(), |t| format!("{t}\n\n{text}"));
        clean_dump(&dump, options)
    } else {
        Story::default()
    };
    if let Some(t) = title {
        story.title = Some(t.to_string());
    }
    if let Some(url) = field(obj, &["url", "link"]) {
        story.url = Some(url.to_string());
    }
    if let Some(p) = field(obj, &["published", "date", "pubDate", "time"])
        .and_then(|p| parse_timestamp(p, options.default_offset))
    {
        story.published = Some(p);
    }
    if let Some(s) = field(obj, &["source", "outlet", "site"]) {
        story.source = Some(options.outlets.normalise(s));
    }
    if let Some(a) = field(obj, &["author"]) {
        story.author = Some(a.to_string());
    }
    story
}

/// Reads JSON Lines; one result per non-empty line, named `{origin}#{line}`.
pub(crate) fn read_jsonl(
    bytes: &[u8],
    origin: &str,
    options: &ReadOptions,
) -> Vec<Result<Document, Diagnostic>> {
    bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.trim_ascii().is_empty())
        .map(|(i, line)| {
            let name = format!("{origin}#{}", i + 1);
            let text = std::str::from_utf8(line.trim_ascii()).map_err(|e| {
                Diagnostic::error(&name, format!("line {} is not UTF-8: {e}", i + 1))
            })?;
            let obj: Map<String, Value> = serde_json::from_str(text).map_err(|e| {
                Diagnostic::error(&name, format!("line {} is not a JSON object: {e}", i + 1))
            })?;
            read_record(&obj, options).into_document(name)
        })
        .collect()
}
