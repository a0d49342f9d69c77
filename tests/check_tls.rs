//! TLS parameters of the Control-agent and of Kea 3.0's http control sockets: `trust-anchor`,
//! `cert-file` and `key-file` all set or none (an empty string is unset). Every combination of
//! the three (absent, empty, set) is judged by the real daemons' `-t` and by `keakit check`:
//! kea-ctrl-agent 2.2 (host packages) at target 2.2; kea-ctrl-agent, kea-dhcp4 and
//! kea-dhcp-ddns 3.0 (the sid root, tests/kea3_support) at target 3.0. Kea does not open the
//! files during `-t`, so made-up names are fine.

mod kea3_support;

use std::process::Command;

/// keakit's verdict (ok or not) at `version`.
fn keakit_accepts(text: &str, version: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_keakit"))
        .args(["check", "--format", "short", "--target-version", version])
        .arg(&path)
        .output()
        .unwrap();
    (o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Host Kea 2.2's verdict; None when the daemon is not installed (a failure under CI=true).
fn kea22_accepts(daemon: &str, text: &str) -> Option<bool> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, text).unwrap();
    match Command::new(daemon).arg("-t").arg(&path).env("KEA_PIDFILE_DIR", dir.path()).env("KEA_LOCKFILE_DIR", dir.path()).output() {
        Ok(o) => Some(o.status.success()),
        Err(_) => {
            assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "{daemon} not installed (CI=true)");
            eprintln!("note: {daemon} not installed; Kea 2.2 half skipped");
            None
        }
    }
}

/// The 27 combinations of the three parameters, as JSON members (with a trailing comma).
fn combinations() -> Vec<String> {
    let forms = |key: &str| [String::new(), format!(r#""{key}": "", "#), format!(r#""{key}": "/etc/kea/{key}", "#)];
    let mut out = Vec::new();
    for a in forms("trust-anchor") {
        for c in forms("cert-file") {
            for k in forms("key-file") {
                out.push(format!("{a}{c}{k}"));
            }
        }
    }
    out
}

fn agent(tls: &str) -> String {
    format!(r#"{{"Control-agent": {{{tls}"http-host": "127.0.0.1", "http-port": 8000}}}}"#)
}

fn http_socket(tls: &str) -> String {
    format!(r#"{{"socket-type": "http", {tls}"socket-address": "127.0.0.1", "socket-port": 8004}}"#)
}

#[test]
fn tls_parameters_all_or_none_as_kea_judges_them() {
    let mut cases: Vec<(&str, &str, String)> = Vec::new();
    for tls in combinations() {
        cases.push(("2.2", "kea-ctrl-agent", agent(&tls)));
        cases.push(("3.0", "kea-ctrl-agent", agent(&tls)));
        cases.push(("3.0", "kea-dhcp4", format!(r#"{{"Dhcp4": {{"control-sockets": [{}]}}}}"#, http_socket(&tls))));
        cases.push(("3.0", "kea-dhcp-ddns", format!(r#"{{"DhcpDdns": {{"control-sockets": [{}]}}}}"#, http_socket(&tls))));
    }
    let root = kea3_support::root();
    let (mut compared, mut rejected, mut failing) = (0, 0, Vec::new());
    for (version, daemon, text) in &cases {
        let kea = match (*version, &root) {
            ("2.2", _) => kea22_accepts(daemon, text),
            (_, Some(root)) => Some(kea3_support::verdict(root, daemon, text).is_ok()),
            _ => None,
        };
        let Some(kea) = kea else { continue };
        let (ours, diags) = keakit_accepts(text, version);
        compared += 1;
        rejected += usize::from(!kea);
        if ours != kea {
            failing.push(format!("{daemon} {version}: Kea {}, keakit {} for {text}\n{diags}", verdict(kea), verdict(ours)));
        }
    }
    eprintln!("tls: {compared} verdicts compared ({rejected} rejected by Kea), {} different", failing.len());
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}

fn verdict(ok: bool) -> &'static str {
    if ok { "accepts" } else { "rejects" }
}
