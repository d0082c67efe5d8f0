//! The report an office sends upward — "Báo cáo tình hình thực hiện nhiệm vụ" — for a directive,
//! a unit or a period (a [`Scope`]), as DOCX and XLSX.
//!
//! The DOCX follows the presentation of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins of
//! 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman, 13 pt text and 14 pt title;
//! the header block as a two-column table without borders — the issuing body left, the national
//! name and motto right with the place and date —, the kind of document ("BÁO CÁO") and its
//! subject centred, numbered sections (I., II. …), the table of tasks with their state and the
//! evidence (the sentence and the document it was read from), and the signature block with the
//! recipients ("Nơi nhận") left and the signer's placeholders right. The words are interface
//! strings (`data/ui.tsv`, `rep.*`), Vietnamese by default.
//!
//! The XLSX holds the task table (state and status names in words, never codes such as
//! `open_overdue`; the document's title and a link to it in the app) and a sheet by unit.

use std::io::Cursor;

use chidao_store::TaskState;
use chidao_store::office::{Dashboard, OfficeTask, Scope};
use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableBorders, TableCell, TableRow, WidthType,
};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::Lang;
use crate::pages::enc;

/// The format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Word (Office Open XML).
    Docx,
    /// Excel (Office Open XML).
    Xlsx,
}

impl ReportFormat {
    /// `docx` or `xlsx`.
    pub fn parse(s: &str) -> Option<ReportFormat> {
        match s.to_ascii_lowercase().as_str() {
            "docx" => Some(ReportFormat::Docx),
            "xlsx" => Some(ReportFormat::Xlsx),
            _ => None,
        }
    }

    /// Its media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ReportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// Its file extension.
    pub fn ext(self) -> &'static str {
        match self {
            ReportFormat::Docx => "docx",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}

/// What a report says: its scope, the day it is made, and the tasks of the scope.
pub struct Report<'a> {
    /// The language of its words.
    pub lang: Lang,
    /// Which tasks.
    pub scope: &'a Scope,
    /// The tasks of the scope, by due day.
    pub tasks: Vec<&'a OfficeTask>,
    /// The day states are computed for (ISO).
    pub as_of: String,
    /// Where the app is (`http://127.0.0.1:8080`): links to the documents start with it.
    pub base: String,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The DOCX writer failed.
    #[error("writing the DOCX report: {0}")]
    Docx(String),
    /// The XLSX writer failed.
    #[error("writing the XLSX report: {0}")]
    Xlsx(#[from] XlsxError),
}

const FONT: &str = "Times New Roman";
/// Half-points: 13 pt text, 14 pt title, 12 pt table and header block.
const TEXT: usize = 26;
const TITLE: usize = 28;
const SMALL: usize = 24;
/// Twips (1 mm = 56.7): A4 and the margins of Nghị định 30/2020/NĐ-CP.
const A4: (u32, u32) = (11_906, 16_838);

/// A state in words.
pub fn state_name(lang: Lang, s: TaskState) -> &'static str {
    lang.t(match s {
        TaskState::DoneOnTime => "state.done_on_time",
        TaskState::DoneLate => "state.done_late",
        TaskState::OpenInTime => "state.open_in_time",
        TaskState::OpenOverdue => "state.open_overdue",
        TaskState::NoDeadline => "state.no_deadline",
    })
}

fn date(lang: Lang, iso: Option<&str>) -> String {
    crate::pages::show_date(lang, iso)
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

impl Report<'_> {
    fn t(&self, k: &'static str) -> &'static str {
        self.lang.t(k)
    }

    /// What the scope covers, as a phrase ("Kế hoạch 27-KH/TU · Công an tỉnh · 1/1/2024 – …").
    pub fn subject(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.scope.directive.as_deref().filter(|d| !d.trim().is_empty()) {
            parts.push(format!("{} {d}", self.t("rep.of_directive")));
        }
        if let Some(u) = self.scope.unit.as_deref().filter(|d| !d.trim().is_empty()) {
            parts.push(format!("{} {}", self.t("rep.of_unit"), u.trim_matches('"')));
        }
        let (f, t) = (self.scope.from.as_deref().filter(|d| !d.is_empty()), self.scope.to.as_deref().filter(|d| !d.is_empty()));
        if f.is_some() || t.is_some() {
            parts.push(format!("{} {} – {}", self.t("rep.period"), f.unwrap_or("…"), t.unwrap_or("…")));
        }
        if parts.is_empty() {
            parts.push(self.t("rep.all").to_string());
        }
        parts.join("; ")
    }

    fn dashboard(&self) -> Dashboard {
        Dashboard::compute(self.tasks.iter().copied(), &self.as_of, 20)
    }

    fn doc_link(&self, t: &OfficeTask) -> String {
        let (s, e) = t.task.span;
        format!("{}/doc/{}?hl={s}-{e}#hl", self.base.trim_end_matches('/'), enc(&t.task.doc))
    }

    fn doc_name(&self, t: &OfficeTask) -> String {
        let title = t.headline.clone().unwrap_or_else(|| t.task.doc.clone());
        match t.task.doc_date.as_deref() {
            Some(d) => format!("{title} ({})", date(self.lang, Some(d))),
            None => title,
        }
    }

    /// The DOCX.
    pub fn docx(&self) -> Result<Vec<u8>, ReportError> {
        let fonts = || RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT);
        let run = |s: &str| Run::new().add_text(s).fonts(fonts());
        let para = |s: &str| Paragraph::new().add_run(run(s).size(TEXT)).align(AlignmentType::Both);
        let centre = |r: Run| Paragraph::new().add_run(r).align(AlignmentType::Center);
        let heading = |s: &str| Paragraph::new().add_run(run(s).size(TEXT).bold()).keep_next(true);
        let cell = |p: Paragraph, w: usize| TableCell::new().add_paragraph(p).width(w, WidthType::Dxa);
        let small = |s: &str| Paragraph::new().add_run(run(s).size(SMALL));
        let d = self.dashboard();
        let (y, m, day) = (self.as_of.get(0..4).unwrap_or(""), self.as_of.get(5..7).unwrap_or("").trim_start_matches('0'), self.as_of.get(8..10).unwrap_or("").trim_start_matches('0'));

        // Header block: the issuing body (the unit reported on, else a placeholder) and the
        // number; the national name, motto, place and date.
        let body = self.scope.unit.as_deref().filter(|u| !u.trim().is_empty()).map(|u| u.trim_matches('"').to_uppercase()).unwrap_or_else(|| self.t("rep.body").to_string());
        let left = TableCell::new()
            .add_paragraph(centre(run(&body).size(SMALL).bold()))
            .add_paragraph(centre(run("———").size(SMALL)))
            .add_paragraph(centre(run(self.t("rep.number")).size(TEXT)))
            .width(3_600, WidthType::Dxa);
        let right = TableCell::new()
            .add_paragraph(centre(run(self.t("rep.nation")).size(SMALL).bold()))
            .add_paragraph(centre(run(self.t("rep.motto")).size(TEXT).bold()))
            .add_paragraph(centre(run("———————————").size(SMALL)))
            .add_paragraph(centre(run(&self.t("rep.place_date").replace("{d}", day).replace("{m}", m).replace("{y}", y)).size(TEXT).italic()))
            .width(5_900, WidthType::Dxa);
        let header = Table::new(vec![TableRow::new(vec![left, right])]).set_borders(TableBorders::with_empty()).set_grid(vec![3_600, 5_900]);

        let mut doc = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(PageMargin { top: 1_134, bottom: 1_134, left: 1_701, right: 850, header: 720, footer: 720, gutter: 0 })
            .default_fonts(fonts())
            .default_size(TEXT)
            .add_table(header)
            .add_paragraph(Paragraph::new())
            .add_paragraph(centre(run(self.t("rep.kind")).size(TITLE).bold()))
            .add_paragraph(centre(run(self.t("rep.subject")).size(TITLE).bold()))
            .add_paragraph(centre(run(&self.subject()).size(TITLE).bold()))
            .add_paragraph(centre(run("————").size(TEXT)))
            .add_paragraph(para(&self.t("rep.intro").replace("{d}", &date(self.lang, Some(&self.as_of)))));

        // I. The overall result.
        let c = &d.counts;
        doc = doc.add_paragraph(heading(self.t("rep.s1")));
        doc = doc.add_paragraph(para(&format!("{}: {}.", self.t("rep.total"), c.total())));
        for s in TaskState::ALL {
            doc = doc.add_paragraph(para(&format!("- {}: {}.", state_name(self.lang, s), c.by_state[chidao_store::office::state_index(s)])));
        }
        let colour = c.rag().map_or(self.t("rep.rag_none"), |r| self.lang.t(match r {
            "green" => "dash.rag_green",
            "amber" => "dash.rag_amber",
            _ => "dash.rag_red",
        }));
        doc = doc.add_paragraph(para(&format!("{}: {}; {}: {} ({colour}).", self.t("dash.completion"), pct(c.completion()), self.t("dash.on_time"), pct(c.on_time()))));
        doc = doc.add_paragraph(para(self.t("dash.thresholds")));

        // II. By unit.
        doc = doc.add_paragraph(heading(self.t("rep.s2")));
        let widths = [2_500usize, 1_150, 1_150, 1_150, 1_150, 1_150, 1_150];
        let mut rows = vec![TableRow::new(
            [self.t("dash.unit"), self.t("state.done_on_time"), self.t("state.done_late"), self.t("state.open_in_time"), self.t("state.open_overdue"), self.t("state.no_deadline"), self.t("dash.on_time")]
                .iter()
                .zip(widths)
                .map(|(h, w)| cell(small(h).bold(), w))
                .collect(),
        )];
        for u in &d.units {
            let mut cells = vec![cell(small(u.unit.as_deref().unwrap_or(self.t("dash.no_unit"))), widths[0])];
            for (i, w) in widths[1..6].iter().enumerate() {
                cells.push(cell(small(&u.counts.by_state[i].to_string()).align(AlignmentType::Center), *w));
            }
            cells.push(cell(small(&pct(u.counts.on_time())).align(AlignmentType::Center), widths[6]));
            rows.push(TableRow::new(cells));
        }
        doc = doc.add_table(Table::new(rows).set_grid(widths.to_vec()));

        // III. The tasks, with their evidence.
        doc = doc.add_paragraph(Paragraph::new()).add_paragraph(heading(self.t("rep.s3")));
        let widths = [760usize, 3_040, 1_500, 1_100, 1_300, 1_800];
        let mut rows = vec![TableRow::new(
            [self.t("rep.no"), self.t("rep.task"), self.t("attr.assignee"), self.t("attr.deadline"), self.t("tasks.state"), self.t("rep.evidence")]
                .iter()
                .zip(widths)
                .map(|(h, w)| cell(small(h).bold(), w))
                .collect(),
        )];
        for (i, o) in self.tasks.iter().enumerate() {
            let t = &o.task;
            let mut state = state_name(self.lang, t.state).to_string();
            if let Some(c) = &t.completed_on {
                state = format!("{state} ({})", date(self.lang, Some(c)));
            }
            rows.push(TableRow::new(vec![
                cell(small(&(i + 1).to_string()).align(AlignmentType::Center), widths[0]),
                cell(small(&t.text), widths[1]),
                cell(small(t.assignee.as_deref().unwrap_or("—")), widths[2]),
                cell(small(&date(self.lang, t.deadline.as_deref())), widths[3]),
                cell(small(&state), widths[4]),
                cell(small(&self.doc_name(o)), widths[5]),
            ]));
        }
        if self.tasks.is_empty() {
            doc = doc.add_paragraph(para(self.t("rep.no_tasks")));
        } else {
            doc = doc.add_table(Table::new(rows).set_grid(widths.to_vec()));
        }

        // IV. Overdue; V. proposals (left for the office to write).
        doc = doc.add_paragraph(Paragraph::new()).add_paragraph(heading(self.t("rep.s4")));
        if d.most_overdue.is_empty() {
            doc = doc.add_paragraph(para(self.t("dash.none_overdue")));
        }
        for o in &d.most_overdue {
            doc = doc.add_paragraph(para(&format!(
                "- {}: {} ({} {}, {} {}).",
                o.task.assignee.as_deref().unwrap_or(self.t("dash.no_unit")),
                o.task.text,
                self.t("attr.deadline"),
                date(self.lang, o.task.deadline.as_deref()),
                o.days,
                self.t("dash.days_late")
            )));
        }
        doc = doc.add_paragraph(heading(self.t("rep.s5"))).add_paragraph(para("……………………………………………………………………"));
        doc = doc.add_paragraph(para(self.t("rep.closing")));

        // Signature block: recipients left, the signer right.
        let left = TableCell::new()
            .add_paragraph(Paragraph::new().add_run(run(self.t("rep.recipients")).size(SMALL).bold().italic()))
            .add_paragraph(Paragraph::new().add_run(run(self.t("rep.recipients_1")).size(22)))
            .add_paragraph(Paragraph::new().add_run(run(self.t("rep.recipients_2")).size(22)))
            .width(4_200, WidthType::Dxa);
        let right = TableCell::new()
            .add_paragraph(centre(run(self.t("rep.signer")).size(TEXT).bold()))
            .add_paragraph(centre(run(self.t("rep.sign_hint")).size(TEXT).italic()))
            .add_paragraph(Paragraph::new())
            .add_paragraph(Paragraph::new())
            .add_paragraph(centre(run(self.t("rep.sign_name")).size(TEXT).bold()))
            .width(5_300, WidthType::Dxa);
        doc = doc.add_paragraph(Paragraph::new()).add_table(Table::new(vec![TableRow::new(vec![left, right])]).set_borders(TableBorders::with_empty()).set_grid(vec![4_200, 5_300]));

        let mut out = Cursor::new(Vec::new());
        doc.build().pack(&mut out).map_err(|e| ReportError::Docx(e.to_string()))?;
        Ok(out.into_inner())
    }

    /// The XLSX: the task table, and the counts by unit.
    pub fn xlsx(&self) -> Result<Vec<u8>, ReportError> {
        let mut wb = Workbook::new();
        let head = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top).set_background_color("DDE6F0");
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let link = Format::new().set_font_color("0563C1").set_underline(rust_xlsxwriter::FormatUnderline::Single).set_align(FormatAlign::Top);
        let d = self.dashboard();
        {
            let ws = wb.add_worksheet();
            ws.set_name(self.t("rep.sheet_tasks"))?;
            let cols: [(&str, f64); 14] = [
                (self.t("rep.no"), 5.0),
                (self.t("rep.task"), 60.0),
                (self.t("attr.assignee"), 24.0),
                (self.t("attr.issuer"), 20.0),
                (self.t("attr.deadline"), 14.0),
                (self.t("rep.due"), 12.0),
                (self.t("tasks.state"), 22.0),
                (self.t("tasks.status"), 14.0),
                (self.t("rep.completed_on"), 14.0),
                (self.t("tasks.note"), 20.0),
                (self.t("rep.implements"), 18.0),
                (self.t("rep.doc_title"), 40.0),
                (self.t("rep.doc_date"), 12.0),
                (self.t("rep.link"), 14.0),
            ];
            for (i, (h, w)) in cols.iter().enumerate() {
                ws.write_string_with_format(0, i as u16, *h, &head)?;
                ws.set_column_width(i as u16, *w)?;
            }
            for (i, o) in self.tasks.iter().enumerate() {
                let t = &o.task;
                let r = (i + 1) as u32;
                let s = |v: Option<&str>| v.unwrap_or("").to_string();
                ws.write_number(r, 0, (i + 1) as f64)?;
                ws.write_string_with_format(r, 1, &t.text, &wrap)?;
                ws.write_string_with_format(r, 2, s(t.assignee.as_deref()), &wrap)?;
                ws.write_string_with_format(r, 3, s(t.issuer.as_deref()), &wrap)?;
                ws.write_string(r, 4, t.deadline.as_deref().map(|d| date(self.lang, Some(d))).unwrap_or_default())?;
                ws.write_string(r, 5, t.due.as_deref().map(|d| date(self.lang, Some(d))).unwrap_or_default())?;
                ws.write_string(r, 6, state_name(self.lang, t.state))?;
                ws.write_string(r, 7, self.lang.t(&format!("status.{}", t.status)))?;
                ws.write_string(r, 8, t.completed_on.as_deref().map(|d| date(self.lang, Some(d))).unwrap_or_default())?;
                ws.write_string_with_format(r, 9, s(t.note.as_deref()), &wrap)?;
                ws.write_string_with_format(r, 10, t.refs.join("; "), &wrap)?;
                ws.write_string_with_format(r, 11, o.headline.clone().unwrap_or_else(|| t.doc.clone()), &wrap)?;
                ws.write_string(r, 12, t.doc_date.as_deref().map(|d| date(self.lang, Some(d))).unwrap_or_default())?;
                ws.write_url_with_text(r, 13, self.doc_link(o).as_str(), self.t("rep.open"))?;
                ws.set_cell_format(r, 13, &link)?;
            }
            ws.set_freeze_panes(1, 0)?;
            ws.autofilter(0, 0, self.tasks.len() as u32, 13)?;
        }
        {
            let ws = wb.add_worksheet();
            ws.set_name(self.t("rep.sheet_units"))?;
            let heads = [self.t("dash.unit"), self.t("state.done_on_time"), self.t("state.done_late"), self.t("state.open_in_time"), self.t("state.open_overdue"), self.t("state.no_deadline"), self.t("tasks.total"), self.t("dash.completion"), self.t("dash.on_time")];
            for (i, h) in heads.iter().enumerate() {
                ws.write_string_with_format(0, i as u16, *h, &head)?;
                ws.set_column_width(i as u16, if i == 0 { 36.0 } else { 14.0 })?;
            }
            let all = std::iter::once((self.t("rep.all_units"), &d.counts)).chain(d.units.iter().map(|u| (u.unit.as_deref().unwrap_or(self.t("dash.no_unit")), &u.counts)));
            for (i, (name, c)) in all.enumerate() {
                let r = (i + 1) as u32;
                ws.write_string(r, 0, name)?;
                for (j, n) in c.by_state.iter().enumerate() {
                    ws.write_number(r, (j + 1) as u16, *n as f64)?;
                }
                ws.write_number(r, 6, c.total() as f64)?;
                ws.write_string(r, 7, pct(c.completion()))?;
                ws.write_string(r, 8, pct(c.on_time()))?;
            }
            ws.set_freeze_panes(1, 1)?;
        }
        Ok(wb.save_to_buffer()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name() {
        assert_eq!(ReportFormat::parse("DOCX"), Some(ReportFormat::Docx));
        assert_eq!(ReportFormat::parse("pdf"), None);
        assert!(ReportFormat::Xlsx.media_type().contains("spreadsheetml"));
    }
}
