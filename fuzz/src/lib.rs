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

/// `header`: an official document's header and closing, and its item stage (through the tasks).
pub fn header(data: &[u8]) {
    let Some(doc) = document(data) else { return };
    if let Some(h) = chidao_extract::header::find(&doc) {
        check_span(&doc, h.span, "header");
        for s in h.number_span.iter().chain(h.signer.as_ref().and_then(|s| s.name_span.as_ref())) {
            check_span(&doc, *s, "header part");
        }
        let facts = chidao_extract::extract(&doc);
        for t in &facts.tasks {
            check_span(&doc, t.span, "task");
        }
        let _ = chidao_extract::task::details(&doc, &h, &facts.tasks);
        for s in &h.title_spans {
            check_span(&doc, *s, "title line");
        }
        // The document's relations to what it cites: a cited document of the extraction, never
        // its own entry, a lead-in inside the text.
        for r in chidao_extract::relation::of(&facts) {
            assert!(r.target < facts.docrefs.len(), "relation to no document");
            assert_ne!(Some(r.target), h.own_entry(), "a document implements itself");
            check_span(&doc, r.cue, "relation cue");
        }
    }
}

/// A reader's output: NFC text; every span of the map inside it, on char boundaries, in order.
fn check_read(x: &chidao_formats::Extracted) {
    assert!(chidao_text::nfc(&x.text) == x.text.as_str(), "text is not NFC");
    let mut last = 0;
    for o in &x.map {
        assert!(o.start <= o.end && o.end <= x.text.len(), "map span {}..{} outside {} bytes", o.start, o.end, x.text.len());
        assert!(x.text.is_char_boundary(o.start) && x.text.is_char_boundary(o.end), "map span not on char boundaries");
        assert!(o.start >= last, "map out of order");
        last = o.end;
    }
    let _ = Document::new("fuzz", x.text.clone());
}

/// Options for fuzzing: never start OCR processes.
const NO_OCR: chidao_formats::Options = chidao_formats::Options { lossy: true, encoding: None, ocr: chidao_formats::OcrMode::Off };

/// `formats_read`: any bytes through the format sniffing and the reader it picks.
pub fn formats_read(data: &[u8]) {
    if let Ok(x) = chidao_formats::read(data, &NO_OCR) {
        check_read(&x);
    }
}

/// Bytes given the signature of a format (so that the fuzzer reaches its reader).
fn with_magic(magic: &[u8], data: &[u8]) -> Vec<u8> {
    if data.starts_with(magic) { data.to_vec() } else { [magic, data].concat() }
}

/// `formats_pdf`: bytes as a PDF.
pub fn formats_pdf(data: &[u8]) {
    formats_read(&with_magic(b"%PDF-1.4\n", data));
}

/// `formats_docx`: bytes as a ZIP package.
pub fn formats_docx(data: &[u8]) {
    formats_read(&with_magic(b"PK\x03\x04", data));
}

/// `formats_docx_xml`: bytes as a DOCX body part (word/document.xml).
pub fn formats_docx_xml(data: &[u8]) {
    if let Ok((text, map)) = chidao_formats::fuzzing::docx_document_xml(&String::from_utf8_lossy(data)) {
        for o in map {
            assert!(text.get(o.start..o.end).is_some(), "map span outside the text");
        }
    }
}

/// `formats_doc`: bytes as a compound file.
pub fn formats_doc(data: &[u8]) {
    formats_read(&with_magic(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", data));
}

/// `formats_doc_streams`: bytes split into a WordDocument stream (with a Word 97 header) and a
/// table stream.
pub fn formats_doc_streams(data: &[u8]) {
    let cut = data.first().map_or(0, |&b| b as usize * 4).min(data.len());
    let (word, table) = data.split_at(cut);
    let word = with_magic(b"\xEC\xA5", word);
    if let Ok(x) = chidao_formats::fuzzing::doc_streams(&word, table, &NO_OCR) {
        check_read(&x);
    }
}

/// `formats_rtf`: bytes as RTF.
pub fn formats_rtf(data: &[u8]) {
    formats_read(&with_magic(b"{\\rtf1", data));
}

/// `formats_html`: bytes as an HTML page.
pub fn formats_html(data: &[u8]) {
    formats_read(&with_magic(b"<!DOCTYPE html><html>", data));
}

/// `formats_legacy`: bytes as plain text in a legacy encoding (detection, each table, repair).
pub fn formats_legacy(data: &[u8]) {
    for enc in chidao_formats::Legacy::ALL {
        let s = chidao_formats::legacy::decode_bytes(data, enc);
        assert!(chidao_text::nfc(&s) == s.as_str(), "{enc:?}: not NFC");
        let _ = chidao_formats::legacy::decode_chars(&String::from_utf8_lossy(data), enc, true);
    }
    let _ = chidao_formats::legacy::detect(data);
    let _ = chidao_formats::legacy::repair(&String::from_utf8_lossy(data));
    if let Ok(x) = chidao_formats::read_text(data, &NO_OCR) {
        check_read(&x);
    }
}

/// `formats_layout`: bytes as Tesseract TSV, then laid out (rows, columns, paragraphs).
pub fn formats_layout(data: &[u8]) {
    let page = chidao_formats::fuzzing::ocr_tsv(&String::from_utf8_lossy(data));
    for g in &page.groups {
        let _ = chidao_formats::fuzzing::paragraphs(g);
    }
}
