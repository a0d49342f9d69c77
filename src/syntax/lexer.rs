//! Tokens of Kea's JSON dialect. The lexer never fails: malformed input becomes an
//! `Error` token plus a diagnostic, so the parser can go on and report every problem.
//!
//! Rules taken from what `kea-dhcp4 -t` (2.2) accepts:
//! - `#` and `//` comments to end of line, `/* */` comments ("Comment not closed" if open);
//! - strings with JSON escapes; a raw control character ("Invalid control") or an unknown
//!   escape ("Bad escape") is an error, and so is `\u` above 00FF ("Unsupported unicode escape");
//! - integers that do not fit int64 are an error ("Failed to convert ... to an integer").
//! - `<?include "path"?>` is a token of its own; the loader splices the included file's tokens.

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::cst::{Comment, CommentKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    /// A string token; its span covers the quotes. Decode with `decode_string`.
    Str,
    /// A string containing an error (reported already); decodes lossily.
    BadStr,
    Int,
    Float,
    True,
    False,
    Null,
    /// `<?include "path"?>`; the path is `include_path(text, span)`.
    Include,
    /// Anything else (reported already): a stray character or an unknown word.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    /// For `Str`: whether the text has a backslash escape (when not, the value is the text
    /// between the quotes as it stands, and decoding can be skipped).
    pub escaped: bool,
    pub span: Span,
}

/// What a token is called in messages.
pub fn describe(kind: Tok) -> &'static str {
    match kind {
        Tok::LBrace => "`{`",
        Tok::RBrace => "`}`",
        Tok::LBracket => "`[`",
        Tok::RBracket => "`]`",
        Tok::Colon => "`:`",
        Tok::Comma => "`,`",
        Tok::Str | Tok::BadStr => "a string",
        Tok::Int => "an integer",
        Tok::Float => "a number",
        Tok::True | Tok::False => "a boolean",
        Tok::Null => "`null`",
        Tok::Include => "an include directive",
        Tok::Error => "an invalid token",
    }
}

pub struct Lexed {
    pub tokens: Vec<Token>,
    pub comments: Vec<Comment>,
    pub diags: Vec<Diagnostic>,
}

/// Lex a whole text into a token vector (fmt, bracket diagnosis, tests).
pub fn lex(text: &str, file: FileId) -> Lexed {
    let mut lx = Lexer::new(file);
    let mut tokens = Vec::new();
    while let Some(t) = lx.next_token(text) {
        tokens.push(t);
    }
    Lexed { tokens, comments: lx.comments, diags: lx.diags }
}

/// A streaming lexer over one file: the parser pulls one token at a time, so a 20 MB config
/// never has its millions of tokens in memory at once. It does not hold the text (the
/// loader adds included files to the source map while lexers are live); each call is
/// given it.
pub struct Lexer {
    pos: usize,
    file: FileId,
    pub comments: Vec<Comment>,
    pub diags: Vec<Diagnostic>,
}

impl Lexer {
    pub fn new(file: FileId) -> Lexer {
        Lexer { pos: 0, file, comments: Vec::new(), diags: Vec::new() }
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    /// The next token of `text` (the same text on every call), or None at its end.
    pub fn next_token(&mut self, text: &str) -> Option<Token> {
        let mut c = Cursor { b: text.as_bytes(), text, pos: self.pos, file: self.file, lx: self, tok: None };
        c.run();
        let (pos, tok) = (c.pos, c.tok);
        self.pos = pos;
        tok
    }
}

/// One `next_token` call's view: the text, the position, and where results go.
struct Cursor<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
    file: FileId,
    lx: &'a mut Lexer,
    tok: Option<Token>,
}

impl Cursor<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }
    fn push(&mut self, kind: Tok, start: usize, end: usize) {
        let span = self.span(start, end);
        self.tok = Some(Token { kind, escaped: false, span });
    }
    fn error(&mut self, start: usize, end: usize, msg: impl Into<String>, label: &str, help: Option<String>) {
        let mut d = Diagnostic::error("syntax", msg).at(self.span(start, end), label);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.lx.diags.push(d);
    }

    /// Skip blanks and comments, then lex one token (stops as soon as one is produced).
    fn run(&mut self) {
        while self.tok.is_none() && self.pos < self.b.len() {
            // Blanks are most of an indented config: skip them in a tight loop.
            let b = self.b;
            let mut p = self.pos;
            // Indentation: eight spaces per step where possible.
            const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
            loop {
                if p + 8 <= b.len() && u64::from_ne_bytes(b[p..p + 8].try_into().unwrap_or([0; 8])) == SPACES {
                    p += 8;
                } else if p < b.len() && matches!(b[p], b' ' | b'\t' | b'\n' | b'\r') {
                    p += 1;
                } else {
                    break;
                }
            }
            self.pos = p;
            if p == b.len() {
                break;
            }
            let c = self.b[self.pos];
            let start = self.pos;
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'{' => self.single(Tok::LBrace),
                b'}' => self.single(Tok::RBrace),
                b'[' => self.single(Tok::LBracket),
                b']' => self.single(Tok::RBracket),
                b':' => self.single(Tok::Colon),
                b',' => self.single(Tok::Comma),
                b'"' => self.string(),
                b'#' => self.line_comment(start, 1, CommentKind::Hash),
                b'/' if self.b.get(start + 1) == Some(&b'/') => self.line_comment(start, 2, CommentKind::Line),
                b'/' if self.b.get(start + 1) == Some(&b'*') => self.block_comment(start),
                b'-' | b'+' | b'.' | b'0'..=b'9' => self.number(),
                b'<' if self.b[start..].starts_with(b"<?") => self.include(),
                _ if c.is_ascii_alphabetic() => self.word(),
                _ => {
                    // One whole character, so that the span never splits a UTF-8 sequence.
                    let ch = self.text[start..].chars().next().unwrap_or('\u{fffd}');
                    let end = start + ch.len_utf8().max(1);
                    self.pos = end;
                    let shown = if ch.is_control() { format!("\\u{{{:x}}}", ch as u32) } else { ch.to_string() };
                    self.error(start, end, format!("unexpected character `{shown}`"), "not valid in JSON", None);
                    self.push(Tok::Error, start, end);
                }
            }
        }
    }

    fn single(&mut self, kind: Tok) {
        self.push(kind, self.pos, self.pos + 1);
        self.pos += 1;
    }

    fn line_comment(&mut self, start: usize, _skip: usize, kind: CommentKind) {
        let end = memchr(b'\n', &self.b[start..]).map(|i| start + i).unwrap_or(self.b.len());
        // Do not include a '\r' of a CRLF line end in the comment.
        let cend = if end > start && self.b[end - 1] == b'\r' { end - 1 } else { end };
        self.lx.comments.push(Comment { span: self.span(start, cend), kind });
        self.pos = end;
    }

    fn block_comment(&mut self, start: usize) {
        match find(b"*/", &self.b[start + 2..]) {
            Some(i) => {
                let end = start + 2 + i + 2;
                self.lx.comments.push(Comment { span: self.span(start, end), kind: CommentKind::Block });
                self.pos = end;
            }
            None => {
                self.error(
                    start,
                    start + 2,
                    "comment not closed",
                    "this `/*` has no matching `*/`",
                    Some("add `*/` where the comment ends".into()),
                );
                self.pos = self.b.len();
            }
        }
    }

    fn string(&mut self) {
        let start = self.pos;
        let mut i = start + 1;
        let mut bad = false;
        let mut escaped = false;
        loop {
            // Plain characters in a tight loop; only quotes, escapes and control characters
            // need the careful path below.
            let b = self.b;
            while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
                i += 1;
            }
            let Some(&c) = self.b.get(i) else {
                self.error(
                    start,
                    i,
                    "string not closed",
                    "this string has no closing `\"`",
                    Some("add `\"` at the end of the string".into()),
                );
                self.push(Tok::BadStr, start, i);
                self.pos = i;
                return;
            };
            match c {
                b'"' => break,
                b'\n' => {
                    self.error(
                        start,
                        i,
                        "string not closed before the end of the line",
                        "this string has no closing `\"`",
                        Some("add `\"` at the end of the string; JSON strings cannot span lines".into()),
                    );
                    self.push(Tok::BadStr, start, i);
                    self.pos = i;
                    return;
                }
                b'\\' => {
                    escaped = true;
                    let esc = self.b.get(i + 1).copied();
                    match esc {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') => {
                            // Four hex digits exactly: from_str_radix alone would take "+0ff" (Kea: "Bad escape").
                            let hex = self
                                .b
                                .get(i + 2..i + 6)
                                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u32::from_str_radix(h, 16).ok());
                            match hex {
                                Some(v) if v <= 0xff => i += 6,
                                Some(_) => {
                                    self.error(
                                        i,
                                        i + 6,
                                        "unsupported unicode escape",
                                        "Kea only accepts \\u0000 to \\u00FF",
                                        Some("write the character itself (UTF-8) instead of a \\u escape".into()),
                                    );
                                    bad = true;
                                    i += 6;
                                }
                                None => {
                                    self.error(i, (i + 2).min(self.b.len()), "bad \\u escape", "expected four hex digits", None);
                                    bad = true;
                                    i += 2;
                                }
                            }
                        }
                        _ => {
                            let end = (i + 2).min(self.b.len());
                            let end = if self.text.is_char_boundary(end) { end } else { i + 1 };
                            self.error(
                                i,
                                end,
                                "bad escape in string",
                                "not a JSON escape",
                                Some("valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00XX; to write a backslash use \\\\".into()),
                            );
                            bad = true;
                            i = end;
                        }
                    }
                }
                c if c < 0x20 => {
                    self.error(
                        i,
                        i + 1,
                        "control character in string",
                        "raw control characters are not allowed in JSON strings",
                        Some("use an escape such as \\t or \\n".into()),
                    );
                    bad = true;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        let end = i + 1;
        self.push(if bad { Tok::BadStr } else { Tok::Str }, start, end);
        if let Some(t) = &mut self.tok {
            t.escaped = escaped;
        }
        self.pos = end;
    }

    /// Numbers as Kea's lexer reads them, which is laxer than JSON (measured with
    /// kea-dhcp4 -t 2.2): a leading `+`, leading zeros, `.5` and `5.` are all accepted.
    fn number(&mut self) {
        let start = self.pos;
        let b = self.b;
        let mut i = start;
        if b[i] == b'-' || b[i] == b'+' {
            i += 1;
        }
        let mut digits = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
        let mut float = false;
        if i < b.len() && b[i] == b'.' {
            float = true;
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
                digits += 1;
            }
        }
        let mut bad_exponent = false;
        if digits > 0 && i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            float = true;
            i += 1;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                i += 1;
            }
            let exp_start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            bad_exponent = i == exp_start;
        }
        // Glue any trailing identifier characters on, so `12ab` is one bad token.
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'.') {
            j += 1;
        }
        self.pos = j.max(start + 1);
        if j != i || digits == 0 || bad_exponent {
            let end = self.pos;
            self.error(
                start,
                end,
                format!("invalid number `{}`", &self.text[start..end]),
                "not a number",
                Some("quote it if it is meant as a string".into()),
            );
            self.push(Tok::Error, start, end);
            return;
        }
        let raw = self.text[start..i].trim_start_matches('+');
        if !float && raw.parse::<i64>().is_err() {
            self.error(start, i, format!("`{}` does not fit a 64-bit integer", &self.text[start..i]), "integer too large", None);
            self.push(Tok::Error, start, i);
            return;
        }
        self.push(if float { Tok::Float } else { Tok::Int }, start, i);
    }

    fn word(&mut self) {
        let start = self.pos;
        let mut i = start;
        while i < self.b.len() && (self.b[i].is_ascii_alphanumeric() || self.b[i] == b'_' || self.b[i] == b'-') {
            i += 1;
        }
        self.pos = i;
        let w = &self.text[start..i];
        let kind = match w {
            "true" => Tok::True,
            "false" => Tok::False,
            "null" => Tok::Null,
            _ => {
                let help = match w.to_ascii_lowercase().as_str() {
                    "true" | "false" | "null" => format!("JSON keywords are lower case: write `{}`", w.to_ascii_lowercase()),
                    _ => format!("strings must be quoted: \"{w}\""),
                };
                self.error(start, i, format!("unexpected word `{w}`"), "not a JSON value", Some(help));
                Tok::Error
            }
        };
        self.push(kind, start, i);
    }

    /// `<?include "path"?>`, with optional blanks between the parts.
    fn include(&mut self) {
        let start = self.pos;
        let b = self.b;
        let mut i = start + 2;
        let skip_ws = |mut i: usize| {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            i
        };
        i = skip_ws(i);
        let ok = b[i..].starts_with(b"include")
            && {
                i = skip_ws(i + 7);
                b.get(i) == Some(&b'"')
            }
            && {
                match memchr(b'"', &b[i + 1..]) {
                    Some(q) if !b[i + 1..i + 1 + q].contains(&b'\n') && q > 0 => {
                        i = skip_ws(i + 1 + q + 1);
                        b[i..].starts_with(b"?>")
                    }
                    _ => false,
                }
            };
        if ok {
            self.push(Tok::Include, start, i + 2);
            self.pos = i + 2;
        } else {
            let end = memchr(b'\n', &b[start..]).map(|n| start + n).unwrap_or(b.len());
            self.error(
                start,
                end,
                "malformed include directive",
                "expected <?include \"path\"?>",
                Some("write it as <?include \"file.json\"?>".into()),
            );
            self.push(Tok::Error, start, end);
            self.pos = end;
        }
    }
}

/// The path inside an `Include` token's text.
pub fn include_path(token_text: &str) -> &str {
    let a = token_text.find('"').map(|i| i + 1).unwrap_or(0);
    let b = token_text[a..].find('"').map(|i| a + i).unwrap_or(token_text.len());
    &token_text[a..b]
}

/// Decode a string token's text (with quotes) into its value. Invalid escapes (already
/// reported by the lexer) are kept literally so that the result is still usable.
pub fn decode_string(raw: &str) -> std::borrow::Cow<'_, str> {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    if !inner.contains('\\') {
        return std::borrow::Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, '/')) => out.push('/'),
            Some((_, 'b')) => out.push('\u{8}'),
            Some((_, 'f')) => out.push('\u{c}'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let hex = inner.get(i + 2..i + 6).and_then(|h| u32::from_str_radix(h, 16).ok());
                match hex.and_then(char::from_u32) {
                    Some(ch) => {
                        out.push(ch);
                        for _ in 0..4 {
                            chars.next();
                        }
                    }
                    None => out.push_str("\\u"),
                }
            }
            Some((_, other)) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Map a byte offset in a decoded string value back to a byte offset in its raw token text
/// (with quotes), so diagnostics can point inside a string even when it has escapes.
pub fn raw_offset(raw: &str, decoded_offset: usize) -> usize {
    let inner = &raw[1.min(raw.len())..];
    if !inner.contains('\\') {
        return (1 + decoded_offset).min(raw.len());
    }
    let mut decoded = 0usize;
    let mut i = 0usize;
    let b = inner.as_bytes();
    while i < b.len() && decoded < decoded_offset {
        if b[i] == b'\\' {
            let (raw_len, out_len) = match b.get(i + 1) {
                Some(b'u') => {
                    let v = inner.get(i + 2..i + 6).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
                    (6, v.map(|c| c.len_utf8()).unwrap_or(2))
                }
                Some(_) => (2, 1),
                None => (1, 1),
            };
            i += raw_len;
            decoded += out_len;
        } else {
            i += 1;
            decoded += 1;
        }
    }
    (1 + i).min(raw.len())
}

use memchr::memchr;

fn find(needle: &[u8], hay: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        lex(s, FileId(0)).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn tokens_and_comments() {
        let l = lex("{ # a\n \"k\" : [1, -2.5e3, true, false, null] // b\n /* c */ }", FileId(0));
        let k: Vec<Tok> = l.tokens.iter().map(|t| t.kind).collect();
        use Tok::*;
        assert_eq!(k, vec![LBrace, Str, Colon, LBracket, Int, Comma, Float, Comma, True, Comma, False, Comma, Null, RBracket, RBrace]);
        assert_eq!(l.comments.len(), 3);
        assert!(l.diags.is_empty());
    }

    #[test]
    fn kea_string_rules() {
        assert_eq!(kinds(r#""a\u0101b""#), vec![Tok::BadStr]);
        assert_eq!(kinds("\"a\tb\""), vec![Tok::BadStr]);
        assert_eq!(kinds(r#""a\qb""#), vec![Tok::BadStr]);
        assert_eq!(kinds(r#""\u00e9\/""#), vec![Tok::Str]);
        assert_eq!(kinds(r#""\u+0ff""#), vec![Tok::BadStr]);
        assert_eq!(decode_string(r#""\u00e9\/\n""#), "é/\n");
    }

    #[test]
    fn numbers() {
        assert_eq!(kinds("99999999999999999999"), vec![Tok::Error]);
        assert_eq!(kinds("-0 01 1e5"), vec![Tok::Int, Tok::Int, Tok::Float]);
        assert_eq!(kinds("12ab"), vec![Tok::Error]);
        assert_eq!(kinds("-"), vec![Tok::Error]);
        // Kea's laxer number forms.
        assert_eq!(kinds(".5 5. -.5 +1"), vec![Tok::Float, Tok::Float, Tok::Float, Tok::Int]);
        assert_eq!(kinds("0.5e"), vec![Tok::Error]);
        assert_eq!(kinds("."), vec![Tok::Error]);
    }

    #[test]
    fn include_forms() {
        assert_eq!(kinds(r#"<?include "a.json"?>"#), vec![Tok::Include]);
        assert_eq!(kinds(r#"<?include  "a.json" ?>"#), vec![Tok::Include]);
        assert_eq!(include_path(r#"<?include "a b.json"?>"#), "a b.json");
        assert_eq!(kinds(r#"<?include a.json?>"#), vec![Tok::Error]);
    }

    #[test]
    fn unclosed_comment_and_string() {
        let l = lex("{ /* x ", FileId(0));
        assert_eq!(l.diags.len(), 1);
        let l = lex("\"abc", FileId(0));
        assert_eq!(l.diags.len(), 1);
    }

    #[test]
    fn raw_offsets() {
        assert_eq!(raw_offset(r#""abc""#, 2), 3);
        assert_eq!(raw_offset(r#""a\"c""#, 2), 4);
        assert_eq!(raw_offset(r#""\u00e9x""#, 2), 7);
    }

    #[test]
    fn garbage_never_panics() {
        let data: Vec<u8> = (0..2000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let s = String::from_utf8_lossy(&data);
        let _ = lex(&s, FileId(0));
        for cut in 0..40 {
            let _ = lex(&"<?include \"x\"?>{\"a\\u00\":1e}"[..cut.min(27)], FileId(0));
        }
    }
}
