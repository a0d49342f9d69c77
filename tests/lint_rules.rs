//! Every lint rule fires on its bad fixture at the positions written (and reviewed) on the
//! fixture's first line, and not on its good fixture; no rule fires on Kea's own examples
//! except where the example really has the problem.

use keakit::lint::rules::ALL;
use keakit::lint::run::{LintOptions, lint_document};
use std::path::Path;
mod kea3_support;

fn lint(path: &Path, opts: &LintOptions) -> Vec<(String, usize, usize)> {
    let (mut doc, parse) = keakit::syntax::load_file(path).expect("read fixture");
    let diags = lint_document(&mut doc, parse, opts);
    diags
        .iter()
        .filter_map(|d| {
            let s = d.span?;
            let (l, c) = doc.sources.get(s.file).line_col(s.start as usize);
            Some((d.code.to_string(), l, c))
        })
        .collect()
}

const REQUIRED: &[&str] = &[
    "lease-cmds-missing",
    "host-cmds-missing",
    "dispensable-shared-network",
    "dispensable-subnet",
    "reservations-out-of-pool-hint",
    "overlapping-subnets",
    "non-canonical-prefix",
    "ha-mt-mismatch",
    "ha-dedicated-ports",
    "pool-exhausted-by-reservations",
    "pd-pool-exhausted-by-reservations",
    "subnet-cmds-with-config-backend",
    "statistics-overflow",
    "credentials-over-http",
    "ca-missing-control-sockets",
    "subnet-without-id",
    "reservation-in-pool",
    "duplicate-reservation",
    "router-outside-subnet",
    "option-overridden",
    "class-used-before-defined",
    "undefined-class",
    "unused-class",
    "unused-option-def",
    "custom-option-never-sent",
    "deprecated-key",
    "plaintext-password",
    "memfile-not-persistent",
    "lfc-disabled",
    "no-interfaces",
    "empty-pool",
    "lifetime-bounds",
    "timer-order",
    "hostname-without-qualifying-suffix",
    "ddns-without-d2",
    "relay-address-mismatch",
    "pool-utilization-risk",
    "mt-queue-control",
    "expression-always-false",
];

#[test]
fn registry_has_every_required_rule_and_forty_in_total() {
    for id in REQUIRED {
        assert!(keakit::lint::find(id).is_some(), "missing rule {id}");
    }
    assert!(ALL.len() >= 40, "{} rules", ALL.len());
    let mut ids: Vec<_> = ALL.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), ALL.len(), "duplicate rule ids");
    for r in ALL {
        assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{} is not kebab-case", r.id);
        assert!(r.doc.len() > 80 && !r.summary.is_empty(), "{} lacks documentation", r.id);
    }
}

/// The first line of a bad fixture is `// expect: LINE:COL ...`, optionally followed by
/// `target=X.Y` when the rule only applies to some Kea versions (both fixtures are then linted
/// at that target instead of the default one).
#[test]
fn each_rule_fires_on_its_bad_fixture_at_the_expected_place_and_not_on_its_good_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lint");
    let mut failures = Vec::new();
    for r in ALL {
        let bad = dir.join(r.id).join("bad.json");
        let first = r.bad.lines().next().unwrap_or("");
        let words: Vec<&str> = first
            .strip_prefix("// expect:")
            .unwrap_or_else(|| panic!("{}: bad.json must start with `// expect: LINE:COL`", r.id))
            .split_whitespace()
            .collect();
        let mut opts = LintOptions::default();
        if let Some(v) = words.iter().find_map(|w| w.strip_prefix("target=")) {
            opts.check.version = v.parse().unwrap_or_else(|e| panic!("{}: {e}", r.id));
        }
        let want: Vec<(usize, usize)> = words
            .iter()
            .filter(|w| !w.starts_with("target="))
            .map(|p| {
                let (l, c) = p.split_once(':').unwrap();
                (l.parse().unwrap(), c.parse().unwrap())
            })
            .collect();
        assert!(!want.is_empty(), "{}: no expected positions", r.id);
        let got: Vec<(usize, usize)> = lint(&bad, &opts).into_iter().filter(|f| f.0 == r.id).map(|f| (f.1, f.2)).collect();
        if got != want {
            failures.push(format!("{}: bad fixture: expected {want:?}, got {got:?}", r.id));
        }
        let good: Vec<_> = lint(&dir.join(r.id).join("good.json"), &opts).into_iter().filter(|f| f.0 == r.id).collect();
        if !good.is_empty() {
            failures.push(format!("{}: fires on its good fixture: {good:?}", r.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// From Kea 2.6 a subnet without an id is check's error, and the lint rule stays silent
/// (one finding, not two, for the same subnet).
#[test]
fn subnet_without_id_defers_to_check_from_2_6() {
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lint/subnet-without-id/bad.json");
    for (v, want) in
        [("2.2", "subnet-without-id"), ("2.4", "subnet-without-id"), ("2.6", "missing-subnet-id"), ("3.0", "missing-subnet-id")]
    {
        let mut opts = LintOptions::default();
        opts.check.version = v.parse().unwrap();
        let codes: Vec<String> =
            lint(&bad, &opts).into_iter().filter(|f| f.0.contains("id")).map(|f| format!("{}@{}:{}", f.0, f.1, f.2)).collect();
        assert_eq!(codes, [format!("{want}@6:19")], "target {v}");
    }
}

/// Findings on Kea 2.2's own examples that are real problems of the example, with the reason.
/// (example, rule): listed after looking at what fired; the reason per rule is in `WHY`.
const EXAMPLE_FINDINGS: &[(&str, &str)] = &[
    ("agent/comments.json", "credentials-over-http"),
    ("agent/comments.json", "plaintext-password"),
    ("agent/https.json", "ca-missing-control-sockets"),
    ("agent/rbac.json", "ca-missing-control-sockets"),
    ("agent/simple.json", "credentials-over-http"),
    ("agent/simple.json", "plaintext-password"),
    ("kea4/advanced.json", "subnet-without-id"),
    ("kea4/advanced.json", "unused-option-def"),
    ("kea4/all-keys-netconf.json", "ddns-without-d2"),
    ("kea4/all-keys-netconf.json", "dispensable-shared-network"),
    ("kea4/all-keys-netconf.json", "host-cmds-missing"),
    ("kea4/all-keys-netconf.json", "plaintext-password"),
    ("kea4/all-keys-netconf.json", "unused-option-def"),
    ("kea4/all-keys.json", "ddns-without-d2"),
    ("kea4/all-keys.json", "dispensable-shared-network"),
    ("kea4/all-keys.json", "host-cmds-missing"),
    ("kea4/all-keys.json", "plaintext-password"),
    ("kea4/all-keys.json", "unused-option-def"),
    ("kea4/all-options.json", "dispensable-subnet"),
    ("kea4/all-options.json", "no-interfaces"),
    ("kea4/all-options.json", "subnet-without-id"),
    ("kea4/backends.json", "subnet-without-id"),
    ("kea4/classify.json", "subnet-without-id"),
    ("kea4/classify.json", "unused-class"),
    ("kea4/classify.json", "unused-option-def"),
    ("kea4/classify2.json", "subnet-without-id"),
    ("kea4/classify2.json", "unused-class"),
    ("kea4/classify2.json", "unused-option-def"),
    ("kea4/comments.json", "dispensable-shared-network"),
    ("kea4/comments.json", "unused-class"),
    ("kea4/comments.json", "unused-option-def"),
    ("kea4/config-backend.json", "plaintext-password"),
    ("kea4/dhcpv4-over-dhcpv6.json", "subnet-without-id"),
    ("kea4/global-reservations.json", "subnet-without-id"),
    ("kea4/ha-load-balancing-primary.json", "subnet-without-id"),
    ("kea4/hooks-radius.json", "unused-option-def"),
    ("kea4/hooks.json", "subnet-without-id"),
    ("kea4/leases-expiration.json", "subnet-without-id"),
    ("kea4/multiple-options.json", "subnet-without-id"),
    ("kea4/mysql-reservations.json", "host-cmds-missing"),
    ("kea4/mysql-reservations.json", "plaintext-password"),
    ("kea4/pgsql-reservations.json", "host-cmds-missing"),
    ("kea4/pgsql-reservations.json", "plaintext-password"),
    ("kea4/reservations.json", "subnet-without-id"),
    ("kea4/several-subnets.json", "subnet-without-id"),
    ("kea4/shared-network.json", "dispensable-subnet"),
    ("kea4/shared-network.json", "empty-pool"),
    ("kea4/single-subnet.json", "subnet-without-id"),
    ("kea4/vendor-specific.json", "subnet-without-id"),
    ("kea4/vivso.json", "subnet-without-id"),
    ("kea4/with-ddns.json", "subnet-without-id"),
    ("kea6/advanced.json", "subnet-without-id"),
    ("kea6/all-keys-netconf.json", "ddns-without-d2"),
    ("kea6/all-keys-netconf.json", "dispensable-shared-network"),
    ("kea6/all-keys-netconf.json", "host-cmds-missing"),
    ("kea6/all-keys-netconf.json", "plaintext-password"),
    ("kea6/all-keys-netconf.json", "statistics-overflow"),
    ("kea6/all-keys-netconf.json", "unused-option-def"),
    ("kea6/all-keys.json", "ddns-without-d2"),
    ("kea6/all-keys.json", "dispensable-shared-network"),
    ("kea6/all-keys.json", "host-cmds-missing"),
    ("kea6/all-keys.json", "plaintext-password"),
    ("kea6/all-keys.json", "statistics-overflow"),
    ("kea6/all-keys.json", "unused-option-def"),
    ("kea6/all-options.json", "custom-option-never-sent"),
    ("kea6/all-options.json", "dispensable-subnet"),
    ("kea6/all-options.json", "no-interfaces"),
    ("kea6/all-options.json", "subnet-without-id"),
    ("kea6/backends.json", "subnet-without-id"),
    ("kea6/classify.json", "subnet-without-id"),
    ("kea6/classify.json", "unused-class"),
    ("kea6/classify2.json", "statistics-overflow"),
    ("kea6/classify2.json", "subnet-without-id"),
    ("kea6/classify2.json", "unused-class"),
    ("kea6/comments.json", "dispensable-shared-network"),
    ("kea6/comments.json", "statistics-overflow"),
    ("kea6/comments.json", "unused-class"),
    ("kea6/comments.json", "unused-option-def"),
    ("kea6/config-backend.json", "plaintext-password"),
    ("kea6/dhcpv4-over-dhcpv6.json", "subnet-without-id"),
    ("kea6/duid.json", "subnet-without-id"),
    ("kea6/global-reservations.json", "statistics-overflow"),
    ("kea6/global-reservations.json", "subnet-without-id"),
    ("kea6/global-reservations.json", "undefined-class"),
    ("kea6/ha-hot-standby.json", "subnet-without-id"),
    ("kea6/hooks.json", "subnet-without-id"),
    ("kea6/iPXE.json", "dispensable-subnet"),
    ("kea6/iPXE.json", "subnet-without-id"),
    ("kea6/leases-expiration.json", "subnet-without-id"),
    ("kea6/multiple-options.json", "subnet-without-id"),
    ("kea6/mysql-reservations.json", "host-cmds-missing"),
    ("kea6/mysql-reservations.json", "plaintext-password"),
    ("kea6/pgsql-reservations.json", "host-cmds-missing"),
    ("kea6/pgsql-reservations.json", "plaintext-password"),
    ("kea6/reservations.json", "subnet-without-id"),
    ("kea6/reservations.json", "undefined-class"),
    ("kea6/several-subnets.json", "subnet-without-id"),
    ("kea6/shared-network.json", "statistics-overflow"),
    ("kea6/shared-network.json", "subnet-without-id"),
    ("kea6/simple.json", "subnet-without-id"),
    ("kea6/softwire46.json", "subnet-without-id"),
    ("kea6/tee-times.json", "subnet-without-id"),
    ("kea6/with-ddns.json", "subnet-without-id"),
];

/// Why each rule that fires on some example is right there.
const WHY: &[(&str, &str)] = &[
    ("ca-missing-control-sockets", "the agent example has no control-sockets: it cannot forward commands"),
    ("credentials-over-http", "basic auth configured on the agent without TLS"),
    ("custom-option-never-sent", "custom option set without always-send"),
    ("ddns-without-d2", "ddns-send-updates true while dhcp-ddns.enable-updates is false"),
    ("dispensable-shared-network", "the example shared network holds at most one subnet"),
    ("dispensable-subnet", "the subnet has no pools (empty list) and no reservations"),
    ("empty-pool", "`pools: []` in the example"),
    ("host-cmds-missing", "hosts-database without libdhcp_host_cmds"),
    ("no-interfaces", "`interfaces: []` in the example"),
    ("plaintext-password", "literal database / basic-auth passwords"),
    ("statistics-overflow", "a /64 (or larger) IPv6 pool: 2^64 addresses overflow Kea 2.2 statistics"),
    ("subnet-without-id", "the example subnets have no id"),
    ("undefined-class", "the reservation names classes the example does not define (also a check warning)"),
    ("unused-class", "the example defines classes nothing references and that set nothing / are never required"),
    ("unused-option-def", "the example defines options no option-data or test uses"),
];

#[test]
fn no_rule_fires_on_kea_examples_unless_the_example_has_the_problem() {
    let root = Path::new("/usr/share/doc/kea/examples");
    if !root.exists() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "Kea examples missing under CI");
        eprintln!("note: /usr/share/doc/kea/examples not installed; skipping");
        return;
    }
    let opts = LintOptions {
        check: keakit::check::CheckOptions { daemon: None, version: keakit::version::KeaVersion::V2_2, ..Default::default() },
        ..Default::default()
    };
    let mut unexpected = Vec::new();
    let mut files: Vec<_> = ["kea4", "kea6", "agent", "ddns"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let rule_ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
    for f in files {
        let name = f.strip_prefix(root).unwrap().display().to_string();
        for (code, l, c) in lint(&f, &opts) {
            if !rule_ids.contains(&code.as_str()) {
                continue; // check's own findings are check's tests' business
            }
            if !EXAMPLE_FINDINGS.iter().any(|(file, rule)| *file == name && *rule == code) {
                unexpected.push(format!("{name}:{l}:{c}: {code}"));
            }
        }
    }
    assert!(unexpected.is_empty(), "rules fired on Kea examples:\n{}", unexpected.join("\n"));
    for (_, rule) in EXAMPLE_FINDINGS {
        assert!(WHY.iter().any(|(r, _)| r == rule), "no reason given for {rule}");
    }
}

/// `logger-severity-unknown` against kea-ctrl-agent 2.2, which configures its loggers during
/// `-t` and logs LOG_BAD_SEVERITY for a severity it does not know (and goes on): the rule
/// fires exactly where Kea logs that.
#[test]
fn logger_severities_as_kea_reads_them() {
    let agent = std::process::Command::new("kea-ctrl-agent").arg("-v").output();
    if agent.is_err() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "kea-ctrl-agent not installed (CI=true)");
        eprintln!("note: kea-ctrl-agent not installed; skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agent.json");
    let mut differ = Vec::new();
    let values = ["INFO", "info", "Debug", "WARN", "warn", "WARNING", "ERROR", "FATAL", "NONE", "none", "bogus", "", " INFO", "INFO "];
    for sev in values {
        let text = serde_json::json!({"Control-agent": {"http-host": "127.0.0.1", "http-port": 18000, "loggers": [
            {"name": "kea-ctrl-agent", "severity": sev, "output_options": [{"output": "stdout"}]}
        ]}})
        .to_string();
        std::fs::write(&path, &text).unwrap();
        let (accepted, out) = kea3_support::kea22_test("kea-ctrl-agent", &text);
        assert!(accepted, "{sev:?}: kea-ctrl-agent -t refuses: {out}");
        let kea = out.contains("LOG_BAD_SEVERITY");
        let ours = lint(&path, &LintOptions::default()).iter().any(|(code, ..)| code == "logger-severity-unknown");
        if kea != ours {
            differ.push(format!(
                "{sev:?}: Kea {}, keakit {}",
                if kea { "complains" } else { "takes it" },
                if ours { "warns" } else { "silent" }
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
