//! `chidao bench`: read a corpus fully into memory, then time the pipeline alone.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;

use crate::args::{BenchArgs, Format};
use crate::input::{RawDoc, for_each_doc, sources};
use crate::pipeline::{STAGES, process};

pub fn run(a: BenchArgs) -> Result<ExitCode> {
    let srcs = sources(&a.input.paths, a.input.read.stdin_format)?;
    let pool = crate::pool(a.input.jobs)?;
    let opts = a.input.read.opts();

    let load = Instant::now();
    let mut docs: Vec<RawDoc> = Vec::new();
    let mut unreadable = 0usize;
    for_each_doc(&srcs, a.input.read.read_options(), &|_| {}, |item| {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => {
                unreadable += 1;
                eprintln!("chidao: {e:#}");
            }
        }
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    let load = load.elapsed();
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let rss_loaded = peak_rss_kb();

    let start = Instant::now();
    // Per document: wall time, index, stage times, output length or error.
    type Timed = (Duration, usize, [Duration; 4], Result<usize, String>);
    let done: Vec<Timed> = pool.install(|| {
        docs.par_iter()
            .enumerate()
            .map(|(i, d)| {
                let t = Instant::now();
                let r = process(d, opts, Format::Jsonl);
                (t.elapsed(), i, r.stages, r.result.map(|s| s.len()))
            })
            .collect()
    });
    let wall = start.elapsed();

    let mut failed = unreadable;
    let mut stages = [Duration::ZERO; 4];
    let mut out_bytes = 0;
    for (_, i, st, r) in &done {
        for (sum, s) in stages.iter_mut().zip(st) {
            *sum += *s;
        }
        match r {
            Ok(n) => out_bytes += n,
            Err(e) => {
                failed += 1;
                eprintln!("chidao: {}: {e}", docs[*i].origin);
            }
        }
    }
    let mb = bytes as f64 / 1e6;
    let secs = wall.as_secs_f64();
    let jobs = pool.current_num_threads();
    let mut out = std::io::stdout().lock();
    writeln!(out, "documents  {} ({failed} failed), {mb:.1} MB of input, loaded in {:.2} s", docs.len() + unreadable, load.as_secs_f64())?;
    writeln!(out, "jobs       {jobs}")?;
    writeln!(out, "seconds    {secs:.3}")?;
    writeln!(out, "MB/s       {:.1} ({:.1} per job)", mb / secs, mb / secs / jobs as f64)?;
    let cpu: f64 = stages.iter().map(Duration::as_secs_f64).sum();
    let shares: Vec<String> = STAGES
        .iter()
        .zip(&stages)
        .map(|(name, d)| format!("{name} {:.2} s ({:.0}%)", d.as_secs_f64(), 100.0 * d.as_secs_f64() / cpu.max(1e-9)))
        .collect();
    writeln!(out, "stages     {}", shares.join(", "))?;
    writeln!(out, "output     {:.1} MB of JSON", out_bytes as f64 / 1e6)?;
    let mut slow: Vec<_> = done.iter().map(|(t, i, ..)| (*t, *i)).collect();
    slow.sort_unstable_by(|a, b| b.cmp(a));
    for (t, i) in slow.into_iter().take(a.slowest) {
        let d = &docs[i];
        writeln!(out, "slow       {:.3} s  {:.2} MB  {}", t.as_secs_f64(), d.bytes.len() as f64 / 1e6, d.origin)?;
    }
    let fmt_kb = |kb: Option<u64>| kb.map_or_else(|| "n/a".to_string(), |kb| format!("{:.0} MB", kb as f64 / 1024.0));
    writeln!(out, "peak RSS   {} (after loading the input: {})", fmt_kb(peak_rss_kb()), fmt_kb(rss_loaded))?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The process's peak resident set (`VmHWM` in /proc/self/status), in KiB; `None` where unavailable.
fn peak_rss_kb() -> Option<u64> {
    peak_rss_kb_of("self")
}

/// The peak resident set of process `pid` ("self", or a number), in KiB; `None` where unavailable
/// (not Linux, or the process is gone).
pub(crate) fn peak_rss_kb_of(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
