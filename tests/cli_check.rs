//! `keakit check` from the outside: exit codes, formats, and bad input.

use std::process::Command;

fn keakit(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_keakit")).args(args).env("NO_COLOR", "1").output().expect("run keakit");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn fixture(p: &str) -> String {
    format!("{}/fixtures/{p}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn valid_config_exits_0() {
    let (code, _, err) = keakit(&["check", &fixture("examples/kea-dhcp4.conf")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(": ok"), "{err}");
}

#[test]
fn extra_brace_is_pointed_at_exits_1() {
    let (code, out, _) = keakit(&["check", "--format", "short", &fixture("check/extra-brace.json")]);
    assert_eq!(code, 1);
    // Line 13 holds the extra `}`; Kea itself complains about line 14.
    assert!(out.starts_with(&format!("{}:13:9: error[syntax]", fixture("check/extra-brace.json"))), "{out}");
}

#[test]
fn text_output_has_source_line_label_and_help() {
    let (code, _, err) = keakit(&["check", &fixture("check/extra-brace.json")]);
    assert_eq!(code, 1);
    assert!(err.contains("extra-brace.json:13:9"), "{err}");
    assert!(err.contains("        },"), "source line missing: {err}");
    assert!(err.contains("help: remove this `}`"), "{err}");
}

#[test]
fn json_format_is_machine_readable() {
    let (code, out, _) = keakit(&["check", "--format", "json", &fixture("check/extra-brace.json"), &fixture("examples/kea-dhcp4.conf")]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["valid"], false);
    assert_eq!(files[0]["diagnostics"][0]["location"]["line"], 13);
    assert_eq!(files[0]["diagnostics"][0]["location"]["column"], 9);
    assert_eq!(files[1]["valid"], true);
}

#[test]
fn unreadable_file_exits_2_naming_it() {
    let (code, _, err) = keakit(&["check", "/nonexistent/kea.conf"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/kea.conf"), "{err}");
}

#[test]
fn unreadable_include_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("main.json");
    std::fs::write(&f, "{\"Dhcp4\": { <?include \"missing-part.json\"?> \"valid-lifetime\": 10 }}").unwrap();
    let (code, _, err) = keakit(&["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing-part.json"), "{err}");
}

#[test]
fn binary_garbage_is_a_diagnostic_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("garbage.bin");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 7) as u8).collect();
    std::fs::write(&f, bytes).unwrap();
    let (code, _, err) = keakit(&["check", f.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("error"), "{err}");
}

#[test]
fn usage_error_exits_2() {
    let (code, _, _) = keakit(&["check"]);
    assert_eq!(code, 2);
    let (code, _, _) = keakit(&["check", "--target-version", "9.9", &fixture("examples/kea-dhcp4.conf")]);
    assert_eq!(code, 2);
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_keakit"))
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"{\"Dhcp4\": {\"valid-lifetime\": 100,}}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("extraneous comma"));
}
