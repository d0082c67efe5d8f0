//! An official document's own header and closing: who issued it, its number and code, where and
//! when, of which kind and on what, how urgent, who signed it and for whom.
//!
//! A Vietnamese administrative document (Nghị định 30/2020/NĐ-CP; for the Party, Hướng dẫn
//! 36-HD/VPTW) opens with two columns — left: the superior organ, the issuing organ, "Số: …", the
//! excerpt "V/v …"; right: the national (or Party) motto and the place-date line — then the kind
//! heading ("CÔNG ĐIỆN", "KẾ HOẠCH") with its title under it, and ends with "Nơi nhận:" on the left
//! and the signature block on the right ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name). The readers
//! flatten the columns into lines in either order, sometimes two cells on one line, spaced digits
//! ("Số: 8 5 /GM-UBND") and a code broken at a line end ("2764/QĐ-" + "TTg"). This module reads
//! the lines by what each one is (the words of `data/header_lines.tsv`), not by where it stands.
//!
//! An organ printed in capitals is written back in its usual case from the organisation lists
//! (`org_types.tsv`, `org_fields.tsv`, `org_places.tsv`): "ỦY BAN NHÂN DÂN TỈNH HÒA LẠC" is
//! "Ủy ban nhân dân tỉnh Hòa Lạc".

use std::sync::LazyLock;

use chidao_text::{Document, Span, key};
use regex::Regex;
use serde::Serialize;

use crate::date::PartialDate;
use crate::gazetteer;

gazetteer!(pub(crate) HEADER_LINES, "header_lines.tsv");
gazetteer!(CASE_TYPES, "org_types.tsv");
gazetteer!(CASE_FIELDS, "org_fields.tsv");
gazetteer!(CASE_PLACES, "org_places.tsv");
gazetteer!(CASE_TITLES, "titles.tsv");
gazetteer!(CASE_RANKS, "ranks.tsv");

/// How many lines from the top the header may take.
const HEAD_LINES: usize = 30;
/// How many lines from the end the closing may take.
const TAIL_LINES: usize = 45;
/// A header line (or two cells glued) is never longer than this: longer paragraphs are running
/// text and are not searched (a hostile one-line file must stay linear and fast).
const MAX_LINE_BYTES: usize = 600;
/// A line with more words than this is running text, not a header line.
const MAX_HEADER_WORDS: usize = 40;

/// An official document's header and closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Header {
    /// The header block: from its first line to its last (kind, title, excerpt).
    pub span: Span,
    /// The kind heading as printed, in sentence case ("Công điện", "Báo cáo đề xuất"); "Công văn"
    /// for a numbered letter without a heading.
    pub kind: String,
    /// The number as written ("58", "03"), when the "Số:" line has one.
    pub number: Option<String>,
    /// The full code ("58/CĐ-VPCP", "35-CT/TW").
    pub code: Option<String>,
    /// Where the number stands.
    pub number_span: Option<Span>,
    /// The issuing organ: the lowest organ line ("Văn phòng Chính phủ", "Công an tỉnh Hòa Lạc").
    pub issuer: Option<String>,
    /// The superior organ line above it ("Bộ Công an", "Tỉnh ủy Hòa Lạc").
    pub superior: Option<String>,
    /// The place of the place-date line ("Hà Nội").
    pub place: Option<String>,
    /// The issue date at the printed precision.
    pub date: Option<PartialDate>,
    /// The subject introduced by "V/v" or "Về việc".
    pub subject: Option<String>,
    /// The title printed under the kind heading.
    pub excerpt: Option<String>,
    /// "Hỏa tốc", "Thượng khẩn", "Khẩn".
    pub urgency: Option<String>,
    /// "Mật", "Tối mật", "Tuyệt mật".
    pub security: Option<String>,
    /// The signature block.
    pub signer: Option<Signer>,
    /// "Nơi nhận" and "Kính gửi" entries, as written.
    pub recipients: Vec<String>,
    /// The lines of the title (the "V/v" subject, the lines under the kind heading): where the
    /// document says what it is for (see [`crate::relation`]). Not in the record.
    #[serde(skip)]
    pub title_spans: Vec<Span>,
    /// The closing's "Nơi nhận" list, from its label to its last entry: the people named only
    /// there are addressees of a copy, not people of the document (ANNOTATION.md). Not in the
    /// record.
    #[serde(skip)]
    pub recipients_span: Option<Span>,
}

/// Who signed, in which form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Signer {
    /// The signing forms with what follows them, top down ("TM. Ủy ban nhân dân", "KT. Chủ tịch").
    pub forms: Vec<String>,
    /// The signer's own title ("Phó Chủ tịch").
    pub title: Option<String>,
    /// The signer's rank ("Thiếu tướng").
    pub rank: Option<String>,
    /// The signer's full name.
    pub name: Option<String>,
    /// Where the name stands.
    pub name_span: Option<Span>,
}

impl Header {
    /// The title the contract records: the "V/v" subject only (ANNOTATION.md).
    pub fn title(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// The index of the document's own entry among the extraction's documents: the first, when
    /// the header has a number ([`Header::enter`] put it there); none without a number.
    pub fn own_entry(&self) -> Option<usize> {
        (self.number.is_some() && self.number_span.is_some()).then_some(0)
    }
}

/// What one line (or one cell of a flattened line) of a header is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Motto,
    Number { number: Option<String>, code: String, span: Span, open: bool },
    PlaceDate { place: Option<String>, date: Option<PartialDate> },
    Kind { kind: String, rest: Option<String> },
    Urgency(String),
    Security(String),
    Subject(String),
    Recipients(Option<String>),
    Upper(String),
    Text,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*số\s*[:.]?\s*").expect("number regex"));
/// "ngày 5 tháng 9 năm 2025", the day or the month left blank for the signer to fill in, or
/// written by hand over the print and garbled by OCR ("ngày ƒŸ tháng 3 năm 2026"): what stands
/// between the words is read by [`date_of`].
const DATE_WORDS: &str = r"ngày(?P<d>[^\n]{0,40}?)tháng(?P<m>[^\n]{0,40}?)năm\s*(?P<y>\d{4})";
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:^|(?P<place>[\p{{L}}][\p{{L}}\s.'-]{{0,50}}?)\s*,\s*){DATE_WORDS}")).expect("place-date regex")
});
static ANNEX_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?i){DATE_WORDS}")).expect("annex date regex"));
/// An item's marker opening a line ("I. MỤC ĐÍCH", "1. Phạm vi"): the body, not the title.
static ITEM_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[IVX]{1,5}|\d{1,2})[.)-]\s").expect("item mark regex"));
static SPACED_DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d)\s+(\d)").expect("digits regex"));
static E_OFFICE_STAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,2}/\d{1,2}/\d{4}\s*;\s*\d{1,2}:\d{2}").expect("stamp regex"));

/// A cheap test before the place-date pattern (case-insensitive and Unicode, whose captures cost
/// a slow search per line): the line's key, lower case already, must hold "ngày … tháng … năm"
/// and a digit, with at most what the pattern allows between them.
static DATE_SCREEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ngày[^\n]{0,40}?tháng[^\n]{0,40}?năm\s*\d").expect("date screen regex"));

/// Where the place-date pattern may match in a line's key, by the cheap screen.
fn date_screen(key: &str) -> Option<regex::Match<'_>> {
    key.contains("tháng").then(|| DATE_SCREEN.find(key)).flatten()
}

fn may_hold_date(key: &str) -> bool {
    date_screen(key).is_some()
}

/// The class of a header line's key after its leading "(" and spaces: (class, entry, end).
fn class_at_lead(k: &str) -> Option<(&'static str, usize, usize)> {
    class_at(k, k.len() - k.trim_start_matches(['(', ' ']).len())
}

fn class_at(k: &str, at: usize) -> Option<(&'static str, usize, usize)> {
    let h = HEADER_LINES.match_at(k, at)?;
    let class = HEADER_LINES.fields(h.entry).first().map_or("", String::as_str);
    Some((class, h.entry, h.span.end))
}

/// True when a line has letters and none of them lower case.
fn upper(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let first = letters.next();
    first.is_some() && s.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase()) && s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

fn trim_line(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '_' | '*' | ';' | ',' | '.' | ':' | '(' | ')'))
}

/// The parts of a paragraph that are separate cells: a motto, a "Số:" line or a place-date line
/// glued to other text by a reader that joined the columns.
fn cells(doc: &Document, p: Span) -> Vec<Span> {
    if p.len() > MAX_LINE_BYTES {
        return vec![p];
    }
    let k = doc.key_of(p);
    let mut cuts: Vec<usize> = vec![0];
    for h in HEADER_LINES.find_in_doc(doc, p) {
        if HEADER_LINES.fields(h.entry).first().is_some_and(|c| c == "motto") {
            cuts.push(h.span.start - p.start);
            cuts.push(h.span.end - p.start);
        }
    }
    // The cells of a layout table's row, joined by the reader with " | " — not a bar inside a
    // place-date line, where OCR reads a handwritten "1" so ("ngày | tháng 12 năm 2011").
    let date = date_screen(k).map_or(0..0, |m| m.range());
    for (i, _) in k.match_indices(" | ").filter(|(i, _)| !date.contains(i)) {
        cuts.push(i);
        cuts.push(i + 3);
    }
    // "… Số: 58/CĐ-VPCP …" inside a line.
    for (i, _) in k.match_indices("số:") {
        if i > 0 {
            cuts.push(i);
        }
    }
    cuts.push(k.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let sp = Span::new(p.start + w[0], p.start + w[1]);
        let t = doc.slice(sp);
        let lead = t.len() - t.trim_start().len();
        let trail = t.len() - t.trim_end().len();
        let sp = Span::new(sp.start + lead, sp.end - trail);
        // A decorative rule ("______") or a cell separator alone is no line of the header.
        if doc.slice(sp).chars().any(char::is_alphanumeric) {
            // A right-column place-date glued after a left-column cell.
            if may_hold_date(doc.key_of(sp))
                && let Some(m) = PLACE_DATE.captures(doc.slice(sp)).and_then(|c| c.name("place"))
                && m.start() > 0
                && upper(&doc.slice(sp)[..m.start()])
            {
                let place_start = place_start(doc.slice(sp), m.start(), m.end());
                if place_start > 0 {
                    out.push(Span::new(sp.start, sp.start + place_start));
                    out.push(Span::new(sp.start + place_start, sp.end));
                    continue;
                }
            }
            out.push(sp);
        }
    }
    out
}

/// Where the place name begins in "ỦY BAN NHÂN DÂN Hòa Lạc, ngày …": the first word of the
/// capitalised (not all-capitals) run before the comma.
fn place_start(s: &str, from: usize, to: usize) -> usize {
    let words: Vec<(usize, &str)> = s[..to].split_whitespace().map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w)).collect();
    let mut start = to;
    for (at, w) in words.iter().rev() {
        if *at < from && !w.chars().any(char::is_lowercase) {
            break;
        }
        if w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase) {
            start = *at;
        } else {
            break;
        }
    }
    start.min(to)
}

fn classify(doc: &Document, sp: Span) -> Line {
    let t = doc.slice(sp);
    let k = doc.key_of(sp);
    if t.len() > MAX_LINE_BYTES || E_OFFICE_STAMP.is_match(t) {
        return Line::Text;
    }
    if let Some(m) = NUMBER.find(t) {
        let rest = Span::new(sp.start + m.end(), sp.end);
        if let Some((number, code, span, open)) = read_code(doc, rest) {
            return Line::Number { number, code, span, open };
        }
    }
    if let Some((class, entry, end)) = class_at_lead(k) {
        let rest = trim_line(&t[end.min(t.len())..]);
        let whole = rest.is_empty();
        match class {
            "motto" => return Line::Motto,
            "urgency" if whole => return Line::Urgency(HEADER_LINES.entry(entry).pattern.clone()),
            "security" if whole => return Line::Security(HEADER_LINES.entry(entry).pattern.clone()),
            "subject" => return Line::Subject(sentence_case_if_upper(rest)),
            "recipients" if t[end.min(t.len())..].trim_start().starts_with(':') || whole => {
                return Line::Recipients((!whole).then(|| rest.to_string()));
            }
            "kind" if upper(t) && t.split_whitespace().count() <= 12 => {
                let words = t.split_whitespace().count();
                let kind = if words <= 4 { sentence_case(trim_line(t)) } else { HEADER_LINES.entry(entry).pattern.clone() };
                let rest = (words > 4 && !whole).then(|| sentence_case(rest));
                return Line::Kind { kind, rest };
            }
            _ => {}
        }
    }
    let flat = if may_hold_date(k) { SPACED_DIGITS.replace_all(t, "$1$2") } else { std::borrow::Cow::Borrowed("") };
    if let Some(c) = PLACE_DATE.captures(&flat)
        && c.get(0).is_some_and(|m| m.start() == 0 || c.name("place").is_some_and(|p| p.start() == 0))
    {
        let date = date_of(&c);
        let place = c.name("place").map(|p| p.as_str().trim().to_string()).filter(|p| !p.is_empty());
        return Line::PlaceDate { place, date };
    }
    if upper(t) && t.split_whitespace().count() <= 16 {
        return Line::Upper(trim_line(t).to_string());
    }
    Line::Text
}

/// The date of "ngày … tháng … năm …" at the printed precision: a blank day gives the month, and
/// so does a day that is no number ("ngày 9£"), never guessed from the digits in it.
fn date_of(c: &regex::Captures) -> Option<PartialDate> {
    let num = |n: &str| {
        let v = c.name(n)?.as_str().trim_matches(|ch: char| ch.is_whitespace() || matches!(ch, '.' | '…' | '_' | '/'));
        (v.len() <= 2 && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.parse::<u32>().ok()).flatten()
    };
    let year = c.name("y").and_then(|y| y.as_str().parse::<i32>().ok());
    let month = num("m").and_then(|m| u8::try_from(m).ok()).filter(|m| (1..=12).contains(m));
    let day = num("d").and_then(|d| u8::try_from(d).ok()).filter(|d| (1..=31).contains(d));
    year.map(|y| PartialDate { year: Some(y), month, day: month.and(day) })
}

/// The date of an annex printed on its own (a "Phụ lục" or a "Danh sách" sent as a file of its
/// own, with no header): the date of the document it goes with, which its opening names — "(Kèm
/// theo Quyết định số …/QĐ-UBND ngày … tháng 9 năm 2025 của …)" — at the printed precision. Read
/// among the short lines at the top only: running text that cites a document's annex is no annex.
pub fn annex_date(doc: &Document) -> Option<PartialDate> {
    let short = |p: &Span| p.len() <= MAX_LINE_BYTES && doc.slice(*p).split_whitespace().count() <= MAX_HEADER_WORDS;
    let head = &doc.paragraphs[..doc.paragraphs.len().min(HEAD_LINES)];
    let n = head.iter().take_while(|p| short(p)).count();
    let at = head[..n].iter().position(|p| {
        class_at_lead(doc.key_of(*p)).is_some_and(|(class, ..)| class == "annex")
    })?;
    // The date on the line, or on the next when the line wraps before it.
    head[at..n].iter().take(2).find_map(|p| {
        let (t, k) = (doc.slice(*p), doc.key_of(*p));
        may_hold_date(k).then(|| ANNEX_DATE.captures(t)).flatten().and_then(|c| date_of(&c))
    })
}

/// The number and code after "Số:": digits (spaced or not), then the code's slashes and
/// hyphens ("8 5 /GM-UBND" → 85/GM-UBND; "/QĐ-UBND" with a blank number). `open` when the code
/// ends with a hyphen or slash (it goes on on the next line).
fn read_code(doc: &Document, rest: Span) -> Option<(Option<String>, String, Span, bool)> {
    let t = doc.slice(rest);
    let mut code = String::new();
    let mut end = 0;
    let words: Vec<&str> = t.split_whitespace().take(12).collect();
    for (i, &w) in words.iter().enumerate() {
        let at = w.as_ptr() as usize - t.as_ptr() as usize;
        let codeish = w.chars().all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '(' | ')' | '.' | '_'));
        // A number written by hand and garbled by OCR ("Số: JT§ /STTTT-CNTT"): unreadable, as
        // a blank one is.
        if i == 0 && !codeish && w.chars().count() <= 4 && words.get(1).is_some_and(|n| n.starts_with('/')) {
            continue;
        }
        let digits = w.chars().all(|c| c.is_ascii_digit());
        let joins = code.is_empty() || code.ends_with(['/', '-']) || w.starts_with(['/', '-']) || (digits && code.chars().all(|c| c.is_ascii_digit()));
        if !codeish || !joins {
            break;
        }
        code.push_str(w);
        end = at + w.len();
    }
    let code = code.trim_end_matches(['.', ',']).replace("/TƯ", "/TW").replace("/Tư", "/TW");
    if !code.contains(['/', '-']) && !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if code.is_empty() {
        return None;
    }
    let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
    let open = code.ends_with(['/', '-']);
    Some(((!digits.is_empty()).then_some(digits), code, Span::new(rest.start, rest.start + end), open))
}

/// "BÁO CÁO ĐỀ XUẤT" → "Báo cáo đề xuất"; organ and title words keep their usual case.
fn sentence_case(s: &str) -> String {
    restore_case(s, false)
}

fn sentence_case_if_upper(s: &str) -> String {
    if upper(s) { sentence_case(s) } else { s.to_string() }
}

/// Writes a line printed in capitals in its usual case: the entries of the organisation and
/// title lists as they are written there, the words after a place level ("tỉnh Hòa Lạc") and
/// after a Party committee ("Huyện ủy Sơn Hà") capitalised, the rest in lower case, the first
/// letter in capitals. `names`: every other word is a proper name too (a person's name line).
fn restore_case(s: &str, names: bool) -> String {
    let lower = s.to_lowercase();
    let k = key(&lower);
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    let mut proper = names;
    while at < lower.len() {
        let c = lower[at..].chars().next().unwrap_or(' ');
        let boundary = at == 0 || !crate::gazetteer::is_alphanumeric(lower[..at].chars().next_back().unwrap_or(' '));
        if boundary && crate::gazetteer::is_alphanumeric(c) {
            let lists: [&gazetteer::Gazetteer; 4] = [&CASE_TYPES, &CASE_FIELDS, &CASE_TITLES, &CASE_PLACES];
            let hit = lists
                .into_iter()
                .filter_map(|g| g.match_at(&k, at).map(|h| (g, h)))
                .max_by_key(|(_, h)| h.span.end);
            if let Some((g, h)) = hit {
                let pattern = &g.entry(h.entry).pattern;
                let level = g.name() == "org_places.tsv";
                // A level word alone ("tỉnh") stays lower case; a complete place keeps its form.
                if level && g.fields(h.entry).get(1).is_some_and(|c| c == "level") {
                    out.push_str(&lower[at..h.span.end]);
                } else {
                    out.push_str(pattern);
                }
                proper = names || level || pattern.ends_with(" ủy") || pattern.ends_with("ủy") && !pattern.contains(' ');
                at = h.span.end;
                continue;
            }
            let end = lower[at..].find(|c: char| !crate::gazetteer::is_alphanumeric(c)).map_or(lower.len(), |e| at + e);
            let word = &lower[at..end];
            if proper || out.trim().is_empty() {
                let mut cs = word.chars();
                if let Some(f) = cs.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(cs.as_str());
                }
            } else {
                out.push_str(word);
            }
            at = end;
            continue;
        }
        out.push(c);
        at += c.len_utf8();
    }
    // The first letter in capitals.
    let mut cs = out.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => out,
    }
}

/// The header of a document, when it opens as an official document does: a motto, or a "Số:"
/// line with a kind heading, in its first lines.
pub fn find(doc: &Document) -> Option<Header> {
    let paras = &doc.paragraphs;
    let mut head: Vec<(usize, Span)> = paras.iter().take(HEAD_LINES).enumerate().flat_map(|(i, p)| cells(doc, *p).into_iter().map(move |c| (i, c))).collect();
    let mut h = Header::default();
    let mut organs: Vec<String> = Vec::new();
    let mut motto = false;
    let mut kind_at: Option<usize> = None;
    let mut last = None::<Span>;
    let mut seen_text = 0usize;
    let mut i = 0;
    while i < head.len() {
        let (pi, sp) = head[i];
        let line = classify(doc, sp);
        i += 1;
        let header_line = !matches!(line, Line::Text | Line::Recipients(_));
        match line {
            Line::Motto => motto = true,
            Line::Number { number, mut code, mut span, open } if h.code.is_none() => {
                // "2764/QĐ-" + "TTg" on the next line.
                if open && let Some(&(_, next)) = head.get(i) {
                    let n = doc.slice(next).trim();
                    if !n.contains(char::is_whitespace) && n.len() <= 12 && n.chars().all(|c| c.is_alphanumeric() || matches!(c, '(' | ')' | '-' | '.')) {
                        code.push_str(n);
                        span = Span::new(span.start, next.end);
                        i += 1;
                    }
                }
                h.number = number;
                h.code = Some(code);
                h.number_span = Some(span);
                // "Số: 12/KH-UBND Hòa Lạc, ngày …": the other column's cell after the code.
                let rest = if span.end < sp.end { doc.slice(Span::new(span.end, sp.end)) } else { "" };
                if !trim_line(rest).is_empty() {
                    let lead = rest.len() - rest.trim_start().len();
                    head.insert(i, (pi, Span::new(span.end + lead, sp.end)));
                }
            }
            Line::PlaceDate { place, date } if h.date.is_none() => {
                h.place = place;
                h.date = date;
            }
            Line::Urgency(u) => h.urgency = Some(u),
            Line::Security(s) => h.security = Some(s),
            Line::Subject(s) if h.subject.is_none() && !s.is_empty() => {
                // "V/v …" may wrap onto a second line that stays in the left column.
                let mut s = s;
                h.title_spans.push(sp);
                if let Some(&(_, next)) = head.get(i)
                    && kind_at.is_none()
                    && classify(doc, next) == Line::Text
                    && doc.slice(next).split_whitespace().count() <= 12
                    && !s.ends_with(['.', ')'])
                {
                    s.push(' ');
                    s.push_str(trim_line(doc.slice(next)));
                    h.title_spans.push(next);
                    i += 1;
                }
                h.subject = Some(s.trim_end_matches(')').to_string());
            }
            Line::Kind { kind, rest } if kind_at.is_none() => {
                if rest.is_some() {
                    h.title_spans.push(sp);
                }
                h.kind = kind;
                h.excerpt = rest;
                kind_at = Some(pi);
                // The title under the heading, up to the body. A title is printed in capitals or
                // in lower case throughout: a line in capitals after a lower-case title is the
                // body's first line (the issuing authority of a Quyết định, "I. MỤC ĐÍCH"); a
                // line opening in lower case goes on with the line above ("Về việc …" included).
                let mut cased = false;
                let mut in_subject = false;
                while let Some(&(_, next)) = head.get(i) {
                    let t = doc.slice(next);
                    let c = classify(doc, next);
                    // A first title line has no closing stop and may run long (a Thông báo kết
                    // luận's "Kết luận của đồng chí … tại buổi làm việc …").
                    let words = t.split_whitespace().count();
                    let long_title = h.excerpt.is_none() && words <= 2 * MAX_HEADER_WORDS && !t.trim_end().ends_with(['.', ';']);
                    let body = t.trim_end().ends_with(':') || words > MAX_HEADER_WORDS && !long_title;
                    let goes_on = t.trim_start().starts_with(char::is_lowercase);
                    match c {
                        Line::Subject(s) if h.subject.is_none() => {
                            h.subject = Some(s.trim_end_matches(')').to_string());
                            in_subject = true;
                        }
                        Line::Upper(u) if !cased && !in_subject && !ITEM_MARK.is_match(&u) => push_excerpt(&mut h.excerpt, &sentence_case(&u)),
                        Line::Text if !body && goes_on && in_subject => {
                            if let Some(s) = h.subject.as_mut() {
                                s.push(' ');
                                s.push_str(trim_line(t).trim_end_matches(')'));
                            }
                        }
                        Line::Text if !body && (h.excerpt.is_none() || goes_on && cased) && !in_subject => {
                            push_excerpt(&mut h.excerpt, trim_line(t));
                            cased = true;
                        }
                        _ => break,
                    }
                    h.title_spans.push(next);
                    last = Some(next);
                    i += 1;
                }
                break;
            }
            Line::Upper(u) if kind_at.is_none() && h.code.is_none() => {
                // "TỈNH HÒA LẠC" under "ỦY BAN NHÂN DÂN": one organ on two lines.
                let k = key(&u);
                // ("HUYỆN ỦY SƠN HÀ" is an organ of its own, not a place.)
                let organ_end = CASE_TYPES.match_at(&k, 0).map_or(0, |x| x.span.end);
                let level = CASE_PLACES
                    .match_at(&k, 0)
                    .is_some_and(|x| x.span.end > organ_end && CASE_PLACES.fields(x.entry).get(1).is_some_and(|c| c == "level"));
                match organs.last_mut() {
                    Some(prev) if level => {
                        prev.push(' ');
                        prev.push_str(&u);
                    }
                    _ => organs.push(u),
                }
            }
            Line::Text => {
                seen_text += 1;
                if seen_text > 3 && kind_at.is_none() {
                    break;
                }
            }
            // A letter's "Kính gửi:" ends its header.
            Line::Recipients(_) if h.code.is_some() => break,
            _ => {}
        }
        if header_line && last.is_none_or(|l| sp.end > l.end) {
            last = Some(sp);
        }
    }
    // An official document: a motto or a number with a kind heading near the top.
    if !(motto || (h.code.is_some() && kind_at.is_some())) {
        return None;
    }
    if kind_at.is_none() {
        h.code.as_ref()?;
        h.kind = "Công văn".into();
    }
    if organs.len() > 1 {
        h.superior = organs.first().map(|o| restore_case(o, false));
    }
    if let Some(o) = organs.last() {
        let issuer = restore_case(o, false);
        // "VĂN PHÒNG" under "ỦY BAN NHÂN DÂN TỈNH …": the body of the organ above it.
        let body_of = CASE_TYPES.lookup(&key(&issuer)).is_some_and(|e| CASE_TYPES.fields(e).first().is_some_and(|c| c == "of" || c == "ofopt"));
        h.issuer = Some(match &h.superior {
            Some(sup) if body_of => format!("{issuer} {sup}"),
            _ => issuer,
        });
    }
    let first = head.first().map_or(0, |x| x.1.start);
    h.span = Span::new(first, last.map_or(first, |l| l.end));
    closing(doc, &mut h);
    Some(h)
}

fn push_excerpt(e: &mut Option<String>, s: &str) {
    match e {
        Some(x) => {
            x.push(' ');
            x.push_str(s);
        }
        None => *e = Some(s.to_string()),
    }
}

/// The closing: "Nơi nhận:" (or "Kính gửi:") with its list, and the signature block.
fn closing(doc: &Document, h: &mut Header) {
    let paras = &doc.paragraphs;
    let from = paras.iter().position(|p| p.start >= h.span.end).unwrap_or(paras.len());
    // "Kính gửi:" right under the header.
    for (n, p) in paras.iter().enumerate().skip(from).take(3) {
        if doc.key_of(*p).starts_with("nơi nhận") {
            break;
        }
        if let Line::Recipients(inline) = classify(doc, *p) {
            h.recipients.extend(inline);
            h.recipients.extend(list_after(doc, n + 1).0);
            break;
        }
    }
    let tail = paras.len().saturating_sub(TAIL_LINES).max(from);
    for (n, p) in paras.iter().enumerate().skip(tail) {
        let t = doc.slice(*p);
        if doc.key_of(*p).starts_with("nơi nhận") {
            let rest = trim_line(t.split_once(':').map_or("", |x| x.1));
            if !rest.is_empty() {
                h.recipients.push(rest.to_string());
            }
            let (entries, end) = list_after(doc, n + 1);
            h.recipients.extend(entries);
            h.recipients_span = Some(Span::new(p.start, end.max(p.end)));
            break;
        }
    }
    h.signer = signature(doc, tail);
}

/// The entries of a list: lines opening with a dash (or going on without one, until a line
/// in capitals or a signing form), and the end of the last line read into the list.
fn list_after(doc: &Document, from: usize) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut end = 0;
    for p in doc.paragraphs.iter().skip(from) {
        let t = doc.slice(*p).trim();
        if t.len() > MAX_LINE_BYTES {
            break;
        }
        // "- Lưu: VT. | GIÁM ĐỐC": the list's cell of a layout table's row, the signature's after it.
        let (t, row_ends) = match t.split_once(" | ") {
            Some((l, _)) => (l.trim(), true),
            None => (t, false),
        };
        let k = key(t);
        if upper(t) || class_at(&k, 0).is_some_and(|(c, _, _)| c == "form") || t.split_whitespace().count() > 30 {
            break;
        }
        if !t.starts_with(['-', '–', '+', '•']) && out.is_empty() {
            break;
        }
        let e = t.trim_start_matches(['-', '–', '+', '•', ' ']).trim_end_matches([';', ',', '.', ' ']).trim_end_matches("./");
        if !e.is_empty() {
            out.push(e.to_string());
        }
        end = p.end;
        if t.ends_with("./.") || row_ends {
            break;
        }
    }
    (out, end)
}

/// The signature block in the last lines: signing forms ("KT. CHỦ TỊCH"), the title in capitals
/// ("PHÓ CHỦ TỊCH") and the name under it (after a rank, where one is printed); or a title alone
/// ("GIÁM ĐỐC") with the name under it.
fn signature(doc: &Document, from: usize) -> Option<Signer> {
    let paras = &doc.paragraphs;
    let mut n = from;
    // A layout table's row ("- Lưu: VT. | GIÁM ĐỐC"): the signature is its last cell.
    let cell = |p: Span| doc.slice(p).rsplit(" | ").next().unwrap_or_default().trim();
    while n < paras.len() {
        let t = cell(paras[n]);
        if t.len() > MAX_LINE_BYTES {
            n += 1;
            continue;
        }
        let k = key(t);
        let form = class_at(&k, 0).is_some_and(|(c, _, _)| c == "form");
        let title_only = upper(t) && CASE_TITLES.lookup(&k).is_some();
        if upper(t) && (form || title_only) {
            let mut s = Signer::default();
            let mut m = n;
            // The title's line last read was no signing form.
            let mut titled = false;
            while m < paras.len() {
                let t = cell(paras[m]);
                if !upper(t) || t.split_whitespace().count() > 10 {
                    break;
                }
                let k = key(t);
                match class_at(&k, 0).filter(|(c, _, _)| *c == "form") {
                    Some((_, entry, end)) => {
                        let what = trim_line(&t[end.min(t.len())..]);
                        s.forms.push(format!("{} {}", HEADER_LINES.entry(entry).pattern, restore_case(what, false)));
                        s.title = Some(restore_case(what, false));
                        titled = false;
                    }
                    // "VỤ TRƯỞNG" + "VỤ TỔ CHỨC PHI CHÍNH PHỦ": a title and the unit it heads.
                    None if titled && CASE_TYPES.match_at(&k, 0).is_some() => {
                        if let Some(x) = s.title.as_mut() {
                            x.push(' ');
                            x.push_str(&restore_case(t, false));
                        }
                    }
                    None => {
                        s.title = Some(restore_case(t, false));
                        titled = true;
                    }
                }
                m += 1;
            }
            // The name (a rank before it), skipping a line or two of seals.
            for p in paras.iter().skip(m).take(3) {
                let t = doc.slice(*p).trim();
                if let Some((rank, name, at)) = name_line(t) {
                    s.rank = rank;
                    s.name = Some(name);
                    s.name_span = Some(Span::new(p.start + at, p.start + t.len()));
                    break;
                }
            }
            if s.name.is_some() {
                return Some(s);
            }
            n = m.max(n + 1);
            continue;
        }
        n += 1;
    }
    None
}

/// "Thiếu tướng Trương Minh Đương" → (rank, name, where the name starts); a line of two to five
/// capitalised words (or a name in capitals), nothing else.
fn name_line(t: &str) -> Option<(Option<String>, String, usize)> {
    let k = key(t);
    let (rank, at) = match CASE_RANKS.match_at(&k, 0) {
        Some(h) => (Some(CASE_RANKS.fields(h.entry).first().cloned().unwrap_or_else(|| CASE_RANKS.entry(h.entry).pattern.clone())), h.span.end),
        None => (None, 0),
    };
    let rest = &t[at..];
    let lead = rest.len() - rest.trim_start().len();
    let name = rest.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || !words.iter().all(|w| w.chars().all(char::is_alphabetic) && w.chars().next().is_some_and(char::is_uppercase)) {
        return None;
    }
    let name = if upper(name) { restore_case(name, true) } else { name.to_string() };
    Some((rank, name, at + lead))
}

impl Header {
    /// Puts the header into the facts: the document's own entry first among the documents (merged
    /// with a mention of the same code the text makes), the signer among the people with the
    /// signing title as a role ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" → "Phó Chủ tịch"). A document
    /// without a number is no entry (ANNOTATION.md).
    pub fn enter(&self, docrefs: &mut Vec<crate::docref::DocRef>, people: &mut Vec<crate::person::Person>) {
        if let (Some(number), Some(at)) = (&self.number, self.number_span) {
            let same = |d: &crate::docref::DocRef| d.code.is_some() && d.code == self.code || (d.number == *number && d.kind == self.kind);
            let mut own = crate::docref::DocRef {
                kind: self.kind.clone(),
                number: number.clone(),
                code: self.code.clone(),
                issuer: self.issuer.clone(),
                date: self.date,
                title: self.title().map(str::to_string),
                mentions: vec![at],
            };
            if let Some(i) = docrefs.iter().position(same) {
                let old = docrefs.remove(i);
                own.mentions.extend(old.mentions);
                own.mentions.sort_unstable_by_key(|m| m.start);
            }
            docrefs.insert(0, own);
        }
        // Named only in the "Nơi nhận" list: a copy's addressee (the signer is entered below).
        if let Some(r) = self.recipients_span {
            people.retain(|p| p.mentions.is_empty() || !p.mentions.iter().all(|m| r.contains(*m)));
        }
        let Some(s) = &self.signer else { return };
        let (Some(name), Some(at)) = (&s.name, s.name_span) else { return };
        let role = s.title.clone().map(|t| crate::person::Role { text: t, span: at });
        match people.iter_mut().find(|p| p.name == *name) {
            Some(p) => {
                // The signing title is often the short wording of a role the text gave in full
                // ("Phó Chủ tịch" of "Phó Chủ tịch UBND tỉnh"): one position, one role.
                if let Some(r) = role
                    && !p.roles.iter().any(|x| crate::person::same_role(&x.text, &r.text))
                {
                    p.roles.push(r);
                }
                if p.rank.is_none() {
                    p.rank.clone_from(&s.rank);
                }
                if !p.mentions.contains(&at) {
                    p.mentions.push(at);
                    p.mentions.sort_unstable_by_key(|m| m.start);
                }
            }
            None => people.push(crate::person::Person { name: name.clone(), rank: s.rank.clone(), roles: role.into_iter().collect(), mentions: vec![at] }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::new("t.txt", s.to_string())
    }

    #[test]
    fn restores_the_case_of_organs_and_titles() {
        assert_eq!(restore_case("ỦY BAN NHÂN DÂN TỈNH HÒA LẠC", false), "Ủy ban nhân dân tỉnh Hòa Lạc");
        assert_eq!(restore_case("VĂN PHÒNG CHÍNH PHỦ", false), "Văn phòng Chính phủ");
        assert_eq!(restore_case("CÔNG AN TỈNH HÒA LẠC", false), "Công an tỉnh Hòa Lạc");
        assert_eq!(restore_case("SỞ Y TẾ", false), "Sở Y tế");
        assert_eq!(restore_case("PHÓ CHỦ TỊCH", false), "Phó Chủ tịch");
        assert_eq!(restore_case("HUYỆN ỦY SƠN HÀ", false), "Huyện ủy Sơn Hà");
        assert_eq!(restore_case("LÊ VĂN TÂM", true), "Lê Văn Tâm");
    }

    #[test]
    fn reads_codes() {
        let d = doc("Số: 8 5 /GM-UBND");
        let (n, c, _, open) = read_code(&d, Span::new(5, d.text.len())).unwrap();
        assert_eq!((n.as_deref(), c.as_str(), open), (Some("85"), "85/GM-UBND", false));
        let d = doc("Số: /QĐ-UBND");
        let (n, c, _, _) = read_code(&d, Span::new(5, d.text.len())).unwrap();
        assert_eq!((n, c.as_str()), (None, "/QĐ-UBND"));
        let d = doc("Số 12-CT/TƯ");
        let (_, c, _, _) = read_code(&d, Span::new(4, d.text.len())).unwrap();
        assert_eq!(c, "12-CT/TW");
        let d = doc("Số: 2764/QĐ-");
        assert!(read_code(&d, Span::new(5, d.text.len())).unwrap().3);
        // A handwritten number garbled by OCR is unreadable, as a blank one is.
        let d = doc("Số: JT§ /STTTT-CNTT");
        let (n, c, _, _) = read_code(&d, Span::new(5, d.text.len())).unwrap();
        assert_eq!((n, c.as_str()), (None, "/STTTT-CNTT"));
        let d = doc("Số: hồ sơ vụ việc");
        assert!(read_code(&d, Span::new(5, d.text.len())).is_none());
    }

    #[test]
    fn flattened_columns_in_either_order() {
        let left_first = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 5 tháng 3 năm 2026\nKẾ HOẠCH\nTriển khai công tác phòng cháy năm 2026\nThực hiện chỉ đạo của Tỉnh ủy, UBND tỉnh ban hành kế hoạch như sau:\n";
        let right_first = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 5 tháng 3 năm 2026\nỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 12/KH-UBND\nKẾ HOẠCH\nTriển khai công tác phòng cháy năm 2026\nThực hiện chỉ đạo của Tỉnh ủy, UBND tỉnh ban hành kế hoạch như sau:\n";
        let glued = "ỦY BAN NHÂN DÂN TỈNH HÒA LẠC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND Hòa Lạc, ngày 5 tháng 3 năm 2026\nKẾ HOẠCH\nTriển khai công tác phòng cháy năm 2026\nThực hiện chỉ đạo của Tỉnh ủy, UBND tỉnh ban hành kế hoạch như sau:\n";
        for t in [left_first, right_first, glued] {
            let h = find(&doc(t)).unwrap_or_else(|| panic!("no header: {t}"));
            assert_eq!(h.kind, "Kế hoạch", "{t}");
            assert_eq!((h.number.as_deref(), h.code.as_deref()), (Some("12"), Some("12/KH-UBND")), "{t}");
            assert_eq!(h.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Hòa Lạc"), "{t}");
            assert_eq!(h.date, Some(PartialDate::ymd(2026, 3, 5)), "{t}");
            assert_eq!(h.place.as_deref(), Some("Hòa Lạc"), "{t}");
            assert_eq!(h.excerpt.as_deref(), Some("Triển khai công tác phòng cháy năm 2026"), "{t}");
        }
    }

    #[test]
    fn a_title_ends_where_the_body_begins() {
        // A wrapped "Về việc …" goes on in lower case; the authority line in capitals is the body.
        let t = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 31/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 9 tháng 5 năm 2026\nQUYẾT ĐỊNH\nVề việc thành lập Tổ công tác\nphòng chống thiên tai tỉnh Hòa Lạc\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA LẠC\nCăn cứ Luật Tổ chức chính quyền địa phương;\n";
        let h = find(&doc(t)).unwrap();
        assert_eq!(h.subject.as_deref(), Some("thành lập Tổ công tác phòng chống thiên tai tỉnh Hòa Lạc"));
        assert_eq!(h.excerpt, None);
        // A lower-case title on two lines, then the authority in capitals.
        let t = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 32/2026/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 9 tháng 5 năm 2026\nQUYẾT ĐỊNH\nBan hành Quy chế quản lý chợ đêm\ntrên địa bàn tỉnh Hòa Lạc\nỦY BAN NHÂN DÂN TỈNH HÒA LẠC\nCăn cứ Luật Tổ chức chính quyền địa phương;\n";
        let h = find(&doc(t)).unwrap();
        assert_eq!(h.excerpt.as_deref(), Some("Ban hành Quy chế quản lý chợ đêm trên địa bàn tỉnh Hòa Lạc"));
        // A numbered part in capitals right under the title.
        let t = "SỞ Y TẾ HÒA LẠC\nSố: /KH-SYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày tháng 5 năm 2026\nKẾ HOẠCH\nTiêm chủng mở rộng năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n- Bảo đảm tiêm đủ liều cho trẻ em.\n";
        let h = find(&doc(t)).unwrap();
        assert_eq!(h.excerpt.as_deref(), Some("Tiêm chủng mở rộng năm 2026"));
    }

    #[test]
    fn a_long_title_under_the_heading() {
        let title = "Kết luận của đồng chí Đinh Văn Khải - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh tại buổi làm việc với Sở Công Thương, Sở Tài chính và Ủy ban nhân dân các xã về tiến độ xây dựng chợ đêm, bến xe khách phía Bắc, khu thương mại biên giới và các giải pháp tháo gỡ khó khăn năm 2026";
        let t = format!("ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: /TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày tháng 5 năm 2026\nTHÔNG BÁO\n{title}\nNgày 2/5/2026, đồng chí Đinh Văn Khải chủ trì buổi làm việc.\n");
        assert!(title.split_whitespace().count() > MAX_HEADER_WORDS);
        let h = find(&doc(&t)).unwrap();
        assert_eq!(h.excerpt.as_deref(), Some(title));
    }

    #[test]
    fn layout_table_cells_joined_by_a_bar() {
        // A Word reader's row: "Số" cell | place-date cell; the motto row likewise.
        let t = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\n______ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n__________\nSố: 7/2026/QĐ-UBND | Hòa Lạc, ngày 02 tháng 06 năm 2026\nQUYẾT ĐỊNH\nBan hành Quy chế quản lý chợ đêm\n_________\nỦY BAN NHÂN DÂN TỈNH HÒA LẠC\nCăn cứ Luật Tổ chức chính quyền địa phương;\n";
        let h = find(&doc(t)).unwrap();
        assert_eq!(h.code.as_deref(), Some("7/2026/QĐ-UBND"));
        assert_eq!(h.excerpt.as_deref(), Some("Ban hành Quy chế quản lý chợ đêm"));
        assert_eq!(h.date, Some(PartialDate::ymd(2026, 6, 2)));
        assert_eq!(h.place.as_deref(), Some("Hòa Lạc"));
    }

    #[test]
    fn signature_in_a_layout_row_and_a_title_with_its_unit() {
        let t = "UBND TỈNH HÒA LẠC\nSỞ CÔNG THƯƠNG\nSố: /KH-SCT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày tháng 5 năm 2026\nKẾ HOẠCH\nKiểm tra chợ đêm năm 2026\nCác phòng thuộc Sở thực hiện kế hoạch này./.\nNơi nhận:\n- Giám đốc;\n- Lưu: VT, P.QLTM. | GIÁM ĐỐC\nTrần Thị Mai Hương\n";
        let h = find(&doc(t)).unwrap();
        assert_eq!(h.recipients, ["Giám đốc", "Lưu: VT, P.QLTM"]);
        let s = h.signer.unwrap();
        assert_eq!((s.title.as_deref(), s.name.as_deref()), (Some("Giám đốc"), Some("Trần Thị Mai Hương")));
        let t = "BỘ CÔNG THƯƠNG\nSố: 77/BCT-TTTN\nV/v góp ý dự thảo quy chế\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 4 tháng 5 năm 2026\nKính gửi: Sở Công Thương tỉnh Hòa Lạc.\nBộ Công Thương có ý kiến như sau./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. BỘ TRƯỞNG\nVỤ TRƯỞNG\nVỤ TỔ CHỨC CÁN BỘ\nĐỗ Minh Châu\n";
        let s = find(&doc(t)).unwrap().signer.unwrap();
        assert_eq!(s.forms, ["TL. Bộ trưởng"]);
        // (The case of the unit's name is restore_case's business; the title keeps both lines.)
        assert!(s.title.as_deref().is_some_and(|t| t.starts_with("Vụ trưởng Vụ Tổ chức cán")), "{:?}", s.title);
        assert_eq!(s.name.as_deref(), Some("Đỗ Minh Châu"));
    }

    #[test]
    fn a_person_named_only_among_the_recipients_is_no_person_of_the_document() {
        let t = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 15/CĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 2 tháng 6 năm 2026\nCÔNG ĐIỆN\nVề phòng chống lũ\n\nỦy ban nhân dân tỉnh yêu cầu các huyện trực ban 24/24 giờ./.\n\nNơi nhận:\n\n- Như trên;\n\n- Đ/c Hồ Văn Thắng - PCT UBND tỉnh (để biết);\n\n- Lưu: VT.\n\nKT. CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\n\nĐinh Văn Khải\n";
        let d = doc(t);
        let h = find(&d).unwrap();
        assert!(h.recipients_span.is_some_and(|r| r.of(t).contains("Hồ Văn Thắng")));
        let names: Vec<_> = crate::extract(&d).people.iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["Đinh Văn Khải"]);
    }

    #[test]
    fn urgency_subject_broken_code_signer_and_recipients() {
        let t = "BỘ CÔNG AN\nCÔNG AN TỈNH HÒA LẠC\nSố: 2764/QĐ-\nCAT\nV/v tăng cường tuần tra\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày    tháng 9 năm 2026\nHỎA TỐC\nKính gửi: Công an các huyện, thị xã.\nCông an tỉnh đề nghị Công an các huyện tăng cường tuần tra./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐại tá Lê Văn Tâm\n";
        let h = find(&doc(t)).unwrap();
        assert_eq!(h.kind, "Công văn");
        assert_eq!(h.code.as_deref(), Some("2764/QĐ-CAT"));
        assert_eq!(h.superior.as_deref(), Some("Bộ Công an"));
        assert_eq!(h.issuer.as_deref(), Some("Công an tỉnh Hòa Lạc"));
        assert_eq!(h.subject.as_deref(), Some("tăng cường tuần tra"));
        assert_eq!(h.date.and_then(|d| d.iso()).as_deref(), Some("2026-09"));
        assert_eq!(h.urgency.as_deref(), Some("Hỏa tốc"));
        assert_eq!(h.recipients, ["Công an các huyện, thị xã", "Như trên", "Lưu: VT"]);
        let s = h.signer.unwrap();
        assert_eq!(s.forms, ["KT. Giám đốc"]);
        assert_eq!((s.title.as_deref(), s.rank.as_deref(), s.name.as_deref()), (Some("Phó Giám đốc"), Some("Đại tá"), Some("Lê Văn Tâm")));
    }

    proptest::proptest! {
        /// Any number, spaced or not, any code, the columns in either order: the same identity.
        #[test]
        fn number_code_and_date_in_any_layout(n in 1u32..9999, spaced in proptest::bool::ANY, right_first in proptest::bool::ANY, kind in 0usize..3, day in 1u8..29, month in 1u8..13) {
            let (word, ty) = [("KẾ HOẠCH", "KH"), ("CÔNG ĐIỆN", "CĐ"), ("THÔNG BÁO", "TB")][kind];
            let digits = n.to_string();
            let written = if spaced { digits.chars().map(String::from).collect::<Vec<_>>().join(" ") + " " } else { digits.clone() };
            let left = format!("ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: {written}/{ty}-UBND\n");
            let right = format!("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày {day} tháng {month} năm 2026\n");
            let text = if right_first { format!("{right}{left}{word}\nNội dung.\n") } else { format!("{left}{right}{word}\nNội dung.\n") };
            let h = find(&doc(&text)).expect("a header");
            let code = format!("{digits}/{ty}-UBND");
            proptest::prop_assert_eq!(h.number.as_deref(), Some(digits.as_str()));
            proptest::prop_assert_eq!(h.code.as_deref(), Some(code.as_str()));
            proptest::prop_assert_eq!(h.date, Some(PartialDate::ymd(2026, month, day)));
            proptest::prop_assert_eq!(h.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Hòa Lạc"));
        }

        /// Header-like fragments in any order and any amount never make it panic or leave the text.
        #[test]
        fn fragments_never_panic(parts in proptest::collection::vec(0usize..12, 0..40)) {
            const BITS: [&str; 12] = ["ỦY BAN NHÂN DÂN", "Số: ", "8 5 /", "GM-", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hòa Lạc, ngày", " tháng 3 năm 2026", "KẾ HOẠCH", "\n", "KT. CHỦ TỊCH", "Nơi nhận:", "- "];
            let text: String = parts.iter().map(|&i| BITS[i]).collect();
            let d = doc(&text);
            if let Some(h) = find(&d) {
                proptest::prop_assert!(h.span.end <= d.text.len());
            }
        }
    }

    #[test]
    fn a_date_written_by_hand_and_garbled_by_ocr_keeps_what_is_printed() {
        let head = |line: &str| format!("ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{line}\nKẾ HOẠCH\nTuần tra năm 2026\n");
        let date = |line: &str| find(&doc(&head(line))).and_then(|h| h.date);
        let ym = |y, m| Some(PartialDate { year: Some(y), month: m, day: None });
        assert_eq!(date("Hòa Lạc, ngày ƒŸ tháng 3 năm 2026"), ym(2026, Some(3)));
        assert_eq!(date("Hòa Lạc, ngày {( tháng 12 năm 2011"), ym(2011, Some(12)));
        // A bar there is no cell separator.
        assert_eq!(date("Hòa Lạc, ngày | tháng 12 năm 2011"), ym(2011, Some(12)));
        // An unreadable month is not guessed from its digits.
        assert_eq!(date("Hòa Lạc, ngày 9£ tháng 0)! năm 2026"), ym(2026, None));
        assert_eq!(date("Hòa Lạc, ngàyD6 tháng 1] năm 2025"), ym(2025, None));
        assert_eq!(date("Hòa Lạc, ngày 05 tháng 01 năm 2026"), Some(PartialDate::ymd(2026, 1, 5)));
        assert_eq!(date("Hòa Lạc, ngày ........ tháng 4 năm 2026"), ym(2026, Some(4)));
    }

    #[test]
    fn an_annex_takes_the_date_of_its_document() {
        let blank_day = "PHỤ LỤC\nDanh sách thành viên Tổ công tác\n(Kèm theo Quyết định số    /QĐ-UBND ngày    tháng 9 năm 2025\ncủa Ủy ban nhân dân tỉnh Hòa Lạc)\n1. Ông Trần Văn Bình, Phó Chủ tịch: Tổ trưởng;\n";
        let d = doc(blank_day);
        assert_eq!(find(&d), None);
        assert_eq!(annex_date(&d), Some(PartialDate { year: Some(2025), month: Some(9), day: None }));
        let wrapped = "QUY CHẾ\nLàm việc của Ban Chỉ đạo\n(Ban hành kèm theo Quyết định số 12/QĐ-BCĐ\nngày 3 tháng 4 năm 2026 của Ban Chỉ đạo)\nĐiều 1. Phạm vi\n";
        assert_eq!(annex_date(&doc(wrapped)), Some(PartialDate::ymd(2026, 4, 3)));
        // Running text that cites an annex is no annex.
        let news = "Hòa Lạc lập Tổ công tác\n\nSáng 5/3, Ủy ban nhân dân tỉnh Hòa Lạc công bố quyết định thành lập Tổ công tác gồm nhiều thành viên, do Phó Chủ tịch Trần Văn Bình làm Tổ trưởng, cùng đại diện các sở, ngành và địa phương trong tỉnh.\n(Kèm theo Quyết định số 5/QĐ-UBND ngày 4 tháng 3 năm 2026)\n";
        assert_eq!(annex_date(&doc(news)), None);
    }

    #[test]
    fn news_is_no_official_document() {
        assert_eq!(find(&doc("Hòa Lạc tăng cường tuần tra\n\nSáng 5/3, Công an tỉnh Hòa Lạc họp.\n")), None);
        assert_eq!(find(&doc("")), None);
    }
}
