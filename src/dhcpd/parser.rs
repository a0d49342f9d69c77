//! Statements and blocks from tokens (grammar/dhcpd.pest, `config`). Recovers from every
//! error and reports all of them; never panics, whatever the input (fuzz target `dhcpd`).

use super::ast::{Stmt, TokKind, Token};
use super::lexer::{Lexeme, Lexer};
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};

/// Deeper nesting than any real config; bounds recursion on hostile input.
pub const MAX_DEPTH: usize = 64;

/// The statement's tokens in an exactly sized vector (a config holds millions of tokens in
/// small statements: growth slack would double the AST's memory), leaving `tokens` empty
/// with its buffer kept for the next statement.
fn exact(tokens: &mut Vec<Token>) -> Vec<Token> {
    // Moved, not cloned (one copy of the bytes, no per-token clone and drop).
    let mut v = Vec::with_capacity(tokens.len());
    v.append(tokens);
    v
}

pub struct Parser<'a> {
    lexer: Lexer<'a>,
    /// Tokens of the top-level statement being read (`next_statement`).
    scratch: Vec<Token>,
    comments: Vec<Box<str>>,
    pub diags: Vec<Diagnostic>,
    file: FileId,
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str, file: FileId) -> Parser<'a> {
        Parser { lexer: Lexer::new(text, file), scratch: Vec::new(), comments: Vec::new(), diags: Vec::new(), file }
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
        let mut tokens = std::mem::take(&mut self.scratch);
        let st = self.statement(0, None, &mut tokens);
        self.scratch = tokens;
        st
    }

    /// Statements until `}` (consumed, when `open` is Some) or the end of input.
    fn statements(&mut self, depth: usize, open: Option<Span>) -> Vec<Stmt> {
        let mut out = Vec::new();
        let mut tokens: Vec<Token> = Vec::new();
        while let Some(st) = self.statement(depth, open, &mut tokens) {
            out.push(st);
        }
        out.shrink_to_fit();
        out
    }

    /// The next statement of a block (`open` is Some) or of the file: `None` at the block's
    /// `}` (consumed) or the end of input. `tokens` is scratch space, empty between calls.
    fn statement(&mut self, depth: usize, open: Option<Span>, tokens: &mut Vec<Token>) -> Option<Stmt> {
        loop {
            let Some(lx) = self.next() else {
                if let Some(t) = tokens.first() {
                    let sp = t.span.to(tokens[tokens.len() - 1].span);
                    self.diags.push(
                        Diagnostic::error("dhcpd-syntax", "missing `;` at the end of the file")
                            .at(sp, "this statement is not ended")
                            .help("end the statement with `;`"),
                    );
                    tokens.clear();
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
                Lexeme::Tok(t) => tokens.push(t),
                Lexeme::Semi(sp) => {
                    if tokens.is_empty() {
                        // `;;` or `};`: dhcpd accepts an empty statement after a block.
                        continue;
                    }
                    let span = tokens[0].span.to(sp);
                    return Some(Stmt { tokens: exact(tokens), block: None, span, comments: std::mem::take(&mut self.comments) });
                }
                Lexeme::Open(sp) if tokens.last().is_some_and(|t| t.is_punct("=")) => {
                    // `option NAME code N = { T1, T2 };`: a record type, not a block.
                    tokens.push(Token { kind: TokKind::Punct, text: "{".into(), span: sp, latin1: false });
                    self.record_type(tokens);
                }
                Lexeme::Open(sp) => {
                    let comments = std::mem::take(&mut self.comments);
                    if tokens.is_empty() {
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
                    let start = tokens.first().map_or(sp, |t| t.span);
                    let span = Span::new(self.file, start.start as usize, end.max(start.start as usize));
                    if !tokens.is_empty() {
                        return Some(Stmt { tokens: exact(tokens), block: Some(body), span, comments });
                    }
                    // dhcpd allows `;` after `}`: swallowed as an empty statement above.
                }
                Lexeme::Close(sp) => {
                    if let Some(t) = tokens.first() {
                        let s = t.span.to(tokens[tokens.len() - 1].span);
                        self.diags.push(
                            Diagnostic::error("dhcpd-syntax", "missing `;` before `}`")
                                .at(s, "this statement is not ended")
                                .help("end it with `;`"),
                        );
                        tokens.clear();
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
    fn record_type(&mut self, tokens: &mut Vec<Token>) {
        while let Some(l) = self.next() {
            match l {
                Lexeme::Tok(t) => tokens.push(t),
                Lexeme::Close(sp) => {
                    tokens.push(Token { kind: TokKind::Punct, text: "}".into(), span: sp, latin1: false });
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
