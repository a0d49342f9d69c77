//! `ha-mt-mismatch`: the server runs multi-threaded but HA does not (or the reverse).

use crate::diag::Severity;
use crate::lint::helpers::{ha_relationships, hook, hook_span, multi_threaded};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "ha-mt-mismatch",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "Multi-threading of the DHCP server and of the HA hook disagree",
    doc: "With the server multi-threaded and HA single-threaded, every lease update to the partner \
goes through one thread and caps the pair's throughput far below what the server can do; with HA \
multi-threading on and the server single-threaded, Kea ignores HA's setting. Set \
`multi-threading.enable-multi-threading` in the HA relationship the same as the server's (Kea 2.4 \
and later turn server multi-threading on by default).",
    bad: crate::lint_examples!("ha-mt-mismatch").0,
    good: crate::lint_examples!("ha-mt-mismatch").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        let Some(ha) = hook(dhcp.hooks_libraries(), "libdhcp_ha") else { continue };
        let server_mt = multi_threaded(dhcp, cx.version);
        for rel in ha_relationships(ha) {
            let ha_mt = rel.get("multi-threading").and_then(|m| m.get("enable-multi-threading")).and_then(|b| b.as_bool()).unwrap_or(false);
            if server_mt != ha_mt {
                let msg = if server_mt {
                    "the server is multi-threaded but HA is not"
                } else {
                    "HA multi-threading is enabled but the server is single-threaded"
                };
                let span = rel.member("multi-threading").map(|m| m.span()).unwrap_or(rel.span);
                cx.report(
                    finding(RULE.id, msg)
                        .at(span, "HA relationship")
                        .related(hook_span(ha), "HA hook")
                        .help("set high-availability[].multi-threading.enable-multi-threading to match the server's multi-threading"),
                );
            }
        }
    }
}
