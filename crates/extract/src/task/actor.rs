//! Who an actor is: a Vietnamese public body or office-holder, a company, a club, a celebrity, a
//! foreign state, the public at large, a private person — read from the words of a role, a
//! speaker or an assignee (`data/task_actors.tsv`, `data/countries.tsv`), so that a task
//! can be told to be an institution's (see [`super::judge`]).


use chidao_text::{Span, key};

use crate::country::{self, Mark};
use crate::gazetteer;
use crate::person::Person;

gazetteer!(ACTORS, "task_actors.tsv");

/// What kind of actor words name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Actor {
    /// A collective "we" ("chúng tôi", "chúng ta"): the speaker's own body, if the speaker's is one.
    We,
    /// A private person speaking of themselves, their family ("tôi", "mình", "gia đình").
    Personal,
    /// The public at large ("người dân", "phụ huynh", "hành khách").
    Populace,
    /// A Vietnamese public body, office, force or public service.
    Public,
    /// A celebrity (singer, actor, model).
    Celebrity,
    /// A club, a team, a coach, a player.
    Sport,
    /// A company, a business, a bank.
    Company,
    /// A scholar, doctor, lawyer, or a former office-holder: views, not directions.
    Expert,
    /// A rule or document quoted as fact ("theo quy định", "dự thảo").
    Rule,
    /// Suspects and offenders ("các đối tượng", "bị can").
    Offender,
    /// A foreign state, leader or international body.
    Foreign,
}

impl Actor {
    fn parse(s: &str) -> Option<Actor> {
        Some(match s {
            "public" => Actor::Public,
            "company" => Actor::Company,
            "sport" => Actor::Sport,
            "celebrity" => Actor::Celebrity,
            "foreign" => Actor::Foreign,
            "populace" => Actor::Populace,
            "personal" => Actor::Personal,
            "we" => Actor::We,
            "expert" => Actor::Expert,
            "rule" => Actor::Rule,
            "offender" => Actor::Offender,
            _ => return None,
        })
    }

    /// How it reads in a reason.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Actor::Public => "public body or office",
            Actor::Company => "company",
            Actor::Sport => "club or sport",
            Actor::Celebrity => "celebrity",
            Actor::Foreign => "foreign",
            Actor::Populace => "the public",
            Actor::Personal => "private person",
            Actor::We => "\"we\"",
            Actor::Expert => "expert or former office-holder",
            Actor::Rule => "a rule or document",
            Actor::Offender => "suspect or offender",
        }
    }

    /// The precedence of classes named together: foreign over a company, a company over a
    /// public word ("Chủ tịch HĐQT Công ty …"), a public body over the people it serves ("Công an
    /// nhân dân").
    fn rank(self) -> u8 {
        match self {
            Actor::Foreign => 6,
            Actor::Company | Actor::Sport | Actor::Celebrity | Actor::Expert | Actor::Rule | Actor::Offender => 5,
            Actor::Public => 4,
            Actor::Populace => 3,
            Actor::Personal => 2,
            Actor::We => 1,
        }
    }
}

/// An actor read from words, and the words that decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reading {
    /// The class.
    pub class: Actor,
    /// The words that decided it, as written.
    pub marker: String,
}

/// Whether the words right before `at` are an honorific ("ông Trường", "đồng chí Sở"): the
/// capitalised head after it is a given name, not a body.
fn after_honorific(key: &str, at: usize) -> bool {
    let before: Vec<&str> = key[..at].split_whitespace().rev().take(2).collect();
    let one = before.first().is_some_and(|w| crate::person::HONORIFICS.lookup(w).is_some());
    let two = before.len() == 2 && crate::person::HONORIFICS.lookup(&format!("{} {}", before[1], before[0])).is_some();
    one || two
}

/// Reads the class of the actor `text` names, if any word says.
pub(crate) fn read(text: &str) -> Option<Reading> {
    read_with(text, true)
}

/// [`read`], and with `transliterated` a name transliterated syllable by syllable makes the
/// actor foreign. A person's roles are read without it: a role the person extractor attached from
/// an apposition nearby ("Thủ tướng Pa-ki-xtan …" beside the Vietnamese host) must not make the
/// host foreign; a country of the list still does, as before.
fn read_with(text: &str, transliterated_names: bool) -> Option<Reading> {
    let text = chidao_text::nfc(text);
    let text = text.as_ref();
    let k = key(text);
    // The first class named decides ("người dân thành phố": the people; "Công an nhân dân": the
    // police), except that a company, club, celebrity or foreign state named after a public
    // title is whose title it is ("Trưởng phòng Kinh doanh Công ty …").
    let mut best: Option<(Actor, Span)> = None;
    let mut last_marker_end = None;
    for h in ACTORS.find_in(&k, Span::new(0, k.len())) {
        let fields = ACTORS.fields(h.entry);
        let Some(class) = fields.first().and_then(|f| Actor::parse(f)) else { continue };
        // Heads that name a body only with a capital ("Bộ Y tế", not "toàn bộ"; "Sở", "Cục").
        if fields.get(1).is_some_and(|f| f == "cap") && (!text[h.span.start..].starts_with(char::is_uppercase) || after_honorific(&k, h.span.start)) {
            continue;
        }
        // "nguyên Giám đốc …" opens a role; "tài nguyên" is no former office; "Luật … yêu cầu",
        // not "khoa Luật".
        if fields.get(1).is_some_and(|f| f == "first") && text[..h.span.start].chars().any(char::is_alphanumeric) {
            continue;
        }
        if class != Actor::Personal && class != Actor::We {
            last_marker_end = Some(h.span.end);
        }
        match best {
            None => best = Some((class, h.span)),
            Some((Actor::Public, _)) if matches!(class, Actor::Company | Actor::Sport | Actor::Celebrity | Actor::Foreign | Actor::Expert) => {
                best = Some((class, h.span))
            }
            _ => {}
        }
    }
    for (Span { start: s, end: e }, mark) in country::mentions(text) {
        if mark == Mark::Not {
            continue;
        }
        // "Đại sứ Việt Nam tại Mỹ": a Vietnamese office abroad.
        if text[..s].contains("Việt Nam") {
            continue;
        }
        // An ambiguous name counts right after a head word ("Thủ tướng Anh", "Chính phủ Nga").
        if mark == Mark::Ambiguous && last_marker_end.is_none_or(|me| me > s || !text[me..s].trim().is_empty()) {
            continue;
        }
        best = Some((Actor::Foreign, Span::new(s, e)));
        break;
    }
    // "Thủ tướng A. Cô-bi-a-cốp": a name transliterated syllable by syllable is a foreigner's.
    if transliterated_names
        && best.is_none_or(|(c, _)| c != Actor::Foreign)
        && let Some(sp) = transliterated(text)
        && !text[..sp.start].contains("Việt Nam")
    {
        best = Some((Actor::Foreign, sp));
    }
    best.map(|(class, sp)| Reading { class, marker: text[sp.start..sp.end].to_string() })
}

/// The first word written as a transliteration: a capital, then lower-case syllables joined by
/// hyphens ("Cô-bi-a-cốp", "Gen-ti-lô-ni"), not names joined by a hyphen ("Bà Rịa-Vũng Tàu").
fn transliterated(text: &str) -> Option<Span> {
    let is_sep = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | '(' | ')' | ';' | ':');
    let mut start = 0;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if !is_sep(c) {
            continue;
        }
        let w = &text[start..i];
        start = i + c.len_utf8();
        let Some((first, rest)) = w.split_once('-') else { continue };
        if first.starts_with(char::is_uppercase)
            && first.chars().all(char::is_alphabetic)
            && rest.split('-').all(|p| p.starts_with(char::is_lowercase) && p.chars().all(char::is_alphabetic))
        {
            return Some(Span::new(i - w.len(), i));
        }
    }
    None
}

/// The actor a person is, from the roles and rank the document gives: a foreign office first,
/// then an expert's title (a doctor or scholar who holds a post speaks as an expert in the
/// press), then a public office (a rank of the police or army is one), then any other role.
pub(crate) fn read_person(p: &Person) -> Option<Reading> {
    let readings: Vec<Reading> = p.roles.iter().filter_map(|r| read_with(&r.text, false)).collect();
    if let Some(f) = readings.iter().find(|r| r.class == Actor::Foreign) {
        return Some(f.clone());
    }
    if let Some(e) = readings.iter().find(|r| r.class == Actor::Expert) {
        return Some(e.clone());
    }
    if let Some(r) = &p.rank {
        return Some(Reading { class: Actor::Public, marker: r.clone() });
    }
    if let Some(pb) = readings.iter().find(|r| r.class == Actor::Public) {
        return Some(pb.clone());
    }
    readings.into_iter().max_by_key(|r| r.class.rank())
}

/// Foreign countries named in a text (whole words, the unambiguous names): how foreign a
/// document is.
pub(crate) fn foreign_mentions(text: &str) -> usize {
    country::mentions(text).filter(|&(_, m)| m == Mark::Country).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(t: &str) -> Option<Actor> {
        read(t).map(|r| r.class)
    }

    #[test]
    fn lists_compile() {
        assert!(ACTORS.len() > 100);
    }

    #[test]
    fn transliterated_names_are_foreign() {
        assert_eq!(class("Thủ tướng A. Cô-bi-a-cốp"), Some(Actor::Foreign));
        assert_eq!(class("Chủ tịch UBND tỉnh Bà Rịa-Vũng Tàu"), Some(Actor::Public));
        assert_eq!(class("Đại sứ Việt Nam tại Xlô-ven-ni-a"), Some(Actor::Public));
        // Any white space between words, a hyphen at the edge: no panic, no name.
        assert_eq!(class("Thủ\u{a0}tướng\u{2003}Gen-ti-lô-ni"), Some(Actor::Foreign));
        assert_eq!(class("- a- B-"), None);
        // International bodies are no Vietnamese unit.
        assert_eq!(class("Các tổ chức quốc tế"), Some(Actor::Foreign));
    }

    #[test]
    fn roles_and_bodies() {
        assert_eq!(class("Giám đốc Công an tỉnh Hòa Lạc"), Some(Actor::Public));
        assert_eq!(class("Chủ tịch UBND huyện Sơn Khê"), Some(Actor::Public));
        assert_eq!(class("Sở Tư pháp"), Some(Actor::Public));
        assert_eq!(class("Công an nhân dân"), Some(Actor::Public));
        assert_eq!(class("Chủ tịch HĐQT Công ty TNHH Minh Phát"), Some(Actor::Company));
        assert_eq!(class("các doanh nghiệp"), Some(Actor::Company));
        assert_eq!(class("HLV trưởng đội tuyển"), Some(Actor::Sport));
        assert_eq!(class("Tổng thống Mỹ"), Some(Actor::Foreign));
        assert_eq!(class("Thủ tướng Anh"), Some(Actor::Foreign));
        assert_eq!(class("Thủ tướng"), Some(Actor::Public));
        assert_eq!(class("người dân"), Some(Actor::Populace));
        assert_eq!(class("Chúng ta"), Some(Actor::We));
        assert_eq!(class("tôi"), Some(Actor::Personal));
        assert_eq!(class("toàn bộ học sinh"), Some(Actor::Populace));
        assert_eq!(class("Đại sứ Việt Nam tại Mỹ"), Some(Actor::Public));
        assert_eq!(class("Đại sứ Mỹ"), Some(Actor::Foreign));
        assert_eq!(class("Nguyễn Thị Nga"), None);
        assert_eq!(class("Chủ tịch UBND TP Nguyễn Đức Chung"), Some(Actor::Public));
        assert_eq!(class("Trưởng ban Pháp chế"), Some(Actor::Public));
        assert_eq!(class("Sở Tư pháp Hòa Lạc"), Some(Actor::Public));
        assert_eq!(class("Giám đốc Sở Tư Pháp"), Some(Actor::Public));
        assert_eq!(class("Bộ trưởng Ngoại giao Pháp"), Some(Actor::Foreign));
        assert_eq!(class("Thứ trưởng Ngoại giao Nga"), Some(Actor::Foreign));
        assert_eq!(class("Người phát ngôn Bộ Ngoại giao Việt Nam"), Some(Actor::Public));
        assert_eq!(class("PGS.TS, Viện trưởng Viện Kinh tế"), Some(Actor::Expert));
        assert_eq!(class("nguyên Giám đốc Sở Tài nguyên"), Some(Actor::Expert));
        assert_eq!(class("Giám đốc Sở Tài nguyên và Môi trường"), Some(Actor::Public));
        assert_eq!(class("quy định của Bộ Y tế"), Some(Actor::Rule));
        // A given name that is also a head word.
        assert_eq!(class("Ông Trường"), None);
        assert_eq!(class("Trường THPT Hòa Lạc"), Some(Actor::Public));
    }

    #[test]
    fn foreign_documents() {
        assert_eq!(foreign_mentions("Mỹ và Trung Quốc đàm phán; Sở Tư pháp họp; ông Đức nói."), 2);
    }
}
