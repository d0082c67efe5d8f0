//! Plain text: `chidao_text::decode` (UTF-8, UTF-16, HTML-looking text, NFC), and legacy
//! encodings where the bytes say so (not UTF-8 but a legacy table reads them as Vietnamese; or
//! valid Unicode that is really VNI/TCVN3 shown as Windows-1252 characters, or VIQR).

use chidao_text::{DecodeError, DecodeOptions, decode};

use crate::builder::Loc;
use crate::legacy::{self, Legacy};
use crate::{Extracted, Format, FormatError, Meta, Options};

pub fn read(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let mut notes = Vec::new();
    let (text, encoding) = if let Some(enc) = opts.encoding {
        (lf(legacy::decode_bytes(bytes, enc)), format!("{} (--encoding)", enc.name()))
    } else {
        match decode(bytes, DecodeOptions { lossy: false }) {
            Ok((text, warnings)) => {
                notes.extend(warnings.iter().map(|w| w.to_string()));
                match repair(&text) {
                    Some((enc, fixed)) => {
                        notes.push(format!("legacy text ({}) stored as Unicode characters: converted", enc.name()));
                        (fixed, format!("{} (inside Unicode)", enc.name()))
                    }
                    None => (text, "UTF-8".to_string()),
                }
            }
            Err(e @ (DecodeError::InvalidUtf8 { .. } | DecodeError::TruncatedUtf8 { .. })) => match legacy::detect(bytes) {
                Some((enc, text)) => {
                    notes.push(format!("not UTF-8: read as {} (detected from its letters)", enc.name()));
                    (lf(text), enc.name().to_string())
                }
                None if opts.lossy => {
                    let (text, warnings) = decode(bytes, DecodeOptions { lossy: true })?;
                    notes.extend(warnings.iter().map(|w| w.to_string()));
                    (text, "UTF-8 (repaired)".to_string())
                }
                None => return Err(e.into()),
            },
            Err(e) => return Err(e.into()),
        }
    };
    let map = line_map(&text);
    Ok(Extracted { format: Format::Text, encoding, text, pages: Vec::new(), map, meta: Meta::default(), notes })
}

/// Only text with no Vietnamese letter beyond ASCII is worth a repair attempt (fast path).
fn repair(text: &str) -> Option<(Legacy, String)> {
    let vietnamese_letters = text.chars().any(|c| "ăâđêôơưĂÂĐÊÔƠƯ".contains(c) || ('\u{1EA0}'..='\u{1EF9}').contains(&c));
    if vietnamese_letters {
        return None;
    }
    legacy::repair(text).map(|(e, t)| (e, lf(t)))
}

fn lf(text: String) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text }
}

/// One origin per non-empty line.
fn line_map(text: &str) -> Vec<crate::Origin> {
    let mut map = Vec::new();
    let mut at = 0;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_end();
        if !trimmed.trim().is_empty() {
            map.push(crate::Origin { start: at, end: at + trimmed.len(), loc: Loc::Line { n: i as u32 + 1 } });
        }
        at += line.len() + 1;
    }
    map
}

