//! `unused-option-def`: a custom option definition no option-data or expression uses.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::{Dhcp, OptionData};

pub const RULE: Rule = Rule {
    id: "unused-option-def",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A custom option definition is never used",
    doc: "An `option-def` only teaches Kea the format of an option. If no `option-data` sets it \
(by name or code, in its space), no class test reads it, and no other definition encapsulates its \
space, it has no effect; usually the option-data that was meant to use it has a typo in its name \
or space. Remove the definition or add the option-data.",
    bad: crate::lint_examples!("unused-option-def").0,
    good: crate::lint_examples!("unused-option-def").1,
    check_codes: &[],
    run,
};

fn all_option_data(dhcp: &Dhcp) -> Vec<&OptionData> {
    let mut v: Vec<&OptionData> = dhcp.option_data.iter().flatten().collect();
    for n in dhcp.shared_networks.iter().flatten() {
        v.extend(n.option_data.iter().flatten());
    }
    for (_, s) in dhcp.all_subnets() {
        v.extend(s.option_data.iter().flatten());
        v.extend(s.pools().iter().flat_map(|p| p.option_data.iter().flatten()));
        v.extend(s.pd_pools().iter().flat_map(|p| p.option_data.iter().flatten()));
        v.extend(s.reservations().iter().flat_map(|r| r.option_data.iter().flatten()));
    }
    v.extend(dhcp.reservations.iter().flatten().flat_map(|r| r.option_data.iter().flatten()));
    v.extend(dhcp.client_classes().iter().flat_map(|c| c.option_data.iter().flatten()));
    v
}

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        let defs: Vec<_> =
            dhcp.option_defs().iter().chain(dhcp.client_classes().iter().flat_map(|c| c.option_def.iter().flatten())).collect();
        if defs.is_empty() {
            continue;
        }
        let data = all_option_data(dhcp);
        let tests: Vec<&str> = dhcp.client_classes().iter().filter_map(|c| c.test.as_ref().map(|t| t.as_str())).collect();
        let top = dhcp.universe.space();
        for d in &defs {
            let (Some(name), Some(code)) = (&d.name, &d.code) else { continue };
            let space = d.space.as_ref().map(|s| s.as_str()).unwrap_or(top);
            let used = data.iter().any(|o| {
                o.space.as_ref().map(|s| s.as_str()).unwrap_or(top) == space
                    && (o.name.as_ref().is_some_and(|n| n.as_str() == name.as_str())
                        || o.code.as_ref().is_some_and(|c| c.value == code.value))
            }) || tests.iter().any(|t| t.contains(name.as_str()) || t.contains(&format!("option[{}]", code.value)))
                || defs.iter().any(|o| o.encapsulate.as_ref().is_some_and(|e| e.as_str() == space) && space != top);
            if !used {
                found.push((name.span, name.value.to_string(), space.to_string()));
            }
        }
    }
    for (span, name, space) in found {
        cx.report(
            finding(RULE.id, format!("option definition `{name}` (space {space}) is never used"))
                .at(span, "no option-data or class test uses it")
                .help("remove the definition, or check the name and space of the option-data meant to use it"),
        );
    }
}
