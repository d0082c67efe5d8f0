//! A body's own work. A unit's act that its own head or member announces is that body's
//! commitment ("Theo bà Lê Thị Mai, Giám đốc Sở Y tế, năm nay, Sở tiếp tục rà soát …", "Thời
//! gian tới Sở sẽ …" in her words; ANNOTATION.md: "a body's head announcing what the body itself
//! will do is a commitment"). What a directing verb, a modal or a prohibition asks stays a
//! direction: the head of a body tells it what it must do ("Ủy ban cũng phải …"), and so does an
//! official document's item.

use chidao_text::fold;

use super::{Basis, SentenceDecision, Task, TaskInput, TaskKind};

/// Turns the directives of a body's own members about the body into its commitments.
pub(crate) fn run(input: &TaskInput<'_>, decisions: &mut [SentenceDecision]) {
    for d in decisions.iter_mut().filter(|d| d.taken && matches!(d.basis, Some(Basis::Will | Basis::UnitPlan | Basis::UnitAction | Basis::SpeakerAction))) {
        let mut changed = false;
        for t in d.tasks.iter_mut().filter(|t| t.kind == TaskKind::Directive) {
            if own_body(input, t) {
                t.kind = TaskKind::Commitment;
                changed = true;
            }
        }
        if changed && d.tasks.iter().all(|t| t.kind == TaskKind::Commitment) {
            d.kind = Some(TaskKind::Commitment);
        }
    }
}

/// Whether the task's sentence names its assignee (not one carried from another sentence), and
/// the assignee is an organisation named in one of its issuer's roles, or more of it (folded:
/// "Sở Y tế tỉnh Hòa Lạc" after "Giám đốc Sở Y tế"; a bare "ủy ban" is not "Ủy ban Kiểm tra").
fn own_body(input: &TaskInput<'_>, t: &Task) -> bool {
    let (Some(p), Some(assignee)) = (t.issuer_person, t.assignee.as_deref()) else { return false };
    let Some(person) = input.people.get(p) else { return false };
    let a = fold(assignee);
    // "Chủ tịch nước Trần Văn A gửi lời …": the issuer named as the assignee is no body.
    if a.contains(&fold(&person.name)) {
        return false;
    }
    let Some(head) = a.split_whitespace().next() else { return false };
    if !fold(input.doc.slice(t.span)).split(|c: char| !c.is_alphanumeric()).any(|w| w == head) {
        return false;
    }
    person.roles.iter().any(|r| {
        input.orgs.iter().any(|o| {
            o.mentions.iter().filter(|m| m.start >= r.span.start && m.end <= r.span.end).any(|m| {
                let org = fold(input.doc.slice(*m));
                org.contains(' ') && a.starts_with(&org)
            })
        })
    })
}
