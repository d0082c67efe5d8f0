//! Sentence splitting for Vietnamese news prose.
//!
//! A sentence ends at `.`, `!`, `?`, `…` or `./.` (with the closing quotes and brackets after it)
//! when the next word starts a sentence (a capital, a digit, an opening quote or bracket, a dash or
//! bullet). It does not end inside numbers ("3.000", "16,05%", "30/5/2019"), after an abbreviation
//! from `data/abbreviations.txt` ("TP.", "ThS.", "PGS.TS."), after a lone capital initial ("H. Dũng")
//! or after a list number ("gồm: 1. Tăng cường"). A stop glued to the next sentence ("khó khăn.Tuy
//! nhiên") splits when a lower-case word precedes it and a capitalised word follows. Quoted speech
//! is split like running text, but a closing quote always stays with the sentence it closes. A
//! bullet (`•`) always starts a sentence. The splitter is linear in the length of its input and
//! looks back at most a few bytes from each stop.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::case;
use crate::normalize::{fold, is_space};
use crate::span::Span;

/// Abbreviations, and the words after which a lone I, V or X is a Roman numeral
/// (`data/abbreviations.txt`, section `@roman`).
static ABBREVIATIONS: LazyLock<(HashSet<String>, HashSet<String>)> = LazyLock::new(|| {
    let (mut abbr, mut roman) = (HashSet::new(), HashSet::new());
    let mut in_roman = false;
    for l in include_str!("../data/abbreviations.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if l == "@roman" {
            in_roman = true;
        } else if in_roman {
            roman.insert(fold(l));
        } else {
            abbr.insert(fold(l.trim_end_matches('.')));
        }
    }
    (abbr, roman)
});

/// How a glued opening of `data/glued_starters.txt` must be followed to start a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glued {
    /// Always ("Bên cạnh", "Về").
    Phrase,
    /// A number, "nay", "qua" or "(" ("Sáng 6-2", "Chiều nay").
    Time,
    /// A full name: a family name and a capitalised word ("Ông Lê Văn Tâm", not "phố Bà Triệu").
    Person,
}

/// Glued openings (`data/glued_starters.txt`): (folded phrase, what must follow it).
static GLUED: LazyLock<Vec<(String, Glued)>> = LazyLock::new(|| {
    let mut kind = Glued::Phrase;
    let mut out = Vec::new();
    for l in include_str!("../data/glued_starters.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        match l {
            "@time" => kind = Glued::Time,
            "@phrase" => kind = Glued::Phrase,
            "@person" => kind = Glued::Person,
            _ => out.push((fold(l), kind)),
        }
    }
    out
});

/// Whether `rest` (the text after a glued opening, as written) opens with a full name: a
/// listed family name, then a capitalised word.
fn opens_full_name(rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    let (Some(family), Some(next)) = (words.next(), words.next()) else {
        return false;
    };
    family.chars().all(char::is_alphabetic)
        && crate::lexicon::is_family_name(family)
        && next.chars().next().is_some_and(char::is_uppercase)
}

/// True when a sentence glued to a caption or sub-heading starts at byte `i` of `s` (a capital
/// after white space after a lower-case word): a glued opening from `data/glued_starters.txt`, or
/// any capitalised word followed by a lower-case one after two or more spaces (the crawler's
/// paragraph joint).
fn glued_start(s: &str, key: Option<&str>, i: usize, spaces: usize) -> bool {
    let head = &s[i..];
    let mut cut = head.len().min(40);
    while !head.is_char_boundary(cut) {
        cut -= 1;
    }
    let window = &head[..cut];
    // The folded window: from the document's key when there is one (no allocation).
    let owned;
    let f: &str = match key.and_then(|k| k.get(i..)) {
        Some(kh) => {
            let mut kc = kh.len().min(40);
            while !kh.is_char_boundary(kc) {
                kc -= 1;
            }
            &kh[..kc]
        }
        None => {
            owned = fold(window);
            &owned
        }
    };
    let word_end = |rest: &str| rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
    // Called before every capitalised word after a lower-case one: an opening whose first byte
    // differs is passed over without comparing the strings.
    let first = f.as_bytes().first();
    for (g, kind) in GLUED.iter().filter(|(g, _)| g.as_bytes().first() == first) {
        if let Some(rest) = f.strip_prefix(g.as_str())
            && word_end(rest)
        {
            match kind {
                Glued::Phrase => return true,
                Glued::Time => {
                    let r = rest.trim_start_matches([' ', ',']);
                    if r.starts_with(|c: char| c.is_ascii_digit() || c == '(')
                        || r.starts_with("nay")
                        || r.starts_with("qua")
                    {
                        return true;
                    }
                }
                // The key folds case without moving a byte: the written words are at the same
                // offset in the window.
                Glued::Person => {
                    if window.get(f.len() - rest.len()..).is_some_and(opens_full_name) {
                        return true;
                    }
                }
            }
        }
    }
    if spaces >= 2 {
        let mut words = window.split(' ');
        let first = words.next().unwrap_or("");
        let second = words.next().unwrap_or("");
        return first.chars().all(char::is_alphabetic)
            && second.chars().next().is_some_and(char::is_lowercase);
    }
    false
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that always close (ASCII quotes are tracked by parity instead).
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | ')' | ']' | '»' | '›' | '」' | '』')
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '●' | '■' | '▪' | '◆' | '♦' | '►' | '➢' | '❖' | '✓' | '√'
    )
}

/// A char that can start a sentence.
fn is_starter(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || is_bullet(c)
        || matches!(
            c,
            '“' | '‘' | '"' | '\'' | '(' | '[' | '«' | '‹' | '-' | '–' | '—' | '*' | '+' | '>'
        )
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// The token (letters, digits, dots, slashes) that ends just before byte `i`, looking back at most
/// 40 bytes (a longer token is no abbreviation), with the char before it.
fn token_before(s: &str, i: usize) -> (&str, Option<char>) {
    let mut start = i;
    while let Some(c) = char_before(s, start) {
        if !(case::is_alphanumeric(c) || c == '.' || c == '/') || i - start >= 40 {
            break;
        }
        start -= c.len_utf8();
    }
    (&s[start..i], char_before(s, start))
}

/// True when the full stop at byte `i` (not part of a run) follows an abbreviation, an initial or
/// a list number, so that it does not end the sentence.
fn stop_is_not_final(s: &str, i: usize) -> bool {
    let (tok, before) = token_before(s, i);
    let tok = tok.trim_start_matches(['.', '/']);
    if tok.is_empty() {
        return false;
    }
    let last = tok.rsplit(['.', '/']).next().unwrap_or(tok);
    let mut letters = last.chars();
    // A lone capital: an initial ("H. Dũng", "T.Ư", "Th.S").
    if let (Some(c), None) = (letters.next(), letters.next())
        && c.is_uppercase()
    {
        // Unless it is a Roman numeral after "quý", "khóa"… ("quý I.").
        let roman =
            matches!(c, 'I' | 'V' | 'X') && tok.len() == 1 && before.is_some_and(is_space) && {
                let head = s[..i - 1].trim_end_matches(is_space);
                let from = head
                    .char_indices()
                    .rev()
                    .take_while(|&(_, ch)| ch.is_alphanumeric())
                    .last()
                    .map_or(head.len(), |(p, _)| p);
                let w = &head[from..];
                w.len() <= 24 && ABBREVIATIONS.1.contains(&fold(w))
            };
        return !roman;
    }
    if ABBREVIATIONS.0.contains(&fold(last)) {
        return true;
    }
    // A list number or Roman numeral at the start of an item ("1. Tăng cường", "2.1. Tập trung",
    // "II. NHIỆM VỤ").
    let number = |n: &str| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit());
    let list_mark = (tok.len() <= 8 && tok.split('.').count() <= 3 && tok.split('.').all(number))
        || (tok.len() <= 4 && tok.chars().all(|c| matches!(c, 'I' | 'V' | 'X')));
    if list_mark && before.is_none_or(|c| is_space(c) || c == ':' || c == ';' || c == '(') {
        let mut start = i - tok.len();
        while let Some(c) = char_before(s, start)
            && is_space(c)
        {
            start -= c.len_utf8();
        }
        let prev = char_before(s, start);
        return prev.is_none_or(|c| is_terminal(c) || matches!(c, ':' | ';') || is_closer(c));
    }
    false
}

/// Splits `s[span]` into sentence spans (trimmed, non-empty, in order, not overlapping).
pub fn split(s: &str, span: Span) -> Vec<Span> {
    split_with_key(s, None, span)
}

/// The bytes [`split_with_key`] looks at: `[`, a space, ASCII quotes and stops, and the lead bytes
/// of `…` and bullets.
static SPLIT_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b'[' | b' ' | b'"' | b'\'' | b'.' | b'!' | b'?' | 0xE2..=0xEF);
        b += 1;
    }
    t
};

/// [`split`], reading folded words from `key` (the [`crate::key`] of `s`) instead of folding them
/// again.
pub fn split_with_key(s: &str, key: Option<&str>, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let Some(seg) = s.get(span.start..span.end) else {
        return out;
    };
    let key = key
        .filter(|k| k.len() == s.len())
        .and_then(|k| k.get(span.start..span.end));
    let mut start = 0usize;
    // Open ASCII quotes, by parity.
    let (mut dq, mut sq) = (false, false);
    let bytes = seg.as_bytes();
    let n = seg.len();
    let mut i = 0;
    while i < n {
        // Only these bytes can matter (each is handled below): skip the rest in a tight loop.
        while i < n && !SPLIT_BYTES[usize::from(bytes[i])] {
            i += 1;
        }
        if i >= n {
            break;
        }
        let b = bytes[i];
        // "[Tiêu đề bài liên quan] Câu …": a bracketed title (a link to another article) that
        // opens a sentence is a piece of its own.
        if b == b'['
            && seg[start..i].trim().is_empty()
            && let Some(close) = seg[i..].find(']').map(|p| i + p)
            && close - i <= 300
            && !seg[i..close].contains('\n')
        {
            let after = close + 1;
            let mut j = after;
            while j < n && bytes[j] == b' ' {
                j += 1;
            }
            if j > after && char_at(seg, j).is_some_and(char::is_uppercase) {
                push_trimmed(&mut out, seg, start, after, span.start);
                start = j;
                i = j;
                continue;
            }
        }
        // A space after a lower-case letter or digit, before a capital: a glued sentence?
        if b == b' ' {
            let mut j = i;
            while j < n && bytes[j] == b' ' {
                j += 1;
            }
            // (The capital after is the rarer condition: tested first.)
            if j < n
                && !dq
                && !bytes[j].is_ascii_lowercase()
                && char_at(seg, j).is_some_and(case::is_uppercase)
                && char_before(seg, i).is_some_and(|c| case::is_lowercase(c) || c.is_ascii_digit())
                && glued_start(seg, key, j, j - i)
            {
                push_trimmed(&mut out, seg, start, i, span.start);
                start = j;
            }
            i = j;
            continue;
        }
        // Only these bytes can matter: ASCII quotes and stops, and lead bytes of `…` and bullets.
        if !matches!(b, b'"' | b'\'' | b'.' | b'!' | b'?' | 0xE2..=0xEF) {
            i += 1;
            continue;
        }
        let Some(c) = char_at(seg, i) else {
            i += 1;
            continue;
        };
        let len = c.len_utf8();
        if c == '"' {
            dq = !dq;
            i += 1;
            continue;
        }
        if c == '\'' {
            // An apostrophe between letters is not a quote.
            let inner = char_before(seg, i).is_some_and(char::is_alphanumeric)
                && char_at(seg, i + 1).is_some_and(char::is_alphanumeric);
            if !inner {
                sq = !sq;
            }
            i += 1;
            continue;
        }
        if is_bullet(c) {
            if char_before(seg, i).is_some_and(is_space) {
                push_trimmed(&mut out, seg, start, i, span.start);
                start = i;
            }
            i += len;
            continue;
        }
        if !is_terminal(c) {
            i += len;
            continue;
        }
        // The run of stops (with "./." and "?!"), then the closers glued to it.
        let t0 = i;
        let mut j = i;
        let mut stops = 0;
        while let Some(d) = char_at(seg, j) {
            if is_terminal(d) {
                j += d.len_utf8();
                stops += 1;
            } else if d == '/'
                && bytes.get(j + 1) == Some(&b'.')
                && char_before(seg, j) == Some('.')
            {
                j += 2;
                stops += 2;
            } else {
                break;
            }
        }
        let mut closed = false;
        loop {
            match char_at(seg, j) {
                Some(d) if is_closer(d) => j += d.len_utf8(),
                Some('"') if dq => {
                    dq = false;
                    j += 1;
                }
                Some('\'') if sq => {
                    sq = false;
                    j += 1;
                }
                _ => break,
            }
            closed = true;
        }
        let mut end = j;
        // Spaces, then closing quotes that belong to this sentence ("… ngay. ”").
        let mut k = j;
        loop {
            while let Some(d) = char_at(seg, k)
                && is_space(d)
            {
                k += d.len_utf8();
            }
            match char_at(seg, k) {
                Some(d) if matches!(d, '”' | '’' | '»') && k > end => {
                    k += d.len_utf8();
                    end = k;
                    closed = true;
                }
                Some('"') if dq && k > end => {
                    dq = false;
                    k += 1;
                    end = k;
                    closed = true;
                }
                _ => break,
            }
        }
        let had_space = k > end;
        let boundary = match char_at(seg, k) {
            None => true,
            Some(next) if !had_space => {
                // Glued: "khó khăn.Tuy nhiên", "sao?Ông": a lower-case word before (not a domain
                // name), a capitalised word after.
                stops == 1
                    && !closed
                    && char_before(seg, t0).is_some_and(char::is_lowercase)
                    && !token_before(seg, t0).0.contains('.')
                    && next.is_uppercase()
                    && char_at(seg, k + next.len_utf8()).is_some_and(char::is_lowercase)
            }
            Some(next) => {
                is_starter(next)
                    && !(next == '\'' && sq)
                    && !(c == '.' && stops == 1 && !closed && stop_is_not_final(seg, t0))
            }
        };
        if boundary {
            push_trimmed(&mut out, seg, start, end, span.start);
            start = end;
        }
        i = k.max(t0 + len);
    }
    push_trimmed(&mut out, seg, start, n, span.start);
    out
}

/// Pushes `seg[a..b]` trimmed; a piece with no letter or digit (a stray quote, a run of dots) joins
/// the sentence before it when there is one.
fn push_trimmed(out: &mut Vec<Span>, seg: &str, a: usize, b: usize, base: usize) {
    let piece = &seg[a..b];
    // A bullet is not part of its sentence.
    let t = piece.trim_start_matches(|c: char| is_space(c) || is_bullet(c));
    let lead = piece.len() - t.len();
    let t = t.trim_end_matches(is_space);
    if t.is_empty() {
        return;
    }
    let sp = Span::new(base + a + lead, base + a + lead + t.len());
    if !t.chars().any(char::is_alphanumeric)
        && let Some(prev) = out.last_mut()
    {
        prev.end = sp.end;
        return;
    }
    out.push(sp);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        split(s, Span::new(0, s.len()))
            .into_iter()
            .map(|sp| sp.of(s))
            .collect()
    }

    #[test]
    fn numbers_and_abbreviations_do_not_split() {
        let s = "Hơn 3.000 cán bộ ở TP. Hồ Chí Minh tham gia, giảm 16,05% so với ngày 30/5/2019. Đồng chí Nguyễn Văn An phát biểu.";
        assert_eq!(sents(s).len(), 2);
        assert_eq!(sents("Đảng ủy Công an T.Ư chỉ đạo. Sau đó họp.").len(), 2);
        assert_eq!(
            sents("Dự có PGS.TS. Lê Văn Tâm và ThS. Trần Thị Hoa, Th.S Ngô An. Hội nghị bắt đầu.")
                .len(),
            2
        );
        assert_eq!(sents("Ông H. Dũng phát biểu. Hội nghị bế mạc.").len(), 2);
        assert_eq!(sents("Sơ kết quý I. Đồng chí Tâm phát biểu.").len(), 2);
        assert_eq!(sents("Đại hội khóa X. Ông V. Hòa dự.").len(), 2);
    }

    #[test]
    fn city_codes_end_sentences() {
        assert_eq!(
            sents("Đoàn làm việc tại TP.HCM. Sau đó đoàn về Hòa Lạc."),
            vec!["Đoàn làm việc tại TP.HCM.", "Sau đó đoàn về Hòa Lạc."]
        );
    }

    #[test]
    fn quotes_and_ellipsis() {
        let s = "Ông nói: “Phải làm ngay. Không chờ đợi.” Sau đó đoàn về… Ngày mai họp tiếp.";
        assert_eq!(
            sents(s),
            vec![
                "Ông nói: “Phải làm ngay.",
                "Không chờ đợi.”",
                "Sau đó đoàn về…",
                "Ngày mai họp tiếp."
            ]
        );
        let s = "Ông nói: \"Phải làm ngay. \" Sau đó họp... tiếp tục bàn. Xong.";
        assert_eq!(
            sents(s),
            vec![
                "Ông nói: \"Phải làm ngay. \"",
                "Sau đó họp... tiếp tục bàn.",
                "Xong."
            ]
        );
        assert_eq!(
            sents("“Làm ngay!”, ông nói. Xong."),
            vec!["“Làm ngay!”, ông nói.", "Xong."]
        );
    }

    #[test]
    fn glued_stop_and_end_marks() {
        assert_eq!(
            sents("Còn khó khăn.Tuy nhiên đã xong."),
            vec!["Còn khó khăn.", "Tuy nhiên đã xong."]
        );
        assert_eq!(
            sents("Đã họp xong./. Lê Văn Tâm"),
            vec!["Đã họp xong./.", "Lê Văn Tâm"]
        );
        assert_eq!(
            sents("Trang web hoalac.vn.Com là giả."),
            vec!["Trang web hoalac.vn.Com là giả."]
        );
    }

    #[test]
    fn lists_and_bullets() {
        assert_eq!(
            sents(
                "Nhiệm vụ gồm: 1. Tăng cường kiểm tra; 2. Báo cáo kết quả. - Đẩy mạnh tuyên truyền. • Rà soát hồ sơ"
            ),
            vec![
                "Nhiệm vụ gồm: 1. Tăng cường kiểm tra; 2. Báo cáo kết quả.",
                "- Đẩy mạnh tuyên truyền.",
                "Rà soát hồ sơ"
            ]
        );
        assert_eq!(
            sents("Kết quả năm 2023. 2. Toyota"),
            vec!["Kết quả năm 2023.", "2. Toyota"]
        );
        // A numbered item of a second or third level keeps its number.
        assert_eq!(
            sents("2.1. Tập trung chỉ đạo. 2.1.3. Rà soát hồ sơ."),
            vec!["2.1. Tập trung chỉ đạo.", "2.1.3. Rà soát hồ sơ."]
        );
    }

    #[test]
    fn glued_captions_and_subheadings() {
        assert_eq!(
            sents(
                "Lãnh đạo tỉnh giao việc cho các sở Sáng 6-2, UBND tỉnh họp. Ông Hòa Sáng được giao việc."
            ),
            vec![
                "Lãnh đạo tỉnh giao việc cho các sở",
                "Sáng 6-2, UBND tỉnh họp.",
                "Ông Hòa Sáng được giao việc."
            ]
        );
        assert_eq!(
            sents("Siết kỷ cương hành chính Bên cạnh kết quả đạt được, còn tồn tại."),
            vec![
                "Siết kỷ cương hành chính",
                "Bên cạnh kết quả đạt được, còn tồn tại."
            ]
        );
        assert_eq!(
            sents("Xây dựng nông thôn mới bền vững Trong thời gian tới, huyện gặp khó khăn."),
            vec!["Xây dựng nông thôn mới bền vững", "Trong thời gian tới, huyện gặp khó khăn."]
        );
        assert_eq!(
            sents("Chi bộ chúc mừng đồng chí Lê Văn Tâm Đồng chí Lê Văn Tâm hứa sẽ phấn đấu."),
            vec!["Chi bộ chúc mừng đồng chí Lê Văn Tâm", "Đồng chí Lê Văn Tâm hứa sẽ phấn đấu."]
        );
        assert_eq!(
            sents("Giải quyết vấn đề dân sinh  Phát biểu kết luận, ông Tâm nói."),
            vec![
                "Giải quyết vấn đề dân sinh",
                "Phát biểu kết luận, ông Tâm nói."
            ]
        );
        assert_eq!(
            sents("Đoàn làm việc với tỉnh  Hòa Lạc."),
            vec!["Đoàn làm việc với tỉnh  Hòa Lạc."]
        );
        assert_eq!(
            sents("Đổi mới cách làm Về công tác dân vận, huyện đạt kết quả tốt."),
            vec!["Đổi mới cách làm", "Về công tác dân vận, huyện đạt kết quả tốt."]
        );
        // A full name after "Ông", "Bà", "Đại biểu" opens a sentence; a place or a body does not.
        assert_eq!(
            sents("Không được chọn Ông Đào Văn Khiêm cho rằng người bệnh không được chọn."),
            vec!["Không được chọn", "Ông Đào Văn Khiêm cho rằng người bệnh không được chọn."]
        );
        assert_eq!(
            sents("Đoàn làm việc ở phố Bà Triệu, ở tỉnh Bà Rịa Vũng Tàu và với các Đại biểu Quốc hội."),
            vec!["Đoàn làm việc ở phố Bà Triệu, ở tỉnh Bà Rịa Vũng Tàu và với các Đại biểu Quốc hội."]
        );
    }

    #[test]
    fn a_bracketed_title_opening_a_sentence_is_its_own_piece() {
        assert_eq!(
            sents("[Tỉnh Hòa Lạc khánh thành cầu mới] Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng kiểm tra."),
            ["[Tỉnh Hòa Lạc khánh thành cầu mới]", "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng kiểm tra."]
        );
        // Inside a sentence, or before a lower-case word, a bracket stays where it is.
        assert_eq!(sents("Theo báo cáo [1] của Sở, việc này xong."), ["Theo báo cáo [1] của Sở, việc này xong."]);
        assert_eq!(sents("[ghi chú] tiếp theo."), ["[ghi chú] tiếp theo."]);
    }

    #[test]
    fn only_punctuation_joins_the_sentence_before() {
        assert_eq!(sents("Xong. ” ”"), vec!["Xong. ” ”"]);
        assert_eq!(sents("....."), vec!["....."]);
        assert_eq!(sents(""), Vec::<&str>::new());
    }

    #[test]
    fn large_inputs_stay_correct() {
        let dots = ".".repeat(1_000_000);
        assert_eq!(
            split(&dots, Span::new(0, dots.len())),
            vec![Span::new(0, dots.len())]
        );
        let abc = "a.".repeat(500_000);
        assert_eq!(split(&abc, Span::new(0, abc.len())).len(), 1);
        let one = "Hội nghị bắt đầu lúc 8 giờ. ".repeat(200_000);
        assert_eq!(split(&one, Span::new(0, one.len())).len(), 200_000);
        let q = format!("{}Xong.{}", "“".repeat(30_000), "”".repeat(30_000));
        assert_eq!(split(&q, Span::new(0, q.len())).len(), 1);
    }
}
