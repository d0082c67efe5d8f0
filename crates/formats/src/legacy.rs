//! Legacy Vietnamese encodings → Unicode (NFC): TCVN3 (ABC), VNI-Windows, VIQR, VISCII and
//! Windows-1258.
//!
//! The tables are data files (`data/legacy/*.tsv`, written by `data/legacy/make_tables.py` from the
//! published standards) compiled once at first use. Word, RTF and PDF files keep legacy text as
//! Windows-1252 characters of the legacy bytes, so [`decode_chars`] maps such characters back to
//! their bytes first. Which text is legacy is decided by the caller from fonts ([`font_encoding`])
//! or by [`detect`] / [`repair`] from the letters themselves: a legacy font name over Unicode text
//! is not legacy text.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::quality;

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Legacy {
    /// TCVN 5712:1993 (VN3, the ABC fonts .VnTime, .VnArial…).
    Tcvn3,
    /// VNI-Windows (VNI-Times…): a letter and a mark byte.
    Vni,
    /// VIQR: ASCII mnemonics (a( a^ o+ dd, tones ' ` ? ~ .).
    Viqr,
    /// VISCII (RFC 1456).
    Viscii,
    /// Windows-1258 (base letters and combining tone marks).
    Windows1258,
}

impl Legacy {
    /// Every encoding, in the order [`detect`] tries them.
    pub const ALL: [Legacy; 5] = [Legacy::Tcvn3, Legacy::Vni, Legacy::Viscii, Legacy::Windows1258, Legacy::Viqr];

    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI-Windows",
            Legacy::Viqr => "VIQR",
            Legacy::Viscii => "VISCII",
            Legacy::Windows1258 => "Windows-1258",
        }
    }

    /// Parses a name given on the command line (`tcvn3`, `abc`, `vni`, `viqr`, `viscii`,
    /// `windows-1258`, `cp1258`), case-insensitive.
    pub fn from_name(name: &str) -> Option<Legacy> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "tcvn3" | "tcvn" | "abc" | "tcvn5712" | "vn3" => Some(Legacy::Tcvn3),
            "vni" | "vni-windows" => Some(Legacy::Vni),
            "viqr" => Some(Legacy::Viqr),
            "viscii" => Some(Legacy::Viscii),
            "windows-1258" | "cp1258" | "1258" => Some(Legacy::Windows1258),
            _ => None,
        }
    }
}

/// A byte → text table.
struct ByteTable([Option<&'static str>; 256]);

fn byte_table(data: &'static str) -> ByteTable {
    let mut t = [None; 256];
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        if let Some((hex, s)) = line.split_once('\t')
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            t[b as usize] = Some(s);
        }
    }
    ByteTable(t)
}

static TCVN3: LazyLock<ByteTable> = LazyLock::new(|| byte_table(include_str!("../data/legacy/tcvn3.tsv")));
static VISCII: LazyLock<ByteTable> = LazyLock::new(|| byte_table(include_str!("../data/legacy/viscii.tsv")));

/// A sequence table (VNI, VIQR): decoding finds the longest sequence at each point.
struct SeqTable {
    chars: Vec<&'static str>,
    seqs: Vec<&'static str>,
    matcher: AhoCorasick,
}

/// VIQR's escape: a backslash before a mark keeps it literal ("so+\\." is "sơ.").
const VIQR_MARKS: &[(&str, &str)] =
    &[("\\(", "("), ("\\^", "^"), ("\\+", "+"), ("\\'", "'"), ("\\`", "`"), ("\\?", "?"), ("\\~", "~"), ("\\.", "."), ("\\d", "d"), ("\\D", "D")];

fn seq_table(data: &'static str, escapes: &[(&'static str, &'static str)]) -> SeqTable {
    let (mut chars, mut seqs) = (Vec::new(), Vec::new());
    for (seq, c) in escapes {
        chars.push(*c);
        seqs.push(*seq);
    }
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        if let Some((c, s)) = line.split_once('\t') {
            chars.push(c);
            seqs.push(s);
        }
    }
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&seqs)
        .expect("the VNI/VIQR tables compile");
    SeqTable { chars, seqs, matcher }
}

static VNI: LazyLock<SeqTable> = LazyLock::new(|| seq_table(include_str!("../data/legacy/vni.tsv"), &[]));
static VIQR: LazyLock<SeqTable> = LazyLock::new(|| seq_table(include_str!("../data/legacy/viqr.tsv"), VIQR_MARKS));

/// Font families whose text is legacy-encoded.
static FONTS: LazyLock<Vec<(String, Legacy)>> = LazyLock::new(|| {
    include_str!("../data/legacy/fonts.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let (prefix, enc) = l.split_once('\t')?;
            Some((prefix.to_ascii_lowercase(), Legacy::from_name(enc.trim())?))
        })
        .collect()
});

/// What a font's name says about its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FontEncoding {
    /// The encoding of its text.
    pub encoding: Legacy,
    /// A capitals font (.VnTimeH): lower-case codes display as capitals.
    pub capitals: bool,
}

/// The legacy encoding a font name implies (`.VnTime` → TCVN3, `.VnTimeH` → TCVN3 capitals,
/// `VNI-Times` → VNI), or `None` for a Unicode font. A PDF subset prefix (`ABCDEE+`) is ignored.
pub fn font_encoding(name: &str) -> Option<FontEncoding> {
    let name = name.trim();
    let name = match name.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    };
    let lower = name.to_ascii_lowercase();
    let (_, encoding) = FONTS.iter().find(|(p, _)| lower.starts_with(p.as_str()))?;
    let base = name.split([',', '-']).next().unwrap_or(name);
    let capitals = *encoding == Legacy::Tcvn3 && base.len() > 4 && base.ends_with('H');
    Some(FontEncoding { encoding: *encoding, capitals })
}

/// Windows-1252's characters for bytes 0x80–0x9F (None where the code page has none).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'), None, Some('‚'), Some('ƒ'), Some('„'), Some('…'), Some('†'), Some('‡'),
    Some('ˆ'), Some('‰'), Some('Š'), Some('‹'), Some('Œ'), None, Some('Ž'), None,
    None, Some('‘'), Some('’'), Some('“'), Some('”'), Some('•'), Some('–'), Some('—'),
    Some('˜'), Some('™'), Some('š'), Some('›'), Some('œ'), None, Some('ž'), None,
];

/// The byte a character stands for in text that Windows keeps as code page 1252 (or Latin-1):
/// `None` for a character outside both.
pub fn char_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    if (0x80..0xA0).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH.iter().position(|&h| h == Some(c)).map(|i| 0x80 + i as u8)
}

/// Decodes legacy bytes into NFC text.
pub fn decode_bytes(bytes: &[u8], enc: Legacy) -> String {
    let raw = match enc {
        Legacy::Tcvn3 | Legacy::Viscii => {
            let table = if enc == Legacy::Tcvn3 { &*TCVN3 } else { &*VISCII };
            let mut s = String::with_capacity(bytes.len() * 2);
            for &b in bytes {
                match table.0[b as usize] {
                    Some(t) => s.push_str(t),
                    None => s.push(b as char),
                }
            }
            s
        }
        Legacy::Windows1258 => encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0.into_owned(),
        Legacy::Vni => {
            // VNI bytes as Windows-1252 characters, then the sequences.
            let s = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0;
            replace_seqs(&s, &VNI)
        }
        Legacy::Viqr => replace_seqs(&String::from_utf8_lossy(bytes), &VIQR),
    };
    chidao_text::nfc(&raw).into_owned()
}

fn replace_seqs(s: &str, t: &SeqTable) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in t.matcher.find_iter(s) {
        out.push_str(&s[last..m.start()]);
        out.push_str(t.chars[m.pattern().as_usize()]);
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// Decodes text whose characters stand for legacy bytes (Word, RTF and PDF keep legacy text as
/// the Windows-1252 or Latin-1 characters of its bytes). Characters that stand for no byte are
/// kept. `capitals` upper-cases the result (a .VnTimeH run).
pub fn decode_chars(s: &str, enc: Legacy, capitals: bool) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    let mut bytes = Vec::new();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        if !bytes.is_empty() {
            out.push_str(&decode_bytes(bytes, enc));
            bytes.clear();
        }
    };
    for c in s.chars() {
        match char_byte(c) {
            Some(b) if enc != Legacy::Windows1258 || b >= 0x80 || c.is_ascii() => bytes.push(b),
            _ => {
                flush(&mut bytes, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut bytes, &mut out);
    let out = if capitals { out.to_uppercase() } else { out };
    chidao_text::nfc(&out).into_owned()
}

/// A run of text in a legacy font, converted when its characters stand for legacy bytes and the
/// conversion reads better as Vietnamese than the characters as they are (a legacy font name over
/// Unicode text, "và" in .VnTime, is left alone). Plain ASCII in a capitals font (.VnTimeH) is
/// upper-cased, as it displays. `None`: keep the run as it is.
pub fn convert_run(run: &str, font: FontEncoding) -> Option<String> {
    if !run.chars().all(|c| char_byte(c).is_some()) {
        return None;
    }
    if run.is_ascii() {
        return font.capitals.then(|| run.to_uppercase()).filter(|u| u != run);
    }
    let converted = decode_chars(run, font.encoding, font.capitals);
    let (before, after) = (quality::score(run), quality::score(&converted));
    (after.value() > before.value() || (after.foreign < before.foreign && after.valid >= before.valid)).then_some(converted)
}

/// True when every character of `s` stands for a byte (see [`char_byte`]) and at least one is
/// outside ASCII: text that may be legacy-encoded. Unicode Vietnamese (ạ, ơ, ư…) is not.
pub fn is_byte_text(s: &str) -> bool {
    let mut high = false;
    for c in s.chars() {
        match char_byte(c) {
            None => return false,
            Some(b) => high |= b >= 0x80,
        }
    }
    high
}

/// Encodes NFC text into a legacy encoding (the inverse of [`decode_bytes`]); `None` when a
/// character has no code there. Used by the round-trip tests and to make fixtures.
pub fn encode(s: &str, enc: Legacy) -> Option<Vec<u8>> {
    match enc {
        Legacy::Tcvn3 | Legacy::Viscii => {
            let table = if enc == Legacy::Tcvn3 { &*TCVN3 } else { &*VISCII };
            let mut out = Vec::with_capacity(s.len());
            for c in s.chars() {
                let mut buf = [0; 4];
                let cs = &*c.encode_utf8(&mut buf);
                if let Some(b) = table.0.iter().position(|t| *t == Some(cs)) {
                    out.push(b as u8);
                } else if (c as u32) < 0x100 && table.0[c as usize].is_none() {
                    out.push(c as u8);
                } else {
                    return None;
                }
            }
            Some(out)
        }
        Legacy::Windows1258 => {
            // Windows-1258 has the shaped letters (â ê ô ơ ư ă đ) but writes tones as combining marks.
            use unicode_normalization::UnicodeNormalization;
            let mut decomposed = String::with_capacity(s.len() * 2);
            let (mut base, mut tones) = (String::new(), String::new());
            for c in s.nfd().chain(std::iter::once('\0')) {
                if ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'].contains(&c) {
                    tones.push(c);
                } else if ('\u{300}'..='\u{36F}').contains(&c) {
                    base.push(c);
                } else {
                    decomposed.extend(base.nfc());
                    decomposed.push_str(&tones);
                    base.clear();
                    tones.clear();
                    base.push(c);
                }
            }
            // (the sentinel NUL is left in `base`, never written)
            let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&decomposed);
            (!bad).then(|| bytes.into_owned())
        }
        Legacy::Vni | Legacy::Viqr => {
            let t = if enc == Legacy::Vni { &*VNI } else { &*VIQR };
            let mut text = String::with_capacity(s.len() * 2);
            let skip = if enc == Legacy::Viqr { VIQR_MARKS.len() } else { 0 };
            for c in s.chars() {
                let mut buf = [0; 4];
                let cs = &*c.encode_utf8(&mut buf);
                if enc == Legacy::Viqr
                    && VIQR_MARKS.iter().any(|(_, m)| *m == cs)
                    && text.chars().next_back().is_some_and(|p| match c {
                        'd' | 'D' => p == 'd' || p == 'D',
                        _ => p.is_alphabetic() || "(^+'`?~.".contains(p),
                    })
                {
                    text.push('\\');
                }
                match t.chars[skip..].iter().position(|x| *x == cs) {
                    Some(i) => text.push_str(t.seqs[skip + i]),
                    None => text.push(c),
                }
            }
            if enc == Legacy::Viqr {
                return text.is_ascii().then(|| text.into_bytes());
            }
            let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
            (!bad).then(|| bytes.into_owned())
        }
    }
}

/// The best legacy reading of bytes that are not UTF-8, by how Vietnamese each decoding reads
/// (syllable shapes, tone marks): `None` when no decoding reads as Vietnamese.
pub fn detect(bytes: &[u8]) -> Option<(Legacy, String)> {
    let head = &bytes[..bytes.len().min(256 * 1024)];
    best(Legacy::ALL.iter().filter(|&&e| e != Legacy::Viqr).map(|&e| (e, decode_bytes(head, e))), bytes, |e| decode_bytes(bytes, e))
}

/// For valid Unicode text that is really legacy text shown as Windows-1252 characters (VNI or
/// TCVN3 pasted into a Unicode editor: "Vieät Nam", "ViÖt Nam"), or VIQR: the repaired text.
/// `None` when the text already reads as Vietnamese, or no repair reads better.
pub fn repair(text: &str) -> Option<(Legacy, String)> {
    let head: String = text.chars().take(64 * 1024).collect();
    let now = quality::score(&head);
    if now.vietnamese() {
        return None;
    }
    let candidates = Legacy::ALL.iter().filter_map(|&e| match e {
        Legacy::Viqr => head.is_ascii().then(|| (e, decode_bytes(head.as_bytes(), e))),
        _ => Some((e, decode_chars(&head, e, false))),
    });
    best(candidates, text, |e| match e {
        Legacy::Viqr => decode_bytes(text.as_bytes(), e),
        _ => decode_chars(text, e, false),
    })
}

fn best<T: ?Sized>(
    candidates: impl Iterator<Item = (Legacy, String)>,
    _all: &T,
    full: impl Fn(Legacy) -> String,
) -> Option<(Legacy, String)> {
    let mut winner: Option<(Legacy, f32)> = None;
    for (enc, text) in candidates {
        let s = quality::score(&text);
        if s.vietnamese() && winner.is_none_or(|(_, w)| s.value() > w) {
            winner = Some((enc, s.value()));
        }
    }
    winner.map(|(e, _)| (e, full(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Ủy ban nhân dân tỉnh Hòa Lạc chỉ đạo Công an tỉnh, Sở Tư pháp phối hợp triển khai kế hoạch; \
        ĐỘC LẬP - TỰ DO - HẠNH PHÚC. Đồng chí Vũ Thị Ngọc Ánh, Phó Chủ tịch, yêu cầu các đơn vị ưu tiên xử lý hồ sơ.";

    #[test]
    fn tcvn3_known_codes() {
        // "họ và tên" in .VnTime: ä µ ª.
        assert_eq!(decode_bytes(b"h\xe4 v\xb5 t\xaan", Legacy::Tcvn3), "họ và tên");
        assert_eq!(decode_chars("hä vµ tªn", Legacy::Tcvn3, true), "HỌ VÀ TÊN");
    }

    #[test]
    fn vni_known_sequences() {
        assert_eq!(decode_chars("Vieät Nam", Legacy::Vni, false), "Việt Nam");
        assert_eq!(decode_chars("Ñoàng chí", Legacy::Vni, false), "Đồng chí");
    }

    #[test]
    fn viqr_known() {
        assert_eq!(decode_bytes(b"Vie^.t Nam, dda^'t", Legacy::Viqr), "Việt Nam, đất");
    }

    #[test]
    fn round_trips() {
        let lower = SAMPLE.to_lowercase();
        for enc in Legacy::ALL {
            // TCVN3's ABC fonts have no toned capitals in 0x80-0xFF (capitals come from the
            // .VnTimeH fonts): its sample is in lower case.
            let samples: &[&str] = if enc == Legacy::Tcvn3 { &[&lower] } else { &[SAMPLE, &lower] };
            for s in samples {
                let bytes = encode(s, enc).unwrap_or_else(|| panic!("{enc:?} cannot encode"));
                assert_eq!(decode_bytes(&bytes, enc), *s, "{enc:?}");
            }
        }
        // A capitals font shows the lower-case codes as capitals.
        let bytes = encode(&lower, Legacy::Tcvn3).unwrap();
        let as_chars: String = bytes.iter().map(|&b| b as char).collect();
        assert_eq!(decode_chars(&as_chars, Legacy::Tcvn3, true), SAMPLE.to_uppercase());
    }

    #[test]
    fn every_vietnamese_letter_round_trips() {
        let letters: String = include_str!("../data/legacy/vni.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        for enc in Legacy::ALL {
            let letters = if enc == Legacy::Tcvn3 { letters.chars().filter(|c| !c.is_uppercase()).collect() } else { letters.clone() };
            let bytes = encode(&letters, enc).unwrap_or_else(|| panic!("{enc:?}"));
            assert_eq!(decode_bytes(&bytes, enc), letters, "{enc:?}");
        }
    }

    #[test]
    fn fonts() {
        assert_eq!(font_encoding(".VnTime"), Some(FontEncoding { encoding: Legacy::Tcvn3, capitals: false }));
        assert_eq!(font_encoding(".VnTimeH"), Some(FontEncoding { encoding: Legacy::Tcvn3, capitals: true }));
        assert_eq!(font_encoding("ABCDEE+.VnTime"), Some(FontEncoding { encoding: Legacy::Tcvn3, capitals: false }));
        assert_eq!(font_encoding("VNI-Times"), Some(FontEncoding { encoding: Legacy::Vni, capitals: false }));
        assert_eq!(font_encoding("Times New Roman"), None);
    }

    #[test]
    fn detection() {
        let lower = SAMPLE.to_lowercase();
        for enc in [Legacy::Tcvn3, Legacy::Vni, Legacy::Viscii, Legacy::Windows1258] {
            let sample = if enc == Legacy::Tcvn3 { lower.as_str() } else { SAMPLE };
            let bytes = encode(sample, enc).unwrap();
            let (found, text) = detect(&bytes).unwrap_or_else(|| panic!("{enc:?} not detected"));
            assert_eq!(text, sample, "{enc:?} read as {found:?}");
        }
        assert!(repair(SAMPLE).is_none(), "Unicode Vietnamese is left alone");
        let vni_as_1252 = encoding_rs::WINDOWS_1252.decode(&encode(SAMPLE, Legacy::Vni).unwrap()).0.into_owned();
        assert_eq!(repair(&vni_as_1252).map(|r| r.1).as_deref(), Some(SAMPLE));
        let viqr = String::from_utf8(encode(SAMPLE, Legacy::Viqr).unwrap()).unwrap();
        assert_eq!(repair(&viqr).map(|r| r.1).as_deref(), Some(SAMPLE));
    }
}
