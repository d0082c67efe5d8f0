//! The task extractor's word lists (`data/task_*.tsv`), compiled once.

use std::sync::LazyLock;

use crate::gazetteer;
pub(crate) use crate::words::Words;

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

crate::word_classes! {
    "task_words.tsv";
    PAST = "past";
    NOUN_BEFORE = "noun_before";
    COUNT_BEFORE = "count_before";
    NOUN_AFTER = "noun_after";
    BEFORE_TREN = "before_tren";
    STATEMENT = "statement";
    ADVERBS = "adverb";
    COURTESY = "courtesy";
    ON_BEHALF = "on_behalf";
    BACKGROUND_OPENERS = "background_opener";
    FUTURE_OPENERS = "future_opener";
    FORWARD = "forward";
    CONSEQUENCES = "consequence";
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
    ASIDES = "aside";
    PHOTO_CREDITS = "photo_credit";
    NEEDED = "needed";
    ATTENTION = "attention";
    NP_TAILS = "np_tail";
    CLAUSE_LINKS = "clause_link";
    SUBJECT_LEADS = "subject_lead";
    NP_LEADS = "np_lead";
    CLAUSE_VERBS = "clause_verb";
    TOPICS = "topic";
    HABITS = "habit";
    PLEDGE_NEGATIONS = "pledge_negation";
    MODAL_NEGATIONS = "modal_negation";
    PLEDGE_NOUNS = "pledge_noun";
    QUESTION_ENDS = "question_end";
    DEMONSTRATIVES = "demonstrative";
    OBJECT_LEADS = "object_lead";
    OBJECT_DETAILS = "object_detail";
    PARTNERS = "partner";
    GATHERING = "gather";
    HABIT_COMPOUNDS = "habit_compound";
    BACK_POINTERS = "back_pointer";
    COMPLEMENTIZERS = "complementizer";
    ASSIGNING = "assigning";
    PASSIVE_GIVEN = "passive_given";
    PROVIDED = "provided";
    PLACE_PREPOSITIONS = "place_preposition";
    BEFORE_AUX = "before_aux";
    REACHED = "reached";
    LIST_SEPARATORS = "list_separator";
    ADDRESS = "address";
    SELF_REFERENCES = "self_reference";
    WE_BODY = "we_body";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_as_the_code_expects() {
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
