//! `pool-exhausted-by-reservations`: every address of a pool is reserved.

use crate::diag::Severity;
use crate::lint::helpers::{count_in, range_len, reserved_addresses, to_u128};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "pool-exhausted-by-reservations",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "Every address of a pool is reserved: the pool has nothing left for other clients",
    doc: "An address reserved for a host is never given to another client, so a pool whose every \
address is reserved serves only those hosts, and any other client that lands in it gets nothing. \
Move the reservations out of the pool (and set `reservations-out-of-pool`), or widen the pool.",
    bad: crate::lint_examples!("pool-exhausted-by-reservations").0,
    good: crate::lint_examples!("pool-exhausted-by-reservations").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            if s.pools().is_empty() || s.reservations().is_empty() {
                continue;
            }
            let addrs = reserved_addresses(s);
            for p in s.pools() {
                let Some((a, b)) = p.range else { continue };
                let size = range_len(a, b);
                let reserved = count_in(&addrs, to_u128(a), to_u128(b)) as u128;
                if reserved >= size {
                    cx.report(
                        finding(RULE.id, format!("all {size} addresses of this pool are reserved"))
                            .at(p.pool.as_ref().map(|t| t.span).unwrap_or(p.span), "no address left for other clients")
                            .help("move the reservations out of the pool, or widen the pool"),
                    );
                }
            }
        }
    }
}
