//! Runs every fuzz target's body over the bundled examples, the golden fixtures, any saved
//! `corpus/<target>/` or `artifacts/<target>/` inputs, and a few hand-made hostile inputs.
//! Stable toolchain: `cargo test --manifest-path fuzz/Cargo.toml`.

use std::path::Path;

/// A list of more office holders than the person finder resolves roles for (it once panicked).
fn officials(n: usize) -> String {
    let (family, middle, given) = (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"], ["Văn", "Thị", "Minh", "Đức"], ["An", "Bình", "Cường", "Dũng", "Hà", "Khánh", "Lâm", "Nga", "Oanh", "Phúc", "Quang", "Sơn", "Tâm", "Uyên"]);
    let mut s = String::new();
    for i in 0..n {
        s += &format!("Đồng chí {} {} {}, Giám đốc Sở Nội vụ;\n", family[i % 5], middle[(i / 5) % 4], given[(i / 20) % 14]);
    }
    s + "Đồng chí Giám đốc Sở Nội vụ phát biểu.\n"
}

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xff\xfe".to_vec(),
        b"\xef\xbb\xbf\r\n\r".to_vec(),
        "Chỉ thị số 1-CT/TW ngày 3/".repeat(200).into_bytes(),
        "ngày 31/12/2024 Kế hoạch 27-KH/TU Quyết định 412/QĐ-UBND ngày".as_bytes().to_vec(),
        "Nguyễn Văn ".repeat(300).into_bytes(),
        "“".repeat(500).into_bytes(),
        b"a\x00b\xc3".to_vec(),
        "e\u{301}\u{301}\u{323} o\u{31b}\u{309}".as_bytes().to_vec(),
        officials(260).into_bytes(),
    ];
    for dir in ["../examples", "../crates/extract/tests/fixtures", "../crates/formats/tests/fixtures", &format!("corpus/{target}"), &format!("artifacts/{target}")] {
        if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
            for e in rd.flatten() {
                if e.path().is_file() {
                    v.push(std::fs::read(e.path()).unwrap());
                }
            }
        }
    }
    v
}

#[test]
fn decode_document() {
    inputs("decode_document").iter().for_each(|d| chidao_fuzz::decode_document(d));
}

#[test]
fn extract() {
    inputs("extract").iter().for_each(|d| chidao_fuzz::extract(d));
}

#[test]
fn date() {
    inputs("date").iter().for_each(|d| chidao_fuzz::date(d));
}

#[test]
fn docref() {
    inputs("docref").iter().for_each(|d| chidao_fuzz::docref(d));
}

#[test]
fn header() {
    let mut v = inputs("header");
    // Headers cut anywhere, columns glued, codes broken at the line end, spaced digits.
    v.push("ỦY BAN NHÂN DÂN\nTỈNH \nSố: 8 5 /GM-\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Hòa Lạc, ngày 3 tháng năm 2026\nKẾ HOẠCH\n".as_bytes().to_vec());
    v.push("Số: ".repeat(400).into_bytes());
    v.push("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKT. \nTM.\nNơi nhận:\n-".repeat(50).into_bytes());
    for d in v {
        chidao_fuzz::header(&d);
        for cut in [d.len() / 3, d.len() / 2] {
            chidao_fuzz::header(&d[..cut]);
        }
    }
}


#[test]
fn formats() {
    let targets: [(&str, fn(&[u8])); 10] = [
        ("formats_read", chidao_fuzz::formats_read),
        ("formats_pdf", chidao_fuzz::formats_pdf),
        ("formats_docx", chidao_fuzz::formats_docx),
        ("formats_docx_xml", chidao_fuzz::formats_docx_xml),
        ("formats_doc", chidao_fuzz::formats_doc),
        ("formats_doc_streams", chidao_fuzz::formats_doc_streams),
        ("formats_rtf", chidao_fuzz::formats_rtf),
        ("formats_html", chidao_fuzz::formats_html),
        ("formats_legacy", chidao_fuzz::formats_legacy),
        ("formats_layout", chidao_fuzz::formats_layout),
    ];
    for (name, f) in targets {
        for d in inputs(name) {
            f(&d);
            // Truncations and a flipped byte of every input too: broken files of each format.
            for cut in [d.len() / 2, d.len() * 9 / 10] {
                f(&d[..cut]);
            }
            let mut flipped = d.clone();
            if let Some(b) = flipped.get_mut(d.len() / 3) {
                *b ^= 0x5A;
            }
            f(&flipped);
        }
    }
}
