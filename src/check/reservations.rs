//! Host reservations: exactly one valid identifier, at least one resource, addresses of the
//! right family inside their subnet, no identifier or address reserved twice in one scope.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{Dhcp, IdentifierType, Reservation, addr};
use crate::source::Span;
use crate::universe::Universe;
use crate::version::KeaVersion;
use ipnet::IpNet;
use rustc_hash::FxHashMap as HashMap;
use std::net::IpAddr;

/// Each scope's reservations (the global list, unless `global` is false, then each subnet's),
/// with the subnet's prefix for a subnet's.
fn scopes(dhcp: &Dhcp, global: bool) -> impl Iterator<Item = (&[Reservation], Option<(IpNet, Option<Span>)>)> {
    let v4 = dhcp.universe == Universe::V4;
    let global = dhcp.reservations.as_deref().filter(|_| global).unwrap_or(&[]);
    std::iter::once((global, None)).chain(dhcp.all_subnets().map(move |(_, s)| {
        let net = s.net.filter(|n| n.addr().is_ipv4() == v4);
        (s.reservations(), net.map(|n| (n, s.subnet.as_ref().map(|t| t.span))))
    }))
}

/// Half of the work: each reservation's identifier, and no identifier twice in a scope
/// (the global one too unless `global` is false).
/// (`resources` is the other half; a large config runs them on two cores.)
pub fn identifiers(cx: &mut Ctx, dhcp: &Dhcp, global: bool) {
    let v4 = dhcp.universe == Universe::V4;
    for (list, _) in scopes(dhcp, global) {
        identifiers_in(cx, list, v4);
    }
}

/// `identifiers` of one scope's list (`check_tree` gives the global one before it is in the
/// model).
pub fn identifiers_in(cx: &mut Ctx, list: &[Reservation], v4: bool) {
    let mut scratch = Vec::new();
    let mut idents = FirstSeen::with_capacity(list.len());
    for r in list {
        identifier(cx, r, v4, &mut idents, &mut scratch);
    }
}

/// Whether one address or prefix may be reserved for several hosts: Kea's
/// `ip-reservations-unique: false` (kea-dhcp4/6 2.2 and 3.0.4 -t accept that, in a subnet and
/// globally).
pub fn unique_ips(dhcp: &Dhcp) -> bool {
    dhcp.param("ip-reservations-unique").and_then(|n| n.as_bool()).unwrap_or(true)
}

/// The other half: what each reservation reserves, addresses of the right family inside
/// their subnet, no address or prefix reserved twice in a scope (the global one too unless
/// `global` is false).
pub fn resources(cx: &mut Ctx, dhcp: &Dhcp, global: bool) {
    let (unique, v4) = (unique_ips(dhcp), dhcp.universe == Universe::V4);
    for (list, net) in scopes(dhcp, global) {
        resources_in(cx, list, net, v4, unique);
    }
}

/// `resources` of one scope's list, `net` the subnet's prefix (None: the global scope).
pub fn resources_in(cx: &mut Ctx, list: &[Reservation], net: Option<(IpNet, Option<Span>)>, v4: bool, unique_ips: bool) {
    let mut addrs: FirstSeen<u128> = FirstSeen::with_capacity(list.len());
    let mut prefixes: HashMap<String, Span> = HashMap::default();
    for r in list {
        reserved(cx, r, net, v4, unique_ips, &mut addrs, &mut prefixes);
    }
}

fn identifier(cx: &mut Ctx, r: &Reservation, v4: bool, idents: &mut FirstSeen<(IdentifierType, Box<[u8]>)>, scratch: &mut Vec<u8>) {
    match r.identifiers.as_slice() {
        [] => {
            if !r.rest.iter().any(|m| IdentifierType::ALL.iter().any(|t| t.key() == &*m.key)) {
                cx.push(
                    Diagnostic::error("missing-identifier", "reservation has no host identifier")
                        .at(r.span, "which client is this for?")
                        .help(if v4 {
                            "add one of hw-address, client-id, duid, circuit-id, flex-id"
                        } else {
                            "add one of duid, hw-address, flex-id"
                        }),
                );
            }
        }
        [(t, v), more @ ..] => {
            for (t2, v2) in more {
                cx.push(
                    Diagnostic::error("multiple-identifiers", format!("`{}` and `{}` are mutually exclusive", t.key(), t2.key()))
                        .at(v2.span, "second identifier")
                        .related(v.span, "first identifier")
                        .help("a reservation is for one identifier; split it into two reservations"),
                );
            }
            if !v4 && !t.in_v6() {
                cx.push(
                    Diagnostic::error("bad-identifier", format!("`{}` is not a DHCPv6 host identifier", t.key()))
                        .at(v.span, "DHCPv4 only")
                        .help("use duid, hw-address or flex-id"),
                );
            } else {
                match addr::parse_identifier_into(&v.value, scratch) {
                        Err(why) => cx.push(Diagnostic::error("bad-identifier", format!("invalid {} `{}`", t.key(), v.as_str())).at(v.span, why).help("write hex bytes separated by colons, e.g. 01:02:03:04:05:06, or a quoted string like 'text' where Kea allows it")),
                        // Kea 3.0.4 -t: "identifier is too short (2), at least 3 is required"
                        // for a duid (v4 and v6); Kea 2.2 accepts it. Versions between are not
                        // verified: the rule applies from 3.0.
                        Ok(_) if *t == IdentifierType::Duid && scratch.len() < 3 && cx.opts.version >= KeaVersion::V3_0 => cx.push(
                            Diagnostic::error("bad-identifier", format!("duid `{}` is {} byte(s) long", v.as_str(), scratch.len()))
                                .at(v.span, "too short")
                                .help("Kea 3.0 requires a DUID of at least 3 bytes (RFC 8415: type code plus content)"),
                        ),
                        Ok(_) if scratch.len() > t.max_len(cx.opts.version) => cx.push(
                            Diagnostic::error("bad-identifier", format!("{} `{}` is {} bytes long", t.key(), v.as_str(), scratch.len()))
                                .at(v.span, "too long")
                                .help(format!("Kea {} takes at most {} bytes for a {}", cx.opts.version, t.max_len(cx.opts.version), t.key())),
                        ),
                        Ok(()) => {
                            if let Some(first) = idents.first(pack_identifier(*t, scratch), || (*t, scratch.as_slice().into()), v.span) {
                                cx.push(
                                    Diagnostic::error("duplicate-reservation", format!("{} {} is reserved twice", t.key(), v.as_str()))
                                        .at(v.span, "duplicate identifier")
                                        .related(first, "first reservation for it"),
                                )
                            }
                        }
                    }
            }
        }
    }
}

fn reserved(
    cx: &mut Ctx,
    r: &Reservation,
    net: Option<(IpNet, Option<Span>)>,
    v4: bool,
    unique_ips: bool,
    addrs: &mut FirstSeen<u128>,
    prefixes: &mut HashMap<String, Span>,
) {
    let has_resource = r.ip_address.is_some()
        || r.ip_addresses.as_ref().is_some_and(|l| !l.value.is_empty())
        || r.prefixes.as_ref().is_some_and(|l| !l.value.is_empty())
        || r.hostname.as_ref().is_some_and(|h| !h.value.is_empty())
        || r.option_data.as_ref().is_some_and(|o| !o.is_empty())
        || r.client_classes.as_ref().is_some_and(|c| !c.value.is_empty())
        || r.rest.iter().any(|m| {
            matches!(
                &*m.key,
                "next-server"
                    | "server-hostname"
                    | "boot-file-name"
                    | "ip-address"
                    | "ip-addresses"
                    | "prefixes"
                    | "hostname"
                    | "option-data"
                    | "client-classes"
            )
        });
    // Kea 2.4 takes a reservation with nothing but its identifier (ChangeLog 2093, Kea
    // 2.3.5: it makes the client KNOWN); 2.2: "must include at least one resource".
    if !has_resource && !r.identifiers.is_empty() && cx.opts.version < KeaVersion::V2_4 {
        cx.push(
            Diagnostic::error("empty-reservation", "reservation reserves nothing")
                .at(r.span, "no address, prefix, hostname, options or classes")
                .help(if v4 {
                    "add \"ip-address\", \"hostname\" or \"option-data\""
                } else {
                    "add \"ip-addresses\", \"prefixes\", \"hostname\" or \"option-data\""
                }),
        );
    }
    for a in r.addresses() {
        let parsed = addr::parse_addr(&a.value, v4);
        let ip = match parsed {
            Ok(ip) => ip,
            Err(why) => {
                cx.push(Diagnostic::error("bad-address", format!("invalid reserved address `{}`", a.as_str())).at(a.span, why));
                continue;
            }
        };
        if let Some((net, net_span)) = net
            && !net.contains(&ip)
        {
            let mut d = Diagnostic::error("reservation-outside-subnet", format!("reserved address {ip} is not in subnet {net}"))
                .at(a.span, format!("outside {net}"))
                .help("move the reservation to the subnet that contains this address, or make it global");
            if let Some(s) = net_span {
                d = d.related(s, "the subnet");
            }
            cx.push(d);
        }
        // IPv4 addresses in the compact table; IPv6 ones (after a v4 check's wrong-family
        // error, none) in the other, so an IPv6 address never equals an IPv4 one.
        let (packed, wide) = match ip {
            IpAddr::V4(a) => (Some(u64::from(u32::from(a))), 0),
            IpAddr::V6(a) => (None, u128::from(a)),
        };
        if unique_ips && let Some(first) = addrs.first(packed, || wide, a.span) {
            cx.push(
                Diagnostic::error("duplicate-reservation", format!("address {ip} is reserved for two hosts"))
                    .at(a.span, "reserved again")
                    .related(first, "first reserved here")
                    .help("give each host its own address (or set ip-reservations-unique to false)"),
            )
        }
    }
    for p in r.prefixes.iter().flat_map(|l| l.value.iter()) {
        match addr::parse_prefix(&p.value) {
            Ok(n) if n.addr().is_ipv6() => {
                let key = n.to_string();
                if let Some(first) = prefixes.get(&key).filter(|_| unique_ips) {
                    cx.push(
                        Diagnostic::error("duplicate-reservation", format!("prefix {key} is reserved for two hosts"))
                            .at(p.span, "reserved again")
                            .related(*first, "first reserved here")
                            .help("give each host its own prefix (or set ip-reservations-unique to false)"),
                    );
                } else {
                    prefixes.insert(key, p.span);
                }
            }
            Ok(_) => cx.push(
                Diagnostic::error("bad-prefix", format!("`{}` is not an IPv6 prefix", p.as_str())).at(p.span, "expected an IPv6 prefix"),
            ),
            Err(why) => cx.push(Diagnostic::error("bad-prefix", format!("invalid reserved prefix `{}`", p.as_str())).at(p.span, why)),
        }
    }
}

/// The keys already reserved in one scope, each with where it was first. Nearly every key of
/// a large config (a MAC, an IPv4 address) packs into a `u64`, so 100,000 hosts make a table
/// of 20-byte entries (the general one, with the key bytes inline, was twice that: the
/// checks of such a config spent most of their time writing it); other keys go to `wide`.
struct FirstSeen<K> {
    packed: HashMap<u64, Span>,
    wide: HashMap<K, Span>,
}

impl<K: std::hash::Hash + Eq> FirstSeen<K> {
    fn with_capacity(n: usize) -> FirstSeen<K> {
        FirstSeen { packed: HashMap::with_capacity_and_hasher(n, Default::default()), wide: HashMap::default() }
    }

    /// Records `span` for the key (`packed` when it packs, else `wide()`), or returns the
    /// span recorded for it first.
    fn first(&mut self, packed: Option<u64>, wide: impl FnOnce() -> K, span: Span) -> Option<Span> {
        match packed {
            Some(k) => first_in(self.packed.entry(k), span),
            None => first_in(self.wide.entry(wide()), span),
        }
    }
}

fn first_in<K>(slot: std::collections::hash_map::Entry<'_, K, Span>, span: Span) -> Option<Span> {
    match slot {
        std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(span);
            None
        }
    }
}

/// An identifier of up to 6 bytes (a MAC) as one `u64`: the bytes, their count, the type,
/// each in its own bits, so two identifiers pack alike only if all three are equal.
fn pack_identifier(t: IdentifierType, bytes: &[u8]) -> Option<u64> {
    // (A shift per byte: `copy_from_slice` of a few bytes became a call to memcpy.)
    (bytes.len() <= 6).then(|| bytes.iter().rev().fold(0u64, |v, &b| v << 8 | u64::from(b)) | (bytes.len() as u64) << 48 | (t as u64) << 56)
}

#[cfg(test)]
mod tests {
    use crate::check::{CheckOptions, check_all};
    use crate::version::KeaVersion;

    fn errors(text: &str, version: KeaVersion) -> Vec<String> {
        let (mut doc, parse) = crate::syntax::load_str("t.json", text);
        check_all(&mut doc, parse, &CheckOptions { daemon: None, version, ..Default::default() })
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.message)
            .collect()
    }

    /// Identifiers are duplicates when type and bytes are equal: one byte more (a trailing
    /// zero), or the same bytes as another type, is another identifier; the packed keys of
    /// short ones and the table of long ones agree.
    #[test]
    fn duplicate_identifiers_and_addresses_are_exact() {
        let res = |items: &[(&str, &str)]| {
            let list: Vec<String> = items.iter().map(|(k, v)| format!(r#"{{"{k}": "{v}", "hostname": "h"}}"#)).collect();
            errors(&format!(r#"{{"Dhcp4": {{"reservations": [{}]}}}}"#, list.join(",")), KeaVersion::V2_2)
        };
        let long = "01:02:03:04:05:06:07:08";
        assert_eq!(res(&[("hw-address", "00:01"), ("hw-address", "00:01")]), ["hw-address 00:01 is reserved twice"]);
        assert_eq!(res(&[("hw-address", long), ("hw-address", long)]), [format!("hw-address {long} is reserved twice")]);
        assert!(res(&[("hw-address", "00:01"), ("hw-address", "00:01:00"), ("hw-address", "00:00:01")]).is_empty());
        assert!(res(&[("hw-address", "00:01"), ("client-id", "00:01"), ("hw-address", "01:02:03:04:05:06:07")]).is_empty());
        assert_eq!(res(&[("client-id", "00:01"), ("client-id", "0001")]), ["client-id 0001 is reserved twice"]);
        let addrs = r#"{"Dhcp4": {"reservations": [{"hw-address": "00:01", "ip-address": "10.0.0.1"}, {"hw-address": "00:02", "ip-address": "10.0.0.1"}, {"hw-address": "00:03", "ip-address": "10.0.1.0"}]}}"#;
        assert_eq!(errors(addrs, KeaVersion::V2_2), ["address 10.0.0.1 is reserved for two hosts"]);
    }

    /// kea-dhcp6 3.0.4 -t: "identifier is too short (2), at least 3 is required" (kea-dhcp4
    /// 3.0.4 too); kea-dhcp6 2.2 -t accepts it. Three bytes pass both.
    #[test]
    fn short_duid_is_rejected_from_3_0() {
        let short = r#"{"Dhcp6": {"reservations": [{"duid": "01:02", "hostname": "a"}]}}"#;
        assert_eq!(errors(short, KeaVersion::V3_0), ["duid `01:02` is 2 byte(s) long"]);
        assert!(errors(short, KeaVersion::V2_2).is_empty());
        assert!(errors(&short.replace("01:02", "01:02:03"), KeaVersion::V3_0).is_empty());
    }
}
