//! The user's side of the register: corrections of machine output and the workflow status of
//! tasks.
//!
//! Corrections live in their own table and name the fact they correct by what survives a
//! re-extraction — the document's id, the kind of fact and its byte span — never by a row id, so
//! `chidao ingest` (even `--reextract`) can drop and rebuild every machine fact without losing
//! them. A correction rejects a fact, edits one attribute of it, or adds a fact the machine
//! missed (a task, with the sentence that states it as evidence). Readers overlay them
//! ([`Overlay`]) and say which values came from a person.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::{Store, dates};

/// What a correction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The fact is wrong: hide it.
    Reject,
    /// One attribute is wrong: here is the right value.
    Edit,
    /// The machine missed a fact: here it is.
    Add,
}

impl Action {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Reject => "reject",
            Action::Edit => "edit",
            Action::Add => "add",
        }
    }

    fn parse(s: &str) -> Action {
        match s {
            "reject" => Action::Reject,
            "edit" => Action::Edit,
            _ => Action::Add,
        }
    }
}

/// Kinds of fact and the attributes a user may edit.
pub const EDITABLE: &[(&str, &[&str])] = &[
    ("person", &["name", "rank"]),
    ("role", &["role"]),
    ("org", &["name"]),
    ("directive", &["code", "issuer", "date", "title"]),
    ("event", &["kind", "date", "place"]),
    ("task", &["assignee", "issuer", "deadline", "kind"]),
    ("figure", &["value", "unit"]),
];

/// Kinds of fact a user may add.
pub const ADDABLE: &[&str] = &["task"];

/// Longest value or note accepted.
pub const MAX_VALUE: usize = 2000;

/// A correction as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Correction {
    /// Its id.
    pub id: i64,
    /// The document (its id as ingested).
    pub doc: String,
    /// Kind of fact.
    pub kind: String,
    /// The fact's byte span (for an added fact, its evidence).
    pub span: (usize, usize),
    /// Reject, edit or add.
    pub action: Action,
    /// The attribute edited.
    pub field: Option<String>,
    /// The new value (edit), or the added fact's attributes as a JSON object (add).
    pub value: Option<String>,
    /// Why.
    pub note: Option<String>,
    /// Who made it.
    pub author: String,
    /// When (UTC).
    pub created_at: String,
    /// Withdrawn by a user (kept for the record, no longer applied).
    pub withdrawn: bool,
}

/// A correction to make.
#[derive(Debug, Clone, Deserialize)]
pub struct NewCorrection {
    /// The document.
    pub doc: String,
    /// Kind of fact.
    pub kind: String,
    /// The fact's byte span, or the evidence of an added fact.
    pub span: (usize, usize),
    /// Reject, edit or add.
    pub action: Action,
    /// The attribute to edit.
    #[serde(default)]
    pub field: Option<String>,
    /// The new value (edit), or for `add` a JSON object of the fact's attributes.
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    /// Why.
    #[serde(default)]
    pub note: Option<String>,
}

fn invalid(s: impl Into<String>) -> StoreError {
    StoreError::Invalid(s.into())
}

/// A deadline or date typed by a user, at the precision typed: ISO (`2020-06-30`, `2020-06`,
/// `2020`) and the last day it allows.
pub fn user_deadline(s: &str) -> Result<(String, String)> {
    let due = dates::parse_user_date(s, true)?;
    let parts = s.trim().split(['-', '/', '.']).count();
    let iso = match parts {
        1 => due[..4].to_string(),
        2 => due[..7].to_string(),
        _ => due.clone(),
    };
    Ok((iso, due))
}

/// The year of a document's date, else this year: the year of a deadline typed without one.
fn year_of(date: Option<&str>) -> i32 {
    date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok()).filter(|y| *y > 0).unwrap_or_else(|| dates::today()[..4].parse().unwrap_or(2000))
}

/// A deadline as offices write it, at its precision, and the last day it allows: what
/// [`user_deadline`] takes, and the words the extractor reads in documents ("quý III/2024",
/// "30/6", "cuối năm", "trước 15/12/2026", "tháng 9", "6 tháng đầu năm 2025"); a deadline
/// without a year is in `year` (the document's). What is no date is [`StoreError::Invalid`]
/// with examples.
pub fn user_deadline_in(s: &str, year: i32) -> Result<(String, String)> {
    if let Ok(d) = user_deadline(s) {
        return Ok(d);
    }
    let bad = || invalid(format!("{s:?}: not a date or deadline (try 30/6/2025, 6/2025, 2025, quý III/2025, cuối năm, trước 15/12/2025)"));
    let typed = chidao_text::nfc(s.trim()).into_owned();
    if typed.is_empty() || typed.len() > 100 {
        return Err(bad());
    }
    // The extractor reads the words as it reads a sentence of a document.
    let text = format!("Hoàn thành {typed}.\n");
    let doc = chidao_text::Document::new("deadline.txt", text);
    let found = chidao_extract::date::find(&doc);
    let m = found.iter().filter(|m| !m.published).max_by_key(|m| m.span.end - m.span.start).ok_or_else(bad)?;
    let mut p = m.deadline().unwrap_or(m.end);
    if p.year.is_none() {
        p.year = Some(year);
    }
    let iso = p.iso().ok_or_else(bad)?;
    let due = dates::due_date(p).ok_or_else(bad)?;
    Ok((iso, due))
}

pub(crate) fn check_text(what: &str, v: &str) -> Result<String> {
    let v = chidao_text::nfc(v.trim());
    if v.is_empty() {
        return Err(invalid(format!("{what}: empty")));
    }
    if v.chars().count() > MAX_VALUE {
        return Err(invalid(format!("{what}: longer than {MAX_VALUE} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(invalid(format!("{what}: control characters are not allowed")));
    }
    Ok(v.into_owned())
}

/// The table of machine facts of a kind, for checking that a correction names a real fact.
fn fact_table(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "person" => "person_mentions",
        "role" => "person_roles",
        "org" => "org_mentions",
        "directive" => "directive_mentions",
        "event" => "event_mentions",
        "task" => "tasks",
        "figure" => "figures",
        _ => return None,
    })
}

/// The corrections in force for a set of facts, by document (a document has few; a look-up for a
/// document without any, the common case on every task row, allocates nothing).
#[derive(Debug, Default, Clone)]
pub struct Overlay {
    by_doc: HashMap<String, Vec<Correction>>,
}

impl Overlay {
    /// The corrections of one fact (document, kind, byte span), oldest first.
    pub fn of<'a>(&'a self, doc: &str, kind: &str, span: (usize, usize)) -> impl DoubleEndedIterator<Item = &'a Correction> {
        self.by_doc.get(doc).into_iter().flatten().filter(move |c| c.kind == kind && c.span == span)
    }

    /// True when a user rejected the fact.
    pub fn rejected(&self, doc: &str, kind: &str, span: (usize, usize)) -> bool {
        self.of(doc, kind, span).any(|c| c.action == Action::Reject)
    }

    /// Every value users gave a field of a kind of fact (e.g. the deadlines of tasks), in no
    /// order, superseded ones too.
    pub fn edited_values<'a>(&'a self, kind: &'a str, field: &'a str) -> impl Iterator<Item = &'a str> {
        self.by_doc
            .values()
            .flatten()
            .filter(move |c| c.kind == kind && c.action == Action::Edit && c.field.as_deref() == Some(field))
            .filter_map(|c| c.value.as_deref())
    }

    /// The user's latest value of each edited attribute.
    pub fn edits(&self, doc: &str, kind: &str, span: (usize, usize)) -> Vec<(String, String, &Correction)> {
        let mut out: Vec<(String, String, &Correction)> = Vec::new();
        for c in self.of(doc, kind, span).filter(|c| c.action == Action::Edit) {
            let (Some(f), Some(v)) = (&c.field, &c.value) else { continue };
            out.retain(|(g, _, _)| g != f);
            out.push((f.clone(), v.clone(), c));
        }
        out
    }

    /// The user's latest value of one attribute.
    pub fn edit(&self, doc: &str, kind: &str, span: (usize, usize), field: &str) -> Option<&Correction> {
        self.of(doc, kind, span).rev().find(|c| c.action == Action::Edit && c.field.as_deref() == Some(field))
    }

    /// Adds the edits of one fact to `acc`, the edits of an entity's several mentions: a later
    /// edit of an attribute replaces an earlier one.
    pub fn gather_edits(&self, doc: &str, kind: &str, span: (usize, usize), acc: &mut Vec<Correction>) {
        for (field, _, c) in self.edits(doc, kind, span) {
            acc.retain(|x| x.field.as_deref() != Some(field.as_str()));
            acc.push(c.clone());
        }
    }

    /// Added facts (of every document in the overlay).
    pub fn added(&self) -> impl Iterator<Item = &Correction> {
        self.by_doc.values().flatten().filter(|c| c.action == Action::Add)
    }

    /// The documents with corrections (in no particular order).
    pub fn docs(&self) -> impl Iterator<Item = &str> {
        self.by_doc.keys().map(String::as_str)
    }

    /// True when some correction concerns this document.
    pub fn touches(&self, doc: &str) -> bool {
        self.by_doc.contains_key(doc)
    }
}

fn row_to_correction(r: &rusqlite::Row<'_>) -> rusqlite::Result<Correction> {
    Ok(Correction {
        id: r.get(0)?,
        doc: r.get(1)?,
        kind: r.get(2)?,
        span: (r.get::<_, i64>(3)? as usize, r.get::<_, i64>(4)? as usize),
        action: Action::parse(&r.get::<_, String>(5)?),
        field: r.get(6)?,
        value: r.get(7)?,
        note: r.get(8)?,
        author: r.get(9)?,
        created_at: r.get(10)?,
        withdrawn: r.get::<_, i64>(11)? != 0,
    })
}

const COLS: &str = "id, doc, kind, start, \"end\", action, field, value, note, author, created_at, withdrawn";

/// Workflow states of a task a user sets (the tracking states of [`crate::TaskState`] follow
/// from them and the deadline).
pub const TASK_STATUSES: &[&str] = &["open", "in_progress", "done"];

/// One entry of a task's status log.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    /// The status set.
    pub status: String,
    /// The note given with it.
    pub note: Option<String>,
    /// Who.
    pub author: String,
    /// When (UTC).
    pub at: String,
}

impl Store {
    /// Records a correction after checking it names a real fact (or, for `add`, a real passage).
    pub fn add_correction(&mut self, c: &NewCorrection, author: &str) -> Result<Correction> {
        let author = check_text("author", author)?;
        let kind = c.kind.trim();
        let Some(fields) = EDITABLE.iter().find(|(k, _)| *k == kind).map(|(_, f)| *f) else {
            return Err(invalid(format!(
                "{kind:?}: unknown kind of fact (one of {})",
                EDITABLE.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
            )));
        };
        let (doc_row, text, doc_date): (i64, String, Option<String>) = self
            .lite()?
            .query_row("SELECT d.id, t.text, d.date FROM documents d JOIN doc_texts t ON t.doc = d.id WHERE d.ext_id = ?1", [&c.doc], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("{}: no such document", c.doc)))?;
        let (s, e) = c.span;
        if s >= e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return Err(invalid(format!("span {s}..{e}: not a passage of {} ({} bytes)", c.doc, text.len())));
        }
        let note = c.note.as_deref().filter(|n| !n.trim().is_empty()).map(|n| check_text("note", n)).transpose()?;
        let (field, value) = match c.action {
            Action::Reject => (None, None),
            Action::Edit => {
                let f = c.field.as_deref().map(str::trim).unwrap_or_default();
                if !fields.contains(&f) {
                    return Err(invalid(format!("{f:?}: not an attribute of a {kind} a user can edit (one of {})", fields.join(", "))));
                }
                let v = match &c.value {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    _ => return Err(invalid("value: give the new value as a string")),
                };
                let v = check_text(f, &v)?;
                let v = match f {
                    "deadline" | "date" => user_deadline_in(&v, year_of(doc_date.as_deref()))?.0,
                    "kind" if kind == "task" && v != "directive" && v != "commitment" => {
                        return Err(invalid(format!("{v:?}: a task's kind is directive or commitment")));
                    }
                    "value" => {
                        let x: f64 = v.replace(',', ".").parse().map_err(|_| invalid(format!("{v:?}: not a number")))?;
                        if !x.is_finite() {
                            return Err(invalid(format!("{v:?}: not a number")));
                        }
                        v
                    }
                    _ => v,
                };
                (Some(f.to_string()), Some(v))
            }
            Action::Add => {
                if !ADDABLE.contains(&kind) {
                    return Err(invalid(format!("{kind:?}: only these can be added: {}", ADDABLE.join(", "))));
                }
                let obj = match &c.value {
                    Some(serde_json::Value::Object(o)) => o.clone(),
                    None => serde_json::Map::new(),
                    _ => return Err(invalid("value: give the added task's attributes as an object")),
                };
                let mut clean = serde_json::Map::new();
                for (k, v) in obj {
                    if !fields.contains(&k.as_str()) {
                        return Err(invalid(format!("{k:?}: not an attribute of a task (one of {})", fields.join(", "))));
                    }
                    let serde_json::Value::String(v) = v else { return Err(invalid(format!("{k}: give a string"))) };
                    if v.trim().is_empty() {
                        continue;
                    }
                    let v = check_text(&k, &v)?;
                    let v = match k.as_str() {
                        "deadline" => user_deadline_in(&v, year_of(doc_date.as_deref()))?.0,
                        "kind" if v != "directive" && v != "commitment" => {
                            return Err(invalid(format!("{v:?}: a task's kind is directive or commitment")));
                        }
                        _ => v,
                    };
                    clean.insert(k, serde_json::Value::String(v));
                }
                (None, Some(serde_json::Value::Object(clean).to_string()))
            }
        };
        if c.action != Action::Add {
            let table = fact_table(kind).unwrap_or("facts");
            let found: Option<i64> = self
                .lite()?
                .query_row(&format!("SELECT 1 FROM {table} WHERE doc = ?1 AND start = ?2 AND end = ?3 LIMIT 1"), params![doc_row, s as i64, e as i64], |r| {
                    r.get(0)
                })
                .optional()?;
            if found.is_none() {
                return Err(StoreError::NotFound(format!("{}: no {kind} at {s}..{e}", c.doc)));
            }
        }
        self.lite()?.execute(
            "INSERT INTO corrections (doc, kind, start, end, action, field, value, note, author, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            params![c.doc, kind, s as i64, e as i64, c.action.as_str(), field, value, note, author, dates::now()],
        )?;
        let id = self.lite()?.last_insert_rowid();
        Ok(self.correction(id)?.expect("just inserted"))
    }

    /// One correction.
    pub fn correction(&self, id: i64) -> Result<Option<Correction>> {
        Ok(self.lite()?.query_row(&format!("SELECT {COLS} FROM corrections WHERE id = ?1"), [id], row_to_correction).optional()?)
    }

    /// Withdraws a correction (it stays in the record, no longer applied).
    pub fn withdraw_correction(&mut self, id: i64) -> Result<Correction> {
        let n = self.lite()?.execute("UPDATE corrections SET withdrawn = 1 WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("correction {id}: no such correction")));
        }
        let c = self.correction(id)?.expect("exists");
        // A withdrawn split or merge of directives: cluster their citations again without it.
        self.unpin(&c)?;
        Ok(c)
    }

    /// Corrections, newest first: of one document, or all; withdrawn ones included when asked.
    pub fn corrections(&self, doc: Option<&str>, withdrawn: bool, limit: usize) -> Result<Vec<Correction>> {
        let mut st = self.lite()?.prepare_cached(&format!(
            "SELECT {COLS} FROM corrections WHERE (?1 IS NULL OR doc = ?1) AND (?2 OR withdrawn = 0) ORDER BY id DESC LIMIT ?3"
        ))?;
        let rows = st.query_map(params![doc, withdrawn, limit as i64], row_to_correction)?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The corrections in force, of one document or of one kind of fact everywhere.
    pub fn overlay(&self, doc: Option<&str>, kind: Option<&str>) -> Result<Overlay> {
        let mut ov = Overlay::default();
        self.db().each(
            &format!("SELECT {COLS} FROM corrections WHERE withdrawn = 0 AND (CAST(?1 AS text) IS NULL OR doc = ?1) AND (CAST(?2 AS text) IS NULL OR kind = ?2) ORDER BY id"),
            crate::db::args![doc, kind],
            |r| {
                let c = Correction {
                    id: r.get(0)?,
                    doc: r.get(1)?,
                    kind: r.get(2)?,
                    span: (r.get::<usize>(3)?, r.get::<usize>(4)?),
                    action: Action::parse(&r.get::<String>(5)?),
                    field: r.get(6)?,
                    value: r.get(7)?,
                    note: r.get(8)?,
                    author: r.get(9)?,
                    created_at: r.get(10)?,
                    withdrawn: r.get::<i64>(11)? != 0,
                };
                ov.by_doc.entry(c.doc.clone()).or_default().push(c);
                Ok(())
            },
        )?;
        Ok(ov)
    }

    /// Sets a task's workflow status (open, in progress, done) with an optional note, and logs it.
    /// `done` records the completion day (`completed_on`, default today). Returns the task's key.
    pub fn set_task_status(&mut self, id: &str, status: &str, note: Option<&str>, completed_on: Option<&str>, author: &str) -> Result<String> {
        if !TASK_STATUSES.contains(&status) {
            return Err(invalid(format!("{status:?}: a task's status is one of {}", TASK_STATUSES.join(", "))));
        }
        let author = check_text("author", author)?;
        let note = note.filter(|n| !n.trim().is_empty()).map(|n| check_text("note", n)).transpose()?;
        let key = self.task_key_of(id)?;
        let day = match (status, completed_on) {
            ("done", Some(d)) => Some(dates::parse_user_date(d, false)?),
            ("done", None) => Some(dates::today()),
            _ => None,
        };
        let tx = self.write()?;
        let now = dates::now();
        tx.db().exec(
            "INSERT INTO task_status (key, completed_on, note, updated_at, status) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(key) DO UPDATE SET completed_on = excluded.completed_on, note = COALESCE(excluded.note, task_status.note),
             updated_at = excluded.updated_at, status = excluded.status",
            crate::db::args![key, day, note, now, status],
        )?;
        tx.db().exec("INSERT INTO task_log (key, status, note, author, at) VALUES (?1, ?2, ?3, ?4, ?5)", crate::db::args![key, status, note, author, now])?;
        tx.commit()?;
        Ok(key)
    }

    /// The status log of a task, oldest first.
    pub fn task_log(&self, key: &str) -> Result<Vec<StatusChange>> {
        let mut st = self.lite()?.prepare_cached("SELECT status, note, author, at FROM task_log WHERE key = ?1 ORDER BY id")?;
        let rows = st
            .query_map([key], |r| Ok(StatusChange { status: r.get(0)?, note: r.get(1)?, author: r.get(2)?, at: r.get(3)? }))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The key of a task from its id or a unique prefix of it (≥ 4 characters); added tasks have
    /// keys `user-N`. An unknown task is [`StoreError::NotFound`], a malformed id
    /// [`StoreError::Invalid`].
    pub fn task_key_of(&self, id: &str) -> Result<String> {
        let id = id.trim();
        if let Some(n) = id.strip_prefix("user-") {
            let n: i64 = n.parse().map_err(|_| invalid(format!("{id}: not a task id")))?;
            let ok: Option<i64> =
                self.db().row_opt("SELECT 1 FROM corrections WHERE id = ?1 AND action = 'add' AND kind = 'task' AND withdrawn = 0", crate::db::args![n], |r| r.get(0))?;
            return match ok {
                Some(_) => Ok(id.to_string()),
                None => Err(StoreError::NotFound(format!("{id}: no such task"))),
            };
        }
        if id.len() < 4 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(invalid(format!("{id:?}: give a task id (at least 4 of its hex digits)")));
        }
        let keys: Vec<String> = self.db().rows("SELECT DISTINCT key FROM tasks WHERE key >= ?1 AND key < ?1 || 'g' LIMIT 2", crate::db::args![id], |r| r.get(0))?;
        match keys.as_slice() {
            [k] => Ok(k.clone()),
            [] => Err(StoreError::NotFound(format!("{id}: no such task"))),
            _ => Err(invalid(format!("{id}: several tasks start so; give more of the id"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_deadlines_keep_their_precision() {
        assert_eq!(user_deadline("30/6/2021").unwrap(), ("2021-06-30".into(), "2021-06-30".into()));
        assert_eq!(user_deadline("6/2021").unwrap(), ("2021-06".into(), "2021-06-30".into()));
        assert_eq!(user_deadline("2021").unwrap(), ("2021".into(), "2021-12-31".into()));
        assert!(user_deadline("tomorrow").is_err());
        for (typed, iso) in [
            ("quý III/2024", "2024-09"),
            ("30/6", "2025-06-30"),
            ("cuối năm", "2025-12"),
            ("trước 15/12/2026", "2026-12-15"),
            ("tháng 9", "2025-09"),
            ("30/6/2021", "2021-06-30"),
        ] {
            assert_eq!(user_deadline_in(typed, 2025).map(|d| d.0).ok().as_deref(), Some(iso), "{typed}");
        }
        assert!(user_deadline_in("ngày mai nữa", 2025).is_err());
        assert!(user_deadline_in("", 2025).is_err());
    }

    proptest::proptest! {
        /// Whatever a clerk types as a deadline: an answer or a reason, never a panic; an answer
        /// is an ISO date at some precision whose last day is a real day.
        #[test]
        fn any_typed_deadline_is_read_or_refused(typed in "[0-9/.\\- a-zA-ZÀ-ỹIVX]{0,40}") {
            if let Ok((iso, due)) = user_deadline_in(&typed, 2025) {
                proptest::prop_assert!(iso.len() == 4 || iso.len() == 7 || iso.len() == 10, "{iso}");
                proptest::prop_assert!(crate::dates::parse_user_date(&due, false).is_ok(), "{due}");
            }
        }
    }
}
