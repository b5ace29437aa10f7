//! Cleaning whole HTML pages: the main story without site furniture, and the page's
//! metadata (title, publication time, outlet, canonical URL, author).
//!
//! [`extract_article`] parses the page once with html5ever (through `scraper`), cuts it
//! into text blocks while dropping furniture ([`content`]), keeps the blocks of the
//! element with the densest prose, and reads metadata from meta tags, JSON-LD, `<time>`
//! elements and, for pages that print them only as text, the date and `来源` lines
//! around the headline ([`meta`]).

pub mod content;
pub mod date;
pub mod meta;

use crate::ReadOptions;
use parley_core::Timestamp;
use scraper::Html;

/// What a web page yields once cleaned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// The headline.
    pub title: Option<String>,
    /// When it was published.
    pub published: Option<Timestamp>,
    /// The outlet.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Author, where printed.
    pub author: Option<String>,
    /// The story's paragraphs, separated by blank lines.
    pub body: String,
    /// Photo captions that carry facts.
    pub captions: Vec<String>,
}

/// Extracts the main story and metadata of a decoded HTML page.
pub fn extract_article(html: &str, options: &ReadOptions) -> HtmlArticle {
    let doc = Html::parse_document(html);
    let seg = content::segment(&doc);
    let chosen = content::select(&doc, &seg.blocks);
    let page = meta::read_meta(&doc);
    let title = page.title.clone();
    let mut paragraphs: Vec<&str> = Vec::with_capacity(chosen.len());
    for &i in &chosen {
        let text = seg.blocks[i].text.as_str();
        // The headline repeated at the top of the story is not body text.
        if paragraphs.is_empty() && title.as_deref().is_some_and(|t| same_text(t, text)) {
            continue;
        }
        paragraphs.push(text);
    }
    let body = paragraphs.join("\n\n");
    let first_para = paragraphs.first().copied();
    let chinese = body.chars().filter(|c| content::is_cjk(*c)).count() * 4 > body.chars().filter(|c| !c.is_whitespace()).count();
    let fallback = chinese.then_some(options.default_offset);
    let published = meta::published(&doc, &page, first_para, fallback);
    let source = page.source.clone().or_else(|| meta::source_line(&doc, first_para));
    let captions = seg.captions.into_iter().fold(Vec::new(), |mut acc: Vec<String>, c| {
        if !acc.contains(&c) {
            acc.push(c);
        }
        acc
    });
    HtmlArticle { title, published, source, url: page.url, author: page.author, body, captions }
}

/// True when two texts are the same once whitespace and case are ignored.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}
