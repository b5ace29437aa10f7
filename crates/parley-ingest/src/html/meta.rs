//! Page metadata: title, outlet, canonical URL and author from meta tags, JSON-LD and
//! the page's own lines (`来源：`, `作者：`); the publication time from structured markup
//! first, then from the date printed nearest the headline.

use super::content::{collapse, node_text};
use super::date::{self, FoundDate};
use super::dom::{Dom, Element, NodeRef};
use chrono::FixedOffset;
use parley_core::Timestamp;
use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Metadata read from a page's markup.
#[derive(Debug, Default, Clone)]
pub struct PageMeta {
    /// The headline.
    pub title: Option<String>,
    /// The outlet, from `og:site_name` or JSON-LD.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Every `<meta>` value, keyed by lowercased `property`, `name` or `itemprop`.
    pub tags: HashMap<String, String>,
    /// JSON-LD `datePublished` (or `dateCreated`), raw.
    pub ld_date: Option<String>,
}

/// Elements that mark the publication time (in CSS: `[itemprop='datePublished'],
/// time[pubdate], time.published, time.entry-date`).
fn is_published_time(e: &Element<'_>) -> bool {
    e.attr("itemprop") == Some("datePublished")
        || (e.name() == "time"
            && (e.attr("pubdate").is_some()
                || e.has_class("published")
                || e.has_class("entry-date")))
}

/// The page's text (body, script and style left out) in one line, made on first use
/// and shared by the readers of printed dates and source lines.
#[derive(Debug, Default)]
pub struct PageText(std::cell::OnceCell<String>);

impl PageText {
    /// The text of `doc`'s body, whitespace collapsed.
    pub fn get(&self, doc: &Dom<'_>) -> &str {
        self.0.get_or_init(|| node_text(doc.body()))
    }
}

/// Meta keys that carry the publication time, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publishtime",
    "publish_time",
    "pubtime",
    "release_date",
    "og:release_date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "og:updated_time",
    "article:modified_time",
];

/// Reads title, outlet, URL and author, and gathers meta tags and JSON-LD dates.
pub fn read_meta(doc: &Dom<'_>) -> PageMeta {
    let mut m = PageMeta::default();
    let mut ld = LdFields::default();
    let mut canonical = false;
    let mut page_title: Option<NodeRef<'_, '_>> = None;
    for (el, e) in doc.elements() {
        match e.name() {
            "link" if !canonical => {
                if e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    canonical = true;
                    m.url = e
                        .attr("href")
                        .map(str::trim)
                        .filter(|h| h.starts_with("http"))
                        .map(String::from);
                }
                continue;
            }
            "script"
                if e.attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                if let Ok(v) = serde_json::from_str::<Value>(&el.text().collect::<String>()) {
                    ld.gather(&v, 0);
                }
                continue;
            }
            "title" if page_title.is_none() => {
                page_title = Some(el);
                continue;
            }
            "meta" => {}
            _ => continue,
        }
        let Some(key) = e.attr("property").or(e.attr("name")).or(e.attr("itemprop")) else {
            continue;
        };
        let Some(content) = e.attr("content") else {
            continue;
        };
        let content = collapse(content);
        if !content.is_empty() {
            m.tags
                .entry(key.trim().to_ascii_lowercase())
                .or_insert(content);
        }
    }
    m.ld_date = ld.date;
    let tag = |k: &str| m.tags.get(k).cloned();
    m.url = m
        .url
        .clone()
        .or_else(|| tag("og:url").filter(|u| u.starts_with("http")));
    m.source = tag("og:site_name")
        .or(ld.publisher)
        .or_else(|| tag("application-name"));
    m.author = [
        tag("author"),
        tag("article:author"),
        tag("parsely-author"),
        tag("sailthru.author"),
        ld.author,
    ]
    .into_iter()
    .flatten()
    .map(|a| match a.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => a[3..].trim().to_string(),
        _ => a,
    })
    .find(|a| looks_like_person(a));
    m.title = title(doc, &m, ld.headline, page_title);
    m
}

/// Whether an author field names people rather than a site, a software team or an id:
/// no URLs or digits, at most two names, not too long.
fn looks_like_person(a: &str) -> bool {
    let lower = a.to_ascii_lowercase();
    let names = a.split([',', '，', '、', ';']).count();
    !a.is_empty()
        && a.chars().count() <= 60
        && names <= 2
        && !a.chars().any(|c| c.is_ascii_digit())
        && !["http", "www.", ".com", "team", "staff", "editor"]
            .iter()
            .any(|w| lower.contains(w))
}

/// Fields gathered from JSON-LD objects (arrays and `@graph` included).
#[derive(Default)]
struct LdFields {
    date: Option<String>,
    headline: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
}

impl LdFields {
    fn gather(&mut self, v: &Value, depth: usize) {
        if depth > 6 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.gather(i, depth + 1)),
            Value::Object(o) => {
                if self.date.is_none() {
                    self.date = o
                        .get("datePublished")
                        .or(o.get("dateCreated"))
                        .and_then(Value::as_str)
                        .map(String::from);
                }
                if self.headline.is_none() {
                    self.headline = o.get("headline").and_then(Value::as_str).map(collapse);
                }
                if self.author.is_none() {
                    self.author = o.get("author").and_then(name_of);
                }
                if self.publisher.is_none() {
                    self.publisher = o.get("publisher").and_then(name_of);
                }
                if let Some(g) = o.get("@graph") {
                    self.gather(g, depth + 1);
                }
            }
            _ => {}
        }
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(collapse),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The headline: `og:title` or the JSON-LD headline, else `<title>`; the run of it a
/// page heading repeats wins (see [`headline_in`]), else, when separators cut it
/// ("Headline - Site", "Section | Headline"), the longest part that is not the site
/// name. With no title at all, the first heading.
fn title(
    doc: &Dom<'_>,
    m: &PageMeta,
    ld: Option<String>,
    page_title: Option<NodeRef<'_, '_>>,
) -> Option<String> {
    let site = m.tags.get("og:site_name").map(String::as_str);
    let headings: Vec<String> = doc
        .elements()
        .filter(|(_, e)| may_hold_headline(e))
        .map(|(h, _)| h)
        .take(60)
        .map(|h| collapse(&h.text().collect::<String>()))
        .filter(|t| (2..=120).contains(&t.chars().count()))
        .collect();
    let og = m
        .tags
        .get("og:title")
        .or(m.tags.get("twitter:title"))
        .cloned();
    let page_title = page_title
        .map(|t| collapse(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let Some(t) = og.or(ld).or(page_title) else {
        return headings.into_iter().find(|h| h.chars().count() >= 4);
    };
    if let Some(h) = headline_in(&t, &headings) {
        return Some(h);
    }
    let parts = title_parts(&t);
    if parts.len() < 2 {
        return Some(t);
    }
    parts
        .iter()
        .filter(|p| site.is_none_or(|s| !same(p, s)))
        .max_by_key(|p| p.chars().count())
        .map(|p| (*p).to_string())
}

/// Elements that may hold the headline (in CSS: `h1, h2, h3, [class*='title'],
/// [class*='headline'], [id*='title'], [class*='biaoti']`), tested without a selector
/// engine since every element of the page is tried.
fn may_hold_headline(e: &Element<'_>) -> bool {
    matches!(e.name(), "h1" | "h2" | "h3")
        || e.attr("class")
            .is_some_and(|c| holds_any(c, &["title", "headline", "biaoti"]))
        || e.attr("id").is_some_and(|i| holds_any(i, &["title"]))
}

/// Whether `hay` holds one of `words`: one walk over a short class or id value, where
/// setting up a substring searcher per word would cost more than the search; a word is
/// compared only where its first letter is.
fn holds_any(hay: &str, words: &[&str]) -> bool {
    let hay = hay.as_bytes();
    (0..hay.len()).any(|i| {
        words.iter().any(|w| {
            let w = w.as_bytes();
            hay[i] == w[0]
                && hay.len() - i >= w.len()
                && hay[i + 1..i + w.len()]
                    .iter()
                    .zip(&w[1..])
                    .all(|(a, b)| a == b)
        })
    })
}

/// The longest run of a page heading that the title text repeats, when it makes up
/// most of the shorter of the two (and two fifths of the title) and sits between
/// separators in the title: the
/// headline without the section or site names either side carries.
fn headline_in(title: &str, headings: &[String]) -> Option<String> {
    let t: Vec<char> = title.chars().collect();
    let boundary = |c: Option<&char>| c.is_none_or(|c| c.is_whitespace() || !c.is_alphanumeric());
    let mut best: Option<(usize, usize)> = None;
    for h in headings {
        let h: Vec<char> = h.chars().collect();
        let shorter = t.len().min(h.len());
        // The run is no longer than the shorter text: skip headings that cannot win.
        if shorter < 4 || shorter * 5 < t.len() * 2 || best.is_some_and(|(_, l)| shorter <= l) {
            continue;
        }
        let (start, len) = common_run(&t, &h);
        let bounded =
            boundary(start.checked_sub(1).and_then(|i| t.get(i))) && boundary(t.get(start + len));
        if len >= 4
            && len * 5 >= shorter * 3
            && len * 5 >= t.len() * 2
            && bounded
            && best.is_none_or(|(_, l)| len > l)
        {
            best = Some((start, len));
        }
    }
    let (start, len) = best?;
    let run: String = t[start..start + len].iter().collect();
    let run =
        run.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '-' | '_' | '·' | '｜'));
    (!run.is_empty()).then(|| run.to_string())
}

/// The longest common run of two character strings: (start in `a`, length).
///
/// Cells are 16-bit (a run is never longer than a heading, and a heading at most 120
/// characters; past 65,535 a run would stop growing, not wrap), so that the compiler
/// works on eight cells or more per vector instruction instead of two.
fn common_run(a: &[char], b: &[char]) -> (usize, usize) {
    let mut prev = vec![0u16; b.len() + 1];
    let mut cur = vec![0u16; b.len() + 1];
    let (mut best_end, mut best_len) = (0, 0);
    for (i, &ca) in a.iter().enumerate() {
        // A row without bounds checks or a branch per cell (the compiler vectorises
        // it), and its longest run looked at once.
        for ((c, &p), &cb) in cur[1..].iter_mut().zip(&prev).zip(b) {
            *c = if ca == cb { p.saturating_add(1) } else { 0 };
        }
        let row_best = usize::from(cur.iter().copied().max().unwrap_or(0));
        if row_best > best_len {
            best_len = row_best;
            best_end = i + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (best_end - best_len, best_len)
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A `<title>` cut at the separators sites put between headline and site name:
/// ` - `, ` | `, `_`, ` — `, `--`, `——`.
fn title_parts(t: &str) -> Vec<&str> {
    static SEP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s+[-|–—·:]\s+|\s*[_｜|]\s*|\s*--+\s*|\s*——\s*").expect("valid regex")
    });
    SEP.split(t)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The publication time: meta tags, JSON-LD, `<time>`, then the printed date nearest the
/// story's start, then a date in the canonical URL. `fallback` is the offset for times
/// printed without one.
pub fn published(
    doc: &Dom<'_>,
    m: &PageMeta,
    text: &PageText,
    first_para: Option<&str>,
    fallback: Option<FixedOffset>,
) -> Option<Timestamp> {
    let structured = DATE_KEYS
        .iter()
        .filter_map(|k| m.tags.get(*k))
        .chain(m.ld_date.iter())
        .find_map(|v| date::parse(v))
        .or_else(|| {
            let published = doc.elements().filter(|(_, e)| is_published_time(e));
            let time = doc
                .elements()
                .filter(|(_, e)| e.name() == "time" && e.attr("datetime").is_some());
            published.chain(time).find_map(|(t, e)| {
                let v = e.attr("datetime").or(e.attr("content")).map(String::from);
                v.or_else(|| Some(t.text().collect::<String>()))
                    .and_then(|v| date::parse(&v))
            })
        });
    if let Some(f) = structured {
        return Some(f.timestamp(f.offset.or(fallback)));
    }
    if let Some(f) = printed_date(text.get(doc), m.title.as_deref(), first_para) {
        return Some(f.timestamp(fallback));
    }
    m.url
        .as_deref()
        .and_then(date::from_url)
        .map(Timestamp::Day)
}

/// Words that label a date line as the publication time.
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)发布|发表|时间|日期|更新|刊|published|posted|updated").expect("valid regex")
});

/// The date printed between the headline and the story's first paragraph, else the
/// labelled one nearest before the story, else the first in the page.
fn printed_date(text: &str, title: Option<&str>, first_para: Option<&str>) -> Option<FoundDate> {
    let dates = date::find_all(text);
    if dates.is_empty() {
        return date::parse(text);
    }
    let body_at = first_para
        .and_then(|p| anchor(text, p))
        .unwrap_or(text.len());
    let title_at = title.and_then(|t| {
        let key: String = t.chars().take(12).collect();
        text[..body_at].rfind(key.as_str())
    });
    let labelled = |d: &&&FoundDate| {
        let from = floor_char(text, d.at.saturating_sub(24));
        DATE_LABEL.is_match(&text[from..d.at])
    };
    // Dates above the story (below the headline when it is found), nearest first.
    for lower in [title_at, None] {
        let lower = lower.unwrap_or(0);
        let above: Vec<&FoundDate> = dates
            .iter()
            .filter(|d| d.at >= lower && d.at <= body_at && body_at - d.at <= 3000)
            .collect();
        if let Some(d) = above.iter().rev().find(labelled).or(above.last()) {
            return Some(**d);
        }
    }
    dates
        .iter()
        .find(|d| d.at > body_at)
        .or(dates.first())
        .copied()
}

/// Where a paragraph starts in the page text (by its first characters).
fn anchor(text: &str, para: &str) -> Option<usize> {
    let first_line = para
        .lines()
        .find(|l| l.chars().count() >= 20)
        .or_else(|| para.lines().next())?;
    let key: String = collapse(first_line).chars().take(16).collect();
    (!key.is_empty()).then(|| text.find(key.as_str())).flatten()
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The outlet a Chinese page prints as `来源：X` (or `稿源`, `出处`) near the story.
pub fn source_line(doc: &Dom<'_>, text: &PageText, first_para: Option<&str>) -> Option<String> {
    static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:来源|稿源|出处|來源|出處)\s*[:：]\s*([^\s|｜/，,：:】\]]{2,30})")
            .expect("valid regex")
    });
    let text = text.get(doc);
    let body_at = first_para
        .and_then(|p| anchor(text, p))
        .unwrap_or(text.len());
    let caps: Vec<regex::Captures<'_>> = SOURCE.captures_iter(text).collect();
    let pick = caps
        .iter()
        .rev()
        .find(|c| c.get(0).is_some_and(|m| m.start() <= body_at))
        .or(caps.first())?;
    let s = pick.get(1)?.as_str();
    let s = s
        .split(['作', '编', '日', '发', '时'])
        .next()
        .unwrap_or(s)
        .trim();
    (!s.is_empty() && !s.chars().any(|c| c.is_ascii_digit())).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::holds_any;

    #[test]
    fn class_words_are_found_anywhere_in_the_value() {
        let words = &["title", "headline", "biaoti"];
        assert!(holds_any("article-title big", words));
        assert!(holds_any("news_biaoti", words));
        assert!(holds_any("headline", words));
        assert!(!holds_any("titl headlin", words));
        assert!(!holds_any("", words));
    }
}
