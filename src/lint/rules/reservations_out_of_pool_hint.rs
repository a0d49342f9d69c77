//! `reservations-out-of-pool-hint`: every reserved address lies outside the pools.

use crate::diag::Severity;
use crate::lint::helpers::{inherited, inherited_bool, reserved_addresses, subnet_scopes, subnet_span, to_u128};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "reservations-out-of-pool-hint",
    severity: Severity::Note,
    origin: Origin::Stork,
    summary: "All reserved addresses lie outside the pools: `reservations-out-of-pool` would speed up allocation",
    doc: "When no reservation is inside a pool, Kea can skip the reservation lookup while it picks \
a dynamic address (`reservations-out-of-pool: true`, or `reservation-mode: \"out-of-pool\"` before \
Kea 2.0). Set it at the subnet (or higher) once you know reservations will stay out of the pools.",
    bad: crate::lint_examples!("reservations-out-of-pool-hint").0,
    good: crate::lint_examples!("reservations-out-of-pool-hint").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for (net, s) in dhcp.all_subnets() {
            if s.pools().is_empty() {
                continue;
            }
            let scopes = subnet_scopes(dhcp, net, s);
            if inherited_bool(&scopes, "reservations-out-of-pool").is_some()
                || inherited(&scopes, "reservation-mode").is_some()
                || inherited(&scopes, "reservations-in-subnet").is_some()
            {
                continue;
            }
            let addrs = reserved_addresses(s);
            if addrs.is_empty() {
                continue;
            }
            let in_pool = s.pools().iter().filter_map(|p| p.range).any(|(a, b)| {
                let (lo, hi) = (to_u128(a), to_u128(b));
                addrs.partition_point(|x| *x < lo) < addrs.partition_point(|x| *x <= hi)
            });
            if !in_pool {
                cx.report(
                    finding(RULE.id, format!("all {} reserved addresses lie outside the pools", addrs.len()))
                        .at(subnet_span(s), "this subnet")
                        .help("add \"reservations-out-of-pool\": true to the subnet"),
                );
            }
        }
    }
}
