//! `chidao extract`.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chidao_text::{DecodeOptions, Document, decode};
use rayon::prelude::*;

use crate::args::{ExtractArgs, Format};
use crate::input::{RawDoc, for_each_doc, sources};

/// Documents handed to the worker pool at once; output is written in input order after each batch.
const BATCH: usize = 256;

pub fn run(a: ExtractArgs) -> Result<ExitCode> {
    let srcs = sources(&a.paths)?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(a.jobs).build().context("cannot start worker threads")?;
    let opts = DecodeOptions { lossy: a.lossy };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut first = true;
    if a.format == Format::Json {
        out.write_all(b"[")?;
    }
    let mut batch: Vec<Result<RawDoc>> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Result<RawDoc>>, out: &mut BufWriter<std::io::StdoutLock<'_>>| -> Result<()> {
        let results: Vec<Result<String>> = pool.install(|| batch.par_drain(..).map(|r| r.and_then(|raw| process(raw, opts, a.format))).collect());
        for r in results {
            match r {
                Ok(s) => {
                    if a.format == Format::Json && !first {
                        out.write_all(b",")?;
                    }
                    first = false;
                    out.write_all(s.as_bytes())?;
                    if a.format != Format::Json {
                        out.write_all(b"\n")?;
                    }
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("chidao: {e:#}");
                }
            }
        }
        Ok(())
    };
    for_each_doc(&srcs, |doc| {
        batch.push(doc);
        if batch.len() >= BATCH {
            flush(&mut batch, &mut out)?;
        }
        Ok(())
    })?;
    flush(&mut batch, &mut out)?;
    if a.format == Format::Json {
        out.write_all(b"]\n")?;
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn process(raw: RawDoc, opts: DecodeOptions, format: Format) -> Result<String> {
    let (text, warnings) = decode(&raw.bytes, opts).with_context(|| raw.origin.clone())?;
    for w in warnings {
        eprintln!("chidao: {}: warning: {w}", raw.origin);
    }
    let doc = Document::new(raw.id, text);
    let facts = chidao_extract::extract(&doc);
    let rec = chidao_extract::record::Record::new(&facts);
    Ok(match format {
        Format::Pretty => serde_json::to_string_pretty(&rec)?,
        _ => serde_json::to_string(&rec)?,
    })
}
