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
    let json_array = a.format == Format::Json && !a.explain;
    if json_array {
        out.write_all(b"[")?;
    }
    let mut batch: Vec<Result<RawDoc>> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Result<RawDoc>>, out: &mut BufWriter<std::io::StdoutLock<'_>>| -> Result<()> {
        let results: Vec<Result<String>> = pool.install(|| batch.par_drain(..).map(|r| r.and_then(|raw| process(raw, opts, a.format, a.explain))).collect());
        for r in results {
            match r {
                Ok(s) => {
                    if json_array && !first {
                        out.write_all(b",")?;
                    }
                    first = false;
                    out.write_all(s.as_bytes())?;
                    if !json_array {
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
    if json_array {
        out.write_all(b"]\n")?;
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn process(raw: RawDoc, opts: DecodeOptions, format: Format, explain: bool) -> Result<String> {
    let (text, warnings) = decode(&raw.bytes, opts).with_context(|| raw.origin.clone())?;
    for w in warnings {
        eprintln!("chidao: {}: warning: {w}", raw.origin);
    }
    let doc = Document::new(raw.id, text);
    let facts = chidao_extract::extract(&doc);
    if explain {
        return explain_tasks(&facts, format);
    }
    let rec = chidao_extract::record::Record::new(&facts);
    Ok(match format {
        Format::Pretty => serde_json::to_string_pretty(&rec)?,
        _ => serde_json::to_string(&rec)?,
    })
}

/// The task extractor's sentence-by-sentence decisions: a readable table, or JSON with `--format json`.
fn explain_tasks(x: &chidao_extract::Extraction<'_>, format: Format) -> Result<String> {
    use std::fmt::Write as _;
    let input = chidao_extract::task::TaskInput { doc: x.doc, dates: &x.dates, people: &x.people, orgs: &x.orgs, docrefs: &x.docrefs };
    let decisions = chidao_extract::task::explain(&input);
    if format == Format::Json {
        return Ok(serde_json::to_string(&serde_json::json!({"id": x.doc.id, "sentences": decisions}))?);
    }
    let mut s = String::new();
    writeln!(s, "== {}", x.doc.id)?;
    for d in &decisions {
        let mark = match d.kind {
            Some(chidao_extract::task::TaskKind::Commitment) if d.taken => "C",
            _ if d.taken => "D",
            _ => "-",
        };
        writeln!(s, "[{mark}] {}", d.text)?;
        let mut info = vec![format!("reason: {}", d.reason)];
        if let Some(c) = &d.cue {
            info.push(format!("cue: {c}"));
        }
        if let Some(p) = &d.speaker {
            info.push(format!("speaker: {p}"));
        }
        if let Some(p) = &d.addressee {
            info.push(format!("addressee: {p}"));
        }
        writeln!(s, "      {}", info.join(" | "))?;
        for t in d.tasks.iter().filter(|t| t.span != d.span) {
            writeln!(s, "      clause: {}", x.doc.slice(t.span))?;
        }
        for t in &d.tasks {
            let dl = t.deadline.and_then(|d| d.iso()).unwrap_or_default();
            if t.issuer.is_some() || t.assignee.is_some() || !dl.is_empty() {
                writeln!(
                    s,
                    "      -> issuer: {} | assignee: {} | deadline: {dl}",
                    t.issuer.as_deref().unwrap_or("-"),
                    t.assignee.as_deref().unwrap_or("-")
                )?;
            }
        }
    }
    Ok(s)
}
