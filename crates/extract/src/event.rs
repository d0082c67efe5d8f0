//! Events: meetings, working sessions, inspections, online conferences, reviews, congresses that the
//! text dates, with chair and place.
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::date::{DateMention, PartialDate};
use crate::person::Person;

/// A dated event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Short Vietnamese noun: "hội nghị", "kiểm tra", "làm việc", "đại hội", "sơ kết" …
    pub kind: String,
    /// When.
    pub date: PartialDate,
    /// Index into the people list of who chaired or led it.
    pub chair: Option<usize>,
    /// Where, as written.
    pub place: Option<String>,
    /// The words naming the event (trigger).
    pub span: Span,
    /// The date expression.
    pub date_span: Span,
}

/// The events of a document.
pub fn find(doc: &Document, dates: &[DateMention], people: &[Person]) -> Vec<Event> {
    let _ = (doc, dates, people);
    Vec::new()
}
