//! How an official document stands to the documents it cites: it *implements* a directive
//! ("Thực hiện Chỉ thị số 07-CT/TU …, Ban Thường vụ Huyện ủy ban hành Kế hoạch …", a title
//! "V/v triển khai thực hiện Chỉ thị …", a report "Kết quả thực hiện Kế hoạch …") or rests on a
//! law as its *basis* ("Căn cứ Nghị định số …").
//!
//! Decided from structure, not from any one text: the lead-ins are the words of
//! `data/relation_cues.tsv`, and they count only where a document says what it is for — its own
//! title (the "V/v" subject and the lines under the kind heading, inside the header) and its
//! opening paragraphs (each one opening with a lead-in: "Căn cứ …;", "Thực hiện …,"). In the
//! opening, a lead-in governs the citations after it up to the next lead-in; one that does not
//! open a clause ("… của Huyện ủy về thực hiện Chỉ thị số 07 …") belongs to the title of a
//! citation before it, and what it cites up to the next ";" is that document's business, not
//! this one's. The document's own entry (its header's number) is never a target.

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::docref::DocRef;
use crate::gazetteer;
use crate::header::Header;

gazetteer!(RELATION_CUES, "relation_cues.tsv");

/// How many opening paragraphs after the header may carry lead-ins ("Căn cứ …" lines).
const OPENING_PARAGRAPHS: usize = 10;
/// A paragraph longer than this is not searched (a hostile one-line file stays fast).
const MAX_PARAGRAPH_BYTES: usize = 4000;

/// The kind of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// The document carries out the cited one (a plan of a directive, a report on it).
    Implements,
    /// The document cites it as its legal basis.
    Basis,
}

impl RelationKind {
    /// Its name in JSON and in the register (`implements`, `basis`).
    pub fn code(self) -> &'static str {
        match self {
            RelationKind::Implements => "implements",
            RelationKind::Basis => "basis",
        }
    }
}

/// The document's relation to one document it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Relation {
    /// Implements or basis.
    pub kind: RelationKind,
    /// Index of the cited document in the extraction's `docrefs`.
    pub target: usize,
    /// The lead-in that says so ("Thực hiện", "Căn cứ").
    pub cue: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cue {
    Implements,
    Basis,
}

fn cue_class(entry: usize) -> Option<Cue> {
    match RELATION_CUES.fields(entry).first().map(String::as_str) {
        Some("implements") => Some(Cue::Implements),
        Some("basis") => Some(Cue::Basis),
        _ => None,
    }
}

/// True when a document kind is a legal instrument (a basis, not a policy to carry out).
fn legal(kind: &str) -> bool {
    RELATION_CUES.lookup(kind).is_some_and(|e| RELATION_CUES.fields(e).first().is_some_and(|c| c == "legal"))
}

/// True when the lead-in at `at` opens a clause of the paragraph starting at `start`: at its
/// start, or after ";", "," or ":" (after "V/v" or "Về việc" in a title line).
fn opens_clause(doc: &Document, start: usize, at: usize) -> bool {
    let before = doc.key[start..at].trim_end();
    if before.is_empty() || before.ends_with([';', ',', ':']) {
        return true;
    }
    let b = before.trim_start_matches(['-', '+', '•', ' ']);
    b == "v/v" || b == "về việc"
}

/// The relations of an extraction's document: none unless it has a header.
pub fn of(x: &crate::Extraction<'_>) -> Vec<Relation> {
    x.header.as_ref().map(|h| find(x.doc, h, &x.docrefs, h.own_entry())).unwrap_or_default()
}

/// The relations of an official document (one with a header) to the documents it cites.
/// `own`: the index of the document's own entry among `docrefs`, which is never a target.
pub fn find(doc: &Document, header: &Header, docrefs: &[DocRef], own: Option<usize>) -> Vec<Relation> {
    // Where each citation is mentioned, in text order.
    let mut mentions: Vec<(Span, usize)> =
        docrefs.iter().enumerate().filter(|(i, _)| Some(*i) != own).flat_map(|(i, d)| d.mentions.iter().map(move |m| (*m, i))).collect();
    if mentions.is_empty() {
        return Vec::new();
    }
    mentions.sort_unstable_by_key(|m| m.0.start);
    let mut out: Vec<Relation> = Vec::new();
    let paras = &doc.paragraphs;
    // The title: paragraphs inside the header (the "V/v" subject, the lines under the heading).
    // A title says what the document is for wherever its lead-in stands ("Báo cáo sơ kết 6
    // tháng thực hiện Chỉ thị …"), so there the first lead-in opens the clause.
    for p in paras.iter().filter(|p| p.start >= header.span.start && p.end <= header.span.end) {
        read_paragraph(doc, *p, &mentions, docrefs, true, &mut out);
    }
    // The opening: the paragraphs after the header that open with a lead-in ("Kính gửi" lines
    // and the list under them skipped).
    let from = paras.iter().position(|p| p.start >= header.span.end).unwrap_or(paras.len());
    let mut seen = 0;
    for p in paras.iter().skip(from) {
        let k = doc.key_of(*p);
        if k.starts_with("kính gửi") || (seen == 0 && k.starts_with(['-', '+', '•'])) {
            continue;
        }
        seen += 1;
        let lead = k.len() - k.trim_start_matches(['-', '+', '•', ' ', '(']).len();
        let opens = RELATION_CUES.match_at(&doc.key, p.start + lead).is_some_and(|h| cue_class(h.entry).is_some());
        if !opens || seen > OPENING_PARAGRAPHS {
            break;
        }
        read_paragraph(doc, *p, &mentions, docrefs, false, &mut out);
    }
    out
}

/// The relations one paragraph states. `title`: the first lead-in counts wherever it stands.
fn read_paragraph(doc: &Document, p: Span, mentions: &[(Span, usize)], docrefs: &[DocRef], title: bool, out: &mut Vec<Relation>) {
    if p.len() > MAX_PARAGRAPH_BYTES {
        return;
    }
    let cues: Vec<(Span, Cue)> = RELATION_CUES.find_in(&doc.key, p).into_iter().filter_map(|h| cue_class(h.entry).map(|c| (h.span, c))).collect();
    let here: Vec<&(Span, usize)> = mentions.iter().filter(|(m, _)| m.start >= p.start && m.end <= p.end).collect();
    if cues.is_empty() || here.is_empty() {
        return;
    }
    for (n, &(cue, class)) in cues.iter().enumerate() {
        let first_in_title = title && !here.iter().any(|(m, _)| m.start < cue.start);
        if !(first_in_title || opens_clause(doc, p.start, cue.start)) {
            continue;
        }
        // The governed stretch: up to the next lead-in that opens a clause; a nested one (a
        // cited document's own title) leaves out what follows it up to the next ";".
        let mut end = p.end;
        let mut holes: Vec<Span> = Vec::new();
        for &(next, _) in &cues[n + 1..] {
            if opens_clause(doc, p.start, next.start) {
                end = next.start;
                break;
            }
            let stop = doc.key[next.end..end].find(';').map_or(end, |i| next.end + i);
            holes.push(Span::new(next.start, stop));
        }
        for &&(m, target) in here.iter().filter(|(m, _)| m.start >= cue.end && m.end <= end) {
            if holes.iter().any(|h| m.start >= h.start && m.start < h.end) {
                continue;
            }
            let kind = match class {
                Cue::Basis if legal(&docrefs[target].kind) => RelationKind::Basis,
                _ => RelationKind::Implements,
            };
            if !out.iter().any(|r| r.target == target) {
                out.push(Relation { kind, target, cue });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relations(text: &str) -> Vec<(RelationKind, String)> {
        let doc = Document::new("t.txt", chidao_text::nfc(text).into_owned());
        let x = crate::extract(&doc);
        assert!(x.header.is_some(), "a header");
        of(&x).into_iter().map(|r| (r.kind, x.docrefs[r.target].key())).collect()
    }

    const HEAD: &str = "ỦY BAN NHÂN DÂN\nHUYỆN TÂN LĨNH\nSố: 45/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTân Lĩnh, ngày 25 tháng 2 năm 2026\nKẾ HOẠCH\n";

    #[test]
    fn lead_ins_of_the_opening_implement_and_laws_are_a_basis() {
        let t = format!(
            "{HEAD}Bảo vệ rừng năm 2026\n\nCăn cứ Nghị định số 58/2025/NĐ-CP ngày 10/3/2025 của Chính phủ về phòng cháy rừng;\n\nCăn cứ Kết luận số 20-KL/TU ngày 5/1/2026 của Tỉnh ủy;\n\nThực hiện Chỉ thị số 07-CT/TU ngày 15/01/2026 của Ban Thường vụ Tỉnh ủy và Kế hoạch số 15-KH/HU ngày 10/02/2026 của Ban Thường vụ Huyện ủy, Ủy ban nhân dân huyện ban hành Kế hoạch thực hiện như sau:\n\n1. Hạt Kiểm lâm huyện kiểm tra các cơ sở chế biến lâm sản.\n\nThực hiện Chỉ thị số 09-CT/TU, các xã báo cáo.\n"
        );
        assert_eq!(
            relations(&t),
            [
                (RelationKind::Basis, "58/2025/NĐ-CP".to_string()),
                (RelationKind::Implements, "20-KL/TU".to_string()),
                (RelationKind::Implements, "07-CT/TU".to_string()),
                (RelationKind::Implements, "15-KH/HU".to_string()),
            ]
        );
    }

    #[test]
    fn a_title_lead_in_counts_and_a_cited_documents_own_title_does_not() {
        let t = "ĐẢNG BỘ HUYỆN TÂN LĨNH\nĐẢNG ỦY XÃ ĐÔNG VÂN\nSố: 32-BC/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nĐông Vân, ngày 20 tháng 6 năm 2026\nBÁO CÁO\nkết quả thực hiện Kế hoạch số 15-KH/HU ngày 10/02/2026 của Ban Thường vụ Huyện ủy về thực hiện Chỉ thị số 07-CT/TU của Ban Thường vụ Tỉnh ủy\n\nNăm 2026, Đảng ủy xã đã tổ chức 4 hội nghị.\n";
        assert_eq!(relations(t), [(RelationKind::Implements, "15-KH/HU".to_string())]);
        let t = "ỦY BAN NHÂN DÂN\nHUYỆN TÂN LĨNH\nSố: 88/UBND-VP\nV/v triển khai thực hiện Chỉ thị số 07-CT/TU\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTân Lĩnh, ngày 3 tháng 3 năm 2026\nKính gửi: Ủy ban nhân dân các xã.\n\nỦy ban nhân dân huyện đề nghị các xã khẩn trương thực hiện.\n";
        assert_eq!(relations(t), [(RelationKind::Implements, "07-CT/TU".to_string())]);
    }

    #[test]
    fn citations_in_the_body_are_no_relation() {
        let t = format!("{HEAD}Bảo vệ rừng năm 2026\n\nNăm 2025, công tác bảo vệ rừng đạt kết quả tốt.\n\nThực hiện Chỉ thị số 07-CT/TU, các xã tuần tra.\n");
        assert_eq!(relations(&t), []);
    }
}
