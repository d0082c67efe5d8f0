//! `chidao extract`: read documents, extract in parallel, write records in input order.
//!
//! A reader thread cuts the input into batches; each batch is extracted on the worker pool and its
//! records are written in input order before the next, so the output does not depend on `--jobs`.

use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;

use anyhow::Result;
use rayon::prelude::*;

use crate::args::{ExtractArgs, Format};
use crate::input::{Item, for_each_doc, sources};
use crate::pipeline::{Done, process};
use crate::progress::Progress;

/// A batch is handed to the workers when it holds this many documents…
const BATCH_DOCS: usize = 256;
/// … or this many bytes.
const BATCH_BYTES: usize = 16 << 20;

pub fn run(a: ExtractArgs) -> Result<ExitCode> {
    let srcs = sources(&a.input.paths, a.input.read.stdin_format)?;
    let pool = crate::pool(a.input.jobs)?;
    let opts = a.input.read.opts();
    let read_opts = a.input.read.read_options();
    let progress = Progress::new(&srcs);
    let format = match (a.explain, a.format) {
        (true, Format::Json | Format::ExplainJson) => Format::ExplainJson,
        (true, _) => Format::Explain,
        (false, f) => f,
    };
    let mut out = Output { out: BufWriter::new(std::io::stdout().lock()), format, written: 0 };
    let mut tally = Tally::default();
    out.begin()?;
    std::thread::scope(|s| -> Result<()> {
        let (tx, rx) = sync_channel::<Vec<Item>>(2);
        let progress = &progress;
        s.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            let _ = for_each_doc(&srcs, read_opts, &|n| progress.bytes(n), |item| {
                bytes += item.as_ref().map_or(0, |d| d.bytes.len());
                batch.push(item);
                if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                    bytes = 0;
                    tx.send(std::mem::take(&mut batch))?;
                }
                Ok::<_, std::sync::mpsc::SendError<_>>(())
            })
            .and_then(|()| tx.send(batch));
        });
        // Leaving this loop early (a write error) drops `rx`, which stops the reader.
        for batch in rx {
            let done: Vec<Result<Done, String>> = pool.install(|| {
                batch.into_par_iter().map(|item| item.map(|raw| process(&raw, opts, format)).map_err(|e| format!("{e:#}"))).collect()
            });
            for d in done {
                tally.docs += 1;
                match d {
                    Ok(Done { origin, warnings, result, .. }) => {
                        for w in warnings {
                            progress.message(&format!("chidao: {origin}: {w}"));
                        }
                        match result {
                            Ok(rec) => out.record(&rec)?,
                            Err(e) => tally.fail(progress, &format!("{origin}: {e}")),
                        }
                    }
                    Err(e) => tally.fail(progress, &e),
                }
            }
            progress.docs(tally.docs);
        }
        Ok(())
    })?;
    out.end()?;
    progress.finish();
    if tally.failed > 0 {
        eprintln!("chidao: {} of {} documents failed", tally.failed, tally.docs);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Default)]
struct Tally {
    docs: usize,
    failed: usize,
}

impl Tally {
    fn fail(&mut self, progress: &Progress, message: &str) {
        self.failed += 1;
        progress.message(&format!("chidao: {message}"));
    }
}

/// Writes records in one of the output formats.
struct Output<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

impl<W: Write> Output<W> {
    fn begin(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(b"[")?;
        }
        Ok(())
    }

    fn record(&mut self, rec: &str) -> std::io::Result<()> {
        match self.format {
            Format::Json => {
                if self.written > 0 {
                    self.out.write_all(b",\n")?;
                }
                self.out.write_all(rec.as_bytes())?;
            }
            Format::Jsonl | Format::Pretty | Format::Explain | Format::ExplainJson => {
                self.out.write_all(rec.as_bytes())?;
                self.out.write_all(b"\n")?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn end(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(b"]\n")?;
        }
        self.out.flush()
    }
}
