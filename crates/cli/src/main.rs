//! The `chidao` command.
//!
//! Exit status: 0 when every document was extracted; 1 when some could not be (each is reported on
//! stderr, the others are still extracted); 2 for a bad command line or a path that does not exist.

mod args;
mod bench;
mod explain;
mod extract;
mod ingest;
mod migrate;
mod input;
mod pipeline;
mod progress;
mod query;
mod read;
mod report;
mod scale;
mod serve;
mod term;
mod text;
mod user;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::parse();
    let db = cli.command.db();
    if let Some(chidao_store::Location::Postgres(url)) = db.as_deref().map(chidao_store::Location::from)
        && !cli.command.runs_on_postgres()
    {
        let _ = writeln!(
            std::io::stderr(),
            "chidao: {url}: this command does not run on a PostgreSQL register yet; `chidao migrate {url} FILE.db` moves the register into an SQLite file it runs on"
        );
        return ExitCode::from(2);
    }
    let result = match cli.command {
        args::Command::Extract(a) => extract::run(a),
        args::Command::Text(a) => text::run(a),
        args::Command::Bench(a) => bench::run(a),
        args::Command::Ingest(a) => ingest::run(a),
        args::Command::Search(a) => query::search(a),
        args::Command::Tasks(a) => query::tasks(a),
        args::Command::TaskDone(a) => query::task_done(a),
        args::Command::Person(a) => query::person(a),
        args::Command::Directive(a) => query::directive(a),
        args::Command::Stats(a) => query::stats(a),
        args::Command::BenchSearch(a) => query::bench_search(a),
        args::Command::BenchScale(a) => scale::run(a),
        args::Command::Serve(a) => serve::run(a),
        args::Command::BenchServe(a) => serve::bench(a),
        args::Command::User(a) => user::run(a),
        args::Command::Report(a) => report::run(a),
        args::Command::Migrate(a) => migrate::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // `chidao extract … | head`: the reader went away; that is not our failure.
            if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            // An SQLite error that does not say where: name the register, once.
            let sqlite = e.chain().any(|c| matches!(c.downcast_ref::<chidao_store::StoreError>(), Some(chidao_store::StoreError::Sqlite(_))));
            match db.filter(|_| sqlite) {
                Some(db) => {
                    let _ = writeln!(std::io::stderr(), "chidao: {}: {e:#}", db.display());
                }
                None => {
                    let _ = writeln!(std::io::stderr(), "chidao: {e:#}");
                }
            }
            ExitCode::from(2)
        }
    }
}

/// The worker pool: `jobs` threads, or one per core for 0.
fn pool(jobs: usize) -> anyhow::Result<rayon::ThreadPool> {
    use anyhow::Context;
    rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")
}
