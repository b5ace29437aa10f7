//! End to end in real headless Chromium through chromedriver: the page over a store of
//! the five seed articles (filter the timeline to one actor, open an event, see its
//! evidence, click the network), and over a document carrying `<script>` that must show
//! as text and never run. Skips with a message when `../shared`, Chromium or
//! chromedriver is missing (CI installs both).

mod common;

use common::{file_store, get_json, ingest_files, kb, put_story, shared_dir, Story, TestServer};
use fantoccini::{Client, ClientBuilder, Locator};
use parley_core::{EventMode, EventStatus};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PATIENCE: Duration = Duration::from_secs(20);

/// chromedriver on a free loopback port; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ]
    .iter()
    .map(|a| a.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": CHROMIUM, "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("WebDriver session")
}

/// Polls `check` until it returns `Some`, failing with `what` after [`PATIENCE`].
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The `data-actors` of every event in the timeline.
async fn timeline_actors(client: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for item in client
        .find_all(Locator::Css("#timeline li.event"))
        .await
        .unwrap_or_default()
    {
        out.push(
            item.attr("data-actors")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    out
}

async fn ready(client: &Client, url: &str) {
    client.goto(url).await.expect("load page");
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("body[data-ready='1']"))
        .await
        .expect("page ready");
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn prerequisites() -> Option<PathBuf> {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared is absent");
        return None;
    };
    for tool in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(tool).exists() {
            eprintln!("skipping: {tool} is absent (apt-get install chromium chromium-driver)");
            return None;
        }
    }
    Some(shared)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_filters_opens_events_and_never_runs_document_text() {
    let Some(shared) = prerequisites() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");

    // A store of the five seeds, read and extracted as `parley ingest` does.
    let seeds_dir = dir.path().join("seeds");
    std::fs::create_dir_all(&seeds_dir).expect("dir");
    let mut store = file_store(&seeds_dir);
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(shared.join("seeds"))
        .expect("seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(ingest_files(&mut store, &seeds), 5);
    let server = TestServer::start(store, Some(kb()));

    let driver = Driver::start();
    let client = browser(&driver, &dir.path().join("profile")).await;
    let (session, base, work) = (
        client.clone(),
        server.base.clone(),
        dir.path().to_path_buf(),
    );
    let outcome = tokio::spawn(async move {
        seeds_scenario(&session, &base).await;
        script_scenario(&session, &work).await;
    })
    .await;
    // Close the session whatever happened, then report.
    let _ = client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
}

async fn seeds_scenario(client: &Client, base: &str) {
    let all = get_json(base, "/api/events?limit=500", 200);
    let total = all["total"].as_u64().expect("total") as usize;
    assert!(total >= 5, "the seeds give events");
    ready(client, &format!("{base}/")).await;
    let shown = timeline_actors(client).await.len();
    assert_eq!(shown, total.min(50));

    // Filter to the busiest actor with the form.
    let stats = get_json(base, "/api/stats", 200);
    let actor = stats["top_actors"][0]["id"]
        .as_str()
        .expect("top actor")
        .to_string();
    let expected = get_json(base, &format!("/api/events?actor={actor}"), 200)["total"]
        .as_u64()
        .expect("total") as usize;
    assert!(expected < total, "the filter must narrow the timeline");
    client
        .find(Locator::Css(&format!("#f-actor option[value='{actor}']")))
        .await
        .expect("actor option")
        .click()
        .await
        .expect("choose actor");
    client
        .find(Locator::Id("f-apply"))
        .await
        .expect("apply")
        .click()
        .await
        .expect("apply filters");
    let filtered = eventually("the filtered timeline", || async {
        let rows = timeline_actors(client).await;
        (rows.len() == expected).then_some(rows)
    })
    .await;
    for row in &filtered {
        assert!(row.split(' ').any(|a| a == actor), "{row} lacks {actor}");
    }

    // Open the first event of the filtered timeline and see its evidence in context.
    let first = client
        .find(Locator::Css("#timeline li.event"))
        .await
        .expect("an event");
    let id = first.attr("data-id").await.ok().flatten().expect("data-id");
    first.click().await.expect("open event");
    let mark = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#event-panel .source blockquote mark"))
        .await
        .expect("evidence shown");
    let event = get_json(base, &format!("/api/events/{id}"), 200);
    let evidence = &event["mentions"][0]["evidence"][0];
    let sentence = evidence["context"]["text"]
        .as_str()
        .or(evidence["text"].as_str())
        .expect("evidence text");
    assert_eq!(
        collapse(&mark.text().await.expect("mark text")),
        collapse(sentence)
    );
    let quote = client
        .find(Locator::Css("#event-panel .source blockquote"))
        .await
        .expect("quote")
        .text()
        .await
        .expect("quote text");
    if let Some(before) = evidence["context"]["before"]
        .as_str()
        .filter(|b| !b.trim().is_empty())
    {
        assert!(
            collapse(&quote).contains(&collapse(before)),
            "context before missing"
        );
    }
    let heading = client
        .find(Locator::Css("#event h3"))
        .await
        .expect("event heading")
        .text()
        .await
        .expect("heading");
    let labels = &event["labels"];
    let name = labels[actor.as_str()]["en"].as_str().unwrap_or(&actor);
    assert!(heading.contains(name), "{heading} should name {name}");

    // A network node filters the timeline to its actor (the first other node that
    // takes the click: a neighbour may cover part of one).
    let other = eventually("a clickable network node", || async {
        for node in client
            .find_all(Locator::Css("#network circle"))
            .await
            .unwrap_or_default()
        {
            let id = node.attr("data-id").await.ok().flatten()?;
            if id != actor && node.click().await.is_ok() {
                return Some(id);
            }
        }
        None
    })
    .await;
    let expected = get_json(base, &format!("/api/events?actor={other}"), 200)["total"]
        .as_u64()
        .expect("total") as usize;
    eventually("the timeline of the clicked actor", || async {
        let rows = timeline_actors(client).await;
        (rows.len() == expected.min(50) && rows.iter().all(|r| r.split(' ').any(|a| a == other)))
            .then_some(())
    })
    .await;

    // The language toggle relabels the page.
    client
        .find(Locator::Id("lang"))
        .await
        .expect("toggle")
        .click()
        .await
        .expect("switch language");
    let heading = client
        .find(Locator::Css("#timeline-panel h2 span"))
        .await
        .expect("timeline heading")
        .text()
        .await
        .expect("text");
    assert_eq!(heading, "时间线");
    // Back to English for the next page load.
    client
        .find(Locator::Id("lang"))
        .await
        .expect("toggle")
        .click()
        .await
        .expect("switch language");
}

async fn script_scenario(client: &Client, dir: &Path) {
    let hostile_dir = dir.join("hostile");
    std::fs::create_dir_all(&hostile_dir).expect("dir");
    let mut store = file_store(&hostile_dir);
    let sentence = "Wang Yi met Sergey Lavrov <script>window.__pwned = 1; document.title = 'pwned';</script><img src=x onerror=\"window.__pwned = 2\"> in Beijing on April 1.";
    put_story(
        &mut store,
        &Story {
            title: "<script>window.__pwned = 3</script>A meeting <b>in bold</b>",
            url: Some("javascript:window.__pwned=4"),
            before: "<script>document.title = 'pwned';</script>\n\n",
            sentence,
            after: " <iframe src=\"javascript:window.parent.__pwned=5\"></iframe>",
            mode: EventMode::Meet,
            actors: &["sergey-lavrov", "wang-yi"],
            date: "2025-04-01",
            location: Some("beijing"),
            status: EventStatus::Occurred,
        },
    );
    let server = TestServer::start(store, Some(kb()));
    ready(client, &format!("{}/", server.base)).await;
    client
        .find(Locator::Css("#timeline li.event"))
        .await
        .expect("the event")
        .click()
        .await
        .expect("open it");
    let mark = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#event-panel .source blockquote mark"))
        .await
        .expect("evidence shown");
    assert_eq!(
        collapse(&mark.text().await.expect("text")),
        collapse(sentence)
    );
    let title = client
        .find(Locator::Css("#event-panel .source h4"))
        .await
        .expect("document title")
        .text()
        .await
        .expect("text");
    assert!(
        title.contains("<script>window.__pwned = 3</script>"),
        "{title}"
    );
    let state: Value = client
        .execute(
            "return { pwned: window.__pwned === undefined ? null : window.__pwned, \
                      title: document.title, \
                      scripts: document.scripts.length, \
                      injected: document.querySelectorAll('#event img, #event iframe, #event b, #timeline script').length, \
                      links: [...document.querySelectorAll('#event a')].map(a => a.getAttribute('href')) };",
            vec![],
        )
        .await
        .expect("inspect page");
    assert_eq!(state["pwned"], Value::Null, "document text ran: {state}");
    assert_eq!(state["title"], "parley");
    assert_eq!(state["scripts"], 1, "only app.js: {state}");
    assert_eq!(
        state["injected"], 0,
        "markup from data became elements: {state}"
    );
    assert!(
        state["links"].as_array().is_some_and(|l| l
            .iter()
            .all(|h| !h.as_str().unwrap_or("").starts_with("javascript:"))),
        "a javascript: URL became a link: {state}"
    );
}
