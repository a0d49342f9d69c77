//! `keakit config edit` against the real kea-dhcp4, non-interactively: EDITOR is a script.

mod ctl_support;
use ctl_support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

fn editor(k: &Kea, name: &str, body: &str) -> PathBuf {
    let p = k.path(name);
    std::fs::write(&p, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

fn live(k: &Kea, key: &str) -> i64 {
    let o = keakit(&["config-get", "--format", "json"], &k.conn);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    v["Dhcp4"][key].as_i64().unwrap()
}

/// A value config-get shows at the global level only (valid-lifetime is copied into each
/// subnet with min/max bounds, so changing it alone would rightly fail the check).
const SED_3600: &str = r#"sed -i 's/"decline-probation-period": 86400/"decline-probation-period": 3600/' "$1""#;
/// For files written by the test, where valid-lifetime is global only.
const SED_4444: &str = r#"sed -i 's/"valid-lifetime": 4000/"valid-lifetime": 4444/' "$1""#;

#[test]
fn edit_check_diff_confirm_set() {
    if !have_kea() {
        return;
    }
    let k = start_dhcp4();
    let ed = editor(&k, "ed.sh", SED_3600);
    let env = &[("EDITOR", ed.to_str().unwrap())];

    // Declined (stdin is empty): nothing is set, the edit is kept, exit 1.
    let o = keakit_env(&["config", "edit"], &k.conn, env);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("~ Dhcp4.decline-probation-period: 86400 → 3600"), "{}", o.stdout);
    assert!(o.stderr.contains("not applied; your edit is kept in"), "{}", o.stderr);
    assert_eq!(live(&k, "decline-probation-period"), 86400);

    // --yes: set.
    let o = keakit_env(&["config", "edit", "--yes"], &k.conn, env);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("config set"), "{}", o.stderr);
    assert_eq!(live(&k, "decline-probation-period"), 3600);

    // Editing again with the same script changes nothing: "no changes", exit 0.
    let o = keakit_env(&["config", "edit", "--yes"], &k.conn, env);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("no changes"), "{}", o.stderr);
}

#[test]
fn edit_with_errors_is_refused_and_kept() {
    if !have_kea() {
        return;
    }
    let k = start_dhcp4();
    let ed = editor(&k, "ed.sh", r##"sed -i 's|"10.0.0.0/24"|"10.0.1.0/24"|' "$1""##);
    let o = keakit_env(&["config", "edit", "--yes"], &k.conn, &[("EDITOR", ed.to_str().unwrap())]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("pool-outside-subnet") && o.stderr.contains("nothing was sent"), "{}", o.stderr);
    let kept = o.stderr.split("kept in ").nth(1).unwrap().trim();
    assert!(std::fs::read_to_string(kept).unwrap().contains("10.0.1.0/24"), "the edit survives");
    let _ = std::fs::remove_file(kept);
}

#[test]
fn edit_conflict_when_the_server_changed_meanwhile() {
    if !have_kea() {
        return;
    }
    let k = start_dhcp4();
    // While "the operator edits", someone else sets valid-lifetime 7777.
    let other = k.path("other.json");
    std::fs::write(&other, dhcp4_config(k.dir.path()).replace("\"valid-lifetime\": 4000", "\"valid-lifetime\": 7777")).unwrap();
    let body = format!(
        "{} config-set --target-version 2.2 {} {} >/dev/null 2>&1\n{SED_3600}",
        env!("CARGO_BIN_EXE_keakit"),
        other.display(),
        k.conn.join(" ")
    );
    let ed = editor(&k, "ed.sh", &body);
    let o = keakit_env(&["config", "edit", "--yes"], &k.conn, &[("EDITOR", ed.to_str().unwrap())]);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("changed since it was fetched"), "{}", o.stderr);
    assert!(o.stderr.contains("~ Dhcp4.valid-lifetime: 4000 → 7777"), "shows what changed: {}", o.stderr);
    assert_eq!(live(&k, "valid-lifetime"), 7777, "the other change is not overwritten");
}

#[test]
fn edit_from_file_keeps_comments_and_writes() {
    if !have_kea() {
        return;
    }
    let k = start_dhcp4();
    let file = k.path("edited.conf");
    std::fs::write(&file, dhcp4_config(k.dir.path())).unwrap();
    let ed = editor(&k, "ed.sh", SED_4444);
    let o = keakit_env(
        &["config", "edit", "--yes", "--write", "--target-version", "2.2", "--file", file.to_str().unwrap()],
        &k.conn,
        &[("EDITOR", ed.to_str().unwrap())],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(live(&k, "valid-lifetime"), 4444);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("// Started by keakit's tests.") && text.contains("\"valid-lifetime\": 4444"), "{text}");
    // config-write wrote Kea's own config file (the one it started from).
    assert!(o.stdout.contains("Configuration written to"), "{}", o.stdout);
    let started_from = std::fs::read_to_string(k.path("kea-dhcp4.conf")).unwrap();
    assert!(started_from.contains("4444"), "{started_from}");
}
