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

/// Parses the command line; on a bad one, prints clap's message and exits with status 2.
pub fn parse() -> Cli {
    Cli::parse()
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract facts from documents and print one record per document.
    Extract(ExtractArgs),
    /// Time the extraction of a corpus held in memory: documents, MB, seconds, MB/s, peak RSS.
    Bench(BenchArgs),
    /// Store documents and their facts in the register (SQLite; idempotent, resumable).
    Ingest(crate::ingest::IngestArgs),
    /// Search the register (diacritics optional; "phrases"; filters).
    Search(crate::query::SearchArgs),
    /// Tasks with their tracking state (done on time / late, open in time / overdue).
    Tasks(crate::query::TasksArgs),
    /// Record that a task was completed (or reopen it).
    TaskDone(crate::query::TaskDoneArgs),
    /// A person's role timeline across documents.
    Person(crate::query::PersonArgs),
    /// A cited document: issuer, citing documents, tasks implementing it.
    Directive(crate::query::DirectiveArgs),
    /// Counts of the register.
    Stats(crate::query::StatsArgs),
    /// Search latency over a fixed set of queries (p50, p99).
    BenchSearch(crate::query::BenchSearchArgs),
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
    /// Sentence by sentence, why each was or was not taken as a task (a readable table).
    Explain,
    /// The task decisions as one JSON object per document.
    ExplainJson,
}

/// Where documents come from and how they are decoded; shared by `extract` and `bench`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files, folders (their *.txt), `.jsonl` / `.jsonl.gz` files of {"id","text"} lines, or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Documents processed in parallel (output stays in input order); 0 = one per core.
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// Replace invalid UTF-8 with U+FFFD (and warn) instead of refusing the document.
    #[arg(long)]
    pub lossy: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Show, sentence by sentence, why each was or was not taken as a task (same as
    /// `--format explain`; with `--format json`, the decisions as JSON).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// How many of the slowest documents to list.
    #[arg(long, default_value_t = 3)]
    pub slowest: usize,
}
