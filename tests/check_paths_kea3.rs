//! Where Kea 3.0 lets a config put unix control sockets and hook libraries (src/check/paths.rs):
//! `keakit check --target-version 3.0` against the real daemons' `-t` (kea-dhcp4, kea-dhcp6,
//! kea-dhcp-ddns, kea-ctrl-agent 3.0 from the sid root, tests/kea3_support), path by path.
//! Kea 2.2 has no such rule: the same configs pass `keakit check --target-version 2.2`.

mod kea3_support;

use std::process::Command;

/// A socket or library path, and whether keakit's verdict must equal Kea's on this machine.
/// `/var/run/kea` is the socket directory of other builds of Kea (ISC's packages): keakit
/// accepts it for any build; Debian's Kea, whose directory is `/run/kea`, refuses it.
const SOCKETS: &[(&str, bool)] = &[
    ("/tmp/kea-ctrl.sock", true),
    ("/run/kea/kea-ctrl.sock", true),
    ("kea-ctrl.sock", true),
    ("sub/kea-ctrl.sock", true),
    ("/run/kea/../kea-ctrl.sock", true),
    ("/run/kea/sub/kea-ctrl.sock", true),
    ("/var/run/kea/kea-ctrl.sock", false),
];

const HOOKS: &[&str] = &[
    "libdhcp_lease_cmds.so",
    "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so",
    "/opt/kea/libdhcp_lease_cmds.so",
    "hooks/libdhcp_lease_cmds.so",
    "/usr/lib/x86_64-linux-gnu/kea/hooks/../hooks/libdhcp_lease_cmds.so",
];

/// (path, daemon, config, must agree) for every socket, log and hook case.
fn cases() -> Vec<(String, &'static str, String, bool)> {
    let mut out = Vec::new();
    for &(name, agrees) in SOCKETS {
        let unix = format!(r#"{{"socket-type": "unix", "socket-name": "{name}"}}"#);
        out.push((name.to_string(), "kea-dhcp4", format!(r#"{{"Dhcp4": {{"control-sockets": [{unix}], "subnet4": []}}}}"#), agrees));
        out.push((name.to_string(), "kea-dhcp4", format!(r#"{{"Dhcp4": {{"control-socket": {unix}, "subnet4": []}}}}"#), agrees));
        out.push((name.to_string(), "kea-dhcp6", format!(r#"{{"Dhcp6": {{"control-sockets": [{unix}], "subnet6": []}}}}"#), agrees));
        out.push((name.to_string(), "kea-dhcp-ddns", format!(r#"{{"DhcpDdns": {{"control-socket": {unix}}}}}"#), agrees));
        out.push((
            name.to_string(),
            "kea-ctrl-agent",
            format!(r#"{{"Control-agent": {{"http-host": "127.0.0.1", "http-port": 8000, "control-sockets": {{"dhcp4": {unix}}}}}}}"#),
            agrees,
        ));
    }
    // Log files: refused by the -t of the agent and of D2; kea-dhcp4's -t accepts any (its
    // daemon refuses them at startup: a warning, see below).
    for log in ["/tmp/kea.log", "/var/log/kea/kea.log", "kea.log", "/var/log/kea.log"] {
        let loggers = format!(r#""loggers": [{{"name": "x", "severity": "INFO", "output-options": [{{"output": "{log}"}}]}}]"#);
        out.push((log.to_string(), "kea-dhcp4", format!(r#"{{"Dhcp4": {{{loggers}, "subnet4": []}}}}"#), true));
        out.push((log.to_string(), "kea-dhcp-ddns", format!(r#"{{"DhcpDdns": {{{loggers}, "ip-address": "127.0.0.1"}}}}"#), true));
        out.push((
            log.to_string(),
            "kea-ctrl-agent",
            format!(r#"{{"Control-agent": {{{loggers}, "http-host": "127.0.0.1", "http-port": 8000}}}}"#),
            true,
        ));
    }
    for &lib in HOOKS {
        let hooks = format!(r#""hooks-libraries": [{{"library": "{lib}"}}]"#);
        out.push((lib.to_string(), "kea-dhcp4", format!(r#"{{"Dhcp4": {{{hooks}, "subnet4": []}}}}"#), true));
        out.push((lib.to_string(), "kea-dhcp6", format!(r#"{{"Dhcp6": {{{hooks}, "subnet6": []}}}}"#), true));
    }
    out
}

#[test]
fn socket_hook_and_log_paths_as_kea_3_0_judges_them() {
    let Some(root) = kea3_support::root() else { return };
    if !root.join("usr/sbin/kea-ctrl-agent").exists() || !root.join("usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so").exists() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "the Kea 3.0 root lacks kea-ctrl-agent or the lease_cmds hook");
        eprintln!("note: the Kea 3.0 root lacks kea-ctrl-agent or the lease_cmds hook; skipped");
        return;
    }
    let (mut agree, mut known, mut failing) = (0, 0, Vec::new());
    let mut rejected = 0;
    for (path, daemon, text, must_agree) in cases() {
        let kea = kea3_support::verdict(&root, daemon, &text);
        let (ours, diags) = kea3_support::keakit_verdict(&text, "3.0");
        rejected += usize::from(kea.is_err());
        if ours == kea.is_ok() {
            agree += 1;
        } else if !must_agree {
            known += 1;
        } else {
            failing.push(format!("{daemon} {path}: Kea {kea:?}, keakit {}", if ours { "accepts".to_string() } else { diags }));
        }
        // Kea 2.2 has no path rule: never a path error below 3.0.
        let (ours22, diags22) = kea3_support::keakit_verdict(&text, "2.2");
        assert!(ours22 || !diags22.contains("path-not-permitted"), "{daemon} {path} at 2.2: {diags22}");
    }
    eprintln!("paths: agree {agree}, known differences {known}, failing {} (Kea rejected {rejected})", failing.len());
    assert!(rejected >= 20, "the cases must include many Kea refuses ({rejected})");
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}

#[test]
fn kea_path_variables_move_the_directory() {
    let text = r#"{"Dhcp4": {"control-sockets": [{"socket-type": "unix", "socket-name": "/srv/kea/k.sock"}],
        "hooks-libraries": [{"library": "/srv/hooks/libx.so"}], "subnet4": []}}"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, text).unwrap();
    let run = |env: &[(&str, &str)]| {
        let o = Command::new(env!("CARGO_BIN_EXE_keakit"))
            .args(["check", "--format", "short"])
            .arg(&path)
            .env_remove("KEA_CONTROL_SOCKET_DIR")
            .env_remove("KEA_HOOKS_PATH")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).matches("path-not-permitted").count()
    };
    assert_eq!(run(&[]), 2);
    assert_eq!(run(&[("KEA_CONTROL_SOCKET_DIR", "/srv/kea")]), 1);
    assert_eq!(run(&[("KEA_CONTROL_SOCKET_DIR", "/srv/kea/"), ("KEA_HOOKS_PATH", "/srv/hooks")]), 0);
    // With the variable set, only its directory is Kea's (as Kea reads it).
    assert_eq!(run(&[("KEA_CONTROL_SOCKET_DIR", "/srv/other"), ("KEA_HOOKS_PATH", "/usr/lib/kea/hooks")]), 2);
}

/// Lease and log files: Kea 3.0's `-t` accepts any path, the daemon refuses at startup one
/// outside its data / log directory ("Could not open lease file: invalid path specified:
/// '/tmp', supported path is '/var/lib/kea'"; "invalid path in `output`: ... '/var/log/kea'"),
/// so keakit warns (`startup-path-not-permitted`); with KEA_DHCP_DATA_DIR / KEA_LOG_FILE_DIR
/// naming the directory, Kea starts and keakit is silent.
#[test]
fn lease_and_log_files_where_kea_3_0_starts() {
    let Some(root) = kea3_support::root() else { return };
    let config = |lease: &str, log: &str| {
        format!(
            r#"{{"Dhcp4": {{"interfaces-config": {{"interfaces": []}}, "subnet4": [],
            "lease-database": {{"type": "memfile", "name": "{lease}"}},
            "loggers": [{{"name": "kea-dhcp4", "severity": "INFO", "output-options": [{{"output": "{log}"}}]}}]}}}}"#
        )
    };
    type Env = &'static [(&'static str, &'static str)];
    let cases: [(&str, String, Env, bool); 4] = [
        ("lease file outside", config("/tmp/leases4.csv", "stdout"), &[], false),
        ("lease file in KEA_DHCP_DATA_DIR", config("{dir}/leases4.csv", "stdout"), &[("KEA_DHCP_DATA_DIR", "{dir}")], true),
        ("log file outside", config("{dir}/leases4.csv", "/tmp/kea.log"), &[("KEA_DHCP_DATA_DIR", "{dir}")], false),
        (
            "log file in KEA_LOG_FILE_DIR",
            config("{dir}/leases4.csv", "{dir}/kea.log"),
            &[("KEA_DHCP_DATA_DIR", "{dir}"), ("KEA_LOG_FILE_DIR", "{dir}")],
            true,
        ),
    ];
    for (what, text, env, starts) in cases {
        let kea = kea3_support::starts(&root, "kea-dhcp4", &text, env, 3);
        assert_eq!(kea.is_ok(), starts, "{what}: Kea 3.0 {kea:?}");
        if let Err(e) = &kea {
            assert!(e.contains("invalid path specified: '/tmp', supported path is"), "{what}: refused for another reason: {e}");
        }
        assert!(kea3_support::check(&root, "kea-dhcp4", &text.replace("{dir}", "/tmp")).is_ok(), "{what}: -t accepts it");
        keakit_warns_at_startup(what, &text, env, !starts);
    }
}

/// Hook scripts and legal_log's directory: `-t` does not read hook parameters; the daemon
/// refuses at startup a run_script `name` or a legal_log `prerotate` outside Kea's scripts
/// directory ("invalid path specified: '/tmp', supported path is '/usr/share/kea/scripts'")
/// and a legal_log `path` other than its legal log directory, so keakit warns
/// (`startup-path-not-permitted`); with KEA_HOOK_SCRIPTS_PATH / KEA_LEGAL_LOG_DIR naming the
/// directory, Kea starts and keakit is silent.
#[test]
fn hook_scripts_and_legal_log_directory_where_kea_3_0_starts() {
    let Some(root) = kea3_support::root() else { return };
    kea3_support::hook_files(&root);
    let (inside, outside) = (kea3_support::SCRIPT, kea3_support::OUTSIDE_SCRIPT);
    let config = |hooks: &str| {
        format!(
            r#"{{"Dhcp4": {{"interfaces-config": {{"interfaces": []}}, "lease-database": {{"type": "memfile", "persist": false}},
            "hooks-libraries": [{hooks}]}}}}"#
        )
    };
    let script = |name: &str| config(&format!(r#"{{"library": "libdhcp_run_script.so", "parameters": {{"name": "{name}"}}}}"#));
    let legal = |params: &str| config(&format!(r#"{{"library": "libdhcp_legal_log.so", "parameters": {params}}}"#));
    type Env = &'static [(&'static str, &'static str)];
    let cases: Vec<(&str, String, Env, bool)> = vec![
        ("run_script in the scripts directory", script(inside), &[], true),
        ("run_script outside", script(outside), &[], false),
        ("run_script in KEA_HOOK_SCRIPTS_PATH", script(outside), &[("KEA_HOOK_SCRIPTS_PATH", "/tmp")], true),
        ("legal_log in its directory", legal(r#"{"path": "/var/log/kea"}"#), &[], true),
        ("legal_log outside", legal(r#"{"path": "/tmp"}"#), &[], false),
        ("legal_log in a sub-directory", legal(r#"{"path": "/var/log/kea/sub"}"#), &[], false),
        ("legal_log in KEA_LEGAL_LOG_DIR", legal(r#"{"path": "{dir}"}"#), &[("KEA_LEGAL_LOG_DIR", "{dir}")], true),
        ("legal_log outside with syslog", legal(r#"{"type": "syslog", "path": "/tmp"}"#), &[], true),
        ("legal_log prerotate outside", legal(&format!(r#"{{"prerotate": "{outside}"}}"#)), &[], false),
        ("legal_log postrotate in the scripts directory", legal(&format!(r#"{{"postrotate": "{inside}"}}"#)), &[], true),
    ];
    for (what, text, env, starts) in cases {
        let kea = kea3_support::starts(&root, "kea-dhcp4", &text, env, 3);
        assert_eq!(kea.is_ok(), starts, "{what}: Kea 3.0 {kea:?}");
        if let Err(e) = &kea {
            assert!(e.contains("invalid path specified: '/"), "{what}: refused for another reason: {e}");
        }
        keakit_warns_at_startup(what, &text, env, !starts);
    }
}

/// keakit check on `text` with Kea's path variables as in `env` (and no others): it passes,
/// with the startup-path warning when `warns`. `{dir}` stands for one path, as it did for Kea.
fn keakit_warns_at_startup(what: &str, text: &str, env: &[(&str, &str)], warns: bool) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, text.replace("{dir}", d)).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_keakit"));
    cmd.args(["check", "--format", "short"]).arg(&path);
    for var in ["KEA_DHCP_DATA_DIR", "KEA_LOG_FILE_DIR", "KEA_HOOK_SCRIPTS_PATH", "KEA_LEGAL_LOG_DIR"] {
        cmd.env_remove(var);
    }
    let o = cmd.envs(env.iter().map(|(k, v)| (*k, v.replace("{dir}", d)))).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{what}: a warning only: {out}");
    assert_eq!(out.contains("startup-path-not-permitted"), warns, "{what}: {out}");
}
