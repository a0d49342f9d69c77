//! `class-used-before-defined`: `member('X')` where X is evaluated only later.

use crate::diag::Severity;
use crate::expr::{ExprKind, ParseOptions};
use crate::lint::{LintCx, Origin, Rule, finding};
use rustc_hash::FxHashMap;

pub const RULE: Rule = Rule {
    id: "class-used-before-defined",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A class test uses `member('X')` where X is evaluated only after it",
    doc: "Kea evaluates class tests in the order of `client-classes`, and classes marked \
`only-if-required` only at the very end (when a subnet or pool requires them). A test \
`member('X')` that runs before X has been evaluated sees the packet outside X and is false. \
(Kea 2.2 rejects a `member()` of a class defined further down; `check` reports that.) Move the \
class after X, or stop making X `only-if-required`.",
    bad: crate::lint_examples!("class-used-before-defined").0,
    good: crate::lint_examples!("class-used-before-defined").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        let late: FxHashMap<&str, ()> = dhcp
            .client_classes()
            .iter()
            .filter(|c| c.only_if_required.as_ref().is_some_and(|b| b.value))
            .filter_map(|c| c.name.as_ref().map(|n| (n.as_str(), ())))
            .collect();
        if late.is_empty() {
            continue;
        }
        let resolve = |name: &str| crate::check::option_code(dhcp, name, cx.version);
        let opts = ParseOptions { universe: dhcp.universe, option_code: &resolve };
        for c in dhcp.client_classes() {
            if c.only_if_required.as_ref().is_some_and(|b| b.value) {
                continue; // required classes run last, in order: they may use each other
            }
            let Some(test) = &c.test else { continue };
            let Ok(e) = crate::expr::parse(&test.value, &opts) else { continue };
            e.walk(&mut |n| {
                if let ExprKind::Member(x) = &n.kind
                    && late.contains_key(x.as_str())
                {
                    found.push((test.span, x.to_string()));
                }
            });
        }
    }
    for (span, x) in found {
        cx.report(
            finding(RULE.id, format!("`member('{x}')` is evaluated before class `{x}` (only-if-required)"))
                .at(span, "always false here")
                .help(format!("make this class only-if-required too, or drop only-if-required from `{x}`")),
        );
    }
}
