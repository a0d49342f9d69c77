//! Tokens of ISC's configuration language (dhcpd.conf(5), dhcpd.leases(5)): words,
//! quoted strings with C escapes, punctuation, `#` comments to the end of the line.
//! The lexer never fails: a problem (unterminated string, stray byte) is returned as an
//! error token position for the parser to report.

use super::ast::{TokKind, Token};
use crate::source::{FileId, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lexeme {
    Tok(Token),
    Semi(Span),
    Open(Span),
    Close(Span),
    Comment(Box<str>),
    /// A string with no closing quote (span from the opening quote to the end of input).
    Unterminated(Span),
    /// A byte that starts no token.
    Stray(Span),
}

/// Characters that may appear in a bare word. `/` is included so that `2001:db8::/64`
/// is one word, as the ISC lexer reads it; `:` and `.` make addresses and hex strings words.
pub fn word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// `word_byte` as a table (the lexer asks once per byte of a config).
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':' | b'/' | b'$' | b'@');
        b += 1;
    }
    t
};

pub struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    file: FileId,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str, file: FileId) -> Lexer<'a> {
        Lexer::new_at(text, file, 0)
    }

    /// A lexer reading `text` from byte `at` (a char boundary), spans still offsets in `text`.
    pub fn new_at(text: &'a str, file: FileId, at: usize) -> Lexer<'a> {
        Lexer { src: text.as_bytes(), text, pos: at, file }
    }

    fn span(&self, s: usize, e: usize) -> Span {
        Span::new(self.file, s, e)
    }

    pub fn next_lexeme(&mut self) -> Option<Lexeme> {
        let src = self.src;
        let s = self.skip_space();
        let b = *src.get(s)?;
        Some(match b {
            b'#' => {
                let e = src[s..].iter().position(|&c| c == b'\n').map_or(src.len(), |n| s + n);
                self.pos = e;
                Lexeme::Comment(self.text[s + 1..e].trim().into())
            }
            b';' => {
                self.pos += 1;
                Lexeme::Semi(self.span(s, s + 1))
            }
            b'{' => {
                self.pos += 1;
                Lexeme::Open(self.span(s, s + 1))
            }
            b'}' => {
                self.pos += 1;
                Lexeme::Close(self.span(s, s + 1))
            }
            b'"' => self.string(s),
            b'!' | b'~' => {
                let two = src.get(s + 1).copied();
                let len = match (b, two) {
                    (b'!', Some(b'=')) | (b'~', Some(b'=')) | (b'~', Some(b'~')) => 2,
                    (b'!', _) => 1,
                    _ => {
                        self.pos += 1;
                        return Some(Lexeme::Stray(self.span(s, s + 1)));
                    }
                };
                self.pos += len;
                self.punct(s, s + len)
            }
            b',' | b'=' | b'(' | b')' | b'&' | b'|' | b'+' | b'*' | b'%' | b'^' => {
                self.pos += 1;
                self.punct(s, s + 1)
            }
            b if word_byte(b) => {
                let e = src[s..].iter().position(|&c| !word_byte(c)).map_or(src.len(), |n| s + n);
                self.pos = e;
                Lexeme::Tok(Token { kind: TokKind::Word, text: self.text[s..e].into(), span: self.span(s, e), latin1: false })
            }
            _ => {
                // Skip a whole UTF-8 character so spans stay on char boundaries.
                let len = self.text[s..].chars().next().map_or(1, char::len_utf8);
                self.pos += len;
                Lexeme::Stray(self.span(s, s + len))
            }
        })
    }

    fn punct(&self, s: usize, e: usize) -> Lexeme {
        Lexeme::Tok(Token { kind: TokKind::Punct, text: self.text[s..e].into(), span: self.span(s, e), latin1: false })
    }

    /// A quoted string with the escapes of ISC's lexer: `\n \t \r \b \" \\`, `\ooo` octal,
    /// `\xHH` hex; any other escaped character stands for itself.
    fn string(&mut self, s: usize) -> Lexeme {
        let src = self.src;
        let mut out: Vec<u8> = Vec::new();
        let mut i = s + 1;
        while i < src.len() {
            match src[i] {
                b'"' => {
                    self.pos = i + 1;
                    let (text, latin1) = match String::from_utf8(out) {
                        Ok(t) => (compact_str::CompactString::from(t), false),
                        Err(e) => (e.into_bytes().iter().map(|&b| b as char).collect::<compact_str::CompactString>(), true),
                    };
                    return Lexeme::Tok(Token { kind: TokKind::Str, text, span: self.span(s, i + 1), latin1 });
                }
                b'\\' if i + 1 < src.len() => {
                    let c = src[i + 1];
                    i += 2;
                    match c {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'0'..=b'7' => {
                            let mut v: u32 = u32::from(c - b'0');
                            let mut n = 1;
                            while n < 3 && i < src.len() && (b'0'..=b'7').contains(&src[i]) {
                                v = v * 8 + u32::from(src[i] - b'0');
                                i += 1;
                                n += 1;
                            }
                            out.push(v as u8);
                        }
                        b'x' => {
                            let mut v: u32 = 0;
                            let mut n = 0;
                            while n < 2 && i < src.len() && src[i].is_ascii_hexdigit() {
                                v = v * 16 + (src[i] as char).to_digit(16).unwrap_or(0);
                                i += 1;
                                n += 1;
                            }
                            out.push(v as u8);
                        }
                        c => out.push(c),
                    }
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        self.pos = src.len();
        Lexeme::Unterminated(self.span(s, src.len()))
    }
}

impl Lexer<'_> {
    /// Byte offset just after the last lexeme read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Skip white space; the offset of the next byte.
    pub fn skip_space(&mut self) -> usize {
        while self.src.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
            self.pos += 1;
        }
        self.pos
    }

    /// Go on reading from byte `at` (a char boundary), past what was read elsewhere.
    pub fn resume_at(&mut self, at: usize) {
        self.pos = at;
    }
}
