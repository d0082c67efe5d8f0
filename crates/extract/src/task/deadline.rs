//! Deadlines: a date mention inside a task's text that a deadline cue governs ("trước 15/6",
//! "chậm nhất ngày 30/6", "trong quý II/2017", "từ nay đến cuối năm", "6 tháng cuối năm 2023").
//! Start dates ("từ 1/7/2017") are not deadlines. The dates are the date module's mentions (their
//! cue word and role, their resolved year); only the task's own year ("nhiệm vụ năm 2017") is read
//! here.

use std::sync::LazyLock;

use chidao_text::{Document, Span};
use regex::Regex;

use crate::date::{CueRole, DateKind, DateMention, PartialDate, YearSource};

/// A deadline found in a task's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The words (cue and date).
    pub span: Span,
    /// The date at the text's precision.
    pub date: PartialDate,
}

/// A task that names its own year ("nhiệm vụ năm 2017"): not a time expression the date module
/// reads as a deadline, so it is read here.
static OWN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"nhiệm\s+vụ\s+(?:trọng\s+tâm\s+)?(?:của\s+)?năm\s+(?P<y>\d{4})").expect("own-year regex"));

/// A task set in the current year: "trong năm nay", or "Năm nay," opening a clause ("Năm nay, các
/// đơn vị phải …"). Its deadline is the document's own year, where known.
static THIS_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s,])trong\s+năm\s+nay(?:[\s,.;]|$)|(?:^|,\s*)năm\s+nay\s*,").expect("this-year regex"));

/// True when the date module's mention is a deadline of the task around it: the cue's role decides
/// ("trước", "chậm nhất", "đến (hết)" for any date; "trong", "vào" only for months, quarters and
/// parts of years — "trong năm 2017", "vào ngày 10/7" are when, not by when); a month or part with
/// no cue counts when its own head says "giữa", "cuối".
fn is_deadline(doc: &Document, m: &DateMention) -> bool {
    if m.published || m.deadline().is_none() {
        return false;
    }
    let cue = m.cue.as_deref().unwrap_or("");
    match (m.kind, m.cue_role) {
        // A year needs its head word: "trước năm 2020", not "các đời trước 2007", "tầm nhìn tới 2020".
        (DateKind::Year, Some(CueRole::Before | CueRole::Until)) => m.span.of(&doc.key).starts_with("năm"),
        (DateKind::Day, Some(CueRole::Before)) => true,
        (DateKind::Day, Some(CueRole::Until)) => cue != "tới",
        (DateKind::Month | DateKind::Quarter | DateKind::Part, Some(CueRole::Before | CueRole::Until | CueRole::During | CueRole::At)) => true,
        (DateKind::Month | DateKind::Quarter, None) => {
            let head = m.span.of(&doc.key);
            head.starts_with("giữa") || head.starts_with("cuối")
        }
        // "Những tháng còn lại của năm nay, …": the rest of the year, with no cue.
        (DateKind::Part, None) => m.span.of(&doc.key).contains("còn lại"),
        _ => false,
    }
}

/// Words that make the month after them the time something happened
/// (`data/deadline_happened.tsv`), as keys.
static HAPPENED: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../data/deadline_happened.tsv")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| chidao_text::key(&chidao_text::nfc(l)))
        .collect()
});

/// A month or part of a year with no cue, or "vào", "trong", that tells when something happened:
/// with no cue, in parentheses right after what it dates ("vụ tai nạn (cuối tháng 12)"; "(vào
/// tháng 4)" after a conference may be its planned time), or after a verb of happening ("xảy ra
/// vào cuối tháng 12").
fn told_when(doc: &Document, m: &DateMention) -> bool {
    if !matches!(m.cue_role, None | Some(CueRole::At | CueRole::During)) {
        return false;
    }
    let at = m.cue_span.map_or(m.span.start, |c| c.start.min(m.span.start));
    let before = doc.key[..at].trim_end();
    (m.cue.is_none() && before.ends_with('('))
        || HAPPENED.iter().any(|w| {
            before.strip_suffix(w.as_str()).is_some_and(|rest| rest.chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
        })
}

/// True when `d` lies before the document's own time `now` at the precision both give ("cuối
/// tháng 12/2016" in an article of 6/2/2017; "năm 2008" where the text's own facts are of 2017).
pub(crate) fn before(d: PartialDate, now: Option<PartialDate>) -> bool {
    let Some(now) = now else { return false };
    let (Some(y), Some(ny)) = (d.year, now.year) else { return false };
    if y != ny {
        return y < ny;
    }
    match (d.month, now.month) {
        (Some(m), Some(nm)) if m != nm => m < nm,
        (Some(_), Some(_)) => matches!((d.day, now.day), (Some(a), Some(b)) if a < b),
        _ => false,
    }
}

/// How a sentence-opening "Đến <time>," is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opening {
    /// A deadline or target: what follows is obliged, pledged or planned ("Đến năm 2020, các huyện
    /// phải …", "Đến cuối tháng 3, Ban sẽ …").
    Ahead,
    /// When something was said: a reporting clause follows ("Đến sáng 6/2, trao đổi với phóng
    /// viên, bà X cho biết: …"); the words reported may still hold a task.
    Said,
    /// When something happened: a story or a figure follows ("Đến năm 2008, Cục X tiếp tục đề
    /// xuất …, Thủ tướng đã chấp thuận …"; "Đến cuối năm 2016, toàn mạng lưới có 5.793 điểm …").
    Story,
}

/// The cue words that open a sentence's time as a point reached ("Đến", "Tới", "Cho đến").
fn reached(cue: &str) -> bool {
    super::lex::REACHED.is_entry(cue)
}

/// Nothing but spaces, quotes, dashes, brackets or bullets: what may stand before a date that
/// opens its sentence.
fn only_marks(lead: &str) -> bool {
    lead.chars().all(|c| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '-' | '–' | '—' | '(' | '*' | '•'))
}

/// "Ngày 15-11-2002, UBND TP có Quyết định số … thu hồi …": a day or month written with its year,
/// two years or more before `year` (the document's own, else its latest year written out),
/// opening the sentence at `start`: the sentence tells history.
pub(crate) fn dated_history(doc: &Document, start: usize, m: &DateMention, year: Option<i32>) -> bool {
    year.is_some_and(|now| m.value.month.is_some() && m.value.year.is_some_and(|y| y < now - 1))
        && doc.key.get(start..m.span.start).is_some_and(only_marks)
}

/// What a date mention reached by "Đến", "Tới" and followed by a comma tells: `None` when it is
/// no such opening. A part of the day opening a clause ("Đến sáng 6/2, …", "…, đến khuya ngày
/// 2-7, …") is when something happened or was said ("trễ nhất là đến sáng 2-6 phải …" is a
/// deadline). Else the mention must open its sentence; what
/// the clause after the comma does first decides: a modal, "sẽ", a pledge or an action verb make
/// it a deadline; a verb of saying, the time something was said; anything else (a story with
/// "đã", "lại", "tiếp tục", a figure with "có") the time it happened — unless the date lies after
/// the document's own time (`now`), a target ("Đến năm 2030, HĐND … quyết định …").
pub(crate) fn opening(doc: &Document, m: &DateMention, now: Option<PartialDate>) -> Option<Opening> {
    if m.cue_role != Some(CueRole::Until) || !m.cue.as_deref().is_some_and(reached) {
        return None;
    }
    let cue = m.cue_span?;
    let sent = doc.sentences.get(doc.sentence_at(cue.start)?)?.span;
    let lead = doc.key[sent.start..cue.start].trim_end();
    let opens = only_marks(lead);
    let after = &doc.key[m.span.end..sent.end];
    let trimmed = after.trim_start();
    if !trimmed.starts_with(',') || !(opens || lead.ends_with(',')) {
        return None;
    }
    // "Đến sáng 6/2, …", "…, đến khuya ngày 2-7, …": a part of the day opening a clause.
    if crate::date::daypart_head(&doc.key, m) {
        return Some(Opening::Said);
    }
    if !opens {
        return None;
    }
    let rest = Span::new(sent.end - trimmed.len() + 1, sent.end);
    let first = rest.start + (doc.key[rest.start..rest.end].len() - doc.key[rest.start..rest.end].trim_start().len());
    if super::lex::ACTIONS.match_at(&doc.key, first).is_some() {
        return Some(Opening::Ahead);
    }
    for h in super::lex::CUES.find_in_doc(doc, rest) {
        use super::lex::Class;
        match super::lex::CUE_CLASS[h.entry] {
            Class::Modal | Class::Will | Class::Commit => return Some(Opening::Ahead),
            Class::Report | Class::Speech | Class::Direct => return Some(Opening::Said),
            _ => {}
        }
    }
    if let Some(now) = now
        && let Some(end) = m.deadline()
        && !before(end, Some(now))
        && end != now
        && !(end.year == now.year && (end.month.is_none() || now.month.is_none()))
    {
        return Some(Opening::Ahead);
    }
    Some(Opening::Story)
}

/// Only separators ("," "và" "hoặc") between two mentions: a list ("trong tháng 7, tháng 8").
fn listed(doc: &Document, a: Span, b: Span) -> bool {
    a.end <= b.start && doc.key[a.end..b.start].split(|c: char| c.is_whitespace() || c == ',').all(|w| w.is_empty() || super::lex::LIST_SEPARATORS.contains(w))
}

/// The deadline of the task text `span`, if a cue gives one: the last deadline among the date
/// module's mentions inside it (`dates`, in text order); else the year a task names as its own.
/// `now` is the document's own time where known (its date, else the year of the facts it tells):
/// a date before it reached by "đến", "vào", "trong" or no cue is when something happened
/// ("vụ tai nạn vào cuối tháng 12/2016" told on 6/2/2017), not a deadline; one after "trước",
/// "chậm nhất" stays a deadline, if a past one. A sentence-opening "Đến <time>," that tells when
/// something happened or was said is no deadline either (see [`opening`]).
pub fn find(doc: &Document, span: Span, dates: &[DateMention], now: Option<PartialDate>) -> Option<Deadline> {
    let mut best: Option<Deadline> = None;
    let mut relative: Option<Deadline> = None;
    let mut last: Option<Span> = None;
    for m in crate::date::mentions_in(dates, span) {
        let follows = last.is_some_and(|l| m.cue.is_none() && matches!(m.kind, DateKind::Month | DateKind::Day) && listed(doc, l, m.span));
        if !(is_deadline(doc, m) || follows) || (matches!(m.kind, DateKind::Month | DateKind::Quarter | DateKind::Part) && told_when(doc, m)) {
            continue;
        }
        let Some(date) = m.deadline() else { continue };
        if (m.cue_role != Some(CueRole::Before) && before(date, now)) || opening(doc, m, now).is_some_and(|o| o != Opening::Ahead) {
            continue;
        }
        let at = m.cue_span.map_or(m.span.start, |c| c.start.min(m.span.start));
        let found = Deadline { span: Span::new(at, m.span.end), date };
        // "từ nay đến cuối năm", "những tháng còn lại": a date written with numbers in the same
        // task is preferred.
        let head = m.span.of(&doc.key);
        if m.kind == DateKind::Part && (!head.contains("tháng") || head.contains("còn lại")) {
            relative = relative.or(Some(found));
        } else {
            best = Some(found);
        }
        last = Some(m.span);
    }
    let key = span.of(&doc.key);
    if best.is_some() {
        return best;
    }
    if relative.is_some() {
        return relative;
    }
    if let Some(m) = THIS_YEAR.find(key)
        && let Some(year) = this_year(dates, now)
    {
        let date = PartialDate { year: Some(year), month: None, day: None };
        return Some(Deadline { span: Span::new(span.start + m.start(), span.start + m.end()), date });
    }
    let c = OWN_YEAR.captures(key)?;
    let m = c.get(0)?;
    let year = c.name("y").and_then(|y| y.as_str().parse().ok());
    Some(Deadline { span: Span::new(span.start + m.start(), span.start + m.end()), date: PartialDate { year, month: None, day: None } })
}

/// The year "năm nay" means: the document's own time, else the latest year the date module gave
/// the document's days without one (from its header, its lead or a year in their sentence). (The
/// year its dates name most often was tried: on the corpus it gave a target or a past year for 7 of
/// 23 tasks.)
fn this_year(dates: &[DateMention], now: Option<PartialDate>) -> Option<i32> {
    now.and_then(|n| n.year).or_else(|| {
        dates.iter().filter(|d| matches!(d.year_source, YearSource::Header | YearSource::Document | YearSource::Sentence)).filter_map(|d| d.value.year).max()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(s: &str) -> Option<String> {
        dl_at(s, None)
    }

    #[test]
    fn cues_and_dates() {
        assert_eq!(dl("cần hoàn thành 4 đại hội trước 15/6.").as_deref(), Some("XXXX-06-15"));
        assert_eq!(dl("gửi về Sở chậm nhất ngày 4/2/2018.").as_deref(), Some("2018-02-04"));
        assert_eq!(dl("báo cáo Tỉnh ủy trong quý II/2019.").as_deref(), Some("2019-06"));
        assert_eq!(dl("tổ chức đại hội vào giữa tháng 8/2021.").as_deref(), Some("2021-08"));
        assert_eq!(dl("Trong 6 tháng cuối năm 2022, Sở cần rà soát.").as_deref(), Some("2022-12"));
        assert_eq!(dl("Từ nay đến cuối năm, mỗi huyện phải có một cuộc kiểm tra.").as_deref(), Some("XXXX-12"));
        assert_eq!(dl("trang bị đủ trụ nước trước năm 2025.").as_deref(), Some("2025"));
        assert_eq!(dl("các đời xe trước 2007 rất tốn nhiên liệu."), None);
        assert_eq!(dl("phấn đấu đến năm 2026 hoàn thành đường vành đai.").as_deref(), Some("2026"));
        assert_eq!(dl("nhiệm vụ năm 2019 của công an huyện là phải giảm tai nạn.").as_deref(), Some("2019"));
        assert_eq!(dl("chúng tôi bảo đảm trong tháng 7, tháng 8 sẽ hoàn thành.").as_deref(), Some("XXXX-08"));
        assert_eq!(dl("xong trước ngày 20-2.").as_deref(), Some("XXXX-02-20"));
        assert_eq!(dl("tổng hợp báo cáo lên Tỉnh ủy trước ngày 30-6-2019.").as_deref(), Some("2019-06-30"));
        assert_eq!(dl("Những tháng còn lại của năm nay, các huyện cần rà soát hồ sơ.").as_deref(), Some("XXXX-12"));
        assert_eq!(dl("gắn với việc xếp loại thi đua của các đơn vị cuối năm."), None);
        assert_eq!(dl("hội nghị triển khai nhiệm vụ những tháng cuối năm vào ngày 10/7."), None);
        // Numbers first: "rà soát trước 15/6; báo cáo chậm nhất ngày 30/6; từ nay đến cuối năm …".
        assert_eq!(dl("rà soát trước 15/6; báo cáo chậm nhất ngày 30/6; từ nay đến cuối năm giảm tai nạn.").as_deref(), Some("XXXX-06-30"));
        assert_eq!(dl("báo cáo Thủ tướng trong tháng 6-2019.").as_deref(), Some("2019-06"));
        // Any half the date module reads, not only the wording seen in the tuning texts.
        assert_eq!(dl("Ông Tâm chỉ đạo trong sáu tháng đầu năm 2019, Sở phải chấm dứt tình trạng trễ hẹn.").as_deref(), Some("2019-06"));
        assert_eq!(dl("Các huyện hoàn thành trong 6 tháng đầu năm 2024.").as_deref(), Some("2024-06"));
        assert_eq!(dl("Sở phải hoàn thành việc cấp giấy đến hết quý III/2020.").as_deref(), Some("2020-09"));
    }

    #[test]
    fn start_dates_are_not_deadlines() {
        assert_eq!(dl("Từ 1/7/2019 không giới thiệu địa điểm cấp đất."), None);
        assert_eq!(dl("bắt đầu từ ngày 10-7 tập trung lực lượng."), None);
        assert_eq!(dl("xây dựng kế hoạch thanh tra năm 2020 bảo đảm chất lượng."), None);
        assert_eq!(dl("giá dịch vụ đã quyết toán trong năm 2019."), None);
    }

    fn dl_at(s: &str, now: Option<PartialDate>) -> Option<String> {
        let doc = Document::new("t.txt", s.to_string());
        let dates = crate::date::find(&doc);
        find(&doc, Span::new(0, doc.text.len()), &dates, now).and_then(|d| d.date.iso())
    }

    #[test]
    fn a_time_reached_in_a_story_is_no_deadline() {
        // When something was said or happened: a part of the day, a reporting clause, a story.
        assert_eq!(dl("Đến sáng 9/3, trao đổi với phóng viên, ông Lê Văn Tâm cho biết: “Chúng tôi yêu cầu cửa hàng tạm dừng hoạt động”."), None);
        assert_eq!(dl("Đến ngày 12/4, Giám đốc Sở cho biết Thanh tra tỉnh sẽ vào cuộc."), None);
        assert_eq!(dl("Đến năm 2009, Sở Tài chính tiếp tục đề xuất bán đấu giá, UBND tỉnh đã chấp thuận."), None);
        assert_eq!(dl("Đến cuối năm 2015, toàn tỉnh có 312 điểm giao cắt."), None);
        assert_eq!(dl("Người dân tụ tập trước cổng, đến khuya ngày 4-8, họ mới giải tán."), None);
        // A deadline or target: a modal, "sẽ", a pledge or an action verb follows.
        assert_eq!(dl("Đến năm 2025, các huyện phải hoàn thành việc cắm mốc.").as_deref(), Some("2025"));
        assert_eq!(dl("Đến cuối tháng 5, Ban chỉ đạo sẽ tổng hợp báo cáo Tỉnh ủy.").as_deref(), Some("XXXX-05"));
        assert_eq!(dl("Đến năm 2030, hoàn thành việc di dời các cơ sở gây ô nhiễm.").as_deref(), Some("2030"));
        assert_eq!(dl("trễ nhất là đến sáng 3-9 phải di dời xong các hộ dân.").as_deref(), Some("XXXX-09-03"));
        // A target after the document's own time, with no modal, stays one.
        assert_eq!(dl_at("Đến năm 2030, HĐND tỉnh căn cứ tình hình để quyết định lộ trình.", Some(PartialDate::ymd(2024, 5, 2))).as_deref(), Some("2030"));
    }

    #[test]
    fn this_year_is_the_documents_year() {
        let now = Some(PartialDate::ymd(2021, 3, 8));
        assert_eq!(dl_at("Trong năm nay, các đơn vị phải hoàn thành số hóa hồ sơ.", now).as_deref(), Some("2021"));
        assert_eq!(dl_at("Năm nay, 3 tháng một lần, các sở phải đối thoại với doanh nghiệp.", now).as_deref(), Some("2021"));
        // The year from a date of its own sentence when the document has none.
        assert_eq!(dl("Sáng 8/2, tại hội nghị triển khai kế hoạch năm 2021, Sở yêu cầu trong năm nay các phường phải rà soát.").as_deref(), Some("2021"));
        // No year known, or "năm nay" as no time frame: no deadline.
        assert_eq!(dl("Trong năm nay, các đơn vị phải hoàn thành số hóa hồ sơ."), None);
        assert_eq!(dl_at("Sở phải giữ mức tăng trưởng so với năm nay.", now), None);
    }

    #[test]
    fn a_date_before_the_documents_own_time_is_told() {
        let now = Some(PartialDate::ymd(2021, 3, 8));
        assert_eq!(dl_at("yêu cầu làm rõ vụ xe đâm học sinh vào cuối tháng 12/2020.", now), None);
        assert_eq!(dl_at("Trong 2 tháng đầu năm 2021, Sở đã kiểm tra 40 cơ sở.", now), None);
        // "trước", "chậm nhất": a deadline, if a past one; the same month is not before.
        assert_eq!(dl_at("yêu cầu báo cáo trước ngày 20/12/2020.", now).as_deref(), Some("2020-12-20"));
        assert_eq!(dl_at("yêu cầu hoàn thành trong tháng 3/2021.", now).as_deref(), Some("2021-03"));
        assert!(before(PartialDate::ymd(2021, 3, 1), now));
        assert!(!before(PartialDate::y(2021), now));
        assert!(!before(PartialDate::ymd(2021, 3, 1), None));
    }

    #[test]
    fn the_time_a_thing_happened_is_no_deadline() {
        assert_eq!(dl("yêu cầu làm rõ vụ va chạm tại cổng trường (cuối tháng 11-2023)."), None);
        assert_eq!(dl("giao Sở chuẩn bị tổ chức hội nghị xúc tiến đầu tư (vào tháng 4/2024).").as_deref(), Some("2024-04"));
        assert_eq!(dl("yêu cầu báo cáo vụ việc xảy ra vào cuối tháng 11/2023."), None);
        assert_eq!(dl("yêu cầu báo cáo vụ việc xảy ra cuối tháng 11-2023."), None);
        assert_eq!(dl("trình Quốc hội tại kỳ họp sẽ diễn ra vào tháng 10/2024.").as_deref(), Some("2024-10"));
        // A deadline in parentheses keeps its cue.
        assert_eq!(dl("yêu cầu báo cáo kết quả (trước ngày 15/12/2023).").as_deref(), Some("2023-12-15"));
        assert_eq!(dl("tổ chức đại hội vào giữa tháng 8/2021.").as_deref(), Some("2021-08"));
    }
}
