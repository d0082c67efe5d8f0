//! Documents cited: Party codes (35-CT/TW), state codes (30/2020/NĐ-CP, 123/QĐ-TTg) and named
//! numbers ("Nghị quyết 12 của Bộ Chính trị", "Đề án 06"), merged across mentions, with issuer,
//! date and title.
//!
//! A reference is a kind word from `data/doc_kinds.tsv` followed by an optional "số" and a code or
//! a number, or a bare code whose type names a kind ("theo 35-CT/TW"). After it come, in this
//! order and each optional: the issue date ("ngày 30/5/2019"), the issuer ("của Bộ Chính trị",
//! with its term "khóa XII"), a second date, and the title (quoted, or introduced by "về").
//! "ORG (đã) ban hành <reference>" also gives the issuer, and a date just before ORG the date.

use crate::scan::{skip_spaces, word_end};
use std::sync::LazyLock;

use chidao_text::{Document, Span, fold};
use regex::Regex;
use serde::Serialize;

use crate::date::{DateKind, DateMention, PartialDate};
use crate::gazetteer;
use crate::org;

gazetteer!(pub(crate) DOC_KINDS, "doc_kinds.tsv");
gazetteer!(DOC_NUMBER_STOPS, "doc_number_stops.tsv");
gazetteer!(DOC_ISSUER_TITLES, "doc_issuer_titles.tsv");
gazetteer!(DOC_TITLE_STOPS, "doc_title_stops.tsv");

/// Words that open a sentence before a reference whose issuer is the clause's subject, from
/// `data/doc_issue_verbs.tsv` ("intro").
static DOC_INTROS: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/doc_issue_verbs.tsv"))
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let w = f.next()?.trim();
            (f.next().map(str::trim) == Some("intro")).then(|| fold(w))
        })
        .collect()
});

/// Issuing verbs and the adverbs before them, from `data/doc_issue_verbs.tsv`, longest first.
static ISSUE_VERBS: LazyLock<(Vec<String>, Vec<String>)> = LazyLock::new(|| {
    let mut verbs = Vec::new();
    let mut adverbs = Vec::new();
    for line in include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/doc_issue_verbs.tsv"
    ))
    .lines()
    {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split('\t');
        let w = fold(f.next().unwrap_or("").trim());
        match f.next().map(str::trim) {
            Some("adverb") => adverbs.push(w),
            Some("intro") => {}
            _ => verbs.push(w),
        }
    }
    verbs.sort_by_key(|w| std::cmp::Reverse(w.len()));
    adverbs.sort_by_key(|w| std::cmp::Reverse(w.len()));
    (verbs, adverbs)
});

/// True when the words before byte `at` (not before `lo`) are an issuing verb, with or without
/// "ngày" ("ban hành ngày 3/2", "ký ngày 5/6/2020"): the date there is a document's issue date.
pub(crate) fn issued_on(doc: &Document, lo: usize, at: usize) -> bool {
    let k = &doc.key;
    let Some(before) = k.get(lo..at) else {
        return false;
    };
    let mut b = before.trim_end();
    if let Some(r) = strip_word_end(b, "ngày") {
        b = r;
    }
    ISSUE_VERBS
            .0
            .iter()
            .filter(|w| w.as_str() != "có" && w.as_str() != "ra")
            .any(|w| strip_word_end(b, w).is_some())
}

/// A document code ending a stretch of text ("… Văn bản số 188/UBND-KT", "… 12-KH/TU").
static CODE_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d+(?:\s*[-–]\s*\p{Lu}\p{L}*\s*/\s*\p{Lu}[\p{L}0-9&.-]*|(?:/\d{4})?/\p{Lu}[\p{L}0-9&]*(?:[-–]\p{Lu}[\p{L}0-9&]*)*)$").unwrap()
});

/// True when the date at byte `at` directly follows a document code ("Văn bản số 188/UBND-KT,
/// ngày 12/11/2020"): it is that document's date, not a news fact's.
pub(crate) fn dates_a_reference(doc: &Document, lo: usize, at: usize) -> bool {
    let t = &doc.text;
    let from = floor_boundary(t, at.saturating_sub(80)).max(lo);
    let Some(before) = t.get(from..at) else {
        return false;
    };
    let mut b = before.trim_end();
    if let Some(r) = b.strip_suffix("ngày").or_else(|| b.strip_suffix("Ngày")) {
        b = r.trim_end();
    }
    let b = b.trim_end_matches(',').trim_end();
    CODE_AT_END.is_match(b)
}

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

impl DocRef {
    /// The key other modules cite a document by: its code, else "kind number".
    pub fn key(&self) -> String {
        self.code
            .clone()
            .unwrap_or_else(|| format!("{} {}", self.kind, self.number))
    }
}

/// Party code: number, hyphen, type, slash, issuer ("35-CT/TƯ", "470- QĐNS/TW", "11-NQ/ĐUCA").
static PARTY_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d+)\s*[-–]\s*(\p{Lu}\p{L}*)\s*/\s*(\p{Lu}[\p{L}0-9&]*\b(?:[-.]\p{Lu}[\p{L}0-9&]*\b)*)",
    )
    .unwrap()
});
/// State code: number, optional year, slash, type and issuer ("123/QĐ-TTg", "30/2020/NĐ-CP").
static STATE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+)(?:\s*[/-]\s*(\d{4}))?\s*/\s*(\p{Lu}[\p{L}0-9&]*\b(?:\s*[-–]\s*[\p{Lu}0-9][\p{L}0-9&]*\b)*)").unwrap()
});
/// Number and year only ("Nghị định 129/2016").
static NUMBER_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)\s*/\s*((?:19|20)\d\d)\b").unwrap());
/// A bare number.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d+)\b").unwrap());
/// Codes anywhere (no kind word before them).
static ANY_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d+(?:\s*[-–]\s*\p{Lu}\p{L}*\s*/\s*\p{Lu}[\p{L}0-9&]*|(?:/\d{4})?/\p{Lu}[\p{L}0-9&]*[-–]\p{Lu}[\p{L}0-9&]*)\b").unwrap()
});
/// A day written with numbers, as a fallback when the date module gives nothing here.
/// A necessary condition for [`ANY_CODE`] without word boundaries (so the fast DFA engines
/// can run it): every code has a digit, then a dash and a capital, or a slash (after an optional
/// year) and a capital. Dates ("15/6", "2016-2020") do not pass.
static ANY_CODE_SCREEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d(?:\s*[-–]\s*\p{Lu}|(?:/\d{4})?/\p{Lu})").unwrap());

static LOCAL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(\d{1,2})(?:\s*(?:[/.-]+|\s+năm\s+)\s*(\d{4}|0\d\d)\b)?").unwrap()
});

/// One reference in the text.
#[derive(Debug, Clone)]
struct Mention {
    kind: String,
    number: String,
    code: Option<String>,
    issuer: Option<String>,
    date: Option<PartialDate>,
    title: Option<String>,
    span: Span,
}

/// The canonical kind of a kind-list entry, and whether the word is generic ("văn bản").
fn kind_entry(i: usize) -> (String, bool, bool) {
    let f = DOC_KINDS.fields(i);
    let kind = f
        .first()
        .cloned()
        .unwrap_or_else(|| DOC_KINDS.entry(i).pattern.clone());
    let flags = f.get(2).map_or("", |s| s.as_str());
    (kind, flags.contains("strict"), flags.contains("generic"))
}

/// The kind a code's type letters name ("CT" → Chỉ thị), if any.
fn kind_of_type(ty: &str) -> Option<String> {
    let ty: String = ty.chars().filter(|c| c.is_alphabetic()).collect();
    if ty.is_empty() {
        return None;
    }
    let fty = fold(&ty);
    for i in 0..DOC_KINDS.len() {
        let f = DOC_KINDS.fields(i);
        if f.get(1)
            .is_some_and(|codes| codes.split(',').any(|c| fold(c.trim()) == fty))
        {
            return f.first().cloned();
        }
    }
    None
}

/// Writes a code without spaces, with "-" for dashes and Party "TƯ" as "TW".
fn normalise_code(raw: &str, party: bool) -> String {
    let mut s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' { '-' } else { c })
        .collect();
    if party && let Some(slash) = s.find('/') {
        let (a, b) = s.split_at(slash);
        let b = b.replace("TƯ", "TW").replace("T.Ư", "TW");
        s = format!("{a}{b}");
    }
    s
}

/// True when `key[at..]` starts with the word(s) `w`, ending on a word boundary.
fn word_is(key: &str, at: usize, w: &str) -> bool {
    key.get(at..).is_some_and(|s| {
        s.starts_with(w)
            && s[w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// End of the line that contains `at`, looking at most `max` bytes ahead.
fn line_end(text: &str, at: usize, max: usize) -> usize {
    let lim = floor_boundary(text, at.saturating_add(max));
    text[at..lim].find('\n').map_or(lim, |i| at + i)
}

/// A number or code read after a kind word: (number, code, type, end, had "số").
type NumberRead = (String, Option<String>, Option<String>, usize, bool);

/// The number or code after a kind word ending at `e`.
fn number_after(doc: &Document, e: usize, limit: usize) -> Option<NumberRead> {
    let t = &doc.text;
    let mut p = skip_spaces(t, e);
    if p == e && p < limit {
        return None;
    }
    let mut so = false;
    if word_is(&doc.key, p, "số") {
        so = true;
        p = skip_spaces(t, p + "số".len());
    }
    if t[p..].starts_with(':') {
        p = skip_spaces(t, p + 1);
    }
    let w = &t[p..floor_boundary(t, (p + 120).min(limit.max(p)))];
    // Every pattern below opens with a number (`\d` is a subset of `is_numeric`).
    if !w.starts_with(char::is_numeric) {
        return None;
    }
    if let Some(c) = PARTY_CODE.captures(w) {
        let m = c.get(0)?;
        return Some((
            c[1].to_string(),
            Some(normalise_code(m.as_str(), true)),
            Some(c[2].to_string()),
            p + m.end(),
            so,
        ));
    }
    if let Some(c) = STATE_CODE.captures(w) {
        let m = c.get(0)?;
        let ty = c[3]
            .split(['-', '–'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        return Some((
            c[1].to_string(),
            Some(normalise_code(m.as_str(), false)),
            Some(ty),
            p + m.end(),
            so,
        ));
    }
    if let Some(c) = NUMBER_YEAR.captures(w) {
        let m = c.get(0)?;
        return Some((
            c[1].to_string(),
            Some(normalise_code(m.as_str(), false)),
            None,
            p + m.end(),
            so,
        ));
    }
    let c = NUMBER.captures(w)?;
    let m = c.get(0)?;
    Some((c[1].to_string(), None, None, p + m.end(), so))
}

/// True when a bare number after a kind word is a quantity, a year or part of something else.
fn bare_number_is_not_a_document(doc: &Document, number: &str, end: usize) -> bool {
    let t = &doc.text;
    if number.len() == 4 && (number.starts_with("19") || number.starts_with("20")) {
        return true;
    }
    if number.len() > 5 {
        return true;
    }
    match t[end..].chars().next() {
        Some('%' | '/' | ',' | '.' | '-' | '–') => {
            // "Nghị quyết 29." at a sentence end is fine; "5.000", "70-80", "5/6" are not.
            let rest = &t[end..];
            let mut it = rest.chars();
            let c0 = it.next();
            let c1 = it.next();
            if c0 == Some('%') || c1.is_some_and(|c| c.is_ascii_digit()) {
                return true;
            }
            if c0 == Some('-') || c0 == Some('–') {
                // "Nghị quyết 4 - 5"
                let q = skip_spaces(t, end + c0.map_or(1, char::len_utf8));
                return t[q..].starts_with(|c: char| c.is_ascii_digit());
            }
            false
        }
        _ => {
            let q = skip_spaces(t, end);
            DOC_NUMBER_STOPS.match_at(&doc.key, q).is_some()
        }
    }
}

/// A date starting at `p` (after an optional comma and "ngày"): (date, end).
fn date_after(doc: &Document, dates: &[DateMention], p: usize) -> Option<(PartialDate, usize)> {
    let t = &doc.text;
    let mut q = skip_spaces(t, p);
    if t[q..].starts_with(',') {
        q = skip_spaces(t, q + 1);
    }
    // "…, ban hành ngày 3/2, …": an issuing verb before "ngày".
    if let Some(w) = ISSUE_VERBS.0.iter().find(|w| word_is(&doc.key, q, w)) {
        let r = skip_spaces(t, q + w.len());
        if word_is(&doc.key, r, "ngày") {
            q = r;
        }
    }
    let start = q;
    let mut had_ngay = false;
    if word_is(&doc.key, q, "ngày") {
        had_ngay = true;
        q = skip_spaces(t, q + "ngày".len());
    }
    // A mention from the date module that starts here.
    let i = dates.partition_point(|d| d.span.start < start);
    for d in dates[i..].iter().take_while(|d| d.span.start <= q) {
        if matches!(d.kind, DateKind::Day | DateKind::Month | DateKind::Year)
            && d.value.iso().is_some()
        {
            return Some((d.value, d.span.end));
        }
    }
    if !had_ngay {
        return None;
    }
    let w = &t[q..floor_boundary(t, q + 40)];
    let c = LOCAL_DATE.captures(w)?;
    let day: u8 = c[1].parse().ok()?;
    let month: u8 = c[2].parse().ok()?;
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let year = c.get(3).and_then(|y| {
        let s = y.as_str();
        let n: i32 = s.parse().ok()?;
        // A dropped leading "2" ("019") is a typo for 2019.
        Some(if s.len() == 3 { 2000 + n } else { n })
    });
    Some((
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        },
        q + c.get(0)?.end(),
    ))
}

/// The issuer after "của" at `p`: (issuer as written, end).
fn issuer_at(doc: &Document, p: usize) -> Option<(String, usize)> {
    let t = &doc.text;
    let mut q = skip_spaces(t, p);
    // "Văn bản số 12/UBND, ngày 9/9/2016, của UBND tỉnh …".
    if t[q..].starts_with(',') {
        q = skip_spaces(t, q + 1);
    }
    if !word_is(&doc.key, q, "của") {
        return None;
    }
    q = skip_spaces(t, q + "của".len());
    let start = q;
    let mut end;
    if let Some(h) = DOC_ISSUER_TITLES
        .match_at(&doc.key, q)
        .filter(|_| t[q..].starts_with(char::is_uppercase))
    {
        // "Thủ tướng Chính phủ" is also an organisation; take the longer reading.
        end = h.span.end;
        if let Some(o) = org::parse_at(doc, q) {
            end = end.max(o.span.end);
        }
        if end == h.span.end {
            let r = skip_spaces(t, end);
            if r > end
                && let Some(o) = org::parse_at(doc, r)
            {
                end = o.span.end;
            }
        }
    } else {
        end = org::parse_at(doc, q)?.span.end;
    }
    let mut issuer = t[start..end].to_string();
    // The term: "khóa XII", "(khóa XI)", "khóa 10".
    let r = skip_spaces(t, end);
    let (r2, paren) = if t[r..].starts_with('(') {
        (skip_spaces(t, r + 1), true)
    } else {
        (r, false)
    };
    if r > end && word_is(&doc.key, r2, "khóa") {
        let s = skip_spaces(t, r2 + "khóa".len());
        let e = word_end(t, s);
        if e > s
            && t[s..e]
                .chars()
                .all(|c| c.is_ascii_digit() || "IVXLivxl".contains(c))
        {
            issuer = format!("{issuer} {} {}", &t[r2..r2 + "khóa".len()], &t[s..e]);
            end = e;
            if paren && t[end..].starts_with(')') {
                end += 1;
            }
        }
    }
    Some((issuer, end))
}

const OPEN_QUOTES: &[char] = &['“', '"', '«', '„', '‘'];

fn closing_quote(open: char) -> &'static [char] {
    match open {
        '“' | '„' => &['”', '"', '“'],
        '«' => &['»'],
        '‘' => &['’'],
        _ => &['"', '”'],
    }
}

/// A quoted title at `p`: (title, end). Curly quotes nest (“… “cò” …”).
fn quoted_at(doc: &Document, p: usize) -> Option<(String, usize)> {
    let t = &doc.text;
    let open = t[p..].chars().next().filter(|c| OPEN_QUOTES.contains(c))?;
    let s = p + open.len_utf8();
    let le = line_end(t, s, 600);
    let mut close = None;
    if open == '“' {
        let mut depth = 1;
        for (i, c) in t[s..le].char_indices() {
            match c {
                '“' => depth += 1,
                '”' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    let close = match close {
        Some(c) => c,
        None => t[s..le].find(closing_quote(open))?,
    };
    let inner = t[s..s + close]
        .trim()
        .trim_end_matches([',', '.', ';'])
        .trim();
    let end = s + close + t[s + close..].chars().next().map_or(1, char::len_utf8);
    (!inner.is_empty()).then(|| (inner.to_string(), end))
}

/// After "; " inside a title: the title goes on ("…; ngăn chặn, đẩy lùi …") unless the next
/// clause opens with a title stop, "việc" or an organisation (a new item of a list).
fn title_continues_after_semicolon(doc: &Document, q: usize) -> bool {
    let k = &doc.key;
    if DOC_TITLE_STOPS.match_at(k, q).is_some()
        || word_is(k, q, "việc")
        || org::parse_at(doc, q).is_some()
    {
        return false;
    }
    true
}

/// An unquoted "về" title starting at `p`: (title, end).
fn unquoted_title(doc: &Document, p: usize) -> Option<(String, usize)> {
    let t = &doc.text;
    let k = &doc.key;
    let le = line_end(t, p, 600);
    let mut pos = p;
    let mut end = p;
    let mut words = 0;
    while pos < le {
        let c = t[pos..].chars().next()?;
        if crate::gazetteer::is_alphanumeric(c) {
            // A word start: stop words.
            if pos > p {
                if let Some(h) = DOC_TITLE_STOPS.match_at(k, pos)
                    && DOC_TITLE_STOPS
                        .fields(h.entry)
                        .first()
                        .is_some_and(|f| f == "word")
                {
                    break;
                }
                // "… phong cách Hồ Chí Minh đối với Ban Thường vụ Tỉnh ủy X": the addressee.
                if word_is(k, pos, "đối với")
                    && org::parse_at(doc, skip_spaces(t, pos + "đối với".len())).is_some()
                {
                    break;
                }
                if word_is(k, pos, "và") {
                    let q = skip_spaces(t, pos + "và".len());
                    if (DOC_KINDS.match_at(k, q).is_some()
                        && t[q..].starts_with(char::is_uppercase))
                        || org::parse_at(doc, q).is_some()
                    {
                        break;
                    }
                }
            }
            let we = word_end(t, pos);
            end = we;
            pos = we;
            words += 1;
            if words > 60 {
                break;
            }
            continue;
        }
        if pos > p && OPEN_QUOTES.contains(&c) {
            // A quoted name inside the title ("cuộc vận động “Toàn dân …”").
            if let Some((_, qe)) = quoted_at(doc, pos) {
                end = qe;
                pos = qe;
                continue;
            }
            break;
        }
        match c {
            ' ' | '\u{a0}' | '\t' | '-' | '–' | '/' | '&' | '\'' => pos += c.len_utf8(),
            '.' | ','
                if t[pos + 1..].starts_with(|d: char| d.is_ascii_digit())
                    && t[..pos].ends_with(|d: char| d.is_ascii_digit()) =>
            {
                pos += 1
            }
            '(' => {
                // A short parenthesis inside the title ("Nghị quyết Trung ương 4 (khóa XII) về …").
                let lim = floor_boundary(t, (pos + 40).min(le));
                match t[pos + 1..lim].find([')', '(']) {
                    Some(i) if t[pos + 1 + i..].starts_with(')') && i > 0 => {
                        end = pos + 1 + i + 1;
                        pos = end;
                    }
                    _ => break,
                }
            }
            ',' | ';' => {
                let q = skip_spaces(t, pos + 1);
                let Some(n) = t[q..].chars().next() else {
                    break;
                };
                // "những biểu hiện “tự diễn biến”, “tự chuyển hóa”".
                let quote = c == ',' && OPEN_QUOTES.contains(&n) && t[..pos].ends_with(['”', '"', '»']);
                if !n.is_lowercase() && !quote {
                    break;
                }
                if c == ';' && (q == pos + 1 || !title_continues_after_semicolon(doc, q)) {
                    break;
                }
                if let Some(h) = DOC_TITLE_STOPS.match_at(k, q) {
                    let f = DOC_TITLE_STOPS
                        .fields(h.entry)
                        .first()
                        .map_or("", |s| s.as_str());
                    if f == "comma" || f == "word" {
                        break;
                    }
                }
                pos += 1;
            }
            _ => break,
        }
    }
    let title = t[p..end].trim();
    (!title.is_empty()).then(|| (title.to_string(), end))
}

/// The title at `p` (after the reference, issuer and date): quoted, or after "về".
fn title_at(doc: &Document, p: usize) -> Option<(String, usize)> {
    let t = &doc.text;
    let mut q = skip_spaces(t, p);
    if let Some(r) = quoted_at(doc, q) {
        return Some(r);
    }
    if !word_is(&doc.key, q, "về") {
        return None;
    }
    q = skip_spaces(t, q + "về".len());
    if word_is(&doc.key, q, "việc") {
        q = skip_spaces(t, q + "việc".len());
    }
    if t[q..].starts_with(':') {
        q = skip_spaces(t, q + 1);
    }
    if let Some(r) = quoted_at(doc, q) {
        return Some(r);
    }
    let (mut title, end) = unquoted_title(doc, q)?;
    // Drop a trailing abbreviation in parentheses.
    if let Some(i) = title.rfind(" (")
        && title.ends_with(')')
    {
        title.truncate(i);
    }
    Some((title, end))
}

/// Attributes after a reference ending at `e`: date, issuer (+ term), date, title.
fn attributes(doc: &Document, dates: &[DateMention], m: &mut Mention, e: usize) -> usize {
    let mut pos = e;
    if let Some((d, end)) = date_after(doc, dates, pos) {
        m.date = Some(d);
        pos = end;
    }
    if let Some((iss, end)) = issuer_at(doc, pos) {
        m.issuer = Some(iss);
        pos = end;
        if m.date.is_none()
            && let Some((d, end)) = date_after(doc, dates, pos)
        {
            m.date = Some(d);
            pos = end;
        }
    }
    if let Some((title, end)) = title_at(doc, pos) {
        m.title = Some(title);
        pos = end;
    }
    // "… do Bộ Tài chính ban hành".
    if m.issuer.is_none() {
        let q = skip_spaces(&doc.text, pos);
        if word_is(&doc.key, q, "do") {
            let r = skip_spaces(&doc.text, q + "do".len());
            if let Some(o) = org::parse_at(doc, r) {
                let v = skip_spaces(&doc.text, o.span.end);
                if ISSUE_VERBS.0.iter().any(|w| word_is(&doc.key, v, w)) {
                    m.issuer = Some(doc.slice(o.span).to_string());
                }
            }
        }
    }
    pos
}

/// "Tại Công văn số 409, ban hành ngày 3/2, UBND tỉnh yêu cầu …": a sentence that opens with
/// "Tại/Trong (nội dung)" and the reference, then an organisation as the subject of the clause:
/// that organisation speaks through its own document.
fn issuer_as_subject(doc: &Document, sentence: Span, kind_start: usize, pos: usize) -> Option<String> {
    let k = &doc.key;
    let t = &doc.text;
    let before = k[sentence.start..kind_start].trim();
    if !DOC_INTROS.iter().any(|w| before == w) {
        return None;
    }
    let q = skip_spaces(t, pos);
    if !t[q..].starts_with(',') {
        return None;
    }
    let r = skip_spaces(t, q + 1);
    let o = org::parse_at(doc, r)?;
    let v = skip_spaces(t, o.span.end);
    (v > o.span.end && t[v..].starts_with(char::is_lowercase) && !word_is(k, v, "và"))
        .then(|| doc.slice(o.span).to_string())
}

/// `s` without the word `w` at its end (and the spaces before it).
fn strip_word_end<'a>(s: &'a str, w: &str) -> Option<&'a str> {
    s.strip_suffix(w)
        .filter(|r| r.is_empty() || r.ends_with(' '))
        .map(str::trim_end)
}

/// True when a position title that issues documents ("Bộ trưởng", "Chủ tịch") ends right before
/// the organisation starting at `org_start`.
fn org_is_titled(doc: &Document, from: usize, org_start: usize) -> bool {
    DOC_ISSUER_TITLES
        .find_in(&doc.key, Span::new(from, org_start))
        .iter()
        .any(|h| skip_spaces(&doc.text, h.span.end) == org_start)
}

/// "ORG (đã) ban hành <ref>": the issuer before the reference, and a date just before ORG.
fn issuer_before(
    doc: &Document,
    dates: &[DateMention],
    sentence: Span,
    kind_start: usize,
) -> Option<(String, Option<PartialDate>)> {
    let k = &doc.key;
    let before = k[sentence.start..kind_start].trim_end();
    let (verbs, adverbs) = &*ISSUE_VERBS;
    let (verb, mut stem) = verbs
        .iter()
        .find_map(|w| strip_word_end(before, w).map(|r| (w.as_str(), r)))?;
    let mut adverbs_seen = 0;
    for _ in 0..2 {
        match adverbs.iter().find_map(|w| strip_word_end(stem, w)) {
            Some(r) => {
                stem = r;
                adverbs_seen += 1;
            }
            None => break,
        }
    }
    // "có" alone is too common ("… 15 xã có Kế hoạch"): only "ORG vừa/đã có <ref>".
    if verb == "có" && adverbs_seen == 0 {
        return None;
    }
    let org_end = sentence.start + stem.len();
    // Look back a bounded way: an organisation phrase is short.
    let mut from = org_end.saturating_sub(160).max(sentence.start);
    while !doc.text.is_char_boundary(from) {
        from += 1;
    }
    let phrases = org::phrases_in(doc, Span::new(from, org_end));
    // "Bộ trưởng Bộ Y tế Nguyễn Văn A vừa ký …": the body of the person who signs.
    let o = phrases.last().filter(|o| {
        o.span.end == org_end || {
            let ns = skip_spaces(&doc.text, o.span.end);
            ns > o.span.end
                && crate::person::is_full_name(doc, Span::new(ns, org_end))
                && org_is_titled(doc, from, o.span.start)
        }
    })?;
    let issuer = doc.slice(o.span).to_string();
    // A date right before the organisation ("Ngày 8/2/2017, UBND … ban hành").
    let gap_ok = |from: usize| {
        k[from..o.span.start]
            .chars()
            .all(|c| c == ',' || c.is_whitespace())
    };
    let lo = dates
        .partition_point(|d| d.span.start < o.span.start.saturating_sub(80).max(sentence.start));
    let hi = dates.partition_point(|d| d.span.start < o.span.start);
    let mut date = dates[lo..hi]
        .iter()
        .filter(|d| {
            d.span.end <= o.span.start && d.span.start >= sentence.start && gap_ok(d.span.end)
        })
        .find(|d| matches!(d.kind, DateKind::Day) && d.value.iso().is_some())
        .map(|d| d.value);
    if date.is_none() {
        // Fallback: the sentence opens with "Ngày D/M[/Y],".
        let s = sentence.start;
        if word_is(k, s, "ngày") {
            let q = skip_spaces(&doc.text, s + "ngày".len());
            let w = &doc.text[q..floor_boundary(&doc.text, q + 40)];
            if let Some(c) = LOCAL_DATE.captures(w) {
                let end = q + c.get(0)?.end();
                if gap_ok(end) {
                    let day: u8 = c[1].parse().ok()?;
                    let month: u8 = c[2].parse().ok()?;
                    let year = c
                        .get(3)
                        .and_then(|y| y.as_str().parse::<i32>().ok())
                        .filter(|y| *y > 1900);
                    if (1..=31).contains(&day) && (1..=12).contains(&month) {
                        date = Some(PartialDate {
                            year,
                            month: Some(month),
                            day: Some(day),
                        });
                    }
                }
            }
        }
    }
    Some((issuer, date))
}

fn mentions_in(doc: &Document, dates: &[DateMention], sentence: Span, out: &mut Vec<Mention>) {
    let t = &doc.text;
    let limit = line_end(t, sentence.end, 200).max(sentence.end);
    let mut covered = sentence.start;
    let first = out.len();
    for h in DOC_KINDS.find_in_doc(doc, sentence) {
        if h.span.start < covered {
            continue;
        }
        let (kind, strict, generic) = kind_entry(h.entry);
        let Some((number, code, ty, end, so)) = number_after(doc, h.span.end, limit) else {
            continue;
        };
        if strict && !so && code.is_none() {
            continue;
        }
        // A lower-case kind word with a bare number is a verb or a common noun ("kết luận 5 tàu",
        // "kỷ luật 87 tổ chức").
        let capital = t[h.span.start..].starts_with(char::is_uppercase);
        if code.is_none() && !so && (!capital || bare_number_is_not_a_document(doc, &number, end)) {
            continue;
        }
        if code.is_none() && number.len() > 6 {
            continue;
        }
        let kind = if generic {
            ty.as_deref().and_then(kind_of_type).unwrap_or(kind)
        } else {
            kind
        };
        let mut m = Mention {
            kind,
            number,
            code,
            issuer: None,
            date: None,
            title: None,
            span: Span::new(h.span.start, end),
        };
        let attr_end = attributes(doc, dates, &mut m, end);
        if m.issuer.is_none()
            && let Some((iss, d)) = issuer_before(doc, dates, sentence, h.span.start)
        {
            m.issuer = Some(iss);
            m.date = m.date.or(d);
        }
        if m.issuer.is_none() {
            m.issuer = issuer_as_subject(doc, sentence, h.span.start, attr_end);
        }
        covered = end;
        out.push(m);
    }
    // Codes with no kind word before them.
    let kinds_end = out.len();
    let s = &t[sentence.start..sentence.end];
    let screened = ANY_CODE_SCREEN.is_match(s);
    for mt in ANY_CODE.find_iter(if screened { s } else { "" }) {
        let span = Span::new(sentence.start + mt.start(), sentence.start + mt.end());
        // Mentions of this sentence from kind words are in text order and do not overlap.
        let local = &out[first..kinds_end];
        let j = local.partition_point(|m| m.span.end <= span.start);
        if local.get(j).is_some_and(|m| m.span.overlaps(span))
            || t[..span.start].ends_with(['-', '/', '.'])
        {
            continue;
        }
        let w = &t[span.start..limit];
        let (number, code, ty, end) = if let Some(c) = PARTY_CODE.captures(w) {
            (
                c[1].to_string(),
                normalise_code(&c[0], true),
                c[2].to_string(),
                span.start + c[0].len(),
            )
        } else if let Some(c) = STATE_CODE.captures(w) {
            let ty = c[3]
                .split(['-', '–'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            (
                c[1].to_string(),
                normalise_code(&c[0], false),
                ty,
                span.start + c[0].len(),
            )
        } else {
            continue;
        };
        let Some(kind) = kind_of_type(&ty) else {
            continue;
        };
        let mut m = Mention {
            kind,
            number,
            code: Some(code),
            issuer: None,
            date: None,
            title: None,
            span: Span::new(span.start, end),
        };
        let _ = attributes(doc, dates, &mut m, end);
        out.push(m);
    }
}

fn kind_key(k: &str) -> String {
    match fold(k).as_str() {
        "công điện" => "điện".to_string(),
        "văn bản" => "công văn".to_string(),
        f => f.to_string(),
    }
}

/// A code as compared across mentions: leading zeros of its number ignored ("04-KH/TW" = "4-KH/TW").
fn code_key(c: &str) -> String {
    let digits = c.len() - c.trim_start_matches(|ch: char| ch.is_ascii_digit()).len();
    format!("{}{}", number_key(&c[..digits]), &c[digits..])
}

fn number_key(n: &str) -> &str {
    let s = n.trim_start_matches('0');
    if s.is_empty() { n } else { s }
}

/// Two issuer strings that may name the same body: one's words are a subsequence of the other's.
fn issuers_agree(a: &str, b: &str) -> bool {
    let wa: Vec<String> = fold(a).split_whitespace().map(str::to_string).collect();
    let wb: Vec<String> = fold(b).split_whitespace().map(str::to_string).collect();
    let sub = |s: &[String], l: &[String]| {
        let mut it = l.iter();
        s.iter().all(|x| it.any(|y| y == x))
    };
    sub(&wa, &wb) || sub(&wb, &wa)
}

fn merge(mentions: Vec<Mention>) -> Vec<DocRef> {
    use std::collections::HashMap;
    let mut out: Vec<DocRef> = Vec::new();
    let mut by_code: HashMap<String, usize> = HashMap::new();
    let mut by_number: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for m in mentions {
        let nk = (kind_key(&m.kind), number_key(&m.number).to_string());
        let compatible = |d: &DocRef| {
            let codes_clash =
                matches!((&d.code, &m.code), (Some(a), Some(b)) if code_key(a) != code_key(b));
            let issuers_clash =
                matches!((&d.issuer, &m.issuer), (Some(a), Some(b)) if !issuers_agree(a, b));
            !codes_clash && !issuers_clash
        };
        let i = m
            .code
            .as_ref()
            .and_then(|c| by_code.get(&code_key(c)).copied())
            .or_else(|| {
                by_number
                    .get(&nk)
                    .and_then(|v| v.iter().copied().find(|&i| compatible(&out[i])))
            });
        match i {
            Some(i) => {
                let d = &mut out[i];
                d.mentions.push(m.span);
                if d.code.is_none() {
                    if let Some(c) = &m.code {
                        by_code.insert(code_key(c), i);
                    }
                    d.code = m.code;
                }
                match (&d.issuer, m.issuer) {
                    (None, x) => d.issuer = x,
                    (Some(a), Some(b)) if b.len() > a.len() && issuers_agree(a, &b) => {
                        d.issuer = Some(b)
                    }
                    _ => {}
                }
                if d.date.is_none()
                    || (d.date.is_some_and(|x| x.year.is_none())
                        && m.date.is_some_and(|x| x.year.is_some()))
                {
                    d.date = m.date.or(d.date);
                }
                if d.title.is_none() {
                    d.title = m.title;
                }
            }
            None => {
                let i = out.len();
                if let Some(c) = &m.code {
                    by_code.insert(code_key(c), i);
                }
                by_number.entry(nk).or_default().push(i);
                out.push(DocRef {
                    kind: m.kind,
                    number: m.number,
                    code: m.code,
                    issuer: m.issuer,
                    date: m.date,
                    title: m.title,
                    mentions: vec![m.span],
                });
            }
        }
    }
    out
}

/// The documents a text cites.
pub fn find(doc: &Document, dates: &[DateMention]) -> Vec<DocRef> {
    find_with(doc, dates, &[])
}

/// The documents a text cites, also in `more`: stretches outside its sentences (an official
/// document's title lines, which the news zones take for furniture) read as sentences.
pub fn find_with(doc: &Document, dates: &[DateMention], more: &[Span]) -> Vec<DocRef> {
    let mut dates_sorted: Vec<DateMention>;
    let dates = if dates.windows(2).all(|w| w[0].span.start <= w[1].span.start) {
        dates
    } else {
        dates_sorted = dates.to_vec();
        dates_sorted.sort_by_key(|d| d.span.start);
        &dates_sorted[..]
    };
    let mut mentions = Vec::new();
    for s in &doc.sentences {
        mentions_in(doc, dates, s.span, &mut mentions);
    }
    for m in more {
        if m.end <= doc.text.len() && !doc.sentences.iter().any(|s| s.span.start < m.end && m.start < s.span.end) {
            mentions_in(doc, dates, *m, &mut mentions);
        }
    }
    mentions.sort_by_key(|m| m.span.start);
    merge(mentions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::new("t.txt", chidao_text::nfc(s).into_owned())
    }

    fn refs(s: &str) -> Vec<DocRef> {
        find(&doc(s), &[])
    }

    fn iso(d: &DocRef) -> Option<String> {
        d.date.and_then(|x| x.iso())
    }

    #[test]
    fn party_code_with_date_issuer_title() {
        let r = refs(
            "Đoàn làm việc về thực hiện Chỉ thị số 27-CT/TƯ ngày 12/4/2021 của Bộ Chính trị về “Tăng cường công tác dân vận trong tình hình mới” và Kế hoạch số 88-KH/TU ngày 3/5/2021 của Tỉnh ủy Hòa Lạc về “Triển khai Chỉ thị”.",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].kind, "Chỉ thị");
        assert_eq!(r[0].number, "27");
        assert_eq!(r[0].code.as_deref(), Some("27-CT/TW"));
        assert_eq!(r[0].issuer.as_deref(), Some("Bộ Chính trị"));
        assert_eq!(iso(&r[0]).as_deref(), Some("2021-04-12"));
        assert_eq!(
            r[0].title.as_deref(),
            Some("Tăng cường công tác dân vận trong tình hình mới")
        );
        assert_eq!(r[1].code.as_deref(), Some("88-KH/TU"));
        assert_eq!(r[1].issuer.as_deref(), Some("Tỉnh ủy Hòa Lạc"));
    }

    #[test]
    fn state_codes_and_plain_numbers() {
        let r = refs(
            "Thực hiện Nghị định số 45/2015/NĐ-CP ngày 7.8.2015 của Chính phủ về một số chính sách hỗ trợ ngư dân, Sở đã ban hành quyết định số 321 ngày 2/2/2016; văn bản số 512-CV/VPTU và Công điện số 09/CĐ-UBND.",
        );
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[0].code.as_deref(), Some("45/2015/NĐ-CP"));
        assert_eq!(r[0].number, "45");
        assert_eq!(iso(&r[0]).as_deref(), Some("2015-08-07"));
        assert_eq!(
            r[0].title.as_deref(),
            Some("một số chính sách hỗ trợ ngư dân")
        );
        assert_eq!(r[1].kind, "Quyết định");
        assert_eq!(r[1].number, "321");
        assert_eq!(r[1].code, None);
        assert_eq!(r[2].kind, "Công văn");
        assert_eq!(r[2].code.as_deref(), Some("512-CV/VPTU"));
        assert_eq!(r[3].kind, "Công điện");
    }

    #[test]
    fn named_numbers_and_issuer_attaches_to_last() {
        let r = refs(
            "Triển khai Nghị quyết 21, Nghị quyết 44 của Thủ tướng Chính phủ và Đề án 08 của Chính phủ; Chỉ thị 09 của Ban Thường vụ Tỉnh ủy Hòa Lạc về xây dựng lực lượng, nhiều đơn vị đã làm tốt.",
        );
        let keys: Vec<_> = r
            .iter()
            .map(|d| (d.kind.as_str(), d.number.as_str(), d.issuer.as_deref()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("Nghị quyết", "21", None),
                ("Nghị quyết", "44", Some("Thủ tướng Chính phủ")),
                ("Đề án", "08", Some("Chính phủ")),
                ("Chỉ thị", "09", Some("Ban Thường vụ Tỉnh ủy Hòa Lạc")),
            ]
        );
        assert_eq!(r[3].title.as_deref(), Some("xây dựng lực lượng"));
    }

    #[test]
    fn not_documents() {
        let r = refs(
            "Nghị quyết Trung ương 4 (khóa XII) được quán triệt; Đoàn kiểm tra số 3 làm việc; kế hoạch 5 năm 2021-2025; Nghị quyết Đại hội XIII; Luật Đất đai 2013; Báo cáo 6 tháng đầu năm; điện 220 kV.",
        );
        assert!(r.is_empty(), "{r:?}");
    }

    #[test]
    fn merges_mentions() {
        let r = refs(
            "Thực hiện Chỉ thị 19-CT/TƯ của Bộ Chính trị. Sau một năm, Chỉ thị số 19 đã đi vào cuộc sống. Theo 19-CT/TW, các cấp ủy phải chủ động.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].mentions.len(), 3);
        assert_eq!(r[0].code.as_deref(), Some("19-CT/TW"));
    }

    #[test]
    fn issuer_before_and_term() {
        let r = refs(
            "Ngày 4/3/2020, UBND tỉnh Hòa Lạc đã ban hành Kế hoạch số 31/KH-UBND triển khai công tác. Kết luận số 12-KL/TW ngày 1.2.2019 của Bộ Chính trị khóa XII về đẩy mạnh công tác cán bộ, quản lý đến năm 2025 và những năm tiếp theo gắn với việc luân chuyển.",
        );
        assert_eq!(r[0].issuer.as_deref(), Some("UBND tỉnh Hòa Lạc"));
        assert_eq!(iso(&r[0]).as_deref(), Some("2020-03-04"));
        assert_eq!(r[1].issuer.as_deref(), Some("Bộ Chính trị khóa XII"));
        assert_eq!(
            r[1].title.as_deref(),
            Some("đẩy mạnh công tác cán bộ, quản lý đến năm 2025 và những năm tiếp theo")
        );
    }

    #[test]
    fn quotes_and_issuing_verbs() {
        let r = refs(
            "Tại văn bản số 318 ngày 2-4-2022 về việc “chấn chỉnh nạn “cò đất” trên địa bàn”, UBND huyện cho biết. Ban Bí thư ban hành Chỉ thị số 07-CT/TW về tăng cường lãnh đạo cuộc vận động “Người dân Hòa Lạc dùng hàng Việt” và Quốc hội thông qua Nghị quyết số 41/2022/QH15. Thông tư 12/2021/TT-BTC về phí thẩm định do Bộ Tài chính ban hành có hiệu lực.",
        );
        assert_eq!(
            r[0].title.as_deref(),
            Some("chấn chỉnh nạn “cò đất” trên địa bàn")
        );
        assert_eq!(iso(&r[0]).as_deref(), Some("2022-04-02"));
        assert_eq!(r[1].issuer.as_deref(), Some("Ban Bí thư"));
        assert_eq!(
            r[1].title.as_deref(),
            Some("tăng cường lãnh đạo cuộc vận động “Người dân Hòa Lạc dùng hàng Việt”")
        );
        assert_eq!(r[2].issuer.as_deref(), Some("Quốc hội"));
        assert_eq!(r[2].code.as_deref(), Some("41/2022/QH15"));
        assert_eq!(r[3].issuer.as_deref(), Some("Bộ Tài chính"));
        assert_eq!(r[3].title.as_deref(), Some("phí thẩm định"));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "Chỉ thị số",
            "Chỉ thị số 35-",
            "Quyết định 12/",
            "văn bản số 1/A-",
            "Nghị quyết 9 về “",
            "Chỉ thị 1 của",
            "ngày 99/99 Chỉ thị 3 ngày 45/13/2019 của Bộ",
        ] {
            let _ = refs(s);
        }
        let long = "Chỉ thị 1 về a, ".repeat(5000);
        let _ = refs(&long);
    }
}

#[cfg(test)]
mod timing {
    /// Times org and docref on the file in `$CHIDAO_DOCREF_TIME` (a manual check).
    #[test]
    #[ignore]
    fn time_file() {
        let Ok(path) = std::env::var("CHIDAO_DOCREF_TIME") else {
            return;
        };
        let s = std::fs::read_to_string(path).unwrap();
        let d = chidao_text::Document::new("x", chidao_text::nfc(&s).into_owned());
        let t = std::time::Instant::now();
        let dates = crate::date::find(&d);
        let t1 = t.elapsed();
        let orgs = crate::org::find(&d);
        let t2 = t.elapsed();
        let refs = super::find(&d, &dates);
        let t3 = t.elapsed();
        println!(
            "bytes {} dates {:?} orgs {:?} ({}) docref {:?} ({})",
            s.len(),
            t1,
            t2 - t1,
            orgs.len(),
            t3 - t2,
            refs.len()
        );
    }
}

#[cfg(test)]
mod fixb_tests {
    use super::*;

    fn refs(s: &str) -> Vec<DocRef> {
        find(&Document::new("t.txt", chidao_text::nfc(s).into_owned()), &[])
    }

    #[test]
    fn nested_title_and_leading_zero_codes() {
        let r = refs(
            "Đoàn kiểm tra việc quán triệt Kế hoạch số 07-KH/TU của Tỉnh ủy Hòa Lạc. Cùng với đó, đánh giá kết quả thực hiện Kế hoạch số 7-KH/TU ngày 12/3/2021 của Tỉnh ủy Hòa Lạc về thực hiện Nghị quyết Trung ương 6 (khóa XII) về đổi mới hệ thống chính trị; nâng cao chất lượng “tinh gọn”, “hiệu quả” trong bộ máy. Các đơn vị báo cáo.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].mentions.len(), 2);
        assert_eq!(r[0].issuer.as_deref(), Some("Tỉnh ủy Hòa Lạc"));
        assert_eq!(r[0].date.and_then(|d| d.iso()).as_deref(), Some("2021-03-12"));
        assert_eq!(
            r[0].title.as_deref(),
            Some("thực hiện Nghị quyết Trung ương 6 (khóa XII) về đổi mới hệ thống chính trị; nâng cao chất lượng “tinh gọn”, “hiệu quả” trong bộ máy")
        );
    }
    #[test]
    fn issuers_after_commas_as_subject_and_signer() {
        let r = refs(
            "Văn bản số 812/UBND-KT, ngày 05/8/2021, của UBND huyện Hòa Lạc giao Chủ tịch UBND xã kiểm tra. Trong nội dung Công văn số 77/UBND-VX, ban hành ngày 4/3, UBND tỉnh Hòa Lạc yêu cầu Sở Y tế báo cáo. Bộ trưởng Bộ Văn hóa Lê Thị Mai vừa ký Chỉ thị số 09/CT-BVH về tăng cường quản lý lễ hội. Đến nay, 15 xã có Kế hoạch số 3 về phòng chống dịch.",
        );
        assert_eq!(r[0].issuer.as_deref(), Some("UBND huyện Hòa Lạc"));
        assert_eq!(r[0].date.and_then(|d| d.iso()).as_deref(), Some("2021-08-05"));
        assert_eq!(r[1].issuer.as_deref(), Some("UBND tỉnh Hòa Lạc"));
        assert_eq!(r[1].date.map(|d| (d.month, d.day)), Some((Some(3), Some(4))));
        assert_eq!(r[2].issuer.as_deref(), Some("Bộ Văn hóa"));
        assert_eq!(r[2].title.as_deref(), Some("tăng cường quản lý lễ hội"));
        assert_eq!(r[3].issuer, None);
    }

    #[test]
    fn title_stops_at_addressee_and_keeps_gan_lien_voi() {
        let r = refs(
            "Đoàn kiểm tra việc thực hiện Chỉ thị số 12 của Bộ Chính trị về nâng cao đạo đức công vụ đối với Ban Thường vụ Huyện ủy Hòa Lạc. Thực hiện Nghị định 99/2019 về cấp giấy chứng nhận quyền sở hữu nhà ở và tài sản khác gắn liền với đất. Quán triệt Nghị quyết số 18 của Bộ Chính trị về sắp xếp tổ chức bộ máy, xuất phát từ yêu cầu thực tiễn của địa phương.",
        );
        assert_eq!(r[0].title.as_deref(), Some("nâng cao đạo đức công vụ"));
        assert_eq!(
            r[1].title.as_deref(),
            Some("cấp giấy chứng nhận quyền sở hữu nhà ở và tài sản khác gắn liền với đất")
        );
        assert_eq!(r[2].title.as_deref(), Some("sắp xếp tổ chức bộ máy"));
    }
}
