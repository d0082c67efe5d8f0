//! Byte spans into a [`crate::Document`]'s text.

use serde::Serialize;

/// A half-open byte range `start..end` into a document's text. Both ends lie on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when empty.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when `other` lies inside `self`.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The span moved right by `by` bytes (for a match found in a slice starting at `by`).
    pub const fn shift(&self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
    /// The text this span covers. (Inlined: the readers call it millions of times a corpus.)
    #[inline]
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}
