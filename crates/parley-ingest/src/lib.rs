//! Reading raw documents and cleaning them into stories.
//!
//! [`read`] takes the bytes of one file (or stdin, a feed, a WARC record), recognises its
//! format from the content, and returns one cleaned [`Document`] per story it holds (a
//! feed holds many), or a [`Diagnostic`] for each that could not be read.
//!
//! Formats, recognised by sniffing the content (a carrier's media type only breaks ties):
//! JSON Lines (`{"url", "title", "html" | "text", "published"}` per line), RSS and Atom
//! feeds (one document per item, named `{origin}#{n}`), feed items exported as Markdown
//! with HTML, whole HTML pages (through [`html::extract_article`]), and plain-text dumps
//! of web pages; WARC archives (plain or gzip) are recognised by their first bytes and
//! read record by record through [`warc`]. Site knowledge (outlets, bylines, furniture) comes from
//! `data/outlets.toml` through [`Outlets`].

pub mod charset;
mod dates;
mod feed;
mod fragment;
pub mod html;
mod jsonl;
mod lines;
mod markdown;
pub mod outlets;
mod story;
mod text;
pub mod warc;

pub use outlets::Outlets;

use chrono::FixedOffset;
use parley_core::{Diagnostic, Document, RawDocument};
use std::sync::Arc;
use story::Story;

/// Settings that apply to every document read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The offset assumed for publication times printed without one (mainland Chinese
    /// outlets: +08:00).
    pub default_offset: FixedOffset,
    /// Outlet names, byline patterns and furniture rules (`data/outlets.toml`).
    pub outlets: Arc<Outlets>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            default_offset: FixedOffset::east_opt(8 * 3600).expect("valid offset"),
            outlets: Arc::new(Outlets::builtin()),
        }
    }
}

impl ReadOptions {
    /// The default options with outlet rules read from `path` (a file in the format of
    /// `data/outlets.toml`) instead of the shipped ones.
    pub fn with_outlets_file(path: &std::path::Path) -> Result<Self, String> {
        Ok(ReadOptions {
            outlets: Arc::new(Outlets::load(path)?),
            ..ReadOptions::default()
        })
    }
}

/// The formats [`read`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    JsonLines,
    /// An RSS or Atom feed.
    Feed,
    /// A feed item exported as Markdown with embedded HTML.
    MarkdownItem,
    /// A whole HTML page.
    Html,
    /// A plain-text dump of a web page.
    Text,
}

/// Recognises the format of decoded text; `media_type` (from the carrier) breaks ties.
pub fn sniff(text: &str, media_type: Option<&str>) -> Format {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_lowercase();
    let media = media_type.unwrap_or("").to_ascii_lowercase();
    if jsonl::looks_like_jsonl(text.as_bytes()) {
        return Format::JsonLines;
    }
    let feed_root = ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .filter_map(|t| head.find(t))
        .min();
    let html_root = ["<html", "<!doctype html", "<body"]
        .iter()
        .filter_map(|t| head.find(t))
        .min();
    match (feed_root, html_root) {
        (Some(f), Some(h)) if f < h => return Format::Feed,
        (Some(_), None) if head.starts_with('<') => return Format::Feed,
        _ => {}
    }
    if markdown::looks_like_markdown_item(text) {
        return Format::MarkdownItem;
    }
    if html_root.is_some() || looks_like_html_page(text) || media.contains("html") {
        return Format::Html;
    }
    if media.contains("rss") || media.contains("atom") {
        return Format::Feed;
    }
    Format::Text
}

/// True when text is a whole HTML page rather than text with a few tags: it opens with
/// markup and tags make up much of it.
pub(crate) fn looks_like_html_page(text: &str) -> bool {
    let lower: String = text.chars().take(4096).collect::<String>().to_lowercase();
    if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<body") {
        return true;
    }
    let trimmed = lower.trim_start();
    let tags = [
        "<div", "<p>", "<p ", "<table", "<head", "<meta", "<title", "<script", "<a ",
    ]
    .iter()
    .map(|t| lower.matches(t).count())
    .sum::<usize>();
    trimmed.starts_with('<') && tags >= 5
}

/// A whole page's article as a story.
pub(crate) fn story_from_article(article: html::HtmlArticle) -> Story {
    let paragraphs = article
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    Story {
        title: article.title,
        published: article.published,
        source: article.source,
        url: article.url,
        author: article.author,
        paragraphs,
        captions: article.captions,
    }
}

/// The charset a media type names (`text/html; charset=gbk`).
fn declared_charset(media_type: Option<&str>) -> Option<&str> {
    let media = media_type?;
    let at = media.to_ascii_lowercase().find("charset=")?;
    Some(
        media[at + "charset=".len()..]
            .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace() || c == ';'),
    )
}

/// True when decoded text is mostly junk: replacement characters and control codes.
fn is_junk(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let junk = text
        .chars()
        .filter(|c| {
            *c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        })
        .count();
    junk * 10 > total
}

/// Reads one raw document into the stories it holds.
pub fn read(raw: &RawDocument, options: &ReadOptions) -> Vec<Result<Document, Diagnostic>> {
    let origin = raw.origin.as_str();
    if raw.bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return vec![Err(Diagnostic::error(origin, "empty document"))];
    }
    if warc::is_warc(&raw.bytes) {
        return warc::read_warc(raw, options);
    }
    if jsonl::looks_like_jsonl(&raw.bytes) {
        return jsonl::read_jsonl(&raw.bytes, origin, options);
    }
    let text = match charset::decode(&raw.bytes, declared_charset(raw.media_type.as_deref())) {
        Ok(text) => text,
        Err(reason) => {
            return vec![Err(Diagnostic::error(
                origin,
                format!("cannot decode: {reason}"),
            ))]
        }
    };
    if is_junk(&text) {
        return vec![Err(Diagnostic::error(
            origin,
            "content is binary or in an unknown encoding, not text",
        ))];
    }
    let text = text.trim_start_matches('\u{feff}');
    let story = match sniff(text, raw.media_type.as_deref()) {
        Format::Feed => return feed::read_feed(text, origin, options),
        Format::JsonLines => return jsonl::read_jsonl(text.as_bytes(), origin, options),
        Format::MarkdownItem => markdown::read_markdown_item(text, options).unwrap_or_default(),
        Format::Html => {
            let story = story_from_article(html::extract_article(text, options));
            if story.paragraphs.is_empty() {
                let reason = if text.to_ascii_lowercase().contains("</html>") {
                    "no story text found in the HTML page"
                } else {
                    "no story text found in the HTML page (it may be truncated)"
                };
                return vec![Err(Diagnostic::error(origin, reason))];
            }
            story
        }
        Format::Text => text::clean_dump(text, options),
    };
    let mut story = story;
    if story.url.is_none() {
        story.url = raw.url.clone();
    }
    vec![story.into_document(origin.to_string())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_reads_the_content() {
        assert_eq!(
            sniff("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", None),
            Format::Feed
        );
        assert_eq!(
            sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">", None),
            Format::Feed
        );
        assert_eq!(
            sniff("<!DOCTYPE html><html><body><p>x</p></body></html>", None),
            Format::Html
        );
        assert_eq!(
            sniff("<text id=\"x\"><html><body>x</body></html></text>", None),
            Format::Html
        );
        assert_eq!(sniff("标题\n\n正文。", None), Format::Text);
        assert_eq!(
            sniff("[标题](https://example.com)\n------\n<p>正文。</p>", None),
            Format::MarkdownItem
        );
        assert_eq!(sniff("plain words", Some("text/html")), Format::Html);
        assert_eq!(
            sniff("{\"title\": \"t\", \"text\": \"x\"}\n", None),
            Format::JsonLines
        );
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared_charset(Some("text/html; charset=\"GBK\"")),
            Some("GBK")
        );
        assert_eq!(declared_charset(Some("text/html")), None);
    }
}
