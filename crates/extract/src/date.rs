//! Dates: absolute and partial date expressions, resolved against the document's anchors.
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::{Document, Span};
use serde::Serialize;

/// A calendar date known to some precision. Unknown parts are `None`; a day with no known year is
/// written `XXXX-MM-DD` (TimeML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct PartialDate {
    /// Year, when known.
    pub year: Option<i32>,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// Day 1–31, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A full date.
    pub const fn ymd(year: i32, month: u8, day: u8) -> Self {
        PartialDate { year: Some(year), month: Some(month), day: Some(day) }
    }
    /// ISO 8601 at the known precision: `2020-06-15`, `XXXX-06-15`, `2020-08`, `XXXX-08`, `2020`;
    /// `None` when nothing is known.
    pub fn iso(&self) -> Option<String> {
        let y = self.year.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
        match (self.year, self.month, self.day) {
            (_, Some(m), Some(d)) => Some(format!("{y}-{m:02}-{d:02}")),
            (_, Some(m), None) => Some(format!("{y}-{m:02}")),
            (Some(_), None, _) => Some(y),
            (None, None, _) => None,
        }
    }
}

/// What kind of time expression a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// A day ("ngày 17/8/2021", "Chiều 9/6", "29-6").
    Day,
    /// A month ("tháng 8/2020", "giữa tháng 8/2020").
    Month,
    /// A year ("năm 2019").
    Year,
    /// A quarter ("quý II/2017"): `value` is its first month, `end` its last.
    Quarter,
    /// A half or other part of a year ("6 tháng cuối năm 2023").
    Part,
    /// A term ("nhiệm kỳ 2020-2025"): `value` its first year, `end` its last.
    Term,
}

/// A time expression found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The words of the expression.
    pub span: Span,
    /// Its start (or the point itself), year resolved where the document allows.
    pub value: PartialDate,
    /// Its end, for periods (quarters, parts of years, terms); equal to `value` for points.
    pub end: PartialDate,
    /// What it is.
    pub kind: DateKind,
}

/// All time expressions of a document's sentences and crawler header, in text order.
pub fn find(doc: &Document) -> Vec<DateMention> {
    let _ = doc;
    Vec::new()
}
