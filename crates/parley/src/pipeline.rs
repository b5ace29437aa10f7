//! The read → analyse → extract path for one raw document, shared by every subcommand
//! that processes documents.

use crate::inputs::{Input, Loaded};
use anyhow::Context;
use parley_core::{Diagnostic, Document, EventMention, RawDocument};
use parley_extract::Rules;
use parley_ingest::{warc, ReadOptions};
use parley_nlp::kb::KnowledgeBase;
use rayon::prelude::*;

/// Where [`Pipeline::run`] hands each input's results (and whether they end the input);
/// `Ok(false)` asks it to stop.
pub type Deliver<'a> =
    dyn FnMut(Vec<Result<Processed, Diagnostic>>, bool) -> anyhow::Result<bool> + 'a;

/// One input of a batch after loading: its results, or a WARC archive left to stream.
enum Step {
    Done(Vec<Result<Processed, Diagnostic>>),
    Stream {
        origin: String,
        stream: Box<dyn std::io::Read + Send>,
    },
}

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

    /// Reads `inputs` `batch` at a time, in parallel, and hands `deliver` the results of
    /// each input (of each record, for a WARC archive too large to hold at once) in input
    /// order, so the same inputs always give the same output; `deliver`'s second argument
    /// is true for the last results of an input. Stops early when `deliver` returns
    /// `Ok(false)` or an error (returned).
    pub fn run(
        &self,
        inputs: &[Input],
        batch: usize,
        max_bytes: u64,
        deliver: &mut Deliver<'_>,
    ) -> anyhow::Result<()> {
        for chunk in inputs.chunks(batch.max(1)) {
            let steps: Vec<Step> = chunk
                .par_iter()
                .map(|input| match input.load(max_bytes) {
                    Ok(Loaded::Whole(raw)) => Step::Done(self.process(&raw)),
                    Ok(Loaded::Archive { origin, stream }) => Step::Stream { origin, stream },
                    Err(diagnostic) => Step::Done(vec![Err(diagnostic)]),
                })
                .collect();
            for step in steps {
                let keep_going = match step {
                    Step::Done(results) => deliver(results, true)?,
                    Step::Stream { origin, stream } => {
                        self.run_archive(&origin, stream, batch, max_bytes, deliver)?
                    }
                };
                if !keep_going {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Streams a WARC archive `batch` records at a time, each record's documents
    /// processed in parallel and delivered in order; false when `deliver` asked to stop.
    fn run_archive(
        &self,
        origin: &str,
        stream: Box<dyn std::io::Read + Send>,
        batch: usize,
        max_bytes: u64,
        deliver: &mut Deliver<'_>,
    ) -> anyhow::Result<bool> {
        let mut records = warc::open(stream).with_limit(max_bytes).enumerate();
        loop {
            let chunk: Vec<(usize, Result<warc::Record, String>)> =
                records.by_ref().take(batch.max(1)).collect();
            if chunk.is_empty() {
                return deliver(Vec::new(), true);
            }
            let processed: Vec<Vec<Result<Processed, Diagnostic>>> = chunk
                .into_par_iter()
                .map(|(index, record)| {
                    warc::read_item(origin, index, record, &self.read_options)
                        .into_iter()
                        .map(|doc| doc.map(|document| self.analyse(document)))
                        .collect()
                })
                .collect();
            for results in processed {
                if !results.is_empty() && !deliver(results, false)? {
                    return Ok(false);
                }
            }
        }
    }

    /// Reads one raw document into its stories and extracts their events. Stories of
    /// one carrier (a feed, a WARC archive) are analysed in parallel, in order.
    pub fn process(&self, raw: &RawDocument) -> Vec<Result<Processed, Diagnostic>> {
        parley_ingest::read(raw, &self.read_options)
            .into_par_iter()
            .map(|doc| doc.map(|document| self.analyse(document)))
            .collect()
    }

    /// Analyses a cleaned story and extracts its events.
    fn analyse(&self, document: Document) -> Processed {
        let analyzed = parley_nlp::analyze::analyze(&document, &self.kb);
        let events = parley_extract::extract(&analyzed, &document, &self.kb, &self.rules);
        Processed { document, events }
    }
}
