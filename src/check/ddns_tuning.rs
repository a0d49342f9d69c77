//! The DDNS Tuning hook's parameters (`libdhcp_ddns_tuning`, open source from Kea 3.0): an
//! expression that makes the host name sent to DNS, for the server and per subnet (its
//! `user-context.ddns-tuning`). Read when the server starts, not by `-t` (see `ha`); the
//! rules are kea-dhcp4/6 3.0.4's at start (tests/check_hooks.rs). A subnet's setting that is
//! not a map or whose expression is not a string is ignored by the hook, and so here.

use super::Ctx;
use super::classes::parse_expression;
use crate::expr::Type;
use crate::model::Dhcp;
use crate::syntax::cst::{Node, Value};

const CODE: &str = "ddns-tuning-config";

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let mut loaded = false;
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_ddns_tuning") {
        loaded = true;
        let Some(params) = &h.parameters else {
            cx.push(super::hooks::missing(
                CODE,
                h,
                "the ddns_tuning hook has no `parameters`",
                "no `parameters`",
                "{\"hostname-expr\": \"...\"}",
            ));
            continue;
        };
        if let Some(e) = super::hooks::typed(cx, CODE, "ddns_tuning", params, "hostname-expr", |v| matches!(v, Value::String(_))) {
            expression(cx, dhcp, e);
        }
    }
    if loaded {
        for (_, s) in dhcp.all_subnets() {
            if let Some(e) = crate::model::fields::rest_get(&s.rest, "user-context")
                .and_then(|uc| uc.value.get("ddns-tuning"))
                .and_then(|t| t.get("hostname-expr"))
                .filter(|e| matches!(e.value, Value::String(_)))
            {
                expression(cx, dhcp, e);
            }
        }
    }
}

/// A `hostname-expr` (a string; empty: none).
fn expression(cx: &mut Ctx, dhcp: &Dhcp, e: &Node) {
    if let Some(src) = e.as_str().filter(|s| !s.is_empty()) {
        parse_expression(cx, dhcp, src, e.span, Type::String, "a ddns_tuning `hostname-expr`");
    }
}
