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
use regex::Regex;
use scraper::Html;
use std::sync::LazyLock;

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
    let mut paragraphs: Vec<String> = chosen
        .iter()
        .filter_map(|&i| {
            let b = &seg.blocks[i];
            let alone = b.lines.len() == 1;
            let kept: Vec<&str> = b
                .lines
                .iter()
                .filter(|l| content::keep_line(l, alone))
                .map(|l| l.text.as_str())
                .collect();
            (!kept.is_empty()).then(|| kept.join("\n"))
        })
        .collect();
    trim_header_lines(&mut paragraphs, title.as_deref());
    let body = paragraphs.join("\n\n");
    // Where the story starts in the page: its first paragraph of some length.
    let first_para = paragraphs
        .iter()
        .find(|p| p.chars().count() >= 20)
        .or(paragraphs.first())
        .map(String::as_str);
    let chinese = body.chars().filter(|c| content::is_cjk(*c)).count() * 4
        > body.chars().filter(|c| !c.is_whitespace()).count();
    let fallback = chinese.then_some(options.default_offset);
    let published = meta::published(&doc, &page, first_para, fallback);
    let source = page
        .source
        .clone()
        .or_else(|| meta::source_line(&doc, first_para));
    let captions = seg
        .captions
        .into_iter()
        .fold(Vec::new(), |mut acc: Vec<String>, c| {
            if !acc.contains(&c) {
                acc.push(c);
            }
            acc
        });
    HtmlArticle {
        title,
        published,
        source,
        url: page.url,
        author: page.author,
        body,
        captions,
    }
}

/// Lines printed above a story that are not story text: the headline again, the byline,
/// the dateline, `来源`/`作者` lines, labels such as "TRENDING:". Only leading lines that
/// are short are looked at, and only up to the first real paragraph.
fn trim_header_lines(paragraphs: &mut Vec<String>, title: Option<&str>) {
    static META_START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:by\s|posted|published|updated|last updated|written by|photo(?:graph)?s? by|作者|来源|來源|发布|發布|时间|時間|日期|记者|記者|编辑|編輯|稿源|出处|浏览|点击)")
            .expect("valid regex")
    });
    let lead = paragraphs
        .iter()
        .take(8)
        .take_while(|p| {
            let n = p.chars().count();
            let is_title = title.is_some_and(|t| same_text(t, p));
            is_title
                || (n < 120
                    && (META_START.is_match(p)
                        || (n < 60 && date::parse(p).is_some())
                        || (n < 25 && p.trim_end().ends_with([':', '：']))))
        })
        .count();
    paragraphs.drain(..lead);
}

/// True when two texts are the same once whitespace and case are ignored.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}
