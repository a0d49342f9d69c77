//! `timer-order`: renew/rebind timers that clients cannot follow.

use crate::diag::Severity;
use crate::lint::helpers::{inherited_i64, subnet_scopes, subnet_span};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "timer-order",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "renew-timer or rebind-timer is not shorter than the valid lifetime",
    doc: "A client renews at T1 (renew-timer), rebinds at T2 (rebind-timer) and loses its address at \
the end of the valid lifetime, so T1 < T2 < valid-lifetime. Kea 2.2 rejects T1 > T2 (`check` error; \
Kea 2.4 and later accept it, ignore T1 and log a warning: a `check` warning) but accepts timers at or past the lifetime: the client then never renews in time and its lease expires \
under it. (`check` reports rebind-timer > valid-lifetime under this id; this rule adds \
renew-timer >= valid-lifetime.)",
    bad: crate::lint_examples!("timer-order").0,
    good: crate::lint_examples!("timer-order").1,
    check_codes: &["timer-order"],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        for (net, s) in dhcp.all_subnets() {
            let scopes = subnet_scopes(dhcp, net, s);
            if let (Some((r, rs)), Some((v, vs))) = (inherited_i64(&scopes, "renew-timer"), inherited_i64(&scopes, "valid-lifetime"))
                && r >= v
            {
                found.push((rs, vs, r, v, subnet_span(s)));
            }
        }
    }
    found.sort_by_key(|f| (f.0.file, f.0.start));
    found.dedup_by_key(|f| f.0);
    for (rs, vs, r, v, at) in found {
        cx.report(
            finding(RULE.id, format!("renew-timer ({r}) is not shorter than valid-lifetime ({v})"))
                .at(rs, "clients would renew only after the lease expired")
                .related(vs, "valid-lifetime")
                .related(at, "for this subnet")
                .help("use renew-timer = valid-lifetime / 2 (or set calculate-tee-times)"),
        );
    }
}
