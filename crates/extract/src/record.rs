//! The extraction contract's record (`../shared/spec/extraction.md`): one JSON object per document.

use serde::Serialize;

use crate::Extraction;
use crate::task::TaskKind;

/// One document's record, as `chidao extract --format jsonl` writes it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// The input's base name.
    pub id: String,
    /// Date of the main event, or of publication.
    pub date: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// People.
    pub people: Vec<PersonRec>,
    /// Cited documents.
    pub documents: Vec<DocumentRec>,
    /// Events.
    pub events: Vec<EventRec>,
    /// Tasks.
    pub tasks: Vec<TaskRec>,
    /// Figures.
    pub figures: Vec<FigureRec>,
    /// An official document's own header and closing (kind, number, issuer, urgency, security,
    /// signer and signing form, recipients): beyond the contract's minimum, which the scorer
    /// ignores; absent for other texts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<crate::header::Header>,
}

/// A person in the record.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRec {
    /// Full name.
    pub name: String,
    /// Rank.
    pub rank: Option<String>,
    /// Roles as written.
    pub roles: Vec<String>,
}

/// A cited document in the record.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRec {
    /// Kind.
    pub kind: String,
    /// Number as written.
    pub number: String,
    /// Full code.
    pub code: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date.
    pub date: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// On an official document's own entry: the documents it implements (codes, or "kind
    /// number", as in a task's `refs`), from its title and opening lead-ins ("Thực hiện …").
    /// Beyond the contract (the scorer ignores it); absent when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub implements: Vec<String>,
    /// On an official document's own entry: the documents it cites as its legal basis
    /// ("Căn cứ Nghị định …"); absent when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<String>,
}

/// An event in the record.
#[derive(Debug, Clone, Serialize)]
pub struct EventRec {
    /// Kind noun.
    pub kind: String,
    /// Date.
    pub date: Option<String>,
    /// Chair's full name.
    pub chair: Option<String>,
    /// Place.
    pub place: Option<String>,
}

/// A task in the record.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRec {
    /// Verbatim text.
    pub text: String,
    /// "directive" or "commitment".
    pub kind: TaskKind,
    /// Issuer.
    pub issuer: Option<String>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Deadline.
    pub deadline: Option<String>,
    /// Codes (or "kind number") of the documents implemented.
    pub refs: Vec<String>,
    /// How sure the extractor is that it is an institution's task (0–1).
    pub confidence: f64,
    /// `high` or `medium` (low ones are not listed).
    pub tier: &'static str,
    /// In an official document: lead and cooperating units, recurrence, product (beyond the
    /// contract; the scorer ignores it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<crate::task::Detail>,
}

/// A figure in the record.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRec {
    /// Value.
    pub value: f64,
    /// Qualifier.
    pub qualifier: Option<String>,
    /// Unit.
    pub unit: String,
}

impl Record {
    /// The record of an extraction.
    pub fn new(x: &Extraction<'_>) -> Record {
        let doc = x.doc;
        let docref_key = |i: usize| {
            let d = &x.docrefs[i];
            d.code.clone().unwrap_or_else(|| format!("{} {}", d.kind, d.number))
        };
        let header = x.header.clone();
        let relations = crate::relation::of(x);
        let related = |i: usize, kind: crate::relation::RelationKind| -> Vec<String> {
            if header.as_ref().and_then(crate::header::Header::own_entry) != Some(i) {
                return Vec::new();
            }
            relations.iter().filter(|r| r.kind == kind).map(|r| docref_key(r.target)).collect()
        };
        let details = header.as_ref().map(|h| crate::task::details(doc, h, &x.tasks));
        Record {
            id: doc.id.clone(),
            date: x.meta.date.and_then(|d| d.iso()),
            published: x.meta.published.and_then(|d| d.iso()),
            source: x.meta.source.clone(),
            author: x.meta.author.clone(),
            people: x
                .people
                .iter()
                .map(|p| PersonRec { name: p.name.clone(), rank: p.rank.clone(), roles: p.roles.iter().map(|r| r.text.clone()).collect() })
                .collect(),
            documents: x
                .docrefs
                .iter()
                .enumerate()
                .map(|(i, d)| DocumentRec {
                    kind: d.kind.clone(),
                    number: d.number.clone(),
                    code: d.code.clone(),
                    issuer: d.issuer.clone(),
                    date: d.date.and_then(|d| d.iso()),
                    title: d.title.clone(),
                    implements: related(i, crate::relation::RelationKind::Implements),
                    basis: related(i, crate::relation::RelationKind::Basis),
                })
                .collect(),
            events: x
                .events
                .iter()
                .map(|e| EventRec {
                    kind: e.kind.clone(),
                    date: e.date.iso(),
                    chair: e.chair.and_then(|i| x.people.get(i)).map(|p| p.name.clone()),
                    place: e.place.clone(),
                })
                .collect(),
            // Only the tasks confidently an institution's: the doubtful ones stay in the register.
            tasks: x
                .tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.confidence.tier.listed())
                .map(|(i, t)| TaskRec {
                    text: doc.slice(t.span).to_string(),
                    kind: t.kind,
                    issuer: t.issuer.clone(),
                    assignee: t.assignee.clone(),
                    deadline: t.deadline.and_then(|d| d.iso()),
                    refs: t.refs.iter().map(|&i| docref_key(i)).collect(),
                    confidence: t.confidence.score,
                    tier: t.confidence.tier.code(),
                    detail: details.as_ref().and_then(|d| d.get(i).cloned()),
                })
                .collect(),
            figures: x
                .figures
                .iter()
                .map(|f| FigureRec { value: f.value, qualifier: f.qualifier.clone(), unit: f.unit.clone() })
                .collect(),
            header,
        }
    }
}
