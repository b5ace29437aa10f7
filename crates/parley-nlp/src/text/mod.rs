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

pub(crate) use normalize::{chars_survive, is_normalized};
pub use normalize::{normalize, Normalized};
pub use sentences::{split_clauses, split_paragraphs, split_sentences};
