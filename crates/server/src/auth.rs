//! Who a request comes from (a user of the register, or the holder of the access token) and
//! what they may do; the access token: who may write, and (beyond loopback) who may read; the signed-in
//! sessions of the browser; the host names the server answers to.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use chidao_store::{Role, User};

use crate::error::AppError;
use crate::state::AppState;

/// The cookie `/login` sets: a session id, never the token itself.
pub const COOKIE: &str = "chidao_session";

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

/// The token of an `Authorization` header: the `Bearer` scheme, its name in any case (RFC 7235).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim_start();
    let (scheme, token) = v.split_once([' ', '\t'])?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Whether `given` is the access token.
pub fn is_token(given: &str, token: &str) -> bool {
    same(given.trim(), token)
}

/// Who a request comes from: a user of the register, or the holder of the access token (who
/// acts as an admin: the mode of scripts and of a register without users).
#[derive(Debug, Clone)]
pub struct Who {
    /// The user; `None` for the access token's holder.
    pub user: Option<User>,
    /// How the request proved it.
    pub proof: Proof,
}

impl Who {
    /// What this requester may do.
    pub fn role(&self) -> Role {
        self.user.as_ref().map_or(Role::Admin, |u| u.role)
    }

    /// The name recorded with a change: the user's; for the token's holder, the name they gave
    /// (`given`) or `default`.
    pub fn author(&self, given: Option<&str>, default: &str) -> String {
        match &self.user {
            Some(u) => u.name.clone(),
            None => given.map(str::trim).filter(|a| !a.is_empty()).unwrap_or(default).to_string(),
        }
    }

    /// May this requester change a task assigned to `assignee`? (Editors scoped to a unit: only
    /// that unit's tasks.)
    pub fn may_change_task_of(&self, assignee: Option<&str>) -> bool {
        self.user.as_ref().is_none_or(|u| u.may_change_task_of(assignee))
    }
}

/// Who the request comes from, as the guard found it (kept in the request's extensions).
#[derive(Debug, Clone)]
pub struct Identity(pub Option<Who>);

/// Who a request comes from, from its `Authorization` header (the access token or a user's API
/// token) or its session cookie (a session in the register; in memory when the register is
/// read-only). A lookup that fails (the register unreadable) is no one.
pub async fn identify(headers: &HeaderMap, state: &Arc<AppState>) -> Option<Who> {
    if let Some(b) = bearer(headers) {
        if same(b, &state.token) {
            return Some(Who { user: None, proof: Proof::Bearer });
        }
        let b = b.to_string();
        return match state.read(move |s| s.token_user(&b)).await {
            Ok(Some(u)) => Some(Who { user: Some(u), proof: Proof::Bearer }),
            _ => None,
        };
    }
    let id = cookie(headers, COOKIE)?.to_string();
    if let Some(user) = state.sessions.valid(&id) {
        let user = match user {
            Some(uid) => Some(state.read(move |s| s.user_by_id(uid)).await.ok()??),
            None => None,
        };
        return Some(Who { user, proof: Proof::Cookie });
    }
    if state.read_only || id.len() != 64 {
        return None;
    }
    match state.read(move |s| s.session(&id)).await {
        Ok(Some(user)) => Some(Who { user, proof: Proof::Cookie }),
        _ => None,
    }
}

/// Who the request comes from: what the guard found, else looked up now.
pub async fn who(parts: &Parts, state: &Arc<AppState>) -> Option<Who> {
    match parts.extensions.get::<Identity>() {
        Some(Identity(w)) => w.clone(),
        None => identify(&parts.headers, state).await,
    }
}

/// A cookie-authenticated write must come from our own pages: the browser says so with
/// `Sec-Fetch-Site`, or its `Origin` names our host.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(s) = site
        && s != "same-origin" && s != "none" {
            return false;
        }
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) == Some(host),
        (Some(_), None) => false,
        _ => true,
    }
}

/// Who may write, with at least `need`: the checks of every write handler.
async fn writer(parts: &Parts, state: &Arc<AppState>, need: Role) -> Result<Who, AppError> {
    if state.read_only {
        return Err(AppError::Forbidden(
            "this register is read-only (the server cannot write its file or folder): changes are refused".into(),
        ));
    }
    let w = match who(parts, state).await {
        None => {
            return Err(AppError::Unauthorized(
                "this change needs a signed-in user or the access token: sign in at /login, or send Authorization: Bearer <token>".into(),
            ));
        }
        Some(w) => w,
    };
    if w.proof == Proof::Cookie && parts.method != Method::GET && !same_origin(&parts.headers) {
        return Err(AppError::Forbidden("a change signed in by cookie must come from chidao's own pages".into()));
    }
    if w.role() < need {
        let name = w.user.as_ref().map_or("", |u| u.name.as_str());
        return Err(AppError::Forbidden(format!("{name}: the role {} may not do this (it needs {})", w.role().as_str(), need.as_str())));
    }
    Ok(w)
}

/// Proof that a request may write (an editor or an admin): the extractor of every write handler.
#[derive(Debug, Clone)]
pub struct Writer(pub Who);

impl FromRequestParts<Arc<AppState>> for Writer {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        writer(parts, state, Role::Editor).await.map(Writer)
    }
}

/// Proof that a request comes from an admin (users, re-ingest).
#[derive(Debug, Clone)]
pub struct Admin;

impl FromRequestParts<Arc<AppState>> for Admin {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        writer(parts, state, Role::Admin).await.map(|_| Admin)
    }
}

/// Finds who the request comes from (once, for every extractor after it); beyond loopback,
/// every request but the sign-in page and the assets needs someone signed in.
pub async fn guard(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let who = identify(req.headers(), &state).await;
    let known = who.is_some();
    req.extensions_mut().insert(Identity(who));
    if !state.reads_need_token {
        return next.run(req).await;
    }
    let path = req.uri().path();
    if path == "/login" || path.starts_with("/assets/") || known {
        return next.run(req).await;
    }
    if path.starts_with("/api/") {
        AppError::Unauthorized("this server needs the access token: send Authorization: Bearer <token>".into()).into_response()
    } else {
        Redirect::to("/login").into_response()
    }
}

/// The host a request names (its `Host` header, or the authority of an absolute URI), without
/// the port, lower-cased, without a final dot.
pub fn host_of(req: &Request) -> Option<String> {
    let h = match req.headers().get(header::HOST) {
        Some(v) => v.to_str().ok()?.to_string(),
        None => req.uri().authority()?.as_str().to_string(),
    };
    Some(host_name(&h))
}

/// `Host` value → name: `[::1]:8080` → `[::1]`, `Localhost.:80` → `localhost`.
pub fn host_name(h: &str) -> String {
    let h = h.trim();
    let name = if h.starts_with('[') {
        h.find(']').map_or(h, |i| &h[..=i])
    } else {
        h.rsplit_once(':').filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit())).map_or(h, |(n, _)| n)
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// A name that reaches this machine only: `localhost` (and `*.localhost`, RFC 6761), or a
/// loopback address.
pub fn is_loopback_name(name: &str) -> bool {
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    let ip = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    ip.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Against DNS rebinding: when the server checks host names (always on loopback, where reads
/// need no token), a request must name a loopback host or a configured public name; a page of
/// another site that made its own name point here gets 421 and nothing else.
pub async fn host_guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(public) = &state.hosts else {
        return next.run(req).await;
    };
    // A request without a host name comes from no browser (HTTP/1.0 by hand): no rebinding.
    let Some(host) = host_of(&req) else {
        return next.run(req).await;
    };
    if is_loopback_name(&host) || public.contains(&host) {
        return next.run(req).await;
    }
    let mut names = vec!["localhost", "127.0.0.1", "[::1]"];
    names.extend(public.iter().map(String::as_str));
    let shown: String = host.chars().take(100).collect();
    crate::limits::error_response(req, AppError::Misdirected { host: shown, names: names.join(", ") }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_bearer_tokens() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "lang=en; chidao_session=abcdef0123456789".parse().unwrap());
        assert_eq!(cookie(&h, "lang"), Some("en"));
        assert_eq!(cookie(&h, COOKIE), Some("abcdef0123456789"));
        for (v, want) in [
            ("Bearer abc", Some("abc")),
            ("bearer abc", Some("abc")),
            ("BEARER  abc ", Some("abc")),
            ("Bearer\tabc", Some("abc")),
            ("Basic abc", None),
            ("Bearerabc", None),
            ("abc", None),
        ] {
            h.insert(header::AUTHORIZATION, v.parse().unwrap());
            assert_eq!(bearer(&h), want, "{v:?}");
        }
        assert!(!same("abc", "abcd"));
        assert!(is_token(" abc ", "abc"));
    }

    #[test]
    fn host_names() {
        for (h, name) in [("localhost:8080", "localhost"), ("[::1]:80", "[::1]"), ("[::1]", "[::1]"), ("Chidao.Example.", "chidao.example"), ("127.0.0.1", "127.0.0.1")] {
            assert_eq!(host_name(h), name, "{h}");
        }
        for n in ["localhost", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]"] {
            assert!(is_loopback_name(n), "{n}");
        }
        for n in ["evil.example", "localhost.evil.example", "0.0.0.0", "[::]", "10.0.0.1", "127.0.0.1.evil.example"] {
            assert!(!is_loopback_name(n), "{n}");
        }
    }
}
