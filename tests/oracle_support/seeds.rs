//! Seed configs of the oracle suite: Kea's shipped examples and our fixtures/oracle files.

use serde_json::Value;
use std::path::Path;

pub struct Seed {
    pub name: String,
    pub text: String,
    pub v6: bool,
}

/// Kea's example configs (read from the system, never copied into the repo) and ours.
pub fn load_seeds() -> Vec<Seed> {
    let mut out = Vec::new();
    let examples = Path::new("/usr/share/doc/kea/examples");
    for (dir, v6) in [("kea4", false), ("kea6", true)] {
        add_dir(&mut out, &examples.join(dir), &format!("{dir}-"), Some(v6));
    }
    add_dir(&mut out, &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/oracle"), "ours-", None);
    out
}

fn add_dir(out: &mut Vec<Seed>, dir: &Path, prefix: &str, v6: Option<bool>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    paths.sort();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else { continue };
        let stem = p.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let v6 = v6.unwrap_or_else(|| text.contains("\"Dhcp6\""));
        out.push(Seed { name: format!("{prefix}{stem}"), text, v6 });
    }
}

/// The seed as plain JSON, adapted to a host where only `lo` exists and no hook library is
/// installed: Kea checks interfaces and hook files against the machine it runs on, which is
/// not what the oracle compares. Comments are dropped here (mutations add some back).
pub fn adapt_for_host(text: &str) -> Option<String> {
    let (doc, diags) = keakit::syntax::load_str("seed.json", text);
    if diags.iter().any(|d| d.is_error()) {
        return None;
    }
    let mut v = doc.root.as_ref()?.to_json();
    adapt(&mut v);
    Some(serde_json::to_string_pretty(&v).ok()? + "\n")
}

fn adapt(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("hooks-libraries");
            m.remove("config-control");
            if let Some(Value::String(s)) = m.get_mut("interface") {
                *s = "lo".into();
            }
            if let Some(Value::Object(ic)) = m.get_mut("interfaces-config") {
                ic.insert("interfaces".into(), Value::Array(vec![Value::String("lo".into())]));
            }
            for (k, child) in m.iter_mut() {
                if k != "user-context" {
                    adapt(child);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(adapt),
        _ => {}
    }
}
