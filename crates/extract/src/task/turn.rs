//! The discourse model: speakers' turns over sentences and paragraphs.
//!
//! A turn opens where someone speaks ("Phát biểu chỉ đạo, X yêu cầu …", "X nhấn mạnh, …", "Thay mặt
//! …, Y tiếp thu …", "…”, X nói.") and runs over the following sentences until another speaker, a
//! narrative sentence ("Ngày 6/2, …", "Theo báo cáo …") or a report turn ("X cho biết …"). Inside a
//! directing or pledging turn, a sentence that opens with an action verb ("Tăng cường …",
//! "Đồng thời, tổ chức …") or with a unit and an action verb ("Sở Tư pháp xây dựng …") is a task;
//! anywhere, a sentence with a directing verb, a modal or a pledge is one.

use chidao_text::{Document, Span};

use super::analyze::{Analysis, analyze, may_matter_outside_turn, np_text, object_after};
use super::deadline;
use super::lex::{ADVERBS, ASSIGNING, BACK_POINTERS, COMPLEMENTIZERS, CUES, Class, PLACE_PREPOSITIONS, WE_BODY};
use super::sent::Sent;
use super::index::Mentions;
use super::speaker::{Speaker, resolve};
use super::{Basis, Confidence, SentenceDecision, Task, TaskInput, TaskKind, TurnMode};

#[derive(Debug, Clone)]
struct Turn {
    speaker: Option<Speaker>,
    mode: TurnMode,
    /// Opened by a verb of saying ("nhấn mạnh", "cho rằng"), not of directing: the judge weighs
    /// it by the document it is in.
    speech: bool,
    /// The verb that opened it, as the cue list writes it.
    verb: Option<String>,
    addressee: Option<String>,
    refs: Vec<usize>,
}

/// The units the discourse runs over: sentences, with bullet lists cut into their items.
fn units(doc: &Document) -> Vec<(Span, Unit)> {
    let mut out = Vec::with_capacity(doc.sentences.len());
    for (i, s) in doc.sentences.iter().enumerate() {
        let text = doc.slice(s.span);
        if !s.headline && text.contains('•') {
            let mut start = s.span.start;
            for (i, _) in text.match_indices('•') {
                let at = s.span.start + i;
                push_trimmed(doc, &mut out, Span::new(start, at));
                start = at + '•'.len_utf8();
            }
            push_trimmed(doc, &mut out, Span::new(start, s.span.end));
        } else if s.headline {
            out.push((s.span, Unit::Headline));
        } else if glued_heading(doc, i) {
            out.push((s.span, Unit::Subheading));
        } else {
            out.push((s.span, Unit::Text));
        }
    }
    out
}

/// What a unit of the task reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// The document's headline.
    Headline,
    /// A sub-heading or caption the crawler glued, without a stop, to the sentence after it in
    /// the same paragraph ("Siết kỷ cương hành chính Bên cạnh kết quả …"): it restates at most.
    Subheading,
    /// Running text.
    Text,
}

/// Whether sentence `i` is short (a heading's length, no semicolon), ends with a word, no stop or
/// colon, and the next sentence goes on in the same paragraph: the splitter cut a glued
/// sub-heading there. (A long one is a sentence whose stop was lost: "… chuyên môn Bên cạnh đó, …".)
fn glued_heading(doc: &Document, i: usize) -> bool {
    const HEADING_WORDS: usize = 20;
    let s = &doc.sentences[i];
    let text = doc.slice(s.span);
    // Only white space between them: a bullet after a lead-in ("Thủ tướng giao nhiệm vụ • …")
    // opens an item, and the lead-in is read.
    doc.sentences.get(i + 1).is_some_and(|n| {
        n.paragraph == s.paragraph && !n.headline && doc.text.get(s.span.end..n.span.start).is_some_and(|gap| gap.chars().all(char::is_whitespace))
    }) && text.chars().next_back().is_some_and(char::is_alphanumeric)
        && !text.contains(';')
        && text.split_whitespace().count() <= HEADING_WORDS
}

fn push_trimmed(doc: &Document, out: &mut Vec<(Span, Unit)>, sp: Span) {
    let t = doc.slice(sp);
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    let sp = Span::new(sp.start + lead, sp.end - trail);
    if !sp.is_empty() && t.chars().any(char::is_alphanumeric) {
        out.push((sp, Unit::Text));
    }
}

/// The default addressee of a meeting: "làm việc với Công an thành phố" → "Công an thành phố".
fn meeting_addressee(doc: &Document) -> Option<String> {
    static WORKED_WITH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| chidao_text::key("làm việc với"));
    // Only sentences that hold the words are analysed (most hold none).
    for s in doc.sentences.iter().take(12).filter(|s| doc.key[s.span.start..s.span.end].contains(WORKED_WITH.as_str())) {
        let sent = Sent::new(doc, s.span);
        for k in 0..sent.len() {
            if sent.w(k) == "làm" && sent.w(k + 1) == "việc" && sent.w(k + 2) == "với"
                && let Some((a, b)) = object_after(&sent, k + 3) {
                    return Some(np_text(doc, &sent, a, b));
                }
        }
    }
    None
}

/// The speaker's own public body, the sentence's subject, giving a named unit work: its own order,
/// told by its member ("Bộ cũng giao cho Công an tỉnh …" in the words of the ministry's deputy
/// minister), not work the speaker gives the body ("báo cáo UBND thành phố chỉ đạo …" still asks
/// the city).
fn gives_own_order(s: &Sent<'_>, o: super::analyze::Opener, speaker: Option<&crate::person::Person>) -> bool {
    let doc = s.doc;
    let subject = s.skip_lead(0) == o.speaker.0 || o.speaker.0 > 0 && s.is_boundary(o.speaker.0 - 1);
    let verb_end = s.cues.get(o.cue).map_or(0, |c| c.end);
    let unit = s.span_of(o.speaker.0, o.speaker.1);
    subject
        && object_after(s, verb_end).is_some()
        && super::actor::read(doc.slice(unit)).is_some_and(|r| r.class == super::actor::Actor::Public)
        && speaker.is_some_and(|p| {
            let unit = doc.key_of(unit).trim();
            !unit.is_empty() && p.roles.iter().any(|r| doc.key_of(r.span).contains(unit))
        })
}

/// A bare head word ("Sở", "Bộ", "ngành") refers back to the last addressee it heads.
fn resolve_back(np: &str, earlier: &[String]) -> String {
    let w = super::speaker::words(np);
    if (w.len() == 1 || (w.len() == 2 && BACK_POINTERS.contains(&w[1])))
        && let Some(e) = earlier.iter().rev().find(|e| super::speaker::words(e).first() == w.first() && super::speaker::words(e).len() > 1) {
            return e.clone();
        }
    np.to_string()
}

/// How much a run of the discourse model tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// The tasks: a sentence that cannot matter outside a turn ([`may_matter_outside_turn`]) is
    /// passed over unanalysed.
    Tasks,
    /// Why each sentence is a task or not: every sentence analysed.
    Explain,
}

/// Runs the discourse model over a document.
pub(crate) fn run(input: &TaskInput<'_>, depth: Depth) -> Vec<SentenceDecision> {
    let doc = input.doc;
    let people = input.people;
    let mentions = Mentions::of_people(people);
    let ref_index = Mentions::from_iter(input.docrefs.iter().enumerate().flat_map(|(i, r)| r.mentions.iter().map(move |m| (*m, i))));
    let default_addressee = meeting_addressee(doc);
    let latest_year = input.now.and_then(|n| n.year).or_else(|| {
        input.dates.iter().filter(|m| m.year_source == crate::date::YearSource::Text).filter_map(|m| m.value.year).max()
    });
    let mut turn: Option<Turn> = None;
    let mut last_directive_speaker: Option<Speaker> = None;
    let mut last_speaker: Option<Speaker> = None;
    let mut addressees: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (span, unit) in units(doc) {
        // A headline or a glued sub-heading restates at most: no analysis.
        let mut d = SentenceDecision::untaken(doc, span);
        if unit == Unit::Headline || d.text.starts_with('*') {
            d.reason = "headline".into();
            out.push(d);
            continue;
        }
        if unit == Unit::Subheading {
            d.reason = "sub-heading glued to the next sentence".into();
            out.push(d);
            continue;
        }
        // "Thành phần: Khoảng 280 người, bao gồm …": who a notice calls, no work given to them.
        if crate::event::notice_field(doc, span) == Some("members") {
            d.reason = "a notice's list of participants".into();
            out.push(d);
            continue;
        }
        let s = Sent::scan(doc, span);
        let s = if input.header.is_some() { s.in_items() } else { s };
        if depth == Depth::Tasks && turn.is_none() && !may_matter_outside_turn(&s) {
            d.reason = "outside any turn, no cue: not analysed".into();
            out.push(d);
            continue;
        }
        let found = deadline::find(doc, span, input.dates, input.now);
        let ahead = found.is_some();
        let s = s.complete(ahead);
        let mut a = analyze(&s, &mentions, ahead);
        // "Đến năm 2008, Cục X tiếp tục đề xuất …, Thủ tướng đã chấp thuận …", "Ngày 15-11-2002, UBND
        // TP có Quyết định …": history.
        if crate::date::mentions_in(input.dates, span).next().is_some_and(|m| {
            deadline::opening(doc, m, input.now) == Some(deadline::Opening::Story) || deadline::dated_history(doc, span.start, m, latest_year)
        }) {
            a.set_background();
        }
        // In a directing turn, a unit followed by "báo cáo …", "trình …" is given that work.
        if let Some(o) = a.opener {
            let directing = turn.as_ref().is_some_and(|t| t.mode == TurnMode::Directive);
            let body = s.agent_at(o.speaker.0).is_some() && s.person_title_at(o.speaker.0).is_none() && !mentions.any_in(s.span_of(o.speaker.0, o.speaker.1));
            let verb_end = s.cues.get(o.cue).map_or(0, |c| c.end);
            let cue_at = s.cues.get(o.cue).map_or(0, |c| c.at);
            let task_verb = matches!(o.class, Class::Report | Class::Speech) && s.action_at(cue_at).is_some();
            if directing && body && !o.trailing && task_verb && s.is_word(verb_end) && !s.word_in(&COMPLEMENTIZERS, verb_end) {
                a.opener = None;
                a.subject_action = Some(o.speaker);
                a.assignee = Some(o.speaker);
            }
        }
        // "[Tiêu đề bài khác]": the title of a linked article, no sentence of this one.
        if d.text.starts_with('[') && d.text.ends_with(']') {
            d.reason = "title of a linked article".into();
            out.push(d);
            continue;
        }
        if a.caption && a.opener.is_none_or(|o| o.class != Class::Order) && a.decisive.is_none() {
            d.reason = "caption or heading".into();
            out.push(d);
            continue;
        }
        // "Bộ trưởng X phát biểu tại hội nghị." is a caption: it opens nothing.
        if let Some(o) = a.opener {
            let end = s.cues.get(o.cue).map_or(0, |c| c.end);
            if matches!(o.class, Class::Speech | Class::Direct) && !o.trailing && a.decisive.is_none() && ((s.words_in(end, s.len()) <= 5 && s.w(end) != "rằng") || occasion_only(&s, end)) {
                d.reason = "caption: someone speaks".into();
                out.push(d);
                continue;
            }
        }
        // "Bộ trưởng X chủ trì cuộc họp về …": what a named person does, a caption, not a task.
        if a.opener.is_none() && a.decisive.is_none() && !a.on_behalf
            && let Some((x, y)) = a.subject_action
            && mentions.any_in(s.span_of(x, y))
            && s.words_in(0, s.len()) <= 25
        {
            d.reason = "caption: a named person's act".into();
            out.push(d);
            continue;
        }
        // In a person's directing turn, "UBND tỉnh chỉ đạo …" is the work given to that body.
        if let (Some(o), Some(t)) = (a.opener, turn.as_ref()) {
            let person_turn = t.mode == TurnMode::Directive && t.speaker.as_ref().is_some_and(|sp| sp.person.is_some());
            let verb = s.cues.get(o.cue).map_or("", |c| CUES.entry(c.entry).pattern.as_str());
            let body = !mentions.any_in(s.span_of(o.speaker.0, o.speaker.1))
                && !(o.speaker.0..o.speaker.1).any(|k| s.person_title_at(k).is_some());
            if person_turn
                && body
                && !o.trailing
                && !a.letter
                && ASSIGNING.is_entry(verb)
                && !gives_own_order(&s, o, t.speaker.as_ref().and_then(|sp| sp.person).and_then(|p| people.get(p)))
            {
                a.opener = None;
                a.assignee = Some(o.speaker);
                a.subject_action = Some(o.speaker);
            }
        }
        // Turn bookkeeping.
        let mut refs_here: Vec<usize> = ref_index.inside(span).map(|(_, i)| i).collect();
        refs_here.sort_unstable();
        refs_here.dedup();
        let mut opened = false;
        if let Some(o) = a.opener {
            let mut sp = resolve(doc, &s, o.speaker.0, o.speaker.1, people, &mentions, input.orgs);
            // "Ông đánh giá …", "Đồng chí nhấn mạnh …": the same speaker goes on.
            if sp.as_ref().is_some_and(|x| x.person.is_none() && x.name.is_none())
                && let Some(t) = turn.as_ref().and_then(|t| t.speaker.clone()) {
                    sp = Some(t);
                }
            let pledge = matches!(a.decisive.map(|x| x.class), Some(Class::Commit | Class::Accept | Class::Will));
            let mode = match o.class {
                Class::Commit | Class::Accept => TurnMode::Commitment,
                Class::Report | Class::Speech if pledge => TurnMode::Commitment,
                Class::Report if !o.directing => TurnMode::Report,
                _ if a.on_behalf && pledge => TurnMode::Commitment,
                _ => TurnMode::Directive,
            };
            let same = matches!((&turn, &sp), (Some(Turn { speaker: Some(x), .. }), Some(y)) if x.same(y));
            let addressee = if same { turn.as_ref().and_then(|t| t.addressee.clone()) } else { default_addressee.clone() };
            let refs = if same { turn.as_ref().map(|t| t.refs.clone()).unwrap_or_default() } else { Vec::new() };
            if sp.as_ref().is_some_and(|x| x.person.is_some()) {
                last_speaker = sp.clone();
            }
            let speech = mode == TurnMode::Directive && o.class == Class::Speech && !o.directing;
            let verb = s.cues.get(o.cue).map(|c| CUES.entry(c.entry).pattern.clone());
            turn = Some(Turn { speaker: sp, mode, speech, verb, addressee, refs });
            opened = true;
        } else if a.narrative {
            turn = None;
        }
        if let Some(t) = turn.as_mut() {
            for &r in &refs_here {
                if !t.refs.contains(&r) {
                    t.refs.push(r);
                }
            }
        }
        let mode = turn.as_ref().map(|t| t.mode);
        d.turn = turn.as_ref().map(|t| if t.speech { TurnMode::Speech } else { t.mode });
        d.opens_turn = opened;
        d.speaker_words = turn.as_ref().and_then(|t| t.speaker.as_ref()).map(|sp| sp.text.clone());
        d.turn_verb = turn.as_ref().and_then(|t| t.verb.clone());
        d.speaker = turn.as_ref().and_then(|t| t.speaker.as_ref()).map(|sp| sp.name.clone().unwrap_or_else(|| sp.text.clone()));
        d.addressee = turn.as_ref().and_then(|t| t.addressee.clone());

        // The decision.
        let (decided, reason, cue) = decide(&s, &a, mode, opened);
        d.reason = reason;
        d.cue = cue;
        if let Some((kind, basis)) = decided {
            d.taken = true;
            d.kind = Some(kind);
            d.basis = Some(basis);
            // Pledge without a speaker ("Theo đó, Thành ủy sẽ …"): the unit pledges; its words open a turn.
            if turn.is_none() && kind == TaskKind::Commitment {
                let sp = a.assignee.and_then(|(x, y)| resolve(doc, &s, x, y, people, &mentions, input.orgs));
                turn = Some(Turn { speaker: sp, mode: TurnMode::Commitment, speech: false, verb: None, addressee: None, refs: refs_here.clone() });
            }
            let issuer_sp = turn
                .as_ref()
                .and_then(|t| t.speaker.clone())
                .or_else(|| last_directive_speaker.clone())
                .or_else(|| last_speaker.clone());
            let issuer = issuer_sp.as_ref().and_then(|sp| sp.name.clone());
            let issuer_person = issuer_sp.as_ref().and_then(|sp| sp.person);
            // Assignee: explicit, "thay mặt X" for pledges, the turn's, the meeting's.
            let named = a.assignee.map(|(x, y)| np_text(doc, &s, x, y));
            let mut assignee = named.clone().map(|np| {
                let back = resolve_back(&np, &addressees);
                if back != np { back } else { super::speaker::back_reference(&np, span.start, input.orgs).unwrap_or(np) }
            });
            if kind == TaskKind::Commitment && a.on_behalf {
                // "… hứa sẽ chỉ đạo lực lượng X …": X must act; else the unit spoken for.
                if let Some((x, y)) = a.pledged_object {
                    assignee = Some(np_text(doc, &s, x, y));
                } else if let Some(np) = on_behalf_of(&s) {
                    assignee = Some(np_text(doc, &s, np.0, np.1));
                }
            }
            // "… chúng tôi sẽ thông báo …" in an office-holder's words: the speaker's own body
            // pledges (no other unit of the turn).
            let we = kind == TaskKind::Commitment && assignee.is_none() && we_pledge(&s, &a);
            if we {
                assignee = issuer_person.and_then(|p| own_body(people.get(p)?, input.orgs));
            }
            // "Theo Thứ trưởng Bộ X, … Bộ X đặt mục tiêu phải …": the speaker's own body, bound by
            // its own member's words, pledges; no one orders it (a directing verb still does). The
            // body is named in the sentence, not pointed back to ("tỉnh cần …" in a provincial
            // leader's conclusions is the province told).
            let own_pledge = kind == TaskKind::Directive
                && basis != Basis::Order
                && named.as_deref().zip(issuer_person.and_then(|p| people.get(p))).is_some_and(|(named, p)| speaks_for(p, input.orgs, named));
            if let Some(x) = &assignee {
                addressees.push(x.clone());
                if let Some(t) = turn.as_mut()
                    && (kind == TaskKind::Directive || t.mode == TurnMode::Commitment) {
                        t.addressee = Some(x.clone());
                    }
            }
            let assignee = if a.matter_subject || we {
                assignee
            } else {
                assignee
                    .or_else(|| turn.as_ref().and_then(|t| t.addressee.clone()))
                    .or_else(|| if kind == TaskKind::Directive { default_addressee.clone() } else { None })
            };
            let deadline = found.map(|x| x.date);
            let mut refs = turn.as_ref().map(|t| t.refs.clone()).unwrap_or_default();
            for r in refs_here {
                if !refs.contains(&r) {
                    refs.push(r);
                }
            }
            // (The turn's bookkeeping above followed the sentence's kind; what follows, the task's.)
            let kind = if own_pledge {
                d.kind = Some(TaskKind::Commitment);
                TaskKind::Commitment
            } else {
                kind
            };
            d.tasks.push(Task { span, kind, issuer, issuer_person, assignee, deadline, refs, confidence: Confidence::default() });
            if kind == TaskKind::Directive {
                if let Some(sp) = issuer_sp {
                    last_directive_speaker = Some(sp);
                }
                if let Some(t) = turn.as_mut()
                    && t.mode == TurnMode::Report {
                        t.mode = TurnMode::Directive;
                    }
            }
        }
        out.push(d);
    }
    out
}

/// After a speech verb at `end`, only the occasion ("… phát biểu chỉ đạo tại buổi làm việc với
/// Công an tỉnh."): a place phrase with no comma, colon or quotation, no further cue.
fn occasion_only(s: &Sent<'_>, end: usize) -> bool {
    let n = s.len();
    let place = s.word_in(&PLACE_PREPOSITIONS, end) || (end > 0 && s.w(end - 1) == "tại");
    place
        && s.words_in(end, n) <= 20
        && !(end..n).any(|k| s.is_boundary(k) || s.is_quote(k) || s.is_punct(k, '(') || s.is_punct(k, '–') || s.is_punct(k, '-') && !s.is_word(k + 1))
        && s.cues.iter().all(|c| c.at < end || c.class == Class::Ignore)
}

/// The subject right before the pledge's cue (adverbs passed over) is "we" ([`WE_BODY`]).
fn we_pledge(s: &Sent<'_>, a: &Analysis) -> bool {
    let Some(d) = a.decisive else { return false };
    let mut k = s.cues[d.cue].at;
    while k > 0 && s.word_in(&ADVERBS, k - 1) {
        k -= 1;
    }
    s.phrase_ending_at(&WE_BODY, k).is_some()
}

/// The body a person speaks for: the organisation named in one of their roles ("Thứ trưởng Bộ
/// Công an" → "Bộ Công an").
fn own_body(person: &crate::person::Person, orgs: &[crate::org::Org]) -> Option<String> {
    person.roles.iter().find_map(|r| crate::org::org_at(orgs, r.span)).map(|i| orgs[i].name.clone())
}

/// Whether the unit `unit` is a body the person holds a role in: named where the role is, or the
/// body the role's words end with (a role told elsewhere than where the body is named: "Thứ
/// trưởng Lê Văn Tâm" at a meeting "của Bộ …").
fn speaks_for(person: &crate::person::Person, orgs: &[crate::org::Org], unit: &str) -> bool {
    let key = crate::unit::unit_key(unit);
    let same = |name: &str| !key.is_empty() && crate::unit::unit_key(name) == key;
    own_body(person, orgs).is_some_and(|o| same(&o)) || person.roles.iter().any(|r| orgs.iter().any(|o| same(&o.name) && r.text.ends_with(&o.name)))
}

/// "Thay mặt Đảng ủy Công an tỉnh, …": the unit a pledge is made for.
fn on_behalf_of(s: &Sent<'_>) -> Option<(usize, usize)> {
    let k = (0..s.len()).find(|&k| s.w(k) == "thay" && s.w(k + 1) == "mặt")?;
    let a = k + 2;
    let mut b = a;
    while b < s.len() && s.is_word(b) && s.cue_at(b).is_none_or(|c| !c.class.opens_turn()) {
        b += 1;
    }
    (b > a).then_some((a, b))
}

/// Task or not, of which kind, why, on which cue.
fn decide(s: &Sent<'_>, a: &Analysis, mode: Option<TurnMode>, opened: bool) -> (Option<(TaskKind, Basis)>, String, Option<String>) {
    let cue_text = |ci: usize| CUES.entry(s.cues[ci].entry).pattern.clone();
    if a.question {
        return (None, "a question".into(), None);
    }
    if let Some(dc) = a.decisive {
        if a.hope && dc.class != Class::Order {
            return (None, "a hope or belief".into(), Some(cue_text(dc.cue)));
        }
        // A directing verb with nothing after it opens a list ("Thủ tướng giao nhiệm vụ").
        let c = s.cues[dc.cue];
        if dc.class == Class::Order && s.words_in(c.end, s.len()) <= 2 && !s.is_punct(s.len().saturating_sub(1), '.') {
            return (None, "opens a list of tasks".into(), Some(cue_text(dc.cue)));
        }
        // A pledge reported inside a narrative ("Các đối tượng cam kết … nhưng …") is not one.
        if dc.class == Class::Commit && mode == Some(TurnMode::Report) && !opened {
            return (None, "a pledge reported in a narrative".into(), Some(cue_text(dc.cue)));
        }
        // "sẽ" with no unit before it pledges only inside a pledging turn.
        if dc.class == Class::Will && a.assignee.is_none() && mode != Some(TurnMode::Commitment) && !opened {
            return (None, "future, no unit pledging".into(), Some(cue_text(dc.cue)));
        }
        let kind = match dc.class {
            Class::Accept | Class::Will => TaskKind::Commitment,
            Class::Commit if mode == Some(TurnMode::Directive) && !opened => TaskKind::Directive,
            Class::Commit => TaskKind::Commitment,
            Class::Modal if mode == Some(TurnMode::Commitment) => TaskKind::Commitment,
            _ => TaskKind::Directive,
        };
        let (why, basis) = match dc.class {
            Class::Order => ("directing verb", Basis::Order),
            Class::Modal => ("modal", Basis::Modal),
            Class::Commit => ("pledge", Basis::Pledge),
            Class::Accept => ("accepts the directions", Basis::Accept),
            _ => ("future act of a unit", Basis::Will),
        };
        return (Some((kind, basis)), why.into(), Some(cue_text(dc.cue)));
    }
    // "… không nhất thiết phải xây …", "không hề cam kết …": an obligation or a pledge denied; the
    // sentence's verbs are what need not be done.
    if let Some((ci, r)) = a.rejected.filter(|&(_, r)| r == "negated") {
        return (None, format!("{r}: {}", cue_text(ci)), None);
    }
    if opened && a.content_action {
        let kind = if mode == Some(TurnMode::Commitment) { TaskKind::Commitment } else { TaskKind::Directive };
        if mode != Some(TurnMode::Report) {
            return (Some((kind, Basis::SpeakerAction)), "the speaker's words open with an action".into(), None);
        }
    }
    if mode.is_none() && a.future && a.subject_action.is_some() {
        return (Some((TaskKind::Commitment, Basis::UnitPlan)), "a unit's plan for the time ahead".into(), None);
    }
    let kind = match mode {
        Some(TurnMode::Directive) => TaskKind::Directive,
        Some(TurnMode::Commitment) => TaskKind::Commitment,
        _ => {
            let why = if let Some((ci, r)) = a.rejected {
                format!("{r}: {}", s.cues.get(ci).map_or(String::new(), |_| cue_text(ci)))
            } else if a.imperative || a.subject_action.is_some() {
                "action verb outside a directing turn".to_string()
            } else if mode == Some(TurnMode::Report) {
                "report".to_string()
            } else {
                "no cue".to_string()
            };
            return (None, why, None);
        }
    };
    if opened {
        return (None, "opens a turn".into(), None);
    }
    if a.imperative || a.subject_action.is_some() {
        if a.rejected.is_some_and(|(_, r)| r == "reported as done" || r == "background") {
            return (None, "reported as done".into(), None);
        }
    } else if let Some((ci, r)) = a.rejected {
        // "…, không để xảy ra …" after a statement is a result, except where a speaker directs.
        if r == "a result" && kind == TaskKind::Directive && s.cues.get(ci).is_some_and(|c| c.class == Class::Modal) {
            return (Some((kind, Basis::Prohibition)), "a prohibition in a directing turn".into(), Some(cue_text(ci)));
        }
        return (None, format!("{r}: {}", s.cues.get(ci).map_or(String::new(), |_| cue_text(ci))), None);
    }
    if a.imperative {
        let m = a.main;
        return (Some((kind, Basis::Imperative)), "imperative in a turn".into(), Some(s.w(m).to_string()));
    }
    if let Some((x, y)) = a.subject_action {
        let _ = (x, y);
        return (Some((kind, Basis::UnitAction)), "unit + action verb in a turn".into(), None);
    }
    (None, "no cue in the turn".into(), None)
}
