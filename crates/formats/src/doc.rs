//! Word 97–2003 (.doc): the compound file (`cfb`), the FIB, the piece table (CLX) for the text,
//! and the character properties (CHPX pages) for the font of each run, since the font decides
//! the encoding: a run in `.VnTime` whose characters stand for bytes is TCVN3 (`.VnTimeH`: shown as
//! capitals), in `VNI-Times` VNI; a legacy font over Unicode characters is Unicode. Field codes are
//! dropped and their results kept; table cells are read a row per line.
//!
//! Layout follows the published [MS-DOC] specification.

use std::io::{Cursor, Read};

use crate::builder::{Builder, Loc};
use crate::legacy;
use crate::{Extracted, Format, FormatError, Meta, Options};

/// Largest stream read.
const MAX_STREAM: u64 = 256 << 20;

fn corrupt(why: impl std::fmt::Display) -> FormatError {
    FormatError::corrupt(Format::Doc, why)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn stream(cf: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, FormatError> {
    let s = cf.open_stream(name).map_err(|e| corrupt(format!("{name}: {e}")))?;
    let mut buf = Vec::new();
    s.take(MAX_STREAM).read_to_end(&mut buf).map_err(|e| corrupt(format!("{name}: {e}")))?;
    Ok(buf)
}

/// The FIB's fields this reader needs.
struct Fib {
    table_one: bool,
    ccp_text: u32,
    ccp_ftn: u32,
    /// (fc, lcb) pairs of FibRgFcLcb.
    fc_lcb: Vec<(u32, u32)>,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, FormatError> {
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(corrupt("the WordDocument stream has no Word 97 header (a Word 6/95 file?)"));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(|| corrupt("short header"))?;
        if flags & 0x0100 != 0 {
            return Err(FormatError::Unsupported("a password-protected Word document".into()));
        }
        let csw = u16_at(word, 32).ok_or_else(|| corrupt("short header"))? as usize;
        let lw = 34 + csw * 2;
        let cslw = u16_at(word, lw).ok_or_else(|| corrupt("short header"))? as usize;
        let rglw = lw + 2;
        let ccp_text = u32_at(word, rglw + 12).ok_or_else(|| corrupt("short header"))?;
        let ccp_ftn = u32_at(word, rglw + 16).unwrap_or(0);
        let blob = rglw + cslw * 4;
        let count = u16_at(word, blob).ok_or_else(|| corrupt("short header"))? as usize;
        let fc_lcb = (0..count).map_while(|i| Some((u32_at(word, blob + 2 + 8 * i)?, u32_at(word, blob + 6 + 8 * i)?))).collect();
        Ok(Fib { table_one: flags & 0x0200 != 0, ccp_text, ccp_ftn, fc_lcb })
    }

    /// The bytes of table-stream structure `i` of FibRgFcLcb97.
    fn slice<'a>(&self, table: &'a [u8], i: usize) -> Option<&'a [u8]> {
        let &(fc, lcb) = self.fc_lcb.get(i)?;
        if lcb == 0 {
            return None;
        }
        table.get(fc as usize..(fc as usize).checked_add(lcb as usize)?)
    }
}

const STSHF: usize = 1;
const PLCF_BTE_CHPX: usize = 12;
const STTBF_FFN: usize = 15;
const CLX: usize = 33;

/// A character of the text with its file position (for its properties).
struct Ch {
    c: char,
    fc: u32,
}

/// Windows-1252 as Word's compressed pieces store it.
fn cp1252(b: u8) -> char {
    encoding_rs::WINDOWS_1252.decode_without_bom_handling(&[b]).0.chars().next().unwrap_or('\u{FFFD}')
}

/// The text of character positions [0, end) from the piece table.
fn pieces(word: &[u8], clx: &[u8], end: u32) -> Result<Vec<Ch>, FormatError> {
    let mut i = 0;
    while clx.get(i) == Some(&0x01) {
        let cb = u16_at(clx, i + 1).ok_or_else(|| corrupt("broken piece table"))? as usize;
        i += 3 + cb;
    }
    if clx.get(i) != Some(&0x02) {
        return Err(corrupt("no piece table"));
    }
    let lcb = u32_at(clx, i + 1).ok_or_else(|| corrupt("broken piece table"))? as usize;
    let plc = clx.get(i + 5..i + 5 + lcb).ok_or_else(|| corrupt("piece table runs past its stream"))?;
    if lcb < 4 {
        return Err(corrupt("empty piece table"));
    }
    let n = (lcb - 4) / 12;
    let mut out = Vec::new();
    for k in 0..n {
        let (Some(cp0), Some(cp1)) = (u32_at(plc, 4 * k), u32_at(plc, 4 * (k + 1))) else { break };
        if cp0 >= end {
            break;
        }
        let cp1 = cp1.min(end);
        let pcd = 4 * (n + 1) + 8 * k;
        let fc_raw = u32_at(plc, pcd + 2).ok_or_else(|| corrupt("broken piece descriptor"))?;
        let len = cp1.saturating_sub(cp0) as usize;
        if fc_raw & 0x4000_0000 != 0 {
            let fc = ((fc_raw & !0x4000_0000) / 2) as usize;
            let bytes = word.get(fc..fc + len).ok_or_else(|| corrupt("a text piece runs past the stream"))?;
            out.extend(bytes.iter().enumerate().map(|(j, &b)| Ch { c: cp1252(b), fc: (fc + j) as u32 }));
        } else {
            let fc = fc_raw as usize;
            let bytes = word.get(fc..fc + 2 * len).ok_or_else(|| corrupt("a text piece runs past the stream"))?;
            let units = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
            for (j, r) in char::decode_utf16(units).enumerate() {
                out.push(Ch { c: r.unwrap_or('\u{FFFD}'), fc: (fc + 2 * j) as u32 });
            }
        }
    }
    Ok(out)
}

/// Font names by index (SttbfFfn).
fn fonts(ffn: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let count = u16_at(ffn, 0).unwrap_or(0) as usize;
    let mut at = 4;
    for _ in 0..count.min(4096) {
        let Some(&len) = ffn.get(at) else { break };
        let data = ffn.get(at + 1..at + 1 + len as usize).unwrap_or(&[]);
        let name: Vec<u16> = data.get(39..).unwrap_or(&[]).chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
        out.push(String::from_utf16_lossy(&name));
        at += 1 + len as usize;
    }
    out
}

/// Runs (fc start, fc end, font index) from the CHPX pages.
fn font_runs(word: &[u8], plcf: &[u8]) -> Vec<(u32, u32, Option<u16>)> {
    let n = plcf.len().saturating_sub(4) / 8;
    let mut runs = Vec::new();
    for k in 0..n {
        let Some(pn) = u32_at(plcf, 4 * (n + 1) + 4 * k) else { break };
        let base = (pn & 0x3F_FFFF) as usize * 512;
        let Some(page) = word.get(base..base + 512) else { continue };
        let crun = page[511] as usize;
        for j in 0..crun {
            let (Some(fc0), Some(fc1)) = (u32_at(page, 4 * j), u32_at(page, 4 * (j + 1))) else { break };
            let off = page.get(4 * (crun + 1) + j).copied().unwrap_or(0) as usize * 2;
            let font = if off == 0 { None } else { chpx_font(page, off) };
            runs.push((fc0, fc1, font));
        }
    }
    runs.sort_by_key(|r| r.0);
    runs
}

/// The font (sprmCRgFtc0, else sprmCRgFtc2) of a CHPX.
fn chpx_font(page: &[u8], off: usize) -> Option<u16> {
    let cb = *page.get(off)? as usize;
    let grpprl = page.get(off + 1..(off + 1 + cb).min(page.len()))?;
    let (mut ftc0, mut ftc2) = (None, None);
    let mut i = 0;
    while i + 2 <= grpprl.len() {
        let sprm = u16_at(grpprl, i)?;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => 1 + *grpprl.get(i + 2)? as usize,
        };
        match sprm {
            0x4A4F => ftc0 = u16_at(grpprl, i + 2),
            0x4A51 => ftc2 = u16_at(grpprl, i + 2),
            _ => {}
        }
        i += 2 + size;
    }
    ftc0.or(ftc2)
}

pub fn read(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(corrupt)?;
    if !cf.exists("/WordDocument") {
        let what = if cf.exists("/Workbook") || cf.exists("/Book") {
            "an Excel workbook (.xls), not a Word document"
        } else if cf.exists("/PowerPoint Document") {
            "a PowerPoint file (.ppt), not a Word document"
        } else {
            "a legacy Office file that is not a Word document"
        };
        return Err(FormatError::Unsupported(what.into()));
    }
    let word = stream(&mut cf, "/WordDocument")?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.table_one { "/1Table" } else { "/0Table" };
    let table = stream(&mut cf, table_name)?;
    let clx = fib.slice(&table, CLX).ok_or_else(|| corrupt("no piece table"))?;
    let chars = pieces(&word, clx, fib.ccp_text.saturating_add(fib.ccp_ftn))?;
    let font_names = fib.slice(&table, STTBF_FFN).map(fonts).unwrap_or_default();
    let runs = fib.slice(&table, PLCF_BTE_CHPX).map(|p| font_runs(&word, p)).unwrap_or_default();
    // The default font of the document (the stylesheet's standard ASCII font).
    let default_font = fib.slice(&table, STSHF).and_then(|s| u16_at(s, 2 + 12));
    let font_of = |fc: u32| -> Option<&str> {
        let i = runs.partition_point(|r| r.1 <= fc);
        let f = runs.get(i).filter(|r| r.0 <= fc).and_then(|r| r.2).or(default_font)?;
        font_names.get(f as usize).map(String::as_str)
    };

    // Runs of one font, converted where legacy; fields' codes dropped.
    let mut text = String::with_capacity(chars.len());
    let mut legacy_runs = 0;
    let mut fields: Vec<bool> = Vec::new(); // per open field: in its result part
    let mut run = String::new();
    let mut run_font: Option<&str> = None;
    let flush = |run: &mut String, font: Option<&str>, text: &mut String, legacy_runs: &mut usize| {
        if run.is_empty() {
            return;
        }
        let enc = font.and_then(legacy::font_encoding).or(opts.encoding.map(|e| legacy::FontEncoding { encoding: e, capitals: false }));
        match enc {
            Some(f) if legacy::is_byte_text(run) || (f.capitals && run.chars().all(|c| legacy::char_byte(c).is_some())) => {
                *legacy_runs += 1;
                text.push_str(&legacy::decode_chars(run, f.encoding, f.capitals));
            }
            _ => text.push_str(run),
        }
        run.clear();
    };
    let body_end = fib.ccp_text as usize;
    for (i, ch) in chars.iter().enumerate() {
        if i == body_end {
            flush(&mut run, run_font, &mut text, &mut legacy_runs);
            text.push_str("\r\u{1}FOOTNOTES\r");
        }
        match ch.c {
            '\u{13}' => {
                fields.push(false);
                continue;
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = true;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        if fields.iter().any(|in_result| !in_result) {
            continue;
        }
        let c = match ch.c {
            '\r' | '\u{7}' | '\u{B}' | '\u{C}' => ch.c,
            '\t' => ' ',
            '\u{1E}' => '-',
            '\u{1F}' | '\u{1}' | '\u{2}' | '\u{5}' | '\u{8}' => continue,
            c if c.is_control() => continue,
            c => c,
        };
        let font = font_of(ch.fc);
        if font != run_font {
            flush(&mut run, run_font, &mut text, &mut legacy_runs);
            run_font = font;
        }
        run.push(c);
    }
    flush(&mut run, run_font, &mut text, &mut legacy_runs);

    let mut b = Builder::default();
    let (body, notes_text) = match text.split_once("\r\u{1}FOOTNOTES\r") {
        Some((a, n)) => (a.to_string(), n.to_string()),
        None => (text, String::new()),
    };
    // Table rows: each cell ends with 0x07 and the row with one more.
    let mut n = 0;
    for para in body.split('\r') {
        let para = para.replace("\u{7}\u{7}", "\n").replace('\u{7}', " | ").replace(['\u{B}', '\u{C}'], "\n");
        for line in para.split('\n') {
            let line = line.trim().trim_matches('|').trim();
            n += 1;
            b.par(line, Loc::Paragraph { n });
        }
    }
    for (k, note) in notes_text.split('\r').filter(|s| !s.trim().is_empty()).enumerate() {
        b.par(note, Loc::Footnote { n: k as u32 + 1 });
    }
    let mut notes = Vec::new();
    if legacy_runs > 0 {
        notes.push(format!("{legacy_runs} run(s) in legacy fonts (TCVN3/VNI) converted to Unicode"));
    }
    let encoding = if legacy_runs > 0 { "Unicode, with legacy-font runs" } else { "Unicode" }.to_string();
    let (text, map) = b.finish();
    Ok(Extracted { format: Format::Doc, encoding, text, pages: Vec::new(), map, meta: Meta::default(), notes })
}
