//! Tasks: who directed whom to do what, by when, under which directive (issue 3).

mod analyze;
pub mod deadline;
mod index;
mod lex;
mod sent;
mod speaker;
mod turn;

use chidao_text::{Document, Span};
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

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// The sentence or clause, a span of the text.
    pub span: Span,
    /// Directive or commitment.
    pub kind: TaskKind,
    /// Who gives the direction: a person's full name or a body.
    pub issuer: Option<String>,
    /// Who must act.
    pub assignee: Option<String>,
    /// By when.
    pub deadline: Option<PartialDate>,
    /// Indices into the document list of the directives implemented.
    pub refs: Vec<usize>,
}

/// Everything the task extractor reads.
pub struct TaskInput<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its dates.
    pub dates: &'a [DateMention],
    /// Its people.
    pub people: &'a [Person],
    /// Its organisations.
    pub orgs: &'a [Org],
    /// Its cited documents.
    pub docrefs: &'a [DocRef],
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
    /// The reason in a few words.
    pub reason: String,
    /// The tasks cut from the sentence (clauses), when taken.
    pub tasks: Vec<Task>,
}

/// The tasks of a document.
pub fn find(input: &TaskInput<'_>) -> Vec<Task> {
    explain(input).into_iter().flat_map(|d| d.tasks).collect()
}

/// Sentence-by-sentence decisions (bullet lists item by item), in text order.
pub fn explain(input: &TaskInput<'_>) -> Vec<SentenceDecision> {
    turn::run(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<SentenceDecision> {
        let doc = Document::new("t.txt", text.to_string());
        explain(&TaskInput { doc: &doc, dates: &[], people: &[], orgs: &[], docrefs: &[] })
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
