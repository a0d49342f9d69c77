//! `expression-always-false`: a class test no packet can satisfy.

use crate::diag::Severity;
use crate::expr::{Expr, ExprKind, ParseOptions};
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "expression-always-false",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A class test is false for every packet",
    doc: "A test that compares two constants that differ, or compares `substring(x, 0, N)` with a \
literal longer than N bytes, can never be true: no packet joins the class and whatever it guards \
serves nobody. The second form is a classic off-by-one (`substring(option[60].hex, 0, 9) == \
'PXEClient:'`). Fix the length or the literal.",
    bad: crate::lint_examples!("expression-always-false").0,
    good: crate::lint_examples!("expression-always-false").1,
    check_codes: &[],
    run,
};

/// The bytes of a constant string expression.
fn const_str(e: &Expr) -> Option<Vec<u8>> {
    Some(match &e.kind {
        ExprKind::Str(s) => s.as_bytes().to_vec(),
        ExprKind::Hex(b) => b.to_vec(),
        ExprKind::Int(i) => i.to_be_bytes().to_vec(),
        ExprKind::Addr(a) => match a {
            std::net::IpAddr::V4(v) => v.octets().to_vec(),
            std::net::IpAddr::V6(v) => v.octets().to_vec(),
        },
        ExprKind::Concat { left, right, .. } => {
            let mut l = const_str(left)?;
            l.extend(const_str(right)?);
            l
        }
        _ => return None,
    })
}

/// The most bytes a string expression can produce, when bounded.
fn max_len(e: &Expr) -> Option<usize> {
    match &e.kind {
        ExprKind::Substring { len: Some(n), .. } if *n >= 0 => Some(*n as usize),
        _ => const_str(e).map(|b| b.len()),
    }
}

/// Some(value) when the boolean expression is the same for every packet.
fn const_bool(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Eq(a, b) => {
            if let (Some(x), Some(y)) = (const_str(a), const_str(b)) {
                return Some(x == y);
            }
            // A bounded string never equals a longer constant.
            let too_long = |bounded: &Expr, lit: &Expr| matches!((max_len(bounded), const_str(lit)), (Some(m), Some(l)) if l.len() > m);
            if too_long(a, b) || too_long(b, a) { Some(false) } else { None }
        }
        ExprKind::Not(x) => const_bool(x).map(|v| !v),
        ExprKind::And(a, b) => match (const_bool(a), const_bool(b)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        ExprKind::Or(a, b) => match (const_bool(a), const_bool(b)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        let resolve = |name: &str| crate::check::option_code(dhcp, name, cx.version);
        let opts = ParseOptions { universe: dhcp.universe, option_code: &resolve };
        for c in dhcp.client_classes() {
            let Some(t) = &c.test else { continue };
            let Ok(e) = crate::expr::parse(&t.value, &opts) else { continue };
            if const_bool(&e) == Some(false) {
                found.push((t.span, c.name.as_ref().map(|n| n.value.to_string()).unwrap_or_default()));
            }
        }
    }
    for (span, name) in found {
        cx.report(
            finding(RULE.id, format!("the test of class `{name}` is false for every packet"))
                .at(span, "never true")
                .help("check the substring length and the literal it is compared with"),
        );
    }
}
