//! Tasks: who directed whom to do what, by when, under which directive (issue 3).
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::date::PartialDate;
use crate::docref::DocRef;
use crate::org::Org;
use crate::person::Person;
use crate::date::DateMention;

/// Directive (someone requires it) or commitment (the unit pledges it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Someone directs, requires, proposes or asks.
    Directive,
    /// The receiving unit pledges.
    Commitment,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// The sentence or clause, a span of the text.
    pub span: Span,
    /// Directive or commitment.
    pub kind: TaskKind,
    /// Who gives the direction: a person's full name or a body.
    pub issuer: Option<String>,
    /// Who must act.
    pub assignee: Option<String>,
    /// By when.
    pub deadline: Option<PartialDate>,
    /// Indices into the document list of the directives implemented.
    pub refs: Vec<usize>,
}

/// Everything the task extractor reads.
pub struct TaskInput<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its dates.
    pub dates: &'a [DateMention],
    /// Its people.
    pub people: &'a [Person],
    /// Its organisations.
    pub orgs: &'a [Org],
    /// Its cited documents.
    pub docrefs: &'a [DocRef],
}

/// The tasks of a document.
pub fn find(input: &TaskInput<'_>) -> Vec<Task> {
    let _ = input;
    Vec::new()
}
