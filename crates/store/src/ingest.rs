//! Writing documents and their facts (one transaction per [`Batch`]).

use chidao_extract::Extraction;
use chidao_text::ascii_fold::ascii_fold;
use chidao_text::{Document, Span, ZoneKind};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::codes::{self, DirectiveKey};
use crate::error::Result;
use crate::minhash::{self, Signature};
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
    tx: Transaction<'c>,
    now: String,
    reextract: bool,
}

fn iso(d: Option<chidao_extract::date::PartialDate>) -> Option<String> {
    d.and_then(|d| d.iso())
}

fn span_params(s: Span) -> (i64, i64) {
    (s.start as i64, s.end as i64)
}

impl<'c> Batch<'c> {
    pub(crate) fn new(tx: Transaction<'c>) -> Result<Batch<'c>> {
        Ok(Batch { tx, now: dates::now(), reextract: false })
    }

    /// Re-extracts documents stored with the same content too (after an upgrade of the
    /// extractor): their machine facts are replaced; the user's corrections and task statuses,
    /// kept apart, stay.
    pub fn reextract(&mut self, yes: bool) {
        self.reextract = yes;
    }

    /// The transaction (for the other modules' writes).
    pub(crate) fn tx(&self) -> &Transaction<'c> {
        &self.tx
    }

    /// Commits the batch.
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
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
        let mut st = self.tx.prepare_cached("SELECT id, hash FROM documents WHERE ext_id = ?1")?;
        Ok(st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    /// Stores a document (new, or replacing the version with the same id) with its facts, links it
    /// to the earliest near-duplicate, and merges its facts into the register.
    pub fn put(&mut self, doc: &Document, hash: [u8; 16], sig: Option<&Signature>, x: &Extraction<'_>) -> Result<PutOutcome> {
        let meta = &x.meta;
        let date = iso(meta.date.or(meta.published));
        let headline = doc.zone(ZoneKind::Headline).map(|z| doc.slice(z.span).to_string());
        let old: Option<(i64, Vec<u8>)> = self
            .tx
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
        let id = match old.map(|o| o.0) {
            Some(id) => {
                self.delete_facts(id)?;
                self.tx.prepare_cached(
                    "UPDATE documents SET hash=?2, headline=?3, date=?4, published=?5, source=?6, author=?7,
                     dup_of=NULL, similarity=NULL, ingested_at=?8 WHERE id=?1",
                )?
                .execute(params![
                    id, &hash[..], headline, date, iso(meta.published), meta.source, meta.author, self.now
                ])?;
                out.updated = true;
                id
            }
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO documents (ext_id, hash, headline, date, published, source, author, ingested_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        doc.id, &hash[..], headline, date, iso(meta.published), meta.source, meta.author, self.now
                    ])?;
                self.tx.last_insert_rowid()
            }
        };
        out.doc = id;
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO doc_texts (doc, text) VALUES (?1, ?2)")?
            .execute(params![id, doc.text])?;
        self.tx
            .prepare_cached("INSERT INTO doc_fts (rowid, exact, folded) VALUES (?1, ?2, ?3)")?
            .execute(params![id, doc.text, ascii_fold(&doc.text)])?;
        out.facts = self.put_facts(id, doc, x, date.as_deref())?;
        if let Some(sig) = sig {
            self.tx.prepare_cached("INSERT INTO doc_sigs (doc, sig) VALUES (?1, ?2)")?.execute(params![id, sig.to_bytes()])?;
            let mut ins = self.tx.prepare_cached("INSERT INTO doc_bands (band, doc) VALUES (?1, ?2)")?;
            for b in sig.bands() {
                ins.execute(params![b, id])?;
            }
        }
        if out.updated {
            // Copies of the old version may no longer be copies.
            let copies: Vec<i64> = self
                .tx
                .prepare_cached("SELECT id FROM documents WHERE dup_of = ?1 ORDER BY date IS NULL, date, id")?
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            self.tx.execute("UPDATE documents SET dup_of = NULL, similarity = NULL WHERE dup_of = ?1", [id])?;
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
            self.tx.prepare_cached("SELECT sig FROM doc_sigs WHERE doc = ?1")?.query_row([id], |r| r.get(0)).optional()?;
        let Some(sig) = sig.as_deref().and_then(Signature::from_bytes) else { return Ok(None) };
        let bands = sig.bands();
        let mut best: Option<(f64, i64)> = None;
        {
            let mut st = self.tx.prepare_cached(
                "SELECT DISTINCT s.doc, s.sig FROM doc_bands b JOIN doc_sigs s ON s.doc = b.doc
                 WHERE b.band IN (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20) AND b.doc <> ?21",
            )?;
            debug_assert_eq!(bands.len(), minhash::BANDS);
            let mut p: Vec<rusqlite::types::Value> = bands.iter().map(|b| (*b).into()).collect();
            p.push(id.into());
            let mut rows = st.query(rusqlite::params_from_iter(p))?;
            while let Some(r) = rows.next()? {
                let other: i64 = r.get(0)?;
                let bytes: Vec<u8> = r.get(1)?;
                if let Some(o) = Signature::from_bytes(&bytes) {
                    let s = sig.similarity(&o);
                    if s >= minhash::THRESHOLD && best.is_none_or(|(bs, bid)| s > bs || (s == bs && other < bid)) {
                        best = Some((s, other));
                    }
                }
            }
        }
        let Some((sim, other)) = best else { return Ok(None) };
        // The original of the group the match belongs to.
        let root: i64 = self
            .tx
            .prepare_cached("SELECT COALESCE(dup_of, id) FROM documents WHERE id = ?1")?
            .query_row([other], |r| r.get(0))?;
        if root == id {
            return Ok(None);
        }
        let earlier = |tx: &Transaction<'_>, a: i64, b: i64| -> Result<bool> {
            // a strictly earlier than b: known dates first, then ingest order.
            let (da, db): (Option<String>, Option<String>) = tx.query_row(
                "SELECT (SELECT date FROM documents WHERE id=?1), (SELECT date FROM documents WHERE id=?2)",
                [a, b],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(match (da, db) {
                (Some(x), Some(y)) if x != y && !x.starts_with('X') && !y.starts_with('X') => x < y,
                _ => a < b,
            })
        };
        if earlier(&self.tx, id, root)? {
            // The new document is the original: the whole group now points at it.
            self.tx.execute("UPDATE documents SET dup_of = ?1 WHERE dup_of = ?2", [id, root])?;
            self.tx.execute("UPDATE documents SET dup_of = ?1, similarity = ?3 WHERE id = ?2", params![id, root, sim])?;
            self.tx.execute("UPDATE documents SET dup_of = NULL, similarity = NULL WHERE id = ?1", [id])?;
            Ok(None)
        } else {
            self.tx.execute("UPDATE documents SET dup_of = ?1, similarity = ?3 WHERE id = ?2", params![root, id, sim])?;
            Ok(Some(root))
        }
    }

    /// Removes a document's facts (before it is replaced), and register entities left without any.
    fn delete_facts(&mut self, id: i64) -> Result<()> {
        let tx = &self.tx;
        let persons: Vec<i64> =
            tx.prepare("SELECT DISTINCT person FROM person_mentions WHERE doc=?1")?.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let orgs: Vec<i64> =
            tx.prepare("SELECT DISTINCT org FROM org_mentions WHERE doc=?1")?.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let directives: Vec<i64> = tx
            .prepare(
                "SELECT directive FROM directive_mentions WHERE doc=?1 AND directive IS NOT NULL
                 UNION SELECT c.directive FROM directive_candidates c JOIN directive_mentions m ON m.id = c.mention WHERE m.doc=?1",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let events: Vec<i64> =
            tx.prepare("SELECT DISTINCT event FROM event_mentions WHERE doc=?1")?.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        tx.execute_batch(&format!(
            "DELETE FROM fact_fts WHERE rowid IN (SELECT id FROM facts WHERE doc={id});
             DELETE FROM facts WHERE doc={id};
             DELETE FROM doc_fts WHERE rowid={id};
             DELETE FROM doc_bands WHERE doc={id};
             DELETE FROM doc_sigs WHERE doc={id};
             DELETE FROM org_mentions WHERE doc={id};
             DELETE FROM org_aliases WHERE doc={id};
             DELETE FROM person_mentions WHERE doc={id};
             DELETE FROM person_roles WHERE doc={id};
             DELETE FROM directive_candidates WHERE mention IN (SELECT id FROM directive_mentions WHERE doc={id});
             DELETE FROM task_refs WHERE task IN (SELECT id FROM tasks WHERE doc={id});
             DELETE FROM directive_mentions WHERE doc={id};
             DELETE FROM event_mentions WHERE doc={id};
             DELETE FROM tasks WHERE doc={id};
             DELETE FROM figures WHERE doc={id};"
        ))?;
        for e in events {
            tx.execute("DELETE FROM events WHERE id=?1 AND NOT EXISTS (SELECT 1 FROM event_mentions WHERE event=?1)", [e])?;
        }
        for p in persons {
            tx.execute("DELETE FROM persons WHERE id=?1 AND NOT EXISTS (SELECT 1 FROM person_mentions WHERE person=?1)", [p])?;
        }
        for o in orgs {
            tx.execute("DELETE FROM orgs WHERE id=?1 AND NOT EXISTS (SELECT 1 FROM org_mentions WHERE org=?1)", [o])?;
        }
        for d in directives {
            tx.execute(
                "DELETE FROM directives WHERE id=?1 AND NOT EXISTS (SELECT 1 FROM directive_mentions WHERE directive=?1)
                 AND NOT EXISTS (SELECT 1 FROM directive_candidates WHERE directive=?1)
                 AND NOT EXISTS (SELECT 1 FROM task_refs WHERE directive=?1)",
                [d],
            )?;
        }
        Ok(())
    }

    fn fact(&self, kind: &str, doc: i64, span: Span, text: &str) -> Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let (s, e) = span_params(span);
        self.tx.prepare_cached("INSERT INTO facts (kind, doc, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![
            kind, doc, s, e, text
        ])?;
        let rowid = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached("INSERT INTO fact_fts (rowid, exact, folded, kind) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![rowid, text, ascii_fold(text), kind])?;
        Ok(())
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
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO orgs (name, key, ascii) VALUES (?1, ?2, ?3)")?
                .execute(params![o.name.trim(), key, ascii_fold(o.name.trim())])?;
            let org: i64 = self.tx.prepare_cached("SELECT id FROM orgs WHERE key = ?1")?.query_row([&key], |r| r.get(0))?;
            for a in &o.aliases {
                let ak = chidao_text::fold(a.trim());
                if !ak.is_empty() && ak != key {
                    self.tx
                        .prepare_cached("INSERT OR IGNORE INTO org_aliases (org, alias, key, ascii, doc) VALUES (?1, ?2, ?3, ?4, ?5)")?
                        .execute(params![org, a.trim(), ak, ascii_fold(a.trim()), id])?;
                }
            }
            let mut ins = self.tx.prepare_cached("INSERT INTO org_mentions (org, doc, start, end) VALUES (?1, ?2, ?3, ?4)")?;
            for m in o.mentions.iter().filter(|m| valid(**m)) {
                let (s, e) = span_params(*m);
                ins.execute(params![org, id, s, e])?;
                n += 1;
            }
            drop(ins);
            let text = std::iter::once(o.name.as_str()).chain(o.aliases.iter().map(String::as_str)).collect::<Vec<_>>().join(" · ");
            self.fact("org", id, first(&o.mentions), &text)?;
        }

        // People: same folded name + compatible roles (see people.rs).
        let mut person_ids: Vec<Option<i64>> = Vec::with_capacity(x.people.len());
        for p in &x.people {
            let name = p.name.trim();
            let key = chidao_text::fold(name);
            if key.is_empty() {
                person_ids.push(None);
                continue;
            }
            let mine = people::distinctive_words(p.roles.iter().map(|r| r.text.as_str()));
            let candidates: Vec<i64> =
                self.tx.prepare_cached("SELECT id FROM persons WHERE key = ?1 ORDER BY id")?.query_map([&key], |r| r.get(0))?.collect::<Result<_, _>>()?;
            let mut chosen: Option<(i64, &'static str, Option<String>)> = None;
            let mut refused = Vec::new();
            for c in &candidates {
                let roles: Vec<String> = self
                    .tx
                    .prepare_cached("SELECT DISTINCT role FROM person_roles WHERE person = ?1")?
                    .query_map([c], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                let theirs = people::distinctive_words(roles.iter().map(String::as_str));
                match people::compatible(&mine, &theirs) {
                    Ok(None) => {
                        chosen = Some((*c, "same_name", None));
                        break;
                    }
                    Ok(Some(ev)) => {
                        chosen = Some((*c, "same_name_compatible_roles", Some(ev)));
                        break;
                    }
                    Err(ev) => refused.push(format!("#{c}: {ev}")),
                }
            }
            let (pid, rule, evidence) = match chosen {
                Some(c) => c,
                None => {
                    self.tx
                        .prepare_cached("INSERT INTO persons (name, key, ascii, rank) VALUES (?1, ?2, ?3, ?4)")?
                        .execute(params![name, key, ascii_fold(name), p.rank])?;
                    let rule = if refused.is_empty() { "new" } else { "namesake_split" };
                    (self.tx.last_insert_rowid(), rule, (!refused.is_empty()).then(|| refused.join("; ")))
                }
            };
            if p.rank.is_some() {
                // The latest rank seen wins (promotions).
                self.tx.prepare_cached("UPDATE persons SET rank = ?2 WHERE id = ?1")?.execute(params![pid, p.rank])?;
            }
            person_ids.push(Some(pid));
            let mut ins = self.tx.prepare_cached(
                "INSERT INTO person_mentions (person, doc, start, end, name, rank, rule, evidence) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
            )?;
            for m in p.mentions.iter().filter(|m| valid(**m)) {
                let (s, e) = span_params(*m);
                ins.execute(params![pid, id, s, e, name, p.rank, rule, evidence])?;
                n += 1;
            }
            if p.mentions.iter().all(|m| !valid(*m)) {
                ins.execute(params![pid, id, 0, 0, name, p.rank, rule, evidence])?;
            }
            drop(ins);
            let mut ins = self.tx.prepare_cached(
                "INSERT INTO person_roles (person, doc, role, key, org, start, end, date) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
            )?;
            for r in &p.roles {
                let role = r.text.trim();
                if role.is_empty() {
                    continue;
                }
                let (s, e) = if valid(r.span) { span_params(r.span) } else { (0, 0) };
                ins.execute(params![pid, id, role, chidao_text::fold(role), people::org_of_role(role), s, e, date])?;
                n += 1;
            }
            drop(ins);
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

        // Cited documents.
        let mut directive_ids: Vec<Option<i64>> = Vec::with_capacity(x.docrefs.len());
        for d in &x.docrefs {
            let key = codes::key_of(&d.kind, &d.number, d.code.as_deref(), d.issuer.as_deref(), d.date);
            let (did, rule, candidates) = self.resolve_directive(&key, d)?;
            let span = first(&d.mentions);
            let (s, e) = span_params(span);
            self.tx
                .prepare_cached(
                    "INSERT INTO directive_mentions (directive, doc, start, end, kind, number, code, issuer, date, title, rule)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                )?
                .execute(params![did, id, s, e, d.kind, d.number, key.code, d.issuer, iso(d.date), d.title, rule])?;
            let mention = self.tx.last_insert_rowid();
            n += 1;
            for c in candidates {
                self.tx.prepare_cached("INSERT OR IGNORE INTO directive_candidates (mention, directive) VALUES (?1, ?2)")?.execute([mention, c])?;
            }
            // Further mentions of the same document in this text.
            let mut ins = self.tx.prepare_cached(
                "INSERT INTO directive_mentions (directive, doc, start, end, kind, number, code, issuer, date, title, rule)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,NULL,NULL,NULL,'same_text')",
            )?;
            for m in d.mentions.iter().filter(|m| valid(**m) && **m != span) {
                let (s, e) = span_params(*m);
                ins.execute(params![did, id, s, e, d.kind, d.number, key.code])?;
            }
            drop(ins);
            directive_ids.push(did);
            let mut text = format!("{} {}", d.kind, d.code.as_deref().unwrap_or(&d.number));
            for extra in [&d.issuer, &d.title].into_iter().flatten() {
                text.push_str(" · ");
                text.push_str(extra);
            }
            self.fact("directive", id, span, &text)?;
        }

        // Events: the same meeting (kind, day, chair) reported by several texts is one event.
        for ev in &x.events {
            let chair = ev.chair.and_then(|i| person_ids.get(i).copied().flatten());
            let day = ev.date.iso().filter(|s| s.len() == 10 && !s.starts_with('X'));
            let ekey = match (&day, chair) {
                (Some(d), Some(c)) => Some(format!("{}|{d}|{c}", chidao_text::fold(ev.kind.trim()))),
                _ => None,
            };
            let eid: i64 = match &ekey {
                Some(k) => {
                    self.tx
                        .prepare_cached("INSERT OR IGNORE INTO events (kind, date, chair, place, key) VALUES (?1,?2,?3,?4,?5)")?
                        .execute(params![ev.kind, day, chair, ev.place, k])?;
                    self.tx.prepare_cached("SELECT id FROM events WHERE key = ?1")?.query_row([k], |r| r.get(0))?
                }
                None => {
                    self.tx
                        .prepare_cached("INSERT INTO events (kind, date, chair, place, key) VALUES (?1,?2,?3,?4,NULL)")?
                        .execute(params![ev.kind, ev.date.iso(), chair, ev.place])?;
                    self.tx.last_insert_rowid()
                }
            };
            let span = if valid(ev.span) { ev.span } else { Span::default() };
            let dspan = if valid(ev.date_span) { ev.date_span } else { Span::default() };
            self.tx
                .prepare_cached("INSERT INTO event_mentions (event, doc, start, end, date_start, date_end) VALUES (?1,?2,?3,?4,?5,?6)")?
                .execute(params![eid, id, span.start as i64, span.end as i64, dspan.start as i64, dspan.end as i64])?;
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

        // Tasks, with a key that survives re-ingest (it joins the user's status table).
        for t in &x.tasks {
            let span = if valid(t.span) { t.span } else { Span::default() };
            let text = doc.slice(span).trim().to_string();
            let tkey = task_key(&doc.id, &text);
            let (s, e) = span_params(span);
            self.tx
                .prepare_cached(
                    "INSERT INTO tasks (key, doc, start, end, kind, text, issuer, assignee, assignee_key, deadline, due)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
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
                    t.assignee.as_deref().map(ascii_fold),
                    iso(t.deadline),
                    t.deadline.and_then(dates::due_date),
                ])?;
            let tid = self.tx.last_insert_rowid();
            n += 1;
            let mut ins = self.tx.prepare_cached("INSERT INTO task_refs (task, directive, ref) VALUES (?1, ?2, ?3)")?;
            for &r in &t.refs {
                if let Some(d) = x.docrefs.get(r) {
                    let label = d.code.clone().unwrap_or_else(|| format!("{} {}", d.kind, d.number));
                    ins.execute(params![tid, directive_ids.get(r).copied().flatten(), label])?;
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
            self.tx
                .prepare_cached("INSERT INTO figures (doc, value, qualifier, unit, start, end) VALUES (?1,?2,?3,?4,?5,?6)")?
                .execute(params![id, value, f.qualifier, f.unit, s, e])?;
            n += 1;
            self.fact("figure", id, span, doc.slice(span))?;
        }
        Ok(n)
    }

    /// Links a cited document to the register (see `codes.rs`): returns the directive (None when
    /// ambiguous), the rule applied, and the candidates of an ambiguous mention.
    fn resolve_directive(&mut self, k: &DirectiveKey, d: &chidao_extract::docref::DocRef) -> Result<(Option<i64>, &'static str, Vec<i64>)> {
        let issuer_key = d.issuer.as_deref().map(codes::issuer_identity).filter(|s| !s.is_empty());
        struct Cand {
            id: i64,
            series: Option<String>,
            era: Option<String>,
            issuer_key: Option<String>,
            local: bool,
        }
        let cands: Vec<Cand> = self
            .tx
            .prepare_cached("SELECT id, series, era, issuer_key, code IS NOT NULL FROM directives WHERE number_key = ?1 AND kind_key = ?2 ORDER BY id")?
            .query_map(params![k.number, k.kind], |r| {
                let series: Option<String> = r.get(1)?;
                let issuer_key: Option<String> = r.get(3)?;
                // Registers written before organs were dropped keep their old keys.
                Ok(Cand { id: r.get(0)?, local: false, series, era: r.get(2)?, issuer_key: issuer_key.as_deref().map(codes::issuer_identity) })
            })?
            .collect::<Result<_, _>>()?;
        let cands: Vec<Cand> = cands
            .into_iter()
            .map(|mut c| {
                c.local = c.series.as_deref().is_some_and(codes::series_is_local);
                c
            })
            .collect();
        let eq = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(x), Some(y)) => Some(x == y),
            _ => None,
        };
        let mut compatible = Vec::new();
        let mut exact = Vec::new();
        for c in &cands {
            let s = eq(&c.series, &k.series);
            let e = eq(&c.era, &k.era);
            let local = k.local || c.local;
            let i = match (local, &c.issuer_key, &issuer_key) {
                (false, _, _) => Some(true),
                (true, Some(a), Some(b)) => codes::same_issuer(a, b),
                (true, _, _) => None,
            };
            if s == Some(false) || e == Some(false) || i == Some(false) {
                continue;
            }
            compatible.push(c.id);
            if s == Some(true) && e == Some(true) && i == Some(true) {
                exact.push(c.id);
            }
        }
        let (id, rule) = match (compatible.len(), exact.len()) {
            (0, _) => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO directives (kind, number, code, number_key, kind_key, series, party, era, issuer, issuer_key, date, title)
                         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                    )?
                    .execute(params![
                        d.kind,
                        d.number,
                        k.code,
                        k.number,
                        k.kind,
                        k.series,
                        k.party,
                        k.era,
                        d.issuer,
                        if k.local { issuer_key.clone() } else { None },
                        iso(d.date),
                        d.title
                    ])?;
                return Ok((Some(self.tx.last_insert_rowid()), "new", Vec::new()));
            }
            (1, _) => (compatible[0], "compatible"),
            (_, 1) => (exact[0], "exact"),
            _ => return Ok((None, "ambiguous", compatible)),
        };
        // Fill what this mention knows and the directive did not; a more specific issuer (the
        // same committee with its place: "Tỉnh ủy" → "Tỉnh ủy Hòa Lạc") replaces a vaguer one, so
        // that a later mention from another province no longer matches.
        self.tx
            .prepare_cached(
                "UPDATE directives SET code = COALESCE(code, ?2), series = COALESCE(series, ?3), era = COALESCE(era, ?4),
                 issuer = CASE WHEN issuer IS NULL OR (?6 IS NOT NULL AND length(?6) > length(COALESCE(issuer_key, ''))) THEN COALESCE(?5, issuer) ELSE issuer END,
                 issuer_key = CASE WHEN ?6 IS NOT NULL AND length(?6) > length(COALESCE(issuer_key, '')) THEN ?6 ELSE issuer_key END,
                 date = COALESCE(date, ?7), title = COALESCE(title, ?8), party = MAX(party, ?9) WHERE id = ?1",
            )?
            .execute(params![
                id,
                k.code,
                k.series,
                k.era,
                d.issuer,
                if k.local { issuer_key } else { None },
                iso(d.date),
                d.title,
                k.party
            ])?;
        Ok((Some(id), rule, Vec::new()))
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
