//! `keakit lint` / `explain` from the outside: exit codes, formats, suppressions, SARIF schema.

use std::process::Command;

fn keakit(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_keakit")).args(args).env("NO_COLOR", "1").output().expect("run keakit");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn fx(p: &str) -> String {
    format!("{}/fixtures/lint/{p}", env!("CARGO_MANIFEST_DIR"))
}

// `subnet-without-id` only fires for targets below Kea 2.6 (from 2.6 a subnet without an id is
// check's error `missing-subnet-id`), so the tests that use it as a sample warning lint at 2.2.
const T22: [&str; 2] = ["--target-version", "2.2"];

#[test]
fn warnings_exit_0_unless_denied() {
    let bad = fx("subnet-without-id/bad.json");
    assert_eq!(keakit(&["lint", T22[0], T22[1], &bad]).0, 0);
    assert_eq!(keakit(&["lint", T22[0], T22[1], "--deny", "warnings", &bad]).0, 1);
    assert_eq!(keakit(&["lint", T22[0], T22[1], "--deny", "subnet-without-id", &bad]).0, 1);
    let (code, out, _) = keakit(&["lint", T22[0], T22[1], "--deny", "warnings", "--allow", "subnet-without-id", "--format", "short", &bad]);
    assert!(!out.contains("subnet-without-id"), "{out}");
    assert_eq!(code, 0, "{out}");
    assert_eq!(keakit(&["lint", "--allow", "no-such-rule", &bad]).0, 2);
    assert_eq!(keakit(&["lint", "/nonexistent.json"]).0, 2);
}

#[test]
fn a_subnet_without_id_is_an_error_from_2_6_and_not_also_a_warning() {
    let bad = fx("subnet-without-id/bad.json");
    for args in [vec!["lint", "--format", "short", &bad], vec!["lint", "--format", "short", "--target-version", "2.6", &bad]] {
        let (code, out, _) = keakit(&args);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains(":6:19: error[missing-subnet-id]"), "{out}");
        assert!(!out.contains("[subnet-without-id]"), "{out}");
    }
    // Allowing the rule does not silence check's error.
    assert_eq!(keakit(&["lint", "--allow", "subnet-without-id", &bad]).0, 1);
}

#[test]
fn check_errors_are_lint_errors() {
    let (code, out, _) = keakit(&["lint", "--format", "short", &format!("{}/fixtures/check/extra-brace.json", env!("CARGO_MANIFEST_DIR"))]);
    assert_eq!(code, 1);
    assert!(out.contains("error[syntax]"), "{out}");
}

#[test]
fn suppression_silences_the_element_and_unused_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("k.json");
    std::fs::write(
        &p,
        "{\n  \"Dhcp4\": {\n    \"interfaces-config\": { \"interfaces\": [ \"eth0\" ] },\n    \"subnet4\": [\n      // keakit-allow: subnet-without-id\n      { \"subnet\": \"192.0.2.0/24\", \"pools\": [ { \"pool\": \"192.0.2.10 - 192.0.2.100\" } ] },\n      # keakit-allow: subnet-without-id\n      { \"id\": 2, \"subnet\": \"198.51.100.0/24\", \"pools\": [ { \"pool\": \"198.51.100.10 - 198.51.100.100\" } ] },\n      { \"subnet\": \"203.0.113.0/24\", \"pools\": [ { \"pool\": \"203.0.113.10 - 203.0.113.100\" } ] }\n    ]\n  }\n}\n",
    )
    .unwrap();
    let (_, out, _) = keakit(&["lint", T22[0], T22[1], "--format", "short", p.to_str().unwrap()]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().any(|l| l.contains(":9:19: warning[subnet-without-id]")), "{out}");
    assert!(!lines.iter().any(|l| l.contains(":6:") && l.contains("subnet-without-id")), "{out}");
    assert!(lines.iter().any(|l| l.contains(":7:7: warning[unused-suppression]")), "{out}");
}

#[test]
fn github_lines_have_file_line_col() {
    let f = fx("subnet-without-id/bad.json");
    let (_, out, _) = keakit(&["lint", T22[0], T22[1], "--format", "github", &f]);
    let line = out.lines().find(|l| l.contains("subnet-without-id")).expect("annotation");
    assert!(line.starts_with(&format!("::warning file={},line=6,col=19,", f)), "{line}");
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx("sarif-schema-2.1.0.json")).unwrap()).expect("schema is JSON");
    // The published schema's `run.language` pattern has a stray `]` (`...{2}]?$`) that the
    // validator refuses as a regex; it constrains a property keakit never writes, so it is
    // replaced by the pattern the text of the spec describes (a language tag such as en-US).
    for def in ["run", "toolComponent"] {
        let lang = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
        assert_eq!(lang, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$", "vendored schema changed");
        *lang = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let (_, out, _) = keakit(&["lint", "--format", "sarif", &fx("overlapping-subnets/bad.json"), &fx("timer-order/bad.json")]);
    let log: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "overlapping-subnets" && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 7)
    );
    // The validator really rejects a broken log (the test could fail).
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn list_json_has_every_rule_and_explain_shows_examples() {
    let (code, out, _) = keakit(&["lint", "--list", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.len() >= 40 && ids.contains(&"overlapping-subnets") && ids.contains(&"expression-always-false"));
    let (code, out, _) = keakit(&["explain", "reservation-in-pool"]);
    assert_eq!(code, 0);
    assert!(out.contains("Bad:") && out.contains("Good:") && out.contains("192.0.2.50") && !out.contains("// expect"), "{out}");
    assert_eq!(keakit(&["explain", "nope"]).0, 2);
}
