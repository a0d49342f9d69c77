//! The control API on the configured unix socket: Kea's commands and reply shapes
//! (`crate::ctl::{Command, Response}`), so kea-shell, keakit's client and monitors work
//! unchanged. One connection carries one command, as with Kea.

use super::{Shared, now, stats};
use crate::ctl::{Command, RESULT_EMPTY, Response};
use crate::leases::csv::hex;
use crate::leases::{Lease4, LeaseState};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::Ipv4Addr;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub const COMMANDS: &[&str] = &[
    "build-report",
    "config-get",
    "config-reload",
    "config-set",
    "config-test",
    "config-write",
    "dhcp-disable",
    "dhcp-enable",
    "lease4-add",
    "lease4-del",
    "lease4-get",
    "lease4-get-all",
    "lease4-get-by-client-id",
    "lease4-get-by-hostname",
    "lease4-get-by-hw-address",
    "lease4-get-page",
    "lease4-update",
    "lease4-wipe",
    "list-commands",
    "shutdown",
    "statistic-get",
    "statistic-get-all",
    "statistic-remove",
    "statistic-remove-all",
    "statistic-reset",
    "statistic-reset-all",
    "status-get",
    "version-get",
];

/// A control channel named in the config.
pub enum Listener {
    Unix(PathBuf),
    Http(super::http::HttpConfig),
}

/// The control sockets of a `Dhcp4` config (as JSON): Kea 2's `control-socket` (unix) and
/// Kea 3's `control-sockets` list (unix, http, https).
pub fn listeners(dhcp4: &Value) -> Result<Vec<Listener>, String> {
    let mut out = Vec::new();
    let entries =
        dhcp4.get("control-socket").into_iter().chain(dhcp4.get("control-sockets").and_then(Value::as_array).into_iter().flatten());
    for e in entries {
        match e.get("socket-type").and_then(Value::as_str).unwrap_or("unix") {
            "unix" => match e.get("socket-name").and_then(Value::as_str) {
                Some(n) => out.push(Listener::Unix(PathBuf::from(n))),
                None => return Err("a unix control socket needs a 'socket-name'".into()),
            },
            "http" | "https" => out.push(Listener::Http(super::http::HttpConfig::from_json(e)?)),
            t => return Err(format!("control socket type '{t}' is not supported (unix, http or https)")),
        }
    }
    Ok(out)
}

pub fn spawn(sh: Arc<Shared>, path: PathBuf) -> Result<(), String> {
    let _ = std::fs::remove_file(&path);
    let l = UnixListener::bind(&path).map_err(|e| format!("control socket {}: {e}", path.display()))?;
    std::thread::spawn(move || {
        for conn in l.incoming() {
            if sh.shutdown.load(Ordering::Relaxed) {
                break;
            }
            if let Ok(c) = conn {
                let _ = one(&sh, c);
            }
        }
    });
    Ok(())
}

fn one(sh: &Shared, mut c: UnixStream) -> std::io::Result<()> {
    c.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    // Read until the bytes form one JSON value (clients may keep the socket open).
    let v: Result<Value, String> = loop {
        let n = c.read(&mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
        match serde_json::from_slice::<Value>(&buf) {
            Ok(v) => break Ok(v),
            Err(e) if n == 0 || !e.is_eof() => break Err(format!("invalid command: {e}")),
            Err(_) if buf.len() > 64 << 20 => break Err("command too large".into()),
            Err(_) => {}
        }
    };
    let r = match v.and_then(|v| Command::from_json(&v)) {
        Ok(cmd) => handle(sh, &cmd),
        Err(e) => Response::error(e),
    };
    c.write_all(serde_json::to_string(&r.to_json()).unwrap_or_default().as_bytes())?;
    Ok(())
}

fn args(cmd: &Command) -> &serde_json::Map<String, Value> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    cmd.arguments.as_ref().and_then(Value::as_object).unwrap_or_else(|| EMPTY.get_or_init(Default::default))
}

fn stamp() -> String {
    // Kea's statistic timestamp format, UTC.
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let (days, secs) = (t.as_secs() / 86400, t.as_secs() % 86400);
    let (y, m, d) = civil(days as i64);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{:06}", secs / 3600, secs / 60 % 60, secs % 60, t.subsec_micros())
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z.rem_euclid(146097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A lease as Kea's lease4-get returns it.
pub fn lease_json(l: &Lease4) -> Value {
    let mut m = serde_json::Map::new();
    if !l.client_id.is_empty() {
        m.insert("client-id".into(), json!(hex(&l.client_id)));
    }
    m.insert("cltt".into(), json!(l.expire.saturating_sub(l.valid_lifetime as u64)));
    m.insert("fqdn-fwd".into(), json!(l.fqdn_fwd));
    m.insert("fqdn-rev".into(), json!(l.fqdn_rev));
    m.insert("hostname".into(), json!(l.hostname));
    m.insert("hw-address".into(), json!(hex(&l.hwaddr)));
    m.insert("ip-address".into(), json!(l.address.map(|a| a.to_string()).unwrap_or_default()));
    m.insert("state".into(), json!(l.state.code()));
    m.insert("subnet-id".into(), json!(l.subnet_id));
    m.insert("valid-lft".into(), json!(l.valid_lifetime));
    Value::Object(m)
}

fn leases_reply(list: Vec<Value>) -> Response {
    let n = list.len();
    let text = format!("{n} IPv4 lease(s) found.");
    let r = if n == 0 { Response { result: RESULT_EMPTY, text: Some(text), arguments: None } } else { Response::success(text) };
    r.with_arguments(json!({ "leases": list }))
}

fn parse_hex_arg(a: &serde_json::Map<String, Value>, key: &str) -> Result<Vec<u8>, String> {
    let s = a.get(key).and_then(Value::as_str).ok_or(format!("'{key}' parameter not specified"))?;
    crate::model::addr::parse_identifier(s).map_err(|e| format!("invalid '{key}': {e}"))
}

fn ip_arg(a: &serde_json::Map<String, Value>) -> Result<Ipv4Addr, String> {
    let s = a.get("ip-address").and_then(Value::as_str).ok_or("'ip-address' parameter not specified")?;
    s.parse().map_err(|_| format!("invalid IPv4 address '{s}'"))
}

fn lease_from_args(sh: &Shared, a: &serde_json::Map<String, Value>) -> Result<Lease4, String> {
    let ip = ip_arg(a)?;
    let st = sh.lock();
    let subnet_id = match a.get("subnet-id").and_then(Value::as_u64) {
        Some(id) => id as u32,
        None => st.rt.subnets.iter().find(|s| s.contains(ip)).map(|s| s.id).ok_or(format!("subnet for address {ip} not found"))?,
    };
    let sub = st
        .rt
        .subnets
        .iter()
        .find(|s| s.id == subnet_id)
        .ok_or(format!("no IPv4 subnet with subnet-id={subnet_id} currently configured"))?;
    let valid = a.get("valid-lft").and_then(Value::as_u64).map(|v| v as u32).unwrap_or(sub.params.valid);
    let cltt = a.get("expire").and_then(Value::as_u64).map(|e| e.saturating_sub(valid as u64)).unwrap_or_else(now);
    Ok(Lease4 {
        address: Some(ip),
        hwaddr: parse_hex_arg(a, "hw-address")?,
        client_id: if a.contains_key("client-id") { parse_hex_arg(a, "client-id")? } else { Vec::new() },
        valid_lifetime: valid,
        expire: cltt + valid as u64,
        subnet_id,
        fqdn_fwd: a.get("fqdn-fwd").and_then(Value::as_bool).unwrap_or(false),
        fqdn_rev: a.get("fqdn-rev").and_then(Value::as_bool).unwrap_or(false),
        hostname: a.get("hostname").and_then(Value::as_str).unwrap_or("").to_string(),
        state: LeaseState::from_code(a.get("state").and_then(Value::as_u64).unwrap_or(0) as u32),
        user_context: a.get("user-context").map(|v| v.to_string()).unwrap_or_default(),
        pool_id: 0,
    })
}

/// Makes a compiled config the one in force (the packet workers pick it up with their next
/// batch); statistics of the new subnets start.
fn install(sh: &Shared, json: Value, rt: super::config::Runtime) {
    {
        let mut st = sh.lock();
        st.rt = Arc::new(rt);
        st.config = json;
    }
    sh.reloaded.store(now(), Ordering::Relaxed);
    sh.stats.reconfigured();
}

/// A reply with arguments and no text (Kea's list-commands, config-get, statistic-get, …).
fn answer(arguments: Value) -> Response {
    Response { result: crate::ctl::RESULT_SUCCESS, text: None, arguments: Some(arguments) }
}

fn apply_config(sh: &Shared, cmd: &Command, commit: bool) -> Response {
    if cmd.arguments.is_none() {
        return Response::error("Missing mandatory 'arguments' parameter.");
    }
    let Some(dhcp4) = args(cmd).get("Dhcp4") else { return Response::error("Missing mandatory 'Dhcp4' parameter.") };
    let text = json!({ "Dhcp4": dhcp4 }).to_string();
    match super::load_config_text(&text) {
        Err(e) => Response::error(e),
        Ok(_) if !commit => Response::success(
            "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.",
        ),
        Ok((json, rt)) => {
            install(sh, json, rt);
            Response::success("Configuration successful.")
        }
    }
}

pub fn handle(sh: &Shared, cmd: &Command) -> Response {
    let a = args(cmd);
    match cmd.command.as_str() {
        "list-commands" => answer(json!(COMMANDS)),
        "version-get" => Response::success(format!("keakit {} (Kea 2.2 compatible DHCPv4 server)", env!("CARGO_PKG_VERSION")))
            .with_arguments(json!({ "extended": format!("keakit serve {}", env!("CARGO_PKG_VERSION")) })),
        "build-report" => {
            Response::success(format!("keakit {} serve: memfile lease backend, unix control socket", env!("CARGO_PKG_VERSION")))
        }
        "status-get" => answer(json!({
            "pid": std::process::id(),
            "uptime": sh.started.elapsed().as_secs(),
            "reload": super::now().saturating_sub(sh.reloaded.load(Ordering::Relaxed)),
            "multi-threading-enabled": false,
            "sockets": { "status": "ready" },
        })),
        "shutdown" => {
            sh.shutdown.store(true, Ordering::Relaxed);
            Response::success("Shutting down.")
        }
        "dhcp-disable" => {
            sh.disabled.store(true, Ordering::Relaxed);
            Response::success("DHCPv4 service disabled")
        }
        "dhcp-enable" => {
            sh.disabled.store(false, Ordering::Relaxed);
            Response::success("DHCP service successfully enabled")
        }
        "config-get" => {
            let st = sh.lock();
            answer(json!({ "Dhcp4": st.config }))
        }
        "config-test" => apply_config(sh, cmd, false),
        "config-set" => apply_config(sh, cmd, true),
        "config-reload" => match super::load_config_file(&sh.opts.config) {
            Err(e) => Response::error(format!("Config reload failed: {e}")),
            Ok((json, rt)) => {
                install(sh, json, rt);
                Response::success("Configuration successful.")
            }
        },
        "config-write" => {
            let path = a.get("filename").and_then(Value::as_str).map(PathBuf::from).unwrap_or_else(|| sh.opts.config.clone());
            let text = serde_json::to_string_pretty(&json!({ "Dhcp4": sh.lock().config })).unwrap_or_default();
            match crate::fsutil::write_atomic(&path, text.as_bytes()) {
                Ok(()) => Response::success(format!("Configuration written to {} successful", path.display()))
                    .with_arguments(json!({ "filename": path.display().to_string(), "size": text.len() })),
                Err(e) => Response::error(format!("Unable to open file {} for writing: {e}", path.display())),
            }
        }
        "lease4-get" => {
            let st = sh.lock();
            let found = if a.contains_key("ip-address") {
                match ip_arg(a) {
                    Ok(ip) => st.leases.get(ip).cloned(),
                    Err(e) => return Response::error(e),
                }
            } else {
                let (Some(t), Some(id), Some(sid)) =
                    (a.get("identifier-type").and_then(Value::as_str), a.get("identifier"), a.get("subnet-id").and_then(Value::as_u64))
                else {
                    return Response::error("missing 'ip-address' or 'identifier-type', 'identifier' and 'subnet-id'");
                };
                let Ok(id) = crate::model::addr::parse_identifier(id.as_str().unwrap_or("")) else {
                    return Response::error("invalid identifier");
                };
                match t {
                    "hw-address" => st.leases.by_hw(&id).find(|l| l.subnet_id == sid as u32).cloned(),
                    "client-id" => st.leases.by_client_id(&id).find(|l| l.subnet_id == sid as u32).cloned(),
                    _ => return Response::error(format!("identifier-type {t} is not supported")),
                }
            };
            match found {
                Some(l) => Response::success("IPv4 lease found.").with_arguments(lease_json(&l)),
                None => Response::empty("Lease not found."),
            }
        }
        "lease4-get-all" => {
            let st = sh.lock();
            let subnets: Option<Vec<u64>> =
                a.get("subnets").and_then(Value::as_array).map(|l| l.iter().filter_map(Value::as_u64).collect());
            let mut list: Vec<&Lease4> =
                st.leases.iter().filter(|l| subnets.as_ref().is_none_or(|s| s.contains(&(l.subnet_id as u64)))).collect();
            list.sort_by_key(|l| l.address);
            leases_reply(list.into_iter().map(lease_json).collect())
        }
        "lease4-get-by-hw-address" => match parse_hex_arg(a, "hw-address") {
            Ok(hw) => leases_reply(sh.lock().leases.by_hw(&hw).map(lease_json).collect()),
            Err(e) => Response::error(e),
        },
        "lease4-get-by-client-id" => match parse_hex_arg(a, "client-id") {
            Ok(c) => leases_reply(sh.lock().leases.by_client_id(&c).map(lease_json).collect()),
            Err(e) => Response::error(e),
        },
        "lease4-get-by-hostname" => match a.get("hostname").and_then(Value::as_str) {
            Some(h) => leases_reply(sh.lock().leases.iter().filter(|l| l.hostname.eq_ignore_ascii_case(h)).map(lease_json).collect()),
            None => Response::error("'hostname' parameter not specified"),
        },
        "lease4-add" | "lease4-update" => {
            let l = match lease_from_args(sh, a) {
                Ok(l) => l,
                Err(e) => return Response::error(e),
            };
            let ip = l.address.unwrap_or(Ipv4Addr::UNSPECIFIED);
            let sid = l.subnet_id;
            let mut st = sh.lock();
            let exists = st.leases.get(ip).is_some();
            if cmd.command == "lease4-add" && exists {
                return Response::error("IPv4 lease already exists.".to_string());
            }
            if cmd.command == "lease4-update" && !exists && !a.get("force-create").and_then(Value::as_bool).unwrap_or(false) {
                return Response::error(format!("failed to update the lease with address {ip} - no such lease"));
            }
            match st.leases.commit(l) {
                Ok(()) if cmd.command == "lease4-add" => Response::success(format!("Lease for address {ip}, subnet-id {sid} added.")),
                Ok(()) => Response::success("IPv4 lease updated.".to_string()),
                Err(e) => Response::error(format!("cannot write lease: {e}")),
            }
        }
        "lease4-del" => match ip_arg(a) {
            Ok(ip) => match sh.lock().leases.delete(ip, now()) {
                Ok(Some(_)) => Response::success("IPv4 lease deleted."),
                Ok(None) => Response::empty("IPv4 lease not found."),
                Err(e) => Response::error(format!("cannot write lease: {e}")),
            },
            Err(e) => Response::error(e),
        },
        "lease4-wipe" => {
            let mut st = sh.lock();
            let sid = a.get("subnet-id").and_then(Value::as_u64).map(|s| s as u32);
            let doomed: Vec<Ipv4Addr> =
                st.leases.iter().filter(|l| sid.is_none_or(|s| l.subnet_id == s)).filter_map(|l| l.address).collect();
            let t = now();
            for ip in &doomed {
                if let Err(e) = st.leases.delete(*ip, t) {
                    return Response::error(format!("cannot write lease: {e}"));
                }
            }
            // Kea names the subnets it wiped: the one asked for, or every configured one.
            let ids = match sid {
                Some(s) => s.to_string(),
                None => st.rt.subnets.iter().map(|s| s.id.to_string()).collect::<Vec<_>>().join(" "),
            };
            Response::success(format!("Deleted {} IPv4 lease(s) from subnet(s) {ids}", doomed.len()))
        }
        "lease4-get-page" => lease_page(sh, cmd),
        "statistic-get" => match a.get("name").and_then(Value::as_str) {
            Some(n) => {
                let ts = stamp();
                let list = snapshot(sh).kea_list();
                match list.into_iter().find(|(k, _)| k == n) {
                    Some((k, v)) => answer(json!({ k: [[v, ts]] })),
                    None => answer(json!({})),
                }
            }
            None => Response::error("Missing mandatory 'name' parameter."),
        },
        "statistic-get-all" => {
            let ts = stamp();
            answer(Value::Object(snapshot(sh).kea_list().into_iter().map(|(k, v)| (k, json!([[v, ts]]))).collect()))
        }
        "statistic-reset" | "statistic-remove" => match a.get("name").and_then(Value::as_str) {
            Some(n) => {
                let known = snapshot(sh).knows(n);
                let reset = cmd.command == "statistic-reset";
                let done = if reset { sh.stats.reset(n, known) } else { sh.stats.remove(n, known) };
                match (done, reset) {
                    (true, true) => Response::success(format!("Statistic '{n}' reset.")),
                    (true, false) => Response::success(format!("Statistic '{n}' removed.")),
                    (false, _) => Response::error(format!("No '{n}' statistic found")),
                }
            }
            None => Response::error("Missing mandatory 'name' parameter."),
        },
        "statistic-reset-all" => {
            sh.stats.reset_all();
            Response::success("All statistics reset to neutral values.")
        }
        "statistic-remove-all" => {
            sh.stats.remove_all();
            Response::success("Warning: statistic-remove-all command is deprecated. All statistics removed.")
        }
        other => Response::unsupported(other),
    }
}

fn snapshot(sh: &Shared) -> stats::Snapshot {
    let st = sh.lock();
    stats::snapshot(&sh.stats, &st)
}

/// `lease4-get-page`: leases in address order after `from` ("start" or an address), at most
/// `limit` (Kea's lease_cmds replies and error texts).
fn lease_page(sh: &Shared, cmd: &Command) -> Response {
    let Some(a) = cmd.arguments.as_ref().and_then(Value::as_object) else {
        return Response::error("no parameters specified for the lease4-get-page command");
    };
    let from = match a.get("from") {
        None => return Response::error("'from' parameter not specified"),
        Some(Value::String(s)) if s == "start" => 0u64,
        Some(Value::String(s)) => match s.parse::<Ipv4Addr>() {
            // Leases strictly after `from`.
            Ok(ip) => u32::from(ip) as u64 + 1,
            Err(_) => return Response::error("'from' parameter value is neither 'start' keyword nor a valid IPv4 address"),
        },
        Some(_) => return Response::error("'from' parameter must be a string"),
    };
    let limit = match a.get("limit") {
        None => return Response::error("'limit' parameter not specified"),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(0) => return Response::error("page size of retrieved leases must not be 0"),
            Some(l) => l.min(u32::MAX as u64) as usize,
            None => return Response::error("'limit' parameter must be a positive integer"),
        },
        Some(_) => return Response::error("'limit' parameter must be a number"),
    };
    let st = sh.lock();
    // The `limit` lowest addresses at or above `from`: a bounded max-heap, one pass, no sort
    // of the whole store.
    let mut heap = std::collections::BinaryHeap::with_capacity(limit.min(65536) + 1);
    for l in st.leases.iter() {
        let Some(ip) = l.address else { continue };
        let k = u32::from(ip);
        if (k as u64) < from {
            continue;
        }
        if heap.len() < limit {
            heap.push(k);
        } else if heap.peek().is_some_and(|&top| k < top) {
            heap.pop();
            heap.push(k);
        }
    }
    let page: Vec<Value> = heap.into_sorted_vec().into_iter().filter_map(|k| st.leases.get(Ipv4Addr::from(k))).map(lease_json).collect();
    let n = page.len();
    let text = format!("{n} IPv4 lease(s) found.");
    let result = if n == 0 { RESULT_EMPTY } else { crate::ctl::RESULT_SUCCESS };
    Response { result, text: Some(text), arguments: Some(json!({ "count": n, "leases": page })) }
}
