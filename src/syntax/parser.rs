//! Recursive-descent parser from tokens to the CST, with error recovery so that one run
//! reports every syntax problem. It implements `grammar/kea.pest` (the normative grammar;
//! `tests/grammar_agrees.rs` keeps the two in step). It is hand-written because a config with
//! 100,000 reservations must parse in tens of milliseconds and because a hand-written parser
//! can recover and explain ("missing `,`", "remove this `}`").
//!
//! Kea 2.2's comma rule, measured with `kea-dhcp4 -t`: after at least one member or element,
//! any further comma (trailing `,}`, doubled `,,`) is accepted with a warning "Extraneous
//! comma"; a comma before the first item (`{,` or `[,`) is an error.

use crate::diag::Diagnostic;
use crate::source::Span;
use crate::syntax::cst::{Member, Node, Value};
use crate::syntax::lexer::{Tok, Token, decode_string, describe};
use crate::syntax::load::TokenSource;

pub struct Parsed {
    pub root: Option<Node>,
    pub diags: Vec<Diagnostic>,
    pub extra_commas: Vec<Span>,
}

pub fn parse_stream<S: TokenSource>(stream: &mut S, eof: Span) -> Parsed {
    let cur = stream.next_token();
    let mut p = Parser {
        stream,
        cur,
        prev: None,
        consumed: 0,
        diags: Vec::new(),
        extra_commas: Vec::new(),
        eof,
        depth: 0,
        members: Vec::new(),
        items: Vec::new(),
    };
    let root = p.document();
    Parsed { root, diags: p.diags, extra_commas: p.extra_commas }
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 512;

struct Parser<'a, S: TokenSource> {
    stream: &'a mut S,
    /// One token of lookahead is all this grammar needs.
    cur: Option<Token>,
    prev: Option<Token>,
    /// Tokens consumed so far (to detect "no progress" during recovery).
    consumed: usize,
    diags: Vec<Diagnostic>,
    /// Scratch stacks shared by all open maps / lists: a finished map or list copies its
    /// slice out into a vector of exactly the right size, so the tree carries no growth
    /// slack and building it does no repeated reallocation.
    members: Vec<Member>,
    items: Vec<Node>,
    extra_commas: Vec<Span>,
    /// Empty span at the end of the root file, for "unexpected end of file".
    eof: Span,
    depth: usize,
}

impl<S: TokenSource> Parser<'_, S> {
    fn peek(&self) -> Option<Token> {
        self.cur
    }
    fn peek_kind(&self) -> Option<Tok> {
        self.cur.map(|t| t.kind)
    }
    fn advance(&mut self) {
        if self.cur.is_some() {
            self.prev = self.cur;
            self.cur = self.stream.next_token();
            self.consumed += 1;
        }
    }
    fn bump(&mut self) -> Option<Token> {
        let t = self.cur;
        self.advance();
        t
    }
    fn here(&self) -> Span {
        self.peek().map(|t| t.span).unwrap_or(self.eof)
    }
    fn text(&self, span: Span) -> &str {
        self.stream.text(span)
    }

    /// The value of a string token without escapes: the text between its quotes.
    fn plain_string(&self, span: Span) -> crate::syntax::cst::Str {
        let t = self.text(span);
        crate::syntax::cst::Str::from(t.get(1..t.len().saturating_sub(1)).unwrap_or(""))
    }
    fn error(&mut self, span: Span, msg: impl Into<String>, label: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::error("syntax", msg).at(span, label);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }
    fn found(&self) -> String {
        match self.peek() {
            None => "end of file".into(),
            Some(t) => match t.kind {
                Tok::Str | Tok::BadStr => format!("string {}", truncate(self.text(t.span))),
                Tok::Int | Tok::Float => format!("number {}", truncate(self.text(t.span))),
                k => describe(k).to_string(),
            },
        }
    }

    fn document(&mut self) -> Option<Node> {
        if self.peek().is_none() {
            self.error(
                self.eof,
                "the file has no configuration",
                "empty",
                Some("a Kea configuration is a map such as {\"Dhcp4\": { ... }}".into()),
            );
            return None;
        }
        let root = self.value();
        if let Some(t) = self.peek() {
            let (msg, help) = match t.kind {
                Tok::RBrace | Tok::RBracket => (
                    format!("unexpected {} after the end of the configuration", describe(t.kind)),
                    format!(
                        "remove this {}: the configuration's outer map was already closed (look for an extra closing bracket earlier)",
                        describe(t.kind)
                    ),
                ),
                Tok::Comma => ("unexpected `,` after the end of the configuration".to_string(), "remove this `,`".to_string()),
                _ => (
                    "unexpected content after the end of the configuration".to_string(),
                    "a file holds one map; put everything inside the outer { }".to_string(),
                ),
            };
            let span = t.span;
            self.error(span, msg, "here", Some(help));
        }
        root
    }

    fn value(&mut self) -> Option<Node> {
        let Some(t) = self.peek() else {
            let eof = self.eof;
            self.error(eof, "unexpected end of file, expected a value", "the file ends here", None);
            return None;
        };
        let value = match t.kind {
            Tok::LBrace => return self.object(),
            Tok::LBracket => return self.array(),
            Tok::Str if !t.escaped => Value::String(self.plain_string(t.span)),
            Tok::Str | Tok::BadStr => Value::String(decode_string(self.text(t.span)).into()),
            Tok::Int => match parse_int(self.text(t.span)) {
                Some(i) => Value::Int(i),
                None => Value::Null,
            },
            Tok::Float => {
                let raw = self.text(t.span);
                Value::Float(raw.parse::<f64>().unwrap_or(0.0), raw.into())
            }
            Tok::True => Value::Bool(true),
            Tok::False => Value::Bool(false),
            Tok::Null => Value::Null,
            Tok::Error => {
                // Reported by the lexer; stand in a null so the tree stays whole.
                self.advance();
                return None;
            }
            Tok::Include => {
                // The loader splices includes; one left here could not be read (reported).
                self.advance();
                return None;
            }
            k => {
                let msg = format!("expected a value, found {}", describe(k));
                let help = match k {
                    Tok::Comma => Some("remove this `,` or put a value before it".to_string()),
                    Tok::RBrace | Tok::RBracket => Some("a value is missing before this bracket".to_string()),
                    _ => None,
                };
                self.error(t.span, msg, "expected a value here", help);
                return None;
            }
        };
        self.advance();
        Some(Node { span: t.span, value })
    }

    fn enter(&mut self, open: Token) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.error(open.span, "nesting too deep", format!("more than {MAX_DEPTH} levels of maps and lists"), None);
            // Skip the rest: nothing sensible can be built.
            while self.cur.is_some() {
                self.advance();
            }
            return false;
        }
        true
    }

    fn object(&mut self) -> Option<Node> {
        let open = self.bump()?;
        if !self.enter(open) {
            return None;
        }
        let base = self.members.len();
        let end;
        loop {
            match self.peek_kind() {
                Some(Tok::RBrace) => {
                    end = self.bump().map(|t| t.span);
                    break;
                }
                None => {
                    self.unclosed(open, "}");
                    end = None;
                    break;
                }
                Some(Tok::RBracket) => {
                    let span = self.here();
                    self.error(
                        span,
                        "expected `}` to close the map, found `]`",
                        "this `]` does not match",
                        Some("close the map with `}`, or remove this `]`".into()),
                    );
                    if let Some(d) = self.diags.last_mut() {
                        d.related.push(crate::diag::Label { span: open.span, text: "the map opened here".into() })
                    }
                    end = None;
                    break;
                }
                Some(Tok::Comma) => {
                    let span = self.here();
                    if self.members.len() == base {
                        self.error(
                            span,
                            "unexpected `,` at the start of a map",
                            "nothing before this comma",
                            Some("remove this `,`".into()),
                        );
                    } else {
                        self.extra_commas.push(span);
                    }
                    self.advance();
                }
                Some(Tok::Str) | Some(Tok::BadStr) => {
                    let key_tok = self.bump()?;
                    if let Some(m) = self.member_rest(key_tok) {
                        self.members.push(m);
                    }
                    // After a member: `,` or `}`; anything else is a missing comma.
                    match self.peek_kind() {
                        Some(Tok::Comma) => {
                            self.advance();
                            // Further commas before the next member or `}` are extraneous.
                            while self.peek_kind() == Some(Tok::Comma) {
                                let s = self.here();
                                self.extra_commas.push(s);
                                self.advance();
                            }
                            if self.peek_kind() == Some(Tok::RBrace) {
                                let prev = self.prev.map(|t| t.span).unwrap_or(self.eof);
                                self.extra_commas.push(prev);
                            }
                        }
                        Some(Tok::RBrace) | None | Some(Tok::RBracket) => {}
                        Some(Tok::Str) | Some(Tok::BadStr) => {
                            let after = self.members[base..].last().map(|m| m.value.span).unwrap_or(key_tok.span);
                            let span = self.here();
                            self.error(
                                span,
                                format!("expected `,` or `}}`, found {}", self.found()),
                                "missing `,` before this key",
                                Some(format!("add a `,` after `{}`", truncate(self.text(after)))),
                            );
                        }
                        Some(_) => {
                            let span = self.here();
                            self.error(span, format!("expected `,` or `}}`, found {}", self.found()), "unexpected here", None);
                            self.skip_to_member_end();
                        }
                    }
                }
                Some(Tok::Include) => {
                    self.advance();
                }
                Some(k) => {
                    let span = self.here();
                    let help = if k == Tok::Error || k == Tok::Int { Some("map keys must be quoted strings".to_string()) } else { None };
                    self.error(span, format!("expected a key (a quoted string) or `}}`, found {}", self.found()), "expected a key", help);
                    self.skip_to_member_end();
                }
            }
        }
        self.depth -= 1;
        let members: Vec<Member> = self.members.drain(base..).collect();
        let span = match end {
            Some(e) => open.span.to(e),
            None => open.span.to(members.last().map(|m| m.value.span).unwrap_or(open.span)),
        };
        Some(Node { span, value: Value::Object(members) })
    }

    /// After a key: `:` and a value.
    fn member_rest(&mut self, key_tok: Token) -> Option<Member> {
        let key: crate::syntax::cst::Str = if key_tok.kind == Tok::Str && !key_tok.escaped {
            self.plain_string(key_tok.span)
        } else {
            decode_string(self.text(key_tok.span)).into()
        };
        match self.peek_kind() {
            Some(Tok::Colon) => self.advance(),
            Some(k) if starts_value(k) => {
                let span = self.here();
                self.error(
                    span,
                    format!("expected `:` after the key, found {}", self.found()),
                    "missing `:`",
                    Some(format!("write {}: ...", truncate(self.text(key_tok.span)))),
                );
            }
            _ => {
                let span = self.here();
                self.error(
                    span,
                    format!("expected `:` after the key, found {}", self.found()),
                    "missing `:` and value",
                    Some(format!("give {} a value: {}: ...", truncate(self.text(key_tok.span)), truncate(self.text(key_tok.span)))),
                );
                return None;
            }
        }
        let value = self.value()?;
        Some(Member { key, key_span: key_tok.span, value })
    }

    /// Skip tokens (with nested brackets) up to the next `,` or `}` at this level.
    fn skip_to_member_end(&mut self) {
        self.skip_until(|k| matches!(k, Tok::Comma | Tok::RBrace));
    }

    fn skip_until(&mut self, stop: impl Fn(Tok) -> bool) {
        let mut depth = 0usize;
        while let Some(k) = self.peek_kind() {
            match k {
                Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RBracket if depth > 0 => depth -= 1,
                _ if depth == 0 && stop(k) => return,
                Tok::RBrace | Tok::RBracket => return,
                _ => {}
            }
            self.advance();
        }
    }

    fn unclosed(&mut self, open: Token, closer: &str) {
        let eof = self.eof;
        let what = if closer == "}" { "map" } else { "list" };
        self.error(
            eof,
            format!("unexpected end of file: the {what} is not closed"),
            format!("expected `{closer}`"),
            Some(format!("add `{closer}` to close the {what}")),
        );
        if let Some(d) = self.diags.last_mut() {
            d.related.push(crate::diag::Label { span: open.span, text: format!("the {what} opened here") })
        }
    }

    fn array(&mut self) -> Option<Node> {
        let open = self.bump()?;
        if !self.enter(open) {
            return None;
        }
        let base = self.items.len();
        let end;
        loop {
            match self.peek_kind() {
                Some(Tok::RBracket) => {
                    end = self.bump().map(|t| t.span);
                    break;
                }
                None => {
                    self.unclosed(open, "]");
                    end = None;
                    break;
                }
                Some(Tok::RBrace) => {
                    let span = self.here();
                    self.error(
                        span,
                        "expected `]` to close the list, found `}`",
                        "this `}` does not match",
                        Some("close the list with `]` before this `}`, or remove the `}`".into()),
                    );
                    if let Some(d) = self.diags.last_mut() {
                        d.related.push(crate::diag::Label { span: open.span, text: "the list opened here".into() })
                    }
                    end = None;
                    break;
                }
                Some(Tok::Comma) => {
                    let span = self.here();
                    if self.items.len() == base {
                        self.error(
                            span,
                            "unexpected `,` at the start of a list",
                            "nothing before this comma",
                            Some("remove this `,`".into()),
                        );
                    } else {
                        self.extra_commas.push(span);
                    }
                    self.advance();
                }
                Some(Tok::Include) => {
                    self.advance();
                }
                Some(_) => {
                    let start = self.consumed;
                    if let Some(v) = self.value() {
                        self.items.push(v);
                    }
                    if self.consumed == start {
                        self.advance();
                    }
                    match self.peek_kind() {
                        Some(Tok::Comma) => {
                            self.advance();
                            while self.peek_kind() == Some(Tok::Comma) {
                                let s = self.here();
                                self.extra_commas.push(s);
                                self.advance();
                            }
                            if self.peek_kind() == Some(Tok::RBracket) {
                                let prev = self.prev.map(|t| t.span).unwrap_or(self.eof);
                                self.extra_commas.push(prev);
                            }
                        }
                        Some(Tok::RBracket) | Some(Tok::RBrace) | None => {}
                        Some(Tok::Colon) => {
                            let span = self.here();
                            self.error(
                                span,
                                "unexpected `:` in a list",
                                "lists hold values, not key: value pairs",
                                Some("use a map { } for key: value pairs".into()),
                            );
                            self.skip_until(|k| matches!(k, Tok::Comma | Tok::RBracket));
                        }
                        Some(k) if starts_value(k) => {
                            let after = self.items[base..].last().map(|n| n.span).unwrap_or(open.span);
                            let span = self.here();
                            self.error(
                                span,
                                format!("expected `,` or `]`, found {}", self.found()),
                                "missing `,` before this value",
                                Some(format!("add a `,` after `{}`", truncate(self.text(after)))),
                            );
                        }
                        Some(_) => {
                            let span = self.here();
                            self.error(span, format!("expected `,` or `]`, found {}", self.found()), "unexpected here", None);
                            self.skip_until(|k| matches!(k, Tok::Comma | Tok::RBracket));
                        }
                    }
                }
            }
        }
        self.depth -= 1;
        let items: Vec<Node> = self.items.drain(base..).collect();
        let span = match end {
            Some(e) => open.span.to(e),
            None => open.span.to(items.last().map(|n| n.span).unwrap_or(open.span)),
        };
        Some(Node { span, value: Value::Array(items) })
    }
}

fn starts_value(k: Tok) -> bool {
    matches!(k, Tok::LBrace | Tok::LBracket | Tok::Str | Tok::BadStr | Tok::Int | Tok::Float | Tok::True | Tok::False | Tok::Null)
}

/// Quote at most 40 characters of source in a message.
fn truncate(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        let t: String = s.chars().take(37).collect();
        format!("{t}...")
    }
}

/// Integer token text to i64, fast path for plain digits (most tokens in a large config).
fn parse_int(s: &str) -> Option<i64> {
    let s = s.strip_prefix('+').unwrap_or(s);
    if s.len() <= 18 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.bytes().fold(0i64, |a, b| a * 10 + (b - b'0') as i64));
    }
    s.parse().ok()
}
