//! What the checks of hook parameters share (`ha`, `flex_option`, `flex_id`, `ping_check`,
//! `lease_query`, `legal_log`, `run_script`, `ddns_tuning`, `limits`, `perfmon`, `radius`).
//! Kea's `-t` loads hook libraries without configuring them; a hook reads its parameters when
//! the server starts and a bad one stops the server. keakit reports them as errors with this
//! help, so a config that passed `-t` in CI is not first refused at deployment.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::HookLibrary;
use crate::source::Span;
use crate::syntax::cst::{Node, Value, type_name};

pub const AT_START: &str = "kea-dhcp4/6 -t does not check hook parameters; the server refuses them when it starts";

/// The entries of `libs` that load the hook `stem` (e.g. `libdhcp_ha`).
pub fn loading<'a>(libs: &'a [HookLibrary], stem: &'a str) -> impl Iterator<Item = &'a HookLibrary> + 'a {
    libs.iter().filter(move |h| h.loads(stem))
}

/// The span to point at when a hook's parameter is missing: its `parameters`, else its library.
pub fn missing_at(h: &HookLibrary) -> Span {
    h.parameters.as_ref().map(|p| p.span).or(h.library.as_ref().map(|l| l.span)).unwrap_or(h.span)
}

pub fn error(code: &'static str, span: Span, msg: impl Into<String>, label: &str) -> Diagnostic {
    Diagnostic::error(code, msg).at(span, label).help(AT_START)
}

/// A parameter the hook requires is missing from `h`; `example` is the `parameters` map to
/// suggest.
pub fn missing(code: &'static str, h: &HookLibrary, msg: &str, label: &str, example: &str) -> Diagnostic {
    Diagnostic::error(code, msg).at(missing_at(h), label).help(format!("add \"parameters\": {example}; {AT_START}"))
}

/// The value at `key` of `map` when `ok` accepts its type; a wrong type is reported as
/// `{hook} `{key}` has the wrong type`.
pub fn typed<'a>(cx: &mut Ctx, code: &'static str, hook: &str, map: &'a Node, key: &str, ok: fn(&Value) -> bool) -> Option<&'a Node> {
    let n = map.get(key)?;
    if ok(&n.value) {
        Some(n)
    } else {
        cx.push(error(code, n.span, format!("{hook} `{key}` has the wrong type ({})", type_name(&n.value)), "wrong type"));
        None
    }
}

/// What a hook parameter must hold, as the hook reads it when the server starts.
#[derive(Clone, Copy, Debug)]
pub enum Want {
    Bool,
    /// An integer from the first bound to the second (both included).
    Int(i64, i64),
    Str,
    Map,
    List,
    /// Anything (read elsewhere, or ignored by the hook).
    Any,
}

impl Want {
    fn accepts(self, v: &Value) -> bool {
        match self {
            Want::Bool => matches!(v, Value::Bool(_)),
            Want::Int(..) => matches!(v, Value::Int(_)),
            Want::Str => matches!(v, Value::String(_)),
            Want::Map => matches!(v, Value::Object(_)),
            Want::List => matches!(v, Value::Array(_)),
            Want::Any => true,
        }
    }
}

/// The members of `map` (a hook's parameters, or a map inside them) against `table`, the
/// keys the hook reads: a key it does not know, a value of the wrong type and an integer out
/// of range are refused, as the hook refuses them when the server starts. `what` names the
/// map in messages (`perfmon`, `perfmon alarm`). False when `map` is not a map (reported).
pub fn members(cx: &mut Ctx, code: &'static str, what: &str, map: &Node, table: &[(&str, Want)]) -> bool {
    let Some(members) = map.as_object() else {
        cx.push(error(code, map.span, format!("{what} settings must be a map, not {}", type_name(&map.value)), "not a map"));
        return false;
    };
    for m in members {
        let Some(&(key, want)) = table.iter().find(|(k, _)| *k == &*m.key) else {
            cx.push(error(code, m.span(), format!("unknown {what} parameter `{}`", m.key), "here"));
            continue;
        };
        if !want.accepts(&m.value.value) {
            cx.push(error(code, m.value.span, format!("{what} `{key}` has the wrong type ({})", type_name(&m.value.value)), "wrong type"));
        } else if let (Want::Int(min, max), Some(i)) = (want, m.value.as_i64())
            && !(min..=max).contains(&i)
        {
            let range = if max == i64::MAX { format!("at least {min}") } else { format!("from {min} to {max}") };
            cx.push(error(code, m.value.span, format!("{what} `{key}` must be {range}"), "out of range"));
        }
    }
    true
}

/// Each key of `required` that `map` lacks is refused.
pub fn require(cx: &mut Ctx, code: &'static str, what: &str, map: &Node, required: &[&str]) {
    for key in required.iter().filter(|k| map.get(k).is_none()) {
        cx.push(error(code, map.span, format!("{what} has no `{key}`"), "here").help(format!("`{key}` is required; {AT_START}")));
    }
}
