//! `chidao search | tasks | task-done | person | directive | stats | bench-search`: reading the register.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use chidao_store::{SearchQuery, Store, TaskQuery, TaskRow};

use crate::args::{DbArgs, SearchArgs, TasksArgs, TaskDoneArgs, PersonArgs, DirectiveArgs, StatsArgs, BenchSearchArgs};
use crate::ingest::db_path;

fn open(db: &DbArgs) -> Result<Store> {
    let path = db_path(&db.db);
    if !path.exists() {
        bail!("{}: no register here (run `chidao ingest PATH...` first, or give --db)", path.display());
    }
    Ok(Store::open(&path)?)
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

fn or_dash(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

pub fn search(a: SearchArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let q = SearchQuery {
        text: a.query,
        from: a.from,
        to: a.to,
        person: a.person,
        org: a.org,
        directive: a.directive,
        kind: a.kind,
        limit: Some(a.limit),
    };
    let hits = store.search(&q)?;
    if a.db.json {
        return print_json(&hits);
    }
    let bold = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    if hits.is_empty() {
        writeln!(out, "no match")?;
    }
    for (i, h) in hits.iter().enumerate() {
        let mut snip = String::new();
        let mut last = 0;
        for &(s, e) in &h.highlights {
            if s < last || e > h.snippet.len() {
                continue;
            }
            snip.push_str(&h.snippet[last..s]);
            snip.push_str(if bold { "\x1b[1m" } else { "[" });
            snip.push_str(&h.snippet[s..e]);
            snip.push_str(if bold { "\x1b[0m" } else { "]" });
            last = e;
        }
        snip.push_str(&h.snippet[last..]);
        let span = h.span.map(|(s, e)| format!(" @{s}..{e}")).unwrap_or_default();
        let dup = h.duplicate_of.as_ref().map(|d| format!("  (copy of {d})")).unwrap_or_default();
        let kind = if h.kind == "document" { String::new() } else { format!("[{}] ", h.kind) };
        writeln!(out, "{:>3}. {kind}{}  {}{span}{dup}", i + 1, h.doc, or_dash(&h.date))?;
        if let Some(t) = &h.headline {
            writeln!(out, "     {t}")?;
        }
        writeln!(out, "     {snip}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_tasks(out: &mut impl Write, rows: &[TaskRow]) -> Result<()> {
    for t in rows {
        writeln!(
            out,
            "{}  {:<26} due {:<10}  done {:<10}  {} → {}",
            t.id,
            t.state.label(),
            or_dash(&t.due),
            or_dash(&t.completed_on),
            or_dash(&t.issuer),
            or_dash(&t.assignee)
        )?;
        let text: String = t.text.chars().take(200).collect();
        writeln!(out, "    {text}{}", if text.len() < t.text.len() { "…" } else { "" })?;
        let refs = if t.refs.is_empty() { String::new() } else { format!("  implements {}", t.refs.join(", ")) };
        writeln!(out, "    {} @{}..{}{refs}", t.doc, t.span.0, t.span.1)?;
    }
    Ok(())
}

pub fn tasks(a: TasksArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let rows = store.tasks(&TaskQuery {
        assignee: a.assignee,
        due_before: a.due_before,
        overdue: a.overdue,
        as_of: a.as_of,
        directive: a.directive,
        limit: Some(a.limit),
        ..Default::default()
    })?;
    if a.db.json {
        return print_json(&rows);
    }
    let mut out = std::io::stdout().lock();
    if rows.is_empty() {
        writeln!(out, "no task")?;
    }
    print_tasks(&mut out, &rows)?;
    Ok(ExitCode::SUCCESS)
}

pub fn task_done(a: TaskDoneArgs) -> Result<ExitCode> {
    let mut store = open(&a.db)?;
    let day = if a.reopen { None } else { Some(a.on.unwrap_or_else(chidao_store::dates::today)) };
    let key = store.set_task_done(&a.id, day.as_deref(), a.note.as_deref())?;
    if a.db.json {
        return print_json(&serde_json::json!({ "id": key, "completed_on": day }));
    }
    match day {
        Some(d) => println!("{key}: completed on {d}"),
        None => println!("{key}: open"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn person(a: PersonArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let cards = store.person(&a.name)?;
    if a.db.json {
        return print_json(&cards);
    }
    let mut out = std::io::stdout().lock();
    if cards.is_empty() {
        writeln!(out, "no person named {:?}", a.name)?;
        return Ok(ExitCode::from(1));
    }
    for c in &cards {
        let rank = c.rank.as_ref().map(|r| format!("{r} ")).unwrap_or_default();
        writeln!(out, "#{} {rank}{}  ({} documents, {} – {})", c.id, c.name, c.documents.len(), or_dash(&c.first_seen), or_dash(&c.last_seen))?;
        for r in &c.roles {
            writeln!(out, "  {} – {}  {}  ({} docs: {})", or_dash(&r.first_seen), or_dash(&r.last_seen), r.role, r.documents.len(), r.documents.iter().take(5).cloned().collect::<Vec<_>>().join(", "))?;
        }
        let rules: Vec<String> = c.rules.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        writeln!(out, "  linked by: {}", rules.join(", "))?;
        for e in &c.evidence {
            writeln!(out, "  namesake evidence: {e}")?;
        }
    }
    if cards.len() > 1 {
        writeln!(out, "({} people share this name: namesakes are kept apart when their roles share no place or branch)", cards.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn directive(a: DirectiveArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let cards = store.directive(&a.code)?;
    if a.db.json {
        return print_json(&cards);
    }
    let mut out = std::io::stdout().lock();
    if cards.is_empty() {
        writeln!(out, "no cited document matches {:?}", a.code)?;
        return Ok(ExitCode::from(1));
    }
    for c in &cards {
        writeln!(out, "#{} {} {}  issuer {}  date {}  era {}", c.id, c.kind, c.code.as_deref().unwrap_or(&c.number), or_dash(&c.issuer), or_dash(&c.date), or_dash(&c.era))?;
        if let Some(t) = &c.title {
            writeln!(out, "  {t}")?;
        }
        writeln!(out, "  cited by {} documents:", c.cited_by.len())?;
        for d in &c.cited_by {
            let dup = d.duplicate_of.as_ref().map(|x| format!(" (copy of {x})")).unwrap_or_default();
            writeln!(out, "    {}  {}  @{}..{}{dup}  {}", d.doc, or_dash(&d.date), d.span.0, d.span.1, or_dash(&d.headline))?;
        }
        if !c.maybe_cited_by.is_empty() {
            writeln!(out, "  ambiguous mentions (this or another with the same number) in {} documents:", c.maybe_cited_by.len())?;
            for d in &c.maybe_cited_by {
                writeln!(out, "    {}  {}  @{}..{}", d.doc, or_dash(&d.date), d.span.0, d.span.1)?;
            }
        }
        if !c.tasks.is_empty() {
            writeln!(out, "  tasks implementing it:")?;
            print_tasks(&mut out, &c.tasks)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stats(a: StatsArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let s = store.stats(a.as_of.as_deref())?;
    if a.db.json {
        return print_json(&s);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "documents    {} ({} near-copies of another)", s.documents, s.duplicates)?;
    writeln!(out, "people       {} ({} role mentions)", s.persons, s.roles)?;
    writeln!(out, "cited docs   {} ({} citations, {} ambiguous)", s.directives, s.citations, s.ambiguous_citations)?;
    writeln!(out, "orgs         {}", s.orgs)?;
    writeln!(out, "events       {}", s.events)?;
    writeln!(out, "figures      {}", s.figures)?;
    writeln!(out, "tasks        {} as of {}:", s.tasks, s.as_of)?;
    for (st, n) in &s.task_states {
        writeln!(out, "  {:<28} {n}", st.label())?;
    }
    writeln!(out, "schema v{}, {}", s.schema_version, s.bytes.map(|b| format!("{:.1} MB", b as f64 / 1e6)).unwrap_or_default())?;
    Ok(ExitCode::SUCCESS)
}

/// CPU time of the calling thread in ns (Linux: `/proc/thread-self/schedstat`), for latency
/// figures that other processes' load does not inflate; `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn percentiles(mut v: Vec<f64>) -> (f64, f64, f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    v.sort_by(f64::total_cmp);
    let pct = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (pct(0.5), pct(0.9), pct(0.99), v[v.len() - 1])
}

pub fn bench_search(a: BenchSearchArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let queries = chidao_store::bench::queries();
    let runs = a.runs.max(1);
    // Warm the cache once.
    for q in &queries {
        store.search(q)?;
    }
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let mut per_query = Vec::new();
    for q in &queries {
        let mut worst = 0f64;
        let mut worst_cpu = 0f64;
        let mut n = 0;
        for _ in 0..runs {
            let c0 = thread_cpu_ns();
            let t = Instant::now();
            n = store.search(q)?.len();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            if let (Some(c0), Some(c1)) = (c0, thread_cpu_ns()) {
                let c = c1.saturating_sub(c0) as f64 / 1e6;
                worst_cpu = worst_cpu.max(c);
                cpu.push(c);
            }
            worst = worst.max(ms);
            wall.push(ms);
        }
        per_query.push((worst, worst_cpu, n));
    }
    let (p50, p90, p99, max) = percentiles(wall);
    let cpu = (!cpu.is_empty()).then(|| percentiles(cpu));
    if a.db.json {
        return print_json(&serde_json::json!({
            "queries": queries.len(), "runs": runs, "p50_ms": p50, "p90_ms": p90, "p99_ms": p99, "max_ms": max,
            "cpu_p50_ms": cpu.map(|c| c.0), "cpu_p90_ms": cpu.map(|c| c.1), "cpu_p99_ms": cpu.map(|c| c.2), "cpu_max_ms": cpu.map(|c| c.3),
        }));
    }
    let mut out = std::io::stdout().lock();
    let mut slow: Vec<(usize, &(f64, f64, usize))> = per_query.iter().enumerate().collect();
    slow.sort_by(|a, b| b.1.1.total_cmp(&a.1.1));
    writeln!(out, "slowest queries (worst run):")?;
    for (i, (ms, cpu, n)) in slow.iter().take(8) {
        let q = &queries[*i];
        let mut f = String::new();
        for (name, v) in [("kind", &q.kind), ("person", &q.person), ("org", &q.org), ("directive", &q.directive), ("from", &q.from), ("to", &q.to)] {
            if let Some(v) = v {
                f.push_str(&format!(" --{name} {v:?}"));
            }
        }
        writeln!(out, "  wall {ms:7.2} ms  CPU {cpu:7.2} ms  {n:>3} hits  {:?}{f}", q.text)?;
    }
    writeln!(out, "{} queries × {runs} runs, wall: p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms", queries.len())?;
    if let Some((p50, p90, p99, max)) = cpu {
        writeln!(out, "{} queries × {runs} runs, CPU:  p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms", queries.len())?;
    }
    Ok(ExitCode::SUCCESS)
}
