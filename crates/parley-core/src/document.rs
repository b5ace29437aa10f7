use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Bytes as they arrived, before any decoding: a file, a feed item, a WARC record.
#[derive(Debug, Clone)]
pub struct RawDocument {
    /// Where the bytes came from: a path, `-` for stdin, a URL. Names the document in
    /// diagnostics and in output.
    pub origin: String,
    /// The undecoded content.
    pub bytes: Vec<u8>,
    /// A media type given by the carrier (an HTTP header, a WARC record), if any. The
    /// content is still sniffed; this only breaks ties.
    pub media_type: Option<String>,
    /// The URL the bytes were fetched from, if known.
    pub url: Option<String>,
}

impl RawDocument {
    /// A document read from `origin` with no carrier metadata.
    pub fn new(origin: impl Into<String>, bytes: Vec<u8>) -> Self {
        RawDocument {
            origin: origin.into(),
            bytes,
            media_type: None,
            url: None,
        }
    }
}

/// When a document was published: an instant with the offset the page gives, or only a
/// calendar day when the page prints no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Timestamp {
    /// A moment with its UTC offset.
    Instant(DateTime<FixedOffset>),
    /// A calendar day without a time of day.
    Day(NaiveDate),
}

impl Timestamp {
    /// The calendar day, in the timestamp's own offset.
    pub fn date(&self) -> NaiveDate {
        match self {
            Timestamp::Instant(t) => t.date_naive(),
            Timestamp::Day(d) => *d,
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timestamp::Instant(t) => write!(f, "{}", t.to_rfc3339()),
            Timestamp::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

/// A cleaned story: its body without site furniture, its captions, and its metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Content fingerprint (see [`fingerprint`]): the same story read twice has one id.
    pub id: String,
    /// Where it was read from: a path, a feed item's link; names it in output.
    pub origin: String,
    /// The canonical URL, when the document gives one.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// When it was published.
    pub published: Option<Timestamp>,
    /// The outlet that wrote or carried it, as printed.
    pub source: Option<String>,
    /// The author, where printed.
    pub author: Option<String>,
    /// The story's paragraphs in order, separated by blank lines.
    pub body: String,
    /// Photo captions that carry facts, kept apart from the body.
    pub captions: Vec<String>,
}

impl Document {
    /// The text a [`crate::TextField`] names, or `None` for a caption index out of range.
    pub fn text(&self, field: crate::TextField) -> Option<&str> {
        match field {
            crate::TextField::Body => Some(&self.body),
            crate::TextField::Caption(i) => self.captions.get(i).map(String::as_str),
        }
    }
}

/// A stable content fingerprint of a story: SHA-256 over its title and body with white
/// space removed, in hex (the first 16 bytes). Layout changes do not change it.
pub fn fingerprint(title: Option<&str>, body: &str) -> String {
    let mut hasher = Sha256::new();
    // Runs between white space go to the hasher whole: the same bytes as hashing
    // character by character, at a fraction of the calls.
    for text in [title.unwrap_or(""), "\u{0}", body] {
        for run in text.split(char::is_whitespace) {
            hasher.update(run.as_bytes());
        }
    }
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_layout_but_not_words() {
        let a = fingerprint(Some("标题"), "第一段。\n\n第二段。");
        let b = fingerprint(Some("标题"), "第一段。 第二段。");
        let c = fingerprint(Some("标题"), "第一段。第三段。");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn fingerprint_is_stable_across_versions() {
        // Stores key documents by this value: it must never change for the same text.
        assert_eq!(
            fingerprint(Some("标题"), "第一段。\n\n第二段。 Xi\u{3000}met Macron"),
            "61abd252443e51eefc61f84a88861406"
        );
    }

    #[test]
    fn timestamp_prints_rfc3339_or_a_day() {
        let t: DateTime<FixedOffset> =
            DateTime::parse_from_rfc3339("2025-04-04T16:30:15+08:00").unwrap();
        assert_eq!(
            Timestamp::Instant(t).to_string(),
            "2025-04-04T16:30:15+08:00"
        );
        let d = NaiveDate::from_ymd_opt(2025, 2, 21).unwrap();
        assert_eq!(Timestamp::Day(d).to_string(), "2025-02-21");
        assert_eq!(
            Timestamp::Instant(t).date(),
            NaiveDate::from_ymd_opt(2025, 4, 4).unwrap()
        );
    }
}
