//! PDF: the text layer (glyphs and their positions through `pdf-extract`, pure Rust over
//! `lopdf`), laid out in reading order ([`crate::layout`]); decorative rules, page numbers and
//! running headers dropped. Each page's layer is judged ([`crate::quality`]): a page whose layer
//! is not its text — a scan with a stamp line, scanner OCR without Vietnamese, mis-encoded OCR —
//! is read again by OCR ([`crate::ocr`]); a layer in a legacy font encoding is converted.

use std::collections::HashMap;
use std::sync::LazyLock;

use lopdf::{Document, Object, ObjectId};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use regex::Regex;

use crate::builder::{Builder, Loc};
use crate::layout::{self, Line};
use crate::{Extracted, Format, FormatError, Meta, OcrMode, Options, Page, PageSource, legacy, ocr, quality};

/// Letters below which a page with an image is taken for a scan whatever its layer says.
const SCAN_LETTERS: usize = 200;
/// An image at least this many pixels wide and high covers a page.
const PAGE_IMAGE_PX: i64 = 400;

#[derive(Debug, Clone)]
struct Glyph {
    x: f32,
    /// Where it ends: from its width, or half an em on when the font gives it no width.
    end: f32,
    /// The font gives it no width (some subset fonts miss accented capitals).
    no_width: bool,
    y: f32,
    size: f32,
    ch: String,
}

#[derive(Default)]
struct Collect {
    pages: HashMap<u32, (f32, f32, Vec<Glyph>)>,
    current: u32,
}

impl OutputDev for Collect {
    fn begin_page(&mut self, page: u32, media: &MediaBox, _art: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.current = page;
        self.pages.insert(page, ((media.urx - media.llx) as f32, media.ury as f32, Vec::new()));
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(&mut self, trm: &Transform, width: f64, _spacing: f64, font_size: f64, ch: &str) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale) as f32;
        if let Some((_, _, glyphs)) = self.pages.get_mut(&self.current)
            && glyphs.len() < 2_000_000
            && size.is_finite()
            && trm.m31.is_finite()
            && trm.m32.is_finite()
        {
            let x = trm.m31 as f32;
            let no_width = width < 0.05;
            let end = if no_width { x + 0.5 * size } else { x + (width * font_size * scale) as f32 };
            glyphs.push(Glyph { x, end, no_width, y: trm.m32 as f32, size, ch: ch.to_string() });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// One page's text layer, laid out.
struct LayerPage {
    height: f32,
    groups: Vec<Vec<Line>>,
    text: String,
}

pub fn read(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| FormatError::corrupt(Format::Pdf, e))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(FormatError::Unsupported("an encrypted PDF (a password is needed to read it)".into()));
    }
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(FormatError::corrupt(Format::Pdf, "no pages"));
    }
    for &id in page_ids.values() {
        flatten_widgets(&mut doc, id);
    }
    let mut notes = Vec::new();
    // 1. The text layer of every page, laid out.
    let mut layers: Vec<(u32, Option<LayerPage>, bool)> = Vec::new();
    for (&n, &id) in &page_ids {
        let mut dev = Collect::default();
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pdf_extract::output_doc_page(&doc, &mut dev, n)));
        let layer = match ok {
            Ok(Ok(())) => dev.pages.remove(&n).map(|(w, h, g)| lay_out(w, h, g)),
            Ok(Err(e)) => {
                notes.push(format!("page {n}: text layer unreadable ({e})"));
                None
            }
            Err(_) => {
                notes.push(format!("page {n}: text layer unreadable (broken content stream)"));
                None
            }
        };
        layers.push((n, layer, has_page_image(&doc, id)));
    }
    drop_running_lines(&mut layers);

    // 2. Decide per page: keep, convert (legacy font encoding), or OCR.
    let mut pages: Vec<Page> = Vec::new();
    let mut texts: Vec<PageText> = Vec::new();
    let mut to_ocr: Vec<usize> = Vec::new();
    let mut legacy_pages = Vec::new();
    for (n, layer, image) in layers {
        let text = layer.as_ref().map(|l| l.text.clone()).unwrap_or_default();
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let score = quality::score(&text);
        let mut page = Page { page: n, source: PageSource::TextLayer, chars: 0, notes: Vec::new() };
        let verdict = if opts.ocr == OcrMode::Always {
            Verdict::Ocr("OCR asked for every page".into())
        } else if letters < SCAN_LETTERS && image {
            Verdict::Ocr(format!("a page image with {letters} letters of text layer: not the page's text"))
        } else if score.vietnamese() || letters == 0 {
            Verdict::Keep
        } else if let Some((enc, _)) = legacy::repair(&text) {
            Verdict::Legacy(enc)
        } else if image {
            Verdict::Ocr(format!(
                "text layer rejected: {:.0}% well-formed syllables, {:.0}% with Vietnamese marks, {} foreign words of {}",
                score.valid_rate() * 100.0,
                score.marked_rate() * 100.0,
                score.foreign,
                score.words
            ))
        } else {
            page.notes.push("text layer kept, though it does not read as Vietnamese".into());
            Verdict::Keep
        };
        match verdict {
            Verdict::Keep => texts.push(PageText::Layer(layer)),
            Verdict::Legacy(enc) => {
                page.notes.push(format!("text layer in a legacy font encoding ({}): converted", enc.name()));
                legacy_pages.push(enc);
                texts.push(PageText::Legacy(layer, enc));
            }
            Verdict::Ocr(why) => {
                page.notes.push(why);
                to_ocr.push(pages.len());
                texts.push(PageText::Ocr(Vec::new()));
            }
        }
        pages.push(page);
    }

    // 3. OCR the pages that need it.
    if !to_ocr.is_empty() {
        match opts.ocr {
            OcrMode::Off => {
                for &i in &to_ocr {
                    pages[i].source = PageSource::Empty;
                    pages[i].notes.push("OCR is off: page left without text".into());
                }
            }
            _ => match ocr::available() {
                Err(why) => {
                    notes.push(format!("{why}: {} page(s) needing OCR left without text", to_ocr.len()));
                    for &i in &to_ocr {
                        pages[i].source = PageSource::Empty;
                        pages[i].notes.push("not OCRed: Tesseract is not installed".into());
                    }
                }
                Ok(()) => {
                    let numbers: Vec<u32> = to_ocr.iter().map(|&i| pages[i].page).collect();
                    let results = ocr::pdf_pages(bytes, &numbers);
                    for (&i, r) in to_ocr.iter().zip(results) {
                        match r {
                            Ok(ocr_page) => {
                                pages[i].source = PageSource::Ocr;
                                pages[i].notes.push(format!("OCR (Tesseract, Vietnamese): mean word confidence {:.0}", ocr_page.confidence));
                                texts[i] = PageText::Ocr(ocr_page.groups);
                            }
                            Err(e) => {
                                pages[i].source = PageSource::Empty;
                                pages[i].notes.push(format!("OCR failed: {e}"));
                            }
                        }
                    }
                }
            },
        }
    }

    // 4. The text, page by page.
    let mut b = Builder::default();
    for (page, t) in pages.iter_mut().zip(texts) {
        match t {
            PageText::Layer(Some(l)) => push_layer(&mut b, page.page, &l, None),
            PageText::Legacy(Some(l), enc) => push_layer(&mut b, page.page, &l, Some(enc)),
            PageText::Layer(None) | PageText::Legacy(None, _) => {}
            PageText::Ocr(groups) => {
                for g in groups {
                    for p in layout::paragraphs(&g) {
                        let loc = Loc::Ocr { page: page.page, x: p.x as u32, y: p.y as u32, confidence: p.conf.unwrap_or(0.0) };
                        b.par(&p.text, loc);
                    }
                }
            }
        }
    }
    let encoding = match legacy_pages.first() {
        Some(e) => format!("Unicode, with pages in {}", e.name()),
        None => "Unicode".into(),
    };
    let (text, map) = b.finish();
    for page in &mut pages {
        page.chars = map.iter().filter(|o| o.loc.page() == Some(page.page)).map(|o| text[o.start..o.end].chars().count()).sum();
        if page.chars == 0 && page.source == PageSource::TextLayer {
            page.source = PageSource::Empty;
        }
    }
    if text.is_empty() && pages.iter().any(|p| p.notes.iter().any(|n| n.contains("Tesseract is not installed"))) {
        return Err(FormatError::NoText(
            "a scanned PDF: its pages need OCR, and Tesseract is not installed (install tesseract-ocr and tesseract-ocr-vie)".into(),
        ));
    }
    Ok(Extracted { format: Format::Pdf, encoding, text, pages, map, meta: Meta::default(), notes })
}

enum Verdict {
    Keep,
    Legacy(legacy::Legacy),
    Ocr(String),
}

enum PageText {
    Layer(Option<LayerPage>),
    Legacy(Option<LayerPage>, legacy::Legacy),
    Ocr(Vec<Vec<Line>>),
}

fn push_layer(b: &mut Builder, page: u32, l: &LayerPage, enc: Option<legacy::Legacy>) {
    for g in &l.groups {
        for p in layout::paragraphs(g) {
            let text = match enc {
                Some(e) => legacy::decode_chars(&p.text, e, false),
                None => p.text,
            };
            b.par(&text, Loc::Page { page, x: p.x, y: l.height - p.y });
        }
    }
}

static RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\s_\-–—=.·…*~]*$").expect("rule pattern"));
static PAGE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[\s\-–]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–]*$").expect("page number pattern"));

/// Glyphs → rows of segments → reading order.
fn lay_out(width: f32, height: f32, mut glyphs: Vec<Glyph>) -> LayerPage {
    // Top-down coordinates.
    for g in &mut glyphs {
        g.y = height - g.y;
    }
    glyphs.retain(|g| g.size > 0.5 && g.y > -5.0 && g.y < height + 5.0 && g.x > -5.0 && g.x < width + 5.0);
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Rows: glyphs whose baselines are within 0.4 em.
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row[0].y).abs() <= 0.4 * g.size.max(row[0].size) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    let mut seg_rows: Vec<Vec<Line>> = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut segs: Vec<Line> = Vec::new();
        let mut cur: Option<Line> = None;
        let mut last_end = f32::NEG_INFINITY;
        let mut pending_space = false;
        let mut after_no_width = false;
        // Where word spaces are drawn as glyphs, a wide gap without one separates columns.
        let spaced = row.iter().any(|g| g.ch == " ");
        for g in row {
            let blank = g.ch.trim().is_empty();
            if blank {
                pending_space = true;
                continue;
            }
            let gap = g.x - last_end;
            // After a glyph of unknown width, a gap under an em is that glyph's own advance.
            let gap = if after_no_width && gap < 1.0 * g.size { gap.min(0.0) } else { gap };
            after_no_width = g.no_width;
            match &mut cur {
                Some(line) if gap <= 1.2 * g.size.max(line.size) && !(spaced && !pending_space && gap > 0.6 * g.size.max(line.size)) => {
                    if (pending_space || gap > 0.18 * g.size) && !line.text.ends_with(' ') && gap > -0.5 * g.size {
                        line.text.push(' ');
                    }
                    line.text.push_str(&g.ch);
                    line.x1 = line.x1.max(g.end);
                    line.size = line.size.max(g.size);
                }
                _ => {
                    if let Some(line) = cur.take() {
                        segs.push(line);
                    }
                    cur = Some(Line { x0: g.x, x1: g.end, y: g.y, size: g.size, text: g.ch.clone(), conf: None });
                }
            }
            last_end = last_end.max(g.end).max(g.x);
            if gap < -2.0 * g.size {
                // Went back left (overprinted text): a fresh start.
                last_end = g.end;
            }
            pending_space = false;
        }
        segs.extend(cur);
        // Decorative rules and empty segments go.
        segs.retain(|s| !RULE.is_match(&s.text));
        if segs.is_empty() {
            continue;
        }
        // A page number alone near the top or bottom edge.
        let all: String = segs.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
        let y = segs[0].y;
        if PAGE_NUMBER.is_match(&all) && (y < 0.1 * height || y > 0.9 * height) {
            continue;
        }
        seg_rows.push(segs);
    }
    let groups = layout::reading_order(seg_rows, width);
    let text = groups.iter().flatten().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    LayerPage { height, groups, text }
}

/// Lines repeated near the same edge of two or more pages (running headers and footers, digits
/// ignored) are dropped.
fn drop_running_lines(layers: &mut [(u32, Option<LayerPage>, bool)]) {
    if layers.len() < 2 {
        return;
    }
    let key = |l: &Line| -> String { l.text.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect() };
    let edge = |l: &Line, h: f32| l.y < 0.08 * h || l.y > 0.92 * h;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, layer, _) in layers.iter() {
        let Some(layer) = layer else { continue };
        let mut seen: Vec<String> = layer.groups.iter().flatten().filter(|l| edge(l, layer.height)).map(key).filter(|k| k.chars().count() >= 4).collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    for (_, layer, _) in layers.iter_mut() {
        let Some(layer) = layer else { continue };
        let h = layer.height;
        for g in &mut layer.groups {
            g.retain(|l| !(edge(l, h) && counts.get(&key(l)).is_some_and(|&c| c >= 2)));
        }
        layer.groups.retain(|g| !g.is_empty());
        layer.text = layer.groups.iter().flatten().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    }
}

/// Draws the text of the page's form widgets into its content, so that it is read where it
/// shows: e-office systems stamp the number and the day of a signed document ("Số: 85",
/// "ngày 19") into signature fields beside the printed "/GM-UBND". The text operations of each
/// widget's appearance (and of the forms nested in it) are copied into the page, translated to the
/// widget's rectangle, with their fonts added to the page's resources under new names (pdf-extract
/// reads a form XObject in its own coordinates, so a `Do` would lose the position). Hidden widgets
/// and pages whose resources are inherited are left as they are.
fn flatten_widgets(doc: &mut Document, page: ObjectId) {
    let Ok(annots) = doc.get_page_annotations(page) else { return };
    let num = |o: &Object| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32));
    // (appearance stream, translation)
    let mut widgets: Vec<(ObjectId, f32, f32)> = Vec::new();
    for a in annots {
        let widget = a.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Widget");
        let hidden = a.get(b"F").and_then(Object::as_i64).is_ok_and(|f| f & 2 != 0);
        if !widget || hidden {
            continue;
        }
        let Ok(Object::Reference(ap)) = a.get(b"AP").and_then(|o| deref(doc, o)).and_then(Object::as_dict).and_then(|d| d.get(b"N")) else { continue };
        let rect = a.get(b"Rect").and_then(Object::as_array).ok().and_then(|r| Some((num(r.first()?)?, num(r.get(1)?)?)));
        if let Some((x, y)) = rect {
            widgets.push((*ap, x, y));
        }
        if widgets.len() >= 64 {
            break;
        }
    }
    let own_resources = doc.get_dictionary(page).is_ok_and(|d| d.has(b"Resources"));
    if widgets.is_empty() || !own_resources {
        return;
    }
    // Text-drawing forms inside each appearance (a few levels deep): content and fonts.
    // (content, fonts by name, translation)
    type TextForm = (Vec<u8>, Vec<(Vec<u8>, Object)>, f32, f32);
    let mut texts: Vec<TextForm> = Vec::new();
    for (ap, x, y) in widgets {
        let mut stack = vec![(ap, 0)];
        while let Some((id, depth)) = stack.pop() {
            let Ok(Object::Stream(st)) = doc.get_object(id) else { continue };
            let res = st.dict.get(b"Resources").and_then(|o| deref(doc, o)).and_then(Object::as_dict).ok();
            if depth < 4
                && let Some(xo) = res.and_then(|r| r.get(b"XObject").and_then(|o| deref(doc, o)).and_then(Object::as_dict).ok())
            {
                stack.extend(xo.iter().filter_map(|(_, v)| v.as_reference().ok()).map(|r| (r, depth + 1)));
            }
            let Ok(content) = st.decompressed_content().or_else(|_| Ok::<_, lopdf::Error>(st.content.clone())) else { continue };
            if !content.windows(2).any(|w| w == b"BT") {
                continue;
            }
            let fonts = res
                .and_then(|r| r.get(b"Font").and_then(|o| deref(doc, o)).and_then(Object::as_dict).ok())
                .map(|f| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            texts.push((content, fonts, x, y));
        }
    }
    let mut out = b"Q\n".to_vec();
    let mut new_fonts: Vec<(Vec<u8>, Object)> = Vec::new();
    for (k, (content, fonts, x, y)) in texts.into_iter().enumerate() {
        let Ok(mut ops) = lopdf::content::Content::decode(&content) else { continue };
        let rename = |n: &[u8]| [format!("CW{k}_").as_bytes(), n].concat();
        for op in &mut ops.operations {
            if op.operator == "Tf"
                && let Some(Object::Name(n)) = op.operands.first_mut()
            {
                *n = rename(n);
            }
        }
        new_fonts.extend(fonts.into_iter().map(|(n, f)| (rename(&n), f)));
        let Ok(bytes) = ops.encode() else { continue };
        out.extend_from_slice(format!("q 1 0 0 1 {x:.2} {y:.2} cm\n").as_bytes());
        out.extend_from_slice(&bytes);
        out.extend_from_slice(b"\nQ\n");
    }
    if new_fonts.is_empty() {
        return;
    }
    // The page's font dictionary (direct, or a reference to follow).
    let font_dict: Option<ObjectId> = doc
        .get_dictionary(page)
        .and_then(|d| d.get(b"Resources"))
        .and_then(|o| deref(doc, o))
        .and_then(Object::as_dict)
        .and_then(|r| r.get(b"Font"))
        .ok()
        .and_then(|f| f.as_reference().ok());
    let target = match font_dict {
        Some(id) => doc.get_object_mut(id).and_then(Object::as_dict_mut),
        None => {
            let res_ref = doc.get_dictionary(page).and_then(|d| d.get(b"Resources")).ok().and_then(|o| o.as_reference().ok());
            let res = match res_ref {
                Some(id) => doc.get_object_mut(id),
                None => doc.get_object_mut(page).and_then(Object::as_dict_mut).and_then(|d| d.get_mut(b"Resources")),
            };
            res.and_then(Object::as_dict_mut).and_then(|r| {
                if !r.has(b"Font") {
                    r.set("Font", lopdf::Dictionary::new());
                }
                r.get_mut(b"Font").and_then(Object::as_dict_mut)
            })
        }
    };
    let Ok(fonts) = target else { return };
    for (n, f) in new_fonts {
        fonts.set(n, f);
    }
    let mut list: Vec<Object> = match doc.get_dictionary(page).and_then(|d| d.get(b"Contents")) {
        Ok(Object::Reference(id)) => vec![Object::Reference(*id)],
        Ok(Object::Array(a)) => a.clone(),
        _ => return,
    };
    // The page's own content runs inside q … Q, so that the widgets' text is placed in the page's
    // default coordinates whatever transformation the page leaves behind.
    let pre = doc.add_object(Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), b"q\n".to_vec())));
    let post = doc.add_object(Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), out)));
    list.insert(0, Object::Reference(pre));
    list.push(Object::Reference(post));
    if let Ok(d) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
        d.set("Contents", list);
    }
}

/// True when the page draws an image big enough to be a scanned page (directly or inside a form
/// XObject, a few levels deep).
fn has_page_image(doc: &Document, page: ObjectId) -> bool {
    let Ok((dict, ids)) = doc.get_page_resources(page) else { return false };
    let mut stack: Vec<(&lopdf::Dictionary, usize)> = Vec::new();
    stack.extend(dict.map(|d| (d, 0)));
    for id in ids {
        if let Ok(d) = doc.get_dictionary(id) {
            stack.push((d, 0));
        }
    }
    let mut visited = 0;
    while let Some((res, depth)) = stack.pop() {
        visited += 1;
        if visited > 256 {
            break;
        }
        let Ok(xobjects) = res.get(b"XObject").and_then(|o| deref(doc, o)).and_then(Object::as_dict) else { continue };
        for (_, o) in xobjects.iter() {
            let Ok(Object::Stream(s)) = deref(doc, o) else { continue };
            let subtype = s.dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
            if subtype == b"Image" {
                let w = s.dict.get(b"Width").and_then(Object::as_i64).unwrap_or(0);
                let h = s.dict.get(b"Height").and_then(Object::as_i64).unwrap_or(0);
                if w >= PAGE_IMAGE_PX && h >= PAGE_IMAGE_PX {
                    return true;
                }
            } else if subtype == b"Form"
                && depth < 4
                && let Ok(r) = s.dict.get(b"Resources").and_then(|o| deref(doc, o)).and_then(Object::as_dict)
            {
                stack.push((r, depth + 1));
            }
        }
    }
    false
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> lopdf::Result<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id),
        o => Ok(o),
    }
}
