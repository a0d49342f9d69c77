//! `subnet-without-id`: a subnet whose id Kea numbers automatically.

use crate::diag::Severity;
use crate::lint::helpers::subnet_span;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "subnet-without-id",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A subnet has no `id`: its automatic id shifts when a subnet is inserted before it",
    doc: "Kea numbers subnets without an `id` in the order they appear. Leases, host reservations \
in a database and statistics refer to subnets by id, so inserting or removing a subnet renumbers \
the ones after it and their leases suddenly belong to another subnet (or to none). Give every \
subnet an explicit, stable `id`.",
    bad: crate::lint_examples!("subnet-without-id").0,
    good: crate::lint_examples!("subnet-without-id").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            if s.id.is_none() {
                cx.report(
                    finding(RULE.id, "subnet has no `id`")
                        .at(subnet_span(s), "its id depends on its position in the file")
                        .help("add \"id\": N with a number that never changes"),
                );
            }
        }
    }
}
