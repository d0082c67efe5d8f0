//! People across documents: the rule for namesakes, and the organisation part of a role.
//!
//! **Rule.** A person found in a document is the same as a person already in the register when
//! (1) their full names are equal after [`chidao_text::fold`] (case, NFC and tone-mark style), and
//! (2) their roles are compatible: the *distinctive words* of the roles — the words left after
//! removing position and organisation-type words (`data/role_words.txt`), i.e. mostly place names
//! and branches — are empty on either side, or share at least one word. "Bí thư Tỉnh ủy Hòa Lạc"
//! and "Chủ tịch UBND tỉnh Hòa Lạc" share "hoa lac": same person, a second role. "Giám đốc Công an
//! tỉnh Hòa Lạc" and "Giám đốc Sở Y tế tỉnh Bình Sơn" share nothing: two namesakes, and the second
//! entity's mention records the rule `namesake_split` with the words compared as evidence.
//! When several registered namesakes are compatible the oldest (first registered) is chosen.
//! Rank is not compared (officers are promoted).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chidao_text::ascii_fold::ascii_fold;

static ROLE_WORDS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    include_str!("../data/role_words.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split_whitespace())
        .map(ascii_fold)
        .collect()
});

static ORG_HEADS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    include_str!("../data/org_heads.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(chidao_text::fold).collect())
        .collect()
});

/// The distinctive words of some roles (see the module documentation), ASCII-folded.
pub fn distinctive_words<'a>(roles: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for r in roles {
        for w in ascii_fold(r).split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() && !ROLE_WORDS.contains(w) && !w.chars().all(|c| c.is_ascii_digit()) {
                out.insert(w.to_string());
            }
        }
    }
    out
}

/// Whether two sets of distinctive words allow the same person; `Err` carries the evidence.
pub fn compatible(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Result<Option<String>, String> {
    if a.is_empty() || b.is_empty() {
        return Ok(None);
    }
    let shared: Vec<&str> = a.intersection(b).map(String::as_str).collect();
    if shared.is_empty() {
        Err(format!("roles share no distinctive word: {{{}}} vs {{{}}}", join(a), join(b)))
    } else {
        Ok(Some(format!("roles share {{{}}}", shared.join(" "))))
    }
}

fn join(s: &BTreeSet<String>) -> String {
    s.iter().map(String::as_str).collect::<Vec<_>>().join(" ")
}

/// The organisation part of a role as written: from the first organisation-type word on
/// ("Phó Bí thư Thường trực Tỉnh ủy Hòa Lạc" → "Tỉnh ủy Hòa Lạc"); `None` when there is none.
pub fn org_of_role(role: &str) -> Option<&str> {
    let words: Vec<(usize, &str)> = role
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - role.as_ptr() as usize, w))
        .collect();
    let folded: Vec<String> = words.iter().map(|(_, w)| chidao_text::fold(w.trim_matches(|c: char| !c.is_alphanumeric()))).collect();
    for i in 0..words.len() {
        for head in ORG_HEADS.iter() {
            let n = head.len();
            if i + n > words.len() || folded[i..i + n] != head[..] {
                continue;
            }
            // "Bộ trưởng", "Ban trưởng": a position, not the organisation.
            if folded.get(i + n).is_some_and(|w| w == "trưởng") {
                continue;
            }
            let start = words[i].0;
            let mut org = role[start..].trim_end_matches(|c: char| !c.is_alphanumeric());
            // Trailing punctuation goes, but for the bracket that closes one the name opened:
            // "(PVC)" is part of the name, "(PVC" is a cut one.
            if org.matches('(').count() > org.matches(')').count() && role[start + org.len()..].starts_with(')') {
                org = &role[start..start + org.len() + 1];
            }
            return (!org.is_empty()).then_some(org);
        }
    }
    None
}

/// The version of [`org_of_role`]'s rules that the stored `person_roles.org` come from: 1 = a
/// closing bracket that the name opened is kept ("(PVC)"), and "Tổng công ty", "Liên đoàn",
/// "Ngân hàng", "Học viện", "Đại học" begin an organisation. Kept in `meta` (`role_orgs`); a
/// register written by an earlier build has its organisations read again once
/// ([`role_org_changes`]), on SQLite and on PostgreSQL alike.
pub(crate) const ROLE_ORGS: i64 = 1;

/// The rows of `person_roles` (row id, role, stored organisation) whose organisation this build
/// reads differently, with the new one. Each distinct role is read once.
pub(crate) fn role_org_changes(rows: impl IntoIterator<Item = (i64, String, Option<String>)>) -> Vec<(i64, Option<String>)> {
    let mut seen: std::collections::HashMap<String, Option<String>> = std::collections::HashMap::new();
    rows.into_iter()
        .filter_map(|(id, role, org)| {
            let now = seen.entry(role).or_insert_with_key(|r| org_of_role(r).map(str::to_string));
            (*now != org).then(|| (id, now.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_place_is_compatible() {
        let a = distinctive_words(["Bí thư Tỉnh ủy Hòa Lạc"]);
        let b = distinctive_words(["Chủ tịch UBND tỉnh Hòa Lạc"]);
        assert!(compatible(&a, &b).is_ok());
    }

    #[test]
    fn other_place_is_a_namesake() {
        let a = distinctive_words(["Giám đốc Công an tỉnh Hòa Lạc"]);
        let b = distinctive_words(["Giám đốc Sở Y tế tỉnh Bình Sơn"]);
        assert!(compatible(&a, &b).is_err());
        assert!(compatible(&a, &BTreeSet::new()).is_ok());
    }

    #[test]
    fn org_part() {
        assert_eq!(org_of_role("Phó Bí thư Thường trực Tỉnh ủy Hòa Lạc"), Some("Tỉnh ủy Hòa Lạc"));
        assert_eq!(org_of_role("Bộ trưởng Bộ Công an"), Some("Bộ Công an"));
        assert_eq!(org_of_role("Giám đốc Công an tỉnh Hòa Lạc,"), Some("Công an tỉnh Hòa Lạc"));
        assert_eq!(org_of_role("Đại biểu"), None);
        // A bracket the name opens is closed; a "Tổng công ty" keeps its first word.
        assert_eq!(org_of_role("Chủ tịch Tổng Công ty Xây lắp Hòa Lạc (HLC)"), Some("Tổng Công ty Xây lắp Hòa Lạc (HLC)"));
        assert_eq!(org_of_role("Giám đốc Sở Y tế (tỉnh Hòa Lạc),"), Some("Sở Y tế (tỉnh Hòa Lạc)"));
        assert_eq!(org_of_role("Phó Giám đốc Công an tỉnh Hòa Lạc)"), Some("Công an tỉnh Hòa Lạc"));
        assert_eq!(org_of_role("Thống đốc Ngân hàng Nhà nước"), Some("Ngân hàng Nhà nước"));
        assert_eq!(org_of_role("Chủ tịch Liên đoàn Lao động tỉnh Hòa Lạc"), Some("Liên đoàn Lao động tỉnh Hòa Lạc"));
    }
}
