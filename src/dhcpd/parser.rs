//! Statements and blocks from tokens (grammar/dhcpd.pest, `config`). Recovers from every
//! error and reports all of them; never panics, whatever the input (fuzz target `dhcpd`).

use super::ast::{Stmt, TokKind, Token};
use super::lexer::{Lexeme, Lexer};
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};

/// See `Parser::reaching`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaching {
    Ahead,
    There,
    Passed,
}

/// Deeper nesting than any real config; bounds recursion on hostile input.
pub const MAX_DEPTH: usize = 64;

pub struct Parser<'a> {
    lexer: Lexer<'a>,
    /// Scratch stacks shared by every open block: the tokens of the statements being read
    /// (a statement's from its base up; those of its block's statements above them while
    /// the block is read) and the finished statements of open blocks. A finished statement
    /// or block moves its slice out into a vector of exactly its size: a config holds millions
    /// of tokens in small statements, and neither growth slack nor a scratch vector per
    /// block is allocated for them.
    tokens: Vec<Token>,
    stmts: Vec<Stmt>,
    comments: Vec<Box<str>>,
    pub diags: Vec<Diagnostic>,
    file: FileId,
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str, file: FileId) -> Parser<'a> {
        Parser::new_at(text, file, 0)
    }

    /// A parser of the top-level statements of `text` from byte `at` (a char boundary).
    pub fn new_at(text: &'a str, file: FileId, at: usize) -> Parser<'a> {
        Parser {
            lexer: Lexer::new_at(text, file, at),
            tokens: Vec::new(),
            stmts: Vec::new(),
            comments: Vec::new(),
            diags: Vec::new(),
            file,
        }
    }

    /// Between top-level statements, where this parser stands against byte `at` of `text`
    /// (its own): a parser started there (`new_at`) reads from there on exactly what this one
    /// would when nothing but white space lies between, and no comment read is waiting for
    /// the next statement. `Ahead`: a statement starts before `at`.
    pub fn reaching(&self, text: &str, at: usize) -> Reaching {
        let pos = self.lexer.position();
        if pos > at {
            return Reaching::Passed;
        }
        // Stops at the first byte that is not white space: right after the last statement's
        // end, as a rule.
        if !text.as_bytes()[pos..at].iter().all(u8::is_ascii_whitespace) {
            return Reaching::Ahead;
        }
        if self.nothing_pending() { Reaching::There } else { Reaching::Passed }
    }

    /// No comment read waiting for the next statement, no statement half read.
    fn nothing_pending(&self) -> bool {
        self.comments.is_empty() && self.tokens.is_empty()
    }

    /// The next lexeme that is not a comment (comments are collected for the next statement)
    /// and not a lexical error (reported here).
    fn next(&mut self) -> Option<Lexeme> {
        loop {
            match self.lexer.next_lexeme()? {
                Lexeme::Comment(c) => self.comments.push(c),
                Lexeme::Unterminated(sp) => self.diags.push(
                    Diagnostic::error("dhcpd-syntax", "unterminated string")
                        .at(sp, "this string has no closing quote")
                        .help("close the string with `\"`; a quote inside a string is written `\\\"`"),
                ),
                Lexeme::Stray(sp) => self.diags.push(
                    Diagnostic::error("dhcpd-syntax", "unexpected character")
                        .at(sp, "no dhcpd.conf token starts with this")
                        .help("statements are words, quoted strings and punctuation, ended by `;` or a `{ ... }` block"),
                ),
                l => return Some(l),
            }
        }
    }

    /// The whole file.
    pub fn parse_file(&mut self) -> Vec<Stmt> {
        self.statements(0, None)
    }

    /// The next top-level statement, `None` at the end of the input: a caller can lower each
    /// statement and free it before the next is read (the whole AST is never in memory).
    pub fn next_statement(&mut self) -> Option<Stmt> {
        self.statement(0, None)
    }

    /// Where the next top-level statement starts, white space skipped, when no comment read
    /// is waiting for it: a statement read from there by other means (`Prepare::text`) is
    /// the one this parser would read next, and `resume_at` its end goes on after it.
    pub fn next_statement_start(&mut self) -> Option<usize> {
        self.nothing_pending().then(|| self.lexer.skip_space())
    }

    /// Go on after a top-level statement read by other means, which ends at byte `end`.
    pub fn resume_at(&mut self, end: usize) {
        self.lexer.resume_at(end);
    }

    /// Statements until `}` (consumed, when `open` is Some) or the end of input.
    fn statements(&mut self, depth: usize, open: Option<Span>) -> Vec<Stmt> {
        let base = self.stmts.len();
        while let Some(st) = self.statement(depth, open) {
            self.stmts.push(st);
        }
        self.stmts.drain(base..).collect()
    }

    /// The tokens of the statement being read (`self.tokens` from `base`), moved out.
    fn take_tokens(&mut self, base: usize) -> Vec<Token> {
        self.tokens.drain(base..).collect()
    }

    /// The next statement of a block (`open` is Some) or of the file: `None` at the block's
    /// `}` (consumed) or the end of input.
    fn statement(&mut self, depth: usize, open: Option<Span>) -> Option<Stmt> {
        let base = self.tokens.len();
        loop {
            let Some(lx) = self.next() else {
                if let Some(t) = self.tokens.get(base) {
                    let sp = t.span.to(self.tokens[self.tokens.len() - 1].span);
                    self.diags.push(
                        Diagnostic::error("dhcpd-syntax", "missing `;` at the end of the file")
                            .at(sp, "this statement is not ended")
                            .help("end the statement with `;`"),
                    );
                    self.tokens.truncate(base);
                }
                if let Some(o) = open {
                    self.diags.push(
                        Diagnostic::error("dhcpd-syntax", "missing `}`: this block is never closed")
                            .at(o, "block opened here")
                            .help("add `}` at the end of the block"),
                    );
                }
                return None;
            };
            match lx {
                Lexeme::Tok(t) => self.tokens.push(t),
                Lexeme::Semi(sp) => {
                    if self.tokens.len() == base {
                        // `;;` or `};`: dhcpd accepts an empty statement after a block.
                        continue;
                    }
                    let span = self.tokens[base].span.to(sp);
                    return Some(Stmt { tokens: self.take_tokens(base), block: None, span, comments: std::mem::take(&mut self.comments) });
                }
                Lexeme::Open(sp) if self.tokens.len() > base && self.tokens.last().is_some_and(|t| t.is_punct("=")) => {
                    // `option NAME code N = { T1, T2 };`: a record type, not a block.
                    self.tokens.push(Token { kind: TokKind::Punct, text: "{".into(), span: sp, latin1: false });
                    self.record_type();
                }
                Lexeme::Open(sp) => {
                    let comments = std::mem::take(&mut self.comments);
                    if self.tokens.len() == base {
                        self.diags.push(
                            Diagnostic::error("dhcpd-syntax", "a block with no statement before it")
                                .at(sp, "expected a declaration such as `subnet ... netmask ...` before `{`"),
                        );
                    }
                    let body = if depth + 1 >= MAX_DEPTH {
                        self.diags.push(
                            Diagnostic::error("dhcpd-syntax", format!("blocks nested more than {MAX_DEPTH} deep")).at(sp, "too deep"),
                        );
                        self.skip_block();
                        Vec::new()
                    } else {
                        self.statements(depth + 1, Some(sp))
                    };
                    let end = self.lexer.position();
                    let start = self.tokens.get(base).map_or(sp, |t| t.span);
                    let span = Span::new(self.file, start.start as usize, end.max(start.start as usize));
                    if self.tokens.len() > base {
                        return Some(Stmt { tokens: self.take_tokens(base), block: Some(body), span, comments });
                    }
                    // dhcpd allows `;` after `}`: swallowed as an empty statement above.
                }
                Lexeme::Close(sp) => {
                    if let Some(t) = self.tokens.get(base) {
                        let s = t.span.to(self.tokens[self.tokens.len() - 1].span);
                        self.diags.push(
                            Diagnostic::error("dhcpd-syntax", "missing `;` before `}`")
                                .at(s, "this statement is not ended")
                                .help("end it with `;`"),
                        );
                        self.tokens.truncate(base);
                    }
                    if open.is_some() {
                        return None;
                    }
                    self.diags.push(
                        Diagnostic::error("dhcpd-syntax", "unexpected `}`: no block is open here")
                            .at(sp, "extra closing brace")
                            .help("remove it, or look for a `{` missing earlier"),
                    );
                }
                Lexeme::Comment(_) | Lexeme::Unterminated(_) | Lexeme::Stray(_) => {}
            }
        }
    }

    /// Tokens of a record type up to its `}` (pushed as a punctuation token).
    fn record_type(&mut self) {
        while let Some(l) = self.next() {
            match l {
                Lexeme::Tok(t) => self.tokens.push(t),
                Lexeme::Close(sp) => {
                    self.tokens.push(Token { kind: TokKind::Punct, text: "}".into(), span: sp, latin1: false });
                    return;
                }
                Lexeme::Semi(sp) | Lexeme::Open(sp) => {
                    self.diags.push(Diagnostic::error("dhcpd-syntax", "record type not closed").at(sp, "expected `}` before this"));
                    return;
                }
                _ => {}
            }
        }
    }

    /// Skip to the `}` matching an already-read `{`, without recursion.
    fn skip_block(&mut self) {
        let mut level = 1usize;
        while let Some(l) = self.next() {
            match l {
                Lexeme::Open(_) => level += 1,
                Lexeme::Close(_) => {
                    level -= 1;
                    if level == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }
}
