//! Signing in with the access token, signing out, switching language.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::{Ctx, PageResult, S, layout, page_err, safe_back, see_other};
use crate::auth::COOKIE;
use super::{F, Q};
use crate::error::AppError;

#[derive(Debug, Deserialize)]
pub struct LoginParams {
    token: Option<String>,
    back: Option<String>,
}

fn with_cookie(to: &str, value: &str, max_age: Option<u64>) -> Response {
    let mut r = see_other(to);
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={a}"));
    let c = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{age}");
    if let Ok(v) = c.parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

fn check(state: &S, token: &str, ctx: &Ctx) -> Result<(), super::PageError> {
    if crate::auth::proof(&bearer(token), &state.token).is_none() {
        return Err(page_err(ctx.lang)(AppError::Unauthorized(ctx.t("auth.wrong").to_string())));
    }
    Ok(())
}

fn bearer(token: &str) -> axum::http::HeaderMap {
    let mut h = axum::http::HeaderMap::new();
    if let Ok(v) = format!("Bearer {}", token.trim()).parse() {
        h.insert(header::AUTHORIZATION, v);
    }
    h
}

/// `GET /login`: with `?token=` (the link `chidao serve` prints) signs in at once; else a form.
pub async fn login_page(State(state): State<S>, ctx: Ctx, Q(p): Q<LoginParams>) -> PageResult {
    if let Some(t) = p.token.as_deref().filter(|t| !t.is_empty()) {
        check(&state, t, &ctx)?;
        return Ok(with_cookie(&safe_back(p.back.as_deref(), "/"), t.trim(), None));
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
pub async fn login(State(state): State<S>, ctx: Ctx, F(f): F<LoginForm>) -> PageResult {
    check(&state, &f.token, &ctx)?;
    Ok(with_cookie(&safe_back(f.back.as_deref(), "/"), f.token.trim(), None))
}

/// `POST /logout`.
/// `POST /logout`; refused from another site (signing a user out is harmless, but no page of
/// another site gets to do it).
pub async fn logout(headers: axum::http::HeaderMap, ctx: Ctx) -> Response {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return page_err(ctx.lang)(AppError::Forbidden("sign-out must come from chidao's own pages".into())).into_response();
    }
    with_cookie("/", "", Some(0))
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
