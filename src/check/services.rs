//! Service sections: interfaces, hooks libraries, DDNS client settings, control sockets,
//! and the Control-agent and DhcpDdns daemons.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{CtrlAgent, Dhcp, DhcpDdns, HookLibrary};
use crate::syntax::cst::Member;
use rustc_hash::FxHashMap as HashMap;

/// True when `key` is absent from `rest` too (so a missing typed field is really missing,
/// not present with a wrong type that the schema reports).
pub fn lacks(rest: &[Member], key: &str) -> bool {
    !rest.iter().any(|m| &*m.key == key)
}

pub fn check_dhcp(cx: &mut Ctx, dhcp: &Dhcp) {
    if let Some(ic) = &dhcp.interfaces_config {
        let mut seen: HashMap<&str, crate::source::Span> = HashMap::default();
        for i in ic.interfaces.iter().flat_map(|l| l.value.iter()) {
            // `eth0/192.0.2.1` selects an address; the interface part must still be unique.
            let name = i.as_str().split('/').next().unwrap_or("");
            if name.is_empty() {
                cx.push(Diagnostic::error("bad-value", "empty interface name").at(i.span, "empty"));
                continue;
            }
            if let Some(first) = seen.get(name) {
                cx.push(
                    Diagnostic::error("duplicate-interface", format!("interface `{name}` is listed twice"))
                        .at(i.span, "listed again")
                        .related(*first, "first listed here")
                        .help("remove one of them"),
                );
            } else {
                seen.insert(name, i.span);
            }
        }
    }
    hooks(cx, dhcp.hooks_libraries());
    if let Some(d) = &dhcp.dhcp_ddns {
        for key in ["server-ip", "sender-ip"] {
            if let Some(n) = d.get(key) {
                if let Some(s) = n.as_str() {
                    if !s.is_empty() && s.parse::<std::net::IpAddr>().is_err() {
                        cx.push(Diagnostic::error("bad-address", format!("{key} `{s}` is not an IP address")).at(n.span, "not an address"));
                    }
                }
            }
        }
    }
    if let Some(n) = dhcp.param("next-server") {
        if let Some(s) = n.as_str() {
            if !s.is_empty() && s.parse::<std::net::Ipv4Addr>().is_err() {
                cx.push(Diagnostic::error("bad-address", format!("next-server `{s}` is not an IPv4 address")).at(n.span, "not an IPv4 address"));
            }
        }
    }
    if let Some(mt) = &dhcp.multi_threading {
        for key in ["thread-pool-size", "packet-queue-size"] {
            if let Some(n) = mt.get(key) {
                if n.as_i64().is_some_and(|v| v < 0) {
                    cx.push(Diagnostic::error("out-of-range", format!("{key} must not be negative")).at(n.span, "negative").help("use 0 to let Kea choose"));
                }
            }
        }
    }
}

fn hooks(cx: &mut Ctx, libs: &[HookLibrary]) {
    for h in libs {
        match &h.library {
            None => {
                if lacks(&h.rest, "library") {
                    cx.push(Diagnostic::error("missing-key", "hook library entry has no `library`").at(h.span, "this entry").help("add \"library\": \"/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so\""));
                }
            }
            Some(l) if l.as_str().is_empty() => cx.push(Diagnostic::error("bad-value", "hook library path is empty").at(l.span, "empty")),
            Some(l) => {
                // Kea loads the library during `-t`; keakit runs where the config is written,
                // often not where Kea runs, so a missing file is only a warning.
                if std::path::Path::new(l.as_str()).is_absolute() && !std::path::Path::new(l.as_str()).exists() {
                    cx.push(
                        Diagnostic::warning("hook-not-found", format!("hook library {} does not exist on this machine", l.as_str()))
                            .at(l.span, "not found here")
                            .help("Kea fails to start if the library is missing where it runs"),
                    );
                }
            }
        }
    }
}

pub fn check_agent(cx: &mut Ctx, ca: &CtrlAgent) {
    hooks(cx, ca.hooks_libraries.as_deref().unwrap_or(&[]));
    for (service, sock) in ca.control_sockets.iter().flatten() {
        if sock.socket_name.is_none() && lacks(&sock.rest, "socket-name") {
            cx.push(Diagnostic::error("missing-key", format!("control socket for {} has no `socket-name`", service.as_str())).at(sock.span, "this socket").help("add \"socket-name\": \"/run/kea/kea4-ctrl-socket\""));
        }
    }
    if let Some(n) = crate::model::fields::rest_get(&ca.rest, "http-host") {
        if let Some(s) = n.value.as_str() {
            if s.parse::<std::net::IpAddr>().is_err() {
                cx.push(Diagnostic::error("bad-address", format!("http-host `{s}` is not an IP address")).at(n.value.span, "not an address"));
            }
        }
    }
}

pub fn check_d2(cx: &mut Ctx, d2: &DhcpDdns) {
    hooks(cx, d2.hooks_libraries.as_deref().unwrap_or(&[]));
    let keys: Vec<&str> = d2.tsig_keys.iter().flatten().filter_map(|k| k.get("name").and_then(|n| n.as_str())).collect();
    for domains in [&d2.forward_ddns, &d2.reverse_ddns].into_iter().flatten() {
        for dom in domains.ddns_domains.iter().flatten() {
            if let Some(k) = &dom.key_name {
                if !k.as_str().is_empty() && !keys.contains(&k.as_str()) {
                    cx.push(Diagnostic::error("undefined-key", format!("TSIG key `{}` is not defined in tsig-keys", k.as_str())).at(k.span, "undefined key"));
                }
            }
            for srv in dom.dns_servers.iter().flatten() {
                if let Some(n) = srv.get("key-name") {
                    if let Some(k) = n.as_str() {
                        if !k.is_empty() && !keys.contains(&k) {
                            cx.push(Diagnostic::error("undefined-key", format!("TSIG key `{k}` is not defined in tsig-keys")).at(n.span, "undefined key").help("define it in \"tsig-keys\" or fix the name"));
                        }
                    }
                }
                if let Some(n) = srv.get("ip-address") {
                    if let Some(s) = n.as_str() {
                        if s.parse::<std::net::IpAddr>().is_err() {
                            cx.push(Diagnostic::error("bad-address", format!("DNS server address `{s}` is not an IP address")).at(n.span, "not an address"));
                        }
                    }
                }
            }
        }
    }
    if let Some(n) = crate::model::fields::rest_get(&d2.rest, "ip-address") {
        if let Some(s) = n.value.as_str() {
            if s.parse::<std::net::IpAddr>().is_err() {
                cx.push(Diagnostic::error("bad-address", format!("ip-address `{s}` is not an IP address")).at(n.value.span, "not an address"));
            }
        }
    }
}
