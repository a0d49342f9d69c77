//! Suppression comments: `// keakit-allow: RULE[, RULE...]` (or `#`, or `/* */`) on the line
//! before an element silences those rules for that element and everything inside it.
//!
//! The element is the first member or list entry that starts after the comment (other comments
//! in between are skipped). Its extent is found in the CST before `check` consumes it, so this
//! runs before `check`; only documents that contain such comments pay for the tree walk.

use crate::source::{FileId, Span};
use crate::syntax::Document;
use crate::syntax::cst::{Node, Value};
use rustc_hash::FxHashMap;

const MARKER: &str = "keakit-allow:";

#[derive(Clone, Debug)]
pub struct Suppression {
    /// The comment itself (where an unused suppression is reported).
    pub comment: Span,
    pub rules: Vec<String>,
    /// The element it covers (None: no element follows the comment).
    pub target: Option<Span>,
    /// Which of `rules` silenced something.
    pub used: Vec<bool>,
}

impl Suppression {
    /// Silence `code` at `span` if this suppression covers it.
    pub fn covers(&mut self, code: &str, span: Span) -> bool {
        let Some(t) = self.target else { return false };
        if t.file != span.file || span.start < t.start || span.start >= t.end.max(t.start + 1) {
            return false;
        }
        match self.rules.iter().position(|r| r == code) {
            Some(i) => {
                self.used[i] = true;
                true
            }
            None => false,
        }
    }
}

/// Every suppression comment in the document, with the element each one covers.
pub fn collect(doc: &Document) -> Vec<Suppression> {
    let mut out = Vec::new();
    for c in &doc.comments {
        let text = doc.sources.text(c.span);
        let Some(i) = text.find(MARKER) else { continue };
        let list = text[i + MARKER.len()..].trim_end_matches("*/");
        let rules: Vec<String> = list.split([',', ' ', '\t']).map(str::trim).filter(|r| !r.is_empty()).map(String::from).collect();
        if rules.is_empty() {
            continue;
        }
        let start = next_token(doc, c.span);
        out.push(Suppression {
            comment: c.span,
            used: vec![false; rules.len()],
            rules,
            target: start.map(|s| Span::new(c.span.file, s, s)),
        });
    }
    if out.is_empty() {
        return out;
    }
    // Resolve each start offset to the element beginning there.
    let mut starts: FxHashMap<(FileId, u32), Option<Span>> =
        out.iter().filter_map(|s| s.target).map(|t| ((t.file, t.start), None)).collect();
    if let Some(root) = &doc.root {
        walk(root, &mut starts);
    }
    for s in &mut out {
        s.target = s.target.and_then(|t| starts.get(&(t.file, t.start)).copied().flatten());
    }
    out
}

/// Byte offset of the first token after `after` (skipping whitespace and comments).
fn next_token(doc: &Document, after: Span) -> Option<usize> {
    let text = &doc.sources.get(after.file).text;
    let mut pos = after.end as usize;
    loop {
        while pos < text.len() && text.as_bytes()[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= text.len() {
            return None;
        }
        let i = doc.comments.partition_point(|c| (c.span.file, c.span.start as usize) < (after.file, pos));
        match doc.comments.get(i) {
            Some(c) if c.span.file == after.file && c.span.start as usize == pos => pos = c.span.end as usize,
            _ => return Some(pos),
        }
    }
}

fn walk(n: &Node, starts: &mut FxHashMap<(FileId, u32), Option<Span>>) {
    if let Some(slot) = starts.get_mut(&(n.span.file, n.span.start))
        && slot.is_none()
    {
        *slot = Some(n.span);
    }
    match &n.value {
        Value::Object(ms) => {
            for m in ms {
                if let Some(slot) = starts.get_mut(&(m.key_span.file, m.key_span.start)) {
                    *slot = Some(m.span());
                }
                walk(&m.value, starts);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| walk(i, starts)),
        _ => {}
    }
}
