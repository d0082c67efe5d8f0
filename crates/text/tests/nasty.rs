//! Hostile inputs from `../shared/corpus/make_nasty.py`: each is decoded or refused with a clear
//! error, without panicking. Skipped with a message when the script or python3 is absent.

use chidao_text::{DecodeOptions, Document, decode};

#[test]
fn nasty_inputs_are_decoded_or_refused() {
    let Some(shared) = chidao_testkit::shared("nasty_inputs_are_decoded_or_refused") else { return };
    let script = shared.join("corpus/make_nasty.py");
    let script = script.to_string_lossy();
    let script = script.as_ref();
    let dir = std::env::temp_dir().join(format!("chidao-text-nasty-{}", std::process::id()));
    let ok = std::process::Command::new("python3")
        .arg(script)
        .arg(&dir)
        .arg("--big-mb")
        .arg("2")
        .status();
    if !ok.is_ok_and(|s| s.success()) {
        chidao_testkit::skip("nasty_inputs_are_decoded_or_refused", &format!("cannot run {script} (python3)"));
        return;
    }
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        match decode(&bytes, DecodeOptions::default()) {
            Ok((text, warnings)) => {
                let doc = Document::new(name.clone(), text);
                assert_eq!(doc.key.len(), doc.text.len());
                eprintln!(
                    "{name}: ok, {} bytes, {} sentences, warnings {warnings:?}",
                    doc.text.len(),
                    doc.sentences.len()
                );
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                eprintln!("{name}: refused: {e}");
            }
        }
        if name == "binary-png.txt" {
            assert!(decode(&bytes, DecodeOptions::default()).is_err());
        }
        if name == "old-tone-style.txt" {
            let (t, _) = decode(&bytes, DecodeOptions::default()).unwrap();
            let doc = Document::new("x", t);
            assert!(
                doc.key.contains("hòa lâm")
                    && doc.key.contains("thúy hòa,")
                    && !doc.key.contains("hoà ")
            );
        }
        if name == "html-page.txt" {
            let (t, _) = decode(&bytes, DecodeOptions::default()).unwrap();
            assert!(!t.contains("<p>") && !t.contains("var x"), "{t}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
