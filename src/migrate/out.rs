//! Kea JSON text with comments. Notes ride in the value itself under the reserved key
//! `"//"` (an array of lines) of the object they concern; the printer turns them into
//! `//` comment lines at the top of that object, and `strip` removes them for tools that
//! want the plain value. Kea accepts `//` comments (verified with `kea-dhcp4 -t` 2.2).
//!
//! Reservations are rendered as soon as they are made (`render`): a `reservations` array
//! holds them as strings of JSON text (a reservation is never a string otherwise; one
//! string may hold several, comma-separated), which the printer re-indents in place and
//! `strip` parses back. A config with 100,000 hosts then holds one text instead of 100,000
//! maps.

use serde_json::{Map, Value};
use std::fmt::Write as _;

pub const NOTES: &str = "//";

/// The one list whose items may be rendered text (`render`).
const RENDERED_IN: &str = "reservations";

/// Add a comment line to an object.
pub fn note(obj: &mut Map<String, Value>, line: impl Into<String>) {
    let e = obj.entry(NOTES).or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = e {
        a.push(Value::String(line.into()));
    }
}

/// A reservation as JSON text with comments, indented from column 0 (see the module doc).
pub fn render(v: &Value) -> String {
    let mut s = String::with_capacity(128);
    render_into(&mut s, v);
    s.shrink_to_fit();
    s
}

/// `render`, appended to `s`. A reservation of scalars only and no notes, short enough, is
/// written on one line (`{ "hostname": "h1", "hw-address": "...", "ip-address": "..." }`):
/// a config with thousands of hosts then reads, and greps, one host per line.
pub fn render_into(s: &mut String, v: &Value) {
    if let Value::Object(m) = v
        && !m.is_empty()
        && m.iter().all(|(k, x)| k != NOTES && !matches!(x, Value::Object(_) | Value::Array(_)))
        && render_one_line(s, m.iter().map(|(k, x)| (k.as_str(), Scalar::Value(x))))
    {
        return;
    }
    write_value(s, v, 0);
}

/// A member value for `render_one_line`: text the caller has, or a scalar JSON value.
pub enum Scalar<'a> {
    Str(&'a str),
    Value(&'a Value),
}

/// `{ "key": value, ... }` on one line, appended to `s`; false, with `s` as it was, when the
/// line would be longer than `ONE_LINE` (the caller then writes the object over lines).
pub fn render_one_line<'a>(s: &mut String, members: impl Iterator<Item = (&'a str, Scalar<'a>)>) -> bool {
    let start = s.len();
    s.push_str("{ ");
    for (i, (k, x)) in members.enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write_str(s, k);
        s.push_str(": ");
        match x {
            Scalar::Str(t) => write_str(s, t),
            Scalar::Value(v) => write_value(s, v, 0),
        }
    }
    s.push_str(" }");
    if s.len() - start <= ONE_LINE {
        return true;
    }
    s.truncate(start);
    false
}

/// Longest reservation written on one line.
const ONE_LINE: usize = 110;

/// The reservations in a rendered text (one, or several separated by commas).
pub fn parse_rendered(text: &str) -> Value {
    let plain: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
    serde_json::from_str(&format!("[{plain}]")).unwrap_or(Value::Array(Vec::new()))
}

/// The value without comment keys (rendered reservations parsed back).
pub fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove(NOTES);
            if let Some(Value::Array(rs)) = m.get_mut(RENDERED_IN) {
                let mut plain = Vec::with_capacity(rs.len());
                for r in rs.drain(..) {
                    match r {
                        Value::String(text) => plain.extend(parse_rendered(&text).as_array().into_iter().flatten().cloned()),
                        other => plain.push(other),
                    }
                }
                *rs = plain;
            }
            m.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Pretty JSON (2-space indent) with the notes as comments.
pub fn to_text(v: &Value) -> String {
    to_text_with_capacity(v, 1 << 16)
}

/// `to_text` into a buffer of `capacity` bytes. A generous guess costs nothing (pages never
/// written are never resident), and a large output then grows without copying itself.
pub fn to_text_with_capacity(v: &Value, capacity: usize) -> String {
    let mut s = String::with_capacity(capacity);
    write_value(&mut s, v, 0);
    s.push('\n');
    s
}

fn indent(s: &mut String, n: usize) {
    for _ in 0..n {
        s.push_str("  ");
    }
}

fn write_value(s: &mut String, v: &Value, depth: usize) {
    match v {
        Value::Object(m) => {
            let notes = m.get(NOTES).and_then(Value::as_array);
            let count = m.len() - usize::from(m.contains_key(NOTES));
            if count == 0 && notes.is_none() {
                s.push_str("{ }");
                return;
            }
            s.push_str("{\n");
            for n in notes.into_iter().flatten() {
                for line in n.as_str().unwrap_or("").lines() {
                    indent(s, depth + 1);
                    s.push_str("// ");
                    s.push_str(line);
                    s.push('\n');
                }
            }
            let mut left = count;
            for (k, val) in m.iter().filter(|(k, _)| k.as_str() != NOTES) {
                indent(s, depth + 1);
                write_str(s, k);
                s.push_str(": ");
                match val {
                    Value::Array(a) if k == RENDERED_IN && a.iter().any(Value::is_string) => write_rendered(s, a, depth + 1),
                    _ => write_value(s, val, depth + 1),
                }
                left -= 1;
                if left > 0 {
                    s.push(',');
                }
                s.push('\n');
            }
            indent(s, depth);
            s.push('}');
        }
        Value::Array(a) if a.is_empty() => s.push_str("[ ]"),
        Value::Array(a) => {
            s.push_str("[\n");
            for (i, val) in a.iter().enumerate() {
                indent(s, depth + 1);
                write_value(s, val, depth + 1);
                if i + 1 < a.len() {
                    s.push(',');
                }
                s.push('\n');
            }
            indent(s, depth);
            s.push(']');
        }
        Value::String(t) => write_str(s, t),
        Value::Number(n) => {
            let _ = write!(s, "{n}");
        }
        Value::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
        Value::Null => s.push_str("null"),
    }
}

/// A `reservations` list whose items were rendered at column 0: each line re-indented.
fn write_rendered(s: &mut String, a: &[Value], depth: usize) {
    s.push_str("[\n");
    for (i, val) in a.iter().enumerate() {
        indent(s, depth + 1);
        match val {
            Value::String(text) => {
                // Each line after the first indented: the line end and the indentation are
                // one piece of text, copied once per line (a list's hosts are one string).
                let pad = format!("\n{}", "  ".repeat(depth + 1));
                let mut lines = text.split('\n');
                s.push_str(lines.next().unwrap_or(""));
                for line in lines {
                    s.push_str(&pad);
                    s.push_str(line);
                }
            }
            other => write_value(s, other, depth + 1),
        }
        if i + 1 < a.len() {
            s.push(',');
        }
        s.push('\n');
    }
    indent(s, depth);
    s.push(']');
}

/// Bytes a JSON string cannot hold as they are: control characters, `"` and `\`.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    t
};

/// A JSON string literal (RFC 8259 escapes), copying unescaped runs whole: the output of a
/// large migration is mostly strings, and this avoids a temporary per string.
fn write_str(s: &mut String, t: &str) {
    // Almost every string needs no escape: one scan, one copy.
    if !t.bytes().any(|b| NEEDS_ESCAPE[usize::from(b)]) {
        s.reserve(t.len() + 2);
        s.push('"');
        s.push_str(t);
        s.push('"');
        return;
    }
    s.push('"');
    let mut run = 0;
    for (i, b) in t.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        s.push_str(&t[run..i]);
        if esc.is_empty() {
            let _ = write!(s, "\\u{:04x}", b);
        } else {
            s.push_str(esc);
        }
        run = i + 1;
    }
    s.push_str(&t[run..]);
    s.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn notes_become_comments_and_strip_removes_them() {
        let mut v = json!({"Dhcp4": {"//": ["a note", "two\nlines"], "valid-lifetime": 1}});
        let t = to_text(&v);
        assert!(t.contains("    // a note\n    // two\n    // lines\n    \"valid-lifetime\": 1"), "{t}");
        // Strings and keys are escaped as serde_json escapes them.
        let tricky = json!({"k\"\\\u{1}é": ["a\"b\\c\nd\re\tf\u{7f}\u{1f}é", 1.5, -3, null, true]});
        assert_eq!(serde_json::from_str::<Value>(&to_text(&tricky)).unwrap(), tricky);
        strip(&mut v);
        assert_eq!(v, json!({"Dhcp4": {"valid-lifetime": 1}}));
    }

    #[test]
    fn short_reservations_take_one_line() {
        let host = json!({"hostname": "h1", "hw-address": "00:11:22:33:44:55", "ip-address": "10.0.0.1"});
        assert_eq!(render(&host), r#"{ "hostname": "h1", "hw-address": "00:11:22:33:44:55", "ip-address": "10.0.0.1" }"#);
        let v = json!({"reservations": [render(&host)]});
        assert_eq!(to_text(&v), "{\n  \"reservations\": [\n    ".to_string() + &render(&host) + "\n  ]\n}\n");
        let mut back = v.clone();
        strip(&mut back);
        assert_eq!(back, json!({"reservations": [host]}));
        let long = json!({"hostname": "h".repeat(100), "hw-address": "00:11:22:33:44:55"});
        assert!(render(&long).contains('\n'));
    }

    #[test]
    fn rendered_reservations_print_like_maps_and_strip_back() {
        let host = json!({"//": ["a note"], "hostname": "h\"1", "hw-address": "00:11:22:33:44:55", "option-data": [{"name": "x", "data": "a//b"}]});
        let as_map = json!({"Dhcp4": {"reservations": [host.clone(), host.clone()]}});
        let rendered = json!({"Dhcp4": {"reservations": [render(&host), render(&host)]}});
        let joined = json!({"Dhcp4": {"reservations": [format!("{},\n{}", render(&host), render(&host))]}});
        assert_eq!(to_text(&as_map), to_text(&joined));
        assert_eq!(to_text(&as_map), to_text(&rendered));
        let (mut a, mut b, mut c) = (as_map, rendered, joined);
        strip(&mut a);
        strip(&mut b);
        strip(&mut c);
        assert_eq!(a, b);
        assert_eq!(a, c);
    }
}
