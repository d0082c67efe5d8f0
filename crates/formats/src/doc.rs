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
const PLCF_BTE_PAPX: usize = 13;
const PLF_LST: usize = 73;
const PLF_LFO: usize = 74;
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

/// The 512-byte FKP pages a PlcBte (CHPX or PAPX) points to.
fn fkp_pages<'a>(word: &'a [u8], plcf: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let n = plcf.len().saturating_sub(4) / 8;
    (0..n).filter_map(move |k| {
        let pn = u32_at(plcf, 4 * (n + 1) + 4 * k)?;
        let base = (pn & 0x3F_FFFF) as usize * 512;
        word.get(base..base + 512)
    })
}

/// The sprms of a grpprl, each with its operand.
fn sprms(grpprl: &[u8]) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(sprm) = u16_at(grpprl, i) {
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => 1 + grpprl.get(i + 2).copied().unwrap_or(0) as usize,
        };
        out.push((sprm, grpprl.get(i + 2..(i + 2 + size).min(grpprl.len())).unwrap_or(&[])));
        i += 2 + size;
    }
    out
}

/// Runs (fc start, fc end, font index) from the CHPX pages.
fn font_runs(word: &[u8], plcf: &[u8]) -> Vec<(u32, u32, Option<u16>)> {
    let mut runs = Vec::new();
    for page in fkp_pages(word, plcf) {
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
    let all = sprms(grpprl);
    let find = |id: u16| all.iter().find(|(s, _)| *s == id).and_then(|(_, op)| u16_at(op, 0));
    find(0x4A4F).or_else(|| find(0x4A51))
}

/// Paragraph runs (fc start, fc end, ilfo, ilvl) from the PAPX pages: which list a paragraph is in.
fn list_runs(word: &[u8], plcf: &[u8]) -> Vec<(u32, u32, u16, u8)> {
    let mut runs = Vec::new();
    for page in fkp_pages(word, plcf) {
        let cpara = page[511] as usize;
        for j in 0..cpara {
            let (Some(fc0), Some(fc1)) = (u32_at(page, 4 * j), u32_at(page, 4 * (j + 1))) else { break };
            let off = page.get(4 * (cpara + 1) + 13 * j).copied().unwrap_or(0) as usize * 2;
            let Some(&cb) = page.get(off).filter(|_| off != 0) else { continue };
            let (start, len) = if cb != 0 { (off + 1, 2 * cb as usize - 1) } else { (off + 2, 2 * page.get(off + 1).copied().unwrap_or(0) as usize) };
            // istd (2 bytes), then the sprms: sprmPIlfo, sprmPIlvl.
            let Some(grp) = page.get(start + 2..(start + len).min(512)) else { continue };
            let (mut ilfo, mut ilvl) = (0u16, 0u8);
            for (sprm, op) in sprms(grp) {
                match sprm {
                    0x460B => ilfo = u16_at(op, 0).unwrap_or(0),
                    0x260A => ilvl = op.first().copied().unwrap_or(0),
                    _ => {}
                }
            }
            if ilfo != 0 && ilfo < 0xF800 {
                runs.push((fc0, fc1, ilfo, ilvl.min(8)));
            }
        }
    }
    runs.sort_by_key(|r| r.0);
    runs
}

/// One level of a Word 97 list: start, number format (nfc), the number text with level
/// placeholders (characters 0–8), what follows the number.
#[derive(Clone, Default)]
struct Lvl {
    start: u32,
    nfc: u8,
    text: Vec<u16>,
    legal: bool,
}

/// Lists by lsid (PlfLst and the LVLs that follow it) and the LFOs naming them (PlfLfo).
#[derive(Default)]
struct Lists {
    lists: std::collections::HashMap<u32, Vec<Lvl>>,
    lfos: Vec<u32>,
}

impl Lists {
    fn parse(table: &[u8], fib: &Fib) -> Lists {
        let mut out = Lists::default();
        if let Some(&(fc, lcb)) = fib.fc_lcb.get(PLF_LST)
            && lcb > 0
        {
            let fc = fc as usize;
            let count = u16_at(table, fc).unwrap_or(0).min(4096) as usize;
            let mut at = fc + 2 + 28 * count;
            for k in 0..count {
                let lstf = fc + 2 + 28 * k;
                let (Some(lsid), Some(&flags)) = (u32_at(table, lstf), table.get(lstf + 26)) else { break };
                let levels = if flags & 1 != 0 { 1 } else { 9 };
                let mut lvls = Vec::new();
                for _ in 0..levels {
                    let Some(lvlf) = table.get(at..at + 28) else { break };
                    let start = i32::from_le_bytes([lvlf[0], lvlf[1], lvlf[2], lvlf[3]]).max(0) as u32;
                    let (cb_chpx, cb_papx) = (lvlf[24] as usize, lvlf[25] as usize);
                    at += 28 + cb_papx + cb_chpx;
                    let cch = u16_at(table, at).unwrap_or(0).min(256) as usize;
                    let text = (0..cch).filter_map(|j| u16_at(table, at + 2 + 2 * j)).collect();
                    at += 2 + 2 * cch;
                    lvls.push(Lvl { start, nfc: lvlf[4], text, legal: lvlf[5] & 4 != 0 });
                }
                out.lists.insert(lsid, lvls);
            }
        }
        if let Some(lfo) = fib.slice(table, PLF_LFO) {
            let count = u32_at(lfo, 0).unwrap_or(0).min(4096) as usize;
            out.lfos = (0..count).map_while(|k| u32_at(lfo, 4 + 16 * k)).collect();
        }
        out
    }
}

/// List counters while reading: per list, per level.
#[derive(Default)]
struct Counters(std::collections::HashMap<u32, [u32; 9]>);

impl Counters {
    /// The label of the next item of list `ilfo` (1-based) at `ilvl`.
    fn label(&mut self, lists: &Lists, ilfo: u16, ilvl: u8) -> Option<String> {
        let lsid = *lists.lfos.get(ilfo as usize - 1)?;
        let lvls = lists.lists.get(&lsid)?;
        let ilvl = (ilvl as usize).min(lvls.len().saturating_sub(1));
        let lvl = lvls.get(ilvl)?;
        let c = self.0.entry(lsid).or_insert([0; 9]);
        c[ilvl] = if c[ilvl] == 0 { lvl.start.max(1) } else { c[ilvl] + 1 };
        for x in c.iter_mut().skip(ilvl + 1) {
            *x = 0;
        }
        if lvl.nfc == 255 {
            return None;
        }
        let mut out = String::new();
        for &u in &lvl.text {
            if u < 9 {
                let k = u as usize;
                let n = c[k].max(lvls.get(k).map_or(1, |l| l.start.max(1)));
                let nfc = if lvl.legal { 0 } else { lvls.get(k).map_or(0, |l| l.nfc) };
                out.push_str(&number(n, nfc));
            } else if let Some(ch) = char::from_u32(u as u32) {
                // Symbol-font bullets are private-use code points: written as a dash.
                out.push(if ('\u{E000}'..='\u{F8FF}').contains(&ch) || ch == '•' || ch == '·' { '-' } else { ch });
            }
        }
        let out = out.trim().to_string();
        (!out.is_empty()).then_some(out)
    }
}

/// A number in a Word 97 number format (nfc).
fn number(n: u32, nfc: u8) -> String {
    let letters = |upper: bool| {
        let k = n.max(1) - 1;
        let c = (b'a' + (k % 26) as u8) as char;
        let s: String = std::iter::repeat_n(c, (k / 26 + 1) as usize).collect();
        if upper { s.to_uppercase() } else { s }
    };
    match nfc {
        1 => crate::docx::roman(n),
        2 => crate::docx::roman(n).to_lowercase(),
        3 => letters(true),
        4 => letters(false),
        22 => format!("{n:02}"),
        _ => n.to_string(),
    }
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
    read_streams(&word, &table, opts)
}

/// The text of a Word 97 document from its WordDocument and table streams.
pub fn read_streams(word: &[u8], table: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let fib = Fib::parse(word)?;
    let (word, table) = (word.to_vec(), table.to_vec());
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
        match enc.and_then(|f| legacy::convert_run(run, f)) {
            Some(t) => {
                *legacy_runs += 1;
                text.push_str(&t);
            }
            None => text.push_str(run),
        }
        run.clear();
    };
    let paras = fib.slice(&table, PLCF_BTE_PAPX).map(|p| list_runs(&word, p)).unwrap_or_default();
    let lists = Lists::parse(&table, &fib);
    let mut counters = Counters::default();
    let mut para_start = 0;
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
            // An optional hyphen is byte 0xAD: the letter ư in TCVN3 (dropped later elsewhere).
            '\u{1F}' => '\u{AD}',
            '\u{1}' | '\u{2}' | '\u{5}' | '\u{8}' => continue,
            c if c.is_control() => continue,
            c => c,
        };
        if c == '\r' && i < body_end {
            // A paragraph ends: its list number, if it is in a list, goes before it.
            flush(&mut run, run_font, &mut text, &mut legacy_runs);
            let k = paras.partition_point(|r| r.1 <= ch.fc);
            if let Some(&(f0, _, ilfo, ilvl)) = paras.get(k)
                && f0 <= ch.fc
                && !text[para_start..].trim().is_empty()
                && let Some(label) = counters.label(&lists, ilfo, ilvl)
            {
                text.insert_str(para_start, &format!("{label} "));
            }
            text.push('\r');
            para_start = text.len();
            continue;
        }
        if c == '\u{7}' {
            flush(&mut run, run_font, &mut text, &mut legacy_runs);
            text.push(c);
            para_start = text.len();
            continue;
        }
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
