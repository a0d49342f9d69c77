//! Control-client subcommands (`config-get`, `config-set`, …, `cmd`, `lease`, `stats`):
//! connection flags, building a `ctl::Client`, printing answers and errors.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::check::{CheckOptions, check_all_with_model};
use crate::ctl::client::Transport;
use crate::ctl::error::Kind;
use crate::ctl::http::{Credentials, Url};
use crate::ctl::{Client, Command, CtlError, RESULT_EMPTY, Response};
use crate::version::KeaVersion;
use serde_json::{Value, json};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const EXIT_SERVER: i32 = 3;

/// Where the server is and how to talk to it (flags override `--server NAME`).
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "Connection")]
pub struct ConnArgs {
    /// Named connection from ~/.config/keakit/config.toml [default: its `default`]
    #[arg(long, value_name = "NAME", global = true)]
    pub server: Option<String>,
    /// Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns
    #[arg(long, value_name = "PATH", global = true, conflicts_with = "url")]
    pub socket: Option<PathBuf>,
    /// kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/
    #[arg(long, value_name = "URL", global = true)]
    pub url: Option<String>,
    /// Daemon the agent forwards to
    #[arg(long, value_name = "SERVICE", global = true, value_parser = ["dhcp4", "dhcp6", "d2"])]
    pub service: Option<String>,
    /// Basic-auth user (password from --password-file or KEAKIT_PASSWORD)
    #[arg(long, value_name = "USER", global = true)]
    pub user: Option<String>,
    /// File holding the basic-auth password (first line)
    #[arg(long, value_name = "FILE", global = true)]
    pub password_file: Option<PathBuf>,
    /// CA certificate (PEM) that signed the server's certificate
    #[arg(long, value_name = "FILE", global = true)]
    pub ca: Option<PathBuf>,
    /// Client certificate (PEM) for mutual TLS
    #[arg(long, value_name = "FILE", global = true, requires = "key")]
    pub cert: Option<PathBuf>,
    /// Client private key (PEM) for mutual TLS
    #[arg(long, value_name = "FILE", global = true, requires = "cert")]
    pub key: Option<PathBuf>,
    /// Seconds to wait for an answer [default: 10]
    #[arg(long, value_name = "SECONDS", global = true)]
    pub timeout: Option<f64>,
}

impl ConnArgs {
    pub fn client(&self) -> Result<Client, CtlError> {
        let usage = |m: String| CtlError::new(Kind::Usage, "keakit", m);
        let direct = self.socket.is_some() || self.url.is_some();
        let named = if self.server.is_some() || !direct {
            let (path, file) = crate::ctl::config::load().map_err(usage)?;
            let where_ = path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "~/.config/keakit/config.toml".into());
            match self.server.as_ref().or(file.default.as_ref()) {
                Some(name) => Some(file.server.get(name).cloned().ok_or_else(|| {
                    let known: Vec<&str> = file.server.keys().map(String::as_str).collect();
                    usage(format!("no connection named '{name}' in {where_}")).hint(if known.is_empty() {
                        "add a [server.NAME] table with `socket` or `url`".to_string()
                    } else {
                        format!("known: {}", known.join(", "))
                    })
                })?),
                None if direct => None,
                None => {
                    return Err(usage("no server given".into())
                        .hint(format!("pass --socket PATH or --url URL, or name a connection with --server (from {where_})")));
                }
            }
        } else {
            None
        };
        let n = named.unwrap_or_default();
        let transport = match (&self.socket, &self.url) {
            (Some(p), _) => Transport::Unix(p.clone()),
            (None, Some(u)) => Transport::Http(Url::parse(u).map_err(usage)?),
            (None, None) => match (&n.socket, &n.url) {
                (Some(p), _) => Transport::Unix(p.clone()),
                (None, Some(u)) => Transport::Http(Url::parse(u).map_err(usage)?),
                (None, None) => return Err(usage("the named connection has neither `socket` nor `url`".into())),
            },
        };
        let user = self.user.clone().or(n.user.clone());
        let auth = match user {
            None => None,
            Some(user) => {
                let password = match self.password_file.as_ref().or(n.password_file.as_ref()) {
                    Some(f) => std::fs::read_to_string(f)
                        .map_err(|e| usage(format!("cannot read the password file {}: {e}", f.display())))?
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_string(),
                    None => std::env::var("KEAKIT_PASSWORD").map_err(|_| {
                        usage(format!("--user {user} needs a password")).hint("pass --password-file FILE or set KEAKIT_PASSWORD")
                    })?,
                };
                Some(Credentials { user, password })
            }
        };
        let timeout = self.timeout.or(n.timeout).unwrap_or(10.0);
        if !(timeout > 0.0 && timeout < 86_400.0) {
            return Err(usage(format!("--timeout {timeout}: give a number of seconds above 0")));
        }
        Ok(Client {
            transport,
            service: self.service.clone().or(n.service.clone()),
            auth,
            tls: crate::ctl::tls::TlsFiles {
                ca: self.ca.clone().or(n.ca.clone()),
                cert: self.cert.clone().or(n.cert.clone()),
                key: self.key.clone().or(n.key.clone()),
            },
            timeout: Duration::from_secs_f64(timeout),
        })
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CtlFormat {
    /// Pretty JSON, or a table where a person reads (stats, lease list)
    #[default]
    Text,
    /// Compact JSON on one line
    Json,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = CtlFormat::Text, global = true)]
    pub format: CtlFormat,
}

#[derive(clap::Subcommand, Debug)]
pub enum CtlCommand {
    /// Fetch the running config (no hash, no result wrapper: a file Kea can start from)
    ConfigGet {
        /// Write it to FILE (atomically) instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Check a config locally, then make it the running config
    ConfigSet(SetArgs),
    /// Ask the server whether it would accept a config (after a local check)
    ConfigTest(SetArgs),
    /// Make the server write its running config to disk
    ConfigWrite {
        /// File to write on the server's host [default: the file it started from]
        #[arg(long, value_name = "FILE")]
        filename: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Make the server re-read its config file
    ConfigReload(Common),
    /// List the commands the server supports
    ListCommands(Common),
    /// Show the server's version
    VersionGet(Common),
    /// Show the server's status (pid, uptime, reload time)
    StatusGet(Common),
    /// Show how the server was built
    BuildReport(Common),
    /// Stop the server
    Shutdown(Common),
    /// Send any command: keakit cmd lease4-add --args '{ip-address: "10.0.0.5", …}'
    Cmd {
        /// Command name
        name: String,
        /// Arguments as JSON or JSON5, or @FILE to read them from a file
        #[arg(long, value_name = "JSON|@FILE")]
        args: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Leases through the lease_cmds hook: get, list, del
    #[command(subcommand)]
    Lease(LeaseCommand),
    /// Statistics as a table (all, or one by name)
    Stats {
        /// Statistic name, e.g. pkt4-received or subnet[1].assigned-addresses
        name: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Edit the running config: $EDITOR, check, diff, confirm, config-set
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(clap::Subcommand, Debug)]
pub enum ConfigCommand {
    /// Fetch the running config (or --file), edit, check, show the diff, confirm, set
    Edit(super::config_edit::EditArgs),
}

#[derive(clap::Args, Debug, Clone)]
pub struct SetArgs {
    /// Config file (Kea JSON; includes are spliced, comments dropped in transit)
    pub file: PathBuf,
    /// Send it without checking it locally first
    #[arg(long)]
    pub no_check: bool,
    /// Kea version to check against [default: the server's (version-get), else 3.0]
    #[arg(long, value_name = "VERSION", value_parser = super::check::parse_version)]
    pub target_version: Option<KeaVersion>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(clap::Subcommand, Debug)]
pub enum LeaseCommand {
    /// Show the lease of an address
    Get {
        address: std::net::IpAddr,
        #[command(flatten)]
        common: Common,
    },
    /// List leases (all, or of one subnet) as a table
    List {
        /// Only this subnet id
        #[arg(long, value_name = "ID")]
        subnet: Option<u32>,
        /// DHCPv6 leases (default: v4, or v6 when --service dhcp6)
        #[arg(short = '6', long)]
        v6: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Delete the lease of an address
    Del {
        address: std::net::IpAddr,
        #[command(flatten)]
        common: Common,
    },
}

pub fn run(c: CtlCommand) -> i32 {
    match c {
        CtlCommand::ConfigGet { output, common } => with_client(&common, |cl| config_get(cl, &common, output.as_deref())),
        CtlCommand::ConfigSet(a) => set_or_test(a, "config-set"),
        CtlCommand::ConfigTest(a) => set_or_test(a, "config-test"),
        CtlCommand::ConfigWrite { filename, common } => {
            let mut cmd = Command::new("config-write");
            if let Some(f) = filename {
                cmd = cmd.with_arguments(json!({ "filename": f }));
            }
            simple(&common, cmd)
        }
        CtlCommand::ConfigReload(c) => simple(&c, Command::new("config-reload")),
        CtlCommand::ListCommands(c) => simple(&c, Command::new("list-commands")),
        CtlCommand::VersionGet(c) => simple(&c, Command::new("version-get")),
        CtlCommand::StatusGet(c) => simple(&c, Command::new("status-get")),
        CtlCommand::BuildReport(c) => simple(&c, Command::new("build-report")),
        CtlCommand::Shutdown(c) => simple(&c, Command::new("shutdown")),
        CtlCommand::Cmd { name, args, common } => {
            let mut cmd = Command::new(name);
            if let Some(a) = args {
                match parse_args(&a) {
                    Ok(v) => cmd = cmd.with_arguments(v),
                    Err(m) => {
                        eprintln!("keakit: --args: {m}");
                        return EXIT_USAGE;
                    }
                }
            }
            simple(&common, cmd)
        }
        CtlCommand::Lease(l) => super::ctl_tables::lease(l),
        CtlCommand::Stats { name, common } => super::ctl_tables::stats(name, &common),
        CtlCommand::Config(ConfigCommand::Edit(a)) => super::config_edit::run(a),
    }
}

/// Build the client and run `f`; connection and Kea errors become messages and exit codes.
pub fn with_client(common: &Common, f: impl FnOnce(&Client) -> Result<i32, CtlError>) -> i32 {
    match common.conn.client().and_then(|c| f(&c)) {
        Ok(code) => code,
        Err(e) => report(&e, common.format),
    }
}

pub fn report(e: &CtlError, format: CtlFormat) -> i32 {
    match format {
        CtlFormat::Json => eprintln!("{}", e.to_json()),
        CtlFormat::Text => eprint!("{}", e.render(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())),
    }
    e.exit_code()
}

fn simple(common: &Common, cmd: Command) -> i32 {
    with_client(common, |cl| {
        let r = cl.call(&cmd)?;
        print_value(&r.to_json(), common.format);
        Ok(EXIT_OK)
    })
}

pub fn print_value(v: &Value, f: CtlFormat) {
    match f {
        CtlFormat::Text => println!("{}", serde_json::to_string_pretty(v).unwrap_or_default()),
        CtlFormat::Json => println!("{v}"),
    }
}

fn parse_args(a: &str) -> Result<Value, String> {
    let text = match a.strip_prefix('@') {
        Some(f) => std::fs::read_to_string(f).map_err(|e| format!("cannot read {f}: {e}"))?,
        None => a.to_string(),
    };
    let v: Value = json5::from_str(&text).map_err(|e| format!("not JSON or JSON5: {e}"))?;
    if !v.is_object() {
        return Err("arguments must be a map, e.g. '{\"ip-address\": \"10.0.0.5\"}'".into());
    }
    Ok(v)
}

fn config_get(cl: &Client, common: &Common, output: Option<&Path>) -> Result<i32, CtlError> {
    let (config, _hash) = cl.config_get()?;
    let text = format!("{}\n", serde_json::to_string_pretty(&config).unwrap_or_default());
    match output.filter(|p| *p != Path::new("-")) {
        None => match common.format {
            CtlFormat::Text => print!("{text}"),
            CtlFormat::Json => println!("{config}"),
        },
        Some(p) => {
            if let Err(e) = crate::fsutil::write_atomic(p, text.as_bytes()) {
                eprintln!("keakit: cannot write {}: {e}", p.display());
                return Ok(EXIT_USAGE);
            }
            eprintln!("{}: written from {}", p.display(), cl.endpoint());
        }
    }
    Ok(EXIT_OK)
}

/// How to check a config for the server `cl`: as the version given, else as the server's
/// release reads it (`version-get`; a config for Kea 2.2 is not judged by 3.0's rules), else
/// the default target. `keakit serve` is not Kea: Kea's rules on file locations do not apply.
pub fn check_options_for(cl: &Client, given: Option<KeaVersion>) -> CheckOptions {
    let answer = cl.call(&Command::new("version-get")).ok().and_then(|r| r.text).unwrap_or_default();
    let own_server = answer.starts_with("keakit ");
    let version = given.or_else(|| KeaVersion::of_release(&answer)).unwrap_or(KeaVersion::DEFAULT);
    CheckOptions { daemon: None, version, own_server }
}

/// Read a config file for sending: checked (unless `no_check`), includes spliced, as JSON.
/// Err is the exit code after the problems were printed.
pub fn load_for_server(path: &Path, no_check: bool, opts: &CheckOptions) -> Result<Value, i32> {
    let (mut doc, parse_diags) = match crate::syntax::load_file(path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("keakit: {e}");
            return Err(EXIT_USAGE);
        }
    };
    let (mut diags, model) = if no_check {
        let errors: Vec<_> = parse_diags.into_iter().filter(|d| d.is_error()).collect();
        let model = if errors.is_empty() { doc.root.take().map(crate::model::Config::lower) } else { None };
        (errors, model)
    } else {
        check_all_with_model(&mut doc, parse_diags, opts)
    };
    diags.retain(|d| d.is_error());
    if !diags.is_empty() || model.is_none() {
        super::output::print_text(&diags, &doc.sources);
        eprintln!(
            "{}: {} error{}: not sent{}",
            path.display(),
            diags.len(),
            if diags.len() == 1 { "" } else { "s" },
            if no_check { " (a file with syntax errors cannot be sent)" } else { " (--no-check sends it anyway)" }
        );
        return Err(EXIT_INVALID);
    }
    Ok(model.map(|m| m.emit()).unwrap_or(Value::Null))
}

fn set_or_test(a: SetArgs, command: &str) -> i32 {
    with_client(&a.common, |cl| {
        // An unreachable server answers no version-get: the file is still checked (as the
        // default target) and its errors shown before the connection error.
        let config = match load_for_server(&a.file, a.no_check, &check_options_for(cl, a.target_version)) {
            Ok(c) => c,
            Err(code) => return Ok(code),
        };
        let r = cl.call(&Command::new(command).with_arguments(config))?;
        print_text_reply(&r, a.common.format);
        Ok(EXIT_OK)
    })
}

/// Kea's text for commands whose answer is a sentence (config-set, lease4-del, …).
pub fn print_text_reply(r: &Response, f: CtlFormat) {
    match f {
        CtlFormat::Text if r.arguments.is_none() || r.result == RESULT_EMPTY => {
            println!("{}", r.text.as_deref().unwrap_or("ok"))
        }
        _ => print_value(&r.to_json(), f),
    }
}
