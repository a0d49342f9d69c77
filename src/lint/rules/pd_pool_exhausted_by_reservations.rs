//! `pd-pool-exhausted-by-reservations`: every delegated prefix of a pd-pool is reserved.

use crate::diag::Severity;
use crate::lint::helpers::to_u128;
use crate::lint::{LintCx, Origin, Rule, finding};
use std::net::IpAddr;

pub const RULE: Rule = Rule {
    id: "pd-pool-exhausted-by-reservations",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "Every prefix a pd-pool can delegate is reserved",
    doc: "A pd-pool of prefix-len P and delegated-len D holds 2^(D-P) prefixes. When as many are \
reserved (reservation `prefixes` of length D inside the pool), other requesting routers get no \
prefix. Move the reserved prefixes out of the pool, or make the pool larger.",
    bad: crate::lint_examples!("pd-pool-exhausted-by-reservations").0,
    good: crate::lint_examples!("pd-pool-exhausted-by-reservations").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            if s.pd_pools().is_empty() {
                continue;
            }
            // Reserved prefixes as (network, length), sorted.
            let mut reserved: Vec<(u128, u8)> = s
                .reservations()
                .iter()
                .flat_map(|r| r.prefixes.iter().flat_map(|l| l.value.iter()))
                .filter_map(|p| crate::model::addr::parse_prefix(&p.value).ok())
                .map(|n| (to_u128(n.network()), n.prefix_len()))
                .collect();
            reserved.sort_unstable();
            for p in s.pd_pools() {
                let (Some(net), Some(d)) = (p.net(), p.delegated_len.as_ref()) else { continue };
                let Ok(d) = u8::try_from(d.value) else { continue };
                if d < net.prefix_len() || d - net.prefix_len() >= 64 {
                    continue;
                }
                let size = 1u128 << (d - net.prefix_len());
                let (lo, hi) = (to_u128(net.network()), to_u128(net.broadcast()));
                let n = reserved.iter().skip(reserved.partition_point(|r| r.0 < lo)).take_while(|r| r.0 <= hi).filter(|r| r.1 == d).count();
                if n as u128 >= size && matches!(net.addr(), IpAddr::V6(_)) {
                    cx.report(
                        finding(RULE.id, format!("all {size} prefixes of this pd-pool are reserved"))
                            .at(p.prefix.as_ref().map(|t| t.span).unwrap_or(p.span), "nothing left to delegate")
                            .help("move the reserved prefixes out of the pool, or shorten prefix-len"),
                    );
                }
            }
        }
    }
}
