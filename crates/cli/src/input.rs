//! Reading documents from files, folders, stdin and `.jsonl(.gz)` corpora.
//!
//! A source that cannot be read (a permission error, a corrupt gzip stream, a line that is not an
//! `{"id","text"}` object) becomes a failed item naming where it was; the other sources are still read.
//! Only a path that does not exist stops the run before it starts.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

/// A document's raw bytes and where they came from.
#[derive(Debug)]
pub struct RawDoc {
    /// Id: the file's base name or the corpus record's id.
    pub id: String,
    /// Where it was read, for messages ("a.txt", "corpus.jsonl.gz:17 (id 123.txt)").
    pub origin: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// One item read: a document, or why one could not be read (the message names where).
pub type Item = Result<RawDoc, anyhow::Error>;

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `-`: the whole of stdin is one document.
    Stdin,
    /// A text file: one document.
    File(PathBuf),
    /// A `.jsonl` / `.jsonl.gz` file of `{"id","text"}` lines: one document per line.
    Corpus(PathBuf),
}

impl Source {
    /// Bytes on disk (for progress), 0 when unknown.
    pub fn size(&self) -> u64 {
        match self {
            Source::Stdin => 0,
            Source::File(p) | Source::Corpus(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        }
    }
}

/// Expands the command line's paths into sources, in order. Folders give their documents (files
/// with an extension of [`chidao_formats::Format::EXTENSIONS`], not recursively; the content then
/// decides the format), sorted by name. A path that does not exist is an error.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("{}: cannot list folder", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && is_document(f))
                .collect();
            if files.is_empty() {
                eprintln!("chidao: {}: warning: folder has no documents (*.txt, *.pdf, *.docx, *.doc, *.rtf, *.html, images)", p.display());
            }
            files.sort();
            out.extend(files.into_iter().map(Source::File));
        } else if p.exists() {
            out.push(if is_jsonl(p) { Source::Corpus(p.clone()) } else { Source::File(p.clone()) });
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    Ok(out)
}

fn is_document(p: &Path) -> bool {
    p.extension().is_some_and(|e| chidao_formats::Format::EXTENSIONS.iter().any(|k| e.eq_ignore_ascii_case(k)))
}

fn is_jsonl(p: &Path) -> bool {
    let n = p.to_string_lossy();
    n.ends_with(".jsonl") || n.ends_with(".jsonl.gz")
}

/// Calls `f` with each item of each source, in order, and `progress` with the bytes of each source
/// consumed (for a corpus, as its file is read). Stops early only when `f` returns an error.
pub fn for_each_doc<E>(sources: &[Source], progress: &(dyn Fn(u64) + Sync), mut f: impl FnMut(Item) -> Result<(), E>) -> Result<(), E> {
    for src in sources {
        match src {
            Source::Stdin => {
                let mut bytes = Vec::new();
                let item = std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map(|_| RawDoc { id: "stdin".into(), origin: "stdin".into(), bytes })
                    .context("stdin: cannot read");
                f(item)?;
            }
            Source::File(path) => {
                let id = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                let item = std::fs::read(path)
                    .map(|bytes| RawDoc { id, origin: path.display().to_string(), bytes })
                    .with_context(|| format!("{}: cannot read", path.display()));
                progress(src.size());
                f(item)?;
            }
            Source::Corpus(path) => read_corpus(path, progress, &mut f)?,
        }
    }
    Ok(())
}

fn read_corpus<E>(path: &Path, progress: &(dyn Fn(u64) + Sync), f: &mut impl FnMut(Item) -> Result<(), E>) -> Result<(), E> {
    let name = path.display();
    let file = match File::open(path) {
        Ok(file) => Counting { inner: file, progress },
        Err(e) => return f(Err(anyhow!(e).context(format!("{name}: cannot open")))),
    };
    let reader: Box<dyn Read + '_> =
        if path.to_string_lossy().ends_with(".gz") { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut line = Vec::new();
    for n in 1.. {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return f(Err(anyhow!(e).context(format!("{name}:{n}: cannot read; the rest of this file is skipped")))),
        }
        let body = if n == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line) } else { &line[..] };
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        f(parse_line(body, &format!("{name}:{n}")))?;
    }
    Ok(())
}

/// A reader that reports the bytes read through it.
struct Counting<'a, R> {
    inner: R,
    progress: &'a (dyn Fn(u64) + Sync),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(n as u64);
        Ok(n)
    }
}

#[derive(serde::Deserialize)]
struct Line {
    id: serde_json::Value,
    text: String,
}

fn parse_line(line: &[u8], origin: &str) -> Item {
    let rec: Line = serde_json::from_slice(line).with_context(|| format!("{origin}: not a {{\"id\",\"text\"}} JSON line"))?;
    let id = match rec.id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    Ok(RawDoc { origin: format!("{origin} (id {id})"), id, bytes: rec.text.into_bytes() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_lines() {
        let d = parse_line(r#"{"id": "7.txt", "text": "Tỉnh ủy Hòa Lạc họp."}"#.as_bytes(), "c.jsonl:3").unwrap();
        assert_eq!(d.id, "7.txt");
        assert_eq!(d.origin, "c.jsonl:3 (id 7.txt)");
        assert_eq!(d.bytes, "Tỉnh ủy Hòa Lạc họp.".as_bytes());
        let d = parse_line(br#"{"id": 42, "text": ""}"#, "c.jsonl:1").unwrap();
        assert_eq!(d.id, "42");
        let e = parse_line(br#"{"id": "x"}"#, "c.jsonl:9").unwrap_err();
        assert!(format!("{e:#}").starts_with("c.jsonl:9: not a {\"id\",\"text\"} JSON line"), "{e:#}");
    }
}
