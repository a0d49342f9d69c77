//! Lifetimes and timers, as Kea 2.2 checks them (measured with kea-dhcp4/6 -t):
//! - per subnet, with values inherited from shared network and global scope:
//!   renew-timer must not exceed rebind-timer (Kea 2.2; from Kea 2.4 on it is a warning,
//!   see `order`);
//!   min-valid-lifetime <= valid-lifetime <= max-valid-lifetime (and the same for the
//!   preferred lifetimes in DHCPv6), and min <= max;
//! - at global scope the lifetime bounds alone.
//!
//! Kea accepts rebind-timer > valid-lifetime and preferred > valid (it adjusts at run
//! time), so those are warnings here.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::Dhcp;
use crate::source::Span;
use crate::syntax::cst::Member;
use crate::universe::Universe;
use crate::version::KeaVersion;

/// A parameter value and where it was set.
type Val = Option<(i64, Span)>;

fn get(scopes: &[&[Member]], key: &str) -> Val {
    scopes.iter().find_map(|rest| rest.iter().find(|m| &*m.key == key).and_then(|m| m.value.as_i64().map(|v| (v, m.value.span))))
}

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let global: &[Member] = &dhcp.rest;
    bounds(cx, &[global], "valid-lifetime", None);
    if dhcp.universe == Universe::V6 {
        bounds(cx, &[global], "preferred-lifetime", None);
    }
    for class in dhcp.client_classes() {
        bounds_with(cx, &[&class.rest], "valid-lifetime", None, false);
        if dhcp.universe == Universe::V6 {
            bounds_with(cx, &[&class.rest], "preferred-lifetime", None, false);
        }
    }
    for (net, s) in dhcp.all_subnets() {
        let scopes: Vec<&[Member]> = match net {
            Some(n) => vec![&s.rest, &n.rest, global],
            None => vec![&s.rest, global],
        };
        let subnet_span = s.subnet.as_ref().map(|t| t.span).unwrap_or(s.span);
        // A problem inherited from the global scope is found once per subnet; the
        // diagnostics have the same span and text, and `sort_dedup` keeps one.
        order(cx, &scopes, "renew-timer", "rebind-timer", subnet_span);
        not_negative(cx, &scopes, subnet_span);
        bounds(cx, &scopes, "valid-lifetime", Some(subnet_span));
        if dhcp.universe == Universe::V6 {
            bounds(cx, &scopes, "preferred-lifetime", Some(subnet_span));
        }
        let (rebind, valid) = (get(&scopes, "rebind-timer"), get(&scopes, "valid-lifetime"));
        if let (Some((rb, rb_span)), Some((vl, vl_span))) = (rebind, valid)
            && rb > vl
        {
            cx.push(
                Diagnostic::warning("timer-order", format!("rebind-timer ({rb}) is greater than valid-lifetime ({vl})"))
                    .at(rb_span, "clients would never rebind")
                    .related(vl_span, "valid-lifetime")
                    .help("Kea accepts this but clients will not send a REBIND before the lease expires"),
            );
        }
    }
}

/// `lo` (renew-timer) greater than `hi` (rebind-timer): Kea 2.2 rejects it; Kea 2.4 and later
/// accept it with a warning and ignore renew-timer (ChangeLog 2097, Kea 2.3.5; kea-dhcp4
/// 3.0.4 -t: "DHCPSRV_CFGMGR_RENEW_GTR_REBIND in subnet-id 1, the value of renew-timer 2000
/// is greater than the value of rebind-timer 1000, ignoring renew-timer", exit status 0).
fn order(cx: &mut Ctx, scopes: &[&[Member]], lo: &str, hi: &str, at: Span) {
    if let (Some((a, a_span)), Some((b, b_span))) = (get(scopes, lo), get(scopes, hi))
        && a > b
    {
        let msg = format!("{lo} ({a}) is greater than {hi} ({b})");
        let d = if cx.opts.version < KeaVersion::V2_4 {
            Diagnostic::error("timer-order", msg).help(format!("{lo} must not exceed {hi} (the client renews before it rebinds)"))
        } else {
            Diagnostic::warning("timer-order", msg)
                .help(format!("Kea {} accepts this but ignores {lo}; make {lo} smaller than {hi}", cx.opts.version))
        };
        cx.push(d.at(a_span, format!("{lo} set here")).related(b_span, format!("{hi} set here")).related(at, "for this subnet"));
    }
}

/// min-X <= X <= max-X and min-X <= max-X. Kea reads the three as 32-bit unsigned numbers
/// (-1 is 4294967295, 2^32 is 0), and compares a bound with X's default when X is not set:
/// kea-dhcp4/6 2.2 and 3.0.4 -t, "the value of min-valid-lifetime (8000) is not less than
/// (default) valid-lifetime (7200)", also at global scope; "(default) preferred-lifetime
/// (3600)" in kea-dhcp6 2.2, while 3.0.4 has no such default for preferred-lifetime (2.4 and
/// 2.6 not verified: the 2.2 rule applies below 3.0).
fn bounds(cx: &mut Ctx, scopes: &[&[Member]], key: &str, subnet: Option<Span>) {
    bounds_with(cx, scopes, key, subnet, true);
}

/// `bounds` with or without the lifetime's default (a client class has none: kea-dhcp4 2.2
/// and 3.0.4 take a class with only `min-valid-lifetime: 8000`, and check the class's own
/// values against each other, read as u32 like the others).
fn bounds_with(cx: &mut Ctx, scopes: &[&[Member]], key: &str, subnet: Option<Span>, use_default: bool) {
    let min_key = format!("min-{key}");
    let max_key = format!("max-{key}");
    let wrap = |v: Val| v.map(|(x, s)| (x as u32 as i64, s));
    let (min, max) = (wrap(get(scopes, &min_key)), wrap(get(scopes, &max_key)));
    let default = match key {
        _ if !use_default => None,
        "valid-lifetime" => Some(7200),
        "preferred-lifetime" if cx.opts.version < KeaVersion::V3_0 => Some(3600),
        _ => None,
    };
    // The value, or its default (shown as such, at the bound that meets it).
    let v = wrap(get(scopes, key)).map(|(x, s)| (x, s, false)).or_else(|| default.zip(min.or(max)).map(|(d, (_, s))| (d, s, true)));
    let mut report = |lo: (&str, i64, Span), hi: (&str, i64, Span)| {
        let mut d = Diagnostic::error("lifetime-bounds", format!("{} ({}) is greater than {} ({})", lo.0, lo.1, hi.0, hi.1))
            .at(lo.2, format!("{} set here", lo.0))
            .related(hi.2, format!("{} set here", hi.0))
            .help(format!("Kea requires min-{key} <= {key} <= max-{key} (read as 32-bit unsigned numbers)"));
        if let Some(s) = subnet {
            d = d.related(s, "for this subnet");
        }
        cx.push(d);
    };
    let default_key = format!("{key} (default)");
    let val_key = |is_default: bool| if is_default { default_key.as_str() } else { key };
    if let (Some(m), Some(x)) = (min, max)
        && m.0 > x.0
    {
        report((&min_key, m.0, m.1), (&max_key, x.0, x.1));
        return;
    }
    if let (Some(m), Some(val)) = (min, v)
        && m.0 > val.0
    {
        report((&min_key, m.0, m.1), (val_key(val.2), val.0, val.1));
    }
    if let (Some(val), Some(x)) = (v, max)
        && val.0 > x.0
    {
        report((val_key(val.2), val.0, val.1), (&max_key, x.0, x.1));
    }
}

/// renew-timer and rebind-timer a subnet gets must not be negative (kea-dhcp4 2.2 and 3.0.4:
/// "the value of renew-timer (-1) must be a positive number"; a global value no subnet
/// inherits is not checked).
fn not_negative(cx: &mut Ctx, scopes: &[&[Member]], at: Span) {
    for key in ["renew-timer", "rebind-timer"] {
        if let Some((v, span)) = get(scopes, key)
            && v < 0
        {
            cx.push(
                Diagnostic::error("out-of-range", format!("{key} is {v}"))
                    .at(span, "negative")
                    .related(at, "for this subnet")
                    .help(format!("Kea requires a {key} of 0 or more")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{CheckOptions, check_all};
    use crate::diag::Severity;
    use crate::version::KeaVersion;

    fn timer_order(version: KeaVersion) -> Vec<Severity> {
        let text = r#"{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "renew-timer": 2000, "rebind-timer": 1000}]}}"#;
        let (mut doc, parse) = crate::syntax::load_str("t.json", text);
        let diags = check_all(&mut doc, parse, &CheckOptions { daemon: None, version, ..Default::default() });
        diags.iter().filter(|d| d.code == "timer-order").map(|d| d.severity).collect()
    }

    /// kea-dhcp4 2.2 -t rejects renew-timer > rebind-timer; 3.0.4 -t accepts it with the
    /// warning DHCPSRV_CFGMGR_RENEW_GTR_REBIND (the oracle suite checks both verdicts).
    #[test]
    fn renew_after_rebind_is_rejected_by_2_2_only() {
        assert_eq!(timer_order(KeaVersion::V2_2), [Severity::Error]);
        for v in [KeaVersion::V2_4, KeaVersion::V2_6, KeaVersion::V3_0] {
            assert_eq!(timer_order(v), [Severity::Warning], "Kea {v}");
        }
    }
}
