//! Tasks: who directed whom to do what, by when, under which directive (issue 3).

mod actor;
mod analyze;
pub mod deadline;
mod index;
mod item;
mod judge;
mod own;
pub(crate) mod lex;
mod sent;
mod speaker;
mod turn;

use chidao_text::{Document, Span};

pub use item::{Detail, detail, details};
use serde::Serialize;

use crate::date::DateMention;
use crate::date::PartialDate;
use crate::docref::DocRef;
use crate::org::Org;
use crate::person::Person;

/// Directive (someone requires it) or commitment (the unit pledges it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Someone directs, requires, proposes or asks.
    Directive,
    /// The receiving unit pledges.
    Commitment,
}

/// What the speaker whose turn runs over a sentence is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnMode {
    /// Directing, requiring, proposing.
    Directive,
    /// Saying ("nhấn mạnh", "cho rằng"): directing in a meeting's report, an opinion elsewhere.
    Speech,
    /// Pledging.
    Commitment,
    /// Reporting, narrating.
    Report,
}

/// What made a sentence a task candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A directing verb ("yêu cầu", "chỉ đạo", "giao", "đề nghị").
    Order,
    /// A modal or prohibition ("cần", "phải", "không để").
    Modal,
    /// A pledge ("cam kết", "phấn đấu", "quyết tâm").
    Pledge,
    /// Accepting directions ("tiếp thu … và sẽ …").
    Accept,
    /// A unit's future act ("sẽ tăng cường").
    Will,
    /// The words after a speaker's verb open with an action ("nhấn mạnh, tăng cường …").
    SpeakerAction,
    /// "Thời gian tới, Sở … triển khai …".
    UnitPlan,
    /// A prohibition inside a directing turn.
    Prohibition,
    /// A sentence opening with an action verb inside a turn.
    Imperative,
    /// A unit and an action verb inside a turn.
    UnitAction,
    /// An item of an official document's own assignments ("3. Công an tỉnh: …").
    Item,
}

/// How sure the extractor is that a task is an institution's work: the tier decides whether the
/// record lists it; the reasons say why (`chidao extract --explain`).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Confidence {
    /// Between 0 and 1.
    pub score: f64,
    /// High, medium (both listed) or low (kept in the register, hidden by default).
    pub tier: Tier,
    /// Each feature that counted, with its weight.
    pub reasons: Vec<String>,
}

impl Eq for Confidence {}

/// Confidence tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Doubtful: not an institution's task as far as the text tells.
    #[default]
    Low,
    /// Likely.
    Medium,
    /// An institution directs, is directed or pledges, explicitly.
    High,
}

impl Tier {
    /// Listed in the record (and shown by default).
    pub fn listed(self) -> bool {
        self != Tier::Low
    }

    /// `high`, `medium`, `low`.
    pub fn code(self) -> &'static str {
        match self {
            Tier::High => "high",
            Tier::Medium => "medium",
            Tier::Low => "low",
        }
    }
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// The sentence or clause, a span of the text.
    pub span: Span,
    /// Directive or commitment.
    pub kind: TaskKind,
    /// Who gives the direction: a person's full name or a body.
    pub issuer: Option<String>,
    /// The issuer, when a person of the document (an index into its people).
    pub issuer_person: Option<usize>,
    /// Who must act.
    pub assignee: Option<String>,
    /// By when.
    pub deadline: Option<PartialDate>,
    /// Indices into the document list of the directives implemented.
    pub refs: Vec<usize>,
    /// Whether it is an institution's task, and why.
    pub confidence: Confidence,
}

/// Everything the task extractor reads.
pub struct TaskInput<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its events (meetings, inspections …): what makes it a report of public work.
    pub events: &'a [crate::event::Event],
    /// Its dates.
    pub dates: &'a [DateMention],
    /// Its people.
    pub people: &'a [Person],
    /// Its organisations.
    pub orgs: &'a [Org],
    /// Its cited documents.
    pub docrefs: &'a [DocRef],
    /// The document's own header, when it is an official document.
    pub header: Option<&'a crate::header::Header>,
    /// The document's own time, where known ([`crate::meta::own_time`]): a date before it is told,
    /// not set as a deadline.
    pub now: Option<PartialDate>,
}

/// Why a sentence was or was not taken, for `chidao extract --explain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentenceDecision {
    /// The sentence.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// Taken as a task (or as clauses of tasks).
    pub taken: bool,
    /// Kind when taken.
    pub kind: Option<TaskKind>,
    /// The cue that decided.
    pub cue: Option<String>,
    /// The speaker of the turn the sentence lies in.
    pub speaker: Option<String>,
    /// The addressee of the turn.
    pub addressee: Option<String>,
    /// What the speaker of the turn does (no turn: narrative).
    pub turn: Option<TurnMode>,
    /// The sentence names its speaker itself (it opens the turn).
    pub opens_turn: bool,
    /// The words naming the turn's speaker, as written ("Ông Lê Văn Tâm, Ủy viên Ban Pháp chế").
    pub speaker_words: Option<String>,
    /// The verb that opened the turn ("yêu cầu", "nhấn mạnh", "cho rằng").
    pub turn_verb: Option<String>,
    /// What made it a candidate, when taken.
    pub basis: Option<Basis>,
    /// The reason in a few words.
    pub reason: String,
    /// The tasks cut from the sentence (clauses), when taken.
    pub tasks: Vec<Task>,
}

impl SentenceDecision {
    /// A sentence not (yet) taken, with nothing decided about it.
    pub(crate) fn untaken(doc: &Document, span: Span) -> SentenceDecision {
        SentenceDecision {
            span,
            text: doc.slice(span).to_string(),
            taken: false,
            kind: None,
            cue: None,
            speaker: None,
            addressee: None,
            turn: None,
            opens_turn: false,
            speaker_words: None,
            turn_verb: None,
            basis: None,
            reason: String::new(),
            tasks: Vec::new(),
        }
    }
}

/// The tasks of a document, every candidate with its confidence (the record lists the confident
/// ones; see [`Tier::listed`]).
pub fn find(input: &TaskInput<'_>) -> Vec<Task> {
    decisions(input, turn::Depth::Tasks).into_iter().flat_map(|d| d.tasks).collect()
}

/// Sentence-by-sentence decisions (bullet lists item by item), in text order. The stages: each
/// sentence analysed on its own (`analyze`), candidates and their attribution over the
/// discourse of speakers' turns (`turn`), an official document's own items (`item`), then the judgement of each candidate — whether an
/// institution directs, is directed or pledges — with its confidence and reasons (`judge`), and
/// a body's own work announced by its members as its commitment (`own`).
pub fn explain(input: &TaskInput<'_>) -> Vec<SentenceDecision> {
    decisions(input, turn::Depth::Explain)
}

/// The stages of [`explain`]; at [`turn::Depth::Tasks`] the sentences that cannot be tasks are
/// not analysed, and their decisions say only that.
fn decisions(input: &TaskInput<'_>, depth: turn::Depth) -> Vec<SentenceDecision> {
    let mut decisions = turn::run(input, depth);
    item::run(input, &mut decisions);
    judge::run(input, &mut decisions);
    own::run(input, &mut decisions);
    decisions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<SentenceDecision> {
        let doc = Document::new("t.txt", text.to_string());
        explain(&TaskInput { doc: &doc, events: &[], dates: &[], people: &[], orgs: &[], docrefs: &[], header: None, now: None })
    }

    #[test]
    fn hostile_documents_stay_linear() {
        // One huge sentence full of cues and titles, no punctuation.
        let mut t = String::from("Tin\n\n");
        for _ in 0..4000 {
            t.push_str("Ông Lê Văn Tâm yêu cầu các sở phải cần không để sẽ tăng cường ");
        }
        t.push('.');
        let start = std::time::Instant::now();
        let d = run(&t);
        assert!(!d.is_empty());
        assert!(start.elapsed().as_secs() < 20, "too slow: {:?}", start.elapsed());
        // Commas and quotes everywhere, binary junk.
        let mut t = String::from("Tin\n\n");
        for i in 0..3000 {
            t.push_str(if i % 2 == 0 { "“Bộ trưởng, Sở, ” – Bộ nói, \u{0}\u{fffd} : • " } else { "phòng, chống; đã chỉ đạo, ; " });
        }
        let _ = run(&t);
        let _ = run("");
        let _ = run("•••");
    }

    /// Runs the whole pipeline's modules the task extractor reads (people, dates) on `text`.
    fn full(text: &str) -> Vec<SentenceDecision> {
        let doc = Document::new("t.txt", text.to_string());
        let dates = crate::date::find(&doc);
        let orgs = crate::org::find(&doc);
        let people = crate::person::find(&doc, &orgs);
        let docrefs = crate::docref::find(&doc, &dates);
        explain(&TaskInput { doc: &doc, events: &[], dates: &dates, people: &people, orgs: &orgs, docrefs: &docrefs, header: None, now: None })
    }

    fn taken(d: &[SentenceDecision]) -> Vec<&str> {
        d.iter().filter(|x| x.taken).map(|x| x.text.as_str()).collect()
    }

    fn task_of<'a>(d: &'a [SentenceDecision], start: &str) -> &'a Task {
        d.iter().find(|x| x.text.starts_with(start)).and_then(|x| x.tasks.first()).unwrap_or_else(|| panic!("no task: {start}"))
    }

    #[test]
    fn removed_cues_stay_general() {
        // "trọng tâm là" decides nothing outside a turn (festival news) …
        let d = run("Tin\n\nNăm nay, lễ hội có nhiều hoạt động, trọng tâm là tổ chức đua thuyền trên sông.\n\nMinh Anh\n");
        assert!(taken(&d).is_empty(), "{d:?}");
        // … and is the work given inside a directing turn.
        let d = run("Tin\n\nPhát biểu chỉ đạo, Bí thư Tỉnh ủy yêu cầu các huyện rà soát hồ sơ.\n\nTrong đó, trọng tâm là xây dựng lực lượng công an xã vững mạnh.\n\nMinh Anh\n");
        assert!(taken(&d).iter().any(|t| t.starts_with("Trong đó, trọng tâm")), "{d:?}");
        // A purchase order is no direction; the verb "need" at a clause end is no modal.
        let d = run("Tin\n\nCông ty Hòa Phát đặt hàng 200 tấn thép của nhà máy.\n\nLực lượng công an luôn có mặt lúc dân cần, nơi dân khó.\n\nMinh Anh\n");
        assert!(taken(&d).is_empty(), "{d:?}");
        // "sẽ" + an action verb of the lexicon pledges; "sẽ vào cuộc" too.
        let d = run("Tin\n\nTheo đó, Huyện ủy Sơn Hà sẽ vào cuộc quyết liệt để giải phóng mặt bằng.\n\nMinh Anh\n");
        assert_eq!(d.iter().find(|x| x.taken).and_then(|x| x.kind), Some(TaskKind::Commitment));
        // … but "vào cuộc" after another verb is a preposition and a noun.
        let d = run("Tin\n\nPhát biểu chỉ đạo, Bí thư Tỉnh ủy yêu cầu các huyện rà soát hồ sơ.\n\nQuân đội nước này can thiệp vào cuộc xung đột từ năm 2015.\n\nMinh Anh\n");
        assert_eq!(taken(&d).len(), 1, "{d:?}");
    }

    #[test]
    fn a_body_s_own_head_announcing_its_work_pledges_it() {
        let text = "Tin\n\nNgày 4/1, Sở Y tế tỉnh Hòa Lạc tổ chức hội nghị triển khai nhiệm vụ năm 2027.\n\n\
            Theo bà Lê Thị Mai, Giám đốc Sở Y tế, năm nay, Sở tiếp tục rà soát thủ tục hành chính.\n\n\
            Phát biểu chỉ đạo, Phó Chủ tịch UBND tỉnh Trần Văn Bình yêu cầu Sở Y tế phối hợp với Công an tỉnh xử lý nghiêm các vi phạm.\n\nMinh Anh\n";
        let d = full(text);
        assert_eq!(task_of(&d, "Theo bà Lê Thị Mai").kind, TaskKind::Commitment, "{d:#?}");
        assert_eq!(task_of(&d, "Phát biểu chỉ đạo").kind, TaskKind::Directive);
    }

    #[test]
    fn a_pledge_after_a_condition_and_an_announcement_pledged() {
        let text = "Tin\n\nChiều 3/4, Công an tỉnh Hòa Lạc tổ chức họp báo về vụ việc tại xã Đông Sơn.\n\n\
            Đại tá Lê Văn Tâm, Giám đốc Công an tỉnh cho biết: “Ủy ban tỉnh đã có ý kiến chỉ đạo thì các lực lượng chức năng, trong đó có công an huyện, sẽ nghiêm túc thực hiện”.\n\n\
            “Khi có kết luận, chúng tôi sẽ công bố công khai”, Đại tá Lê Văn Tâm nói.\n\nMinh Anh\n";
        let d = full(text);
        // What was done in the condition ("đã có ý kiến chỉ đạo thì …") does not make its
        // consequence a report; the aside ("trong đó có …") stays out of the unit.
        let t = task_of(&d, "Đại tá Lê Văn Tâm, Giám đốc");
        assert_eq!((t.kind, t.assignee.as_deref()), (TaskKind::Commitment, Some("các lực lượng chức năng")), "{d:#?}");
        // "sẽ công bố": announcing is an act when it is pledged.
        assert_eq!(task_of(&d, "“Khi có kết luận").kind, TaskKind::Commitment, "{d:#?}");
    }

    /// [`full`] of a news item of one sentence.
    fn in_news(sentence: &str) -> Vec<SentenceDecision> {
        full(&format!("Tin\n\n{sentence}\n\nMinh Anh\n"))
    }

    #[test]
    fn the_unit_met_ends_before_the_day() {
        let d = in_news("Làm việc với các sở, ngành ngày 6/2, Chủ tịch UBND tỉnh Lê Văn Tâm yêu cầu đẩy nhanh tiến độ giải ngân vốn đầu tư công.");
        assert_eq!(task_of(&d, "Làm việc với").assignee.as_deref(), Some("các sở, ngành"), "{d:#?}");
    }

    #[test]
    fn a_letter_directs_in_its_body_s_name() {
        let d = in_news("Công văn của Thanh tra Sở Tài chính tỉnh Hòa Lạc yêu cầu UBND huyện Sơn Khê báo cáo việc sử dụng kinh phí.");
        assert_eq!(task_of(&d, "Công văn của").issuer.as_deref(), Some("Thanh tra Sở Tài chính tỉnh Hòa Lạc"), "{d:#?}");
    }

    #[test]
    fn a_body_s_name_with_a_comma_is_one_issuer() {
        let d = in_news("Sở Văn hóa, Thể thao và Du lịch tỉnh Hòa Lạc yêu cầu các huyện kiểm tra việc tổ chức lễ hội.");
        assert_eq!(task_of(&d, "Sở Văn hóa").issuer.as_deref(), Some("Sở Văn hóa, Thể thao và Du lịch tỉnh Hòa Lạc"), "{d:#?}");
    }

    #[test]
    fn descriptions_of_a_body_are_no_tasks() {
        let text = "Tin\n\nNgày 3/4, Tỉnh ủy Hòa Lạc làm việc với Sở Giao thông vận tải.\n\n\
            Theo Bí thư Tỉnh ủy Lê Văn Tâm, Chủ tịch UBND tỉnh cũng rất quan tâm chỉ đạo tháo gỡ khó khăn cho dự án.\n\n\
            Sở Giao thông vận tải luôn coi trọng việc phối hợp với các huyện.\n\n\
            Dự kiến bến xe sẽ phục vụ khoảng 3 triệu lượt hành khách mỗi năm.\n\n\
            Hằng tháng Phòng Quản lý đô thị sẽ tổng hợp báo cáo gửi UBND huyện.\n\nMinh Anh\n";
        let d = full(text);
        let listed: Vec<&str> = d.iter().filter(|x| x.taken && x.tasks.iter().any(|t| t.confidence.tier.listed())).map(|x| x.text.as_str()).collect();
        // The attention a leader pays, a body's habit and a facility's future direct no one …
        assert!(!listed.iter().any(|t| t.starts_with("Theo Bí thư") || t.starts_with("Sở Giao thông") || t.starts_with("Dự kiến bến xe")), "{d:#?}");
        // … while a unit named after a sentence-opening time pledges.
        assert_eq!(task_of(&d, "Hằng tháng").kind, TaskKind::Commitment, "{d:#?}");
    }

    #[test]
    fn a_thing_needed_a_necessity_named_and_a_credit_are_no_tasks() {
        let text = "Tin\n\nSáng 3/4, Bí thư Tỉnh ủy Hòa Lạc Lê Văn Tâm làm việc với Sở Công Thương.\n\n\
            Theo ông Tâm, nhà máy này cần khoảng 2.000 ha vùng nguyên liệu.\n\n\
            Ngành công thương cần sự ổn định trong nhiều năm.\n\n\
            Tán thành với sự cần thiết phải sửa đổi quy chế, các đại biểu cho rằng quy chế hiện hành còn nhiều bất cập.\n\n\
            Đẩy mạnh chuyển đổi số trong quản lý thị trường. Ảnh minh họa: Minh Anh.\n\n\
            Ông Tâm yêu cầu Sở Công Thương rà soát các cụm công nghiệp trước ngày 30/6.\n\nMinh Anh\n";
        let d = full(text);
        assert_eq!(taken(&d), vec!["Ông Tâm yêu cầu Sở Công Thương rà soát các cụm công nghiệp trước ngày 30/6."], "{d:#?}");
    }

    #[test]
    fn what_need_not_be_done_an_effort_spoken_of_and_an_identity_are_no_tasks() {
        let text = "Tin\n\nSáng 3/4, Bộ trưởng Bộ Nội vụ Lê Văn Tâm làm việc với UBND tỉnh Hòa Lạc.\n\n\
            Theo Bộ trưởng, nhiều đơn vị còn trùng lắp chức năng, nhà nước không cần phải thực hiện các dịch vụ này.\n\n\
            Theo ông Tâm, phát triển du lịch trên đảo không nhất thiết phải xây thêm khách sạn.\n\n\
            Bộ trưởng nhấn mạnh hội thi là dịp ghi nhận sự phấn đấu và đóng góp của người lao động.\n\n\
            Đơn vị hỗ trợ xây dựng phần mềm là Công ty TNHH Minh Long.\n\n\
            Công ty Cổ phần Sông Xanh trực tiếp quản lý dự án này.\n\n\
            Theo Thứ trưởng Trần Văn Bình, Đối thoại gồm hai phiên toàn thể và một phiên thảo luận.\n\n\
            Theo Thứ trưởng Trần Văn Bình, Đối thoại sẽ góp phần thúc đẩy hợp tác.\n\n\
            Ông Tâm yêu cầu UBND tỉnh rà soát các đơn vị sự nghiệp trước ngày 30/6.\n\nMinh Anh\n";
        let d = full(text);
        assert_eq!(taken(&d), vec!["Ông Tâm yêu cầu UBND tỉnh rà soát các đơn vị sự nghiệp trước ngày 30/6."], "{d:#?}");
    }

    #[test]
    fn work_given_with_its_description_and_a_pledge_made_with_a_partner() {
        let d = in_news("Tại hội nghị, Bộ trưởng Lê Văn Tâm giao nhiệm vụ cụ thể cho các bộ, ngành để phát triển ngành thủy sản.");
        assert_eq!(task_of(&d, "Tại hội nghị").assignee.as_deref(), Some("các bộ, ngành"), "{d:#?}");
        let d = in_news("Bộ Nông nghiệp sẽ cùng với tỉnh Hòa Lạc giám sát hai cơ sở đóng tàu thực hiện các cam kết khắc phục lỗi.");
        let t = task_of(&d, "Bộ Nông nghiệp sẽ");
        assert_eq!((t.kind, t.assignee.as_deref()), (TaskKind::Commitment, Some("Bộ Nông nghiệp")), "{d:#?}");
    }

    #[test]
    fn a_letter_s_body_after_its_number_and_date_directs() {
        let d = in_news("Văn bản số 512/UBND-KT, ngày 10/11/2026, của UBND tỉnh Hòa Lạc giao Chủ tịch UBND huyện Sơn Khê kiểm tra thông tin, báo cáo trước ngày 30/11/2026.");
        let t = task_of(&d, "Văn bản số 512");
        assert_eq!((t.issuer.as_deref(), t.assignee.as_deref()), (Some("UBND tỉnh Hòa Lạc"), Some("Chủ tịch UBND huyện Sơn Khê")), "{d:#?}");
    }

    #[test]
    fn requests_listed_or_pointed_back_to_are_nouns() {
        let text = "Tin\n\nPhát biểu tại hội nghị, Chủ tịch UBND tỉnh Lê Văn Tâm khẳng định mặt trận là kênh quan trọng để chính quyền hiểu được nguyện vọng, tình cảm, kiến nghị, đề xuất từ nhân dân.\n\n\
            Ông Trần Văn Bình, Hiệu trưởng Trường Đại học Hòa Lạc khẳng định chỉ đạo trên của Tỉnh ủy là hết sức kịp thời.\n\nMinh Anh\n";
        let d = full(text);
        assert!(taken(&d).is_empty(), "{d:#?}");
    }

    #[test]
    fn a_plea_to_be_allowed_and_a_claim_spoken_of_are_no_tasks() {
        let text = "Tin\n\nSáng 3/4, Sở Tư pháp tỉnh Hòa Lạc làm việc với Công ty Minh Long.\n\n\
            Phía doanh nghiệp đề nghị được tiếp tục làm việc với đoàn kiểm tra của Sở.\n\n\
            Về yêu cầu bồi thường thiệt hại, tòa ghi nhận số tiền các bên đã thỏa thuận được.\n\n\
            Tòa chấp nhận một phần yêu cầu khởi kiện của ông Lê Văn Tâm.\n\n\
            Công ty Minh Long kính đề nghị các cấp quan tâm chỉ đạo, đôn đốc các hộ dân sớm bàn giao mặt bằng.\n\nMinh Anh\n";
        let d = full(text);
        assert_eq!(taken(&d), vec!["Công ty Minh Long kính đề nghị các cấp quan tâm chỉ đạo, đôn đốc các hộ dân sớm bàn giao mặt bằng."], "{d:#?}");
        assert_eq!(task_of(&d, "Công ty Minh Long").issuer.as_deref(), Some("Công ty Minh Long"), "{d:#?}");
    }

    #[test]
    fn a_body_bound_by_its_own_member_s_words_pledges() {
        let text = "Tin\n\nSáng 3/4, Thứ trưởng Bộ Nội vụ Lê Văn Tâm làm việc với UBND tỉnh Hòa Lạc.\n\n\
            Theo Thứ trưởng Lê Văn Tâm, Bộ Nội vụ đặt mục tiêu phải giảm một nửa thời gian giải quyết thủ tục.\n\n\
            UBND tỉnh Hòa Lạc cần rà soát các thủ tục hành chính trước ngày 30/6.\n\nMinh Anh\n";
        let d = full(text);
        let own = task_of(&d, "Theo Thứ trưởng");
        assert_eq!((own.kind, own.assignee.as_deref()), (TaskKind::Commitment, Some("Bộ Nội vụ")), "{d:#?}");
        let other = task_of(&d, "UBND tỉnh Hòa Lạc cần");
        assert_eq!((other.kind, other.assignee.as_deref()), (TaskKind::Directive, Some("UBND tỉnh Hòa Lạc")), "{d:#?}");
    }

    #[test]
    fn relayed_direction_without_its_verb() {
        let d = full("Tin\n\nVăn phòng UBND tỉnh Hòa Lạc vừa có văn bản truyền đạt ý kiến chỉ đạo của Chủ tịch UBND tỉnh Lê Văn Tâm chấn chỉnh công tác cấp phép xây dựng.\n\nMinh Anh\n");
        assert_eq!(taken(&d).len(), 1, "{d:?}");
    }

    #[test]
    fn captions_open_no_directing_turn() {
        let text = "Tin\n\nBáo cáo với đoàn công tác, Đại tá Lê Minh Tâm, Giám đốc Công an tỉnh Hòa Lạc cho biết, năm qua tình hình an ninh trật tự ổn định.\n\nThứ trưởng Trần Văn Hải phát biểu chỉ đạo tại buổi làm việc với Công an tỉnh Hòa Lạc.\n\nCông an tỉnh tích cực tham mưu cho cấp ủy, chính quyền, chỉ đạo thực hiện có hiệu quả công tác bảo đảm an ninh.\n\nTỷ lệ điều tra khám phá án cao, không để hình thành băng nhóm tội phạm; công tác quản lý cư trú đạt nhiều kết quả.\n\nBộ trưởng Trần Văn Hải chủ trì cuộc họp về sửa đổi quy chế phối hợp.\n\nMinh Anh\n";
        let d = full(text);
        assert!(taken(&d).is_empty(), "{:#?}", d.iter().map(|x| (&x.text, &x.reason)).collect::<Vec<_>>());
        // A prohibition after an imperative is still a task in a directing turn.
        let d = run("Tin\n\nPhát biểu chỉ đạo, Bí thư Tỉnh ủy yêu cầu các huyện rà soát hồ sơ.\n\nTăng cường tuần tra, không để hình thành điểm nóng.\n\nMinh Anh\n");
        assert_eq!(taken(&d).len(), 2, "{d:?}");
    }

    #[test]
    fn titles_of_linked_articles_are_not_tasks() {
        let d = run("Tin\n\nSáng 5/3, UBND tỉnh Hòa Lạc họp bàn công tác phòng cháy rừng. [Chủ tịch tỉnh yêu cầu các huyện xử lý nghiêm vụ phá rừng] Chủ tịch UBND tỉnh yêu cầu Hạt Kiểm lâm tăng cường tuần tra trong mùa khô.\n\nMinh Anh\n");
        let t = taken(&d);
        assert_eq!(t.len(), 1, "{d:?}");
        assert!(t[0].starts_with("Chủ tịch UBND tỉnh yêu cầu Hạt Kiểm lâm"), "{t:?}");
    }

    #[test]
    fn narrative_cues_are_not_tasks() {
        let text = "Tin\n\nTheo báo cáo của Sở Tài nguyên, đầu năm 2016, do vướng thẩm quyền (phải gom hồ sơ về một mối là Sở - PV) nên đã xảy ra quá tải.\n\nTheo đó, người dân chỉ cần tới văn phòng đăng ký đất đai cấp huyện.\n\nKhông đồng ý với kết quả này, Công ty Minh Phát yêu cầu gửi mẫu đi kiểm định lần thứ hai, nhưng rồi kết quả vẫn cho thấy không đạt chất lượng.\n\nMinh Anh\n";
        let d = full(text);
        assert!(taken(&d).is_empty(), "{:#?}", d.iter().map(|x| (&x.text, &x.reason)).collect::<Vec<_>>());
        // A request without its outcome stays a direction.
        let d = full("Tin\n\nGiám đốc Sở Lê Văn Tâm yêu cầu gửi mẫu đi kiểm định lần thứ hai trước ngày 20/7.\n\nMinh Anh\n");
        assert_eq!(taken(&d).len(), 1, "{d:?}");
    }

    #[test]
    fn theo_opener_and_bare_imperatives() {
        let text = "Tin\n\nSáng 3/4, Bộ trưởng Bộ Tư pháp Lê Văn Tâm chủ trì họp góp ý dự thảo luật.\n\nCũng theo Bộ trưởng Lê Văn Tâm, quy chế khi được ban hành phải thể hiện được đặc thù của ngành.\n\nĐồng chí Bộ trưởng nhấn mạnh, Sở Tư pháp Hòa Lạc phải bám sát chỉ đạo của cấp ủy.\n\nThực hiện nghiêm túc Nghị quyết 12-NQ/TU của Tỉnh ủy về xây dựng lực lượng.\n\nMinh Anh\n";
        let d = full(text);
        let t = task_of(&d, "Cũng theo");
        assert_eq!(t.issuer.as_deref(), Some("Lê Văn Tâm"));
        assert_eq!(t.kind, TaskKind::Directive);
        assert!(taken(&d).iter().any(|x| x.starts_with("Thực hiện nghiêm túc")), "{d:?}");
        // "Thực hiện Kế hoạch …, ngày …" is still an intro.
        let d = full("Tin\n\nThực hiện Kế hoạch 27-KH/TU của Tỉnh ủy, ngày 8/6, Công an tỉnh tổ chức hội nghị.\n\nMinh Anh\n");
        assert!(taken(&d).is_empty(), "{d:?}");
    }

    #[test]
    fn attributes_of_speakers_and_units() {
        let text = "Tin\n\nTại buổi làm việc, đồng chí Trần Văn Hùng, Chủ tịch UBND tỉnh Hòa Lạc, đánh giá cao kết quả của lực lượng Công an tỉnh.\n\nĐồng thời, nêu ra một số vấn đề liên quan đến ANTT và TTATGT đề nghị Bộ Công an tham mưu các giải pháp.\n\nThay mặt Đảng ủy Công an tỉnh, lãnh đạo Công an tỉnh, Đại tá Lê Văn Tâm, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Đảng ủy Công an tỉnh, Giám đốc Công an tỉnh Hòa Lạc cảm ơn sự quan tâm, chỉ đạo sâu sắc của Tỉnh ủy, nhất là của Chủ tịch UBND tỉnh Trần Văn Hùng; đồng thời nghiêm túc tiếp thu ý kiến chỉ đạo và hứa sẽ chỉ đạo lực lượng Công an tỉnh khẩn trương triển khai thực hiện.\n\nBan cán sự Đảng Sở Tư pháp sẽ chỉ đạo các đơn vị chuẩn bị báo cáo.\n\nGiám đốc Sở Lê Văn Tâm đề nghị phía Tổng cục Du lịch cần tiếp tục lấy ý kiến các chuyên gia.\n\nMinh Anh\n";
        let d = full(text);
        let t = task_of(&d, "Đồng thời, nêu ra");
        assert_eq!(t.issuer.as_deref(), Some("Trần Văn Hùng"));
        let t = task_of(&d, "Thay mặt");
        assert_eq!((t.kind, t.issuer.as_deref(), t.assignee.as_deref()), (TaskKind::Commitment, Some("Lê Văn Tâm"), Some("lực lượng Công an tỉnh")));
        let t = task_of(&d, "Ban cán sự");
        assert_eq!((t.kind, t.assignee.as_deref()), (TaskKind::Commitment, Some("Ban cán sự Đảng Sở Tư pháp")));
        let t = task_of(&d, "Giám đốc Sở Lê Văn Tâm đề nghị");
        assert_eq!(t.assignee.as_deref(), Some("Tổng cục Du lịch"));
    }

    #[test]
    fn an_adverb_is_no_part_of_a_body_s_name() {
        let text = "Tin\n\nNgày 3/4, Sở Y tế tỉnh Hòa Lạc họp với các bệnh viện.\n\nSở Y tế chỉ yêu cầu các bệnh viện báo cáo số ca bệnh trước ngày 10/4.\n\nMinh Anh\n";
        let d = full(text);
        let t = task_of(&d, "Sở Y tế chỉ yêu cầu");
        assert_eq!((t.issuer.as_deref(), t.assignee.as_deref()), (Some("Sở Y tế"), Some("các bệnh viện")));
    }

    #[test]
    fn a_capitalised_unit_after_giao_and_a_bracket_after_a_body() {
        let text = "Tin\n\nNgày 3/4, Tỉnh ủy Hòa Lạc họp bàn công tác cán bộ.\n\nTỉnh ủy giao Ban Tổ chức Tỉnh ủy hoàn thành đề án trước ngày 30/6.\n\nSở Y tế (Phòng Nghiệp vụ Y và Dược) đề nghị các bệnh viện báo cáo số ca bệnh trước ngày 10/4.\n\nMinh Anh\n";
        let d = full(text);
        // "giao Ban …" is "giao" before a unit, not "giao ban" (a briefing).
        let t = task_of(&d, "Tỉnh ủy giao Ban");
        assert_eq!((t.issuer.as_deref(), t.assignee.as_deref()), (Some("Tỉnh ủy"), Some("Ban Tổ chức Tỉnh ủy")), "{d:#?}");
        // The part of the body in the bracket: the body speaks.
        let t = task_of(&d, "Sở Y tế (Phòng");
        assert_eq!((t.issuer.as_deref(), t.assignee.as_deref()), (Some("Sở Y tế"), Some("các bệnh viện")), "{d:#?}");
    }

    #[test]
    fn a_document_pledges_nothing() {
        let d = full("Tin\n\nSáng 3/4, UBND tỉnh Hòa Lạc họp về Đề án phát triển du lịch.\n\nĐề án sẽ xây dựng 20 điểm du lịch cộng đồng đến năm 2030.\n\nSở Văn hóa sẽ xây dựng kế hoạch triển khai trước ngày 30/6.\n\nMinh Anh\n");
        // No unit pledges: the capital that opens the sentence names nothing ("Đề án"), and were
        // it read as a unit, a document's future would weigh low.
        assert!(!taken(&d).iter().any(|t| t.starts_with("Đề án sẽ")), "{d:#?}");
        let d2 = full("Tin\n\nSáng 3/4, UBND tỉnh Hòa Lạc họp về Đề án phát triển du lịch.\n\nĐề án Du lịch cộng đồng sẽ xây dựng 20 điểm du lịch đến năm 2030.\n\nMinh Anh\n");
        let plan = task_of(&d2, "Đề án Du lịch");
        assert_eq!(plan.confidence.tier, Tier::Low, "{:?}", plan.confidence.reasons);
        assert!(plan.confidence.reasons.iter().any(|r| r.contains("a document")), "{:?}", plan.confidence.reasons);
        let unit = task_of(&d, "Sở Văn hóa sẽ");
        assert!(!unit.confidence.reasons.iter().any(|r| r.contains("a document")), "{:?}", unit.confidence.reasons);
    }

    #[test]
    fn a_noun_ending_in_trinh_is_no_verb() {
        // "trình" (to submit) of "chương trình", "công trình" gives no unit an act.
        let d = full("Tin\n\nSáng 3/4, UBND tỉnh Hòa Lạc họp với các sở.\n\nCác chương trình của Sở Văn hóa năm nay đều rất hấp dẫn.\n\nCác công trình trọng điểm của tỉnh đã được khởi công.\n\nMinh Anh\n");
        assert!(taken(&d).is_empty(), "{:#?}", d.iter().map(|x| (&x.text, &x.reason)).collect::<Vec<_>>());
    }

    #[test]
    fn history_opened_by_a_year_reached_is_no_task() {
        let d = full("Tin\n\nĐến năm 2009, Sở Tài chính tiếp tục đề xuất bán đấu giá biển số, UBND tỉnh đã chấp thuận và giao cho các huyện nghiên cứu.\n\nĐến năm 2025, các huyện phải hoàn thành việc cắm mốc giới.\n\nMinh Anh\n");
        let t = taken(&d);
        assert_eq!(t.len(), 1, "{:#?}", d.iter().map(|x| (&x.text, &x.reason)).collect::<Vec<_>>());
        assert!(t[0].starts_with("Đến năm 2025"));
        assert_eq!(task_of(&d, "Đến năm 2025").deadline.and_then(|x| x.iso()).as_deref(), Some("2025"));
    }

    #[test]
    fn a_body_told_by_its_own_member_gives_its_own_orders() {
        let d = full("Tin\n\nSáng 5/3, Thứ trưởng Bộ Công an Lê Văn Tâm làm việc với tỉnh Hòa Lạc.\n\nThứ trưởng Lê Văn Tâm yêu cầu Công an tỉnh Hòa Lạc khẩn trương điều tra vụ việc.\n\nBộ Công an cũng giao cho Công an tỉnh Hòa Lạc phối hợp các cơ quan liên quan hỗ trợ ngư dân.\n\nCác địa phương báo cáo UBND tỉnh chỉ đạo các sở phối hợp xử lý.\n\nMinh Anh\n");
        let t = task_of(&d, "Bộ Công an cũng giao");
        assert_eq!((t.issuer.as_deref(), t.assignee.as_deref()), (Some("Bộ Công an"), Some("Công an tỉnh Hòa Lạc")), "{d:#?}");
    }

    #[test]
    fn a_notice_s_participants_are_no_task() {
        let d = full("GIẤY MỜI\n\nCông an tỉnh tổ chức Hội nghị công bố danh sách xã không ma túy.\n\n- Thành phần: Khoảng 120 người, gồm Thành viên Hội đồng xét duyệt và đề nghị công nhận xã không ma túy; đại diện Công an các xã.\n\n- Thời gian: 8 giờ ngày 12/3/2026.\n\nĐề nghị Công an các xã cử đại biểu tham dự đúng thành phần.\n");
        let t = taken(&d);
        assert!(!t.iter().any(|x| x.contains("Thành phần")), "{d:#?}");
        assert!(t.iter().any(|x| x.starts_with("Đề nghị Công an các xã")), "{d:#?}");
        let why = d.iter().find(|x| x.text.contains("Thành phần")).map(|x| x.reason.as_str());
        assert_eq!(why, Some("a notice's list of participants"));
    }

    #[test]
    fn words_that_hold_sở_name_no_unit() {
        let d = full("Tin\n\nTrên cơ sở các báo cáo của các đơn vị, Sở Tài chính sẽ đề xuất phương án phân bổ vốn.\n\nKhi người dân kéo đến trụ sở Công an phường Hòa Bình yêu cầu giải quyết, lực lượng chức năng đã có mặt.\n\nSở dĩ Ban quản lý chưa công bố kết luận là do phải chờ kết quả giám định.\n\nMinh Anh\n");
        let t = task_of(&d, "Trên cơ sở");
        assert_eq!((t.issuer.as_deref(), t.assignee.as_deref()), (Some("Sở Tài chính"), Some("Sở Tài chính")), "{d:#?}");
        for x in d.iter().flat_map(|x| &x.tasks) {
            for who in [&x.issuer, &x.assignee].into_iter().flatten() {
                assert!(!who.to_lowercase().starts_with("sở ") || who.starts_with("Sở Tài chính"), "{who}: {d:#?}");
            }
        }
    }

    #[test]
    fn a_counted_request_is_a_noun() {
        let d = run("Tin\n\nHiệp hội Doanh nghiệp tỉnh có hai đề nghị gửi UBND tỉnh về thủ tục đất đai.\n\nTinh giản biên chế là một yêu cầu cấp bách hiện nay.\n\nUBND TP Thủ Dầu Một yêu cầu các phường rà soát hồ sơ.\n\nMinh Anh\n");
        assert_eq!(taken(&d), ["UBND TP Thủ Dầu Một yêu cầu các phường rà soát hồ sơ."], "{d:#?}");
    }

    #[test]
    fn work_given_before_is_described() {
        let d = run("Tin\n\nNăm qua, tỉnh đạt 11 trong số 13 chỉ tiêu HĐND tỉnh giao.\n\nGiải ngân mới đạt 30% kế hoạch vốn được Thủ tướng Chính phủ giao.\n\nVề kinh phí thực hiện, giao Sở Tài chính cân đối nguồn vốn.\n\nMinh Anh\n");
        assert_eq!(taken(&d), ["Về kinh phí thực hiện, giao Sở Tài chính cân đối nguồn vốn."], "{d:#?}");
        // Nor does the agent of the work given speak.
        let d = full("Tin\n\nBí thư Tỉnh ủy Lê Văn Tâm phát biểu tại hội nghị.\n\nBí thư mong muốn cán bộ xã hoàn thành tốt nhiệm vụ Đảng và Nhà nước giao phó.\n\nCán bộ xã cần lắng nghe ý kiến của nhân dân.\n\nMinh Anh\n");
        assert_ne!(task_of(&d, "Cán bộ xã cần").issuer.as_deref(), Some("Đảng và Nhà nước"), "{d:#?}");
    }

    #[test]
    fn trends_levels_and_what_came_next_are_no_tasks() {
        let d = run("Tin\n\nTheo lý giải của ông Lê Văn Tâm, Trưởng phòng Giáo dục, từ ba năm nay nguồn tuyển ngày càng hạn chế.\n\nBí thư Tỉnh ủy nhấn mạnh: \"Trình độ cán bộ của tỉnh ngày càng cao.\n\nCông an huyện sau đó đưa nạn nhân đến bệnh viện cấp cứu.\n\nMinh Anh\n");
        assert!(taken(&d).is_empty(), "{d:#?}");
    }

    #[test]
    fn the_sender_of_a_letter_asks_what_it_asks() {
        let d = full("Tin\n\nChủ tịch UBND tỉnh Lê Văn Tâm yêu cầu các huyện xử lý nạn khai thác cát trái phép.\n\nNgày 6/2, UBND tỉnh Hòa Lạc có công văn gửi Bộ Tài nguyên và Môi trường, UBND tỉnh Sơn Hà đề nghị phối hợp xử lý việc đổ thải.\n\nCông an tỉnh có văn bản số 640 đề nghị UBND huyện Tân Phú kiểm tra các bến bãi.\n\nSở Tài chính nhiều lần có công văn yêu cầu các huyện quyết toán vốn.\n\nMinh Anh\n");
        assert_eq!(task_of(&d, "Ngày 6/2").issuer.as_deref(), Some("UBND tỉnh Hòa Lạc"), "{d:#?}");
        let t = task_of(&d, "Công an tỉnh");
        assert_eq!((t.issuer.as_deref(), t.assignee.as_deref()), (Some("Công an tỉnh"), Some("UBND huyện Tân Phú")), "{d:#?}");
        assert_eq!(task_of(&d, "Sở Tài chính").issuer.as_deref(), Some("Sở Tài chính"), "{d:#?}");
        // A letter in a clause of time is background.
        let d = full("Tin\n\nVụ khiếu nại kéo dài nhiều năm sau khi Bộ Tài chính có văn bản đề nghị Công ty Hòa Phát bàn giao khu đất.\n\nMinh Anh\n");
        assert!(taken(&d).is_empty(), "{d:#?}");
    }

    #[test]
    fn courtesies_and_needs_are_no_work() {
        let d = full("Tin\n\nChủ tịch nước Lê Văn Thành tiếp Đại sứ nước bạn.\n\nNhân dịp này, Chủ tịch nước Lê Văn Thành chuyển tới lãnh đạo nước bạn lời chào trân trọng.\n\nTheo các chuyên gia, thực trạng này rất cần được quan tâm giải quyết.\n\nBộ trưởng Trần Minh Hạnh gửi lời chia buồn tới gia đình nạn nhân và khẳng định Bộ Y tế sẽ chỉ đạo Sở Y tế tỉnh Hòa Lạc làm rõ vụ việc.\n\nMinh Anh\n");
        assert_eq!(taken(&d), ["Bộ trưởng Trần Minh Hạnh gửi lời chia buồn tới gia đình nạn nhân và khẳng định Bộ Y tế sẽ chỉ đạo Sở Y tế tỉnh Hòa Lạc làm rõ vụ việc."], "{d:#?}");
    }

    #[test]
    fn explain_says_why() {
        let d = run("Tin tức tỉnh Hòa Lạc\n\nSáng 3/4, Tỉnh ủy Hòa Lạc họp.\n\nPhát biểu chỉ đạo, Bí thư Tỉnh ủy yêu cầu các huyện rà soát hồ sơ. Tăng cường tuyên truyền trong nhân dân.\n\nNăm qua, toàn tỉnh đã xử lý 12 vụ việc.\n\nMinh Anh\n");
        let taken: Vec<&str> = d.iter().filter(|x| x.taken).map(|x| x.text.as_str()).collect();
        assert_eq!(taken, ["Phát biểu chỉ đạo, Bí thư Tỉnh ủy yêu cầu các huyện rà soát hồ sơ.", "Tăng cường tuyên truyền trong nhân dân."]);
        let last = d.iter().find(|x| x.text.starts_with("Năm qua")).unwrap();
        assert!(!last.taken && !last.reason.is_empty());
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"reason\""));
    }
}
