//! Signing in with the access token, signing out, switching language.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
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

/// Signs in (a user, or with `None` the token's holder): a new session in the cookie — kept
/// until it expires ([`chidao_store::users::SESSION_SECS`]), so the browser keeps it across its
/// restarts as the register does across the server's — then back to `back`.
async fn sign_in(state: &S, headers: &HeaderMap, user: Option<i64>, back: Option<&str>, ctx: &Ctx) -> PageResult {
    let id = state.new_session(user).await.map_err(page_err(ctx.lang))?;
    Ok(with_cookie(&safe_back(back, "/"), &id, Some(chidao_store::users::SESSION_SECS), beyond_loopback(state, headers)))
}

/// The sign-in form: a user's name and password when the register has users; the access token
/// (always accepted: the mode of a register without users, and of scripts).
fn login_form(ctx: &Ctx, users: bool, back: &str, name: &str, error: Option<&str>) -> Markup {
    html! {
        section.narrow {
            h1 { (ctx.t("auth.sign_in")) }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            @if users {
                p { (ctx.t("auth.explain_users")) }
                form.login method="post" action="/login" {
                    input type="hidden" name="back" value=(back);
                    label { (ctx.t("auth.name")) " " input type="text" name="name" value=(name) required autocomplete="username" autofocus; }
                    label { (ctx.t("auth.password")) " " input type="password" name="password" required autocomplete="current-password"; }
                    button type="submit" { (ctx.t("auth.sign_in")) }
                }
                details.token {
                    summary { (ctx.t("auth.with_token")) }
                    (token_form(ctx, back))
                }
            } @else {
                p { (ctx.t("auth.explain")) }
                (token_form(ctx, back))
            }
        }
    }
}

fn token_form(ctx: &Ctx, back: &str) -> Markup {
    html! {
        form method="post" action="/login" {
            input type="hidden" name="back" value=(back);
            label { (ctx.t("auth.token")) " " input type="password" name="token" required autocomplete="current-password"; }
            " " button type="submit" { (ctx.t("auth.sign_in")) }
        }
    }
}

async fn has_users(state: &S) -> bool {
    state.read(|s| s.user_count()).await.is_ok_and(|n| n > 0)
}

/// `GET /login`: with `?token=` (the link `chidao serve` prints) signs in at once; else a form.
pub async fn login_page(State(state): State<S>, headers: HeaderMap, ctx: Ctx, Q(p): Q<LoginParams>) -> PageResult {
    if let Some(t) = p.token.as_deref().filter(|t| !t.is_empty()) {
        if !is_token(t, &state.token) {
            return Err(page_err(ctx.lang)(AppError::Unauthorized(ctx.t("auth.wrong").to_string())));
        }
        return sign_in(&state, &headers, None, p.back.as_deref(), &ctx).await;
    }
    let users = has_users(&state).await;
    let body = login_form(&ctx, users, &safe_back(p.back.as_deref(), "/"), "", None);
    Ok(layout(&ctx, ctx.t("auth.sign_in"), "", body))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    token: Option<String>,
    name: Option<String>,
    password: Option<String>,
    back: Option<String>,
}

/// `POST /login`: a user's name and password, or the access token. Like every form, it must come
/// from chidao's own pages (no other site signs a browser in to an account of its choosing). A
/// wrong name or password shows the form again, with the name typed, and 401.
pub async fn login(State(state): State<S>, headers: HeaderMap, ctx: Ctx, F(f): F<LoginForm>) -> PageResult {
    let err = page_err(ctx.lang);
    if !crate::auth::same_origin(&headers) {
        return Err(err(AppError::Forbidden("sign-in must come from chidao's own pages".into())));
    }
    if let Some(t) = f.token.as_deref().filter(|t| !t.trim().is_empty()) {
        if !is_token(t, &state.token) {
            return Err(err(AppError::Unauthorized(ctx.t("auth.wrong").to_string())));
        }
        return sign_in(&state, &headers, None, f.back.as_deref(), &ctx).await;
    }
    let name = f.name.clone().unwrap_or_default();
    let password = f.password.clone().unwrap_or_default();
    let n = name.clone();
    let user = state.read(move |s| s.check_password(&n, &password)).await.map_err(&err)?;
    match user {
        Some(u) => sign_in(&state, &headers, Some(u.id), f.back.as_deref(), &ctx).await,
        None => {
            let body = login_form(&ctx, true, &safe_back(f.back.as_deref(), "/"), &name, Some(ctx.t("auth.wrong_user")));
            let mut r = layout(&ctx, ctx.t("auth.sign_in"), "", body);
            *r.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            Ok(r)
        }
    }
}

/// `POST /logout`: the session is revoked on the server and its cookie cleared. Refused from
/// another site (signing a user out is harmless, but no page of another site gets to do it).
pub async fn logout(State(state): State<S>, headers: HeaderMap, ctx: Ctx) -> Response {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return page_err(ctx.lang)(AppError::Forbidden("sign-out must come from chidao's own pages".into())).into_response();
    }
    if let Some(id) = cookie(&headers, COOKIE)
        && let Err(e) = state.end_session(id.to_string()).await
    {
        return page_err(ctx.lang)(e).into_response();
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
