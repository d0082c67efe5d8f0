//! `chidao ingest`: documents into the register.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chidao_store::{Signature, Store, content_hash};
use chidao_text::{DecodeOptions, Document, decode};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::input::{Item, Source, for_each_doc, sources};

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, folders (their *.txt), `.jsonl` / `.jsonl.gz` files of {"id","text"} lines, or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The register (SQLite file). Default: $CHIDAO_DB, else ./chidao.db.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Documents processed in parallel; 0 = one per core.
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// Replace invalid UTF-8 with U+FFFD (and warn) instead of refusing the document.
    #[arg(long)]
    pub lossy: bool,
    /// Documents per transaction (a kill loses at most one batch; re-running finishes the job).
    #[arg(long, default_value_t = 512)]
    pub batch: usize,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The register's file from `--db`.
pub fn db_path(db: &Option<PathBuf>) -> PathBuf {
    db.clone().unwrap_or_else(chidao_store::default_path)
}

#[derive(Default)]
struct Counts {
    new: usize,
    unchanged: usize,
    updated: usize,
    failed: usize,
    duplicates: usize,
    facts: usize,
}

pub fn run(a: IngestArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let srcs = sources(&a.paths)?;
    let path = db_path(&a.db);
    let mut store = Store::open(&path)?;
    let pool = crate::pool(a.jobs)?;
    let opts = DecodeOptions { lossy: a.lossy };
    let show = !a.quiet && std::io::stderr().is_terminal();
    // By bytes of input read (that gives the ETA without a counting pass); documents per second in
    // the message.
    let bar = if show {
        let total: u64 = srcs.iter().map(Source::size).sum();
        let bar = ProgressBar::with_draw_target(Some(total.max(1)), ProgressDrawTarget::stderr());
        let style = "{elapsed_precise} [{wide_bar}] {percent:>3}%  ETA {eta}  {msg}";
        bar.set_style(ProgressStyle::with_template(style).unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> "));
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut c = Counts::default();
    let batch_size = a.batch.max(1);
    let mut batch: Vec<Item> = Vec::with_capacity(batch_size);
    let progress = |n: u64| bar.inc(n);
    for_each_doc(&srcs, &progress, |doc| -> Result<()> {
        batch.push(doc);
        if batch.len() >= batch_size {
            ingest_batch(&mut store, &pool, opts, &mut batch, &mut c, &bar, start)?;
        }
        Ok(())
    })?;
    ingest_batch(&mut store, &pool, opts, &mut batch, &mut c, &bar, start)?;
    bar.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let total = c.new + c.unchanged + c.updated + c.failed;
    eprintln!(
        "chidao: {total} documents in {secs:.1}s ({:.0}/s): {} new, {} unchanged, {} updated, {} failed; {} near-duplicates linked; {} facts added → {}",
        total as f64 / secs.max(1e-9),
        c.new,
        c.unchanged,
        c.updated,
        c.failed,
        c.duplicates,
        c.facts,
        path.display()
    );
    if c.new + c.updated == 0 && c.failed == 0 {
        eprintln!("chidao: nothing changed");
    }
    Ok(if c.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

struct Decoded {
    id: String,
    text: String,
    hash: [u8; 16],
}

fn ingest_batch(
    store: &mut Store,
    pool: &rayon::ThreadPool,
    opts: DecodeOptions,
    batch: &mut Vec<Item>,
    c: &mut Counts,
    bar: &ProgressBar,
    start: Instant,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    // 1. Decode and hash, in parallel.
    let decoded: Vec<Result<Decoded>> = pool.install(|| {
        batch
            .par_drain(..)
            .map(|r| {
                let raw = r?;
                let (text, warnings) = decode(&raw.bytes, opts).with_context(|| raw.origin.clone())?;
                for w in warnings {
                    eprintln!("chidao: {}: warning: {w}", raw.origin);
                }
                let hash = content_hash(&text);
                Ok(Decoded { id: raw.id, text, hash })
            })
            .collect()
    });
    let mut tx = store.batch()?;
    // 2. Skip what is stored already (same id, same hash) without extracting.
    let mut todo = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for d in decoded {
        match d {
            Err(e) => {
                c.failed += 1;
                bar.suspend(|| eprintln!("chidao: {e:#}"));
            }
            Ok(d) => {
                if seen.get(&d.id) == Some(&d.hash) || !tx.needs_write(&d.id, d.hash)? {
                    c.unchanged += 1;
                } else {
                    seen.insert(d.id.clone(), d.hash);
                    todo.push(d);
                }
            }
        }
    }
    // 3. Prepare, extract and sign, in parallel.
    let prepared: Vec<(Document, [u8; 16], Option<Signature>)> = pool.install(|| {
        todo.into_par_iter()
            .map(|d| {
                let sig = Signature::of(&d.text);
                (Document::new(d.id, d.text), d.hash, sig)
            })
            .collect()
    });
    let extracted: Vec<std::thread::Result<chidao_extract::Extraction<'_>>> = pool.install(|| {
        prepared
            .par_iter()
            .map(|(doc, _, _)| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| chidao_extract::extract(doc))))
            .collect()
    });
    // 4. Write, in order, in one transaction.
    for ((doc, hash, sig), x) in prepared.iter().zip(extracted) {
        match x {
            Ok(x) => {
                let out = tx.put(doc, *hash, sig.as_ref(), &x)?;
                if out.updated {
                    c.updated += 1;
                } else {
                    c.new += 1;
                }
                if out.duplicate_of.is_some() {
                    c.duplicates += 1;
                } else {
                    c.facts += out.facts;
                }
            }
            Err(_) => {
                c.failed += 1;
                bar.suspend(|| eprintln!("chidao: {}: extraction failed (a bug: please report it)", doc.id));
            }
        }
    }
    tx.commit()?;
    let done = c.new + c.updated + c.unchanged + c.failed;
    bar.set_message(format!(
        "{done} docs  {:.0} docs/s  ({} new/updated, {} unchanged)",
        done as f64 / start.elapsed().as_secs_f64().max(1e-3),
        c.new + c.updated,
        c.unchanged
    ));
    Ok(())
}
