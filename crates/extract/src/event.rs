//! Events: meetings, working sessions, inspections, online conferences, reviews, congresses that the
//! text dates, with chair and place.
//!
//! An event is a trigger word (`data/event_kinds.tsv`: "hội nghị", "làm việc", "Đoàn kiểm tra",
//! "sơ kết", "họp" …) tied to a day mention in one of two ways:
//!
//! * **opening date**: the day opens its sentence or clause ("Chiều 9/6, Đoàn kiểm tra … đã làm
//!   việc …", "Sáng nay, 18-5, Ban Bí thư … tổ chức Hội nghị") and a trigger follows in the same
//!   sentence with no cue between them that hands the date to another fact ("phát đi thông tin",
//!   "ban hành", "mới đây"), or the next sentence opens with one ("Tại buổi kiểm tra, …");
//! * **trailing date**: the day follows the trigger directly ("tại cuộc họp chiều 23/6") or after a
//!   linking verb ("… do Bộ … tổ chức ngày 10/2", "… vào ngày 10/7", "phiên bế mạc chiều 28/6").
//!
//! Dates after a deadline or start cue ("trước ngày 30/6", "từ ngày 1/7") are never event dates;
//! "hôm nay" alone gives no event. Mentions of one meeting on one day are merged.
//!
//! An official invitation or notice of a meeting (Giấy mời, Thông báo triệu tập) names its meeting
//! in labelled fields instead ("3. Thời gian: từ 14 giờ ngày 6/11/2026", "4. Địa điểm: …", "1. Chủ
//! trì: Đồng chí …"): [`notice`] reads them, and `extract` merges that event into the others for
//! official documents.
//!
//! The chair is the person the text says chaired or led it ("X chủ trì", "do X làm Trưởng đoàn",
//! "X dẫn đầu đoàn", "dưới sự chủ trì của X") in the event's sentence or the few that follow, else
//! the subject of "X làm việc với …" in the dated sentence; never someone who only attends.

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::date::{CueRole, DateKind, DateMention, PartialDate};
use crate::gazetteer;
use crate::person::Person;

gazetteer!(EVENT_KINDS, "event_kinds.tsv");
gazetteer!(EVENT_CUES, "event_cues.tsv");
gazetteer!(NOTICE_FIELDS, "notice_fields.tsv");
crate::word_classes! {
    "event_words.tsv";
    TIME_WORDS = "time_word";
    DAY_OPENERS = "day_opener";
}

/// A dated event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Short Vietnamese noun: "hội nghị", "kiểm tra", "làm việc", "đại hội", "sơ kết" …
    pub kind: String,
    /// When.
    pub date: PartialDate,
    /// Index into the people list of who chaired or led it.
    pub chair: Option<usize>,
    /// Where, as written.
    pub place: Option<String>,
    /// The words naming the event (trigger).
    pub span: Span,
    /// The date expression.
    pub date_span: Span,
}

/// How many mentions of one event are tried for its chair.
const MAX_CHAIR_TRIES: usize = 3;
/// Longest stretch between an opening date and its trigger, in bytes.
const MAX_BLOCK_SPAN: usize = 600;
/// How far back from a cue its clause is looked for, in bytes.
const CLAUSE_BYTES: usize = 400;
/// How many sentences after the event's own are searched for its chair.
const CHAIR_WINDOW: usize = 5;
/// Longest complement between a trigger and its trailing date, in words.
const MAX_COMPLEMENT_WORDS: usize = 12;
/// Longest place phrase, in words.
const MAX_PLACE_WORDS: usize = 10;

/// The events of a document.
pub fn find(doc: &Document, dates: &[DateMention], people: &[Person]) -> Vec<Event> {
    let key = doc.key.as_str();
    let body: Vec<Span> = doc.body().map(|s| s.span).collect();
    let mut cues = CueCache::new(body.len());
    let mut out: Vec<Event> = Vec::new();
    // Chair look-ups tried per event (a meeting mentioned many times is resolved from its first few).
    let mut tries: Vec<usize> = Vec::new();
    let mut di = 0;
    for (si, &s) in body.iter().enumerate() {
        // Day mentions of this sentence.
        while di < dates.len() && dates[di].span.start < s.start {
            di += 1;
        }
        let sdates: Vec<&DateMention> = dates[di..]
            .iter()
            .take_while(|d| d.span.start < s.end)
            .filter(|d| d.span.end <= s.end && is_event_day(doc, d))
            .collect();
        if sdates.is_empty() {
            continue;
        }
        let triggers: Vec<gazetteer::Hit> = EVENT_KINDS
            .find_in(key, s)
            .into_iter()
            .filter(|h| {
                !doc.in_furniture(h.span)
                    && EVENT_KINDS.fields(h.entry).first().is_none_or(|k| k != "-")
            })
            .collect();
        for d in sdates {
            if deadline_before(key, s, d.span)
                || matches!(
                    d.cue_role,
                    Some(
                        CueRole::Before
                            | CueRole::Until
                            | CueRole::Start
                            | CueRole::AsOf
                            | CueRole::After
                    )
                )
            {
                continue;
            }
            let trig = if opens_clause(doc, s, d.span) {
                let k = triggers.partition_point(|t| t.span.start < d.span.end);
                if k == triggers.len() {
                    body.get(si + 1).and_then(|n| opening_trigger(doc, *n))
                } else {
                    triggers[k..]
                        .iter()
                        .take_while(|t| t.span.start <= d.span.end + MAX_BLOCK_SPAN)
                        .find(|t| !blocked_between(key, Span::new(d.span.end, t.span.start)))
                        .copied()
                }
            } else {
                trailing_trigger(key, s, &triggers, d.span)
            };
            let Some(t) = trig else { continue };
            if planned(key, s, d.span, t.span) {
                continue;
            }
            let idx = match out.iter().position(|e| e.date == d.value) {
                Some(i) => i,
                None => {
                    let kind = EVENT_KINDS
                        .fields(t.entry)
                        .first()
                        .cloned()
                        .unwrap_or_else(|| doc.slice(t.span).to_lowercase());
                    out.push(Event {
                        kind,
                        date: d.value,
                        chair: None,
                        place: None,
                        span: t.span,
                        date_span: d.span,
                    });
                    tries.push(0);
                    out.len() - 1
                }
            };
            if out[idx].place.is_none() {
                out[idx].place = place_after(doc, s, d.span);
            }
            if out[idx].chair.is_none() && tries[idx] < MAX_CHAIR_TRIES {
                tries[idx] += 1;
                out[idx].chair = chair_of(doc, people, &body, &mut cues, si, d.span, t);
            }
        }
    }
    out
}

/// The labelled field of a notice that opens the line `start..end` (after an item marker), with
/// the value after its colon: ("time", "8 giờ 00 ngày 07/11/2026").
fn field_of_line(doc: &Document, start: usize, end: usize) -> Option<(&'static str, Span)> {
    let from = start + crate::scan::item_marker_len(&doc.text[start..end]);
    let h = NOTICE_FIELDS.match_at(&doc.key, from).filter(|h| h.span.end <= end)?;
    let value = doc.text[h.span.end..end].trim_start().strip_prefix(':')?;
    let field = NOTICE_FIELDS.fields(h.entry).first().map_or("", String::as_str);
    Some((field, Span::new(end - value.len(), end)))
}

/// The labelled field of a notice whose line the sentence opens ("Thành phần: …" → "members").
pub(crate) fn notice_field(doc: &Document, sentence: Span) -> Option<&'static str> {
    // The sentence opens its line, an item marker aside: the line starts a few bytes before it.
    let start = crate::scan::line_start_within(&doc.text, sentence.start, 16)?;
    if sentence.start > start + crate::scan::item_marker_len(&doc.text[start..sentence.end]) {
        return None;
    }
    field_of_line(doc, start, sentence.end).map(|f| f.0)
}

/// The event an invitation or a notice of a meeting calls (Giấy mời, Thông báo triệu tập), read
/// from its labelled fields (`data/notice_fields.tsv`): the day of the "Thời gian:" line (a
/// start cue there is the meeting's start, "từ 8 giờ ngày 7/11"; a deadline's day, "trước ngày
/// 20/3", is none), the place of the "Địa điểm:"
/// line, the chair named on the "Chủ trì:" line or, failing one, by a chair cue near the event
/// word ("Phiên họp do … chủ trì"). The kind is the first event word before the time line (the
/// subject line, "tổ chức buổi làm việc …"); without one, or without a time line with a day, there
/// is none. Called for official documents only: a news article's "Thời gian: …" announces.
pub fn notice(doc: &Document, dates: &[DateMention], people: &[Person]) -> Option<Event> {
    let key = doc.key.as_str();
    let (mut time, mut place, mut chair_line) = (None, None, None);
    let mut at = 0;
    for line in doc.text.split_inclusive('\n') {
        let (start, end) = (at, at + line.trim_end().len());
        at += line.len();
        let Some((field, value)) = field_of_line(doc, start, end) else { continue };
        match field {
            "time" if time.is_none() => time = Some((Span::new(start, end), value)),
            "place" if place.is_none() => place = Some(value),
            "chair" if chair_line.is_none() => chair_line = Some(value),
            _ => {}
        }
    }
    let (line, value) = time?;
    let d = dates.iter().find(|d| {
        value.contains(d.span)
            && is_event_day(doc, d)
            && !matches!(d.cue_role, Some(CueRole::Before | CueRole::Until | CueRole::AsOf | CueRole::After))
    })?;
    let t = EVENT_KINDS
        .find_in(key, Span::new(0, line.start))
        .into_iter()
        .find(|h| !doc.in_furniture(h.span) && EVENT_KINDS.fields(h.entry).first().is_some_and(|k| k != "-"))?;
    let kind = EVENT_KINDS.fields(t.entry).first().cloned().unwrap_or_default();
    let place = place.and_then(|v| {
        let p = doc.slice(v).trim();
        let p = p[..p.find([';', '(']).unwrap_or(p.len())].trim_end_matches(['.', ',', ' ', '/']);
        let words = p.split_whitespace().count();
        (words > 0 && words <= 2 * MAX_PLACE_WORDS).then(|| p.to_string())
    });
    let chair = match chair_line {
        Some(v) => first_person_in(people, v),
        None => {
            let body: Vec<Span> = doc.body().map(|s| s.span).collect();
            let si = body.partition_point(|s| s.end <= t.span.start);
            (si < body.len()).then(|| chair_of(doc, people, &body, &mut CueCache::new(body.len()), si, d.span, t)).flatten()
        }
    };
    Some(Event { kind, date: d.value, chair, place, span: t.span, date_span: d.span })
}

/// Adds `e` to `events`, or completes the event of its day already found (its chair and place
/// where they are unknown). Events stay in text order.
pub fn merge(events: &mut Vec<Event>, e: Event) {
    match events.iter_mut().find(|x| x.date == e.date) {
        Some(x) => {
            if x.chair.is_none() {
                x.chair = e.chair;
            }
            if x.place.is_none() {
                x.place = e.place;
            }
        }
        None => {
            let at = events.partition_point(|x| x.span.start < e.span.start);
            events.insert(at, e);
        }
    }
}

/// The cue hits of each body sentence, found once when first needed.
struct CueCache {
    hits: Vec<Option<Vec<gazetteer::Hit>>>,
}

impl CueCache {
    fn new(n: usize) -> CueCache {
        CueCache {
            hits: vec![None; n],
        }
    }

    fn of(&mut self, key: &str, body: &[Span], i: usize) -> &[gazetteer::Hit] {
        self.hits[i].get_or_insert_with(|| EVENT_CUES.find_in(key, body[i]))
    }
}

/// A day with a month, written with digits (not "hôm nay" alone).
fn is_event_day(doc: &Document, d: &DateMention) -> bool {
    d.kind == DateKind::Day
        && d.value.month.is_some()
        && d.value.day.is_some()
        && doc.slice(d.span).contains(|c: char| c.is_ascii_digit())
        && !doc.in_furniture(d.span)
}

/// Time-of-day words that may stand between a cue and a date ("tổ chức ngày 10/2", "họp chiều 23/6").
fn is_time_word(w: &str) -> bool {
    TIME_WORDS.contains(w)
}

/// The words just before `at` within `lo..`, nearest first, stopping at punctuation.
fn words_before(key: &str, lo: usize, at: usize, n: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut end = at;
    while out.len() < n {
        let s = &key[lo..end];
        let t = s.trim_end_matches([' ', '\u{a0}', '\t']);
        let e = lo + t.len();
        let w = t.len() - t.trim_end_matches(crate::gazetteer::is_alphanumeric).len();
        if w == 0 {
            break;
        }
        out.push(Span::new(e - w, e));
        end = e - w;
    }
    out
}

/// The cue (of `class`) made of the words ending at `at`, longest first.
fn cue_ending_at(key: &str, lo: usize, at: usize, class: &str) -> Option<Span> {
    let ws = words_before(key, lo, at, 4);
    let end = ws.first()?.end;
    for w in ws.iter().rev() {
        if let Some(e) = EVENT_CUES.lookup_key(&key[w.start..end])
            && EVENT_CUES.fields(e).first().is_some_and(|f| f == class)
        {
            return Some(Span::new(w.start, end));
        }
    }
    None
}

/// Start of the words before `date` once time-of-day words are skipped.
fn skip_time_words(key: &str, lo: usize, date: Span) -> usize {
    let mut at = date.start;
    for w in words_before(key, lo, date.start, 4) {
        if is_time_word(w.of(key)) {
            at = w.start;
        } else {
            break;
        }
    }
    at
}

/// True when a deadline or start cue stands just before the date ("trước ngày 30/6").
fn deadline_before(key: &str, sentence: Span, date: Span) -> bool {
    let at = skip_time_words(key, sentence.start, date);
    cue_ending_at(key, sentence.start, at, "deadline").is_some()
        || cue_ending_at(key, sentence.start, date.start, "deadline").is_some()
}

/// True when the date opens its sentence or clause: few words before it and no comma among them,
/// or a capitalised time word starts it in the middle of an unpunctuated run ("… sở ngành Sáng 6-2,").
fn opens_clause(doc: &Document, sentence: Span, date: Span) -> bool {
    if crate::meta::opens_sentence(doc, sentence, date) {
        return true;
    }
    // "…, sáng 8/2, đoàn kiểm tra …": a time adverbial set off by commas.
    let at = skip_time_words(&doc.key, sentence.start, date);
    let k = &doc.key[at..date.end];
    if doc.key[sentence.start..at].trim_end().ends_with(',')
        && doc.key[date.end..sentence.end]
            .trim_start()
            .starts_with(',')
        && ["sáng", "chiều", "tối", "trưa", "đêm", "hôm"]
            .iter()
            .any(|w| k.starts_with(w))
    {
        return true;
    }
    // "… khen thưởng Sáng nay, 18-5," / "… ngành Sáng 6-2,": a capitalised time word.
    let t = &doc.text[at..date.end];
    at > sentence.start && t.starts_with(|c: char| c.is_uppercase()) && {
        let first: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
        is_time_word(&chidao_text::fold(&first))
    }
}

/// True when the event is announced rather than reported: "sẽ", "dự kiến" … before the trigger in
/// its sentence, or "tới" right after the date ("vào ngày 1/7 tới"). Planned events are optional in
/// the contract; they are left out.
fn planned(key: &str, s: Span, date: Span, trigger: Span) -> bool {
    if key[date.end..s.end].trim_start().starts_with("tới") {
        return true;
    }
    let hi = trigger.start.clamp(s.start, s.end);
    let lo = floor_boundary(key, hi.saturating_sub(CLAUSE_BYTES).max(s.start));
    EVENT_CUES.find_in(key, Span::new(lo, hi)).iter().any(|h| {
        EVENT_CUES
            .fields(h.entry)
            .first()
            .is_some_and(|f| f == "plan")
    })
}

/// True when a date is announced as planned: a plan cue ("dự kiến", "sẽ") before it in its
/// sentence, or "tới" right after it.
pub(crate) fn announced(doc: &Document, s: Span, date: Span) -> bool {
    planned(&doc.key, s, date, date)
}

/// True when a blocking cue lies in `key[span]`.
fn blocked_between(key: &str, span: Span) -> bool {
    if span.len() > MAX_BLOCK_SPAN {
        return true;
    }
    EVENT_CUES.find_in(key, span).iter().any(|h| {
        EVENT_CUES
            .fields(h.entry)
            .first()
            .is_some_and(|f| f == "block")
    })
}

/// A trigger among the first words of a sentence that continues a dated one ("Tại buổi kiểm tra, …",
/// "Phát biểu tại hội nghị, …").
fn opening_trigger(doc: &Document, s: Span) -> Option<gazetteer::Hit> {
    let head_end = doc.text[s.start..s.end]
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .nth(4)
        .map_or(s.end, |(i, _)| s.start + i);
    let head = Span::new(s.start, head_end);
    let key = &doc.key;
    let k = key[head.start..head.end].trim_start();
    if !(k.starts_with("tại ")
        || k.starts_with("phát biểu tại ")
        || k.starts_with("dự ")
        || k.starts_with("trong "))
    {
        return None;
    }
    EVENT_KINDS.find_in(key, head).into_iter().next()
}

/// The trigger a trailing date belongs to: one ending right before the date (time words aside), or
/// the last one before a linking cue ("do Bộ … tổ chức ngày 10/2", "… vào ngày 10/7").
fn trailing_trigger(
    key: &str,
    s: Span,
    triggers: &[gazetteer::Hit],
    date: Span,
) -> Option<gazetteer::Hit> {
    let at = skip_time_words(key, s.start, date);
    let k = triggers.partition_point(|t| t.span.end <= at);
    let last = triggers[..k].last()?;
    // The trigger itself ends right there.
    if key[last.span.end..at].trim().is_empty() {
        return Some(*last);
    }
    // A linking verb ends right there, and the trigger precedes it in the sentence.
    if cue_ending_at(key, s.start, at, "link").is_some() {
        return Some(*last);
    }
    // The trigger's own complement stands between: "buổi làm việc với Phó Chủ tịch UBND ngày 9-2";
    // no punctuation, digits or codes between (which would make the date a document's).
    // A year named in the complement ("phê duyệt kế hoạch năm 2017 của Sở … chiều 7-2") is fine.
    let between = &key[last.span.end..at];
    let clean = !between.contains(|c: char| {
        matches!(c, ',' | ';' | ':' | '/' | '(' | ')' | '"' | '“' | '”' | '.')
    }) && only_named_years(between);
    (clean && between.split_whitespace().count() <= MAX_COMPLEMENT_WORDS).then_some(*last)
}

/// True when every number in `k` is a four-digit year after "năm" ("kế hoạch năm 2017").
fn only_named_years(k: &str) -> bool {
    let mut rest = k;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let digits = rest[i..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - i);
        let year_ok = digits == 4
            && matches!(&rest[i..i + 2], "19" | "20")
            && rest[..i].trim_end().ends_with("năm")
            && !rest[i + digits..].starts_with(|c: char| c.is_alphanumeric());
        if !year_ok {
            return false;
        }
        rest = &rest[i + digits..];
    }
    true
}

/// The place given right after an opening date: "Ngày 17/8, tại Hà Nội, …".
fn place_after(doc: &Document, s: Span, date: Span) -> Option<String> {
    let rest = &doc.text[date.end..s.end];
    let r = rest.trim_start_matches([',', ' ']);
    let off = date.end + (rest.len() - r.len());
    let kr = &doc.key[off..s.end];
    if !kr.starts_with("tại ") {
        return None;
    }
    let from = off + "tại ".len();
    let body = &doc.text[from..ceil_boundary(&doc.text, (from + CLAUSE_BYTES).min(s.end))];
    let end = body.find([',', ';', '.', ':', '(']).unwrap_or(body.len());
    let p = body[..end].trim();
    let words = p.split_whitespace().count();
    (words > 0 && words <= MAX_PLACE_WORDS).then(|| p.to_string())
}

/// The nearest char boundary at or before `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest char boundary at or after `i`.
fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The person whose first mention in `span` comes first.
fn first_person_in(people: &[Person], span: Span) -> Option<usize> {
    crate::person::person_in(people, span)
}

/// The chair of the event dated at `date` in body sentence `si` with trigger `t`.
fn chair_of(
    doc: &Document,
    people: &[Person],
    body: &[Span],
    cues: &mut CueCache,
    si: usize,
    date: Span,
    t: gazetteer::Hit,
) -> Option<usize> {
    if people.is_empty() {
        return None;
    }
    let key = doc.key.as_str();
    for k in si..body.len().min(si + CHAIR_WINDOW + 1) {
        let s = body[k];
        if k > si && starts_new_event(doc, s) {
            break;
        }
        let mut last_do: Option<Span> = None;
        for h in cues.of(key, body, k) {
            let class = EVENT_CUES
                .fields(h.entry)
                .first()
                .map(String::as_str)
                .unwrap_or("");
            match class {
                "chair_do" => last_do = Some(h.span),
                "chair" => {
                    if !chair_cue_holds(key, h.span, s) {
                        continue;
                    }
                    // The clause before the cue: from the sentence start (or a bounded stretch
                    // back), the last ";" or the last "do".
                    let mut lo =
                        floor_boundary(key, h.span.start.saturating_sub(CLAUSE_BYTES).max(s.start));
                    if let Some(p) = key[lo..h.span.start].rfind(';') {
                        lo += p + 1;
                    }
                    if let Some(d) = last_do.filter(|d| d.start >= lo) {
                        lo = d.end;
                    }
                    // The first cue that holds decides.
                    return first_person_in(people, Span::new(lo, h.span.start));
                }
                "chair_of" => {
                    let hi = ceil_boundary(key, (h.span.end + CLAUSE_BYTES).min(s.end));
                    return first_person_in(people, Span::new(h.span.end, hi));
                }
                _ => {}
            }
        }
    }
    // "X làm việc với …" in the dated sentence: X leads the working session.
    let s = body[si];
    if s.contains(t.span)
        && t.span.start > date.end
        && key[t.span.start..t.span.end].ends_with("làm việc")
        && key[t.span.end..s.end].trim_start().starts_with("với")
    {
        return first_person_in(people, Span::new(date.end, t.span.start));
    }
    None
}

/// "chủ trì" in the sense of chairing: followed by an event word, a date or the end of the clause;
/// not "chủ trì, phối hợp …" (leading a task).
fn chair_cue_holds(key: &str, cue: Span, s: Span) -> bool {
    let rest = key[cue.end..s.end].trim_start();
    if rest.is_empty() || rest.starts_with(['.', ';', '!', '…']) {
        return true;
    }
    if let Some(r) = rest.strip_prefix(',') {
        let r = r.trim_start();
        return !(r.starts_with("phối hợp")
            || r.starts_with("chịu trách nhiệm")
            || r.starts_with("hướng dẫn"));
    }
    let at = s.end - rest.len();
    let c = key[cue.start..cue.end].to_string();
    if c != "chủ trì" && c != "đồng chủ trì" {
        return true; // "dẫn đầu đoàn", "làm trưởng đoàn"
    }
    EVENT_KINDS.match_at(key, at).is_some() || rest.starts_with("và ") || rest.starts_with("tại ")
}

/// True when a sentence opens with a day of its own (a new event's account begins).
fn starts_new_event(doc: &Document, s: Span) -> bool {
    let k = doc.key[s.start..s.end].trim_start();
    let first: String = k.chars().take_while(|c| c.is_alphabetic()).collect();
    DAY_OPENERS.contains(&first)
        && k[first.len()..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chidao_text::{DecodeOptions, decode};

    fn doc(s: &str) -> Document {
        let (text, _) = decode(s.as_bytes(), DecodeOptions::default()).unwrap();
        Document::new("t.txt", text)
    }

    fn person(doc: &Document, name: &str) -> Person {
        let mentions = doc
            .text
            .match_indices(name)
            .map(|(i, m)| Span::new(i, i + m.len()))
            .collect();
        Person {
            name: name.to_string(),
            rank: None,
            roles: vec![],
            mentions,
        }
    }

    fn events(text: &str, names: &[&str]) -> Vec<(String, Option<String>, Option<String>)> {
        let d = doc(text);
        let people: Vec<Person> = names.iter().map(|n| person(&d, n)).collect();
        find(&d, &crate::date::find(&d), &people)
            .into_iter()
            .map(|e| {
                (
                    e.kind,
                    e.date.iso(),
                    e.chair.map(|i| people[i].name.clone()),
                )
            })
            .collect()
    }

    /// Kind, day, chair and place of a notice's event.
    type Called = (String, Option<String>, Option<String>, Option<String>);

    fn notice_of(text: &str, names: &[&str]) -> Option<Called> {
        let d = doc(text);
        let people: Vec<Person> = names.iter().map(|n| person(&d, n)).collect();
        notice(&d, &crate::date::find(&d), &people).map(|e| (e.kind, e.date.iso(), e.chair.map(|i| people[i].name.clone()), e.place))
    }

    #[test]
    fn an_invitation_calls_the_meeting_of_its_labelled_fields() {
        let text = "GIẤY MỜI\n\nỦy ban nhân dân tỉnh tổ chức buổi làm việc để nghe Sở Nội vụ báo cáo kết quả cải cách hành chính.\n\n\
            1. Chủ trì: Đồng chí Lê Văn Tâm - Phó Chủ tịch UBND tỉnh.\n\n2. Thành phần mời: Lãnh đạo các sở, ngành.\n\n\
            3. Thời gian: từ 08 giờ 00 ngày 07/11/2026 (sáng thứ Bảy).\n\n4. Địa điểm: Phòng họp số 3, Văn phòng UBND tỉnh.\n";
        assert_eq!(
            notice_of(text, &["Lê Văn Tâm"]),
            Some(("làm việc".into(), Some("2026-11-07".into()), Some("Lê Văn Tâm".into()), Some("Phòng họp số 3, Văn phòng UBND tỉnh".into())))
        );
        // No "Chủ trì:" line: the chair cue near the event word; Roman item markers.
        let text = "Kính mời đồng chí dự Phiên họp thứ hai của Ban Chỉ đạo tỉnh.\n\nPhiên họp do đồng chí Trần Quốc Hưng, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chủ trì.\n\n\
            I. Thời gian: 14 giờ 00, ngày 20 tháng 3 năm 2026.\n\nII. Địa điểm: Hội trường tầng 2 (số 5 đường Hùng Vương).\n";
        assert_eq!(
            notice_of(text, &["Trần Quốc Hưng"]),
            Some(("họp".into(), Some("2026-03-20".into()), Some("Trần Quốc Hưng".into()), Some("Hội trường tầng 2".into())))
        );
    }

    #[test]
    fn a_notice_needs_an_event_word_and_a_day_on_its_time_line() {
        // No day on the time line ("Thời gian, địa điểm:" is no label of one field).
        let text = "Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết.\n\n- Thời gian, địa điểm:\n\n+ Thời gian: trong tháng 3 năm 2026.\n";
        assert_eq!(notice_of(text, &[]), None);
        // No event word before the time line.
        let text = "Sở Tài chính đề nghị các đơn vị gửi số liệu.\n\nThời gian: ngày 20/3/2026.\n";
        assert_eq!(notice_of(text, &[]), None);
        // A deadline's day.
        let text = "Các đơn vị tổ chức hội nghị sơ kết tại cơ sở.\n\nThời gian: trước ngày 20/3/2026.\n";
        assert_eq!(notice_of(text, &[]), None);
    }

    #[test]
    fn opening_date_with_trigger_and_chair() {
        let ev = events(
            "Tiêu đề bài viết\n\nChiều 4/5, Đoàn kiểm tra số 2 của Tỉnh ủy Hòa Lạc do Phó Bí thư Tỉnh ủy Lê Văn Tâm làm Trưởng đoàn đã làm việc với Đảng ủy Công an tỉnh. Tại buổi kiểm tra, ông Tâm ghi nhận kết quả.\n",
            &["Lê Văn Tâm"],
        );
        assert_eq!(
            ev,
            vec![(
                "kiểm tra".to_string(),
                Some("XXXX-05-04".to_string()),
                Some("Lê Văn Tâm".to_string())
            )]
        );
    }

    #[test]
    fn chair_in_a_later_sentence_and_attendee_is_not_chair() {
        let ev = events(
            "Tiêu đề\n\nNgày 12/3/2022, tại thành phố Hòa Lạc, Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết công tác. Dự hội nghị có đồng chí Trần Minh Hải. Đồng chí Nguyễn Thị Lan, Bí thư Tỉnh ủy chủ trì hội nghị.\n",
            &["Trần Minh Hải", "Nguyễn Thị Lan"],
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].1.as_deref(), Some("2022-03-12"));
        assert_eq!(ev[0].2.as_deref(), Some("Nguyễn Thị Lan"));
        let ev = events(
            "Tiêu đề\n\nNgày 12/3, Trung tướng Phạm Văn Bình dự hội nghị của Công an tỉnh Hòa Lạc.\n",
            &["Phạm Văn Bình"],
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].2, None);
    }

    #[test]
    fn working_session_subject_is_chair() {
        let ev = events(
            "Tiêu đề\n\nSáng 2/4, Bí thư Tỉnh ủy Hòa Lạc Đỗ Văn Hùng làm việc với Công an tỉnh.\n",
            &["Đỗ Văn Hùng"],
        );
        assert_eq!(
            ev,
            vec![(
                "làm việc".to_string(),
                Some("XXXX-04-02".to_string()),
                Some("Đỗ Văn Hùng".to_string())
            )]
        );
    }

    #[test]
    fn trailing_dates() {
        let ev = events(
            "Tiêu đề\n\nĐó là ý kiến của ông Lê Văn Tâm tại cuộc họp chiều 23/6 của Ban Pháp chế.\n",
            &[],
        );
        assert_eq!(ev.len(), 1);
        let ev = events(
            "Tiêu đề\n\nCác đại biểu trao đổi tại hội nghị trực tuyến về an toàn thực phẩm do Sở Y tế tổ chức ngày 10/2.\n",
            &[],
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].1.as_deref(), Some("XXXX-02-10"));
    }

    #[test]
    fn not_events() {
        // A deadline, a document date, a news date handed to another fact.
        assert!(
            events(
                "Tiêu đề\n\nĐoàn kiểm tra phải báo cáo Tỉnh ủy trước ngày 30/6.\n",
                &[]
            )
            .is_empty()
        );
        assert!(
            events(
                "Tiêu đề\n\nThực hiện Quy định số 01 ngày 3/3 của Tỉnh ủy về kiểm tra.\n",
                &[]
            )
            .is_empty()
        );
        assert!(
            events("Tiêu đề\n\nNgày 6/2, Sở Công Thương phát đi thông tin cho biết, mới đây, Giám đốc sở đã chủ trì cuộc họp.\n", &[])
                .is_empty()
        );
        assert!(events("Tiêu đề\n\nNgày 6/2, UBND tỉnh ban hành Thông báo kết luận tại cuộc họp về phòng cháy.\n", &[]).is_empty());
    }

    #[test]
    fn repeated_mentions_merge() {
        let ev = events(
            "Tiêu đề\n\nSáng 9/6, Tỉnh ủy Hòa Lạc tổ chức hội nghị. Hội nghị diễn ra sáng 9/6 tại hội trường.\n",
            &[],
        );
        assert_eq!(ev.len(), 1);
    }

    #[test]
    fn trigger_in_next_sentence() {
        let ev = events(
            "Tiêu đề\n\nChiều 5/2, bà Lê Thị Hoa cho biết đã chấm dứt hợp đồng với 2 cô giáo. Tại buổi làm việc với phụ huynh, bà Hoa xin lỗi.\n",
            &["Lê Thị Hoa"],
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].2, None);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for s in [
            "Sáng 9/6, Tại",
            "Ngày 1/1, họp họp họp họp.",
            "Chiều 9/6, \n\nTại buổi làm việc với",
            "chủ trì chủ trì do do 1/1",
        ] {
            let _ = events(s, &["Lê Văn Tâm"]);
        }
        let long = "Ngày 3/4, hội nghị do ông Lê Văn Tâm chủ trì, ".repeat(2000);
        let _ = events(&long, &["Lê Văn Tâm"]);
    }

    #[test]
    fn task_lead_is_not_chair() {
        let ev = events(
            "Tiêu đề\n\nSáng 6/2, UBND tỉnh Hòa Lạc họp giao ban. Giám đốc Sở Lê Văn Tâm chủ trì, phối hợp với các sở.\n",
            &["Lê Văn Tâm"],
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].2, None);
    }

    #[test]
    fn trailing_date_after_a_long_complement_and_announcements() {
        let ev = events(
            "Tiêu đề bài viết\n\nĐó là chỉ đạo của Phó Chủ tịch UBND tỉnh Lê Văn Tâm tại buổi làm việc phê duyệt kế hoạch công tác năm 2021 của Sở Xây dựng chiều 9-3.\n",
            &["Lê Văn Tâm"],
        );
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert_eq!(ev[0].0, "làm việc");
        assert_eq!(ev[0].1.as_deref(), Some("2021-03-09"));
        let ev = events(
            "Tiêu đề bài viết\n\nNgày 14/4, tại Hòa Lạc, Đoàn công tác của Ủy ban Kiểm tra Tỉnh ủy công bố Quyết định kiểm tra Ban Thường vụ Huyện ủy Đông Sơn.\n",
            &[],
        );
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert_eq!(ev[0].0, "công bố");
        // A number in the complement other than a named year: the date is not the event's.
        let ev = events(
            "Tiêu đề bài viết\n\nÔng Tâm dự buổi làm việc về 12 dự án của huyện chiều 9-3.\n",
            &[],
        );
        assert!(ev.is_empty(), "{ev:?}");
    }
}
