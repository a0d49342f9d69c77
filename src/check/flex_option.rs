//! The Flexible Option hook's parameters (`libdhcp_flex_option`, `parameters.options`): option
//! values computed from expressions. Like HA's (see `ha`), they are read when the server
//! starts, not by `kea-dhcp4 -t`, and a bad entry stops the server ("FLEX_OPTION_LOAD_ERROR").
//! The rules are kea-dhcp4/6 2.2's and 3.0.4's at start (tests/check_hooks.rs starts both).

use super::Ctx;
use super::classes::parse_expression;
use super::hooks::AT_START as HELP_START;
use crate::diag::Diagnostic;
use crate::expr::Type;
use crate::model::Dhcp;
use crate::options::OptionDefs;
use crate::source::Span;
use crate::syntax::cst::{Node, Value, type_name};

const CODE: &str = "flex-option-config";
/// What an entry does; exactly one per entry.
const ACTIONS: [&str; 4] = ["add", "supersede", "remove", "sub-options"];

pub fn check(cx: &mut Ctx, dhcp: &Dhcp, defs: &OptionDefs) {
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_flex_option") {
        let Some(options) = h.parameters.as_ref().and_then(|p| p.get("options")) else {
            cx.push(super::hooks::missing(
                CODE,
                h,
                "the flex_option hook has no `options` parameter",
                "no `options`",
                "{\"options\": [...]}",
            ));
            continue;
        };
        let Some(list) = options.as_array() else {
            cx.push(bad(options.span, "flex_option `options` must be a list", type_name(&options.value)));
            continue;
        };
        for entry in list {
            option(cx, dhcp, defs, entry, dhcp.universe.space(), false);
        }
    }
}

fn bad(span: Span, msg: impl Into<String>, label: &str) -> Diagnostic {
    super::hooks::error(CODE, span, msg, label)
}

/// One entry of `options` (or, `sub`, of an entry's `sub-options`) for an option of `space`.
fn option(cx: &mut Ctx, dhcp: &Dhcp, defs: &OptionDefs, e: &Node, space: &str, sub: bool) {
    let Some(members) = e.as_object() else {
        cx.push(bad(e.span, "a flex_option entry must be a map", type_name(&e.value)));
        return;
    };
    for m in members {
        let known = matches!(&*m.key, "code" | "name" | "space" | "csv-format" | "client-class" | "comment")
            || ACTIONS.contains(&&*m.key)
            || (sub && matches!(&*m.key, "container-add" | "container-remove"));
        if !known || (sub && &*m.key == "sub-options") {
            cx.push(bad(m.key_span, format!("unknown flex_option parameter `{}`", m.key), "not a flex_option parameter"));
        }
    }
    let space = match typed(cx, e, "space", |v| matches!(v, Value::String(_))).and_then(|n| n.as_str()) {
        Some(s) => s,
        None => space,
    };
    let top = !sub && space == dhcp.universe.space();
    let code = typed(cx, e, "code", |v| matches!(v, Value::Int(_))).and_then(|n| {
        let c = n.as_i64()?;
        let max = super::options::max_code(dhcp.universe);
        if !(0..=max).contains(&c) {
            cx.push(bad(n.span, format!("option code {c} is not in 0..{max}"), "out of range"));
            return None;
        }
        if top && let Some(why) = super::options::reserved_code(dhcp.universe, space, c) {
            cx.push(bad(n.span, format!("option code {c} cannot be set: {why}"), "reserved"));
            return None;
        }
        Some((c as u16, n.span))
    });
    let name = typed(cx, e, "name", |v| matches!(v, Value::String(_))).and_then(|n| Some((n.as_str()?, n.span)));
    let mut def = code.and_then(|(c, _)| defs.by_code(space, c));
    match (name, code) {
        (None, None) if e.get("code").is_none() && e.get("name").is_none() => {
            cx.push(bad(e.span, "a flex_option entry needs `code` or `name`", "neither"));
        }
        (Some(("", at)), _) => cx.push(bad(at, "flex_option `name` is empty", "empty")),
        (Some((n, at)), c) => match defs.by_name(space, n) {
            None => cx.push(
                bad(at, format!("no option `{n}` in space `{space}`"), "not defined")
                    .help(format!("use a standard option's name, one defined in `option-def`, or `code`; {HELP_START}")),
            ),
            Some(d) => {
                if let Some((c, cat)) = c
                    && c != d.code
                {
                    cx.push(
                        bad(cat, format!("option `{n}` has code {}, not {c}", d.code), "another option's code").related(at, "named here"),
                    );
                }
                def = Some(d);
            }
        },
        _ => {}
    }
    typed(cx, e, "csv-format", |v| matches!(v, Value::Bool(_)));
    typed(cx, e, "client-class", |v| matches!(v, Value::String(_)));
    typed(cx, e, "comment", |v| matches!(v, Value::String(_)));
    if sub {
        typed(cx, e, "container-add", |v| matches!(v, Value::Bool(_)));
        typed(cx, e, "container-remove", |v| matches!(v, Value::Bool(_)));
    }
    let actions: Vec<&str> = ACTIONS.iter().copied().filter(|a| e.get(a).is_some()).collect();
    match actions.as_slice() {
        [] => cx.push(bad(e.span, "a flex_option entry needs an action: add, supersede, remove or sub-options", "no action")),
        [_] => {}
        [first, second, ..] => cx.push(bad(
            e.member(second).map_or(e.span, |m| m.key_span),
            format!("a flex_option entry takes one action; `{first}` and `{second}` are given"),
            "a second action",
        )),
    }
    for (key, want) in [("add", Type::String), ("supersede", Type::String), ("remove", Type::Bool)] {
        let Some(n) = typed(cx, e, key, |v| matches!(v, Value::String(_))) else { continue };
        let src = n.as_str().unwrap_or("");
        if src.is_empty() {
            cx.push(bad(n.span, format!("flex_option `{key}` is empty"), "empty"));
        } else {
            let what = if want == Type::Bool { "a flex_option `remove` (a condition)" } else { "a flex_option value" };
            parse_expression(cx, dhcp, src, n.span, want, what);
        }
    }
    let Some(subs) = e.get("sub-options") else { return };
    if sub {
        return;
    }
    let Some(list) = subs.as_array() else {
        cx.push(bad(subs.span, "flex_option `sub-options` must be a list", type_name(&subs.value)));
        return;
    };
    match def.and_then(|d| d.encapsulate) {
        Some(inner) => {
            let inner = inner.to_string();
            for s in list {
                option(cx, dhcp, defs, s, &inner, true);
            }
        }
        None if code.is_some() || name.is_some() => cx.push(
            bad(subs.span, "the option of these sub-options encapsulates no option space", "no sub-option space")
                .help(format!("sub-options need a container option whose definition has `encapsulate`; {HELP_START}")),
        ),
        None => {}
    }
}

fn typed<'a>(cx: &mut Ctx, map: &'a Node, key: &str, ok: fn(&Value) -> bool) -> Option<&'a Node> {
    super::hooks::typed(cx, CODE, "flex_option", map, key, ok)
}
