//! Parsing the address forms found in Kea configs: subnets, pool ranges, prefixes, and
//! host identifiers. Each returns an error text suitable for a diagnostic label.

use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr};

/// `"192.0.2.0/24"`, `"2001:db8::/32"`, exactly as written (a reserved prefix: Kea refuses
/// `" 2001:db8::/64"` and `"2001:db8:: /64"` there). Host bits may be set (Kea accepts
/// `192.0.2.1/24`; lint flags it as non-canonical), so the address is kept as written.
pub fn parse_prefix(s: &str) -> Result<IpNet, String> {
    let (a, l) = s.split_once('/').ok_or_else(|| "expected ADDRESS/LENGTH".to_string())?;
    let addr: IpAddr = a.parse().map_err(|_| format!("`{a}` is not an IP address"))?;
    let len: u8 = l.parse().map_err(|_| format!("`{l}` is not a prefix length"))?;
    IpNet::new(addr, len)
        .map_err(|_| format!("prefix length {len} is too long for {}", if addr.is_ipv4() { "IPv4 (max 32)" } else { "IPv6 (max 128)" }))
}

/// A subnet's `subnet` text. Kea deletes every space and tab in it before reading it, so
/// `"192.0 .2.0/2 4"` is 192.0.2.0/24 (kea-dhcp4 2.2 -t accepts it); other white space
/// (a newline) stays and is an error.
pub fn parse_subnet(s: &str) -> Result<IpNet, String> {
    parse_prefix(&without_blanks(s))
}

/// A pool: `"FIRST - LAST"` or `"PREFIX/LEN"`. Returns the first and last address. Blanks
/// are deleted first, as for a subnet, and the prefix form is tried first, as Kea does (so
/// `"192.0.2.1-192.0.2.5/24"` is a bad prefix, not a bad range).
pub fn parse_range(s: &str) -> Result<(IpAddr, IpAddr), String> {
    let s = without_blanks(s);
    if s.contains('/') {
        let net = parse_prefix(&s)?;
        return Ok((net.network(), net.broadcast()));
    }
    if let Some((a, b)) = s.split_once('-') {
        let first: IpAddr = a.parse().map_err(|_| format!("`{a}` is not an IP address"))?;
        let last: IpAddr = b.parse().map_err(|_| format!("`{b}` is not an IP address"))?;
        if first.is_ipv4() != last.is_ipv4() {
            return Err("the two ends are of different address families".into());
        }
        if first > last {
            return Err(format!("the first address {first} is greater than the last address {last}"));
        }
        return Ok((first, last));
    }
    Err("expected FIRST - LAST or PREFIX/LEN".into())
}

/// `s` without its spaces and tabs (borrowed when it has none, the usual case).
fn without_blanks(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([' ', '\t']) { s.replace([' ', '\t'], "").into() } else { s.into() }
}

/// Parse an IP address of the given family.
pub fn parse_addr(s: &str, v4: bool) -> Result<IpAddr, String> {
    if let Some(a) = dotted_quad(s) {
        return if v4 { Ok(IpAddr::V4(a)) } else { Err(format!("`{s}` is an IPv4 address, expected IPv6")) };
    }
    let a: IpAddr = s.parse().map_err(|_| format!("`{s}` is not an {} address", if v4 { "IPv4" } else { "IPv6" }))?;
    if a.is_ipv4() != v4 {
        return Err(format!(
            "`{s}` is an {} address, expected {}",
            if a.is_ipv4() { "IPv4" } else { "IPv6" },
            if v4 { "IPv4" } else { "IPv6" }
        ));
    }
    Ok(a)
}

/// An IPv4 address in the form almost every address of a config has (four decimal numbers
/// to 255, no leading zeros, nothing around them), read in one pass: configs hold one per
/// reservation, and std's general parser costs five times as much. `None` for any other
/// text, which callers then give to std's parser: for the same text both give the same
/// address (`tests::dotted_quads_read_as_std_reads_them`).
pub fn dotted_quad(s: &str) -> Option<Ipv4Addr> {
    let b = s.as_bytes();
    if b.len() < 7 || b.len() > 15 {
        return None;
    }
    let (mut octets, mut n, mut i) = ([0u8; 4], 0, 0);
    while n < 4 {
        let start = i;
        let mut v: u32 = 0;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 3 {
            v = v * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        let len = i - start;
        if len == 0 || v > 255 || (len > 1 && b[start] == b'0') {
            return None;
        }
        octets[n] = v as u8;
        n += 1;
        if n < 4 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
    }
    (i == b.len()).then_some(Ipv4Addr::from(octets))
}

/// Host identifier text to bytes, as Kea reads it: a quoted string `'text'`, or formatted
/// hex (`01:02:03`, `01 02 03`, `010203`, `0x010203`), the same reading as option data
/// (`crate::options::hex`, where the accepted and rejected forms are listed). Nothing is
/// trimmed outside the quotes: `" 01:02"`, `"01-02"` and `"0X01"` are errors in Kea.
pub fn parse_identifier(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    parse_identifier_into(s, &mut out)?;
    Ok(out)
}

/// `parse_identifier` into a caller's buffer (cleared first), so a loop over many
/// reservations can reuse one allocation.
pub fn parse_identifier_into(s: &str, out: &mut Vec<u8>) -> Result<(), String> {
    out.clear();
    if let Some(q) = crate::options::hex::quoted(s) {
        out.extend_from_slice(q.as_bytes());
        return Ok(());
    }
    if s.is_empty() {
        return Err("empty identifier".into());
    }
    crate::options::hex::decode_formatted_into(s, out).map_err(|(_, why)| why)
}

/// The value of a hex digit.
pub fn hex_digit(c: u8) -> Option<u8> {
    Some(HEX_DIGIT[usize::from(c)]).filter(|&d| d != 0xff)
}

/// Hex digit values (0xff: not a hex digit).
pub(crate) const HEX_DIGIT: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Number of addresses in an inclusive range (saturating).
pub fn range_size(first: IpAddr, last: IpAddr) -> u128 {
    match (first, last) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u32::from(b) as u128).saturating_sub(u32::from(a) as u128) + 1,
        (IpAddr::V6(a), IpAddr::V6(b)) => u128::from(b).saturating_sub(u128::from(a)).saturating_add(1),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_quads_read_as_std_reads_them() {
        // Accepted: exactly what std accepts, with the same value; the rest goes to std.
        let parts = ["0", "1", "9", "00", "01", "10", "99", "100", "199", "255", "256", "300", "999", "0255", "1000", "", "+1", "a", " 1"];
        let mut n = 0;
        for a in parts {
            for b in parts {
                for c in ["0", "255", "01", ""] {
                    for d in parts {
                        for tail in ["", ".", " ", ".1"] {
                            let s = format!("{a}.{b}.{c}.{d}{tail}");
                            match dotted_quad(&s) {
                                Some(ip) => {
                                    assert_eq!(s.parse::<Ipv4Addr>().ok(), Some(ip), "{s}");
                                    n += 1;
                                }
                                None => assert!(s.parse::<Ipv4Addr>().is_err(), "{s} is an address std reads"),
                            }
                        }
                    }
                }
            }
        }
        assert!(n > 1000, "{n}");
        for s in ["1.2.3", "1.2.3.4.5", "1..2.3", "::1", "1.2.3.4/8", "", "255.255.255.255", "0.0.0.0"] {
            assert_eq!(dotted_quad(s), s.parse::<Ipv4Addr>().ok(), "{s}");
        }
    }

    #[test]
    fn prefixes_and_ranges() {
        assert_eq!(parse_prefix("192.0.2.0/24").unwrap().to_string(), "192.0.2.0/24");
        assert!(parse_prefix("192.0.2.0/33").is_err());
        assert!(parse_prefix("192.0.2.0").is_err());
        assert_eq!(parse_range("192.0.2.10 - 192.0.2.20").unwrap().1.to_string(), "192.0.2.20");
        assert_eq!(parse_range("192.0.2.10-192.0.2.20").unwrap().0.to_string(), "192.0.2.10");
        assert_eq!(parse_range("192.0.2.0/28").unwrap().1.to_string(), "192.0.2.15");
        assert!(parse_range("192.0.2.20 - 192.0.2.10").is_err());
        assert!(parse_range("192.0.2.1 - 2001:db8::1").is_err());
        // Kea deletes blanks (not newlines) before reading a pool or a subnet.
        assert_eq!(parse_range("192.0.2.1 0 - 192.0.2.2\t0").unwrap().1.to_string(), "192.0.2.20");
        assert_eq!(parse_range("192.0.2.0/2 8").unwrap().1.to_string(), "192.0.2.15");
        assert!(parse_range("192.0.2.1\n-192.0.2.5").is_err());
        assert!(parse_range("192.0.2.1-192.0.2.5/24").is_err());
        assert_eq!(parse_subnet(" 192.0 .2.0/2 4").unwrap().to_string(), "192.0.2.0/24");
        assert!(parse_subnet("192.0.2.0/24\n").is_err());
        assert!(parse_prefix(" 2001:db8::/64").is_err());
        assert!(parse_prefix("2001:db8::/ 64").is_err());
        assert_eq!(range_size("10.0.0.1".parse().unwrap(), "10.0.0.10".parse().unwrap()), 10);
    }

    #[test]
    fn identifiers() {
        assert_eq!(parse_identifier("1a:1b:1c:1d:1e:1f").unwrap(), vec![0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f]);
        assert_eq!(parse_identifier("1a1b").unwrap(), vec![0x1a, 0x1b]);
        assert_eq!(parse_identifier("'abc'").unwrap(), b"abc".to_vec());
        assert_eq!(parse_identifier(" 'abc' ").unwrap(), b"abc".to_vec());
        assert_eq!(parse_identifier("1:2").unwrap(), vec![1, 2]);
        assert_eq!(parse_identifier("01 02 0a").unwrap(), vec![1, 2, 0x0a]);
        // Odd plain hex has an implicit leading 0; `0x` (lower case) may precede it.
        assert_eq!(parse_identifier("00102").unwrap(), vec![0, 1, 2]);
        assert_eq!(parse_identifier("0x0").unwrap(), vec![0]);
        assert_eq!(parse_identifier("0x0102").unwrap(), vec![1, 2]);
        // Each of these is "invalid host identifier value" to kea-dhcp4 2.2 and 3.0.4.
        for bad in [
            "01:02:",
            ":01",
            "01::02",
            "012:03",
            "01:0g",
            "0x",
            "  ",
            "",
            " 00:01:02",
            "00:01:02 ",
            "00-01-02",
            "0X0102",
            "0x0:1",
            "00:01 02:03",
            "0x00:01:02",
            "00  01",
        ] {
            assert!(parse_identifier(bad).is_err(), "{bad:?}");
        }
        assert!(parse_identifier("' '").is_err());
        assert_eq!(parse_identifier("' a '").unwrap(), b"a".to_vec());
        assert!(parse_identifier("01:zz:03").unwrap_err().contains("`z`"));
        assert!(parse_identifier("zz:11").is_err());
    }
}
