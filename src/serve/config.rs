//! The Dhcp4 model compiled into the tables the packet path reads: subnets with their
//! pools, relays and parameters resolved through Kea's scopes (global → shared network →
//! subnet), reservations indexed by identifier, class expressions parsed once, and option
//! data encoded once into wire blobs (through `crate::options`, the one option engine).
//!
//! Compilation runs only on configs that passed `check`, but it still fails cleanly
//! (`Err(text)`) on anything it cannot serve, so config-set keeps the old config.

use crate::expr::{self, Expr, ParseOptions, Type};
use crate::model::addr::{parse_identifier, parse_subnet};
use crate::model::{Dhcp, IdentifierType, OptionData, OptionDefCfg, Reservation};
use crate::options::{CustomDef, OptionDef, OptionDefs, OptionType, encode};
use crate::syntax::cst::{Member, Node, Value};
use crate::universe::Universe;
use rustc_hash::FxHashMap;
use std::net::{IpAddr, Ipv4Addr};

/// One option ready to copy into a reply: code, length(s) and payload in wire form.
#[derive(Clone, Debug)]
pub struct OptBlob {
    pub code: u8,
    pub wire: Vec<u8>,
    pub always_send: bool,
    pub never_send: bool,
}

/// The options of one scope, by code.
#[derive(Clone, Debug, Default)]
pub struct OptionSet {
    pub list: Vec<OptBlob>,
}

impl OptionSet {
    pub fn get(&self, code: u8) -> Option<&OptBlob> {
        self.list.iter().find(|o| o.code == code)
    }
}

#[derive(Clone, Debug)]
pub struct PoolRt {
    pub first: u32,
    pub last: u32,
    pub client_class: Option<String>,
    pub options: OptionSet,
}

impl PoolRt {
    pub fn contains(&self, a: u32) -> bool {
        (self.first..=self.last).contains(&a)
    }
}

/// A host reservation.
#[derive(Clone, Debug, Default)]
pub struct Host {
    pub ip: Option<Ipv4Addr>,
    pub hostname: Option<String>,
    pub classes: Vec<String>,
    pub options: OptionSet,
    pub next_server: Option<Ipv4Addr>,
    pub server_hostname: Option<String>,
    pub boot_file_name: Option<String>,
}

/// Reservations of one scope (a subnet, or global), indexed by identifier.
#[derive(Clone, Debug, Default)]
pub struct Hosts {
    pub list: Vec<Host>,
    pub by: [FxHashMap<Box<[u8]>, usize>; 5],
    /// Reserved addresses, so that dynamic allocation skips them.
    pub by_ip: FxHashMap<u32, usize>,
}

fn id_slot(t: IdentifierType) -> usize {
    match t {
        IdentifierType::HwAddress => 0,
        IdentifierType::ClientId => 1,
        IdentifierType::CircuitId => 2,
        IdentifierType::Duid => 3,
        IdentifierType::FlexId => 4,
    }
}

impl Hosts {
    pub fn find(&self, t: IdentifierType, id: &[u8]) -> Option<&Host> {
        self.by[id_slot(t)].get(id).map(|&i| &self.list[i])
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Parameters Kea inherits by name from global to shared network to subnet.
#[derive(Clone, Debug)]
pub struct Params {
    pub valid: u32,
    pub min_valid: u32,
    pub max_valid: u32,
    pub renew: Option<u32>,
    pub rebind: Option<u32>,
    pub calculate_tee_times: bool,
    pub t1_percent: f64,
    pub t2_percent: f64,
    pub match_client_id: bool,
    pub authoritative: bool,
    pub next_server: Option<Ipv4Addr>,
    pub server_hostname: Option<String>,
    pub boot_file_name: Option<String>,
    pub reservations_global: bool,
    /// `allocator: "random"` (Kea 2.4+): free addresses picked at random, not in order.
    pub random_allocator: bool,
    pub reservations_in_subnet: bool,
    pub reservations_out_of_pool: bool,
    pub require_client_classes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct SubnetRt {
    pub id: u32,
    pub addr: u32,
    pub prefix: u8,
    pub mask: u32,
    pub pools: Vec<PoolRt>,
    pub relays: Vec<Ipv4Addr>,
    pub interface: Option<String>,
    pub client_class: Option<String>,
    pub options: OptionSet,
    /// Index into `Runtime::networks`.
    pub network: Option<usize>,
    pub hosts: Hosts,
    pub params: Params,
}

impl SubnetRt {
    pub fn contains(&self, a: Ipv4Addr) -> bool {
        u32::from(a) & self.mask == self.addr
    }
    pub fn total_addresses(&self) -> u64 {
        self.pools.iter().map(|p| (p.last - p.first) as u64 + 1).sum()
    }
}

#[derive(Clone, Debug)]
pub struct NetworkRt {
    pub name: String,
    pub subnets: Vec<usize>,
    pub options: OptionSet,
    pub client_class: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ClassRt {
    pub name: String,
    pub test: Option<Expr>,
    pub only_if_required: bool,
    pub options: OptionSet,
    pub next_server: Option<Ipv4Addr>,
    pub server_hostname: Option<String>,
    pub boot_file_name: Option<String>,
}

/// Where leases go.
#[derive(Clone, Debug)]
pub struct LeaseDb {
    pub persist: bool,
    pub name: Option<String>,
    pub lfc_interval: u64,
    /// Rows of the lease file that may be discarded at start-up before the server refuses
    /// to start (0: no limit, Kea's default).
    pub max_row_errors: u64,
}

#[derive(Clone, Debug)]
pub struct Runtime {
    pub subnets: Vec<SubnetRt>,
    /// Indices of `subnets` in subnet-id order (the order Kea selects in).
    pub by_id: Vec<usize>,
    pub networks: Vec<NetworkRt>,
    pub classes: Vec<ClassRt>,
    pub class_index: FxHashMap<String, usize>,
    pub global_hosts: Hosts,
    pub global_options: OptionSet,
    pub global: Params,
    pub host_identifiers: Vec<IdentifierType>,
    pub echo_client_id: bool,
    pub decline_probation: u32,
    pub lease_db: LeaseDb,
    pub control_socket: Option<String>,
    pub interfaces: Vec<String>,
    /// Expired-lease reclamation period in seconds (0: off).
    pub reclaim_timer: u64,
    pub hold_reclaimed_time: u64,
    pub loggers: Vec<LoggerRt>,
    /// The flex_id hook's `identifier-expression` (a string expression), when the config loads
    /// `libdhcp_flex_id.so`: serve does that hook's work itself (see `flex_id`).
    pub flex_id: Option<Expr>,
}

#[derive(Clone, Debug)]
pub struct LoggerRt {
    pub severity: String,
    pub output: String,
}

// ---------- scalar parameters through scopes ----------

fn get<'a>(scopes: &[&'a [Member]], key: &str) -> Option<&'a Node> {
    scopes.iter().find_map(|s| crate::model::fields::rest_get(s, key)).map(|m| &m.value)
}
fn get_u32(scopes: &[&[Member]], key: &str) -> Option<u32> {
    match get(scopes, key)?.value {
        Value::Int(i) => u32::try_from(i).ok(),
        _ => None,
    }
}
fn get_f64(scopes: &[&[Member]], key: &str) -> Option<f64> {
    match &get(scopes, key)?.value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f, _) => Some(*f),
        _ => None,
    }
}
fn get_bool(scopes: &[&[Member]], key: &str) -> Option<bool> {
    match get(scopes, key)?.value {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}
fn get_str(scopes: &[&[Member]], key: &str) -> Option<String> {
    match &get(scopes, key)?.value {
        Value::String(s) if !s.is_empty() => Some(s.to_string()),
        _ => None,
    }
}
fn get_strs(scopes: &[&[Member]], key: &str) -> Vec<String> {
    match get(scopes, key).map(|n| &n.value) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|n| match &n.value {
                Value::String(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
fn get_ip(scopes: &[&[Member]], key: &str) -> Option<Ipv4Addr> {
    get_str(scopes, key).and_then(|s| s.parse().ok()).filter(|a: &Ipv4Addr| !a.is_unspecified())
}

fn params(scopes: &[&[Member]]) -> Params {
    let valid = get_u32(scopes, "valid-lifetime").unwrap_or(7200);
    Params {
        valid,
        min_valid: get_u32(scopes, "min-valid-lifetime").unwrap_or(valid),
        max_valid: get_u32(scopes, "max-valid-lifetime").unwrap_or(valid),
        renew: get_u32(scopes, "renew-timer"),
        rebind: get_u32(scopes, "rebind-timer"),
        calculate_tee_times: get_bool(scopes, "calculate-tee-times").unwrap_or(false),
        t1_percent: get_f64(scopes, "t1-percent").unwrap_or(0.5),
        t2_percent: get_f64(scopes, "t2-percent").unwrap_or(0.875),
        match_client_id: get_bool(scopes, "match-client-id").unwrap_or(true),
        authoritative: get_bool(scopes, "authoritative").unwrap_or(false),
        next_server: get_ip(scopes, "next-server"),
        server_hostname: get_str(scopes, "server-hostname"),
        boot_file_name: get_str(scopes, "boot-file-name"),
        reservations_global: get_bool(scopes, "reservations-global").unwrap_or(false),
        random_allocator: get_str(scopes, "allocator").as_deref() == Some("random"),
        reservations_in_subnet: get_bool(scopes, "reservations-in-subnet").unwrap_or(true),
        reservations_out_of_pool: get_bool(scopes, "reservations-out-of-pool").unwrap_or(false),
        require_client_classes: get_strs(scopes, "require-client-classes"),
    }
}

// ---------- options ----------

fn type_of(name: &str) -> Result<OptionType, String> {
    OptionType::from_name(name).ok_or_else(|| format!("unknown option type `{name}`"))
}

/// A custom definition from an option-def entry (already validated by `check`).
fn custom_def(d: &OptionDefCfg) -> Result<CustomDef, String> {
    let name = d.name.as_ref().ok_or("option-def without name")?;
    let code = d.code.as_ref().ok_or("option-def without code")?.value;
    let ty = type_of(d.ty.as_ref().ok_or("option-def without type")?.as_str())?;
    let record_types = match &d.record_types {
        Some(r) if !r.as_str().trim().is_empty() => r.as_str().split(',').map(|t| type_of(t.trim())).collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    Ok(CustomDef {
        name: name.value.clone(),
        code: u16::try_from(code).map_err(|_| format!("option-def code {code} out of range"))?,
        space: d.space.as_ref().map(|s| s.value.clone()).unwrap_or_else(|| "dhcp4".into()),
        ty,
        array: d.array.as_ref().is_some_and(|a| a.value),
        record_types,
        encapsulate: d.encapsulate.as_ref().filter(|e| !e.as_str().is_empty()).map(|e| e.value.clone()),
    })
}

/// Encodes one option-data entry: (space, code, payload).
fn encode_option(defs: &OptionDefs, o: &OptionData) -> Result<(String, u16, Vec<u8>, bool, bool), String> {
    let space = o.space.as_ref().map(|s| s.as_str()).unwrap_or("dhcp4");
    let def: Option<OptionDef> = match (&o.name, &o.code) {
        (Some(n), _) => Some(defs.by_name(space, n.as_str()).ok_or_else(|| format!("option `{}` has no definition", n.as_str()))?),
        (None, Some(c)) => defs.by_code(space, c.value as u16),
        (None, None) => return Err("option-data without name or code".into()),
    };
    let data = o.data.as_ref().map(|d| d.as_str()).unwrap_or("");
    let (code, payload) = match def {
        Some(d) => {
            let csv = o.csv_format.as_ref().map(|c| c.value).unwrap_or(true);
            (d.code, encode(&d, data, csv).map_err(|e| format!("option `{}` data `{data}`: {}", d.name, e.message))?)
        }
        None => {
            let code = o.code.as_ref().map(|c| c.value as u16).unwrap_or(0);
            let raw = OptionDef::new("", code, OptionType::Binary);
            (code, encode(&raw, data, false).map_err(|e| format!("option {code} data `{data}`: {}", e.message))?)
        }
    };
    let always = o.always_send.as_ref().is_some_and(|b| b.value);
    let never = o.never_send.as_ref().is_some_and(|b| b.value);
    Ok((space.to_string(), code, payload, always, never))
}

fn wire(code: u8, payload: &[u8]) -> Vec<u8> {
    let mut w = Vec::with_capacity(payload.len() + 2);
    if payload.is_empty() {
        w.extend_from_slice(&[code, 0]);
    }
    for chunk in payload.chunks(255) {
        w.push(code);
        w.push(chunk.len() as u8);
        w.extend_from_slice(chunk);
    }
    w
}

/// Compiles a scope's option-data. Options of sub-option spaces are packed into the
/// top-level option that encapsulates their space (e.g. vendor-encapsulated-options, 43),
/// after that option's own payload.
pub fn option_set(defs: &OptionDefs, list: Option<&[OptionData]>) -> Result<OptionSet, String> {
    let mut top: Vec<(u16, Vec<u8>, bool, bool)> = Vec::new();
    let mut subs: Vec<(String, u16, Vec<u8>)> = Vec::new();
    for o in list.unwrap_or(&[]) {
        let (space, code, payload, always, never) = encode_option(defs, o)?;
        if space == "dhcp4" {
            top.push((code, payload, always, never));
        } else {
            subs.push((space, code, payload));
        }
    }
    // Encapsulating options configured only through their sub-options still go out.
    for (space, _, _) in &subs {
        if let Some(code) = encapsulating_code(defs, space)
            && !top.iter().any(|t| t.0 == code)
        {
            top.push((code, Vec::new(), false, false));
        }
    }
    let mut set = OptionSet::default();
    for (code, mut payload, always, never) in top {
        let code8 = u8::try_from(code).map_err(|_| format!("option code {code} does not fit DHCPv4"))?;
        if let Some(d) = defs.by_code("dhcp4", code)
            && let Some(space) = d.encapsulate
        {
            for (_, sc, sp) in subs.iter().filter(|s| s.0 == space) {
                payload.push(*sc as u8);
                payload.push(sp.len().min(255) as u8);
                payload.extend_from_slice(&sp[..sp.len().min(255)]);
            }
        }
        set.list.retain(|o: &OptBlob| o.code != code8);
        set.list.push(OptBlob { code: code8, wire: wire(code8, &payload), always_send: always, never_send: never });
    }
    Ok(set)
}

fn encapsulating_code(defs: &OptionDefs, space: &str) -> Option<u16> {
    (1..255u16).find(|&c| defs.by_code("dhcp4", c).is_some_and(|d| d.encapsulate == Some(space)))
}

// ---------- reservations ----------

fn hosts(defs: &OptionDefs, list: &[Reservation]) -> Result<Hosts, String> {
    let mut h = Hosts::default();
    for r in list {
        let i = h.list.len();
        let ip = match &r.ip_address {
            Some(a) => Some(a.as_str().parse::<Ipv4Addr>().map_err(|_| format!("bad reserved address `{}`", a.as_str()))?),
            None => None,
        };
        let rest: &[Member] = &r.rest;
        h.list.push(Host {
            ip,
            hostname: r.hostname.as_ref().map(|s| s.as_str().to_string()).filter(|s| !s.is_empty()),
            classes: r.client_classes.as_ref().map(|c| c.value.iter().map(|s| s.as_str().to_string()).collect()).unwrap_or_default(),
            options: option_set(defs, r.option_data.as_deref())?,
            next_server: get_ip(&[rest], "next-server"),
            server_hostname: get_str(&[rest], "server-hostname"),
            boot_file_name: get_str(&[rest], "boot-file-name"),
        });
        for (t, v) in &r.identifiers {
            let id = identifier(*t, v.as_str())?;
            h.by[id_slot(*t)].insert(id.into_boxed_slice(), i);
        }
        if let Some(ip) = ip {
            h.by_ip.insert(u32::from(ip), i);
        }
    }
    Ok(h)
}

/// Identifier bytes: hex (`01:02`, `0102`) or a quoted string (`'abc'`, circuit-id/flex-id).
fn identifier(t: IdentifierType, s: &str) -> Result<Vec<u8>, String> {
    if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        return Ok(s.as_bytes()[1..s.len() - 1].to_vec());
    }
    parse_identifier(s).map_err(|e| format!("bad {}: {e}", t.key()))
}

// ---------- hooks serve implements itself ----------

/// Kea's flex_id hook: a `hooks-libraries` entry whose library file is `libdhcp_flex_id.so`
/// (any directory: the library itself is not loaded, and Debian's Kea 2.2 does not ship it)
/// makes serve evaluate its `identifier-expression` on every packet and look reservations up
/// by the result under the `flex-id` identifier type (when `flex-id` is in
/// `host-reservation-identifiers`, as with Kea). `replace-client-id` (the flex-id stored in
/// the lease as its client-id) is not implemented and is refused rather than ignored; any
/// other hook library is Kea's business and is ignored by serve.
fn flex_id(dhcp: &Dhcp, defs: &OptionDefs) -> Result<Option<Expr>, String> {
    let Some(h) = dhcp.hooks_libraries().iter().find(|h| {
        h.library.as_ref().is_some_and(|l| std::path::Path::new(l.as_str()).file_name().is_some_and(|f| f == "libdhcp_flex_id.so"))
    }) else {
        return Ok(None);
    };
    let params = h.parameters.as_ref().map(|p| &p.value);
    let member = |k: &str| match params {
        Some(Value::Object(m)) => m.iter().find(|m| m.key.as_str() == k).map(|m| &m.value.value),
        _ => None,
    };
    if let Some(Value::Bool(true)) = member("replace-client-id") {
        return Err("flex_id hook: `replace-client-id: true` is not supported by keakit serve".into());
    }
    let text = match member("identifier-expression") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.to_string(),
        Some(Value::String(_)) | None => return Ok(None),
        Some(_) => return Err("flex_id hook: `identifier-expression` must be a string".into()),
    };
    let code_of = |n: &str| defs.by_name("dhcp4", n).map(|d| d.code);
    let popts = ParseOptions { universe: Universe::V4, option_code: &code_of };
    expr::parse_typed(&text, &popts, Type::String, "identifier-expression").map(Some).map_err(|e| format!("flex_id hook: {e}"))
}

// ---------- the whole config ----------

pub fn compile(dhcp: &Dhcp) -> Result<Runtime, String> {
    let mut defs = OptionDefs::standard(Universe::V4);
    for d in dhcp.option_defs() {
        defs.add(custom_def(d)?);
    }
    let g: &[Member] = &dhcp.rest;
    let global = params(&[g]);
    let global_options = option_set(&defs, dhcp.option_data.as_deref())?;

    let mut classes = Vec::new();
    let mut class_index = FxHashMap::default();
    for c in dhcp.client_classes() {
        let name = c.name.as_ref().ok_or("client class without name")?.as_str().to_string();
        let mut cdefs = defs.clone();
        for d in c.option_def.as_deref().unwrap_or(&[]) {
            cdefs.add(custom_def(d)?);
        }
        let code_of = |n: &str| cdefs.by_name("dhcp4", n).map(|d| d.code);
        let popts = ParseOptions { universe: Universe::V4, option_code: &code_of };
        let test = match &c.test {
            Some(t) if !t.as_str().trim().is_empty() => {
                Some(expr::parse_typed(t.as_str(), &popts, Type::Bool, "test").map_err(|e| format!("class `{name}`: {e}"))?)
            }
            _ => None,
        };
        let rest: &[Member] = &c.rest;
        class_index.insert(name.clone(), classes.len());
        classes.push(ClassRt {
            name,
            test,
            only_if_required: c.only_if_required.as_ref().is_some_and(|b| b.value),
            options: option_set(&cdefs, c.option_data.as_deref())?,
            next_server: get_ip(&[rest], "next-server"),
            server_hostname: get_str(&[rest], "server-hostname"),
            boot_file_name: get_str(&[rest], "boot-file-name"),
        });
    }

    let mut subnets = Vec::new();
    let mut networks = Vec::new();
    let mut add_subnet = |s: &crate::model::Subnet, net: Option<(&crate::model::SharedNetwork, usize)>| -> Result<usize, String> {
        let text = s.subnet.as_ref().ok_or("subnet without `subnet`")?;
        let n = parse_subnet(text.as_str())?;
        let ipnet::IpNet::V4(n) = n else { return Err(format!("`{}` is not an IPv4 subnet", text.as_str())) };
        let sr: &[Member] = &s.rest;
        let nr: &[Member] = net.map(|(n, _)| &n.rest[..]).unwrap_or(&[]);
        let p = params(&[sr, nr, g]);
        let mut pools = Vec::new();
        for pool in s.pools() {
            let Some((IpAddr::V4(a), IpAddr::V4(b))) = pool.range else { return Err("pool is not an IPv4 range".into()) };
            pools.push(PoolRt {
                first: a.into(),
                last: b.into(),
                client_class: pool.client_class.as_ref().map(|c| c.as_str().to_string()).filter(|c| !c.is_empty()),
                options: option_set(&defs, pool.option_data.as_deref())?,
            });
        }
        let mut relays = Vec::new();
        for r in s.relay.iter().chain(net.and_then(|(n, _)| n.relay.as_ref())) {
            for a in r.addresses() {
                relays.push(a.as_str().parse().map_err(|_| format!("bad relay address `{}`", a.as_str()))?);
            }
        }
        let id = s.id.as_ref().map(|i| i.value as u32).unwrap_or(subnets.len() as u32 + 1);
        let mask = if n.prefix_len() == 0 { 0 } else { u32::MAX << (32 - n.prefix_len()) };
        subnets.push(SubnetRt {
            id,
            addr: u32::from(n.network()),
            prefix: n.prefix_len(),
            mask,
            pools,
            relays,
            interface: get_str(&[sr, nr, g], "interface"),
            client_class: s
                .client_class
                .as_ref()
                .or(net.and_then(|(n, _)| n.client_class.as_ref()))
                .map(|c| c.as_str().to_string())
                .filter(|c| !c.is_empty()),
            options: option_set(&defs, s.option_data.as_deref())?,
            network: net.map(|(_, i)| i),
            hosts: hosts(&defs, s.reservations())?,
            params: p,
        });
        Ok(subnets.len() - 1)
    };
    for n in dhcp.shared_networks.iter().flatten() {
        let idx = networks.len();
        let mut members = Vec::new();
        for s in n.subnets() {
            members.push(add_subnet(s, Some((n, idx)))?);
        }
        networks.push(NetworkRt {
            name: n.name.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default(),
            subnets: members,
            options: option_set(&defs, n.option_data.as_deref())?,
            client_class: n.client_class.as_ref().map(|c| c.as_str().to_string()),
        });
    }
    for s in dhcp.subnets.iter().flatten() {
        add_subnet(s, None)?;
    }

    let host_identifiers = match get(&[g], "host-reservation-identifiers").map(|n| &n.value) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|n| match &n.value {
                Value::String(s) => IdentifierType::from_key(s),
                _ => None,
            })
            .collect(),
        _ => vec![IdentifierType::HwAddress, IdentifierType::Duid, IdentifierType::CircuitId, IdentifierType::ClientId],
    };

    let db = dhcp.lease_database.as_ref();
    let lease_db = LeaseDb {
        persist: db.and_then(|d| d.persist.as_ref()).map(|p| p.value).unwrap_or(true),
        name: db.and_then(|d| d.name.as_ref()).map(|n| n.as_str().to_string()),
        lfc_interval: db.and_then(|d| d.lfc_interval.as_ref()).map(|v| v.value.max(0) as u64).unwrap_or(3600),
        max_row_errors: db
            .and_then(|d| crate::model::fields::rest_get(&d.rest, "max-row-errors"))
            .and_then(|m| if let Value::Int(i) = m.value.value { Some(i.max(0) as u64) } else { None })
            .unwrap_or(0),
    };
    let elp = dhcp.expired_leases_processing.as_ref();
    let elp_u64 = |k: &str, d: u64| {
        elp.and_then(|e| e.get(k)).and_then(|n| if let Value::Int(i) = n.value { Some(i.max(0) as u64) } else { None }).unwrap_or(d)
    };
    let control_socket = dhcp
        .all_control_sockets()
        .find(|s| s.socket_type.as_ref().is_none_or(|t| t.as_str() == "unix"))
        .and_then(|s| s.socket_name.as_ref())
        .map(|n| n.as_str().to_string());
    let loggers = dhcp
        .loggers
        .iter()
        .flatten()
        .filter(|l| l.name.as_ref().is_some_and(|n| n.as_str().starts_with("kea-dhcp4")))
        .map(|l| LoggerRt {
            severity: l.severity.as_ref().map(|s| s.as_str().to_string()).unwrap_or_else(|| "INFO".into()),
            output: l
                .output_options
                .iter()
                .flat_map(|(_, o)| o.iter())
                .find_map(|o| get_str(&[&o.rest[..]], "output"))
                .unwrap_or_else(|| "stdout".into()),
        })
        .collect();
    let mut by_id: Vec<usize> = (0..subnets.len()).collect();
    by_id.sort_by_key(|&i| subnets[i].id);
    Ok(Runtime {
        by_id,
        subnets,
        networks,
        classes,
        class_index,
        global_hosts: hosts(&defs, dhcp.reservations.as_deref().unwrap_or(&[]))?,
        global_options,
        global,
        host_identifiers,
        echo_client_id: get_bool(&[g], "echo-client-id").unwrap_or(true),
        decline_probation: get_u32(&[g], "decline-probation-period").unwrap_or(86400),
        lease_db,
        control_socket,
        interfaces: dhcp
            .interfaces_config
            .as_ref()
            .and_then(|i| i.interfaces.as_ref())
            .map(|l| l.value.iter().map(|s| s.as_str().to_string()).collect())
            .unwrap_or_default(),
        reclaim_timer: elp_u64("reclaim-timer-wait-time", 10),
        hold_reclaimed_time: elp_u64("hold-reclaimed-time", 3600),
        loggers,
        flex_id: flex_id(dhcp, &defs)?,
    })
}
