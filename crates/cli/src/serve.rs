//! `chidao serve` and `chidao bench-serve`: the web app.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::args::{BenchServeArgs, ServeArgs};
use crate::ingest::db_path;

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let db = db_path(&a.db);
    let limits = chidao_server::Limits {
        header_timeout: Duration::from_secs(a.header_timeout),
        idle_timeout: Duration::from_secs(a.idle_timeout),
        max_connections: usize::try_from(a.max_connections).unwrap_or(usize::MAX),
    };
    let config = chidao_server::Config {
        db,
        addr: a.addr,
        token: a.token,
        public_hosts: a.public_hosts,
        max_doc_bytes: a.max_doc_size,
        limits,
        create: true,
        tz: a.tz,
        readers: usize::try_from(a.readers).unwrap_or(usize::MAX),
    };
    runtime()?.block_on(chidao_server::serve(config))?;
    Ok(ExitCode::SUCCESS)
}

pub fn bench(a: BenchServeArgs) -> Result<ExitCode> {
    let db = crate::ingest::db_location(&a.db);
    let rows = runtime()?.block_on(chidao_server::bench::run(&db, a.runs))?;
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{:<18} {:>8} {:>9} {:>9} {:>9} {:>10} {:>6}", "page", "requests", "p50 ms", "p95 ms", "max ms", "mean KB", "errors")?;
    for r in &rows {
        writeln!(
            out,
            "{:<18} {:>8} {:>9.1} {:>9.1} {:>9.1} {:>10.1} {:>6}",
            r.page,
            r.requests,
            r.p50_ms,
            r.p95_ms,
            r.max_ms,
            r.mean_bytes as f64 / 1024.0,
            r.errors
        )?;
    }
    Ok(if rows.iter().any(|r| r.errors > 0) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
