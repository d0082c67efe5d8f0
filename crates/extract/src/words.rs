//! Closed classes of words and short phrases that the readers test tokens against ("đã", "vừa",
//! "đang"; "thời gian tới"), kept in a module's data file beside its gazetteers
//! (`data/task_words.tsv`, `data/figure_words.tsv` …), one class a line:
//!
//! ```text
//! # What the class does, with examples (the file documents each class).
//! class<TAB>entry | entry | phrase of words | word * word
//! ```
//!
//! Entries are folded like keys; a phrase's words are matched token by token and `*` stands for
//! any one token. [`word_classes!`](crate::word_classes) declares a module's classes as statics,
//! compiled on first use.

/// A closed class of words and short phrases (keys).
#[derive(Debug)]
pub struct Words {
    /// Each entry's words; "*" stands for any one token.
    entries: Vec<Vec<String>>,
    /// The one-word entries (tested one token at a time, in hot loops).
    singles: Vec<String>,
    /// A screen before the one-word entries are compared. Most tokens fail it.
    single_screen: Screen,
    /// The number of words of the longest entry.
    longest: usize,
    /// The entries (indexes into `entries`) by their first word, and those opened by "*": a
    /// phrase is compared only with the entries its first token can open.
    by_first: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// A screen before the first word is looked up (most tokens open no entry).
    first_screen: Screen,
    wild: Vec<usize>,
}

/// The bit of each word's length (up to 63 bytes) and of its first byte: a word that fails either
/// is none of the words screened.
#[derive(Debug, Default)]
struct Screen {
    lengths: u64,
    firsts: [u64; 4],
}

impl Screen {
    fn add(&mut self, w: &str) {
        self.lengths |= 1 << w.len().min(63);
        if let Some(&b) = w.as_bytes().first() {
            let b = usize::from(b);
            self.firsts[b >> 6] |= 1 << (b & 63);
        }
    }

    fn may_hold(&self, w: &str) -> bool {
        let Some(&b) = w.as_bytes().first() else { return false };
        let b = usize::from(b);
        self.lengths & (1 << w.len().min(63)) != 0 && self.firsts[b >> 6] & (1 << (b & 63)) != 0
    }
}

impl Words {
    /// The class named `class` of the data file `file` whose text is `source` (lines
    /// `class<TAB>entry | entry | …`; several lines of a class add up).
    ///
    /// # Panics
    /// When the file has no such class: the files are compiled in, so this is a defect of the
    /// build, which each module's test of its classes catches.
    pub fn of(file: &str, source: &str, class: &str) -> Words {
        let entries: Vec<Vec<String>> = source
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .filter(|(c, _)| c.trim() == class)
            .flat_map(|(_, list)| list.split('|'))
            .map(|e| chidao_text::fold(e.trim()).split_whitespace().map(String::from).collect::<Vec<_>>())
            .filter(|e| !e.is_empty())
            .collect();
        assert!(!entries.is_empty(), "data/{file} has no class {class:?}");
        let singles: Vec<String> = entries.iter().filter(|e| e.len() == 1).map(|e| e[0].clone()).collect();
        let mut single_screen = Screen::default();
        for w in &singles {
            single_screen.add(w);
        }
        let longest = entries.iter().map(Vec::len).max().unwrap_or(0);
        let (mut by_first, mut first_screen, mut wild) = (rustc_hash::FxHashMap::<String, Vec<usize>>::default(), Screen::default(), Vec::new());
        for (i, e) in entries.iter().enumerate() {
            match e[0].as_str() {
                "*" => wild.push(i),
                w => {
                    first_screen.add(w);
                    by_first.entry(w.to_string()).or_default().push(i);
                }
            }
        }
        Words { entries, singles, single_screen, longest, by_first, first_screen, wild }
    }

    /// Whether the key `w` is one of the one-word entries.
    pub fn contains(&self, w: &str) -> bool {
        self.single_screen.may_hold(w) && self.singles.iter().any(|x| x == w)
    }

    /// The length in tokens of the longest entry that the words `word(0)`, `word(1)`, … spell out.
    pub fn prefix_len<'w>(&self, word: impl Fn(usize) -> &'w str) -> Option<usize> {
        let first = word(0);
        if self.wild.is_empty() && !self.first_screen.may_hold(first) {
            return None;
        }
        let opened = self.by_first.get(first).map_or(&[][..], Vec::as_slice);
        opened
            .iter()
            .chain(&self.wild)
            .map(|&k| &self.entries[k])
            .filter(|e| e.iter().enumerate().all(|(i, x)| x == "*" || word(i) == x))
            .map(Vec::len)
            .max()
    }

    /// The number of words of the longest entry.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Whether the words of `phrase` (folded) are those of an entry ("cho đến").
    pub fn is_entry(&self, phrase: &str) -> bool {
        self.entries.iter().any(|e| e.iter().map(String::as_str).eq(phrase.split_whitespace()))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the class has no entries (never, for a class of a data file).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Asserts what every class must hold: entries, a screen that lets each one-word entry
    /// through, phrases that spell themselves (for the modules' tests of their classes).
    #[cfg(test)]
    pub(crate) fn check(&self, name: &str) {
        assert!(!self.is_empty(), "{name}");
        for e in &self.entries {
            assert!(e.len() > 1 || self.contains(&e[0]), "{name}: {e:?}");
            assert!(self.prefix_len(|i| e.get(i).map_or("", String::as_str)).is_some_and(|n| n >= e.len()), "{name}: {e:?}");
        }
    }
}

/// Declares word classes of `data/<file>` as statics (`NAME = "class";` each), and `CLASSES`, the
/// list of them all by name, for the module's test.
#[macro_export]
macro_rules! word_classes {
    ($file:literal; $($name:ident = $class:literal;)*) => {
        $(
            #[doc = concat!("The word class `", $class, "` of `data/", $file, "` (described there).")]
            pub(crate) static $name: ::std::sync::LazyLock<$crate::words::Words> = ::std::sync::LazyLock::new(|| {
                $crate::words::Words::of($file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $file)), $class)
            });
        )*
        /// Every word class of this module, by name.
        #[cfg(test)]
        #[allow(dead_code)]
        pub(crate) static CLASSES: &[(&str, &::std::sync::LazyLock<$crate::words::Words>)] = &[$(($class, &$name)),*];
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# a test file\nx\tđã | vừa\nx\tthời gian * tới\ny\tcho đến | tới\n";

    #[test]
    fn classes_add_up_and_match_words_and_phrases() {
        let x = Words::of("t.tsv", FILE, "x");
        assert_eq!(x.len(), 3);
        x.check("x");
        assert!(x.contains("đã") && !x.contains("đang") && !x.contains(""));
        assert_eq!(x.prefix_len(|i| ["thời", "gian", "sắp", "tới"].get(i).copied().unwrap_or("")), Some(4));
        assert_eq!(x.prefix_len(|i| ["thời", "gian", "tới"].get(i).copied().unwrap_or("")), None);
        let y = Words::of("t.tsv", FILE, "y");
        assert!(y.is_entry("cho  đến") && !y.is_entry("cho") && y.is_entry("tới"));
        assert_eq!(y.prefix_len(|i| ["cho", "đến", "nay"].get(i).copied().unwrap_or("")), Some(2));
    }

    /// Every class the modules declare is in its file, and sound.
    #[test]
    fn every_declared_class_is_in_its_file() {
        for classes in [crate::task::lex::CLASSES, crate::figure::CLASSES, crate::event::CLASSES, crate::date::CLASSES, crate::person::CLASSES] {
            for (name, class) in classes {
                class.check(name);
            }
        }
    }

    proptest::proptest! {
        /// Looking entries up by their first word (past the screen of first words) finds what
        /// comparing every entry finds, "*" opening an entry included.
        #[test]
        fn the_first_word_index_finds_what_every_entry_finds(picks in proptest::collection::vec(0usize..9, 0..6)) {
            let vocab = ["thời", "gian", "tới", "cho", "đến", "đã", "x", "", "thờ"];
            let words: Vec<&str> = picks.iter().map(|&p| vocab[p]).collect();
            let word = |i: usize| words.get(i).copied().unwrap_or("");
            for file in ["z\tthời gian * tới | thời gian | * tới | cho đến | cho | đã\n", "z\tthời gian | cho đến | cho | đã | x\n"] {
                let z = Words::of("t.tsv", file, "z");
                let every = z.entries.iter().filter(|e| e.iter().enumerate().all(|(i, x)| x == "*" || word(i) == x)).map(Vec::len).max();
                proptest::prop_assert_eq!(z.prefix_len(word), every);
            }
        }
    }

    #[test]
    #[should_panic(expected = "no class")]
    fn a_missing_class_is_a_defect_of_the_build() {
        let _ = Words::of("t.tsv", FILE, "z");
    }

    proptest::proptest! {
        /// The screen never turns a one-word entry away, whatever the words.
        #[test]
        fn the_screen_keeps_every_entry(words in proptest::collection::vec("[a-zđơư]{1,6}|[A-Z]{1,3}|ạ{1,2}", 1..12), probe in "[a-zđơư]{0,6}") {
            let file = format!("c\t{}\n", words.join(" | "));
            let c = Words::of("t.tsv", &file, "c");
            for w in &words {
                let k = chidao_text::fold(w);
                proptest::prop_assert!(c.contains(&k), "{k}");
            }
            let k = chidao_text::fold(&probe);
            proptest::prop_assert_eq!(c.contains(&k), words.iter().any(|w| chidao_text::fold(w) == k));
        }
    }
}
