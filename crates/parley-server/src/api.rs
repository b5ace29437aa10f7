//! The JSON API under `/api`. Every handler runs its store and index work on the
//! blocking pool; every error is `{"error", "detail"}` with its status (and `parameter`
//! for a bad query parameter).

use crate::index::{Filter, RecordIndex, Summary};
use crate::names::Names;
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Json, Router};
use chrono::NaiveDate;
use parley_core::{Event, EventMode, EventStatus, Span, EVENT_TYPE_CONSULT};
use parley_store::{StoreError, StoredDocument};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::Arc;

/// Characters of context shown either side of an evidence sentence, within its paragraph.
const CONTEXT_CHARS: usize = 240;

/// The paths [`routes`] serves, as the OpenAPI document writes them.
pub(crate) const PATHS: &[&str] = &[
    "/api/events",
    "/api/events/{id}",
    "/api/actors",
    "/api/actors/{id}",
    "/api/documents/{id}",
    "/api/search",
    "/api/stats",
    "/api/network",
    "/api/openapi.json",
];

/// The OpenAPI 3 document, hand-written.
const OPENAPI: &str = include_str!("../assets/openapi.json");

type Shared = Arc<AppState>;

pub(crate) fn routes(state: Shared) -> Router {
    let table: [(&str, MethodRouter<Shared>); 9] = [
        ("/api/events", get(list_events)),
        ("/api/events/{id}", get(show_event)),
        ("/api/actors", get(list_actors)),
        ("/api/actors/{id}", get(show_actor)),
        ("/api/documents/{id}", get(show_document)),
        ("/api/search", get(search)),
        ("/api/stats", get(stats)),
        ("/api/network", get(network)),
        ("/api/openapi.json", get(openapi)),
    ];
    debug_assert!(table.iter().map(|(p, _)| *p).eq(PATHS.iter().copied()));
    let mut router = Router::new();
    for (path, handler) in table {
        router = router.route(path, handler);
    }
    router
        .route("/api", get(api_not_found))
        .route("/api/{*rest}", get(api_not_found))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// An error as the API reports it.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    error: &'static str,
    detail: String,
    parameter: Option<String>,
}

impl ApiError {
    pub(crate) fn internal(detail: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: "internal error",
            detail: detail.into(),
            parameter: None,
        }
    }

    fn bad(parameter: &str, detail: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: "bad parameter",
            detail: format!("{parameter}: {}", detail.into()),
            parameter: Some(parameter.to_string()),
        }
    }

    fn not_found(detail: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: "not found",
            detail: detail.into(),
            parameter: None,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(detail) => ApiError {
                status: StatusCode::BAD_REQUEST,
                error: "bad request",
                detail,
                parameter: None,
            },
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.error, "detail": self.detail });
        if let (Some(p), Some(obj)) = (self.parameter, body.as_object_mut()) {
            obj.insert("parameter".into(), Value::String(p));
        }
        (self.status, Json(body)).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

/// Runs `work` on the blocking pool (the store is synchronous).
async fn blocking(
    state: Shared,
    work: impl FnOnce(&AppState) -> Result<Value, ApiError> + Send + 'static,
) -> ApiResult {
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| ApiError::internal(format!("request task failed: {e}")))?
        .map(Json)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("nothing at {}", uri.path()))
}

async fn api_not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!(
        "no API route {}; see /api/openapi.json",
        uri.path()
    ))
}

async fn method_not_allowed() -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        error: "method not allowed",
        detail: "the API is read-only: use GET".into(),
        parameter: None,
    }
}

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
        .into_response()
}

/// Query parameters, checked against the names a route accepts.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>, allowed: &[&str]) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
                .collect();
        if let Some((name, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(ApiError::bad(
                name,
                format!(
                    "unknown parameter (this route takes {})",
                    allowed.join(", ")
                ),
            ));
        }
        // An empty value (a form field left blank) is no value.
        Ok(Params(
            pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
        ))
    }

    fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let name = name.to_string();
        self.0
            .iter()
            .filter(move |(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    fn one<'a>(&'a self, name: &str) -> Result<Option<&'a str>, ApiError> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad(name, "given more than once"));
        }
        Ok(first)
    }

    fn parsed<T: FromStr<Err = String>>(&self, name: &str) -> Result<Option<T>, ApiError> {
        self.one(name)?
            .map(|v| v.parse::<T>().map_err(|e| ApiError::bad(name, e)))
            .transpose()
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.one(name)?
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                    ApiError::bad(name, format!("expected a day as YYYY-MM-DD, got {v:?}"))
                })
            })
            .transpose()
    }

    fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        match self.one(name)? {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad(
                    name,
                    format!("expected a whole number from {min} to {max}, got {v:?}"),
                )),
            },
        }
    }

    /// The event filter: `actor` and `with` (repeatable, ids or names), `country` (code
    /// or name), `mode`, `status`, `since`, `until`.
    fn filter(&self, names: &Names) -> Result<Filter, ApiError> {
        let mut actors = Vec::new();
        for name in ["actor", "with"] {
            for given in self.all(name) {
                let id = names.resolve_actor(given).ok_or_else(|| {
                    ApiError::bad(
                        name,
                        format!("unknown actor {given:?}: give an id (wang-yi, RUS) or a name the knowledge base knows"),
                    )
                })?;
                actors.push(id);
            }
        }
        let country = self
            .one("country")?
            .map(|c| {
                names.resolve_country(c).ok_or_else(|| {
                    ApiError::bad(
                        "country",
                        format!("expected a country (alpha-3 code or name), got {c:?}"),
                    )
                })
            })
            .transpose()?;
        let since = self.date("since")?;
        let until = self.date("until")?;
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                return Err(ApiError::bad("since", format!("{s} is after until ({u})")));
            }
        }
        Ok(Filter {
            actors,
            country,
            mode: self.parsed::<EventMode>("mode")?,
            status: self.parsed::<EventStatus>("status")?,
            since,
            until,
        })
    }
}

const FILTER_PARAMS: [&str; 7] = [
    "actor", "with", "country", "mode", "status", "since", "until",
];

fn with_filter_params(extra: &[&'static str]) -> Vec<&'static str> {
    FILTER_PARAMS.iter().chain(extra).copied().collect()
}

/// `{id: {en, zh}}` for every id given.
fn labels<'a>(names: &Names, ids: impl Iterator<Item = &'a String>) -> Value {
    let mut out = Map::new();
    for id in ids {
        if !out.contains_key(id) {
            out.insert(id.clone(), json!(names.label(id)));
        }
    }
    Value::Object(out)
}

fn summary_json(e: &Summary) -> Value {
    json!({
        "id": e.id,
        "type": EVENT_TYPE_CONSULT,
        "mode": e.mode,
        "actors": e.actors,
        "date": e.when.to_string(),
        "start": e.when.start,
        "end": e.when.end,
        "granularity": e.when.granularity,
        "location": e.location,
        "status": e.status,
        "linked": e.linked,
        "sources": e.docs.len(),
        "mentions": e.mentions,
        "evidence": e.evidence,
    })
}

fn parse_id(given: &str) -> Result<i64, ApiError> {
    given.parse::<i64>().map_err(|_| {
        ApiError::bad(
            "id",
            format!("expected an event id (an integer), got {given:?}"),
        )
    })
}

async fn list_events(State(state): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    blocking(state, move |state| {
        let params = Params::parse(raw, &with_filter_params(&["limit", "offset"]))?;
        let filter = params.filter(&state.names)?;
        let limit = params.number("limit", 50, 1, 500)?;
        let offset = params.number("offset", 0, 0, usize::MAX)?;
        let index = state.index()?;
        let mut total = 0;
        let mut page: Vec<&Summary> = Vec::new();
        for event in index.matching(&filter) {
            if total >= offset && page.len() < limit {
                page.push(event);
            }
            total += 1;
        }
        let ids = page
            .iter()
            .flat_map(|e| e.actors.iter().chain(e.location.as_ref()));
        Ok(json!({
            "total": total,
            "offset": offset,
            "limit": limit,
            "labels": labels(&state.names, ids),
            "events": page.iter().map(|e| summary_json(e)).collect::<Vec<_>>(),
        }))
    })
    .await
}

async fn show_event(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    blocking(state, move |state| {
        Params::parse(raw, &[])?;
        let id = parse_id(&id)?;
        let event = state
            .store()?
            .event(id)?
            .ok_or_else(|| ApiError::not_found(format!("no event {id}")))?;
        event_json(state, &event)
    })
    .await
}

/// One event with every mention, its document's metadata and each evidence sentence in
/// its paragraph.
fn event_json(state: &AppState, event: &Event) -> Result<Value, ApiError> {
    let mut documents: HashMap<&str, Option<StoredDocument>> = HashMap::new();
    {
        let store = state.store()?;
        for m in &event.mentions {
            if !documents.contains_key(m.doc.as_str()) {
                documents.insert(m.doc.as_str(), store.document(&m.doc)?);
            }
        }
    }
    let mut mentions = Vec::new();
    for m in &event.mentions {
        let doc = documents.get(m.doc.as_str()).and_then(Option::as_ref);
        let evidence: Vec<Value> = m
            .evidence
            .iter()
            .map(|ev| {
                let text = doc.and_then(|d| d.document.text(ev.field));
                let ctx = text.and_then(|t| context(t, ev.span, CONTEXT_CHARS));
                json!({
                    "field": ev.field,
                    "start": ev.span.start,
                    "end": ev.span.end,
                    "text": ev.text,
                    "context": ctx,
                })
            })
            .collect();
        mentions.push(json!({
            "doc": m.doc,
            "document": doc.map(document_meta),
            "mode": m.mode,
            "actors": m.actors,
            "date": m.when.to_string(),
            "location": m.location,
            "status": m.status,
            "evidence": evidence,
        }));
    }
    let mut docs: Vec<&str> = Vec::new();
    for m in &event.mentions {
        if !docs.contains(&m.doc.as_str()) {
            docs.push(&m.doc);
        }
    }
    let ids = event.actors.iter().chain(event.location.as_ref());
    Ok(json!({
        "id": event.id,
        "type": EVENT_TYPE_CONSULT,
        "mode": event.mode,
        "actors": event.actors,
        "date": event.when.to_string(),
        "start": event.when.start,
        "end": event.when.end,
        "granularity": event.when.granularity,
        "location": event.location,
        "status": event.status,
        "linked": event.linked,
        "sources": docs.len(),
        "labels": labels(&state.names, ids),
        "mentions": mentions,
    }))
}

fn document_meta(d: &StoredDocument) -> Value {
    let doc = &d.document;
    json!({
        "id": doc.id,
        "origin": doc.origin,
        "url": doc.url,
        "title": doc.title,
        "published": doc.published.map(|p| p.to_string()),
        "source": doc.source,
        "author": doc.author,
    })
}

/// The evidence sentence with up to `max_chars` characters of its paragraph either side.
fn context(text: &str, span: Span, max_chars: usize) -> Option<Value> {
    let sentence = span.slice(text)?;
    let before_all = &text[..span.start];
    let after_all = &text[span.end..];
    let para_start = before_all.rfind("\n\n").map_or(0, |i| i + 2);
    let para_end = after_all.find("\n\n").unwrap_or(after_all.len());
    let before = &before_all[para_start..];
    let after = &after_all[..para_end];
    let cut_before = before
        .char_indices()
        .rev()
        .nth(max_chars.saturating_sub(1))
        .map(|(i, _)| i)
        .filter(|&i| i > 0);
    let cut_after = after.char_indices().nth(max_chars).map(|(i, _)| i);
    Some(json!({
        "before": cut_before.map_or(before, |i| &before[i..]),
        "text": sentence,
        "after": cut_after.map_or(after, |i| &after[..i]),
        "clipped_before": cut_before.is_some(),
        "clipped_after": cut_after.is_some(),
    }))
}

fn actor_json(names: &Names, id: &str, events: usize) -> Value {
    json!({
        "id": id,
        "kind": names.kind(id),
        "label": names.label(id),
        "country": names.country_of(id),
        "events": events,
    })
}

async fn list_actors(State(state): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    blocking(state, move |state| {
        let params = Params::parse(raw, &["q", "limit", "offset"])?;
        let limit = params.number("limit", 100, 1, 5000)?;
        let offset = params.number("offset", 0, 0, usize::MAX)?;
        let q = params.one("q")?.map(str::to_lowercase);
        let index = state.index()?;
        let matched: Vec<_> = index
            .actors()
            .into_iter()
            .filter(|a| match &q {
                None => true,
                Some(q) => {
                    let label = state.names.label(&a.id);
                    a.id.to_lowercase().contains(q)
                        || label.en.to_lowercase().contains(q)
                        || label.zh.contains(q.as_str())
                }
            })
            .collect();
        let actors: Vec<Value> = matched
            .iter()
            .skip(offset)
            .take(limit)
            .map(|a| actor_json(&state.names, &a.id, a.events))
            .collect();
        Ok(json!({
            "total": matched.len(),
            "offset": offset,
            "limit": limit,
            "actors": actors,
        }))
    })
    .await
}

async fn show_actor(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    blocking(state, move |state| {
        Params::parse(raw, &[])?;
        let index = state.index()?;
        let events: Vec<&Summary> = index.events_of_actor(&id).collect();
        if events.is_empty() && !state.names.knows(&id) {
            return Err(ApiError::not_found(format!("no actor {id:?}")));
        }
        let mut body = actor_json(&state.names, &id, events.len());
        let mut by_mode: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &events {
            *by_mode.entry(e.mode.as_str()).or_default() += 1;
        }
        let counterparts: Vec<Value> = index
            .counterparts(&id)
            .iter()
            .map(|c| actor_json(&state.names, &c.id, c.events))
            .collect();
        let (names, offices) = kb_details(&state.names, &id);
        if let Some(obj) = body.as_object_mut() {
            obj.insert("names".into(), names);
            obj.insert("offices".into(), offices);
            obj.insert("by_mode".into(), json!(by_mode));
            obj.insert(
                "first".into(),
                json!(events.iter().map(|e| e.when.start).min()),
            );
            obj.insert(
                "last".into(),
                json!(events.iter().map(|e| e.when.end).max()),
            );
            obj.insert("counterparts".into(), Value::Array(counterparts));
        }
        Ok(body)
    })
    .await
}

/// All names of an actor by language and, for a person, the offices held.
fn kb_details(names: &Names, id: &str) -> (Value, Value) {
    let Some(kb) = names.kb() else {
        return (json!({}), json!([]));
    };
    if let Some(p) = kb.person(id) {
        let mut offices: Vec<_> = p.offices.iter().collect();
        offices.sort_by_key(|o| std::cmp::Reverse(o.from));
        let offices: Vec<Value> = offices
            .iter()
            .map(|o| {
                json!({
                    "country": o.country,
                    "country_label": names.label(&o.country),
                    "office": o.kind.as_str(),
                    "title": o.title,
                    "from": o.from,
                    "to": o.to,
                })
            })
            .collect();
        let names = json!({ "en": p.en, "zh": p.zh, "zh_hant": p.zh_hant, "ru": p.ru });
        return (names, Value::Array(offices));
    }
    if let Some(c) = kb.country(id) {
        return (
            json!({ "en": c.en, "zh": c.zh, "zh_hant": c.zh_hant, "ru": c.ru }),
            json!([]),
        );
    }
    if let Some(o) = kb.organisation(id) {
        return (
            json!({ "en": o.en, "zh": o.zh, "zh_hant": o.zh_hant }),
            json!([]),
        );
    }
    (json!({}), json!([]))
}

async fn show_document(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    blocking(state, move |state| {
        Params::parse(raw, &[])?;
        let stored = state
            .store()?
            .document(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no document {id:?}")))?;
        let index = state.index()?;
        let mut body = document_meta(&stored);
        if let Some(obj) = body.as_object_mut() {
            obj.insert("body".into(), json!(stored.document.body));
            obj.insert("captions".into(), json!(stored.document.captions));
            obj.insert("ingested_at".into(), json!(stored.ingested_at));
            obj.insert("events".into(), json!(index.events_of_document(&id)));
        }
        Ok(body)
    })
    .await
}

async fn search(State(state): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    blocking(state, move |state| {
        let params = Params::parse(raw, &["q", "limit"])?;
        let q = params
            .one("q")?
            .ok_or_else(|| ApiError::bad("q", "missing: give the words to search for"))?
            .to_string();
        let limit = params.number("limit", 20, 1, 200)?;
        let hits = state.store()?.search(&q, limit)?;
        let index = state.index()?;
        let hits: Vec<Value> = hits
            .iter()
            .map(|h| {
                json!({
                    "doc": h.doc,
                    "origin": h.origin,
                    "title": h.title,
                    "url": h.url,
                    "published": h.published,
                    "snippet": h.snippet,
                    "events": index.events_of_document(&h.doc),
                })
            })
            .collect();
        Ok(json!({ "query": q, "hits": hits }))
    })
    .await
}

async fn stats(State(state): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    blocking(state, move |state| {
        Params::parse(raw, &[])?;
        let index = state.index()?;
        Ok(stats_json(&state.names, &index))
    })
    .await
}

fn stats_json(names: &Names, index: &RecordIndex) -> Value {
    let counts = index.counts();
    let mut by_mode: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_year: BTreeMap<String, usize> = BTreeMap::new();
    for e in index.all() {
        *by_mode.entry(e.mode.as_str()).or_default() += 1;
        *by_status.entry(e.status.as_str()).or_default() += 1;
        *by_year
            .entry(e.when.start.format("%Y").to_string())
            .or_default() += 1;
    }
    let actors = index.actors();
    let top: Vec<Value> = actors
        .iter()
        .take(10)
        .map(|a| actor_json(names, &a.id, a.events))
        .collect();
    json!({
        "documents": counts.documents,
        "mentions": counts.mentions,
        "events": index.all().len(),
        "actors": actors.len(),
        "first": index.all().iter().map(|e| e.when.start).min(),
        "last": index.all().iter().map(|e| e.when.end).max(),
        "by_mode": by_mode,
        "by_status": by_status,
        "by_year": by_year,
        "top_actors": top,
    })
}

async fn network(State(state): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    blocking(state, move |state| {
        let params = Params::parse(raw, &with_filter_params(&["nodes"]))?;
        let filter = params.filter(&state.names)?;
        let max_nodes = params.number("nodes", 30, 1, 200)?;
        let index = state.index()?;
        let net = index.network(&filter, max_nodes);
        let nodes: Vec<Value> = net
            .nodes
            .iter()
            .map(|n| actor_json(&state.names, &n.id, n.events))
            .collect();
        let edges: Vec<Value> = net
            .edges
            .iter()
            .map(|(a, b, n)| json!({ "source": a, "target": b, "events": n }))
            .collect();
        Ok(json!({ "nodes": nodes, "edges": edges }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_stays_in_the_paragraph_and_on_char_boundaries() {
        let text = "第一段。\n\n前文。王毅会见拉夫罗夫。后文。\n\n第三段。";
        let start = text.find("王毅").expect("start");
        let end = text.find("后文").expect("end");
        let ctx = context(text, Span::new(start, end), 10).expect("fits");
        assert_eq!(ctx["before"], "前文。");
        assert_eq!(ctx["text"], "王毅会见拉夫罗夫。");
        assert_eq!(ctx["after"], "后文。");
        assert_eq!(ctx["clipped_before"], false);
        let ctx = context(text, Span::new(start, end), 2).expect("fits");
        assert_eq!(ctx["before"], "文。");
        assert_eq!(ctx["after"], "后文");
        assert_eq!(ctx["clipped_after"], true);
        assert!(context(text, Span::new(start, text.len() + 1), 2).is_none());
        // A span that splits a character does not fit.
        assert!(context(text, Span::new(start + 1, end), 2).is_none());
    }

    #[test]
    fn params_reject_unknown_repeated_and_malformed_values() {
        let names = Names::default();
        let p = Params::parse(Some("limit=5&bogus=1".into()), &["limit"]);
        assert_eq!(p.err().and_then(|e| e.parameter).as_deref(), Some("bogus"));
        let p = Params::parse(Some("limit=5&limit=6".into()), &["limit"]).expect("parse");
        assert!(p.one("limit").is_err());
        let p = Params::parse(Some("mode=walk".into()), &FILTER_PARAMS).expect("parse");
        let err = p.filter(&names).expect_err("bad mode");
        assert!(err.detail.starts_with("mode:"), "{}", err.detail);
        let p = Params::parse(Some("since=2025-02-30".into()), &FILTER_PARAMS).expect("parse");
        assert!(p.filter(&names).is_err());
        let p = Params::parse(
            Some("actor=wang-yi&with=RUS&mode=&since=2025-01-01".into()),
            &FILTER_PARAMS,
        )
        .expect("parse");
        let f = p.filter(&names).expect("filter");
        assert_eq!(f.actors, ["wang-yi", "RUS"]);
        assert_eq!(f.mode, None);
        let p = Params::parse(Some("limit=0".into()), &["limit"]).expect("parse");
        assert!(p.number("limit", 50, 1, 500).is_err());
    }
}
