//! `custom-option-never-sent`: a custom DHCPv4 option set without `always-send`.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::OptionData;
use crate::universe::Universe;

pub const RULE: Rule = Rule {
    id: "custom-option-never-sent",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A custom top-level option is set but only sent to clients that ask for it",
    doc: "Kea sends a DHCPv4 option only if the client lists its code in the Parameter Request \
List (option 55), or the DHCPv6 option if it is in the Option Request Option, unless the \
option-data has `always-send: true`. Standard clients never ask for a site-specific option code \
they do not know, so the value configured for a custom option silently never reaches them. Set \
`always-send: true`, or make sure the clients request the code.",
    bad: crate::lint_examples!("custom-option-never-sent").0,
    good: crate::lint_examples!("custom-option-never-sent").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        let top = dhcp.universe.space();
        let custom: Vec<(&str, i64)> = dhcp
            .option_defs()
            .iter()
            .filter(|d| d.space.as_ref().is_none_or(|s| s.as_str() == top))
            .filter_map(|d| Some((d.name.as_ref()?.as_str(), d.code.as_ref()?.value)))
            .collect();
        if custom.is_empty() {
            continue;
        }
        let mut check = |o: &OptionData| {
            if o.space.as_ref().is_some_and(|s| s.as_str() != top) || o.always_send.as_ref().is_some_and(|b| b.value) {
                return;
            }
            let hit = custom
                .iter()
                .find(|(n, c)| o.name.as_ref().is_some_and(|x| x.as_str() == *n) || o.code.as_ref().is_some_and(|x| x.value == *c));
            if let Some((n, c)) = hit {
                found.push((o.span, n.to_string(), *c, dhcp.universe));
            }
        };
        dhcp.option_data.iter().flatten().for_each(&mut check);
        dhcp.shared_networks.iter().flatten().flat_map(|n| n.option_data.iter().flatten()).for_each(&mut check);
        for (_, s) in dhcp.all_subnets() {
            s.option_data.iter().flatten().for_each(&mut check);
            s.pools().iter().flat_map(|p| p.option_data.iter().flatten()).for_each(&mut check);
        }
        dhcp.client_classes().iter().flat_map(|c| c.option_data.iter().flatten()).for_each(&mut check);
    }
    for (span, name, code, u) in found {
        let req = if u == Universe::V4 { "Parameter Request List (55)" } else { "Option Request Option (6)" };
        cx.report(
            finding(RULE.id, format!("custom option `{name}` ({code}) is sent only to clients that put {code} in their {req}"))
                .at(span, "clients rarely ask for a custom code")
                .help("add \"always-send\": true"),
        );
    }
}
