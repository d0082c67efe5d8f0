//! The access token: who may write, and (beyond loopback) who may read.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::state::AppState;

/// The cookie `/login` sets.
pub const COOKIE: &str = "chidao_token";

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Equal without an early exit (the comparison's time does not tell how much of a guess is right).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// How a request proved it holds the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// `Authorization: Bearer …` (scripts).
    Bearer,
    /// The cookie (the app's own pages).
    Cookie,
}

/// The request's proof, if it holds the token.
pub fn proof(headers: &HeaderMap, token: &str) -> Option<Proof> {
    let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if bearer.is_some_and(|b| same(b.trim(), token)) {
        return Some(Proof::Bearer);
    }
    if cookie(headers, COOKIE).is_some_and(|c| same(c, token)) {
        return Some(Proof::Cookie);
    }
    None
}

/// A cookie-authenticated write must come from our own pages: the browser says so with
/// `Sec-Fetch-Site`, or its `Origin` names our host.
fn same_origin(parts: &Parts) -> bool {
    let site = parts.headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(s) = site
        && s != "same-origin" && s != "none" {
            return false;
        }
    match (parts.headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), parts.headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) == Some(host),
        (Some(_), None) => false,
        _ => true,
    }
}

/// Proof that a request may write: the extractor of every write handler.
#[derive(Debug, Clone, Copy)]
pub struct Writer;

impl FromRequestParts<Arc<AppState>> for Writer {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        if state.read_only {
            return Err(AppError::Forbidden(
                "this register is read-only (the server cannot write its file or folder): changes are refused".into(),
            ));
        }
        match proof(&parts.headers, &state.token) {
            None => Err(AppError::Unauthorized(
                "this change needs the access token: sign in at /login, or send Authorization: Bearer <token>".into(),
            )),
            Some(Proof::Cookie) if parts.method != Method::GET && !same_origin(parts) => {
                Err(AppError::Forbidden("a change signed in by cookie must come from chidao's own pages".into()))
            }
            Some(_) => Ok(Writer),
        }
    }
}

/// Beyond loopback, every request but the sign-in page and the assets needs the token.
pub async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if !state.reads_need_token {
        return next.run(req).await;
    }
    let path = req.uri().path();
    if path == "/login" || path.starts_with("/assets/") || proof(req.headers(), &state.token).is_some() {
        return next.run(req).await;
    }
    if path.starts_with("/api/") {
        AppError::Unauthorized("this server needs the access token: send Authorization: Bearer <token>".into()).into_response()
    } else {
        Redirect::to("/login").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_tokens() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "lang=en; chidao_token=abcdef0123456789".parse().unwrap());
        assert_eq!(cookie(&h, "lang"), Some("en"));
        assert_eq!(proof(&h, "abcdef0123456789"), Some(Proof::Cookie));
        assert_eq!(proof(&h, "abcdef012345678x"), None);
        h.insert(header::AUTHORIZATION, "Bearer abcdef0123456789".parse().unwrap());
        assert_eq!(proof(&h, "abcdef0123456789"), Some(Proof::Bearer));
        assert!(!same("abc", "abcd"));
    }
}
