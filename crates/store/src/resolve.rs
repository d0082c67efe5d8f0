//! Entity resolution: which mentions are one person, one cited document, one organisation, one
//! event — decided from the mentions themselves, in a canonical order, so that the register is
//! the same whatever the order and history of ingest.
//!
//! [`crate::Batch::put`] writes a document's mentions with what they said (the name as written,
//! the roles, the code and issuer of a citation, the chair of a meeting) and a provisional entity.
//! When the batch commits, every key the batch touched is resolved again as if from *all* its
//! mentions in the register, in the canonical order — documents by date (dated first), then by
//! id, then mentions by position (a person's name is placed from what its people keep of their
//! earlier occurrences when that gives the same register: [`resolve_people`]):
//!
//! - **People** of one folded name: each occurrence (a document's person) joins the first
//!   earlier person whose roles are compatible ([`crate::people::compatible`]), else starts a new
//!   person (`namesake_split` when a compatible one was refused). The name is the first
//!   occurrence's; the rank the last one given.
//! - **Cited documents** of one number and kind: each citation joins the one compatible earlier
//!   document, or the one that matches exactly among several, else is `ambiguous` (its candidates
//!   kept), else starts a new document; attributes fill in first-come (the issuer becomes more
//!   specific), as [`crate::codes`] describes. A batch's citations of a number are placed among
//!   the directives their rows and memos describe when that gives the same register
//!   ([`place_directives_from_memos`]), without reading the number's earlier citations.
//! - **Organisations** of one folded name: the first spelling names them.
//! - **Events**: the meetings of one kind, one day and one chair are one event; others stand alone.
//!
//! Entity row ids are reused where they were (the entity of the earliest occurrence keeps its
//! id), so pages and links stay valid across batches; entities left without mentions are deleted.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chidao_extract::date::PartialDate;
use chidao_text::ascii_fold::ascii_fold;
use crate::db::{Arg, Db, args};

use crate::codes;
use crate::error::Result;
use crate::identity::{PIN_SQL, Pin};
use crate::people;

/// The keys a batch touched: resolved again when it commits.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// Folded person names, each with the occurrences of it that the batch wrote.
    pub persons: BTreeMap<String, Vec<Written>>,
    /// Of those, the names whose mentions were deleted: resolved from all their mentions.
    pub persons_full: BTreeSet<String>,
    /// (number key, kind key) of citations, each with the citations the batch wrote
    /// (`directive_mentions.id`, first mentions only).
    pub directives: BTreeMap<(String, String), Vec<i64>>,
    /// Of those, the keys whose citations were deleted or a user's pin changed: clustered again
    /// from all their citations.
    pub directives_full: BTreeSet<(String, String)>,
    /// Folded organisation names.
    pub orgs: BTreeSet<String>,
    /// Of those, the names whose mentions were deleted or whose organisation this batch created:
    /// resolved from all their mentions.
    pub orgs_full: BTreeSet<String>,
    /// The earliest mention (in the canonical order) this batch wrote of each organisation name:
    /// where it stands, and its spelling.
    pub org_first: BTreeMap<String, (Pos, String)>,
    /// Documents whose event mentions were written.
    pub event_docs: BTreeSet<i64>,
    /// Event keys whose mentions were deleted.
    pub event_keys: BTreeSet<String>,
}

/// The canonical order of documents: dated first by date, then by external id (the undated
/// without a date before those with a partial one, as SQLite sorts NULL; PostgreSQL is told so).
pub(crate) const DOC_ORDER: &str = "(d.date IS NULL OR d.date LIKE 'X%'), d.date NULLS FIRST, d.ext_id";

/// Resolves every touched key.
pub(crate) fn resolve(db: Db<'_>, t: &Touched) -> Result<()> {
    let mut moved = Vec::new();
    for (key, written) in &t.persons {
        moved.extend(resolve_people(db, key, written, t.persons_full.contains(key))?);
    }
    resolve_events(db, &t.event_docs, &moved, &t.event_keys)?;
    for ((number, kind), written) in &t.directives {
        let full = t.directives_full.contains(&(number.clone(), kind.clone()));
        if full || !place_directives_from_memos(db, number, kind, written)? {
            resolve_directives(db, number, kind)?;
        }
    }
    for key in &t.orgs {
        let named = match t.org_first.get(key) {
            Some((at, name)) if !t.orgs_full.contains(key) => named_first(db, key, at, name)?,
            _ => false,
        };
        if !named {
            resolve_org(db, key)?;
        }
    }
    Ok(())
}

/// Picks an id for each cluster: the smallest current id among its members not taken by an
/// earlier cluster, else `None` (a new row).
fn reuse_ids(current: &[BTreeSet<i64>]) -> Vec<Option<i64>> {
    let mut taken = BTreeSet::new();
    current
        .iter()
        .map(|ids| {
            let id = ids.iter().copied().find(|i| !taken.contains(i));
            if let Some(i) = id {
                taken.insert(i);
            }
            id
        })
        .collect()
}

// ---- People ----

/// Where a mention stands in the canonical order: its document's place ([`DOC_ORDER`] as a Rust
/// value: dated before undated, then by date, a missing one first, then by external id; strings
/// in byte order, as both engines compare them), then its place in the document (a person's
/// index among the document's people, an organisation mention's start).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(crate) struct Pos(bool, Option<String>, String, i64);

impl Pos {
    pub(crate) fn new(date: Option<&str>, ext_id: &str, occ: i64) -> Pos {
        Pos(date.is_none_or(|d| d.starts_with('X')), date.map(str::to_string), ext_id.to_string(), occ)
    }
}

/// What the resolver keeps of a person (`persons.memo`, JSON, schema 12): where its first, last
/// and last ranked occurrences stand, and where each distinctive word of its roles first came —
/// enough to know the person as any earlier point of the canonical order saw it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Memo {
    first: Pos,
    last: Pos,
    rank_at: Option<Pos>,
    words: BTreeMap<String, Pos>,
}

impl Memo {
    /// Its words as an occurrence at `at` sees them.
    fn words_at(&self, at: &Pos) -> BTreeSet<String> {
        self.words.iter().filter(|(_, p)| *p < at).map(|(w, _)| w.clone()).collect()
    }
}

/// An occurrence of a name that a batch wrote: a document's person, with what its rows say
/// (its name, rank and roles as written, the provisional person it was written under).
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub doc: i64,
    pub at: Pos,
    pub name: String,
    pub rank: Option<String>,
    pub person: i64,
    pub words: BTreeSet<String>,
}

/// An occurrence as the resolver judges it: as written, with the rule and evidence its mentions
/// have now (all of an occurrence's mentions have the same).
struct Occurrence {
    w: Written,
    rule: String,
    evidence: Option<String>,
}

impl Occurrence {
    fn written(w: &Written) -> Occurrence {
        Occurrence { w: w.clone(), rule: "new".to_string(), evidence: None }
    }

    fn occ(&self) -> i64 {
        self.w.at.3
    }
}

/// A person being built, among the people of a name in the order they were made (their first
/// occurrences' order).
struct Cluster {
    /// Its row's id, for a person the register has placed before this batch.
    kept: Option<i64>,
    /// Its first occurrence's name, and its last ranked occurrence's rank.
    name: String,
    rank: Option<String>,
    memo: Memo,
    /// All the words of its memo (what an occurrence after all the others compares with).
    words: BTreeSet<String>,
    /// Its occurrences among those being placed, in the canonical order.
    members: Vec<usize>,
}

/// Resolves the people of one folded name; returns the occurrences (document, index) whose
/// person changed.
///
/// The name's occurrences are placed in the canonical order, each joining the first person
/// (in the order they were made) whose roles are compatible, else making a new one. The batch's
/// occurrences are placed among the people the register has, as each occurrence's place in the
/// order saw them (their memos): an occurrence after all the name's earlier ones, or one that
/// joins a person without bringing it a word, changes nothing for the others. Any other (or a
/// name whose mentions the batch deleted, `full`, or a person without a memo) makes the name be
/// placed again from all its occurrences. Either way the register is the one the canonical order
/// gives, and a batch's cost does not grow with the register unless its documents come out of
/// order *and* change who someone is.
fn resolve_people(db: Db<'_>, key: &str, written: &[Written], full: bool) -> Result<Vec<(i64, i64)>> {
    let mut placed = None;
    if !full && let Some((mut clusters, ids)) = kept_people(db, key, written)? {
        let mut occs: Vec<Occurrence> = written.iter().map(Occurrence::written).collect();
        occs.sort_by(|a, b| a.w.at.cmp(&b.w.at));
        placed = place(&occs, &mut clusters).map(|rules| (clusters, occs, rules, Some(ids)));
    }
    let (clusters, occs, rules, ids) = match placed {
        Some(p) => p,
        None => {
            let occs = all_occurrences(db, key)?;
            let mut clusters = Vec::new();
            let rules = place(&occs, &mut clusters).expect("in order, every occurrence is placed");
            (clusters, occs, rules, None)
        }
    };
    // Ids: a person kept keeps its own (older than any provisional one); a new one takes the
    // smallest id among its members' not taken by an earlier person.
    let current: Vec<BTreeSet<i64>> =
        clusters.iter().map(|c| c.kept.into_iter().chain(c.members.iter().map(|&m| occs[m].w.person)).collect()).collect();
    let mut moved = Vec::new();
    let mut used = BTreeSet::new();
    for (c, id) in clusters.iter().zip(reuse_ids(&current)) {
        if c.members.is_empty() {
            // A person kept whom this batch did not reach.
            used.extend(c.kept);
            continue;
        }
        let (name, rank) = (c.name.as_str(), &c.rank);
        let memo = json(&c.memo)?;
        let pid = match id {
            Some(pid) => {
                db.queue(
                    "UPDATE persons SET name = ?2, ascii = ?3, rank = ?4, memo = ?5 WHERE id = ?1
                     AND (name IS DISTINCT FROM ?2 OR ascii IS DISTINCT FROM ?3 OR rank IS DISTINCT FROM ?4 OR memo IS DISTINCT FROM ?5)",
                    args![pid, name, ascii_fold(name), rank, memo],
                )?;
                pid
            }
            None => db.one("INSERT INTO persons (name, key, ascii, rank, memo) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", args![name, key, ascii_fold(name), rank, memo])?,
        };
        used.insert(pid);
        for &m in &c.members {
            let o = &occs[m];
            let (rule, evidence) = &rules[m];
            // Only the rows that change are written (most occurrences keep what they had).
            if o.w.person == pid && o.rule == *rule && o.evidence == *evidence {
                continue;
            }
            db.queue("UPDATE person_mentions SET person = ?3, rule = ?4, evidence = ?5 WHERE doc = ?1 AND occ = ?2", args![o.w.doc, o.occ(), pid, rule, evidence])?;
            if o.w.person != pid {
                db.queue("UPDATE person_roles SET person = ?3 WHERE doc = ?1 AND occ = ?2", args![o.w.doc, o.occ(), pid])?;
                moved.push((o.w.doc, o.occ()));
            }
        }
    }
    // Persons of this name left without an occurrence.
    let ids = match ids {
        Some(ids) => ids,
        None => db.rows("SELECT id FROM persons WHERE key = ?1", args![key], |r| r.get(0))?,
    };
    for id in ids.into_iter().filter(|i| !used.contains(i)) {
        db.queue("UPDATE events SET chair = NULL WHERE chair = ?1", args![id])?;
        db.queue("DELETE FROM persons WHERE id = ?1", args![id])?;
    }
    Ok(moved)
}

/// Places occurrences (in the canonical order) among the people made so far (in the order they
/// were made): each joins the first person whose roles, as its place saw them, are compatible,
/// else makes a new one. Returns each occurrence's rule and evidence; `None` when an occurrence
/// before the last one placed would change a person (bring it a word, or make a new one): the
/// occurrences after it would have to be placed again.
fn place(occs: &[Occurrence], clusters: &mut Vec<Cluster>) -> Option<Vec<(&'static str, Option<String>)>> {
    let mut last: Option<Pos> = clusters.iter().map(|c| c.memo.last.clone()).max();
    let mut rules = Vec::with_capacity(occs.len());
    for (i, o) in occs.iter().enumerate() {
        let at = &o.w.at;
        let after_all = last.as_ref().is_none_or(|l| at > l);
        let mut refused = Vec::new();
        let mut chosen = None;
        // The people made before this occurrence (the order they were made in is their first
        // occurrences' order).
        for (ci, c) in clusters.iter().enumerate().take_while(|(_, c)| c.memo.first < *at) {
            // After all the name's occurrences, a person's words are all its words.
            let earlier;
            let words = if after_all {
                &c.words
            } else {
                earlier = c.memo.words_at(at);
                &earlier
            };
            match people::compatible(&o.w.words, words) {
                Ok(ev) => {
                    chosen = Some((ci, ev, o.w.words.is_subset(words)));
                    break;
                }
                Err(ev) => refused.push(format!("#{}: {ev}", ci + 1)),
            }
        }
        match chosen {
            Some((ci, ev, adds_nothing)) => {
                if !adds_nothing && !after_all {
                    return None;
                }
                rules.push(if ev.is_some() { ("same_name_compatible_roles", ev) } else { ("same_name", None) });
                let c = &mut clusters[ci];
                for w in o.w.words.difference(&c.words).cloned().collect::<Vec<_>>() {
                    c.memo.words.insert(w.clone(), at.clone());
                    c.words.insert(w);
                }
                if *at > c.memo.last {
                    c.memo.last = at.clone();
                }
                if o.w.rank.is_some() && c.memo.rank_at.as_ref().is_none_or(|r| at > r) {
                    c.memo.rank_at = Some(at.clone());
                    c.rank = o.w.rank.clone();
                }
                c.members.push(i);
            }
            None => {
                if !after_all {
                    return None;
                }
                rules.push(if refused.is_empty() { ("new", None) } else { ("namesake_split", Some(refused.join("; "))) });
                let memo = Memo {
                    first: at.clone(),
                    last: at.clone(),
                    rank_at: o.w.rank.is_some().then(|| at.clone()),
                    words: o.w.words.iter().map(|w| (w.clone(), at.clone())).collect(),
                };
                clusters.push(Cluster { kept: None, name: o.w.name.trim().to_string(), rank: o.w.rank.clone(), memo, words: o.w.words.clone(), members: vec![i] });
            }
        }
        if after_all {
            last = Some(at.clone());
        }
    }
    Some(rules)
}

/// Every occurrence of the name, in the canonical order.
fn all_occurrences(db: Db<'_>, key: &str) -> Result<Vec<Occurrence>> {
    // An occurrence's mentions all have its name, rank, person, rule and evidence: min() picks
    // them (SQLite would take the bare columns; PostgreSQL wants them aggregated).
    let mut occs: Vec<Occurrence> = db.rows(
        &format!(
            "SELECT m.doc, m.occ, min(m.name), min(m.rank), min(m.person), min(m.rule), min(m.evidence), d.date, d.ext_id
             FROM person_mentions m JOIN documents d ON d.id = m.doc
             WHERE m.key = ?1 GROUP BY m.doc, m.occ, d.date, d.ext_id ORDER BY {DOC_ORDER}, m.occ"
        ),
        args![key],
        |r| {
            let date: Option<String> = r.get(7)?;
            let ext_id: String = r.get(8)?;
            Ok(Occurrence {
                w: Written {
                    doc: r.get(0)?,
                    at: Pos::new(date.as_deref(), &ext_id, r.get(1)?),
                    name: r.get(2)?,
                    rank: r.get(3)?,
                    person: r.get(4)?,
                    words: BTreeSet::new(),
                },
                rule: r.get(5)?,
                evidence: r.get(6)?,
            })
        },
    )?;
    // The roles of every occurrence of the name in one statement (a common name has thousands
    // of occurrences; a look-up each was much of the resolver's time).
    let mut roles: HashMap<(i64, i64), Vec<String>> = HashMap::new();
    db.each(
        "SELECT r.doc, r.occ, r.role FROM person_roles r
         WHERE (r.doc, r.occ) IN (SELECT doc, occ FROM person_mentions WHERE key = ?1)",
        args![key],
        |r| {
            roles.entry((r.get(0)?, r.get(1)?)).or_default().push(r.get(2)?);
            Ok(())
        },
    )?;
    for o in &mut occs {
        if let Some(rs) = roles.get(&(o.w.doc, o.occ())) {
            o.w.words = people::distinctive_words(rs.iter().map(String::as_str));
        }
    }
    Ok(occs)
}

/// The people of the name as their rows keep them (in the order they were made), and the ids
/// of all the name's rows (the batch's provisional ones too); `None` when a person's row has no
/// memo (written before schema 12).
fn kept_people(db: Db<'_>, key: &str, written: &[Written]) -> Result<Option<(Vec<Cluster>, Vec<i64>)>> {
    let provisional: BTreeSet<i64> = written.iter().map(|w| w.person).collect();
    let rows: Vec<(i64, String, Option<String>, Option<String>)> =
        db.rows("SELECT id, name, rank, memo FROM persons WHERE key = ?1", args![key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let ids = rows.iter().map(|r| r.0).collect();
    let mut clusters = Vec::new();
    for (id, name, rank, memo) in rows.into_iter().filter(|r| !provisional.contains(&r.0)) {
        let Some(memo) = memo.and_then(|m| serde_json::from_str::<Memo>(&m).ok()) else {
            return Ok(None);
        };
        let words = memo.words.keys().cloned().collect();
        clusters.push(Cluster { kept: Some(id), name, rank, memo, words, members: Vec::new() });
    }
    clusters.sort_by(|a, b| a.memo.first.cmp(&b.memo.first));
    Ok(Some((clusters, ids)))
}

// ---- Events ----

/// Regroups the event mentions of the given documents, those chaired by moved occurrences and
/// those of the given keys.
fn resolve_events(db: Db<'_>, docs: &BTreeSet<i64>, moved: &[(i64, i64)], keys: &BTreeSet<String>) -> Result<()> {
    // (mention rowid, event, doc, key, kind, date, chair occurrence)
    type Row = (i64, i64, i64, Option<String>, String, Option<String>, Option<i64>);
    let map = |r: &crate::db::Row<'_>| -> Result<Row> { Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)) };
    let cols = "rowid, event, doc, key, kind, date, chair_occ";
    let mut rows: BTreeMap<i64, Row> = BTreeMap::new();
    for &d in docs {
        for r in db.rows(&format!("SELECT {cols} FROM event_mentions WHERE doc = ?1"), args![d], map)? {
            rows.insert(r.0, r);
        }
    }
    for &(d, o) in moved {
        for r in db.rows(&format!("SELECT {cols} FROM event_mentions WHERE doc = ?1 AND chair_occ = ?2"), args![d, o], map)? {
            rows.insert(r.0, r);
        }
    }
    let mut affected_keys: BTreeSet<String> = keys.clone();
    let mut old_events: BTreeSet<i64> = BTreeSet::new();
    for (rowid, event, doc, old_key, kind, date, chair_occ) in rows.values() {
        let chair: Option<i64> = match chair_occ {
            Some(o) => db.row_opt("SELECT person FROM person_mentions WHERE doc = ?1 AND occ = ?2 LIMIT 1", args![doc, o], |r| r.get(0))?.flatten(),
            None => None,
        };
        let day = date.as_deref().filter(|d| d.len() == 10 && !d.starts_with('X'));
        let key = match (day, chair) {
            (Some(d), Some(c)) => Some(format!("{}|{d}|{c}", chidao_text::fold(kind.trim()))),
            _ => None,
        };
        affected_keys.extend(old_key.iter().cloned());
        old_events.insert(*event);
        match &key {
            Some(k) => {
                affected_keys.insert(k.clone());
                db.queue("UPDATE event_mentions SET key = ?2 WHERE rowid = ?1", args![rowid, k])?;
            }
            None => {
                // An event of its own: its own row (a new one if it shared a keyed one).
                let alone: bool = old_key.is_none()
                    && db.one::<bool>("SELECT COUNT(*) = 1 FROM event_mentions WHERE event = ?1", args![event])?;
                let eid = if alone {
                    *event
                } else {
                    db.one("INSERT INTO events (kind, date, chair, place, key) VALUES (?1, NULL, NULL, NULL, NULL) RETURNING id", args![kind])?
                };
                db.queue("UPDATE event_mentions SET key = NULL, event = ?2 WHERE rowid = ?1", args![rowid, eid])?;
                db.queue("UPDATE events SET kind = m.kind, date = m.date, chair = ?2, place = m.place, key = NULL
                     FROM (SELECT kind, date, place FROM event_mentions WHERE rowid = ?3) m WHERE events.id = ?1", args![eid, chair, rowid])?;
            }
        }
    }
    for k in &affected_keys {
        struct Member {
            kind: String,
            date: Option<String>,
            place: Option<String>,
            chair_occ: Option<i64>,
            doc: i64,
        }
        let members: Vec<Member> = db.rows(
            &format!(
                "SELECT m.kind, m.date, m.place, m.chair_occ, m.doc FROM event_mentions m JOIN documents d ON d.id = m.doc
                 WHERE m.key = ?1 ORDER BY {DOC_ORDER}, m.start"
            ),
            args![k],
            |r| Ok(Member { kind: r.get(0)?, date: r.get(1)?, place: r.get(2)?, chair_occ: r.get(3)?, doc: r.get(4)? }),
        )?;
        let existing: Option<i64> = db.row_opt("SELECT id FROM events WHERE key = ?1", args![k], |r| r.get(0))?;
        let Some(first) = members.first() else {
            if let Some(e) = existing {
                old_events.insert(e);
                db.queue("UPDATE events SET key = NULL WHERE id = ?1", args![e])?;
            }
            continue;
        };
        let chair: Option<i64> = match first.chair_occ {
            Some(o) => db.row_opt("SELECT person FROM person_mentions WHERE doc = ?1 AND occ = ?2 LIMIT 1", args![first.doc, o], |r| r.get(0))?.flatten(),
            None => None,
        };
        let place = members.iter().find_map(|m| m.place.clone());
        let eid = match existing {
            Some(e) => e,
            None => {
                db.one("INSERT INTO events (kind, date, chair, place, key) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", args![first.kind, first.date, chair, place, k])?
            }
        };
        db.queue("UPDATE events SET kind = ?2, date = ?3, chair = ?4, place = ?5 WHERE id = ?1", args![eid, first.kind, first.date, chair, place])?;
        db.queue("UPDATE event_mentions SET event = ?2 WHERE key = ?1", args![k, eid])?;
    }
    for e in old_events {
        db.queue("DELETE FROM events WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM event_mentions WHERE event = ?1)", args![e])?;
    }
    Ok(())
}

// ---- Cited documents ----

/// A cited document being built from its citations.
#[derive(Clone)]
struct DirCluster {
    kind: String,
    number: String,
    code: Option<String>,
    series: Option<String>,
    /// Its series is a local committee's ([`codes::series_is_local`]), kept beside the series.
    local: bool,
    era: Option<String>,
    party: bool,
    issuer: Option<String>,
    issuer_key: Option<String>,
    date: Option<String>,
    title: Option<String>,
    members: Vec<usize>,
    /// Where in the canonical order it learnt what it knows.
    seen: Seen,
    /// A user split its citation off: only a user's merge adds citations to it.
    closed: bool,
}

/// Where in the canonical order a cited document learnt what it knows (its memo's part, schema
/// 16): its first citation, the citation that filled in each attribute, each change of its
/// issuer, and the first citation of each year among those whose documents cited it without its
/// era — enough to know the directive as any earlier point of the order saw it ([`DirCluster::as_at`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Seen {
    first: Pos,
    code: Option<Pos>,
    series: Option<Pos>,
    era: Option<Pos>,
    date: Option<Pos>,
    title: Option<Pos>,
    party: Option<Pos>,
    /// Its issuer and issuer key from each place on (the first at `first`).
    issuers: Vec<(Pos, Option<String>, Option<String>)>,
    /// The years of the documents that cited it without an era of their own.
    undated: BTreeMap<i32, Pos>,
}

/// Whether a directive series is a local committee's ([`codes::series_is_local`]).
fn is_local(series: &Option<String>) -> bool {
    series.as_deref().is_some_and(codes::series_is_local)
}

/// `value` filled in from a citation at `at` when `slot` has none; notes where.
fn fill(slot: &mut Option<String>, seen: &mut Option<Pos>, value: Option<String>, at: &Pos) {
    if slot.is_none() && value.is_some() {
        *slot = value;
        *seen = Some(at.clone());
    }
}

impl DirCluster {
    /// A directive first cited by citation `i`.
    fn new(c: &Citation, k: &codes::DirectiveKey, issuer_key: Option<String>, i: usize) -> DirCluster {
        let at = || Some(c.pos.clone());
        let issuer_key = if k.local { issuer_key } else { None };
        DirCluster {
            kind: c.kind.clone(),
            number: c.number.clone(),
            code: k.code.clone(),
            local: is_local(&k.series),
            series: k.series.clone(),
            era: k.era.clone(),
            party: k.party,
            issuer: c.issuer.clone(),
            issuer_key: issuer_key.clone(),
            date: c.date.clone(),
            title: c.title.clone(),
            members: vec![i],
            seen: Seen {
                first: c.pos.clone(),
                code: k.code.as_ref().and(at()),
                series: k.series.as_ref().and(at()),
                era: k.era.as_ref().and(at()),
                date: c.date.as_ref().and(at()),
                title: c.title.as_ref().and(at()),
                party: if k.party { at() } else { None },
                issuers: vec![(c.pos.clone(), c.issuer.clone(), issuer_key)],
                undated: if k.era.is_none() { c.doc_year.map(|y| (y, c.pos.clone())).into_iter().collect() } else { BTreeMap::new() },
            },
            closed: c.pin == Some(Pin::Own),
        }
    }

    /// Citation `i` joins: it fills in what this directive did not know; a more specific issuer
    /// (the same committee with its place) replaces a vaguer one.
    fn absorb(&mut self, c: &Citation, k: codes::DirectiveKey, issuer_key: Option<String>, i: usize) {
        let at = &c.pos;
        self.members.push(i);
        if k.era.is_none()
            && let Some(y) = c.doc_year
        {
            self.seen.undated.entry(y).or_insert_with(|| at.clone());
        }
        fill(&mut self.code, &mut self.seen.code, k.code, at);
        self.fill_series(k.series, Some(at));
        fill(&mut self.era, &mut self.seen.era, k.era, at);
        let longer = k.local && issuer_key.as_ref().is_some_and(|ik| ik.len() > self.issuer_key.as_ref().map_or(0, String::len));
        let before = (self.issuer.clone(), self.issuer_key.clone());
        if self.issuer.is_none() || longer {
            self.issuer = c.issuer.clone().or(self.issuer.take());
        }
        if longer {
            self.issuer_key = issuer_key;
        }
        if (&self.issuer, &self.issuer_key) != (&before.0, &before.1) {
            self.seen.issuers.push((at.clone(), self.issuer.clone(), self.issuer_key.clone()));
        }
        fill(&mut self.date, &mut self.seen.date, c.date.clone(), at);
        fill(&mut self.title, &mut self.seen.title, c.title.clone(), at);
        if !self.party && k.party {
            self.party = true;
            self.seen.party = Some(at.clone());
        }
    }

    /// Another directive is this one (a user merged them): its citations join, its attributes
    /// fill in what this one does not know. (A number with a user's pin keeps no memo: `seen`
    /// gathers only the undated years, which the rules read.)
    fn merge_from(&mut self, o: DirCluster) {
        self.members.extend(o.members);
        for (y, at) in o.seen.undated {
            let e = self.seen.undated.entry(y).or_insert_with(|| at.clone());
            *e = e.clone().min(at);
        }
        self.code = self.code.take().or(o.code);
        self.fill_series(o.series, None);
        self.era = self.era.take().or(o.era);
        self.issuer = self.issuer.take().or(o.issuer);
        self.issuer_key = self.issuer_key.take().or(o.issuer_key);
        self.date = self.date.take().or(o.date);
        self.title = self.title.take().or(o.title);
        self.party = self.party || o.party;
    }

    /// The series when this directive has none yet (and whether it is a local committee's),
    /// learnt from a citation at `at` (None: from a directive merged into it).
    fn fill_series(&mut self, series: Option<String>, at: Option<&Pos>) {
        if self.series.is_none() && series.is_some() {
            self.local = is_local(&series);
            self.series = series;
            self.seen.series = at.cloned();
        }
    }

    /// The directive as a citation at `at` saw it, before the citations after it (None: not yet
    /// cited there).
    fn as_at(&self, at: &Pos) -> Option<DirCluster> {
        if self.seen.first >= *at {
            return None;
        }
        let known = |v: &Option<String>, when: &Option<Pos>| v.clone().filter(|_| when.as_ref().is_some_and(|w| w < at));
        let (issuer, issuer_key) = self.seen.issuers.iter().take_while(|(w, ..)| w < at).last().map(|(_, i, k)| (i.clone(), k.clone())).unwrap_or_default();
        let series = known(&self.series, &self.seen.series);
        Some(DirCluster {
            kind: self.kind.clone(),
            number: self.number.clone(),
            code: known(&self.code, &self.seen.code),
            local: self.local && series.is_some(),
            series,
            era: known(&self.era, &self.seen.era),
            party: self.party && self.seen.party.as_ref().is_some_and(|w| w < at),
            issuer,
            issuer_key,
            date: known(&self.date, &self.seen.date),
            title: known(&self.title, &self.seen.title),
            members: Vec::new(),
            seen: Seen { undated: self.seen.undated.iter().filter(|(_, w)| *w < at).map(|(y, w)| (*y, w.clone())).collect(), ..self.seen.clone() },
            closed: self.closed,
        })
    }

    /// What the rules read of it and what its row shows.
    #[allow(clippy::type_complexity)]
    fn knows(&self) -> (&Option<String>, &Option<String>, &Option<String>, bool, &Option<String>, &Option<String>, &Option<String>, &Option<String>, Vec<i32>) {
        (&self.code, &self.series, &self.era, self.party, &self.issuer, &self.issuer_key, &self.date, &self.title, self.seen.undated.keys().copied().collect())
    }
}

/// Each citation's [`Placed`], in the citations' order.
type Outcome = Vec<Placed>;

/// Applies the users' merges ([`Pin::Same`]) to the directives the rules built: the directive of
/// a pinned citation and that of its anchor become one (the anchor's); an ambiguous citation
/// whose candidates became one directive joins it.
fn apply_merges(cites: &[Citation], clusters: Vec<DirCluster>, outcome: Outcome) -> (Vec<DirCluster>, Outcome) {
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    fn root(parent: &[usize], mut i: usize) -> usize {
        while parent[i] != i {
            i = parent[i];
        }
        i
    }
    let mut outcome = outcome;
    let mut any = false;
    for (i, c) in cites.iter().enumerate() {
        let Some(Pin::Same { doc, start, end }) = &c.pin else { continue };
        let Some(j) = cites.iter().position(|a| (&a.pos.2, a.pos.3, a.end) == (doc, *start, *end)) else { continue };
        let Some(target) = outcome[j].0.map(|t| root(&parent, t)) else { continue };
        any = true;
        match outcome[i].0.map(|s| root(&parent, s)) {
            Some(src) if src != target => parent[src] = target,
            Some(_) => {}
            None => outcome[i] = (Some(target), "user_merge", Vec::new()),
        }
        if outcome[i].1 != "user_split" {
            outcome[i].1 = "user_merge";
        }
    }
    if !any {
        return (clusters, outcome);
    }
    // Fold each merged directive into its root, in index order (the rules' order).
    let roots: Vec<usize> = (0..clusters.len()).map(|i| root(&parent, i)).collect();
    let mut slots: Vec<Option<DirCluster>> = clusters.into_iter().map(Some).collect();
    for i in 0..slots.len() {
        if roots[i] != i {
            let o = slots[i].take().expect("each cluster folds once");
            slots[roots[i]].as_mut().expect("a root stays").merge_from(o);
        }
    }
    let mut new_index = vec![usize::MAX; slots.len()];
    let mut kept = Vec::new();
    for (i, s) in slots.into_iter().enumerate() {
        if let Some(cl) = s {
            new_index[i] = kept.len();
            kept.push(cl);
        }
    }
    let at = |i: usize| new_index[roots[i]];
    for o in &mut outcome {
        match o.0 {
            Some(ci) => o.0 = Some(at(ci)),
            None => {
                let mut cands: Vec<usize> = o.2.iter().map(|&ci| at(ci)).collect();
                cands.sort_unstable();
                cands.dedup();
                if let [one] = cands[..] {
                    *o = (Some(one), "compatible", Vec::new());
                } else {
                    o.2 = cands;
                }
            }
        }
    }
    for cl in &mut kept {
        cl.members.sort_unstable();
    }
    (kept, outcome)
}

struct Citation {
    id: i64,
    /// The directive and rule it has now (none and `new` when the batch brought it).
    directive: Option<i64>,
    rule: String,
    kind: String,
    number: String,
    code: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
    title: Option<String>,
    /// The year of the citing document, when it is dated.
    doc_year: Option<i32>,
    /// Where it stands in the canonical order (its document's place, then its start).
    pos: Pos,
    /// Where its span ends (the document id and the start are `pos`'s).
    end: i64,
    /// What a user said of its identity.
    pin: Option<Pin>,
}

/// The citations (first mentions) that `filter` selects (SQL over `m` = directive_mentions,
/// `?1` and `?2` its arguments), in the canonical order.
fn citations(db: Db<'_>, filter: &str, a: &[Arg<'_>]) -> Result<Vec<Citation>> {
    db.rows(
        &format!(
            "SELECT m.id, m.directive, m.kind, m.number, m.code, m.issuer, m.date, m.title, d.date, d.ext_id, m.start, m.\"end\", {PIN_SQL}, m.rule
             FROM directive_mentions m JOIN documents d ON d.id = m.doc
             WHERE {filter} AND m.primary_id IS NULL ORDER BY {DOC_ORDER}, m.start, m.id"
        ),
        a,
        |r| {
            let doc_date: Option<String> = r.get(8)?;
            Ok(Citation {
                id: r.get(0)?,
                directive: r.get(1)?,
                kind: r.get(2)?,
                number: r.get(3)?,
                code: r.get(4)?,
                issuer: r.get(5)?,
                date: r.get(6)?,
                title: r.get(7)?,
                doc_year: doc_date.as_deref().and_then(partial_date).and_then(|d| d.year),
                pos: Pos::new(doc_date.as_deref(), &r.get::<String>(9)?, r.get(10)?),
                end: r.get(11)?,
                pin: r.get::<Option<String>>(12)?.as_deref().and_then(Pin::parse),
                rule: r.get(13)?,
            })
        },
    )
}

/// What the resolver keeps of a cited document (`directives.memo`, JSON, schema 16): where the
/// last citation of its number and kind stands (the same on every directive of the number), and
/// where it learnt what it knows ([`Seen`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CiteMemo {
    last: Pos,
    seen: Seen,
}

/// Where a citation was placed: its directive (None: ambiguous), the rule that linked it, the
/// candidates of an ambiguous one.
type Placed = (Option<usize>, &'static str, Vec<usize>);

/// Places citation `i` among the directives built so far (the rules of the module
/// documentation): it joins one, starts one, or is ambiguous between several.
fn place_citation(clusters: &mut Vec<DirCluster>, c: &Citation, i: usize) -> Placed {
    let date = c.date.as_deref().and_then(partial_date);
    let k = codes::key_of(&c.kind, &c.number, c.code.as_deref(), c.issuer.as_deref(), date);
    let issuer_key = c.issuer.as_deref().map(codes::issuer_identity).filter(|s| !s.is_empty());
    if c.pin == Some(Pin::Own) {
        clusters.push(DirCluster::new(c, &k, issuer_key, i));
        return (Some(clusters.len() - 1), "user_split", Vec::new());
    }
    let eq = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    let mut compatible = Vec::new();
    let mut exact = Vec::new();
    for (ci, cl) in clusters.iter().enumerate().filter(|(_, cl)| !cl.closed) {
        let s = eq(&cl.series, &k.series);
        let e = eq(&cl.era, &k.era);
        let local = k.local || cl.local;
        let iss = match (local, &cl.issuer_key, &issuer_key) {
            (false, _, _) => Some(true),
            (true, Some(a), Some(b)) => codes::same_issuer(a, b),
            (true, _, _) => None,
        };
        if s == Some(false) || e == Some(false) || iss == Some(false) {
            continue;
        }
        // An undated citation joins only a directive its document can reach, and a dated one
        // only a directive whose undated citations it can explain.
        let reach = match (&k.era, &cl.era) {
            (None, era) => within_reach(era.as_deref(), c.doc_year),
            (Some(era), None) => cl.seen.undated.keys().all(|&y| within_reach(Some(era), Some(y))),
            (Some(_), Some(_)) => true,
        };
        if !reach {
            continue;
        }
        compatible.push(ci);
        if s == Some(true) && e == Some(true) && iss == Some(true) {
            exact.push(ci);
        }
    }
    let (ci, rule) = match (compatible.len(), exact.len()) {
        (0, _) => {
            clusters.push(DirCluster::new(c, &k, issuer_key, i));
            return (Some(clusters.len() - 1), "new", Vec::new());
        }
        (1, _) => (compatible[0], "compatible"),
        (_, 1) => (exact[0], "exact"),
        _ => return (None, "ambiguous", compatible),
    };
    clusters[ci].absorb(c, k, issuer_key, i);
    (Some(ci), rule, Vec::new())
}

/// How many years a document may cite a directive after the start of the directive's era without
/// giving its date: beyond that, an undated citation means a later directive of the same number
/// (a 2016 article's "Chỉ thị 05-CT/TW" is not the one of 1951).
const CITATION_REACH_YEARS: i32 = 30;

/// The first year of an era ("T2016", "Y2020" → 2016, 2020).
fn era_start(era: &str) -> Option<i32> {
    era.get(1..)?.parse().ok()
}

/// Whether a document of `doc_year` can cite, without its date, a directive of `era`.
fn within_reach(era: Option<&str>, doc_year: Option<i32>) -> bool {
    match (era.and_then(era_start), doc_year) {
        (Some(start), Some(y)) => start <= y + 1 && y - start <= CITATION_REACH_YEARS,
        _ => true,
    }
}

/// A partial ISO date (`2020-06-15`, `XXXX-06`, `2020`) back into a [`PartialDate`].
pub(crate) fn partial_date(iso: &str) -> Option<PartialDate> {
    let mut parts = iso.split('-');
    let year = parts.next().and_then(|y| y.parse::<i32>().ok());
    let month = parts.next().and_then(|m| m.parse::<u8>().ok());
    let day = parts.next().and_then(|d| d.parse::<u8>().ok());
    (year.is_some() || month.is_some()).then_some(PartialDate { year, month, day: month.and(day) })
}

/// Resolves the citations of one number and kind from all of them (see the module documentation).
fn resolve_directives(db: Db<'_>, number_key: &str, kind_key: &str) -> Result<()> {
    let cites = citations(db, "m.number_key = ?1 AND m.kind_key = ?2", args![number_key, kind_key])?;
    let mut clusters: Vec<DirCluster> = Vec::new();
    let outcome: Outcome = cites.iter().enumerate().map(|(i, c)| place_citation(&mut clusters, c, i)).collect();
    let (clusters, outcome) = apply_merges(&cites, clusters, outcome);
    let current: Vec<BTreeSet<i64>> = clusters.iter().map(|cl| cl.members.iter().filter_map(|&m| cites[m].directive).collect()).collect();
    let ids = reuse_ids(&current);
    // A user's pin bears on the number: no memo, so that each batch clusters it from all its
    // citations (as pins ask).
    let last = cites.last().filter(|_| cites.iter().all(|c| c.pin.is_none())).map(|c| &c.pos);
    let row_of = write_directives(db, number_key, kind_key, &clusters, &ids, last)?;
    // The candidates of the citations that were ambiguous.
    let mut had: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    if cites.iter().any(|c| c.rule == "ambiguous") {
        let rows: Vec<(i64, i64)> = db.rows(
            "SELECT c.mention, c.directive FROM directive_candidates c JOIN directive_mentions m ON m.id = c.mention
             WHERE m.number_key = ?1 AND m.kind_key = ?2 AND m.primary_id IS NULL",
            args![number_key, kind_key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (mention, directive) in rows {
            had.entry(mention).or_default().insert(directive);
        }
    }
    write_citations(db, &cites, &outcome, &row_of, &had)?;
    let used: BTreeSet<i64> = row_of.iter().copied().collect();
    let stale: Vec<i64> = db.rows("SELECT id FROM directives WHERE number_key = ?1 AND kind_key = ?2", args![number_key, kind_key], |r| r.get(0))?;
    for id in stale.into_iter().filter(|i| !used.contains(i)) {
        db.queue("UPDATE task_refs SET directive = NULL WHERE directive = ?1", args![id])?;
        db.queue("DELETE FROM directives WHERE id = ?1", args![id])?;
    }
    Ok(())
}

/// Places the citations a batch wrote of one number and kind (`written`) among the directives
/// the register has, without reading the number's earlier citations, when that gives what
/// [`resolve_directives`] would. Every directive of the number must have its memo (no user's pin
/// bears on it), and each of the batch's citations (unpinned) either comes after every earlier
/// citation (it is placed among the directives as they stand, as the rules place it) or, placed
/// among the directives as its place in the order saw them ([`DirCluster::as_at`]), joins one and
/// teaches it nothing, or is ambiguous: it then changes nothing for the citations after it. Returns
/// false (nothing written) otherwise.
fn place_directives_from_memos(db: Db<'_>, number_key: &str, kind_key: &str, written: &[i64]) -> Result<bool> {
    if written.is_empty() {
        return Ok(false);
    }
    // Each directive of the number with its memo (None: one has none).
    let rows: Vec<Option<(i64, DirCluster, Pos)>> = db.rows(
        "SELECT id, kind, number, code, series, party, era, issuer, issuer_key, date, title, memo FROM directives
         WHERE number_key = ?1 AND kind_key = ?2 ORDER BY id",
        args![number_key, kind_key],
        |r| {
            let Some(memo) = r.get::<Option<String>>(11)?.and_then(|m| serde_json::from_str::<CiteMemo>(&m).ok()) else {
                return Ok(None);
            };
            let series: Option<String> = r.get(4)?;
            let cl = DirCluster {
                kind: r.get(1)?,
                number: r.get(2)?,
                code: r.get(3)?,
                local: is_local(&series),
                series,
                party: r.get(5)?,
                era: r.get(6)?,
                issuer: r.get(7)?,
                issuer_key: r.get(8)?,
                date: r.get(9)?,
                title: r.get(10)?,
                members: Vec::new(),
                seen: memo.seen,
                closed: false,
            };
            Ok(Some((r.get(0)?, cl, memo.last)))
        },
    )?;
    let Some(rows) = rows.into_iter().collect::<Option<Vec<_>>>() else { return Ok(false) };
    let Some(mut last) = rows.iter().map(|(_, _, l)| l).max().cloned() else { return Ok(false) };
    let (mut ids, mut clusters): (Vec<Option<i64>>, Vec<DirCluster>) = rows.into_iter().map(|(id, cl, _)| (Some(id), cl)).unzip();
    let mut cites = Vec::with_capacity(written.len());
    for &id in written {
        cites.extend(citations(db, "m.id = ?1", args![id])?);
    }
    cites.sort_by(|a, b| (&a.pos, a.id).cmp(&(&b.pos, b.id)));
    let fresh = |c: &Citation| c.pin.is_none() && c.directive.is_none() && c.rule == "new";
    if cites.len() != written.len() || !cites.iter().all(fresh) {
        return Ok(false);
    }
    let mut outcome: Outcome = Vec::with_capacity(cites.len());
    for (i, c) in cites.iter().enumerate() {
        if c.pos > last {
            outcome.push(place_citation(&mut clusters, c, i));
            last = c.pos.clone();
            continue;
        }
        // The directives as this citation's place saw them (`index`: each one's own index).
        let (index, mut then): (Vec<usize>, Vec<DirCluster>) = clusters.iter().enumerate().filter_map(|(ci, cl)| Some((ci, cl.as_at(&c.pos)?))).unzip();
        let known = then.len();
        let (joined, rule, candidates) = place_citation(&mut then, c, i);
        match joined {
            None => outcome.push((None, rule, candidates.iter().map(|&j| index[j]).collect())),
            Some(j) if j < known && clusters[index[j]].as_at(&c.pos).is_some_and(|before| before.knows() == then[j].knows()) => {
                outcome.push((Some(index[j]), rule, Vec::new()));
            }
            // A new directive, or one that learnt something: the citations after it may see
            // another register.
            Some(_) => return Ok(false),
        }
    }
    ids.resize(clusters.len(), None);
    let row_of = write_directives(db, number_key, kind_key, &clusters, &ids, Some(&last))?;
    write_citations(db, &cites, &outcome, &row_of, &HashMap::new())?;
    Ok(true)
}

/// Writes the directives of one number and kind: a cluster with an id updates its row where a
/// value changed, one without is inserted. `last`: where the number's last citation stands, for
/// the memos (None: no memo). Returns each cluster's row id.
fn write_directives(db: Db<'_>, number_key: &str, kind_key: &str, clusters: &[DirCluster], ids: &[Option<i64>], last: Option<&Pos>) -> Result<Vec<i64>> {
    let mut row_of = Vec::with_capacity(clusters.len());
    for (cl, id) in clusters.iter().zip(ids) {
        let memo = last.map(|l| json(&CiteMemo { last: l.clone(), seen: cl.seen.clone() })).transpose()?;
        let values = args![
            cl.kind, cl.number, cl.code, number_key, kind_key, cl.series, cl.party, cl.era, cl.issuer, cl.issuer_key, cl.date, cl.title, memo
        ];
        let did = match *id {
            Some(did) => {
                let mut v: Vec<Arg<'_>> = values.to_vec();
                v.push(Arg::Int(did));
                db.queue(
                    "UPDATE directives SET kind = ?1, number = ?2, code = ?3, number_key = ?4, kind_key = ?5, series = ?6, party = ?7,
                     era = ?8, issuer = ?9, issuer_key = ?10, date = ?11, title = ?12, memo = ?13 WHERE id = ?14
                     AND (kind IS DISTINCT FROM ?1 OR number IS DISTINCT FROM ?2 OR code IS DISTINCT FROM ?3 OR number_key IS DISTINCT FROM ?4
                       OR kind_key IS DISTINCT FROM ?5 OR series IS DISTINCT FROM ?6 OR party IS DISTINCT FROM ?7 OR era IS DISTINCT FROM ?8
                       OR issuer IS DISTINCT FROM ?9 OR issuer_key IS DISTINCT FROM ?10 OR date IS DISTINCT FROM ?11 OR title IS DISTINCT FROM ?12
                       OR memo IS DISTINCT FROM ?13)",
                    &v,
                )?;
                did
            }
            None => db.one(
                "INSERT INTO directives (kind, number, code, number_key, kind_key, series, party, era, issuer, issuer_key, date, title, memo)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13) RETURNING id",
                values,
            )?,
        };
        row_of.push(did);
    }
    Ok(row_of)
}

/// Writes where each citation now belongs (`outcome`, clusters as `row_of` numbers them), and
/// the candidates of an ambiguous one; `had`: the candidates the ambiguous ones had.
fn write_citations(db: Db<'_>, cites: &[Citation], outcome: &Outcome, row_of: &[i64], had: &HashMap<i64, BTreeSet<i64>>) -> Result<()> {
    for (c, (cluster, rule, candidates)) in cites.iter().zip(outcome) {
        let did = cluster.map(|ci| row_of[ci]);
        // A citation resolved as before is left as it is: its further mentions and the tasks
        // citing it already follow its directive (none while it is ambiguous), and it keeps its
        // candidates. A common directive is cited in most batches: writing all its citations
        // again each time would grow a batch's writes with the register.
        if did == c.directive && *rule == c.rule {
            let same = match *rule {
                "ambiguous" => had.get(&c.id).is_some_and(|old| old.len() == candidates.len() && candidates.iter().all(|&ci| old.contains(&row_of[ci]))),
                // A citation the batch brought has none yet; a resolved one has no candidates.
                _ => did.is_some(),
            };
            if same {
                continue;
            }
        }
        db.queue("UPDATE directive_mentions SET directive = ?2, rule = ?3 WHERE id = ?1", args![c.id, did, rule])?;
        db.queue("UPDATE directive_mentions SET directive = ?2 WHERE primary_id = ?1", args![c.id, did])?;
        db.queue("UPDATE task_refs SET directive = ?2 WHERE mention = ?1", args![c.id, did])?;
        db.queue("DELETE FROM directive_candidates WHERE mention = ?1", args![c.id])?;
        for &ci in candidates {
            db.queue("INSERT INTO directive_candidates (mention, directive) VALUES (?1, ?2) ON CONFLICT DO NOTHING", args![c.id, row_of[ci]])?;
        }
    }
    Ok(())
}

// ---- Organisations ----

/// Names an organisation to which the batch added mentions (none deleted) without reading them
/// all (a common organisation has tens of thousands): its name is the spelling of its first
/// mention in the canonical order, whose place its row keeps (schema 12), so the first mention
/// now is that one or the batch's earliest. False when the row does not say (written before
/// schema 12): [`resolve_org`] then reads them all.
fn named_first(db: Db<'_>, key: &str, at: &Pos, name: &str) -> Result<bool> {
    let first: Option<Option<String>> = db.row_opt("SELECT first_at FROM orgs WHERE key = ?1", args![key], |r| r.get(0))?;
    let Some(first) = first.flatten().and_then(|f| serde_json::from_str::<Pos>(&f).ok()) else {
        return Ok(false);
    };
    if *at < first {
        db.queue("UPDATE orgs SET name = ?2, ascii = ?3, first_at = ?4 WHERE key = ?1", args![key, name, ascii_fold(name), json(at)?])?;
    }
    Ok(true)
}

/// Names an organisation by its first spelling in the canonical order; deletes it when no
/// mention is left.
fn resolve_org(db: Db<'_>, key: &str) -> Result<()> {
    let first: Option<(String, i64, Option<String>, String)> = db.row_opt(
        &format!(
            "SELECT m.name, m.start, d.date, d.ext_id FROM org_mentions m JOIN orgs o ON o.id = m.org JOIN documents d ON d.id = m.doc
             WHERE o.key = ?1 AND m.name IS NOT NULL ORDER BY {DOC_ORDER}, m.start LIMIT 1"
        ),
        args![key],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    match first {
        Some((name, start, date, ext_id)) => {
            let at = json(&Pos::new(date.as_deref(), &ext_id, start))?;
            db.queue(
                "UPDATE orgs SET name = ?2, ascii = ?3, first_at = ?4 WHERE key = ?1
                 AND (name IS DISTINCT FROM ?2 OR ascii IS DISTINCT FROM ?3 OR first_at IS DISTINCT FROM ?4)",
                args![key, name, ascii_fold(&name), at],
            )?;
        }
        None => {
            db.queue("DELETE FROM orgs WHERE key = ?1 AND NOT EXISTS (SELECT 1 FROM org_mentions m WHERE m.org = orgs.id)", args![key])?;
        }
    }
    Ok(())
}

/// A memo as the register keeps it (JSON).
fn json(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| crate::error::StoreError::Invalid(format!("a resolver memo: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_round_trip() {
        for iso in ["2020-06-15", "XXXX-06-15", "2020-08", "XXXX-08", "2020"] {
            assert_eq!(partial_date(iso).and_then(|d| d.iso()).as_deref(), Some(iso));
        }
        assert_eq!(partial_date(""), None);
    }

    #[test]
    fn ids_are_reused_once() {
        let s = |v: &[i64]| v.iter().copied().collect::<BTreeSet<i64>>();
        assert_eq!(reuse_ids(&[s(&[5, 9]), s(&[5]), s(&[]), s(&[9, 12])]), vec![Some(5), None, None, Some(9)]);
    }
}
