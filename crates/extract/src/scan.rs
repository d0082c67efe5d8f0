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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans() {
        assert_eq!(skip_spaces("a \u{a0}\tb", 1), 5);
        assert_eq!(skip_spaces("a\nb", 1), 1);
        assert_eq!(word_end("Đảng ủy", 0), "Đảng".len());
    }
}
