//! One input file → its text, through `chidao-formats` (the format chosen by content): the one
//! call `extract`, `ingest`, `bench` and `text` make per document.

use chidao_formats::{Extracted, Legacy, OcrMode, Options, PageSource};

use crate::input::RawDoc;

/// How documents are read (from the command line).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOpts {
    /// `--lossy`.
    pub lossy: bool,
    /// `--encoding`.
    pub encoding: Option<Legacy>,
    /// `--ocr`.
    pub ocr: OcrMode,
}

impl ReadOpts {
    fn options(self) -> Options {
        Options { lossy: self.lossy, encoding: self.encoding, ocr: self.ocr }
    }
}

/// Reads a document; the error says what was wrong (the caller names the file).
pub fn read(raw: &RawDoc, opts: ReadOpts) -> Result<Extracted, String> {
    chidao_formats::read(&raw.bytes, &opts.options()).map_err(|e| e.to_string())
}

/// What reading changed or decided, to print as warnings: the reader's notes, and a line for
/// pages read by OCR or left empty.
pub fn warnings(x: &Extracted) -> Vec<String> {
    let mut out: Vec<String> = x.notes.iter().map(|n| format!("warning: {n}")).filter(|n| !n.contains("HTML page: the article's text kept")).collect();
    let ocr: Vec<String> = x.pages.iter().filter(|p| p.source == PageSource::Ocr).map(|p| p.page.to_string()).collect();
    if !ocr.is_empty() {
        out.push(format!("note: page(s) {} read by OCR (facts from them are less certain)", ocr.join(", ")));
    }
    // Pages without text, grouped by why (a 50-page scan without OCR is one line).
    let mut empty: Vec<(String, Vec<String>)> = Vec::new();
    for p in x.pages.iter().filter(|p| p.source == PageSource::Empty && !p.notes.is_empty()) {
        let why = p.notes.join("; ");
        match empty.iter_mut().find(|(w, _)| *w == why) {
            Some((_, pages)) => pages.push(p.page.to_string()),
            None => empty.push((why, vec![p.page.to_string()])),
        }
    }
    for (why, pages) in empty {
        out.push(format!("warning: page(s) {} without text: {why}", pages.join(", ")));
    }
    out
}


/// Parses `--encoding`.
pub fn parse_encoding(s: &str) -> Result<Legacy, String> {
    Legacy::from_name(s).ok_or_else(|| format!("unknown encoding {s:?}: tcvn3 (abc), vni, viqr, viscii or windows-1258"))
}
