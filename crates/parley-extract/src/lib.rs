//! Event extraction: turns analysed documents into PLOVER CONSULT event mentions, each
//! with the sentences that state it, and merges mentions of one real event.

mod extract;
pub mod merge;
pub mod rules;

pub use extract::extract;
pub use rules::{Rules, RulesError, Scan};
