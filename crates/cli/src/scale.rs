//! `chidao bench-scale`: a register of N documents built deterministically from a corpus, measured
//! as it grows.
//!
//! The documents are the corpus's own articles, then recombinations: a headline of one article
//! and as many paragraphs as that article has (long ones cut into runs of whole sentences), each
//! drawn from another article, chosen by a seeded generator, so that the
//! same corpus and seed build the same register and no two built documents are near-copies. At
//! each step (100k, 300k, 1M documents by default) the documents up to it are streamed into a
//! `chidao ingest` child process (the same binary, its standard input), which is timed, and whose
//! peak resident set is sampled from /proc while it runs; then the register's size on disk (the
//! file and its write-ahead log, as `chidao stats` counts it) and
//! the fixed search query set's latency (`bench-search`) are measured in this process.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chidao_store::{Access, Store};

use crate::args::BenchScaleArgs;
use crate::bench::peak_rss_kb_of;
use crate::query::{SearchTimes, percentiles, time_queries};

/// The default steps (documents).
const STEPS: [u64; 3] = [100_000, 300_000, 1_000_000];

/// The corpus: each article's headline and paragraphs (non-empty lines).
struct Corpus {
    articles: Vec<Vec<String>>,
}

impl Corpus {
    fn read(path: &Path) -> Result<Corpus> {
        let file = std::fs::File::open(path).with_context(|| format!("{}: cannot open the corpus", path.display()))?;
        let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        let mut articles = Vec::new();
        for (i, line) in BufReader::new(reader).lines().enumerate() {
            let line = line.with_context(|| format!("{}: line {}: cannot read", path.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(&line).with_context(|| format!("{}: line {}: not a JSON object", path.display(), i + 1))?;
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
                bail!("{}: line {}: no \"text\" field", path.display(), i + 1);
            };
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let paras: Vec<String> = lines.next().map(str::to_string).into_iter().chain(lines.flat_map(chunks)).collect();
            if paras.len() >= 2 {
                articles.push(paras);
            }
        }
        if articles.is_empty() {
            bail!("{}: no article with a headline and a paragraph", path.display());
        }
        Ok(Corpus { articles })
    }

    /// Document `k` (0-based) of the built register, as its id and text: the corpus's own
    /// articles first, then recombinations.
    fn document(&self, seed: u64, k: u64) -> (String, String) {
        let n = self.articles.len() as u64;
        if k < n {
            return (format!("scale-{k:07}"), self.articles[k as usize].join("\n"));
        }
        let mut rng = fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ k);
        let head = &self.articles[rng.usize(..self.articles.len())];
        let mut text = head[0].clone();
        // As many pieces as the headline's own article has: the corpus's distribution of lengths.
        for _ in 1..head.len() {
            let a = &self.articles[rng.usize(..self.articles.len())];
            text.push('\n');
            text.push_str(&a[rng.usize(1..a.len())]);
        }
        (format!("scale-{k:07}"), text)
    }
}

/// The pieces of a paragraph that a built document draws: the paragraph, or for a long one (many
/// news articles are one line) runs of whole sentences of about `CHUNK` bytes.
fn chunks(para: &str) -> Vec<String> {
    const CHUNK: usize = 600;
    if para.len() <= CHUNK * 3 / 2 {
        return vec![para.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut rest = para;
    while !rest.is_empty() {
        // A sentence ends at ". " before a capital.
        let end = rest
            .match_indices(". ")
            .map(|(i, _)| i + 2)
            .find(|&i| rest[i..].chars().next().is_some_and(char::is_uppercase))
            .unwrap_or(rest.len());
        cur.push_str(&rest[..end]);
        rest = &rest[end..];
        if cur.len() >= CHUNK {
            out.push(std::mem::take(&mut cur).trim().to_string());
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// What one step measured.
#[derive(serde::Serialize)]
struct Step {
    documents: u64,
    added: u64,
    ingest_seconds: f64,
    docs_per_second: f64,
    mb_per_second: f64,
    ingest_peak_rss_mb: Option<f64>,
    register_mb: f64,
    search_p50_ms: f64,
    search_p90_ms: f64,
    search_p99_ms: f64,
    search_max_ms: f64,
}

pub fn run(a: BenchScaleArgs) -> Result<ExitCode> {
    // Without --db (clap asks for one unless --emit, which takes none): the documents alone.
    let Some(db) = a.db.clone() else {
        let corpus = Corpus::read(&a.corpus)?;
        let out = std::io::stdout().lock();
        write_documents(out, &corpus, a.seed, 0..a.docs).context("cannot write the documents to standard output")?;
        return Ok(ExitCode::SUCCESS);
    };
    if db.exists() {
        bail!("{}: the register exists; bench-scale builds a new one (remove it or choose another path)", db.display());
    }
    let mut steps: Vec<u64> = if a.steps.is_empty() { STEPS.to_vec() } else { a.steps.clone() };
    steps.retain(|&s| s > 0 && s < a.docs);
    steps.push(a.docs);
    steps.sort_unstable();
    steps.dedup();
    let t = Instant::now();
    let corpus = Corpus::read(&a.corpus)?;
    eprintln!("chidao: {}: {} articles read in {:.1}s", a.corpus.display(), corpus.articles.len(), t.elapsed().as_secs_f64());
    let exe = std::env::current_exe().context("cannot find the chidao binary to run `ingest`")?;
    let queries = chidao_store::bench::queries();
    let mut out = std::io::stdout().lock();
    if !a.json {
        writeln!(out, "{:>10} {:>9} {:>8} {:>7} {:>9} {:>10} {:>8} {:>8} {:>8}", "documents", "ingest s", "docs/s", "MB/s", "peak RSS", "register", "p50 ms", "p90 ms", "p99 ms")?;
    }
    let mut from = 0u64;
    for &to in &steps {
        let (secs, bytes, rss) = ingest_range(&exe, &db, &corpus, a.seed, from..to)?;
        let store = Store::open_as(&db, Access::Read)?;
        let register_bytes = store.disk_bytes().unwrap_or(0);
        let SearchTimes { wall, .. } = time_queries(&store, &queries, a.runs.max(1))?;
        drop(store);
        let (p50, p90, p99, max) = percentiles(wall);
        let step = Step {
            documents: to,
            added: to - from,
            ingest_seconds: secs,
            docs_per_second: (to - from) as f64 / secs.max(1e-9),
            mb_per_second: bytes as f64 / 1e6 / secs.max(1e-9),
            ingest_peak_rss_mb: rss.map(|kb| kb as f64 / 1024.0),
            register_mb: register_bytes as f64 / 1e6,
            search_p50_ms: p50,
            search_p90_ms: p90,
            search_p99_ms: p99,
            search_max_ms: max,
        };
        if a.json {
            serde_json::to_writer(&mut out, &step)?;
            writeln!(out)?;
        } else {
            let rss = step.ingest_peak_rss_mb.map_or_else(|| "n/a".to_string(), |m| format!("{m:.0} MB"));
            writeln!(
                out,
                "{:>10} {:>9.1} {:>8.0} {:>7.2} {:>9} {:>7.0} MB {:>8.2} {:>8.2} {:>8.2}",
                step.documents, step.ingest_seconds, step.docs_per_second, step.mb_per_second, rss, step.register_mb, p50, p90, p99
            )?;
        }
        out.flush()?;
        from = to;
    }
    Ok(ExitCode::SUCCESS)
}

/// Streams documents `range` into a `chidao ingest` child; returns its wall time, the bytes of text
/// sent and its peak resident set (KiB; sampled every 100 ms, so a brief peak may be missed).
fn ingest_range(exe: &Path, db: &Path, corpus: &Corpus, seed: u64, range: std::ops::Range<u64>) -> Result<(f64, u64, Option<u64>)> {
    let start = Instant::now();
    let mut child = Command::new(exe)
        .args(["ingest", "--quiet", "--stdin-format", "jsonl", "--db"])
        .arg(db)
        .arg("-")
        .stdin(Stdio::piped())
        .spawn()
        .context("cannot start `chidao ingest`")?;
    let pid = child.id().to_string();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = None;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(kb) = peak_rss_kb_of(&pid) {
                    peak = Some(peak.map_or(kb, |p: u64| p.max(kb)));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            peak
        })
    };
    let stdin = child.stdin.take().context("no pipe to `chidao ingest`")?;
    let bytes = write_documents(stdin, corpus, seed, range).context("`chidao ingest` stopped reading")?;
    let status = child.wait().context("`chidao ingest` did not finish")?;
    let secs = start.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let rss = sampler.join().ok().flatten();
    if !status.success() {
        bail!("`chidao ingest` failed ({status}); the register {} holds what it wrote", db.display());
    }
    Ok((secs, bytes, rss))
}

/// Writes documents `range` as {"id","text"} lines; returns the bytes of text written.
fn write_documents(to: impl Write, corpus: &Corpus, seed: u64, range: std::ops::Range<u64>) -> std::io::Result<u64> {
    let mut w = BufWriter::with_capacity(1 << 20, to);
    let mut bytes = 0u64;
    for k in range {
        let (id, text) = corpus.document(seed, k);
        bytes += text.len() as u64;
        serde_json::to_writer(&mut w, &serde_json::json!({ "id": id, "text": text }))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let articles = (0..5)
            .map(|i| (0..4).map(|p| if p == 0 { format!("Tiêu đề {i}") } else { format!("Đoạn {p} của bài {i}.") }).collect())
            .collect();
        Corpus { articles }
    }

    #[test]
    fn a_long_paragraph_is_drawn_in_runs_of_whole_sentences() {
        let para = "Câu thứ nhất của đoạn văn dài. ".repeat(60);
        let cs = chunks(para.trim());
        assert!(cs.len() > 2, "{} chunks", cs.len());
        assert!(cs.iter().all(|c| c.ends_with('.') && c.starts_with("Câu")), "{cs:?}");
        assert_eq!(cs.join(" "), para.trim());
        assert_eq!(chunks("Một đoạn ngắn."), ["Một đoạn ngắn."]);
    }

    #[test]
    fn the_corpus_comes_first_then_recombinations_the_same_for_a_seed() {
        let c = corpus();
        assert_eq!(c.document(1, 2), ("scale-0000002".to_string(), "Tiêu đề 2\nĐoạn 1 của bài 2.\nĐoạn 2 của bài 2.\nĐoạn 3 của bài 2.".to_string()));
        let (id, a) = c.document(1, 7);
        assert_eq!(id, "scale-0000007");
        assert_eq!(c.document(1, 7).1, a, "the same seed builds the same document");
        assert_ne!(c.document(2, 7).1, a, "another seed builds another");
        assert_eq!(a.lines().count(), 4, "as many paragraphs as the headline's article: {a}");
        assert!(a.starts_with("Tiêu đề "), "a headline first: {a}");
        assert!(a.lines().skip(1).all(|l| l.starts_with("Đoạn ")), "paragraphs, no headline, after it: {a}");
    }
}
