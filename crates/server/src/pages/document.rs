//! The document view: the text with every fact highlighted by kind, a panel of the facts (a
//! click on the text opens the fact there), each linked to its register page and correctable;
//! and the correction forms.

use axum::extract::State;
use axum::response::IntoResponse;
use chidao_store::corrections::{ADDABLE, EDITABLE};
use chidao_store::{Action, DocRange, DocView, FactView, NewCorrection, StoreError};
use maud::{Markup, html};
use serde::Deserialize;

use super::{Ctx, PageResult, S, doc_href, layout, page_err, person_badge, safe_back, see_other, show_date, url};

use super::{F, P, Q};
use crate::error::AppError;

/// Text one part of the document view holds, in bytes: a long document is shown part by part
/// ("part k of n"), each starting a paragraph, so one page stays small whatever the document.
pub const PART_BYTES: usize = 32 * 1024;

/// Most fact cards one part lists (a part denser than that says so, and the kind filter shows
/// the rest).
pub const PART_FACTS: usize = 2000;

#[derive(Debug, Deserialize)]
pub struct DocParams {
    /// A span to bring into view ("120-180"): its part is shown.
    hl: Option<String>,
    /// The part to show (1-based).
    part: Option<usize>,
    /// Only facts of this kind.
    kind: Option<String>,
}

/// Segments of the part of the text `[base, base + text.len())`: absolute byte range and the
/// facts covering it (a sweep over the spans, so overlapping and nested facts both work without
/// nesting HTML elements; a fact running past the part is cut at its end).
fn segments(base: usize, text: &str, facts: &[FactView], hl: Option<(usize, usize)>) -> Vec<(usize, usize, Vec<usize>, bool)> {
    let end = base + text.len();
    let mut cuts: Vec<usize> = vec![base, end];
    for f in facts.iter().filter(|f| !f.rejected) {
        cuts.push(f.span.0);
        cuts.push(f.span.1);
    }
    if let Some((s, e)) = hl {
        cuts.push(s);
        cuts.push(e);
    }
    cuts.retain(|&c| c >= base && c <= end && text.is_char_boundary(c - base));
    cuts.sort_unstable();
    cuts.dedup();
    // Facts by start; active set swept along the cuts.
    let mut order: Vec<usize> = (0..facts.len()).filter(|&i| !facts[i].rejected).collect();
    order.sort_by_key(|&i| facts[i].span.0);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&i| facts[i].span.1 > a);
        while next < order.len() && facts[order[next]].span.0 <= a {
            if facts[order[next]].span.1 > a {
                active.push(order[next]);
            }
            next += 1;
        }
        // Innermost (shortest) last: a click opens it.
        let mut cover = active.clone();
        cover.sort_by_key(|&i| std::cmp::Reverse(facts[i].span.1 - facts[i].span.0));
        let target = hl.is_some_and(|(s, e)| a >= s && b <= e);
        out.push((a, b, cover, target));
    }
    out
}

fn text_view(view: &DocView, hl: Option<(usize, usize)>) -> Markup {
    let base = view.range.0;
    let segs = segments(base, &view.text, &view.facts, hl);
    let mut first_target = true;
    html! {
        div.doctext #doctext lang="vi" data-s=(base) {
            @for (a, b, cover, target) in &segs {
                @let kinds = cover.iter().map(|&i| format!("k-{}", view.facts[i].kind)).collect::<Vec<_>>().join(" ");
                @let ids = cover.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
                @let anchor = *target && std::mem::replace(&mut first_target, false);
                @if cover.is_empty() && !target {
                    span data-s=(a) { (&view.text[*a - base..*b - base]) }
                } @else {
                    span class=(format!("seg {kinds}{}", if *target { " target" } else { "" })) data-s=(a) data-f=(ids) id=[anchor.then_some("hl")] { (&view.text[*a - base..*b - base]) }
                }
            }
        }
    }
}

/// Where the document view is: which part of how many, which kind of fact.
struct Place<'a> {
    part: usize,
    parts: usize,
    kind: Option<&'a str>,
}

impl Place<'_> {
    /// The view of part `k` (1-based) under the same filter; the plain document link for the
    /// first part of a document in one part.
    fn href(&self, id: &str, k: usize) -> String {
        let part = (self.parts > 1).then(|| k.to_string());
        url(&doc_href(id, None), &[("part", part.as_deref()), ("kind", self.kind)])
    }

    /// This view.
    fn here(&self, id: &str) -> String {
        self.href(id, self.part)
    }
}

/// "Part k of n" with the links to the first, previous, next and last parts.
fn part_pager(ctx: &Ctx, id: &str, at: &Place) -> Markup {
    let (k, n) = (at.part, at.parts);
    html! {
        @if n > 1 {
            nav.pager.parts aria-label=(ctx.t("doc.parts")) {
                @if k > 1 {
                    a href=(at.href(id, 1)) { "⇤ " (ctx.t("doc.part_first")) } " "
                    a href=(at.href(id, k - 1)) rel="prev" { "← " (ctx.t("doc.part_prev")) } " "
                }
                strong { (ctx.t("doc.part").replace("{k}", &k.to_string()).replace("{n}", &n.to_string())) }
                @if k < n {
                    " " a href=(at.href(id, k + 1)) rel="next" { (ctx.t("doc.part_next")) " →" }
                    " " a href=(at.href(id, n)) { (ctx.t("doc.part_last")) " ⇥" }
                }
            }
        }
    }
}

/// The register page of a fact, if it has one.
fn fact_link(f: &FactView, doc: &str) -> Option<String> {
    match (f.kind.as_str(), f.entity) {
        ("person" | "role", Some(id)) => Some(format!("/person/{id}")),
        ("directive", Some(id)) => Some(format!("/directive/{id}")),
        ("org", _) => f.attrs.get("name").map(|n| url("/", &[("org", Some(n))])),
        ("event", _) => Some(url("/events", &[("from", f.attrs.get("date").map(String::as_str)), ("to", f.attrs.get("date").map(String::as_str))])),
        ("task", _) => f.attrs.get("id").map(|k| format!("{}#t-{k}", url("/tasks", &[("doc", Some(doc))]))),
        _ => None,
    }
}

fn fact_card(ctx: &Ctx, view: &DocView, at: &Place, i: usize, f: &FactView) -> Markup {
    let fields: &[&str] = EDITABLE.iter().find(|(k, _)| *k == f.kind).map_or(&[], |(_, v)| *v);
    let edited: Vec<&str> = f.corrections.iter().filter(|c| c.action == Action::Edit).filter_map(|c| c.field.as_deref()).collect();
    html! {
        details class=(format!("fact k-{}{}", f.kind, if f.rejected { " rejected" } else { "" })) id=(format!("f{i}")) data-s=(f.span.0) data-e=(f.span.1) {
            summary {
                span.kind { (ctx.t(&format!("kind.{}", f.kind))) }
                " " span.quote { (truncate(&f.quote, 90)) }
                @if f.rejected { " " span.badge.rej { (ctx.t("corr.rejected")) } }
                @if f.added { " " span.badge.add { (ctx.t("corr.added")) } }
                @if f.ocr { " " span.badge.ocr title=(ctx.t("doc.ocr_fact")) { (ctx.t("doc.ocr_badge")) } }
                @if let (Some(tier), "task") = (f.attrs.get("tier"), f.kind.as_str()) {
                    " " span class=(format!("tier tier-{tier}")) { (ctx.t(&format!("tier.{tier}"))) }
                }
            }
            dl {
                @for (k, v) in &f.attrs {
                    @if (k != "id" || f.kind == "task") && k != "link" {
                        dt { (ctx.t(&format!("attr.{k}"))) }
                        dd {
                            @if k == "date" || k == "deadline" || k == "due" { (show_date(ctx.lang, Some(v))) }
                            @else if f.kind == "task" && k == "kind" { (ctx.t(&format!("task.{v}"))) }
                            @else if f.kind == "task" && k == "status" { (ctx.t(&format!("status.{v}"))) }
                            @else if f.kind == "task" && k == "tier" { (ctx.t(&format!("tier.{v}"))) }
                            @else if f.kind == "task" && k == "reasons" { ul.reasons { @for r in v.lines() { li { (r) } } } }
                            @else if f.kind == "event" && k == "kind" { (super::event_kind(ctx, v)) }
                            @else { (v) }
                            @if edited.contains(&k.as_str()) { " " span.byperson { "✎" } }
                        }
                    }
                }
            }
            details.internal { summary { (ctx.t("task.internal")) } (ctx.t("attr.span")) ": " code { (f.span.0) "–" (f.span.1) } }
            @if let Some(href) = fact_link(f, &view.id) {
                p { a href=(href) { (ctx.t("fact.open")) " →" } }
            }
            @if !f.corrections.is_empty() {
                ul.corrections {
                    @for c in &f.corrections {
                        li {
                            (person_badge(ctx, &c.author, &c.created_at))
                            " " (ctx.t(&format!("corr.{}_done", c.action.as_str())))
                            @if let (Some(field), Some(v)) = (&c.field, &c.value) { " " (ctx.t(&format!("attr.{field}"))) " = " q { (v) } }
                            @if let Some(n) = &c.note { " — " i { (n) } }
                            " " span.date { (show_time(&c.created_at)) }
                            @if ctx.can_edit {
                                " "
                                form.inline method="post" action=(format!("/corrections/{}/withdraw", c.id)) {
                                    input type="hidden" name="back" value=(format!("{}#f{i}", at.here(&view.id)));
                                    button.link type="submit" { (ctx.t("corr.withdraw")) }
                                }
                            }
                        }
                    }
                }
            }
            @if ctx.can_edit && !f.added {
                @if !f.rejected {
                    form.correct method="post" action="/corrections" {
                        (hidden_fact(view, at, i, f))
                        input type="hidden" name="action" value="reject";
                        input type="text" name="note" placeholder=(ctx.t("corr.note")) aria-label=(ctx.t("corr.note"));
                        " " button type="submit" { (ctx.t("corr.reject")) }
                    }
                }
                @if !fields.is_empty() {
                    form.correct method="post" action="/corrections" {
                        (hidden_fact(view, at, i, f))
                        input type="hidden" name="action" value="edit";
                        select name="field" aria-label=(ctx.t("corr.field")) {
                            @for fl in fields { option value=(fl) { (ctx.t(&format!("attr.{fl}"))) } }
                        }
                        " " input type="text" name="value" required placeholder=(ctx.t("corr.value")) aria-label=(ctx.t("corr.value"));
                        " " input type="text" name="note" placeholder=(ctx.t("corr.note")) aria-label=(ctx.t("corr.note"));
                        " " button type="submit" { (ctx.t("corr.edit")) }
                    }
                }
            }
        }
    }
}

/// `2026-11-22T05:23:52Z` as `2026-11-22 05:23 UTC`.
fn show_time(t: &str) -> String {
    match (t.get(..10), t.get(11..16)) {
        (Some(d), Some(h)) if t.len() >= 16 => format!("{d} {h} UTC"),
        _ => t.to_string(),
    }
}

fn hidden_fact(view: &DocView, at: &Place, i: usize, f: &FactView) -> Markup {
    html! {
        input type="hidden" name="doc" value=(view.id);
        input type="hidden" name="kind" value=(f.kind);
        input type="hidden" name="start" value=(f.span.0);
        input type="hidden" name="end" value=(f.span.1);
        // Back to this fact's card (cards keep their order: a rejected fact stays listed).
        input type="hidden" name="back" value=(format!("{}#f{i}", at.here(&view.id)));
    }
}

fn truncate(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n { s } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

fn parse_hl(s: Option<&str>) -> Option<(usize, usize)> {
    let (a, b) = s?.split_once('-')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (a < b).then_some((a, b))
}

/// `GET /doc/{id}`: one part of the document (the first, the one asked for, or the one holding
/// the span to bring into view) with the facts starting in it.
pub async fn page(State(st): State<S>, ctx: Ctx, P(id): P<String>, Q(p): Q<DocParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let hl = parse_hl(p.hl.as_deref());
    let kind = p.kind.clone().filter(|k| !k.trim().is_empty());
    let (id2, kind2, asked) = (id.clone(), kind.clone(), p.part);
    let found = st
        .read(move |s| {
            let Some(parts) = s.document_parts(&id2, PART_BYTES)? else { return Ok(None) };
            let k = match (asked, hl) {
                (Some(k), _) if k == 0 || k > parts.len() => {
                    return Err(StoreError::NotFound(format!("{id2}: no part {k} (the document has {} parts)", parts.len())));
                }
                (Some(k), _) => k - 1,
                (None, Some((s, _))) => parts.iter().position(|&(a, b)| s >= a && s < b).unwrap_or(0),
                (None, None) => 0,
            };
            let (a, b) = parts[k];
            let view = s.document_range(&id2, &DocRange { start: a, end: Some(b), kind: kind2, offset: 0, limit: PART_FACTS })?;
            Ok(view.map(|v| (k + 1, parts.len(), v)))
        })
        .await
        .map_err(&err)?;
    let (part, parts, view) = found.ok_or_else(|| err(AppError::NotFound(format!("{id}: no such document"))))?;
    let at = Place { part, parts, kind: kind.as_deref() };
    let title = view.headline.clone().unwrap_or_else(|| view.id.clone());
    let all = Place { part: 1, parts, kind: None };
    let body = html! {
        article.document {
            header.dochead {
                h1 { (title) }
                p.meta {
                    span { (ctx.t("doc.id")) " " code { (view.id) } }
                    " · " span { (ctx.t("attr.date")) " " (show_date(ctx.lang, view.date.as_deref())) }
                    @if let Some(s) = &view.source { " · " span { (s) } }
                    @if let Some(a) = &view.author { " · " span { (a) } }
                    @if let Some(d) = &view.duplicate_of { " · " span.dup { (ctx.t("search.copy_of")) " " a href=(doc_href(d, None)) { (d) } } }
                }
                @if let Some(src) = &view.original { (original_note(&ctx, &view.id, src)) }
                p.legend {
                    @for (k, n) in &view.counts {
                        @let only = Place { part: 1, parts, kind: Some(k) };
                        a class=(format!("chip k-{k}{}", if kind.as_deref() == Some(k) { " on" } else { "" })) href=(only.href(&view.id, 1)) title=(ctx.t("doc.only_kind")) { (ctx.t(&format!("kind.{k}"))) " " (n) }
                        " "
                    }
                    @if kind.is_some() {
                        a.chip href=(all.href(&view.id, 1)) { (ctx.t("doc.all_kinds")) }
                    }
                }
                (part_pager(&ctx, &view.id, &at))
            }
            div.docbody {
                (text_view(&view, hl))
                aside.facts #facts aria-label=(ctx.t("doc.facts")) {
                    h2 { (ctx.t("doc.facts")) }
                    p.hint { (ctx.t("doc.click_hint")) }
                    @if view.facts_total > view.facts.len() {
                        p.hint.more { (ctx.t("doc.more_facts").replace("{total}", &view.facts_total.to_string()).replace("{shown}", &view.facts.len().to_string())) }
                    }
                    @for (i, f) in view.facts.iter().enumerate() {
                        (fact_card(&ctx, &view, &at, i, f))
                    }
                    @if ctx.can_edit {
                        (add_task_form(&ctx, &view, &at))
                    } @else {
                        p.hint { a href=(url("/login", &[("back", Some(&at.here(&view.id)))])) { (ctx.t("auth.sign_in")) } " " (ctx.t("doc.sign_in_to_correct")) }
                    }
                }
            }
            (part_pager(&ctx, &view.id, &at))
        }
    };
    Ok(layout(&ctx, &title, "", body))
}

/// The original's line: a link to the file (to each page of a PDF) and, when pages were read by
/// OCR, a visible warning naming them.
fn original_note(ctx: &Ctx, id: &str, src: &chidao_store::Source) -> Markup {
    let href = format!("{}/original", doc_href(id, None));
    let ocr: Vec<u32> = src.pages.iter().filter(|p| p.source == "ocr").map(|p| p.page).collect();
    html! {
        p.original {
            (ctx.t("doc.original")) ": " a href=(href) { (src.name) } " (" (src.format.to_uppercase())
            @if !src.pages.is_empty() { ", " (src.pages.len()) " " (ctx.t("doc.original_pages")) }
            ")"
            @if src.format == "pdf" && src.pages.len() > 1 {
                " · " (ctx.t("doc.page")) ":"
                @for p in &src.pages { " " a href=(format!("{href}#page={}", p.page)) { (p.page) } }
            }
        }
        @if !ocr.is_empty() {
            p.ocr_warning role="note" {
                span.badge.ocr { (ctx.t("doc.ocr_badge")) } " " (ctx.t("doc.ocr_warning")) " "
                (ctx.t("doc.ocr_pages")) ": "
                @for (i, p) in ocr.iter().enumerate() { @if i > 0 { ", " } a href=(format!("{href}#page={p}")) { (p) } }
                "."
            }
        }
    }
}

/// `GET /doc/{id}/original`: the file the document was read from. A PDF is shown inline in a
/// sandbox (no scripts, no same-origin access); every other format is a download.
pub async fn original(State(st): State<S>, ctx: Ctx, P(id): P<String>) -> PageResult {
    let err = page_err(ctx.lang);
    let id2 = id.clone();
    let o = st.read(move |s| s.original(&id2)).await.map_err(&err)?.ok_or_else(|| err(AppError::NotFound(format!("{id}: no original stored"))))?;
    let pdf = o.media_type == "application/pdf";
    let ascii: String = o.name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition = format!("{}; filename=\"{ascii}\"", if pdf { "inline" } else { "attachment" });
    let ty = if pdf || o.media_type.starts_with("text/plain") { o.media_type.clone() } else { "application/octet-stream".to_string() };
    use axum::http::header;
    Ok((
        [
            (header::CONTENT_TYPE, ty),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'".to_string()),
        ],
        o.bytes,
    )
        .into_response())
}

fn add_task_form(ctx: &Ctx, view: &DocView, at: &Place) -> Markup {
    add_task_fields(ctx, &view.id, &at.here(&view.id), &CorrectionForm::blank(&view.id))
}

/// The add-task form, filled with what was typed (`typed`: empty the first time; after an error,
/// what the clerk wrote, so that nothing is typed twice).
fn add_task_fields(ctx: &Ctx, doc: &str, back: &str, typed: &CorrectionForm) -> Markup {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    html! {
        form.correct.addtask #addtask method="post" action="/corrections" {
            h3 { (ctx.t("corr.add_task")) }
            p.hint { (ctx.t("corr.add_hint")) }
            input type="hidden" name="doc" value=(doc);
            input type="hidden" name="kind" value="task";
            input type="hidden" name="action" value="add";
            input type="hidden" name="start" value=(v(&typed.start));
            input type="hidden" name="end" value=(v(&typed.end));
            input type="hidden" name="back" value=(back);
            label { (ctx.t("corr.quote")) textarea name="quote" rows="3" required { (v(&typed.quote)) } }
            label { (ctx.t("attr.assignee")) " " input type="text" name="assignee" value=(v(&typed.assignee)); }
            label { (ctx.t("attr.deadline")) " " input type="text" name="deadline" value=(v(&typed.deadline)) placeholder=(ctx.t("corr.deadline_hint")); }
            label { (ctx.t("attr.issuer")) " " input type="text" name="issuer" value=(v(&typed.issuer)); }
            label { (ctx.t("attr.kind")) " "
                select name="task_kind" {
                    option value="directive" selected[typed.task_kind.as_deref() == Some("directive")] { (ctx.t("task.directive")) }
                    option value="commitment" selected[typed.task_kind.as_deref() == Some("commitment")] { (ctx.t("task.commitment")) }
                }
            }
            label { (ctx.t("corr.note")) " " input type="text" name="note" value=(v(&typed.note)); }
            button type="submit" { (ctx.t("corr.add")) }
        }
    }
}

/// The add-task form again after an error: the message in the page's language, what was typed
/// kept, a way back to the document (400).
fn add_task_again(ctx: &Ctx, f: &CorrectionForm, back: &str, msg: &str) -> axum::response::Response {
    let body = html! {
        section.narrow {
            p.crumbs { a href=(back) { "← " (ctx.t("corr.back_to_doc")) } }
            p.error role="alert" { (msg) }
            (add_task_fields(ctx, &f.doc, back, f))
        }
    };
    let mut r = super::layout(ctx, ctx.t("corr.add_task"), "", body);
    *r.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    r
}

/// The correction form's fields.
#[derive(Debug, Deserialize)]
pub struct CorrectionForm {
    doc: String,
    kind: String,
    action: String,
    start: Option<String>,
    end: Option<String>,
    field: Option<String>,
    value: Option<String>,
    note: Option<String>,
    author: Option<String>,
    quote: Option<String>,
    assignee: Option<String>,
    issuer: Option<String>,
    deadline: Option<String>,
    task_kind: Option<String>,
    back: Option<String>,
}

impl CorrectionForm {
    /// An empty add-task form for a document.
    fn blank(doc: &str) -> CorrectionForm {
        CorrectionForm {
            doc: doc.to_string(),
            kind: "task".into(),
            action: "add".into(),
            start: None,
            end: None,
            field: None,
            value: None,
            note: None,
            author: None,
            quote: None,
            assignee: None,
            issuer: None,
            deadline: None,
            task_kind: None,
            back: None,
        }
    }
}

fn num(s: Option<&str>, what: &str) -> Result<Option<usize>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::BadRequest(format!("{what}: not a byte offset"))),
    }
}

/// `POST /corrections` (the forms of the document view).
pub async fn correct(State(st): State<S>, ctx: Ctx, super::W(who): super::W, F(f): F<CorrectionForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let action = match f.action.as_str() {
        "reject" => Action::Reject,
        "edit" => Action::Edit,
        "add" => Action::Add,
        a => return Err(err(AppError::BadRequest(format!("{a:?}: action is reject, edit or add")))),
    };
    let start = num(f.start.as_deref(), "start").map_err(&err)?;
    let end = num(f.end.as_deref(), "end").map_err(&err)?;
    let back = safe_back(f.back.as_deref(), &doc_href(&f.doc, None));
    let author = who.author(f.author.as_deref(), ctx.t("corr.default_author"));
    let value = match action {
        Action::Add if ADDABLE.contains(&f.kind.as_str()) => {
            let mut m = serde_json::Map::new();
            for (k, v) in [("assignee", &f.assignee), ("issuer", &f.issuer), ("deadline", &f.deadline), ("kind", &f.task_kind)] {
                if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
                    m.insert(k.into(), serde_json::Value::String(v.clone()));
                }
            }
            Some(serde_json::Value::Object(m))
        }
        _ => f.value.clone().map(serde_json::Value::String),
    };
    // A deadline the extractor cannot read: said in the page's language, the form kept.
    if action == Action::Add
        && let Some(d) = f.deadline.as_deref().filter(|d| !d.trim().is_empty())
        && chidao_store::corrections::user_deadline_in(d, 2000).is_err()
    {
        return Ok(add_task_again(&ctx, &f, &back, &ctx.t("corr.bad_deadline").replace("{x}", d.trim())));
    }
    let (doc, kind, quote) = (f.doc.clone(), f.kind.clone(), f.quote.clone());
    let (field, note) = (f.field.clone(), f.note.clone());
    let done = st.write(move |s| {
        // An added fact's evidence: the span the page filled from a selection when it holds
        // exactly the quoted words, else the quote found in the text (the occurrence nearest the
        // span, if one was sent). A browser sends a textarea's line breaks as CR LF.
        let q = chidao_text::nfc(quote.as_deref().unwrap_or("").replace("\r\n", "\n").trim()).into_owned();
        let span = match (start, end, action) {
            (Some(a), Some(b), Action::Add) if !q.is_empty() => {
                let text = s.document_text(&doc)?.ok_or_else(|| chidao_store::StoreError::NotFound(format!("{doc}: no such document")))?;
                if text.get(a..b).is_some_and(|t| t == q) { (a, b) } else { find_quote(&text, &q, Some(a))? }
            }
            (Some(a), Some(b), _) => (a, b),
            (_, _, Action::Add) => {
                if q.is_empty() {
                    return Err(chidao_store::StoreError::Invalid("quote: paste or select the words that state the task".into()));
                }
                let text = s.document_text(&doc)?.ok_or_else(|| chidao_store::StoreError::NotFound(format!("{doc}: no such document")))?;
                find_quote(&text, &q, None)?
            }
            _ => return Err(chidao_store::StoreError::Invalid("start, end: which fact?".into())),
        };
        s.add_correction(&NewCorrection { doc, kind, span, action, field, value, note }, &author)
    })
    .await;
    match done {
        Ok(_) => Ok(see_other(&back)),
        Err(AppError::BadRequest(m)) if action == Action::Add => {
            let msg = if m.starts_with("quote:") { ctx.t("corr.bad_quote").to_string() } else { m };
            Ok(add_task_again(&ctx, &f, &back, &msg))
        }
        Err(e) => Err(err(e)),
    }
}

/// Where `quote` stands in `text`: the occurrence nearest `near`, else the first.
fn find_quote(text: &str, quote: &str, near: Option<usize>) -> Result<(usize, usize), chidao_store::StoreError> {
    let at = text
        .match_indices(quote)
        .map(|(i, _)| i)
        .min_by_key(|&i| near.map_or(i, |n| i.abs_diff(n)))
        .ok_or_else(|| chidao_store::StoreError::Invalid("quote: these words are not in the document (copy them exactly)".into()))?;
    Ok((at, at + quote.len()))
}

#[derive(Debug, Deserialize)]
pub struct BackForm {
    back: Option<String>,
}

/// `POST /corrections/{id}/withdraw`.
pub async fn withdraw(State(st): State<S>, ctx: Ctx, _w: super::W, P(id): P<i64>, F(f): F<BackForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let c = st.write(move |s| s.withdraw_correction(id)).await.map_err(&err)?;
    Ok(see_other(&safe_back(f.back.as_deref(), &doc_href(&c.doc, None))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn fact(kind: &str, s: usize, e: usize) -> FactView {
        FactView { kind: kind.into(), span: (s, e), quote: String::new(), attrs: BTreeMap::new(), entity: None, rejected: false, added: false, corrections: vec![], ocr: false }
    }

    #[test]
    fn segments_cover_the_text_and_nest() {
        let text = "Ông Lê Văn A chỉ đạo Công an tỉnh.";
        let facts = vec![fact("task", 0, text.len()), fact("person", 4, 13), fact("org", 24, text.len() - 1)];
        let segs = segments(0, text, &facts, None);
        assert_eq!(segs.first().unwrap().0, 0);
        assert_eq!(segs.last().unwrap().1, text.len());
        for w in segs.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        let person = segs.iter().find(|s| s.0 == 4).unwrap();
        assert_eq!(person.2, vec![0, 1], "innermost last");
        // A part of a longer text: absolute offsets; a fact running past the part is cut there.
        let part = &text[4..24];
        let segs = segments(4, part, &facts, None);
        assert_eq!((segs.first().unwrap().0, segs.last().unwrap().1), (4, 24));
        assert!(segs.iter().all(|s| s.2.contains(&0)), "the task covers the whole part");
    }
}
