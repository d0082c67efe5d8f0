//! # chidao-formats
//!
//! Documents as they arrive — PDF (with a text layer, or scanned and read by OCR), DOCX, Word 97
//! DOC, RTF, HTML pages, images and plain text in Unicode or a legacy Vietnamese encoding — read
//! into the NFC text that [`chidao_text::Document`] prepares, with a map from text spans back to
//! where they came from (page and position, paragraph, table cell) and per-page notes (text layer
//! kept or replaced by OCR, encoding detected).
//!
//! The format is chosen by content ([`sniff`]: magic bytes, then the package's parts), never by a
//! file's extension: a ".doc" that is HTML is read as HTML.
//!
//! ```
//! use chidao_formats::{read, Format, Options};
//! let x = read("Ủy ban nhân dân tỉnh họp.".as_bytes(), &Options::default()).unwrap();
//! assert_eq!(x.format, Format::Text);
//! assert_eq!(x.text, "Ủy ban nhân dân tỉnh họp.");
//! ```
#![warn(missing_docs)]

mod builder;
pub mod cer;
mod doc;
mod docx;
mod html;
pub(crate) mod layout;
pub mod legacy;
pub mod ocr;
mod pdf;
pub mod quality;
mod rtf;
mod text;

use serde::Serialize;

pub use builder::{Loc, Origin};
pub use legacy::Legacy;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (UTF-8, UTF-16 or a legacy encoding).
    Text,
    /// An HTML page (or Word-saved HTML).
    Html,
    /// Word 2007+ (Office Open XML).
    Docx,
    /// Word 97–2003 (a compound file).
    Doc,
    /// Rich Text Format.
    Rtf,
    /// PDF, born-digital or scanned.
    Pdf,
    /// A scanned page as an image (PNG, JPEG, TIFF, BMP): read by OCR.
    Image,
}

impl Format {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Docx => "DOCX",
            Format::Doc => "DOC",
            Format::Rtf => "RTF",
            Format::Pdf => "PDF",
            Format::Image => "image",
        }
    }

    /// The file extensions a folder's documents are taken by (content decides the format).
    pub const EXTENSIONS: &[&str] =
        &["txt", "text", "htm", "html", "xhtml", "docx", "doc", "rtf", "pdf", "png", "jpg", "jpeg", "tif", "tiff", "bmp"];

    /// The media type to serve an original with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain; charset=utf-8",
            Format::Html => "text/html",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Doc => "application/msword",
            Format::Rtf => "application/rtf",
            Format::Pdf => "application/pdf",
            Format::Image => "application/octet-stream",
        }
    }
}

/// When to read pages by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Pages without the document's text in their text layer (scans, wrong OCR layers).
    #[default]
    Auto,
    /// Never: such pages are left empty, with a note.
    Off,
    /// Every page of a PDF, whatever its text layer.
    Always,
}

/// How to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Replace invalid UTF-8 in plain text by U+FFFD instead of refusing it (when no legacy
    /// encoding reads it either).
    pub lossy: bool,
    /// Read 8-bit text (plain text, HTML, legacy-font runs) in this encoding instead of detecting.
    pub encoding: Option<Legacy>,
    /// OCR policy.
    pub ocr: OcrMode,
}

/// Where a page's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageSource {
    /// The PDF's own text layer, kept.
    TextLayer,
    /// OCR (Tesseract, Vietnamese model): lower confidence.
    Ocr,
    /// Nothing usable: no text layer that is the page's text, and no OCR.
    Empty,
}

/// One page of a PDF or image.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based.
    pub page: u32,
    /// Where its text came from.
    pub source: PageSource,
    /// Characters of text it gave.
    pub chars: usize,
    /// What was decided and why ("text layer rejected: 3% Vietnamese syllables", "OCR: mean
    /// word confidence 86").
    pub notes: Vec<String>,
}

/// What a document says about itself.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    /// Title or headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Byline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Source address (canonical URL of an HTML page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Page headers and footers kept apart from the body (DOCX), running headers dropped (PDF).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub furniture: Vec<String>,
}

/// A document read: its text and where the text came from.
#[derive(Debug, Clone, Serialize)]
pub struct Extracted {
    /// The format detected from the content.
    pub format: Format,
    /// The text encoding found ("UTF-8", "TCVN3 (font .VnTime)", "mixed"…).
    pub encoding: String,
    /// The text: NFC, LF line breaks, paragraphs separated by a blank line.
    pub text: String,
    /// Pages (PDF, image); empty for the other formats.
    pub pages: Vec<Page>,
    /// Spans of the text and where each came from, in order.
    pub map: Vec<Origin>,
    /// Title, date, byline, address, page furniture.
    pub meta: Meta,
    /// Document-level notes and warnings (repairs, fonts converted, OCR unavailable).
    pub notes: Vec<String>,
}

impl Extracted {
    /// Pages read by OCR.
    pub fn ocr_pages(&self) -> usize {
        self.pages.iter().filter(|p| p.source == PageSource::Ocr).count()
    }

    /// What is known of the document: the fields its input gave (`given`), completed by what the
    /// file itself says (an HTML page's date as the publication date, its address).
    pub fn info(&self, given: &chidao_text::DocInfo) -> chidao_text::DocInfo {
        let mut info = given.clone();
        if info.published.is_none() {
            info.published = self.meta.date.as_deref().and_then(chidao_text::info::iso_date);
        }
        if info.url.is_none() {
            info.url = self.meta.url.clone().filter(|u| u.len() <= 2000 && !u.chars().any(char::is_control));
        }
        info
    }

    /// The page a byte offset of the text came from, if the format has pages.
    pub fn page_at(&self, offset: usize) -> Option<u32> {
        let i = self.map.partition_point(|o| o.end <= offset);
        self.map.get(i).and_then(|o| o.loc.page())
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// Plain text that is not text (see [`chidao_text::DecodeError`]).
    #[error(transparent)]
    Text(#[from] chidao_text::DecodeError),
    /// A file of a known format whose structure is broken.
    #[error("not a readable {format} file: {reason}")]
    Corrupt {
        /// The format it claimed to be.
        format: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// A file chidao recognises but cannot read (an encrypted PDF, an ODF text, a ZIP archive).
    #[error("{0}")]
    Unsupported(String),
    /// Nothing could be read (a scan without Tesseract).
    #[error("no text: {0}")]
    NoText(String),
}

impl FormatError {
    pub(crate) fn corrupt(format: Format, reason: impl std::fmt::Display) -> FormatError {
        FormatError::Corrupt { format: format.name(), reason: reason.to_string() }
    }
}

/// The format of some bytes, from their content alone.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx; // the reader checks the package's parts and names what it found
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Format::Doc;
    }
    if bytes.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    const IMAGES: &[&[u8]] = &[b"\x89PNG\r\n\x1a\n", b"\xFF\xD8\xFF", b"II*\x00", b"MM\x00*", b"BM"];
    if IMAGES.iter().any(|m| bytes.starts_with(m)) && !(bytes.starts_with(b"BM") && bytes.len() > 2 && bytes[2].is_ascii_alphabetic()) {
        return Format::Image;
    }
    if html::looks_like_html(bytes) {
        return Format::Html;
    }
    Format::Text
}

/// Reads a document (see the crate documentation). Never panics: a reader that fails on a broken
/// file returns [`FormatError::Corrupt`].
pub fn read(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let format = sniff(bytes);
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match format {
        Format::Text => text::read(bytes, opts),
        Format::Html => html::read(bytes, opts),
        Format::Docx => docx::read(bytes, opts),
        Format::Doc => doc::read(bytes, opts),
        Format::Rtf => rtf::read(bytes, opts),
        Format::Pdf => pdf::read(bytes, opts),
        Format::Image => ocr::read_image(bytes, opts),
    }));
    match caught {
        Ok(r) => r,
        Err(_) => Err(FormatError::corrupt(format, "the file's structure is broken (the reader stopped on it)")),
    }
}

/// Entry points for the fuzz targets (the parsers behind the containers), not a stable API.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::doc::read_streams as doc_streams;
    pub use crate::docx::read_document_xml as docx_document_xml;
    pub use crate::ocr::parse_tsv as ocr_tsv;
    pub use crate::layout::{Line, paragraphs, reading_order};
}

/// Reads `bytes` only as the plain-text reader would (no sniffing): for corpora of text lines.
pub fn read_text(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    text::read(bytes, opts)
}
