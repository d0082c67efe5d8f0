//! Command-line arguments (clap stays in this file).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::input::{ReadOptions, StdinFormat};

/// chidao: a register of directives, meetings, officials and tasks read from Vietnamese reports.
#[derive(Debug, Parser)]
#[command(name = "chidao", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Command {
    /// Whether the command takes a PostgreSQL register (`--db postgres://…`): the scale
    /// benchmark, which builds a register of its own, takes a file only.
    pub fn runs_on_postgres(&self) -> bool {
        !matches!(self, Command::BenchScale(_))
    }

    /// The register the command works on, if it uses one (`--db`, else the default).
    pub fn db(&self) -> Option<PathBuf> {
        let db = match self {
            Command::Extract(_) | Command::Bench(_) | Command::Text(_) | Command::Migrate(_) => return None,
            Command::Ingest(a) => &a.db,
            Command::Serve(a) => &a.db,
            Command::BenchServe(a) => &a.db,
            Command::User(a) => &a.db.db,
            Command::Report(a) => &a.db,
            Command::Search(a) => &a.db.db,
            Command::Tasks(a) => &a.db.db,
            Command::TaskDone(a) => &a.db.db,
            Command::Person(a) => &a.db.db,
            Command::Directive(a) => &a.db.db,
            Command::Stats(a) => &a.db.db,
            Command::BenchSearch(a) => &a.db.db,
            Command::BenchScale(a) => return a.db.clone(),
        };
        Some(db.clone().unwrap_or_else(chidao_store::default_path))
    }
}

/// Parses the command line; on a bad one, prints clap's message and exits with status 2.
pub fn parse() -> Cli {
    Cli::parse()
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract facts from documents and print one record per document.
    Extract(ExtractArgs),
    /// Print the text chidao reads from documents (PDF, DOCX, DOC, RTF, HTML, images, text).
    Text(TextArgs),
    /// Time the extraction of a corpus held in memory: documents, MB, seconds, MB/s, peak RSS.
    Bench(BenchArgs),
    /// Store documents and their facts in the register (SQLite; idempotent, resumable).
    Ingest(IngestArgs),
    /// Search the register (diacritics optional; "phrases"; filters).
    Search(SearchArgs),
    /// Tasks with their tracking state (done on time / late, open in time / overdue, no deadline).
    Tasks(TasksArgs),
    /// Record that a task was completed (or reopen it).
    TaskDone(TaskDoneArgs),
    /// A person's role timeline across documents.
    Person(PersonArgs),
    /// A cited document: issuer, citing documents, tasks implementing it.
    Directive(DirectiveArgs),
    /// Counts of the register.
    Stats(StatsArgs),
    /// Search latency over a fixed set of queries (p50, p99).
    BenchSearch(BenchSearchArgs),
    /// Build a register of N documents from a corpus (its articles, then recombined paragraphs)
    /// and measure at each step: ingest time and rate, peak RSS, register size, search latency.
    BenchScale(BenchScaleArgs),
    /// Serve the register as a web app and a JSON API (loopback by default).
    Serve(ServeArgs),
    /// Server time of the web app's pages over a register (search, task board …: p50, p95).
    BenchServe(BenchServeArgs),
    /// The report sent upward ("Báo cáo tình hình thực hiện nhiệm vụ") of a directive, a unit or
    /// a period, as DOCX or XLSX.
    Report(ReportArgs),
    /// The web app's users: add, list, set a password or role, remove, issue an API token.
    User(UserArgs),
    /// Move a register between an SQLite file and a PostgreSQL database (either way), every
    /// table's rows counted on both sides.
    Migrate(MigrateArgs),
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The register to move: an SQLite file, or a PostgreSQL URL (postgres://user@host/dbname).
    pub from: std::ffi::OsString,
    /// Where to: a new SQLite file (or an empty one), or an empty PostgreSQL database.
    pub to: std::ffi::OsString,
}

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
    #[command(flatten)]
    pub db: DbArgs,
}

/// A role: viewer (reads), editor (task statuses, corrections, uploads), admin (also users,
/// re-ingest).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Editor,
    Admin,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user (the password is asked, or read from standard input with --password-stdin).
    Add {
        /// Sign-in name.
        name: String,
        /// What the user may do.
        #[arg(long, value_enum, default_value = "viewer")]
        role: RoleArg,
        /// Only the tasks of this unit (an editor of "Công an tỉnh"): compared as the board
        /// compares assignees.
        #[arg(long)]
        unit: Option<String>,
        /// Read the password from the first line of standard input (scripts); never give it on
        /// the command line.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users.
    List,
    /// Set a user's password (their sessions end).
    Passwd {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's role and unit scope (without --unit: no scope).
    Role {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        unit: Option<String>,
    },
    /// Remove a user (their sessions and tokens end).
    Remove { name: String },
    /// Issue an API token for a user (printed once; the register keeps only its hash).
    Token { name: String },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The register: an SQLite file, or a PostgreSQL URL (postgres://user@host/dbname). Default:
    /// $CHIDAO_DB, else ./chidao.db.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Tasks implementing this directive: its code (27-KH/TU) or kind and number.
    #[arg(long)]
    pub directive: Option<String>,
    /// Tasks of this unit (words, diacritics optional; in double quotes, exactly that unit).
    #[arg(long)]
    pub unit: Option<String>,
    /// Period start (30/6/2024, 2024-06, 2024): tasks due from then (without a deadline: by
    /// their document's date).
    #[arg(long)]
    pub from: Option<String>,
    /// Period end (inclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// docx or xlsx. Default: the output file's extension.
    #[arg(long, value_parser = ["docx", "xlsx"])]
    pub format: Option<String>,
    /// The file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Where the web app is served: the report's links to documents start with it.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
    /// Language of the report: vi (default: an official report is in Vietnamese) or en.
    #[arg(long, default_value = "vi", value_parser = ["vi", "en"])]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The register: an SQLite file, or a PostgreSQL URL (postgres://user@host/dbname). Default:
    /// $CHIDAO_DB, else ./chidao.db.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Address to listen on. Anything but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// The access token (≥ 16 characters) for writes, and for every request beyond loopback.
    /// Default: $CHIDAO_TOKEN, else a random one printed at start (loopback only).
    #[arg(long, env = "CHIDAO_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// A name the server is reached by besides localhost (a reverse proxy's, a LAN name); may be
    /// repeated. On loopback, requests naming any other host are refused (DNS rebinding).
    #[arg(long = "public-host", value_name = "NAME")]
    pub public_hosts: Vec<String>,
    /// Largest document an upload may hold, in bytes (suffixes K, M, G: 50M); the request body
    /// limit follows it. A larger one is refused (413) naming its size and the limit.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    pub max_doc_size: u64,
    /// Seconds a client has to send a request's head (request line and headers).
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds an idle kept-alive connection stays open (also the longest pause in sending a
    /// request body or reading a response).
    #[arg(long, value_name = "SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
    /// Most connections open at once; beyond, new ones are answered 503.
    #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: u64,
    /// Reader connections to the register at once (requests beyond wait their turn); the server
    /// holds two more. On PostgreSQL, keep every server's sum under the database's
    /// max_connections.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub readers: u64,
    /// The offices' time zone (IANA name): times of changes and "today" are shown in it.
    #[arg(long, value_name = "ZONE", default_value = "Asia/Ho_Chi_Minh")]
    pub tz: String,
}

#[derive(Debug, Args)]
pub struct BenchServeArgs {
    /// The register: an SQLite file, or a PostgreSQL URL (postgres://user@host/dbname). Default:
    /// $CHIDAO_DB, else ./chidao.db.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Times each page is requested.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
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
    /// Files (PDF, DOCX, DOC, RTF, HTML, images, text: the format is read from the content),
    /// folders (their files of those kinds), `.jsonl` / `.jsonl.gz` files of {"id","text"} lines,
    /// or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Documents processed in parallel (output stays in input order); 0 = one per core.
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How documents are read; shared by `extract`, `bench`, `ingest` and `text`.
#[derive(Debug, Args, Clone)]
pub struct ReadArgs {
    /// Replace invalid UTF-8 with U+FFFD (and warn) instead of refusing the document.
    #[arg(long)]
    pub lossy: bool,
    /// Largest document read, in bytes (suffixes K, M, G: 50M); a larger one is refused by name.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    pub max_doc_size: u64,
    /// What `-` (standard input) holds: one document, or {"id","text"} lines like a .jsonl file.
    #[arg(long, value_enum, default_value_t = StdinFormat::Text)]
    pub stdin_format: StdinFormat,
    /// Read 8-bit text (plain text, HTML, legacy-font runs) in this encoding instead of detecting
    /// it: tcvn3 (abc), vni, viqr, viscii, windows-1258.
    #[arg(long, value_parser = crate::read::parse_encoding)]
    pub encoding: Option<chidao_formats::Legacy>,
    /// OCR of PDF pages whose text layer is not their text (scans): auto, off, always.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    pub ocr: OcrArg,
}

impl ReadArgs {
    /// How the inputs are read (their size limit).
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions { max_doc_size: self.max_doc_size }
    }

    /// How each document's bytes are read.
    pub fn opts(&self) -> crate::read::ReadOpts {
        let ocr = match self.ocr {
            OcrArg::Auto => chidao_formats::OcrMode::Auto,
            OcrArg::Off => chidao_formats::OcrMode::Off,
            OcrArg::Always => chidao_formats::OcrMode::Always,
        };
        crate::read::ReadOpts { lossy: self.lossy, encoding: self.encoding, ocr }
    }
}

/// `--ocr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OcrArg {
    /// Pages without their text in the text layer (scans, wrong OCR layers).
    Auto,
    /// Never (such pages stay empty, with a warning).
    Off,
    /// Every PDF page.
    Always,
}

/// Output formats of `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// The text itself (files after the first preceded by a `==> FILE <==` line).
    Text,
    /// One JSON object a line per file: format, encoding, pages with notes, the span map, text.
    Json,
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// Files (PDF, DOCX, DOC, RTF, HTML, images, text) or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// "50M", "512K", "2G" or a number of bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?}: not a size (a number of bytes, or with K, M or G: 50M)"))
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

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The register: an SQLite file, or a PostgreSQL URL (postgres://user@host/dbname). Default:
    /// $CHIDAO_DB, else ./chidao.db.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Documents per transaction (a kill loses at most one transaction; re-running finishes the
    /// job). Documents are extracted 512 at a time whatever it is: a larger one writes faster at
    /// the cost of the writer's memory, not of the extraction's.
    #[arg(long, default_value_t = 512)]
    pub batch: usize,
    /// Extract documents stored with the same content again (after upgrading chidao); the
    /// corrections and task statuses users made are kept.
    #[arg(long)]
    pub reextract: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Options every query command takes.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The register: an SQLite file, or a PostgreSQL URL (postgres://user@host/dbname). Default:
    /// $CHIDAO_DB, else ./chidao.db.
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    /// JSON output, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of the output: vi (Tiếng Việt) or en. Default: $CHIDAO_LANG, else the locale
    /// (English only when it is English).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<crate::term::Lang>,
}

impl DbArgs {
    /// The output language.
    pub fn lang(&self) -> crate::term::Lang {
        crate::term::Lang::resolve(self.lang)
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words and "quoted phrases"; diacritics optional ("cong an ha noi" finds "Công an Hà Nội").
    #[arg(default_value = "")]
    pub query: String,
    /// Documents dated on or after (2017-03-01, 2017-03, 2017, 1/3/2017).
    #[arg(long)]
    pub from: Option<String>,
    /// Documents dated on or before.
    #[arg(long)]
    pub to: Option<String>,
    /// Documents naming this person (full name).
    #[arg(long)]
    pub person: Option<String>,
    /// Documents naming an organisation whose name or alias contains this.
    #[arg(long)]
    pub org: Option<String>,
    /// Documents citing this directive (35-CT/TW, "Chỉ thị 35").
    #[arg(long)]
    pub directive: Option<String>,
    /// Search facts of one kind instead of documents: person, directive, event, org, task, figure.
    #[arg(long)]
    pub kind: Option<String>,
    /// Most results.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct TasksArgs {
    /// Tasks whose assignee contains this (diacritics optional).
    #[arg(long)]
    pub assignee: Option<String>,
    /// Tasks due before this day.
    #[arg(long)]
    pub due_before: Option<String>,
    /// Only tasks open and past their deadline.
    #[arg(long)]
    pub overdue: bool,
    /// The day states are computed for (default today).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only tasks implementing this directive.
    #[arg(long)]
    pub directive: Option<String>,
    /// Only tasks in this state: done_on_time, done_late, open_in_time, open_overdue, no_deadline.
    #[arg(long)]
    pub state: Option<String>,
    /// Show the doubtful tasks too (low confidence: hidden by default).
    #[arg(long)]
    pub doubtful: bool,
    /// Show every repost too: by default a task whose sentence and due day an earlier row of
    /// another article has is listed once.
    #[arg(long)]
    pub reposts: bool,
    /// Most rows.
    #[arg(long, short = 'n', default_value_t = 200)]
    pub limit: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct TaskDoneArgs {
    /// Task id as `chidao tasks` prints it (or a unique prefix).
    pub id: String,
    /// Day it was completed (default today).
    #[arg(long)]
    pub on: Option<String>,
    /// Mark it open again.
    #[arg(long, conflicts_with = "on")]
    pub reopen: bool,
    /// A note kept with the status.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    /// Full name, with or without diacritics.
    pub name: String,
    /// Also people the register doubts (no official role or rank in any document).
    #[arg(long)]
    pub doubtful: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct DirectiveArgs {
    /// Code (35-CT/TW, 35-CT/TƯ, 30/2020/NĐ-CP) or kind and number ("Chỉ thị 35").
    pub code: String,
    /// Which of the matching directives (its register id, `#N` in the listing) --split and
    /// --merge-into act on; needed when several match.
    #[arg(long)]
    pub id: Option<i64>,
    /// The citation in this document is another directive: split it off (kept on re-ingest).
    #[arg(long, value_name = "DOC", conflicts_with = "merge_into")]
    pub split: Option<String>,
    /// The directive is the same as directive N (its register id): merge them (kept on re-ingest).
    #[arg(long, value_name = "N")]
    pub merge_into: Option<i64>,
    /// Why (kept with the correction).
    #[arg(long)]
    pub note: Option<String>,
    /// Also directives the register doubts (a bare kind and number, no code, issuer, date or
    /// title, cited by one document). --split and --merge-into always see them.
    #[arg(long)]
    pub doubtful: bool,
    /// The implementation cascade: the documents implementing the directive, those implementing
    /// them, and so on down, each with its tasks counted by state.
    #[arg(long, conflicts_with_all = ["split", "merge_into"])]
    pub tree: bool,
    /// With --tree: the day task states are computed for (default today).
    #[arg(long, requires = "tree")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The day task states are computed for (default today).
    #[arg(long)]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct BenchSearchArgs {
    /// Times each query runs.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct BenchScaleArgs {
    /// The corpus the documents are built from: a `.jsonl` or `.jsonl.gz` file of {"id","text"}
    /// lines (its own articles come first, then recombinations of their paragraphs).
    #[arg(long)]
    pub corpus: PathBuf,
    /// Documents in the register at the end.
    #[arg(long)]
    pub docs: u64,
    /// Register sizes at which to measure (documents), besides `--docs`; default 100000, 300000
    /// and 1000000, those below `--docs`.
    #[arg(long, value_delimiter = ',')]
    pub steps: Vec<u64>,
    /// The register to build (a new file; an existing one is refused, to keep the runs comparable).
    #[arg(long, required_unless_present = "emit")]
    pub db: Option<PathBuf>,
    /// Write the documents to standard output as {"id","text"} lines instead of building a
    /// register: the same documents, to ingest elsewhere (into PostgreSQL, or killed and resumed:
    /// `chidao bench-scale --emit … | chidao ingest --stdin-format jsonl -`).
    #[arg(long, conflicts_with_all = ["db", "steps", "json"])]
    pub emit: bool,
    /// Seed of the recombination (the same seed builds the same documents).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Times each search query runs at each step.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// JSON lines, one per step, for scripts.
    #[arg(long)]
    pub json: bool,
}
