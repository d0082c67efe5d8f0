//! A user's word on which citations are one directive: split a wrongly merged citation off, merge
//! two directives the machine kept apart.
//!
//! Both are corrections like the others (`corrections` table, kind `directive`, field
//! `identity`), keyed by the citation's document and byte span, so they survive `chidao ingest`
//! and `--reextract`: the resolver ([`crate::resolve`]) reads them every time it clusters the
//! citations of one number and kind, after the machine's rules —
//!
//! - **split** (`"own"`): the citation starts a directive of its own, which the rules join no
//!   other citation to (the user said it differs; the machine has nothing to bind more to it);
//! - **merge** (`{"same": {doc, start, end}}`, the first citation of the directive merged into):
//!   the citation's directive and the anchor's are one.
//!
//! Only citations of one kind and number can be one directive (a user who finds "Chỉ thị 5" and
//! "Chỉ thị 05-CT/TW" apart corrects the number first): the resolver works key by key.

use crate::db::{Db, args};
use serde::{Deserialize, Serialize};

use crate::corrections::check_text;
use crate::error::{Result, StoreError};
use crate::resolve::{self, Touched};
use crate::{Store, dates};

/// What a user said of a citation's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pin {
    /// A directive of its own.
    Own,
    /// The same directive as the citation at this place.
    Same {
        /// Document id.
        doc: String,
        /// Byte span start of the anchor citation.
        start: i64,
        /// Byte span end.
        end: i64,
    },
}

impl Pin {
    /// As stored in `corrections.value`.
    fn to_value(&self) -> String {
        match self {
            Pin::Own => "\"own\"".to_string(),
            same => serde_json::to_string(same).expect("a pin serialises"),
        }
    }

    /// From `corrections.value`; an unreadable value pins nothing.
    pub(crate) fn parse(v: &str) -> Option<Pin> {
        serde_json::from_str(v).ok()
    }
}

/// The field of a `directive` correction that carries a [`Pin`].
pub const IDENTITY_FIELD: &str = "identity";

/// The SQL (a correlated subquery over `d` = documents, `m` = directive_mentions) giving a
/// citation's pin in force, the latest one.
pub(crate) const PIN_SQL: &str = "(SELECT c.value FROM corrections c WHERE c.doc = d.ext_id AND c.kind = 'directive'
     AND c.start = m.start AND c.\"end\" = m.\"end\" AND c.action = 'edit' AND c.field = 'identity' AND c.withdrawn = 0
     ORDER BY c.id DESC LIMIT 1)";

/// A directive's citation as the user's commands name it.
struct Mention {
    doc: String,
    start: i64,
    end: i64,
    number_key: String,
    kind_key: String,
}

fn invalid(s: impl Into<String>) -> StoreError {
    StoreError::Invalid(s.into())
}

/// The first citation of a directive in the canonical order (its anchor), or of the directive in
/// one document.
fn first_mention(db: Db<'_>, directive: i64, doc: Option<&str>) -> Result<Option<Mention>> {
    db.row_opt(
        &format!(
            "SELECT d.ext_id, m.start, m.\"end\", m.number_key, m.kind_key FROM directive_mentions m JOIN documents d ON d.id = m.doc
             WHERE m.directive = ?1 AND m.primary_id IS NULL AND (CAST(?2 AS text) IS NULL OR d.ext_id = ?2)
             ORDER BY {}, m.start LIMIT 1",
            resolve::DOC_ORDER
        ),
        args![directive, doc],
        |r| Ok(Mention { doc: r.get(0)?, start: r.get(1)?, end: r.get(2)?, number_key: r.get(3)?, kind_key: r.get(4)? }),
    )
}

fn directive_name(db: Db<'_>, id: i64) -> Result<String> {
    db.row_opt("SELECT COALESCE(code, kind || ' ' || number) FROM directives WHERE id = ?1", args![id], |r| r.get(0))?
        .ok_or_else(|| StoreError::NotFound(format!("directive {id}: no such directive")))
}

impl Store {
    /// Splits the citations of directive `directive` in document `doc` off into a directive of
    /// their own. Returns the directive they now belong to.
    pub fn split_directive(&mut self, directive: i64, doc: &str, note: Option<&str>, author: &str) -> Result<i64> {
        let tx = self.write()?;
        let db = tx.db();
        let name = directive_name(db, directive)?;
        let m = first_mention(db, directive, Some(doc))?
            .ok_or_else(|| StoreError::NotFound(format!("{doc}: cites no {name} (directive {directive})")))?;
        let others: i64 = db.one(
            "SELECT COUNT(DISTINCT m.doc) FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE m.directive = ?1 AND d.ext_id <> ?2",
            args![directive, doc],
        )?;
        if others == 0 {
            return Err(invalid(format!("{doc} is the only document citing {name}: there is nothing to split it from")));
        }
        pin(db, &m, &Pin::Own, note, author)?;
        resolve_key(db, m.number_key.clone(), m.kind_key.clone())?;
        let id = directive_of(db, &m)?;
        tx.commit()?;
        Ok(id)
    }

    /// Merges directive `from` into directive `into` (the same document cited twice under two
    /// entries). Returns the directive both now are.
    pub fn merge_directives(&mut self, from: i64, into: i64, note: Option<&str>, author: &str) -> Result<i64> {
        let tx = self.write()?;
        let db = tx.db();
        let (from_name, into_name) = (directive_name(db, from)?, directive_name(db, into)?);
        if from == into {
            return Err(invalid(format!("{from_name}: a directive cannot be merged into itself")));
        }
        let gone = || StoreError::NotFound("the directive has no citation left".into());
        let a = first_mention(db, from, None)?.ok_or_else(gone)?;
        let b = first_mention(db, into, None)?.ok_or_else(gone)?;
        if (&a.number_key, &a.kind_key) != (&b.number_key, &b.kind_key) {
            return Err(invalid(format!(
                "{from_name} and {into_name} differ in kind or number: only citations of one kind and number can be one directive (correct the citation's code first)"
            )));
        }
        let same = Pin::Same { doc: b.doc.clone(), start: b.start, end: b.end };
        pin(db, &a, &same, note, author)?;
        resolve_key(db, a.number_key.clone(), a.kind_key.clone())?;
        let id = directive_of(db, &b)?;
        tx.commit()?;
        Ok(id)
    }

    /// Re-resolves the directives a withdrawn identity correction was about.
    pub(crate) fn unpin(&mut self, c: &crate::Correction) -> Result<()> {
        if c.kind != "directive" || c.field.as_deref() != Some(IDENTITY_FIELD) {
            return Ok(());
        }
        let tx = self.write()?;
        let db = tx.db();
        let key: Option<(String, String)> = db.row_opt(
            "SELECT m.number_key, m.kind_key FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE d.ext_id = ?1 AND m.start = ?2 AND m.\"end\" = ?3",
            args![c.doc, c.span.0 as i64, c.span.1 as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if let Some((number_key, kind_key)) = key {
            resolve_key(db, number_key, kind_key)?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn pin(db: Db<'_>, m: &Mention, pin: &Pin, note: Option<&str>, author: &str) -> Result<()> {
    let author = check_text("author", author)?;
    let note = note.filter(|n| !n.trim().is_empty()).map(|n| check_text("note", n)).transpose()?;
    db.exec(
        "INSERT INTO corrections (doc, kind, start, \"end\", action, field, value, note, author, created_at) VALUES (?1,'directive',?2,?3,'edit',?4,?5,?6,?7,?8)",
        args![m.doc, m.start, m.end, IDENTITY_FIELD, pin.to_value(), note, author, dates::now()],
    )?;
    Ok(())
}

/// Clusters again the citations of one number and kind.
fn resolve_key(db: Db<'_>, number_key: String, kind_key: String) -> Result<()> {
    let mut t = Touched::default();
    t.directives_full.insert((number_key.clone(), kind_key.clone()));
    t.directives.insert((number_key, kind_key), Vec::new());
    resolve::resolve(db, &t)
}

fn directive_of(db: Db<'_>, m: &Mention) -> Result<i64> {
    db.row(
        "SELECT m.directive FROM directive_mentions m JOIN documents d ON d.id = m.doc WHERE d.ext_id = ?1 AND m.start = ?2 AND m.\"end\" = ?3",
        args![m.doc, m.start, m.end],
        |r| r.get::<Option<i64>>(0),
    )?
    .ok_or_else(|| invalid("the citation stays ambiguous between several directives"))
}
