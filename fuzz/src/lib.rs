//! The bodies of chidao's fuzz targets, with the invariants each checks. The targets in
//! `fuzz_targets/` call these; `tests/replay.rs` runs them on stable over a small seed set, so
//! they stay compiled and correct without nightly.

use chidao_extract::record::Record;
use chidao_text::{DecodeOptions, Document, Span, decode};

/// A span lies inside the text and on char boundaries.
fn check_span(doc: &Document, s: Span, what: &str) {
    assert!(s.start <= s.end && s.end <= doc.text.len(), "{what}: span {s:?} outside text of {} bytes", doc.text.len());
    assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end), "{what}: span {s:?} not on char boundaries");
}

/// Bytes → document, with the text layer's invariants checked; `None` when decoding refuses them.
pub fn document(data: &[u8]) -> Option<Document> {
    let (text, _) = decode(data, DecodeOptions { lossy: true }).ok()?;
    let doc = Document::new("fuzz.txt", text);
    assert_eq!(doc.key.len(), doc.text.len(), "key and text differ in length");
    // Tone marks move inside a syllable (hoà → hòa), so char boundaries agree at word edges only:
    // around every character that is not a letter or digit.
    for (i, c) in doc.text.char_indices().filter(|(_, c)| !c.is_alphanumeric()) {
        let end = i + c.len_utf8();
        assert!(doc.key.is_char_boundary(i) && doc.key.is_char_boundary(end), "key has no char boundary around {i} ({c:?})");
    }
    for p in &doc.paragraphs {
        check_span(&doc, *p, "paragraph");
    }
    for z in &doc.zones {
        check_span(&doc, z.span, "zone");
    }
    for s in &doc.sentences {
        check_span(&doc, s.span, "sentence");
    }
    Some(doc)
}

/// `decode_document`: bytes → lossy decode → `Document::new`.
pub fn decode_document(data: &[u8]) {
    let _ = document(data);
}

/// `extract`: bytes → lossy decode → full extraction → record → JSON.
pub fn extract(data: &[u8]) {
    let Some(doc) = document(data) else { return };
    let facts = chidao_extract::extract(&doc);
    let json = serde_json::to_string(&Record::new(&facts)).expect("record serialises");
    assert!(json.starts_with('{'));
}

/// `date`: the date finder alone.
pub fn date(data: &[u8]) {
    let Some(doc) = document(data) else { return };
    for d in chidao_extract::date::find(&doc) {
        check_span(&doc, d.span, "date");
    }
}

/// `docref`: the document-reference finder (after dates, which it reads).
pub fn docref(data: &[u8]) {
    let Some(doc) = document(data) else { return };
    let dates = chidao_extract::date::find(&doc);
    for r in chidao_extract::docref::find(&doc, &dates) {
        for m in &r.mentions {
            check_span(&doc, *m, "docref mention");
        }
    }
}
