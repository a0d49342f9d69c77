//! Moving members of a CST map into typed model fields, and back.
//!
//! `Fields` takes a map's members; each typed accessor removes the member it lowers *only if
//! its shape is right* (a string where a string belongs, a list of maps where a list of maps
//! belongs). Anything else stays in `rest`, untouched, so emit is lossless and the schema
//! validator can report the shape problem with the original span.
//! `Emitter` writes typed fields and `rest` back to a JSON map.

use crate::source::Span;
use crate::syntax::cst::{Member, Node, Value};
use serde_json::{Map, Value as J};

/// Lists at least this long are lowered (`Fields::list_of_maps`) and validated
/// (`crate::schema::validate`) on two threads: a config's reservations, where its checking
/// would otherwise leave the second core idle.
pub const PARALLEL_MIN: usize = 20_000;

/// A value with the span it was read from (default span when built by code).
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
    /// A value made by code (migrate, tests): no source span.
    pub fn synthetic(value: T) -> Spanned<T> {
        Spanned { value, span: Span::default() }
    }
}

pub type SStr = Spanned<crate::syntax::cst::Str>;

impl SStr {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// The members of one map, being taken apart. Owns them: typed values are moved out (no
/// copies), and the CST's vectors are freed as lowering goes, so a large config never has
/// both its full CST and its full model in memory.
pub struct Fields {
    members: Vec<Member>,
    /// Which members were moved out (bit i = member i); maps rarely have 64 keys, `more`
    /// covers the rest.
    taken: u64,
    more: Vec<bool>,
}

impl Fields {
    pub fn new(members: Vec<Member>) -> Fields {
        let more = if members.len() > 64 { vec![false; members.len() - 64] } else { Vec::new() };
        Fields { members, taken: 0, more }
    }

    fn is_taken(&self, i: usize) -> bool {
        if i < 64 { self.taken & (1 << i) != 0 } else { self.more[i - 64] }
    }

    fn set_taken(&mut self, i: usize) {
        if i < 64 {
            self.taken |= 1 << i;
        } else {
            self.more[i - 64] = true;
        }
    }

    /// Take the value of the first member named `key` if `ok` accepts it.
    fn take_if(&mut self, key: &str, ok: impl Fn(&Node) -> bool) -> Option<Node> {
        let i = self.members.iter().position(|m| &*m.key == key)?;
        if self.is_taken(i) || !ok(&self.members[i].value) {
            return None;
        }
        self.set_taken(i);
        let span = self.members[i].value.span;
        Some(std::mem::replace(&mut self.members[i].value, Node { span, value: Value::Null }))
    }

    /// Take every string member whose key `pick` recognises, in one pass (for families of
    /// keys such as the host identifier types, where one lookup per key would cost a scan each).
    pub fn strings_where<T>(&mut self, pick: impl Fn(&str) -> Option<T>) -> Vec<(T, SStr)> {
        let mut out = Vec::new();
        for i in 0..self.members.len() {
            if self.is_taken(i) || !matches!(self.members[i].value.value, Value::String(_)) {
                continue;
            }
            if let Some(t) = pick(&self.members[i].key) {
                self.set_taken(i);
                let span = self.members[i].value.span;
                if let Value::String(s) = std::mem::replace(&mut self.members[i].value.value, Value::Null) {
                    out.reserve_exact(1);
                    out.push((t, Spanned::new(s, span)));
                }
            }
        }
        out
    }

    pub fn string(&mut self, key: &str) -> Option<SStr> {
        let n = self.take_if(key, |n| matches!(n.value, Value::String(_)))?;
        match n.value {
            Value::String(s) => Some(Spanned::new(s, n.span)),
            _ => None,
        }
    }

    pub fn int(&mut self, key: &str) -> Option<Spanned<i64>> {
        let n = self.take_if(key, |n| matches!(n.value, Value::Int(_)))?;
        n.as_i64().map(|i| Spanned::new(i, n.span))
    }

    pub fn bool(&mut self, key: &str) -> Option<Spanned<bool>> {
        let n = self.take_if(key, |n| matches!(n.value, Value::Bool(_)))?;
        n.as_bool().map(|b| Spanned::new(b, n.span))
    }

    /// Any JSON value, kept as a node (hook parameters, user-context).
    pub fn node(&mut self, key: &str) -> Option<Node> {
        self.take_if(key, |_| true)
    }

    /// A map, lowered by `f`.
    pub fn map<T>(&mut self, key: &str, f: impl FnOnce(Span, Vec<Member>) -> T) -> Option<T> {
        self.map_if(key, |_| true, f)
    }

    /// A map whose members satisfy `ok`, lowered by `f`.
    pub fn map_if<T>(&mut self, key: &str, ok: impl Fn(&[Member]) -> bool, f: impl FnOnce(Span, Vec<Member>) -> T) -> Option<T> {
        let n = self.take_if(key, |n| n.as_object().is_some_and(&ok))?;
        match n.value {
            Value::Object(ms) => Some(f(n.span, ms)),
            _ => None,
        }
    }

    /// A list whose elements are all maps, each lowered by `f`.
    /// A list of `PARALLEL_MIN` items or more (the reservations of a large config) is
    /// lowered in two halves, the second on another thread.
    pub fn list_of_maps<T: Send>(&mut self, key: &str, f: impl Fn(Span, Vec<Member>) -> T + Sync) -> Option<Vec<T>> {
        let n = self.take_if(key, |n| n.as_array().is_some_and(|a| a.iter().all(|e| e.as_object().is_some())))?;
        match n.value {
            Value::Array(mut items) => {
                let lower = |items: Vec<Node>, out: &mut Vec<T>| {
                    out.extend(items.into_iter().filter_map(|n| match n.value {
                        Value::Object(ms) => Some(f(n.span, ms)),
                        _ => None,
                    }))
                };
                // Exact capacity (every item is a map, checked above): no growth slack kept
                // in a model that may hold 100,000 reservations.
                let mut out = Vec::with_capacity(items.len());
                if items.len() < PARALLEL_MIN {
                    lower(items, &mut out);
                } else {
                    let second = items.split_off(items.len() / 2);
                    let mut rest = Vec::with_capacity(second.len());
                    std::thread::scope(|s| {
                        s.spawn(|| lower(second, &mut rest));
                        lower(items, &mut out);
                    });
                    out.append(&mut rest);
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// A list whose elements are all strings.
    pub fn strings(&mut self, key: &str) -> Option<Spanned<Vec<SStr>>> {
        let n = self.take_if(key, |n| n.as_array().is_some_and(|a| a.iter().all(|e| e.as_str().is_some())))?;
        let span = n.span;
        match n.value {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                out.extend(items.into_iter().filter_map(|n| match n.value {
                    Value::String(s) => Some(Spanned::new(s, n.span)),
                    _ => None,
                }));
                Some(Spanned::new(out, span))
            }
            _ => None,
        }
    }

    /// Everything not taken, in source order.
    pub fn rest(self) -> Vec<Member> {
        let Fields { members, taken, more } = self;
        if taken == 0 && more.is_empty() {
            return members;
        }
        // Not `collect()`: that reuses the members' buffer in place, and every model object
        // would keep its whole original map allocation alive for a mostly empty `rest`.
        let kept = |i: usize| if i < 64 { taken & (1 << i) == 0 } else { !more[i - 64] };
        let n = (0..members.len()).filter(|&i| kept(i)).count();
        if n == 0 {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(n);
        out.extend(members.into_iter().enumerate().filter(|(i, _)| kept(*i)).map(|(_, m)| m));
        out
    }
}

/// One-pass lowering for hot objects (a config may have 100,000 reservations): instead of
/// one scan of the members per field, the caller matches each member's key once and hands
/// the member to one of these. Each takes the member if its slot is still empty and the
/// value has the right shape, and otherwise gives it back for `rest` (same rules as
/// `Fields`: the first well-shaped occurrence wins).
pub fn put_string(slot: &mut Option<SStr>, m: Member) -> Option<Member> {
    if slot.is_some() || !matches!(m.value.value, Value::String(_)) {
        return Some(m);
    }
    if let Value::String(s) = m.value.value {
        *slot = Some(Spanned::new(s, m.value.span));
    }
    None
}

pub fn put_strings<L: From<Spanned<Vec<SStr>>>>(slot: &mut Option<L>, m: Member) -> Option<Member> {
    if slot.is_some() || !m.value.as_array().is_some_and(|a| a.iter().all(|e| e.as_str().is_some())) {
        return Some(m);
    }
    let span = m.value.span;
    if let Value::Array(items) = m.value.value {
        let mut out = Vec::with_capacity(items.len());
        out.extend(items.into_iter().filter_map(|n| match n.value {
            Value::String(s) => Some(Spanned::new(s, n.span)),
            _ => None,
        }));
        *slot = Some(Spanned::new(out, span).into());
    }
    None
}

pub fn put_list_of_maps<T>(slot: &mut Option<Vec<T>>, m: Member, mut f: impl FnMut(Span, Vec<Member>) -> T) -> Option<Member> {
    if slot.is_some() || !m.value.as_array().is_some_and(|a| a.iter().all(|e| e.as_object().is_some())) {
        return Some(m);
    }
    if let Value::Array(items) = m.value.value {
        let mut out = Vec::with_capacity(items.len());
        out.extend(items.into_iter().filter_map(|n| match n.value {
            Value::Object(ms) => Some(f(n.span, ms)),
            _ => None,
        }));
        *slot = Some(out);
    }
    None
}

/// Builds the JSON map of one model object.
#[derive(Default)]
pub struct Emitter {
    map: Map<String, J>,
}

impl Emitter {
    pub fn new() -> Emitter {
        Emitter::default()
    }
    pub fn put(&mut self, key: &str, v: J) {
        self.map.insert(key.to_string(), v);
    }
    pub fn string(&mut self, key: &str, v: &Option<SStr>) {
        if let Some(s) = v {
            self.put(key, J::String(s.value.to_string()));
        }
    }
    pub fn int(&mut self, key: &str, v: &Option<Spanned<i64>>) {
        if let Some(i) = v {
            self.put(key, J::from(i.value));
        }
    }
    pub fn bool(&mut self, key: &str, v: &Option<Spanned<bool>>) {
        if let Some(b) = v {
            self.put(key, J::Bool(b.value));
        }
    }
    pub fn node(&mut self, key: &str, v: &Option<Node>) {
        if let Some(n) = v {
            self.put(key, n.to_json());
        }
    }
    pub fn strings<L: std::borrow::Borrow<Spanned<Vec<SStr>>>>(&mut self, key: &str, v: &Option<L>) {
        if let Some(l) = v {
            self.put(key, J::Array(l.borrow().value.iter().map(|s| J::String(s.value.to_string())).collect()));
        }
    }
    pub fn list<T: Emit>(&mut self, key: &str, v: &Option<Vec<T>>) {
        if let Some(l) = v {
            self.put(key, J::Array(l.iter().map(Emit::emit).collect()));
        }
    }
    pub fn map<T: Emit>(&mut self, key: &str, v: &Option<T>) {
        if let Some(m) = v {
            self.put(key, m.emit());
        }
    }
    /// Untyped members, after the typed ones (a later duplicate wins, as in JSON readers).
    pub fn rest(&mut self, rest: &[Member]) {
        for m in rest {
            self.map.insert(m.key.to_string(), m.value.to_json());
        }
    }
    pub fn finish(self) -> J {
        J::Object(self.map)
    }
}

/// Model objects turn back into Kea JSON.
pub trait Emit {
    fn emit(&self) -> J;
}

/// Look up an untyped member by key (first one).
pub fn rest_get<'a>(rest: &'a [Member], key: &str) -> Option<&'a Member> {
    rest.iter().find(|m| &*m.key == key)
}
