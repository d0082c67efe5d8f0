//! `chidao extract --explain`: the task extractor's sentence-by-sentence decisions.

use std::fmt::Write as _;

use chidao_extract::Extraction;
use chidao_extract::task::{SentenceDecision, TaskKind, explain};

fn decisions(x: &Extraction<'_>) -> Vec<SentenceDecision> {
    explain(&x.task_input())
}

/// The decisions as one JSON object: `{"id", "sentences": [...]}`.
pub fn json(x: &Extraction<'_>) -> Result<String, serde_json::Error> {
    serde_json::to_string(&serde_json::json!({"id": x.doc.id, "sentences": decisions(x)}))
}

/// The decisions as a readable table: one block per sentence, `[D]` directive, `[C]` commitment,
/// `[?]` a candidate judged doubtful (not listed in the record), `[-]` not taken; then the reason,
/// cue, turn speaker and addressee, each task's attributes, and its confidence with every
/// weight that counted.
pub fn table(x: &Extraction<'_>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "== {}", x.doc.id);
    for d in decisions(x) {
        let listed = d.tasks.iter().any(|t| t.confidence.tier.listed());
        let mark = match d.kind {
            _ if d.taken && !listed => "?",
            Some(TaskKind::Commitment) if d.taken => "C",
            _ if d.taken => "D",
            _ => "-",
        };
        let _ = writeln!(s, "[{mark}] {}", d.text);
        let mut info = vec![format!("why: {}", d.reason)];
        if let Some(c) = &d.cue {
            info.push(format!("cue: {c}"));
        }
        if let Some(p) = &d.speaker {
            info.push(format!("speaker: {p}"));
        }
        if let Some(p) = &d.addressee {
            info.push(format!("addressee: {p}"));
        }
        let _ = writeln!(s, "      {}", info.join(" | "));
        for t in &d.tasks {
            if t.span != d.span {
                let _ = writeln!(s, "      clause: {}", x.doc.slice(t.span));
            }
            let dl = t.deadline.and_then(|d| d.iso()).unwrap_or_else(|| "-".into());
            let refs: Vec<String> = t.refs.iter().filter_map(|&i| x.docrefs.get(i)).map(|r| r.code.clone().unwrap_or_else(|| format!("{} {}", r.kind, r.number))).collect();
            let _ = writeln!(
                s,
                "      -> issuer: {} | assignee: {} | deadline: {dl}{}",
                t.issuer.as_deref().unwrap_or("-"),
                t.assignee.as_deref().unwrap_or("-"),
                if refs.is_empty() { String::new() } else { format!(" | refs: {}", refs.join(", ")) }
            );
            let _ = writeln!(s, "      confidence: {:.2} ({}): {}", t.confidence.score, t.confidence.tier.code(), t.confidence.reasons.join("; "));
        }
    }
    s
}
