//! DHCPv4 option 121, classless static routes (RFC 3442): the one `internal` type the codec
//! reads. On the wire each route is the prefix width, the destination's significant octets
//! (width / 8, rounded up) and the router's four. Kea (from 2.6; 2.2 has no definition for
//! code 121) writes it as text, `10.229.0.128/25 - 10.229.0.1, 0.0.0.0/0 - 10.0.0.1`.
//!
//! Kea 3.0.4's rules, each seen with `kea-dhcp4 -t` (tests/check_options.rs): the text is
//! split at commas (no escape; empty pieces are skipped, all empty is "no option value"),
//! each piece at `-` into exactly a prefix and a router, both trimmed; the prefix needs a
//! `/`, an IPv4 address and a width of 0 to 32 (leading zeros allowed; bits set beyond the
//! width are accepted); the router is an IPv4 address. In hex form the bytes must hold
//! whole routes: at least 5 bytes, a width of at most 32, nothing truncated.

use super::codec::{CodecError, DecodeError};
use std::net::Ipv4Addr;

/// Kea's text → wire bytes.
pub fn encode(data: &str) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    let mut at = 0;
    for piece in data.split(',') {
        let range = at..at + piece.len();
        at += piece.len() + 1;
        if piece.trim().is_empty() {
            continue;
        }
        let err = |m: String| CodecError::invalid(range.clone(), m);
        let parts: Vec<&str> = piece.split('-').map(str::trim).collect();
        let [prefix, router] = parts[..] else {
            return Err(err(format!("`{}` is not a route: write PREFIX/WIDTH - ROUTER, as `10.229.0.128/25 - 10.229.0.1`", piece.trim())));
        };
        let Some((addr, width)) = prefix.split_once('/') else {
            return Err(err(format!("`{prefix}` is not a prefix: it needs a width, as `10.0.0.0/8`")));
        };
        let addr: Ipv4Addr = addr.trim().parse().map_err(|_| err(format!("`{addr}` is not an IPv4 address")))?;
        let width: u8 =
            width.trim().parse().ok().filter(|w| *w <= 32).ok_or_else(|| err(format!("`{width}` is not a prefix width (0 to 32)")))?;
        let router: Ipv4Addr = router.parse().map_err(|_| err(format!("router `{router}` is not an IPv4 address")))?;
        out.push(width);
        out.extend_from_slice(&addr.octets()[..significant(width)]);
        out.extend_from_slice(&router.octets());
    }
    if out.is_empty() {
        return Err(CodecError::invalid(0..data.len(), "no option value specified"));
    }
    Ok(out)
}

/// Wire bytes → Kea's text (`decode(encode(x))` is the canonical form of `x`).
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.len() < 5 {
        return Err(DecodeError { offset: 0, message: format!("{} bytes; classless routes need at least 5", bytes.len()) });
    }
    let mut routes = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let width = bytes[at];
        if width > 32 {
            return Err(DecodeError { offset: at, message: format!("prefix width {width} (at most 32)") });
        }
        let n = significant(width);
        let Some(route) = bytes.get(at + 1..at + 1 + n + 4) else {
            return Err(DecodeError { offset: at, message: "a route is cut short".into() });
        };
        let mut dest = [0u8; 4];
        dest[..n].copy_from_slice(&route[..n]);
        let router = Ipv4Addr::new(route[n], route[n + 1], route[n + 2], route[n + 3]);
        routes.push(format!("{}/{width} - {router}", Ipv4Addr::from(dest)));
        at += 1 + n + 4;
    }
    Ok(routes.join(", "))
}

/// The destination octets a route of this width carries.
fn significant(width: u8) -> usize {
    usize::from(width).div_ceil(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_wire_forms_agree() {
        let b = encode("10.229.0.128/25 - 10.229.0.1, 0.0.0.0/0 - 10.0.0.1,").unwrap();
        assert_eq!(b, [25, 10, 229, 0, 128, 10, 229, 0, 1, 0, 10, 0, 0, 1]);
        assert_eq!(decode(&b).unwrap(), "10.229.0.128/25 - 10.229.0.1, 0.0.0.0/0 - 10.0.0.1");
        assert_eq!(encode("  192.168.1.0/024-10.0.0.1 ").unwrap(), [24, 192, 168, 1, 10, 0, 0, 1]);
        for bad in [
            "",
            " , ",
            "10.0.0.0 - 10.0.0.1",
            "10.0.0.0/33 - 10.0.0.1",
            "10.0.0.0/-1 - 10.0.0.1",
            "10.0.0.0/8 10.0.0.1",
            "::1/8 - 10.0.0.1",
        ] {
            assert!(encode(bad).is_err(), "{bad}");
        }
        for bad in [&[][..], &[24, 192, 168, 1, 10, 0, 0], &[33, 10, 0, 0, 0, 1, 10, 0, 0, 1], &[8, 10, 10, 0, 0, 1, 0]] {
            assert!(decode(bad).is_err(), "{bad:?}");
        }
    }
}
