//! Server-rendered pages. Every value from a document or a user goes through maud's `(…)`
//! interpolation, which HTML-escapes it; no page uses `PreEscaped`.

mod auth_pages;
mod corrections;
pub(crate) mod dashboard;
mod directive;
mod document;
mod events;
pub(crate) mod feeds;
pub(crate) mod lists;
mod person;
mod search;
mod tasks;
mod upload;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{DOCTYPE, Markup, html};

use crate::auth::Who;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

type S = Arc<AppState>;

/// The page routes.
pub fn routes() -> Router<S> {
    Router::new()
        .route("/", get(search::page))
        .route("/doc/{id}", get(document::page))
        .route("/doc/{id}/original", get(document::original))
        .route("/tasks", get(tasks::page))
        .route("/tasks/{id}", get(tasks::task_page))
        .route("/tasks/{id}/status", post(tasks::set_status))
        .route("/tasks/status", post(tasks::set_statuses))
        .route("/directive/{id}", get(directive::page))
        .route("/directive/{id}/split", post(directive::split))
        .route("/directive/{id}/merge", post(directive::merge))
        .route("/person/{id}", get(person::page))
        .route("/events", get(events::page))
        .route("/directives", get(lists::directives))
        .route("/people", get(lists::people))
        .route("/dashboard", get(dashboard::page))
        .route("/due", get(feeds::due))
        .route("/report", get(feeds::report))
        .route("/calendar/unit/{file}", get(feeds::unit_calendar))
        .route("/calendar/directive/{file}", get(feeds::directive_calendar))
        .route("/calendar/user/{file}", get(feeds::user_calendar))
        .route("/feed/tasks.atom", get(feeds::atom_feed))
        .route("/upload", get(upload::page).post(upload::submit))
        .route("/corrections", get(corrections::page).post(document::correct))
        .route("/tasks.csv", get(tasks::csv))
        .route("/corrections/{id}/withdraw", post(document::withdraw))
        .route("/users", get(users::page).post(users::add))
        .route("/users/{name}/role", post(users::set_role))
        .route("/users/{name}/remove", post(users::remove))
        .route("/login", get(auth_pages::login_page).post(auth_pages::login))
        .route("/logout", post(auth_pages::logout))
        .route("/lang", get(auth_pages::switch_lang))
        .route("/assets/{file}", get(asset))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// What every page needs to know about its request.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The language.
    pub lang: Lang,
    /// Someone is signed in (a user, or the token's holder).
    pub signed_in: bool,
    /// Who: the user and their role.
    pub who: Option<Who>,
    /// The requester may change things (an editor or admin, on a writable register): the pages
    /// show their forms.
    pub can_edit: bool,
    /// Path and query of this page (for "back" links).
    pub here: String,
    /// The offices' time zone.
    pub tz: jiff::tz::TimeZone,
    /// A message left by the form before (a status change: where the task went).
    pub flash: Option<String>,
}

impl FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await?;
        let who = crate::auth::who(parts, state).await;
        Ok(Ctx {
            lang,
            signed_in: who.is_some(),
            can_edit: who.as_ref().is_some_and(|w| w.role() >= chidao_store::Role::Editor),
            who,
            here: parts.uri.path_and_query().map_or_else(|| "/".to_string(), |p| p.as_str().to_string()),
            tz: state.tz.clone(),
            flash: crate::auth::cookie(&parts.headers, FLASH).map(str::to_string),
        })
    }
}

impl Ctx {
    /// The context of a page made without its request (an error page).
    pub fn bare(lang: Lang) -> Ctx {
        Ctx { lang, signed_in: false, who: None, can_edit: false, here: "/".into(), tz: crate::clock::default_zone(), flash: None }
    }

    /// An interface string.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lang.t(key)
    }

    /// A stored UTC time in the offices' local time.
    pub fn local(&self, utc: &str) -> String {
        crate::clock::local(&self.tz, self.lang, utc)
    }

    /// Today as the offices see it (`YYYY-MM-DD`).
    pub fn today(&self) -> String {
        crate::clock::today(&self.tz)
    }

    /// Whether the requester is an admin.
    pub fn is_admin(&self) -> bool {
        self.who.as_ref().is_some_and(|w| w.role() == chidao_store::Role::Admin)
    }
}

/// The cookie of a one-time message (set by a form's redirect, shown and cleared by the next page).
pub const FLASH: &str = "chidao_flash";

/// A redirect after a form that leaves a message for the next page (a cookie of a few ASCII
/// characters, HttpOnly, gone after a minute at most).
pub fn see_other_with(to: &str, flash: &str) -> Response {
    let mut r = see_other(to);
    let v: String = enc(flash);
    if let Ok(v) = format!("{FLASH}={v}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60").parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// `%XX` decoded (what [`enc`] wrote); bad escapes kept as written.
pub(crate) fn dec(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(x) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(x);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A page's error: the status and a page saying what went wrong.
pub struct PageError(pub AppError, pub Lang);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let msg = self.0.message(self.1);
        let ctx = Ctx::bare(self.1);
        let title = ctx.t(match status {
            StatusCode::NOT_FOUND => "err.not_found",
            StatusCode::UNAUTHORIZED => "err.unauthorized",
            StatusCode::FORBIDDEN => "err.forbidden",
            StatusCode::PAYLOAD_TOO_LARGE => "err.too_large",
            StatusCode::MISDIRECTED_REQUEST => "err.misdirected",
            s if s.is_client_error() => "err.bad_request",
            _ => "err.internal",
        });
        let body = html! {
            section.error {
                h1 { (title) }
                p.msg { (msg) }
                @if status == StatusCode::UNAUTHORIZED {
                    p { a href="/login" { (ctx.t("auth.sign_in")) } }
                }
                p { a href="/" { (ctx.t("err.home")) } }
            }
        };
        (status, layout(&ctx, title, "", body)).into_response()
    }
}

/// `Result` of a page handler.
pub type PageResult = Result<Response, PageError>;

/// Maps an error to its page.
pub fn page_err(lang: Lang) -> impl Fn(AppError) -> PageError {
    move |e| PageError(e, lang)
}

async fn not_found(lang: Lang) -> Response {
    PageError(AppError::NotFound("no such page".into()), lang).into_response()
}

async fn method_not_allowed(lang: Lang) -> Response {
    PageError(AppError::MethodNotAllowed("this page does not take this method".into()), lang).into_response()
}

/// Proof that a page's request may write ([`crate::auth::Writer`]); without it, the error page.
pub struct W(pub Who);

impl FromRequestParts<S> for W {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        crate::auth::Writer::from_request_parts(parts, state).await.map(|w| W(w.0)).map_err(|e| PageError(e, lang))
    }
}

/// Proof that a page's request comes from an admin ([`crate::auth::Admin`]).
pub struct A;

impl FromRequestParts<S> for A {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        crate::auth::Admin::from_request_parts(parts, state).await.map(|_| A).map_err(|e| PageError(e, lang))
    }
}

/// A malformed request said in the page's language (what the parser said follows, for whoever
/// reports it); other errors as they are.
fn said(e: AppError, lang: Lang, key: &str) -> AppError {
    match e {
        AppError::BadRequest(m) => AppError::BadRequest(format!("{} ({m})", lang.t(key))),
        other => other,
    }
}

/// A page's query parameters: a bad one gives an error page (not the API's JSON).
pub struct Q<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for Q<T> {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        crate::error::Q::<T>::from_request_parts(parts, state).await.map(|q| Q(q.0)).map_err(|e| PageError(said(e, lang, "err.bad_query"), lang))
    }
}

/// A page's path parameters: a bad one gives an error page.
pub struct P<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for P<T> {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        crate::error::P::<T>::from_request_parts(parts, state).await.map(|p| P(p.0)).map_err(|e| PageError(said(e, lang, "err.bad_path"), lang))
    }
}

/// A page's form: a bad one gives an error page.
pub struct F<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for F<T> {
    type Rejection = PageError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let lang = Lang::from_request_parts(&mut parts, state).await.unwrap_or_default();
        let req = axum::extract::Request::from_parts(parts, body);
        crate::error::F::<T>::from_request(req, state).await.map(|f| F(f.0)).map_err(|e| PageError(said(e, lang, "err.bad_form"), lang))
    }
}

const CSS: &str = include_str!("../../assets/app.css");
const JS: &str = include_str!("../../assets/app.js");

async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, ty) = match file.as_str() {
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "app.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "no such asset").into_response(),
    };
    ([(header::CONTENT_TYPE, ty), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// The frame of every page: header with navigation, language switch and sign-in state; the
/// message a form left (see [`layout_with`]).
pub fn layout(ctx: &Ctx, title: &str, active: &str, body: Markup) -> Response {
    layout_with(ctx, title, active, html! { (flash(ctx, None)) (body) })
}

/// The message a form left for this page ([`see_other_with`]), in the page's language: a status
/// change says where the task went, and — on a list that no longer shows it (`shown`: the ids
/// the list shows) — that it left the list.
pub fn flash(ctx: &Ctx, shown: Option<&[&str]>) -> Markup {
    let Some(raw) = ctx.flash.as_deref().map(dec) else { return html! {} };
    let parts: Vec<&str> = raw.split('|').collect();
    html! {
        @match parts.as_slice() {
            ["task", id, status, day] => {
                p.flash role="status" {
                    (ctx.t("flash.task").replace("{status}", ctx.t(&format!("status.{status}"))))
                    @if !day.is_empty() { " " (ctx.t("flash.on")) " " (show_date(ctx.lang, Some(day))) }
                    "."
                    @if shown.is_some_and(|s| !s.contains(id)) { " " (ctx.t("flash.left_filter")) }
                    " " a href=(format!("/tasks/{}", enc(id))) { (ctx.t("flash.see_task")) " →" }
                }
            }
            ["bulk", n, status] => {
                p.flash role="status" { (ctx.t("flash.bulk").replace("{n}", n).replace("{status}", ctx.t(&format!("status.{status}")))) }
            }
            ["msg", key, arg] if key.starts_with("flash.") => {
                p.flash role="status" { (ctx.t(key).replace("{x}", arg)) }
            }
            _ => {}
        }
    }
}

/// The frame of every page (the body already holds the form's message, if any); the message's
/// cookie is cleared.
pub fn layout_with(ctx: &Ctx, title: &str, active: &str, body: Markup) -> Response {
    let mut nav = vec![
        ("/", "nav.search", "search"),
        ("/tasks", "nav.tasks", "tasks"),
        ("/dashboard", "nav.dashboard", "dashboard"),
        ("/due", "nav.due", "due"),
        ("/directives", "nav.directives", "directives"),
        ("/people", "nav.people", "people"),
        ("/events", "nav.events", "events"),
        ("/upload", "nav.upload", "upload"),
        ("/corrections", "nav.corrections", "corrections"),
    ];
    if ctx.is_admin() {
        nav.push(("/users", "nav.users", "users"));
    }
    let other = if ctx.lang == Lang::Vi { Lang::En } else { Lang::Vi };
    let page = html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · chidao" }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "chidao" }
                    nav {
                        @for (href, key, id) in &nav {
                            a href=(href) class=[(active == *id).then_some("active")] { (ctx.t(key)) }
                        }
                    }
                    div.right {
                        a.lang href=(format!("/lang?to={}&back={}", other.code(), enc(&ctx.here))) hreflang=(other.code()) { (ctx.t("lang.other")) }
                        @if let Some(w) = &ctx.who {
                            span.whoami {
                                @match &w.user {
                                    Some(u) => { (u.name) " · " (ctx.t(&format!("role.{}", u.role.as_str()))) @if let Some(unit) = &u.unit { " · " (unit) } }
                                    None => { (ctx.t("auth.token_holder")) }
                                }
                            }
                            form.inline method="post" action="/logout" {
                                button.link type="submit" { (ctx.t("auth.sign_out")) }
                            }
                        } @else {
                            a href="/login" { (ctx.t("auth.sign_in")) }
                        }
                    }
                }
                main { (body) }
                footer { (ctx.t("footer")) }
            }
        }
    };
    let mut r = axum::response::Html(page.into_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    );
    r.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if ctx.flash.is_some()
        && let Ok(v) = format!("{FLASH}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0").parse()
    {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// A query-string value, percent-encoded.
pub(crate) fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A URL with query parameters (empty values left out).
pub fn url(path: &str, params: &[(&str, Option<&str>)]) -> String {
    let q: Vec<String> = params
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", enc(v))))
        .collect();
    if q.is_empty() { path.to_string() } else { format!("{path}?{}", q.join("&")) }
}

/// A path segment for a document id.
pub fn doc_href(id: &str, span: Option<(usize, usize)>) -> String {
    match span {
        Some((s, e)) if e > s => format!("/doc/{}?hl={s}-{e}#hl", enc(id)),
        _ => format!("/doc/{}", enc(id)),
    }
}

/// A local path to go back to after a form (never another site).
pub fn safe_back(back: Option<&str>, default: &str) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') && !b.chars().any(char::is_control) => b.to_string(),
        _ => default.to_string(),
    }
}

/// Redirect after a successful form (303: the browser GETs the page).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// An ISO date (maybe partial, maybe without year: `XXXX-06-15`) as people write it:
/// `15/6/2021` in Vietnamese, `2021-06-15` in English; what is not known is said ([`Lang::date`]).
pub fn show_date(lang: Lang, iso: Option<&str>) -> String {
    match iso.filter(|d| !d.is_empty()) {
        Some(iso) => lang.date(iso),
        None => "—".into(),
    }
}

/// A label for a task's tracking state.
pub fn state_label(ctx: &Ctx, s: chidao_store::TaskState) -> String {
    ctx.t(&format!("state.{}", s.code())).to_string()
}

/// An event's kind (the extractor's Vietnamese word) in the page's language; a kind without a
/// translation as written.
pub fn event_kind(ctx: &Ctx, kind: &str) -> String {
    let key = format!("ekind.{kind}");
    let t = ctx.t(&key);
    if t == key { kind.to_string() } else { t.to_string() }
}

/// The values a person corrected on a register card: who, and which attribute.
pub fn corrected_note(ctx: &Ctx, corrected: &[chidao_store::Correction]) -> Markup {
    html! {
        @if !corrected.is_empty() {
            p.corrected {
                @for c in corrected {
                    (person_badge(ctx, &c.author, &c.created_at)) " " (ctx.t(&format!("attr.{}", c.field.as_deref().unwrap_or("value")))) " "
                }
            }
        }
    }
}

/// Previous / next links of a paged list (`link(offset)` is the page at an offset); past the
/// end, a way back to the first page.
pub fn pager(ctx: &Ctx, offset: usize, page: usize, shown: usize, more: bool, link: impl Fn(usize) -> String) -> Markup {
    html! {
        nav.pager {
            @if offset > 0 && shown == 0 { a href=(link(0)) { "← " (ctx.t("pager.first")) } }
            @else if offset > 0 { a href=(link(offset.saturating_sub(page))) { "← " (ctx.t("pager.prev")) } }
            @if more { " " a href=(link(offset + page)) { (ctx.t("pager.next")) " →" } }
        }
    }
}

/// "Made by a person" badge for corrected values.
pub fn person_badge(ctx: &Ctx, who: &str, when: &str) -> Markup {
    html! { span.byperson title=(format!("{} {}", ctx.t("corr.by"), ctx.local(when))) { "✎ " (who) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_urls() {
        assert_eq!(show_date(Lang::Vi, Some("2021-06-05")), "5/6/2021");
        assert_eq!(show_date(Lang::Vi, Some("XXXX-06-05")), "5/6, năm chưa rõ");
        assert_eq!(show_date(Lang::Vi, Some("2021-06")), "tháng 6/2021");
        assert_eq!(show_date(Lang::Vi, None), "—");
        assert_eq!(show_date(Lang::En, Some("2021-06-05")), "2021-06-05");
        assert_eq!(url("/", &[("q", Some("công an")), ("kind", None)]), "/?q=c%C3%B4ng%20an");
        assert_eq!(safe_back(Some("//evil.example"), "/"), "/");
        assert_eq!(safe_back(Some("/tasks?x=1"), "/"), "/tasks?x=1");
        for v in ["task|ab12|done|2026-06-30", "msg|flash.user_added|Nguyễn Thị Hà", ""] {
            assert_eq!(dec(&enc(v)), v);
        }
        assert_eq!(dec("%zz%4"), "%zz%4", "a bad escape is kept as written");
        assert_eq!(dec("%E1%BB"), "\u{FFFD}", "broken UTF-8 is replaced, never a panic");
    }
}
