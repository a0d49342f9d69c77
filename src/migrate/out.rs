//! Kea JSON text with comments. Notes ride in the value itself under the reserved key
//! `"//"` (an array of lines) of the object they concern; the printer turns them into
//! `//` comment lines at the top of that object, and `strip` removes them for tools that
//! want the plain value. Kea accepts `//` comments (verified with `kea-dhcp4 -t` 2.2).

use serde_json::{Map, Value};
use std::fmt::Write as _;

pub const NOTES: &str = "//";

/// Add a comment line to an object.
pub fn note(obj: &mut Map<String, Value>, line: impl Into<String>) {
    let e = obj.entry(NOTES).or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = e {
        a.push(Value::String(line.into()));
    }
}

/// The value without comment keys.
pub fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove(NOTES);
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
            let members: Vec<_> = m.iter().filter(|(k, _)| k.as_str() != NOTES).collect();
            let notes = m.get(NOTES).and_then(Value::as_array);
            if members.is_empty() && notes.is_none() {
                s.push_str("{ }");
                return;
            }
            s.push_str("{\n");
            for n in notes.into_iter().flatten() {
                for line in n.as_str().unwrap_or("").lines() {
                    indent(s, depth + 1);
                    let _ = writeln!(s, "// {line}");
                }
            }
            for (i, (k, val)) in members.iter().enumerate() {
                indent(s, depth + 1);
                s.push_str(&Value::String((*k).clone()).to_string());
                s.push_str(": ");
                write_value(s, val, depth + 1);
                if i + 1 < members.len() {
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
        other => s.push_str(&other.to_string()),
    }
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
        strip(&mut v);
        assert_eq!(v, json!({"Dhcp4": {"valid-lifetime": 1}}));
    }
}
