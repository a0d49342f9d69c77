//! `keakit diff A B`: semantic differences between two Kea configs (files or `live`). A side
//! that is an ISC dhcpd.conf is migrated on the fly (as `keakit migrate` would), so a
//! migration can be compared with a hand-made Kea config or with the running server.

use super::ctl::{ConnArgs, CtlFormat, report};
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::diff::{Change, diff, diff_all};
use serde_json::{Value, json};
use std::path::Path;

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// Old side: a Kea JSON file, an ISC dhcpd.conf (migrated on the fly), or `live` (the
    /// server of the connection flags)
    pub a: String,
    /// New side: a Kea JSON file, a dhcpd.conf, or `live`
    pub b: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = CtlFormat::Text)]
    pub format: CtlFormat,
    /// A unified diff of both canonical forms instead of the semantic list
    #[arg(long)]
    pub text: bool,
    /// Also report keys added or removed with an empty value ([], {}, "")
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub conn: ConnArgs,
}

pub fn run(a: DiffArgs) -> i32 {
    let (va, vb) = match (load_side(&a.a, &a), load_side(&a.b, &a)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    let changes = if a.all { diff_all(&va, &vb) } else { diff(&va, &vb) };
    if a.text {
        let (ta, tb) = (canonical(&a.a, &va), canonical(&a.b, &vb));
        print!("{}", similar::TextDiff::from_lines(&ta, &tb).unified_diff().context_radius(3).header(&a.a, &a.b));
    } else {
        match a.format {
            CtlFormat::Json => {
                println!("{}", json!({ "equal": changes.is_empty(), "changes": changes.iter().map(Change::to_json).collect::<Vec<_>>() }))
            }
            CtlFormat::Text => {
                for c in &changes {
                    println!("{}", c.to_line());
                }
                if changes.is_empty() {
                    eprintln!("{} and {}: no semantic differences", a.a, a.b);
                }
            }
        }
    }
    if changes.is_empty() { EXIT_OK } else { EXIT_INVALID }
}

/// The model's JSON of one side; Err is the exit code after the problem was printed.
fn load_side(side: &str, a: &DiffArgs) -> Result<Value, i32> {
    if side == "live" {
        let client = a.conn.client().map_err(|e| report(&e, a.format))?;
        let (config, _) = client.config_get().map_err(|e| report(&e, a.format))?;
        // Through the same lowering as a file, so both sides are emitted alike.
        return Ok(lower_text(&client.endpoint(), &config.to_string()).unwrap_or(config));
    }
    if is_dhcpd_conf(Path::new(side)) {
        return migrated_side(side);
    }
    let (mut doc, diags) = crate::syntax::load_file(Path::new(side)).map_err(|e| {
        eprintln!("keakit: {e}");
        EXIT_USAGE
    })?;
    let errors: Vec<_> = diags.into_iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        super::output::print_text(&errors, &doc.sources);
        eprintln!("{side}: syntax errors: cannot compare it (keakit check {side} shows them all)");
        return Err(EXIT_USAGE);
    }
    Ok(doc.root.take().map(|r| crate::model::Config::lower(r).emit()).unwrap_or(Value::Null))
}

fn lower_text(name: &str, text: &str) -> Option<Value> {
    let (mut doc, diags) = crate::syntax::load_str(name, text);
    if diags.iter().any(|d| d.is_error()) {
        return None;
    }
    doc.root.take().map(|r| crate::model::Config::lower(r).emit())
}

/// The canonical text `keakit fmt` prints for this config.
fn canonical(name: &str, v: &Value) -> String {
    let pretty = serde_json::to_string_pretty(v).unwrap_or_default();
    crate::fmt::format_str(name, &pretty).unwrap_or(pretty)
}

/// Whether a file is an ISC dhcpd.conf rather than Kea JSON: its first token (after blanks
/// and comments) is not `{`. Unreadable files are left to the Kea loader to report.
fn is_dhcpd_conf(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let mut rest = text.as_str();
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('#').or_else(|| rest.strip_prefix("//")) {
            rest = r.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return !rest.is_empty() && !rest.starts_with('{');
        }
    }
}

/// A dhcpd.conf side: migrated with default options, notes dropped, then lowered like a file.
fn migrated_side(side: &str) -> Result<Value, i32> {
    let (result, sources) = super::migrate::migrate_path(Path::new(side), Default::default(), true).map_err(|e| {
        eprintln!("keakit: cannot read {side}: {e}");
        EXIT_USAGE
    })?;
    let m = result.map_err(|errors| {
        super::output::print_text(&errors, &sources);
        eprintln!("{side}: not a valid dhcpd.conf, or one that cannot be migrated: cannot compare it");
        EXIT_USAGE
    })?;
    let config = crate::migrate::out::plain(&m.config, &m.reservations);
    Ok(lower_text(side, &config.to_string()).unwrap_or(config))
}
