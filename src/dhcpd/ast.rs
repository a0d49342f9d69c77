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
    pub text: Box<str>,
    pub span: Span,
}

impl Token {
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
