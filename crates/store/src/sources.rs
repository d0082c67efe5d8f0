//! The original of each document read from a file: its name, format, size and hash, how its pages
//! were read (text layer or OCR) and where each page starts in the text, and — for every format
//! but plain text, whose original is the stored text itself — the file's bytes.
//!
//! Why the bytes and not only a path: a register is handed around and served by `chidao serve`
//! on another machine or after the files moved; uploads from the browser have no path at all; and
//! a reader of a fact read by OCR must be able to open the scanned page it came from. Originals
//! are capped by the input size limit (50 MiB by default; real directives are far smaller) and
//! live in their own table, so queries over documents never touch them.

use serde::{Deserialize, Serialize};

use crate::Store;
use crate::db::args;
use crate::error::Result;
use crate::ingest::Batch;

/// How one page of an original was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePage {
    /// 1-based page.
    pub page: u32,
    /// `text-layer`, `ocr` or `empty`.
    pub source: String,
    /// Byte offset in the text where the page's text starts (the end of the text when the page
    /// gave none).
    pub start: usize,
}

/// A document's original, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file's name.
    pub name: String,
    /// `pdf`, `docx`, `doc`, `rtf`, `html`, `image` or `text`.
    pub format: String,
    /// The media type to serve it with.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// xxh3-128 of its bytes, hex.
    pub hash: String,
    /// Its encoding as read ("UTF-8", "TCVN3"…).
    pub encoding: String,
    /// Pages (PDF, image).
    pub pages: Vec<SourcePage>,
    /// Pages read by OCR: facts on them are less certain.
    pub ocr_pages: u32,
    /// What reading decided (legacy runs converted, layers rejected…).
    pub notes: Vec<String>,
}

impl Source {
    /// The record of a file read by `chidao-formats`.
    pub fn of(name: &str, bytes: &[u8], x: &chidao_formats::Extracted) -> Source {
        let pages = x
            .pages
            .iter()
            .map(|p| {
                let start = x.map.iter().find(|o| o.loc.page() == Some(p.page)).map_or(x.text.len(), |o| o.start);
                let source = match p.source {
                    chidao_formats::PageSource::TextLayer => "text-layer",
                    chidao_formats::PageSource::Ocr => "ocr",
                    chidao_formats::PageSource::Empty => "empty",
                };
                SourcePage { page: p.page, source: source.into(), start }
            })
            .collect();
        let mut notes = x.notes.clone();
        for p in &x.pages {
            notes.extend(p.notes.iter().map(|n| format!("page {}: {n}", p.page)));
        }
        Source {
            name: name.to_string(),
            format: format!("{:?}", x.format).to_lowercase(),
            media_type: x.format.media_type().to_string(),
            size: bytes.len() as u64,
            hash: format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes)),
            encoding: x.encoding.clone(),
            pages,
            ocr_pages: x.ocr_pages() as u32,
            notes,
        }
    }

    /// Worth a record: every file but plain UTF-8 text (whose original is the stored text itself;
    /// corpora of text lines stay as they were).
    pub fn worth_keeping(&self) -> bool {
        self.format != "text" || self.encoding != "UTF-8" || !self.notes.is_empty()
    }

    /// True when the byte offset lies on a page read by OCR.
    pub fn is_ocr_at(&self, offset: usize) -> bool {
        let i = self.pages.partition_point(|p| p.start <= offset);
        i > 0 && self.pages[..i].iter().rev().find(|p| p.source != "empty").is_some_and(|p| p.source == "ocr")
    }
}

/// An original's bytes, to serve.
#[derive(Debug, Clone)]
pub struct Original {
    /// The file's name.
    pub name: String,
    /// Its media type.
    pub media_type: String,
    /// Its bytes (for plain text, the stored text).
    pub bytes: Vec<u8>,
}

impl Batch<'_> {
    /// Records a stored document's original (`bytes` None for plain text: the text is the original).
    pub fn put_source(&mut self, doc: i64, source: &Source, bytes: Option<&[u8]>) -> Result<()> {
        let info = serde_json::to_string(source).unwrap_or_default();
        self.db().exec(
            "INSERT INTO doc_sources (doc, info, ocr_pages, original) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (doc) DO UPDATE SET info = excluded.info, ocr_pages = excluded.ocr_pages, original = excluded.original",
            args![doc, info, source.ocr_pages, bytes],
        )?;
        Ok(())
    }
}

impl Store {
    /// The original record of a document, if it was read from a file.
    pub fn source(&self, id: &str) -> Result<Option<Source>> {
        let info: Option<String> =
            self.db().row_opt("SELECT s.info FROM doc_sources s JOIN documents d ON d.id = s.doc WHERE d.ext_id = ?1", args![id], |r| r.get(0))?;
        Ok(info.and_then(|i| serde_json::from_str(&i).ok()))
    }

    /// A document's original bytes (the file, or the stored text for plain text).
    pub fn original(&self, id: &str) -> Result<Option<Original>> {
        let row: Option<(String, Option<Vec<u8>>, String)> = self.db().row_opt(
            "SELECT s.info, s.original, t.text FROM doc_sources s JOIN documents d ON d.id = s.doc JOIN doc_texts t ON t.doc = d.id
             WHERE d.ext_id = ?1",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let Some((info, bytes, text)) = row else { return Ok(None) };
        let Ok(source) = serde_json::from_str::<Source>(&info) else { return Ok(None) };
        Ok(Some(Original { name: source.name, media_type: source.media_type, bytes: bytes.unwrap_or_else(|| text.into_bytes()) }))
    }
}
