//! `chidao ingest`: documents into the register.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use chidao_store::{Access, Location, SearchText, Signature, Source, Store, content_hash};
use chidao_text::Document;
use rayon::prelude::*;

use crate::args::IngestArgs;
use crate::input::{Item, for_each_doc, sources};
use crate::progress::Progress;

/// The writer's page cache (MB): the indexes a document reaches at random stay in memory up to a
/// register of about a million documents. It is most of an ingest's memory: SQLite held 531 MB
/// (its pages and their headers) of a peak RSS of 935 MB, measured on a process that read 2.15
/// million documents into a register of 2 million (`crates/store/README.md`). Since schema 17
/// the documents' full-text index is written by a thread of its own, with its own cache and its
/// own memory for the terms of a batch, and the register's pages alone are cached here: 512 MB
/// gave a peak RSS of 1,085 MB at a million documents.
const WRITER_CACHE_MB: u32 = 384;

/// Documents extracted together and handed to the writer at once (at most `--batch`, the
/// documents of a transaction, which may span several chunks): the memory of an ingest grows
/// with it, as up to three chunks are in flight (read, extracted and written), each with its
/// texts, keys and facts. Larger transactions write less (each commit writes every page it
/// touched to the log): measured at a million documents, transactions of 2,048 in chunks of 512
/// ran the step from 300,000 to 1,000,000 at 628 documents/s against 604 with 512, and peaked
/// at 1,023 MB against 919 (`crates/store/README.md`).
const CHUNK_DOCS: usize = 512;

/// The reading connection's page cache (MB). It only looks documents up by id, to pass over
/// those stored with the same content, and the [`chidao_store::OPEN_CACHE_MB`] it would open
/// with stay filled for the rest of the ingest once it has passed over a few hundred thousand.
const READER_CACHE_MB: u32 = 16;

/// The register's file from `--db`.
pub fn db_path(db: &Option<PathBuf>) -> PathBuf {
    db.clone().unwrap_or_else(chidao_store::default_path)
}

/// Where the register is, from `--db` (or `$CHIDAO_DB`): a file, or a `postgres://` URL.
pub fn db_location(db: &Option<PathBuf>) -> Location {
    Location::from(db_path(db).as_path())
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

impl Counts {
    fn done(&self) -> usize {
        self.new + self.unchanged + self.updated + self.failed
    }
}

type Shared = std::sync::Arc<std::sync::Mutex<Counts>>;

fn lock(c: &Shared) -> std::sync::MutexGuard<'_, Counts> {
    c.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The owned parts of an extraction, to send a prepared document to the writer thread (an
/// [`chidao_extract::Extraction`] borrows its document).
struct Parts {
    meta: chidao_extract::meta::Meta,
    dates: Vec<chidao_extract::date::DateMention>,
    orgs: Vec<chidao_extract::org::Org>,
    people: Vec<chidao_extract::person::Person>,
    docrefs: Vec<chidao_extract::docref::DocRef>,
    events: Vec<chidao_extract::event::Event>,
    figures: Vec<chidao_extract::figure::Figure>,
    tasks: Vec<chidao_extract::task::Task>,
    header: Option<chidao_extract::header::Header>,
}

impl Parts {
    fn of(x: chidao_extract::Extraction<'_>) -> Parts {
        let chidao_extract::Extraction { doc: _, meta, dates, orgs, people, docrefs, events, figures, tasks, header } = x;
        Parts { meta, dates, orgs, people, docrefs, events, figures, tasks, header }
    }

    fn with(self, doc: &Document) -> chidao_extract::Extraction<'_> {
        let Parts { meta, dates, orgs, people, docrefs, events, figures, tasks, header } = self;
        chidao_extract::Extraction { doc, meta, dates, orgs, people, docrefs, events, figures, tasks, header }
    }
}

/// A document ready to be written.
struct Ready {
    doc: Document,
    hash: [u8; 16],
    sig: Option<Signature>,
    search: SearchText,
    parts: Parts,
    original: Original,
}

/// A document's original: its record, and its bytes unless it is plain text.
struct Original {
    source: Source,
    bytes: Option<Vec<u8>>,
}

pub fn run(a: IngestArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let srcs = sources(&a.input.paths, a.input.read.stdin_format)?;
    let at = db_location(&a.db);
    // The writer owns one connection; this thread reads with another (what is stored already).
    let report = chidao_store::report_on_stderr();
    let quiet = |_: usize, _: usize| {};
    let mut writer_store = Store::open_reporting(&at, Access::Create, if a.quiet { &quiet } else { &report })?;
    match writer_store.search_synced() {
        Some(chidao_store::Synced::Rebuilt(n)) if n > 0 && !a.quiet => eprintln!("chidao: search index made again from {n} stored texts"),
        Some(chidao_store::Synced::Replayed(n)) if n > 0 && !a.quiet => eprintln!("chidao: search index: {n} rows an interrupted ingest left out written again"),
        _ => {}
    }
    writer_store.bulk_writer(WRITER_CACHE_MB)?;
    let reader = Store::open_location(&at, Access::Read)?;
    reader.cache_mb(READER_CACHE_MB)?;
    let pool = crate::pool(a.input.jobs)?;
    let opts = a.input.read.opts();
    let bar = Progress::shown_if(&srcs, !a.quiet);
    let counts: Shared = Default::default();
    // Chunk k is written while chunk k+1 is extracted.
    let per_tx = a.batch.max(1);
    let chunk_docs = per_tx.min(CHUNK_DOCS);
    let (send, recv) = std::sync::mpsc::sync_channel::<Vec<Ready>>(1);
    let writer = {
        let counts = counts.clone();
        let bar = bar.clone();
        let reextract = a.reextract;
        // The thread hands its connection back, to be closed after the reader's (below).
        std::thread::spawn(move || {
            let mut store = writer_store;
            let written = write_batches(&mut store, recv, per_tx, reextract, &counts, &bar, start);
            (store, written)
        })
    };
    let prep = Prep { reader: &reader, pool: &pool, opts, reextract: a.reextract };
    let mut batch: Vec<Item> = Vec::with_capacity(chunk_docs);
    let progress = |n: u64| bar.bytes(n);
    let read = for_each_doc(&srcs, a.input.read.read_options(), &progress, |doc| -> Result<()> {
        batch.push(doc);
        if batch.len() >= chunk_docs {
            prepare_batch(&prep, &mut batch, &counts, &bar, &send)?;
        }
        Ok(())
    })
    .and_then(|()| prepare_batch(&prep, &mut batch, &counts, &bar, &send));
    drop(send);
    // The read-only connection closes before the writer's, so that the writer, closing last, folds
    // the write-ahead log into the register and removes it (a read-only connection cannot). The
    // writer may finish first: its connection is closed here, not when its thread ends.
    drop(reader);
    let (writer_store, written) = writer.join().map_err(|_| anyhow::anyhow!("the writer thread failed (a bug: please report it)"))?;
    drop(writer_store);
    written?;
    read?;
    bar.finish();
    let c = lock(&counts);
    let secs = start.elapsed().as_secs_f64();
    let total = c.done();
    eprintln!(
        "chidao: {total} documents in {secs:.1}s ({:.0}/s): {} new, {} unchanged, {} updated, {} failed; {} near-duplicates linked; {} facts added → {}",
        total as f64 / secs.max(1e-9),
        c.new,
        c.unchanged,
        c.updated,
        c.failed,
        c.duplicates,
        c.facts,
        at
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
    info: chidao_text::DocInfo,
    original: Original,
}

/// Decodes, skips what is stored, prepares and extracts one batch (in parallel), and hands it to
/// the writer.
/// What the preparing side works with.
#[derive(Clone, Copy)]
struct Prep<'a> {
    /// A read connection (what is stored already).
    reader: &'a Store,
    pool: &'a rayon::ThreadPool,
    opts: crate::read::ReadOpts,
    /// Extract documents stored with the same content too.
    reextract: bool,
}

fn prepare_batch(
    prep: &Prep<'_>,
    batch: &mut Vec<Item>,
    counts: &Shared,
    bar: &Progress,
    send: &std::sync::mpsc::SyncSender<Vec<Ready>>,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let Prep { reader, pool, opts, reextract } = *prep;
    // 1. Decode and hash.
    let decoded: Vec<Result<Decoded>> = pool.install(|| {
        batch
            .par_drain(..)
            .map(|r| {
                let raw = r?;
                let x = crate::read::read(&raw, opts).map_err(|e| anyhow::anyhow!("{}: {e}", raw.origin))?;
                for w in crate::read::warnings(&x) {
                    eprintln!("chidao: {}: {w}", raw.origin);
                }
                let info = x.info(&raw.meta);
                let source = Source::of(&raw.id, &raw.bytes, &x);
                let bytes = (x.format != chidao_formats::Format::Text).then_some(raw.bytes);
                let hash = content_hash(&x.text);
                Ok(Decoded { id: raw.id, text: x.text, hash, info, original: Original { source, bytes } })
            })
            .collect()
    });
    // 2. Skip what is stored already (same id, same hash) without extracting.
    let mut todo = Vec::new();
    let (mut failed, mut unchanged) = (0, 0);
    for d in decoded {
        match d {
            Err(e) => {
                failed += 1;
                bar.message(&format!("chidao: {e:#}"));
            }
            Ok(d) => {
                if reextract || reader.needs_write(&d.id, d.hash)? {
                    todo.push(d);
                } else {
                    unchanged += 1;
                }
            }
        }
    }
    // 3. Prepare, sign and extract.
    let ready: Vec<Option<Ready>> = pool.install(|| {
        todo.into_par_iter()
            .map(|d| {
                let sig = Signature::of(&d.text);
                let search = SearchText::of(&d.text);
                let original = d.original;
                let doc = Document::new(d.id, d.text).with_info(d.info);
                let parts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Parts::of(chidao_extract::extract(&doc))));
                match parts {
                    Ok(parts) => Some(Ready { doc, hash: d.hash, sig, search, parts, original }),
                    Err(_) => {
                        bar.message(&format!("chidao: {}: extraction failed (a bug: please report it)", doc.id));
                        None
                    }
                }
            })
            .collect()
    });
    failed += ready.iter().filter(|r| r.is_none()).count();
    {
        let mut c = lock(counts);
        c.failed += failed;
        c.unchanged += unchanged;
    }
    let ready: Vec<Ready> = ready.into_iter().flatten().collect();
    if !ready.is_empty() {
        // A closed channel means the writer stopped on an error, which `run` reports.
        send.send(ready).map_err(|_| anyhow::anyhow!("the writer stopped"))?;
    }
    Ok(())
}

/// The writer thread: the chunks in order, in transactions of up to `per_tx` documents.
fn write_batches(
    store: &mut Store,
    recv: std::sync::mpsc::Receiver<Vec<Ready>>,
    per_tx: usize,
    reextract: bool,
    counts: &Shared,
    bar: &Progress,
    start: Instant,
) -> Result<()> {
    let mut waited = false;
    let path = store.path().map_or_else(String::new, |p| p.display().to_string());
    for first in &recv {
        let mut tx = loop {
            match store.batch() {
                Ok(tx) => break tx,
                Err(e) if e.is_busy() => {
                    if !waited {
                        bar.message(&format!("chidao: {path}: another process is writing the register; waiting for it"));
                        waited = true;
                    }
                }
                Err(e) => return Err(e.into()),
            }
        };
        tx.reextract(reextract);
        let mut local = Counts::default();
        // `per_tx` documents, chunk after chunk (the last transaction fewer).
        let mut in_tx = 0;
        let mut chunk = Some(first);
        while let Some(batch) = chunk.take() {
            in_tx += batch.len();
            write_chunk(&mut tx, batch, &mut local)?;
            if in_tx < per_tx {
                chunk = recv.recv().ok();
            }
        }
        tx.commit()?;
        let mut c = lock(counts);
        c.new += local.new;
        c.unchanged += local.unchanged;
        c.updated += local.updated;
        c.duplicates += local.duplicates;
        c.facts += local.facts;
        let done = c.done();
        bar.status(format!(
            "{done} docs  {:.0} docs/s  ({} new/updated, {} unchanged)",
            done as f64 / start.elapsed().as_secs_f64().max(1e-3),
            c.new + c.updated,
            c.unchanged
        ));
    }
    // Updated and re-extracted documents left deleted rows in the search index: rebuild it when
    // they would skew ranking.
    bar.status("search index: checking".to_string());
    let rebuilt = store.maintain_search(false)?;
    if rebuilt != chidao_store::Rebuilt::default() {
        bar.message(&format!("chidao: search index rebuilt ({} documents, {} facts) after updates", rebuilt.documents, rebuilt.facts));
    }
    Ok(())
}

/// Writes one extracted chunk in the writer's transaction, counting what happened.
fn write_chunk(tx: &mut chidao_store::Batch<'_>, batch: Vec<Ready>, local: &mut Counts) -> Result<()> {
    for r in batch {
        let x = r.parts.with(&r.doc);
        let out = tx.put_with(&r.doc, r.hash, r.sig.as_ref(), Some(r.search), &x)?;
        if !out.unchanged && r.original.source.worth_keeping() {
            tx.put_source(out.doc, &r.original.source, r.original.bytes.as_deref())?;
        }
        if out.unchanged {
            local.unchanged += 1;
        } else if out.updated {
            local.updated += 1;
        } else {
            local.new += 1;
        }
        if out.duplicate_of.is_some() {
            local.duplicates += 1;
        } else {
            local.facts += out.facts;
        }
    }
    Ok(())
}
