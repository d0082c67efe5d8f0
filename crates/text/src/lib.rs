//! # chidao-text
//!
//! The text layer of chidao: from a file's bytes to a [`Document`] whose text is NFC, whose
//! matching key folds case and tone-mark style without moving a byte, whose site furniture
//! (crawler headers, bylines, sources, captions, share buttons) is recognised as [`Zone`]s, and whose
//! running text is split into [`Sentence`]s. Every position is a byte [`Span`] into the text.
//!
//! ```
//! use chidao_text::{decode, DecodeOptions, Document};
//! let (text, _) = decode("Sáng 5/4, UBND tỉnh họp. Ông Lê Văn Tâm chủ trì.".as_bytes(), DecodeOptions::default()).unwrap();
//! let doc = Document::new("a.txt", text);
//! assert_eq!(doc.sentences.len(), 2);
//! assert!(doc.key.starts_with("sáng 5/4, ubnd"));
//! ```
#![warn(missing_docs)]

pub mod ascii_fold;
pub mod case;
pub mod decode;
pub mod document;
pub mod info;
pub mod lexicon;
pub mod normalize;
pub mod sentence;
pub mod span;
pub mod zone;

pub use decode::{DecodeError, DecodeOptions, DecodeWarning, decode, html_to_text};
pub use document::{Document, Sentence};
pub use info::{DocInfo, InfoError};
pub use normalize::{fold, fold_variants, is_folded, is_space, key, nfc};
pub use span::Span;
pub use zone::{Zone, ZoneKind};

/// The largest document read by default (50 MiB): far above any real report or directive (a long
/// one is well under 1 MB of text), low enough that one input cannot exhaust memory. The command
/// line (`--max-doc-size`) and the server (`serve --max-doc-size`) let an operator change it.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 50 * 1024 * 1024;

/// Decodes a file's bytes and prepares the document in one step (warnings are dropped; call
/// [`decode()`] and [`Document::new`] to see them). The entry point for fuzzing: it never panics.
pub fn prepare(
    id: impl Into<String>,
    bytes: &[u8],
    opts: DecodeOptions,
) -> Result<Document, DecodeError> {
    let (text, _) = decode(bytes, opts)?;
    Ok(Document::new(id, text))
}
