//! Document metadata: the date of the main event (or publication), publication date, source outlet
//! and author.
//!
//! `published`, `source` and `author` come from the zones the text layer recognised (crawler header,
//! source prefix or closing "Nguồn …" line, byline). `date` is the date of the main event the
//! document reports: the first dated event of the lead (see [`crate::event`]), else the first day
//! mention of the lead that dates a news fact ("Ngày 6/2, Bộ … phát đi thông tin"), else the
//! publication date.

use chidao_text::{Document, Span, ZoneKind};
use serde::Serialize;

use crate::date::{DateKind, DateMention, PartialDate};
use crate::event::Event;

/// What the contract calls the record's header fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Meta {
    /// Date of the main event reported; else the publication date.
    pub date: Option<PartialDate>,
    /// Publication date, where the document states it.
    pub published: Option<PartialDate>,
    /// The outlet ("Kinhtedothi", "HNM").
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
}

/// How many running-text sentences count as the lead when looking for the news date.
const LEAD_SENTENCES: usize = 3;
/// How many running-text sentences count as the lead when looking for the main event.
const LEAD_EVENT_SENTENCES: usize = 6;

/// The metadata of a document.
pub fn find(doc: &Document, dates: &[DateMention], events: &[Event]) -> Meta {
    // What the text says first; what the input said (a feed's fields) where it says nothing.
    let published = doc
        .zone(ZoneKind::CrawlerDate)
        .and_then(|z| z.value)
        .and_then(|v| parse_iso(doc.slice(v)))
        .or_else(|| doc.info.published.as_deref().and_then(parse_iso));
    let source = zone_value(doc, ZoneKind::Source).or_else(|| doc.info.source.clone());
    let author = zone_value(doc, ZoneKind::Byline);
    let date = main_date(doc, dates, events)
        .or_else(|| doc.info.date.as_deref().and_then(parse_iso))
        .or(published);
    Meta {
        date,
        published,
        source,
        author,
    }
}

/// The document's own time, as far as it tells: its date when the year is known, else its
/// publication date. Not guessed from the other years of the text: a dateless article names
/// past facts and plans alike ("Tháng 3-2018 xử lý 70 cây" beside "trong tháng 8-2017"), so the
/// latest of them is no bound; `None` then.
pub fn own_time(meta: &Meta) -> Option<PartialDate> {
    meta.date.filter(|d| d.year.is_some()).or(meta.published.filter(|d| d.year.is_some()))
}

/// The value (or else the whole) of the first zone of a kind, trimmed of punctuation.
fn zone_value(doc: &Document, kind: ZoneKind) -> Option<String> {
    let z = doc.zone(kind)?;
    let s = doc.slice(z.value.unwrap_or(z.span));
    let s = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | '-' | '–' | '—' | ':' | '.' | ',' | '/')
    });
    (!s.is_empty()).then(|| s.to_string())
}

/// "2020-03" / "2020-03-11" / "2020" → a partial date.
pub fn parse_iso(s: &str) -> Option<PartialDate> {
    let mut it = s.trim().split('-');
    let year: i32 = it.next()?.parse().ok()?;
    let month: Option<u8> = match it.next() {
        Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let day: Option<u8> = match it.next() {
        Some(d) => Some(d.parse().ok().filter(|d| (1..=31).contains(d))?),
        None => None,
    };
    Some(PartialDate {
        year: Some(year),
        month,
        day: month.and(day),
    })
}

/// The date of the main event: the event dated earliest in the text among those of the lead, else
/// the first day mention of the lead.
fn main_date(doc: &Document, dates: &[DateMention], events: &[Event]) -> Option<PartialDate> {
    let recent = recent_date(doc, dates);
    main_date_of(doc, dates, events).filter(|d| recent_enough(*d, recent))
}

/// The latest year the document states for a day or a month (its deadlines and plans included:
/// they lie near its own time).
fn latest_year(dates: &[DateMention]) -> Option<i32> {
    dates
        .iter()
        .filter(|d| !d.published && matches!(d.kind, DateKind::Day | DateKind::Month) && d.year_source == crate::date::YearSource::Text)
        .filter_map(|d| d.value.year.max(d.end.year))
        .max()
}

/// The document's own time as far as it says: its publication date, else the latest day or
/// month it states.
fn recent_date(doc: &Document, dates: &[DateMention]) -> Option<i32> {
    dates
        .iter()
        .find(|d| d.published)
        .and_then(|d| d.value.year)
        .or_else(|| doc.info.published.as_deref().and_then(parse_iso).and_then(|d| d.year))
        .or_else(|| latest_year(dates))
}

/// How many years before the document's own time its main date may lie.
const HISTORY_YEARS: i32 = 3;

/// A main date years before the document's own time is history told in its lead ("Ngày
/// 1-3-2001, hai nước ký …" in a 2017 article): no date of the document.
fn recent_enough(d: PartialDate, recent: Option<i32>) -> bool {
    match (d.year, recent) {
        // Reports look back a year or two ("sơ kết 2023" told in 2025); history lies further.
        (Some(y), Some(r)) => y >= r - HISTORY_YEARS,
        _ => true,
    }
}

fn main_date_of(doc: &Document, dates: &[DateMention], events: &[Event]) -> Option<PartialDate> {
    let lead = lead_span(doc, LEAD_EVENT_SENTENCES)?;
    // An event dated in the lead (the date expression or the trigger lies there).
    if let Some(e) = events
        .iter()
        .filter(|e| e.date.month.is_some() && (lead.contains(e.date_span) || lead.contains(e.span)))
        .min_by_key(|e| e.date_span.start)
    {
        return Some(e.date);
    }
    // A day mention that opens a sentence of the lead ("Ngày 6/2, Bộ … phát đi thông tin").
    let body: Vec<Span> = doc.body().take(LEAD_SENTENCES).map(|s| s.span).collect();
    for s in &body {
        if let Some(d) = dates
            .iter()
            .filter(|d| d.kind == DateKind::Day && s.contains(d.span) && !doc.in_furniture(d.span))
            .find(|d| {
                opens_sentence(doc, *s, d.span)
                    && !crate::event::announced(doc, *s, d.span)
                    && !crate::docref::dates_a_reference(doc, s.start, d.span.start)
            })
        {
            return Some(d.value);
        }
    }
    // No meeting: a document the lead reports, dated by its issue ("Công văn số 409, ban hành
    // ngày 3/2, UBND … yêu cầu …").
    for s in &body {
        if let Some(d) = dates.iter().find(|d| {
            d.kind == DateKind::Day
                && d.value.day.is_some()
                && s.contains(d.span)
                && !doc.in_furniture(d.span)
                && crate::docref::issued_on(doc, s.start, d.span.start)
        }) {
            return Some(d.value);
        }
    }
    None
}

/// The lead: the first running-text sentences.
fn lead_span(doc: &Document, n: usize) -> Option<Span> {
    let mut it = doc.body().take(n);
    let first = it.next()?.span;
    let last = it.last().map_or(first, |s| s.span);
    Some(Span::new(first.start, last.end))
}

/// True when a date mention stands at the head of its sentence: only a few words before it
/// ("Sáng nay,", "Ngày", "Chiều 9/6"), or right after a comma that closes an opening clause.
pub(crate) fn opens_sentence(doc: &Document, sentence: Span, date: Span) -> bool {
    // Six words never take this many bytes; long runs are not scanned.
    if date.start < sentence.start || date.start - sentence.start > 300 {
        return false;
    }
    let before = &doc.text[sentence.start..date.start];
    before.split_whitespace().count() <= 3 && !before.contains([',', ';'])
        || before.trim_end().ends_with(',') && before.split_whitespace().count() <= 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use chidao_text::{DecodeOptions, decode};

    fn doc(s: &str) -> Document {
        let (text, _) = decode(s.as_bytes(), DecodeOptions::default()).unwrap();
        Document::new("t.txt", text)
    }

    #[test]
    fn parses_crawler_dates() {
        assert_eq!(
            parse_iso("2020-03"),
            Some(PartialDate {
                year: Some(2020),
                month: Some(3),
                day: None
            })
        );
        assert_eq!(parse_iso("2020-03-11"), Some(PartialDate::ymd(2020, 3, 11)));
        assert_eq!(parse_iso("2020-13"), None);
        assert_eq!(parse_iso("x"), None);
    }

    #[test]
    fn publication_date_without_events() {
        let d =
            doc("date 2021-05 Tỉnh ủy Hòa Lạc triển khai công tác mới.\n\nNội dung tiếp theo.\n");
        let m = find(&d, &[], &[]);
        assert_eq!(
            m.published.and_then(|p| p.iso()).as_deref(),
            Some("2021-05")
        );
        assert_eq!(m.date, m.published);
    }

    #[test]
    fn history_in_the_lead_is_not_the_documents_date() {
        let d = doc(
            "Quan hệ hai nước bước sang giai đoạn mới\n\nChủ tịch nước thăm chính thức nước bạn từ ngày 28-6 đến 1-7-2017.\n\nNgày 1-3-2001, hai nước ký Tuyên bố chung về quan hệ đối tác.\n\nNội dung tiếp theo.\n",
        );
        let dates = crate::date::find(&d);
        let m = find(&d, &dates, &[]);
        assert_ne!(m.date.and_then(|x| x.year), Some(2001), "{:?}", m.date);
    }

    #[test]
    fn no_date_at_all() {
        let d = doc("Tỉnh ủy Hòa Lạc triển khai công tác mới.\n\nNội dung tiếp theo.\n");
        assert_eq!(find(&d, &[], &[]).date, None);
    }

    #[test]
    fn issue_date_of_the_reported_document() {
        let d = doc(
            "Hòa Lạc yêu cầu báo cáo vi phạm\n\nTrong nội dung Công văn số 77/UBND-KT, ban hành ngày 4/3, UBND tỉnh Hòa Lạc yêu cầu các huyện báo cáo.\n\nNội dung tiếp theo.\n",
        );
        let dates = crate::date::find(&d);
        let m = find(&d, &dates, &[]);
        assert_eq!(m.date.map(|x| (x.month, x.day)), Some((Some(3), Some(4))));
    }

    #[test]
    fn a_cited_documents_date_is_not_the_news_date() {
        let d = doc(
            "Hòa Lạc kiểm tra vi phạm\n\nTrước đó, Văn bản số 188/UBND-KT, ngày 12/11/2020, của UBND tỉnh giao huyện kiểm tra.\n\nNội dung tiếp theo.\n",
        );
        let dates = crate::date::find(&d);
        assert_eq!(find(&d, &dates, &[]).date, None);
    }
}
