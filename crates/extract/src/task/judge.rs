//! The last stage: is a candidate an institution's task? A task is work that a Vietnamese public
//! body or office-holder directs, is directed to do, or pledges (ANNOTATION.md, "Tasks in any
//! article"): not advice to the public, not a family's or a company's or a club's business, not a
//! foreign government's, not necessity with no actor. The judgement reads who the actors are
//! ([`super::actor`]) — the issuer (a person through the roles and rank the document gives,
//! else the body that speaks), the assignee, a first-person subject — what made the sentence a
//! candidate, and the document's own weight of public bodies and officials. Each feature adds its
//! weight to a score; the score gives the confidence and its tier, and every weight that counted
//! is a reason `--explain` prints.

use std::sync::LazyLock;

use chidao_text::fold;

use super::actor::{self, Actor, Reading};
use super::{Basis, Confidence, SentenceDecision, Task, TaskInput, TaskKind, Tier, TurnMode};

/// The judge's words (`data/task_judge.tsv`), folded, by what they are (in the file's order).
static WORDS: LazyLock<std::collections::HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut by_class: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for l in include_str!("../../data/task_judge.tsv").lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let mut it = l.split('\t');
        if let (Some(word), Some(class)) = (it.next(), it.next()) {
            by_class.entry(class.trim().to_string()).or_default().push(fold(word.trim()));
        }
    }
    by_class
});

fn words_of(what: &str) -> impl Iterator<Item = &'static str> {
    WORDS.get(what).into_iter().flatten().map(String::as_str)
}

/// Scores at or above: high; at or above [`MEDIUM`]: medium; below: low (not listed).
const HIGH: f32 = 3.0;
/// See [`HIGH`].
const MEDIUM: f32 = 1.5;
/// The confidence of an official document's own assignment.
const ITEM_SCORE: f64 = 0.95;

/// What the document as a whole says about who acts in it.
struct Context<'a> {
    /// Distinct public bodies and office-holders named.
    public: usize,
    /// Meetings, inspections and reviews, and citations of directives: a report of public work.
    genre: usize,
    /// Foreign countries named, counted only where it weighs: when fewer than two public bodies
    /// and officials are named (a scan of the whole text).
    foreign: Option<usize>,
    /// The document's own year (see [`doc_year`]).
    year: Option<i32>,
    /// People by full name, for an issuer named but not linked.
    people: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Context<'a> {
    fn of(input: &TaskInput<'a>) -> Context<'a> {
        let people = input.people.iter().filter(|p| actor::read_person(p).is_some_and(|r| r.class == Actor::Public)).count();
        let orgs = input.orgs.iter().filter(|o| actor::read(&o.name).is_some_and(|r| r.class == Actor::Public)).count();
        let mut by_name = std::collections::HashMap::new();
        for (i, p) in input.people.iter().enumerate() {
            by_name.entry(p.name.as_str()).or_insert(i);
        }
        Context {
            public: people + orgs,
            genre: input.events.len() + input.docrefs.len(),
            foreign: (people + orgs < 2).then(|| actor::foreign_mentions(&input.doc.text)),
            year: doc_year(input),
            people: by_name,
        }
    }
}

/// What the sentence shows, apart from its task's attributes.
struct Seen {
    basis: Option<Basis>,
    /// What the speaker whose turn runs over the sentence does (the issuer is that speaker).
    turn: Option<TurnMode>,
    /// The sentence names its speaker itself.
    opens: bool,
    /// What the words naming the turn's speaker say of them ("…, Ủy viên Ban Pháp chế").
    speaker: Option<Reading>,
    /// A subordinating word before the cue in its clause ("khi", "nếu", "trường hợp"): the
    /// modal tells a condition or a consequence.
    subordinate: Option<String>,
    /// A negation right before a directing verb ("không có đề nghị", "không yêu cầu").
    negated: bool,
    /// A first- or second-person subject.
    pronoun: Option<String>,
    /// The actor of the words before the cue.
    subject: Option<Reading>,
    /// The sentence opens with a date before the document's own year ("Ngày 30/6/2014, …").
    past: Option<i32>,
    /// "Theo X, …": what X is, when the words say.
    source: Option<Reading>,
    /// The cue opens its clause, nothing before it ("Giao Công an huyện chủ trì …").
    cue_first: bool,
    /// The sentence opens a story of the past ("Hôm sau, …").
    story: Option<String>,
    /// The turn was opened by a verb of opinion ("cho rằng").
    opinion: bool,
    /// A word of the past in the subject's clause ("thời gian qua", "đã").
    done: Option<String>,
    /// The cue or the turn's verb advises ("khuyến cáo"): advice, unless a public body is told.
    advice: Option<String>,
    /// "là" right before the modal ("… là không được phép"): a predicate that describes.
    copula: bool,
    /// A document named with a capital heads the subject ("Đề án sẽ xây dựng …"): the kind.
    document: Option<String>,
}

/// The document's time: its publication year, else the latest year of the days and months it
/// tells of (not its deadlines). Read once per document.
fn doc_year(input: &TaskInput<'_>) -> Option<i32> {
    input
        .dates
        .iter()
        .find(|d| d.published)
        .and_then(|d| d.value.year)
        .or_else(|| input.doc.info.published.as_deref().or(input.doc.info.date.as_deref()).and_then(|s| s.get(..4)?.parse().ok()))
        .or_else(|| {
            input
                .dates
                .iter()
                .filter(|d| matches!(d.kind, crate::date::DateKind::Day | crate::date::DateKind::Month) && !d.cue_role.is_some_and(|c| c.is_deadline()))
                .filter_map(|d| d.value.year)
                .max()
        })
}

/// The year of a date in the first part of the sentence that lies before the document's year
/// (and is no deadline): a story of the past, not work ahead.
fn past_date_first(input: &TaskInput<'_>, doc_year: Option<i32>, span: chidao_text::Span) -> Option<i32> {
    let doc_year = doc_year?;
    let early = span.start + (span.end - span.start) * 2 / 5;
    crate::date::mentions_in(input.dates, span)
        .filter(|d| {
            d.span.start < early
                && !d.published
                && matches!(d.kind, crate::date::DateKind::Day | crate::date::DateKind::Month)
                && !d.cue_role.is_some_and(|c| c.is_deadline())
        })
        .filter_map(|d| d.value.year)
        .find(|&y| y < doc_year)
}

/// Judges every candidate task of the decisions.
pub(crate) fn run(input: &TaskInput<'_>, decisions: &mut [SentenceDecision]) {
    // Most sentences hold no candidate: nothing to judge, and the document's context is read only
    // when one does.
    if decisions.iter().all(|d| d.tasks.is_empty()) {
        return;
    }
    let ctx = Context::of(input);
    for d in decisions.iter_mut().filter(|d| !d.tasks.is_empty()) {
        // An official document assigning work item by item: its issuer directs, its unit acts.
        if d.basis == Some(Basis::Item) {
            for t in &mut d.tasks {
                t.confidence = Confidence { score: ITEM_SCORE, tier: Tier::High, reasons: vec!["+ an assignment of the official document's own items".into()] };
            }
            continue;
        }
        let subject = subject_words(d);
        let head = subject_head(&subject);
        let subject_fold = fold(&subject);
        let turn_verb = d.turn_verb.as_deref().map(fold);
        let seen = Seen {
            basis: d.basis,
            // A turn opened by a verb of reporting tells what is, whatever its mode.
            turn: d.speaker.as_ref().and(d.turn).map(|m| {
                if turn_verb.as_deref().is_some_and(|v| words_of("report").any(|w| w == v)) { TurnMode::Report } else { m }
            }),
            opens: d.opens_turn,
            speaker: d.speaker_words.as_deref().and_then(actor::read),
            subordinate: subordinate(&subject),
            negated: subject_fold.split(' ').rev().take(3).any(|w| words_of("negation").any(|x| x == w)),
            pronoun: personal_subject(&subject),
            subject: actor::read(&head),
            // (Read for a commitment only: what it weighs on.)
            document: d.tasks.iter().any(|t| t.kind == TaskKind::Commitment).then(|| document_subject(&head)).flatten(),
            past: past_date_first(input, ctx.year, d.span),
            source: theo_source(&d.text),
            cue_first: subject.trim().is_empty(),
            story: story_opening(&d.text),
            opinion: turn_verb.as_deref().is_some_and(|v| words_of("opinion").any(|w| w == v)),
            advice: [d.cue.as_deref(), d.turn_verb.as_deref()].into_iter().flatten().map(fold).find(|v| words_of("advice").any(|w| w == v)),
            copula: subject_fold.split(' ').next_back() == Some("là"),
            done: if d.cue.is_some() { done_word(&subject, true) } else { done_word(d.text.split(',').next().unwrap_or(""), false) },
        };
        for t in &mut d.tasks {
            t.confidence = judge(input, &ctx, &seen, t);
            // "Chúng ta cần …", "Việt Nam sẽ …": no unit to hold to it.
            if t.assignee.as_deref().and_then(actor::read).is_some_and(|r| r.class == Actor::We) {
                t.assignee = None;
            }
            // "Các", "Những", "tất cả" alone (a list cut off, a heading glued before it): no unit.
            if t.assignee.as_deref().is_some_and(|a| crate::unit::unit_key(a).is_empty()) {
                t.assignee = None;
            }
        }
    }
}

/// The words before the cue in its clause (from the last comma, at most eight words), or the
/// first words of a sentence without a cue: where a subject stands.
fn subject_words(d: &SentenceDecision) -> String {
    let text = d.text.as_str();
    let key = chidao_text::key(text);
    let at = d.cue.as_deref().map(fold).and_then(|c| find_word(&key, &c)).unwrap_or(0);
    let before = &text[..at];
    // The clause right before the cue; past an empty one after a comma ("dư luận phẫn nộ, yêu
    // cầu …"), the one before it — not past a colon or a quotation mark, which open the words.
    let mut clauses = before.rsplit([',', ';', ':', '“', '"']);
    let mut clause = clauses.next().unwrap_or(before);
    if clause.trim().is_empty() && before.trim_end().ends_with(',') {
        clause = clauses.next().unwrap_or(clause);
    }
    // "Thủ tướng cho rằng, cần …": the words before a verb of opinion that ends the clause are
    // its speaker, and the necessity has no subject.
    let rest = after_opinion(clause);
    let clause = if rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() { rest } else { clause };
    let words: Vec<&str> = clause.split_whitespace().collect();
    let from = words.len().saturating_sub(8);
    words[from..].join(" ")
}

/// The part of `clause` after its last verb of opinion ("cho rằng", "nhận định" …), or the whole.
fn after_opinion(clause: &str) -> &str {
    let key = chidao_text::key(clause);
    let end = words_of("opinion").filter_map(|w| word_starts(&key, w).last().map(|i| i + w.len())).max();
    end.and_then(|e| clause.get(e..)).unwrap_or(clause)
}

/// The head of a subject: the first words of the clause before the cue, past its connectives
/// ("Đồng thời, các đơn vị phải …" → "các đơn vị"; "đặc biệt những lãnh đạo ở địa phương" →
/// "những lãnh đạo ở": a leader, not the locality).
fn subject_head(clause: &str) -> String {
    let mut rest = clause.trim();
    loop {
        let f = fold(rest);
        match words_of("connective").find(|w| f.starts_with(w) && f[w.len()..].starts_with([' ', ','])) {
            Some(w) => rest = rest[w.len()..].trim_start_matches([' ', ',']),
            None => break,
        }
    }
    rest.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}

/// The kind of document (`data/doc_kinds.tsv`) a subject's head names with a capital ("Đề án",
/// "Kế hoạch của ngành …", "Luật Đầu tư"), if it does.
fn document_subject(head: &str) -> Option<String> {
    if !head.starts_with(crate::gazetteer::is_uppercase) {
        return None;
    }
    let key = chidao_text::key(head);
    let h = crate::docref::DOC_KINDS.match_at(&key, 0)?;
    Some(crate::docref::DOC_KINDS.entry(h.entry).pattern.clone())
}

/// Byte offset of `word` as a whole word in `key`.
fn find_word(key: &str, word: &str) -> Option<usize> {
    word_starts(key, word).next()
}

/// Byte offsets of `word` standing whole in `key`.
fn word_starts<'a>(key: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    key.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let before = key[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = key[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// "Theo quy định, …", "Cũng theo Bộ Ngoại giao Mỹ, …": the source the sentence opens with, when
/// its words say what it is.
fn theo_source(text: &str) -> Option<Reading> {
    let head = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let comma = head.find(',')?;
    let opening = &head[..comma];
    let words: Vec<&str> = opening.split_whitespace().collect();
    let at = words.iter().take(3).position(|w| fold(w) == "theo")?;
    if words.len() > at + 12 {
        return None;
    }
    actor::read(&words[at + 1..].join(" "))
}

/// The subordinating word of a clause, if any.
fn subordinate(clause: &str) -> Option<String> {
    word_in(clause, "subordinate", |_| true)
}

/// The first word of class `what` (those `keep` lets through) standing whole in `clause`.
fn word_in(clause: &str, what: &str, keep: impl Fn(&str) -> bool) -> Option<String> {
    let f = format!(" {} ", fold(clause).replace(|c: char| !c.is_alphanumeric(), " "));
    words_of(what).filter(|w| keep(w)).find(|w| spaced_in(&f, w)).map(str::to_string)
}

/// Whether `f` contains `w` between two spaces (`f.contains(&format!(" {w} "))` without building
/// the pattern).
fn spaced_in(f: &str, w: &str) -> bool {
    let mut from = 0;
    while let Some(k) = f.get(from..).and_then(|r| r.find(w)) {
        let at = from + k;
        if f[..at].ends_with(' ') && f[at + w.len()..].starts_with(' ') {
            return true;
        }
        from = at + f[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// A word of the past in a clause ("thời gian qua", "vừa qua", "đã"), if any. Without a cue the
/// clause may run past the verb into its object ("… các vụ đã xảy ra"): then only the phrases
/// of time count (`single` false), not a lone "đã".
fn done_word(clause: &str, single: bool) -> Option<String> {
    word_in(clause, "done", |w| single || w.contains(' '))
}

/// The story opening of a sentence ("Hôm sau, …"), if it has one.
fn story_opening(text: &str) -> Option<String> {
    let f = fold(text.trim_start_matches(|c: char| !c.is_alphanumeric()));
    // Past a conjunction that opens the sentence ("Nhưng sau đó, …").
    let f = words_of("conjunction").find_map(|w| f.strip_prefix(w).and_then(|r| r.strip_prefix(' '))).map_or(f.as_str(), str::trim_start).to_string();
    words_of("story").find(|w| f.starts_with(w) && f[w.len()..].starts_with([',', ' '])).map(str::to_string)
}

/// The first-person or second-person word that is the sentence's subject, if one is.
fn personal_subject(subject: &str) -> Option<String> {
    let f = fold(subject);
    f.split(|c: char| !c.is_alphanumeric()).rev().take(3).find(|w| words_of("pronoun").any(|x| x == *w)).map(str::to_string)
}

fn reading_of_issuer(input: &TaskInput<'_>, ctx: &Context<'_>, t: &Task) -> (Option<Reading>, bool) {
    let named = || t.issuer.as_deref().and_then(|n| ctx.people.get(n)).and_then(|&i| input.people.get(i));
    match t.issuer_person.and_then(|i| input.people.get(i)).or_else(named) {
        Some(p) => (actor::read_person(p), true),
        None => (t.issuer.as_deref().and_then(actor::read), false),
    }
}

fn judge(input: &TaskInput<'_>, ctx: &Context, seen: &Seen, t: &Task) -> Confidence {
    let mut score = 0.0f32;
    let mut reasons = Vec::new();
    let mut add = |w: f32, why: String| {
        score += w;
        reasons.push(format!("{w:+.1} {why}"));
    };
    let basis = seen.basis;
    // What made it a candidate. A directing verb that opens no speaker's turn ("… rồi yêu cầu …"
    // in a story) says little.
    let narrative = matches!(seen.turn, None | Some(TurnMode::Report)) && !seen.opens;
    let (w, why) = match basis {
        Some(Basis::Order) if narrative && !seen.cue_first => (0.3, "a directing verb in a narrative"),
        Some(Basis::Order | Basis::Item) => (1.0, "a directing verb"),
        Some(Basis::Accept) => (1.0, "accepts directions"),
        Some(Basis::Pledge) => (0.8, "a pledge"),
        Some(Basis::SpeakerAction | Basis::Imperative | Basis::UnitAction) => (0.5, "an action in a speaker's turn"),
        Some(Basis::Will | Basis::UnitPlan) => (0.3, "a unit's future act"),
        Some(Basis::Prohibition) => (0.3, "a prohibition in a turn"),
        Some(Basis::Modal) | None => (0.0, "a modal (cần, phải)"),
    };
    add(w, why.into());
    let strong = matches!(basis, Some(Basis::Order | Basis::Accept | Basis::Pledge));
    let weak = matches!(basis, Some(Basis::Modal | Basis::Will) | None);
    let directing = matches!(seen.turn, Some(TurnMode::Directive | TurnMode::Commitment));

    // The issuer: the speaker whose turn runs over the sentence weighs more than an earlier one;
    // "Theo quy định, …", "Theo Ngoại trưởng Mỹ, …" name the source themselves.
    // A directing verb's own subject, when its words say who it is ("dư luận … yêu cầu", "các đối
    // tượng … yêu cầu"), is the issuer.
    // Only in a story: in a speaker's turn, the speaker directs.
    let subject_issues = basis == Some(Basis::Order) && narrative && seen.subject.as_ref().is_some_and(|r| r.class != Actor::We);
    let (issuer, is_person) = match (&seen.source, &seen.subject) {
        (Some(r), _) => (Some(r.clone()), false),
        (None, Some(r)) if subject_issues => (Some(r.clone()), false),
        _ => match reading_of_issuer(input, ctx, t) {
            // A speaker the document gives no role elsewhere: the words that name them may.
            (None, p) if seen.turn.is_some() && seen.speaker.is_some() => (seen.speaker.clone(), p),
            x => x,
        },
    };
    let public_issuer = issuer.as_ref().is_some_and(|r| r.class == Actor::Public);
    match (&issuer, t.issuer.as_deref()) {
        (Some(r), _) => {
            let w = match r.class {
                // The speaker named in the sentence itself, directing or pledging.
                Actor::Public if seen.opens && matches!(seen.turn, Some(TurnMode::Directive | TurnMode::Commitment)) => 2.0,
                // An official's words further on, or words of saying: directions in a report of
                // public work (meetings, inspections, directives cited), else far less sure.
                Actor::Public if matches!(seen.turn, Some(TurnMode::Directive | TurnMode::Commitment | TurnMode::Speech)) && ctx.genre > 0 => 1.8,
                Actor::Public if matches!(seen.turn, Some(TurnMode::Directive | TurnMode::Commitment)) => 1.2,
                Actor::Public if seen.turn == Some(TurnMode::Speech) && seen.opinion => 0.3,
                Actor::Public if seen.turn == Some(TurnMode::Speech) => 0.8,
                Actor::Public if ctx.genre > 0 => 1.0,
                Actor::Public => 0.5,
                Actor::Expert => -1.5,
                Actor::Rule | Actor::Offender => -2.0,
                Actor::Foreign => -3.0,
                // A company may ask a public body ("doanh nghiệp đề nghị cơ quan chức năng …").
                Actor::Company => -1.0,
                Actor::Sport | Actor::Celebrity => -2.0,
                Actor::Populace | Actor::Personal => -2.0,
                Actor::We => -0.5,
            };
            let whose = match seen.turn {
                Some(TurnMode::Directive) => "directing",
                Some(TurnMode::Speech) => "speaking",
                Some(TurnMode::Commitment) => "pledging",
                Some(TurnMode::Report) => "reporting",
                None => "spoke earlier",
            };
            add(w, format!("issuer {} ({}, {whose})", r.class.label(), r.marker));
        }
        (None, Some(name)) if is_person => add(-1.0, format!("issuer {name}: no office named in the text")),
        (None, Some(name)) => add(-0.5, format!("issuer {name}: not known as a body")),
        // No one directs: the work of a public body named to act is still its task.
        (None, None) if t.assignee.as_deref().and_then(actor::read).is_some_and(|r| r.class == Actor::Public) => add(-0.5, "no issuer".into()),
        (None, None) => add(-1.0, "no issuer".into()),
    }

    // "pháp luật yêu cầu …", "đề thi yêu cầu thí sinh …": what a rule requires, described; no
    // one directs.
    if basis == Some(Basis::Order) && !subject_issues && seen.subject.as_ref().is_some_and(|r| r.class == Actor::Rule) {
        add(-2.0, "a rule's requirement, described".into());
    }

    // The assignee, else the subject of the verb.
    let assignee = t.assignee.as_deref().and_then(actor::read);
    let (who, reading) = match (&assignee, &seen.subject) {
        (Some(r), _) => ("assignee", Some(r)),
        (None, Some(r)) if !subject_issues => ("subject", Some(r)),
        _ => ("", None),
    };
    match reading {
        Some(r) => {
            let w = match r.class {
                Actor::Public => 1.5,
                Actor::Expert => -1.0,
                Actor::Rule => -1.5,
                Actor::Offender => -2.0,
                // A public body directing a company (state enterprises, contractors) directs.
                Actor::Company if public_issuer && (strong || seen.opens) => 0.0,
                Actor::Company if public_issuer => -0.5,
                Actor::Company if weak => -1.5,
                Actor::Company => -1.0,
                Actor::Sport | Actor::Celebrity => -2.0,
                // A Vietnamese official directing a foreign party; a foreign party's own pledge is
                // its own.
                Actor::Foreign if public_issuer && basis == Some(Basis::Order) => -0.5,
                Actor::Foreign => -2.5,
                Actor::Populace if public_issuer && basis == Some(Basis::Order) => -0.5,
                Actor::Populace => -2.0,
                Actor::Personal => -2.0,
                Actor::We if public_issuer && directing => 0.5,
                Actor::We if public_issuer => 0.0,
                Actor::We => -1.5,
            };
            add(w, format!("{who} {} ({})", r.class.label(), r.marker));
        }
        None if weak && t.assignee.is_none() && seen.turn.is_none() => add(-0.5, "necessity with no one named to act".into()),
        // Words of saying, not of directing ("Thứ trưởng cho biết, cần xem xét …"): a view. A
        // proposal in the speaker's own words after a colon ("có ý kiến: Cần làm rõ …") stays.
        None if matches!(basis, Some(Basis::Modal) | None)
            && t.assignee.is_none()
            && seen.turn == Some(TurnMode::Speech)
            && !input.doc.slice(t.span).contains(": ") => add(-0.5, "necessity with no one named to act, in words of saying".into()),
        None => {}
    }

    // "Đề án sẽ xây dựng …": a document says what it holds; no one pledges.
    if t.kind == TaskKind::Commitment
        && let Some(k) = &seen.document
    {
        add(-3.0, format!("the subject is a document ({k}): what it holds, no pledge"));
    }
    // A private person's "I", "you".
    if let Some(p) = &seen.pronoun
        && !public_issuer
    {
        add(-2.0, format!("subject \"{p}\": a private person"));
    }
    // A condition or consequence, not a directive ("khi phải …", "trường hợp phải …").
    if let Some(w) = &seen.subordinate
        && matches!(basis, Some(Basis::Modal | Basis::Order))
        && !directing
    {
        add(-1.5, format!("the cue sits in a clause of \"{w}\""));
    }
    if let Some(v) = &seen.advice
        && reading.is_none_or(|r| r.class != Actor::Public)
    {
        add(-1.5, format!("advice (\"{v}\") to no public body"));
    }
    if seen.copula && basis == Some(Basis::Modal) {
        add(-1.5, "the modal is a predicate after \"là\" (a description)".into());
    }
    // What was done ("thời gian qua hoạt động …", "đã trao …"): an action told, not work ahead.
    if let Some(w) = &seen.done
        && matches!(basis, Some(Basis::SpeakerAction | Basis::Imperative | Basis::UnitAction | Basis::Will | Basis::UnitPlan))
    {
        add(-1.5, format!("tells what was done (\"{w}\")"));
    }
    if seen.negated && basis == Some(Basis::Order) {
        add(-1.5, "the directing verb is negated".into());
    }
    if let Some(w) = &seen.story {
        add(-2.5, format!("tells a story (\"{w}\")"));
    }
    // A story of the past.
    if let Some(y) = seen.past {
        add(-1.5, format!("told of {y}, before the document's time"));
    }
    // A deadline years before the document's time is no work ahead: a story of how a thing came
    // to be ("Đến năm 1992, … đề xuất chính quyền …"). The year before is spared: the document's
    // time is the latest year it tells of (a plan for next year moves it on), and a report lists
    // last year's orders with their deadlines.
    if let (Some(y), Some(now)) = (t.deadline.as_ref().and_then(|d| d.year), ctx.year)
        && y < now - 1
    {
        add(-2.0, format!("its deadline ({y}) lies before the document's time ({now})"));
    }

    // The document: its weight of public bodies supports a public actor; none counts against.
    let public_actor = public_issuer || reading.is_some_and(|r| r.class == Actor::Public);
    match ctx.public {
        0 => add(-1.0, "the document names no public body or official".into()),
        1..=3 => {}
        _ if public_actor => add(0.7, format!("the document names {} public bodies and officials", ctx.public)),
        _ => {}
    }
    // (Counted only when fewer than two public actors are named.)
    if let Some(foreign) = ctx.foreign.filter(|&n| n >= 3) {
        add(-1.0, format!("a foreign story ({foreign} foreign countries named)"));
    }

    let tier = if score >= HIGH {
        Tier::High
    } else if score >= MEDIUM {
        Tier::Medium
    } else {
        Tier::Low
    };
    // 0..1: the score through a logistic centred on the medium threshold.
    let p = 1.0 / (1.0 + (-(f64::from(score) - f64::from(MEDIUM)) * 0.9).exp());
    Confidence { score: (p * 100.0).round() / 100.0, tier, reasons }
}

#[cfg(test)]
mod tests {
    use crate::task::{Tier, find, TaskInput};
    use chidao_text::Document;

    #[test]
    fn spaced_words_as_contains_finds_them() {
        for (f, w) in [(" xab ab ab ", "ab ab"), (" đã xảy ra ", "đã"), (" vừa qua ", "qua"), (" quaqua ", "qua"), (" a ", "a"), ("a", "a"), (" thời gian qua ", "thời gian qua")] {
            assert_eq!(super::spaced_in(f, w), f.contains(&format!(" {w} ")), "{f:?} {w:?}");
        }
    }

    /// The tiers of the tasks of a fictional text, with their first words.
    fn tiers(text: &str) -> Vec<(String, Tier)> {
        let doc = Document::new("t.txt", text.to_string());
        let x = crate::extract(&doc);
        let tasks = find(&TaskInput { doc: &doc, events: &x.events, dates: &x.dates, people: &x.people, orgs: &x.orgs, docrefs: &x.docrefs, header: None, now: None });
        tasks.iter().map(|t| (doc.slice(t.span).chars().take(40).collect(), t.confidence.tier)).collect()
    }

    fn tier_of(text: &str, start: &str) -> Option<Tier> {
        tiers(text).into_iter().find(|(t, _)| t.starts_with(start)).map(|(_, tier)| tier)
    }

    const MEETING: &str = "UBND tỉnh Hòa Lạc họp bàn công tác phòng chống thiên tai\n\nSáng 12/3/2024, UBND tỉnh Hòa Lạc tổ chức hội nghị triển khai công tác phòng chống thiên tai. Đồng chí Lê Văn Tâm, Chủ tịch UBND tỉnh chủ trì hội nghị.\n\n";

    #[test]
    fn a_public_body_directing_is_listed() {
        let t = format!("{MEETING}Phát biểu chỉ đạo, Chủ tịch UBND tỉnh Lê Văn Tâm yêu cầu Sở Nông nghiệp hoàn thành kế hoạch trước ngày 30/4/2024.\n\nCác huyện cần rà soát các điểm sạt lở.\n\nMinh Anh\n");
        assert_eq!(tier_of(&t, "Phát biểu chỉ đạo"), Some(Tier::High));
        assert!(tier_of(&t, "Các huyện cần").is_some_and(Tier::listed));
    }

    #[test]
    fn private_actors_are_not_listed() {
        // A company, a club, a celebrity, the public, a private person, a foreign state.
        for (text, start) in [
            ("Công ty Minh Phát mở rộng nhà máy\n\nTheo kế hoạch, công ty sẽ tuyển thêm 200 công nhân. Giám đốc Công ty Minh Phát cho biết doanh nghiệp phải đầu tư dây chuyền mới.\n\nMinh Anh\n", "Giám đốc Công ty"),
            ("Đội bóng thua trận\n\nHLV trưởng đội tuyển cho rằng các cầu thủ phải tập trung hơn ở hiệp hai.\n\nMinh Anh\n", "HLV trưởng"),
            ("Ca sĩ ra mắt album\n\nCa sĩ Lan Chi chia sẻ: tôi phải tập luyện nhiều hơn cho đêm nhạc.\n\nMinh Anh\n", "Ca sĩ Lan Chi"),
            ("Mẹo giữ ấm mùa đông\n\nNgười dân cần mặc đủ ấm khi ra ngoài vào sáng sớm.\n\nMinh Anh\n", "Người dân cần"),
            ("Tổng thống nước X yêu cầu quốc hội thông qua ngân sách\n\nTổng thống Mỹ yêu cầu Quốc hội Mỹ thông qua ngân sách trước tháng 10.\n\nMinh Anh\n", "Tổng thống Mỹ"),
            ("Hội thảo về an ninh biển\n\nThứ trưởng Bộ Ngoại giao Lê Văn Tâm cho rằng cộng đồng quốc tế cần thiết lập cơ chế hợp tác mới.\n\nMinh Anh\n", "Thứ trưởng"),
            ("Hội nghị về tần số vô tuyến\n\nVề mặt tần số, các nước vẫn cần bố trí băng tần cho những công nghệ khác.\n\nMinh Anh\n", "Về mặt"),
        ] {
            assert!(tier_of(text, start).is_none_or(|t| !t.listed()), "{start}: {:?}", tiers(text));
        }
    }

    #[test]
    fn statements_around_directing_words_are_not_listed() {
        // A request spoken of; a foreign party's pledge; advice to the public; what was done; a
        // predicate after "là"; a rhetorical "phải khẳng định"; "cần" + noun; an opinion reported
        // on a draft ("có ý kiến đề nghị"); the act of assigning spoken of ("việc giao vốn").
        let t = format!(
            "{MEETING}Tiếc rằng, đề nghị ấy của xã chưa được huyện quan tâm.\n\nPhía nước bạn cam kết tiếp tục hỗ trợ đào tạo cán bộ cho tỉnh, Chủ tịch UBND tỉnh Lê Văn Tâm cho biết.\n\nSở Y tế khuyến cáo: - Rửa tay thường xuyên bằng xà phòng.\n\nĐội kiểm tra liên ngành mặc dù mới thành lập nhưng thời gian qua hoạt động rất hiệu quả, ông Tâm nói.\n\nViệc xây nhà trên đất rừng phòng hộ là không được phép, ông Tâm nói.\n\nMột điều phải khẳng định là công trình đã về đích đúng hẹn, ông Tâm nói.\n\nÔng Tâm cho rằng công trình thủy lợi cần nguồn vốn rất lớn.\n\nVề dự thảo quy chế, có ý kiến đề nghị bổ sung quy định về phí thẩm định.\n\nViệc giao vốn cho các huyện năm nay còn chậm, ông Tâm nói.\n\nMinh Anh\n"
        );
        for start in ["Tiếc rằng", "Phía nước bạn", "- Rửa tay", "Rửa tay", "Đội kiểm tra", "Việc xây nhà", "Một điều", "Ông Tâm cho rằng", "Về dự thảo", "Việc giao vốn"] {
            assert!(tier_of(&t, start).is_none_or(|t| !t.listed()), "{start}: {:?}", tiers(&t));
        }
    }

    #[test]
    fn what_a_law_requires_and_what_figures_show_are_not_listed() {
        // A law as the subject of "yêu cầu" describes a rule; "Thống kê cho thấy" reports a finding.
        let t = format!(
            "{MEETING}Ông Tâm nói, đối với người đứng đầu, pháp luật yêu cầu phải kê khai tài sản hằng năm.\n\nThống kê cho thấy, đến cuối năm 2023, toàn tỉnh có 120 cơ sở khám chữa bệnh.\n\nMinh Anh\n"
        );
        for start in ["Ông Tâm nói", "Thống kê cho thấy"] {
            assert!(tier_of(&t, start).is_none_or(|t| !t.listed()), "{start}: {:?}", tiers(&t));
        }
    }

    #[test]
    fn a_bare_quantifier_names_no_unit() {
        // What the judge tests before it drops an assignee ("… danh sách Các báo cáo này phải …").
        for a in ["Các", "những", "Mọi", "các, và"] {
            assert!(crate::unit::unit_key(a).is_empty(), "{a}");
        }
        assert!(!crate::unit::unit_key("Các địa phương").is_empty());
    }

    #[test]
    fn words_that_hold_a_cue_are_not_cues() {
        // "địa bàn" holds "bàn" (discuss), "giao cắt" holds "giao" (assign), "va phải" holds
        // "phải" (must); a meeting held is no work ahead. The directive beside them stays.
        let t = format!(
            "{MEETING}Các doanh nghiệp trên địa bàn huyện chủ yếu sản xuất chè.\n\nPhần lớn tai nạn xảy ra tại các điểm giao cắt giữa đường sắt và đường bộ.\n\nChiếc xe khách va phải dải phân cách.\n\nSở Giao thông vận tải họp khẩn, bàn giải pháp.\n\nChủ tịch UBND tỉnh Lê Văn Tâm giao Sở Giao thông vận tải rà soát các điểm giao cắt trước ngày 30/4/2024.\n\nMinh Anh\n"
        );
        for start in ["Các doanh nghiệp", "Phần lớn", "Chiếc xe", "Sở Giao thông vận tải họp"] {
            assert!(tier_of(&t, start).is_none_or(|t| !t.listed()), "{start}: {:?}", tiers(&t));
        }
        assert_eq!(tier_of(&t, "Chủ tịch UBND tỉnh"), Some(Tier::High), "{:?}", tiers(&t));
    }

    #[test]
    fn a_necessity_after_a_verb_of_opinion_has_no_subject() {
        // The speaker before "cho rằng" is not who must act: no subject (high before, as if the
        // chair were the subject), and a necessity with no one named, in words of saying, is a
        // view, not listed (ANNOTATION: necessity without an actor is no task).
        let t = format!("{MEETING}Chủ tịch UBND tỉnh Lê Văn Tâm cho rằng, cần giữ vững môi trường ổn định trong khu vực.\n\nMinh Anh\n");
        assert_eq!(tier_of(&t, "Chủ tịch UBND tỉnh"), Some(Tier::Low), "{:?}", tiers(&t));
        // Directing words keep it: "yêu cầu, cần …" in the same meeting.
        let t = format!("{MEETING}Chủ tịch UBND tỉnh Lê Văn Tâm yêu cầu, cần giữ vững môi trường ổn định trong khu vực.\n\nMinh Anh\n");
        assert!(tier_of(&t, "Chủ tịch UBND tỉnh").is_some_and(|t| t.listed()), "{:?}", tiers(&t));
        // A unit named after the verb of opinion is still the subject.
        let t = format!("{MEETING}Ông Tâm cho rằng Sở Nông nghiệp cần hoàn thành phương án trước ngày 30/6/2024.\n\nMinh Anh\n");
        assert!(tier_of(&t, "Ông Tâm").is_some_and(|t| t.listed()), "{:?}", tiers(&t));
    }

    #[test]
    fn we_is_no_assignee() {
        let t = format!("{MEETING}Phát biểu chỉ đạo, Chủ tịch UBND tỉnh Lê Văn Tâm yêu cầu: chúng ta phải hoàn thành việc gia cố đê trước ngày 30/5/2024.\n\nMinh Anh\n");
        let doc = Document::new("t.txt", t);
        let x = crate::extract(&doc);
        let task = x.tasks.iter().find(|t| doc.slice(t.span).contains("gia cố đê")).expect("the directive is a task");
        assert_eq!(task.assignee, None);
    }

    #[test]
    fn rules_and_stories_are_not_listed() {
        let t = format!("{MEETING}Theo quy định, người lao động muốn làm việc ở nước ngoài phải đăng ký hợp đồng.\n\nHôm sau, anh Tâm đến phường thì cán bộ yêu cầu phải nộp thêm giấy tờ.\n\nMinh Anh\n");
        for start in ["Theo quy định", "Hôm sau"] {
            assert!(tier_of(&t, start).is_none_or(|t| !t.listed()), "{start}: {:?}", tiers(&t));
        }
    }
}
