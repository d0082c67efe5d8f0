//! What one sentence says on its own: who speaks (a turn opener), which cue makes it a task, whether
//! it opens with an imperative verb or a subject and an action verb, who must act.

use chidao_text::{Document, Span};

use super::lex::{
    ADVERBS, AFTER_TREN, AGENT_ENDS, AGREEMENT, ASIDES, ATTENTION, ASPECT_ADVERBS, ATTENDING, BACKGROUND_OPENERS, BEFORE_MODAL, BEFORE_TREN, CLAUSE_LINKS, CLAUSE_VERBS, CONSEQUENCES, COUNT_BEFORE, COURTESY, Class, DESCRIBING, DEMONSTRATIVES, DESCRIPTION, DO_CONNECTIVES, FORWARD, FUTURE_OPENERS, GATHERING, HABITS, HABIT_COMPOUNDS, HEARD, JUST_GIVEN, MODAL_NEGATIONS, NARRATIVE_SOURCES, NARRATIVE_TIMES, NOMINALIZERS, NOT_IN_NAME, NOUN_AFTER, NEEDED, NOUN_BEFORE, NP_LEADS, NP_TAILS, PHOTO_CREDITS, OBJECT_DETAILS, OBJECT_LEADS, OBTAINED, ON_BEHALF, PARTNERS, PASSIVES, PASSIVE_GIVEN, PAST, PAST_MARKERS, PLEDGED_ACTS, PLEDGE_NEGATIONS, PLEDGE_NOUNS, PLURALS, QUESTION_ENDS, RELATIVE_LINKS, RELAYED_NAME_ENDS, SENT_BEFORE, SEQUELS, SHOWING, SIDES, SPEAKER_TRAILERS, STATEMENT, SUBJECT_LEADS, SUBORDINATORS, TOPICS, TRAILING_ADVERBS, UNIT_COUNTS, WILL_ADVERBS, WILL_MANNER,
};
use super::sent::{Cue, NpStop, Sent};
use super::index::Mentions;

/// A speaker opening a turn in this sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Opener {
    /// Tokens naming the speaker.
    pub speaker: (usize, usize),
    /// The verb's class.
    pub class: Class,
    /// The verb (a cue index).
    pub cue: usize,
    /// A directing speech act in the sentence ("Phát biểu chỉ đạo, …", "Kết luận …").
    pub directing: bool,
    /// The speaker is named after a quotation ("…”, Chủ tịch nhấn mạnh.").
    pub trailing: bool,
}

/// The cue that makes a sentence a task on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decisive {
    /// Index into `Sent::cues`.
    pub cue: usize,
    /// Its class (Order, Modal, Commit, Accept, Will).
    pub class: Class,
}

/// The analysis of a sentence.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    /// The opener is the sender of a letter whose words follow ("UBND tỉnh có công văn chỉ đạo
    /// …"): the body acts itself, in anyone's turn.
    pub letter: bool,
    /// Where the main clause starts (after leading quotes, connectives and an intro phrase).
    pub main: usize,
    /// The turn this sentence opens.
    pub opener: Option<Opener>,
    /// A directing speech act without a speaker before it.
    pub directing: bool,
    /// The cue that makes it a task.
    pub decisive: Option<Decisive>,
    /// A cue rejected because it reports the past ("đã chỉ đạo") or is a noun.
    pub rejected: Option<(usize, &'static str)>,
    /// The main clause opens with an action verb.
    pub imperative: bool,
    /// The main clause opens with a subject followed by an action verb: the subject's tokens.
    pub subject_action: Option<(usize, usize)>,
    /// A hope or belief governs the sentence.
    pub hope: bool,
    /// A question.
    pub question: bool,
    /// Narrative: opens with a date or "Theo báo cáo".
    pub narrative: bool,
    /// A photo caption or heading left in the text.
    pub caption: bool,
    /// Tokens of the explicit assignee.
    pub assignee: Option<(usize, usize)>,
    /// The subject of the modal or "sẽ" names a matter, not a unit ("Việc thẩm định phải …"): no
    /// one is told to act, not even the turn's addressee.
    pub matter_subject: bool,
    /// "thay mặt" in the sentence.
    pub on_behalf: bool,
    /// Opens with "Trước đó", "Vừa qua", "Thời gian qua": background, not tasks.
    pub background: bool,
    /// Opens with "Thời gian tới", "Sắp tới": what a unit will do.
    pub future: bool,
    /// After the opener's verb ("X nhấn mạnh, …", "X yêu cầu: …") or before a trailing speaker,
    /// the words open with an action verb or a unit and an action verb.
    pub content_action: bool,
    /// "hứa sẽ chỉ đạo lực lượng …": the units a speaker's pledge sets to work.
    pub pledged_object: Option<(usize, usize)>,
}

impl Default for Opener {
    fn default() -> Self {
        Opener { speaker: (0, 0), class: Class::Ignore, cue: 0, directing: false, trailing: false }
    }
}

/// True when a person's mention lies in `span`.
fn has_person(people: &Mentions, span: Span) -> bool {
    people.any_in(span)
}

impl Analysis {
    /// The sentence tells background or history: nothing in it is a task.
    pub(crate) fn set_background(&mut self) {
        self.background = true;
        self.decisive = None;
        self.imperative = false;
        self.subject_action = None;
        self.content_action = false;
        self.rejected.get_or_insert((usize::MAX, "background"));
    }
}

/// Whether a sentence read outside any speaker's turn can be a task or open a turn. Only a cue
/// opens a turn or decides ([`analyze`]'s opener and decisive cue), but for "Theo ông X, …", which
/// opens one without a cue, and outside a turn only a future opener ("Thời gian tới, …") makes a
/// unit's plan a task (`turn::decide`). Any other sentence outside a turn is no task and changes
/// no turn, whatever its analysis finds: the task reader passes it over.
pub(crate) fn may_matter_outside_turn(s: &Sent<'_>) -> bool {
    !s.cues.is_empty() || opens_with_source(s, s.skip_lead(0)) || opens_future(s, first_word(s))
}

/// The first word of a sentence (0 when it has none).
fn first_word(s: &Sent<'_>) -> usize {
    (0..s.len()).find(|&k| s.is_word(k)).unwrap_or(0)
}

/// "Thời gian tới, …", "Sắp tới, …" at the sentence's `first` word: what a unit will do.
fn opens_future(s: &Sent<'_>, first: usize) -> bool {
    s.phrase_at(&FUTURE_OPENERS, first).is_some()
}

/// "Theo …" at the sentence's `lead`: the words may be those of the source named ("Theo ông X, …").
fn opens_with_source(s: &Sent<'_>, lead: usize) -> bool {
    s.w(lead) == "theo"
}

/// Analyses a sentence.
/// `ahead`: the sentence gives a deadline ("trong quý I/2017", "trước ngày 30/6"), so that an
/// order just given ("đã yêu cầu, trong quý I/2017, …") is work still to do.
pub(crate) fn analyze(s: &Sent<'_>, people: &Mentions, ahead: bool) -> Analysis {
    let mut a = Analysis::default();
    let n = s.len();
    if n == 0 {
        return a;
    }
    let lead = s.skip_lead(0);
    a.main = main_clause(s, lead);
    let last_word = (0..n).rev().find(|&k| s.is_word(k)).unwrap_or(0);
    // A question mark, or a sentence that ends asking ("… thì chỉ đạo ra làm sao.").
    a.question = (0..n).any(|k| s.is_punct(k, '?')) || s.phrase_ending_at(&QUESTION_ENDS, last_word + 1).is_some();
    let terminal = (last_word..n).any(|k| s.is_punct(k, '.') || s.is_punct(k, '!') || s.is_punct(k, '…') || s.is_quote(k));
    a.on_behalf = (0..n).any(|k| s.phrase_at(&ON_BEHALF, k).is_some());
    a.narrative = narrative(s, lead);
    let first = first_word(s);
    a.background = s.phrase_at(&BACKGROUND_OPENERS, first).is_some();
    a.future = opens_future(s, first);
    // A capitalised cue inside the sentence is part of a name ("Cần Thơ", "Ban Chỉ đạo").
    let live = |c: &super::sent::Cue| !(s.is_cap(c.at) && c.at != lead && c.at != a.main && !s.is_quote(c.at.wrapping_sub(1)) && !s.is_punct(c.at.wrapping_sub(1), ':'));

    // Past segments: a clause whose subject is followed by "đã", "vừa", "đang" reports; cues after it
    // (before another speaker) are not tasks.
    let mut past_at = past_clause(s, lead);
    // "X đã yêu cầu, trong quý I/2017, các đơn vị phải …": an order given, its work ahead.
    if ahead && past_at.is_some_and(|p| s.cue_at(p + 1).is_some_and(|c| c.class == Class::Order)) {
        past_at = None;
    }
    // Tokens inside a parenthesis: a writer's note ("(phải gom về một mối - PV)"), not the speaker's.
    let in_parens = paren_depths(s);
    // "…, nhưng rồi kết quả … đều cho thấy …": the sentence tells what came of the request.
    let sequel_at = sequel(s);

    // "truyền đạt kết luận của X": X's words, relayed (asked once: the loop below needs it per cue).
    let relay = relayed(s, people);
    // Turn opener: the first speech-like cue with a speaker before it.
    let mut fallback: Option<Opener> = None;
    for (ci, c) in s.cues.iter().enumerate() {
        if !live(c) {
            continue;
        }
        if matches!(c.class, Class::Direct) && a.opener.is_none() {
            a.directing = true;
        }
        if !c.class.opens_turn() || a.opener.is_some() {
            continue;
        }
        let given = ahead && c.class == Class::Order && just_given(s, c.at);
        // ("nhiệm vụ Đảng và Nhà nước giao": work given before, nobody speaking now.)
        if listened(s, c.at) || (past_before(s, c.at) && !given) || after_action(s, c.at) || attends(s, c) || given_work(s, c.at) || habitual(s, c.at) {
            continue;
        }
        if c.class == Class::Order && past_at.is_some_and(|p| p < c.at && !forward_between(s, p, c.at)) {
            continue;
        }
        // "Sở Nội vụ có văn bản số 640 đề nghị …": the body that sends the letter speaks.
        // (A letter that relays someone's words, "truyền đạt kết luận của …", is theirs: [`relayed`].)
        let sender = (c.class == Class::Order && relay.is_none()).then(|| letter_sent(s, lead, c.at)).flatten().map(|v| sender_region(s, lead, v)).filter(|&(a, b)| has_speaker(s, people, a, b, lead) || (a < b && s.agent_at(a).is_some() && name_like(s, a, b)))
            // "… sau khi Bộ Quốc phòng có văn bản đề nghị …": a letter in a clause of time, told as background.
            .filter(|&(a, _)| s.w(a.wrapping_sub(1)) != "khi");
        let (ra, rb) = sender.unwrap_or_else(|| speaker_region(s, lead, c.at));
        if sender.is_some() || has_speaker(s, people, ra, rb, lead) {
            let o = Opener { speaker: (ra, rb), class: c.class, cue: ci, directing: a.directing, trailing: false };
            // A body ("Thay mặt Đảng ủy tiếp thu") yields to a person named later in the sentence.
            let personal = has_person(people, s.span_of(ra, rb)) || (ra..rb).any(|k| s.person_title_at(k).is_some());
            if personal || c.class == Class::Order {
                a.opener = Some(o);
                a.letter = sender.is_some();
            } else if fallback.is_none() && matches!(c.class, Class::Report | Class::Direct | Class::Accept) {
                fallback = Some(o);
            }
        }
    }
    if a.opener.is_none() {
        a.opener = fallback;
    }
    // "truyền đạt kết luận của X": X's directions follow.
    if a.opener.is_none()
        && let Some(o) = relay {
            a.opener = Some(o);
            a.directing = true;
        }
    // A speaker named after a quotation, at the end of the sentence.
    if let Some(t) = trailing_speaker(s, people)
        && a.opener.is_none_or(|o| o.cue >= t.cue) {
            a.opener = Some(t);
        }
    // "Theo ông X, …": the words are X's.
    if a.opener.is_none() && opens_with_source(s, lead) {
        let c = s.next_comma(lead);
        if c < n && c > lead + 1 && s.is_punct(c, ',') && has_speaker(s, people, lead + 1, c, lead) && (s.title_at(lead + 1).is_some() || has_person(people, s.span_of(lead + 1, c))) {
            a.opener = Some(Opener { speaker: (lead + 1, c), class: Class::Speech, cue: usize::MAX, directing: false, trailing: false });
        }
    }
    // "X yêu cầu gửi mẫu …, nhưng rồi kết quả … cho thấy …": a request told with its outcome opens
    // no turn.
    if a.opener.is_some_and(|o| !o.trailing && s.cues.get(o.cue).is_some_and(|c| c.class == Class::Order && sequel_at.is_some_and(|q| q > c.end))) {
        a.opener = None;
    }
    if let Some(o) = a.opener.as_mut() {
        o.directing |= a.directing;
    }
    let opener_cue = a.opener.and_then(|o| s.cues.get(o.cue).copied());

    // The decisive cue.
    let (skip_from, skip_until) = match (a.opener, opener_cue) {
        (Some(o), Some(c)) if !o.trailing => (o.speaker.0, c.end),
        (Some(o), None) => (o.speaker.0, o.speaker.1),
        _ => (0, 0),
    };
    let mut will: Option<Decisive> = None;
    // "lưu ý, …", "yêu cầu: …": what follows decides.
    let demoted = opener_cue.is_some_and(|c| c.class == Class::Order && (s.is_punct(c.end, ',') || s.is_punct(c.end, ':')));
    if let (Some(o), Some(c)) = (a.opener, opener_cue) {
        if c.class == Class::Order && !o.trailing && !demoted && s.words_in(c.end, n) > 0 && !noun_before(s, c.at) && s.w(c.end) != "của" && !noun_after(s, c.end) && !agent_by(s, c.at) && !given_work(s, c.at) {
            a.decisive = Some(Decisive { cue: o.cue, class: Class::Order });
        }
        // "Thay mặt …, X tiếp thu …", "X cam kết sẽ …": the speaker pledges.
        let act = (c.end..c.end + 3).any(|k| s.action_at(k).is_some() || s.w(k) == "sẽ");
        if !o.trailing && (c.class == Class::Accept && (a.on_behalf || act) || c.class == Class::Commit && act) {
            a.decisive = Some(Decisive { cue: o.cue, class: c.class });
        }
    }
    for (ci, c) in s.cues.iter().enumerate() {
        if a.decisive.is_some() {
            break;
        }
        if !live(c) || (c.at >= skip_from && c.at < skip_until && c.class != Class::Order) || (demoted && opener_cue.is_some_and(|oc| oc.at == c.at)) {
            continue;
        }
        if a.opener.is_some_and(|o| o.trailing && ci >= o.cue) {
            break;
        }
        let reported = past_at.is_some_and(|p| {
            p < c.at
                && opener_cue.is_none_or(|oc| oc.at < p || oc.at > c.at)
                && !forward_between(s, p, c.at)
                && !(c.class == Class::Will && consequence_between(s, p, c.at))
        });
        match c.class {
            Class::Hope => {
                a.hope = true;
            }
            Class::Order => {
                if attends(s, c) {
                    continue;
                }
                // "“…”. Ngày 8/2, Phó Chủ tịch X yêu cầu.", "… như Thủ tướng yêu cầu.": nothing
                // after the verb, whose words are elsewhere.
                if s.words_in(c.end, n) == 0 {
                    a.rejected.get_or_insert((ci, "nothing asked after the verb"));
                    continue;
                }
                if (past_before(s, c.at) || reported) && !(ahead && just_given(s, c.at)) {
                    a.rejected.get_or_insert((ci, "reported as done"));
                    continue;
                }
                if noun_before(s, c.at) || s.w(c.end) == "của" || noun_after(s, c.end) || listened(s, c.at) || !s.is_word(c.end) || coordinated_noun(s, c.at) || noun_subject(s, c, a.main) {
                    a.rejected.get_or_insert((ci, "a noun here"));
                    continue;
                }
                if agent_by(s, c.at) {
                    a.rejected.get_or_insert((ci, "whose proposal it was (do …)"));
                    continue;
                }
                if given_work(s, c.at) {
                    a.rejected.get_or_insert((ci, "work given before (\"chỉ tiêu … giao\")"));
                    continue;
                }
                if sequel_at.is_some_and(|q| q > c.end) {
                    a.rejected.get_or_insert((ci, "a past story"));
                    continue;
                }
                if habitual(s, c.at) {
                    a.rejected.get_or_insert((ci, "a habit (\"thường …\")"));
                    continue;
                }
                // "Thủ tướng cũng rất quan tâm chỉ đạo …": the attention a leader pays, told.
                if s.phrase_ending_at(&ATTENTION, c.at).is_some() {
                    a.rejected.get_or_insert((ci, "attention paid (\"quan tâm chỉ đạo\")"));
                    continue;
                }
                // "Bộ sẽ chỉ đạo các đơn vị …", "hứa sẽ chỉ đạo lực lượng …": what the speaker's own
                // unit will do, a pledge.
                if let Some(wi) = will_before(s, c.at) {
                    if will.is_none() && !reported {
                        will = Some(Decisive { cue: wi, class: Class::Will });
                    }
                    continue;
                }
                if advised(s, c.at) {
                    a.rejected.get_or_insert((ci, "advice to another body"));
                    continue;
                }
                if s.w(c.at.wrapping_sub(1)) == "để" || in_purpose(s, c.at) {
                    a.rejected.get_or_insert((ci, "a purpose"));
                    continue;
                }
                if (c.end..c.end + 4).any(|k| s.w(k).starts_with(|ch: char| ch.is_ascii_digit())) {
                    a.rejected.get_or_insert((ci, "a result"));
                    continue;
                }
                a.decisive = Some(Decisive { cue: ci, class: c.class });
            }
            Class::Modal => {
                if in_parens.get(c.at).copied().unwrap_or(false) {
                    a.rejected.get_or_insert((ci, "a note in parentheses"));
                    continue;
                }
                // "lúc dân cần, …": the verb "need" with nothing after it, not a modal; "quốc gia có
                // trách nhiệm của …": a noun phrase.
                if (c.end == c.at + 1 && !s.is_word(c.end)) || s.w(c.end) == "của" {
                    continue;
                }
                // "giáo dục cần sự ổn định", "cần khoảng 26.000 ha": the verb "need" and a thing.
                if s.w(c.at) == "cần" && c.end == c.at + 1 && (s.word_in(&NEEDED, c.end) || s.w(c.end).starts_with(|ch: char| ch.is_ascii_digit())) {
                    a.rejected.get_or_insert((ci, "a thing needed"));
                    continue;
                }
                if past_before(s, c.at) || reported {
                    a.rejected.get_or_insert((ci, "reported as done"));
                    continue;
                }
                // "… không phải chỉ có trách nhiệm …", "không chỉ cần …", "không có trách nhiệm":
                // negated, no obligation (a ban is a cue of its own: "không được", "không để").
                if negated_modal(s, c.at) {
                    a.rejected.get_or_insert((ci, "negated"));
                    continue;
                }
                // "Tỷ lệ khám phá án cao, không để hình thành …": a result, when nothing in the
                // sentence directs (no speaker, no imperative or unit + verb before it).
                if a.opener.is_none() && s.w(c.at) == "không" && s.w(c.at + 1) == "để" && result_before(s, a.main, c.at, lead) {
                    a.rejected.get_or_insert((ci, "a result"));
                    continue;
                }
                if s.w(c.end - 1) == "được" && (s.w(c.end).is_empty() || s.word_in(&OBTAINED, c.end)) {
                    continue;
                }
                // "hồ sơ không được ngành Nội vụ chấp nhận": a passive with its agent, not a ban.
                if s.w(c.end - 1) == "được" && (s.agent_at(c.end).is_some() || s.is_cap(c.end)) {
                    a.rejected.get_or_insert((ci, "a passive"));
                    continue;
                }
                a.decisive = Some(Decisive { cue: ci, class: c.class });
            }
            Class::Commit => {
                // "… đã đạt 79% và sẽ phấn đấu …": the future pledge after a result is one.
                let ahead = will_before(s, c.at).is_some();
                if (past_before(s, c.at) && s.w(c.at.wrapping_sub(1)) != "thể" && !ahead) || (reported && !ahead) || !s.is_word(c.end) {
                    continue;
                }
                // "… không hề cam kết sẽ bảo vệ …": a pledge denied.
                if s.phrase_ending_at(&PLEDGE_NEGATIONS, c.at).is_some() {
                    a.rejected.get_or_insert((ci, "negated"));
                    continue;
                }
                // "ghi nhận sự phấn đấu và đóng góp …": the effort spoken of.
                if s.phrase_ending_at(&PLEDGE_NOUNS, c.at).is_some() {
                    a.rejected.get_or_insert((ci, "a noun here"));
                    continue;
                }
                // A pledge names an act: "phấn đấu hoàn thành", "quyết tâm sẽ …"; not "quyết tâm chính trị".
                let act = (c.end..c.end + 3).any(|k| s.action_at(k).is_some() || s.word_in(&PLEDGED_ACTS, k));
                if !act {
                    continue;
                }
                a.decisive = Some(Decisive { cue: ci, class: c.class });
            }
            Class::Accept
                if (a.on_behalf || a.opener.is_some_and(|o| o.cue == ci)) => {
                    a.decisive = Some(Decisive { cue: ci, class: c.class });
                }
            Class::Will
                if will.is_none() && !reported && will_act(s, c.end) => {
                    will = Some(Decisive { cue: ci, class: c.class });
                }
            _ => {}
        }
    }
    if a.decisive.is_none() {
        a.decisive = will;
    }
    a.pledged_object = s.cues.iter().filter(|c| c.class == Class::Order && live(c)).find_map(|c| will_before(s, c.at).and_then(|_| object_after(s, c.end)));
    // "truyền đạt ý kiến chỉ đạo của Thủ tướng chấn chỉnh …": the relayed direction itself.
    if a.decisive.is_none()
        && let (Some(o), Some(c)) = (a.opener, opener_cue)
        && c.class == Class::Direct
        && s.w(c.at) == "truyền"
        && !s.is_cap(o.speaker.1)
        && s.action_at(o.speaker.1).is_some()
    {
        a.decisive = Some(Decisive { cue: o.cue, class: Class::Order });
    }

    // Imperative verb or subject + action verb at the main clause, unless the sentence reports.
    let m = a.main;
    if past_at.is_none() {
        let cue_here = s.cue_at(m).map(|c| c.class);
        let seg_end = s.next_comma(m);
        let describes = (m..seg_end).any(|k| s.word_in(&DESCRIBING, k));
        let first_word = (0..n).find(|&k| s.is_word(k)).unwrap_or(0);
        let named = s.is_cap(m) && m != first_word && !s.is_quote(m.wrapping_sub(1)) && !s.is_punct(m.wrapping_sub(1), ':');
        // Words follow the verb ("cung cấp." alone is a photo's credit), and no verb of
        // showing follows in its clause.
        let verb_with_object = s.action_at(m).is_some_and(|v| (m + v..s.len()).any(|k| s.is_word(k)) && !(m + v..seg_end.min(m + v + 12)).any(|k| finding_after(s, k)));
        if verb_with_object
            && !named
            && !s.is_cap(m + 1)
            && !passive_after(s, m)
            && !describes
            && !matches!(cue_here, Some(Class::Report | Class::Praise | Class::Hope | Class::Direct))
        {
            a.imperative = true;
        } else if let Some(sub) = subject_action(s, m, lead) {
            a.subject_action = Some(sub);
        } else if focus_is_action(s, m) {
            a.imperative = true;
        }
    }

    // The content of an opener: after its verb, or before a trailing speaker.
    if let Some(o) = a.opener {
        let start = if o.trailing {
            Some(s.skip_lead(0))
        } else if let Some(c) = opener_cue {
            let mut k = c.end;
            while k < n && (!s.is_word(k) || s.w(k) == "rằng") {
                k += 1;
            }
            Some(s.skip_lead(k))
        } else {
            let mut k = o.speaker.1;
            while k < n && !s.is_word(k) {
                k += 1;
            }
            Some(main_clause(s, s.skip_lead(k)))
        };
        if let Some(k) = start {
            // "đánh giá cao nỗ lực của …": a noun, not the work given.
            // "Theo Thứ trưởng …, Đối thoại gồm …": a verb written with a capital after a comma
            // names something (an event, a programme), no imperative.
            let named = s.is_cap(k) && s.is_punct(k.wrapping_sub(1), ',');
            let imperative = !named && s.action_at(k).is_some_and(|n| s.w(k + n) != "của" && !noun_after(s, k + n)) && !passive_after(s, k) && s.cue_at(k).is_none_or(|c| !matches!(c.class, Class::Report | Class::Praise | Class::Hope));
            // A unit and an action verb after "yêu cầu:", "đề nghị,", "kết luận": the work given.
            let ordering = demoted || opener_cue.is_none() || opener_cue.is_some_and(|c| c.class == Class::Direct) || o.directing;
            let unit = ordering && !o.trailing && subject_action(s, k, usize::MAX).is_some();
            a.content_action = past_at.is_none_or(|p| p < k) && (imperative || unit);
        }
    }
    // "…: Tập trung …" after a colon.
    for k in (0..n).filter(|&k| s.is_punct(k, ':')) {
        if s.is_cap(k + 1) && s.action_at(k + 1).is_some() && past_at.is_none() {
            a.content_action = true;
        }
    }
    if a.background {
        a.set_background();
    }
    // "Chủ tịch nước chuyển tới … lời chào …", "gửi lời chúc mừng …": a courtesy conveyed, no work
    // (unless a pledge or an order follows it: "… gửi lời chia buồn và khẳng định Bộ sẽ chỉ đạo …").
    let courtesy = (0..n).find(|&k| s.w(k) == "lời" && COURTESY.contains(s.w(k + 1)));
    if courtesy.is_some_and(|k| !s.cues.iter().any(|c| c.at > k && matches!(c.class, Class::Order | Class::Modal | Class::Will | Class::Commit))) {
        a.subject_action = None;
        a.imperative = false;
        a.content_action = false;
    }

    // Caption: no closing punctuation, short, about someone speaking or attending; or a photo's
    // credit glued to it ("… chất lượng đào tạo. Ảnh minh họa: TTXVN.").
    let words = s.words_in(0, n);
    if !terminal && words <= 22 && a.decisive.is_none_or(|d| !matches!(d.class, Class::Modal | Class::Order)) {
        a.caption = true;
    }
    if (0..n).any(|k| s.is_punct(k, ':') && s.phrase_ending_at(&PHOTO_CREDITS, k).is_some()) {
        a.caption = true;
    }

    // The explicit assignee, or a subject that names a matter.
    a.assignee = explicit_assignee(s, &a);
    if a.assignee.is_none()
        && let Some(d) = a.decisive
        && matches!(d.class, Class::Modal | Class::Will)
    {
        a.matter_subject = matter_subject(s, s.cues[d.cue].at, opener_end(s, &a));
    }
    a
}

/// Where the words of a leading opener end ("Chủ tịch … lưu ý, cần …": after "lưu ý"); 0 without one.
fn opener_end(s: &Sent<'_>, a: &Analysis) -> usize {
    a.opener.filter(|o| !o.trailing).map_or(0, |o| s.cues.get(o.cue).map_or(o.speaker.1, |c| c.end))
}

/// The first token of a clause that reports: a subject followed by "đã", "vừa", "đang" within a few
/// words of a segment start. Returns the marker's token.
fn past_clause(s: &Sent<'_>, lead: usize) -> Option<usize> {
    let n = s.len();
    let mut start = lead;
    while start < n {
        let st = s.skip_lead(start);
        let mut k = st;
        let mut words = 0;
        while k < n && words < 14 && !s.is_boundary(k) {
            if s.is_word(k) {
                if s.cue_at(k).is_some_and(|c| c.class != Class::Ignore && c.class != Class::Will) {
                    break;
                }
                let w = s.w(k);
                let both = w == "vừa" && (k.saturating_sub(25)..n.min(k + 25)).any(|j| j != k && s.w(j) == "vừa");
                let subject = s.is_word(st) && !s.w(st).starts_with(|c: char| c.is_ascii_digit()) && (s.action_at(st).is_none() || s.agent_at(st).is_some());
                if PAST_MARKERS.contains(w) && !both && ((k > st && subject) || (k == st && st > lead)) && s.w(k + 1) != "và" {
                    return Some(k);
                }
                words += 1;
            }
            k += 1;
        }
        // Next segment.
        let c = s.next_comma(st);
        if c >= n {
            break;
        }
        start = c + 1;
    }
    None
}

/// "Trọng tâm là xây dựng …", "Nhiệm vụ trọng tâm năm 2024 là tập trung …": a noun naming the work
/// ahead, "là" within a few words, then an action verb.
fn focus_is_action(s: &Sent<'_>, m: usize) -> bool {
    let Some(n) = s.focus_at(m) else { return false };
    for k in m + n..m + n + 6 {
        if !s.is_word(k) && !s.is_punct(k, '/') {
            return false;
        }
        if s.w(k) == "là" {
            let mut j = k + 1;
            while s.is_punct(j, ':') || s.is_punct(j, ',') {
                j += 1;
            }
            return s.action_at(j).is_some_and(|x| s.w(j + x) != "của") && !passive_after(s, j);
        }
    }
    false
}

/// The first token of a narrative sequel in the sentence: a boundary followed by "nhưng rồi",
/// "nhưng sau đó", "nhưng cuối cùng", "thế nhưng", "để rồi".
fn sequel(s: &Sent<'_>) -> Option<usize> {
    (1..s.len()).find(|&k| {
        (s.is_boundary(k - 1) || s.w(k) == "để" || s.w(k) == "thế")
            && s.phrase_at(&SEQUELS, k).is_some()
    })
}

/// True when tokens `m..at` (the main clause before a prohibition) state a result: words, a comma
/// before `at`, no imperative verb, no unit followed by a verb, no other cue.
fn result_before(s: &Sent<'_>, m: usize, at: usize, lead: usize) -> bool {
    if at <= m + 1 || !s.is_boundary(at - 1) {
        return false;
    }
    if s.action_at(m).is_some() || subject_action(s, m, lead).is_some_and(|(_, b)| b < at) {
        return false;
    }
    !s.cues.iter().any(|c| c.at >= m && c.at < at && c.class != Class::Ignore)
}

/// For each token, true when it lies inside a parenthesis of the sentence.
fn paren_depths(s: &Sent<'_>) -> Vec<bool> {
    let mut depth = 0u32;
    (0..s.len())
        .map(|k| {
            if s.is_punct(k, '(') {
                depth += 1;
            } else if s.is_punct(k, ')') {
                depth = depth.saturating_sub(1);
            }
            depth > 0
        })
        .collect()
}

/// A number right after an action verb at `at` (or a list of them): a result ("tổ chức 18 phiên
/// chợ", "phát hiện, xử lý 3.877 cơ sở"), not a task.
fn statistic_after(s: &Sent<'_>, at: usize) -> bool {
    let mut k = at + s.action_at(at).unwrap_or(1);
    while s.is_punct(k, ',') {
        match s.action_at(k + 1) {
            Some(n) => k += 1 + n,
            None => break,
        }
    }
    s.w(k).starts_with(|c: char| c.is_ascii_digit())
}

/// A segment opening with a forward-looking connective ("trong thời gian tới", "tuy nhiên")
/// between tokens `a` and `b`.
fn forward_between(s: &Sent<'_>, a: usize, b: usize) -> bool {
    let i = s.forward.partition_point(|&k| k <= a);
    s.forward.get(i).is_some_and(|&k| k < b)
}

/// "Ủy ban đã có ý kiến chỉ đạo thì các sở sẽ …": the word that opens a consequence between tokens
/// `a` and `b`, after which a pledge is not the condition's report. (A duty after it, "đã tố cáo thì
/// phải chịu trách nhiệm", is a maxim more often than a task: only pledges pass.)
fn consequence_between(s: &Sent<'_>, a: usize, b: usize) -> bool {
    (a + 1..b).any(|k| s.is_word(k - 1) && s.word_in(&CONSEQUENCES, k))
}

/// Token indices of boundaries followed by a forward-looking connective, in order.
pub(crate) fn forward_points(s: &Sent<'_>) -> Vec<usize> {
    (0..s.len()).filter(|&k| {
        (s.is_punct(k, ',') || s.is_clause_break(k))
            && s.phrase_at(&FORWARD, k + 1).is_some()
    })
    .collect()
}

/// The start of the main clause: after the lead, and after an intro phrase ("Về …, ", "Đối với …, ").
fn main_clause(s: &Sent<'_>, lead: usize) -> usize {
    let mut i = lead;
    for _ in 0..2 {
        if s.intro_at(i).is_some() {
            let c = s.next_comma(i);
            if c < s.len() && s.is_punct(c, ',') && s.words_in(i, c) <= 30 {
                i = s.skip_lead(c + 1);
                continue;
            }
        }
        break;
    }
    i
}

/// True when the sentence opens with a time ("Ngày 6/2, …", "Sáng nay, …") or "Theo báo cáo".
fn narrative(s: &Sent<'_>, lead: usize) -> bool {
    let next = s.w(lead + 1);
    let digit = next.chars().next().is_some_and(|c| c.is_ascii_digit());
    (s.word_in(&NARRATIVE_TIMES, lead) && (digit || next == "nay" || next == "qua")) || s.phrase_at(&NARRATIVE_SOURCES, lead).is_some()
}

/// "nghe … báo cáo", "sau khi … báo cáo": someone else's act, not a turn. The clause of hearing
/// ends where, after a comma or a colon, a person with a title or a form of address speaks ("Sau
/// khi nghe báo cáo, Thủ tướng yêu cầu …"); units listed after a comma are still heard ("nghe Sở
/// Tài chính, Sở Xây dựng báo cáo").
fn listened(s: &Sent<'_>, at: usize) -> bool {
    let lo = at.saturating_sub(12);
    let Some(k) = (lo..at).rev().find(|&k| s.phrase_at(&HEARD, k).is_some()) else { return false };
    // After the first comma or colon, since whoever speaks after a later one speaks after it too.
    let Some(b) = (k..at).find(|&b| s.is_boundary(b) || s.is_punct(b, ':')) else { return true };
    !(b + 1..at).any(|j| s.person_title_at(j).is_some() || s.word_in(&super::lex::ADDRESS, j))
}

/// A verb inside a purpose clause ("… để xác minh sự việc và có báo cáo cũng như đề xuất …").
fn in_purpose(s: &Sent<'_>, at: usize) -> bool {
    let mut k = at;
    let mut words = 0;
    while k > 0 && words < 12 {
        k -= 1;
        if s.is_punct(k, ',') || s.is_clause_break(k) {
            return false;
        }
        if s.w(k) == "để" {
            return true;
        }
        words += 1;
    }
    false
}

/// The cue index of "sẽ" right before token `at` (adverbs between allowed, and the verb the
/// directing one is coordinated with: "sẽ phối hợp, chỉ đạo các cơ sở …").
fn will_before(s: &Sent<'_>, at: usize) -> Option<usize> {
    let joint = |j: usize| s.w(j) == "hợp" && s.w(j.wrapping_sub(1)) == "phối";
    let mut k = at;
    for _ in 0..5 {
        k = k.checked_sub(1)?;
        if let Some(i) = s.cues.iter().position(|c| c.at == k && c.class == Class::Will) {
            return Some(i);
        }
        if joint(k) {
            k -= 1;
        } else if !(s.word_in(&WILL_ADVERBS, k) || s.is_punct(k, ',') && joint(k.wrapping_sub(1))) {
            return None;
        }
    }
    None
}

/// "các dự án do nhà đầu tư đề xuất", "là do Sở Xây dựng đề nghị", "Do UBND tỉnh yêu cầu, …": the
/// directing verb at `at` has its agent after "do" (by, because of); it says whose request
/// something was, and asks nothing now.
fn agent_by(s: &Sent<'_>, at: usize) -> bool {
    let mut k = at;
    for _ in 0..8 {
        let Some(j) = k.checked_sub(1) else { return false };
        if !in_name(s, j, false) {
            return false;
        }
        let w = s.w(j);
        if w == "do" {
            // "Do đó, Sở đề nghị …", "Do vậy …" (therefore), "lý do" (a reason): no agent.
            let connective = s.phrase_at(&DO_CONNECTIVES, j).is_some() || s.phrase_at(&DO_CONNECTIVES, j.wrapping_sub(1)) == Some(2);
            return !connective && j + 1 < at && s.is_word(j + 1);
        }
        // The agent is a noun phrase: no clause, preposition or other cue between.
        if w == "và" || ends_agent(s, j) {
            return false;
        }
        k = j;
    }
    false
}

/// Token `j` may stand inside an agent's name walked back from a verb ([`agent_by`],
/// [`given_work`]): a word or a name's glue ("TP.HCM", "NN&PTNT", "Hậu cần - Kỹ thuật"), and a
/// comma when `comma` (a list of agents).
fn in_name(s: &Sent<'_>, j: usize, comma: bool) -> bool {
    s.is_word(j) || s.is_punct(j, '.') || s.is_punct(j, '-') || s.is_punct(j, '&') || (comma && s.is_punct(j, ','))
}

/// The word at `j` cannot be inside an agent's noun phrase: a statement word, a preposition or a
/// cue.
fn ends_agent(s: &Sent<'_>, j: usize) -> bool {
    STATEMENT.contains(s.w(j)) || s.word_in(&AGENT_ENDS, j) || s.cue_at(j).is_some_and(|c| c.class != Class::Ignore)
}

/// "dự toán được Thủ tướng giao", "13 chỉ tiêu Quốc hội giao", "nhiệm vụ mà Chính phủ, Thủ tướng
/// giao": "giao" at `at` closes a relative clause on a noun of work given, its agent between; it
/// names the work given before and gives none now.
fn given_work(s: &Sent<'_>, at: usize) -> bool {
    // "Về kinh phí …, giao Sở …": after a comma the verb gives work.
    if s.w(at) != "giao" || !s.is_word(at.wrapping_sub(1)) {
        return false;
    }
    let mut k = at;
    for _ in 0..10 {
        let Some(j) = k.checked_sub(1) else { return false };
        if !in_name(s, j, true) {
            return false;
        }
        // The noun, then "được" or "mà", or the agent at once.
        let linked = s.word_in(&RELATIVE_LINKS, j);
        let noun_end = if linked { j.wrapping_sub(1) } else { j };
        // The agent names a body or an office: a capital or a head word ("chỉ tiêu Quốc hội giao").
        if k < at && s.is_word(k) && s.given_work_ending(noun_end) && (s.is_cap(k) || s.agent_at(k).is_some()) {
            return true;
        }
        if !linked && ends_agent(s, j) {
            return false;
        }
        k = j;
    }
    false
}

/// "Thống kê cho thấy …", "Kiểm tra chỉ ra …", "Khảo sát giá nhà ở … cho thấy, …": a verb of
/// showing at `k`, in the clause of an action word, makes that word a noun, the source of a
/// finding.
fn finding_after(s: &Sent<'_>, k: usize) -> bool {
    s.phrase_at(&SHOWING, k).is_some()
}

/// A negation before a modal at `at` ([`MODAL_NEGATIONS`]: "không phải chỉ có trách nhiệm", "không
/// chỉ cần", "không cần phải").
fn negated_modal(s: &Sent<'_>, at: usize) -> bool {
    s.phrase_ending_at(&MODAL_NEGATIONS, at).is_some()
}

/// "Yêu cầu xuất khẩu rất cao đòi hỏi …": a directing word opening the main clause as the subject
/// of a description ("rất", "ngày càng", "là", "đòi hỏi" within a few words, before any verb).
fn noun_subject(s: &Sent<'_>, c: &super::sent::Cue, main: usize) -> bool {
    if c.at != main {
        return false;
    }
    for k in c.end..(c.end + 4).min(s.len()) {
        if !s.is_word(k) {
            return false;
        }
        if s.word_in(&DESCRIPTION, k) && k > c.end {
            return true;
        }
        if s.action_at(k).is_some() && k > c.end {
            return false;
        }
    }
    false
}

/// A demonstrative right after a directing verb ("đề nghị ấy chưa được …", "yêu cầu trên được
/// đưa ra …"): the request spoken of. "trên" counts only before a verb of its clause or its end
/// ("yêu cầu trên địa bàn …" is no demonstrative).
fn noun_after(s: &Sent<'_>, end: usize) -> bool {
    let w = s.w(end);
    NOUN_AFTER.contains(w)
        || (BEFORE_TREN.contains(w) && s.w(end + 1) == "trên")
        || (w == "trên" && (!s.is_word(end + 1) || s.word_in(&AFTER_TREN, end + 1)))
}

/// "sự quan tâm, chỉ đạo sâu sắc": a directing verb coordinated with a noun after "sự", "các";
/// "nguyện vọng, tình cảm, kiến nghị, đề xuất từ nhân dân": one item of a list of them.
fn coordinated_noun(s: &Sent<'_>, at: usize) -> bool {
    if !s.is_punct(at.wrapping_sub(1), ',') {
        return false;
    }
    let listed = |c: &Cue| c.class == Class::Order && c.end + 1 == at && s.is_punct(c.at.wrapping_sub(1), ',');
    if s.cues.iter().any(listed) {
        return true;
    }
    let mut k = at - 1;
    for _ in 0..4 {
        if k == 0 {
            return false;
        }
        k -= 1;
        if !s.is_word(k) {
            return false;
        }
        if s.w(k) == "sự" || s.word_in(&PLURALS, k) {
            return true;
        }
    }
    false
}

/// A directing verb at `at` in the complement of "tham mưu (cho) …", "giúp …" in the same clause
/// ("tham mưu cho cấp ủy, chính quyền, chỉ đạo thực hiện …"): what the advised body does.
fn advised(s: &Sent<'_>, at: usize) -> bool {
    let mut k = at;
    let mut words = 0;
    while k > 0 && words < 12 {
        k -= 1;
        if s.is_clause_break(k) || s.is_quote(k) {
            return false;
        }
        if s.advise_at(k).is_some() {
            return true;
        }
        if s.is_word(k) {
            words += 1;
        }
    }
    false
}

/// "lưu ý đến", "lưu ý tới": paying attention, an act, not a reminder.
fn attends(s: &Sent<'_>, c: &super::sent::Cue) -> bool {
    c.end - c.at == 2 && s.phrase_at(&ATTENDING, c.at) == Some(3)
}

/// True when an action verb ends right before token `at` ("tiếp tục chỉ đạo"): the cue is the
/// content's verb, not a speech act.
fn after_action(s: &Sent<'_>, at: usize) -> bool {
    (at.saturating_sub(2)..at).any(|k| s.action_at(k).is_some_and(|n| k + n == at) && !s.is_cap(k))
}

/// "truyền đạt (ý kiến) kết luận của Phó Chủ tịch X": an opener naming X.
fn relayed(s: &Sent<'_>, people: &Mentions) -> Option<Opener> {
    let (ci, c) = s.cues.iter().enumerate().find(|(_, c)| c.class == Class::Direct && s.w(c.at) == "truyền")?;
    let k = (c.end..s.len().min(c.end + 6)).find(|&k| s.w(k) == "của")?;
    let a = k + 1;
    let mut b = a;
    // The name runs to a preposition, or to the relayed words themselves ("… của Phó Thủ tướng X
    // chấn chỉnh việc …": the verb of the direction, lower case).
    while b < s.len() && s.is_word(b) && !s.word_in(&RELAYED_NAME_ENDS, b) && !(b > a && !s.is_cap(b) && s.action_at(b).is_some() && s.title_at(b).is_none()) {
        b += 1;
    }
    (b > a && (has_person(people, s.span_of(a, b)) || s.person_title_at(a).is_some()))
        .then_some(Opener { speaker: (a, b), class: Class::Direct, cue: ci, directing: true, trailing: false })
}

/// "Sở thường khuyến cáo …", "HĐND thường giao …": a habit marker ([`HABITS`]) at token `m`, after
/// a word of its subject (not after a modal, "sẽ" or a comma: "phải thường kiểm tra", "…, thường
/// nhắc nhở …" ask for the work); its length in tokens.
fn habit_at(s: &Sent<'_>, m: usize) -> Option<usize> {
    let n = s.phrase_at(&HABITS, m)?;
    (m > 0 && !s.is_cap(m) && s.is_word(m - 1) && !s.word_in(&ADVERBS, m - 1) && !s.word_in(&HABIT_COMPOUNDS, m - 1)).then_some(n)
}

/// A habit marker ([`habit_at`], of one or two tokens) ends right before the verb at `at`.
fn habitual(s: &Sent<'_>, at: usize) -> bool {
    (at.saturating_sub(2)..at).any(|m| habit_at(s, m).is_some_and(|n| m + n == at))
}

/// "đã yêu cầu", "đã chỉ đạo", "đã giao": an order given (not a passive "được yêu cầu").
fn just_given(s: &Sent<'_>, at: usize) -> bool {
    s.word_in(&JUST_GIVEN, at.wrapping_sub(1))
}

/// A past or passive marker in the two words before token `at`, within the clause.
pub(crate) fn past_before(s: &Sent<'_>, at: usize) -> bool {
    let mut k = at;
    let mut seen = 0;
    while k > 0 && seen < 3 {
        k -= 1;
        if !s.is_word(k) {
            return false;
        }
        let w = s.w(k);
        if PAST.contains(w) {
            // "khi được ban hành phải …": the passive of a subordinate clause, not of the cue.
            let subordinate = (k.saturating_sub(2)..k).any(|j| s.word_in(&SUBORDINATORS, j))
                && s.action_at(k + 1).is_some_and(|n| k + 1 + n <= at);
            return !subordinate;
        }
        if !ASPECT_ADVERBS.contains(w) {
            seen += 1;
        }
    }
    false
}

/// "tiếp tục được", "được": a passive after an action verb at `at`.
fn passive_after(s: &Sent<'_>, at: usize) -> bool {
    let n = s.action_at(at).unwrap_or(1);
    // ("… đã": the verb closes a clause of what was done.)
    s.word_in(&PASSIVES, at + n) || s.w(at + n) == "đã"
}

/// "Sở Nội vụ có văn bản số 640 đề nghị …", "UBND tỉnh A có công văn gửi Bộ …, UBND tỉnh B đề
/// nghị …", "Phó Thủ tướng … đã có công điện khẩn yêu cầu …": the directing verb at `at` follows a
/// letter sent or issued in the same clause; the verb of sending (its first token), before which
/// the sender is named.
fn letter_sent(s: &Sent<'_>, lead: usize, at: usize) -> Option<usize> {
    let floor = lead.max(at.saturating_sub(40));
    let mut k = at;
    while k > floor + 1 {
        k -= 1;
        if s.is_clause_break(k) || s.is_quote(k) {
            return None;
        }
        if s.letter_word_at(k, "letter").is_none() {
            continue;
        }
        // The verb right before the letter ("có công văn", "ban hành kế hoạch"); "đã có", "từng
        // có": a letter reported as sent long ago, its words no turn of the sender's.
        return (1..=2)
            .filter(|&n| k >= floor + n)
            .map(|n| k - n)
            .find(|&v| s.letter_word_at(v, "send") == Some(k - v))
            .filter(|&v| !s.word_in(&SENT_BEFORE, v.wrapping_sub(1)));
    }
    None
}

/// The sender of a letter named before the verb of sending at `v` ([`letter_sent`]): the speaker's
/// region before it, from its first head word, title or pair of capitals ("Ngày 6/2 Bộ Y tế có
/// công văn …": the ministry), without the adverbs that end it ("Bộ Tài chính nhiều lần có …").
fn sender_region(s: &Sent<'_>, lead: usize, v: usize) -> (usize, usize) {
    let (a, mut b) = speaker_region(s, lead, v);
    let head = |k: usize| s.agent_at(k).is_some() || s.title_at(k).is_some() || (s.is_cap(k) && s.is_cap(k + 1));
    let a = (a..b).find(|&k| head(k)).unwrap_or(a);
    while let Some(n) = (1..=3).filter(|&n| b > a + n).find(|&n| s.letter_word_at(b - n, "adverb").is_some_and(|m| m >= n)) {
        b -= n;
    }
    (a, b)
}

/// Tokens before a verb at `at` that may name its speaker: the comma segment before it, extended
/// back over segments that continue a name and its titles ("Trung tướng Lê Văn Tâm, Bí thư Đảng ủy,
/// Giám đốc Công an tỉnh"), adverbs trimmed; a body's bracket before the verb left out.
fn speaker_region(s: &Sent<'_>, lead: usize, at: usize) -> (usize, usize) {
    region_before(s, lead, at, true)
}

/// [`speaker_region`], looking past a closing bracket once when `past_bracket`.
fn region_before(s: &Sent<'_>, lead: usize, at: usize, past_bracket: bool) -> (usize, usize) {
    let mut b = at;
    while b > lead && (s.word_in(&SPEAKER_TRAILERS, b - 1) || !s.is_word(b - 1)) {
        if s.is_punct(b - 1, ',') || s.is_clause_break(b - 1) || s.is_quote(b - 1) {
            break;
        }
        b -= 1;
    }
    // "Thường trực Tỉnh ủy thống nhất giao …": a verb of agreement before the directing verb.
    if b >= lead + 2 && s.phrase_at(&AGREEMENT, b - 2) == Some(2) {
        b -= 2;
    }
    let floor = lead.max(at.saturating_sub(60));
    let seg_start = |end: usize| -> usize {
        let mut a = end;
        while a > floor && !s.is_boundary(a - 1) && !s.is_quote(a - 1) {
            a -= 1;
        }
        a
    };
    let mut a = s.skip_lead(seg_start(b));
    // Drop what precedes the name without a comma ("phát biểu kết luận buổi làm việc đồng chí X",
    // "được Phó Thủ tướng"): after the last word that cannot be part of a name, then up to a title
    // or a capital.
    if let Some(k) = (a..b).rev().find(|&k| !name_like(s, k, k + 1)) {
        // The object of a preposition is nobody's turn ("Bộ Nông nghiệp phối hợp với Bộ Ngoại
        // giao đề xuất …": the ministry that works with it proposes; "… gửi đến Quốc hội …").
        if s.phrase_at(&OBJECT_LEADS, k).is_some() {
            return (b, b);
        }
        let mut j = k + 1;
        if let Some(c) = s.cue_at(k) {
            j = j.max(c.end);
        }
        while j < b && !(s.is_cap(j) || s.title_at(j).is_some() || s.agent_at(j).is_some()) {
            j += 1;
        }
        a = j;
    }
    while a > lead + 1 && s.is_punct(a - 1, ',') {
        let p = s.skip_lead(seg_start(a - 1));
        // "Thay mặt Đảng ủy …, Đại tá X …": the unit spoken for is not the speaker.
        let on_behalf = s.phrase_at(&ON_BEHALF, p).is_some();
        if p < a - 1 && !on_behalf && s.words_in(p, a - 1) <= 10 && name_like(s, p, a - 1) {
            a = p;
        } else {
            break;
        }
    }
    // "Bộ Y tế (Vụ Trang thiết bị và Công trình y tế) đề nghị …": a bracket closing the region
    // says which part of the body speaks, or whose part it is; the body before it speaks. (After a
    // person, the bracket is their office or constituency, and a foreign country says whose body
    // it is: the region stays whole.)
    if past_bracket
        && b < at
        && s.is_punct(b, ')')
        && let Some(open) = (lead..b).rev().take(40).find(|&k| s.is_punct(k, '(') || s.is_punct(k, ')'))
        && s.is_punct(open, '(')
        && open > lead
    {
        let (a2, b2) = region_before(s, lead, open, false);
        if a2 < b2
            && s.agent_at(a2).is_some()
            && s.is_cap(a2)
            && !(a2..b2).any(|k| s.person_title_at(k).is_some())
            && super::actor::read(&np_text(s.doc, s, open + 1, b)).is_none_or(|r| r.class != super::actor::Actor::Foreign)
        {
            return (a2, b2);
        }
    }
    (a, b)
}

/// True when tokens `a..b` can be a name with titles: no clause words, no lower-case verbs.
fn name_like(s: &Sent<'_>, a: usize, b: usize) -> bool {
    if a >= b {
        return false;
    }
    for k in a..b {
        if !s.is_word(k) {
            continue;
        }
        let w = s.w(k);
        if STATEMENT.contains(w) || NOT_IN_NAME.contains(w)
        {
            return false;
        }
        if w == "và" && !(s.is_cap(k + 1) || s.title_at(k + 1).is_some() || s.agent_at(k + 1).is_some()) {
            return false;
        }
        if s.cue_at(k).is_some_and(|c| !matches!(c.class, Class::Ignore)) {
            return false;
        }
        if !s.is_cap(k) && s.action_at(k).is_some() && !(k > a && s.is_cap(k - 1)) && s.title_at(k).is_none() && s.agent_at(k).is_none() {
            return false;
        }
    }
    true
}

/// True when tokens `a..b` name someone: a person, a title or form of address, a capitalised name.
fn has_speaker(s: &Sent<'_>, people: &Mentions, a: usize, b: usize, lead: usize) -> bool {
    if a >= b || s.words_in(a, b) > 40 || !name_like(s, a, b) {
        return false;
    }
    if has_person(people, s.span_of(a, b)) {
        return true;
    }
    // A capital names someone unless it is a bare abbreviation ("ANQG và TTATXH"): those name a
    // body only when the agent list knows them (UBND, CATP).
    (a..b).any(|k| s.title_at(k).is_some() || (s.is_cap(k) && k != lead && (!is_acronym(s.text(k)) || s.agent_at(k).is_some())))
}

/// An all-capitals abbreviation of two letters or more ("ANQG", "TTATXH", "PV").
fn is_acronym(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// "…”, Chủ tịch UBND tỉnh nhấn mạnh." / "… - Thủ tướng chỉ đạo.": the speaker after a quotation.
fn trailing_speaker(s: &Sent<'_>, people: &Mentions) -> Option<Opener> {
    let n = s.len();
    let (ci, c) = s.cues.iter().enumerate().rev().find(|(_, c)| c.class.opens_turn())?;
    // Only punctuation (or "như trên", "tại …") after the verb, within a few words.
    if s.words_in(c.end, n) > 12 {
        return None;
    }
    // A closing quote or a dash before the speaker.
    let mut k = c.at;
    let mut words = 0;
    while k > 0 {
        k -= 1;
        if s.is_quote(k) {
            break;
        }
        if (s.is_punct(k, '–') || s.is_punct(k, '-') || s.is_punct(k, '—')) && k > 0 && !s.is_word(k - 1) {
            break;
        }
        if s.is_word(k) {
            words += 1;
        }
        if words > 14 || s.is_clause_break(k) {
            return None;
        }
    }
    if k == 0 || s.words_in(0, k) < 4 {
        return None;
    }
    let mut a = k + 1;
    while a < c.at && !s.is_word(a) {
        a += 1;
    }
    if a >= c.at {
        return None;
    }
    let mut b = c.at;
    while b > a && s.word_in(&TRAILING_ADVERBS, b - 1) {
        b -= 1;
    }
    if !name_like(s, a, b) || !(has_person(people, s.span_of(a, b)) || (a..b).any(|j| s.title_at(j).is_some() || s.is_cap(j))) {
        return None;
    }
    Some(Opener { speaker: (a, b), class: c.class, cue: ci, directing: false, trailing: true })
}

/// "sẽ" followed by an action verb of the lexicon (`task_actions.tsv`), adverbs allowed between;
/// not a passive ("sẽ xử lý được", "sẽ kiểm tra bị …").
fn will_act(s: &Sent<'_>, mut k: usize) -> bool {
    // "Bộ sẽ cùng với tỉnh Bình Định giám sát …": past the partner the work is done with.
    if let Some(n) = s.phrase_at(&PARTNERS, k)
        && let Some(v) = (k + n..(k + n + 10).min(s.len())).take_while(|&j| s.is_word(j)).find(|&j| !s.is_cap(j) && s.action_at(j).is_some())
    {
        k = v;
    }
    for _ in 0..3 {
        if let Some(n) = s.action_at(k) {
            return !s.word_in(&PASSIVES, k + n);
        }
        if !s.word_in(&ADVERBS, k) && !s.word_in(&WILL_MANNER, k) {
            break;
        }
        k += 1;
    }
    false
}

/// True when an intro longer than the head word at `i` starts there ("Trường hợp …" opens a
/// condition; it names no school).
fn opens_intro(s: &Sent<'_>, i: usize) -> bool {
    s.intro_at(i).is_some_and(|n| n > s.agent_at(i).unwrap_or(0))
}

/// "Đơn vị hỗ trợ xây dựng phần mềm là Công ty …": a "là" after a unit's verb, in the same
/// clause and before any other cue, makes the unit and its verb the subject of an identity told.
fn copula_after(s: &Sent<'_>, after: usize) -> bool {
    (after..s.len())
        .take_while(|&k| s.is_word(k) && s.cue_at(k).is_none())
        .any(|k| s.w(k) == "là")
}

/// A subject (agent noun phrase) followed by an action verb at the main clause.
fn subject_action(s: &Sent<'_>, m: usize, lead: usize) -> Option<(usize, usize)> {
    // "Việc UBND huyện điều chỉnh …": the act is the subject, not the unit inside it.
    if opens_intro(s, m) || names_matter(s, m) {
        return None;
    }
    // A capital at the sentence start says nothing: a name needs two capitals or an agent word.
    // "2 ngành phối hợp …", "hai ngành …": a count of units is a subject too.
    let counted = (s.w(m).chars().next().is_some_and(|c| c.is_ascii_digit()) || s.word_in(&UNIT_COUNTS, m)) && s.agent_at(m + 1).is_some();
    // A verb written with a capital and no capital after it names an event or a programme
    // ("Đối thoại sẽ góp phần …"), no unit.
    let named_act = s.action_at(m).is_some_and(|n| !s.is_cap(m + n));
    let head = counted || s.agent_at(m).is_some() || (s.is_cap(m) && s.title_at(m).is_none() && !named_act && (m != lead || s.is_cap(m + 1)));
    if !head || (!counted && s.w(m).chars().next().is_some_and(|c| c.is_ascii_digit())) {
        return None;
    }
    // Past the whole head: a board whose name holds a verb ("Ban tổ chức", "Ban quản lý").
    let mut q = m + s.agent_at(m).unwrap_or(1).max(1);
    let mut words = 1;
    // Where the subject's words end: the first auxiliary or adverb after its head ("Bộ sẽ bàn
    // giao …", "Công an quận xin chỉ đạo …"); `true` when it describes ("rất"). A preposition
    // may stay inside a subject ("Các đơn vị trong ngành phải …").
    let mut stop: Option<(usize, bool)> = None;
    while q < s.len() && words <= 14 {
        if s.is_clause_break(q) || s.is_quote(q) {
            return None;
        }
        if s.is_word(q) {
            let w = s.w(q);
            // One look-up: the class says both whether it ends the subject (the first such word)
            // and how (any of them: "Chủ tịch cũng rất quan tâm …" describes).
            if let Some(t) = s.np_stop_at(q).filter(|&t| t != NpStop::Prep) {
                let stative = t == NpStop::Stative;
                stop = Some(stop.map_or((q, stative), |(at, st)| (at, st || stative)));
            }
            if w == "không" && !s.is_cap(q + 1) && s.action_at(q + 1).is_some() {
                return Some((m, q));
            }
            // "Phường thường nhắc nhở …": a habit told of the subject, no work.
            if let Some(n) = habit_at(s, q)
                && (s.cue_at(q + n).is_some() || s.action_at(q + n).is_some())
            {
                return None;
            }
            if STATEMENT.contains(w) {
                return None;
            }
            if let Some(c) = s.cue_at(q) {
                // "Các bộ, ngành đánh giá việc …", "Sở … báo cáo kết quả …": the verb is the work.
                let work = matches!(c.class, Class::Report | Class::Speech) && s.action_at(q).is_some() && !s.is_cap(c.end) && s.is_word(c.end) && s.w(c.end) != "rằng";
                if matches!(c.class, Class::Report | Class::Speech | Class::Praise | Class::Hope | Class::Direct) && !work {
                    return None;
                }
                // "Bộ trưởng … khẳng định sẽ tạo …": the pledge's verb ends the subject.
                if c.class == Class::Commit {
                    stop.get_or_insert((q, false));
                }
            }
            // "Bộ Giáo dục và Đào tạo": the later syllable of a verb written with a capital is
            // part of a name.
            if !s.is_cap(q) && s.is_cap(q - 1) && s.action_at(q - 1).is_some_and(|n| n > 1) {
                words += 1;
                q += 1;
                continue;
            }
            // A title longer than the verb is no verb ("tham mưu trưởng").
            if let Some(n) = s.action_at(q).filter(|&n| !s.is_cap(q) && s.title_at(q).is_none_or(|t| t <= n)) {
                // A verb's form naming a thing ("công tác đào tạo") is passed over whole.
                if nominal(s, q) || s.is_punct(q - 1, ',') {
                    words += n;
                    q += n;
                    continue;
                }
                let after = q + n;
                if passive_after(s, q) || statistic_after(s, q) || copula_after(s, after) || stop.is_some_and(|(_, stative)| stative) {
                    return None;
                }
                let mut b = q;
                while b > m + 1 && (ADVERBS.contains(s.w(b - 1)) || !s.is_word(b - 1)) {
                    b -= 1;
                }
                let b = stop.map_or(b, |(at, _)| b.min(at)).max(m + 1);
                return Some((units_ending(s, m, b), b));
            }
            words += 1;
        }
        q += 1;
    }
    None
}

/// Where the units of a subject `m..b` start: after the last segment between commas that is
/// plainly no unit of a list — a person's title (an apposition), a time, an intro or a saying
/// verb ("Phó Vụ trưởng Vụ Tổ chức, năm nay, Bộ tiếp tục …": "Bộ"; "Sở GTVT đề nghị, lực lượng
/// Cảnh sát …"), when a unit follows it. A list ("Các sở, ban, ngành") is kept whole.
fn units_ending(s: &Sent<'_>, m: usize, b: usize) -> usize {
    let commas: Vec<usize> = (m..b).filter(|&k| s.is_boundary(k)).collect();
    let no_unit = |a: usize, e: usize| {
        let a = s.skip_lead(a);
        let says = |c: &Cue| c.at >= a && c.at < e && !s.is_cap(c.at) && matches!(c.class, Class::Order | Class::Speech | Class::Report | Class::Direct);
        a < e && (s.person_title_at(a).is_some() || s.time_at(a).is_some() || s.intro_at(a).is_some() || s.cues.iter().any(says))
    };
    // Segment i runs from `starts[i]` to `commas[i]` (the last to `b`).
    let starts: Vec<usize> = std::iter::once(m).chain(commas.iter().map(|&c| c + 1)).collect();
    let end_of = |i: usize| commas.get(i).copied().unwrap_or(b);
    let Some(last) = (0..commas.len()).rev().find(|&i| no_unit(starts[i], end_of(i))) else { return m };
    let from = s.skip_lead(starts[last + 1]);
    if from < end_of(last + 1) && s.person_title_at(from).is_none() && is_agent_np(s, from, end_of(last + 1)) { from } else { m }
}

/// An action word used as a noun ("công tác kiểm tra", "việc thực hiện", "cuộc kiểm tra").
fn nominal(s: &Sent<'_>, q: usize) -> bool {
    s.word_in(&NOMINALIZERS, q.wrapping_sub(1))
}

/// The assignee the sentence names: the object of a directing verb, the subject of a modal, or the
/// subject of an action verb.
fn explicit_assignee(s: &Sent<'_>, a: &Analysis) -> Option<(usize, usize)> {
    if let Some(d) = a.decisive {
        let c = s.cues[d.cue];
        match d.class {
            Class::Order => {
                if let Some(np) = object_after(s, c.end) {
                    return Some(np);
                }
                // "giao 84 đầu việc và yêu cầu các sở ngành …"
                for x in s.cues.iter().skip(d.cue + 1).filter(|x| x.class == Class::Order) {
                    if let Some(np) = object_after(s, x.end) {
                        return Some(np);
                    }
                }
                // "đề nghị, …, Đảng ủy Công an Thành phố cần …", "đề nghị trong quý 3, Ủy ban … sẽ …"
                if let Some(m) = s.cues.iter().skip(d.cue + 1).find(|x| matches!(x.class, Class::Modal | Class::Will))
                    && let Some(np) = subject_before(s, m.at, c.end) {
                        return Some(np);
                    }
                // "Bộ Giao thông vận tải khẩn trương chỉ đạo …": a unit urged to direct is the
                // one to act (an office-holder "quyết liệt chỉ đạo" is told of, not told).
                if let Some(m) = s.manner_before(c.at)
                    && let Some(np) = subject_before(s, m, opener_end(s, a)).filter(|&(x, _)| s.person_title_at(x).is_none())
                {
                    return Some(np);
                }
                // "Năm 2017, NHCSXH được Thủ tướng Chính phủ giao chỉ tiêu …": told in the passive,
                // the unit given the work is the subject before "được".
                if let Some(o) = a.opener.filter(|o| !o.trailing && o.cue == d.cue && o.speaker.0 > 0)
                    && s.w(o.speaker.0 - 1) == "được"
                    && s.word_in(&PASSIVE_GIVEN, c.at)
                    && let Some(np) = subject_before(s, o.speaker.0 - 1, 0)
                {
                    return Some(np);
                }
                return topic(s);
            }
            Class::Modal => {
                // "Tất cả các thủ tục phải được công bố công khai": the subject of a passive is
                // what is acted on, not who acts; the sentence names no one.
                if s.word_in(&PASSIVES, c.end) {
                    return None;
                }
                let floor = opener_end(s, a);
                // The speaker is not the one told to act ("Chủ tịch … lưu ý, cần …"): the turn's
                // addressee is, so a subject that is the speaker is no assignee.
                let not_speaker = |&(x, y): &(usize, usize)| a.opener.is_none_or(|o| y <= o.speaker.0 || x >= o.speaker.1);
                return subject_before(s, c.at, floor).or_else(|| topic(s)).or(a.subject_action.filter(not_speaker));
            }
            Class::Will | Class::Commit => {
                let floor = opener_end(s, a);
                // "Dự kiến bến xe sẽ phục vụ …": the capital that opens the sentence names
                // nothing by itself; a thing's future is no unit's pledge ("Hằng tháng Phòng Nội
                // vụ sẽ …" names the unit further on).
                let bare = |(x, y): (usize, usize)| bare_initial(s, x) && (x + 1..y).all(|k| !s.is_cap(k) && s.agent_at(k).is_none());
                if let Some(np) = subject_before(s, c.at, floor) {
                    return (!bare(np)).then_some(np);
                }
            }
            _ => {}
        }
    }
    a.subject_action
}

/// "Đối với các cơ quan tố tụng, …": the unit a sentence is about.
fn topic(s: &Sent<'_>) -> Option<(usize, usize)> {
    let lead = s.skip_lead(0);
    let k = lead + s.phrase_at(&TOPICS, lead)?;
    let c = s.next_comma(k);
    (c < s.len() && s.is_punct(c, ',') && is_agent_np(s, k, c)).then_some((k, c))
}

/// The noun phrase after a directing verb ("yêu cầu các tập đoàn, tổng công ty tiến hành …").
pub(crate) fn object_after(s: &Sent<'_>, mut k: usize) -> Option<(usize, usize)> {
    while k < s.len() && (s.is_punct(k, ':') || s.is_quote(k) || s.is_punct(k, ',')) {
        k += 1;
    }
    // "giao nhiệm vụ cụ thể cho các bộ, ngành": past the work's description to its "cho".
    if let Some(n) = s.phrase_at(&OBJECT_DETAILS, k)
        && s.w(k + n) == "cho"
    {
        k += n;
    }
    if s.w(k) == "cho" {
        k += 1;
    }
    // "đề nghị phía Tổng cục …", "yêu cầu bên Công ty …": the side named is the unit.
    if s.word_in(&SIDES, k) && s.is_cap(k + 1) {
        k += 1;
    }
    let agent = s.agent_at(k).unwrap_or(0);
    if !(agent > 0 || s.is_cap(k)) || s.action_at(k).is_some_and(|n| !s.is_cap(k) && n >= agent) || s.matter_at(k).is_some() {
        return None;
    }
    let start = k;
    let mut end = k;
    let mut words = 0;
    // The end of the organisation type or field name, written as a name (capital), that the
    // phrase is inside ("Ngân hàng", "Giáo dục và Đào tạo"): no break before it.
    let mut name_until = 0;
    while k < s.len() && words < 16 {
        if s.is_word(k) {
            if let Some(e) = s.is_cap(k).then(|| crate::org::name_words_end(s.doc, s.toks[k].span.start)).flatten() {
                name_until = name_until.max(e);
            }
            // (Not inside the head word: "chủ đầu tư" holds the verb "đầu tư".)
            if !s.is_cap(k) && k >= start + agent.max(1) && s.toks[k].span.start >= name_until {
                // A verb's form right after "các", "những" … names a thing ("các tổ chức").
                // So does one after a plural and a nominalizer ("các nhà đầu tư", "các chủ đầu
                // tư"; not "tỉnh nhà tập hợp …").
                let noun = s.word_in(&PLURALS, k - 1) || (k >= 2 && nominal(s, k) && s.word_in(&PLURALS, k - 2));
                if !noun && (s.asked_action_at(k).is_some() || s.cue_at(k).is_some_and(|c| matches!(c.class, Class::Modal | Class::Order | Class::Will))) {
                    break;
                }
                if s.np_stop_at(k).is_some() {
                    break;
                }
            }
            words += 1;
            k += 1;
            end = k;
        } else if s.is_punct(k, ',') {
            if s.agent_at(k + 1).is_some() && s.action_at(k + 1).is_none() || s.is_cap(k + 1) {
                k += 1;
            } else {
                break;
            }
        } else if s.is_punct(k, '&') || s.is_punct(k, '-') || s.is_punct(k, '.') || s.is_punct(k, '/') || name_dash(s, k) {
            if s.is_word(k + 1) && s.is_word(k.wrapping_sub(1)) {
                k += 1;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if end <= start || demonstrative_matter(s, start, end) {
        return None;
    }
    Some(snap_to_organisation(s, start, end))
}

/// "Điều này", "Cái này", "các yêu cầu này": a short phrase closed by a demonstrative, with no
/// unit's head word in it (a plural marker heads nothing) — a matter spoken of, nobody who acts.
fn demonstrative_matter(s: &Sent<'_>, a: usize, b: usize) -> bool {
    b > a + 1
        && b - a <= 4
        && s.word_in(&DEMONSTRATIVES, b - 1)
        && (a..b).all(|k| (s.agent_at(k).is_none() || s.word_in(&PLURALS, k)) && (k == a || !s.is_cap(k)))
}

/// Lower-case words after a whole unit's name (as the organisation extractor reads it) that name
/// no unit are the predicate's ("UBND tỉnh Hòa Lạc làm tờ trình …").
fn snap_to_organisation(s: &Sent<'_>, start: usize, end: usize) -> (usize, usize) {
    let Some(org) = crate::org::org_phrase_at(s.doc, s.toks[start].span.start) else {
        return (start, end);
    };
    // The token after the last one inside the name.
    let org_end = s.toks.partition_point(|t| t.span.end <= org.end).max(start + 1);
    // The predicate starts right after the name with a verb or a cue ("… Việt Nam chỉ đạo các tổ
    // chức …"), or the rest names no unit at all ("… Hòa Lạc làm tờ").
    let verb_next = org_end < end && s.is_word(org_end) && !s.is_cap(org_end) && (s.action_at(org_end).is_some() || s.cue_at(org_end).is_some());
    let tail_is_predicate = verb_next || (org_end..end).all(|k| s.is_word(k) && !s.is_cap(k) && s.agent_at(k).is_none());
    if org_end < end && tail_is_predicate {
        return (start, org_end);
    }
    (start, end)
}

/// Where the subject of a modal at `at` starts and ends, past its clause's leads, not before token
/// `floor`: whatever its words name.
fn clause_subject(s: &Sent<'_>, at: usize, floor: usize) -> Option<(usize, usize, usize)> {
    let floor = floor.max(at.saturating_sub(40));
    let mut b = at;
    while b > floor && (s.word_in(&BEFORE_MODAL, b - 1) || !s.is_word(b - 1) && !s.is_punct(b - 1, ',')) {
        b -= 1;
    }
    // "các cơ quan chức năng, trong đó có công an, sẽ …": an aside set off by commas.
    if b > floor + 1 && s.is_punct(b - 1, ',') {
        let a = seg_start(s, b - 1, floor);
        // (Not "…, trong đó có ý kiến cho rằng, cần …": a turn, no aside.)
        if a > floor + 1
            && s.is_punct(a - 1, ',')
            && let Some(n) = s.phrase_at(&ASIDES, a)
            && !s.cues.iter().any(|c| c.at >= a + n && c.at < b)
        {
            b = a - 1;
        }
    }
    if b <= floor || !s.is_word(b - 1) {
        return None;
    }
    let mut a = seg_start(s, b, floor);
    // Inside the segment, the phrase after the last statement word ("Đây là vấn đề mà các tỉnh").
    if let Some(k) = (a..b).rev().find(|&k| s.word_in(&CLAUSE_LINKS, k)) {
        a = k + 1;
    }
    let mut a0 = s.skip_lead(a);
    while a0 < b && s.word_in(&SUBJECT_LEADS, a0) {
        a0 += 1;
    }
    (a0 < b).then_some((a0, b, floor))
}

/// Back from `end` over one segment's words (to a comma, clause break or `floor`).
fn seg_start(s: &Sent<'_>, end: usize, floor: usize) -> usize {
    let mut a = end;
    while a > floor && (s.is_word(a - 1) || s.is_punct(a - 1, '&') || s.is_punct(a - 1, '-') || s.is_punct(a - 1, '.') || name_dash(s, a - 1)) {
        a -= 1;
    }
    a
}

/// An en dash at `k` inside a unit's name: a unit's head shortly before it, a capitalised word
/// after it and no other head or title there ("Sở Văn hóa – Thể thao", "Bộ Lao động – Thương
/// binh và Xã hội"; not "Sở Công Thương – Thường trực Ban chỉ đạo …", an apposition).
fn name_dash(s: &Sent<'_>, k: usize) -> bool {
    s.is_punct(k, '–')
        && s.is_cap(k + 1)
        && s.person_title_at(k + 1).is_none()
        && (k + 1..k + 4).all(|j| !s.is_cap(j) || s.agent_at(j).is_none())
        && (k.saturating_sub(3)..k).any(|j| s.agent_at(j).is_some())
}

/// The subject of a modal at `at` names a matter, not a unit ("Việc thẩm định phải …").
fn matter_subject(s: &Sent<'_>, at: usize, floor: usize) -> bool {
    clause_subject(s, at, floor).is_some_and(|(a0, _, _)| s.matter_at(a0).is_some())
}

/// Token `a` opens the sentence with the only capital of its phrase and no agent word. That
/// capital says nothing, so such a phrase of two words or more is no unit of a list before the
/// subject ("Thông qua cuộc thi, Sở sẽ …", "Ở đây, UBND tỉnh phải …"; "Hòa Bình, Sơn La cần …",
/// "Sở, ngành cần …" and "Đảng, Nhà nước sẽ …" name units).
fn bare_initial(s: &Sent<'_>, a: usize) -> bool {
    s.agent_at(a).is_none() && (0..a).all(|k| !s.is_word(k)) && !s.is_cap(a + 1) && !s.text(a).chars().skip(1).any(char::is_uppercase)
}

/// The noun phrase before a modal at `at`, not before token `floor` ("Đảng ủy Công an Thành phố cần …").
pub(crate) fn subject_before(s: &Sent<'_>, at: usize, floor: usize) -> Option<(usize, usize)> {
    let (a0, b, floor) = clause_subject(s, at, floor)?;
    if !is_agent_np(s, a0, b) {
        return None;
    }
    // "UBND quận 5 sẽ chịu trách nhiệm …", "Bộ Quốc phòng luôn nhất quán phải …": the unit ends
    // at an auxiliary or adverb after its head.
    let head_end = a0 + s.agent_at(a0).unwrap_or(1).max(1);
    let b = (head_end..b).find(|&k| s.ends_subject(k)).unwrap_or(b);
    let mut a = a0;
    // "Cấp ủy, chỉ huy đơn vị cần": join short agent segments before.
    while a > floor + 1 && s.is_punct(a - 1, ',') {
        let p = seg_start(s, a - 1, floor);
        let p0 = s.skip_lead(p);
        let words = s.words_in(p0, a - 1);
        if p0 < a - 1 && p0 == p && words <= 4 && is_agent_np(s, p0, a - 1) && !(bare_initial(s, p0) && words >= 2) && s.cues.iter().all(|c| c.at >= a || c.end <= p0) {
            a = p0;
        } else {
            break;
        }
    }
    Some((a, b))
}

/// The word before a directing verb at `at` makes it a noun ([`NOUN_BEFORE`], [`COUNT_BEFORE`]).
fn noun_before(s: &Sent<'_>, at: usize) -> bool {
    let k = at.wrapping_sub(1);
    NOUN_BEFORE.contains(s.w(k)) || (COUNT_BEFORE.contains(s.w(k)) && !s.is_cap(k))
}

/// A phrase at `a` that names a matter ("các biện pháp"), also after the words gathering a set
/// ("Tất cả các vấn đề phải …").
fn names_matter(s: &Sent<'_>, a: usize) -> bool {
    s.matter_at(a).is_some() || s.phrase_at(&GATHERING, a).is_some_and(|n| s.matter_at(a + n).is_some())
}

/// True when tokens `a..b` look like a unit or a group: an agent head word or a capitalised name
/// first, few words, no verb of saying.
fn is_agent_np(s: &Sent<'_>, a: usize, b: usize) -> bool {
    let words = s.words_in(a, b);
    if words == 0 || words > 14 {
        return false;
    }
    if names_matter(s, a) || demonstrative_matter(s, a, b) {
        return false;
    }
    if s.agent_at(a).is_none() && !(s.is_cap(a) && s.intro_at(a).is_none() && s.connective_at(a).is_none() && s.person_title_at(a).is_none()) {
        return false;
    }
    // "Năm nay, …", "Thời gian tới, …": a time, capitalised at the sentence's start.
    if opens_intro(s, a) || s.time_at(a).is_some() {
        return false;
    }
    if s.cues.iter().any(|c| c.at >= a && c.at < b && c.class.opens_turn()) {
        return false;
    }
    !(a..b).any(|k| s.word_in(&CLAUSE_VERBS, k))
}

/// The text of a unit's words, tokens `a..b` of a sentence: the words that open the clause, a time,
/// the words that end no name and a bracket left open are trimmed, and so is punctuation at both
/// ends.
pub(crate) fn np_text(doc: &Document, s: &Sent<'_>, a: usize, b: usize) -> String {
    let a = past_leads(s, a, b);
    let b = before_time(s, a, b);
    let end = b;
    let b = words_end(s, a, b);
    let b = without_tails(s, a, b);
    let b = brackets_closed(doc, s, a, b, end);
    doc.slice(s.span_of(a, b)).to_string()
}

/// "Còn Cục …", "Hiện UBND tỉnh …": past the words that open the clause, not the unit's name.
fn past_leads(s: &Sent<'_>, mut a: usize, b: usize) -> usize {
    loop {
        while a < b && !s.is_word(a) {
            a += 1;
        }
        match s.phrase_at(&NP_LEADS, a) {
            Some(n) if a + n < b => a += n,
            _ => return a,
        }
    }
}

/// "các sở ngành ngày 6.2, Chủ tịch …", "Bộ Tài chính trước tháng 6/2017": a unit's name holds no
/// time; the preposition before the time goes with it. (Not "Đầu năm 2016, …": a phrase that opens
/// with a time is left whole.)
fn before_time(s: &Sent<'_>, a: usize, b: usize) -> usize {
    let Some(mut k) = (a + 1..b).find(|&k| s.is_word(k - 1) && s.time_at(k).is_some()).filter(|_| s.time_at(a).is_none()) else { return b };
    while k > a + 1 && s.np_stop_at(k - 1).is_some() {
        k -= 1;
    }
    k
}

/// Back from `b` over punctuation to the last word.
fn words_end(s: &Sent<'_>, a: usize, mut b: usize) -> usize {
    while b > a && !s.is_word(b - 1) {
        b -= 1;
    }
    b
}

/// "Quỹ Bảo hiểm Y tế … và", "Chính phủ nên": back over words that end no name ([`NP_TAILS`]),
/// unless written with a capital or closing a compound kept whole ("Tổng cục Hậu cần").
fn without_tails(s: &Sent<'_>, a: usize, mut b: usize) -> usize {
    while let Some(p) = s.phrase_ending_at(&NP_TAILS, b).filter(|&p| p > a && !s.is_cap(p) && !s.in_kept_compound(p)) {
        b = words_end(s, a, p);
    }
    b
}

/// "ĐB Hà Văn Nam (Sơn La)": a bracket opened in the name closes with it, when the closing one
/// follows (before `end`); "Ủy ban Thường vụ Quốc hội (diễn ra …": one the phrase leaves open is
/// dropped.
fn brackets_closed(doc: &Document, s: &Sent<'_>, a: usize, b: usize, end: usize) -> usize {
    let kept = doc.slice(s.span_of(a, b));
    if b < end && s.is_punct(b, ')') && kept.matches('(').count() > kept.matches(')').count() {
        return b + 1;
    }
    match (a + 1..b).rev().find(|&k| s.is_punct(k, '(')).filter(|&o| !(o..b).any(|k| s.is_punct(k, ')'))) {
        Some(open) => words_end(s, a, open),
        None => b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A short fictional report around `sentence`, and the sentence's span in it.
    fn doc_with(sentence: &str) -> (Document, Span) {
        let text = format!("Tin tức tỉnh Hòa Lạc\n\nNgày 3/4, Tỉnh ủy Hòa Lạc họp thường kỳ.\n\n{sentence}\n\nHội nghị kết thúc trong ngày.\n\nCác đại biểu đã thảo luận sôi nổi.\n\nNhiều ý kiến được ghi nhận.\n\nMinh Anh");
        let d = Document::new("t.txt", text);
        let span = d.sentences.iter().find(|x| d.slice(x.span) == sentence).expect("sentence kept").span;
        (d, span)
    }

    fn an(text: &str) -> (Document, Analysis) {
        let sentence = text.rsplit("\n\n").next().unwrap_or(text);
        let (d, span) = doc_with(sentence);
        let s = Sent::new(&d, span);
        let a = analyze(&s, &Mentions::default(), false);
        (d, a)
    }

    fn assignee(text: &str) -> Option<String> {
        let sentence = text.rsplit("\n\n").next().unwrap_or(text);
        let (d, span) = doc_with(sentence);
        let s = Sent::new(&d, span);
        let a = analyze(&s, &Mentions::default(), false);
        a.assignee.map(|(x, y)| np_text(&d, &s, x, y))
    }

    #[test]
    fn a_unit_urged_to_direct_is_the_assignee() {
        assert_eq!(assignee("Tin tức\n\nSở Giao thông vận tải khẩn trương chỉ đạo Công an các huyện rà soát bến bãi.").as_deref(), Some("Công an các huyện"));
        assert_eq!(assignee("Tin tức\n\nSở Giao thông vận tải khẩn trương chỉ đạo đẩy nhanh tiến độ thi công cầu Hòa Lạc.").as_deref(), Some("Sở Giao thông vận tải"));
        // An office-holder who directed with resolve is told of, not told.
        assert_eq!(assignee("Tin tức\n\nGiám đốc Sở Giao thông vận tải quyết liệt chỉ đạo đẩy nhanh tiến độ thi công cầu Hòa Lạc."), None);
    }

    #[test]
    fn an_adverb_between_a_unit_and_its_verb_ends_the_unit() {
        assert_eq!(
            assignee("Tin tức\n\nChủ tịch UBND tỉnh yêu cầu các sở, ngành nhanh chóng rà soát các bến đò ngang.").as_deref(),
            Some("các sở, ngành")
        );
        assert_eq!(assignee("Tin tức\n\nSở Nội vụ tỉnh Hòa Lạc khẩn trương xây dựng kế hoạch tuyển dụng.").as_deref(), Some("Sở Nội vụ tỉnh Hòa Lạc"));
        assert_eq!(assignee("Tin tức\n\nBan Thường vụ Tỉnh ủy tiếp tục chỉ đạo các huyện ủy rà soát nhân sự.").as_deref(), Some("các huyện ủy"));
        // A word that opens the clause is no part of the unit's name.
        assert_eq!(assignee("Tin tức\n\nCòn Sở Y tế tỉnh Hòa Lạc cần rà soát các trạm y tế xã.").as_deref(), Some("Sở Y tế tỉnh Hòa Lạc"));
        assert_eq!(assignee("Tin tức\n\nHiện UBND huyện Tân Lộc cần hoàn thành việc cấp sổ đỏ.").as_deref(), Some("UBND huyện Tân Lộc"));
        // "nêu trên" stays with the units it points back to.
        assert_eq!(
            assignee("Tin tức\n\nBộ Tài nguyên và Môi trường đề nghị UBND các tỉnh nêu trên chỉ đạo các sở rà soát hồ chứa.").as_deref(),
            Some("UBND các tỉnh nêu trên")
        );
    }

    #[test]
    fn a_directing_verb_with_nothing_after_asks_nothing() {
        // The speaker of the quotation before.
        let (_, a) = an("Tin tức\n\nNgày 8/2, Phó Chủ tịch UBND tỉnh Lê Văn Tâm yêu cầu.");
        assert!(a.decisive.is_none());
        // The request the work answers, named at the end: the modal decides.
        let (_, a) = an("Tin tức\n\nSở Công Thương cần sớm khắc phục những tồn tại như Thủ tướng yêu cầu.");
        assert_eq!(a.decisive.map(|d| d.class), Some(Class::Modal));
        assert_eq!(assignee("Tin tức\n\nSở Công Thương cần sớm khắc phục những tồn tại như Thủ tướng yêu cầu.").as_deref(), Some("Sở Công Thương"));
    }

    #[test]
    fn a_sentence_that_ends_asking_is_a_question() {
        let (_, a) = an("Tin tức\n\nTôi không hiểu làm như thế thì các sở chỉ đạo ra làm sao.");
        assert!(a.question);
        // An indirect question is work asked.
        let (_, a) = an("Tin tức\n\nGiám đốc yêu cầu Công ty Hòa Lạc làm rõ xem thực hư thế nào.");
        assert!(!a.question);
    }

    #[test]
    fn what_was_done_up_to_now_is_background() {
        let (_, a) = an("Tin tức\n\nTính đến nay, Cục Quản lý cạnh tranh chưa nhận được đơn nào yêu cầu Công ty Hòa Lạc hoàn trả tiền.");
        assert!(a.background);
        assert!(a.decisive.is_none());
        // "Từ nay đến …" looks ahead.
        let (_, a) = an("Tin tức\n\nTừ nay đến cuối năm, các sở cần hoàn thành việc rà soát hồ sơ.");
        assert!(!a.background);
    }

    #[test]
    fn a_denied_pledge_is_none() {
        let (_, a) = an("Tin tức\n\nCông ty Hòa Lạc không hề cam kết sẽ hoàn trả tiền cho khách hàng.");
        assert!(a.decisive.is_none());
        let (_, a) = an("Tin tức\n\nCông ty Hòa Lạc cam kết sẽ hoàn trả tiền cho khách hàng.");
        assert_eq!(a.decisive.map(|d| d.class), Some(Class::Commit));
    }

    #[test]
    fn order_with_speaker() {
        let (_, a) = an("Tin tức\n\nGiám đốc Lê Văn Tâm yêu cầu Công an các huyện tập trung trấn áp tội phạm.");
        assert_eq!(a.decisive.map(|d| d.class), Some(Class::Order));
        assert!(a.opener.is_some());
    }

    #[test]
    fn past_orders_are_not_tasks() {
        let (_, a) = an("Tin tức\n\nTrước đó, Tỉnh ủy đã chỉ đạo các huyện rà soát hồ sơ.");
        assert!(a.decisive.is_none());
        assert!(a.background);
        let (_, a) = an("Tin tức\n\nCông an huyện đã đề nghị Viện kiểm sát truy tố 12 vụ án.");
        assert!(a.decisive.is_none());
    }

    #[test]
    fn imperative_and_subject_action() {
        let (_, a) = an("Tin tức\n\nĐồng thời, tăng cường tuần tra kiểm soát trên các tuyến đường.");
        assert!(a.imperative);
        let (_, a) = an("Tin tức\n\nSở Tư pháp xây dựng quy trình cưỡng chế các công trình vi phạm.");
        assert!(a.subject_action.is_some());
        let (_, a) = an("Tin tức\n\nCác lĩnh vực y tế, giáo dục tiếp tục được duy trì.");
        assert!(!a.imperative && a.subject_action.is_none());
    }

    #[test]
    fn a_habit_told_gives_no_work() {
        for text in ["Sở Giáo dục tỉnh thường khuyến cáo phụ huynh chọn trường gần nhà.", "Phường thường nhắc nhở đồng thời mời các hộ vi phạm lên làm việc.", "Các đối tượng thường bố trí người cảnh giới."] {
            let (_, a) = an(&format!("Tin tức\n\n{text}"));
            assert!(a.decisive.is_none() && a.subject_action.is_none() && a.opener.is_none(), "{text}: {a:?}");
        }
        // After a modal or a comma, the manner of the work asked; "bồi thường" is no habit; regular
        // work ("thường xuyên") may be asked.
        for text in ["Thủ trưởng các đơn vị phải thường xuyên chỉ đạo việc kiểm tra.", "Các sở tập trung chỉ đạo quyết liệt, thường nhắc nhở cơ sở.", "Hội đồng bồi thường đề nghị các hộ dân bàn giao mặt bằng.", "Hai ngành thường xuyên báo cáo Tỉnh ủy về diễn biến tình hình."] {
            let (_, a) = an(&format!("Tin tức\n\n{text}"));
            assert!(a.decisive.is_some() || a.subject_action.is_some() || a.imperative, "{text}: {a:?}");
        }
    }

    #[test]
    fn the_body_a_letter_is_sent_to_does_not_speak() {
        let (d, span) = doc_with("Chính phủ đã gửi đến Quốc hội 15 báo cáo về các lĩnh vực.");
        let s = Sent::new(&d, span);
        let c = s.cues.iter().find(|c| s.w(c.at) == "báo").expect("the cue");
        assert_eq!(speaker_region(&s, 0, c.at), (c.at, c.at));
    }

    #[test]
    fn a_letter_that_directs_is_an_order() {
        let (_, a) = an("Tin tức\n\nUBND tỉnh Hòa Lạc có văn bản chỉ đạo các sở, ngành rà soát các dự án chậm tiến độ.");
        assert_eq!(a.decisive.map(|d| d.class), Some(Class::Order));
        assert_eq!(assignee("Tin\n\nUBND tỉnh Hòa Lạc có văn bản chỉ đạo các sở, ngành rà soát các dự án.").as_deref(), Some("các sở, ngành"));
        // The document spoken of, and one sent long ago, direct nothing now.
        let (_, a) = an("Tin tức\n\nTheo văn bản chỉ đạo của UBND tỉnh, việc rà soát kéo dài hai tháng.");
        assert!(a.decisive.is_none());
        let (_, a) = an("Tin tức\n\nUBND tỉnh đã có văn bản chỉ đạo các sở rà soát các dự án.");
        assert!(a.decisive.is_none());
    }

    #[test]
    fn a_matter_closed_by_a_demonstrative_is_nobody() {
        assert_eq!(assignee("Tin\n\nĐiều này cần được giải thích rõ trong nghị quyết."), None);
        assert_eq!(assignee("Tin\n\nCác giải pháp này phải được triển khai ngay."), None);
        assert_eq!(assignee("Tin\n\nSong song đó, Sở Tài chính cần rà soát các khoản chi.").as_deref(), Some("Sở Tài chính"));
        assert_eq!(assignee("Tin\n\nĐơn vị này phải báo cáo trước ngày 15/6.").as_deref(), Some("Đơn vị này"));

        // The subject of a passive is acted on: no one is named.
        assert_eq!(assignee("Tin\n\nTất cả các thủ tục hành chính phải được công bố công khai."), None);
        assert_eq!(assignee("Tin\n\nMọi hành vi lấn chiếm hành lang an toàn giao thông phải bị xử lý nghiêm."), None);
        // A target set opens the predicate: the unit ends before it.
        assert_eq!(assignee("Tin\n\nSở Tư pháp đặt mục tiêu phải giảm 20% thời gian giải quyết hồ sơ.").as_deref(), Some("Sở Tư pháp"));
        // A unit's name holds no time, nor a bracket it leaves open.
        assert_eq!(assignee("Tin\n\nSở Tài chính trước tháng 6/2027 phải hoàn thành rà soát các khoản chi.").as_deref(), Some("Sở Tài chính"));
        assert_eq!(assignee("Tin\n\nBan Quản lý dự án huyện Sơn Khê (tỉnh Hòa Lạc cần báo cáo tiến độ.").as_deref(), Some("Ban Quản lý dự án huyện Sơn Khê"));
    }

    #[test]
    fn a_unit_s_words_end_with_its_name() {
        let np = |phrase: &str| {
            let d = Document::new("t.txt", format!("{phrase} rà soát."));
            let s = Sent::new(&d, Span::new(0, phrase.len()));
            np_text(&d, &s, 0, s.len())
        };
        assert_eq!(np("Ban Chỉ đạo tỉnh về"), "Ban Chỉ đạo tỉnh");
        assert_eq!(np("Các cơ quan chức năng vào cuộc một cách"), "Các cơ quan chức năng vào cuộc");
        assert_eq!(np("các sở ngành ngày 6/2, Chủ tịch UBND tỉnh"), "các sở ngành");
        // A capital and a compound kept whole end names.
        assert_eq!(np("Ủy ban nhân dân tỉnh Cao Bằng"), "Ủy ban nhân dân tỉnh Cao Bằng");
        assert_eq!(np("Tổng cục Hậu cần"), "Tổng cục Hậu cần");
        assert_eq!(np("Đầu năm 2027, Sở Tài chính"), "Đầu năm 2027, Sở Tài chính");
    }

    #[test]
    fn assignees() {
        assert_eq!(assignee("Tin\n\nÔng Tâm yêu cầu các tập đoàn, tổng công ty tiến hành rà soát.").as_deref(), Some("các tập đoàn, tổng công ty"));
        assert_eq!(assignee("Tin\n\nÔng Tâm cho rằng, công an thành phố cần tập trung nâng cao năng lực.").as_deref(), Some("công an thành phố"));
        assert_eq!(assignee("Tin\n\nChủ tịch tỉnh giao Sở Kế hoạch và Đầu tư chủ trì lập báo cáo.").as_deref(), Some("Sở Kế hoạch và Đầu tư"));
        assert_eq!(assignee("Tin\n\nCấp ủy, chỉ huy đơn vị cần phối hợp với các ngành.").as_deref(), Some("Cấp ủy, chỉ huy đơn vị"));
        assert_eq!(assignee("Tin\n\nTrong quá trình chuẩn bị đại hội, cần tiếp tục đôn đốc các chi bộ."), None);
        let cases = [
            // A time, a phrase pointing back and a state of things are no units.
            ("Mấy ngày tết cần xanh, sạch hơn.", None),
            ("Muốn vậy cần phải liên kết các doanh nghiệp.", None),
            ("Như vậy quy hoạch cần điều chỉnh lại.", None),
            ("Tình trạng lấn chiếm vỉa hè cần chấm dứt.", None),
            ("Tất cả các vấn đề phải báo cáo về UBND tỉnh trong tháng 6.", None),
            // A head word holding a verb is read whole ("chủ đầu tư", "Ban quản lý dự án").
            ("Thứ trưởng yêu cầu chủ đầu tư bám sát mục tiêu để triển khai đúng tiến độ.", Some("chủ đầu tư")),
            ("Bộ trưởng đề nghị Ban quản lý dự án đường sắt phối hợp với nhà thầu.", Some("Ban quản lý dự án đường sắt")),
            ("Sở Xây dựng yêu cầu các nhà đầu tư hoàn thành hồ sơ trước ngày 16/2.", Some("các nhà đầu tư")),
            ("Ông Tâm yêu cầu ngành khoa học tỉnh nhà tập hợp nguồn lực.", Some("ngành khoa học tỉnh nhà")),
            ("Thủ tướng đề nghị Quốc hội Hà Lan ủng hộ việc thành lập nhóm nghị sĩ hữu nghị.", Some("Quốc hội Hà Lan")),
            // "đồng bằng" holds "bằng", no preposition there.
            ("Sở Du lịch đề nghị Hiệp hội Du lịch đồng bằng sông Hồng công nhận các điểm du lịch.", Some("Hiệp hội Du lịch đồng bằng sông Hồng")),
        ];
        for (sentence, unit) in cases {
            assert_eq!(assignee(&format!("Tin\n\n{sentence}")).as_deref(), unit, "{sentence}");
        }
    }

    #[test]
    fn a_subject_after_an_apposition_a_time_or_a_saying_verb() {
        let cases = [
            ("Theo ông Lê Văn Tâm, Vụ trưởng Vụ Pháp chế, năm nay, Bộ tiếp tục rà soát thủ tục hành chính.", "Bộ"),
            ("Theo đó, Sở Giao thông vận tải đề nghị, lực lượng Cảnh sát đường thủy tăng cường tuần tra.", "lực lượng Cảnh sát đường thủy"),
            ("Các sở, ban, ngành tích cực triển khai các chương trình tuyên truyền.", "Các sở, ban, ngành"),
        ];
        for (sentence, want) in cases {
            assert_eq!(assignee(&format!("Tin\n\n{sentence}")).as_deref(), Some(want), "{sentence}");
        }
        // "sẽ" is no saying verb: the segment before it is no apposition to cut.
        let got = assignee("Tin\n\nTrong những năm tới, Hội Nông dân tỉnh sẽ cùng các hợp tác xã, các doanh nghiệp mở rộng sản xuất.");
        assert!(got.as_deref().is_some_and(|g| g.starts_with("Hội Nông dân tỉnh")), "{got:?}");
    }

    #[test]
    fn a_unit_ends_where_its_predicate_starts() {
        let cases = [
            ("Ông Tâm đề nghị các cơ quan chức năng chỉ nên tiếp nhận đơn có chữ ký.", Some("các cơ quan chức năng")),
            ("Ông Tâm đề nghị Sở Tài chính cho biết giải pháp hỗ trợ người nghèo.", Some("Sở Tài chính")),
            ("Ông Tâm yêu cầu các hãng hàng không rà soát lịch bay.", Some("các hãng hàng không")),
            ("Ông Tâm yêu cầu Ban chỉ huy quân sự huyện rà soát lực lượng.", Some("Ban chỉ huy quân sự huyện")),
            ("Thời gian tới, Sở Tài chính sẽ bàn giao trụ sở cho huyện Sơn Khê.", Some("Sở Tài chính")),
            ("Bệnh viện tỉnh chuyển giao kỹ thuật cho bệnh viện huyện.", Some("Bệnh viện tỉnh")),
            // "Trường hợp …" opens a condition; it names no school.
            ("Trường hợp gặp sự cố phải báo cáo ngay cho Sở.", None),
            // A verb of weighing or planning ends the unit ("xem xét", "dự kiến", "có biện pháp").
            ("Ông Tâm đề nghị Sở Xây dựng xem xét lại hồ sơ cấp phép.", Some("Sở Xây dựng")),
            ("Ông Tâm đề nghị UBND huyện có biện pháp xử lý dứt điểm.", Some("UBND huyện")),
            ("Trong quý 2, Sở Y tế dự kiến ban hành hướng dẫn mới.", Some("Sở Y tế")),
            // "Đào tạo" written with a capital is part of the name, not its verb.
            ("Sở Giáo dục và Đào tạo tổ chức rút kinh nghiệm về công tác quản lý.", Some("Sở Giáo dục và Đào tạo")),
            // A year before the comma is a time, no unit of a list.
            ("Năm 2027, Sở Du lịch sẽ tổ chức thêm các đoàn khảo sát.", Some("Sở Du lịch")),
        ];
        for (sentence, want) in cases {
            assert_eq!(assignee(&format!("Tin\n\n{sentence}")).as_deref(), want, "{sentence}");
        }
        // "rất", "chỉ" before the verb: the unit is described, it is told nothing.
        for sentence in ["Chính phủ rất quan tâm đến công tác đào tạo.", "UBND tỉnh chỉ phê duyệt cho Công ty Minh Phát một dự án."] {
            let (_, a) = an(&format!("Tin\n\n{sentence}"));
            assert!(a.subject_action.is_none(), "{sentence}");
        }
        // A title is no verb: "tham mưu" of "Tham mưu trưởng" is none, and "tin rằng" follows.
        let (_, a) = an("Tin\n\nCựu Tham mưu trưởng Lê Văn Tâm cũng tin rằng thỏa thuận có lợi.");
        assert!(a.subject_action.is_none());
    }

    #[test]
    fn whose_request_it_was_asks_nothing_now() {
        let (_, a) = an("Tin\n\nNhiều dự án do nhà đầu tư đề xuất đã không được triển khai.");
        assert!(a.decisive.is_none());
        let (_, a) = an("Tin\n\nViệc xây bể chứa là do Sở Xây dựng đề nghị từ năm trước.");
        assert!(a.decisive.is_none());
        // "Do đó" is a connective: the request is made now.
        let (_, a) = an("Tin\n\nDo đó, Sở Tài chính đề nghị UBND tỉnh bố trí vốn cho dự án.");
        assert_eq!(a.decisive.map(|d| d.class), Some(Class::Order));
    }

    #[test]
    fn a_matter_is_no_unit() {
        // "Việc …", "Quy định …" name what is done, not who does it: no assignee, and the turn's
        // addressee is not told to act either.
        for sentence in ["Việc thẩm định công nghệ phải tuân thủ quy định của Luật Đầu tư.", "Việc UBND huyện Sơn Khê điều chỉnh dự toán phải được làm rõ."] {
            let (_, a) = an(&format!("Tin\n\n{sentence}"));
            assert_eq!(a.decisive.map(|d| d.class), Some(Class::Modal), "{sentence}");
            assert!(a.assignee.is_none() && a.matter_subject, "{sentence}");
        }
        let (_, a) = an("Tin\n\nCác đơn vị phải hoàn thành trước ngày 30/6.");
        assert!(a.assignee.is_some() && !a.matter_subject);
    }

    #[test]
    fn negations_and_headings_oblige_no_one() {
        for sentence in ["Cán bộ lãnh đạo đoàn không phải chỉ có trách nhiệm trong giải đấu.", "Người bào chữa không có trách nhiệm tố giác."] {
            let (_, a) = an(&format!("Tin\n\n{sentence}"));
            assert!(a.decisive.is_none(), "{sentence}");
        }
        // A heading in capitals holds no directing verb.
        let (_, a) = an("Tin\n\nPhần hai nêu YÊU CẦU VÀ NHIỆM VỤ của ngành trong năm tới.");
        assert!(a.decisive.is_none());
    }

    #[test]
    fn commitments() {
        let (_, a) = an("Tin\n\nThay mặt Đảng ủy, Đại tá Lê Văn Tâm tiếp thu ý kiến chỉ đạo và khẳng định sẽ thực hiện nghiêm.");
        assert!(matches!(a.decisive.map(|d| d.class), Some(Class::Accept | Class::Commit)));
        let (_, a) = an("Tin\n\nTheo đó, Huyện ủy sẽ tăng cường tuyên truyền trong nhân dân.");
        assert_eq!(a.decisive.map(|d| d.class), Some(Class::Will));
        let (_, a) = an("Tin\n\nDịch bệnh sẽ còn kéo dài.");
        assert!(a.decisive.is_none());
        // "sẽ phối hợp, chỉ đạo …": the units' own pledge, as "sẽ chỉ đạo …" is.
        let (_, a) = an("Tin\n\nSở Y tế và Bảo hiểm xã hội tỉnh sẽ phối hợp, chỉ đạo các bệnh viện cải cách thủ tục.");
        assert_eq!(a.decisive.map(|d| d.class), Some(Class::Will));
    }
}

#[cfg(test)]
mod ahead_tests {
    use super::*;

    #[test]
    fn an_order_given_with_its_deadline_ahead() {
        let text = "Tin tức\n\nTại cuộc họp ngày 8/2, Thứ trưởng Lê Văn Tâm đã yêu cầu, trong quý I/2017, các đơn vị phải rà soát lại thủ tục.\n\nMinh Anh";
        let d = Document::new("t.txt", text.to_string());
        let span = d.sentences.iter().find(|x| d.slice(x.span).starts_with("Tại")).unwrap().span;
        let s = Sent::new_ahead(&d, span, true);
        let a = analyze(&s, &Mentions::default(), true);
        assert!(a.decisive.is_some(), "{a:?}");
        let s = Sent::new(&d, span);
        let a = analyze(&s, &Mentions::default(), false);
        assert!(a.decisive.is_none(), "{a:?}");
    }
}
