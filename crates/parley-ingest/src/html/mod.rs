//! Cleaning whole HTML pages: the main story without site furniture, and the page's
//! metadata (title, publication time, outlet, canonical URL, author).

use crate::ReadOptions;
use parley_core::Timestamp;

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
pub fn extract_article(_html: &str, _options: &ReadOptions) -> HtmlArticle {
    HtmlArticle::default()
}
