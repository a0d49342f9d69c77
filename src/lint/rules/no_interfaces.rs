//! `no-interfaces`: a DHCP server that listens on no interface.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "no-interfaces",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "`interfaces-config` names no interface: the server receives no DHCP traffic",
    doc: "Kea opens DHCP sockets only on the interfaces listed in `interfaces-config.interfaces`. \
With the list empty or missing it starts, answers control commands, and serves nobody. List the \
interfaces (or `\"*\"` for all). DHCPv4-over-DHCPv6 setups (`dhcp4o6-port`) are left alone.",
    bad: crate::lint_examples!("no-interfaces").0,
    good: crate::lint_examples!("no-interfaces").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        if dhcp.param("dhcp4o6-port").is_some() {
            continue;
        }
        match dhcp.interfaces_config.as_ref().and_then(|i| i.interfaces.as_ref()) {
            Some(list) if list.value.is_empty() => found.push(list.span),
            Some(_) => {}
            None => found.push(dhcp.interfaces_config.as_ref().map(|i| i.span).unwrap_or(dhcp.span)),
        }
    }
    for span in found {
        cx.report(
            finding(RULE.id, "the server listens on no interface")
                .at(span, "no DHCP traffic will be received")
                .help("list the interfaces to serve, e.g. \"interfaces\": [ \"eth0\" ]"),
        );
    }
}
