//! `mt-queue-control`: packet queueing configured on a multi-threaded server.

use crate::diag::Severity;
use crate::lint::helpers::multi_threaded;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "mt-queue-control",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "`dhcp-queue-control` is enabled on a multi-threaded server, where Kea ignores it",
    doc: "Kea's packet queue (`dhcp-queue-control.enable-queue`) applies only to a single-threaded \
server; with multi-threading on (the default from Kea 2.4) Kea ignores it and queues packets per \
thread (`multi-threading.packet-queue-size`). The setting gives a false sense of protection: \
remove it, or tune packet-queue-size instead.",
    bad: crate::lint_examples!("mt-queue-control").0,
    good: crate::lint_examples!("mt-queue-control").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        if !multi_threaded(dhcp, cx.version) {
            continue;
        }
        if let Some(q) = dhcp.param("dhcp-queue-control")
            && let Some(m) = q.member("enable-queue")
            && m.value.as_bool() == Some(true)
        {
            found.push(m.span());
        }
    }
    for span in found {
        cx.report(
            finding(RULE.id, "packet queue control is ignored on a multi-threaded server")
                .at(span, "no effect with multi-threading")
                .help("remove dhcp-queue-control, or disable multi-threading"),
        );
    }
}
