//! Recursive-descent parser for Kea's expression language.
//!
//! The grammar is looser than Kea's (any expression may appear where a string or a boolean
//! is needed) so that `typeck` can explain type mistakes precisely; everything Kea rejects
//! is still rejected, by this parser or by `typeck`. Precedence, loosest first (as Kea,
//! verified with `kea-dhcp4 -t`: `not 'a' == 'b'` is accepted, `'a' == 'b' == 'c'` is not):
//!
//! ```text
//! or   := and ('or' and)*
//! and  := not ('and' not)*
//! not  := 'not' not | cmp
//! cmp  := sum ('==' sum)?
//! sum  := atom ('+' atom)*
//! atom := '(' or ')' | literal | option[..] | relay4[..] | relay6[..] | pkt.. | vendor.. | f(..)
//! ```
//!
//! Range checks follow Kea 2.2 (each verified with the oracle): option codes 0..255 in DHCPv4
//! and 0..65535 in DHCPv6 (also for sub-options and vendor sub-options), relay4 codes 0..255,
//! relay6 nesting -32..31, enterprise ids and integer values 0..4294967295, vendor-class data
//! indexes 0..255. `substring`/`split` numbers are only checked by Kea when evaluating.

use super::ExprError;
use super::ast::*;
use super::lexer::{KEYWORDS, TokKind, Token, tokenize};
use crate::universe::Universe;
use std::net::IpAddr;

/// What the parser needs to know about its surroundings.
pub struct ParseOptions<'a> {
    pub universe: Universe,
    /// Resolves an option name in `option[name]` to its code (standard names of the universe
    /// and custom `option-def`s of its top-level space); None: unknown name.
    pub option_code: &'a dyn Fn(&str) -> Option<u16>,
}

pub fn parse(src: &str, opts: &ParseOptions) -> Result<Expr, ExprError> {
    let toks = tokenize(src);
    let mut p = Parser { src, toks, pos: 0, opts };
    if p.peek().kind == TokKind::Eof {
        return Err(ExprError::new("expr-syntax", "empty expression", p.peek().span)
            .help("write a condition such as `option[60].text == 'PXEClient'`"));
    }
    let e = p.or()?;
    let t = p.peek();
    if t.kind != TokKind::Eof {
        let what = p.describe(t);
        let mut err = ExprError::new("expr-syntax", format!("unexpected {what} after a complete expression"), t.span);
        err = match t.kind {
            TokKind::EqEq => err.help("`==` cannot be chained: combine comparisons with `and`"),
            TokKind::Str | TokKind::Hex | TokKind::Int => err.help("join strings with `+` or `concat(a, b)`"),
            _ => err.help("combine conditions with `and` / `or`"),
        };
        return Err(err);
    }
    Ok(e)
}

struct Parser<'s, 'o> {
    src: &'s str,
    toks: Vec<Token>,
    pos: usize,
    opts: &'o ParseOptions<'o>,
}

type R<T> = Result<T, ExprError>;

const MAX_U32: i64 = u32::MAX as i64;

impl<'s> Parser<'s, '_> {
    fn peek(&self) -> Token {
        self.toks[self.pos]
    }
    fn bump(&mut self) -> Token {
        let t = self.toks[self.pos];
        if t.kind != TokKind::Eof {
            self.pos += 1;
        }
        t
    }
    fn text(&self, t: Token) -> &'s str {
        t.text(self.src)
    }
    fn is_kw(&self, t: Token, kw: &str) -> bool {
        debug_assert!(KEYWORDS.contains(&kw), "`{kw}` is missing from expr::lexer::KEYWORDS");
        t.kind == TokKind::Name && self.text(t) == kw
    }
    fn eat_kw(&mut self, kw: &str) -> Option<Token> {
        let t = self.peek();
        self.is_kw(t, kw).then(|| self.bump())
    }
    fn describe(&self, t: Token) -> String {
        match t.kind {
            TokKind::Eof => "end of expression".into(),
            TokKind::Str => format!("string {}", self.text(t)),
            TokKind::UnclosedStr => "unterminated string".into(),
            _ => format!("`{}`", self.text(t)),
        }
    }
    /// A "bad token" error for `t`, or a generic "expected X" one.
    fn unexpected(&self, t: Token, expected: &str) -> ExprError {
        match t.kind {
            TokKind::UnclosedStr => {
                ExprError::new("expr-syntax", "string is not closed", t.span).help("strings are written in single quotes: 'text'")
            }
            TokKind::Bad if self.text(t).starts_with('"') => {
                ExprError::new("expr-syntax", "strings in expressions use single quotes", t.span)
                    .help("write 'text', not \"text\" (the whole expression is already inside a JSON string)")
            }
            TokKind::Bad if self.text(t).starts_with('0') => {
                ExprError::new("expr-syntax", "`0x` needs hex digits after it", t.span).help("write a hex literal like 0x0a1b")
            }
            TokKind::Bad => ExprError::new("expr-syntax", format!("invalid character `{}`", self.text(t)), t.span),
            _ => ExprError::new("expr-syntax", format!("expected {expected}, found {}", self.describe(t)), t.span),
        }
    }
    fn expect(&mut self, kind: TokKind, what: &str) -> R<Token> {
        let t = self.peek();
        if t.kind == kind { Ok(self.bump()) } else { Err(self.unexpected(t, what)) }
    }
    fn expect_kw(&mut self, kws: &[&str], what: &str) -> R<(Token, usize)> {
        let t = self.peek();
        match kws.iter().position(|k| self.is_kw(t, k)) {
            Some(i) => Ok((self.bump(), i)),
            None => Err(self.unexpected(t, what)),
        }
    }

    fn or(&mut self) -> R<Expr> {
        let mut l = self.and()?;
        while self.eat_kw("or").is_some() {
            let r = self.and()?;
            let span = l.span.to(r.span);
            l = Expr::new(ExprKind::Or(Box::new(l), Box::new(r)), span);
        }
        Ok(l)
    }
    fn and(&mut self) -> R<Expr> {
        let mut l = self.not()?;
        while self.eat_kw("and").is_some() {
            let r = self.not()?;
            let span = l.span.to(r.span);
            l = Expr::new(ExprKind::And(Box::new(l), Box::new(r)), span);
        }
        Ok(l)
    }
    fn not(&mut self) -> R<Expr> {
        if let Some(t) = self.eat_kw("not") {
            let e = self.not()?;
            let span = t.span.to(e.span);
            return Ok(Expr::new(ExprKind::Not(Box::new(e)), span));
        }
        self.cmp()
    }
    fn cmp(&mut self) -> R<Expr> {
        let l = self.sum()?;
        if self.peek().kind == TokKind::EqEq {
            self.bump();
            let r = self.sum()?;
            let span = l.span.to(r.span);
            return Ok(Expr::new(ExprKind::Eq(Box::new(l), Box::new(r)), span));
        }
        Ok(l)
    }
    fn sum(&mut self) -> R<Expr> {
        let mut l = self.atom()?;
        while self.peek().kind == TokKind::Plus {
            self.bump();
            let r = self.atom()?;
            let span = l.span.to(r.span);
            l = Expr::new(ExprKind::Concat { left: Box::new(l), right: Box::new(r), plus: true }, span);
        }
        Ok(l)
    }

    fn atom(&mut self) -> R<Expr> {
        let t = self.peek();
        let lit = |k| Ok(Expr::new(k, t.span));
        match t.kind {
            TokKind::LParen => {
                self.bump();
                let e = self.or()?;
                self.expect(TokKind::RParen, "`)`")?;
                Ok(e)
            }
            TokKind::Str => {
                self.bump();
                let s = self.text(t);
                lit(ExprKind::Str(s[1..s.len() - 1].into()))
            }
            TokKind::Hex => {
                self.bump();
                lit(ExprKind::Hex(hex_bytes(&self.text(t)[2..]).into()))
            }
            TokKind::Int => {
                self.bump();
                let v = self.int_in(t, 0, MAX_U32, "an integer value")?;
                lit(ExprKind::Int(v as u32))
            }
            TokKind::Ip4 | TokKind::Ip6 => {
                self.bump();
                match self.text(t).parse::<IpAddr>() {
                    Ok(a) => lit(ExprKind::Addr(a)),
                    Err(_) => Err(ExprError::new("expr-syntax", format!("`{}` is not a valid IP address", self.text(t)), t.span)),
                }
            }
            TokKind::Name => self.keyword(t),
            _ => Err(self.unexpected(t, "an expression")),
        }
    }

    fn keyword(&mut self, t: Token) -> R<Expr> {
        let kw = self.text(t);
        self.bump();
        let v4_only = |p: &Self| p.universe_only(t, Universe::V4);
        let v6_only = |p: &Self| p.universe_only(t, Universe::V6);
        let kind = match kw {
            "option" => {
                let option = self.bracket(|p| p.option_code())?;
                self.expect(TokKind::Dot, "`.`")?;
                let sub = if self.eat_kw("option").is_some() {
                    let code = self.bracket(|p| p.code_int("a sub-option code"))?;
                    self.expect(TokKind::Dot, "`.`")?;
                    Some(code)
                } else {
                    None
                };
                let repr = self.repr(if sub.is_some() { "option[...].option[...]" } else { "option[...]" })?;
                ExprKind::Option { option, sub, repr }
            }
            "relay4" => {
                v4_only(self)?;
                let code = self.bracket(|p| {
                    let n = p.expect(TokKind::Int, "a relay agent sub-option code (a number)")?;
                    p.int_in(n, 0, 255, "relay4 sub-option code").map(|v| v as u8)
                })?;
                self.expect(TokKind::Dot, "`.`")?;
                ExprKind::Relay4 { code, repr: self.repr("relay4[...]")? }
            }
            "relay6" => {
                v6_only(self)?;
                let nest = self.bracket(|p| {
                    let n = p.expect(TokKind::Int, "a relay nesting level (a number)")?;
                    p.int_in(n, -32, 31, "relay6 nesting level").map(|v| v as i8)
                })?;
                self.expect(TokKind::Dot, "`.`")?;
                let (_, which) =
                    self.expect_kw(&["option", "peeraddr", "linkaddr"], "`option`, `peeraddr` or `linkaddr` after `relay6[...]`")?;
                match which {
                    0 => {
                        let code = self.bracket(|p| p.code_int("an option code (relay6 takes numbers only)"))?;
                        self.expect(TokKind::Dot, "`.`")?;
                        ExprKind::Relay6Option { nest, code, repr: self.repr("relay6[...].option[...]")? }
                    }
                    1 => ExprKind::Relay6Addr { nest, which: Relay6Addr::Peer },
                    _ => ExprKind::Relay6Addr { nest, which: Relay6Addr::Link },
                }
            }
            "pkt" => {
                self.expect(TokKind::Dot, "`.`")?;
                let (_, i) = self.expect_kw(&["iface", "src", "dst", "len"], "`iface`, `src`, `dst` or `len` after `pkt.`")?;
                ExprKind::Pkt([PktField::Iface, PktField::Src, PktField::Dst, PktField::Len][i])
            }
            "pkt4" => {
                v4_only(self)?;
                self.expect(TokKind::Dot, "`.`")?;
                const F: [(&str, Pkt4Field); 9] = [
                    ("mac", Pkt4Field::Mac),
                    ("hlen", Pkt4Field::Hlen),
                    ("htype", Pkt4Field::Htype),
                    ("ciaddr", Pkt4Field::Ciaddr),
                    ("giaddr", Pkt4Field::Giaddr),
                    ("yiaddr", Pkt4Field::Yiaddr),
                    ("siaddr", Pkt4Field::Siaddr),
                    ("msgtype", Pkt4Field::MsgType),
                    ("transid", Pkt4Field::TransId),
                ];
                let names: Vec<&str> = F.iter().map(|f| f.0).collect();
                let (_, i) = self.expect_kw(&names, "a pkt4 field (mac, hlen, htype, ciaddr, giaddr, yiaddr, siaddr, msgtype, transid)")?;
                ExprKind::Pkt4(F[i].1)
            }
            "pkt6" => {
                v6_only(self)?;
                self.expect(TokKind::Dot, "`.`")?;
                let (_, i) = self.expect_kw(&["msgtype", "transid"], "`msgtype` or `transid` after `pkt6.`")?;
                ExprKind::Pkt6([Pkt6Field::MsgType, Pkt6Field::TransId][i])
            }
            "vendor" | "vendor-class" => self.vendor(kw == "vendor")?,
            "substring" => self.call(|p| {
                let value = p.arg()?;
                p.comma()?;
                let start = p.int_arg("a start position (an integer)")?;
                p.comma()?;
                let len = if p.eat_kw("all").is_some() { None } else { Some(p.int_arg("a length (an integer or `all`)")?) };
                Ok(ExprKind::Substring { value, start, len })
            })?,
            "split" => self.call(|p| {
                let value = p.arg()?;
                p.comma()?;
                let delims = p.arg()?;
                p.comma()?;
                let field = p.int_arg("a field number (an integer)")?;
                Ok(ExprKind::Split { value, delims, field })
            })?,
            "concat" => self.call(|p| {
                let left = p.arg()?;
                p.comma()?;
                Ok(ExprKind::Concat { left, right: p.arg()?, plus: false })
            })?,
            "ifelse" => self.call(|p| {
                let cond = p.arg()?;
                p.comma()?;
                let then = p.arg()?;
                p.comma()?;
                Ok(ExprKind::IfElse { cond, then, other: p.arg()? })
            })?,
            "hexstring" => self.call(|p| {
                let value = p.arg()?;
                p.comma()?;
                Ok(ExprKind::HexString { value, sep: p.arg()? })
            })?,
            "member" => self.call(|p| {
                let s = p.expect(TokKind::Str, "a class name in single quotes")?;
                let s = p.text(s);
                Ok(ExprKind::Member(s[1..s.len() - 1].into()))
            })?,
            "known" => ExprKind::Known,
            "unknown" => ExprKind::Unknown,
            _ => {
                if let Some(k) = to_text(kw) {
                    self.call(|p| Ok(ExprKind::ToText(k, p.arg()?)))?
                } else if kw == "lcase" || kw == "ucase" {
                    let c = if kw == "lcase" { Case::Lower } else { Case::Upper };
                    self.call(|p| Ok(ExprKind::Case(c, p.arg()?)))?
                } else {
                    return Err(ExprError::new("expr-syntax", format!("unknown keyword `{kw}`"), t.span)
                        .help("expressions start with a literal ('text', 0x1f, 42, 10.0.0.1), option[..], relay4[..], relay6[..], pkt.., pkt4.., pkt6.., vendor.., vendor-class.., member('..'), not, or a function"));
                }
            }
        };
        // The lexer cuts words at the keywords it knows (`lexer::KEYWORDS`): one it does not
        // know could be read as a shorter keyword and the rest (`texttoint` = `text toint`).
        // The tests parse every keyword, so a word added here and not there fails them.
        debug_assert!(KEYWORDS.contains(&kw), "`{kw}` is missing from expr::lexer::KEYWORDS");
        let end = self.toks[self.pos.saturating_sub(1)].span;
        Ok(Expr::new(kind, t.span.to(end)))
    }

    fn universe_only(&self, t: Token, u: Universe) -> R<()> {
        if self.opts.universe == u {
            return Ok(());
        }
        let (this, other) = match u {
            Universe::V4 => ("DHCPv4", "DHCPv6"),
            Universe::V6 => ("DHCPv6", "DHCPv4"),
        };
        Err(ExprError::new("expr-universe", format!("`{}` can only be used in {this}", self.text(t)), t.span)
            .help(format!("this is a {other} configuration")))
    }

    fn vendor(&mut self, plain: bool) -> R<ExprKind> {
        let name = if plain { "vendor" } else { "vendor-class" };
        if self.peek().kind == TokKind::Dot {
            self.bump();
            self.expect_kw(&["enterprise"], &format!("`enterprise` after `{name}.` (or `{name}[id]`)"))?;
            return Ok(if plain { ExprKind::VendorEnterprise } else { ExprKind::VendorClassEnterprise });
        }
        let enterprise = self.bracket(|p| {
            if p.peek().kind == TokKind::Star {
                p.bump();
                return Ok(None);
            }
            let n = p.expect(TokKind::Int, "an enterprise id or `*`")?;
            p.int_in(n, 0, MAX_U32, "enterprise id").map(|v| Some(v as u32))
        })?;
        self.expect(TokKind::Dot, "`.`")?;
        if plain {
            let (_, i) = self.expect_kw(&["exists", "option"], "`exists` or `option` after `vendor[...]`")?;
            if i == 0 {
                return Ok(ExprKind::VendorExists { enterprise });
            }
            let code = self.bracket(|p| p.code_int("a vendor sub-option code"))?;
            self.expect(TokKind::Dot, "`.`")?;
            return Ok(ExprKind::VendorOption { enterprise, code, repr: self.repr("vendor[...].option[...]")? });
        }
        let (_, i) = self.expect_kw(&["exists", "data"], "`exists` or `data` after `vendor-class[...]`")?;
        if i == 0 {
            return Ok(ExprKind::VendorClassExists { enterprise });
        }
        let index = if self.peek().kind == TokKind::LBracket {
            Some(self.bracket(|p| {
                let n = p.expect(TokKind::Int, "a data index")?;
                p.int_in(n, 0, 255, "vendor-class data index").map(|v| v as u8)
            })?)
        } else {
            None
        };
        Ok(ExprKind::VendorClassData { enterprise, index })
    }

    fn repr(&mut self, after: &str) -> R<Repr> {
        let (_, i) = self.expect_kw(&["hex", "text", "exists"], &format!("`.hex`, `.text` or `.exists` after `{after}`"))?;
        Ok([Repr::Hex, Repr::Text, Repr::Exists][i])
    }

    fn bracket<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.expect(TokKind::LBracket, "`[`")?;
        let v = f(self)?;
        self.expect(TokKind::RBracket, "`]`")?;
        Ok(v)
    }

    fn call(&mut self, f: impl FnOnce(&mut Self) -> R<ExprKind>) -> R<ExprKind> {
        let name = self.text(self.toks[self.pos - 1]).to_string();
        self.expect(TokKind::LParen, "`(`")?;
        let k = f(self)?;
        let t = self.peek();
        if t.kind == TokKind::Comma {
            let err = ExprError::new("expr-syntax", format!("too many arguments to `{name}`"), t.span);
            return Err(if name == "concat" { err.help("concat takes two arguments: nest it, or write `a + b + c`") } else { err });
        }
        self.expect(TokKind::RParen, "`)`")?;
        Ok(k)
    }
    fn arg(&mut self) -> R<Box<Expr>> {
        self.or().map(Box::new)
    }
    fn comma(&mut self) -> R<()> {
        let t = self.peek();
        if t.kind == TokKind::RParen {
            let name = self.text(self.toks.iter().take(self.pos).rev().find(|t| t.kind == TokKind::Name).copied().unwrap_or(t));
            return Err(ExprError::new("expr-syntax", format!("too few arguments to `{name}`"), t.span));
        }
        self.expect(TokKind::Comma, "`,`").map(|_| ())
    }
    fn int_arg(&mut self, what: &str) -> R<i64> {
        let t = self.expect(TokKind::Int, what)?;
        self.text(t).parse::<i64>().map_err(|_| ExprError::new("expr-range", "integer is too large", t.span))
    }

    /// An integer token within `lo..=hi`.
    fn int_in(&self, t: Token, lo: i64, hi: i64, what: &str) -> R<i64> {
        match self.text(t).parse::<i64>() {
            Ok(v) if (lo..=hi).contains(&v) => Ok(v),
            _ => Err(ExprError::new("expr-range", format!("{what} {} is out of range {lo}..{hi}", self.text(t)), t.span)),
        }
    }
    fn max_code(&self) -> i64 {
        match self.opts.universe {
            Universe::V4 => 255,
            Universe::V6 => 65535,
        }
    }
    /// A numeric option code within the universe's range.
    fn code_int(&mut self, what: &str) -> R<u16> {
        let t = self.peek();
        if t.kind != TokKind::Int {
            return Err(self.unexpected(t, what));
        }
        self.bump();
        let space = if self.opts.universe == Universe::V4 { "DHCPv4" } else { "DHCPv6" };
        self.int_in(t, 0, self.max_code(), &format!("{space} option code")).map(|v| v as u16)
    }
    fn option_code(&mut self) -> R<OptionRef> {
        let t = self.peek();
        if t.kind == TokKind::Name {
            self.bump();
            let name = self.text(t);
            return match (self.opts.option_code)(name) {
                Some(code) => Ok(OptionRef { code, name: Some(name.into()) }),
                None => Err(ExprError::new("expr-unknown-option", format!("option `{name}` is not defined"), t.span).help(format!(
                    "use a standard {} option name, a name from `option-def`, or the option's code",
                    self.opts.universe.space()
                ))),
            };
        }
        if t.kind == TokKind::Hex {
            return Err(
                ExprError::new("expr-syntax", "option codes are decimal", t.span).help("write the code in decimal, e.g. option[61]")
            );
        }
        Ok(OptionRef { code: self.code_int("an option code or name")?, name: None })
    }
}

fn to_text(kw: &str) -> Option<ToText> {
    Some(match kw {
        "addrtotext" => ToText::Addr,
        "int8totext" => ToText::Int8,
        "int16totext" => ToText::Int16,
        "int32totext" => ToText::Int32,
        "uint8totext" => ToText::Uint8,
        "uint16totext" => ToText::Uint16,
        "uint32totext" => ToText::Uint32,
        _ => return None,
    })
}

/// The function keyword of a conversion, for the printer.
pub fn to_text_keyword(k: ToText) -> &'static str {
    match k {
        ToText::Addr => "addrtotext",
        ToText::Int8 => "int8totext",
        ToText::Int16 => "int16totext",
        ToText::Int32 => "int32totext",
        ToText::Uint8 => "uint8totext",
        ToText::Uint16 => "uint16totext",
        ToText::Uint32 => "uint32totext",
    }
}

/// Hex digits to bytes; an odd count gets a leading zero (Kea: 0x1 is 0x01).
fn hex_bytes(digits: &str) -> Vec<u8> {
    let d = digits.as_bytes();
    let val = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    let mut out = Vec::with_capacity(d.len().div_ceil(2));
    let mut i = 0;
    if d.len() % 2 == 1 {
        out.push(val(d[0]));
        i = 1;
    }
    while i + 1 < d.len() {
        out.push(val(d[i]) << 4 | val(d[i + 1]));
        i += 2;
    }
    out
}
