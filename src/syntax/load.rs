//! Reading a Kea config: the root file, its `<?include?>`s (spliced at token level, as Kea
//! does), lexing, bracket diagnosis and parsing into a `Document`.
//!
//! Include paths are resolved relative to the including file's directory (what a person
//! editing a config tree expects), falling back to the current directory, which is where
//! Kea 2.2 itself looks (measured: kea-dhcp4 -t resolves them against its cwd).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::syntax::cst::{Comment, Document};
use crate::syntax::lexer::{Lexer, Tok, Token, include_path};
use crate::syntax::{brackets, parser};

/// Syntax diagnostics beyond this many are dropped (binary garbage would produce thousands).
const MAX_SYNTAX_DIAGS: usize = 50;

/// The root file itself could not be read: a usage/I-O error, not a config problem.
#[derive(Debug)]
pub struct ReadError {
    pub path: String,
    pub error: std::io::Error,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path, self.error)
    }
}

/// Read and parse a file ("-" reads stdin).
pub fn load_file(path: &Path) -> Result<(Document, Vec<Diagnostic>), ReadError> {
    let name = path.display().to_string();
    let (text, resolved) = if name == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|error| ReadError { path: "<stdin>".into(), error })?;
        (buf, None)
    } else {
        let bytes = std::fs::read(path).map_err(|error| ReadError { path: name.clone(), error })?;
        (bytes, Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())))
    };
    let mut diags = Vec::new();
    let text = to_text(text, &name, &mut diags);
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new(if name == "-" { "<stdin>".to_string() } else { name }, resolved, text));
    let (doc, mut more) = parse_sources(sources, root);
    diags.append(&mut more);
    Ok((doc, diags))
}

/// Parse text that is not on disk (tests, stdin, a live server's reply). Includes are
/// resolved against `base_dir` or the current directory.
pub fn load_str(name: &str, text: impl Into<String>) -> (Document, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new(name, None, text.into()));
    parse_sources(sources, root)
}

fn to_text(bytes: Vec<u8>, name: &str, diags: &mut Vec<Diagnostic>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            diags.push(Diagnostic::warning("encoding", format!("{name} is not valid UTF-8; invalid bytes are shown as U+FFFD")));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

fn parse_sources(sources: SourceMap, root: FileId) -> (Document, Vec<Diagnostic>) {
    let eof = {
        let len = sources.get(root).text.len();
        Span::new(root, len, len)
    };
    let root_text = &sources.get(root).text;
    let threaded = root_text.len() >= THREADED_LEX_MIN && !root_text.contains("<?include");
    let (parsed, sources, mut all_comments, lex_diags, includes) = if threaded {
        let (parsed, comments, diags) = parse_threaded(&sources.get(root).text, root, eof);
        (parsed, sources, comments, diags, Vec::new())
    } else {
        let mut stream = TokenStream::new(sources, root, false);
        let parsed = parser::parse_stream(&mut stream, eof);
        let TokenStream { sources, comments, diags, includes, .. } = stream;
        (parsed, sources, comments, diags, includes)
    };
    let mut diags = lex_diags;
    let mut syntax: Vec<Diagnostic> = diags.iter().filter(|d| d.code == "syntax").cloned().collect();
    diags.retain(|d| d.code != "syntax");
    syntax.extend(parsed.diags);
    if !syntax.is_empty() {
        // Errors: lex everything again, keeping the tokens this time, to see whether the
        // brackets balance. If they do not, the bracket diagnosis names the cause and the
        // parser's complaints after that point are consequences.
        let tokens = all_tokens(&sources, root);
        let bracket_errors = brackets::diagnose(&tokens, &sources, eof);
        if !bracket_errors.is_empty() {
            let first = bracket_errors.iter().filter_map(|d| d.span).map(|s| (s.file, s.start)).min();
            syntax.retain(|d| match (d.span, first) {
                // Keep lexer errors (bad strings, stray characters) and anything before the cause.
                (Some(s), Some(f)) => (s.file, s.start) < f || is_lexical(d),
                _ => false,
            });
            syntax.extend(bracket_errors);
        }
    }
    crate::diag::sort_dedup(&mut syntax);
    syntax.truncate(MAX_SYNTAX_DIAGS);
    diags.extend(syntax);
    all_comments.sort_by_key(|c: &Comment| (c.span.file, c.span.start));
    let doc = Document { sources, root: parsed.root, comments: all_comments, trailing_commas: parsed.extra_commas, includes };
    (doc, diags)
}

/// Lexer diagnostics (as opposed to parser ones) stand on their own even when brackets
/// do not balance.
fn is_lexical(d: &Diagnostic) -> bool {
    matches!(d.message.as_str(), m if m.starts_with("unexpected character") || m.starts_with("string not closed") || m.starts_with("bad ") || m.starts_with("control character") || m.starts_with("unsupported unicode") || m.starts_with("invalid number") || m.starts_with("comment not closed") || m.contains("does not fit") || m.starts_with("unexpected word") || m.starts_with("malformed include"))
}

/// Every token of the root file with includes spliced (for the bracket diagnosis).
fn all_tokens(sources: &SourceMap, root: FileId) -> Vec<Token> {
    let mut copy = SourceMap::new();
    let f = sources.get(root);
    let id = copy.add(SourceFile::new(f.name.clone(), f.path.clone(), f.text.clone()));
    let mut stream = TokenStream::new(copy, id, true);
    while stream.next_token().is_some() {}
    // File ids match: includes are added in the same order on both passes.
    stream.recorded
}

/// Tokens of the root file with `<?include?>`s spliced in, pulled one at a time.
/// Where the parser pulls tokens from, and the text they point into.
pub trait TokenSource {
    fn next_token(&mut self) -> Option<Token>;
    fn text(&self, span: Span) -> &str;
}

impl TokenSource for TokenStream {
    fn next_token(&mut self) -> Option<Token> {
        TokenStream::next_token(self)
    }
    fn text(&self, span: Span) -> &str {
        self.sources.text(span)
    }
}

/// Tokens of one file lexed on another thread, handed over in chunks: on a large file
/// without includes, lexing (a quarter of `check`'s work) then runs beside parsing.
struct ThreadedTokens<'a> {
    text: &'a str,
    rx: std::sync::mpsc::Receiver<Vec<Token>>,
    /// Emptied chunks go back to the lexer for reuse (no allocation per chunk).
    back: std::sync::mpsc::Sender<Vec<Token>>,
    chunk: Vec<Token>,
    at: usize,
}

impl TokenSource for ThreadedTokens<'_> {
    fn next_token(&mut self) -> Option<Token> {
        if self.at == self.chunk.len() {
            let next = self.rx.recv().ok()?;
            let mut done = std::mem::replace(&mut self.chunk, next);
            done.clear();
            let _ = self.back.send(done);
            self.at = 0;
            if self.chunk.is_empty() {
                return None;
            }
        }
        let t = self.chunk[self.at];
        self.at += 1;
        Some(t)
    }
    fn text(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

/// Files at least this big are lexed on a second thread (when they have no includes).
const THREADED_LEX_MIN: usize = 1 << 20;
const CHUNK: usize = 8192;

/// Parse one include-free file with the lexer on its own thread.
fn parse_threaded(text: &str, root: FileId, eof: Span) -> (parser::Parsed, Vec<Comment>, Vec<Diagnostic>) {
    use std::sync::mpsc::{channel, sync_channel};
    std::thread::scope(|scope| {
        // A few chunks in flight keep both threads busy without buffering the whole file.
        let (tx, rx) = sync_channel::<Vec<Token>>(4);
        let (back, spare) = channel::<Vec<Token>>();
        let lexer = scope.spawn(move || {
            let mut lx = Lexer::new(root);
            let mut chunk = Vec::with_capacity(CHUNK);
            loop {
                match lx.next_token(text) {
                    Some(t) => {
                        chunk.push(t);
                        if chunk.len() == CHUNK {
                            let fresh = spare.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK));
                            if tx.send(std::mem::replace(&mut chunk, fresh)).is_err() {
                                break;
                            }
                        }
                    }
                    None => {
                        // The rest, then an empty chunk as the end mark.
                        if !chunk.is_empty() {
                            let _ = tx.send(chunk);
                        }
                        let _ = tx.send(Vec::new());
                        break;
                    }
                }
            }
            (lx.comments, lx.diags)
        });
        let mut tokens = ThreadedTokens { text, rx, back, chunk: Vec::new(), at: 0 };
        let parsed = parser::parse_stream(&mut tokens, eof);
        // The parser may stop early (too deep); let the lexer finish or notice.
        drop(tokens);
        let (comments, diags) = lexer.join().unwrap_or_default();
        (parsed, comments, diags)
    })
}

pub struct TokenStream {
    pub sources: SourceMap,
    /// Lexers of the files being read, the innermost include last, with their paths for
    /// loop detection.
    stack: Vec<(Lexer, PathBuf)>,
    pub comments: Vec<Comment>,
    pub diags: Vec<Diagnostic>,
    pub includes: Vec<(Span, FileId)>,
    record: bool,
    recorded: Vec<Token>,
}

impl TokenStream {
    pub fn new(sources: SourceMap, root: FileId, record: bool) -> TokenStream {
        let path = sources.get(root).path.clone().unwrap_or_default();
        TokenStream {
            sources,
            stack: vec![(Lexer::new(root), path)],
            comments: Vec::new(),
            diags: Vec::new(),
            includes: Vec::new(),
            record,
            recorded: Vec::new(),
        }
    }

    pub fn next_token(&mut self) -> Option<Token> {
        loop {
            let (lx, _) = self.stack.last_mut()?;
            let text = &self.sources.get(lx.file()).text;
            match lx.next_token(text) {
                Some(t) if t.kind == Tok::Include => self.open_include(t),
                Some(t) => {
                    if self.record {
                        self.recorded.push(t);
                    }
                    return Some(t);
                }
                None => {
                    if let Some((mut lx, _)) = self.stack.pop() {
                        self.comments.append(&mut lx.comments);
                        self.diags.append(&mut lx.diags);
                    }
                    if self.stack.is_empty() {
                        return None;
                    }
                }
            }
        }
    }

    fn open_include(&mut self, t: Token) {
        let file = t.span.file;
        let rel = include_path(self.sources.text(t.span)).to_string();
        let base = self.sources.get(file).path.as_ref().and_then(|p| p.parent().map(Path::to_path_buf));
        let candidates: Vec<PathBuf> = if Path::new(&rel).is_absolute() {
            vec![PathBuf::from(&rel)]
        } else {
            base.iter().map(|b| b.join(&rel)).chain(std::iter::once(PathBuf::from(&rel))).collect()
        };
        let Some(found) = candidates.iter().find(|p| p.is_file()) else {
            let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
            self.diags.push(
                Diagnostic::error("io", format!("cannot open include file {rel}"))
                    .at(t.span, "included here")
                    .help(format!("looked for {}", tried.join(" and "))),
            );
            return;
        };
        let canon = std::fs::canonicalize(found).unwrap_or_else(|_| found.clone());
        if self.stack.iter().any(|(_, p)| *p == canon) {
            let chain: Vec<String> =
                self.stack.iter().map(|(_, p)| p.display().to_string()).chain(std::iter::once(canon.display().to_string())).collect();
            self.diags.push(
                Diagnostic::error("include-loop", format!("include loop: {} includes itself", canon.display()))
                    .at(t.span, "this include leads back to a file being read")
                    .help(format!("include chain: {}", chain.join(" -> "))),
            );
            return;
        }
        let bytes = match std::fs::read(&canon) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(
                    Diagnostic::error("io", format!("cannot read include file {}: {e}", found.display())).at(t.span, "included here"),
                );
                return;
            }
        };
        let text = to_text(bytes, &found.display().to_string(), &mut self.diags);
        let id = self.sources.add(SourceFile::new(found.display().to_string(), Some(canon.clone()), text));
        self.includes.push((t.span, id));
        self.stack.push((Lexer::new(id), canon));
    }
}
