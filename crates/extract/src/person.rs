//! People: full names found from structure (family names, capitalised given names, titles,
//! appositions), their ranks and their roles, with short references resolved.
//!
//! STUB: the owner of this module replaces the body of [`find`].

use chidao_text::{Document, Span};
use serde::Serialize;

use crate::org::Org;

/// A position the document gives a person, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// The role as written ("Bí thư Thành ủy Hà Nội").
    pub text: String,
    /// Where.
    pub span: Span,
}

/// A person named by a full name, with every reference to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Full name (family name and given name), NFC.
    pub name: String,
    /// Military or police rank ("Trung tướng"), when given.
    pub rank: Option<String>,
    /// Positions, in order of first mention, one per position.
    pub roles: Vec<Role>,
    /// Every mention: full names, short references ("ông Huệ", "đồng chí Bí thư"), in text order.
    pub mentions: Vec<Span>,
}

/// The people of a document.
pub fn find(doc: &Document, orgs: &[Org]) -> Vec<Person> {
    let _ = (doc, orgs);
    Vec::new()
}

/// Index of the person with a mention inside `span`, the first such mention winning.
pub fn person_in(people: &[Person], span: Span) -> Option<usize> {
    people
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.mentions.iter().filter(move |m| span.contains(**m)).map(move |m| (m.start, i)))
        .min()
        .map(|(_, i)| i)
}
