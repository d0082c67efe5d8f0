//! Each reader on fixtures made by real producers (`fixtures/make.sh`: pandoc, LibreOffice,
//! Chromium, pdftoppm) from fictional texts in `fixtures/src/`. The texts are insta snapshots;
//! OCR results are judged by character error rate instead (they vary with Tesseract's version).

use chidao_formats::{Format, OcrMode, Options, PageSource, cer, read};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

fn text_of(name: &str) -> chidao_formats::Extracted {
    read(&fixture(name), &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn source(name: &str) -> String {
    String::from_utf8(fixture(&format!("src/{name}"))).expect("UTF-8 source")
}

fn ocr_available(test: &str) -> bool {
    match chidao_formats::ocr::available() {
        Ok(()) => true,
        Err(why) => {
            eprintln!("SKIP {test}: {why}");
            false
        }
    }
}

#[test]
fn docx_numbering_tables_footnotes() {
    let x = text_of("ke-hoach.docx");
    assert_eq!(x.format, Format::Docx);
    let t = &x.text;
    // Numbers exist only in numbering.xml.
    assert!(t.contains("\n1. Công an tỉnh chủ trì"), "{t}");
    assert!(t.contains("\n3. Ủy ban nhân dân các huyện"), "{t}");
    assert!(t.contains("\na. Tổ chức tập huấn"), "{t}");
    // A table row per line, cells in order.
    assert!(t.contains("\n1 | Công an tỉnh | 12 đợt kiểm tra | 30/6/2026\n"), "{t}");
    // The layout table of the header: left column first.
    assert!(t.find("Số: 27/KH-UBND").unwrap() < t.find("CỘNG HÒA XÃ HỘI").unwrap(), "{t}");
    assert!(t.contains("[1] Chỉ thị về tăng cường"), "{t}");
    insta::assert_snapshot!("docx", t);
}

#[test]
fn doc_word97() {
    // List numbers come from the list tables (PlfLst, PlfLfo). LibreOffice writes this file's
    // list as several lists, and reads it back as "1. 1. a. a. 2.", as this reader does.
    let x = text_of("ke-hoach.doc");
    assert!(x.text.contains("1. Công an tỉnh chủ trì"), "{}", x.text);
    assert_eq!(x.format, Format::Doc);
    assert!(x.text.contains("1 | Công an tỉnh | 12 đợt kiểm tra | 30/6/2026"), "{}", x.text);
    insta::assert_snapshot!("doc", x.text);
}

#[test]
fn rtf_lists_and_tables() {
    let x = text_of("ke-hoach.rtf");
    assert_eq!(x.format, Format::Rtf);
    assert!(x.text.contains("1. Công an tỉnh chủ trì"), "{}", x.text);
    insta::assert_snapshot!("rtf", x.text);
}

#[test]
fn pdf_text_layer_reading_order() {
    let x = text_of("cong-dien.pdf");
    assert_eq!(x.format, Format::Pdf);
    assert_eq!(x.pages.len(), 1);
    assert_eq!(x.pages[0].source, PageSource::TextLayer);
    let t = &x.text;
    // Header: left column (issuer, number) before the right (motto, place and date).
    let pos = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s:?} not in {t}"));
    assert!(pos("TỈNH HÒA LẠC") < pos("Số: 15/CĐ-UBND"));
    assert!(pos("Số: 15/CĐ-UBND") < pos("CỘNG HÒA XÃ HỘI CHỦ NGHĨA"));
    assert!(pos("Độc lập - Tự do - Hạnh phúc") < pos("CÔNG ĐIỆN"));
    // Closing: "Nơi nhận" (left) before the signature (right).
    assert!(pos("Nơi nhận:") < pos("CHỦ TỊCH\n"));
    assert!(t.contains("2764/QĐ-TTg"), "{t}");
    // Every span of the map is inside the text, in order, with its page.
    assert!(x.map.windows(2).all(|w| w[0].end <= w[1].start));
    assert!(x.map.iter().all(|o| o.loc.page() == Some(1) && t.get(o.start..o.end).is_some()));
    insta::assert_snapshot!("pdf", t);
}

#[test]
fn scans_are_read_by_ocr() {
    let reference = text_of("cong-dien.pdf").text;
    if !ocr_available("scans_are_read_by_ocr") {
        // Without Tesseract a scan says so by name.
        let e = read(&fixture("cong-dien-scan.pdf"), &Options::default()).unwrap_err().to_string();
        assert!(e.contains("Tesseract"), "{e}");
        return;
    }
    for name in ["cong-dien-scan.pdf", "cong-dien-scan.png"] {
        let x = text_of(name);
        assert_eq!(x.pages[0].source, PageSource::Ocr, "{name}");
        let rate = cer::rate(&reference, &x.text);
        eprintln!("{name}: CER {:.2}% against the text layer", rate * 100.0);
        assert!(rate <= 0.06, "{name}: CER {:.2}%\n{}", rate * 100.0, x.text);
    }
    // OCR off: the page is left empty, with a note.
    let x = read(&fixture("cong-dien-scan.pdf"), &Options { ocr: OcrMode::Off, ..Options::default() }).unwrap();
    assert_eq!(x.pages[0].source, PageSource::Empty);
}

#[test]
fn html_article_without_menus() {
    let x = text_of("src/tin-tuc.html");
    assert_eq!(x.format, Format::Html);
    let t = &x.text;
    assert!(t.contains("Sáng 20/3, Ủy ban nhân dân tỉnh Hòa Lạc tổ chức hội nghị sơ kết"), "{t}");
    for chrome in ["Trang chủ", "Đọc nhiều", "Giá vàng", "Bình luận", "Bài viết rất hay", "Liên hệ quảng cáo"] {
        assert!(!t.contains(chrome), "{chrome:?} leaked into {t}");
    }
    assert_eq!(x.meta.url.as_deref(), Some("https://baohoalac.example/so-ket-phong-chong-ma-tuy-123.html"));
    assert!(x.meta.title.as_deref().is_some_and(|h| h.contains("Hòa Lạc sơ kết")), "{:?}", x.meta);
    assert!(x.meta.date.as_deref().is_some_and(|d| d.starts_with("2026-03-20")), "{:?}", x.meta);
}

#[test]
fn lying_extension_is_sniffed() {
    let x = text_of("cong-dien-html.doc");
    assert_eq!(x.format, Format::Html);
    assert!(x.text.contains("Về việc tăng cường kiểm tra an toàn phòng cháy"), "{}", x.text);
}

#[test]
fn legacy_text_files() {
    let want = source("legacy.txt");
    for (name, expect) in [
        ("legacy-tcvn3.txt", want.to_lowercase()),
        ("legacy-vni.txt", want.clone()),
        ("legacy-viscii.txt", want.clone()),
        ("legacy-windows1258.txt", want.clone()),
        ("legacy-viqr.txt", want.clone()),
    ] {
        let x = text_of(name);
        assert_eq!(x.text.trim_end(), expect.trim_end(), "{name} ({})", x.encoding);
    }
    // --encoding overrides detection.
    let x = read(&fixture("legacy-vni.txt"), &Options { encoding: Some(chidao_formats::Legacy::Vni), ..Options::default() }).unwrap();
    assert_eq!(x.text.trim_end(), want.trim_end());
}

#[test]
fn legacy_fonts_in_word_and_rtf() {
    let want: String = source("legacy.txt").lines().collect::<Vec<_>>().join("\n\n");
    for name in ["legacy-vntime.doc", "legacy-vni-times.doc", "legacy-vntime.rtf", "legacy-vni-times.rtf"] {
        let x = text_of(name);
        assert_eq!(x.text, want, "{name}");
        assert!(x.notes.iter().any(|n| n.contains("legacy fonts")), "{name}: {:?}", x.notes);
    }
    // A .VnTime font name over Unicode text is not legacy text.
    for name in ["legacy-vntime-unicode.doc", "legacy-vntime-unicode.rtf"] {
        let x = text_of(name);
        assert!(x.notes.is_empty(), "{name}: {:?}", x.notes);
        assert!(x.text.contains("Kết luận của đồng chí Trưởng Ban Chỉ đạo"), "{name}: {}", x.text);
    }
}
