//! The task extractor on its fictional fixtures (`fixtures/task_*.txt`): which sentences are taken,
//! of which kind, with which issuer, assignee and deadline; and which are not.

use std::path::Path;

use chidao_extract::record::{Record, TaskRec};
use chidao_extract::task::TaskKind;
use chidao_text::{DecodeOptions, Document, decode};

/// The text file at `path`, decoded, as the document `id`.
fn document(path: &Path, id: &str) -> Document {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (text, _) = decode(&bytes, DecodeOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Document::new(id, text)
}

fn tasks(name: &str) -> Vec<TaskRec> {
    let doc = document(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), name);
    let facts = chidao_extract::extract(&doc);
    Record::new(&facts).tasks
}

/// The task whose text starts with `prefix`.
fn task<'a>(ts: &'a [TaskRec], prefix: &str) -> &'a TaskRec {
    ts.iter().find(|t| t.text.starts_with(prefix)).unwrap_or_else(|| panic!("no task starting {prefix:?} in {:#?}", ts.iter().map(|t| &t.text).collect::<Vec<_>>()))
}

fn untaken(ts: &[TaskRec], prefix: &str) {
    assert!(!ts.iter().any(|t| t.text.starts_with(prefix)), "{prefix:?} taken as a task");
}

fn issuer_has(t: &TaskRec, s: &str) {
    assert!(t.issuer.as_deref().is_some_and(|i| i.contains(s)), "issuer {:?} lacks {s:?} in {:?}", t.issuer, t.text);
}

fn issuer_is(t: &TaskRec, s: &str) {
    assert_eq!(t.issuer.as_deref(), Some(s), "issuer of {:?}", t.text);
}

fn assignee_is(t: &TaskRec, s: &str) {
    assert_eq!(t.assignee.as_deref(), Some(s), "assignee of {:?}", t.text);
}

#[test]
fn a_turn_runs_over_paragraphs() {
    let ts = tasks("task_turn_paragraphs.txt");
    untaken(&ts, "Phát biểu chỉ đạo");
    let t = task(&ts, "Thời gian tới, Đảng ủy Công an tỉnh cần");
    issuer_has(t, "Trần Văn Khải");
    assignee_is(t, "Đảng ủy Công an tỉnh");
    for p in ["Tăng cường nắm tình hình", "Đồng thời, chủ động phối hợp", "Sẵn sàng lực lượng"] {
        let t = task(&ts, p);
        assert_eq!(t.kind, TaskKind::Directive);
        issuer_has(t, "Trần Văn Khải");
        assignee_is(t, "Đảng ủy Công an tỉnh");
    }
}

#[test]
fn the_second_speaker_takes_over() {
    let ts = tasks("task_two_speakers.txt");
    untaken(&ts, "Giám đốc Sở Nông nghiệp");
    untaken(&ts, "Sở đã phối hợp");
    let t = task(&ts, "Kết luận cuộc họp");
    issuer_has(t, "Nguyễn Văn Bình");
    assignee_is(t, "Sở Nông nghiệp");
    assert_eq!(t.deadline.as_deref().map(|d| &d[4..]), Some("-08-20"));
    assignee_is(task(&ts, "Các huyện miền núi phải"), "Các huyện miền núi");
    let t = task(&ts, "Sở Tài chính cân đối");
    issuer_has(t, "Nguyễn Văn Bình");
    assignee_is(t, "Sở Tài chính");
    assert_eq!(t.deadline.as_deref(), Some("2024-09"));
}

#[test]
fn the_unit_pledges() {
    let ts = tasks("task_commitment.txt");
    assert_eq!(task(&ts, "Phát biểu kết luận").kind, TaskKind::Directive);
    let t = task(&ts, "Thay mặt Đảng ủy Công an tỉnh tiếp thu");
    assert_eq!(t.kind, TaskKind::Commitment);
    issuer_has(t, "Lê Văn Tâm");
    assignee_is(t, "Đảng ủy Công an tỉnh");
    assert_eq!(t.deadline.as_deref(), Some("2024-07"));
    assert_eq!(task(&ts, "Trong đó, trọng tâm là").kind, TaskKind::Commitment);
}

#[test]
fn relative_deadlines_and_start_dates() {
    let ts = tasks("task_relative_deadlines.txt");
    assert_eq!(task(&ts, "Ông Hoàng Minh Đức yêu cầu").deadline.as_deref().map(|d| &d[4..]), Some("-12"));
    assert_eq!(task(&ts, "Trong quý IV/2023").deadline.as_deref(), Some("2023-12"));
    assignee_is(task(&ts, "Ông Hoàng Minh Đức yêu cầu"), "Chi cục Thuế huyện");
    assert_eq!(task(&ts, "Từ ngày 1/11/2023").deadline, None);
}

#[test]
fn quotations_belong_to_their_speaker() {
    let ts = tasks("task_quotations.txt");
    for p in ["Phát biểu tại hội nghị", "Không để hình thành", "“Chúng ta cần"] {
        issuer_has(task(&ts, p), "Lê Văn Tâm");
    }
}

#[test]
fn a_lead_and_its_directive() {
    let ts = tasks("task_lead_repeat.txt");
    issuer_has(task(&ts, "Kết luận cuộc họp"), "Trần Văn Khải");
    assignee_is(task(&ts, "Người đứng đầu cơ quan phải"), "Người đứng đầu cơ quan");
    untaken(&ts, "Tỉnh ủy Hòa Lạc yêu cầu siết chặt");
}

#[test]
fn hard_negatives() {
    assert!(tasks("task_neg_crime.txt").is_empty(), "{:#?}", tasks("task_neg_crime.txt"));
    assert!(tasks("task_neg_statistics.txt").is_empty());
    assert!(tasks("task_neg_praise.txt").is_empty());
    assert!(tasks("task_past_orders.txt").is_empty());
    assert!(tasks("task_hope_question.txt").is_empty(), "{:#?}", tasks("task_hope_question.txt"));
}

#[test]
fn bullet_items_are_tasks() {
    let ts = tasks("task_bullets.txt");
    untaken(&ts, "Thủ tướng giao nhiệm vụ");
    assignee_is(task(&ts, "Bộ Công an chủ trì"), "Bộ Công an");
    assignee_is(task(&ts, "Các địa phương bảo đảm"), "Các địa phương");
    assignee_is(task(&ts, "Bộ Giao thông vận tải tăng cường"), "Bộ Giao thông vận tải");
    issuer_has(task(&ts, "Bộ Giao thông vận tải tăng cường"), "Đặng Quốc Việt");
}

#[test]
fn a_plan_adopted_by_a_body() {
    let ts = tasks("task_plan_body.txt");
    for p in ["Theo kế hoạch, UBND tỉnh chỉ đạo", "Nâng cao hiệu quả", "Bảo đảm 100% vụ việc"] {
        issuer_has(task(&ts, p), "UBND tỉnh");
    }
}

#[test]
fn a_units_own_plan_is_a_commitment() {
    let ts = tasks("task_commitment_plan.txt");
    untaken(&ts, "6 tháng qua");
    for p in ["Thời gian tới, Thanh tra tỉnh", "Ngoài ra, sẽ tập trung"] {
        let t = task(&ts, p);
        assert_eq!(t.kind, TaskKind::Commitment);
        issuer_has(t, "Thanh tra tỉnh");
    }
}

#[test]
fn proposals_by_members() {
    let ts = tasks("task_proposal_member.txt");
    let t = task(&ts, "Góp ý vào báo cáo");
    issuer_has(t, "Đỗ Thị Lan");
    assignee_is(t, "UBND tỉnh");
    issuer_has(task(&ts, "Ông Vũ Quang Hải"), "Vũ Quang Hải");
}

#[test]
fn back_references() {
    let ts = tasks("task_back_reference.txt");
    assignee_is(task(&ts, "Sở cũng cần"), "Sở Văn hóa và Thể thao");
    assignee_is(task(&ts, "Ông Nguyễn Văn Bình giao"), "Sở Y tế");
}

#[test]
fn recurring_deadline() {
    let ts = tasks("task_recurring_deadline.txt");
    assert_eq!(task(&ts, "Bí thư Tỉnh ủy Trần Văn Khải yêu cầu").deadline.as_deref(), Some("XXXX-12-25"));
    assignee_is(task(&ts, "Ban Tổ chức Tỉnh ủy có trách nhiệm"), "Ban Tổ chức Tỉnh ủy");
}

#[test]
fn refs_from_the_sentence() {
    let ts = tasks("task_docref_turn.txt");
    let t = task(&ts, "Phát biểu chỉ đạo");
    assignee_is(t, "các chi bộ trực thuộc");
    assert!(t.refs.iter().any(|r| r.contains("35")), "{:?}", t.refs);
    issuer_has(task(&ts, "Các đồng chí cấp ủy viên phải"), "Lê Văn Tâm");
}

#[test]
fn future_acts_need_a_unit() {
    let ts = tasks("task_conditional_will.txt");
    let t = task(&ts, "Trả lời ý kiến cử tri");
    assert_eq!(t.kind, TaskKind::Commitment);
    assert_eq!(t.deadline.as_deref(), Some("2024-09"));
    untaken(&ts, "Dịch bệnh trên cây trồng");
    untaken(&ts, "Theo ông Huy");
}

#[test]
fn a_leader_after_a_report() {
    let ts = tasks("task_background_leader.txt");
    untaken(&ts, "Báo cáo tại buổi làm việc");
    untaken(&ts, "Phát biểu kết luận");
    let t = task(&ts, "Thời gian tới, tỉnh cần");
    issuer_has(t, "Vũ Minh Quang");
    let t = task(&ts, "Đẩy nhanh tiến độ");
    assert_eq!(t.kind, TaskKind::Directive);
    issuer_has(t, "Vũ Minh Quang");
}

#[test]
fn clauses_with_their_units() {
    let ts = tasks("task_clause_assignees.txt");
    untaken(&ts, "Sáng 6/1");
    issuer_has(task(&ts, "Đại tá Lê Văn Tâm yêu cầu"), "Lê Văn Tâm");
    assignee_is(task(&ts, "Công an các huyện, thị xã thực hiện"), "Công an các huyện, thị xã");
}

#[test]
fn a_units_name_ends_where_the_organisation_does() {
    let ts = tasks("task_unit_names.txt");
    // Words of the name that look like a verb or a break ("hàng", "tạo") stay in it.
    assignee_is(task(&ts, "Ngày 5/3/2024"), "Ngân hàng Nhà nước Việt Nam");
    assignee_is(task(&ts, "Ngày 7/3/2024"), "Sở Giáo dục và Đào tạo");
    // The predicate after a whole name is not part of it.
    assignee_is(task(&ts, "Ngày 6/3/2024"), "các bộ, ngành");
    assignee_is(task(&ts, "Ngày 8/3/2024"), "UBND tỉnh Hòa Lạc");
    // "các tổ chức": a verb's form after "các" names a thing, and the phrase does not refer back.
    assignee_is(task(&ts, "Ngày 9/3/2024"), "các tổ chức");
}

/// The text files of a folder, by name.
fn texts_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// `task::find` passes over the sentences outside any turn that hold no cue, unanalysed;
/// `task::explain` analyses every sentence to say why. Both give the same tasks: on the fixtures,
/// the bundled examples, and (when `../shared` is there) the seeds and the official documents.
#[test]
fn passing_over_sentences_changes_no_task() {
    use chidao_extract::task::{explain, find};
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = texts_in(&here.join("tests/fixtures"));
    files.extend(texts_in(&here.join("../../examples")));
    if let Some(shared) = chidao_testkit::shared("passing_over_sentences_changes_no_task (seeds, official documents)") {
        files.extend(texts_in(&shared.join("seeds")));
        files.extend(texts_in(&shared.join("realdocs/expected")));
    }
    let mut taken = 0;
    for path in &files {
        let doc = document(path, &path.display().to_string());
        let x = chidao_extract::extract(&doc);
        let input = x.task_input();
        let explained: Vec<_> = explain(&input).into_iter().flat_map(|d| d.tasks).collect();
        let found = find(&input);
        assert_eq!(found, explained, "{}", path.display());
        taken += found.len();
    }
    assert!(files.len() >= 60 && taken > 100, "{} files, {taken} tasks", files.len());
}

#[test]
fn a_source_opens_a_turn_and_a_plan_needs_no_cue() {
    let ts = tasks("task_outside_turn.txt");
    // "Theo <title> <name>, …" opens the speaker's turn without a verb of saying.
    let t = task(&ts, "Các phòng chuyên môn khẩn trương");
    issuer_has(t, "Lê Văn Phúc");
    assignee_is(t, "Các phòng chuyên môn");
    // "Thời gian tới, <unit> <action>": the unit's plan, outside any turn, with no cue.
    let t = task(&ts, "Thời gian tới, Sở Xây dựng phối hợp");
    assert_eq!(t.kind, TaskKind::Commitment);
    untaken(&ts, "Ngày 6/9");
}

#[test]
fn findings_descriptions_and_pledges() {
    let ts = tasks("task_findings_and_pledges.txt");
    // A survey that shows something is no order to survey.
    untaken(&ts, "Khảo sát giá nhà");
    // "vốn đầu tư" names capital: no unit acts in that sentence.
    untaken(&ts, "Công ty TNHH Sao Mai");
    // A photo's credit split off as a sentence of one verb.
    untaken(&ts, "cung cấp");
    let t = task(&ts, "Phó Chủ tịch Lê Văn Bình yêu cầu");
    assignee_is(t, "Sở Xây dựng");
    assert_eq!(t.deadline.as_deref(), Some("XXXX-10-30"));
    // "các giải pháp" names no unit: the turn's addressee is told.
    let t = task(&ts, "Phó Chủ tịch cũng yêu cầu các giải pháp");
    assignee_is(t, "Sở Xây dựng");
    // "rau cần" is a vegetable, not a modal.
    untaken(&ts, "Thấy rau cần");
    // The pledge's verb ends its subject.
    let t = task(&ts, "Giám đốc Sở Xây dựng khẳng định sẽ rà soát");
    assert_eq!(t.kind, TaskKind::Commitment);
    assignee_is(t, "Giám đốc Sở Xây dựng");
    // "Chúng tôi sẽ …" in an office-holder's words: the speaker's own body, not the turn's unit.
    let t = task(&ts, "“Chúng tôi sẽ kiểm tra lại bảng giá");
    assert_eq!(t.kind, TaskKind::Commitment);
    assignee_is(t, "Sở Xây dựng");
    for (prefix, unit) in [
        // A recurrence opening the clause is no part of the unit's name.
        ("Hằng tháng, Sở Xây dựng sẽ tổng hợp", "Sở Xây dựng"),
        // An adverb of continuing after the unit ends its name.
        ("Phó Chủ tịch Lê Văn Bình đề nghị Thanh tra tỉnh", "Thanh tra tỉnh"),
        // An opening adverbial whose only capital is the sentence's is no unit of a list.
        ("Rõ ràng, Sở Tài chính phải", "Sở Tài chính"),
        // An en dash inside a unit's name does not cut it, as subject or as object.
        ("Phó Chủ tịch Lê Văn Bình cho rằng Sở Lao động", "Sở Lao động – Thương binh và Xã hội"),
        ("Phó Chủ tịch Lê Văn Bình yêu cầu Sở Văn hóa", "Sở Văn hóa – Thể thao và Du lịch"),
    ] {
        assignee_is(task(&ts, prefix), unit);
    }
    // A bracket after a person's name is their constituency: the person speaks.
    let t = task(&ts, "Đại biểu Phạm Thị Quyết Tâm");
    issuer_is(t, "Phạm Thị Quyết Tâm");
    // A letter's number and date before the body: the body speaks.
    let t = task(&ts, "Tại Văn bản số 215/SXD-QLN");
    issuer_is(t, "Sở Xây dựng");
}

#[test]
fn work_given_in_the_passive() {
    // The unit before "được" is given the work; the body after it gives it.
    let ts = tasks("task_passive_given.txt");
    let t = task(&ts, "Năm 2026, Ban Quản lý dự án tỉnh được");
    assignee_is(t, "Ban Quản lý dự án tỉnh");
    issuer_has(t, "Ủy ban nhân dân tỉnh");
}

#[test]
fn speakers_of_the_central_highlands() {
    let ts = tasks("task_highlands_speakers.txt");
    // A name with its clan name last ("Y …"), one opened by a letter and an apostrophe, a Jrai
    // family name: each is the person who speaks.
    for (prefix, person, unit) in [
        ("Phó Chủ tịch UBND huyện Y Blô Mlô", "Y Blô Mlô", "các xã"),
        ("Bà H’Lim Êban", "H’Lim Êban", "Ban Văn hóa xã"),
        ("Ông Ksor Dũng", "Ksor Dũng", "các thôn"),
    ] {
        let t = task(&ts, prefix);
        issuer_is(t, person);
        assignee_is(t, unit);
    }
    // "nhất trí" (agrees) ends the unit's name; a bracket opened in the name closes with it.
    let t = task(&ts, "Hội Nông dân huyện");
    assert_eq!(t.kind, TaskKind::Commitment);
    assignee_is(t, "Hội Nông dân huyện (cơ sở Ea Tul)");
    // What was heard ends where a leader speaks after the comma.
    let t = task(&ts, "Sau khi nghe báo cáo của các xã");
    issuer_is(t, "Lò Văn Sơn");
    assignee_is(t, "Hạt Kiểm lâm");
    // The act asked for ends the unit's name, a verb of two syllables that is no action
    // elsewhere included ("cung cấp").
    assignee_is(task(&ts, "Chủ tịch UBND huyện cũng đề nghị"), "Hạt Kiểm lâm huyện");
    // Before what is provided, such a verb names the unit.
    assignee_is(task(&ts, "Ông Lò Văn Sơn đề nghị các doanh nghiệp"), "các doanh nghiệp cung cấp dịch vụ viễn thông");
    // A board named for the forest it manages (org_fields.tsv) is whole.
    assignee_is(task(&ts, "Ông Lò Văn Sơn giao"), "Ban Quản lý rừng phòng hộ");
    // "với đề nghị …": a proposal spoken of, no one's order.
    untaken(&ts, "Trong khi đó, UBND xã Ea Tul");
}
