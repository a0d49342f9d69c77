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
    "lease4-update",
    "lease4-wipe",
    "list-commands",
    "shutdown",
    "statistic-get",
    "statistic-get-all",
    "statistic-reset",
    "status-get",
    "version-get",
];

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

fn apply_config(sh: &Shared, cmd: &Command, commit: bool) -> Response {
    let Some(dhcp4) = args(cmd).get("Dhcp4") else { return Response::error("Missing mandatory 'Dhcp4' parameter.") };
    let text = json!({ "Dhcp4": dhcp4 }).to_string();
    match super::load_config_text(&text) {
        Err(e) => Response::error(e),
        Ok(_) if !commit => Response::success(
            "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.",
        ),
        Ok((json, rt)) => {
            let mut st = sh.lock();
            st.rt = Arc::new(rt);
            st.config = json;
            Response::success("Configuration successful.")
        }
    }
}

pub fn handle(sh: &Shared, cmd: &Command) -> Response {
    let a = args(cmd);
    match cmd.command.as_str() {
        "list-commands" => Response::success("").with_arguments(json!(COMMANDS)),
        "version-get" => Response::success(format!("keakit {} (Kea 2.2 compatible DHCPv4 server)", env!("CARGO_PKG_VERSION")))
            .with_arguments(json!({ "extended": format!("keakit serve {}", env!("CARGO_PKG_VERSION")) })),
        "build-report" => {
            Response::success(format!("keakit {} serve: memfile lease backend, unix control socket", env!("CARGO_PKG_VERSION")))
        }
        "status-get" => Response::success("").with_arguments(json!({
            "pid": std::process::id(),
            "uptime": sh.started.elapsed().as_secs(),
            "reload": sh.started.elapsed().as_secs(),
            "multi-threading-enabled": false,
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
            Response::success("").with_arguments(json!({ "Dhcp4": st.config }))
        }
        "config-test" => apply_config(sh, cmd, false),
        "config-set" => apply_config(sh, cmd, true),
        "config-reload" => match super::load_config_file(&sh.opts.config) {
            Err(e) => Response::error(format!("Config reload failed: {e}")),
            Ok((json, rt)) => {
                let mut st = sh.lock();
                st.rt = Arc::new(rt);
                st.config = json;
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
            Response::success(format!(
                "Deleted {} IPv4 lease(s) from subnet(s) {}",
                doomed.len(),
                sid.map(|s| s.to_string()).unwrap_or_else(|| "all".into())
            ))
        }
        "statistic-get" => match a.get("name").and_then(Value::as_str) {
            Some(n) => match all_stats(sh).remove(n) {
                Some(v) => Response::success("").with_arguments(json!({ n: v })),
                None => Response::success("").with_arguments(json!({})),
            },
            None => Response::error("Missing mandatory 'name' parameter."),
        },
        "statistic-get-all" => Response::success("").with_arguments(Value::Object(all_stats(sh))),
        "statistic-reset" => match a.get("name").and_then(Value::as_str) {
            Some(n) => match stats::Stats::by_name(n) {
                Some(c) => {
                    sh.stats.reset(c);
                    Response::success(format!("Statistic '{n}' reset."))
                }
                None => Response::error(format!("No '{n}' statistic found")),
            },
            None => Response::error("Missing mandatory 'name' parameter."),
        },
        other => Response::unsupported(other),
    }
}

fn all_stats(sh: &Shared) -> serde_json::Map<String, Value> {
    let ts = stamp();
    let mut m = serde_json::Map::new();
    for (c, name) in stats::NAMES {
        m.insert(name.to_string(), json!([[sh.stats.get(c), ts]]));
    }
    let st = sh.lock();
    let t = now();
    for s in &st.rt.subnets {
        let (mut assigned, mut declined) = (0u64, 0u64);
        for l in st.leases.iter().filter(|l| l.subnet_id == s.id && l.expire > t) {
            match l.state {
                LeaseState::Declined => declined += 1,
                LeaseState::Default => assigned += 1,
                _ => {}
            }
        }
        m.insert(format!("subnet[{}].total-addresses", s.id), json!([[s.total_addresses(), ts]]));
        m.insert(format!("subnet[{}].assigned-addresses", s.id), json!([[assigned, ts]]));
        m.insert(format!("subnet[{}].declined-addresses", s.id), json!([[declined, ts]]));
    }
    m
}
