//! `router-outside-subnet`: a DHCPv4 `routers` option pointing outside the subnet.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::OptionData;
use crate::universe::Universe;
use std::net::IpAddr;

pub const RULE: Rule = Rule {
    id: "router-outside-subnet",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A `routers` option (code 3) names an address outside the subnet",
    doc: "A client can reach its default gateway only on its own link: a router address outside \
the subnet (often copied from the neighbouring subnet) leaves clients with an address but no route. \
Give each subnet (or pool) its own `routers`.",
    bad: crate::lint_examples!("router-outside-subnet").0,
    good: crate::lint_examples!("router-outside-subnet").1,
    check_codes: &[],
    run,
};

fn is_routers(o: &OptionData) -> bool {
    o.space.as_ref().is_none_or(|s| s.as_str() == "dhcp4")
        && (o.name.as_ref().is_some_and(|n| n.as_str() == "routers") || o.code.as_ref().is_some_and(|c| c.value == 3))
}

fn run(cx: &mut LintCx) {
    let Some(dhcp) = cx.config.dhcp(Universe::V4) else { return };
    let mut found = Vec::new();
    for (_, s) in dhcp.all_subnets() {
        let Some(net) = s.net else { continue };
        let lists = s.option_data.iter().chain(s.pools().iter().filter_map(|p| p.option_data.as_ref()));
        for o in lists.flatten().filter(|o| is_routers(o) && o.csv_format.as_ref().is_none_or(|c| c.value)) {
            let Some(data) = &o.data else { continue };
            for part in data.value.split(',') {
                if let Ok(ip) = part.trim().parse::<IpAddr>()
                    && !net.contains(&ip)
                {
                    found.push((data.span, ip, net));
                }
            }
        }
    }
    for (span, ip, net) in found {
        cx.report(
            finding(RULE.id, format!("router {ip} is outside subnet {}", net.trunc()))
                .at(span, "clients cannot reach this gateway")
                .help("use the router address of this subnet"),
        );
    }
}
