//! Organisations: units and bodies (Bộ Công an, Công an TP Hà Nội / CATP, Thành ủy, UBND …), with
//! abbreviations expanded and aliases merged.
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::{Document, Span};
use serde::Serialize;

/// An organisation named in a document, all its mentions merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Org {
    /// The fullest name the document gives, abbreviations expanded ("Ủy ban nhân dân thành phố").
    pub name: String,
    /// Other forms seen ("UBND thành phố", "CATP").
    pub aliases: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Span>,
}

/// The organisations of a document.
pub fn find(doc: &Document) -> Vec<Org> {
    let _ = doc;
    Vec::new()
}
