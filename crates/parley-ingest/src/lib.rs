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

pub use outlets::{Furniture, Outlets};

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

/// The first `n` characters of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    // A character takes at least one byte; counting characters is cheaper than finding
    // where the n-th starts.
    if s.len() <= n || s.chars().count() <= n {
        return s;
    }
    // The byte where character `n` starts: count the bytes that start a character.
    let mut seen = 0;
    for (i, b) in s.bytes().enumerate() {
        if b & 0xC0 != 0x80 {
            if seen == n {
                return &s[..i];
            }
            seen += 1;
        }
    }
    s
}

/// True when `needle` (ASCII, lower case) starts at byte `at` of `hay`, in any case.
fn tag_at(hay: &[u8], at: usize, needle: &str) -> bool {
    hay.get(at..at + needle.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Where the first of `needles` (ASCII, lower case, each starting with `<`) starts in
/// `hay`, in any case. Lowercasing the text first would find the same places: no
/// character outside ASCII lowercases to the letters of a tag name, apart from the
/// Kelvin sign (k, in no tag) and the dotted capital I (an i followed by a mark).
fn first_tag(hay: &str, needles: &[&str]) -> Option<usize> {
    let bytes = hay.as_bytes();
    memchr::memchr_iter(b'<', bytes).find(|&at| needles.iter().any(|n| tag_at(bytes, at, n)))
}

/// Root elements of feeds and pages, as [`sniff`] looks for them.
const FEED_ROOTS: [&str; 3] = ["<rss", "<feed", "<rdf:rdf"];
const HTML_ROOTS: [&str; 3] = ["<html", "<!doctype html", "<body"];

/// Recognises the format of decoded text; `media_type` (from the carrier) breaks ties.
pub fn sniff(text: &str, media_type: Option<&str>) -> Format {
    let head = first_chars(text.trim_start_matches('\u{feff}').trim_start(), 2048);
    let media = media_type.unwrap_or("").to_ascii_lowercase();
    if jsonl::looks_like_jsonl(text.as_bytes()) {
        return Format::JsonLines;
    }
    let feed_root = first_tag(head, &FEED_ROOTS);
    let html_root = first_tag(head, &HTML_ROOTS);
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
    const TAGS: [&str; 9] = [
        "<div", "<p>", "<p ", "<table", "<head", "<meta", "<title", "<script", "<a ",
    ];
    let head = first_chars(text, 4096);
    let bytes = head.as_bytes();
    let mut tags = 0;
    for at in memchr::memchr_iter(b'<', bytes) {
        if HTML_ROOTS.iter().any(|n| tag_at(bytes, at, n)) {
            return true;
        }
        // No tag name is a prefix of another, so at most one matches here.
        tags += usize::from(TAGS.iter().any(|n| tag_at(bytes, at, n)));
    }
    head.trim_start().starts_with('<') && tags >= 5
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

/// How many bytes of `bytes` satisfy `pred`. Counted per block of 255 bytes in a
/// byte-sized sum, which the compiler turns into wide vector operations (a count that
/// decides per byte does not vectorise).
#[inline]
pub(crate) fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(usize::from(u8::MAX))
        .map(|block| {
            let n: u8 = block.iter().map(|&b| u8::from(pred(b))).sum();
            usize::from(n)
        })
        .sum()
}

/// True when decoded text is mostly junk: replacement characters and control codes
/// (other than line breaks, tabs and form feeds). Each kind is counted in its own pass
/// over the bytes: passes without branches on each byte (vectorised) and searches for
/// the rare two- and three-byte forms cost less than one pass that decides per byte.
fn is_junk(text: &str) -> bool {
    let bytes = text.as_bytes();
    let total = text.chars().count();
    let controls = count_bytes(
        bytes,
        |b| matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F),
    );
    // U+0080..U+009F, the C1 controls.
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| matches!(bytes.get(i + 1), Some(0x80..=0x9F)))
        .count();
    let replacements = memchr::memmem::find_iter(bytes, "\u{fffd}").count();
    (controls + c1 + replacements) * 10 > total.max(1)
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
    fn tags_are_found_in_any_case_and_only_near_the_start() {
        assert_eq!(sniff("<?XML version=\"1.0\"?>\n<RSS>", None), Format::Feed);
        assert_eq!(
            sniff("<RSS><channel><HTML></HTML></channel></RSS>", None),
            Format::Feed
        );
        assert_eq!(sniff("<Html><BODY>x</BODY></Html>", None), Format::Html);
        let far = format!("{}<html>", "字".repeat(4100));
        assert!(!looks_like_html_page(&far));
        let near = format!("{}<html>", "字".repeat(4000));
        assert!(looks_like_html_page(&near));
        let tags = "<DIV><P>a</P><P>b</P><A HREF=x>c</A><TABLE></TABLE></DIV>";
        assert!(looks_like_html_page(tags));
        assert!(!looks_like_html_page(&format!("x{tags}")));
        assert_eq!(first_chars("一二三", 2), "一二");
        assert_eq!(first_chars("ab", 5), "ab");
    }

    #[test]
    fn junk_is_replacement_characters_and_control_codes() {
        assert!(!is_junk("正文。\n\t第二段\r\n"));
        assert!(is_junk("\u{fffd}\u{fffd}ab"));
        assert!(is_junk("\u{1}\u{2}\u{85}abcdefg"));
        assert!(!is_junk("\u{85}abcdefghijklmnop"));
        assert!(!is_junk(""));
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
