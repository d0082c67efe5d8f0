//! Deadlines: a date mention inside a task's text that a deadline cue governs ("trước 15/6",
//! "chậm nhất ngày 30/6", "trong quý II/2017", "từ nay đến cuối năm", "6 tháng cuối năm 2023").
//! Start dates ("từ 1/7/2017") are not deadlines.

use std::sync::LazyLock;

use chidao_text::{Document, Span};
use regex::Regex;

use crate::date::{DateKind, DateMention, PartialDate};

/// A deadline found in a task's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The words (cue and date).
    pub span: Span,
    /// The date at the text's precision.
    pub date: PartialDate,
}

const DAY: &str = r"(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?";
const MONTH: &str = r"tháng\s+(?P<mm>\d{1,2})(?:\s*(?:[/.\-]|năm)\s*(?P<my>\d{4}))?";
const QUARTER: &str = r"quý\s+(?P<q>iv|iii|ii|i|[1-4])(?:\s*(?:[/.\-]|năm)\s*(?P<qy>\d{4}))?";
const HALF: &str = r"(?:6|sáu)\s+tháng\s+cuối\s+năm(?:\s+(?P<hy>\d{4}))?";
const YEAR: &str = r"năm\s+(?P<yy>\d{4})";

/// Cue + date. The cue decides that the date is a deadline.
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    let cue = r"(?:hoàn\s+thành\s+)?(?:trước|chậm\s+nhất(?:\s+là)?|muộn\s+nhất|hạn\s+chót|(?:ngay\s+)?trong|đến\s+hết|đến|tới|vào(?:\s+(?:giữa|cuối|đầu))?|xong\s+trước|(?:giữa|cuối))";
    let date = format!("(?:{HALF}|{QUARTER}|{MONTH}|{YEAR}|{DAY})");
    Regex::new(&format!(r"(?P<cue>{cue})\s+(?:(?:ngày|thời\s+hạn)\s+)?{date}")).expect("deadline regex")
});

/// Relative deadlines with no number.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:từ\s+nay\s+đến\s+cuối\s+năm|(?:những|các)\s+tháng\s+còn\s+lại\s+của\s+năm(?:\s+nay)?|trong\s+(?:6|sáu)\s+tháng\s+cuối\s+năm(?:\s+nay)?|(?:trước|đến|đến\s+hết)\s+cuối\s+năm(?:\s+nay)?)")
        .expect("relative regex")
});

/// A task that names its own year ("nhiệm vụ năm 2017").
static OWN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"nhiệm\s+vụ\s+(?:trọng\s+tâm\s+)?(?:của\s+)?năm\s+(?P<y>\d{4})").expect("own-year regex"));

/// A list of months after the cue ("trong tháng 7, tháng 8"): the last one counts.
static MORE_MONTHS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*(?:,|và|hoặc)\s*tháng\s+(?P<m>\d{1,2}))+").expect("months regex"));

fn roman(s: &str) -> Option<u8> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

fn num<T: std::str::FromStr>(c: &regex::Captures<'_>, name: &str) -> Option<T> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

/// The deadline of the task text `span`, if a cue gives one. `dates` are the document's date
/// mentions (their resolved years are preferred).
pub fn find(doc: &Document, span: Span, dates: &[DateMention]) -> Option<Deadline> {
    let key = span.of(&doc.key);
    let mut best: Option<Deadline> = None;
    for c in DEADLINE.captures_iter(key) {
        let whole = c.get(0)?;
        let cue = c.name("cue").map_or("", |m| m.as_str());
        // "từ … đến …": the start is not a deadline, the end is; a bare "từ" never gets here.
        let before = &key[..whole.start()];
        let prev_word = before.split_whitespace().next_back().unwrap_or("");
        if prev_word == "từ" || prev_word == "kể" {
            continue;
        }
        let date = if c.name("hy").is_some() || (c.name("q").is_none() && c.name("mm").is_none() && c.name("d").is_none() && c.name("yy").is_none()) {
            PartialDate { year: num(&c, "hy"), month: Some(12), day: None }
        } else if let Some(q) = c.name("q") {
            let q = roman(q.as_str())?;
            PartialDate { year: num(&c, "qy"), month: Some(q * 3), day: None }
        } else if c.name("mm").is_some() {
            let mut month: u8 = num(&c, "mm")?;
            if let Some(more) = MORE_MONTHS.captures(&key[whole.end()..])
                && let Some(m) = more.name("m").and_then(|m| m.as_str().parse().ok()) {
                    month = m;
                }
            PartialDate { year: num(&c, "my"), month: Some(month), day: None }
        } else if c.name("yy").is_some() {
            // "trong năm 2017", "vào năm …" are not deadlines; "trước năm 2020", "đến (hết) năm 2018" are.
            if !(cue.starts_with("trước") || cue.starts_with("đến") || cue.starts_with("tới") || cue.starts_with("chậm") || cue.contains("cuối")) {
                continue;
            }
            PartialDate { year: num(&c, "yy"), month: None, day: None }
        } else {
            // A day: "trong 15/6" is odd but harmless; bare "đến 20-2" after "từ … " was skipped above.
            if matches!(cue, "vào" | "giữa" | "cuối" | "tới") || cue.ends_with("trong") {
                continue;
            }
            PartialDate { year: num(&c, "y"), month: Some(num(&c, "m")?), day: Some(num(&c, "d")?) }
        };
        if !valid(&date) {
            continue;
        }
        let s = Span::new(span.start + whole.start(), span.start + whole.end());
        let date = with_year(date, s, dates);
        // "Trước đó", "giữa …" as mere time: only keep the first real deadline, preferring the latest
        // in the text when several are given ("báo cáo … trước 10/2").
        best = Some(Deadline { span: s, date });
    }
    if best.is_some() {
        return best;
    }
    if let Some(m) = RELATIVE.find(key) {
        let s = Span::new(span.start + m.start(), span.start + m.end());
        let date = with_year(PartialDate { year: None, month: Some(12), day: None }, s, dates);
        return Some(Deadline { span: s, date });
    }
    if let Some(c) = OWN_YEAR.captures(key) {
        let m = c.get(0)?;
        return Some(Deadline { span: Span::new(span.start + m.start(), span.start + m.end()), date: PartialDate { year: num(&c, "y"), month: None, day: None } });
    }
    None
}

fn valid(d: &PartialDate) -> bool {
    d.month.is_none_or(|m| (1..=12).contains(&m)) && d.day.is_none_or(|x| (1..=31).contains(&x)) && d.year.is_none_or(|y| (1900..=2100).contains(&y))
}

/// Fills the year from the date module's mention of the same words, when it resolved one.
fn with_year(mut d: PartialDate, s: Span, dates: &[DateMention]) -> PartialDate {
    if d.year.is_some() {
        return d;
    }
    let from = dates.partition_point(|m| m.span.end <= s.start);
    for m in dates[from..].iter().take_while(|m| m.span.start < s.end).filter(|m| m.span.overlaps(s)) {
        let v = match m.kind {
            DateKind::Quarter | DateKind::Part | DateKind::Term => m.end,
            _ => m.value,
        };
        if let Some(y) = v.year
            && (v.month.is_none() || d.month.is_none() || v.month == d.month || m.end.month == d.month) {
                d.year = Some(y);
                break;
            }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(s: &str) -> Option<String> {
        let doc = Document::new("t.txt", s.to_string());
        find(&doc, Span::new(0, doc.text.len()), &[]).and_then(|d| d.date.iso())
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
        assert_eq!(dl("phấn đấu đến năm 2026 hoàn thành đường vành đai.").as_deref(), Some("2026"));
        assert_eq!(dl("nhiệm vụ năm 2019 của công an huyện là phải giảm tai nạn.").as_deref(), Some("2019"));
        assert_eq!(dl("chúng tôi bảo đảm trong tháng 7, tháng 8 sẽ hoàn thành.").as_deref(), Some("XXXX-08"));
        assert_eq!(dl("xong trước ngày 20-2.").as_deref(), Some("XXXX-02-20"));
        assert_eq!(dl("báo cáo Thủ tướng trong tháng 6-2019.").as_deref(), Some("2019-06"));
    }

    #[test]
    fn start_dates_are_not_deadlines() {
        assert_eq!(dl("Từ 1/7/2019 không giới thiệu địa điểm cấp đất."), None);
        assert_eq!(dl("bắt đầu từ ngày 10-7 tập trung lực lượng."), None);
        assert_eq!(dl("xây dựng kế hoạch thanh tra năm 2020 bảo đảm chất lượng."), None);
        assert_eq!(dl("giá dịch vụ đã quyết toán trong năm 2019."), None);
    }
}
