//! Character error rate, for judging readers against reference texts.

/// The reference texts' normalisation: NFC, every run of white space one space, trimmed.
pub fn normalise(s: &str) -> String {
    let s = chidao_text::nfc(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Levenshtein distance in characters (two rows; O(n·m) time, O(m) memory).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Edits per reference character.
pub fn rate(reference: &str, hypothesis: &str) -> f64 {
    let (r, h) = (normalise(reference), normalise(hypothesis));
    distance(&r, &h) as f64 / r.chars().count().max(1) as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn distance() {
        assert_eq!(super::distance("kitten", "sitting"), 3);
        assert!((super::rate("a  b\n\nc", "a b c") - 0.0).abs() < 1e-9);
    }
}
