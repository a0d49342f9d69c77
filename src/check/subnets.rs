//! Subnets, pools, prefix-delegation pools and shared networks: addresses parse, pools lie
//! inside their subnet and do not overlap, subnet ids and prefixes are unique, shared network
//! names are unique. Each rule is one Kea 2.2 rejects (messages verified with `kea-dhcp4 -t`);
//! from target 2.6 every subnet also needs an id from 1 (verified with kea-dhcp4/6 3.0.4).

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{Dhcp, Subnet, addr};
use crate::source::Span;
use crate::universe::Universe;
use crate::version::KeaVersion;
use rustc_hash::FxHashMap as HashMap;
use std::net::IpAddr;

/// No `id` at all (an `id` of the wrong type is the schema's finding, not a missing one).
fn lacks_id(s: &Subnet) -> bool {
    s.id.is_none() && super::services::lacks(&s.rest, "id")
}

/// Below 2.6 Kea numbers a subnet without an id (or with id 0) itself: 1, 2, 3, ... in the
/// order it parses them, shared networks before the global list, whatever ids the others
/// carry; an explicit id equal to one of those numbers is then a duplicate. Verified with
/// kea-dhcp4 2.2 -t: "ID of the new IPv4 subnet '1' is already in use" (across lists) and
/// "can't store subnet because of conflict" (inside one shared network). Explicit ids that
/// collide are reported by `check` already.
fn numbered_ids(cx: &mut Ctx, dhcp: &Dhcp) {
    let in_networks = dhcp.shared_networks.iter().flatten().flat_map(|n| n.subnets().iter());
    let mut next = 1i64;
    // id → (where, whether Kea numbered it)
    let mut seen: HashMap<i64, (Span, bool)> = HashMap::default();
    for s in in_networks.chain(dhcp.subnets.iter().flatten()) {
        let (id, at, numbered) = match &s.id {
            Some(id) if id.value > 0 => (id.value, id.span, false),
            Some(id) if id.value == 0 => (next, id.span, true),
            None if lacks_id(s) => (next, s.message_span(), true),
            _ => continue,
        };
        if numbered {
            next += 1;
        }
        match seen.get(&id) {
            Some(&(first, first_numbered)) if numbered || first_numbered => {
                let says = |n: bool| if n { format!("Kea numbers this subnet {id}") } else { format!("id {id}") };
                cx.push(
                    Diagnostic::error("duplicate-subnet-id", format!("subnet id {id} is already in use"))
                        .at(at, says(numbered))
                        .related(first, says(first_numbered))
                        .help(format!(
                            "Kea {} numbers subnets without an id 1, 2, 3, ... (shared networks first): give every subnet an explicit, \
unique id",
                            cx.opts.version
                        )),
                );
            }
            Some(_) => {}
            None => {
                seen.insert(id, (at, numbered));
            }
        }
    }
}

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let v4 = dhcp.universe == Universe::V4;
    let mut ids: HashMap<i64, Span> = HashMap::default();
    let mut prefixes: HashMap<(IpAddr, u8), Span> = HashMap::default();
    // Kea 2.6 dropped automatic subnet numbering (ChangeLog 2232): an id is required and 0 no
    // longer means "number it for me". kea-dhcp4/6 3.0.4 -t: "missing parameter 'id'" and
    // "The 'id' value (0) is not within expected range: (1 - 4294967294)"; 2.2 accepts both.
    let ids_required = cx.opts.version >= KeaVersion::V2_6;
    let lowest = if ids_required { 1 } else { 0 };
    for (_, s) in dhcp.all_subnets() {
        subnet(cx, s, v4);
        match &s.id {
            None if ids_required && lacks_id(s) => {
                cx.push(Diagnostic::error("missing-subnet-id", "subnet has no `id`").at(s.message_span(), "needs an `id`").help(format!(
                    "Kea {} no longer numbers subnets itself: add \"id\": N, a number from 1 to 4294967294 that never changes \
(leases and reservations refer to it)",
                    cx.opts.version
                )))
            }
            None => {}
            Some(id) if !(lowest..=4_294_967_294).contains(&id.value) => cx.push(
                Diagnostic::error("out-of-range", format!("subnet id {} is out of range", id.value))
                    .at(id.span, "must be 1 to 4294967294")
                    .help(if ids_required {
                        format!(
                            "ids run from 1 to 4294967294: Kea {} no longer takes 0 as \"number this subnet for me\"; give it a stable id",
                            cx.opts.version
                        )
                    } else {
                        "0 or no id lets Kea number the subnet, but explicit ids keep leases attached when subnets move".to_string()
                    }),
            ),
            Some(id) if id.value > 0 => {
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
            Some(_) => {}
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
    if !ids_required {
        numbered_ids(cx, dhcp);
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

/// `4o6-subnet`: empty, or ADDRESS/LENGTH read as written. Kea 2.2 and 3.0.4 -t reject a
/// missing `/`, an address that does not parse, and a length that is not an unsigned
/// integer ("Invalid prefix length specified in 4o6-subnet parameter"), but take any
/// address family and any such integer (`/200`, `/-1`): those are warnings here.
fn four_over_six(cx: &mut Ctx, s: &Subnet) {
    let Some(m) = crate::model::fields::rest_get(&s.rest, "4o6-subnet") else { return };
    let Some(text) = m.value.as_str().filter(|t| !t.is_empty()) else { return };
    let help = "write an IPv6 prefix, e.g. \"2001:db8:1::/64\"";
    let invalid =
        |label: String| Diagnostic::error("bad-prefix", format!("invalid 4o6-subnet `{text}`")).at(m.value.span, label).help(help);
    let Some((a, len)) = text.split_once('/') else {
        return cx.push(invalid("no `/LENGTH`".into()));
    };
    let Ok(addr) = a.parse::<IpAddr>() else {
        return cx.push(invalid(format!("`{a}` is not an IP address")));
    };
    let digits = len.strip_prefix(['+', '-']).unwrap_or(len);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return cx.push(invalid(format!("`{len}` is not a prefix length")));
    }
    if addr.is_ipv4() || digits != len || !digits.parse::<u8>().is_ok_and(|l| l <= 128) {
        cx.push(
            Diagnostic::warning("bad-prefix", format!("4o6-subnet `{text}` is not an IPv6 prefix"))
                .at(m.value.span, "Kea accepts it, but no DHCPv4-over-DHCPv6 client can match it")
                .help(help),
        );
    }
}

/// The first of `ranges` (first address, last address, where) sharing an address with
/// `lo..=hi`.
fn overlapping(ranges: &[(IpAddr, IpAddr, Span)], lo: IpAddr, hi: IpAddr) -> Option<Span> {
    ranges.iter().find(|(a, b, _)| lo <= *b && *a <= hi).map(|(_, _, at)| *at)
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
            let why = addr::parse_subnet(&text.value).err().unwrap_or_default();
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
    if v4 {
        four_over_six(cx, s);
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
        if let Some(other) = overlapping(&ranges, first, last) {
            cx.push(
                Diagnostic::error("overlapping-pools", format!("pool {} overlaps another pool of the subnet", text.as_str()))
                    .at(text.span, "overlaps")
                    .related(other, "the other pool"),
            );
        }
        ranges.push((first, last, text.span));
    }
    // Each pd-pool as Kea ranges it: from its prefix as written (bits past prefix-len
    // included) to the last address of the prefix.
    let mut pd: Vec<(IpAddr, IpAddr, Span)> = Vec::new();
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
            // Kea 2.2 -t: "a pool of type IA_PD, with the following address range:
            // 2001:db8:7000::-200f:ffff:... overlaps with an existing pool" for the pd-pools
            // 2001:db8:7000::/12 and 2001:db8::/33; 2001:db8:8000::/12 with the latter passes.
            let (lo, hi) = (n.addr(), n.broadcast());
            // Kea 3.0.4 -t: "Invalid Pool6 address boundaries: 2001:db8:1:8000:: is not the
            // first address in prefix: 2000::/12"; Kea 2.2 takes it (the releases between are
            // not verified: the rule applies from 3.0).
            if lo != n.network() && cx.opts.version >= KeaVersion::V3_0 {
                cx.push(
                    Diagnostic::error(
                        "bad-pd-pool",
                        format!("`{}` is not the first address of its prefix /{}", prefix.as_str(), n.prefix_len()),
                    )
                    .at(prefix.span, "bits set past prefix-len")
                    .help(format!("Kea 3.0 wants the prefix's first address: \"{}\"", n.network())),
                );
            }
            if let Some(other) = overlapping(&pd, lo, hi) {
                cx.push(
                    Diagnostic::error(
                        "overlapping-pools",
                        format!("pd-pool {}/{} overlaps another pd-pool of the subnet", prefix.as_str(), n.prefix_len()),
                    )
                    .at(prefix.span, "overlaps")
                    .related(other, "the other pd-pool"),
                );
            }
            // Kea 2.2 and 3.0.4 -t: "a pool of type IA_PD, with the following address range:
            // ... overlaps with an existing pool in the subnet" (an address pool; the range
            // as above: 2001:db8:1:8000::/12 passes beside the pool 2001:db8:1::/64).
            if let Some(other) = overlapping(&ranges, lo, hi) {
                cx.push(
                    Diagnostic::error(
                        "overlapping-pools",
                        format!("pd-pool {}/{} overlaps an address pool of the subnet", prefix.as_str(), n.prefix_len()),
                    )
                    .at(prefix.span, "overlaps")
                    .related(other, "the address pool")
                    .help(
                        "Kea keeps the addresses it leases and the prefixes it delegates apart: move the pd-pool out of the address pools",
                    ),
                );
            }
            pd.push((lo, hi, prefix.span));
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

#[cfg(test)]
mod tests {
    use crate::check::{CheckOptions, check_all};
    use crate::version::KeaVersion;

    /// (code, line:col, message) of the errors.
    fn errors(text: &str, version: KeaVersion) -> Vec<(String, String, String)> {
        let (mut doc, parse) = crate::syntax::load_str("t.json", text);
        let diags = check_all(&mut doc, parse, &CheckOptions { daemon: None, version, ..Default::default() });
        diags
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let s = d.span.expect("span");
                let (l, c) = doc.sources.get(s.file).line_col(s.start as usize);
                (d.code.to_string(), format!("{l}:{c}"), d.message)
            })
            .collect()
    }

    fn v4(subnet: &str) -> String {
        format!("{{\"Dhcp4\": {{\"subnet4\": [{subnet}]}}}}")
    }
    fn v6(subnet: &str) -> String {
        format!("{{\"Dhcp6\": {{\"subnet6\": [{subnet}]}}}}")
    }
    fn shared4(subnet: &str) -> String {
        format!("{{\"Dhcp4\": {{\"shared-networks\": [{{\"name\": \"n\", \"subnet4\": [{subnet}]}}]}}}}")
    }
    fn shared6(subnet: &str) -> String {
        format!("{{\"Dhcp6\": {{\"shared-networks\": [{{\"name\": \"n\", \"subnet6\": [{subnet}]}}]}}}}")
    }

    const FROM_2_6: [KeaVersion; 2] = [KeaVersion::V2_6, KeaVersion::V3_0];
    const BELOW_2_6: [KeaVersion; 2] = [KeaVersion::V2_2, KeaVersion::V2_4];

    /// kea-dhcp4/6 3.0.4 -t, top level and in a shared network: "subnet configuration failed:
    /// missing parameter 'id'"; kea-dhcp4/6 2.2 -t accepts the same configs.
    #[test]
    fn a_subnet_without_id_is_an_error_from_2_6() {
        let cases = [
            v4(r#"{"subnet": "192.0.2.0/24"}"#),
            v6(r#"{"subnet": "2001:db8::/64"}"#),
            shared4(r#"{"subnet": "192.0.2.0/24"}"#),
            shared6(r#"{"subnet": "2001:db8::/64"}"#),
        ];
        for text in &cases {
            let col = text.find("\"subnet\": \"").unwrap() + 11;
            for v in FROM_2_6 {
                assert_eq!(
                    errors(text, v),
                    [("missing-subnet-id".to_string(), format!("1:{col}"), "subnet has no `id`".to_string())],
                    "{v}: {text}"
                );
            }
            for v in BELOW_2_6 {
                assert!(errors(text, v).is_empty(), "{v}: {text}");
            }
        }
        // A subnet without its `subnet` prefix is pointed at as a whole.
        let no_prefix = v4(r#"{"pools": []}"#);
        assert!(errors(&no_prefix, KeaVersion::V3_0).contains(&("missing-subnet-id".into(), "1:24".into(), "subnet has no `id`".into())));
    }

    /// kea-dhcp4/6 3.0.4 -t: "The 'id' value (0) is not within expected range: (1 - 4294967294)";
    /// 2.2 takes 0 as "number it for me".
    #[test]
    fn id_0_is_out_of_range_from_2_6() {
        let cases = [
            v4(r#"{"id": 0, "subnet": "192.0.2.0/24"}"#),
            v6(r#"{"id": 0, "subnet": "2001:db8::/64"}"#),
            shared4(r#"{"id": 0, "subnet": "192.0.2.0/24"}"#),
            shared6(r#"{"id": 0, "subnet": "2001:db8::/64"}"#),
        ];
        for text in &cases {
            let col = text.find("\"id\": 0").unwrap() + 7;
            for v in FROM_2_6 {
                assert_eq!(
                    errors(text, v),
                    [("out-of-range".to_string(), format!("1:{col}"), "subnet id 0 is out of range".to_string())],
                    "{v}: {text}"
                );
            }
            for v in BELOW_2_6 {
                assert!(errors(text, v).is_empty(), "{v}: {text}");
            }
        }
    }

    /// Both Kea 2.2 and 3.0.4 reject -1 and 4294967295 ("not within expected range", 2.2 with
    /// the range 0 - 4294967294); 1 and 4294967294 pass both.
    #[test]
    fn ids_outside_the_range_fail_at_every_target() {
        for id in ["-1", "4294967295", "4294967296"] {
            let text = v6(&format!(r#"{{"id": {id}, "subnet": "2001:db8::/64"}}"#));
            for v in KeaVersion::KNOWN {
                let codes: Vec<String> = errors(&text, v).into_iter().map(|e| e.0).collect();
                assert_eq!(codes, ["out-of-range"], "{v}: {text}");
            }
        }
        for id in ["1", "4294967294"] {
            let text = shared4(&format!(r#"{{"id": {id}, "subnet": "192.0.2.0/24"}}"#));
            for v in KeaVersion::KNOWN {
                assert!(errors(&text, v).is_empty(), "{v}: {text}");
            }
        }
    }

    /// Kea 2.2 -t on each (v4; v6 alike): Kea's numbering 1, 2, 3, ... of subnets without an
    /// id, shared networks first, collides with an explicit id ("ID of the new IPv4 subnet
    /// '1' is already in use", or "can't store subnet because of conflict" in one network).
    #[test]
    fn ids_kea_2_2_numbers_itself_collide_with_explicit_ones() {
        let none = r#"{"subnet": "10.0.0.0/24"}"#;
        let zero = r#"{"id": 0, "subnet": "10.0.9.0/24"}"#;
        let id = |n: u32| format!(r#"{{"id": {n}, "subnet": "10.0.{n}.0/24"}}"#);
        let both = |global: &str, network: &str| {
            format!(r#"{{"Dhcp4": {{"subnet4": [{global}], "shared-networks": [{{"name": "n", "subnet4": [{network}]}}]}}}}"#)
        };
        let rejected = [
            v4(&format!("{none}, {}", id(1))),
            v4(&format!("{}, {none}", id(1))),
            v4(&format!("{}, {none}, {zero}", id(2))),
            v4(&format!("{zero}, {}", id(1))),
            both(&id(1), none),
            both(none, &format!("{}, {zero}", id(2))),
            shared4(&format!("{none}, {}", id(1))),
            v6(r#"{"subnet": "2001:db8::/64"}, {"id": 1, "subnet": "2001:db8:1::/64"}"#),
        ];
        for text in &rejected {
            for v in [KeaVersion::V2_2, KeaVersion::V2_4] {
                let codes: Vec<String> = errors(text, v).into_iter().map(|e| e.0).collect();
                assert_eq!(codes, ["duplicate-subnet-id"], "{v}: {text}");
            }
        }
        let accepted = [v4(&format!("{none}, {}, {zero}, {}", id(5), id(6))), v4(&format!("{none}, {zero}")), both(&id(2), none)];
        for text in &accepted {
            assert!(errors(text, KeaVersion::V2_2).is_empty(), "{text}");
        }
    }

    /// An id of the wrong type is the schema's finding alone, not also a missing id.
    #[test]
    fn a_mistyped_id_is_not_also_missing() {
        let codes: Vec<String> =
            errors(&v4(r#"{"id": "1", "subnet": "192.0.2.0/24"}"#), KeaVersion::V3_0).into_iter().map(|e| e.0).collect();
        assert!(!codes.is_empty() && !codes.contains(&"missing-subnet-id".to_string()), "{codes:?}");
    }
}
