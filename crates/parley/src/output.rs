//! The JSON Lines record `parley extract` prints per document: the contract that
//! `../shared/eval/score.py` reads, documented in README.md.

use crate::pipeline::Processed;
use serde::Serialize;

/// One document with its events, as printed.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    /// The document's origin (a path, or a feed item's name within its file).
    pub doc: &'a str,
    /// Content fingerprint.
    pub id: &'a str,
    /// The headline.
    pub title: Option<&'a str>,
    /// RFC 3339 publication time, or a bare date.
    pub published: Option<String>,
    /// The outlet.
    pub source: Option<&'a str>,
    /// The canonical URL.
    pub url: Option<&'a str>,
    /// The author.
    pub author: Option<&'a str>,
    /// The cleaned story.
    pub body: &'a str,
    /// Photo captions.
    pub captions: &'a [String],
    /// The events.
    pub events: Vec<EventRecord<'a>>,
}

/// One event as printed.
#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    /// PLOVER type.
    #[serde(rename = "type")]
    pub event_type: &'static str,
    /// meet, phone, video or visit.
    pub mode: &'static str,
    /// Sorted actor ids.
    pub actors: &'a [String],
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `START/END`.
    pub date: String,
    /// Place id, if known.
    pub location: Option<&'a str>,
    /// occurred or planned.
    pub status: &'static str,
    /// The first sentence that states it.
    pub evidence: &'a str,
    /// Every sentence that states it, with where it is.
    pub spans: Vec<SpanRecord<'a>>,
}

/// Where one evidence sentence lies.
#[derive(Debug, Serialize)]
pub struct SpanRecord<'a> {
    /// `body` or `caption`.
    pub field: &'static str,
    /// The caption's index, for a caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<usize>,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The sentence.
    pub text: &'a str,
}

impl<'a> SpanRecord<'a> {
    /// The printed form of one evidence sentence.
    pub fn new(evidence: &'a parley_core::Evidence) -> Self {
        let (field, caption) = match evidence.field {
            parley_core::TextField::Body => ("body", None),
            parley_core::TextField::Caption(i) => ("caption", Some(i)),
        };
        SpanRecord {
            field,
            caption,
            start: evidence.span.start,
            end: evidence.span.end,
            text: &evidence.text,
        }
    }
}

impl<'a> DocumentRecord<'a> {
    /// The printed form of a processed document.
    pub fn new(processed: &'a Processed) -> Self {
        let d = &processed.document;
        DocumentRecord {
            doc: &d.origin,
            id: &d.id,
            title: d.title.as_deref(),
            published: d.published.map(|p| p.to_string()),
            source: d.source.as_deref(),
            url: d.url.as_deref(),
            author: d.author.as_deref(),
            body: &d.body,
            captions: &d.captions,
            events: processed.events.iter().map(EventRecord::new).collect(),
        }
    }
}

impl<'a> EventRecord<'a> {
    fn new(e: &'a parley_core::EventMention) -> Self {
        EventRecord {
            event_type: parley_core::EVENT_TYPE_CONSULT,
            mode: e.mode.as_str(),
            actors: &e.actors,
            date: e.when.to_string(),
            location: e.location.as_deref(),
            status: e.status.as_str(),
            evidence: e.evidence.first().map(|ev| ev.text.as_str()).unwrap_or(""),
            spans: e.evidence.iter().map(SpanRecord::new).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parley extract` prints records with sonic-rs, which escapes strings with SIMD; its
    /// bytes must be serde_json's, which every other command prints.
    #[test]
    fn sonic_rs_prints_what_serde_json_prints() {
        let awkward: String = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain("\u{7f}\u{80}\u{a0}\u{2028}\u{2029}\u{feff}\u{fffd}中文“引号”😀".chars())
            .collect();
        let long = format!(
            "{}\"{}\\{}\n",
            "甲".repeat(40),
            "b".repeat(33),
            "乙".repeat(17)
        );
        let captions = vec![awkward.clone(), String::new(), long.clone()];
        let actors = vec!["CHN".to_string(), "xi-jinping".to_string()];
        let record = DocumentRecord {
            doc: "dir/a \"b\".txt",
            id: "0123abcd",
            title: Some(&awkward),
            published: Some("2024-05-06T09:12:00+08:00".to_string()),
            source: None,
            url: Some("https://example.com/a?b=c&d=\\e"),
            author: None,
            body: &long,
            captions: &captions,
            events: vec![EventRecord {
                event_type: "CONSULT",
                mode: "meet",
                actors: &actors,
                date: "2024-05-01/2024-05-03".to_string(),
                location: None,
                status: "occurred",
                evidence: &awkward,
                spans: vec![
                    SpanRecord {
                        field: "body",
                        caption: None,
                        start: 0,
                        end: usize::MAX,
                        text: &long,
                    },
                    SpanRecord {
                        field: "caption",
                        caption: Some(2),
                        start: 7,
                        end: 19,
                        text: "",
                    },
                ],
            }],
        };
        let sonic = sonic_rs::to_vec(&record).expect("serialises");
        let serde = serde_json::to_vec(&record).expect("serialises");
        assert_eq!(String::from_utf8(sonic), String::from_utf8(serde));
    }
}
