//! ISC dhcp-eval(5) expressions → Kea client-class expression text. The result is always
//! checked by `crate::expr` (parse + type-check) before it goes into a config; anything not
//! translatable returns a reason instead (the caller writes a note).

use crate::dhcpd::ast::{TokKind, Token};
use crate::options::registry::OptionDefs;
use crate::universe::Universe;

pub struct Translator<'a> {
    pub universe: Universe,
    pub defs: &'a OptionDefs,
    /// Standard options declared under another name (see `Ctx::name_alias`).
    pub aliases: &'a [(String, String, String)],
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
            // `not not X` is X.
            if p.word("not") || p.punct("!") {
                p.bump();
                return self.not(p);
            }
            let e = self.not(p)?;
            // `not (not X)` is X.
            if let Some(inner) = e.strip_prefix("not (").and_then(|r| r.strip_suffix(')'))
                && balanced(inner)
            {
                return Ok(inner.to_string());
            }
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
        match self.datum(p)? {
            D::Lit(b) => Ok(lit(&b)),
            D::Expr(e) => Ok(e),
            D::Hardware => Ok(HARDWARE.into()),
        }
    }

    /// A data expression; constant sub-expressions are folded (dhcpd evaluates them the
    /// same way at run time, and Kea 2.2 lacks some of the functions, such as lcase).
    fn datum(&self, p: &mut P) -> Result<D, String> {
        let t = p.bump().ok_or("expression ends too early")?;
        match t.kind {
            TokKind::Str => Ok(D::Lit(t.bytes())),
            TokKind::Punct => Err(format!("unexpected `{}`", t.text)),
            TokKind::Word => {
                let w = t.text.to_ascii_lowercase();
                match w.as_str() {
                    "option" | "config-option" => {
                        let n = p.bump().ok_or("`option` needs a name")?;
                        if w == "config-option" {
                            return Err("`config-option` (the server's own option value) has no Kea expression".into());
                        }
                        self.option_ref(&n.text, "hex").map(D::Expr)
                    }
                    "substring" | "suffix" => {
                        p.expect("(")?;
                        let d = self.datum(p)?;
                        p.expect(",")?;
                        let o = self.num_expr(p)?;
                        let l = if w == "substring" {
                            p.expect(",")?;
                            Some(self.num_expr(p)?)
                        } else {
                            None
                        };
                        p.expect(")")?;
                        let (o, l) = (o.max(0), l.map(|l| l.max(0)));
                        match (d, l) {
                            (D::Lit(b), Some(l)) => Ok(D::Lit(b.iter().skip(o as usize).take(l as usize).copied().collect())),
                            (D::Lit(b), None) => Ok(D::Lit(b[b.len().saturating_sub(o as usize)..].to_vec())),
                            // ISC's hardware is the type byte then the MAC.
                            (D::Hardware, Some(l)) if o == 0 && l == 1 => Ok(D::Expr("substring(pkt4.htype, -1, all)".into())),
                            (D::Hardware, Some(l)) if o >= 1 => Ok(D::Expr(format!("substring(pkt4.mac, {}, {l})", o - 1))),
                            (D::Hardware, Some(l)) => Ok(D::Expr(format!("substring({HARDWARE}, {o}, {l})"))),
                            (D::Hardware, None) => Ok(D::Expr(format!("substring({HARDWARE}, -{o}, all)"))),
                            (D::Expr(e), Some(l)) => Ok(D::Expr(format!("substring({e}, {o}, {l})"))),
                            (D::Expr(e), None) => Ok(D::Expr(format!("substring({e}, -{o}, all)"))),
                        }
                    }
                    "concat" => {
                        p.expect("(")?;
                        let mut acc = self.datum(p)?;
                        while p.punct(",") {
                            p.bump();
                            let b = self.datum(p)?;
                            acc = match (acc, b) {
                                (D::Lit(x), y) if x.is_empty() => y,
                                (x, D::Lit(y)) if y.is_empty() => x,
                                (D::Lit(mut x), D::Lit(y)) => {
                                    x.extend(y);
                                    D::Lit(x)
                                }
                                (x, y) => D::Expr(format!("concat({}, {})", x.render()?, y.render()?)),
                            };
                        }
                        p.expect(")")?;
                        Ok(acc)
                    }
                    "lcase" | "ucase" => {
                        p.expect("(")?;
                        let d = self.datum(p)?;
                        p.expect(")")?;
                        match d {
                            D::Lit(b) => Ok(D::Lit(if w == "lcase" { b.to_ascii_lowercase() } else { b.to_ascii_uppercase() })),
                            _ => Err(format!("`{w}` of packet data: Kea 2.2 has no {w}")),
                        }
                    }
                    "reverse" => {
                        p.expect("(")?;
                        let n = self.num_expr(p)?;
                        p.expect(",")?;
                        let d = self.datum(p)?;
                        p.expect(")")?;
                        match d {
                            D::Lit(b) if n > 0 => Ok(D::Lit(b.chunks(n as usize).rev().flatten().copied().collect())),
                            _ => Err("`reverse` of packet data has no Kea expression".into()),
                        }
                    }
                    "encode-int" => {
                        p.expect("(")?;
                        let v = self.num_expr(p)?;
                        p.expect(",")?;
                        let width = self.number(p)?;
                        p.expect(")")?;
                        let bytes = v.to_be_bytes();
                        match width {
                            8 => Ok(D::Lit(bytes[7..].to_vec())),
                            16 => Ok(D::Lit(bytes[6..].to_vec())),
                            32 => Ok(D::Lit(bytes[4..].to_vec())),
                            _ => Err(format!("encode-int width {width}: 8, 16 or 32")),
                        }
                    }
                    "pick-first-value" => self.pick_first_value(p),
                    "hardware" if self.universe == Universe::V4 => Ok(D::Hardware),
                    _ if is_hex(&t.text) => Ok(D::Lit(t.text.split(':').filter_map(|b| u8::from_str_radix(b, 16).ok()).collect())),
                    _ => Err(format!("`{}` has no Kea expression equivalent", t.text)),
                }
            }
        }
    }

    /// `pick-first-value(A, B, ...)`: the first argument that is not null (the subclass idiom
    /// `match pick-first-value(option dhcp-client-identifier, hardware);`). An `option NAME`
    /// is null where the packet lacks the option: Kea's `ifelse(option[N].exists, ...)`; a
    /// constant or `hardware` never is, so the arguments after it do not count. Any other
    /// argument before the last (a substring of an option is null when the option is
    /// missing) is not translated. A last argument that is null gives '' in Kea.
    fn pick_first_value(&self, p: &mut P) -> Result<D, String> {
        p.expect("(")?;
        let mut args: Vec<(Option<String>, D)> = Vec::new();
        loop {
            let option = p.word("option").then(|| p.t.get(p.i + 1)).flatten();
            let exists = option.map(|n| self.option_ref(&n.text, "exists")).transpose()?;
            args.push((exists, self.datum(p)?));
            if !p.punct(",") {
                break;
            }
            p.bump();
        }
        p.expect(")")?;
        let n = args.len();
        let mut acc: Option<String> = None;
        for (i, (exists, d)) in args.into_iter().enumerate().rev() {
            acc = Some(match (exists, d) {
                (Some(c), d) if i + 1 == n => format!("ifelse({c}, {}, '')", d.render()?),
                (Some(c), d) => format!("ifelse({c}, {}, {})", d.render()?, acc.unwrap_or_default()),
                (None, D::Expr(_)) if i + 1 < n => {
                    return Err("`pick-first-value` with an argument before the last that is neither `option NAME` nor a constant".into());
                }
                (None, d) => d.render()?,
            });
        }
        acc.map(D::Expr).ok_or_else(|| "`pick-first-value` needs an argument".into())
    }

    /// A numeric expression of constants (dhcp-eval(5): + - * / % & | ^, extract-int of a
    /// constant), evaluated left to right as dhcpd does.
    fn num_expr(&self, p: &mut P) -> Result<i64, String> {
        let mut v = self.num_term(p)?;
        while let Some(op) =
            p.peek().filter(|t| matches!(&*t.text, "+" | "-" | "*" | "/" | "%" | "&" | "|" | "^")).map(|t| t.text.to_string())
        {
            p.bump();
            let r = self.num_term(p)?;
            v = match op.as_str() {
                "+" => v.wrapping_add(r),
                "-" => v.wrapping_sub(r),
                "*" => v.wrapping_mul(r),
                "/" if r != 0 => v / r,
                "%" if r != 0 => v % r,
                "&" => v & r,
                "|" => v | r,
                "^" => v ^ r,
                _ => return Err("division by zero".into()),
            };
        }
        Ok(v)
    }

    fn num_term(&self, p: &mut P) -> Result<i64, String> {
        if p.word("extract-int") {
            p.bump();
            p.expect("(")?;
            let d = self.datum(p)?;
            p.expect(",")?;
            let width = self.number(p)?;
            p.expect(")")?;
            let D::Lit(b) = d else { return Err("`extract-int` of packet data has no Kea expression".into()) };
            let n = (width / 8) as usize;
            if !matches!(width, 8 | 16 | 32) || b.len() < n {
                return Err("extract-int of too short data".into());
            }
            return Ok(b[..n].iter().fold(0i64, |a, &x| (a << 8) | i64::from(x)));
        }
        if p.punct("(") {
            p.bump();
            let v = self.num_expr(p)?;
            p.expect(")")?;
            return Ok(v);
        }
        self.number(p)
    }

    fn number(&self, p: &mut P) -> Result<i64, String> {
        let t = p.bump().ok_or("a number is missing")?;
        t.text.parse().map_err(|_| format!("`{}` is not a number", t.text))
    }

    /// `option NAME` / `exists NAME` with ISC names → Kea `option[code].hex|exists` (relay
    /// agent sub-options → `relay4[code]`).
    fn option_ref(&self, name: &str, what: &str) -> Result<String, String> {
        // dhcpd -6 reads a name without a space (or in `dhcp`) as a DHCPv4 option, which a
        // DHCPv6 packet does not carry (see `optdata::v4_in_v6`).
        if self.universe == Universe::V6 && name.split_once('.').is_none_or(|(s, _)| s.eq_ignore_ascii_case("dhcp")) {
            return Err(format!(
                "option `{name}` is a DHCPv4 option to dhcpd -6 (no space named), never in a DHCPv6 packet; write `dhcp6.NAME` for a DHCPv6 option"
            ));
        }
        let (space, n) = super::optdata::split_name(self.universe, name);
        let (space, n) = super::alias(self.aliases, space, n);
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

/// A data value: a folded constant, a Kea expression, or ISC's `hardware` (resolved by
/// the enclosing substring).
enum D {
    Lit(Vec<u8>),
    Expr(String),
    Hardware,
}

impl D {
    fn render(self) -> Result<String, String> {
        match self {
            D::Lit(b) => Ok(lit(&b)),
            D::Expr(e) => Ok(e),
            D::Hardware => Ok(HARDWARE.into()),
        }
    }
}

/// ISC's `hardware`: the hardware type byte followed by the MAC address.
const HARDWARE: &str = "concat(substring(pkt4.htype, -1, all), pkt4.mac)";

/// Parentheses balance (outside quotes) and never close more than they opened.
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !quoted
}

/// A constant as Kea text: 'quoted' when printable, else 0xHEX.
fn lit(b: &[u8]) -> String {
    if !b.is_empty() && b.iter().all(|&c| (0x20..0x7f).contains(&c) && c != b'\'' && c != b'\\') {
        format!("'{}'", String::from_utf8_lossy(b))
    } else if b.is_empty() {
        "''".into()
    } else {
        format!("0x{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>())
    }
}

fn is_hex(s: &str) -> bool {
    s.contains(':') && s.split(':').all(|b| !b.is_empty() && b.len() <= 2 && b.bytes().all(|c| c.is_ascii_hexdigit()))
}
