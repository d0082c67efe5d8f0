//! Normal forms of Vietnamese text.
//!
//! chidao keeps two forms of every document (see `ARCHITECTURE.md`):
//!
//! * the **text**: Unicode NFC with unified line breaks; every byte offset refers to it and it is what
//!   users see;
//! * the **key**: the text lower-cased and with tone marks in one place (`hoà` → `hòa`,
//!   `thuý` → `thúy`, `khoẻ` → `khỏe`), used for matching word lists and rules. The key has
//!   exactly the same byte length as the text and the same char boundaries, so a match in the key is
//!   a span of the text with no offset map.
//!
//! The tone style chosen is the "old" one (tone on the first vowel of an open `oa`/`oe`/`uy`), by far
//! the most common in the Vietnamese press; both styles fold to it.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Returns `s` in NFC, borrowing when it already is.
pub fn nfc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// The five Vietnamese tone marks as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn is_tone(c: char) -> bool {
    TONES.contains(&c)
}

/// Vowel letters that can carry a tone, after marks other than tone are kept (â, ê, ô, ơ, ư, ă stay).
fn is_vowel_base(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Lower-cases one char when its lower case has the same UTF-8 length (always true for Vietnamese
/// letters), else keeps it, so the key stays byte-aligned with the text.
fn lower_same_len(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == 'Ð' || c == 'ð' {
        return 'đ'; // Icelandic eth typed for Đ; same UTF-8 length
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Moves the tone of one NFC word to the old-style place and returns the NFC result, or `None` when
/// nothing moves. Only open syllables ending in `oa`, `oe`, `uy` (not after `q`) differ between styles.
fn retone_word(word: &str) -> Option<String> {
    // Cheap screen on the last two letters before any decomposition.
    let mut rev = word.chars().rev();
    let (last, prev) = (base_letter(rev.next()?), base_letter(rev.next()?));
    if !matches!((prev, last), ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    let chars: Vec<char> = word.nfd().collect();
    let tone_pos = chars.iter().position(|&c| is_tone(c))?;
    let tone = chars[tone_pos];
    let base: Vec<char> = chars.iter().copied().filter(|&c| !is_tone(c)).collect();
    let n = base.len();
    if n < 2 {
        return None;
    }
    let last = base[n - 1].to_ascii_lowercase();
    let prev = base[n - 2].to_ascii_lowercase();
    let pair_ok = matches!((prev, last), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    if !pair_ok {
        return None;
    }
    // `qu` is a consonant: "quý" keeps its tone on y.
    if prev == 'u' && n >= 3 && base[n - 3].to_ascii_lowercase() == 'q' {
        return None;
    }
    // A vowel before the pair (e.g. "ngoa" is fine, "uoa" is not Vietnamese) means leave it.
    if n >= 3 && is_vowel_base(base[n - 3]) && base[n - 3].to_ascii_lowercase() != 'q' {
        // "gi" + oa ("gioà") does not occur; any other vowel cluster is left alone.
        if !(base[n - 3].to_ascii_lowercase() == 'i' && n >= 4 && base[n - 4].to_ascii_lowercase() == 'g') {
            return None;
        }
    }
    // Index (in `chars`) of the base char the tone follows.
    let carrier = chars[..tone_pos].iter().rposition(|&c| !is_tone(c) && !is_combining_mark(c))?;
    let carrier_base_idx = chars[..=carrier].iter().filter(|&&c| !is_tone(c) && !is_combining_mark(c)).count() - 1;
    // Base letters (no marks) positions: count only letters, ignoring non-tone combining marks.
    let letters: Vec<usize> =
        chars.iter().enumerate().filter(|(_, c)| !is_combining_mark(**c)).map(|(i, _)| i).collect();
    let nl = letters.len();
    if carrier_base_idx != nl - 1 {
        return None; // already on the first vowel of the pair (old style)
    }
    // Rebuild: drop the tone and put it after the first vowel of the pair and its own marks.
    let first = letters[nl - 2];
    let mut clean = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if i == tone_pos {
            i += 1;
            continue;
        }
        clean.push(c);
        if i == first {
            let mut j = i + 1;
            while j < chars.len() && is_combining_mark(chars[j]) {
                if j != tone_pos {
                    clean.push(chars[j]);
                }
                j += 1;
            }
            clean.push(tone);
            i = j;
            continue;
        }
        i += 1;
    }
    Some(clean.into_iter().nfc().collect())
}

/// The lower-case ASCII letter under a Latin letter with marks (`Ạ` → `a`), else the char itself.
fn base_letter(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let b = c.nfd().next().unwrap_or(c);
    if b.is_ascii() { b.to_ascii_lowercase() } else { c }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F)
}

/// Moves tone marks to the old-style place throughout `s` (NFC in, NFC out, same byte length).
pub fn canonical_tones(s: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut last = 0;
    for (start, end) in words(s) {
        let w = &s[start..end];
        if w.is_ascii() {
            continue;
        }
        if let Some(fixed) = retone_word(w) {
            if fixed.len() != w.len() {
                continue; // never break byte alignment
            }
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(&s[last..start]);
            o.push_str(&fixed);
            last = end;
        }
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[last..]);
            Cow::Owned(o)
        }
    }
}

/// Byte ranges of the alphabetic runs of `s`.
fn words(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = s.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (i, c) = it.next()?;
            if c.is_alphabetic() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if d.is_alphabetic() || is_combining_mark(d) {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                return Some((i, end));
            }
        }
    })
}

/// The matching key of an NFC text: tone marks canonical, letters lower-cased; same byte length and
/// char boundaries as the input.
pub fn key(text: &str) -> String {
    let toned = canonical_tones(text);
    let mut out = String::with_capacity(toned.len());
    out.extend(toned.chars().map(lower_same_len));
    debug_assert_eq!(out.len(), text.len());
    out
}

/// Folds a short string (a word-list entry or a query) the same way as [`key`], after NFC.
pub fn fold(s: &str) -> String {
    key(&nfc(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_styles_fold_alike() {
        assert_eq!(fold("hoà"), "hòa");
        assert_eq!(fold("hòa"), "hòa");
        assert_eq!(fold("Thuý"), "thúy");
        assert_eq!(fold("khoẻ"), "khỏe");
        assert_eq!(fold("Uỷ ban"), "ủy ban");
        assert_eq!(fold("quý II"), "quý ii");
        assert_eq!(fold("Hoàng"), "hoàng");
        assert_eq!(fold("toán"), "toán");
        assert_eq!(fold("ĐẠI HỘI"), "đại hội");
    }

    #[test]
    fn key_keeps_length() {
        for s in ["Thành uỷ Hà Nội", "Ðảng uỷ", "THUỶ", "İstanbul", "ﬁ ligature"] {
            let n = nfc(s);
            assert_eq!(key(&n).len(), n.len(), "{s}");
        }
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Hà Nội".nfd().collect();
        assert_eq!(nfc(&nfd), "Hà Nội");
    }
}
