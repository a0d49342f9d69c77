//! Kea JSON text with comments. Notes ride in the value itself under the reserved key
//! `"//"` (an array of lines) of the object they concern; the printer turns them into
//! `//` comment lines at the top of that object, and `strip` removes them for tools that
//! want the plain value. Kea accepts `//` comments (verified with `kea-dhcp4 -t` 2.2).
//!
//! Reservations are rendered as soon as they are made (`render`): a `reservations` array
//! holds them as strings of JSON text (a reservation is never a string otherwise), which
//! the printer re-indents in place and `strip` parses back. A config with 100,000 hosts
//! then holds 100,000 short strings instead of 100,000 maps.

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
pub fn render(v: &Value) -> Value {
    let mut s = String::with_capacity(128);
    write_value(&mut s, v, 0);
    s.shrink_to_fit();
    Value::String(s)
}

/// The value without comment keys (rendered reservations parsed back).
pub fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove(NOTES);
            if let Some(Value::Array(rs)) = m.get_mut(RENDERED_IN) {
                for r in rs.iter_mut() {
                    if let Value::String(text) = r {
                        let plain: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
                        *r = serde_json::from_str(&plain).unwrap_or(Value::Null);
                    }
                }
            }
            m.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Pretty JSON (2-space indent) with the notes as comments.
pub fn to_text(v: &Value) -> String {
    let mut s = String::with_capacity(1 << 16);
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
                for (j, line) in text.split('\n').enumerate() {
                    if j > 0 {
                        s.push('\n');
                        indent(s, depth + 1);
                    }
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

/// A JSON string literal (RFC 8259 escapes), copying unescaped runs whole: the output of a
/// large migration is mostly strings, and this avoids a temporary per string.
fn write_str(s: &mut String, t: &str) {
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
    fn rendered_reservations_print_like_maps_and_strip_back() {
        let host = json!({"//": ["a note"], "hostname": "h\"1", "hw-address": "00:11:22:33:44:55", "option-data": [{"name": "x", "data": "a//b"}]});
        let as_map = json!({"Dhcp4": {"reservations": [host.clone(), host.clone()]}});
        let rendered = json!({"Dhcp4": {"reservations": [render(&host), render(&host)]}});
        assert_eq!(to_text(&as_map), to_text(&rendered));
        let (mut a, mut b) = (as_map, rendered);
        strip(&mut a);
        strip(&mut b);
        assert_eq!(a, b);
    }
}
