//! `unused-class`: a class that can have no effect.

use crate::diag::Severity;
use crate::expr::{ExprKind, ParseOptions};
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::{ClientClass, Dhcp};
use crate::syntax::cst::Member;
use rustc_hash::FxHashSet;

pub const RULE: Rule = Rule {
    id: "unused-class",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A client class is never referenced and has no effect of its own",
    doc: "A class does something when a subnet, pool, network or reservation refers to it, when \
another class tests `member()` of it, or when it carries options or boot fields itself. A class \
that does none of these is dead configuration; an `only-if-required` class that nothing requires \
is never even evaluated. Remove it, or reference it where it was meant to apply.",
    bad: crate::lint_examples!("unused-class").0,
    good: crate::lint_examples!("unused-class").1,
    check_codes: &[],
    run,
};

/// Keys of a class that make it do something on its own.
const INERT: &[&str] = &["name", "test", "comment", "user-context"];
const LIST_KEYS: &[&str] = &["require-client-classes", "evaluate-additional-classes", "client-classes"];

fn add_rest<'a>(rest: &'a [Member], out: &mut FxHashSet<&'a str>) {
    for m in rest.iter().filter(|m| LIST_KEYS.contains(&&*m.key)) {
        out.extend(m.value.as_array().unwrap_or(&[]).iter().filter_map(|n| n.as_str()));
    }
}

fn references<'a>(dhcp: &'a Dhcp, version: crate::version::KeaVersion) -> FxHashSet<String> {
    let mut r: FxHashSet<&'a str> = FxHashSet::default();
    let scope = |class: &'a Option<crate::model::SStr>, rest: &'a [Member], r: &mut FxHashSet<&'a str>| {
        r.extend(class.iter().map(|c| c.as_str()));
        add_rest(rest, r);
    };
    for n in dhcp.shared_networks.iter().flatten() {
        scope(&n.client_class, &n.rest, &mut r);
    }
    for (_, s) in dhcp.all_subnets() {
        scope(&s.client_class, &s.rest, &mut r);
        for p in s.pools() {
            scope(&p.client_class, &p.rest, &mut r);
        }
        for p in s.pd_pools() {
            scope(&p.client_class, &p.rest, &mut r);
        }
    }
    let global = dhcp.reservations.iter().flatten();
    for res in global.chain(dhcp.all_subnets().flat_map(|(_, s)| s.reservations())) {
        r.extend(res.client_classes.iter().flat_map(|l| l.value.iter()).map(|c| c.as_str()));
    }
    let mut out: FxHashSet<String> = r.into_iter().map(String::from).collect();
    let resolve = |name: &str| crate::check::option_code(dhcp, name, version);
    let opts = ParseOptions { universe: dhcp.universe, option_code: &resolve };
    for c in dhcp.client_classes() {
        for t in [&c.test, &c.template_test].into_iter().flatten() {
            if let Ok(e) = crate::expr::parse(&t.value, &opts) {
                e.walk(&mut |n| {
                    if let ExprKind::Member(x) = &n.kind {
                        out.insert(x.to_string());
                    }
                });
            }
        }
    }
    out
}

fn has_effect(c: &ClientClass) -> bool {
    c.option_data.as_ref().is_some_and(|l| !l.is_empty())
        || c.option_def.as_ref().is_some_and(|l| !l.is_empty())
        || c.template_test.is_some()
        || c.rest.iter().any(|m| !INERT.contains(&&*m.key) && !m.key.starts_with("only-"))
}

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        if dhcp.client_classes().is_empty() {
            continue;
        }
        let refs = references(dhcp, cx.version);
        for c in dhcp.client_classes() {
            let Some(name) = &c.name else { continue };
            // Classes hooks and Kea give meaning by name alone.
            if name.as_str() == "DROP" || name.as_str().starts_with("HA_") || refs.contains(name.as_str()) {
                continue;
            }
            let required = c.only_if_required.as_ref().is_some_and(|b| b.value)
                || c.rest.iter().any(|m| &*m.key == "only-in-additional-list" && m.value.as_bool() == Some(true));
            if required {
                found.push((
                    name.span,
                    format!("class `{}` is only-if-required but nothing requires it: it is never evaluated", name.as_str()),
                ));
            } else if !has_effect(c) {
                found.push((name.span, format!("class `{}` is never referenced and sets nothing", name.as_str())));
            }
        }
    }
    for (span, msg) in found {
        cx.report(
            finding(RULE.id, msg)
                .at(span, "unused class")
                .help("remove the class, or reference it with client-class / require-client-classes / member()"),
        );
    }
}
