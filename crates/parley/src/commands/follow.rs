//! `parley follow`: poll RSS/Atom feeds, fetch each new item's article, read, extract
//! and store it, and log events as they appear. The poller is `parley_follow`; this
//! wires it to the pipeline, the store and Ctrl-C.

use super::events::{knowledge_base, DbArg};
use crate::pipeline::Pipeline;
use anyhow::{anyhow, Context, Result};
use parley_core::{Diagnostic, RawDocument};
use parley_follow::{load_feeds, Follower, Limits, Notice, Processed};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `parley follow`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The feeds to follow: a TOML file of `[[feed]]` entries (url, name, interval,
    /// fetch_articles) with optional `[defaults]`.
    #[arg(long, value_name = "FILE")]
    feeds: PathBuf,
    /// Poll the feeds that are due once, then exit (for cron) instead of running until
    /// Ctrl-C.
    #[arg(long)]
    once: bool,
    /// Whole-request timeout, in seconds.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Largest feed or page accepted, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_bytes: u64,
    /// Most redirects followed per request.
    #[arg(long, default_value_t = 5)]
    max_redirects: u32,
    /// Least time between two requests to one host, in seconds.
    #[arg(long, default_value_t = 2.0)]
    host_spacing: f64,
    #[command(flatten)]
    db: DbArg,
}

/// Runs the command until Ctrl-C (or once with `--once`).
pub fn run(args: Args) -> Result<ExitCode> {
    let feeds = load_feeds(&args.feeds)?;
    let limits = Limits {
        timeout: Duration::from_secs(args.timeout),
        max_bytes: args.max_bytes,
        max_redirects: args.max_redirects,
        host_spacing: Duration::try_from_secs_f64(args.host_spacing)
            .map_err(|_| anyhow!("--host-spacing must be a number of seconds, 0 or more"))?,
        ..Limits::default()
    };
    let (kb, pipeline) = rayon::join(knowledge_base, Pipeline::new);
    let (kb, pipeline) = (kb?, pipeline?);
    let mut store = args.db.open_for_writing(kb)?;
    let process = |raw: &RawDocument| -> Vec<Result<Processed, Diagnostic>> {
        pipeline
            .process(raw)
            .into_iter()
            .map(|r| r.map(|p| (p.document, p.events)))
            .collect()
    };
    let stop = Arc::new(AtomicBool::new(false));
    if !args.once {
        let flag = stop.clone();
        ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed))
            .context("cannot handle Ctrl-C")?;
        eprintln!(
            "parley: following {} feed(s) into {} (Ctrl-C stops)",
            feeds.len(),
            args.db.describe()
        );
    }
    let mut follower = Follower::new(store.as_mut(), feeds, limits, &process);
    let mut notify = |notice: Notice| log(&notice);
    if args.once {
        follower.poll_due(chrono::Utc::now(), &mut notify)?;
    } else {
        follower.run(&stop, &mut notify)?;
        eprintln!("parley: stopped");
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints one notice: new events on stdout, everything else on stderr.
fn log(notice: &Notice) {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    match notice {
        Notice::Polled {
            feed,
            items,
            new_items,
        } if *new_items > 0 => eprintln!("{now} {feed}: {new_items} new of {items} items"),
        Notice::Polled { .. } | Notice::NotModified { .. } => {}
        Notice::Stored {
            feed,
            document,
            mentions,
            outcome,
        } => {
            let name = document.url.as_deref().unwrap_or(&document.origin);
            if !outcome.new_document {
                eprintln!("{now} {feed}: already stored: {name}");
                return;
            }
            eprintln!(
                "{now} {feed}: stored {name}: {} new event(s), {} merged",
                outcome.events_new, outcome.events_merged
            );
            for m in mentions {
                println!(
                    "{now}\t{feed}\t{}\t{}\t{}\t{}\t{}",
                    m.mode.as_str(),
                    m.actors.join(","),
                    m.when,
                    m.status.as_str(),
                    name
                );
            }
        }
        Notice::FeedFailed {
            feed,
            error,
            failures,
            retry_at,
        } => eprintln!(
            "{now} {feed}: error: {error} (failure {failures}; next try {})",
            retry_at.format("%Y-%m-%dT%H:%M:%SZ")
        ),
        Notice::ItemFailed {
            feed,
            item,
            error,
            retry,
        } => eprintln!(
            "{now} {feed}: {item}: {error}{}",
            if *retry { " (will retry)" } else { "" }
        ),
    }
}
