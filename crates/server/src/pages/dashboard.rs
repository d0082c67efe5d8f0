//! The dashboard of a directive, a unit or a period: tasks by state per unit, the completion
//! and on-time rates coloured red / amber / green (thresholds explained on the page), the most
//! overdue tasks, the trend by month. Charts are SVG written here (no script, no CDN); colours
//! come from the stylesheet's classes `s0`…`s4` (the states in [`TaskState::ALL`] order).

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;

use super::{Ctx, PageResult, Q, S, doc_href, layout, page_err, show_date, state_label, url};
use crate::error::AppError;
use chidao_store::TaskState;
use chidao_store::office::{Counts, Dashboard, Scope};

/// The dashboard's (and the reports' and feeds') scope in a query string.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeParams {
    /// A directive's code, or kind and number.
    pub directive: Option<String>,
    /// A unit; in double quotes, exactly it.
    pub unit: Option<String>,
    /// Period start.
    pub from: Option<String>,
    /// Period end.
    pub to: Option<String>,
    /// A report's format (`docx`, `xlsx`), for `/report`.
    pub format: Option<String>,
    /// Page language (handled by the language extractor).
    #[allow(dead_code)]
    pub lang: Option<String>,
}

impl ScopeParams {
    /// The store's scope (each value at most 200 bytes).
    pub fn scope(&self) -> Result<Scope, AppError> {
        for (k, v) in [("directive", &self.directive), ("unit", &self.unit), ("from", &self.from), ("to", &self.to)] {
            if v.as_deref().is_some_and(|v| v.len() > 200) {
                return Err(AppError::BadRequest(format!("{k}: at most 200 bytes")));
            }
        }
        let b = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        Ok(Scope { directive: b(&self.directive), unit: b(&self.unit), from: b(&self.from), to: b(&self.to) })
    }
}

/// Units shown in the chart (the table lists all).
const CHART_UNITS: usize = 15;
/// Units in the table (the API and the reports give all).
const TABLE_UNITS: usize = 50;
/// Most overdue tasks listed.
pub(crate) const MOST_OVERDUE: usize = 10;

/// The dashboard of a scope (counted in SQL's order as the tasks stream, cached per scope).
pub async fn compute(st: &S, scope: Scope) -> Result<std::sync::Arc<Dashboard>, AppError> {
    st.dashboard(scope, MOST_OVERDUE).await
}

fn rag_label(ctx: &Ctx, c: &Counts) -> Markup {
    match c.rag() {
        Some(r) => html! { span class=(format!("rag rag-{r}")) { (ctx.t(&format!("dash.rag_{r}"))) } },
        None => html! { span.rag { (ctx.t("dash.rag_none")) } },
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// A stacked horizontal bar per unit.
fn units_chart(ctx: &Ctx, d: &Dashboard) -> Markup {
    let units: Vec<_> = d.units.iter().take(CHART_UNITS).collect();
    let max = units.iter().map(|u| u.counts.total()).max().unwrap_or(0).max(1) as f64;
    let (label_w, bar_w, row_h) = (260.0, 460.0, 24.0);
    let h = row_h * units.len() as f64 + 8.0;
    html! {
        svg.chart width="780" height=(format!("{h:.0}")) viewBox=(format!("0 0 780 {h:.0}")) role="img" aria-label=(ctx.t("dash.chart_units")) {
            title { (ctx.t("dash.chart_units")) }
            @for (i, u) in units.iter().enumerate() {
                @let y = 4.0 + row_h * i as f64;
                @let name = u.unit.clone().unwrap_or_else(|| ctx.t("dash.no_unit").to_string());
                text x=(format!("{:.0}", label_w - 8.0)) y=(format!("{:.0}", y + 16.0)) text-anchor="end" class="label" { (short(&name, 38)) }
                @for (s, x, w) in segments(&u.counts, max, bar_w) {
                    rect class=(format!("s{s}")) x=(format!("{:.1}", label_w + x)) y=(format!("{y:.0}")) width=(format!("{w:.1}")) height=(format!("{:.0}", row_h - 6.0)) {
                        title { (name) " — " (state_label(ctx, TaskState::ALL[s])) ": " (u.counts.by_state[s]) }
                    }
                }
                text x=(format!("{:.1}", label_w + bar_w * u.counts.total() as f64 / max + 6.0)) y=(format!("{:.0}", y + 16.0)) class="n" { (u.counts.total()) }
            }
        }
    }
}

/// The state segments of a bar: (state index, start, width) on a `scale`-wide bar for `max`.
fn segments(c: &Counts, max: f64, scale: f64) -> Vec<(usize, f64, f64)> {
    let mut x = 0.0;
    let mut v = Vec::new();
    for (s, n) in c.by_state.iter().enumerate().filter(|(_, n)| **n > 0) {
        let w = scale * *n as f64 / max;
        v.push((s, x, w));
        x += w;
    }
    v
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

/// Stacked columns by month of the due day.
fn months_chart(ctx: &Ctx, d: &Dashboard) -> Markup {
    let max = d.months.iter().map(|(_, c)| c.total()).max().unwrap_or(0).max(1) as f64;
    let (w, h, base) = (780.0, 240.0, 200.0);
    let col = if d.months.is_empty() { 0.0 } else { (w - 40.0) / d.months.len() as f64 };
    html! {
        svg.chart width="780" height="240" viewBox=(format!("0 0 {w:.0} {h:.0}")) role="img" aria-label=(ctx.t("dash.chart_months")) {
            title { (ctx.t("dash.chart_months")) }
            line x1="30" y1=(format!("{base:.0}")) x2=(format!("{w:.0}")) y2=(format!("{base:.0}")) class="axis" {}
            text x="26" y="16" text-anchor="end" class="n" { (max as i64) }
            @for (i, (m, c)) in d.months.iter().enumerate() {
                @let x = 34.0 + col * i as f64;
                @for (s, y0, hh) in segments(c, max, base - 12.0) {
                    rect class=(format!("s{s}")) x=(format!("{x:.1}")) y=(format!("{:.1}", base - y0 - hh)) width=(format!("{:.1}", (col - 4.0).max(1.0))) height=(format!("{hh:.1}")) {
                        title { (show_date(ctx.lang, Some(m))) " — " (state_label(ctx, TaskState::ALL[s])) ": " (c.by_state[s]) }
                    }
                }
                @if d.months.len() <= 12 || i % 2 == 0 {
                    text x=(format!("{:.1}", x + (col - 4.0) / 2.0)) y=(format!("{:.0}", base + 16.0)) text-anchor="middle" class="label" { (m.get(5..7).unwrap_or("")) "/" (m.get(2..4).unwrap_or("")) }
                }
            }
        }
    }
}

fn legend(ctx: &Ctx) -> Markup {
    html! {
        ul.legend {
            @for (i, s) in TaskState::ALL.iter().enumerate() {
                li { svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" { rect class=(format!("s{i}")) width="12" height="12" {} } " " (state_label(ctx, *s)) }
            }
        }
    }
}

/// The links that download a scope's report and subscribe to its calendar.
pub fn downloads(ctx: &Ctx, p: &ScopeParams, calendar: Option<String>) -> Markup {
    let link = |f: &str| {
        url("/report", &[("directive", p.directive.as_deref()), ("unit", p.unit.as_deref()), ("from", p.from.as_deref()), ("to", p.to.as_deref()), ("format", Some(f))])
    };
    html! {
        p.export {
            (ctx.t("rep.download")) ": "
            a href=(link("docx")) download { "DOCX" } " · "
            a href=(link("xlsx")) download { "XLSX" }
            @if let Some(c) = calendar { " · " a href=(c) { (ctx.t("cal.subscribe")) } }
        }
    }
}

/// `GET /dashboard`.
pub async fn page(State(st): State<S>, ctx: Ctx, Q(p): Q<ScopeParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let scope = p.scope().map_err(&err)?;
    let d = compute(&st, scope.clone()).await.map_err(&err)?;
    let val = |v: &Option<String>| v.clone().unwrap_or_default();
    let c = &d.counts;
    let calendar = match (&scope.directive, &scope.unit) {
        (_, Some(u)) => Some(format!("/calendar/unit/{}.ics", super::enc(&chidao_store::office::unit_path_key(u.trim().trim_matches('"'))))),
        (Some(dir), None) => {
            let dir = dir.clone();
            st.read(move |s| Ok(s.directives(&dir, true)?.first().map(|c| c.id))).await.map_err(&err)?.map(|id| format!("/calendar/directive/{id}.ics"))
        }
        _ => None,
    };
    let body = html! {
        h1 { (ctx.t("dash.title")) }
        form.filters method="get" action="/dashboard" {
            label { (ctx.t("f.directive")) " " input type="text" name="directive" value=(val(&p.directive)) placeholder="27-KH/TU" size="12"; }
            label { (ctx.t("dash.unit")) " " input type="text" name="unit" value=(val(&p.unit)) size="20"; }
            label { (ctx.t("f.from")) " " input type="text" name="from" value=(val(&p.from)) size="10" placeholder="1/1/2024"; }
            label { (ctx.t("f.to")) " " input type="text" name="to" value=(val(&p.to)) size="10" placeholder="31/12/2024"; }
            button type="submit" { (ctx.t("tasks.filter")) }
        }
        p.sub { (ctx.t("dash.as_of")) " " (show_date(ctx.lang, Some(&d.as_of))) ". " (ctx.t("dash.period_rule")) }
        (downloads(&ctx, &p, calendar))
        section.kpis {
            div.kpi { span.big { (c.total()) } span { (ctx.t("tasks.total")) } }
            div.kpi { span.big { (pct(c.completion())) } span { (ctx.t("dash.completion")) } }
            div.kpi { span.big { (pct(c.on_time())) } span { (ctx.t("dash.on_time")) " " (rag_label(&ctx, c)) } }
            @for (i, s) in TaskState::ALL.iter().enumerate() {
                div.kpi { span class=(format!("big k{i}")) { (c.by_state[i]) } span { a href=(url("/tasks", &[("state", Some(s.code())), ("directive", scope.directive.as_deref()), ("assignee", scope.unit.as_deref())])) { (state_label(&ctx, *s)) } } }
            }
        }
        details.thresholds open {
            summary { (ctx.t("dash.thresholds_title")) }
            p { (ctx.t("dash.thresholds")) }
            p.sub { (ctx.t("dash.thresholds_source")) }
        }
        h2 { (ctx.t("dash.by_unit")) }
        @if d.units.is_empty() { p.empty { (ctx.t("tasks.none")) } } @else {
            (legend(&ctx))
            (units_chart(&ctx, &d))
            table.list.units {
                thead { tr {
                    th { (ctx.t("dash.unit")) }
                    @for s in TaskState::ALL { th.n { (state_label(&ctx, s)) } }
                    th.n { (ctx.t("tasks.total")) } th.n { (ctx.t("dash.completion")) } th { (ctx.t("dash.on_time")) }
                } }
                tbody {
                    @for u in d.units.iter().take(TABLE_UNITS) {
                        tr {
                            td { @match &u.unit {
                                Some(n) => a href=(url("/dashboard", &[("unit", Some(&format!("\"{n}\""))), ("directive", p.directive.as_deref()), ("from", p.from.as_deref()), ("to", p.to.as_deref())])) { (n) },
                                None => (ctx.t("dash.no_unit")),
                            } }
                            @for n in &u.counts.by_state { td.n { (n) } }
                            td.n { (u.counts.total()) }
                            td.n { (pct(u.counts.completion())) }
                            td { (pct(u.counts.on_time())) " " (rag_label(&ctx, &u.counts)) }
                        }
                    }
                }
            }
        }
        @if d.units.len() > TABLE_UNITS { p.sub { (ctx.t("dash.more_units")) " " (d.units.len() - TABLE_UNITS) " — " (ctx.t("dash.more_units_how")) } }
        h2 { (ctx.t("dash.most_overdue")) }
        @if d.most_overdue.is_empty() { p.empty { (ctx.t("dash.none_overdue")) } } @else {
            table.list.overdue {
                thead { tr { th { (ctx.t("attr.deadline")) } th.n { (ctx.t("dash.days_late")) } th { (ctx.t("attr.assignee")) } th { (ctx.t("tasks.task")) } } }
                tbody {
                    @for o in &d.most_overdue {
                        tr.overdue {
                            td.due { (show_date(ctx.lang, o.task.deadline.as_deref())) }
                            td.n { (o.days) }
                            td { (o.task.assignee.clone().unwrap_or_else(|| "—".into())) }
                            td { a href=(doc_href(&o.task.doc, Some(o.task.span))) { (o.task.text) } }
                        }
                    }
                }
            }
        }
        h2 { (ctx.t("dash.trend")) }
        @if d.months.is_empty() { p.empty { (ctx.t("tasks.none")) } } @else {
            (months_chart(&ctx, &d))
            @if d.undated > 0 { p.sub { (d.undated) " " (ctx.t("dash.undated")) } }
        }
    };
    Ok(layout(&ctx, ctx.t("dash.title"), "dashboard", body))
}
