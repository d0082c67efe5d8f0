//! Zones: the parts of a crawled article that are not its running text.
//!
//! A crawler header (`date 2020-03`), the headline, bylines, a source prefix ("(HNM) -",
//! "Kinhtedothi -"), a closing "Nguồn …" line, captions ("Ảnh: …") and site furniture ("Chia sẻ
//! Zalo", "Các tin khác" …) are recognised here so that extractors keep them out of the facts while
//! the metadata extractor can still read them.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::normalize::fold;
use crate::span::Span;

/// What a zone of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// A crawler's `date YYYY-MM` header: the publication month.
    CrawlerDate,
    /// The article's headline.
    Headline,
    /// An author line.
    Byline,
    /// The outlet named as the source ("(HNM) -", "Kinhtedothi -", "Nguồn …").
    Source,
    /// A dateline ("HÀ NỘI -") before the lead.
    Dateline,
    /// A photo caption or credit.
    Caption,
    /// Site furniture: share buttons, related-article lists, comment forms.
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

static BOILERPLATE: LazyLock<Vec<(String, bool)>> = LazyLock::new(|| {
    include_str!("../data/boilerplate.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_suffix('*') {
            Some(p) => (fold(p), true),
            None => (fold(l), false),
        })
        .collect()
});

static CRAWLER_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*").expect("valid regex"));
static SOURCE_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(([^()\n]{2,30})\)\s*[-–—]+\s*").expect("valid regex"));
static SOURCE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\p{Lu}[\p{L}\d.]*[\p{Ll}.]?[\p{L}\d.]*)\s+[-–—]+\s+").expect("valid regex")
});
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\p{Lu}[\p{Lu}\s.]{1,25}\p{Lu})\s*[-–—]+\s+").expect("valid regex"));
static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:Nguồn|Theo)\s*:?\s+(.{2,80}?)\s*$").expect("valid regex"));
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(?(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh|Clip)\s*:\s*((?:\p{Lu}[\p{L}.]*)(?:\s+\p{Lu}[\p{L}.]*){0,3})\)?|\(?Ảnh minh (?:họa|hoạ)\)?\.?")
        .expect("valid regex")
});

/// True for a short line of capitalised words with no final stop: a likely author name.
fn looks_like_byline(line: &str) -> bool {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && t.chars().count() <= 40
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '.'))
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '…', '"', '”', ':', ';'])
}

/// Finds the zones of a text, given its non-empty lines (byte spans, trimmed) in order.
pub fn find_zones(text: &str, lines: &[Span]) -> Vec<Zone> {
    let mut zones = Vec::new();
    let mut first_body = 0usize;
    // Crawler date: a `date YYYY-MM` prefix at the very start.
    if let Some(first) = lines.first()
        && let Some(c) = CRAWLER_DATE.captures(first.of(text))
    {
        let m = c.get(0).expect("group 0");
        let v = c.get(1).expect("group 1");
        zones.push(Zone {
            kind: ZoneKind::CrawlerDate,
            span: Span::new(first.start + m.start(), first.start + m.end()),
            value: Some(Span::new(first.start + v.start(), first.start + v.end())),
        });
    }
    let zoned_start = |zones: &Vec<Zone>, l: &Span| zones.iter().any(|z| z.span.start <= l.start && z.span.end >= l.end);
    // Headline: the first line when it has no final stop and is short.
    if let Some(first) = lines.first()
        && !zoned_start(&zones, first)
        && zones.is_empty()
        && !ends_sentence(first.of(text))
        && first.of(text).chars().count() <= 300
        && lines.len() > 1
    {
        zones.push(Zone { kind: ZoneKind::Headline, span: *first, value: None });
        first_body = 1;
    }
    for (i, l) in lines.iter().enumerate() {
        let s = l.of(text);
        let folded = fold(s.trim());
        let folded = folded.trim_end_matches(['.', ':']);
        if BOILERPLATE.iter().any(|(p, prefix)| if *prefix { folded.starts_with(p.as_str()) } else { folded == p }) {
            zones.push(Zone { kind: ZoneKind::Boilerplate, span: *l, value: None });
            continue;
        }
        if let Some(c) = SOURCE_LINE.captures(s)
            && (i + 3 >= lines.len())
        {
            let v = c.get(1).expect("group 1");
            zones.push(Zone { kind: ZoneKind::Source, span: *l, value: Some(Span::new(l.start + v.start(), l.start + v.end())) });
            continue;
        }
        let near_top = i >= first_body && i < first_body + 3;
        let near_end = i + 4 >= lines.len() && i > first_body;
        if (near_top || near_end) && looks_like_byline(s) {
            zones.push(Zone { kind: ZoneKind::Byline, span: *l, value: Some(*l) });
            continue;
        }
        if near_top && i < first_body + 3 {
            if let Some(c) = SOURCE_PAREN.captures(s) {
                let m = c.get(0).expect("group 0");
                let v = c.get(1).expect("group 1");
                zones.push(Zone {
                    kind: ZoneKind::Source,
                    span: Span::new(l.start + m.start(), l.start + m.end()),
                    value: Some(Span::new(l.start + v.start(), l.start + v.end())),
                });
            } else if let Some(c) = DATELINE.captures(s) {
                let m = c.get(0).expect("group 0");
                zones.push(Zone { kind: ZoneKind::Dateline, span: Span::new(l.start + m.start(), l.start + m.end()), value: None });
            } else if let Some(c) = SOURCE_WORD.captures(s) {
                let m = c.get(0).expect("group 0");
                let v = c.get(1).expect("group 1");
                zones.push(Zone {
                    kind: ZoneKind::Source,
                    span: Span::new(l.start + m.start(), l.start + m.end()),
                    value: Some(Span::new(l.start + v.start(), l.start + v.end())),
                });
            }
        }
        for m in CAPTION.find_iter(s) {
            let c = CAPTION.captures(m.as_str());
            let mut end = m.end();
            let value = c.and_then(|c| c.get(1)).map(|v| {
                // A run of capitalised words followed by a lower-case word: its last word starts the
                // next sentence ("Ảnh: Minh Khôi Đồng chí …").
                let (vs, mut ve) = (m.start() + v.start(), m.start() + v.end());
                let next_lower = s[ve..].trim_start().chars().next().is_some_and(char::is_lowercase);
                let name = &s[vs..ve];
                if next_lower && let Some(sp) = name.rfind(' ') {
                    ve = vs + sp;
                    end = ve;
                }
                Span::new(l.start + vs, l.start + ve)
            });
            zones.push(Zone { kind: ZoneKind::Caption, span: Span::new(l.start + m.start(), l.start + end), value });
        }
    }
    zones.sort_by_key(|z| (z.span.start, z.span.end));
    zones
}
