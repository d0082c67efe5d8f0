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

/// Words that, just before a cue, make it a report of the past or a passive ("đã chỉ đạo").
pub(crate) const PAST: &[&str] = &["đã", "từng", "vừa", "mới", "bị", "được"];

/// Words that, just before a directing verb, make it a noun ("theo yêu cầu", "các đề xuất"), or
/// the report of an opinion ("có ý kiến đề nghị …": deputies' comments on a draft, nobody's order);
/// "việc giao vốn …" is the act of assigning spoken of.
pub(crate) const NOUN_BEFORE: &[&str] = &["các", "những", "mọi", "sự", "theo", "lời", "nghiêm", "đúng", "nhiều", "số", "tiền", "mức", "đơn", "hồ", "phiếu", "do", "vì", "kiến", "việc"];

/// Number words that, written in lower case just before a directing verb, count requests ("hai đề
/// nghị", "là một yêu cầu"): a noun. (Capitalised, one ends a name: "TP Thủ Dầu Một yêu cầu …";
/// digits end a unit's number or a date: "Công an quận 7 kêu gọi …".)
pub(crate) const COUNT_BEFORE: &[&str] = &["một", "hai", "ba", "bốn", "sáu", "bảy", "tám", "chín", "mười", "vài", "mấy"];

/// Words that, just after a directing verb, make it a noun: a demonstrative ("đề nghị ấy", "yêu cầu
/// này") — the request spoken of, not one made; before "trên" ("đề xuất nói trên"), the same.
pub(crate) const NOUN_AFTER: &[&str] = &["này", "đó", "ấy"];
/// See [`NOUN_AFTER`]: "nói trên", "kể trên", "nêu trên".
pub(crate) const BEFORE_TREN: &[&str] = &["nói", "kể", "nêu"];

/// Words between a subject and its verb that make the clause a statement rather than a task.
pub(crate) const STATEMENT: &[&str] = &[
    "là", "đã", "được", "đang", "bị", "vừa", "chưa", "thì", "mà", "nhưng", "khi", "nếu", "còn", "vẫn", "đều", "có", "không",
];

/// Adverbs that may stand between a subject and its action verb.
pub(crate) const ADVERBS: &[&str] = &["cũng", "cần", "phải", "sẽ", "hãy", "nên", "luôn", "thì"];

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
        let i = CUES.lookup("yêu cầu").unwrap();
        assert_eq!(CUE_CLASS[i], Class::Order);
        let i = CUES.lookup("giao thông").unwrap();
        assert_eq!(CUE_CLASS[i], Class::Ignore);
    }
}
