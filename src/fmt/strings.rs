//! Canonical spelling of string tokens.
//!
//! The canonical form is computed from the token's *source text*, not from its decoded
//! value: Kea reads `\u00e9` as the single byte 0xE9 while a literal `é` is two UTF-8
//! bytes, so an escape above 0x7F must stay an escape or the value Kea sees would change.

/// Rewrite a string token (with its quotes) canonically: `\/` becomes `/`, `\u00XX` for a
/// printable ASCII character becomes the character, control characters use the short
/// escapes (`\n`, `\t`, ...) where JSON has them and `\u00xx` otherwise, escapes above
/// 0x7F stay `\u00xx` (lower-case hex). Everything else is kept as written.
pub fn canonical_string(raw: &str) -> String {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len() + 2);
    out.push('"');
    if !inner.contains('\\') {
        out.push_str(inner);
        out.push('"');
        return out;
    }
    let mut rest = inner;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (consumed, text) = canonical_escape(rest);
        out.push_str(&text);
        rest = &rest[consumed..];
    }
    out.push_str(rest);
    out.push('"');
    out
}

/// The canonical form of the escape at the start of `s` (which starts with `\`), and
/// how many bytes of `s` it used.
fn canonical_escape(s: &str) -> (usize, String) {
    let b = s.as_bytes();
    match b.get(1) {
        Some(b'/') => (2, "/".into()),
        Some(b'u') => match s.get(2..6).and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(v) if v < 0x80 => (6, escape_ascii(v as u8)),
            Some(v) => (6, format!("\\u{v:04x}")),
            // Malformed (the lexer reported it; fmt refuses such input): keep as written.
            None => (2, s[..2].to_string()),
        },
        Some(_) => {
            let len = 1 + s[1..].chars().next().map(char::len_utf8).unwrap_or(0);
            (len, s[..len].to_string())
        }
        None => (1, "\\".into()),
    }
}

fn escape_ascii(c: u8) -> String {
    match c {
        b'"' => "\\\"".into(),
        b'\\' => "\\\\".into(),
        0x08 => "\\b".into(),
        0x0c => "\\f".into(),
        b'\n' => "\\n".into(),
        b'\r' => "\\r".into(),
        b'\t' => "\\t".into(),
        c if c < 0x20 || c == 0x7f => format!("\\u{:04x}", c),
        c => (c as char).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::canonical_string as c;
    use crate::syntax::lexer::decode_string;

    #[test]
    fn plain_strings_are_kept() {
        assert_eq!(c(r#""abc""#), r#""abc""#);
        assert_eq!(c(r#""é ü""#), r#""é ü""#);
    }

    #[test]
    fn escapes_are_canonical() {
        assert_eq!(c(r#""a\/b""#), r#""a/b""#);
        assert_eq!(c(r#""\u0041\u0022\u005C\u000A\u0001""#), r#""A\"\\\n\u0001""#);
        assert_eq!(c(r#""\u00E9""#), r#""\u00e9""#);
        assert_eq!(c(r#""\"\\\n\t""#), r#""\"\\\n\t""#);
    }

    #[test]
    fn decoded_value_is_unchanged() {
        for raw in [r#""a\/b\u0041\u00FF\"\\""#, r#""\u0009x\b\f\r""#, r#""plain""#] {
            assert_eq!(decode_string(&c(raw)), decode_string(raw), "{raw}");
        }
    }
}
