//! `empty-pool`: a pool (or pool list) with no address a client can use.

use crate::diag::Severity;
use crate::lint::helpers::subnet_span;
use crate::lint::{LintCx, Origin, Rule, finding};
use std::net::IpAddr;

pub const RULE: Rule = Rule {
    id: "empty-pool",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A `pools` list is empty, or a DHCPv4 pool holds only the network or broadcast address",
    doc: "`\"pools\": []` is usually the remains of an edit and hands out nothing. A DHCPv4 pool \
that covers only the subnet's network or broadcast address (e.g. `192.0.2.255 - 192.0.2.255` in a \
/24) offers addresses no client can use. Remove it or give it a real range.",
    bad: crate::lint_examples!("empty-pool").0,
    good: crate::lint_examples!("empty-pool").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            if s.pools.as_ref().is_some_and(|p| p.is_empty()) {
                found.push((subnet_span(s), "this subnet's `pools` list is empty".to_string()));
            }
            let Some(ipnet::IpNet::V4(net)) = s.net else { continue };
            if net.prefix_len() > 30 {
                continue;
            }
            let special = [IpAddr::V4(net.network()), IpAddr::V4(net.broadcast())];
            for p in s.pools() {
                if let Some((a, b)) = p.range
                    && special.contains(&a)
                    && special.contains(&b)
                    && (a == b || net.prefix_len() == 31)
                {
                    found.push((
                        p.pool.as_ref().map(|t| t.span).unwrap_or(p.span),
                        format!("pool holds only the {} address", if a == special[0] { "network" } else { "broadcast" }),
                    ));
                }
            }
        }
    }
    for (span, msg) in found {
        cx.report(finding(RULE.id, msg).at(span, "no usable address").help("remove it, or give it a range of usable addresses"));
    }
}
