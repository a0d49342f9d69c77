//! The Flexible Identifier hook's parameters (`libdhcp_flex_id`): the expression whose value
//! identifies a client's host reservation (`keakit serve` evaluates it too, `serve::flex_id`).
//! Read when the server starts, not by `-t` (see `ha`); the rules are kea-dhcp4/6 3.0.4's
//! at start (tests/check_hooks.rs; Debian's Kea 2.2 has no flex_id hook).

use super::Ctx;
use super::classes::{option_code, parse_expression};
use crate::diag::Diagnostic;
use crate::expr::{ParseOptions, Type};
use crate::model::Dhcp;
use crate::syntax::cst::{Value, type_name};
use crate::universe::Universe;

use super::hooks::AT_START as HELP_START;

const CODE: &str = "flex-id-config";

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_flex_id") {
        let params = h.parameters.as_ref();
        let Some(e) = params.and_then(|p| p.get("identifier-expression")) else {
            cx.push(
                Diagnostic::error(CODE, "the flex_id hook has no `identifier-expression`")
                    .at(super::hooks::missing_at(h), "no `identifier-expression`")
                    .help(format!("add \"parameters\": {{\"identifier-expression\": \"...\"}}; {HELP_START}")),
            );
            continue;
        };
        match e.as_str() {
            None => wrong_type(cx, "identifier-expression", e.span, &e.value),
            // An empty expression is accepted (the hook then finds no identifier).
            Some("") => {}
            Some(src) => {
                let version = cx.opts.version;
                let resolve = |n: &str| option_code(dhcp, n, version);
                let opts = ParseOptions { universe: dhcp.universe, option_code: &resolve };
                parse_expression(cx, src, e.span, &opts, Type::String, "a flex_id `identifier-expression`");
            }
        }
        // ignore-iaid is read by the DHCPv6 server only.
        let bools: &[&str] = if dhcp.universe == Universe::V6 { &["replace-client-id", "ignore-iaid"] } else { &["replace-client-id"] };
        for key in bools {
            if let Some(p) = params {
                super::hooks::typed(cx, CODE, "flex_id", p, key, |v| matches!(v, Value::Bool(_)));
            }
        }
    }
}

fn wrong_type(cx: &mut Ctx, key: &str, span: crate::source::Span, v: &Value) {
    cx.push(super::hooks::error(CODE, span, format!("flex_id `{key}` has the wrong type ({})", type_name(v)), "wrong type"));
}
