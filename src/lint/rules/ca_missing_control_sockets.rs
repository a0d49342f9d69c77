//! `ca-missing-control-sockets`: a Control Agent with nothing to forward to.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "ca-missing-control-sockets",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "The Control Agent has no control sockets: it cannot reach any server",
    doc: "The Control Agent forwards commands to the daemons named in `control-sockets` (dhcp4, \
dhcp6, d2). Without any, every command with a `service` fails and Stork cannot monitor the \
servers. Add the unix socket of each daemon, matching the daemon's own `control-socket`.",
    bad: crate::lint_examples!("ca-missing-control-sockets").0,
    good: crate::lint_examples!("ca-missing-control-sockets").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    if let Some(ca) = &cx.config.ctrl_agent
        && ca.control_sockets.as_ref().is_none_or(|l| l.is_empty())
    {
        cx.report(
            finding(RULE.id, "the Control Agent has no control sockets").at(ca.span, "cannot forward commands to any daemon").help(
                "add \"control-sockets\": { \"dhcp4\": { \"socket-type\": \"unix\", \"socket-name\": \"/run/kea/kea4-ctrl-socket\" } }",
            ),
        );
    }
}
