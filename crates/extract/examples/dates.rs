//! Lists the date mentions of documents: `cargo run --example dates -p chidao-extract -- FILE...`
//! Prints one line per mention: file name, value, end, deadline, kind, cue, year source, text
//! (and the text around it when `DATES_CTX` is set).

use chidao_text::{DecodeOptions, Document, decode};

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        let Ok((text, _)) = decode(&bytes, DecodeOptions { lossy: true }) else {
            eprintln!("cannot decode {path}");
            continue;
        };
        let name = std::path::Path::new(&path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        let doc = Document::new(name.clone(), text);
        let ctx = std::env::var_os("DATES_CTX").is_some();
        for m in chidao_extract::date::find(&doc) {
            let around = if ctx {
                let mut a = m.span.start.saturating_sub(60);
                while !doc.text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (m.span.end + 40).min(doc.text.len());
                while !doc.text.is_char_boundary(b) {
                    b += 1;
                }
                format!("\t{}", doc.text[a..b].replace(['\n', '\t'], " "))
            } else {
                String::new()
            };
            println!(
                "{}\t{}\t{}\t{}\t{:?}{}\t{}\t{:?}\t{}{}",
                name,
                m.value.iso().unwrap_or_default(),
                m.end.iso().unwrap_or_default(),
                m.deadline().and_then(|d| d.iso()).unwrap_or_default(),
                m.kind,
                if m.published {
                    " published"
                } else if m.recurring {
                    " recurring"
                } else {
                    ""
                },
                m.cue.as_deref().unwrap_or("-"),
                m.year_source,
                doc.slice(m.span).replace(['\n', '\t'], " "),
                around,
            );
        }
    }
}
