//! The option data codec: Kea `data` text (csv or hex) → wire bytes, and wire bytes →
//! canonical csv text. One codec for check, migrate, lint and serve.
//!
//! csv rules as Kea 2.2 applies them (each verified with `kea-dhcp4 -t`, see
//! tests/check_options.rs): values are split at commas (`\,` escapes one), trimmed, and
//! empty ones dropped (`1,,3` and `1,` are accepted); a non-array option uses the first
//! value(s) and ignores the rest (`uint8` with `1,zz` is accepted: we warn); integers take
//! an optional sign, leading zeros and `0x` hex, then are range checked (`0x10` ok for
//! uint8, `0xffff` rejected for int16); booleans are `true`/`false` in any case or `1`/`0`;
//! no data is allowed only for `empty` options and arrays of addresses.
//! In hex form (`csv-format: false`) Kea unpacks the bytes with the definition, so they
//! must fit it too (a uint16 needs two bytes, an array of IPv4 addresses a multiple of
//! four; bytes after a single value are ignored).

use super::hex::{parse_csv_binary, parse_option_hex};
use super::types::{OptionDef, OptionType};
use crate::universe::Universe;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodecErrorKind {
    /// Kea rejects the data.
    Invalid,
    /// The type is one Kea encodes with its own rules (`internal`): not checked here.
    Unsupported,
}

/// Why data does not fit a definition, with the byte range inside the (decoded) data text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecError {
    pub kind: CodecErrorKind,
    pub range: Range<usize>,
    pub message: String,
}

impl CodecError {
    pub fn invalid(range: Range<usize>, message: impl Into<String>) -> CodecError {
        CodecError { kind: CodecErrorKind::Invalid, range, message: message.into() }
    }
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Encoded data and what Kea accepts but silently changes (range in the data text, note).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub warnings: Vec<(Range<usize>, String)>,
}

/// Encode `data` for `def` (the option's payload, without code and length).
pub fn encode(def: &OptionDef, data: &str, csv_format: bool) -> Result<Vec<u8>, CodecError> {
    encode_detailed(def, data, csv_format).map(|e| e.bytes)
}

/// `encode`, keeping the warnings.
pub fn encode_detailed(def: &OptionDef, data: &str, csv_format: bool) -> Result<Encoded, CodecError> {
    if !csv_format {
        let bytes = parse_option_hex(data)?;
        if (def.ty != OptionType::Internal || classless_routes(def))
            && let Err(e) = decode(def, &bytes)
        {
            return Err(CodecError::invalid(0..data.len(), format!("the bytes do not fit {}: {}", def.type_text(), e.message)));
        }
        return Ok(Encoded { bytes, warnings: Vec::new() });
    }
    if classless_routes(def) {
        return super::routes::encode(data).map(|bytes| Encoded { bytes, warnings: Vec::new() });
    }
    if def.ty == OptionType::Internal {
        return Err(CodecError {
            kind: CodecErrorKind::Unsupported,
            range: 0..data.len(),
            message: format!("option {} has a Kea-specific format that keakit does not check yet", def.name),
        });
    }
    let toks = tokens(data);
    let mut out = Encoded::default();
    if def.ty == OptionType::Empty {
        if let Some(t) = toks.first() {
            return Err(CodecError::invalid(t.range.clone(), "an option of type `empty` carries no data (its content is sub-options)"));
        }
        return Ok(out);
    }
    let fields = def.fields();
    if toks.is_empty() {
        if def.array && matches!(def.ty, OptionType::Ipv4Address | OptionType::Ipv6Address) {
            return Ok(out);
        }
        return Err(CodecError::invalid(0..data.len(), "no option value specified"));
    }
    if toks.len() < fields.len() {
        return Err(CodecError::invalid(
            0..data.len(),
            format!("{} needs {} comma-separated values, {} given", def.type_text(), fields.len(), toks.len()),
        ));
    }
    for (ty, t) in fields.iter().zip(&toks) {
        encode_field(*ty, t, def.universe, &mut out)?;
    }
    let rest = &toks[fields.len()..];
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        if def.array {
            let ty = *fields.last().unwrap_or(&def.ty);
            for t in rest {
                encode_field(ty, t, def.universe, &mut out)?;
            }
        } else {
            let what = if def.ty == OptionType::String { " (write `\\\\,` in JSON for a comma inside the text)" } else { "" };
            out.warnings.push((first.range.start..last.range.end, format!("Kea ignores values after the first {}{what}", fields.len())));
        }
    }
    Ok(out)
}

/// One csv value: its unescaped text and its trimmed range in the data.
struct Token {
    text: String,
    range: Range<usize>,
}

/// Split at unescaped commas, trim, drop empty values (as Kea does).
fn tokens(data: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut chars = data.char_indices().peekable();
    let push = |cur: &mut String, start: usize, end: usize, out: &mut Vec<Token>| {
        let raw = &data[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        let text = cur.trim().to_string();
        if !text.is_empty() {
            out.push(Token { text, range: start + lead..end - trail });
        }
        cur.clear();
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some((_, ',' | '\\'))) => {
                let (_, n) = chars.next().unwrap_or((i, c));
                cur.push(n);
            }
            ',' => {
                push(&mut cur, start, i, &mut out);
                start = i + 1;
            }
            _ => cur.push(c),
        }
    }
    push(&mut cur, start, data.len(), &mut out);
    out
}

/// Kea's integer syntax: optional sign, decimal or `0x` hex, then the type's range.
fn parse_int(ty: OptionType, s: &str) -> Result<i64, String> {
    let (lo, hi, _) = ty.int_range().unwrap_or((0, 0, 0));
    let range = || format!("`{s}` is not a number in {lo}..{hi}");
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if let Some(h) = body.strip_prefix("0x") {
        i64::from_str_radix(h, 16).map_err(|_| range())?
    } else if body.bytes().all(|b| b.is_ascii_digit()) && !body.is_empty() {
        body.parse::<i64>().map_err(|_| range())?
    } else if body.contains('.') && body.replace('.', "").bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{s}` is not an integer"));
    } else {
        return Err(range());
    };
    let v = if neg { -v } else { v };
    if v < lo || v > hi { Err(range()) } else { Ok(v) }
}

fn encode_field(ty: OptionType, t: &Token, u: Universe, out: &mut Encoded) -> Result<(), CodecError> {
    let s = t.text.as_str();
    let err = |m: String| CodecError::invalid(t.range.clone(), m);
    let b = &mut out.bytes;
    match ty {
        OptionType::Uint8 | OptionType::Uint16 | OptionType::Uint32 | OptionType::Int8 | OptionType::Int16 | OptionType::Int32 => {
            let v = parse_int(ty, s).map_err(err)?;
            let (_, _, width) = ty.int_range().unwrap_or((0, 0, 1));
            b.extend_from_slice(&(v as u32).to_be_bytes()[4 - width..]);
        }
        OptionType::Boolean => match s.to_ascii_lowercase().as_str() {
            "true" | "1" => b.push(1),
            "false" | "0" => b.push(0),
            _ => return Err(err(format!("`{s}` is not a boolean: write true, false, 1 or 0"))),
        },
        OptionType::Ipv4Address => match s.parse::<IpAddr>() {
            Ok(IpAddr::V4(a)) => b.extend_from_slice(&a.octets()),
            Ok(IpAddr::V6(a)) => {
                // Kea 2.2 accepts an IPv6 address here (verified: `::1` in an ipv4-address
                // option passes `kea-dhcp4 -t`) and writes 16 bytes.
                b.extend_from_slice(&a.octets());
                out.warnings.push((t.range.clone(), format!("`{s}` is an IPv6 address in an IPv4 address field")));
            }
            Err(_) => return Err(err(format!("`{s}` is not an IPv4 address"))),
        },
        OptionType::Ipv6Address => match s.parse::<Ipv6Addr>() {
            Ok(a) => b.extend_from_slice(&a.octets()),
            Err(_) => return Err(err(format!("`{s}` is not an IPv6 address"))),
        },
        OptionType::Ipv6Prefix => {
            let (a, l) = s.split_once('/').ok_or_else(|| err(format!("`{s}` is not a prefix: write it as 2001:db8::/48")))?;
            let addr: Ipv6Addr = a.trim().parse().map_err(|_| err(format!("`{}` is not an IPv6 address", a.trim())))?;
            let len: u8 = l.trim().parse().map_err(|_| err(format!("`{}` is not a prefix length", l.trim())))?;
            // Kea 2.2 accepts lengths above 128 (verified with /129); only the bytes that
            // exist are written.
            if len > 128 {
                out.warnings.push((t.range.clone(), format!("prefix length {len} is more than 128")));
            }
            b.push(len);
            let n = (len.min(128) as usize).div_ceil(8);
            b.extend_from_slice(&addr.octets()[..n]);
        }
        OptionType::Psid => {
            let (v, l) = s.split_once('/').ok_or_else(|| err(format!("`{s}` is not a PSID: write value/length, e.g. 3/4")))?;
            let v: u16 = v.trim().parse().map_err(|_| err(format!("`{}` is not a PSID value", v.trim())))?;
            let l: u8 = l.trim().parse().map_err(|_| err(format!("`{}` is not a PSID length", l.trim())))?;
            if l > 16 {
                return Err(err(format!("PSID length {l} is more than 16")));
            }
            if l > 0 && u32::from(v) >= 1u32 << l {
                return Err(err(format!("PSID {v} does not fit in {l} bits")));
            }
            // RFC 7598: PSID-len, then the PSID left-aligned in 16 bits.
            b.push(l);
            let wire = if l == 0 { 0 } else { ((u32::from(v)) << (16 - l)) as u16 };
            b.extend_from_slice(&wire.to_be_bytes());
        }
        OptionType::String => b.extend_from_slice(s.as_bytes()),
        OptionType::Tuple => {
            let n = s.len();
            match u {
                Universe::V4 if n <= 255 => b.push(n as u8),
                Universe::V6 if n <= 65535 => b.extend_from_slice(&(n as u16).to_be_bytes()),
                _ => return Err(err(format!("text of {n} bytes is too long for a tuple"))),
            }
            b.extend_from_slice(s.as_bytes());
        }
        OptionType::Fqdn => encode_fqdn(s, b).map_err(|(r, m)| CodecError::invalid(t.range.start + r.start..t.range.start + r.end, m))?,
        OptionType::Binary => {
            let v = parse_csv_binary(s, t.range.start)?;
            b.extend(v);
        }
        OptionType::Empty | OptionType::Record | OptionType::Internal => {
            return Err(err(format!("a {} value cannot be written here", ty.name())));
        }
    }
    Ok(())
}

/// Domain name in DNS wire form (RFC 1035 §3.1). Kea 2.2 accepts letters, digits, `-`
/// and `_` in labels (verified: `under_score.x` and `-a.b` pass; `a@b.c`, `a b.c`, `a..b`,
/// `.` and a 64-byte label are rejected); an optional final dot.
fn encode_fqdn(s: &str, out: &mut Vec<u8>) -> Result<(), (Range<usize>, String)> {
    let name = s.strip_suffix('.').unwrap_or(s);
    if name.is_empty() {
        return Err((0..s.len(), "a domain name needs at least one label".into()));
    }
    let start_len = out.len();
    let mut at = 0;
    for label in name.split('.') {
        let r = at..at + label.len();
        if label.is_empty() {
            return Err((at.saturating_sub(1)..at + 1, "empty label (two dots in a row)".into()));
        }
        if label.len() > 63 {
            return Err((r, format!("label of {} bytes; DNS allows at most 63", label.len())));
        }
        if let Some(i) = label.bytes().position(|c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'*')) {
            return Err((at + i..at + i + 1, format!("`{}` is not allowed in a domain name", &label[i..].chars().next().unwrap_or('?'))));
        }
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
        at += label.len() + 1;
    }
    out.push(0);
    if out.len() - start_len > 255 {
        return Err((0..s.len(), "domain name longer than 255 bytes in wire form".into()));
    }
    Ok(())
}

/// Why wire bytes do not fit a definition: byte offset and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub offset: usize,
    pub message: String,
}

/// Decode an option payload to canonical csv text: `decode(encode(x))` is the canonical
/// form of `x` and encodes to the same bytes. Values are joined with `, `.
pub fn decode(def: &OptionDef, bytes: &[u8]) -> Result<String, DecodeError> {
    if classless_routes(def) {
        return super::routes::decode(bytes);
    }
    if matches!(def.ty, OptionType::Empty | OptionType::Internal) {
        // Sub-options (or Kea-specific layout): nothing to render as csv.
        return Ok(String::new());
    }
    let mut r = Reader { b: bytes, at: 0, universe: def.universe };
    let fields = def.fields();
    let mut vals = Vec::new();
    if def.array && fields.len() == 1 {
        if bytes.is_empty() && !matches!(def.ty, OptionType::Ipv4Address | OptionType::Ipv6Address) {
            return Err(DecodeError { offset: 0, message: "an array needs at least one value".into() });
        }
        while r.at < bytes.len() {
            vals.push(r.field(def.ty, true)?);
        }
    } else {
        let n = fields.len();
        for (i, ty) in fields.iter().enumerate() {
            vals.push(r.field(*ty, i + 1 == n)?);
        }
        if def.array {
            let last = *fields.last().unwrap_or(&def.ty);
            while r.at < bytes.len() {
                vals.push(r.field(last, true)?);
            }
        }
    }
    Ok(vals.join(", "))
}

struct Reader<'b> {
    b: &'b [u8],
    at: usize,
    universe: Universe,
}

impl Reader<'_> {
    fn take(&mut self, n: usize, what: &str) -> Result<&[u8], DecodeError> {
        if self.at + n > self.b.len() {
            return Err(DecodeError {
                offset: self.at,
                message: format!("truncated {what}: {n} bytes needed, {} left", self.b.len() - self.at),
            });
        }
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }

    fn field(&mut self, ty: OptionType, last: bool) -> Result<String, DecodeError> {
        let start = self.at;
        Ok(match ty {
            OptionType::Uint8 | OptionType::Uint16 | OptionType::Uint32 | OptionType::Int8 | OptionType::Int16 | OptionType::Int32 => {
                let (lo, _, w) = ty.int_range().unwrap_or((0, 0, 1));
                let s = self.take(w, ty.name())?;
                let u = s.iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
                let v = if lo < 0 { (i64::from(u) << (64 - 8 * w)) >> (64 - 8 * w) } else { i64::from(u) };
                v.to_string()
            }
            // Kea reads any non-zero byte as true (verified: hex `02` passes).
            OptionType::Boolean => (self.take(1, "boolean")?[0] != 0).to_string(),
            OptionType::Ipv4Address => {
                let s = self.take(4, "IPv4 address")?;
                Ipv4Addr::new(s[0], s[1], s[2], s[3]).to_string()
            }
            OptionType::Ipv6Address => {
                let s: [u8; 16] = self.take(16, "IPv6 address")?.try_into().unwrap_or([0; 16]);
                Ipv6Addr::from(s).to_string()
            }
            OptionType::Ipv6Prefix => {
                let len = self.take(1, "prefix length")?[0];
                let n = (len.min(128) as usize).div_ceil(8);
                let mut a = [0u8; 16];
                a[..n].copy_from_slice(self.take(n, "prefix")?);
                format!("{}/{len}", Ipv6Addr::from(a))
            }
            OptionType::Psid => {
                let s = self.take(3, "PSID")?;
                let l = s[0];
                let v = u16::from_be_bytes([s[1], s[2]]);
                if l > 16 {
                    return Err(DecodeError { offset: start, message: format!("PSID length {l} is more than 16") });
                }
                let v = if l == 0 { 0 } else { v >> (16 - l) };
                format!("{v}/{l}")
            }
            OptionType::String => {
                let s = if last {
                    self.take(self.b.len() - self.at, "string")?
                } else {
                    return Err(DecodeError { offset: start, message: "a string must be the last field".into() });
                };
                // Kea drops trailing NULs and refuses a string that is empty after that.
                let t = &s[..s.iter().rposition(|c| *c != 0).map(|i| i + 1).unwrap_or(0)];
                if t.is_empty() {
                    return Err(DecodeError { offset: start, message: "empty string".into() });
                }
                escape(&String::from_utf8_lossy(t))
            }
            OptionType::Binary => {
                let s = if last {
                    self.take(self.b.len() - self.at, "binary")?
                } else {
                    return Err(DecodeError { offset: start, message: "binary must be the last field".into() });
                };
                s.iter().map(|c| format!("{c:02x}")).collect()
            }
            OptionType::Tuple => {
                let n = match self.universe {
                    Universe::V4 => usize::from(self.take(1, "tuple length")?[0]),
                    Universe::V6 => {
                        let s = self.take(2, "tuple length")?;
                        usize::from(u16::from_be_bytes([s[0], s[1]]))
                    }
                };
                escape(&String::from_utf8_lossy(self.take(n, "tuple")?))
            }
            OptionType::Fqdn => {
                let mut labels = Vec::new();
                loop {
                    let n = usize::from(self.take(1, "domain name")?[0]);
                    if n == 0 {
                        break;
                    }
                    if n > 63 {
                        return Err(DecodeError { offset: self.at - 1, message: "compressed or over-long label in a domain name".into() });
                    }
                    labels.push(String::from_utf8_lossy(self.take(n, "domain name label")?).into_owned());
                }
                if labels.is_empty() {
                    return Err(DecodeError { offset: start, message: "empty domain name".into() });
                }
                labels.join(".")
            }
            OptionType::Empty | OptionType::Record | OptionType::Internal => String::new(),
        })
    }
}

/// DHCPv4 option 121, the `internal` type the codec reads (`routes`).
fn classless_routes(def: &OptionDef) -> bool {
    def.ty == OptionType::Internal && def.universe == Universe::V4 && def.code == 121
}

/// Commas inside a value are escaped so the csv text splits the same way again.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(',', "\\,")
}
