//! `reservation-in-pool`: a reserved address inside a dynamic pool.

use crate::diag::Severity;
use crate::lint::helpers::{inherited, inherited_bool, subnet_scopes, to_u128};
use crate::lint::{LintCx, Origin, Rule, finding};
use std::net::IpAddr;

pub const RULE: Rule = Rule {
    id: "reservation-in-pool",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A reserved address lies inside a pool: another client may lease it first",
    doc: "Kea allocates pool addresses dynamically without looking at who they are reserved for; \
if another client already holds the reserved address, the reserved host gets a different address \
until that lease expires. Reserve addresses outside the pools (and then set \
`reservations-out-of-pool: true`).",
    bad: crate::lint_examples!("reservation-in-pool").0,
    good: crate::lint_examples!("reservation-in-pool").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for (net, s) in dhcp.all_subnets() {
            if s.pools().is_empty() || s.reservations().is_empty() {
                continue;
            }
            let scopes = subnet_scopes(dhcp, net, s);
            if inherited_bool(&scopes, "reservations-out-of-pool") == Some(true) || inherited(&scopes, "reservation-mode").is_some() {
                continue; // then Kea itself does not expect reservations in pools (check's business)
            }
            let mut pools: Vec<(u128, u128)> = s.pools().iter().filter_map(|p| p.range).map(|(a, b)| (to_u128(a), to_u128(b))).collect();
            pools.sort_unstable();
            for r in s.reservations() {
                for a in r.addresses() {
                    let Ok(ip) = a.value.parse::<IpAddr>() else { continue };
                    let x = to_u128(ip);
                    let i = pools.partition_point(|p| p.0 <= x);
                    if i > 0 && pools[..i].iter().rev().take(8).any(|p| x <= p.1) {
                        cx.report(
                            finding(RULE.id, format!("reserved address {ip} is inside a dynamic pool"))
                                .at(a.span, "may already be leased to another client")
                                .help("reserve an address outside the pools"),
                        );
                    }
                }
            }
        }
    }
}
