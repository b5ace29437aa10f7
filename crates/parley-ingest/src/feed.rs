//! RSS 2.0, RSS 1.0 and Atom feeds (through `feed-rs`): every item is a document named
//! `{origin}#{n}`, its HTML content cleaned as a fragment, its title, link, publication
//! time (with the offset the feed printed), author, and the channel's title as source
//! unless the item names its outlet. A feed cut short (a download stopped mid-way) keeps
//! the complete items before the cut, followed by a warning that it was truncated.

use crate::dates::parse_timestamp;
use crate::fragment::{clean_fragment, plain_text};
use crate::ReadOptions;
use chrono::{DateTime, FixedOffset, Utc};
use parley_core::{Diagnostic, Document, Timestamp};
use std::sync::{Arc, Mutex};

/// Escapes text for embedding in HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Plain text turned into one `<p>` per line, so it is cleaned like HTML.
fn text_as_html(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{}</p>", escape(l.trim())))
        .collect()
}

fn is_plain(media: &feed_rs::model::Text) -> bool {
    media.content_type.essence().to_string() == "text/plain"
}

/// A person's name as feeds print it: `news@example.com (Jane Doe)` is Jane Doe.
fn person_name(raw: &str) -> String {
    let without_mail: Vec<&str> = raw
        .split_whitespace()
        .filter(|w| !w.contains('@'))
        .collect();
    let joined = without_mail.join(" ");
    joined
        .trim_matches(|c: char| matches!(c, '(' | ')' | '（' | '）') || c.is_whitespace())
        .to_string()
}

/// A feed parser that records every timestamp as printed in `printed`.
fn parser(
    printed: &Arc<Mutex<Vec<DateTime<FixedOffset>>>>,
    options: &ReadOptions,
) -> feed_rs::parser::Parser {
    let seen = Arc::clone(printed);
    let default_offset = options.default_offset;
    feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .timestamp_parser(move |raw| {
            let t = match parse_timestamp(raw, default_offset)? {
                Timestamp::Instant(t) => t,
                Timestamp::Day(d) => d
                    .and_hms_opt(0, 0, 0)?
                    .and_local_timezone(default_offset)
                    .single()?,
            };
            if let Ok(mut list) = seen.lock() {
                list.push(t);
            }
            Some(t.with_timezone(&Utc))
        })
        .build()
}

/// Reads a feed; one result per item. A feed cut short keeps its complete items and adds
/// a warning that it was truncated.
pub(crate) fn read_feed(
    text: &str,
    origin: &str,
    options: &ReadOptions,
) -> Vec<Result<Document, Diagnostic>> {
    // Keep every timestamp as printed, so items keep the feed's offset (feed-rs gives UTC).
    let printed: Arc<Mutex<Vec<DateTime<FixedOffset>>>> = Arc::default();
    let mut truncation = None;
    let feed = match parser(&printed, options).parse(text.as_bytes()) {
        Ok(feed) => feed,
        Err(e) => {
            // A download cut mid-way: keep the items before the cut, with one re-parse of a
            // repaired copy by a fresh parser (feed-rs keeps state after a failed parse).
            let repaired = repair_truncated(text).and_then(|copy| {
                if let Ok(mut list) = printed.lock() {
                    list.clear();
                }
                let feed = parser(&printed, options).parse(copy.as_bytes()).ok()?;
                (!feed.entries.is_empty()).then_some(feed)
            });
            let Some(feed) = repaired else {
                return vec![Err(Diagnostic::error(
                    origin,
                    format!("unreadable feed: {e}"),
                ))];
            };
            let kept = match feed.entries.len() {
                1 => "1 complete item".to_string(),
                n => format!("{n} complete items"),
            };
            truncation = Some(Diagnostic::warning(
                origin,
                format!("feed is truncated: kept the {kept} before the cut, the rest is lost"),
            ));
            feed
        }
    };
    let printed = printed.lock().map(|l| l.clone()).unwrap_or_default();
    let with_offset = |t: DateTime<Utc>| {
        printed
            .iter()
            .find(|p| **p == t)
            .copied()
            .unwrap_or_else(|| t.fixed_offset())
    };
    let channel = feed
        .title
        .as_ref()
        .map(|t| plain_text(&t.content))
        .filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        return vec![Err(Diagnostic::error(origin, "feed has no items"))];
    }
    feed.entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let name = format!("{origin}#{}", i + 1);
            let title = entry
                .title
                .as_ref()
                .map(|t| plain_text(&t.content))
                .filter(|t| !t.is_empty());
            let content = entry.content.as_ref().and_then(|c| {
                let body = c.body.as_deref()?;
                Some(if c.content_type.essence().to_string() == "text/plain" {
                    text_as_html(body)
                } else {
                    body.to_string()
                })
            });
            let summary = entry.summary.as_ref().map(|s| {
                if is_plain(s) {
                    text_as_html(&s.content)
                } else {
                    s.content.clone()
                }
            });
            let html = match (content, summary) {
                (Some(c), Some(s)) => {
                    if plain_text(&c).len() >= plain_text(&s).len() {
                        c
                    } else {
                        s
                    }
                }
                (Some(c), None) => c,
                (None, Some(s)) => s,
                (None, None) => String::new(),
            };
            let mut story = clean_fragment(&html, title.as_deref(), options);
            story.title = title;
            story.url = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.clone());
            let stamp = entry
                .published
                .or(entry.updated)
                .map(|t| Timestamp::Instant(with_offset(t)));
            story.published = stamp.or(story.published);
            story.author = entry
                .authors
                .iter()
                .filter_map(|p| p.name.as_deref().map(person_name))
                .find(|n| !n.is_empty())
                .or(story.author);
            let item_source = entry
                .source
                .as_deref()
                .map(plain_text)
                .filter(|s| options.outlets.plausible_outlet(s));
            story.source = story.source.or(item_source).or_else(|| channel.clone());
            story.into_document(name)
        })
        .chain(truncation.map(Err))
        .collect()
}

/// A feed's root element: its opening tag, the tag that ends one item, the root's closing
/// tag, and what closes the elements still open after the last item.
struct Root {
    open: &'static str,
    item_end: &'static str,
    close: &'static str,
    repair: &'static str,
}

/// RSS 2.0 (items inside the channel), RSS 1.0 (items beside it) and Atom.
const ROOTS: [Root; 3] = [
    Root {
        open: "<rss",
        item_end: "</item>",
        close: "</rss>",
        repair: "</channel></rss>",
    },
    Root {
        open: "<rdf:RDF",
        item_end: "</item>",
        close: "</rdf:RDF>",
        repair: "</rdf:RDF>",
    },
    Root {
        open: "<feed",
        item_end: "</entry>",
        close: "</feed>",
        repair: "</feed>",
    },
];

/// True when the element `name` opens at `at`: followed by white space, `>` or `/`.
fn opens_at(bytes: &[u8], at: usize, name: &str) -> bool {
    bytes[at..].starts_with(name.as_bytes())
        && bytes
            .get(at + name.len())
            .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
}

/// A copy of a feed cut short (its root element never closed) that ends after its last
/// complete item and closes the elements left open.
/// `None` when the text does not open as RSS or Atom, ends with its root closed (it is
/// malformed, not truncated), or holds no complete item after the root opens.
fn repair_truncated(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let (root_at, root) = ROOTS
        .iter()
        .filter_map(|root| {
            memchr::memmem::find_iter(bytes, root.open.as_bytes())
                .find(|&at| opens_at(bytes, at, root.open))
                .map(|at| (at, root))
        })
        .min_by_key(|(at, _)| *at)?;
    if text.trim_end().ends_with(root.close) {
        return None;
    }
    let cut = memchr::memmem::rfind(bytes, root.item_end.as_bytes())? + root.item_end.len();
    if cut <= root_at {
        return None;
    }
    let mut copy = String::with_capacity(cut + root.repair.len());
    copy.push_str(&text[..cut]);
    copy.push_str(root.repair);
    Some(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_keep_their_offset() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title><link>https://example.com</link><description>x</description>
<item><title>Leaders meet</title><link>https://example.com/1</link><pubDate>Tue, 09 Apr 2024 16:33:07 +0200</pubDate><description>&lt;p&gt;The two leaders met in the capital on Tuesday and agreed to talk again.&lt;/p&gt;</description></item>
</channel></rss>"#;
        let docs = read_feed(rss, "feed.xml", &ReadOptions::default());
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.origin, "feed.xml#1");
        assert_eq!(
            doc.published.unwrap().to_string(),
            "2024-04-09T16:33:07+02:00"
        );
        assert_eq!(doc.source.as_deref(), Some("Example Wire"));
        assert_eq!(doc.url.as_deref(), Some("https://example.com/1"));
    }

    #[test]
    fn truncated_feeds_are_cut_after_their_last_complete_item() {
        let rss = "<rss version=\"2.0\"><channel><title>t</title><item>a</item><item>b";
        assert_eq!(
            repair_truncated(rss).as_deref(),
            Some("<rss version=\"2.0\"><channel><title>t</title><item>a</item></channel></rss>")
        );
        let rdf = "<rdf:RDF xmlns:rdf=\"x\"><channel/><item>a</item><item>";
        let repaired = repair_truncated(rdf).unwrap_or_default();
        assert!(repaired.ends_with("<item>a</item></rdf:RDF>"), "{repaired}");
        let atom = "<feed xmlns=\"a\"><entry>a</entry><entry>b</entry><ent";
        let repaired = repair_truncated(atom).unwrap_or_default();
        assert!(repaired.ends_with("b</entry></feed>"), "{repaired}");
        // Closed roots are malformed, not truncated; no item, no root: nothing to keep.
        assert!(repair_truncated("<rss><channel><item>a</item></channel></rss>").is_none());
        assert!(repair_truncated("<rss><channel><title>t").is_none());
        assert!(repair_truncated("<feedback><item>a</item>").is_none());
        assert!(repair_truncated("<item>a</item><rss>").is_none());
    }

    #[test]
    fn feed_authors_lose_their_mail_address() {
        assert_eq!(person_name("news@example.com (Jane Doe)"), "Jane Doe");
        assert_eq!(person_name("Jane Doe"), "Jane Doe");
    }
}
