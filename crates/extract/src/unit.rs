//! The key of a unit's name, so that one unit's tasks count together however the texts spell it:
//! "UBND tỉnh" and "Ủy ban nhân dân tỉnh", "các sở, ngành" and "sở ngành", "Bộ NN&PTNT" and "Bộ
//! Nông nghiệp và Phát triển nông thôn" have one key. The key folds case and diacritics, expands
//! abbreviations (`data/org_abbreviations.tsv`, `data/unit_abbreviations.tsv`) and leaves out the
//! words that count or gather units (`data/unit_quantifiers.tsv`) and punctuation. It names no
//! unit for display (the first spelling does); it only groups.

use std::collections::HashMap;
use std::sync::LazyLock;

use chidao_text::ascii_fold::ascii_fold;

/// Folded abbreviation → the folded words it stands for.
static ABBREVIATIONS: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let files = [include_str!("../data/org_abbreviations.tsv"), include_str!("../data/unit_abbreviations.tsv")];
    let mut map = HashMap::new();
    for line in files.iter().flat_map(|f| f.lines()) {
        let line = line.trim_end();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(abbr), Some(long)) = (fields.next(), fields.next()) else { continue };
        map.entry(ascii_fold(abbr.trim())).or_insert_with(|| words(long));
    }
    map
});

/// Folded quantifier phrases, as word sequences, longest first.
static QUANTIFIERS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let mut v: Vec<Vec<String>> = include_str!("../data/unit_quantifiers.tsv")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(words)
        .collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
});

/// The folded words of `s`: ASCII letters and digits, `&` kept inside a word ("nn&ptnt").
fn words(s: &str) -> Vec<String> {
    ascii_fold(s)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '&'))
        .filter(|w| !w.is_empty() && *w != "&")
        .map(str::to_string)
        .collect()
}

/// The key of a unit's name (see the module documentation); empty when nothing names a unit.
pub fn unit_key(name: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let ws = words(name);
    let mut i = 0;
    while i < ws.len() {
        // "GD-ĐT", "GD - ĐT", "GD & ĐT": the parts of an abbreviation written with "&", apart.
        if let Some(long) = ws.get(i + 1).and_then(|next| ABBREVIATIONS.get(&format!("{}&{next}", ws[i]))) {
            out.extend(long.iter().cloned());
            i += 2;
            continue;
        }
        match ABBREVIATIONS.get(&ws[i]) {
            Some(long) => out.extend(long.iter().cloned()),
            // "GD&ĐT" unknown as a whole: its parts may be known ("GD", "ĐT" are not; kept).
            None => out.push(ws[i].clone()),
        }
        i += 1;
    }
    let mut kept: Vec<&str> = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        if let Some(q) = QUANTIFIERS.iter().find(|q| out[i..].starts_with(q)) {
            i += q.len();
            continue;
        }
        kept.push(&out[i]);
        i += 1;
    }
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::unit_key;
    use proptest::prelude::*;

    #[test]
    fn spellings_of_one_unit_share_a_key() {
        let same = [
            ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
            ("Các sở, ngành", "sở ngành"),
            ("các sở, ngành", "Sở và ngành"),
            ("Bộ NN&PTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
            ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
            ("Sở GD-ĐT Hà Nội", "Sở GD&ĐT Hà Nội"),
            ("Sở GD - ĐT", "Sở Giáo dục và Đào tạo"),
            ("Sở GD & ĐT", "Sở GD&ĐT"),
            ("UBND TP.HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
            ("toàn bộ các đơn vị", "đơn vị"),
        ];
        for (a, b) in same {
            assert_eq!(unit_key(a), unit_key(b), "{a} ~ {b}");
            assert!(!unit_key(a).is_empty());
        }
        assert_ne!(unit_key("Sở Y tế"), unit_key("Sở Tư pháp"));
        assert_ne!(unit_key("Công an tỉnh"), unit_key("Công an huyện"));
        assert_eq!(unit_key("các"), "");
    }

    proptest! {
        #[test]
        fn keys_are_stable_and_plain(s in "\\PC{0,40}") {
            let k = unit_key(&s);
            prop_assert!(k.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '&'));
            prop_assert_eq!(unit_key(&k), unit_key(&unit_key(&k)));
        }
    }
}
