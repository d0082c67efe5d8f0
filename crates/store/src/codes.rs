//! Identity of cited documents across texts.
//!
//! A code is not unique: Party numbering (`35-CT/TW`) restarts with each term, state numbering
//! (`123/QĐ-TTg`) each year, and a local series (`155-KH/TU`) exists once per province. A
//! directive's identity is therefore
//!
//! * **number** (leading zeros dropped) + **kind** (abbreviation: `CT`, `NQ`, `NĐ` → `ND` …) +
//!   **series** (the issuer part of the code: `TW`, `CP`, `TU` …; or derived from the issuer's name:
//!   "Chỉ thị số 35 của Bộ Chính trị" → `35-CT/TW`);
//! * + the **issuer's name** for local series (Tỉnh ủy Hòa Lạc ≠ Tỉnh ủy Bình Sơn);
//! * + the **era** where known: the year in a state code (`30/2020/NĐ-CP`), else the Party term
//!     or the year of the issue date the text gives — never the article's own date (a 2017 article
//!     may cite a 2014 directive).
//!
//! Merging (see `ingest.rs`) links a mention to the one compatible directive (unknown parts are
//! compatible with anything); with several compatible ones the mention stays ambiguous and is
//! linked to each as a candidate. An undated citation reaches only directives whose era began at
//! most 30 years before the citing document (`resolve.rs`, `CITATION_REACH_YEARS`): a 2017 article's
//! "Chỉ thị 05-CT/TW" is never the one of 1951 that a history article dates.

use std::collections::HashMap;
use std::sync::LazyLock;

use chidao_extract::date::PartialDate;
use chidao_text::ascii_fold::ascii_fold;
use regex::Regex;

/// What identifies a cited document (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveKey {
    /// Number without leading zeros ("6" for "06").
    pub number: String,
    /// Kind abbreviation, ASCII upper case ("CT", "ND").
    pub kind: String,
    /// Issuer part of the code, ASCII upper case ("TW", "CP", "TU"), when known.
    pub series: Option<String>,
    /// Party numbering (restarts each term) rather than state numbering (each year).
    pub party: bool,
    /// The series names no single body (TU: which province?): the issuer's name counts.
    pub local: bool,
    /// The era: "Y2020" (a year) or "T2016" (a Party term from 2016), when known.
    pub era: Option<String>,
    /// Code for display ("35-CT/TW"), normalised (TƯ → TW, no spaces), when written or derivable.
    pub code: Option<String>,
}

struct Issuer {
    series: &'static str,
    party: bool,
    national: bool,
}

static KINDS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    include_str!("../data/doc_kinds.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((chidao_text::fold(f.next()?.trim()), f.next()?.trim()))
        })
        .collect()
});

static ISSUERS: LazyLock<Vec<(String, Issuer)>> = LazyLock::new(|| {
    let mut v: Vec<(String, Issuer)> = include_str!("../data/issuers.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            if f.len() < 4 {
                return None;
            }
            Some((chidao_text::fold(f[0]), Issuer { series: f[1], party: f[2] == "party", national: f[3] == "national" }))
        })
        .collect();
    // Longest prefix first.
    v.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    v
});

/// Party code: `35-CT/TW`, `155-KH/TU`, `05-NQ/ĐUCA`.
static PARTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^0*(\d+[A-Z]?)-([A-Z]+)/([A-Z]+)$").expect("party code regex"));
/// State code with year: `30/2020/ND-CP`.
static STATE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^0*(\d+[A-Z]?)/((?:19|20)\d\d)/([A-Z]+)-([A-Z0-9-]+)$").expect("state code regex"));
/// State code without year: `123/QD-TTG`, `56/KH-UBND`.
static STATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^0*(\d+[A-Z]?)/([A-Z]+)-([A-Z0-9-]+)$").expect("state code regex"));

/// ASCII upper-case key of a code part (`NĐ` → `ND`, `TƯ` → `TU`).
fn ascii_upper(s: &str) -> String {
    ascii_fold(s).to_ascii_uppercase()
}

/// A code as displayed: NFC, no spaces, one kind of dash, Party `TƯ` written `TW`.
pub fn display_code(code: &str) -> String {
    let mut s: String = chidao_text::nfc(code)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if matches!(c, '–' | '—' | '‑' | '−') { '-' } else { c })
        .collect();
    for (from, to) in [("/TƯ", "/TW"), ("/Tư", "/TW")] {
        if let Some(stripped) = s.strip_suffix(from) {
            s = format!("{stripped}{to}");
        }
    }
    s
}

/// Number without leading zeros.
fn number_key(n: &str) -> String {
    let t = n.trim().trim_start_matches('0');
    if t.is_empty() { "0".into() } else { ascii_upper(t) }
}

/// The code abbreviation of a kind of document ("Chỉ thị" → "CT"), ASCII upper case; unknown kinds
/// give their folded name.
pub fn kind_key(kind: &str) -> String {
    let k = chidao_text::fold(kind.trim());
    match KINDS.get(&k) {
        Some(a) => ascii_upper(a),
        None => ascii_upper(&k).replace(' ', ""),
    }
}

fn issuer_of(name: &str) -> Option<&'static Issuer> {
    let k = chidao_text::fold(name.trim());
    ISSUERS.iter().find(|(p, _)| k == *p || k.starts_with(&format!("{p} "))).map(|(_, i)| i)
}

fn series_info(series: &str) -> Option<&'static Issuer> {
    let s = series.to_ascii_uppercase();
    ISSUERS.iter().map(|(_, i)| i).find(|i| ascii_upper(i.series) == s)
}

/// Whether a stored series names no single body ("TU": which province?).
pub fn series_is_local(series: &str) -> bool {
    series_info(series.split('-').next().unwrap_or(series)).is_some_and(|i| !i.national)
}

/// Party term beginning at or before a date: national terms begin with the congress early in
/// 2001, 2006, 2011, 2016, 2021 …; local ones (provinces, districts) in the autumn of 2000, 2005,
/// 2010, 2015, 2020 ….
pub fn party_term(date: PartialDate, national: bool) -> Option<i32> {
    let y = date.year?;
    let m = date.month.unwrap_or(6);
    Some(if national {
        let base = y - (y - 2001).rem_euclid(5);
        if base == y && m < 2 { base - 5 } else { base }
    } else {
        let base = y - y.rem_euclid(5);
        if base == y && m < 10 { base - 5 } else { base }
    })
}

/// The key of a cited document from its kind, number, code, issuer and issue date.
pub fn key_of(kind: &str, number: &str, code: Option<&str>, issuer: Option<&str>, date: Option<PartialDate>) -> DirectiveKey {
    let mut k = DirectiveKey {
        number: number_key(number),
        kind: kind_key(kind),
        series: None,
        party: false,
        local: false,
        era: None,
        code: None,
    };
    let mut year_in_code = None;
    let mut parsed = false;
    if let Some(code) = code.map(display_code).filter(|c| !c.is_empty()) {
        let up = ascii_upper(&code);
        if let Some(c) = PARTY.captures(&up) {
            k.number = c[1].to_string();
            k.kind = c[2].to_string();
            k.series = Some(c[3].to_string());
            k.party = true;
            parsed = true;
        } else if let Some(c) = STATE_YEAR.captures(&up) {
            k.number = c[1].to_string();
            year_in_code = c[2].parse::<i32>().ok();
            k.kind = c[3].to_string();
            k.series = Some(c[4].to_string());
            parsed = true;
        } else if let Some(c) = STATE.captures(&up) {
            k.number = c[1].to_string();
            // "1234/UBND-KT" (a letter): the first part is the issuer, not a kind.
            if series_info(&c[2]).is_some() && !KINDS.values().any(|a| ascii_upper(a) == c[2]) {
                k.series = Some(format!("{}-{}", &c[2], &c[3]));
            } else {
                k.kind = c[2].to_string();
                k.series = Some(c[3].to_string());
            }
            parsed = true;
        } else {
            // Unknown shape: the whole code is the series, so only identical codes meet.
            k.series = Some(up.clone());
        }
        k.code = Some(code);
    }
    let named = issuer.and_then(issuer_of);
    if !parsed && k.code.is_none()
        && let Some(i) = named {
            k.series = Some(ascii_upper(i.series));
            k.party = i.party;
        }
    let info = k.series.as_deref().and_then(|s| series_info(s.split('-').next().unwrap_or(s)));
    let national = match (info, named) {
        (Some(i), _) => i.national,
        (None, Some(i)) => i.national,
        (None, None) => true,
    };
    if let Some(i) = info {
        k.party = k.party || i.party;
    }
    k.local = !national;
    // "Chỉ thị số 35 của Bộ Chính trị": the code can be written out for Party series.
    if k.code.is_none()
        && k.series.is_some()
        && let Some(i) = named.filter(|i| i.party)
        && let Some(a) = KINDS.get(&chidao_text::fold(kind.trim()))
    {
        k.code = Some(format!("{}-{}/{}", number.trim(), a, i.series));
    }
    k.era = match year_in_code {
        Some(y) => Some(format!("Y{y}")),
        None => date.and_then(|d| {
            if k.party { party_term(d, national).map(|t| format!("T{t}")) } else { d.year.map(|y| format!("Y{y}")) }
        }),
    };
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_code_variants_agree() {
        let a = key_of("Chỉ thị", "35", Some("35-CT/TW"), None, None);
        let b = key_of("Chỉ thị", "35", Some("35-CT/TƯ"), None, None);
        let c = key_of("Chỉ thị", "35", None, Some("Bộ Chính trị"), None);
        let d = key_of("chỉ thị", "035", Some("35 - CT/TW"), Some("Ban Bí thư"), None);
        for x in [&b, &c, &d] {
            assert_eq!((&x.number, &x.kind, &x.series, x.party), (&a.number, &a.kind, &a.series, a.party));
        }
        assert_eq!(a.code.as_deref(), Some("35-CT/TW"));
        assert_eq!(b.code.as_deref(), Some("35-CT/TW"));
        assert_eq!(c.code.as_deref(), Some("35-CT/TW"));
        assert!(a.party && !a.local);
    }

    #[test]
    fn eras() {
        let d = |y, m| Some(PartialDate { year: Some(y), month: Some(m), day: None });
        assert_eq!(key_of("Chỉ thị", "05", Some("05-CT/TW"), None, d(2016, 5)).era.as_deref(), Some("T2016"));
        assert_eq!(key_of("Chỉ thị", "05", Some("05-CT/TW"), None, d(2021, 1)).era.as_deref(), Some("T2016"));
        assert_eq!(key_of("Kế hoạch", "27", Some("27-KH/TU"), Some("Tỉnh ủy Hòa Lạc"), d(2020, 11)).era.as_deref(), Some("T2020"));
        let s = key_of("Nghị định", "30", Some("30/2020/NĐ-CP"), None, None);
        assert_eq!((s.kind.as_str(), s.series.as_deref(), s.era.as_deref(), s.party), ("ND", Some("CP"), Some("Y2020"), false));
        let q = key_of("Quyết định", "123", Some("123/QĐ-TTg"), None, d(2019, 3));
        assert_eq!((q.kind.as_str(), q.series.as_deref(), q.era.as_deref()), ("QD", Some("TTG"), Some("Y2019")));
    }

    #[test]
    fn local_series_are_local() {
        let k = key_of("Kế hoạch", "27", Some("27-KH/TU"), Some("Tỉnh ủy Hòa Lạc"), None);
        assert!(k.local && k.party);
        let n = key_of("Đề án", "06", None, None, None);
        assert_eq!((n.number.as_str(), n.kind.as_str(), n.series.as_deref()), ("6", "DA", None));
    }
}

static ORGANS: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../data/issuer_organs.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| format!("{l} "))
        .collect()
});

/// An issuer's name as it counts for a local series' identity: folded, without the organ that
/// issued in the committee's name ("Ban Thường vụ Tỉnh ủy Hòa Lạc" → "tỉnh ủy hòa lạc").
pub fn issuer_identity(issuer: &str) -> String {
    let mut k = chidao_text::fold(issuer.trim());
    while let Some(rest) = ORGANS.iter().find_map(|o| k.strip_prefix(o.as_str())) {
        k = rest.trim_start().to_string();
    }
    k
}

/// Whether two issuers (as [`issuer_identity`] keys) can be the same body: equal (`Some(true)`),
/// one the other without its place ("tỉnh ủy" and "tỉnh ủy hòa lạc": unknown, `None`), or not.
pub fn same_issuer(a: &str, b: &str) -> Option<bool> {
    if a == b {
        return Some(true);
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if long.starts_with(short) && long[short.len()..].starts_with(' ') { None } else { Some(false) }
}

#[cfg(test)]
mod issuer_tests {
    use super::*;

    #[test]
    fn organs_of_a_committee_are_the_committee() {
        assert_eq!(issuer_identity("Ban Thường vụ Tỉnh ủy Hòa Lạc"), "tỉnh ủy hòa lạc");
        assert_eq!(issuer_identity("Thường trực Huyện ủy"), "huyện ủy");
        assert_eq!(same_issuer("tỉnh ủy", "tỉnh ủy hòa lạc"), None);
        assert_eq!(same_issuer("tỉnh ủy hòa lạc", "tỉnh ủy bình sơn"), Some(false));
        assert_eq!(same_issuer("tỉnh ủy", "tỉnh ủy"), Some(true));
        assert_eq!(same_issuer("tỉnh", "tỉnh ủy"), None);
    }
}
