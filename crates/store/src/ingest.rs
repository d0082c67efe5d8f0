//! Writing documents and their facts (one transaction per [`Batch`]).

use chidao_extract::Extraction;
use chidao_text::ascii_fold::ascii_fold;
use chidao_text::{Document, Span, ZoneKind};
use rusqlite::{OptionalExtension, params};

use crate::db::{Db, Tx};

use crate::codes;
use crate::error::Result;
use crate::minhash::{self, Signature};
use crate::resolve::{self, Touched};
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
}

/// A row of a full-text index not written yet.
enum FtsRow {
    /// `doc_fts`: the document's row id and text, and its folded text and pairs when computed.
    Doc(i64, String, Option<crate::SearchText>),
    /// `fact_fts`: the fact's row id, text and kind.
    Fact(i64, String, &'static str),
}

fn iso(d: Option<chidao_extract::date::PartialDate>) -> Option<String> {
    d.and_then(|d| d.iso())
}

fn span_params(s: Span) -> (i64, i64) {
    (s.start as i64, s.end as i64)
}

impl<'c> Batch<'c> {
    pub(crate) fn new(tx: Tx<'c>) -> Result<Batch<'c>> {
        Ok(Batch { tx, now: dates::now(), reextract: false, touched: Touched::default(), fts_deleted: (0, 0), fts_pending: Vec::new() })
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
        resolve::resolve(self.tx.db().sqlite()?, &self.touched)?;
        self.flush_search()?;
        if self.fts_deleted != (0, 0) {
            crate::search_index::count_deleted(self.tx.db(), self.fts_deleted)?;
        }
        self.tx.commit()?;
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
        for row in self.fts_pending.drain(..) {
            match row {
                FtsRow::Doc(id, text, search) => crate::search_index::index_document(self.tx.db(), id, &text, search.as_ref())?,
                FtsRow::Fact(id, text, kind) => crate::search_index::index_fact(self.tx.db(), id, &text, kind)?,
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
        let mut st = self.tx.db().sqlite()?.prepare_cached("SELECT id, hash FROM documents WHERE ext_id = ?1")?;
        Ok(st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
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
        let old: Option<(i64, Vec<u8>)> = self
            .tx.db().sqlite()?
            .prepare_cached("SELECT id, hash FROM documents WHERE ext_id = ?1")?
            .query_row([&doc.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
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
                self.tx.db().sqlite()?.prepare_cached(
                    "UPDATE documents SET hash=?2, headline=?3, date=?4, published=?5, source=?6, author=?7,
                     dup_of=NULL, similarity=NULL, ingested_at=?8, url=?9 WHERE id=?1",
                )?
                .execute(params![
                    id, &hash[..], headline, date, iso(meta.published), meta.source, meta.author, self.now, doc.info.url
                ])?;
                out.updated = true;
                id
            }
            None => {
                self.tx.db().sqlite()?
                    .prepare_cached(
                        "INSERT INTO documents (ext_id, hash, headline, date, published, source, author, ingested_at, url)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )?
                    .execute(params![
                        doc.id, &hash[..], headline, date, iso(meta.published), meta.source, meta.author, self.now, doc.info.url
                    ])?;
                self.tx.db().sqlite()?.last_insert_rowid()
            }
        };
        out.doc = id;
        if !same_text {
            self.tx.db().sqlite()?
                .prepare_cached("INSERT OR REPLACE INTO doc_texts (doc, text) VALUES (?1, ?2)")?
                .execute(params![id, doc.text])?;
            self.fts_pending.push(FtsRow::Doc(id, doc.text.clone(), search));
            if let Some(sig) = sig {
                self.tx.db().sqlite()?.prepare_cached("INSERT INTO doc_sigs (doc, sig) VALUES (?1, ?2)")?.execute(params![id, sig.to_bytes()])?;
                let mut ins = self.tx.db().sqlite()?.prepare_cached("INSERT INTO doc_bands (band, doc) VALUES (?1, ?2)")?;
                for b in sig.bands() {
                    ins.execute(params![b, id])?;
                }
            }
        }
        out.facts = self.put_facts(id, doc, x, date.as_deref())?;
        if out.updated {
            // Copies of the old version may no longer be copies.
            let copies: Vec<i64> = self
                .tx.db().sqlite()?
                .prepare_cached("SELECT id FROM documents WHERE dup_of = ?1 ORDER BY date IS NULL, date, ext_id")?
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            self.tx.db().sqlite()?.execute("UPDATE documents SET dup_of = NULL, similarity = NULL WHERE dup_of = ?1", [id])?;
            for c in copies {
                self.link_duplicate(c)?;
            }
        }
        out.duplicate_of = self.link_duplicate(id)?;
        Ok(out)
    }

    /// Finds the best near-duplicate of a stored document among the others and links the pair so
    /// that the earlier (by date, then by ingest order) is the original. Returns the original when
    /// `id` is the copy.
    fn link_duplicate(&mut self, id: i64) -> Result<Option<i64>> {
        let sig: Option<Vec<u8>> =
            self.tx.db().sqlite()?.prepare_cached("SELECT sig FROM doc_sigs WHERE doc = ?1")?.query_row([id], |r| r.get(0)).optional()?;
        let Some(sig) = sig.as_deref().and_then(Signature::from_bytes) else { return Ok(None) };
        let bands = sig.bands();
        let mut best: Option<(f64, i64, String)> = None;
        {
            let mut st = self.tx.db().sqlite()?.prepare_cached(
                "SELECT s.doc, s.sig, d.ext_id FROM (SELECT DISTINCT doc FROM doc_bands
                   WHERE band IN (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20) AND doc <> ?21) b
                 JOIN doc_sigs s ON s.doc = b.doc JOIN documents d ON d.id = b.doc",
            )?;
            debug_assert_eq!(bands.len(), minhash::BANDS);
            let mut p: Vec<rusqlite::types::Value> = bands.iter().map(|b| (*b).into()).collect();
            p.push(id.into());
            let mut rows = st.query(rusqlite::params_from_iter(p))?;
            while let Some(r) = rows.next()? {
                let other: i64 = r.get(0)?;
                let bytes: Vec<u8> = r.get(1)?;
                let ext: String = r.get(2)?;
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
        let root: i64 = self
            .tx.db().sqlite()?
            .prepare_cached("SELECT COALESCE(dup_of, id) FROM documents WHERE id = ?1")?
            .query_row([other], |r| r.get(0))?;
        if root == id {
            return Ok(None);
        }
        let earlier = |tx: &rusqlite::Connection, a: i64, b: i64| -> Result<bool> {
            // a strictly earlier than b: known dates first, then the smaller external id (not the
            // order of ingest, so that the register does not depend on it).
            let row = |id: i64| -> Result<(Option<String>, String)> {
                Ok(tx.prepare_cached("SELECT date, ext_id FROM documents WHERE id = ?1")?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
            };
            let ((da, ea), (db, eb)) = (row(a)?, row(b)?);
            Ok(match (da, db) {
                (Some(x), Some(y)) if x != y && !x.starts_with('X') && !y.starts_with('X') => x < y,
                _ => ea < eb,
            })
        };
        if earlier(self.tx.db().sqlite()?, id, root)? {
            // The new document is the original: the whole group now points at it.
            self.tx.db().sqlite()?.execute("UPDATE documents SET dup_of = ?1 WHERE dup_of = ?2", [id, root])?;
            self.tx.db().sqlite()?.execute("UPDATE documents SET dup_of = ?1, similarity = ?3 WHERE id = ?2", params![id, root, sim])?;
            self.tx.db().sqlite()?.execute("UPDATE documents SET dup_of = NULL, similarity = NULL WHERE id = ?1", [id])?;
            Ok(None)
        } else {
            self.tx.db().sqlite()?.execute("UPDATE documents SET dup_of = ?1, similarity = ?3 WHERE id = ?2", params![root, id, sim])?;
            Ok(Some(root))
        }
    }

    /// Removes a document's facts (before it is replaced); the keys they had are resolved again
    /// when the batch commits, which deletes the entities left without mentions.
    fn delete_facts(&mut self, id: i64, keep_text: bool) -> Result<()> {
        // The document may have been written earlier in this batch: its rows are in the index
        // before they are deleted from it, as they would have been row by row.
        self.flush_search()?;
        let tx = self.tx.db().sqlite()?;
        // A contentless full-text table forgets a deleted row's tokens but not its share of the
        // statistics that ranking weighs; the deletions are counted, and the index is rebuilt
        // from the stored texts and facts once they matter ([`crate::Store::maintain_search`]).
        let facts: i64 = tx.prepare_cached("SELECT COUNT(*) FROM facts WHERE doc = ?1")?.query_row([id], |r| r.get(0))?;
        crate::search_index::unindex_facts(self.tx.db(), id)?;
        self.fts_deleted.1 += facts;
        if !keep_text {
            crate::search_index::unindex_document(self.tx.db(), id)?;
            tx.execute_batch(&format!("DELETE FROM doc_bands WHERE doc={id}; DELETE FROM doc_sigs WHERE doc={id};"))?;
            self.fts_deleted.0 += 1;
        }
        let strings = |sql: &str| -> Result<Vec<String>> { Ok(tx.prepare(sql)?.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?) };
        self.touched.persons.extend(strings("SELECT DISTINCT key FROM person_mentions WHERE doc = ?1 AND key IS NOT NULL")?);
        let orgs = strings("SELECT DISTINCT o.key FROM org_mentions m JOIN orgs o ON o.id = m.org WHERE m.doc = ?1")?;
        self.touched.orgs_full.extend(orgs.iter().cloned());
        self.touched.orgs.extend(orgs);
        self.touched.event_keys.extend(strings("SELECT DISTINCT key FROM event_mentions WHERE doc = ?1 AND key IS NOT NULL")?);
        let pairs: Vec<(String, String)> = tx
            .prepare("SELECT DISTINCT number_key, kind_key FROM directive_mentions WHERE doc = ?1 AND number_key IS NOT NULL")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        self.touched.directives.extend(pairs);
        let events: Vec<i64> =
            tx.prepare("SELECT DISTINCT event FROM event_mentions WHERE doc=?1")?.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        tx.execute_batch(&format!(
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
            tx.execute("DELETE FROM events WHERE id=?1 AND NOT EXISTS (SELECT 1 FROM event_mentions WHERE event=?1)", [e])?;
        }
        Ok(())
    }

    fn fact(&mut self, kind: &'static str, doc: i64, span: Span, text: &str) -> Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let (s, e) = span_params(span);
        self.tx.db().sqlite()?.prepare_cached("INSERT INTO facts (kind, doc, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![
            kind, doc, s, e, text
        ])?;
        let rowid = self.tx.db().sqlite()?.last_insert_rowid();
        self.fts_pending.push(FtsRow::Fact(rowid, text.to_string(), kind));
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
        self.tx.db().sqlite()?
            .prepare_cached(
                "INSERT INTO doc_headers (doc, kind, number, code, issuer, superior, place, date, subject, excerpt, urgency, security,
                 signer_name, signer_title, signer_rank, signer_forms, recipients, own_mention)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
            )?
            .execute(params![
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
        let mut ins = self.tx.db().sqlite()?.prepare_cached("INSERT INTO doc_relations (doc, mention, relation, start, end) VALUES (?1,?2,?3,?4,?5)")?;
        let mut n = 1;
        for r in relations {
            if let Some(m) = mention_ids.get(r.target) {
                let (s, e) = span_params(r.cue);
                ins.execute(params![id, m, r.kind.code(), s, e])?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn put_facts(&mut self, id: i64, doc: &Document, x: &Extraction<'_>, date: Option<&str>) -> Result<usize> {
        let mut n = 0usize;
        let valid = |s: Span| s.start <= s.end && s.end <= doc.text.len() && doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end);
        let first = |m: &[Span]| m.iter().copied().find(|s| valid(*s)).unwrap_or_default();

        // Organisations: one entity per folded name; aliases kept per document.
        for o in &x.orgs {
            let key = chidao_text::fold(o.name.trim());
            if key.is_empty() {
                continue;
            }
            let created = self
                .tx.db().sqlite()?
                .prepare_cached("INSERT OR IGNORE INTO orgs (name, key, ascii) VALUES (?1, ?2, ?3)")?
                .execute(params![o.name.trim(), key, ascii_fold(o.name.trim())])?;
            let org: i64 = self.tx.db().sqlite()?.prepare_cached("SELECT id FROM orgs WHERE key = ?1")?.query_row([&key], |r| r.get(0))?;
            if created > 0 {
                self.touched.orgs_full.insert(key.clone());
            }
            if o.mentions.iter().any(|m| valid(*m)) {
                self.touched.org_spellings.entry(key.clone()).or_default().insert(o.name.trim().to_string());
            }
            self.touched.orgs.insert(key.clone());
            for a in &o.aliases {
                let ak = chidao_text::fold(a.trim());
                if !ak.is_empty() && ak != key {
                    self.tx.db().sqlite()?
                        .prepare_cached("INSERT OR IGNORE INTO org_aliases (org, alias, key, ascii, doc) VALUES (?1, ?2, ?3, ?4, ?5)")?
                        .execute(params![org, a.trim(), ak, ascii_fold(a.trim()), id])?;
                }
            }
            let mut ins = self.tx.db().sqlite()?.prepare_cached("INSERT INTO org_mentions (org, doc, start, end, name) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for m in o.mentions.iter().filter(|m| valid(**m)) {
                let (s, e) = span_params(*m);
                ins.execute(params![org, id, s, e, o.name.trim()])?;
                n += 1;
            }
            drop(ins);
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
            self.tx.db().sqlite()?
                .prepare_cached("INSERT INTO persons (name, key, ascii, rank) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![name, key, ascii_fold(name), p.rank])?;
            let pid = self.tx.db().sqlite()?.last_insert_rowid();
            let occ = occ as i64;
            let mut ins = self.tx.db().sqlite()?.prepare_cached(
                "INSERT INTO person_mentions (person, doc, start, end, name, rank, rule, evidence, key, occ) VALUES (?1,?2,?3,?4,?5,?6,'new',NULL,?7,?8)",
            )?;
            for m in p.mentions.iter().filter(|m| valid(**m)) {
                let (s, e) = span_params(*m);
                ins.execute(params![pid, id, s, e, name, p.rank, key, occ])?;
                n += 1;
            }
            if p.mentions.iter().all(|m| !valid(*m)) {
                ins.execute(params![pid, id, 0, 0, name, p.rank, key, occ])?;
            }
            drop(ins);
            let mut ins = self.tx.db().sqlite()?.prepare_cached(
                "INSERT INTO person_roles (person, doc, role, key, org, start, end, date, occ) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
            )?;
            for r in &p.roles {
                let role = r.text.trim();
                if role.is_empty() {
                    continue;
                }
                let (s, e) = if valid(r.span) { span_params(r.span) } else { (0, 0) };
                ins.execute(params![pid, id, role, chidao_text::fold(role), people::org_of_role(role), s, e, date, occ])?;
                n += 1;
            }
            drop(ins);
            self.touched.persons.insert(key);
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
            self.tx.db().sqlite()?
                .prepare_cached(
                    "INSERT INTO directive_mentions (directive, doc, start, end, kind, number, code, issuer, date, title, rule, number_key, kind_key)
                     VALUES (NULL,?1,?2,?3,?4,?5,?6,?7,?8,?9,'new',?10,?11)",
                )?
                .execute(params![id, s, e, d.kind, d.number, key.code, d.issuer, iso(d.date), d.title, key.number, key.kind])?;
            let mention = self.tx.db().sqlite()?.last_insert_rowid();
            n += 1;
            // Further mentions of the same document in this text.
            let mut ins = self.tx.db().sqlite()?.prepare_cached(
                "INSERT INTO directive_mentions (directive, doc, start, end, kind, number, code, issuer, date, title, rule, number_key, kind_key, primary_id)
                 VALUES (NULL,?1,?2,?3,?4,?5,?6,NULL,NULL,NULL,'same_text',?7,?8,?9)",
            )?;
            for m in d.mentions.iter().filter(|m| valid(**m) && **m != span) {
                let (s, e) = span_params(*m);
                ins.execute(params![id, s, e, d.kind, d.number, key.code, key.number, key.kind, mention])?;
            }
            drop(ins);
            self.touched.directives.insert((key.number.clone(), key.kind.clone()));
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
            self.tx.db().sqlite()?
                .prepare_cached("INSERT INTO events (kind, date, chair, place, key) VALUES (?1,?2,NULL,?3,NULL)")?
                .execute(params![ev.kind, ev.date.iso(), ev.place])?;
            let eid = self.tx.db().sqlite()?.last_insert_rowid();
            let span = if valid(ev.span) { ev.span } else { Span::default() };
            let dspan = if valid(ev.date_span) { ev.date_span } else { Span::default() };
            self.tx.db().sqlite()?
                .prepare_cached(
                    "INSERT INTO event_mentions (event, doc, start, end, date_start, date_end, kind, date, place, chair_occ)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                )?
                .execute(params![eid, id, span.start as i64, span.end as i64, dspan.start as i64, dspan.end as i64, ev.kind, ev.date.iso(), ev.place, chair_occ])?;
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
            self.tx.db().sqlite()?
                .prepare_cached(
                    "INSERT INTO tasks (key, doc, start, end, kind, text, issuer, assignee, assignee_key, deadline, due, tier, confidence, reasons, recurrence)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                )?
                .execute(params![
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
            let tid = self.tx.db().sqlite()?.last_insert_rowid();
            n += 1;
            let mut ins = self.tx.db().sqlite()?.prepare_cached("INSERT INTO task_refs (task, directive, ref, mention) VALUES (?1, NULL, ?2, ?3)")?;
            for &r in &t.refs {
                if let (Some(d), Some(m)) = (x.docrefs.get(r), mention_ids.get(r)) {
                    let label = d.code.clone().unwrap_or_else(|| format!("{} {}", d.kind, d.number));
                    ins.execute(params![tid, label, m])?;
                }
            }
            drop(ins);
            self.fact("task", id, span, &text)?;
        }

        // Figures.
        for f in &x.figures {
            let span = if valid(f.span) { f.span } else { Span::default() };
            let (s, e) = span_params(span);
            let value = if f.value.is_finite() { f.value } else { 0.0 };
            self.tx.db().sqlite()?
                .prepare_cached("INSERT INTO figures (doc, value, qualifier, unit, start, end) VALUES (?1,?2,?3,?4,?5,?6)")?
                .execute(params![id, value, f.qualifier, f.unit, s, e])?;
            n += 1;
            self.fact("figure", id, span, doc.slice(span))?;
        }
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
