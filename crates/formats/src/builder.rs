//! Assembling a document's text from pieces, with the map back to where each came from.

use serde::Serialize;

/// Where a span of the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Loc {
    /// A line of a PDF's text layer: page, and its position (PDF points from the bottom left).
    Page {
        /// 1-based page.
        page: u32,
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
    },
    /// A line read by OCR: page, position (pixels at 300 dpi from the top left) and Tesseract's
    /// mean word confidence (0–100).
    Ocr {
        /// 1-based page.
        page: u32,
        /// Left edge.
        x: u32,
        /// Top edge.
        y: u32,
        /// Mean word confidence.
        confidence: f32,
    },
    /// A paragraph of a word-processor file or a web page (1-based, in reading order).
    Paragraph {
        /// Its number.
        n: u32,
    },
    /// A table row of a word-processor file (1-based table and row).
    Row {
        /// Table number in the document.
        table: u32,
        /// Row number in the table.
        row: u32,
    },
    /// A footnote (its number).
    Footnote {
        /// Its number.
        n: u32,
    },
    /// A line of plain text (1-based).
    Line {
        /// Its number.
        n: u32,
    },
}

impl Loc {
    /// The page, for formats that have pages.
    pub fn page(&self) -> Option<u32> {
        match *self {
            Loc::Page { page, .. } | Loc::Ocr { page, .. } => Some(page),
            _ => None,
        }
    }
}

/// A span of the text (byte range) and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Origin {
    /// Start byte in the text.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Where it came from.
    #[serde(flatten)]
    pub loc: Loc,
}

/// Builds the text paragraph by paragraph: each piece is trimmed, its runs of white space
/// collapsed, NFC-normalised; paragraphs are separated by a blank line, lines of a block (table
/// rows) by a line break.
#[derive(Debug, Default)]
pub struct Builder {
    text: String,
    map: Vec<Origin>,
}

impl Builder {
    /// A new paragraph.
    pub fn par(&mut self, s: &str, loc: Loc) {
        self.push(s, loc, "\n\n");
    }

    /// A line following the previous one in the same block (a table row).
    pub fn line(&mut self, s: &str, loc: Loc) {
        self.push(s, loc, "\n");
    }

    fn push(&mut self, s: &str, loc: Loc, sep: &str) {
        let clean = clean(s);
        if clean.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str(sep);
        }
        let start = self.text.len();
        self.text.push_str(&clean);
        self.map.push(Origin { start, end: self.text.len(), loc });
    }

    /// The text and its map.
    pub fn finish(self) -> (String, Vec<Origin>) {
        let Builder { text, map } = self;
        match chidao_text::nfc(&text) {
            std::borrow::Cow::Borrowed(_) => (text, map),
            // A paragraph starting with a combining mark joined its predecessor: the map stays
            // coarse but valid (clamped to the new length, on char boundaries).
            std::borrow::Cow::Owned(t) => {
                let len = t.len();
                let fix = |i: usize| {
                    let mut i = i.min(len);
                    while !t.is_char_boundary(i) {
                        i -= 1;
                    }
                    i
                };
                let map = map.into_iter().map(|o| Origin { start: fix(o.start), end: fix(o.end), loc: o.loc }).collect();
                (t, map)
            }
        }
    }
}

/// Trims, collapses white space (tabs, NBSP, runs of spaces; line breaks kept), removes control
/// and format characters (soft hyphen, zero-width), NFC.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == '\n' {
            while out.ends_with(' ') {
                out.pop();
            }
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            space = false;
        } else if c.is_whitespace() || c == '\u{A0}' {
            space = true;
        } else if c.is_control() || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{2060}') {
            continue;
        } else {
            if space && !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    let t = out.trim_end();
    chidao_text::nfc(t).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_map() {
        let mut b = Builder::default();
        b.par("  Số:\t58/CĐ-VPCP ", Loc::Paragraph { n: 1 });
        b.par("", Loc::Paragraph { n: 2 });
        b.line("a\u{A0}\u{A0}b", Loc::Row { table: 1, row: 1 });
        let (t, map) = b.finish();
        assert_eq!(t, "Số: 58/CĐ-VPCP\na b");
        assert_eq!(&t[map[1].start..map[1].end], "a b");
    }
}
