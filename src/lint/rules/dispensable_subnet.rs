//! `dispensable-subnet`: a subnet with no pools, no pd-pools and no reservations.

use crate::diag::Severity;
use crate::lint::helpers::subnet_span;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "dispensable-subnet",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "A subnet has no pools, no prefix pools and no reservations",
    doc: "Such a subnet can hand out nothing: clients selecting it get no address and no prefix \
(unless global reservations are used, which this rule then leaves alone). Add a pool or \
reservations, or remove the subnet. A DHCPv6 subnet used only for stateless configuration \
(INFORMATION-REQUEST) is the exception: suppress the rule there.",
    bad: crate::lint_examples!("dispensable-subnet").0,
    good: crate::lint_examples!("dispensable-subnet").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        if dhcp.reservations.as_ref().is_some_and(|r| !r.is_empty()) {
            continue;
        }
        for (_, s) in dhcp.all_subnets() {
            if s.pools().is_empty() && s.pd_pools().is_empty() && s.reservations().is_empty() {
                cx.report(
                    finding(RULE.id, "subnet has no pools, no pd-pools and no reservations")
                        .at(subnet_span(s), "nothing to hand out")
                        .help("add a pool or reservations, or remove the subnet"),
                );
            }
        }
    }
}
