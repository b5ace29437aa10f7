//! Normalisation for matching, with an offset map back to the original text.

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use parley_core::Span;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// OpenCC's traditional-to-simplified phrase table (`data/opencc/`).
const TS_PHRASES: &str = include_str!("../../../../data/opencc/TSPhrases.txt");
/// OpenCC's traditional-to-simplified character table (`data/opencc/`).
const TS_CHARACTERS: &str = include_str!("../../../../data/opencc/TSCharacters.txt");

/// The traditional-to-simplified converter, built once from the bundled tables.
static T2S: LazyLock<Simplifier> = LazyLock::new(|| Simplifier::new(&[TS_PHRASES, TS_CHARACTERS]));

const IDEOGRAPHS_START: u32 = 0x3400;
const IDEOGRAPHS_END: u32 = 0xA000;

/// OpenCC's traditional-to-simplified conversion (the `t2s` configuration: the phrase
/// and the character table in one group).
///
/// OpenCC converts by taking, at each position from left to right, the longest key of
/// either table (the phrase table on a tie) and stepping one character when none starts
/// there. Phrase keys are longer than one character, so a phrase starting at a position
/// always wins over the character there: leftmost-longest matching of the phrases, with
/// the character table between them, gives OpenCC's output. Doing it here, rather than
/// through an OpenCC binding, avoids a dictionary walk and several allocations for each
/// character of a traditional sentence.
struct Simplifier {
    /// The keys of more than one character; the value indexes `phrase_values`.
    phrases: CharwiseDoubleArrayAhoCorasick<u32>,
    /// The simplified form of each phrase (its first value), as many characters long.
    phrase_values: Vec<Box<str>>,
    /// The simplified form of each ideograph U+3400..U+9FFF on its own (itself when
    /// it does not change): one lookup per character of the common block.
    common: Vec<char>,
    /// Other characters that change on their own, and their simplified form.
    others: HashMap<char, char>,
}

impl Simplifier {
    /// Builds the converter from OpenCC text tables (`key<TAB>value value…`, `#`
    /// comments), phrases first. A key later in the same table replaces an earlier one,
    /// and a key of an earlier table wins over the same key later, as in OpenCC. Entries
    /// whose first value has another number of characters than the key are left out:
    /// the offset map needs one character for one (the bundled tables have none).
    fn new(tables: &[&str]) -> Self {
        let mut phrases: Vec<(&str, &str)> = Vec::new();
        let mut common: Vec<char> = (IDEOGRAPHS_START..IDEOGRAPHS_END)
            .map(|c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        let mut others = HashMap::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for table in tables {
            let mut entries: HashMap<&str, &str> = HashMap::new();
            for line in table.lines() {
                let trimmed = line.trim();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let Some((key, values)) = line.split_once('\t') else {
                    continue;
                };
                let Some(value) = values.split(' ').next() else {
                    continue;
                };
                if !key.is_empty()
                    && !value.is_empty()
                    && key.chars().count() == value.chars().count()
                {
                    entries.insert(key, value);
                }
            }
            for (key, value) in entries {
                if !seen.insert(key) {
                    continue;
                }
                let mut key_chars = key.chars();
                match (key_chars.next(), key_chars.next(), value.chars().next()) {
                    (Some(k), None, Some(v)) if k != v => match common_index(k) {
                        Some(i) => common[i] = v,
                        None => {
                            others.insert(k, v);
                        }
                    },
                    (Some(_), None, _) => {}
                    _ => phrases.push((key, value)),
                }
            }
        }
        phrases.sort_unstable();
        let keys = phrases.iter().zip(0u32..).map(|(&(key, _), i)| (key, i));
        Self {
            phrases: CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build_with_values(keys)
                .expect("the OpenCC phrase table builds an automaton"),
            phrase_values: phrases.iter().map(|&(_, value)| Box::from(value)).collect(),
            common,
            others,
        }
    }

    /// The simplified form of a character, when it has one of its own.
    fn simplified_char(&self, ch: char) -> Option<char> {
        match common_index(ch) {
            Some(i) => Some(self.common[i]).filter(|&s| s != ch),
            None if is_cjk(ch) => self.others.get(&ch).copied(),
            None => None,
        }
    }

    /// True for an ideograph that has a different simplified form (and, to be safe, for
    /// every ideograph outside the common blocks).
    fn is_traditional(&self, ch: char) -> bool {
        match common_index(ch) {
            Some(i) => self.common[i] != ch,
            None => is_cjk(ch),
        }
    }

    /// The simplified form of `text` (no NFKC), for checking the conversion alone.
    #[cfg(test)]
    fn convert(&self, text: &str) -> String {
        to_simplified(text, &[], self).map_or_else(|| text.to_string(), |(text, _)| text)
    }
}

/// True for an ideograph that has a different simplified form (and, to be safe, for
/// every ideograph outside the common blocks).
fn is_traditional(ch: char) -> bool {
    T2S.is_traditional(ch)
}

/// The index of an ideograph of the common block (U+3400..U+9FFF) in the tables.
fn common_index(ch: char) -> Option<usize> {
    let c = ch as u32;
    (IDEOGRAPHS_START..IDEOGRAPHS_END)
        .contains(&c)
        .then(|| (c - IDEOGRAPHS_START) as usize)
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

/// A stretch of the normalised text that is not a copy of the original: every byte of
/// `norm` came from the original character at `orig`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    /// Byte range in the normalised text (whole characters).
    norm: (u32, u32),
    /// Byte range of the original character it came from.
    orig: (u32, u32),
}

/// A normalised copy of a text and the way back to the original's byte offsets.
///
/// The normalised text is NFKC (so full-width letters, digits and punctuation become
/// half-width) and simplified Chinese. Every byte of it knows the original character it
/// came from, so a match found in `text` can be shown in the original. Only the
/// characters normalisation changed are recorded (a full-width comma, a traditional
/// character); the text between them is the original's, so a text normalisation leaves
/// alone (most simplified Chinese and English) records nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// The changed stretches of `text`, in order; empty when `text` is the original.
    edits: Vec<Edit>,
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
        let lo = self.origin_of(start).0;
        if end == start {
            return Span::new(lo, lo);
        }
        let hi = self.origin_of(end - 1).1;
        Span::new(lo, hi.max(lo))
    }

    /// The byte range of the original character that byte `b` of `text` came from: inside
    /// an edit, the edit's origin; elsewhere `text` copies the original, shifted by as
    /// much as the edit before ends shifted.
    fn origin_of(&self, b: usize) -> (usize, usize) {
        let edits = &self.edits;
        let i = edits.partition_point(|e| e.norm.0 as usize <= b);
        let shift = match i.checked_sub(1).map(|i| edits[i]) {
            Some(e) if b < e.norm.1 as usize => return (e.orig.0 as usize, e.orig.1 as usize),
            Some(e) => e.orig.1 as isize - e.norm.1 as isize,
            None => 0,
        };
        let lo = self.text.floor_char_boundary(b);
        let len = self.text[lo..].chars().next().map_or(1, char::len_utf8);
        let lo = lo.saturating_add_signed(shift);
        (lo, lo + len)
    }

    /// The byte offset in the original text of a normalised offset (a start position).
    pub fn original_offset(&self, offset: usize) -> usize {
        self.to_original(Span::new(offset, offset)).start
    }

    /// True when the normalised text equals the original byte for byte.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
            || (self.text.len() == self.original_len
                && (0..self.text.len()).all(|i| {
                    let (lo, hi) = self.origin_of(i);
                    lo <= i && i < hi
                }))
    }
}

/// True when [`normalize`] leaves `text` as it is.
pub(crate) fn is_normalized(text: &str) -> bool {
    let t2s: &Simplifier = &T2S;
    text.chars().all(|c| kept(c, t2s)) || normalize(text).text == text
}

/// True for a character that normalisation keeps whatever surrounds it: ASCII, or
/// stable under NFKC and not converted on its own. (Phrases convert only where some
/// character converts on its own.)
fn kept(c: char, t2s: &Simplifier) -> bool {
    c.is_ascii() || (nfkc_stable(c) && !t2s.is_traditional(c))
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
    let t2s: &Simplifier = &T2S;
    // Most texts are kept whole: nothing to record.
    let Some((first, _)) = text.char_indices().find(|&(_, c)| !kept(c, t2s)) else {
        return Normalized {
            text: text.to_owned(),
            edits: Vec::new(),
            original_len: text.len(),
        };
    };
    // Step 1: NFKC character by character, recording each character it changes. Runs of
    // characters NFKC keeps are copied whole; the kept head before `first` is not
    // examined again.
    let mut nfkc = String::with_capacity(text.len());
    let mut edits = Vec::new();
    let mut has_traditional = false;
    // `text[run..]` is not copied yet.
    let mut run = 0;
    let mut next = first;
    while let Some((pos, ch)) = next_unstable(text, next, t2s, &mut has_traditional) {
        let len = ch.len_utf8();
        next = pos + len;
        let orig = (pos as u32, (pos + len) as u32);
        nfkc.push_str(&text[run..pos]);
        run = pos + len;
        let before = nfkc.len();
        if let Some(narrow) = narrow_form(ch) {
            // Full-width ASCII (，：（）０-９Ａ-Ｚ): NFKC is the ASCII character itself.
            nfkc.push(narrow);
        } else {
            has_traditional |= is_cjk(ch);
            nfkc.extend(std::iter::once(ch).nfkc());
            if nfkc[before..] == text[pos..run] {
                continue;
            }
        }
        let norm = (before as u32, nfkc.len() as u32);
        edits.push(Edit { norm, orig });
    }
    nfkc.push_str(&text[run..]);
    // Step 2: traditional to simplified, where any character needs it.
    if has_traditional {
        if let Some((text, map)) = to_simplified(&nfkc, &edits, t2s) {
            nfkc = text;
            edits = map;
        }
    }
    Normalized {
        text: nfkc,
        edits,
        original_len: text.len(),
    }
}

/// The next character at or after byte `pos` (a character boundary) of `text` that is
/// neither ASCII nor [`nfkc_stable`], with its offset; sets `has_traditional` when a
/// character passed over is traditional. The common ideographs U+4000..U+9FFF, most of
/// Chinese text, are told by their first byte (E4..E9) and read from their three bytes
/// directly; only the other characters are decoded in full.
fn next_unstable(
    text: &str,
    mut pos: usize,
    t2s: &Simplifier,
    has_traditional: &mut bool,
) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    while let Some(&lead) = bytes.get(pos) {
        if lead < 0x80 {
            pos += 1;
            continue;
        }
        if (0xE4..=0xE9).contains(&lead) {
            if !*has_traditional {
                let (b1, b2) = (bytes[pos + 1], bytes[pos + 2]);
                let code =
                    u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
                *has_traditional = char::from_u32(code).is_some_and(|c| t2s.is_traditional(c));
            }
            pos += 3;
            continue;
        }
        let ch = text[pos..].chars().next()?;
        if !nfkc_stable(ch) {
            return Some((pos, ch));
        }
        *has_traditional = *has_traditional || t2s.is_traditional(ch);
        pos += ch.len_utf8();
    }
    None
}

/// The simplified form of `src` and its edits against the original, given the edits that
/// made `src`; `None` when nothing changes. Each converted key has as many characters as
/// its simplified form, so every new character takes the origin of the one it replaces.
fn to_simplified(src: &str, src_edits: &[Edit], t2s: &Simplifier) -> Option<(String, Vec<Edit>)> {
    let mut out = Rebuilt::default();
    let old = (src, src_edits);
    let mut pos = 0;
    for m in t2s.phrases.leftmost_find_iter(src).map(Some).chain([None]) {
        let until = m.as_ref().map_or(src.len(), |m| m.start());
        for (off, ch) in src[pos..until].char_indices() {
            if let Some(new) = t2s.simplified_char(ch) {
                let mut buf = [0u8; 4];
                out.replace(old, pos + off, ch.len_utf8(), new.encode_utf8(&mut buf));
            }
        }
        let Some(m) = m else { break };
        let value = &t2s.phrase_values[m.value() as usize];
        if src[m.start()..m.end()] != **value {
            out.replace(old, m.start(), m.end() - m.start(), value);
        }
        pos = m.end();
    }
    if out.text.is_empty() {
        return None;
    }
    out.copy_until(old, src.len());
    Some((out.text, out.edits))
}

/// A normalised text being rewritten: the converted text and its edits so far.
#[derive(Default)]
struct Rebuilt {
    /// The new text up to `copied` of the old one.
    text: String,
    /// The edits of `text` against the original.
    edits: Vec<Edit>,
    /// How much of the old text is in `text`.
    copied: usize,
    /// The first of the old text's edits not wholly carried over yet.
    next_edit: usize,
}

impl Rebuilt {
    /// Copies the old text up to `at`, with the parts of its edits there (moved by as many
    /// bytes as the new text is longer than the old so far).
    fn copy_until(&mut self, old: (&str, &[Edit]), at: usize) {
        let (old_text, old_edits) = old;
        let shift = self.text.len() as isize - self.copied as isize;
        let moved = |b: usize| b.saturating_add_signed(shift) as u32;
        while let Some(e) = old_edits.get(self.next_edit) {
            let (start, end) = (e.norm.0 as usize, e.norm.1 as usize);
            if start >= at {
                break;
            }
            let (from, to) = (start.max(self.copied), end.min(at));
            if from < to {
                self.edits.push(Edit {
                    norm: (moved(from), moved(to)),
                    orig: e.orig,
                });
            }
            if end > at {
                break;
            }
            self.next_edit += 1;
        }
        self.text.push_str(&old_text[self.copied..at]);
        self.copied = at;
    }

    /// Copies the old text up to `at`, then writes `new` for the `len` bytes there, each
    /// new character taking the origin of the old character it replaces. A character
    /// replacing a copied one of the same length needs no edit: the copy's shift still
    /// leads to its origin.
    fn replace(&mut self, old: (&str, &[Edit]), at: usize, len: usize, new: &str) {
        let (old_text, old_edits) = old;
        if self.text.is_empty() {
            self.text.reserve(old_text.len() + 8);
        }
        self.copy_until(old, at);
        for ((off, old_ch), ch) in old_text[at..at + len].char_indices().zip(new.chars()) {
            let p = at + off;
            while old_edits
                .get(self.next_edit)
                .is_some_and(|e| e.norm.1 as usize <= p)
            {
                self.next_edit += 1;
            }
            let start = self.text.len() as u32;
            self.text.push(ch);
            let orig = match old_edits.get(self.next_edit) {
                Some(e) if e.norm.0 as usize <= p => e.orig,
                _ if ch.len_utf8() == old_ch.len_utf8() => continue,
                _ => {
                    // Copied: shifted as much as the old edit before it ends shifted.
                    let shift = self.next_edit.checked_sub(1).map_or(0, |i| {
                        old_edits[i].orig.1 as isize - old_edits[i].norm.1 as isize
                    });
                    let lo = p.saturating_add_signed(shift);
                    (lo as u32, (lo + old_ch.len_utf8()) as u32)
                }
            };
            self.edits.push(Edit {
                norm: (start, self.text.len() as u32),
                orig,
            });
        }
        self.copied = at + len;
        // Old edits inside the replaced bytes are replaced with them.
        while old_edits
            .get(self.next_edit)
            .is_some_and(|e| e.norm.1 as usize <= self.copied)
        {
            self.next_edit += 1;
        }
    }
}

/// CJK ideographs, the characters worth converting.
fn is_cjk(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_unstable_finds_what_decoding_every_character_finds() {
        let pieces = [
            "国务院",
            "國務院",
            "會見",
            "，",
            "。",
            "：",
            "“",
            "”",
            "·",
            "—",
            "…",
            "Ａ",
            "１",
            "a b",
            "3.5",
            "é",
            "㐀",
            "䶵",
            "一",
            "鿿",
            "豈",
            "、",
            "《》",
            "😀",
            "ﬁ",
            "\u{3000}",
        ];
        let t2s: &Simplifier = &T2S;
        for text in crate::text::pieced_texts(&pieces, 400, 19) {
            for (pos, _) in text.char_indices() {
                let found = text[pos..]
                    .char_indices()
                    .find(|&(_, c)| !c.is_ascii() && !nfkc_stable(c))
                    .map(|(k, c)| (pos + k, c));
                let until = found.map_or(text.len(), |(k, _)| k);
                let traditional = text[pos..until]
                    .chars()
                    .any(|c| !c.is_ascii() && t2s.is_traditional(c));
                let mut has_traditional = false;
                assert_eq!(
                    next_unstable(&text, pos, t2s, &mut has_traditional),
                    found,
                    "{text:?} {pos}"
                );
                assert_eq!(has_traditional, traditional, "{text:?} {pos}");
            }
        }
    }

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
    fn the_longest_phrase_wins_over_its_characters() {
        // 乾 alone is 干, but not in the phrases that keep it; the longest phrase at a
        // position wins (乾坤一擲 over 乾坤), and characters convert between phrases.
        assert_eq!(T2S.convert("乾淨"), "干净");
        assert_eq!(T2S.convert("乾坤"), "乾坤");
        assert_eq!(
            T2S.convert("乾清宮前乾坤一擲，乾淨"),
            "乾清宫前乾坤一掷，干净"
        );
        // A phrase converts a character that keeps its form alone (覆 in 答覆).
        assert_eq!(T2S.convert("記者答覆"), "记者答复");
        assert_eq!(T2S.convert("Hello 世界"), "Hello 世界");
        let original = "他們在乾清宮答覆記者。";
        let norm = normalize(original);
        assert_eq!(norm.text, "他们在乾清宫答复记者。");
        assert_eq!(back(original, &norm, "答复"), "答覆");
        assert_eq!(back(original, &norm, "宫"), "宮");
    }

    #[test]
    fn every_table_entry_keeps_its_length() {
        // The offset map needs one character for one; an entry that broke this would
        // be left out of the conversion.
        for table in [TS_PHRASES, TS_CHARACTERS] {
            for line in table
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
            {
                let (key, values) = line.split_once('\t').expect("key and values");
                for value in values.split(' ') {
                    assert_eq!(key.chars().count(), value.chars().count(), "{line}");
                }
            }
        }
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
        // Inside a character, a span widens to the whole character, as with a map.
        let norm = normalize("王毅会见");
        assert_eq!(norm.to_original(Span::new(1, 2)), Span::new(0, 3));
        assert_eq!(norm.to_original(Span::new(4, 7)), Span::new(3, 9));
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

    /// Normalisation done the straightforward way: NFKC of every character, then the
    /// conversion, with the origin of every byte of the result written out.
    fn byte_by_byte(text: &str) -> (String, Vec<(usize, usize)>) {
        let mut nfkc = String::new();
        let mut origin = Vec::new();
        for (pos, ch) in text.char_indices() {
            nfkc.extend(std::iter::once(ch).nfkc());
            origin.resize(nfkc.len(), (pos, pos + ch.len_utf8()));
        }
        let simplified = T2S.convert(&nfkc);
        let mut out_origin = Vec::new();
        for ((i, _), ch) in nfkc.char_indices().zip(simplified.chars()) {
            out_origin.resize(out_origin.len() + ch.len_utf8(), origin[i]);
        }
        (simplified, out_origin)
    }

    #[test]
    fn the_recorded_edits_give_every_byte_its_origin() {
        // Pieces mixing what normalisation keeps, widens, narrows and converts: ASCII,
        // simplified and traditional Chinese, phrases, full-width forms, a ligature, a
        // character NFKC turns into several (㈱), a compatibility ideograph (豈 U+F900),
        // a character outside the common block (𠀀), accents, an emoji, and conversions
        // to a character of another UTF-8 length (㑮, 二噁英).
        let pieces = [
            "Putin met Erdogan",
            "王毅会见",
            "國務院總理",
            "乾淨",
            "乾坤一擲",
            "答覆記者",
            "，",
            "２０２５年",
            "（周四）",
            "ＡＢＣ",
            "ﬁne",
            "㈱",
            "\u{F900}",
            "𠀀",
            "café",
            "😀",
            "㑮",
            "二噁英",
            "·",
            "。",
            " ",
            "會見訪華",
            "里約熱內盧",
            "ｶﾀｶﾅ",
            "①",
            "\n",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut texts: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..(seed % 9) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            texts.push(text);
        }
        for text in &texts {
            let norm = normalize(text);
            let (expected, origin) = byte_by_byte(text);
            assert_eq!(norm.text, expected, "{text:?}");
            for (b, &want) in origin.iter().enumerate() {
                assert_eq!(
                    norm.origin_of(b),
                    want,
                    "byte {b} of {:?} from {text:?}",
                    norm.text
                );
            }
            let whole = norm.to_original(Span::new(0, norm.text.len()));
            let want = if text.is_empty() { 0 } else { text.len() };
            assert_eq!(whole, Span::new(0, want), "{text:?}");
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
