//! `memfile-not-persistent`: leases kept in memory only.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "memfile-not-persistent",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "The memfile lease database has `persist: false`: every lease is lost on restart",
    doc: "With `persist: false` Kea keeps leases only in memory. After a restart (an upgrade, a \
crash, a reboot) it forgets every lease and hands addresses in use to new clients, causing address \
conflicts until the old leases would have expired. Only test setups want this: remove `persist` \
(the default is true).",
    bad: crate::lint_examples!("memfile-not-persistent").0,
    good: crate::lint_examples!("memfile-not-persistent").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        if let Some(db) = &dhcp.lease_database
            && db.ty.as_ref().is_none_or(|t| t.as_str() == "memfile")
            && let Some(p) = &db.persist
            && !p.value
        {
            found.push(p.span);
        }
    }
    for span in found {
        cx.report(
            finding(RULE.id, "leases are not written to disk").at(span, "all leases lost on restart").help("remove \"persist\": false"),
        );
    }
}
