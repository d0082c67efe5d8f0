//! HTML pages: the article's text without menus, related links and comments (Readability, through
//! `dom_smoothie`), with the headline, date, byline and source address as metadata. Word-saved
//! HTML (a document, not a page) is read whole. The charset comes from the BOM or the page's
//! `<meta charset>`; legacy Vietnamese text shown as Windows-1252 characters is repaired.

use std::sync::LazyLock;

use regex::Regex;

use crate::builder::{Builder, Loc};
use crate::legacy;
use crate::{Extracted, Format, FormatError, Meta, Options};

/// True when the bytes start (after a BOM and white space) like an HTML page.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    if !head.starts_with(b"<") {
        return false;
    }
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.starts_with("<head") || lower.starts_with("<body") ||
        ((lower.starts_with("<?xml") || lower.starts_with("<!--") || lower.starts_with("<!doctype")) && lower.contains("<html"))
}

static CHARSET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)"#).expect("charset pattern"));
static CANONICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<(?:link[^>]+rel\s*=\s*["']canonical["'][^>]*href|meta[^>]+property\s*=\s*["']og:url["'][^>]*content)\s*=\s*["']([^"']+)["']"#).expect("url pattern")
});
static WORD_HTML: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)urn:schemas-microsoft-com:office:word|<meta[^>]+content\s*=\s*["']?Microsoft Word"#).expect("word pattern"));

pub fn read(bytes: &[u8], opts: &Options) -> Result<Extracted, FormatError> {
    let mut notes = Vec::new();
    let (html, mut encoding) = decode(bytes, opts, &mut notes)?;
    let mut meta = Meta { url: CANONICAL.captures(&html).map(|c| c[1].to_string()), ..Meta::default() };
    let body = if WORD_HTML.is_match(&html) {
        notes.push("Word-saved HTML: read whole".into());
        chidao_text::html_to_text(&html)
    } else {
        match article(&html, &mut meta) {
            Some(t) => {
                notes.push("HTML page: the article's text kept, menus and links dropped (Readability)".into());
                t
            }
            None => {
                notes.push("HTML page: no article found; the whole page's text kept".into());
                chidao_text::html_to_text(&html)
            }
        }
    };
    let body = match legacy_repair(&body) {
        Some((enc, fixed)) => {
            notes.push(format!("legacy text ({}) in the page: converted", enc.name()));
            encoding = format!("{encoding}, {} text inside", enc.name());
            fixed
        }
        None => body,
    };
    let mut b = Builder::default();
    // The headline Readability took out of the article is the text's first line.
    if let Some(title) = meta.title.as_deref().filter(|t| !body.trim_start().starts_with(t.trim())) {
        b.par(title, Loc::Paragraph { n: 0 });
    }
    for (i, p) in unwrap_lines(&body) {
        b.par(&p, Loc::Paragraph { n: i as u32 + 1 });
    }
    let (text, map) = b.finish();
    Ok(Extracted { format: Format::Html, encoding, text, pages: Vec::new(), map, meta, notes })
}

/// The page's lines as paragraphs, each with the number of its first line. A line that starts in
/// lower case after one with no end mark goes on the sentence: a page that keeps a printed
/// text's line wraps (a legal portal's "… của Cộng hòa xã" + "hội chủ nghĩa Việt Nam;"). On a
/// page that shows such wraps (five or more), a line after a long one (a printed line's width)
/// with no end mark goes on too, whatever its case ("… do Chủ tịch Hồ Chí" + "Minh sáng lập").
fn unwrap_lines(body: &str) -> Vec<(usize, String)> {
    /// A printed line's width, in characters: shorter lines are headings or ends of paragraphs.
    const FULL_LINE: usize = 60;
    let lines: Vec<&str> = body.split('\n').map(str::trim).collect();
    // Line i + 1 goes on line i's sentence in lower case.
    let wraps: Vec<bool> = lines.windows(2).map(|w| crate::layout::goes_on(w[0], w[1])).collect();
    let printed = wraps.iter().filter(|&&w| w).count() >= 5;
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, t) in lines.iter().enumerate() {
        let prev = i.checked_sub(1).map_or("", |k| lines[k]);
        let wrapped = i.checked_sub(1).is_some_and(|k| wraps[k]);
        let goes_on = !t.is_empty() && (wrapped || (printed && !crate::layout::ends_sentence(prev) && prev.chars().count() >= FULL_LINE));
        match out.last_mut() {
            Some((_, last)) if goes_on => {
                last.push(' ');
                last.push_str(t);
            }
            _ => out.push((i, (*t).to_string())),
        }
    }
    out
}

fn legacy_repair(text: &str) -> Option<(legacy::Legacy, String)> {
    let vietnamese = text.chars().any(|c| "ăâđêôơưĂÂĐÊÔƠƯ".contains(c) || ('\u{1EA0}'..='\u{1EF9}').contains(&c));
    if vietnamese { None } else { legacy::repair(text) }
}

/// The page as a string: BOM, then `<meta charset>`, then UTF-8, then a legacy encoding.
fn decode(bytes: &[u8], opts: &Options, notes: &mut Vec<String>) -> Result<(String, String), FormatError> {
    if let Some(enc) = opts.encoding {
        return Ok((legacy::decode_bytes(bytes, enc), format!("{} (--encoding)", enc.name())));
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok((enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned(), enc.name().to_string()));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if let Some(c) = CHARSET.captures(&head)
        && let Some(enc) = encoding_rs::Encoding::for_label(c[1].as_bytes())
        && enc != encoding_rs::UTF_8
    {
        let (s, _, bad) = enc.decode(bytes);
        if bad {
            notes.push(format!("some bytes are not {}: replaced", enc.name()));
        }
        return Ok((chidao_text::nfc(&s).into_owned(), enc.name().to_string()));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "UTF-8".into())),
        Err(_) => match legacy::detect(bytes) {
            Some((enc, s)) => {
                notes.push(format!("not UTF-8: read as {} (detected from its letters)", enc.name()));
                Ok((s, enc.name().to_string()))
            }
            None => {
                notes.push("invalid UTF-8 replaced by U+FFFD".into());
                Ok((String::from_utf8_lossy(bytes).into_owned(), "UTF-8 (repaired)".into()))
            }
        },
    }
}

/// Readability's article, as text with one paragraph a line; `None` when it finds too little.
fn article(html: &str, meta: &mut Meta) -> Option<String> {
    let cfg = dom_smoothie::Config { max_elements_to_parse: 0, ..Default::default() };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
    let a = r.parse().ok()?;
    let text = chidao_text::html_to_text(&format!("<html><body>{}</body></html>", a.content));
    if text.chars().filter(|c| c.is_alphabetic()).count() < 200 {
        return None;
    }
    meta.title = Some(a.title.trim().to_string()).filter(|t| !t.is_empty());
    meta.byline = a.byline.map(|b| b.trim().to_string()).filter(|b| !b.is_empty());
    meta.date = a.published_time.or(a.modified_time);
    if meta.url.is_none() {
        meta.url = a.url;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_text_s_line_wraps_are_undone() {
        let body = "Điều 7\n1. Quốc hội phê chuẩn đề nghị bổ nhiệm đại sứ của Cộng hòa xã\nhội chủ nghĩa Việt Nam;\n2. Tổ chức trưng cầu ý dân.\ntheo luật định\nMục 2";
        let got: Vec<String> = unwrap_lines(body).into_iter().map(|(_, p)| p).collect();
        assert_eq!(
            got,
            ["Điều 7", "1. Quốc hội phê chuẩn đề nghị bổ nhiệm đại sứ của Cộng hòa xã hội chủ nghĩa Việt Nam;", "2. Tổ chức trưng cầu ý dân.", "theo luật định", "Mục 2"]
        );
        // A page of printed lines: a long line with no end mark goes on before a capital too.
        let wrapped = "Điều 9\nHội đồng nhân dân tỉnh Hòa Lạc quyết định các biện pháp bảo đảm trật tự, an toàn\nxã hội trên địa bàn tỉnh do Chủ tịch Ủy ban nhân dân tỉnh Hòa Lạc trình lên Hội đồng\nNhân dân xem xét.\n".repeat(5);
        let got: Vec<String> = unwrap_lines(&wrapped).into_iter().map(|(_, p)| p).filter(|p| !p.is_empty()).collect();
        assert_eq!(got.len(), 10, "{got:#?}");
        assert!(got[1].ends_with("trình lên Hội đồng Nhân dân xem xét."), "{got:#?}");
    }
}
