//! `ddns-without-d2`: DDNS parameters set while updates are not sent to D2.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::syntax::cst::Member;

pub const RULE: Rule = Rule {
    id: "ddns-without-d2",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "DNS update parameters are set but `dhcp-ddns.enable-updates` is not true",
    doc: "The server hands DNS updates to kea-dhcp-ddns (D2) only when `dhcp-ddns` has \
`enable-updates: true`. Without it `ddns-send-updates: true`, `ddns-qualifying-suffix` and the other \
ddns-* parameters do nothing, and nobody notices the missing DNS records until someone looks for \
them. Enable updates in `dhcp-ddns` (and run D2), or remove the ddns-* parameters.",
    bad: crate::lint_examples!("ddns-without-d2").0,
    good: crate::lint_examples!("ddns-without-d2").1,
    check_codes: &[],
    run,
};

/// A ddns-* parameter that asks for updates.
fn wants_updates(m: &Member) -> bool {
    (&*m.key == "ddns-send-updates" && m.value.as_bool() == Some(true))
        || (&*m.key == "ddns-qualifying-suffix" && m.value.as_str().is_some_and(|s| !s.is_empty()))
}

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        let enabled = dhcp.dhcp_ddns.as_ref().and_then(|d| d.get("enable-updates")).and_then(|b| b.as_bool()).unwrap_or(false);
        if enabled {
            continue;
        }
        let scopes = std::iter::once(&dhcp.rest[..])
            .chain(dhcp.shared_networks.iter().flatten().map(|n| &n.rest[..]))
            .chain(dhcp.all_subnets().map(|(_, s)| &s.rest[..]));
        if let Some(m) = scopes.flat_map(|r| r.iter()).find(|m| wants_updates(m)) {
            found.push((m.span(), m.key.to_string(), dhcp.dhcp_ddns.as_ref().map(|d| d.span)));
        }
    }
    for (span, key, d2) in found {
        let mut d = finding(RULE.id, format!("`{key}` asks for DNS updates but dhcp-ddns.enable-updates is not true"))
            .at(span, "has no effect")
            .help("set \"dhcp-ddns\": { \"enable-updates\": true } and run kea-dhcp-ddns, or remove the ddns-* parameters");
        if let Some(s) = d2 {
            d = d.related(s, "dhcp-ddns");
        }
        cx.report(d);
    }
}
