//! TSIG keys as Kea reads them: the algorithms' digest lengths and base64 secrets. Used by
//! `check` (kea-dhcp-ddns rules) and `migrate` (dhcpd `key` statements to Kea `tsig-keys`).

/// Digest length in bits of a TSIG algorithm (Kea accepts the names in any case).
pub fn digest_len(algorithm: &str) -> Option<i64> {
    Some(match algorithm.to_ascii_uppercase().as_str() {
        "HMAC-MD5" => 128,
        "HMAC-SHA1" => 160,
        "HMAC-SHA224" => 224,
        "HMAC-SHA256" => 256,
        "HMAC-SHA384" => 384,
        "HMAC-SHA512" => 512,
        _ => return None,
    })
}

/// The value of a base64 character.
pub fn sextet(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// What kea-dhcp-ddns (2.2 and 3.0.4 -t, measured) finds wrong with a secret, if anything:
/// white space is skipped; the rest must be a non-empty multiple of 4 characters of the
/// standard alphabet, with at most two `=` at the end and no stray bits before them
/// (`YR==` and `YWJ=` are refused).
pub fn secret_problem(s: &str) -> Option<&'static str> {
    let b: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    if b.is_empty() {
        return Some("empty");
    }
    if !b.len().is_multiple_of(4) {
        return Some("not a multiple of 4 characters");
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return Some("too much `=` padding");
    }
    let data = &b[..b.len() - pad];
    let Some(values) = data.iter().map(|&c| sextet(c)).collect::<Option<Vec<u8>>>() else {
        return Some("characters outside the base64 alphabet");
    };
    let spare = [0, 0b11, 0b1111][pad];
    if values.last().is_some_and(|v| v & spare != 0) {
        return Some("the last character carries bits the padding says are not there");
    }
    None
}

/// Standard base64 with `=` padding (what Kea reads without complaint).
pub fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_as_kea_reads_them() {
        for ok in ["YQ==", "YWI=", "YWJj", "YW Jj", "YWJj\n", "Zm9vYmE=", "+/+/"] {
            assert_eq!(secret_problem(ok), None, "{ok:?}");
        }
        for bad in ["", "Y", "YQ", "YQ=", "Y===", "====", "YR==", "YWJ=", "_-AB", "YQ==YQ==", "YW=j"] {
            assert!(secret_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn encodes_with_padding() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"a"), "YQ==");
        assert_eq!(encode(b"ab"), "YWI=");
        assert_eq!(encode(b"abc"), "YWJj");
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
    }
}
