//! `chidao search | tasks | task-done | person | directive | stats | bench-search`: reading the register.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use chidao_store::{Access, SearchQuery, Store, TaskQuery, TaskRow};

use crate::args::{DbArgs, SearchArgs, TasksArgs, TaskDoneArgs, PersonArgs, DirectiveArgs, StatsArgs, BenchSearchArgs};
use crate::ingest::db_location;
use crate::term::{self, Lang};

/// The register, read-only: a query never creates, migrates or writes to the file it is given.
fn open(db: &DbArgs) -> Result<Store> {
    Ok(Store::open_location(&db_location(&db.db), Access::Read)?)
}

/// The register, to write the users' record (a task's status): it must exist at this schema.
fn open_to_write(db: &DbArgs) -> Result<Store> {
    Ok(Store::open_reporting(&db_location(&db.db), Access::Write, &chidao_store::report_on_stderr())?)
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
    let lang = a.db.lang();
    let bold = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    if hits.is_empty() {
        writeln!(out, "{}", lang.t("search.none"))?;
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
        let dup = h.duplicate_of.as_ref().map(|d| format!("  ({} {d})", lang.t("directive.copy_of"))).unwrap_or_default();
        let kind = if h.kind == "document" { String::new() } else { format!("[{}] ", h.kind) };
        writeln!(out, "{:>3}. {kind}{}  {}{span}{dup}", i + 1, h.doc, lang.date(h.date.as_deref()))?;
        if let Some(t) = &h.headline {
            writeln!(out, "     {t}")?;
        }
        writeln!(out, "     {snip}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Tasks as a table (id, state, due, done, issuer → assignee), each followed by its words and
/// where they were read.
fn print_tasks(out: &mut impl Write, rows: &[TaskRow], lang: Lang) -> Result<()> {
    let mut cells = vec![["col.id", "col.state", "col.tier", "col.due", "col.done", "col.who"].map(|k| lang.t(k).to_string()).to_vec()];
    for t in rows {
        cells.push(vec![
            t.id.clone(),
            lang.t(&format!("state.{}", t.state.code())).to_string(),
            t.tier.as_deref().map_or_else(|| "—".to_string(), |k| lang.t(&format!("tier.{k}")).to_string()),
            lang.date(t.due.as_deref()),
            lang.date(t.completed_on.as_deref()),
            format!("{} → {}", or_dash(&t.issuer), or_dash(&t.assignee)),
        ]);
    }
    let lines = term::table(&cells);
    writeln!(out, "{}", lines[0])?;
    for (t, line) in rows.iter().zip(&lines[1..]) {
        writeln!(out, "{line}")?;
        let text: String = t.text.chars().take(200).collect();
        writeln!(out, "    {text}{}", if text.len() < t.text.len() { "…" } else { "" })?;
        let refs = if t.refs.is_empty() { String::new() } else { format!("  · {} {}", lang.t("implements"), t.refs.join(", ")) };
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
        state: a.state,
        doubtful: a.doubtful,
        reposts: a.reposts,
        limit: Some(a.limit),
        ..Default::default()
    })?;
    if a.db.json {
        return print_json(&rows);
    }
    let lang = a.db.lang();
    let mut out = std::io::stdout().lock();
    if rows.is_empty() {
        writeln!(out, "{}", lang.t("no_task"))?;
        return Ok(ExitCode::SUCCESS);
    }
    print_tasks(&mut out, &rows, lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn task_done(a: TaskDoneArgs) -> Result<ExitCode> {
    let mut store = open_to_write(&a.db)?;
    let day = if a.reopen { None } else { Some(a.on.unwrap_or_else(chidao_store::dates::today)) };
    let key = store.set_task_done(&a.id, day.as_deref(), a.note.as_deref())?;
    if a.db.json {
        return print_json(&serde_json::json!({ "id": key, "completed_on": day }));
    }
    let lang = a.db.lang();
    match day {
        Some(d) => println!("{key}: {} {}", lang.t("done.completed"), lang.date(Some(&d))),
        None => println!("{key}: {}", lang.t("done.reopened")),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn person(a: PersonArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let cards = store.people(&a.name, a.doubtful)?;
    if a.db.json {
        return print_json(&cards);
    }
    let lang = a.db.lang();
    let mut out = std::io::stdout().lock();
    if cards.is_empty() {
        writeln!(out, "{} {:?}", lang.t("person.none"), a.name)?;
        return Ok(ExitCode::from(1));
    }
    for c in &cards {
        let rank = c.rank.as_ref().map(|r| format!("{r} ")).unwrap_or_default();
        let span = |a: &Option<String>, b: &Option<String>| format!("{} – {}", lang.date(a.as_deref()), lang.date(b.as_deref()));
        let tier = if c.doubtful { format!("  [{}]", lang.t("tier.low")) } else { String::new() };
        writeln!(out, "#{} {rank}{}  ({}, {}){tier}", c.id, c.name, lang.count(c.documents.len(), "person.docs"), span(&c.first_seen, &c.last_seen))?;
        let rows: Vec<Vec<String>> = c
            .roles
            .iter()
            .map(|r| {
                let docs = r.documents.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                vec![format!("  {}", span(&r.first_seen, &r.last_seen)), r.role.clone(), format!("({}: {docs})", lang.count(r.documents.len(), "person.docs"))]
            })
            .collect();
        for line in term::table(&rows) {
            writeln!(out, "{line}")?;
        }
        let rules: Vec<String> = c.rules.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        writeln!(out, "  {}: {}", lang.t("person.linked"), rules.join(", "))?;
        for e in &c.evidence {
            writeln!(out, "  {}: {e}", lang.t("person.namesake"))?;
        }
    }
    if cards.len() > 1 {
        writeln!(out, "({} {})", cards.len(), lang.t("person.namesakes"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Who the terminal's user is, for the record of their corrections.
fn author() -> String {
    std::env::var("USER").ok().filter(|u| !u.trim().is_empty()).map_or_else(|| "chidao".to_string(), |u| format!("{u} (cli)"))
}

/// `chidao directive CODE --split DOC | --merge-into N`: a user's word on which citations are one
/// directive.
fn directive_identity(a: &DirectiveArgs) -> Result<Option<ExitCode>> {
    if a.split.is_none() && a.merge_into.is_none() {
        return Ok(None);
    }
    let mut store = open_to_write(&a.db)?;
    // A doubtful directive is what a user most often merges into the one it is.
    let ids: Vec<i64> = store.directives(&a.code, true)?.iter().map(|c| c.id).collect();
    let lang = a.db.lang();
    let id = match (a.id, ids.as_slice()) {
        (Some(id), _) if ids.contains(&id) => id,
        (Some(id), _) => anyhow::bail!("#{id} {} {:?}", lang.t("directive.not_matching"), a.code),
        (None, [one]) => *one,
        (None, []) => anyhow::bail!("{} {:?}", lang.t("directive.none"), a.code),
        (None, _) => anyhow::bail!("{} {:?}: {}", lang.t("directive.several"), a.code, ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")),
    };
    let now = match (&a.split, a.merge_into) {
        (Some(doc), _) => store.split_directive(id, doc, a.note.as_deref(), &author())?,
        (None, Some(into)) => store.merge_directives(id, into, a.note.as_deref(), &author())?,
        (None, None) => unreachable!("checked above"),
    };
    if a.db.json {
        return print_json(&serde_json::json!({ "directive": now })).map(Some);
    }
    let what = if a.split.is_some() { "directive.split_done" } else { "directive.merge_done" };
    println!("{} #{now}", lang.t(what));
    Ok(Some(ExitCode::SUCCESS))
}

pub fn directive(a: DirectiveArgs) -> Result<ExitCode> {
    if let Some(code) = directive_identity(&a)? {
        return Ok(code);
    }
    let store = open(&a.db)?;
    if a.tree {
        return directive_tree(&store, &a);
    }
    let cards = store.directives(&a.code, a.doubtful)?;
    if a.db.json {
        return print_json(&cards);
    }
    let lang = a.db.lang();
    let mut out = std::io::stdout().lock();
    if cards.is_empty() {
        writeln!(out, "{} {:?}", lang.t("directive.none"), a.code)?;
        return Ok(ExitCode::from(1));
    }
    for c in &cards {
        let tier = if c.doubtful { format!("  [{}]", lang.t("tier.low")) } else { String::new() };
        writeln!(
            out,
            "#{} {} {}  {} {}  {} {}  {} {}{tier}",
            c.id,
            c.kind,
            c.code.as_deref().unwrap_or(&c.number),
            lang.t("directive.issuer"),
            or_dash(&c.issuer),
            lang.t("directive.date"),
            lang.date(c.date.as_deref()),
            lang.t("directive.era"),
            or_dash(&c.era)
        )?;
        if let Some(t) = &c.title {
            writeln!(out, "  {t}")?;
        }
        writeln!(out, "  {} {}:", lang.t("directive.cited_by"), lang.count(c.cited_by.len(), "person.docs"))?;
        let rows: Vec<Vec<String>> = c
            .cited_by
            .iter()
            .map(|d| {
                let dup = d.duplicate_of.as_ref().map(|x| format!(" ({} {x})", lang.t("directive.copy_of"))).unwrap_or_default();
                vec![format!("    {}", d.doc), lang.date(d.date.as_deref()), format!("@{}..{}{dup}", d.span.0, d.span.1), or_dash(&d.headline).to_string()]
            })
            .collect();
        for line in term::table(&rows) {
            writeln!(out, "{line}")?;
        }
        if !c.maybe_cited_by.is_empty() {
            writeln!(out, "  {} {}:", lang.t("directive.ambiguous"), lang.count(c.maybe_cited_by.len(), "person.docs"))?;
            for d in &c.maybe_cited_by {
                writeln!(out, "    {}  {}  @{}..{}", d.doc, lang.date(d.date.as_deref()), d.span.0, d.span.1)?;
            }
        }
        if !c.tasks.is_empty() {
            writeln!(out, "  {}:", lang.t("directive.tasks"))?;
            print_tasks(&mut out, &c.tasks, lang)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `chidao directive CODE --tree`: the implementation cascade of each matching directive, one
/// node a line, indented by level: role, kind and code, issuer, date, tasks by state, document.
fn directive_tree(store: &Store, a: &DirectiveArgs) -> Result<ExitCode> {
    let trees = store.directive_trees(&a.code, a.as_of.as_deref(), a.doubtful)?;
    if a.db.json {
        return print_json(&trees);
    }
    let lang = a.db.lang();
    let mut out = std::io::stdout().lock();
    if trees.is_empty() {
        writeln!(out, "{} {:?}", lang.t("directive.none"), a.code)?;
        return Ok(ExitCode::from(1));
    }
    fn node(out: &mut impl Write, n: &chidao_store::CascadeNode, depth: usize, lang: Lang) -> Result<()> {
        let role = match n.role {
            chidao_store::NodeRole::Directive => "tree.directive",
            chidao_store::NodeRole::Implementing => "tree.implementing",
            chidao_store::NodeRole::Report => "tree.report",
        };
        let pad = "  ".repeat(depth);
        let t = n.tasks;
        let counts = if t.total == 0 {
            lang.t("tree.no_tasks").to_string()
        } else {
            format!(
                "{}: {} {}, {} {}, {} {}, {} {}",
                lang.count(t.total as usize, "tree.tasks"),
                t.done,
                lang.t("tree.done"),
                t.overdue,
                lang.t("tree.overdue"),
                t.open_in_time,
                lang.t("tree.in_time"),
                t.no_deadline,
                lang.t("tree.no_deadline")
            )
        };
        writeln!(
            out,
            "{pad}{}[{}] {} {}  {} {}  {} {}",
            if depth == 0 { "" } else { "└ " },
            lang.t(role),
            n.kind,
            or_dash(&n.code),
            lang.t("directive.issuer"),
            or_dash(&n.issuer),
            lang.t("directive.date"),
            lang.date(n.date.as_deref()),
        )?;
        let more = if depth == 0 { "  " } else { "    " };
        if let Some(title) = &n.title {
            writeln!(out, "{pad}{more}{title}")?;
        }
        writeln!(out, "{pad}{more}{counts}")?;
        match &n.doc {
            Some(d) => writeln!(out, "{pad}{more}{} {d}", lang.t("tree.document"))?,
            None => writeln!(out, "{pad}{more}{}", lang.t("tree.no_text"))?,
        }
        if n.cycle {
            writeln!(out, "{pad}{more}({})", lang.t("tree.cycle"))?;
        }
        for c in &n.children {
            node(out, c, depth + 1, lang)?;
        }
        Ok(())
    }
    for t in &trees {
        writeln!(out, "#{} ({} {}, {} {})", t.root.directive.unwrap_or_default(), lang.count(t.documents, "person.docs"), lang.t("tree.in_tree"), lang.t("stats.as_of"), lang.date(Some(&t.as_of)))?;
        node(&mut out, &t.root, 0, lang)?;
        if t.truncated {
            writeln!(out, "({})", lang.t("tree.truncated"))?;
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
    let lang = a.db.lang();
    let t = |k: &str| lang.t(k);
    let mut rows = vec![
        vec![t("stats.documents").to_string(), s.documents.to_string(), format!("({} {})", s.duplicates, t("stats.copies"))],
        vec![t("stats.people").to_string(), s.persons.to_string(), format!("({} {})", s.roles, t("stats.role_mentions"))],
        vec![
            t("stats.directives").to_string(),
            s.directives.to_string(),
            format!("({} {}, {} {})", s.citations, t("stats.citations"), s.ambiguous_citations, t("stats.ambiguous")),
        ],
        vec![t("stats.orgs").to_string(), s.orgs.to_string(), String::new()],
        vec![t("stats.events").to_string(), s.events.to_string(), String::new()],
        vec![t("stats.figures").to_string(), s.figures.to_string(), String::new()],
        vec![t("stats.tasks").to_string(), s.tasks.to_string(), format!("({} {})", t("stats.as_of"), lang.date(Some(&s.as_of)))],
    ];
    for (st, n) in &s.task_states {
        rows.push(vec![format!("  {}", lang.t(&format!("state.{}", st.code()))), n.to_string(), String::new()]);
    }
    rows.push(vec![t("stats.doubtful_tasks").to_string(), s.doubtful_tasks.to_string(), format!("({})", t("stats.doubtful_hint"))]);
    rows.push(vec![t("stats.reposts").to_string(), s.reposts.to_string(), format!("({})", t("stats.reposts_hint"))]);
    let size = s.bytes.map(|b| format!(", {} {:.1} MB", t("stats.size"), b as f64 / 1e6)).unwrap_or_default();
    rows.push(vec![t("stats.schema").to_string(), format!("v{}", s.schema_version), size.trim_start_matches(", ").to_string()]);
    let mut out = std::io::stdout().lock();
    for line in term::table(&rows) {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// CPU time of the calling thread in ns (Linux: `/proc/thread-self/schedstat`), for latency
/// figures that other processes' load does not inflate; `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

pub(crate) fn percentiles(mut v: Vec<f64>) -> (f64, f64, f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    v.sort_by(f64::total_cmp);
    let pct = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (pct(0.5), pct(0.9), pct(0.99), v[v.len() - 1])
}

/// The fixed query set's timings on a register: wall and CPU milliseconds of every run, and per
/// query its worst wall and CPU time and its number of hits.
pub(crate) struct SearchTimes {
    pub wall: Vec<f64>,
    pub cpu: Vec<f64>,
    pub per_query: Vec<(f64, f64, usize)>,
}

/// Runs the fixed query set (`chidao_store::bench::queries`) `runs` times each, after one warming
/// run; shared by `bench-search` and `bench-scale`.
pub(crate) fn time_queries(store: &Store, queries: &[SearchQuery], runs: usize) -> Result<SearchTimes> {
    for q in queries {
        store.search(q)?;
    }
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let mut per_query = Vec::new();
    for q in queries {
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
    Ok(SearchTimes { wall, cpu, per_query })
}

pub fn bench_search(a: BenchSearchArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let queries = chidao_store::bench::queries();
    let runs = a.runs.max(1);
    let SearchTimes { wall, cpu, per_query } = time_queries(&store, &queries, runs)?;
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
