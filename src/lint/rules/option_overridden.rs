//! `option-overridden`: an option whose value no client can ever receive.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::{Dhcp, OptionData, Subnet};
use crate::options::OptionDefs;

pub const RULE: Rule = Rule {
    id: "option-overridden",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "An option is set at a level that every lower level overrides",
    doc: "Kea takes an option from the most specific scope that sets it (pool, subnet, shared \
network, global). When every subnet of a shared network (or every subnet of the server) sets the \
option itself, the value at the upper level is never sent, and changing it does nothing, which \
misleads whoever edits it next. Remove it, or drop the per-subnet copies that repeat it.",
    bad: crate::lint_examples!("option-overridden").0,
    good: crate::lint_examples!("option-overridden").1,
    check_codes: &[],
    run,
};

/// (space, code) of an option-data entry, names resolved through the standard tables and the
/// config's own option-defs.
fn key(dhcp: &Dhcp, o: &OptionData) -> Option<(String, i64)> {
    let space = o.space.as_ref().map(|s| s.as_str()).unwrap_or(dhcp.universe.space()).to_string();
    if let Some(c) = &o.code {
        return Some((space, c.value));
    }
    let name = o.name.as_ref()?.as_str();
    let custom = dhcp.option_defs().iter().find(|d| {
        d.name.as_ref().is_some_and(|n| n.as_str() == name)
            && d.space.as_ref().map(|s| s.as_str()).unwrap_or(dhcp.universe.space()) == space
    });
    let code = match custom.and_then(|d| d.code.as_ref()) {
        Some(c) => c.value,
        None => OptionDefs::std_by_name(dhcp.universe, &space, name)?.code as i64,
    };
    Some((space, code))
}

fn sets(dhcp: &Dhcp, list: &Option<Vec<OptionData>>, k: &(String, i64)) -> bool {
    list.iter().flatten().any(|o| key(dhcp, o).as_ref() == Some(k))
}

fn subnet_sets(dhcp: &Dhcp, s: &Subnet, k: &(String, i64)) -> bool {
    sets(dhcp, &s.option_data, k)
}

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        // Global options against every subnet (a network's option counts for its subnets).
        let all: Vec<_> = dhcp.all_subnets().collect();
        for o in dhcp.option_data.iter().flatten() {
            let Some(k) = key(dhcp, o) else { continue };
            if !all.is_empty() && all.iter().all(|(n, s)| subnet_sets(dhcp, s, &k) || n.is_some_and(|n| sets(dhcp, &n.option_data, &k))) {
                report(cx, o, "every subnet sets this option itself");
            }
        }
        for n in dhcp.shared_networks.iter().flatten() {
            for o in n.option_data.iter().flatten() {
                let Some(k) = key(dhcp, o) else { continue };
                if !n.subnets().is_empty() && n.subnets().iter().all(|s| subnet_sets(dhcp, s, &k)) {
                    report(cx, o, "every subnet of this shared network sets this option itself");
                }
            }
        }
    }
}

fn report(cx: &mut LintCx, o: &OptionData, why: &str) {
    let what = o.name.as_ref().map(|n| n.value.to_string()).or_else(|| o.code.as_ref().map(|c| c.value.to_string())).unwrap_or_default();
    cx.report(
        finding(RULE.id, format!("option `{what}` is never sent from this level: {why}"))
            .at(o.span, "overridden everywhere below")
            .help("remove this option-data entry, or the per-subnet copies"),
    );
}
