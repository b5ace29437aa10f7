//! The API against a server on an ephemeral loopback port over a temporary store filled
//! through the `Store` trait.

mod common;

use common::{file_store, get, get_json, kb, put_story, request, small_record, Story, TestServer};
use parley_core::{EventMode, EventStatus};
use parley_store::{SqliteStore, Store};
use serde_json::Value;
use std::collections::BTreeSet;

fn server() -> (tempfile::TempDir, TestServer, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    let docs = small_record(&mut store);
    let server = TestServer::start(store, Some(kb()));
    (dir, server, docs)
}

fn ids(page: &Value) -> Vec<i64> {
    page["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect()
}

fn dates(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["date"].as_str().expect("date").to_string())
        .collect()
}

#[test]
fn events_filter_like_the_cli_and_page_with_a_total() {
    let (_dir, server, _) = server();
    let base = &server.base;
    let all = get_json(base, "/api/events", 200);
    assert_eq!(all["total"], 3);
    assert_eq!(dates(&all), ["2025-02-10", "2025-04-01", "2025-06-15"]);
    assert_eq!(all["labels"]["wang-yi"]["zh"], "王毅");
    assert_eq!(all["labels"]["beijing"]["en"], "Beijing");
    assert!(all["events"][1]["evidence"]
        .as_str()
        .expect("evidence")
        .contains("会见"));

    // Pages are disjoint, cover everything, and each carries the total.
    let first = get_json(base, "/api/events?limit=2", 200);
    let second = get_json(base, "/api/events?limit=2&offset=2", 200);
    assert_eq!(
        (first["total"].clone(), second["total"].clone()),
        (3.into(), 3.into())
    );
    let mut paged = ids(&first);
    paged.extend(ids(&second));
    assert_eq!(paged, ids(&all));
    assert!(ids(&get_json(base, "/api/events?offset=10", 200)).is_empty());

    // Actors by id or by name; every given actor must take part.
    let by_name = get_json(base, "/api/events?actor=%E7%8E%8B%E6%AF%85", 200); // 王毅
    assert_eq!(by_name["total"], 2);
    let both = get_json(base, "/api/events?actor=wang-yi&with=marco-rubio", 200);
    assert_eq!(dates(&both), ["2025-02-10"]);
    // A country through an actor's country, the place, or as an actor.
    assert_eq!(get_json(base, "/api/events?country=RUS", 200)["total"], 1);
    assert_eq!(get_json(base, "/api/events?country=chn", 200)["total"], 3);
    assert_eq!(get_json(base, "/api/events?country=USA", 200)["total"], 1);
    assert_eq!(
        dates(&get_json(base, "/api/events?mode=visit", 200)),
        ["2025-06-15"]
    );
    assert_eq!(
        get_json(base, "/api/events?status=planned", 200)["total"],
        1
    );
    let range = get_json(base, "/api/events?since=2025-03-01&until=2025-05-31", 200);
    assert_eq!(dates(&range), ["2025-04-01"]);
    // Blank form fields are no filter.
    assert_eq!(
        get_json(base, "/api/events?actor=&mode=&since=", 200)["total"],
        3
    );
}

#[test]
fn bad_parameters_get_400_naming_the_parameter() {
    let (_dir, server, _) = server();
    for (query, parameter) in [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
        ("mode=walk", "mode"),
        ("status=maybe", "status"),
        ("since=2025-13-01", "since"),
        ("until=yesterday", "until"),
        ("since=2025-05-01&until=2025-04-01", "since"),
        ("actor=%E6%97%A0%E5%90%8D%E6%B0%8F", "actor"), // 无名氏
        ("country=wang-yi", "country"),
        ("mode=meet&mode=phone", "mode"),
        ("colour=red", "colour"),
    ] {
        let body = get_json(&server.base, &format!("/api/events?{query}"), 400);
        assert_eq!(body["error"], "bad parameter", "{query}");
        assert_eq!(body["parameter"], parameter, "{query}: {body}");
        let detail = body["detail"].as_str().expect("detail");
        assert!(
            detail.starts_with(&format!("{parameter}:")),
            "{query}: {detail}"
        );
    }
    let body = get_json(&server.base, "/api/search", 400);
    assert_eq!(body["parameter"], "q");
    let body = get_json(&server.base, "/api/network?nodes=0", 400);
    assert_eq!(body["parameter"], "nodes");
    let body = get_json(&server.base, "/api/events/seven", 400);
    assert_eq!(body["parameter"], "id");
}

#[test]
fn unknown_ids_and_routes_get_404_and_writes_405() {
    let (_dir, server, _) = server();
    for path in [
        "/api/events/999999",
        "/api/actors/nobody-at-all",
        "/api/documents/0000",
        "/api/nothing-here",
        "/nothing-here",
    ] {
        let body = get_json(&server.base, path, 404);
        assert_eq!(body["error"], "not found", "{path}");
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    let reply = request("POST", &server.base, "/api/events");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.json()["error"], "method not allowed");
}

#[test]
fn an_event_shows_every_mention_with_its_evidence_in_context_and_source() {
    let (_dir, server, docs) = server();
    let page = get_json(&server.base, "/api/events?mode=meet", 200);
    let id = page["events"][0]["id"].as_i64().expect("id");
    let event = get_json(&server.base, &format!("/api/events/{id}"), 200);
    assert_eq!(
        event["actors"],
        serde_json::json!(["sergey-lavrov", "wang-yi"])
    );
    assert_eq!(event["location"], "beijing");
    assert_eq!(event["labels"]["sergey-lavrov"]["zh"], "拉夫罗夫");
    let mention = &event["mentions"][0];
    assert_eq!(mention["doc"], docs[0].as_str());
    assert_eq!(
        mention["document"]["url"],
        "https://news.example.org/2025/04/wang-lavrov"
    );
    let evidence = &mention["evidence"][0];
    let ctx = &evidence["context"];
    assert_eq!(ctx["text"], evidence["text"]);
    assert_eq!(ctx["before"], "");
    assert_eq!(ctx["after"], "双方就双边关系交换了意见。");
    assert_eq!(evidence["field"], "body");
}

#[test]
fn actors_have_names_offices_and_counterparts_with_counts() {
    let (_dir, server, _) = server();
    let list = get_json(&server.base, "/api/actors", 200);
    assert_eq!(list["total"], 5);
    assert_eq!(list["actors"][0]["id"], "wang-yi");
    assert_eq!(list["actors"][0]["events"], 2);
    assert_eq!(
        get_json(&server.base, "/api/actors?q=%E7%8E%8B", 200)["total"],
        1
    ); // 王

    let wang = get_json(&server.base, "/api/actors/wang-yi", 200);
    assert_eq!(wang["kind"], "person");
    assert_eq!(wang["label"]["zh"], "王毅");
    assert_eq!(wang["country"], "CHN");
    let offices = wang["offices"].as_array().expect("offices");
    assert!(offices
        .iter()
        .any(|o| o["office"] == "foreign-minister" && o["country"] == "CHN"));
    let counterparts: BTreeSet<(String, i64)> = wang["counterparts"]
        .as_array()
        .expect("counterparts")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("").to_string(),
                c["events"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        counterparts,
        BTreeSet::from([
            ("marco-rubio".to_string(), 1),
            ("sergey-lavrov".to_string(), 1)
        ])
    );
    assert_eq!(wang["by_mode"]["meet"], 1);
    assert_eq!(wang["first"], "2025-02-10");
    // Known to the knowledge base but in no event: found, with no events.
    let putin = get_json(&server.base, "/api/actors/vladimir-putin", 200);
    assert_eq!(putin["events"], 0);
}

#[test]
fn documents_search_stats_and_network() {
    let (_dir, server, docs) = server();
    let doc = get_json(&server.base, &format!("/api/documents/{}", docs[1]), 200);
    assert_eq!(doc["title"], "Wang Yi and Rubio speak by phone");
    assert!(doc["body"].as_str().expect("body").contains("Marco Rubio"));
    assert_eq!(doc["events"].as_array().map(Vec::len), Some(1));

    let found = get_json(&server.base, "/api/search?q=%E4%BC%9A%E8%A7%81", 200); // 会见
    assert_eq!(found["hits"].as_array().map(Vec::len), Some(1));
    assert_eq!(found["hits"][0]["doc"], docs[0].as_str());
    assert!(found["hits"][0]["snippet"]
        .as_str()
        .expect("snippet")
        .contains("【"));
    let found = get_json(&server.base, "/api/search?q=Rubio", 200);
    assert_eq!(found["hits"][0]["doc"], docs[1].as_str());
    assert_eq!(found["hits"][0]["events"].as_array().map(Vec::len), Some(1));

    let stats = get_json(&server.base, "/api/stats", 200);
    assert_eq!(
        (
            stats["documents"].clone(),
            stats["events"].clone(),
            stats["mentions"].clone()
        ),
        (3.into(), 3.into(), 3.into())
    );
    assert_eq!(stats["by_mode"]["phone"], 1);
    assert_eq!(stats["by_status"]["planned"], 1);
    assert_eq!(stats["first"], "2025-02-10");
    assert_eq!(stats["top_actors"][0]["id"], "wang-yi");

    let net = get_json(&server.base, "/api/network", 200);
    assert_eq!(net["nodes"].as_array().map(Vec::len), Some(5));
    assert_eq!(net["nodes"][0]["id"], "wang-yi");
    assert_eq!(net["edges"].as_array().map(Vec::len), Some(3));
    let net = get_json(&server.base, "/api/network?mode=phone", 200);
    assert_eq!(
        net["edges"],
        serde_json::json!([{"source": "marco-rubio", "target": "wang-yi", "events": 1}])
    );
}

#[test]
fn the_openapi_document_lists_every_route() {
    let (_dir, server, docs) = server();
    let doc = get_json(&server.base, "/api/openapi.json", 200);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let documented: BTreeSet<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    let served: BTreeSet<&str> = parley_server::API_PATHS.iter().copied().collect();
    assert_eq!(documented, served);
    // Every documented route answers (not 404) with a sample id.
    let event = get_json(&server.base, "/api/events", 200)["events"][0]["id"].clone();
    for path in &documented {
        let path = path
            .replace("/events/{id}", &format!("/events/{event}"))
            .replace("/actors/{id}", "/actors/wang-yi")
            .replace("/documents/{id}", &format!("/documents/{}", docs[0]));
        let path = if path == "/api/search" {
            "/api/search?q=Rubio".to_string()
        } else {
            path
        };
        assert_eq!(get(&server.base, &path).status, 200, "{path}");
        // Its parameters are documented with a description.
        for op in doc["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for p in op["get"]["parameters"].as_array().into_iter().flatten() {
                assert!(p["description"].as_str().is_some_and(|d| !d.is_empty()));
            }
        }
    }
}

#[test]
fn the_page_and_its_assets_are_served_under_a_strict_policy() {
    let (_dir, server, _) = server();
    let page = get(&server.base, "/");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    let csp = page.csp.clone().expect("CSP on the page");
    assert!(csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert!(csp.contains("default-src 'none'"));
    // No inline script: every <script> has a src.
    for tag in page.body.split("<script").skip(1) {
        let open = tag.split('>').next().unwrap_or("");
        assert!(open.contains("src="), "inline script: <script{open}>");
    }
    let js = get(&server.base, "/app.js");
    assert_eq!(js.status, 200);
    assert!(js.content_type.starts_with("text/javascript"));
    assert!(
        !js.body.contains("innerHTML"),
        "the page must not parse data as HTML"
    );
    assert!(get(&server.base, "/style.css")
        .content_type
        .starts_with("text/css"));
    // JSON errors carry the policy too.
    assert!(get(&server.base, "/api/events/0").csp.is_some());
}

#[test]
fn the_server_sees_documents_stored_after_it_started() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    small_record(&mut store);
    let server = TestServer::start(store, Some(kb()));
    assert_eq!(get_json(&server.base, "/api/events", 200)["total"], 3);
    let mut writer: SqliteStore = file_store(dir.path());
    put_story(
        &mut writer,
        &Story {
            title: "Lavrov phones Rubio",
            url: None,
            before: "",
            sentence: "Sergey Lavrov and Marco Rubio spoke by phone on March 3.",
            after: "",
            mode: EventMode::Phone,
            actors: &["marco-rubio", "sergey-lavrov"],
            date: "2025-03-03",
            location: None,
            status: EventStatus::Occurred,
        },
    );
    assert_eq!(writer.counts().expect("counts").events, 4);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let total = get_json(&server.base, "/api/events", 200)["total"].as_i64();
        if total == Some(4) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new event never showed"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[test]
fn without_a_knowledge_base_ids_stand_for_themselves() {
    let mut store = SqliteStore::open_in_memory().expect("store");
    small_record(&mut store);
    let server = TestServer::start(store, None);
    let page = get_json(&server.base, "/api/events?actor=wang-yi", 200);
    assert_eq!(page["total"], 2);
    assert_eq!(page["labels"]["wang-yi"]["en"], "wang-yi");
    // Names cannot be resolved without the knowledge base.
    let body = get_json(&server.base, "/api/events?actor=%E7%8E%8B%E6%AF%85", 400);
    assert_eq!(body["parameter"], "actor");
}
