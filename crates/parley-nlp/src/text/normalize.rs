//! Normalisation for matching, with an offset map back to the original text.

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use parley_core::Span;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The traditional-to-simplified converter, built once (its dictionaries are embedded).
static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// What the converter does to each ideograph (U+3400..U+9FFF) on its own, learnt the
/// first time the character is seen: [`UNKNOWN`], [`KEEPS`] or [`CHANGES`]. Text without
/// any changing character is already simplified and skips the (slower) phrase conversion.
static CONVERTS_ALONE: [AtomicU8; (IDEOGRAPHS_END - IDEOGRAPHS_START) as usize] =
    [const { AtomicU8::new(UNKNOWN) }; (IDEOGRAPHS_END - IDEOGRAPHS_START) as usize];

/// Not looked up yet.
const UNKNOWN: u8 = 0;
/// The converter leaves the character alone.
const KEEPS: u8 = 1;
/// The converter changes the character.
const CHANGES: u8 = 2;

const IDEOGRAPHS_START: u32 = 0x3400;
const IDEOGRAPHS_END: u32 = 0xA000;

/// True for an ideograph that has a different simplified form (and, to be safe, for
/// every ideograph outside the common blocks).
fn is_traditional(ch: char) -> bool {
    let c = ch as u32;
    if !(IDEOGRAPHS_START..IDEOGRAPHS_END).contains(&c) {
        return is_cjk(ch);
    }
    let Some(known) = CONVERTS_ALONE.get((c - IDEOGRAPHS_START) as usize) else {
        return false;
    };
    match known.load(Ordering::Relaxed) {
        KEEPS => false,
        CHANGES => true,
        _ => {
            // No dictionary key holds anything but ideographs, so the character converts
            // alone exactly as it would inside a text.
            let mut buf = [0u8; 4];
            let alone = ch.encode_utf8(&mut buf);
            let changes = T2S.as_ref().is_some_and(|t2s| t2s.convert(alone) != *alone);
            known.store(if changes { CHANGES } else { KEEPS }, Ordering::Relaxed);
            changes
        }
    }
}

/// Characters NFKC leaves alone, checked without running the normaliser: the common
/// ideographs and Chinese punctuation.
fn nfkc_stable(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{9FFF}' | '\u{3001}' | '\u{3002}' | '\u{3008}'..='\u{3011}' | '\u{2018}'..='\u{201D}' | '\u{00B7}' | '\u{2014}' | '\u{2026}')
}

/// The ASCII character a full-width form (U+FF01..U+FF5E) stands for: its NFKC form.
fn narrow_form(ch: char) -> Option<char> {
    match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0),
        _ => None,
    }
}

/// A normalised copy of a text and the way back to the original's byte offsets.
///
/// The normalised text is NFKC (so full-width letters, digits and punctuation become
/// half-width) and simplified Chinese. Every byte of it remembers the original character
/// it came from, so a match found in `text` can be shown in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text`: the original character's byte range it came from.
    origin: Vec<(u32, u32)>,
    /// Length of the original text in bytes.
    original_len: usize,
}

impl Normalized {
    /// The span of the original text that a span of the normalised text came from.
    ///
    /// Spans out of range are clamped to the text; an empty span maps to an empty span.
    pub fn to_original(&self, span: Span) -> Span {
        let len = self.text.len();
        let start = span.start.min(len);
        let end = span.end.min(len).max(start);
        if start == len {
            return Span::new(self.original_len, self.original_len);
        }
        let lo = self.origin[start].0 as usize;
        if end == start {
            return Span::new(lo, lo);
        }
        let hi = self.origin[end - 1].1 as usize;
        Span::new(lo, hi.max(lo))
    }

    /// The byte offset in the original text of a normalised offset (a start position).
    pub fn original_offset(&self, offset: usize) -> usize {
        self.to_original(Span::new(offset, offset)).start
    }

    /// True when the normalised text equals the original byte for byte.
    pub fn is_identity(&self) -> bool {
        self.text.len() == self.original_len
            && self
                .origin
                .iter()
                .enumerate()
                .all(|(i, &(lo, hi))| lo as usize <= i && i < hi as usize)
    }
}

/// True when [`normalize`] leaves `text` as it is.
pub(crate) fn is_normalized(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii() || (nfkc_stable(c) && !is_traditional(c)))
        || normalize(text).text == text
}

/// True when every character of `text` survives normalisation on its own: NFKC keeps it
/// and the converter does not simplify it. A name with a character that does not (a
/// traditional or full-width spelling) is never met in normalised text, which holds its
/// normalised spelling instead. Cheaper than [`is_normalized`]: no phrase conversion.
pub(crate) fn chars_survive(text: &str) -> bool {
    text.chars().all(|c| {
        if c.is_ascii() || nfkc_stable(c) {
            c.is_ascii() || !is_traditional(c)
        } else {
            !is_cjk(c) && std::iter::once(c).nfkc().eq(std::iter::once(c))
        }
    })
}

/// Normalises `text` for matching: NFKC (full-width to half-width) and traditional
/// Chinese to simplified, keeping a map from every normalised byte to the original.
pub fn normalize(text: &str) -> Normalized {
    // Step 1: NFKC character by character, remembering where each output byte came from.
    let mut nfkc = String::with_capacity(text.len());
    let mut origin: Vec<(u32, u32)> = Vec::with_capacity(text.len());
    let mut has_traditional = false;
    for (pos, ch) in text.char_indices() {
        let range = (pos as u32, (pos + ch.len_utf8()) as u32);
        if ch.is_ascii() || nfkc_stable(ch) {
            has_traditional |= !ch.is_ascii() && is_traditional(ch);
            nfkc.push(ch);
            origin.resize(origin.len() + ch.len_utf8(), range);
            continue;
        }
        if let Some(narrow) = narrow_form(ch) {
            // Full-width ASCII (，：（）０-９Ａ-Ｚ): NFKC is the ASCII character itself.
            nfkc.push(narrow);
            origin.push(range);
            continue;
        }
        has_traditional |= is_cjk(ch);
        let before = nfkc.len();
        nfkc.extend(std::iter::once(ch).nfkc());
        origin.resize(origin.len() + (nfkc.len() - before), range);
    }
    let mut out = Normalized {
        text: nfkc,
        origin,
        original_len: text.len(),
    };
    // Step 2: traditional to simplified, where any character needs it.
    if has_traditional {
        if let Some(t2s) = T2S.as_ref() {
            to_simplified(&mut out, t2s);
        }
    }
    out
}

/// Replaces the text with its simplified form, keeping the origin of every character.
fn to_simplified(norm: &mut Normalized, t2s: &OpenCC) {
    let converted = t2s.convert(&norm.text);
    if converted == norm.text {
        return;
    }
    let old_chars: Vec<(usize, char)> = norm.text.char_indices().collect();
    let same_count = converted.chars().count() == old_chars.len();
    let mut text = String::with_capacity(converted.len());
    let mut origin = Vec::with_capacity(converted.len());
    if same_count {
        // The usual case: one character for one character, phrases converted in context.
        for ((pos, _), new) in old_chars.iter().zip(converted.chars()) {
            text.push(new);
            origin.resize(text.len(), norm.origin[*pos]);
        }
    } else {
        // A phrase changed length: convert character by character instead.
        let mut buf = [0u8; 4];
        for &(pos, ch) in &old_chars {
            let single = t2s.convert(ch.encode_utf8(&mut buf));
            text.push_str(&single);
            origin.resize(text.len(), norm.origin[pos]);
        }
    }
    norm.text = text;
    norm.origin = origin;
}

/// CJK ideographs, the characters worth converting.
fn is_cjk(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back<'a>(original: &'a str, norm: &Normalized, needle: &str) -> &'a str {
        let start = norm.text.find(needle).expect("needle in normalised text");
        let span = norm.to_original(Span::new(start, start + needle.len()));
        &original[span.range()]
    }

    #[test]
    fn traditional_becomes_simplified_and_maps_back() {
        let original = "國務院總理李強昨在人民大會堂會見訪華的法國外長巴羅。";
        let norm = normalize(original);
        assert_eq!(
            norm.text,
            "国务院总理李强昨在人民大会堂会见访华的法国外长巴罗。"
        );
        assert_eq!(back(original, &norm, "会见"), "會見");
        assert_eq!(back(original, &norm, "法国外长巴罗"), "法國外長巴羅");
        assert_eq!(back(original, &norm, "。"), "。");
    }

    #[test]
    fn full_width_becomes_half_width_and_maps_back() {
        let original = "当地时间２０２５年２月２０日（周四），ＡＢＣ报道！";
        let norm = normalize(original);
        assert_eq!(norm.text, "当地时间2025年2月20日(周四),ABC报道!");
        assert_eq!(back(original, &norm, "2025"), "２０２５");
        assert_eq!(back(original, &norm, "(周四)"), "（周四）");
        assert_eq!(back(original, &norm, "!"), "！");
    }

    #[test]
    fn english_and_simplified_text_are_unchanged() {
        for original in [
            "Putin met Erdogan in Sochi.",
            "王毅会见俄罗斯外长拉夫罗夫。",
            "",
        ] {
            let norm = normalize(original);
            assert_eq!(norm.text, original);
            assert!(norm.is_identity());
            let span = Span::new(0, original.len());
            assert_eq!(norm.to_original(span), span);
        }
    }

    #[test]
    fn every_span_round_trips_to_a_char_boundary() {
        let original =
            "中央社基輔24日綜合外電報導，歐盟執委會主席范德賴恩（Ursula von der Leyen）抵達。";
        let norm = normalize(original);
        let bounds: Vec<usize> = norm
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([norm.text.len()])
            .collect();
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a) {
                let span = norm.to_original(Span::new(a, b));
                assert!(original.get(span.range()).is_some(), "{a}..{b} -> {span:?}");
            }
        }
        assert_eq!(
            norm.to_original(Span::new(0, norm.text.len())),
            Span::new(0, original.len())
        );
        // Out-of-range spans are clamped, not a panic.
        assert_eq!(
            norm.to_original(Span::new(10_000, 20_000)),
            Span::new(original.len(), original.len())
        );
    }

    #[test]
    fn the_traditional_set_knows_both_scripts() {
        for ch in ['會', '見', '訪', '華', '國', '歐'] {
            assert!(is_traditional(ch), "{ch}");
        }
        for ch in ['会', '见', '访', '华', '国', '王', '毅'] {
            assert!(!is_traditional(ch), "{ch}");
        }
    }

    #[test]
    fn full_width_ascii_takes_the_nfkc_form() {
        for ch in '\u{FF01}'..='\u{FF5E}' {
            let nfkc: String = std::iter::once(ch).nfkc().collect();
            assert_eq!(narrow_form(ch).map(String::from), Some(nfkc), "{ch:?}");
        }
        assert_eq!(narrow_form('a'), None);
        assert_eq!(narrow_form('\u{FF5F}'), None);
    }

    #[test]
    fn names_that_survive_normalisation() {
        for name in ["拉夫罗夫", "弗拉基米尔·普京", "Sergey Lavrov", "约翰•克里"]
        {
            assert!(chars_survive(name), "{name}");
            assert!(is_normalized(name), "{name}");
        }
        for name in ["拉夫羅夫", "弗拉基米尔．普京", "ＡＢＣ"] {
            assert!(!chars_survive(name), "{name}");
            assert!(!is_normalized(name), "{name}");
        }
    }

    #[test]
    fn ligatures_expand_and_map_to_their_source() {
        let original = "ﬁne ㈱";
        let norm = normalize(original);
        assert!(norm.text.starts_with("fine"));
        assert_eq!(back(original, &norm, "fi"), "ﬁ");
    }
}
