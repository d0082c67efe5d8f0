//! People: full names found from structure (family names, capitalised given names, titles,
//! appositions), their ranks and their roles, with short references resolved.
//!
//! How it works, in one pass over the document's words:
//! 1. **Names.** A full name is a listed family name (`chidao-text`'s `data/family_names.tsv`) followed by one to
//!    three capitalised syllables, all separated by plain spaces; or, for the peoples of the Central
//!    Highlands, a letter and an apostrophe in the family name's place ("K’ Vấn", "H'Lim Niê";
//!    `apostrophe_prefix` in `data/person_words.tsv`). Candidates inside place and unit
//!    names are dropped: a listed place (`data/place_names.tsv`: "Hà Nội", "Lâm Đồng", "Hồ Chí Minh"),
//!    or a name right after a place-class word ("huyện Trần Văn Thời", "đường Lê Duẩn", "trường THPT
//!    …"). A two-syllable name ("Tô Minh") needs support: a rank, an honorific or a role beside it, or
//!    the same name supported elsewhere in the document; so does a name whose given name is a listed
//!    place after a capitalised word ("Sư Phạm Hà Nội") or with a family name that is a word before
//!    places (`place_word`: "Đoàn Việt Nam" is a delegation). Names in bylines and photo credits
//!    (furniture zones) are skipped.
//! 2. **Rank**: a rank (`data/ranks.tsv`) right before the name.
//! 3. **Roles**: the appositive chain before the name ("Ủy viên Trung ương Đảng, Phó Bí thư Thành ủy,
//!    Chủ tịch UBND thành phố Nguyễn Văn A"), after it (", Bí thư Đảng ủy, Giám đốc Công an thành
//!    phố", " - Trưởng ban …") and "… làm Trưởng đoàn". A role is a title (`data/titles.tsv`, longest
//!    match) and the organisation phrase that follows it (capitalised words, abbreviations,
//!    place-class words, a parenthesis, a few lower-case words bridging capitalised ones; ended by
//!    punctuation, a name, a stop word from `data/role_stops.tsv`). One position worded twice is one
//!    role (same title, one wording contained in the other after abbreviations are expanded with
//!    `data/role_abbrev.tsv`); the running text's wording is kept over the headline's.
//!    In a membership list item ("3. Ông X, Chuyên viên Phòng Y, Sở Z: Thành viên;", a line that
//!    starts with the name), the position before the colon is one role, whole, and the place in the
//!    body after it another (`data/member_roles.tsv` or a title); a staff grade
//!    (`data/staff_grades.tsv`) is a position only there. A title heading a line that is otherwise
//!    a list of names ("- Các Phó Thủ tướng Chính phủ: A, B, C.") is each name's role.
//! 4. **Short references** resolve to a known person and become mentions: "ông Khang", "tướng Thế",
//!    "Bí thư Nhân" (an introducer and the last syllable of a known name), a name that is the tail of
//!    a longer known name, and a role alone ("đồng chí Bí thư Thành ủy", "Chủ tịch UBND thành phố")
//!    matching a known person's role.

use std::collections::HashMap;
use std::sync::LazyLock;

use chidao_text::{Document, Span, ZoneKind, fold};
use serde::Serialize;

use crate::country::{self, Mark};
use crate::gazetteer;
use crate::gazetteer::{Hit, is_lowercase, is_uppercase};
use crate::org::Org;

// Family names: the list lives in the text layer, whose sentence splitter needs it too.
gazetteer!(FAMILY_NAMES, "family_names.tsv", chidao_text::lexicon::FAMILY_NAMES_TSV);
gazetteer!(RANKS, "ranks.tsv");
gazetteer!(pub(crate) TITLES, "titles.tsv");
gazetteer!(PLACE_NAMES, "place_names.tsv");
gazetteer!(pub(crate) HONORIFICS, "honorifics.tsv");
gazetteer!(ROLE_STOPS, "role_stops.tsv");
gazetteer!(ROLE_ABBREV, "role_abbrev.tsv");
gazetteer!(NAME_BREAKS, "name_breaks.tsv");
gazetteer!(MIDDLE_NAMES, "middle_names.tsv");
gazetteer!(MEMBER_ROLES, "member_roles.tsv");
gazetteer!(STAFF_GRADES, "staff_grades.tsv");
crate::word_classes! {
    "person_words.tsv";
    GIVEN_OPENERS = "given_opener";
    AGE_WORDS = "age_word";
    APOSTROPHE_PREFIXES = "apostrophe_prefix";
    APOSTROPHE_PEOPLES = "apostrophe_people";
    FAMILY_LAST_OPENERS = "family_last_opener";
    FAMILY_LAST = "family_last";
}

/// A position the document gives a person, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// The role as written ("Bí thư Thành ủy Hà Nội").
    pub text: String,
    /// Where.
    pub span: Span,
}

/// A person named by a full name, with every reference to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Full name (family name and given name), NFC.
    pub name: String,
    /// Military or police rank ("Trung tướng"), when given.
    pub rank: Option<String>,
    /// Positions, in order of first mention, one per position.
    pub roles: Vec<Role>,
    /// Every mention: full names, short references ("ông Khang", "đồng chí Bí thư"), in text order.
    pub mentions: Vec<Span>,
}

/// The people of a document.
pub fn find(doc: &Document, orgs: &[Org]) -> Vec<Person> {
    let _ = orgs;
    Finder::new(doc).run()
}

/// True when `span` of the document is exactly a personal name: two to five capitalised words,
/// the first a family name ("Nguyễn Thị Kim Hoa").
pub fn is_full_name(doc: &Document, span: Span) -> bool {
    let Some(s) = doc.text.get(span.start..span.end) else {
        return false;
    };
    let toks = tokenize(s);
    if !(2..=5).contains(&toks.len()) || toks.iter().any(|t| t.shape != Shape::Title) {
        return false;
    }
    // Only spaces between the words.
    if toks
        .windows(2)
        .any(|w| !s[w[0].e..w[1].s].chars().all(|c| c == ' ' || c == '\u{a0}'))
        || toks[0].s != 0
        || toks[toks.len() - 1].e != s.len()
    {
        return false;
    }
    let first = Span::new(span.start + toks[0].s, span.start + toks[0].e);
    FAMILY_NAMES
        .match_at(&doc.key, first.start)
        .is_some_and(|h| h.span.end == first.end)
}

/// Beyond this many people holding roles, a document is a list (of delegates, appointees), not a
/// report: a role standing alone is not resolved to one of them.
const MAX_ROLE_HOLDERS: usize = 200;

/// Index of the person with a mention inside `span`, the first such mention winning.
pub fn person_in(people: &[Person], span: Span) -> Option<usize> {
    people
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.mentions
                .iter()
                .filter(move |m| span.contains(**m))
                .map(move |m| (m.start, i))
        })
        .min()
        .map(|(_, i)| i)
}

/// Index of the person whose mention (full name or short reference) covers or starts at byte `at`.
pub fn person_at(people: &[Person], at: usize) -> Option<usize> {
    people.iter().position(|p| {
        p.mentions
            .iter()
            .any(|m| m.start <= at && at < m.end.max(m.start + 1))
    })
}

/// The shape of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// "Nguyễn", "Hà".
    Title,
    /// "UBND", "TP", "T".
    Upper,
    /// "thành", "ủy".
    Lower,
    /// "2", "471".
    Digit,
    /// "ThS", "80A", anything else.
    Mixed,
}

/// A word: a run of letters, digits and combining marks.
#[derive(Debug, Clone, Copy)]
struct Tok {
    s: usize,
    e: usize,
    shape: Shape,
}

fn is_word_char(c: char) -> bool {
    crate::gazetteer::is_alphanumeric(c) || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Letters by case and digits in a word, counted as it is read.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    first_upper: Option<bool>,
    upper: usize,
    lower: usize,
    digit: usize,
}

impl Counts {
    #[inline]
    fn add(&mut self, c: char) {
        let up = is_uppercase(c);
        self.first_upper.get_or_insert(up);
        if up {
            self.upper += 1;
        } else if is_lowercase(c) {
            self.lower += 1;
        } else if c.is_numeric() {
            self.digit += 1;
        }
    }

    /// [`Counts::add`] for an ASCII letter or digit.
    #[inline]
    fn add_ascii(&mut self, b: u8) {
        let up = b.is_ascii_uppercase();
        self.first_upper.get_or_insert(up);
        if up {
            self.upper += 1;
        } else if b.is_ascii_lowercase() {
            self.lower += 1;
        } else if b.is_ascii_digit() {
            self.digit += 1;
        }
    }

    fn shape(&self) -> Shape {
        let Some(first_upper) = self.first_upper else {
            return Shape::Mixed;
        };
        let (upper, lower, digit) = (self.upper, self.lower, self.digit);
        if digit > 0 && upper == 0 && lower == 0 {
            Shape::Digit
        } else if digit > 0 {
            Shape::Mixed
        } else if first_upper && upper == 1 && lower > 0 {
            Shape::Title
        } else if upper > 0 && lower == 0 {
            Shape::Upper
        } else if upper == 0 {
            Shape::Lower
        } else {
            Shape::Mixed
        }
    }
}

/// A name's key with its apostrophe written one way: "K'Brơi", "K’Brơi" and "K’ Brơi" are one
/// name.
fn apostrophe_key(key: &str) -> String {
    if key.contains(['\'', '’']) { key.replace('\'', "’").replace("’ ", "’") } else { key.to_string() }
}

/// The words of a text with their shapes, in one pass. ASCII bytes are classed without decoding
/// a char (most bytes of Vietnamese text are ASCII).
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut start: Option<usize> = None;
    let mut counts = Counts::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let c = if b.is_ascii() { char::from(b) } else { text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER) };
        let len = c.len_utf8();
        let word = if b.is_ascii() { b.is_ascii_alphanumeric() } else { is_word_char(c) };
        if word {
            if start.is_none() {
                start = Some(i);
                counts = Counts::default();
            }
            if b.is_ascii() {
                counts.add_ascii(b);
            } else {
                counts.add(c);
            }
        } else if let Some(s) = start.take() {
            toks.push(Tok { s, e: i, shape: counts.shape() });
        }
        i += len;
    }
    if let Some(s) = start {
        toks.push(Tok { s, e: text.len(), shape: counts.shape() });
    }
    toks
}

/// What lies between two words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// Plain spaces.
    Space,
    /// One glue character without spaces: "TP.HCM", "NN&PTNT", "T.Ư", "Hậu cần-Kỹ thuật".
    Glue,
    /// A comma (with spaces).
    Comma,
    /// A dash with spaces, or a colon: an apposition mark.
    Dash,
    /// An opening parenthesis (with spaces).
    Open,
    /// A closing parenthesis (with spaces).
    Close,
    /// Anything else: a full stop, a line break, quotes …
    Other,
}

fn classify_sep(s: &str) -> Sep {
    let t = s.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{a0}');
    if t.is_empty() {
        return if s.is_empty() { Sep::Other } else { Sep::Space };
    }
    if t.contains('\n') {
        return Sep::Other;
    }
    let spaced = t.len() != s.len();
    match t {
        "." | "&" | "/" | "-" if !spaced => Sep::Glue,
        "," => Sep::Comma,
        "-" | "–" | "—" | "-," | ":" => Sep::Dash,
        "(" => Sep::Open,
        _ if t.starts_with(')') => Sep::Close,
        _ => Sep::Other,
    }
}

/// A role found beside a name or alone.
#[derive(Debug, Clone)]
struct RoleHit {
    span: Span,
    /// Canonical title (folded).
    title: String,
}

/// A role of a person, while merging.
#[derive(Debug, Clone)]
struct RoleAcc {
    text: String,
    span: Span,
    words: Vec<String>,
    headline: bool,
}

/// A full name found in the text.
#[derive(Debug, Clone)]
struct Cand {
    first: usize,
    last: usize,
    span: Span,
    key: String,
    syllables: usize,
    rank: Option<String>,
    roles: Vec<RoleHit>,
    /// Span of the reference including its introducers (rank, honorific), for mentions.
    supported: bool,
    /// A two-syllable name right after an administrative unit ("UBND tỉnh Hà Nôi"): a person only
    /// when the same name is supported elsewhere.
    weak: bool,
    /// The given name is a listed place and the family name a word before places ("Đoàn Việt
    /// Nam": a delegation) or the end of a capitalised phrase ("Sư Phạm Hà Nội"): a person only with
    /// support, as a two-syllable name.
    place_given: bool,
    headline: bool,
    /// Said to be a person: an honorific, a rank, a role or a list of members goes with the name.
    personal: bool,
}

#[derive(Debug)]
struct Acc {
    name: String,
    key: String,
    rank: Option<String>,
    roles: Vec<RoleAcc>,
    mentions: Vec<Span>,
    first: usize,
}

struct Finder<'d> {
    doc: &'d Document,
    toks: Vec<Tok>,
    /// Title hits over the key, by start.
    titles: Vec<Hit>,
    /// Token index where a candidate name starts.
    name_start: Vec<bool>,
    /// Token index one past a candidate name, by its first token.
    name_last: HashMap<usize, usize>,
    /// Non-headline zones, merged and sorted, for [`Finder::in_furniture`].
    furniture: Vec<Span>,
    headline: Option<Span>,
    /// The names the document gives a place or a unit ("xã Trần Phước Tây", "đường Lê Lợi"),
    /// folded: the same name bare is that place, unless it is said to be a person.
    places: std::collections::HashSet<String>,
}

impl<'d> Finder<'d> {
    fn new(doc: &'d Document) -> Finder<'d> {
        let toks = tokenize(&doc.text);
        let titles = TITLES.find_in_doc(doc, Span::new(0, doc.key.len()));
        let n = toks.len();
        Finder {
            doc,
            toks,
            titles,
            name_start: vec![false; n],
            name_last: HashMap::new(),
            furniture: merged_furniture(doc),
            headline: doc.zone(ZoneKind::Headline).map(|z| z.span),
            places: std::collections::HashSet::new(),
        }
    }

    fn sep(&self, j: usize) -> Sep {
        if j == 0 || j >= self.toks.len() {
            return Sep::Other;
        }
        classify_sep(&self.doc.text[self.toks[j - 1].e..self.toks[j].s])
    }

    /// Index of the token starting at byte `at`.
    fn tok_starting(&self, at: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.s < at);
        (i < self.toks.len() && self.toks[i].s == at).then_some(i)
    }

    /// Index of the token ending at byte `at`.
    fn tok_ending(&self, at: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.e < at);
        (i < self.toks.len() && self.toks[i].e == at).then_some(i)
    }

    /// A word-list match starting at token `i` that ends on a token end, all its words joined by
    /// spaces (or glue). Returns the hit and the index one past its last token.
    fn match_tokens(&self, g: &gazetteer::Gazetteer, i: usize) -> Option<(Hit, usize)> {
        let t = self.toks.get(i)?;
        let hit = g.match_at(&self.doc.key, t.s)?;
        let last = self.tok_ending(hit.span.end)?;
        for k in i + 1..=last {
            if !matches!(self.sep(k), Sep::Space | Sep::Glue) {
                return None;
            }
        }
        Some((hit, last + 1))
    }

    /// A word-list match ending at token `j - 1` (exclusive end `j`), starting at one of the six
    /// previous tokens, joined by spaces ("công ty trách nhiệm hữu hạn").
    fn match_ending(&self, g: &gazetteer::Gazetteer, j: usize) -> Option<(Hit, usize)> {
        for back in (1..=6).rev() {
            if j < back {
                continue;
            }
            let i = j - back;
            if let Some((hit, end)) = self.match_tokens(g, i)
                && end == j
            {
                return Some((hit, i));
            }
        }
        None
    }

    /// Token `i` follows a capitalised word, a space apart, that is no honorific, rank or title
    /// and ends no listed place: a name starting there may be the end of a longer proper name
    /// ("Trường Sư Phạm Hà Nội"), where after a place it is an apposition ("Việt kiều Nga Đặng
    /// Văn A", "UBND TP. Hà Nội Lê Văn B").
    fn capital_before(&self, i: usize) -> bool {
        i > 0
            && self.sep(i) == Sep::Space
            && self.toks[i - 1].shape == Shape::Title
            && self.match_ending(&HONORIFICS, i).is_none()
            && self.match_ending(&RANKS, i).is_none()
            && self.match_ending(&TITLES, i).is_none()
            && self.match_ending(&PLACE_NAMES, i).is_none()
    }

    /// Token `j` starts a foreign name: a capitalised word, a space after a foreign country
    /// written as the last words of a role whose organisation part starts at token `from`
    /// ("Thủ tướng Lào ⟨j⟩", "Chủ tịch Quốc hội Cu-ba ⟨j⟩"). The title goes with that name, not
    /// with a Vietnamese host named before it. The country stands right after the title, or after
    /// a lower-case word of a body's name and then before a name of two words at least ("trợ lý
    /// của Mỹ Tâm" names a singer). A longer name that starts with a country's ("Pháp Luật", "Lào
    /// Cai") or a place after a class word ("xã Mỹ Hòa") is none.
    fn foreign_name_at(&self, from: usize, j: usize) -> bool {
        let n = self.toks.len();
        let capital = |k: usize| k < n && self.sep(k) == Sep::Space && matches!(self.toks[k].shape, Shape::Title | Shape::Upper);
        if j <= from || !capital(j) || self.is_title_at(j).is_some() {
            return false;
        }
        for c in (from.max(j.saturating_sub(3))..j).rev() {
            if c + 1 < j && self.sep(c + 1) != Sep::Space {
                break;
            }
            let name_to = |end: usize| &self.doc.text[self.toks[c].s..self.toks[end - 1].e];
            if country::exact(name_to(j)).is_none_or(|m| m == Mark::Not) {
                continue;
            }
            let longer = (j + 1..=(j + 2).min(n)).take_while(|&e| self.sep(e - 1) == Sep::Space).any(|e| country::exact(name_to(e)).is_some())
                || self.match_tokens(&PLACE_NAMES, c).is_some_and(|(_, end)| end > j);
            let placed = c == from || (self.toks[c - 1].shape == Shape::Lower && self.sep(c) == Sep::Space && capital(j + 1));
            return placed && !longer && !self.is_place_class_ending(c);
        }
        false
    }

    fn is_place(&self, i: usize) -> Option<usize> {
        self.match_tokens(&PLACE_NAMES, i)
            .filter(|(h, _)| {
                !matches!(PLACE_NAMES.fields(h.entry).first().map(String::as_str), Some("class" | "not"))
            })
            .map(|(_, end)| end)
    }

    fn is_place_class_ending(&self, j: usize) -> bool {
        self.class_ending(j).is_some()
    }

    /// A place-class word ending right before token `j`, with its first token. A one-word class
    /// written in lower case right after a capitalised word ends a compound ("Môi trường"), no class.
    fn class_ending(&self, j: usize) -> Option<(Hit, usize)> {
        let (h, start) = self.match_ending(&PLACE_NAMES, j)?;
        if PLACE_NAMES.fields(h.entry).first().map(String::as_str) != Some("class") {
            return None;
        }
        if start + 1 == j
            && self.toks[start].shape == Shape::Lower
            && start > 0
            && self.sep(start) == Sep::Space
            && self.toks[start - 1].shape == Shape::Title
            && PLACE_NAMES.fields(h.entry).get(1).map(String::as_str) != Some("admin")
        {
            return None;
        }
        Some((h, start))
    }

    /// Whether a place-class word right before token `i` makes a name there a place or unit
    /// (`Some(true)`): always after "đường", "trường" …; after an administrative unit ("tỉnh",
    /// "huyện") only when no title comes before it in the same phrase; `Some(false)` for "Chủ tịch
    /// UBND tỉnh Lê Văn A", a person; `None` without a class word.
    fn place_class_blocks(&self, i: usize) -> Option<bool> {
        let (h, start) = self.class_ending(i)?;
        let fields = PLACE_NAMES.fields(h.entry);
        if fields.get(1).map(String::as_str) != Some("admin") {
            return Some(true);
        }
        // Look back over the organisation phrase for a title.
        let mut k = start;
        while k > 0 && start - k < 10 {
            if !matches!(self.sep(k), Sep::Space | Sep::Glue) {
                return Some(true);
            }
            k -= 1;
            if self.is_title_at(k).is_some_and(|(_, end)| end <= start) {
                return Some(false);
            }
        }
        Some(true)
    }

    /// Token `k` is one capital letter ("A", "B": a place's part, or an initial).
    fn is_letter(&self, k: usize) -> bool {
        self.toks[k].shape == Shape::Upper && self.toks[k].e - self.toks[k].s == 1
    }

    /// Where a full name starts inside the capitalised run from token `i`, two words or more
    /// after it: a family name with two or three given names ending the run ("Trần Phước A
    /// Nguyễn Văn Tâm": `Nguyễn`; not "Hồ Thị Kim Cúc", one name). A single capital letter
    /// counts in the run ("A", "B": a place's part).
    fn full_name_after(&self, i: usize) -> Option<usize> {
        let n = self.toks.len();
        let in_run = |k: usize| {
            k < n
                && self.sep(k) == Sep::Space
                && (self.toks[k].shape == Shape::Title || self.is_letter(k))
        };
        let mut end = i + 1;
        while end - i < 9 && in_run(end) {
            end += 1;
        }
        (i + 2..end).find(|&p| {
            self.toks[p].shape == Shape::Title
                && self.match_tokens(&FAMILY_NAMES, p).is_some_and(|(_, e)| (3..=4).contains(&(end - p)) && e < end)
                && (p + 1..end).all(|k| self.toks[k].shape == Shape::Title && self.is_title_at(k).is_none())
        })
    }

    /// An age in parentheses right after token `j - 1` ("Nguyễn Văn Phi (23 tuổi)"): said of a
    /// person only.
    fn age_follows(&self, j: usize) -> bool {
        let Some(last) = j.checked_sub(1).and_then(|k| self.toks.get(k)) else { return false };
        let rest = self.doc.key[last.e..].trim_start();
        let Some(inner) = rest.strip_prefix('(') else { return false };
        let digits = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        digits > 0 && digits <= 3 && inner[digits..].trim_start().starts_with("tuổi")
    }

    /// A middle name of the upland peoples at token `j`, before a given name: "A", "Seo", "Mí",
    /// "Thị", "Văn" ("Vàng A Dự", "Vàng Thị Sông", "Mùa Seo Gia").
    fn upland_middle(&self, j: usize) -> bool {
        self.middle_name(j).is_some() && self.before_given(j)
    }

    /// The middle name "A" of the Hmong and other upland peoples, right after the family name and
    /// before a given name ("Giàng A Páo"): one capital letter, which elsewhere is an initial.
    fn is_middle_a(&self, j: usize) -> bool {
        self.middle_name(j) == Some("initial") && self.before_given(j)
    }

    /// Token `j` as an upland middle name (`data/middle_names.tsv`, as written): its field ("" or
    /// "initial").
    fn middle_name(&self, j: usize) -> Option<&'static str> {
        let t = self.toks.get(j)?;
        let e = MIDDLE_NAMES.lookup(self.key_of_tok(j))?;
        (MIDDLE_NAMES.entry(e).pattern == self.doc.text[t.s..t.e]).then(|| MIDDLE_NAMES.fields(e).first().map_or("", String::as_str))
    }

    /// Token `i` is one capital letter of the word class `class` ("K", "Y").
    fn capital_letter_of(&self, i: usize, class: &crate::words::Words) -> bool {
        self.toks.get(i).is_some_and(|t| t.shape == Shape::Upper && t.e - t.s == 1 && class.contains(self.key_of_tok(i)))
    }

    /// Token `i` is a letter of [`APOSTROPHE_PREFIXES`] in capitals with an apostrophe right after
    /// it, then (after a space or none) a capitalised word: "K’ Vấn", "K'Brơi".
    fn apostrophe_prefix(&self, i: usize) -> bool {
        let Some(next) = self.toks.get(i + 1) else { return false };
        self.capital_letter_of(i, &APOSTROPHE_PREFIXES)
            && matches!(&self.doc.text[self.toks[i].e..next.s], "’" | "’ " | "'" | "' ")
            && next.shape == Shape::Title
            && !APOSTROPHE_PEOPLES.contains(self.key_of_tok(i + 1))
    }

    /// Token `i` opens a name whose clan name comes last ("Y Blô Niê", "Y Thanh Hà Niê Kđăm"):
    /// a letter of [`FAMILY_LAST_OPENERS`] in capitals, then up to four capitalised words, the
    /// last of them a clan name of [`FAMILY_LAST`] after at least one given name. The token
    /// after the name's last, the longest such name's.
    fn family_last_name(&self, i: usize) -> Option<usize> {
        if !self.capital_letter_of(i, &FAMILY_LAST_OPENERS) {
            return None;
        }
        let mut end = None;
        let mut k = i + 1;
        while k < self.toks.len() && k - i <= 4 && self.sep(k) == Sep::Space && self.toks[k].shape == Shape::Title {
            k += 1;
            let words = |m: usize| move |x: usize| if m + x < k { self.key_of_tok(m + x) } else { "" };
            if (i + 2..k).any(|m| FAMILY_LAST.prefix_len(words(m)) == Some(k - m)) {
                end = Some(k);
            }
        }
        end
    }

    /// Token `j` stands between spaces with a capitalised word after it (a given name).
    fn before_given(&self, j: usize) -> bool {
        self.sep(j) == Sep::Space && j + 1 < self.toks.len() && self.sep(j + 1) == Sep::Space && self.toks[j + 1].shape == Shape::Title
    }

    fn is_title_at(&self, i: usize) -> Option<(Hit, usize)> {
        self.match_tokens(&TITLES, i)
            .filter(|(h, _)| !is_non_title(h.entry))
    }

    fn is_strong_honorific(&self, i: usize) -> bool {
        self.toks[i].shape == Shape::Lower
            && self.match_tokens(&HONORIFICS, i).is_some_and(|(h, _)| {
                HONORIFICS.fields(h.entry).first().map(String::as_str) == Some("strong")
            })
    }

    /// True when a name is a paragraph of its own: an author line the zones missed.
    fn is_own_paragraph(&self, span: Span) -> bool {
        let i = self.doc.paragraphs.partition_point(|p| p.end < span.end);
        self.doc.paragraphs.get(i).is_some_and(|p| {
            p.start == span.start
                && self.doc.text[span.end..p.end]
                    .chars()
                    .all(|c| !c.is_alphanumeric())
        })
    }

    /// True when a name ends the document's last paragraphs, alone or with a source in
    /// parentheses, after a sentence end: "… đề ra. Lê Thu Hà (TTXVN)".
    fn is_signature(&self, span: Span) -> bool {
        let ps = &self.doc.paragraphs;
        let i = ps.partition_point(|p| p.end < span.end);
        let Some(p) = ps.get(i) else { return false };
        if i + 3 < ps.len() || p.start > span.start {
            return false;
        }
        let before = self.doc.text[p.start..span.start].trim_end();
        let after = self.doc.text[span.end..p.end].trim();
        let after_ok = after.is_empty()
            || (after.starts_with('(')
                && after.ends_with(')')
                && after.chars().count() <= 24
                && !after[1..].contains('('));
        let before_ok = before.is_empty() || before.ends_with(['.', '!', '?', '…', '"', '”']);
        after_ok && before_ok
    }

    /// True when the span overlaps a zone that is not running text (binary search).
    fn in_furniture(&self, span: Span) -> bool {
        let i = self.furniture.partition_point(|z| z.end <= span.start);
        self.furniture.get(i).is_some_and(|z| z.start < span.end)
    }

    fn in_headline(&self, span: Span) -> bool {
        self.headline.is_some_and(|h| h.overlaps(span))
    }

    fn key_of_tok(&self, i: usize) -> &str {
        &self.doc.key[self.toks[i].s..self.toks[i].e]
    }

    /// Token `j` ends a given name: a word that starts an organisation or a sentence
    /// (`data/name_breaks.tsv`) — unless it is also a given name (field "given") and closes the
    /// name before a comma, a dash or the line's end ("Ông Trần Quốc Trường, Công chức …"); a
    /// common given name (fields "name", "middle") also before a lower-case word ("Bà Lê Thị Hội
    /// đề nghị …").
    /// A common middle name among them (field "middle") goes on with the name right after the
    /// family name, before a given name ("Ông Nguyễn Trường Sơn"), unless an organisation starts
    /// there ("Đoàn Trường Đại học …").
    fn breaks_name(&self, j: usize, after_family: bool) -> bool {
        let Some((h, e)) = self.match_tokens(&NAME_BREAKS, j) else { return false };
        let field = NAME_BREAKS.fields(h.entry).first().map(String::as_str);
        let given = matches!(field, Some("given" | "name" | "middle"));
        // Before a lower-case word (a verb: "Ông Vũ Văn Viện cho biết"), unless the two make an
        // organisation's head ("Viện kiểm sát").
        let before_lower = matches!(field, Some("name" | "middle"))
            && e < self.toks.len()
            && self.sep(e) == Sep::Space
            && self.toks[e].shape == Shape::Lower
            && self.match_tokens(&crate::org::ORG_TYPES, j).is_none_or(|(_, end)| end <= e);
        let closes = e >= self.toks.len() || matches!(self.sep(e), Sep::Comma | Sep::Dash | Sep::Other) || before_lower;
        let middle = field == Some("middle")
            && after_family
            && e < self.toks.len()
            && self.sep(e) == Sep::Space
            && self.toks[e].shape == Shape::Title
            && self.match_tokens(&NAME_BREAKS, e).is_none()
            && self.match_tokens(&crate::org::ORG_TYPES, j).is_none_or(|(_, end)| end <= e);
        !(given && closes || middle)
    }

    /// Step 1: full-name candidates.
    fn candidates(&mut self) -> Vec<Cand> {
        let n = self.toks.len();
        let mut out = Vec::new();
        let mut blocked_run_end: Option<usize> = None;
        let mut i = 0;
        while i < n {
            // "K’ Vấn": a letter and its apostrophe in the family name's place.
            let prefix = self.apostrophe_prefix(i);
            // "Y Blô Niê": a letter in the family name's place, the clan name last.
            let clan_end = if prefix { None } else { self.family_last_name(i) };
            if self.toks[i].shape != Shape::Title && !prefix && clan_end.is_none() {
                i += 1;
                continue;
            }
            if let Some(end) = self.is_place(i) {
                i = end;
                continue;
            }
            let (fam, fam_end) = if prefix || clan_end.is_some() {
                (None, i + 1)
            } else if let Some((h, e)) = self.match_tokens(&FAMILY_NAMES, i) {
                (Some(h.entry), e)
            } else {
                i += 1;
                continue;
            };
            let fam_field = |f: &str| fam.is_some_and(|e| FAMILY_NAMES.fields(e).first().is_some_and(|x| x == f));
            // A family name that is also a common word ("Vàng", "Mùa") only before a middle name.
            if fam_field("middle") && !self.upland_middle(fam_end) {
                i += 1;
                continue;
            }
            // "Ông Lê Văn A": an honorific that is also a family name, before a name.
            if fam_end < self.toks.len()
                && self.sep(fam_end) == Sep::Space
                && self
                    .match_tokens(&HONORIFICS, i)
                    .is_some_and(|(_, e)| e == fam_end)
                && (self.toks[fam_end].shape == Shape::Title || self.is_middle_a(fam_end))
            {
                i += 1;
                continue;
            }
            // "Đồng Chí Nguyễn Minh" at a line's start: a capitalised honorific, then a name.
            if self
                .match_tokens(&HONORIFICS, i)
                .is_some_and(|(_, e)| e > fam_end && e < n && self.sep(e) == Sep::Space && self.match_tokens(&FAMILY_NAMES, e).is_some())
            {
                i += 1;
                continue;
            }
            if (i + 1..fam_end)
                .any(|k| self.toks[k].shape != Shape::Title || self.sep(k) != Sep::Space)
            {
                i += 1;
                continue;
            }
            let mut j = clan_end.unwrap_or(fam_end);
            while clan_end.is_none()
                && j < n
                && j - fam_end < 4
                && (self.toks[j].shape == Shape::Title || (j == fam_end && self.is_middle_a(j)))
                && (self.sep(j) == Sep::Space || (prefix && j == fam_end))
                && self.is_title_at(j).is_none()
                && !self.breaks_name(j, j == fam_end)
                && (j == fam_end || self.is_place(j).is_none())
                && self.match_tokens(&RANKS, j).is_none()
            {
                j += 1;
            }
            let given = j - fam_end;
            if given == 0 {
                i += 1;
                continue;
            }
            if given > 3 && clan_end.is_none() {
                // Too long for a name: a later word may start one.
                i += 1;
                continue;
            }
            let class = if i > 0 && self.sep(i) == Sep::Space {
                self.place_class_blocks(i)
            } else {
                None
            };
            // The next item of a list of places: "đường Lê Lợi, Trần Phú và Hai Bà Trưng".
            // Not a name given an age: "huyện Ninh Hải và Nguyễn Văn Phi (23 tuổi)".
            let listed = blocked_run_end.is_some_and(|e| {
                (e == i && matches!(self.sep(i), Sep::Comma | Sep::Dash))
                    || (e + 1 == i && self.key_of_tok(e) == "và" && self.sep(i) == Sep::Space)
            }) && !self.age_follows(j);
            // "Phó chủ tịch UBND xã Trần Phước A Nguyễn Văn Tâm": after a title and its
            // administrative unit, a name that a full name follows is the unit's place name.
            if class == Some(false)
                && let Some(p) = self.full_name_after(i)
            {
                let mut q = p;
                while q > i + 1 && self.is_letter(q - 1) {
                    q -= 1;
                }
                // With its letter and without ("Trần Phước A" read bare keeps it as an initial).
                self.places.insert(self.doc.key[self.toks[i].s..self.toks[q - 1].e].to_string());
                self.places.insert(self.doc.key[self.toks[i].s..self.toks[p - 1].e].to_string());
                i = p;
                continue;
            }
            if class == Some(true) || listed {
                // A place or unit named after a person. An area's name is kept for the document
                // (`places`), except after its head's title: "phó thôn Đỗ Văn A" may be the
                // deputy's name.
                let area = class == Some(true)
                    && self.class_ending(i).is_some_and(|(h, _)| matches!(PLACE_NAMES.fields(h.entry).get(1).map(String::as_str), Some("admin" | "area")))
                    && self.match_ending(&TITLES, i).is_none();
                if area {
                    self.places.insert(self.doc.key[self.toks[i].s..self.toks[j - 1].e].to_string());
                }
                blocked_run_end = Some(j);
                i = j;
                continue;
            }
            // "Tỉnh ủy Hòa Lạc Trịnh Văn Khải": the first word ends a place name before the name
            // (not after an honorific: "Ông Trần Ngô Như Khánh" has two family names).
            if j - i == 4
                && clan_end.is_none()
                && i > 0
                && self.sep(i) == Sep::Space
                && self.toks[i - 1].shape == Shape::Title
                && self.match_ending(&HONORIFICS, i).is_none()
                && self.key_of_tok(i + 1) != "văn"
                && self
                    .match_tokens(&FAMILY_NAMES, i + 1)
                    .is_some_and(|(_, e)| e == i + 2)
            {
                i += 1;
                continue;
            }
            // A foreign name glued to more ("Chu Mi-ae").
            if j < n
                && self.sep(j) == Sep::Glue
                && !self.doc.text[self.toks[j - 1].e..self.toks[j].s].starts_with('.')
            {
                i = j;
                continue;
            }
            // An initial ending an anonymised name: "Nguyễn Văn B", "Trần Thị H.L.".
            while j < n
                && self.toks[j].shape == Shape::Upper
                && self.toks[j].e - self.toks[j].s <= 2
                && self.doc.text[self.toks[j].s..self.toks[j].e]
                    .chars()
                    .count()
                    == 1
                && (self.sep(j) == Sep::Space
                    || (self.sep(j) == Sep::Glue && self.toks[j - 1].shape == Shape::Upper))
                && (j + 1 >= n
                    || !matches!(self.sep(j + 1), Sep::Space | Sep::Glue)
                    || self.toks[j + 1].shape != Shape::Title)
            {
                j += 1;
            }
            // "các xã Sán Hồ 1, Thào Chư Phìn 2": a numbered place, never a name.
            if j + 1 < n
                && self.sep(j) == Sep::Space
                && self.toks[j].shape == Shape::Digit
                && (j + 2 >= n || matches!(self.sep(j + 1), Sep::Comma | Sep::Dash) || self.key_of_tok(j + 1) == "và")
                && self.match_ending(&HONORIFICS, i).is_none()
            {
                blocked_run_end = Some(j + 1);
                i = j + 1;
                continue;
            }
            // "số 12 Lê Lợi": an address.
            if i > 0
                && self.sep(i) == Sep::Space
                && matches!(self.toks[i - 1].shape, Shape::Digit | Shape::Mixed)
            {
                blocked_run_end = Some(j);
                i = j;
                continue;
            }
            // "tuyến đường như Lê Lợi, Trần Phú": a list of places.
            if i >= 2
                && self.sep(i) == Sep::Space
                && self.key_of_tok(i - 1) == "như"
                && self.sep(i - 1) == Sep::Space
                && self.is_place_class_ending(i - 1)
            {
                blocked_run_end = Some(j);
                i = j;
                continue;
            }
            let span = Span::new(self.toks[i].s, self.toks[j - 1].e);
            if self.in_furniture(span) || self.is_own_paragraph(span) || self.is_signature(span) {
                i = j;
                continue;
            }
            out.push(Cand {
                first: i,
                last: j,
                span,
                key: apostrophe_key(&self.doc.key[span.start..span.end]),
                syllables: j - i,
                rank: None,
                roles: Vec::new(),
                supported: false,
                weak: class == Some(false) && j - i < 3,
                // ("Văn", "Thị" open a person's given name, never a phrase's end: "Đặng Văn Lâm".)
                place_given: j - fam_end >= 2
                    && self.is_place(fam_end) == Some(j)
                    && !GIVEN_OPENERS.contains(self.key_of_tok(fam_end))
                    && (fam_field("place_word") || self.capital_before(i)),
                headline: self.in_headline(span),
                personal: false,
            });
            self.name_start[i] = true;
            self.name_last.insert(i, j);
            i = j;
        }
        out
    }

    /// The end (byte) of the organisation phrase that follows a title ending before token `from`.
    /// Returns `None` when the phrase is empty.
    fn org_extent(&self, from: usize, title_end: usize) -> Option<usize> {
        let n = self.toks.len();
        let mut j = from;
        let mut good: Option<usize> = None;
        let mut good_tok = from;
        let mut pending = 0usize;
        let mut pending_end = 0usize;
        let mut first_pending_end = 0usize;
        // Whether the phrase ended at punctuation (or the end of the text) rather than at a word.
        let mut at_punct = true;
        while j < n && j - from < 30 {
            let sep = if j == from {
                classify_sep(&self.doc.text[title_end.min(self.toks[j].s)..self.toks[j].s])
            } else {
                self.sep(j)
            };
            match sep {
                Sep::Space => {}
                Sep::Glue => {
                    if j == from || good_tok != j || self.toks[j].shape == Shape::Lower {
                        break;
                    }
                }
                Sep::Open => {
                    // A parenthesis naming the parent body: "(Bộ Công an)".
                    if j == from || !matches!(self.toks[j].shape, Shape::Title | Shape::Upper) {
                        break;
                    }
                    let mut k = j + 1;
                    while k < n && k - j < 10 && matches!(self.sep(k), Sep::Space | Sep::Glue) {
                        k += 1;
                    }
                    if k == n || self.sep(k) == Sep::Close {
                        let close = self.doc.text[self.toks[k - 1].e..]
                            .find(')')
                            .map(|p| self.toks[k - 1].e + p + 1);
                        if let Some(c) = close {
                            return Some(c);
                        }
                    }
                    break;
                }
                // "Tổng cục Hậu cần - Kỹ thuật".
                Sep::Dash
                    if j > from
                        && good.is_some()
                        && pending <= 1
                        && self.toks[j].shape == Shape::Title
                        && self.doc.text[self.toks[j - 1].e..self.toks[j].s].trim() != ":" => {}
                _ => break,
            }
            if self.name_start[j]
                || self.is_strong_honorific(j)
                || self.match_tokens(&RANKS, j).is_some()
                || self.foreign_name_at(from, j)
            {
                at_punct = false;
                break;
            }
            if self.is_title_at(j).is_some()
                || self.match_tokens(&NAME_BREAKS, j).is_some_and(|(h, _)| {
                    NAME_BREAKS.fields(h.entry).first().map(String::as_str) == Some("org")
                })
            {
                at_punct = false;
                break;
            }
            match self.toks[j].shape {
                Shape::Title | Shape::Upper | Shape::Mixed => {
                    good = Some(self.toks[j].e);
                    good_tok = j + 1;
                    pending = 0;
                }
                Shape::Digit => {
                    let after_class =
                        self.is_place_class_ending(j) || self.key_of_tok(j - 1) == "số";
                    if after_class && (good_tok == j || pending > 0) {
                        good = Some(self.toks[j].e);
                        good_tok = j + 1;
                        pending = 0;
                    } else {
                        at_punct = false;
                        break;
                    }
                }
                Shape::Lower => {
                    if let Some((h, end)) = self.match_tokens(&PLACE_NAMES, j)
                        && PLACE_NAMES.fields(h.entry).first().map(String::as_str) == Some("class")
                    {
                        good = Some(self.toks[end - 1].e);
                        good_tok = end;
                        pending = 0;
                        j = end;
                        continue;
                    }
                    // "Sở Kế hoạch và Đầu tư".
                    if self.key_of_tok(j) == "và"
                        && pending <= 1
                        && good.is_some()
                        && j + 1 < n
                        && self.sep(j + 1) == Sep::Space
                        && matches!(self.toks[j + 1].shape, Shape::Title | Shape::Upper)
                        && !self.name_start[j + 1]
                        && self.is_title_at(j + 1).is_none()
                    {
                        pending += 1;
                        if pending == 1 {
                            first_pending_end = self.toks[j].e;
                        }
                        pending_end = self.toks[j].e;
                        j += 1;
                        continue;
                    }
                    if self.match_tokens(&ROLE_STOPS, j).is_some() {
                        at_punct = false;
                        break;
                    }
                    pending += 1;
                    if pending == 1 {
                        first_pending_end = self.toks[j].e;
                    }
                    pending_end = self.toks[j].e;
                    if pending > 3 {
                        // Keep the word that completes the last capitalised one ("Cục Quản lý").
                        at_punct = false;
                        pending = 1;
                        pending_end = first_pending_end;
                        break;
                    }
                }
            }
            j += 1;
        }
        // Trailing lower-case words: one right after a capitalised word completes it ("Công an",
        // "Đảng ủy"); two are kept only when punctuation ends the phrase.
        if good.is_some() && pending == 2 && at_punct {
            good = Some(pending_end);
        } else if good.is_some() && pending >= 1 && first_pending_end > 0 {
            good = Some(first_pending_end);
        }
        good
    }

    /// The title hit starting at token `i`, if it is a real title.
    fn title_hit_at(&self, i: usize) -> Option<(Hit, usize)> {
        self.is_title_at(i)
    }

    /// A role starting at token `i` (a title there): its hit and end byte.
    fn role_at(&self, i: usize) -> Option<(RoleHit, usize)> {
        let (hit, end_tok) = self.title_hit_at(i)?;
        let end = self
            .org_extent(end_tok, hit.span.end)
            .unwrap_or(hit.span.end);
        Some((
            RoleHit {
                span: Span::new(hit.span.start, end),
                title: canonical_title(hit.entry),
            },
            end,
        ))
    }

    /// Roles in the chain that ends right before token `anchor` ("…, Bí thư Thành ủy Hà Nội ⟨anchor⟩").
    fn roles_before(&self, anchor: usize, mut first_sep: Sep) -> Vec<RoleHit> {
        let mut out = Vec::new();
        let mut a = anchor;
        loop {
            if a == 0 {
                break;
            }
            let limit = self.toks[a].s;
            // The nearest real title ending before the anchor.
            let idx = self.titles.partition_point(|h| h.span.end <= limit);
            let mut found = None;
            for h in self.titles[..idx].iter().rev().take(16) {
                if is_non_title(h.entry) {
                    continue;
                }
                found = Some(*h);
                break;
            }
            let Some(h) = found else { break };
            let (Some(ts), Some(te)) =
                (self.tok_starting(h.span.start), self.tok_ending(h.span.end))
            else {
                break;
            };
            if a - te > 14 {
                break;
            }
            // The gap between the title and the anchor must be an organisation phrase.
            let gap_end = a; // tokens te+1 .. a
            let mut ok = true;
            for k in te + 1..gap_end {
                let sep = self.sep(k);
                if !matches!(sep, Sep::Space | Sep::Glue | Sep::Open | Sep::Close) {
                    ok = false;
                    break;
                }
                // "Thủ tướng Nhật Bản ⟨name⟩, Thủ tướng Chính phủ ⟨anchor⟩": the guest's title.
                if self.name_start[k] || self.is_strong_honorific(k) || self.foreign_name_at(te + 1, k) {
                    ok = false;
                    break;
                }
                let and_title = self.key_of_tok(k) == "và"
                    && k + 1 < gap_end
                    && self.toks[k + 1].shape == Shape::Title
                    && self.is_title_at(k + 1).is_none();
                if self.toks[k].shape == Shape::Lower
                    && !and_title
                    && self.match_tokens(&ROLE_STOPS, k).is_some()
                    && !self.is_place_class_ending(k + 1)
                {
                    ok = false;
                    break;
                }
            }
            // Between the title (or its organisation) and the anchor: the expected separator.
            let last_sep = self.sep(a);
            let sep_ok = match first_sep {
                Sep::Space => matches!(last_sep, Sep::Space | Sep::Close),
                Sep::Comma => last_sep == Sep::Comma,
                _ => false,
            };
            if !ok || !sep_ok {
                break;
            }
            let end = self.toks[a - 1].e;
            let end = if last_sep == Sep::Close {
                self.doc.text[end..self.toks[a].s]
                    .find(')')
                    .map_or(end, |p| end + p + 1)
            } else {
                end
            };
            out.push(RoleHit {
                span: Span::new(h.span.start, end),
                title: canonical_title(h.entry),
            });
            a = ts;
            if a == 0 {
                break;
            }
            match self.sep(a) {
                Sep::Comma => first_sep = Sep::Comma,
                _ => break,
            }
            // The role before the comma must end right there: the next loop looks for it.
        }
        out.reverse();
        out
    }

    /// Roles in the chain after a name ending before token `after`: ", Bí thư Đảng ủy, Giám đốc
    /// Công an thành phố", " - Trưởng ban …", "… làm Trưởng đoàn".
    /// When token `k` opens a short parenthesis giving an age or a birth year ("(39 tuổi)",
    /// "(SN 1980)", "(sinh năm 1980)"), the token after it.
    fn age_parenthesis_end(&self, k: usize) -> Option<usize> {
        let n = self.toks.len();
        let mut j = k;
        let mut digit = false;
        while j < n && j - k < 4 {
            if j > k && !matches!(self.sep(j), Sep::Space) {
                break;
            }
            match self.toks[j].shape {
                Shape::Digit => digit = true,
                Shape::Lower | Shape::Upper => {}
                _ => return None,
            }
            j += 1;
        }
        let close = &self.doc.text[self.toks[j - 1].e..];
        let closed = close.trim_start_matches([' ', '\u{a0}']).starts_with(')');
        let words_ok = self.toks[k..j].iter().all(|t| {
            let w = fold(&self.doc.text[t.s..t.e]);
            t.shape == Shape::Digit || AGE_WORDS.contains(&w)
        });
        (digit && closed && words_ok).then_some(j)
    }

    fn roles_after(&self, after: usize) -> Vec<RoleHit> {
        let n = self.toks.len();
        let mut out = Vec::new();
        let mut k = after;
        let mut sep = self.sep(k);
        // "Lê Văn A (39 tuổi), Chi cục phó …", "(SN 1980), …": skip the age or birth year.
        if k < n
            && sep == Sep::Open
            && let Some(next) = self.age_parenthesis_end(k)
        {
            k = next;
            sep = if k < n { self.sep(k) } else { Sep::Other };
            if sep == Sep::Close && k < n {
                // "), " reads as the separator after the parenthesis.
                let gap = &self.doc.text[self.toks[k - 1].e..self.toks[k].s];
                let rest = gap.trim_start().strip_prefix(')').unwrap_or(gap);
                sep = match classify_sep(rest) {
                    s @ (Sep::Comma | Sep::Dash) => s,
                    _ => Sep::Other,
                };
            }
        }
        while k < n && matches!(sep, Sep::Comma | Sep::Dash) {
            let Some((role, end)) = self.role_at(k) else {
                break;
            };
            let next = self.toks.partition_point(|t| t.s < end);
            let after = if next < n {
                classify_sep(&self.doc.text[end..self.toks[next].s])
            } else {
                Sep::Other
            };
            // A title directly followed by a name belongs to that name ("…, Thủ tướng Lào ⟨name⟩").
            let foreign = || self.title_hit_at(k).is_some_and(|(_, t)| self.foreign_name_at(t, next));
            if next < n && after == Sep::Space && (self.name_start[next] || foreign()) {
                break;
            }
            out.push(role);
            k = next;
            sep = after;
        }
        // "… làm Trưởng đoàn".
        if k + 1 < n
            && self.key_of_tok(k) == "làm"
            && matches!(sep, Sep::Space | Sep::Comma)
            && let Some((role, _)) = self.role_at(k + 1)
        {
            out.push(role);
        }
        out
    }

    /// Step 2: ranks and roles beside each candidate.
    fn attach(&self, c: &mut Cand) {
        let mut anchor = c.first;
        let mut introduced = false;
        if let Some((h, start)) = self.match_ending(&RANKS, anchor)
            && self.sep(anchor) == Sep::Space
        {
            c.rank = RANKS
                .fields(h.entry)
                .first()
                .cloned()
                .or_else(|| Some(RANKS.entry(h.entry).pattern.clone()));
            anchor = start;
            introduced = true;
        }
        if anchor > 0
            && self.sep(anchor) == Sep::Space
            && let Some((h, start)) = self.match_ending(&HONORIFICS, anchor)
            && HONORIFICS.fields(h.entry).first().map(String::as_str) != Some("short")
        {
            anchor = start;
            introduced = true;
        }
        let mut roles = self.roles_before(anchor, Sep::Space);
        if roles.is_empty() && anchor > 0 && self.sep(anchor) == Sep::Comma && c.rank.is_some() {
            // "Thứ trưởng Bộ Công an, Thượng tướng Nguyễn Văn A".
            roles = self.roles_before(anchor, Sep::Comma);
        }
        // "Trung tướng, Thứ trưởng Bộ Công an Nguyễn Văn A": a rank before the chain.
        if c.rank.is_none()
            && let Some(first) = roles.first().and_then(|r| self.tok_starting(r.span.start))
            && first > 0
            && matches!(self.sep(first), Sep::Comma | Sep::Space)
            && let Some((h, _)) = self.match_ending(&RANKS, first)
        {
            c.rank = RANKS.fields(h.entry).first().cloned();
        }
        // "Trưởng thôn Cà Ngo": a role ending in a place-class word says as much of a place.
        let place_head = || self.match_ending(&PLACE_NAMES, c.first).is_some_and(|(h, _)| PLACE_NAMES.fields(h.entry).first().is_some_and(|f| f == "class"));
        let personal_before = !roles.is_empty() && !place_head();
        let mut after = self.roles_after(c.last);
        // "Lê Văn A và Trần Văn B, Phó Giám đốc": coordinated names share the apposition.
        if after.is_empty()
            && c.last + 1 < self.toks.len()
            && self.key_of_tok(c.last) == "và"
            && self.sep(c.last) == Sep::Space
            && self.sep(c.last + 1) == Sep::Space
            && let Some(&other_last) = self.name_last.get(&(c.last + 1))
        {
            after = self.roles_after(other_last);
        }
        let before = roles.len();
        roles.extend(after);
        let member = self.member_item(c, &mut roles) || self.heading_role(c, &mut roles);
        c.supported = !c.weak && (introduced || member || !roles.is_empty() || (c.syllables >= 3 && !c.place_given));
        c.personal = introduced || member || personal_before || roles.len() > before || c.rank.is_some();
        c.roles = roles;
    }

    /// Step 2c: a name in a list after a title heading its line ("- Các Phó Thủ tướng Chính phủ:
    /// Lê Văn A, Trần Văn B, Đỗ Văn C."): the heading, without "các", is the role of each name of
    /// the list, when the rest of the line is that list alone. True when the name is in one.
    fn heading_role(&self, c: &Cand, roles: &mut Vec<RoleHit>) -> bool {
        let text = self.doc.text.as_str();
        let Some(line_start) = crate::scan::line_start_within(text, c.span.start, HEADING_LIST_MAX) else { return false };
        let line = &text[line_start..c.span.start];
        let Some(colon) = line.find(':').filter(|_| !c.headline) else { return false };
        let mut from = line_start + crate::scan::item_marker_len(line);
        for quantifier in ["các ", "những "] {
            if self.doc.key[from..].starts_with(quantifier) {
                from += quantifier.len();
            }
        }
        let Some(tok) = self.tok_starting(from) else { return false };
        let Some((h, _)) = self.is_title_at(tok) else { return false };
        // The heading: the title and its organisation, no name ("Bộ trưởng Lê Văn A: …" is no
        // heading of a list).
        let heading = Span::new(from, line_start + colon);
        let words = self.doc.text[heading.start..heading.end].split_whitespace().count();
        let named = (tok..self.toks.len()).take_while(|&k| self.toks[k].s < heading.end).any(|k| self.name_start[k]);
        if h.span.end > heading.end || words > 12 || named {
            return false;
        }
        // After the colon, the line is a list of names and nothing else: parts of two to five
        // capitalised words between commas and "và" (not "…: Ông Lê Văn A cho biết").
        let Some(line_end) = crate::scan::line_end_within(text, c.span.end, HEADING_LIST_MAX, &['\n']) else { return false };
        let list = text[line_start + colon + 1..line_end].trim().trim_end_matches(['.', ';']);
        let names_only = list.split(',').flat_map(|p| p.split(" và ")).all(|part| {
            let mut n = 0;
            part.split_whitespace().all(|w| {
                n += 1;
                w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic)
            }) && (2..=5).contains(&n)
        });
        if !names_only {
            return false;
        }
        if !roles.iter().any(|r| r.span == heading) {
            roles.push(RoleHit { span: heading, title: canonical_title(h.entry) });
        }
        true
    }

    /// Step 2b: a member of a body in a list item ("3. Ông Lê Văn A, Chuyên viên Phòng Tổng hợp,
    /// Sở Nội vụ: Thành viên;"), the form of a decision's membership list. The item is the line
    /// that starts with the name (after its number and an honorific): an apposition follows the
    /// name, and after the item's last colon comes only the member's place in the body, a title
    /// or a word of `data/member_roles.tsv`; that place is added to `roles`. When the apposition
    /// gave no role, the whole of it is one where it starts with a staff grade
    /// (`data/staff_grades.tsv`: "Chuyên viên", "Cán bộ", which name anyone's job elsewhere).
    /// True when the name is such an item's.
    fn member_item(&self, c: &Cand, roles: &mut Vec<RoleHit>) -> bool {
        let text = self.doc.text.as_str();
        // Both ends are sought within a bound (a paragraph of many names is no list, and must not
        // be read again for each).
        let Some(line_start) = crate::scan::line_start_within(text, c.span.start, ITEM_LEAD_MAX) else { return false };
        if !is_item_lead(&text[line_start..c.span.start]) {
            return false;
        }
        // The item ends at the line's end or its first semicolon ("…: Thành viên; 4. Bà …").
        let Some(item_end) = crate::scan::line_end_within(text, c.span.end, ITEM_MAX, &['\n', ';']) else { return false };
        let item = &text[c.span.end..item_end];
        let lead = item.len() - item.trim_start().len();
        let Some(sep) = item[lead..].chars().next().filter(|ch| matches!(ch, ',' | '-' | '–')) else {
            return false;
        };
        let Some(colon) = item.rfind(':') else {
            return false;
        };
        // The member's place: the rest of the item, a title or member role and nothing else.
        let rest = &item[colon + 1..];
        let place = rest.trim_start().trim_end_matches([' ', '.', ',', '/', '\u{a0}']);
        let place_start = c.span.end + colon + 1 + (rest.len() - rest.trim_start().len());
        let place = Span::new(place_start, place_start + place.len());
        let Some(tok) = self.tok_starting(place.start) else {
            return false;
        };
        let hit = self
            .is_title_at(tok)
            .map(|(h, _)| (h.span.end, canonical_title(h.entry)))
            .or_else(|| self.match_tokens(&MEMBER_ROLES, tok).map(|(h, _)| (h.span.end, fold(h.span.of(&self.doc.key)))));
        let Some((hit_end, title)) = hit else {
            return false;
        };
        // After the title, a few words at most, the first capitalised ("Phó Đội trưởng Thường
        // trực"), not a sentence ("cho biết: Thành viên đã đủ").
        let words_ok = text[hit_end..place.end]
            .split_whitespace()
            .enumerate()
            .all(|(i, w)| i < 3 && w.chars().all(char::is_alphabetic) && (i > 0 || w.starts_with(char::is_uppercase)));
        if place.is_empty() || !words_ok {
            return false;
        }
        // The position before the colon: the whole of it ("Trưởng phòng An ninh mạng và phòng,
        // chống tội phạm …, Công an tỉnh"), where it starts with a title or a staff grade and
        // the apposition chain read at most one role there (which it may have cut short).
        let d = &text[c.span.end + lead + sep.len_utf8()..c.span.end + colon];
        let start = c.span.end + colon - d.trim_start().len();
        let desc = Span::new(start, start + d.trim().len());
        let inside = roles.iter().filter(|r| desc.start <= r.span.start && r.span.start < desc.end).count();
        if inside <= 1
            && let Some(tok) = self.tok_starting(desc.start)
            && let Some(title) = self
                .is_title_at(tok)
                .map(|(h, _)| canonical_title(h.entry))
                .or_else(|| self.match_tokens(&STAFF_GRADES, tok).map(|(h, _)| fold(h.span.of(&self.doc.key))))
        {
            roles.retain(|r| !(desc.start <= r.span.start && r.span.start < desc.end));
            let at = roles.partition_point(|r| r.span.start < desc.start);
            roles.insert(at, RoleHit { span: desc, title });
        }
        if !roles.iter().any(|r| r.span.start == place.start) {
            roles.push(RoleHit { span: place, title });
        }
        true
    }

    fn run(mut self) -> Vec<Person> {
        let mut cands = self.candidates();
        for c in cands.iter_mut() {
            self.attach(c);
        }
        // Two-syllable names need support somewhere in the document.
        let supported: std::collections::HashSet<String> = cands
            .iter()
            .filter(|c| c.supported)
            .map(|c| c.key.clone())
            .collect();
        cands.retain(|c| supported.contains(&c.key));
        // A name the document gives a place is that place where nothing says it is a person
        // ("xã Ninh Thạnh Lợi A" … "Ninh Thạnh Lợi A có 5 ấp").
        let personal: std::collections::HashSet<String> = cands.iter().filter(|c| c.personal).map(|c| c.key.clone()).collect();
        cands.retain(|c| personal.contains(&c.key) || !self.places.contains(&c.key));
        // Merge by name; a name that is the tail of a longer name is that person.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut by_suffix: HashMap<&str, Vec<&str>> = HashMap::new();
        for c in &cands {
            if !seen.insert(c.key.as_str()) {
                continue;
            }
            // Every proper tail of the name ("đình huệ", "huệ" of "vương đình huệ").
            let mut at = 0;
            while let Some(sp) = c.key[at..].find(' ') {
                at += sp + 1;
                by_suffix
                    .entry(&c.key[at..])
                    .or_default()
                    .push(c.key.as_str());
            }
        }
        let mut alias: HashMap<String, String> = HashMap::new();
        for k in &seen {
            if let Some(longer) = by_suffix.get(k)
                && longer.len() == 1
            {
                alias.insert((*k).to_string(), longer[0].to_string());
            }
        }
        let mut people: Vec<Acc> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        // Full names first (in text order), then tails.
        for c in cands.iter().filter(|c| !alias.contains_key(&c.key)) {
            let i = *index.entry(c.key.clone()).or_insert_with(|| {
                people.push(Acc {
                    name: self.doc.text[c.span.start..c.span.end].to_string(),
                    key: c.key.clone(),
                    rank: None,
                    roles: Vec::new(),
                    mentions: Vec::new(),
                    first: c.span.start,
                });
                people.len() - 1
            });
            let p = &mut people[i];
            if p.rank.is_none() {
                p.rank = c.rank.clone();
            }
            p.mentions.push(c.span);
            for r in &c.roles {
                add_role(p, self.role_acc(r, c.headline));
            }
        }
        for c in cands.iter().filter(|c| alias.contains_key(&c.key)) {
            let Some(&i) = alias.get(&c.key).and_then(|k| index.get(k)) else {
                continue;
            };
            let p = &mut people[i];
            if p.rank.is_none() {
                p.rank = c.rank.clone();
            }
            p.mentions.push(c.span);
            for r in &c.roles {
                add_role(p, self.role_acc(r, c.headline));
            }
        }
        // Names in the headline only keep the body's wording of roles where both exist; done in
        // add_role. Short references next.
        self.short_references(&mut people, &cands);
        for p in people.iter_mut() {
            p.mentions.sort();
            p.mentions.dedup();
        }
        people.sort_by_key(|p| p.first);
        people
            .into_iter()
            .map(|p| Person {
                name: p.name,
                rank: p.rank,
                roles: p
                    .roles
                    .into_iter()
                    .map(|r| Role {
                        text: r.text,
                        span: r.span,
                    })
                    .collect(),
                mentions: p.mentions,
            })
            .collect()
    }

    fn role_acc(&self, r: &RoleHit, headline: bool) -> RoleAcc {
        let text = clean_role(&self.doc.text[r.span.start..r.span.end]).to_string();
        let span = Span::new(r.span.start, r.span.start + text.len());
        RoleAcc {
            words: role_words(&r.title, &self.doc.key[span.start..span.end]),
            text,
            span,
            headline,
        }
    }

    /// Step 4: "ông Khang", "Bí thư Nhân", and roles alone.
    fn short_references(&self, people: &mut [Acc], cands: &[Cand]) {
        if people.is_empty() {
            return;
        }
        let n = self.toks.len();
        let mut covered: Vec<bool> = vec![false; n];
        for c in cands {
            covered[c.first..c.last].fill(true);
        }
        for p in people.iter_mut() {
            p.mentions.sort();
        }
        // Spans of roles attached to names: not role-only references.
        let mut attached: Vec<Span> = cands
            .iter()
            .flat_map(|c| c.roles.iter().map(|r| r.span))
            .collect();
        attached.sort();
        let max_end: Vec<usize> = attached
            .iter()
            .scan(0usize, |m, a| {
                *m = (*m).max(a.end);
                Some(*m)
            })
            .collect();
        // Whether a span overlaps an attached role (sorted starts, running maximum of ends).
        let overlaps_attached = |sp: Span| {
            let i = attached.partition_point(|a| a.start < sp.end);
            i > 0 && max_end[i - 1] > sp.start
        };
        // People by the last syllable of their name.
        let mut lasts: HashMap<&str, Vec<usize>> = HashMap::new();
        for (pi, p) in people.iter().enumerate() {
            lasts
                .entry(p.key.rsplit(' ').next().unwrap_or(""))
                .or_default()
                .push(pi);
        }
        let mut refs: Vec<(usize, Span)> = Vec::new();
        // (a) introducer + one capitalised syllable.
        #[allow(clippy::needless_range_loop)]
        for i in 1..n {
            if covered[i] || self.toks[i].shape != Shape::Title || self.sep(i) != Sep::Space {
                continue;
            }
            if i + 1 < n && self.toks[i + 1].shape == Shape::Title && self.sep(i + 1) == Sep::Space
            {
                continue;
            }
            let w = self.key_of_tok(i);
            let Some(matches) = lasts.get(w) else {
                continue;
            };
            let intro = self
                .match_ending(&HONORIFICS, i)
                .or_else(|| self.match_ending(&RANKS, i))
                .or_else(|| {
                    self.match_ending(&TITLES, i)
                        .filter(|(h, _)| !is_non_title(h.entry))
                })
                .map(|(_, start)| start);
            let Some(start) = intro else { continue };
            let span = Span::new(self.toks[start].s, self.toks[i].e);
            if self.in_furniture(span) {
                continue;
            }
            let p = nearest(people, matches, span.start);
            refs.push((p, span));
        }
        // (b) a role alone: "đồng chí Bí thư Thành ủy", "Chủ tịch UBND thành phố khẳng định".
        // (Skipped for documents naming hundreds of office holders: lists, not reports.)
        let with_roles: Vec<usize> = (0..people.len())
            .filter(|&p| !people[p].roles.is_empty())
            .collect();
        if with_roles.len() <= MAX_ROLE_HOLDERS {
            self.role_alone_refs(people, &with_roles, &covered, &overlaps_attached, &mut refs);
        }
        for (p, span) in refs {
            people[p].mentions.push(span);
        }
    }

    /// Step 4b: a role chain standing alone for the one person holding all its roles.
    fn role_alone_refs(
        &self,
        people: &[Acc],
        with_roles: &[usize],
        covered: &[bool],
        overlaps_attached: &dyn Fn(Span) -> bool,
        refs: &mut Vec<(usize, Span)>,
    ) {
        let n = self.toks.len();
        let mut title_start = vec![false; n];
        for h in &self.titles {
            if let Some(t) = self.tok_starting(h.span.start) {
                title_start[t] = true;
            }
        }
        let mut i = 0;
        while i < n {
            if !title_start[i] {
                i += 1;
                continue;
            }
            let Some((role, end)) = self.role_at(i) else {
                i += 1;
                continue;
            };
            let first_upper = self.toks[i].shape == Shape::Title
                || (i > 0
                    && self.sep(i) == Sep::Space
                    && self.match_ending(&HONORIFICS, i).is_some());
            if !first_upper || overlaps_attached(role.span) || self.in_furniture(role.span) {
                i += 1;
                continue;
            }
            // The whole chain.
            let mut chain = vec![role];
            let mut next = self.toks.partition_point(|t| t.e <= end);
            while next < n && self.sep(next) == Sep::Comma && chain.len() < 8 {
                let Some((r, e)) = self.role_at(next) else {
                    break;
                };
                if overlaps_attached(r.span) {
                    break;
                }
                chain.push(r);
                next = self.toks.partition_point(|t| t.e <= e);
            }
            // A chain right before a name, or a name's apposition, is no reference.
            if next < n && (self.name_start[next] || covered[next]) && self.sep(next) == Sep::Space
            {
                i = next;
                continue;
            }
            let accs: Vec<RoleAcc> = chain.iter().map(|r| self.role_acc(r, false)).collect();
            let mut best: Vec<usize> = Vec::new();
            for &pi in with_roles {
                let p = &people[pi];
                let all = accs
                    .iter()
                    .all(|a| p.roles.iter().any(|r| same_position(&r.words, &a.words)));
                if all {
                    best.push(pi);
                }
            }
            let span = Span::new(
                chain[0].span.start,
                chain.last().map_or(chain[0].span.end, |r| r.span.end),
            );
            if !best.is_empty() {
                let p = nearest(people, &best, span.start);
                let span = if i > 0 && self.sep(i) == Sep::Space {
                    self.match_ending(&HONORIFICS, i)
                        .map_or(span, |(_, s)| Span::new(self.toks[s].s, span.end))
                } else {
                    span
                };
                refs.push((p, span));
            }
            i = next.max(i + 1);
        }
    }
}

/// The zones of a document that are not running text (headline and caption text excepted, caption
/// credits included), as sorted, disjoint spans.
fn merged_furniture(doc: &Document) -> Vec<Span> {
    // A caption's text names people; only its credit ("Ảnh: Minh Khôi") is furniture.
    let mut zs: Vec<Span> = doc
        .zones
        .iter()
        .filter_map(|z| match z.kind {
            ZoneKind::Headline => None,
            ZoneKind::Caption => z.value,
            _ => Some(z.span),
        })
        .collect();
    zs.sort();
    let mut out: Vec<Span> = Vec::with_capacity(zs.len());
    for z in zs {
        match out.last_mut() {
            Some(l) if z.start <= l.end => l.end = l.end.max(z.end),
            _ => out.push(z),
        }
    }
    out
}

/// Among candidate people, the one mentioned last before `at`, else the first.
fn nearest(people: &[Acc], cands: &[usize], at: usize) -> usize {
    cands
        .iter()
        .copied()
        .max_by_key(|&p| {
            let m = &people[p].mentions;
            let i = m.partition_point(|m| m.start < at);
            if i == 0 { 0 } else { m[i - 1].start + 1 }
        })
        .unwrap_or(cands[0])
}

fn is_non_title(entry: usize) -> bool {
    TITLES.fields(entry).first().map(String::as_str) == Some("-")
}

/// Canonical titles (folded) of the entries of `titles.tsv`, computed once.
static CANONICAL_TITLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    (0..TITLES.len())
        .map(|e| match TITLES.fields(e).first() {
            Some(f) if !f.is_empty() && f != "-" => fold(f),
            _ => fold(&TITLES.entry(e).pattern),
        })
        .collect()
});

/// Expansions of `role_abbrev.tsv`, by folded abbreviation.
static EXPANSIONS: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    (0..ROLE_ABBREV.len())
        .map(|e| {
            let exp = ROLE_ABBREV
                .fields(e)
                .first()
                .map(|x| x.split_whitespace().map(fold).collect())
                .unwrap_or_default();
            (fold(&ROLE_ABBREV.entry(e).pattern), exp)
        })
        .collect()
});

/// The expansion of a folded abbreviation of `role_abbrev.tsv` ("ubnd" → "ủy ban nhân dân"), in
/// folded words.
pub(crate) fn expansion(word: &str) -> Option<&'static [String]> {
    EXPANSIONS.get(word).map(Vec::as_slice)
}

fn canonical_title(entry: usize) -> String {
    CANONICAL_TITLES.get(entry).cloned().unwrap_or_default()
}

/// True when `s`, the start of a line before a name, leads a list item: nothing, or an item marker
/// ("3.", "b)", "-", "+"), then maybe an honorific or a rank ("Ông", "Đồng chí", "Trung tá").
fn is_item_lead(s: &str) -> bool {
    let rest = s[crate::scan::item_marker_len(s)..].trim();
    rest.is_empty() || HONORIFICS.lookup(rest).is_some() || RANKS.lookup(rest).is_some()
}

/// The longest lead of a membership list item before the name ("12. Đồng chí ", "Thượng tá "), in bytes.
const ITEM_LEAD_MAX: usize = 48;
/// The farthest a name may stand from its line's title heading ("Các Phó Thủ tướng Chính phủ: …"), in bytes.
const HEADING_LIST_MAX: usize = 400;
/// The longest membership list item after the name, in bytes.
const ITEM_MAX: usize = 600;

/// A role's text without trailing punctuation.
fn clean_role(s: &str) -> &str {
    let t = s.trim_end_matches([' ', ',', '.', ';', ':', '-', '–']);
    if t.ends_with(')') && !t.contains('(') {
        t.trim_end_matches(')').trim_end()
    } else {
        t
    }
}

/// Folded words of a role for comparison: the canonical title's words, then the rest of the role
/// with abbreviations expanded; "và", "của" dropped.
fn role_words(title: &str, role_key: &str) -> Vec<String> {
    let mut out: Vec<String> = title.split_whitespace().map(str::to_string).collect();
    // Skip as many words of the written title as it has: the written title starts the role.
    let written: Vec<&str> = role_key
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .collect();
    let title_len = TITLES
        .match_at(role_key, 0)
        .map(|h| {
            role_key[..h.span.end]
                .split(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
                .count()
        })
        .unwrap_or(0);
    for w in written.into_iter().skip(title_len) {
        if w == "và" || w == "của" {
            continue;
        }
        match EXPANSIONS.get(w) {
            Some(exp) => out.extend(exp.iter().cloned()),
            None => out.push(w.to_string()),
        }
    }
    out
}

fn is_subseq(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|x| it.any(|y| y == x))
}

/// Two wordings of one position: one wording inside the other, both deputies or neither
/// ("Phó Thủ tướng" is "Phó Thủ tướng Thường trực Chính phủ", not "Thủ tướng").
fn same_position(a: &[String], b: &[String]) -> bool {
    let deputy = |words: &[String]| words.iter().any(|w| w == "phó");
    deputy(a) == deputy(b) && (is_subseq(a, b) || is_subseq(b, a))
}

/// True when two roles as written are one position worded two ways ([`same_position`]): "Phó
/// Chủ tịch" and "Phó Chủ tịch UBND tỉnh", not "Chủ tịch UBND tỉnh".
pub(crate) fn same_role(a: &str, b: &str) -> bool {
    let words = |t: &str| {
        let k = chidao_text::key(t);
        let title = TITLES.match_at(&k, 0).map(|h| canonical_title(h.entry)).unwrap_or_default();
        role_words(&title, &k)
    };
    same_position(&words(a), &words(b))
}

/// Adds a role to a person, merging it with a wording of the same position.
fn add_role(p: &mut Acc, r: RoleAcc) {
    if let Some(e) = p.roles.iter_mut().find(|e| same_position(&e.words, &r.words)) {
        let better = (e.headline && !r.headline)
            || (e.headline == r.headline && r.words.len() > e.words.len());
        if better {
            e.text = r.text;
            e.span = r.span;
            e.words = r.words;
            e.headline = r.headline;
        }
        return;
    }
    if p.roles.len() < MAX_ROLES {
        p.roles.push(r);
    }
}

/// Most roles kept for one person (a bound against hostile input).
const MAX_ROLES: usize = 32;

#[cfg(test)]
mod tests {
    use super::*;

    fn people(text: &str) -> Vec<Person> {
        let doc = Document::new("t.txt", text.to_string());
        find(&doc, &[])
    }

    fn names(text: &str) -> Vec<String> {
        people(text).into_iter().map(|p| p.name).collect()
    }

    fn roles_of(ps: &[Person], name: &str) -> Vec<String> {
        ps.iter()
            .find(|p| p.name == name)
            .map(|p| p.roles.iter().map(|r| r.text.clone()).collect())
            .unwrap_or_default()
    }

    /// A list of many office holders (more than the 200 beyond which role-alone references are
    /// not resolved) must not panic, whatever follows it.
    fn officials_list(n: usize) -> String {
        const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"];
        const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Đức", "Thanh", "Hữu"];
        const GIVEN: [&str; 8] = ["An", "Bình", "Cường", "Dũng", "Hà", "Khánh", "Lâm", "Nga"];
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!(
                "Đồng chí {} {} {}, Giám đốc Sở Nội vụ tỉnh Hòa Lạc khóa {};\n",
                FAMILY[i % 6],
                MIDDLE[(i / 6) % 6],
                GIVEN[(i / 36) % 8],
                i + 1
            ));
        }
        s.push_str("Đồng chí Bí thư Tỉnh ủy phát biểu chỉ đạo hội nghị.\n");
        s
    }

    #[test]
    fn family_names_of_the_northern_uplands_and_the_places_that_look_like_them() {
        let text = "Bà Tòng Thị Hoa, Phó Chủ tịch UBND tỉnh, và ông Ninh Văn Toản, Giám đốc Sở Y tế, \
            làm việc với xã. Theo báo An Ninh Thủ Đô, người phát ngôn Lầu Năm Góc cho biết. \
            Anh Sùng A Páo ở quận Ninh Kiều.\n";
        let names: Vec<String> = people(text).iter().map(|p| p.name.clone()).collect();
        for name in ["Tòng Thị Hoa", "Ninh Văn Toản", "Sùng A Páo"] {
            assert!(names.iter().any(|n| n == name), "{name}: {names:?}");
        }
        for not in ["Ninh Thủ Đô", "Lầu Năm Góc", "Ninh Kiều"] {
            assert!(!names.iter().any(|n| n == not), "{not}: {names:?}");
        }
        // "Vàng" (gold) is a family name only before a middle name.
        let names: Vec<String> = people("Anh Vàng A Dự và chị Vàng Thị Sông nhận giải; giá Vàng Rồng Thăng Long tăng.\n").iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["Vàng A Dự", "Vàng Thị Sông"]);
        // A name after a place and "và" is the next place, unless an age follows it.
        let names: Vec<String> = people("Hai bị can ngụ ở huyện Ninh Hải và Trần Văn Phước (23 tuổi) bị bắt.\n").iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["Trần Văn Phước"]);
        let names: Vec<String> = people("Đoàn đi qua đường Lê Lợi và Trần Hưng Đạo.\n").iter().map(|p| p.name.clone()).collect();
        assert!(names.is_empty(), "{names:?}");
        // A commune named after its title, before the official's own name; its name bare later.
        let ps = people("Phó chủ tịch UBND xã Trần Phước A Nguyễn Văn Tâm cho biết, nông dân ở Trần Phước A đã làm giàu.\n");
        assert_eq!(names_of(&ps), ["Nguyễn Văn Tâm"]);
        assert!(roles_of(&ps, "Nguyễn Văn Tâm").iter().any(|r| r.starts_with("Phó chủ tịch UBND xã")), "{:?}", roles_of(&ps, "Nguyễn Văn Tâm"));
        // Numbered communes are places.
        let names: Vec<String> = people("Mưa đá làm hư hại nhà ở các xã Sán Hồ 1, Thào Chư Lìn 2 và Mản Thẩn 2.\n").iter().map(|p| p.name.clone()).collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn a_given_name_that_is_a_place_needs_support_after_a_word_before_places() {
        // A delegation, "from", the currency, the end of a school's name: no people.
        assert_eq!(names("Đoàn Hà Nam do ông Lê Văn Khôi dẫn đầu đã tới dự.\n"), ["Lê Văn Khôi"]);
        for text in [
            "Từ Hà Nội, du khách đi theo quốc lộ 6.\n",
            "Ngân hàng công bố tỷ giá trung tâm của Đồng Việt Nam với đô la Mỹ.\n",
            "Em tốt nghiệp Trường ĐH Sư Phạm Hà Nội năm ngoái.\n",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
        // A person with such a name, where something says so.
        assert_eq!(names("Đại biểu Đoàn Hà Nam phát biểu tại phiên họp.\n"), ["Đoàn Hà Nam"]);
        assert_eq!(names("Ông Từ Hà Nội cho biết, năm nay xã có 20 hộ thoát nghèo.\n"), ["Từ Hà Nội"]);
        // After a place, an apposition; with "Văn" or "Thị", a person's given name.
        assert_eq!(names("Phó chủ tịch UBND TP. Hà Nội Phí Hà Nam ký quyết định.\n"), ["Phí Hà Nam"]);
        assert_eq!(names("Thủ môn Việt kiều Pháp Đặng Văn Lâm bắt chính.\n"), ["Đặng Văn Lâm"]);
        // Any other family name before a place keeps its bare name.
        assert_eq!(names("Trương Hòa Bình cho biết như vậy.\n"), ["Trương Hòa Bình"]);
    }

    #[test]
    fn long_list_of_officials() {
        for n in [199, 201, 260] {
            let ps = people(&officials_list(n));
            assert!(ps.len() > 150, "{n}: {} people", ps.len());
        }
    }

    #[test]
    fn a_membership_list_gives_each_member_a_position_and_a_place_in_the_body() {
        let text = "PHỤ LỤC\n\nDanh sách thành viên Tổ công tác\n\n\
            1. Ông Lưu Văn Kha, Phó Giám đốc Sở Nội vụ: Tổ trưởng;\n\n\
            2. Bà Đỗ Thị Lan, Chuyên viên Phòng Tổng hợp, Văn phòng UBND tỉnh: Thành viên;\n\n\
            3. Trung tá Phùng Văn Tâm, Trợ lý Phòng Tham mưu, Bộ Chỉ huy Quân sự tỉnh: Thành viên;\n\n\
            4. Ông Đinh Quang Tú, Chủ tịch UBND xã Đinh Xuân: Tổ phó Thường trực;\n\n\
            5. Bà Mạc Thị Yến, Cán bộ, Công an tỉnh: Thành viên kiêm Thư ký./.\n";
        let ps = people(text);
        assert_eq!(roles_of(&ps, "Lưu Văn Kha"), ["Phó Giám đốc Sở Nội vụ", "Tổ trưởng"]);
        assert_eq!(roles_of(&ps, "Đỗ Thị Lan"), ["Chuyên viên Phòng Tổng hợp, Văn phòng UBND tỉnh", "Thành viên"]);
        assert_eq!(roles_of(&ps, "Phùng Văn Tâm"), ["Trợ lý Phòng Tham mưu, Bộ Chỉ huy Quân sự tỉnh", "Thành viên"]);
        // The chain stops at a commune named like a person; the item's position does not.
        assert_eq!(roles_of(&ps, "Đinh Quang Tú"), ["Chủ tịch UBND xã Đinh Xuân", "Tổ phó Thường trực"]);
        assert_eq!(roles_of(&ps, "Mạc Thị Yến"), ["Cán bộ, Công an tỉnh", "Thành viên kiêm Thư ký"]);
    }

    #[test]
    fn a_title_heading_a_list_of_names_is_each_name_s_role() {
        let text = "Thành phần mời:\n\n- Các Phó Chủ tịch UBND tỉnh: Trần Quốc Hưng, Đỗ Văn Bình và Lạc Thị Huyền.\n\n\
            - Giám đốc Sở Tài chính: Kiều Văn Nghĩa.\n";
        let ps = people(text);
        for name in ["Trần Quốc Hưng", "Đỗ Văn Bình", "Lạc Thị Huyền"] {
            assert_eq!(roles_of(&ps, name), ["Phó Chủ tịch UBND tỉnh"], "{name}");
        }
        assert_eq!(roles_of(&ps, "Kiều Văn Nghĩa"), ["Giám đốc Sở Tài chính"]);
        // A headline's speaker before the colon, a sentence after it: no list.
        let text = "Tổng Thư ký Quốc hội: Ông Lê Văn Kha xin thôi vì sức khỏe\n\nChiều 19/5, tại buổi họp báo, ông Kha trả lời.\n\n\
            Chủ tịch UBND tỉnh: Đỗ Văn Bình và Lạc Thị Huyền đã nhận nhiệm vụ mới.\n";
        let ps = people(text);
        assert!(roles_of(&ps, "Lê Văn Kha").is_empty());
        assert!(roles_of(&ps, "Đỗ Văn Bình").is_empty());
    }

    #[test]
    fn a_staff_grade_is_a_role_only_in_a_membership_list() {
        let text = "Ông Lưu Văn Kha, nhân viên một công ty vận tải, cho biết: Thành viên đã đủ.\n\n\
            Theo đó, bà Đỗ Thị Lan, chuyên viên Sở Nội vụ: Thành viên.\n\n\
            Anh Phùng Văn Tâm, cán bộ địa chính xã, kể lại sự việc.\n";
        let ps = people(text);
        for name in ["Lưu Văn Kha", "Đỗ Thị Lan", "Phùng Văn Tâm"] {
            assert!(roles_of(&ps, name).is_empty(), "{name}: {:?}", roles_of(&ps, name));
        }
        assert!(is_item_lead("") && is_item_lead("12. Ông ") && is_item_lead("- Đồng chí ") && is_item_lead("b) Bà "));
        assert!(is_item_lead("2.1. ") && is_item_lead("174. Bà ") && is_item_lead("Thượng tá "));
        assert!(!is_item_lead("Theo đó, bà ") && !is_item_lead("12 ") && !is_item_lead("Ông Bà "));
    }

    #[test]
    fn one_position_worded_two_ways_is_one_role() {
        assert!(same_role("Phó Chủ tịch", "Phó Chủ tịch UBND tỉnh"));
        assert!(same_role("Giám đốc Sở Nội vụ", "Giám đốc Sở Nội vụ"));
        assert!(!same_role("Chủ tịch", "Phó Chủ tịch UBND tỉnh"));
        assert!(!same_role("Phó Chủ tịch", "Phó Giám đốc Sở Nội vụ"));
    }

    #[test]
    fn word_lists_compile() {
        assert!(FAMILY_NAMES.len() > 50);
        assert!(RANKS.len() >= 12);
        assert!(TITLES.len() > 50);
        assert!(PLACE_NAMES.len() > 63);
        assert!(!HONORIFICS.is_empty());
        assert!(!ROLE_STOPS.is_empty());
        assert!(!ROLE_ABBREV.is_empty());
        assert!(!NAME_BREAKS.is_empty());
        assert!(!MEMBER_ROLES.is_empty());
        assert!(!STAFF_GRADES.is_empty());
    }

    #[test]
    fn rank_and_roles_after_the_name() {
        let ps = people(
            "Sáng 5/4, Đại tá Lê Văn Tâm, Bí thư Đảng ủy, Giám đốc Công an tỉnh Hòa Lạc khẳng định sẽ thực hiện nghiêm.",
        );
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].name, "Lê Văn Tâm");
        assert_eq!(ps[0].rank.as_deref(), Some("Đại tá"));
        assert_eq!(
            roles_of(&ps, "Lê Văn Tâm"),
            ["Bí thư Đảng ủy", "Giám đốc Công an tỉnh Hòa Lạc"]
        );
    }

    #[test]
    fn a_pledge_verb_ends_the_role() {
        for verb in ["cam kết", "quyết tâm", "phấn đấu"] {
            let ps = people(&format!("Đại tá Lê Văn Tâm, Giám đốc Công an tỉnh {verb} hoàn thành chỉ tiêu năm."));
            assert_eq!(roles_of(&ps, "Lê Văn Tâm"), ["Giám đốc Công an tỉnh"], "{verb}");
        }
    }

    #[test]
    fn roles_before_the_name_and_lead_role() {
        let ps = people(
            "Đoàn kiểm tra số 2 của Ban Thường vụ Tỉnh ủy Hòa Lạc do Ủy viên Trung ương Đảng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Trần Minh Khải làm Trưởng đoàn đã làm việc với Đảng ủy Công an tỉnh.",
        );
        assert_eq!(names_of(&ps), ["Trần Minh Khải"]);
        assert_eq!(
            roles_of(&ps, "Trần Minh Khải"),
            [
                "Ủy viên Trung ương Đảng",
                "Phó Bí thư Tỉnh ủy",
                "Chủ tịch UBND tỉnh",
                "Trưởng đoàn"
            ]
        );
        assert_eq!(ps[0].rank, None);
    }

    fn names_of(ps: &[Person]) -> Vec<String> {
        ps.iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn two_syllable_name_with_rank() {
        let ps =
            people("Đại tướng Tô Minh, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an dự hội nghị.");
        assert_eq!(names_of(&ps), ["Tô Minh"]);
        assert_eq!(ps[0].rank.as_deref(), Some("Đại tướng"));
        assert_eq!(
            roles_of(&ps, "Tô Minh"),
            ["Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Công an"]
        );
    }

    #[test]
    fn title_before_name_with_place() {
        let ps =
            people("Chiều 3/6, Bí thư Thành ủy Hà Nội Phạm Văn Lộc kiểm tra công tác chuẩn bị.");
        assert_eq!(names_of(&ps), ["Phạm Văn Lộc"]);
        assert_eq!(roles_of(&ps, "Phạm Văn Lộc"), ["Bí thư Thành ủy Hà Nội"]);
    }

    #[test]
    fn places_and_units_are_not_people() {
        assert!(
            names("Hội nghị tổ chức tại TP Hồ Chí Minh và Hà Nội, Lâm Đồng, Cao Bằng.").is_empty()
        );
        assert!(names("Công an huyện Trần Văn Thời phối hợp với Công an tỉnh.").is_empty());
        assert!(names("Vụ tai nạn xảy ra trên đường Lê Văn Lương, quận Hoàng Mai.").is_empty());
        assert!(names("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.").is_empty());
        assert!(names("Đoàn kiểm tra đã làm việc với Đoàn Thanh niên xã.").is_empty());
        assert!(names("Nhiều tuyến đường như Mai Chí Thọ, Trần Não bị ngập.").is_empty());
    }

    #[test]
    fn bylines_and_photo_credits_are_not_people() {
        let ps = people(
            "Tiêu đề bài\n\nLê Thu Hà\n\nChiều 2/3, ông Hoàng Văn Định, Chủ tịch UBND huyện phát biểu. Ảnh: Trần Minh Quân\n",
        );
        assert_eq!(names_of(&ps), ["Hoàng Văn Định"]);
    }

    #[test]
    fn short_references_resolve() {
        let text = "Ông Đặng Quốc Bảo, Phó Chủ tịch UBND tỉnh Hòa Lạc cho biết tình hình. Ông Bảo đề nghị các sở tập trung. Phó Chủ tịch UBND tỉnh yêu cầu báo cáo trước 15/6.";
        let ps = people(text);
        assert_eq!(names_of(&ps), ["Đặng Quốc Bảo"]);
        let m = &ps[0].mentions;
        assert_eq!(m.len(), 3, "{m:?}");
        let doc = Document::new("t", text.to_string());
        assert_eq!(doc.slice(m[1]), "Ông Bảo");
        assert_eq!(doc.slice(m[2]), "Phó Chủ tịch UBND tỉnh");
        let last = doc.sentences.last().unwrap().span;
        assert_eq!(person_in(&ps, last), Some(0));
    }

    #[test]
    fn repeated_names_merge_ranks_and_roles() {
        let ps = people(
            "Thiếu tướng Vũ Hải Nam phát biểu. Thiếu tướng Vũ Hải Nam, Giám đốc Công an tỉnh Hòa Lạc cho biết. Giám đốc Công an tỉnh Vũ Hải Nam nhấn mạnh.",
        );
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].rank.as_deref(), Some("Thiếu tướng"));
        assert_eq!(
            roles_of(&ps, "Vũ Hải Nam"),
            ["Giám đốc Công an tỉnh Hòa Lạc"]
        );
        assert_eq!(ps[0].mentions.len(), 3);
    }

    #[test]
    fn dash_apposition_and_abbreviated_title() {
        let ps = people(
            "Phó TT Đinh Quang Huy: cần xử lý nghiêm\n\nPhó thủ tướng Đinh Quang Huy - Trưởng ban chỉ đạo của Chính phủ yêu cầu các bộ vào cuộc.",
        );
        assert_eq!(names_of(&ps), ["Đinh Quang Huy"]);
        assert_eq!(
            roles_of(&ps, "Đinh Quang Huy"),
            ["Phó thủ tướng", "Trưởng ban"]
        );
    }

    #[test]
    fn parenthesised_parent_body() {
        let ps = people(
            "Thiếu tướng Lê Minh Châu, Cục trưởng Cục An ninh kinh tế (Bộ Công an), cho biết.",
        );
        assert_eq!(
            roles_of(&ps, "Lê Minh Châu"),
            ["Cục trưởng Cục An ninh kinh tế (Bộ Công an)"]
        );
    }

    #[test]
    fn admin_unit_then_name_needs_a_title_before() {
        let ps =
            people("Chủ tịch UBND tỉnh Lò Văn Sinh yêu cầu Công an huyện Lò Văn Pha kiểm tra.");
        assert_eq!(names_of(&ps), ["Lò Văn Sinh"]);
        assert_eq!(roles_of(&ps, "Lò Văn Sinh"), ["Chủ tịch UBND tỉnh"]);
        // A two-syllable name after an administrative unit is a place unless supported elsewhere.
        assert!(names("Chủ tịch UBND TP Hà Nôi yêu cầu các đơn vị rút kinh nghiệm.").is_empty());
    }

    #[test]
    fn honorific_that_is_also_a_family_name() {
        assert_eq!(
            names("Ông Trịnh Văn Lực cho biết. Bà Kiều Thị Mơ nói."),
            ["Trịnh Văn Lực", "Kiều Thị Mơ"]
        );
        assert!(names("Ông Roger Smith cho biết.").is_empty());
    }

    #[test]
    fn a_coach_or_a_ship_master_has_no_office() {
        let doc = chidao_text::Document::new("t.txt", "Đội tuyển tập luyện\n\nSáng 5/3/2026, HLV trưởng Đào Văn Khiêm cho biết đội sẽ tập trung. Thuyền trưởng Lê Văn Tâm cho biết tàu đã cập cảng. Ông Hà Văn Sơn, Trưởng phòng Cảnh sát giao thông Công an tỉnh Hòa Lạc, chủ trì.\n".to_string());
        let x = crate::extract(&doc);
        let roles = |name: &str| x.people.iter().find(|p| p.name == name).map(|p| p.roles.iter().map(|r| r.text.clone()).collect::<Vec<_>>());
        assert_eq!(roles("Đào Văn Khiêm"), Some(vec![]));
        assert_eq!(roles("Lê Văn Tâm"), Some(vec![]));
        assert!(roles("Hà Văn Sơn").is_some_and(|r| r.iter().any(|t| t.starts_with("Trưởng phòng"))), "{:?}", roles("Hà Văn Sơn"));
    }

    #[test]
    fn a_name_the_document_gives_a_place_is_that_place() {
        // The commune, then the same name bare: no person.
        let n = names("Anh Lê Văn Ba (thôn Cà Mé, xã Sơn Hà) cho biết. Ông Trần Văn Tư, Trưởng thôn Cà Mé, xác nhận. Cà Mé có 80 hộ.");
        assert!(n.iter().all(|x| x != "Cà Mé"), "{n:?}");
        // After the head's title, the name may be the head's: not taken for the place.
        let n = names("Ông phó thôn Đỗ Văn Khang cho biết dân đã đồng ý. Đỗ Văn Khang kể lại.");
        assert!(n.iter().any(|x| x == "Đỗ Văn Khang"), "{n:?}");
        // The street, then the person it is named after, said to be one: a person.
        let n = names("Tượng đài trên đường Lê Văn Tám mới khánh thành. Anh hùng Lê Văn Tám, ông Lê Văn Tám được nhắc tới.");
        assert!(n.iter().any(|x| x == "Lê Văn Tám"), "{n:?}");
        // "ông xã" is a husband, "nông thôn" no hamlet, "già làng" a village elder.
        assert_eq!(names("Ông xã Tăng Minh Hà chia sẻ ảnh."), ["Tăng Minh Hà"]);
        let x = people("Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn Nguyễn Văn Ba dự họp.");
        assert_eq!(x.first().map(|p| p.roles[0].text.as_str()), Some("Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn"));
        assert_eq!(names("Già làng Đinh Văn Hòa kể lại."), ["Đinh Văn Hòa"]);
    }

    #[test]
    fn lists_of_members_keep_double_family_names_and_given_names_that_are_break_words() {
        let list = "1. Ông Trần Ngô Như Khánh, Chuyên viên, Sở Nội vụ: Thành viên;\n\
                    2. Bà Hoàng Lê Diệu Linh, Công chức, UBND xã Tân Hòa: Thành viên;\n\
                    3. Ông Phạm Quốc Trường, Công chức Văn phòng, UBND xã Lạc Sơn: Thành viên;\n\
                    4. Ông Lữ Minh Khang, Cán bộ Phòng Tham mưu, Công an tỉnh: Thành viên.";
        assert_eq!(
            names(list),
            ["Trần Ngô Như Khánh", "Hoàng Lê Diệu Linh", "Phạm Quốc Trường", "Lữ Minh Khang"]
        );
        // A school after a name still ends it.
        assert_eq!(names("Thầy Nguyễn Văn Toàn Trường THPT Hòa Lạc phát biểu."), ["Nguyễn Văn Toàn"]);
        // "Trường" is a middle name too, right after the family name; a school is none.
        assert_eq!(names("Ông Lê Trường Khoa, Công chức UBND xã Lạc Sơn: Thành viên."), ["Lê Trường Khoa"]);
        assert_eq!(names("Ông Phan Trường Thịnh Đạt phát biểu."), ["Phan Trường Thịnh Đạt"]);
        assert!(names("Đoàn Trường Đại học Hòa Lạc ra quân.").is_empty());
        // A capitalised honorific at a line's start is no part of the name.
        assert_eq!(names("- Đồng Chí Lê Minh - Phó Chủ tịch UBND tỉnh."), ["Lê Minh"]);
    }

    #[test]
    fn names_of_the_central_highlands_open_with_a_letter_and_an_apostrophe() {
        let list = "1. Ông K’ Điệp, Công chức Văn phòng HĐND và UBND, UBND xã Đạ Tông: Thành viên;\n\
                    2. Ông Lê Văn Hòa, Chuyên viên, Sở Nội vụ: Thành viên.";
        assert_eq!(names(list), ["K’ Điệp", "Lê Văn Hòa"]);
        // Either apostrophe, with a space after it or none: one person, named as first written.
        let ps = people("Bà H'Lim Niê, Phó Chủ tịch UBND xã Ea Tu, phát biểu. Bà H’ Lim Niê đề nghị các thôn rà soát.");
        assert_eq!(ps.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["H'Lim Niê"]);
        assert_eq!(ps[0].mentions.len(), 2);
        // The peoples so written are no one's name.
        assert!(names("Đồng bào K’Ho và H’Mông tham gia hội diễn.").is_empty());
    }

    #[test]
    fn a_common_given_name_that_heads_bodies_too_ends_a_name_before_a_verb() {
        let text = "Bà Lê Thị Hội đề nghị các xã rà soát. Ông Vũ Văn Viện cho biết sở sẽ kiểm tra. Ông Đặng Văn Trường nói thêm. Giáo sư Trần Ngọc Đường đề nghị bổ sung.";
        assert_eq!(names(text), ["Lê Thị Hội", "Vũ Văn Viện", "Đặng Văn Trường", "Trần Ngọc Đường"]);
        // A body opens after a name: "Viện kiểm sát", and before a capital.
        assert_eq!(names("Ông Trần Văn Bình Viện kiểm sát nhân dân tỉnh tham dự."), ["Trần Văn Bình"]);
        assert_eq!(names("Ông Trần Văn Bình Viện Khoa học Xã hội tham dự."), ["Trần Văn Bình"]);
    }

    #[test]
    fn names_whose_clan_name_comes_last_open_with_a_letter() {
        // Ê-đê men's names: "Y", given names, the clan name last (of one or two words).
        let text = "Ông Y Khoa Mlô, Phó Chủ tịch UBND xã Ea Sol, chủ trì. Phó Bí thư Huyện ủy Y Thanh Hà Niê Kđăm phát biểu.";
        assert_eq!(names(text), ["Y Khoa Mlô", "Y Thanh Hà Niê Kđăm"]);
        // Without a clan name at its end, "Y" opens no name: a university, a department.
        assert!(names("Ông tốt nghiệp Trường Đại học Y Hà Nội, công tác tại Sở Y Tế Bình Thuận.").is_empty());
        // Jrai family names are written first, as the Kinh write theirs.
        assert_eq!(names("Bà Ksor Hoa, Chủ tịch Hội Phụ nữ xã, và ông Rơ Châm Tuấn dự họp."), ["Ksor Hoa", "Rơ Châm Tuấn"]);
    }

    #[test]
    fn addresses_and_foreign_names_are_not_people() {
        assert!(names("Trụ sở đặt tại số 12 Lê Văn Hưu, quận Hai Bà Trưng.").is_empty());
        assert!(names("Nghị sĩ Chu Mi-ae phát biểu tại quốc hội.").is_empty());
        assert!(names("Hội nghị có đại diện Bồ Đào Nha và Hà Lan.").is_empty());
    }

    #[test]
    fn anonymised_names_keep_their_initial() {
        assert_eq!(
            names("Đối tượng Nguyễn Văn B (SN 1990) bị bắt."),
            ["Nguyễn Văn B"]
        );
    }

    #[test]
    fn coordinated_names_share_a_role() {
        let ps =
            people("Bị can gồm: Đỗ Văn Hòe, Giám đốc; Lê Văn Quý và Đinh Công Hậu, Phó Giám đốc.");
        assert_eq!(roles_of(&ps, "Lê Văn Quý"), ["Phó Giám đốc"]);
        assert_eq!(roles_of(&ps, "Đinh Công Hậu"), ["Phó Giám đốc"]);
        assert_eq!(roles_of(&ps, "Đỗ Văn Hòe"), ["Giám đốc"]);
    }

    #[test]
    fn rank_before_a_role_chain() {
        let ps =
            people("Cùng dự có Trung tướng, Thứ trưởng Bộ Công an Hà Văn Lợi; đại diện các sở.");
        assert_eq!(ps[0].rank.as_deref(), Some("Trung tướng"));
        assert_eq!(roles_of(&ps, "Hà Văn Lợi"), ["Thứ trưởng Bộ Công an"]);
    }

    #[test]
    fn organisation_with_and_and_dash() {
        let ps = people(
            "Ông Tạ Quang Minh, Giám đốc Sở Kế hoạch và Đầu tư, cho biết. Thiếu tướng Lê Văn Hào, Phó Tổng cục trưởng Tổng cục Hậu cần - Kỹ thuật (Bộ Công an), nói.",
        );
        assert_eq!(
            roles_of(&ps, "Tạ Quang Minh"),
            ["Giám đốc Sở Kế hoạch và Đầu tư"]
        );
        assert_eq!(
            roles_of(&ps, "Lê Văn Hào"),
            ["Phó Tổng cục trưởng Tổng cục Hậu cần - Kỹ thuật (Bộ Công an)"]
        );
    }

    #[test]
    fn roles_worded_twice_are_one() {
        let ps = people(
            "Phó Thủ tướng Thường trực Chính phủ Đoàn Văn Khải chủ trì. Phó Thủ tướng Đoàn Văn Khải nhấn mạnh. Thủ tướng Lâm Quốc Việt gửi thư.",
        );
        assert_eq!(
            roles_of(&ps, "Đoàn Văn Khải"),
            ["Phó Thủ tướng Thường trực Chính phủ"]
        );
        assert_eq!(roles_of(&ps, "Lâm Quốc Việt"), ["Thủ tướng"]);
    }

    #[test]
    fn tail_of_a_known_name_is_a_reference() {
        let ps = people(
            "Bà Trần Mai Hương, Phó Chủ tịch UBND huyện cho biết. Theo bà Mai Hương, việc này khó.",
        );
        assert_eq!(names_of(&ps), ["Trần Mai Hương"]);
        assert_eq!(ps[0].mentions.len(), 2);
    }

    #[test]
    fn fixture_short_references_resolve() {
        let text = include_str!("../tests/fixtures/person_short_references.txt");
        let doc = Document::new("f", text.to_string());
        let ps = find(&doc, &[]);
        let mentions = |name: &str| -> Vec<String> {
            ps.iter()
                .find(|p| p.name == name)
                .map(|p| {
                    p.mentions
                        .iter()
                        .map(|m| doc.slice(*m).to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(
            mentions("Vũ Đình Nguyên"),
            [
                "Vũ Đình Nguyên",
                "Phó Chủ tịch Thường trực UBND tỉnh",
                "Ông Nguyên"
            ]
        );
        assert_eq!(mentions("Kiều Văn Sơn"), ["Kiều Văn Sơn", "Trung tá Sơn"]);
        assert_eq!(
            mentions("Mạc Thị Thu Trang"),
            ["Mạc Thị Thu Trang", "bà Trang"]
        );
        let chains = include_str!("../tests/fixtures/person_role_chains.txt");
        let doc = Document::new("g", chains.to_string());
        let ps = find(&doc, &[]);
        let khai: Vec<&str> = ps[0].mentions.iter().map(|m| doc.slice(*m)).collect();
        assert_eq!(
            khai,
            [
                "Trịnh Văn Khải",
                "Trịnh Văn Khải",
                "đồng chí Bí thư Tỉnh ủy",
                "Ông Khải",
                "đồng chí Trưởng đoàn"
            ]
        );
        let huy: Vec<&str> = ps[1].mentions.iter().map(|m| doc.slice(*m)).collect();
        assert_eq!(huy, ["Phùng Quốc Huy", "Đại tá Huy"]);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let junk = "Nguyễn ( ) , - Trần Văn, Bí thư ( Ông Văn. \u{0}\u{301} Bí thư, Bí thư, (((( Nguyễn Văn A, Chủ tịch (";
        let _ = people(junk);
        let long = "Nguyễn Văn Anh, Bí thư ".repeat(2000);
        let ps = people(&long);
        assert_eq!(ps.len(), 1);
    }

    #[test]
    fn roles_after_an_age_and_generic_titles() {
        let ps = people(
            "Ngày 3.5, Công an tỉnh Hòa Lạc bắt tạm giam Lê Văn Tâm (41 tuổi), Chi cục phó Chi cục Kiểm lâm tỉnh Hòa Lạc, Trần Minh Khoa (SN 1988), kiểm soát viên Đội Quản lý thị trường số 2 và Phạm Thị Hoa, Đội phó Đội Quản lý thị trường số 5.",
        );
        assert_eq!(
            roles_of(&ps, "Lê Văn Tâm"),
            vec!["Chi cục phó Chi cục Kiểm lâm tỉnh Hòa Lạc".to_string()]
        );
        assert_eq!(
            roles_of(&ps, "Trần Minh Khoa"),
            vec!["kiểm soát viên Đội Quản lý thị trường số 2".to_string()]
        );
        assert_eq!(
            roles_of(&ps, "Phạm Thị Hoa"),
            vec!["Đội phó Đội Quản lý thị trường số 5".to_string()]
        );
    }

    #[test]
    fn a_foreign_leaders_title_goes_with_the_guests_name() {
        // After the host (an apposition) and before the host (a chain of roles).
        let ps = people(
            "Nhất trí với Thủ tướng Lê Văn Thành, Thủ tướng Lào Bounmy Keosavanh cho biết hai bên sẽ hợp tác. Nhận lời mời của Thủ tướng Nhật Bản Kenji Moriyama, Thủ tướng Chính phủ Lê Văn Thành sẽ thăm Nhật Bản. Chủ tịch Quốc hội Trần Thị Hạnh, Chủ tịch Quốc hội Cuba Rafael Ortega Díaz đã hội đàm.",
        );
        assert_eq!(roles_of(&ps, "Lê Văn Thành"), vec!["Thủ tướng Chính phủ".to_string()]);
        assert_eq!(roles_of(&ps, "Trần Thị Hạnh"), vec!["Chủ tịch Quốc hội".to_string()]);
    }

    #[test]
    fn places_that_start_with_a_countrys_name_stay_in_the_role() {
        let ps = people(
            "Ông Lê Văn Tâm, Trưởng Công an xã Mỹ Hòa cho biết; ông Trần Minh Khoa, Tổng Biên tập báo Pháp Luật Thành phố trả lời; bà Phạm Thị Hoa, Phó Chủ tịch UBND tỉnh Lào Cai Nguyễn Văn Bình đã dự.",
        );
        assert_eq!(roles_of(&ps, "Lê Văn Tâm"), vec!["Trưởng Công an xã Mỹ Hòa".to_string()]);
        assert_eq!(roles_of(&ps, "Trần Minh Khoa"), vec!["Tổng Biên tập báo Pháp Luật Thành phố".to_string()]);
    }

    #[test]
    fn businesses_named_after_people() {
        let n = names(
            "Đoàn kiểm tra DNTN Lê Văn Tâm, Doanh nghiệp tư nhân Trần Thị Mai, Công ty TNHH Phạm Minh Khoa và cửa hàng Võ Thị Lan; ông Nguyễn Văn Bình, Giám đốc Sở Công Thương, chỉ đạo.",
        );
        assert_eq!(n, vec!["Nguyễn Văn Bình".to_string()]);
    }
}

#[cfg(test)]
mod stress {
    /// Times `find` on the files named in PERSON_STRESS (colon-separated); skipped otherwise.
    #[test]
    fn stress_files() {
        let Ok(files) = std::env::var("PERSON_STRESS") else {
            return;
        };
        for f in files.split(':') {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let doc = chidao_text::Document::new("s", text);
            let t = std::time::Instant::now();
            let ps = super::find(&doc, &[]);
            eprintln!("{f}: {} people in {:?}", ps.len(), t.elapsed());
        }
    }
}
