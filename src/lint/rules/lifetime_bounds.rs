//! `lifetime-bounds`: lifetimes Kea accepts but that do not make sense together.

use crate::diag::Severity;
use crate::lint::helpers::{inherited_i64, subnet_scopes, subnet_span};
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::universe::Universe;

pub const RULE: Rule = Rule {
    id: "lifetime-bounds",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A DHCPv6 preferred-lifetime exceeds the valid-lifetime (or min/max bounds are violated)",
    doc: "Kea rejects min-valid-lifetime > valid-lifetime > max-valid-lifetime (`check` reports \
those as errors under this id), but accepts a preferred-lifetime longer than the valid-lifetime and \
quietly caps it when it sends the lease: the configured value is a lie. Make preferred-lifetime \
shorter than valid-lifetime (commonly 5/8 of it).",
    bad: crate::lint_examples!("lifetime-bounds").0,
    good: crate::lint_examples!("lifetime-bounds").1,
    check_codes: &["lifetime-bounds"],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    let Some(dhcp) = cx.config.dhcp(Universe::V6) else { return };
    for (net, s) in dhcp.all_subnets() {
        let scopes = subnet_scopes(dhcp, net, s);
        if let (Some((p, ps)), Some((v, vs))) = (inherited_i64(&scopes, "preferred-lifetime"), inherited_i64(&scopes, "valid-lifetime"))
            && p > v
        {
            found.push((ps, vs, p, v, subnet_span(s)));
        }
    }
    found.sort_by_key(|f| (f.0.file, f.0.start));
    found.dedup_by_key(|f| f.0);
    for (ps, vs, p, v, at) in found {
        cx.report(
            finding(RULE.id, format!("preferred-lifetime ({p}) is greater than valid-lifetime ({v})"))
                .at(ps, "Kea caps it at the valid lifetime")
                .related(vs, "valid-lifetime")
                .related(at, "for this subnet")
                .help("make preferred-lifetime shorter than valid-lifetime"),
        );
    }
}
