//! The Ping Check hook's parameters (`libdhcp_ping_check`, Kea 3.0's open-source packages;
//! what dhcpd's `ping-check` did). Read when the server starts, not by `-t` (see `ha`); the
//! rules are kea-dhcp4 3.0.4's at start (tests/check_hooks.rs), for the hook's parameters and
//! for a subnet's `user-context.ping-check`; kea-dhcp6 refuses to load the hook.

use super::Ctx;
use crate::model::Dhcp;
use crate::syntax::cst::{Node, Value, type_name};
use crate::universe::Universe;

const CODE: &str = "ping-check-config";
/// Integer parameters and their smallest value.
const INTS: [(&str, i64); 4] = [("min-ping-requests", 1), ("reply-timeout", 1), ("ping-cltt-secs", 0), ("ping-channel-threads", 0)];

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let mut loaded = false;
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_ping_check") {
        loaded = true;
        if dhcp.universe == Universe::V6 {
            cx.push(super::hooks::error(
                CODE,
                super::hooks::missing_at(h),
                "the ping_check hook is for kea-dhcp4 only",
                "in a Dhcp6 config",
            ));
            continue;
        }
        let Some(params) = &h.parameters else {
            cx.push(super::hooks::missing(
                CODE,
                h,
                "the ping_check hook has no `parameters`",
                "no `parameters`",
                "{\"enable-ping-check\": true} (an empty map takes the defaults)",
            ));
            continue;
        };
        settings(cx, params);
    }
    // With the hook loaded, a subnet's `user-context.ping-check` overrides its settings and
    // is read (and refused) the same way; without it, a user context is Kea's to ignore.
    if loaded && dhcp.universe == Universe::V4 {
        for (_, s) in dhcp.all_subnets() {
            if let Some(pc) = crate::model::fields::rest_get(&s.rest, "user-context").and_then(|uc| uc.value.get("ping-check")) {
                settings(cx, pc);
            }
        }
    }
}

/// The hook's parameters, or a subnet's `ping-check` map.
fn settings(cx: &mut Ctx, params: &Node) {
    let Some(members) = params.as_object() else {
        cx.push(super::hooks::error(
            CODE,
            params.span,
            format!("ping_check settings must be a map, not {}", type_name(&params.value)),
            "not a map",
        ));
        return;
    };
    for m in members {
        if &*m.key == "enable-ping-check" {
            super::hooks::typed(cx, CODE, "ping_check", params, &m.key, |v| matches!(v, Value::Bool(_)));
            continue;
        }
        let Some((key, min)) = INTS.iter().find(|(k, _)| *k == &*m.key) else {
            cx.push(super::hooks::error(CODE, m.span(), format!("unknown ping_check parameter `{}`", m.key), "here"));
            continue;
        };
        if let Some(i) = super::hooks::typed(cx, CODE, "ping_check", params, key, |v| matches!(v, Value::Int(_))).and_then(|n| n.as_i64())
            && i < *min
        {
            cx.push(super::hooks::error(CODE, m.span(), format!("`{key}` must be at least {min}"), "here"));
        }
    }
}
