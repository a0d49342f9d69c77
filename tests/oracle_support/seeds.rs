//! Seed configs of the oracle suite: Kea's shipped examples and our fixtures/oracle files.

use serde_json::Value;
use std::path::Path;

pub struct Seed {
    pub name: String,
    pub text: String,
    pub v6: bool,
}

/// Kea's example configs (read from the system, never copied into the repo) and ours.
pub fn load_seeds() -> Vec<Seed> {
    let mut out = Vec::new();
    let examples = Path::new("/usr/share/doc/kea/examples");
    for (dir, v6) in [("kea4", false), ("kea6", true)] {
        add_dir(&mut out, &examples.join(dir), &format!("{dir}-"), Some(v6));
    }
    add_dir(&mut out, &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/oracle"), "ours-", None);
    out
}

fn add_dir(out: &mut Vec<Seed>, dir: &Path, prefix: &str, v6: Option<bool>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    paths.sort();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else { continue };
        let stem = p.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let v6 = v6.unwrap_or_else(|| text.contains("\"Dhcp6\""));
        out.push(Seed { name: format!("{prefix}{stem}"), text, v6 });
    }
}

/// The seed as plain JSON, adapted to a host where only `lo` exists and no hook library is
/// installed: Kea checks interfaces and hook files against the machine it runs on, which is
/// not what the oracle compares; loggers get a severity where they have none (what `-t` does
/// not judge). Comments are dropped here (mutations add some back).
pub fn adapt_for_host(text: &str) -> Option<String> {
    adapted(text, true)
}

/// The config as plain JSON with only its interface names set to `lo` (hook libraries kept).
#[allow(dead_code)] // used by tests/kea_examples.rs, not by the oracle
pub fn interfaces_on_lo(text: &str) -> Option<String> {
    adapted(text, false)
}

fn adapted(text: &str, drop_hooks: bool) -> Option<String> {
    let (doc, diags) = keakit::syntax::load_str("seed.json", text);
    if diags.iter().any(|d| d.is_error()) {
        return None;
    }
    let mut v = doc.root.as_ref()?.to_json();
    adapt(&mut v, drop_hooks);
    Some(serde_json::to_string_pretty(&v).ok()? + "\n")
}

fn adapt(v: &mut Value, drop_hooks: bool) {
    match v {
        Value::Object(m) => {
            if drop_hooks {
                m.remove("hooks-libraries");
                m.remove("config-control");
            }
            if let Some(Value::String(s)) = m.get_mut("interface") {
                *s = "lo".into();
            }
            if let Some(Value::Object(ic)) = m.get_mut("interfaces-config") {
                ic.insert("interfaces".into(), Value::Array(vec![Value::String("lo".into())]));
            }
            // kea-dhcp4/6 -t does not configure loggers; the servers refuse one without a
            // severity when they start, and keakit reports that (tests/check_hooks.rs): Kea's
            // comments.json examples have such a logger.
            if let Some(Value::Array(loggers)) = m.get_mut("loggers") {
                for l in loggers.iter_mut().filter_map(Value::as_object_mut) {
                    l.entry("severity").or_insert_with(|| Value::String("INFO".into()));
                }
            }
            for (k, child) in m.iter_mut() {
                if k != "user-context" {
                    adapt(child, drop_hooks);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| adapt(x, drop_hooks)),
        _ => {}
    }
}

/// The seed as Kea 3.0 reads it (applied after `adapt_for_host`, in the Kea 3.0 run only).
/// Two differences between the Kea 2.2 examples and what Kea 3.0.4 accepts are not what the
/// oracle compares, and would otherwise make Kea 3.0 reject nearly every seed:
///  - subnet ids: Kea 2.2 numbers subnets without `id` itself, Kea 3.0 rejects them
///    ("subnet configuration failed: missing parameter 'id'"); such subnets get the id Kea
///    2.2 would have given them (the next number not in use, in file order).
///  - control sockets: Kea 3.0 accepts a unix socket only in the directory it was built with
///    ("'socket-name' is invalid: invalid path specified: '/tmp', supported path is
///    '/run/kea'"), which, like the hooks directory, belongs to the machine running Kea
///    rather than to the file; socket names keep their file name and move there.
///  - database backends: Kea 3.0 reads MySQL and PostgreSQL databases through hook
///    libraries; its `-t` passes a config without them, the server refuses to start (keakit
///    reports that, src/check/services.rs). A seed with such a database loads its hook, as a
///    3.0 server must.
///
/// Removed keys (`reservation-mode`, …) are left alone: a seed using one is rejected by Kea
/// 3.0 and becomes a single case, the seed itself (see `tests/oracle.rs`).
pub fn adapt_for_kea3_root(text: &str) -> String {
    let Ok(mut v) = serde_json::from_str::<Value>(text) else { return text.to_string() };
    let mut subnets: Vec<&mut serde_json::Map<String, Value>> = Vec::new();
    collect_subnets(&mut v, "", &mut subnets);
    let used: std::collections::BTreeSet<i64> = subnets.iter().filter_map(|s| s.get("id").and_then(Value::as_i64)).collect();
    let mut next = 1;
    for s in subnets {
        if s.get("id").and_then(Value::as_i64).is_none_or(|id| id == 0) {
            while used.contains(&next) {
                next += 1;
            }
            s.insert("id".into(), Value::from(next));
            next += 1;
        }
    }
    move_sockets(&mut v);
    load_backend_hooks(&mut v);
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// Each daemon map with a `mysql` / `postgresql` database gets `libdhcp_mysql.so` /
/// `libdhcp_pgsql.so` in its hooks-libraries (a bare name: Kea 3.0's hooks directory).
fn load_backend_hooks(v: &mut Value) {
    fn types(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(t) = m.get("type").and_then(Value::as_str).filter(|t| matches!(*t, "mysql" | "postgresql")) {
                    out.push(t.to_string());
                }
                m.values().for_each(|c| types(c, out));
            }
            Value::Array(a) => a.iter().for_each(|c| types(c, out)),
            _ => {}
        }
    }
    let Some(root) = v.as_object_mut() else { return };
    for daemon in root.values_mut().filter_map(Value::as_object_mut) {
        let mut used = Vec::new();
        types(&Value::Object(daemon.clone()), &mut used);
        for t in used {
            let lib = if t == "mysql" { "libdhcp_mysql.so" } else { "libdhcp_pgsql.so" };
            let hooks = daemon.entry("hooks-libraries").or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(a) = hooks
                && !a.iter().any(|h| h.get("library").and_then(Value::as_str) == Some(lib))
            {
                a.push(serde_json::json!({"library": lib}));
            }
        }
    }
}

/// Subnet maps in file order (subnets hold no subnets: the walk stops at each).
fn collect_subnets<'a>(v: &'a mut Value, key: &str, out: &mut Vec<&'a mut serde_json::Map<String, Value>>) {
    match v {
        Value::Object(m) => {
            if key == "subnet4" || key == "subnet6" {
                out.push(m);
                return;
            }
            for (k, c) in m.iter_mut() {
                if k != "user-context" {
                    collect_subnets(c, k, out);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| collect_subnets(c, key, out)),
        _ => {}
    }
}

fn move_sockets(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, c) in m.iter_mut() {
                match c {
                    Value::String(s) if k == "socket-name" && s.starts_with('/') => {
                        *s = format!("/run/kea/{}", s.rsplit('/').next().unwrap_or_default());
                    }
                    _ if k != "user-context" => move_sockets(c),
                    _ => {}
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(move_sockets),
        _ => {}
    }
}
