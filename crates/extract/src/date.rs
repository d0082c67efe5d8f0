//! Dates: absolute and partial date expressions, resolved against the document's anchors.
//!
//! [`find`] scans every sentence's key once with one compiled regex (days, months, quarters, parts
//! of years, terms, years), checks each candidate (valid calendar values, not a document code, a
//! fraction or a count), reads the cue word before it ("trước", "chậm nhất", "từ", "vào", "trong" …,
//! `data/date_cues.tsv`) and then resolves missing years against the document's anchors:
//!
//! 1. the crawler header `date 2020-03` (its year; the previous year when the day lies more than two
//!    months after the header month and nothing marks it as ahead);
//! 2. else the nearest explicit year of a day, month, quarter, part of a year or year in the same
//!    sentence ("6 tháng đầu năm 2017; … vào ngày 10/7" → 2017);
//! 3. else the document's year: the latest explicit year of its days, months, quarters and parts
//!    of years, when the headline or first three running sentences name it (the document's own
//!    time) and the text does not name the day's month with that year as a past fact (a
//!    background "giữa tháng 6/2016" means a bare "ngày 9/6" is another year); else unknown.
//!
//! Recurring expressions ("hàng năm trước ngày 25/12") keep no year. The crawler header itself is
//! returned as a mention with `published: true`.
//!
//! Downstream modules use [`mentions_in`] to get the mentions inside a sentence or clause and
//! [`DateMention::deadline`] to turn one into a deadline value.

use crate::scan::skip_spaces;
use std::sync::LazyLock;

use chidao_text::{Document, Span, ZoneKind};
use regex::{Captures, Regex};
use serde::Serialize;

use crate::gazetteer::Gazetteer;

crate::gazetteer!(DATE_CUES, "date_cues.tsv");
crate::gazetteer!(DATE_HEADS, "date_heads.tsv");
crate::gazetteer!(DATE_COUNTED, "date_counted.tsv");
crate::gazetteer!(DATE_YEAR_AFTER, "date_year_after.tsv");
crate::word_classes! {
    "date_words.tsv";
    BIRTH = "birth";
}

/// A calendar date known to some precision. Unknown parts are `None`; a day with no known year is
/// written `XXXX-MM-DD` (TimeML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct PartialDate {
    /// Year, when known.
    pub year: Option<i32>,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// Day 1–31, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A full date.
    pub const fn ymd(year: i32, month: u8, day: u8) -> Self {
        PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        }
    }
    /// A year alone.
    pub const fn y(year: i32) -> Self {
        PartialDate {
            year: Some(year),
            month: None,
            day: None,
        }
    }
    /// ISO 8601 at the known precision: `2020-06-15`, `XXXX-06-15`, `2020-08`, `XXXX-08`, `2020`;
    /// `None` when nothing is known.
    pub fn iso(&self) -> Option<String> {
        let y = self
            .year
            .map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
        match (self.year, self.month, self.day) {
            (_, Some(m), Some(d)) => Some(format!("{y}-{m:02}-{d:02}")),
            (_, Some(m), None) => Some(format!("{y}-{m:02}")),
            (Some(_), None, _) => Some(y),
            (None, None, _) => None,
        }
    }
}

/// What kind of time expression a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// A day ("ngày 17/8/2021", "Chiều 9/6", "29-6"); a span of days ("ngày 26 và 27/6") has its
    /// last day as `end`.
    Day,
    /// A month ("tháng 8/2020", "giữa tháng 8/2020"), or the crawler's publication month.
    Month,
    /// A year ("năm 2019").
    Year,
    /// A quarter ("quý II/2017"): `value` is its first month, `end` its last.
    Quarter,
    /// A half or other part of a year ("6 tháng cuối năm 2023": 07–12; "cuối năm": 12; "những
    /// tháng còn lại của năm nay": `value` the year alone, `end` its December).
    Part,
    /// A term ("nhiệm kỳ 2020-2025"): `value` its first year, `end` its last.
    Term,
}

/// What the word before a time expression makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CueRole {
    /// A deadline: "trước", "chậm nhất", "không quá".
    Before,
    /// The end of a span: "đến", "đến hết", "tới", "từ nay đến".
    Until,
    /// A start: "từ", "kể từ", "bắt đầu từ" — not a deadline.
    Start,
    /// A point: "vào", "lúc", "thời điểm".
    At,
    /// Within: "trong", "ngay trong".
    During,
    /// After: "sau".
    After,
    /// A reporting cut-off: "tính đến".
    AsOf,
}

impl CueRole {
    fn parse(s: &str) -> Option<CueRole> {
        Some(match s {
            "before" => CueRole::Before,
            "until" => CueRole::Until,
            "start" => CueRole::Start,
            "at" => CueRole::At,
            "during" => CueRole::During,
            "after" => CueRole::After,
            "asof" => CueRole::AsOf,
            _ => return None,
        })
    }
    /// True for cues that make the expression a deadline ("trước", "chậm nhất", "đến hết",
    /// "trong").
    pub fn is_deadline(self) -> bool {
        matches!(self, CueRole::Before | CueRole::Until | CueRole::During)
    }
}

/// Where a mention's year comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// Written in the expression itself (or none is needed: a year, a term).
    #[default]
    Text,
    /// The crawler header's year.
    Header,
    /// An explicit year in the same sentence.
    Sentence,
    /// The document's year (the latest explicit year of its days, months, quarters, parts of years).
    Document,
    /// Unknown: `year` is `None`.
    Unknown,
}

/// A time expression found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The words of the expression (with their head: "Ngày 17/8/2021", "giữa tháng 8/2020"; the cue
    /// before it is not included, see `cue_span`).
    pub span: Span,
    /// Its start (or the point itself), year resolved where the document allows.
    pub value: PartialDate,
    /// Its end, for periods (quarters, parts of years, terms); equal to `value` for points.
    pub end: PartialDate,
    /// What it is.
    pub kind: DateKind,
    /// The cue word before it, folded as in `data/date_cues.tsv` ("trước", "chậm nhất", "đến hết",
    /// "từ", "vào", "trong" …).
    pub cue: Option<String>,
    /// What the cue makes of it.
    pub cue_role: Option<CueRole>,
    /// Where the cue is.
    pub cue_span: Option<Span>,
    /// A recurring date ("hàng năm trước ngày 25/12"): its year is left unknown.
    pub recurring: bool,
    /// The crawler header (`date 2020-03`): the publication month, not a date of the text.
    pub published: bool,
    /// Where the year comes from.
    pub year_source: YearSource,
}

impl DateMention {
    /// The value as a deadline, at the text's precision: the end of a period ("6 tháng cuối năm
    /// 2023" → 2023-12, "Quý III/2017" → 2017-09, "trước năm 2020" → 2020, "đến hết năm 2017" →
    /// 2017, "hàng năm trước ngày 25/12" → XXXX-12-25). `None` when the cue makes it a start or
    /// a reference point ("từ 1/7/2017", "sau", "tính đến") or for the crawler header.
    pub fn deadline(&self) -> Option<PartialDate> {
        if self.published {
            return None;
        }
        match self.cue_role {
            // "từ năm 2016-2020", "từ ngày 30/5-7/6": the start is the cue's, the end a deadline.
            Some(CueRole::Start) if self.end != self.value => Some(self.end),
            Some(CueRole::Start | CueRole::After | CueRole::AsOf) => None,
            _ => Some(self.end),
        }
    }

    /// True when the cue before it marks a deadline ("trước", "chậm nhất", "đến", "đến hết",
    /// "trong").
    pub fn has_deadline_cue(&self) -> bool {
        self.cue_role.is_some_and(CueRole::is_deadline)
    }

    /// `value` in ISO 8601 (`XXXX` for an unknown year).
    pub fn iso(&self) -> Option<String> {
        self.value.iso()
    }
}

/// The mentions lying inside `span` (for a sentence or a clause), in text order. `dates` must be
/// in text order, as [`find`] returns them.
pub fn mentions_in(dates: &[DateMention], span: Span) -> impl Iterator<Item = &DateMention> {
    let from = dates.partition_point(|d| d.span.start < span.start);
    dates[from..]
        .iter()
        .take_while(move |d| d.span.start < span.end)
        .filter(move |d| span.contains(d.span))
}

/// All time expressions of a document's sentences and crawler header, in text order.
pub fn find(doc: &Document) -> Vec<DateMention> {
    let mut out = Vec::new();
    if let Some(z) = doc.zone(ZoneKind::CrawlerDate)
        && let Some(v) = z.value
        && let Some(value) = parse_iso(v.of(&doc.text))
    {
        out.push(DateMention {
            span: v,
            value,
            end: value,
            kind: if value.day.is_some() {
                DateKind::Day
            } else {
                DateKind::Month
            },
            cue: None,
            cue_role: None,
            cue_span: None,
            recurring: false,
            published: true,
            year_source: YearSource::Text,
        });
    }
    for s in &doc.sentences {
        scan_sentence(&doc.key, s.span, &mut out);
    }
    out.sort_by_key(|d| (d.span.start, std::cmp::Reverse(d.span.end)));
    // Drop a mention that overlaps the one before it.
    let mut kept: Vec<DateMention> = Vec::with_capacity(out.len());
    for d in out {
        if kept.last().is_some_and(|k| k.span.overlaps(d.span)) {
            continue;
        }
        kept.push(d);
    }
    resolve_years(doc, &mut kept);
    kept
}

// ---------------------------------------------------------------------------------------------
// Patterns

/// Folded entries of a list, longest first, as a regex alternation (spaces match any whitespace).
fn alternation(g: &Gazetteer, keep: impl Fn(&[String]) -> bool) -> String {
    let mut pats: Vec<String> = (0..g.len())
        .filter(|&i| keep(g.fields(i)))
        .map(|i| chidao_text::fold(&g.entry(i).pattern))
        .collect();
    pats.sort_by_key(|p| std::cmp::Reverse(p.len()));
    pats.dedup();
    pats.iter()
        .map(|p| {
            p.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// True when a mention opens with a part of the day ("sáng 6/2", "chiều nay", "khuya ngày 2-7"):
/// the time something happened or was said, seldom a deadline.
pub(crate) fn daypart_head(key: &str, m: &DateMention) -> bool {
    DATE_HEADS.match_at(key, m.span.start).is_some_and(|h| head_class(DATE_HEADS.fields(h.entry)) == "daypart")
}

fn head_class(fields: &[String]) -> &str {
    fields.first().map_or("", String::as_str)
}

static MAIN: LazyLock<Regex> = LazyLock::new(|| {
    let heads = alternation(&DATE_HEADS, |f| {
        matches!(head_class(f), "day" | "daypart" | "weekday" | "today")
    });
    let mods = alternation(&DATE_HEADS, |f| head_class(f) == "mod");
    let numw = "mười hai|mười|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|nửa|những|mấy";
    let head = format!(r"(?:(?:{heads})[\s,(]{{1,4}}){{1,3}}");
    let pat = format!(
        concat!(
            // Day in words: "ngày 12 tháng 10 năm 2017".
            r"(?P<w>(?:(?:{heads})[\s,]{{1,3}}){{0,2}}ngày\s{{1,3}}(?P<wd>[0-9]{{1,2}})\s{{1,3}}tháng\s{{1,3}}(?P<wm>[0-9]{{1,2}})",
            r"(?:\s{{1,3}}năm\s{{1,3}}(?P<wy>[0-9]{{4}})|\s{{0,2}}[/\-]\s{{0,2}}(?P<wy2>[0-9]{{4}}))?)",
            // Month and year alone: "từ 10/1990 đến 6/2001".
            r"|(?P<u>(?P<um>[0-9]{{1,2}})[/\-.](?P<uy>[0-9]{{4}}))",
            // Numeric day: "Ngày 17/8/2021", "Chiều 9/6", "ngày 26 và 27/6", "30/5-/019".
            r"|(?P<b>(?P<bh>{head})?(?:(?P<bd0>[0-9]{{1,2}})\s{{0,2}}(?:-|–|và|đến|tới|,)\s{{0,2}}(?:ngày\s{{1,3}})?)?",
            // The month ends at a digit boundary, so "30-6-2017" is day 30 of month 6, not a range
            // "30-6" running into month "20".
            r"(?P<bd>[0-9]{{1,2}})(?P<bs1>\s{{0,2}}[/\-.–]\s{{0,2}})(?P<bm>[0-9]{{1,2}})(?-u:\b)",
            r"(?:(?P<bs2>[/\-.]|\s{{1,3}}năm\s{{1,3}})(?P<by>[0-9]{{4}})|[/\-.]{{1,2}}(?P<bty>0[0-9]{{2}}))?)",
            // Month: "tháng 8/2020", "giữa tháng 8/2020", "tháng 6 năm nay".
            r"|(?P<c>(?:(?:{mods})\s{{1,3}})?tháng\s{{1,3}}(?P<cm>[0-9]{{1,2}})",
            r"(?:\s{{0,2}}[/\-.]\s{{0,2}}(?P<cy>[0-9]{{4}})|\s{{1,3}}năm\s{{1,3}}(?P<cy2>[0-9]{{4}}|nay))?)",
            // Quarter: "quý II/2017", "quý 3 năm 2018", "cuối quý III".
            r"|(?P<q>(?:(?:{mods})\s{{1,3}})?quý\s{{1,3}}(?P<qn>iv|iii|ii|i|[1-4])",
            r"(?:\s{{0,2}}[/\-.]\s{{0,2}}(?P<qy>[0-9]{{4}})|\s{{1,3}}năm\s{{1,3}}(?P<qy2>[0-9]{{4}}|nay))?)",
            // Part of a year: "6 tháng cuối năm 2023", "nửa đầu năm", "cuối năm".
            r"|(?P<p>(?:(?P<pn>[0-9]{{1,2}}|{numw})\s{{1,3}}(?P<pt>tháng\s{{1,3}})?)?(?P<pw>đầu|giữa|cuối)\s{{1,3}}năm",
            r"(?:\s{{1,3}}(?P<py>[0-9]{{4}}|nay))?)",
            // Term: "nhiệm kỳ 2020-2025", "giai đoạn 2016 - 2020", "(2016-2020)".
            r"|(?P<t>(?:(?P<tw>nhiệm\s+kỳ|giai\s+đoạn|thời\s+kỳ|niên\s+khóa|khóa)\s{{1,3}})?(?:năm\s{{1,3}})?",
            r"(?P<ta>[0-9]{{4}})\s{{0,2}}[-–]\s{{0,2}}(?:năm\s{{1,3}})?(?P<tb>[0-9]{{4}}))",
            // Year: "năm 2019".
            r"|(?P<y>năm\s{{1,3}}(?P<yv>[0-9]{{4}}))",
            // The rest of a year: "những tháng còn lại của năm nay".
            r"|(?P<r>(?:những|các)\s{{1,3}}tháng\s{{1,3}}còn\s{{1,3}}lại(?:\s{{1,3}}(?:của|trong)\s{{1,3}}năm(?:\s{{1,3}}(?P<ry>[0-9]{{4}}|nay))?)?)",
            // A bare year after a cue: "trước 2020", "trong 2016".
            r"|(?P<n>[0-9]{{4}})",
        ),
        heads = heads,
        head = head,
        mods = mods,
        numw = numw,
    );
    Regex::new(&pat).expect("date pattern compiles")
});

/// A cue at the very end of a window.
static CUE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    let cues = alternation(&DATE_CUES, |_| true);
    Regex::new(&format!(r"(?:^|[^\p{{L}}\p{{N}}])(?P<cue>{cues})[\s,]*$"))
        .expect("cue pattern compiles")
});

/// A recurring marker right after an expression ("trước ngày 25/12 hàng năm").
static RECUR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    let rec = alternation(&DATE_CUES, |f| f.first().is_some_and(|r| r == "recurring"));
    Regex::new(&format!(r"^[\s,]{{0,3}}(?:{rec})(?:[^\p{{L}}\p{{N}}]|$)"))
        .expect("recurring pattern compiles")
});

/// The second day of a span across months: "30/5-7/6".
static DAY_RANGE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s?[-–]\s?(?P<d>[0-9]{1,2})[/.](?P<m>[0-9]{1,2})(?:[/\-.](?P<y>[0-9]{4}))?")
        .expect("range pattern compiles")
});

/// Between two days of a list: "ngày 8/3, 9/3 và 10/3/2017".
static DAY_CHAIN_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s,;]*(?:và|hoặc|đến|tới|[-–,;])?\s*$").expect("gap pattern compiles")
});

/// More years after a year: "năm 2019 và 2020", "các năm 2018, 2019".
static YEAR_CHAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s{0,2}(?:,|và|hoặc|hay)\s{0,2}(?:năm\s{1,3})?(?P<y>[0-9]{4})")
        .expect("chain pattern compiles")
});

// ---------------------------------------------------------------------------------------------
// Scanning

fn scan_sentence(key: &str, sent: Span, out: &mut Vec<DateMention>) {
    let Some(hay) = key.get(sent.start..sent.end) else {
        return;
    };
    // Every alternative of MAIN needs an ASCII digit or one of these words (quarter, part of a
    // year, the rest of a year): sentences without them cannot hold a date.
    if !hay.bytes().any(|b| b.is_ascii_digit())
        && !["tháng", "năm", "quý"].iter().any(|w| hay.contains(w))
    {
        return;
    }
    let mut pos = 0;
    let mut prev_end = None;
    while pos < hay.len() {
        // The match first, its groups only when it stands on word boundaries (a match inside a
        // word or number is no date): resolving the groups of a big pattern costs far more than
        // finding it, and a long number ("12345", "2.000.000") yields a run of matches inside
        // itself. The search for the groups starts at the match, which it finds again, in the
        // text up to the match's end (the engine that resolves groups first clears a table as
        // long as the text it is given). That is the same match: no path of the pattern that
        // would have been preferred can end there instead, since the one assertion, an ASCII
        // `\b`, reads the same at the end of the text as before the non-word character that
        // follows the match — unless that character is "_", a word character to `\b`.
        let Some(m) = MAIN.find_at(hay, pos) else {
            break;
        };
        if !on_word_boundaries(hay, m.start(), m.end()) {
            pos = next_boundary(hay, m.start());
            continue;
        }
        let upto = if hay.as_bytes().get(m.end()) == Some(&b'_') { hay.len() } else { m.end() };
        let Some(c) = MAIN.captures_at(&hay[..upto], m.start()) else {
            break;
        };
        let m = c.get(0).expect("group 0");
        let before = out.len();
        if interpret(hay, &c, prev_end, out) {
            prev_end = out.last().map(|d| d.span.end);
            for d in &mut out[before..] {
                d.span = d.span.shift(sent.start);
                d.cue_span = d.cue_span.map(|s| s.shift(sent.start));
            }
            pos = m.end().max(pos + 1);
        } else {
            out.truncate(before);
            pos = next_boundary(hay, m.start());
        }
        while pos < hay.len() && !hay.is_char_boundary(pos) {
            pos += 1;
        }
    }
}

/// Neither the char before `start` nor the one at `end` is a letter or digit.
fn on_word_boundaries(hay: &str, start: usize, end: usize) -> bool {
    !is_alnum(char_before(hay, start)) && !is_alnum(char_after(hay, end))
}

fn next_boundary(s: &str, at: usize) -> usize {
    let mut p = at + 1;
    while p < s.len() && !s.is_char_boundary(p) {
        p += 1;
    }
    p
}

/// An amount after a month number: "mỗi tháng 9 - 10 triệu đồng", "tháng 9 triệu".
fn amount_follows(hay: &str, end: usize) -> bool {
    let mut at = skip_spaces(hay, end);
    if hay[at..].starts_with('-') || hay[at..].starts_with('–') {
        at = skip_spaces(hay, at + hay[at..].chars().next().map_or(1, char::len_utf8));
        let digits = hay[at..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        at = skip_spaces(hay, at + digits);
    }
    at < hay.len()
        && DATE_COUNTED.match_at(hay, at).is_some_and(|h| {
            DATE_COUNTED
                .fields(h.entry)
                .first()
                .is_some_and(|f| f == "amount")
        })
}

fn char_before(s: &str, at: usize) -> Option<char> {
    s[..at].chars().next_back()
}

fn char_after(s: &str, at: usize) -> Option<char> {
    s[at..].chars().next()
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(crate::gazetteer::is_alphanumeric)
}

fn num<T: std::str::FromStr>(c: &Captures<'_>, name: &str) -> Option<T> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

fn days_in_month(m: u8) -> u8 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn valid_year(y: i32) -> bool {
    (1900..=2100).contains(&y)
}

/// The cue before `start` in `hay` and whether a recurring marker or a blocking word precedes.
struct Before {
    cue: Option<(String, CueRole, Span)>,
    recurring: bool,
    block: bool,
}

fn look_back(hay: &str, start: usize) -> Before {
    let mut b = Before {
        cue: None,
        recurring: false,
        block: false,
    };
    let mut end = start;
    for _ in 0..3 {
        let mut from = end.saturating_sub(48);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
        let window = &hay[from..end];
        let Some(c) = CUE_TAIL.captures(window) else {
            break;
        };
        let g = c.name("cue").expect("cue group");
        let words = g.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(i) = DATE_CUES.lookup(&words) else {
            break;
        };
        let role = DATE_CUES.fields(i).first().map_or("", String::as_str);
        match role {
            "recurring" => b.recurring = true,
            "block" => {
                if b.cue.is_none() && !b.recurring {
                    b.block = true;
                }
                break;
            }
            r => {
                if b.cue.is_none() && !b.recurring {
                    if let Some(role) = CueRole::parse(r) {
                        b.cue = Some((words, role, Span::new(from + g.start(), from + g.end())));
                    }
                } else {
                    break;
                }
            }
        }
        end = from + g.start();
    }
    b
}

fn roman_quarter(s: &str) -> Option<u8> {
    Some(match s {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    })
}

fn count_word(s: &str) -> Option<u8> {
    if let Ok(n) = s.parse::<u8>() {
        return Some(n);
    }
    Some(match s {
        "một" => 1,
        "hai" => 2,
        "ba" => 3,
        "bốn" => 4,
        "năm" => 5,
        "sáu" | "nửa" | "những" | "mấy" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        "mười hai" => 12,
        _ => return None,
    })
}

/// A year written as digits or "nay" (unknown here: resolved later).
fn year_of(c: &Captures<'_>, names: &[&str]) -> Result<Option<i32>, ()> {
    for n in names {
        if let Some(m) = c.name(n) {
            if m.as_str() == "nay" {
                return Ok(None);
            }
            let y: i32 = m.as_str().parse().map_err(|_| ())?;
            return if valid_year(y) { Ok(Some(y)) } else { Err(()) };
        }
    }
    Ok(None)
}

/// Checks a candidate (a match on word boundaries) and pushes its mentions (spans relative to
/// `hay`). False to reject.
fn interpret(
    hay: &str,
    c: &Captures<'_>,
    prev_end: Option<usize>,
    out: &mut Vec<DateMention>,
) -> bool {
    let m = c.get(0).expect("group 0");
    // The caller found it on word boundaries.
    debug_assert!(on_word_boundaries(hay, m.start(), m.end()));
    let span = Span::new(m.start(), m.end());
    let lb = look_back(hay, m.start());
    let recurring = lb.recurring || RECUR_AFTER.is_match(&hay[m.end()..]);
    let mut push = |value: PartialDate, end: PartialDate, kind: DateKind, span: Span| {
        out.push(DateMention {
            span,
            value,
            end,
            kind,
            cue: lb.cue.as_ref().map(|c| c.0.clone()),
            cue_role: lb.cue.as_ref().map(|c| c.1),
            cue_span: lb.cue.as_ref().map(|c| c.2),
            recurring,
            published: false,
            year_source: YearSource::Text,
        });
    };
    if c.name("w").is_some() {
        let (Some(d), Some(mo)) = (num::<u8>(c, "wd"), num::<u8>(c, "wm")) else {
            return false;
        };
        if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(mo) {
            return false;
        }
        let Ok(y) = year_of(c, &["wy", "wy2"]) else {
            return false;
        };
        let v = PartialDate {
            year: y,
            month: Some(mo),
            day: Some(d),
        };
        push(v, v, DateKind::Day, span);
        return true;
    }
    if c.name("u").is_some() {
        let (Some(mo), Some(y)) = (num::<u8>(c, "um"), num::<i32>(c, "uy")) else {
            return false;
        };
        let next = char_after(hay, m.end());
        let cued = lb.cue.is_some() && !lb.block;
        let paren = char_before(hay, m.start()) == Some('(') && next == Some(')');
        if !(1..=12).contains(&mo)
            || !valid_year(y)
            || !(cued || paren)
            || (matches!(next, Some('/' | '-' | '.')) && is_alnum(char_after(hay, m.end() + 1)))
        {
            return false;
        }
        let v = PartialDate {
            year: Some(y),
            month: Some(mo),
            day: None,
        };
        push(v, v, DateKind::Month, span);
        return true;
    }
    if c.name("b").is_some() {
        let chained = prev_end.is_some_and(|e| {
            e <= span.start && span.start - e <= 16 && DAY_CHAIN_GAP.is_match(&hay[e..span.start])
        });
        return day(hay, c, &lb, chained, span, push);
    }
    if c.name("c").is_some() {
        let Some(mo) = num::<u8>(c, "cm") else {
            return false;
        };
        if !(1..=12).contains(&mo) {
            return false;
        }
        let Ok(y) = year_of(c, &["cy", "cy2"]) else {
            return false;
        };
        if y.is_none() && amount_follows(hay, m.end()) {
            return false;
        }
        let v = PartialDate {
            year: y,
            month: Some(mo),
            day: None,
        };
        push(v, v, DateKind::Month, span);
        return true;
    }
    if c.name("q").is_some() {
        let Some(q) = c.name("qn").and_then(|m| roman_quarter(m.as_str())) else {
            return false;
        };
        let Ok(y) = year_of(c, &["qy", "qy2"]) else {
            return false;
        };
        let v = PartialDate {
            year: y,
            month: Some(3 * q - 2),
            day: None,
        };
        let e = PartialDate {
            year: y,
            month: Some(3 * q),
            day: None,
        };
        push(v, e, DateKind::Quarter, span);
        return true;
    }
    if c.name("p").is_some() {
        let Ok(y) = year_of(c, &["py"]) else {
            return false;
        };
        if c.name("py").is_none() {
            let at = skip_spaces(hay, m.end());
            if at < hay.len() && DATE_YEAR_AFTER.match_at(hay, at).is_some() {
                return false;
            }
        }
        let w = c.name("pw").map_or("", |m| m.as_str());
        let (v, e) = match c.name("pn") {
            Some(n) => {
                let Some(n) = count_word(n.as_str()).filter(|n| (1..=12).contains(n)) else {
                    return false;
                };
                if c.name("pt").is_none() && n != 6 {
                    return false;
                }
                match w {
                    "đầu" => (1, n),
                    "cuối" => (13 - n, 12),
                    _ => return false,
                }
            }
            None => match w {
                "đầu" => (1, 1),
                "giữa" => (6, 6),
                _ => (12, 12),
            },
        };
        push(
            PartialDate {
                year: y,
                month: Some(v),
                day: None,
            },
            PartialDate {
                year: y,
                month: Some(e),
                day: None,
            },
            DateKind::Part,
            span,
        );
        return true;
    }
    if c.name("t").is_some() {
        let (Some(a), Some(b)) = (num::<i32>(c, "ta"), num::<i32>(c, "tb")) else {
            return false;
        };
        let worded = c.name("tw").is_some() || m.as_str().starts_with("năm");
        let lo = if worded { 1900 } else { 1945 };
        if !(lo..=2100).contains(&a) || !(lo..=2100).contains(&b) || b <= a || b - a > 30 {
            return false;
        }
        push(PartialDate::y(a), PartialDate::y(b), DateKind::Term, span);
        return true;
    }
    if c.name("r").is_some() {
        let Ok(y) = year_of(c, &["ry"]) else {
            return false;
        };
        push(
            PartialDate {
                year: y,
                month: None,
                day: None,
            },
            PartialDate {
                year: y,
                month: Some(12),
                day: None,
            },
            DateKind::Part,
            span,
        );
        return true;
    }
    if c.name("n").is_some() {
        let Some(y) = num::<i32>(c, "n").filter(|y| (1945..=2100).contains(y)) else {
            return false;
        };
        let cued = lb.cue.as_ref().is_some_and(|c| {
            matches!(
                c.1,
                CueRole::Before | CueRole::Until | CueRole::Start | CueRole::During | CueRole::At
            )
        });
        let at = skip_spaces(hay, m.end());
        let next = char_after(hay, m.end());
        if !cued
            || !char_before(hay, m.start()).is_some_and(char::is_whitespace)
            || matches!(next, Some('/' | '-' | '.' | ',' | '%'))
                && hay[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit())
            || (at < hay.len() && DATE_COUNTED.match_at(hay, at).is_some())
        {
            return false;
        }
        push(PartialDate::y(y), PartialDate::y(y), DateKind::Year, span);
        return true;
    }
    if c.name("y").is_some() {
        let Some(y) = num::<i32>(c, "yv").filter(|y| valid_year(*y)) else {
            return false;
        };
        push(PartialDate::y(y), PartialDate::y(y), DateKind::Year, span);
        // "năm 2019 và 2020": more years.
        let mut at = m.end();
        for _ in 0..8 {
            let Some(n) = YEAR_CHAIN.captures(&hay[at..]) else {
                break;
            };
            let g = n.name("y").expect("year group");
            let end = at + g.end();
            let Some(y2) = g.as_str().parse::<i32>().ok().filter(|y| valid_year(*y)) else {
                break;
            };
            if is_alnum(char_after(hay, end)) {
                break;
            }
            let s2 = Span::new(at + g.start(), end);
            push(PartialDate::y(y2), PartialDate::y(y2), DateKind::Year, s2);
            at = end;
        }
        return true;
    }
    false
}

/// A numeric day ("17/8/2021", "Chiều 9/6", "ngày 29-6", "trước 15/6").
fn day(
    hay: &str,
    c: &Captures<'_>,
    lb: &Before,
    chained: bool,
    span: Span,
    mut push: impl FnMut(PartialDate, PartialDate, DateKind, Span),
) -> bool {
    let has_head = c.name("bh").is_some();
    let (Some(d), Some(mo)) = (num::<u8>(c, "bd"), num::<u8>(c, "bm")) else {
        return false;
    };
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(mo) {
        return false;
    }
    let d0 = match c.name("bd0") {
        Some(x) => {
            let Ok(d0) = x.as_str().parse::<u8>() else {
                return false;
            };
            if !has_head || d0 == 0 || d0 >= d {
                return false;
            }
            Some(d0)
        }
        None => None,
    };
    let sep = c.name("bs1").map_or("", |m| m.as_str());
    let spaced = sep.trim() != sep;
    let sep = sep.trim();
    let year = if let Some(y) = c.name("by") {
        let Ok(y) = y.as_str().parse::<i32>() else {
            return false;
        };
        if !valid_year(y) {
            return false;
        }
        Some(y)
    } else if let Some(t) = c.name("bty") {
        let Ok(t) = t.as_str().parse::<i32>() else {
            return false;
        };
        Some(2000 + t)
    } else {
        None
    };
    let mut end = span.end;
    // A span of days across months: "từ ngày 30/5-7/6".
    let mut last = None;
    if let Some(r) = DAY_RANGE_TAIL.captures(&hay[end..]) {
        let (Some(d2), Some(m2)) = (num::<u8>(&r, "d"), num::<u8>(&r, "m")) else {
            return false;
        };
        let y2 = num::<i32>(&r, "y").filter(|y| valid_year(*y));
        let after = end + r.get(0).expect("group 0").end();
        if (1..=12).contains(&m2)
            && (1..=days_in_month(m2)).contains(&d2)
            && !is_alnum(char_after(hay, after))
        {
            last = Some(PartialDate {
                year: y2.or(year),
                month: Some(m2),
                day: Some(d2),
            });
            end = after;
        }
    }
    let year = year.or(last.and_then(|l| l.year));
    let next = char_after(hay, end);
    // A code: "12/3/QĐ-UBND", "5/6-CT".
    if matches!(next, Some('/' | '-' | '.'))
        && is_alnum(char_after(hay, end + 1))
        && !(next == Some('.') && year.is_some())
    {
        return false;
    }
    if !has_head {
        if (lb.block && !chained) || spaced {
            return false;
        }
        let prev = char_before(hay, span.start);
        if !chained
            && matches!(prev, Some('/' | '-' | '.' | ','))
            && char_before(hay, span.start - 1).is_some_and(|c| c.is_ascii_digit())
        {
            return false;
        }
        if year.is_none() && !chained {
            let cue = lb.cue.is_some() || lb.recurring;
            if sep == "." || (!cue && sep != "/") {
                return false;
            }
            // "238/262 vụ việc", "5-7 người".
            let at = skip_spaces(hay, end);
            if at < hay.len()
                && (DATE_COUNTED.match_at(hay, at).is_some() || hay[at..].starts_with('%'))
            {
                return false;
            }
            // A bare "d/m": in parentheses ("(21/7)"), or closing a phrase and not a common
            // fraction ("phiên giao dịch 6/7," but not "bằng 1/3 số trước", "đạt 2/3.").
            if !cue {
                let paren = prev == Some('(') && next == Some(')');
                let closes = matches!(next, None | Some(',' | ';' | ')' | '.' | ':' | '!' | '?'));
                if !paren && !(closes && !(d < mo && mo <= 4)) {
                    return false;
                }
            }
        }
    }
    // "hôm nay (3/6)": take the closing parenthesis in.
    if c.name("bh").is_some_and(|h| h.as_str().contains('(')) && hay[end..].starts_with(')') {
        end += 1;
    }
    let v = PartialDate {
        year,
        month: Some(mo),
        day: Some(d0.unwrap_or(d)),
    };
    let e = last.unwrap_or(PartialDate {
        year,
        month: Some(mo),
        day: Some(d),
    });
    push(v, e, DateKind::Day, Span::new(span.start, end));
    true
}

/// Parses the crawler's `2020-03` or `2020-03-11`.
fn parse_iso(s: &str) -> Option<PartialDate> {
    let mut it = s.trim().split('-');
    let y: i32 = it.next()?.parse().ok().filter(|y| valid_year(*y))?;
    let m: u8 = it.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
    let d: Option<u8> = match it.next() {
        Some(d) => Some(d.parse().ok().filter(|d| (1..=31).contains(d))?),
        None => None,
    };
    Some(PartialDate {
        year: Some(y),
        month: Some(m),
        day: d,
    })
}

// ---------------------------------------------------------------------------------------------
// Year resolution

/// How many running-text sentences (after the headline) may give the document's year.
const LEAD_YEAR_SENTENCES: usize = 3;

fn resolve_years(doc: &Document, dates: &mut [DateMention]) {
    // The publication date: the crawler header's, else the one the input gave.
    let given = doc.info.published.as_deref().or(doc.info.date.as_deref()).and_then(parse_iso);
    let header = dates.iter().find(|d| d.published).map(|d| d.value).or(given);
    let needs = |d: &DateMention| {
        !d.published && !d.recurring && d.value.year.is_none() && d.value.month.is_some()
    };
    // The document's year: the latest year of its explicitly dated days, months, quarters and parts
    // of years — only when the headline or lead names it, or a deadline ahead does, i.e. it is the
    // document's own time. A
    // year named only further down is background ("Ngày 9/6, … bắt …" then "giữa tháng 6/2016,
    // Chi cục …" in the history of the case): on a sample of corpus articles, borrowing it gave a
    // wrong year about as often as a right one, so the year stays unknown.
    let lead_end = doc
        .sentences
        .iter()
        .filter(|s| !s.headline)
        .nth(LEAD_YEAR_SENTENCES - 1)
        .map_or(usize::MAX, |s| s.span.end);
    // (year, where it counts): a year ahead ("trong tháng 9/2024", "trước 30/6/2024") counts
    // anywhere, being near the document's own time.
    let explicit: Vec<(i32, usize)> = dates
        .iter()
        .filter(|d| {
            !d.published
                && matches!(
                    d.kind,
                    DateKind::Day | DateKind::Month | DateKind::Quarter | DateKind::Part
                )
                && d.year_source == YearSource::Text
        })
        .filter_map(|d| {
            let y = d.value.year.max(d.end.year)?;
            let ahead = matches!(d.cue_role, Some(CueRole::Before | CueRole::During));
            Some((y, if ahead { 0 } else { d.span.end }))
        })
        .collect();
    let doc_year = explicit.iter().map(|e| e.0).max();
    // A target year ahead ("Quy hoạch chung đến năm 2030") is no year of the document's own time.
    let doc_year = doc_year.filter(|&y| !dates.iter().any(|d| d.kind == DateKind::Year && d.value.year == Some(y) && d.cue_role.is_some_and(CueRole::is_deadline)) || explicit.iter().filter(|e| e.0 == y).count() > 1);
    let doc_year_in_lead = doc_year.is_some_and(|y| explicit.iter().any(|e| e.0 == y && e.1 <= lead_end));
    let doc_year = doc_year.filter(|_| doc_year_in_lead);
    // The news date: the first day with no year the lead tells ("Sáng 6/2, tại cuộc họp …",
    // "vào sáng nay (6-2)"). It comes after the facts the lead tells with their year ("vụ việc hồi cuối tháng
    // 12/2016", with no cue: "vào tháng 11/2017", "từ 1/7/2017" may lie ahead): when its month
    // lies more than two months before the latest such month (as for a crawler header below), it is of the next year, and the
    // document's days without a year are read from it as from a crawler header.
    let news = doc
        .body()
        .take(LEAD_YEAR_SENTENCES)
        .find_map(|s| {
            dates.iter().find(|d| {
                d.kind == DateKind::Day
                    && !d.published
                    && d.value.year.is_none()
                    && s.span.contains(d.span)
                    && d.cue_role.is_none_or(|c| c == CueRole::At)
            })
        })
        .and_then(|d| d.value.month);
    let told_month = |y: i32| {
        dates
            .iter()
            .filter(|d| !d.published && matches!(d.kind, DateKind::Day | DateKind::Month) && d.year_source == YearSource::Text && d.value.year == Some(y) && d.end == d.value && d.cue.is_none())
            .filter_map(|d| d.value.month)
            .max()
    };
    // The year stays when the text also names a month of it near the news date or before it
    // ("Sáng 29-6-2017", "từ ngày 1.6.2017") or sets a date of it ahead ("trong quý III/2017"):
    // its later months are plans ("APEC tháng 11/2017"), not the past.
    let near_or_ahead = |y: i32, nm: u8| {
        dates.iter().any(|d| {
            !d.published
                && d.year_source == YearSource::Text
                && d.kind != DateKind::Year
                && d.value.year == Some(y)
                && (d.value.month.is_some_and(|m| m <= nm + 2) || d.cue_role.is_some_and(|c| matches!(c, CueRole::Before | CueRole::Until | CueRole::During | CueRole::Start)))
        })
    };
    let rolled = match (doc_year, news) {
        (Some(y), Some(nm)) if header.is_none() && told_month(y).is_some_and(|tm| nm + 2 < tm) && !explicit.iter().any(|e| e.0 > y) && !near_or_ahead(y, nm) => Some(PartialDate { year: Some(y + 1), month: Some(nm), day: None }),
        _ => None,
    };
    let anchor = header.or(rolled);
    let doc_year = rolled.and_then(|r| r.year).or(doc_year);
    // Months the text names with the document's year as past facts ("giữa tháng 6/2016, Chi cục
    // lại lấy mẫu"; not "ngay trong tháng 2/2017" ahead). A day of such a month with no year is
    // not of that year: had it been, the writer would have named the month bare.
    let past_months: Vec<u8> = dates
        .iter()
        .filter(|d| {
            d.kind == DateKind::Month
                && !d.published
                && d.year_source == YearSource::Text
                && d.value.year.is_some()
                && d.value.year == doc_year
                && d.cue_role.is_none_or(|c| !matches!(c, CueRole::Before | CueRole::During))
        })
        .filter_map(|d| d.value.month)
        .collect();
    let sentence_of: Vec<Option<usize>> = dates
        .iter()
        .map(|d| doc.sentence_at(d.span.start))
        .collect();
    let sentence_year = sentence_years(doc, dates, &sentence_of);
    for i in 0..dates.len() {
        if !needs(&dates[i]) {
            if !dates[i].published && dates[i].value.year.is_none() {
                dates[i].year_source = YearSource::Unknown;
            }
            continue;
        }
        let month = dates[i].value.month.unwrap_or(1);
        let (year, source) = if let Some(h) = anchor
            && let Some(hy) = h.year
        {
            let hm = h.month.unwrap_or(12);
            let ahead = dates[i].cue_role.is_some_and(CueRole::is_deadline);
            let y = if !ahead && month > hm + 2 { hy - 1 } else { hy };
            (Some(y), if header.is_some() { YearSource::Header } else { YearSource::Document })
        } else if let Some(y) = sentence_year[i] {
            (Some(y), YearSource::Sentence)
        } else if let Some(y) = doc_year.filter(|_| !past_months.contains(&month)) {
            (Some(y), YearSource::Document)
        } else {
            (None, YearSource::Unknown)
        };
        let d = &mut dates[i];
        d.value.year = year;
        if d.end.year.is_none() {
            d.end.year = year;
        }
        d.year_source = source;
    }
}

/// True when the words before a year give a person's birth ("sinh năm 1968", "(SN 1990)").
fn birth_year(doc: &Document, span: Span) -> bool {
    let before = doc.key[..span.start].trim_end_matches([' ', '(', ':']);
    let before = before.strip_suffix("năm").map_or(before, str::trim_end);
    let last = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    BIRTH.contains(last)
}

/// For each mention, the explicit year nearest to it in its sentence (`dates` in text order, so a
/// sentence's mentions are contiguous): one pass each way.
fn sentence_years(doc: &Document, dates: &[DateMention], sentence_of: &[Option<usize>]) -> Vec<Option<i32>> {
    // A year of birth ("sinh năm 1968", "SN 1992") dates a person, not the sentence's events; a
    // span of years ("21/6/1925 - 21/6/2017") anchors by its end, the nearer to now.
    let anchor = |d: &DateMention| {
        let target = d.kind == DateKind::Year && d.cue_role.is_some_and(CueRole::is_deadline);
        if d.year_source == YearSource::Text && !d.published && d.kind != DateKind::Term && !target && !birth_year(doc, d.span) {
            d.value.year.max(d.end.year)
        } else {
            None
        }
    };
    let n = dates.len();
    let mut left: Vec<Option<(usize, i32)>> = vec![None; n];
    let mut last: Option<(usize, usize, i32)> = None; // (sentence, position, year)
    for i in 0..n {
        let Some(s) = sentence_of[i] else { continue };
        if let Some((ls, at, y)) = last
            && ls == s
        {
            left[i] = Some((dates[i].span.start.saturating_sub(at), y));
        }
        if let Some(y) = anchor(&dates[i]) {
            last = Some((s, dates[i].span.start, y));
        }
    }
    let mut out = vec![None; n];
    let mut next: Option<(usize, usize, i32)> = None;
    for i in (0..n).rev() {
        let Some(s) = sentence_of[i] else { continue };
        let right = next
            .filter(|(ns, _, _)| *ns == s)
            .map(|(_, at, y)| (at.saturating_sub(dates[i].span.start), y));
        out[i] = match (left[i], right) {
            (Some(l), Some(r)) => Some(if r.0 < l.0 { r.1 } else { l.1 }),
            (l, r) => l.or(r).map(|x| x.1),
        };
        if let Some(y) = anchor(&dates[i]) {
            next = Some((s, dates[i].span.start, y));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(t: &str) -> Document {
        Document::new("t.txt", chidao_text::nfc(t).into_owned())
    }

    /// (text of the span, value iso, end iso, cue) of each mention.
    fn show(t: &str) -> Vec<(String, String, String, Option<String>)> {
        let d = doc(t);
        find(&d)
            .into_iter()
            .map(|m| {
                (
                    d.slice(m.span).to_string(),
                    m.value.iso().unwrap_or_default(),
                    m.end.iso().unwrap_or_default(),
                    m.cue.clone(),
                )
            })
            .collect()
    }

    fn values(t: &str) -> Vec<String> {
        show(t).into_iter().map(|x| x.1).collect()
    }

    fn ends(t: &str) -> Vec<String> {
        show(t).into_iter().map(|x| x.2).collect()
    }

    #[test]
    fn years_of_birth_and_targets_date_nothing() {
        // A suspect's year of birth is not the year of the day the police act.
        let v = values("Ngày 13/5, Công an huyện Sơn Khê khởi tố Lê Văn Tâm (sinh năm 1968, trú tại xã Tân Lập).");
        assert_eq!(v[0], "XXXX-05-13", "{v:?}");
        // A plan's horizon is not the year of the news.
        let v = values("Ngày 19/5, UBND tỉnh Hòa Lạc điều chỉnh quy hoạch chung đến năm 2030, tầm nhìn đến năm 2050.");
        assert_eq!(v[0], "XXXX-05-19", "{v:?}");
        // A span of years anchors by its end.
        let v = values("Tối 21/6, nhân kỷ niệm 92 năm Ngày Báo chí (21/6/1925 - 21/6/2017), Hội Nhà báo tỉnh gặp mặt.");
        assert_eq!(v[0], "2017-06-21", "{v:?}");
    }

    #[test]
    fn dashed_day_with_year() {
        assert_eq!(values("Sở phải báo cáo trước ngày 30-6-2017."), ["2017-06-30"]);
        assert_eq!(values("Ngày 20-6-2017, Hội đồng nhân dân tỉnh họp."), ["2017-06-20"]);
        // A day range still reads as one: "ngày 26-27/6".
        assert_eq!(ends("Hội nghị diễn ra ngày 26-27/6/2017.").len(), 1);
    }

    #[test]
    fn days() {
        assert_eq!(
            values("Ngày 17/8/2021, tại Hòa Lạc, Công an tỉnh tổ chức hội nghị."),
            ["2021-08-17"]
        );
        assert_eq!(
            values("Chiều 9/6, Đoàn kiểm tra số 3 làm việc với Công an huyện Đông Sơn."),
            ["XXXX-06-09"]
        );
        assert_eq!(
            values("Sáng 11/3, Bí thư Tỉnh ủy làm việc."),
            ["XXXX-03-11"]
        );
        assert_eq!(
            values("Ngày 29-6, Đảng bộ Công an tỉnh Hòa Lạc tổ chức hội nghị."),
            ["XXXX-06-29"]
        );
        assert_eq!(
            values("(HLO) - ngày 8-3, Thành ủy Hòa Lạc sơ kết."),
            ["XXXX-03-08"]
        );
        assert_eq!(
            values("Kế hoạch được ban hành ngày 12 tháng 10 năm 2017 tại Hòa Lạc."),
            ["2017-10-12"]
        );
        assert_eq!(
            values("Thời hạn là ngày 30/12/2016 và ngày 05/01/2017."),
            ["2016-12-30", "2017-01-05"]
        );
        assert_eq!(
            values("Tỉnh ủy yêu cầu báo cáo chậm nhất ngày 30/6."),
            ["XXXX-06-30"]
        );
        assert_eq!(values("Các đơn vị hoàn thành trước 15/6."), ["XXXX-06-15"]);
        assert_eq!(values("Dự kiến đến 15/6 sẽ hoàn thành."), ["XXXX-06-15"]);
        assert_eq!(
            values("Ngày 26 và 27/6, Đoàn công tác làm việc tại Hòa Lạc."),
            ["XXXX-06-26"]
        );
        assert_eq!(
            ends("Ngày 26 và 27/6, Đoàn công tác làm việc tại Hòa Lạc."),
            ["XXXX-06-27"]
        );
        assert_eq!(
            values("Sáng thứ Hai, ngày 5/6, Ban Thường vụ họp."),
            ["XXXX-06-05"]
        );
        assert_eq!(
            values("Vòng thi diễn ra các ngày 8/3, 9/3 và 10/3/2017."),
            ["2017-03-08", "2017-03-09", "2017-03-10"]
        );
        assert_eq!(values("Lễ hội diễn ra vào mùng 9/2."), ["XXXX-02-09"]);
        let r = show("Đoàn làm việc với Sở Tư pháp từ ngày 30/5-7/6.");
        assert_eq!(
            (r[0].0.as_str(), r[0].1.as_str(), r[0].2.as_str()),
            ("ngày 30/5-7/6", "XXXX-05-30", "XXXX-06-07")
        );
    }

    #[test]
    fn today_in_parentheses() {
        let r = show(
            "Phiên họp tháng 5/2017 của Hội đồng diễn ra hôm nay (3/6) tại trụ sở Tỉnh ủy Hòa Lạc.",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].0, "hôm nay (3/6)");
        assert_eq!(r[1].1, "2017-06-03");
        assert_eq!(values("Thứ Hai (5/6), Công an tỉnh họp."), ["XXXX-06-05"]);
    }

    #[test]
    fn typo_year() {
        assert_eq!(
            values("Thực hiện Chỉ thị số 27-CT/TW ngày 30/5-/019 của Bộ Chính trị."),
            ["2019-05-30"]
        );
        assert_eq!(values("Phấn đấu đến 15/6/017 hoàn thành."), ["2017-06-15"]);
    }

    #[test]
    fn months() {
        assert_eq!(
            values("Đại hội sẽ diễn ra vào giữa tháng 8/2020."),
            ["2020-08"]
        );
        let r = show("Đại hội sẽ diễn ra vào giữa tháng 8/2020.");
        assert_eq!(r[0].0, "giữa tháng 8/2020");
        assert_eq!(r[0].3.as_deref(), Some("vào"));
        assert_eq!(values("Trong tháng 6, các đơn vị rà soát."), ["XXXX-06"]);
        assert_eq!(
            values("Từ đầu tháng 7, lực lượng công an ra quân."),
            ["XXXX-07"]
        );
        assert_eq!(values("Báo cáo tháng 12 năm 2017 đã gửi."), ["2017-12"]);
        assert_eq!(
            values("Ông công tác tại Sở từ 10/1990 đến 6/2001."),
            ["1990-10", "2001-06"]
        );
        assert!(values("Thực hiện Thông tư 12/2016/TT-BCA và Nghị quyết 05/2017.").is_empty());
    }

    #[test]
    fn years() {
        assert_eq!(
            values("Kết quả trong năm 2019 và 2020 rất khả quan."),
            ["2019", "2020"]
        );
        assert_eq!(
            show("Phấn đấu đến hết năm 2017 hoàn thành.")[0]
                .3
                .as_deref(),
            Some("đến hết")
        );
        assert_eq!(values("Lắp đặt đủ trụ nước trước năm 2020."), ["2020"]);
        assert_eq!(values("Các năm 2018, 2019 đều tăng."), ["2018", "2019"]);
    }

    #[test]
    fn quarters() {
        assert_eq!(values("Thành lập trong quý II/2017."), ["2017-04"]);
        assert_eq!(ends("Hoàn thành trong Quý III/2017."), ["2017-09"]);
        assert_eq!(ends("Tổ chức hội nghị trong quý 3 năm 2018."), ["2018-09"]);
        assert_eq!(ends("Tổ chức hội nghị trong quý II."), ["XXXX-06"]);
        assert!(values("Định kỳ hàng quý báo cáo Tỉnh ủy.").is_empty());
    }

    #[test]
    fn parts_of_years() {
        assert_eq!(ends("Sơ kết công tác 6 tháng đầu năm."), ["XXXX-06"]);
        assert_eq!(
            ends("Nhiệm vụ trong 6 tháng cuối năm 2023 là rất nặng."),
            ["2023-12"]
        );
        assert_eq!(
            values("Nhiệm vụ trong 6 tháng cuối năm 2023 là rất nặng."),
            ["2023-07"]
        );
        assert_eq!(ends("Từ nay đến cuối năm, tập trung cao độ."), ["XXXX-12"]);
        assert_eq!(
            show("Từ nay đến cuối năm, tập trung cao độ.")[0]
                .3
                .as_deref(),
            Some("từ nay đến")
        );
        assert_eq!(
            values("Từ đầu năm 2021 đến nay, lực lượng đã bắt giữ."),
            ["2021-01"]
        );
        assert_eq!(
            ends("Triển khai nhiệm vụ những tháng cuối năm."),
            ["XXXX-12"]
        );
    }

    #[test]
    fn rest_of_year_and_bare_years() {
        assert_eq!(
            ends("Những tháng còn lại của năm nay, Ủy ban kiểm tra tham mưu."),
            ["XXXX-12"]
        );
        assert_eq!(values("Phấn đấu hoàn thành trước 2020."), ["2020"]);
        assert_eq!(values("Kế hoạch lắp đặt trong 2016 đã xong."), ["2016"]);
        assert!(values("Tỉnh có 2016 hộ nghèo và 1999 người.").is_empty());
        assert!(values("Đến 2020 người dân đã đồng thuận.").is_empty());
        let d = doc("Dự kiến từ năm 2016-2020 lắp bổ sung 4.353 trụ nước.");
        let f = find(&d);
        assert_eq!(f[0].deadline(), Some(PartialDate::y(2020)));
    }

    #[test]
    fn terms() {
        let d = doc("Đại hội Đảng bộ khóa XII, nhiệm kỳ 2020-2025 và giai đoạn 2016 – 2020.");
        let f = find(&d);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].kind, DateKind::Term);
        assert_eq!(
            (f[0].value, f[0].end),
            (PartialDate::y(2020), PartialDate::y(2025))
        );
        assert_eq!(f[1].end, PartialDate::y(2020));
    }

    #[test]
    fn recurring() {
        let d = doc(
            "date 2020-03\nCác đơn vị hàng năm trước ngày 25/12 báo cáo Ban Thường vụ Tỉnh ủy Hòa Lạc.",
        );
        let f = find(&d);
        let m = f.iter().find(|m| !m.published).expect("a day");
        assert!(m.recurring);
        assert_eq!(m.value.iso().as_deref(), Some("XXXX-12-25"));
        assert_eq!(
            m.deadline().and_then(|d| d.iso()).as_deref(),
            Some("XXXX-12-25")
        );
    }

    #[test]
    fn not_dates() {
        for t in [
            "Thực hiện Nghị định 30/2020/NĐ-CP của Chính phủ.",
            "Theo Quyết định 123/QĐ-TTg và Chỉ thị 35-CT/TW.",
            "Văn bản số 155 đã gửi.",
            "Đã giải quyết 238/262 vụ việc.",
            "Có 3/5 thành viên tán thành.",
            "Tỷ lệ 3/5 là cao.",
            "Nhà ở ngõ 12/5 phố Hòa Lạc.",
            "Tăng 12,5% so với cùng kỳ, đạt 70 - 80%.",
            "Liên hệ số 0912.345.678 hoặc 024-3825-1234.",
            "Lúc 8h30, ông Tâm 45 tuổi đã đến.",
            "Từ 5-7 người tham gia.",
            "Tổng số 1.200 người.",
            "Mức lương mỗi tháng 9 - 10 triệu đồng.",
            "Chúc mừng đầu năm mới, cuối năm học.",
        ] {
            assert!(values(t).is_empty(), "{t}: {:?}", show(t));
        }
    }

    #[test]
    fn bare_day_when_unambiguous() {
        assert_eq!(values("Phiên giao dịch 15/6, chỉ số tăng."), ["XXXX-06-15"]);
        assert_eq!(
            values("Trận gặp đội Hòa Lạc (21/7), anh không thi đấu."),
            ["XXXX-07-21"]
        );
        assert!(values("Hội nghị 15/6 đã thống nhất.").is_empty());
        assert!(values("Số sau bằng 1/2 số trước.").is_empty());
        assert!(values("Dự án đã hoàn thành 2/3.").is_empty());
        assert!(values("Đội vào vòng 1/8 giải đấu.").is_empty());
        assert!(values("Hội nghị 35/6 đã thống nhất.").is_empty());
        assert!(values("Tỉnh có 31/2 đơn vị.").is_empty());
    }

    #[test]
    fn cues() {
        let d = doc("Thực hiện từ 1/7/2017, báo cáo trước ngày 15/7/2017.");
        let f = find(&d);
        assert_eq!(f[0].cue_role, Some(CueRole::Start));
        assert_eq!(f[0].deadline(), None);
        assert_eq!(f[1].cue.as_deref(), Some("trước"));
        assert!(f[1].has_deadline_cue());
        assert_eq!(f[1].deadline(), Some(PartialDate::ymd(2017, 7, 15)));
        assert_eq!(d.slice(f[1].cue_span.expect("cue span")), "trước");
    }

    #[test]
    fn year_resolution() {
        // Crawler header.
        let d = doc(
            "date 2020-03\nSáng 11/3, Bí thư Tỉnh ủy Hòa Lạc làm việc. Chiều 28/12 năm trước đã họp.",
        );
        let f = find(&d);
        assert!(f[0].published);
        assert_eq!(f[0].value.iso().as_deref(), Some("2020-03"));
        assert_eq!(f[1].value.iso().as_deref(), Some("2020-03-11"));
        assert_eq!(f[1].year_source, YearSource::Header);
        assert_eq!(f[2].value.iso().as_deref(), Some("2019-12-28"));
        // Same sentence.
        assert_eq!(
            values(
                "Sơ kết 6 tháng đầu năm 2017; triển khai nhiệm vụ những tháng cuối năm vào ngày 10/7."
            ),
            ["2017-01", "2017-07", "2017-07-10"]
        );
        // Nothing ties it.
        assert_eq!(values("Chiều 9/6, Đoàn kiểm tra làm việc."), ["XXXX-06-09"]);
    }

    #[test]
    fn mentions_in_a_span() {
        let d = doc("Ngày 5/6, Tỉnh ủy họp. Đến ngày 30/6 phải xong.");
        let f = find(&d);
        let s = d.sentences[1].span;
        let v: Vec<_> = mentions_in(&f, s)
            .map(|m| m.value.iso().unwrap_or_default())
            .collect();
        assert_eq!(v, ["XXXX-06-30"]);
    }

    /// (value, end, cue) of each mention of a fixture.
    fn fixture(text: &str) -> Vec<(String, String, String)> {
        let d = doc(text);
        find(&d)
            .into_iter()
            .map(|m| {
                (
                    m.value.iso().unwrap_or_default(),
                    m.end.iso().unwrap_or_default(),
                    m.cue.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn has(f: &[(String, String, String)], value: &str, end: &str, cue: &str) -> bool {
        f.iter().any(|(v, e, c)| v == value && e == end && c == cue)
    }

    #[test]
    fn fixtures() {
        let f = fixture(include_str!("../tests/fixtures/date_header.txt"));
        assert!(has(&f, "2021-04", "2021-04", ""));
        assert!(has(&f, "2021-04-05", "2021-04-05", ""));
        assert!(has(&f, "2020-12-28", "2020-12-28", ""));
        assert!(has(&f, "2021-06-15", "2021-06-15", "trước"));
        assert!(has(&f, "2021-06-30", "2021-06-30", "chậm nhất"));
        assert!(has(&f, "2021-12", "2021-12", "từ nay đến"));
        assert!(has(&f, "2021-07-01", "2021-07-01", "từ"));
        assert_eq!(f.len(), 13, "{f:?}");
        let f = fixture(include_str!("../tests/fixtures/date_periods.txt"));
        assert!(has(&f, "2023-07", "2023-12", "trong"));
        assert!(has(&f, "2023-07", "2023-09", "trong"));
        assert!(has(&f, "2024", "2024", "đến hết"));
        assert!(has(&f, "XXXX-12-25", "XXXX-12-25", "trước"));
        assert!(has(&f, "2025-08", "2025-08", "vào"));
        assert!(has(&f, "2021", "2025", ""));
        assert_eq!(f.len(), 10, "{f:?}");
        let f = fixture(include_str!("../tests/fixtures/date_negatives.txt"));
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(has(&f, "2017-06-03", "2017-06-03", ""));
    }

    #[test]
    fn hostile_input() {
        let mut t = "1/".repeat(5000);
        t.push_str(&"ngày ".repeat(3000));
        t.push_str(&"năm 2020 và ".repeat(2000));
        t.push_str("\u{0}\u{1}/\u{2}");
        let _ = find(&doc(&t));
    }

    #[test]
    fn a_news_date_after_the_facts_it_tells_is_of_the_next_year() {
        let d = doc("Hòa Lạc chấn chỉnh trường học\n\nSáng 8/3, tại cuộc họp giao ban, Chủ tịch UBND tỉnh yêu cầu báo cáo vụ việc hồi cuối tháng 11/2020.\n\nSở phải báo cáo kết quả về tỉnh trước ngày 15 tháng 3.\n\nMinh Anh\n");
        let m = find(&d);
        let iso: Vec<String> = m.iter().filter_map(|x| x.value.iso()).collect();
        assert!(iso.contains(&"2021-03-08".to_string()), "{iso:?}");
        assert!(iso.contains(&"2021-03-15".to_string()), "{iso:?}");
        // A plan of the same year ("đầu tháng 4/2021") rolls nothing.
        let d = doc("Hòa Lạc khởi công nhà máy\n\nSáng 8/3, UBND tỉnh họp bàn khởi công nhà máy nước (đầu tháng 4/2021).\n\nSở phải báo cáo trước ngày 15 tháng 3.\n\nMinh Anh\n");
        let iso: Vec<String> = find(&d).iter().filter_map(|x| x.value.iso()).collect();
        assert!(iso.contains(&"2021-03-15".to_string()), "{iso:?}");
    }

    #[test]
    fn background_years_are_not_the_documents() {
        // The lead names no year; the history of the case names the day's own month with a year.
        let t = "Bắt giữ một trưởng phòng\nNgày 9.6, Công an tỉnh Hòa Lạc bắt tạm giam Lê Văn Tâm. Theo thông tin ban đầu, đầu tháng 4.2020, đoàn kiểm tra phát hiện sai phạm. Sau đó, Sở báo cáo tỉnh. Đến giữa tháng 6.2020, Chi cục lại lấy mẫu.";
        assert_eq!(values(t)[0], "XXXX-06-09");
        // A year named in the lead for another month is the document's own.
        let t = "Bắt giữ một trưởng phòng\nNgày 9.6, Công an tỉnh Hòa Lạc bắt tạm giam Lê Văn Tâm. Theo thông tin ban đầu, đầu tháng 4.2020, đoàn kiểm tra phát hiện sai phạm.";
        assert_eq!(values(t)[0], "2020-06-09");
        // A year named only far down is not borrowed.
        let t = "Tiêu đề\nNgày 9.6, Công an tỉnh Hòa Lạc họp. Câu hai. Câu ba. Câu bốn. Trước đó, tháng 3.2019, Sở báo cáo.";
        assert_eq!(values(t)[0], "XXXX-06-09");
    }
}
