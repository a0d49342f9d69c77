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

const CODE: &str = "flex-id-config";
const HELP_START: &str = "kea-dhcp4/6 -t does not check hook parameters; the server refuses them when it starts";

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    for h in dhcp.hooks_libraries().iter().filter(|h| h.file_name().is_some_and(|f| f.starts_with("libdhcp_flex_id."))) {
        let at = h.library.as_ref().map_or(h.span, |l| l.span);
        let params = h.parameters.as_ref();
        let Some(e) = params.and_then(|p| p.get("identifier-expression")) else {
            cx.push(
                Diagnostic::error(CODE, "the flex_id hook has no `identifier-expression`")
                    .at(params.map_or(at, |p| p.span), "no `identifier-expression`")
                    .help(format!("add \"parameters\": {{\"identifier-expression\": \"...\"}}; {HELP_START}")),
            );
            continue;
        };
        match e.as_str() {
            None => wrong_type(cx, "identifier-expression", e),
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
            if let Some(n) = params.and_then(|p| p.get(key)).filter(|n| !matches!(n.value, Value::Bool(_))) {
                wrong_type(cx, key, n);
            }
        }
    }
}

fn wrong_type(cx: &mut Ctx, key: &str, n: &crate::syntax::cst::Node) {
    cx.push(
        Diagnostic::error(CODE, format!("flex_id `{key}` has the wrong type ({})", type_name(&n.value)))
            .at(n.span, "wrong type")
            .help(HELP_START),
    );
}
