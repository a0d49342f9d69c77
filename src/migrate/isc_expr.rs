//! ISC dhcp-eval(5) expressions → Kea client-class expression text. The result is always
//! checked by `crate::expr` (parse + type-check) before it goes into a config; anything not
//! translatable returns a reason instead (the caller writes a note).

use crate::dhcpd::ast::{TokKind, Token};
use crate::options::registry::OptionDefs;
use crate::universe::Universe;

pub struct Translator<'a> {
    pub universe: Universe,
    pub defs: &'a OptionDefs,
}

struct P<'t> {
    t: &'t [Token],
    i: usize,
}

impl<'t> P<'t> {
    fn peek(&self) -> Option<&'t Token> {
        self.t.get(self.i)
    }
    fn word(&self, w: &str) -> bool {
        self.peek().is_some_and(|t| t.is_word(w))
    }
    fn punct(&self, p: &str) -> bool {
        self.peek().is_some_and(|t| t.is_punct(p))
    }
    fn bump(&mut self) -> Option<&'t Token> {
        let t = self.t.get(self.i);
        self.i += 1;
        t
    }
    fn expect(&mut self, p: &str) -> Result<(), String> {
        if self.punct(p) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected `{p}` at `{}`", self.peek().map_or("end", |t| &*t.text)))
        }
    }
}

impl Translator<'_> {
    /// A boolean expression (a `match if` condition) → Kea `test` text, checked by crate::expr.
    pub fn boolean(&self, toks: &[Token]) -> Result<String, String> {
        let mut p = P { t: toks, i: 0 };
        let s = self.or(&mut p)?;
        if let Some(t) = p.peek() {
            return Err(format!("unexpected `{}` in the expression", t.text));
        }
        self.verify(&s, crate::expr::Type::Bool)?;
        Ok(s)
    }

    /// A data expression (`match option X;`, a subclass key's parent) → Kea string expression.
    pub fn data_expr(&self, toks: &[Token]) -> Result<String, String> {
        let mut p = P { t: toks, i: 0 };
        let s = self.data(&mut p)?;
        if let Some(t) = p.peek() {
            return Err(format!("unexpected `{}` in the expression", t.text));
        }
        self.verify(&s, crate::expr::Type::String)?;
        Ok(s)
    }

    fn verify(&self, s: &str, ty: crate::expr::Type) -> Result<(), String> {
        let defs = self.defs;
        let space = self.universe.space();
        let code = move |n: &str| defs.by_name(space, n).map(|d| d.code);
        let opts = crate::expr::ParseOptions { universe: self.universe, option_code: &code };
        crate::expr::parse_typed(s, &opts, ty, "test").map(|_| ()).map_err(|e| format!("Kea rejects the translation `{s}`: {}", e.message))
    }

    fn or(&self, p: &mut P) -> Result<String, String> {
        let mut l = self.and(p)?;
        while p.word("or") {
            p.bump();
            let r = self.and(p)?;
            l = format!("({l}) or ({r})");
        }
        Ok(l)
    }
    fn and(&self, p: &mut P) -> Result<String, String> {
        let mut l = self.not(p)?;
        while p.word("and") {
            p.bump();
            let r = self.not(p)?;
            l = format!("({l}) and ({r})");
        }
        Ok(l)
    }
    fn not(&self, p: &mut P) -> Result<String, String> {
        if p.word("not") || p.punct("!") {
            p.bump();
            let e = self.not(p)?;
            return Ok(format!("not ({e})"));
        }
        self.cmp(p)
    }
    fn cmp(&self, p: &mut P) -> Result<String, String> {
        if p.punct("(") {
            // A parenthesised boolean, or a parenthesised data expression compared after.
            let save = p.i;
            p.bump();
            if let Ok(b) = self.or(p)
                && p.punct(")")
            {
                p.bump();
                if !(p.punct("=") || p.punct("!=") || p.punct("~=") || p.punct("~~")) {
                    return Ok(b);
                }
            }
            p.i = save;
        }
        if p.word("exists") {
            p.bump();
            let name = p.bump().ok_or("`exists` needs an option name")?;
            return self.option_ref(&name.text, "exists");
        }
        if p.word("known") {
            p.bump();
            return Ok("member('KNOWN')".into());
        }
        if p.word("static") {
            return Err("`static` (lease from a fixed-address) has no Kea expression".into());
        }
        let l = self.data(p)?;
        let op = p.peek().filter(|t| t.kind == TokKind::Punct).map(|t| t.text.to_string());
        match op.as_deref() {
            Some("=") => {
                p.bump();
                let r = self.data(p)?;
                Ok(format!("{l} == {r}"))
            }
            Some("!=") => {
                p.bump();
                let r = self.data(p)?;
                Ok(format!("not ({l} == {r})"))
            }
            Some("~=") | Some("~~") => Err("regular-expression matches (`~=`, `~~`) have no Kea equivalent".into()),
            _ => Err(format!("`{l}` is data, not a condition")),
        }
    }

    fn data(&self, p: &mut P) -> Result<String, String> {
        let t = p.bump().ok_or("expression ends too early")?;
        match t.kind {
            TokKind::Str => {
                if t.text.contains('\'') || t.text.bytes().any(|b| !(0x20..0x7f).contains(&b)) {
                    Ok(format!("0x{}", crate::leases::csv::hex(&t.bytes()).replace(':', "")))
                } else {
                    Ok(format!("'{}'", t.text))
                }
            }
            TokKind::Punct => Err(format!("unexpected `{}`", t.text)),
            TokKind::Word => {
                let w = t.text.to_ascii_lowercase();
                match w.as_str() {
                    "option" | "config-option" => {
                        let n = p.bump().ok_or("`option` needs a name")?;
                        if w == "config-option" {
                            return Err("`config-option` (the server's own option value) has no Kea expression".into());
                        }
                        self.option_ref(&n.text, "hex")
                    }
                    "substring" => {
                        p.expect("(")?;
                        let d = self.data(p)?;
                        p.expect(",")?;
                        let o = self.number(p)?;
                        p.expect(",")?;
                        let l = self.number(p)?;
                        p.expect(")")?;
                        // `substring(hardware, 1, n)`: the MAC without ISC's leading type byte.
                        if d == "HARDWARE" {
                            if o == 0 {
                                return Err("`hardware` with its type byte has no exact Kea expression".into());
                            }
                            return Ok(format!("substring(pkt4.mac, {}, {l})", o - 1));
                        }
                        Ok(format!("substring({d}, {o}, {l})"))
                    }
                    "suffix" => {
                        p.expect("(")?;
                        let d = self.data(p)?;
                        p.expect(",")?;
                        let n = self.number(p)?;
                        p.expect(")")?;
                        if d == "HARDWARE" {
                            return Err("`suffix(hardware, ...)` has no exact Kea expression".into());
                        }
                        Ok(format!("substring({d}, -{n}, all)"))
                    }
                    "concat" => {
                        p.expect("(")?;
                        let a = self.data(p)?;
                        p.expect(",")?;
                        let b = self.data(p)?;
                        p.expect(")")?;
                        Ok(format!("concat({a}, {b})"))
                    }
                    "hardware" if self.universe == Universe::V4 => Ok("HARDWARE".into()),
                    _ if is_hex(&t.text) => Ok(format!("0x{}", t.text.split(':').map(|b| format!("{b:0>2}")).collect::<String>())),
                    _ => Err(format!("`{}` has no Kea expression equivalent", t.text)),
                }
            }
        }
        .and_then(|s| {
            if s == "HARDWARE" && !p.punct(",") && !p.punct(")") {
                Err("`hardware` (type byte + MAC) has no exact Kea expression".into())
            } else {
                Ok(s)
            }
        })
    }

    fn number(&self, p: &mut P) -> Result<i64, String> {
        let t = p.bump().ok_or("a number is missing")?;
        t.text.parse().map_err(|_| format!("`{}` is not a number", t.text))
    }

    /// `option NAME` / `exists NAME` with ISC names → Kea `option[code].hex|exists` (relay
    /// agent sub-options → `relay4[code]`).
    fn option_ref(&self, name: &str, what: &str) -> Result<String, String> {
        let (space, n) = super::optdata::split_name(self.universe, name);
        let def = self.defs.by_name(&space, &n).ok_or_else(|| format!("unknown option `{name}`"))?;
        if space == "dhcp-agent-options-space" {
            return Ok(format!("relay4[{}].{what}", def.code));
        }
        if space != self.universe.space() {
            return Err(format!("option `{name}` is in space `{space}`; Kea expressions reach only top-level options"));
        }
        Ok(format!("option[{}].{what}", def.code))
    }
}

fn is_hex(s: &str) -> bool {
    s.contains(':') && s.split(':').all(|b| !b.is_empty() && b.len() <= 2 && b.bytes().all(|c| c.is_ascii_hexdigit()))
}
