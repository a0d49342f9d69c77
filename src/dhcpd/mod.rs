//! ISC DHCP's configuration language: dhcpd.conf and dhcpd.leases (same lexical rules).
//! `grammar/dhcpd.pest` is the normative grammar; this is the fast hand-written
//! implementation of it (`reference.rs` runs the grammar; `tests/migrate_grammar.rs` holds
//! them together). `include "file";` statements are replaced by the file's statements.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod reference;

use crate::diag::Diagnostic;
use crate::source::{SourceFile, SourceMap};
use ast::{Stmt, TokKind};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// A parsed dhcpd.conf (or dhcpd.leases) with its sources (root file and includes).
pub struct Conf {
    pub sources: SourceMap,
    pub stmts: Vec<Stmt>,
}

/// Include nesting bound (dhcpd has none; a loop would never end).
const MAX_INCLUDE_DEPTH: usize = 16;

/// Parse text (name used in messages); includes resolve relative to `base`.
pub fn parse_str(name: &str, text: &str, base: Option<&Path>) -> (Conf, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    sources.add(SourceFile::new(name, base.map(|b| b.join(name)), text.to_string()));
    let (stmts, diags) = parse_whole(&mut sources, base.unwrap_or(Path::new("")));
    (Conf { sources, stmts }, diags)
}

/// Read and parse a file, includes spliced. Err: the root file cannot be read.
pub fn load_file(path: &Path) -> Result<(Conf, Vec<Diagnostic>), std::io::Error> {
    let mut sources = read_root(path)?;
    let (stmts, diags) = parse_whole(&mut sources, &base_dir(path));
    Ok((Conf { sources, stmts }, diags))
}

/// The root file (`-`: stdin) as file 0 of a new source map.
pub fn read_root(path: &Path) -> Result<SourceMap, std::io::Error> {
    let bytes = if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
        b
    } else {
        std::fs::read(path)?
    };
    let mut sources = SourceMap::new();
    sources.add(read_text(path.to_string_lossy().into_owned(), Some(path.to_path_buf()), bytes));
    Ok(sources)
}

/// A dhcpd.conf's bytes as a source file. dhcpd reads bytes, and configs older than UTF-8
/// hold Latin-1 (a `# Büro` comment, a hostname): a file that is not UTF-8 is read as
/// Latin-1, each byte one character, instead of refused (`SourceFile::latin1`; migrate
/// notes it, M023). String escapes (`\351`) keep their exact bytes either way.
pub fn read_text(name: String, path: Option<PathBuf>, bytes: Vec<u8>) -> SourceFile {
    match String::from_utf8(bytes) {
        Ok(text) => SourceFile::new(name, path, text),
        Err(e) => {
            let mut f = SourceFile::new(name, path, e.into_bytes().iter().map(|&b| char::from(b)).collect());
            f.latin1 = true;
            f
        }
    }
}

/// Where the root file's includes are looked for.
pub fn base_dir(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

const ROOT: crate::source::FileId = crate::source::FileId(0);

/// The root file (file 0 of `sources`) parsed whole, includes spliced (and added to `sources`).
fn parse_whole(sources: &mut SourceMap, base: &Path) -> (Vec<Stmt>, Vec<Diagnostic>) {
    // Tokens own their text: the root text is only borrowed while it is parsed.
    let (stmts, mut diags) = {
        let mut p = parser::Parser::new(&sources.get(ROOT).text, ROOT);
        (p.parse_file(), p.diags)
    };
    let mut stack = vec![sources.get(ROOT).name.clone()];
    let stmts = expand(stmts, sources, Some(base), &mut diags, &mut stack);
    (stmts, diags)
}

/// The top-level statements of a config, in order, as the lowering takes them, each with
/// what `prepare` (see `each_statement`) made of it; a statement `each_statement` prepared
/// is lent as its span and comments alone (no tokens: `reparse` gives it whole again). They
/// come in batches, lent to the lowering where they lie (a statement is not moved, a batch
/// is one allocation); a batch the lowering is done with goes back to the parser thread,
/// which frees it where its memory was allocated (a free from another thread is several times dearer in mimalloc, and the
/// parser reuses what it frees).
pub struct Statements<'a, P = ()> {
    batches: Box<dyn Iterator<Item = Batch<P>> + 'a>,
    /// The batch being lowered, and the index of its next statement.
    current: Batch<P>,
    at: usize,
    back: Option<std::sync::mpsc::SyncSender<Batch<P>>>,
}

/// Statements as the parser thread sends them, each with its prepared value.
type Batch<P> = Vec<(Stmt, Option<P>)>;

impl<'a, P> Statements<'a, P> {
    /// Statements from any iterator (a parsed file, a test's list), none prepared.
    pub fn new(iter: impl Iterator<Item = Stmt> + 'a) -> Statements<'a, P> {
        Statements::prepared(iter.map(|s| (s, None)))
    }

    /// Statements each with a prepared value (as `each_statement` gives them).
    pub fn prepared(iter: impl Iterator<Item = (Stmt, Option<P>)> + 'a) -> Statements<'a, P> {
        let mut iter = iter.fuse();
        Statements::batched(std::iter::from_fn(move || Some(iter.by_ref().take(BATCH).collect::<Vec<_>>()).filter(|b| !b.is_empty())))
    }

    fn batched(batches: impl Iterator<Item = Batch<P>> + 'a) -> Statements<'a, P> {
        Statements { batches: Box::new(batches), current: Vec::new(), at: 0, back: None }
    }

    /// Whether a statement is left, with the batch holding it loaded.
    fn load(&mut self) -> bool {
        while self.at == self.current.len() {
            let Some(next) = self.batches.next() else { return false };
            let done = std::mem::replace(&mut self.current, next);
            self.at = 0;
            if let Some(back) = &self.back {
                // A parser that has ended (or is behind on its returns) leaves it to be freed here.
                let _ = back.try_send(done);
            }
        }
        true
    }

    /// The next statement, left in the stream.
    pub fn peek(&mut self) -> Option<&mut Stmt> {
        if self.load() { Some(&mut self.current[self.at].0) } else { None }
    }

    /// Lend `f` each statement left, in order, with what `prepare` made of it.
    pub fn for_each(&mut self, mut f: impl FnMut(&Stmt, Option<P>)) {
        while self.load() {
            let (st, prepared) = &mut self.current[self.at];
            self.at += 1;
            f(st, prepared.take());
        }
    }
}

/// What the parser thread makes of a top-level statement for the lowering (see
/// `each_statement`). A closure `Fn(&Stmt) -> Option<P>` is one that reads parsed statements.
pub trait Prepare<P>: Sync {
    /// From the parsed statement.
    fn statement(&self, st: &Stmt) -> Option<P>;

    /// From the text itself, without the parser: the statement starting at byte `at` of
    /// `text` (file `file`; white space skipped, no comment before it), its end and value,
    /// when this can read it. It must be exactly what `statement` makes of the statement
    /// parsed there, whose span is `at..end`. By default, nothing is read this way.
    fn text(&self, _text: &str, _at: usize, _file: crate::source::FileId) -> Option<(usize, P)> {
        None
    }
}

impl<P, F: Fn(&Stmt) -> Option<P> + Sync> Prepare<P> for F {
    fn statement(&self, st: &Stmt) -> Option<P> {
        self(st)
    }
}

/// Give `f` the config's statements in order, with the source map they point into. A root
/// file that includes nothing is parsed one top-level statement at a time as `f` asks
/// (what `f` is done with is freed: a 100,000-host config's AST is never whole in memory);
/// otherwise it is parsed whole and its includes spliced first. Each top-level statement
/// comes with `prepare`'s value for it: work the lowering would do that depends on the
/// statement alone, done on the parser thread when there is one (which otherwise waits on
/// the lowering). Returns `f`'s result and the parse diagnostics (which the caller checks
/// before trusting the result).
pub fn each_statement<R, P: Send>(
    sources: &mut SourceMap,
    base: &Path,
    prepare: impl Prepare<P>,
    f: impl FnOnce(&mut Statements<P>, &SourceMap) -> R,
) -> (R, Vec<Diagnostic>) {
    let with = |mut s: Stmt| {
        let p = prepare.statement(&s);
        if p.is_some() {
            // What `prepare` made stands for the statement, which is lent as its span alone
            // (`Statements`): its tokens and block are freed here, where they were made, and
            // statements read ahead (`Tail`) take little memory.
            return (Stmt::lent(s.span, std::mem::take(&mut s.comments)), p);
        }
        (s, p)
    };
    // A file without the word cannot hold an include statement.
    if sources.get(ROOT).text.contains("include") {
        let (stmts, diags) = parse_whole(sources, base);
        return (f(&mut Statements::prepared(stmts.into_iter().map(with)), sources), diags);
    }
    let sources = &*sources;
    let text = &sources.get(ROOT).text;
    // The next top-level statement of the root file, prepared: read by `prepare` straight
    // from the text when it can, else parsed.
    let next = |p: &mut parser::Parser| {
        if let Some(at) = p.next_statement_start()
            && let Some((end, v)) = prepare.text(text, at, ROOT)
        {
            p.resume_at(end);
            return Some((Stmt::lent(crate::source::Span::new(ROOT, at, end), Vec::new()), Some(v)));
        }
        p.next_statement().map(with)
    };
    if text.len() < PIPELINE_FROM {
        let mut p = parser::Parser::new(text, ROOT);
        let r = f(&mut Statements::prepared(std::iter::from_fn(|| next(&mut p))), sources);
        return (r, p.diags);
    }
    // A large file: the parser runs on a second core, a batch of statements ahead of `f`
    // (batches: a channel message per statement would cost more than it saves), and frees
    // the batches `f` hands back. It reads the file up to `split_point`; this thread, while
    // it waits for the parser, reads the rest (`Tail`): the lowering alone would leave it
    // idle most of the time, and parsing is most of the work.
    crate::timing::mark("dhcpd: read");
    let split = split_point(text);
    // Whether the parser thread stopped where the tail starts, and whether it went past that
    // point instead (then it reads on to the end, and the tail is not used).
    let (handed, passed) = (AtomicBool::new(false), AtomicBool::new(false));
    let (handed, passed) = (&handed, &passed);
    std::thread::scope(|scope| {
        let next = &next;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch<P>>(4);
        let (back_tx, back_rx) = std::sync::mpsc::sync_channel::<Batch<P>>(8);
        let parsing = scope.spawn(move || {
            let mut p = parser::Parser::new(text, ROOT);
            let mut split = split;
            loop {
                back_rx.try_iter().for_each(drop);
                let batch: Batch<P> = std::iter::from_fn(|| {
                    if let Some(at) = split {
                        match p.reaching(text, at) {
                            parser::Reaching::Ahead => {}
                            parser::Reaching::There => {
                                handed.store(true, Release);
                                return None;
                            }
                            parser::Reaching::Passed => {
                                passed.store(true, Relaxed);
                                split = None;
                            }
                        }
                    }
                    next(&mut p)
                })
                .take(BATCH)
                .collect();
                let last = batch.len() < BATCH || handed.load(Relaxed);
                if tx.send(batch).is_err() || last {
                    crate::timing::mark("dhcpd: parsed (parser thread)");
                    // This thread's heap is abandoned when it ends: hand its free pages back now.
                    crate::memory::release_free_pages();
                    return p.diags;
                }
            }
        });
        let mut tail = split.map(|at| Tail { parser: parser::Parser::new_at(text, ROOT, at), ahead: Vec::new(), done: false });
        let mut first = Some(rx);
        let batches = std::iter::from_fn(|| {
            if let Some(rx) = &first {
                loop {
                    match rx.try_recv() {
                        Ok(b) => return Some(b),
                        Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
                        Err(std::sync::mpsc::TryRecvError::Empty) => {}
                    }
                    // The parser is behind: read the tail meanwhile, or wait when that is done.
                    let read = !passed.load(Relaxed) && tail.as_mut().is_some_and(|t| t.read_ahead(next));
                    if !read {
                        match rx.recv() {
                            Ok(b) => return Some(b),
                            Err(_) => break,
                        }
                    }
                }
                first = None;
                if !handed.load(Acquire) {
                    tail = None;
                }
            }
            tail.as_mut()?.next_batch(next)
        });
        let mut stmts = Statements::batched(batches);
        stmts.back = Some(back_tx);
        let r = f(&mut stmts, sources);
        drop(stmts);
        let mut diags = parsing.join().unwrap_or_else(|_| {
            vec![Diagnostic::error("internal", "the dhcpd.conf parser thread failed; please report this with the input")]
        });
        if let Some(t) = tail.filter(|_| handed.load(Acquire)) {
            diags.extend(t.parser.diags);
        }
        #[cfg(test)]
        tests::TAIL_USED.with(|c| c.set(handed.load(Acquire)));
        (r, diags)
    })
}

/// The statements from `split_point` on, read on the lowering's thread: ahead (`read_ahead`,
/// while the parser thread is behind) and then as the lowering asks (`next_batch`).
struct Tail<'a, P> {
    parser: parser::Parser<'a>,
    /// Read ahead, not yet given out.
    ahead: Batch<P>,
    /// The end of the input was reached.
    done: bool,
}

impl<P> Tail<'_, P> {
    /// Read one more statement ahead; false when there is none left.
    fn read_ahead(&mut self, next: impl Fn(&mut parser::Parser) -> Option<(Stmt, Option<P>)>) -> bool {
        if self.done {
            return false;
        }
        match next(&mut self.parser) {
            Some(st) => self.ahead.push(st),
            None => self.done = true,
        }
        !self.done
    }

    /// What was read ahead, then the next statements; None at the end.
    fn next_batch(&mut self, next: impl Fn(&mut parser::Parser) -> Option<(Stmt, Option<P>)>) -> Option<Batch<P>> {
        if self.ahead.is_empty() && !self.done {
            self.ahead = std::iter::from_fn(|| next(&mut self.parser)).take(BATCH).collect();
            self.done = self.ahead.len() < BATCH;
        }
        Some(std::mem::take(&mut self.ahead)).filter(|b| !b.is_empty())
    }
}

/// Where the tail of a large file starts (see `each_statement`): the line after the first
/// `}` alone on its line past two thirds of `text` (the end of a top-level block, as a rule:
/// `host ... { ... }`). Two thirds: the parser thread reads its part alone, this thread
/// lowers that part meanwhile and reads the tail when idle, then lowers the tail. Only a
/// guess: the parser thread checks it when it gets there (`Parser::reaching`), and reads on
/// itself if it was not a statement boundary.
fn split_point(text: &str) -> Option<usize> {
    const LOOK: usize = 1 << 16;
    let from = (text.len() / 3 * 2..text.len()).find(|&i| text.is_char_boundary(i))?;
    let window = &text.as_bytes()[from..text.len().min(from + LOOK)];
    let i = window.windows(3).position(|w| w == b"\n}\n")?;
    Some(from + i + 3).filter(|&at| at < text.len())
}

/// Files from this size are parsed on a second thread while they are lowered.
const PIPELINE_FROM: usize = 1 << 20;
/// Top-level statements per message from the parser thread.
const BATCH: usize = 256;

/// A statement `each_statement` lent as its span alone (see `Statements`), read again whole
/// from its file, with the comments before it (which the span does not cover).
pub fn reparse(sources: &SourceMap, lent: &Stmt) -> Option<Stmt> {
    let span = lent.span;
    let mut st = parser::Parser::new_at(&sources.get(span.file).text, span.file, span.start as usize).next_statement()?;
    st.comments = lent.comments.clone();
    Some(st)
}

/// Whether any file of the config declares DHCPv6 things (`subnet6`, `range6`, ... or a
/// `dhcp6.` option) — which makes it a DHCPv6 config. Reads tokens only (no AST), so it can
/// run before a streamed parse.
pub fn declares_v6(sources: &SourceMap) -> bool {
    const HEADS: [&str; 8] =
        ["subnet6", "range6", "prefix6", "fixed-address6", "fixed-prefix6", "pool6", "server-duid", "preferred-lifetime"];
    sources.files().any(|(id, f)| {
        let mut lx = lexer::Lexer::new(&f.text, id);
        let mut nth = 0;
        while let Some(l) = lx.next_lexeme() {
            match l {
                lexer::Lexeme::Tok(t) => {
                    if (nth == 0 && HEADS.contains(&&*t.text)) || (nth == 1 && t.text.starts_with("dhcp6.")) {
                        return true;
                    }
                    nth += 1;
                }
                lexer::Lexeme::Semi(_) | lexer::Lexeme::Open(_) | lexer::Lexeme::Close(_) => nth = 0,
                _ => {}
            }
        }
        false
    })
}

/// Replace `include "file";` statements (at any depth) by the statements of the file.
fn expand(
    stmts: Vec<Stmt>,
    sources: &mut SourceMap,
    base: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
    stack: &mut Vec<String>,
) -> Vec<Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for mut s in stmts {
        let is_include = s.tokens.len() == 2 && s.tokens[0].is_word("include") && s.tokens[1].kind == TokKind::Str && s.block.is_none();
        if !is_include {
            if let Some(b) = s.block.take() {
                s.block = Some(expand(b, sources, base, diags, stack));
            }
            out.push(s);
            continue;
        }
        let rel = PathBuf::from(&*s.tokens[1].text);
        let path = if rel.is_absolute() { rel } else { base.map(|b| b.join(&rel)).unwrap_or(rel) };
        let key = path.to_string_lossy().into_owned();
        if stack.len() > MAX_INCLUDE_DEPTH || stack.contains(&key) {
            diags.push(Diagnostic::error("dhcpd-include", format!("include loop or nesting too deep: {key}")).at(s.span, "included here"));
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                let id = sources.add(read_text(key.clone(), Some(path.clone()), bytes));
                let text = sources.get(id).text.clone();
                let mut p = parser::Parser::new(&text, id);
                let inner = p.parse_file();
                diags.extend(p.diags);
                stack.push(key);
                let inner = expand(inner, sources, path.parent(), diags, stack);
                stack.pop();
                out.extend(inner);
            }
            Err(e) => diags.push(
                Diagnostic::error("io", format!("cannot read included file {key}: {e}"))
                    .at(s.tokens[1].span, "included here")
                    .help("paths are relative to the including file's directory"),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests;
