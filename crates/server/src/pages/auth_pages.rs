//! Signing in with the access token, signing out, switching language.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::{Ctx, PageResult, S, layout, page_err, safe_back, see_other};
use crate::auth::{COOKIE, cookie, host_name, is_loopback_name, is_token};
use super::{F, Q};
use crate::error::AppError;

#[derive(Debug, Deserialize)]
pub struct LoginParams {
    token: Option<String>,
    back: Option<String>,
}

/// A redirect setting the session cookie (`Secure` when the server is reached beyond loopback:
/// bound to another address, or through a public name — a TLS proxy's).
fn with_cookie(to: &str, value: &str, max_age: Option<u64>, secure: bool) -> Response {
    let mut r = see_other(to);
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={a}"));
    let secure = if secure { "; Secure" } else { "" };
    let c = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}");
    if let Ok(v) = c.parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// Whether the request reached the server beyond loopback.
fn beyond_loopback(state: &S, headers: &HeaderMap) -> bool {
    state.reads_need_token || headers.get(header::HOST).and_then(|h| h.to_str().ok()).is_some_and(|h| !is_loopback_name(&host_name(h)))
}

/// Signs in with `token`: a new session in the cookie, then back to `back`.
fn sign_in(state: &S, headers: &HeaderMap, token: &str, back: Option<&str>, ctx: &Ctx) -> PageResult {
    if !is_token(token, &state.token) {
        return Err(page_err(ctx.lang)(AppError::Unauthorized(ctx.t("auth.wrong").to_string())));
    }
    let id = state.sessions.create().map_err(|e| page_err(ctx.lang)(AppError::Internal(e.to_string())))?;
    Ok(with_cookie(&safe_back(back, "/"), &id, None, beyond_loopback(state, headers)))
}

/// `GET /login`: with `?token=` (the link `chidao serve` prints) signs in at once; else a form.
pub async fn login_page(State(state): State<S>, headers: HeaderMap, ctx: Ctx, Q(p): Q<LoginParams>) -> PageResult {
    if let Some(t) = p.token.as_deref().filter(|t| !t.is_empty()) {
        return sign_in(&state, &headers, t, p.back.as_deref(), &ctx);
    }
    let body = html! {
        section.narrow {
            h1 { (ctx.t("auth.sign_in")) }
            p { (ctx.t("auth.explain")) }
            form method="post" action="/login" {
                input type="hidden" name="back" value=(safe_back(p.back.as_deref(), "/"));
                label { (ctx.t("auth.token")) " " input type="password" name="token" required autocomplete="current-password"; }
                " " button type="submit" { (ctx.t("auth.sign_in")) }
            }
        }
    };
    Ok(layout(&ctx, ctx.t("auth.sign_in"), "", body))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    token: String,
    back: Option<String>,
}

/// `POST /login`.
pub async fn login(State(state): State<S>, headers: HeaderMap, ctx: Ctx, F(f): F<LoginForm>) -> PageResult {
    sign_in(&state, &headers, &f.token, f.back.as_deref(), &ctx)
}

/// `POST /logout`: the session is revoked on the server and its cookie cleared. Refused from
/// another site (signing a user out is harmless, but no page of another site gets to do it).
pub async fn logout(State(state): State<S>, headers: HeaderMap, ctx: Ctx) -> Response {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return page_err(ctx.lang)(AppError::Forbidden("sign-out must come from chidao's own pages".into())).into_response();
    }
    if let Some(id) = cookie(&headers, COOKIE) {
        state.sessions.revoke(id);
    }
    with_cookie("/", "", Some(0), beyond_loopback(&state, &headers))
}

#[derive(Debug, Deserialize)]
pub struct LangParams {
    to: String,
    back: Option<String>,
}

/// `GET /lang?to=en&back=/tasks`: remembers the language in a cookie.
pub async fn switch_lang(Q(p): Q<LangParams>) -> Response {
    let code = crate::i18n::Lang::parse(&p.to).code();
    // The page we come back to may carry `lang=` itself; drop it so the cookie decides.
    let back = safe_back(p.back.as_deref(), "/");
    let back = match back.split_once('?') {
        Some((path, q)) => {
            let rest: Vec<&str> = q.split('&').filter(|kv| !kv.starts_with("lang=")).collect();
            if rest.is_empty() { path.to_string() } else { format!("{path}?{}", rest.join("&")) }
        }
        None => back,
    };
    let mut r = see_other(&back);
    if let Ok(v) = format!("lang={code}; Path=/; SameSite=Lax; Max-Age=31536000").parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r.into_response()
}
