//! Kea JSON text with comments, and the CST `check` reads, made in one pass.
//!
//! Notes ride in the value itself under the reserved key `"//"` (an array of lines) of the
//! object they concern; the printer turns them into `//` comment lines at the top of that
//! object. Kea accepts `//` comments (verified with `kea-dhcp4 -t` 2.2).
//!
//! Reservations are kept apart as they are made (`Entry`, compact for the common host): a
//! config with 100,000 hosts then holds 100,000 small records instead of 100,000 JSON maps.
//! A `reservations` list in the value holds one `marker` naming a list of entries.
//!
//! `print` writes the text and builds, as it writes, the tree `crate::syntax` would parse
//! from that text: the same nodes with the same spans, and the comments' spans. The CLI
//! checks that tree, so a migration's output is checked without being parsed again (the
//! parse of a large output cost more than writing it). That the two trees are equal is
//! tested on every migration of the test inputs (`tests/migrate_grammar.rs`) and fuzzed.

use crate::diag::Diagnostic;
use crate::model::Spanned;
use crate::source::{FileId, Span};
use crate::syntax::cst::{Comment, CommentKind, Member, Node, Str, Value as N};
use serde_json::{Map, Value};
use std::fmt::Write as _;

pub const NOTES: &str = "//";

/// The one list whose value may be a `marker`.
const RESERVATIONS: &str = "reservations";

/// Add a comment line to an object.
pub fn note(obj: &mut Map<String, Value>, line: impl Into<String>) {
    let e = obj.entry(NOTES).or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = e {
        a.push(Value::String(line.into()));
    }
}

/// A reservation as migrate made it.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// The common host (`scope::simple_host`): `hostname`, then `hw-address` and
    /// `ip-address` in the order the declaration gives them (`hw_first`).
    Simple { hostname: Str, hw: Str, ip: Option<Str>, hw_first: bool },
    /// Any other: its map, notes under `"//"`.
    Map(Node),
}

impl Entry {
    /// A reservation map as an entry: the compact form when it has the common host's shape
    /// (a config of 100,000 hosts placed in subnets keeps 100,000 of them).
    pub fn from_value(v: Value) -> Entry {
        Entry::simple(&v).unwrap_or_else(|| Entry::Map(Node::from_json(v)))
    }

    fn simple(v: &Value) -> Option<Entry> {
        let m = v.as_object()?;
        let mut it = m.iter();
        let (k, hostname) = it.next()?;
        if k != "hostname" || m.len() > 3 {
            return None;
        }
        let (mut hw, mut ip, mut hw_first) = (None, None, false);
        for (k, x) in it {
            match (k.as_str(), x.as_str()) {
                ("hw-address", Some(t)) if hw.is_none() => {
                    hw = Some(t.into());
                    hw_first = ip.is_none();
                }
                ("ip-address", Some(t)) if ip.is_none() => ip = Some(t.into()),
                _ => return None,
            }
        }
        Some(Entry::Simple { hostname: hostname.as_str()?.into(), hw: hw?, ip, hw_first })
    }
    /// The reservation as a JSON value (notes included).
    pub fn to_json(&self) -> Value {
        match self {
            Entry::Simple { .. } => self.clone().into_node().to_json(),
            Entry::Map(n) => n.to_json(),
        }
    }
    fn into_node(self) -> Node {
        match self {
            Entry::Map(n) => n,
            Entry::Simple { hostname, hw, ip, hw_first } => {
                let member = |k: &str, v: Str| Member { key: k.into(), key_span: Span::default(), value: string_node(v) };
                let mut m = Vec::with_capacity(2 + usize::from(ip.is_some()));
                m.push(member("hostname", hostname));
                let ip = ip.map(|a| member("ip-address", a));
                if !hw_first {
                    m.extend(ip.clone());
                }
                m.push(member("hw-address", hw));
                if hw_first {
                    m.extend(ip);
                }
                Node { span: Span::default(), value: N::Object(m) }
            }
        }
    }
}

fn string_node(v: Str) -> Node {
    Node { span: Span::default(), value: N::String(v) }
}

/// The value standing in a `reservations` list for list `i` of entries.
pub fn marker(i: usize) -> Value {
    Value::Array(vec![Value::String(format!("{MARK}{i}"))])
}

const MARK: &str = "\u{0}entries ";

/// The list a marker's string names.
fn list_named(s: &str) -> Option<usize> {
    s.strip_prefix(MARK)?.parse().ok()
}

/// The list of entries a `reservations` value stands for (see `marker`), in the tree.
fn marked(v: &N) -> Option<usize> {
    match v {
        N::Array(a) if a.len() == 1 => list_named(a[0].as_str()?),
        _ => None,
    }
}

/// `marked`, in the value.
pub fn marked_list(v: &Value) -> Option<usize> {
    list_named(v.as_array().filter(|a| a.len() == 1)?[0].as_str()?)
}

/// The value without notes, with the reservations in place: the plain JSON a config means.
pub fn plain(v: &Value, lists: &[Vec<Entry>]) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| *k != NOTES)
                .map(|(k, x)| {
                    let x = match marked_list(x).filter(|_| k == RESERVATIONS).and_then(|i| lists.get(i)) {
                        Some(list) => Value::Array(list.iter().map(|e| plain(&e.to_json(), &[])).collect()),
                        None => plain(x, lists),
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| plain(x, lists)).collect()),
        other => other.clone(),
    }
}

/// Text and tree of a printed config (see the module doc).
pub struct Printed {
    pub text: String,
    /// What `crate::syntax` parses from `text`, spans in `file`.
    pub root: Node,
    /// The `//` comments of `text`, in order.
    pub comments: Vec<Comment>,
    /// What `crate::syntax` would report reading `text` (nothing, unless the value holds an
    /// integer too large for Kea).
    pub diags: Vec<Diagnostic>,
    /// With `print_lowering`: the daemon's own `reservations` made of `Entry::Simple`, lowered
    /// into the model as they were printed (in text order, spans in `text`); they are not in
    /// `root`'s list, which holds the others.
    pub lowered: Vec<crate::model::Reservation>,
}

impl Printed {
    /// The document `check` reads: the text as the first file of a new source map named
    /// `name` (where the spans point, `FileId(0)`), with the diagnostics and lowered
    /// reservations to give `check::check_all_lowered`.
    pub fn into_document(self, name: &str) -> (crate::syntax::Document, Vec<Diagnostic>, Vec<crate::model::Reservation>) {
        let mut sources = crate::source::SourceMap::new();
        let file = sources.add(crate::source::SourceFile::new(name, None, self.text));
        debug_assert_eq!(file, FileId(0));
        let doc = crate::syntax::Document {
            sources,
            root: Some(self.root),
            comments: self.comments,
            trailing_commas: Vec::new(),
            includes: Vec::new(),
        };
        (doc, self.diags, self.lowered)
    }
}

/// Pretty JSON (2-space indent) with the notes as comments; `lists`: the entries the value's
/// markers stand for. `capacity`: the text's first allocation (a generous guess costs
/// nothing: pages never written are never resident; a large output then grows without
/// copying itself). Spans point into `file`, the id the text will have in its source map.
pub fn print(v: Value, lists: Vec<Vec<Entry>>, file: FileId, capacity: usize) -> Printed {
    print_lowering(v, lists, file, capacity, None)
}

/// `print`, and with `lower` (the config's universe) the common hosts of the daemon's own
/// `reservations` list are lowered into the model as they are printed (`Printed::lowered`),
/// by the lowering `check` runs on a parsed tree (`Reservation::lower`), instead of being
/// left in the tree: 100,000 of them then never exist as tree nodes all at once. The schema
/// walk has nothing to find in them (three string members, made here).
pub fn print_lowering(
    v: Value,
    lists: Vec<Vec<Entry>>,
    file: FileId,
    capacity: usize,
    lower: Option<crate::universe::Universe>,
) -> Printed {
    let mut root = Node::from_json(v);
    let mut p =
        Printer { s: String::with_capacity(capacity), comments: Vec::new(), diags: Vec::new(), file, lists, lower, lowered: Vec::new() };
    p.node(&mut root, 0);
    p.s.push('\n');
    Printed { text: p.s, root, comments: p.comments, diags: p.diags, lowered: p.lowered }
}

/// `print`'s text alone.
pub fn to_text(v: &Value, lists: &[Vec<Entry>]) -> String {
    print(v.clone(), lists.to_vec(), FileId(0), 1 << 16).text
}

struct Printer {
    s: String,
    comments: Vec<Comment>,
    diags: Vec<Diagnostic>,
    file: FileId,
    lists: Vec<Vec<Entry>>,
    lower: Option<crate::universe::Universe>,
    lowered: Vec<crate::model::Reservation>,
}

impl Printer {
    fn from(&self, start: usize) -> Span {
        Span::new(self.file, start, self.s.len())
    }

    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.s.push_str("  ");
        }
    }

    fn node(&mut self, n: &mut Node, depth: usize) {
        let start = self.s.len();
        match &mut n.value {
            N::Object(members) => self.object(members, depth),
            N::Array(a) if a.is_empty() => self.s.push_str("[ ]"),
            N::Array(a) => {
                self.s.push_str("[\n");
                let len = a.len();
                for (i, x) in a.iter_mut().enumerate() {
                    self.indent(depth + 1);
                    self.node(x, depth + 1);
                    if i + 1 < len {
                        self.s.push(',');
                    }
                    self.s.push('\n');
                }
                self.indent(depth);
                self.s.push(']');
            }
            N::String(t) => write_str(&mut self.s, t),
            N::Int(i) => {
                let _ = write!(self.s, "{i}");
            }
            N::Float(_, raw) => {
                self.s.push_str(raw);
                // An integer too large for i64: Kea and `crate::syntax` refuse it.
                if !raw.contains(['.', 'e', 'E']) {
                    let d = Diagnostic::error("syntax", format!("`{raw}` does not fit a 64-bit integer"));
                    self.diags.push(d.at(self.from(start), "integer too large"));
                }
            }
            N::Bool(b) => self.s.push_str(if *b { "true" } else { "false" }),
            N::Null => self.s.push_str("null"),
        }
        n.span = self.from(start);
    }

    fn object(&mut self, members: &mut Vec<Member>, depth: usize) {
        let notes = members.iter().position(|m| &*m.key == NOTES).map(|i| members.remove(i).value);
        if members.is_empty() && notes.is_none() {
            self.s.push_str("{ }");
            return;
        }
        self.s.push_str("{\n");
        for n in notes.iter().filter_map(Node::as_array).flatten() {
            for line in n.as_str().unwrap_or("").lines() {
                self.indent(depth + 1);
                let start = self.s.len();
                self.s.push_str("// ");
                self.s.push_str(line);
                self.comments.push(Comment { span: self.from(start), kind: CommentKind::Line });
                self.s.push('\n');
            }
        }
        let count = members.len();
        for (i, m) in members.iter_mut().enumerate() {
            self.indent(depth + 1);
            let start = self.s.len();
            write_str(&mut self.s, &m.key);
            m.key_span = self.from(start);
            self.s.push_str(": ");
            match marked(&m.value.value).filter(|_| &*m.key == RESERVATIONS) {
                Some(list) => {
                    let start = self.s.len();
                    let entries = std::mem::take(&mut self.lists[list]);
                    // The daemon's own list (`{"Dhcp4": {"reservations": ...}}`) is at depth 1.
                    let lower = self.lower.filter(|_| depth == 1);
                    m.value = Node { span: Span::default(), value: N::Array(self.entries(entries, depth + 1, lower)) };
                    m.value.span = self.from(start);
                }
                None => self.node(&mut m.value, depth + 1),
            }
            if i + 1 < count {
                self.s.push(',');
            }
            self.s.push('\n');
        }
        self.indent(depth);
        self.s.push('}');
    }

    /// A list of reservations; a short one of scalars only is written on one line
    /// (`{ "hostname": "h1", "hw-address": "...", "ip-address": "..." }`): a config with
    /// thousands of hosts then reads, and greps, one host per line.
    fn entries(&mut self, entries: Vec<Entry>, depth: usize, lower: Option<crate::universe::Universe>) -> Vec<Node> {
        if entries.is_empty() {
            self.s.push_str("[ ]");
            return Vec::new();
        }
        self.s.push_str("[\n");
        let len = entries.len();
        let mut out = Vec::with_capacity(len);
        if lower.is_some() {
            self.lowered.reserve_exact(len);
        }
        for (i, e) in entries.into_iter().enumerate() {
            self.indent(depth + 1);
            let simple = matches!(e, Entry::Simple { .. });
            let e = match (e, lower) {
                (Entry::Simple { hostname, hw, ip, hw_first }, Some(_)) => match self.simple_lowered(hostname, hw, ip, hw_first) {
                    Ok(()) => {
                        if i + 1 < len {
                            self.s.push(',');
                        }
                        self.s.push('\n');
                        continue;
                    }
                    Err(e) => e,
                },
                (e, _) => e,
            };
            let mut n = e.into_node();
            if !self.one_line(&mut n) {
                self.node(&mut n, depth + 1);
            }
            match (lower, n.value) {
                (Some(universe), N::Object(members)) if simple => {
                    self.lowered.push(crate::model::Reservation::lower(n.span, members, &crate::model::Lower { universe }))
                }
                (_, value) => out.push(Node { span: n.span, value }),
            }
            if i + 1 < len {
                self.s.push(',');
            }
            self.s.push('\n');
        }
        self.indent(depth);
        self.s.push(']');
        out
    }

    /// An `Entry::Simple` printed on one line and lowered (into `lowered`) as
    /// `Reservation::lower` lowers those members (each value with the span of its text); the
    /// entry back, with nothing written, when the line would be longer than `ONE_LINE`.
    fn simple_lowered(&mut self, hostname: Str, hw: Str, ip: Option<Str>, hw_first: bool) -> Result<(), Entry> {
        let start = self.s.len();
        self.s.push_str("{ ");
        let mut spans = [Span::default(); 3];
        let (second, third) = if hw_first { (Some(&hw), ip.as_ref()) } else { (ip.as_ref(), Some(&hw)) };
        // The keys as `write_str` writes them (no escapes), and the separator.
        const HOSTNAME: &str = "\"hostname\": ";
        const HW: &str = ", \"hw-address\": ";
        const IP: &str = ", \"ip-address\": ";
        let keys = [HOSTNAME, if hw_first { HW } else { IP }, if hw_first { IP } else { HW }];
        for (i, v) in [Some(&hostname), second, third].into_iter().enumerate() {
            let Some(v) = v else { continue };
            self.s.push_str(keys[i]);
            let at = self.s.len();
            write_str(&mut self.s, v);
            spans[i] = self.from(at);
        }
        self.s.push_str(" }");
        if self.s.len() - start > ONE_LINE {
            self.s.truncate(start);
            return Err(Entry::Simple { hostname, hw, ip, hw_first });
        }
        let (hw_span, ip_span) = if hw_first { (spans[1], spans[2]) } else { (spans[2], spans[1]) };
        let identifiers = smallvec::smallvec![(crate::model::IdentifierType::HwAddress, Spanned::new(hw, hw_span))];
        // Made in place in the list (a reservation is 232 bytes: moving it out of a return
        // value per host showed in profiles).
        let span = self.from(start);
        self.lowered.push(crate::model::Reservation {
            span,
            identifiers,
            ip_address: ip.map(|a| Spanned::new(a, ip_span)),
            hostname: Some(Spanned::new(hostname, spans[0])),
            ..Default::default()
        });
        Ok(())
    }

    /// `{ "key": value, ... }` on one line; false, with nothing written, for a map with
    /// notes, lists or maps, or longer than `ONE_LINE`.
    fn one_line(&mut self, n: &mut Node) -> bool {
        let N::Object(members) = &mut n.value else { return false };
        if members.is_empty() || members.iter().any(|m| &*m.key == NOTES || matches!(m.value.value, N::Object(_) | N::Array(_))) {
            return false;
        }
        let start = self.s.len();
        self.s.push_str("{ ");
        for (i, m) in members.iter_mut().enumerate() {
            if i > 0 {
                self.s.push_str(", ");
            }
            let k = self.s.len();
            write_str(&mut self.s, &m.key);
            m.key_span = self.from(k);
            self.s.push_str(": ");
            self.node(&mut m.value, 0);
        }
        self.s.push_str(" }");
        if self.s.len() - start > ONE_LINE {
            self.s.truncate(start);
            return false;
        }
        n.span = self.from(start);
        true
    }
}

/// Longest reservation written on one line.
const ONE_LINE: usize = 110;

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

    /// What `crate::syntax` reads from a printed text must be the tree `print` made with it.
    fn printed_as_parsed(v: &Value, lists: &[Vec<Entry>]) -> String {
        let p = print(v.clone(), lists.to_vec(), FileId(0), 16);
        let (doc, diags) = crate::syntax::load_str("t.json", p.text.clone());
        assert!(diags.is_empty(), "{diags:?}\n{}", p.text);
        assert_eq!(doc.root.as_ref(), Some(&p.root), "{}", p.text);
        assert_eq!(doc.comments, p.comments, "{}", p.text);
        p.text
    }

    #[test]
    fn notes_become_comments_and_plain_removes_them() {
        let v = json!({"Dhcp4": {"//": ["a note", "two\nlines", ""], "valid-lifetime": 1}});
        let t = printed_as_parsed(&v, &[]);
        assert!(t.contains("    // a note\n    // two\n    // lines\n    \"valid-lifetime\": 1"), "{t}");
        assert_eq!(plain(&v, &[]), json!({"Dhcp4": {"valid-lifetime": 1}}));
        // Strings and keys are escaped as serde_json escapes them; numbers of every kind.
        let tricky = json!({"k\"\\\u{1}é": ["a\"b\\c\nd\re\tf\u{7f}\u{1f}é", 1.5, -3, 1e300, null, true, {}, [], {"//": ["only a note"]}]});
        let t = printed_as_parsed(&tricky, &[]);
        let mut back = serde_json::from_str::<Value>(&t.replace("// only a note", "")).unwrap();
        back["k\"\\\u{1}é"][8] = json!({"//": ["only a note"]});
        assert_eq!(back, tricky);
        // An integer Kea cannot read is reported as the parser reports it.
        let big = json!({"valid-lifetime": 18446744073709551615u64});
        let p = print(big.clone(), Vec::new(), FileId(0), 16);
        let (_, diags) = crate::syntax::load_str("t.json", p.text.clone());
        assert_eq!(
            p.diags.iter().map(|d| (&d.message, d.span)).collect::<Vec<_>>(),
            diags.iter().map(|d| (&d.message, d.span)).collect::<Vec<_>>()
        );
        assert_eq!(p.diags.len(), 1);
    }

    #[test]
    fn reservations_print_one_a_line_and_as_maps() {
        let simple = |h: &str, ip: Option<&str>| Entry::Simple {
            hostname: h.into(),
            hw: "00:11:22:33:44:55".into(),
            ip: ip.map(Into::into),
            hw_first: true,
        };
        let map = json!({"hostname": "h1", "hw-address": "00:11:22:33:44:55", "ip-address": "10.0.0.1"});
        let noted = json!({"//": ["a note"], "hostname": "h\"1", "hw-address": "00:11:22:33:44:55", "option-data": [{"name": "x", "data": "a//b"}]});
        let long = "h".repeat(100);
        let lists = vec![
            vec![simple("h1", Some("10.0.0.1")), Entry::from_value(map.clone()), Entry::from_value(noted.clone()), simple(&long, None)],
            vec![Entry::from_value(map.clone())],
        ];
        let v = json!({"Dhcp4": {"reservations": marker(0), "subnet4": [{"id": 1, "reservations": marker(1)}]}});
        let t = printed_as_parsed(&v, &lists);
        let line = r#"{ "hostname": "h1", "hw-address": "00:11:22:33:44:55", "ip-address": "10.0.0.1" }"#;
        assert_eq!(t.matches(&format!("      {line},\n")).count(), 2, "{t}");
        assert!(t.contains(&format!("\n          {line}\n")), "{t}");
        assert!(t.contains("\n        // a note\n        \"hostname\": \"h\\\"1\""), "{t}");
        assert!(t.contains(&format!("{{\n        \"hostname\": \"{long}\",\n")), "{t}");
        let mut noted_plain = noted.clone();
        noted_plain.as_object_mut().unwrap().remove(NOTES);
        let long_map = json!({"hostname": long, "hw-address": "00:11:22:33:44:55"});
        assert_eq!(
            plain(&v, &lists),
            json!({"Dhcp4": {"reservations": [map, map, noted_plain, long_map], "subnet4": [{"id": 1, "reservations": [map]}]}})
        );
    }
}
