//! Search on PostgreSQL finds what it finds on SQLite: the same register on both backends
//! (`common::Both`), the same queries, the same documents in the same tiers (exact diacritics
//! first), the same spans and snippets, the same facets. Ranking within a tier may differ (BM25
//! on SQLite, `ts_rank` on PostgreSQL).

mod common;

use chidao_store::{Hit, SearchQuery, Store};

/// What both backends must agree on for one hit (the score aside).
fn key(h: &Hit) -> String {
    format!("{} {} {:?} {:?} {:?} {:?} {:?} {:?}", h.kind, h.doc, h.date, h.headline, h.span, h.snippet, h.highlights, h.duplicate_of)
}

/// A search's hits as tiers: runs of hits with the same `exact`, each run a sorted set.
fn tiers(hits: &[Hit]) -> Vec<(bool, Vec<String>)> {
    let mut out: Vec<(bool, Vec<String>)> = Vec::new();
    for h in hits {
        match out.last_mut() {
            Some((e, run)) if *e == h.exact => run.push(key(h)),
            _ => out.push((h.exact, vec![key(h)])),
        }
    }
    for (_, run) in &mut out {
        run.sort();
    }
    out
}

fn q(text: &str) -> SearchQuery {
    SearchQuery { limit: Some(100), ..SearchQuery::text(text) }
}

/// The queries compared, and whether each must find something.
fn queries() -> Vec<(SearchQuery, bool)> {
    let mut v: Vec<(SearchQuery, bool)> = Vec::new();
    for (text, some) in [
        ("thiên tai", true),
        ("thien tai", true),
        ("Tân Lộc", true),
        ("tan loc", true),
        ("Huyện ủy", true),
        ("HUYỆN ỦY", true),
        ("huyen uy tan loc", true),
        ("\"Ban Thường vụ\"", true),
        ("\"ban thuong vu\" tinh uy", true),
        ("12-CT/HU", true),
        ("07-CT/TU", true),
        ("Chỉ thị", true),
        ("chi thi 12", true),
        ("rừng", true),
        ("phòng cháy chữa cháy rừng", true),
        ("Đức", true),
        ("duc", true),
        ("kế hoạch", true),
        ("hoàn thành trước ngày", true),
        ("không có từ này đâu", false),
        ("xyzzy", false),
    ] {
        v.push((q(text), some));
    }
    let with = |text: &str, f: &dyn Fn(&mut SearchQuery)| {
        let mut s = q(text);
        f(&mut s);
        s
    };
    v.push((with("huyện", &|s| s.from = Some("2024-03-05".into())), true));
    v.push((with("huyen", &|s| s.to = Some("2024-03-05".into())), true));
    v.push((with("thực hiện", &|s| s.from = Some("2026-01-01".into())), true));
    v.push((with("", &|s| s.from = Some("2024-01-01".into())), true));
    v.push((with("huyện", &|s| s.org = Some("Tân Lộc".into())), true));
    v.push((with("", &|s| s.org = Some("tan loc".into())), true));
    v.push((with("chỉ thị", &|s| s.person = Some("Trần Thị Hoa".into())), true));
    v.push((with("", &|s| s.person = Some("Pham Minh Duc".into())), true));
    v.push((with("huyện ủy", &|s| s.directive = Some("12-CT/HU".into())), true));
    v.push((with("", &|s| s.directive = Some("Chỉ thị 07".into())), true));
    v.push((with("kiểm tra", &|s| s.kind = Some("task".into())), true));
    v.push((with("Tân Lộc", &|s| s.kind = Some("org".into())), true));
    v.push((with("tran thi hoa", &|s| s.kind = Some("person".into())), true));
    v.push((with("", &|s| s.kind = Some("directive".into())), true));
    v.push((with("ubnd huyen", &|s| s.kind = Some("task".into())), true));
    v.push((with("thiên tai", &|s| s.person = Some("Không Ai Cả".into())), false));
    v
}

#[test]
fn searches_find_the_same_on_both_backends() {
    let Some(both) = common::Both::new("store::pg_search::searches_find_the_same_on_both_backends", common::office_register) else { return };
    for (query, some) in queries() {
        let lite = both.lite.search(&query).unwrap();
        let pg = both.pg.search(&query).unwrap();
        assert_eq!(tiers(&lite), tiers(&pg), "{query:?}");
        assert_eq!(!lite.is_empty(), some, "{query:?}: {lite:?}");
        // A limit keeps the first tiers.
        let two = SearchQuery { limit: Some(2), ..query.clone() };
        let (l2, p2) = (both.lite.search(&two).unwrap(), both.pg.search(&two).unwrap());
        assert_eq!(l2.len(), p2.len(), "{two:?}");
        assert_eq!(l2.iter().map(|h| h.exact).collect::<Vec<_>>(), p2.iter().map(|h| h.exact).collect::<Vec<_>>(), "{two:?}");
    }
}

#[test]
fn the_exact_diacritics_come_first_on_postgres_too() {
    let Some(both) = common::Both::new("store::pg_search::the_exact_diacritics_come_first_on_postgres_too", common::office_register) else { return };
    let hits = both.pg.search(&q("Huyện ủy")).unwrap();
    assert!(hits.first().is_some_and(|h| h.exact), "{hits:?}");
    // Typed without marks, nothing is "exact"; đ is found as d.
    let hits = both.pg.search(&q("duc")).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| !h.exact), "{hits:?}");
    // A directive code is one phrase, not its letters anywhere.
    let hits = both.pg.search(&q("12-CT/HU")).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h.doc == "so-ket.txt"), "{hits:?}");
}

fn facets(s: &Store, query: &SearchQuery) -> serde_json::Value {
    serde_json::to_value(s.facets(query).unwrap()).unwrap()
}

#[test]
fn facets_count_the_same_on_both_backends() {
    let Some(both) = common::Both::new("store::pg_search::facets_count_the_same_on_both_backends", common::office_register) else { return };
    let mut nonempty = 0;
    for (query, _) in queries().into_iter().filter(|(q, _)| q.kind.is_none()) {
        let lite = facets(&both.lite, &query);
        assert_eq!(lite, facets(&both.pg, &query), "{query:?}");
        nonempty += usize::from(lite["documents"].as_u64().unwrap_or(0) > 0 && lite["people"].as_array().is_some_and(|a| !a.is_empty()));
    }
    assert!(nonempty > 5, "facets with people: {nonempty}");
}

/// The benchmark queries on a large register on both backends (`CHIDAO_BENCH_LITE`: an SQLite
/// file; `CHIDAO_BENCH_PG`: the same register moved to PostgreSQL): the matches compared through
/// facets (which count them unranked), the ranked hits that differ and the slowest PostgreSQL
/// queries printed. `cargo test --release -p chidao-store --test pg_search
/// -- --ignored --nocapture`.
#[test]
#[ignore]
fn the_benchmark_queries_find_the_same_on_a_large_register() {
    use chidao_store::{Access, Location};
    let (Ok(lite), Ok(pg)) = (std::env::var("CHIDAO_BENCH_LITE"), std::env::var("CHIDAO_BENCH_PG")) else {
        eprintln!("set CHIDAO_BENCH_LITE and CHIDAO_BENCH_PG");
        return;
    };
    let lite = Store::open_as(std::path::Path::new(&lite), Access::Read).unwrap();
    let pg = Store::open_location(&Location::parse(std::ffi::OsStr::new(&pg)), Access::Read).unwrap();
    let mut times = Vec::new();
    let mut differ = 0;
    for query in chidao_store::bench::queries() {
        let query = SearchQuery { limit: Some(query.limit.unwrap_or(20)), ..query };
        let l = lite.search(&query).unwrap();
        pg.search(&query).unwrap();
        let t = std::time::Instant::now();
        let p = pg.search(&query).unwrap();
        times.push((t.elapsed().as_secs_f64() * 1e3, format!("{query:?}")));
        let docs = |h: &[Hit]| h.iter().map(|h| (h.exact, h.doc.clone())).collect::<std::collections::BTreeSet<_>>();
        let (ld, pd) = (docs(&l), docs(&p));
        // What a search matches (its newest `FACET_DOCS` matches, unranked) is the same.
        if query.kind.is_none() {
            assert_eq!(facets(&lite, &query), facets(&pg, &query), "{query:?}");
        }
        if tiers(&l) != tiers(&p) {
            differ += 1;
            eprintln!(
                "{:?}: {} / {} hits, {} in both; exact {} / {}",
                query.text,
                l.len(),
                p.len(),
                ld.intersection(&pd).count(),
                l.iter().filter(|h| h.exact).count(),
                p.iter().filter(|h| h.exact).count()
            );
        }
    }
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q) in times.iter().take(10) {
        eprintln!("{ms:8.2} ms  {q}");
    }
    eprintln!("{differ} of {} queries rank differently (the same matches, by facets)", times.len());
}
