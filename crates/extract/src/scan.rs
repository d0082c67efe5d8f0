//! Small byte-offset scanners shared by the extractors.

/// Skips spaces and tabs (not line breaks) from byte `pos` of `text`.
pub(crate) fn skip_spaces(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\t']).len()
}

/// End of the word (letters and digits) starting at byte `pos` of `text`.
pub(crate) fn word_end(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + rest.find(|c: char| !crate::gazetteer::is_alphanumeric(c)).unwrap_or(rest.len())
}

/// [`char::is_whitespace`] for an ASCII byte (which, unlike [`u8::is_ascii_whitespace`], counts
/// U+000B).
#[inline]
pub(crate) fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (0x09..=0x0D).contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans() {
        assert_eq!(skip_spaces("a \u{a0}\tb", 1), 5);
        assert_eq!(skip_spaces("a\nb", 1), 1);
        assert_eq!(word_end("Đảng ủy", 0), "Đảng".len());
        for b in 0..0x80u8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b:#x}");
        }
    }
}
