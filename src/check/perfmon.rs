//! The Performance Monitoring hook's parameters (`libdhcp_perfmon`, Kea 3.0's open-source
//! packages): how it measures and when it raises an alarm on a duration. Read when the server
//! starts, not by `-t` (see `hooks`); the rules are kea-dhcp4/6 3.0.4's at start
//! (tests/check_hooks.rs). The hook refuses any key it does not read, `comment` and
//! `user-context` included.

use super::Ctx;
use super::hooks::{Want, members, require};
use crate::model::Dhcp;
use crate::syntax::cst::Node;
use crate::universe::Universe;

const CODE: &str = "perfmon-config";

const PARAMETERS: [(&str, Want); 5] = [
    ("enable-monitoring", Want::Bool),
    ("interval-width-secs", Want::Int(1, i64::MAX)),
    ("stats-mgr-reporting", Want::Bool),
    ("alarm-report-secs", Want::Int(0, i64::MAX)),
    ("alarms", Want::List),
];

const ALARM: [(&str, Want); 4] = [
    ("duration-key", Want::Map),
    ("enable-alarm", Want::Bool),
    ("high-water-ms", Want::Int(1, i64::MAX)),
    ("low-water-ms", Want::Int(1, i64::MAX)),
];

const DURATION_KEY: [(&str, Want); 5] = [
    ("query-type", Want::Str),
    ("response-type", Want::Str),
    ("start-event", Want::Str),
    ("stop-event", Want::Str),
    ("subnet-id", Want::Int(i64::MIN, i64::MAX)),
];

/// The queries the hook times and the responses each may end with (`*`: any). Measured:
/// every other pair, and every other message type, is refused.
const PAIRS4: [(&str, &[&str]); 4] = [
    ("DHCPDISCOVER", &["DHCPOFFER", "DHCPNAK", "*"]),
    ("DHCPREQUEST", &["DHCPACK", "DHCPNAK", "*"]),
    ("DHCPINFORM", &["DHCPACK", "*"]),
    ("*", &["DHCPOFFER", "DHCPACK", "DHCPNAK", "*"]),
];
const PAIRS6: [(&str, &[&str]); 6] = [
    ("SOLICIT", &["ADVERTISE", "REPLY", "*"]),
    ("REQUEST", &["REPLY", "*"]),
    ("RENEW", &["REPLY", "*"]),
    ("REBIND", &["REPLY", "*"]),
    ("CONFIRM", &["REPLY", "*"]),
    ("*", &["ADVERTISE", "REPLY", "*"]),
];

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let pairs: &[(&str, &[&str])] = if dhcp.universe == Universe::V6 { &PAIRS6 } else { &PAIRS4 };
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_perfmon") {
        // No `parameters`: the hook's defaults (monitoring off).
        let Some(params) = &h.parameters else { continue };
        if !members(cx, CODE, "perfmon", params, &PARAMETERS) {
            continue;
        }
        let Some(alarms) = params.get("alarms").and_then(Node::as_array) else { continue };
        let mut seen: Vec<(String, crate::source::Span)> = Vec::new();
        for alarm in alarms {
            if !members(cx, CODE, "perfmon alarm", alarm, &ALARM) {
                continue;
            }
            require(cx, CODE, "a perfmon alarm", alarm, &["duration-key", "high-water-ms", "low-water-ms"]);
            if let (Some(high), Some(low)) = (alarm.get("high-water-ms"), alarm.get("low-water-ms"))
                && let (Some(h), Some(l)) = (high.as_i64(), low.as_i64())
                && l >= h
            {
                cx.push(
                    super::hooks::error(
                        CODE,
                        low.span,
                        format!("perfmon `low-water-ms` ({l}) must be less than `high-water-ms` ({h})"),
                        "here",
                    )
                    .related(high.span, "high-water-ms"),
                );
            }
            if let Some(key) = alarm.get("duration-key")
                && let Some(name) = duration_key(cx, key, pairs)
            {
                match seen.iter().find(|(n, _)| *n == name) {
                    Some((_, first)) => cx.push(
                        super::hooks::error(CODE, key.span, format!("a second perfmon alarm for {name}"), "again")
                            .related(*first, "first here"),
                    ),
                    None => seen.push((name, key.span)),
                }
            }
        }
    }
}

/// A `duration-key`'s members and its query and response types; its name (`QUERY-RESPONSE.
/// START-STOP.SUBNET`, the hook's) when it is complete, to find a second alarm on it.
fn duration_key(cx: &mut Ctx, key: &Node, pairs: &[(&str, &[&str])]) -> Option<String> {
    if !members(cx, CODE, "perfmon duration-key", key, &DURATION_KEY) {
        return None;
    }
    require(cx, CODE, "a perfmon duration-key", key, &["query-type", "response-type", "start-event", "stop-event"]);
    let text = |k: &str| key.get(k).and_then(Node::as_str);
    let (q, r) = (key.get("query-type")?, key.get("response-type")?);
    let (qt, rt) = (q.as_str()?, r.as_str()?);
    let Some((_, responses)) = pairs.iter().find(|(p, _)| *p == qt) else {
        let timed: Vec<&str> = pairs.iter().map(|(p, _)| *p).filter(|p| *p != "*").collect();
        cx.push(super::hooks::error(CODE, q.span, format!("perfmon does not time `{qt}` queries"), "not timed").help(format!(
            "the query types it times are {} (or `*`); {}",
            timed.join(", "),
            super::hooks::AT_START
        )));
        return None;
    };
    if !responses.contains(&rt) {
        cx.push(
            super::hooks::error(CODE, r.span, format!("`{rt}` is not a response perfmon times for `{qt}`"), "not a response to it")
                .help(format!("for `{qt}`: {}; {}", responses.join(", "), super::hooks::AT_START)),
        );
        return None;
    }
    let subnet = key.get("subnet-id").and_then(Node::as_i64).unwrap_or(0);
    Some(format!("{qt}-{rt}.{}-{}.{subnet}", text("start-event")?, text("stop-event")?))
}
