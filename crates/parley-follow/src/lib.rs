//! Following RSS and Atom feeds: `parley follow`'s poller.
//!
//! A [`Follower`] polls each [`Feed`] when it is due, with conditional GET (`ETag` →
//! `If-None-Match`, `Last-Modified` → `If-Modified-Since`), at most one request per
//! host every [`Limits::host_spacing`], and exponential backoff after errors. Each item
//! not seen before is fetched (its article page, or the item's own content when the
//! feed says `fetch_articles = false`), read and extracted by the caller's processor,
//! and stored; what happened is reported as [`Notice`]s. Everything it must remember —
//! validators, next poll time, failure count, items seen — lives in the [`Store`], so a
//! restart resumes where it stopped and several followers may share one PostgreSQL
//! store. A feed that is down or malformed is reported and backed off; the others go on.
//!
//! Network limits: `http` and `https` only, a global timeout per request, a cap on body
//! size and on redirects ([`Limits`]).

mod config;

pub use config::{load_feeds, parse_feeds, ConfigError, Feed};

use chrono::{DateTime, Utc};
use parley_core::{Diagnostic, Document, EventMention, RawDocument};
use parley_store::{FeedState, PutOutcome, Store, StoreError};
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Network and pacing limits.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Whole-request timeout (connect, headers, body).
    pub timeout: Duration,
    /// Largest response body read, in bytes.
    pub max_bytes: u64,
    /// Most redirects followed.
    pub max_redirects: u32,
    /// Least time between two requests to the same host.
    pub host_spacing: Duration,
    /// Wait after the first failure of a feed; doubled with each further failure.
    pub min_backoff: Duration,
    /// Longest wait after failures.
    pub max_backoff: Duration,
    /// The `User-Agent` sent.
    pub user_agent: String,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(30),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            host_spacing: Duration::from_secs(2),
            min_backoff: Duration::from_secs(60),
            max_backoff: Duration::from_secs(6 * 3600),
            user_agent: concat!("parley/", env!("CARGO_PKG_VERSION"), " (feed follower)").into(),
        }
    }
}

/// A document read from an item, with the event mentions extracted from it.
pub type Processed = (Document, Vec<EventMention>);

/// Reads and extracts one fetched page or item: the caller's pipeline.
pub type Processor<'a> = dyn Fn(&RawDocument) -> Vec<Result<Processed, Diagnostic>> + 'a;

/// What the follower reports as it goes.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A feed was fetched: how many items it lists and how many were new.
    Polled {
        /// The feed's name.
        feed: String,
        /// Items in the feed.
        items: usize,
        /// Items not seen before.
        new_items: usize,
    },
    /// The feed answered 304 Not Modified.
    NotModified {
        /// The feed's name.
        feed: String,
    },
    /// A document from a new item was stored (or was already there).
    Stored {
        /// The feed's name.
        feed: String,
        /// The document.
        document: Box<Document>,
        /// The event mentions extracted from it.
        mentions: Vec<EventMention>,
        /// What storing it did.
        outcome: PutOutcome,
    },
    /// The feed could not be fetched or read; it is retried at `retry_at`.
    FeedFailed {
        /// The feed's name.
        feed: String,
        /// What went wrong.
        error: String,
        /// Failures in a row.
        failures: u32,
        /// When it is tried again.
        retry_at: DateTime<Utc>,
    },
    /// One item could not be fetched, read or stored.
    ItemFailed {
        /// The feed's name.
        feed: String,
        /// The item's link or id.
        item: String,
        /// What went wrong.
        error: String,
        /// True when it will be tried again on the next poll.
        retry: bool,
    },
}

/// Why a fetch failed.
#[derive(Debug)]
enum FetchError {
    /// Worth trying again later (network, timeout, 5xx, 429).
    Transient(String),
    /// Not worth trying again (4xx, a scheme other than http/https, too big).
    Permanent(String),
}

impl FetchError {
    fn message(&self) -> &str {
        match self {
            FetchError::Transient(m) | FetchError::Permanent(m) => m,
        }
    }
}

/// A fetched response.
struct Fetched {
    status: u16,
    etag: Option<String>,
    last_modified: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Polls feeds into a store.
pub struct Follower<'a> {
    store: &'a mut dyn Store,
    feeds: Vec<Feed>,
    limits: Limits,
    agent: ureq::Agent,
    last_request: HashMap<String, Instant>,
    process: &'a Processor<'a>,
}

impl std::fmt::Debug for Follower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Follower")
            .field("feeds", &self.feeds)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl<'a> Follower<'a> {
    /// A follower of `feeds` storing into `store`, reading pages with `process`.
    pub fn new(
        store: &'a mut dyn Store,
        feeds: Vec<Feed>,
        limits: Limits,
        process: &'a Processor<'a>,
    ) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(limits.timeout))
            .max_redirects(limits.max_redirects)
            .http_status_as_error(false)
            .user_agent(limits.user_agent.as_str())
            .build()
            .into();
        Follower {
            store,
            feeds,
            limits,
            agent,
            last_request: HashMap::new(),
            process,
        }
    }

    /// Polls every feed that is due at `now` (never polled, or its next poll time has
    /// come), once each. Only a failing store is an error; feed and item failures are
    /// reported through `notify`.
    pub fn poll_due(
        &mut self,
        now: DateTime<Utc>,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), StoreError> {
        for index in 0..self.feeds.len() {
            let feed = self.feeds[index].clone();
            let state = self.store.feed_state(&feed.url)?.unwrap_or(FeedState {
                url: feed.url.clone(),
                ..FeedState::default()
            });
            if state.next_poll.is_some_and(|due| due > now) {
                continue;
            }
            self.poll(&feed, state, now, notify)?;
        }
        Ok(())
    }

    /// The earliest time a feed is due, if any feed was polled yet (none: due now).
    pub fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let mut next: Option<DateTime<Utc>> = None;
        for feed in &self.feeds {
            match self.store.feed_state(&feed.url)?.and_then(|s| s.next_poll) {
                Some(due) => next = Some(next.map_or(due, |n| n.min(due))),
                None => return Ok(None),
            }
        }
        Ok(next)
    }

    /// Polls until `stop` is set, sleeping until the next feed is due; returns soon
    /// after `stop` is set (between requests).
    pub fn run(
        &mut self,
        stop: &AtomicBool,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), StoreError> {
        while !stop.load(Ordering::Relaxed) {
            self.poll_due(Utc::now(), notify)?;
            let due = self.next_due()?;
            while !stop.load(Ordering::Relaxed) {
                let now = Utc::now();
                if due.is_none_or(|d| d <= now) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        Ok(())
    }

    fn poll(
        &mut self,
        feed: &Feed,
        mut state: FeedState,
        now: DateTime<Utc>,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), StoreError> {
        let mut headers = Vec::new();
        if let Some(etag) = &state.etag {
            headers.push(("If-None-Match", etag.clone()));
        }
        if let Some(modified) = &state.last_modified {
            headers.push(("If-Modified-Since", modified.clone()));
        }
        let result = self.fetch(&feed.url, &headers).and_then(|fetched| {
            if fetched.status == 304 {
                return Ok(None);
            }
            if !(200..300).contains(&fetched.status) {
                return Err(FetchError::Permanent(format!("HTTP {}", fetched.status)));
            }
            let parsed = feed_rs::parser::parse(fetched.body.as_slice())
                .map_err(|e| FetchError::Transient(format!("malformed feed: {e}")))?;
            Ok(Some((fetched, parsed)))
        });
        match result {
            Err(err) => {
                state.failures = state.failures.saturating_add(1);
                let retry_at = now + self.backoff(state.failures);
                state.next_poll = Some(retry_at);
                state.last_error = Some(err.message().to_string());
                self.store.save_feed_state(&state)?;
                notify(Notice::FeedFailed {
                    feed: feed.name.clone(),
                    error: err.message().to_string(),
                    failures: state.failures,
                    retry_at,
                });
            }
            Ok(None) => {
                notify(Notice::NotModified {
                    feed: feed.name.clone(),
                });
                self.succeeded(feed, state, now)?;
            }
            Ok(Some((fetched, parsed))) => {
                let ids: Vec<String> = parsed.entries.iter().map(item_id).collect();
                let seen = self.store.seen_feed_items(&feed.url, &ids)?;
                let fresh: Vec<&feed_rs::model::Entry> = parsed
                    .entries
                    .iter()
                    .filter(|e| !seen.contains(&item_id(e)))
                    .collect();
                notify(Notice::Polled {
                    feed: feed.name.clone(),
                    items: parsed.entries.len(),
                    new_items: fresh.len(),
                });
                // Oldest first, as feeds usually list the newest first.
                for entry in fresh.into_iter().rev() {
                    self.take_item(feed, entry, notify)?;
                }
                state.etag = fetched.etag;
                state.last_modified = fetched.last_modified;
                self.succeeded(feed, state, now)?;
            }
        }
        Ok(())
    }

    fn succeeded(
        &mut self,
        feed: &Feed,
        mut state: FeedState,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        state.failures = 0;
        state.last_error = None;
        state.next_poll = Some(now + chrono_duration(feed.interval));
        self.store.save_feed_state(&state)
    }

    fn backoff(&self, failures: u32) -> chrono::Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(20));
        let wait = self
            .limits
            .min_backoff
            .saturating_mul(factor)
            .min(self.limits.max_backoff);
        chrono_duration(wait)
    }

    /// Fetches, reads and stores one new item, then marks it seen (unless it failed in
    /// a way worth retrying).
    fn take_item(
        &mut self,
        feed: &Feed,
        entry: &feed_rs::model::Entry,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), StoreError> {
        let id = item_id(entry);
        let link = entry
            .links
            .first()
            .map(|l| l.href.trim().to_string())
            .filter(|l| !l.is_empty());
        let name = link.clone().unwrap_or_else(|| id.clone());
        let raw = match (&link, feed.fetch_articles) {
            (Some(link), true) => match self.fetch(link, &[]) {
                Ok(page) if (200..300).contains(&page.status) => RawDocument {
                    origin: link.clone(),
                    bytes: page.body,
                    media_type: page.content_type,
                    url: Some(link.clone()),
                },
                Ok(page) => {
                    let retry = page.status == 429 || page.status >= 500;
                    return self.item_failed(
                        feed,
                        &id,
                        name,
                        format!("HTTP {}", page.status),
                        retry,
                        notify,
                    );
                }
                Err(err) => {
                    let retry = matches!(err, FetchError::Transient(_));
                    return self.item_failed(
                        feed,
                        &id,
                        name,
                        err.message().to_string(),
                        retry,
                        notify,
                    );
                }
            },
            _ => item_page(entry, &name, link.as_deref()),
        };
        let mut documents = Vec::new();
        for result in (self.process)(&raw) {
            match result {
                Ok((mut document, mentions)) => {
                    if document.url.is_none() {
                        document.url = link.clone();
                    }
                    if document.published.is_none() {
                        document.published = entry
                            .published
                            .or(entry.updated)
                            .map(|t| parley_core::Timestamp::Instant(t.fixed_offset()));
                    }
                    documents.push((document, mentions));
                }
                Err(diagnostic) => notify(Notice::ItemFailed {
                    feed: feed.name.clone(),
                    item: name.clone(),
                    error: diagnostic.to_string(),
                    retry: false,
                }),
            }
        }
        let items: Vec<(&Document, &[EventMention])> =
            documents.iter().map(|(d, m)| (d, m.as_slice())).collect();
        let results = self.store.put_batch(&items)?;
        for ((document, mentions), result) in documents.iter().zip(results) {
            match result {
                Ok(outcome) => notify(Notice::Stored {
                    feed: feed.name.clone(),
                    document: Box::new(document.clone()),
                    mentions: mentions.clone(),
                    outcome,
                }),
                Err(err) => notify(Notice::ItemFailed {
                    feed: feed.name.clone(),
                    item: name.clone(),
                    error: format!("cannot store: {err}"),
                    retry: false,
                }),
            }
        }
        self.store.mark_feed_item(&feed.url, &id)?;
        Ok(())
    }

    fn item_failed(
        &mut self,
        feed: &Feed,
        id: &str,
        item: String,
        error: String,
        retry: bool,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), StoreError> {
        if !retry {
            self.store.mark_feed_item(&feed.url, id)?;
        }
        notify(Notice::ItemFailed {
            feed: feed.name.clone(),
            item,
            error,
            retry,
        });
        Ok(())
    }

    /// One GET within the limits, waiting for the host's turn first.
    fn fetch(&mut self, url: &str, headers: &[(&str, String)]) -> Result<Fetched, FetchError> {
        let uri: ureq::http::Uri = url
            .parse()
            .map_err(|e| FetchError::Permanent(format!("not a URL ({e}): {url}")))?;
        match uri.scheme_str() {
            Some("http") | Some("https") => {}
            _ => {
                return Err(FetchError::Permanent(format!(
                    "only http and https URLs are fetched: {url}"
                )))
            }
        }
        let host = uri.host().unwrap_or("").to_ascii_lowercase();
        if let Some(last) = self.last_request.get(&host) {
            let ready = *last + self.limits.host_spacing;
            let now = Instant::now();
            if ready > now {
                std::thread::sleep(ready - now);
            }
        }
        self.last_request.insert(host, Instant::now());
        let mut request = self.agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, value.as_str());
        }
        let mut response = request.call().map_err(|e| match e {
            ureq::Error::TooManyRedirects => {
                FetchError::Permanent(format!("more than {} redirects", self.limits.max_redirects))
            }
            ureq::Error::BadUri(_) => FetchError::Permanent(format!("cannot fetch {url}: {e}")),
            other => FetchError::Transient(format!("cannot fetch {url}: {other}")),
        })?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (etag, last_modified, content_type) = (
            header("etag"),
            header("last-modified"),
            header("content-type"),
        );
        if status == 304 {
            return Ok(Fetched {
                status,
                etag,
                last_modified,
                content_type,
                body: Vec::new(),
            });
        }
        if status == 429 || status >= 500 {
            return Err(FetchError::Transient(format!("HTTP {status} from {url}")));
        }
        if !(200..300).contains(&status) {
            return Ok(Fetched {
                status,
                etag,
                last_modified,
                content_type,
                body: Vec::new(),
            });
        }
        let mut body = Vec::new();
        let limit = self.limits.max_bytes;
        response
            .body_mut()
            .as_reader()
            .take(limit + 1)
            .read_to_end(&mut body)
            .map_err(|e| FetchError::Transient(format!("cannot read {url}: {e}")))?;
        if body.len() as u64 > limit {
            return Err(FetchError::Permanent(format!(
                "{url} is larger than the limit of {limit} bytes"
            )));
        }
        Ok(Fetched {
            status,
            etag,
            last_modified,
            content_type,
            body,
        })
    }
}

/// An item's id: its guid/id as the feed gives it (feed-rs derives one from the link
/// and title when missing).
fn item_id(entry: &feed_rs::model::Entry) -> String {
    if entry.id.trim().is_empty() {
        entry
            .links
            .first()
            .map(|l| l.href.clone())
            .unwrap_or_default()
    } else {
        entry.id.clone()
    }
}

/// An HTML page made of the item itself (title, date, content or summary), for feeds
/// whose items carry the whole story.
fn item_page(entry: &feed_rs::model::Entry, origin: &str, link: Option<&str>) -> RawDocument {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let title = entry
        .title
        .as_ref()
        .map(|t| t.content.clone())
        .unwrap_or_default();
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
        .unwrap_or_default();
    let published = entry
        .published
        .or(entry.updated)
        .map(|t| {
            format!(
                "<meta property=\"article:published_time\" content=\"{}\">",
                t.to_rfc3339()
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title>{published}</head>\
         <body><article><h1>{t}</h1>\n{content}\n</article></body></html>",
        t = escape(&title)
    );
    RawDocument {
        origin: origin.to_string(),
        bytes: html.into_bytes(),
        media_type: Some("text/html; charset=utf-8".into()),
        url: link.map(str::to_string),
    }
}

fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}
