//! dhcpd's ping check (`ping-check`, `ping-timeout`, `ping-timeout-ms`, `ping-cltt-secs`,
//! dhcpd.conf(5)) → Kea 3.0's ping_check hook (`libdhcp_ping_check.so`, kea-dhcp4 only).
//! Both ping an address before offering it and give it up when something answers (dhcpd
//! abandons the lease, the hook declines it); `ping-cltt-secs` has the same meaning in both.
//! The hook's parameters are the file's top-level settings with dhcpd's defaults (on, one
//! second); a subnet's settings, over those of its shared network, go to its
//! `user-context.ping-check`, which the hook reads (both checked by `check::ping_check`,
//! probed against kea-dhcp4 3.0.4).
//!
//! The hook is loaded only when the file writes a ping statement: dhcpd pings by default,
//! but a file that never mentions it gets no hook (a Kea server that pings needs the hook's
//! permissions; the choice is the user's). Before Kea 3.0, in DHCPv6, and in scopes the hook
//! has no setting for (pools, hosts, classes), the statement is a lossy note.

use super::Ctx;
use super::scope::Kind;
use crate::dhcpd::ast::Stmt;
use crate::source::Span;
use crate::universe::Universe;
use crate::version::KeaVersion;
use serde_json::{Map, Value, json};

/// The statements this module translates.
pub const HEADS: [&str; 4] = ["ping-check", "ping-timeout", "ping-timeout-ms", "ping-cltt-secs"];

/// One scope's ping settings as dhcpd.conf writes them.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    enable: Option<bool>,
    timeout_secs: Option<u64>,
    timeout_ms: Option<u64>,
    cltt_secs: Option<u64>,
    /// The statements translated here (where, statement head), noted once the outcome is
    /// known.
    seen: Vec<(Span, String)>,
}

impl Settings {
    /// The reply timeout in milliseconds: `ping-timeout-ms` when above zero, else
    /// `ping-timeout` seconds (dhcpd.conf(5)).
    fn reply_timeout(&self) -> Option<u64> {
        self.timeout_ms.filter(|&ms| ms > 0).or(self.timeout_secs.map(|s| s.saturating_mul(1000)))
    }

    /// These settings over `base` (a shared network's): what this scope does not set is
    /// inherited, as dhcpd reads parameters.
    fn over(self, base: &Settings) -> Settings {
        Settings {
            enable: self.enable.or(base.enable),
            timeout_secs: self.timeout_secs.or(base.timeout_secs),
            timeout_ms: self.timeout_ms.or(base.timeout_ms),
            cltt_secs: self.cltt_secs.or(base.cltt_secs),
            seen: self.seen,
        }
    }

    /// Kea's keys for what this scope sets.
    fn to_kea(&self) -> Map<String, Value> {
        let mut m = Map::new();
        if let Some(e) = self.enable {
            m.insert("enable-ping-check".into(), json!(e));
        }
        if let Some(ms) = self.reply_timeout() {
            m.insert("reply-timeout".into(), json!(ms));
        }
        if let Some(s) = self.cltt_secs {
            m.insert("ping-cltt-secs".into(), json!(s));
        }
        m
    }

    /// Informational notes for the statements read, at `obj`, saying where they went.
    fn note(self, cx: &mut Ctx, obj: &mut Map<String, Value>, went: &str) {
        for (span, head) in self.seen {
            cx.note_at(obj, span, "M028", &format!("`{head}` {went}"), "", false);
        }
    }
}

/// Whether ping statements are translated here for this run and scope (else the caller
/// notes them as lost).
pub fn handles(cx: &Ctx, kind: Kind) -> bool {
    cx.universe == Universe::V4 && cx.opts.version >= KeaVersion::V3_0 && matches!(kind, Kind::Global | Kind::SharedNetwork | Kind::Subnet)
}

/// A shared network's settings apply to all its subnets, wherever they are written in its
/// block: read before its subnets are.
pub fn begin_network(cx: &mut Ctx, network: &Stmt, obj: &mut Map<String, Value>) {
    if !handles(cx, Kind::SharedNetwork) {
        return;
    }
    for st in network.children() {
        if HEADS.contains(&st.head().to_ascii_lowercase().as_str()) {
            read(cx, st, obj, Kind::SharedNetwork);
        }
    }
}

/// The end of a shared network: its statements noted.
pub fn end_network(cx: &mut Ctx, obj: &mut Map<String, Value>) {
    let s = std::mem::take(&mut cx.ping_network);
    s.note(cx, obj, "→ applied to each of its subnets (see their notes)");
}

/// One ping statement of the top level, a shared network or a subnet (`handles` said yes).
pub fn statement(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind) {
    // A shared network's were read by `begin_network`.
    if kind != Kind::SharedNetwork {
        read(cx, st, obj, kind);
    }
}

fn scope_settings<'c>(cx: &'c mut Ctx, kind: Kind) -> &'c mut Settings {
    match kind {
        Kind::Global => &mut cx.ping_global,
        Kind::SharedNetwork => &mut cx.ping_network,
        _ => &mut cx.ping_subnet,
    }
}

fn read(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind) {
    let head = st.head().to_ascii_lowercase();
    let value = st.tokens.get(1).map(|t| t.text.to_ascii_lowercase());
    let number = value.as_deref().and_then(|v| v.parse::<u64>().ok());
    let max = u64::from(u32::MAX);
    let settings = scope_settings(cx, kind);
    let ok = match (head.as_str(), value.as_deref()) {
        ("ping-check", None | Some("true" | "on")) => {
            settings.enable = Some(true);
            true
        }
        ("ping-check", Some("false" | "off")) => {
            settings.enable = Some(false);
            true
        }
        // Kea's reply-timeout is 1 to 2^32-1 milliseconds.
        ("ping-timeout", _) => number.filter(|s| (1..=max / 1000).contains(s)).map(|s| settings.timeout_secs = Some(s)).is_some(),
        ("ping-timeout-ms", _) => number.filter(|&ms| ms <= max).map(|ms| settings.timeout_ms = Some(ms)).is_some(),
        ("ping-cltt-secs", _) => number.filter(|&s| s <= max).map(|s| settings.cltt_secs = Some(s)).is_some(),
        _ => false,
    };
    if ok {
        settings.seen.push((st.span, head));
        return;
    }
    let text = st.tokens.iter().map(|t| &*t.text).collect::<Vec<_>>().join(" ");
    cx.note(
        obj,
        st,
        "M001",
        &format!("`{text}` has no ping_check equivalent; dropped"),
        "the ping_check hook takes a reply-timeout of 1 to 4294967295 ms and ping-cltt-secs up to 4294967295",
        true,
    );
}

/// A subnet's settings over its shared network's, once its statements are read; its user
/// context is written by `finish`, when the top level's settings (which apply wherever they
/// are written in the file) are known.
pub fn end_subnet(cx: &mut Ctx, subnet: &Map<String, Value>) {
    let s = std::mem::take(&mut cx.ping_subnet).over(&cx.ping_network);
    if s.seen.is_empty() && cx.ping_network.seen.is_empty() {
        return;
    }
    if let Some(id) = subnet.get("id").and_then(Value::as_u64) {
        cx.ping_subnets.push((id, s));
    }
}

/// At the end of the file: the hook, when the file's ping statements make the server ping
/// somewhere (`ping-check false;` at the top, and no subnet turning it on, is Kea's default
/// and needs no hook), and each subnet's settings in full (its own over its network's over
/// the top level's, as dhcpd looks a parameter up).
pub fn finish(cx: &mut Ctx, root: &mut Map<String, Value>) {
    let g = std::mem::take(&mut cx.ping_global);
    let subnets = std::mem::take(&mut cx.ping_subnets);
    if g.seen.is_empty() && subnets.is_empty() {
        return;
    }
    // dhcpd's defaults where the file sets nothing: on, one second.
    let top = Settings { enable: g.enable.or(Some(true)), timeout_secs: g.timeout_secs.or(Some(1)), seen: Vec::new(), ..g.clone() };
    let mut subnets: Vec<(u64, Settings)> = subnets.into_iter().map(|(id, s)| (id, s.over(&top))).collect();
    let hook = g.enable != Some(false) || subnets.iter().any(|(_, s)| s.enable == Some(true));
    if hook {
        super::params::add_hook(cx, root, "libdhcp_ping_check.so", Some(Value::Object(top.to_kea())));
    }
    if !subnets.is_empty() {
        for_each_subnet(root, &mut |sub| {
            let Some(at) = sub.get("id").and_then(Value::as_u64).and_then(|id| subnets.iter().position(|(i, _)| *i == id)) else { return };
            let s = std::mem::take(&mut subnets[at].1);
            if hook && let Value::Object(uc) = sub.entry("user-context").or_insert_with(|| json!({})) {
                uc.insert("ping-check".into(), Value::Object(s.to_kea()));
            }
            let went = if hook { "→ this subnet's user-context.ping-check (read by the ping_check hook)" } else { NO_HOOK };
            s.note(cx, sub, went);
        });
    }
    let went = if hook {
        "→ the ping_check hook's parameters (Kea 3.0's hook pings as dhcpd did, and declines an address that answers where dhcpd abandoned it)"
    } else {
        NO_HOOK
    };
    g.note(cx, root, went);
}

const NO_HOOK: &str = "→ no ping_check hook: pinging is off everywhere, as Kea does without the hook";

/// The DHCPv4 subnets of the config, in and out of shared networks.
fn for_each_subnet(root: &mut Map<String, Value>, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let in_networks =
        root.get_mut("shared-networks").and_then(Value::as_array_mut).into_iter().flatten().filter_map(|n| n.get_mut("subnet4"));
    let lists: Vec<&mut Value> = in_networks.collect();
    for list in lists {
        list.as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut).for_each(&mut *f);
    }
    root.get_mut("subnet4").and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_object_mut).for_each(f);
}
