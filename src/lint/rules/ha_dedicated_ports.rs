//! `ha-dedicated-ports`: multi-threaded HA without its own HTTP listener.

use crate::diag::Severity;
use crate::lint::helpers::{ha_relationships, hook};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "ha-dedicated-ports",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "Multi-threaded HA sends lease updates through the Control Agent instead of a dedicated listener",
    doc: "With HA multi-threading on, each partner should receive lease updates on its own HTTP \
listener (`http-dedicated-listener: true`, with a port per peer URL different from the Control \
Agent's). Without it updates queue behind the Control Agent, one at a time, and the benefit of \
multi-threading is lost.",
    bad: crate::lint_examples!("ha-dedicated-ports").0,
    good: crate::lint_examples!("ha-dedicated-ports").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        let Some(ha) = hook(dhcp.hooks_libraries(), "libdhcp_ha") else { continue };
        for rel in ha_relationships(ha) {
            let Some(mt) = rel.member("multi-threading") else { continue };
            let on = |k: &str| mt.value.get(k).and_then(|b| b.as_bool());
            if on("enable-multi-threading") == Some(true) && on("http-dedicated-listener") != Some(true) {
                cx.report(
                    finding(RULE.id, "HA multi-threading is on without a dedicated HTTP listener")
                        .at(mt.span(), "lease updates go through the Control Agent")
                        .help("set \"http-dedicated-listener\": true and give each peer URL its own port"),
                );
            }
        }
    }
}
