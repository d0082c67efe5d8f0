//! `chidao text FILE…`: the text chidao reads from each document — the decoded, normalised text
//! that every fact's byte span indexes — or, with `--format json`, that text with its format,
//! encoding, pages (text layer kept or replaced by OCR, and why), metadata and the map from text
//! spans to pages, positions, paragraphs and table rows.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::args::{TextArgs, TextFormat};
use crate::input::{for_each_doc, sources};
use crate::read::{read, warnings};

#[derive(Serialize)]
struct Out<'a> {
    id: &'a str,
    path: &'a str,
    #[serde(flatten)]
    read: &'a chidao_formats::Extracted,
}

pub fn run(a: TextArgs) -> Result<ExitCode> {
    let srcs = sources(&a.paths, a.read.stdin_format)?;
    let opts = a.read.opts();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut docs, mut failed) = (0usize, 0usize);
    for_each_doc(&srcs, a.read.read_options(), &|_| {}, |item| -> Result<()> {
        docs += 1;
        let raw = match item {
            Ok(raw) => raw,
            Err(e) => {
                failed += 1;
                eprintln!("chidao: {e:#}");
                return Ok(());
            }
        };
        match read(&raw, opts) {
            Err(e) => {
                failed += 1;
                eprintln!("chidao: {}: {e}", raw.origin);
            }
            Ok(x) => {
                for w in warnings(&x) {
                    eprintln!("chidao: {}: {w}", raw.origin);
                }
                match a.format {
                    TextFormat::Text => {
                        if docs > 1 {
                            writeln!(out, "\n==> {} <==", raw.origin)?;
                        }
                        writeln!(out, "{}", x.text)?;
                    }
                    TextFormat::Json => {
                        serde_json::to_writer(&mut out, &Out { id: &raw.id, path: &raw.origin, read: &x })?;
                        writeln!(out)?;
                    }
                }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    if failed > 0 {
        eprintln!("chidao: {failed} of {docs} documents failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
