//! The keama corpus (`../shared/corpus/keama` or `$KEAKIT_CORPUS/keama`, read at test time): every working case is
//! converted by `keakit migrate`, must pass `kea-dhcp4 -t` / `kea-dhcp6 -t` (en0 → lo),
//! and must equal keama's `.out` as a JSON value (comments removed) or be listed, with the
//! reason, in `fixtures/keama-differences.md`. Every error case must exit non-zero with a
//! diagnostic at the line keama reports (`.msg`). Prints `equal N, documented M, failing K`.
//! Kea missing: the Kea check is skipped with a note, or fails under CI=true.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

mod corpus_support;
mod kea3_support;

fn corpus() -> Option<PathBuf> {
    corpus_support::dir("keama")
}

fn kea(daemon: &str) -> bool {
    let ok = Command::new(daemon).arg("-v").output().is_ok_and(|o| o.status.success());
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{daemon} not installed (CI=true)");
    }
    ok
}

/// Cases listed in fixtures/keama-differences.md: `| case-file | ... |` table rows.
fn documented() -> Vec<String> {
    let md = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/keama-differences.md")).unwrap_or_default();
    md.lines().filter_map(|l| l.strip_prefix("| `")).filter_map(|l| l.split('`').next()).map(str::to_string).collect()
}

/// (universe flag, extra flags, expected-output extension) per input extension.
fn flags(ext: &str) -> Option<(&'static str, Vec<&'static str>, &'static str)> {
    Some(match ext {
        "in4" => ("-4", vec![], "out"),
        "in6" => ("-6", vec![], "out"),
        "inn" => ("-4", vec!["--hosts", "subnet"], "out"),
        "inN" => ("-6", vec!["--hosts", "subnet"], "out"),
        "ind" => ("-4", vec!["--isc-defaults"], "out"),
        "inD" => ("-6", vec!["--isc-defaults"], "out"),
        "inl" => ("-4", vec![], "outl"),
        _ => return None,
    })
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_keakit")).args(args).output().expect("run keakit")
}

fn kea_accepts(text: &str, v6: bool, dir: &Path, name: &str) -> Result<(), String> {
    let f = dir.join(format!("{name}.json"));
    std::fs::write(&f, text.replace("\"en0\"", "\"lo\"")).unwrap();
    let o = Command::new(if v6 { "kea-dhcp6" } else { "kea-dhcp4" })
        .arg("-t")
        .arg(&f)
        .env("KEA_PIDFILE_DIR", dir)
        .env("KEA_LOCKFILE_DIR", dir)
        .env("KEA_LOG_FILE_DIR", dir)
        .output()
        .map_err(|e| e.to_string())?;
    if o.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&o.stdout).lines().rev().take(3).collect::<Vec<_>>().join(" / ")) }
}

/// keama writes `reservation-mode: global` (removed in Kea 3.0, deprecated in 2.x); keakit
/// writes the equivalent `reservations-global`/`reservations-in-subnet` flags (G1 in the
/// differences file). Applied to keama's side only.
fn normalize_keama(v: &mut Value) {
    for d in ["Dhcp4", "Dhcp6"] {
        if let Some(Value::Object(m)) = v.get_mut(d)
            && m.get("reservation-mode").and_then(Value::as_str) == Some("global")
        {
            m.remove("reservation-mode");
            m.insert("reservations-global".into(), Value::Bool(true));
            m.insert("reservations-in-subnet".into(), Value::Bool(false));
        }
    }
}

#[test]
fn keama_corpus() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let docs = documented();
    let (k4, k6) = (kea("kea-dhcp4"), kea("kea-dhcp6"));
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let (mut equal, mut doc, mut failing) = (0, 0, Vec::new());
    let mut stale = Vec::new();
    for name in &names {
        let Some((stem, ext)) = name.rsplit_once('.') else { continue };
        let Some((u, extra, out_ext)) = flags(ext) else { continue };
        let input = dir.join(name);
        let out_path = tmp.path().join(format!("{stem}.kea.json"));
        let mut args = vec!["migrate", u, "--target-version", "2.2", "-o", out_path.to_str().unwrap(), input.to_str().unwrap()];
        args.extend(extra.iter());
        let o = run(&args);
        let code = o.status.code().unwrap_or(-1);
        if code != 0 && code != 1 || !out_path.exists() {
            failing.push(format!(
                "{name}: exit {code}, no output: {}",
                String::from_utf8_lossy(&o.stderr).lines().take(6).collect::<Vec<_>>().join(" | ")
            ));
            continue;
        }
        let text = std::fs::read_to_string(&out_path).unwrap();
        if ((u == "-4" && k4) || (u == "-6" && k6))
            && let Err(e) = kea_accepts(&text, u == "-6", tmp.path(), stem)
        {
            failing.push(format!("{name}: Kea 2.2 rejects the output: {e}"));
            continue;
        }
        let ours = keakit::syntax::reference::parse(&text).expect("our output is Kea JSON");
        let expected =
            std::fs::read_to_string(dir.join(format!("{stem}.{out_ext}"))).ok().and_then(|t| keakit::syntax::reference::parse(&t).ok());
        let Some(mut expected) = expected else {
            failing.push(format!("{name}: keama's .{out_ext} missing or unreadable"));
            continue;
        };
        normalize_keama(&mut expected);
        let (mut ours, mut expected) = (ours, expected);
        canonical_tests(&mut ours);
        canonical_tests(&mut expected);
        let listed = docs.iter().any(|d| d == name);
        if ours == expected {
            equal += 1;
            if listed {
                stale.push(name.clone());
            }
        } else if listed {
            doc += 1;
        } else {
            failing.push(format!(
                "{name}: differs from keama's .{out_ext} and is not in fixtures/keama-differences.md: {}",
                first_diff(&ours, &expected, String::new()).unwrap_or_default()
            ));
        }
    }
    println!("keama working cases: equal {equal}, documented {doc}, failing {}", failing.len());
    for f in &failing {
        println!("  FAIL {f}");
    }
    for s in &stale {
        println!("  STALE {s}: now equal to keama, remove it from keama-differences.md");
    }
    assert!(failing.is_empty() && stale.is_empty(), "{} failing, {} stale", failing.len(), stale.len());
}

/// Every working case converted for keakit's default target (Kea 3.0) passes Kea 3.0's own
/// `-t` (from the sid root of `kea3_support`). The comparison with keama's `.out` is done
/// above on the 2.2 conversion (keama writes 2.x syntax).
#[test]
fn keama_corpus_passes_kea_3_0() {
    let Some(dir) = corpus() else { return };
    let Some(root) = kea3_support::root() else { return };
    let version = kea3_support::version(&root);
    assert!(version.starts_with("3.0"), "the Kea 3.0 root runs kea-dhcp4 {version}");
    let tmp = tempfile::tempdir().unwrap();
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let (mut accepted, mut failing) = (0, Vec::new());
    for name in &names {
        let Some((stem, ext)) = name.rsplit_once('.') else { continue };
        let Some((u, extra, _)) = flags(ext) else { continue };
        let out_path = tmp.path().join(format!("{stem}.kea3.json"));
        let mut args = vec!["migrate", u, "-o", out_path.to_str().unwrap()];
        args.extend(extra.iter());
        let input = dir.join(name);
        args.push(input.to_str().unwrap());
        let o = run(&args);
        let Ok(text) = std::fs::read_to_string(&out_path) else {
            failing
                .push(format!("{name}: no output: {}", String::from_utf8_lossy(&o.stderr).lines().take(4).collect::<Vec<_>>().join(" | ")));
            continue;
        };
        let daemon = if u == "-6" { "kea-dhcp6" } else { "kea-dhcp4" };
        match kea3_support::check(&root, daemon, &text.replace("\"en0\"", "\"lo\"")) {
            Ok(()) => accepted += 1,
            Err(e) => failing.push(format!("{name}: Kea {version} rejects the output: {e}")),
        }
    }
    println!("keama working cases, default target, Kea {version} -t: accepted {accepted}, failing {}", failing.len());
    for f in &failing {
        println!("  FAIL {f}");
    }
    assert!(accepted > 0 && failing.is_empty(), "{} failing", failing.len());
}

/// Class `test` strings in Kea's canonical form (crate::expr print), so that spacing and
/// redundant parentheses do not count as differences; the expression itself must match.
fn canonical_tests(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "test"
                    && let Some(s) = x.as_str()
                {
                    for u in [keakit::universe::Universe::V4, keakit::universe::Universe::V6] {
                        let code = |_: &str| None;
                        let opts = keakit::expr::ParseOptions { universe: u, option_code: &code };
                        if let Ok(e) = keakit::expr::parse(s, &opts) {
                            *x = Value::String(keakit::expr::print::print(&e));
                            break;
                        }
                    }
                } else {
                    canonical_tests(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(canonical_tests),
        _ => {}
    }
}

/// The first place two values differ (for the report).
fn first_diff(a: &Value, b: &Value, path: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = first_diff(p, q, format!("{path}/{k}")) {
                            return Some(d);
                        }
                    }
                    (p, q) => return Some(format!("{path}/{k}: ours {} keama {}", short(p), short(q))),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_diff(p, q, format!("{path}/{i}")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: ours {} keama {}", short(Some(a)), short(Some(b)))),
    }
}

fn short(v: Option<&Value>) -> String {
    let s = v.map_or("(absent)".to_string(), |v| v.to_string());
    if s.len() > 160 { format!("{}...", &s[..160]) } else { s }
}

/// The line keama reports in `.msg` (`NAME line N: ...`).
fn msg_line(dir: &Path, stem: &str) -> Option<usize> {
    let m = std::fs::read_to_string(dir.join(format!("{stem}.msg"))).ok()?;
    let after = m.split(" line ").nth(1)?;
    after.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

#[test]
fn keama_error_cases() {
    let Some(dir) = corpus() else { return };
    let docs = documented();
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let (mut equal, mut doc, mut failing) = (0, 0, Vec::new());
    for name in &names {
        let Some((stem, ext)) = name.rsplit_once('.') else { continue };
        let universes: &[&str] = match ext {
            "err" => &["-4", "-6"],
            "err4" => &["-4"],
            // keama -r fatal: host names that do not resolve are errors; keakit: with --resolve.
            "errF" => &["-4 --resolve"],
            "err6" => &["-6"],
            _ => continue,
        };
        let want = msg_line(&dir, stem);
        let mut case_ok = true;
        let mut at_line = true;
        for u in universes {
            let input = dir.join(name);
            let mut args: Vec<&str> = vec!["migrate"];
            args.extend(u.split(' '));
            args.extend(["--format", "json", "-o", "/dev/null", input.to_str().unwrap()]);
            let o = run(&args);
            if o.status.success() {
                case_ok = false;
                failing.push(format!("{name} ({u}): accepted (exit 0)"));
                continue;
            }
            let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
            let lines: Vec<usize> =
                v["errors"].as_array().into_iter().flatten().filter_map(|d| d["location"]["line"].as_u64()).map(|l| l as usize).collect();
            if lines.is_empty() {
                // Exit 1 with notes only (the input converted lossily): not a rejection.
                case_ok = false;
                failing.push(format!("{name} ({u}): no error diagnostic (exit {:?})", o.status.code()));
                continue;
            }
            if let Some(w) = want
                && !lines.contains(&w)
            {
                at_line = false;
            }
        }
        if !case_ok {
            continue;
        }
        if at_line {
            equal += 1;
        } else if docs.iter().any(|d| d == name) {
            doc += 1;
        } else {
            failing.push(format!("{name}: rejected, but no diagnostic at keama's line {want:?}"));
        }
    }
    println!("keama error cases: equal {equal}, documented {doc}, failing {}", failing.len());
    for f in &failing {
        println!("  FAIL {f}");
    }
    assert!(failing.is_empty(), "{} failing", failing.len());
}
