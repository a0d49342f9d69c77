//! Kea 3.0's own config check (`kea-dhcp4 -t`, `kea-dhcp6 -t`, `kea-dhcp-ddns -t`), the
//! oracle for keakit's default target version. Debian stable ships Kea 2.2 only; Kea 3.0
//! runs from a Debian sid root made by debootstrap (`.ci/run` makes it and exports its path
//! as `KEAKIT_KEA3_ROOT`). Configs are copied into that root and checked under `chroot`
//! (the tests run as root). No root: `None` with a note, or a panic under CI=true.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The sid root holding Kea 3.0, when there is one.
pub fn root() -> Option<PathBuf> {
    let root = std::env::var_os("KEAKIT_KEA3_ROOT").map(PathBuf::from).filter(|r| r.join("usr/sbin/kea-dhcp4").exists());
    if root.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("Kea 3.0 oracle missing: KEAKIT_KEA3_ROOT must name a Debian sid root with kea-dhcp4 3.0 (.ci/run makes it)");
        }
        eprintln!("note: KEAKIT_KEA3_ROOT not set (see .ci/run): Kea 3.0 checks skipped");
    }
    root
}

/// The version the root's daemon prints (`kea-dhcp4 -v`), e.g. "3.0.4".
pub fn version(root: &Path) -> String {
    let o = Command::new("chroot").arg(root).args(["kea-dhcp4", "-v"]).output().expect("chroot kea-dhcp4 -v");
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// `DAEMON -t` on `text` inside the root: Ok, or Err with the daemon's last lines.
pub fn check(root: &Path, daemon: &str, text: &str) -> Result<(), String> {
    run(root, daemon, text).map_err(|all| all.lines().rev().take(3).collect::<Vec<_>>().join(" / "))
}

/// `DAEMON -t` on `text` inside the root: Ok, or Err with the first line that states the
/// error (Kea prints "Syntax check failed with: ..." or "Error encountered: ..."), else the
/// last line.
pub fn verdict(root: &Path, daemon: &str, text: &str) -> Result<(), String> {
    run(root, daemon, text).map_err(|all| {
        let find = |pat: &str| all.lines().find(|l| l.contains(pat));
        find("Error encountered")
            .or_else(|| find("check failed"))
            .or_else(|| find("ERROR"))
            .or_else(|| all.lines().rfind(|l| !l.trim().is_empty()))
            .unwrap_or("")
            .trim()
            .to_string()
    })
}

/// `DAEMON -t` on `text` inside the root: Ok, or Err with everything the daemon printed.
fn run(root: &Path, daemon: &str, text: &str) -> Result<(), String> {
    let o = output(command_in_root(root, daemon, "-t", &|_| text.to_string(), &[], None));
    if o.status.success() { Ok(()) } else { Err(printed(&o)) }
}

/// Start `daemon -c` on `text` inside the root with `env` and stop it after `seconds`: Ok
/// when it was still running then (it started), Err with its output when it exited by itself
/// (it refused the config). `{dir}` in `text` and in `env` values stands for a private
/// directory inside the root (mode 0750, as Kea 3.0 wants its directories).
pub fn starts(root: &Path, daemon: &str, text: &str, env: &[(&str, &str)], seconds: u32) -> Result<(), String> {
    let o = output(command_in_root(root, daemon, "-c", &|inside| text.replace("{dir}", inside), env, Some(seconds)));
    // timeout(1) exits 124 when it had to stop the daemon.
    if o.status.code() == Some(124) { Ok(()) } else { Err(printed(&o)) }
}

/// `DAEMON FLAG config.json` under chroot, the config (`text` of the private directory's path
/// inside the root) in a private directory made for it; stopped after `seconds` if given.
/// Kea's pid and lock files go to that directory; its other directories stay its own (keakit
/// judges socket, hook and log paths against them, src/check/paths.rs). Gives the command and
/// the directory, which the caller removes (`output` does both).
pub fn command_in_root(
    root: &Path,
    daemon: &str,
    flag: &str,
    text: &dyn Fn(&str) -> String,
    env: &[(&str, &str)],
    seconds: Option<u32>,
) -> (Command, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    static N: AtomicUsize = AtomicUsize::new(0);
    let rel = format!("tmp/keakit-test-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let dir = root.join(&rel);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o750)).unwrap();
    let inside = format!("/{rel}");
    std::fs::write(dir.join("config.json"), text(&inside)).unwrap();
    let mut vars = vec![format!("KEA_PIDFILE_DIR={inside}"), format!("KEA_LOCKFILE_DIR={inside}")];
    vars.extend(env.iter().map(|(k, v)| format!("{k}={}", v.replace("{dir}", &inside))));
    let mut cmd = match seconds {
        Some(s) => {
            let mut c = Command::new("timeout");
            c.arg(s.to_string()).arg("chroot");
            c
        }
        None => Command::new("chroot"),
    };
    cmd.arg(root).arg("env").args(&vars).arg(daemon).arg(flag).arg(format!("{inside}/config.json"));
    (cmd, dir)
}

/// Run a command of `command_in_root` to its end and remove its directory.
fn output((mut cmd, dir): (Command, PathBuf)) -> std::process::Output {
    let o = cmd.output().expect("chroot");
    let _ = std::fs::remove_dir_all(&dir);
    o
}

fn printed(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// What hooks that run scripts or write logs need in the root to start, as a Kea package
/// installed on a server has it: Kea's legal log directory, and a script that may be run
/// (`SCRIPT`, in Kea's scripts directory) with a copy outside it (`OUTSIDE_SCRIPT`).
pub fn hook_files(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(root.join("var/log/kea")).unwrap();
    for script in [SCRIPT, OUTSIDE_SCRIPT] {
        let path = root.join(script.trim_start_matches('/'));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "#!/bin/sh\nexit 0\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
pub const SCRIPT: &str = "/usr/share/kea/scripts/keakit-test.sh";
pub const OUTSIDE_SCRIPT: &str = "/tmp/keakit-test.sh";

/// keakit's own verdict on `text` at target `version` (ok or not, and its short output), with
/// Kea's path variables unset (keakit reads them as Kea does): what the -t verdicts above are
/// compared with.
pub fn keakit_verdict(text: &str, version: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_keakit"))
        .args(["check", "--format", "short", "--target-version", version])
        .arg(&path)
        .env_remove("KEA_CONTROL_SOCKET_DIR")
        .env_remove("KEA_HOOKS_PATH")
        .env_remove("KEA_LOG_FILE_DIR")
        .env_remove("KEA_DHCP_DATA_DIR")
        .env_remove("KEA_LEGAL_LOG_DIR")
        .env_remove("KEA_HOOK_SCRIPTS_PATH")
        .output()
        .unwrap();
    (o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Logger shapes every daemon is judged on (tests/check_daemons.rs: the agent and the DDNS
/// daemon; tests/check_hooks.rs: the DHCP servers as they start): with and without a name,
/// a severity, a good debuglevel, an output.
pub const LOGGERS: [&str; 12] = [
    r#"{"name": "x"}"#,
    r#"{"severity": "INFO"}"#,
    r#"{"name": "x", "severity": "WARN"}"#,
    r#"{"name": "", "severity": ""}"#,
    r#"{"name": "x", "severity": "INFO", "debuglevel": -1}"#,
    r#"{"name": "x", "severity": "INFO", "debuglevel": 0}"#,
    r#"{"name": "x", "severity": "INFO", "debuglevel": 99}"#,
    r#"{"name": "x", "severity": "INFO", "debuglevel": 100}"#,
    r#"{"name": "x", "severity": "INFO", "output_options": [{"output": "stderr"}]}"#,
    r#"{"name": "x", "severity": "INFO", "output_options": [{"output": ""}]}"#,
    r#"{"name": "x", "severity": "INFO", "output_options": [{"flush": true}]}"#,
    r#"{"name": "x", "severity": "INFO", "output-options": [{"flush": true}]}"#,
];

/// `daemon -t` of this machine's Kea 2.2 (Debian stable's) on `text`: whether it accepts it,
/// and what it printed (stdout, then stderr).
pub fn kea22_test(daemon: &str, text: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, text).unwrap();
    let kea = Command::new(daemon)
        .arg("-t")
        .arg(&path)
        .env("KEA_PIDFILE_DIR", dir.path())
        .env("KEA_LOCKFILE_DIR", dir.path())
        .output()
        .unwrap_or_else(|e| panic!("run {daemon}: {e}"));
    (kea.status.success(), format!("{}{}", String::from_utf8_lossy(&kea.stdout), String::from_utf8_lossy(&kea.stderr)))
}
