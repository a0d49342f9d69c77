//! `keakit lint --live`: the running server's config (config-get) is linted like a file.

mod ctl_support;
use ctl_support::*;
use serde_json::Value;

#[test]
fn lint_live_reads_the_servers_config() {
    if !have_kea() {
        return;
    }
    let k = start_dhcp4();
    // The test config sets `lfc-interval: 0` (lfc-disabled); config-get reports it back.
    let o = keakit(&["lint", "--live", "--format", "json", "--target-version", "2.2"], &k.conn);
    assert_eq!(o.code, 0, "warnings only, no --deny: {}", o.stderr);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0]["file"].as_str().unwrap().starts_with("live:"), "{v}");
    let rules: Vec<&str> = files[0]["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["rule"].as_str()).collect();
    assert!(rules.contains(&"lfc-disabled"), "{rules:?}");
    // Without --target-version the server's release decides (version-get: Kea 2.2 here), so
    // the running 2.2 config is not held to 3.0's rules (its socket in a temp directory).
    let o = keakit(&["lint", "--live", "--format", "json"], &k.conn);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["target-version"], "2.2", "{v}");
    let o = keakit(&["lint", "--live", "--format", "short", "--target-version", "3.0"], &k.conn);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("path-not-permitted"), "{}", o.stdout);
    // --deny warnings turns the same findings into a failing exit code.
    let o = keakit(&["lint", "--live", "--deny", "warnings", "--format", "short"], &k.conn);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("lfc-disabled"), "{}", o.stdout);
    // An unreachable server: exit 2 with the endpoint named.
    let o = keakit(&["lint", "--live"], &["--socket".into(), k.path("nope.sock").display().to_string()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("nope.sock"), "{}", o.stderr);
}
