//! `chidao migrate FROM TO`: a register moved between an SQLite file and a PostgreSQL database.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use chidao_store::Location;
use chidao_store::transfer::{self, Step};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::MigrateArgs;

pub fn run(a: MigrateArgs) -> Result<ExitCode> {
    let (from, to) = (Location::parse(&a.from), Location::parse(&a.to));
    let bar = if std::io::stderr().is_terminal() { ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stderr()) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {percent:>3}% {per_sec} ETA {eta}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let moved = transfer::migrate(&from, &to, &mut |s: Step<'_>| {
        bar.set_length(s.total.max(1));
        bar.set_position(s.done);
        bar.set_message(s.table.to_string());
    });
    bar.finish_and_clear();
    let moved = moved?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "moved {from} → {to} in {:.1} s; rows counted on both sides:", moved.seconds)?;
    let width = moved.tables.iter().map(|(t, _)| t.len()).max().unwrap_or(0);
    for (t, n) in &moved.tables {
        writeln!(out, "  {t:<width$}  {n:>10}")?;
    }
    writeln!(out, "full-text index built on {to}: {} documents, {} facts", moved.indexed.0, moved.indexed.1)?;
    Ok(ExitCode::SUCCESS)
}
