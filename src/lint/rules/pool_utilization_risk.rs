//! `pool-utilization-risk`: reservations leave a pool almost nothing for other clients.

use crate::diag::Severity;
use crate::lint::helpers::{count_in, range_len, reserved_addresses, to_u128};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "pool-utilization-risk",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "Reservations take more than 90% of a pool: little is left for dynamic clients",
    doc: "Every reserved address inside a pool is one fewer for the clients without a reservation. \
When reservations take more than 90% of a pool (but not all of it, which is \
`pool-exhausted-by-reservations`), a few new devices exhaust it and clients get no address. Widen \
the pool or move the reservations out of it.",
    bad: crate::lint_examples!("pool-utilization-risk").0,
    good: crate::lint_examples!("pool-utilization-risk").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
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
                if reserved > 0 && reserved < size && (size - reserved) * 10 < size {
                    found.push((p.pool.as_ref().map(|t| t.span).unwrap_or(p.span), reserved, size));
                }
            }
        }
    }
    for (span, reserved, size) in found {
        cx.report(
            finding(RULE.id, format!("{reserved} of the {size} addresses of this pool are reserved"))
                .at(span, format!("only {} left for other clients", size - reserved))
                .help("widen the pool, or move the reservations out of it"),
        );
    }
}
