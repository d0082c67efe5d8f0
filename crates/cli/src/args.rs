//! Command-line arguments (clap stays in this file).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// chidao: a register of directives, meetings, officials and tasks read from Vietnamese reports.
#[derive(Debug, Parser)]
#[command(name = "chidao", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract facts from documents and print one record per document.
    Extract(ExtractArgs),
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON record per line (the extraction contract).
    Jsonl,
    /// One JSON array of records.
    Json,
    /// Indented JSON records, for reading.
    Pretty,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, folders (their *.txt), `.jsonl` / `.jsonl.gz` files of {"id","text"} lines, or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Documents processed in parallel (output stays in input order); 0 = one per core.
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// Replace invalid UTF-8 with U+FFFD (and warn) instead of refusing the document.
    #[arg(long)]
    pub lossy: bool,
    /// Instead of records, show sentence by sentence why each was or was not taken as a task
    /// (a readable table; with `--format json`, one JSON object per document).
    #[arg(long)]
    pub explain: bool,
}
