//! `chidao report`: the report sent upward of a directive, a unit or a period, written as the web
//! app's `/report` writes it (`chidao_server::report`).

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chidao_server::Lang;
use chidao_server::report::{Report, ReportFormat};
use chidao_store::office::Scope;
use chidao_store::{Access, Store};

use crate::args::ReportArgs;
use crate::ingest::db_location;

/// Writes the report.
pub fn run(a: ReportArgs) -> Result<ExitCode> {
    let format = match a.format.as_deref() {
        Some(f) => ReportFormat::parse(f),
        None => a.output.extension().and_then(|e| e.to_str()).and_then(ReportFormat::parse),
    };
    let Some(format) = format else {
        bail!("{}: say --format docx or xlsx (the file's extension does not say which)", a.output.display());
    };
    let store = Store::open_location(&db_location(&a.db), Access::Read)?;
    let scope = Scope { directive: a.directive, unit: a.unit, from: a.from, to: a.to };
    let resolved = store.resolve_scope(&scope)?;
    let today = chidao_store::dates::today();
    let all = store.office_tasks(&resolved, Some(&today))?;
    let tasks: Vec<_> = all.iter().collect();
    let n = tasks.len();
    let report = Report { lang: Lang::parse(&a.lang), scope: &scope, tasks, as_of: today, base: a.base_url };
    let bytes = match format {
        ReportFormat::Docx => report.docx()?,
        ReportFormat::Xlsx => report.xlsx()?,
    };
    std::fs::write(&a.output, bytes).with_context(|| format!("{}: cannot write the report", a.output.display()))?;
    eprintln!("chidao: {} tasks ({}) → {}", n, report.subject(), a.output.display());
    Ok(ExitCode::SUCCESS)
}
