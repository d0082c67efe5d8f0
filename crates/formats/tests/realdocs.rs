//! The readers on the real documents of `../shared/realdocs` (read there, never copied): every
//! file read or refused with a reason, without a panic, in bounded time; the README's traps; the
//! character error rate against the hand-checked reference texts (≤ 1% born-digital PDF and DOCX,
//! ≤ 6% OCR). Skipped with a SKIP line when `../shared` is absent; the OCR checks are skipped
//! when Tesseract is not installed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chidao_formats::{Format, OcrMode, Options, PageSource, cer, read};

fn realdocs(test: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::var_os("CHIDAO_SHARED").map_or_else(|| root.join("../shared"), PathBuf::from).join("realdocs");
    if dir.join("files").is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIP {test}: ../shared/realdocs is not beside the workspace ({})", dir.display());
        None
    }
}

fn ocr(test: &str) -> bool {
    match chidao_formats::ocr::available() {
        Ok(()) => true,
        Err(why) => {
            eprintln!("SKIP {test}: {why}");
            false
        }
    }
}

const NO_OCR: Options = Options { lossy: false, encoding: None, ocr: OcrMode::Off };

fn get(dir: &Path, name: &str, opts: &Options) -> chidao_formats::Extracted {
    let bytes = std::fs::read(dir.join("files").join(name)).expect("readable");
    read(&bytes, opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_file_is_read_or_refused_quickly() {
    let Some(dir) = realdocs("every_file_is_read_or_refused_quickly") else { return };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir.join("files")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 25);
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let start = Instant::now();
        let r = read(&bytes, &NO_OCR);
        let took = start.elapsed();
        let name = path.file_name().unwrap().to_string_lossy();
        match &r {
            Ok(x) => {
                eprintln!("{name}: {} {} pages={} chars={} {:.2}s", x.format.name(), x.encoding, x.pages.len(), x.text.chars().count(), took.as_secs_f64());
                assert!(x.map.iter().all(|o| x.text.get(o.start..o.end).is_some()), "{name}: map outside the text");
            }
            Err(e) => {
                eprintln!("{name}: refused: {e}");
                assert!(!e.to_string().is_empty());
            }
        }
        assert!(took < Duration::from_secs(20), "{name}: {took:?}");
    }
}

#[test]
fn traps() {
    let Some(dir) = realdocs("traps") else { return };
    // A ".doc" that is HTML.
    assert_eq!(get(&dir, "doc_is_html_kh_taphuan_2011.doc", &NO_OCR).format, Format::Html);
    // A legacy font name is not legacy text: a .VnTime page-number font in a Unicode PDF; .VnTime
    // and .VnTimeH in the font tables of Unicode Word files.
    let x = get(&dir, "pdf_cv8977_bnv_2025_vntime_font.pdf", &NO_OCR);
    assert!(x.pages.iter().all(|p| p.source == PageSource::TextLayer), "{:?}", x.pages);
    assert_eq!(x.encoding, "Unicode");
    assert!(x.text.contains("Sở Nội vụ tỉnh Lâm Đồng"));
    for name in ["doc_kh_stttt_phutho_2011.doc", "doc_tbkl_pct_cchc_112025.doc", "doc_kh_kmt_ubnd_lamdong_2026.doc"] {
        let x = get(&dir, name, &NO_OCR);
        assert!(x.notes.is_empty(), "{name}: {:?}", x.notes);
        assert!(chidao_formats::quality::score(&x.text).vietnamese(), "{name}");
    }
    // Wrong text layers are rejected: Latin-only scanner OCR, mis-encoded OCR that looks like
    // TCVN3 damage, a 50-character stamp line over a scanned page.
    for name in [
        "pdf_badocr_gm560_ubnd_lamdong.pdf",
        "pdf_badocr_tb493_ketluan_ubnd_lamdong.pdf",
        "pdf_brokenocr_ttr298_cat_pc04.pdf",
        "pdf_scan_bcdx03_cat_pc04_2026.pdf",
        "pdf_scan_ttr200_cat_pc04.pdf",
        "pdf_scan_cv4409_bca_c04.pdf",
        "pdf_scan_cv275_stttt_phutho_2011.pdf",
    ] {
        let x = get(&dir, name, &NO_OCR);
        assert!(x.pages.iter().all(|p| p.source == PageSource::Empty), "{name}: {:?}", x.pages);
        assert!(!x.text.contains("ceNG HoA") && !x.text.contains("CØNG"), "{name}: garbage kept");
    }
    // A code broken at a line end stays whole; born-digital pages keep their layer.
    let x = get(&dir, "pdf_cd58_vpcp_2026.pdf", &NO_OCR);
    assert!(x.text.contains("2764/QĐ-TTg") && !x.text.contains("QĐTTg"));
    // DOCX numbering exists only in numbering.xml.
    let x = get(&dir, "docx_pl_doi_ucsc_dsach_danhso.docx", &NO_OCR);
    assert!(x.text.contains("\n174. "), "174 numbered items");
    // The portal page: the text without ~147 KB of menus.
    let x = get(&dir, "html_vbpl_hienphap2013_toanvan.html", &NO_OCR);
    assert!(x.text.len() < 147_000 && x.text.contains("Điều 1"), "{}", x.text.len());
}

fn check_cer(dir: &Path, name: &str, opts: &Options, limit: f64) {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let reference = std::fs::read_to_string(dir.join("expected").join(format!("{stem}.txt"))).expect("reference");
    let x = get(dir, name, opts);
    let rate = cer::rate(&reference, &x.text);
    eprintln!("{name}: CER {:.2}%", rate * 100.0);
    assert!(rate <= limit, "{name}: CER {:.2}% > {:.0}%", rate * 100.0, limit * 100.0);
}

#[test]
fn cer_born_digital() {
    let Some(dir) = realdocs("cer_born_digital") else { return };
    check_cer(&dir, "pdf_cd58_vpcp_2026.pdf", &NO_OCR, 0.01);
    check_cer(&dir, "docx_pl_doi_ucsc_dsach_danhso.docx", &NO_OCR, 0.01);
}

#[test]
fn cer_ocr() {
    let Some(dir) = realdocs("cer_ocr") else { return };
    if !ocr("cer_ocr") {
        return;
    }
    check_cer(&dir, "pdf_badocr_gm560_ubnd_lamdong.pdf", &Options::default(), 0.06);
    check_cer(&dir, "pdf_scan_bcdx03_cat_pc04_2026.pdf", &Options::default(), 0.06);
}
