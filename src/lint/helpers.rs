//! Small lookups many rules share: inherited parameters, hook libraries, HA parameters,
//! address arithmetic.

use crate::model::{Dhcp, HookLibrary, SharedNetwork, Subnet};
use crate::source::Span;
use crate::syntax::cst::{Member, Node};
use crate::version::KeaVersion;
use std::net::IpAddr;

/// The scopes a subnet inherits parameters from, innermost first (Kea's lookup order).
pub fn subnet_scopes<'a>(dhcp: &'a Dhcp, net: Option<&'a SharedNetwork>, s: &'a Subnet) -> Vec<&'a [Member]> {
    match net {
        Some(n) => vec![&s.rest, &n.rest, &dhcp.rest],
        None => vec![&s.rest, &dhcp.rest],
    }
}

/// The innermost member named `key`.
pub fn inherited<'a>(scopes: &[&'a [Member]], key: &str) -> Option<&'a Member> {
    scopes.iter().find_map(|rest| rest.iter().find(|m| &*m.key == key))
}

pub fn inherited_i64(scopes: &[&[Member]], key: &str) -> Option<(i64, Span)> {
    inherited(scopes, key).and_then(|m| m.value.as_i64().map(|v| (v, m.value.span)))
}

pub fn inherited_bool(scopes: &[&[Member]], key: &str) -> Option<bool> {
    inherited(scopes, key).and_then(|m| m.value.as_bool())
}

/// The hook library entry that loads `stem` (e.g. `libdhcp_ha`).
pub fn hook<'a>(hooks: &'a [HookLibrary], stem: &str) -> Option<&'a HookLibrary> {
    hooks.iter().find(|h| h.loads(stem))
}

/// The span to point at for a hook library (its `library` string, else the entry).
pub fn hook_span(h: &HookLibrary) -> Span {
    h.library.as_ref().map(|l| l.span).unwrap_or(h.span)
}

/// Each relationship of the HA hook: the maps in the list `parameters.high-availability`.
/// A single map there is refused by the hook at start in Kea 2.2 and 3.0 (check's `ha`
/// reports it), so lint reads no relationship from it.
pub fn ha_relationships(h: &HookLibrary) -> Vec<&Node> {
    let Some(list) = h.parameters.as_ref().and_then(|p| p.get("high-availability")).and_then(Node::as_array) else { return Vec::new() };
    list.iter().filter(|n| n.as_object().is_some()).collect()
}

/// Whether the DHCP server runs multi-threaded: `enable-multi-threading` as written, else
/// the default of the target version (off in Kea 2.2, on from 2.4).
pub fn multi_threaded(dhcp: &Dhcp, version: KeaVersion) -> bool {
    dhcp.multi_threading
        .as_ref()
        .and_then(|m| m.get("enable-multi-threading"))
        .and_then(|n| n.as_bool())
        .unwrap_or(version >= KeaVersion::V2_4)
}

pub fn to_u128(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(v) => u32::from(v) as u128,
        IpAddr::V6(v) => u128::from(v),
    }
}

/// Number of addresses in an inclusive range (saturating at u128::MAX for the full v6 space).
pub fn range_len(first: IpAddr, last: IpAddr) -> u128 {
    (to_u128(last) - to_u128(first)).saturating_add(1)
}

/// Addresses reserved in a subnet, parsed and sorted (malformed ones are check's business).
pub fn reserved_addresses(s: &Subnet) -> Vec<u128> {
    let mut v: Vec<u128> =
        s.reservations().iter().flat_map(|r| r.addresses()).filter_map(|a| a.value.parse::<IpAddr>().ok()).map(to_u128).collect();
    v.sort_unstable();
    v
}

/// How many of the sorted `addrs` lie in `[lo, hi]`.
pub fn count_in(addrs: &[u128], lo: u128, hi: u128) -> usize {
    addrs.partition_point(|a| *a <= hi) - addrs.partition_point(|a| *a < lo)
}

/// The span of a subnet's `subnet` string (else the whole subnet map).
pub fn subnet_span(s: &Subnet) -> Span {
    s.message_span()
}

/// A member's value as a string, by key, in a CST map node.
pub fn str_at<'a>(n: &'a Node, key: &str) -> Option<&'a str> {
    n.get(key).and_then(|v| v.as_str())
}
