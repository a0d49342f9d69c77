//! Evaluation of a (type-checked) expression against a packet.
//!
//! `serve` calls this for each class on each packet, so it does not allocate: string values
//! live in one caller-owned `Scratch` buffer that is cleared, not freed, between evaluations
//! (after the first few packets it has grown to size). Intermediate values are byte ranges in
//! that buffer.
//!
//! Semantics follow the Kea ARM ("Using Expressions in Classification"): a missing option or
//! relay gives an empty string (or false for `.exists`); integers and packet numbers are
//! four bytes in network order; addresses are 4 or 16 bytes; `substring`, `split`,
//! `hexstring` and the `*totext` conversions as documented there. Where the packet has
//! several vendor options, the first is used (as Kea does).

use super::ast::*;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::Range;

/// What the evaluator needs from a received packet. `serve` implements it over its borrowed
/// packet view; tests use a hand-built fake.
pub trait Packet {
    fn universe(&self) -> crate::universe::Universe;
    /// Payload of the first top-level option `code` (without code and length).
    fn option(&self, code: u16) -> Option<&[u8]>;
    /// The `.text` form of an option. Kea renders options it has a definition for as text
    /// (e.g. a string option as its characters); the default, the raw payload, is right for
    /// string-typed options, which is what `.text` is used with.
    fn option_text(&self, code: u16) -> Option<&[u8]> {
        self.option(code)
    }
    /// DHCPv6: number of relay encapsulations (0 for a direct message).
    fn relay6_count(&self) -> usize {
        0
    }
    /// DHCPv6: option `code` in relay encapsulation `level` (0 = closest to the server).
    fn relay6_option(&self, _level: usize, _code: u16) -> Option<&[u8]> {
        None
    }
    fn relay6_addr(&self, _level: usize, _which: Relay6Addr) -> Option<Ipv6Addr> {
        None
    }
    fn iface(&self) -> &str;
    fn src(&self) -> IpAddr;
    fn dst(&self) -> IpAddr;
    /// Length of the packet on the wire.
    fn wire_len(&self) -> u32;
    /// DHCPv4 chaddr, `hlen` bytes of it.
    fn mac(&self) -> &[u8] {
        &[]
    }
    /// DHCPv4 numeric fields: hlen, htype, msgtype, transid.
    fn pkt4_number(&self, _f: Pkt4Field) -> u32 {
        0
    }
    /// DHCPv4 address fields: ciaddr, giaddr, yiaddr, siaddr.
    fn pkt4_addr(&self, _f: Pkt4Field) -> Ipv4Addr {
        Ipv4Addr::UNSPECIFIED
    }
    fn pkt6_number(&self, _f: Pkt6Field) -> u32 {
        0
    }
    /// Whether the packet is already in class `name` (`KNOWN`, `ALL`, earlier classes...).
    fn is_member(&self, name: &str) -> bool;
}

/// Reusable buffer for string values. Keep one per worker and pass it to every evaluation.
#[derive(Debug, Default)]
pub struct Scratch {
    buf: Vec<u8>,
}

/// Kea stops evaluating a class (it does not match) when an operand is unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// A conversion got the wrong number of bytes (e.g. `addrtotext` of 5 bytes).
    BadLength { op: &'static str, len: usize },
    /// A `substring`/`split` number outside the 32-bit signed range.
    BadNumber { op: &'static str, value: i64 },
    /// A boolean where a string is needed or vice versa: the tree was not type-checked.
    Type,
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::BadLength { op, len } => write!(f, "{op}: unexpected input length {len}"),
            EvalError::BadNumber { op, value } => {
                write!(f, "{op}: {value} is not a 32-bit integer")
            }
            EvalError::Type => f.write_str("expression was not type-checked"),
        }
    }
}

type R<T> = Result<T, EvalError>;

/// Evaluates a boolean expression (a class `test`).
pub fn eval_bool(e: &Expr, pkt: &dyn Packet, scratch: &mut Scratch) -> R<bool> {
    scratch.buf.clear();
    Ev { pkt, buf: &mut scratch.buf }.boolean(e)
}

/// Evaluates a string expression (e.g. a `template-test`); the result borrows the scratch.
pub fn eval_string<'s>(e: &Expr, pkt: &dyn Packet, scratch: &'s mut Scratch) -> R<&'s [u8]> {
    scratch.buf.clear();
    let r = Ev { pkt, buf: &mut scratch.buf }.string(e)?;
    Ok(&scratch.buf[r])
}

struct Ev<'a> {
    pkt: &'a dyn Packet,
    buf: &'a mut Vec<u8>,
}

impl<'a> Ev<'a> {
    /// Appends `bytes` and returns their range.
    fn push(&mut self, bytes: &[u8]) -> Range<usize> {
        let start = self.buf.len();
        self.buf.extend_from_slice(bytes);
        start..self.buf.len()
    }
    fn push_opt(&mut self, bytes: Option<&[u8]>) -> Range<usize> {
        self.push(bytes.unwrap_or_default())
    }
    fn empty(&self) -> Range<usize> {
        self.buf.len()..self.buf.len()
    }
    /// Runs `f` writing into the buffer and returns what it wrote.
    fn write(&mut self, f: impl FnOnce(&mut Vec<u8>)) -> Range<usize> {
        let start = self.buf.len();
        f(self.buf);
        start..self.buf.len()
    }

    fn boolean(&mut self, e: &Expr) -> R<bool> {
        use ExprKind::*;
        let p = self.pkt;
        Ok(match &e.kind {
            Option { option, sub: None, repr: Repr::Exists } => p.option(option.code).is_some(),
            Option { option, sub: Some(s), repr: Repr::Exists } => p.option(option.code).and_then(|d| tlv(d, p.universe(), *s)).is_some(),
            Relay4 { code, repr: Repr::Exists } => {
                p.option(82).and_then(|d| tlv(d, crate::universe::Universe::V4, u16::from(*code))).is_some()
            }
            Relay6Option { nest, code, repr: Repr::Exists } => self.relay_level(*nest).and_then(|l| p.relay6_option(l, *code)).is_some(),
            VendorExists { enterprise } => self.vendor(*enterprise).is_some(),
            VendorOption { enterprise, code, repr: Repr::Exists } => {
                self.vendor(*enterprise).and_then(|d| tlv(d, p.universe(), *code)).is_some()
            }
            VendorClassExists { enterprise } => self.vendor_class(*enterprise).is_some(),
            Member(name) => p.is_member(name),
            Known => p.is_member("KNOWN"),
            Unknown => !p.is_member("KNOWN"),
            Not(x) => !self.boolean(x)?,
            // Both sides are pure, so short-circuiting cannot change the result.
            And(a, b) => self.boolean(a)? && self.boolean(b)?,
            Or(a, b) => self.boolean(a)? || self.boolean(b)?,
            Eq(a, b) => {
                let (x, y) = (self.string(a)?, self.string(b)?);
                self.buf[x] == self.buf[y]
            }
            _ => return Err(EvalError::Type),
        })
    }

    fn string(&mut self, e: &Expr) -> R<Range<usize>> {
        use ExprKind::*;
        let p = self.pkt;
        Ok(match &e.kind {
            Str(s) => self.push(s.as_bytes()),
            Hex(b) => self.push(b),
            Int(n) => self.push(&n.to_be_bytes()),
            Addr(IpAddr::V4(a)) => self.push(&a.octets()),
            Addr(IpAddr::V6(a)) => self.push(&a.octets()),
            Option { option, sub: None, repr: Repr::Hex } => self.push_opt(p.option(option.code)),
            Option { option, sub: None, repr: Repr::Text } => self.push_opt(p.option_text(option.code)),
            Option { option, sub: Some(s), repr: Repr::Hex | Repr::Text } => {
                self.push_opt(p.option(option.code).and_then(|d| tlv(d, p.universe(), *s)))
            }
            Relay4 { code, repr: Repr::Hex | Repr::Text } => {
                self.push_opt(p.option(82).and_then(|d| tlv(d, crate::universe::Universe::V4, u16::from(*code))))
            }
            Relay6Option { nest, code, repr: Repr::Hex | Repr::Text } => {
                let v = self.relay_level(*nest).and_then(|l| p.relay6_option(l, *code));
                self.push_opt(v)
            }
            Relay6Addr { nest, which } => match self.relay_level(*nest).and_then(|l| p.relay6_addr(l, *which)) {
                Some(a) => self.push(&a.octets()),
                None => self.empty(),
            },
            Pkt(PktField::Iface) => self.push(p.iface().as_bytes()),
            Pkt(PktField::Src) => self.addr(p.src()),
            Pkt(PktField::Dst) => self.addr(p.dst()),
            Pkt(PktField::Len) => self.push(&p.wire_len().to_be_bytes()),
            Pkt4(Pkt4Field::Mac) => self.push(p.mac()),
            Pkt4(f @ (Pkt4Field::Ciaddr | Pkt4Field::Giaddr | Pkt4Field::Yiaddr | Pkt4Field::Siaddr)) => {
                self.push(&p.pkt4_addr(*f).octets())
            }
            Pkt4(f) => self.push(&p.pkt4_number(*f).to_be_bytes()),
            Pkt6(f) => self.push(&p.pkt6_number(*f).to_be_bytes()),
            VendorEnterprise => self.enterprise(if p.universe() == crate::universe::Universe::V4 { 125 } else { 17 }),
            VendorClassEnterprise => self.enterprise(if p.universe() == crate::universe::Universe::V4 { 124 } else { 16 }),
            VendorOption { enterprise, code, repr: Repr::Hex | Repr::Text } => {
                let v = self.vendor(*enterprise).and_then(|d| tlv(d, p.universe(), *code));
                self.push_opt(v)
            }
            VendorClassData { enterprise, index } => {
                let v = self.vendor_class(*enterprise).and_then(|d| chunk(d, p.universe(), index.unwrap_or(0)));
                self.push_opt(v)
            }
            Substring { value, start, len } => {
                let r = self.string(value)?;
                let start = i32_arg("substring", *start)?;
                let len = len.map(|l| i32_arg("substring", l)).transpose()?;
                let (a, b) = substring_bounds(r.len(), start, len);
                r.start + a..r.start + b
            }
            Split { value, delims, field } => {
                let v = self.string(value)?;
                let d = self.string(delims)?;
                let field = i32_arg("split", *field)?;
                let (a, b) = split_bounds(&self.buf[v.clone()], &self.buf[d], field);
                v.start + a..v.start + b
            }
            Concat { left, right, .. } => {
                let (a, b) = (self.string(left)?, self.string(right)?);
                let start = self.buf.len();
                self.buf.extend_from_within(a);
                self.buf.extend_from_within(b);
                start..self.buf.len()
            }
            IfElse { cond, then, other } => {
                if self.boolean(cond)? {
                    self.string(then)?
                } else {
                    self.string(other)?
                }
            }
            HexString { value, sep } => {
                let (v, s) = (self.string(value)?, self.string(sep)?);
                let start = self.buf.len();
                for i in v.clone() {
                    if i > v.start {
                        self.buf.extend_from_within(s.clone());
                    }
                    let x = self.buf[i];
                    let _ = write!(self.buf, "{x:02x}");
                }
                start..self.buf.len()
            }
            ToText(k, v) => {
                let v = self.string(v)?;
                self.convert(*k, v)?
            }
            Case(c, v) => {
                let v = self.string(v)?;
                let start = self.buf.len();
                self.buf.extend_from_within(v);
                let out = &mut self.buf[start..];
                match c {
                    super::ast::Case::Lower => out.make_ascii_lowercase(),
                    super::ast::Case::Upper => out.make_ascii_uppercase(),
                }
                start..self.buf.len()
            }
            _ => return Err(EvalError::Type),
        })
    }

    fn addr(&mut self, a: IpAddr) -> Range<usize> {
        match a {
            IpAddr::V4(a) => self.push(&a.octets()),
            IpAddr::V6(a) => self.push(&a.octets()),
        }
    }

    fn convert(&mut self, k: ToText, v: Range<usize>) -> R<Range<usize>> {
        let n = v.len();
        if n == 0 {
            return Ok(self.empty());
        }
        let (op, want) = match k {
            ToText::Addr => ("addrtotext", if n == 16 { 16 } else { 4 }),
            ToText::Int8 => ("int8totext", 1),
            ToText::Uint8 => ("uint8totext", 1),
            ToText::Int16 => ("int16totext", 2),
            ToText::Uint16 => ("uint16totext", 2),
            ToText::Int32 => ("int32totext", 4),
            ToText::Uint32 => ("uint32totext", 4),
        };
        if n != want {
            return Err(EvalError::BadLength { op, len: n });
        }
        let mut bytes = [0u8; 16];
        bytes[..n].copy_from_slice(&self.buf[v]);
        let be = |k: usize| bytes[..k].iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
        Ok(self.write(|w| {
            let _ = match k {
                ToText::Addr if n == 4 => write!(w, "{}", Ipv4Addr::from(be(4))),
                ToText::Addr => write!(w, "{}", Ipv6Addr::from(bytes)),
                ToText::Int8 => write!(w, "{}", bytes[0] as i8),
                ToText::Uint8 => write!(w, "{}", bytes[0]),
                ToText::Int16 => write!(w, "{}", be(2) as u16 as i16),
                ToText::Uint16 => write!(w, "{}", be(2)),
                ToText::Int32 => write!(w, "{}", be(4) as i32),
                ToText::Uint32 => write!(w, "{}", be(4)),
            };
        }))
    }

    /// Relay level for a nesting index: 0.. from the server side, -1.. from the client side.
    fn relay_level(&self, nest: i8) -> std::option::Option<usize> {
        let count = self.pkt.relay6_count() as i64;
        let level = if nest >= 0 { i64::from(nest) } else { count + i64::from(nest) };
        (0..count).contains(&level).then_some(level as usize)
    }

    /// Sub-options of the first vendor option, when its enterprise matches (None/0 = any).
    fn vendor(&self, want: std::option::Option<u32>) -> std::option::Option<&'a [u8]> {
        self.enterprise_payload((125, 17), want)
    }

    /// Data chunks of the first vendor class option, when its enterprise matches.
    fn vendor_class(&self, want: std::option::Option<u32>) -> std::option::Option<&'a [u8]> {
        self.enterprise_payload((124, 16), want)
    }

    /// The payload after the enterprise number of option `codes` (v4, v6), when the
    /// enterprise matches `want` (None/0 = any).
    fn enterprise_payload(&self, codes: (u16, u16), want: std::option::Option<u32>) -> std::option::Option<&'a [u8]> {
        let u = self.pkt.universe();
        let data = self.pkt.option(if u == crate::universe::Universe::V4 { codes.0 } else { codes.1 })?;
        let (ent, rest) = enterprise_of(data)?;
        if !want.is_none_or(|w| w == 0 || w == ent) {
            return None;
        }
        match u {
            // RFC 3925: enterprise, data-len (1 byte), then the data.
            crate::universe::Universe::V4 => rest.get(1..1 + usize::from(*rest.first()?)),
            crate::universe::Universe::V6 => Some(rest),
        }
    }

    fn enterprise(&mut self, code: u16) -> Range<usize> {
        match self.pkt.option(code).and_then(enterprise_of) {
            Some((ent, _)) => self.push(&ent.to_be_bytes()),
            None => self.empty(),
        }
    }
}

fn enterprise_of(data: &[u8]) -> std::option::Option<(u32, &[u8])> {
    let ent = u32::from_be_bytes(data.get(..4)?.try_into().ok()?);
    Some((ent, &data[4..]))
}

/// Kea converts substring/split numbers to a signed 32-bit integer when evaluating.
fn i32_arg(op: &'static str, v: i64) -> R<i64> {
    if i32::try_from(v).is_ok() { Ok(v) } else { Err(EvalError::BadNumber { op, value: v }) }
}

/// Payload of sub-option `code` in a run of options (1-byte code/length in DHCPv4, 2-byte
/// in DHCPv6). A truncated option ends the search.
pub fn tlv(data: &[u8], u: crate::universe::Universe, code: u16) -> std::option::Option<&[u8]> {
    let w = if u == crate::universe::Universe::V4 { 1 } else { 2 };
    let num = |b: &[u8]| b.iter().fold(0usize, |a, x| a << 8 | usize::from(*x));
    let mut i = 0;
    while i + 2 * w <= data.len() {
        let (c, len) = (num(&data[i..i + w]), num(&data[i + w..i + 2 * w]));
        let body = data.get(i + 2 * w..i + 2 * w + len)?;
        if c == usize::from(code) {
            return Some(body);
        }
        i += 2 * w + len;
    }
    None
}

/// Data chunk `index` of a vendor class option: length-prefixed (1 byte in DHCPv4, 2 in v6).
fn chunk(data: &[u8], u: crate::universe::Universe, index: u8) -> std::option::Option<&[u8]> {
    let w = if u == crate::universe::Universe::V4 { 1 } else { 2 };
    let mut i = 0;
    for n in 0..=index {
        let len = data.get(i..i + w)?.iter().fold(0usize, |a, x| a << 8 | usize::from(*x));
        let body = data.get(i + w..i + w + len)?;
        if n == index {
            return Some(body);
        }
        i += w + len;
    }
    None
}

/// The byte range `substring(s, start, len)` selects in a string of `n` bytes (ARM rules:
/// negative start counts from the end; negative length takes bytes before start; None is
/// `all`; out of range gives the empty string).
pub fn substring_bounds(n: usize, start: i64, len: std::option::Option<i64>) -> (usize, usize) {
    let n = n as i64;
    let start = if start < 0 { start + n } else { start };
    if start < 0 || start >= n {
        return (0, 0);
    }
    let (a, b) = match len {
        None => (start, n),
        Some(l) if l >= 0 => (start, (start + l).min(n)),
        Some(l) => ((start + l).max(0), start),
    };
    (a as usize, b as usize)
}

/// The byte range of field `field` (1-based) of `v` split at any byte of `delims`.
pub fn split_bounds(v: &[u8], delims: &[u8], field: i64) -> (usize, usize) {
    if delims.is_empty() {
        return (0, v.len());
    }
    if v.is_empty() || field < 1 {
        return (0, 0);
    }
    let mut start = 0;
    let mut n = 1;
    for (i, c) in v.iter().enumerate() {
        if delims.contains(c) {
            if n == field {
                return (start, i);
            }
            n += 1;
            start = i + 1;
        }
    }
    if n == field { (start, v.len()) } else { (0, 0) }
}
