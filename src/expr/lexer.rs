//! Tokens of Kea's expression language.
//!
//! Rules (checked against `kea-dhcp4 -t` 2.2): keywords are lower case and case-sensitive
//! (`OPTION` is rejected); strings are single-quoted with no escapes (`"x"` and `'it''s'`
//! are rejected); integers are `-?[0-9]+`; hex literals `0x`/`0X` followed by at least one
//! hex digit (`0x` alone is rejected); IPv4 literals are four dotted groups, IPv6 literals
//! anything made of hex digits, `:` and `.` that holds a `:`; names (option names and
//! keywords) are letters, digits, `-` and `_`, starting with a letter.

use super::ast::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// `'...'`; the span includes the quotes.
    Str,
    /// `0x...`.
    Hex,
    /// `-?[0-9]+`.
    Int,
    /// `1.2.3.4`.
    Ip4,
    /// `2001:db8::1`.
    Ip6,
    /// Keyword or option name.
    Name,
    Dot,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    EqEq,
    Plus,
    Star,
    /// A string without its closing quote.
    UnclosedStr,
    /// A character that starts no token.
    Bad,
    Eof,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub kind: TokKind,
    pub span: TextRange,
}

impl Token {
    pub fn text<'t>(&self, src: &'t str) -> &'t str {
        &src[self.span.range()]
    }
}

/// Splits `src` into tokens; the last one is always `Eof`. Never fails: problems are
/// `Bad` / `UnclosedStr` tokens the parser reports.
pub fn tokenize(src: &str) -> Vec<Token> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'\'' => match b[i + 1..].iter().position(|&x| x == b'\'' || x == b'\n') {
                Some(n) if b[i + 1 + n] == b'\'' => {
                    i += n + 2;
                    TokKind::Str
                }
                _ => {
                    i = b.len();
                    TokKind::UnclosedStr
                }
            },
            b'.' => one(&mut i, TokKind::Dot),
            b'[' => one(&mut i, TokKind::LBracket),
            b']' => one(&mut i, TokKind::RBracket),
            b'(' => one(&mut i, TokKind::LParen),
            b')' => one(&mut i, TokKind::RParen),
            b',' => one(&mut i, TokKind::Comma),
            b'+' => one(&mut i, TokKind::Plus),
            b'*' => one(&mut i, TokKind::Star),
            b'=' if b.get(i + 1) == Some(&b'=') => {
                i += 2;
                TokKind::EqEq
            }
            _ => number_or_name(b, &mut i),
        };
        out.push(Token { kind, span: TextRange::new(start, i) });
    }
    out.push(Token { kind: TokKind::Eof, span: TextRange::new(b.len(), b.len()) });
    out
}

fn one(i: &mut usize, k: TokKind) -> TokKind {
    *i += 1;
    k
}

fn number_or_name(b: &[u8], i: &mut usize) -> TokKind {
    let start = *i;
    let c = b[start];
    // An IPv6 address: a run of hex digits, ':' and '.' holding a ':'.
    if c.is_ascii_hexdigit() || c == b':' {
        let run = b[start..].iter().take_while(|x| x.is_ascii_hexdigit() || **x == b':' || **x == b'.').count();
        if b[start..start + run].contains(&b':') {
            *i = start + run;
            return TokKind::Ip6;
        }
    }
    if c == b'0' && matches!(b.get(start + 1), Some(b'x' | b'X')) {
        let digits = b[start + 2..].iter().take_while(|x| x.is_ascii_hexdigit()).count();
        if digits > 0 {
            *i = start + 2 + digits;
            return TokKind::Hex;
        }
        // `0x` with no digit: Kea reads `0` and stops at the `x`; report it whole.
        *i = start + 2;
        return TokKind::Bad;
    }
    if c.is_ascii_digit() || (c == b'-' && b.get(start + 1).is_some_and(u8::is_ascii_digit)) {
        let digits = |from: usize| b[from..].iter().take_while(|x| x.is_ascii_digit()).count();
        // Four dotted groups of digits: an IPv4 address.
        let mut j = start;
        let mut groups = 0;
        if c != b'-' {
            loop {
                let n = digits(j);
                if n == 0 {
                    break;
                }
                j += n;
                groups += 1;
                if groups == 4 || b.get(j) != Some(&b'.') || !b.get(j + 1).is_some_and(u8::is_ascii_digit) {
                    break;
                }
                j += 1;
            }
        }
        if groups == 4 {
            *i = j;
            return TokKind::Ip4;
        }
        let sign = usize::from(c == b'-');
        *i = start + sign + digits(start + sign);
        return TokKind::Int;
    }
    if c.is_ascii_alphabetic() {
        let mut j = start + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b'_') {
            j += 1;
        }
        // A name ends with a letter or digit.
        while matches!(b[j - 1], b'-' | b'_') {
            j -= 1;
        }
        *i = start + name_length(b, start, j);
        return TokKind::Name;
    }
    // One (possibly multi-byte) character.
    let len = std::str::from_utf8(&b[start..]).ok().and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
    *i = start + len;
    TokKind::Bad
}

/// The words of Kea's expression language (every version keakit reads; the parser says
/// which version has which).
pub const KEYWORDS: &[&str] = &[
    "addrtotext",
    "all",
    "and",
    "ciaddr",
    "concat",
    "data",
    "dst",
    "enterprise",
    "exists",
    "giaddr",
    "hex",
    "hexstring",
    "hlen",
    "htype",
    "iface",
    "ifelse",
    "int16totext",
    "int32totext",
    "int8totext",
    "known",
    "lcase",
    "len",
    "linkaddr",
    "mac",
    "member",
    "msgtype",
    "not",
    "option",
    "or",
    "peeraddr",
    "pkt",
    "pkt4",
    "pkt6",
    "relay4",
    "relay6",
    "siaddr",
    "split",
    "src",
    "substring",
    "text",
    "transid",
    "ucase",
    "uint16totext",
    "uint32totext",
    "uint8totext",
    "unknown",
    "vendor",
    "vendor-class",
    "yiaddr",
];

/// How much of the word `b[start..end]` is one token, as Kea's lexer (flex: the longest
/// match of any rule) cuts it: an option name is a word followed by `]` (blanks between);
/// anywhere else only keywords are words, so a run of letters is cut after the longest
/// keyword it starts with: kea-dhcp4 2.2 and 3.0.4 -t read `member('A')ormember('B')` as
/// `or member`. A word that starts with no keyword is left whole (an error either way).
fn name_length(b: &[u8], start: usize, end: usize) -> usize {
    let word = &b[start..end];
    let next = b[end..].iter().find(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
    if next == Some(&b']') || KEYWORDS.iter().any(|k| k.as_bytes() == word) {
        return word.len();
    }
    KEYWORDS.iter().filter(|k| word.starts_with(k.as_bytes())).map(|k| k.len()).max().unwrap_or(word.len())
}
