//! Source files and byte spans. Every CST node and model node carries a `Span` so that
//! diagnostics can point at file:line:col, including into `<?include?>`d files.

use std::path::{Path, PathBuf};

/// Index of a file in a `SourceMap`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file. 12 bytes: the CST holds millions of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start: start as u32, end: end as u32 }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// A sub-span at byte offsets relative to this span's start.
    pub fn sub(&self, start: usize, end: usize) -> Span {
        Span { file: self.file, start: self.start + start as u32, end: self.start + end as u32 }
    }
    /// The smallest span covering both (the first one alone when they lie in different files).
    pub fn to(&self, other: Span) -> Span {
        if other.file != self.file {
            return *self;
        }
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// One loaded source file.
pub struct SourceFile {
    /// The path as the user (or the including file) named it.
    pub name: String,
    /// Resolved path on disk (None for stdin or in-memory sources).
    pub path: Option<PathBuf>,
    pub text: String,
    /// The file was not UTF-8 and was read as Latin-1 (ISO 8859-1: one character per byte);
    /// see `crate::dhcpd::read_text`.
    pub latin1: bool,
    /// Byte offset of the start of every line; computed on first use (only diagnostics
    /// need it, and a large valid config never does).
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: String) -> SourceFile {
        SourceFile { name: name.into(), path, text, latin1: false, line_starts: std::sync::OnceLock::new() }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            // memchr: the first note of a migration computes this for the whole input, on
            // the critical path (a byte-at-a-time scan took 10 ms for a 9 MB file).
            let mut starts = vec![0u32];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i as u32 + 1));
            starts
        })
    }

    /// 1-based line and column (column counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&(offset as u32)) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = starts[line] as usize;
        let mut o = offset;
        while o > start && !self.text.is_char_boundary(o) {
            o -= 1;
        }
        let col = self.text[start..o].chars().count() + 1;
        (line + 1, col)
    }

    /// Byte offset where a 0-based line starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts().get(line).map_or(self.text.len(), |&s| s as usize)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.wrapping_sub(1)) else { return "" };
        let start = start as usize;
        let end = starts.get(line).map(|&e| e as usize).unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// All files read for one config: the root file and everything it includes.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }
    pub fn add_text(&mut self, name: &str, text: &str) -> FileId {
        self.add(SourceFile::new(name, None, text.to_string()))
    }
    /// The text of one file, taking it out of the map (which is then done with).
    pub fn into_text(mut self, id: FileId) -> String {
        std::mem::take(&mut self.files[id.0 as usize].text)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
    pub fn find_path(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path.as_deref() == Some(path)).map(|i| FileId(i as u32))
    }
    pub fn text(&self, span: Span) -> &str {
        &self.get(span.file).text[span.range()]
    }
    /// "file:line:col" of the span start.
    pub fn location(&self, span: Span) -> String {
        let f = self.get(span.file);
        let (l, c) = f.line_col(span.start as usize);
        format!("{}:{}:{}", f.name, l, c)
    }
}
