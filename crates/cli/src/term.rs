//! Terminal output of the register commands: the language (Vietnamese first, English on request
//! or by locale), strings from `data/terminal.tsv`, dates as each language writes them, and
//! columns aligned by display width.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_width::UnicodeWidthStr;

/// The language of terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// `--lang` if given, else `$CHIDAO_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`):
    /// English when it is English, Vietnamese otherwise.
    pub fn resolve(given: Option<Lang>) -> Lang {
        if let Some(l) = given {
            return l;
        }
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(v) = env("CHIDAO_LANG") {
            return if v.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Vi };
        }
        match env("LC_ALL").or_else(|| env("LC_MESSAGES")).or_else(|| env("LANG")) {
            Some(v) if v.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    /// The string `key` (the key itself when missing: a test checks that none is).
    pub fn t(self, key: &str) -> &'static str {
        match STRINGS.get(key) {
            Some((vi, en)) => match self {
                Lang::Vi => vi,
                Lang::En => en,
            },
            None => "?",
        }
    }

    /// A count with its noun: "1 document", "3 documents" (Vietnamese nouns do not change).
    pub fn count(self, n: usize, key: &str) -> String {
        let word = self.t(key);
        match self {
            Lang::En if n == 1 => format!("{n} {}", word.strip_suffix('s').unwrap_or(word)),
            _ => format!("{n} {word}"),
        }
    }

    /// An ISO date (maybe partial: `2024-06`, `XXXX-06-30`) as the language writes it:
    /// 30/06/2024, 06/2024, 30/06 (year unknown) in Vietnamese; ISO in English, with the unknown
    /// year said in words.
    pub fn date(self, iso: Option<&str>) -> String {
        let Some(iso) = iso.filter(|s| !s.is_empty()) else { return "—".into() };
        let parts: Vec<&str> = iso.split('-').collect();
        let unknown = parts[0].starts_with('X');
        match (self, parts.as_slice()) {
            (Lang::Vi, [y, m, d]) if unknown => format!("{d}/{m} ({})", self.t("year.unknown")),
            (Lang::Vi, [y, m, d]) => format!("{d}/{m}/{y}"),
            (Lang::Vi, [_, m]) if unknown => format!("{m}/? ({})", self.t("year.unknown")),
            (Lang::Vi, [y, m]) => format!("{m}/{y}"),
            (Lang::En, _) if unknown => format!("{} ({})", &iso[5..], self.t("year.unknown")),
            _ => iso.to_string(),
        }
    }
}

const TSV: &str = include_str!("../data/terminal.tsv");

static STRINGS: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> = LazyLock::new(|| {
    TSV.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split('\t');
            Some((it.next()?, (it.next()?, it.next()?)))
        })
        .collect()
});

/// `s` padded with spaces to `width` columns of display.
pub fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Rows of cells as lines with every column but the last padded to its widest cell.
pub fn table(rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| UnicodeWidthStr::width(s.as_str())).max().unwrap_or(0)).collect();
    rows.iter()
        .map(|r| {
            let mut line = String::new();
            for (c, cell) in r.iter().enumerate() {
                if c + 1 == r.len() {
                    line.push_str(cell);
                } else {
                    line.push_str(&pad(cell, widths[c]));
                    line.push_str("  ");
                }
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_has_both_languages() {
        for (n, l) in TSV.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')) {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "terminal.tsv line {}: {l:?}", n + 1);
            assert!(cols.iter().all(|c| !c.trim().is_empty()), "terminal.tsv line {}: empty column", n + 1);
        }
    }

    #[test]
    fn dates_counts_and_columns() {
        assert_eq!(Lang::Vi.date(Some("2024-06-30")), "30/06/2024");
        assert_eq!(Lang::Vi.date(Some("2024-06")), "06/2024");
        assert_eq!(Lang::Vi.date(Some("XXXX-06-30")), "30/06 (năm chưa rõ)");
        assert_eq!(Lang::En.date(Some("XXXX-06-30")), "06-30 (year unknown)");
        assert_eq!(Lang::En.date(Some("2024-06-30")), "2024-06-30");
        assert_eq!(Lang::En.date(None), "—");
        assert_eq!(Lang::En.count(1, "person.docs"), "1 document");
        assert_eq!(Lang::En.count(2, "person.docs"), "2 documents");
        assert_eq!(Lang::Vi.count(1, "person.docs"), "1 văn bản");
        let t = table(&[vec!["Mã".into(), "Trạng thái".into(), "x".into()], vec!["abc".into(), "ok".into(), "y".into()]]);
        assert_eq!(t, vec!["Mã   Trạng thái  x", "abc  ok          y"]);
    }
}
