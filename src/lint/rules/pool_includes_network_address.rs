//! `pool-includes-network-address`: a DHCPv4 pool that hands out .0 or .255.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use std::net::IpAddr;

pub const RULE: Rule = Rule {
    id: "pool-includes-network-address",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A DHCPv4 pool includes the subnet's network or broadcast address",
    doc: "Kea does not skip the network and broadcast addresses of a subnet: a pool written as the \
whole prefix (`192.0.2.0/24`) or running to .255 will lease them, and a client given the broadcast \
address cannot talk to anyone. Start the pool after the network address and end it before the \
broadcast address.",
    bad: crate::lint_examples!("pool-includes-network-address").0,
    good: crate::lint_examples!("pool-includes-network-address").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            let Some(ipnet::IpNet::V4(net)) = s.net else { continue };
            if net.prefix_len() > 30 {
                continue; // /31 and /32 have no network or broadcast address
            }
            let (n, b) = (IpAddr::V4(net.network()), IpAddr::V4(net.broadcast()));
            for p in s.pools() {
                let Some((lo, hi)) = p.range else { continue };
                // A pool made only of those addresses is `empty-pool`'s finding.
                if (lo == hi && (lo == n || lo == b)) || (lo == n && hi == b && net.prefix_len() == 31) {
                    continue;
                }
                let which: Vec<String> = [n, b].iter().filter(|x| lo <= **x && **x <= hi).map(|x| x.to_string()).collect();
                if !which.is_empty() {
                    found.push((p.pool.as_ref().map(|t| t.span).unwrap_or(p.span), which.join(" and ")));
                }
            }
        }
    }
    for (span, which) in found {
        cx.report(
            finding(RULE.id, format!("pool includes {which}"))
                .at(span, "network/broadcast address would be leased")
                .help("start the pool after the network address and end it before the broadcast address"),
        );
    }
}
