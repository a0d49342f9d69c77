//! Command-line interface: one file per subcommand; `main.rs` only calls `cli::main`.
//! Exit codes (DESIGN.md §4): 0 ok, 1 the input is bad, 2 usage or I/O error,
//! 3 the server answered with an error.

use clap::{Parser, Subcommand};

pub mod check;
pub mod completions;
pub mod config_edit;
pub mod ctl;
pub mod ctl_tables;
pub mod diff;
pub mod explain;
pub mod fmt;
pub mod lint;
pub mod migrate;
pub mod output;
pub mod serve;

#[derive(Parser, Debug)]
#[command(name = "keakit", version, about = "Check, lint, format, diff and migrate ISC Kea DHCP configurations; talk to and stand in for Kea servers", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Report every problem Kea would reject in a config file (like `kea-dhcp4 -t`, but all at once)
    Check(check::CheckArgs),
    /// Rewrite a Kea config in canonical layout, keeping its comments
    Fmt(fmt::FmtArgs),
    /// Report what Kea accepts but bites in production (check first, then the lint rules)
    Lint(lint::LintArgs),
    /// Explain a lint rule, with a bad and a good example
    Explain(explain::ExplainArgs),
    /// Serve DHCPv4 from a Kea Dhcp4 config, with Kea's lease file and control API
    Serve(serve::ServeArgs),
    /// Semantic differences between two Kea configs (files or `live`); exit 1 when they differ
    Diff(diff::DiffArgs),
    #[command(flatten)]
    Ctl(ctl::CtlCommand),
    /// Convert an ISC dhcpd.conf into a Kea config, with a note at every spot not translated exactly
    Migrate(migrate::MigrateArgs),
    /// Convert an ISC dhcpd.leases file into a Kea memfile lease file (CSV)
    MigrateLeases(migrate::MigrateLeasesArgs),
    /// Print a shell completion script
    Completions(completions::CompletionsArgs),
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Lint(a) => lint::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Completions(a) => completions::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Ctl(c) => ctl::run(c),
        Command::Migrate(a) => migrate::run(a),
        Command::MigrateLeases(a) => migrate::run_leases(a),
    }
}
