//! Helpers shared by the server's tests: stores filled through the `Store` trait, a
//! server on an ephemeral loopback port, and a small HTTP client.

#![allow(dead_code)] // each test binary uses its own subset

use chrono::NaiveDate;
use parley_core::{
    fingerprint, Document, EventMention, EventMode, EventStatus, Evidence, RawDocument, Span,
    TextField, TimeInterval, Timestamp,
};
use parley_extract::merge::Geography;
use parley_nlp::kb::KnowledgeBase;
use parley_server::names::Names;
use parley_store::{SqliteStore, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The bundled knowledge base, loaded once per test binary.
pub fn kb() -> Arc<KnowledgeBase> {
    static KB: OnceLock<Arc<KnowledgeBase>> = OnceLock::new();
    KB.get_or_init(|| Arc::new(KnowledgeBase::bundled().expect("bundled knowledge base")))
        .clone()
}

/// The knowledge base as the store's geography (which country a place or person is in).
pub struct KbGeography(pub Names);

impl Geography for KbGeography {
    fn country_of(&self, id: &str) -> Option<String> {
        self.0.country_of(id)
    }
}

/// A file store in `dir` with the knowledge base as its geography.
pub fn file_store(dir: &Path) -> SqliteStore {
    SqliteStore::open(&dir.join("parley.db"))
        .expect("open store")
        .with_geography(Box::new(KbGeography(Names::new(Some(kb())))))
}

/// One contact written by hand: a document saying it in our own words and the mention.
pub struct Story<'a> {
    /// Headline.
    pub title: &'a str,
    /// URL.
    pub url: Option<&'a str>,
    /// Paragraphs before the evidence sentence.
    pub before: &'a str,
    /// The evidence sentence.
    pub sentence: &'a str,
    /// Paragraph text after it.
    pub after: &'a str,
    /// How.
    pub mode: EventMode,
    /// Who (sorted ids).
    pub actors: &'a [&'a str],
    /// When (YYYY-MM-DD).
    pub date: &'a str,
    /// Where.
    pub location: Option<&'a str>,
    /// Happened or planned.
    pub status: EventStatus,
}

/// Puts `story` through the `Store` trait; returns the document id.
pub fn put_story(store: &mut dyn Store, story: &Story<'_>) -> String {
    let body = format!("{}{}{}", story.before, story.sentence, story.after);
    let start = story.before.len();
    let date = NaiveDate::parse_from_str(story.date, "%Y-%m-%d").expect("date");
    let doc = Document {
        id: fingerprint(Some(story.title), &body),
        origin: format!("test:{}", story.title),
        url: story.url.map(str::to_string),
        title: Some(story.title.to_string()),
        published: Some(Timestamp::Day(date)),
        source: Some("Parley Test Wire".into()),
        author: None,
        body: body.clone(),
        captions: vec![],
    };
    let mention = EventMention {
        doc: doc.id.clone(),
        mode: story.mode,
        actors: story.actors.iter().map(|a| a.to_string()).collect(),
        when: TimeInterval::day(date),
        location: story.location.map(str::to_string),
        status: story.status,
        evidence: vec![Evidence {
            field: TextField::Body,
            span: Span::new(start, start + story.sentence.len()),
            text: story.sentence.to_string(),
        }],
    };
    let outcome = store.put(&doc, &[mention]).expect("put story");
    assert!(outcome.new_document);
    doc.id
}

/// Three contacts of our own between China, Russia, France and the United States.
pub fn small_record(store: &mut dyn Store) -> Vec<String> {
    let stories = [
        Story {
            title: "王毅在北京会见拉夫罗夫",
            url: Some("https://news.example.org/2025/04/wang-lavrov"),
            before: "新华社北京4月1日电\n\n",
            sentence: "4月1日，外交部长王毅在北京会见来访的俄罗斯外长拉夫罗夫。",
            after: "双方就双边关系交换了意见。\n\n另一段与此无关。",
            mode: EventMode::Meet,
            actors: &["sergey-lavrov", "wang-yi"],
            date: "2025-04-01",
            location: Some("beijing"),
            status: EventStatus::Occurred,
        },
        Story {
            title: "Wang Yi and Rubio speak by phone",
            url: Some("https://news.example.org/2025/02/wang-rubio"),
            before: "",
            sentence: "Foreign Minister Wang Yi spoke with US Secretary of State Marco Rubio by phone on February 10.",
            after: " The two sides discussed trade.",
            mode: EventMode::Phone,
            actors: &["marco-rubio", "wang-yi"],
            date: "2025-02-10",
            location: None,
            status: EventStatus::Occurred,
        },
        Story {
            title: "Macron to visit China",
            url: None,
            before: "Paris, May 2.\n\n",
            sentence: "French President Emmanuel Macron will travel to China in June, his office said.",
            after: "",
            mode: EventMode::Visit,
            actors: &["CHN", "emmanuel-macron"],
            date: "2025-06-15",
            location: Some("CHN"),
            status: EventStatus::Planned,
        },
    ];
    stories.iter().map(|s| put_story(store, s)).collect()
}

/// A running server; dropping it stops the server.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    /// Serves `store` on an ephemeral loopback port on a thread of its own.
    pub fn start(store: impl Store + Send + 'static, kb: Option<Arc<KnowledgeBase>>) -> Self {
        let router = parley_server::router(store, kb).expect("router");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                addr_tx
                    .send(listener.local_addr().expect("addr"))
                    .expect("send addr");
                parley_server::serve(listener, router, async {
                    let _ = rx.await;
                })
                .await
                .expect("serve");
            });
        });
        let addr = addr_rx.recv().expect("server address");
        TestServer {
            base: format!("http://{addr}"),
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A response: status, content type, CSP header and body.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Content-Type.
    pub content_type: String,
    /// Content-Security-Policy.
    pub csp: Option<String>,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// GET `base` + `path`.
pub fn get(base: &str, path: &str) -> Reply {
    request("GET", base, path)
}

/// `method` `base` + `path` (GET or POST).
pub fn request(method: &str, base: &str, path: &str) -> Reply {
    let url = format!("{base}{path}");
    let agent = agent();
    let mut response = match method {
        "POST" => agent.post(&url).send_empty(),
        _ => agent.get(&url).call(),
    }
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type").unwrap_or_default();
    let csp = header("content-security-policy");
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .read_to_string()
        .unwrap_or_else(|e| panic!("body of {url}: {e}"));
    Reply {
        status,
        content_type,
        csp,
        body,
    }
}

/// GET a JSON body that must come with `status`.
pub fn get_json(base: &str, path: &str, status: u16) -> Value {
    let reply = get(base, path);
    assert_eq!(reply.status, status, "GET {path}: {}", reply.body);
    assert!(
        reply.content_type.starts_with("application/json"),
        "GET {path}: content type {}",
        reply.content_type
    );
    reply.json()
}

/// `../shared` beside the workspace, when present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir().then_some(dir)
}

/// Reads, analyses, extracts and stores every file in `paths` the way `parley ingest`
/// does; returns how many documents were stored.
pub fn ingest_files(store: &mut dyn Store, paths: &[PathBuf]) -> usize {
    let kb = kb();
    let rules = parley_extract::Rules::bundled().expect("bundled rules");
    let options = parley_ingest::ReadOptions::default();
    let mut stored = 0;
    for path in paths {
        let bytes = std::fs::read(path).expect("read input");
        let raw = RawDocument::new(path.display().to_string(), bytes);
        for doc in parley_ingest::read(&raw, &options) {
            let Ok(doc) = doc else { continue };
            let analyzed = parley_nlp::analyze::analyze(&doc, &kb);
            let events = parley_extract::extract(&analyzed, &doc, &kb, &rules);
            if store.put(&doc, &events).expect("put").new_document {
                stored += 1;
            }
        }
    }
    stored
}
