//! Kea's memfile lease files (CSV), read and written exactly as Kea does (see the facts in
//! `leases/mod.rs`). Reading accepts the header of any Kea version (columns found by
//! name); writing uses the column set of the target version.

use super::{Lease4, Lease6, LeaseState, LeaseType6};
use crate::version::KeaVersion;
use std::collections::HashMap;
use std::fmt::Write as _;

pub const HEADER4_V2_2: &[&str] = &[
    "address",
    "hwaddr",
    "client_id",
    "valid_lifetime",
    "expire",
    "subnet_id",
    "fqdn_fwd",
    "fqdn_rev",
    "hostname",
    "state",
    "user_context",
];
pub const HEADER6_V2_2: &[&str] = &[
    "address",
    "duid",
    "valid_lifetime",
    "expire",
    "subnet_id",
    "pref_lifetime",
    "lease_type",
    "iaid",
    "prefix_len",
    "fqdn_fwd",
    "fqdn_rev",
    "hostname",
    "hwaddr",
    "state",
    "user_context",
    "hwtype",
    "hwaddr_source",
];

/// Whether the target version's files have the `pool_id` column (Kea 2.4 and later).
fn has_pool_id(v: KeaVersion) -> bool {
    v >= KeaVersion::V2_4
}

pub fn header4(v: KeaVersion) -> String {
    let mut h = HEADER4_V2_2.join(",");
    if has_pool_id(v) {
        h.push_str(",pool_id");
    }
    h
}

pub fn header6(v: KeaVersion) -> String {
    let mut h = HEADER6_V2_2.join(",");
    if has_pool_id(v) {
        h.push_str(",pool_id");
    }
    h
}

/// Colon-separated lower-case hex, as Kea writes identifiers. (By table: this runs per
/// lease and per reservation, and `{:02x}` costs ten times as much.)
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Dotted-quad text of an IPv4 address (as `Display`, without the formatting machinery).
pub fn ipv4_text(a: std::net::Ipv4Addr) -> String {
    let mut s = String::with_capacity(15);
    for (i, o) in a.octets().into_iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        if o >= 100 {
            s.push((b'0' + o / 100) as char);
        }
        if o >= 10 {
            s.push((b'0' + o / 10 % 10) as char);
        }
        s.push((b'0' + o % 10) as char);
    }
    s
}

/// Kea's escaping of text fields: a comma becomes `&#x2c`.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(',') { s.replace(',', "&#x2c").into() } else { s.into() }
}

pub fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if s.as_bytes().contains(&b'&') && s.contains("&#x") { s.replace("&#x2c", ",").into() } else { s.into() }
}

fn b(v: bool) -> &'static str {
    if v { "1" } else { "0" }
}

/// One DHCPv4 record line (without the newline).
pub fn line4(l: &Lease4, v: KeaVersion) -> String {
    let mut b = Vec::with_capacity(128);
    push_line4(&mut b, l, v);
    b.pop();
    String::from_utf8(b).unwrap_or_default()
}

/// Appends one DHCPv4 record line and its newline to `out` (serve's journal: no String per
/// field or line).
pub fn push_line4(out: &mut Vec<u8>, l: &Lease4, v: KeaVersion) {
    use std::io::Write as _;
    if let Some(a) = l.address {
        let o = a.octets();
        let _ = write!(out, "{}.{}.{}.{}", o[0], o[1], o[2], o[3]);
    }
    out.push(b',');
    push_hex(out, &l.hwaddr);
    out.push(b',');
    push_hex(out, &l.client_id);
    let _ = write!(out, ",{},{},{},{},{},", l.valid_lifetime, l.expire, l.subnet_id, b(l.fqdn_fwd), b(l.fqdn_rev));
    push_escaped(out, &l.hostname);
    let _ = write!(out, ",{},", l.state.code());
    push_escaped(out, &l.user_context);
    if has_pool_id(v) {
        let _ = write!(out, ",{}", l.pool_id);
    }
    out.push(b'\n');
}

fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const D: &[u8; 16] = b"0123456789abcdef";
    for (i, &x) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(b':');
        }
        out.push(D[(x >> 4) as usize]);
        out.push(D[(x & 15) as usize]);
    }
}

fn push_escaped(out: &mut Vec<u8>, s: &str) {
    for &c in s.as_bytes() {
        if c == b',' {
            out.extend_from_slice(b"&#x2c");
        } else {
            out.push(c);
        }
    }
}

/// One DHCPv6 record line (without the newline).
pub fn line6(l: &Lease6, v: KeaVersion) -> String {
    let mut s = String::with_capacity(128);
    let _ = write!(
        s,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        l.address.map(|a| a.to_string()).unwrap_or_default(),
        hex(&l.duid),
        l.valid_lifetime,
        l.expire,
        l.subnet_id,
        l.pref_lifetime,
        l.lease_type.code(),
        l.iaid,
        l.prefix_len,
        b(l.fqdn_fwd),
        b(l.fqdn_rev),
        escape(&l.hostname),
        hex(&l.hwaddr),
        l.state.code(),
        escape(&l.user_context),
        l.hwtype,
        l.hwaddr_source,
    );
    if has_pool_id(v) {
        let _ = write!(s, ",{}", l.pool_id);
    }
    s
}

/// A whole file: header, then one line per lease.
pub fn write4<'a>(leases: impl IntoIterator<Item = &'a Lease4>, v: KeaVersion) -> String {
    file(header4(v), leases.into_iter().map(|l| line4(l, v)))
}

pub fn write6<'a>(leases: impl IntoIterator<Item = &'a Lease6>, v: KeaVersion) -> String {
    file(header6(v), leases.into_iter().map(|l| line6(l, v)))
}

fn file(header: String, lines: impl Iterator<Item = String>) -> String {
    let mut out = header;
    out.push('\n');
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// A problem in a lease file: the 1-based line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Column positions by name, from the header line.
struct Columns(HashMap<String, usize>);

impl Columns {
    fn new(header: &str, required: &[&str]) -> Result<Columns, CsvError> {
        let map: HashMap<String, usize> = header.trim_end().split(',').enumerate().map(|(i, c)| (c.trim().to_string(), i)).collect();
        for r in required {
            if !map.contains_key(*r) {
                return Err(CsvError { line: 1, message: format!("the header has no `{r}` column") });
            }
        }
        Ok(Columns(map))
    }
    fn get<'a>(&self, fields: &[&'a str], name: &str) -> &'a str {
        self.0.get(name).and_then(|&i| fields.get(i)).copied().unwrap_or("")
    }
}

/// The data lines of a lease file, each with its 1-based line number and its fields, after
/// the header was read into column positions (with these columns required).
fn records<'t>(text: &'t str, required: &[&str]) -> Result<(Columns, impl Iterator<Item = (usize, Vec<&'t str>)>), CsvError> {
    let mut lines = text.lines();
    let header = lines.next().ok_or(CsvError { line: 1, message: "empty file: no header".into() })?;
    let cols = Columns::new(header, required)?;
    let rows = lines.enumerate().filter(|(_, raw)| !raw.trim().is_empty()).map(|(i, raw)| (i + 2, raw.split(',').collect()));
    Ok((cols, rows))
}

fn address<T: std::str::FromStr>(s: &str, line: usize) -> Result<T, CsvError> {
    s.parse().map_err(|_| CsvError { line, message: format!("bad address `{s}`") })
}

/// A hex column as Kea's lease file reader takes it (verified by starting kea-dhcp4 and
/// kea-dhcp6 2.2 on hand-edited files and reading which rows they discard): Kea's formatted
/// hex (`01:02`, `01 02`, `0x0102`, `102`), never a quoted string, nothing trimmed
/// (`' 01:02'`, `01-02` and `'ab'` are discarded). The v4 file's `hwaddr` is stricter, see
/// `colon_hex`.
fn parse_hex(s: &str, line: usize, what: &str) -> Result<Vec<u8>, CsvError> {
    let mut out = Vec::new();
    if !s.is_empty() {
        crate::options::hex::decode_formatted_into(s, &mut out)
            .map_err(|(_, e)| CsvError { line, message: format!("bad {what} `{s}`: {e}") })?;
    }
    Ok(out)
}

/// The v4 file's `hwaddr`: bytes of one or two hex digits separated by colons, nothing else
/// (kea-dhcp4 2.2 discards `000102030405` and `00 01 02`, which its v6 file takes).
fn colon_hex(s: &str, line: usize) -> Result<Vec<u8>, CsvError> {
    if s.contains(' ') || s.starts_with("0x") || (!s.contains(':') && s.len() > 2) {
        return Err(CsvError { line, message: format!("bad hwaddr `{s}`: not colon-separated hex bytes") });
    }
    parse_hex(s, line, "hwaddr")
}

fn num<T: std::str::FromStr>(s: &str, line: usize, what: &str) -> Result<T, CsvError> {
    if s.is_empty() {
        return "0".parse().map_err(|_| CsvError { line, message: format!("empty {what}") });
    }
    s.parse().map_err(|_| CsvError { line, message: format!("bad {what} `{s}`") })
}

fn flag(s: &str, line: usize, what: &str) -> Result<bool, CsvError> {
    match s {
        "0" | "" => Ok(false),
        "1" => Ok(true),
        _ => Err(CsvError { line, message: format!("bad {what} `{s}` (expected 0 or 1)") }),
    }
}

/// Read a DHCPv4 lease file. Returns every record in file order (a journal: callers that
/// want the current state use `current4`).
pub fn read4(text: &str) -> Result<Vec<Lease4>, CsvError> {
    let mut out = Vec::new();
    for_each4(text, 1, |l| out.push(l))?;
    Ok(out)
}

/// What a column of a v4 file holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col4 {
    Address,
    Hwaddr,
    ClientId,
    Valid,
    Expire,
    Subnet,
    FqdnFwd,
    FqdnRev,
    Hostname,
    State,
    UserContext,
    PoolId,
    Other,
}

/// The v4 header read into one kind per column position.
struct Header4(Vec<Col4>);

impl Header4 {
    fn new(header: &str) -> Result<Header4, CsvError> {
        let cols: Vec<Col4> = header
            .trim_end()
            .split(',')
            .map(|c| match c.trim() {
                "address" => Col4::Address,
                "hwaddr" => Col4::Hwaddr,
                "client_id" => Col4::ClientId,
                "valid_lifetime" => Col4::Valid,
                "expire" => Col4::Expire,
                "subnet_id" => Col4::Subnet,
                "fqdn_fwd" => Col4::FqdnFwd,
                "fqdn_rev" => Col4::FqdnRev,
                "hostname" => Col4::Hostname,
                "state" => Col4::State,
                "user_context" => Col4::UserContext,
                "pool_id" => Col4::PoolId,
                _ => Col4::Other,
            })
            .collect();
        for (k, name) in
            [(Col4::Address, "address"), (Col4::Valid, "valid_lifetime"), (Col4::Expire, "expire"), (Col4::Subnet, "subnet_id")]
        {
            if !cols.contains(&k) {
                return Err(CsvError { line: 1, message: format!("the header has no `{name}` column") });
            }
        }
        Ok(Header4(cols))
    }

    /// The data lines of `text` (whose first line is line `first`) in one pass over the
    /// bytes: fields are cut at commas and lines at newlines as they come, numbers, addresses
    /// and hex parsed by hand (the general parsers are the fallback for anything unusual, so
    /// what is accepted is unchanged). Blank lines are skipped; the first occurrence of a
    /// column wins. Returns the number of newlines passed.
    ///
    /// A bad row is the error, or, given `discarded`, is put there and skipped (Kea's
    /// loader: it discards the row and goes on).
    fn parse_chunk(
        &self,
        text: &str,
        first: usize,
        f: &mut impl FnMut(Lease4),
        mut discarded: Option<&mut Vec<CsvError>>,
    ) -> Result<usize, CsvError> {
        let b = text.as_bytes();
        let mut line = first;
        let mut i = 0;
        while i < b.len() {
            let end = match self.row(text, i, line) {
                Ok((lease, end)) => {
                    if let Some(l) = lease {
                        f(l);
                    }
                    end
                }
                Err(e) => match discarded.as_deref_mut() {
                    Some(d) => {
                        d.push(e);
                        memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n)
                    }
                    None => return Err(e),
                },
            };
            i = end + 1;
            if end < b.len() {
                line += 1;
            }
        }
        Ok(line - first)
    }

    /// The row starting at byte `i` of `text` (line `line`): its lease (`None` for a blank
    /// line) and the position of its newline (or the end of the text).
    fn row(&self, text: &str, mut i: usize, line: usize) -> Result<(Option<Lease4>, usize), CsvError> {
        let b = text.as_bytes();
        let mut l = Lease4::default();
        let mut seen = 0u32;
        let mut addr: Option<&str> = None;
        let mut col = 0;
        let mut blank = true;
        let end;
        loop {
            let j = next_delim(b, i);
            let c = if j < b.len() { b[j] } else { b'\n' };
            let mut field = &text[i..j];
            if c == b'\n' {
                field = field.strip_suffix('\r').unwrap_or(field);
            }
            if c == b',' || col > 0 || !field.trim().is_empty() {
                blank = false;
            }
            if let Some(&k) = self.0.get(col) {
                let bit = 1u32 << (k as u32);
                if k != Col4::Other && seen & bit == 0 {
                    seen |= bit;
                    match k {
                        Col4::Address => addr = Some(field),
                        Col4::Hwaddr => l.hwaddr = fast_hex(field, line, "hwaddr", |s, line, _| colon_hex(s, line))?,
                        Col4::ClientId => l.client_id = fast_hex(field, line, "client_id", parse_hex)?,
                        Col4::Valid => l.valid_lifetime = fast_num(field, line, "valid_lifetime")?,
                        Col4::Expire => l.expire = fast_num(field, line, "expire")?,
                        Col4::Subnet => l.subnet_id = fast_num(field, line, "subnet_id")?,
                        Col4::FqdnFwd => l.fqdn_fwd = flag(field, line, "fqdn_fwd")?,
                        Col4::FqdnRev => l.fqdn_rev = flag(field, line, "fqdn_rev")?,
                        Col4::Hostname => l.hostname = unescape(field).into_owned(),
                        Col4::State => l.state = LeaseState::from_code(fast_num(field, line, "state")?),
                        Col4::UserContext => l.user_context = unescape(field).into_owned(),
                        Col4::PoolId => l.pool_id = fast_num(field, line, "pool_id")?,
                        Col4::Other => {}
                    }
                }
            }
            col += 1;
            if c == b'\n' {
                end = j;
                break;
            }
            i = j + 1;
        }
        if blank {
            return Ok((None, end));
        }
        // A row cut short (a write cut off by a crash) is not a lease with empty fields: its
        // zero lifetime would delete the address's lease. kea-dhcp4 2.2 discards such a row
        // ("value index '2' of the CSV row is out of bounds"); more columns than the header
        // are taken.
        if col < self.0.len() {
            return Err(CsvError { line, message: format!("{col} column(s), the header has {}", self.0.len()) });
        }
        l.address = Some(fast_ipv4(addr.unwrap_or(""), line)?);
        Ok((Some(l), end))
    }
}

/// The position of the next comma or newline at or after `i` (`b.len()` if none), eight
/// bytes at a time: for each byte, `x - 1` borrows into the top bit only where `x` is 0
/// (the lowest flagged byte is always a real match).
#[inline]
fn next_delim(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    while i + 8 <= b.len() {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        let x = w ^ (LO * b',' as u64);
        let y = w ^ (LO * b'\n' as u64);
        let m = ((x.wrapping_sub(LO) & !x) | (y.wrapping_sub(LO) & !y)) & HI;
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] != b',' && b[i] != b'\n' {
        i += 1;
    }
    i
}

/// A dotted quad in canonical form by hand; anything else through the standard parser.
fn fast_ipv4(s: &str, line: usize) -> Result<std::net::Ipv4Addr, CsvError> {
    let mut o = [0u8; 4];
    let mut k = 0;
    let mut acc: u32 = 0;
    let mut digits = 0;
    let mut lead_zero = false;
    for &c in s.as_bytes() {
        match c {
            b'0'..=b'9' if digits < 3 => {
                if digits == 1 && acc == 0 {
                    lead_zero = true;
                }
                acc = acc * 10 + (c - b'0') as u32;
                digits += 1;
            }
            b'.' if digits > 0 && k < 3 && acc <= 255 => {
                o[k] = acc as u8;
                k += 1;
                acc = 0;
                digits = 0;
            }
            _ => return address(s, line),
        }
    }
    if k != 3 || digits == 0 || acc > 255 || lead_zero {
        return address(s, line);
    }
    o[3] = acc as u8;
    Ok(std::net::Ipv4Addr::from(o))
}

/// Up to 19 plain digits by hand; anything else (signs, overflow) through `num`.
fn fast_num<T: TryFrom<u64> + std::str::FromStr>(s: &str, line: usize, what: &str) -> Result<T, CsvError> {
    let b = s.as_bytes();
    if !b.is_empty() && b.len() <= 19 && b.iter().all(u8::is_ascii_digit) {
        let v = b.iter().fold(0u64, |a, &c| a * 10 + (c - b'0') as u64);
        if let Ok(v) = T::try_from(v) {
            return Ok(v);
        }
    }
    num(s, line, what)
}

/// Colon-separated two-digit hex (what Kea writes) without going through the general
/// identifier parser; anything else falls back to `general`.
fn fast_hex(s: &str, line: usize, what: &str, general: fn(&str, usize, &str) -> Result<Vec<u8>, CsvError>) -> Result<Vec<u8>, CsvError> {
    use crate::model::addr::HEX_DIGIT as DIGIT;
    let b = s.as_bytes();
    if b.len() % 3 == 2 {
        let n = b.len() / 3 + 1;
        let mut out = Vec::with_capacity(n);
        let mut ok = true;
        for k in 0..n {
            let (h, l) = (DIGIT[b[3 * k] as usize], DIGIT[b[3 * k + 1] as usize]);
            if (h | l) & 0xf0 != 0 || (k + 1 < n && b[3 * k + 2] != b':') {
                ok = false;
                break;
            }
            out.push(h << 4 | l);
        }
        if ok {
            return Ok(out);
        }
    }
    general(s, line, what)
}

/// Parses a DHCPv4 lease file and calls `f` with every record in file order, on the calling
/// thread. With `threads` > 1 and a large file, the data lines are cut into chunks (at line
/// boundaries) parsed on scoped threads while the caller consumes the earlier chunks, so
/// parsing overlaps with whatever `f` does (serve builds its index there). Errors name the
/// first bad line of the file.
pub fn for_each4(text: &str, threads: usize, mut f: impl FnMut(Lease4)) -> Result<(), CsvError> {
    let (header, body) = match text.find('\n') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    if header.trim().is_empty() && body.is_empty() {
        return Err(CsvError { line: 1, message: "empty file: no header".into() });
    }
    let h = Header4::new(header)?;
    body4(&h, body, 2, threads, &mut f, None).map(|_| ())
}

/// What `load4_file` saw of the file besides the leases.
pub struct FileInfo4 {
    /// The first line, as written.
    pub header: String,
    pub ends_with_newline: bool,
    /// Rows that could not be read, skipped (Kea discards them too), in file order.
    pub discarded: Vec<CsvError>,
}

#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    Csv(CsvError),
}

/// `for_each4` over a file read in segments of 16 MiB (cut at line ends), so that a big lease
/// file is never in memory whole, as a server loads it: a bad row is skipped and listed in
/// `FileInfo4::discarded`. `Ok(None)`: the file is empty (or only white space).
pub fn load4_file(path: &std::path::Path, threads: usize, f: impl FnMut(Lease4)) -> Result<Option<FileInfo4>, LoadError> {
    let mut discarded = Vec::new();
    let info = load4_segments(path, threads, 16 << 20, f, Some(&mut discarded))?;
    Ok(info.map(|i| FileInfo4 { discarded, ..i }))
}

/// `load4_file` in segments of `seg_size`; bad rows are the error, or, given `discarded`,
/// skipped and listed there.
fn load4_segments(
    path: &std::path::Path,
    threads: usize,
    seg_size: usize,
    mut f: impl FnMut(Lease4),
    mut discarded: Option<&mut Vec<CsvError>>,
) -> Result<Option<FileInfo4>, LoadError> {
    use std::io::Read;
    let seg_size = seg_size.max(1);
    let mut file = std::fs::File::open(path).map_err(LoadError::Io)?;
    let mut buf: Vec<u8> = Vec::new();
    let mut want = seg_size;
    let mut eof = false;
    // Line number of the first line in `buf`.
    let mut line = 1;
    let mut header: Option<(Header4, String)> = None;
    let mut last = None;
    loop {
        while buf.len() < want && !eof {
            let n = (&mut file).take((want - buf.len()) as u64).read_to_end(&mut buf).map_err(LoadError::Io)?;
            eof = n == 0;
        }
        if buf.is_empty() {
            break;
        }
        let cut = match (eof, buf.iter().rposition(|&c| c == b'\n')) {
            (true, _) => buf.len(),
            (false, Some(p)) => p + 1,
            (false, None) => {
                want += seg_size;
                continue;
            }
        };
        let seg = std::str::from_utf8(&buf[..cut]).map_err(|e| {
            let at = line + buf[..e.valid_up_to()].iter().filter(|&&c| c == b'\n').count();
            LoadError::Csv(CsvError { line: at, message: "not UTF-8 text".into() })
        })?;
        let mut body = seg;
        let mut first = line;
        if header.is_none() {
            if eof && seg.trim().is_empty() {
                return Ok(None);
            }
            let (h, rest) = match seg.find('\n') {
                Some(i) => (&seg[..i], &seg[i + 1..]),
                None => (seg, ""),
            };
            header = Some((Header4::new(h).map_err(LoadError::Csv)?, h.to_string()));
            body = rest;
            first += 1;
        }
        let h = &header.as_ref().expect("set above").0;
        line = first + body4(h, body, first, threads, &mut f, discarded.as_deref_mut()).map_err(LoadError::Csv)?;
        last = seg.as_bytes().last().copied();
        buf.drain(..cut);
        want = seg_size;
    }
    Ok(header.map(|(_, header)| FileInfo4 { header, ends_with_newline: last == Some(b'\n'), discarded: Vec::new() }))
}

/// The data lines of a file part whose first line is line `first`, parsed on up to `threads`
/// threads (parts over 2 MiB), handed to `f` in order on the calling thread. Returns the
/// number of newlines in `body`. Bad rows: the first is the error, or, given `discarded`,
/// each is put there (in file order) and skipped.
fn body4(
    h: &Header4,
    body: &str,
    first: usize,
    threads: usize,
    f: &mut impl FnMut(Lease4),
    mut discarded: Option<&mut Vec<CsvError>>,
) -> Result<usize, CsvError> {
    const CHUNK: usize = 1 << 20;
    if threads <= 1 || body.len() < 2 * CHUNK {
        return h.parse_chunk(body, first, f, discarded);
    }
    // Chunks of about CHUNK bytes ending at a newline.
    let mut bounds = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let mut end = (at + CHUNK).min(body.len());
        if end < body.len() {
            end = body[end..].find('\n').map_or(body.len(), |p| end + p + 1);
        }
        bounds.push((at, end));
        at = end;
    }
    let tolerant = discarded.is_some();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicBool::new(false);
    /// A parsed chunk: its leases, its newlines, its discarded rows (lines relative to it).
    type Parsed = (Vec<Lease4>, usize, Vec<CsvError>);
    // Bounded: parsing must not run ahead of the consumer by more than a few chunks.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<Parsed, (usize, CsvError)>)>(threads);
    std::thread::scope(|s| {
        for _ in 0..threads.min(bounds.len()) {
            let tx = tx.clone();
            let (next, failed, bounds, h) = (&next, &failed, &bounds, &h);
            s.spawn(move || {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if k >= bounds.len() || failed.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    let chunk = &body[bounds[k].0..bounds[k].1];
                    let mut out = Vec::with_capacity(chunk.len() / 64);
                    let mut bad = Vec::new();
                    // Line numbers relative to the chunk; made absolute by the consumer.
                    let r = h.parse_chunk(chunk, 0, &mut |l| out.push(l), tolerant.then_some(&mut bad));
                    let r = match r {
                        Ok(n) => Ok((out, n, bad)),
                        Err(e) => {
                            failed.store(true, std::sync::atomic::Ordering::Relaxed);
                            Err((k, e))
                        }
                    };
                    if tx.send((k, r)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // Consume in file order; chunks that arrive early wait in `pending`.
        // Chunks are claimed in order and a claimed chunk is always finished, so every chunk
        // before a failing one arrives too: the error reported is the file's first.
        let mut pending: std::collections::BTreeMap<usize, (Vec<Lease4>, usize, Vec<CsvError>)> = Default::default();
        let mut want = 0;
        // Newlines of the chunks consumed so far.
        let mut lines = 0;
        let mut first_err: Option<(usize, CsvError)> = None;
        for (k, r) in rx {
            match r {
                Ok(parsed) => {
                    pending.insert(k, parsed);
                }
                Err((k, e)) => {
                    if first_err.as_ref().is_none_or(|(j, _)| k < *j) {
                        first_err = Some((k, e));
                    }
                }
            }
            if first_err.is_none() {
                while let Some((v, n, bad)) = pending.remove(&want) {
                    v.into_iter().for_each(&mut *f);
                    if let Some(d) = discarded.as_deref_mut() {
                        d.extend(bad.into_iter().map(|e| CsvError { line: first + lines + e.line, message: e.message }));
                    }
                    lines += n;
                    want += 1;
                }
            }
        }
        match first_err {
            Some((k, e)) => {
                let line = first + body[..bounds[k].0].bytes().filter(|&c| c == b'\n').count() + e.line;
                Err(CsvError { line, message: e.message })
            }
            None => Ok(lines),
        }
    })
}

/// Read a DHCPv6 lease file (every record, in file order).
pub fn read6(text: &str) -> Result<Vec<Lease6>, CsvError> {
    let (cols, rows) = records(text, &["address", "duid", "valid_lifetime", "expire", "subnet_id", "lease_type", "iaid"])?;
    let mut out = Vec::new();
    for (line, f) in rows {
        let g = |n: &str| cols.get(&f, n);
        let lt: u8 = num(g("lease_type"), line, "lease_type")?;
        out.push(Lease6 {
            address: Some(address(g("address"), line)?),
            duid: parse_hex(g("duid"), line, "duid")?,
            valid_lifetime: num(g("valid_lifetime"), line, "valid_lifetime")?,
            expire: num(g("expire"), line, "expire")?,
            subnet_id: num(g("subnet_id"), line, "subnet_id")?,
            pref_lifetime: num(g("pref_lifetime"), line, "pref_lifetime")?,
            lease_type: LeaseType6::from_code(lt).ok_or(CsvError { line, message: format!("bad lease_type `{lt}`") })?,
            iaid: num(g("iaid"), line, "iaid")?,
            prefix_len: num(g("prefix_len"), line, "prefix_len")?,
            fqdn_fwd: flag(g("fqdn_fwd"), line, "fqdn_fwd")?,
            fqdn_rev: flag(g("fqdn_rev"), line, "fqdn_rev")?,
            hostname: unescape(g("hostname")).into_owned(),
            hwaddr: parse_hex(g("hwaddr"), line, "hwaddr")?,
            state: LeaseState::from_code(num(g("state"), line, "state")?),
            user_context: unescape(g("user_context")).into_owned(),
            hwtype: num(g("hwtype"), line, "hwtype")?,
            hwaddr_source: num(g("hwaddr_source"), line, "hwaddr_source")?,
            pool_id: num(g("pool_id"), line, "pool_id")?,
        });
    }
    Ok(out)
}

/// The current leases of a journal, as Kea loads it: the last record per address wins and
/// a record with valid lifetime 0 (a deletion) removes the address. File order is kept.
pub fn current4(records: Vec<Lease4>) -> Vec<Lease4> {
    let mut last: HashMap<std::net::Ipv4Addr, usize> = HashMap::new();
    for (i, l) in records.iter().enumerate() {
        if let Some(a) = l.address {
            last.insert(a, i);
        }
    }
    records
        .into_iter()
        .enumerate()
        .filter(|(i, l)| l.address.is_some_and(|a| last[&a] == *i) && l.valid_lifetime != 0)
        .map(|(_, l)| l)
        .collect()
}

pub fn current6(records: Vec<Lease6>) -> Vec<Lease6> {
    let mut last: HashMap<(std::net::Ipv6Addr, u8), usize> = HashMap::new();
    for (i, l) in records.iter().enumerate() {
        if let Some(a) = l.address {
            last.insert((a, l.lease_type.code()), i);
        }
    }
    records
        .into_iter()
        .enumerate()
        .filter(|(i, l)| l.address.is_some_and(|a| last[&(a, l.lease_type.code())] == *i) && l.valid_lifetime != 0)
        .map(|(_, l)| l)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_and_ipv4_text_match_the_formatter() {
        for a in [[0u8, 0, 0, 0], [255, 255, 255, 255], [10, 0, 99, 100], [1, 20, 109, 250]] {
            let ip = std::net::Ipv4Addr::from(a);
            assert_eq!(super::ipv4_text(ip), ip.to_string());
            assert_eq!(super::hex(&a), a.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":"));
        }
        assert_eq!(super::hex(&[]), "");
    }

    use super::*;

    /// Written by kea-dhcp4 2.2 after `lease4-add` (hostname "a,b") and `lease4-del`.
    const KEA22_V4: &str = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context\n\
10.0.0.5,1a:1b:1c:1d:1e:1f,,7200,1795441099,1,0,0,a&#x2cb,0,\n\
10.0.0.5,1a:1b:1c:1d:1e:1f,,0,1795433899,1,0,0,a&#x2cb,0,\n";

    /// Written by kea-dhcp4 2.2 after `lease4-add` with a client-id and user-context.
    const KEA22_V4_CTX: &str = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context\n\
10.0.0.5,1a:1b:1c:1d:1e:1f,01:02:03,7200,1795441069,1,0,0,x.example.org,0,{ \"a\": \"b&#x2cc\" }\n";

    #[test]
    fn reads_kea_files_and_writes_them_back_byte_for_byte() {
        let all = read4(KEA22_V4).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].hostname, "a,b");
        assert_eq!(all[0].hwaddr, vec![0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f]);
        assert_eq!(write4(&all, KeaVersion::V2_2), KEA22_V4);
        // The deletion record removes the lease.
        assert!(current4(all).is_empty());

        let l = read4(KEA22_V4_CTX).unwrap();
        assert_eq!(l[0].client_id, vec![1, 2, 3]);
        assert_eq!(l[0].user_context, "{ \"a\": \"b,c\" }");
        assert_eq!(write4(&l, KeaVersion::V2_2), KEA22_V4_CTX);
    }

    /// A journal of `n` records (some replaced, some deleted, host names with commas, one
    /// blank line, CRLF on some lines).
    fn journal(n: u32) -> String {
        let mut t = format!("{}\n", header4(KeaVersion::V2_2));
        for i in 0..n {
            let a = std::net::Ipv4Addr::from(0x0a00_0000 + i % (n / 2 + 1));
            let host = if i % 7 == 0 { format!("h&#x2c{i}") } else { String::new() };
            let eol = if i % 5 == 0 { "\r\n" } else { "\n" };
            let valid = if i % 11 == 0 { 0 } else { 3600 };
            t.push_str(&format!(
                "{a},02:00:00:00:{:02x}:{:02x},,{valid},{},1,0,0,{host},0,{eol}",
                i >> 8 & 255,
                i & 255,
                1_700_000_000 + i
            ));
            if i == n / 3 {
                t.push('\n');
            }
        }
        t
    }

    #[test]
    fn parallel_and_segmented_reading_agree_with_the_sequential_reader() {
        let text = journal(120_000); // over 2 chunks of 1 MiB: the parallel path
        assert!(text.len() > 5 << 20);
        let seq = read4(&text).unwrap();
        assert_eq!(seq.len(), 120_000);
        assert_eq!(seq[7].hostname, "h,7");
        let mut par = Vec::new();
        for_each4(&text, 3, |l| par.push(l)).unwrap();
        assert_eq!(par, seq);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.csv");
        std::fs::write(&p, &text).unwrap();
        for seg in [1000, 3 << 20] {
            let mut v = Vec::new();
            let info = load4_segments(&p, 2, seg, |l| v.push(l), None).unwrap().unwrap();
            assert_eq!(v, seq, "segments of {seg}");
            assert_eq!(info.header, header4(KeaVersion::V2_2));
            assert!(info.ends_with_newline);
        }
        // An error deep in the file names its line, on every path.
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let bad_line = 100_001;
        lines[bad_line - 1] = "10.0.0.300,,,1,1,1,0,0,,0,\n";
        let bad = lines.concat();
        assert_eq!(read4(&bad).unwrap_err().line, bad_line);
        assert_eq!(for_each4(&bad, 4, |_| {}).unwrap_err().line, bad_line);
        std::fs::write(&p, &bad).unwrap();
        match load4_segments(&p, 2, 4096, |_| {}, None) {
            Err(LoadError::Csv(e)) => assert_eq!((e.line, e.message.as_str()), (bad_line, "bad address `10.0.0.300`")),
            _ => panic!("expected a CSV error"),
        }
        std::fs::write(&p, " \n").unwrap();
        assert!(load4_segments(&p, 2, 4096, |_| {}, None).unwrap().is_none());
    }

    /// As a server loads a file (Kea's loader: a bad row is discarded, the rest loaded):
    /// every other row, on every path (sequential, chunks on threads, segments), and the bad
    /// rows listed with their lines. A row cut short is bad, not a lease with a zero lifetime.
    #[test]
    fn a_server_load_skips_bad_rows_and_names_them() {
        let text = journal(120_000);
        let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
        let bad = [2, 5_000, 60_001, 100_001, lines.len()];
        lines[bad[0] - 1] = "10.0.0.300,,,1,1,1,0,0,,0,\n".into();
        lines[bad[1] - 1] = "10.0.0.1,zz,,1,1,1,0,0,,0,\n".into();
        lines[bad[2] - 1] = "10.0.0.2,02:00:00:00:00:01\n".into();
        lines[bad[3] - 1] = "10.0.0.3,,,99999999999,1,1,0,0,,0,\r\n".into();
        // The last line cut off mid-write, without its newline.
        lines[bad[4] - 1] = "10.0.0.4,02:00:00:00:0".into();
        let damaged = lines.concat();
        let kept: Vec<Lease4> = {
            let good: String = lines.iter().enumerate().filter(|(i, _)| !bad.contains(&(i + 1))).map(|(_, l)| l.as_str()).collect();
            read4(&good).unwrap()
        };
        assert_eq!(kept.len(), 120_000 - bad.len(), "every bad line is left out");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.csv");
        std::fs::write(&p, &damaged).unwrap();
        for (threads, seg) in [(1, 16 << 20), (3, 16 << 20), (2, 4096), (2, 3 << 20)] {
            let mut v = Vec::new();
            let mut d = Vec::new();
            let info = load4_segments(&p, threads, seg, |l| v.push(l), Some(&mut d)).unwrap().unwrap();
            assert_eq!(v, kept, "{threads} threads, segments of {seg}");
            assert_eq!(d.iter().map(|e| e.line).collect::<Vec<_>>(), bad, "{threads} threads, segments of {seg}");
            assert!(!info.ends_with_newline);
        }
        let mut v = Vec::new();
        let info = load4_file(&p, 2, |l| v.push(l)).unwrap().unwrap();
        assert_eq!(v.len(), kept.len());
        assert_eq!(info.discarded.iter().map(|e| e.line).collect::<Vec<_>>(), bad);
        assert!(info.discarded[2].message.contains("column"), "{}", info.discarded[2].message);
        // Strict readers still stop at the first.
        assert_eq!(read4(&damaged).unwrap_err().line, bad[0]);
    }

    #[test]
    fn fast_paths_fall_back_to_the_general_parsers() {
        let h = header4(KeaVersion::V2_2);
        // Upper-case and one-digit hex, a `+` sign, an address with a leading zero (refused).
        let l = read4(&format!("{h}\n10.0.0.1,0A:b:0c,01 02,+5,7,1,0,0,,0,\n")).unwrap();
        assert_eq!((l[0].hwaddr.clone(), l[0].client_id.clone(), l[0].valid_lifetime), (vec![10, 11, 12], vec![1, 2], 5));
        assert_eq!(read4(&format!("{h}\n10.0.0.1,0a,0x102,1,1,1,0,0,,0,\n")).unwrap()[0].client_id, vec![1, 2]);
        // What kea-dhcp4 2.2 discards when it loads the file.
        for (hw, id) in [
            ("00-01-02", ""),
            ("000102030405", ""),
            ("00 01 02", ""),
            ("00:01:", ""),
            ("00:01", "01-02"),
            ("00:01", "'ab'"),
            ("00:01", " 01:02"),
        ] {
            assert!(read4(&format!("{h}\n10.0.0.1,{hw},{id},1,1,1,0,0,,0,\n")).is_err(), "{hw} {id}");
        }
        assert!(read4(&format!("{h}\n010.0.0.1,,,1,1,1,0,0,,0,\n")).is_err());
        assert!(read4(&format!("{h}\n10.0.0.1,,,99999999999,1,1,0,0,,0,\n")).unwrap_err().message.contains("valid_lifetime"));
        assert!(read4(&format!("{h}\n10.0.0.1,zz,,1,1,1,0,0,,0,\n")).unwrap_err().message.contains("hwaddr"));
    }

    #[test]
    fn pool_id_column_from_2_4() {
        assert!(header4(KeaVersion::V2_2).ends_with("user_context"));
        assert!(header4(KeaVersion::V3_0).ends_with("user_context,pool_id"));
        assert!(header6(KeaVersion::V2_6).ends_with("hwaddr_source,pool_id"));
        // A 2.4+ file read by column name.
        let t = format!("{}\n10.0.0.9,,,100,200,3,0,0,,0,,7\n", header4(KeaVersion::V3_0));
        let l = read4(&t).unwrap();
        assert_eq!((l[0].subnet_id, l[0].pool_id), (3, 7));
    }

    #[test]
    fn v6_round_trip_and_errors() {
        let l = Lease6 {
            address: Some("2001:db8:1::".parse().unwrap()),
            duid: vec![1, 2, 3, 4],
            valid_lifetime: 4000,
            expire: 1_800_000_000,
            subnet_id: 1,
            pref_lifetime: 3000,
            lease_type: LeaseType6::Pd,
            iaid: 5,
            prefix_len: 56,
            ..Default::default()
        };
        let text = write6([&l], KeaVersion::V2_2);
        assert_eq!(text.lines().nth(1).unwrap(), "2001:db8:1::,01:02:03:04,4000,1800000000,1,3000,2,5,56,0,0,,,0,,0,0");
        assert_eq!(read6(&text).unwrap(), vec![l]);
        let bad = format!("{}\nnot-an-address,01,1,1,1,1,0,1,128,0,0,,,0,,0,0\n", header6(KeaVersion::V2_2));
        assert_eq!(read6(&bad).unwrap_err().line, 2);
        assert!(read4("").is_err());
        assert!(read4("address,hwaddr\n").unwrap_err().message.contains("valid_lifetime"));
    }
}
