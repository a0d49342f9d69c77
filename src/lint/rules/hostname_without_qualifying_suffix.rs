//! `hostname-without-qualifying-suffix`: a bare reserved host name sent to DNS.

use crate::diag::Severity;
use crate::lint::helpers::{inherited, inherited_bool, subnet_scopes};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "hostname-without-qualifying-suffix",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "DNS updates are on, a reservation's hostname has no domain, and no ddns-qualifying-suffix applies",
    doc: "Kea sends the reserved hostname to the DNS as the client's name. A bare label such as \
`printer` with no `ddns-qualifying-suffix` in scope is sent as the name `printer.`, an update the \
DNS server refuses (or, worse, applies at the root). Write the full name, or set \
`ddns-qualifying-suffix` at the subnet or above.",
    bad: crate::lint_examples!("hostname-without-qualifying-suffix").0,
    good: crate::lint_examples!("hostname-without-qualifying-suffix").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        let enabled = dhcp.dhcp_ddns.as_ref().and_then(|d| d.get("enable-updates")).and_then(|b| b.as_bool()).unwrap_or(false);
        if !enabled {
            continue;
        }
        for (net, s) in dhcp.all_subnets() {
            let scopes = subnet_scopes(dhcp, net, s);
            if inherited_bool(&scopes, "ddns-send-updates") == Some(false) {
                continue;
            }
            let suffix = inherited(&scopes, "ddns-qualifying-suffix").and_then(|m| m.value.as_str()).is_some_and(|s| !s.is_empty());
            if suffix {
                continue;
            }
            for r in s.reservations() {
                if let Some(h) = &r.hostname
                    && !h.value.is_empty()
                    && !h.value.contains('.')
                {
                    found.push((h.span, h.value.to_string()));
                }
            }
        }
    }
    for (span, h) in found {
        cx.report(
            finding(RULE.id, format!("hostname `{h}` is not qualified and no ddns-qualifying-suffix applies"))
                .at(span, "sent to DNS as a bare label")
                .help("write the full name (host.example.org) or set ddns-qualifying-suffix"),
        );
    }
}
