//! Service sections: interfaces, hooks libraries, DDNS client settings, control sockets,
//! and the Control-agent and DhcpDdns daemons.

use super::Ctx;
use super::paths::Files;
use crate::diag::Diagnostic;
use crate::model::{ControlSocket, CtrlAgent, Dhcp, DhcpDdns, HookLibrary};
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
    // Hook parameters (flex_option's are checked in `options`, beside the option definitions
    // its entries name).
    super::ha::check(cx, dhcp.hooks_libraries());
    super::flex_id::check(cx, dhcp);
    super::ping_check::check(cx, dhcp);
    super::lease_query::check(cx, dhcp);
    super::legal_log::check(cx, dhcp);
    super::run_script::check(cx, dhcp);
    super::ddns_tuning::check(cx, dhcp);
    super::limits::check(cx, dhcp);
    super::perfmon::check(cx, dhcp);
    super::radius::check(cx, dhcp);
    let loggers = dhcp.loggers.as_deref().unwrap_or(&[]);
    let files = Files { hooks: dhcp.hooks_libraries(), loggers, leases: dhcp.lease_database.as_ref(), logs_at_startup: true };
    super::paths::check(cx, dhcp.all_control_sockets(), files);
    for sock in dhcp.all_control_sockets() {
        socket_tls(cx, sock);
        socket_kind(cx, sock);
        basic_auth(cx, sock.authentication.as_ref());
    }
    if let Some(d) = &dhcp.dhcp_ddns {
        for key in ["server-ip", "sender-ip"] {
            if let Some(n) = d.get(key)
                && let Some(s) = n.as_str()
                && !s.is_empty()
                && s.parse::<std::net::IpAddr>().is_err()
            {
                cx.push(Diagnostic::error("bad-address", format!("{key} `{s}` is not an IP address")).at(n.span, "not an address"));
            }
        }
    }
    if dhcp.universe == crate::universe::Universe::V4 {
        boot_fields(cx, &dhcp.rest, BootLevel::Global);
        for net in dhcp.shared_networks.iter().flatten() {
            boot_fields(cx, &net.rest, BootLevel::SharedNetwork);
        }
        for (_, sn) in dhcp.all_subnets() {
            boot_fields(cx, &sn.rest, BootLevel::Subnet);
            for r in sn.reservations.iter().flatten() {
                boot_fields(cx, &r.rest, BootLevel::Reservation);
            }
        }
        for r in dhcp.reservations.iter().flatten() {
            boot_fields(cx, &r.rest, BootLevel::Reservation);
        }
        for c in dhcp.client_classes() {
            boot_fields(cx, &c.rest, BootLevel::Class);
        }
    }
    // Kea 2.2: "duplicate host identifier 'hw-address'".
    if let Some(list) = dhcp.param("host-reservation-identifiers").and_then(|n| n.as_array()) {
        let mut seen: HashMap<&str, crate::source::Span> = HashMap::default();
        for item in list {
            let Some(s) = item.as_str() else { continue };
            match seen.get(s) {
                Some(first) => cx.push(
                    Diagnostic::error("duplicate-value", format!("host identifier `{s}` is listed twice"))
                        .at(item.span, "listed again")
                        .related(*first, "first listed here")
                        .help("remove one of them"),
                ),
                None => {
                    seen.insert(s, item.span);
                }
            }
        }
    }
    for db in [&dhcp.lease_database, &dhcp.hosts_database].into_iter().flatten().chain(dhcp.hosts_databases.iter().flatten()) {
        database(cx, db, dhcp.hooks_libraries());
    }
    if let Some(cc) = dhcp.param("config-control") {
        for db in cc.get("config-databases").and_then(|l| l.as_array()).unwrap_or(&[]) {
            if let Some(t) = db.get("type")
                && let Some(s) = t.as_str()
            {
                backend_type(cx, s, t.span, dhcp.hooks_libraries());
            }
        }
    }
}

fn hooks(cx: &mut Ctx, libs: &[HookLibrary]) {
    for h in libs {
        match &h.library {
            None => {
                if lacks(&h.rest, "library") {
                    cx.push(
                        Diagnostic::error("missing-key", "hook library entry has no `library`")
                            .at(h.span, "this entry")
                            .help("add \"library\": \"/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so\""),
                    );
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

/// Basic-authentication clients, as kea-ctrl-agent 2.2 and 3.0.4 -t check them (and the
/// DHCP daemons' http sockets in 3.0): a `user` (or a `user-file` or `password-file`) without
/// `:` ("user must not contain a ':'", "user is required in clients items"; an empty one is
/// the schema's, `rules::nonempty_strings`); from 3.0 not the password "1234" of Kea's
/// examples ("password must not be a default one", no other tried; a password file is not
/// read by -t).
fn basic_auth(cx: &mut Ctx, auth: Option<&crate::model::Authentication>) {
    for client in auth.and_then(|a| a.clients.as_deref()).unwrap_or(&[]) {
        match client.get("user") {
            Some(u) if u.as_str().is_some_and(|s| s.contains(':')) => cx.push(
                Diagnostic::error("bad-value", "basic-auth user contains `:`")
                    .at(u.span, "`:` separates user and password in HTTP basic authentication")
                    .help("choose a user name without `:`"),
            ),
            Some(_) => {}
            // A `password-file` alone holds "user:password" (Kea's own agent example).
            None if client.get("user-file").is_some() || client.get("password-file").is_some() => {}
            None => cx.push(
                Diagnostic::error("missing-key", "basic-auth client has no `user`").at(client.span, "this client").help("add \"user\""),
            ),
        }
        if cx.opts.version >= crate::version::KeaVersion::V3_0
            && let Some(pw) = client.get("password")
            && pw.as_str() == Some("1234")
        {
            cx.push(
                Diagnostic::error("default-password", "Kea 3.0 refuses the example password \"1234\"")
                    .at(pw.span, "the documentation's example password")
                    .help("choose a real password, preferably in a `password-file` (the config is readable by config-get)"),
            );
        }
    }
}

pub fn check_agent(cx: &mut Ctx, ca: &CtrlAgent) {
    hooks(cx, ca.hooks_libraries.as_deref().unwrap_or(&[]));
    let (hooks, loggers) = (ca.hooks_libraries.as_deref().unwrap_or(&[]), ca.loggers.as_deref().unwrap_or(&[]));
    super::paths::check(
        cx,
        ca.control_sockets.iter().flatten().map(|(_, s)| s),
        Files { hooks, loggers, leases: None, logs_at_startup: false },
    );
    basic_auth(cx, ca.authentication.as_ref());
    let member = |k| crate::model::fields::rest_get(&ca.rest, k).and_then(|m| Some((m.value.as_str()?, m.value.span)));
    tls_all_or_none(cx, ca.span, [member("trust-anchor"), member("cert-file"), member("key-file")]);
    for (service, sock) in ca.control_sockets.iter().flatten() {
        if sock.socket_name.is_none() && lacks(&sock.rest, "socket-name") {
            cx.push(
                Diagnostic::error("missing-key", format!("control socket for {} has no `socket-name`", service.as_str()))
                    .at(sock.span, "this socket")
                    .help("add \"socket-name\": \"/run/kea/kea4-ctrl-socket\""),
            );
        }
    }
    if let Some(n) = crate::model::fields::rest_get(&ca.rest, "http-host")
        && let Some(s) = n.value.as_str()
        && s.parse::<std::net::IpAddr>().is_err()
    {
        // kea-ctrl-agent -t (2.2 and 3.0.4) accepts it; the agent fails when it binds: a warning.
        cx.push(
            Diagnostic::warning("bad-address", format!("http-host `{s}` is not an IP address"))
                .at(n.value.span, "not an address")
                .help("kea-ctrl-agent -t accepts it, but the agent cannot listen there: write an IP address"),
        );
    }
}

/// What a control socket of kea-dhcp4/6 or kea-dhcp-ddns 3.0.4 must say about itself (2.2
/// takes all three: its one socket type is unix and a missing name is not checked by -t):
/// its `socket-type` ("'socket-type' parameter is mandatory in control-sockets items", for
/// `control-socket` too), a `socket-name` for a unix one ("Mandatory 'socket-name' parameter
/// missing"), TLS for an https one ("no TLS setup for a HTTPS control socket").
fn socket_kind(cx: &mut Ctx, s: &ControlSocket) {
    if cx.opts.version < crate::version::KeaVersion::V3_0 {
        return;
    }
    let Some(ty) = &s.socket_type else {
        cx.push(
            Diagnostic::error("missing-key", "control socket has no `socket-type`")
                .at(s.span, "this socket")
                .help("Kea 3.0 wants the type of each control socket: \"socket-type\": \"unix\" (or \"http\", \"https\")"),
        );
        return;
    };
    match ty.as_str() {
        "unix" if s.socket_name.is_none() => cx.push(
            Diagnostic::error("missing-key", "unix control socket has no `socket-name`")
                .at(s.span, "this socket")
                .help("add \"socket-name\": \"kea4-ctrl-socket\" (a file in /run/kea, or the build's socket directory)"),
        ),
        "https" if !tls_params(s).iter().any(tls_set) => cx.push(
            Diagnostic::error("tls-incomplete", "https control socket without TLS")
                .at(ty.span, "https")
                .help("set trust-anchor, cert-file and key-file, or use \"socket-type\": \"http\""),
        ),
        _ => {}
    }
}

fn socket_tls(cx: &mut Ctx, s: &ControlSocket) {
    tls_all_or_none(cx, s.span, tls_params(s));
}

/// A socket's `trust-anchor`, `cert-file`, `key-file` (value, span), in this order.
fn tls_params(s: &ControlSocket) -> [Option<(&str, crate::source::Span)>; 3] {
    [&s.trust_anchor, &s.cert_file, &s.key_file].map(|x| x.as_ref().map(|v| (v.as_str(), v.span)))
}

/// A TLS parameter counts as set when present and not empty (Kea: "missing or empty").
pub(super) fn tls_set(p: &Option<(&str, crate::source::Span)>) -> bool {
    p.is_some_and(|(v, _)| !v.is_empty())
}

/// `trust-anchor`, `cert-file`, `key-file` (in this order) of the agent or an http control
/// socket: all set or none, an empty string counting as unset. kea-ctrl-agent 2.2 and 3.0.4,
/// and the DHCP and DDNS daemons' http sockets (3.0.4), refuse the rest: "key-file parameter
/// is missing or empty: all or none of TLS parameters must be set".
pub(super) fn tls_all_or_none(cx: &mut Ctx, owner: crate::source::Span, params: [Option<(&str, crate::source::Span)>; 3]) {
    const NAMES: [&str; 3] = ["trust-anchor", "cert-file", "key-file"];
    let Some(given) = params.iter().position(tls_set) else { return };
    let Some(missing) = params.iter().position(|p| !tls_set(p)) else { return };
    let (_, at) = params[given].unwrap_or(("", owner));
    let label = match params[missing] {
        Some((_, empty)) => {
            cx.push(
                Diagnostic::error("tls-incomplete", format!("`{}` is empty but `{}` is set", NAMES[missing], NAMES[given]))
                    .at(empty, "empty")
                    .related(at, "TLS configured here")
                    .help("TLS needs trust-anchor, cert-file and key-file together; set all three or none"),
            );
            return;
        }
        None => format!("no `{}`", NAMES[missing]),
    };
    cx.push(
        Diagnostic::error("tls-incomplete", format!("`{}` is set but `{}` is missing", NAMES[given], NAMES[missing]))
            .at(at, label)
            .help("TLS needs trust-anchor, cert-file and key-file together; set all three or none"),
    );
}

pub fn check_d2(cx: &mut Ctx, d2: &DhcpDdns) {
    hooks(cx, d2.hooks_libraries.as_deref().unwrap_or(&[]));
    let (hooks, loggers) = (d2.hooks_libraries.as_deref().unwrap_or(&[]), d2.loggers.as_deref().unwrap_or(&[]));
    super::paths::check(cx, d2.all_control_sockets(), Files { hooks, loggers, leases: None, logs_at_startup: false });
    for sock in d2.all_control_sockets() {
        socket_tls(cx, sock);
        socket_kind(cx, sock);
        basic_auth(cx, sock.authentication.as_ref());
    }
    super::ddns::check(cx, d2);
    if let Some(n) = crate::model::fields::rest_get(&d2.rest, "ip-address")
        && let Some(s) = n.value.as_str()
        && s.parse::<std::net::IpAddr>().is_err()
    {
        cx.push(Diagnostic::error("bad-address", format!("ip-address `{s}` is not an IP address")).at(n.value.span, "not an address"));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BootLevel {
    Global,
    SharedNetwork,
    Subnet,
    Class,
    Reservation,
}

/// `next-server`, `server-hostname` and `boot-file-name` (the BOOTP header fields), as
/// Kea 2.2 validates them at each level (measured with kea-dhcp4 -t): an IPv4 address
/// (empty allowed in subnets and shared networks, not in classes and reservations);
/// server-hostname at most 63 bytes; boot-file-name at most 127 bytes in reservations ("boot
/// file length must not exceed 127") and 128 in client classes (2.2 and 3.0.4 take 128 bytes
/// there and refuse 129: "boot-file-name must be at most 127 bytes long, it is 129").
/// At the global level Kea 2.2 checks none of them, but the values would be wrong in every
/// reply, so keakit warns there.
fn boot_fields(cx: &mut Ctx, rest: &[Member], level: BootLevel) {
    let strict = level != BootLevel::Global;
    let report = |cx: &mut Ctx, span, msg: String, label: &str, help: &str| {
        let d = if strict { Diagnostic::error("bad-value", msg) } else { Diagnostic::warning("bad-value", msg) };
        cx.push(d.at(span, label.to_string()).help(help.to_string()));
    };
    for m in rest {
        let Some(s) = m.value.as_str() else { continue };
        match &*m.key {
            "next-server" => {
                let empty_ok = matches!(level, BootLevel::Global | BootLevel::SharedNetwork | BootLevel::Subnet);
                if (s.is_empty() && !empty_ok) || (!s.is_empty() && s.parse::<std::net::Ipv4Addr>().is_err()) {
                    report(
                        cx,
                        m.value.span,
                        format!("next-server `{s}` is not an IPv4 address"),
                        "not an IPv4 address",
                        "next-server is the IPv4 address of the boot (TFTP) server, e.g. \"192.0.2.1\"",
                    );
                }
            }
            "server-hostname" if s.len() > 63 => {
                report(
                    cx,
                    m.value.span,
                    format!("server-hostname is {} bytes long", s.len()),
                    "longer than 63 bytes",
                    "the BOOTP sname field holds at most 63 bytes",
                );
            }
            "boot-file-name" if s.len() > 127 => {
                let refused = match level {
                    BootLevel::Reservation => true,
                    BootLevel::Class => s.len() > 128,
                    _ => false,
                };
                let d = if refused {
                    Diagnostic::error("bad-value", format!("boot-file-name is {} bytes long", s.len()))
                } else {
                    Diagnostic::warning("bad-value", format!("boot-file-name is {} bytes long", s.len()))
                };
                cx.push(
                    d.at(m.value.span, "longer than 127 bytes").help(
                        "the BOOTP file field holds at most 127 bytes; Kea truncates it (and rejects it in reservations and classes)",
                    ),
                );
            }
            _ => {}
        }
    }
}

/// A database's `type` (its range-checked integers are the schema's, `rules::int_range`).
fn database(cx: &mut Ctx, db: &crate::model::Database, libs: &[HookLibrary]) {
    if let Some(t) = &db.ty {
        backend_type(cx, t.as_str(), t.span, libs);
    }
}

/// Kea 3.0's grammar takes any string as a database `type` (backends are hook libraries
/// now) and refuses an unknown one afterwards: kea-dhcp4 3.0.4 -t "unknown backend database
/// type: memhile" (lease, host and config databases). MySQL and PostgreSQL pass -t without
/// their hook libraries, but the server then refuses to start ("has not been compiled with
/// support for lease database type: mysql. Did you forget to load the hook library ...?"):
/// the trap of a 2.x config moved to 3.0. Older grammars list the types, and the schema
/// reports them.
fn backend_type(cx: &mut Ctx, t: &str, span: crate::source::Span, libs: &[HookLibrary]) {
    if cx.opts.version < crate::version::KeaVersion::V3_0 {
        return;
    }
    let stem = match t {
        "memfile" => return,
        "mysql" => "libdhcp_mysql",
        "postgresql" => "libdhcp_pgsql",
        _ => {
            cx.push(
                Diagnostic::error("bad-value", format!("unknown backend database type: {t}"))
                    .at(span, "not a database type")
                    .help("use \"memfile\", \"mysql\" or \"postgresql\" (the last two with their hook library loaded)"),
            );
            return;
        }
    };
    if super::hooks::loading(libs, stem).next().is_none() {
        cx.push(
            Diagnostic::error("backend-hook-missing", format!("Kea 3.0 reads {t} databases through the {stem} hook, which is not loaded"))
                .at(span, "needs a hook library")
                .help(format!(
                    "add {{\"library\": \"{stem}.so\"}} to hooks-libraries (it replaces 2.x's built-in backend and {stem}_cb); {}",
                    super::hooks::AT_START
                )),
        );
    }
}
