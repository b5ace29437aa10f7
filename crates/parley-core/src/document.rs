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
    for text in [title.unwrap_or(""), "\u{0}", body] {
        hash_without_white_space(&mut hasher, text);
    }
    // The digest in hex, cut to its first 16 bytes.
    let mut hex = format!("{:x}", hasher.finalize());
    hex.truncate(32);
    hex
}

/// Feeds `text` to `hasher` without its white space (`char::is_whitespace`), one run
/// between white space at a time: the same bytes as hashing character by character, at
/// a fraction of the calls. White space is recognised from its bytes (see
/// [`white_space_at`]), a block of 16 starts at a time in a test without branches per
/// byte, which the compiler turns into vector operations: most blocks hold none.
fn hash_without_white_space(hasher: &mut Sha256, text: &str) {
    const BLOCK: usize = 16;
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut skip = |from: usize, to: usize| {
        for at in from..to {
            let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
            if let Some(width) = white_space_at(bytes[at], next(1), next(2)) {
                hasher.update(&bytes[run..at]);
                run = at + width;
            }
        }
    };
    let mut at = 0;
    // Blocks followed by the two bytes that the last start's test reads.
    while let Some(window) = bytes.get(at..at + BLOCK + 2) {
        let any = (0..BLOCK).fold(false, |any, j| {
            any | white_space_at(window[j], window[j + 1], window[j + 2]).is_some()
        });
        if any {
            skip(at, at + BLOCK);
        }
        at += BLOCK;
    }
    skip(at, bytes.len());
    hasher.update(&bytes[run..]);
}

/// The width in bytes of the white space character (`char::is_whitespace`) that starts
/// with bytes `a`, `b`, `c` of UTF-8 text, if one does: ASCII space, tab and line breaks,
/// U+0085 and U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
/// A continuation byte starts none, so the test holds at any byte of the text.
#[inline(always)]
fn white_space_at(a: u8, b: u8, c: u8) -> Option<usize> {
    let ascii = matches!(a, b'\t'..=b'\r' | b' ');
    let two = a == 0xC2 && (b == 0x85 || b == 0xA0);
    let three = (a == 0xE1 && b == 0x9A && c == 0x80)
        || (a == 0xE2 && b == 0x80 && (c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF))
        || (a == 0xE2 && b == 0x81 && c == 0x9F)
        || (a == 0xE3 && b == 0x80 && c == 0x80);
    if ascii {
        Some(1)
    } else if two {
        Some(2)
    } else if three {
        Some(3)
    } else {
        None
    }
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
    fn every_kind_of_white_space_is_left_out_wherever_it_falls() {
        // The fingerprint as defined: the text split at white space, character by character.
        let reference = |title: &str, body: &str| {
            let mut hasher = Sha256::new();
            for text in [title, "\u{0}", body] {
                for c in text.chars().filter(|c| !c.is_whitespace()) {
                    hasher.update(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
            }
            let digest = hasher.finalize();
            digest[..16]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        // White space, and characters that share its first byte but are kept.
        let inserts = [
            " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}",
            "\u{200a}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}", "·",
            "\u{1681}", "\u{200b}", "\u{3001}", "\u{1}", "“",
        ];
        let words = "“第一段”。¡Olá!—x会见了某国领导人";
        for insert in inserts {
            // Before, inside and after the blocks the search passes over.
            for at in [0, 1, 5, 6, 7, 15, 16, 17, words.chars().count()] {
                let cut = words.char_indices().nth(at).map_or(words.len(), |(i, _)| i);
                let text = format!("{}{insert}{insert}{}", &words[..cut], &words[cut..]);
                assert_eq!(
                    fingerprint(Some(&text), &text),
                    reference(&text, &text),
                    "{insert:?} at {at}"
                );
            }
        }
        // Every character of the planes where white space lies, and some beyond.
        for c in (0..0x3100u32)
            .chain(0xFF00..0x10000)
            .filter_map(char::from_u32)
        {
            let text = format!("第一段{c}第二段,第三段。{c}");
            assert_eq!(fingerprint(None, &text), reference("", &text), "{c:?}");
        }
        assert_eq!(
            fingerprint(Some("标题"), "第一段 第二段"),
            fingerprint(Some("标题"), "第一段\u{3000}第二段")
        );
        assert_ne!(
            fingerprint(Some("标题"), "第一段 第二段"),
            fingerprint(Some("标题"), "第一段\u{3001}第二段")
        );
    }

    #[test]
    fn fingerprint_is_stable_across_versions() {
        // Stores key documents by this value: it must never change for the same text.
        assert_eq!(
            fingerprint(Some("标题"), "第一段。\n\n第二段。 Xi\u{3000}met Macron"),
            "61abd252443e51eefc61f84a88861406"
        );
        assert_eq!(fingerprint(None, ""), "6e340b9cffb37a989ca544e6bb780a2c");
        assert_eq!(
            fingerprint(
                Some("Xi meets Biden"),
                "Talks\tin\u{3000}Beijing.\n\nSecond paragraph\u{a0}here."
            ),
            "ff857318efe3469ac69ad6a26c6cb2bd"
        );
        assert_eq!(
            fingerprint(Some(""), "习近平会见拜登。\u{2028}再见"),
            "2d77b085b41c40380097b0724aa4d8c3"
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
