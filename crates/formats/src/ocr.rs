//! OCR with Tesseract's Vietnamese model, through its command line (Debian `tesseract-ocr` and
//! `tesseract-ocr-vie`), and PDF pages rendered by Poppler's `pdftoppm` (`poppler-utils`). Both are
//! optional runtime tools: without them, [`available`] says which is missing and by what name, and
//! the readers go on without OCR.
//!
//! Pages are read in parallel (one Tesseract process per core, each single-threaded), every process
//! under a time limit. Tesseract's TSV output gives words with their boxes and confidences; its
//! blocks are the reading order, and each block's lines are joined into paragraphs by
//! [`crate::layout`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::builder::{Builder, Loc};
use crate::layout::{self, Line};
use crate::{Extracted, Format, FormatError, Meta, Options, Page, PageSource};

/// Resolution pages are rendered at.
const DPI: u32 = 300;
/// Longest a single tool run may take.
const TIME_LIMIT: Duration = Duration::from_secs(180);

/// One page read by OCR: its blocks (columns, in reading order) as lines.
pub struct OcrPage {
    /// Blocks of lines.
    pub groups: Vec<Vec<Line>>,
    /// Mean word confidence (0–100).
    pub confidence: f32,
}

/// Why OCR failed.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// A tool is missing.
    #[error("{0}")]
    Missing(String),
    /// A tool ran and failed.
    #[error("{tool} failed: {message}")]
    Failed {
        /// The tool.
        tool: &'static str,
        /// Its message.
        message: String,
    },
}

/// `Ok` when Tesseract with the Vietnamese model (and, for PDFs, pdftoppm) can be run; else the
/// message naming what to install. Checked once.
pub fn available() -> Result<(), String> {
    static CHECK: OnceLock<Result<(), String>> = OnceLock::new();
    CHECK
        .get_or_init(|| {
            let langs = Command::new(tesseract()).arg("--list-langs").stdin(Stdio::null()).output();
            match langs {
                Err(_) => return Err("Tesseract is not installed (install tesseract-ocr and tesseract-ocr-vie)".into()),
                Ok(o) => {
                    let list = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
                    if !list.lines().any(|l| l.trim() == "vie") {
                        return Err("Tesseract has no Vietnamese model (install tesseract-ocr-vie)".into());
                    }
                }
            }
            if Command::new("pdftoppm").arg("-v").stdin(Stdio::null()).output().is_err() {
                return Err("pdftoppm is not installed (install poppler-utils), so PDF pages cannot be OCRed".into());
            }
            Ok(())
        })
        .clone()
}

fn tesseract() -> String {
    std::env::var("CHIDAO_TESSERACT").unwrap_or_else(|_| "tesseract".into())
}

/// A scratch folder removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("chidao-ocr-{}-{}-{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a command under [`TIME_LIMIT`]; its stdout, or why not.
fn run(tool: &'static str, cmd: &mut Command) -> Result<Vec<u8>, OcrError> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("OMP_THREAD_LIMIT", "1")
        .spawn()
        .map_err(|e| OcrError::Missing(format!("{tool} cannot be run ({e})")))?;
    // Read both pipes on threads so a large output cannot block the child.
    let reader = drain(child.stdout.take());
    let err_reader = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Failed { tool, message: format!("no answer within {} s", TIME_LIMIT.as_secs()) });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(OcrError::Failed { tool, message: e.to_string() }),
        }
    };
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&stderr);
        return Err(OcrError::Failed { tool, message: msg.lines().last().unwrap_or("exit status").trim().to_string() });
    }
    Ok(stdout)
}

/// Reads a pipe to its end on a thread.
fn drain<R: std::io::Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// OCRs one image file.
fn ocr_image(path: &Path) -> Result<OcrPage, OcrError> {
    let tsv = run("tesseract", Command::new(tesseract()).arg(path).arg("stdout").args(["-l", "vie", "--psm", "3", "tsv"]))?;
    Ok(parse_tsv(&String::from_utf8_lossy(&tsv)))
}

/// Renders and OCRs the given pages of a PDF, in parallel; one result per page, in order.
pub fn pdf_pages(pdf: &[u8], pages: &[u32]) -> Vec<Result<OcrPage, OcrError>> {
    let scratch = match Scratch::new() {
        Ok(s) => s,
        Err(e) => return pages.iter().map(|_| Err(OcrError::Failed { tool: "OCR", message: format!("no scratch folder: {e}") })).collect(),
    };
    let input = scratch.0.join("in.pdf");
    if let Err(e) = std::fs::File::create(&input).and_then(|mut f| f.write_all(pdf)) {
        return pages.iter().map(|_| Err(OcrError::Failed { tool: "OCR", message: format!("cannot write a scratch file: {e}") })).collect();
    }
    let one = |n: u32| -> Result<OcrPage, OcrError> {
        let prefix = scratch.0.join(format!("p{n}"));
        run(
            "pdftoppm",
            Command::new("pdftoppm").args(["-r", &DPI.to_string(), "-f", &n.to_string(), "-l", &n.to_string(), "-gray", "-png", "-singlefile"]).arg(&input).arg(&prefix),
        )?;
        let png = prefix.with_extension("png");
        let r = ocr_image(&png);
        let _ = std::fs::remove_file(&png);
        r
    };
    parallel(pages, one)
}

/// Runs `f` over the items on up to one thread per core; results in order.
fn parallel<T: Sync + Copy, R: Send>(items: &[T], f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    let slots = std::sync::Mutex::new(&mut results);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let r = f(items[i]);
                    if let Ok(mut slots) = slots.lock() {
                        slots[i] = Some(r);
                    }
                }
            });
        }
    });
    results.into_iter().map(|r| r.expect("every item is processed")).collect()
}

/// Tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text) →
/// rows of segments (a line of Tesseract's split where words are far apart, lines of different
/// blocks on one level merged into one row) → groups in reading order ([`layout::reading_order`]):
/// Tesseract reads a two-column header line across both columns.
pub fn parse_tsv(tsv: &str) -> OcrPage {
    let mut page_width = 0.0f32;
    let mut segs: Vec<Line> = Vec::new();
    let mut key = (u32::MAX, u32::MAX, u32::MAX);
    let (mut conf_sum, mut conf_n) = (0.0f32, 0usize);
    let mut seg_confs: Vec<Vec<f32>> = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<i64>().unwrap_or(0).max(0) as f32;
        if f[0] == "1" {
            page_width = num(8);
            continue;
        }
        if f[0] != "5" {
            continue;
        }
        let k = (num(2) as u32, num(3) as u32, num(4) as u32);
        let (left, top, width, height) = (num(6), num(7), num(8), num(9));
        let conf: f32 = f[10].trim().parse().unwrap_or(-1.0);
        let word = f[11].trim();
        if word.is_empty() {
            continue;
        }
        if conf >= 0.0 {
            conf_sum += conf;
            conf_n += 1;
        }
        let same_line = k == key && !segs.is_empty();
        key = k;
        match segs.last_mut() {
            Some(seg) if same_line && left - seg.x1 <= 2.0 * seg.size.max(height) => {
                seg.text.push(' ');
                seg.text.push_str(word);
                seg.x1 = seg.x1.max(left + width);
                seg.size = seg.size.max(height);
                seg.y = seg.y.min(top);
            }
            _ => {
                segs.push(Line { x0: left, x1: left + width, y: top, size: height.max(1.0), text: word.to_string(), conf: None });
                seg_confs.push(Vec::new());
            }
        }
        if conf >= 0.0
            && let Some(c) = seg_confs.last_mut()
        {
            c.push(conf);
        }
    }
    for (seg, c) in segs.iter_mut().zip(&seg_confs) {
        seg.conf = mean(c);
        // Word boxes are cap height to descender: about 0.75 of a line's pitch, as a font size.
        seg.size *= 0.75;
    }
    // Rows: segments whose tops are within half a line of each other.
    segs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<Vec<Line>> = Vec::new();
    for s in segs {
        match rows.last_mut() {
            Some(row) if (s.y - row[0].y).abs() <= 0.6 * s.size.max(row[0].size) => row.push(s),
            _ => rows.push(vec![s]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    let width = if page_width > 0.0 { page_width } else { 2480.0 };
    let groups = layout::reading_order(rows, width);
    OcrPage { groups, confidence: if conf_n > 0 { conf_sum / conf_n as f32 } else { 0.0 } }
}

fn mean(v: &[f32]) -> Option<f32> {
    (!v.is_empty()).then(|| v.iter().sum::<f32>() / v.len() as f32)
}

/// An image file (PNG, JPEG, TIFF, BMP): one page read by OCR.
pub fn read_image(bytes: &[u8], _opts: &Options) -> Result<Extracted, FormatError> {
    available().map_err(|why| FormatError::NoText(format!("an image: it needs OCR, and {why}")))?;
    let scratch = Scratch::new().map_err(|e| FormatError::NoText(format!("no scratch folder for OCR: {e}")))?;
    let path = scratch.0.join("page.img");
    std::fs::write(&path, bytes).map_err(|e| FormatError::NoText(format!("cannot write a scratch file for OCR: {e}")))?;
    let page = ocr_image(&path).map_err(|e| FormatError::NoText(e.to_string()))?;
    let mut b = Builder::default();
    for g in &page.groups {
        for p in layout::paragraphs(g) {
            b.par(&p.text, Loc::Ocr { page: 1, x: p.x as u32, y: p.y as u32, confidence: p.conf.unwrap_or(0.0) });
        }
    }
    let (text, map) = b.finish();
    let chars = text.chars().count();
    let pages = vec![Page {
        page: 1,
        source: PageSource::Ocr,
        chars,
        notes: vec![format!("OCR (Tesseract, Vietnamese): mean word confidence {:.0}", page.confidence)],
    }];
    Ok(Extracted { format: Format::Image, encoding: "OCR".into(), text, pages, map, meta: Meta::default(), notes: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_to_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
            5\t1\t1\t1\t1\t1\t100\t50\t80\t30\t95.1\tỦY\n\
            5\t1\t1\t1\t1\t2\t190\t50\t80\t30\t90.0\tBAN\n\
            5\t1\t2\t1\t1\t1\t1600\t50\t80\t30\t80.0\tCỘNG\n";
        let p = parse_tsv(tsv);
        assert_eq!(p.groups.len(), 2);
        assert_eq!(p.groups[0][0].text, "ỦY BAN");
        assert!((p.confidence - 88.36).abs() < 0.1);
    }
}
