//! What the input says about a document besides its text: a corpus line's `date`, `published`,
//! `source` and `url` fields, the upload form's. Checked once where it is read; extraction uses it
//! where the text says nothing (an undated document is not given a date it does not have).

/// A document's metadata from its input (all optional; dates as ISO `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocInfo {
    /// The date of what the document reports (or of the document itself).
    pub date: Option<String>,
    /// When it was published.
    pub published: Option<String>,
    /// Who published it (a newspaper, an office).
    pub source: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
}

/// Why a metadata field was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{field}\": {why}")]
pub struct InfoError {
    /// The field.
    pub field: &'static str,
    /// What was wrong.
    pub why: String,
}

/// The longest source or URL kept.
const MAX_FIELD: usize = 2000;

impl DocInfo {
    /// Checks and normalises raw fields: dates to ISO (`2024-05-14`, `2024-05`, `2024`; a time
    /// after the day, as in `2024-05-14T08:30:00+07:00`, and `14/5/2024` are accepted), blank
    /// fields dropped, no control characters, at most 2,000 characters.
    pub fn new(
        date: Option<&str>,
        published: Option<&str>,
        source: Option<&str>,
        url: Option<&str>,
    ) -> Result<DocInfo, InfoError> {
        Ok(DocInfo {
            date: blank(date).map(|d| iso_date(d).ok_or_else(|| bad_date("date", d))).transpose()?,
            published: blank(published).map(|d| iso_date(d).ok_or_else(|| bad_date("published", d))).transpose()?,
            source: blank(source).map(|s| plain("source", s)).transpose()?,
            url: blank(url).map(|s| plain("url", s)).transpose()?,
        })
    }

    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        *self == DocInfo::default()
    }
}

fn blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn bad_date(field: &'static str, d: &str) -> InfoError {
    let shown: String = d.chars().take(40).collect();
    InfoError { field, why: format!("{shown:?} is not a date (2024-05-14, 2024-05, 2024 or 14/5/2024)") }
}

fn plain(field: &'static str, s: &str) -> Result<String, InfoError> {
    if s.chars().count() > MAX_FIELD {
        return Err(InfoError { field, why: format!("more than {MAX_FIELD} characters") });
    }
    if s.chars().any(char::is_control) {
        return Err(InfoError { field, why: "control characters are not allowed".into() });
    }
    Ok(s.to_string())
}

fn leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn month_days(y: u32, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date written `YYYY[-MM[-DD]]` (with anything after a `T` or a space ignored: a time) or
/// `D/M/YYYY`, `M/YYYY`, as ISO at the precision given; `None` when it is not a real date.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let day_part = s.split(['T', ' ']).next().unwrap_or(s);
    let num = |x: &str| (!x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit())).then(|| x.parse::<u32>().ok()).flatten();
    let parts: Vec<&str> = day_part.split(['-', '/', '.']).collect();
    let (y, m, d) = if day_part.contains('-') || parts.len() == 1 {
        (parts[0], parts.get(1).copied(), parts.get(2).copied())
    } else {
        match parts.as_slice() {
            [m, y] => (*y, Some(*m), None),
            [d, m, y] => (*y, Some(*m), Some(*d)),
            _ => return None,
        }
    };
    if parts.len() > 3 || y.len() != 4 {
        return None;
    }
    let y = num(y)?;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    let Some(m) = m else { return Some(format!("{y:04}")) };
    let m = num(m).filter(|m| (1..=12).contains(m))?;
    let Some(d) = d else { return Some(format!("{y:04}-{m:02}")) };
    let d = num(d).filter(|d| *d >= 1 && *d <= month_days(y, m))?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_feeds_use() {
        assert_eq!(iso_date("2024-05-14").as_deref(), Some("2024-05-14"));
        assert_eq!(iso_date("2024-05-14T08:30:00+07:00").as_deref(), Some("2024-05-14"));
        assert_eq!(iso_date("2024-05-14 08:30").as_deref(), Some("2024-05-14"));
        assert_eq!(iso_date("2024-05").as_deref(), Some("2024-05"));
        assert_eq!(iso_date("2024").as_deref(), Some("2024"));
        assert_eq!(iso_date("14/5/2024").as_deref(), Some("2024-05-14"));
        assert_eq!(iso_date("5/2024").as_deref(), Some("2024-05"));
        for bad in ["", "hôm qua", "2024-13", "2023-02-29", "31/4/2024", "24", "2024-05-14-1", "99999"] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
        assert_eq!(iso_date("2024-02-29").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn fields_are_checked() {
        let i = DocInfo::new(Some(" 2024-05-14 "), None, Some("Báo Hòa Lạc"), Some("")).unwrap();
        assert_eq!(i.date.as_deref(), Some("2024-05-14"));
        assert_eq!(i.url, None);
        assert_eq!(DocInfo::new(Some("mai"), None, None, None).unwrap_err().field, "date");
        assert_eq!(DocInfo::new(None, None, Some("a\u{7}b"), None).unwrap_err().field, "source");
        assert!(DocInfo::new(None, None, None, None).unwrap().is_empty());
    }
}
