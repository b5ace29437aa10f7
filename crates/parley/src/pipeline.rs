//! The read → analyse → extract path for one raw document, shared by every subcommand
//! that processes documents.

use parley_core::{Diagnostic, Document, EventMention, RawDocument};
use parley_ingest::ReadOptions;

/// A cleaned story and the events it reports.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The cleaned story.
    pub document: Document,
    /// The events it reports, in order of first evidence.
    pub events: Vec<EventMention>,
}

/// Everything the pipeline needs, built once and shared by all threads.
#[derive(Debug, Default)]
pub struct Pipeline {
    read_options: ReadOptions,
}

impl Pipeline {
    /// Builds the pipeline with its default knowledge base and rules.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Pipeline { read_options: ReadOptions::default() })
    }

    /// Reads one raw document into its stories and extracts their events.
    pub fn process(&self, raw: &RawDocument) -> Vec<Result<Processed, Diagnostic>> {
        parley_ingest::read(raw, &self.read_options)
            .into_iter()
            .map(|doc| doc.map(|document| Processed { document, events: Vec::new() }))
            .collect()
    }
}
