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

/// A closed class of single words (keys) from `data/task_words.tsv`, tested one token at a time.
pub(crate) struct Words(Vec<String>);

impl Words {
    fn of(class: &str) -> Words {
        let words = include_str!("../../data/task_words.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .filter(|(_, c)| c.trim() == class)
            .map(|(w, _)| chidao_text::fold(w.trim()))
            .collect();
        Words(words)
    }

    /// Whether the key `w` is one of the words.
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.0.iter().any(|x| x == w)
    }

    /// Number of words.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
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

#[cfg(test)]
mod tests {
    use super::*;

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
