//! `keakit check`: report every problem Kea would reject, for each file.

use super::output::{Format, print_short, print_text};
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::check::{CheckOptions, check_all_with_model};
use crate::daemon::Daemon;
use crate::diag::Severity;
use crate::version::KeaVersion;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Config files to check ("-" for stdin)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Which daemon reads the file [default: from the top-level key]
    #[arg(long, value_enum)]
    pub daemon: Option<Daemon>,
    /// Kea version whose syntax to check against
    #[arg(long, value_name = "VERSION", default_value_t = KeaVersion::DEFAULT, value_parser = parse_version)]
    pub target_version: KeaVersion,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Do not show warnings, only errors
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn parse_version(s: &str) -> Result<KeaVersion, String> {
    s.parse()
}

pub fn run(a: CheckArgs) -> i32 {
    let opts = CheckOptions { daemon: a.daemon, version: a.target_version, ..Default::default() };
    let mut exit = EXIT_OK;
    let mut reports = Vec::new();
    for path in &a.files {
        let (mut doc, parse_diags) = match crate::syntax::load_file(path) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("keakit: {e}");
                if a.format == Format::Json {
                    reports.push(json!({"file": e.path, "valid": false, "error": e.error.to_string()}));
                }
                exit = exit.max(EXIT_USAGE);
                continue;
            }
        };
        let (mut diags, model) = check_all_with_model(&mut doc, parse_diags, &opts);
        // Freeing a 100,000-reservation model costs more than the process exit that frees
        // it anyway (bounded: one model per file argument).
        std::mem::forget(model);
        if a.quiet {
            diags.retain(|d| d.severity == Severity::Error);
        }
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
        // An unreadable include is an I/O problem, like an unreadable root file.
        let io = diags.iter().any(|d| d.code == "io");
        let file_exit = if io {
            EXIT_USAGE
        } else if errors > 0 {
            EXIT_INVALID
        } else {
            EXIT_OK
        };
        exit = exit.max(file_exit);
        let name = doc.sources.get(crate::source::FileId(0)).name.clone();
        match a.format {
            Format::Text => {
                print_text(&diags, &doc.sources);
                if errors == 0 {
                    eprintln!(
                        "{name}: ok{}",
                        if warnings > 0 { format!(" ({warnings} warning{})", plural(warnings)) } else { String::new() }
                    );
                } else {
                    eprintln!(
                        "{name}: {errors} error{}, {warnings} warning{}: Kea would reject this config",
                        plural(errors),
                        plural(warnings)
                    );
                }
            }
            Format::Short => print_short(&diags, &doc.sources),
            Format::Json => reports.push(json!({
                "file": name,
                "valid": errors == 0 && !io,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diags.iter().map(|d| d.to_json(&doc.sources)).collect::<Vec<_>>(),
            })),
        }
    }
    if a.format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"target-version": a.target_version.to_string(), "files": reports})).unwrap_or_default()
        );
    }
    exit
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
