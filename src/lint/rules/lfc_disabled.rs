//! `lfc-disabled`: the memfile lease file grows forever.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "lfc-disabled",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "Lease file cleanup is disabled (`lfc-interval: 0`): the lease file grows without bound",
    doc: "The memfile backend appends every lease change to its CSV file; the Lease File Cleanup \
(LFC) process periodically rewrites it with only the current leases. With `lfc-interval: 0` it \
never runs: the file grows with every renewal until the disk fills, and startup (which replays the \
file) gets slower every day. Use an interval such as 3600 seconds.",
    bad: crate::lint_examples!("lfc-disabled").0,
    good: crate::lint_examples!("lfc-disabled").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        if let Some(db) = &dhcp.lease_database
            && db.ty.as_ref().is_none_or(|t| t.as_str() == "memfile")
            && db.persist.as_ref().is_none_or(|p| p.value)
            && let Some(i) = &db.lfc_interval
            && i.value == 0
        {
            found.push(i.span);
        }
    }
    for span in found {
        cx.report(
            finding(RULE.id, "lease file cleanup is disabled").at(span, "the lease file only grows").help("set \"lfc-interval\": 3600"),
        );
    }
}
