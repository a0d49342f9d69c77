//! `subnet-cmds-with-config-backend`: subnet_cmds and a config backend together.

use crate::diag::Severity;
use crate::lint::helpers::{hook, hook_span};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "subnet-cmds-with-config-backend",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "libdhcp_subnet_cmds is loaded while subnets come from a config backend",
    doc: "With `config-control` the subnets live in the configuration database and are changed with \
the cb_cmds commands; subnet4-add and friends of libdhcp_subnet_cmds change only the server's \
memory, and the next config fetch from the database silently undoes them. Use one or the other.",
    bad: crate::lint_examples!("subnet-cmds-with-config-backend").0,
    good: crate::lint_examples!("subnet-cmds-with-config-backend").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        if let Some(h) = hook(dhcp.hooks_libraries(), "libdhcp_subnet_cmds")
            && let Some(cc) = dhcp.param("config-control")
            && cc.get("config-databases").and_then(|l| l.as_array()).is_some_and(|l| !l.is_empty())
        {
            cx.report(
                finding(RULE.id, "libdhcp_subnet_cmds is loaded together with a config backend")
                    .at(hook_span(h), "changes made with subnet commands are lost on the next config fetch")
                    .related(cc.span, "config backend")
                    .help("manage subnets with the cb_cmds commands and remove libdhcp_subnet_cmds"),
            );
        }
    }
}
