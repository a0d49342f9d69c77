//! The High Availability hook's own parameters (`libdhcp_ha`, `parameters.high-availability`).
//!
//! Kea's `-t` loads hook libraries without configuring them, so it passes an HA
//! configuration the server then refuses when it starts ("HA_CONFIGURATION_FAILED ...", the
//! daemon exits): a config that passes `kea-dhcp4 -t` in CI and takes both servers of a
//! pair down at deployment. These rules are the ones kea-dhcp4 2.2 and 3.0.4 apply when they
//! start with the hook (probed by starting them; tests/check_hooks.rs holds every rule to both).
//! What depends on the machine rather than the file (TLS and password files, ports) is left out.

use super::Ctx;
use super::hooks::AT_START as HELP_START;
use crate::diag::Diagnostic;
use crate::model::HookLibrary;
use crate::source::Span;
use crate::syntax::cst::{Node, Value, type_name};
use crate::version::KeaVersion;
use rustc_hash::FxHashMap as HashMap;

const CODE: &str = "ha-config";
const MODES: [&str; 3] = ["load-balancing", "hot-standby", "passive-backup"];
const ROLES: [&str; 4] = ["primary", "secondary", "standby", "backup"];
/// States of the HA state machine a `state-machine` entry may name.
const STATES: [&str; 13] = [
    "backup",
    "communication-recovery",
    "hot-standby",
    "load-balancing",
    "in-maintenance",
    "partner-down",
    "partner-in-maintenance",
    "passive-backup",
    "ready",
    "syncing",
    "terminated",
    "waiting",
    "unavailable",
];
/// Integer parameters of a relationship and their largest value (all must be >= 0).
const INTS: [(&str, i64); 7] = [
    ("heartbeat-delay", 65535),
    ("max-response-delay", 65535),
    ("max-ack-delay", 65535),
    ("sync-timeout", 4294967295),
    ("sync-page-limit", 4294967295),
    ("max-unacked-clients", 4294967295),
    ("delayed-updates-limit", 4294967295),
];
const BOOLS: [&str; 5] = ["send-lease-updates", "sync-leases", "wait-backup-ack", "require-client-certs", "restrict-commands"];

pub fn check(cx: &mut Ctx, libs: &[HookLibrary]) {
    for h in super::hooks::loading(libs, "libdhcp_ha") {
        let Some(ha) = h.parameters.as_ref().and_then(|p| p.get("high-availability")) else {
            cx.push(super::hooks::missing(
                CODE,
                h,
                "the HA hook has no `high-availability` parameter",
                "no `high-availability` here",
                "{\"high-availability\": [{...}]}",
            ));
            continue;
        };
        let Some(list) = ha.as_array() else {
            cx.push(bad(ha.span, "`high-availability` must be a list", "not a list"));
            continue;
        };
        relationships(cx, ha.span, list);
    }
}

fn bad(span: Span, msg: impl Into<String>, label: &str) -> Diagnostic {
    super::hooks::error(CODE, span, msg, label)
}

fn relationships(cx: &mut Ctx, span: Span, list: &[Node]) {
    // One relationship up to Kea 2.4; several (a hub and its spokes) from 2.6, hot-standby only.
    let several = cx.opts.version >= KeaVersion::V2_6;
    if list.is_empty() || (!several && list.len() > 1) {
        let want = if several { "at least one relationship" } else { "exactly one relationship (Kea 2.6 and later take several)" };
        cx.push(bad(span, format!("`high-availability` must hold {want}"), &format!("{} here", list.len())));
        return;
    }
    // Server names are unique across relationships (a hub has one name per relationship).
    let mut names: HashMap<&str, Span> = HashMap::default();
    for rel in list {
        if rel.as_object().is_none() {
            cx.push(bad(rel.span, "an HA relationship must be a map", type_name(&rel.value)));
            continue;
        }
        if list.len() > 1
            && let Some(m) = rel.get("mode").filter(|m| m.as_str().is_some_and(|s| s != "hot-standby"))
        {
            cx.push(bad(m.span, "several HA relationships work in `hot-standby` mode only", "not hot-standby"));
        }
        let peer_names = relationship(cx, rel);
        for (name, at) in peer_names {
            if let Some(first) = names.get(name) {
                cx.push(
                    bad(at, format!("server name `{name}` is in two HA relationships"), "named again").related(*first, "first named here"),
                );
            } else {
                names.insert(name, at);
            }
        }
    }
}

/// Checks one relationship; gives back its peers' names (for the across-relationships rule).
fn relationship<'a>(cx: &mut Ctx, rel: &'a Node) -> Vec<(&'a str, Span)> {
    let this = required_str(cx, rel, "this-server-name", "an HA relationship");
    if let Some((s, at)) = this
        && s.is_empty()
    {
        cx.push(bad(at, "`this-server-name` is empty", "empty"));
    }
    let mode = required_str(cx, rel, "mode", "an HA relationship");
    let mode = mode.and_then(|(m, at)| {
        let known = MODES.contains(&m);
        if !known {
            cx.push(bad(at, format!("unknown HA mode `{m}`"), "not a mode").help(format!("one of {}; {HELP_START}", MODES.join(", "))));
        }
        known.then_some((m, at))
    });
    for (key, max) in INTS {
        int_in(cx, rel, key, max);
    }
    if cx.opts.version >= KeaVersion::V2_6 {
        int_in(cx, rel, "max-rejected-lease-updates", 4294967295);
    }
    for key in BOOLS {
        typed(cx, rel, key, |v| matches!(v, Value::Bool(_)));
    }
    // "hot standby", as Kea's messages say it.
    let spoken = mode.map(|(m, _)| m.replace('-', " "));
    if let (Some((m, _)), Some(spoken)) = (mode, &spoken) {
        if m != "load-balancing"
            && let Some(n) = rel.get("delayed-updates-limit").filter(|n| n.as_i64().is_some_and(|v| v != 0))
        {
            cx.push(bad(n.span, format!("`delayed-updates-limit` must be 0 in the {spoken} mode"), "not 0"));
        }
        if m != "passive-backup"
            && let Some(n) = rel.get("wait-backup-ack").filter(|n| n.as_bool() == Some(true))
        {
            cx.push(bad(n.span, format!("`wait-backup-ack` must be false in the {spoken} mode"), "true"));
        }
    }
    state_machine(cx, rel);
    multi_threading(cx, rel);
    let rel_tls = tls(rel);
    super::services::tls_all_or_none(cx, rel.span, rel_tls);
    let Some(peers) = rel.get("peers") else {
        cx.push(bad(rel.span, "an HA relationship needs `peers`", "no `peers`"));
        return Vec::new();
    };
    let Some(peers) = peers.as_array() else {
        cx.push(bad(peers.span, "`peers` must be a list", type_name(&peers.value)));
        return Vec::new();
    };
    let mut names: Vec<(&str, Span)> = Vec::new();
    let mut roles: HashMap<&str, Vec<Span>> = HashMap::default();
    for p in peers {
        if p.as_object().is_none() {
            cx.push(bad(p.span, "an HA peer must be a map", type_name(&p.value)));
            continue;
        }
        let name = required_str(cx, p, "name", "an HA peer");
        if let Some((n, at)) = name {
            if n.is_empty() {
                cx.push(bad(at, "HA peer name is empty", "empty"));
            } else if let Some((_, first)) = names.iter().find(|(x, _)| *x == n) {
                cx.push(bad(at, format!("HA peer `{n}` is listed twice"), "listed again").related(*first, "first listed here"));
            } else {
                names.push((n, at));
            }
        }
        if let Some((r, at)) = required_str(cx, p, "role", "an HA peer") {
            if ROLES.contains(&r) {
                roles.entry(r).or_default().push(at);
            } else {
                cx.push(bad(at, format!("unknown HA role `{r}`"), "not a role").help(format!("one of {}; {HELP_START}", ROLES.join(", "))));
            }
        }
        typed(cx, p, "auto-failover", |v| matches!(v, Value::Bool(_)));
        for key in ["basic-auth-user", "basic-auth-password", "basic-auth-password-file", "trust-anchor", "cert-file", "key-file"] {
            typed(cx, p, key, |v| matches!(v, Value::String(_)));
        }
        if let Some(u) = p.get("basic-auth-user").filter(|u| u.as_str().is_some_and(|s| s.contains(':'))) {
            cx.push(bad(u.span, "HA basic-auth user contains `:`", "`:` separates user and password in HTTP basic authentication"));
        }
        // A peer's TLS parameters default to the relationship's.
        let own = tls(p);
        if own.iter().any(Option::is_some) {
            let effective = [0, 1, 2].map(|i| own[i].or(rel_tls[i]));
            super::services::tls_all_or_none(cx, p.span, effective);
        }
        let secured = [0, 1, 2].map(|i| own[i].or(rel_tls[i])).iter().all(super::services::tls_set);
        if let Some((u, at)) = required_str(cx, p, "url", "an HA peer") {
            url(cx, u, at, secured);
        }
    }
    if let Some((this, at)) = this
        && !this.is_empty()
        && !names.iter().any(|(n, _)| *n == this)
    {
        cx.push(bad(at, format!("`this-server-name` `{this}` is not one of the peers"), "no such peer"));
    }
    if let (Some((m, at)), Some(spoken)) = (mode, &spoken) {
        roles_for_mode(cx, m, spoken, at, &roles);
    }
    names
}

/// How many of each role a mode takes: one primary always; load balancing a secondary and
/// no standby, hot standby a standby and no secondary, passive backup neither. Backups are free.
fn roles_for_mode(cx: &mut Ctx, mode: &str, spoken: &str, at: Span, roles: &HashMap<&str, Vec<Span>>) {
    let (needed, refused): (&[&str], &[&str]) = match mode {
        "load-balancing" => (&["primary", "secondary"], &["standby"]),
        "hot-standby" => (&["primary", "standby"], &["secondary"]),
        _ => (&["primary"], &["secondary", "standby"]),
    };
    for role in needed {
        match roles.get(role).map_or(&[][..], Vec::as_slice) {
            [] => cx.push(bad(at, format!("the {spoken} mode needs a {role} server"), &format!("no peer has role `{role}`"))),
            [_] => {}
            [first, again, ..] => cx.push(bad(*again, format!("more than one {role} server"), "another one").related(*first, "first here")),
        }
    }
    for role in refused {
        if let Some(s) = roles.get(role).and_then(|v| v.first()) {
            cx.push(bad(*s, format!("the {spoken} mode takes no {role} server"), "not in this mode"));
        }
    }
}

/// A peer URL as the hook reads it: `http://` or `https://` (https only with TLS), then an
/// IP address (IPv6 in brackets), not a host name.
fn url(cx: &mut Ctx, u: &str, at: Span, secured: bool) {
    let Some((scheme, rest)) = u.split_once("://") else {
        cx.push(bad(at, format!("HA peer URL `{u}` has no http:// or https:// scheme"), "no scheme"));
        return;
    };
    match scheme {
        "http" => {}
        "https" if secured => {}
        "https" => {
            cx.push(
                bad(at, "an https peer URL needs TLS (trust-anchor, cert-file, key-file)", "https without TLS")
                    .help(format!("set the TLS parameters in the relationship or the peer, or use http://; {HELP_START}")),
            );
        }
        _ => {
            cx.push(bad(at, format!("HA peer URL scheme `{scheme}` is not http or https"), "bad scheme"));
            return;
        }
    }
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    if host.parse::<std::net::IpAddr>().is_err() {
        cx.push(
            bad(at, format!("HA peer URL host `{host}` is not an IP address"), "not an address")
                .help(format!("the HA hook takes IP addresses only in peer URLs; {HELP_START}")),
        );
    }
}

fn state_machine(cx: &mut Ctx, rel: &Node) {
    let Some(sm) = rel.get("state-machine") else { return };
    if sm.as_object().is_none() {
        cx.push(bad(sm.span, "`state-machine` must be a map", type_name(&sm.value)));
        return;
    }
    let Some(states) = sm.get("states") else { return };
    let Some(states) = states.as_array() else {
        cx.push(bad(states.span, "`states` must be a list", type_name(&states.value)));
        return;
    };
    let mut seen: HashMap<&str, Span> = HashMap::default();
    for s in states {
        if s.as_object().is_none() {
            cx.push(bad(s.span, "a `states` entry must be a map", type_name(&s.value)));
            continue;
        }
        if let Some((name, at)) = required_str(cx, s, "state", "a `states` entry") {
            if !STATES.contains(&name) {
                cx.push(
                    bad(at, format!("unknown HA state `{name}`"), "not a state")
                        .help(format!("one of {}; {HELP_START}", STATES.join(", "))),
                );
            } else if let Some(first) = seen.insert(name, at) {
                cx.push(bad(at, format!("state `{name}` is configured twice"), "again").related(first, "first here"));
            }
        }
        if let Some(p) = typed(cx, s, "pause", |v| matches!(v, Value::String(_)))
            && let Some(v) = p.as_str()
            && !["always", "never", "once"].contains(&v)
        {
            cx.push(bad(p.span, format!("unknown pause `{v}`"), "not always, never or once"));
        }
    }
}

fn multi_threading(cx: &mut Ctx, rel: &Node) {
    let Some(mt) = rel.get("multi-threading") else { return };
    if mt.as_object().is_none() {
        cx.push(bad(mt.span, "HA `multi-threading` must be a map", type_name(&mt.value)));
        return;
    }
    for key in ["enable-multi-threading", "http-dedicated-listener"] {
        typed(cx, mt, key, |v| matches!(v, Value::Bool(_)));
    }
    for key in ["http-listener-threads", "http-client-threads"] {
        if let Some(n) = typed(cx, mt, key, |v| matches!(v, Value::Int(_)))
            && n.as_i64().is_some_and(|v| v < 0)
        {
            cx.push(bad(n.span, format!("`{key}` must not be negative"), "negative"));
        }
    }
}

fn typed<'a>(cx: &mut Ctx, map: &'a Node, key: &str, ok: fn(&Value) -> bool) -> Option<&'a Node> {
    super::hooks::typed(cx, CODE, "HA", map, key, ok)
}

fn required_str<'a>(cx: &mut Ctx, map: &'a Node, key: &str, what: &str) -> Option<(&'a str, Span)> {
    match map.get(key) {
        None => {
            cx.push(bad(map.span, format!("{what} needs `{key}`"), &format!("no `{key}`")));
            None
        }
        Some(_) => typed(cx, map, key, |v| matches!(v, Value::String(_))).and_then(|n| Some((n.as_str()?, n.span))),
    }
}

fn int_in(cx: &mut Ctx, map: &Node, key: &str, max: i64) {
    let Some(n) = typed(cx, map, key, |v| matches!(v, Value::Int(_))) else { return };
    let v = n.as_i64().unwrap_or(0);
    if v < 0 {
        cx.push(bad(n.span, format!("`{key}` must not be negative"), "negative"));
    } else if v > max {
        cx.push(bad(n.span, format!("`{key}` must not be greater than {max}"), "too large"));
    }
}

/// The TLS parameters of a relationship or peer (trust-anchor, cert-file, key-file), as the
/// shared all-or-none rule reads them.
fn tls(n: &Node) -> [Option<(&str, Span)>; 3] {
    ["trust-anchor", "cert-file", "key-file"].map(|k| n.get(k).and_then(|v| Some((v.as_str()?, v.span))))
}
