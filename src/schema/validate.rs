//! The generic walk: every map of the CST against its context's key table.
//!
//! Runs on the CST before lowering (lowering keeps wrong shapes in `rest`, this reports them).
//! The happy path does no allocation: key lookup is a binary search in a static table, and
//! duplicate detection compares keys pairwise in small maps (a hash set only for big ones).

use super::rules;
use super::tables::{CONTEXTS, ROOT_CONTROL_AGENT, ROOT_DHCP4, ROOT_DHCP6, ROOT_DHCPDDNS};
use super::ty::{Ctx, Key, Ty, bit, first, last};
use crate::daemon::Daemon;
use crate::diag::Diagnostic;
use crate::suggest::closest;
use crate::syntax::cst::type_name;
use crate::syntax::{Member, Node, Value};
use crate::version::KeaVersion;

/// Maps with more members than this use a hash set to find duplicates.
const PAIRWISE_LIMIT: usize = 24;

/// Validate a whole config: the top-level map, then each daemon's map.
/// `daemon`: which program reads the file (then only its key is allowed at the top, as
/// kea-dhcp4 2.2 rejects `{"Dhcp4": {...}, "Dhcp6": {...}}` with "syntax error, unexpected
/// constant string, expecting "," or }"); None accepts any of the four daemon maps.
pub fn validate(root: &Node, version: KeaVersion, daemon: Option<Daemon>, out: &mut Vec<Diagnostic>) {
    let Value::Object(members) = &root.value else {
        out.push(
            Diagnostic::error("wrong-type", format!("the configuration must be a map, found {}", type_name(&root.value)))
                .at(root.span, "not a map")
                .help("a Kea config looks like {\"Dhcp4\": { ... }}"),
        );
        return;
    };
    let mut w = Walker { version, vbit: bit(version), daemon: "", out, cache: Box::new([(0, &[]); CACHE_SLOTS]) };
    w.duplicates(members);
    let allowed: &[Daemon] = match &daemon {
        Some(d) => std::slice::from_ref(d),
        None => &Daemon::ALL,
    };
    let mut found = false;
    for m in members {
        match allowed.iter().find(|d| d.key() == &*m.key) {
            Some(d) => {
                found = true;
                let ctx = match d {
                    Daemon::Dhcp4 => ROOT_DHCP4,
                    Daemon::Dhcp6 => ROOT_DHCP6,
                    Daemon::CtrlAgent => ROOT_CONTROL_AGENT,
                    Daemon::D2 => ROOT_DHCPDDNS,
                };
                w.daemon = d.key();
                w.value(&m.value, Ty::Map(ctx), m);
            }
            None => w.out.push(top_level_unknown(m, daemon)),
        }
    }
    if !found {
        let (what, help) = match daemon {
            Some(d) => (
                format!("no `{}` map", d.key()),
                format!("{} reads only the `{}` map: {{\"{}\": {{ ... }}}}", d.program(), d.key(), d.key()),
            ),
            None => ("no Kea daemon map".to_string(), "add one of `Dhcp4`, `Dhcp6`, `Control-agent` or `DhcpDdns`".to_string()),
        };
        w.out.push(Diagnostic::error("missing-key", format!("the configuration has {what}")).at(root.span, "here").help(help));
    }
}

fn top_level_unknown(m: &Member, daemon: Option<Daemon>) -> Diagnostic {
    let key = &*m.key;
    let d = Diagnostic::error("unknown-key", format!("unknown top-level key `{key}`")).at(m.key_span, "not accepted here");
    if let (Some(d0), Some(other)) = (daemon, Daemon::ALL.iter().find(|d| d.key() == key)) {
        return d.help(format!(
            "{} reads only `{}`; put the `{}` map in its own file for {}",
            d0.program(),
            d0.key(),
            key,
            other.program()
        ));
    }
    if key == "Logging" {
        return d.help("the top-level `Logging` map is gone: put `loggers` inside each daemon's map");
    }
    let names: Vec<&str> = match daemon {
        Some(d0) => vec![d0.key()],
        None => Daemon::ALL.iter().map(|d| d.key()).collect(),
    };
    match closest(key, names.iter().copied()) {
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => d.help(format!("the top level holds {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))),
    }
}

struct Walker<'o> {
    version: KeaVersion,
    vbit: u8,
    /// Top-level key of the daemon map being walked (`Dhcp4` …).
    daemon: &'static str,
    out: &'o mut Vec<Diagnostic>,
    /// Direct-mapped cache of key lookups: a large config repeats the same few keys in the
    /// same contexts hundreds of thousands of times, and a hit costs one string compare
    /// instead of a binary search. Entries: (context address, key entries).
    cache: Box<[(usize, &'static [Key]); CACHE_SLOTS]>,
}

const CACHE_SLOTS: usize = 256;

impl Walker<'_> {
    /// `ctx.entries(key)`, through the cache.
    fn entries(&mut self, ctx: &'static Ctx, key: &str) -> &'static [Key] {
        let addr = ctx as *const Ctx as usize;
        let mut h = addr as u64;
        for b in key.bytes() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x517cc1b727220a95);
        }
        let slot = (h >> 56) as usize % CACHE_SLOTS;
        let (a, e) = self.cache[slot];
        if a == addr && e.first().is_some_and(|k| k.name == key) {
            return e;
        }
        let e = ctx.entries(key);
        if !e.is_empty() {
            self.cache[slot] = (addr, e);
        }
        e
    }

    /// Check one value against its expected type; `m` is the member it belongs to (its key
    /// names the value in messages).
    fn value(&mut self, node: &Node, ty: Ty, m: &Member) {
        if let Value::Array(items) = &node.value
            && items.is_empty()
        {
            self.empty_list(node, matches!(ty, Ty::MapList(_)), m);
        }
        match ty {
            Ty::Int => match &node.value {
                Value::Int(i) => {
                    if let Some((lo, hi)) = rules::int_range(self.daemon, &m.key)
                        && !(lo..=hi).contains(i)
                    {
                        self.out.push(
                            Diagnostic::error("out-of-range", format!("`{}` is {i}, out of range", m.key))
                                .at(node.span, format!("must be {lo} to {hi}"))
                                .help(format!("Kea accepts {lo}..{hi} for `{}`", m.key)),
                        );
                    }
                }
                Value::Float(_, raw) if !raw.contains(['.', 'e', 'E']) => self.out.push(
                    Diagnostic::error("out-of-range", format!("`{}` is too large", m.key)).at(node.span, "does not fit a 64-bit integer"),
                ),
                _ => self.wrong(node, m, "an integer"),
            },
            Ty::Real => match &node.value {
                Value::Float(..) => {}
                // kea-dhcp4 2.2 on `"t1-percent": 1`: "syntax error, unexpected integer,
                // expecting floating point".
                Value::Int(i) => self.out.push(
                    Diagnostic::error("wrong-type", format!("`{}` must be a real number, found the integer {i}", m.key))
                        .at(node.span, "an integer")
                        .help(format!("Kea's grammar wants a decimal point here: write `{i}.0`")),
                ),
                _ => self.wrong(node, m, "a real number"),
            },
            Ty::Bool => {
                if !matches!(node.value, Value::Bool(_)) {
                    self.wrong(node, m, "a boolean (true or false)")
                }
            }
            Ty::Str => match &node.value {
                Value::String(s) => {
                    if let Some(values) = rules::string_values(&m.key) {
                        self.enum_value(node, s, values, m);
                    }
                }
                _ => self.wrong(node, m, "a string"),
            },
            Ty::Any => self.free(node),
            Ty::AnyMap => match &node.value {
                Value::Object(_) => self.free(node),
                _ => self.wrong(node, m, "a map"),
            },
            Ty::AnyList => match &node.value {
                Value::Array(items) if rules::string_items(&m.key) => {
                    for it in items {
                        if !matches!(it.value, Value::String(_)) {
                            self.wrong_item(it, m, "a string");
                        }
                    }
                }
                Value::Array(_) => self.free(node),
                _ => self.wrong(node, m, "a list"),
            },
            Ty::StrList => match &node.value {
                Value::Array(items) => {
                    for it in items {
                        if !matches!(it.value, Value::String(_)) {
                            self.wrong_item(it, m, "a string");
                        }
                    }
                }
                _ => self.wrong(node, m, "a list of strings"),
            },
            Ty::Enum(values) => match &node.value {
                Value::String(s) => self.enum_value(node, s, values, m),
                _ => self.wrong(node, m, "a string"),
            },
            Ty::EnumList(values) => match &node.value {
                Value::Array(items) => {
                    for it in items {
                        match &it.value {
                            Value::String(s) => self.enum_value(it, s, values, m),
                            _ => self.wrong_item(it, m, "a string"),
                        }
                    }
                }
                _ => self.wrong(node, m, "a list of strings"),
            },
            Ty::Map(c) => match &node.value {
                Value::Object(members) => self.map(node, members, &CONTEXTS[c], m),
                _ => self.wrong(node, m, "a map"),
            },
            Ty::MapList(c) => match &node.value {
                Value::Array(items) if items.len() >= crate::model::fields::PARALLEL_MIN => {
                    // The second half on another thread, with its own walker.
                    let (first, second) = items.split_at(items.len() / 2);
                    let mut theirs = Vec::new();
                    std::thread::scope(|s| {
                        let (version, vbit, daemon) = (self.version, self.vbit, self.daemon);
                        let theirs = &mut theirs;
                        s.spawn(move || {
                            let mut w = Walker { version, vbit, daemon, out: theirs, cache: Box::new([(0, &[]); CACHE_SLOTS]) };
                            w.map_items(second, c, m);
                        });
                        self.map_items(first, c, m);
                    });
                    self.out.append(&mut theirs);
                }
                Value::Array(items) => self.map_items(items, c, m),
                _ => self.wrong(node, m, "a list of maps"),
            },
        }
    }

    /// The items of a list of maps of context `c`.
    fn map_items(&mut self, items: &[Node], c: usize, m: &Member) {
        for it in items {
            match &it.value {
                Value::Object(members) => self.map(it, members, &CONTEXTS[c], m),
                _ => self.wrong_item(it, m, "a map"),
            }
        }
    }

    /// A map of a known context: empty maps, duplicates, then each member.
    fn map(&mut self, node: &Node, members: &[Member], ctx: &'static Ctx, owner: &Member) {
        if members.is_empty() && ctx.nonempty {
            // kea-dhcp4 2.2 on `{"Dhcp4": {}}` and `"interfaces-config": {}`: "syntax error,
            // unexpected }".
            self.out.push(
                Diagnostic::error("empty-map", format!("`{}` must not be an empty map", owner.key))
                    .at(node.span, "empty")
                    .help(format!("Kea's grammar needs at least one entry in `{}`; remove it or fill it in", owner.key)),
            );
            return;
        }
        self.duplicates(members);
        for key in rules::required_keys(self.daemon, ctx.name, self.version) {
            if !members.iter().any(|m| &*m.key == *key) {
                self.out.push(
                    Diagnostic::error("missing-key", format!("`{}` has no `{key}`", owner.key))
                        .at(node.span, format!("`{key}` missing"))
                        .help(format!("Kea requires `{key}` in `{}`", owner.key)),
                );
            }
        }
        for m in members.iter().filter(|m| rules::nonempty_strings(ctx.name, self.version).contains(&&*m.key)) {
            if m.value.as_str() == Some("") {
                self.out.push(
                    Diagnostic::error("bad-value", format!("`{}` is empty", m.key))
                        .at(m.value.span, "empty")
                        .help(format!("Kea requires a non-empty `{}` in `{}`", m.key, owner.key)),
                );
            }
        }
        for m in members {
            let entries = self.entries(ctx, &m.key);
            match entries.iter().find(|k| k.versions & self.vbit != 0) {
                Some(k) => {
                    self.deprecated(m, ctx);
                    self.value(&m.value, k.ty, m);
                }
                None if entries.is_empty() && rules::open_map(ctx.name) => self.free(&m.value),
                None if entries.is_empty() => self.unknown(m, ctx, owner),
                None => self.other_version(m, entries, ctx),
            }
        }
    }

    /// A value whose contents are free (user-context, hook parameters): only duplicate keys
    /// are checked, as Kea rejects them everywhere ("duplicate a entries in JSON map").
    fn free(&mut self, node: &Node) {
        match &node.value {
            Value::Object(members) => {
                self.duplicates(members);
                for m in members {
                    self.free(&m.value);
                }
            }
            Value::Array(items) => {
                for it in items {
                    self.free(it);
                }
            }
            _ => {}
        }
    }

    fn duplicates(&mut self, members: &[Member]) {
        if members.len() <= PAIRWISE_LIMIT {
            for (i, m) in members.iter().enumerate() {
                if let Some(first) = members[..i].iter().find(|p| p.key == m.key) {
                    self.out.push(duplicate(m, first));
                }
            }
        } else {
            let mut seen: rustc_hash::FxHashMap<&str, &Member> = rustc_hash::FxHashMap::default();
            for m in members {
                if let Some(first) = seen.get(&*m.key) {
                    self.out.push(duplicate(m, first));
                } else {
                    seen.insert(&m.key, m);
                }
            }
        }
    }

    fn enum_value(&mut self, node: &Node, s: &str, values: &'static [&'static str], m: &Member) {
        let ok = if rules::enum_ignores_case(&m.key) { values.iter().any(|v| v.eq_ignore_ascii_case(s)) } else { values.contains(&s) };
        if !ok {
            let list = values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ");
            let d = Diagnostic::error("bad-value", format!("`{s}` is not a valid value for `{}`", m.key)).at(node.span, "not accepted");
            self.out.push(match closest(s, values.iter().copied()) {
                Some(c) => d.help(format!("did you mean \"{c}\"? Kea accepts {list}")),
                None => d.help(format!("Kea accepts {list}")),
            });
            return;
        }
        if let Some((_, _, why)) = rules::UNSUPPORTED_VALUES.iter().find(|(k, v, _)| *k == &*m.key && v.eq_ignore_ascii_case(s)) {
            self.out.push(
                Diagnostic::error("bad-value", format!("`{}`: \"{s}\" is not supported", m.key)).at(node.span, "not supported").help(*why),
            );
        }
    }

    fn wrong(&mut self, node: &Node, m: &Member, expected: &str) {
        self.out.push(
            Diagnostic::error("wrong-type", format!("`{}` must be {expected}, found {}", m.key, type_name(&node.value)))
                .at(node.span, format!("expected {expected}"))
                .help(type_help(&node.value, expected)),
        );
    }

    fn wrong_item(&mut self, node: &Node, m: &Member, expected: &str) {
        self.out.push(
            Diagnostic::error("wrong-type", format!("entries of `{}` must be {expected}, found {}", m.key, type_name(&node.value)))
                .at(node.span, format!("expected {expected}"))
                .help(type_help(&node.value, expected)),
        );
    }

    fn unknown(&mut self, m: &Member, ctx: &'static Ctx, owner: &Member) {
        let vbit = self.vbit;
        let here = ctx.keys.iter().filter(|k| k.versions & vbit != 0).map(|k| k.name);
        let d = Diagnostic::error("unknown-key", format!("unknown key `{}` in `{}`", m.key, owner.key))
            .at(m.key_span, "not a Kea parameter here");
        // A key valid elsewhere in the same daemon is a misplacement rather than a typo.
        let elsewhere =
            CONTEXTS.iter().filter(|c| c.daemon == ctx.daemon).find(|c| c.entries(&m.key).iter().any(|k| k.versions & vbit != 0));
        self.out.push(match (closest(&m.key, here), elsewhere) {
            (Some(s), _) => d.help(format!("did you mean `{s}`?")),
            (None, Some(_)) => d.help(format!("`{}` is a Kea parameter, but not inside `{}`", m.key, owner.key)),
            (None, None) => d.help(format!(
                "Kea {} rejects unknown keys (\"got unexpected keyword\"); use `user-context` for your own data",
                self.version
            )),
        });
    }

    /// `"KEY": []` where Kea's grammar wants an entry.
    fn empty_list(&mut self, node: &Node, of_maps: bool, m: &Member) {
        let Some(error) = rules::nonempty_list(&m.key, of_maps, self.version) else { return };
        let d = if error {
            Diagnostic::error("empty-list", format!("`{}` must not be an empty list", m.key))
                .at(node.span, "Kea's grammar wants an entry here")
                .help(format!("remove `{}` or give it an entry (Kea: \"syntax error, unexpected ]\")", m.key))
        } else {
            Diagnostic::warning("empty-list", format!("Kea before 3.0.4 rejects an empty `{}` list", m.key))
                .at(node.span, "empty")
                .help(format!("remove `{}` if the servers may run Kea 3.0.0 to 3.0.3", m.key))
        };
        self.out.push(d);
    }

    /// A key of another Kea version than the target.
    fn other_version(&mut self, m: &Member, entries: &'static [Key], ctx: &'static Ctx) {
        let vs = entries.iter().fold(0, |a, k| a | k.versions);
        let newest = last(vs).unwrap_or(KeaVersion::DEFAULT);
        if newest < self.version {
            // Removed before the target: a config written for an older Kea, which the target
            // refuses (Kea 3.0.4: relay `ip-address`, `reservation-mode`, the old `dhcp-ddns`
            // keys). An error like Kea's; the help names the new form (`keakit migrate` and
            // `--target-version` are the ways out).
            let mut d = Diagnostic::error("removed-key", format!("`{}` was removed after Kea {newest}", m.key))
                .at(m.key_span, format!("Kea {} rejects this", self.version));
            d = match rules::rename(&m.key, ctx.name) {
                Some(r) => d.help(format!("use `{}` instead", r.new)),
                None => d.help(format!("Kea {} does not know `{}`", self.version, m.key)),
            };
            self.out.push(d);
        } else {
            let since = first(vs).unwrap_or(KeaVersion::DEFAULT);
            self.out.push(
                Diagnostic::error("unknown-key", format!("`{}` is not accepted by Kea {}", m.key, self.version))
                    .at(m.key_span, format!("new in Kea {since}"))
                    .help(format!("`{}` is only accepted from Kea {since}; remove it or target a newer Kea (--target-version)", m.key)),
            );
        }
    }

    /// An accepted key that the target version deprecates in favour of a new one.
    fn deprecated(&mut self, m: &Member, ctx: &'static Ctx) {
        if let Some(r) = rules::rename(&m.key, ctx.name)
            && self.version >= r.since
        {
            self.out.push(
                Diagnostic::warning("deprecated-key", format!("`{}` is deprecated since Kea {}", m.key, r.since))
                    .at(m.key_span, "deprecated")
                    .help(format!("use `{}` instead", r.new)),
            );
        }
    }
}

fn duplicate(m: &Member, first: &Member) -> Diagnostic {
    // kea-dhcp4 2.2: "duplicate valid-lifetime entries in Dhcp4 map (previous at …)".
    Diagnostic::error("duplicate-key", format!("`{}` is set twice in the same map", m.key))
        .at(m.key_span, "set again here")
        .related(first.key_span, "first set here")
        .help("Kea rejects duplicate keys; keep one")
}

fn type_help(found: &Value, expected: &str) -> String {
    match found {
        Value::String(s) if expected.starts_with("an integer") && s.trim().parse::<i64>().is_ok() => {
            format!("remove the quotes: {}", s.trim())
        }
        Value::String(s) if expected.starts_with("a boolean") && matches!(s.as_str(), "true" | "false") => {
            format!("remove the quotes: {s}")
        }
        Value::Object(_) if expected.starts_with("a list") => "wrap the map in [ ... ]".to_string(),
        Value::String(_) if expected == "a list of strings" => "wrap the string in [ ... ]".to_string(),
        _ => format!("write {expected} here"),
    }
}
