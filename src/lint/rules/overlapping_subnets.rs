//! `overlapping-subnets`: one subnet contains another (sorted sweep, not pairwise).

use crate::diag::Severity;
use crate::lint::helpers::{subnet_span, to_u128};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "overlapping-subnets",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "Two subnets overlap (one contains the other)",
    doc: "Kea rejects two identical subnets but accepts 192.0.2.0/24 next to 192.0.2.0/25. Subnet \
selection then depends on the order of the subnets, reservations and leases of the inner subnet \
also fall inside the outer one, and an address can be handed out by both. Split the address space \
so that subnets do not overlap.",
    bad: crate::lint_examples!("overlapping-subnets").0,
    good: crate::lint_examples!("overlapping-subnets").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        // (first, last, subnet) sorted by first address then widest first; one sweep keeps the
        // subnet reaching furthest so far.
        let mut nets: Vec<(u128, u128, &crate::model::Subnet)> =
            dhcp.all_subnets().filter_map(|(_, s)| s.net.map(|n| (to_u128(n.network()), to_u128(n.broadcast()), s))).collect();
        nets.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut reach: Option<(u128, u128, &crate::model::Subnet)> = None;
        for (lo, hi, s) in nets {
            if let Some((rlo, rhi, outer)) = reach
                && lo <= rhi
            {
                // Identical subnets are a check error (Kea rejects them).
                if !(lo == rlo && hi == rhi) {
                    let (a, b) =
                        (s.subnet.as_ref().map(|t| t.as_str()).unwrap_or("?"), outer.subnet.as_ref().map(|t| t.as_str()).unwrap_or("?"));
                    cx.report(
                        finding(RULE.id, format!("subnet {a} overlaps subnet {b}"))
                            .at(subnet_span(s), "overlaps")
                            .related(subnet_span(outer), "this subnet")
                            .help("split the address space so that no subnet contains another"),
                    );
                }
                if hi > rhi {
                    reach = Some((lo, hi, s));
                }
            } else {
                reach = Some((lo, hi, s));
            }
        }
    }
}
