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

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{DOCTYPE, Markup, html};

use crate::auth::proof;
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
        .route("/tasks/{id}/status", post(tasks::set_status))
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
        .route("/feed/tasks.atom", get(feeds::atom_feed))
        .route("/upload", get(upload::page).post(upload::submit))
        .route("/corrections", get(corrections::page).post(document::correct))
        .route("/tasks.csv", get(tasks::csv))
        .route("/corrections/{id}/withdraw", post(document::withdraw))
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
    /// The request holds the token (may change things).
    pub signed_in: bool,
    /// Path and query of this page (for "back" links).
    pub here: String,
}

impl FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await?;
        Ok(Ctx {
            lang,
            signed_in: proof(&parts.headers, state).is_some(),
            here: parts.uri.path_and_query().map_or_else(|| "/".to_string(), |p| p.as_str().to_string()),
        })
    }
}

impl Ctx {
    /// An interface string.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lang.t(key)
    }
}

/// A page's error: the status and a page saying what went wrong.
pub struct PageError(pub AppError, pub Lang);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let msg = self.0.message(self.1);
        let ctx = Ctx { lang: self.1, signed_in: false, here: "/".into() };
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
pub struct W;

impl FromRequestParts<S> for W {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        crate::auth::Writer::from_request_parts(parts, state).await.map(|_| W).map_err(|e| PageError(e, lang))
    }
}

/// A page's query parameters: a bad one gives an error page (not the API's JSON).
pub struct Q<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for Q<T> {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        crate::error::Q::<T>::from_request_parts(parts, state).await.map(|q| Q(q.0)).map_err(|e| PageError(e, lang))
    }
}

/// A page's path parameters: a bad one gives an error page.
pub struct P<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for P<T> {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        crate::error::P::<T>::from_request_parts(parts, state).await.map(|p| P(p.0)).map_err(|e| PageError(e, lang))
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
        crate::error::F::<T>::from_request(req, state).await.map(|f| F(f.0)).map_err(|e| PageError(e, lang))
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

/// The frame of every page: header with navigation, language switch and sign-in state.
pub fn layout(ctx: &Ctx, title: &str, active: &str, body: Markup) -> Response {
    let nav = [
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
                        @for (href, key, id) in nav {
                            a href=(href) class=[(active == id).then_some("active")] { (ctx.t(key)) }
                        }
                    }
                    div.right {
                        a.lang href=(format!("/lang?to={}&back={}", other.code(), enc(&ctx.here))) hreflang=(other.code()) { (ctx.t("lang.other")) }
                        @if ctx.signed_in {
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
    html! { span.byperson title=(format!("{} {}", ctx.t("corr.by"), when)) { "✎ " (who) } }
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
    }
}
