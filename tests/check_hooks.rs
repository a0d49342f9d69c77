//! Hook parameters the servers read when they start, not during `-t` (src/check/ha.rs,
//! flex_option.rs, flex_id.rs, ping_check.rs, lease_query.rs, perfmon.rs, radius.rs, ...),
//! case by case against the real servers.
//! `kea-dhcp4 -t` does not configure hook libraries, so the oracle here is a start: the
//! daemon is started with the hook (no interfaces, an in-memory lease database) and either
//! logs DHCP4_STARTED (accepted; it is stopped at once) or exits (refused:
//! HA_CONFIGURATION_FAILED, FLEX_OPTION_LOAD_ERROR). Kea 2.2 (host packages) judges target 2.2, Kea 3.0
//! (the sid root, tests/kea3_support) target 3.0; `keakit check` must give the same verdict.
//! Every peer URL is on 127.0.0.1 (Kea 3.0 binds this server's URL: a port per case).

mod kea3_support;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

const HOOKS: &str = "/usr/lib/x86_64-linux-gnu/kea/hooks";

static PORT: AtomicU16 = AtomicU16::new(18100);

/// Peers named and with roles as given, each on its own loopback port.
fn peers(spec: &[(&str, &str)]) -> Value {
    spec.iter()
        .map(|(name, role)| json!({"name": name, "url": format!("http://127.0.0.1:{}/", PORT.fetch_add(1, Ordering::Relaxed)), "role": role}))
        .collect()
}

/// A hot-standby relationship of s1 (primary) and s2 (standby), with `changes` applied
/// (a null value removes the key).
fn rel(changes: Value) -> Value {
    let mut r = json!({"this-server-name": "s1", "mode": "hot-standby", "peers": peers(&[("s1", "primary"), ("s2", "standby")])});
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            r.as_object_mut().unwrap().remove(k);
        } else {
            r[k] = v.clone();
        }
    }
    r
}

/// The standby peer (s2) of `rel()` with `changes` applied (null removes).
fn peer2(changes: Value) -> Value {
    let mut p = peers(&[("s1", "primary"), ("s2", "standby")]);
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            p[1].as_object_mut().unwrap().remove(k);
        } else {
            p[1][k] = v.clone();
        }
    }
    rel(json!({"peers": p}))
}

fn mode(m: &str, spec: &[(&str, &str)], more: Value) -> Value {
    let mut r = rel(json!({"mode": m, "peers": peers(spec)}));
    for (k, v) in more.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

fn hub(a: &str, b: &str, m: &str) -> Value {
    let second = if m == "load-balancing" { "secondary" } else { "standby" };
    json!({"this-server-name": a, "mode": m, "peers": peers(&[(a, "primary"), (b, second)])})
}

fn states(s: Value) -> Value {
    rel(json!({"state-machine": {"states": s}}))
}

/// (name, the `parameters` of the HA hook, or None for none).
fn cases() -> Vec<(&'static str, Option<Value>)> {
    let ha = |v: Value| Some(json!({"high-availability": v}));
    let one = |r: Value| ha(json!([r]));
    let mut c = vec![
        ("no parameters", None),
        ("no high-availability", Some(json!({}))),
        ("a map, not a list", ha(rel(json!({})))),
        ("an empty list", ha(json!([]))),
        ("a relationship that is no map", ha(json!(["x"]))),
        ("two relationships, one server", ha(json!([rel(json!({})), rel(json!({}))]))),
        ("hub and spokes", ha(json!([hub("a", "b", "hot-standby"), hub("c", "d", "hot-standby")]))),
        ("hub and spokes, load balancing", ha(json!([hub("a", "b", "hot-standby"), hub("c", "d", "load-balancing")]))),
        ("hub and spokes, a peer twice", ha(json!([hub("a", "b", "hot-standby"), hub("c", "b", "hot-standby")]))),
        ("hot standby", one(rel(json!({})))),
        ("no this-server-name", one(rel(json!({"this-server-name": null})))),
        ("this-server-name a number", one(rel(json!({"this-server-name": 5})))),
        ("this-server-name empty", one(rel(json!({"this-server-name": ""})))),
        ("this-server-name no peer", one(rel(json!({"this-server-name": "s9"})))),
        ("this server a backup", one(mode("hot-standby", &[("s1", "backup"), ("s2", "primary"), ("s3", "standby")], json!({})))),
        ("no mode", one(rel(json!({"mode": null})))),
        ("unknown mode", one(rel(json!({"mode": "active"})))),
        ("mode in capitals", one(rel(json!({"mode": "Hot-Standby"})))),
        ("mode a number", one(rel(json!({"mode": 1})))),
        ("no peers", one(rel(json!({"peers": null})))),
        ("no peer", one(rel(json!({"peers": []})))),
        ("peers a map", one(rel(json!({"peers": {"a": 1}})))),
        ("a peer no map", one(rel(json!({"peers": ["x", "y"]})))),
        ("hot standby, no standby", one(mode("hot-standby", &[("s1", "primary")], json!({})))),
        ("hot standby with a secondary", one(mode("hot-standby", &[("s1", "primary"), ("s2", "secondary")], json!({})))),
        ("hot standby with a backup", one(mode("hot-standby", &[("s1", "primary"), ("s2", "standby"), ("s3", "backup")], json!({})))),
        ("hot standby, two standbys", one(mode("hot-standby", &[("s1", "primary"), ("s2", "standby"), ("s3", "standby")], json!({})))),
        ("hot standby, no primary", one(rel(json!({"this-server-name": "s2", "peers": peers(&[("s2", "standby"), ("s3", "backup")])})))),
        ("load balancing", one(mode("load-balancing", &[("s1", "primary"), ("s2", "secondary")], json!({})))),
        ("load balancing with a standby", one(mode("load-balancing", &[("s1", "primary"), ("s2", "standby")], json!({})))),
        ("load balancing, two primaries", one(mode("load-balancing", &[("s1", "primary"), ("s2", "primary")], json!({})))),
        (
            "load balancing with a backup",
            one(mode("load-balancing", &[("s1", "primary"), ("s2", "secondary"), ("s3", "backup")], json!({}))),
        ),
        ("load balancing, no secondary", one(mode("load-balancing", &[("s1", "primary"), ("s3", "backup")], json!({})))),
        (
            "load balancing, two secondaries",
            one(mode("load-balancing", &[("s1", "primary"), ("s2", "secondary"), ("s3", "secondary")], json!({}))),
        ),
        ("passive backup", one(mode("passive-backup", &[("s1", "primary"), ("s2", "backup")], json!({})))),
        ("passive backup alone", one(mode("passive-backup", &[("s1", "primary")], json!({})))),
        ("passive backup with a standby", one(mode("passive-backup", &[("s1", "primary"), ("s2", "standby")], json!({})))),
        ("passive backup, no primary", one(mode("passive-backup", &[("s1", "backup"), ("s2", "backup")], json!({})))),
        ("passive backup, two primaries", one(mode("passive-backup", &[("s1", "primary"), ("s2", "primary")], json!({})))),
        ("unknown role", one(mode("hot-standby", &[("s1", "primary"), ("s2", "tertiary")], json!({})))),
        ("role in capitals", one(mode("hot-standby", &[("s1", "Primary"), ("s2", "standby")], json!({})))),
        ("a peer twice", one(mode("hot-standby", &[("s1", "primary"), ("s1", "standby")], json!({})))),
        ("unknown parameter", one(rel(json!({"foo": 1})))),
        ("send-lease-updates a number", one(rel(json!({"send-lease-updates": 1})))),
        ("sync-leases a string", one(rel(json!({"sync-leases": "yes"})))),
        ("no lease updates", one(rel(json!({"send-lease-updates": false, "sync-leases": false})))),
        ("restrict-commands", one(rel(json!({"restrict-commands": true})))),
        ("require-client-certs a string", one(rel(json!({"require-client-certs": "yes"})))),
        ("delayed updates in hot standby", one(rel(json!({"delayed-updates-limit": 10})))),
        (
            "delayed updates in passive backup",
            one(mode("passive-backup", &[("s1", "primary"), ("s2", "backup")], json!({"delayed-updates-limit": 10}))),
        ),
        (
            "delayed updates in load balancing",
            one(mode("load-balancing", &[("s1", "primary"), ("s2", "secondary")], json!({"delayed-updates-limit": 10}))),
        ),
        ("wait-backup-ack in hot standby", one(rel(json!({"wait-backup-ack": true})))),
        (
            "wait-backup-ack in load balancing",
            one(mode("load-balancing", &[("s1", "primary"), ("s2", "secondary")], json!({"wait-backup-ack": true}))),
        ),
        (
            "wait-backup-ack in passive backup",
            one(mode("passive-backup", &[("s1", "primary"), ("s2", "backup")], json!({"wait-backup-ack": true}))),
        ),
        ("max-rejected-lease-updates", one(rel(json!({"max-rejected-lease-updates": 5})))),
        ("max-rejected-lease-updates negative", one(rel(json!({"max-rejected-lease-updates": -5})))),
        ("heartbeat-delay a string", one(rel(json!({"heartbeat-delay": "10"})))),
        ("heartbeat-delay a fraction", one(rel(json!({"heartbeat-delay": 1.5})))),
        ("heartbeat-delay null", one(rel(json!({"heartbeat-delay": {}})))),
        ("peer without name", one(peer2(json!({"name": null})))),
        ("peer without url", one(peer2(json!({"url": null})))),
        ("peer without role", one(peer2(json!({"role": null})))),
        ("peer name empty", one(peer2(json!({"name": ""})))),
        ("peer name a number", one(peer2(json!({"name": 2})))),
        ("peer role a number", one(peer2(json!({"role": 1})))),
        ("peer url a number", one(peer2(json!({"url": 5})))),
        ("peer url empty", one(peer2(json!({"url": ""})))),
        ("peer url without scheme", one(peer2(json!({"url": "127.0.0.1:8000"})))),
        ("peer url ftp", one(peer2(json!({"url": "ftp://127.0.0.1:8000/"})))),
        ("peer url https without TLS", one(peer2(json!({"url": "https://127.0.0.1:8000/"})))),
        ("peer url without port", one(peer2(json!({"url": "http://127.0.0.1/"})))),
        ("peer url with a host name", one(peer2(json!({"url": "http://localhost:8000/"})))),
        ("peer url IPv6", one(peer2(json!({"url": "http://[::1]:8000/"})))),
        ("peer url with a path", one(peer2(json!({"url": "http://127.0.0.1:8000/x/y"})))),
        ("peer auto-failover off", one(peer2(json!({"auto-failover": false})))),
        ("peer auto-failover a string", one(peer2(json!({"auto-failover": "true"})))),
        ("peer unknown parameter", one(peer2(json!({"foo": 1})))),
        ("peer basic auth", one(peer2(json!({"basic-auth-user": "u", "basic-auth-password": "p"})))),
        ("peer basic auth, empty user", one(peer2(json!({"basic-auth-user": "", "basic-auth-password": "p"})))),
        ("peer basic auth, password only", one(peer2(json!({"basic-auth-password": "p"})))),
        ("peer basic auth, user with a colon", one(peer2(json!({"basic-auth-user": "a:b", "basic-auth-password": "p"})))),
        ("peer basic auth, user a number", one(peer2(json!({"basic-auth-user": 5})))),
        ("peer trust-anchor alone", one(peer2(json!({"trust-anchor": "/nonexistent/ca.pem"})))),
        ("relationship trust-anchor alone", one(rel(json!({"trust-anchor": "/nonexistent/ca.pem"})))),
        ("relationship cert-file alone", one(rel(json!({"cert-file": "/nonexistent/c.pem"})))),
        ("state machine empty", one(rel(json!({"state-machine": {}})))),
        ("state machine a list", one(rel(json!({"state-machine": []})))),
        ("state machine unknown parameter", one(rel(json!({"state-machine": {"foo": 1}})))),
        ("states a map", one(states(json!({})))),
        ("a state no map", one(states(json!(["waiting"])))),
        ("state without name", one(states(json!([{"pause": "once"}])))),
        ("state a number", one(states(json!([{"state": 5}])))),
        ("unknown state", one(states(json!([{"state": "dancing", "pause": "once"}])))),
        ("a state twice", one(states(json!([{"state": "waiting", "pause": "once"}, {"state": "waiting", "pause": "never"}])))),
        ("pause always", one(states(json!([{"state": "syncing", "pause": "always"}])))),
        ("pause missing", one(states(json!([{"state": "ready"}])))),
        ("unknown pause", one(states(json!([{"state": "waiting", "pause": "sometimes"}])))),
        ("pause a number", one(states(json!([{"state": "waiting", "pause": 1}])))),
        (
            "multi-threading",
            one(rel(
                json!({"multi-threading": {"enable-multi-threading": true, "http-dedicated-listener": true, "http-listener-threads": 2, "http-client-threads": 2}}),
            )),
        ),
        ("multi-threading a list", one(rel(json!({"multi-threading": []})))),
        ("multi-threading a string", one(rel(json!({"multi-threading": {"enable-multi-threading": "yes"}})))),
        ("multi-threading unknown parameter", one(rel(json!({"multi-threading": {"foo": 1}})))),
        (
            "listener threads negative",
            one(rel(
                json!({"multi-threading": {"enable-multi-threading": true, "http-dedicated-listener": true, "http-listener-threads": -1}}),
            )),
        ),
        ("client threads a fraction", one(rel(json!({"multi-threading": {"http-client-threads": 1.5}})))),
    ];
    for state in ["backup", "communication-recovery", "hot-standby", "load-balancing", "in-maintenance", "partner-down"] {
        c.push(("a known state", one(states(json!([{"state": state, "pause": "once"}])))));
    }
    for state in ["partner-in-maintenance", "passive-backup", "ready", "syncing", "terminated", "waiting", "unavailable"] {
        c.push(("a known state", one(states(json!([{"state": state, "pause": "never"}])))));
    }
    // Integer parameters: largest value, one more, negative, zero.
    for (key, max) in
        [("heartbeat-delay", 65535i64), ("max-ack-delay", 65535), ("sync-timeout", 4294967295), ("max-unacked-clients", 4294967295)]
    {
        for v in [max, max + 1, -1, 0] {
            c.push(("an integer parameter", one(rel(json!({key: v})))));
        }
    }
    for key in ["max-response-delay", "sync-page-limit"] {
        c.push(("an integer parameter too large", one(rel(json!({key: 4294967296i64})))));
    }
    for v in [-1i64, 4294967296] {
        c.push((
            "delayed-updates-limit out of range",
            one(mode("load-balancing", &[("s1", "primary"), ("s2", "secondary")], json!({"delayed-updates-limit": v}))),
        ));
    }
    c
}

fn config(universe: u8, params: &Option<Value>) -> String {
    let mut ha = json!({"library": format!("{HOOKS}/libdhcp_ha.so")});
    if let Some(p) = params {
        ha["parameters"] = p.clone();
    }
    server(universe, json!([{"library": format!("{HOOKS}/libdhcp_lease_cmds.so")}, ha]), json!({}))
}

/// A DHCP server config with these hook libraries and more top-level parameters.
fn server(universe: u8, hooks: Value, more: Value) -> String {
    let mut dhcp = json!({
        "interfaces-config": {"interfaces": []},
        "lease-database": {"type": "memfile", "persist": false},
        "hooks-libraries": hooks,
    });
    if universe == 6 {
        // No DUID file: the default one is outside the directories a test may write.
        dhcp["server-id"] = json!({"type": "EN", "enterprise-id": 2495, "identifier": "0102", "persist": false});
    }
    for (k, v) in more.as_object().unwrap() {
        dhcp[k] = v.clone();
    }
    json!({format!("Dhcp{universe}"): dhcp}).to_string()
}

/// Start the daemon the command runs: Ok when it logs that it started (it is then
/// stopped), Err with what it printed when it exits by itself. Bounded: 30 s.
fn starts(mut cmd: Command, universe: u8) -> Result<(), String> {
    // Kea 2.2 logs to stdout; 3.0, once configured, to stderr: both are read.
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start the Kea daemon");
    let (tx, rx) = std::sync::mpsc::channel();
    let out: [Box<dyn std::io::Read + Send>; 2] = [Box::new(child.stdout.take().unwrap()), Box::new(child.stderr.take().unwrap())];
    for stream in out {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(Some(line));
            }
            let _ = tx.send(None);
        });
    }
    let mut open = 2;
    let marker = format!("DHCP{universe}_STARTED");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    let verdict = loop {
        match rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
            Ok(Some(line)) if line.contains(&marker) => break Ok(()),
            Ok(Some(line)) => {
                seen.push_str(&line);
                seen.push('\n');
            }
            Ok(None) => {
                open -= 1;
                if open == 0 {
                    break Err(seen);
                }
            }
            Err(_) => {
                let _ = child.kill();
                panic!("the Kea daemon neither started nor stopped within 30 s: {cmd:?}\n{seen}");
            }
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    verdict
}

/// The first line that says why the daemon stopped.
fn reason(printed: &str) -> &str {
    let find = |pat: &str| printed.lines().find(|l| l.contains(pat));
    find("HA_").or_else(|| find("FLEX_OPTION_")).or_else(|| find("ERROR")).or_else(|| printed.lines().next_back()).unwrap_or("").trim()
}

fn kea22(universe: u8, text: &str) -> Option<Result<(), String>> {
    let daemon = format!("kea-dhcp{universe}");
    if Command::new(&daemon).arg("-v").output().is_err() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "{daemon} not installed (CI=true)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, text).unwrap();
    let mut cmd = Command::new(&daemon);
    cmd.arg("-c").arg(&path).env("KEA_PIDFILE_DIR", dir.path()).env("KEA_LOCKFILE_DIR", dir.path());
    Some(starts(cmd, universe))
}

fn kea30(root: &std::path::Path, universe: u8, text: &str) -> Result<(), String> {
    let (cmd, dir) = kea3_support::command_in_root(root, &format!("kea-dhcp{universe}"), "-c", &|_| text.to_string(), &[], None);
    let r = starts(cmd, universe);
    let _ = std::fs::remove_dir_all(dir);
    r
}

#[test]
fn ha_parameters_as_the_servers_judge_them_when_they_start() {
    let mut all: Vec<(String, u8, String)> = cases().into_iter().map(|(n, p)| (n.to_string(), 4, config(4, &p))).collect();
    // The hook reads the same parameters for DHCPv6.
    all.push(("DHCPv6 hot standby".into(), 6, config(6, &Some(json!({"high-availability": [rel(json!({}))]})))));
    all.push(("DHCPv6 unknown mode".into(), 6, config(6, &Some(json!({"high-availability": [rel(json!({"mode": "x"}))]})))));
    judge("HA parameters", &all, &["2.2", "3.0"]);
}

/// kea-dhcp4/6 -t does not look inside `loggers`; the servers refuse a logger without a name
/// or a severity, a debuglevel outside 0-99, an output-options entry without `output` (3.0:
/// or with an empty one) when they start: keakit reports those (tests/check_daemons.rs has
/// the agent and the DDNS daemon, whose -t checks them).
#[test]
fn loggers_as_the_servers_judge_them_when_they_start() {
    let all: Vec<(String, u8, String)> = kea3_support::LOGGERS
        .iter()
        .flat_map(|l| {
            [4, 6].map(|u| (l.to_string(), u, server(u, json!([]), json!({"loggers": [serde_json::from_str::<Value>(l).unwrap()]}))))
        })
        .collect();
    judge("loggers", &all, &["2.2", "3.0"]);
}

/// Every config at each version: the servers' start against `keakit check`.
fn judge(what: &str, all: &[(String, u8, String)], versions: &[&str]) {
    let root = kea3_support::root();
    let (mut compared, mut refused, mut failing) = (0, 0, Vec::new());
    for (name, universe, text) in all {
        for &version in versions {
            let kea = match (version, &root) {
                ("2.2", _) => kea22(*universe, text),
                (_, Some(root)) => Some(kea30(root, *universe, text)),
                _ => None,
            };
            let Some(kea) = kea else { continue };
            let (ours, diags) = kea3_support::keakit_verdict(text, version);
            compared += 1;
            refused += usize::from(kea.is_err());
            if ours != kea.is_ok() {
                let why = kea.as_ref().err().map(|e| reason(e).to_string()).unwrap_or_default();
                failing.push(format!(
                    "{name} (v{universe}, Kea {version}): Kea {}, keakit {}\n  {why}\n  {text}\n{diags}",
                    word(kea.is_ok()),
                    word(ours)
                ));
            }
        }
    }
    eprintln!("{what}: {compared} verdicts compared ({refused} refused by Kea), {} different", failing.len());
    assert!(refused > 0 && refused < compared, "{what}: the cases must include accepted and refused configs");
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}

fn word(ok: bool) -> &'static str {
    if ok { "starts" } else { "refuses" }
}

/// migrate's `failover peer` → HA hook: what it writes is a pair the servers start with
/// (before the rules above, a dhcpd secondary became a `secondary` in hot-standby mode and a
/// host-name address a URL the hook refuses; `kea-dhcp4 -t` passed both). A failover peer
/// that cannot be translated is left out with a lossy note (M026), never written half-done.
#[test]
fn migrated_failover_pairs_start() {
    let root = kea3_support::root();
    let subnet = "subnet 10.0.0.0 netmask 255.255.255.0 { pool { failover peer \"f\"; range 10.0.0.10 10.0.0.100; } }\n";
    // (dhcpd.conf, HA hooks written, M026 notes)
    let cases = [
        ("failover peer \"f\" { primary; address 127.0.0.1; peer address 127.0.0.2; split 128; }\n", 1, 0),
        ("failover peer \"f\" { secondary; address 127.0.0.2; peer address 127.0.0.1; }\n", 1, 0),
        ("failover peer \"f\" { primary; address ::1; peer address 2001:db8::2; }\n", 1, 0),
        ("failover peer \"f\" { primary; address dhcp1.example.invalid; peer address 127.0.0.2; }\n", 0, 1),
        ("failover peer \"f\" { primary; }\n", 0, 1),
        (
            "failover peer \"f\" { secondary; address 127.0.0.2; peer address 127.0.0.1; }\nfailover peer \"g\" { primary; address 127.0.0.2; peer address 127.0.0.3; }\n",
            1,
            1,
        ),
    ];
    let mut started = 0;
    for (failover, hooks, notes) in cases {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("dhcpd.conf");
        std::fs::write(&input, format!("{failover}{subnet}")).unwrap();
        for version in ["2.2", "3.0"] {
            if version == "3.0" && root.is_none() {
                continue;
            }
            let out = dir.path().join(format!("kea-{version}.json"));
            let o = Command::new(env!("CARGO_BIN_EXE_keakit"))
                .args(["migrate", "-4", "--target-version", version, "--interface", "lo", "-o"])
                .arg(&out)
                .arg(&input)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.code() == Some(if notes > 0 { 1 } else { 0 }), "{failover}: {err}");
            assert_eq!(notes > 0, err.contains(&format!("M026 x{notes}")), "{failover}: {err}");
            let v: Value = json5::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
            let ha = v["Dhcp4"]["hooks-libraries"]
                .as_array()
                .map_or(0, |l| l.iter().filter(|h| h["library"].as_str().unwrap().ends_with("libdhcp_ha.so")).count());
            assert_eq!(ha, hooks, "{failover}");
            if hooks == 0 {
                continue;
            }
            started += usize::from(migrated_config_starts(&root, version, v, failover));
        }
    }
    eprintln!("migrated failover pairs: {started} started");
}

/// A migrated config, started by Kea `version` (2.2 here, 3.0 in the sid root) without
/// sockets, a lease file or a DUID file: what is judged is its hooks. False when that Kea is
/// not installed.
fn migrated_config_starts(root: &Option<std::path::PathBuf>, version: &str, mut v: Value, what: &str) -> bool {
    let universe = if v.get("Dhcp6").is_some() { 6 } else { 4 };
    let d = &mut v[format!("Dhcp{universe}")];
    d["interfaces-config"] = json!({"interfaces": []});
    d["lease-database"] = json!({"type": "memfile", "persist": false});
    if universe == 6 {
        d["server-id"] = json!({"type": "EN", "enterprise-id": 2495, "identifier": "0102", "persist": false});
    }
    let text = v.to_string();
    let kea = match (version, root) {
        ("2.2", _) => kea22(universe, &text),
        (_, Some(root)) => Some(kea30(root, universe, &text)),
        _ => None,
    };
    let Some(kea) = kea else { return false };
    assert!(kea.is_ok(), "{what} (Kea {version}) does not start: {}", reason(kea.as_ref().unwrap_err()));
    true
}

/// migrate's top-level `option NAME = EXPR;` → flex_option hook (`supersede`, or `add` where
/// a subnet gives the option too; a custom option's expression included; DHCPv6 too): both
/// servers start with what it writes (the hook's parameters are read at start, not by `-t`).
#[test]
fn migrated_option_expressions_start() {
    let root = kea3_support::root();
    let v4 = "option space site;\noption my-opt code 250 = text;\n\
              option host-name = concat(\"h-\", substring(option host-name, 0, 3));\n\
              option my-opt = pick-first-value(option my-opt, \"none\");\n\
              option root-path = concat(\"/top/\", option host-name);\n\
              subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.100; option root-path \"/inner\"; }\n";
    let v6 = "option dhcp6.bootfile-url = concat(\"tftp://[2001:db8::1]/\", option dhcp6.bootfile-url);\n\
              subnet6 2001:db8::/64 { range6 2001:db8::10 2001:db8::100; }\n";
    // (input, universe, the hook's entries)
    let cases = [
        (
            v4,
            "-4",
            json!([
                {"code": 12, "supersede": "concat('h-', substring(option[12].hex, 0, 3))"},
                {"code": 250, "supersede": "ifelse(option[250].exists, option[250].hex, 'none')"},
                {"code": 17, "add": "concat('/top/', option[12].hex)"}
            ]),
        ),
        (v6, "-6", json!([{"code": 59, "supersede": "concat('tftp://[2001:db8::1]/', option[59].hex)"}])),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut started = 0;
    for (input, universe, entries) in cases {
        let path = dir.path().join("dhcpd.conf");
        std::fs::write(&path, input).unwrap();
        for version in ["2.2", "3.0"] {
            let out = dir.path().join(format!("kea-{version}.json"));
            let o = Command::new(env!("CARGO_BIN_EXE_keakit"))
                .args(["migrate", universe, "--target-version", version, "--interface", "lo", "-o"])
                .arg(&out)
                .arg(&path)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(0), "{err}");
            assert!(err.contains(&format!("M034 x{}", entries.as_array().unwrap().len())), "{err}");
            let v: Value = json5::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
            let d = &v[if universe == "-4" { "Dhcp4" } else { "Dhcp6" }];
            assert_eq!(d["hooks-libraries"][0]["parameters"]["options"], entries, "{input}");
            started += usize::from(migrated_config_starts(&root, version, v, input));
        }
    }
    eprintln!("migrated option expressions: {started} servers started");
}

/// flex_option entries, each as the only hook, with or without the config's option-defs
/// (a custom option, and a container of a custom sub-option space).
#[test]
fn flex_option_parameters_as_the_servers_judge_them_when_they_start() {
    let defs = json!({"option-def": [
        {"name": "my-opt", "code": 250, "type": "string"},
        {"name": "my-cont", "code": 251, "type": "empty", "encapsulate": "my-space"},
        {"name": "sub1", "code": 1, "space": "my-space", "type": "string"}
    ]});
    let flex = |universe: u8, params: Value, more: &Value| {
        server(universe, json!([{"library": format!("{HOOKS}/libdhcp_flex_option.so"), "parameters": params}]), more.clone())
    };
    let none = json!({});
    let one = |e: Value| json!({"options": [e]});
    let v4: Vec<(&str, Value, &Value)> = vec![
        ("no options", json!({}), &none),
        ("options a map", json!({"options": {}}), &none),
        ("no entries", json!({"options": []}), &none),
        ("unknown parameter beside options", json!({"options": [], "foo": 1}), &none),
        ("an entry no map", json!({"options": ["x"]}), &none),
        ("add by code", one(json!({"code": 67, "add": "'pxelinux.0'"})), &none),
        ("add by name", one(json!({"name": "boot-file-name", "add": "'pxelinux.0'"})), &none),
        ("unknown name", one(json!({"name": "no-such", "add": "'x'"})), &none),
        ("custom name without its option-def", one(json!({"name": "my-opt", "add": "'x'"})), &none),
        ("custom name", one(json!({"name": "my-opt", "add": "'x'"})), &defs),
        ("name empty", one(json!({"name": "", "add": "'x'"})), &none),
        ("name a number", one(json!({"name": 5, "add": "'x'"})), &none),
        ("neither code nor name", one(json!({"add": "'x'"})), &none),
        ("code and name", one(json!({"code": 67, "name": "boot-file-name", "add": "'x'"})), &none),
        ("code and another option's name", one(json!({"code": 66, "name": "boot-file-name", "add": "'x'"})), &none),
        ("code undefined", one(json!({"code": 250, "add": "'x'"})), &none),
        ("code 0", one(json!({"code": 0, "add": "'x'"})), &none),
        ("code 255", one(json!({"code": 255, "add": "'x'"})), &none),
        ("code 256", one(json!({"code": 256, "add": "'x'"})), &none),
        ("code negative", one(json!({"code": -1, "add": "'x'"})), &none),
        ("code a string", one(json!({"code": "67", "add": "'x'"})), &none),
        ("space dhcp4", one(json!({"code": 67, "add": "'x'", "space": "dhcp4"})), &none),
        ("no action", one(json!({"code": 67})), &none),
        ("two actions", one(json!({"code": 67, "add": "'x'", "supersede": "'y'"})), &none),
        ("unknown parameter", one(json!({"code": 67, "add": "'x'", "foo": 1})), &none),
        ("container-add outside sub-options", one(json!({"code": 67, "add": "'x'", "container-add": true})), &none),
        ("add a bad expression", one(json!({"code": 67, "add": "'x' +"})), &none),
        ("add a condition", one(json!({"code": 67, "add": "'x' == 'y'"})), &none),
        ("add empty", one(json!({"code": 67, "add": ""})), &none),
        ("add a number", one(json!({"code": 67, "add": 5})), &none),
        ("add with a custom option", one(json!({"code": 67, "add": "option[my-opt].text"})), &defs),
        ("add with an unknown option", one(json!({"code": 67, "add": "option[nosuch].text"})), &none),
        ("add with member", one(json!({"code": 67, "add": "ifelse(member('foo'), 'a', 'b')"})), &none),
        ("supersede", one(json!({"code": 67, "supersede": "option[12].hex"})), &none),
        ("supersede a boolean", one(json!({"code": 67, "supersede": true})), &none),
        ("remove", one(json!({"code": 67, "remove": "'x' == 'y'"})), &none),
        ("remove a string expression", one(json!({"code": 67, "remove": "'x'"})), &none),
        ("remove empty", one(json!({"code": 67, "remove": ""})), &none),
        ("csv-format", one(json!({"code": 67, "add": "'x'", "csv-format": true})), &none),
        ("csv-format a string", one(json!({"code": 67, "add": "'x'", "csv-format": "yes"})), &none),
        ("client-class", one(json!({"code": 67, "add": "'x'", "client-class": "foo"})), &none),
        ("client-class empty", one(json!({"code": 67, "add": "'x'", "client-class": ""})), &none),
        ("client-class a number", one(json!({"code": 67, "add": "'x'", "client-class": 5})), &none),
        ("comment a number", one(json!({"code": 67, "add": "'x'", "comment": 5})), &none),
        ("two entries, one code", json!({"options": [{"code": 67, "add": "'x'"}, {"code": 67, "supersede": "'y'"}]}), &none),
        ("sub-options", one(json!({"code": 251, "sub-options": [{"code": 1, "add": "'x'"}]})), &defs),
        ("sub-options by name", one(json!({"code": 251, "sub-options": [{"name": "sub1", "add": "'x'"}]})), &defs),
        ("sub-options of a container by name", one(json!({"name": "my-cont", "sub-options": [{"code": 1, "add": "'x'"}]})), &defs),
        ("sub-options of an option without sub-options", one(json!({"code": 67, "sub-options": [{"code": 1, "add": "'x'"}]})), &none),
        ("sub-options and add", one(json!({"code": 251, "add": "'x'", "sub-options": [{"code": 1, "add": "'x'"}]})), &defs),
        ("sub-options a map", one(json!({"code": 251, "sub-options": {}})), &defs),
        ("no sub-options", one(json!({"code": 251, "sub-options": []})), &defs),
        ("sub-option without action", one(json!({"code": 251, "sub-options": [{"code": 1}]})), &defs),
        ("sub-option container-add", one(json!({"code": 251, "sub-options": [{"code": 1, "add": "'x'", "container-add": false}]})), &defs),
        ("sub-option unknown parameter", one(json!({"code": 251, "sub-options": [{"code": 1, "add": "'x'", "foo": 1}]})), &defs),
        ("sub-option code 0", one(json!({"code": 251, "sub-options": [{"code": 0, "add": "'x'"}]})), &defs),
        ("sub-option space", one(json!({"code": 251, "sub-options": [{"code": 1, "space": "my-space", "add": "'x'"}]})), &defs),
    ];
    let mut all: Vec<(String, u8, String)> = v4.into_iter().map(|(n, p, more)| (n.to_string(), 4, flex(4, p, more))).collect();
    for (name, e) in [
        ("DHCPv6 by code", json!({"code": 59, "add": "'x'"})),
        ("DHCPv6 code 0", json!({"code": 0, "add": "'x'"})),
        ("DHCPv6 code 255", json!({"code": 255, "add": "'x'"})),
        ("DHCPv6 code 65535", json!({"code": 65535, "add": "'x'"})),
        ("DHCPv6 code 65536", json!({"code": 65536, "add": "'x'"})),
        ("DHCPv6 by name", json!({"name": "bootfile-url", "add": "'x'"})),
        ("DHCPv6 a DHCPv4 name", json!({"name": "boot-file-name", "add": "'x'"})),
    ] {
        all.push((name.into(), 6, flex(6, one(e), &none)));
    }
    judge("flex_option parameters", &all, &["2.2", "3.0"]);
}

/// flex_id (Kea 3.0 only: Debian's Kea 2.2 packages do not have the hook).
#[test]
fn flex_id_parameters_as_the_server_judges_them_when_it_starts() {
    let cases: Vec<(&str, Option<Value>)> = vec![
        ("no parameters", None),
        ("no identifier-expression", Some(json!({}))),
        ("an expression", Some(json!({"identifier-expression": "option[OPT].hex"}))),
        ("an empty expression", Some(json!({"identifier-expression": ""}))),
        ("a bad expression", Some(json!({"identifier-expression": "option[OPT].hex +"}))),
        ("a condition", Some(json!({"identifier-expression": "option[OPT].hex == 'x'"}))),
        ("a number", Some(json!({"identifier-expression": 5}))),
        ("an unknown option", Some(json!({"identifier-expression": "option[nosuch].hex"}))),
        ("with member", Some(json!({"identifier-expression": "ifelse(member('x'), 'a', 'b')"}))),
        ("the other universe's packet", Some(json!({"identifier-expression": "OTHER"}))),
        ("replace-client-id", Some(json!({"identifier-expression": "option[OPT].hex", "replace-client-id": true}))),
        ("replace-client-id a string", Some(json!({"identifier-expression": "option[OPT].hex", "replace-client-id": "yes"}))),
        ("ignore-iaid", Some(json!({"identifier-expression": "option[OPT].hex", "ignore-iaid": true}))),
        ("ignore-iaid a number", Some(json!({"identifier-expression": "option[OPT].hex", "ignore-iaid": 1}))),
        ("unknown parameter", Some(json!({"identifier-expression": "option[OPT].hex", "foo": 1}))),
    ];
    let mut all = Vec::new();
    for universe in [4u8, 6] {
        let (opt, other) = if universe == 4 { ("60", "pkt6.transid") } else { ("16", "pkt4.mac") };
        for (name, params) in &cases {
            let mut hook = json!({"library": format!("{HOOKS}/libdhcp_flex_id.so")});
            if let Some(p) = params {
                let p = p.to_string().replace("OPT", opt).replace("OTHER", other);
                hook["parameters"] = serde_json::from_str(&p).unwrap();
            }
            all.push((name.to_string(), universe, server(universe, json!([hook]), json!({}))));
        }
    }
    judge("flex_id parameters", &all, &["3.0"]);
}

/// ping_check (Kea 3.0 only, as flex_id), DHCPv4.
#[test]
fn ping_check_parameters_as_the_server_judges_them_when_it_starts() {
    let cases: Vec<(&str, Option<Value>)> = vec![
        ("no parameters", None),
        ("the defaults", Some(json!({}))),
        (
            "every parameter",
            Some(
                json!({"enable-ping-check": true, "min-ping-requests": 1, "reply-timeout": 100, "ping-cltt-secs": 60, "ping-channel-threads": 0}),
            ),
        ),
        ("enable-ping-check a string", Some(json!({"enable-ping-check": "yes"}))),
        ("min-ping-requests 0", Some(json!({"min-ping-requests": 0}))),
        ("min-ping-requests a string", Some(json!({"min-ping-requests": "1"}))),
        ("reply-timeout 0", Some(json!({"reply-timeout": 0}))),
        ("reply-timeout large", Some(json!({"reply-timeout": 4294967296i64}))),
        ("ping-cltt-secs 0", Some(json!({"ping-cltt-secs": 0}))),
        ("ping-cltt-secs negative", Some(json!({"ping-cltt-secs": -1}))),
        ("ping-channel-threads negative", Some(json!({"ping-channel-threads": -1}))),
        ("ping-channel-threads 4", Some(json!({"ping-channel-threads": 4}))),
        ("unknown parameter", Some(json!({"foo": 1}))),
    ];
    let hook = |params: Option<Value>| only_hook("libdhcp_ping_check.so", params);
    let mut all: Vec<(String, u8, String)> =
        cases.into_iter().map(|(name, params)| (name.to_string(), 4, server(4, hook(params), json!({})))).collect();
    // A subnet's user-context overrides the settings, read by the same rules.
    for (name, pc) in [
        ("subnet settings", json!({"enable-ping-check": false, "reply-timeout": 500})),
        ("subnet reply-timeout 0", json!({"reply-timeout": 0})),
        ("subnet unknown parameter", json!({"foo": 0})),
        ("subnet settings a list", json!([])),
    ] {
        let subnets = json!({"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "user-context": {"ping-check": pc}}]});
        all.push((name.into(), 4, server(4, hook(Some(json!({"enable-ping-check": true}))), subnets.clone())));
        // Without the hook, the user context is not read.
        all.push((format!("{name}, no hook"), 4, server(4, json!([]), subnets)));
    }
    all.push(("DHCPv6".into(), 6, server(6, hook(Some(json!({}))), json!({}))));
    judge("ping_check parameters", &all, &["3.0"]);
}

/// perfmon (Kea 3.0's packages), DHCPv4 and DHCPv6: settings, alarms, and the query and
/// response types an alarm may time.
#[test]
fn perfmon_parameters_as_the_servers_judge_them_when_they_start() {
    let key =
        |q: &str, r: &str| json!({"query-type": q, "response-type": r, "start-event": "socket-received", "stop-event": "buffer-read"});
    let alarm = |k: Value, more: Value| {
        let mut a = json!({"duration-key": k, "high-water-ms": 500, "low-water-ms": 25});
        for (n, v) in more.as_object().unwrap() {
            if v.is_null() {
                a.as_object_mut().unwrap().remove(n);
            } else {
                a[n] = v.clone();
            }
        }
        json!({"alarms": [a]})
    };
    let mut all = Vec::new();
    for (universe, query, response) in [(4u8, "DHCPDISCOVER", "DHCPOFFER"), (6, "SOLICIT", "ADVERTISE")] {
        let ok = key(query, response);
        let mut cases: Vec<(String, Option<Value>)> = vec![
            ("no parameters".into(), None),
            ("the defaults".into(), Some(json!({}))),
            (
                "every setting".into(),
                Some(json!({"enable-monitoring": true, "interval-width-secs": 5, "stats-mgr-reporting": true, "alarm-report-secs": 600,
                    "alarms": [{"duration-key": ok.clone(), "enable-alarm": true, "high-water-ms": 500, "low-water-ms": 25}]})),
            ),
            ("an unknown setting".into(), Some(json!({"bogus": 1}))),
            ("a comment".into(), Some(json!({"comment": "x"}))),
            ("enable-monitoring 1".into(), Some(json!({"enable-monitoring": 1}))),
            ("interval-width-secs 0".into(), Some(json!({"interval-width-secs": 0}))),
            ("interval-width-secs a string".into(), Some(json!({"interval-width-secs": "5"}))),
            ("alarm-report-secs 0".into(), Some(json!({"alarm-report-secs": 0}))),
            ("alarm-report-secs -1".into(), Some(json!({"alarm-report-secs": -1}))),
            ("alarms a map".into(), Some(json!({"alarms": {}}))),
            ("an alarm no map".into(), Some(json!({"alarms": [5]}))),
            ("an alarm".into(), Some(alarm(ok.clone(), json!({})))),
            ("an alarm, an unknown key".into(), Some(alarm(ok.clone(), json!({"bogus": 1})))),
            ("an alarm, no duration key".into(), Some(alarm(ok.clone(), json!({"duration-key": null})))),
            ("an alarm, duration key a list".into(), Some(alarm(ok.clone(), json!({"duration-key": []})))),
            ("an alarm, no high water".into(), Some(alarm(ok.clone(), json!({"high-water-ms": null})))),
            ("an alarm, no low water".into(), Some(alarm(ok.clone(), json!({"low-water-ms": null})))),
            ("an alarm, high water 0".into(), Some(alarm(ok.clone(), json!({"high-water-ms": 0, "low-water-ms": -1})))),
            ("an alarm, low water above high".into(), Some(alarm(ok.clone(), json!({"high-water-ms": 5})))),
            ("an alarm, low water equal to high".into(), Some(alarm(ok.clone(), json!({"high-water-ms": 25})))),
            ("an alarm, enable-alarm 1".into(), Some(alarm(ok.clone(), json!({"enable-alarm": 1})))),
            (
                "an alarm on a subnet".into(),
                Some(alarm(
                    json!({"subnet-id": 7}).as_object().unwrap().iter().fold(ok.clone(), |mut k, (n, v)| {
                        k[n] = v.clone();
                        k
                    }),
                    json!({}),
                )),
            ),
            (
                "an alarm, subnet id a string".into(),
                Some(alarm(
                    json!({"query-type": query, "response-type": response,
                "start-event": "a", "stop-event": "b", "subnet-id": "1"}),
                    json!({}),
                )),
            ),
            (
                "an alarm, a key without stop event".into(),
                Some(alarm(
                    json!({"query-type": query, "response-type": response,
                "start-event": "a"}),
                    json!({}),
                )),
            ),
            (
                "an alarm, a key with an unknown member".into(),
                Some(alarm(
                    json!({"query-type": query, "response-type": response,
                "start-event": "a", "stop-event": "b", "x": 1}),
                    json!({}),
                )),
            ),
            (
                "two alarms on one duration".into(),
                Some(json!({"alarms": [
                {"duration-key": ok.clone(), "high-water-ms": 10, "low-water-ms": 5},
                {"duration-key": ok.clone(), "high-water-ms": 20, "low-water-ms": 5}]})),
            ),
            (
                "two alarms, other subnets".into(),
                Some(json!({"alarms": [
                {"duration-key": ok.clone(), "high-water-ms": 10, "low-water-ms": 5},
                {"duration-key": json!({"query-type": query, "response-type": response, "start-event": "socket-received",
                    "stop-event": "buffer-read", "subnet-id": 2}), "high-water-ms": 10, "low-water-ms": 5}]})),
            ),
        ];
        // Every pair of query and response type of this family the hook was seen to take or refuse.
        let (queries, responses): (&[&str], &[&str]) = if universe == 4 {
            (
                &["DHCPDISCOVER", "DHCPREQUEST", "DHCPINFORM", "DHCPRELEASE", "DHCPOFFER", "*", "discover", "SOLICIT"],
                &["DHCPOFFER", "DHCPACK", "DHCPNAK", "DHCPLEASEACTIVE", "*", "DHCPDISCOVER"],
            )
        } else {
            (
                &["SOLICIT", "REQUEST", "RENEW", "REBIND", "CONFIRM", "INFORMATION_REQUEST", "RELEASE", "*", "DHCPDISCOVER"],
                &["ADVERTISE", "REPLY", "*", "RECONFIGURE", "DHCPOFFER"],
            )
        };
        for q in queries {
            for r in responses {
                cases.push((format!("an alarm on {q} to {r}"), Some(alarm(key(q, r), json!({})))));
            }
        }
        for (name, params) in cases {
            all.push((name, universe, server(universe, only_hook("libdhcp_perfmon.so", params), json!({}))));
        }
    }
    judge("perfmon parameters", &all, &["3.0"]);
}

/// radius (open source from Kea 3.0), DHCPv4: its keys, their types and ranges, and the keys
/// of its services. No server is named, so none is contacted.
#[test]
fn radius_parameters_as_the_server_judges_them_when_it_starts() {
    let cases: Vec<(&str, Option<Value>)> = vec![
        ("no parameters", None),
        ("the defaults", Some(json!({}))),
        (
            "settings of every kind",
            Some(json!({"bindaddr": "*", "canonical-mac-address": false, "client-id-pop0": false, "client-id-printable": false,
                "deadtime": 0, "extract-duid": true, "identifier-type4": "client-id", "identifier-type6": "duid", "nas-ports": [],
                "reselect-subnet-address": false, "reselect-subnet-pool": false, "retries": 3, "session-history": "",
                "thread-pool-size": 0, "timeout": 10, "comment": 5,
                "access": {"servers": [], "attributes": [], "max-pending-requests": 0},
                "accounting": {"servers": [], "attributes": [], "peer-updates": true}})),
        ),
        ("an unknown key", Some(json!({"bogus": 1}))),
        ("a user context", Some(json!({"user-context": {}}))),
        ("tls (not a key of 3.0)", Some(json!({"tls": {}}))),
        ("bindaddr a number", Some(json!({"bindaddr": 5}))),
        ("extract-duid a string", Some(json!({"extract-duid": "x"}))),
        ("client-id-printable 1", Some(json!({"client-id-printable": 1}))),
        ("deadtime -1", Some(json!({"deadtime": -1}))),
        ("deadtime a string", Some(json!({"deadtime": "x"}))),
        ("retries -1", Some(json!({"retries": -1}))),
        ("retries 2^32", Some(json!({"retries": 4294967296i64}))),
        ("timeout -1", Some(json!({"timeout": -1}))),
        ("timeout 2^32", Some(json!({"timeout": 4294967296i64}))),
        // Not -1: Kea then starts threads until the machine refuses more (it ends with
        // "terminate called without an active exception"), which fails whatever else runs.
        ("thread-pool-size 2", Some(json!({"thread-pool-size": 2}))),
        ("nas-ports a map", Some(json!({"nas-ports": {}}))),
        ("an identifier type", Some(json!({"identifier-type4": "hw-address"}))),
        ("an unknown identifier type", Some(json!({"identifier-type4": "mac"}))),
        ("access a list", Some(json!({"access": []}))),
        ("access, an unknown key", Some(json!({"access": {"bogus": 1}}))),
        ("access, a comment", Some(json!({"access": {"comment": "x"}}))),
        ("access, peer updates", Some(json!({"access": {"peer-updates": true}}))),
        ("accounting, pending requests", Some(json!({"accounting": {"max-pending-requests": 1}}))),
        ("access, pending requests -1", Some(json!({"access": {"max-pending-requests": -1}}))),
        ("access, servers a map", Some(json!({"access": {"servers": {}}}))),
    ];
    let all: Vec<(String, u8, String)> = cases
        .into_iter()
        .map(|(name, params)| (name.to_string(), 4, server(4, only_hook("libdhcp_radius.so", params), json!({}))))
        .collect();
    judge("radius parameters", &all, &["3.0"]);
}

/// Kea 3.0 reads MySQL and PostgreSQL databases through hook libraries: `-t` passes a config
/// without them, the server does not start. With the hook, a database that cannot be reached
/// is retried while the server runs (`retry-on-startup`, `serve-retry-continue`), so the start
/// shows that the hook was what was missing. Nothing listens on 127.0.0.1's database ports.
#[test]
fn database_backends_need_their_hooks_in_kea_3() {
    let db = |ty: &str| {
        json!({"type": ty, "name": "kea", "host": "127.0.0.1", "user": "kea", "password": "x",
            "retry-on-startup": true, "on-fail": "serve-retry-continue", "max-reconnect-tries": 100, "reconnect-wait-time": 1000})
    };
    let lib = |stem: &str| json!([{"library": format!("{HOOKS}/{stem}.so")}]);
    let memfile = json!({"type": "memfile", "persist": false});
    let mut all = Vec::new();
    for universe in [4u8, 6] {
        for (name, hooks, more) in [
            ("a MySQL lease database, no hook", json!([]), json!({"lease-database": db("mysql")})),
            ("a MySQL lease database with its hook", lib("libdhcp_mysql"), json!({"lease-database": db("mysql")})),
            ("a MySQL lease database, the PostgreSQL hook", lib("libdhcp_pgsql"), json!({"lease-database": db("mysql")})),
            ("a PostgreSQL host database, no hook", json!([]), json!({"lease-database": memfile, "hosts-database": db("postgresql")})),
            (
                "a PostgreSQL host database with its hook",
                lib("libdhcp_pgsql"),
                json!({"lease-database": memfile, "hosts-database": db("postgresql")}),
            ),
            ("host databases, one MySQL, no hook", json!([]), json!({"lease-database": memfile, "hosts-databases": [db("mysql")]})),
            (
                "a MySQL config backend, no hook",
                json!([]),
                json!({"lease-database": memfile, "config-control": {"config-databases": [db("mysql")]}}),
            ),
            (
                "a MySQL config backend with its hook",
                lib("libdhcp_mysql"),
                json!({"lease-database": memfile, "config-control": {"config-databases": [db("mysql")]}}),
            ),
        ] {
            all.push((name.to_string(), universe, server(universe, hooks, more)));
        }
    }
    judge("database backends", &all, &["3.0"]);
}

/// lease_query (Kea 3.0 only, as flex_id), DHCPv4 and DHCPv6.
#[test]
fn lease_query_parameters_as_the_servers_judge_them_when_they_start() {
    let mut all = Vec::new();
    for (universe, mine, other) in [(4u8, "192.0.2.1", "2001:db8::1"), (6, "2001:db8::1", "192.0.2.1")] {
        for (name, params) in [
            ("no parameters", None),
            ("no requesters", Some(json!({}))),
            ("a requester", Some(json!({"requesters": [mine]}))),
            ("no requester", Some(json!({"requesters": []}))),
            ("requesters a string", Some(json!({"requesters": mine}))),
            ("a requester no address", Some(json!({"requesters": ["x"]}))),
            ("a requester of the other family", Some(json!({"requesters": [other]}))),
            ("a requester twice", Some(json!({"requesters": [mine, mine]}))),
            ("prefix lengths", Some(json!({"requesters": [mine], "prefix-lengths": [64, 128]}))),
            ("prefix length 129", Some(json!({"requesters": [mine], "prefix-lengths": [129]}))),
            ("advanced settings", Some(json!({"requesters": [mine], "advanced": {}}))),
            ("a comment", Some(json!({"requesters": [mine], "comment": "x"}))),
            ("a comment no string", Some(json!({"requesters": [mine], "comment": {}}))),
            ("a user context", Some(json!({"requesters": [mine], "user-context": {}}))),
            ("an unknown parameter", Some(json!({"requesters": [mine], "bogus": 1}))),
            ("prefix lengths a map", Some(json!({"requesters": [mine], "prefix-lengths": {}}))),
            ("advanced a list", Some(json!({"requesters": [mine], "advanced": []}))),
            (
                "every advanced setting",
                Some(json!({"requesters": [mine], "advanced": {"bulk-query-enabled": true, "active-query-enabled": false,
                    "extended-info-tables-enabled": true, "lease-query-ip": mine, "lease-query-tcp-port": 5547,
                    "max-bulk-query-threads": 0, "max-requester-connections": 10, "max-concurrent-queries": 0,
                    "max-requester-idle-time": 300, "max-leases-per-fetch": 100, "comment": 5}})),
            ),
            ("advanced, an unknown setting", Some(json!({"requesters": [mine], "advanced": {"bogus": 1}}))),
            ("advanced, a user context", Some(json!({"requesters": [mine], "advanced": {"user-context": {}}}))),
            ("advanced, active query", Some(json!({"requesters": [mine], "advanced": {"active-query-enabled": true}}))),
            ("advanced, bulk query a string", Some(json!({"requesters": [mine], "advanced": {"bulk-query-enabled": "yes"}}))),
            ("advanced, an address of the other family", Some(json!({"requesters": [mine], "advanced": {"lease-query-ip": other}}))),
            ("advanced, an address that is none", Some(json!({"requesters": [mine], "advanced": {"lease-query-ip": "x"}}))),
            ("advanced, port 0", Some(json!({"requesters": [mine], "advanced": {"lease-query-tcp-port": 0}}))),
            ("advanced, port 65536", Some(json!({"requesters": [mine], "advanced": {"lease-query-tcp-port": 65536}}))),
            ("advanced, no connections", Some(json!({"requesters": [mine], "advanced": {"max-requester-connections": 0}}))),
            ("advanced, queries -1", Some(json!({"requesters": [mine], "advanced": {"max-concurrent-queries": -1}}))),
            ("advanced, idle time 0", Some(json!({"requesters": [mine], "advanced": {"max-requester-idle-time": 0}}))),
            ("advanced, no leases per fetch", Some(json!({"requesters": [mine], "advanced": {"max-leases-per-fetch": 0}}))),
            ("advanced, threads -1", Some(json!({"requesters": [mine], "advanced": {"max-bulk-query-threads": -1}}))),
        ] {
            let mut hook = json!({"library": format!("{HOOKS}/libdhcp_lease_query.so")});
            if let Some(p) = params {
                hook["parameters"] = p;
            }
            all.push((name.to_string(), universe, server(universe, json!([hook]), json!({}))));
        }
    }
    judge("lease_query parameters", &all, &["3.0"]);
}

/// legal_log (Kea 3.0 only: open source from 3.0), DHCPv4 and DHCPv6. Its directory and
/// scripts are path rules, judged in tests/check_paths_kea3.rs.
#[test]
fn legal_log_parameters_as_the_servers_judge_them_when_they_start() {
    if let Some(root) = kea3_support::root() {
        kea3_support::hook_files(&root);
    }
    let hook = |params: Option<Value>| only_hook("libdhcp_legal_log.so", params);
    let every = json!({
        "type": "logfile", "path": "/var/log/kea/", "base-name": "kea-legal", "time-unit": "day", "count": 1,
        "prerotate": "", "postrotate": "", "request-parser-format": "pkt4.mac", "response-parser-format": "'x'",
        "timestamp-format": "%Y-%m-%d", "extended-info-checks": "none"
    });
    let cases: Vec<(&str, Option<Value>)> = vec![
        ("no parameters", None),
        ("the defaults", Some(json!({}))),
        ("every parameter", Some(every)),
        ("path empty", Some(json!({"path": ""}))),
        ("path a number", Some(json!({"path": 1}))),
        ("base-name empty", Some(json!({"base-name": ""}))),
        ("base-name a number", Some(json!({"base-name": 1}))),
        ("time-unit second", Some(json!({"time-unit": "second"}))),
        ("time-unit year", Some(json!({"time-unit": "year"}))),
        ("time-unit hour", Some(json!({"time-unit": "hour"}))),
        ("time-unit capitalised", Some(json!({"time-unit": "Day"}))),
        ("time-unit a number", Some(json!({"time-unit": 1}))),
        ("count 0", Some(json!({"count": 0}))),
        ("count negative", Some(json!({"count": -1}))),
        ("count too large", Some(json!({"count": 4294967296i64}))),
        ("count a string", Some(json!({"count": "1"}))),
        ("count a fraction", Some(json!({"count": 1.5}))),
        ("prerotate a number", Some(json!({"prerotate": 1}))),
        ("type syslog", Some(json!({"type": "syslog", "facility": "local0"}))),
        ("type syslog ignores the file settings", Some(json!({"type": "syslog", "time-unit": "x", "base-name": "", "count": "1"}))),
        ("type unknown", Some(json!({"type": "file"}))),
        ("type empty", Some(json!({"type": ""}))),
        ("type a number", Some(json!({"type": 1}))),
        ("type mysql without its hook", Some(json!({"type": "mysql", "name": "kea"}))),
        ("request format empty", Some(json!({"request-parser-format": ""}))),
        ("request format unknown field", Some(json!({"request-parser-format": "pkt4.foo"}))),
        ("request format a condition", Some(json!({"request-parser-format": "pkt4.msgtype == 1"}))),
        ("request format a number", Some(json!({"request-parser-format": 1}))),
        ("request format DHCPv6", Some(json!({"request-parser-format": "pkt6.msgtype"}))),
        ("response format unfinished", Some(json!({"response-parser-format": "substring('a',"}))),
        ("response format with syslog", Some(json!({"type": "syslog", "response-parser-format": "pkt4.foo"}))),
        ("timestamp-format empty", Some(json!({"timestamp-format": ""}))),
        ("timestamp-format a number", Some(json!({"timestamp-format": 1}))),
        ("unknown parameter", Some(json!({"foo": 1}))),
    ];
    let mut all: Vec<(String, u8, String)> =
        cases.into_iter().map(|(name, params)| (name.to_string(), 4, server(4, hook(params), json!({})))).collect();
    for (name, params) in [
        ("DHCPv6 defaults", json!({})),
        ("DHCPv6 request format", json!({"request-parser-format": "pkt6.msgtype"})),
        ("DHCPv6 request format DHCPv4", json!({"request-parser-format": "pkt4.msgtype"})),
        ("DHCPv6 time-unit hour", json!({"time-unit": "hour"})),
    ] {
        all.push((name.into(), 6, server(6, hook(Some(params)), json!({}))));
    }
    judge("legal_log parameters", &all, &["3.0"]);
}

/// run_script, Kea 2.2 and 3.0.4, DHCPv4 and DHCPv6. The script exists and may be run (the
/// hook refuses one that does not, which keakit does not judge): at 2.2 one made here, at
/// 3.0 one in Kea's scripts directory (another directory is a path rule, judged in
/// tests/check_paths_kea3.rs).
#[test]
fn run_script_parameters_as_the_servers_judge_them_when_they_start() {
    use std::os::unix::fs::PermissionsExt;
    let host = tempfile::tempdir().unwrap();
    let host_script = host.path().join("lease-event.sh");
    std::fs::write(&host_script, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&host_script, std::fs::Permissions::from_mode(0o755)).unwrap();
    if let Some(root) = kea3_support::root() {
        kea3_support::hook_files(&root);
    }
    let hook = |params: Option<Value>| only_hook("libdhcp_run_script.so", params);
    for (version, script) in [("2.2", host_script.to_str().unwrap()), ("3.0", kea3_support::SCRIPT)] {
        let dir = &script[..script.rfind('/').unwrap() + 1];
        let mut all = Vec::new();
        for universe in [4u8, 6] {
            for (name, params) in [
                ("no parameters", None),
                ("no name", Some(json!({}))),
                ("a script", Some(json!({"name": script}))),
                ("name empty", Some(json!({"name": ""}))),
                ("name a directory", Some(json!({"name": dir}))),
                ("name a number", Some(json!({"name": 1}))),
                ("sync", Some(json!({"name": script, "sync": true}))),
                ("sync a string", Some(json!({"name": script, "sync": "true"}))),
                ("unknown parameter", Some(json!({"name": script, "foo": 1}))),
            ] {
                all.push((name.to_string(), universe, server(universe, hook(params), json!({}))));
            }
        }
        judge(&format!("run_script parameters at {version}"), &all, &[version]);
    }
}

/// ddns_tuning (Kea 3.0 only: open source from 3.0), its parameters and a subnet's
/// `user-context.ddns-tuning`, DHCPv4 and DHCPv6.
#[test]
fn ddns_tuning_parameters_as_the_servers_judge_them_when_they_start() {
    let hook = |params: Option<Value>| only_hook("libdhcp_ddns_tuning.so", params);
    let mut all = Vec::new();
    for (universe, mac, other) in [(4u8, "pkt4.mac", "pkt6.msgtype"), (6, "pkt6.msgtype", "pkt4.mac")] {
        let subnet = |uc: Value| {
            let (key, prefix) = if universe == 4 { ("subnet4", "10.0.0.0/24") } else { ("subnet6", "2001:db8::/64") };
            json!({key: [{"id": 1, "subnet": prefix, "user-context": uc}]})
        };
        let cases: Vec<(&str, Option<Value>, Value)> = vec![
            ("no parameters", None, json!({})),
            ("no expression", Some(json!({})), json!({})),
            ("an expression", Some(json!({"hostname-expr": format!("'host-' + hexstring({mac}, '')")})), json!({})),
            ("an empty expression", Some(json!({"hostname-expr": ""})), json!({})),
            ("an unknown field", Some(json!({"hostname-expr": "pkt4.foo"})), json!({})),
            ("a condition", Some(json!({"hostname-expr": format!("{mac} == 'a'")})), json!({})),
            ("the other family", Some(json!({"hostname-expr": other})), json!({})),
            ("a number", Some(json!({"hostname-expr": 1})), json!({})),
            ("an unknown parameter", Some(json!({"foo": 1})), json!({})),
            ("subnet expression", Some(json!({})), subnet(json!({"ddns-tuning": {"hostname-expr": "'a'"}}))),
            ("subnet unknown field", Some(json!({})), subnet(json!({"ddns-tuning": {"hostname-expr": "pkt4.foo"}}))),
            ("subnet expression a number", Some(json!({})), subnet(json!({"ddns-tuning": {"hostname-expr": 1}}))),
            ("subnet setting a list", Some(json!({})), subnet(json!({"ddns-tuning": []}))),
            ("subnet unknown parameter", Some(json!({})), subnet(json!({"ddns-tuning": {"foo": 1}}))),
            ("subnet unknown field, no hook", None, subnet(json!({"ddns-tuning": {"hostname-expr": "pkt4.foo"}}))),
        ];
        for (name, params, more) in cases {
            let hooks = if name.ends_with("no hook") { json!([]) } else { hook(params) };
            all.push((name.to_string(), universe, server(universe, hooks, more)));
        }
    }
    judge("ddns_tuning parameters", &all, &["3.0"]);
}

/// limits (Kea 3.0 only: open source from 3.0): no hook parameters; `user-context.limits` of
/// client classes and subnets, DHCPv4 and DHCPv6 (the rate-limit text forms are in the unit
/// test of src/check/limits.rs).
#[test]
fn limits_as_the_servers_judge_them_when_they_start() {
    let lib = json!({"library": format!("{HOOKS}/libdhcp_limits.so")});
    let mut all = Vec::new();
    for universe in [4u8, 6] {
        let (key, prefix, pool) = if universe == 4 {
            ("subnet4", "10.0.0.0/24", "10.0.0.1-10.0.0.9")
        } else {
            ("subnet6", "2001:db8::/64", "2001:db8::1-2001:db8::9")
        };
        let class = |limits: Value| json!({"client-classes": [{"name": "c1", "user-context": {"limits": limits}}]});
        let subnet = |limits: Value| json!({key: [{"id": 1, "subnet": prefix, "user-context": {"limits": limits}}]});
        let bad = json!({"rate-limit": "ten packets per second"});
        let cases: Vec<(&str, Value, Value)> = vec![
            ("no parameters", json!([lib]), json!({})),
            ("empty parameters", json!([{"library": lib["library"], "parameters": {}}]), json!({})),
            ("class rate", json!([lib]), class(json!({"rate-limit": "10 packets per second"}))),
            ("class rate per week", json!([lib]), class(json!({"rate-limit": "1 packet per week"}))),
            ("class rate not a number", json!([lib]), class(bad.clone())),
            ("class rate unknown unit", json!([lib]), class(json!({"rate-limit": "10 packets per fortnight"}))),
            ("class rate negative", json!([lib]), class(json!({"rate-limit": "-1 packets per second"}))),
            ("class rate too large", json!([lib]), class(json!({"rate-limit": "4294967296 packets per second"}))),
            ("class rate a number", json!([lib]), class(json!({"rate-limit": 10}))),
            ("class address limit", json!([lib]), class(json!({"address-limit": 2}))),
            ("class address limit negative", json!([lib]), class(json!({"address-limit": -1}))),
            ("class address limit too large", json!([lib]), class(json!({"address-limit": 4294967296i64}))),
            ("class address limit a string", json!([lib]), class(json!({"address-limit": "2"}))),
            ("class prefix limit", json!([lib]), class(json!({"prefix-limit": 0}))),
            ("class prefix limit negative", json!([lib]), class(json!({"prefix-limit": -1}))),
            ("class unknown key", json!([lib]), class(json!({"foo": 1}))),
            ("class limits a list", json!([lib]), class(json!([]))),
            ("class limits null", json!([lib]), class(Value::Null)),
            ("subnet rate", json!([lib]), subnet(json!({"rate-limit": "10 packets per minute"}))),
            ("subnet rate not a number", json!([lib]), subnet(bad.clone())),
            ("subnet address limit negative", json!([lib]), subnet(json!({"address-limit": -1}))),
            (
                "subnet in a shared network",
                json!([lib]),
                json!({"shared-networks": [{"name": "n", key: [{"id": 1, "subnet": prefix, "user-context": {"limits": bad}}]}]}),
            ),
            ("shared network (not read)", json!([lib]), json!({"shared-networks": [{"name": "n", "user-context": {"limits": bad}}]})),
            (
                "pool (not read)",
                json!([lib]),
                json!({key: [{"id": 1, "subnet": prefix, "pools": [{"pool": pool, "user-context": {"limits": bad}}]}]}),
            ),
            ("global (not read)", json!([lib]), json!({"user-context": {"limits": bad}})),
            ("no hook (not read)", json!([]), class(bad.clone())),
        ];
        for (name, hooks, more) in cases {
            all.push((name.to_string(), universe, server(universe, hooks, more)));
        }
    }
    judge("limits", &all, &["3.0"]);
}

/// migrate's ping statements → Kea 3.0's ping_check hook and subnets' user-context: what it
/// writes starts kea-dhcp4 3.0.4 with the settings dhcpd would use (a subnet's own over its
/// shared network's over the top level's, dhcpd's defaults of on and one second where the
/// file sets nothing). At 2.2 the statements are lossy notes (no hook exists there).
#[test]
fn migrated_ping_settings_start() {
    let root = kea3_support::root();
    let subnet = |n: u8, body: &str| format!("subnet 10.0.{n}.0 netmask 255.255.255.0 {{ {body} range 10.0.{n}.10 10.0.{n}.20; }}\n");
    let net = |n: u8, body: &str, inner: &str| format!("shared-network \"n{n}\" {{ {body}\n{}}}\n", subnet(n, inner));
    // (dhcpd.conf, hook parameters, [(subnet id, its ping-check)])
    type Case = (String, Option<Value>, Vec<(u64, Value)>);
    let cases: Vec<Case> = vec![
        (
            format!("ping-check true;\nping-timeout-ms 500;\nping-cltt-secs 30;\n{}", subnet(0, "ping-check false;")),
            Some(json!({"enable-ping-check": true, "reply-timeout": 500, "ping-cltt-secs": 30})),
            vec![(1, json!({"enable-ping-check": false, "reply-timeout": 500, "ping-cltt-secs": 30}))],
        ),
        // The top level's settings apply to subnets declared before them; ping-timeout-ms,
        // when above zero, wins over ping-timeout wherever each is written.
        (
            format!(
                "{}ping-timeout-ms 250;\n{}",
                subnet(0, "ping-timeout 3;"),
                net(1, "ping-timeout 2; ping-check off;", "ping-check on;")
            ),
            Some(json!({"enable-ping-check": true, "reply-timeout": 250})),
            vec![
                (1, json!({"enable-ping-check": true, "reply-timeout": 250})),
                (2, json!({"enable-ping-check": true, "reply-timeout": 250})),
            ],
        ),
        (
            format!("ping-timeout 2;\n{}", net(0, "ping-check false;", "")),
            Some(json!({"enable-ping-check": true, "reply-timeout": 2000})),
            vec![(1, json!({"enable-ping-check": false, "reply-timeout": 2000}))],
        ),
        // Off everywhere: Kea's behaviour without the hook.
        (format!("ping-check false;\n{}", subnet(0, "ping-timeout 3;")), None, vec![]),
        // Never mentioned: no hook (dhcpd's default ping is not imposed on the Kea server).
        (subnet(0, ""), None, vec![]),
    ];
    let mut started = 0;
    for (conf, params, subnets) in cases {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("dhcpd.conf");
        std::fs::write(&input, &conf).unwrap();
        let dhcpd = Command::new("dhcpd").args(["-t", "-q", "-cf"]).arg(&input).output();
        if let Ok(o) = dhcpd {
            assert!(o.status.success(), "dhcpd -t refuses {conf}");
        }
        for version in ["2.2", "3.0"] {
            let out = dir.path().join(format!("kea-{version}.json"));
            let o = Command::new(env!("CARGO_BIN_EXE_keakit"))
                .args(["migrate", "-4", "--target-version", version, "-o"])
                .arg(&out)
                .arg(&input)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            let mentions = conf.contains("ping");
            // At 2.2 a ping statement is lost (M001, exit 1); at 3.0 translated (M028, exit 0).
            let lossy = version == "2.2" && mentions;
            assert_eq!(o.status.code(), Some(i32::from(lossy)), "{conf} at {version}: {err}");
            assert_eq!(err.contains("M028"), version == "3.0" && mentions, "{conf} at {version}: {err}");
            let mut v: Value = json5::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
            let d = &mut v["Dhcp4"];
            let hooks: Vec<&Value> = d["hooks-libraries"].as_array().into_iter().flatten().collect();
            let want = if version == "3.0" { params.clone() } else { None };
            assert_eq!(hooks.first().map(|h| h["parameters"].clone()), want, "{conf} at {version}");
            if want.is_none() {
                continue;
            }
            let all: Vec<&Value> = d["subnet4"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(d["shared-networks"].as_array().into_iter().flatten().flat_map(|n| n["subnet4"].as_array().unwrap()))
                .collect();
            let got: Vec<(u64, Value)> = all
                .iter()
                .filter(|s| s["user-context"]["ping-check"].is_object())
                .map(|s| (s["id"].as_u64().unwrap(), s["user-context"]["ping-check"].clone()))
                .collect();
            assert_eq!(got, subnets, "{conf}");
            d["interfaces-config"] = json!({"interfaces": []});
            d["lease-database"] = json!({"type": "memfile", "persist": false});
            if let Some(root) = &root {
                let kea = kea30(root, 4, &v.to_string());
                assert!(kea.is_ok(), "{conf}: Kea 3.0 does not start: {}", reason(kea.as_ref().unwrap_err()));
                started += 1;
            }
        }
    }
    eprintln!("migrated ping settings: {started} started");
}

/// A hooks-libraries list of one library from Kea's hooks directory, with these parameters.
fn only_hook(lib: &str, params: Option<Value>) -> Value {
    let mut hook = json!({"library": format!("{HOOKS}/{lib}")});
    if let Some(p) = params {
        hook["parameters"] = p;
    }
    json!([hook])
}
