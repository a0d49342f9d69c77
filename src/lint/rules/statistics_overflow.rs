//! `statistics-overflow`: a subnet with 2^63 or more addresses or prefixes.

use crate::diag::Severity;
use crate::lint::helpers::{range_len, subnet_span};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "statistics-overflow",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "A subnet's pools hold 2^63 or more addresses or prefixes: 64-bit statistics overflow",
    doc: "Kea 2.2 keeps `total-nas`, `total-pds` and friends as signed 64-bit integers, and so do \
most monitoring tools reading them; a /64 pool alone holds 2^64 addresses, so the statistic wraps \
to a negative or wrong number and utilisation graphs lie. Use smaller pools (a /65 or longer) or \
ignore these statistics.",
    bad: crate::lint_examples!("statistics-overflow").0,
    good: crate::lint_examples!("statistics-overflow").1,
    check_codes: &[],
    run,
};

const LIMIT: u128 = 1 << 63;

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            let nas: u128 = s.pools().iter().filter_map(|p| p.range).fold(0u128, |acc, (a, b)| acc.saturating_add(range_len(a, b)));
            let pds: u128 = s
                .pd_pools()
                .iter()
                .filter_map(|p| Some((p.net()?.prefix_len(), u8::try_from(p.delegated_len.as_ref()?.value).ok()?)))
                .filter(|(l, d)| d >= l)
                .fold(0u128, |acc, (l, d)| acc.saturating_add(if d - l >= 127 { u128::MAX } else { 1u128 << (d - l) }));
            for (what, n) in [("addresses", nas), ("delegated prefixes", pds)] {
                if n >= LIMIT {
                    cx.report(
                        finding(RULE.id, format!("the pools of this subnet hold 2^{} {what}", 127 - n.leading_zeros()))
                            .at(subnet_span(s), "statistics of this subnet overflow 64 bits")
                            .help("use pools of at most 2^62 addresses (e.g. a /66), or do not rely on the totals"),
                    );
                }
            }
        }
    }
}
