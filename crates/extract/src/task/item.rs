//! The item structure of an official document: its numbered and lettered assignments.
//!
//! A Kế hoạch, Công điện or Chỉ thị assigns work item by item: "3. Công an tỉnh:" heads the items
//! under it ("a) …", "- …"), "1. Bộ Công an báo cáo …" names its unit as subject, "2. Giao Công an
//! tỉnh chủ trì, phối hợp với … " names the lead and the cooperating units, and a lead-in ("Văn
//! phòng Chính phủ đề nghị:", "giao nhiệm vụ như sau:") makes each item under it an assignment.
//! This stage runs between the discourse stage (`turn`) and the judge: it reads the document's
//! paragraphs after its header (see [`crate::header`]) up to "Nơi nhận", gives each item its unit
//! and the document's issuer, and turns the items' sentences into tasks of [`Basis::Item`] — the
//! judge takes them as confident. Sentences outside the items keep the discourse stage's decision.

use std::sync::LazyLock;

use chidao_text::{Document, Span, key};
use regex::Regex;
use serde::Serialize;

use super::lex::{ACTIONS, CUES};
use super::{Basis, Confidence, SentenceDecision, Task, TaskInput, TaskKind};
use crate::date::{CueRole, DateKind, DateMention, PartialDate};
use crate::gazetteer;
use crate::header::Header;
use crate::scan::ITEM_MARKER as MARKER;

gazetteer!(ITEM_WORDS, "task_items.tsv");

/// "ngày 15", "ngày 15/12" in a recurring deadline.
static DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"ngày\s+(\d{1,2})(?:[/-](\d{1,2}))?").expect("day regex"));

/// A year in a table's deadline cell ("Trong năm 2026").
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d)\b").expect("year regex"));

/// A unit phrase has at most this many words.
const MAX_UNIT_WORDS: usize = 14;

/// What an assignment says beyond the record's fields: the lead and cooperating units, a
/// recurrence, the product expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Detail {
    /// The unit that leads ("chủ trì"), else the unit the item names.
    pub lead: Option<String>,
    /// The units that cooperate ("phối hợp với …").
    pub cooperating: Vec<String>,
    /// A recurring deadline as an RRULE-like value ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15").
    pub recurrence: Option<String>,
    /// Work without a deadline ("thường xuyên").
    pub ongoing: bool,
    /// What the unit must deliver ("báo cáo", "kế hoạch", "dự thảo").
    pub product: Option<String>,
}

fn class_at(k: &str, at: usize) -> Option<(&'static str, usize)> {
    let h = ITEM_WORDS.match_at(k, at)?;
    Some((ITEM_WORDS.fields(h.entry).first().map_or("", String::as_str), h.span.end))
}

fn has_class(k: &str, class: &str) -> Option<(usize, usize)> {
    ITEM_WORDS.find(k).into_iter().find(|h| ITEM_WORDS.fields(h.entry).first().is_some_and(|c| c == class)).map(|h| (h.span.start, h.span.end))
}

/// Word starts of a text: (byte offset, word).
fn words(t: &str) -> Vec<(usize, &str)> {
    t.split_whitespace().map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w)).collect()
}

/// A verb at `at` of the key `k`, whatever its case: an action of the task lexicon, a directing
/// cue or a work verb of assignments.
fn verb_word_at(k: &str, at: usize) -> bool {
    ACTIONS.match_at(k, at).is_some() || CUES.match_at(k, at).is_some() || class_at(k, at).is_some_and(|(c, _)| matches!(c, "verb" | "lead" | "coop"))
}

/// [`verb_word_at`] of the text `t` (key `k`), written in lower case (a capitalised "Chỉ đạo"
/// belongs to a name).
fn verb_at(t: &str, k: &str, at: usize) -> bool {
    !t[at..].starts_with(char::is_uppercase) && verb_word_at(k, at)
}

/// No letter of `t` is in lower case: a heading in capitals ("III. TỔ CHỨC THỰC HIỆN").
fn in_capitals(t: &str) -> bool {
    !t.chars().any(char::is_lowercase)
}

/// The unit phrase opening `t` (after "Giao"): its end (a verb, a colon, a parenthesis), when it
/// is one — an organisation, or a phrase opened by a unit word ("Các", "Lãnh đạo").
fn unit_at(doc: &Document, abs: usize, t: &str) -> Option<usize> {
    let k = key(t);
    let org_end = org_names(doc, abs, t);
    let unit_word = class_at(&k, 0).is_some_and(|(c, _)| c == "unit") && t.starts_with(char::is_uppercase);
    if org_end.is_none() && !unit_word {
        return None;
    }
    let mut end = t.len();
    for (n, (at, w)) in words(t).into_iter().enumerate() {
        if n >= MAX_UNIT_WORDS {
            return org_end;
        }
        if n > 0 && (verb_at(t, &k, at) || class_at(&k, at).is_some_and(|(c, _)| matches!(c, "past" | "copula"))) {
            end = at;
            break;
        }
        if let Some(c) = w.find([':', '(', ';']) {
            end = at + c;
            break;
        }
    }
    let end = end.max(org_end.unwrap_or(0)).min(t.len());
    let np = t[..end].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.'));
    // A unit word alone ("Đại diện lãnh đạo …" cut at the noun "lãnh đạo") names no unit.
    let bare = org_end.is_none() && class_at(&key(np), 0).is_some_and(|(_, e)| e >= np.len());
    (!np.is_empty() && !bare).then_some(np.len())
}

/// The end of a list of organisations whose first ends at `end` of `t` (at byte `abs` of the
/// document): "Sở Nông nghiệp và Môi trường, Sở Xây dựng", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh,
/// Hội Nông dân tỉnh và Tỉnh đoàn" — each after a comma or "và" is an organisation's name; the
/// last may be any short capitalised name that ends the line ("Tỉnh đoàn").
fn org_list_end(doc: &Document, abs: usize, t: &str, mut end: usize) -> usize {
    /// The words of a list's last name that is no organisation of the lexicon.
    const LAST_NAME_WORDS: usize = 4;
    loop {
        let rest = &t[end..];
        let Some(gap) = [", và ", ", ", " và "].into_iter().find(|g| rest.starts_with(g)) else { return end };
        let from = end + gap.len();
        match crate::org::parse_at(doc, abs + from) {
            Some(o) if o.span.end > abs + from && o.span.end <= abs + t.len() => end = o.span.end - abs,
            _ => {
                let last = t[from..].trim_end().trim_end_matches([':', '.', ';']);
                let short = last.split_whitespace().count() <= LAST_NAME_WORDS && !last.contains([',', '\n']);
                return if short && last.starts_with(char::is_uppercase) && !last.contains(" và ") { from + last.len() } else { end };
            }
        }
    }
}

/// The units after "phối hợp (với)": up to a work verb, a semicolon or the end of the clause.
fn cooperating(t: &str) -> Vec<String> {
    let k = key(t);
    let Some((_, end)) = has_class(&k, "coop") else { return Vec::new() };
    let rest = &t[end..];
    let rk = &k[end..];
    let mut stop = rest.len();
    for (at, _) in words(rest).into_iter().skip(1) {
        if verb_at(rest, rk, at) {
            stop = at;
            break;
        }
    }
    if let Some(c) = rest[..stop].find([';', '.', ':']) {
        stop = c;
    }
    rest[..stop]
        .split([',', ';'])
        .flat_map(|x| x.split(" và "))
        .map(|x| x.trim().trim_start_matches("với ").trim())
        .filter(|x| x.starts_with(char::is_uppercase) || x.starts_with("các "))
        .map(str::to_string)
        .collect()
}

/// What an item says of its deadline beyond the date: a recurrence, "thường xuyên", a product.
pub fn detail(text: &str) -> Detail {
    let k = key(text);
    let mut d = Detail { cooperating: cooperating(text), ..Detail::default() };
    let day = DAY.captures(&k).map(|c| (c[1].parse::<u8>().ok(), c.get(2).and_then(|m| m.as_str().parse::<u8>().ok())));
    let by_day = |s: String| match day {
        Some((Some(dd), _)) => format!("{s};BYMONTHDAY={dd}"),
        _ => s,
    };
    if has_class(&k, "quarterly").is_some() {
        let mut r = by_day("FREQ=MONTHLY;INTERVAL=3".into());
        if has_class(&k, "quarter_end").is_some() {
            r.push_str(";BYMONTH=3,6,9,12");
        }
        d.recurrence = Some(r);
    } else if has_class(&k, "monthly").is_some() {
        d.recurrence = Some(by_day("FREQ=MONTHLY".into()));
    } else if has_class(&k, "yearly").is_some() {
        d.recurrence = Some(match day {
            Some((Some(dd), Some(mm))) => format!("FREQ=YEARLY;BYMONTH={mm};BYMONTHDAY={dd}"),
            _ => "FREQ=YEARLY".into(),
        });
    }
    d.ongoing = has_class(&k, "ongoing").is_some();
    d.product = ITEM_WORDS
        .find(&k)
        .into_iter()
        .find(|h| ITEM_WORDS.fields(h.entry).first().is_some_and(|c| c == "product"))
        .map(|h| ITEM_WORDS.entry(h.entry).pattern.clone());
    if let Some(lead) = lead_of(text) {
        d.lead = Some(lead);
    }
    d
}

/// "X chủ trì, …" → X (the words before "chủ trì" in the item, after "Giao").
fn lead_of(t: &str) -> Option<String> {
    let t = MARKER.find(t).map_or(t, |m| &t[m.end()..]);
    let k = key(t);
    let (at, _) = has_class(&k, "lead")?;
    let mut from = 0;
    if let Some((c, end)) = class_at(&k, 0)
        && c == "assign"
    {
        from = end;
    }
    let np = t.get(from..at)?.trim().trim_end_matches(',').trim();
    (!np.is_empty() && np.split_whitespace().count() <= MAX_UNIT_WORDS && np.starts_with(char::is_uppercase)).then(|| np.to_string())
}

/// "Giao đồng chí Lê Văn A, Phó Chủ tịch UBND huyện, chỉ đạo …", "Kính mời đồng chí …": a
/// paragraph (after its item marker) that assigns work to a person by name. The assignee is
/// the person with the title the text gives them there ("Phó Chủ tịch UBND huyện Lê Văn A"),
/// else the name alone.
fn person_assignee(doc: &Document, people: &[crate::person::Person], p: Span) -> Option<String> {
    let t = doc.slice(p);
    let from = MARKER.find(t).map_or(0, |m| m.end());
    let k = doc.key_of(p);
    let (class, end) = class_at(k, from)?;
    if class != "assign" && class != "invite" {
        return None;
    }
    let at = end + (k[end..].len() - k[end..].trim_start().len());
    let (class, end) = class_at(k, at)?;
    if class != "honorific" {
        return None;
    }
    let name_at = p.start + end + (k[end..].len() - k[end..].trim_start().len());
    // The person mentioned there (a name read with its honorific, "đồng chí X", starts before).
    let starts = |m: &Span| m.start == name_at || m.start == p.start + at;
    let person = people.iter().find(|x| x.mentions.iter().any(starts))?;
    let name_end = person.mentions.iter().find(|m| starts(m)).map_or(name_at, |m| m.end);
    let name = match class_at(&key(&person.name), 0) {
        Some(("honorific", e)) => person.name[e..].trim_start(),
        _ => person.name.as_str(),
    };
    if name.split_whitespace().count() < 2 {
        return None;
    }
    // The title right after the name (", Phó Chủ tịch UBND huyện,", " - Phó Chủ tịch …").
    let title = person.roles.iter().find(|r| r.span.start >= name_end && r.span.start <= name_end + 4 && r.span.end <= p.end).map(|r| r.text.as_str());
    Some(match title {
        Some(r) => format!("{r} {name}"),
        None => name.to_string(),
    })
}

/// The context of one paragraph of the document's body.
#[derive(Debug, Clone, Default)]
struct Para {
    /// The unit the paragraph's item (or an item above it) names.
    unit: Option<String>,
    /// An item under a lead-in that makes its items assignments.
    in_block: bool,
    /// An item at all.
    item: bool,
    /// A bare unit heading ("3. Công an tỉnh:"): no task itself.
    heading: bool,
    /// The item tells what was done.
    past: bool,
    /// The item introduces the assignments under it ("IV. Văn phòng … đề nghị:").
    leadin: bool,
    /// A paragraph without a marker that goes on the item above it (right after it, or after
    /// such paragraphs): "e) Sở Tài chính" then "Tham mưu bố trí kinh phí …" on its own line.
    follows: bool,
    /// In a part that reports ("I. TÌNH HÌNH", "2. Kết quả thực hiện", "Tồn tại, hạn chế",
    /// "Dự báo tình hình"): what was done or found there, no work given.
    report: bool,
}

/// The parts of a document's body that report, by their headings: a heading's level (0 for a
/// line in capitals without a marker, an item's level plus one) and whether its part reports
/// (a part of proposals or work inside it, "IV. KIẾN NGHỊ, ĐỀ XUẤT", does not). A heading or an
/// item at a level ends the parts at that level and below it.
#[derive(Debug, Default)]
struct Parts(Vec<(usize, bool)>);

impl Parts {
    /// The words of a part heading at most (a longer item is a sentence).
    const HEADING_WORDS: usize = 16;

    /// Enters a paragraph at `level`, its text `t` (after its marker) and key `k`.
    fn enter(&mut self, level: usize, t: &str, k: &str) {
        self.0.retain(|&(l, _)| l < level);
        let report = match class_at(k.trim_start(), 0) {
            Some(("report", _)) => true,
            Some(("work" | "leadin", _)) if self.reporting() => false,
            _ => return,
        };
        let t = t.trim();
        if t.split_whitespace().nth(Self::HEADING_WORDS).is_none() && !t.ends_with(['.', ';']) {
            self.0.push((level, report));
        }
    }

    fn reporting(&self) -> bool {
        self.0.last().is_some_and(|&(_, r)| r)
    }
}

/// What follows a unit phrase that makes its item a bare heading: nothing, or a colon or a full
/// stop alone ("3. Công an tỉnh:", "d) Sở Y tế").
fn bare_heading(after: &str) -> bool {
    after.trim().trim_start_matches([':', '.']).trim().is_empty()
}

/// "Điều 8." opening a paragraph's key `k`: the end of the article's number and its stop.
fn article_at(k: &str) -> Option<usize> {
    let (class, end) = class_at(k, 0)?;
    if class != "article" {
        return None;
    }
    let rest = &k[end..];
    let gap = rest.len() - rest.trim_start().len();
    let digits = rest[gap..].bytes().take_while(u8::is_ascii_digit).count();
    let stop = rest[gap + digits..].starts_with(['.', ':']);
    (gap > 0 && digits > 0 && stop).then_some(end + gap + digits + 1)
}

/// What follows a unit phrase starts with a work verb ("vận động hội viên …").
fn verb_follows(after: &str) -> bool {
    let after = after.trim_start();
    !after.is_empty() && verb_at(after, &key(after), 0)
}

/// The key `k` opens with the issuer's request ("đề nghị", "yêu cầu"), not a proposal.
fn requests(k: &str) -> bool {
    ITEM_WORDS.match_at(k, 0).is_some_and(|h| ITEM_WORDS.fields(h.entry).get(1).is_some_and(|f| f == "request"))
}

/// The first `end` bytes of `t` (at byte `abs` of the document) are organisation names, with at
/// most a number or capitalised words after them ("Bộ Tư lệnh Vùng Cảnh sát biển 3"), not
/// what a unit is to do ("Công an tỉnh có biện pháp").
fn names_only(doc: &Document, abs: usize, t: &str, end: usize) -> bool {
    org_names(doc, abs, t).is_some_and(|e| e <= end && t[e..end].split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())))
}

/// The end of the organisation names (one, or a list) opening `t`, at byte `abs` of the document.
fn org_names(doc: &Document, abs: usize, t: &str) -> Option<usize> {
    crate::org::parse_at(doc, abs).map(|o| org_list_end(doc, abs, t, o.span.end - abs))
}

fn level(c: &regex::Captures<'_>) -> usize {
    if c.name("roman").is_some() {
        0
    } else if let Some(n) = c.name("num") {
        1 + n.as_str().matches('.').count()
    } else if c.name("letter").is_some() {
        4
    } else if c.name("dash").is_some() {
        5
    } else {
        6
    }
}

/// A body's name as its unit key ([`crate::unit::unit_key`]: folded, abbreviations written out),
/// padded with spaces for whole-word containment.
fn body_words(name: &str) -> String {
    format!(" {} ", crate::unit::unit_key(name))
}

/// The first two words of the issuer's [`body_words`] ("Ủy ban nhân dân tỉnh Hòa Lạc" →
/// " uy ban "): what the names of its own organs and offices hold.
fn issuer_head(name: &str) -> String {
    let key = crate::unit::unit_key(name);
    let head: Vec<&str> = key.split_whitespace().take(2).collect();
    format!(" {} ", head.join(" "))
}

/// The body's paragraphs (after the header, before "Nơi nhận") with their item contexts.
fn paragraphs(doc: &Document, header: &Header) -> Vec<(Span, Para)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut block: Option<Option<usize>> = None;
    let mut parts = Parts::default();
    let mut closed = false;
    let mut annex = false;
    // The paragraph before ended with the end mark "./.": the body is over, though OCR may have
    // lost the "Nơi nhận:" that heads the recipients' list.
    let mut ended = false;
    for p in doc.paragraphs.iter().filter(|p| p.start >= header.span.end) {
        let t = doc.slice(*p);
        let k = doc.key_of(*p);
        if !closed && !annex && (ended || k.starts_with("nơi nhận") || header.signer.as_ref().and_then(|s| s.name_span).is_some_and(|n| n.start <= p.start)) {
            closed = true;
        }
        ended = t.trim_end().ends_with("./.");
        if closed {
            // After the signature, an annex issued with the document ("QUY ĐỊNH", "PHỤ LỤC" in
            // capitals) is a body of its own: its articles and items are read as the body's.
            if in_capitals(t.lines().next().unwrap_or(t)) && class_at(k, 0).is_some_and(|(c, _)| c == "annex") {
                closed = false;
                annex = true;
                stack.clear();
                block = None;
                parts = Parts::default();
            }
            continue;
        }
        let mut para = Para::default();
        let after_item = out.last().is_some_and(|(_, q): &(Span, Para)| q.item || q.follows);
        match MARKER.captures(t) {
            // "Điều 8. Công an thành phố": an article of a regulation headed by the unit whose
            // duties its items list.
            None if let Some(end) = article_at(k) => {
                stack.clear();
                block = None;
                parts.enter(0, t, k);
                para.item = true;
                let rest = t[end..].trim_start();
                let abs = p.start + (t.len() - rest.len());
                // An organisation ("Các quy định đối với đại lý" heads rules, not a unit's duties).
                let org = crate::org::parse_at(doc, abs).is_some();
                if let Some(e) = unit_at(doc, abs, rest).filter(|&e| org && bare_heading(&rest[e..])) {
                    para.heading = true;
                    stack.push((0, rest[..e].to_string()));
                    para.unit = Some(rest[..e].to_string());
                }
            }
            None => {
                let caps = in_capitals(t);
                if caps {
                    stack.clear();
                    block = None;
                    parts.enter(0, t, k);
                }
                if t.trim_end().ends_with(':') && has_class(k, "leadin").is_some() {
                    block = Some(None);
                } else if !caps && after_item {
                    para.follows = true;
                    if let Some((_, q)) = out.last() {
                        para.unit.clone_from(&q.unit);
                        para.past = q.past;
                    }
                }
            }
            Some(c) => {
                let lv = level(&c);
                let m = c.get(0).map_or(0, |m| m.end());
                let body = &t[m..];
                let bk = &k[m..];
                para.item = true;
                parts.enter(lv + 1, body, bk);
                stack.retain(|(l, _)| *l < lv);
                match block {
                    Some(None) => block = Some(Some(lv)),
                    Some(Some(b)) if lv < b => block = None,
                    _ => {}
                }
                // A heading in capitals ("III. TỔ CHỨC THỰC HIỆN") opens a new part.
                if in_capitals(body) {
                    stack.clear();
                    if has_class(bk, "leadin").is_none() {
                        block = None;
                    }
                }
                para.in_block = block.is_some_and(|b| b.is_some_and(|b| lv >= b));
                // "Giao X …" names X; "Đề nghị X" alone on its line heads X's items, and names X
                // before a work verb ("Đề nghị Hội Nông dân tỉnh vận động …").
                let opener = class_at(bk, 0).filter(|(c, _)| matches!(*c, "assign" | "leadin"));
                let unit = opener.and_then(|(c, e)| {
                    let rest = body[e..].trim_start();
                    let abs = p.start + m + (body.len() - rest.len());
                    let end = unit_at(doc, abs, rest)?;
                    let named = || requests(bk) && verb_follows(&rest[end..]) && names_only(doc, abs, rest, end);
                    (c == "assign" || bare_heading(&rest[end..]) || named()).then_some((rest, end))
                });
                let assigns = opener.is_some_and(|(c, _)| c == "assign");
                let unit = unit.or_else(|| {
                    let rest = body.trim_start();
                    unit_at(doc, p.start + m + (body.len() - rest.len()), rest).map(|end| (rest, end))
                });
                let mut own = None;
                if let Some((rest, end)) = unit {
                    let np = rest[..end].to_string();
                    let after = rest[end..].trim_start();
                    let ak = key(after);
                    para.heading = bare_heading(after);
                    para.past = class_at(&ak, 0).is_some_and(|(c, _)| c == "past");
                    // "X: chủ trì …" acts; "X: Trần Văn A, Lê Văn B" lists names.
                    let (after, ak) = match after.strip_prefix(':') {
                        Some(a) => (a.trim_start(), key(a.trim_start())),
                        None => (after, ak),
                    };
                    let acts = para.heading || words(after).first().is_some_and(|(a, _)| verb_at(after, &ak, *a));
                    if acts {
                        stack.push((lv, np));
                    } else if assigns {
                        // "Giao Công an tỉnh là cơ quan thường trực, …": this item's unit only.
                        own = Some(np);
                    }
                }
                if t.trim_end().ends_with(':') && has_class(k, "leadin").is_some() && !para.heading {
                    block = Some(None);
                    para.leadin = true;
                }
                para.unit = own.or_else(|| stack.last().map(|(_, u)| u.clone()));
            }
        }
        para.report = parts.reporting();
        out.push((*p, para));
    }
    out
}

/// The deadline of an assignment: the date module's deadline, else the last day it names that
/// is neither a start ("từ …") nor the date of a cited document.
fn deadline_of(doc: &Document, span: Span, dates: &[DateMention]) -> Option<PartialDate> {
    if let Some(d) = super::deadline::find(doc, span, dates, None) {
        return Some(d.date);
    }
    crate::date::mentions_in(dates, span)
        .filter(|d| matches!(d.kind, DateKind::Day) && !matches!(d.cue_role, Some(CueRole::Start | CueRole::After | CueRole::AsOf)))
        .filter(|d| !crate::docref::dates_a_reference(doc, span.start, d.span.start))
        .last()
        .map(|d| d.end)
}

/// A row of an assignment table.
#[derive(Debug, Clone)]
struct Row {
    /// The whole row.
    span: Span,
    /// The task's cell.
    task: Span,
    lead: Option<String>,
    cooperating: Vec<String>,
    deadline: Option<Span>,
}

/// The cells of a table row: separated by tabs (a text layout) or " | " (the DOCX reader's rows).
fn cells(doc: &Document, p: Span) -> Vec<Span> {
    let t = doc.slice(p);
    let sep: &str = if t.contains('\t') { "\t" } else { " | " };
    let mut out = Vec::new();
    let mut from = 0;
    for (i, _) in t.match_indices(sep).chain(std::iter::once((t.len(), ""))) {
        let c = &t[from..i];
        let lead = c.len() - c.trim_start().len();
        out.push(Span::new(p.start + from + lead, p.start + from + c.trim_end().len()));
        from = (i + sep.len()).min(t.len());
    }
    out
}

/// Which column of an assignment table is what; `n` cells a row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    task: usize,
    lead: usize,
    coop: Option<usize>,
    deadline: Option<usize>,
    n: usize,
}

/// The rows of the assignment tables among the body's paragraphs: a heading row that names a
/// lead column ("Cơ quan chủ trì"), then the rows with as many cells.
fn table_rows(doc: &Document, paras: &[(Span, Para)]) -> Vec<Row> {
    let mut out = Vec::new();
    let mut cols: Option<Columns> = None;
    for (p, _) in paras {
        let cs = cells(doc, *p);
        let col = |class: &str| cs.iter().position(|c| has_class(doc.key_of(*c), class).is_some());
        if cs.len() >= 3
            && let Some(lead) = col("lead")
        {
            let task = col("task_col").unwrap_or_else(|| usize::from(cs.len() > 3));
            cols = Some(Columns { task, lead, coop: col("coop").filter(|&c| c != lead), deadline: col("deadline_col"), n: cs.len() });
            continue;
        }
        let Some(Columns { task, lead, coop, deadline, n }) = cols else { continue };
        if cs.len() + 1 < n || cs.len() < 3 {
            cols = None;
            continue;
        }
        let text = |i: usize| cs.get(i).map(|c| doc.slice(*c).to_string()).filter(|t| !t.is_empty());
        let Some(task_cell) = cs.get(task).filter(|c| c.end > c.start) else { continue };
        out.push(Row {
            span: *p,
            task: *task_cell,
            lead: text(lead),
            cooperating: coop.and_then(text).map(|c| c.split([',', ';']).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()).unwrap_or_default(),
            deadline: deadline.and_then(|i| cs.get(i).copied()),
        });
    }
    out
}

/// The lead and cooperating units and the deadline of a table row's task (ANNOTATION.md: "Trong
/// năm 2026" → 2026, "Thường xuyên" → none, several dated steps → the last).
fn row_task(doc: &Document, row: &Row, dates: &[DateMention], issuer: Option<String>) -> Task {
    let cell = row.deadline.filter(|c| has_class(doc.key_of(*c), "ongoing").is_none());
    // A cell the text layer keeps out of the running text has no date mentions: its year then.
    let deadline = cell.and_then(|c| {
        crate::date::mentions_in(dates, c).filter_map(DateMention::deadline).last().or_else(|| {
            YEAR.captures_iter(doc.slice(c)).last().and_then(|m| m[1].parse().ok()).map(|y| PartialDate { year: Some(y), month: None, day: None })
        })
    });
    Task { span: row.task, kind: TaskKind::Directive, issuer, issuer_person: None, assignee: row.lead.clone(), deadline, refs: Vec::new(), confidence: Confidence::default() }
}

/// What each task of an official document says beyond the record's fields ([`Detail`]): a table
/// row's lead and cooperating columns, else what its item's paragraph says.
pub fn details(doc: &Document, header: &Header, tasks: &[Task]) -> Vec<Detail> {
    let paras = paragraphs(doc, header);
    let rows = table_rows(doc, &paras);
    let mut cache: Option<(usize, Detail)> = None;
    tasks
        .iter()
        .map(|t| {
            if let Some(r) = rows.iter().find(|r| r.task == t.span) {
                let ongoing = r.deadline.is_some_and(|c| has_class(doc.key_of(c), "ongoing").is_some());
                return Detail { lead: r.lead.clone(), cooperating: r.cooperating.clone(), ongoing, ..detail(doc.slice(r.task)) };
            }
            let i = doc.paragraphs.partition_point(|p| p.end <= t.span.start);
            let p = doc.paragraphs.get(i).copied().filter(|p| p.start <= t.span.start).unwrap_or(t.span);
            match &cache {
                Some((at, d)) if *at == p.start => d.clone(),
                _ => {
                    let d = detail(doc.slice(p));
                    cache = Some((p.start, d.clone()));
                    d
                }
            }
        })
        .collect()
}

/// The decision on a sentence the document's structure says gives no work: no task, and why.
fn untake(d: &mut SentenceDecision, reason: &str) {
    d.taken = false;
    d.tasks.clear();
    d.kind = None;
    d.basis = None;
    d.reason = reason.into();
}

/// Runs the stage over the discourse stage's decisions.
pub(crate) fn run(input: &TaskInput<'_>, decisions: &mut Vec<SentenceDecision>) {
    let Some(header) = input.header else { return };
    let doc = input.doc;
    let paras = paragraphs(doc, header);
    let issuer = header.issuer.clone().or_else(|| header.signer.as_ref().and_then(|s| s.name.clone()));
    // Each row of an assignment table is one task, on the first sentence of its row.
    for row in table_rows(doc, &paras) {
        // A row the text layer took for a caption has no sentence: it gets its decision here.
        if !decisions.iter().any(|d| row.span.contains(d.span)) {
            let at = decisions.partition_point(|d| d.span.start < row.span.start);
            decisions.insert(at, SentenceDecision::untaken(doc, row.span));
        }
        let mut first = true;
        for d in decisions.iter_mut().filter(|d| row.span.contains(d.span)) {
            d.tasks.clear();
            d.taken = first;
            if first {
                d.kind = Some(TaskKind::Directive);
                d.basis = Some(Basis::Item);
                d.reason = "a row of the document's assignment table".into();
                d.tasks.push(row_task(doc, &row, input.dates, issuer.clone()));
            }
            first = false;
        }
    }
    let mut cache: Option<(usize, Detail)> = None;
    let mut persons: Option<(usize, Option<String>)> = None;
    let head = issuer.as_deref().map(issuer_head);
    for d in decisions.iter_mut() {
        let i = paras.partition_point(|(p, _)| p.end <= d.span.start);
        let Some((p, para)) = paras.get(i).filter(|(p, _)| p.start <= d.span.start) else { continue };
        // The document speaks with its issuer's voice: a task of its body has it, unless a person
        // the document names speaks ("Kết luận của đồng chí …": the leader concluding). A body read
        // as a speaker in the body is none: an item's unit ("3. Ủy ban nhân dân huyện chỉ đạo …"),
        // a unit reporting ("Sở Tài chính chuẩn bị báo cáo …"), a body relayed ("Nhà nước giao …").
        // A body of the issuer's own stays ("Ban Thường vụ Tỉnh ủy" in a Tỉnh ủy's directive, "Chủ
        // tịch UBND tỉnh" in its Committee's telegram, the issuer spelled better than OCR read
        // the header).
        if let (Some(name), Some(head)) = (&issuer, &head) {
            for t in d.tasks.iter_mut().filter(|t| t.issuer_person.is_none() && t.issuer.as_deref().is_none_or(|x| !body_words(x).contains(head.as_str()))) {
                t.issuer = Some(name.clone());
            }
        }
        if d.reason.starts_with("a row of") {
            continue;
        }
        if para.heading && para.item {
            // "3. Công an tỉnh:", "d) Đề nghị Viện Kiểm sát nhân dân tỉnh": it heads the work below.
            untake(d, "a heading naming the unit of the items under it");
            continue;
        }
        if para.report {
            untake(d, "in a part that reports what was done or found (results, shortcomings, forecast)");
            continue;
        }
        // A person assigned by name ("Giao đồng chí …", "Kính mời đồng chí …"): the paragraph's
        // assignee, whatever its place.
        let person = match &persons {
            Some((at, x)) if *at == p.start => x.clone(),
            _ => {
                let x = person_assignee(doc, input.people, *p);
                persons = Some((p.start, x.clone()));
                x
            }
        };
        if person.is_none() {
            // A paragraph that goes on an item is its unit's work when it opens with a work verb
            // ("Tham mưu …"), without a subject: not a description ("Tiêu đề … là …"), nor the
            // issuer's request to another ("Yêu cầu Thủ trưởng các cơ quan … thực hiện").
            let goes_on = para.unit.is_some() && para.follows && {
                let k = doc.key_of(d.span);
                // "Tham mưu bố trí kinh phí …", capitalised as a paragraph opens.
                verb_word_at(k, 0) && !requests(k)
            };
            if !(para.item || goes_on) {
                continue;
            }
            if para.leadin || para.heading || para.past || !(para.unit.is_some() || para.in_block) || d.text.split_whitespace().count() < 4 {
                continue;
            }
        } else if para.past || d.text.split_whitespace().count() < 4 {
            continue;
        }
        // One paragraph's details once, whatever the number of its sentences.
        let det = match &cache {
            Some((at, det)) if *at == p.start => det.clone(),
            _ => {
                let det = detail(doc.slice(*p));
                cache = Some((p.start, det.clone()));
                det
            }
        };
        let assignee = person.or_else(|| det.lead.clone()).or_else(|| para.unit.clone());
        let mut deadline = if det.ongoing { None } else { deadline_of(doc, d.span, input.dates) };
        // A recurring report has no one date: a yearly day keeps its day without a year.
        if det.recurrence.is_some() {
            deadline = deadline.filter(|x| x.day.is_some() && x.month.is_some() && det.recurrence.as_deref().is_some_and(|r| r.starts_with("FREQ=YEARLY"))).map(|x| PartialDate { year: None, ..x });
        }
        let refs = d.tasks.first().map(|t| t.refs.clone()).unwrap_or_default();
        d.taken = true;
        d.kind = Some(TaskKind::Directive);
        d.basis = Some(Basis::Item);
        d.reason = "an assignment of the document's own items".into();
        d.tasks = vec![Task { span: d.span, kind: TaskKind::Directive, issuer: issuer.clone(), issuer_person: None, assignee, deadline, refs, confidence: Confidence::default() }];
    }
    // The discourse stage carries an addressee from sentence to sentence, as a news report's
    // speaker addresses a unit; a document's own text names its units in its items. A task of the
    // body that no item gave a unit keeps only an assignee its own sentence names ("Đề xuất Chính
    // phủ …"), not one carried from another part ("2.1. Tập trung lãnh đạo …" after "Chỉ đạo
    // Công an thành phố …").
    let body = Span::new(paras.first().map_or(0, |(p, _)| p.start), paras.last().map_or(0, |(p, _)| p.end));
    for d in decisions.iter_mut().filter(|d| d.taken && d.basis != Some(Basis::Item) && body.contains(d.span)) {
        for t in &mut d.tasks {
            if t.assignee.as_deref().is_some_and(|a| !d.text.contains(a)) {
                t.assignee = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_of_assignments() {
        let d = detail("3. Công an tỉnh chủ trì, phối hợp với Sở Y tế, Sở Tư pháp xây dựng kế hoạch, định kỳ hằng quý báo cáo trước ngày 15 của tháng cuối quý.");
        assert_eq!(d.lead.as_deref(), Some("Công an tỉnh"));
        assert_eq!(d.cooperating, ["Sở Y tế", "Sở Tư pháp"]);
        assert_eq!(d.recurrence.as_deref(), Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15;BYMONTH=3,6,9,12"));
        assert_eq!(d.product.as_deref(), Some("kế hoạch"));
        let d = detail("Giao Sở Nội vụ chủ trì tổng hợp, báo cáo trước ngày 15/12 hằng năm.");
        assert_eq!(d.lead.as_deref(), Some("Sở Nội vụ"));
        assert_eq!(d.recurrence.as_deref(), Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"));
        assert!(detail("- Thực hiện thường xuyên.").ongoing);
    }

    /// An official document's listed tasks.
    fn listed(text: &str) -> (Document, Vec<Task>) {
        let doc = Document::new("t.txt", text.to_string());
        let tasks = crate::extract(&doc).tasks.into_iter().filter(|t| t.confidence.tier.listed()).collect();
        (doc, tasks)
    }

    #[test]
    fn a_unit_alone_on_its_line_heads_the_items_under_it() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 40/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 3 tháng 4 năm 2026\nKẾ HOẠCH\nPhòng chống dịch bệnh trên đàn gia súc năm 2026\n\nII. NHIỆM VỤ, GIẢI PHÁP\n\na) Sở Nông nghiệp và Môi trường\n\n- Chỉ đạo các trạm thú y tăng cường giám sát dịch bệnh tại các chợ đầu mối.\n\n- Tổ chức tiêm phòng vắc xin cho đàn gia súc trước ngày 30/6/2026.\n\nb) Đề nghị Hội Nông dân tỉnh\n\n- Vận động hội viên khai báo kịp thời gia súc bị bệnh.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐinh Văn Khải\n";
        let doc = Document::new("t.txt", text.to_string());
        let x = crate::extract(&doc);
        let got: Vec<Option<&str>> = x.tasks.iter().filter(|t| t.confidence.tier.listed()).map(|t| t.assignee.as_deref()).collect();
        assert_eq!(got, [Some("Sở Nông nghiệp và Môi trường"), Some("Sở Nông nghiệp và Môi trường"), Some("Hội Nông dân tỉnh")], "{:#?}", x.tasks);
    }

    #[test]
    fn the_end_mark_closes_the_body_when_the_recipients_lost_their_label() {
        // A scan read by OCR: "Nơi nhận:" and the signer's name came out garbled.
        let text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 71/GM-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 3 tháng 4 năm 2026\nGIẤY MỜI\nHọp bàn kế hoạch phòng chống lụt bão\n\n1. Thời gian: 8 giờ ngày 10/4/2026.\n\n2. Phân công chuẩn bị:\n\nGiao Sở Nông nghiệp và Môi trường chuẩn bị báo cáo tình hình đê điều.\n\nĐề nghị các đồng chí dự họp đúng thành phần, thời gian nêu\n\ntrên./.\n\nN¡ nhậ\n\n- Như thành phần mời;\n\n- Phó Chủ tịch Trần Văn Hải;\n\n- Lưu: VT, NC.\n\nTL. CHỦ TỊCH\n\nKT. CHÁN VĂN PH\n\nạch Minh\n";
        let (doc, tasks) = listed(text);
        let got: Vec<&str> = tasks.iter().map(|t| doc.slice(t.span)).collect();
        assert!(got.iter().all(|t| !t.starts_with('-')), "{got:#?}");
        assert!(got.iter().any(|t| t.starts_with("Giao Sở Nông nghiệp")), "{got:#?}");
    }

    #[test]
    fn the_body_speaks_with_its_issuer_s_voice() {
        // A unit that reports in the body, a body relayed: neither is the issuer of what follows.
        let text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 72/GM-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 3 tháng 4 năm 2026\nGIẤY MỜI\nHọp về cải cách hành chính\n\n1. Thời gian: 8 giờ ngày 10/4/2026.\n\n2. Chuẩn bị: Sở Tư pháp, Sở Tài chính chuẩn báo cáo nội dung được giao.\n\nĐề nghị các đồng chí dự họp đúng thành phần, thời gian nêu trên./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐinh Văn Khải\n";
        let (_, tasks) = listed(text);
        let issuers: Vec<Option<&str>> = tasks.iter().map(|t| t.issuer.as_deref()).collect();
        assert!(!issuers.is_empty());
        assert!(issuers.iter().all(|i| i.is_some_and(|i| i.contains("Hòa Lạc") && !i.contains("Sở"))), "{issuers:?}");
    }

    #[test]
    fn a_heading_of_units_gives_its_unit_to_the_paragraphs_under_it() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LẠC\nSố: 44/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHòa Lạc, ngày 6 tháng 4 năm 2026\nKẾ HOẠCH\nBảo vệ nguồn nước năm 2026\n\nII. NHIỆM VỤ\n\na) Sở Y tế, Sở Xây dựng và Hội Nông dân tỉnh\n\nKiểm tra chất lượng nước tại các trạm cấp nước.\n\nNăm 2025 có 40 trạm cấp nước.\n\n- Đề xuất Ủy ban nhân dân tỉnh bổ sung kinh phí.\n\n- Đề nghị Công an tỉnh xử lý nghiêm các vi phạm.\n\nb) Các thành phần hồ sơ\n\nBản đồ nguồn nước là thành phần bắt buộc.\n\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐinh Văn Khải\n";
        let doc = Document::new("t.txt", text.to_string());
        let x = crate::extract(&doc);
        let got: Vec<(&str, Option<&str>)> = x.tasks.iter().filter(|t| t.confidence.tier.listed()).map(|t| (doc.slice(t.span), t.assignee.as_deref())).collect();
        let units = Some("Sở Y tế, Sở Xây dựng và Hội Nông dân tỉnh");
        assert_eq!(
            got,
            [
                // A paragraph without a marker, opening with a work verb, under the heading.
                ("Kiểm tra chất lượng nước tại các trạm cấp nước.", units),
                // The heading's units propose; the document asks Công an tỉnh.
                ("- Đề xuất Ủy ban nhân dân tỉnh bổ sung kinh phí.", units),
                ("- Đề nghị Công an tỉnh xử lý nghiêm các vi phạm.", Some("Công an tỉnh")),
            ],
            "{:#?}",
            x.tasks
        );
    }

    #[test]
    fn article_headings() {
        assert_eq!(article_at(&key("Điều 8. Công an thành phố")), Some("Điều 8.".len()));
        assert_eq!(article_at(&key("Điều 12: Sở Y tế")), Some("Điều 12:".len()));
        assert_eq!(article_at(&key("Điều kiện hoạt động")), None);
        assert_eq!(article_at(&key("Điều 5 Sở Y tế")), None);
    }

    #[test]
    fn parts_that_report() {
        let mut parts = Parts::default();
        let mut enter = |level: usize, t: &str| {
            parts.enter(level, t, &key(t));
            parts.reporting()
        };
        assert!(enter(0, "TÌNH HÌNH, KẾT QUẢ NĂM 2026"));
        assert!(enter(2, "Công tác tuyên truyền"), "a heading below goes on reporting");
        assert!(!enter(1, "KIẾN NGHỊ, ĐỀ XUẤT"), "proposals inside the part report nothing");
        assert!(enter(1, "Tồn tại, hạn chế"));
        assert!(enter(2, "Sở Y tế tổ chức 12 lớp tập huấn cho cán bộ y tế xã trong năm 2026."), "a sentence is no heading");
        assert!(!enter(0, "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"));
        assert!(enter(2, "Dự báo tình hình"));
        assert!(!enter(2, "Nhiệm vụ trọng tâm"), "a sibling heading ends the part");
    }

    #[test]
    fn a_person_assigned_by_name_is_the_assignee() {
        let text = "ỦY BAN NHÂN DÂN\nHUYỆN TÂN LĨNH\nSố: 52/TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTân Lĩnh, ngày 2 tháng 3 năm 2026\nTHÔNG BÁO\nKết luận của Chủ tịch UBND huyện tại cuộc họp về bảo vệ rừng\n\n1. Giao đồng chí Lê Minh Khoa, Phó Chủ tịch UBND huyện, chỉ đạo rà soát phương án chữa cháy rừng, hoàn thành trước ngày 30/4/2026.\n\n2. Kính mời đồng chí Hà Thị Yến, Trưởng phòng Tài chính - Kế hoạch, chủ trì cân đối kinh phí, báo cáo trước ngày 15/4/2026.\n\n3. Ông Lê Minh Khoa đã chỉ đạo kiểm tra 12 điểm.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐinh Văn Khải\n";
        let doc = Document::new("t.txt", text.to_string());
        let x = crate::extract(&doc);
        let got: Vec<(Option<&str>, Option<String>)> = x.tasks.iter().filter(|t| t.confidence.tier.listed()).map(|t| (t.assignee.as_deref(), t.deadline.and_then(|d| d.iso()))).collect();
        assert_eq!(
            got,
            [
                (Some("Phó Chủ tịch UBND huyện Lê Minh Khoa"), Some("2026-04-30".to_string())),
                (Some("Trưởng phòng Tài chính - Kế hoạch Hà Thị Yến"), Some("2026-04-15".to_string())),
            ],
            "{:#?}",
            x.tasks
        );
    }
}
