//! The concrete syntax tree of a Kea JSON-with-comments document.
//!
//! Values keep their byte spans; comments are kept in a side table per parse (sorted by
//! position) rather than on every node, because a config with 100,000 reservations has
//! millions of nodes and almost no comments. `Document::comments_in` finds the comments
//! around any span; `fmt` interleaves them by position.

use crate::source::{FileId, SourceMap, Span};

/// Strings in the tree: keys and short values (addresses, MACs, host names) are stored
/// inline (up to 24 bytes) instead of one heap allocation each; a 100,000-reservation
/// config has over a million of them.
pub type Str = compact_str::CompactString;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer that fits i64 (Kea reads integers as int64).
    Int(i64),
    /// Any other number: a fraction, an exponent, or an integer too large for i64.
    /// The source text is kept so that emit reproduces it.
    Float(f64, Box<str>),
    /// A string with escapes decoded. `Node::span` covers the quotes.
    String(Str),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: Str,
    /// Span of the key including its quotes.
    pub key_span: Span,
    pub value: Node,
}

impl Member {
    /// Span of the whole member, key to end of value.
    pub fn span(&self) -> Span {
        self.key_span.to(self.value.span)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `# ...`
    Hash,
    /// `// ...`
    Line,
    /// `/* ... */`
    Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub span: Span,
    pub kind: CommentKind,
}

/// What a JSON value is called in messages ("a string", "a map", ...), Kea's words.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) => "an integer",
        Value::Float(..) => "a real number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// First member with this key (Kea rejects duplicates; check reports them).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?.iter().find(|m| &*m.key == key).map(|m| &m.value)
    }
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| &*m.key == key)
    }

    /// Convert to a serde_json value (the JSON value this node denotes).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f, raw) => raw
                .parse::<serde_json::Number>()
                .map(J::Number)
                .unwrap_or_else(|_| serde_json::Number::from_f64(*f).map(J::Number).unwrap_or(J::Null)),
            Value::String(s) => J::String(s.to_string()),
            Value::Array(a) => J::Array(a.iter().map(Node::to_json).collect()),
            Value::Object(m) => {
                // Later duplicates overwrite earlier ones, as a JSON reader would.
                let mut map = serde_json::Map::with_capacity(m.len());
                for mem in m {
                    map.insert(mem.key.to_string(), mem.value.to_json());
                }
                J::Object(map)
            }
        }
    }

    /// The node (no source span) a serde_json value denotes, taking the value apart as it
    /// goes (a large value and its tree are never both whole in memory). An integer too large
    /// for i64 keeps its text as a `Float`.
    pub fn from_json(v: serde_json::Value) -> Node {
        use serde_json::Value as J;
        let value = match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0), n.to_string().into()),
            },
            J::String(s) => Value::String(s.into()),
            J::Array(a) => Value::Array(a.into_iter().map(Node::from_json).collect()),
            J::Object(m) => Value::Object(
                m.into_iter().map(|(k, x)| Member { key: k.into(), key_span: Span::default(), value: Node::from_json(x) }).collect(),
            ),
        };
        Node { span: Span::default(), value }
    }
}

/// A parsed document: the root value, the files it was read from and the comments in them.
pub struct Document {
    pub sources: SourceMap,
    /// None when the text had no value at all (empty file) or could not be parsed.
    pub root: Option<Node>,
    /// All comments of all files, sorted by (file, start).
    pub comments: Vec<Comment>,
    /// Trailing commas Kea accepts with a warning.
    pub trailing_commas: Vec<Span>,
    /// Spans of `<?include "..."?>` directives with the file each one read.
    pub includes: Vec<(Span, FileId)>,
}

impl Document {
    /// Comments that lie inside `span` (same file), in order.
    pub fn comments_in(&self, span: Span) -> &[Comment] {
        let lo = self.comments.partition_point(|c| (c.span.file, c.span.start) < (span.file, span.start));
        let hi = self.comments.partition_point(|c| (c.span.file, c.span.start) < (span.file, span.end));
        &self.comments[lo..hi]
    }
}
