//! Property tests of the text layer: normal forms, decoding and document spans.

use chidao_text::{DecodeOptions, Document, Span, decode, fold, fold_variants, key, nfc};
use proptest::prelude::*;

/// Vietnamese-looking text with the awkward characters: tone marks in both styles, capitals,
/// invisible spaces, quotes, stops, line breaks.
fn viet_text() -> impl Strategy<Value = String> {
    "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐÀÁẢÃẠÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴ\u{300}\u{301}\u{303}\u{309}\u{323}\u{200B}\u{200D}\u{FEFF}\u{A0}“”\"'().,:;!?…/0-9 \n-]{0,80}"
}

/// Document-shaped text: tokens that trigger every zone and splitting rule, joined at random.
fn doc_text() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        " date 2020-03 ",
        "Sáng 5/4, ",
        "Tỉnh ủy Hòa Lạc",
        " họp",
        ". ",
        ".",
        "./. ",
        "\n",
        "\n\n",
        "Ảnh: ",
        "(Ảnh: ",
        "Lê Văn Tâm",
        " - ",
        "(TTXVN)",
        "Theo VOV",
        "Chia sẻ Zalo",
        "Các tin khác",
        "Phản hồi",
        "“",
        "”",
        "\"",
        "'",
        "TP.",
        "HCM",
        "PGS.TS",
        "3.000",
        "16,05%",
        "…",
        "...",
        "• ",
        "- ",
        "1. ",
        "(HNM) - ",
        "HÀ NỘI - ",
        "Nguồn ",
        "Tin, ảnh: ",
        "Ảnh minh họa",
        " cần ",
        "Đồng chí",
        "?",
        "!",
        ":",
        ";",
        "\u{200B}",
        "\u{2028}",
        " ",
        "  ",
        "Báo Hòa Lạc cập nhật tin tức trong ngày",
        "H.D",
        ")",
        "(",
        "é",
        "\u{301}",
    ]);
    prop::collection::vec(tokens, 0..60).prop_map(|v| v.concat())
}

fn check_document(text: String) -> Result<(), TestCaseError> {
    let doc = Document::new("p", text);
    let t = &doc.text;
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= t.len()
            && t.is_char_boundary(s.start)
            && t.is_char_boundary(s.end)
    };
    prop_assert_eq!(doc.key.len(), t.len());
    for p in &doc.paragraphs {
        prop_assert!(ok(*p) && !p.is_empty(), "paragraph {:?}", p);
    }
    for w in doc.paragraphs.windows(2) {
        prop_assert!(w[0].end <= w[1].start);
    }
    for z in &doc.zones {
        prop_assert!(ok(z.span), "zone {:?}", z);
        if let Some(v) = z.value {
            prop_assert!(ok(v), "zone value {:?}", z);
        }
    }
    for w in doc.furniture.windows(2) {
        prop_assert!(w[0].end < w[1].start);
    }
    for s in &doc.sentences {
        prop_assert!(ok(s.span) && !s.span.is_empty(), "sentence {:?}", s);
        prop_assert!(doc.paragraphs[s.paragraph].contains(s.span));
        prop_assert!(
            !doc.in_furniture(s.span),
            "sentence in furniture {:?} {:?}",
            s,
            doc.slice(s.span)
        );
        prop_assert_eq!(
            doc.sentence_at(s.span.start).map(|i| doc.sentences[i].span),
            Some(s.span)
        );
    }
    for w in doc.sentences.windows(2) {
        prop_assert!(
            w[0].span.end <= w[1].span.start,
            "overlap {:?} {:?}",
            w[0],
            w[1]
        );
    }
    Ok(())
}

const ONSETS: &[&str] = &[
    "", "h", "th", "kh", "ng", "l", "t", "x", "đ", "g", "s", "tr", "ch", "nh", "b", "c", "v", "Th",
    "H", "Đ",
];
const TONED_O: [char; 5] = ['ò', 'ó', 'ỏ', 'õ', 'ọ'];
const TONED_U: [char; 5] = ['ù', 'ú', 'ủ', 'ũ', 'ụ'];
const TONED_A: [char; 5] = ['à', 'á', 'ả', 'ã', 'ạ'];
const TONED_E: [char; 5] = ['è', 'é', 'ẻ', 'ẽ', 'ẹ'];
const TONED_Y: [char; 5] = ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    /// `nfc` (with its fast path for plain Latin text) agrees with the Unicode algorithm, on
    /// text near the edges of that path: combining marks, the spaces U+2000–U+2002, the last
    /// general punctuation, Latin Extended Additional and its neighbours.
    #[test]
    fn nfc_agrees_with_unicode(s in prop_oneof![viet_text(), any::<String>(), "[a\u{2FF}\u{300}\u{301}\u{1DFF}\u{1E00}\u{1EFF}\u{1F00}\u{2000}-\u{2003}\u{206F}\u{2070}\u{212B}ÅàÀ]{0,12}"]) {
        use unicode_normalization::UnicodeNormalization;
        prop_assert_eq!(nfc(&s).into_owned(), s.nfc().collect::<String>());
    }

    #[test]
    fn fold_is_idempotent(s in viet_text()) {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f.clone());
    }

    #[test]
    fn fold_is_idempotent_on_any_string(s in any::<String>()) {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f.clone());
    }

    #[test]
    fn key_keeps_length_and_char_boundaries(s in prop_oneof![viet_text(), any::<String>()]) {
        let t = nfc(&s).into_owned();
        let k = key(&t);
        prop_assert_eq!(k.len(), t.len());
        // A tone mark may move between the two vowels of a syllable (hoà → hòa), so boundaries
        // agree around every char that is not a letter or digit, that is at every word edge.
        for (i, c) in t.char_indices().filter(|(_, c)| !c.is_alphanumeric()) {
            prop_assert!(k.is_char_boundary(i) && k.is_char_boundary(i + c.len_utf8()), "{:?} / {:?} at {}", t, k, i);
        }
        // Words keep their char count.
        let words = |x: &str| x.split(|c: char| !c.is_alphanumeric()).map(|w| w.chars().count()).collect::<Vec<_>>();
        prop_assert_eq!(words(&t), words(&k));
    }

    #[test]
    fn both_tone_styles_fold_alike(onset in prop::sample::select(ONSETS), nucleus in 0usize..3, tone in 0usize..5,
                                  upper in any::<bool>(), ctx in prop::sample::select(vec![("", ""), ("Thành ", " họp"), ("(", ")"), ("ông ", ", ")])) {
        let (glide, vowel, toned_glide, toned_vowel) = match nucleus {
            0 => ('o', 'a', TONED_O, TONED_A),
            1 => ('o', 'e', TONED_O, TONED_E),
            _ => ('u', 'y', TONED_U, TONED_Y),
        };
        let old = format!("{}{}{onset}{}{vowel}{}", ctx.0, "", toned_glide[tone], ctx.1);
        let new = format!("{}{onset}{glide}{}{}", ctx.0, toned_vowel[tone], ctx.1);
        let (old, new) = if upper { (old.to_uppercase(), new.to_uppercase()) } else { (old, new) };
        if old.len() == new.len() {
            prop_assert_eq!(fold(&old), fold(&new), "{} / {}", old, new);
        } else {
            // uỳ/ùy, uỹ/ũy, oẽ/õe: the key keeps each spelling; fold_variants bridges them.
            let vo = fold_variants(&old);
            prop_assert!(vo.contains(&fold(&new)), "{:?} lacks {}", vo, fold(&new));
        }
    }

    #[test]
    fn qu_keeps_its_tone(tone in 0usize..5) {
        let w = format!("qu{}", TONED_Y[tone]);
        prop_assert_eq!(fold(&w), w.clone());
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..3000), lossy in any::<bool>()) {
        if let Ok((text, _)) = decode(&bytes, DecodeOptions { lossy }) {
            check_document(text)?;
        }
    }

    #[test]
    fn decode_never_panics_on_texty_bytes(s in prop_oneof![viet_text(), doc_text()], cut in 0usize..400, junk in any::<u8>()) {
        let mut b = s.into_bytes();
        let at = cut.min(b.len());
        b.insert(at, junk);
        let _ = decode(&b, DecodeOptions::default());
        let _ = decode(&b, DecodeOptions { lossy: true });
    }

    #[test]
    fn document_spans_are_sound(s in prop_oneof![doc_text(), viet_text(), any::<String>()]) {
        check_document(nfc(&s).into_owned())?;
    }
}
