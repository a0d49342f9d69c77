//! Hex text as Kea reads it, with the position of the first bad character: option data
//! (`csv-format: false`) and host identifiers (`hw-address`, `client-id`, `duid`, ...) go
//! through the same reading in Kea, and here through `decode_formatted_into`.
//!
//! Verified with `kea-dhcp4 -t` 2.2 and 3.0.4 (option-data with `csv-format: false`, and
//! reservations): accepted: ``, `01`, `102` (odd: a leading 0 is implied), `0x0102`,
//! `01:02:3`, `01 02 03`, `1 2 3`, `ab CD`, `'abc'` and ` 'a b ' ` (a quoted string, blanks
//! around and inside the quotes trimmed); rejected: `0X0102`, `0x`, `0x01:02`, `0x01 02`,
//! `01:02 03` (mixed separators), `01::02`, `010:02`, `01 02  03`, ` 01`, `01 `, `01:`,
//! `01,02`, `01-02`, tab separators, `zz`, `''`, `' '`. An identifier must not be empty.
//! Inside csv data a `binary` field is different: an even number of digits, spaces ignored
//! (`0102`, `AbCd`, `1A BB` accepted; `102`, `01:02`, `0x01`, `'abc'` rejected).

use super::codec::CodecError;
use std::ops::Range;

use crate::model::addr::hex_digit as nibble;

/// Continuous digits starting at `at` in the original text; odd length gets a leading 0.
fn digits(s: &str, at: usize, odd_ok: bool) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(s.len() / 2 + 1);
    digits_into(s, at, odd_ok, &mut out).map_err(|(r, m)| CodecError::invalid(r, m))?;
    Ok(out)
}

fn digits_into(s: &str, at: usize, odd_ok: bool, out: &mut Vec<u8>) -> Result<(), (Range<usize>, String)> {
    let b = s.as_bytes();
    if let Some(i) = b.iter().position(|c| nibble(*c).is_none()) {
        return Err((at + i..at + i + 1, format!("`{}` is not a hex digit", &s[i..].chars().next().unwrap_or('?'))));
    }
    if b.len() % 2 == 1 && !odd_ok {
        return Err((at..at + s.len(), "odd number of hex digits".into()));
    }
    let (head, pairs) = b.split_at(b.len() % 2);
    if let [c] = head {
        out.push(nibble(*c).unwrap_or(0));
    }
    for p in pairs.chunks_exact(2) {
        out.push(nibble(p[0]).unwrap_or(0) << 4 | nibble(p[1]).unwrap_or(0));
    }
    Ok(())
}

/// The text inside `'...'` (blanks around and inside the quotes trimmed, as Kea does), when
/// that is what `s` is and the text is not empty.
pub fn quoted(s: &str) -> Option<&str> {
    const BLANKS: [char; 3] = [' ', '\t', '\n'];
    let t = s.trim_matches(BLANKS);
    let inner = t.strip_prefix('\'')?.strip_suffix('\'')?.trim_matches(BLANKS);
    (!inner.is_empty()).then_some(inner)
}

/// Kea's formatted hex (not quoted): bytes of one or two digits separated by single colons
/// (when there is a colon) or single spaces (when there is a space), or digits run together
/// after an optional `0x`. Appends to `out`, no allocation of its own: identifiers of
/// 100,000 reservations come through here. Errors carry the byte range in `s`.
pub fn decode_formatted_into(s: &str, out: &mut Vec<u8>) -> Result<(), (Range<usize>, String)> {
    if let Some(rest) = s.strip_prefix("0x") {
        if rest.is_empty() {
            return Err((0..2, "`0x` with no digits after it".into()));
        }
        return digits_into(rest, 2, true, out);
    }
    // One scan for the separators, then one over the bytes (no per-part searching): the
    // identifiers of every reservation of a large config come through here.
    let b = s.as_bytes();
    let colon = b.iter().position(|&c| c == b':');
    let space = b.iter().position(|&c| c == b' ');
    let sep = match (colon, space) {
        (Some(c), Some(sp)) => {
            let i = c.max(sp);
            return Err((i..i + 1, "separate bytes either with `:` or with spaces, not both".into()));
        }
        (None, None) => return digits_into(s, 0, true, out),
        (Some(_), None) => b':',
        (None, Some(_)) => b' ',
    };
    let mut at = 0;
    for part in b.split(|&c| c == sep) {
        match *part {
            [hi, lo] if nibble(hi).is_some() && nibble(lo).is_some() => out.push(nibble(hi).unwrap_or(0) << 4 | nibble(lo).unwrap_or(0)),
            [_] | [_, _] => digits_into(&s[at..at + part.len()], at, true, out)?,
            _ => {
                let end = (at + part.len()).max(at + 1).min(s.len());
                let sep = char::from(sep);
                return Err((at.min(s.len().saturating_sub(1))..end, format!("each `{sep}`-separated byte needs one or two hex digits")));
            }
        }
        at += part.len() + 1;
    }
    Ok(())
}

/// Option data in hex (`csv-format: false`, or an option with no definition).
pub fn parse_option_hex(s: &str) -> Result<Vec<u8>, CodecError> {
    if let Some(q) = quoted(s) {
        return Ok(q.as_bytes().to_vec());
    }
    let mut out = Vec::with_capacity(s.len() / 2 + 1);
    decode_formatted_into(s, &mut out).map_err(|(r, m)| CodecError::invalid(r, m))?;
    Ok(out)
}

/// A `binary` field inside csv data: an even number of hex digits; whitespace between them
/// is ignored (verified: `1A BB`, `1 2`, `1ABB CA` pass; `102`, `1A BB:CC`, `0x01` fail).
pub fn parse_csv_binary(s: &str, at: usize) -> Result<Vec<u8>, CodecError> {
    if let Some((i, c)) = s.char_indices().find(|(_, c)| !c.is_ascii_hexdigit() && !c.is_whitespace()) {
        return Err(CodecError::invalid(at + i..at + i + c.len_utf8(), format!("`{c}` is not a hex digit")));
    }
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    digits(&compact, at, false).map_err(|e| CodecError::invalid(at..at + s.len(), e.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `decode_formatted_into` as first written (a search per part), kept to hold the
    /// one-pass version to the same results and error ranges.
    fn decode_by_parts(s: &str, out: &mut Vec<u8>) -> Result<(), (Range<usize>, String)> {
        if let Some(rest) = s.strip_prefix("0x") {
            if rest.is_empty() {
                return Err((0..2, "`0x` with no digits after it".into()));
            }
            return digits_into(rest, 2, true, out);
        }
        let (colon, space) = (s.contains(':'), s.contains(' '));
        if colon && space {
            let i = s.find(if s.find(':') < s.find(' ') { ' ' } else { ':' }).unwrap_or(0);
            return Err((i..i + 1, "separate bytes either with `:` or with spaces, not both".into()));
        }
        if !colon && !space {
            return digits_into(s, 0, true, out);
        }
        let sep = if colon { ':' } else { ' ' };
        let mut at = 0;
        for part in s.split(sep) {
            if part.is_empty() || part.len() > 2 {
                let end = (at + part.len()).max(at + 1).min(s.len());
                return Err((at.min(s.len().saturating_sub(1))..end, format!("each `{sep}`-separated byte needs one or two hex digits")));
            }
            digits_into(part, at, true, out)?;
            at += part.len() + 1;
        }
        Ok(())
    }

    #[test]
    fn one_pass_decoding_agrees_with_decoding_by_parts() {
        // Every string of up to 5 characters over an alphabet of digits, separators and
        // non-hex characters (including a two-byte one): 12^5 + ... ≈ 270,000 cases.
        let alphabet = ["0", "a", "F", "7", ":", " ", "g", "x", "é", "-", "::", "0x"];
        let mut cases = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last.iter().flat_map(|p| alphabet.iter().map(move |a| format!("{p}{a}"))).collect();
            cases.extend(last.iter().cloned());
        }
        for s in &cases {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let (ra, rb) = (decode_formatted_into(s, &mut a), decode_by_parts(s, &mut b));
            assert_eq!(ra, rb, "{s:?}");
            if ra.is_ok() {
                assert_eq!(a, b, "{s:?}");
            }
        }
    }

    #[test]
    fn forms_kea_accepts() {
        assert_eq!(parse_option_hex("").unwrap(), Vec::<u8>::new());
        assert_eq!(parse_option_hex("01").unwrap(), vec![1]);
        assert_eq!(parse_option_hex("102").unwrap(), vec![1, 2]);
        assert_eq!(parse_option_hex("0x0102").unwrap(), vec![1, 2]);
        assert_eq!(parse_option_hex("01:02:3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse_option_hex("1 2 3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse_option_hex("ab CD").unwrap(), vec![0xab, 0xcd]);
        assert_eq!(parse_option_hex("'abc'").unwrap(), b"abc".to_vec());
        assert_eq!(parse_option_hex(" ' a b ' ").unwrap(), b"a b".to_vec());
    }

    #[test]
    fn forms_kea_rejects() {
        for bad in [
            "0X0102",
            "0x",
            "0x01:02",
            "0x01 02",
            "01:02 03",
            "01::02",
            "010:02",
            "01 02  03",
            " 01",
            "01 ",
            "01:",
            "01,02",
            "01-02",
            "01\t02",
            "zz",
            "''",
            "' '",
            "'a",
        ] {
            assert!(parse_option_hex(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(parse_option_hex("01zz").unwrap_err().range, 2..3);
        assert!(parse_csv_binary("102", 0).is_err());
        assert!(parse_csv_binary("1A BB:CC", 0).is_err());
        assert_eq!(parse_csv_binary("1A BB", 0).unwrap(), vec![0x1a, 0xbb]);
        assert_eq!(parse_csv_binary("1 2", 0).unwrap(), vec![0x12]);
        assert_eq!(parse_csv_binary("AbCd", 0).unwrap(), vec![0xab, 0xcd]);
    }
}
