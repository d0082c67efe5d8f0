//! Zones: the parts of a crawled article that are not its running text.
//!
//! A crawler header (`date 2020-03`), the headline, bylines ("Lê Văn Tâm", "Tin, ảnh: Lê Tâm
//! (TTXVN)", "H.D", "Tâm - Hòa"), sources ("(HNM) -", "Kinhtedothi -", "Theo VOV", "Nguồn Cổng
//! Thông tin …"), datelines ("HÀ NỘI -"), captions and credits ("… phát biểu. Ảnh: Lê Tâm",
//! "Ảnh minh họa", a short line with no final stop) and site furniture ("Chia sẻ Zalo", "Các tin
//! khác" and the footer block after it) are recognised here so that extractors keep them out of the
//! facts while the metadata extractor can still read them (`Zone::value`).
//!
//! Word lists live in `data/`: `boilerplate.txt`, `caption_markers.txt`, `sentence_starters.txt`,
//! `outlets.txt`, `credit_notes.txt`. Every rule looks at one line, or at most the last 200 bytes
//! of the last line, so the work is linear in the text.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Serialize;

use crate::normalize::{fold, is_space, key};
use crate::sentence;
use crate::span::Span;

/// What a zone of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// A crawler's `date YYYY-MM` header: the publication month.
    CrawlerDate,
    /// The article's headline.
    Headline,
    /// An author line; `value` is the name(s) ("Lê Tâm - Hòa Bình").
    Byline,
    /// The outlet named as the source ("(HNM) -", "Kinhtedothi -", "Nguồn …", "(TTXVN)", "Theo
    /// VOV"); `value` is the outlet's name.
    Source,
    /// A dateline ("HÀ NỘI -") before the lead.
    Dateline,
    /// A photo caption or credit, or a short line with no final stop inside the body (a caption or
    /// a sub-heading); `value` is the credited name when there is one.
    Caption,
    /// Site furniture: share buttons, related-article lists, comment forms, footers.
    Boilerplate,
}

/// A recognised zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Zone {
    /// What it is.
    pub kind: ZoneKind,
    /// The whole zone.
    pub span: Span,
    /// The part that carries the value (the date, the outlet's name, the author's name), if any.
    pub value: Option<Span>,
}

fn data_lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A boilerplate line: its folded text, whether it is a prefix, whether it starts a footer block.
struct Boiler {
    text: String,
    prefix: bool,
    footer: bool,
}

static BOILERPLATE: LazyLock<Vec<Boiler>> = LazyLock::new(|| {
    data_lines(include_str!("../data/boilerplate.txt"))
        .map(|l| {
            let (footer, l) = match l.strip_prefix('!') {
                Some(r) => (true, r),
                None => (false, l),
            };
            match l.strip_suffix('*') {
                Some(p) => Boiler {
                    text: fold(p),
                    prefix: true,
                    footer,
                },
                None => Boiler {
                    text: fold(l),
                    prefix: false,
                    footer,
                },
            }
        })
        .collect()
});

static STARTERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    data_lines(include_str!("../data/sentence_starters.txt"))
        .map(fold)
        .collect()
});
static OUTLETS: LazyLock<Vec<String>> = LazyLock::new(|| {
    data_lines(include_str!("../data/outlets.txt"))
        .map(fold)
        .collect()
});
static NOTES: LazyLock<Vec<String>> = LazyLock::new(|| {
    data_lines(include_str!("../data/credit_notes.txt"))
        .map(fold)
        .collect()
});

/// Caption markers: an automaton over the folded markers and, per pattern, whether it takes a
/// credit after a colon and whether it stands alone as a caption.
static CAPTION_MARKERS: LazyLock<(AhoCorasick, Vec<(bool, bool)>)> = LazyLock::new(|| {
    let mut pats: Vec<String> = Vec::new();
    let mut flags: Vec<(bool, bool)> = Vec::new();
    let mut credit_mode = true;
    for l in data_lines(include_str!("../data/caption_markers.txt")) {
        match l {
            "@credit" => credit_mode = true,
            "@alone" => credit_mode = false,
            _ => {
                let f = fold(l);
                let i = pats.iter().position(|p| *p == f).unwrap_or_else(|| {
                    pats.push(f);
                    flags.push((false, false));
                    pats.len() - 1
                });
                if credit_mode {
                    flags[i].0 = true;
                } else {
                    flags[i].1 = true;
                }
            }
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&pats)
        .expect("caption markers compile");
    (ac, flags)
});

fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid regex")
}

static CRAWLER_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^date\s+(\d{4}-\d{2}(?:-\d{2})?)\b\s*"));
static SOURCE_PAREN: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\(\s*([^()\n]{2,30}?)\s*\)\s*[-–—]+\s*"));
static SOURCE_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\p{Lu}[\p{L}\d.&]{1,24})\s+[-–—]+\s+"));
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\p{Lu}[\p{Lu}\s.]{1,25}\p{Lu})\s*[-–—]+\s+"));
/// A trailing "(…)" group.
static PAREN_END: LazyLock<Regex> = LazyLock::new(|| re(r"\(\s*([^()]{1,50}?)\s*\)\s*$"));
/// A trailing "Theo X" (outlet credit).
static THEO_END: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|\s)[Tt]heo\s+((?:\p{Lu}|[\p{Ll}\d][\w-]*\.[a-z]{2,4})[^()]{0,40}?)\s*$")
});
/// "Nguồn X", "Nguồn: X" as a whole credit.
static NGUON: LazyLock<Regex> = LazyLock::new(|| re(r"^Nguồn\s*:?\s+(\S.{1,70}?)\s*$"));
/// "Name/OUTLET…" or "Name - OUTLET" at the end of a credit.
static SLASH_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(.*?\S)\s*/\s*((\p{Lu}[\p{L}\d.&]*)(?:\s*[-–]\s*.*)?)$"));
static DASH_OUTLET: LazyLock<Regex> = LazyLock::new(|| re(r"^(.*?\S)\s+[-–]\s+(\S.*)$"));
/// "Tin, ảnh:", "Bài và ảnh:", "Thực hiện:" before the names of a byline.
static CREDIT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?i:(?:tin|bài|ảnh|video|clip|bài viết|thực hiện|nhóm pv|nhóm phóng viên)(?:\s*(?:,|và|/|&|-)\s*(?:tin|bài|ảnh|video|clip))*)\s*:\s*",
    )
});
static NAME_SEP: LazyLock<Regex> = LazyLock::new(|| re(r"\s+[-–]\s+|\s*,\s*|\s+và\s+"));
/// A site's closing line: "Báo X cập nhật tin tức …".
static SITE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|\s)(?:Báo|Trang)\s+(\p{Lu}[^.!?]{1,50}?)\s+cập nhật tin tức[^.!?]*$")
});

/// True when `folded` (a folded string) starts with one of the sentence starters as whole words.
fn starts_with_starter(folded: &str) -> bool {
    STARTERS.iter().any(|s| {
        folded.starts_with(s.as_str())
            && folded[s.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// True for an outlet after a byline's dash: one ALL-CAPS word ("TTXVN"), a domain ("Zing.vn") or
/// a name from `data/outlets.txt`.
fn is_outlet_shaped(s: &str) -> bool {
    let one_word = !s.contains(char::is_whitespace);
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (one_word
        && letters >= 2
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase))
        || (one_word && s.contains('.') && s.chars().next().is_some_and(char::is_alphabetic))
        || {
            let f = fold(s);
            OUTLETS.contains(&f)
        }
}

/// True for one name of a byline: 1–5 words, each capitalised (letters, dots and apostrophes:
/// "Lê Văn Tâm", "VĂN HUY", "H.D", "H.Ngân", "PV"), not starting with a sentence starter.
fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && s.chars().count() <= 40
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '\'')
                // Dots only after initials and short titles ("H.D", "H.Ngân", "PGS.BS."), never
                // after a word ("Tiguan.").
                && w.split('.').rev().skip(1).all(|part| part.chars().count() <= 3)
        })
        && !starts_with_starter(&fold(s))
}

/// What a credit ("Lê Tâm (TTXVN)", "Tin, ảnh: Lê Tâm", "Theo VOV") is made of, as byte ranges
/// relative to the string parsed.
#[derive(Debug, Default)]
struct Credit {
    /// The byline (with its "Tin, ảnh:" prefix) and the names in it.
    byline: Option<(Span, Span)>,
    /// The prefix credits photos or video only ("Ảnh: Lê Tâm"): a caption credit, not a byline.
    photo_only: bool,
    /// Sources: the zone and the outlet's name.
    sources: Vec<(Span, Span)>,
}

/// Parses a whole credit string; `None` when `s` is not one.
fn parse_credit(s: &str) -> Option<Credit> {
    let t = s.trim_end_matches(is_space);
    if t.is_empty() || t.len() > 160 {
        return None;
    }
    // Cheap screen before the patterns: a credit is a few words, mostly capitalised.
    let (mut words, mut lower) = (0, 0);
    for w in t.split_whitespace() {
        words += 1;
        lower += usize::from(w.chars().next().is_some_and(char::is_lowercase));
    }
    if words > 16 || lower > 5 || !t.starts_with(|c: char| c.is_uppercase() || c == '(') {
        return None;
    }
    let mut c = Credit::default();
    // Each pattern is tried only when the text holds its literal part (the cheap screens keep
    // the lazy DFAs off most lines).
    if let Some(m) = t.starts_with("Nguồn").then(|| NGUON.captures(t)).flatten() {
        let v = m.get(1)?;
        c.sources
            .push((Span::new(0, t.len()), Span::new(v.start(), v.end())));
        return Some(c);
    }
    let mut end = t.len();
    // Trailing "(TTXVN)", "(T/h)", "Theo VOV", in any order.
    loop {
        let head = &t[..end];
        if let Some(m) = head.contains("heo").then(|| THEO_END.captures(head)).flatten() {
            let (all, v) = (m.get(0)?, m.get(1)?);
            let start = all.start() + (all.as_str().len() - all.as_str().trim_start().len());
            if v.as_str().split_whitespace().count() > 6 {
                return None;
            }
            c.sources
                .push((Span::new(start, end), Span::new(v.start(), v.end())));
            end = head[..start].trim_end_matches(is_space).len();
            continue;
        }
        if let Some(m) = head.trim_end().ends_with(')').then(|| PAREN_END.captures(head)).flatten() {
            let (all, v) = (m.get(0)?, m.get(1)?);
            let inner = v.as_str();
            let folded = fold(inner);
            if let Some(rest) = inner
                .strip_prefix("Theo ")
                .or_else(|| inner.strip_prefix("theo "))
            {
                let vs = v.end() - rest.len();
                c.sources
                    .push((Span::new(all.start(), end), Span::new(vs, v.end())));
            } else if NOTES.contains(&folded) {
                // A note ("T/h"): part of the byline, no outlet.
            } else if inner.chars().next().is_some_and(|ch| ch.is_uppercase())
                || inner.contains('.')
            {
                c.sources
                    .push((Span::new(all.start(), end), Span::new(v.start(), v.end())));
            } else {
                return None;
            }
            end = head[..all.start()].trim_end_matches(is_space).len();
            continue;
        }
        break;
    }
    let mut names_end = end;
    let head = &t[..end];
    // "Lê Tâm/VOV-Trung tâm Tin", "Văn Định - TTXVN".
    if let Some(m) = head.contains('/').then(|| SLASH_OUTLET.captures(head)).flatten() {
        let (l, r, o) = (m.get(1)?, m.get(2)?, m.get(3)?);
        c.sources
            .push((Span::new(r.start(), end), Span::new(o.start(), o.end())));
        names_end = l.end();
    } else if let Some(m) = (head.contains('-') || head.contains('–')).then(|| DASH_OUTLET.captures(head)).flatten()
        && let (Some(l), Some(r)) = (m.get(1), m.get(2))
        && is_outlet_shaped(r.as_str())
    {
        c.sources
            .push((Span::new(r.start(), end), Span::new(r.start(), r.end())));
        names_end = l.end();
    }
    let names_all = &t[..names_end];
    let prefix = if names_all.contains(':') { CREDIT_PREFIX.find(names_all).map_or(0, |m| m.end()) } else { 0 };
    c.photo_only = prefix > 0 && {
        let f = fold(&names_all[..prefix]);
        !(f.contains("tin") || f.contains("bài") || f.contains("thực hiện") || f.contains("nhóm"))
    };
    let names = names_all[prefix..].trim_matches(is_space);
    if !names.is_empty() {
        if !NAME_SEP.split(names).all(is_name) || names.chars().count() > 60 {
            return None;
        }
        let ns = prefix
            + (names_all[prefix..].len() - names_all[prefix..].trim_start_matches(is_space).len());
        c.byline = Some((Span::new(0, names_end), Span::new(ns, ns + names.len())));
    } else if prefix > 0 || c.sources.is_empty() {
        return None;
    }
    if c.byline.is_none() && c.sources.first().is_some_and(|(z, _)| z.start > 0) {
        return None; // unexplained text before the source
    }
    Some(c)
}

/// Pushes the zones of a credit parsed from `text[base..]`; any part of `cover` that they leave out
/// (a "(T/h)" note) becomes boilerplate.
fn push_credit(text: &str, zones: &mut Vec<Zone>, c: &Credit, base: usize, cover: Span) {
    let text_is_blank = |a: usize, b: usize| {
        text[a..b]
            .chars()
            .all(|ch| is_space(ch) || matches!(ch, '-' | '–' | '/' | ','))
    };
    let mut spans = Vec::new();
    if let Some((z, v)) = c.byline {
        let kind = if c.photo_only {
            ZoneKind::Caption
        } else {
            ZoneKind::Byline
        };
        zones.push(Zone {
            kind,
            span: z.shift(base),
            value: Some(v.shift(base)),
        });
        spans.push(z.shift(base));
    }
    for &(z, v) in &c.sources {
        zones.push(Zone {
            kind: ZoneKind::Source,
            span: z.shift(base),
            value: Some(v.shift(base)),
        });
        spans.push(z.shift(base));
    }
    spans.sort_unstable();
    let mut at = cover.start;
    for s in spans
        .iter()
        .chain(std::iter::once(&Span::new(cover.end, cover.end)))
    {
        if s.start > at && !text_is_blank(at, s.start) {
            zones.push(Zone {
                kind: ZoneKind::Boilerplate,
                span: Span::new(at, s.start),
                value: None,
            });
        }
        at = at.max(s.end);
    }
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(is_space).ends_with([
        '.', '!', '?', '…', '"', '”', '’', '\'', ')', ':', ';', ',', '»',
    ])
}

/// Trims `span` of `text` (white space and invisible separators).
fn trim(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let t = s.trim_start_matches(is_space);
    let start = span.start + (s.len() - t.len());
    Span::new(start, start + t.trim_end_matches(is_space).len())
}

/// Finds the credit that ends the last line ("… pháp luật. Lê Tâm (TTXVN)"): the longest tail
/// after a sentence stop, within the last 200 bytes, that parses as a credit.
fn tail_credit(text: &str, line: Span, zones: &mut Vec<Zone>) -> Option<usize> {
    let mut from = line.end.saturating_sub(200).max(line.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut cuts = Vec::new();
    if from == line.start {
        cuts.push(line.start);
    }
    for (i, c) in text[from..line.end].char_indices() {
        let at = from + i;
        if is_space(c) && at > line.start {
            let prev = text[..at].chars().next_back();
            if prev.is_some_and(|p| matches!(p, '.' | '!' | '?' | '…' | '"' | '”' | '’' | ')'))
            {
                cuts.push(at);
            }
        }
    }
    for cut in cuts {
        let sp = trim(text, Span::new(cut, line.end));
        if sp.is_empty() {
            continue;
        }
        if let Some(c) = parse_credit(sp.of(text)) {
            push_credit(text, zones, &c, sp.start, sp);
            return Some(sp.start);
        }
    }
    None
}

/// The end of a photo credit starting at byte `at` of `s` (after "Ảnh:"): capitalised words, ALL
/// CAPS, "Tên/TTXVN", "chinhphu.vn", joined by dashes, up to six words; it stops before a word that
/// opens a sentence ("Theo", "Tại", or a capitalised word followed by a lower-case one).
fn credit_end(s: &str, at: usize) -> usize {
    let mut end = at;
    let mut words = 0;
    let toks: Vec<(usize, &str)> = s[at..]
        .split(is_space)
        .scan(at, |p, w| {
            let start = *p;
            *p += w.len() + s[*p + w.len()..].chars().next().map_or(0, char::len_utf8);
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .take(8)
        .collect();
    for (k, &(start, w)) in toks.iter().enumerate() {
        if words >= 6 {
            break;
        }
        if matches!(w, "-" | "–") {
            continue;
        }
        let first = w.chars().next().unwrap_or(' ');
        let next = toks.get(k + 1).map(|t| t.1);
        let next_lower = next.is_some_and(|n| n.chars().next().is_some_and(char::is_lowercase));
        let domain = w.contains('.') && w.trim_end_matches('.').contains('.')
            || w.ends_with(".vn")
            || w.ends_with(".com");
        let after_cong = k > 0 && toks[k - 1].1 == "Công" && w == "an";
        let credit_like = first.is_uppercase() || domain || w.contains('/') || after_cong;
        if !credit_like || matches!(first, '(' | '“' | '"' | '‘') {
            break;
        }
        let fw = fold(w.trim_end_matches(['.', ',']));
        if words > 0
            && !after_cong
            && (starts_with_starter(&fw)
                || (first.is_uppercase() && next_lower && next != Some("an")))
        {
            break;
        }
        if words == 0 && starts_with_starter(&fw) && !domain {
            break;
        }
        // "Ảnh: L. THOA": an initial's stop, before a capitalised word, is inside the name.
        let initial = w.chars().count() == 2 && w.ends_with('.') && next.is_some_and(|n| n.starts_with(char::is_uppercase));
        if initial {
            end = start + w.len();
            words += 1;
            continue;
        }
        // A credit ends at a stop, a comma or a closing bracket, which are not part of the name.
        let bare = w.trim_end_matches(['.', ',', ')']);
        end = start + bare.len();
        words += 1;
        if bare.len() < w.len() {
            break;
        }
    }
    end
}

/// Finds the captions of one line and pushes them. In the `lead` line (the first of the body) the
/// first sentence is never taken for the caption of a credit that follows it.
fn captions(text: &str, doc_key: &str, line: Span, lead: bool, zones: &mut Vec<Zone>) {
    let s = line.of(text);
    // The line's key: a slice of the document's (line edges are word edges), else computed.
    let owned;
    let k: &str = match doc_key.get(line.start..line.end) {
        Some(k) if doc_key.len() == text.len() => k,
        _ => {
            owned = key(s);
            &owned
        }
    };
    let (ac, flags) = &*CAPTION_MARKERS;
    let mut sentences: Option<Vec<Span>> = None;
    // End of the last caption of this line: a caption never reaches back over it.
    let mut prev_end = line.start;
    for m in ac.find_iter(k) {
        let (ms, me) = (m.start(), m.end());
        // A capitalised marker at a word start, ending at a word end.
        if !s[ms..].chars().next().is_some_and(char::is_uppercase)
            || s[..ms]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            || s[me..].chars().next().is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if line.start + ms < prev_end {
            continue; // inside the caption before
        }
        let rest = &s[me..];
        let colon = rest.trim_start_matches(is_space).starts_with(':');
        let mut zs = ms;
        if s[..ms].ends_with('(') {
            zs -= 1;
        }
        let mut ze = me;
        let mut value = None;
        let (takes_credit, alone) = flags[m.pattern().as_usize()];
        if colon && takes_credit {
            let after = me + (rest.len() - rest.trim_start_matches(is_space).len()) + 1;
            let after = after + (s[after..].len() - s[after..].trim_start_matches(is_space).len());
            // "(Ảnh: Báo Hòa Lạc)": inside brackets the credit runs to the closing bracket.
            let close = (zs < ms)
                .then(|| {
                    s[after..]
                        .char_indices()
                        .take(60)
                        .find(|&(_, c)| c == ')' || c == '(')
                        .filter(|&(_, c)| c == ')')
                })
                .flatten()
                .map(|(j, _)| after + j);
            let ce = match close {
                Some(c) => after + s[after..c].trim_end_matches(is_space).len(),
                None => credit_end(s, after),
            };
            if ce > after {
                value = Some(Span::new(line.start + after, line.start + ce));
                ze = ce;
            } else {
                ze = after;
            }
        } else if !alone {
            // "Ảnh" with no colon is a credit only when followed by a name ("Ảnh Lê Tâm/TTXVN").
            let after = me + (rest.len() - rest.trim_start_matches(is_space).len());
            let ce = credit_end(s, after);
            if &k[ms..me] != "ảnh" || ce <= after || after == me {
                continue;
            }
            value = Some(Span::new(line.start + after, line.start + ce));
            ze = ce;
        }
        // A closing bracket or stop right after.
        if s[ze..].starts_with(')') && zs < ms {
            ze += 1;
        }
        if s[ze..].starts_with('.') && !s[ze + 1..].starts_with('.') {
            ze += 1;
        }
        // The caption text: the sentence before a credit that opens a sentence, or the start of
        // the sentence that the credit ends ("… biển số 80A - Ảnh minh họa: Lê Tâm").
        let sents =
            sentences.get_or_insert_with(|| sentence::split_with_key(text, Some(doc_key), line));
        let at = line.start + zs;
        let i = sents.partition_point(|x| x.end <= at);
        let mut start = at;
        if let Some(cur) = sents.get(i) {
            if cur.start >= at {
                if value.is_some()
                    && i > 0
                    && !(lead && i == 1)
                    && let Some(prev) = sents.get(i - 1)
                    && text[prev.start..prev.end].chars().count() <= 300
                    && prev_end <= prev.start
                {
                    start = prev.start;
                }
            } else if text[cur.start..at].chars().count() <= 300 {
                start = cur.start.max(prev_end);
            }
        }
        if start > line.start + ze {
            continue;
        }
        prev_end = line.start + ze;
        zones.push(Zone {
            kind: ZoneKind::Caption,
            span: Span::new(start, line.start + ze),
            value,
        });
    }
}

/// Finds the zones of a text, given its non-empty lines (byte spans, trimmed) in order.
pub fn find_zones(text: &str, lines: &[Span]) -> Vec<Zone> {
    find_zones_with_key(text, &key(text), lines)
}

/// [`find_zones`] given the text's key ([`crate::key`]) as well.
pub fn find_zones_with_key(text: &str, doc_key: &str, lines: &[Span]) -> Vec<Zone> {
    let mut zones = Vec::new();
    let Some(&l0) = lines.first() else {
        return zones;
    };
    // Crawler date: a `date YYYY-MM` prefix at the very start, alone or before the lead.
    let mut first = 0;
    let mut inline_date = false;
    if let Some(c) = CRAWLER_DATE.captures(l0.of(text))
        && let (Some(m), Some(v)) = (c.get(0), c.get(1))
    {
        zones.push(Zone {
            kind: ZoneKind::CrawlerDate,
            span: trim(text, Span::new(l0.start + m.start(), l0.start + m.end())),
            value: Some(Span::new(l0.start + v.start(), l0.start + v.end())),
        });
        if l0.start + m.end() >= l0.end {
            first = 1;
        } else {
            inline_date = true;
        }
    }
    // Headline: the first line when it has no final full stop, is short and is not the only line.
    // After an inline crawler date, the rest of that line when it is such a line too and one
    // sentence (a lead paragraph that follows the date has full stops).
    let looks_like_headline = |h: &str| {
        !h.trim_end_matches(is_space).ends_with(['.', ';', ':', ','])
            && h.chars().count() <= 300
    };
    let mut body = first;
    if inline_date {
        if let Some(z) = zones.last()
            && lines.len() > 1
        {
            let rest = trim(text, Span::new(z.span.end, l0.end));
            let r = rest.of(text);
            if !r.is_empty() && looks_like_headline(r) && !r.contains(". ") {
                zones.push(Zone {
                    kind: ZoneKind::Headline,
                    span: rest,
                    value: None,
                });
                body += 1;
            }
        }
    } else if let Some(h) = lines.get(first)
        && lines.len() > first + 1
        && looks_like_headline(h.of(text))
    {
        zones.push(Zone {
            kind: ZoneKind::Headline,
            span: *h,
            value: None,
        });
        body += 1;
    }
    // A footer block ("Các tin khác", "Phản hồi") in the second half ends the article.
    let folded: Vec<Option<String>> = lines
        .iter()
        .map(|l| {
            let s = l.of(text);
            (s.len() <= 200).then(|| fold(s).trim_end_matches(['.', ':', ' ']).to_string())
        })
        .collect();
    let boiler = |i: usize| -> Option<&Boiler> {
        let f = folded[i].as_deref()?;
        BOILERPLATE.iter().find(|b| {
            if b.prefix {
                f.starts_with(b.text.as_str())
            } else {
                f == b.text
            }
        })
    };
    let mut end = lines.len();
    for (i, l) in lines.iter().enumerate().skip(body) {
        if l.start * 2 >= text.len() && boiler(i).is_some_and(|b| b.footer) {
            end = i;
            break;
        }
    }
    if end < lines.len() {
        let span = Span::new(lines[end].start, lines[lines.len() - 1].end);
        zones.push(Zone {
            kind: ZoneKind::Boilerplate,
            span,
            value: None,
        });
    }
    // The last line of running text (not boilerplate).
    let mut last = end;
    while last > body && boiler(last - 1).is_some() {
        last -= 1;
    }
    for (i, &l) in lines.iter().enumerate().take(end).skip(body) {
        let s = l.of(text);
        if boiler(i).is_some() {
            zones.push(Zone {
                kind: ZoneKind::Boilerplate,
                span: l,
                value: None,
            });
            continue;
        }
        let near_top = i < body + 3;
        let near_end = i + 4 >= last && i > body;
        // A whole line that is a credit: "Lê Tâm", "Nguồn Cổng Thông tin …", "Theo VOV".
        if (near_top || near_end)
            && s.len() <= 160
            && let Some(c) = parse_credit(s)
            && (near_end || c.byline.is_some())
        {
            push_credit(text, &mut zones, &c, l.start, l);
            continue;
        }
        let mut from = l.start;
        if i == 0
            && inline_date
            && let Some(z) = zones.first()
        {
            from = z.span.end;
        }
        if near_top {
            // "(HNM) - HÀ NỘI - …", "Kinhtedothi - …".
            for _ in 0..2 {
                let rest = &text[from..l.end];
                if let Some(c) = SOURCE_PAREN.captures(rest)
                    && let (Some(m), Some(v)) = (c.get(0), c.get(1))
                {
                    zones.push(Zone {
                        kind: ZoneKind::Source,
                        span: trim(text, Span::new(from, from + m.end())),
                        value: Some(Span::new(from + v.start(), from + v.end())),
                    });
                    from += m.end();
                } else if let Some(c) = DATELINE.captures(rest)
                    && let Some(m) = c.get(0)
                {
                    zones.push(Zone {
                        kind: ZoneKind::Dateline,
                        span: trim(text, Span::new(from, from + m.end())),
                        value: None,
                    });
                    from += m.end();
                } else if let Some(c) = SOURCE_WORD.captures(rest)
                    && let (Some(m), Some(v)) = (c.get(0), c.get(1))
                    && !starts_with_starter(&fold(v.as_str()))
                    && !matches!(
                        v.as_str(),
                        "Ông" | "Bà" | "Anh" | "Chị" | "Em" | "Cô" | "Chú"
                    )
                {
                    zones.push(Zone {
                        kind: ZoneKind::Source,
                        span: trim(text, Span::new(from, from + m.end())),
                        value: Some(Span::new(from + v.start(), from + v.end())),
                    });
                    from += m.end();
                } else {
                    break;
                }
            }
        }
        // A short line with no final stop inside the body: a caption or a sub-heading.
        if i > body
            && i + 1 < last
            && !ends_sentence(s)
            && s.chars().count() <= 200
            && s.split_whitespace().count() >= 2
        {
            let bullet = s.starts_with(['-', '–', '—', '+', '*', '•', '●', '■', '▪', '>'])
                || s.split_whitespace().next().is_some_and(|w| {
                    w.trim_end_matches(['.', ')', '/'])
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'a'..='e'))
                        && w.ends_with(['.', ')'])
                });
            if !bullet {
                zones.push(Zone {
                    kind: ZoneKind::Caption,
                    span: l,
                    value: None,
                });
                continue;
            }
        }
        let mut line_end = l.end;
        if i + 1 == last {
            // "Báo X cập nhật tin tức …" closing the article.
            let tail_from = {
                let mut f = l.end.saturating_sub(200).max(from);
                while !text.is_char_boundary(f) {
                    f += 1;
                }
                f
            };
            if text[tail_from..l.end].contains("cập nhật tin tức")
                && let Some(c) = SITE_FOOTER.captures(&text[tail_from..l.end])
                && let (Some(m), Some(v)) = (c.get(0), c.get(1))
            {
                let span = trim(text, Span::new(tail_from + m.start(), l.end));
                zones.push(Zone {
                    kind: ZoneKind::Boilerplate,
                    span,
                    value: None,
                });
                zones.push(Zone {
                    kind: ZoneKind::Source,
                    span: Span::new(tail_from + v.start(), tail_from + v.end()),
                    value: Some(Span::new(tail_from + v.start(), tail_from + v.end())),
                });
                line_end = span.start;
            }
            let tl = trim(text, Span::new(from, line_end));
            if !tl.is_empty()
                && let Some(start) = tail_credit(text, tl, &mut zones)
            {
                line_end = start;
            }
        }
        if from < line_end {
            captions(
                text,
                doc_key,
                Span::new(from, line_end),
                i == body,
                &mut zones,
            );
        }
    }
    zones.sort_by_key(|z| (z.span.start, z.span.end));
    zones
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::lines;

    fn zones_of(t: &str) -> Vec<(ZoneKind, &str, Option<&str>)> {
        find_zones(t, &lines(t))
            .into_iter()
            .map(|z| (z.kind, z.span.of(t), z.value.map(|v| v.of(t))))
            .collect()
    }

    #[test]
    fn credits_parse() {
        let c = parse_credit("Tin, ảnh: Lê Minh Tâm (TTXVN)").unwrap();
        assert_eq!(
            c.byline.map(|b| b.1.of("Tin, ảnh: Lê Minh Tâm (TTXVN)")),
            Some("Lê Minh Tâm")
        );
        assert!(parse_credit("Hòa Bình - Lạc Sơn").is_some_and(|c| c.sources.is_empty()));
        let s = "Ngọc Hà/VOV-Trung tâm Tin";
        let c = parse_credit(s).unwrap();
        assert_eq!(c.sources[0].1.of(s), "VOV");
        assert_eq!(c.byline.unwrap().1.of(s), "Ngọc Hà");
        let s = "Lan Anh (t/h) Theo Báo Hòa Lạc";
        let c = parse_credit(s).unwrap();
        assert_eq!(c.byline.unwrap().1.of(s), "Lan Anh");
        assert_eq!(c.sources[0].1.of(s), "Báo Hòa Lạc");
        assert!(parse_credit("Nguồn Cổng Thông tin Sở Tư pháp").is_some());
        assert!(parse_credit("H.T").is_some());
        assert!(parse_credit("VĂN TÂM").is_some());
        assert!(parse_credit("Đề nghị các sở triển khai").is_none());
        assert!(parse_credit("Theo kế hoạch").is_none());
        assert!(parse_credit("Sau đó").is_none());
    }

    #[test]
    fn corpus_layout() {
        let t = "Tỉnh Hòa Lạc siết kỷ cương?\nSáng 5/4, UBND tỉnh họp.\nLãnh đạo đơn vị phát biểu. Ảnh: Minh Khôi/TTXVN  Tại hội nghị, ông Lê Văn Tâm yêu cầu các sở hoàn thành trước 30/6. Các đơn vị cần báo cáo./. Thu Hà - Lê Bình (TTXVN) ";
        let z = zones_of(t);
        assert!(z.contains(&(ZoneKind::Headline, "Tỉnh Hòa Lạc siết kỷ cương?", None)));
        assert!(z.contains(&(
            ZoneKind::Caption,
            "Lãnh đạo đơn vị phát biểu. Ảnh: Minh Khôi/TTXVN",
            Some("Minh Khôi/TTXVN")
        )));
        assert!(z.contains(&(
            ZoneKind::Byline,
            "Thu Hà - Lê Bình",
            Some("Thu Hà - Lê Bình")
        )));
        assert!(z.contains(&(ZoneKind::Source, "(TTXVN)", Some("TTXVN"))));
    }

    #[test]
    fn seed_layout() {
        let t = "Hòa Lạc giữ vững an ninh\n\nMinh Khôi\nChia sẻ Zalo\n\nBaohoalac - Sáng 5/4, Tỉnh ủy họp.\nĐồng chí Bí thư phát biểu tại hội nghị\nĐồng chí yêu cầu các cấp làm ngay.\n\nNguồn Cổng Thông tin tỉnh Hòa Lạc\n\nCác tin khác\n\nTin một\n\nTin hai\n";
        let z = zones_of(t);
        assert!(z.contains(&(ZoneKind::Byline, "Minh Khôi", Some("Minh Khôi"))));
        assert!(z.contains(&(ZoneKind::Boilerplate, "Chia sẻ Zalo", None)));
        assert!(z.contains(&(ZoneKind::Source, "Baohoalac -", Some("Baohoalac"))));
        assert!(z.contains(&(
            ZoneKind::Caption,
            "Đồng chí Bí thư phát biểu tại hội nghị",
            None
        )));
        assert!(z.contains(&(
            ZoneKind::Source,
            "Nguồn Cổng Thông tin tỉnh Hòa Lạc",
            Some("Cổng Thông tin tỉnh Hòa Lạc")
        )));
        assert!(z.contains(&(
            ZoneKind::Boilerplate,
            "Các tin khác\n\nTin một\n\nTin hai",
            None
        )));
        assert!(!z.iter().any(|x| x.1.contains("yêu cầu")));
    }

    #[test]
    fn captions_stop_before_the_next_sentence() {
        let t = "Tiêu đề\nMở đầu.\nĐoàn kiểm tra làm việc. Ảnh: Bá Tâm Đồng chí Lê Văn An chủ trì. Ảnh: Sở Công an Bộ trưởng yêu cầu tiếp tục. Cảnh họp - Ảnh minh họa: Lê Hòa Theo báo cáo, tỷ lệ tăng. Ảnh TL Chủ tịch yêu cầu xử lý. Việc này xong.\nHết.";
        let z = zones_of(t);
        let caps: Vec<(&str, Option<&str>)> = z
            .iter()
            .filter(|x| x.0 == ZoneKind::Caption)
            .map(|x| (x.1, x.2))
            .collect();
        assert_eq!(
            caps,
            vec![
                ("Đoàn kiểm tra làm việc. Ảnh: Bá Tâm", Some("Bá Tâm")),
                // "Đồng chí" opens a sentence glued to the credit before it: the caption of the
                // second photo, as "Đoàn kiểm tra làm việc." is of the first.
                ("Đồng chí Lê Văn An chủ trì. Ảnh: Sở Công an", Some("Sở Công an")),
                ("Cảnh họp - Ảnh minh họa: Lê Hòa", Some("Lê Hòa")),
                ("Ảnh TL", None),
            ]
        );
    }

    #[test]
    fn bracketed_credits_and_photo_credits() {
        let t = "Tiêu đề\nMở đầu.\nCảnh họp (Ảnh: Báo Hòa lạc) Sau đó đoàn về. Đoàn đi tiếp.\nẢnh minh họa Theo đó, tỉnh họp.\nHết. Ảnh: Lê Hòa";
        let z = zones_of(t);
        assert!(z.contains(&(
            ZoneKind::Caption,
            "Cảnh họp (Ảnh: Báo Hòa lạc)",
            Some("Báo Hòa lạc")
        )));
        assert!(z.contains(&(ZoneKind::Caption, "Ảnh: Lê Hòa", Some("Lê Hòa"))));
        assert!(z.contains(&(ZoneKind::Caption, "Ảnh minh họa", None)));
        assert!(!z.iter().any(|x| x.0 == ZoneKind::Byline));
        assert!(parse_credit("Xe Hòa Lạc. Xe Tiguan").is_some());
        assert!(parse_credit("Hòa Lạc Tiguan. Xe Hòa").is_none());
        // An initial and a surname in capitals: the stop after the initial is no end.
        let z = zones_of("Tiêu đề\nMở đầu.\nĐoàn kiểm tra xe. Ảnh: L. THOA Các xe được hướng dẫn vào khu vực kiểm tra.\nHết.");
        assert!(z.iter().any(|x| x.0 == ZoneKind::Caption && x.2 == Some("L. THOA")), "{z:?}");
    }

    #[test]
    fn crawler_date_inline() {
        let t = " date 2021-04 Sáng 5/4, Tỉnh ủy họp.\n\nLê Văn Tâm\n";
        let z = zones_of(t);
        assert_eq!(
            z[0],
            (ZoneKind::CrawlerDate, "date 2021-04", Some("2021-04"))
        );
        assert!(!z.iter().any(|x| x.0 == ZoneKind::Headline));
        assert!(z.contains(&(ZoneKind::Byline, "Lê Văn Tâm", Some("Lê Văn Tâm"))));
    }

    #[test]
    fn crawler_date_before_a_headline() {
        let t = " date 2021-04 Tỉnh ủy Hòa Lạc sơ kết Chỉ thị 08\n\nSáng 5/4, Tỉnh ủy họp. Ông Tâm chủ trì.\n";
        let z = zones_of(t);
        assert_eq!(z[0], (ZoneKind::CrawlerDate, "date 2021-04", Some("2021-04")));
        assert!(z.contains(&(ZoneKind::Headline, "Tỉnh ủy Hòa Lạc sơ kết Chỉ thị 08", None)));
        // A lead paragraph after the date is not a headline.
        let t = " date 2021-04 Sáng 5/4, Tỉnh ủy họp. Ông Tâm chủ trì hội nghị\n\nNội dung.\n";
        assert!(!zones_of(t).iter().any(|x| x.0 == ZoneKind::Headline));
    }
}
