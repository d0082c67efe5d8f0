//! Reminders and the report sent upward: iCalendar feeds of deadlines per unit and per
//! directive (`/calendar/…ics`: each deadline an all-day event, a recurring report deadline an
//! RRULE event, each with a link back), the Atom feed of new and overdue tasks
//! (`/feed/tasks.atom`), the "due within 7 / 30 days" view (`/due`), and the report's download
//! (`/report?…&format=docx|xlsx`).

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, EventLike};
use maud::html;
use serde::Deserialize;

use super::dashboard::ScopeParams;
use super::{Ctx, P, PageResult, Q, S, doc_href, layout, page_err, show_date, state_label, url};
use crate::Lang;
use crate::error::AppError;
use crate::report::{Report, ReportFormat};
use chidao_store::office::{OfficeTask, Resolved, unit_path_key};

/// `http://host` of the request (the host guard has already checked the name), for the
/// absolute links a feed or a report carries.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    format!("http://{host}")
}

/// The link back to a task: its page (text, state, log, the sentence in its document).
pub fn task_link(base: &str, t: &chidao_store::TaskRow) -> String {
    format!("{base}/tasks/{}", super::enc(&t.id))
}

fn ics_date(iso: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(iso.get(0..10)?, "%Y-%m-%d").ok()
}

/// `2024-03-05T07:08:09Z` (or a date) as iCalendar UTC time.
fn ics_stamp(iso: &str) -> String {
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    let d = format!("{digits:0<14}");
    format!("{}T{}Z", &d[0..8], &d[8..14])
}

/// An iCalendar of tasks' deadlines: an all-day VEVENT per task with a due day (UID from the
/// task's stable id, DTSTAMP when its document entered the register, SUMMARY in the language
/// of `lang`, URL to the task); a task with a recurring deadline as an RRULE event from its due
/// day (or its document's date).
pub fn calendar(lang: Lang, name: &str, base: &str, tasks: &[&OfficeTask]) -> String {
    // `Calendar::new()` writes its own PRODID: one calendar has exactly one (RFC 5545 3.6).
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new("PRODID", "-//chidao//office reminders//VI"));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    cal.name(name);
    for o in tasks {
        let t = &o.task;
        let start = t.due.as_deref().or(o.recurrence.as_ref().and(t.doc_date.as_deref())).and_then(ics_date);
        let Some(mut start) = start else { continue };
        if let Some(r) = &o.recurrence {
            start = first_occurrence(start, r);
        }
        let who = t.assignee.as_deref().unwrap_or(lang.t("dash.no_unit"));
        let summary = format!("{} {who}: {}", lang.t("cal.due"), short(&t.text, 120));
        let mut description = format!("{}\n{}: {}\n{}: {}", t.text, lang.t("tasks.state"), crate::report::state_name(lang, t.state), lang.t("rep.doc_title"), o.headline.as_deref().unwrap_or(&t.doc));
        if let Some(r) = &o.recurrence {
            description.push_str(&format!("\n{}: {r}", lang.t("cal.recurs")));
        }
        let mut e = icalendar::Event::new();
        e.uid(&format!("task-{}@chidao", t.id))
            .add_property("DTSTAMP", ics_stamp(&o.ingested_at))
            .starts(start)
            .ends(start + chrono::Duration::days(1))
            .summary(&summary)
            .description(&description)
            .url(&task_link(base, t));
        if let Some(r) = &o.recurrence {
            e.add_property("RRULE", r.as_str());
        }
        cal.push(e.done());
    }
    cal.done().to_string()
}

/// The first day on or after `from` that a recurring deadline's `BYMONTH` and `BYMONTHDAY` allow
/// (within a year; `from` itself when the rule names neither). The recurring event starts there:
/// a DTSTART the rule does not produce would be an extra occurrence, and with `INTERVAL=3` a
/// start outside `BYMONTH` would make the quarters never match.
fn first_occurrence(from: chrono::NaiveDate, rrule: &str) -> chrono::NaiveDate {
    use chrono::Datelike;
    let part = |key: &str| -> Option<Vec<u32>> {
        let v = rrule.split(';').find_map(|p| p.strip_prefix(key))?;
        Some(v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
    };
    let (months, days) = (part("BYMONTH="), part("BYMONTHDAY="));
    if months.is_none() && days.is_none() {
        return from;
    }
    from.iter_days()
        .take(400)
        .find(|d| months.as_ref().is_none_or(|m| m.contains(&d.month())) && days.as_ref().is_none_or(|x| x.contains(&d.day())))
        .unwrap_or(from)
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

fn ics_response(body: String, file: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
        ],
        body,
    )
        .into_response()
}

/// `GET /calendar/unit/{key}.ics`: the deadlines of one unit (its key as the dashboard links it).
pub async fn unit_calendar(State(st): State<S>, ctx: Ctx, headers: HeaderMap, P(file): P<String>) -> PageResult {
    let err = page_err(ctx.lang);
    let key = file.strip_suffix(".ics").ok_or_else(|| err(AppError::NotFound(format!("{file}: a calendar ends in .ics"))))?.to_string();
    let k = key.clone();
    let tasks = st.read(move |s| s.office_tasks(&Resolved::unit_key(&k), None)).await.map_err(&err)?;
    let picked: Vec<&OfficeTask> = tasks.iter().collect();
    let name = picked.first().and_then(|o| o.task.assignee.clone()).unwrap_or_else(|| key.clone());
    if picked.is_empty() {
        return Err(err(AppError::NotFound(format!("unit {key:?}: no task of the register is assigned to it"))));
    }
    let body = calendar(ctx.lang, &format!("{} — {name}", ctx.t("cal.name")), &base_url(&headers), &picked);
    Ok(ics_response(body, "chidao-unit.ics"))
}

/// `GET /calendar/user/{name}.ics`: a user's deadlines — the tasks of their unit scope and the
/// tasks whose status they changed. A user with neither gets an empty calendar (valid, and filled
/// as they work); an unknown name a 404.
pub async fn user_calendar(State(st): State<S>, ctx: Ctx, headers: HeaderMap, P(file): P<String>) -> PageResult {
    let err = page_err(ctx.lang);
    let name = file.strip_suffix(".ics").ok_or_else(|| err(AppError::NotFound(format!("{file}: a calendar ends in .ics"))))?.to_string();
    let who = name.clone();
    let (user, followed) = st
        .read(move |s| Ok((s.user(&who)?, s.tasks_updated_by(&who)?)))
        .await
        .map_err(&err)?;
    let user = user.ok_or_else(|| err(AppError::NotFound(format!("user {name:?}: no such user"))))?;
    // The tasks of the user's unit (by index), then those they changed elsewhere, by due day.
    let unit = user.unit_key.clone();
    let tasks = st
        .read(move |s| {
            let mut v = match &unit {
                Some(k) => s.office_tasks(&Resolved::unit_key(k), None)?,
                None => Vec::new(),
            };
            for id in followed.iter().take(FOLLOWED_MAX) {
                if !v.iter().any(|o| o.task.id == *id)
                    && let Some(o) = s.office_task_by_id(id, None)?
                {
                    v.push(o);
                }
            }
            v.sort_by(|a, b| (a.task.due.is_none(), &a.task.due).cmp(&(b.task.due.is_none(), &b.task.due)));
            Ok(v)
        })
        .await
        .map_err(&err)?;
    let picked: Vec<&OfficeTask> = tasks.iter().collect();
    let body = calendar(ctx.lang, &format!("{} — {}", ctx.t("cal.name"), user.name), &base_url(&headers), &picked);
    Ok(ics_response(body, "chidao-user.ics"))
}

/// Most tasks a user changed that their calendar adds to their unit's.
const FOLLOWED_MAX: usize = 2_000;

/// `GET /calendar/directive/{id}.ics`: the deadlines of the tasks implementing a directive.
pub async fn directive_calendar(State(st): State<S>, ctx: Ctx, headers: HeaderMap, P(file): P<String>) -> PageResult {
    let err = page_err(ctx.lang);
    let id: i64 = file
        .strip_suffix(".ics")
        .and_then(|i| i.parse().ok())
        .ok_or_else(|| err(AppError::NotFound(format!("{file}: a directive's calendar is /calendar/directive/ID.ics"))))?;
    let card = st.read(move |s| s.directive_by_id(id)).await.map_err(&err)?.ok_or_else(|| err(AppError::NotFound(format!("directive {id}: not in the register"))))?;
    let tasks = st.read(move |s| s.office_tasks(&Resolved::directive(id), None)).await.map_err(&err)?;
    let picked: Vec<&OfficeTask> = tasks.iter().collect();
    let name = format!("{} — {} {}", ctx.t("cal.name"), card.kind, card.code.clone().unwrap_or(card.number));
    Ok(ics_response(calendar(ctx.lang, &name, &base_url(&headers), &picked), "chidao-directive.ics"))
}

/// Most entries of the Atom feed.
pub const FEED_MAX: usize = 100;

/// Most documents the Atom feed reads, newest first, to find its entries.
pub const FEED_DOCS: usize = 5_000;

/// The Atom feed of new and overdue tasks: the tasks of the documents that entered the register
/// latest, and the open tasks past due, newest first (at most [`FEED_MAX`]; `tasks` as
/// [`chidao_store::Store::newest_tasks`] gives them).
pub fn atom(lang: Lang, base: &str, tasks: &[(OfficeTask, bool)], now: &str) -> String {
    use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
    let time = |iso: &str| -> FixedDateTime {
        let d = ics_stamp(iso);
        chrono::NaiveDateTime::parse_from_str(&d, "%Y%m%dT%H%M%SZ").map(|n| n.and_utc().fixed_offset()).unwrap_or_default()
    };
    let entries: Vec<Entry> = tasks
        .iter()
        .map(|(o, late)| {
            let late = *late;
            let t = &o.task;
            let link = task_link(base, t);
            let title = format!(
                "{}{}: {}",
                if late { lang.t("feed.overdue") } else { lang.t("feed.new") },
                t.assignee.as_deref().map(|a| format!(" — {a}")).unwrap_or_default(),
                short(&t.text, 140)
            );
            let summary = format!(
                "{}: {} · {}: {} · {}",
                lang.t("tasks.state"),
                crate::report::state_name(lang, t.state),
                lang.t("attr.deadline"),
                show_date(lang, t.deadline.as_deref()),
                o.headline.as_deref().unwrap_or(&t.doc)
            );
            Entry {
                id: format!("urn:chidao:task:{}", t.id),
                title: Text::plain(title),
                updated: time(&o.ingested_at),
                links: vec![Link { href: link, rel: "alternate".into(), mime_type: Some("text/html".into()), ..Link::default() }],
                summary: Some(Text::plain(summary)),
                ..Entry::default()
            }
        })
        .collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| time(now));
    let feed = Feed {
        id: "urn:chidao:feed:tasks".into(),
        title: Text::plain(lang.t("feed.title")),
        updated,
        links: vec![
            Link { href: format!("{base}/feed/tasks.atom"), rel: "self".into(), mime_type: Some("application/atom+xml".into()), ..Link::default() },
            Link { href: format!("{base}/tasks"), rel: "alternate".into(), mime_type: Some("text/html".into()), ..Link::default() },
        ],
        authors: vec![atom_syndication::Person { name: "chidao".into(), ..Default::default() }],
        lang: Some(lang.code().into()),
        entries,
        ..Feed::default()
    };
    feed.to_string()
}

/// `GET /feed/tasks.atom`.
pub async fn atom_feed(State(st): State<S>, ctx: Ctx, headers: HeaderMap) -> PageResult {
    let err = page_err(ctx.lang);
    let tasks = st.read(|s| s.newest_tasks(None, FEED_MAX / 2, FEED_MAX - FEED_MAX / 2, FEED_DOCS)).await.map_err(&err)?;
    let body = atom(ctx.lang, &base_url(&headers), &tasks, &chidao_store::dates::now());
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response())
}

/// The due view's query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueParams {
    /// 7 or 30 (any 1–366).
    days: Option<i64>,
    /// A unit.
    unit: Option<String>,
    /// Page language.
    #[allow(dead_code)]
    lang: Option<String>,
}

/// `GET /due?days=7|30`: open tasks due from today to that many days later.
pub async fn due(State(st): State<S>, ctx: Ctx, Q(p): Q<DueParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let days = p.days.unwrap_or(7);
    if !(1..=366).contains(&days) {
        return Err(err(AppError::BadRequest(format!("days {days}: from 1 to 366"))));
    }
    let today = chidao_store::dates::today();
    let scope = ScopeParams { unit: p.unit.clone(), ..ScopeParams::default() }.scope().map_err(&err)?;
    let tasks = st.read(move |s| s.due_within(&s.resolve_scope(&scope)?, None, days)).await.map_err(&err)?;
    let rows: Vec<&OfficeTask> = tasks.iter().collect();
    let body = html! {
        h1 { (ctx.t("due.title")) }
        nav.tabs {
            @for d in [7, 30] {
                a href=(url("/due", &[("days", Some(&d.to_string())), ("unit", p.unit.as_deref())])) class=[(d == days).then_some("active")] { (ctx.t("due.within")) " " (d) " " (ctx.t("due.days")) }
            }
        }
        form.filters method="get" action="/due" {
            input type="hidden" name="days" value=(days);
            label { (ctx.t("dash.unit")) " " input type="text" name="unit" value=(p.unit.clone().unwrap_or_default()) size="20"; }
            button type="submit" { (ctx.t("tasks.filter")) }
        }
        p.sub { (rows.len()) " " (ctx.t("due.count")) " " (show_date(ctx.lang, Some(&today))) "." " " a href="/feed/tasks.atom" { (ctx.t("feed.title")) " (Atom)" } }
        @if rows.is_empty() { p.empty { (ctx.t("tasks.none")) } } @else {
            table.tasks {
                thead { tr { th { (ctx.t("attr.deadline")) } th { (ctx.t("tasks.state")) } th { (ctx.t("attr.assignee")) } th { (ctx.t("tasks.task")) } } }
                tbody {
                    @for o in &rows {
                        tr id=(format!("t-{}", o.task.id)) {
                            td.due { (show_date(ctx.lang, o.task.deadline.as_deref())) }
                            td { span.state { (state_label(&ctx, o.task.state)) } }
                            td.assignee { @if let Some(a) = &o.task.assignee { a href=(format!("/calendar/unit/{}.ics", super::enc(&unit_path_key(a)))) title=(ctx.t("cal.subscribe")) { (a) } } @else { "—" } }
                            td.text { a href=(doc_href(&o.task.doc, Some(o.task.span))) { (o.task.text) } }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(&ctx, ctx.t("due.title"), "due", body))
}

/// `GET /report?directive=…&unit=…&from=…&to=…&format=docx|xlsx`: the report of a scope.
pub async fn report(State(st): State<S>, ctx: Ctx, headers: HeaderMap, Q(p): Q<ScopeParams>) -> PageResult {
    let err = page_err(ctx.lang);
    let format = p.format.as_deref().map_or(Some(ReportFormat::Docx), ReportFormat::parse).ok_or_else(|| err(AppError::BadRequest("format: docx or xlsx".into())))?;
    let scope = p.scope().map_err(&err)?;
    let tasks = {
        let scope = scope.clone();
        st.read(move |s| s.office_tasks(&s.resolve_scope(&scope)?, None)).await.map_err(&err)?
    };
    let r = Report { lang: ctx.lang, scope: &scope, tasks: tasks.iter().collect(), as_of: chidao_store::dates::today(), base: base_url(&headers) };
    let body = match format {
        ReportFormat::Docx => r.docx(),
        ReportFormat::Xlsx => r.xlsx(),
    }
    .map_err(|e| err(AppError::Internal(e.to_string())))?;
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"bao-cao-nhiem-vu.{}\"", format.ext())),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::first_occurrence;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_recurring_deadline_starts_on_its_first_occurrence() {
        let quarterly = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15;BYMONTH=3,6,9,12";
        assert_eq!(first_occurrence(day(2025, 1, 10), quarterly), day(2025, 3, 15));
        assert_eq!(first_occurrence(day(2025, 3, 15), quarterly), day(2025, 3, 15));
        assert_eq!(first_occurrence(day(2025, 3, 16), quarterly), day(2025, 6, 15));
        assert_eq!(first_occurrence(day(2025, 12, 20), "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"), day(2026, 12, 15));
        assert_eq!(first_occurrence(day(2025, 4, 20), "FREQ=MONTHLY;BYMONTHDAY=25"), day(2025, 4, 25));
        assert_eq!(first_occurrence(day(2025, 4, 20), "FREQ=YEARLY"), day(2025, 4, 20));
    }
}
