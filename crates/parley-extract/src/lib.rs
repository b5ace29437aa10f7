//! Event extraction: turns analysed documents into PLOVER CONSULT event mentions, each
//! with the sentences that state it, and merges mentions of one real event.

pub mod merge;
