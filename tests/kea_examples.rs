//! Every example config Kea ships (package kea-doc) passes `keakit check`, and
//! parse → lower → emit gives back the same JSON value.
//!
//! The examples are Kea 2.2's (Debian's kea-doc 2.2), so they are checked at target 2.2, the
//! version they were written for: many of their subnets have no `id`, which Kea 2.2 accepts
//! (it numbers them) and Kea 2.6 and later reject (`missing-subnet-id` at the default target
//! 3.0; kea-dhcp4 3.0.4 -t: "missing parameter 'id'").
//!
//! Exceptions are configs that Kea itself rejects, each with the reason verified by
//! running the Kea daemon on it (see KEA_REJECTS).

mod kea3_support;
#[allow(dead_code)] // the oracle's seed helpers: only `interfaces_on_lo` is used here
#[path = "oracle_support/seeds.rs"]
mod seeds;

use keakit::check::{CheckOptions, check_all};
use keakit::model::Config;
use keakit::version::KeaVersion;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "/usr/share/doc/kea/examples";

/// Examples that Kea 2.2 rejects too (verified: `kea-dhcp-ddns -t` says
/// "Dns Server : specifies an undefined key: d2.sha1.key (...all-keys.json:86:37)";
/// `kea-ctrl-agent -t` on agent/comments.json: "loggers entry does not have a mandatory
/// 'severity' element (...comments.json:52:13)", which 2.3.1 and later accept); the
/// kea4 and kea6 comments.json examples have such a logger too, which `-t` passes and the
/// servers refuse when they start (kea-dhcp4 -c: "loggers entry does not have a mandatory
/// 'severity' element").
const KEA_REJECTS: &[(&str, &str)] = &[
    ("ddns/all-keys.json", "undefined-key"),
    ("ddns/all-keys-netconf.json", "undefined-key"),
    ("agent/comments.json", "missing-key"),
    ("kea4/comments.json", "missing-key"),
    ("kea6/comments.json", "missing-key"),
];

fn example_files() -> Option<Vec<PathBuf>> {
    let root = std::path::Path::new(EXAMPLES);
    if !root.is_dir() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{EXAMPLES} is missing: install kea-doc (CI=true makes this a failure)");
        }
        eprintln!("note: {EXAMPLES} is missing (apt-get install kea-doc); skipping");
        return None;
    }
    Some(example_files_in(root))
}

/// The example files under `root` of the four daemons keakit reads (the set), plus
/// the templates of Kea and agent configs; netconf and https (web server configs) are other
/// programs'.
fn example_files_in(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> =
        ["kea4", "kea6", "agent", "ddns", "template-power-user-home", "template-ha-mt-tls"].iter().map(|d| root.join(d)).collect();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "conf")) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_kea_example_passes_check_and_roundtrips() {
    let Some(files) = example_files() else { return };
    assert!(files.len() >= 55, "expected the full kea-doc example set, found {}", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(EXAMPLES).unwrap().to_string_lossy().to_string();
        let (mut doc, parse) = keakit::syntax::load_file(f).unwrap();
        let original = doc.root.clone();
        let diags = check_all(&mut doc, parse, &CheckOptions { daemon: None, version: KeaVersion::V2_2, ..Default::default() });
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        match KEA_REJECTS.iter().find(|(n, _)| *n == rel) {
            Some((_, code)) => {
                if !errors.iter().any(|d| d.code == *code) {
                    failures.push(format!("{rel}: Kea rejects it ({code}) but keakit did not report {code}"));
                }
            }
            None => {
                for d in errors {
                    failures.push(d.short(&doc.sources));
                }
            }
        }
        if let Some(root) = original {
            let expected = root.to_json();
            assert_eq!(Config::lower(root).emit(), expected, "parse → emit changed {rel}");
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{} Kea examples checked", files.len());
}

/// keakit's verdict at the default target 3.0 against Kea 3.0.4's `-t` (the sid root,
/// tests/kea3_support) for each example under `dir`, as it is but for interface names (set
/// to `lo`: Kea's -t refuses an interface the machine lacks; comments go with the conversion
/// to plain JSON). Returns (agree, rejected by Kea, failures not in `listed`).
fn verdicts_at_3_0(root: &Path, dir: &Path, listed: &[&str]) -> (usize, usize, Vec<String>) {
    let (mut agree, mut rejected, mut failures) = (0, 0, Vec::new());
    for f in example_files_in(dir) {
        let rel = f.strip_prefix(dir).unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        let Some(daemon) = [
            ("\"Dhcp4\"", "kea-dhcp4"),
            ("\"Dhcp6\"", "kea-dhcp6"),
            ("\"Control-agent\"", "kea-ctrl-agent"),
            ("\"DhcpDdns\"", "kea-dhcp-ddns"),
        ]
        .into_iter()
        .find_map(|(key, daemon)| text.contains(key).then_some(daemon)) else {
            continue;
        };
        let lo = seeds::interfaces_on_lo(&text).expect("the example parses");
        let kea = kea3_support::verdict(root, daemon, &lo);
        let (mut doc, parse) = keakit::syntax::load_str(&rel, lo);
        let ours = check_all(&mut doc, parse, &CheckOptions::default()).iter().any(|d| d.is_error());
        rejected += usize::from(kea.is_err());
        if ours == kea.is_err() {
            agree += 1;
        } else if !listed.contains(&rel.as_str()) {
            failures.push(format!("{rel}: Kea 3.0 {kea:?}, keakit {}", if ours { "rejects" } else { "accepts" }));
        }
    }
    (agree, rejected, failures)
}

/// Listed: `/usr/local/lib/kea/hooks` is the hooks directory of a source install, which
/// keakit accepts for any build (src/check/paths.rs); Debian's Kea refuses it.
const BUILD_DIRECTORY: &[&str] = &["kea4/hooks-radius.json", "kea4/config-backend.json", "kea6/config-backend.json"];

/// Listed: a MySQL or PostgreSQL database without its hook library (2.2 had the backends built
/// in). Kea 3.0's `-t` passes them, its server refuses to start; keakit reports what the start
/// would (tests/check_hooks.rs, database_backends_need_their_hooks_in_kea_3).
const REFUSED_AT_START: &[&str] =
    &["kea4/mysql-reservations.json", "kea4/pgsql-reservations.json", "kea6/mysql-reservations.json", "kea6/pgsql-reservations.json"];

/// Kea 2.2's examples as they are, at the default target: most are rejected by Kea 3.0 and
/// keakit alike (subnets without `id`, keys removed in 2.6, sockets outside /run/kea ...).
#[test]
fn kea_2_2_examples_get_kea_3_0_verdicts() {
    let Some(root) = kea3_support::root() else { return };
    if example_files().is_none() {
        return;
    }
    let listed: Vec<&str> = BUILD_DIRECTORY.iter().chain(REFUSED_AT_START).copied().collect();
    let (agree, rejected, failures) = verdicts_at_3_0(&root, Path::new(EXAMPLES), &listed);
    eprintln!("Kea 2.2 examples at 3.0: {agree} verdicts agree (Kea 3.0 rejects {rejected}), {} failing", failures.len());
    assert!(agree >= 60, "{agree}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Kea 3.0's own examples (sid's kea-doc, in the root): every file parses and round-trips,
/// and keakit's verdict at the default target is Kea 3.0's. Those Kea rejects name hook
/// libraries under /opt (placeholders of the examples, refused by the hooks directory rule),
/// and the examples' password "1234", which Kea 3.0 refuses ("password must not be a default
/// one").
#[test]
fn kea_3_0_examples_get_kea_3_0_verdicts() {
    let Some(root) = kea3_support::root() else { return };
    let dir = root.join("usr/share/doc/kea/examples");
    if !dir.join("kea4").is_dir() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "the Kea 3.0 root lacks kea-doc (CI=true makes this a failure)");
        eprintln!("note: the Kea 3.0 root lacks kea-doc; skipped");
        return;
    }
    for f in example_files_in(&dir) {
        let (doc, _) = keakit::syntax::load_file(&f).unwrap();
        if let Some(root) = doc.root {
            let expected = root.to_json();
            assert_eq!(Config::lower(root).emit(), expected, "parse → emit changed {}", f.display());
        }
    }
    let (agree, rejected, failures) = verdicts_at_3_0(&root, &dir, BUILD_DIRECTORY);
    eprintln!("Kea 3.0 examples at 3.0: {agree} verdicts agree (Kea 3.0 rejects {rejected}), {} failing", failures.len());
    assert!(agree >= 60, "{agree}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
