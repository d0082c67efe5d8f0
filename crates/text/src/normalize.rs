//! Normal forms of Vietnamese text.
//!
//! chidao keeps two forms of every document:
//!
//! * the **text**: Unicode NFC with unified line breaks; every byte offset refers to it and it is what
//!   users see;
//! * the **key**: the text lower-cased and with tone marks in one place (`hoà` → `hòa`,
//!   `thuý` → `thúy`, `khoẻ` → `khỏe`, `Uỷ` → `ủy`), used for matching word lists and rules. The key
//!   has exactly the same byte length as the text, and the same char boundaries around every char
//!   that is not a letter or digit (a tone mark may move between the two vowels of a syllable:
//!   `oà` (1 + 2 bytes) → `òa` (2 + 1 bytes)), so a word or phrase matched in the key is a span of
//!   the text with no offset map.
//!
//! The tone style chosen is the "old" one (tone on the first vowel of an open `oa`/`oe`/`uy`), by far
//! the most common in the Vietnamese press; both styles fold to it. Three rare spellings cannot move
//! their tone without changing the byte length (`uỳ`/`ùy`, `uỹ`/`ũy`, `oẽ`/`õe`: the two forms are
//! UTF-8 strings of different lengths); the key keeps them as written, and [`fold_variants`] gives
//! both keys of a word-list entry so that a list can match either.
//!
//! The key also turns zero-width spaces and joiners, word joiners and stray byte-order marks into
//! an EN SPACE (U+2002, same UTF-8 length), so that they separate words; fullwidth quotes become
//! curly quotes of the same length.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Returns `s` in NFC, borrowing when it already is.
pub fn nfc(s: &str) -> Cow<'_, str> {
    if plain_latin(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// True when every char of `s` lies where no char changes in NFC or combines with another:
/// U+0000–U+02FF (ASCII and the Latin letters, precomposed Vietnamese included, before the
/// combining marks), U+1E00–U+1EFF (the rest of precomposed Vietnamese) and U+2002–U+206F
/// (general punctuation but for U+2000 and U+2001, which NFC turns into U+2002 and U+2003).
/// Read from the UTF-8 lead bytes, without decoding chars: most texts are nothing else, and
/// then need no look-up in the Unicode tables.
fn plain_latin(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..0x80 => i += 1,
            // U+0080–U+02FF.
            0xC2..=0xCB => i += 2,
            // U+1E00–U+1EFF.
            0xE1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => i += 3,
            // U+2002–U+206F.
            0xE2 if matches!((b.get(i + 1), b.get(i + 2)), (Some(0x80), Some(0x82..)) | (Some(0x81), Some(..=0xAF))) => i += 3,
            _ => return false,
        }
    }
    true
}

/// The tone-marked forms of the vowels that take part in the tone-placement rule, in the order
/// huyền, sắc, hỏi, ngã, nặng.
const TONED_A: [char; 5] = ['à', 'á', 'ả', 'ã', 'ạ'];
const TONED_E: [char; 5] = ['è', 'é', 'ẻ', 'ẽ', 'ẹ'];
const TONED_Y: [char; 5] = ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'];
const TONED_O: [char; 5] = ['ò', 'ó', 'ỏ', 'õ', 'ọ'];
const TONED_U: [char; 5] = ['ù', 'ú', 'ủ', 'ũ', 'ụ'];

/// For a lower-case toned `a`, `e` or `y`: the vowel that must precede it for the new-style
/// spelling (`o` before `a`/`e`, `u` before `y`), the toned forms of that vowel, and the tone.
fn new_style_tail(c: char) -> Option<(u8, &'static [char; 5], usize, u8)> {
    if let Some(t) = TONED_A.iter().position(|&x| x == c) {
        return Some((b'o', &TONED_O, t, b'a'));
    }
    if let Some(t) = TONED_E.iter().position(|&x| x == c) {
        return Some((b'o', &TONED_O, t, b'e'));
    }
    if let Some(t) = TONED_Y.iter().position(|&x| x == c) {
        return Some((b'u', &TONED_U, t, b'y'));
    }
    None
}

/// True for a lower-case Vietnamese vowel letter with or without marks.
fn is_vowel(c: char) -> bool {
    let c = base_letter(c);
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The ASCII letter under a lower-case Vietnamese letter with marks (`ạ`, `ă`, `ấ` → `a`), else the char.
fn base_letter(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c.nfd().next() {
        Some(b) if b.is_ascii() => b,
        _ => match c {
            'đ' => 'd',
            _ => c,
        },
    }
}

/// Zero-width and invisible separators that the key shows as an EN SPACE (all three bytes long).
fn is_invisible_space(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// True for chars that separate words or sentences like a space does: Unicode white space plus the
/// invisible separators (zero-width space, joiners, word joiner, byte-order mark).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || is_invisible_space(c)
}

/// The key form of one non-ASCII char: lower case when its lower case has the same UTF-8 length
/// (always true for Vietnamese letters), a same-length stand-in for invisible spaces and fullwidth
/// quotes, else the char itself.
fn key_char(c: char) -> char {
    let u = c as u32;
    match u {
        // Icelandic eth typed for Đ/đ: same length.
        0xD0 | 0xF0 => 'đ',
        0xC0..=0xDE if u != 0xD7 => char::from_u32(u + 0x20).unwrap_or(c),
        0xDF..=0xFF => c,
        // Latin Extended Additional from Ạ on: upper case at even code points.
        0x1EA0..=0x1EFF => {
            if u.is_multiple_of(2) {
                char::from_u32(u + 1).unwrap_or(c)
            } else {
                c
            }
        }
        // Latin Extended-A and the horned letters (Đ, Ă, Ĩ, Ũ, Ơ, Ư): upper case at even code
        // points then at odd ones, lower case the next one (the Unicode table look-up below is
        // slow, and these letters are in every Vietnamese sentence). İ (U+0130), ı, ĸ and ŉ
        // take the general rule.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 => {
            if u.is_multiple_of(2) {
                char::from_u32(u + 1).unwrap_or(c)
            } else {
                c
            }
        }
        0x139..=0x148 => {
            if u.is_multiple_of(2) {
                c
            } else {
                char::from_u32(u + 1).unwrap_or(c)
            }
        }
        0x1A0 | 0x1AF => char::from_u32(u + 1).unwrap_or(c),
        0x1A1 | 0x1B0 => c,
        0x200B..=0x200D | 0x2060 | 0xFEFF => '\u{2002}',
        0x2000..=0x20FF => c,
        0xFF02 => '\u{201D}',
        0xFF07 => '\u{2019}',
        _ => {
            let mut it = c.to_lowercase();
            match (it.next(), it.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        }
    }
}

/// True when a char belongs to a word for the tone rule (letters, digits, combining marks).
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..0x80 => c.is_ascii_alphanumeric(),
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x300..=0x36F | 0x1E00..=0x1EFF => true,
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric(),
    }
}

/// Given a key buffer whose word ends at `end` with the toned vowel that starts at `at`, moves the
/// tone to the old-style place when the word ends in an open `oa`/`oe`/`uy` spelled new-style
/// (`hoà`, `khoẻ`, `thuý`, `uỷ`) and the move keeps the byte length. `qu` is a consonant (`quý`
/// keeps its tone); a vowel before the pair (not a Vietnamese syllable) leaves the word alone.
fn retone_tail(text: &str, out: &mut String, at: usize, end: usize) {
    let Some(last) = text
        .get(at..end)
        .and_then(|t| t.chars().next())
        .map(key_char)
    else {
        return;
    };
    let Some((glide, toned_glide, tone, plain)) = new_style_tail(last) else {
        return;
    };
    if at == 0 || out.as_bytes()[at - 1] != glide {
        return;
    }
    let before = text
        .get(..at - 1)
        .and_then(|t| t.chars().next_back())
        .map(key_char);
    if let Some(b) = before
        && is_word_char(b)
        && (is_vowel(b) || (glide == b'u' && b == 'q') || !b.is_alphabetic())
    {
        return;
    }
    let moved = toned_glide[tone];
    if moved.len_utf8() + 1 != 1 + last.len_utf8() {
        return; // uỳ, uỹ, oẽ: the old style is a different length
    }
    // Rare (an old-style word): the allocation does not count.
    let mut tail = String::with_capacity(end + 1 - at);
    tail.push(moved);
    tail.push(char::from(plain));
    out.replace_range(at - 1..at - 1 + tail.len(), &tail);
}

/// The matching key of an NFC text: tone marks canonical, letters lower-cased; same byte length as
/// the input and the same char boundaries at every word edge (around each char that is not a letter
/// or digit). Linear; one allocation (the result), edited in place as a `String`, so that it
/// need not be validated as UTF-8 again at the end.
pub fn key(text: &str) -> String {
    let mut out = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Start of the toned a/e/y that ends the current word so far, if any.
    let mut pending: Option<usize> = None;
    let mut i = 0;
    while i < n {
        if bytes[i] < 0x80 {
            if let Some(at) = pending.take()
                && !bytes[i].is_ascii_alphanumeric()
            {
                retone_tail(text, &mut out, at, i);
            }
            // The rest of the ASCII run needs nothing more.
            i += 1 + bytes[i + 1..]
                .iter()
                .position(|&b| b >= 0x80)
                .unwrap_or(n - i - 1);
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let len = c.len_utf8();
        let k = key_char(c);
        if k != c {
            out.replace_range(i..i + len, k.encode_utf8(&mut [0u8; 4]));
        }
        if matches!(k as u32, 0xE0..=0xFD | 0x1EA0..=0x1EFF) && new_style_tail(k).is_some() {
            pending = Some(i);
        } else if is_word_char(k) {
            pending = None;
        } else if let Some(at) = pending.take() {
            retone_tail(text, &mut out, at, i);
        }
        i += len;
    }
    if let Some(at) = pending {
        retone_tail(text, &mut out, at, n);
    }
    // Every edit writes a whole char over a char of the same length.
    debug_assert_eq!(out.len(), text.len());
    out
}

/// Folds a short string (a word-list entry or a query) the same way as [`key`], after NFC.
pub fn fold(s: &str) -> String {
    key(&nfc(s))
}

/// True when `s` is its own [`fold`] for certain (a slice of a key usually is), so that a caller
/// can skip building the fold. Conservative: `false` says nothing; no allocation.
pub fn is_folded(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            if b[i].is_ascii_uppercase() {
                return false;
            }
            i += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
            return false;
        };
        // NFC already (the fast path of `nfc`), unchanged by the key, and no tone that the key
        // could move onto a preceding `o`/`u`.
        if !matches!(c as u32, 0x80..0x300 | 0x1E00..=0x1EFF | 0x2000..=0x206F)
            || key_char(c) != c
            || (i > 0 && matches!(b[i - 1], b'o' | b'u') && new_style_tail(c).is_some())
        {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// All keys under which `s` may appear in a document's key: [`fold`] of `s`, plus, when `s` has
/// a word whose tone cannot move without changing its byte length (`Thùy`/`Thuỳ`, `lũy`/`luỹ`),
/// the fold of the other spelling. The first entry is always `fold(s)`; no duplicates.
pub fn fold_variants(s: &str) -> Vec<String> {
    let base = fold(s);
    let mut out = vec![base.clone()];
    // Old style (tone on the glide) to new style (tone on the last vowel) for the pairs whose
    // lengths differ: ùy → uỳ, ũy → uỹ, õe → oẽ.
    const SWAPS: [(&str, &str); 3] = [("ùy", "uỳ"), ("ũy", "uỹ"), ("õe", "oẽ")];
    let mut alt = base.clone();
    for (old, new) in SWAPS {
        let there = swap_word_final(&alt, old, new);
        alt = if there != alt {
            there
        } else {
            swap_word_final(&alt, new, old)
        };
    }
    if alt != base {
        out.push(alt);
    }
    out
}

/// Replaces `from` by `to` where `from` ends a word and follows a consonant or starts the word.
fn swap_word_final(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut last = 0;
    for (i, _) in s.match_indices(from) {
        let end = i + from.len();
        let word_end = s[end..].chars().next().is_none_or(|c| !is_word_char(c));
        let prev = s[..i].chars().next_back();
        let ok_before = prev
            .is_none_or(|p| !is_word_char(p) || (p.is_alphabetic() && !is_vowel(p) && p != 'q'));
        if word_end && ok_before && i >= last {
            out.push_str(&s[last..i]);
            out.push_str(to);
            last = end;
        }
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_latin_lower_case_agrees_with_unicode() {
        for u in 0x100..=0x24F {
            let c = char::from_u32(u).unwrap();
            let mut it = c.to_lowercase();
            let general = match (it.next(), it.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            };
            assert_eq!(key_char(c), general, "U+{u:04X}");
        }
    }

    #[test]
    fn tone_styles_fold_alike() {
        assert_eq!(fold("hoà"), "hòa");
        assert_eq!(fold("hòa"), "hòa");
        assert_eq!(fold("Thuý"), "thúy");
        assert_eq!(fold("khoẻ"), "khỏe");
        assert_eq!(fold("Uỷ ban"), "ủy ban");
        assert_eq!(fold("UỶ BAN"), "ủy ban");
        assert_eq!(fold("Thành uỷ"), "thành ủy");
        assert_eq!(fold("HOÀ BÌNH"), "hòa bình");
        assert_eq!(fold("quý II"), "quý ii");
        assert_eq!(fold("Quý"), "quý");
        assert_eq!(fold("Hoàng"), "hoàng");
        assert_eq!(fold("toán"), "toán");
        assert_eq!(fold("thuỷ"), "thủy");
        assert_eq!(fold("ĐẠI HỘI"), "đại hội");
        assert_eq!(fold("hoạ"), "họa");
        assert_eq!(fold("xoè"), "xòe");
        assert_eq!(fold("hoà,"), "hòa,");
        assert_eq!(fold("(hoà)"), "(hòa)");
    }

    #[test]
    fn closed_syllables_and_non_words_stay() {
        assert_eq!(fold("hoàn"), "hoàn");
        assert_eq!(fold("khuỷu"), "khuỷu");
        assert_eq!(fold("xoá2"), "xoá2");
        assert_eq!(fold("ngoà"), "ngòa");
        assert_eq!(fold("uoà"), "uoà");
        assert_eq!(fold("1oà"), "1oà");
    }

    #[test]
    fn length_changing_moves_are_left_alone() {
        assert_eq!(fold("Thuỳ"), "thuỳ");
        assert_eq!(fold("Thùy"), "thùy");
        assert_eq!(
            fold_variants("Thùy Linh"),
            vec!["thùy linh".to_string(), "thuỳ linh".to_string()]
        );
        assert_eq!(
            fold_variants("luỹ kế"),
            vec!["luỹ kế".to_string(), "lũy kế".to_string()]
        );
        assert_eq!(fold_variants("Hòa"), vec!["hòa".to_string()]);
        assert_eq!(fold_variants("quỳ"), vec!["quỳ".to_string()]);
    }

    #[test]
    fn is_folded_implies_fold_is_identity() {
        for s in [
            "hòa", "hoà", "Hòa", "thúy", "thuý", "ủy ban", "uỷ", "mười", "hai", "x", "", "ubnd",
            "UBND", "đ", "Đ", "ð", "a\u{200B}b", "e\u{301}", "hoàn", "khỏe", "khoẻ", "tỷ", "quý",
        ] {
            if is_folded(s) {
                assert_eq!(fold(s), s, "{s:?}");
            }
        }
        assert!(is_folded("hòa") && is_folded("mười") && is_folded("ubnd") && is_folded(""));
        assert!(!is_folded("hoà") && !is_folded("Hòa") && !is_folded("UBND"));
    }

    #[test]
    fn key_keeps_length() {
        for s in [
            "Thành uỷ Hà Nội",
            "Ðảng uỷ",
            "THUỶ",
            "İstanbul",
            "ﬁ ligature",
            "K\u{212A}",
            "ẞ",
            "Ω",
        ] {
            let n = nfc(s);
            assert_eq!(key(&n).len(), n.len(), "{s}");
        }
    }

    #[test]
    fn invisible_spaces_separate_words() {
        let k = key("Công\u{200D}an B\u{200B}ình \u{FEFF}x ＂y＂");
        assert_eq!(k, "công\u{2002}an b\u{2002}ình \u{2002}x ”y”");
        assert!(
            is_space('\u{200B}') && is_space('\u{A0}') && is_space('\u{2009}') && !is_space('a')
        );
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Hà Nội".nfd().collect();
        assert_eq!(nfc(&nfd), "Hà Nội");
        assert_eq!(fold(&"Thành uỷ".nfd().collect::<String>()), "thành ủy");
    }

    /// Throughput of `key()` over the corpus sample (`cargo test -p chidao-text --release -- --ignored key_speed --nocapture`).
    #[test]
    #[ignore]
    fn key_speed() {
        let path = "/work/shared/corpus/baomoi-2017.jsonl.gz";
        let Ok(out) = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("zcat {path} | head -5000"))
            .output()
        else {
            eprintln!("skipped: cannot read {path}");
            return;
        };
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if text.is_empty() {
            eprintln!("skipped: {path} absent");
            return;
        }
        let text = nfc(&text).into_owned();
        // CPU time of this thread (the machine may be shared: wall time says little).
        let cpu = || -> f64 {
            std::fs::read_to_string("/proc/thread-self/schedstat")
                .ok()
                .and_then(|s| {
                    s.split_whitespace()
                        .next()
                        .and_then(|x| x.parse::<f64>().ok())
                })
                .map_or(0.0, |ns| ns / 1e9)
        };
        let (t, c) = (std::time::Instant::now(), cpu());
        let mut n = 0;
        for _ in 0..5 {
            n += key(&text).len();
        }
        let (wall, on_cpu) = (t.elapsed().as_secs_f64(), cpu() - c);
        eprintln!(
            "key(): {:.1} MB; wall {:.3}s = {:.0} MB/s; on-CPU {:.3}s = {:.0} MB/s",
            n as f64 / 1e6,
            wall,
            n as f64 / 1e6 / wall,
            on_cpu,
            n as f64 / 1e6 / on_cpu
        );
        // The whole text layer: Document::new over the same articles, one by one.
        let docs: Vec<String> = text.lines().map(str::to_owned).collect();
        let (t, c) = (std::time::Instant::now(), cpu());
        let mut m = 0usize;
        for d in &docs {
            m += crate::document::Document::new("x", d.clone())
                .sentences
                .len();
        }
        let (wall, on_cpu) = (t.elapsed().as_secs_f64(), cpu() - c);
        let c1 = cpu();
        let keys: Vec<String> = docs.iter().map(|d| key(d)).collect();
        let c2 = cpu();
        let lines: Vec<Vec<crate::Span>> = docs.iter().map(|d| crate::document::lines(d)).collect();
        let c3 = cpu();
        for ((d, k), l) in docs.iter().zip(&keys).zip(&lines) {
            std::hint::black_box(crate::zone::find_zones_with_key(d, k, l));
        }
        let c4 = cpu();
        for ((d, k), l) in docs.iter().zip(&keys).zip(&lines) {
            for p in l {
                std::hint::black_box(crate::sentence::split_with_key(d, Some(k), *p));
            }
        }
        let c5 = cpu();
        eprintln!(
            "parts: key {:.3}s lines {:.3}s zones {:.3}s split {:.3}s",
            c2 - c1,
            c3 - c2,
            c4 - c3,
            c5 - c4
        );
        eprintln!(
            "Document::new: {} docs, {:.1} MB, {m} sentences; wall {wall:.3}s; on-CPU {on_cpu:.3}s = {:.0} MB/s",
            docs.len(),
            text.len() as f64 / 1e6,
            text.len() as f64 / 1e6 / on_cpu
        );
    }
}
