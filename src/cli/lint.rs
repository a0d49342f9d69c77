//! `keakit lint`: check, then the lint rules, with suppression comments and CI formats.
//! `--live` lints a running server's config (config-get through the connection flags of
//! the control client, see `cli::ctl::ConnArgs`).

use super::check::parse_version;
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::check::CheckOptions;
use crate::daemon::Daemon;
use crate::diag::{Diagnostic, Severity};
use crate::lint::run::{Level, LintOptions, lint_document};
use crate::lint::{report, rules};
use crate::source::SourceMap;
use crate::version::KeaVersion;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LintFormat {
    /// Findings with source excerpts, like rustc/clippy
    #[default]
    Text,
    /// One JSON document with every finding
    Json,
    /// One line per finding: file:line:col: severity[rule]: message
    Short,
    /// GitHub Actions workflow annotations (::warning file=...,line=...,col=...)
    Github,
    /// SARIF 2.1.0 (GitHub code scanning and other CI dashboards)
    Sarif,
}

#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// Config files to lint ("-" for stdin)
    #[arg(value_name = "FILE", required_unless_present_any = ["list", "live"])]
    pub files: Vec<PathBuf>,
    /// Also lint the running server's config (config-get over --socket, --url or --server)
    #[arg(long)]
    pub live: bool,
    #[command(flatten)]
    pub conn: super::ctl::ConnArgs,
    /// Which daemon reads the file [default: from the top-level key]
    #[arg(long, value_enum)]
    pub daemon: Option<Daemon>,
    /// Kea version to lint for (deprecations, defaults such as multi-threading) [default: 3.0;
    /// with --live, the server's own release (version-get)]
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub target_version: Option<KeaVersion>,
    /// Output format
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// `warnings`: fail (exit 1) on warnings too; RULE: make that rule an error
    #[arg(long, value_name = "warnings|RULE")]
    pub deny: Vec<String>,
    /// Turn a rule off
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
    /// Report a rule as a warning
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,
    /// List the rules (with --format json: as JSON) instead of linting
    #[arg(long)]
    pub list: bool,
}

pub fn run(a: LintArgs) -> i32 {
    if a.list {
        return list(a.format);
    }
    let mut opts = LintOptions {
        check: CheckOptions { daemon: a.daemon, version: a.target_version.unwrap_or_default(), ..Default::default() },
        ..Default::default()
    };
    let mut deny_warnings = false;
    let mut set = |ids: &[String], level: Level| -> Result<(), String> {
        for id in ids {
            if level == Level::Deny && id == "warnings" {
                deny_warnings = true;
                continue;
            }
            opts.set(id, level)?;
        }
        Ok(())
    };
    // Later flags win: allow, then warn, then deny (as rustc applies them in order of strength).
    if let Err(e) = set(&a.allow, Level::Allow).and_then(|_| set(&a.warn, Level::Warn)).and_then(|_| set(&a.deny, Level::Deny)) {
        eprintln!("keakit: {e}");
        return EXIT_USAGE;
    }
    let threshold = if deny_warnings { Severity::Warning } else { Severity::Error };
    let mut exit = EXIT_OK;
    let mut results: Vec<(Vec<Diagnostic>, SourceMap)> = Vec::new();
    for path in &a.files {
        let (mut doc, parse_diags) = match crate::syntax::load_file(path) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("keakit: {e}");
                exit = exit.max(EXIT_USAGE);
                continue;
            }
        };
        let diags = lint_document(&mut doc, parse_diags, &opts);
        if diags.iter().any(|d| d.code == "io") {
            exit = exit.max(EXIT_USAGE);
        } else if diags.iter().any(|d| d.severity >= threshold) {
            exit = exit.max(EXIT_INVALID);
        }
        let sources = std::mem::take(&mut doc.sources);
        // The document's CST was consumed by check; what is left is small.
        results.push((diags, sources));
    }
    if a.live {
        // The server's config as Kea reports it, pretty-printed so findings have lines.
        // Judged as the server's release reads it: a running Kea 2.2 is not held to 3.0's rules.
        let fetched = a.conn.client().and_then(|c| {
            let server = super::ctl::check_options_for(&c, a.target_version);
            c.config_get().map(|(cfg, _)| (c.endpoint(), cfg, server))
        });
        match fetched {
            Err(e) => {
                exit = exit.max(super::ctl::report(&e, super::ctl::CtlFormat::Text));
            }
            Ok((endpoint, cfg, server)) => {
                opts.check = CheckOptions { daemon: a.daemon, ..server };
                let text = serde_json::to_string_pretty(&cfg).unwrap_or_default() + "\n";
                let (mut doc, parse_diags) = crate::syntax::load_str(&format!("live:{endpoint}"), &text);
                let diags = lint_document(&mut doc, parse_diags, &opts);
                if diags.iter().any(|d| d.severity >= threshold) {
                    exit = exit.max(EXIT_INVALID);
                }
                results.push((diags, std::mem::take(&mut doc.sources)));
            }
        }
    }
    print(&results, a.format, opts.check.version);
    exit
}

fn print(results: &[(Vec<Diagnostic>, SourceMap)], format: LintFormat, version: KeaVersion) {
    match format {
        LintFormat::Text => {
            for (diags, sources) in results {
                super::output::print_text(diags, sources);
                let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
                let name = &sources.get(crate::source::FileId(0)).name;
                eprintln!(
                    "{name}: {} error(s), {} warning(s), {} note(s)",
                    count(Severity::Error),
                    count(Severity::Warning),
                    count(Severity::Note)
                );
            }
        }
        LintFormat::Short => results.iter().for_each(|(d, s)| super::output::print_short(d, s)),
        LintFormat::Github => {
            for (diags, sources) in results {
                diags.iter().for_each(|d| println!("{}", report::github_line(d, sources)));
            }
        }
        LintFormat::Sarif => {
            let files: Vec<(Vec<Diagnostic>, &SourceMap)> = results.iter().map(|(d, s)| (d.clone(), s)).collect();
            println!("{}", serde_json::to_string_pretty(&report::sarif(&files)).unwrap_or_default());
        }
        LintFormat::Json => {
            let files: Vec<_> = results
                .iter()
                .map(|(diags, sources)| {
                    json!({
                        "file": sources.get(crate::source::FileId(0)).name,
                        "diagnostics": diags.iter().map(|d| {
                            let mut v = d.to_json(sources);
                            v["rule"] = json!(d.code);
                            v
                        }).collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({"target-version": version.to_string(), "files": files})).unwrap_or_default()
            );
        }
    }
}

fn list(format: LintFormat) -> i32 {
    if format == LintFormat::Json {
        let v: Vec<_> = rules::ALL
            .iter()
            .map(|r| {
                json!({"id": r.id, "severity": r.severity.as_str(), "origin": r.origin.as_str(),
                       "summary": r.summary, "doc": r.doc, "check-codes": r.check_codes})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        let w = rules::ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for r in rules::ALL {
            println!("{:w$}  {:7}  {:6}  {}", r.id, r.severity.as_str(), r.origin.as_str(), r.summary);
        }
    }
    EXIT_OK
}
