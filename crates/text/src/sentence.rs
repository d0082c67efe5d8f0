//! Sentence splitting for Vietnamese news prose.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) when the next
//! word starts a sentence. It does not end inside numbers ("3.000", "16,05%", "30/5/2019"), after an
//! abbreviation from `data/abbreviations.txt` ("TP.", "T.Ư") or after a lone capital initial.
//! Quoted speech is split like running text. Lines always end sentences.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::normalize::fold;
use crate::span::Span;

static ABBREVIATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../data/abbreviations.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .collect()
});

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '-' | '–' | '—')
}

/// The word (letters, dots) just before byte `i` of `s`.
fn word_before(s: &str, i: usize) -> &str {
    let head = &s[..i];
    let start = head.rfind(|c: char| !(c.is_alphanumeric() || c == '.' || c == '/')).map_or(0, |p| p + head[p..].chars().next().map_or(1, char::len_utf8));
    &head[start..]
}

/// Splits `s[span]` into sentence spans (trimmed, non-empty), in order.
pub fn split(s: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let seg = span.of(s);
    let mut start = 0usize;
    let chars: Vec<(usize, char)> = seg.char_indices().collect();
    let n = chars.len();
    let mut k = 0;
    while k < n {
        let (i, c) = chars[k];
        let terminal = matches!(c, '.' | '!' | '?' | '…');
        if !terminal {
            k += 1;
            continue;
        }
        // Extend over repeated terminals and closers.
        let mut j = k + 1;
        while j < n && matches!(chars[j].1, '.' | '!' | '?' | '…') {
            j += 1;
        }
        while j < n && is_closer(chars[j].1) {
            j += 1;
        }
        let end_byte = if j < n { chars[j].0 } else { seg.len() };
        // What follows: whitespace then a sentence start, or the end.
        let mut m = j;
        let had_space = m < n && chars[m].1.is_whitespace();
        while m < n && chars[m].1.is_whitespace() {
            m += 1;
        }
        let boundary = if m >= n {
            true
        } else {
            let next = chars[m].1;
            let starts = next.is_uppercase() || next.is_ascii_digit() || is_opener(next);
            if c == '.' && j == k + 1 {
                let w = word_before(seg, i);
                let folded = fold(w);
                let abbrev = ABBREVIATIONS.contains(folded.trim_end_matches('.'))
                    || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
                    || (w.contains('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 4 && w.chars().all(|c| c.is_uppercase() || c == '.'));
                if abbrev {
                    false
                } else if had_space {
                    starts
                } else {
                    // "khó khăn.Tuy nhiên": a glued stop between a lower-case word and a capitalised one.
                    let prev_lower = i > 0 && seg[..i].chars().next_back().is_some_and(char::is_lowercase);
                    let next2_lower = chars.get(m + 1).is_some_and(|x| x.1.is_lowercase());
                    prev_lower && next.is_uppercase() && next2_lower
                }
            } else {
                had_space && starts
            }
        };
        if boundary {
            push_trimmed(&mut out, seg, start, end_byte, span.start);
            start = end_byte;
        }
        k = j.max(k + 1);
    }
    push_trimmed(&mut out, seg, start, seg.len(), span.start);
    out
}

fn push_trimmed(out: &mut Vec<Span>, seg: &str, a: usize, b: usize, base: usize) {
    let piece = &seg[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if a + lead < b - trail {
        out.push(Span::new(base + a + lead, base + b - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        split(s, Span::new(0, s.len())).into_iter().map(|sp| sp.of(s)).collect()
    }

    #[test]
    fn numbers_and_abbreviations_do_not_split() {
        let s = "Hơn 3.000 cán bộ ở TP. Hồ Chí Minh tham gia, giảm 16,05% so với ngày 30/5/2019. Đồng chí Nguyễn Văn An phát biểu.";
        assert_eq!(sents(s).len(), 2);
        assert_eq!(sents("Đảng ủy Công an T.Ư chỉ đạo. Sau đó họp.").len(), 2);
    }

    #[test]
    fn quotes_and_ellipsis() {
        let s = "Ông nói: “Phải làm ngay. Không chờ đợi.” Sau đó đoàn về… Ngày mai họp tiếp.";
        assert_eq!(sents(s), vec!["Ông nói: “Phải làm ngay.", "Không chờ đợi.”", "Sau đó đoàn về…", "Ngày mai họp tiếp."]);
    }

    #[test]
    fn glued_stop() {
        assert_eq!(sents("Còn khó khăn.Tuy nhiên đã xong.").len(), 2);
    }
}
