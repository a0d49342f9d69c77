//! The Leasequery hook's parameters (`libdhcp_lease_query`, Kea 3.0's open-source packages):
//! who may query. Read when the server starts, not by `-t` (see `hooks`); the rules are
//! kea-dhcp4/6 3.0.4's at start (tests/check_hooks.rs), keys it does not read included
//! (`user-context` is one; a `comment` must be a string). Bulk query's `advanced` settings are read by kea-dhcp4 and kea-dhcp6 alike.

use super::Ctx;
use super::hooks::{Want, members};
use crate::model::Dhcp;
use crate::syntax::cst::Node;
use crate::syntax::cst::type_name;
use crate::universe::Universe;
use rustc_hash::FxHashMap as HashMap;

const CODE: &str = "lease-query-config";

/// `prefix-lengths` is read (as a list) by kea-dhcp4 too.
const PARAMETERS: [(&str, Want); 4] =
    [("requesters", Want::Any), ("prefix-lengths", Want::List), ("advanced", Want::Map), ("comment", Want::Str)];

const ADVANCED: [(&str, Want); 11] = [
    ("bulk-query-enabled", Want::Bool),
    ("active-query-enabled", Want::Bool),
    ("extended-info-tables-enabled", Want::Bool),
    ("lease-query-ip", Want::Str),
    ("lease-query-tcp-port", Want::Int(1, 65535)),
    ("max-bulk-query-threads", Want::Int(0, i64::MAX)),
    ("max-requester-connections", Want::Int(1, i64::MAX)),
    ("max-concurrent-queries", Want::Int(0, i64::MAX)),
    ("max-requester-idle-time", Want::Int(1, i64::MAX)),
    ("max-leases-per-fetch", Want::Int(1, i64::MAX)),
    ("comment", Want::Str),
];

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let v6 = dhcp.universe == Universe::V6;
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_lease_query") {
        if let Some(p) = &h.parameters
            && members(cx, CODE, "lease_query", p, &PARAMETERS)
            && let Some(adv) = p.get("advanced").filter(|a| a.as_object().is_some())
        {
            advanced(cx, adv, v6);
        }
        let Some(list) = h.parameters.as_ref().and_then(|p| p.get("requesters")) else {
            cx.push(super::hooks::missing(
                CODE,
                h,
                "the lease_query hook has no `requesters` list",
                "no `requesters`",
                "{\"requesters\": [\"192.0.2.1\"]}",
            ));
            continue;
        };
        let Some(list) = list.as_array() else {
            cx.push(super::hooks::error(
                CODE,
                list.span,
                format!("lease_query `requesters` must be a list, not {}", type_name(&list.value)),
                "not a list",
            ));
            continue;
        };
        if list.is_empty() {
            cx.push(super::hooks::error(
                CODE,
                h.parameters.as_ref().map_or(h.span, |p| p.span),
                "lease_query `requesters` is empty",
                "no requester",
            ));
        }
        let mut seen: HashMap<std::net::IpAddr, crate::source::Span> = HashMap::default();
        for r in list {
            match r.as_str().and_then(|s| s.parse::<std::net::IpAddr>().ok()) {
                None => cx.push(super::hooks::error(CODE, r.span, "a lease_query requester must be an IP address", "not an address")),
                Some(a) if a.is_ipv6() != v6 => {
                    let want = if v6 { "IPv6" } else { "IPv4" };
                    cx.push(super::hooks::error(
                        CODE,
                        r.span,
                        format!("a lease_query requester of this server must be an {want} address"),
                        "other family",
                    ));
                }
                Some(a) => {
                    if let Some(first) = seen.insert(a, r.span) {
                        cx.push(
                            super::hooks::error(CODE, r.span, format!("requester {a} is listed twice"), "again")
                                .related(first, "first here"),
                        );
                    }
                }
            }
        }
        // Prefix lengths are read by kea-dhcp6 only.
        if v6 && let Some(pl) = h.parameters.as_ref().and_then(|p| p.get("prefix-lengths")).and_then(|p| p.as_array()) {
            for n in pl.iter().filter(|n| !n.as_i64().is_some_and(|v| (1..=128).contains(&v))) {
                cx.push(super::hooks::error(CODE, n.span, "a lease_query prefix length must be 1 to 128", "out of range"));
            }
        }
    }
}

/// Bulk query's settings: the listening address must be of the server's family, and active
/// query is not implemented (the hook refuses `true`).
fn advanced(cx: &mut Ctx, adv: &Node, v6: bool) {
    if !members(cx, CODE, "lease_query advanced", adv, &ADVANCED) {
        return;
    }
    if let Some(ip) = adv.get("lease-query-ip")
        && let Some(text) = ip.as_str()
    {
        match text.parse::<std::net::IpAddr>() {
            Ok(a) if a.is_ipv6() == v6 => {}
            Ok(_) => {
                let want = if v6 { "IPv6" } else { "IPv4" };
                cx.push(super::hooks::error(
                    CODE,
                    ip.span,
                    format!("lease_query `lease-query-ip` must be an {want} address here"),
                    "other family",
                ));
            }
            Err(_) => cx.push(super::hooks::error(CODE, ip.span, "lease_query `lease-query-ip` is not an IP address", "not an address")),
        }
    }
    if let Some(a) = adv.get("active-query-enabled")
        && a.as_bool() == Some(true)
    {
        cx.push(super::hooks::error(CODE, a.span, "the lease_query hook does not implement active query", "here"));
    }
}
