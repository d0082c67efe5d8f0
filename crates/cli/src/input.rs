//! Reading documents from files, folders, stdin and `.jsonl(.gz)` corpora.
//!
//! A source that cannot be read (a permission error, a corrupt gzip stream, a line that is not an
//! `{"id","text"}` object, a document over the size limit, an id given twice) becomes a failed
//! item naming where it was; the other sources are still read. Only a path that does not exist or
//! is not a regular file stops the run before it starts. Nothing is read whole without a bound:
//! one document is at most `max_doc_size` bytes.

use std::collections::HashMap;
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
    /// What a corpus line says about the document besides its text.
    pub meta: chidao_text::DocInfo,
}

/// One item read: a document, or why one could not be read (the message names where).
pub type Item = Result<RawDoc, anyhow::Error>;

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `-`: standard input, one document or (with `--stdin-format jsonl`) a corpus.
    Stdin(StdinFormat),
    /// A text file: one document.
    File(PathBuf),
    /// A `.jsonl` / `.jsonl.gz` file of `{"id","text"}` lines: one document per line.
    Corpus(PathBuf),
}

/// What standard input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum StdinFormat {
    /// One document.
    #[default]
    Text,
    /// `{"id","text"}` lines, as in a `.jsonl` corpus.
    Jsonl,
}

/// How inputs are read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Largest document accepted, in bytes.
    pub max_doc_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_doc_size: chidao_text::DEFAULT_MAX_DOC_BYTES }
    }
}

impl Source {
    /// Bytes on disk (for progress), 0 when unknown.
    pub fn size(&self) -> u64 {
        match self {
            Source::Stdin(_) => 0,
            Source::File(p) | Source::Corpus(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        }
    }

    /// Its name in messages: the path as given, or "stdin".
    pub fn name(&self) -> String {
        match self {
            Source::Stdin(_) => "stdin".to_string(),
            Source::File(p) | Source::Corpus(p) => p.display().to_string(),
        }
    }
}

/// What a path is, for messages about paths that are not regular files.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Expands the command line's paths into sources, in order. Folders give their documents (files
/// with an extension of [`chidao_formats::Format::EXTENSIONS`], not recursively; the content then
/// decides the format), sorted by name; inside a folder, what is not a readable regular file (a
/// FIFO, a device, a dangling or looping link) is skipped with a warning. A path given by name
/// that does not exist or is not a regular file is an error: reading a FIFO could wait forever,
/// a device never ends (give `-` to read a pipe).
pub fn sources(paths: &[PathBuf], stdin: StdinFormat) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin(stdin));
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if std::fs::symlink_metadata(p).is_ok() {
                    bail!("{}: a symbolic link to nothing (its target does not exist)", p.display());
                }
                bail!("{}: no such file or folder", p.display());
            }
            Err(e) => return Err(anyhow!(e).context(format!("{}: cannot read", p.display()))),
        };
        if meta.is_dir() {
            out.extend(folder(p)?);
        } else if meta.is_file() {
            out.push(if is_jsonl(p) { Source::Corpus(p.clone()) } else { Source::File(p.clone()) });
        } else {
            bail!(
                "{}: {}, not a file: chidao reads files and folders (to read from a pipe, give `-` and send it on standard input)",
                p.display(),
                kind_of(&meta)
            );
        }
    }
    Ok(out)
}

/// A folder's documents, sorted; what cannot be read as a file is skipped with a warning.
fn folder(dir: &Path) -> Result<Vec<Source>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}: cannot list folder", dir.display()))? {
        let path = match entry {
            Ok(e) => e.path(),
            Err(e) => {
                eprintln!("chidao: {}: warning: an entry cannot be read ({e}); skipped", dir.display());
                continue;
            }
        };
        if !is_document(&path) {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => files.push(path),
            Ok(m) if m.is_dir() => {}
            Ok(m) => eprintln!("chidao: {}: warning: {}, not a file; skipped", path.display(), kind_of(&m)),
            Err(e) => {
                let why = if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    format!("a symbolic link that leads nowhere ({e})")
                } else {
                    e.to_string()
                };
                eprintln!("chidao: {}: warning: {why}; skipped", path.display());
            }
        }
    }
    if files.is_empty() {
        eprintln!("chidao: {}: warning: folder has no documents (*.txt, *.pdf, *.docx, *.doc, *.rtf, *.html, images)", dir.display());
    }
    files.sort();
    Ok(files.into_iter().map(Source::File).collect())
}

fn is_document(p: &Path) -> bool {
    p.extension().is_some_and(|e| chidao_formats::Format::EXTENSIONS.iter().any(|k| e.eq_ignore_ascii_case(k)))
}

fn is_jsonl(p: &Path) -> bool {
    let n = p.to_string_lossy();
    n.ends_with(".jsonl") || n.ends_with(".jsonl.gz")
}

/// "52.4 MB".
fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / f64::from(1u32 << 20))
}

fn too_big(origin: &str, size: Option<u64>, limit: u64) -> anyhow::Error {
    match size {
        Some(s) => anyhow!("{origin}: {} is more than the limit of {} for one document (--max-doc-size)", mb(s), mb(limit)),
        None => anyhow!("{origin}: more than the limit of {} for one document (--max-doc-size)", mb(limit)),
    }
}

/// Reads at most `limit` bytes; `None` when there were more.
fn read_capped(r: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// The ids seen in this run: an id given again with other bytes is an error naming where it came
/// first, with the same bytes a warning (it is read once). An id is kept as its 128-bit hash, with
/// the 64-bit hash of its bytes and where it was read: an entry of 32 bytes. (The id and its
/// origin kept as strings took about 200 bytes a document: an ingest that had passed over 1.3
/// million stored corpus lines held 295 MB, measured.) The entries are spread over
/// [`Seen::SHARDS`] maps by the hash's top byte, so that a map that doubles is a small one: one
/// map for 1.8 million ids would hold the old table of 67 MB and the new of 134 MB at once.
/// Nothing else is kept a document: a place's name is written again from the run's sources.
struct Seen<'s> {
    ids: Vec<HashMap<u128, (u64, Place)>>,
    /// The run's sources, by [`Place::source`].
    sources: &'s [Source],
}

/// Where an item was read, in 64 bits: the source (by its index in the run) in the high 24, the
/// line of a corpus in the low 40 (0 for a whole file); [`Place::UNKNOWN`] past either range.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Place(u64);

impl Place {
    const LINE_BITS: u32 = 40;
    const UNKNOWN: Place = Place(u64::MAX);

    fn new(source: usize, line: u64) -> Place {
        match u64::try_from(source) {
            Ok(s) if s < (1 << (64 - Self::LINE_BITS)) - 1 && line < (1 << Self::LINE_BITS) => Place(s << Self::LINE_BITS | line),
            _ => Place::UNKNOWN,
        }
    }

    fn source(self) -> usize {
        (self.0 >> Self::LINE_BITS) as usize
    }

    fn line(self) -> u64 {
        self.0 & ((1 << Self::LINE_BITS) - 1)
    }
}

impl<'s> Seen<'s> {
    const SHARDS: usize = 256;

    fn new(sources: &'s [Source]) -> Seen<'s> {
        Seen { ids: (0..Self::SHARDS).map(|_| HashMap::new()).collect(), sources }
    }

    /// Where an item of id `id` read at `place` came from, as its message named it then.
    fn origin(&self, place: Place, id: &str) -> String {
        match self.sources.get(place.source()) {
            Some(src) if place != Place::UNKNOWN => match place.line() {
                0 => src.name(),
                n => with_id(&line_origin(&src.name(), n), id),
            },
            _ => "an earlier item of this run".to_string(),
        }
    }

    /// The item, or an error when its id came before with other content (a warning and `None`
    /// when with the same content: it is simply skipped).
    fn check(&mut self, item: Item, place: Place) -> Option<Item> {
        let Ok(doc) = item else { return Some(item) };
        let id = xxhash_rust::xxh3::xxh3_128(doc.id.as_bytes());
        let hash = xxhash_rust::xxh3::xxh3_64(&doc.bytes);
        let shard = &mut self.ids[(id >> 120) as usize % Self::SHARDS];
        match shard.get(&id) {
            None => {
                shard.insert(id, (hash, place));
                Some(Ok(doc))
            }
            Some(&(h, first)) if h == hash => {
                eprintln!("chidao: {}: warning: the same document as {} (id {}); read once", doc.origin, self.origin(first, &doc.id), doc.id);
                None
            }
            Some(&(_, first)) => Some(Err(anyhow!(
                "{}: id {} was given already by {}, with other text; ids must be unique (this one is not read)",
                doc.origin,
                doc.id,
                self.origin(first, &doc.id)
            ))),
        }
    }
}

/// A corpus line's place in messages: "corpus.jsonl.gz:17".
fn line_origin(name: &str, line: u64) -> String {
    format!("{name}:{line}")
}

/// A corpus item's origin in messages: "corpus.jsonl.gz:17 (id 123.txt)".
fn with_id(line_origin: &str, id: &str) -> String {
    format!("{line_origin} (id {id})")
}

/// Calls `f` with each item of each source, in order, and `progress` with the bytes of each source
/// consumed (for a corpus, as its file is read). Stops early only when `f` returns an error.
pub fn for_each_doc<E>(
    sources: &[Source],
    opts: ReadOptions,
    progress: &(dyn Fn(u64) + Sync),
    mut f: impl FnMut(Item) -> Result<(), E>,
) -> Result<(), E> {
    let mut seen = Seen::new(sources);
    let limit = opts.max_doc_size;
    for (at, src) in sources.iter().enumerate() {
        let mut g = |item: Item, line: u64| match seen.check(item, Place::new(at, line)) {
            Some(item) => f(item),
            None => Ok(()),
        };
        match src {
            Source::Stdin(StdinFormat::Text) => {
                let item = match read_capped(std::io::stdin().lock(), limit) {
                    Ok(Some(bytes)) => Ok(RawDoc { id: "stdin".into(), origin: "stdin".into(), bytes, meta: Default::default() }),
                    Ok(None) => Err(too_big("stdin", None, limit)),
                    Err(e) => Err(anyhow!(e).context("stdin: cannot read")),
                };
                g(item, 0)?;
            }
            Source::Stdin(StdinFormat::Jsonl) => read_corpus("stdin", Box::new(std::io::stdin().lock()), limit, &mut g)?,
            Source::File(path) => {
                progress(src.size());
                g(read_file(path, limit), 0)?;
            }
            Source::Corpus(path) => {
                let name = src.name();
                let reader: Box<dyn Read + '_> = match File::open(path) {
                    Ok(file) => {
                        let file = Counting { inner: file, progress };
                        if name.ends_with(".gz") { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) }
                    }
                    Err(e) => {
                        g(Err(anyhow!(e).context(format!("{name}: cannot open"))), 0)?;
                        continue;
                    }
                };
                read_corpus(&name, reader, limit, &mut g)?;
            }
        }
    }
    Ok(())
}

fn read_file(path: &Path, limit: u64) -> Item {
    let origin = path.display().to_string();
    let id = path.file_name().map_or_else(|| origin.clone(), |n| n.to_string_lossy().into_owned());
    let id = chidao_store::check_doc_id(&id).map_err(|e| anyhow!("{origin}: the file name cannot be a document id: {e}"))?;
    let file = File::open(path).with_context(|| format!("{origin}: cannot read"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(too_big(&origin, Some(size), limit));
    }
    match read_capped(file, limit).with_context(|| format!("{origin}: cannot read"))? {
        Some(bytes) => {
            if corpus_like(&bytes) {
                eprintln!(
                    "chidao: {origin}: warning: its first line is a {{\"id\",\"text\"}} JSON object, as in a corpus, but the file is read as one document (its name does not end in .jsonl or .jsonl.gz); rename it to read one document a line"
                );
            }
            Ok(RawDoc { id, origin, bytes, meta: Default::default() })
        }
        None => Err(too_big(&origin, None, limit)),
    }
}

/// Whether a file's first line is a corpus line (a JSON object with a string `text`): a corpus
/// saved under another name, which would be read as one document.
fn corpus_like(bytes: &[u8]) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    first.trim_ascii_start().starts_with(b"{")
        && serde_json::from_slice::<serde_json::Value>(first).is_ok_and(|v| v.get("text").is_some_and(serde_json::Value::is_string))
}

/// The longest corpus line read: a document's text of `limit` bytes, JSON-escaped (at most six
/// bytes a byte, `\u00XX`), and its fields.
fn line_limit(limit: u64) -> u64 {
    limit.saturating_mul(6).saturating_add(64 * 1024)
}

/// Calls `f` with each line's item and its number.
fn read_corpus<E>(name: &str, reader: Box<dyn Read + '_>, limit: u64, f: &mut impl FnMut(Item, u64) -> Result<(), E>) -> Result<(), E> {
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut line = Vec::new();
    for n in 1.. {
        line.clear();
        match read_line_capped(&mut reader, &mut line, line_limit(limit)) {
            Ok(Line::End) => break,
            Ok(Line::Read) => {}
            Ok(Line::TooLong(len)) => {
                f(Err(too_big(&line_origin(name, n), Some(len), limit)), n)?;
                continue;
            }
            Err(e) => return f(Err(anyhow!(e).context(format!("{}: cannot read; the rest of this input is skipped", line_origin(name, n)))), n),
        }
        let body = if n == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line) } else { &line[..] };
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        f(parse_line(body, &line_origin(name, n), limit), n)?;
    }
    Ok(())
}

/// What [`read_line_capped`] read.
enum Line {
    /// Nothing more.
    End,
    /// A line, in the buffer.
    Read,
    /// A line longer than the cap, of this many bytes, skipped.
    TooLong(u64),
}

/// One line (without more than `cap` bytes in memory): a longer one is read to its end and
/// dropped.
fn read_line_capped(r: &mut impl BufRead, buf: &mut Vec<u8>, cap: u64) -> std::io::Result<Line> {
    let mut len: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr(chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        len += take as u64;
        if len <= cap {
            buf.extend_from_slice(&chunk[..take]);
        } else {
            buf.clear();
        }
        r.consume(take);
        if done {
            break;
        }
    }
    Ok(if !any {
        Line::End
    } else if len > cap {
        Line::TooLong(len)
    } else {
        Line::Read
    })
}

fn memchr(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
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

/// A corpus line: `id` and `text`, and optionally what the feed knows of the document (other
/// fields are ignored).
#[derive(serde::Deserialize)]
struct LineRecord {
    id: serde_json::Value,
    text: String,
    date: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

fn parse_line(line: &[u8], origin: &str, limit: u64) -> Item {
    // A line of valid UTF-8 (nearly every one) is checked once, with SIMD, and parsed as text
    // (serde then checks no string again); another gets serde's own message.
    let rec: LineRecord = match simdutf8::basic::from_utf8(line) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(line),
    }
    .with_context(|| format!("{origin}: not a {{\"id\",\"text\"}} JSON line"))?;
    let id = match rec.id {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => n.to_string(),
        other => bail!("{origin}: \"id\" must be a string or a whole number, not {}", json_kind(&other)),
    };
    let id = chidao_store::check_doc_id(&id).map_err(|e| anyhow!("{origin}: \"id\": {e}"))?;
    let origin = with_id(origin, &id);
    if rec.text.len() as u64 > limit {
        return Err(too_big(&origin, Some(rec.text.len() as u64), limit));
    }
    let meta = chidao_text::DocInfo::new(rec.date.as_deref(), rec.published.as_deref(), rec.source.as_deref(), rec.url.as_deref())
        .map_err(|e| anyhow!("{origin}: {e}"))?;
    Ok(RawDoc { origin, id, bytes: rec.text.into_bytes(), meta })
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a fraction",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Item {
        parse_line(line.as_bytes(), "c.jsonl:3", 1000)
    }

    #[test]
    fn a_corpus_under_another_name_is_noticed() {
        assert!(corpus_like(b"{\"id\":\"a.txt\",\"text\":\"Bao cao\"}\n{\"id\":\"b.txt\",\"text\":\"x\"}\n"));
        assert!(corpus_like(b"  {\"text\":\"one\"}"));
        // A report that quotes JSON, or starts with a brace, is a document.
        assert!(!corpus_like("Báo cáo {\"text\":\"x\"}\n".as_bytes()));
        assert!(!corpus_like(b"{ghi ch\xc3\xba}\nB\xc3\xa1o c\xc3\xa1o"));
        assert!(!corpus_like(b"{\"id\":\"a\",\"text\":5}"));
        assert!(!corpus_like(b""));
    }

    #[test]
    fn corpus_lines() {
        let d = parse(r#"{"id": "7.txt", "text": "Tỉnh ủy Hòa Lạc họp."}"#).unwrap();
        assert_eq!(d.id, "7.txt");
        assert_eq!(d.origin, "c.jsonl:3 (id 7.txt)");
        assert_eq!(d.bytes, "Tỉnh ủy Hòa Lạc họp.".as_bytes());
        let d = parse(r#"{"id": 42, "text": ""}"#).unwrap();
        assert_eq!(d.id, "42");
        let e = parse(r#"{"id": "x"}"#).unwrap_err();
        assert!(format!("{e:#}").starts_with("c.jsonl:3: not a {\"id\",\"text\"} JSON line"), "{e:#}");
    }

    #[test]
    fn a_line_of_invalid_utf8_gets_serdes_message() {
        // Checked with SIMD first; the line that fails is parsed as bytes, for serde's own words.
        let line = b"{\"id\": \"7.txt\", \"text\": \"T\xe1\xbb\x89nh \xff u\xe1\xbb\xb7\"}";
        let e = format!("{:#}", parse_line(line, "c.jsonl:3", 1000).unwrap_err());
        let serde = serde_json::from_slice::<LineRecord>(line).err().expect("invalid").to_string();
        assert!(e.starts_with("c.jsonl:3: not a {\"id\",\"text\"} JSON line") && e.ends_with(&serde), "{e}");
    }

    #[test]
    fn bad_ids_are_refused() {
        for (line, why) in [
            (r#"{"id": "", "text": "a"}"#, "1 to 200 characters"),
            (r#"{"id": "   ", "text": "a"}"#, "1 to 200 characters"),
            (r#"{"id": null, "text": "a"}"#, "not null"),
            (r#"{"id": 1.5, "text": "a"}"#, "not a fraction"),
            (r#"{"id": ["a"], "text": "a"}"#, "not a list"),
            (r#"{"id": "a\u0007b", "text": "a"}"#, "control characters"),
        ] {
            let e = format!("{:#}", parse(line).unwrap_err());
            assert!(e.starts_with("c.jsonl:3: \"id\"") && e.contains(why), "{line}: {e}");
        }
        let long = format!(r#"{{"id": "{}", "text": "a"}}"#, "x".repeat(100_000));
        assert!(format!("{:#}", parse(&long).unwrap_err()).contains("1 to 200 characters"));
    }

    #[test]
    fn metadata_fields_are_read_and_checked() {
        let d = parse(r#"{"id": "a", "text": "x", "date": "2024-05-14", "source": "Báo Hòa Lạc", "url": "https://example.vn/a"}"#).unwrap();
        assert_eq!(d.meta.date.as_deref(), Some("2024-05-14"));
        assert_eq!(d.meta.source.as_deref(), Some("Báo Hòa Lạc"));
        let e = format!("{:#}", parse(r#"{"id": "a", "text": "x", "date": "hôm qua"}"#).unwrap_err());
        assert!(e.contains("date"), "{e}");
    }

    #[test]
    fn oversized_documents_are_refused() {
        let e = format!("{:#}", parse_line(format!(r#"{{"id": "a", "text": "{}"}}"#, "x".repeat(20)).as_bytes(), "c:1", 10).unwrap_err());
        assert!(e.contains("limit"), "{e}");
        let mut r = std::io::Cursor::new(format!("{}\nshort\n", "y".repeat(100)).into_bytes());
        let mut buf = Vec::new();
        assert!(matches!(read_line_capped(&mut r, &mut buf, 50).unwrap(), Line::TooLong(101)));
        buf.clear();
        assert!(matches!(read_line_capped(&mut r, &mut buf, 50).unwrap(), Line::Read));
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert!(matches!(read_line_capped(&mut r, &mut buf, 50).unwrap(), Line::End));
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let doc = |origin: &str, text: &str| Ok(RawDoc { id: "a".into(), origin: origin.into(), bytes: text.into(), meta: Default::default() });
        let sources = [Source::File("tin/a".into()), Source::Corpus("c.jsonl".into())];
        let mut seen = Seen::new(&sources);
        let (file, corpus) = (0, 1);
        assert!(seen.check(doc("c.jsonl:1 (id a)", "x"), Place::new(corpus, 1)).unwrap().is_ok());
        assert!(seen.check(doc("c.jsonl:2 (id a)", "x"), Place::new(corpus, 2)).is_none(), "the same bytes: read once");
        let e = format!("{:#}", seen.check(doc("tin/a", "y"), Place::new(file, 0)).unwrap().unwrap_err());
        assert_eq!(e, "tin/a: id a was given already by c.jsonl:1 (id a), with other text; ids must be unique (this one is not read)");
        let mut seen = Seen::new(&sources);
        assert!(seen.check(doc("tin/a", "x"), Place::new(file, 0)).unwrap().is_ok());
        let e = format!("{:#}", seen.check(doc("c.jsonl:9 (id a)", "y"), Place::new(file + 1, 9)).unwrap().unwrap_err());
        assert!(e.starts_with("c.jsonl:9 (id a): id a was given already by tin/a,"), "{e}");
    }

    #[test]
    fn every_id_of_many_is_found_again() {
        let doc = |id: usize, text: &str| Ok(RawDoc { id: format!("{id}.txt"), origin: format!("c.jsonl:{id}"), bytes: text.into(), meta: Default::default() });
        let sources = [Source::Corpus("c.jsonl".into())];
        let mut seen = Seen::new(&sources);
        let at = 0;
        for i in 1..=5000 {
            assert!(seen.check(doc(i, "x"), Place::new(at, i as u64)).unwrap().is_ok());
        }
        for i in (1..=5000).step_by(7) {
            assert!(seen.check(doc(i, "x"), Place::new(at, 9999)).is_none());
            let e = format!("{:#}", seen.check(doc(i, "y"), Place::new(at, 9999)).unwrap().unwrap_err());
            assert!(e.contains(&format!("given already by c.jsonl:{i} (id {i}.txt),")), "{e}");
        }
        assert!(seen.check(doc(5001, "x"), Place::new(at, 5001)).unwrap().is_ok());
    }

    #[test]
    fn an_id_seen_takes_32_bytes_of_the_map() {
        assert_eq!(std::mem::size_of::<(u128, (u64, Place))>(), 32);
    }

    #[test]
    fn a_place_keeps_its_source_and_line_or_says_it_is_unknown() {
        let p = Place::new(3, 17);
        assert_eq!((p.source(), p.line()), (3, 17));
        let last = Place::new((1 << 24) - 2, (1 << 40) - 1);
        assert_eq!((last.source(), last.line()), ((1 << 24) - 2, (1 << 40) - 1));
        assert_eq!(Place::new(1 << 24, 1), Place::UNKNOWN);
        assert_eq!(Place::new(0, 1 << 40), Place::UNKNOWN);
        let sources = [Source::Corpus("c.jsonl".into())];
        let seen = Seen::new(&sources);
        assert_eq!(seen.origin(Place::UNKNOWN, "a"), "an earlier item of this run");
        assert_eq!(seen.origin(Place::new(0, 4), "a"), "c.jsonl:4 (id a)");
    }
}
