//! parley's read-only HTTP API and web page.
//!
//! [`router`] builds an axum [`Router`] over any [`Store`]: a JSON API under `/api`
//! (events with filters and pages, one event with every source and its evidence in
//! context, actors with their offices and counterparts, documents, search, statistics,
//! the actor network and an OpenAPI 3 document) and a single page (`/`, with `app.js`
//! and `style.css` embedded in the binary) showing a timeline, an actor network and the
//! evidence of an event. The server reads only through the [`Store`] trait; it keeps an
//! in-memory summary of the events ([`index::RecordIndex`]) for filtering, counting and
//! paging, rebuilt when the store's counts change.
//!
//! Every response carries a strict Content-Security-Policy (scripts only from the
//! server itself, nothing inline), and the page builds its DOM from text nodes only, so a
//! stored document containing `<script>` shows as text.

mod api;
pub mod index;
pub mod names;
mod web;

use axum::Router;
use index::RecordIndex;
use names::Names;
use parley_nlp::kb::KnowledgeBase;
use parley_store::{Store, StoreError};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How often, at most, the server asks the store whether it changed.
const REFRESH_EVERY: Duration = Duration::from_secs(2);

/// The API paths the router serves, in the form the OpenAPI document uses.
pub const API_PATHS: &[&str] = api::PATHS;

/// What every request handler shares.
pub(crate) struct AppState {
    store: Mutex<Box<dyn Store + Send>>,
    names: Names,
    index: RwLock<Arc<RecordIndex>>,
    checked: Mutex<Instant>,
}

impl AppState {
    /// The current index, first brought up to date with the events the store changed
    /// since it was built (checked at most every [`REFRESH_EVERY`]). Only the changed
    /// events are read under the store's lock; the new index is put together after.
    fn index(&self) -> Result<Arc<RecordIndex>, api::ApiError> {
        let current = self
            .index
            .read()
            .map_err(|_| api::ApiError::internal("index lock poisoned"))?
            .clone();
        // Another request checking already: use what there is.
        let Ok(mut checked) = self.checked.try_lock() else {
            return Ok(current);
        };
        if checked.elapsed() < REFRESH_EVERY {
            return Ok(current);
        }
        *checked = Instant::now();
        let changes = current.changes(self.store()?.as_ref(), &self.names)?;
        if changes.is_empty() && changes.counts() == current.counts() {
            return Ok(current);
        }
        let fresh = Arc::new(current.with_changes(changes));
        *self
            .index
            .write()
            .map_err(|_| api::ApiError::internal("index lock poisoned"))? = fresh.clone();
        Ok(fresh)
    }

    fn store(&self) -> Result<std::sync::MutexGuard<'_, Box<dyn Store + Send>>, api::ApiError> {
        self.store
            .lock()
            .map_err(|_| api::ApiError::internal("store lock poisoned"))
    }
}

/// The API and the page over `store`; `kb` gives actors their names and offices and
/// places their countries (without it ids stand for themselves). Reads every event once
/// to build the index.
pub fn router(
    store: impl Store + Send + 'static,
    kb: Option<Arc<KnowledgeBase>>,
) -> Result<Router, StoreError> {
    let names = Names::new(kb);
    let index = RecordIndex::build(&store, &names)?;
    let state = Arc::new(AppState {
        store: Mutex::new(Box::new(store)),
        names,
        index: RwLock::new(Arc::new(index)),
        checked: Mutex::new(Instant::now()),
    });
    Ok(web::routes()
        .merge(api::routes(state))
        .layer(axum::middleware::map_response(web::security_headers)))
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Binds `addr`, calls `ready` with the bound address and serves `store` until Ctrl-C,
/// on a runtime of its own (for callers without one, like the `parley` binary).
pub fn run(
    store: impl Store + Send + 'static,
    kb: Option<Arc<KnowledgeBase>>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), RunError> {
    let router = router(store, kb)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| RunError::Bind(addr, e))?;
        ready(listener.local_addr()?);
        serve(listener, router, async {
            // An error installing the handler means no Ctrl-C: serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
        Ok(())
    })
}

/// Why [`run`] stopped.
#[derive(Debug)]
pub enum RunError {
    /// The store could not be read.
    Store(StoreError),
    /// The address could not be bound.
    Bind(SocketAddr, std::io::Error),
    /// The runtime or the connection loop failed.
    Io(std::io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Store(e) => write!(f, "cannot read the store: {e}"),
            RunError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
            RunError::Io(e) => write!(f, "server: {e}"),
        }
    }
}

impl std::error::Error for RunError {}

impl From<StoreError> for RunError {
    fn from(e: StoreError) -> Self {
        RunError::Store(e)
    }
}

impl From<std::io::Error> for RunError {
    fn from(e: std::io::Error) -> Self {
        RunError::Io(e)
    }
}
