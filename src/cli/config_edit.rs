//! `keakit config edit`: fetch the running config (or start from `--file`, keeping its
//! comments), open $EDITOR, check, show the semantic diff, confirm, then config-set (and
//! config-write with `--write`). Before setting, the config is fetched again: if someone
//! changed the server meanwhile, nothing is overwritten and the change is shown instead.
//! The edited text is never lost: on any refusal its path is printed.

use super::ctl::{Common, CtlFormat, check_options_for, load_for_server, report};
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::ctl::{Client, Command, CtlError};
use crate::version::KeaVersion;
use serde_json::Value;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug, Clone)]
pub struct EditArgs {
    /// Start from this file instead of the live config (comments kept; saved back after a successful set)
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// After config-set, make the server write its config file (config-write)
    #[arg(long)]
    pub write: bool,
    /// Do not ask before config-set
    #[arg(long, short)]
    pub yes: bool,
    /// Kea version to check against [default: the server's (version-get), else 3.0]
    #[arg(long, value_name = "VERSION", value_parser = super::check::parse_version)]
    pub target_version: Option<KeaVersion>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(a: EditArgs) -> i32 {
    let client = match a.common.conn.client() {
        Ok(c) => c,
        Err(e) => return report(&e, a.common.format),
    };
    match edit(&a, &client) {
        Ok(code) => code,
        Err(e) => report(&e, a.common.format),
    }
}

fn edit(a: &EditArgs, client: &Client) -> Result<i32, CtlError> {
    let (live, hash) = client.config_get()?;
    let initial = match &a.file {
        Some(f) => match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("keakit: cannot read {}: {e}", f.display());
                return Ok(EXIT_USAGE);
            }
        },
        None => format!("{}\n", serde_json::to_string_pretty(&live).unwrap_or_default()),
    };
    // Beside --file, so its relative includes still resolve; else in the temp dir.
    let tmp = match &a.file {
        Some(f) => {
            let dir = f.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            dir.join(format!(".{}.keakit-edit-{}.json", f.file_name().unwrap_or_default().to_string_lossy(), std::process::id()))
        }
        None => std::env::temp_dir().join(format!("keakit-edit-{}.json", std::process::id())),
    };
    if let Err(e) = std::fs::write(&tmp, &initial) {
        eprintln!("keakit: cannot write {}: {e}", tmp.display());
        return Ok(EXIT_USAGE);
    }
    let kept = |why: &str| eprintln!("keakit: {why}; your edit is kept in {}", tmp.display());

    if let Err(m) = run_editor(&tmp) {
        kept(&m);
        return Ok(EXIT_USAGE);
    }
    let edited_text = std::fs::read_to_string(&tmp).unwrap_or_default();
    if edited_text == initial {
        let _ = std::fs::remove_file(&tmp);
        eprintln!("keakit: no changes");
        return Ok(EXIT_OK);
    }
    let edited = match load_for_server(&tmp, false, &check_options_for(client, a.target_version)) {
        Ok(v) => v,
        Err(code) => {
            kept("the edited config has errors, nothing was sent");
            return Ok(code);
        }
    };
    let live_model = relower(&live);
    let changes = crate::diff::diff(&live_model, &edited);
    if changes.is_empty() {
        save_back(a, &tmp, &edited_text);
        eprintln!("keakit: no semantic changes to the running config");
        return Ok(EXIT_OK);
    }
    for c in &changes {
        println!("{}", c.to_line());
    }
    if !a.yes && !confirm(&format!("Apply {} change{} to {}?", changes.len(), if changes.len() == 1 { "" } else { "s" }, client.endpoint()))
    {
        kept("not applied");
        return Ok(EXIT_INVALID);
    }
    // Conflict check: the server's config must still be what we fetched.
    let (now, now_hash) = client.config_get()?;
    let changed = match (&hash, &now_hash) {
        (Some(h1), Some(h2)) => h1 != h2,
        _ => now != live,
    };
    if changed {
        eprintln!(
            "keakit: {}: the running config changed since it was fetched; not overwriting it. Changes made meanwhile:",
            client.endpoint()
        );
        for c in crate::diff::diff(&live_model, &relower(&now)) {
            eprintln!("  {}", c.to_line());
        }
        kept("run `keakit config edit` again (or config-set the kept file)");
        return Ok(super::ctl::EXIT_SERVER);
    }
    if let Err(e) = client.call(&Command::new("config-set").with_arguments(edited)) {
        kept("config-set failed");
        return Err(e);
    }
    eprintln!("keakit: {}: config set", client.endpoint());
    save_back(a, &tmp, &edited_text);
    if a.write {
        let r = client.call(&Command::new("config-write"))?;
        super::ctl::print_text_reply(&r, CtlFormat::Text);
    }
    Ok(EXIT_OK)
}

/// Lower a live config through the model so it compares like a file.
fn relower(v: &Value) -> Value {
    let (mut doc, diags) = crate::syntax::load_str("live", v.to_string());
    if diags.iter().any(|d| d.is_error()) {
        return v.clone();
    }
    doc.root.take().map(|r| crate::model::Config::lower(r).emit()).unwrap_or_else(|| v.clone())
}

/// With --file, the edited text (comments and all) replaces the file; else the temp goes.
fn save_back(a: &EditArgs, tmp: &Path, text: &str) {
    if let Some(f) = &a.file {
        if let Err(e) = crate::fsutil::write_atomic(f, text.as_bytes()) {
            eprintln!("keakit: cannot save {}: {e}; your edit is kept in {}", f.display(), tmp.display());
            return;
        }
        eprintln!("keakit: {} saved", f.display());
    }
    let _ = std::fs::remove_file(tmp);
}

/// `$VISUAL`, else `$EDITOR`, else `vi`, run through the shell so `EDITOR="code -w"` works.
fn run_editor(path: &Path) -> Result<(), String> {
    let editor = std::env::var("VISUAL").or_else(|_| std::env::var("EDITOR")).unwrap_or_else(|_| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("keakit-edit")
        .arg(path)
        .status()
        .map_err(|e| format!("cannot run the editor '{editor}': {e}"))?;
    if !status.success() {
        return Err(format!("the editor '{editor}' failed ({status})"));
    }
    Ok(())
}

/// Ask on stderr, read one line from stdin; only "y"/"yes" confirms.
fn confirm(question: &str) -> bool {
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}
