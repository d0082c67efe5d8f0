//! Interface strings, Vietnamese first, English switchable: `data/ui.tsv` (key, Vietnamese,
//! English), embedded at build time and read once.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The page language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt (default).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// `vi` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// From a code; anything else is Vietnamese.
    pub fn parse(s: &str) -> Lang {
        if s.eq_ignore_ascii_case("en") { Lang::En } else { Lang::Vi }
    }

    /// The interface string `key` in this language (the key itself when missing: a test checks
    /// that none is).
    pub fn t(self, key: &str) -> &str {
        match STRINGS.get(key) {
            Some((vi, en)) => match self {
                Lang::Vi => vi,
                Lang::En => en,
            },
            None => key,
        }
    }

    /// A date (ISO at its precision: `2016-02-06`, `2016-02`, `2016`, `XXXX-02-06`, `XXXX-02`) as
    /// known, never with a "?": `6/2/2016`, `tháng 2/2016`, `2016`, `6/2, năm chưa rõ` (English:
    /// `2016-02-06`, `Feb 2016`, `2016`, `6 Feb, year unknown`). The words are `date.*` in
    /// `data/ui.tsv`; anything else is shown as stored.
    pub fn date(self, iso: &str) -> String {
        let num = |s: &str| s.parse::<u8>().ok();
        let mon = |m: u8| self.t("date.months").split(' ').nth(usize::from(m).wrapping_sub(1)).map(str::to_string);
        let fill = |key: &str, y: &str, m: u8, d: Option<u8>| {
            let Some(name) = mon(m) else { return iso.to_string() };
            self.t(key).replace("{y}", y).replace("{m}", &m.to_string()).replace("{mon}", &name).replace("{d}", &d.map(|d| d.to_string()).unwrap_or_default())
        };
        let year = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
        match iso.split('-').collect::<Vec<_>>().as_slice() {
            [y, m, d] if year(y) && self == Lang::Vi => match (num(m), num(d)) {
                (Some(m), Some(d)) => format!("{d}/{m}/{y}"),
                _ => iso.to_string(),
            },
            [y, m, d] if y.starts_with('X') => match (num(m), num(d)) {
                (Some(m), Some(d)) => fill("date.day_no_year", "", m, Some(d)),
                _ => iso.to_string(),
            },
            [y, m] if year(y) => num(m).map_or_else(|| iso.to_string(), |m| fill("date.month_year", y, m, None)),
            [y, m] if y.starts_with('X') => num(m).map_or_else(|| iso.to_string(), |m| fill("date.month_no_year", "", m, None)),
            _ => iso.to_string(),
        }
    }

    /// A count of bytes as people read it: `7.305.746 byte (7,0 MB)` in Vietnamese,
    /// `7,305,746 bytes (7.0 MB)` in English (MB of 2^20 bytes).
    pub fn bytes(self, n: u64) -> String {
        let (sep, point, unit) = match self {
            Lang::Vi => ('.', ",", "byte"),
            Lang::En => (',', ".", "bytes"),
        };
        let digits = n.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(sep);
            }
            grouped.push(c);
        }
        if n < 1024 * 1024 {
            return format!("{grouped} {unit}");
        }
        let tenths = (n * 10 + 512 * 1024) / (1024 * 1024);
        format!("{grouped} {unit} ({}{point}{} MB)", tenths / 10, tenths % 10)
    }
}

const UI: &str = include_str!("../data/ui.tsv");

static STRINGS: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> = LazyLock::new(|| {
    UI.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split('\t');
            Some((it.next()?, (it.next()?, it.next()?)))
        })
        .collect()
});

/// `?lang=` first, then the `lang` cookie, else Vietnamese.
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        if let Some(v) = q.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == "lang").map(|(_, v)| v) {
            return Ok(Lang::parse(v));
        }
        Ok(crate::auth::cookie(&parts.headers, "lang").map(Lang::parse).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_has_both_languages() {
        for (n, l) in UI.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')) {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "ui.tsv line {}: {l:?}", n + 1);
            assert!(cols.iter().all(|c| !c.trim().is_empty()), "ui.tsv line {}: empty column", n + 1);
        }
        assert_eq!(Lang::Vi.t("nav.search"), "Tìm kiếm");
        assert_eq!(Lang::En.t("nav.search"), "Search");
    }

    #[test]
    fn dates_as_known() {
        assert_eq!(Lang::Vi.date("2016-02-06"), "6/2/2016");
        assert_eq!(Lang::Vi.date("XXXX-02-06"), "6/2, năm chưa rõ");
        assert_eq!(Lang::Vi.date("2016-06"), "tháng 6/2016");
        assert_eq!(Lang::Vi.date("XXXX-06"), "tháng 6, năm chưa rõ");
        assert_eq!(Lang::Vi.date("2016"), "2016");
        assert_eq!(Lang::En.date("2016-02-06"), "2016-02-06");
        assert_eq!(Lang::En.date("XXXX-02-06"), "6 Feb, year unknown");
        assert_eq!(Lang::En.date("2016-06"), "Jun 2016");
        assert_eq!(Lang::En.date("XXXX-12"), "Dec, year unknown");
        for odd in ["", "2016-13", "XXXX-00-01", "abc", "2016-02-xx", "-"] {
            assert!(!Lang::Vi.date(odd).contains('?') && !Lang::En.date(odd).contains('?'), "{odd}");
        }
    }

    #[test]
    fn byte_counts() {
        assert_eq!(Lang::Vi.bytes(0), "0 byte");
        assert_eq!(Lang::En.bytes(999), "999 bytes");
        assert_eq!(Lang::En.bytes(1000), "1,000 bytes");
        assert_eq!(Lang::Vi.bytes(7_305_746), "7.305.746 byte (7,0 MB)");
        assert_eq!(Lang::En.bytes(52_428_800), "52,428,800 bytes (50.0 MB)");
    }
}
