//! Word lists the text layer shares with the extractors built on it.
//!
//! The sentence splitter needs the Vietnamese family names to tell a glued sentence that opens
//! with a person ("… cao nhất Ông Lê Văn Tâm cho rằng …") from a place named after one ("phố Bà
//! Triệu"); the person extractor needs the same list to find full names. One file serves both.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::normalize::fold;

/// Vietnamese family names (`data/family_names.tsv`): one per line, `#` comments; a field after a
/// tab qualifies a name (`middle`: only before a middle name; `place_word`: a common word before a
/// place name too; both read by the person extractor).
pub const FAMILY_NAMES_TSV: &str = include_str!("../data/family_names.tsv");

static FAMILY_NAMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    FAMILY_NAMES_TSV
        .lines()
        .map(str::trim)
        // A name only before a middle name ("Vàng\tmiddle": a common word too) is a name only in
        // the person extractor's structure, never a sentence's start.
        .filter(|l| !l.is_empty() && !l.starts_with('#') && l.split('\t').nth(1).is_none_or(|f| f.trim() != "middle"))
        .map(|l| fold(l.split('\t').next().unwrap_or(l).trim()))
        .collect()
});

/// Whether `word` (any case) is a listed family name.
pub fn is_family_name(word: &str) -> bool {
    FAMILY_NAMES.contains(&fold(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_in_any_case() {
        assert!(is_family_name("Nguyễn"));
        assert!(is_family_name("NGUYỄN"));
        assert!(is_family_name("nguyễn"));
        assert!(!is_family_name("Rịa"));
        assert!(!is_family_name("Quốc hội"));
        // A name that is also a common word is the person extractor's alone.
        assert!(!is_family_name("Vàng"));
    }
}
