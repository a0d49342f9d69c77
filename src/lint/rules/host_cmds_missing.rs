//! `host-cmds-missing`: a host database without libdhcp_host_cmds.

use crate::diag::Severity;
use crate::lint::helpers::hook;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "host-cmds-missing",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "A host database is configured but libdhcp_host_cmds is not loaded",
    doc: "Reservations kept in a host database (MySQL, PostgreSQL) can only be listed, added or \
deleted through the control channel with the host commands (reservation-add, reservation-get, ...) \
of libdhcp_host_cmds. Without it the database can be managed only with SQL behind Kea's back. Load \
libdhcp_host_cmds.so.",
    bad: crate::lint_examples!("host-cmds-missing").0,
    good: crate::lint_examples!("host-cmds-missing").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        let db =
            dhcp.hosts_database.as_ref().map(|d| d.span).or_else(|| dhcp.hosts_databases.as_ref().and_then(|l| l.first()).map(|d| d.span));
        if let Some(span) = db
            && hook(dhcp.hooks_libraries(), "libdhcp_host_cmds").is_none()
        {
            cx.report(
                finding(RULE.id, "a host database is configured without libdhcp_host_cmds")
                    .at(span, "reservations here cannot be managed through Kea")
                    .help("add { \"library\": \"/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_host_cmds.so\" } to hooks-libraries"),
            );
        }
    }
}
