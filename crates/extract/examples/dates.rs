//! Lists the date mentions of documents: `cargo run --example dates -p chidao-extract -- FILE...`
//! Prints one line per mention: file name, value, end, deadline, kind, cue, year source, text
//! (and the text around it when `DATES_CTX` is set).

use chidao_text::{DecodeOptions, Document, decode};

fn main() {
    let timing = std::env::var_os("DATES_TIME").is_some();
    let (mut t_doc, mut t_find, mut bytes_total) = (0.0f64, 0.0f64, 0usize);
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
        bytes_total += text.len();
        let t0 = std::time::Instant::now();
        let doc = Document::new(name.clone(), text);
        let t1 = std::time::Instant::now();
        let found = chidao_extract::date::find(&doc);
        t_doc += (t1 - t0).as_secs_f64();
        t_find += t1.elapsed().as_secs_f64();
        if timing {
            continue;
        }
        let ctx = std::env::var_os("DATES_CTX").is_some();
        for m in found {
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
    if timing {
        let mb = bytes_total as f64 / 1e6;
        eprintln!(
            "{mb:.1} MB: Document::new {:.1} MB/s, date::find {:.1} MB/s",
            mb / t_doc,
            mb / t_find
        );
    }
}
