//! Figures: reported quantities of results, resources and targets with the counted noun and its
//! qualifier ("hơn 3.000 cán bộ chủ chốt", "kéo giảm 16,05%"); not dates, periods, ordinals or
//! document numbers.
//!
//! Each sentence (headline included, zones cut out) is cut into tokens over the document key: words,
//! numbers and punctuation, each knowing whether it is glued to the one before. A number (written in
//! digits, Vietnamese format "3.000,5", or in words, "ba", "hai mươi") becomes a figure when
//!
//! * it is not part of a date mention, a code ("35-CT/TW"), a range or a glued name ("G20", "8h30");
//! * the words before it do not make it a numbering ("quận 2", "khóa 12", "Chỉ thị 05", "số 3",
//!   `data/figure_before.tsv`, unless a lead such as "tổng số" announces a count);
//! * it is followed by "%" or by a noun phrase: the unit, which must not start with a period, age or
//!   time word ("6 tháng", "45 tuổi", `data/figure_after.tsv`) nor with a function word or verb
//!   (`data/figure_stops.tsv`, which also end the unit phrase);
//! * the unit does not start with a word in title case ("95 Chùa Bộc", "vòng 38 Premier League",
//!   "Snapdragon 660 Cụ thể, …": a street, a name, a new sentence or table cell), unless it names
//!   a counted thing: an organisation type, a document kind, a post, a currency, a counted noun or
//!   one of `data/figure_named.tsv` ("30 Chi cục", "11 Nghị quyết", "3 Phó Giám đốc", "5 Huân
//!   chương").
//!
//! Scale words fold into the value ("38 nghìn vụ việc" → 38000) except a "triệu"/"tỷ" before a
//! currency or at the end, which stays in the unit ("21,6 nghìn tỷ đồng" → 21600 "tỷ đồng").
//! A number in words counts only before a known counted noun (`data/figure_units.tsv`).

use std::sync::LazyLock;

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::date::DateMention;
use crate::gazetteer;

gazetteer!(pub(crate) NUMBER_WORDS, "number_words.tsv");
gazetteer!(QUALIFIERS, "qualifiers.tsv");
gazetteer!(BEFORE, "figure_before.tsv");
gazetteer!(LEAD, "figure_lead.tsv");
gazetteer!(AFTER, "figure_after.tsv");
gazetteer!(STOPS, "figure_stops.tsv");
gazetteer!(UNITS, "figure_units.tsv");
gazetteer!(CURRENCY, "figure_currency.tsv");
gazetteer!(NAMED, "figure_named.tsv");
crate::word_classes! {
    "figure_words.tsv";
    CURRENCY_SCALES = "currency_scale";
    POWER_UNITS = "power_unit";
    ORDINAL_LEADS = "ordinal_lead";
    STREETS = "street";
    HOUSE_LEADS = "house_lead";
}

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

/// Longest unit phrase, in words.
const MAX_UNIT_WORDS: usize = 6;

/// The figures of a document.
pub fn find(doc: &Document, dates: &[DateMention]) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for s in doc.sentences.iter().filter(|s| may_hold_figure(doc, s.span)) {
        tokenize(&doc.key, s.span, &mut toks);
        scan(doc, &toks, dates, &mut out);
    }
    out
}

/// Whether a sentence has a token a figure can start at ([`scan`]): a number (an ASCII digit) or
/// a word of [`NUMBER_WORDS`], a run of letters the document's scan of the word lists found whole.
/// About half the sentences of a news feed have neither, and are not tokenized.
fn may_hold_figure(doc: &Document, span: Span) -> bool {
    let key = &doc.key[span.start..span.end];
    if key.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let letter = |c: Option<char>| c.is_some_and(crate::gazetteer::is_alphabetic);
    // (Not a list of the scan: nothing known, so the sentence is read.)
    NUMBER_WORDS.occurrences_in_doc(doc, span).is_none_or(|mut occ| {
        // (Letters are looked for inside the sentence, as its tokens are cut.)
        occ.any(|o| !letter(key[..o.start - span.start].chars().next_back()) && !letter(key[o.end - span.start..].chars().next()))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tk {
    Word,
    Num,
    Punct,
}

/// A token of a sentence's key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: Tk,
    pub span: Span,
    /// No white space between this token and the previous one.
    pub glued: bool,
}

/// Cuts `key[span]` into words (letter runs), numbers (digit runs joined by glued "." or ",") and
/// single punctuation chars.
pub(crate) fn tokenize(key: &str, span: Span, out: &mut Vec<Tok>) {
    out.clear();
    let s = &key[span.start..span.end];
    let bytes = s.as_bytes();
    // The char at byte `i` (ASCII without decoding).
    let char_at = |i: usize| match bytes[i] {
        b if b.is_ascii() => char::from(b),
        _ => s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER),
    };
    let mut glued = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = char_at(i);
        if c.is_whitespace() {
            glued = false;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        let kind = if crate::gazetteer::is_alphabetic(c) {
            while end < bytes.len() {
                let d = char_at(end);
                if !crate::gazetteer::is_alphabetic(d) {
                    break;
                }
                end += d.len_utf8();
            }
            Tk::Word
        } else if c.is_ascii_digit() {
            loop {
                match bytes.get(end) {
                    Some(d) if d.is_ascii_digit() => end += 1,
                    Some(b'.' | b',') if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => end += 1,
                    _ => break,
                }
            }
            Tk::Num
        } else {
            Tk::Punct
        };
        out.push(Tok {
            kind,
            span: Span::new(span.start + start, span.start + end),
            glued,
        });
        glued = true;
        i = end;
    }
}

/// Parses a number in Vietnamese format: "." groups thousands, "," marks decimals; a single "." with
/// one or two digits after it is read as a decimal point (English style).
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let (int, frac) = match s.split_once(',') {
        Some((a, b)) => {
            if b.contains([',', '.']) {
                return None;
            }
            (a, Some(b))
        }
        None => (s, None),
    };
    let digits: String = if int.contains('.') {
        let groups: Vec<&str> = int.split('.').collect();
        if frac.is_none()
            && groups.len() == 2
            && (1..=2).contains(&groups[1].len())
            && groups[0].len() <= 3
        {
            // "6.5" English decimal.
            return format!("{}.{}", groups[0], groups[1]).parse().ok();
        }
        if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
        groups.concat()
    } else {
        int.to_string()
    };
    if digits.len() > 1 && digits.starts_with('0') && frac.is_none() {
        return None; // "05", "0912…": a numbering or a phone number
    }
    let v: f64 = match frac {
        Some(f) => format!("{digits}.{f}").parse().ok()?,
        None => digits.parse().ok()?,
    };
    v.is_finite().then_some(v)
}

fn word<'k>(key: &'k str, t: &Tok) -> &'k str {
    t.span.of(key)
}

/// Decides, from the words just before token `i`, whether a numbering word blocks it; returns
/// `Some(true)` for blocked, `Some(false)` for an announcing lead, `None` for neither.
fn before_context(text: &str, key: &str, toks: &[Tok], i: usize) -> Option<bool> {
    // A qualifier stands between the context and the number ("xe dưới 9 chỗ"): look past it.
    // A numbering word never takes an approximation ("ở mức khoảng 10%", "lần gần 20"): past a
    // qualifier, only leads count.
    let mut i = i;
    let mut qualified = false;
    for n in [2, 1] {
        if i >= n && toks[i - n..i].iter().all(|t| t.kind == Tk::Word) {
            let phrase = &key[toks[i - n].span.start..toks[i - 1].span.end];
            if QUALIFIERS.lookup_key(phrase).is_some() {
                i -= n;
                qualified = true;
                break;
            }
        }
    }
    // Up to four contiguous words just before i (no punctuation between): the longest entries
    // ("vùng cảnh sát biển", "nghị quyết trung ương").
    let mut words = Vec::new();
    let mut j = i;
    while j > 0 && words.len() < 4 {
        j -= 1;
        if toks[j].kind != Tk::Word {
            break;
        }
        words.push(toks[j].span);
    }
    let end = toks[i].span.start;
    for w in words.iter().rev() {
        // Longest suffix first.
        let phrase = key[w.start..end].trim_end();
        if LEAD.lookup_key(phrase).is_some() {
            return Some(false);
        }
        if let Some(e) = BEFORE.lookup_key(phrase).filter(|_| !qualified) {
            let cap_only = BEFORE.fields(e).first().is_some_and(|f| f == "cap");
            if !cap_only || text[w.start..].starts_with(char::is_uppercase) {
                return Some(true);
            }
        }
    }
    None
}

/// The qualifier written just before token `i`, if any.
fn qualifier(doc: &Document, toks: &[Tok], i: usize) -> Option<(String, usize)> {
    let mut words = Vec::new();
    let mut j = i;
    while j > 0 && words.len() < 2 {
        j -= 1;
        if toks[j].kind != Tk::Word {
            break;
        }
        words.push(toks[j].span);
    }
    let end = toks[i].span.start;
    for w in words.iter().rev() {
        let phrase = doc.key[w.start..end].trim_end();
        if QUALIFIERS.lookup_key(phrase).is_some() {
            let t = doc.text[w.start..end].trim_end();
            return Some((t.to_lowercase(), w.start));
        }
    }
    None
}

fn overlaps_date(dates: &[DateMention], span: Span) -> bool {
    let k = dates.partition_point(|d| d.span.end <= span.start);
    dates[k..]
        .iter()
        .take_while(|d| d.span.start < span.end)
        .any(|d| d.span.overlaps(span))
}

/// Number of tokens a gazetteer entry covers when it matches at token `i` (whole words only).
fn match_tokens(g: &gazetteer::Gazetteer, key: &str, toks: &[Tok], i: usize) -> Option<usize> {
    let t = toks.get(i)?;
    if t.kind != Tk::Word {
        return None;
    }
    let hit = g.match_at(key, t.span.start)?;
    let n = toks[i..]
        .iter()
        .take_while(|x| x.span.end <= hit.span.end)
        .count();
    (n > 0 && toks[i + n - 1].span.end == hit.span.end).then_some(n)
}

/// Value of a number-word entry, and its kind (`d`, `t`, `s`).
fn number_word(key: &str, t: &Tok) -> Option<(f64, char)> {
    if t.kind != Tk::Word {
        return None;
    }
    NUMBER_VALUES[NUMBER_WORDS.lookup_key(word(key, t))?]
}

/// The value and kind of each entry of [`NUMBER_WORDS`], read from its fields once (the words
/// are looked up for every word of every sentence).
static NUMBER_VALUES: LazyLock<Vec<Option<(f64, char)>>> = LazyLock::new(|| {
    (0..NUMBER_WORDS.len())
        .map(|e| {
            let f = NUMBER_WORDS.fields(e);
            let v: f64 = f.first()?.parse().ok()?;
            let k = f.get(1).and_then(|s| s.chars().next())?;
            Some((v, k))
        })
        .collect()
});

fn scale_of(key: &str, t: &Tok) -> Option<f64> {
    match number_word(key, t) {
        Some((v, 's')) => Some(v),
        _ => None,
    }
}

fn is_currency_scale(key: &str, t: &Tok) -> bool {
    CURRENCY_SCALES.contains(word(key, t))
}

fn scan(doc: &Document, toks: &[Tok], dates: &[DateMention], out: &mut Vec<Figure>) {
    let key = doc.key.as_str();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let start_i = i;
        // 1. The number.
        let (mut value, mut next, words_number) = match t.kind {
            Tk::Num => {
                let prev = i.checked_sub(1).map(|p| toks[p]);
                // Glued to a word ("G20", "covid19") or the second half of a code, date or range.
                if let Some(p) = prev {
                    let pw = word(key, &p);
                    if t.glued && p.kind == Tk::Word {
                        i += 1;
                        continue;
                    }
                    // The power of "m 3", "km 2".
                    if p.kind == Tk::Word && POWER_UNITS.contains(pw) {
                        i += 1;
                        continue;
                    }
                    if p.kind == Tk::Punct
                        && matches!(pw, "/" | "-" | "–" | "—" | "." | ":" | "_" | "+" | "#")
                    {
                        i += 1;
                        continue;
                    }
                }
                let Some(v) = parse_number(word(key, &t)) else {
                    i += 1;
                    continue;
                };
                let mut next = i + 1;
                // "238/262 vụ việc": the first number; a day/month pair is a date.
                if let Some(n) = toks.get(next)
                    && n.glued
                    && n.kind == Tk::Punct
                {
                    let nw = word(key, n);
                    match nw {
                        "/" => match toks.get(next + 1) {
                            Some(d) if d.glued && d.kind == Tk::Num => {
                                let b = parse_number(word(key, d)).unwrap_or(0.0);
                                if v <= 31.0 && (1.0..=12.0).contains(&b) || b >= 1900.0 {
                                    i = next + 2;
                                    continue;
                                }
                                next += 2;
                            }
                            _ => {
                                i = next + 1;
                                continue;
                            }
                        },
                        "-" | "–" | "." | ":" | "_" | "\\" => {
                            i = next + 1;
                            continue;
                        }
                        _ => {}
                    }
                }
                // A glued word other than a measure ("80B", "8h30") makes a code or a time.
                if let Some(n) = toks.get(next)
                    && n.glued
                    && n.kind == Tk::Word
                    && match_tokens(&UNITS, key, toks, next).is_none()
                {
                    i = next + 1;
                    continue;
                }
                // A range "70 - 80%" or "30/5-7/6": skip it.
                if let Some(n) = toks.get(next)
                    && n.kind == Tk::Punct
                    && matches!(word(key, n), "-" | "–" | "—")
                    && toks.get(next + 1).is_some_and(|d| d.kind == Tk::Num)
                {
                    i = next + 2;
                    continue;
                }
                (v, next, false)
            }
            Tk::Word => {
                let Some((v0, k0)) = number_word(key, &t) else {
                    i += 1;
                    continue;
                };
                // Number words only in lower case in the text ("Ba Vì" is a place).
                if k0 == 's'
                    || doc.text[t.span.start..].starts_with(char::is_uppercase)
                    || word(key, &t) == "năm"
                {
                    i += 1;
                    continue;
                }
                let _ = v0;
                // "một" is mostly an article ("một người", "một cách"); only "một trăm/nghìn …" counts.
                if word(key, &t) == "một"
                    && toks.get(i + 1).is_none_or(|n| scale_of(key, n).is_none())
                {
                    i += 1;
                    continue;
                }
                let (v, n) = parse_words(key, toks, i);
                (v, n, true)
            }
            Tk::Punct => {
                i += 1;
                continue;
            }
        };
        let num_span = Span::new(t.span.start, toks[next - 1].span.end);
        if overlaps_date(dates, num_span) || doc.in_furniture(num_span) {
            i = next;
            continue;
        }
        if before_context(&doc.text, key, toks, start_i) == Some(true) {
            i = next;
            continue;
        }
        if words_number
            && start_i > 0
            && toks[start_i - 1].kind == Tk::Word
            && ORDINAL_LEADS.contains(word(key, &toks[start_i - 1]))
        {
            i = next;
            continue;
        }
        // 2. Scale words.
        let mut unit_from_scale: Option<usize> = None;
        if !words_number {
            let mut j = next;
            while let Some(sc) = toks.get(j).and_then(|x| scale_of(key, x)) {
                let tj = toks[j];
                let after = toks.get(j + 1);
                let last_scale = after.is_none_or(|a| scale_of(key, a).is_none());
                if last_scale && is_currency_scale(key, &tj) {
                    let ends = after.is_none_or(|a| {
                        a.kind != Tk::Word
                            || STOPS.lookup_key(word(key, a)).is_some()
                            || doc.text[a.span.start..].starts_with(char::is_uppercase)
                    });
                    // "triệu"/"tỷ" fold only before a counted noun ("1,5 triệu người"); before a
                    // currency, a verb or nothing they are the unit ("20 tỷ đồng", "20 tỷ rỉ sét").
                    if ends
                        || match_tokens(&CURRENCY, key, toks, j + 1).is_some()
                        || match_tokens(&UNITS, key, toks, j + 1).is_none()
                    {
                        unit_from_scale = Some(j);
                        break;
                    }
                }
                value *= sc;
                j += 1;
            }
            next = j;
        }
        // 3. The unit.
        let unit_span: Span;
        let mut end_tok;
        if let Some(j) = unit_from_scale {
            end_tok = j + 1;
            if let Some(n) = match_tokens(&CURRENCY, key, toks, j + 1) {
                end_tok = j + 1 + n;
            }
            unit_span = Span::new(toks[j].span.start, toks[end_tok - 1].span.end);
        } else if toks
            .get(next)
            .is_some_and(|x| x.kind == Tk::Punct && word(key, x) == "%")
        {
            end_tok = next + 1;
            unit_span = toks[next].span;
        } else if let Some(n) = toks.get(next).filter(|x| x.kind == Tk::Word)
            && key[n.span.start..].starts_with("phần trăm")
        {
            end_tok = next + 2;
            unit_span = Span::new(
                n.span.start,
                toks.get(next + 1).map_or(n.span.end, |x| x.span.end),
            );
            let _ = n;
            out.push(make(
                doc,
                toks,
                start_i,
                value,
                "%".to_string(),
                Span::new(t.span.start, unit_span.end),
            ));
            i = end_tok;
            continue;
        } else {
            let Some(first) = toks.get(next).filter(|x| x.kind == Tk::Word) else {
                i = next;
                continue;
            };
            if match_tokens(&AFTER, key, toks, next).is_some()
                || STOPS.lookup_key(word(key, first)).is_some()
            {
                i = next;
                continue;
            }
            // An address: "194 đường Giải Phóng", "12 phố Huế".
            let is_street = STREETS.contains(word(key, first)) && toks.get(next + 1).is_some_and(|n| {
                n.kind == Tk::Word && doc.text[n.span.start..].starts_with(char::is_uppercase)
            });
            // "tại 12 Tôn Đản": a house number before a street name.
            let is_house = doc.text[first.span.start..].starts_with(char::is_uppercase)
                && start_i > 0
                && toks[start_i - 1].kind == Tk::Word
                && HOUSE_LEADS.contains(word(key, &toks[start_i - 1]));
            if word(key, first) == "phần" || is_street || is_house {
                i = next;
                continue;
            }
            // A word in title case starts a name or a new sentence ("ngõ 95 Chùa Bộc", "vòng
            // 38 Nhật Quang", "Snapdragon 660 Cụ thể, …"), unless it is a counted thing.
            let w = &doc.text[first.span.start..first.span.end];
            if w.chars().nth(1).is_some() && is_title_case(w) && !names_counted_thing(key, toks, next)
            {
                i = next;
                continue;
            }
            if words_number && match_tokens(&UNITS, key, toks, next).is_none() {
                i = next;
                continue;
            }
            end_tok = next + 1;
            let mut nwords = 1;
            while let Some(x) = toks.get(end_tok) {
                if nwords >= MAX_UNIT_WORDS {
                    break;
                }
                match x.kind {
                    Tk::Word => {
                        if match_tokens(&STOPS, key, toks, end_tok).is_some()
                            || number_word(key, x).is_some_and(|(_, k)| k != 's')
                        {
                            break;
                        }
                        // A capitalised name after lower-case words starts something else
                        // ("4 thanh niên Ngày …"); abbreviations ("vụ việc KNTC") stay.
                        let prev_lower = doc.text[toks[end_tok - 1].span.start..]
                            .starts_with(char::is_lowercase);
                        if prev_lower && is_title_case(&doc.text[x.span.start..x.span.end]) {
                            break;
                        }
                        nwords += 1;
                        end_tok += 1;
                    }
                    Tk::Num => {
                        // "m 3 cát", "m3": a power on a short measure word.
                        let prevw = word(key, &toks[end_tok - 1]);
                        if nwords == 1
                            && POWER_UNITS.contains(prevw)
                            && matches!(word(key, x), "2" | "3")
                        {
                            end_tok += 1;
                        } else {
                            break;
                        }
                    }
                    Tk::Punct => break,
                }
            }
            unit_span = Span::new(first.span.start, toks[end_tok - 1].span.end);
        }
        if value == 0.0 {
            i = end_tok.max(start_i + 1);
            continue;
        }
        let unit = doc.text[unit_span.start..unit_span.end].to_string();
        out.push(make(
            doc,
            toks,
            start_i,
            value,
            unit,
            Span::new(t.span.start, unit_span.end),
        ));
        i = end_tok.max(start_i + 1);
    }
}

/// A word whose first letter alone is a capital ("Hàng", "Nm", "V"; not "GB", "HLV").
fn is_title_case(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
}

/// Whether the words from token `i` name a thing a number may count though written with a
/// capital: an organisation type, a document kind, a post, a currency, a counted noun, or one of
/// `figure_named.tsv`.
fn names_counted_thing(key: &str, toks: &[Tok], i: usize) -> bool {
    [&NAMED, &UNITS, &CURRENCY, &crate::org::ORG_TYPES, &crate::docref::DOC_KINDS, &crate::person::TITLES]
        .into_iter()
        .any(|g| match_tokens(g, key, toks, i).is_some())
}

fn make(
    doc: &Document,
    toks: &[Tok],
    start_i: usize,
    value: f64,
    unit: String,
    span: Span,
) -> Figure {
    let (qualifier, span) = match qualifier(doc, toks, start_i) {
        Some((q, at)) => (Some(q), Span::new(at, span.end)),
        None => (None, span),
    };
    Figure {
        value,
        qualifier,
        unit,
        span,
    }
}

/// Reads a run of number words from token `i`: "ba" 3, "mười hai" 12, "hai mươi lăm" 25, "ba trăm"
/// 300, "hai nghìn" 2000. Returns the value and the index after the run.
fn parse_words(key: &str, toks: &[Tok], i: usize) -> (f64, usize) {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut last = ' ';
    let mut last_d = 0.0;
    let mut j = i;
    while let Some((v, k)) = toks.get(j).and_then(|t| number_word(key, t)) {
        if j > i && toks[j].kind != Tk::Word {
            break;
        }
        match k {
            'd' => {
                if last == 'd' || last == 'u' {
                    break;
                }
                current += v;
                last_d = v;
                last = 'd';
            }
            't' => {
                if word(key, &toks[j]) == "mười" {
                    if last == 'd' || last == 'u' {
                        break;
                    }
                    current += 10.0;
                } else {
                    if last != 'd' {
                        break;
                    }
                    current += last_d * 9.0;
                }
                last = 'u';
            }
            _ => {
                if last == ' ' {
                    break;
                }
                let c = if current == 0.0 { 1.0 } else { current };
                if v >= 1000.0 {
                    total += c * v;
                    current = 0.0;
                } else {
                    current = c * v;
                }
                last = 's';
            }
        }
        j += 1;
    }
    (total + current, j.max(i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chidao_text::{DecodeOptions, decode};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

        /// A sentence passed over by [`may_hold_figure`] holds no figure: its tokens, scanned,
        /// give none. Number words alone, inside other words, glued to digits or letters.
        #[test]
        fn a_sentence_passed_over_holds_no_figure(picks in proptest::collection::vec((0usize..1000, 0u8..4), 1..40)) {
            const WORDS: &[&str] = &["hai", "ba", "năm", "Ba", "trăm", "triệu", "một", "tư", "mười", "ban", "bao", "bảy", "bảyx", "xba", "tỷ", "5tỷ", "người", "hộ", "vụ", "Sở", "các", "đã", "3", "12,5", "%", "-", "/", ".", ",", "(", ")", "\n\n", "lăm", "mươi", "nghìn", "Hai"];
            let mut text = String::from("Tin\n\n");
            for (w, sep) in picks {
                text.push_str(WORDS[w % WORDS.len()]);
                text.push_str(["", " ", " ", "  "][usize::from(sep)]);
            }
            let doc = Document::new("t.txt", text);
            let dates = crate::date::find(&doc);
            let _ = crate::org::find(&doc);
            let mut toks = Vec::new();
            for s in doc.sentences.iter().filter(|s| !may_hold_figure(&doc, s.span)) {
                tokenize(&doc.key, s.span, &mut toks);
                let mut out = Vec::new();
                scan(&doc, &toks, &dates, &mut out);
                proptest::prop_assert!(out.is_empty(), "{:?} in {:?}", out, doc.slice(s.span));
            }
        }
    }

    fn figs(s: &str) -> Vec<(f64, Option<String>, String)> {
        let (text, _) = decode(s.as_bytes(), DecodeOptions::default()).unwrap();
        let doc = Document::new("t.txt", text);
        let dates = crate::date::find(&doc);
        find(&doc, &dates)
            .into_iter()
            .map(|f| (f.value, f.qualifier, f.unit))
            .collect()
    }

    fn one(s: &str) -> (f64, Option<String>, String) {
        let v = figs(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn numbers_parse_in_vietnamese_format() {
        assert_eq!(parse_number("3.000"), Some(3000.0));
        assert_eq!(parse_number("16,05"), Some(16.05));
        assert_eq!(parse_number("1.234.567,5"), Some(1234567.5));
        assert_eq!(parse_number("6.5"), Some(6.5));
        assert_eq!(parse_number("5.6.2012"), None);
        assert_eq!(parse_number("05"), None);
        assert_eq!(parse_number("0,2"), Some(0.2));
    }

    #[test]
    fn counts_with_qualifier_and_unit() {
        assert_eq!(
            one("Huyện đã tập huấn cho hơn 2.500 cán bộ cơ sở tham gia."),
            (2500.0, Some("hơn".into()), "cán bộ cơ sở".into())
        );
        assert_eq!(
            one("Tỉnh kéo giảm 12,35% số vụ phạm pháp."),
            (12.35, None, "%".into())
        );
        assert_eq!(
            one("Đã phát hiện 41 nghìn vụ việc vi phạm."),
            (41000.0, None, "vụ việc vi phạm".into())
        );
        assert_eq!(
            one("Tổng thu đạt 12,4 nghìn tỷ đồng."),
            (12400.0, None, "tỷ đồng".into())
        );
        assert_eq!(
            one("Thiệt hại khoảng 3,5 tỷ đồng."),
            (3.5, Some("khoảng".into()), "tỷ đồng".into())
        );
        assert_eq!(
            one("Công an huyện đã khởi tố ba vụ án còn lại."),
            (3.0, None, "vụ án".into())
        );
        assert_eq!(
            one("Đã giải quyết 145/170 vụ việc tồn đọng."),
            (145.0, None, "vụ việc tồn đọng".into())
        );
        assert_eq!(
            one("Tịch thu trên 12.000 m 3 cát."),
            (12000.0, Some("trên".into()), "m 3 cát".into())
        );
        assert_eq!(
            one("Hỗ trợ mỗi hộ 150 triệu."),
            (150.0, None, "triệu".into())
        );
        // A house in lower case is no name: what each receives is a figure.
        assert_eq!(
            one("Hỗ trợ mỗi nhà 40 triệu đồng."),
            (40.0, None, "triệu đồng".into())
        );
    }

    #[test]
    fn non_figures() {
        assert!(figs("Đoàn kiểm tra số 4 làm việc với Công an quận 7 tại phòng 12.").is_empty());
        assert!(figs("Sư đoàn 312 Quân khu 5 và Vùng Cảnh sát biển 2 phối hợp, Vùng 4 Hải quân tham gia.").is_empty());
        assert!(
            figs("Kết quả 6 tháng đầu năm, sau 5 năm thực hiện Chỉ thị 07-CT/TU và Chỉ thị 07.")
                .is_empty()
        );
        assert!(
            figs("Ông Lê Văn Tâm, 52 tuổi, nhận nhiệm vụ lúc 8 giờ tại Kỳ họp thứ 4, khóa 15.")
                .is_empty()
        );
        assert!(
            figs("Theo Điều 5 Luật 12 của Quốc hội, Nghị quyết Trung ương 6 và hội nghị năm 2019.")
                .is_empty()
        );
        assert!(figs("Gọi số 0912.345.678 hoặc G20 ở Covid-19.").is_empty());
        // A building named by its storeys, in a venue's address.
        assert!(figs("Điểm cầu Trụ sở (Phòng họp, Tầng 3, Nhà 7 tầng, Tòa nhà 2).").is_empty());
        assert!(figs("Tăng 70 - 80% so với trước.").is_empty());
        assert!(figs("Một số vụ việc còn tồn đọng; hai bên thống nhất.").is_empty());
        // A capitalised name after the number: a street, a model and a new sentence, a table row.
        assert!(figs("Tiệm sách 48 Hàng Quạt mở cửa; mẫu máy Nova 660 Ngoài ra còn bản khác.").is_empty());
        assert!(figs("Bảng xếp hạng: 7 Lâm Viên 0 0 0 8 Sông Mây 0 0 0").is_empty());
    }

    #[test]
    fn capitalised_counted_things() {
        let units: Vec<String> =
            figs("Huyện có 12 Chi cục Thuế, 3 Phó Chủ tịch, 2 Nghị quyết, 5 Huân chương Lao động và 380 Nm.")
                .into_iter()
                .map(|(v, _, u)| format!("{v} {u}"))
                .collect();
        assert_eq!(units, ["12 Chi cục", "3 Phó Chủ tịch", "2 Nghị quyết", "5 Huân chương", "380 Nm"]);
    }

    #[test]
    fn qualifier_after_a_numbering_word() {
        assert_eq!(
            one("Tỷ lệ hồ sơ trễ hẹn vẫn còn ở mức khoảng 12%."),
            (12.0, Some("khoảng".to_string()), "%".to_string())
        );
        assert!(figs("Mức 3 là mức cao nhất.").is_empty());
    }
}
