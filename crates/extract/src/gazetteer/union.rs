//! The word lists that the readers scan sentence by sentence over a document's key, scanned
//! together once per document.
//!
//! Each reader asks its list for the whole-word matches in a span ([`Gazetteer::find_in`]): one
//! leftmost-longest scan of the span per list, six lists over every sentence. [`Union`] holds one
//! automaton of all their entries; a document's [`Scan`] is one pass of it over the key, keeping
//! every occurrence of every entry (overlapping ones too). A list's matches in a span are then
//! read from its occurrences inside the span (the leftmost start, the longest entry there, the
//! first entry of a tie), kept or passed by the rule its own scan follows (`whole_words`), so
//! [`Gazetteer::find_in_doc`] gives what `find_in` gives.
//! The scan is kept in the document's memo ([`chidao_text::document::Memo`]).

use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, OverlappingState};
use aho_corasick::{Input, MatchKind, StartKind, dfa::DFA};
use chidao_text::{Document, Span, fold};

use super::{Gazetteer, Hit, whole_words};

/// The lists scanned together: those the readers scan over every sentence (or the whole key).
pub(crate) static SCANNED: LazyLock<Union> = LazyLock::new(|| {
    Union::new(vec![
        &crate::org::ORG_TYPES,
        &crate::org::ORG_ABBREVIATIONS,
        &crate::task::lex::CUES,
        &crate::person::TITLES,
        &crate::docref::DOC_KINDS,
        &crate::header::HEADER_LINES,
        &crate::figure::NUMBER_WORDS,
    ])
});

/// One automaton over the entries of several lists.
pub(crate) struct Union {
    members: Vec<&'static Gazetteer>,
    /// Every occurrence of every entry (standard semantics, searched overlapping).
    automaton: DFA,
    /// Pattern → (member, entry of that member).
    owner: Vec<(usize, usize)>,
}

impl Union {
    fn new(members: Vec<&'static LazyLock<Gazetteer>>) -> Union {
        let members: Vec<&'static Gazetteer> = members.into_iter().map(|g| &**g).collect();
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (m, g) in members.iter().enumerate() {
            // The same patterns as the list's own automata (see `Gazetteer::new`).
            for (e, entry) in g.entries.iter().enumerate() {
                patterns.push(fold(&entry.pattern));
                owner.push((m, e));
            }
        }
        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored)
            // No prefilter: the entries start with most letters (one made it no faster).
            .prefilter(false)
            .build(&patterns)
            .unwrap_or_else(|e| panic!("the scanned word lists do not compile together: {e}"));
        Union { members, automaton, owner }
    }

    /// The place of a list among the members.
    fn member(&self, g: &Gazetteer) -> Option<usize> {
        self.members.iter().position(|m| std::ptr::eq(*m, g))
    }

    /// Every occurrence of the members' entries in `key`, per member, sorted for [`Scan::find_in`];
    /// `None` if the automaton refuses the search (it does not: an unanchored search of a whole
    /// input is what it was built for), and then each list scans alone.
    fn scan(&self, key: &str) -> Option<Scan> {
        let mut lists: Vec<Vec<Occurrence>> = vec![Vec::new(); self.members.len()];
        let input = Input::new(key);
        let mut state = OverlappingState::start();
        loop {
            self.automaton.try_find_overlapping(&input, &mut state).ok()?;
            let Some(m) = state.get_match() else { break };
            let (member, entry) = self.owner[m.pattern().as_usize()];
            lists[member].push(Occurrence { start: m.start() as u32, end: m.end() as u32, entry: entry as u32 });
        }
        for l in &mut lists {
            l.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.entry.cmp(&b.entry)));
        }
        Some(Scan { lists })
    }
}

/// Where an entry of a list occurs in a key (12 bytes: a long document holds millions).
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    start: u32,
    end: u32,
    entry: u32,
}

impl Occurrence {
    fn start(self) -> usize {
        self.start as usize
    }

    fn end(self) -> usize {
        self.end as usize
    }
}

/// The occurrences of the scanned lists' entries in one document's key.
pub(crate) struct Scan {
    /// Per member: by start, the longest first, then by entry.
    lists: Vec<Vec<Occurrence>>,
}

impl Scan {
    /// Member `m`'s whole-word matches in `key[span]`, as [`Gazetteer::find_in`] finds them.
    fn find_in(&self, m: usize, key: &str, span: Span) -> Vec<Hit> {
        let occ = &self.lists[m];
        let mut i = occ.partition_point(|o| o.start() < span.start);
        whole_words(key, span, |at| {
            while occ.get(i).is_some_and(|o| o.start() < at) {
                i += 1;
            }
            // The leftmost-longest occurrence at or after `at` that ends inside the span.
            let o = occ[i..].iter().take_while(|o| o.start() < span.end).find(|o| o.end() <= span.end)?;
            Some((o.start(), o.end(), o.entry as usize))
        })
    }
}

impl Gazetteer {
    /// This list's place among [`SCANNED`] and `doc`'s one scan of them all (made on first use);
    /// `None` for a list that is not scanned there, or a key the scan cannot hold (offsets are kept
    /// in 32 bits: a key beyond 4 GiB is scanned list by list).
    fn doc_scan<'d>(&self, doc: &'d Document) -> Option<(usize, &'d Scan)> {
        let m = SCANNED.member(self).filter(|_| u32::try_from(doc.key.len()).is_ok())?;
        match doc.memo.get_or_init(|| SCANNED.scan(&doc.key)) {
            Some(Some(scan)) => Some((m, scan)),
            _ => None,
        }
    }

    /// Every occurrence of this list's entries that lies inside a span of `doc`'s key, inside
    /// words and overlapping ones too, by start; `None` for a list that is not one of [`SCANNED`]
    /// (or a key the scan cannot hold), of which nothing is known.
    pub(crate) fn occurrences_in_doc<'d>(&self, doc: &'d Document, span: Span) -> Option<impl Iterator<Item = Span> + use<'d>> {
        let (m, scan) = self.doc_scan(doc)?;
        let occ = &scan.lists[m];
        let from = occ.partition_point(|o| o.start() < span.start);
        Some(occ[from..].iter().take_while(move |o| o.start() < span.end).filter(move |o| o.end() <= span.end).map(|o| Span::new(o.start(), o.end())))
    }

    /// [`Gazetteer::find_in`] over a span of `doc`'s key. For a list of [`SCANNED`] the matches
    /// are read from the document's one scan of them all (made on first use).
    pub fn find_in_doc(&self, doc: &Document, span: Span) -> Vec<Hit> {
        match self.doc_scan(doc) {
            Some((m, scan)) => scan.find_in(m, &doc.key, span),
            None => self.find_in(&doc.key, span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words that make matches: the members' own entries, pieces of them, and glue.
    fn vocabulary() -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for g in &SCANNED.members {
            for e in g.entries.iter().step_by(3) {
                v.push(e.pattern.clone());
                if let Some(w) = e.pattern.split(' ').next() {
                    v.push(w.to_string());
                }
            }
        }
        v.extend(["Tỉnh", "các", "đơn vị", "a", "ban", "X", "2024", "-", ",", ".", ":", "(", ")", "\n\n", "•", "ủy"].map(String::from));
        v
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]

        /// Every member, over every sentence and paragraph and a span between two random
        /// characters: the matches read from the scan are those of the list's own scan.
        #[test]
        fn the_scan_finds_what_each_list_finds(picks in proptest::collection::vec((0usize..100_000, 0u8..4), 1..120), cut in (0usize..10_000, 0usize..10_000)) {
            let vocab = vocabulary();
            let mut text = String::new();
            for (w, sep) in picks {
                text.push_str(&vocab[w % vocab.len()]);
                // Glued to the next word, or a space, or no space after punctuation.
                text.push_str(["", " ", " ", "  "][usize::from(sep)]);
            }
            let doc = Document::new("t.txt", text);
            let bounds: Vec<usize> = doc.key.char_indices().map(|(i, _)| i).chain([doc.key.len()]).collect();
            let (a, b) = (bounds[cut.0 % bounds.len()], bounds[cut.1 % bounds.len()]);
            let mut spans: Vec<Span> = doc.sentences.iter().map(|s| s.span).chain(doc.paragraphs.iter().copied()).collect();
            spans.push(Span::new(a.min(b), a.max(b)));
            spans.push(Span::new(0, doc.key.len()));
            for g in &SCANNED.members {
                for &sp in &spans {
                    proptest::prop_assert_eq!(g.find_in_doc(&doc, sp), g.find_in(&doc.key, sp), "{} over {:?}", g.name(), sp);
                }
            }
        }
    }

    #[test]
    fn a_list_outside_the_union_scans_alone() {
        let g = Gazetteer::new("t", "chỉ đạo\n");
        let doc = Document::new("t.txt", "Tỉnh ủy chỉ đạo.".to_string());
        assert_eq!(g.find_in_doc(&doc, Span::new(0, doc.key.len())), g.find_in(&doc.key, Span::new(0, doc.key.len())));
        assert_eq!(g.find_in_doc(&doc, Span::new(0, doc.key.len())).len(), 1);
    }

    #[test]
    fn a_documents_scan_is_made_once_and_not_cloned() {
        let doc = Document::new("t.txt", "Ủy ban nhân dân tỉnh yêu cầu các sở báo cáo.".to_string());
        let all = Span::new(0, doc.key.len());
        assert!(format!("{:?}", doc.memo).contains("empty"));
        let first = crate::org::ORG_TYPES.find_in_doc(&doc, all);
        assert!(!first.is_empty());
        assert!(format!("{:?}", doc.memo).contains("filled"));
        assert!(format!("{:?}", doc.clone().memo).contains("empty"));
        assert_eq!(crate::task::lex::CUES.find_in_doc(&doc, all), crate::task::lex::CUES.find_in(&doc.key, all));
    }
}
