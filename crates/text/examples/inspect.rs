//! Prints, for each file given, its zones and sentences as one JSON object per line:
//! `cargo run -p chidao-text --example inspect -- FILE...` (used to check zones and splitting
//! against annotated documents).
use chidao_text::{DecodeOptions, Document, decode};

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let text = match decode(&bytes, DecodeOptions::default()) {
            Ok((t, _)) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let id = std::path::Path::new(&path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        let doc = Document::new(id, text);
        let zones: Vec<serde_json::Value> = doc
            .zones
            .iter()
            .map(|z| {
                serde_json::json!({
                    "kind": z.kind,
                    "text": doc.slice(z.span),
                    "value": z.value.map(|v| doc.slice(v)),
                })
            })
            .collect();
        let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.span)).collect();
        println!(
            "{}",
            serde_json::json!({"id": doc.id, "zones": zones, "sentences": sentences})
        );
    }
}
