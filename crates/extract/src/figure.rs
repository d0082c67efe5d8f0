//! Figures: reported quantities of results, resources and targets with the counted noun and its
//! qualifier ("hơn 3.000 cán bộ chủ chốt", "kéo giảm 16,05%"); not dates, periods, ordinals or
//! document numbers.
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::date::DateMention;

/// A reported quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The number (3000 for "3.000", 16.05 for "16,05", 38000 for "38 nghìn").
    pub value: f64,
    /// "hơn", "gần", "khoảng", "trên", "dưới" … when given.
    pub qualifier: Option<String>,
    /// The thing counted, as written ("cán bộ chủ chốt"); "%" for percentages.
    pub unit: String,
    /// The whole expression.
    pub span: Span,
}

/// The figures of a document.
pub fn find(doc: &Document, dates: &[DateMention]) -> Vec<Figure> {
    let _ = (doc, dates);
    Vec::new()
}
