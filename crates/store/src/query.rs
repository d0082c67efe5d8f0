//! Reading the register: search, tasks, people, directives, statistics.

use chidao_extract::unit::unit_key;
use chidao_text::ascii_fold::ascii_fold;
use serde::Serialize;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use crate::db::{Arg, Db, Row, ToArg, args};
use crate::error::{Result, StoreError};
use crate::{Store, codes, dates};

/// A search (see `chidao search`).
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words and "quoted phrases", with or without diacritics; empty lists by filters only.
    pub text: String,
    /// Documents dated on or after (ISO).
    pub from: Option<String>,
    /// Documents dated on or before (ISO).
    pub to: Option<String>,
    /// Documents naming this person (full name, with or without diacritics).
    pub person: Option<String>,
    /// Documents naming an organisation whose name or alias contains this.
    pub org: Option<String>,
    /// Documents citing this directive ("35-CT/TW", "Chỉ thị 35").
    pub directive: Option<String>,
    /// Search facts of this kind (person, directive, event, org, task, figure) instead of documents.
    pub kind: Option<String>,
    /// Most results (default 20).
    pub limit: Option<usize>,
}

impl SearchQuery {
    /// A plain text search.
    pub fn text(t: &str) -> SearchQuery {
        SearchQuery { text: t.to_string(), ..Default::default() }
    }
}

/// Kinds of fact `--kind` accepts.
pub const FACT_KINDS: &[&str] = &["document", "person", "directive", "event", "org", "task", "figure"];

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// "document" or the kind of fact.
    pub kind: String,
    /// The document's id.
    pub doc: String,
    /// Its date.
    pub date: Option<String>,
    /// Its headline.
    pub headline: Option<String>,
    /// The fact's (or first match's) byte span in the document's text.
    pub span: Option<(usize, usize)>,
    /// The query matched with its diacritics as typed (ranked first).
    pub exact: bool,
    /// bm25 score (lower is better).
    pub score: f64,
    /// A passage around the best match.
    pub snippet: String,
    /// Byte ranges of the matched words within `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// Id of the earlier document this one is a near-copy of.
    pub duplicate_of: Option<String>,
    /// The document's row in the register.
    #[serde(skip)]
    pub doc_row: i64,
}

/// Terms of a query: each a list of words (a phrase) as typed, NFC.
fn terms(q: &str) -> Vec<Vec<String>> {
    let q = chidao_text::nfc(q);
    let mut out = Vec::new();
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    for (i, part) in q.split('"').enumerate() {
        if i % 2 == 1 {
            let w = words(part);
            if !w.is_empty() {
                out.push(w);
            }
        } else {
            // A bare token with inner punctuation ("35-CT/TW") is a phrase of its words.
            out.extend(part.split_whitespace().map(words).filter(|w| !w.is_empty()));
        }
    }
    out
}

/// A tier's FTS5 expression over a column, and for each of its phrases, in order, the expression
/// counting the rows it matches (`None` for a phrase of the `pairs` column, whose weight is 0).
/// With `pairs`, a term of several words is first looked up by its word pairs (rare tokens, see
/// `search_index::pairs`) and then as the phrase of the column: FTS5 advances an AND by its
/// first child, so the pairs lead and the common syllables are only sought where they match.
fn tier_expr(column: &str, terms: &[Vec<String>], fold: bool, pairs: bool) -> (String, Vec<Option<String>>) {
    let quote = |s: String| format!("\"{}\"", s.replace('"', "\"\""));
    let mut parts = Vec::new();
    let mut counts = Vec::new();
    for t in terms {
        let words: Vec<String> = t.iter().map(|w| if fold { ascii_fold(w) } else { w.to_lowercase() }).collect();
        let phrase = format!("{{{column}}} : {}", quote(words.join(" ")));
        let folded: Vec<String> = t.iter().map(|w| ascii_fold(w)).collect();
        if pairs && folded.len() > 1 {
            let join = crate::search_index::PAIR_JOIN.to_string();
            let p: Vec<String> = folded.windows(2).map(|w| w.join(&join)).collect();
            let pp = format!("{{pairs}} : {}", quote(p.join(" ")));
            parts.push(pp.clone());
            counts.push(None);
            parts.push(phrase.clone());
            counts.push(Some(pp));
        } else {
            parts.push(phrase.clone());
            counts.push(Some(phrase));
        }
    }
    (parts.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join(" AND "), counts)
}

/// Words of a text with their byte ranges.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || matches!(c as u32, 0x300..=0x36F);
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A snippet: its text, the highlighted byte ranges in it, and the byte range of the first hit in
/// the source text.
pub type Snippet = (String, Vec<(usize, usize)>, Option<(usize, usize)>);

/// A passage of `text` around the densest matches of the terms, with the matches' ranges.
pub fn snippet(text: &str, terms: &[Vec<String>], words_around: usize) -> Snippet {
    let spans = word_spans(text);
    let folded: Vec<String> = spans.iter().map(|&(s, e)| ascii_fold(&text[s..e])).collect();
    let fterms: Vec<Vec<String>> = terms.iter().map(|t| t.iter().map(|w| ascii_fold(w)).collect()).collect();
    // Matches: (first word, word count).
    let mut matches: Vec<(usize, usize)> = Vec::new();
    for i in 0..folded.len() {
        for t in &fterms {
            if !t.is_empty() && i + t.len() <= folded.len() && folded[i..i + t.len()] == t[..] {
                matches.push((i, t.len()));
                break;
            }
        }
    }
    let window = 2 * words_around;
    let (lo, hi) = if matches.is_empty() {
        (0, spans.len().min(window))
    } else {
        // The window start with the most matches.
        let mut best = (0usize, matches[0].0);
        let mut j = 0;
        for i in 0..matches.len() {
            while matches[j].0 + window <= matches[i].0 {
                j += 1;
            }
            let distinct = i - j + 1;
            if distinct > best.0 {
                best = (distinct, matches[j].0);
            }
        }
        let lo = best.1.saturating_sub(words_around / 2);
        (lo, (lo + window).min(spans.len()))
    };
    if spans.is_empty() {
        return (String::new(), Vec::new(), None);
    }
    let (bs, be) = (spans[lo.min(spans.len() - 1)].0, spans[hi.max(1) - 1].1);
    let mut out = String::new();
    if lo > 0 {
        out.push('…');
    }
    let base = out.len();
    out.push_str(&text[bs..be].replace('\n', " "));
    if hi < spans.len() {
        out.push('…');
    }
    let hl: Vec<(usize, usize)> = matches
        .iter()
        .filter(|(i, n)| *i >= lo && i + n <= hi)
        .map(|&(i, n)| (spans[i].0 - bs + base, spans[i + n - 1].1 - bs + base))
        .collect();
    let first = matches.first().map(|&(i, n)| (spans[i].0, spans[i + n - 1].1));
    (out, hl, first)
}

/// Resolves "35-CT/TW", "35-CT/TƯ", "Chỉ thị 35", "Chỉ thị số 35" to directive ids.
pub(crate) fn directive_ids(store: &Store, code: &str) -> Result<Vec<i64>> {
    let code = code.trim();
    let looks_like_code = code.contains('/') || (code.contains('-') && !code.contains(' '));
    let (kind, number, c) = if looks_like_code {
        ("", code.split(['-', '/']).next().unwrap_or(""), Some(code))
    } else {
        let words: Vec<&str> = code.split_whitespace().collect();
        let Some(pos) = words.iter().rposition(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit())) else {
            return Err(StoreError::Invalid(format!("{code:?}: give a code (35-CT/TW) or a kind and number (Chỉ thị 35)")));
        };
        let kind: Vec<&str> = words[..pos].iter().copied().filter(|w| chidao_text::fold(w) != "số").collect();
        return ids_for(store, &codes::key_of(&kind.join(" "), words[pos], None, None, None));
    };
    ids_for(store, &codes::key_of(kind, number, c, None, None))
}

fn ids_for(store: &Store, k: &codes::DirectiveKey) -> Result<Vec<i64>> {
    store.db().rows(
        "SELECT id FROM directives WHERE number_key = ?1 AND kind_key = ?2 AND (CAST(?3 AS text) IS NULL OR series IS NULL OR series = ?3) ORDER BY id",
        args![k.number, k.kind, k.series],
        |r| r.get(0),
    )
}

/// Person ids for a name typed with or without diacritics.
fn person_ids(store: &Store, name: &str) -> Result<Vec<i64>> {
    let key = chidao_text::fold(name.trim());
    let ascii = ascii_fold(name.trim());
    let typed_plain = key == ascii;
    let sql = if typed_plain { "SELECT id FROM persons WHERE ascii = ?1 ORDER BY id" } else { "SELECT id FROM persons WHERE key = ?1 ORDER BY id" };
    store.db().rows(sql, args![if typed_plain { &ascii } else { &key }], |r| r.get(0))
}

pub(crate) fn org_ids(store: &Store, org: &str) -> Result<Vec<i64>> {
    let a = ascii_fold(org.trim());
    let db = store.db();
    let sql = format!(
        "SELECT id FROM orgs WHERE {} UNION SELECT org FROM org_aliases WHERE {} ORDER BY 1",
        db.contains("ascii", "?1"),
        db.contains("ascii", "?1")
    );
    db.rows(&sql, args![a], |r| r.get(0))
}

/// Most matches of one tier of a search that are ranked: the newest ones (by rowid). A term
/// matching more rows than this (a common word over a large register) is ranked among its newest
/// matches, so a query costs about the same at a million documents as at a hundred thousand.
pub const RANK_CANDIDATES: usize = 2000;

/// Mentions of a filter's people or organisations below which its documents are gathered
/// before the search (above it, each match is probed).
const MENTION_SET: usize = 5000;

pub(crate) fn json_ids(ids: &[i64]) -> String {
    format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
}

impl Store {
    /// Searches documents (or, with `kind`, facts): diacritic-insensitive, exact-diacritic matches
    /// first, then by bm25 (SQLite) or `ts_rank` (PostgreSQL).
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        self.search_inner(q, true)
    }

    /// The register row ids of up to `limit` documents a search matches, unranked (for counting:
    /// no snippets, one FTS pass).
    pub(crate) fn search_rows(&self, q: &SearchQuery) -> Result<Vec<i64>> {
        Ok(self.search_inner(q, false)?.into_iter().map(|h| h.doc_row).collect())
    }

    fn search_inner(&self, q: &SearchQuery, snippets: bool) -> Result<Vec<Hit>> {
        let db = self.db();
        let limit = q.limit.unwrap_or(20).clamp(1, 10_000);
        let kind = q.kind.as_deref().map(|k| k.trim().to_lowercase()).filter(|k| k != "document" && k != "doc" && k != "documents");
        if let Some(k) = &kind
            && !FACT_KINDS.contains(&k.as_str()) {
                return Err(StoreError::Invalid(format!("{k:?}: unknown kind of fact (one of {})", FACT_KINDS.join(", "))));
            }
        let terms = terms(&q.text);
        if kind.is_none() && !terms.is_empty() && !self.searchable {
            let file = self.path.as_deref().map(crate::search_file::path_of).unwrap_or_default();
            return Err(StoreError::Invalid(format!(
                "{}: the documents' search index is missing; it is made again when the register is next opened to write (`chidao ingest`, `chidao serve`)",
                file.display()
            )));
        }
        // `WHERE 1` as each backend writes it.
        let all = db.pick("1", "true");
        // Filters, as SQL with parameters: `filt` over `d` (documents), for listing without
        // words; `filt_fts` over a match's document row (`@ROW@`), tested as FTS5 hands out the
        // matches newest first, so a search stops after its candidates whatever the filters.
        // Every set is written `+row IN (…)`: the `+` keeps SQLite from handing it to FTS5 as a
        // rowid to look up one at a time (each a new walk of the index), and makes it one
        // ephemeral index built once.
        let mut filt = String::new();
        let mut filt_fts = String::new();
        let mut args: Vec<Arg<'static>> = Vec::new();
        let mut date = String::new();
        if let Some(f) = &q.from {
            args.push(text_arg(dates::parse_user_date(f, false)?));
            // A date without its year ("XXXX-06-23") is in no range.
            date += &format!(" AND @D@date >= ?{} AND @D@date NOT LIKE 'X%'", args.len());
        }
        if let Some(t) = &q.to {
            args.push(text_arg(dates::parse_user_date(t, true)?));
            date += &format!(" AND @D@date <= ?{} AND @D@date NOT LIKE 'X%'", args.len());
        }
        if !date.is_empty() {
            filt += &date.replace("@D@", "d.");
            filt_fts += &format!(" AND +@ROW@ IN (SELECT id FROM documents WHERE {all}{})", date.replace("@D@", ""));
        }
        // Person, organisation and directive filters: an entity's documents. A small set (fewer
        // than `MENTION_SET` mentions) is built once; a large one (every "công an" organisation)
        // is probed per match instead, through the mentions' document index, so neither side of
        // the search is walked whole.
        let mut entity = |ids: Vec<i64>, table: &str, col: &str| -> Result<bool> {
            if ids.is_empty() {
                return Ok(false);
            }
            let json = json_ids(&ids);
            let mentions: i64 = db.one(
                &format!("SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {col} IN ({}) LIMIT {MENTION_SET}) m", db.ints_in("?1")),
                args![json],
            )?;
            args.push(text_arg(json));
            let set = db.ints_in(&format!("?{}", args.len()));
            let cond = if mentions == 0 {
                return Ok(false);
            } else if (mentions as usize) < MENTION_SET {
                format!(" AND +@ROW@ IN (SELECT doc FROM {table} WHERE {col} IN ({set}))")
            } else {
                format!(" AND EXISTS (SELECT 1 FROM {table} m WHERE m.doc = @ROW@ AND m.{col} IN ({set}))")
            };
            filt += &cond.replace("+@ROW@", "d.id").replace("@ROW@", "d.id");
            filt_fts += &cond;
            Ok(true)
        };
        if let Some(p) = &q.person
            && !entity(person_ids(self, p)?, "person_mentions", "person")? {
                return Ok(Vec::new());
            }
        if let Some(o) = &q.org
            && !entity(org_ids(self, o)?, "org_mentions", "org")? {
                return Ok(Vec::new());
            }
        if let Some(c) = &q.directive {
            let ids = directive_ids(self, c)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            args.push(text_arg(json_ids(&ids)));
            let set = db.ints_in(&format!("?{}", args.len()));
            let cond = format!(
                " AND +@ROW@ IN (SELECT doc FROM directive_mentions WHERE directive IN ({set})
                 UNION SELECT m.doc FROM directive_candidates c JOIN directive_mentions m ON m.id = c.mention WHERE c.directive IN ({set}))"
            );
            filt += &cond.replace("+@ROW@", "d.id");
            filt_fts += &cond;
        }
        let has_filters = !filt_fts.is_empty();
        let (fts, id_col) = match (&kind, db.is_pg()) {
            (Some(_), false) => ("fact_fts", "rowid"),
            (None, false) => ("doc_fts", "rowid"),
            (Some(_), true) => ("fact_search", "fact"),
            (None, true) => ("doc_search", "doc"),
        };
        // Facts: the kind is an indexed FTS column, intersected in the index.
        let kind_expr = kind.as_ref().map(|k| format!(" AND {{kind}} : \"{k}\"")).unwrap_or_default();
        let (weights, inner_src, outer_src) = match &kind {
            Some(_) => (
                "4.0, 1.0, 0.0",
                if has_filters { format!("JOIN facts f ON f.id = x.{id_col}") } else { String::new() },
                "JOIN facts f ON f.id = h.id JOIN documents d ON d.id = f.doc",
            ),
            None if self.pairs => ("4.0, 1.0, 0.0", String::new(), "JOIN documents d ON d.id = h.id"),
            None => ("4.0, 1.0", String::new(), "JOIN documents d ON d.id = h.id"),
        };
        if let Some(k) = &kind
            && terms.is_empty() {
                args.push(text_arg(k.clone()));
                filt += &format!(" AND f.kind = ?{}", args.len());
            }
        let select_cols = match &kind {
            Some(_) => "f.kind, d.ext_id, d.date, d.headline, f.start, f.end, f.text, (SELECT ext_id FROM documents o WHERE o.id = d.dup_of), d.id",
            None if snippets => "'document', d.ext_id, d.date, d.headline, NULL, NULL, (SELECT text FROM doc_texts t WHERE t.doc = d.id), (SELECT ext_id FROM documents o WHERE o.id = d.dup_of), d.id",
            None => "'document', d.ext_id, d.date, d.headline, NULL, NULL, '', NULL, d.id",
        };
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        if terms.is_empty() {
            // Undated documents last, where SQLite puts them (PostgreSQL's NULL sorts high).
            let nulls_last = db.pick("", " NULLS LAST");
            let sql = match &kind {
                Some(_) => format!(
                    "SELECT h.id, 0.0, {select_cols} FROM (SELECT f.id AS id FROM facts f JOIN documents d ON d.id = f.doc
                     WHERE {all}{filt} ORDER BY d.date DESC{nulls_last}, d.ext_id, f.start, f.kind LIMIT {limit}) h JOIN facts f ON f.id = h.id JOIN documents d ON d.id = f.doc
                     ORDER BY d.date DESC{nulls_last}, d.ext_id, f.start, f.kind"
                ),
                None => format!(
                    "SELECT h.id, 0.0, {select_cols} FROM (SELECT d.id AS id FROM documents d WHERE {all}{filt} ORDER BY d.date DESC{nulls_last}, d.ext_id LIMIT {limit}) h
                     JOIN documents d ON d.id = h.id ORDER BY d.date DESC{nulls_last}, d.ext_id"
                ),
            };
            return db.rows(&sql, &args, |r| self.make_hit(r, false, &terms));
        }
        // Tiers, each filling the results the previous left: the whole query as one phrase (a
        // Vietnamese word is several syllables, each a token: "công an" is one word), then all
        // terms anywhere; within each, diacritics as typed before folded.
        let plain = q.text.is_ascii();
        let phrase: Vec<Vec<String>> = vec![terms.concat()];
        let mut forms: Vec<&[Vec<String>]> = Vec::new();
        if terms.len() > 1 {
            forms.push(&phrase);
        }
        forms.push(&terms);
        let pairs = self.pairs && kind.is_none();
        // (column, whether it matches the diacritics as typed, terms).
        let mut tiers: Vec<(&str, bool, &[Vec<String>])> = Vec::new();
        if snippets {
            for f in forms {
                if !plain {
                    tiers.push(("exact", true, f));
                }
                tiers.push(("folded", false, f));
            }
        } else {
            // Counting (facets): the broadest tier holds every other; no ranking needed.
            tiers.push(("folded", false, &terms));
        }
        // Equal scores in the order of the documents' ids, not of their ingest.
        let fact_order = if kind.is_some() { ", f.start, f.kind" } else { "" };
        let row = match (&kind, db.is_pg()) {
            (Some(_), _) => "f.doc".to_string(),
            (None, _) => format!("x.{id_col}"),
        };
        let fts_filter = if db.is_pg() { filt_fts.replace("+@ROW@", &row).replace("@ROW@", &row) } else { filt_fts.replace("@ROW@", &row) };
        for (column, exact, tier_terms) in tiers {
            if hits.len() >= limit {
                break;
            }
            let mut a = args.clone();
            // Rank on (rowid, score) only, then fetch the columns of the few rows kept: SQLite
            // would otherwise carry every candidate's text through the sorter.
            let keep = limit + seen.len();
            let ranked = if snippets { format!("ORDER BY score LIMIT {keep}") } else { format!("LIMIT {keep}") };
            let sql = if db.is_pg() {
                // PostgreSQL: the condition is answered by the GIN indexes (words, and a
                // phrase's word pairs), the newest `RANK_CANDIDATES` matches are taken by id, and
                // only those are ranked (`ts_rank` reads a row's vector; a common word's
                // thousands of matches are never read).
                let (cond, recheck, rank_query) = pg_tier(column, tier_terms, column == "folded", pairs, &mut a);
                let kind_cond = match &kind {
                    Some(k) => {
                        a.push(text_arg(k.clone()));
                        format!(" AND x.kind = ?{}", a.len())
                    }
                    None => String::new(),
                };
                // Each candidate's score read by its id: a join would let the planner rank every
                // row of the table before it meets the candidates.
                let score = if snippets {
                    a.push(text_arg(rank_query));
                    format!("(SELECT -ts_rank(s.{column}, CAST(CAST(?{} AS text) AS tsquery), 1) FROM {fts} s WHERE s.{id_col} = c.id)", a.len())
                } else {
                    "0.0".to_string()
                };
                // `+ 0`: the matches are gathered through the index and sorted by id, never
                // found by walking the ids newest first and reading each row's vector.
                let matches = format!("SELECT x.{id_col} AS id FROM {fts} x {inner_src} WHERE {cond}{kind_cond}{fts_filter} ORDER BY x.{id_col} + 0 DESC");
                // A phrase's positions are checked on the matches newest first, until there are
                // enough candidates: the rows read are about the candidates, not every match.
                let candidates = match recheck {
                    None => format!("{matches} LIMIT {RANK_CANDIDATES}"),
                    Some(p) => format!(
                        "SELECT m.id FROM ({matches} OFFSET 0) m WHERE (SELECT r.{column} @@ {p} FROM {fts} r WHERE r.{id_col} = m.id) LIMIT {RANK_CANDIDATES}"
                    ),
                };
                format!(
                    "SELECT h.id, h.score, {select_cols} FROM (
                       SELECT c.id, {score} AS score FROM ({candidates}) c {ranked}
                     ) h {outer_src} ORDER BY h.score, d.ext_id{fact_order}"
                )
            } else {
                let (expr, counts) = tier_expr(column, tier_terms, column == "folded", pairs);
                a.push(text_arg(format!("({expr}){kind_expr}")));
                let m = a.len();
                // The newest `RANK_CANDIDATES` matches are ranked (all of them, for all but the
                // most common terms): FTS5 hands out matches in rowid order without reading the
                // others. Each phrase's match count, which BM25 weighs, is counted up to the same
                // bound and estimated beyond it (see `rank`), so the cost follows the bound, not
                // the matches.
                let rank = if snippets {
                    let mut r = format!("{}({fts}, {weights}", crate::rank::FUNCTION);
                    for c in &counts {
                        a.push(Arg::Real(match c {
                            Some(c) => self.phrase_hits(fts, c)?,
                            None => 0.0,
                        }));
                        r += &format!(", ?{}", a.len());
                    }
                    r + ")"
                } else {
                    "0.0".to_string()
                };
                format!(
                    "SELECT h.id, h.score, {select_cols} FROM (
                       SELECT id, score FROM (
                         SELECT x.rowid AS id, {rank} AS score FROM {fts} x {inner_src}
                         WHERE {fts} MATCH ?{m}{fts_filter} ORDER BY x.rowid DESC LIMIT {RANK_CANDIDATES}
                       ) {ranked}
                     ) h {outer_src} ORDER BY h.score, d.ext_id{fact_order}"
                )
            };
            db.each(&sql, &a, |r| {
                let id: i64 = r.get(0)?;
                if hits.len() >= limit || !seen.insert(id) {
                    return Ok(());
                }
                hits.push(self.make_hit(r, exact, tier_terms)?);
                Ok(())
            })?;
        }
        Ok(hits)
    }

    /// The rows of a full-text table matching an expression: counted up to
    /// [`RANK_CANDIDATES`], estimated beyond it from how densely the newest matches are spread
    /// over the newest rows (rowids are dense: documents and facts are numbered as they come).
    /// SQLite only (PostgreSQL's `ts_rank` weighs no document frequency).
    fn phrase_hits(&self, fts: &str, expr: &str) -> Result<f64> {
        let rows = if fts == "doc_fts" { "documents" } else { "facts" };
        let sql = format!(
            "SELECT count(*), min(id), (SELECT max(id) FROM {rows}) FROM
             (SELECT rowid AS id FROM {fts} WHERE {fts} MATCH ?1 ORDER BY rowid DESC LIMIT {RANK_CANDIDATES})"
        );
        let (n, lowest, top): (i64, Option<i64>, Option<i64>) = self.db().row(&sql, args![expr], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(match (lowest, top) {
            (Some(lo), Some(hi)) if n as usize >= RANK_CANDIDATES && hi >= lo => n as f64 * hi as f64 / (hi - lo + 1) as f64,
            _ => n as f64,
        })
    }

    fn make_hit(&self, r: &Row<'_>, exact: bool, terms: &[Vec<String>]) -> Result<Hit> {
        let s: Option<i64> = r.get(6)?;
        let e: Option<i64> = r.get(7)?;
        let text: String = r.get(8)?;
        let (snip, hl, first) = if text.is_empty() { (String::new(), Vec::new(), None) } else { snippet(&text, terms, 14) };
        let span = match (s, e) {
            (Some(s), Some(e)) => Some((s as usize, e as usize)),
            _ => first,
        };
        Ok(Hit {
            kind: r.get(2)?,
            doc: r.get(3)?,
            date: r.get(4)?,
            headline: r.get(5)?,
            span,
            exact,
            score: r.get(1)?,
            snippet: snip,
            highlights: hl,
            duplicate_of: r.get(9)?,
            doc_row: r.get(10)?,
        })
    }
}

/// A text parameter.
fn text_arg(s: String) -> Arg<'static> {
    Arg::Text(std::borrow::Cow::Owned(s))
}

/// A tier's condition on PostgreSQL over `x` (a row of `doc_search` or `fact_search`), the
/// query a candidate's column must also match (a phrase's positions), its parameters appended to
/// `args`, and the query its ranking weighs (the column's words). A word
/// is sought in the column; a phrase of a document by its word pairs (`pairs`: GIN answers them
/// without reading rows; for two folded words the pair is the phrase), rechecked on the column's
/// positions when it has more words or keeps the diacritics (the row's vector is read then, for
/// the few rows holding every pair); a phrase of a fact (short) on the column's positions.
fn pg_tier(column: &str, terms: &[Vec<String>], fold: bool, pairs: bool, args: &mut Vec<Arg<'static>>) -> (String, Option<String>, String) {
    use crate::search_index::{PAIR_JOIN, pg_quote, words};
    let quoted = |ws: &[String], op: &str| -> String {
        let mut out = String::new();
        for (i, w) in ws.iter().enumerate() {
            if i > 0 {
                out.push_str(op);
            }
            pg_quote(&mut out, w);
        }
        out
    };
    let mut in_column: Vec<String> = Vec::new();
    let mut in_pairs: Vec<String> = Vec::new();
    let mut recheck: Vec<String> = Vec::new();
    let mut all_words: Vec<String> = Vec::new();
    for t in terms {
        let ws: Vec<String> = t
            .iter()
            .flat_map(|w| {
                let f = if fold { ascii_fold(w) } else { w.to_lowercase() };
                words(&f).map(str::to_string).collect::<Vec<_>>()
            })
            .collect();
        all_words.extend(ws.iter().cloned());
        match ws.len() {
            0 => {}
            1 => in_column.push(quoted(&ws, " & ")),
            n if pairs => {
                let folded: Vec<String> = t.iter().flat_map(|w| words(&ascii_fold(w)).map(str::to_string).collect::<Vec<_>>()).collect();
                let join = PAIR_JOIN.to_string();
                in_pairs.extend(folded.windows(2).map(|p| quoted(&[p.join(&join)], "")));
                if !fold || n > 2 {
                    recheck.push(format!("({})", quoted(&ws, " <-> ")));
                }
            }
            _ => in_column.push(format!("({})", quoted(&ws, " <-> "))),
        }
    }
    let mut conds: Vec<String> = Vec::new();
    let mut push = |sql: String, q: &[String], args: &mut Vec<Arg<'static>>| {
        args.push(text_arg(q.join(" & ")));
        conds.push(sql.replace("@P@", &format!("CAST(CAST(?{} AS text) AS tsquery)", args.len())));
    };
    if !in_column.is_empty() {
        push(format!("x.{column} @@ @P@"), &in_column, args);
    }
    if !in_pairs.is_empty() {
        push("x.pairs @@ @P@".to_string(), &in_pairs, args);
    }
    if conds.is_empty() {
        conds.push("false".to_string());
    }
    // Not a condition the index answers: a row's vector is read to check it (see `search_inner`).
    let recheck = (!recheck.is_empty()).then(|| {
        args.push(text_arg(recheck.join(" & ")));
        format!("CAST(CAST(?{} AS text) AS tsquery)", args.len())
    });
    (conds.join(" AND "), recheck, quoted(&all_words, " & "))
}

/// The four states of Vietnamese government task tracking (VPCP), for tasks with a deadline,
/// and a fifth for open tasks without one: a task with no due day is never "in time" — nothing
/// says when it would be late. A task done without a deadline is done on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Hoàn thành đúng hạn (also: done, no deadline).
    DoneOnTime,
    /// Hoàn thành quá hạn.
    DoneLate,
    /// Đang thực hiện, trong hạn.
    OpenInTime,
    /// Quá hạn, chưa hoàn thành.
    OpenOverdue,
    /// Chưa có hạn: open, and no deadline is known.
    NoDeadline,
}

impl TaskState {
    /// The state of a task with a due day and a completion day, as of a day (all ISO `YYYY-MM-DD`).
    /// A completion after `as_of` is not yet known on `as_of`.
    pub fn compute(due: Option<&str>, completed: Option<&str>, as_of: &str) -> TaskState {
        match completed.filter(|c| *c <= as_of) {
            Some(c) => match due {
                Some(d) if c > d => TaskState::DoneLate,
                _ => TaskState::DoneOnTime,
            },
            None => match due {
                Some(d) if d < as_of => TaskState::OpenOverdue,
                Some(_) => TaskState::OpenInTime,
                None => TaskState::NoDeadline,
            },
        }
    }

    /// Its name in JSON and exports (`done_on_time` …).
    pub fn code(self) -> &'static str {
        match self {
            TaskState::DoneOnTime => "done_on_time",
            TaskState::DoneLate => "done_late",
            TaskState::OpenInTime => "open_in_time",
            TaskState::OpenOverdue => "open_overdue",
            TaskState::NoDeadline => "no_deadline",
        }
    }

    /// Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            TaskState::DoneOnTime => "hoàn thành đúng hạn",
            TaskState::DoneLate => "hoàn thành quá hạn",
            TaskState::OpenInTime => "đang thực hiện, trong hạn",
            TaskState::OpenOverdue => "quá hạn, chưa hoàn thành",
            TaskState::NoDeadline => "chưa có hạn",
        }
    }

    /// Every state, in the order they are counted and shown.
    pub const ALL: [TaskState; 5] =
        [TaskState::DoneOnTime, TaskState::DoneLate, TaskState::OpenInTime, TaskState::OpenOverdue, TaskState::NoDeadline];
}

/// Whether a task's tier is shown by default: high, medium, and tasks written before tiers
/// (NULL); low ("doubtful") only when asked.
pub fn tier_listed(tier: Option<&str>) -> bool {
    tier != Some("low")
}

/// The words of a task's sentence, hashed: its letters folded (case, marks, digits and
/// punctuation aside: "4/2/2017" and "4-2" spell one date of one story). `folded` is the
/// sentence's [`chidao_text::fold`]. (Letters are told by `chidao_text::case`, which answers
/// as `char::is_alphabetic` without its Unicode table look-up for Vietnamese letters, and ASCII a
/// byte at a time: on a board page deep in a register of a million documents, splitting the
/// sentences into words was most of the page's time.)
fn task_words(folded: &str) -> Vec<u64> {
    chidao_text::case::letter_runs(folded).map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())).collect()
}

/// What makes two tasks one repost: the words of the sentence (see [`task_words`]) and the due
/// day. Papers reprint an agency's report with small edits; the near-duplicate link of documents
/// (`dup_of`) catches whole copies, not a sentence copied into articles that differ around it.
pub fn repost_key(text: &str, due: Option<&str>) -> u64 {
    due_key(words_key(&task_words(&chidao_text::fold(text))), due)
}

/// The key of a sentence's words (see [`task_words`]).
fn words_key(words: &[u64]) -> u64 {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// [`repost_key`] of a sentence's [`words_key`]: the due day hashed with it as the seed.
fn due_key(words: u64, due: Option<&str>) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(due.unwrap_or("").as_bytes(), words)
}

/// Most sentences [`SentenceKeys`] holds (about 17 MB) before it starts again.
const SENTENCE_KEYS_MAX: usize = 1 << 19;

/// The [`words_key`] of the task sentences seen lately, by a hash of their text: a board page
/// deep in a big register reads thousands of rows, most of them reposts its reader has met on
/// the pages before, and folding each sentence again was half the page's time. A pure function
/// of the text, so the memo is never stale, and shared by every reader of the process.
struct SentenceKeys;

static SENTENCE_KEYS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<u64, u64>>> =
    std::sync::LazyLock::new(Default::default);

impl SentenceKeys {
    fn get(text: u64) -> Option<u64> {
        SENTENCE_KEYS.lock().ok()?.get(&text).copied()
    }

    fn put(text: u64, key: u64) {
        if let Ok(mut m) = SENTENCE_KEYS.lock() {
            if m.len() >= SENTENCE_KEYS_MAX {
                m.clear();
            }
            m.insert(text, key);
        }
    }
}

/// The word pairs of a sentence (see [`task_words`]), hashed, sorted, each once.
fn word_pairs(words: &[u64]) -> Vec<u64> {
    let mut pairs: Vec<u64> = words
        .windows(2)
        .map(|w| xxhash_rust::xxh3::xxh3_64_with_seed(&w[1].to_le_bytes(), w[0]))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// How many values two sorted lists without repeats share.
fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Of two tasks due the same day in two articles, the share of the shorter one's word pairs that
/// the other has, at or above which they are one task told twice (the same order reported by
/// several papers in their own words: "Thứ trưởng giao Vụ X chủ trì …" and "Bộ chỉ đạo Vụ X chủ
/// trì …", both by 10/2).
const RETOLD: f64 = 0.7;

/// Fewest word pairs for a sentence to be compared by its words (a shorter one, only exactly).
const RETOLD_MIN_PAIRS: usize = 4;

/// The reposts of a run of tasks, in the order they are listed: a task is one when an earlier
/// task has its [`repost_key`], or, with a deadline, is due the same day in another document and
/// shares [`RETOLD`] of the word pairs. Tasks without a deadline compare exactly only (they are
/// many; a deadline makes a retelling's match safe).
///
/// A repost is due the same day as the task it repeats (the key holds the due day), so the
/// tasks of one due day are compared among themselves only: a caller that reads tasks by due day
/// calls [`Reposts::forget_before`] as the day moves on, and what is kept stays the size of one
/// day's tasks, not of the register.
#[derive(Default)]
pub struct Reposts {
    /// Keys of the tasks without a deadline.
    undated: std::collections::HashSet<u64>,
    /// By due day: the keys seen, and the word pairs of each task kept (with its document).
    dated: std::collections::HashMap<String, Day>,
    /// Days never forgotten (a user's corrected deadline may bring a task to them late).
    pinned: std::collections::HashSet<String>,
}

#[derive(Default)]
struct Day {
    exact: std::collections::HashSet<u64>,
    /// The tasks kept: their document and word pairs (see [`word_pairs`]).
    kept: Vec<(String, Vec<u64>)>,
}

impl Reposts {
    /// Whether a task (of document `doc`) is the first of its kind so far; it is remembered.
    pub fn first(&mut self, doc: &str, text: &str, due: Option<&str>) -> bool {
        let text_hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        let mut words = None;
        let sentence = SentenceKeys::get(text_hash).unwrap_or_else(|| {
            let w = task_words(&chidao_text::fold(text));
            let k = words_key(&w);
            SentenceKeys::put(text_hash, k);
            words = Some(w);
            k
        });
        let key = due_key(sentence, due);
        let Some(due) = due else { return self.undated.insert(key) };
        let day = match self.dated.get_mut(due) {
            Some(d) => d,
            None => self.dated.entry(due.to_string()).or_default(),
        };
        if !day.exact.insert(key) {
            return false;
        }
        let words = words.unwrap_or_else(|| task_words(&chidao_text::fold(text)));
        let pairs = word_pairs(&words);
        if pairs.len() >= RETOLD_MIN_PAIRS {
            let retold = day.kept.iter().any(|(d, p)| {
                d != doc && p.len() >= RETOLD_MIN_PAIRS && {
                    let shared = shared_count(&pairs, p);
                    shared as f64 >= RETOLD * pairs.len().min(p.len()) as f64
                }
            });
            if retold {
                return false;
            }
        }
        day.kept.push((doc.to_string(), pairs));
        true
    }

    /// Forgets the tasks due before `day` (but on a pinned day): the caller reads no more of them.
    pub fn forget_before(&mut self, day: &str) {
        if self.dated.keys().any(|d| d.as_str() < day) {
            self.dated.retain(|d, _| d.as_str() >= day || self.pinned.contains(d));
        }
    }

    /// Keeps a day's tasks whatever [`Reposts::forget_before`] is told.
    pub fn pin(&mut self, day: String) {
        self.pinned.insert(day);
    }
}

/// The SQL condition of [`tier_listed`] on the tasks table aliased `t`.
pub(crate) const TIER_LISTED_SQL: &str = "(t.tier IS NULL OR t.tier <> 'low')";


/// Filters of `chidao tasks`.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    /// Assignee contains (diacritics optional); in double quotes (`"Ban"`), the assignee is
    /// exactly that (diacritics and case still optional).
    pub assignee: Option<String>,
    /// Due strictly before (ISO or user date).
    pub due_before: Option<String>,
    /// Only tasks open and past due on `as_of`.
    pub overdue: bool,
    /// The day states are computed for (default today).
    pub as_of: Option<String>,
    /// Only tasks implementing this directive.
    pub directive: Option<String>,
    /// Only tasks with this workflow status (open, in_progress, done).
    pub status: Option<String>,
    /// Only directives or only commitments.
    pub kind: Option<String>,
    /// Only tasks of this document.
    pub doc: Option<String>,
    /// Only tasks in this state as of `as_of` (its code: `no_deadline` …).
    pub state: Option<String>,
    /// Also the doubtful tasks (tier low), hidden by default; a task a user added or edited is
    /// always shown.
    pub doubtful: bool,
    /// Also every repost: a task whose sentence and due day (see [`Reposts`]) a task listed
    /// before it already has. By default a sentence that several papers
    /// printed is listed once (the first in the board's order); a document's own tasks
    /// (`doc`) are all listed.
    pub reposts: bool,
    /// Rows to skip (paging).
    pub offset: Option<usize>,
    /// Most rows (default 200).
    pub limit: Option<usize>,
}

/// A [`TaskQuery`] checked, its names resolved: the board's SQL and the check of corrected rows.
pub(crate) struct TaskFilter {
    /// The day states are computed for.
    pub(crate) as_of: String,
    due_before: Option<String>,
    state: Option<TaskState>,
    /// The directives' register ids, as a JSON array.
    directives: Option<String>,
    doc: Option<String>,
    /// The assignee's unit key, and whether it must be the whole key.
    assignee: Option<String>,
    exact: bool,
    overdue: bool,
    status: Option<String>,
    kind: Option<String>,
    doubtful: bool,
    /// Each repost once.
    dedup: bool,
    /// A period (ISO days, inclusive): the due day, or for a task without one its document's
    /// date, within it (the office's scope, see [`crate::office::Scope`]).
    from: Option<String>,
    to: Option<String>,
    /// The tasks without a deadline in the office's order (confident first, then oldest), not
    /// the board's (newest first).
    office_order: bool,
}

impl TaskFilter {
    pub(crate) fn new(store: &Store, q: &TaskQuery) -> Result<TaskFilter> {
        let as_of = match &q.as_of {
            Some(d) => dates::parse_user_date(d, false)?,
            None => dates::today(),
        };
        let due_before = q.due_before.as_deref().map(|d| dates::parse_user_date(d, false)).transpose()?;
        if let Some(st) = &q.status
            && !crate::corrections::TASK_STATUSES.contains(&st.as_str()) {
                return Err(StoreError::Invalid(format!("{st:?}: a task's status is one of {}", crate::corrections::TASK_STATUSES.join(", "))));
            }
        let state = match q.state.as_deref() {
            None => None,
            Some(c) => Some(TaskState::ALL.into_iter().find(|s| s.code() == c).ok_or_else(|| {
                StoreError::Invalid(format!("{c:?}: a task's state is one of {}", TaskState::ALL.map(TaskState::code).join(", ")))
            })?),
        };
        if let Some(k) = &q.kind
            && k != "directive" && k != "commitment" {
                return Err(StoreError::Invalid(format!("{k:?}: a task's kind is directive or commitment")));
            }
        let directives = match &q.directive {
            Some(c) => Some(json_ids(&directive_ids(store, c)?)),
            None => None,
        };
        // Assignees compare by their unit key (abbreviations expanded, "các" and punctuation left
        // out): "UBND tỉnh" finds "Ủy ban nhân dân tỉnh".
        let (assignee, exact) = match q.assignee.as_deref().map(str::trim) {
            Some(a) if a.len() >= 2 && a.starts_with('"') && a.ends_with('"') => (Some(unit_key(a[1..a.len() - 1].trim())), true),
            a => (a.map(unit_key), false),
        };
        Ok(TaskFilter {
            as_of,
            due_before,
            state,
            directives,
            doc: q.doc.clone(),
            assignee: assignee.filter(|a| !a.is_empty()),
            exact,
            overdue: q.overdue,
            status: q.status.clone(),
            kind: q.kind.clone(),
            doubtful: q.doubtful,
            dedup: !q.reposts && q.doc.is_none(),
            from: None,
            to: None,
            office_order: false,
        })
    }

    /// The office's filter of a scope (directive ids, unit key and whether exact, ISO period):
    /// listed tasks, each repost once, in the office's order.
    pub(crate) fn office(as_of: String, directives: Option<&[i64]>, unit: Option<(String, bool)>, from: Option<String>, to: Option<String>) -> TaskFilter {
        let (assignee, exact) = match unit {
            Some((k, e)) => (Some(k), e),
            None => (None, false),
        };
        TaskFilter {
            as_of,
            due_before: None,
            state: None,
            directives: directives.map(json_ids),
            doc: None,
            assignee,
            exact,
            overdue: false,
            status: None,
            kind: None,
            doubtful: false,
            dedup: true,
            from,
            to,
            office_order: true,
        }
    }

    /// No directive narrows it.
    pub(crate) fn directives_none(&self) -> bool {
        self.directives.is_none()
    }

    /// Sets the period (ISO days, inclusive).
    pub(crate) fn set_period(&mut self, from: Option<String>, to: Option<String>) {
        (self.from, self.to) = (from, to);
    }

    /// Only tasks in this state (the office's "due soon": open in time).
    pub(crate) fn with_state(mut self, s: TaskState) -> TaskFilter {
        self.state = Some(s);
        self
    }

    /// The day a period is judged on: the due day, else the document's date when it is one.
    fn period_day(t: &TaskRow) -> Option<&str> {
        t.due.as_deref().or(t.doc_date.as_deref().filter(|d| !d.starts_with('X')))
    }

    /// Whether a task, with its corrected values, passes every filter.
    pub(crate) fn keep(&self, t: &TaskRow) -> bool {
        self.assignee.as_ref().is_none_or(|a| {
            t.assignee.as_deref().is_some_and(|x| if self.exact { unit_key(x) == *a } else { unit_key(x).contains(a.as_str()) })
        }) && self.due_before.as_ref().is_none_or(|d| t.due.as_ref().is_some_and(|x| x < d))
            && (!self.overdue || t.state == TaskState::OpenOverdue)
            && self.status.as_ref().is_none_or(|s| &t.status == s)
            && self.kind.as_ref().is_none_or(|k| &t.kind == k)
            && (self.doubtful || t.listed())
            && self.state.is_none_or(|s| t.state == s)
            && (self.from.is_none() && self.to.is_none()
                || Self::period_day(t).is_some_and(|d| self.from.as_deref().is_none_or(|f| d >= f) && self.to.as_deref().is_none_or(|x| d <= x)))
    }

    /// Whether only tasks with a deadline can pass.
    fn needs_due(&self) -> bool {
        self.overdue
            || self.due_before.is_some()
            || matches!(self.state, Some(TaskState::OpenOverdue | TaskState::OpenInTime | TaskState::DoneLate))
    }

    /// No filter on the machine's values (every row is a candidate).
    fn unfiltered(&self) -> bool {
        self.assignee.is_none()
            && self.due_before.is_none()
            && !self.overdue
            && self.kind.is_none()
            && self.status.is_none()
            && self.state.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.doubtful
    }

    /// The board's query for one pass (`phase`: its due condition and order), of one document
    /// (`?2`) or of all. A rare workflow status and a directive are conditions of their own, so
    /// that SQLite reads their few rows by index instead of every task; a task's status is
    /// never a correction, and the directives of a task neither, so neither excludes a
    /// corrected task wrongly. Every parameter is named in the text (PostgreSQL types each from
    /// its use): one not needed is tested for being NULL, which it is.
    ///
    /// The conditions on the task's own columns come twice: in the whole condition, and alone
    /// (with every task of a corrected document let through, a superset of the corrected
    /// tasks), which changes no answer but lets SQLite drop a task before it joins its
    /// document and status. A filtered page deep in the board reads thousands of tasks; joining
    /// each, and asking the corrections about each, was most of its time.
    fn sql(&self, db: Db<'_>, phase: &str, by_doc: bool) -> String {
        let doc = if by_doc { "AND t.doc = (SELECT id FROM documents WHERE ext_id = ?2)" } else { "AND CAST(?2 AS text) IS NULL" };
        let status = match self.status.as_deref() {
            Some(s) if s != "open" => "AND t.key IN (SELECT key FROM task_status WHERE status = ?9)",
            _ => "",
        };
        let directive = if self.directives.is_some() {
            format!("AND t.id IN (SELECT r.task FROM task_refs r WHERE r.directive IN ({}))", db.ints_in("?1"))
        } else {
            "AND CAST(?1 AS text) IS NULL".to_string()
        };
        let (tasks_docs, not_dup) = board_join(db);
        let contains = db.contains("t.assignee_key", "?3");
        // The conditions on the task's own columns.
        let own = format!(
            "(CAST(?3 AS text) IS NULL OR (?10 AND t.assignee_key = ?3) OR (NOT ?10 AND {contains}))
                AND (CAST(?4 AS text) IS NULL OR t.due < ?4)
                AND (CAST(?7 AS text) IS NULL OR t.kind = ?7)
                AND (?11 OR {TIER_LISTED_SQL})"
        );
        format!(
            "SELECT {TASK_COLUMNS}
             FROM {tasks_docs} LEFT JOIN task_status s ON s.key = t.key
             WHERE {not_dup} {doc} {status} {directive}
               AND (?8 OR (
                    {own}
                AND (NOT ?5 OR (t.due < ?6 AND (s.completed_on IS NULL OR s.completed_on > ?6)))
                AND (CAST(?9 AS text) IS NULL OR COALESCE(s.status, 'open') = ?9)
                AND (CAST(?12 AS text) IS NULL OR ?12 = {TASK_STATE_SQL})
                AND (CAST(?13 AS text) IS NULL OR COALESCE(t.due, CASE WHEN d.date NOT LIKE 'X%' THEN d.date END) >= ?13)
                AND (CAST(?14 AS text) IS NULL OR COALESCE(t.due, CASE WHEN d.date NOT LIKE 'X%' THEN d.date END) <= ?14)
               ) OR EXISTS (SELECT 1 FROM corrections c WHERE c.doc = d.ext_id AND c.kind = 'task' AND c.start = t.start AND c.\"end\" = t.\"end\" AND c.withdrawn = 0))
               AND (?8 OR ({own}) OR t.doc IN (SELECT cd.id FROM corrections c JOIN documents cd ON cd.ext_id = c.doc WHERE c.kind = 'task' AND c.withdrawn = 0))
             {phase}"
        )
    }

    /// The parameters of [`TaskFilter::sql`].
    fn params<'a>(&'a self, doc: Option<&'a str>) -> [Arg<'a>; 14] {
        let text = |v: Option<&'a str>| v.map_or(Arg::Null, |v| Arg::Text(Cow::Borrowed(v)));
        let flag = |b: bool| Arg::Int(i64::from(b));
        [
            text(self.directives.as_deref()),
            text(doc),
            text(self.assignee.as_deref()),
            text(self.due_before.as_deref()),
            flag(self.overdue),
            text(Some(&self.as_of)),
            text(self.kind.as_deref()),
            flag(self.unfiltered()),
            text(self.status.as_deref()),
            flag(self.exact),
            flag(self.doubtful),
            text(self.state.map(TaskState::code)),
            text(self.from.as_deref()),
            text(self.to.as_deref()),
        ]
    }
}

/// The tasks `t` joined to their documents `d`, and the condition that a document is an
/// original, written so that SQLite's planner keeps to the tasks' index order (CROSS JOIN and
/// `+d.dup_of`, see [`Store::each_task`]); PostgreSQL plans them itself.
fn board_join(db: Db<'_>) -> (&'static str, &'static str) {
    (db.pick("tasks t CROSS JOIN documents d ON d.id = t.doc", "tasks t JOIN documents d ON d.id = t.doc"), original_sql(db))
}

/// The condition that a document `d` is an original, not a near-copy: on SQLite kept off the
/// index `documents_dup` (`+`), whose `dup_of IS NULL` looks selective and is not, so that the
/// planner starts from the other table's index; PostgreSQL plans it by its statistics.
pub(crate) fn original_sql(db: Db<'_>) -> &'static str {
    db.pick("+d.dup_of IS NULL", "d.dup_of IS NULL")
}

/// The condition that a task has no due day, kept off the `tasks_due` index on SQLite (`+`: the
/// pass reads the tasks newest first, not by due day).
fn undated_sql(db: Db<'_>) -> &'static str {
    db.pick("+t.due IS NULL", "t.due IS NULL")
}

/// Calls `visit` on the rows of a query in their order until it returns false. SQLite steps
/// through the statement and stops; PostgreSQL reads pages of growing size (`LIMIT`/`OFFSET`
/// after the query's own parameters, so the query must order its rows completely), all of one
/// snapshot ([`Db::snapshot`]): a reader that stops early reads a page or two, one round trip
/// each, not the register, and a write between two pages moves no row across them.
pub(crate) fn stream(db: Db<'_>, sql: &str, args: &[Arg<'_>], mut visit: impl FnMut(&Row<'_>) -> Result<bool>) -> Result<()> {
    match db {
        Db::Lite(c) => {
            let mut st = c.prepare_cached(sql)?;
            let mut rows = st.query(rusqlite::params_from_iter(args))?;
            while let Some(r) = rows.next()? {
                if !visit(&Row::Lite(r))? {
                    break;
                }
            }
            Ok(())
        }
        Db::Pg(_) => db.snapshot(|| {
            let paged = format!("{sql} LIMIT ?{} OFFSET ?{}", args.len() + 1, args.len() + 2);
            let (mut offset, mut size) = (0usize, 256usize);
            loop {
                let mut a: Vec<Arg<'_>> = args.iter().map(ToArg::to_arg).collect();
                a.extend([size.to_arg(), offset.to_arg()]);
                let (mut go, mut got) = (true, 0usize);
                db.each(&paged, &a, |r| {
                    got += 1;
                    if go {
                        go = visit(r)?;
                    }
                    Ok(())
                })?;
                if !go || got < size {
                    return Ok(());
                }
                offset += got;
                size = (size * 4).min(1 << 16);
            }
        }),
    }
}

/// [`TaskState::compute`] in SQL, on the tasks table `t` and the status table `s`, as of `?6`.
const TASK_STATE_SQL: &str = "CASE
        WHEN s.completed_on IS NOT NULL AND s.completed_on <= ?6 THEN
            CASE WHEN t.due IS NOT NULL AND s.completed_on > t.due THEN 'done_late' ELSE 'done_on_time' END
        WHEN t.due IS NULL THEN 'no_deadline'
        WHEN t.due < ?6 THEN 'open_overdue'
        ELSE 'open_in_time' END";

/// A task with its state.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    /// Row id in the register (0 for a task a user added); not stable across re-ingest.
    #[serde(skip)]
    pub row: i64,
    /// Stable id (for `chidao task-done`).
    pub id: String,
    /// State as of the query's day.
    pub state: TaskState,
    /// Directive or commitment.
    pub kind: String,
    /// The task's sentence.
    pub text: String,
    /// Who directs.
    pub issuer: Option<String>,
    /// Who must act.
    pub assignee: Option<String>,
    /// Deadline as extracted.
    pub deadline: Option<String>,
    /// Last day allowed.
    pub due: Option<String>,
    /// Completion day, from the status table.
    pub completed_on: Option<String>,
    /// The document and the span.
    pub doc: String,
    /// Document date.
    pub doc_date: Option<String>,
    /// Byte span.
    pub span: (usize, usize),
    /// Directives implemented (codes or "kind number").
    pub refs: Vec<String>,
    /// Workflow status a user set: open, in_progress or done.
    pub status: String,
    /// The latest status note.
    pub note: Option<String>,
    /// Attributes whose value a user corrected.
    pub corrected: Vec<String>,
    /// Who added the task, when a person did (the machine missed it).
    pub added_by: Option<String>,
    /// The extractor's confidence tier (high, medium, low); none for a task written before
    /// tiers, or added by a person.
    pub tier: Option<String>,
    /// Its score, between 0 and 1.
    pub confidence: Option<f64>,
    /// The reasons of the judgement.
    pub reasons: Vec<String>,
}

impl TaskRow {
    /// Shown by default: a confident task, or one a person vouched for (added or edited).
    pub fn listed(&self) -> bool {
        tier_listed(self.tier.as_deref()) || self.added_by.is_some() || !self.corrected.is_empty()
    }
}

/// A role in a person's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct RoleSpan {
    /// The role as first written.
    pub role: String,
    /// Its organisation part.
    pub org: Option<String>,
    /// First document date.
    pub first_seen: Option<String>,
    /// Last document date.
    pub last_seen: Option<String>,
    /// Documents giving it.
    pub documents: Vec<String>,
    /// Each passage giving it.
    pub evidence: Vec<Evidence>,
}

/// A passage a fact was read from.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// Its date.
    pub date: Option<String>,
    /// Its headline.
    pub headline: Option<String>,
    /// Byte span in its text.
    pub span: (usize, usize),
    /// A user corrected the value read there.
    pub corrected: bool,
}

/// A person of the register.
#[derive(Debug, Clone, Serialize)]
pub struct PersonCard {
    /// Register id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Latest rank.
    pub rank: Option<String>,
    /// Roles, by first seen.
    pub roles: Vec<RoleSpan>,
    /// Documents naming them (originals; near-copies not counted).
    pub documents: Vec<String>,
    /// First and last document dates.
    pub first_seen: Option<String>,
    /// Last document date.
    pub last_seen: Option<String>,
    /// Why documents were attached to this entity (rule: count), and the evidence of namesake splits.
    pub rules: Vec<(String, usize)>,
    /// Evidence of namesake splits.
    pub evidence: Vec<String>,
    /// A user's corrections of the name or rank (made on any mention), applied to the card.
    pub corrected: Vec<crate::corrections::Correction>,
    /// Doubtful: no official role and no rank in any original document, and not corrected by a
    /// user (see [`crate::confidence::person_confident_sql`]); left out of the people list,
    /// look-ups and facets unless asked.
    pub doubtful: bool,
}

/// A citing document.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// Document id.
    pub doc: String,
    /// Its date.
    pub date: Option<String>,
    /// Its headline.
    pub headline: Option<String>,
    /// First mention's span.
    pub span: (usize, usize),
    /// How the mention was linked.
    pub rule: String,
    /// Near-copy of this document.
    pub duplicate_of: Option<String>,
}

/// A directive (any cited document) of the register.
#[derive(Debug, Clone, Serialize)]
pub struct DirectiveCard {
    /// Register id.
    pub id: i64,
    /// Kind.
    pub kind: String,
    /// Number.
    pub number: String,
    /// Code.
    pub code: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date.
    pub date: Option<String>,
    /// Era (term or year) used for identity.
    pub era: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Documents citing it.
    pub cited_by: Vec<Citation>,
    /// Documents whose mention could be this one or another (ambiguous).
    pub maybe_cited_by: Vec<Citation>,
    /// Tasks implementing it (the confident ones, and those a person added or edited).
    pub tasks: Vec<TaskRow>,
    /// Doubtful tasks implementing it, not listed (the task board shows them with `doubtful`).
    pub doubtful_tasks: i64,
    /// A user's corrections applied to it.
    pub corrected: Vec<crate::corrections::Correction>,
    /// Doubtful: a bare kind and number (no code, issuer, date or title) cited by one original
    /// document, not corrected by a user (see [`crate::confidence::DIRECTIVE_CONFIDENT_SQL`]);
    /// left out of the list of directives, look-ups and facets unless asked.
    pub doubtful: bool,
}

/// Register statistics.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Documents stored.
    pub documents: i64,
    /// Of which near-copies of another.
    pub duplicates: i64,
    /// People.
    pub persons: i64,
    /// Role rows.
    pub roles: i64,
    /// Cited documents (distinct).
    pub directives: i64,
    /// Citations.
    pub citations: i64,
    /// Ambiguous citations.
    pub ambiguous_citations: i64,
    /// Organisations.
    pub orgs: i64,
    /// Events.
    pub events: i64,
    /// Tasks shown by default (confident: tier high or medium, or not judged), each repost once.
    pub tasks: i64,
    /// Doubtful tasks (tier low): kept, hidden by default.
    pub doubtful_tasks: i64,
    /// Confident tasks that repeat one listed already (see [`Reposts`]): not counted in
    /// `tasks` nor in `task_states`.
    pub reposts: i64,
    /// Tasks by tier: `high`, `medium`, `low`, and `unjudged` (written before tiers).
    pub task_tiers: Vec<(String, i64)>,
    /// Confident tasks by state, as of `as_of`.
    pub task_states: Vec<(TaskState, i64)>,
    /// Day of the task states.
    pub as_of: String,
    /// Figures.
    pub figures: i64,
    /// Schema version.
    pub schema_version: i64,
    /// File size in bytes (database + WAL), when on disk.
    pub bytes: Option<u64>,
}

impl Store {
    /// Tasks with their states, user corrections applied (rejected tasks left out, edited
    /// attributes replaced, added tasks included).
    pub fn tasks(&self, q: &TaskQuery) -> Result<Vec<TaskRow>> {
        let (f, ov, added) = self.board_start(q)?;
        let (offset, limit) = (q.offset.unwrap_or(0), q.limit.unwrap_or(200));
        let want = offset.saturating_add(limit).saturating_add(added.len());
        let mut rows = Vec::new();
        if want > 0 {
            // The reasons of the page's rows only, read after (see `fill_refs`).
            self.each_task(&f, &ov, false, |t| {
                rows.push(t);
                rows.len() < want
            })?;
        }
        rows.extend(added);
        // Stable: the machine's rows keep their SQL order within a due day.
        rows.sort_by(|a, b| (a.due.is_none(), &a.due).cmp(&(b.due.is_none(), &b.due)));
        let mut page: Vec<TaskRow> = rows.into_iter().skip(offset).take(limit).collect();
        fill_refs(self.db(), &mut page, true)?;
        Ok(page)
    }

    /// What every reading of the board starts from: the filter, the users' task corrections, and
    /// the tasks users added that pass the filter (few; they join the machine's rows in order).
    pub(crate) fn board_start(&self, q: &TaskQuery) -> Result<(TaskFilter, crate::corrections::Overlay, Vec<TaskRow>)> {
        let f = TaskFilter::new(self, q)?;
        let ov = self.overlay(q.doc.as_deref(), Some("task"))?;
        // An added task implements no directive.
        let mut added = if q.directive.is_none() { added_tasks(self, &ov, &f.as_of, q.doc.as_deref())? } else { Vec::new() };
        added.retain(|t| f.keep(t));
        Ok((f, ov, added))
    }

    /// The machine's tasks that pass a filter, corrections applied, each repost once unless
    /// asked, in the board's order: those with a deadline by due day, then the others, newest
    /// first. `visit` returns false to stop. Without `reasons` the rows' reasons are left empty
    /// (counting needs none).
    ///
    /// SQL narrows on the machine's values, each filter as a condition an index can serve; a task
    /// a user corrected is let through and judged on its corrected values by [`TaskFilter::keep`].
    /// Two passes, each in an index order so that SQLite streams rows and stops when `visit`
    /// does: tasks with a deadline by due day (index `tasks_due`), then those without, newest
    /// first. CROSS JOIN and `+d.dup_of` keep the planner on that order (without them it starts
    /// from the documents, whose `dup_of IS NULL` looks selective and is not, and sorts every
    /// task). A pass the filters rule out (no deadline asked, or one asked) reads only the
    /// corrected documents, whose edited deadline may move a task across.
    pub(crate) fn each_task(&self, f: &TaskFilter, ov: &crate::corrections::Overlay, reasons: bool, mut visit: impl FnMut(TaskRow) -> bool) -> Result<()> {
        let mut seen = Reposts::default();
        // A user's corrected deadline brings a task to its day out of the due order: those days
        // are never forgotten.
        for v in ov.edited_values("task", "deadline") {
            if let Ok((_, due)) = crate::corrections::user_deadline(v) {
                seen.pin(due);
            }
        }
        let corrected: Vec<&str> = ov.docs().collect();
        // A period's bounds on the due day, for the index to serve; the corrected documents'
        // tasks outside them are read apart (an edited deadline may bring them in).
        let range = match (&f.from, &f.to) {
            (None, None) => "",
            (Some(_), None) => "AND t.due >= ?13",
            (None, Some(_)) => "AND t.due <= ?14",
            (Some(_), Some(_)) => "AND t.due >= ?13 AND t.due <= ?14",
        };
        let dated = "ORDER BY t.due, t.tier IS DISTINCT FROM 'high', t.id";
        let mut phases = vec![(format!("AND t.due IS NOT NULL {range} {dated}"), f.state == Some(TaskState::NoDeadline), true)];
        if !range.is_empty() {
            phases.push((format!("AND t.due IS NOT NULL AND NOT (TRUE {range}) {dated}"), true, false));
        }
        let db = self.db();
        let undated = undated_sql(db);
        let undated = if f.office_order {
            format!("AND {undated} ORDER BY t.tier IS DISTINCT FROM 'high', t.id")
        } else {
            format!("AND {undated} ORDER BY t.id DESC")
        };
        phases.push((undated, f.needs_due(), false));
        // Every phase reads the same snapshot (PostgreSQL): a task moved by a write meanwhile is
        // neither listed twice nor missed.
        db.snapshot(|| {
            for (phase, ruled_out, in_due_order) in &phases {
                let docs: Vec<Option<&str>> = match (&f.doc, ruled_out) {
                    (Some(d), false) => vec![Some(d.as_str())],
                    (Some(d), true) => corrected.iter().filter(|c| **c == d.as_str()).map(|c| Some(*c)).collect(),
                    (None, false) => vec![None],
                    (None, true) => corrected.iter().map(|c| Some(*c)).collect(),
                };
                for doc in docs {
                    // The whole register's tasks come by due day: what is kept to spot reposts is
                    // one day's tasks (see `Reposts::forget_before`).
                    let forget = *in_due_order && doc.is_none();
                    let mut go = true;
                    stream(db, &f.sql(db, phase, doc.is_some()), &f.params(doc), |r| {
                        let t = if reasons { task_row(r, &f.as_of)? } else { task_row_unexplained(r, &f.as_of)? };
                        if forget && let Some(d) = t.due.as_deref() {
                            seen.forget_before(d);
                        }
                        let touched = ov.touches(&t.doc);
                        let Some(t) = apply_task_corrections(t, ov, &f.as_of) else { return Ok(true) };
                        // SQL judged an untouched row already; a corrected one is judged here.
                        if (touched && !f.keep(&t)) || (f.dedup && !seen.first(&t.doc, &t.text, t.due.as_deref())) {
                            return Ok(true);
                        }
                        go = visit(t);
                        Ok(go)
                    })?;
                    if !go {
                        return Ok(());
                    }
                }
            }
            Ok(())
        })
    }

    /// Records that a task was completed on a day (or, with `None`, that it is open again).
    /// `id` is a task id as `chidao tasks` prints it, or a unique prefix of one (≥ 4 chars).
    pub fn set_task_done(&mut self, id: &str, completed_on: Option<&str>, note: Option<&str>) -> Result<String> {
        let author = std::env::var("USER").ok().filter(|u| !u.trim().is_empty()).unwrap_or_else(|| "cli".into());
        match completed_on {
            Some(d) => self.set_task_status(id, "done", note, Some(d), &author),
            None => self.set_task_status(id, "open", note, None, &author),
        }
    }

    /// People with this name (typed with or without diacritics), with their role timelines:
    /// the confident ones (see [`crate::confidence::person_confident_sql`]); [`Store::people`]
    /// reveals the rest.
    pub fn person(&self, name: &str) -> Result<Vec<PersonCard>> {
        self.people(name, false)
    }

    /// People with this name (typed with or without diacritics), with their role timelines; with
    /// `doubtful`, also the people the register doubts (no official role, no rank). When no
    /// full name matches, people whose name contains the words typed ("tam", "Văn Tâm"), at most 50.
    pub fn people(&self, name: &str, doubtful: bool) -> Result<Vec<PersonCard>> {
        let mut out = Vec::new();
        let mut ids = person_ids(self, name)?;
        let part = ascii_fold(name.trim());
        if ids.is_empty() && !part.is_empty() {
            // Whole words only: " tam " in " le van tam ".
            let db = self.db();
            let sql = format!("SELECT id FROM persons WHERE {} ORDER BY name, id LIMIT 50", db.contains("' ' || ascii || ' '", "' ' || ?1 || ' '"));
            ids = db.rows(&sql, args![part], |r| r.get(0))?;
        }
        for pid in ids {
            out.extend(self.person_by_id(pid)?.filter(|c| doubtful || !c.doubtful));
        }
        Ok(out)
    }

    /// A person of the register by id, with the evidence of each role (rejected roles left out).
    pub fn person_by_id(&self, pid: i64) -> Result<Option<PersonCard>> {
        let db = self.db();
        let Some((pname, rank)): Option<(String, Option<String>)> =
            db.row_opt("SELECT name, rank FROM persons WHERE id = ?1", args![pid], |r| Ok((r.get(0)?, r.get(1)?)))?
        else {
            return Ok(None);
        };
        let ov = self.overlay(None, Some("role"))?;
        let mut roles = Vec::new();
        {
            let mut by_key: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
            db.each(
                "SELECT r.key, r.role, r.org, d.date, d.ext_id, r.start, r.\"end\", d.headline
                 FROM person_roles r JOIN documents d ON d.id = r.doc
                 WHERE r.person = ?1 AND d.dup_of IS NULL
                 ORDER BY d.date IS NULL, d.date, d.ext_id, r.start",
                args![pid],
                |r| {
                    let doc: String = r.get(4)?;
                    let span = (r.get::<usize>(5)?, r.get::<usize>(6)?);
                    if ov.rejected(&doc, "role", span) {
                        return Ok(());
                    }
                    let edited = ov.edit(&doc, "role", span, "role").and_then(|c| c.value.clone());
                    let role: String = edited.clone().unwrap_or(r.get(1)?);
                    let key = if edited.is_some() { chidao_text::fold(&role) } else { r.get(0)? };
                    let date: Option<String> = r.get(3)?;
                    let ev = Evidence { doc: doc.clone(), date: date.clone(), headline: r.get(7)?, span, corrected: edited.is_some() };
                    match by_key.get(&key) {
                        Some(&i) => {
                            let rs: &mut RoleSpan = &mut roles[i];
                            if date.is_some() && (rs.last_seen.is_none() || date > rs.last_seen) {
                                rs.last_seen = date.clone();
                            }
                            if rs.first_seen.is_none() {
                                rs.first_seen = date;
                            }
                            // A document's rows come together (the order is by document):
                            // the last one listed is the only one it could repeat. (A search of
                            // the whole list was most of the page of a person named in 40,000
                            // documents.)
                            if rs.documents.last() != Some(&doc) {
                                rs.documents.push(doc);
                            }
                            rs.evidence.push(ev);
                        }
                        None => {
                            by_key.insert(key, roles.len());
                            roles.push(RoleSpan {
                                org: if edited.is_some() { crate::people::org_of_role(&role).map(str::to_string) } else { r.get(2)? },
                                role,
                                first_seen: date.clone(),
                                last_seen: date,
                                documents: vec![doc],
                                evidence: vec![ev],
                            });
                        }
                    }
                    Ok(())
                },
            )?;
        }
        // Their mentions in one pass, in order: the original documents naming them (in the order
        // of their first mention, with their dates), how many documents each rule placed
        // there, and the evidence of the identifications (each once, in the order found). A
        // person named in 40,000 documents has as many mentions: three statements read them
        // three times.
        let mut docs: Vec<String> = Vec::new();
        let (mut first, mut last): (Option<String>, Option<String>) = (None, None);
        let mut seen_docs: HashSet<i64> = HashSet::new();
        let mut by_rule: BTreeMap<String, HashSet<i64>> = BTreeMap::new();
        let mut evidence: Vec<String> = Vec::new();
        let mut seen_evidence: HashSet<String> = HashSet::new();
        db.each(
            "SELECT m.doc, m.rule, m.evidence, d.ext_id, d.date, CASE WHEN d.dup_of IS NULL THEN 1 ELSE 0 END
             FROM person_mentions m JOIN documents d ON d.id = m.doc WHERE m.person = ?1 ORDER BY m.rowid",
            args![pid],
            |r| {
                let doc: i64 = r.get(0)?;
                by_rule.entry(r.get(1)?).or_default().insert(doc);
                if let Some(e) = r.get::<Option<String>>(2)?
                    && seen_evidence.insert(e.clone())
                {
                    evidence.push(e);
                }
                if r.get::<i64>(5)? == 1 && seen_docs.insert(doc) {
                    let date: Option<String> = r.get(4)?;
                    if let Some(d) = &date {
                        if first.as_ref().is_none_or(|f| d < f) {
                            first = Some(d.clone());
                        }
                        if last.as_ref().is_none_or(|l| d > l) {
                            last = date.clone();
                        }
                    }
                    docs.push(r.get(3)?);
                }
                Ok(())
            },
        )?;
        let rules: Vec<(String, usize)> = by_rule.into_iter().map(|(rule, d)| (rule, d.len())).collect();
        let (mut pname, mut rank) = (pname, rank);
        let corrected = self.entity_edits(
            "person",
            "SELECT d.ext_id, m.start, m.\"end\" FROM person_mentions m JOIN documents d ON d.id = m.doc WHERE m.person = ?1 ORDER BY d.date, d.ext_id, m.start",
            pid,
        )?;
        for c in &corrected {
            match (c.field.as_deref(), c.value.clone()) {
                (Some("name"), Some(v)) => pname = v,
                (Some("rank"), v) => rank = v,
                _ => {}
            }
        }
        let confident: bool = db.one(&format!("SELECT {} FROM persons p WHERE p.id = ?1", crate::confidence::person_confident_sql()), args![pid])?;
        Ok(Some(PersonCard {
            doubtful: !confident,
            corrected,
            id: pid,
            name: pname,
            rank,
            roles,
            documents: docs,
            first_seen: first,
            last_seen: last,
            rules,
            evidence,
        }))
    }

    /// Cited documents matching a code ("35-CT/TƯ") or kind and number ("Chỉ thị 35"): the
    /// confident ones (see [`crate::confidence::DIRECTIVE_CONFIDENT_SQL`]);
    /// [`Store::directives`] reveals the rest.
    pub fn directive(&self, code: &str) -> Result<Vec<DirectiveCard>> {
        self.directives(code, false)
    }

    /// Cited documents matching a code or kind and number; with `doubtful`, also those the
    /// register doubts (a bare kind and number cited once).
    pub fn directives(&self, code: &str, doubtful: bool) -> Result<Vec<DirectiveCard>> {
        let mut out = Vec::new();
        for id in directive_ids(self, code)? {
            out.extend(self.directive_by_id(id)?.filter(|c| doubtful || !c.doubtful));
        }
        Ok(out)
    }

    /// A cited document of the register by id, with its citations and tasks; a user's edits of
    /// its code, issuer, date or title (made on any citation) are applied and listed.
    pub fn directive_by_id(&self, id: i64) -> Result<Option<DirectiveCard>> {
        let db = self.db();
        let Some(mut card) = db.row_opt(
            "SELECT kind, number, code, issuer, date, era, title FROM directives WHERE id = ?1",
            args![id],
            |r| {
                Ok(DirectiveCard {
                    id,
                    kind: r.get(0)?,
                    number: r.get(1)?,
                    code: r.get(2)?,
                    issuer: r.get(3)?,
                    date: r.get(4)?,
                    era: r.get(5)?,
                    title: r.get(6)?,
                    cited_by: Vec::new(),
                    maybe_cited_by: Vec::new(),
                    tasks: Vec::new(),
                    doubtful_tasks: 0,
                    corrected: Vec::new(),
                    doubtful: false,
                })
            },
        )? else {
            return Ok(None);
        };
        let cite = |sql: &str| -> Result<Vec<Citation>> {
            db.rows(sql, args![id], |r| {
                Ok(Citation {
                    doc: r.get(0)?,
                    date: r.get(1)?,
                    headline: r.get(2)?,
                    span: (r.get::<usize>(3)?, r.get::<usize>(4)?),
                    rule: r.get(5)?,
                    duplicate_of: r.get(6)?,
                })
            })
        };
        card.cited_by = cite(
            "SELECT d.ext_id, d.date, d.headline, MIN(m.start), MIN(m.\"end\"), MIN(m.rule), (SELECT ext_id FROM documents o WHERE o.id = d.dup_of)
             FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE m.directive = ?1 AND m.rule <> 'same_text'
             GROUP BY d.id ORDER BY d.dup_of IS NOT NULL, d.date, d.ext_id",
        )?;
        card.maybe_cited_by = cite(
            "SELECT d.ext_id, d.date, d.headline, MIN(m.start), MIN(m.\"end\"), MIN(m.rule), (SELECT ext_id FROM documents o WHERE o.id = d.dup_of)
             FROM directive_candidates c JOIN directive_mentions m ON m.id = c.mention JOIN documents d ON d.id = m.doc
             WHERE c.directive = ?1 GROUP BY d.id ORDER BY d.date, d.ext_id",
        )?;
        (card.tasks, card.doubtful_tasks) = self.tasks_by_directive(id)?;
        card.corrected = self.entity_edits(
            "directive",
            "SELECT d.ext_id, m.start, m.\"end\" FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE m.directive = ?1 ORDER BY d.date, d.ext_id, m.start",
            id,
        )?;
        for c in &card.corrected {
            let v = c.value.clone();
            match c.field.as_deref() {
                Some("code") => card.code = v,
                Some("issuer") => card.issuer = v,
                Some("date") => card.date = v,
                Some("title") => card.title = v,
                _ => {}
            }
        }
        let confident: bool = db.one(&format!("SELECT {} FROM directives dr WHERE dr.id = ?1", crate::confidence::DIRECTIVE_CONFIDENT_SQL), args![id])?;
        card.doubtful = !confident;
        Ok(Some(card))
    }

    /// A user's edits of an entity, made on any of its mentions (`sql` selects their document id,
    /// start and end for the entity `?1`, in order): the latest per attribute.
    fn entity_edits(&self, kind: &str, sql: &str, id: i64) -> Result<Vec<crate::corrections::Correction>> {
        let ov = self.overlay(None, Some(kind))?;
        let mut acc = Vec::new();
        if ov.docs().next().is_none() {
            // No edit of this kind anywhere: the mentions (tens of thousands for a person named
            // often) need not be read.
            return Ok(acc);
        }
        self.db().each(sql, args![id], |r| {
            let doc: String = r.get(0)?;
            ov.gather_edits(&doc, kind, (r.get::<usize>(1)?, r.get::<usize>(2)?), &mut acc);
            Ok(())
        })?;
        Ok(acc)
    }

    /// The listed tasks implementing a directive, and how many doubtful ones are not listed.
    fn tasks_by_directive(&self, id: i64) -> Result<(Vec<TaskRow>, i64)> {
        let as_of = dates::today();
        let ov = self.overlay(None, Some("task"))?;
        let db = self.db();
        let mut rows = Vec::new();
        let mut doubtful = 0;
        db.each(
            &format!(
                "SELECT {TASK_COLUMNS}
                 FROM tasks t JOIN documents d ON d.id = t.doc LEFT JOIN task_status s ON s.key = t.key
                 WHERE t.id IN (SELECT r.task FROM task_refs r WHERE r.directive = ?1) AND d.dup_of IS NULL ORDER BY t.due IS NULL, t.due, t.id"
            ),
            args![id],
            |r| {
                if let Some(t) = apply_task_corrections(task_row(r, &as_of)?, &ov, &as_of) {
                    if t.listed() {
                        rows.push(t);
                    } else {
                        doubtful += 1;
                    }
                }
                Ok(())
            },
        )?;
        fill_refs(db, &mut rows, false)?;
        Ok((rows, doubtful))
    }

    /// Register statistics, task states as of `as_of` (default today).
    pub fn stats(&self, as_of: Option<&str>) -> Result<Stats> {
        let as_of = match as_of {
            Some(d) => dates::parse_user_date(d, false)?,
            None => dates::today(),
        };
        let db = self.db();
        let count = |sql: &str| -> Result<i64> { db.one(sql, args![]) };
        let mut states = std::collections::BTreeMap::new();
        let mut tiers = std::collections::BTreeMap::new();
        let mut reposts = 0i64;
        {
            let mut seen = Reposts::default();
            // Every task is read: one statement, not pages.
            db.each(
                "SELECT t.due, s.completed_on, t.tier, t.text, d.ext_id FROM tasks t JOIN documents d ON d.id = t.doc LEFT JOIN task_status s ON s.key = t.key
                 WHERE d.dup_of IS NULL ORDER BY t.due IS NULL, t.due, t.tier IS DISTINCT FROM 'high', t.id",
                args![],
                |r| {
                    let due: Option<String> = r.get(0)?;
                    let c: Option<String> = r.get(1)?;
                    let tier: Option<String> = r.get(2)?;
                    if let Some(d) = due.as_deref() {
                        seen.forget_before(d);
                    }
                    if tier_listed(tier.as_deref()) {
                        if seen.first(&r.get::<String>(4)?, &r.get::<String>(3)?, due.as_deref()) {
                            *states.entry(TaskState::compute(due.as_deref(), c.as_deref(), &as_of) as u8).or_insert(0i64) += 1;
                        } else {
                            reposts += 1;
                        }
                    }
                    *tiers.entry(tier.unwrap_or_else(|| "unjudged".into())).or_insert(0i64) += 1;
                    Ok(())
                },
            )?;
        }
        let tier = |t: &str| tiers.get(t).copied().unwrap_or(0);
        let bytes = self.disk_bytes();
        Ok(Stats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            duplicates: count("SELECT COUNT(*) FROM documents WHERE dup_of IS NOT NULL")?,
            persons: count("SELECT COUNT(*) FROM persons p WHERE EXISTS (SELECT 1 FROM person_mentions m JOIN documents d ON d.id = m.doc WHERE m.person = p.id AND d.dup_of IS NULL)")?,
            roles: count("SELECT COUNT(*) FROM person_roles r JOIN documents d ON d.id = r.doc WHERE d.dup_of IS NULL")?,
            directives: count("SELECT COUNT(*) FROM directives")?,
            citations: count("SELECT COUNT(*) FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE d.dup_of IS NULL AND m.rule <> 'same_text'")?,
            ambiguous_citations: count("SELECT COUNT(*) FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE d.dup_of IS NULL AND m.rule = 'ambiguous'")?,
            orgs: count("SELECT COUNT(*) FROM orgs")?,
            events: count("SELECT COUNT(*) FROM events e WHERE EXISTS (SELECT 1 FROM event_mentions m JOIN documents d ON d.id = m.doc WHERE m.event = e.id AND d.dup_of IS NULL)")?,
            tasks: tiers.iter().filter(|(t, _)| tier_listed(Some(t))).map(|(_, n)| n).sum::<i64>() - reposts,
            reposts,
            doubtful_tasks: tier("low"),
            task_tiers: ["high", "medium", "low", "unjudged"].iter().map(|t| (t.to_string(), tier(t))).collect(),
            task_states: TaskState::ALL.iter().map(|s| (*s, states.get(&(*s as u8)).copied().unwrap_or(0))).collect(),
            as_of,
            figures: count("SELECT COUNT(*) FROM figures f JOIN documents d ON d.id = f.doc WHERE d.dup_of IS NULL")?,
            schema_version: db.one(db.pick("PRAGMA user_version", "SELECT version FROM chidao_register WHERE application = 'chidao'"), args![])?,
            bytes,
        })
    }

    /// The stored text of a document, by id.
    pub fn document_text(&self, id: &str) -> Result<Option<String>> {
        self.db().row_opt("SELECT t.text FROM documents d JOIN doc_texts t ON t.doc = d.id WHERE d.ext_id = ?1", args![id], |r| r.get(0))
    }
}


/// The columns [`task_row`] reads (tasks `t`, documents `d`, task_status `s`).
pub(crate) const TASK_COLUMNS: &str = "t.id, t.key, t.kind, t.text, t.issuer, t.assignee, t.deadline, t.due, s.completed_on, d.ext_id, d.date, t.start, t.\"end\", s.status, s.note, t.tier, t.confidence, t.reasons";

/// How many columns [`TASK_COLUMNS`] has (a query may add its own after them).
pub(crate) const TASK_COLUMN_COUNT: usize = 18;

/// A task row from `SELECT` [`TASK_COLUMNS`].
pub(crate) fn task_row(r: &Row<'_>, as_of: &str) -> Result<TaskRow> {
    let mut t = task_row_unexplained(r, as_of)?;
    t.reasons = parse_reasons(r.get::<Option<String>>(17)?.as_deref());
    Ok(t)
}

/// [`task_row`] without the reasons of its judgement (left empty): for counting.
pub(crate) fn task_row_unexplained(r: &Row<'_>, as_of: &str) -> Result<TaskRow> {
    let due: Option<String> = r.get(7)?;
    let completed: Option<String> = r.get(8)?;
    Ok(TaskRow {
        row: r.get(0)?,
        id: r.get(1)?,
        state: TaskState::compute(due.as_deref(), completed.as_deref(), as_of),
        kind: r.get(2)?,
        text: r.get(3)?,
        issuer: r.get(4)?,
        assignee: r.get(5)?,
        deadline: r.get(6)?,
        due,
        completed_on: completed,
        doc: r.get(9)?,
        doc_date: r.get(10)?,
        span: (r.get::<usize>(11)?, r.get::<usize>(12)?),
        refs: Vec::new(),
        status: r.get::<Option<String>>(13)?.unwrap_or_else(|| "open".into()),
        note: r.get(14)?,
        corrected: Vec::new(),
        added_by: None,
        tier: r.get(15)?,
        confidence: r.get(16)?,
        reasons: Vec::new(),
    })
}

/// The reasons of a task's judgement, stored as a JSON array (none before schema 6).
pub(crate) fn parse_reasons(json: Option<&str>) -> Vec<String> {
    json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
}

/// The directives each task implements, and with `reasons` the reasons of its judgement (one
/// statement each for them all). The board reads its rows without their reasons: a page deep in
/// it reads thousands of rows to list its few, and decoding every row's reasons was a twentieth
/// of its time.
fn fill_refs(db: Db<'_>, tasks: &mut [TaskRow], reasons: bool) -> Result<()> {
    let ids: Vec<i64> = tasks.iter().map(|t| t.row).filter(|r| *r > 0).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let ids = json_ids(&ids);
    let mut refs: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    db.each(
        &format!("SELECT task, ref FROM task_refs WHERE task IN ({}) ORDER BY task, rowid", db.ints_in("?1")),
        args![&ids],
        |r| {
            refs.entry(r.get(0)?).or_default().push(r.get(1)?);
            Ok(())
        },
    )?;
    let mut why: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    if reasons {
        db.each(&format!("SELECT id, reasons FROM tasks WHERE id IN ({})", db.ints_in("?1")), args![&ids], |r| {
            why.insert(r.get(0)?, parse_reasons(r.get::<Option<String>>(1)?.as_deref()));
            Ok(())
        })?;
    }
    for t in tasks {
        if let Some(r) = refs.get(&t.row) {
            t.refs.clone_from(r);
        }
        if let Some(r) = why.get(&t.row) {
            t.reasons.clone_from(r);
        }
    }
    Ok(())
}

/// None for a rejected task; else the task with its edited attributes.
pub(crate) fn apply_task_corrections(mut t: TaskRow, ov: &crate::corrections::Overlay, as_of: &str) -> Option<TaskRow> {
    if ov.rejected(&t.doc, "task", t.span) {
        return None;
    }
    for (field, value, _) in ov.edits(&t.doc, "task", t.span) {
        set_task_field(&mut t, &field, value, as_of);
        t.corrected.push(field);
    }
    Some(t)
}

/// Whether a task read from the register is listed once the user's corrections apply
/// ([`apply_task_corrections`], then [`TaskRow::listed`]), from the columns that decide it alone:
/// for rows that are counted, not shown.
pub(crate) fn task_listed_corrected(ov: &crate::corrections::Overlay, doc: &str, span: (usize, usize), tier: Option<&str>) -> bool {
    !ov.rejected(doc, "task", span) && (tier_listed(tier) || !ov.edits(doc, "task", span).is_empty())
}

fn set_task_field(t: &mut TaskRow, field: &str, value: String, as_of: &str) {
    match field {
        "assignee" => t.assignee = Some(value),
        "issuer" => t.issuer = Some(value),
        "kind" => t.kind = value,
        "deadline" => {
            t.due = crate::corrections::user_deadline(&value).ok().map(|d| d.1);
            t.deadline = Some(value);
            t.state = TaskState::compute(t.due.as_deref(), t.completed_on.as_deref(), as_of);
        }
        _ => {}
    }
}

/// Tasks a user added (see [`crate::corrections`]), keyed `user-N`.
pub(crate) fn added_tasks(store: &Store, ov: &crate::corrections::Overlay, as_of: &str, doc: Option<&str>) -> Result<Vec<TaskRow>> {
    let mut out = Vec::new();
    for c in ov.added().filter(|c| c.kind == "task" && doc.is_none_or(|d| d == c.doc)) {
        let db = store.db();
        let found: Option<(Option<String>, String, Option<i64>)> = db.row_opt(
            "SELECT d.date, t.text, d.dup_of FROM documents d JOIN doc_texts t ON t.doc = d.id WHERE d.ext_id = ?1",
            args![c.doc],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        // The document is gone, or changed so that the evidence no longer fits: not shown.
        let Some((doc_date, text, _)) = found else { continue };
        let Some(passage) = text.get(c.span.0..c.span.1) else { continue };
        let key = format!("user-{}", c.id);
        let (status, note, completed): (Option<String>, Option<String>, Option<String>) = db
            .row_opt("SELECT status, note, completed_on FROM task_status WHERE key = ?1", args![key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .unwrap_or_default();
        let attrs: serde_json::Map<String, serde_json::Value> = c.value.as_deref().and_then(|v| serde_json::from_str(v).ok()).unwrap_or_default();
        let get = |k: &str| attrs.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let mut t = TaskRow {
            row: 0,
            id: key,
            state: TaskState::NoDeadline,
            kind: get("kind").unwrap_or_else(|| "directive".into()),
            text: passage.trim().to_string(),
            issuer: get("issuer"),
            assignee: get("assignee"),
            deadline: None,
            due: None,
            completed_on: completed,
            doc: c.doc.clone(),
            doc_date,
            span: c.span,
            refs: Vec::new(),
            status: status.unwrap_or_else(|| "open".into()),
            note,
            corrected: Vec::new(),
            added_by: Some(c.author.clone()),
            tier: None,
            confidence: None,
            reasons: Vec::new(),
        };
        if let Some(d) = get("deadline") {
            set_task_field(&mut t, "deadline", d, as_of);
        }
        t.state = TaskState::compute(t.due.as_deref(), t.completed_on.as_deref(), as_of);
        out.push(t);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reposts_are_told_by_words_and_due_day() {
        let mut r = Reposts::default();
        let a = "Giao Sở Nội vụ chủ trì rà soát hồ sơ cán bộ xã Đông Lâm, báo cáo trước 4/2/2017.";
        assert!(r.first("a", a, Some("2017-02-04")));
        // Case, marks written the old way, digits and punctuation aside: the same words.
        assert!(!r.first("b", "GIAO SỞ NỘI VỤ chủ trì rà soát hồ sơ cán bộ xã Đông Lâm — báo cáo trước 04-02.", Some("2017-02-04")));
        // Another due day: another task.
        assert!(r.first("b", a, Some("2017-03-04")));
        // Retold in another paper's words, due the same day: most word pairs shared.
        let retold = "Sở Nội vụ chủ trì rà soát hồ sơ cán bộ xã Đông Lâm, báo cáo trước 4/2.";
        assert!(!r.first("c", retold, Some("2017-02-04")));
        // A retelling in the first task's own document is its own task.
        assert!(r.first("a", "Giao Sở Nội vụ chủ trì rà soát hồ sơ cán bộ xã Đông Lâm và báo cáo trước 4/2.", Some("2017-02-04")));
        // Without a deadline, only the exact words make a repost.
        assert!(r.first("d", a, None));
        assert!(!r.first("e", a, None));
        assert!(r.first("e", retold, None));
        // Forgotten days are compared no more; a pinned one is kept.
        r.pin("2017-02-04".into());
        r.forget_before("2017-03-01");
        assert!(!r.first("f", a, Some("2017-02-04")));
        // The sentences' keys are remembered by the process (`SentenceKeys`): a new reading
        // answers the same from the memo, retellings too (their words are read again).
        let mut again = Reposts::default();
        assert!(SentenceKeys::get(xxhash_rust::xxh3::xxh3_64(a.as_bytes())).is_some());
        assert!(again.first("a", a, Some("2017-02-04")));
        assert!(!again.first("c", retold, Some("2017-02-04")));
        assert!(again.first("c", retold, Some("2017-02-05")));
    }

    #[test]
    fn word_pairs_are_shared_as_sets() {
        let w = |s: &str| task_words(&chidao_text::fold(s));
        let (p, q) = (word_pairs(&w("một hai ba bốn năm")), word_pairs(&w("hai ba bốn năm sáu một hai")));
        assert_eq!(p.len(), 4);
        assert_eq!(shared_count(&p, &q), 4);
        assert_eq!(shared_count(&p, &word_pairs(&w("sáu bảy tám"))), 0);
        assert_eq!(repost_key("Một, hai: ba!", None), repost_key("một hai ba", None));
        assert_ne!(repost_key("một hai ba", None), repost_key("một hai ba", Some("2017-01-01")));
        assert_ne!(repost_key("mộthai ba", None), repost_key("một hai ba", None));
    }

    #[test]
    fn query_terms_and_expressions() {
        let t = terms("công an \"Hà Nội\" 35-CT/TW");
        assert_eq!(t, vec![vec!["công".to_string()], vec!["an".into()], vec!["Hà".into(), "Nội".into()], vec!["35".into(), "CT".into(), "TW".into()]]);
        assert_eq!(tier_expr("folded", &t[2..3], true, false).0, "({folded} : \"ha noi\")");
        // With the pairs column, a phrase is looked up by its word pairs first; they weigh nothing.
        let (e, counts) = tier_expr("exact", &t[2..4], false, true);
        assert_eq!(e, "({pairs} : \"haǁnoi\") AND ({exact} : \"hà nội\") AND ({pairs} : \"35ǁct ctǁtw\") AND ({exact} : \"35 ct tw\")");
        assert_eq!(counts, vec![None, Some("{pairs} : \"haǁnoi\"".into()), None, Some("{pairs} : \"35ǁct ctǁtw\"".into())]);
        assert_eq!(crate::search_index::pairs("chi thi, tinh uy"), "chiǁthi thiǁtinh tinhǁuy");
        // Hostile input never breaks the FTS syntax.
        assert!(terms("\" OR * NEAR( \"\"").is_empty() || !tier_expr("exact", &terms("\" OR * NEAR("), false, true).0.is_empty());
    }

    #[test]
    fn snippets_highlight_folded_matches() {
        let text = "Sáng nay, Công an Hà Nội tổ chức hội nghị. Đại tá Lê Văn Tâm phát biểu.";
        let (s, hl, first) = snippet(text, &terms("cong an ha noi"), 10);
        assert!(s.contains("Công an Hà Nội"));
        let words: Vec<&str> = hl.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(words, ["Công", "an", "Hà", "Nội"]);
        assert!(first.is_some());
    }

    #[test]
    fn task_state_codes_are_their_json_names() {
        for s in TaskState::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
    }

    #[test]
    fn task_states() {
        use TaskState::*;
        assert_eq!(TaskState::compute(Some("2020-06-30"), Some("2020-06-15"), "2021-01-01"), DoneOnTime);
        assert_eq!(TaskState::compute(Some("2020-06-30"), Some("2020-07-15"), "2021-01-01"), DoneLate);
        assert_eq!(TaskState::compute(Some("2020-06-30"), None, "2020-06-30"), OpenInTime);
        assert_eq!(TaskState::compute(Some("2020-06-30"), None, "2020-07-01"), OpenOverdue);
        // No deadline: not "in time" — its own state; done without one is done on time.
        assert_eq!(TaskState::compute(None, None, "2020-07-01"), NoDeadline);
        assert_eq!(TaskState::compute(None, Some("2020-06-01"), "2020-07-01"), DoneOnTime);
        assert_eq!(TaskState::compute(None, Some("2020-08-01"), "2020-07-01"), NoDeadline);
        // Completed later than the as-of day: still open on that day.
        assert_eq!(TaskState::compute(Some("2020-06-30"), Some("2020-08-01"), "2020-07-01"), OpenOverdue);
    }
}
