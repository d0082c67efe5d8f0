//! Organisations: units and bodies (Bộ Công an, Công an TP Hà Nội / CATP, Thành ủy, UBND …), with
//! abbreviations expanded and aliases merged.
//!
//! An organisation phrase is a head word from `data/org_types.tsv` (or an abbreviation from
//! `data/org_abbreviations.tsv`) followed by what names it: a field ("Sở Y tế", `org_fields.tsv`),
//! a proper name ("Cục Hàng hải Việt Nam"), a place ("tỉnh Hòa Lạc", "TP Hà Nội", a province from
//! `org_places.tsv`), or, for bodies of another organisation ("Ban Thường vụ", "Văn phòng", "Đảng
//! ủy"), that organisation. Lower-case heads ("công an các quận") are generic and only count when a
//! proper place name follows ("ủy ban nhân dân tỉnh Hòa Lạc").

use crate::scan::{skip_spaces, word_end};
use chidao_text::{Document, Span, fold};
use serde::Serialize;

use crate::gazetteer;

gazetteer!(pub(crate) ORG_TYPES, "org_types.tsv");
gazetteer!(pub(crate) ORG_ABBREVIATIONS, "org_abbreviations.tsv");
gazetteer!(ORG_PLACES, "org_places.tsv");
gazetteer!(ORG_FIELDS, "org_fields.tsv");
gazetteer!(ORG_NAME_BREAKS, "org_name_breaks.tsv");
gazetteer!(ORG_NAME_STOPS, "org_name_stops.tsv");
gazetteer!(ORG_RUN_STOPS, "org_run_stops.tsv");

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

/// An organisation phrase recognised at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgPhrase {
    /// The words of the phrase.
    pub span: Span,
    /// Its name with abbreviations expanded ("Ủy ban nhân dân thành phố Hà Nội").
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Fixed,
    Opt,
    Need,
    Of,
    OfOpt,
    Team,
    Unit,
}

fn class_of(s: &str) -> Class {
    match s {
        "fixed" => Class::Fixed,
        "opt" => Class::Opt,
        "of" => Class::Of,
        "ofopt" => Class::OfOpt,
        "team" => Class::Team,
        "unit" => Class::Unit,
        _ => Class::Need,
    }
}

const MAX_DEPTH: usize = 3;

/// Capitalised words that may stand right before an organisation ("Phó Thủ tướng Chính phủ").
const CAP_PREFIX_OK: &[&str] = &[
    "Phó", "Và", "Của", "Theo", "Tại", "Với", "Cho", "Từ", "Đến", "Được", "Do", "Cùng", "Trong",
    "Sau", "Khi", "Qua", "Hôm", "Nay", "Lãnh", "Các", "Những", "Đồng", "Giao",
];

fn first_char(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

fn is_upper_at(text: &str, pos: usize) -> bool {
    first_char(text, pos).is_some_and(|c| c.is_uppercase())
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

/// A head word at `at`: its class, end, expanded form and whether it is written with a capital.
fn head_at(doc: &Document, at: usize) -> Option<(Class, usize, String, bool)> {
    if !doc.text.is_char_boundary(at) || at >= doc.text.len() {
        return None;
    }
    // Not inside a document code ("155-KH/TU").
    if matches!(prev_char(&doc.text, at), Some('/' | '-'))
        && !matches!(doc.text.get(at.saturating_sub(2)..at), Some(" -"))
    {
        return None;
    }
    let ty = ORG_TYPES.match_at(&doc.key, at);
    let ab = ORG_ABBREVIATIONS.match_at(&doc.key, at).filter(|h| {
        let e = ORG_ABBREVIATIONS.entry(h.entry);
        h.span.of(&doc.text) == e.pattern
            && !matches!(first_char(&doc.text, h.span.end), Some('/' | '-'))
    });
    let cap = is_upper_at(&doc.text, at);
    match (ty, ab) {
        (Some(t), Some(a)) if a.span.end > t.span.end => abbr_head(doc, a.entry, a.span),
        (Some(t), _) => {
            let class = class_of(
                ORG_TYPES
                    .fields(t.entry)
                    .first()
                    .map_or("need", |s| s.as_str()),
            );
            Some((class, t.span.end, t.span.of(&doc.text).to_string(), cap))
        }
        (None, Some(a)) => abbr_head(doc, a.entry, a.span),
        (None, None) => None,
    }
}

fn abbr_head(_doc: &Document, entry: usize, span: Span) -> Option<(Class, usize, String, bool)> {
    let f = ORG_ABBREVIATIONS.fields(entry);
    let exp = f
        .first()
        .cloned()
        .unwrap_or_else(|| ORG_ABBREVIATIONS.entry(entry).pattern.clone());
    let class = class_of(f.get(1).map_or("opt", |s| s.as_str()));
    Some((class, span.end, exp, true))
}

/// A field name ("Y tế", "Kế hoạch và Đầu tư") at `p`, written with a capital.
fn field_at(doc: &Document, p: usize) -> Option<(usize, String)> {
    let h = ORG_FIELDS.match_at(&doc.key, p)?;
    if !is_upper_at(&doc.text, p) {
        return None;
    }
    Some((h.span.end, h.span.of(&doc.text).to_string()))
}

/// An upper-case abbreviation used as a name ("GTVT", "GD&ĐT", "KH-ĐT").
fn abbr_name_at(doc: &Document, p: usize) -> Option<(usize, String)> {
    let t = &doc.text;
    let mut end = p;
    let mut uppers = 0;
    let mut last_sep = false;
    for c in t[p..].chars() {
        if c.is_uppercase() {
            uppers += 1;
            last_sep = false;
        } else if c.is_ascii_digit() && uppers > 0 {
            last_sep = false;
        } else if (c == '&' || c == '-') && uppers > 0 && !last_sep {
            last_sep = true;
        } else {
            break;
        }
        end += c.len_utf8();
    }
    if last_sep {
        end -= 1;
    }
    if uppers < 2 || first_char(t, end).is_some_and(crate::gazetteer::is_alphanumeric) {
        return None;
    }
    if ORG_ABBREVIATIONS.lookup(&t[p..end]).is_some()
        || ORG_PLACES
            .match_at(&doc.key, p)
            .is_some_and(|h| h.span.end >= end)
    {
        return None;
    }
    Some((end, t[p..end].to_string()))
}

/// A run of capitalised syllables at `p` (a proper name), stopping before an organisation head and,
/// once a syllable is taken, before a family name that starts a person's name. `lower_tail` lets
/// up to three lower-case syllables follow the first ("Hàng hải Việt Nam"); in a name written that
/// way, every later group may have its own tail ("Nghiên cứu Phát triển", not "Bạch Mai tiếp nhận").
fn cap_run(doc: &Document, p: usize, lower_tail: bool) -> Option<usize> {
    let t = &doc.text;
    if !is_upper_at(t, p) || ORG_RUN_STOPS.match_at(&doc.key, p).is_some() {
        return None;
    }
    let mut end = word_end(t, p);
    if end == p {
        return None;
    }
    let mut caps = 1;
    let mut lowers = 0; // lower-case syllables after the current capitalised one
    let mut group_start = true; // the current capitalised syllable starts a group
    let mut compound = false; // the first syllable took a lower-case tail
    let mut pos = end;
    loop {
        // Separator: one space, or " - " / "-" between capitalised words.
        let mut q = skip_spaces(t, pos);
        let mut dash = false;
        if matches!(first_char(t, q), Some('-' | '–')) {
            q = skip_spaces(t, q + first_char(t, q).map_or(1, char::len_utf8));
            dash = true;
        }
        if q == pos && !dash {
            break;
        }
        let Some(c) = first_char(t, q) else { break };
        if c.is_uppercase() {
            if ORG_TYPES.match_at(&doc.key, q).is_some() || head_at(doc, q).is_some() {
                break;
            }
            if ORG_PLACES.match_at(&doc.key, q).is_some_and(|h| {
                ORG_PLACES
                    .fields(h.entry)
                    .get(1)
                    .is_some_and(|c| c == "level")
            }) {
                break;
            }
            if ORG_RUN_STOPS.match_at(&doc.key, q).is_some() {
                break;
            }
            if ORG_NAME_BREAKS.match_at(&doc.key, q).is_some() {
                // A family name followed by another capitalised word starts a person's name.
                let we = word_end(t, q);
                let r = skip_spaces(t, we);
                if r > we && is_upper_at(t, r) {
                    break;
                }
            }
            let we = word_end(t, q);
            if we == q {
                break;
            }
            group_start = lowers > 0;
            lowers = 0;
            caps += 1;
            end = we;
            pos = we;
            if caps >= 8 {
                break;
            }
        } else if c.is_lowercase() && !dash && lower_tail {
            let first = caps == 1;
            let allowed = if first {
                lowers < 3
            } else {
                compound && group_start && lowers < 2
            };
            if !allowed
                || ORG_NAME_STOPS.match_at(&doc.key, q).is_some()
                || ORG_PLACES.match_at(&doc.key, q).is_some()
            {
                break;
            }
            let we = word_end(t, q);
            if we == q {
                break;
            }
            lowers += 1;
            if first {
                compound = true;
            }
            end = we;
            pos = we;
        } else {
            break;
        }
    }
    Some(end)
}

/// A place complement at `p`: (end, expanded text, has a proper name).
fn place_at(
    doc: &Document,
    p: usize,
    bare_ok: bool,
    bare_run: bool,
) -> Option<(usize, String, bool)> {
    let t = &doc.text;
    let run = || {
        if !bare_run || ORG_PLACES.match_at(&doc.key, p).is_some() {
            return None;
        }
        if ORG_NAME_BREAKS.match_at(&doc.key, p).is_some() {
            // A family name here starts a person's name ("Bí thư Tỉnh ủy Lê Văn Tâm").
            return None;
        }
        let e = cap_run(doc, p, false)?;
        (t[p..e].split_whitespace().count() <= 4 && t[p..e].chars().any(char::is_lowercase))
            .then(|| (e, t[p..e].to_string(), true))
    };
    if let Some(r) = run() {
        return Some(r);
    }
    // "TP.Hà Nội": the abbreviated level glued to the name.
    if (t[p..].starts_with("TP.") || t[p..].starts_with("Tp.")) && is_upper_at(t, p + 3) {
        if let Some(h) = ORG_PLACES
            .match_at(&doc.key, p)
            .filter(|h| h.span.end > p + 3)
        {
            let f = ORG_PLACES.fields(h.entry);
            let exp = f
                .first()
                .filter(|s| !s.is_empty())
                .cloned()
                .unwrap_or_else(|| h.span.of(t).to_string());
            return Some((h.span.end, exp, true));
        }
        if let Some(e) = cap_run(doc, p + 3, false) {
            return Some((e, format!("thành phố {}", &t[p + 3..e]), true));
        }
    }
    if let Some(h) = ORG_PLACES.match_at(&doc.key, p) {
        // "Tỉnh ủy" is an organisation, not the level "tỉnh".
        if ORG_TYPES
            .match_at(&doc.key, p)
            .is_some_and(|o| o.span.end > h.span.end)
        {
            return None;
        }
        let f = ORG_PLACES.fields(h.entry);
        let exp = f.first().filter(|s| !s.is_empty()).cloned();
        let class = f.get(1).map_or("named", |s| s.as_str());
        let written = h.span.of(t);
        match class {
            "level" => {
                // Abbreviated levels must be written in capitals ("TP", not "tp").
                let pat = &ORG_PLACES.entry(h.entry).pattern;
                if pat.chars().next().is_some_and(char::is_uppercase)
                    && !written.starts_with(|c: char| c.is_uppercase())
                {
                    return None;
                }
                let level = if fold(pat).starts_with("tp") {
                    "thành phố".to_string()
                } else {
                    written.to_string()
                };
                let q = skip_spaces(t, h.span.end);
                if q > h.span.end || written.ends_with('.') {
                    let province = ORG_PLACES.match_at(&doc.key, q).filter(|h2| {
                        ORG_PLACES
                            .fields(h2.entry)
                            .get(1)
                            .is_some_and(|c| c == "province")
                    });
                    if let Some(h2) = province {
                        return Some((h2.span.end, format!("{level} {}", h2.span.of(t)), true));
                    }
                    if let Some(e) = cap_run(doc, q, false) {
                        // "thành phố Nguyễn Văn Tâm" is a title followed by a person's name.
                        let person = ORG_NAME_BREAKS.match_at(&doc.key, q).is_some()
                            && t[q..e].split_whitespace().count() >= 3;
                        if !person {
                            return Some((e, format!("{level} {}", &t[q..e]), true));
                        }
                    }
                    // "TP.HCM" and the like after a level word.
                    if let Some(h2) = ORG_PLACES.match_at(&doc.key, q)
                        && ORG_PLACES
                            .fields(h2.entry)
                            .get(1)
                            .is_some_and(|c| c == "province")
                    {
                        return Some((h2.span.end, format!("{level} {}", h2.span.of(t)), true));
                    }
                }
                if pat.chars().next().is_some_and(char::is_uppercase) {
                    // A bare "TP" is too vague.
                    return None;
                }
                Some((h.span.end, level, false))
            }
            "province" => {
                if !bare_ok || !written.starts_with(|c: char| c.is_uppercase()) {
                    return None;
                }
                Some((h.span.end, written.to_string(), true))
            }
            _ => {
                let proper = written.starts_with(|c: char| c.is_uppercase());
                Some((
                    h.span.end,
                    exp.unwrap_or_else(|| written.to_string()),
                    proper,
                ))
            }
        }
    } else {
        None
    }
}

/// The end of a number written in digits at byte `p` ("3" in "Quân khu 3"), if one is there.
fn number_end(t: &str, p: usize) -> Option<usize> {
    let e = word_end(t, p);
    (e > p && t[p..e].chars().all(|c| c.is_ascii_digit())).then_some(e)
}

/// Parses an organisation phrase starting exactly at `at`.
fn parse(doc: &Document, at: usize, depth: usize) -> Option<(usize, String)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let t = &doc.text;
    let (class, head_end, head, cap) = head_at(doc, at)?;
    // Lower-case heads are generic ("trung tâm thành phố", "các bộ"), except people's committees
    // and police units named by their place ("ủy ban nhân dân tỉnh Hòa Lạc", "công an xã Hòa Lạc").
    if !cap && class != Class::Opt && fold(&head) != "công an" {
        return None;
    }
    let mut name = head;
    let mut pos = head_end;
    let mut proper = false;
    match class {
        Class::Fixed => return cap.then_some((pos, name)),
        Class::Team => {
            if !cap {
                return None;
            }
            let p = skip_spaces(t, pos);
            if doc.key[p..].starts_with("số ")
                && let Some(e) = number_end(t, skip_spaces(t, p + "số".len()))
            {
                name = format!("{name} {}", &t[p..e]);
                pos = e;
            }
            return Some((pos, name));
        }
        Class::Unit => {
            // Its number: "Quân khu 3"; without one, the word names no unit.
            let p = skip_spaces(t, pos);
            let e = number_end(t, p).filter(|_| cap && p > pos)?;
            return Some((e, format!("{name} {}", &t[p..e])));
        }
        Class::Of | Class::OfOpt => {
            let p = skip_spaces(t, pos);
            if p > pos
                && is_upper_at(t, p)
                && let Some((e, sub)) = parse(doc, p, depth + 1)
            {
                return Some((e, format!("{name} {sub}")));
            }
        }
        _ => {}
    }
    let mut named = matches!(class, Class::Opt | Class::OfOpt);
    // A name: a field, an abbreviation or a proper name.
    if cap && matches!(class, Class::Need | Class::Of | Class::OfOpt) {
        let p = skip_spaces(t, pos);
        if p > pos {
            let got = field_at(doc, p)
                .or_else(|| abbr_name_at(doc, p))
                .or_else(|| {
                    if place_at(doc, p, true, false).is_some() {
                        return None;
                    }
                    // "Bí thư Đảng ủy Lê Văn Tâm": a person's name, not the unit's.
                    if ORG_NAME_BREAKS.match_at(&doc.key, p).is_some_and(|h| {
                        let r = skip_spaces(t, h.span.end);
                        r > h.span.end && is_upper_at(t, r)
                    }) {
                        return None;
                    }
                    cap_run(doc, p, true).map(|e| (e, t[p..e].to_string()))
                });
            if let Some((e, piece)) = got {
                name = format!("{name} {piece}");
                pos = e;
                named = true;
                proper |= is_upper_at(t, p);
            }
        }
    }
    // A place.
    let p = skip_spaces(t, pos);
    if p > pos
        && let Some((e, piece, pr)) = place_at(doc, p, cap, cap && class == Class::Opt)
    {
        name = format!("{name} {piece}");
        pos = e;
        named = true;
        proper |= pr;
    }
    if !named {
        return None;
    }
    if !cap && !proper {
        return None;
    }
    // A parent organisation ("Phòng Cảnh sát giao thông Công an tỉnh Hòa Lạc").
    if matches!(class, Class::Need | Class::Of | Class::OfOpt) && depth < MAX_DEPTH {
        let p = skip_spaces(t, pos);
        if p > pos
            && is_upper_at(t, p)
            && let Some((e, sub)) = parse(doc, p, depth + 1)
        {
            name = format!("{name} {sub}");
            pos = e;
        }
    }
    Some((pos, name))
}

/// The end (a byte of the document) of the organisation type or field named at byte `at` ("Ngân
/// hàng", "Giáo dục và Đào tạo"), if one is: words that a phrase reading a unit's name must not
/// break inside, though some look like verbs or breaks ("hàng", "tạo").
pub fn name_words_end(doc: &Document, at: usize) -> Option<usize> {
    let ty = ORG_TYPES.match_at(&doc.key, at).map(|h| h.span.end);
    let field = ORG_FIELDS.match_at(&doc.key, at).map(|h| h.span.end);
    ty.max(field)
}

/// The organisation phrase that starts at byte `at` of the document, if any.
pub fn org_phrase_at(doc: &Document, at: usize) -> Option<Span> {
    parse_at(doc, at).map(|p| p.span)
}

/// The organisation phrase that starts at byte `at`, with its expanded name.
pub fn parse_at(doc: &Document, at: usize) -> Option<OrgPhrase> {
    if at >= doc.text.len() || !doc.text.is_char_boundary(at) {
        return None;
    }
    if prev_char(&doc.text, at).is_some_and(crate::gazetteer::is_alphanumeric) {
        return None;
    }
    // Inside a capitalised name ("Tây Ban Nha"): the word before is capitalised.
    if prev_char(&doc.text, at) == Some(' ') {
        let before = &doc.text[..at - 1];
        let ws = before.rfind(|c: char| !crate::gazetteer::is_alphanumeric(c)).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let w = &before[ws..];
        if w.starts_with(char::is_uppercase)
            && !CAP_PREFIX_OK.contains(&w)
            && !w.chars().all(|c| c.is_uppercase())
        {
            return None;
        }
    }
    let (end, name) = parse(doc, at, 0)?;
    Some(OrgPhrase {
        span: Span::new(at, end),
        name,
    })
}

/// Every organisation phrase in a span of the document, leftmost-longest, in text order.
pub fn phrases_in(doc: &Document, span: Span) -> Vec<OrgPhrase> {
    let mut starts: Vec<usize> = ORG_TYPES
        .find_in_doc(doc, span)
        .into_iter()
        .map(|h| h.span.start)
        .collect();
    starts.extend(
        ORG_ABBREVIATIONS
            .find_in_doc(doc, span)
            .into_iter()
            .map(|h| h.span.start),
    );
    starts.sort_unstable();
    starts.dedup();
    let mut out: Vec<OrgPhrase> = Vec::new();
    let mut covered = span.start;
    for s in starts {
        if s < covered {
            continue;
        }
        if let Some(p) = parse_at(doc, s)
            && p.span.end <= span.end
        {
            covered = p.span.end;
            out.push(p);
        }
    }
    out
}

fn norm_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The organisations of a document.
pub fn find(doc: &Document) -> Vec<Org> {
    let mut orgs: Vec<Org> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for s in &doc.sentences {
        for p in phrases_in(doc, s.span) {
            let k = norm_key(&p.name);
            let written = doc.slice(p.span).to_string();
            if let Some(&i) = index.get(&k) {
                let o = &mut orgs[i];
                o.mentions.push(p.span);
                if written != o.name && !o.aliases.contains(&written) && o.aliases.len() < 16 {
                    o.aliases.push(written);
                }
            } else {
                let aliases = if written != p.name {
                    vec![written]
                } else {
                    Vec::new()
                };
                index.insert(k.clone(), keys.len());
                keys.push(k);
                orgs.push(Org {
                    name: p.name,
                    aliases,
                    mentions: vec![p.span],
                });
            }
        }
    }
    merge_prefixes(orgs, &keys)
}

/// Merges an organisation whose name is a word prefix of exactly one other's ("Công an thành phố"
/// into "Công an thành phố Hà Nội"), then orders them by first mention.
fn merge_prefixes(orgs: Vec<Org>, keys: &[String]) -> Vec<Org> {
    let n = orgs.len();
    let mut sorted: Vec<usize> = (0..n).collect();
    sorted.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    // target[i]: the org i merges into (itself when none).
    let mut target: Vec<usize> = (0..n).collect();
    for &i in &sorted {
        let prefix = format!("{} ", keys[i]);
        let lo = sorted.partition_point(|&j| keys[j].as_str() < prefix.as_str());
        let hi = lo
            + sorted[lo..]
                .iter()
                .take(2)
                .take_while(|&&j| keys[j].starts_with(&prefix))
                .count();
        if hi - lo == 1 {
            target[i] = sorted[lo];
        }
    }
    // Follow chains ("Công an" → "Công an thành phố" → "Công an thành phố Hà Nội").
    let root = |mut i: usize| {
        for _ in 0..n {
            if target[i] == i {
                break;
            }
            i = target[i];
        }
        i
    };
    let roots: Vec<usize> = (0..n).map(root).collect();
    let mut slots: Vec<Option<Org>> = orgs.into_iter().map(Some).collect();
    let mut merged: Vec<Option<Org>> = vec![None; n];
    for i in 0..n {
        if roots[i] == i {
            merged[i] = slots[i].take();
        }
    }
    for i in 0..n {
        let r = roots[i];
        if r == i {
            continue;
        }
        let Some(o) = slots[i].take() else { continue };
        if let Some(t) = merged[r].as_mut() {
            t.mentions.extend(o.mentions);
            for a in std::iter::once(o.name).chain(o.aliases) {
                if a != t.name && !t.aliases.contains(&a) && t.aliases.len() < 16 {
                    t.aliases.push(a);
                }
            }
        }
    }
    let mut out: Vec<Org> = merged.into_iter().flatten().collect();
    for o in &mut out {
        o.mentions.sort_unstable();
    }
    out.sort_by_key(|o| o.mentions.first().map_or(usize::MAX, |s| s.start));
    out
}

/// The organisation with a mention that starts at, or overlaps, `span`.
pub fn org_at(orgs: &[Org], span: Span) -> Option<usize> {
    orgs.iter()
        .position(|o| o.mentions.iter().any(|m| m.start == span.start))
        .or_else(|| {
            orgs.iter()
                .position(|o| o.mentions.iter().any(|m| m.overlaps(span)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::new("t.txt", chidao_text::nfc(s).into_owned())
    }

    fn phrase(s: &str, at_word: &str) -> Option<String> {
        let d = doc(s);
        let at = d.text.find(at_word).unwrap();
        org_phrase_at(&d, at).map(|sp| d.slice(sp).to_string())
    }

    fn names(s: &str) -> Vec<String> {
        find(&doc(s)).into_iter().map(|o| o.name).collect()
    }

    #[test]
    fn phrases() {
        assert_eq!(
            phrase(
                "Giám đốc Công an tỉnh Hòa Lạc Nguyễn Văn Tâm phát biểu.",
                "Công an"
            )
            .as_deref(),
            Some("Công an tỉnh Hòa Lạc")
        );
        assert_eq!(
            phrase("Ông là Bí thư Thành ủy Hà Nội Lê Văn Tâm.", "Thành ủy").as_deref(),
            Some("Thành ủy Hà Nội")
        );
        assert_eq!(
            phrase("Ban Thường vụ Đảng ủy Công an Thành phố đã họp.", "Ban").as_deref(),
            Some("Ban Thường vụ Đảng ủy Công an Thành phố")
        );
        assert_eq!(
            phrase("theo Kế hoạch của UBND TP Hà Nội.", "UBND").as_deref(),
            Some("UBND TP Hà Nội")
        );
        assert_eq!(
            phrase("Sở Y tế đã báo cáo.", "Sở").as_deref(),
            Some("Sở Y tế")
        );
        assert_eq!(
            phrase("Bộ Kế hoạch và Đầu tư chủ trì.", "Bộ").as_deref(),
            Some("Bộ Kế hoạch và Đầu tư")
        );
        assert_eq!(
            phrase("Cục Cảnh sát giao thông Bộ Công an cho biết.", "Cục").as_deref(),
            Some("Cục Cảnh sát giao thông Bộ Công an")
        );
        assert_eq!(
            phrase("Đoàn kiểm tra số 5 của Tỉnh ủy.", "Đoàn").as_deref(),
            Some("Đoàn kiểm tra số 5")
        );
        assert_eq!(
            phrase("Văn phòng Chính phủ thông báo.", "Văn").as_deref(),
            Some("Văn phòng Chính phủ")
        );
        assert_eq!(
            phrase("Đảng ủy Công an Trung ương chỉ đạo.", "Đảng").as_deref(),
            Some("Đảng ủy Công an Trung ương")
        );
        assert_eq!(phrase("chỉ đạo công an các quận huyện.", "công an"), None);
        assert_eq!(phrase("các bộ, ngành liên quan.", "bộ"), None);
        assert_eq!(phrase("đã ban hành kế hoạch.", "ban"), None);
        assert_eq!(phrase("Hội nghị diễn ra.", "Hội"), None);
        assert_eq!(
            phrase("Sở GTVT Hòa Lạc cho biết.", "Sở").as_deref(),
            Some("Sở GTVT")
        );
        assert_eq!(phrase("Kế hoạch 27-KH/TU của Tỉnh ủy.", "TU"), None);
        assert_eq!(
            phrase("ủy ban nhân dân tỉnh Hòa Lạc.", "ủy").as_deref(),
            Some("ủy ban nhân dân tỉnh Hòa Lạc")
        );
        assert_eq!(
            phrase("Ban Tuyên giáo Trung ương chủ trì.", "Ban").as_deref(),
            Some("Ban Tuyên giáo Trung ương")
        );
    }

    #[test]
    fn a_unit_named_by_its_number() {
        assert_eq!(
            phrase("Đề nghị Bộ Tư lệnh Vùng Cảnh sát biển 2 phối hợp tuần tra.", "Bộ Tư lệnh").as_deref(),
            Some("Bộ Tư lệnh Vùng Cảnh sát biển 2")
        );
        assert_eq!(phrase("Bộ Tư lệnh Quân khu 5 chỉ đạo.", "Bộ Tư lệnh").as_deref(), Some("Bộ Tư lệnh Quân khu 5"));
        assert_eq!(phrase("Bộ Tư lệnh Hải quân chỉ đạo.", "Bộ Tư lệnh").as_deref(), Some("Bộ Tư lệnh Hải quân"));
        assert_eq!(phrase("Sư đoàn 312 diễn tập.", "Sư đoàn").as_deref(), Some("Sư đoàn 312"));
        assert_eq!(phrase("Các sư đoàn đã diễn tập.", "sư đoàn"), None);
    }

    #[test]
    fn an_inspectorate_is_of_its_body() {
        assert_eq!(phrase("Thanh tra Bộ Tài chính yêu cầu UBND tỉnh xử lý.", "Thanh tra").as_deref(), Some("Thanh tra Bộ Tài chính"));
        assert_eq!(phrase("Công văn của Thanh tra Sở Nội vụ gửi UBND tỉnh.", "Thanh tra").as_deref(), Some("Thanh tra Sở Nội vụ"));
        assert_eq!(phrase("Thanh tra tỉnh Hòa Lạc công bố kết luận.", "Thanh tra").as_deref(), Some("Thanh tra tỉnh Hòa Lạc"));
    }

    #[test]
    fn merges_and_expands() {
        let n = names(
            "Công an thành phố Hòa Lạc họp. CATP đã triển khai. Công an Thành phố cần chú ý. Bộ Công an chỉ đạo.",
        );
        assert_eq!(
            n,
            vec![
                "Công an thành phố Hòa Lạc".to_string(),
                "Bộ Công an".to_string()
            ]
        );
        let o = find(&doc("UBND TP Hòa Lạc ban hành kế hoạch."));
        assert_eq!(o[0].name, "Ủy ban nhân dân thành phố Hòa Lạc");
        assert_eq!(o[0].aliases, vec!["UBND TP Hòa Lạc".to_string()]);
        assert_eq!(org_at(&o, Span::new(0, 4)), Some(0));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "Bộ",
            "Công an tỉnh",
            "UBND TP.",
            "Ban Thường vụ Ban Thường vụ Ban Thường vụ Ban Thường vụ Ban Thường vụ X",
            "Sở - - -",
            "Đoàn kiểm tra số",
            "\u{0}Bộ\u{301}Y",
        ] {
            let _ = find(&doc(s));
        }
    }
}

#[cfg(test)]
mod dump {
    /// Prints the organisations of the `.txt` files in `$CHIDAO_ORG_DUMP` (a manual check).
    #[test]
    #[ignore]
    fn dump_orgs() {
        let Ok(dir) = std::env::var("CHIDAO_ORG_DUMP") else {
            return;
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let Ok(s) = std::fs::read_to_string(&f) else {
                continue;
            };
            let d = chidao_text::Document::new("x", chidao_text::nfc(&s).into_owned());
            for o in super::find(&d) {
                println!(
                    "{}\t{}\t{:?}\t{}",
                    f.file_name().unwrap().to_string_lossy(),
                    o.name,
                    o.aliases,
                    o.mentions.len()
                );
            }
        }
    }
}
