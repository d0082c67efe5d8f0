//! RTF: a tokenizer over control words, groups and text. `\uN` is a Unicode character (its `\ucN`
//! fallback characters skipped); `\'hh` is a byte in the code page of the current font's charset
//! (`\fcharset163` is Windows-1258 whatever `\ansicpg` says; a legacy font — .VnTime, VNI-Times — makes
//! the bytes TCVN3 or VNI); destinations that are not text (font and colour tables, stylesheet,
//! pictures, objects, field instructions, `\*` groups) are skipped; headers and footers are kept
//! apart; `\par`, `\line`, `\cell`, `\row` shape paragraphs and table rows.

use std::collections::HashMap;

use crate::builder::{Builder, Loc};
use crate::legacy::{self, FontEncoding, Legacy};
use crate::{Extracted, Format, FormatError, Meta, Options};

/// Deepest group nesting accepted (hostile input).
const MAX_DEPTH: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dest {
    Text,
    Skip,
    FontTable,
    Furniture,
}

#[derive(Clone)]
struct State {
    dest: Dest,
    font: Option<i32>,
    uc: usize,
}

#[derive(Default, Clone)]
struct Font {
    name: String,
    charset: Option<i32>,
}

/// Windows code page of an RTF charset.
fn charset_encoding(charset: i32) -> Option<&'static encoding_rs::Encoding> {
    Some(match charset {
        0 => encoding_rs::WINDOWS_1252,
        163 => encoding_rs::WINDOWS_1258,
        238 => encoding_rs::WINDOWS_1250,
        204 => encoding_rs::WINDOWS_1251,
        161 => encoding_rs::WINDOWS_1253,
        162 => encoding_rs::WINDOWS_1254,
        177 => encoding_rs::WINDOWS_1255,
        178 => encoding_rs::WINDOWS_1256,
        186 => encoding_rs::WINDOWS_1257,
        222 => encoding_rs::WINDOWS_874,
        128 => encoding_rs::SHIFT_JIS,
        129 => encoding_rs::EUC_KR,
        134 => encoding_rs::GBK,
        136 => encoding_rs::BIG5,
        _ => return None,
    })
}

fn codepage_encoding(cp: i32) -> Option<&'static encoding_rs::Encoding> {
    Some(match cp {
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        1252 => encoding_rs::WINDOWS_1252,
        1253 => encoding_rs::WINDOWS_1253,
        1254 => encoding_rs::WINDOWS_1254,
        1255 => encoding_rs::WINDOWS_1255,
        1256 => encoding_rs::WINDOWS_1256,
        1257 => encoding_rs::WINDOWS_1257,
        1258 => encoding_rs::WINDOWS_1258,
        874 => encoding_rs::WINDOWS_874,
        932 => encoding_rs::SHIFT_JIS,
        936 => encoding_rs::GBK,
        949 => encoding_rs::EUC_KR,
        950 => encoding_rs::BIG5,
        _ => return None,
    })
}

/// Destinations whose content is not the document's text.
const SKIPPED: &[&str] = &[
    "colortbl", "stylesheet", "info", "pict", "object", "fldinst", "themedata", "colorschememapping", "latentstyles",
    "datastore", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator", "filetbl", "revtbl", "nonshppict",
    "shpinst", "bkmkstart", "bkmkend", "pgdsctbl", "mmathPr", "wgrffmtfilter", "fchars", "lchars", "template", "docvar",
    "xe", "tc", "private", "pntxta", "pntxtb",
];
const FURNITURE: &[&str] = &["header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf"];

struct Reader<'a> {
    opts: &'a Options,
    fonts: HashMap<i32, Font>,
    ansi: &'static encoding_rs::Encoding,
    /// Bytes from `\'hh` waiting to be decoded (multi-byte code pages need them together).
    bytes: Vec<u8>,
    bytes_font: Option<i32>,
    /// Text of a run in a legacy font (bytes as Latin-1 characters), converted as a whole.
    lbuf: String,
    body: String,
    furniture: String,
    font_name: String,
    legacy_runs: usize,
}

impl Reader<'_> {
    fn out(&mut self, st: &State) -> Option<&mut String> {
        match st.dest {
            Dest::Text => Some(&mut self.body),
            Dest::Furniture => Some(&mut self.furniture),
            _ => None,
        }
    }

    fn legacy_font(&self, font: Option<i32>) -> Option<FontEncoding> {
        let f = self.fonts.get(&font?)?;
        legacy::font_encoding(&f.name)
            .or_else(|| self.opts.encoding.filter(|&e| e != Legacy::Viqr).map(|e| FontEncoding { encoding: e, capitals: false }))
    }

    fn flush_bytes(&mut self, st: &State) {
        if !self.lbuf.is_empty() {
            let run = std::mem::take(&mut self.lbuf);
            let font = self.bytes_font;
            let text = match self.legacy_font(font).and_then(|f| legacy::convert_run(&run, f)) {
                Some(t) => {
                    self.legacy_runs += 1;
                    t
                }
                None => {
                    // Not legacy after all: the bytes in the font's code page.
                    let bytes: Vec<u8> = run.chars().filter_map(legacy::char_byte).collect();
                    self.code_page(font).decode_without_bom_handling(&bytes).0.into_owned()
                }
            };
            if let Some(out) = self.out(st) {
                out.push_str(&text);
            }
        }
        if self.bytes.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.bytes);
        let text = self.code_page(self.bytes_font).decode_without_bom_handling(&bytes).0.into_owned();
        if let Some(out) = self.out(st) {
            out.push_str(&text);
        }
    }

    fn code_page(&self, font: Option<i32>) -> &'static encoding_rs::Encoding {
        let charset = font.and_then(|f| self.fonts.get(&f)).and_then(|f| f.charset);
        charset.and_then(charset_encoding).unwrap_or(self.ansi)
    }

    /// A byte of text (from `\'hh` or raw 8-bit text).
    fn byte(&mut self, st: &State, b: u8) {
        if self.bytes_font != st.font {
            self.flush_bytes(st);
        }
        self.bytes_font = st.font;
        if self.legacy_font(st.font).is_some() {
            self.lbuf.push(b as char);
        } else {
            self.bytes.push(b);
        }
    }

    fn text(&mut self, st: &State, s: &str) {
        if st.dest == Dest::FontTable {
            self.font_name.push_str(s);
            return;
        }
        if self.legacy_font(st.font).is_some() && s.is_ascii() && matches!(st.dest, Dest::Text | Dest::Furniture) {
            if self.bytes_font != st.font {
                self.flush_bytes(st);
            }
            self.bytes_font = st.font;
            self.lbuf.push_str(s);
            return;
        }
        self.flush_bytes(st);
        if let Some(out) = self.out(st) {
            out.push_str(s);
        }
    }
}

pub fn read(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let mut r = Reader {
        opts,
        fonts: HashMap::new(),
        ansi: encoding_rs::WINDOWS_1252,
        bytes: Vec::new(),
        bytes_font: None,
        lbuf: String::new(),
        body: String::new(),
        furniture: String::new(),
        font_name: String::new(),
        legacy_runs: 0,
    };
    let mut stack: Vec<State> = Vec::new();
    let mut st = State { dest: Dest::Text, font: None, uc: 1 };
    let mut skip_chars = 0usize; // fallback characters after \uN
    let mut font_entry: Option<(i32, Font)> = None;
    let mut i = 0;
    let n = bytes.len();
    let mut first_in_group = false;
    while i < n {
        let b = bytes[i];
        match b {
            b'{' => {
                r.flush_bytes(&st);
                if stack.len() >= MAX_DEPTH {
                    return Err(FormatError::corrupt(Format::Rtf, format!("groups nested deeper than {MAX_DEPTH}")));
                }
                stack.push(st.clone());
                first_in_group = true;
                i += 1;
                continue;
            }
            b'}' => {
                r.flush_bytes(&st);
                if st.dest == Dest::FontTable
                    && let Some((id, mut f)) = font_entry.take()
                {
                    f.name = r.font_name.trim().trim_end_matches(';').trim().to_string();
                    r.fonts.insert(id, f);
                    r.font_name.clear();
                }
                st = stack.pop().unwrap_or(State { dest: Dest::Skip, font: None, uc: 1 });
                i += 1;
                continue;
            }
            b'\\' => {
                i += 1;
                let Some(&c) = bytes.get(i) else { break };
                if c.is_ascii_alphabetic() {
                    let start = i;
                    while i < n && bytes[i].is_ascii_alphabetic() && i - start < 32 {
                        i += 1;
                    }
                    let word = std::str::from_utf8(&bytes[start..i]).unwrap_or("");
                    let mut param: Option<i32> = None;
                    let num_start = i;
                    if i < n && (bytes[i] == b'-' || bytes[i].is_ascii_digit()) {
                        i += 1;
                        while i < n && bytes[i].is_ascii_digit() && i - num_start < 11 {
                            i += 1;
                        }
                        param = std::str::from_utf8(&bytes[num_start..i]).ok().and_then(|s| s.parse::<i64>().ok()).map(|v| v.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
                    }
                    if i < n && bytes[i] == b' ' {
                        i += 1;
                    }
                    let was_first = std::mem::replace(&mut first_in_group, false);
                    if skip_chars > 0 {
                        skip_chars -= 1;
                        continue;
                    }
                    control(&mut r, &mut st, word, param, was_first, &mut font_entry, &mut skip_chars);
                } else {
                    i += 1;
                    let was_first = std::mem::replace(&mut first_in_group, false);
                    match c {
                        b'\'' => {
                            let hex = bytes.get(i..i + 2).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
                            i += 2;
                            if skip_chars > 0 {
                                skip_chars -= 1;
                                continue;
                            }
                            if let Some(v) = hex {
                                if st.dest == Dest::FontTable {
                                    r.font_name.push(v as char);
                                } else {
                                    r.byte(&st, v);
                                }
                            }
                        }
                        b'*' if was_first => st.dest = Dest::Skip,
                        b'~' => r.text(&st, "\u{A0}"),
                        b'_' => r.text(&st, "-"),
                        // An optional hyphen: byte 0xAD, the letter ư in a TCVN3 font.
                        b'-' if r.legacy_font(st.font).is_some() && st.dest != Dest::FontTable => r.byte(&st, 0xAD),
                        b'-' => {}
                        b'\\' | b'{' | b'}' => {
                            if skip_chars > 0 {
                                skip_chars -= 1;
                            } else {
                                r.text(&st, &(c as char).to_string());
                            }
                        }
                        b'\n' | b'\r' => r.text(&st, "\n"),
                        b'\t' => r.text(&st, " "),
                        _ => {}
                    }
                }
                continue;
            }
            b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            _ => {
                first_in_group = false;
                let start = i;
                while i < n && !matches!(bytes[i], b'{' | b'}' | b'\\' | b'\r' | b'\n') {
                    i += 1;
                }
                let mut chunk = &bytes[start..i];
                while skip_chars > 0 && !chunk.is_empty() {
                    chunk = &chunk[1..];
                    skip_chars -= 1;
                }
                if !chunk.is_empty() {
                    // Raw 8-bit text belongs to the current font's code page too.
                    if chunk.is_ascii() {
                        r.text(&st, &String::from_utf8_lossy(chunk));
                    } else {
                        for &b in chunk {
                            r.byte(&st, b);
                        }
                    }
                }
            }
        }
    }
    r.flush_bytes(&st);
    let mut b = Builder::default();
    for (k, para) in r.body.split('\n').enumerate() {
        b.par(para.trim().trim_matches('|').trim(), Loc::Paragraph { n: k as u32 + 1 });
    }
    let mut meta = Meta::default();
    let furniture = crate::builder::clean(&r.furniture);
    if !furniture.is_empty() {
        meta.furniture.push(furniture);
    }
    let mut notes = Vec::new();
    if r.legacy_runs > 0 {
        notes.push(format!("{} run(s) in legacy fonts (TCVN3/VNI) converted to Unicode", r.legacy_runs));
    }
    let encoding = if r.legacy_runs > 0 { "RTF, with legacy-font runs" } else { "RTF (Unicode and code pages)" }.to_string();
    let (text, map) = b.finish();
    Ok(Extracted { format: Format::Rtf, encoding, text, pages: Vec::new(), map, meta, notes })
}

fn control(r: &mut Reader<'_>, st: &mut State, word: &str, param: Option<i32>, first: bool, font_entry: &mut Option<(i32, Font)>, skip_chars: &mut usize) {
    match word {
        "ansicpg" => {
            if let Some(enc) = param.and_then(codepage_encoding) {
                r.ansi = enc;
            }
        }
        "fonttbl" => st.dest = Dest::FontTable,
        "f" if st.dest == Dest::FontTable => {
            *font_entry = Some((param.unwrap_or(0), Font::default()));
            r.font_name.clear();
        }
        "fcharset" if st.dest == Dest::FontTable => {
            if let Some((_, f)) = font_entry {
                f.charset = param;
            }
        }
        "f" => {
            r.flush_bytes(st);
            st.font = param;
        }
        "uc" => st.uc = param.unwrap_or(1).clamp(0, 16) as usize,
        "u" => {
            if let Some(v) = param {
                let v = if v < 0 { v + 65536 } else { v };
                if let Some(c) = char::from_u32(v as u32) {
                    r.text(st, &c.to_string());
                }
                *skip_chars = st.uc;
            }
        }
        "par" | "line" | "sect" | "page" => r.text(st, "\n"),
        "cell" | "nestcell" => r.text(st, " | "),
        "row" | "nestrow" => r.text(st, "\n"),
        "tab" => r.text(st, " "),
        "emdash" => r.text(st, "—"),
        "endash" => r.text(st, "–"),
        "bullet" => r.text(st, "•"),
        "lquote" => r.text(st, "‘"),
        "rquote" => r.text(st, "’"),
        "ldblquote" => r.text(st, "“"),
        "rdblquote" => r.text(st, "”"),
        w if FURNITURE.contains(&w) && first => st.dest = Dest::Furniture,
        w if SKIPPED.contains(&w) => st.dest = Dest::Skip,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        read(rtf.as_bytes(), &Options::default()).unwrap().text
    }

    #[test]
    fn unicode_and_code_pages() {
        assert_eq!(text(r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Times New Roman;}}\f0 Vi\u7879?t Nam\par}"), "Việt Nam");
        // \fcharset163 is Windows-1258 whatever \ansicpg says: "Vie" + combining dot (F2) + "t".
        assert_eq!(text(r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fcharset163 Times;}}\f0 Vi\'ea\'f2t\par}"), "Việt");
    }

    #[test]
    fn legacy_fonts() {
        // TCVN3 in .VnTime; .VnTimeH shows capitals.
        assert_eq!(text(r"{\rtf1\ansi{\fonttbl{\f0 .VnTime;}{\f1 .VnTimeH;}}\f0 h\'e4 v\'b5 t\'aan\par\f1 h\'e4 v\'b5 t\'aan\par}"), "họ và tên\n\nHỌ VÀ TÊN");
    }

    #[test]
    fn skipped_destinations_and_fields() {
        let t = text(r"{\rtf1{\fonttbl{\f0 Arial;}}{\*\generator X;}{\header Trang}{\field{\*\fldinst PAGE}{\fldrslt 7}} a\cell b\cell\row}");
        assert_eq!(t, "7 a | b");
    }
}
