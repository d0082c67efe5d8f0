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
    // The bodies each issuer's roles name, read once an issuer.
    let mut bodies: HashMap<usize, Vec<String>> = HashMap::new();
    for d in decisions.iter_mut().filter(|d| d.taken && matches!(d.basis, Some(Basis::Will | Basis::UnitPlan | Basis::UnitAction | Basis::SpeakerAction))) {
        let mut changed = false;
        for t in d.tasks.iter_mut().filter(|t| t.kind == TaskKind::Directive) {
            let Some(p) = t.issuer_person else { continue };
            let own = bodies.entry(p).or_insert_with(|| role_bodies(input, p));
            if own_body(input, t, own) {
                t.kind = TaskKind::Commitment;
                changed = true;
            }
        }
        if changed && d.tasks.iter().all(|t| t.kind == TaskKind::Commitment) {
            d.kind = Some(TaskKind::Commitment);
        }
    }
}

/// The organisations named inside the roles of person `p`, folded, of two words or more.
fn role_bodies(input: &TaskInput<'_>, p: usize) -> Vec<String> {
    let Some(person) = input.people.get(p) else { return Vec::new() };
    let mut out = Vec::new();
    for r in &person.roles {
        for o in input.orgs {
            let from = o.mentions.partition_point(|m| m.start < r.span.start);
            for m in o.mentions[from..].iter().take_while(|m| m.start < r.span.end).filter(|m| m.end <= r.span.end) {
                let org = fold(input.doc.slice(*m));
                if org.contains(' ') {
                    out.push(org);
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether the task's sentence names its assignee (not one carried from another sentence), and
/// the assignee is one of its issuer's bodies (`own`), or more of it (folded: "Sở Y tế tỉnh Hòa
/// Lạc" after "Giám đốc Sở Y tế"; a bare "ủy ban" is not "Ủy ban Kiểm tra").
fn own_body(input: &TaskInput<'_>, t: &Task, own: &[String]) -> bool {
    let (Some(p), Some(assignee)) = (t.issuer_person, t.assignee.as_deref()) else { return false };
    let Some(person) = input.people.get(p) else { return false };
    if own.is_empty() {
        return false;
    }
    let a = fold(assignee);
    // "Chủ tịch nước Trần Văn A gửi lời …": the issuer named as the assignee is no body.
    if a.contains(&fold(&person.name)) {
        return false;
    }
    let Some(head) = a.split_whitespace().next() else { return false };
    if !fold(input.doc.slice(t.span)).split(|c: char| !c.is_alphanumeric()).any(|w| w == head) {
        return false;
    }
    own.iter().any(|org| a.starts_with(org.as_str()))
}
