//! What the checks of hook parameters share (`ha`, `flex_option`, `flex_id`, `ping_check`,
//! `lease_query`, `legal_log`, `run_script`, `ddns_tuning`, `limits`).
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
