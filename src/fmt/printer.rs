//! The layout engine: walks the CST of the root file and writes it in canonical layout,
//! interleaving the root file's comments and `<?include?>` directives by position.
//!
//! Nodes that came from an included file are not printed: the directive that brought
//! them in is printed instead, at its place in the root file. Commas next to such
//! directives follow the source (an included fragment may carry its own commas); between
//! two ordinary items there is always exactly one comma, and trailing commas are dropped.

use crate::source::{FileId, Span};
use crate::syntax::cst::{Document, Member, Node, Value};
use crate::syntax::lexer::include_path;

use super::strings::canonical_string;

/// Spaces per nesting level.
const INDENT: usize = 4;
/// A list of scalars is kept on one line if the line stays within this many columns.
const WIDTH: usize = 100;

pub struct Printer<'a> {
    text: &'a str,
    root: FileId,
    /// Comments of the root file, sorted by position.
    comments: Vec<Span>,
    /// `<?include?>` directives of the root file, sorted by position.
    includes: Vec<Span>,
    out: String,
}

#[derive(Clone, Copy)]
enum Kind<'a> {
    Member(&'a Member),
    Element(&'a Node),
    Include(Span),
}

/// One line-level entry of a map or list, with its byte extent in the root file.
#[derive(Clone, Copy)]
struct Item<'a> {
    start: usize,
    end: usize,
    kind: Kind<'a>,
}

impl<'a> Printer<'a> {
    pub fn new(doc: &'a Document) -> Printer<'a> {
        let root = FileId(0);
        let comments = doc.comments.iter().filter(|c| c.span.file == root).map(|c| c.span).collect();
        let mut includes: Vec<Span> = doc.includes.iter().map(|(s, _)| *s).filter(|s| s.file == root).collect();
        includes.sort_by_key(|s| s.start);
        Printer {
            text: &doc.sources.get(root).text,
            root,
            comments,
            includes,
            out: String::with_capacity(doc.sources.get(root).text.len()),
        }
    }

    /// Print the whole file: comments before the root value, the value, comments after.
    pub fn print(mut self, root: Option<&'a Node>) -> String {
        let items: Vec<Item<'a>> = match root {
            Some(n) if n.span.file == self.root => {
                vec![Item { start: n.span.start as usize, end: n.span.end as usize, kind: Kind::Element(n) }]
            }
            // The whole configuration comes from an include.
            _ => self.includes.iter().map(|s| Item { start: s.start as usize, end: s.end as usize, kind: Kind::Include(*s) }).collect(),
        };
        let loose = self.loose_comments(0, self.text.len(), &items);
        self.sequence(0, &items, &loose, 0, false);
        self.out
    }

    fn is_native(&self, span: Span) -> bool {
        span.file == self.root
    }

    /// Extent in the root file of a value: its own span, or the include directive that
    /// supplied it (the first one after `after`).
    fn value_extent(&self, node: &Node, after: usize) -> (usize, usize) {
        if self.is_native(node.span) {
            return (node.span.start as usize, node.span.end as usize);
        }
        match self.includes.iter().find(|s| s.start as usize >= after) {
            Some(s) => (s.start as usize, s.end as usize),
            None => (after, after),
        }
    }

    /// The items of a map or list in source order: its own members/elements and the
    /// include directives between them.
    fn items_of(&self, node: &'a Node, lo: usize, hi: usize) -> Vec<Item<'a>> {
        let mut items: Vec<Item<'a>> = Vec::new();
        match &node.value {
            Value::Object(members) => {
                for m in members.iter().filter(|m| self.is_native(m.key_span)) {
                    let (_, end) = self.value_extent(&m.value, m.key_span.end as usize);
                    items.push(Item { start: m.key_span.start as usize, end, kind: Kind::Member(m) });
                }
            }
            Value::Array(elems) => {
                for e in elems.iter().filter(|e| self.is_native(e.span)) {
                    items.push(Item { start: e.span.start as usize, end: e.span.end as usize, kind: Kind::Element(e) });
                }
            }
            _ => {}
        }
        let inside = |p: usize, items: &[Item]| items.iter().any(|i| i.start <= p && p < i.end);
        let free: Vec<Span> = self
            .includes
            .iter()
            .filter(|s| (s.start as usize) >= lo && (s.end as usize) <= hi && !inside(s.start as usize, &items))
            .copied()
            .collect();
        items.extend(free.into_iter().map(|s| Item { start: s.start as usize, end: s.end as usize, kind: Kind::Include(s) }));
        items.sort_by_key(|i| i.start);
        items
    }

    /// Comments of the root file in `lo..hi` that are not inside any of `items`.
    fn loose_comments(&self, lo: usize, hi: usize, items: &[Item]) -> Vec<Span> {
        let mut k = 0;
        self.comments_between(lo, hi)
            .iter()
            .filter(|c| {
                let p = c.start as usize;
                while k < items.len() && items[k].end <= p {
                    k += 1;
                }
                !(k < items.len() && items[k].start <= p)
            })
            .copied()
            .collect()
    }

    fn comments_between(&self, lo: usize, hi: usize) -> &[Span] {
        let a = self.comments.partition_point(|c| (c.start as usize) < lo);
        let b = self.comments.partition_point(|c| (c.start as usize) < hi);
        &self.comments[a..b]
    }

    fn src(&self, start: usize, end: usize) -> &'a str {
        &self.text[start..end]
    }

    fn same_line(&self, a: usize, b: usize) -> bool {
        a <= b && !self.src(a, b).contains('\n')
    }

    fn blank_line_between(&self, a: usize, b: usize) -> bool {
        a <= b && self.src(a, b).bytes().filter(|&c| c == b'\n').count() >= 2
    }

    /// Whether the source has a `,` right after `pos` (skipping blanks and comments).
    fn comma_after(&self, pos: usize) -> bool {
        let b = self.text.as_bytes();
        let mut i = pos;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' => i = self.line_end(i),
                b'/' if b.get(i + 1) == Some(&b'/') => i = self.line_end(i),
                b'/' if b.get(i + 1) == Some(&b'*') => i = self.text[i + 2..].find("*/").map(|k| i + 2 + k + 2).unwrap_or(b.len()),
                c => return c == b',',
            }
        }
        false
    }

    fn line_end(&self, i: usize) -> usize {
        self.text[i..].find('\n').map(|k| i + k).unwrap_or(self.text.len())
    }

    fn indent(&mut self, level: usize) {
        self.out.extend(std::iter::repeat_n(' ', level * INDENT));
    }

    fn comment(&mut self, c: Span) {
        let t = self.src(c.start as usize, c.end as usize);
        self.out.push_str(if t.starts_with("/*") { t } else { t.trim_end() });
    }

    /// The lines of a map, list or the file: items and the comments around them.
    /// `lo` is where the content starts in the source (just after the opening bracket);
    /// `in_brackets` is false for the file level, where nothing can trail an opening bracket.
    fn sequence(&mut self, lo: usize, items: &[Item<'a>], loose: &[Span], level: usize, in_brackets: bool) {
        let mut prev_end = lo;
        let mut ci = 0;
        let mut first = true;
        let next_start = |k: usize| items.get(k).map(|i| i.start).unwrap_or(usize::MAX);
        if in_brackets {
            while ci < loose.len() && (loose[ci].start as usize) < next_start(0) && self.same_line(prev_end, loose[ci].start as usize) {
                self.out.push(' ');
                self.comment(loose[ci]);
                prev_end = loose[ci].end as usize;
                ci += 1;
            }
            self.out.push('\n');
        }
        for (k, item) in items.iter().enumerate() {
            while ci < loose.len() && (loose[ci].start as usize) < item.start {
                self.own_line_comment(loose[ci], &mut prev_end, &mut first, level);
                ci += 1;
            }
            if !first && self.blank_line_between(prev_end, item.start) {
                self.out.push('\n');
            }
            let comma = k + 1 < items.len() && self.comma_after(item.end);
            self.item(item, level, comma);
            if comma {
                self.out.push(',');
            }
            prev_end = item.end;
            while ci < loose.len() && (loose[ci].start as usize) < next_start(k + 1) && self.same_line(prev_end, loose[ci].start as usize) {
                self.out.push(' ');
                self.comment(loose[ci]);
                prev_end = loose[ci].end as usize;
                ci += 1;
            }
            self.out.push('\n');
            first = false;
        }
        while ci < loose.len() {
            self.own_line_comment(loose[ci], &mut prev_end, &mut first, level);
            ci += 1;
        }
    }

    fn own_line_comment(&mut self, c: Span, prev_end: &mut usize, first: &mut bool, level: usize) {
        if !*first && self.blank_line_between(*prev_end, c.start as usize) {
            self.out.push('\n');
        }
        self.indent(level);
        self.comment(c);
        self.out.push('\n');
        *prev_end = c.end as usize;
        *first = false;
    }

    /// One item at the start of a line; `comma` says whether a `,` will follow it.
    fn item(&mut self, item: &Item<'a>, level: usize, comma: bool) {
        match item.kind {
            Kind::Include(s) => {
                self.indent(level);
                self.include(s);
            }
            Kind::Element(n) => {
                self.indent(level);
                self.value(n, level, comma);
            }
            Kind::Member(m) => {
                let key_end = m.key_span.end as usize;
                let (vstart, _) = self.value_extent(&m.value, key_end);
                // Comments between the key and its value move to their own lines above it.
                for c in self.comments_between(key_end, vstart).to_vec() {
                    self.indent(level);
                    self.comment(c);
                    self.out.push('\n');
                }
                self.indent(level);
                let key = canonical_string(self.src(m.key_span.start as usize, key_end));
                self.out.push_str(&key);
                self.out.push_str(": ");
                if self.is_native(m.value.span) {
                    self.value(&m.value, level, comma);
                } else if let Some(s) = self.includes.iter().find(|s| s.start as usize == vstart).copied() {
                    self.include(s);
                }
            }
        }
    }

    fn include(&mut self, s: Span) {
        let path = include_path(self.src(s.start as usize, s.end as usize));
        self.out.push_str("<?include \"");
        self.out.push_str(path);
        self.out.push_str("\"?>");
    }

    /// A value starting at the current position of the output line.
    fn value(&mut self, n: &'a Node, level: usize, comma: bool) {
        let (start, end) = (n.span.start as usize, n.span.end as usize);
        match &n.value {
            Value::Object(_) | Value::Array(_) => self.container(n, level, comma),
            Value::String(_) => {
                let s = canonical_string(self.src(start, end));
                self.out.push_str(&s);
            }
            // Numbers and keywords exactly as written (Kea's lax forms included).
            _ => {
                let s = self.src(start, end);
                self.out.push_str(s);
            }
        }
    }

    fn container(&mut self, n: &'a Node, level: usize, comma: bool) {
        let (open, close) = if matches!(n.value, Value::Object(_)) { ('{', '}') } else { ('[', ']') };
        let lo = n.span.start as usize + 1;
        let hi = (n.span.end as usize).saturating_sub(1).max(lo);
        let items = self.items_of(n, lo, hi);
        let loose = self.loose_comments(lo, hi, &items);
        if items.is_empty() && loose.is_empty() {
            self.out.push(open);
            self.out.push(close);
            return;
        }
        if loose.is_empty()
            && let Some(line) = self.one_line_list(n, &items)
        {
            let line_start = self.out.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let col = self.out[line_start..].chars().count();
            if col + line.chars().count() + usize::from(comma) <= WIDTH {
                self.out.push_str(&line);
                return;
            }
        }
        self.out.push(open);
        self.sequence(lo, &items, &loose, level + 1, true);
        self.indent(level);
        self.out.push(close);
    }

    /// `[a, b, c]` for a list of scalars (no comments, no includes), else None.
    fn one_line_list(&self, n: &Node, items: &[Item]) -> Option<String> {
        if !matches!(n.value, Value::Array(_)) {
            return None;
        }
        let mut parts = Vec::with_capacity(items.len());
        for i in items {
            let Kind::Element(e) = i.kind else { return None };
            let raw = self.src(e.span.start as usize, e.span.end as usize);
            parts.push(match e.value {
                Value::Object(_) | Value::Array(_) => return None,
                Value::String(_) => canonical_string(raw),
                _ => raw.to_string(),
            });
        }
        Some(format!("[{}]", parts.join(", ")))
    }
}
