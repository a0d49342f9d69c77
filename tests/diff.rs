//! `keakit diff` on file pairs with known differences (fixtures/diff, reviewed by hand).

use std::process::Command;

fn keakit(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_keakit")).args(args).env("NO_COLOR", "1").output().expect("run keakit");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn fixture(p: &str) -> String {
    format!("{}/fixtures/{p}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn known_differences_are_listed_by_identity() {
    let (code, out, err) = keakit(&["diff", &fixture("diff/old.json"), &fixture("diff/new.json")]);
    assert_eq!(code, 1, "{err}");
    // Not reported: the option written by code instead of name, subnet order, the empty
    // pools list of subnet 13, the spacing of the pool range, hw-address/client-id case.
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            r#"+ Dhcp4.client-classes[name=printers]: {"name":"printers"}"#,
            r#"~ Dhcp4.subnet4[id=12].pools[0].pool: "192.0.2.10 - 192.0.2.100" → "192.0.2.10-192.0.2.150""#,
            r#"~ Dhcp4.subnet4[id=12].reservations[hw-address=aa:bb:cc:00:00:01].ip-address: "192.0.2.201" → "192.0.2.211""#,
            r#"+ Dhcp4.subnet4[id=14]: {"id":14,"subnet":"203.0.113.0/24"}"#,
        ]
    );
}

#[test]
fn json_format_and_reverse_direction() {
    let (code, out, _) = keakit(&["diff", "--format", "json", &fixture("diff/new.json"), &fixture("diff/old.json")]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["equal"], false);
    let ops: Vec<(&str, &str)> =
        v["changes"].as_array().unwrap().iter().map(|c| (c["op"].as_str().unwrap(), c["path"].as_str().unwrap())).collect();
    assert_eq!(
        ops,
        [
            ("removed", "Dhcp4.client-classes[name=printers]"),
            ("changed", "Dhcp4.subnet4[id=12].pools[0].pool"),
            ("changed", "Dhcp4.subnet4[id=12].reservations[hw-address=aa:bb:cc:00:00:01].ip-address"),
            ("removed", "Dhcp4.subnet4[id=14]"),
        ]
    );
}

#[test]
fn equal_configs_exit_0() {
    // The same config reformatted, with a comment added, is equal.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.json");
    let text = std::fs::read_to_string(fixture("diff/old.json")).unwrap();
    std::fs::write(&copy, format!("# hash comment\n{}", text.replace("\n", "\n  "))).unwrap();
    let (code, out, err) = keakit(&["diff", &fixture("diff/old.json"), copy.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("no semantic differences"), "{err}");
}

#[test]
fn text_mode_is_a_unified_diff_of_canonical_forms() {
    let (code, out, _) = keakit(&["diff", "--text", &fixture("diff/old.json"), &fixture("diff/new.json")]);
    assert_eq!(code, 1);
    assert!(out.starts_with(&format!("--- {}\n+++ {}\n@@ ", fixture("diff/old.json"), fixture("diff/new.json"))), "{out}");
    assert!(out.lines().any(|l| l.starts_with('-') && l[1..].trim() == r#""ip-address": "192.0.2.201""#), "{out}");
    assert!(out.lines().any(|l| l.starts_with('+') && l[1..].trim() == r#""ip-address": "192.0.2.211""#), "{out}");
    assert!(!out.contains("hash comment") && !out.contains("// Campus"), "comments are not part of the canonical form");
}

#[test]
fn unreadable_or_broken_input_exits_2() {
    let (code, _, err) = keakit(&["diff", "/nonexistent.json", &fixture("diff/old.json")]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent.json"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ \"Dhcp4\": { \"subnet4\": [ }").unwrap();
    let (code, _, err) = keakit(&["diff", bad.to_str().unwrap(), &fixture("diff/old.json")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot compare"), "{err}");
}

#[test]
fn live_without_a_server_is_a_clear_error() {
    let (code, _, err) = Command::new(env!("CARGO_BIN_EXE_keakit"))
        .args(["diff", "live", &fixture("diff/old.json"), "--socket", "/nonexistent/kea.sock"])
        .env("NO_COLOR", "1")
        .output()
        .map(|o| (o.status.code().unwrap_or(-1), (), String::from_utf8_lossy(&o.stderr).into_owned()))
        .unwrap();
    assert_eq!(code, 2);
    assert!(err.contains("unix:/nonexistent/kea.sock: no such socket"), "{err}");
}

/// A dhcpd.conf side is migrated on the fly: the migration of a file equals the file, and a
/// change made after migrating shows up with its path.
#[test]
fn dhcpd_conf_side_is_migrated_on_the_fly() {
    let dir = tempfile::tempdir().unwrap();
    let conf = format!("{}/fixtures/migrate/campus4.conf", env!("CARGO_MANIFEST_DIR"));
    let out = dir.path().join("campus4.json");
    let (code, _, err) = keakit(&["migrate", "-o", out.to_str().unwrap(), &conf]);
    assert!(code == 0 || code == 1, "migrate: {err}");
    let (code, stdout, err) = keakit(&["diff", &conf, out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{err}");

    let mut v: serde_json::Value = {
        let (mut doc, _) = keakit::syntax::load_file(&out).unwrap();
        doc.root.take().unwrap().to_json()
    };
    v["Dhcp4"]["valid-lifetime"] = serde_json::json!(1234);
    let changed = dir.path().join("changed.json");
    std::fs::write(&changed, v.to_string()).unwrap();
    let (code, stdout, _) = keakit(&["diff", &conf, changed.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("Dhcp4.valid-lifetime"), "{stdout}");
}
