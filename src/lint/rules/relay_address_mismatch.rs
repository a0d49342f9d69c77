//! `relay-address-mismatch`: one relay address claimed by two unrelated scopes.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::source::Span;
use rustc_hash::FxHashMap;
use std::net::IpAddr;

pub const RULE: Rule = Rule {
    id: "relay-address-mismatch",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A relay address is listed for two subnets or networks outside one shared network, or is of the wrong family",
    doc: "Kea selects the subnet of a relayed packet by the relay's address in `relay.ip-addresses`: \
the first subnet (or shared network) listing it wins, so a second one listing the same address is \
never selected for those clients. Subnets that share a relay belong in one shared network. An IPv6 \
relay address in a DHCPv4 subnet (or the reverse) never matches.",
    bad: crate::lint_examples!("relay-address-mismatch").0,
    good: crate::lint_examples!("relay-address-mismatch").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found: Vec<(Span, String, Option<Span>)> = Vec::new();
    for dhcp in cx.dhcps() {
        let v4 = dhcp.universe == crate::universe::Universe::V4;
        // Owner of each relay address: (owner index, first span).
        let mut seen: FxHashMap<IpAddr, (usize, Span)> = FxHashMap::default();
        let mut owners: Vec<(usize, Option<&crate::model::Relay>)> = Vec::new();
        for (i, n) in dhcp.shared_networks.iter().flatten().enumerate() {
            owners.push((i, n.relay.as_ref()));
            owners.extend(n.subnets().iter().map(|s| (i, s.relay.as_ref())));
        }
        let base = owners.len() + 1_000_000;
        owners.extend(dhcp.subnets.iter().flatten().enumerate().map(|(j, s)| (base + j, s.relay.as_ref())));
        for (owner, relay) in owners {
            for a in relay.iter().flat_map(|r| r.addresses()) {
                let Ok(ip) = a.value.parse::<IpAddr>() else { continue };
                if ip.is_ipv4() != v4 {
                    found.push((a.span, format!("relay address {ip} is not an {} address", if v4 { "IPv4" } else { "IPv6" }), None));
                    continue;
                }
                match seen.get(&ip) {
                    Some((o, first)) if *o != owner => {
                        found.push((a.span, format!("relay address {ip} is already listed for another subnet or network"), Some(*first)))
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(ip, (owner, a.span));
                    }
                }
            }
        }
    }
    for (span, msg, first) in found {
        let mut d =
            finding(RULE.id, msg).at(span, "never selected for this relay").help("put subnets behind one relay into one shared network");
        if let Some(f) = first {
            d = d.related(f, "first listed here");
        }
        cx.report(d);
    }
}
