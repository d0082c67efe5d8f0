//! Fast tests of a char's class and case for the Latin letters of Vietnamese.
//!
//! [`char::is_alphanumeric`], [`char::is_uppercase`] and the like look non-ASCII chars up in the
//! Unicode tables, which is slow on a text where every word holds a letter outside ASCII; these
//! give the same answers with fast paths for ASCII, the Latin blocks and general punctuation.

/// Whether a char outside ASCII is a letter, for the Latin blocks of Vietnamese (letters but for
/// × and ÷) and general punctuation (none); `None` elsewhere (the Unicode tables decide).
#[inline]
fn latin_letter(c: char) -> Option<bool> {
    match c as u32 {
        0xD7 | 0xF7 => Some(false),
        0xC0..=0x24F | 0x1E00..=0x1EFF => Some(true),
        0x2000..=0x206F => Some(false),
        _ => None,
    }
}

/// [`char::is_alphanumeric`] with fast paths for ASCII, the Latin blocks of Vietnamese and
/// general punctuation (the Unicode table look-up is slow).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { latin_letter(c).unwrap_or_else(|| c.is_alphanumeric()) }
}

/// [`char::is_alphabetic`] with the same fast paths as [`is_alphanumeric`].
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() } else { latin_letter(c).unwrap_or_else(|| c.is_alphabetic()) }
}

/// Upper or lower case of a letter, with fast paths for ASCII and the Latin blocks of Vietnamese
/// (the Unicode table look-ups of [`char::is_uppercase`] are slow): `Some(true)` upper,
/// `Some(false)` lower, `None` neither.
#[inline]
fn latin_case(c: char) -> Option<Option<bool>> {
    let u = c as u32;
    Some(match u {
        0..0x80 => (c.is_ascii_alphabetic()).then_some(c.is_ascii_uppercase()),
        0xC0..=0xDE if u != 0xD7 => Some(true),
        0xDF..=0xFF if u != 0xF7 => Some(false),
        0x100..=0x137 | 0x14A..=0x177 | 0x1EA0..=0x1EFF => Some(u.is_multiple_of(2)),
        0x1A0 | 0x1AF => Some(true),
        0x1A1 | 0x1B0 => Some(false),
        _ => return None,
    })
}

/// [`char::is_uppercase`] with the fast paths of [`latin_case`].
#[inline]
pub fn is_uppercase(c: char) -> bool {
    latin_case(c).map_or_else(|| c.is_uppercase(), |k| k == Some(true))
}

/// [`char::is_lowercase`] with the fast paths of [`latin_case`].
#[inline]
pub fn is_lowercase(c: char) -> bool {
    latin_case(c).map_or_else(|| c.is_lowercase(), |k| k == Some(false))
}

/// The runs of letters ([`is_alphabetic`]) of a text, in order: its words without digits or
/// punctuation ("4/2/2017" has none). The same as splitting on every char that is not a letter,
/// but ASCII is tested a byte at a time, without decoding chars.
pub fn letter_runs(s: &str) -> LetterRuns<'_> {
    LetterRuns { s, at: 0 }
}

/// The iterator of [`letter_runs`].
#[derive(Debug, Clone)]
pub struct LetterRuns<'a> {
    s: &'a str,
    at: usize,
}

impl LetterRuns<'_> {
    /// Whether the char at byte `i` (a char boundary) is a letter, and its length; ASCII is
    /// tested as a byte.
    #[inline(always)]
    fn letter_at(&self, i: usize) -> (bool, usize) {
        let lead = self.s.as_bytes()[i];
        if lead < 0x80 {
            return (lead.is_ascii_alphabetic(), 1);
        }
        match self.s[i..].chars().next() {
            Some(c) => (is_alphabetic(c), c.len_utf8()),
            None => (false, 1),
        }
    }
}

impl<'a> Iterator for LetterRuns<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let n = self.s.len();
        let mut i = self.at;
        let start = loop {
            if i >= n {
                self.at = n;
                return None;
            }
            let (letter, len) = self.letter_at(i);
            if letter {
                break i;
            }
            i += len;
        };
        while i < n {
            let (letter, len) = self.letter_at(i);
            if !letter {
                break;
            }
            i += len;
        }
        self.at = i;
        Some(&self.s[start..i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_alphanumeric_agrees_with_std() {
        for u in 0..0x3_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "U+{u:04X}");
                assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{u:04X}");
                assert_eq!(is_uppercase(c), c.is_uppercase(), "U+{u:04X}");
                assert_eq!(is_lowercase(c), c.is_lowercase(), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn letter_runs_are_the_words_between_non_letters() {
        let runs: Vec<&str> = letter_runs("Sở Nội vụ: 4/2/2017 — báo cáo,x").collect();
        assert_eq!(runs, ["Sở", "Nội", "vụ", "báo", "cáo", "x"]);
        assert_eq!(letter_runs("").count(), 0);
        assert_eq!(letter_runs("12 — 3").count(), 0);
    }

    proptest::proptest! {
        #[test]
        fn letter_runs_split_as_std_does(s in "\\PC{0,40}|[a-zđươăâêô0-9 ,./\u{300}\u{1EA0}-\u{1EF9}]{0,40}") {
            let std: Vec<&str> = s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
            let ours: Vec<&str> = letter_runs(&s).collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }
}
