//! From positioned lines (a PDF text layer, or OCR) to paragraphs in reading order.
//!
//! Coordinates are top-down (y grows down the page). Lines are first grouped into segments (a gap
//! of more than ~1.2 em on a line separates columns or cells); rows with two segments mark a
//! two-column block (the issuing body, "Số:", "V/v" left and the national motto and place/date
//! right of an official document's header; "Nơi nhận" and the signature at its end), which is read
//! left column first. Then lines are joined into paragraphs: a new paragraph at a larger vertical
//! gap, a first-line indent, a list marker, or after a short line; soft wraps are joined with a
//! space, and a line ending in a hyphen after a letter or digit ("2764/QĐ-" + "TTg") is joined
//! without one.

use std::sync::LazyLock;

use regex::Regex;

/// A line (or a segment of one) with its box.
#[derive(Debug, Clone)]
pub struct Line {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline (PDF) or top (OCR), top-down.
    pub y: f32,
    /// Font size or line height.
    pub size: f32,
    /// Its text.
    pub text: String,
    /// OCR confidence, when read by OCR.
    pub conf: Option<f32>,
}

/// A paragraph: its text and its first line's box.
#[derive(Debug, Clone)]
pub struct Para {
    pub text: String,
    pub x: f32,
    pub y: f32,
    pub conf: Option<f32>,
}

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-–—•+*]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[a-zđ][).]\s|[IVXLC]{1,6}[.)]\s|Điều \d|Chương [IVXLC\d]|Mục \d|Phần [IVXLC\d])").expect("list pattern")
});

/// Rows of segments → groups of lines in reading order (two-column blocks left column first).
/// `width` is the page's width (a line centred on the page is not in a column).
pub fn reading_order(rows: Vec<Vec<Line>>, width: f32) -> Vec<Vec<Line>> {
    let n = rows.len();
    let mut groups: Vec<Vec<Line>> = Vec::new();
    let centre = |l: &Line| (l.x0 + l.x1) / 2.0;
    let mut i = 0;
    let mut body: Vec<Line> = Vec::new();
    while i < n {
        if rows[i].len() != 2 {
            body.extend(merge_row(&rows[i]));
            i += 1;
            continue;
        }
        // A two-column block around this row: the two sides' centres and extents.
        let mut cols = Columns { lc: centre(&rows[i][0]), rc: centre(&rows[i][1]), left_x1: rows[i][0].x1, right_x0: rows[i][1].x0, mid: width / 2.0, width };
        let mut start = i;
        while start > 0 && rows[start - 1].len() == 1 && cols.side(&rows[start - 1][0]).is_some() && close(&rows[start - 1], &rows[start]) && !body.is_empty() {
            body.pop();
            start -= 1;
        }
        let mut end = i + 1;
        while end < n && close(&rows[end - 1], &rows[end]) {
            let fits = match rows[end].len() {
                1 => cols.side(&rows[end][0]).is_some(),
                // Every segment in one column or the other (a row split by noise or a wide gap).
                _ => rows[end].iter().all(|s| cols.within(s)),
            };
            if !fits {
                break;
            }
            if rows[end].len() == 2 && cols.nearer_left(&rows[end][0]) && !cols.nearer_left(&rows[end][1]) {
                cols.left_x1 = cols.left_x1.max(rows[end][0].x1);
                cols.right_x0 = cols.right_x0.min(rows[end][1].x0);
            }
            end += 1;
        }
        if !body.is_empty() {
            groups.push(std::mem::take(&mut body));
        }
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for row in &rows[start..end] {
            // Segments of one row on one side (a gap left for a handwritten number) are one line.
            let (l, r): (Vec<Line>, Vec<Line>) = row.iter().cloned().partition(|seg| cols.nearer_left(seg));
            left.extend(merge_row(&l));
            right.extend(merge_row(&r));
        }
        for side in [left, right] {
            if !side.is_empty() {
                groups.push(mark_block(side));
            }
        }
        i = end;
    }
    if !body.is_empty() {
        groups.push(body);
    }
    groups
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// The two columns of a block.
struct Columns {
    lc: f32,
    rc: f32,
    left_x1: f32,
    right_x0: f32,
    mid: f32,
    width: f32,
}

impl Columns {
    fn nearer_left(&self, l: &Line) -> bool {
        let c = (l.x0 + l.x1) / 2.0;
        (c - self.lc).abs() <= (c - self.rc).abs()
    }

    /// A segment of a row with several: inside one column's extent.
    fn within(&self, l: &Line) -> bool {
        let em = l.size.abs();
        if self.nearer_left(l) { l.x1 <= self.right_x0 + 0.5 * em } else { l.x0 >= self.left_x1 - 0.5 * em }
    }

    /// The column a single segment belongs to: nearer that column's centre, clear of the other
    /// column, and not centred on the page (a title).
    fn side(&self, l: &Line) -> Option<Side> {
        let c = (l.x0 + l.x1) / 2.0;
        let em = l.size.abs();
        if (c - self.mid).abs() < 0.06 * self.width {
            return None;
        }
        if self.nearer_left(l) {
            (l.x1 <= self.right_x0 - 0.3 * em).then_some(Side::Left)
        } else {
            (l.x0 >= self.left_x1 + 0.3 * em).then_some(Side::Right)
        }
    }
}

/// Rows near enough to belong to one block.
fn close(a: &[Line], b: &[Line]) -> bool {
    let size = a.iter().chain(b).map(|l| l.size.abs()).fold(1.0f32, f32::max);
    (b[0].y - a[0].y).abs() <= 3.0 * size
}

/// Lines of a two-column block: a paragraph break before each line, except a lower-case
/// continuation. The break is marked by a size of -1 on lines starting a paragraph (read by
/// [`paragraphs`]).
fn mark_block(lines: Vec<Line>) -> Vec<Line> {
    lines
        .into_iter()
        .map(|mut l| {
            let lower = l.text.chars().next().is_some_and(|c| c.is_lowercase());
            if !lower {
                l.size = -l.size.abs();
            }
            l
        })
        .collect()
}

/// A row of three or more segments (a table row) read left to right as one line.
fn merge_row(row: &[Line]) -> Vec<Line> {
    if row.len() <= 1 {
        return row.to_vec();
    }
    let text = row.iter().map(|s| s.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
    let conf = mean(row.iter().filter_map(|s| s.conf));
    vec![Line { x0: row[0].x0, x1: row[row.len() - 1].x1, y: row[0].y, size: row[0].size, text, conf }]
}

fn mean(it: impl Iterator<Item = f32>) -> Option<f32> {
    let (mut s, mut n) = (0.0, 0);
    for v in it {
        s += v;
        n += 1;
    }
    (n > 0).then(|| s / n as f32)
}

/// Joins a run of lines into paragraphs (see the module documentation).
pub fn paragraphs(lines: &[Line]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    if lines.is_empty() {
        return out;
    }
    let left = lines.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min);
    let right = lines.iter().map(|l| l.x1).fold(f32::NEG_INFINITY, f32::max);
    // The usual line spacing: the median gap between consecutive lines.
    let mut gaps: Vec<f32> = lines.windows(2).map(|w| w[1].y - w[0].y).filter(|g| *g > 0.0).collect();
    gaps.sort_by(f32::total_cmp);
    let spacing = gaps.get(gaps.len() / 2).copied();
    let mut confs: Vec<f32> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in lines {
        let text = l.text.trim();
        if text.is_empty() {
            continue;
        }
        let size = l.size.abs();
        let new = match prev {
            None => true,
            Some(p) => {
                let gap = l.y - p.y;
                let big_gap = match spacing {
                    Some(s) => gap > s * 1.45 + 0.5,
                    None => gap > 2.0 * size,
                } || gap < -0.5 * size;
                let indent = l.x0 > left + 1.2 * size && p.x0 <= left + 1.2 * size;
                let short = p.x1 < right - 5.0 * size;
                let ends = p.text.trim_end().ends_with(['.', ':', ';', '!', '?']);
                let capital = text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                // A sentence going on a little further down than usual (OCR's line boxes):
                // "… địa điểm nêu" + "trên./.".
                let goes_on = goes_on(&p.text, text) && gap >= 0.0 && gap < 3.0 * size;
                l.size < 0.0 || (big_gap && !goes_on) || LIST_MARKER.is_match(text) || (indent && ends) || (short && (ends || indent || capital))
            }
        };
        if new || out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.conf = mean(confs.drain(..));
            }
            out.push(Para { text: text.to_string(), x: l.x0, y: l.y, conf: None });
        } else if let Some(last) = out.last_mut() {
            join(&mut last.text, text);
        }
        confs.extend(l.conf);
        prev = Some(l);
    }
    if let Some(last) = out.last_mut() {
        last.conf = mean(confs.drain(..));
    }
    out
}

/// True when `next` goes on the sentence of `prev`: it starts in lower case, and `prev` has
/// words and no end mark (not a bare number, a page's). Used for PDF and OCR lines and for an
/// HTML page's lines.
pub fn goes_on(prev: &str, next: &str) -> bool {
    prev.chars().any(char::is_alphabetic) && !ends_sentence(prev) && next.trim_start().chars().next().is_some_and(char::is_lowercase)
}

/// True when a line ends with an end mark: a full stop, a colon, a semicolon, a closing quote
/// or parenthesis …
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', ':', ';', '!', '?', '…', '"', '”', ')'])
}

/// Appends a wrapped line: no space after a hyphen that follows a letter or digit (a code or a
/// compound broken at the line end), a space otherwise.
pub fn join(text: &mut String, next: &str) {
    let mut tail = text.chars().rev();
    let hyphen = tail.next() == Some('-') && tail.next().is_some_and(|c| c.is_alphanumeric());
    if !hyphen {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x0: f32, x1: f32, y: f32, text: &str) -> Line {
        Line { x0, x1, y, size: 13.0, text: text.into(), conf: None }
    }

    #[test]
    fn code_broken_at_line_end_stays_whole() {
        let lines = [line(85.0, 500.0, 100.0, "số 2319/QĐ-TTg và Quyết định số 2764/QĐ-"), line(85.0, 300.0, 116.0, "TTg ngày 19 tháng 12 năm 2025.")];
        let p = paragraphs(&lines);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].text, "số 2319/QĐ-TTg và Quyết định số 2764/QĐ-TTg ngày 19 tháng 12 năm 2025.");
    }

    #[test]
    fn a_sentence_going_on_in_lower_case_stays_one_paragraph() {
        // OCR set the last line a little lower than the usual spacing.
        let lines = [
            line(85.0, 500.0, 84.0, "Giao Sở Nội vụ chuẩn bị nội dung để trình chiếu số liệu, báo"),
            line(85.0, 420.0, 100.0, "cáo tại cuộc họp."),
            line(85.0, 500.0, 116.0, "Đề nghị các đồng chí dự họp đúng thành phần, thời gian nêu"),
            line(85.0, 140.0, 150.0, "trên./."),
            line(85.0, 300.0, 166.0, "Nơi nhận:"),
        ];
        let texts: Vec<String> = paragraphs(&lines).into_iter().map(|p| p.text).collect();
        assert_eq!(
            texts,
            ["Giao Sở Nội vụ chuẩn bị nội dung để trình chiếu số liệu, báo cáo tại cuộc họp.", "Đề nghị các đồng chí dự họp đúng thành phần, thời gian nêu trên./.", "Nơi nhận:"]
        );
    }

    #[test]
    fn header_left_column_first() {
        let rows = vec![
            vec![line(90.0, 230.0, 70.0, "ỦY BAN NHÂN DÂN"), line(270.0, 540.0, 70.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
            vec![line(100.0, 220.0, 85.0, "TỈNH HÒA LẠC"), line(320.0, 500.0, 86.0, "Độc lập - Tự do - Hạnh phúc")],
            vec![line(100.0, 220.0, 115.0, "Số: 12/GM-UBND"), line(300.0, 530.0, 115.0, "Hòa Lạc, ngày 3 tháng 2 năm 2026")],
            vec![line(250.0, 350.0, 150.0, "GIẤY MỜI")],
        ];
        let groups = reading_order(rows, 595.0);
        let texts: Vec<String> = groups.iter().flat_map(|g| paragraphs(g)).map(|p| p.text).collect();
        assert_eq!(
            texts,
            ["ỦY BAN NHÂN DÂN", "TỈNH HÒA LẠC", "Số: 12/GM-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hòa Lạc, ngày 3 tháng 2 năm 2026", "GIẤY MỜI"]
        );
    }
}
