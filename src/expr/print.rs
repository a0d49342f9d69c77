//! AST → canonical Kea text: single spaces around operators, `, ` between arguments, no
//! redundant parentheses. `parse(print(e)) == e` for every tree the parser can build (and
//! for trees `migrate` builds, as long as they are well-typed).

use super::ast::*;
use std::fmt::{self, Write};

/// Binding strength, loosest first; an operand printed at a looser level gets parentheses.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Level {
    Or,
    And,
    Not,
    Cmp,
    Sum,
    Atom,
}

fn level(k: &ExprKind) -> Level {
    match k {
        ExprKind::Or(..) => Level::Or,
        ExprKind::And(..) => Level::And,
        ExprKind::Not(_) => Level::Not,
        ExprKind::Eq(..) => Level::Cmp,
        ExprKind::Concat { plus: true, .. } => Level::Sum,
        _ => Level::Atom,
    }
}

pub fn print(e: &Expr) -> String {
    let mut s = String::new();
    let _ = write_expr(&mut s, e, Level::Or);
    s
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&print(self))
    }
}

/// Writes `e` where the context accepts expressions of level `min` or tighter.
fn write_expr(w: &mut String, e: &Expr, min: Level) -> fmt::Result {
    if level(&e.kind) < min {
        w.push('(');
        write_expr(w, e, Level::Or)?;
        w.push(')');
        return Ok(());
    }
    use ExprKind::*;
    match &e.kind {
        // Kea strings cannot hold `'` or a newline (no escapes): such a string (only built by
        // `migrate`, never parsed) is printed as the equal hex literal.
        Str(s) if s.contains(['\'', '\n']) => hex(w, s.as_bytes()),
        Str(s) => write!(w, "'{s}'"),
        Hex(b) => hex(w, b),
        Int(n) => write!(w, "{n}"),
        Addr(a) => write!(w, "{a}"),
        Option { option, sub, repr } => {
            match &option.name {
                Some(n) => write!(w, "option[{n}]")?,
                None => write!(w, "option[{}]", option.code)?,
            }
            if let Some(s) = sub {
                write!(w, ".option[{s}]")?;
            }
            write!(w, ".{}", repr.keyword())
        }
        Relay4 { code, repr } => write!(w, "relay4[{code}].{}", repr.keyword()),
        Relay6Option { nest, code, repr } => {
            write!(w, "relay6[{nest}].option[{code}].{}", repr.keyword())
        }
        Relay6Addr { nest, which } => {
            write!(w, "relay6[{nest}].{}", if *which == super::ast::Relay6Addr::Peer { "peeraddr" } else { "linkaddr" })
        }
        Pkt(f) => write!(
            w,
            "pkt.{}",
            match f {
                PktField::Iface => "iface",
                PktField::Src => "src",
                PktField::Dst => "dst",
                PktField::Len => "len",
            }
        ),
        Pkt4(f) => write!(
            w,
            "pkt4.{}",
            match f {
                Pkt4Field::Mac => "mac",
                Pkt4Field::Hlen => "hlen",
                Pkt4Field::Htype => "htype",
                Pkt4Field::Ciaddr => "ciaddr",
                Pkt4Field::Giaddr => "giaddr",
                Pkt4Field::Yiaddr => "yiaddr",
                Pkt4Field::Siaddr => "siaddr",
                Pkt4Field::MsgType => "msgtype",
                Pkt4Field::TransId => "transid",
            }
        ),
        Pkt6(f) => write!(w, "pkt6.{}", if *f == Pkt6Field::MsgType { "msgtype" } else { "transid" }),
        VendorEnterprise => w.write_str("vendor.enterprise"),
        VendorExists { enterprise } => write!(w, "vendor[{}].exists", Ent(*enterprise)),
        VendorOption { enterprise, code, repr } => write!(w, "vendor[{}].option[{code}].{}", Ent(*enterprise), repr.keyword()),
        VendorClassEnterprise => w.write_str("vendor-class.enterprise"),
        VendorClassExists { enterprise } => write!(w, "vendor-class[{}].exists", Ent(*enterprise)),
        VendorClassData { enterprise, index } => {
            write!(w, "vendor-class[{}].data", Ent(*enterprise))?;
            match index {
                Some(i) => write!(w, "[{i}]"),
                None => Ok(()),
            }
        }
        Substring { value, start, len } => {
            w.push_str("substring(");
            write_expr(w, value, Level::Or)?;
            write!(w, ", {start}, ")?;
            match len {
                Some(l) => write!(w, "{l})"),
                None => w.write_str("all)"),
            }
        }
        Split { value, delims, field } => {
            w.push_str("split(");
            args(w, &[value, delims])?;
            write!(w, ", {field})")
        }
        Concat { left, right, plus: true } => {
            write_expr(w, left, Level::Sum)?;
            w.push_str(" + ");
            write_expr(w, right, Level::Atom)
        }
        Concat { left, right, plus: false } => call(w, "concat", &[left, right]),
        IfElse { cond, then, other } => call(w, "ifelse", &[cond, then, other]),
        HexString { value, sep } => call(w, "hexstring", &[value, sep]),
        ToText(k, v) => call(w, super::parser::to_text_keyword(*k), &[v]),
        Case(c, v) => call(w, if *c == super::ast::Case::Lower { "lcase" } else { "ucase" }, &[v]),
        Member(s) => write!(w, "member('{s}')"),
        Known => w.write_str("known"),
        Unknown => w.write_str("unknown"),
        Not(x) => {
            w.push_str("not ");
            write_expr(w, x, Level::Not)
        }
        And(a, b) => {
            write_expr(w, a, Level::And)?;
            w.push_str(" and ");
            write_expr(w, b, Level::Not)
        }
        Or(a, b) => {
            write_expr(w, a, Level::Or)?;
            w.push_str(" or ");
            write_expr(w, b, Level::And)
        }
        Eq(a, b) => {
            write_expr(w, a, Level::Sum)?;
            w.push_str(" == ");
            write_expr(w, b, Level::Sum)
        }
    }
}

/// `0x..` (lower case), or `''` for no bytes (`0x` alone is not a Kea literal).
fn hex(w: &mut String, b: &[u8]) -> fmt::Result {
    if b.is_empty() {
        w.push_str("''");
        return Ok(());
    }
    w.push_str("0x");
    for x in b {
        write!(w, "{x:02x}")?;
    }
    Ok(())
}

struct Ent(std::option::Option<u32>);

impl fmt::Display for Ent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("*"),
        }
    }
}

fn args(w: &mut String, xs: &[&Expr]) -> fmt::Result {
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            w.push_str(", ");
        }
        write_expr(w, x, Level::Or)?;
    }
    Ok(())
}

fn call(w: &mut String, name: &str, xs: &[&Expr]) -> fmt::Result {
    write!(w, "{name}(")?;
    args(w, xs)?;
    w.push(')');
    Ok(())
}
