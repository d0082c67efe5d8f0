//! Writing documents and their facts (one transaction per [`Batch`]).

use chidao_extract::Extraction;
use chidao_text::ascii_fold::ascii_fold;
use chidao_text::{Document, Span, ZoneKind};
use crate::db::{Arg, Db, ToArg, Tx, args};

use crate::codes;
use crate::error::Result;
use crate::minhash::{self, Signature};
use crate::resolve::{self, Pos, Touched, Written};
use crate::{dates, people};

/// What [`Batch::put`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PutOutcome {
    /// The document's row id.
    pub doc: i64,
    /// It replaced an earlier version (same id, other content).
    pub updated: bool,
    /// It was stored already with the same content: nothing was written.
    pub unchanged: bool,
    /// It is a near-duplicate of this (earlier) document: its facts are stored but not counted.
    pub duplicate_of: Option<i64>,
    /// Fact rows written (people, roles, cited documents, events, tasks, figures, organisations).
    pub facts: usize,
}

/// A transaction over the register: call [`Batch::needs_write`] and [`Batch::put`] per document,
/// then [`Batch::commit`]. Dropping a batch without committing rolls it back.
pub struct Batch<'c> {
    tx: Tx<'c>,
    now: String,
    reextract: bool,
    /// The entity keys this batch touched: resolved again when it commits.
    touched: Touched,
    /// Full-text rows deleted (documents, facts): counted toward a rebuild of the index.
    fts_deleted: (i64, i64),
    /// Full-text rows to write, in the order of their row ids (see [`Batch::flush_search`]).
    fts_pending: Vec<FtsRow>,
    /// PostgreSQL: the facts of the document being written, written together at its end.
    pg_facts: crate::search_index::PendingFacts,
    /// The search file's upkeep: a bulk ingest's thread is handed `deferred` once the batch has
    /// committed; without one the batch writes the search file itself (see `search_file`).
    search: &'c mut crate::search_file::Upkeep,
    /// The documents' rows for the search file's thread, numbered in the queue.
    deferred: Vec<crate::search_file::Work>,
    /// The first and last numbers this batch took in the search file's queue.
    queued: Option<crate::search_file::Numbers>,
}

/// A row of a full-text index not written yet.
enum FtsRow {
    /// `doc_fts`: the document's row id and text, and its folded text and pairs when computed.
    Doc(i64, String, Option<crate::SearchText>),
    /// `doc_fts`: the row of a document whose text is replaced, deleted.
    Unindex(i64),
    /// `fact_fts`: the fact's row id, text and kind.
    Fact(i64, String, &'static str),
}

/// Writes a document's signature bands (`doc_bands`), numbered as SQLite numbers rows (one more
/// than the largest): a statement a band on SQLite, one for all on PostgreSQL. They go to the
/// index of recent bands (schema 13, see [`merge_bands`]).
fn put_bands(db: Db<'_>, doc: i64, bands: Vec<i64>) -> Result<()> {
    if db.is_pg() {
        return db.queue(
            "INSERT INTO doc_bands (rowid, band, doc, merged)
             SELECT (SELECT coalesce(max(rowid), 0) FROM doc_bands) + u.o, u.band, ?2, 0 FROM unnest(CAST(?1 AS bigint[])) WITH ORDINALITY AS u(band, o)",
            &[Arg::Ints(bands), Arg::Int(doc)],
        );
    }
    for b in bands {
        db.queue("INSERT INTO doc_bands (band, doc, merged) VALUES (?1, ?2, 0)", args![b, doc])?;
    }
    Ok(())
}

/// The other documents of a band in one of the two indexes (`merged` is the partial index's
/// condition, given last): `?1`–`?20` are a document's bands, `?21` the document.
macro_rules! others_in_bands {
    ($merged:literal) => {
        concat!(
            "SELECT doc FROM doc_bands WHERE band IN (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20) AND doc <> ?21 AND merged = ",
            $merged
        )
    };
}

/// The documents sharing a band with a document, with their signatures and external ids: both
/// indexes of bands are read (see [`merge_bands`]).
const SHARING_A_BAND: &str = concat!(
    "SELECT s.doc, s.sig, d.ext_id FROM (",
    others_in_bands!("1"),
    " UNION ",
    others_in_bands!("0"),
    ") b JOIN doc_sigs s ON s.doc = b.doc JOIN documents d ON d.id = b.doc"
);

/// When the index of recent bands holds this many rows (about 20,000 documents' bands), a
/// batch moves them to the large index. A batch's bands dirty the pages of the small index they
/// fall on, up to all of them (about 1,600 at this size: 1,556 measured); a move rewrites the
/// large index's pages once (about 94,000 at a million documents: 105,013 measured at
/// 1,120,000). Per document that is 3 pages at most for the one and about 5 for the other,
/// against the 20 (one a band) of a single index at that size.
pub(crate) const BANDS_MERGED_AT: i64 = 400_000;

/// Moves the recent bands to the large index once there are [`BANDS_MERGED_AT`] of them: in the
/// order of the small index (by band), so that the large one's pages are written in order, each
/// once. Which index holds a band changes no look-up (both are read).
///
/// On SQLite the statement is `UPDATE OR FAIL`: nothing in it can fail (the column is set to a
/// constant and is no key), and a statement that cannot be undone alone keeps no statement
/// journal, which for this one held the former content of every page it wrote, in memory
/// (`temp_store`): 360 MB more at a million documents, measured.
fn merge_bands(db: Db<'_>) -> Result<()> {
    let recent: i64 = db.one("SELECT count(*) FROM (SELECT 1 FROM doc_bands WHERE merged = 0 LIMIT ?1) r", args![BANDS_MERGED_AT])?;
    if recent >= BANDS_MERGED_AT {
        let or_fail = if db.is_pg() { "" } else { " OR FAIL" };
        db.exec(&format!("UPDATE{or_fail} doc_bands SET merged = 1 WHERE merged = 0"), args![])?;
    }
    Ok(())
}

fn iso(d: Option<chidao_extract::date::PartialDate>) -> Option<String> {
    d.and_then(|d| d.iso())
}

fn span_params(s: Span) -> (i64, i64) {
    (s.start as i64, s.end as i64)
}

impl<'c> Batch<'c> {
    pub(crate) fn new(tx: Tx<'c>, search: &'c mut crate::search_file::Upkeep) -> Result<Batch<'c>> {
        Ok(Batch {
            tx,
            now: dates::now(),
            reextract: false,
            touched: Touched::default(),
            fts_deleted: (0, 0),
            fts_pending: Vec::new(),
            pg_facts: Default::default(),
            search,
            deferred: Vec::new(),
            queued: None,
        })
    }

    /// Re-extracts documents stored with the same content too (after an upgrade of the
    /// extractor): their machine facts are replaced; the user's corrections and task statuses,
    /// kept apart, stay.
    pub fn reextract(&mut self, yes: bool) {
        self.reextract = yes;
    }

    /// The transaction (for the other modules' writes).
    pub(crate) fn db(&self) -> Db<'_> {
        self.tx.db()
    }

    /// Resolves the entities of every key the batch touched (see [`crate::resolve`]) and commits.
    pub fn commit(mut self) -> Result<()> {
        merge_bands(self.tx.db())?;
        resolve::resolve(self.tx.db(), &self.touched)?;
        self.flush_search()?;
        if self.fts_deleted != (0, 0) {
            crate::search_index::count_deleted(self.tx.db(), self.fts_deleted)?;
        }
        if !self.tx.db().is_pg() {
            // The numbers known written are forgotten (this batch's own, written inline, only by
            // the next: the search file commits after the register).
            self.search.forget_written(self.tx.db())?;
            if let (None, Some((_, last))) = (&self.search.thread, self.queued) {
                crate::search_file::set_applied(self.tx.db(), last)?;
            }
        }
        self.tx.commit()?;
        match (&mut self.search.thread, self.queued) {
            (Some(t), _) => t.send(std::mem::take(&mut self.deferred))?,
            (None, Some(numbers)) => self.search.written.push(numbers),
            (None, None) => {}
        }
        Ok(())
    }

    /// Writes the pending full-text rows, one after another. FTS5 gathers the terms of the rows
    /// written in a transaction and writes them as one segment, but flushes what it has gathered
    /// whenever another statement of the transaction opens a savepoint, which (with foreign keys
    /// on) nearly every insert does: written with their document, the rows made a segment per
    /// document and the merging of thousands of tiny segments. Row ids and texts are those the
    /// rows would have had; only the index's layout on disk differs.
    fn flush_search(&mut self) -> Result<()> {
        if self.fts_pending.is_empty() {
            return Ok(());
        }
        let db = self.tx.db();
        for row in self.fts_pending.drain(..) {
            // A document's row: its text and search text, or none (deleted).
            let (id, row) = match row {
                FtsRow::Fact(id, text, kind) => {
                    crate::search_index::index_fact(db, id, &text, kind)?;
                    continue;
                }
                FtsRow::Doc(id, text, search) => (id, Some((text, search))),
                FtsRow::Unindex(id) => (id, None),
            };
            if db.is_pg() {
                // PostgreSQL's index is in the register: written in the batch's transaction.
                match &row {
                    Some((text, search)) => crate::search_index::index_document(db, id, text, search.as_ref())?,
                    None => crate::search_index::unindex_document(db, id)?,
                }
                continue;
            }
            let seq = crate::search_file::enqueue(db, id, row.is_some())?;
            self.queued = Some((self.queued.map_or(seq, |q| q.0), seq));
            match self.search.thread {
                Some(_) => self.deferred.push((seq, id, row)),
                None => crate::search_file::write(db, id, row.as_ref())?,
            }
        }
        Ok(())
    }

    /// False when a document with this id and content hash is already stored (nothing to do).
    pub fn needs_write(&self, id: &str, hash: [u8; 16]) -> Result<bool> {
        if self.reextract {
            return Ok(true);
        }
        Ok(self.stored(id)?.is_none_or(|(_, old)| old[..] != hash[..]))
    }

    /// The row and content hash of a stored document.
    pub(crate) fn stored(&self, id: &str) -> Result<Option<(i64, Vec<u8>)>> {
        self.db().row_opt("SELECT id, hash FROM documents WHERE ext_id = ?1", args![id], |r| Ok((r.get(0)?, r.get(1)?)))
    }

    /// Stores a document (new, or replacing the version with the same id) with its facts, links it
    /// to the earliest near-duplicate, and merges its facts into the register.
    pub fn put(&mut self, doc: &Document, hash: [u8; 16], sig: Option<&Signature>, x: &Extraction<'_>) -> Result<PutOutcome> {
        self.put_with(doc, hash, sig, None, x)
    }

    /// [`Batch::put`] with the document's [`crate::SearchText`] computed already (by the threads
    /// that prepare documents, so that the writer does not fold texts).
    pub fn put_with(
        &mut self,
        doc: &Document,
        hash: [u8; 16],
        sig: Option<&Signature>,
        search: Option<crate::SearchText>,
        x: &Extraction<'_>,
    ) -> Result<PutOutcome> {
        let meta = &x.meta;
        let date = iso(meta.date.or(meta.published));
        let headline = doc.zone(ZoneKind::Headline).map(|z| doc.slice(z.span).to_string());
        let old = self.stored(&doc.id)?;
        let mut out = PutOutcome::default();
        if let Some((id, h)) = &old
            && h[..] == hash[..]
            && !self.reextract {
                // Stored meanwhile (the same document twice in one run): nothing to do.
                out.doc = *id;
                out.unchanged = true;
                return Ok(out);
            }
        // Re-extraction of the same text keeps what depends on the text alone (its search index,
        // its signature): rewriting them changes nothing but the index's history.
        let same_text = old.as_ref().is_some_and(|(_, h)| h[..] == hash[..]);
        let id = match old.map(|o| o.0) {
            Some(id) => {
                self.delete_facts(id, same_text)?;
                self.db().queue(
                    "UPDATE documents SET hash=?2, headline=?3, date=?4, published=?5, source=?6, author=?7,
                     dup_of=NULL, similarity=NULL, ingested_at=?8, url=?9 WHERE id=?1",
                    args![id, &hash[..], headline, date, iso(meta.published), meta.source, meta.author, self.now, doc.info.url],
                )?;
                out.updated = true;
                id
            }
            None => {
                self.db().one(
                    "INSERT INTO documents (ext_id, hash, headline, date, published, source, author, ingested_at, url)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                    args![doc.id, &hash[..], headline, date, iso(meta.published), meta.source, meta.author, self.now, doc.info.url],
                )?
            }
        };
        out.doc = id;
        if !same_text {
            self.db().queue("INSERT INTO doc_texts (doc, text) VALUES (?1, ?2) ON CONFLICT (doc) DO UPDATE SET text = excluded.text", args![id, doc.text])?;
            self.fts_pending.push(FtsRow::Doc(id, doc.text.clone(), search));
            if let Some(sig) = sig {
                self.db().queue("INSERT INTO doc_sigs (doc, sig) VALUES (?1, ?2)", args![id, sig.to_bytes()])?;
                put_bands(self.db(), id, sig.bands())?;
            }
        }
        out.facts = self.put_facts(id, doc, x, date.as_deref())?;
        if out.updated {
            // Copies of the old version may no longer be copies.
            let copies: Vec<i64> = self.db().rows("SELECT id FROM documents WHERE dup_of = ?1 ORDER BY date IS NULL, date, ext_id", args![id], |r| r.get(0))?;
            self.db().queue("UPDATE documents SET dup_of = NULL, similarity = NULL WHERE dup_of = ?1", args![id])?;
            for c in copies {
                self.link_duplicate(c, None)?;
            }
        }
        // A new text's signature is at hand; an unchanged one's is read back.
        let own = if same_text { None } else { sig };
        out.duplicate_of = self.link_duplicate(id, own)?;
        Ok(out)
    }

    /// Finds the best near-duplicate of a stored document among the others and links the pair so
    /// that the earlier (by date, then by ingest order) is the original. Returns the original when
    /// `id` is the copy.
    fn link_duplicate(&mut self, id: i64, known: Option<&Signature>) -> Result<Option<i64>> {
        let read;
        let sig = match known {
            Some(s) => s,
            None => {
                let bytes: Option<Vec<u8>> = self.db().row_opt("SELECT sig FROM doc_sigs WHERE doc = ?1", args![id], |r| r.get(0))?;
                let Some(s) = bytes.as_deref().and_then(Signature::from_bytes) else { return Ok(None) };
                read = s;
                &read
            }
        };
        let bands = sig.bands();
        let mut best: Option<(f64, i64, String)> = None;
        {
            debug_assert_eq!(bands.len(), minhash::BANDS);
            let mut p: Vec<Arg<'_>> = bands.iter().map(|b| b.to_arg()).collect();
            p.push(Arg::Int(id));
            let candidates: Vec<(i64, Vec<u8>, String)> = self.db().rows(
                SHARING_A_BAND,
                &p,
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            for (other, bytes, ext) in candidates {
                if let Some(o) = Signature::from_bytes(&bytes) {
                    let s = sig.similarity(&o);
                    // Ties go to the smaller external id, whatever the order of ingest.
                    if s >= minhash::THRESHOLD && best.as_ref().is_none_or(|(bs, _, bext)| s > *bs || (s == *bs && ext < *bext)) {
                        best = Some((s, other, ext));
                    }
                }
            }
        }
        let Some((sim, other, _)) = best else { return Ok(None) };
        // The original of the group the match belongs to.
        let root: i64 = self.db().one("SELECT COALESCE(dup_of, id) FROM documents WHERE id = ?1", args![other])?;
        if root == id {
            return Ok(None);
        }
        let earlier = |db: Db<'_>, a: i64, b: i64| -> Result<bool> {
            // a strictly earlier than b: known dates first, then the smaller external id (not the
            // order of ingest, so that the register does not depend on it).
            let row = |id: i64| -> Result<(Option<String>, String)> { db.row("SELECT date, ext_id FROM documents WHERE id = ?1", args![id], |r| Ok((r.get(0)?, r.get(1)?))) };
            let ((da, ea), (db, eb)) = (row(a)?, row(b)?);
            Ok(match (da, db) {
                (Some(x), Some(y)) if x != y && !x.starts_with('X') && !y.starts_with('X') => x < y,
                _ => ea < eb,
            })
        };
        let db = self.db();
        if earlier(db, id, root)? {
            // The new document is the original: the whole group now points at it.
            db.queue("UPDATE documents SET dup_of = ?1 WHERE dup_of = ?2", args![id, root])?;
            db.queue("UPDATE documents SET dup_of = ?1, similarity = ?3 WHERE id = ?2", args![id, root, sim])?;
            db.queue("UPDATE documents SET dup_of = NULL, similarity = NULL WHERE id = ?1", args![id])?;
            Ok(None)
        } else {
            db.queue("UPDATE documents SET dup_of = ?1, similarity = ?3 WHERE id = ?2", args![root, id, sim])?;
            Ok(Some(root))
        }
    }

    /// Removes a document's facts (before it is replaced); the keys they had are resolved again
    /// when the batch commits, which deletes the entities left without mentions.
    fn delete_facts(&mut self, id: i64, keep_text: bool) -> Result<()> {
        // The document may have been written earlier in this batch: its rows are in the index
        // before they are deleted from it, as they would have been row by row.
        self.flush_search()?;
        let db = self.tx.db();
        self.fts_deleted.1 += crate::search_index::forget_facts(db, id)?;
        if !keep_text {
            // Counted on SQLite only (`count_deleted`), as the facts.
            self.fts_pending.push(FtsRow::Unindex(id));
            self.fts_deleted.0 += 1;
        }
        if !keep_text {
            db.queue("DELETE FROM doc_bands WHERE doc = ?1", args![id])?;
            db.queue("DELETE FROM doc_sigs WHERE doc = ?1", args![id])?;
        }
        let strings = |sql: &str| -> Result<Vec<String>> { db.rows(sql, args![id], |r| r.get(0)) };
        for key in strings("SELECT DISTINCT key FROM person_mentions WHERE doc = ?1 AND key IS NOT NULL")? {
            self.touched.persons.entry(key.clone()).or_default();
            self.touched.persons_full.insert(key);
        }
        let orgs = strings("SELECT DISTINCT o.key FROM org_mentions m JOIN orgs o ON o.id = m.org WHERE m.doc = ?1")?;
        self.touched.orgs_full.extend(orgs.iter().cloned());
        self.touched.orgs.extend(orgs);
        self.touched.event_keys.extend(strings("SELECT DISTINCT key FROM event_mentions WHERE doc = ?1 AND key IS NOT NULL")?);
        let pairs: Vec<(String, String)> =
            db.rows("SELECT DISTINCT number_key, kind_key FROM directive_mentions WHERE doc = ?1 AND number_key IS NOT NULL", args![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for key in pairs {
            self.touched.directives.entry(key.clone()).or_default();
            self.touched.directives_full.insert(key);
        }
        let events: Vec<i64> = db.rows("SELECT DISTINCT event FROM event_mentions WHERE doc=?1", args![id], |r| r.get(0))?;
        db.batch(&format!(
            "DELETE FROM facts WHERE doc={id};
             DELETE FROM org_mentions WHERE doc={id};
             DELETE FROM org_aliases WHERE doc={id};
             DELETE FROM person_mentions WHERE doc={id};
             DELETE FROM person_roles WHERE doc={id};
             DELETE FROM doc_relations WHERE doc={id};
             DELETE FROM doc_headers WHERE doc={id};
             DELETE FROM directive_candidates WHERE mention IN (SELECT id FROM directive_mentions WHERE doc={id});
             DELETE FROM task_refs WHERE task IN (SELECT id FROM tasks WHERE doc={id});
             DELETE FROM directive_mentions WHERE doc={id};
             DELETE FROM event_mentions WHERE doc={id};
             DELETE FROM tasks WHERE doc={id};
             DELETE FROM figures WHERE doc={id};"
        ))?;
        // Events of this document alone (keyed ones are resolved with their key).
        for e in events {
            db.queue("DELETE FROM events WHERE id=?1 AND NOT EXISTS (SELECT 1 FROM event_mentions WHERE event=?1)", args![e])?;
        }
        Ok(())
    }

    fn fact(&mut self, kind: &'static str, doc: i64, span: Span, text: &str) -> Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let (s, e) = span_params(span);
        if let Some(rowid) = crate::search_index::put_fact(self.tx.db(), &mut self.pg_facts, kind, doc, (s, e), text)? {
            self.fts_pending.push(FtsRow::Fact(rowid, text.to_string(), kind));
        }
        Ok(())
    }

    /// Writes a header (`doc_headers`) with its own entry among the citations, and the relations
    /// (`doc_relations`) to the citations `mention_ids` stored. Returns the rows written.
    fn put_header(
        &self,
        id: i64,
        h: &chidao_extract::header::Header,
        docrefs: &[chidao_extract::docref::DocRef],
        mention_ids: &[i64],
        relations: &[chidao_extract::relation::Relation],
    ) -> Result<usize> {
        let own = h.own_entry().filter(|&i| i < docrefs.len()).and_then(|i| mention_ids.get(i)).copied();
        let json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let s = h.signer.as_ref();
        self.db().queue("INSERT INTO doc_headers (doc, kind, number, code, issuer, superior, place, date, subject, excerpt, urgency, security,
                 signer_name, signer_title, signer_rank, signer_forms, recipients, own_mention)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)", args![
                id,
                h.kind,
                h.number,
                h.code,
                h.issuer,
                h.superior,
                h.place,
                iso(h.date),
                h.subject,
                h.excerpt,
                h.urgency,
                h.security,
                s.and_then(|s| s.name.clone()),
                s.and_then(|s| s.title.clone()),
                s.and_then(|s| s.rank.clone()),
                json(s.map_or(&[][..], |s| &s.forms[..])),
                json(&h.recipients),
                own,
            ])?;
        let ins = "INSERT INTO doc_relations (doc, mention, relation, start, \"end\") VALUES (?1,?2,?3,?4,?5)";
        let mut n = 1;
        for r in relations {
            if let Some(m) = mention_ids.get(r.target) {
                let (s, e) = span_params(r.cue);
                self.db().queue(ins, args![id, m, r.kind.code(), s, e])?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn put_facts(&mut self, id: i64, doc: &Document, x: &Extraction<'_>, date: Option<&str>) -> Result<usize> {
        let mut n = 0usize;
        // What a document that failed half-way left is not this one's.
        self.pg_facts = Default::default();
        let valid = |s: Span| s.start <= s.end && s.end <= doc.text.len() && doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end);
        let first = |m: &[Span]| m.iter().copied().find(|s| valid(*s)).unwrap_or_default();

        // Organisations: one entity per folded name; aliases kept per document.
        for o in &x.orgs {
            let key = chidao_text::fold(o.name.trim());
            if key.is_empty() {
                continue;
            }
            // Looked up first: an insert that conflicts would use up an id on PostgreSQL.
            let org: i64 = match self.db().row_opt("SELECT id FROM orgs WHERE key = ?1", args![key], |r| r.get(0))? {
                Some(org) => org,
                None => {
                    self.touched.orgs_full.insert(key.clone());
                    self.db().one("INSERT INTO orgs (name, key, ascii) VALUES (?1, ?2, ?3) RETURNING id", args![o.name.trim(), key, ascii_fold(o.name.trim())])?
                }
            };
            if let Some(first) = o.mentions.iter().filter(|m| valid(**m)).map(|m| m.start).min() {
                let at = Pos::new(date, &doc.id, first as i64);
                if self.touched.org_first.get(&key).is_none_or(|(earlier, _)| at < *earlier) {
                    self.touched.org_first.insert(key.clone(), (at, o.name.trim().to_string()));
                }
            }
            self.touched.orgs.insert(key.clone());
            for a in &o.aliases {
                let ak = chidao_text::fold(a.trim());
                if !ak.is_empty() && ak != key {
                    self.db().queue("INSERT INTO org_aliases (org, alias, key, ascii, doc) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", args![org, a.trim(), ak, ascii_fold(a.trim()), id])?;
                }
            }
            let ins = "INSERT INTO org_mentions (org, doc, start, \"end\", name) VALUES (?1, ?2, ?3, ?4, ?5)";
            for m in o.mentions.iter().filter(|m| valid(**m)) {
                let (s, e) = span_params(*m);
                self.db().queue(ins, args![org, id, s, e, o.name.trim()])?;
                n += 1;
            }
            let text = std::iter::once(o.name.as_str()).chain(o.aliases.iter().map(String::as_str)).collect::<Vec<_>>().join(" · ");
            self.fact("org", id, first(&o.mentions), &text)?;
        }

        // People: each occurrence under a provisional person of its own; the batch's resolution
        // merges them by name and compatible roles (see resolve.rs and people.rs).
        for (occ, p) in x.people.iter().enumerate() {
            let name = p.name.trim();
            let key = chidao_text::fold(name);
            if key.is_empty() {
                continue;
            }
            let pid: i64 = self.db().one("INSERT INTO persons (name, key, ascii, rank) VALUES (?1, ?2, ?3, ?4) RETURNING id", args![name, key, ascii_fold(name), p.rank])?;
            let occ = occ as i64;
            let ins = "INSERT INTO person_mentions (person, doc, start, \"end\", name, rank, rule, evidence, key, occ) VALUES (?1,?2,?3,?4,?5,?6,'new',NULL,?7,?8)";
            for m in p.mentions.iter().filter(|m| valid(**m)) {
                let (s, e) = span_params(*m);
                self.db().queue(ins, args![pid, id, s, e, name, p.rank, key, occ])?;
                n += 1;
            }
            if p.mentions.iter().all(|m| !valid(*m)) {
                self.db().queue(ins, args![pid, id, 0, 0, name, p.rank, key, occ])?;
            }
            let ins = "INSERT INTO person_roles (person, doc, role, key, org, start, \"end\", date, occ) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)";
            let mut roles = Vec::new();
            for r in &p.roles {
                let role = r.text.trim();
                if role.is_empty() {
                    continue;
                }
                let (s, e) = if valid(r.span) { span_params(r.span) } else { (0, 0) };
                self.db().queue(ins, args![pid, id, role, chidao_text::fold(role), people::org_of_role(role), s, e, date, occ])?;
                roles.push(role);
                n += 1;
            }
            // What the resolver reads of this occurrence, as the rows just written say it.
            let written = Written {
                doc: id,
                at: Pos::new(date, &doc.id, occ),
                name: name.to_string(),
                rank: p.rank.clone(),
                person: pid,
                words: people::distinctive_words(roles),
            };
            self.touched.persons.entry(key).or_default().push(written);
            let mut text = String::new();
            if let Some(r) = &p.rank {
                text.push_str(r);
                text.push(' ');
            }
            text.push_str(name);
            for r in &p.roles {
                text.push_str(", ");
                text.push_str(&r.text);
            }
            self.fact("person", id, first(&p.mentions), &text)?;
        }

        // Cited documents: the citations, resolved when the batch commits (see resolve.rs).
        let mut mention_ids: Vec<i64> = Vec::with_capacity(x.docrefs.len());
        for d in &x.docrefs {
            let key = codes::key_of(&d.kind, &d.number, d.code.as_deref(), d.issuer.as_deref(), d.date);
            let span = first(&d.mentions);
            let (s, e) = span_params(span);
            let mention: i64 = self.db().one("INSERT INTO directive_mentions (directive, doc, start, \"end\", kind, number, code, issuer, date, title, rule, number_key, kind_key)
                     VALUES (NULL,?1,?2,?3,?4,?5,?6,?7,?8,?9,'new',?10,?11) RETURNING id", args![id, s, e, d.kind, d.number, key.code, d.issuer, iso(d.date), d.title, key.number, key.kind])?;
            n += 1;
            // Further mentions of the same document in this text.
            let ins = "INSERT INTO directive_mentions (directive, doc, start, \"end\", kind, number, code, issuer, date, title, rule, number_key, kind_key, primary_id)
                 VALUES (NULL,?1,?2,?3,?4,?5,?6,NULL,NULL,NULL,'same_text',?7,?8,?9)";
            for m in d.mentions.iter().filter(|m| valid(**m) && **m != span) {
                let (s, e) = span_params(*m);
                self.db().queue(ins, args![id, s, e, d.kind, d.number, key.code, key.number, key.kind, mention])?;
            }
            self.touched.directives.entry((key.number.clone(), key.kind.clone())).or_default().push(mention);
            mention_ids.push(mention);
            let mut text = format!("{} {}", d.kind, d.code.as_deref().unwrap_or(&d.number));
            for extra in [&d.issuer, &d.title].into_iter().flatten() {
                text.push_str(" · ");
                text.push_str(extra);
            }
            self.fact("directive", id, span, &text)?;
        }

        // An official document's own header, and what it implements or rests on.
        if let Some(h) = &x.header {
            n += self.put_header(id, h, &x.docrefs, &mention_ids, &chidao_extract::relation::of(x))?;
        }

        // Events: each mention under a provisional event of its own; the batch's resolution
        // makes the meetings of one kind, day and chair one event (see resolve.rs).
        for ev in &x.events {
            let chair_occ = ev.chair.filter(|&i| x.people.get(i).is_some_and(|p| !chidao_text::fold(p.name.trim()).is_empty())).map(|i| i as i64);
            let eid: i64 = self.db().one("INSERT INTO events (kind, date, chair, place, key) VALUES (?1,?2,NULL,?3,NULL) RETURNING id", args![ev.kind, ev.date.iso(), ev.place])?;
            let span = if valid(ev.span) { ev.span } else { Span::default() };
            let dspan = if valid(ev.date_span) { ev.date_span } else { Span::default() };
            self.db().queue("INSERT INTO event_mentions (event, doc, start, \"end\", date_start, date_end, kind, date, place, chair_occ)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", args![eid, id, span.start as i64, span.end as i64, dspan.start as i64, dspan.end as i64, ev.kind, ev.date.iso(), ev.place, chair_occ])?;
            n += 1;
            let mut text = format!("{} {}", ev.kind, ev.date.iso().unwrap_or_default());
            if let Some(p) = &ev.place {
                text.push_str(" · ");
                text.push_str(p);
            }
            if let Some(c) = ev.chair.and_then(|i| x.people.get(i)) {
                text.push_str(" · ");
                text.push_str(&c.name);
            }
            self.fact("event", id, span, &text)?;
        }
        if !x.events.is_empty() {
            self.touched.event_docs.insert(id);
        }

        // Tasks, with a key that survives re-ingest (it joins the user's status table). In an
        // official document, each task's recurring deadline, if its item states one.
        let details = x.header.as_ref().map(|h| chidao_extract::task::details(doc, h, &x.tasks)).unwrap_or_default();
        for (i, t) in x.tasks.iter().enumerate() {
            let recurrence = details.get(i).and_then(|d| d.recurrence.clone());
            let span = if valid(t.span) { t.span } else { Span::default() };
            let text = doc.slice(span).trim().to_string();
            let tkey = task_key(&doc.id, &text);
            let (s, e) = span_params(span);
            let tid: i64 = self.db().one("INSERT INTO tasks (key, doc, start, \"end\", kind, text, issuer, assignee, assignee_key, deadline, due, tier, confidence, reasons, recurrence)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15) RETURNING id", args![
                    tkey,
                    id,
                    s,
                    e,
                    match t.kind {
                        chidao_extract::task::TaskKind::Directive => "directive",
                        chidao_extract::task::TaskKind::Commitment => "commitment",
                    },
                    text,
                    t.issuer,
                    t.assignee,
                    t.assignee.as_deref().map(chidao_extract::unit::unit_key),
                    iso(t.deadline),
                    t.deadline.and_then(dates::due_date),
                    t.confidence.tier.code(),
                    if t.confidence.score.is_finite() { t.confidence.score } else { 0.0 },
                    serde_json::to_string(&t.confidence.reasons).unwrap_or_else(|_| "[]".into()),
                    recurrence,
                ])?;
            n += 1;
            let ins = "INSERT INTO task_refs (task, directive, ref, mention) VALUES (?1, NULL, ?2, ?3)";
            for &r in &t.refs {
                if let (Some(d), Some(m)) = (x.docrefs.get(r), mention_ids.get(r)) {
                    let label = d.code.clone().unwrap_or_else(|| format!("{} {}", d.kind, d.number));
                    self.db().queue(ins, args![tid, label, m])?;
                }
            }
            self.fact("task", id, span, &text)?;
        }

        // Figures.
        for f in &x.figures {
            let span = if valid(f.span) { f.span } else { Span::default() };
            let (s, e) = span_params(span);
            let value = if f.value.is_finite() { f.value } else { 0.0 };
            self.db().queue("INSERT INTO figures (doc, value, qualifier, unit, start, \"end\") VALUES (?1,?2,?3,?4,?5,?6)", args![id, value, f.qualifier, f.unit, s, e])?;
            n += 1;
            self.fact("figure", id, span, doc.slice(span))?;
        }
        crate::search_index::write_facts(self.tx.db(), &mut self.pg_facts)?;
        Ok(n)
    }
}

/// The stable id of a task: document id + folded text.
pub fn task_key(doc_id: &str, text: &str) -> String {
    let mut s = String::with_capacity(doc_id.len() + text.len() + 1);
    s.push_str(doc_id);
    s.push('\n');
    s.push_str(&chidao_text::fold(text));
    format!("{:012x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()) >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_bands_move_to_the_large_index_at_the_threshold() {
        let s = crate::Store::open_in_memory().unwrap();
        let c = s.connection();
        c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        let recent = |n: i64| {
            c.execute("DELETE FROM doc_bands", []).unwrap();
            c.execute(
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
                 INSERT INTO doc_bands (band, doc, merged) SELECT (i * 7919) % 1000003 - 500000, i / 20, 0 FROM k",
                [n],
            )
            .unwrap();
        };
        let merged = || -> (i64, i64) {
            c.query_row("SELECT count(*) FILTER (WHERE merged = 0), count(*) FILTER (WHERE merged = 1) FROM doc_bands", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
        };
        recent(BANDS_MERGED_AT - 1);
        merge_bands(s.db()).unwrap();
        assert_eq!(merged(), (BANDS_MERGED_AT - 1, 0), "below the threshold, the bands stay");
        recent(BANDS_MERGED_AT);
        merge_bands(s.db()).unwrap();
        assert_eq!(merged(), (0, BANDS_MERGED_AT), "at it, all move");
    }
}
