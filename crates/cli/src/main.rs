//! The `chidao` command.

mod args;
mod extract;
mod ingest;
mod input;
mod query;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "chidao: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: args::Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        args::Command::Extract(a) => extract::run(a),
        args::Command::Ingest(a) => ingest::run(a),
        args::Command::Search(a) => query::search(a),
        args::Command::Tasks(a) => query::tasks(a),
        args::Command::TaskDone(a) => query::task_done(a),
        args::Command::Person(a) => query::person(a),
        args::Command::Directive(a) => query::directive(a),
        args::Command::Stats(a) => query::stats(a),
        args::Command::BenchSearch(a) => query::bench_search(a),
    }
}
