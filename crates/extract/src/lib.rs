//! # chidao-extract
//!
//! Reads a prepared [`chidao_text::Document`] and extracts, with byte spans, the facts of
//! chidao's register: dates, organisations, people (ranks, roles), cited documents, events,
//! figures and tasks. One module per kind of fact; language knowledge in `data/`.
//!
//! ```
//! use chidao_text::{decode, DecodeOptions, Document};
//! let (text, _) = decode("Sáng 5/4, UBND tỉnh Hòa Lạc họp.".as_bytes(), DecodeOptions::default()).unwrap();
//! let doc = Document::new("a.txt", text);
//! let facts = chidao_extract::extract(&doc);
//! let record = chidao_extract::record::Record::new(&facts);
//! assert_eq!(record.id, "a.txt");
//! ```
#![warn(missing_docs)]

pub mod date;
pub mod docref;
mod country;
pub mod event;
pub mod figure;
pub mod gazetteer;
pub mod header;
pub mod meta;
pub mod org;
pub mod person;
pub mod record;
pub mod relation;
mod scan;
pub mod task;
pub mod unit;
pub mod words;

use chidao_text::Document;

/// Everything extracted from one document.
#[derive(Debug, Clone)]
pub struct Extraction<'d> {
    /// The document.
    pub doc: &'d Document,
    /// Header fields.
    pub meta: meta::Meta,
    /// Time expressions.
    pub dates: Vec<date::DateMention>,
    /// Organisations.
    pub orgs: Vec<org::Org>,
    /// People.
    pub people: Vec<person::Person>,
    /// Cited documents.
    pub docrefs: Vec<docref::DocRef>,
    /// Events.
    pub events: Vec<event::Event>,
    /// Figures.
    pub figures: Vec<figure::Figure>,
    /// Tasks.
    pub tasks: Vec<task::Task>,
    /// An official document's own header and closing, when the text has one.
    pub header: Option<header::Header>,
}

/// Runs every extractor over a document, in dependency order.
pub fn extract(doc: &Document) -> Extraction<'_> {
    let dates = date::find(doc);
    let orgs = org::find(doc);
    // An official document's own header: its entry among the documents, its signer among the
    // people, its issue date (an annex's: the date of the document it goes with) as the record's
    // date.
    let header = header::find(doc);
    let mut people = person::find(doc, &orgs);
    // An official document's title lines are read for citations too ("Kế hoạch thực hiện Chỉ
    // thị số …"): the news zones take them for furniture.
    let mut docrefs = match &header {
        Some(h) => docref::find_with(doc, &dates, &h.title_spans),
        None => docref::find(doc, &dates),
    };
    if let Some(h) = &header {
        h.enter(&mut docrefs, &mut people);
    }
    let mut events = event::find(doc, &dates, &people);
    let figures = figure::find(doc, &dates);
    let mut meta = meta::find(doc, &dates, &events);
    if let Some(d) = header.as_ref().and_then(|h| h.date).or_else(|| header::annex_date(doc)) {
        meta.date = Some(d);
    }
    // An official invitation or notice of a meeting: the meeting its labelled fields call (once
    // the record's date is chosen: an official document's date is its issue date, never the day
    // of the meeting it calls).
    if header.is_some()
        && let Some(e) = event::notice(doc, &dates, &people)
    {
        event::merge(&mut events, e);
    }
    let mut x = Extraction { doc, meta, dates, orgs, people, docrefs, events, figures, tasks: Vec::new(), header };
    x.tasks = task::find(&x.task_input());
    x
}

impl Extraction<'_> {
    /// What the task reader reads of the other facts ([`task::find`], [`task::explain`]).
    pub fn task_input(&self) -> task::TaskInput<'_> {
        task::TaskInput { doc: self.doc, events: &self.events, dates: &self.dates, people: &self.people, orgs: &self.orgs, docrefs: &self.docrefs, header: self.header.as_ref(), now: meta::own_time(&self.meta) }
    }
}
