//! Reading documents from files, folders, stdin and `.jsonl(.gz)` corpora.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// A document's raw bytes and where they came from.
pub struct RawDoc {
    /// Id: the file's base name or the corpus record's id.
    pub id: String,
    /// Where it was read, for messages ("a.txt", "corpus.jsonl.gz:17").
    pub origin: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Expands the command line's paths into a list of sources, in order.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
        } else if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("{}: cannot list folder", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && f.extension().is_some_and(|e| e == "txt"))
                .collect();
            files.sort();
            out.extend(files);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    Ok(out)
}

fn is_jsonl(p: &Path) -> bool {
    let n = p.to_string_lossy();
    n.ends_with(".jsonl") || n.ends_with(".jsonl.gz")
}

/// Calls `f` with each document of each source, in order.
pub fn for_each_doc(sources: &[PathBuf], mut f: impl FnMut(Result<RawDoc>) -> Result<()>) -> Result<()> {
    for src in sources {
        if src.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("stdin: cannot read")?;
            f(Ok(RawDoc { id: "stdin".into(), origin: "stdin".into(), bytes }))?;
        } else if is_jsonl(src) {
            let file = File::open(src).with_context(|| format!("{}: cannot open", src.display()))?;
            let reader: Box<dyn Read> = if src.to_string_lossy().ends_with(".gz") {
                Box::new(flate2::read::MultiGzDecoder::new(file))
            } else {
                Box::new(file)
            };
            let reader = BufReader::with_capacity(1 << 20, reader);
            for (n, line) in reader.split(b'\n').enumerate() {
                let origin = format!("{}:{}", src.display(), n + 1);
                let line = line.with_context(|| format!("{origin}: cannot read"))?;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                f(parse_jsonl_line(&line, &origin))?;
            }
        } else {
            let bytes = std::fs::read(src).with_context(|| format!("{}: cannot read", src.display()));
            let id = src.file_name().map_or_else(|| src.display().to_string(), |n| n.to_string_lossy().into_owned());
            f(bytes.map(|bytes| RawDoc { id, origin: src.display().to_string(), bytes }))?;
        }
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct Line {
    id: serde_json::Value,
    text: String,
}

fn parse_jsonl_line(line: &[u8], origin: &str) -> Result<RawDoc> {
    let rec: Line = serde_json::from_slice(line).with_context(|| format!("{origin}: not a {{\"id\",\"text\"}} JSON line"))?;
    let id = match rec.id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    Ok(RawDoc { id, origin: origin.to_string(), bytes: rec.text.into_bytes() })
}
