//! `lease-cmds-missing`: the HA hook without libdhcp_lease_cmds.

use crate::diag::Severity;
use crate::lint::helpers::{hook, hook_span};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "lease-cmds-missing",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "High availability is configured but libdhcp_lease_cmds is not loaded",
    doc: "The HA hook synchronises leases between partners with the lease commands (lease4-update, \
lease6-bulk-apply, ...), which libdhcp_lease_cmds provides. Without it the partners cannot send each \
other lease updates and the pair never reaches a working state. Load libdhcp_lease_cmds.so next to \
libdhcp_ha.so.",
    bad: crate::lint_examples!("lease-cmds-missing").0,
    good: crate::lint_examples!("lease-cmds-missing").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        let hooks = dhcp.hooks_libraries();
        if let Some(ha) = hook(hooks, "libdhcp_ha")
            && hook(hooks, "libdhcp_lease_cmds").is_none()
        {
            cx.report(
                finding(RULE.id, "the HA hook is loaded without libdhcp_lease_cmds")
                    .at(hook_span(ha), "HA needs the lease commands")
                    .help("add { \"library\": \"/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so\" } to hooks-libraries"),
            );
        }
    }
}
