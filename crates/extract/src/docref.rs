//! Documents cited: Party codes (35-CT/TW), state codes (30/2020/NĐ-CP, 123/QĐ-TTg) and named
//! numbers ("Nghị quyết 12 của Bộ Chính trị", "Đề án 06"), merged across mentions, with issuer,
//! date and title.
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::date::{DateMention, PartialDate};

/// A document the text refers to by kind and number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRef {
    /// Kind ("Chỉ thị", "Kế hoạch", "Nghị định", "Công văn" …).
    pub kind: String,
    /// Number as written, without the type suffix ("35", "06").
    pub number: String,
    /// Full code when the text gives it ("35-CT/TW", "30/2020/NĐ-CP"); Party `TƯ` written `TW`.
    pub code: Option<String>,
    /// Issuing body ("Bộ Chính trị").
    pub issuer: Option<String>,
    /// Issue date.
    pub date: Option<PartialDate>,
    /// Quoted or "về …" subject.
    pub title: Option<String>,
    /// Every mention (kind + number, or code), in text order.
    pub mentions: Vec<Span>,
}

/// The documents a text cites.
pub fn find(doc: &Document, dates: &[DateMention]) -> Vec<DocRef> {
    let _ = (doc, dates);
    Vec::new()
}
