//! The Leasequery hook's parameters (`libdhcp_lease_query`, Kea 3.0's open-source packages):
//! who may query. Read when the server starts, not by `-t` (see `hooks`); the rules are
//! kea-dhcp4/6 3.0.4's at start (tests/check_hooks.rs). Keys the hook does not know are
//! refused by it too, but the full list of its keys (bulk query's `advanced` and more) was
//! not probed, so keakit does not judge them.

use super::Ctx;
use crate::model::Dhcp;
use crate::syntax::cst::type_name;
use crate::universe::Universe;
use rustc_hash::FxHashMap as HashMap;

const CODE: &str = "lease-query-config";

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let v6 = dhcp.universe == Universe::V6;
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_lease_query") {
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
