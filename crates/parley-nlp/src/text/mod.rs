//! Text utilities that keep offsets: normalisation for matching (NFKC, full-width to
//! half-width, traditional to simplified) with a map back to the original bytes, and
//! sentence splitting for Chinese and English that returns spans into the original.
//!
//! ```
//! use parley_nlp::text::{normalize, split_sentences};
//! let text = "王毅會見拉夫羅夫。雙方交換了意見。";
//! let norm = normalize(text);
//! assert!(norm.text.starts_with("王毅会见"));
//! let spans = split_sentences(text);
//! assert_eq!(spans.len(), 2);
//! ```

mod normalize;
mod sentences;

/// Texts for the byte-walk tests of this module: `count` texts of one to `most` of
/// `pieces`, drawn by a fixed pseudo-random sequence (xorshift), so every run checks the
/// same texts.
#[cfg(test)]
fn pieced_texts(pieces: &[&str], count: usize, most: u64) -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..count)
        .map(|_| {
            (0..state % most + 1)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    pieces[(state % pieces.len() as u64) as usize]
                })
                .collect()
        })
        .collect()
}

pub(crate) use normalize::{chars_survive, is_normalized};
pub use normalize::{normalize, Normalized};
pub use sentences::{split_clauses, split_paragraphs, split_sentences};
