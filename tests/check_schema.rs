//! The schema validator against Kea itself.
//!
//! `fixtures/schema/cases.json` holds small configs for all four daemons with the verdict
//! and message of the Kea 2.2 daemon (`kea-dhcp4 -t`, `kea-dhcp6 -t`, `kea-ctrl-agent -t`,
//! `kea-dhcp-ddns -t`), recorded by `fixtures/schema/cases.py`, which re-runs Kea on them.
//! keakit, targeting 2.2, must agree on every verdict, and when Kea rejects, must say why
//! with the expected schema code.

use keakit::check::{CheckOptions, check_all};
use keakit::daemon::Daemon;
use keakit::diag::Diagnostic;
use keakit::version::KeaVersion;

fn check(text: &str, daemon: Option<Daemon>, version: KeaVersion) -> Vec<Diagnostic> {
    let (mut doc, parse) = keakit::syntax::load_str("case.json", text);
    check_all(&mut doc, parse, &CheckOptions { daemon, version, ..Default::default() })
}

fn daemon(name: &str) -> Daemon {
    match name {
        "dhcp4" => Daemon::Dhcp4,
        "dhcp6" => Daemon::Dhcp6,
        "ctrl-agent" => Daemon::CtrlAgent,
        "d2" => Daemon::D2,
        other => panic!("unknown daemon {other}"),
    }
}

#[test]
fn verdicts_agree_with_kea_2_2() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/schema/cases.json");
    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 60, "expected at least 60 oracle cases, found {}", cases.len());
    let mut failures = Vec::new();
    let mut per_daemon = std::collections::BTreeMap::<&str, usize>::new();
    for c in cases {
        let text = c["config"].as_str().unwrap();
        let d = c["daemon"].as_str().unwrap();
        *per_daemon.entry(d).or_default() += 1;
        let diags = check(text, Some(daemon(d)), KeaVersion::V2_2);
        let errors: Vec<&Diagnostic> = diags.iter().filter(|x| x.is_error()).collect();
        let accepts = c["kea_accepts"].as_bool().unwrap();
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        if accepts && !errors.is_empty() {
            failures.push(format!("Kea accepts, keakit reports {codes:?}: {text}"));
        }
        if !accepts {
            let want = c["code"].as_str().unwrap_or("<any>");
            if !codes.contains(&want) {
                failures.push(format!("Kea rejects ({}), keakit reports {codes:?} (want {want}): {text}", c["kea_message"]));
            }
        }
        for e in &errors {
            assert!(e.span.is_some() && e.help.is_some(), "error without span or help: {e:?}");
        }
    }
    for d in ["dhcp4", "dhcp6", "ctrl-agent", "d2"] {
        assert!(per_daemon.get(d).copied().unwrap_or(0) >= 8, "too few cases for {d}: {per_daemon:?}");
    }
    assert!(failures.is_empty(), "{} disagreements with Kea:\n{}", failures.len(), failures.join("\n"));
}

fn codes(text: &str, daemon: Option<Daemon>, version: KeaVersion) -> Vec<(&'static str, String)> {
    check(text, daemon, version).into_iter().map(|d| (d.code, d.message)).collect()
}

#[test]
fn unknown_key_suggests_the_near_key() {
    // Kea 2.2: got unexpected keyword "valid-lifetme" in Dhcp4 map.
    let d = check(r#"{"Dhcp4": {"valid-lifetme": 4000}}"#, Some(Daemon::Dhcp4), KeaVersion::V2_2);
    let e = d.iter().find(|d| d.code == "unknown-key").expect("unknown-key");
    assert!(e.help.as_deref().unwrap().contains("did you mean `valid-lifetime`?"), "{e:?}");
    // The span is the key with its quotes.
    assert_eq!(e.span.unwrap().range(), 11..26);
}

#[test]
fn newer_key_names_the_version_it_arrives_in() {
    // Kea 2.2: got unexpected keyword "allocator" in Dhcp4 map (2.4 ChangeLog #2121 adds it).
    let d = check(r#"{"Dhcp4": {"allocator": "random"}}"#, Some(Daemon::Dhcp4), KeaVersion::V2_2);
    let e = d.iter().find(|d| d.code == "unknown-key").expect("unknown-key");
    assert!(e.help.as_deref().unwrap().contains("only accepted from Kea 2.4"), "{e:?}");
    assert!(codes(r#"{"Dhcp4": {"allocator": "random"}}"#, Some(Daemon::Dhcp4), KeaVersion::V2_4).is_empty());
    // the 3.0 grammar: control-sockets is a list in Dhcp4
    let c3 = r#"{"Dhcp4": {"control-sockets": [{"socket-type": "http", "socket-address": "127.0.0.1", "socket-port": 8004}]}}"#;
    assert!(codes(c3, Some(Daemon::Dhcp4), KeaVersion::V3_0).is_empty(), "{:?}", codes(c3, Some(Daemon::Dhcp4), KeaVersion::V3_0));
    let e = check(c3, Some(Daemon::Dhcp4), KeaVersion::V2_6);
    assert!(e.iter().any(|d| d.code == "unknown-key" && d.help.as_deref().unwrap().contains("from Kea 3.0")), "{e:?}");
}

#[test]
fn removed_key_is_an_error_with_the_replacement() {
    // reservation-mode: accepted by Kea 2.2 (verified in cases.json), removed in 2.6 (#2239);
    // Kea 3.0.4 -t rejects it.
    let text = r#"{"Dhcp4": {"reservation-mode": "all"}}"#;
    assert!(codes(text, Some(Daemon::Dhcp4), KeaVersion::V2_2).is_empty());
    let d = check(text, Some(Daemon::Dhcp4), KeaVersion::V3_0);
    let w = d.iter().find(|d| d.code == "removed-key").expect("removed-key");
    assert!(w.is_error());
    assert!(w.help.as_deref().unwrap().contains("reservations-global"), "{w:?}");
}

#[test]
fn renamed_class_keys_are_deprecated_in_3_0() {
    // ChangeLog #2303/#2307 (2.7.4): require-client-classes → evaluate-additional-classes,
    // client-class → client-classes in subnets; old names still parse in 3.0.
    let text = r#"{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "client-class": "a", "require-client-classes": ["b"]}]}}"#;
    let d = check(text, Some(Daemon::Dhcp4), KeaVersion::V3_0);
    assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
    let helps: Vec<_> = d.iter().filter(|d| d.code == "deprecated-key").filter_map(|d| d.help.clone()).collect();
    assert!(helps.iter().any(|h| h.contains("`client-classes`")), "{helps:?}");
    assert!(helps.iter().any(|h| h.contains("`evaluate-additional-classes`")), "{helps:?}");
    assert!(check(text, Some(Daemon::Dhcp4), KeaVersion::V2_2).iter().all(|d| d.code != "deprecated-key"));
    let new =
        r#"{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "client-classes": ["a"], "evaluate-additional-classes": ["b"]}]}}"#;
    assert!(codes(new, Some(Daemon::Dhcp4), KeaVersion::V3_0).is_empty());
    assert!(check(new, Some(Daemon::Dhcp4), KeaVersion::V2_6).iter().filter(|d| d.code == "unknown-key").count() == 2);
}

#[test]
fn duplicate_key_points_at_both() {
    // Kea 2.2: duplicate valid-lifetime entries in Dhcp4 map (previous at …:1:30).
    let d = check(r#"{"Dhcp4": {"valid-lifetime": 4000, "valid-lifetime": 3000}}"#, Some(Daemon::Dhcp4), KeaVersion::V2_2);
    let e = d.iter().find(|d| d.code == "duplicate-key").unwrap();
    assert_eq!(e.span.unwrap().start, 35);
    assert_eq!(e.related[0].span.start, 11);
}

#[test]
fn big_map_duplicates_are_found_too() {
    // More members than the pairwise limit: the hash path.
    let mut members: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
    members.push("\"k7\": 1".into());
    let text = format!(r#"{{"Dhcp4": {{"user-context": {{{}}}}}}}"#, members.join(", "));
    let d = check(&text, Some(Daemon::Dhcp4), KeaVersion::V2_2);
    assert_eq!(d.iter().filter(|d| d.code == "duplicate-key").count(), 1, "{d:?}");
}

#[test]
fn top_level_without_daemon_accepts_any_daemon_map() {
    let text = r#"{"Dhcp4": {"valid-lifetime": 4000}, "Dhcp6": {"preferred-lifetime": 3000}}"#;
    assert!(codes(text, None, KeaVersion::V2_2).is_empty());
    let d = check(r#"{"Dhcp4": {"valid-lifetime": 4000}, "Dhcp7": {}}"#, None, KeaVersion::V2_2);
    assert!(d.iter().any(|d| d.code == "unknown-key" && d.help.as_deref().unwrap().contains("`Dhcp4`")), "{d:?}");
    assert!(check(r#"{}"#, None, KeaVersion::V2_2).iter().any(|d| d.code == "missing-key"));
    assert!(check(r#"[]"#, None, KeaVersion::V2_2).iter().any(|d| d.code == "wrong-type"));
}

#[test]
fn bad_enum_value_suggests() {
    let d = check(r#"{"Dhcp4": {"lease-database": {"type": "mysq"}}}"#, Some(Daemon::Dhcp4), KeaVersion::V2_2);
    let e = d.iter().find(|d| d.code == "bad-value").unwrap();
    assert!(e.help.as_deref().unwrap().starts_with("did you mean \"mysql\"?"), "{e:?}");
    // 3.0: the grammar takes any string (backends are hooks), and Kea 3.0.4 refuses an unknown
    // type afterwards: "unknown backend database type: mysq".
    let d = check(r#"{"Dhcp4": {"lease-database": {"type": "mysq"}}}"#, Some(Daemon::Dhcp4), KeaVersion::V3_0);
    let e: Vec<_> = d.iter().filter(|d| d.code == "bad-value").collect();
    assert!(e.len() == 1 && e[0].message == "unknown backend database type: mysq", "{d:?}");
}

#[test]
fn schema_fixture_files_check_as_kea_says() {
    // Multi-line fixtures: valid.json is accepted by kea-dhcp4 2.2 -t (exit 0);
    // invalid.json is rejected (first error: got unexpected keyword "renew-timre" in subnet4 map).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/schema/");
    for (file, ok) in [("valid.json", true), ("invalid.json", false)] {
        let (mut doc, parse) = keakit::syntax::load_file(std::path::Path::new(&format!("{dir}{file}"))).unwrap();
        let d = check_all(&mut doc, parse, &CheckOptions { daemon: Some(Daemon::Dhcp4), version: KeaVersion::V2_2, ..Default::default() });
        assert_eq!(d.iter().all(|d| !d.is_error()), ok, "{file}: {:?}", d.iter().map(|d| d.short(&doc.sources)).collect::<Vec<_>>());
    }
}

/// Lists Kea's grammar wants non-empty; each verdict verified with Kea 2.2 and 3.0.4 -t
/// ("syntax error, unexpected ], expecting ..."); Kea 3.0.4 takes an empty `client-classes`
/// (ChangeLog 2394: a warning there, for 3.0.0-3.0.3), and every other list checked empty.
#[test]
fn lists_kea_wants_non_empty() {
    let severity = |text: &str, version| {
        let d = check(text, None, version);
        let found: Vec<_> = d.iter().filter(|d| d.code == "empty-list").map(|d| d.is_error()).collect();
        assert!(found.len() <= 1, "{text}: {d:?}");
        found.first().copied()
    };
    for text in [
        r#"{"Dhcp6": {"mac-sources": []}}"#,
        r#"{"Dhcp4": {"loggers": []}}"#,
        r#"{"Dhcp4": {"host-reservation-identifiers": []}}"#,
        r#"{"DhcpDdns": {"forward-ddns": {"ddns-domains": [{"name": "a.", "dns-servers": []}]}}}"#,
        r#"{"Control-agent": {"loggers": [{"name": "kea-ctrl-agent", "output_options": []}]}}"#,
    ] {
        for v in [KeaVersion::V2_2, KeaVersion::V3_0] {
            assert_eq!(severity(text, v), Some(true), "{v}: {text}");
        }
    }
    let classes = r#"{"Dhcp4": {"client-classes": []}}"#;
    assert_eq!(severity(classes, KeaVersion::V2_2), Some(true));
    assert_eq!(severity(classes, KeaVersion::V2_6), Some(true));
    assert_eq!(severity(classes, KeaVersion::V3_0), Some(false));
    for text in [
        r#"{"Dhcp4": {"subnet4": [], "option-data": [], "hooks-libraries": [], "shared-networks": [], "reservations": []}}"#,
        r#"{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "pools": [], "require-client-classes": []}]}}"#,
        r#"{"Dhcp6": {"relay-supplied-options": [], "hosts-databases": []}}"#,
        r#"{"DhcpDdns": {"tsig-keys": [], "forward-ddns": {"ddns-domains": []}}}"#,
    ] {
        assert_eq!(severity(text, KeaVersion::V2_2), None, "{text}");
    }
}

/// A config with more reservations than `PARALLEL_MIN` is validated, lowered and checked in
/// two halves on two threads: errors in either half, and a duplicate across the halves, are
/// all found, at their lines, exactly as in a config small enough for one thread.
#[test]
fn large_reservation_lists_are_checked_whole() {
    fn config(n: usize) -> (String, [usize; 5]) {
        // Items (0-based) holding a planted error: unknown key, wrong type, a MAC reserved
        // by item 3, a bad address, the address of item 20; spread over both halves.
        let planted = [10, n / 2 + 7, n - 5, n - 2, n - 9];
        let mut t = String::from("{\"Dhcp4\": {\"reservations\": [\n");
        for i in 0..n {
            let mac = if i == planted[2] { 3 } else { i };
            let mac = format!("02:00:{:02x}:{:02x}:{:02x}:{:02x}", mac >> 24 & 255, mac >> 16 & 255, mac >> 8 & 255, mac & 255);
            let a = if i == planted[4] { 20 } else { i };
            let ip = if i == planted[3] { "10.0.0.300".to_string() } else { format!("10.{}.{}.{}", a >> 16 & 255, a >> 8 & 255, a & 255) };
            let host = if i == planted[1] { "5".to_string() } else { format!("\"h{i}\"") };
            let key = if i == planted[0] { "hw-adress" } else { "hw-address" };
            t += &format!("{}{{\"hostname\": {host}, \"{key}\": \"{mac}\", \"ip-address\": \"{ip}\"}}\n", if i > 0 { "," } else { "" });
        }
        t += "]}}\n";
        // Line of item i: it is on line i + 2.
        (t, planted.map(|i| i + 2))
    }
    let found = |n: usize| {
        let (text, lines) = config(n);
        let (mut doc, parse) = keakit::syntax::load_str("big.json", &text);
        let diags = check_all(&mut doc, parse, &CheckOptions { daemon: None, version: KeaVersion::V2_2, ..Default::default() });
        let mut got: Vec<(String, usize)> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code.to_string(), d.span.map_or(0, |s| doc.sources.get(s.file).line_col(s.start as usize).0)))
            .collect();
        got.sort();
        let mut want = vec![
            ("unknown-key".to_string(), lines[0]),
            ("wrong-type".to_string(), lines[1]),
            ("duplicate-reservation".to_string(), lines[2]),
            ("bad-address".to_string(), lines[3]),
            ("duplicate-reservation".to_string(), lines[4]),
        ];
        // A reservation with an unknown key still reserves its address, and has no MAC.
        want.push(("missing-identifier".to_string(), lines[0]));
        want.sort();
        (got, want)
    };
    for n in [200, keakit::model::fields::PARALLEL_MIN + 1_000] {
        let (got, want) = found(n);
        assert_eq!(got, want, "{n} reservations");
    }
}
