//! Client classes: names, `test` / `template-test` expressions, and references to classes.
//!
//! What Kea 2.2 rejects (each verified with `kea-dhcp4 -t` / `kea-dhcp6 -t`), reported as
//! errors:
//! - a class without `name` ("missing parameter 'name'") or with an empty one ("not empty
//!   parameter 'name' is required");
//! - two classes with the same name ("Client Class: a has already been defined");
//! - a `test` that does not parse or type-check, including an empty one (syntax error,
//!   range errors, unknown option names, DHCPv4-only tokens in DHCPv6 and the reverse);
//! - `member('X')` where X is neither built in nor defined *earlier* in the list (a later
//!   definition, or the class itself, is "Not defined client class 'X'"). Built in for
//!   `member`: ALL, KNOWN, UNKNOWN, BOOTP and the prefixes VENDOR_CLASS_, HA_, AFTER_,
//!   EXTERNAL_ (DROP and SKIP_DDNS are not: Kea rejects member('DROP') unless DROP is defined).
//!
//! What Kea 2.2 accepts, reported as warnings (`undefined-class`): `client-class` and
//! `require-client-classes` of shared networks, subnets, pools and pd-pools, and
//! `client-classes` of reservations naming a class that is not defined.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::expr::{self, ExprError, ParseOptions, Type};
use crate::model::{ClientClass, Dhcp};
use crate::source::Span;
use crate::syntax::cst::{Member, Value};
use rustc_hash::FxHashMap;

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let classes = dhcp.client_classes();
    // Every class name with its first definition, for "defined later" hints and references.
    let mut all: FxHashMap<&str, Span> = FxHashMap::default();
    for c in classes {
        if let Some(n) = &c.name {
            all.entry(n.as_str()).or_insert(n.span);
        }
    }
    let mut earlier: FxHashMap<&str, Span> = FxHashMap::default();
    for class in classes {
        let name = check_name(cx, class, &earlier);
        for (expr, want, what) in [(&class.test, Type::Bool, "a class `test`"), (&class.template_test, Type::String, "a `template-test`")] {
            if let Some(text) = expr {
                check_expression(cx, dhcp, text, want, what, &earlier, &all);
            }
        }
        if let Some(n) = name {
            earlier.entry(n).or_insert(class.name.as_ref().map_or(class.span, |s| s.span));
        }
    }
    check_references(cx, dhcp, &all);
}

/// Custom definitions of the universe's top-level space first, then the standard names.
pub fn option_code(dhcp: &Dhcp, name: &str, version: crate::version::KeaVersion) -> Option<u16> {
    let top = dhcp.universe.space();
    let custom = dhcp
        .option_defs()
        .iter()
        .find(|d| d.name.as_ref().is_some_and(|n| n.as_str() == name) && d.space.as_ref().is_none_or(|s| s.as_str() == top));
    match custom.and_then(|d| d.code.as_ref()) {
        Some(code) => u16::try_from(code.value).ok(),
        None => crate::options::OptionDefs::std_by_name(dhcp.universe, top, name).filter(|d| d.since <= version).map(|d| d.code),
    }
}

/// Reports a missing, empty or duplicate name; returns the usable name.
fn check_name<'a>(cx: &mut Ctx, class: &'a ClientClass, earlier: &FxHashMap<&str, Span>) -> Option<&'a str> {
    let Some(name) = &class.name else {
        cx.push(
            Diagnostic::error("class-name-missing", "client class has no `name`")
                .at(class.span, "this class")
                .help("every client class needs a unique \"name\""),
        );
        return None;
    };
    if name.as_str().is_empty() {
        cx.push(
            Diagnostic::error("class-name-empty", "client class name is empty")
                .at(name.span, "empty name")
                .help("give the class a non-empty, unique name"),
        );
        return None;
    }
    if let Some(first) = earlier.get(name.as_str()) {
        cx.push(
            Diagnostic::error("duplicate-class", format!("client class `{}` is defined twice", name.as_str()))
                .at(name.span, "defined again here")
                .related(*first, "first defined here")
                .help("class names must be unique: rename or merge the two classes"),
        );
    }
    Some(name.as_str())
}

fn check_expression(
    cx: &mut Ctx,
    dhcp: &Dhcp,
    text: &crate::model::SStr,
    want: Type,
    what: &str,
    earlier: &FxHashMap<&str, Span>,
    all: &FxHashMap<&str, Span>,
) {
    let Some(e) = parse_expression(cx, dhcp, text.as_str(), text.span, want, what) else { return };
    e.walk(&mut |node| {
        if let expr::ExprKind::Member(name) = &node.kind {
            let name = name.as_str();
            if builtin(name) || earlier.contains_key(name) {
                return;
            }
            let at = expr_span(cx.doc, text.span, node.span);
            let mut d = Diagnostic::error("member-undefined", format!("`member('{name}')` refers to a class that is not defined before this one")).at(at, "not defined yet");
            d = match all.get(name) {
                Some(later) => d.related(*later, "defined here, later in the list").help("Kea evaluates classes in order: move this class after the class it depends on"),
                None => d.help("define the class earlier in `client-classes` (built-in classes: ALL, KNOWN, UNKNOWN, BOOTP, VENDOR_CLASS_*, HA_*, AFTER_*, EXTERNAL_*)"),
            };
            cx.out.push(d);
        }
    });
}

/// Where a range of an expression is in the file: `span` is the JSON string (quotes
/// included); expression offsets are in the decoded string, the file may have escapes.
fn expr_span(doc: &crate::syntax::Document, span: Span, r: expr::TextRange) -> Span {
    let raw = doc.sources.text(span);
    let a = crate::syntax::lexer::raw_offset(raw, r.start as usize);
    let b = crate::syntax::lexer::raw_offset(raw, r.end as usize);
    // An empty range (e.g. "unexpected end") is shown on the closing quote.
    let b = if b > a { b } else { (a + 1).min(raw.len()) };
    span.sub(a, b)
}

/// Parse an expression of `dhcp` written as the JSON string at `span` (a class test, a hook's
/// expression), with the config's option names: syntax and type errors, and constructs the
/// target Kea version refuses, are reported; the tree is given back when it parses.
pub(super) fn parse_expression(cx: &mut Ctx, dhcp: &Dhcp, src: &str, span: Span, want: Type, what: &str) -> Option<expr::Expr> {
    let version = cx.opts.version;
    let resolve = |name: &str| option_code(dhcp, name, version);
    let opts = ParseOptions { universe: dhcp.universe, option_code: &resolve };
    let at = |r: expr::TextRange| expr_span(cx.doc, span, r);
    let e = match expr::parse_typed(src, &opts, want, what) {
        Ok(e) => e,
        Err(err) => {
            let d = expr_diag(err, &at);
            cx.push(d);
            return None;
        }
    };
    for n in expr::compat::newer_constructs(&e) {
        if n.accepted_from.is_some_and(|v| cx.opts.version >= v) {
            continue;
        }
        let msg = format!("`{}` is not accepted by Kea {}", n.construct, n.rejected_by);
        let mut d = if cx.opts.version <= n.rejected_by {
            Diagnostic::error("expr-version", msg).at(at(n.span), format!("Kea {} rejects this", n.rejected_by))
        } else {
            Diagnostic::warning("expr-version", msg)
                .at(at(n.span), format!("target is Kea {}; keakit cannot verify which later version accepts it", cx.opts.version))
        };
        if let Some(p) = n.portable {
            d = d.help(format!("write `{p}`, which every Kea version accepts"));
        }
        cx.push(d);
    }
    Some(e)
}

fn expr_diag(err: ExprError, at: &dyn Fn(expr::TextRange) -> Span) -> Diagnostic {
    let d = Diagnostic::error(err.code, err.message).at(at(err.span), "here");
    match err.help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// Classes Kea defines itself (for `member`, checked with the oracle; see the module doc).
pub fn builtin(name: &str) -> bool {
    matches!(name, "ALL" | "KNOWN" | "UNKNOWN" | "BOOTP")
        || ["VENDOR_CLASS_", "HA_", "AFTER_", "EXTERNAL_"].iter().any(|p| name.starts_with(p))
}

/// `client-class`, `require-client-classes` and reservations' `client-classes` naming
/// classes that do not exist: Kea accepts them (the scope then never matches).
fn check_references(cx: &mut Ctx, dhcp: &Dhcp, all: &FxHashMap<&str, Span>) {
    let mut refs: Vec<(&str, Span)> = Vec::new();
    for n in dhcp.shared_networks.iter().flatten() {
        add_scope(&n.client_class, &n.rest, &mut refs);
    }
    let mut reservations: Vec<&crate::model::Reservation> = dhcp.reservations.iter().flatten().collect();
    for (_, s) in dhcp.all_subnets() {
        add_scope(&s.client_class, &s.rest, &mut refs);
        for p in s.pools() {
            add_scope(&p.client_class, &p.rest, &mut refs);
        }
        for p in s.pd_pools() {
            add_scope(&p.client_class, &p.rest, &mut refs);
        }
        reservations.extend(s.reservations());
    }
    for r in reservations {
        for c in r.client_classes.iter().flat_map(|l| l.value.iter()) {
            refs.push((c.as_str(), c.span));
        }
    }
    for (name, span) in refs {
        if !name.is_empty() && !builtin(name) && !all.contains_key(name) {
            cx.push(
                Diagnostic::warning("undefined-class", format!("class `{name}` is not defined"))
                    .at(span, "no class has this name")
                    .help("Kea accepts this, but no packet can be in an undefined class: define it in `client-classes` or fix the name"),
            );
        }
    }
}

/// A scope's `client-class` and `require-client-classes`.
fn add_scope<'a>(class: &'a Option<crate::model::SStr>, rest: &'a [Member], refs: &mut Vec<(&'a str, Span)>) {
    if let Some(c) = class {
        refs.push((c.as_str(), c.span));
    }
    if let Some(m) = rest.iter().find(|m| &*m.key == "require-client-classes") {
        strings(&m.value.value, refs);
    }
}

/// The string elements of a JSON list.
fn strings<'a>(v: &'a Value, out: &mut Vec<(&'a str, Span)>) {
    if let Value::Array(items) = v {
        for n in items {
            if let Value::String(s) = &n.value {
                out.push((s.as_str(), n.span));
            }
        }
    }
}
