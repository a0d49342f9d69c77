//! Parameters per scope: dhcpd's name → Kea's key and value, or a note. Also host
//! statements (identifiers, fixed addresses), failover (→ HA hook) and DDNS (→ DHCP-DDNS).

use super::scope::Kind;
use super::{Ctx, optdata, scope};
use crate::dhcpd::ast::{Stmt, TokKind};
use crate::universe::Universe;
use serde_json::{Map, Value, json};
use std::net::IpAddr;

fn num(st: &Stmt) -> Option<u64> {
    st.tokens.get(1).and_then(|t| t.text.parse().ok())
}

/// `on`/`true` → true, `off`/`false` → false, a bare statement (`authoritative;`) → true.
pub fn flag(st: &Stmt) -> Option<bool> {
    match st.tokens.get(1).map(|t| t.text.to_ascii_lowercase()) {
        None => Some(true),
        Some(w) if w == "on" || w == "true" => Some(true),
        Some(w) if w == "off" || w == "false" => Some(false),
        _ => None,
    }
}

/// Kea keys that only exist at global / shared-network / subnet level.
fn scalar_scope_ok(kind: Kind) -> bool {
    matches!(kind, Kind::Global | Kind::SharedNetwork | Kind::Subnet | Kind::Pool)
}

pub fn parameter(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind) {
    let t = &st.tokens;
    let head = st.head().to_ascii_lowercase();
    let v4 = cx.universe == Universe::V4;
    let set_num = |cx: &mut Ctx, obj: &mut Map<String, Value>, key: &str| match num(st) {
        Some(n) if n <= u64::from(u32::MAX) => {
            obj.insert(key.into(), json!(n));
        }
        _ => cx.error(st, t.get(1).unwrap_or(&t[0]), &format!("`{}` needs a number of seconds", t[0].text), ""),
    };
    if matches!(kind, Kind::Host | Kind::Class) {
        cx.note(
            obj,
            st,
            "M002",
            &format!("`{}` in a {} has no Kea equivalent there; dropped", t[0].text, if kind == Kind::Host { "host" } else { "class" }),
            "set it on the subnet, or in a client class Kea supports",
            true,
        );
        return;
    }
    let _ = scalar_scope_ok(kind);
    if super::ping::HEADS.contains(&head.as_str()) && super::ping::handles(cx, kind) {
        super::ping::statement(cx, st, obj, kind);
        return;
    }
    match head.as_str() {
        "default-lease-time" => set_num(cx, obj, "valid-lifetime"),
        "max-lease-time" => set_num(cx, obj, "max-valid-lifetime"),
        "min-lease-time" => set_num(cx, obj, "min-valid-lifetime"),
        "preferred-lifetime" if !v4 => set_num(cx, obj, "preferred-lifetime"),
        // dhcpd -4 takes it and never reads it.
        "preferred-lifetime" => {
            cx.note(obj, st, "M001", "`preferred-lifetime` is a DHCPv6 parameter (dhcpd ignores it in DHCPv4); dropped", "", false)
        }
        "dhcp-renewal-time" => set_num(cx, obj, "renew-timer"),
        "dhcp-rebinding-time" => set_num(cx, obj, "rebind-timer"),
        "authoritative" if v4 => {
            obj.insert("authoritative".into(), json!(true));
        }
        "not" if t.get(1).is_some_and(|w| w.is_word("authoritative")) => {
            if v4 {
                obj.insert("authoritative".into(), json!(false));
            }
        }
        "authoritative" => {}
        "ignore-client-uids" if v4 => match flag(st) {
            Some(b) => {
                obj.insert("match-client-id".into(), json!(!b));
            }
            None => cx.error(st, &t[1], "expected true or false", ""),
        },
        "next-server" if v4 => match t.get(1).map(|a| a.text.parse::<std::net::Ipv4Addr>()) {
            Some(Ok(a)) => {
                obj.insert("next-server".into(), json!(a.to_string()));
            }
            _ => match t.get(1).and_then(|n| cx.resolve(&n.text, false)) {
                Some(a) => {
                    obj.insert("next-server".into(), json!(a));
                }
                None => cx.note(
                    obj,
                    st,
                    "M003",
                    &format!("next-server `{}` is a host name; left out", t.get(1).map_or("", |n| &n.text)),
                    "use --resolve or write the address",
                    true,
                ),
            },
        },
        "filename" | "server-name" if v4 => boot_field(cx, st, obj),
        "vendor-option-space" if v4 && t.len() == 2 => super::optdata::vendor_option_space(cx, st, obj, false),
        // dhcpd's default is not to echo a client identifier (measured: dhcpd 4.4 sent none
        // back, kea-dhcp4 did, RFC 6842); Kea's switch is global only.
        "echo-client-id" if v4 && kind == Kind::Global && flag(st).is_some() => {
            obj.insert("echo-client-id".into(), json!(flag(st)));
        }
        "echo-client-id" if v4 && flag(st).is_some() => {
            let way = "Kea's echo-client-id is a global parameter";
            cx.note(obj, st, "M002", "echo-client-id here has no Kea equivalent; dropped", way, true);
        }
        "interface" => {
            if obj.contains_key("interface") {
                cx.error(
                    st,
                    &t[0],
                    "a second `interface` in the same declaration",
                    "a subnet or shared network is connected to one interface",
                );
                return;
            }
            if let Some(i) = t.get(1) {
                cx.interfaces.push(i.text.to_string());
                obj.insert("interface".into(), json!(&*i.text));
                if !matches!(kind, Kind::SharedNetwork | Kind::Subnet) {
                    obj.remove("interface");
                }
            }
        }
        "lease-file-name" if kind == Kind::Global => {
            // Kea 3.0 only accepts lease files in its data directory: a path is not carried over.
            cx.note(obj, st, "M001", &format!("lease-file-name {}: not carried over", t.get(1).map_or("", |f| &f.text)), "Kea's memfile lease file is set by \"lease-database\": { \"type\": \"memfile\", \"name\": ... } (Kea 3.0: inside its data directory); convert the leases with keakit migrate-leases", true);
        }
        "ddns-update-style"
        | "ddns-updates"
        | "ddns-domainname"
        | "ddns-rev-domainname"
        | "ddns-hostname"
        | "ddns-ttl"
        | "update-static-leases"
        | "update-optimization"
        | "update-conflict-detection"
        | "ddns-dual-stack-mixed-mode"
        | "ddns-guard-id-must-match"
        | "ddns-other-guard-is-dynamic"
        | "client-updates"
        | "ignore"
        | "deny"
        | "allow"
        | "do-forward-updates"
        | "update-client-fqdn" => permit_or_ddns(cx, st, obj, kind),
        "ddns-local-address4" | "ddns-local-address6" | "ddns-local-port" | "ddns-remote-port" => {
            cx.ddns.server.push((head.clone(), t.get(1).map(|x| x.text.to_string()).unwrap_or_default()));
        }
        "dhcp-cache-threshold" => match num(st) {
            Some(n) if n < 100 => {
                obj.insert("cache-threshold".into(), json!(n as f64 / 100.0));
            }
            _ => cx.error(st, t.get(1).unwrap_or(&t[0]), "dhcp-cache-threshold is a percentage below 100", ""),
        },
        "server-identifier" if v4 => {
            cx.note(
                obj,
                st,
                "M001",
                "server-identifier: Kea uses the address of the interface the query came in on",
                "to force it, send option dhcp-server-identifier in option-data",
                true,
            );
        }
        "server-duid" if !v4 => server_duid(cx, st, obj, kind),
        "use-host-decl-names" | "get-lease-hostnames" => {
            if head == "use-host-decl-names" && flag(st) == Some(true) {
                // Reservations carry their host's name as `hostname`: Kea sends it (option 12) already.
                cx.use_host_decl_names = true;
            } else if head == "use-host-decl-names" && flag(st) == Some(false) {
                // dhcpd's default (see `scope::finish`, note M032).
            } else {
                cx.note(obj, st, "M001", &format!("`{head}` has no Kea equivalent; dropped"), "", true);
            }
        }
        "log-facility"
        | "pid-file-name"
        | "local-port"
        | "local-address"
        | "local-address6"
        | "db-time-format"
        | "omapi-port"
        | "omapi-key"
        | "lease-id-format"
        | "bind-local-address6"
        | "check-secs-byte-order"
        | "remote-port"
        | "use-eui-64"
        | "ping-check"
        | "ping-timeout"
        | "ping-timeout-ms"
        | "ping-cltt-secs"
        | "always-broadcast"
        | "one-lease-per-client"
        | "stash-agent-options"
        | "always-reply-rfc1048"
        | "boot-unknown-clients"
        | "abandon-lease-time"
        | "dhcpv6-lease-file-name"
        | "dhcpv6-pid-file-name"
        | "limit-addrs-per-ia"
        | "limit-prefs-per-ia"
        | "dhcpv6-set-tee-times"
        | "site-option-space"
        | "vendor-option-space"
        | "dynamic-bootp-lease-cutoff"
        | "dynamic-bootp-lease-length"
        | "min-secs"
        | "infinite-is-reserved"
        | "release-on-roam"
        | "persist-eui-64-leases"
        | "prefix-length-mode"
        | "delayed-ack"
        | "max-ack-delay"
        | "adaptive-lease-time-threshold"
        | "use-lease-addr-for-default-route"
        | "fqdn-reply"
        | "max-lease-misbalance"
        | "max-lease-ownership"
        | "min-balance"
        | "max-balance"
        | "ping"
        | "server-id-check"
        | "log-threshold-low"
        | "log-threshold-high"
        | "local-address6-port"
        | "dont-use-fsync"
        | "leasequery"
        | "lease limit"
        | "lease" => {
            let way = match head.as_str() {
                "log-facility" => "configure \"loggers\" (output \"syslog:FACILITY\")",
                "pid-file-name" | "dhcpv6-pid-file-name" => "set KEA_PIDFILE_DIR",
                "local-port" => "Kea listens on 67/547; use -p on the command line",
                "remote-port" => "kea-dhcp4 -P PORT (kea-dhcp6 -P) sends to another client port, for tests",
                "bind-local-address6" => "bind Kea to one address with \"interfaces\": [\"IFACE/ADDRESS\"] in interfaces-config",
                "check-secs-byte-order" => "Kea's HA load balancing reads the secs field as sent",
                "use-eui-64" => "Kea has no EUI-64 address allocation; reserve addresses per DUID instead",
                "db-time-format" => "Kea's lease files store Unix times",
                "omapi-port" | "omapi-key" => {
                    "Kea takes commands on its control socket (\"control-socket\", or \"control-sockets\" from 3.0; HTTP with basic auth or TLS for remote use)"
                }
                "one-lease-per-client" => "Kea keeps one lease per client per subnet already",
                "ping-check" | "ping" | "ping-timeout" | "ping-timeout-ms" | "ping-cltt-secs" => {
                    "Kea 3.0's ping_check hook (libdhcp_ping_check.so) pings an address before offering it; keakit translates \
                     these settings at the top level and in subnets for --target-version 3.0 (DHCPv4)"
                }
                "stash-agent-options" => "Kea stores relay options in the lease's user context when \"store-extended-info\" is true",
                _ => "",
            };
            cx.note(
                obj,
                st,
                "M001",
                &format!("`{}` has no Kea equivalent; dropped", t.iter().take(2).map(|x| &*x.text).collect::<Vec<_>>().join(" ")),
                way,
                true,
            );
        }
        "hardware" | "fixed-address" | "fixed-address6" | "fixed-prefix6" | "host-identifier" | "uid" => {
            cx.error(st, &t[0], &format!("`{}` is only allowed in a host declaration", t[0].text), "put it inside `host NAME { ... }`");
        }
        "match" | "spawn" => cx.error(st, &t[0], &format!("`{}` is only allowed in a class declaration", t[0].text), ""),
        "include" => cx.error(st, &t[0], "`include` needs a quoted file name", "write `include \"/etc/dhcp/extra.conf\";`"),
        _ => cx.error(
            st,
            &t[0],
            &format!("unknown statement `{}`", t[0].text),
            "see dhcpd.conf(5); keakit translates ISC DHCP 4.4 statements",
        ),
    }
}

/// `server-duid llt [HWTYPE HWADDR TIME]`, `en NUMBER "ID"`, `ll [HWTYPE HWADDR]` → Kea's
/// `server-id` map.
fn server_duid(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, scope: Kind) {
    let t = &st.tokens;
    let kind = t.get(1).filter(|k| k.kind == TokKind::Word).map(|k| k.text.to_ascii_lowercase());
    let hw_type = |w: &str| -> Option<u16> {
        match w {
            "ethernet" => Some(1),
            "token-ring" => Some(6),
            "fddi" => Some(8),
            "infiniband" => Some(32),
            _ => None,
        }
    };
    let mut m = Map::new();
    match kind.as_deref() {
        Some("en") => {
            let Some(n) = t.get(2).and_then(|n| n.text.parse::<u32>().ok()) else {
                cx.error(
                    st,
                    t.get(2).unwrap_or(&t[1]),
                    "server-duid en: enterprise number expected",
                    "write `server-duid en NUMBER \"IDENTIFIER\";`",
                );
                return;
            };
            // dhcpd requires the identifier ("identifier expected"; found by the fuzz target).
            let Some(id) = t.get(3) else {
                cx.error(st, &t[2], "server-duid en: identifier expected", "write `server-duid en NUMBER \"IDENTIFIER\";`");
                return;
            };
            m.insert("type".into(), json!("EN"));
            m.insert("enterprise-id".into(), json!(n));
            m.insert("identifier".into(), json!(crate::leases::csv::hex(&id.bytes()).replace(':', "")));
        }
        Some(k @ ("ll" | "llt")) => {
            m.insert("type".into(), json!(k.to_ascii_uppercase()));
            if let Some(ht) = t.get(2) {
                let Some(code) = hw_type(&ht.text.to_ascii_lowercase()) else {
                    cx.error(st, ht, &format!("unknown hardware type `{}`", ht.text), "ethernet, token-ring, fddi or infiniband");
                    return;
                };
                m.insert("htype".into(), json!(code));
                let (time, hw) = if k == "llt" { (t.get(3), t.get(4)) } else { (None, t.get(3)) };
                if k == "llt" {
                    match time.and_then(|x| x.text.parse::<u32>().ok()) {
                        Some(n) => {
                            m.insert("time".into(), json!(n));
                        }
                        None => {
                            cx.error(
                                st,
                                time.unwrap_or(ht),
                                "server-duid llt: time (a number) expected",
                                "write `server-duid llt HWTYPE TIME HWADDR;`",
                            );
                            return;
                        }
                    }
                }
                match hw.and_then(|h| hex_bytes(&h.text)) {
                    Some(b) => {
                        m.insert("identifier".into(), json!(crate::leases::csv::hex(&b).replace(':', "")));
                    }
                    None => {
                        cx.error(st, hw.unwrap_or(ht), "expecting a hexadecimal hardware address", "write it as 00:16:6f:49:7d:9b");
                        return;
                    }
                }
            }
        }
        _ => {
            cx.error(
                st,
                t.get(1).unwrap_or(&t[0]),
                "DUID type LLT, EN or LL expected",
                "write `server-duid llt;`, `server-duid en NUMBER \"ID\";` or `server-duid ll;`",
            );
            return;
        }
    }
    if scope == Kind::Global {
        obj.insert("server-id".into(), Value::Object(m));
        return;
    }
    // dhcpd sets the server's one DUID wherever the statement is (dhcpd -t takes it in a
    // subnet6); Kea's `server-id` is global only (found by the fuzz target: the re-check
    // refused `server-id` in a subnet6). A global statement wins over a nested one.
    cx.note(
        obj,
        st,
        "M002",
        "server-duid inside a scope: the server has one DUID, Kea's global `server-id` (a top-level server-duid wins)",
        "move `server-duid` to the top of dhcpd.conf",
        false,
    );
    cx.nested_server_id.get_or_insert(Value::Object(m));
}

/// allow/deny/ignore lists and the DDNS parameters.
fn permit_or_ddns(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind) {
    let t = &st.tokens;
    let head = st.head().to_ascii_lowercase();
    let rest: Vec<String> = t[1..].iter().map(|x| x.text.to_ascii_lowercase().to_string()).collect();
    let v = t.get(1).map(|x| x.text.to_string()).unwrap_or_default();
    match head.as_str() {
        "allow" | "deny" | "ignore" => {
            let allow = head == "allow";
            match rest.join(" ").as_str() {
                "client-updates" if matches!(kind, Kind::Global | Kind::SharedNetwork | Kind::Subnet) => {
                    obj.insert("ddns-override-client-update".into(), json!(!allow));
                }
                "unknown-clients" | "known-clients" => {
                    cx.note(
                        obj,
                        st,
                        "M005",
                        &format!("`{head} {}` outside a pool: Kea guards pools, not subnets", rest.join(" ")),
                        "put the permit in each pool (it becomes a KNOWN/UNKNOWN client-class guard)",
                        true,
                    );
                }
                "bootp" | "dynamic bootp clients" => {
                    if allow {
                        cx.note(
                            obj,
                            st,
                            "M001",
                            "`allow bootp`: Kea answers BOOTP only with the BOOTP hook (libdhcp_bootp.so)",
                            "load libdhcp_bootp.so",
                            true,
                        );
                    }
                }
                "booting" | "duplicates" | "declines" | "leasequery" => {
                    cx.note(obj, st, "M001", &format!("`{head} {}` has no Kea equivalent; dropped", rest.join(" ")), "", true);
                }
                _ => cx.error(
                    st,
                    t.get(1).unwrap_or(&t[0]),
                    &format!("unknown permit `{}`", rest.join(" ")),
                    "see dhcpd.conf(5), ALLOW AND DENY",
                ),
            }
        }
        "ddns-update-style" => {
            let on = v != "none" && v != "ad-hoc";
            if v == "interim" || v == "standard" || v == "none" {
                cx.ddns.used |= on;
                obj.insert("ddns-send-updates".into(), json!(on));
                if on && kind == Kind::Global {
                    cx.ddns.enabled = true;
                }
            } else {
                cx.error(st, t.get(1).unwrap_or(&t[0]), &format!("unknown ddns-update-style `{v}`"), "one of none, interim, standard");
            }
        }
        "ddns-updates" => {
            obj.insert("ddns-send-updates".into(), json!(flag(st).unwrap_or(true)));
        }
        "ddns-domainname" => {
            obj.insert("ddns-qualifying-suffix".into(), json!(v));
        }
        "update-conflict-detection" if cx.opts.version >= crate::version::KeaVersion::V2_4 => {
            let on = flag(st).unwrap_or(true);
            obj.insert("ddns-conflict-resolution-mode".into(), json!(if on { "check-with-dhcid" } else { "no-check-with-dhcid" }));
        }
        "update-optimization"
        | "ddns-ttl"
        | "update-static-leases"
        | "ddns-rev-domainname"
        | "ddns-hostname"
        | "update-conflict-detection"
        | "ddns-dual-stack-mixed-mode"
        | "ddns-guard-id-must-match"
        | "ddns-other-guard-is-dynamic"
        | "do-forward-updates"
        | "update-client-fqdn" => {
            cx.note(
                obj,
                st,
                "M011",
                &format!("`{head}` has no direct Kea parameter; dropped"),
                "Kea's DDNS behaviour is set by ddns-* parameters and kea-dhcp-ddns",
                true,
            );
        }
        "client-updates" => {
            obj.insert("ddns-override-client-update".into(), json!(!flag(st).unwrap_or(true)));
        }
        _ => {}
    }
}

/// Set a pool's class guard (Kea 2.2 – 2.6: `client-class`; 3.0: `client-classes` list).
pub fn set_pool_class(cx: &Ctx, pool: &mut Map<String, Value>, class: &str) {
    if cx.opts.version >= crate::version::KeaVersion::V3_0 {
        pool.insert("client-classes".into(), json!([class]));
    } else {
        pool.insert("client-class".into(), json!(class));
    }
}

/// A statement inside `host { }`; returns the reserved address to place the host by.
pub fn host_statement(cx: &mut Ctx, st: &Stmt, r: &mut Map<String, Value>) -> Option<IpAddr> {
    let t = &st.tokens;
    let head = st.head().to_ascii_lowercase();
    let v4 = cx.universe == Universe::V4;
    let lifetime = HOST_LIFETIMES.iter().find(|(d, _, v6_only)| *d == head && (!v4 || !v6_only));
    match head.as_str() {
        "hardware" => {
            let Some(mac) = t.get(2) else {
                cx.error(st, &t[0], "expected `hardware TYPE ADDRESS`", "");
                return None;
            };
            match hex_bytes(&mac.text) {
                Some(b) if !b.is_empty() => {
                    r.insert("hw-address".into(), json!(crate::leases::csv::hex(&b)));
                }
                _ => cx.error(st, mac, &format!("`{}` is not a hardware address", mac.text), "write it as 00:11:22:33:44:55"),
            }
            None
        }
        "uid" => {
            if let Some(b) = t.get(1).map(ident_bytes) {
                r.insert("client-id".into(), json!(crate::leases::csv::hex(&b)));
            }
            None
        }
        "host-identifier" => {
            // host-identifier option NAME VALUE;
            let (Some(o), Some(n), Some(val), None) = (t.get(1), t.get(2), t.get(3), t.get(4)) else {
                // One value: more tokens (`% 00:01...`) were once taken as the first alone.
                cx.error(
                    st,
                    t.get(4).unwrap_or(&t[0]),
                    "expected `host-identifier option NAME VALUE`",
                    "the value is one hex string or quoted string",
                );
                return None;
            };
            let _ = o;
            let (space, name) = optdata::split_name(cx.universe, &n.text);
            let key = match (space.as_str(), name.as_str()) {
                ("dhcp-agent-options-space", "circuit-id") => "circuit-id",
                ("dhcp-agent-options-space", "remote-id") => "flex-id",
                ("dhcp4", "dhcp-client-identifier") => "client-id",
                ("dhcp6", "clientid") => "duid",
                _ => "flex-id",
            };
            if key == "flex-id" {
                let code = cx.defs.by_name(&space, &name).map(|d| d.code);
                let expr = match (space.as_str(), code) {
                    ("dhcp-agent-options-space", Some(c)) => format!("relay4[{c}].hex"),
                    (_, Some(c)) => format!("option[{c}].hex"),
                    _ => format!("the value of option {}", n.text),
                };
                let way = format!("load the flex_id hook (libdhcp_flex_id.so) with \"identifier-expression\": \"{expr}\"");
                cx.note(r, st, "M020", &format!("host-identifier option {}: a flex-id reservation", n.text), &way, true);
            }
            let bytes = ident_bytes(val);
            if key == "duid" && bytes.len() < 3 {
                // RFC 8415: a DUID is a 2-byte type and content; Kea 3.0 refuses shorter ones.
                cx.error(
                    st,
                    val,
                    &format!("a DUID of {} byte(s)", bytes.len()),
                    "a DUID is at least 3 bytes: a 2-byte type code and its content",
                );
                return None;
            }
            r.insert(key.into(), json!(crate::leases::csv::hex(&bytes)));
            None
        }
        "option" if t.get(1).is_some_and(|n| n.is_word("dhcp-client-identifier")) && v4 => {
            if let Some(b) = t.get(2).map(ident_bytes) {
                r.insert("client-id".into(), json!(crate::leases::csv::hex(&b)));
            }
            None
        }
        "option" if t.len() >= 2 => {
            if let Some(d) = optdata::data(cx, st, r, false) {
                scope::push_option(r, d);
            }
            None
        }
        "fixed-address" | "fixed-address6" => {
            if (head == "fixed-address") != v4 {
                cx.error(st, &t[0], &format!("`{}` in a DHCP{} config", t[0].text, if v4 { "v4" } else { "v6" }), "");
                return None;
            }
            let mut addrs = Vec::new();
            for a in t[1..].iter().filter(|x| !x.is_punct(",")) {
                match a.text.parse::<IpAddr>() {
                    Ok(ip) if ip.is_ipv4() == v4 => addrs.push(ip),
                    _ => match cx.resolve(&a.text, !v4).and_then(|s| s.parse().ok()) {
                        Some(ip) => addrs.push(ip),
                        None if cx.opts.resolve => cx.error(
                            st,
                            a,
                            &format!("fixed-address `{}` does not resolve to an IPv{} address", a.text, if v4 { 4 } else { 6 }),
                            "write the address, or make the name resolvable",
                        ),
                        None => cx.note(
                            r,
                            st,
                            "M003",
                            &format!("fixed-address `{}` is a host name; not reserved", a.text),
                            "run with --resolve, or write the address",
                            true,
                        ),
                    },
                }
            }
            let first = *addrs.first()?;
            if v4 {
                // `--hosts subnet`: each address goes to the subnet holding it, in a copy of
                // the reservation (`scope::any_host`), as dhcpd gives the host the one of its
                // addresses in the subnet it is on.
                if addrs.len() > 1 && cx.opts.hosts_in_subnet {
                    cx.extra_fixed.extend(addrs[1..].iter().copied());
                } else if addrs.len() > 1 {
                    let rest: Vec<String> = addrs[1..].iter().map(|a| a.to_string()).collect();
                    cx.note(
                        r,
                        st,
                        "M009",
                        &format!("extra fixed addresses {} not reserved", rest.join(", ")),
                        "Kea reserves one address per host and subnet: add a host per subnet with --hosts subnet",
                        true,
                    );
                }
                let text = match first {
                    IpAddr::V4(a) => crate::leases::csv::ipv4_text(a),
                    other => other.to_string(),
                };
                r.insert("ip-address".into(), Value::String(text));
            } else {
                r.insert("ip-addresses".into(), json!(addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>()));
            }
            Some(first)
        }
        "fixed-prefix6" if !v4 => {
            if let Some(p) = t.get(1) {
                match p.text.parse::<ipnet::Ipv6Net>() {
                    Ok(n) => {
                        let e = r.entry("prefixes").or_insert_with(|| json!([]));
                        if let Value::Array(a) = e {
                            a.push(json!(n.trunc().to_string()));
                        }
                    }
                    Err(_) => cx.error(st, p, "expected a prefix such as 2001:db8:1::/48", ""),
                }
            }
            None
        }
        "filename" | "server-name" if v4 => {
            boot_field(cx, st, r);
            None
        }
        "next-server" if v4 => {
            match t.get(1).and_then(|a| a.text.parse::<std::net::Ipv4Addr>().ok()) {
                Some(a) => {
                    r.insert("next-server".into(), json!(a.to_string()));
                }
                None => cx.note(r, st, "M003", "next-server is a host name; left out", "use --resolve or write the address", true),
            }
            None
        }
        "ddns-hostname" => {
            if let Some(n) = t.get(1) {
                r.insert("hostname".into(), json!(&*n.text));
            }
            None
        }
        // Whether the host's declared name is sent: `scope::any_host` reads it (note M032).
        "use-host-decl-names" => None,
        _ if st.block.is_some() => {
            cx.error(st, &t[0], &format!("`{}` declaration not allowed in a host", t[0].text), "");
            None
        }
        // Kea reservations have no lifetimes, a client class has: `scope::any_host` moves
        // these into one the reservation assigns (Kea 2.2 and 3.0 give a client of such a
        // reservation its class's valid-lifetime: measured with dhclient).
        _ if let Some((_, key, _)) = lifetime => {
            match num(st) {
                Some(n) if n <= u64::from(u32::MAX) => {
                    r.insert(key.to_string(), json!(n));
                }
                _ => cx.error(st, t.get(1).unwrap_or(&t[0]), &format!("`{}` needs a number of seconds", t[0].text), ""),
            }
            None
        }
        _ => {
            parameter(cx, st, r, Kind::Host);
            None
        }
    }
}

/// Lifetimes a host may set: (dhcpd statement, Kea key of a client class, DHCPv6 only).
pub const HOST_LIFETIMES: [(&str, &str, bool); 4] = [
    ("default-lease-time", "valid-lifetime", false),
    ("min-lease-time", "min-valid-lifetime", false),
    ("max-lease-time", "max-valid-lifetime", false),
    ("preferred-lifetime", "preferred-lifetime", true),
];

/// `filename` / `server-name` → `boot-file-name` / `server-hostname` (the BOOTP `file` and
/// `sname` fields) at any scope. A value longer than its field (127 / 63 bytes) is left
/// out with a note: Kea rejects it (found by the dhcpd fuzz target), and the field could
/// not carry it anyway.
pub fn boot_field(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>) {
    let t = &st.tokens;
    let value = t.get(1).map_or("", |x| &*x.text);
    let (key, field, limit, option) = if t[0].text.eq_ignore_ascii_case("filename") {
        ("boot-file-name", "file", 127, "bootfile-name (67)")
    } else {
        ("server-hostname", "sname", 63, "tftp-server-name (66)")
    };
    if value.len() > limit {
        let msg = format!("{} is {} bytes, longer than the BOOTP {field} field ({limit} bytes); left out", t[0].text, value.len());
        cx.note(obj, st, "M024", &msg, &format!("send it as option {option} instead"), true);
        return;
    }
    obj.insert(key.into(), json!(value));
}

/// `00:0B:FD:32:E6:FA` → bytes (1-2 hex digits per group).
pub fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    // By hand: this runs for every host's MAC (an iterator chain through from_str_radix
    // cost a thousand instructions each).
    use crate::model::addr::hex_digit as digit;
    let mut out = Vec::with_capacity(s.len() / 3 + 1);
    for part in s.as_bytes().split(|&c| c == b':') {
        out.push(match *part {
            [a] => digit(a)?,
            [a, b] => digit(a)? << 4 | digit(b)?,
            _ => return None,
        });
    }
    Some(out)
}

/// A client identifier: hex (`01:02:..`) or a quoted string (its bytes).
fn ident_bytes(t: &crate::dhcpd::ast::Token) -> Vec<u8> {
    if t.kind == TokKind::Word
        && let Some(b) = hex_bytes(&t.text)
    {
        return b;
    }
    t.bytes()
}

/// DDNS state collected over the file.
#[derive(Default, Debug)]
pub struct Ddns {
    pub used: bool,
    pub enabled: bool,
    /// (name, algorithm, secret)
    pub keys: Vec<(String, String, String)>,
    /// (zone name, primary server, key name, where declared)
    pub zones: Vec<(String, String, Option<String>, crate::source::Span)>,
    pub server: Vec<(String, String)>,
}

/// `key NAME { algorithm A; secret S; }`. The secret is written as standard padded base64
/// of the bytes dhcpd reads from it: dhcpd takes `YQ`, `YQ=` and `YR==` (all the byte "a"),
/// kea-dhcp-ddns only `YQ==`.
pub fn key(cx: &mut Ctx, st: &Stmt) {
    let name = st.tokens.get(1).map(|t| t.text.trim_end_matches('.').to_string()).unwrap_or_default();
    let mut alg = String::new();
    let mut secret = String::new();
    for c in st.children() {
        let v = c.tokens.get(1).map(|t| t.text.to_string()).unwrap_or_default();
        match c.head() {
            "algorithm" => alg = v.trim_end_matches('.').to_ascii_uppercase().replace(".SIG-ALG.REG.INT", ""),
            "secret" => match dhcpd_base64(&v) {
                Ok(bytes) if !bytes.is_empty() => secret = crate::model::tsig::encode(&bytes),
                Ok(_) => return cx.error(st, c.tokens.get(1).unwrap_or(&c.tokens[0]), "empty key secret", "give the key's base64 secret"),
                Err(why) => {
                    return cx.error(
                        st,
                        c.tokens.get(1).unwrap_or(&c.tokens[0]),
                        &why,
                        "the secret is base64, as dnssec-keygen or tsig-keygen prints it",
                    );
                }
            },
            _ => {}
        }
    }
    // kea-dhcp-ddns refuses a key it cannot use (and with it the whole DhcpDdns config):
    // such a key is left out, and zones naming it are written without one (`finish_ddns`).
    let why = if crate::model::tsig::digest_len(&alg).is_none() {
        format!("its algorithm `{alg}` is not a TSIG algorithm Kea knows")
    } else if secret.is_empty() {
        "it has no secret".to_string()
    } else {
        return cx.ddns.keys.push((name, alg, secret));
    };
    let way = "give the key an algorithm Kea knows (HMAC-MD5, HMAC-SHA1, HMAC-SHA224, HMAC-SHA256, HMAC-SHA384, HMAC-SHA512) and its secret, in the DhcpDdns config's tsig-keys";
    cx.file_note_at(st.span, "M011", format!("key {name}: {why}; left out of the DhcpDdns config"), way, true);
}

/// Base64 as dhcpd reads a key secret (errors in its words, verified with dhcpd -t 4.4):
/// padding optional and stray bits ignored; a character outside the alphabet ("invalid base64
/// character 32"), text after `=` ("stuff after base64 '=' terminator") and a single
/// character left over ("partial base64 value left over") are errors.
fn dhcpd_base64(s: &str) -> Result<Vec<u8>, String> {
    let data = match s.find('=') {
        Some(i) if s[i..].bytes().any(|c| c != b'=') => {
            return Err(format!("stuff after base64 '=' terminator: {}", s[i..].trim_start_matches('=')));
        }
        Some(i) => &s[..i],
        None => s,
    };
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in data.bytes() {
        let v = crate::model::tsig::sextet(c).ok_or_else(|| format!("invalid base64 character {c}"))?;
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if data.len() % 4 == 1 {
        return Err("partial base64 value left over".into());
    }
    Ok(out)
}

/// `zone NAME { primary ADDR; key NAME; }`
pub fn zone(cx: &mut Ctx, st: &Stmt) {
    let name = st.tokens.get(1).map(|t| t.text.to_string()).unwrap_or_default();
    let mut primary = String::new();
    let mut key = None;
    for c in st.children() {
        let v = c.tokens.get(1).map(|t| t.text.trim_end_matches('.').to_string());
        match c.head() {
            "primary" | "primary6" => primary = v.unwrap_or_default(),
            "key" => key = v,
            _ => {}
        }
    }
    cx.ddns.zones.push((name, primary, key, st.span));
}

/// DhcpDdns config (and `dhcp-ddns` in the DHCP config) from what the file declared.
pub fn finish_ddns(cx: &mut Ctx, root: &mut Map<String, Value>) -> Option<Value> {
    if !cx.ddns.enabled && cx.ddns.zones.is_empty() {
        return None;
    }
    if cx.ddns.enabled {
        root.insert("dhcp-ddns".into(), json!({"enable-updates": true}));
    }
    let keys: Vec<Value> = cx.ddns.keys.iter().map(|(n, a, s)| json!({"name": n, "algorithm": a, "secret": s})).collect();
    let mut fwd = Vec::new();
    let mut rev = Vec::new();
    let mut notes = Vec::new();
    for (z, primary, key, span) in &cx.ddns.zones {
        let name = if z.ends_with('.') { z.clone() } else { format!("{z}.") };
        let mut dom = json!({"name": name, "dns-servers": [{"ip-address": primary}]});
        match key {
            Some(k) if cx.ddns.keys.iter().any(|(n, ..)| n == k) => dom["key-name"] = json!(k),
            Some(k) => {
                let msg = format!(
                    "zone {z}: its key {k} is not in the DhcpDdns config (undeclared, or left out); the zone is written without a key"
                );
                notes.push((*span, msg));
            }
            None => {}
        }
        if name.ends_with("in-addr.arpa.") || name.ends_with("ip6.arpa.") { rev.push(dom) } else { fwd.push(dom) }
    }
    for (span, msg) in notes {
        cx.note_at(root, span, "M011", &msg, "declare the key (algorithm and secret) and name it in the zone's key-name", true);
    }
    Some(json!({"DhcpDdns": {
        "ip-address": "127.0.0.1",
        "port": 53001,
        "tsig-keys": keys,
        "forward-ddns": {"ddns-domains": fwd},
        "reverse-ddns": {"ddns-domains": rev}
    }}))
}

/// `failover peer NAME { primary|secondary; address A; peer address B; ... }` → HA hook.
pub fn failover(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>) {
    if st.block.is_none() {
        // `failover peer "name";` inside a pool: the pool is shared by the pair.
        return;
    }
    let name = st.tokens.get(2).map(|t| t.text.to_string()).unwrap_or_else(|| "failover".into());
    let mut role = "primary";
    let (mut me, mut peer) = (String::new(), String::new());
    let mut split = false;
    for c in st.children() {
        let w: Vec<&str> = c.tokens.iter().map(|t| &*t.text).collect();
        match w.as_slice() {
            ["primary"] => role = "primary",
            ["secondary"] => role = "secondary",
            ["address", a] => me = a.to_string(),
            ["peer", "address", a] => peer = a.to_string(),
            ["split", n] | ["load", "balance", "max", "seconds", n] if *n != "0" && w[0] == "split" => split = *n != "256" && *n != "0",
            _ => {}
        }
    }
    let mode = if split { "load-balancing" } else { "hot-standby" };
    // The HA hook is loaded once and (up to Kea 2.4) holds one relationship; dhcpd pairs
    // servers per pool and may name several failover peers.
    if cx.ha_configured {
        cx.note(
            obj,
            st,
            "M026",
            &format!("failover peer {name}: not translated, the HA hook is configured from the first failover peer only"),
            "Kea's HA pairs whole servers, not pools: serve these pools from the same pair, or run a second Kea pair",
            true,
        );
        return;
    }
    // Peer URLs take IP addresses only (the hook refuses a host name when the server starts).
    let ip = |a: &str| {
        a.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_string()).or_else(|| cx.resolve(a, false)).or_else(|| cx.resolve(a, true))
    };
    let (me_ip, peer_ip) = match (ip(&me), ip(&peer)) {
        (Some(a), Some(b)) => (a, b),
        (a, b) => {
            // Only an address that is neither an IP address nor resolved is named.
            let what = [("address", &me, a), ("peer address", &peer, b)]
                .iter()
                .filter(|(_, _, ip)| ip.is_none())
                .map(|(k, a, _)| if a.is_empty() { format!("no `{k}`") } else { format!("`{k} {a}` is not an IP address") })
                .collect::<Vec<_>>()
                .join(", ");
            cx.note(
                obj,
                st,
                "M026",
                &format!("failover peer {name}: not translated, {what}"),
                "give both addresses as IP addresses (or migrate with --resolve), or write the HA hook's peers by hand",
                true,
            );
            return;
        }
    };
    let other = if role == "primary" { if split { "secondary" } else { "standby" } } else { "primary" };
    // dhcpd's secondary is HA's standby in hot-standby mode.
    let this_role = if role == "primary" {
        "primary"
    } else if split {
        "secondary"
    } else {
        "standby"
    };
    let url = |a: &str| if a.contains(':') { format!("http://[{a}]:8000/") } else { format!("http://{a}:8000/") };
    let this_name = format!("{name}-{role}");
    let peer_name = format!("{name}-{other}");
    let (first, second) = if role == "primary" {
        ((this_name.clone(), &me_ip, "primary"), (peer_name, &peer_ip, other))
    } else {
        ((peer_name, &peer_ip, "primary"), (this_name.clone(), &me_ip, this_role))
    };
    let ha = json!({"high-availability": [{
            "this-server-name": this_name,
            "mode": mode,
            "heartbeat-delay": 10000,
            "max-response-delay": 60000,
            "max-ack-delay": 5000,
            "max-unacked-clients": 5,
            "peers": [
                {"name": first.0, "url": url(first.1), "role": first.2, "auto-failover": true},
                {"name": second.0, "url": url(second.1), "role": second.2, "auto-failover": true}
            ]
        }]
    });
    cx.ha_configured = true;
    add_hook(cx, obj, "libdhcp_lease_cmds.so", None);
    add_hook(cx, obj, "libdhcp_ha.so", Some(ha));
    cx.note(obj, st, "M010", &format!("failover peer {name} ({role}) became a {mode} HA pair; peers talk over the control agent at port 8000"), "run kea-ctrl-agent on both servers (or set HA's multi-threaded http-dedicated-listener), and share the config; dhcpd's split/mclt have no Kea equivalent", false);
}

/// Load the hook library `file` in `obj`'s hooks-libraries (unless it is there already), with
/// these parameters.
pub(super) fn add_hook(cx: &Ctx, obj: &mut Map<String, Value>, file: &str, parameters: Option<Value>) {
    let mut hook = json!({"library": hook_library(cx, file)});
    if let Some(p) = parameters {
        hook["parameters"] = p;
    }
    if let Value::Array(a) = obj.entry("hooks-libraries").or_insert_with(|| json!([]))
        && !a.iter().any(|h| h["library"] == hook["library"])
    {
        a.push(hook);
    }
}

/// How to name a hook library: Kea 3.0 loads only from its own hooks directory and finds a
/// bare file name there (whatever the machine's architecture or build); older Kea needs the
/// full path, here Debian's on amd64.
fn hook_library(cx: &Ctx, file: &str) -> String {
    if cx.opts.version >= crate::version::KeaVersion::V3_0 {
        file.to_string()
    } else {
        format!("/usr/lib/x86_64-linux-gnu/kea/hooks/{file}")
    }
}

#[cfg(test)]
mod tests {
    use super::dhcpd_base64;
    use crate::model::tsig::encode;

    /// Each verdict is dhcpd -t 4.4's on `key k { algorithm hmac-md5; secret "S"; }`.
    #[test]
    fn key_secrets_read_as_dhcpd_reads_them() {
        for (dhcpd, kea) in [("YQ", "YQ=="), ("YQ=", "YQ=="), ("YR==", "YQ=="), ("YWJ=", "YWI="), ("c2VjcmV0", "c2VjcmV0")] {
            assert_eq!(encode(&dhcpd_base64(dhcpd).unwrap()), kea, "{dhcpd}");
        }
        assert!(dhcpd_base64("Y").unwrap_err().contains("partial"));
        assert!(dhcpd_base64("YQ==YQ==").unwrap_err().contains("stuff after"));
        assert!(dhcpd_base64("YW Jj").unwrap_err().contains("character 32"));
        assert_eq!(dhcpd_base64("===="), Ok(vec![]));
    }
}
