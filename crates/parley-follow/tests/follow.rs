//! The follower against feeds served on loopback by the test itself: new items arrive
//! between polls, a feed answers 304 to a conditional GET, one fails with 500 and then
//! recovers, one is malformed; a restart resumes without fetching seen items again.

use chrono::{Duration as Days, TimeZone, Utc};
use parley_core::{Diagnostic, RawDocument};
use parley_follow::{parse_feeds, Follower, Limits, Notice, Processed};
use parley_ingest::{read, ReadOptions};
use parley_store::{SqliteStore, Store};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server answers on one path.
#[derive(Clone)]
struct Route {
    status: u16,
    content_type: &'static str,
    body: String,
    /// When set, sent as `ETag`, and a request with a matching `If-None-Match` gets 304.
    etag: Option<String>,
}

#[derive(Default)]
struct Server {
    routes: Mutex<HashMap<String, Route>>,
    /// Every request's path, and its `If-None-Match`.
    log: Mutex<Vec<(String, Option<String>)>>,
}

impl Server {
    fn start() -> (Arc<Server>, String) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let server = Arc::new(Server::default());
        let shared = server.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(match stream.try_clone() {
                    Ok(s) => s,
                    Err(_) => continue,
                });
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .to_string();
                let mut if_none_match = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("if-none-match") {
                            if_none_match = Some(value.trim().to_string());
                        }
                    }
                }
                shared
                    .log
                    .lock()
                    .expect("log")
                    .push((path.clone(), if_none_match.clone()));
                let route = shared.routes.lock().expect("routes").get(&path).cloned();
                let (status, mut headers, body) = match route {
                    None => (404, String::new(), "not here".to_string()),
                    Some(r) if r.etag.is_some() && r.etag == if_none_match => {
                        (304, String::new(), String::new())
                    }
                    Some(r) => {
                        let mut headers = format!("Content-Type: {}\r\n", r.content_type);
                        if let Some(etag) = &r.etag {
                            headers.push_str(&format!("ETag: {etag}\r\n"));
                        }
                        (r.status, headers, r.body)
                    }
                };
                headers.push_str(&format!("Content-Length: {}\r\n", body.len()));
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\n{headers}Connection: close\r\n\r\n{body}"
                );
            }
        });
        (server, base)
    }

    fn set(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.into(), route);
    }

    fn requests(&self, path: &str) -> usize {
        self.log
            .lock()
            .expect("log")
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }
}

fn rss(base: &str, items: &[u32]) -> String {
    let items: String = items
        .iter()
        .map(|n| {
            format!(
                "<item><title>Story {n}</title><link>{base}/art/{n}.html</link>\
                 <guid>story-{n}</guid><pubDate>Thu, 20 Feb 2025 0{n}:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A</title>\
         <link>{base}/</link><description>test</description>{items}</channel></rss>"
    )
}

/// A marker word per article, so the test can find which articles were stored.
const MARKERS: [&str; 6] = ["", "aardvark", "bison", "cheetah", "dugong", "eland"];

fn article(n: usize) -> String {
    let word = MARKERS[n];
    format!(
        "<!DOCTYPE html><html><head><title>Story {n}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>Story {n}</h1>\
         <p>The foreign ministers met in the capital on Thursday to talk about trade, the {word} \
         exhibition and the coming summit, officials said after the meeting.</p>\
         <p>Both sides agreed to keep in close touch and to prepare the next round of talks \
         carefully, according to a statement released in the evening.</p>\
         <p>The ministers also discussed regional security and the situation at sea, and \
         agreed that their deputies would meet again before the end of the month.</p>\
         </article><footer>Copyright</footer></body></html>"
    )
}

fn html(body: String) -> Route {
    Route {
        status: 200,
        content_type: "text/html; charset=utf-8",
        body,
        etag: None,
    }
}

fn feed(body: String, etag: Option<&str>) -> Route {
    Route {
        status: 200,
        content_type: "application/rss+xml",
        body,
        etag: etag.map(str::to_string),
    }
}

fn process(raw: &RawDocument) -> Vec<Result<Processed, Diagnostic>> {
    read(raw, &ReadOptions::default())
        .into_iter()
        .map(|doc| doc.map(|d| (d, Vec::new())))
        .collect()
}

fn found(store: &impl Store, word: &str) -> bool {
    !store.search(word, 5).expect("search").is_empty()
}

#[test]
fn follows_feeds_through_changes_failures_and_a_restart() {
    let (server, base) = Server::start();
    for n in 1..=5 {
        server.set(&format!("/art/{n}.html"), html(article(n)));
    }
    server.set("/a.xml", feed(rss(&base, &[2, 1]), Some("\"a1\"")));
    let atom = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>B</title><id>urn:b</id><updated>2025-02-20T00:00:00Z</updated>\
         <entry><title>Story 5</title><id>urn:b:5</id><link href=\"{base}/art/5.html\"/>\
         <updated>2025-02-20T05:00:00Z</updated><content type=\"html\">{}</content></entry></feed>",
        article(5)
            .split("<article>")
            .nth(1)
            .and_then(|s| s.split("</article>").next())
            .unwrap_or("")
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    );
    server.set("/b.xml", feed(atom, Some("\"b1\"")));
    server.set(
        "/c.xml",
        Route {
            status: 500,
            content_type: "text/plain",
            body: "internal error".into(),
            etag: None,
        },
    );
    server.set(
        "/d.xml",
        feed("<rss><channel><item><title>cut".into(), None),
    );
    let feeds = parse_feeds(&format!(
        r#"
        [defaults]
        interval = "10m"
        [[feed]]
        url = "{base}/a.xml"
        name = "a"
        [[feed]]
        url = "{base}/b.xml"
        name = "b"
        fetch_articles = false
        [[feed]]
        url = "{base}/c.xml"
        name = "c"
        [[feed]]
        url = "{base}/d.xml"
        name = "d"
        [[feed]]
        url = "{base}/gone.xml"
        name = "gone"
        "#
    ))
    .expect("feeds");
    let limits = Limits {
        timeout: Duration::from_secs(5),
        host_spacing: Duration::ZERO,
        min_backoff: Duration::from_secs(60),
        ..Limits::default()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("follow.db");
    let t0 = Utc
        .with_ymd_and_hms(2025, 2, 20, 12, 0, 0)
        .single()
        .expect("time");
    let mut notices: Vec<Notice> = Vec::new();

    // First poll: a's two articles and b's item are stored; c and d fail, each alone.
    {
        let mut store = SqliteStore::open(&path).expect("open");
        let mut follower = Follower::new(&mut store, feeds.clone(), limits.clone(), &process);
        follower
            .poll_due(t0, &mut |n| notices.push(n))
            .expect("poll");
        assert_eq!(
            follower.next_due().expect("next"),
            Some(t0 + Days::seconds(60)),
            "the failed feeds come back first"
        );
        drop(follower);
        assert!(found(&store, "aardvark") && found(&store, "bison"));
        assert!(found(&store, "eland"), "b's item read from the feed itself");
        assert_eq!(store.counts().expect("counts").documents, 3);
        assert_eq!(server.requests("/art/5.html"), 0, "fetch_articles = false");
        let failed: Vec<(String, String)> = notices
            .iter()
            .filter_map(|n| match n {
                Notice::FeedFailed { feed, error, .. } => Some((feed.clone(), error.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(failed.len(), 3, "{failed:?}");
        assert!(
            failed[2].0 == "gone" && failed[2].1.contains("HTTP 404"),
            "{failed:?}"
        );
        assert!(
            failed[0].0 == "c" && failed[0].1.contains("500"),
            "{failed:?}"
        );
        assert!(
            failed[1].0 == "d" && failed[1].1.contains("malformed"),
            "{failed:?}"
        );
        let c = store
            .feed_state(&format!("{base}/c.xml"))
            .expect("state")
            .expect("c has state");
        assert_eq!(c.failures, 1);
        assert_eq!(c.next_poll, Some(t0 + Days::seconds(60)));
    }

    // Between polls: a gets a new item, c recovers. Five minutes on only c and d are
    // due; c stores its article, d fails again and backs off twice as long.
    server.set("/a.xml", feed(rss(&base, &[3, 2, 1]), Some("\"a2\"")));
    server.set("/c.xml", feed(rss(&base, &[4]), None));
    let t1 = t0 + Days::minutes(5);
    {
        let mut store = SqliteStore::open(&path).expect("reopen");
        let mut follower = Follower::new(&mut store, feeds.clone(), limits.clone(), &process);
        follower
            .poll_due(t1, &mut |n| notices.push(n))
            .expect("poll");
        drop(follower);
        assert!(found(&store, "dugong"), "c recovered");
        assert!(!found(&store, "cheetah"), "a is not due yet");
        let d = store
            .feed_state(&format!("{base}/d.xml"))
            .expect("state")
            .expect("d has state");
        assert_eq!(d.failures, 2);
        assert_eq!(d.next_poll, Some(t1 + Days::seconds(120)));
        let c = store
            .feed_state(&format!("{base}/c.xml"))
            .expect("state")
            .expect("c has state");
        assert_eq!((c.failures, c.last_error), (0, None));
    }
    assert_eq!(server.requests("/a.xml"), 1);

    // Ten minutes on, a and b are due: a has changed (new ETag) and only the new
    // article is fetched; b answers 304 to its If-None-Match.
    let t2 = t0 + Days::minutes(11);
    {
        let mut store = SqliteStore::open(&path).expect("reopen");
        let mut follower = Follower::new(&mut store, feeds.clone(), limits.clone(), &process);
        follower
            .poll_due(t2, &mut |n| notices.push(n))
            .expect("poll");
        drop(follower);
        assert!(found(&store, "cheetah"), "the new item");
        assert_eq!(store.counts().expect("counts").documents, 5);
    }
    assert_eq!(server.requests("/art/1.html"), 1);
    assert_eq!(server.requests("/art/3.html"), 1);
    assert!(notices
        .iter()
        .any(|n| matches!(n, Notice::NotModified { feed } if feed == "b")));
    let b_requests: Vec<Option<String>> = server
        .log
        .lock()
        .expect("log")
        .iter()
        .filter(|(p, _)| p == "/b.xml")
        .map(|(_, etag)| etag.clone())
        .collect();
    assert_eq!(b_requests, [None, Some("\"b1\"".to_string())]);

    // A restart after a's server forgets ETags: every item is listed again, none is
    // fetched again, nothing is stored twice.
    server.set("/a.xml", feed(rss(&base, &[3, 2, 1]), None));
    let t3 = t0 + Days::hours(1);
    {
        let mut store = SqliteStore::open(&path).expect("reopen");
        let mut follower = Follower::new(&mut store, feeds, limits, &process);
        follower
            .poll_due(t3, &mut |n| notices.push(n))
            .expect("poll");
        drop(follower);
        assert_eq!(store.counts().expect("counts").documents, 5);
    }
    for n in 1..=4 {
        assert_eq!(server.requests(&format!("/art/{n}.html")), 1, "article {n}");
    }
    let stored = notices
        .iter()
        .filter(|n| matches!(n, Notice::Stored { outcome, .. } if outcome.new_document))
        .count();
    assert_eq!(stored, 5);
}

#[test]
fn only_http_and_https_are_fetched() {
    let err = parse_feeds("[[feed]]\nurl = \"file:///etc/passwd\"").expect_err("refused");
    assert!(err.to_string().contains("http"), "{err}");
}
