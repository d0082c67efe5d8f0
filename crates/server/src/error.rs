//! Errors: what stops the server from starting ([`ServerError`]) and what a request gets back
//! ([`AppError`], a 4xx with a message for anything the client can fix).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use chidao_store::StoreError;
use serde::de::DeserializeOwned;

use crate::i18n::Lang;
use crate::limits::BodyCap;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The register could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be bound (or the server failed).
    #[error("{addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Binding beyond loopback without a token.
    #[error("{0}: not a loopback address; serving beyond this machine needs an access token (--token or $CHIDAO_TOKEN, at least 16 characters)")]
    TokenRequired(SocketAddr),
    /// A token too short to be a secret.
    #[error("the access token must have at least 16 characters")]
    WeakToken,
    /// No randomness for a token.
    #[error("cannot make a random token: {0}")]
    Random(String),
    /// `--tz` names no time zone.
    #[error("--tz {0}")]
    TimeZone(String),
}

/// What a request can get back besides its answer.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed or a value is invalid (400).
    #[error("{0}")]
    BadRequest(String),
    /// The token is missing or wrong (401).
    #[error("{0}")]
    Unauthorized(String),
    /// A write from another site (403).
    #[error("{0}")]
    Forbidden(String),
    /// Nothing there (404).
    #[error("{0}")]
    NotFound(String),
    /// The path exists, not with this method (405).
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request conflicts with what is stored (409): an upload over another document.
    #[error("{0}")]
    Conflict(String),
    /// Valid request, content we cannot use (422): a document that is not text.
    #[error("{0}")]
    Unprocessable(String),
    /// A document or a request body beyond the server's limit (413).
    #[error("{}", too_large(Lang::En, *.what, *.size, *.limit))]
    TooLarge {
        /// What was too large.
        what: Payload,
        /// Its size in bytes, when known (a body cut while read has none).
        size: Option<u64>,
        /// The limit.
        limit: u64,
    },
    /// A request naming a host this server does not answer to (421): on loopback, a name that
    /// is neither a loopback one nor a configured public name (DNS rebinding).
    #[error("{}", misdirected(Lang::En, .host, .names))]
    Misdirected {
        /// The host asked for.
        host: String,
        /// The names answered to.
        names: String,
    },
    /// Our fault (500); the message is logged, not sent.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Misdirected { .. } => StatusCode::MISDIRECTED_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the client is told.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal(m) => {
                eprintln!("chidao: internal error: {m}");
                "internal error (logged on the server)".to_string()
            }
            other => other.to_string(),
        }
    }

    /// What a page in `lang` says (the size limits and host names in the page's language; the
    /// rest as [`AppError::public_message`]).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::TooLarge { what, size, limit } => too_large(lang, *what, *size, *limit),
            AppError::Misdirected { host, names } => misdirected(lang, host, names),
            other => other.public_message(),
        }
    }
}

/// What a 413 is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// A document (its decoded size checked against `--max-doc-size`).
    Document,
    /// The body of an upload (the limit shown is the document's).
    Upload,
    /// Any other request body.
    Body,
}

fn too_large(lang: Lang, what: Payload, size: Option<u64>, limit: u64) -> String {
    let key = match (what, size) {
        (Payload::Document, _) => "big.document",
        (Payload::Upload, Some(_)) => "big.upload",
        (Payload::Upload, None) => "big.upload_unknown",
        (Payload::Body, Some(_)) => "big.body",
        (Payload::Body, None) => "big.body_unknown",
    };
    lang.t(key).replace("{size}", &lang.bytes(size.unwrap_or(0))).replace("{limit}", &lang.bytes(limit))
}

fn misdirected(lang: Lang, host: &str, names: &str) -> String {
    lang.t("err.misdirected_msg").replace("{host}", host).replace("{names}", names)
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::Invalid(m) => AppError::BadRequest(m),
            StoreError::NotFound(m) => AppError::NotFound(m),
            StoreError::Forbidden(m) => AppError::Forbidden(m),
            e @ StoreError::Decode { .. } => AppError::Unprocessable(e.to_string()),
            StoreError::Exists(m) => AppError::Conflict(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// The JSON error body: `{"error": {"status": 400, "message": "…"}}`.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": self.public_message() } });
        (status, Json(body)).into_response()
    }
}

/// `Query` whose rejection is an [`AppError`] (a JSON 400 naming the parameter).
pub struct Q<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(Q(q.0)),
            Err(e) => Err(AppError::BadRequest(query_message(&e))),
        }
    }
}

fn query_message(e: &QueryRejection) -> String {
    format!("bad query parameters: {}", e.body_text().trim_start_matches("Failed to deserialize query string: "))
}

/// `Path` whose rejection is an [`AppError`].
pub struct P<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for P<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(p) => Ok(P(p.0)),
            Err(e) => Err(AppError::BadRequest(path_message(&e))),
        }
    }
}

fn path_message(e: &PathRejection) -> String {
    format!("bad path: {}", e.body_text())
}

/// `Json` whose rejection is an [`AppError`] (400 for bad JSON, with serde's reason; 413 for a
/// body past the route's limit).
pub struct J<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for J<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let cap = body_cap(&req);
        match Json::<T>::from_request(req, state).await {
            Ok(j) => Ok(J(j.0)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(cap.error()),
            Err(e) => Err(json_error(e)),
        }
    }
}

/// The limit the request's body is read under (set by [`crate::limits::body_cap`]).
pub fn body_cap(req: &Request) -> BodyCap {
    req.extensions().get::<BodyCap>().copied().unwrap_or(BodyCap { what: Payload::Body, limit: crate::limits::SMALL_BODY })
}

fn json_error(e: JsonRejection) -> AppError {
    AppError::BadRequest(format!("bad JSON body: {}", e.body_text()))
}

/// `Form` whose rejection is an [`AppError`].
pub struct F<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for F<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let cap = body_cap(&req);
        match axum::Form::<T>::from_request(req, state).await {
            Ok(f) => Ok(F(f.0)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(cap.error()),
            Err(e) => Err(form_error(&e)),
        }
    }
}

fn form_error(e: &FormRejection) -> AppError {
    AppError::BadRequest(format!("bad form: {}", e.body_text()))
}
