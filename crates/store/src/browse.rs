//! Reading the register for a browser: one document with all its facts, the events timeline,
//! facet counts for a search, lists of documents.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chidao_text::ascii_fold::ascii_fold;
use serde::Serialize;

use crate::corrections::{Action, Correction, Overlay};
use crate::db::{Db, Row, args};
use crate::error::{Result, StoreError};
use crate::{SearchQuery, Store, dates};

/// A document with every fact read from it.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    /// Its id as ingested.
    pub id: String,
    /// Headline.
    pub headline: Option<String>,
    /// Date of the main event (or of publication).
    pub date: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Source (newspaper).
    pub source: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// The original this one nearly copies.
    pub duplicate_of: Option<String>,
    /// When it was ingested (UTC).
    pub ingested_at: String,
    /// The text of `range` (the whole text when it was read whole).
    pub text: String,
    /// The byte range of the text that `text` holds; spans are byte offsets into the whole text.
    pub range: (usize, usize),
    /// The whole text's length in bytes.
    pub length: usize,
    /// The facts starting in `range` (of the kind asked), of which `facts` holds a page.
    pub facts_total: usize,
    /// The facts of the whole document, by kind.
    pub counts: BTreeMap<String, usize>,
    /// Facts starting in `range`, by start: a page of `facts_total`.
    pub facts: Vec<FactView>,
    /// The original it was read from (a file: name, format, pages read by OCR…), if recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<crate::sources::Source>,
}

/// What part of a document to read: a byte range of its text and a page of the facts that start
/// in it.
#[derive(Debug, Clone)]
pub struct DocRange {
    /// First byte (a character boundary).
    pub start: usize,
    /// End (exclusive; `None`: the end of the text). Cut back to a character boundary.
    pub end: Option<usize>,
    /// Only facts of this kind.
    pub kind: Option<String>,
    /// Facts to skip.
    pub offset: usize,
    /// Most facts.
    pub limit: usize,
}

/// The kinds of fact a document view shows.
pub const FACT_KINDS: &[&str] = &["person", "role", "org", "directive", "event", "task", "figure"];

/// Longest quote of a fact, in bytes: a longer span's quote is cut (at a character boundary)
/// and ends with "…".
pub const QUOTE_MAX: usize = 4096;

/// How many events [`Store::events`] reads at first; each further chunk is twice as large (up to
/// 16 times).
const EVENT_CHUNK: usize = 256;

/// How far past a part's nominal size [`Store::document_parts`] looks for a line break.
const CUT_WINDOW: usize = 4096;

/// Whether byte `i` of a piece of UTF-8 starts a character (or is the piece's end).
fn is_boundary(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|&x| (x as i8) >= -0x40)
}

fn utf8(b: &[u8], id: &str) -> Result<String> {
    String::from_utf8(b.to_vec()).map_err(|e| StoreError::Invalid(format!("{id}: the stored text is not UTF-8 ({e})")))
}

/// A document's stored text, read piece by piece: on SQLite with incremental blob I/O (only the
/// pages holding the bytes asked for are read), on PostgreSQL as a `substring` of the text's
/// UTF-8 bytes (only the bytes asked for cross the network). Offsets are bytes on both.
enum TextReader<'c> {
    Lite(rusqlite::blob::Blob<'c>),
    Pg { db: Db<'c>, doc: i64, len: usize },
}

impl<'c> TextReader<'c> {
    fn open(db: Db<'c>, doc: i64) -> Result<TextReader<'c>> {
        match db {
            Db::Lite(c) => Ok(TextReader::Lite(c.blob_open(rusqlite::MAIN_DB, "doc_texts", "text", doc, true)?)),
            Db::Pg(_) => {
                let len: i64 = db.one("SELECT octet_length(text) FROM doc_texts WHERE doc = ?1", args![doc])?;
                Ok(TextReader::Pg { db, doc, len: usize::try_from(len).unwrap_or(0) })
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            TextReader::Lite(b) => b.len(),
            TextReader::Pg { len, .. } => *len,
        }
    }

    /// Bytes `a..b` (within the text).
    fn read(&self, a: usize, b: usize) -> Result<Vec<u8>> {
        let n = b.saturating_sub(a);
        match self {
            TextReader::Lite(blob) => {
                let mut buf = vec![0; n];
                blob.read_at_exact(&mut buf, a)?;
                Ok(buf)
            }
            TextReader::Pg { db, doc, .. } => {
                let bytes: Vec<u8> =
                    db.one("SELECT substring(convert_to(text, 'UTF8') FROM ?2 FOR ?3) FROM doc_texts WHERE doc = ?1", args![*doc, a + 1, n])?;
                if bytes.len() != n {
                    return Err(StoreError::Invalid(format!("text of document row {doc}: {} bytes read of {a}..{b}", bytes.len())));
                }
                Ok(bytes)
            }
        }
    }
}

/// One fact of a document, machine-read or added by a person, with the user's corrections.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    /// person | role | org | directive | event | task | figure.
    pub kind: String,
    /// Byte span in the document's text.
    pub span: (usize, usize),
    /// The words at the span.
    pub quote: String,
    /// Attributes, corrections applied.
    pub attrs: BTreeMap<String, String>,
    /// The register entity it belongs to (person, organisation, directive, event id), if any.
    pub entity: Option<i64>,
    /// A person rejected it.
    pub rejected: bool,
    /// A person added it (the machine missed it).
    pub added: bool,
    /// Corrections in force on it, oldest first.
    pub corrections: Vec<Correction>,
    /// Read from a page that was OCRed: less certain.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
}

/// Filters of the events timeline.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Events reported by documents naming an organisation whose name contains this.
    pub org: Option<String>,
    /// Kind ("hội nghị", "kiểm tra" …), folded match.
    pub kind: Option<String>,
    /// On or after (user date).
    pub from: Option<String>,
    /// On or before (user date).
    pub to: Option<String>,
    /// Rows to skip.
    pub offset: Option<usize>,
    /// Most rows (default 50).
    pub limit: Option<usize>,
    /// Every report its own row: the reports of one event by several papers (see
    /// [`Store::events`]) are not grouped.
    pub reposts: bool,
}

/// What the events timeline compares to group the reports of one event (see [`Store::events`]).
struct DayEvent {
    /// Kind, folded.
    kind: String,
    /// Headlines of the documents reporting it, folded.
    heads: BTreeSet<String>,
    /// Chair (person id).
    chair: Option<i64>,
    /// Office-holders named in the documents reporting it.
    named: BTreeSet<i64>,
    /// Distinctive words of its place.
    place: BTreeSet<String>,
}

impl DayEvent {
    /// Whether `o` (same day and kind) is another report of this event by its people.
    fn same_event(&self, o: &DayEvent) -> bool {
        match (self.chair, o.chair) {
            (Some(a), Some(b)) => a == b,
            (Some(c), None) => o.named.contains(&c) && self.places_agree(o),
            (None, Some(c)) => self.named.contains(&c) && self.places_agree(o),
            (None, None) => !self.named.is_disjoint(&o.named) && self.places_agree(o),
        }
    }

    fn places_agree(&self, o: &DayEvent) -> bool {
        self.place.is_empty() || o.place.is_empty() || !self.place.is_disjoint(&o.place)
    }
}

/// An event of the register.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    /// Register id.
    pub id: i64,
    /// Kind.
    pub kind: String,
    /// Date (ISO, maybe partial).
    pub date: Option<String>,
    /// Chair: register id and name.
    pub chair: Option<(i64, String)>,
    /// Place.
    pub place: Option<String>,
    /// The passages reporting it: the event's own first, then those of other reports of the
    /// same event grouped into this row (see [`Store::events`]).
    pub evidence: Vec<crate::Evidence>,
    /// Other events of the register grouped into this row as reports of the same event.
    pub also: Vec<i64>,
}

/// Counts of a search's documents by facet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    /// Documents counted (the matches, at most [`FACET_DOCS`]).
    pub documents: usize,
    /// The search matches more documents than were counted: the counts are those of its newest
    /// [`FACET_DOCS`] matches, a lower bound of the whole result's.
    pub partial: bool,
    /// By year.
    pub years: Vec<FacetValue>,
    /// By person named.
    pub people: Vec<FacetValue>,
    /// By organisation named.
    pub orgs: Vec<FacetValue>,
    /// By directive cited.
    pub directives: Vec<FacetValue>,
    /// Facts by kind.
    pub kinds: Vec<FacetValue>,
}

/// One value of a facet.
#[derive(Debug, Clone, Serialize)]
pub struct FacetValue {
    /// Register id (people, organisations, directives).
    pub id: Option<i64>,
    /// What to show and filter on.
    pub value: String,
    /// Documents (or facts, for kinds).
    pub count: i64,
}

/// Facets count at most this many of a search's matches, the newest (all of them when fewer;
/// [`Facets::partial`] says when there were more).
pub const FACET_DOCS: usize = 1000;

/// Values a facet of people, organisations or directives lists.
pub const FACET_TOP: usize = 10;

/// A stored document, in a list.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    /// Its id.
    pub id: String,
    /// Headline.
    pub headline: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Near-copy of.
    pub duplicate_of: Option<String>,
}

/// The facts of a document, kind by kind (figures apart: their value is a number): each query
/// selects the register entity (or NULL), the span, then the attributes named beside it, for the
/// document row `?1`, of the facts starting in the byte range `?2..?3`.
const FACT_QUERIES: &[(&str, &str, &[&str])] = &[
    ("person", "SELECT m.person, m.start, m.end, m.name, m.rank FROM person_mentions m WHERE m.doc = ?1 AND m.end > m.start AND m.start >= ?2 AND m.start < ?3", &["name", "rank"]),
    (
        "role",
        "SELECT r.person, r.start, r.end, r.role, r.org, p.name FROM person_roles r JOIN persons p ON p.id = r.person
         WHERE r.doc = ?1 AND r.end > r.start AND r.start >= ?2 AND r.start < ?3",
        &["role", "org", "person"],
    ),
    (
        "org",
        "SELECT m.org, m.start, m.end, o.name FROM org_mentions m JOIN orgs o ON o.id = m.org WHERE m.doc = ?1 AND m.end > m.start AND m.start >= ?2 AND m.start < ?3",
        &["name"],
    ),
    (
        "directive",
        "SELECT m.directive, m.start, m.end, m.kind, m.number, COALESCE(m.code, d.code), COALESCE(m.issuer, d.issuer), COALESCE(m.date, d.date),
                COALESCE(m.title, d.title), m.rule
         FROM directive_mentions m LEFT JOIN directives d ON d.id = m.directive WHERE m.doc = ?1 AND m.end > m.start AND m.start >= ?2 AND m.start < ?3",
        &["kind", "number", "code", "issuer", "date", "title", "link"],
    ),
    (
        "event",
        "SELECT e.id, m.start, m.end, e.kind, e.date, p.name, e.place FROM event_mentions m JOIN events e ON e.id = m.event
         LEFT JOIN persons p ON p.id = e.chair WHERE m.doc = ?1 AND m.end > m.start AND m.start >= ?2 AND m.start < ?3",
        &["kind", "date", "chair", "place"],
    ),
    (
        "task",
        "SELECT NULL, t.start, t.end, t.key, t.kind, t.issuer, t.assignee, t.deadline, t.due, COALESCE(s.status, 'open'), s.note,
                t.tier, t.confidence, t.reasons
         FROM tasks t LEFT JOIN task_status s ON s.key = t.key WHERE t.doc = ?1 AND t.end > t.start AND t.start >= ?2 AND t.start < ?3",
        &["id", "kind", "issuer", "assignee", "deadline", "due", "status", "note", "tier", "confidence", "reasons"],
    ),
];

/// The facts of a document of each kind (as [`FACT_QUERIES`] and the figures read them).
const COUNT_QUERIES: &[(&str, &str)] = &[
    ("person", "SELECT COUNT(*) FROM person_mentions WHERE doc = ?1 AND \"end\" > start"),
    ("role", "SELECT COUNT(*) FROM person_roles WHERE doc = ?1 AND \"end\" > start"),
    ("org", "SELECT COUNT(*) FROM org_mentions WHERE doc = ?1 AND \"end\" > start"),
    ("directive", "SELECT COUNT(*) FROM directive_mentions WHERE doc = ?1 AND \"end\" > start"),
    ("event", "SELECT COUNT(*) FROM event_mentions WHERE doc = ?1 AND \"end\" > start"),
    ("task", "SELECT COUNT(*) FROM tasks WHERE doc = ?1 AND \"end\" > start"),
    ("figure", "SELECT COUNT(*) FROM figures WHERE doc = ?1 AND \"end\" > start"),
];

fn span_of(r: &Row<'_>, i: usize) -> Result<(usize, usize)> {
    Ok((r.get::<usize>(i)?, r.get::<usize>(i + 1)?))
}

/// The facts of a document of each kind, counted in one statement (one round trip).
static COUNTS_SQL: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {}", COUNT_QUERIES.iter().map(|(_, q)| format!("({q})")).collect::<Vec<_>>().join(", ")));

/// A task's confidence as shown: two decimals, rounded half away from zero on the number's exact
/// value (as SQLite's `printf('%.2f', …)` gave it).
fn two_decimals(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v:.2}");
    }
    let exact = format!("{:.30}", v.abs());
    let (int, frac) = exact.split_once('.').unwrap_or((&exact, "000"));
    let (Ok(int), Ok(cents)) = (int.parse::<u128>(), frac.get(..2).unwrap_or("00").parse::<u128>()) else { return format!("{v:.2}") };
    let n = int * 100 + cents + u128::from(frac.as_bytes().get(2).is_some_and(|&d| d >= b'5'));
    let sign = if v.is_sign_negative() && v != 0.0 { "-" } else { "" };
    format!("{sign}{}.{:02}", n / 100, n % 100)
}

/// A task's reasons (a JSON array) as lines, as SQLite's `group_concat` over `json_each` gave
/// them; none when the array is empty.
fn reason_lines(json: Option<&str>) -> Option<String> {
    let items: Vec<serde_json::Value> = serde_json::from_str(json?).ok()?;
    let lines: Vec<String> = items
        .into_iter()
        .filter_map(|v| match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Bool(b) => Some(u8::from(b).to_string()),
            v => Some(v.to_string()),
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod shown_as_sqlite_did {
    use super::*;

    /// The confidence and reasons as SQLite's `printf` and `group_concat` over `json_each` gave
    /// them when they were computed in SQL: ties round away from zero, the exact value decides.
    #[test]
    fn decimals_and_reasons_as_sqlite_gave_them() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        for v in [0.0, 0.125, 0.625, 0.285, 0.995, 1.005, 0.5, 0.33333, 2.675, 0.875, 1.0, 0.004999, 0.005, -0.125, 12.345] {
            let sqlite: String = c.query_row("SELECT printf('%.2f', ?1)", [v], |r| r.get(0)).unwrap();
            assert_eq!(two_decimals(v), sqlite, "{v}");
        }
        for json in [r#"["a","b c"]"#, "[]", r#"["một",2,null,true,1.5]"#] {
            let sqlite: Option<String> = c.query_row("SELECT (SELECT group_concat(value, char(10)) FROM json_each(?1))", [json], |r| r.get(0)).unwrap();
            assert_eq!(reason_lines(Some(json)), sqlite, "{json}");
        }
        assert_eq!(reason_lines(None), None);
    }

    /// Fictional reports: one meeting reported by two papers, another meeting the same day, one
    /// the day before.
    const REPORTS: [(&str, &str); 4] = [
        ("a.txt", "Hội nghị tổng kết công tác tuyển quân\n\nSáng 5/3/2024, UBND huyện Tân Lộc tổ chức hội nghị tổng kết công tác tuyển quân năm 2024. Chủ tịch UBND huyện Tân Lộc Phạm Minh Đức chủ trì hội nghị.\n"),
        ("b.txt", "Tân Lộc tổng kết tuyển quân\n\nNgày 5/3/2024, tại hội trường huyện, UBND huyện Tân Lộc tổ chức hội nghị tổng kết công tác tuyển quân. Đồng chí Phạm Minh Đức, Chủ tịch UBND huyện chủ trì hội nghị.\n"),
        ("c.txt", "Huyện ủy Tân Lộc họp Ban Thường vụ\n\nChiều 5/3/2024, Ban Thường vụ Huyện ủy Tân Lộc họp phiên thường kỳ. Bí thư Huyện ủy Tân Lộc Trần Thị Hoa chủ trì cuộc họp.\n"),
        ("d.txt", "Kiểm tra công tác phòng cháy\n\nNgày 4/3/2024, đoàn kiểm tra của Công an tỉnh Hòa Lạc kiểm tra công tác phòng cháy tại huyện Tân Lộc. Đại tá Lê Văn Tâm, Giám đốc Công an tỉnh dẫn đầu đoàn.\n"),
    ];

    /// Chunks of any size give the same page: a day's events and the page's end carry over from
    /// one chunk to the next.
    #[test]
    fn events_read_in_chunks_of_any_size_are_the_same() {
        let mut s = Store::open_in_memory().unwrap();
        for (id, text) in REPORTS {
            s.ingest_one(id, text.as_bytes()).unwrap();
        }
        let rows = |q: &EventQuery, first: usize| serde_json::to_value(s.events_in_chunks(q, first).unwrap()).unwrap();
        let queries = [
            EventQuery::default(),
            EventQuery { reposts: true, ..Default::default() },
            EventQuery { offset: Some(1), limit: Some(1), ..Default::default() },
            EventQuery { limit: Some(1), ..Default::default() },
        ];
        let all = s.events(&EventQuery::default()).unwrap();
        assert!(all.len() >= 3 && all.iter().any(|e| e.evidence.len() >= 2), "three events, one reported twice: {all:#?}");
        for q in &queries {
            let whole = rows(q, EVENT_CHUNK);
            for first in [1, 2, 3] {
                assert_eq!(rows(q, first), whole, "{q:?} in chunks from {first}");
            }
        }
    }
}

fn put(attrs: &mut BTreeMap<String, String>, k: &str, v: Option<String>) {
    if let Some(v) = v.filter(|v| !v.is_empty()) {
        attrs.insert(k.to_string(), v);
    }
}

impl Store {
    /// Documents, newest first.
    pub fn documents(&self, offset: usize, limit: usize) -> Result<Vec<DocSummary>> {
        self.db().rows(
            "SELECT d.ext_id, d.headline, d.date, d.source, (SELECT ext_id FROM documents o WHERE o.id = d.dup_of)
             FROM documents d ORDER BY d.ingested_at DESC, d.id DESC LIMIT ?1 OFFSET ?2",
            args![i64::try_from(limit).unwrap_or(i64::MAX), i64::try_from(offset).unwrap_or(i64::MAX)],
            |r| Ok(DocSummary { id: r.get(0)?, headline: r.get(1)?, date: r.get(2)?, source: r.get(3)?, duplicate_of: r.get(4)? }),
        )
    }

    /// One document with all its facts and the corrections made to them (the whole text: for a
    /// long document, read it in parts with [`Store::document_range`]).
    pub fn document(&self, id: &str) -> Result<Option<DocView>> {
        self.document_range(id, &DocRange { start: 0, end: None, kind: None, offset: 0, limit: usize::MAX })
    }

    /// A part of a document: the text of a byte range and a page of the facts starting in it
    /// (of one kind, if asked), with the corrections made to them. Only that part of the text is
    /// read (incremental blob I/O on SQLite, a substring on PostgreSQL), so the memory a request
    /// takes does not grow with the document. `None` when there is no such document;
    /// [`StoreError::Invalid`] for a start past the end of the text or inside a character.
    pub fn document_range(&self, id: &str, r: &DocRange) -> Result<Option<DocView>> {
        let db = self.db();
        let Some((row, mut view)) = db.row_opt(
            "SELECT d.id, d.ext_id, d.headline, d.date, d.published, d.source, d.author,
                    (SELECT ext_id FROM documents o WHERE o.id = d.dup_of), d.ingested_at
             FROM documents d WHERE d.ext_id = ?1",
            args![id],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    DocView {
                        id: r.get(1)?,
                        headline: r.get(2)?,
                        date: r.get(3)?,
                        published: r.get(4)?,
                        source: r.get(5)?,
                        author: r.get(6)?,
                        duplicate_of: r.get(7)?,
                        ingested_at: r.get(8)?,
                        text: String::new(),
                        range: (0, 0),
                        length: 0,
                        facts_total: 0,
                        counts: BTreeMap::new(),
                        facts: Vec::new(),
                        original: None,
                    },
                ))
            },
        )?
        else {
            return Ok(None);
        };
        if let Some(k) = r.kind.as_deref()
            && !FACT_KINDS.contains(&k)
        {
            return Err(StoreError::Invalid(format!("kind: {k:?} is not a kind of fact ({})", FACT_KINDS.join(", "))));
        }
        let text = TextReader::open(db, row)?;
        let len = text.len();
        if r.start > len {
            return Err(StoreError::Invalid(format!("start: {} is past the end of the text ({len} bytes)", r.start)));
        }
        // The range's text and, after it, enough for the quotes of the facts starting near its end.
        let end = r.end.unwrap_or(len).clamp(r.start, len);
        let window = text.read(r.start, end.saturating_add(QUOTE_MAX + 4).min(len))?;
        if !is_boundary(&window, 0) {
            return Err(StoreError::Invalid(format!("start: {} is inside a character (offsets are bytes of the UTF-8 text, on character boundaries)", r.start)));
        }
        let mut cut = end - r.start;
        while !is_boundary(&window, cut) {
            cut -= 1;
        }
        let end = r.start + cut;
        view.text = utf8(&window[..cut], id)?;
        view.range = (r.start, end);
        view.length = len;

        let mut facts: Vec<FactView> = Vec::new();
        let mut add = |kind: &str, span: (usize, usize), entity: Option<i64>, attrs: BTreeMap<String, String>| {
            facts.push(FactView { kind: kind.into(), span, quote: String::new(), attrs, entity, rejected: false, added: false, corrections: Vec::new(), ocr: false });
        };
        let wanted = |kind: &str| r.kind.as_deref().is_none_or(|k| k == kind);
        let (lo, hi) = (r.start as i64, end as i64);
        for (kind, sql, names) in FACT_QUERIES {
            if !wanted(kind) {
                continue;
            }
            db.each(sql, args![row, lo, hi], |r| {
                let mut a = BTreeMap::new();
                for (i, name) in names.iter().enumerate() {
                    let v = match *name {
                        "confidence" => Some(two_decimals(r.get::<Option<f64>>(3 + i)?.unwrap_or(0.0))),
                        "reasons" => reason_lines(r.get::<Option<String>>(3 + i)?.as_deref()),
                        _ => r.get(3 + i)?,
                    };
                    put(&mut a, name, v);
                }
                add(kind, span_of(r, 1)?, r.get(0)?, a);
                Ok(())
            })?;
        }
        if wanted("figure") {
            db.each(
                "SELECT value, qualifier, unit, start, \"end\" FROM figures WHERE doc = ?1 AND \"end\" > start AND start >= ?2 AND start < ?3",
                args![row, lo, hi],
                |r| {
                    let mut a = BTreeMap::new();
                    let v: f64 = r.get(0)?;
                    a.insert("value".into(), format_number(v));
                    put(&mut a, "qualifier", r.get(1)?);
                    put(&mut a, "unit", r.get(2)?);
                    add("figure", span_of(r, 3)?, None, a);
                    Ok(())
                },
            )?;
        }
        let counts: Vec<i64> = db.row(&COUNTS_SQL, args![row], |r| (0..COUNT_QUERIES.len()).map(|i| r.get(i)).collect())?;
        for ((kind, _), n) in COUNT_QUERIES.iter().zip(counts) {
            if n > 0 {
                view.counts.insert((*kind).to_string(), n as usize);
            }
        }
        // The user's side: corrections over the machine's facts, and facts a person added.
        let ov: Overlay = self.overlay(Some(id), None)?;
        for f in &mut facts {
            let cs: Vec<Correction> = ov.of(id, &f.kind, f.span).cloned().collect();
            f.rejected = cs.iter().any(|c| c.action == Action::Reject);
            for (field, value, _) in ov.edits(id, &f.kind, f.span) {
                f.attrs.insert(field, value);
            }
            f.corrections = cs;
        }
        let added: Vec<&Correction> = ov.added().filter(|c| c.span.0 < c.span.1 && c.span.1 <= len).collect();
        // The statuses of the added tasks shown, in one statement.
        let shown: Vec<String> = added.iter().filter(|c| c.span.0 >= r.start && c.span.0 < end && wanted(&c.kind)).map(|c| format!("user-{}", c.id)).collect();
        let mut statuses: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
        if !shown.is_empty() {
            let keys = serde_json::to_string(&shown).unwrap_or_default();
            db.each(&format!("SELECT key, status, note FROM task_status WHERE key IN ({})", db.texts_in("?1")), args![keys], |r| {
                statuses.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
                Ok(())
            })?;
        }
        for c in added {
            *view.counts.entry(c.kind.clone()).or_default() += 1;
            if c.span.0 < r.start || c.span.0 >= end || !wanted(&c.kind) {
                continue;
            }
            let mut a: BTreeMap<String, String> = c
                .value
                .as_deref()
                .and_then(|v| serde_json::from_str::<BTreeMap<String, serde_json::Value>>(v).ok())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
                .collect();
            let key = format!("user-{}", c.id);
            let (st, note) = statuses.remove(&key).unwrap_or(("open".into(), None));
            a.insert("id".into(), key);
            a.entry("kind".into()).or_insert_with(|| "directive".into());
            a.insert("status".into(), st);
            put(&mut a, "note", note);
            if let Some(d) = a.get("deadline").and_then(|d| crate::corrections::user_deadline(d).ok()) {
                a.insert("due".into(), d.1);
            }
            facts.push(FactView {
                kind: c.kind.clone(),
                span: c.span,
                quote: String::new(),
                attrs: a,
                entity: None,
                rejected: false,
                added: true,
                corrections: vec![c.clone()],
                ocr: false,
            });
        }
        // Spans must hold in the text (a stale fact of an older text is left out).
        facts.retain(|f| f.span.1 <= len && is_boundary(&window, f.span.0 - r.start) && (f.span.1 - r.start >= window.len() || is_boundary(&window, f.span.1 - r.start)));
        facts.sort_by(|a, b| (a.span.0, std::cmp::Reverse(a.span.1), &a.kind).cmp(&(b.span.0, std::cmp::Reverse(b.span.1), &b.kind)));
        view.facts_total = facts.len();
        let mut facts: Vec<FactView> = facts.into_iter().skip(r.offset).take(r.limit).collect();
        for f in &mut facts {
            let (a, b) = (f.span.0 - r.start, f.span.1 - r.start);
            let mut q = b.min(a + QUOTE_MAX).min(window.len());
            while !is_boundary(&window, q) {
                q -= 1;
            }
            f.quote = utf8(&window[a..q], id)?;
            if q < b {
                f.quote.push('…');
            }
        }
        view.original = self.source(id)?;
        if let Some(src) = view.original.as_ref().filter(|s| s.ocr_pages > 0) {
            for f in &mut facts {
                f.ocr = src.is_ocr_at(f.span.0);
            }
        }
        view.facts = facts;
        Ok(Some(view))
    }

    /// A document's text cut in parts of about `size` bytes each (at least one part), as byte
    /// ranges: each part but the last ends after a line break found within a few KB past `size`
    /// (else after a space, else at a character boundary), so that a part starts a paragraph.
    /// Reads a few KB around each cut, never the whole text. `None`: no such document.
    pub fn document_parts(&self, id: &str, size: usize) -> Result<Option<Vec<(usize, usize)>>> {
        let db = self.db();
        let Some(row) = db.row_opt("SELECT id FROM documents WHERE ext_id = ?1", args![id], |r| r.get::<i64>(0))? else {
            return Ok(None);
        };
        let text = TextReader::open(db, row)?;
        let len = text.len();
        let size = size.max(1);
        let mut parts = Vec::new();
        let mut from = 0;
        while len - from > size + CUT_WINDOW {
            let x = from + size;
            let w = text.read(x, (x + CUT_WINDOW).min(len))?;
            let cut = match w.iter().position(|&b| b == b'\n') {
                Some(i) => i + w[i..].iter().take_while(|&&b| b == b'\n').count(),
                None => match w.iter().position(|&b| b == b' ') {
                    Some(i) => i + 1,
                    None => (0..w.len()).find(|&i| is_boundary(&w, i)).unwrap_or(w.len()),
                },
            };
            parts.push((from, x + cut));
            from = x + cut;
        }
        parts.push((from, len));
        Ok(Some(parts))
    }

    /// Events, newest first, corrections applied.
    ///
    /// The events are read in chunks (growing), each with the passages reporting its events and
    /// the office-holders their documents name in one statement apiece, so that a page costs a
    /// few round trips on PostgreSQL, not one per event.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        self.events_in_chunks(q, EVENT_CHUNK)
    }

    /// [`Store::events`], reading `first` events at first (tests cut the chunks small).
    fn events_in_chunks(&self, q: &EventQuery, first: usize) -> Result<Vec<EventRow>> {
        let from = q.from.as_deref().map(|d| dates::parse_user_date(d, false)).transpose()?;
        let to = q.to.as_deref().map(|d| dates::parse_user_date(d, true)).transpose()?;
        let orgs = match q.org.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            Some(o) => {
                let ids = crate::query::org_ids(self, o)?;
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                Some(format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")))
            }
            None => None,
        };
        let kind = q.kind.as_deref().map(|k| ascii_fold(k.trim())).filter(|k| !k.is_empty());
        let ov = self.overlay(None, Some("event"))?;
        let (offset, limit) = (q.offset.unwrap_or(0), q.limit.unwrap_or(50).clamp(1, 1000));
        let db = self.db();
        let list_sql = format!(
            "SELECT e.id, e.kind, e.date, e.chair, p.name, e.place FROM events e LEFT JOIN persons p ON p.id = e.chair
             WHERE EXISTS (SELECT 1 FROM event_mentions m JOIN documents d ON d.id = m.doc WHERE m.event = e.id AND d.dup_of IS NULL
                           AND (CAST(?1 AS text) IS NULL OR EXISTS (SELECT 1 FROM org_mentions om WHERE om.doc = m.doc AND om.org IN ({}))))
               AND (CAST(?2 AS text) IS NULL OR (e.date >= ?2 AND e.date NOT LIKE 'X%'))
               AND (CAST(?3 AS text) IS NULL OR (e.date <= ?3 AND e.date NOT LIKE 'X%'))
             ORDER BY e.date IS NULL, e.date DESC, e.id DESC LIMIT ?4 OFFSET ?5",
            db.ints_in("?1")
        );
        let evidence_sql = format!(
            "SELECT m.event, d.ext_id, d.date, d.headline, m.start, m.end FROM event_mentions m JOIN documents d ON d.id = m.doc
             WHERE m.event IN ({}) AND d.dup_of IS NULL ORDER BY m.event, d.date NULLS FIRST, d.id, m.rowid",
            db.ints_in("?1")
        );
        // People named in a document, with an official role or rank (see
        // crate::confidence): who a report is about, when it names no chair.
        let named_sql = format!(
            "SELECT DISTINCT d.ext_id, p.id FROM person_mentions m JOIN persons p ON p.id = m.person JOIN documents d ON d.id = m.doc
             WHERE d.ext_id IN ({}) AND {}",
            db.texts_in("?1"),
            crate::confidence::person_confident_sql()
        );
        type EventHead = (i64, String, Option<String>, Option<i64>, Option<String>, Option<String>);
        type Passage = (String, Option<String>, Option<String>, (usize, usize));
        let mut out: Vec<EventRow> = Vec::new();
        let mut skipped = 0;
        // Events of one day already listed (or skipped by the offset). An event of that day and
        // kind joins a listed one as another report of it (another paper, or the same article
        // reposted) when (1) it is reported only by documents under the listed one's headlines
        // (a copy too reworded for the near-duplicate signature), or (2) they have the same
        // chair, or (3) one names a chair whom the other's documents name, or neither names one
        // and their documents name a common office-holder — and, for (3), their places do not
        // tell them apart (both given, no distinctive word in common).
        let mut day: Vec<(DayEvent, Option<usize>)> = Vec::new();
        let mut day_date: Option<Option<String>> = None;
        let (mut read, mut chunk) = (0usize, first.max(1));
        'chunks: loop {
            let heads: Vec<EventHead> = db.rows(&list_sql, args![orgs, from, to, chunk, read], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
            let last_chunk = heads.len() < chunk;
            read += heads.len();
            chunk = (chunk * 2).min(16 * EVENT_CHUNK);
            if heads.is_empty() {
                break;
            }
            let ids = format!("[{}]", heads.iter().map(|h| h.0.to_string()).collect::<Vec<_>>().join(","));
            let mut passages: BTreeMap<i64, Vec<Passage>> = BTreeMap::new();
            db.each(&evidence_sql, args![ids], |r| {
                passages.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?, span_of(r, 4)?));
                Ok(())
            })?;
            let mut named_in: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
            if !q.reposts {
                let docs: BTreeSet<&str> = passages.values().flatten().map(|p| p.0.as_str()).collect();
                if !docs.is_empty() {
                    let docs = serde_json::to_string(&docs).unwrap_or_default();
                    db.each(&named_sql, args![docs], |r| {
                        named_in.entry(r.get(0)?).or_default().insert(r.get(1)?);
                        Ok(())
                    })?;
                }
            }
            for (id, kind_of, date, chair, chair_name, place) in heads {
                let mut e = EventRow {
                    id,
                    kind: kind_of,
                    date,
                    chair: match (chair, chair_name) {
                        (Some(i), Some(n)) => Some((i, n)),
                        _ => None,
                    },
                    place,
                    evidence: Vec::new(),
                    also: Vec::new(),
                };
                for (doc, date, headline, span) in passages.remove(&id).unwrap_or_default() {
                    if ov.rejected(&doc, "event", span) {
                        continue;
                    }
                    let edits = ov.edits(&doc, "event", span);
                    for (f, v, _) in &edits {
                        match f.as_str() {
                            "kind" => e.kind = v.clone(),
                            "date" => e.date = Some(v.clone()),
                            "place" => e.place = Some(v.clone()),
                            _ => {}
                        }
                    }
                    e.evidence.push(crate::Evidence { doc, date, headline, span, corrected: !edits.is_empty() });
                }
                if e.evidence.is_empty() || kind.as_ref().is_some_and(|k| !ascii_fold(&e.kind).contains(k.as_str())) {
                    continue;
                }
                if day_date.as_ref() != Some(&e.date) {
                    if out.len() >= limit {
                        break 'chunks;
                    }
                    day_date = Some(e.date.clone());
                    day.clear();
                }
                let heads: Option<BTreeSet<String>> =
                    e.evidence.iter().map(|v| v.headline.as_deref().map(|h| ascii_fold(h.trim())).filter(|h| !h.is_empty())).collect();
                let mut named = BTreeSet::new();
                if !q.reposts && e.date.is_some() {
                    for v in &e.evidence {
                        named.extend(named_in.get(&v.doc).into_iter().flatten().copied());
                    }
                }
                let this = DayEvent {
                    kind: ascii_fold(&e.kind),
                    heads: heads.clone().unwrap_or_default(),
                    chair: e.chair.as_ref().map(|c| c.0),
                    named,
                    place: e.place.as_deref().map(|p| crate::people::distinctive_words([p])).unwrap_or_default(),
                };
                let same = |d: &DayEvent| {
                    d.kind == this.kind
                        && (heads.as_ref().is_some_and(|h| h.is_subset(&d.heads))
                            || (!q.reposts && e.date.is_some() && d.same_event(&this)))
                };
                if let Some((d, at)) = day.iter_mut().find(|(d, _)| same(d)) {
                    if let Some(row) = at.and_then(|i| out.get_mut(i)) {
                        row.evidence.extend(e.evidence);
                        row.also.push(e.id);
                        if row.chair.is_none() {
                            row.chair = e.chair;
                        }
                    }
                    // What the row knows of the event grows with each report.
                    d.named.extend(this.named);
                    d.heads.extend(this.heads);
                    if d.chair.is_none() {
                        d.chair = this.chair;
                    }
                    continue;
                }
                if out.len() >= limit {
                    // The page is full: only other reports of its last day's events were still wanted.
                    continue;
                }
                let at = if skipped < offset {
                    skipped += 1;
                    None
                } else {
                    out.push(e);
                    Some(out.len() - 1)
                };
                day.push((this, at));
            }
            if last_chunk {
                break;
            }
        }
        Ok(out)
    }

    /// Facet counts over a search's matches (at most [`FACET_DOCS`] documents).
    pub fn facets(&self, q: &SearchQuery) -> Result<Facets> {
        if q.kind.as_deref().is_some_and(|k| !matches!(k.trim(), "" | "document" | "doc" | "documents")) {
            return Err(StoreError::Invalid("facets count documents: leave out the kind".into()));
        }
        let mut hits = self.search_rows(&SearchQuery { limit: Some(FACET_DOCS + 1), kind: None, ..q.clone() })?;
        let partial = hits.len() > FACET_DOCS;
        hits.truncate(FACET_DOCS);
        let ids = format!("[{}]", hits.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let db = self.db();
        let set = db.ints_in("?1");
        let facet = |sql: &str| -> Result<Vec<FacetValue>> {
            db.rows(sql, args![ids], |r| Ok(FacetValue { id: r.get(0)?, value: r.get(1)?, count: r.get(2)? }))
        };
        Ok(Facets {
            documents: hits.len(),
            partial,
            years: facet(&format!(
                "SELECT NULL, substr(date, 1, 4) AS y, COUNT(*) FROM documents WHERE id IN ({set})
                 AND date IS NOT NULL AND date NOT LIKE 'X%' GROUP BY y ORDER BY y DESC LIMIT 12"
            ))?,
            // Confident people only (a facet is a way in, not a list of every name read once).
            people: self.top_entities(
                &ids,
                &format!("SELECT m.person, COUNT(DISTINCT m.doc) AS c FROM person_mentions m WHERE m.doc IN ({set}) AND m.person IS NOT NULL GROUP BY m.person ORDER BY c DESC"),
                &format!("SELECT p.name, {} FROM persons p WHERE p.id = ?1", crate::confidence::person_confident_sql()),
                true,
            )?,
            orgs: self.top_entities(
                &ids,
                &format!("SELECT m.org, COUNT(DISTINCT m.doc) AS c FROM org_mentions m WHERE m.doc IN ({set}) AND m.org IS NOT NULL GROUP BY m.org ORDER BY c DESC"),
                "SELECT o.name, 1 FROM orgs o WHERE o.id = ?1",
                true,
            )?,
            // Confident directives only (a bare "Quyết định 153" cited once could be anyone's).
            directives: self.top_entities(
                &ids,
                &format!("SELECT m.directive, COUNT(DISTINCT m.doc) AS c FROM directive_mentions m WHERE m.doc IN ({set}) AND m.directive IS NOT NULL GROUP BY m.directive ORDER BY c DESC"),
                &format!("SELECT COALESCE(dr.code, dr.kind || ' ' || dr.number), {} FROM directives dr WHERE dr.id = ?1", crate::confidence::DIRECTIVE_CONFIDENT_SQL),
                false,
            )?,
            // Ties latest kind first, as SQLite's sorter gave them.
            kinds: facet(&format!("SELECT NULL, kind, COUNT(*) AS c FROM facts WHERE doc IN ({set}) GROUP BY kind ORDER BY c DESC, kind DESC"))?,
        })
    }

    /// The [`FACET_TOP`] entities named in the most of a search's documents. `counts` counts the
    /// documents (`?1`: their ids as a JSON array) per entity id, most first; `judge` gives an
    /// entity's (`?1`) label and whether it may be shown. Counting is one pass over the
    /// documents' mentions; the label and the judgement — for a person several look-ups, on a
    /// much named one long — are read for the leading entities only, in count order, until
    /// [`FACET_TOP`] are kept and the next count is lower than the last kept (ties are sorted by
    /// label when `by_label`, else the latest entity first, as SQLite's sorter gave them).
    fn top_entities(&self, ids: &str, counts: &str, judge: &str, by_label: bool) -> Result<Vec<FacetValue>> {
        let db = self.db();
        let counted: Vec<(i64, i64)> = db.rows(counts, args![ids], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut kept: Vec<FacetValue> = Vec::new();
        // Entities of one count, read before ordering them (ties).
        let mut tie: Vec<FacetValue> = Vec::new();
        let close_tie = |tie: &mut Vec<FacetValue>, kept: &mut Vec<FacetValue>| {
            if by_label {
                tie.sort_by(|a, b| a.value.cmp(&b.value));
            } else {
                tie.sort_by_key(|v| std::cmp::Reverse(v.id));
            }
            kept.append(tie);
        };
        for (id, count) in counted {
            if tie.last().is_some_and(|t| t.count != count) {
                close_tie(&mut tie, &mut kept);
                if kept.len() >= FACET_TOP {
                    break;
                }
            }
            let Some((value, shown)) = db.row_opt(judge, args![id], |r| Ok((r.get::<String>(0)?, r.get::<bool>(1)?)))? else { continue };
            if shown {
                tie.push(FacetValue { id: Some(id), value, count });
            }
        }
        close_tie(&mut tie, &mut kept);
        kept.truncate(FACET_TOP);
        Ok(kept)
    }

    /// An organisation's name by id.
    pub fn org_name(&self, id: i64) -> Result<Option<String>> {
        self.db().row_opt("SELECT name FROM orgs WHERE id = ?1", args![id], |r| r.get(0))
    }
}

/// A figure's value as written by a person: no trailing ".0".
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// Tasks of one assignee, counted.
#[derive(Debug, Clone, Serialize)]
pub struct AssigneeCount {
    /// The assignee as first written.
    pub assignee: String,
    /// Tasks.
    pub total: i64,
    /// Of which not done.
    pub open: i64,
    /// Of which past due and not completed (as of the day asked).
    pub overdue: i64,
}

/// The tasks a filter selects, counted: in all, by state, by assignee (the board's figures).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskSummary {
    /// Tasks (with `partial`, those counted: fewer than the filter selects).
    pub total: usize,
    /// The filter selects more than [`SUMMARY_CAP`] tasks: the figures are those of the first
    /// [`SUMMARY_CAP`] in the board's order, and `total` is a lower bound.
    pub partial: bool,
    /// By state, in [`crate::TaskState::ALL`]'s order (every state, zeros too).
    pub by_state: Vec<(crate::TaskState, usize)>,
    /// The assignees with the most of these tasks.
    pub by_assignee: Vec<AssigneeCount>,
}

/// Most tasks read to find one task of a document.
const SUMMARY_MAX: usize = 1_000_000;

/// Most tasks the board's figures count. Counting reads every task a filter selects (each
/// repost once, corrections applied), ≈ 20 µs a task: a news archive's register holds hundreds
/// of thousands, and its board would take seconds; an office's filters (a unit, a state, a
/// directive) select fewer and stay exact.
pub const SUMMARY_CAP: usize = 5_000;

impl Store {
    /// The tasks `q` selects (its paging ignored), counted in all, by state and by assignee (by
    /// unit key; the `top` with the most tasks), corrections applied as on the board; at most
    /// [`SUMMARY_CAP`] of them (see [`TaskSummary::partial`]).
    pub fn task_summary(&self, q: &crate::TaskQuery, top: usize) -> Result<TaskSummary> {
        self.task_summary_at_most(q, top, SUMMARY_CAP)
    }

    /// [`Store::task_summary`] counting at most `cap` tasks.
    pub fn task_summary_at_most(&self, q: &crate::TaskQuery, top: usize, cap: usize) -> Result<TaskSummary> {
        // The board's rows, streamed and counted: no page, no order, no reasons, no directives.
        let (f, ov, added) = self.board_start(q)?;
        let mut total = 0;
        let mut by_state: Vec<(crate::TaskState, usize)> = crate::TaskState::ALL.iter().map(|s| (*s, 0)).collect();
        let mut who: std::collections::HashMap<String, AssigneeCount> = std::collections::HashMap::new();
        // An assignee's key, once per distinct name (names repeat: "UBND tỉnh" thousands of times).
        let mut keys: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        let mut partial = false;
        let mut count = |t: crate::TaskRow| {
            if total == cap {
                partial = true;
                return false;
            }
            total += 1;
            if let Some(n) = by_state.iter_mut().find(|(s, _)| *s == t.state) {
                n.1 += 1;
            }
            let Some(a) = t.assignee.as_deref().filter(|a| !a.trim().is_empty()) else { return true };
            if !keys.contains_key(a) {
                keys.insert(a.to_string(), chidao_extract::unit::unit_key(a));
            }
            let key = &keys[a];
            if key.is_empty() {
                return true;
            }
            if !who.contains_key(key) {
                who.insert(key.clone(), AssigneeCount { assignee: a.to_string(), total: 0, open: 0, overdue: 0 });
            }
            let Some(c) = who.get_mut(key) else { return true };
            c.total += 1;
            c.open += i64::from(t.status != "done");
            c.overdue += i64::from(t.state == crate::TaskState::OpenOverdue);
            true
        };
        self.each_task(&f, &ov, false, &mut count)?;
        for t in added {
            if !count(t) {
                break;
            }
        }
        let mut by_assignee: Vec<AssigneeCount> = who.into_values().collect();
        by_assignee.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.assignee.cmp(&b.assignee)));
        by_assignee.truncate(top);
        Ok(TaskSummary { total, partial, by_state, by_assignee })
    }

    /// One task by its id (or a unique prefix), with its state as of a day (default today);
    /// `None` when it is not (or no longer) on the board (a rejected task).
    pub fn task(&self, id: &str, as_of: Option<&str>) -> Result<Option<crate::TaskRow>> {
        let key = self.task_key_of(id)?;
        let db = self.db();
        let doc: Option<String> = if let Some(n) = key.strip_prefix("user-") {
            let n: i64 = n.parse().map_err(|_| StoreError::Invalid(format!("{key}: not a task id")))?;
            db.row_opt("SELECT doc FROM corrections WHERE id = ?1", crate::db::args![n], |r| r.get(0))?
        } else {
            db.row_opt("SELECT d.ext_id FROM tasks t JOIN documents d ON d.id = t.doc WHERE t.key = ?1 LIMIT 1", crate::db::args![key], |r| r.get(0))?
        };
        let Some(doc) = doc else { return Ok(None) };
        let rows = self.tasks(&crate::TaskQuery { doc: Some(doc), doubtful: true, as_of: as_of.map(str::to_string), limit: Some(SUMMARY_MAX), ..Default::default() })?;
        Ok(rows.into_iter().find(|t| t.id == key))
    }

    /// The assignees with the most tasks (machine values; corrections are applied on the board):
    /// of the confident tasks, or of every task with `doubtful`; each repost once
    /// ([`crate::query::Reposts`], the first in the board's order).
    pub fn task_assignees(&self, as_of: Option<&str>, doubtful: bool, limit: usize) -> Result<Vec<AssigneeCount>> {
        let as_of = match as_of {
            Some(d) => dates::parse_user_date(d, false)?,
            None => dates::today(),
        };
        let mut seen = crate::query::Reposts::default();
        let mut who: std::collections::HashMap<String, AssigneeCount> = std::collections::HashMap::new();
        // Every task is read: one statement.
        self.db().each(
            &format!(
                "SELECT t.assignee, t.assignee_key, t.text, t.due, COALESCE(s.status, 'open') <> 'done',
                        d.ext_id,
                        t.due IS NOT NULL AND t.due < ?1 AND (s.completed_on IS NULL OR s.completed_on > ?1)
                 FROM tasks t JOIN documents d ON d.id = t.doc LEFT JOIN task_status s ON s.key = t.key
                 WHERE d.dup_of IS NULL AND (?2 OR {})
                 ORDER BY t.due IS NULL, t.due, t.tier IS DISTINCT FROM 'high', t.id",
                crate::query::TIER_LISTED_SQL
            ),
            crate::db::args![as_of, doubtful],
            |r| {
                let due: Option<String> = r.get(3)?;
                if let Some(d) = due.as_deref() {
                    seen.forget_before(d);
                }
                if !seen.first(&r.get::<String>(5)?, &r.get::<String>(2)?, due.as_deref()) {
                    return Ok(());
                }
                let (Some(a), Some(key)) = (r.get::<Option<String>>(0)?, r.get::<Option<String>>(1)?) else { return Ok(()) };
                if key.is_empty() {
                    return Ok(());
                }
                let c = who.entry(key).or_insert_with(|| AssigneeCount { assignee: a.clone(), total: 0, open: 0, overdue: 0 });
                // The key's first spelling in the alphabet, as MIN() gave.
                if a < c.assignee {
                    c.assignee = a;
                }
                c.total += 1;
                c.open += i64::from(r.get::<bool>(4)?);
                c.overdue += i64::from(r.get::<bool>(6)?);
                Ok(())
            },
        )?;
        let mut out: Vec<AssigneeCount> = who.into_values().collect();
        out.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.assignee.cmp(&b.assignee)));
        out.truncate(limit);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan of a query, as one line.
    fn plan(s: &Store, sql: &str) -> String {
        let sql = format!("EXPLAIN QUERY PLAN {sql}");
        let mut st = s.connection().prepare(&sql).unwrap();
        let n = st.parameter_count();
        let args: Vec<i64> = vec![1; n];
        st.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn a_part_is_read_through_the_position_indexes() {
        let s = Store::open_in_memory().unwrap();
        for (kind, sql, _) in FACT_QUERIES {
            let p = plan(&s, sql);
            assert!(p.contains("doc=? AND start>? AND start<?"), "{kind}: {p}");
        }
        for (kind, sql) in COUNT_QUERIES {
            let p = plan(&s, sql);
            assert!(p.contains("COVERING INDEX"), "{kind}: counted from the index alone: {p}");
        }
        let p = plan(&s, "SELECT value, qualifier, unit, start, end FROM figures WHERE doc = ?1 AND end > start AND start >= ?2 AND start < ?3");
        assert!(p.contains("doc=? AND start>? AND start<?"), "figure: {p}");
    }
}
