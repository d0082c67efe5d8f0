//! One document through the whole pipeline: read (any format) → prepare → extract → record → JSON.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use chidao_text::Document;

use crate::args::Format;
use crate::input::RawDoc;
use crate::read::{ReadOpts, read, warnings};

/// The stages timed by `chidao bench`.
pub const STAGES: [&str; 4] = ["decode", "prepare", "extract", "record"];

/// What became of one document.
pub struct Done {
    /// Where it was read.
    pub origin: String,
    /// Warnings to print (decode repairs).
    pub warnings: Vec<String>,
    /// The serialised record, or why there is none.
    pub result: Result<String, String>,
    /// Time spent in each of [`STAGES`].
    pub stages: [Duration; 4],
}

/// Runs one document through the pipeline. Never panics: a panic inside an extractor (a bug) is
/// caught and reported as this document's failure, so that one document cannot end a corpus run.
pub fn process(raw: &RawDoc, opts: ReadOpts, format: Format) -> Done {
    let mut done = Done { origin: raw.origin.clone(), warnings: Vec::new(), result: Err(String::new()), stages: Default::default() };
    let caught = catch_unwind(AssertUnwindSafe(|| run(raw, opts, format, &mut done)));
    done.result = match caught {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("internal error (a bug in chidao; please report it with this document): {what}"))
        }
    };
    done
}

fn run(raw: &RawDoc, opts: ReadOpts, format: Format, done: &mut Done) -> Result<String, String> {
    let mut clock = Instant::now();
    let mut lap = |stage: usize, done: &mut Done| {
        let now = Instant::now();
        done.stages[stage] += now - clock;
        clock = now;
    };
    let x = read(raw, opts)?;
    done.warnings.extend(warnings(&x));
    lap(0, done);
    let doc = Document::new(raw.id.clone(), x.text.clone()).with_info(x.info(&raw.meta));
    lap(1, done);
    let facts = chidao_extract::extract(&doc);
    lap(2, done);
    let json = match format {
        Format::Explain => Ok(crate::explain::table(&facts)),
        Format::ExplainJson => crate::explain::json(&facts),
        Format::Pretty => serde_json::to_string_pretty(&chidao_extract::record::Record::new(&facts)),
        Format::Jsonl | Format::Json => serde_json::to_string(&chidao_extract::record::Record::new(&facts)),
    };
    lap(3, done);
    json.map_err(|e| format!("cannot serialise the record: {e}"))
}
