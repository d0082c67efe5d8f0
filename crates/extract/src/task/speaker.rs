//! Who speaks: a speaker's words resolved to a person's full name (through the person module's
//! mentions, then the roles it found, then short references), or to the body that speaks.

use chidao_text::{Document, Span, fold};

use super::lex::{ADDRESS, SELF_REFERENCES};
use super::sent::Sent;
use super::index::Mentions;
use crate::org::Org;
use crate::person::Person;

/// A resolved speaker (or assignee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Speaker {
    /// The person, when one is named.
    pub person: Option<usize>,
    /// The name to report: the person's full name, or the body as written.
    pub name: Option<String>,
    /// The words as written.
    pub text: String,
}

impl Speaker {
    /// True when two speakers are the same.
    pub(crate) fn same(&self, other: &Speaker) -> bool {
        match (self.person, other.person) {
            (Some(a), Some(b)) => a == b,
            (None, None) => fold(&self.text) == fold(&other.text),
            _ => false,
        }
    }
}


/// Folded words with the abbreviations of roles and bodies expanded (`data/role_abbrev.tsv`).
pub(crate) fn words(s: &str) -> Vec<String> {
    let f = fold(s);
    let mut out = Vec::new();
    for w in f.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        match crate::person::expansion(w) {
            Some(e) => out.extend(e.iter().cloned()),
            None => out.push(w.to_string()),
        }
    }
    out
}

fn is_subseq(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|x| it.any(|y| y == x))
}

/// True when a role string and a title agree (one a subsequence of the other, deputy-ness alike).
pub(crate) fn role_agrees(role: &str, title: &str) -> bool {
    let (a, b) = (words(role), words(title));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let pho = "phó".to_string();
    if a.contains(&pho) != b.contains(&pho) {
        return false;
    }
    is_subseq(&b, &a) || is_subseq(&a, &b)
}

/// People scanned by name or role per speaker: a bound against hostile documents.
const MAX_PEOPLE: usize = 400;

/// Resolves tokens `a..b` of a sentence to a speaker.
pub(crate) fn resolve(doc: &Document, s: &Sent<'_>, a: usize, b: usize, people: &[Person], mentions: &Mentions, orgs: &[Org]) -> Option<Speaker> {
    let span = s.span_of(a, b);
    if span.is_empty() {
        return None;
    }
    let text = super::analyze::np_text(doc, s, a, b);
    // 1. A mention of a person inside, the closest to the verb; or one the region's start cut
    // ("Bà H’Lim Ayun, …" read from "Lim").
    let found = mentions.inside(span).chain(mentions.cut_at_start(span)).map(|(m, i)| (m.start, i)).max();
    if let Some((_, i)) = found {
        return Some(Speaker { person: Some(i), name: Some(people[i].name.clone()), text });
    }
    // "ĐBQH Nguyễn Thị A (TP.HCM) đề nghị …": a bracket right after a person's name, read as the
    // speaking region, is their constituency or office; the person speaks.
    if a > 0 && s.is_punct(a - 1, '(') && s.is_punct(b, ')') {
        let open = s.span_of(a - 1, a).start;
        let before = doc.text[..open].trim_end().len();
        if let Some((_, i)) = mentions.inside(Span::new(before.saturating_sub(80), before)).filter(|(m, _)| m.end == before).last() {
            return Some(Speaker { person: Some(i), name: Some(people[i].name.clone()), text });
        }
    }
    // The last comma segment, address words dropped.
    let k = comma_segment_start(s, a, b);
    let mut seg_a = k;
    while seg_a < b && (s.word_in(&ADDRESS, seg_a) || !s.is_word(seg_a)) {
        seg_a += 1;
    }
    if seg_a == k
        && let Some(head) = name_before_comma(s, a, k, b, mentions, orgs)
    {
        seg_a = head;
    }
    let seg = super::analyze::np_text(doc, s, seg_a, b);
    if seg.is_empty() {
        return Some(Speaker { person: None, name: None, text });
    }
    // 2. Short reference: "ông Khang" → the person whose name ends so.
    if seg_a > k && s.is_cap(seg_a) {
        let tail = fold(&seg);
        if let Some(i) = people.iter().take(MAX_PEOPLE).position(|p| {
            let n = fold(&p.name);
            n.ends_with(&tail) && n.len() > tail.len() && n.as_bytes()[n.len() - tail.len() - 1] == b' '
        }) {
            return Some(Speaker { person: Some(i), name: Some(people[i].name.clone()), text });
        }
    }
    // 3. A title: the person holding that role, the most recently mentioned first.
    let before = span.start;
    let mut best: Option<(usize, usize)> = None;
    let titled = (seg_a..b).any(|j| s.person_title_at(j).is_some());
    for (i, p) in people.iter().take(MAX_PEOPLE).enumerate().filter(|_| titled) {
        if p.roles.iter().any(|r| role_agrees(&r.text, &seg)) {
            let last = p.mentions.iter().filter(|m| m.start < before).map(|m| m.start + 1).max().unwrap_or(0);
            if best.is_none_or(|(l, _)| last > l) {
                best = Some((last, i));
            }
        }
    }
    if let Some((_, i)) = best {
        return Some(Speaker { person: Some(i), name: Some(people[i].name.clone()), text });
    }
    // 4. A name the person list missed: capitalised words after a form of address or a title
    // ("Ông Vũ Văn Hải, Ủy viên …").
    for j in a..b {
        if !(s.word_in(&ADDRESS, j) || s.person_title_at(j).is_some()) {
            continue;
        }
        let mut k = j + s.person_title_at(j).unwrap_or(1);
        if s.w(j) == "đồng" && s.w(j + 1) == "chí" {
            k = j + 2;
        }
        let start = k;
        while k < b && s.is_cap(k) && s.person_title_at(k).is_none() && s.agent_at(k).is_none() {
            k += 1;
        }
        if (3..=4).contains(&(k - start)) {
            let name = super::analyze::np_text(doc, s, start, k);
            return Some(Speaker { person: None, name: Some(name), text });
        }
    }
    // 5. A body or an unresolved name, as written; a bare head ("doanh nghiệp", "Bộ") names the
    // last organisation of that kind mentioned before.
    let pronoun = SELF_REFERENCES.is_entry(&fold(&seg));
    // "Bộ GD-ĐT chỉ yêu cầu …", "Công an TP nên đề nghị …": the adverb is no part of its name.
    let mut e = b;
    while e > seg_a + 1 && s.ends_subject(e - 1) {
        e -= 1;
    }
    let seg = if e < b { super::analyze::np_text(doc, s, seg_a, e) } else { seg };
    // "Văn bản số 770/TTr-VP ngày 27/12/2016 Thanh tra tỉnh X đề nghị …", "ngày 11-4 Sở Xây
    // dựng lại đề nghị …": a letter's code or a date before the body that speaks (not a unit's
    // number: "Đội CSGT số 3 Công an Hà Nội" is the team).
    let seg_span = s.span_of(seg_a, e);
    if let Some(body) = letter_s_body(s, seg_a, e, orgs) {
        return Some(Speaker { person: None, name: Some(doc.text[body.start..body.end].to_string()), text });
    }
    let seg = match orgs.iter().flat_map(|o| o.mentions.iter()).filter(|m| m.end == seg_span.end && m.start > seg_span.start).min_by_key(|m| m.start) {
        Some(m) if dated_or_coded(&doc.text[seg_span.start..m.start]) => doc.text[m.start..m.end].to_string(),
        _ => seg,
    };
    let name = (!pronoun).then(|| back_reference(&seg, span.start, orgs).unwrap_or_else(|| seg.clone()));
    Some(Speaker { person: None, name, text })
}

/// "Sở Văn hóa, Thể thao Hà Nội", "Cục Quản lý Khám, chữa bệnh": the last comma segment of the
/// speaking region `a..b`, from `k`, names no unit, title, person or organisation, and the segment
/// before it opens with a unit's head: the segment is the rest of that unit's name, which starts
/// at the token returned.
fn name_before_comma(s: &Sent<'_>, a: usize, k: usize, b: usize, mentions: &Mentions, orgs: &[Org]) -> Option<usize> {
    if k >= b || k <= a + 1 || s.agent_at(k).is_some() || s.person_title_at(k).is_some() {
        return None;
    }
    let at = s.span_of(k, k + 1).start;
    if orgs.iter().flat_map(|o| o.mentions.iter()).any(|m| m.start == at) || mentions.inside(s.span_of(k, b)).next().is_some() {
        return None;
    }
    let head = s.skip_lead(comma_segment_start(s, a, k - 1));
    (head < k - 1 && s.agent_at(head).is_some() && s.is_cap(head) && (head..k - 1).all(|j| s.person_title_at(j).is_none())).then_some(head)
}

/// The first token of the comma segment that ends at `end`, not before `a`.
fn comma_segment_start(s: &Sent<'_>, a: usize, end: usize) -> usize {
    let mut k = end;
    while k > a && !s.is_punct(k - 1, ',') {
        k -= 1;
    }
    k
}

/// "Công văn của UBND tỉnh X yêu cầu …", "Văn bản Viện KSND kiến nghị …": a speaking segment
/// (`seg_a..e`) that opens with a letter's word speaks for the body first named after that word.
fn letter_s_body(s: &Sent<'_>, seg_a: usize, e: usize, orgs: &[Org]) -> Option<Span> {
    let at = s.skip_lead(seg_a);
    let n = s.letter_word_at(at, "letter")?;
    let from = s.span_of(at + n, e).start;
    let end = s.span_of(seg_a, e).end;
    orgs.iter()
        .flat_map(|o| o.mentions.iter())
        .filter(|m| m.start >= from && m.end <= end)
        .min_by_key(|m| (m.start, std::cmp::Reverse(m.end)))
        .copied()
}

/// Words before a body that hold a document's code ("770/TTr-VP") or a date ("ngày 11-4").
fn dated_or_coded(t: &str) -> bool {
    let digit_after = |at: usize| t[at..].trim_start().starts_with(|c: char| c.is_ascii_digit());
    t.contains('/') && t.bytes().any(|c| c.is_ascii_digit()) || t.match_indices("ngày ").any(|(i, w)| digit_after(i + w.len()))
}

/// A bare head word ("doanh nghiệp", "công ty", "Sở", "Bộ") resolved to the last organisation of
/// that kind mentioned before `before`.
pub(crate) fn back_reference(np: &str, before: usize, orgs: &[Org]) -> Option<String> {
    let w = words(np);
    let head: &[&str] = match w.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["doanh", "nghiệp"] | ["công", "ty"] | ["doanh", "nghiệp", "này"] | ["công", "ty", "này"] => &["công", "ty"],
        ["sở"] | ["sở", "này"] => &["sở"],
        ["bộ"] | ["bộ", "này"] => &["bộ"],
        ["tỉnh"] => &["ủy", "ban", "nhân", "dân", "tỉnh"],
        _ => return None,
    };
    orgs.iter()
        .filter(|o| {
            let ow = words(&o.name);
            ow.len() > head.len() && ow.iter().zip(head.iter()).all(|(a, b)| a == b)
        })
        .filter_map(|o| o.mentions.iter().filter(|m| m.end <= before).map(|m| m.start).max().map(|at| (at, o)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, o)| o.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letters_code_or_a_date_is_no_part_of_a_body() {
        assert!(dated_or_coded("Văn bản số 770/TTr-VP ngày 27/12/2016 "));
        assert!(dated_or_coded("ngày 11-4-2017 "));
        assert!(!dated_or_coded("lãnh đạo Đội CSGT số 3 "));
        assert!(!dated_or_coded("Phòng Cảnh sát hình sự (PC45) "));
        assert!(!dated_or_coded("vào ngày hôm qua "));
    }

    #[test]
    fn roles_agree_leniently() {
        assert!(role_agrees("Chủ tịch UBND thành phố", "Chủ tịch UBND TP"));
        assert!(!role_agrees("Phó Chủ tịch UBND thành phố", "Chủ tịch UBND TP"));
        assert!(role_agrees("Bí thư Thành ủy Hòa Lạc", "Bí thư Thành ủy"));
        assert!(!role_agrees("Bộ trưởng Bộ Công an", "Thủ tướng"));
    }
}
