//! The read → analyse → extract path for one raw document, shared by every subcommand
//! that processes documents.

use anyhow::Context;
use parley_core::{Diagnostic, Document, EventMention, RawDocument};
use parley_extract::Rules;
use parley_ingest::ReadOptions;
use parley_nlp::kb::KnowledgeBase;
use rayon::prelude::*;

/// A cleaned story and the events it reports.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The cleaned story.
    pub document: Document,
    /// The events it reports, in order of first evidence.
    pub events: Vec<EventMention>,
}

/// Everything the pipeline needs, built once and shared by all threads.
#[derive(Debug)]
pub struct Pipeline {
    read_options: ReadOptions,
    kb: KnowledgeBase,
    rules: Rules,
}

impl Pipeline {
    /// Builds the pipeline with its default knowledge base and rules.
    pub fn new() -> anyhow::Result<Self> {
        let kb = KnowledgeBase::bundled().context("cannot load the bundled knowledge base")?;
        let rules = Rules::bundled().context("cannot load the bundled trigger rules")?;
        Ok(Pipeline {
            read_options: ReadOptions::default(),
            kb,
            rules,
        })
    }

    /// Reads one raw document into its stories and extracts their events. Stories of
    /// one carrier (a feed, a WARC archive) are analysed in parallel, in order.
    pub fn process(&self, raw: &RawDocument) -> Vec<Result<Processed, Diagnostic>> {
        parley_ingest::read(raw, &self.read_options)
            .into_par_iter()
            .map(|doc| {
                doc.map(|document| {
                    let analyzed = parley_nlp::analyze::analyze(&document, &self.kb);
                    let events =
                        parley_extract::extract(&analyzed, &document, &self.kb, &self.rules);
                    Processed { document, events }
                })
            })
            .collect()
    }
}
