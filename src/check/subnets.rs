//! Subnets, pools, prefix-delegation pools and shared networks: addresses parse, pools lie
//! inside their subnet and do not overlap, subnet ids and prefixes are unique, shared network
//! names are unique. Each rule is one Kea 2.2 rejects (messages verified with `kea-dhcp4 -t`).

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{Dhcp, Subnet, addr};
use crate::source::Span;
use crate::universe::Universe;
use rustc_hash::FxHashMap as HashMap;
use std::net::IpAddr;

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let v4 = dhcp.universe == Universe::V4;
    let mut ids: HashMap<i64, Span> = HashMap::default();
    let mut prefixes: HashMap<(IpAddr, u8), Span> = HashMap::default();
    for (_, s) in dhcp.all_subnets() {
        subnet(cx, s, v4);
        if let Some(id) = &s.id {
            if !(0..=4_294_967_294).contains(&id.value) {
                cx.push(
                    Diagnostic::error("out-of-range", format!("subnet id {} is out of range", id.value))
                        .at(id.span, "must be 1 to 4294967294")
                        .help("0 or no id lets Kea number the subnet, but explicit ids keep leases attached when subnets move"),
                );
            } else if id.value > 0 {
                if let Some(first) = ids.get(&id.value) {
                    cx.push(
                        Diagnostic::error("duplicate-subnet-id", format!("subnet id {} is already in use", id.value))
                            .at(id.span, "duplicate id")
                            .related(*first, "first used here")
                            .help("every subnet needs its own id (leases are tied to it)"),
                    );
                } else {
                    ids.insert(id.value, id.span);
                }
            }
        }
        if let (Some(net), Some(text)) = (s.net, &s.subnet) {
            let key = (net.addr(), net.prefix_len());
            if let Some(first) = prefixes.get(&key) {
                cx.push(
                    Diagnostic::error("duplicate-subnet", format!("subnet {} is defined twice", text.as_str()))
                        .at(text.span, "duplicate prefix")
                        .related(*first, "first defined here")
                        .help("merge the two subnets or remove one"),
                );
            } else {
                prefixes.insert(key, text.span);
            }
        }
    }
    let mut names: HashMap<&str, Span> = HashMap::default();
    for n in dhcp.shared_networks.iter().flatten() {
        match &n.name {
            Some(name) => {
                if let Some(first) = names.get(name.as_str()) {
                    cx.push(
                        Diagnostic::error("duplicate-shared-network", format!("shared network `{}` is defined twice", name.as_str()))
                            .at(name.span, "duplicate name")
                            .related(*first, "first defined here"),
                    );
                } else {
                    names.insert(name.as_str(), name.span);
                }
                if name.as_str().is_empty() {
                    cx.push(Diagnostic::error("bad-value", "shared network name is empty").at(name.span, "empty name"));
                }
            }
            None if super::services::lacks(&n.rest, "name") => cx.push(
                Diagnostic::error("missing-key", "shared network has no `name`")
                    .at(n.span, "this shared network")
                    .help("add \"name\": \"...\""),
            ),
            None => {}
        }
        if let Some(r) = &n.relay {
            relay(cx, r, v4);
        }
    }
}

fn subnet(cx: &mut Ctx, s: &Subnet, v4: bool) {
    let family = if v4 { "IPv4" } else { "IPv6" };
    match (&s.subnet, s.net) {
        (None, _) => {
            if super::services::lacks(&s.rest, "subnet") {
                cx.push(Diagnostic::error("missing-key", "subnet has no `subnet` prefix").at(s.span, "this subnet").help(if v4 {
                    "add \"subnet\": \"192.0.2.0/24\""
                } else {
                    "add \"subnet\": \"2001:db8::/64\""
                }));
            }
        }
        (Some(text), None) => {
            let why = addr::parse_prefix(&text.value).err().unwrap_or_default();
            cx.push(Diagnostic::error("bad-prefix", format!("invalid subnet `{}`", text.as_str())).at(text.span, why));
        }
        (Some(text), Some(net)) => {
            if net.addr().is_ipv4() != v4 {
                cx.push(
                    Diagnostic::error("bad-prefix", format!("`{}` is not an {family} prefix", text.as_str()))
                        .at(text.span, format!("expected an {family} subnet here")),
                );
            }
        }
    }
    let net = s.net.filter(|n| n.addr().is_ipv4() == v4);
    let mut ranges: Vec<(IpAddr, IpAddr, Span)> = Vec::new();
    for p in s.pools() {
        let Some(text) = &p.pool else {
            if super::services::lacks(&p.rest, "pool") {
                cx.push(
                    Diagnostic::error("missing-key", "pool has no `pool` range")
                        .at(p.span, "this pool")
                        .help("add \"pool\": \"FIRST - LAST\""),
                );
            }
            continue;
        };
        let Some((first, last)) = p.range else {
            let why = addr::parse_range(&text.value).err().unwrap_or_default();
            cx.push(
                Diagnostic::error("bad-pool", format!("invalid pool `{}`", text.as_str()))
                    .at(text.span, why)
                    .help("a pool is FIRST - LAST or PREFIX/LEN"),
            );
            continue;
        };
        if first.is_ipv4() != v4 {
            cx.push(
                Diagnostic::error("bad-pool", format!("`{}` is not an {family} pool", text.as_str()))
                    .at(text.span, format!("expected {family} addresses")),
            );
            continue;
        }
        if let Some(net) = net
            && (!net.contains(&first) || !net.contains(&last))
        {
            cx.push(
                Diagnostic::error("pool-outside-subnet", format!("pool {} is not inside subnet {}", text.as_str(), net))
                    .at(text.span, format!("outside {net}"))
                    .help(format!("a pool must lie within its subnet's prefix {net}")),
            );
        }
        if let Some((_, _, other)) = ranges.iter().find(|(a, b, _)| first <= *b && *a <= last) {
            cx.push(
                Diagnostic::error("overlapping-pools", format!("pool {} overlaps another pool of the subnet", text.as_str()))
                    .at(text.span, "overlaps")
                    .related(*other, "the other pool"),
            );
        }
        ranges.push((first, last, text.span));
    }
    let mut pd: Vec<(ipnet::IpNet, Span)> = Vec::new();
    for p in s.pd_pools() {
        let Some(prefix) = &p.prefix else { continue };
        let addr_ok = prefix.value.parse::<std::net::Ipv6Addr>().is_ok();
        if !addr_ok {
            cx.push(
                Diagnostic::error("bad-prefix", format!("`{}` is not an IPv6 address", prefix.as_str()))
                    .at(prefix.span, "invalid prefix")
                    .help("write the prefix address alone, e.g. \"2001:db8:1::\", and its length in prefix-len"),
            );
            continue;
        }
        if let Some(plen) = &p.prefix_len
            && !(1..=128).contains(&plen.value)
        {
            cx.push(
                Diagnostic::error("bad-prefix", format!("prefix-len {} is out of range", plen.value)).at(plen.span, "must be 1 to 128"),
            );
            continue;
        }
        if let (Some(plen), Some(dlen)) = (&p.prefix_len, &p.delegated_len)
            && (dlen.value < plen.value || dlen.value > 128)
        {
            cx.push(
                Diagnostic::error(
                    "bad-pd-pool",
                    format!("delegated-len {} must be at least prefix-len {} and at most 128", dlen.value, plen.value),
                )
                .at(dlen.span, "invalid delegated length")
                .related(plen.span, "prefix length"),
            );
        }
        if let Some(n) = p.net() {
            if let Some((_, other)) = pd.iter().find(|(o, _)| o.contains(&n.network()) || n.contains(&o.network())) {
                cx.push(
                    Diagnostic::error(
                        "overlapping-pools",
                        format!("pd-pool {}/{} overlaps another pd-pool of the subnet", prefix.as_str(), n.prefix_len()),
                    )
                    .at(prefix.span, "overlaps")
                    .related(*other, "the other pd-pool"),
                );
            }
            pd.push((n, prefix.span));
        }
    }
    if let Some(r) = &s.relay {
        relay(cx, r, v4);
    }
}

/// Kea's grammar gives `relay` exactly one entry, `ip-address` or `ip-addresses`, with no
/// comma at all (kea-dhcp4 2.2: `{"ip-address": "…", "ip-addresses": […]}` and
/// `{"ip-address": "…",}` are both "syntax error, unexpected \",\", expecting }"), unlike
/// every other map, where a trailing comma is only warned about.
fn relay(cx: &mut Ctx, r: &crate::model::Relay, v4: bool) {
    if let (Some(a), Some(l)) = (&r.ip_address, &r.ip_addresses) {
        let (first, second) = if a.span.start < l.span.start { (a.span, l.span) } else { (l.span, a.span) };
        cx.push(
            Diagnostic::error("syntax", "`relay` takes either `ip-address` or `ip-addresses`, not both")
                .at(second, "second entry")
                .related(first, "first entry")
                .help("list every relay address in `ip-addresses`"),
        );
    }
    let last_end = r
        .ip_address
        .iter()
        .map(|a| a.span.end)
        .chain(r.ip_addresses.iter().map(|l| l.span.end))
        .chain(r.rest.iter().map(|m| m.value.span.end))
        .max();
    if let Some(end) = last_end {
        let inside: Vec<_> =
            cx.doc.trailing_commas.iter().filter(|c| c.file == r.span.file && c.start >= end && c.end <= r.span.end).copied().collect();
        for c in inside {
            cx.push(
                Diagnostic::error("syntax", "Kea does not accept a trailing comma in `relay`")
                    .at(c, "remove this `,`")
                    .help("`relay` holds a single entry; Kea's grammar has no comma there"),
            );
        }
    }
    for a in r.addresses() {
        if let Err(why) = addr::parse_addr(&a.value, v4) {
            cx.push(Diagnostic::error("bad-address", format!("invalid relay address `{}`", a.as_str())).at(a.span, why));
        }
    }
}
