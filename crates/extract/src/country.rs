//! Foreign countries and places as written (`data/countries.tsv`, case-sensitive: "Pháp" is
//! France, "tư pháp" is not). The task reader asks whether an actor is a foreign state
//! ([`crate::task`]); the person reader asks where a foreign leader's title ends ("Thủ tướng Lào
//! ⟨name⟩"), so that the title goes with the guest's name and not with the host named before.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use chidao_text::Span;

/// What an entry of `countries.tsv` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A country or foreign place.
    Country,
    /// A country whose name is also a given name, a common word or the start of a Vietnamese
    /// place's name ("Đức", "Anh", "Nga", "Lào"): a country only right after a head word.
    Ambiguous,
    /// A compound that holds a country's name and is none ("Tư pháp").
    Not,
}

struct Countries {
    /// Leftmost-longest over the names as written.
    automaton: AhoCorasick,
    /// Pattern → mark.
    marks: Vec<Mark>,
    /// Name as written → mark.
    by_name: HashMap<String, Mark>,
}

static COUNTRIES: LazyLock<Countries> = LazyLock::new(|| {
    let mut names = Vec::new();
    let mut marks = Vec::new();
    for l in include_str!("../data/countries.tsv").lines() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let mut it = l.split('\t');
        names.push(chidao_text::nfc(it.next().unwrap_or("").trim()).into_owned());
        marks.push(match it.next().map(str::trim) {
            Some("ambiguous") => Mark::Ambiguous,
            Some("not") => Mark::Not,
            _ => Mark::Country,
        });
    }
    // A DFA: it scans whole documents (`task::actor::foreign_mentions`), where a transition per
    // byte pays for its size.
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&names)
        .unwrap_or_else(|e| panic!("countries.tsv does not compile: {e}"));
    let by_name = names.iter().cloned().zip(marks.iter().copied()).collect();
    Countries { automaton, marks, by_name }
});

/// The names of the list in `text` (NFC), leftmost-longest, those standing as whole words.
pub(crate) fn mentions(text: &str) -> impl Iterator<Item = (Span, Mark)> + '_ {
    let c = &*COUNTRIES;
    let word_char = |ch: char| ch.is_alphanumeric();
    c.automaton
        .find_iter(text)
        .filter(move |m| text[..m.start()].chars().next_back().is_none_or(|ch| !word_char(ch)) && text[m.end()..].chars().next().is_none_or(|ch| !word_char(ch)))
        .map(|m| (Span::new(m.start(), m.end()), c.marks[m.pattern().as_usize()]))
}

/// The mark of `name` (NFC, as written) when it is an entry of the list.
pub(crate) fn exact(name: &str) -> Option<Mark> {
    COUNTRIES.by_name.get(name).copied()
}

/// Number of entries.
#[cfg(test)]
pub(crate) fn len() -> usize {
    COUNTRIES.marks.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_whole_words_as_written() {
        let text = "Thủ tướng Lào và Sở Tư Pháp; Pháp, Nhật Bản; Lào Cai";
        let found: Vec<(&str, Mark)> = mentions(text).map(|(s, m)| (s.of(text), m)).collect();
        assert_eq!(found[0], ("Lào", Mark::Ambiguous));
        assert!(found.contains(&("Tư Pháp", Mark::Not)));
        assert!(found.contains(&("Pháp", Mark::Country)));
        assert!(found.contains(&("Nhật Bản", Mark::Country)));
        assert_eq!(exact("Lào"), Some(Mark::Ambiguous));
        assert_eq!(exact("lào"), None);
        assert!(len() > 30);
    }
}
