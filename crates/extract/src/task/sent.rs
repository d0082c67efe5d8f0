//! One sentence seen as tokens of the document key, with its cue words.

use chidao_text::{Document, Span};

use super::lex::{ACTIONS, ADVERBS, BEFORE_AUX, PROVIDED, AGENTS, BOUND, GIVEN_WORK, LETTERS, CONNECTIVES, CUE_CLASS, CUES, Class, FOCUS, INTROS, MANNER, MATTERS, NP_STOPS, PLURALS, TIMES, TITLES, Words};

/// A token of a sentence: a word (letters and digits) or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Where, in the document.
    pub span: Span,
    /// True for a word, false for punctuation.
    pub word: bool,
    /// The punctuation character, as the text writes it (`'\0'` for a word): the analysis asks
    /// for it again and again, and a char compare costs less than slicing the text each time.
    pub punct: char,
}

/// A cue word found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cue {
    /// First token.
    pub at: usize,
    /// One past the last token.
    pub end: usize,
    /// What it does.
    pub class: Class,
    /// Entry of the word list.
    pub entry: usize,
}

/// A word that ends a unit's noun phrase ([`Sent::np_stop_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NpStop {
    /// An auxiliary or adverb before the verb ("sẽ", "cũng", "xin").
    Aux,
    /// The same, and what follows describes the unit ("rất", "khá", "chỉ").
    Stative,
    /// A preposition or conjunction opening an adjunct ("trong", "để"): ends an object only.
    Prep,
}

/// A sentence (or a clause) as tokens.
pub(crate) struct Sent<'d> {
    pub doc: &'d Document,
    pub span: Span,
    pub toks: Vec<Tok>,
    pub cues: Vec<Cue>,
    /// Boundaries followed by a forward-looking connective ("…, trong thời gian tới, …").
    pub forward: Vec<usize>,
    /// The action-verb look-up of each token, once asked ([`Sent::action_entry_at`]): the
    /// analysis asks again and again for the same tokens.
    actions: std::cell::RefCell<Vec<ActionMemo>>,
    /// The tokens of an item's marker opening the sentence ("2.1.", "IV.", "b)", "-").
    marker: usize,
    /// Token ranges of words that hold a unit's head word and name none ("trụ sở", "sở dĩ"):
    /// no unit or title starts inside them.
    bound: Vec<(usize, usize)>,
}


/// A memo of [`Sent::action_entry_at`] for one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ActionMemo {
    Unknown,
    Known(Option<(usize, usize)>),
}

impl<'d> Sent<'d> {
    pub(crate) fn new(doc: &'d Document, span: Span) -> Sent<'d> {
        Sent::new_ahead(doc, span, false)
    }

    /// A sentence whose deadline lies ahead (`ahead`): an order already given in it ("đã yêu
    /// cầu, trong quý I/2017, …") is an order, else nothing.
    pub(crate) fn new_ahead(doc: &'d Document, span: Span, ahead: bool) -> Sent<'d> {
        Sent::scan(doc, span).complete(ahead)
    }

    /// The sentence's tokens and cues, read as if no deadline lay ahead: all that tells whether
    /// it may matter outside a speaker's turn ([`super::analyze::may_matter_outside_turn`]).
    /// [`Sent::complete`] makes it whole.
    pub(crate) fn scan(doc: &'d Document, span: Span) -> Sent<'d> {
        let toks = tokenize(&doc.key, &doc.text, span);
        let cues = Sent::cues(doc, span, &toks, false);
        let actions = std::cell::RefCell::new(vec![ActionMemo::Unknown; toks.len()]);
        Sent { doc, span, toks, cues, forward: Vec::new(), actions, marker: 0, bound: Vec::new() }
    }

    /// A scanned sentence made whole: its cues read again when its deadline lies ahead
    /// (`ahead`), the words that hold a unit's head word and name none, the forward-looking
    /// connectives.
    pub(crate) fn complete(mut self, ahead: bool) -> Sent<'d> {
        if ahead {
            self.cues = Sent::cues(self.doc, self.span, &self.toks, true);
        }
        self.bound = BOUND
            .find_in(&self.doc.key, self.span)
            .into_iter()
            .map(|h| (self.toks.partition_point(|t| t.span.start < h.span.start), self.toks.partition_point(|t| t.span.start < h.span.end)))
            .collect();
        self.forward = super::analyze::forward_points(&self);
        self
    }

    /// The cues of a sentence's tokens (`ahead`: see [`Sent::new_ahead`]).
    fn cues(doc: &Document, span: Span, toks: &[Tok], ahead: bool) -> Vec<Cue> {
        let mut cues = Vec::new();
        let class_of = |entry: usize| match CUE_CLASS[entry] {
            Class::Given if ahead => Class::Order,
            Class::Given => Class::Ignore,
            c => c,
        };
        let starts_upper = |t: &Tok| t.span.of(&doc.text).starts_with(crate::gazetteer::is_uppercase);
        for h in CUES.find_in_doc(doc, span) {
            let at = toks.partition_point(|t| t.span.start < h.span.start);
            let end = toks.partition_point(|t| t.span.start < h.span.end);
            if at >= end {
                continue;
            }
            // "II - QUAN ĐIỂM CHỈ ĐẠO VÀ MỤC TIÊU": a heading written in capitals names a part of
            // the text; its words direct nobody.
            if !doc.text[toks[at].span.start..toks[end - 1].span.end].chars().any(char::is_lowercase) {
                continue;
            }
            let mut cue = Cue { at, end, class: class_of(h.entry), entry: h.entry };
            // "giao Ban Quản lý dự án …": a compound cut by a capital ("giao ban", a briefing) is
            // its first word, a cue of its own, before a name.
            if cue.class == Class::Ignore
                && end > at + 1
                && !starts_upper(&toks[at])
                && starts_upper(&toks[end - 1])
                && let Some(e) = CUES.lookup_key(toks[at].span.of(&doc.key))
                && class_of(e) != Class::Ignore
            {
                cue = Cue { at, end: at + 1, class: class_of(e), entry: e };
            }
            cues.push(cue);
        }
        cues
    }

    /// The sentence of an official document's body: its opening item marker ("2.1.", "IV.",
    /// "b)") is skipped as a lead, as a dash is. (In a news report a numbered line is most
    /// often a quoted rule, "2. Mọi hoạt động … phải …", and keeps its number.)
    pub(crate) fn in_items(mut self) -> Self {
        let end = self.span.start + crate::scan::item_marker_len(self.span.of(&self.doc.text));
        self.marker = self.toks.partition_point(|t| t.span.end <= end);
        self
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The key (lower case) of token `i`, or "" past the end.
    pub(crate) fn w(&self, i: usize) -> &'d str {
        self.toks.get(i).map_or("", |t| t.span.of(&self.doc.key))
    }

    /// The text of token `i`.
    pub(crate) fn text(&self, i: usize) -> &'d str {
        self.toks.get(i).map_or("", |t| t.span.of(&self.doc.text))
    }

    /// True when token `i` is a word.
    pub(crate) fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }

    /// True when token `i` is a word starting with a capital letter (or a digit-free acronym).
    pub(crate) fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.text(i).chars().next().is_some_and(crate::gazetteer::is_uppercase)
    }

    /// True when token `i` is the punctuation `c`.
    pub(crate) fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| !t.word && t.punct == c)
    }

    /// True when token `i` ends a clause (; : • or a dash between spaces).
    pub(crate) fn is_clause_break(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.word && matches!(t.punct, ';' | ':' | '•' | '·'))
    }

    /// True when token `i` is a quotation mark.
    pub(crate) fn is_quote(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.word && matches!(t.punct, '"' | '“' | '”' | '\'' | '‘' | '’'))
    }

    /// The span of tokens `a..b` (empty span at the sentence end when `a >= b`).
    pub(crate) fn span_of(&self, a: usize, b: usize) -> Span {
        if a >= b || a >= self.toks.len() {
            let at = self.toks.get(a).map_or(self.span.end, |t| t.span.start);
            return Span::new(at, at);
        }
        let b = b.min(self.toks.len());
        Span::new(self.toks[a].span.start, self.toks[b - 1].span.end)
    }

    /// Token index of the first token starting at or after byte `at`.
    pub(crate) fn tok_at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < at)
    }

    /// The first token of an adverb of manner ([`MANNER`]: "khẩn trương", "kịp thời") that ends
    /// right before token `at`.
    pub(crate) fn manner_before(&self, at: usize) -> Option<usize> {
        (at.saturating_sub(3)..at).find(|&k| self.list_at(&MANNER, k) == Some(at - k))
    }

    /// Number of tokens of a word-list match starting at token `i`, if any.
    fn list_at(&self, list: &crate::gazetteer::Gazetteer, i: usize) -> Option<usize> {
        self.list_entry_at(list, i).map(|(n, _)| n)
    }

    /// Length in tokens and entry of a word-list match starting at token `i`.
    fn list_entry_at(&self, list: &crate::gazetteer::Gazetteer, i: usize) -> Option<(usize, usize)> {
        let t = self.toks.get(i)?;
        if !t.word {
            return None;
        }
        let h = list.match_at(&self.doc.key, t.span.start)?;
        if h.span.end > self.span.end {
            return None;
        }
        Some((self.tok_at(h.span.end) - i, h.entry))
    }

    /// The action-verb list's match at token `i` (length in tokens, entry), remembered.
    fn action_entry_at(&self, i: usize) -> Option<(usize, usize)> {
        if let Some(ActionMemo::Known(m)) = self.actions.borrow().get(i) {
            return *m;
        }
        let m = self.list_entry_at(&ACTIONS, i);
        if let Some(slot) = self.actions.borrow_mut().get_mut(i) {
            *slot = ActionMemo::Known(m);
        }
        m
    }

    /// An action verb at token `i`: its length in tokens. Not where the cue list knows the words
    /// as something else ("giao thông", "cần thiết").
    pub(crate) fn action_at(&self, i: usize) -> Option<usize> {
        self.action_where(i, false)
    }

    /// An action verb at token `i`, those of two words or more marked "aux" too wherever they
    /// stand: after the unit a directing verb names, the act it is asked for begins ("đề nghị Sở
    /// Du lịch cung cấp …"). One syllable ("bàn") ends words too often there ("Cục Địa bàn");
    /// before what is provided ([`PROVIDED`]) such a verb names the unit ("doanh nghiệp cung
    /// cấp dịch vụ Internet").
    pub(crate) fn asked_action_at(&self, i: usize) -> Option<usize> {
        self.action_where(i, true)
    }

    fn action_where(&self, i: usize, asked: bool) -> Option<usize> {
        let (n, e) = self.action_entry_at(i)?;
        let aux_out_of_place = ACTIONS.fields(e).first().is_some_and(|f| f == "aux")
            && i > 0
            && self.is_word(i - 1)
            && !self.word_in(&ADVERBS, i - 1)
            && !self.word_in(&BEFORE_AUX, i - 1);
        if aux_out_of_place && !(asked && n >= 2 && self.phrase_at(&PROVIDED, i + n).is_none()) {
            return None;
        }
        // A later syllable of one word the cue list knows ("giao" of "bàn giao", "ngoại giao").
        let k = self.cues.partition_point(|c| c.at < i);
        if k > 0 && self.cues[k - 1].end > i && CUES.fields(self.cues[k - 1].entry).get(1).is_some_and(|f| f == "word") {
            return None;
        }
        match self.cue_at(i) {
            // A compound one word longer names a thing ("giao thông", "bàn giao").
            Some(c) if c.class == Class::Ignore && c.end - c.at == n + 1 && self.is_word(c.end - 1) => None,
            _ => Some(n),
        }
    }

    /// An action verb at token `i` whose complement is another body's act ("tham mưu", "giúp").
    pub(crate) fn advise_at(&self, i: usize) -> Option<usize> {
        let (n, e) = self.action_entry_at(i)?;
        ACTIONS.fields(e).first().is_some_and(|f| f == "advise").then_some(n)
    }

    /// An agent head word at token `i`.
    pub(crate) fn agent_at(&self, i: usize) -> Option<usize> {
        if self.is_bound(i) {
            return None;
        }
        let (n, e) = self.list_entry_at(&AGENTS, i)?;
        let needs_cap = AGENTS.fields(e).first().is_some_and(|f| f == "cap");
        (!needs_cap || self.is_cap(i)).then_some(n)
    }

    /// Token `i` lies inside a word that holds a unit's head word and names none ("trụ sở").
    fn is_bound(&self, i: usize) -> bool {
        self.bound.iter().any(|&(a, b)| a <= i && i < b)
    }

    /// A title or form of address at token `i`.
    pub(crate) fn title_at(&self, i: usize) -> Option<usize> {
        if self.is_bound(i) {
            return None;
        }
        self.list_at(&TITLES, i)
    }

    /// A title naming a person (not a body) at token `i`.
    pub(crate) fn person_title_at(&self, i: usize) -> Option<usize> {
        if self.is_bound(i) {
            return None;
        }
        let (n, e) = self.list_entry_at(&TITLES, i)?;
        TITLES.fields(e).first().is_none_or(|f| f != "body").then_some(n)
    }

    /// An intro preposition at token `i`; not a verb that an adverb of manner follows ("Thực hiện
    /// nghiêm túc …" is an imperative, "Thực hiện Kế hoạch …, " an intro).
    pub(crate) fn intro_at(&self, i: usize) -> Option<usize> {
        let n = self.list_at(&INTROS, i)?;
        if self.action_at(i) == Some(n) && self.list_at(&MANNER, i + n).is_some() {
            return None;
        }
        Some(n)
    }

    /// A time adverbial at token `i` ("năm nay", "thời gian tới").
    pub(crate) fn time_at(&self, i: usize) -> Option<usize> {
        let (n, e) = self.list_entry_at(&TIMES, i)?;
        let before_number = TIMES.fields(e).first().is_some_and(|f| f == "number");
        let next = self.w(i + n);
        // "Quý I, …": a quarter is written in Roman numerals too.
        (!before_number || next.starts_with(|c: char| c.is_ascii_digit()) || matches!(next, "i" | "ii" | "iii" | "iv")).then_some(n)
    }

    /// An entry of the word class `class` spelled by the tokens from `i`: its length in tokens.
    pub(crate) fn phrase_at(&self, class: &Words, i: usize) -> Option<usize> {
        class.prefix_len(|k| i.checked_add(k).map_or("", |j| self.w(j)))
    }

    /// The first token of an entry of the word class `class` that ends right before token `end`
    /// ("không hề" before "cam kết"), the longest such entry's.
    pub(crate) fn phrase_ending_at(&self, class: &Words, end: usize) -> Option<usize> {
        (end.saturating_sub(class.longest())..end).find(|&k| self.phrase_at(class, k) == Some(end - k))
    }

    /// Whether the key of token `i` is a one-word entry of the word class `class`.
    pub(crate) fn word_in(&self, class: &Words, i: usize) -> bool {
        class.contains(self.w(i))
    }

    /// A word of [`LETTERS`] at token `i` of the field `field` ("send": "có", "ban hành";
    /// "letter": "công văn"), its length in tokens.
    pub(crate) fn letter_word_at(&self, i: usize, field: &str) -> Option<usize> {
        let (n, e) = self.list_entry_at(&LETTERS, i)?;
        LETTERS.fields(e).first().is_some_and(|f| f == field).then_some(n)
    }

    /// A noun of work given ([`GIVEN_WORK`]: "chỉ tiêu", "dự toán") ending at token `j`.
    pub(crate) fn given_work_ending(&self, j: usize) -> bool {
        (0..3).any(|back| j >= back && self.list_at(&GIVEN_WORK, j - back) == Some(back + 1))
    }

    /// A noun naming the work ahead ("trọng tâm", "nhiệm vụ") at token `i`.
    pub(crate) fn focus_at(&self, i: usize) -> Option<usize> {
        self.list_at(&FOCUS, i)
    }

    /// A word naming a matter, not a unit, at token `i` ("việc", "quy định": `data/task_matters.tsv`).
    pub(crate) fn matter_at(&self, i: usize) -> Option<usize> {
        // "các biện pháp", "những hồ sơ": a plural of matters is a matter.
        if self.word_in(&PLURALS, i) {
            return self.list_at(&MATTERS, i + 1).map(|n| n + 1);
        }
        self.list_at(&MATTERS, i)
    }

    /// A connective at token `i`.
    pub(crate) fn connective_at(&self, i: usize) -> Option<usize> {
        self.list_at(&CONNECTIVES, i)
    }

    /// Token `i` is the later word of a compound kept whole in a name ("cần" of "Hậu cần", "không"
    /// of "phòng không").
    pub(crate) fn in_kept_compound(&self, i: usize) -> bool {
        i > 0 && self.list_entry_at(&NP_STOPS, i - 1).is_some_and(|(n, e)| n > 1 && NP_STOPS.fields(e).first().is_some_and(|f| f == "keep"))
    }

    /// A lower-case word at token `i` that ends a unit's noun phrase (`data/task_np_stops.tsv`);
    /// `None` inside a compound that stays in a name ("ban chỉ huy", "hàng không").
    pub(crate) fn np_stop_at(&self, i: usize) -> Option<NpStop> {
        if self.is_cap(i) {
            return None;
        }
        // The later word of a compound kept whole ("không" of "phòng không").
        if self.in_kept_compound(i) {
            return None;
        }
        let (_, e) = self.list_entry_at(&NP_STOPS, i)?;
        match NP_STOPS.fields(e).first().map(String::as_str) {
            Some("aux") => Some(NpStop::Aux),
            Some("stative") => Some(NpStop::Stative),
            Some("prep") => Some(NpStop::Prep),
            _ => None,
        }
    }

    /// An auxiliary or adverb at token `i` that ends a subject before its verb ("Bộ sẽ …",
    /// "Chính phủ rất …"); a preposition does not ("Các đơn vị trong ngành phải …").
    pub(crate) fn ends_subject(&self, i: usize) -> bool {
        self.np_stop_at(i).is_some_and(|t| t != NpStop::Prep)
    }

    /// The cue starting at token `i`.
    pub(crate) fn cue_at(&self, i: usize) -> Option<&Cue> {
        let k = self.cues.partition_point(|c| c.at < i);
        self.cues.get(k).filter(|c| c.at == i)
    }

    /// Skips quotes, dashes, bullets and connectives (with their commas) from token `i`.
    pub(crate) fn skip_lead(&self, mut i: usize) -> usize {
        i = i.max(self.marker);
        loop {
            while i < self.len() && !self.is_word(i) && !self.is_punct(i, '(') {
                i += 1;
            }
            match self.connective_at(i) {
                Some(n) => {
                    i += n;
                    if self.is_punct(i, ',') {
                        i += 1;
                    }
                }
                None => return i,
            }
        }
    }

    /// Index of the next token at or after `i` that is a comma or clause break.
    pub(crate) fn next_comma(&self, i: usize) -> usize {
        (i..self.len()).find(|&k| (self.is_punct(k, ',') && !self.inner_comma(k)) || self.is_clause_break(k)).unwrap_or(self.len())
    }

    /// A comma (not inside a fixed phrase) or a clause break at token `k`.
    pub(crate) fn is_boundary(&self, k: usize) -> bool {
        (self.is_punct(k, ',') && !self.inner_comma(k)) || self.is_clause_break(k)
    }

    /// A comma inside a fixed phrase ("phòng, chống"), not a boundary.
    pub(crate) fn inner_comma(&self, k: usize) -> bool {
        k > 0 && self.w(k - 1) == "phòng" && self.w(k + 1) == "chống"
    }

    /// The number of words in tokens `a..b`.
    pub(crate) fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b.min(self.len())).filter(|&k| self.is_word(k)).count()
    }
}

/// Tokens of `key[span]`; `text` (the document text the key folds, byte for byte) gives each
/// punctuation token its character.
pub(crate) fn tokenize(key: &str, text: &str, span: Span) -> Vec<Tok> {
    let s = span.of(key);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(s.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII: a table-free test per byte; a char is decoded only outside ASCII.
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                let end = word_end(s, i + 1);
                out.push(Tok { span: Span::new(span.start + i, span.start + end), word: true, punct: '\0' });
                i = end;
            } else {
                if !crate::scan::is_ascii_space(b) {
                    out.push(punct_tok(text, span.start + i, 1));
                }
                i += 1;
            }
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\0');
        let len = c.len_utf8();
        if crate::gazetteer::is_alphanumeric(c) {
            let end = word_end(s, i + len);
            out.push(Tok { span: Span::new(span.start + i, span.start + end), word: true, punct: '\0' });
            i = end;
        } else {
            if !c.is_whitespace() {
                out.push(punct_tok(text, span.start + i, len));
            }
            i += len;
        }
    }
    out
}

/// End of the word (letters, digits, combining marks) going on at byte `i` of `s`.
fn word_end(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
            continue;
        }
        let d = s[i..].chars().next().unwrap_or('\0');
        if !(crate::gazetteer::is_alphanumeric(d) || is_mark(d)) {
            break;
        }
        i += d.len_utf8();
    }
    i
}

/// A punctuation token of `len` bytes at byte `at` of the text.
fn punct_tok(text: &str, at: usize, len: usize) -> Tok {
    Tok { span: Span::new(at, at + len), word: false, punct: text.get(at..).and_then(|r| r.chars().next()).unwrap_or('\0') }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::new("t.txt", s.to_string())
    }

    /// The tokenizer as it read chars one by one before its ASCII fast path.
    fn tokenize_by_chars(key: &str, span: Span) -> Vec<(Span, bool)> {
        let s = span.of(key);
        let mut out = Vec::new();
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if crate::gazetteer::is_alphanumeric(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if crate::gazetteer::is_alphanumeric(d) || is_mark(d) {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push((Span::new(span.start + i, span.start + end), true));
            } else if !c.is_whitespace() {
                out.push((Span::new(span.start + i, span.start + i + c.len_utf8()), false));
            }
        }
        out
    }

    #[test]
    fn fast_tokens_agree_with_char_tokens() {
        let text = "“Sở GTVT-HN\u{b}cần (gấp) rà soát ngay!”; 12,5% x\u{301}y\t\u{a0}·ĐẠI: a'b 3–4…";
        let d = doc(text);
        let span = Span::new(0, d.key.len());
        let fast = tokenize(&d.key, &d.text, span);
        let slow = tokenize_by_chars(&d.key, span);
        assert_eq!(fast.iter().map(|t| (t.span, t.word)).collect::<Vec<_>>(), slow);
        for t in &fast {
            let first = t.span.of(&d.text).chars().next().unwrap();
            assert_eq!(t.punct, if t.word { '\0' } else { first });
        }
    }

    #[test]
    fn tokens_and_cues() {
        let d = doc("Đồng thời, Sở Nội vụ cần rà soát lại giao thông.");
        let s = Sent::new(&d, d.sentences[0].span);
        assert_eq!(s.w(0), "đồng");
        assert!(s.is_cap(0));
        let classes: Vec<_> = s.cues.iter().map(|c| c.class).collect();
        assert_eq!(classes, vec![Class::Modal, Class::Ignore]);
        let i = s.skip_lead(0);
        assert_eq!(s.text(i), "Sở");
        assert!(s.agent_at(i).is_some());
        let k = s.cues[0].end;
        assert_eq!(s.action_at(k), Some(3));
    }
}
