//! A prepared document: text, key, lines, zones and sentences.

use serde::Serialize;

use crate::normalize::key;
use crate::sentence;
use crate::span::Span;
use crate::zone::{Zone, ZoneKind, find_zones};

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
    /// The matching key: [`crate::normalize::key`] of the text, same length and char boundaries.
    pub key: String,
    /// Paragraphs: the non-empty lines, trimmed.
    pub paragraphs: Vec<Span>,
    /// Zones that are not running text.
    pub zones: Vec<Zone>,
    /// Sentences of the headline and running text, in order (zones cut out).
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Prepares a decoded text (see [`crate::decode()`]).
    pub fn new(id: impl Into<String>, text: String) -> Document {
        let key = key(&text);
        let paragraphs = lines(&text);
        let zones = find_zones(&text, &paragraphs);
        let mut sentences = Vec::new();
        for (pi, p) in paragraphs.iter().enumerate() {
            let headline = zones.iter().any(|z| z.kind == ZoneKind::Headline && z.span == *p);
            // Cut the zones (other than the headline) out of the paragraph.
            let mut pieces = vec![*p];
            for z in zones.iter().filter(|z| z.kind != ZoneKind::Headline && z.span.overlaps(*p)) {
                pieces = pieces
                    .into_iter()
                    .flat_map(|piece| {
                        if !piece.overlaps(z.span) {
                            return vec![piece];
                        }
                        let mut v = Vec::new();
                        if piece.start < z.span.start {
                            v.push(Span::new(piece.start, z.span.start));
                        }
                        if z.span.end < piece.end {
                            v.push(Span::new(z.span.end, piece.end));
                        }
                        v
                    })
                    .collect();
            }
            for piece in pieces {
                for s in sentence::split(&text, piece) {
                    sentences.push(Sentence { span: s, paragraph: pi, headline });
                }
            }
        }
        Document { id: id.into(), text, key, paragraphs, zones, sentences }
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
        self.zones.iter().any(|z| z.kind != ZoneKind::Headline && z.span.overlaps(span))
    }

    /// Index of the sentence that contains byte `at`.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= at);
        self.sentences.get(i).filter(|s| s.span.start <= at).map(|_| i)
    }

    /// Sentences of the running text (not the headline).
    pub fn body(&self) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(|s| !s.headline)
    }
}

/// Non-empty lines, trimmed, as spans.
fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let lead = line.len() - line.trim_start().len();
        let t = line.trim();
        if !t.is_empty() {
            out.push(Span::new(pos + lead, pos + lead + t.len()));
        }
        pos += line.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_of_a_crawled_article() {
        let t = " date 2021-04 Sáng 5/4, Ban Thường vụ Tỉnh ủy Hòa Lạc họp. Ảnh: Minh Khôi Đồng chí Bí thư chủ trì.\n\nLê Văn Tâm\n\nChia sẻ Zalo\n";
        let d = Document::new("x.txt", t.to_string());
        let kinds: Vec<ZoneKind> = d.zones.iter().map(|z| z.kind).collect();
        assert!(kinds.contains(&ZoneKind::CrawlerDate));
        assert!(kinds.contains(&ZoneKind::Caption));
        assert!(kinds.contains(&ZoneKind::Byline));
        assert!(kinds.contains(&ZoneKind::Boilerplate));
        let sents: Vec<&str> = d.sentences.iter().map(|s| d.slice(s.span)).collect();
        assert_eq!(sents, vec!["Sáng 5/4, Ban Thường vụ Tỉnh ủy Hòa Lạc họp.", "Đồng chí Bí thư chủ trì."]);
    }
}
