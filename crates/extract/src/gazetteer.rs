//! Word lists compiled into automata.
//!
//! Language knowledge (family names, ranks, titles, organisation types, document kinds, cue verbs …)
//! lives in `data/*.tsv` beside this crate, embedded with `include_str!` and compiled once into a
//! leftmost-longest [`AhoCorasick`] over the folded form of each entry. Matching runs on a
//! [`Document::key`](chidao_text::Document::key), so every match is a byte span of the text.
//!
//! The lists that the readers scan over every sentence are also compiled together (`union.rs`):
//! [`Gazetteer::find_in_doc`] reads their matches from one scan of the whole document.
//!
//! File format: one entry per line; `#` starts a comment line; an entry may carry tab-separated
//! fields after the pattern (`pattern<TAB>field1<TAB>field2`), read back with [`Gazetteer::fields`].

use rustc_hash::FxHashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, Input, MatchKind, StartKind, dfa::DFA, nfa::contiguous::NFA};
use chidao_text::{Span, fold, is_folded};

mod union;

/// A compiled word list.
#[derive(Debug)]
pub struct Gazetteer {
    name: &'static str,
    /// Used directly rather than through `AhoCorasick`, whose dynamic dispatch per byte costs
    /// more than the search itself on the short anchored look-ups of [`Gazetteer::match_at`].
    automaton: NFA,
    /// The same patterns as a DFA for unanchored scans of whole sentences ([`Gazetteer::find_in`]),
    /// where a state transition per byte without failure links pays for its size.
    scanner: DFA,
    /// Folded pattern → first entry with it, for exact look-ups without a scan.
    /// (FxHash: its keys are our own word lists, so no attacker chooses what is inserted.)
    exact: FxHashMap<String, usize>,
    /// Bit `(b0 << 8) | b1` is set when some pattern starts with the bytes `b0 b1` (every `b1` for
    /// a one-byte pattern): [`Gazetteer::match_at`] rejects most positions without a search.
    starts: Box<[u64]>,
    entries: Vec<Entry>,
}

/// One line of a word list.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The pattern as written in the file.
    pub pattern: String,
    /// Extra tab-separated fields.
    pub fields: Vec<String>,
}

/// A match of a word list in a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry.
    pub entry: usize,
    /// Where it matched.
    pub span: Span,
}

impl Gazetteer {
    /// Compiles an embedded list. Panics only on a malformed embedded file, which the unit tests
    /// of each list catch at build time.
    pub fn new(name: &'static str, data: &str) -> Gazetteer {
        let mut entries = Vec::new();
        let mut patterns = Vec::new();
        let mut exact = FxHashMap::default();
        let mut starts = vec![0u64; 1024].into_boxed_slice();
        for line in data.lines() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut parts = line.split('\t');
            let pattern = parts.next().unwrap_or_default().trim().to_string();
            if pattern.is_empty() {
                continue;
            }
            let folded = fold(&pattern);
            match folded.as_bytes() {
                [a] => {
                    for b in 0..=255u8 {
                        set_bit(&mut starts, *a, b);
                    }
                }
                [a, b, ..] => set_bit(&mut starts, *a, *b),
                [] => {}
            }
            exact.entry(folded.clone()).or_insert(entries.len());
            patterns.push(folded);
            entries.push(Entry { pattern, fields: parts.map(|f| f.trim().to_string()).collect() });
        }
        // A contiguous NFA (compact: the many lists stay in cache; a full DFA measured slower)
        // that serves both anchored and unanchored searches.
        let automaton = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .unwrap_or_else(|e| panic!("word list {name} does not compile: {e}"));
        let scanner = DFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Unanchored)
            .build(&patterns)
            .unwrap_or_else(|e| panic!("word list {name} does not compile: {e}"));
        Gazetteer { name, automaton, scanner, exact, starts, entries }
    }

    /// The list's name (its file stem).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at `i`.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// The extra fields of entry `i`.
    pub fn fields(&self, i: usize) -> &[String] {
        &self.entries[i].fields
    }

    /// Whole-word matches in `key[span]` (a key from [`chidao_text::key`]); offsets are absolute.
    pub fn find_in(&self, key: &str, span: Span) -> Vec<Hit> {
        whole_words(key, span, |at| {
            let m = self.scanner.try_find(&Input::new(key).range(at..span.end)).ok()??;
            Some((m.start(), m.end(), m.pattern().as_usize()))
        })
    }

    /// Whole-word matches in a whole key.
    pub fn find(&self, key: &str) -> Vec<Hit> {
        self.find_in(key, Span::new(0, key.len()))
    }

    /// The entry that matches `s` exactly (after folding), if any. A slice of a document key is
    /// already folded and is looked up without folding it again.
    pub fn lookup(&self, s: &str) -> Option<usize> {
        let s = s.trim();
        if let Some(&i) = self.exact.get(s) {
            return Some(i);
        }
        // ASCII folds by lower-casing alone: no need to build the fold when nothing is upper case.
        if s.is_ascii() {
            if !s.bytes().any(|b| b.is_ascii_uppercase()) {
                return None;
            }
            return self.exact.get(&s.to_ascii_lowercase()).copied();
        }
        // A slice of a key (the usual query) is its own fold: it missed already.
        if is_folded(s) {
            return None;
        }
        self.exact.get(&fold(s)).copied()
    }

    /// [`Gazetteer::lookup`] for whole words of a document key, which are their own fold: no
    /// folding and no hashing when no entry starts with their first two bytes (the hot look-up
    /// of the figure and event readers, once per word). The whole corpus gives the same records
    /// through either look-up.
    pub fn lookup_key(&self, s: &str) -> Option<usize> {
        let s = s.trim();
        if !self.may_start(s) {
            return None;
        }
        self.exact.get(s).copied()
    }

    /// False when no entry starts with the first two bytes of the folded `s` (see `starts`).
    #[inline]
    fn may_start(&self, s: &str) -> bool {
        match s.as_bytes() {
            [a, b, ..] => {
                let i = (usize::from(*a) << 8) | usize::from(*b);
                self.starts[i >> 6] & (1 << (i & 63)) != 0
            }
            _ => true,
        }
    }

    /// The entry matching a prefix of `key[at..]` on a word boundary, longest first.
    pub fn match_at(&self, key: &str, at: usize) -> Option<Hit> {
        let hay = key.get(at..)?;
        if !self.may_start(hay) {
            return None;
        }
        // The automaton's anchored leftmost-longest search, walked here: it is called at most words
        // of every sentence, where setting a search up costs about as much as the walk.
        let a = &self.automaton;
        let mut sid = a.start_state(Anchored::Yes).ok()?;
        let mut found = None;
        for (i, &b) in hay.as_bytes().iter().enumerate() {
            sid = a.next_state(Anchored::Yes, sid, b);
            if a.is_special(sid) {
                if a.is_dead(sid) {
                    break;
                }
                // (A state's first entry may end its path without starting it: not a match here.)
                if a.is_match(sid) {
                    let pid = a.match_pattern(sid, 0);
                    if a.pattern_len(pid) == i + 1 {
                        found = Some((pid.as_usize(), i + 1));
                    }
                }
            }
        }
        let (entry, end) = found?;
        is_word_boundary(hay, 0, end).then(|| Hit { entry, span: Span::new(at, at + end) })
    }
}

/// A list's whole-word matches in `key[span]`, given `next(at)`: its leftmost-longest match
/// (start, end, entry; absolute offsets inside the span) starting at or after `at`. A match inside
/// a word ("sa phải" in "formosa phải") is dropped, and the search goes on from the next
/// character, not past the match: the whole word after it ("phải") counts.
fn whole_words(key: &str, span: Span, mut next: impl FnMut(usize) -> Option<(usize, usize, usize)>) -> Vec<Hit> {
    // (A span off the key's characters panics here.)
    let hay = &key[span.start..span.end];
    let mut out = Vec::new();
    let mut at = span.start;
    while at < span.end {
        let Some((start, end, entry)) = next(at) else { break };
        let (s, e) = (start - span.start, end - span.start);
        if is_word_boundary(hay, s, e) {
            out.push(Hit { entry, span: Span::new(start, end) });
            at = end;
        } else {
            at = start + hay[s..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

fn set_bit(bits: &mut [u64], a: u8, b: u8) {
    let i = (usize::from(a) << 8) | usize::from(b);
    bits[i >> 6] |= 1 << (i & 63);
}

/// True when `s[start..end]` is not glued to letters or digits on either side.
pub fn is_word_boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back().is_none_or(|c| !is_alphanumeric(c));
    let after = s[end..].chars().next().is_none_or(|c| !is_alphanumeric(c));
    before && after
}

// The fast case and class tests of the Latin letters live in the text layer, which needs them
// too; the readers call them from here.
pub use chidao_text::case::{is_alphabetic, is_alphanumeric, is_lowercase, is_uppercase};

/// Declares a lazily compiled word list from `data/<file>`, or from a list another crate embeds
/// (`gazetteer!(NAME, "file.tsv", source)`).
#[macro_export]
macro_rules! gazetteer {
    ($vis:vis $name:ident, $file:literal) => {
        $crate::gazetteer!($vis $name, $file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $file)));
    };
    ($vis:vis $name:ident, $file:literal, $source:expr) => {
        $vis static $name: ::std::sync::LazyLock<$crate::gazetteer::Gazetteer> =
            ::std::sync::LazyLock::new(|| $crate::gazetteer::Gazetteer::new($file, $source));
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_inside_a_word_does_not_hide_the_word_after_it() {
        let g = Gazetteer::new("t", "va phải\nphải\n");
        let key = chidao_text::key("Công ty Java phải nộp báo cáo; xe va phải cột");
        let hits: Vec<&str> = g.find(&key).iter().map(|h| h.span.of(&key)).collect();
        assert_eq!(hits, ["phải", "va phải"]);
    }

    #[test]
    fn matches_whole_words_on_the_key() {
        let g = Gazetteer::new("t", "# comment\nThành ủy\tTU\nủy ban nhân dân\tUBND\n");
        let text = chidao_text::nfc("Thành uỷ và Ủy ban nhân dân; thành ủyx");
        let key = chidao_text::key(&text);
        let hits = g.find(&key);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].span.of(&text), "Thành uỷ");
        assert_eq!(g.fields(hits[1].entry), ["UBND"]);
        assert_eq!(g.lookup("THÀNH UỶ"), Some(0));
    }

    #[test]
    fn match_at_screens_by_first_bytes() {
        let g = Gazetteer::new("t", "chỉ đạo\nx\nyêu cầu\n");
        let key = chidao_text::key("Ông chỉ đạo và yêu cầu x");
        let c = key.find("chỉ").unwrap();
        assert_eq!(g.match_at(&key, c).map(|h| h.span.of(&key)), Some("chỉ đạo"));
        assert_eq!(g.match_at(&key, 0), None);
        let y = key.find("yêu").unwrap();
        assert_eq!(g.match_at(&key, y).map(|h| h.span.of(&key)), Some("yêu cầu"));
        assert_eq!(g.match_at(&key, key.len() - 1).map(|h| h.entry), Some(1));
        assert_eq!(g.match_at(&key, key.len()), None);
    }

    /// The search `match_at` walks by hand, as the automaton's own anchored search runs it.
    fn match_at_by_search(g: &Gazetteer, key: &str, at: usize) -> Option<Hit> {
        let hay = key.get(at..)?;
        let m = g.automaton.try_find(&Input::new(hay).anchored(Anchored::Yes)).ok()??;
        is_word_boundary(hay, m.start(), m.end())
            .then(|| Hit { entry: m.pattern().as_usize(), span: Span::new(at + m.start(), at + m.end()) })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

        /// At every character of a text made of the lists' entries, their pieces and glue.
        #[test]
        fn match_at_finds_what_the_anchored_search_finds(picks in proptest::collection::vec((0usize..100_000, 0u8..3), 1..60)) {
            let lists: [&Gazetteer; 4] = [&crate::task::lex::CUES, &crate::person::TITLES, &crate::org::ORG_TYPES, &crate::org::ORG_ABBREVIATIONS];
            let mut vocab: Vec<String> = lists.iter().flat_map(|g| g.entries.iter().flat_map(|e| [e.pattern.clone(), e.pattern.split(' ').next().unwrap_or("").to_string()])).collect();
            vocab.extend(["x", "ủy", "2024", ",", "(", "-"].map(String::from));
            let mut text = String::new();
            for (w, sep) in picks {
                text.push_str(&vocab[w % vocab.len()]);
                text.push_str(["", " ", "  "][usize::from(sep)]);
            }
            let key = chidao_text::key(&text);
            for g in lists {
                for (at, _) in key.char_indices() {
                    proptest::prop_assert_eq!(g.match_at(&key, at), match_at_by_search(g, &key, at), "{} at {}", g.name(), at);
                }
            }
        }
    }

    #[test]
    fn key_lookups_agree_with_lookups() {
        let g = Gazetteer::new("t", "hai mươi\nmột\nđoàn\nx\n");
        let text = chidao_text::nfc("Hai mươi Đoàn viên, MỘT người và x");
        let key = chidao_text::key(&text);
        for w in ["hai mươi", "đoàn", "một", "x", "viên", "người", "và"] {
            let at = key.find(w).unwrap();
            let slice = &key[at..at + w.len()];
            assert_eq!(g.lookup_key(slice), g.lookup(slice), "{w}");
        }
        assert_eq!(g.lookup_key("đoàn"), Some(2));
        assert_eq!(g.lookup_key("viên"), None);
    }

    #[test]
    fn ascii_lookups_fold_case() {
        let g = Gazetteer::new("t", "UBND\nso\n");
        assert_eq!(g.lookup("ubnd"), Some(0));
        assert_eq!(g.lookup(" UbNd "), Some(0));
        assert_eq!(g.lookup("SO"), Some(1));
        assert_eq!(g.lookup("sở"), None);
        assert_eq!(g.lookup("x"), None);
    }
}

