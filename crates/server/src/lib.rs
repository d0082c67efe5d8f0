//! # chidao-server
//!
//! The web app over the register: a JSON API under `/api/v1` (described by the OpenAPI document
//! at `/api/openapi.json`) and server-rendered pages, Vietnamese by default — search with facets,
//! a document with its facts highlighted, the task board, directive, person and event timelines,
//! corrections and upload.
//!
//! Pages are rendered on the server (maud, which escapes every interpolated value by
//! construction) and work without JavaScript; one small script (`assets/app.js`) adds the fact
//! panel of the document view and filling a selection's span into the "add a task" form. Every
//! asset is compiled into the binary.
//!
//! Safety: the server binds to loopback by default. Writes (status changes, corrections, upload)
//! always need the access token — as `Authorization: Bearer …` or the session cookie set by
//! `/login` — and a cookie-authenticated write must come from the app's own pages (same origin).
//! Binding to another address needs a token given by the operator, and then reads need it too.
//! On loopback, only loopback host names (and the configured public names) are answered, so a
//! page of another site cannot read the register through a name of its own (DNS rebinding).
//! What one client can hold is bounded: request bodies, an uploaded document's size, the time
//! to send a request head, idle connections, the number of connections ([`Limits`]); a long
//! document is read in parts.
//!
//! ```no_run
//! # async fn run() -> Result<(), chidao_server::ServerError> {
//! let config = chidao_server::Config::new("chidao.db".into(), "127.0.0.1:8080".parse().unwrap());
//! chidao_server::serve(config).await
//! # }
//! ```
#![warn(missing_docs)]

mod api;
mod auth;
mod clock;
pub mod bench;
mod error;
mod i18n;
mod limits;
mod openapi;
mod pages;
pub mod report;
mod session;
mod state;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware::{from_fn, from_fn_with_state};
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

pub use error::ServerError;
pub use i18n::Lang;
pub use limits::{Limits, SMALL_BODY, upload_limit};
pub use openapi::OPENAPI;
pub use state::{AppState, Options};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The register: a file, or a `postgres://` URL (as `--db` takes it).
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The access token; generated at start when `None` (allowed on loopback only).
    pub token: Option<String>,
    /// Names the server is reached by besides loopback ones (see [`Options::public_hosts`]).
    pub public_hosts: Vec<String>,
    /// Largest document an upload may hold, in bytes.
    pub max_doc_bytes: u64,
    /// Connections: timeouts and how many at once.
    pub limits: Limits,
    /// Create an empty register when there is none at `db` (after the other checks pass).
    pub create: bool,
    /// The offices' time zone, an IANA name (default Asia/Ho_Chi_Minh): times and "today" are
    /// shown in it.
    pub tz: String,
    /// Reader connections to the register open at once, at most (see [`Options::readers`]).
    pub readers: usize,
}

impl Config {
    /// Serve `db` on `addr`, token generated, default limits.
    pub fn new(db: PathBuf, addr: SocketAddr) -> Config {
        Config {
            db,
            addr,
            token: None,
            public_hosts: Vec::new(),
            max_doc_bytes: chidao_text::DEFAULT_MAX_DOC_BYTES,
            limits: Limits::default(),
            create: false,
            tz: clock::DEFAULT_ZONE.to_string(),
            readers: state::READERS,
        }
    }
}

/// The app: every route, over a state. Outermost first: a request of a watched connection is
/// marked in flight; every answer gets `X-Content-Type-Options: nosniff`; a foreign host name is
/// refused (421); the body is limited by route (413); beyond loopback the token is checked.
pub fn app(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(pages::routes())
        // Everything under /api answers JSON, an unknown path too (the API's own fallback).
        .nest("/api", Router::new().nest("/v1", api::routes()).route("/openapi.json", axum::routing::get(openapi::serve)).fallback(api::not_found))
        .layer(from_fn_with_state(state.clone(), auth::guard))
        .layer(from_fn_with_state(state.clone(), limits::body_cap))
        // body_cap sets the limit (by route); axum's own default (2 MB everywhere) would not.
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn_with_state(state.clone(), auth::host_guard))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(from_fn(limits::track))
        .with_state(state)
}

/// A fresh random token (32 hex digits).
pub fn new_token() -> Result<String, ServerError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| ServerError::Random(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Ctrl-C, or SIGTERM from a service manager: in-flight requests finish, then the server stops.
/// The handlers are installed when this is called (before the server says it listens), not when
/// the future is first polled.
fn shutdown() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let ctrl_c = tokio::signal::ctrl_c();
    async move {
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {}
            () = term => {}
        }
        eprintln!("chidao: stopping");
    }
}

/// Opens the register and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), ServerError> {
    check_token(config.token.as_deref(), config.addr)?;
    let listener = TcpListener::bind(config.addr).await.map_err(|source| ServerError::Bind { addr: config.addr, source })?;
    serve_on(listener, config, shutdown()).await
}

/// The token to serve with on `addr`: the one given (at least 16 characters), else none yet —
/// allowed on loopback only.
fn check_token(token: Option<&str>, addr: SocketAddr) -> Result<Option<String>, ServerError> {
    let given = token.filter(|t| !t.trim().is_empty());
    if !addr.ip().is_loopback() && given.is_none() {
        return Err(ServerError::TokenRequired(addr));
    }
    if let Some(t) = &given
        && t.trim().len() < 16
    {
        return Err(ServerError::WeakToken);
    }
    Ok(given.map(|t| t.trim().to_string()))
}

/// Opens the register and serves it on `listener` (its address decides loopback or not;
/// `config.addr` is not used) until `stop` completes.
pub async fn serve_on(listener: TcpListener, config: Config, stop: impl Future<Output = ()> + Send + 'static) -> Result<(), ServerError> {
    let addr = listener.local_addr().map_err(|source| ServerError::Bind { addr: config.addr, source })?;
    let loopback = addr.ip().is_loopback();
    let given = check_token(config.token.as_deref(), addr)?;
    let tz = clock::zone(&config.tz).map_err(ServerError::TimeZone)?;
    let token = match &given {
        Some(t) => t.clone(),
        None => new_token()?,
    };
    let at = chidao_store::Location::from(config.db.as_path());
    if let chidao_store::Location::File(path) = &at
        && config.create
        && !path.exists()
    {
        // A new, empty register where nothing was: the one case where serve creates.
        chidao_store::Store::open(path)?;
        eprintln!("chidao: {} did not exist: serving a new, empty register (add documents with `chidao ingest` or the page /upload)", path.display());
    }
    let options = Options {
        token: token.clone(),
        reads_need_token: !loopback,
        public_hosts: config.public_hosts.clone(),
        max_doc_bytes: config.max_doc_bytes,
        tz,
        readers: config.readers,
    };
    let state = AppState::open_location(&at, options)?;
    // The summaries the home page and the task board show, computed while the server starts.
    tokio::spawn({
        let state = state.clone();
        async move { state.warm().await }
    });
    eprintln!("chidao: serving {at} at http://{addr}/");
    if state.is_read_only() {
        eprintln!("chidao: the register is read-only for this process (file or folder not writable): pages and reads work, changes are refused");
    }
    if given.is_some() {
        eprintln!("chidao: sign in at http://{addr}/login with the token you gave to make changes");
    } else {
        eprintln!("chidao: to make changes (task status, corrections, upload) open http://{addr}/login?token={token}");
    }
    if !loopback {
        eprintln!("chidao: bound to {} (not loopback): every request needs the token", addr.ip());
    }
    if !config.public_hosts.is_empty() {
        eprintln!("chidao: answering to localhost, 127.0.0.1, [::1] and {}", config.public_hosts.join(", "));
    }
    let app = app(state).layer(RequestBodyTimeoutLayer::new(config.limits.idle_timeout));
    axum::serve(limits::Guarded::new(listener, config.limits), app.into_make_service_with_connect_info::<limits::Conn>())
        .with_graceful_shutdown(stop)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    Ok(())
}
