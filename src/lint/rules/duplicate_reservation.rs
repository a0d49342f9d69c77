//! `duplicate-reservation`: one host reserved in two scopes that serve the same link.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::Reservation;
use crate::source::Span;
use rustc_hash::FxHashMap;

pub const RULE: Rule = Rule {
    id: "duplicate-reservation",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "The same host identifier is reserved in two subnets of one shared network, or globally and in a subnet",
    doc: "Kea rejects a host reserved twice in one subnet (check reports that as an error), but \
accepts the same identifier in two subnets of a shared network, or both globally and in a subnet. \
Which reservation the client gets then depends on the subnet Kea happens to select, and the other \
one is dead weight. Keep one reservation per host and link.",
    bad: crate::lint_examples!("duplicate-reservation").0,
    good: crate::lint_examples!("duplicate-reservation").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        let global: FxHashMap<(crate::model::IdentifierType, &str), Span> = index(dhcp.reservations.as_deref().unwrap_or(&[]));
        // Per shared network: identifier -> first subnet reservation.
        for n in dhcp.shared_networks.iter().flatten() {
            let mut seen: FxHashMap<(crate::model::IdentifierType, &str), Span> = FxHashMap::default();
            for s in n.subnets() {
                let here = index(s.reservations());
                for (k, span) in here {
                    if let Some(first) = seen.get(&k) {
                        found.push((span, *first, k.1.to_string(), "another subnet of this shared network"));
                    } else {
                        seen.insert(k, span);
                    }
                }
            }
        }
        if !global.is_empty() {
            for (_, s) in dhcp.all_subnets() {
                for r in s.reservations() {
                    for (t, v) in &r.identifiers {
                        if let Some(g) = global.get(&(*t, v.as_str())) {
                            found.push((v.span, *g, v.value.to_string(), "the global reservations"));
                        }
                    }
                }
            }
        }
    }
    found.sort_by_key(|f| (f.0.file, f.0.start));
    for (span, first, id, where_) in found {
        cx.report(
            finding(RULE.id, format!("host `{id}` is also reserved in {where_}"))
                .at(span, "reserved again here")
                .related(first, "first reservation")
                .help("keep one reservation per host and link"),
        );
    }
}

fn index(list: &[Reservation]) -> FxHashMap<(crate::model::IdentifierType, &str), Span> {
    let mut m = FxHashMap::default();
    for r in list {
        for (t, v) in &r.identifiers {
            m.entry((*t, v.as_str())).or_insert(v.span);
        }
    }
    m
}
