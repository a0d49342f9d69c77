//! The Ping Check hook's parameters (`libdhcp_ping_check`, Kea 3.0's open-source packages;
//! what dhcpd's `ping-check` did). Read when the server starts, not by `-t` (see `ha`); the
//! rules are kea-dhcp4 3.0.4's at start (tests/check_hooks.rs), for the hook's parameters and
//! for a subnet's `user-context.ping-check`; kea-dhcp6 refuses to load the hook.

use super::Ctx;
use super::hooks::Want;
use crate::model::Dhcp;
use crate::syntax::cst::Node;
use crate::universe::Universe;

const CODE: &str = "ping-check-config";
const PARAMETERS: [(&str, Want); 5] = [
    ("enable-ping-check", Want::Bool),
    ("min-ping-requests", Want::Int(1, i64::MAX)),
    ("reply-timeout", Want::Int(1, i64::MAX)),
    ("ping-cltt-secs", Want::Int(0, i64::MAX)),
    ("ping-channel-threads", Want::Int(0, i64::MAX)),
];

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
    super::hooks::members(cx, CODE, "ping_check", params, &PARAMETERS);
}
