//! The task extractor's word lists (`data/task_*.tsv`), compiled once.

use std::sync::LazyLock;

use crate::gazetteer;

gazetteer!(pub(crate) CUES, "task_cues.tsv");
gazetteer!(pub(crate) ACTIONS, "task_actions.tsv");
gazetteer!(pub(crate) AGENTS, "task_agents.tsv");
gazetteer!(pub(crate) CONNECTIVES, "task_connectives.tsv");
gazetteer!(pub(crate) TITLES, "task_titles.tsv");
gazetteer!(pub(crate) INTROS, "task_intros.tsv");
gazetteer!(pub(crate) FOCUS, "task_focus.tsv");
gazetteer!(pub(crate) MANNER, "task_manner.tsv");
gazetteer!(pub(crate) TIMES, "task_times.tsv");
gazetteer!(pub(crate) NP_STOPS, "task_np_stops.tsv");
gazetteer!(pub(crate) MATTERS, "task_matters.tsv");
gazetteer!(pub(crate) BOUND, "task_bound.tsv");
gazetteer!(pub(crate) GIVEN_WORK, "task_given_work.tsv");
gazetteer!(pub(crate) LETTERS, "task_letters.tsv");

/// What a cue word does in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A directing verb ("yêu cầu", "đề nghị", "giao").
    Order,
    /// A modal or prohibition ("cần", "phải", "không để").
    Modal,
    /// A verb of saying that opens a turn.
    Speech,
    /// A speech verb that opens a directing turn ("phát biểu chỉ đạo", "kết luận").
    Direct,
    /// A verb of reporting ("cho biết", "báo cáo").
    Report,
    /// Praise, evaluation.
    Praise,
    /// A pledge ("phấn đấu", "cam kết").
    Commit,
    /// "tiếp thu": a pledge when answering directions.
    Accept,
    /// Future "sẽ".
    Will,
    /// Hopes and beliefs.
    Hope,
    /// An order already given ("đã yêu cầu"): an order when the sentence gives its deadline
    /// ahead ("đã yêu cầu, trong quý I/2017, …"), else nothing.
    Given,
    /// Not a cue.
    Ignore,
}

impl Class {
    fn parse(s: &str) -> Class {
        match s {
            "order" => Class::Order,
            "modal" => Class::Modal,
            "speech" => Class::Speech,
            "direct" => Class::Direct,
            "report" => Class::Report,
            "praise" => Class::Praise,
            "commit" => Class::Commit,
            "accept" => Class::Accept,
            "will" => Class::Will,
            "hope" => Class::Hope,
            "given" => Class::Given,
            _ => Class::Ignore,
        }
    }

    /// True for the classes that may open a speaker's turn.
    pub(crate) fn opens_turn(self) -> bool {
        matches!(
            self,
            Class::Order | Class::Speech | Class::Direct | Class::Report | Class::Praise | Class::Commit | Class::Accept
        )
    }
}

/// The class of each entry of [`CUES`].
pub(crate) static CUE_CLASS: LazyLock<Vec<Class>> = LazyLock::new(|| {
    (0..CUES.len()).map(|i| Class::parse(CUES.fields(i).first().map_or("", String::as_str))).collect()
});

/// A closed class of words and short phrases (keys) from `data/task_words.tsv`, tested against a
/// sentence's tokens.
#[derive(Debug)]
pub(crate) struct Words {
    /// Each entry's words; "*" stands for any one token.
    entries: Vec<Vec<String>>,
    /// The one-word entries (tested one token at a time, in hot loops).
    singles: Vec<String>,
    /// A screen before the one-word entries are compared: the bit of each entry's length (up to
    /// 63 bytes) and of its first byte. Most tokens fail it.
    lengths: u64,
    firsts: [u64; 4],
}

impl Words {
    /// The class named `class` (a line `class<TAB>entry | entry | …`; several lines add up).
    fn of(class: &str) -> Words {
        let entries: Vec<Vec<String>> = include_str!("../../data/task_words.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .filter(|(c, _)| c.trim() == class)
            .flat_map(|(_, list)| list.split('|'))
            .map(|e| chidao_text::fold(e.trim()).split_whitespace().map(String::from).collect::<Vec<_>>())
            .filter(|e| !e.is_empty())
            .collect();
        // (The file is compiled in: a class named in code and missing from it is a defect of the
        // build, which the test `every_class_is_in_the_file` catches.)
        assert!(!entries.is_empty(), "data/task_words.tsv has no class {class:?}");
        let singles: Vec<String> = entries.iter().filter(|e| e.len() == 1).map(|e| e[0].clone()).collect();
        let (mut lengths, mut firsts) = (0u64, [0u64; 4]);
        for w in &singles {
            lengths |= 1 << w.len().min(63);
            let b = usize::from(w.as_bytes()[0]);
            firsts[b >> 6] |= 1 << (b & 63);
        }
        Words { entries, singles, lengths, firsts }
    }

    /// Whether the key `w` is one of the one-word entries.
    pub(crate) fn contains(&self, w: &str) -> bool {
        let Some(&b) = w.as_bytes().first() else { return false };
        let b = usize::from(b);
        self.lengths & (1 << w.len().min(63)) != 0
            && self.firsts[b >> 6] & (1 << (b & 63)) != 0
            && self.singles.iter().any(|x| x == w)
    }

    /// The length in tokens of the longest entry that the words `word(0)`, `word(1)`, … spell out.
    pub(crate) fn prefix_len<'w>(&self, word: impl Fn(usize) -> &'w str) -> Option<usize> {
        self.entries
            .iter()
            .filter(|e| e.iter().enumerate().all(|(i, x)| x == "*" || word(i) == x))
            .map(Vec::len)
            .max()
    }

    /// Whether the words of `phrase` (folded) are those of an entry ("cho đến").
    pub(crate) fn is_entry(&self, phrase: &str) -> bool {
        self.entries.iter().any(|e| e.iter().map(String::as_str).eq(phrase.split_whitespace()))
    }

    /// Number of entries.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Words that, just before a cue, make it a report of the past or a passive ("đã chỉ đạo").
pub(crate) static PAST: LazyLock<Words> = LazyLock::new(|| Words::of("past"));

/// Words that, just before a directing verb, make it a noun ("theo yêu cầu", "các đề xuất"), or
/// the report of an opinion ("có ý kiến đề nghị …"); "việc giao vốn …" is the act spoken of.
pub(crate) static NOUN_BEFORE: LazyLock<Words> = LazyLock::new(|| Words::of("noun_before"));

/// Number words that, written in lower case just before a directing verb, count requests ("hai đề
/// nghị", "là một yêu cầu"): a noun. (Capitalised, one ends a name: "TP Thủ Dầu Một yêu cầu …";
/// digits end a unit's number or a date: "Công an quận 7 kêu gọi …".)
pub(crate) static COUNT_BEFORE: LazyLock<Words> = LazyLock::new(|| Words::of("count_before"));

/// Words that, just after a directing verb, make it a noun: a demonstrative ("đề nghị ấy", "yêu cầu
/// này") — the request spoken of, not one made; before "trên" ("đề xuất nói trên"), the same.
pub(crate) static NOUN_AFTER: LazyLock<Words> = LazyLock::new(|| Words::of("noun_after"));
/// See [`NOUN_AFTER`]: "nói trên", "kể trên", "nêu trên".
pub(crate) static BEFORE_TREN: LazyLock<Words> = LazyLock::new(|| Words::of("before_tren"));

/// Words between a subject and its verb that make the clause a statement rather than a task.
pub(crate) static STATEMENT: LazyLock<Words> = LazyLock::new(|| Words::of("statement"));

/// Adverbs that may stand between a subject and its action verb.
pub(crate) static ADVERBS: LazyLock<Words> = LazyLock::new(|| Words::of("adverb"));

/// Words after "lời" that name a courtesy ("lời chào", "lời chúc", "lời thăm hỏi"): conveying one
/// is no work.
pub(crate) static COURTESY: LazyLock<Words> = LazyLock::new(|| Words::of("courtesy"));

/// A [`Words`] class of `data/task_words.tsv`, described in the file above its line.
macro_rules! words {
    ($($name:ident = $class:literal;)*) => {
        $(
            #[doc = concat!("The word class `", $class, "` of `data/task_words.tsv`.")]
            pub(crate) static $name: LazyLock<Words> = LazyLock::new(|| Words::of($class));
        )*
        /// Every class above, by name (for the test that each is in the file).
        #[cfg(test)]
        pub(crate) static CLASSES: &[(&str, &LazyLock<Words>)] = &[$(($class, &$name)),*];
    };
}

words! {
    ON_BEHALF = "on_behalf";
    BACKGROUND_OPENERS = "background_opener";
    FUTURE_OPENERS = "future_opener";
    FORWARD = "forward";
    SEQUELS = "sequel";
    OBTAINED = "obtained";
    PLEDGED_ACTS = "pledged_act";
    DESCRIBING = "describing";
    PAST_MARKERS = "past_marker";
    NARRATIVE_TIMES = "narrative_time";
    NARRATIVE_SOURCES = "narrative_source";
    HEARD = "heard";
    WILL_ADVERBS = "will_adverb";
    DO_CONNECTIVES = "do_connective";
    AGENT_ENDS = "agent_end";
    RELATIVE_LINKS = "relative_link";
    SHOWING = "showing";
    DESCRIPTION = "description";
    AFTER_TREN = "after_tren";
    PLURALS = "plural";
    ATTENDING = "attending";
    RELAYED_NAME_ENDS = "relayed_name_end";
    JUST_GIVEN = "just_given";
    SUBORDINATORS = "subordinator";
    ASPECT_ADVERBS = "aspect_adverb";
    PASSIVES = "passive";
    SENT_BEFORE = "sent_before";
    SPEAKER_TRAILERS = "speaker_trailer";
    AGREEMENT = "agreement";
    NOT_IN_NAME = "not_in_name";
    TRAILING_ADVERBS = "trailing_adverb";
    WILL_MANNER = "will_manner";
    UNIT_COUNTS = "unit_count";
    NOMINALIZERS = "nominalizer";
    SIDES = "side";
    BEFORE_MODAL = "before_modal";
    CLAUSE_LINKS = "clause_link";
    SUBJECT_LEADS = "subject_lead";
    CLAUSE_VERBS = "clause_verb";
    TOPICS = "topic";
    BACK_POINTERS = "back_pointer";
    COMPLEMENTIZERS = "complementizer";
    ASSIGNING = "assigning";
    PLACE_PREPOSITIONS = "place_preposition";
    BEFORE_AUX = "before_aux";
    REACHED = "reached";
    LIST_SEPARATORS = "list_separator";
    ADDRESS = "address";
    SELF_REFERENCES = "self_reference";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_is_in_the_file() {
        for (name, class) in CLASSES {
            assert!(class.len() > 0, "{name}");
            // The screen lets every one-word entry through, and its phrases spell themselves.
            for e in &class.entries {
                assert!(e.len() > 1 || class.contains(&e[0]), "{name}: {e:?}");
                assert!(class.prefix_len(|i| e.get(i).map_or("", String::as_str)).is_some_and(|n| n >= e.len()), "{name}: {e:?}");
            }
        }
        assert!(TOPICS.prefix_len(|i| ["riêng", "với", "x"][i]) == Some(2));
        assert!(FUTURE_OPENERS.prefix_len(|i| ["thời", "gian", "sắp", "tới"][i]) == Some(4));
        assert!(FUTURE_OPENERS.prefix_len(|i| ["thời", "gian", "qua", "x", "y"][i]).is_none());
        assert!(PLURALS.contains("các") && !PLURALS.contains("sự") && !SHOWING.contains("cho"));
    }

    #[test]
    fn lists_compile() {
        assert!(CUES.len() > 50);
        assert!(ACTIONS.len() > 50);
        assert!(NP_STOPS.len() > 30);
        assert!(AGENTS.len() > 20);
        assert!(TITLES.len() > 10);
        assert!(INTROS.len() > 5);
        assert!(CONNECTIVES.len() > 10);
        assert!(MATTERS.len() > 3);
        assert_eq!((PAST.len(), NOUN_AFTER.len(), BEFORE_TREN.len()), (6, 3, 3));
        assert!(STATEMENT.len() > 10 && NOUN_BEFORE.len() > 10 && COUNT_BEFORE.len() > 5 && ADVERBS.len() > 5);
        assert!(STATEMENT.contains("được") && !STATEMENT.contains("phải"));
        let i = CUES.lookup("yêu cầu").unwrap();
        assert_eq!(CUE_CLASS[i], Class::Order);
        let i = CUES.lookup("giao thông").unwrap();
        assert_eq!(CUE_CLASS[i], Class::Ignore);
    }
}
