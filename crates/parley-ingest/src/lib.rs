//! Reading raw documents and cleaning them into stories.
//!
//! [`read`] takes the bytes of one file (or stdin, a feed, a WARC record), recognises its
//! format from the content, and returns one cleaned [`Document`] per story it holds (a
//! feed holds many), or a [`Diagnostic`] for each that could not be read.

pub mod charset;
pub mod html;

use chrono::FixedOffset;
use parley_core::{Diagnostic, Document, RawDocument};

/// Settings that apply to every document read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The offset assumed for publication times printed without one (mainland Chinese
    /// outlets: +08:00).
    pub default_offset: FixedOffset,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { default_offset: FixedOffset::east_opt(8 * 3600).expect("valid offset") }
    }
}

/// Reads one raw document into the stories it holds.
pub fn read(raw: &RawDocument, _options: &ReadOptions) -> Vec<Result<Document, Diagnostic>> {
    vec![Err(Diagnostic::error(raw.origin.clone(), "reader not written yet"))]
}
