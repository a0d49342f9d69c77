//! `keakit migrate` (dhcpd.conf → Kea JSON) and `keakit migrate-leases` (dhcpd.leases →
//! Kea memfile CSV). The converted config is re-read and checked by `crate::check` before it
//! is written: keakit never writes a config it would itself reject.

use super::check::parse_version;
use super::output::print_text;
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::check::{CheckOptions, check_root_lowered};
use crate::diag::Diagnostic;
use crate::migrate::{Options, migrate_statements, out};
use crate::source::FileId;
use crate::universe::Universe;
use crate::version::KeaVersion;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HostsPlacement {
    /// Reservations at the global level (Kea looks them up in every subnet)
    #[default]
    Global,
    /// Each reservation in the subnet that holds its fixed address
    Subnet,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NotesFormat {
    /// A summary of notes by code on stderr
    #[default]
    Text,
    /// Every note as JSON (on stdout when the config goes to a file, else on stderr)
    Json,
}

#[derive(clap::Args, Debug)]
pub struct MigrateArgs {
    /// The dhcpd.conf to convert ("-" for stdin)
    #[arg(value_name = "DHCPD_CONF")]
    pub file: PathBuf,
    /// DHCPv4 (default unless the file declares subnet6/range6)
    #[arg(short = '4', conflicts_with = "v6")]
    pub v4: bool,
    /// DHCPv6
    #[arg(short = '6')]
    pub v6: bool,
    /// Where to write the Kea config ("-": stdout)
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// Kea version whose syntax to write
    #[arg(long, value_name = "VERSION", default_value_t = KeaVersion::DEFAULT, value_parser = parse_version)]
    pub target_version: KeaVersion,
    /// Where host reservations go
    #[arg(long, value_enum, default_value_t = HostsPlacement::Global)]
    pub hosts: HostsPlacement,
    /// Write dhcpd's defaults where the file sets none: lifetimes (default-lease-time 43200, max-lease-time 86400) and, for DHCPv4, echo-client-id false
    #[arg(long)]
    pub isc_defaults: bool,
    /// Resolve host names given where addresses are expected (else they are left out with a note)
    #[arg(long)]
    pub resolve: bool,
    /// Interface Kea listens on (repeatable); default: the file's `interface` statements
    #[arg(long, value_name = "NAME")]
    pub interface: Vec<String>,
    /// Write the DhcpDdns (kea-dhcp-ddns) config made from the file's DDNS keys and zones here
    #[arg(long, value_name = "FILE")]
    pub ddns_out: Option<PathBuf>,
    /// How to report notes
    #[arg(long, value_enum, default_value_t = NotesFormat::Text)]
    pub format: NotesFormat,
}

pub fn run(a: MigrateArgs) -> i32 {
    crate::timing::mark("start");
    let opts = Options {
        universe: if a.v6 { Universe::V6 } else { Universe::V4 },
        version: a.target_version,
        hosts_in_subnet: a.hosts == HostsPlacement::Subnet,
        isc_defaults: a.isc_defaults,
        resolve: a.resolve,
        interfaces: a.interface.clone(),
    };
    let (result, sources) = match migrate_path(&a.file, opts, !(a.v4 || a.v6)) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("keakit: cannot read {}: {e}", a.file.display());
            return EXIT_USAGE;
        }
    };
    let mut m = match result {
        Ok(m) => m,
        Err(errors) => return report_errors(&errors, &sources, a.format),
    };
    let universe = m.universe;
    crate::timing::mark("migrate: dhcpd.conf read, parsed and lowered");
    // The Kea JSON is about 1.4 times the size of the dhcpd.conf it comes from on the
    // benchmark's file: reserve 4x, untouched pages cost nothing.
    let capacity = sources.files().map(|(_, f)| f.text.len()).sum::<usize>().saturating_mul(4).max(1 << 16);
    drop(sources);
    // The text, and the tree `check` would parse from it, made together (`out::print`); the
    // value is taken apart as it is printed.
    let printed =
        out::print_lowering(std::mem::take(&mut m.config), std::mem::take(&mut m.reservations), FileId(0), capacity, Some(universe));
    crate::timing::mark("migrate: Kea JSON text written");
    // Never write what Kea would reject: run keakit's own check (Kea 2.2-verified) on it.
    // A file target is staged meanwhile (a temporary file beside it, written and flushed to
    // disk on other threads) and put in place only once the check passes; anything else is
    // written after.
    let stage_to = Some(a.output.as_path()).filter(|p| *p != Path::new("-"));
    let (text, staged) = match verify(printed, a.target_version, "migrated config", stage_to) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let written = match staged {
        Some(Err(e)) => Err(e),
        Some(Ok(Some(s))) => s.commit(),
        Some(Ok(None)) | None => write_out(&a.output, text.as_bytes()),
    };
    crate::timing::mark("migrate: output in place");
    if let Err(e) = written {
        eprintln!("keakit: cannot write {}: {e}", a.output.display());
        return EXIT_USAGE;
    }
    if let (Some(path), Some(d2)) = (&a.ddns_out, &m.ddns) {
        let t = match verify(out::print(d2.clone(), Vec::new(), FileId(0), 1 << 16), a.target_version, "DhcpDdns config", None) {
            Ok((t, _)) => t,
            Err(code) => return code,
        };
        if let Err(e) = write_out(path, t.as_bytes()) {
            eprintln!("keakit: cannot write {}: {e}", path.display());
            return EXIT_USAGE;
        }
    } else if let Some(path) = &a.ddns_out {
        eprintln!("keakit: no DDNS zones or updates in the file; {} not written", path.display());
    }
    let lossy = m.notes.iter().filter(|n| n.lossy).count();
    match a.format {
        NotesFormat::Json => {
            let doc = json!({
                "file": a.file.display().to_string(),
                "universe": if universe == Universe::V4 { "v4" } else { "v6" },
                "complete": lossy == 0,
                "notes": m.notes.iter().map(|n| n.to_json()).collect::<Vec<_>>(),
            });
            let s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            if a.output == Path::new("-") {
                eprintln!("{s}");
            } else {
                println!("{s}");
            }
        }
        NotesFormat::Text => {
            let mut by_code: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
            for n in &m.notes {
                let e = by_code.entry(n.code).or_default();
                e.0 += 1;
                e.1 |= n.lossy;
            }
            for (code, (n, l)) in &by_code {
                let what = crate::migrate::notes::CODES.iter().find(|(c, _)| c == code).map_or("", |(_, w)| w);
                eprintln!("  {code} x{n}{}: {what}", if *l { "" } else { " (info)" });
            }
            if lossy == 0 {
                eprintln!(
                    "{}: converted{}",
                    a.file.display(),
                    if m.notes.is_empty() { String::new() } else { format!(" ({} informational notes)", m.notes.len()) }
                );
            } else {
                eprintln!(
                    "{}: converted with {lossy} thing(s) not translated exactly; see the `// [Mnnn]` comments in the output",
                    a.file.display()
                );
            }
        }
    }
    if lossy > 0 { EXIT_INVALID } else { EXIT_OK }
}

fn report_errors(diags: &[Diagnostic], sources: &crate::source::SourceMap, format: NotesFormat) -> i32 {
    match format {
        NotesFormat::Text => {
            // The same error on every statement (a DHCPv4 file given `-6`: one per host) would
            // bury the rest: the first few of each are shown, then how many more there are.
            let (shown, more) = capped(diags, SAME_ERRORS_SHOWN);
            print_text(&shown, sources);
            for (message, n) in more {
                eprintln!("keakit: {n} more \"{message}\" not shown (--format json lists every error)");
            }
        }
        NotesFormat::Json => {
            let v = json!({"errors": diags.iter().map(|d| d.to_json(sources)).collect::<Vec<_>>()});
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
    }
    if diags.iter().any(|d| d.code == "io") { EXIT_USAGE } else { EXIT_INVALID }
}

/// Errors with the same code and message shown in text, before a count of the rest.
const SAME_ERRORS_SHOWN: usize = 10;

/// The diagnostics, in order, with at most `cap` of each (code, message); and for each message
/// cut short, in order of its first appearance, how many were left out.
fn capped(diags: &[Diagnostic], cap: usize) -> (Vec<Diagnostic>, Vec<(String, usize)>) {
    // (Messages may all differ, one per host: counted in a map, ordered by first appearance.)
    let mut counts: std::collections::HashMap<(&str, &str), (usize, usize)> = std::collections::HashMap::new();
    let mut shown = Vec::new();
    for (i, d) in diags.iter().enumerate() {
        let n = &mut counts.entry((d.code, d.message.as_str())).or_insert((i, 0)).1;
        *n += 1;
        if *n <= cap {
            shown.push(d.clone());
        }
    }
    let mut more: Vec<_> = counts.into_iter().filter(|(_, (_, n))| *n > cap).map(|((_, m), (first, n))| (first, m, n - cap)).collect();
    more.sort_unstable();
    (shown, more.into_iter().map(|(_, m, n)| (m.to_string(), n)).collect())
}

/// Read and migrate a dhcpd.conf, streamed (`dhcpd::each_statement`), with the universe of
/// `opts` or, when `detect`, the one the file declares. Ok(Err(errors)): the file is not valid
/// dhcpd.conf (parse errors, reported before lowering errors); the source map is given back
/// for printing them.
pub(crate) fn migrate_path(
    path: &Path,
    mut opts: Options,
    detect: bool,
) -> std::io::Result<(Result<crate::migrate::Migrated, Vec<Diagnostic>>, crate::source::SourceMap)> {
    let mut sources = crate::dhcpd::read_root(path)?;
    let base = crate::dhcpd::base_dir(path);
    let universe_of = |sources: &crate::source::SourceMap| if crate::dhcpd::declares_v6(sources) { Universe::V6 } else { Universe::V4 };
    if detect {
        // Decided before the parse: the parser thread prepares hosts for one universe.
        opts.universe = universe_of(&sources);
    }
    let prepare = crate::migrate::simple_host::Hosts(&opts);
    let (m, parse_diags) = crate::dhcpd::each_statement(&mut sources, &base, prepare, |stmts, sources| {
        let mut opts = opts.clone();
        if detect && sources.files().nth(1).is_some() {
            // Included files are read now: what they declare counts too (hosts prepared
            // for DHCPv4 are then not used: `scope::global`).
            opts.universe = universe_of(sources);
        }
        migrate_statements(stmts, sources, &opts)
    });
    let result = if parse_diags.iter().any(Diagnostic::is_error) {
        Err(parse_diags)
    } else if !m.errors.is_empty() {
        Err(m.errors)
    } else {
        Ok(m)
    };
    Ok((result, sources))
}

/// Check a converted config, as printed with its tree (`out::print`, spans in the first
/// file of a new source map); gives the text back when it passes (moved in and out: a large
/// config is not copied). With `stage_to`, the text is staged there (`fsutil::stage`) on a
/// second thread while it is checked, and the staged file given back too (removed again,
/// when dropped uncommitted, if the check fails).
fn verify(printed: out::Printed, version: KeaVersion, what: &str, stage_to: Option<&Path>) -> Result<(String, Option<Staging>), i32> {
    let (mut doc, diags, lowered) = printed.into_document(what);
    let root = doc.root.take();
    let opts = CheckOptions { daemon: None, version, ..Default::default() };
    let (diags, model, staged) = std::thread::scope(|s| {
        let doc = &doc;
        let staging = stage_to.map(|p| s.spawn(move || crate::fsutil::stage(p, doc.sources.get(FileId(0)).text.as_bytes())));
        let (diags, model) = check_root_lowered(doc, root, diags, &opts, lowered);
        let staged = staging.map(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("the staging thread failed"))));
        (diags, model, staged)
    });
    // The process ends soon after: freeing a 100,000-host model here would cost more than
    // the exit that frees it anyway (as `check` does; one model per run).
    std::mem::forget(model);
    let errors: Vec<_> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if errors.is_empty() {
        return Ok((doc.sources.into_text(FileId(0)), staged));
    }
    eprintln!("keakit: internal error: the {what} fails keakit check; nothing written. Please report this with the input.");
    print_text(&errors, &doc.sources);
    Err(EXIT_INVALID)
}

/// What `fsutil::stage` gave: the staged file (None for a target that is no regular file,
/// written directly), or why it could not be written.
type Staging = std::io::Result<Option<crate::fsutil::Staged>>;

/// Write to stdout, or to a temporary file beside the target then rename it over.
pub fn write_out(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path == Path::new("-") {
        let mut o = std::io::stdout().lock();
        o.write_all(bytes)?;
        return o.flush();
    }
    crate::fsutil::write_atomic(path, bytes)
}

#[derive(clap::Args, Debug)]
pub struct MigrateLeasesArgs {
    /// The dhcpd.leases file ("-" for stdin)
    #[arg(value_name = "DHCPD_LEASES")]
    pub file: PathBuf,
    /// DHCPv4 leases (default)
    #[arg(short = '4', conflicts_with = "v6")]
    pub v4: bool,
    /// DHCPv6 leases (ia-na / ia-ta / ia-pd)
    #[arg(short = '6')]
    pub v6: bool,
    /// Where to write the Kea memfile CSV ("-": stdout)
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// The migrated Kea config: subnet ids are taken from it (else 0, with a count)
    #[arg(long, value_name = "KEA_JSON")]
    pub config: Option<PathBuf>,
    /// Kea version whose lease file columns to write
    #[arg(long, value_name = "VERSION", default_value_t = KeaVersion::DEFAULT, value_parser = parse_version)]
    pub target_version: KeaVersion,
}

pub fn run_leases(a: MigrateLeasesArgs) -> i32 {
    let (conf, diags) = match crate::dhcpd::load_file(&a.file) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("keakit: cannot read {}: {e}", a.file.display());
            return EXIT_USAGE;
        }
    };
    if diags.iter().any(Diagnostic::is_error) {
        print_text(&diags, &conf.sources);
        return EXIT_INVALID;
    }
    let subnets = match &a.config {
        Some(p) => match subnets_of(p) {
            Ok(s) => s,
            Err(code) => return code,
        },
        None => Vec::new(),
    };
    let find = |ip: std::net::IpAddr| subnets.iter().find(|(n, _)| n.contains(&ip)).map(|(_, id)| *id);
    let mut errs = Vec::new();
    let (text, n, superseded, dropped, no_subnet) = if a.v6 {
        let c = crate::migrate::leases::convert6(&conf.stmts, &|x| find(x.into()), &mut errs);
        (crate::leases::csv::write6(&c.leases, a.target_version), c.leases.len(), c.superseded, c.dropped, c.no_subnet)
    } else {
        let c = crate::migrate::leases::convert4(&conf.stmts, &|x| find(x.into()), &mut errs);
        (crate::leases::csv::write4(&c.leases, a.target_version), c.leases.len(), c.superseded, c.dropped, c.no_subnet)
    };
    if !errs.is_empty() {
        let d: Vec<Diagnostic> = errs.into_iter().map(|(sp, m)| Diagnostic::error("dhcpd-leases", m).at(sp, "here")).collect();
        print_text(&d, &conf.sources);
        return EXIT_INVALID;
    }
    if let Err(e) = write_out(&a.output, text.as_bytes()) {
        eprintln!("keakit: cannot write {}: {e}", a.output.display());
        return EXIT_USAGE;
    }
    let dropped_text: Vec<String> = dropped.iter().map(|(s, n)| format!("{n} {s}")).collect();
    eprintln!(
        "{}: {n} lease(s) written; {superseded} superseded record(s); dropped: {}{}",
        a.file.display(),
        if dropped_text.is_empty() { "none".to_string() } else { dropped_text.join(", ") },
        if no_subnet > 0 { format!("; {no_subnet} lease(s) in no subnet of the config (subnet id 0)") } else { String::new() }
    );
    if no_subnet > 0 && a.config.is_some() { EXIT_INVALID } else { EXIT_OK }
}

/// (prefix, id) of every subnet in a Kea config (top level and in shared networks).
fn subnets_of(path: &Path) -> Result<Vec<(ipnet::IpNet, u32)>, i32> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("keakit: cannot read {}: {e}", path.display());
        EXIT_USAGE
    })?;
    let (mut doc, pd) = crate::syntax::load_str(&path.display().to_string(), &text);
    if pd.iter().any(Diagnostic::is_error) {
        print_text(&pd, &doc.sources);
        return Err(EXIT_INVALID);
    }
    let v: Value = doc.root.take().map(|r| crate::model::Config::lower(r).emit()).unwrap_or(Value::Null);
    let mut out = Vec::new();
    for dhcp in ["Dhcp4", "Dhcp6"] {
        let Some(d) = v.get(dhcp) else { continue };
        let key = if dhcp == "Dhcp4" { "subnet4" } else { "subnet6" };
        let mut lists: Vec<&Value> = d.get(key).into_iter().collect();
        for sn in d.get("shared-networks").and_then(Value::as_array).into_iter().flatten() {
            lists.extend(sn.get(key));
        }
        for s in lists.into_iter().filter_map(Value::as_array).flatten() {
            if let (Some(p), Some(id)) =
                (s.get("subnet").and_then(Value::as_str).and_then(|p| p.parse().ok()), s.get("id").and_then(Value::as_u64))
            {
                out.push((p, id as u32));
            }
        }
    }
    Ok(out)
}
