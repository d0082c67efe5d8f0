//! A body's own work. A unit's act that its own head or member announces is that body's
//! commitment ("Theo bà Lê Thị Mai, Giám đốc Sở Y tế, năm nay, Sở tiếp tục rà soát …", "Thời
//! gian tới Sở sẽ …" in her words; ANNOTATION.md: "a body's head announcing what the body itself
//! will do is a commitment"). What a directing verb, a modal or a prohibition asks stays a
//! direction: the head of a body tells it what it must do ("Ủy ban cũng phải …"), and so does an
//! official document's item.

use std::collections::HashMap;

use chidao_text::fold;

use super::{Basis, SentenceDecision, Task, TaskInput, TaskKind};

/// Turns the directives of a body's own members about the body into its commitments.
pub(crate) fn run(input: &TaskInput<'_>, decisions: &mut [SentenceDecision]) {
    // Each issuer's name and bodies, read once an issuer.
    let mut issuers: HashMap<usize, Issuer> = HashMap::new();
    for d in decisions.iter_mut().filter(|d| d.taken && matches!(d.basis, Some(Basis::Will | Basis::UnitPlan | Basis::UnitAction | Basis::SpeakerAction))) {
        let mut changed = false;
        for t in d.tasks.iter_mut().filter(|t| t.kind == TaskKind::Directive) {
            let Some(p) = t.issuer_person else { continue };
            let issuer = issuers.entry(p).or_insert_with(|| Issuer::of(input, p));
            if issuer.owns(input, t) {
                t.kind = TaskKind::Commitment;
                changed = true;
            }
        }
        if changed && d.tasks.iter().all(|t| t.kind == TaskKind::Commitment) {
            d.kind = Some(TaskKind::Commitment);
        }
    }
}

/// A task's issuer as this stage reads them: folded.
struct Issuer {
    name: String,
    /// The organisations named inside the issuer's roles, of two words or more.
    bodies: Vec<String>,
}

impl Issuer {
    fn of(input: &TaskInput<'_>, p: usize) -> Issuer {
        let Some(person) = input.people.get(p) else { return Issuer { name: String::new(), bodies: Vec::new() } };
        let mut bodies = Vec::new();
        for r in &person.roles {
            for o in input.orgs {
                let from = o.mentions.partition_point(|m| m.start < r.span.start);
                for m in o.mentions[from..].iter().take_while(|m| m.start < r.span.end).filter(|m| m.end <= r.span.end) {
                    let org = fold(input.doc.slice(*m));
                    if org.contains(' ') {
                        bodies.push(org);
                    }
                }
            }
        }
        bodies.sort_unstable();
        bodies.dedup();
        Issuer { name: fold(&person.name), bodies }
    }

    /// Whether the task's sentence names its assignee (not one carried from another sentence),
    /// and the assignee is one of the issuer's bodies, or more of it (folded: "Sở Y tế tỉnh Hòa
    /// Lạc" after "Giám đốc Sở Y tế"; a bare "ủy ban" is not "Ủy ban Kiểm tra").
    fn owns(&self, input: &TaskInput<'_>, t: &Task) -> bool {
        let Some(assignee) = t.assignee.as_deref() else { return false };
        if self.bodies.is_empty() {
            return false;
        }
        let a = fold(assignee);
        // "Chủ tịch nước Trần Văn A gửi lời …": the issuer named as the assignee is no body.
        if a.contains(&self.name) {
            return false;
        }
        let Some(head) = a.split_whitespace().next() else { return false };
        // The document's key is its folded text.
        if !t.span.of(&input.doc.key).split(|c: char| !c.is_alphanumeric()).any(|w| w == head) {
            return false;
        }
        self.bodies.iter().any(|org| a.starts_with(org.as_str()))
    }
}
