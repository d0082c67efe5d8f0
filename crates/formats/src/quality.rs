//! How Vietnamese a text reads: the share of its words that are well-formed Vietnamese syllables,
//! and the share that carry Vietnamese letters or tone marks. Decides whether a PDF text layer is
//! the document's text (scanner OCR without Vietnamese, "ceNG HoA x,l ugr", is not; nor is
//! mis-encoded OCR, "CØNG HOÀXÃ HØI") and which legacy decoding of some bytes is right.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// The syllable shape, from `data/syllable.tsv`: `^onset?nucleus coda?$`.
static SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    let mut parts: [Vec<&str>; 3] = Default::default();
    for line in include_str!("../data/syllable.tsv").lines().filter(|l| !l.starts_with('#')) {
        if let Some((kind, list)) = line.split_once('\t') {
            let i = match kind {
                "onset" => 0,
                "nucleus" => 1,
                "coda" => 2,
                _ => continue,
            };
            parts[i].extend(list.split_whitespace());
        }
    }
    for p in &mut parts {
        p.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    }
    Regex::new(&format!("^(?:{})?(?:{})(?:{})?$", parts[0].join("|"), parts[1].join("|"), parts[2].join("|")))
        .expect("the syllable pattern compiles")
});

/// Tone marks (combining) and the letters of Vietnamese beyond ASCII.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The reading of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Words of letters counted.
    pub words: usize,
    /// Of these, well-formed syllables.
    pub valid: usize,
    /// Of these, syllables with a Vietnamese letter (ă â đ ê ô ơ ư) or a tone mark.
    pub marked: usize,
    /// Words holding a character that no Vietnamese word has (Ø, Ç, ¡, digits inside letters…).
    pub foreign: usize,
}

impl Score {
    /// Share of well-formed syllables.
    pub fn valid_rate(&self) -> f32 {
        self.valid as f32 / self.words.max(1) as f32
    }

    /// Share of syllables with Vietnamese marks.
    pub fn marked_rate(&self) -> f32 {
        self.marked as f32 / self.words.max(1) as f32
    }

    /// One figure to compare readings: well-formed marked syllables count most.
    pub fn value(&self) -> f32 {
        (self.valid_rate() + self.marked_rate()) / 2.0 - self.foreign as f32 / self.words.max(1) as f32
    }

    /// Reads as Vietnamese text: most words well-formed, many marked, few foreign.
    pub fn vietnamese(&self) -> bool {
        self.words >= 3 && self.valid_rate() >= 0.75 && self.marked_rate() >= 0.25 && self.foreign * 10 <= self.words
    }
}

/// Scores a text (see the module documentation).
pub fn score(text: &str) -> Score {
    let mut s = Score { words: 0, valid: 0, marked: 0, foreign: 0 };
    for word in text.split(|c: char| c.is_whitespace() || ",;:!?\"“”()[]/–—-…".contains(c)) {
        let word = word.trim_matches(|c: char| c == '.' || c == '\'' || c == '’');
        if word.is_empty() || word.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation()) {
            continue;
        }
        // Abbreviations and codes in capitals (UBND, QĐ, TTg) are neither evidence for nor against.
        if word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && word.is_ascii() {
            continue;
        }
        s.words += 1;
        let lower = word.to_lowercase();
        let mut base = String::with_capacity(lower.len());
        let mut tones = 0;
        let mut foreign = false;
        let mut prev = ' ';
        for c in lower.nfd() {
            if TONES.contains(&c) {
                tones += 1;
                // A tone on a consonant (ñ, ǹ) is not Vietnamese.
                if !"aeiouy".contains(prev) && !('\u{300}'..='\u{36F}').contains(&prev) {
                    foreign = true;
                }
            } else if c.is_alphabetic() || ('\u{300}'..='\u{36F}').contains(&c) {
                base.push(c);
            } else {
                foreign = true;
            }
            prev = c;
        }
        let base: String = base.nfc().collect();
        let shaped = base.chars().any(|c| "ăâđêôơư".contains(c));
        if base.chars().any(|c| !(c.is_ascii_lowercase() || "ăâđêôơư".contains(c))) {
            foreign = true;
        }
        if foreign {
            s.foreign += 1;
        } else if tones <= 1 && SYLLABLE.is_match(&base) {
            s.valid += 1;
            if tones == 1 || shaped {
                s.marked += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_reads_as_such() {
        let s = score("Ủy ban nhân dân tỉnh tổ chức buổi làm việc để nghe Sở Nội vụ báo cáo đánh giá kết quả.");
        assert!(s.vietnamese(), "{s:?}");
    }

    #[test]
    fn latin_ocr_and_mojibake_do_not() {
        let s = score("ceNG HoA x,l ugr cnu Ncnin vtpr xlrvr Doc lap Tu do Hanh phuc tinh uy ban nhan");
        assert!(!s.vietnamese(), "{s:?}");
        let s = score("CØNG HOÀXÃ HØI CHæNGH(AVIÆT NAM HiÇn nay, trên dËa bàn tÉinh có ng°Ýi sí dång tr£i phép ch¥t");
        assert!(!s.vietnamese(), "{s:?}");
    }
}
