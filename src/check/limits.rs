//! The Limits hook (`libdhcp_limits`, open source from Kea 3.0): rate and lease limits set in
//! the `user-context.limits` of client classes and subnets. Read when the server starts, not
//! by `-t` (see `ha`); the rules are kea-dhcp4/6 3.0.4's at start (tests/check_hooks.rs).
//! The hook takes no parameters at all (an empty map is refused); it reads `limits` only in
//! client classes and subnets (shared networks, pools and the global user context are not
//! read), and only when it is loaded. Keys it does not know are ignored.

use super::Ctx;
use crate::model::Dhcp;
use crate::model::fields::rest_get;
use crate::syntax::cst::{Node, Value, type_name};

const CODE: &str = "limits-config";
const UNITS: [&str; 7] = ["second", "minute", "hour", "day", "week", "month", "year"];

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let mut loaded = false;
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_limits") {
        loaded = true;
        if let Some(p) = &h.parameters {
            cx.push(
                super::hooks::error(CODE, p.span, "the limits hook takes no `parameters`", "remove this")
                    .help(format!("limits are set in the user-context of client classes and subnets; {}", super::hooks::AT_START)),
            );
        }
    }
    if !loaded {
        return;
    }
    let contexts = dhcp
        .client_classes()
        .iter()
        .map(|c| &c.rest)
        .chain(dhcp.all_subnets().map(|(_, s)| &s.rest))
        .filter_map(|rest| rest_get(rest, "user-context"))
        .filter_map(|uc| uc.value.get("limits"));
    for limits in contexts {
        settings(cx, limits);
    }
}

fn settings(cx: &mut Ctx, limits: &Node) {
    if limits.as_object().is_none() {
        cx.push(super::hooks::error(CODE, limits.span, format!("`limits` must be a map, not {}", type_name(&limits.value)), "not a map"));
        return;
    }
    if let Some(n) = super::hooks::typed(cx, CODE, "limits", limits, "rate-limit", |v| matches!(v, Value::String(_)))
        && let Some(text) = n.as_str()
        && let Err(why) = rate_limit(text)
    {
        cx.push(
            super::hooks::error(CODE, n.span, format!("invalid rate-limit `{text}`: {why}"), "here")
                .help(format!("write \"<n> packets per <second|minute|hour|day|week|month|year>\"; {}", super::hooks::AT_START)),
        );
    }
    for key in ["address-limit", "prefix-limit"] {
        if let Some(n) = super::hooks::typed(cx, CODE, "limits", limits, key, |v| matches!(v, Value::Int(_)))
            && let Err(why) = n.as_i64().ok_or_else(|| "too large".to_string()).and_then(limit)
        {
            cx.push(super::hooks::error(CODE, n.span, format!("invalid {key}: {why}"), "here"));
        }
    }
}

/// A limit as the hook takes it: 0 to 2^32-1.
fn limit(n: i64) -> Result<(), String> {
    if n < 0 {
        Err(format!("{n} is negative"))
    } else if n > i64::from(u32::MAX) {
        Err(format!("{n} is more than 4294967295"))
    } else {
        Ok(())
    }
}

/// `<n> packet[s] per <unit>` as the hook reads it (probed): the text before the first
/// " packet" is read as a C integer (leading white space and a sign allowed, anything after
/// the digits ignored: "10abc" is 10), then optionally `s`, then exactly " per " and a unit.
fn rate_limit(text: &str) -> Result<(), String> {
    const FORMAT: &str = "not of the form <n> packets per <unit>";
    let at = text.find(" packet").ok_or(FORMAT)?;
    let rest = &text[at + " packet".len()..];
    let unit = rest.strip_prefix('s').unwrap_or(rest).strip_prefix(" per ").ok_or(FORMAT)?;
    let number = text[..at].trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, digits) = match number.as_bytes().first() {
        Some(b'-') => (true, &number[1..]),
        Some(b'+') => (false, &number[1..]),
        _ => (false, number),
    };
    let len = digits.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return Err(format!("`{}` is not a number", &text[..at]));
    }
    let magnitude: i64 = digits[..len].parse().map_err(|_| format!("`{}` is too large", &digits[..len]))?;
    limit(if negative { -magnitude } else { magnitude })?;
    if !UNITS.contains(&unit) {
        return Err(format!("unknown time unit `{unit}`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::rate_limit;

    /// Forms kea-dhcp4 3.0.4's limits hook accepted and refused at start.
    #[test]
    fn rate_limits_as_the_hook_reads_them() {
        for ok in [
            "10 packets per second",
            "1 packet per week",
            " 10 packets per second",
            "+10 packets per second",
            "010 packets per second",
            "1.5 packets per second",
            "0x10 packets per second",
            "10abc packets per second",
            "-0 packets per second",
            "4294967295 packets per year",
        ] {
            assert!(rate_limit(ok).is_ok(), "{ok}");
        }
        for bad in [
            "10 packets per  second",
            "10 packets per second ",
            "10packets per second",
            "10 packets per seconds",
            "10 packets per Second",
            "10\tpackets per second",
            "10 packets  per second",
            "",
            "10 pkts per second",
            "1 packets per 2 packets per second",
            "abc packets per second",
            " packets per second",
            "10 packetss per second",
            "99999999999999999999 packets per second",
            "4294967296 packets per second",
            "-1 packets per second",
            "10 packets per fortnight",
        ] {
            assert!(rate_limit(bad).is_err(), "{bad:?}");
        }
    }
}
