//! `subnet-without-id`: a subnet whose id Kea numbers automatically (targets below 2.6).

use crate::diag::Severity;
use crate::lint::helpers::subnet_span;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::version::KeaVersion;

pub const RULE: Rule = Rule {
    id: "subnet-without-id",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A subnet has no `id`: its automatic id shifts when a subnet is inserted before it",
    doc: "Kea 2.2 and 2.4 number subnets without an `id` in the order they appear (Kea 2.4 logs \
that this is deprecated, ChangeLog 2157). Leases, host reservations in a database and statistics refer to subnets by id, \
so inserting or removing a subnet renumbers the ones after it and their leases suddenly belong to \
another subnet (or to none). Give every subnet an explicit, stable `id`. From Kea 2.6 the id is \
mandatory (ChangeLog 2232): at target 2.6 and later `keakit check` rejects such a subnet as \
`missing-subnet-id` and this rule stays silent; the examples below are for target 2.2 or 2.4.",
    bad: crate::lint_examples!("subnet-without-id").0,
    good: crate::lint_examples!("subnet-without-id").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    // From 2.6 a missing id is check's error `missing-subnet-id`; a warning on top would repeat it.
    if cx.version >= KeaVersion::V2_6 {
        return;
    }
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            if s.id.is_none() {
                cx.report(
                    finding(RULE.id, "subnet has no `id`")
                        .at(subnet_span(s), "its id depends on its position in the file")
                        .help("add \"id\": N with a number that never changes (Kea 2.6 and later require it)"),
                );
            }
        }
    }
}
