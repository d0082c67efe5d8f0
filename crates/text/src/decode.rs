//! From bytes to a document text: encoding checks, BOMs, line breaks, HTML, NFC.
//!
//! Documents are untrusted input. Anything that is not text is refused with a [`DecodeError`] that
//! says what was wrong and where; nothing panics and nothing is skipped silently: what decoding
//! changed is reported as [`DecodeWarning`]s.
//!
//! * UTF-8, with or without a BOM. Invalid UTF-8 is refused (or replaced by U+FFFD with `lossy`).
//! * UTF-16 LE/BE with a BOM, and without one when the NUL bytes show it (every other byte NUL in
//!   mostly-ASCII text). UTF-32 is refused.
//! * Known binary formats (PNG, JPEG, GIF, PDF, ZIP/Office, gzip, ELF…) and inputs full of control
//!   bytes are refused. Scattered NUL bytes in otherwise valid text become spaces.
//! * An HTML page (it starts with `<!DOCTYPE html`, `<html`, `<head` or `<body`) is turned into its
//!   text: scripts, styles and comments dropped, block elements (`p`, `div`, `br`, `li`, headings…)
//!   become line breaks, character references are decoded. Spans then refer to that text.
//! * CRLF and lone CR become LF; the result is NFC.

use crate::normalize::nfc;

/// Why bytes could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes are not valid UTF-8.
    #[error(
        "invalid UTF-8 at byte {offset} (line {line}); the file is not UTF-8 (a legacy encoding such as Windows-1258, TCVN3 or VNI?): re-encode it as UTF-8, or pass --lossy to replace bad bytes"
    )]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// 1-based line of that offset.
        line: usize,
    },
    /// The input ends in the middle of a UTF-8 sequence.
    #[error(
        "truncated UTF-8: the last character, at byte {offset}, is incomplete (the file was cut short?); pass --lossy to replace it"
    )]
    TruncatedUtf8 {
        /// Byte offset of the incomplete sequence.
        offset: usize,
    },
    /// UTF-16 text (with a BOM or recognised by its NUL bytes) that is not valid UTF-16.
    #[error("UTF-16 text with an invalid code unit at byte {offset}")]
    InvalidUtf16 {
        /// Byte offset of the bad code unit.
        offset: usize,
    },
    /// A UTF-32 byte-order mark.
    #[error("UTF-32 text is not supported; re-encode the file as UTF-8")]
    Utf32,
    /// Control bytes make up too much of the input for it to be text.
    #[error("binary data, not text ({control} control bytes in the first {checked})")]
    Binary {
        /// Control bytes counted.
        control: usize,
        /// Bytes examined.
        checked: usize,
    },
    /// The input starts with the signature of a known binary format.
    #[error("binary data, not text: this is a {format} file")]
    BinaryFormat {
        /// The format recognised ("PNG image", "PDF document"…).
        format: &'static str,
    },
}

/// What decoding changed, for the caller to report.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeWarning {
    /// Invalid UTF-8 was replaced by U+FFFD (only with `lossy`).
    Replaced {
        /// Number of replacement characters inserted.
        count: usize,
    },
    /// The input was UTF-16 and has been converted.
    Utf16,
    /// NUL bytes were found and turned into spaces.
    NulBytes {
        /// How many.
        count: usize,
    },
    /// The input was an HTML page; its text was extracted.
    Html,
    /// The input holds no text (empty or white space only).
    Empty,
}

impl std::fmt::Display for DecodeWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeWarning::Replaced { count } => {
                write!(f, "{count} invalid UTF-8 sequence(s) replaced by U+FFFD")
            }
            DecodeWarning::Utf16 => write!(f, "converted from UTF-16"),
            DecodeWarning::NulBytes { count } => {
                write!(f, "{count} NUL byte(s) replaced by spaces")
            }
            DecodeWarning::Html => {
                write!(f, "HTML page: tags, scripts and styles removed, text kept")
            }
            DecodeWarning::Empty => write!(f, "no text in the input"),
        }
    }
}

/// Options for [`decode`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DecodeOptions {
    /// Replace invalid UTF-8 by U+FFFD instead of refusing the input.
    pub lossy: bool,
}

/// Signatures of binary formats that are sometimes given a `.txt` name.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"\x1F\x8B", "gzip archive"),
    (b"\x7FELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "legacy Office document",
    ),
    (b"{\\rtf", "RTF document"),
    (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
    (b"Rar!\x1A\x07", "RAR archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xFD7zXZ\x00", "xz archive"),
    (b"SQLite format 3\x00", "SQLite database"),
];

/// Decodes a file's bytes into a document text (see the module documentation).
pub fn decode(
    bytes: &[u8],
    opts: DecodeOptions,
) -> Result<(String, Vec<DecodeWarning>), DecodeError> {
    let mut warnings = Vec::new();
    let text: String =
        if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
            return Err(DecodeError::Utf32);
        } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            utf8(rest, 3, opts, &mut warnings)?
        } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            warnings.push(DecodeWarning::Utf16);
            utf16(&bytes[2..], bytes[0] == 0xFF, 2)?
        } else if let Some(little) = utf16_without_bom(bytes) {
            warnings.push(DecodeWarning::Utf16);
            utf16(bytes, little, 0)?
        } else {
            if let Some(&(_, format)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
                return Err(DecodeError::BinaryFormat { format });
            }
            check_binary(bytes)?;
            utf8(bytes, 0, opts, &mut warnings)?
        };
    // (`contains` on bytes is a memchr: most texts have no NUL to count.)
    let nuls = if text.as_bytes().contains(&0) { text.bytes().filter(|&b| b == 0).count() } else { 0 };
    let text = if nuls > 0 {
        warnings.push(DecodeWarning::NulBytes { count: nuls });
        text.replace('\0', " ")
    } else {
        text
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let text = if looks_like_html(&text) {
        warnings.push(DecodeWarning::Html);
        html_to_text(&text)
    } else {
        text
    };
    let text = match nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(s) => s,
    };
    if text.chars().all(crate::normalize::is_space) {
        warnings.push(DecodeWarning::Empty);
    }
    Ok((text, warnings))
}

fn utf8(
    bytes: &[u8],
    base: usize,
    opts: DecodeOptions,
    warnings: &mut Vec<DecodeWarning>,
) -> Result<String, DecodeError> {
    // Checked with SIMD; the error says where the text goes wrong, as the standard library's does.
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) if opts.lossy => {
            let s = String::from_utf8_lossy(bytes).into_owned();
            let count = s.matches('\u{FFFD}').count()
                - bytes.windows(3).filter(|w| *w == b"\xEF\xBF\xBD").count();
            warnings.push(DecodeWarning::Replaced { count });
            Ok(s)
        }
        Err(e) => {
            let offset = e.valid_up_to();
            if e.error_len().is_none() {
                return Err(DecodeError::TruncatedUtf8 {
                    offset: offset + base,
                });
            }
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(DecodeError::InvalidUtf8 {
                offset: offset + base,
                line,
            })
        }
    }
}

/// UTF-16 without a BOM: in the first 4 KiB, most bytes at odd (LE) or even (BE) offsets are NUL
/// and almost none at the others, as in mostly-ASCII text. Returns `Some(little_endian)`.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= pairs * 3 && even * 20 <= pairs {
        Some(true)
    } else if even * 10 >= pairs * 3 && odd * 20 <= pairs {
        Some(false)
    } else {
        None
    }
}

fn utf16(bytes: &[u8], little: bool, base: usize) -> Result<String, DecodeError> {
    let units = bytes.chunks_exact(2).map(|c| {
        let pair = [c[0], c[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut out = String::with_capacity(bytes.len());
    let mut at = 0usize;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                at += c.len_utf16();
            }
            Err(_) => {
                return Err(DecodeError::InvalidUtf16 {
                    offset: base + 2 * at,
                });
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(DecodeError::InvalidUtf16 {
            offset: base + bytes.len() - 1,
        });
    }
    Ok(out)
}

/// Refuses input whose first 64 KiB is more than 10% control bytes (other than tab, LF, CR, FF,
/// ESC and NUL), or more than 30% NUL.
fn check_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    let nul = head.iter().filter(|&&b| b == 0).count();
    if head.len() >= 16 && (control * 10 > head.len() || nul * 10 > head.len() * 3) {
        return Err(DecodeError::Binary {
            control: control + nul,
            checked: head.len(),
        });
    }
    Ok(())
}

/// True when the text starts (after white space) like an HTML page.
fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let head = t.get(..t.len().min(16)).unwrap_or("").to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<?xml"]
        .iter()
        .any(|p| head.starts_with(p))
        && (head.starts_with("<?xml")
            && t.get(..t.len().min(512))
                .is_some_and(|h| h.to_ascii_lowercase().contains("<html"))
            || !head.starts_with("<?xml"))
}

/// Elements whose content is not text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object",
];
/// Elements that break lines.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "blockquote",
    "figure",
    "figcaption",
    "hr",
    "dd",
    "dt",
    "dl",
    "nav",
    "aside",
    "main",
    "form",
    "pre",
    "address",
    "caption",
    "body",
    "head",
    "html",
];

/// The text of an HTML page (linear: each byte is looked at a bounded number of times).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let b = html.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        match b[i] {
            b'<' => {
                if html[i..].starts_with("<!--") {
                    i = html[i + 4..].find("-->").map_or(n, |j| i + 4 + j + 3);
                    continue;
                }
                let Some(close) = html[i..].find('>').map(|j| i + j) else {
                    out.push_str(&html[i..]);
                    break;
                };
                let inner = &html[i + 1..close];
                let end_tag = inner.starts_with('/');
                let name: String = inner
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .take(12)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if name.is_empty() && !end_tag && !inner.starts_with('!') && !inner.starts_with('?')
                {
                    // A lone "<" in text.
                    out.push('<');
                    i += 1;
                    continue;
                }
                i = close + 1;
                if !end_tag && SKIPPED.contains(&name.as_str()) && !inner.ends_with('/') {
                    // Skip to the matching end tag (ASCII case-insensitive).
                    let pat = format!("</{name}");
                    let mut j = i;
                    i = n;
                    while let Some(k) = html[j..].find("</") {
                        let at = j + k;
                        if html.len() >= at + pat.len()
                            && html[at..at + pat.len()].eq_ignore_ascii_case(&pat)
                        {
                            i = html[at..].find('>').map_or(n, |e| at + e + 1);
                            break;
                        }
                        j = at + 2;
                    }
                    continue;
                }
                if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') {
                    out.push('\n');
                } else if matches!(name.as_str(), "td" | "th") && !out.ends_with([' ', '\n']) {
                    out.push(' ');
                }
            }
            b'&' => {
                let semi = html[i + 1..]
                    .char_indices()
                    .take(12)
                    .find(|&(_, c)| c == ';' || c.is_whitespace() || c == '&');
                match semi
                    .filter(|&(_, c)| c == ';')
                    .and_then(|(j, _)| entity(&html[i + 1..i + 1 + j]).map(|c| (j, c)))
                {
                    Some((j, c)) => {
                        out.push(c);
                        i += j + 2;
                    }
                    None => {
                        out.push('&');
                        i += 1;
                    }
                }
            }
            _ => {
                // Copy the run of plain text up to the next markup.
                let j = html[i..].find(['<', '&']).map_or(n, |j| i + j);
                out.push_str(&html[i..j]);
                i = j;
            }
        }
    }
    // HTML white space is insignificant: runs of spaces collapse, lines are trimmed, blank lines
    // collapse to one.
    let mut clean = String::with_capacity(out.len());
    for line in out.split('\n') {
        let words: Vec<&str> = line.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            continue;
        }
        if !clean.is_empty() {
            clean.push('\n');
        }
        clean.push_str(&words.join(" "));
    }
    if !clean.is_empty() {
        clean.push('\n');
    }
    clean
}

/// A character reference's char (`amp`, `#44`, `#x1EA1`, `agrave`…).
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(v).filter(|&c| c != '\0');
    }
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{A0}'),
        ("hellip", '…'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("bull", '•'),
        ("middot", '·'),
        ("deg", '°'),
        ("agrave", 'à'),
        ("aacute", 'á'),
        ("acirc", 'â'),
        ("atilde", 'ã'),
        ("egrave", 'è'),
        ("eacute", 'é'),
        ("ecirc", 'ê'),
        ("igrave", 'ì'),
        ("iacute", 'í'),
        ("ograve", 'ò'),
        ("oacute", 'ó'),
        ("ocirc", 'ô'),
        ("otilde", 'õ'),
        ("ugrave", 'ù'),
        ("uacute", 'ú'),
        ("yacute", 'ý'),
        ("Agrave", 'À'),
        ("Aacute", 'Á'),
        ("Acirc", 'Â'),
        ("Atilde", 'Ã'),
        ("Egrave", 'È'),
        ("Eacute", 'É'),
        ("Ecirc", 'Ê'),
        ("Igrave", 'Ì'),
        ("Iacute", 'Í'),
        ("Ograve", 'Ò'),
        ("Oacute", 'Ó'),
        ("Ocirc", 'Ô'),
        ("Otilde", 'Õ'),
        ("Ugrave", 'Ù'),
        ("Uacute", 'Ú'),
        ("Yacute", 'Ý'),
        ("dstrok", 'đ'),
        ("Dstrok", 'Đ'),
        ("abreve", 'ă'),
        ("Abreve", 'Ă'),
        ("utilde", 'ũ'),
        ("Utilde", 'Ũ'),
        ("itilde", 'ĩ'),
        ("Itilde", 'Ĩ'),
        ("copy", '©'),
        ("reg", '®'),
        ("times", '×'),
        ("frac12", '½'),
        ("euro", '€'),
        ("zwnj", '\u{200C}'),
        ("zwj", '\u{200D}'),
        ("shy", '\u{AD}'),
        ("thinsp", '\u{2009}'),
        ("ensp", '\u{2002}'),
        ("emsp", '\u{2003}'),
    ];
    NAMED.iter().find(|(k, _)| *k == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(b: &[u8]) -> (String, Vec<DecodeWarning>) {
        decode(b, DecodeOptions::default()).unwrap()
    }

    proptest::proptest! {
        /// The SIMD check takes what the standard library's takes, and refuses what it refuses.
        #[test]
        fn utf8_agrees_with_the_standard_check(s in "[a-zà-ỹ \n]{0,200}", cut in 0usize..400, junk in proptest::prelude::any::<u8>(), spoil in proptest::prelude::any::<bool>()) {
            let mut b = s.into_bytes();
            if spoil {
                b.insert(cut.min(b.len()), junk);
            }
            let got = utf8(&b, 0, DecodeOptions::default(), &mut Vec::new());
            let want = std::str::from_utf8(&b);
            proptest::prop_assert_eq!(got.is_ok(), want.is_ok());
            if let (Ok(g), Ok(w)) = (got, want) {
                proptest::prop_assert_eq!(g, w);
            }
        }
    }

    #[test]
    fn bom_and_crlf() {
        let (t, w) = ok("\u{FEFF}Hà Nội\r\nngày 1\r".as_bytes());
        assert_eq!(t, "Hà Nội\nngày 1\n");
        assert!(w.is_empty());
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let e = decode(b"abc\n\xff", DecodeOptions::default()).unwrap_err();
        assert_eq!(e, DecodeError::InvalidUtf8 { offset: 4, line: 2 });
        assert!(e.to_string().contains("byte 4 (line 2)"));
        let (t, w) = decode(b"abc\n\xff", DecodeOptions { lossy: true }).unwrap();
        assert_eq!(t, "abc\n\u{FFFD}");
        assert_eq!(w, vec![DecodeWarning::Replaced { count: 1 }]);
    }

    #[test]
    fn truncated_utf8() {
        let mut b = "Đồng chí".as_bytes().to_vec();
        b.pop();
        assert!(matches!(
            decode(&b, DecodeOptions::default()),
            Err(DecodeError::TruncatedUtf8 { .. })
        ));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let enc = |little: bool, bom: bool| {
            let mut b = if bom {
                if little {
                    vec![0xFF, 0xFE]
                } else {
                    vec![0xFE, 0xFF]
                }
            } else {
                vec![]
            };
            for u in "Hà Lạc, ngày 5/4: UBND tỉnh họp.".encode_utf16() {
                b.extend(if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                });
            }
            b
        };
        for little in [true, false] {
            for bom in [true, false] {
                let (t, w) = ok(&enc(little, bom));
                assert_eq!(
                    t, "Hà Lạc, ngày 5/4: UBND tỉnh họp.",
                    "little={little} bom={bom}"
                );
                assert!(w.contains(&DecodeWarning::Utf16));
            }
        }
        assert_eq!(
            decode(b"\xFF\xFE\x00\x00a\x00\x00\x00", DecodeOptions::default()),
            Err(DecodeError::Utf32)
        );
    }

    #[test]
    fn binary_refused() {
        let b: Vec<u8> = (0..1000u32).map(|i| (i % 7) as u8).collect();
        assert!(matches!(
            decode(&b, DecodeOptions::default()),
            Err(DecodeError::Binary { .. })
        ));
        let e = decode(b"\x89PNG\r\n\x1a\n\x00\x01", DecodeOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "binary data, not text: this is a PNG image file"
        );
    }

    #[test]
    fn scattered_nul_bytes_become_spaces() {
        let mut b = "Sáng 5/4, Tỉnh ủy họp bàn công tác. "
            .repeat(4)
            .into_bytes();
        b.splice(10..10, [0u8; 20]);
        let (t, w) = ok(&b);
        assert!(!t.contains('\0'));
        assert_eq!(w, vec![DecodeWarning::NulBytes { count: 20 }]);
    }

    #[test]
    fn html_page_to_text() {
        let h = "<!DOCTYPE html><html><head><title>Tin</title><script>var x='<p>';</script><style>p{}</style></head><body><!-- c --><div>Chia sẻ</div><p>Đồng chí&nbsp;Lê Văn Tâm&#44; Giám đốc Công an tỉnh Hòa L&#7841;c, ch&#x1EE7; trì.</p><p>A &amp; B &unknown; &lt;3</p></body></html>";
        let (t, w) = ok(h.as_bytes());
        assert_eq!(
            t,
            "Tin\nChia sẻ\nĐồng chí\u{A0}Lê Văn Tâm, Giám đốc Công an tỉnh Hòa Lạc, chủ trì.\nA & B &unknown; <3\n"
        );
        assert_eq!(w, vec![DecodeWarning::Html]);
        // Text that merely mentions a tag is not HTML.
        assert_eq!(ok(b"Trang <p> ghi sai.").0, "Trang <p> ghi sai.");
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(ok(b"").1, vec![DecodeWarning::Empty]);
        assert_eq!(ok(b" \n\t\r\n \xc2\xa0\n").1, vec![DecodeWarning::Empty]);
    }
}
