//! What a staff office reads off the register (issue 13): the lists of directives and people
//! (searchable, sortable, paged), a person's directed tasks and chaired events, the dashboard of
//! a directive, a unit or a period (tasks by state per unit, rates, the most overdue, the trend by
//! month), and the task rows the reports and calendar feeds are written from.
//!
//! The lists are read whole once (one query each) and then filtered, sorted and paged in memory:
//! the server caches them until the register changes. The tasks of a dashboard, a report or a
//! feed are read by scope from the register, by index, and counted as they stream
//! ([`Store::office_each`], [`Store::dashboard`]): nothing holds the register's every task.

use std::collections::{BTreeMap, HashMap};

use chidao_text::ascii_fold::ascii_fold;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::db::args;
use crate::query::{TIER_LISTED_SQL, TaskFilter, TaskRow, TaskState, apply_task_corrections, directive_ids, json_ids, original_sql, stream, task_row};
use crate::Store;
use crate::dates::{self, day_number};

/// A directive (any cited document) as a row of the list.
#[derive(Debug, Clone, Serialize)]
pub struct DirectiveSummary {
    /// Register id.
    pub id: i64,
    /// Kind ("Chỉ thị").
    pub kind: String,
    /// Number as first written.
    pub number: String,
    /// Canonical code.
    pub code: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date (ISO, maybe partial).
    pub date: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Original documents citing it (near-copies not counted).
    pub citing: i64,
    /// Its listed tasks by state, in the order of [`TaskState::ALL`].
    pub tasks: [i64; 5],
    /// Doubtful (see [`crate::confidence::DIRECTIVE_CONFIDENT_SQL`]): listed only when asked.
    pub doubtful: bool,
    #[serde(skip)]
    folded: String,
}

impl DirectiveSummary {
    /// Tasks implementing it (listed ones).
    pub fn task_total(&self) -> i64 {
        self.tasks.iter().sum()
    }

    /// How it is named: the code, else kind and number.
    pub fn label(&self) -> String {
        match &self.code {
            Some(c) => format!("{} {c}", self.kind),
            None => format!("{} {}", self.kind, self.number),
        }
    }

    /// The value that finds it again as a filter (task board, dashboard, report): the code,
    /// else kind and number.
    pub fn filter_value(&self) -> String {
        self.code.clone().unwrap_or_else(|| format!("{} {}", self.kind, self.number))
    }
}

/// A person as a row of the list.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    /// Register id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Latest rank.
    pub rank: Option<String>,
    /// The role read in the latest document giving one.
    pub title: Option<String>,
    /// Its organisation part.
    pub org: Option<String>,
    /// Original documents naming them.
    pub documents: i64,
    /// Doubtful (see [`crate::confidence::person_confident_sql`]): listed only when asked.
    pub doubtful: bool,
    #[serde(skip)]
    folded: String,
}

/// How a list is asked for: words to find (diacritics optional), a column to sort by, paging.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Words every row must contain (folded: "cong an" finds "Công an").
    pub q: Option<String>,
    /// Column (directives: code, kind, issuer, date, citing, tasks, overdue; people: name,
    /// title, org, documents). Default: citing (directives), documents (people).
    pub sort: Option<String>,
    /// Descending (`desc`) or ascending (`asc`); default descending for counts and dates,
    /// ascending for names.
    pub order: Option<String>,
    /// Rows to skip.
    pub offset: usize,
    /// Most rows.
    pub limit: usize,
    /// Also the doubtful rows (people without an official role or rank, directives named by a
    /// bare kind and number once), hidden by default.
    pub doubtful: bool,
}

/// A page of a list and how many rows matched.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage<T> {
    /// Rows matched in all.
    pub total: usize,
    /// This page's rows.
    pub rows: Vec<T>,
}

/// The directive list's sortable columns.
pub const DIRECTIVE_SORTS: [&str; 7] = ["code", "kind", "issuer", "date", "citing", "tasks", "overdue"];
/// The people list's sortable columns.
pub const PEOPLE_SORTS: [&str; 4] = ["name", "title", "org", "documents"];

fn words(q: Option<&str>) -> Vec<String> {
    q.map(|q| ascii_fold(q).split_whitespace().map(str::to_string).collect()).unwrap_or_default()
}

fn check_sort(sort: Option<&str>, allowed: &[&str], default: &'static str) -> Result<String> {
    match sort.filter(|s| !s.is_empty()) {
        None => Ok(default.to_string()),
        Some(s) if allowed.contains(&s) => Ok(s.to_string()),
        Some(s) => Err(StoreError::Invalid(format!("sort {s:?}: one of {}", allowed.join(", ")))),
    }
}

fn descending(order: Option<&str>, default: bool) -> Result<bool> {
    match order.filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some("desc") => Ok(true),
        Some("asc") => Ok(false),
        Some(o) => Err(StoreError::Invalid(format!("order {o:?}: asc or desc"))),
    }
}

/// Text compared without case or diacritics, a missing value last.
fn text_key(v: &Option<String>) -> (bool, String) {
    (v.is_none(), v.as_deref().map(ascii_fold).unwrap_or_default())
}

fn page<T: Clone>(rows: Vec<&T>, offset: usize, limit: usize) -> ListPage<T> {
    ListPage { total: rows.len(), rows: rows.into_iter().skip(offset).take(limit).cloned().collect() }
}

/// Picks a page of the directive list (every directive, as [`Store::directive_list`] reads it).
pub fn select_directives(all: &[DirectiveSummary], q: &ListQuery) -> Result<ListPage<DirectiveSummary>> {
    let sort = check_sort(q.sort.as_deref(), &DIRECTIVE_SORTS, "citing")?;
    let desc = descending(q.order.as_deref(), !matches!(sort.as_str(), "code" | "kind" | "issuer"))?;
    let w = words(q.q.as_deref());
    let mut rows: Vec<&DirectiveSummary> =
        all.iter().filter(|d| (q.doubtful || !d.doubtful) && w.iter().all(|x| d.folded.contains(x.as_str()))).collect();
    let overdue = TaskState::ALL.iter().position(|s| *s == TaskState::OpenOverdue).unwrap_or(3);
    rows.sort_by(|a, b| {
        let o = match sort.as_str() {
            "code" => text_key(&a.code).cmp(&text_key(&b.code)),
            "kind" => ascii_fold(&a.kind).cmp(&ascii_fold(&b.kind)),
            "issuer" => text_key(&a.issuer).cmp(&text_key(&b.issuer)),
            "date" => a.date.cmp(&b.date),
            "tasks" => a.task_total().cmp(&b.task_total()),
            "overdue" => a.tasks[overdue].cmp(&b.tasks[overdue]),
            _ => a.citing.cmp(&b.citing),
        };
        let o = if desc { o.reverse() } else { o };
        o.then(a.id.cmp(&b.id))
    });
    Ok(page(rows, q.offset, q.limit))
}

/// Picks a page of the people list (as [`Store::people_list`] reads it).
pub fn select_people(all: &[PersonSummary], q: &ListQuery) -> Result<ListPage<PersonSummary>> {
    let sort = check_sort(q.sort.as_deref(), &PEOPLE_SORTS, "documents")?;
    let desc = descending(q.order.as_deref(), sort == "documents")?;
    let w = words(q.q.as_deref());
    let mut rows: Vec<&PersonSummary> =
        all.iter().filter(|p| (q.doubtful || !p.doubtful) && w.iter().all(|x| p.folded.contains(x.as_str()))).collect();
    rows.sort_by(|a, b| {
        let o = match sort.as_str() {
            "name" => ascii_fold(&a.name).cmp(&ascii_fold(&b.name)),
            "title" => text_key(&a.title).cmp(&text_key(&b.title)),
            "org" => text_key(&a.org).cmp(&text_key(&b.org)),
            _ => a.documents.cmp(&b.documents),
        };
        let o = if desc { o.reverse() } else { o };
        o.then(a.id.cmp(&b.id))
    });
    Ok(page(rows, q.offset, q.limit))
}

/// The role a list shows for a person: the latest (`roles` is latest first, as `(key, role,
/// org)`); when that one names no organisation (a bare or cut title: "Trưởng", "Phó Thủ
/// tướng") and a longer role of the person begins with it, the latest such continuation that
/// names one, else the latest continuation — "Trưởng" is shown as "Trưởng đơn vị Mắt Bệnh
/// viện Nhi đồng" when the person was named so elsewhere. A role that names its organisation is
/// kept as read, and a later role that does not continue the latest (a promotion: "Chủ tịch"
/// after "Phó Chủ tịch") is not looked at.
pub fn fullest_role(roles: &[(String, String, Option<String>)]) -> Option<(String, Option<String>)> {
    let latest = roles.first()?;
    if latest.2.is_some() {
        return Some((latest.1.clone(), latest.2.clone()));
    }
    let prefix = format!("{} ", latest.0);
    let mut longer = roles.iter().filter(|(k, ..)| k.starts_with(&prefix));
    let best = longer.clone().find(|r| r.2.is_some()).or_else(|| longer.next()).unwrap_or(latest);
    Some((best.1.clone(), best.2.clone()))
}

/// A task with what the office's views need beyond [`TaskRow`]: the directives it implements
/// (register ids) and its recurring deadline.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeTask {
    /// The task, user corrections applied, refs filled.
    pub task: TaskRow,
    /// Directives it implements (register ids).
    pub directives: Vec<i64>,
    /// A recurring deadline (RRULE-like, `FREQ=…`), when its item states one.
    pub recurrence: Option<String>,
    /// The document's headline.
    pub headline: Option<String>,
    /// When the document entered the register (ISO date and time).
    pub ingested_at: String,
}

/// Which tasks a dashboard, a report or a feed covers. Every part is optional.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scope {
    /// A directive: its code ("27-KH/TU") or kind and number ("Chỉ thị 35").
    pub directive: Option<String>,
    /// A unit (assignee): its words, diacritics optional; in double quotes, exactly that unit.
    pub unit: Option<String>,
    /// Period start (user date): tasks due on or after it (a task without a deadline: its
    /// document's date).
    pub from: Option<String>,
    /// Period end (user date, inclusive).
    pub to: Option<String>,
}

impl Scope {
    /// True when nothing narrows it.
    pub fn is_all(&self) -> bool {
        [&self.directive, &self.unit, &self.from, &self.to].iter().all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

/// A scope checked against the register: directive ids, unit key, ISO period bounds.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    directives: Option<Vec<i64>>,
    unit: Option<(String, bool)>,
    from: Option<String>,
    to: Option<String>,
}

impl Store {
    /// Every directive of the register (the doubtful ones marked, see
    /// [`crate::confidence::DIRECTIVE_CONFIDENT_SQL`]) with its citing documents and its listed
    /// tasks by state (as of `as_of`, default today).
    pub fn directive_list(&self, as_of: Option<&str>) -> Result<Vec<DirectiveSummary>> {
        let as_of = as_of_day(as_of)?;
        let db = self.db();
        let mut out: Vec<DirectiveSummary> = db.rows(
            &format!(
                "SELECT dr.id, dr.kind, dr.number, dr.code, dr.issuer, dr.date, dr.title,
                        (SELECT COUNT(DISTINCT m.doc) FROM directive_mentions m JOIN documents d ON d.id = m.doc
                         WHERE m.directive = dr.id AND m.rule <> 'same_text' AND d.dup_of IS NULL),
                        NOT {}
                 FROM directives dr ORDER BY dr.id",
                crate::confidence::DIRECTIVE_CONFIDENT_SQL
            ),
            args![],
            |r| {
                Ok(DirectiveSummary {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    number: r.get(2)?,
                    code: r.get(3)?,
                    issuer: r.get(4)?,
                    date: r.get(5)?,
                    title: r.get(6)?,
                    citing: r.get(7)?,
                    tasks: [0; 5],
                    doubtful: r.get(8)?,
                    folded: String::new(),
                })
            },
        )?;
        let at: HashMap<i64, usize> = out.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        db.each(
            &format!(
                "SELECT DISTINCT r.directive, t.id, t.due, s.completed_on FROM task_refs r JOIN tasks t ON t.id = r.task
                 JOIN documents d ON d.id = t.doc LEFT JOIN task_status s ON s.key = t.key
                 WHERE r.directive IS NOT NULL AND d.dup_of IS NULL AND {TIER_LISTED_SQL}"
            ),
            args![],
            |r| {
                let Some(&i) = at.get(&r.get::<i64>(0)?) else { return Ok(()) };
                let state = TaskState::compute(r.get::<Option<String>>(2)?.as_deref(), r.get::<Option<String>>(3)?.as_deref(), &as_of);
                out[i].tasks[state_index(state)] += 1;
                Ok(())
            },
        )?;
        for d in &mut out {
            d.folded = ascii_fold(&[Some(d.kind.as_str()), Some(d.number.as_str()), d.code.as_deref(), d.issuer.as_deref(), d.title.as_deref()].iter().flatten().copied().collect::<Vec<_>>().join(" "));
        }
        Ok(out)
    }

    /// The people of the register named in some original document (the doubtful ones marked,
    /// see [`crate::confidence::person_confident_sql`]), with their latest role (the most
    /// complete of its kind, see [`fullest_role`]) and how many documents name them.
    pub fn people_list(&self) -> Result<Vec<PersonSummary>> {
        let db = self.db();
        let mut out: Vec<PersonSummary> = db.rows(
            &format!(
                "SELECT p.id, p.name, p.rank,
                        (SELECT COUNT(DISTINCT m.doc) FROM person_mentions m JOIN documents d ON d.id = m.doc WHERE m.person = p.id AND d.dup_of IS NULL),
                        NOT {}
                 FROM persons p ORDER BY p.id",
                crate::confidence::person_confident_sql()
            ),
            args![],
            |r| {
                Ok(PersonSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    rank: r.get(2)?,
                    documents: r.get(3)?,
                    doubtful: r.get(4)?,
                    title: None,
                    org: None,
                    folded: String::new(),
                })
            },
        )?;
        out.retain(|p| p.documents > 0);
        // Each person's roles, latest document first.
        let mut roles: HashMap<i64, Vec<(String, String, Option<String>)>> = HashMap::new();
        db.each(
            "SELECT r.person, r.key, r.role, r.org FROM person_roles r JOIN documents d ON d.id = r.doc WHERE d.dup_of IS NULL
             ORDER BY r.person, d.date IS NULL, d.date DESC, d.id DESC, r.start",
            args![],
            |r| {
                roles.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?));
                Ok(())
            },
        )?;
        for p in &mut out {
            if let Some((role, org)) = roles.get(&p.id).and_then(|rs| fullest_role(rs)) {
                (p.title, p.org) = (Some(role), org);
            }
            p.folded = ascii_fold(&[Some(p.name.as_str()), p.rank.as_deref(), p.title.as_deref(), p.org.as_deref()].iter().flatten().copied().collect::<Vec<_>>().join(" "));
        }
        Ok(out)
    }

    /// The listed tasks a person directed: tasks whose issuer is the person's name as written in
    /// the same document (so a namesake's tasks elsewhere are not theirs). Read from the
    /// person's names by document, each document's tasks by index (not every task of every
    /// document naming them, each checked against the document's mentions). The first `limit`
    /// (the earliest due first), and how many are listed in all: the others are only counted
    /// (the most named person of a register of 1.2 million documents directed 12,299 listed
    /// tasks, and their page shows 100).
    pub fn tasks_directed_by(&self, person: i64, limit: usize) -> Result<(Vec<TaskRow>, usize)> {
        let as_of = dates::today();
        let ov = self.overlay(None, Some("task"))?;
        let mut out = Vec::new();
        let mut total = 0;
        self.db().each(
            // (`+t.doc`: the document's row is read for the tasks found, not first for every
            // document naming the person, as the planner chose from `t.doc = pm.doc`.)
            &format!(
                "SELECT {} FROM (SELECT DISTINCT doc, name FROM person_mentions WHERE person = ?1) pm
                 JOIN tasks t ON t.doc = pm.doc AND t.issuer = pm.name
                 JOIN documents d ON d.id = +t.doc LEFT JOIN task_status s ON s.key = t.key
                 WHERE d.dup_of IS NULL
                 ORDER BY t.due IS NULL, t.due, t.id",
                crate::query::TASK_COLUMNS
            ),
            args![person],
            |r| {
                if out.len() < limit {
                    if let Some(t) = apply_task_corrections(task_row(r, &as_of)?, &ov, &as_of).filter(TaskRow::listed) {
                        out.push(t);
                        total += 1;
                    }
                } else if crate::query::task_listed_corrected(&ov, &r.get::<String>(9)?, (r.get(11)?, r.get(12)?), r.get::<Option<String>>(15)?.as_deref()) {
                    total += 1;
                }
                Ok(())
            },
        )?;
        Ok((out, total))
    }

    /// The events a person chaired, by date.
    pub fn events_chaired_by(&self, person: i64) -> Result<Vec<crate::EventRow>> {
        let db = self.db();
        let events: Vec<(i64, String, Option<String>, Option<String>)> = db.rows(
            "SELECT e.id, e.kind, e.date, e.place FROM events e WHERE e.chair = ?1
             AND EXISTS (SELECT 1 FROM event_mentions m JOIN documents d ON d.id = m.doc WHERE m.event = e.id AND d.dup_of IS NULL)
             ORDER BY e.date IS NULL, e.date, e.id LIMIT 500",
            args![person],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        if events.is_empty() {
            return Ok(Vec::new());
        }
        // The first five original passages of each event, all events in one statement.
        let ids: Vec<i64> = events.iter().map(|e| e.0).collect();
        let mut evidence: HashMap<i64, Vec<crate::Evidence>> = HashMap::new();
        db.each(
            &format!(
                "SELECT event, ext_id, date, headline, start, \"end\" FROM (
                   SELECT m.event, d.ext_id, d.date, d.headline, m.start, m.\"end\",
                          ROW_NUMBER() OVER (PARTITION BY m.event ORDER BY d.date, d.ext_id, m.rowid) AS n
                   FROM event_mentions m JOIN documents d ON d.id = m.doc
                   WHERE m.event IN ({}) AND {}) x
                 WHERE n <= 5 ORDER BY event, n",
                db.ints_in("?1"),
                original_sql(db)
            ),
            args![json_ids(&ids)],
            |r| {
                let ev = crate::Evidence { doc: r.get(1)?, date: r.get(2)?, headline: r.get(3)?, span: (r.get::<usize>(4)?, r.get::<usize>(5)?), corrected: false };
                evidence.entry(r.get(0)?).or_default().push(ev);
                Ok(())
            },
        )?;
        let name: Option<String> = db.row_opt("SELECT name FROM persons WHERE id = ?1", args![person], |r| r.get(0))?;
        Ok(events
            .into_iter()
            .map(|(id, kind, date, place)| crate::EventRow {
                id,
                kind,
                date,
                chair: name.clone().map(|n| (person, n)),
                place,
                evidence: evidence.remove(&id).unwrap_or_default(),
                also: Vec::new(),
            })
            .collect())
    }

    /// The listed tasks of a scope (user corrections applied, each repost once, tasks a user
    /// added last), streamed as of `as_of` (ISO day) in the office's order: those with a
    /// deadline by due day, then the others, confident first, oldest first. The scope's
    /// directive, unit and period are conditions of the board's SQL (see
    /// [`crate::query`]'s `TaskFilter`), so a narrow scope reads its few tasks by index and
    /// nothing is held but what `visit` keeps. Without `reasons` the rows' reasons are left empty
    /// (counting needs none). `visit` returns false to stop.
    pub fn office_each(&self, scope: &Resolved, as_of: &str, reasons: bool, visit: impl FnMut(TaskRow) -> bool) -> Result<()> {
        let f = scope.filter(as_of);
        self.office_stream(&f, reasons, visit)
    }

    fn office_stream(&self, f: &TaskFilter, reasons: bool, mut visit: impl FnMut(TaskRow) -> bool) -> Result<()> {
        let ov = self.overlay(None, Some("task"))?;
        let mut go = true;
        self.each_task(f, &ov, reasons, |t| {
            go = visit(t);
            go
        })?;
        if go && f.directives_none() {
            // An added task implements no directive.
            for t in crate::query::added_tasks(self, &ov, &f.as_of, None)? {
                if f.keep(&t) && !visit(t) {
                    break;
                }
            }
        }
        Ok(())
    }

    /// The listed tasks of a scope as of `as_of` (default today), with what the reports and
    /// calendars show beyond the task (see [`Store::office_each`]): every task of the scope, so
    /// a report of a whole archive holds its every task.
    pub fn office_tasks(&self, scope: &Resolved, as_of: Option<&str>) -> Result<Vec<OfficeTask>> {
        let as_of = as_of_day(as_of)?;
        let mut rows = Vec::new();
        self.office_each(scope, &as_of, true, |t| {
            rows.push(t);
            true
        })?;
        self.office_tasks_of(rows)
    }

    /// A task with its directives, recurrence, document headline and arrival.
    fn office_task(&self, t: TaskRow) -> Result<OfficeTask> {
        self.office_tasks_of(vec![t])?.pop().ok_or_else(|| StoreError::NotFound("a task's document".into()))
    }

    /// Tasks with their directives, refs, reasons, recurrence, document headline and arrival,
    /// in their order: three statements for them all (task refs, tasks, documents of added tasks).
    fn office_tasks_of(&self, tasks: Vec<TaskRow>) -> Result<Vec<OfficeTask>> {
        let db = self.db();
        let rows: Vec<i64> = tasks.iter().map(|t| t.row).filter(|r| *r > 0).collect();
        let mut refs: HashMap<i64, (Vec<i64>, Vec<String>)> = HashMap::new();
        // By task row: its reasons (JSON), recurrence, document headline and arrival.
        type More = (Option<String>, Option<String>, Option<String>, String);
        let mut more: HashMap<i64, More> = HashMap::new();
        if !rows.is_empty() {
            let ids = json_ids(&rows);
            db.each(
                &format!("SELECT task, directive, ref FROM task_refs WHERE task IN ({}) ORDER BY task, rowid", db.ints_in("?1")),
                args![ids],
                |r| {
                    let e = refs.entry(r.get(0)?).or_default();
                    e.0.extend(r.get::<Option<i64>>(1)?);
                    e.1.push(r.get(2)?);
                    Ok(())
                },
            )?;
            db.each(
                &format!("SELECT t.id, t.reasons, t.recurrence, d.headline, d.ingested_at FROM tasks t JOIN documents d ON d.id = t.doc WHERE t.id IN ({})", db.ints_in("?1")),
                args![ids],
                |r| {
                    more.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
                    Ok(())
                },
            )?;
        }
        // Tasks a user added: their documents' headline and arrival.
        let added: Vec<&str> = tasks.iter().filter(|t| t.row <= 0).map(|t| t.doc.as_str()).collect();
        let mut docs: HashMap<String, (Option<String>, String)> = HashMap::new();
        if !added.is_empty() {
            let json = serde_json::to_string(&added).map_err(|e| StoreError::Invalid(e.to_string()))?;
            db.each(
                &format!("SELECT ext_id, headline, ingested_at FROM documents WHERE ext_id IN ({})", db.texts_in("?1")),
                args![json],
                |r| {
                    docs.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
                    Ok(())
                },
            )?;
        }
        tasks
            .into_iter()
            .map(|mut t| {
                if t.row > 0 {
                    let (reasons, recurrence, headline, ingested_at) =
                        more.get(&t.row).cloned().ok_or_else(|| StoreError::NotFound(format!("task {}: gone from the register", t.id)))?;
                    let (directives, r) = refs.get(&t.row).cloned().unwrap_or_default();
                    t.refs = r;
                    t.reasons = crate::query::parse_reasons(reasons.as_deref());
                    return Ok(OfficeTask { task: t, directives, recurrence, headline, ingested_at });
                }
                let (headline, ingested_at) = docs.get(&t.doc).cloned().ok_or_else(|| StoreError::NotFound(format!("{}: no such document", t.doc)))?;
                Ok(OfficeTask { task: t, directives: Vec::new(), recurrence: None, headline, ingested_at })
            })
            .collect()
    }

    /// A task by its stable id with what the calendars show, when it is listed.
    pub fn office_task_by_id(&self, id: &str, as_of: Option<&str>) -> Result<Option<OfficeTask>> {
        match self.task(id, as_of)? {
            Some(t) if t.listed() => Ok(Some(self.office_task(t)?)),
            _ => Ok(None),
        }
    }

    /// The dashboard of a scope as of `as_of` (default today), its tasks counted as they are
    /// streamed (see [`Store::office_each`]): what it holds is a count per unit and month and the
    /// `overdue` tasks longest past due, whatever the register's size.
    pub fn dashboard(&self, scope: &Resolved, as_of: Option<&str>, overdue: usize) -> Result<Dashboard> {
        let as_of = as_of_day(as_of)?;
        let mut b = DashboardBuilder::new(overdue);
        self.office_each(scope, &as_of, false, |t| {
            b.add_row(t);
            true
        })?;
        let mut d = b.finish(&as_of);
        // Counting read no reasons and no directives: the few tasks shown get theirs.
        let shown: Vec<TaskRow> = d.most_overdue.iter().filter(|o| o.task.row > 0).map(|o| o.task.clone()).collect();
        let mut full = self.office_tasks_of(shown)?.into_iter();
        for o in d.most_overdue.iter_mut().filter(|o| o.task.row > 0) {
            if let Some(x) = full.next() {
                o.task = x.task;
            }
        }
        Ok(d)
    }

    /// Open tasks due from `as_of` (default today) to `days` days later, of a scope, by due day
    /// (their deadlines read by index: the cost is the days' tasks, not the register's).
    pub fn due_within(&self, scope: &Resolved, as_of: Option<&str>, days: i64) -> Result<Vec<OfficeTask>> {
        let as_of = as_of_day(as_of)?;
        let Some(today) = day_number(&as_of) else { return Ok(Vec::new()) };
        let mut f = scope.filter(&as_of).with_state(TaskState::OpenInTime);
        f.set_period(Some(as_of.clone()), Some(dates::day_iso(today + days)));
        let mut rows = Vec::new();
        self.office_stream(&f, true, |t| {
            rows.push(t);
            true
        })?;
        rows.sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));
        self.office_tasks_of(rows)
    }

    /// The Atom feed's tasks: the listed tasks of the documents that entered the register
    /// latest, newest first — at most `new` of those not overdue and `overdue` (fewer when
    /// there are more than `new` … see below) of those past due — each sentence once (its latest
    /// copy). Documents are read newest first by index and the reading stops when both are
    /// found, or after `max_docs` documents: the cost is the newest documents', not the
    /// register's. Returns the tasks with whether each is overdue, newest first.
    pub fn newest_tasks(&self, as_of: Option<&str>, new: usize, overdue: usize, max_docs: usize) -> Result<Vec<(OfficeTask, bool)>> {
        let as_of = as_of_day(as_of)?;
        let ov = self.overlay(None, Some("task"))?;
        let mut seen = crate::query::Reposts::default();
        let mut picked: Vec<(TaskRow, String)> = Vec::new();
        let (mut n_new, mut n_late) = (0, 0);
        let mut docs = 0;
        let mut last: Option<String> = None;
        let mut last_doc = String::new();
        let db = self.db();
        // Documents newest first, by index on SQLite (CROSS JOIN and `+d.dup_of` keep the planner
        // on `documents_ingested`).
        let join = db.pick("documents d CROSS JOIN tasks t ON t.doc = d.id", "documents d JOIN tasks t ON t.doc = d.id");
        let sql = format!(
            "SELECT {}, d.ingested_at FROM {join} LEFT JOIN task_status s ON s.key = t.key WHERE {} ORDER BY d.ingested_at DESC, d.id DESC, t.id",
            crate::query::TASK_COLUMNS,
            original_sql(db)
        );
        stream(db, &sql, args![], |r| {
            let at: String = r.get(crate::query::TASK_COLUMN_COUNT)?;
            // Documents that entered at the same time are read whole before stopping (they tie).
            if last.as_deref() != Some(at.as_str()) {
                if (n_new >= new && n_late >= overdue) || docs >= max_docs {
                    return Ok(false);
                }
                last = Some(at.clone());
            }
            let t = task_row(r, &as_of)?;
            if t.doc != last_doc {
                docs += 1;
                last_doc.clone_from(&t.doc);
            }
            let Some(t) = apply_task_corrections(t, &ov, &as_of) else { return Ok(true) };
            if !t.listed() || !seen.first(&t.doc, &t.text, t.due.as_deref()) {
                return Ok(true);
            }
            if t.state == TaskState::OpenOverdue { n_late += 1 } else { n_new += 1 }
            picked.push((t, at));
            Ok(true)
        })?;
        for t in crate::query::added_tasks(self, &ov, &as_of, None)? {
            let at: String = db.one("SELECT ingested_at FROM documents WHERE ext_id = ?1", args![t.doc])?;
            picked.push((t, at));
        }
        picked.sort_by(|a, b| {
            let late = |t: &TaskRow| t.state == TaskState::OpenOverdue;
            b.1.cmp(&a.1).then(late(&b.0).cmp(&late(&a.0))).then(a.0.id.cmp(&b.0.id))
        });
        let (late, fresh): (Vec<_>, Vec<_>) = picked.into_iter().partition(|(t, _)| t.state == TaskState::OpenOverdue);
        let mut chosen: Vec<(TaskRow, bool)> = fresh.into_iter().take(new).map(|(t, _)| (t, false)).collect();
        let room = (new + overdue).saturating_sub(chosen.len());
        chosen.extend(late.into_iter().take(room).map(|(t, _)| (t, true)));
        let late: Vec<bool> = chosen.iter().map(|c| c.1).collect();
        Ok(self.office_tasks_of(chosen.into_iter().map(|c| c.0).collect())?.into_iter().zip(late).collect())
    }

    /// Checks a scope against the register (a directive it does not hold, a bad date: an error
    /// naming the parameter).
    pub fn resolve_scope(&self, s: &Scope) -> Result<Resolved> {
        let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let directives = match nonempty(&s.directive) {
            Some(c) => {
                let ids = directive_ids(self, &c)?;
                if ids.is_empty() {
                    return Err(StoreError::Invalid(format!("directive {c:?}: not in the register")));
                }
                Some(ids)
            }
            None => None,
        };
        let unit = nonempty(&s.unit).map(|u| match u.strip_prefix('"').and_then(|u| u.strip_suffix('"')) {
            Some(x) => (chidao_extract::unit::unit_key(x.trim()), true),
            None => (chidao_extract::unit::unit_key(&u), false),
        });
        let day = |name: &str, v: &Option<String>, end: bool| -> Result<Option<String>> {
            nonempty(v).map(|d| dates::parse_user_date(&d, end).map_err(|e| StoreError::Invalid(format!("{name}: {e}")))).transpose()
        };
        Ok(Resolved { directives, unit, from: day("from", &s.from, false)?, to: day("to", &s.to, true)? })
    }
}

impl Resolved {
    /// The scope of one unit, by its key (as a calendar's path names it: [`unit_path_key`]).
    pub fn unit_key(key: &str) -> Resolved {
        Resolved { unit: Some((key.to_string(), true)), ..Resolved::default() }
    }

    /// The scope of one directive, by register id.
    pub fn directive(id: i64) -> Resolved {
        Resolved { directives: Some(vec![id]), ..Resolved::default() }
    }

    /// The board's filter of the scope.
    pub(crate) fn filter(&self, as_of: &str) -> TaskFilter {
        TaskFilter::office(as_of.to_string(), self.directives.as_deref(), self.unit.clone().filter(|(k, _)| !k.is_empty()), self.from.clone(), self.to.clone())
    }

    /// Whether a task is in the scope.
    pub fn holds(&self, t: &OfficeTask) -> bool {
        self.directives.as_ref().is_none_or(|ids| t.directives.iter().any(|d| ids.contains(d)))
            && self.unit.as_ref().is_none_or(|(k, exact)| {
                t.task.assignee.as_deref().is_some_and(|a| {
                    let ak = chidao_extract::unit::unit_key(a);
                    if *exact { ak == *k } else { ak.contains(k.as_str()) }
                })
            })
            && {
                let day = t.task.due.as_deref().or(t.task.doc_date.as_deref().filter(|d| !d.starts_with('X')));
                match (&self.from, &self.to) {
                    (None, None) => true,
                    _ => day.is_some_and(|d| self.from.as_deref().is_none_or(|f| d >= f) && self.to.as_deref().is_none_or(|t| d <= t)),
                }
            }
    }
}

fn as_of_day(as_of: Option<&str>) -> Result<String> {
    match as_of {
        Some(d) => dates::parse_user_date(d, false),
        None => Ok(dates::today()),
    }
}

/// A unit's key as a calendar's path names it (the register's unit key of its name).
pub fn unit_path_key(name: &str) -> String {
    chidao_extract::unit::unit_key(name)
}

/// The index of a state in [`TaskState::ALL`].
pub fn state_index(s: TaskState) -> usize {
    TaskState::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// On-time completion at or above this share is green.
pub const GREEN_AT: f64 = 0.80;
/// On-time completion at or above this share (and below [`GREEN_AT`]) is amber; below, red.
pub const AMBER_AT: f64 = 0.50;

/// Red, amber or green of an on-time share (chidao's defaults: [`GREEN_AT`], [`AMBER_AT`]);
/// none when no task has come due.
pub fn rag(on_time: Option<f64>) -> Option<&'static str> {
    on_time.map(|r| if r >= GREEN_AT { "green" } else if r >= AMBER_AT { "amber" } else { "red" })
}

/// Tasks counted by state.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// By state, in the order of [`TaskState::ALL`].
    pub by_state: [i64; 5],
}

impl Counts {
    fn add(&mut self, s: TaskState) {
        self.by_state[state_index(s)] += 1;
    }
    /// Every task counted.
    pub fn total(&self) -> i64 {
        self.by_state.iter().sum()
    }
    /// Done (on time or late).
    pub fn done(&self) -> i64 {
        self.by_state[0] + self.by_state[1]
    }
    /// Share of the tasks done, on time or late (none without tasks).
    pub fn completion(&self) -> Option<f64> {
        (self.total() > 0).then(|| self.done() as f64 / self.total() as f64)
    }
    /// Share done on time of the tasks whose time has come (done, or open past due): the
    /// figure the colour is given for; none when no task has come due.
    pub fn on_time(&self) -> Option<f64> {
        let due = self.by_state[0] + self.by_state[1] + self.by_state[3];
        (due > 0).then(|| self.by_state[0] as f64 / due as f64)
    }
    /// Its colour.
    pub fn rag(&self) -> Option<&'static str> {
        rag(self.on_time())
    }
}

/// One unit's row of the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCounts {
    /// The unit as first written (none: tasks without an assignee).
    pub unit: Option<String>,
    /// Its tasks by state.
    pub counts: Counts,
}

/// An overdue task and by how many days.
#[derive(Debug, Clone, Serialize)]
pub struct Overdue {
    /// The task.
    pub task: TaskRow,
    /// Days past its due day.
    pub days: i64,
}

/// The dashboard of a scope.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// The day states are computed for.
    pub as_of: String,
    /// Every task of the scope by state.
    pub counts: Counts,
    /// By unit, most tasks first.
    pub units: Vec<UnitCounts>,
    /// The open tasks longest past due.
    pub most_overdue: Vec<Overdue>,
    /// By month of the due day (`YYYY-MM`), oldest first: tasks by state.
    pub months: Vec<(String, Counts)>,
    /// Tasks without a due day are not in the trend: how many.
    pub undated: i64,
}

/// Most months of the trend (the latest).
pub const TREND_MONTHS: usize = 24;

impl Dashboard {
    /// The dashboard of the tasks `in scope`, as of `as_of` (ISO day); at most `overdue` tasks in
    /// the most-overdue list.
    pub fn compute<'a>(tasks: impl IntoIterator<Item = &'a OfficeTask>, as_of: &str, overdue: usize) -> Dashboard {
        let mut b = DashboardBuilder::new(overdue);
        for o in tasks {
            b.add(&o.task);
        }
        b.finish(as_of)
    }
}

/// A dashboard counted task by task: counts per state, unit and month, and the tasks longest
/// past due (at most twice the number shown are held between sorts).
#[derive(Default)]
pub struct DashboardBuilder {
    overdue: usize,
    counts: Counts,
    units: BTreeMap<String, (Option<String>, Counts)>,
    /// An assignee's unit key, once per distinct name.
    keys: HashMap<String, String>,
    months: BTreeMap<String, Counts>,
    late: Vec<TaskRow>,
    undated: i64,
}

impl DashboardBuilder {
    /// A dashboard listing at most `overdue` tasks past due.
    pub fn new(overdue: usize) -> DashboardBuilder {
        DashboardBuilder { overdue, ..DashboardBuilder::default() }
    }

    /// Counts a task.
    pub fn add(&mut self, t: &TaskRow) {
        self.count(t);
        if t.state == TaskState::OpenOverdue {
            self.keep_late(t.clone());
        }
    }

    /// Counts a task it may keep.
    pub fn add_row(&mut self, t: TaskRow) {
        self.count(&t);
        if t.state == TaskState::OpenOverdue {
            self.keep_late(t);
        }
    }

    fn count(&mut self, t: &TaskRow) {
        self.counts.add(t.state);
        let key = match t.assignee.as_deref() {
            Some(a) => match self.keys.get(a) {
                Some(k) => k.clone(),
                None => {
                    let k = chidao_extract::unit::unit_key(a);
                    self.keys.insert(a.to_string(), k.clone());
                    k
                }
            },
            None => String::new(),
        };
        self.units.entry(key).or_insert_with(|| (t.assignee.clone(), Counts::default())).1.add(t.state);
        match t.due.as_deref().and_then(|d| d.get(0..7)) {
            Some(m) => match self.months.get_mut(m) {
                Some(c) => c.add(t.state),
                None => self.months.entry(m.to_string()).or_default().add(t.state),
            },
            None => self.undated += 1,
        }
    }

    fn keep_late(&mut self, t: TaskRow) {
        self.late.push(t);
        if self.late.len() >= 2 * self.overdue.max(8) {
            self.trim();
        }
    }

    fn trim(&mut self) {
        self.late.sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));
        self.late.truncate(self.overdue);
    }

    /// The dashboard as of `as_of` (ISO day).
    pub fn finish(mut self, as_of: &str) -> Dashboard {
        self.trim();
        let today = day_number(as_of);
        let most_overdue = self
            .late
            .into_iter()
            .map(|t| Overdue { days: match (today, t.due.as_deref().and_then(day_number)) { (Some(a), Some(b)) => a - b, _ => 0 }, task: t })
            .collect();
        let mut units: Vec<UnitCounts> = self.units.into_values().map(|(unit, counts)| UnitCounts { unit, counts }).collect();
        units.sort_by(|a, b| b.counts.total().cmp(&a.counts.total()).then_with(|| a.unit.is_none().cmp(&b.unit.is_none())).then_with(|| a.unit.cmp(&b.unit)));
        let skip = self.months.len().saturating_sub(TREND_MONTHS);
        Dashboard { as_of: as_of.to_string(), counts: self.counts, units, most_overdue, months: self.months.into_iter().skip(skip).collect(), undated: self.undated }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_thresholds() {
        assert_eq!(rag(Some(0.8)), Some("green"));
        assert_eq!(rag(Some(0.79)), Some("amber"));
        assert_eq!(rag(Some(0.5)), Some("amber"));
        assert_eq!(rag(Some(0.49)), Some("red"));
        assert_eq!(rag(None), None);
        let c = Counts { by_state: [3, 1, 5, 0, 2] };
        assert_eq!(c.on_time(), Some(0.75));
        assert_eq!(c.rag(), Some("amber"));
        assert_eq!(Counts::default().on_time(), None);
    }

    #[test]
    fn list_sorts_are_checked() {
        assert!(select_people(&[], &ListQuery { sort: Some("bogus".into()), ..ListQuery::default() }).is_err());
        assert!(select_directives(&[], &ListQuery { order: Some("up".into()), ..ListQuery::default() }).is_err());
        assert_eq!(select_directives(&[], &ListQuery::default()).unwrap().total, 0);
    }
}
