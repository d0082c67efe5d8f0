//! DOCX (Office Open XML): paragraphs in order; automatic numbering rendered from
//! `numbering.xml` (and numbering inherited from paragraph styles); tables a row per line, cells
//! in order, a vertically merged cell once; layout tables (the two-column header and signature
//! blocks) column by column; text boxes once (the VML fallback copy is skipped); headers and
//! footers kept apart (metadata); footnotes after the body. Only `w:t` text is read, so DrawingML
//! positions and field codes never leak into the text. Runs in a legacy font (.VnTime, VNI-Times)
//! whose characters stand for legacy bytes are converted.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::builder::{Builder, Loc};
use crate::legacy::{self, FontEncoding};
use crate::{Extracted, Format, FormatError, Meta, Options};

/// Largest part read (decompressed): a zip bomb stops here.
const MAX_PART: u64 = 256 << 20;

pub fn read(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| FormatError::corrupt(Format::Docx, e))?;
    let main = main_part(&mut zip);
    let Some(document) = part(&mut zip, &main)? else {
        let what = match part(&mut zip, "mimetype")? {
            Some(m) if m.contains("opendocument") => "an OpenDocument file (.odt): save it as DOCX or PDF",
            _ => "a ZIP archive that is not a Word document (no word/document.xml)",
        };
        return Err(FormatError::Unsupported(what.into()));
    };
    let styles = part(&mut zip, "word/styles.xml")?.map(|s| Styles::parse(&s)).unwrap_or_default();
    let numbering = part(&mut zip, "word/numbering.xml")?.map(|s| Numbering::parse(&s)).unwrap_or_default();
    let mut ctx = Ctx { styles, numbering, counters: HashMap::new(), seen_nums: Vec::new(), legacy_runs: 0, encoding: opts.encoding };

    let body = parse_part(&document, &mut ctx).map_err(|e| FormatError::corrupt(Format::Docx, e))?;
    let mut b = Builder::default();
    let (mut par_n, mut table_n) = (0, 0);
    emit(&mut b, &body.blocks, &mut par_n, &mut table_n);

    let mut meta = Meta::default();
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    let mut furniture: Vec<&String> = names.iter().filter(|n| is_furniture(n)).collect();
    furniture.sort();
    for name in furniture {
        if let Some(xml) = part(&mut zip, name)?
            && let Ok(p) = parse_part(&xml, &mut ctx)
        {
            let text = plain(&p.blocks);
            if !text.is_empty() && !meta.furniture.contains(&text) {
                meta.furniture.push(text);
            }
        }
    }
    if let Some(xml) = part(&mut zip, "word/footnotes.xml")?
        && let Ok(p) = parse_part(&xml, &mut ctx)
    {
        // Footnotes numbered as Word shows them: 1, 2… in order (their ids are arbitrary).
        for (n, (_, blocks)) in p.notes.into_iter().filter(|(id, _)| *id > 0).enumerate() {
            let text = plain(&blocks);
            let n = n as u32 + 1;
            if !text.is_empty() {
                b.par(&format!("[{n}] {text}"), Loc::Footnote { n });
            }
        }
    }
    let mut notes = Vec::new();
    if ctx.legacy_runs > 0 {
        notes.push(format!("{} run(s) in legacy fonts (TCVN3/VNI) converted to Unicode", ctx.legacy_runs));
    }
    let encoding = if ctx.legacy_runs > 0 { "Unicode, with legacy-font runs" } else { "Unicode" }.to_string();
    let (text, map) = b.finish();
    Ok(Extracted { format: Format::Docx, encoding, text, pages: Vec::new(), map, meta, notes })
}

/// The body text of a `word/document.xml` part alone (no styles or numbering): for fuzzing.
pub fn read_document_xml(xml: &str) -> Result<(String, Vec<crate::Origin>), FormatError> {
    let mut ctx = Ctx { styles: Styles::default(), numbering: Numbering::default(), counters: HashMap::new(), seen_nums: Vec::new(), legacy_runs: 0, encoding: None };
    let body = parse_part(xml, &mut ctx).map_err(|e| FormatError::corrupt(Format::Docx, e))?;
    let mut b = Builder::default();
    let (mut par_n, mut table_n) = (0, 0);
    emit(&mut b, &body.blocks, &mut par_n, &mut table_n);
    Ok(b.finish())
}

fn is_furniture(name: &str) -> bool {
    (name.starts_with("word/header") || name.starts_with("word/footer")) && name.ends_with(".xml")
}

/// The main document part named by the package relationships (word/document.xml by default).
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> String {
    if let Ok(Some(rels)) = part(zip, "_rels/.rels") {
        let mut r = Reader::from_str(&rels);
        while let Ok(ev) = r.read_event() {
            match ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                    if attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
                        && let Some(t) = attr(&e, "Target")
                    {
                        return t.trim_start_matches('/').to_string();
                    }
                }
                _ => {}
            }
        }
    }
    "word/document.xml".into()
}

/// A part's text, or `None` when the package has no such part.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, FormatError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(FormatError::corrupt(Format::Docx, format!("{name}: {e}"))),
    };
    let mut buf = Vec::new();
    file.take(MAX_PART).read_to_end(&mut buf).map_err(|e| FormatError::corrupt(Format::Docx, format!("{name}: {e}")))?;
    let s = String::from_utf8(buf).map_err(|_| FormatError::corrupt(Format::Docx, format!("{name}: not UTF-8 XML")))?;
    Ok(Some(s))
}

fn local<'a>(e: &'a BytesStart<'_>) -> &'a str {
    let name: &str = e;
    let name = name.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
    name.rsplit(':').next().unwrap_or(name)
}

/// An attribute by local name (`w:val` and `val` alike), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        (key.rsplit(':').next() == Some(name)).then(|| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default())
    })
}

fn on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Paragraph styles: numbering, base style, font.
#[derive(Default)]
struct Styles {
    styles: HashMap<String, Style>,
    default_font: Option<String>,
}

#[derive(Default, Clone)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    font: Option<String>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut out = Styles::default();
        let mut r = Reader::from_str(xml);
        let mut cur: Option<(String, Style)> = None;
        let mut in_defaults = false;
        while let Ok(ev) = r.read_event() {
            match ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match local(&e) {
                    "rPrDefault" => in_defaults = true,
                    "style" => cur = attr(&e, "styleId").map(|id| (id, Style::default())),
                    "basedOn" => {
                        if let Some((_, s)) = &mut cur {
                            s.based_on = attr(&e, "val");
                        }
                    }
                    "numId" => {
                        if let Some((_, s)) = &mut cur {
                            s.num_id = attr(&e, "val");
                        }
                    }
                    "ilvl" => {
                        if let Some((_, s)) = &mut cur {
                            s.ilvl = attr(&e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "rFonts" => {
                        let font = attr(&e, "ascii").or_else(|| attr(&e, "hAnsi"));
                        if let Some((_, s)) = &mut cur {
                            s.font = font.or(s.font.take());
                        } else if in_defaults {
                            out.default_font = font;
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "style" => {
                        if let Some((id, s)) = cur.take() {
                            out.styles.insert(id, s);
                        }
                    }
                    "rPrDefault" => in_defaults = false,
                    _ => {}
                },
                _ => {}
            }
        }
        out
    }

    /// A style's property, following `basedOn` (at most 16 steps: cycles end).
    fn get<T>(&self, id: &str, f: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id.to_string();
        for _ in 0..16 {
            let s = self.styles.get(&id)?;
            if let Some(v) = f(s) {
                return Some(v);
            }
            id = s.based_on.clone()?;
        }
        None
    }
}

/// One level of a list: its number format and text ("%1.", "%1.%2.", "a)", "-").
#[derive(Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
    legal: bool,
}

#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, Vec<(u8, u32)>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut r = Reader::from_str(xml);
        let mut abs: Option<(String, Vec<Level>)> = None;
        let mut lvl: Option<(u8, Level)> = None;
        // (numId, abstractNumId, start overrides)
        type Num = (String, String, Vec<(u8, u32)>);
        let mut num: Option<Num> = None;
        let mut override_lvl: Option<u8> = None;
        while let Ok(ev) = r.read_event() {
            match ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match local(&e) {
                    "abstractNum" => abs = attr(&e, "abstractNumId").map(|id| (id, vec![Level::default(); 9])),
                    "lvl" if abs.is_some() => {
                        lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()).filter(|&i: &u8| i < 9).map(|i| (i, Level { start: 1, ..Level::default() }))
                    }
                    "start" => {
                        if let Some((_, l)) = &mut lvl {
                            l.start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = &mut lvl {
                            l.fmt = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = &mut lvl {
                            l.text = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "isLgl" => {
                        if let Some((_, l)) = &mut lvl {
                            l.legal = on(&e);
                        }
                    }
                    "num" => num = attr(&e, "numId").map(|id| (id, String::new(), Vec::new())),
                    "abstractNumId" => {
                        if let Some((_, a, _)) = &mut num {
                            *a = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlOverride" => override_lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (Some((_, _, o)), Some(i)) = (&mut num, override_lvl) {
                            o.push((i, attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1)));
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some((_, levels)), Some((i, l))) = (&mut abs, lvl.take()) {
                            levels[i as usize] = l;
                        }
                    }
                    "abstractNum" => {
                        if let Some((id, levels)) = abs.take() {
                            n.abstracts.insert(id, levels);
                        }
                    }
                    "num" => {
                        if let Some((id, a, o)) = num.take() {
                            n.nums.insert(id, (a, o));
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        n
    }
}

/// Reading state shared by the parts: list counters continue across the body.
struct Ctx {
    styles: Styles,
    numbering: Numbering,
    /// abstractNumId → counters by level (0 = not started).
    counters: HashMap<String, [u32; 9]>,
    seen_nums: Vec<String>,
    legacy_runs: usize,
    encoding: Option<legacy::Legacy>,
}

impl Ctx {
    /// The label of the next item of list `num_id` at level `ilvl` ("3.", "a)", "-").
    fn label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let (abs_id, overrides) = self.numbering.nums.get(num_id)?.clone();
        let levels = self.numbering.abstracts.get(&abs_id)?.clone();
        let ilvl = (ilvl as usize).min(8);
        let counters = self.counters.entry(abs_id).or_insert([0; 9]);
        if !self.seen_nums.iter().any(|n| n == num_id) {
            self.seen_nums.push(num_id.to_string());
            for (i, start) in overrides {
                if (i as usize) < 9 {
                    counters[i as usize] = start.saturating_sub(1);
                }
            }
        }
        let lvl = &levels[ilvl];
        counters[ilvl] = if counters[ilvl] == 0 { lvl.start.max(1) } else { counters[ilvl] + 1 };
        // A level restarts when a higher one moves on.
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        if lvl.fmt == "none" || lvl.text.is_empty() {
            return None;
        }
        if lvl.fmt == "bullet" {
            let c = lvl.text.chars().next().unwrap_or('-');
            // Symbol-font bullets are private-use code points: written as a dash.
            let c = if ('\u{E000}'..='\u{F8FF}').contains(&c) || c == '·' || c == '•' || c == 'o' { '-' } else { c };
            return Some(c.to_string());
        }
        let mut out = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let k = (d as usize).saturating_sub(1).min(8);
                let l = &levels[k];
                let n = counters[k].max(if k < ilvl { l.start.max(1) } else { 0 });
                let fmt = if lvl.legal { "decimal" } else { l.fmt.as_str() };
                out.push_str(&format_number(n, fmt));
            } else {
                out.push(c);
            }
        }
        Some(out)
    }

    /// A run's text, converted when its font is a legacy one and its characters stand for bytes.
    fn run_text(&mut self, text: &str, font: Option<&str>) -> String {
        let enc = match (self.encoding, font.and_then(legacy::font_encoding)) {
            (_, Some(f)) => Some(f),
            (Some(e), None) => Some(FontEncoding { encoding: e, capitals: false }),
            _ => None,
        };
        match enc.and_then(|f| legacy::convert_run(text, f)) {
            Some(t) => {
                self.legacy_runs += 1;
                t
            }
            None => text.to_string(),
        }
    }
}

/// Numbers in the list formats Word documents use.
fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "lowerLetter" | "upperLetter" => {
            // a … z, aa … zz (Word repeats the letter).
            let n = n.max(1) - 1;
            let c = (b'a' + (n % 26) as u8) as char;
            let s: String = std::iter::repeat_n(c, (n / 26 + 1) as usize).collect();
            if fmt == "upperLetter" { s.to_uppercase() } else { s }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

pub(crate) fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v && s.len() < 40 {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// A block of a part: a paragraph, or a table.
enum Block {
    Par(String),
    Table(Vec<Vec<Cell>>),
}

#[derive(Default)]
struct Cell {
    blocks: Vec<Block>,
    /// A vertically merged cell continuing the one above: its text is the one above's.
    merged: bool,
}

#[derive(Default)]
struct Parsed {
    blocks: Vec<Block>,
    /// Footnotes (id, blocks), from footnotes.xml.
    notes: Vec<(u32, Vec<Block>)>,
}

#[derive(Default)]
struct Para {
    text: String,
    num_id: Option<String>,
    ilvl: Option<u8>,
    style: Option<String>,
}

/// Where blocks go: the body, a table cell, a footnote.
enum Container {
    Body,
    Table(Vec<Vec<Cell>>),
    Note(u32, Vec<Block>),
}

fn parse_part(xml: &str, ctx: &mut Ctx) -> Result<Parsed, quick_xml::Error> {
    let mut r = Reader::from_str(xml);
    let mut out = Parsed::default();
    let mut paras: Vec<Para> = Vec::new();
    let mut containers: Vec<Container> = vec![Container::Body];
    let mut run: Option<(String, Option<String>)> = None;
    let mut in_text = false;
    let mut skip = 0usize; // depth inside skipped elements (VML fallback, deleted text, field codes)
    let mut in_ppr = false;
    loop {
        let ev = r.read_event()?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = local(&e);
                if skip > 0 || matches!(name, "Fallback" | "delText" | "instrText" | "sectPr") {
                    skip += 1;
                    continue;
                }
                start(name, &e, false, &mut paras, &mut containers, &mut run, &mut in_ppr, &mut in_text);
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                start(local(&e), &e, true, &mut paras, &mut containers, &mut run, &mut in_ppr, &mut in_text);
            }
            Event::Text(t) if in_text && skip == 0 => {
                if let Some((s, _)) = &mut run {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_text && skip == 0 => {
                if let Some((s, _)) = &mut run {
                    let c = match g.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match &*g {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    s.extend(c);
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => in_text = false,
                    "pPr" => in_ppr = false,
                    "r" => {
                        if let (Some((text, font)), Some(p)) = (run.take(), paras.last_mut()) {
                            let font = font.or_else(|| p.style.as_deref().and_then(|s| ctx.styles.get(s, |st| st.font.clone()))).or_else(|| ctx.styles.default_font.clone());
                            let t = ctx.run_text(&text, font.as_deref());
                            p.text.push_str(&t);
                        }
                    }
                    "p" => {
                        if let Some(p) = paras.pop() {
                            let text = render(p, ctx);
                            push_block(&mut containers, &mut out, Block::Par(text));
                        }
                    }
                    "tc" => {}
                    "tbl" => {
                        if containers.len() > 1
                            && let Some(Container::Table(rows)) = containers.pop()
                        {
                            push_block(&mut containers, &mut out, Block::Table(rows));
                        }
                    }
                    "footnote" | "endnote" => {
                        if containers.len() > 1
                            && let Some(Container::Note(id, blocks)) = containers.pop()
                        {
                            out.notes.push((id, blocks));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn start(
    name: &str,
    e: &BytesStart<'_>,
    empty: bool,
    paras: &mut Vec<Para>,
    containers: &mut Vec<Container>,
    run: &mut Option<(String, Option<String>)>,
    in_ppr: &mut bool,
    in_text: &mut bool,
) {
    match name {
        "p" => {
            if empty {
                return;
            }
            paras.push(Para::default());
        }
        "pPr" => *in_ppr = !empty,
        "pStyle" if *in_ppr => {
            if let Some(p) = paras.last_mut() {
                p.style = attr(e, "val");
            }
        }
        "numId" if *in_ppr => {
            if let Some(p) = paras.last_mut() {
                p.num_id = attr(e, "val");
            }
        }
        "ilvl" if *in_ppr => {
            if let Some(p) = paras.last_mut() {
                p.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
            }
        }
        "r" if !empty => *run = Some((String::new(), None)),
        "rFonts" => {
            if let Some((_, font)) = run {
                *font = attr(e, "ascii").or_else(|| attr(e, "hAnsi")).or(font.take());
            }
        }
        "t" => *in_text = !empty,
        "tab" if !*in_ppr => push_run(run, paras, "\t"),
        "br" | "cr" if attr(e, "type").is_none_or(|t| t == "textWrapping") => push_run(run, paras, "\n"),
        "noBreakHyphen" => push_run(run, paras, "-"),
        // Byte 0xAD: ư in a TCVN3 run (a soft hyphen, dropped, elsewhere).
        "softHyphen" => push_run(run, paras, "\u{AD}"),
        "tbl" if !empty => containers.push(Container::Table(Vec::new())),
        "tr" if !empty => {
            if let Some(Container::Table(rows)) = containers.last_mut() {
                rows.push(Vec::new());
            }
        }
        "tc" if !empty => {
            if let Some(Container::Table(rows)) = containers.last_mut()
                && let Some(row) = rows.last_mut()
            {
                row.push(Cell::default());
            }
        }
        "vMerge" => {
            if attr(e, "val").is_none_or(|v| v == "continue")
                && let Some(Container::Table(rows)) = containers.last_mut()
                && let Some(cell) = rows.last_mut().and_then(|r| r.last_mut())
            {
                cell.merged = true;
            }
        }
        "footnote" | "endnote" if !empty => {
            let id: i64 = attr(e, "id").and_then(|v| v.parse().ok()).unwrap_or(0);
            let separator = attr(e, "type").is_some_and(|t| t.contains("eparator") || t == "continuationNotice");
            if id > 0 && !separator {
                containers.push(Container::Note(id as u32, Vec::new()));
            } else {
                containers.push(Container::Note(0, Vec::new()));
            }
        }
        _ => {}
    }
}

/// Text outside a `w:t` (tab, break) goes into the current run, or the paragraph.
fn push_run(run: &mut Option<(String, Option<String>)>, paras: &mut [Para], s: &str) {
    match run {
        Some((t, _)) => t.push_str(s),
        None => {
            if let Some(p) = paras.last_mut() {
                p.text.push_str(s);
            }
        }
    }
}

fn render(p: Para, ctx: &mut Ctx) -> String {
    let style_num = p.style.as_deref().and_then(|s| ctx.styles.get(s, |st| st.num_id.clone()));
    let num_id = p.num_id.or(style_num);
    let label = match num_id {
        Some(id) if id != "0" => {
            let ilvl = p.ilvl.or_else(|| p.style.as_deref().and_then(|s| ctx.styles.get(s, |st| st.ilvl))).unwrap_or(0);
            // An empty paragraph in a list takes no number in Word's display either.
            if p.text.trim().is_empty() { None } else { ctx.label(&id, ilvl) }
        }
        _ => None,
    };
    match label {
        Some(l) => format!("{l} {}", p.text.trim_start()),
        None => p.text,
    }
}

fn push_block(containers: &mut [Container], out: &mut Parsed, block: Block) {
    match containers.last_mut() {
        Some(Container::Table(rows)) => {
            if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                cell.blocks.push(block);
            }
        }
        Some(Container::Note(_, blocks)) => blocks.push(block),
        _ => out.blocks.push(block),
    }
}

/// A table used for layout: few rows and columns (a header or signature block).
fn is_layout(rows: &[Vec<Cell>]) -> bool {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    rows.len() <= 3 && (1..=3).contains(&cols)
}

fn emit(b: &mut Builder, blocks: &[Block], par_n: &mut u32, table_n: &mut u32) {
    for block in blocks {
        match block {
            Block::Par(t) => {
                *par_n += 1;
                b.par(t, Loc::Paragraph { n: *par_n });
            }
            Block::Table(rows) => {
                *table_n += 1;
                let table = *table_n;
                if is_layout(rows) {
                    // Column by column: the left block (issuing body, number) before the right.
                    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
                    for c in 0..cols {
                        for row in rows {
                            if let Some(cell) = row.get(c).filter(|c| !c.merged) {
                                emit(b, &cell.blocks, par_n, table_n);
                            }
                        }
                    }
                } else {
                    let mut first = true;
                    for (i, row) in rows.iter().enumerate() {
                        let cells: Vec<String> = row.iter().filter(|c| !c.merged).map(|c| plain(&c.blocks).replace('\n', " ")).collect();
                        let line = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | ");
                        let loc = Loc::Row { table, row: i as u32 + 1 };
                        if first {
                            b.par(&line, loc);
                            first = line.trim().is_empty();
                        } else {
                            b.line(&line, loc);
                        }
                    }
                }
            }
        }
    }
}

/// Blocks as plain text: paragraphs on lines, table rows on lines.
fn plain(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Par(t) => out.push(crate::builder::clean(t)),
            Block::Table(rows) => {
                for row in rows {
                    let cells: Vec<String> = row.iter().filter(|c| !c.merged).map(|c| plain(&c.blocks).replace('\n', " ")).filter(|c| !c.trim().is_empty()).collect();
                    out.push(cells.join(" | "));
                }
            }
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(2, "lowerLetter"), "b");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(4, "upperRoman"), "IV");
    }
}
