//! Document metadata: the date of the main event (or publication), publication date, source outlet
//! and author.
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::Document;
use serde::Serialize;

use crate::date::{DateMention, PartialDate};
use crate::event::Event;

/// What the contract calls the record's header fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Meta {
    /// Date of the main event reported; else the publication date.
    pub date: Option<PartialDate>,
    /// Publication date, where the document states it.
    pub published: Option<PartialDate>,
    /// The outlet ("Kinhtedothi", "HNM").
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
}

/// The metadata of a document.
pub fn find(doc: &Document, dates: &[DateMention], events: &[Event]) -> Meta {
    let _ = (doc, dates, events);
    Meta::default()
}
