//! The implementation cascade of a directive: the documents that implement it (a Huyện ủy's plan
//! of a Tỉnh ủy's Chỉ thị), the documents that implement those (a commune's plan or report), and
//! so on down — each with its issuer, date and code and its tasks counted by state — read from
//! the official documents' headers and relations (`doc_headers`, `doc_relations`, schema 7).
//!
//! The tree follows the register's edges (`directive_edges`): a document implementing a
//! directive is a child of it; when that document has a number it is a directive itself (its own
//! entry), and its children are the documents implementing it. A report ("Báo cáo … kết quả
//! thực hiện …") is a report node. Only original documents count (not near-copies). A directive
//! met again on its own path (a cycle) is shown once more without children; depth and the number
//! of nodes are bounded.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::db::args;
use crate::error::Result;
use crate::query::{TaskQuery, TaskState};
use crate::{Store, dates};

/// How deep the tree goes below the directive.
pub const MAX_DEPTH: usize = 8;
/// How many nodes a tree holds at most; beyond, it is cut (`truncated`).
pub const MAX_NODES: usize = 500;

/// What a node of the cascade is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeRole {
    /// The directive the tree is of.
    Directive,
    /// A document implementing its parent (a plan, a letter, a directive of a lower level).
    Implementing,
    /// A report on implementing its parent.
    Report,
}

/// A node's tasks counted by state (the listed ones: confident, or corrected by a user), as of
/// the tree's day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TaskCounts {
    /// Every listed task of the document.
    pub total: i64,
    /// Done (on time or late).
    pub done: i64,
    /// Open and past due.
    pub overdue: i64,
    /// Open, due later.
    pub open_in_time: i64,
    /// Open, no deadline known.
    pub no_deadline: i64,
}

/// A node of the cascade.
#[derive(Debug, Clone, Serialize)]
pub struct CascadeNode {
    /// Directive, implementing document or report.
    pub role: NodeRole,
    /// The register's directive this node is (the cited document's entity), when it has one: a
    /// document without a number is no directive.
    pub directive: Option<i64>,
    /// The document's id in the register (its text), when the register holds it.
    pub doc: Option<String>,
    /// Kind ("Kế hoạch", "Báo cáo").
    pub kind: String,
    /// Code ("15-KH/HU").
    pub code: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date (ISO, maybe partial).
    pub date: Option<String>,
    /// Title: the "V/v" subject or the excerpt under the kind heading.
    pub title: Option<String>,
    /// Its tasks by state.
    pub tasks: TaskCounts,
    /// Met again on its own path: its children are not repeated.
    pub cycle: bool,
    /// The documents implementing it, by date.
    pub children: Vec<CascadeNode>,
}

/// The cascade of one directive.
#[derive(Debug, Clone, Serialize)]
pub struct CascadeTree {
    /// The directive, its implementing documents below it.
    pub root: CascadeNode,
    /// The day the task states are computed for.
    pub as_of: String,
    /// Documents in the tree, the root's own text included.
    pub documents: usize,
    /// The tree was cut at [`MAX_DEPTH`] or [`MAX_NODES`].
    pub truncated: bool,
}

/// A document of the register with its header.
struct HeaderRow {
    doc: String,
    directive: Option<i64>,
    kind: String,
    code: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
    title: Option<String>,
}

fn role_of(kind: &str) -> NodeRole {
    if chidao_text::fold(kind).starts_with("báo cáo") {
        NodeRole::Report
    } else {
        NodeRole::Implementing
    }
}

struct Walk<'s> {
    store: &'s Store,
    as_of: String,
    nodes: usize,
    truncated: bool,
}

impl Walk<'_> {
    fn counts(&self, doc: &str) -> Result<TaskCounts> {
        let rows = self.store.tasks(&TaskQuery { doc: Some(doc.to_string()), as_of: Some(self.as_of.clone()), limit: Some(usize::MAX), ..TaskQuery::default() })?;
        let mut c = TaskCounts::default();
        for t in rows {
            c.total += 1;
            match t.state {
                TaskState::DoneOnTime | TaskState::DoneLate => c.done += 1,
                TaskState::OpenOverdue => c.overdue += 1,
                TaskState::OpenInTime => c.open_in_time += 1,
                TaskState::NoDeadline => c.no_deadline += 1,
            }
        }
        Ok(c)
    }

    /// The original documents that implement `directive`, other than its own text, by date.
    fn implementing(&self, directive: i64) -> Result<Vec<HeaderRow>> {
        // Undated documents last (NULLS LAST: an ORDER BY of a DISTINCT names only its columns).
        self.store.db().rows(
            "SELECT DISTINCT d.ext_id, e.from_directive, h.kind, h.code, h.issuer, COALESCE(h.date, d.date), COALESCE(h.subject, h.excerpt)
             FROM directive_edges e JOIN documents d ON d.id = e.doc JOIN doc_headers h ON h.doc = e.doc
             WHERE e.to_directive = ?1 AND e.relation = 'implements' AND d.dup_of IS NULL
               AND (e.from_directive IS NULL OR e.from_directive <> ?1)
             ORDER BY COALESCE(h.date, d.date) NULLS LAST, d.ext_id",
            args![directive],
            |r| Ok(HeaderRow { doc: r.get(0)?, directive: r.get(1)?, kind: r.get(2)?, code: r.get(3)?, issuer: r.get(4)?, date: r.get(5)?, title: r.get(6)? }),
        )
    }

    fn children(&mut self, directive: i64, path: &mut Vec<i64>, depth: usize) -> Result<Vec<CascadeNode>> {
        if depth >= MAX_DEPTH {
            self.truncated = true;
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for h in self.implementing(directive)? {
            if self.nodes >= MAX_NODES {
                self.truncated = true;
                break;
            }
            self.nodes += 1;
            let cycle = h.directive.is_some_and(|d| path.contains(&d));
            let children = match h.directive {
                Some(d) if !cycle => {
                    path.push(d);
                    let c = self.children(d, path, depth + 1)?;
                    path.pop();
                    c
                }
                _ => Vec::new(),
            };
            out.push(CascadeNode {
                role: role_of(&h.kind),
                directive: h.directive,
                tasks: self.counts(&h.doc)?,
                doc: Some(h.doc),
                kind: h.kind,
                code: h.code,
                issuer: h.issuer,
                date: h.date,
                title: h.title,
                cycle,
                children,
            });
        }
        Ok(out)
    }
}

impl Store {
    /// The implementation cascade of a directive of the register (by id), task states as of
    /// `as_of` (default today); `None` when there is no such directive.
    pub fn directive_tree(&self, id: i64, as_of: Option<&str>) -> Result<Option<CascadeTree>> {
        let as_of = match as_of {
            Some(d) => dates::parse_user_date(d, false)?,
            None => dates::today(),
        };
        let Some(card) = self.directive_by_id(id)? else { return Ok(None) };
        // The directive's own text, when the register holds it (its header's own entry).
        let own: Option<(String, Option<String>)> = self.db().row_opt(
            "SELECT d.ext_id, COALESCE(h.subject, h.excerpt) FROM doc_headers h JOIN directive_mentions m ON m.id = h.own_mention
             JOIN documents d ON d.id = h.doc WHERE m.directive = ?1 AND d.dup_of IS NULL ORDER BY d.date NULLS FIRST, d.ext_id LIMIT 1",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut walk = Walk { store: self, as_of: as_of.clone(), nodes: 1, truncated: false };
        let tasks = match &own {
            Some((doc, _)) => walk.counts(doc)?,
            None => TaskCounts::default(),
        };
        let mut path = vec![id];
        let children = walk.children(id, &mut path, 0)?;
        let mut seen = BTreeSet::new();
        fn docs(n: &CascadeNode, seen: &mut BTreeSet<String>) {
            if let Some(d) = &n.doc {
                seen.insert(d.clone());
            }
            for c in &n.children {
                docs(c, seen);
            }
        }
        let root = CascadeNode {
            role: NodeRole::Directive,
            directive: Some(id),
            doc: own.as_ref().map(|o| o.0.clone()),
            kind: card.kind,
            code: card.code,
            issuer: card.issuer,
            date: card.date,
            title: card.title.or_else(|| own.and_then(|o| o.1)),
            tasks,
            cycle: false,
            children,
        };
        docs(&root, &mut seen);
        Ok(Some(CascadeTree { root, as_of, documents: seen.len(), truncated: walk.truncated }))
    }

    /// [`Store::directive_tree`] of every directive matching a code ("07-CT/TU") or kind and
    /// number ("Chỉ thị 7"): the confident ones, or with `doubtful` every one (see
    /// [`Store::directives`]).
    pub fn directive_trees(&self, code: &str, as_of: Option<&str>, doubtful: bool) -> Result<Vec<CascadeTree>> {
        let mut out = Vec::new();
        for card in self.directives(code, doubtful)? {
            out.extend(self.directive_tree(card.id, as_of)?);
        }
        Ok(out)
    }

    /// An official document's header as the register keeps it (schema 7), by document id.
    pub fn document_header(&self, doc: &str) -> Result<Option<StoredHeader>> {
        let db = self.db();
        let row = db.row_opt(
            "SELECT h.kind, h.number, h.code, h.issuer, h.superior, h.place, h.date, h.subject, h.excerpt, h.urgency, h.security,
             h.signer_name, h.signer_title, h.signer_rank, h.signer_forms, h.recipients, m.directive
             FROM doc_headers h JOIN documents d ON d.id = h.doc LEFT JOIN directive_mentions m ON m.id = h.own_mention WHERE d.ext_id = ?1",
            args![doc],
            |r| {
                let list = |i: usize| -> Result<Vec<String>> { Ok(serde_json::from_str(&r.get::<String>(i)?).unwrap_or_default()) };
                Ok(StoredHeader {
                    kind: r.get(0)?,
                    number: r.get(1)?,
                    code: r.get(2)?,
                    issuer: r.get(3)?,
                    superior: r.get(4)?,
                    place: r.get(5)?,
                    date: r.get(6)?,
                    subject: r.get(7)?,
                    excerpt: r.get(8)?,
                    urgency: r.get(9)?,
                    security: r.get(10)?,
                    signer_name: r.get(11)?,
                    signer_title: r.get(12)?,
                    signer_rank: r.get(13)?,
                    signer_forms: list(14)?,
                    recipients: list(15)?,
                    directive: r.get(16)?,
                    implements: Vec::new(),
                    basis: Vec::new(),
                })
            },
        )?;
        let Some(mut h) = row else { return Ok(None) };
        db.each(
            "SELECT r.relation, COALESCE(m.code, m.kind || ' ' || m.number), m.directive FROM doc_relations r JOIN directive_mentions m ON m.id = r.mention
             JOIN documents d ON d.id = r.doc WHERE d.ext_id = ?1 ORDER BY r.start, m.start",
            args![doc],
            |r| {
                let rel: String = r.get(0)?;
                let cited = CitedDocument { label: r.get(1)?, directive: r.get(2)? };
                if rel == "basis" {
                    h.basis.push(cited);
                } else {
                    h.implements.push(cited);
                }
                Ok(())
            },
        )?;
        Ok(Some(h))
    }
}

/// A document cited by a header's relations.
#[derive(Debug, Clone, Serialize)]
pub struct CitedDocument {
    /// Its code, or "kind number".
    pub label: String,
    /// The register's directive it resolved to (none when ambiguous).
    pub directive: Option<i64>,
}

/// An official document's header in the register.
#[derive(Debug, Clone, Serialize)]
pub struct StoredHeader {
    /// Kind heading.
    pub kind: String,
    /// Number.
    pub number: Option<String>,
    /// Code.
    pub code: Option<String>,
    /// Issuing organ.
    pub issuer: Option<String>,
    /// The organ above it.
    pub superior: Option<String>,
    /// Place of the place-date line.
    pub place: Option<String>,
    /// Issue date.
    pub date: Option<String>,
    /// "V/v" subject.
    pub subject: Option<String>,
    /// Title under the kind heading.
    pub excerpt: Option<String>,
    /// Urgency marking.
    pub urgency: Option<String>,
    /// Security marking.
    pub security: Option<String>,
    /// Signer's name.
    pub signer_name: Option<String>,
    /// Signer's title.
    pub signer_title: Option<String>,
    /// Signer's rank.
    pub signer_rank: Option<String>,
    /// Signing forms ("KT. Chủ tịch").
    pub signer_forms: Vec<String>,
    /// Recipients as written.
    pub recipients: Vec<String>,
    /// The register's directive this document is (its own entry), when it has a number.
    pub directive: Option<i64>,
    /// What it implements.
    pub implements: Vec<CitedDocument>,
    /// What it rests on.
    pub basis: Vec<CitedDocument>,
}
