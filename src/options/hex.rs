//! Hex text as Kea 2.2 reads it, with the position of the first bad character.
//!
//! Verified with `kea-dhcp4 -t` (option-data with `csv-format: false`):
//! accepted: ``, `01`, `102` (odd: a leading 0 is implied), `0x0102`, `01:02:3`,
//! `01 02 03`, `1 2 3`, `ab CD`; rejected: `0X0102`, `0x`, `0x01:02`, `0x01 02`,
//! `01:02 03` (mixed separators), `01::02`, `010:02`, `01 02  03`, ` 01`, `01 `, `01:`,
//! `01,02`, `01-02`, tab separators, `zz`.
//! Inside csv data a `binary` field is different: an even number of digits, spaces ignored
//! (`0102`, `AbCd`, `1A BB` accepted; `102`, `01:02`, `0x01`, `'abc'` rejected).

use super::codec::CodecError;

fn nibble(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Continuous digits starting at `at` in the original text; odd length gets a leading 0.
fn digits(s: &str, at: usize, odd_ok: bool) -> Result<Vec<u8>, CodecError> {
    let b = s.as_bytes();
    if let Some(i) = b.iter().position(|c| nibble(*c).is_none()) {
        return Err(CodecError::invalid(at + i..at + i + 1, format!("`{}` is not a hex digit", &s[i..].chars().next().unwrap_or('?'))));
    }
    if b.len() % 2 == 1 && !odd_ok {
        return Err(CodecError::invalid(at..at + s.len(), "odd number of hex digits"));
    }
    let mut out = Vec::with_capacity(b.len() / 2 + 1);
    let mut i = 0;
    if b.len() % 2 == 1 {
        out.push(nibble(b[0]).unwrap_or(0));
        i = 1;
    }
    while i + 1 < b.len() {
        out.push(nibble(b[i]).unwrap_or(0) << 4 | nibble(b[i + 1]).unwrap_or(0));
        i += 2;
    }
    Ok(out)
}

/// Option data in hex (`csv-format: false`, or an option with no definition).
pub fn parse_option_hex(s: &str) -> Result<Vec<u8>, CodecError> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(rest) = s.strip_prefix("0x") {
        if rest.is_empty() {
            return Err(CodecError::invalid(0..2, "`0x` with no digits after it"));
        }
        return digits(rest, 2, true);
    }
    let colon = s.contains(':');
    let space = s.contains(' ');
    if colon && space {
        let i = s.find(if s.find(':') < s.find(' ') { ' ' } else { ':' }).unwrap_or(0);
        return Err(CodecError::invalid(i..i + 1, "separate bytes either with `:` or with spaces, not both"));
    }
    if !colon && !space {
        return digits(s, 0, true);
    }
    let sep = if colon { ':' } else { ' ' };
    let mut out = Vec::new();
    let mut at = 0;
    for part in s.split(sep) {
        if part.is_empty() || part.len() > 2 {
            let end = (at + part.len()).max(at + 1).min(s.len());
            return Err(CodecError::invalid(
                at.min(s.len().saturating_sub(1))..end,
                format!("each `{sep}`-separated byte needs one or two hex digits"),
            ));
        }
        out.extend(digits(part, at, true)?);
        at += part.len() + 1;
    }
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

    #[test]
    fn forms_kea_accepts() {
        assert_eq!(parse_option_hex("").unwrap(), Vec::<u8>::new());
        assert_eq!(parse_option_hex("01").unwrap(), vec![1]);
        assert_eq!(parse_option_hex("102").unwrap(), vec![1, 2]);
        assert_eq!(parse_option_hex("0x0102").unwrap(), vec![1, 2]);
        assert_eq!(parse_option_hex("01:02:3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse_option_hex("1 2 3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse_option_hex("ab CD").unwrap(), vec![0xab, 0xcd]);
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
