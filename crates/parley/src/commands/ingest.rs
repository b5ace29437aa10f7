//! `parley ingest`: read, extract and store documents. Documents are processed in
//! parallel (rayon); one writer thread owns the database and commits them in batched
//! transactions, one savepoint per document.

use super::events::{knowledge_base, DbArg};
use crate::inputs;
use crate::pipeline::{Pipeline, Processed};
use anyhow::{anyhow, Result};
use indicatif::{ProgressBar, ProgressStyle};
use parley_core::{Diagnostic, Document, EventMention, Severity};
use parley_store::Store;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// Arguments of `parley ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    /// Most documents written in one transaction.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
    #[command(flatten)]
    db: DbArg,
}

/// What one ingest run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Summary {
    new: usize,
    unchanged: usize,
    failed: usize,
    /// Inputs read only in part (a truncated feed keeps the items before the cut): what
    /// was read is stored, the rest is reported lost.
    partial: usize,
    events_new: usize,
    events_merged: usize,
    links: usize,
}

/// How long the writer waits for more documents before committing what it has.
const IDLE_COMMIT: Duration = Duration::from_millis(250);

/// Documents in flight between the readers and the writer; bounds memory.
const CHANNEL_DEPTH: usize = 64;

/// Runs the command; exit status 1 when any document failed or an input was read only in
/// part.
pub fn run(args: Args) -> Result<ExitCode> {
    let inputs = inputs::collect(&args.paths)?;
    // The pipeline keeps its knowledge base to itself; the store's geography loads its
    // own copy, at the same time.
    let (kb, pipeline) = rayon::join(knowledge_base, Pipeline::new);
    let (kb, pipeline) = (kb?, pipeline?);
    let store = args.db.open_for_writing(kb)?;
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} files, {elapsed} {msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let batch = args.batch as usize;
    let (sender, receiver) = sync_channel::<Message>(CHANNEL_DEPTH);
    let summary = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_all(store, receiver, batch, &progress));
        // Files are processed in parallel a chunk at a time and handed over in input
        // order, so the same inputs always build the same database (merging depends on
        // order) while the writer stores one chunk as the next is read. Sending fails
        // only when the writer stopped on a database failure, returned below.
        let read = pipeline.run(
            &inputs,
            batch,
            args.max_bytes,
            &mut |results, ends_input| Ok(sender.send((results, ends_input)).is_ok()),
        );
        drop(sender);
        let summary = writer
            .join()
            .map_err(|_| anyhow!("the writer thread panicked"))?;
        read.and(summary)
    })?;
    progress.finish_and_clear();
    let partial = match summary.partial {
        0 => String::new(),
        n => format!(", {n} read in part"),
    };
    println!(
        "documents: {} new, {} unchanged, {} failed{partial}; events: {} new, {} merged, {} linked",
        summary.new,
        summary.unchanged,
        summary.failed,
        summary.events_new,
        summary.events_merged,
        summary.links
    );
    Ok(if summary.failed + summary.partial > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What the readers hand the writer: the results of an input (or of one record of a
/// streamed archive), and whether they end the input.
type Message = (Vec<Result<Processed, Diagnostic>>, bool);

/// The writer: receives processed files, commits every `batch` documents or when input
/// pauses, reports per-document failures and counts everything.
fn write_all(
    mut store: Box<dyn Store + Send>,
    receiver: Receiver<Message>,
    batch: usize,
    progress: &ProgressBar,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut pending: Vec<Processed> = Vec::new();
    loop {
        let (message, ends_input) = match receiver.recv_timeout(IDLE_COMMIT) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => {
                commit(store.as_mut(), &mut pending, &mut summary, progress)?;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if ends_input {
            progress.inc(1);
        }
        for result in message {
            match result {
                Ok(processed) => pending.push(processed),
                Err(diagnostic) => {
                    match diagnostic.severity {
                        Severity::Warning => summary.partial += 1,
                        Severity::Error => summary.failed += 1,
                    }
                    progress.suspend(|| eprintln!("{diagnostic}"));
                }
            }
        }
        if pending.len() >= batch {
            commit(store.as_mut(), &mut pending, &mut summary, progress)?;
        }
    }
    commit(store.as_mut(), &mut pending, &mut summary, progress)?;
    Ok(summary)
}

fn commit(
    store: &mut dyn Store,
    pending: &mut Vec<Processed>,
    summary: &mut Summary,
    progress: &ProgressBar,
) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let items: Vec<(&Document, &[EventMention])> = pending
        .iter()
        .map(|p| (&p.document, p.events.as_slice()))
        .collect();
    let results = store
        .put_batch(&items)
        .map_err(|e| anyhow!("cannot write to the database: {e}"))?;
    for (processed, result) in pending.iter().zip(results) {
        match result {
            Ok(outcome) if outcome.new_document => {
                summary.new += 1;
                summary.events_new += outcome.events_new;
                summary.events_merged += outcome.events_merged;
                summary.links += outcome.links;
            }
            Ok(_) => summary.unchanged += 1,
            Err(err) => {
                summary.failed += 1;
                progress.suspend(|| {
                    eprintln!(
                        "{}",
                        Diagnostic::error(
                            &processed.document.origin,
                            format!("cannot store: {err}")
                        )
                    )
                });
            }
        }
    }
    progress.set_message(format!(
        "{} new, {} unchanged",
        summary.new, summary.unchanged
    ));
    pending.clear();
    Ok(())
}
