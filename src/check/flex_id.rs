//! The Flexible Identifier hook's parameters (`libdhcp_flex_id`): the expression whose value
//! identifies a client's host reservation (`keakit serve` evaluates it too, `serve::flex_id`).
//! Read when the server starts, not by `-t` (see `ha`); the rules are kea-dhcp4/6 3.0.4's
//! at start (tests/check_hooks.rs; Debian's Kea 2.2 has no flex_id hook).

use super::Ctx;
use super::classes::parse_expression;
use crate::expr::Type;
use crate::model::Dhcp;
use crate::syntax::cst::Value;
use crate::universe::Universe;

const CODE: &str = "flex-id-config";

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_flex_id") {
        let params = h.parameters.as_ref();
        let Some(params) = params.filter(|p| p.get("identifier-expression").is_some()) else {
            cx.push(super::hooks::missing(
                CODE,
                h,
                "the flex_id hook has no `identifier-expression`",
                "no `identifier-expression`",
                "{\"identifier-expression\": \"...\"}",
            ));
            continue;
        };
        // An empty expression is accepted (the hook then finds no identifier).
        if let Some(e) = super::hooks::typed(cx, CODE, "flex_id", params, "identifier-expression", |v| matches!(v, Value::String(_)))
            && let Some(src) = e.as_str().filter(|s| !s.is_empty())
        {
            parse_expression(cx, dhcp, src, e.span, Type::String, "a flex_id `identifier-expression`");
        }
        // ignore-iaid is read by the DHCPv6 server only.
        let bools: &[&str] = if dhcp.universe == Universe::V6 { &["replace-client-id", "ignore-iaid"] } else { &["replace-client-id"] };
        for key in bools {
            super::hooks::typed(cx, CODE, "flex_id", params, key, |v| matches!(v, Value::Bool(_)));
        }
    }
}
