//! From bytes to a document text: encoding checks, BOMs, line breaks, NFC.
//!
//! Documents are untrusted input. Anything that is not text is refused with a [`DecodeError`] that
//! says what was wrong and where; nothing panics and nothing is skipped silently.

use crate::normalize::nfc;

/// Why bytes could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes are not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset} (line {line}); re-encode the file as UTF-8 or pass --lossy")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// 1-based line of that offset.
        line: usize,
    },
    /// A UTF-16 byte-order mark, but the rest is not valid UTF-16.
    #[error("UTF-16 text with an invalid code unit at byte {offset}")]
    InvalidUtf16 {
        /// Byte offset of the bad code unit.
        offset: usize,
    },
    /// Control bytes make up too much of the input for it to be text.
    #[error("binary data, not text ({control} control bytes in the first {checked})")]
    Binary {
        /// Control bytes counted.
        control: usize,
        /// Bytes examined.
        checked: usize,
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
}

impl std::fmt::Display for DecodeWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeWarning::Replaced { count } => write!(f, "{count} invalid UTF-8 sequence(s) replaced by U+FFFD"),
            DecodeWarning::Utf16 => write!(f, "converted from UTF-16"),
            DecodeWarning::NulBytes { count } => write!(f, "{count} NUL byte(s) replaced by spaces"),
        }
    }
}

/// Options for [`decode`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DecodeOptions {
    /// Replace invalid UTF-8 by U+FFFD instead of refusing the input.
    pub lossy: bool,
}

/// Decodes a file's bytes into a document text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM;
/// CRLF and lone CR become LF; the result is NFC.
pub fn decode(bytes: &[u8], opts: DecodeOptions) -> Result<(String, Vec<DecodeWarning>), DecodeError> {
    let mut warnings = Vec::new();
    let text: String = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest, 3, opts, &mut warnings)?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        warnings.push(DecodeWarning::Utf16);
        utf16(&bytes[2..], bytes[0] == 0xFF)?
    } else {
        check_binary(bytes)?;
        utf8(bytes, 0, opts, &mut warnings)?
    };
    let nuls = text.bytes().filter(|&b| b == 0).count();
    let text = if nuls > 0 {
        warnings.push(DecodeWarning::NulBytes { count: nuls });
        text.replace('\0', " ")
    } else {
        text
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    let text = match nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(s) => s,
    };
    Ok((text, warnings))
}

fn utf8(bytes: &[u8], base: usize, opts: DecodeOptions, warnings: &mut Vec<DecodeWarning>) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) if opts.lossy => {
            let _ = e;
            let s = String::from_utf8_lossy(bytes).into_owned();
            let count = s.matches('\u{FFFD}').count();
            warnings.push(DecodeWarning::Replaced { count });
            Ok(s)
        }
        Err(e) => {
            let offset = e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(DecodeError::InvalidUtf8 { offset: offset + base, line })
        }
    }
}

fn utf16(bytes: &[u8], little: bool) -> Result<String, DecodeError> {
    let units = bytes.chunks(2).map(|c| {
        let pair = [c[0], *c.get(1).unwrap_or(&0)];
        if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    });
    let mut out = String::with_capacity(bytes.len());
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => return Err(DecodeError::InvalidUtf16 { offset: 2 + 2 * i }),
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(DecodeError::InvalidUtf16 { offset: 2 + bytes.len() - 1 });
    }
    Ok(out)
}

/// Refuses input whose first 64 KiB is more than 10% control bytes (other than tab, LF, CR, FF, ESC).
fn check_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)).count();
    if head.len() >= 16 && control * 10 > head.len() {
        return Err(DecodeError::Binary { control, checked: head.len() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf() {
        let (t, w) = decode("\u{FEFF}Hà Nội\r\nngày 1\r".as_bytes(), DecodeOptions::default()).unwrap();
        assert_eq!(t, "Hà Nội\nngày 1\n");
        assert!(w.is_empty());
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let e = decode(b"abc\n\xff", DecodeOptions::default()).unwrap_err();
        assert_eq!(e, DecodeError::InvalidUtf8 { offset: 4, line: 2 });
        let (t, _) = decode(b"abc\n\xff", DecodeOptions { lossy: true }).unwrap();
        assert_eq!(t, "abc\n\u{FFFD}");
    }

    #[test]
    fn utf16_le() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Hà".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&b, DecodeOptions::default()).unwrap().0, "Hà");
    }

    #[test]
    fn binary_refused() {
        let b: Vec<u8> = (0..1000u32).map(|i| (i % 7) as u8).collect();
        assert!(matches!(decode(&b, DecodeOptions::default()), Err(DecodeError::Binary { .. })));
    }
}
