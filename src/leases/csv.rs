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
    if s.contains("&#x") { s.replace("&#x2c", ",").into() } else { s.into() }
}

fn b(v: bool) -> &'static str {
    if v { "1" } else { "0" }
}

/// One DHCPv4 record line (without the newline).
pub fn line4(l: &Lease4, v: KeaVersion) -> String {
    let mut s = String::with_capacity(96);
    let _ = write!(
        s,
        "{},{},{},{},{},{},{},{},{},{},{}",
        l.address.map(|a| a.to_string()).unwrap_or_default(),
        hex(&l.hwaddr),
        hex(&l.client_id),
        l.valid_lifetime,
        l.expire,
        l.subnet_id,
        b(l.fqdn_fwd),
        b(l.fqdn_rev),
        escape(&l.hostname),
        l.state.code(),
        escape(&l.user_context),
    );
    if has_pool_id(v) {
        let _ = write!(s, ",{}", l.pool_id);
    }
    s
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

fn parse_hex(s: &str, line: usize, what: &str) -> Result<Vec<u8>, CsvError> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    crate::model::addr::parse_identifier(s).map_err(|e| CsvError { line, message: format!("bad {what} `{s}`: {e}") })
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
    let (cols, rows) = records(text, &["address", "valid_lifetime", "expire", "subnet_id"])?;
    let mut out = Vec::new();
    for (line, f) in rows {
        let g = |n: &str| cols.get(&f, n);
        out.push(Lease4 {
            address: Some(address(g("address"), line)?),
            hwaddr: parse_hex(g("hwaddr"), line, "hwaddr")?,
            client_id: parse_hex(g("client_id"), line, "client_id")?,
            valid_lifetime: num(g("valid_lifetime"), line, "valid_lifetime")?,
            expire: num(g("expire"), line, "expire")?,
            subnet_id: num(g("subnet_id"), line, "subnet_id")?,
            fqdn_fwd: flag(g("fqdn_fwd"), line, "fqdn_fwd")?,
            fqdn_rev: flag(g("fqdn_rev"), line, "fqdn_rev")?,
            hostname: unescape(g("hostname")).into_owned(),
            state: LeaseState::from_code(num(g("state"), line, "state")?),
            user_context: unescape(g("user_context")).into_owned(),
            pool_id: num(g("pool_id"), line, "pool_id")?,
        });
    }
    Ok(out)
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
