//! doc (placeholder)
use crate::{Extracted, FormatError, Options};
pub fn read(_bytes: &[u8], _opts: &Options) -> Result<Extracted, FormatError> {
    Err(FormatError::Unsupported("DOC: not yet".into()))
}
