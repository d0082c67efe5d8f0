//! A prepared document: text, key, lines, zones and sentences.

use serde::Serialize;

use crate::normalize::{is_space, key};
use crate::sentence;
use crate::span::Span;
use crate::zone::{Zone, ZoneKind, find_zones_with_key};

/// A sentence of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Its text.
    pub span: Span,
    /// Index of the paragraph (non-empty line) it belongs to.
    pub paragraph: usize,
    /// `true` for the headline, which is kept apart from the running text.
    pub headline: bool,
}

/// A document ready for extraction. All spans are byte ranges into [`Document::text`].
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's id (its file's base name, or the corpus id).
    pub id: String,
    /// The text: NFC, LF line breaks.
    pub text: String,
    /// The matching key: [`crate::normalize::key`] of the text: same length, same char boundaries
    /// at every word edge.
    pub key: String,
    /// Paragraphs: the non-empty lines, trimmed.
    pub paragraphs: Vec<Span>,
    /// Zones that are not running text.
    pub zones: Vec<Zone>,
    /// The spans of the zones other than the headline, merged: sorted, disjoint, non-empty.
    pub furniture: Vec<Span>,
    /// Sentences of the headline and running text, in order (zones cut out).
    pub sentences: Vec<Sentence>,
    /// What the input said about the document besides its text (a corpus line's date, source …).
    pub info: crate::DocInfo,
    /// What a reader derives from the key once and shares with the others (the extractor keeps
    /// there its one scan of the word lists it reads sentence by sentence). Empty when the
    /// document is made or cloned, filled on first use: the key must not change after that.
    pub memo: Memo,
}

/// A slot for one value derived from a document, of a type the text layer does not know
/// (the layers above keep their own data in it, as `http::Extensions` does).
#[derive(Default)]
pub struct Memo(std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>);

impl Memo {
    /// The value, made by `make` on first use; `None` when the slot holds a value of another type.
    pub fn get_or_init<T: std::any::Any + Send + Sync>(&self, make: impl FnOnce() -> T) -> Option<&T> {
        self.0.get_or_init(|| Box::new(make())).downcast_ref()
    }
}

/// A clone starts empty: what it holds is derived again on use.
impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() { "Memo(filled)" } else { "Memo(empty)" })
    }
}

impl Document {
    /// Prepares a decoded text (see [`crate::decode()`]).
    pub fn new(id: impl Into<String>, text: String) -> Document {
        let key = key(&text);
        let paragraphs = lines(&text);
        let zones = find_zones_with_key(&text, &key, &paragraphs);
        let furniture = merged_furniture(&zones);
        let headline = zones
            .iter()
            .find(|z| z.kind == ZoneKind::Headline)
            .map(|z| z.span);
        let mut sentences = Vec::new();
        // Furniture spans are sorted and disjoint, paragraphs too: one sweep cuts them out.
        let mut f0 = 0;
        for (pi, p) in paragraphs.iter().enumerate() {
            let is_headline = headline == Some(*p);
            while f0 < furniture.len() && furniture[f0].end <= p.start {
                f0 += 1;
            }
            let mut from = p.start;
            for f in furniture[f0..].iter().take_while(|f| f.start < p.end) {
                if from < f.start {
                    for s in sentence::split_with_key(&text, Some(&key), Span::new(from, f.start)) {
                        sentences.push(Sentence {
                            span: s,
                            paragraph: pi,
                            headline: is_headline,
                        });
                    }
                }
                from = from.max(f.end);
            }
            if from < p.end {
                for s in sentence::split_with_key(&text, Some(&key), Span::new(from, p.end)) {
                    sentences.push(Sentence {
                        span: s,
                        paragraph: pi,
                        headline: is_headline,
                    });
                }
            }
        }
        Document {
            id: id.into(),
            text,
            key,
            paragraphs,
            zones,
            furniture,
            sentences,
            info: crate::DocInfo::default(),
            memo: Memo::default(),
        }
    }

    /// The document with what its input said about it (see [`crate::DocInfo`]).
    pub fn with_info(mut self, info: crate::DocInfo) -> Document {
        self.info = info;
        self
    }

    /// The first zone of a kind.
    pub fn zone(&self, kind: ZoneKind) -> Option<&Zone> {
        self.zones.iter().find(|z| z.kind == kind)
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        span.of(&self.text)
    }

    /// The key of a span.
    pub fn key_of(&self, span: Span) -> &str {
        span.of(&self.key)
    }

    /// True when the span lies in a zone that is not running text (headline excepted).
    pub fn in_furniture(&self, span: Span) -> bool {
        let i = self.furniture.partition_point(|f| f.end <= span.start);
        self.furniture.get(i).is_some_and(|f| {
            f.overlaps(span) || (span.is_empty() && f.start <= span.start && span.start < f.end)
        })
    }

    /// Index of the sentence that contains byte `at`.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= at);
        self.sentences
            .get(i)
            .filter(|s| s.span.start <= at)
            .map(|_| i)
    }

    /// Sentences of the running text (not the headline).
    pub fn body(&self) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(|s| !s.headline)
    }
}

/// The spans of the zones other than the headline, sorted and merged.
fn merged_furniture(zones: &[Zone]) -> Vec<Span> {
    let mut v: Vec<Span> = zones
        .iter()
        .filter(|z| z.kind != ZoneKind::Headline && !z.span.is_empty())
        .map(|z| z.span)
        .collect();
    v.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for s in v {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The length in bytes of the line break that starts at byte `i`, if one does: LF (decoding
/// turns CR and CRLF into LF), VT and FF, and NEL and the Unicode line and paragraph separators,
/// which stay in the text. Read on the bytes: a UTF-8 lead byte (0xC2, 0xE2) and its
/// continuation bytes spell these chars and nothing else.
fn line_break_at(b: &[u8], i: usize) -> Option<usize> {
    match b[i] {
        b'\n' | 0x0B | 0x0C => Some(1),
        0xC2 if b.get(i + 1) == Some(&0x85) => Some(2),
        0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => Some(3),
        _ => None,
    }
}

/// Non-empty lines, trimmed (white space and invisible separators), as spans.
pub(crate) fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut push = |from: usize, to: usize| {
        let line = &text[from..to];
        let t = line.trim_start_matches(is_space);
        let lead = line.len() - t.len();
        let t = t.trim_end_matches(is_space);
        if !t.is_empty() {
            out.push(Span::new(from + lead, from + lead + t.len()));
        }
    };
    let (mut from, mut i) = (0, 0);
    // Only these bytes can start a line break.
    while let Some(k) = b[i..].iter().position(|&x| matches!(x, b'\n' | 0x0B | 0x0C | 0xC2 | 0xE2)) {
        let at = i + k;
        match line_break_at(b, at) {
            Some(n) => {
                push(from, at);
                i = at + n;
                from = i;
            }
            None => i = at + 1,
        }
    }
    push(from, b.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_every_kind_of_break() {
        let t = "a\nb\u{2028}c\u{85}d\u{0B}e\u{0C}f\u{2029} g “h” \n\n–i…";
        let got: Vec<&str> = lines(t).iter().map(|s| s.of(t)).collect();
        assert_eq!(got, ["a", "b", "c", "d", "e", "f", "g “h”", "–i…"]);
    }

    #[test]
    fn zones_of_a_crawled_article() {
        let t = " date 2021-04 Sáng 5/4, Ban Thường vụ Tỉnh ủy Hòa Lạc họp. Ảnh: Minh Khôi Đồng chí Bí thư chủ trì.\n\nLê Văn Tâm\n\nChia sẻ Zalo\n";
        // The lead's first sentence is never taken for the caption of the credit after it.
        let d = Document::new("x.txt", t.to_string());
        let kinds: Vec<ZoneKind> = d.zones.iter().map(|z| z.kind).collect();
        assert!(kinds.contains(&ZoneKind::CrawlerDate));
        assert!(kinds.contains(&ZoneKind::Caption));
        assert!(kinds.contains(&ZoneKind::Byline));
        assert!(kinds.contains(&ZoneKind::Boilerplate));
        let sents: Vec<&str> = d.sentences.iter().map(|s| d.slice(s.span)).collect();
        assert_eq!(
            sents,
            vec![
                "Sáng 5/4, Ban Thường vụ Tỉnh ủy Hòa Lạc họp.",
                "Đồng chí Bí thư chủ trì."
            ]
        );
    }
}
