//! The dhcpd.conf / dhcpd.leases AST: a tree of statements. Every statement of ISC's
//! language is a run of tokens ended by `;` or by a `{ ... }` block (grammar/dhcpd.pest,
//! `statement`). The parser only knows this shape; what the words mean (subnet, host,
//! option, if/elsif/else ...) is decided by the lowering in `crate::migrate`, which keeps
//! the parser small, fast and total, and lets the lowering give precise diagnostics.

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// A bare word: keyword, name, number, address, hex string (`00:11:22`), prefix.
    Word,
    /// A quoted string; its decoded value is in `Token::text`.
    Str,
    /// Punctuation inside a statement: `,` `=` `(` `)` `!=` `~=` `~~` `!` `&` `|` `+` `*` `%` `^`.
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokKind,
    /// Word or punctuation text as written; a string's decoded value (escapes applied).
    /// Inline for up to 24 bytes (keywords, addresses, MACs): no allocation per token.
    pub text: compact_str::CompactString,
    pub span: Span,
    /// A string whose bytes are not UTF-8 (`uid "\001\377..."`): `text` holds one char per
    /// byte (Latin-1) so `bytes()` gives them back exactly.
    pub latin1: bool,
}

impl Token {
    /// The bytes a string token stands for (words: their text).
    pub fn bytes(&self) -> Vec<u8> {
        if self.latin1 { self.text.chars().map(|c| c as u32 as u8).collect() } else { self.text.as_bytes().to_vec() }
    }
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == TokKind::Word && self.text.eq_ignore_ascii_case(w)
    }
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == TokKind::Punct && &*self.text == p
    }
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub tokens: Vec<Token>,
    /// `Some` for statements ending in `{ ... }`.
    pub block: Option<Vec<Stmt>>,
    /// From the first token to the `;` or `}`.
    pub span: Span,
    /// `#` comments just before the statement (text after `#`, trimmed), kept for the output.
    pub comments: Vec<Box<str>>,
}

impl Stmt {
    /// A statement lent as its span (and the comments before it) alone: what
    /// `dhcpd::each_statement` prepared of it stands for it, `dhcpd::reparse` reads it again.
    pub fn lent(span: Span, comments: Vec<Box<str>>) -> Stmt {
        Stmt { tokens: Vec::new(), block: None, span, comments }
    }
    /// Whether this is a lent statement (a parsed one has tokens).
    pub fn is_lent(&self) -> bool {
        self.tokens.is_empty()
    }
    /// The first word, lower-cased comparisons use `Token::is_word`.
    pub fn head(&self) -> &str {
        self.tokens.first().map(|t| &*t.text).unwrap_or("")
    }
    pub fn word(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }
    pub fn children(&self) -> &[Stmt] {
        self.block.as_deref().unwrap_or(&[])
    }
}
