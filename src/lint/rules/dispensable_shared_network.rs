//! `dispensable-shared-network`: a shared network with zero or one subnet.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "dispensable-shared-network",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "A shared network holds no subnet or a single subnet",
    doc: "A shared network exists to let several subnets serve one link. With no subnet it does \
nothing; with one it only adds a scope to look parameters up in and costs the server an extra \
lookup per packet. Move the subnet (and the network's parameters) to the top level, or add the \
other subnets of the link.",
    bad: crate::lint_examples!("dispensable-shared-network").0,
    good: crate::lint_examples!("dispensable-shared-network").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for n in dhcp.shared_networks.iter().flatten() {
            let count = n.subnets().len();
            if count <= 1 {
                let span = n.name.as_ref().map(|s| s.span).unwrap_or(n.span);
                let what = if count == 0 { "no subnet" } else { "a single subnet" };
                cx.report(
                    finding(RULE.id, format!("shared network holds {what}"))
                        .at(span, "this shared network")
                        .help("move its subnet to the top level, or add the other subnets of the link"),
                );
            }
        }
    }
}
