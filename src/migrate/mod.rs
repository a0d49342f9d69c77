//! dhcpd.conf → Kea: lowering the `crate::dhcpd` AST into Kea JSON (`Dhcp4`/`Dhcp6`, plus
//! `DhcpDdns` when DDNS is configured), with a note at each spot not translated exactly.
//!
//! - `scope.rs`: declarations and their nesting (shared-network, subnet, pool, group, host);
//! - `params.rs`: parameters (lifetimes, boot fields, permits, DDNS, ...) per scope;
//! - `optdata.rs`: option definitions and option data through `crate::options`;
//! - `classes.rs`: class / subclass → client-classes, tests through `isc_expr.rs` and `crate::expr`;
//! - `simple_host.rs`: the common `host` read fast (on the parser thread, from the text);
//! - `flex_option.rs`: top-level `option NAME = EXPR;` → the flex_option hook;
//! - `conditional.rs`: top-level `if` / `elsif` / `else` branches → client classes;
//! - `out.rs`: the JSON-with-comments printer (and the tree `check` reads); `notes.rs`: note codes.
//! - `leases.rs`: dhcpd.leases → Kea memfile CSV (`migrate-leases`).
//!
//! The output is built as a `serde_json::Value` (key order kept) with reservations apart
//! (`out::Entry`), printed by `out::print` with the tree `crate::syntax` would read from the
//! text, and that tree is checked by `crate::check` in the CLI, so a config Kea would reject
//! is never written.

pub mod classes;
pub mod conditional;
pub mod flex_option;
pub mod isc_expr;
pub mod leases;
pub mod notes;
pub mod optdata;
pub mod out;
pub mod params;
pub mod ping;
pub mod scope;
pub mod simple_host;

use crate::dhcpd::ast::{Stmt, Token};
use crate::diag::Diagnostic;
use crate::options::registry::OptionDefs;
use crate::source::{SourceMap, Span};
use crate::universe::Universe;
use crate::version::KeaVersion;
use notes::Note;
use serde_json::{Map, Value, json};

#[derive(Clone, Debug)]
pub struct Options {
    pub universe: Universe,
    pub version: KeaVersion,
    /// `--hosts subnet`: reservations go into the subnet holding their address.
    pub hosts_in_subnet: bool,
    /// `--isc-defaults`: write dhcpd's default lifetimes where the file sets none.
    pub isc_defaults: bool,
    /// `--resolve`: look up host names given where addresses are expected.
    pub resolve: bool,
    /// `--interface NAME`: interfaces Kea listens on.
    pub interfaces: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            universe: Universe::V4,
            version: KeaVersion::DEFAULT,
            hosts_in_subnet: false,
            isc_defaults: false,
            resolve: false,
            interfaces: Vec::new(),
        }
    }
}

/// The result of a migration.
pub struct Migrated {
    /// The universe migrated (given, or detected from the file).
    pub universe: Universe,
    /// `{"Dhcp4": ...}` or `{"Dhcp6": ...}`, with notes under `"//"` keys and reservations
    /// as `out::marker`s (see `out`).
    pub config: Value,
    /// The reservation lists the markers stand for.
    pub reservations: Vec<Vec<out::Entry>>,
    /// `{"DhcpDdns": ...}` when the file configures DDNS.
    pub ddns: Option<Value>,
    pub notes: Vec<Note>,
    /// Input errors (the file is not valid dhcpd.conf); non-empty means no output.
    pub errors: Vec<Diagnostic>,
}

/// State of one migration run.
pub struct Ctx<'a> {
    pub universe: Universe,
    pub opts: &'a Options,
    pub sources: &'a SourceMap,
    pub defs: OptionDefs,
    /// Option spaces declared with `option space`.
    pub spaces: Vec<String>,
    /// ISC space → Kea space (`vendor-N` for spaces encapsulated in ISC's vendor space).
    pub space_alias: Vec<(String, String)>,
    /// `use-host-decl-names on` somewhere in the file (dhcpd then sends hosts their names).
    pub use_host_decl_names: bool,
    /// Reservations whose `hostname` is their host declaration's name, and the first such host
    /// (without use-host-decl-names dhcpd never sends that name; Kea does: note M032).
    pub decl_names: (usize, Option<Span>),
    /// The top-level `if` / `elsif` / `else` chain being read (`conditional`).
    pub chain: conditional::Chain,
    /// Options a DHCPv6 file defines without a space: DHCPv4 options to dhcpd -6 (`optdata::v4_in_v6`).
    pub v4_defined: Vec<String>,
    /// (space, ISC name, Kea standard name) for standard options declared under another name.
    pub name_alias: Vec<(String, String, String)>,
    pub notes: Vec<Note>,
    pub errors: Vec<Diagnostic>,
    pub next_subnet_id: u32,
    pub option_defs: Vec<Value>,
    pub classes: Vec<Value>,
    pub class_info: Vec<classes::ClassInfo>,
    /// `--hosts subnet`: reservations in file order, placed by `scope::finish`.
    pub hosts: Vec<scope::Host>,
    /// `--hosts subnet`: the fixed addresses after the first of the host being read
    /// (`params::host_statement`; each becomes a copy of its reservation).
    pub extra_fixed: Vec<std::net::IpAddr>,
    /// Reservations placed at the global level, in order.
    pub global_reservations: Vec<out::Entry>,
    /// Reservation lists placed in the output (`out::marker`).
    pub reservation_lists: Vec<Vec<out::Entry>>,
    /// Identifier types used by placed reservations, in order of first use.
    pub reservation_ids: Vec<&'static str>,
    /// Comments for the top of the output (notes about the file as a whole).
    pub root_notes: Vec<String>,
    pub interfaces: Vec<String>,
    pub ddns: params::Ddns,
    /// A `failover peer` became the HA hook (Kea configures it once).
    pub ha_configured: bool,
    /// The space a global redefinition of option 43 encapsulates (`optdata::vendor_option_space`).
    pub vendor_space: Option<String>,
    /// Ping settings of the top level, the shared network and the subnet being read
    /// (`ping`), and each subnet's (by id) once read.
    pub ping_global: ping::Settings,
    /// Top-level options computed from expressions, by code: the flex_option hook's entries.
    pub flex_options: Vec<(u16, Value)>,
    pub ping_network: ping::Settings,
    pub ping_subnet: ping::Settings,
    pub ping_subnets: Vec<(u64, ping::Settings)>,
    /// A `server-duid` found inside a subnet, pool or group: dhcpd has one DUID per server,
    /// Kea's `server-id` is global only; written at the top in `scope::finish`.
    pub nested_server_id: Option<Value>,
    /// `option dhcp6.rapid-commit;` at the top level, where it was (`scope::rapid_commit`).
    pub rapid_commit: Option<Span>,
    /// Identifier values already reserved globally (Kea rejects duplicates).
    /// Hashes of (scope, identifier type, value) (a collision would only drop a host with a note).
    pub seen_ids: rustc_hash::FxHashSet<u64>,
    /// Subnet prefixes declared so far (Kea rejects a subnet declared twice).
    pub subnet_prefixes: rustc_hash::FxHashSet<String>,
    /// Addresses and prefixes reserved so far, as hashes of (scope, `scope::addr_key`).
    pub seen_addrs: rustc_hash::FxHashSet<u64>,
    /// The first host reserving an address or prefix an earlier host in its scope reserves
    /// (dhcpd takes that; Kea wants `ip-reservations-unique: false`, set by `scope::finish`).
    pub shared_addr: Option<crate::source::Span>,
    /// `line_of`'s last answer: (file, byte offset, line there).
    line_cursor: std::cell::Cell<(crate::source::FileId, usize, usize)>,
}

impl<'a> Ctx<'a> {
    /// A fresh run over `sources`.
    pub fn new(sources: &'a SourceMap, opts: &'a Options) -> Ctx<'a> {
        let input_len = sources.files().map(|(_, f)| f.text.len()).sum::<usize>();
        Ctx {
            universe: opts.universe,
            opts,
            sources,
            defs: OptionDefs::standard(opts.universe),
            spaces: Vec::new(),
            space_alias: Vec::new(),
            v4_defined: Vec::new(),
            chain: Default::default(),
            use_host_decl_names: false,
            decl_names: (0, None),
            name_alias: Vec::new(),
            notes: Vec::new(),
            errors: Vec::new(),
            next_subnet_id: 1,
            option_defs: Vec::new(),
            classes: Vec::new(),
            class_info: Vec::new(),
            hosts: Vec::new(),
            extra_fixed: Vec::new(),
            // Grown by doubling, this list (most of the output for a file of hosts) would be
            // copied and faulted in again at each step: room for a host every 64 bytes of
            // input (a one-line host takes about 90), pages never written cost nothing.
            global_reservations: Vec::with_capacity(input_len / 64),
            reservation_lists: Vec::new(),
            reservation_ids: Vec::new(),
            root_notes: Vec::new(),
            interfaces: Vec::new(),
            ddns: params::Ddns::default(),
            ha_configured: false,
            vendor_space: None,
            rapid_commit: None,
            ping_global: Default::default(),
            flex_options: Vec::new(),
            ping_network: Default::default(),
            ping_subnet: Default::default(),
            ping_subnets: Vec::new(),
            nested_server_id: None,
            // A host every 96 bytes of input: sized once for a file of one-line hosts.
            seen_ids: rustc_hash::FxHashSet::with_capacity_and_hasher(input_len / 96, Default::default()),
            seen_addrs: rustc_hash::FxHashSet::with_capacity_and_hasher(input_len / 96, Default::default()),
            shared_addr: None,
            line_cursor: std::cell::Cell::new((crate::source::FileId(0), 0, 1)),
            subnet_prefixes: Default::default(),
        }
    }
}

impl Ctx<'_> {
    pub fn location(&self, st: &Stmt) -> String {
        self.location_at(st.span)
    }

    /// `file:line` (the file's own name, without its directory) of a place in the input.
    pub fn location_at(&self, span: Span) -> String {
        let f = self.sources.get(span.file);
        let line = self.line_of(span);
        let name = std::path::Path::new(&f.name).file_name().map_or(f.name.clone(), |n| n.to_string_lossy().into_owned());
        format!("{name}:{line}")
    }

    /// The 1-based line a span starts on, counted on from the place asked about before
    /// (notes come in file order): the first note of a 9 MB file built the line table of the
    /// whole file (5 ms), where the notes need the lines up to the last of them.
    fn line_of(&self, span: Span) -> usize {
        let text = self.sources.get(span.file).text.as_bytes();
        let to = (span.start as usize).min(text.len());
        let (file, mut from, mut line) = self.line_cursor.get();
        if file != span.file || to < from {
            (from, line) = (0, 1);
        }
        line += memchr::memchr_iter(b'\n', &text[from..to]).count();
        self.line_cursor.set((span.file, to, line));
        line
    }

    /// A note about the file as a whole (a comment at the top of the output, and in the summary).
    pub fn file_note(&mut self, n: Note) {
        self.root_notes.push(n.comment());
        self.notes.push(n);
    }

    /// `file_note` about a place in the input (for what has no object of its own in the
    /// output: a host left out, a definition not made).
    pub fn file_note_at(&mut self, span: Span, code: &'static str, message: String, kea_way: &str, lossy: bool) {
        let n = Note { code, span, location: self.location_at(span), message, kea_way: kea_way.to_string(), lossy };
        self.file_note(n);
    }

    /// An input error (the file is wrong, not merely untranslatable).
    pub fn error(&mut self, st: &Stmt, at: &Token, msg: &str, help: &str) {
        let _ = st;
        let mut d = Diagnostic::error("dhcpd-invalid", msg.to_string()).at(at.span, "here");
        if !help.is_empty() {
            d = d.help(help.to_string());
        }
        self.errors.push(d);
    }

    /// A note at `obj` (written as a comment there) and in the summary.
    pub fn note(&mut self, obj: &mut Map<String, Value>, st: &Stmt, code: &'static str, msg: &str, kea_way: &str, lossy: bool) {
        self.note_at(obj, st.span, code, msg, kea_way, lossy);
    }

    /// `note` for a place in the input rather than a statement at hand.
    pub fn note_at(&mut self, obj: &mut Map<String, Value>, span: Span, code: &'static str, msg: &str, kea_way: &str, lossy: bool) {
        let n = Note { code, span, location: self.location_at(span), message: msg.to_string(), kea_way: kea_way.to_string(), lossy };
        out::note(obj, n.comment());
        self.notes.push(n);
    }

    /// Kea's name for an ISC option space.
    pub fn space_name(&self, isc: &str) -> String {
        match self.space_alias.iter().find(|(i, _)| i == isc) {
            Some((_, k)) => k.clone(),
            None => optdata::kea_space(self.universe, isc),
        }
    }

    /// `[SPACE.]NAME` → Kea (space, name), with the file's space aliases.
    pub fn split_name(&self, tok: &str) -> (String, String) {
        let (s, n) = optdata::split_name(self.universe, tok);
        let (s, n) = match tok.split_once('.') {
            Some((isc, _)) => (self.space_name(isc), n),
            None => (s, n),
        };
        alias(&self.name_alias, s, n)
    }
}

/// Apply the option-name aliases (standard options declared under another name).
pub fn alias(aliases: &[(String, String, String)], space: String, name: String) -> (String, String) {
    match aliases.iter().find(|(s, i, _)| *s == space && *i == name) {
        Some((_, _, k)) => (space, k.clone()),
        None => (space, name),
    }
}

impl Ctx<'_> {
    /// Resolve a host name (with `--resolve`) to its first address of the wanted family.
    pub fn resolve(&self, name: &str, v6: bool) -> Option<String> {
        if !self.opts.resolve {
            return None;
        }
        use std::net::ToSocketAddrs;
        let addrs = (name, 0u16).to_socket_addrs().ok()?;
        addrs.map(|a| a.ip()).find(|ip| ip.is_ipv6() == v6).map(|ip| ip.to_string())
    }
}

/// `--isc-defaults`: dhcpd's built-in lease times where the file sets none globally
/// (dhcpd.conf(5): default-lease-time 43200 s, max-lease-time 86400 s), so leases keep the
/// lengths dhcpd gave them instead of Kea's defaults (7200 s); and, for DHCPv4, dhcpd's
/// `echo-client-id false` (Kea echoes a client identifier by default, dhcpd does not).
fn isc_defaults(cx: &mut Ctx, root: &mut Map<String, Value>, first: Option<&Stmt>) {
    // Kea rejects a valid-lifetime above max-valid-lifetime anywhere below: never write a
    // maximum smaller than a lifetime the file sets.
    fn largest(v: &Value, key: &str) -> u64 {
        match v {
            Value::Object(m) => m.iter().map(|(k, x)| if k == key { x.as_u64().unwrap_or(0) } else { largest(x, key) }).max().unwrap_or(0),
            Value::Array(a) => a.iter().map(|x| largest(x, key)).max().unwrap_or(0),
            _ => 0,
        }
    }
    let max = root.iter().map(|(k, x)| if k == "valid-lifetime" { x.as_u64().unwrap_or(0) } else { largest(x, "valid-lifetime") });
    let max = max.max().unwrap_or(0).max(86400);
    let mut added = Vec::new();
    for (key, value) in [("valid-lifetime", 43200.min(max)), ("max-valid-lifetime", max)] {
        if !root.contains_key(key) {
            root.insert(key.into(), json!(value));
            added.push(format!("{key} {value}"));
        }
    }
    if cx.universe == Universe::V4 && !root.contains_key("echo-client-id") {
        root.insert("echo-client-id".into(), json!(false));
        added.push("echo-client-id false".into());
    }
    if let (false, Some(first)) = (added.is_empty(), first) {
        cx.note(root, first, "M013", &format!("dhcpd's defaults written: {}", added.join(", ")), "", false);
    }
}

/// Lifetimes in force at a scope (inherited from the scopes around it).
#[derive(Clone, Copy, Default)]
struct Bounds {
    valid: Option<u64>,
    min: Option<u64>,
    max: Option<u64>,
}

/// dhcpd accepts a default-lease-time outside [min-lease-time, max-lease-time] and clamps each
/// lease; Kea rejects such a config ("valid-lifetime (1800) is greater than
/// max-valid-lifetime (72)"), checked per subnet with inherited values. Walk global → shared
/// networks → subnets and, where the lifetime in force falls outside its bounds, write the
/// bound as that scope's valid-lifetime (what dhcpd hands out), with a note.
fn clamp_lifetimes(cx: &mut Ctx, obj: &mut Map<String, Value>, at: &Stmt, outer: Bounds) {
    let get = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_u64);
    let mut b = Bounds {
        valid: get(obj, "valid-lifetime").or(outer.valid),
        min: get(obj, "min-valid-lifetime").or(outer.min),
        max: get(obj, "max-valid-lifetime").or(outer.max),
    };
    // No default-lease-time in force: dhcpd's is 43200 s (clamped to the bounds), Kea's 7200,
    // and Kea holds its default to the bounds too ("min-valid-lifetime (8000) is not less than
    // (default) valid-lifetime (7200)"). Where Kea's default would break them, dhcpd's
    // lifetime is written.
    if b.valid.is_none() && (b.min.is_some_and(|m| m > 7200) || b.max.is_some_and(|m| m < 7200)) {
        let v = b.max.map_or(43200, |mx| 43200.min(mx)).max(b.min.unwrap_or(0));
        obj.insert("valid-lifetime".into(), json!(v));
        b.valid = Some(v);
        let msg =
            format!("no default-lease-time: dhcpd's default (43200) clamped to min/max-lease-time gives {v}, written as valid-lifetime");
        cx.note(obj, at, "M022", &msg, "Kea's own default (7200) would be outside min/max-valid-lifetime, which Kea rejects", false);
    }
    if let Some(v) = b.valid {
        let clamped = b.max.map_or(v, |mx| v.min(mx)).max(b.min.unwrap_or(0));
        if clamped != v {
            obj.insert("valid-lifetime".into(), json!(clamped));
            b.valid = Some(clamped);
            let msg = format!("default-lease-time {v} is outside min/max-lease-time here; dhcpd clamps each lease to {clamped}");
            cx.note(obj, at, "M022", &msg, "valid-lifetime set to the bound, as Kea requires min <= valid <= max", false);
        }
    }
    for list in ["shared-networks", "subnet4", "subnet6"] {
        if let Some(Value::Array(items)) = obj.get_mut(list) {
            for item in items.iter_mut() {
                if let Value::Object(child) = item {
                    clamp_lifetimes(cx, child, at, b);
                }
            }
        }
    }
}

/// Migrate a dhcpd.conf given as its top-level statements, in order (`dhcpd::each_statement`
/// streams them from the parser). Each statement is freed once lowered, so the AST and the
/// output are never both whole in memory.
pub fn migrate(stmts: impl Iterator<Item = Stmt>, sources: &SourceMap, opts: &Options) -> Migrated {
    migrate_statements(&mut crate::dhcpd::Statements::new(stmts), sources, opts)
}

/// `migrate` over a stream that takes back what the lowering is done with (`dhcpd::each_statement`).
pub fn migrate_statements(stmts: &mut crate::dhcpd::Statements<simple_host::SimpleHost>, sources: &SourceMap, opts: &Options) -> Migrated {
    let mut cx = Ctx::new(sources, opts);
    let mut root = Map::new();
    // Notes about the file as a whole point at its first statement.
    let first =
        stmts.peek().map(|s| Stmt { tokens: s.tokens.iter().take(1).cloned().collect(), block: None, span: s.span, comments: Vec::new() });
    for (id, f) in sources.files().filter(|(_, f)| f.latin1) {
        let n = Note {
            code: "M023",
            span: crate::source::Span::new(id, 0, 0),
            location: f.name.clone(),
            message: "not UTF-8: read as Latin-1 (ISO 8859-1), its non-ASCII characters written as UTF-8".into(),
            kea_way: "check hostnames and text options with non-ASCII characters; Kea reads its config as UTF-8".into(),
            lossy: false,
        };
        cx.file_note(n);
    }
    scope::global(&mut cx, stmts, &mut root);
    if opts.isc_defaults {
        isc_defaults(&mut cx, &mut root, first.as_ref());
    }
    if let Some(first) = &first {
        clamp_lifetimes(&mut cx, &mut root, first, Bounds::default());
    }
    let ddns = scope::finish(&mut cx, &mut root);
    // Kea rejects an empty `Dhcp4`/`Dhcp6` map: a file with nothing to translate still gives
    // a valid (listening nowhere) config.
    if root.keys().all(|k| k == out::NOTES) {
        root.insert("interfaces-config".into(), json!({ "interfaces": [] }));
    }
    let key = if opts.universe == Universe::V4 { "Dhcp4" } else { "Dhcp6" };
    // Not `json!({ key: root })`: json! serializes a non-literal value, i.e. copies the tree.
    let mut top = Map::new();
    top.insert(key.into(), Value::Object(root));
    Migrated {
        universe: opts.universe,
        config: Value::Object(top),
        reservations: cx.reservation_lists,
        ddns,
        notes: cx.notes,
        errors: cx.errors,
    }
}
