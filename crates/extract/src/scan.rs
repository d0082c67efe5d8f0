//! Small byte-offset scanners shared by the extractors.

use std::sync::LazyLock;

use regex::Regex;

/// An item marker at a paragraph's or line's start, with the spaces after it: "IV.", "3.",
/// "174.", "1.2.", "a)", "-", "+", "•".
pub(crate) static ITEM_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<roman>[IVX]{1,5})\.|(?P<num>\d{1,3}(?:\.\d{1,2})*)[.)]|(?P<letter>[a-zđ])\)|(?P<dash>[-–•])|(?P<plus>\+))\s+").expect("marker regex")
});

/// Bytes of `line`'s leading spaces and item marker (0 without either).
pub(crate) fn item_marker_len(line: &str) -> usize {
    let t = line.trim_start_matches([' ', '\u{a0}', '\t']);
    let lead = line.len() - t.len();
    lead + ITEM_MARKER.find(t).map_or(0, |m| m.end())
}

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

/// The start of the line holding byte `at` of `text`, when it lies at most `max` bytes before it
/// (a bound: a long paragraph is not read back again for each of its words).
pub(crate) fn line_start_within(text: &str, at: usize, max: usize) -> Option<usize> {
    let back = text.floor_char_boundary(at.saturating_sub(max));
    match text[back..at].rfind('\n') {
        Some(p) => Some(back + p + 1),
        None => (back == 0).then_some(0),
    }
}

/// The first of `stops` (or the text's end) at or after byte `at` of `text`, when it lies at most
/// `max` bytes after it.
pub(crate) fn line_end_within(text: &str, at: usize, max: usize, stops: &[char]) -> Option<usize> {
    let ahead = text.floor_char_boundary(at.saturating_add(max).min(text.len()));
    text[at..ahead].find(stops).map(|p| at + p).or((ahead == text.len()).then_some(ahead))
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
        assert_eq!(item_marker_len("  IV. Thời gian"), "  IV. ".len());
        assert_eq!(item_marker_len("2.1. Ông"), "2.1. ".len());
        assert_eq!(item_marker_len("b) Bà"), 3);
        assert_eq!(item_marker_len("12 Ông"), 0);
        assert_eq!(item_marker_len("174. Bà"), 5);
        assert_eq!(item_marker_len("2026. Bà"), 0);
        let t = "một\nhai ba\nbốn";
        assert_eq!(line_start_within(t, t.find("ba").unwrap(), 10), Some(t.find("hai").unwrap()));
        assert_eq!(line_start_within(t, t.find("ba").unwrap(), 2), None);
        assert_eq!(line_start_within(t, 1, 2), Some(0));
        assert_eq!(line_end_within(t, 0, 10, &['\n']), Some("một".len()));
        assert_eq!(line_end_within(t, t.find("bốn").unwrap(), 2, &['\n']), None);
        assert_eq!(line_end_within(t, t.find("bốn").unwrap(), 20, &['\n']), Some(t.len()));
        for b in 0..0x80u8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b:#x}");
        }
    }
}
