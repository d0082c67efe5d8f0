//! Sorted indexes of mentions, so that "who is named inside this span" costs a binary search
//! rather than a pass over every person of the document (documents may be hostile: thousands of
//! names, one huge sentence).

use chidao_text::Span;

use crate::person::Person;

/// Mentions (spans with the index of what they mention), sorted by start.
#[derive(Debug, Default)]
pub(crate) struct Mentions {
    v: Vec<(Span, usize)>,
}

impl Mentions {
    /// The mentions of people.
    pub(crate) fn of_people(people: &[Person]) -> Mentions {
        Mentions::from_iter(people.iter().enumerate().flat_map(|(i, p)| p.mentions.iter().map(move |m| (*m, i))))
    }

    /// Mentions from (span, index) pairs.
    pub(crate) fn from_iter(it: impl Iterator<Item = (Span, usize)>) -> Mentions {
        let mut v: Vec<(Span, usize)> = it.collect();
        v.sort_unstable_by_key(|(s, i)| (s.start, s.end, *i));
        Mentions { v }
    }

    /// Mentions lying inside `span`, in text order.
    pub(crate) fn inside(&self, span: Span) -> impl Iterator<Item = (Span, usize)> + '_ {
        let from = self.v.partition_point(|(s, _)| s.start < span.start);
        self.v[from..].iter().take_while(move |(s, _)| s.start < span.end).filter(move |(s, _)| s.end <= span.end).copied()
    }

    /// The mention that starts before `span` and ends inside it: a name the span's start cut
    /// ("H’Lim Ayun" read from "Lim", where the apostrophe is a token of its own).
    pub(crate) fn cut_at_start(&self, span: Span) -> Option<(Span, usize)> {
        let from = self.v.partition_point(|(s, _)| s.start < span.start);
        self.v[..from].iter().rev().take(4).find(|(s, _)| s.end > span.start && s.end <= span.end).copied()
    }

    /// True when a mention lies inside `span`.
    pub(crate) fn any_in(&self, span: Span) -> bool {
        !span.is_empty() && self.inside(span).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_a_span() {
        let m = Mentions::from_iter([(Span::new(10, 14), 0), (Span::new(2, 5), 1), (Span::new(12, 30), 2)].into_iter());
        let got: Vec<usize> = m.inside(Span::new(0, 20)).map(|(_, i)| i).collect();
        assert_eq!(got, vec![1, 0]);
        assert!(!m.any_in(Span::new(5, 10)));
        assert_eq!(m.cut_at_start(Span::new(11, 20)), Some((Span::new(10, 14), 0)));
        assert_eq!(m.cut_at_start(Span::new(11, 13)), None, "a mention running past the span");
        assert_eq!(m.cut_at_start(Span::new(5, 9)), None);
    }
}
