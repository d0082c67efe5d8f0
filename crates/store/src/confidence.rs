//! Which people and cited documents the register lists by default (confident) and which it keeps
//! but hides until asked (doubtful): one SQL condition each, used by every listing, look-up and
//! facet, so that a list, a name look-up and an entity's page agree.
//!
//! Both are computed when read, not stored: a person's or a directive's standing changes with
//! every document ingested or re-ingested, every merge or split of directives and every user
//! correction, and a condition over the current rows is right after each of them without a step
//! that could be forgotten.

use std::sync::LazyLock;

/// Roles that name no office on their own (`data/cut_titles.txt`), folded as role keys are.
static CUT_TITLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../data/cut_titles.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(chidao_text::fold)
        .collect()
});

static PERSON: LazyLock<String> = LazyLock::new(|| {
    format!(
        "(EXISTS (SELECT 1 FROM person_roles r JOIN documents d ON d.id = r.doc
                  WHERE r.person = p.id AND d.dup_of IS NULL AND r.key NOT IN ({cut})
                    AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.doc = d.ext_id AND c.kind = 'role' AND c.start = r.start
                                    AND c.end = r.end AND c.action = 'reject' AND c.withdrawn = 0))
          OR EXISTS (SELECT 1 FROM person_mentions m JOIN documents d ON d.id = m.doc
                     WHERE m.person = p.id AND d.dup_of IS NULL AND m.rank IS NOT NULL)
          OR EXISTS (SELECT 1 FROM person_mentions m JOIN documents d ON d.id = m.doc
                     JOIN corrections c ON c.doc = d.ext_id AND c.kind = 'person' AND c.start = m.start AND c.end = m.end
                     WHERE m.person = p.id AND c.action = 'edit' AND c.withdrawn = 0 AND c.field IS NOT NULL AND c.value IS NOT NULL))",
        cut = CUT_TITLES.iter().map(|k| format!("'{}'", k.replace('\'', "''"))).collect::<Vec<_>>().join(", ")
    )
});

/// Whether the register trusts a person `p` (a row of `persons`): an official role or a rank
/// read in some original document (a near-copy lends nothing), or a user's correction of the
/// person (a person a user corrected is vouched for). A role counts unless a user rejected it or
/// it names no office on its own (`data/cut_titles.txt`: "trưởng" cut from "HLV trưởng"). Being
/// named in many documents does not make a person confident: a singer, a footballer or a king of
/// old is named often and holds no public office, and the register builds no profiles of private
/// people. The others are
/// doubtful: kept, their page still works, but left out of the people list, name look-ups and
/// facets unless asked (`doubtful`).
pub fn person_confident_sql() -> &'static str {
    &PERSON
}

/// Whether the register trusts a cited document `dr` (a row of `directives`): it can be
/// identified — a code with its series ("35-CT/TW", "91/2015/NĐ-CP"), an issuer, a date or a
/// title — or it is cited by two original documents, or a user corrected it. A bare kind and
/// number ("Quyết định 153") cited by one document could be any of many bodies' documents: it
/// is doubtful, hidden from the list of directives, the directive facet and look-ups unless
/// asked; its page still works.
pub const DIRECTIVE_CONFIDENT_SQL: &str = "(dr.code IS NOT NULL OR dr.series IS NOT NULL OR dr.issuer IS NOT NULL
    OR dr.date IS NOT NULL OR dr.title IS NOT NULL
    OR (SELECT COUNT(DISTINCT m.doc) FROM directive_mentions m JOIN documents d ON d.id = m.doc
        WHERE m.directive = dr.id AND m.rule <> 'same_text' AND d.dup_of IS NULL) >= 2
    OR EXISTS (SELECT 1 FROM directive_mentions m JOIN documents d ON d.id = m.doc
               JOIN corrections c ON c.doc = d.ext_id AND c.kind = 'directive' AND c.start = m.start AND c.end = m.end
               WHERE m.directive = dr.id AND c.action = 'edit' AND c.withdrawn = 0 AND c.field IS NOT NULL AND c.value IS NOT NULL))";
