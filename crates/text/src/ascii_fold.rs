//! Folding for search typed without diacritics: lower case, every combining mark removed and
//! `đ` → `d`, so "Công an Hà Nội", "CÔNG AN HÀ NỘI" and "cong an ha noi" all fold to
//! "cong an ha noi".
//!
//! Unlike [`crate::key`], this folding loses the tone and vowel marks that tell Vietnamese words
//! apart; it is for recall (search, near-duplicate signatures), never for extraction. SQLite's
//! `unicode61 remove_diacritics` tokenizer does not fold `đ`, hence this function.
//!
//! Every char of the input gives exactly one char of output (marks that stand alone are dropped),
//! so the folded text of an NFC string has at most as many chars as the string.

use unicode_normalization::char::decompose_canonical;

/// Folds one char: the lower-case base letter without marks (`Ộ` → `o`, `Đ` → `d`); `None` for a
/// combining mark standing alone.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match c {
        'đ' | 'Đ' | 'Ð' | 'ð' => return Some('d'),
        '\u{300}'..='\u{36F}' => return None,
        _ => {}
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    let b = base.unwrap_or(c);
    let mut lower = b.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => Some(b),
    }
}

/// Folds a string for diacritic-insensitive search (see the module documentation).
pub fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_ascii_fold(s, &mut out);
    out
}

/// Appends the folded form of `s` to `out` (no allocation when `out` has room).
pub fn push_ascii_fold(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    out.extend(s.chars().filter_map(fold_char));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(ascii_fold("Công an Hà Nội"), "cong an ha noi");
        assert_eq!(ascii_fold("CÔNG AN HÀ NỘI"), "cong an ha noi");
        assert_eq!(ascii_fold("Đảng ủy Đồng Tâm"), "dang uy dong tam");
        assert_eq!(ascii_fold("Ðại tá Lê Văn Tâm"), "dai ta le van tam");
        assert_eq!(ascii_fold("35-CT/TƯ"), "35-ct/tu");
        assert_eq!(ascii_fold("Nghị định 30/2020/NĐ-CP"), "nghi dinh 30/2020/nd-cp");
    }

    #[test]
    fn decomposed_input_folds_too() {
        // "Hà" written with a combining grave accent.
        assert_eq!(ascii_fold("Ha\u{300} Nô\u{323}i"), "ha noi");
    }

    #[test]
    fn other_scripts_pass() {
        assert_eq!(ascii_fold("ﬁ 中文 Ωmega"), "ﬁ 中文 ωmega");
    }
}
