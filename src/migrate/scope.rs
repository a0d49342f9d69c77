//! Declarations and their nesting. dhcpd scopes (global → shared-network → subnet → pool,
//! group, host, class) map onto Kea's (global → shared-network → subnet → pool,
//! reservation, client-class). A group has no Kea counterpart: its parameters are applied to
//! each declaration inside it (`inherited`), before the declaration's own.

use super::simple_host::{SimpleHost, prepare_host};
use super::{Ctx, classes, optdata, out, params};
use crate::dhcpd::ast::{Stmt, TokKind};
use crate::universe::Universe;
use serde_json::{Map, Value, json};
use std::hash::BuildHasher as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Global,
    SharedNetwork,
    Subnet,
    Pool,
    Host,
    Class,
}

/// The top level of the file.
pub fn global(cx: &mut Ctx, stmts: &mut crate::dhcpd::Statements<SimpleHost>, root: &mut Map<String, Value>) {
    CURRENT_V6.with(|c| c.set(cx.universe == Universe::V6));
    // The file's opening comments go to the top of the output (taken, not copied: the first
    // statement would repeat them).
    if let Some(c) = stmts.peek() {
        for line in std::mem::take(&mut c.comments) {
            out::note(root, format!("# {line}"));
        }
    }
    // `body` at the top level, each batch of statements freed once lowered (see `migrate`). A
    // host `prepare_host` read on the parser thread is placed here as `statement` would place it.
    stmts.for_each(|st, prepared| {
        // (Prepared for DHCPv4 when the root file was read; its includes may make it v6.)
        let placed = prepared.filter(|_| cx.universe == Universe::V4).is_some_and(|h| {
            super::conditional::end_chain(cx);
            accept_host(cx, h)
        });
        if placed {
            return;
        }
        // `each_statement` lends a prepared statement as its span alone.
        let whole = st.is_lent().then(|| crate::dhcpd::reparse(cx.sources, st)).flatten();
        statement(cx, whole.as_ref().unwrap_or(st), root, Kind::Global, &[]);
    });
}

fn subnets_key(u: Universe) -> &'static str {
    if u == Universe::V4 { "subnet4" } else { "subnet6" }
}

pub(super) fn push(obj: &mut Map<String, Value>, key: &str, v: Value) {
    match obj.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(a) => a.push(v),
        other => *other = Value::Array(vec![v]),
    }
}

/// Add an option-data entry, replacing one for the same option (inner scope wins, and Kea
/// rejects the same option twice in one list).
pub fn push_option(obj: &mut Map<String, Value>, v: Value) {
    // Sub-options of a vendor space are sent inside VIVSO (v4 125 / v6 17 vendor-opts):
    // Kea needs that option configured too, with the enterprise number as its data.
    if let Some(n) = v.get("space").and_then(Value::as_str).and_then(|s| s.strip_prefix("vendor-")).filter(|n| n.parse::<u32>().is_ok()) {
        let carrier = vivso_carrier(obj);
        let already = obj
            .get("option-data")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|o| o["code"] == json!(carrier.1) && o["data"] == json!(n)));
        if !already {
            let c = json!({"space": carrier.0, "name": carrier.2, "code": carrier.1, "data": n});
            push(obj, "option-data", c);
        }
    }
    let same = |a: &Value| a.get("space") == v.get("space") && a.get("code") == v.get("code");
    if let Some(Value::Array(a)) = obj.get_mut("option-data")
        && let Some(slot) = a.iter_mut().find(|a| same(a))
    {
        *slot = v;
        return;
    }
    push(obj, "option-data", v);
}

/// (space, code, name) of the VIVSO option of the universe being written.
fn vivso_carrier(_obj: &Map<String, Value>) -> (&'static str, u16, &'static str) {
    if CURRENT_V6.with(|c| c.get()) { ("dhcp6", 17, "vendor-opts") } else { ("dhcp4", 125, "vivso-suboptions") }
}

thread_local! {
    /// The universe of the migration running on this thread (set by `global`), for helpers
    /// such as `push_option` that have no context at hand.
    pub static CURRENT_V6: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn is_decl(st: &Stmt) -> bool {
    st.block.is_some() || matches!(st.head().to_ascii_lowercase().as_str(), "subclass" | "host")
}

/// The statements of a scope. Parameters apply to `obj`; declarations create children.
pub fn body(cx: &mut Ctx, stmts: &[Stmt], obj: &mut Map<String, Value>, kind: Kind, inherited: &[&Stmt]) {
    for st in stmts {
        statement(cx, st, obj, kind, inherited);
    }
    if !inherited.is_empty() {
        let mut from_group = Map::new();
        for st in inherited {
            statement(cx, st, &mut from_group, kind, &[]);
        }
        fill_from(obj, from_group);
    }
}

/// Add what an enclosing group sets and the declaration does not (the inner scope wins).
pub fn fill_from(obj: &mut Map<String, Value>, outer: Map<String, Value>) {
    for (k, v) in outer {
        match (obj.get_mut(&k), v) {
            (None, v) => {
                obj.insert(k, v);
            }
            (Some(Value::Array(mine)), Value::Array(theirs)) if k == "option-data" => {
                for o in theirs {
                    if !mine.iter().any(|m| m.get("space") == o.get("space") && m.get("code") == o.get("code")) {
                        mine.push(o);
                    }
                }
            }
            (Some(Value::Array(mine)), Value::Array(theirs)) if k == out::NOTES => mine.extend(theirs),
            _ => {}
        }
    }
}

/// `option server.NAME VALUE;`: dhcpd reads a parameter statement `NAME VALUE;` as this, so
/// it is translated as that statement; `allow W;` / `deny W;` are `option server.W on/off`
/// (`allow-booting` and `allow-bootp` for booting and bootp). A name dhcpd takes that is no
/// statement (`unknown-N`, `limited-broadcast-address`) is a lossy note, not an error.
fn server_option(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind, inherited: &[&Stmt]) {
    let name = st.tokens[1].text[7..].to_ascii_lowercase();
    // `option server.option ...` would read itself again, once per token: not a parameter.
    if name == "option" {
        cx.note(obj, st, "M001", &format!("option {}: no Kea equivalent; dropped", st.tokens[1].text), "", true);
        return;
    }
    let mut param = Stmt { tokens: st.tokens[1..].to_vec(), ..st.clone() };
    let permit = match name.as_str() {
        "allow-booting" => Some("booting"),
        "allow-bootp" => Some("bootp"),
        "declines" | "duplicates" | "unknown-clients" | "known-clients" | "client-updates" | "leasequery" => Some(&name[..]),
        _ => None,
    };
    let on = st.tokens.get(2).map(|v| v.text.to_ascii_lowercase());
    match (permit, on.as_deref()) {
        (Some(w), Some(v @ ("on" | "true" | "off" | "false"))) if st.tokens.len() == 3 => {
            param.tokens[0].text = if matches!(v, "on" | "true") { "allow".into() } else { "deny".into() };
            param.tokens[1].text = w.into();
            param.tokens[1].kind = crate::dhcpd::ast::TokKind::Word;
        }
        _ => param.tokens[0].text = name.as_str().into(),
    }
    let errors = cx.errors.len();
    statement(cx, &param, obj, kind, inherited);
    if cx.errors.len() == errors + 1 && cx.errors[errors].message.starts_with("unknown statement") {
        cx.errors.pop();
        cx.note(obj, st, "M001", &format!("option {}: no Kea equivalent; dropped", st.tokens[1].text), "", true);
    }
}

fn statement(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind, inherited: &[&Stmt]) {
    // Inline (no allocation) for any keyword: this runs for every statement of the file.
    let mut head = crate::syntax::cst::Str::from(st.head());
    head.make_ascii_lowercase();
    let t = &st.tokens;
    if kind == Kind::Global && head != "elsif" && head != "else" && head != "if" {
        super::conditional::end_chain(cx);
    }
    match head.as_str() {
        "if" | "elsif" | "else" if kind == Kind::Global && st.block.is_some() && super::conditional::branch(cx, st, obj) => {}
        "shared-network" if st.block.is_some() && matches!(kind, Kind::Global) => shared_network(cx, st, obj, inherited),
        "subnet" | "subnet6" if st.block.is_some() && matches!(kind, Kind::Global | Kind::SharedNetwork) => subnet(cx, st, obj, inherited),
        "pool" | "pool6" if st.block.is_some() && matches!(kind, Kind::Subnet | Kind::SharedNetwork) => pool(cx, st, obj, inherited),
        "group" if st.block.is_some() => {
            let mut inh: Vec<&Stmt> = inherited.to_vec();
            inh.extend(st.children().iter().filter(|c| !is_decl(c)));
            for c in st.children().iter().filter(|c| is_decl(c)) {
                statement(cx, c, obj, kind, &inh);
            }
        }
        "host" => host(cx, st, obj, kind, inherited),
        "class" if st.block.is_some() => classes::class(cx, st, obj, inherited),
        "subclass" => classes::subclass(cx, st, obj, inherited),
        "range" | "range6" | "prefix6" => range(cx, st, obj, kind),
        "option" if t.len() >= 3 && t[1].is_word("space") => {
            optdata::option_space(cx, st, obj);
        }
        "option" if t.len() >= 4 && t[2].is_word("code") => {
            if let Some(d) = optdata::definition(cx, st) {
                cx.option_defs.push(d);
            }
        }
        // dhcpd reads a parameter statement `NAME VALUE;` as `option server.NAME VALUE;`:
        // written out, it is the same parameter.
        "option" if t.len() >= 2 && t[1].text.len() > 7 && t[1].text[..7].eq_ignore_ascii_case("server.") => {
            server_option(cx, st, obj, kind, inherited)
        }
        // dhcpd -6 takes the DHCPv4 options 58 and 59 as its T1 and T2 (measured: a
        // dhclient -6 lease from it says `renew 333; rebind 666;` for 333 and 666).
        "option"
            if t.len() >= 2
                && kind != Kind::Host
                && let Some((name, _)) = optdata::tee_time(cx, &t[1].text) =>
        {
            let mut param = Stmt { tokens: t[1..].to_vec(), ..st.clone() };
            param.tokens[0].text = name.into();
            params::parameter(cx, &param, obj, kind);
        }
        // Elsewhere `optdata::data` notes that Kea has no such setting.
        "option"
            if t.len() == 2
                && cx.universe == Universe::V6
                && matches!(kind, Kind::Global | Kind::Subnet | Kind::SharedNetwork)
                && t[1].text.eq_ignore_ascii_case("dhcp6.rapid-commit") =>
        {
            rapid_commit(cx, st, obj, kind)
        }
        "option" if t.len() >= 2 => {
            if let Some(d) = optdata::data(cx, st, obj, kind == Kind::Global) {
                if kind == Kind::Global {
                    super::conditional::overrides(cx, st, super::conditional::Setting::Option(&d));
                    if d["space"] == json!(cx.universe.space())
                        && let Some(code) = d["code"].as_u64()
                    {
                        super::flex_option::overridden(cx, code as u16);
                    }
                }
                push_option(obj, d);
            }
        }
        "option" => cx.error(st, &t[0], "`option` needs a name", "write `option NAME VALUE;`"),
        "failover" => params::failover(cx, st, obj),
        "key" => params::key(cx, st),
        "zone" => params::zone(cx, st),
        "case" | "default" if st.block.is_none() && kind != Kind::Host => {
            cx.error(
                st,
                &t[0],
                &format!("`{head}` outside a `switch` block"),
                "`case` and `default` belong inside `switch (EXPR) { ... }`",
            );
        }
        "if" | "elsif" | "else" | "on" | "execute" | "log" | "set" | "unset" | "eval" | "return" | "switch" | "break" | "define"
        | "add" | "ping" => {
            let what = if head == "on" { format!("on {}", t.get(1).map_or("", |w| &*w.text)) } else { head.to_string() };
            cx.note(obj, st, "M008", &format!("`{what}` block is not run by Kea; its statements were dropped"), "conditional settings become client classes (class with a test and option-data); event scripts need the run_script hook (libdhcp_run_script.so)", true);
        }
        _ if st.block.is_some() => {
            cx.error(
                st,
                &t[0],
                &format!("`{}` declaration not allowed here", t[0].text),
                "see dhcpd.conf(5) for where each declaration may appear",
            );
        }
        _ => {
            params::parameter(cx, st, obj, kind);
            if kind == Kind::Global
                && let Some(key) = super::conditional::field_of(&head)
                && obj.contains_key(key)
            {
                super::conditional::overrides(cx, st, super::conditional::Setting::Field(key));
            }
        }
    }
}

/// `option dhcp6.rapid-commit;` is dhcpd -6's switch for rapid commit (it answers a
/// Solicit asking for it with a Reply); Kea's is the `rapid-commit` parameter of subnets and
/// shared networks (it has no global one: kea-dhcp6 2.2 and 3.0.4 refuse it). At the top
/// level it is set on every subnet and shared network (`rapid_commit_everywhere`), as dhcpd
/// lets the top level reach them all (called for those three scopes only).
fn rapid_commit(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind) {
    match kind {
        Kind::Subnet | Kind::SharedNetwork => {
            obj.insert("rapid-commit".into(), json!(true));
        }
        _ => {
            cx.rapid_commit.get_or_insert(st.span);
        }
    }
}

/// The top level's rapid commit (`rapid_commit`) on each shared network and each subnet
/// outside one that does not set its own.
fn rapid_commit_everywhere(cx: &mut Ctx, root: &mut Map<String, Value>) {
    let Some(span) = cx.rapid_commit.take() else { return };
    for key in ["shared-networks", "subnet6"] {
        for scope in root.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_object_mut) {
            scope.entry("rapid-commit").or_insert(json!(true));
        }
    }
    let msg = "option dhcp6.rapid-commit: rapid-commit set on every subnet and shared network";
    cx.file_note_at(span, "M002", msg.into(), "Kea has no global rapid-commit; a subnet or shared network added later needs it too", false);
}

fn shared_network(cx: &mut Ctx, st: &Stmt, parent: &mut Map<String, Value>, inherited: &[&Stmt]) {
    let Some(name) = st.tokens.get(1).map(|t| t.text.to_string()) else {
        cx.error(st, &st.tokens[0], "a shared-network needs a name", "write `shared-network \"NAME\" { ... }`");
        return;
    };
    if name.is_empty() {
        cx.error(st, &st.tokens[1], "empty shared-network name", "give the shared network a name");
        return;
    }
    let mut sn = Map::new();
    sn.insert("name".into(), json!(name));
    for line in &st.comments {
        out::note(&mut sn, format!("# {line}"));
    }
    cx.note(
        &mut sn,
        st,
        "M012",
        "shared-network: Kea selects the network by relay address or interface, then allocates from all its subnets",
        "check that each subnet is reachable: set \"relay\" addresses or \"interface\" as in dhcpd",
        false,
    );
    super::ping::begin_network(cx, st, &mut sn);
    body(cx, st.children(), &mut sn, Kind::SharedNetwork, inherited);
    super::ping::end_network(cx, &mut sn);
    if !sn.contains_key(subnets_key(cx.universe)) {
        // At the closing brace, where dhcpd notices.
        let end = crate::dhcpd::ast::Token {
            span: crate::source::Span::new(st.span.file, (st.span.end as usize).saturating_sub(1), st.span.end as usize),
            ..st.tokens[0].clone()
        };
        cx.error(
            st,
            &end,
            &format!("shared-network {name} declares no subnet"),
            "a shared network groups subnets: declare at least one inside it",
        );
        return;
    }
    // Pools declared at the shared-network level belong to the subnet holding their range.
    if let Some(Value::Array(pools)) = sn.remove("pools") {
        for p in pools {
            place_pool(cx, st, &mut sn, p, "pools");
        }
    }
    if let Some(Value::Array(pools)) = sn.remove("pd-pools") {
        for p in pools {
            place_pool(cx, st, &mut sn, p, "pd-pools");
        }
    }
    push(parent, "shared-networks", Value::Object(sn));
}

fn place_pool(cx: &mut Ctx, st: &Stmt, sn: &mut Map<String, Value>, pool: Value, key: &str) {
    let first: Option<IpAddr> = pool
        .get("pool")
        .or(pool.get("prefix"))
        .and_then(Value::as_str)
        .and_then(|s| s.split(['-', '/']).next())
        .and_then(|a| a.trim().parse().ok());
    // The whole range must be in the subnet, not only its first address (found by the
    // `dhcpd` fuzz target: Kea rejected the pool).
    let bounds = pool.get("pool").and_then(Value::as_str).and_then(pool_bounds);
    let sk = subnets_key(cx.universe);
    if let (Some(a), Some(Value::Array(subnets))) = (first, sn.get_mut(sk))
        && let Some(s) = subnets.iter_mut().find(|s| {
            s.get("subnet")
                .and_then(Value::as_str)
                .is_some_and(|p| prefix_contains(p, a) && bounds.is_none_or(|(lo, hi)| prefix_holds(p, lo, hi)))
        })
        && let Some(m) = s.as_object_mut()
    {
        push(m, key, pool);
        return;
    }
    cx.note(
        sn,
        st,
        "M001",
        "a pool of this shared-network lies in none of its subnets; left out",
        "declare the subnet that holds the range",
        true,
    );
}

/// Whether the prefix `p` holds the addresses lo..=hi (as numbers, see `pool_bounds`).
fn prefix_holds(p: &str, lo: u128, hi: u128) -> bool {
    match p.parse::<ipnet::IpNet>() {
        Ok(ipnet::IpNet::V4(n)) => u128::from(u32::from(n.network())) <= lo && hi <= u128::from(u32::from(n.broadcast())),
        Ok(ipnet::IpNet::V6(n)) => u128::from(n.network()) <= lo && hi <= u128::from(n.broadcast()),
        Err(_) => false,
    }
}

/// First and last address of a Kea pool text (`A - B` or `P/LEN`).
fn pool_bounds(p: &str) -> Option<(u128, u128)> {
    let num = |a: IpAddr| match a {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    };
    if let Some((a, b)) = p.split_once(" - ") {
        return Some((num(a.trim().parse().ok()?), num(b.trim().parse().ok()?)));
    }
    let n: ipnet::IpNet = p.parse().ok()?;
    Some((num(n.network()), num(n.broadcast())))
}

/// Add an address pool, refusing one that overlaps a pool already there (Kea rejects
/// overlapping pools in a subnet).
fn add_pool(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, pool: Value) {
    if let Some((lo, hi)) = pool.get("pool").and_then(Value::as_str).and_then(pool_bounds) {
        if overlapping(obj, "pd-pools", lo, hi).is_some() {
            pools_apart(cx, st, obj);
            return;
        }
        if let Some(other) = overlapping(obj, "pools", lo, hi) {
            let other = other.get("pool").and_then(Value::as_str).unwrap_or("").to_string();
            cx.error(
                st,
                &st.tokens[0],
                &format!("this range overlaps the range {other} of the same subnet"),
                "Kea rejects overlapping pools: merge or split the ranges",
            );
            return;
        }
    }
    push(obj, "pools", pool);
}

/// Add a prefix-delegation pool, refusing one that overlaps a pd-pool already there (Kea
/// rejects overlapping pd-pools).
fn add_pd_pool(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, pool: Value) {
    if let Some((lo, hi)) = pd_bounds(&pool) {
        if overlapping(obj, "pools", lo, hi).is_some() {
            pools_apart(cx, st, obj);
            return;
        }
        if overlapping(obj, "pd-pools", lo, hi).is_some() {
            cx.error(
                st,
                &st.tokens[0],
                "this prefix6 range overlaps another prefix6 range of the same subnet",
                "Kea rejects overlapping pd-pools: merge or split the ranges",
            );
            return;
        }
    }
    push(obj, "pd-pools", pool);
}

/// First and last address of a pd-pool's prefix, as numbers (`pool_bounds` gives them for
/// address pools).
fn pd_bounds(p: &Value) -> Option<(u128, u128)> {
    let a: Ipv6Addr = p.get("prefix")?.as_str()?.parse().ok()?;
    let len = u32::try_from(p.get("prefix-len")?.as_u64()?).ok()?.min(128);
    let lo = u128::from(a);
    let host = if len == 0 { u128::MAX } else { u128::MAX >> len };
    Some((lo, lo | host))
}

/// The first pool of `obj`'s list `key` ("pools" or "pd-pools") that covers any address from
/// `lo` to `hi` (numbers as `pool_bounds` gives them).
fn overlapping<'m>(obj: &'m Map<String, Value>, key: &str, lo: u128, hi: u128) -> Option<&'m Value> {
    let bounds = |p: &Value| if key == "pools" { p.get("pool").and_then(Value::as_str).and_then(pool_bounds) } else { pd_bounds(p) };
    obj.get(key).and_then(Value::as_array).into_iter().flatten().find(|p| bounds(p).is_some_and(|(a, b)| a <= hi && lo <= b))
}

/// A range6 and a prefix6 of one subnet that overlap: Kea refuses the subnet ("a pool of type
/// IA_PD ... overlaps with an existing pool in the subnet"); the later statement is left out.
fn pools_apart(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>) {
    cx.note(
        obj,
        st,
        "M001",
        &format!("`{}`: overlaps the subnet's address or prefix-delegation range; left out", st.head()),
        "Kea keeps the addresses it leases and the prefixes it delegates apart: give them separate ranges",
        true,
    );
}

/// Whether both ends lie in the subnet of `obj` (true where there is no subnet: a range
/// directly in a shared network is placed later by `place_pool`).
fn in_subnet(obj: &Map<String, Value>, lo: IpAddr, hi: IpAddr) -> bool {
    match obj.get("subnet").and_then(Value::as_str) {
        Some(p) => prefix_contains(p, lo) && prefix_contains(p, hi),
        None => true,
    }
}

pub fn prefix_contains(prefix: &str, a: IpAddr) -> bool {
    match (prefix.parse::<ipnet::IpNet>(), a) {
        (Ok(n), a) => n.contains(&a),
        _ => false,
    }
}

fn subnet(cx: &mut Ctx, st: &Stmt, parent: &mut Map<String, Value>, inherited: &[&Stmt]) {
    let t = &st.tokens;
    let v4 = t[0].is_word("subnet");
    let u = cx.universe;
    if v4 != (u == Universe::V4) {
        cx.error(
            st,
            &t[0],
            &format!("`{}` in a DHCP{} config", t[0].text, if u == Universe::V4 { "v4" } else { "v6" }),
            "use -4 or -6 to match the file",
        );
        return;
    }
    let prefix = if v4 {
        let (Some(a), Some(nm), Some(m)) = (t.get(1), t.get(2), t.get(3)) else {
            cx.error(st, &t[0], "expected `subnet ADDRESS netmask MASK`", "");
            return;
        };
        let (Ok(a), true, Ok(m)) = (a.text.parse::<Ipv4Addr>(), nm.is_word("netmask"), m.text.parse::<Ipv4Addr>()) else {
            cx.error(st, &t[1], "expected `subnet ADDRESS netmask MASK` with IPv4 addresses", "");
            return;
        };
        let bits = u32::from(m);
        let len = bits.leading_ones();
        if bits.checked_shl(len).unwrap_or(0) != 0 {
            cx.error(st, &t[3], &format!("netmask {m} is not contiguous"), "a netmask is ones then zeros, such as 255.255.255.0");
            return;
        }
        if u32::from(a) & !bits != 0 {
            cx.error(st, &t[1], &format!("subnet {a} has bits set outside netmask {m}"), "write the network address");
            return;
        }
        format!("{a}/{len}")
    } else {
        let Some(p) = t.get(1) else {
            cx.error(st, &t[0], "expected `subnet6 PREFIX/LEN`", "");
            return;
        };
        match p.text.parse::<ipnet::Ipv6Net>() {
            Ok(n) if n.trunc() == n => n.to_string(),
            Ok(_) => {
                cx.error(st, p, "subnet6 prefix has bits set past its length", "write the network prefix");
                return;
            }
            Err(_) => {
                cx.error(st, p, &format!("`{}` is not an IPv6 prefix", p.text), "write `subnet6 2001:db8::/64 { ... }`");
                return;
            }
        }
    };
    if !cx.subnet_prefixes.insert(prefix.clone()) {
        cx.error(st, &t[1], &format!("subnet {prefix} is declared twice"), "merge the two declarations (Kea has one subnet per prefix)");
        return;
    }
    // Room for the usual members (id, subnet, option-data, pools, a few parameters).
    let mut sub = Map::with_capacity(8);
    for line in &st.comments {
        out::note(&mut sub, format!("# {line}"));
    }
    // Stable ids: declaration order in the file.
    sub.insert("id".into(), json!(cx.next_subnet_id));
    cx.next_subnet_id += 1;
    sub.insert("subnet".into(), json!(prefix));
    body(cx, st.children(), &mut sub, Kind::Subnet, inherited);
    super::ping::end_subnet(cx, &sub);
    push(parent, subnets_key(u), Value::Object(sub));
}

fn pool(cx: &mut Ctx, st: &Stmt, subnet: &mut Map<String, Value>, inherited: &[&Stmt]) {
    let mut p = Map::with_capacity(4);
    for line in &st.comments {
        out::note(&mut p, format!("# {line}"));
    }
    let _ = inherited;
    // Ranges inside a pool set its address range; several ranges make several Kea pools.
    let mut ranges = Vec::new();
    let mut permits = Vec::new();
    // A group inside a pool only wraps statements: they apply to the pool.
    fn flatten<'s>(stmts: &'s [Stmt], out: &mut Vec<&'s Stmt>, depth: usize) {
        for s in stmts {
            if s.head().eq_ignore_ascii_case("group") && s.block.is_some() && depth < 16 {
                flatten(s.children(), out, depth + 1);
            } else {
                out.push(s);
            }
        }
    }
    let mut stmts = Vec::new();
    flatten(st.children(), &mut stmts, 0);
    for c in stmts {
        let h = c.head().to_ascii_lowercase();
        match h.as_str() {
            "range" | "range6" | "prefix6" => ranges.push(c),
            "allow" | "deny" => permits.push(c),
            // The pool is shared by the failover pair: the HA hook (from `failover peer {}`) covers it.
            "failover" => {}
            "option" if c.tokens.len() >= 2 && !c.tokens.get(2).is_some_and(|t| t.is_word("code")) => {
                if let Some(d) = optdata::data(cx, c, &mut p, false) {
                    push_option(&mut p, d);
                }
            }
            _ => {
                // Parameters Kea has only at subnet level move up, as keama does.
                let before = subnet.clone();
                params::parameter(cx, c, subnet, Kind::Pool);
                if *subnet != before && !is_only_notes_change(&before, subnet) {
                    cx.note(
                        subnet,
                        c,
                        "M002",
                        &format!("`{}` moved from a pool to its subnet (Kea has it per subnet, not per pool)", c.head()),
                        "if pools need different values, split them into subnets or use client classes",
                        false,
                    );
                }
            }
        }
    }
    let guard = classes::permits(cx, &permits, &mut p);
    if let Some(g) = guard {
        params::set_pool_class(cx, &mut p, &g);
    }
    if ranges.is_empty() {
        cx.note(subnet, st, "M001", "pool without a range: nothing to allocate; left out", "", false);
        return;
    }
    for r in ranges {
        let mut one = p.clone();
        if let Some((_, v)) = range_value(cx, r, subnet) {
            match v {
                RangeOut::Pool(s) => {
                    one.insert("pool".into(), json!(s));
                    add_pool(cx, r, subnet, Value::Object(one));
                }
                RangeOut::Pd(m) => {
                    for (k, v) in m {
                        one.insert(k, v);
                    }
                    add_pd_pool(cx, r, subnet, Value::Object(one));
                }
            }
        }
    }
}

fn is_only_notes_change(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    a.remove(out::NOTES);
    b.remove(out::NOTES);
    a == b
}

enum RangeOut {
    Pool(String),
    Pd(Map<String, Value>),
}

fn range(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind) {
    if !matches!(kind, Kind::Subnet | Kind::SharedNetwork) {
        cx.error(st, &st.tokens[0], &format!("`{}` must be inside a subnet, shared-network or pool", st.tokens[0].text), "");
        return;
    }
    if let Some((_, v)) = range_value(cx, st, obj) {
        match v {
            RangeOut::Pool(s) => add_pool(cx, st, obj, json!({ "pool": s })),
            RangeOut::Pd(m) => add_pd_pool(cx, st, obj, Value::Object(m)),
        }
    }
}

/// `range [dynamic-bootp] A [B]`, `range6 A B`, `range6 P/L [temporary]`,
/// `prefix6 A B / L` → (pools key, value).
fn range_value(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>) -> Option<(&'static str, RangeOut)> {
    let t = &st.tokens;
    let head = st.head().to_ascii_lowercase();
    let words: Vec<&str> = t[1..].iter().filter(|x| x.kind != TokKind::Punct).map(|x| &*x.text).collect();
    match head.as_str() {
        "range" => {
            if cx.universe != Universe::V4 {
                cx.error(st, &t[0], "`range` in a DHCPv6 config", "use `range6`");
                return None;
            }
            let mut w = &words[..];
            if w.first() == Some(&"dynamic-bootp") {
                cx.note(
                    obj,
                    st,
                    "M001",
                    "`dynamic-bootp`: Kea serves BOOTP clients only with the BOOTP hook (libdhcp_bootp.so)",
                    "load libdhcp_bootp.so",
                    false,
                );
                w = &w[1..];
            }
            let (Some(a), b) = (w.first().and_then(|a| a.parse::<Ipv4Addr>().ok()), w.get(1)) else {
                cx.error(st, t.get(1).unwrap_or(&t[0]), "expected `range LOW [HIGH]` with IPv4 addresses", "");
                return None;
            };
            let b = match b {
                None => a,
                Some(b) => match b.parse::<Ipv4Addr>() {
                    Ok(b) => b,
                    Err(_) => {
                        cx.error(st, &t[t.len() - 1], &format!("`{b}` is not an IPv4 address"), "");
                        return None;
                    }
                },
            };
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            if !in_subnet(obj, lo.into(), hi.into()) {
                cx.error(
                    st,
                    &t[1],
                    &format!("range {lo} - {hi} is not inside the subnet {}", obj["subnet"]),
                    "dhcpd and Kea both need a range inside its subnet",
                );
                return None;
            }
            Some(("pools", RangeOut::Pool(format!("{lo} - {hi}"))))
        }
        "range6" => {
            if cx.universe != Universe::V6 {
                cx.error(st, &t[0], "`range6` in a DHCPv4 config", "use `range`, or migrate with -6");
                return None;
            }
            if words.last() == Some(&"temporary") {
                cx.note(
                    obj,
                    st,
                    "M016",
                    "temporary address range (IA_TA): Kea does not allocate temporary addresses; left out",
                    "Kea serves IA_NA and IA_PD only",
                    true,
                );
                return None;
            }
            match words.as_slice() {
                [p] if p.contains('/') => match p.parse::<ipnet::Ipv6Net>() {
                    Ok(n) if in_subnet(obj, n.network().into(), n.broadcast().into()) => {
                        Some(("pools", RangeOut::Pool(n.trunc().to_string())))
                    }
                    Ok(n) => {
                        cx.error(
                            st,
                            &t[1],
                            &format!("range6 {n} is not inside the subnet {}", obj["subnet"]),
                            "dhcpd and Kea both need a range inside its subnet",
                        );
                        None
                    }
                    Err(_) => {
                        cx.error(st, &t[1], &format!("`{p}` is not an IPv6 prefix"), "");
                        None
                    }
                },
                [a, b] => match (a.parse::<Ipv6Addr>(), b.parse::<Ipv6Addr>()) {
                    (Ok(a), Ok(b)) => {
                        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                        if !in_subnet(obj, lo.into(), hi.into()) {
                            cx.error(
                                st,
                                &t[1],
                                &format!("range6 {lo} - {hi} is not inside the subnet {}", obj["subnet"]),
                                "dhcpd and Kea both need a range inside its subnet",
                            );
                            return None;
                        }
                        Some(("pools", RangeOut::Pool(format!("{lo} - {hi}"))))
                    }
                    _ => {
                        cx.error(st, &t[1], "expected `range6 LOW HIGH` with IPv6 addresses", "");
                        None
                    }
                },
                _ => {
                    cx.error(
                        st,
                        t.get(1).unwrap_or(&t[0]),
                        "expected `range6 LOW HIGH`, `range6 PREFIX/LEN` or `range6 PREFIX/LEN temporary`",
                        "",
                    );
                    None
                }
            }
        }
        _ => {
            // prefix6 LOW HIGH / LEN (`/LEN` may be written as one word)
            let mut words = words.clone();
            if words.len() == 3 && words[2].starts_with('/') {
                let len = &words[2][1..];
                words = vec![words[0], words[1], "/", len];
            }
            if cx.universe != Universe::V6 {
                cx.error(st, &t[0], "`prefix6` in a DHCPv4 config", "");
                return None;
            }
            let ok = words.len() == 4 && words[2] == "/";
            let parsed = ok.then(|| (words[0].parse::<Ipv6Addr>(), words[1].parse::<Ipv6Addr>(), words[3].parse::<u8>()));
            let Some((Ok(lo), Ok(hi), Ok(dlen))) = parsed else {
                cx.error(st, t.get(1).unwrap_or(&t[0]), "expected `prefix6 LOW HIGH / LENGTH`", "");
                return None;
            };
            if dlen == 0 || dlen >= 128 || lo > hi {
                cx.error(st, &t[1], "prefix6: LOW must not be above HIGH, and the delegated length must be between 1 and 127", "");
                return None;
            }
            // Kea's pd-pool is one aligned prefix: the common bits of LOW and HIGH.
            let (l, h) = (u128::from(lo), u128::from(hi));
            let plen = (l ^ h).leading_zeros().min(u32::from(dlen)) as u8;
            let mask = if plen == 0 { 0 } else { u128::MAX << (128 - u32::from(plen)) };
            // LOW and HIGH name the first and last delegated prefixes: only the bits between
            // the pool's length and the delegated length matter (all 0 in LOW, all 1 in HIGH).
            let dmask = u128::MAX << (128 - u32::from(dlen));
            let exact = (l & !mask & dmask) == 0 && (h | mask | !dmask) == u128::MAX && (l & mask) == (h & mask);
            if !exact {
                cx.note(
                    obj,
                    st,
                    "M001",
                    &format!("prefix6 {lo} - {hi} is not one aligned prefix: Kea's pd-pool covers {}/{plen}", Ipv6Addr::from(l & mask)),
                    "split the range into aligned prefixes if the difference matters",
                    true,
                );
            }
            let mut m = Map::new();
            m.insert("prefix".into(), json!(Ipv6Addr::from(l & mask).to_string()));
            m.insert("prefix-len".into(), json!(plen));
            m.insert("delegated-len".into(), json!(dlen));
            Some(("pd-pools", RangeOut::Pd(m)))
        }
    }
}

/// `host NAME { ... }` → a reservation (placed in `finish`).
fn host(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, kind: Kind, inherited: &[&Stmt]) {
    let _ = kind;
    if !simple_host(cx, st, inherited) {
        any_host(cx, st, obj, inherited);
    }
}

/// Any host declaration: its statements lowered into a map (`params::host_statement`), with
/// what groups pass down, then placed (globally, or later by `finish`).
fn any_host(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, inherited: &[&Stmt]) {
    let Some(name) = st.tokens.get(1) else {
        cx.error(st, &st.tokens[0], "`host` needs a name", "write `host NAME { ... }`");
        return;
    };
    let mut r = Map::new();
    for line in &st.comments {
        out::note(&mut r, format!("# {line}"));
    }
    r.insert("hostname".into(), json!(&*name.text));
    let mut addr = None;
    cx.extra_fixed.clear();
    for s in st.children() {
        if let Some(a) = params::host_statement(cx, s, &mut r) {
            addr.get_or_insert(a);
        }
    }
    let extra = std::mem::take(&mut cx.extra_fixed);
    if !inherited.is_empty() {
        let mut from_group = Map::new();
        for s in inherited {
            params::host_statement(cx, s, &mut from_group);
        }
        fill_from(&mut r, from_group);
    }
    lifetime_class(cx, st, &mut r);
    let own_setting = |s: &&Stmt| s.tokens.first().is_some_and(|t| t.is_word("use-host-decl-names"));
    let told = st.children().iter().chain(inherited.iter().copied()).rfind(own_setting).map(|s| params::flag(s) == Some(true));
    if r.get("hostname").and_then(Value::as_str) == Some(&name.text) && told != Some(true) {
        declared_name(cx, st.span);
    }
    // An identifier longer than the target Kea takes (dhcpd takes any length) is left out.
    for key in IDENTIFIERS {
        let Some(len) = r.get(key).and_then(Value::as_str).and_then(|v| crate::model::addr::parse_identifier(v).ok()).map(|b| b.len())
        else {
            continue;
        };
        let max = crate::model::IdentifierType::from_key(key).map_or(usize::MAX, |t| t.max_len(cx.opts.version));
        if len > max {
            r.remove(key);
            cx.note(
                obj,
                st,
                "M001",
                &format!("host {}: its {key} is {len} bytes long, Kea {} takes at most {max}; left out", name.text, cx.opts.version),
                "identify the host by a shorter identifier",
                true,
            );
        }
    }
    // One pass over the entries (no hashing: this runs per host).
    let mut ids = 0u8;
    let mut id: Option<(usize, &str)> = None;
    for (k, v) in &r {
        if let Some(rank) = IDENTIFIERS.iter().position(|x| x == k) {
            ids |= 1 << rank;
            // The one identifier Kea would match first decides duplicates.
            if let Some(s) = v.as_str()
                && id.is_none_or(|(r, _)| rank < r)
            {
                id = Some((rank, s));
            }
        }
    }
    let id = id.map(|(rank, v)| identifier_hash(IDENTIFIERS[rank], v));
    if ids == 0 {
        cx.note(
            obj,
            st,
            "M001",
            &format!("host {} has no hardware address or client identifier: Kea cannot reserve for it; left out", name.text),
            "add `hardware ethernet` or a client identifier",
            true,
        );
        return;
    }
    let r = Value::Object(r);
    if cx.opts.hosts_in_subnet {
        // Placed by `finish`, once every subnet is known. Its other fixed addresses: the same
        // reservation with each, for its own subnet (made before the first is moved).
        let copies: Vec<Host> = extra
            .into_iter()
            .map(|a| {
                let mut c = r.clone();
                if let Value::Object(m) = &mut c {
                    m.remove(out::NOTES);
                    m.insert("ip-address".into(), json!(a.to_string()));
                }
                let addr_keys = reserved(&c).map(addr_key).collect();
                Host { entry: out::Entry::from_value(c), addr: Some(a), span: st.span, ids, id, addr_keys, copy: true }
            })
            .collect();
        let addr_keys = reserved(&r).map(addr_key).collect();
        cx.hosts.push(Host { entry: out::Entry::from_value(r), addr, span: st.span, ids, id, addr_keys, copy: false });
        cx.hosts.extend(copies);
        return;
    }
    if let Some(id) = id
        && !first_in_scope(cx, id, 0, st.span, || describe(&r))
    {
        return;
    }
    note_ids(cx, ids);
    reserve(cx, 0, reserved(&r).map(addr_key), st.span);
    cx.global_reservations.push(out::Entry::from_value(r));
}

/// The most common host, `host NAME { hardware TYPE MAC; fixed-address A.B.C.D; }` (either
/// order, the address optional; nothing else, no comments, nothing inherited from a group),
/// appended to the global reservations as a compact entry that prints as the map `host`
/// below would make, at a fraction of the cost: a config may hold 100,000 such hosts, and this was the largest
/// part of the migration's time. False, with nothing changed, for any other host, and for
/// an identifier already reserved (`host` then writes the note).
fn simple_host(cx: &mut Ctx, st: &Stmt, inherited: &[&Stmt]) -> bool {
    inherited.is_empty() && prepare_host(cx.opts, st).is_some_and(|h| accept_host(cx, h))
}

/// A prepared host placed in the global reservations; false, with nothing changed, when an
/// earlier host reserves its hardware address (`any_host` then writes the note).
fn accept_host(cx: &mut Ctx, h: SimpleHost) -> bool {
    if !cx.seen_ids.insert(h.id) {
        return false;
    }
    cx.global_reservations.push(h.entry);
    note_ids(cx, 1);
    reserve(cx, 0, h.addr, h.span);
    declared_name(cx, h.span);
    true
}

/// A reservation got its host declaration's name as `hostname` (note M032 in `finish`).
fn declared_name(cx: &mut Ctx, span: crate::source::Span) {
    cx.decl_names.0 += 1;
    cx.decl_names.1.get_or_insert(span);
}

/// A host's lifetimes (its own, or its group's; `params::HOST_LIFETIMES`) → a client class
/// holding them, which the reservation assigns; hosts with the same lifetimes share one.
fn lifetime_class(cx: &mut Ctx, st: &Stmt, r: &mut Map<String, Value>) {
    let set: Vec<(&str, Value)> = params::HOST_LIFETIMES.iter().filter_map(|(_, k, _)| r.remove(*k).map(|v| (*k, v))).collect();
    if set.is_empty() {
        return;
    }
    let mut name = String::from("host-lifetime");
    for (k, v) in &set {
        let short = match *k {
            "valid-lifetime" => "",
            "min-valid-lifetime" => "min-",
            "max-valid-lifetime" => "max-",
            _ => "preferred-",
        };
        name.push_str(&format!("-{short}{v}"));
    }
    let class = |name: &str| {
        let mut c = Map::new();
        c.insert("name".into(), json!(name));
        c.extend(set.iter().map(|(k, v)| (k.to_string(), v.clone())));
        Value::Object(c)
    };
    // A class of that name made for another host is this one; one the file declares is not.
    let mut n = 1;
    let mut unique = name.clone();
    loop {
        match cx.classes.iter().find(|c| c.get("name").and_then(Value::as_str) == Some(&unique)) {
            None => cx.classes.push(class(&unique)),
            Some(c) if *c != class(&unique) => {
                n += 1;
                unique = format!("{name}-{n}");
                continue;
            }
            Some(_) => {}
        }
        break;
    }
    match r.entry("client-classes").or_insert_with(|| json!([])) {
        Value::Array(a) => a.push(json!(unique)),
        other => *other = json!([unique]),
    }
    let msg = format!("host lifetimes set through client class `{unique}`, which the reservation assigns");
    let way = "Kea reservations have no lifetimes; a class the reservation assigns gives them to the client";
    cx.note(r, st, "M030", &msg, way, false);
}

/// The addresses and prefixes a reservation reserves, as written in it.
fn reserved(r: &Value) -> impl Iterator<Item = &str> {
    let lists = ["ip-addresses", "prefixes"].into_iter().flat_map(|k| r.get(k).and_then(Value::as_array).into_iter().flatten());
    r.get("ip-address").into_iter().chain(lists).filter_map(Value::as_str)
}

/// How `reserve` knows an address or prefix: a hash of its text (migrate writes each in one
/// canonical form; a collision would only set ip-reservations-unique needlessly).
pub(super) fn addr_key(text: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(text)
}

/// Record what a placed reservation reserves in `scope` (0 global, else the subnet id).
/// dhcpd lets several hosts share a fixed address (a laptop's wired and wireless NICs); Kea
/// rejects that unless `ip-reservations-unique` is false, which `finish` then sets.
fn reserve(cx: &mut Ctx, scope: u64, keys: impl IntoIterator<Item = u64>, span: crate::source::Span) {
    for k in keys {
        if !cx.seen_addrs.insert(rustc_hash::FxBuildHasher.hash_one((scope, k))) && cx.shared_addr.is_none() {
            cx.shared_addr = Some(span);
        }
    }
}

/// The hash `first_in_scope` knows a reservation's identifier by: (type key, value text).
pub(super) fn identifier_hash(key: &str, value: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one((key, value))
}

/// Kea rejects one identifier reserved twice in a scope; dhcpd takes the first. False (and
/// a note) for a later one. `scope`: 0 global, else the subnet id.
fn first_in_scope(
    cx: &mut Ctx,
    id: u64,
    scope: u64,
    span: crate::source::Span,
    describe: impl FnOnce() -> (String, String, String),
) -> bool {
    if cx.seen_ids.insert(rustc_hash::FxBuildHasher.hash_one((scope, id))) {
        return true;
    }
    let (hostname, k, v) = describe();
    let msg = format!("host {hostname}: {k} {v} is already reserved by an earlier host in the same scope; left out (dhcpd uses the first)");
    cx.file_note_at(span, "M009", msg, "merge the two host declarations, or use --hosts subnet when they are in different subnets", true);
    false
}

/// Record the identifier types a placed reservation uses (for host-reservation-identifiers).
fn note_ids(cx: &mut Ctx, ids: u8) {
    for (i, k) in IDENTIFIERS.into_iter().enumerate() {
        if ids & 1 << i != 0 && !cx.reservation_ids.contains(&k) {
            cx.reservation_ids.push(k);
        }
    }
}

/// Identifier types of reservations, in the order they are listed in
/// host-reservation-identifiers (the order that decides duplicates).
pub(super) const IDENTIFIERS: [&str; 5] = ["hw-address", "duid", "circuit-id", "client-id", "flex-id"];

/// A reservation made from a `host` declaration, waiting for `finish` to place it in its
/// subnet (`--hosts subnet`).
pub struct Host {
    /// The reservation.
    pub entry: out::Entry,
    /// Its fixed address (`--hosts subnet` puts it in the subnet holding it).
    pub addr: Option<IpAddr>,
    pub span: crate::source::Span,
    /// Identifier types it has: bit i for `IDENTIFIERS[i]`.
    pub ids: u8,
    /// Hash of the identifier Kea matches on first: (type, value).
    pub id: Option<u64>,
    /// `addr_key` of each address and prefix it reserves.
    pub addr_keys: Box<[u64]>,
    /// A copy for a further fixed address of its host: placed only in that address's subnet.
    pub copy: bool,
}

/// (hostname, identifier type, identifier value) of a reservation, for messages.
fn describe(r: &Value) -> (String, String, String) {
    let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let id = IDENTIFIERS.into_iter().find(|k| r.get(*k).is_some()).unwrap_or("");
    (s("hostname"), id.to_string(), s(id))
}

/// Add a reservation to a subnet's list (made, with its marker, for the first).
fn place_entry(lists: &mut Vec<Vec<out::Entry>>, subnet: &mut Map<String, Value>, e: out::Entry) {
    let i = match subnet.get("reservations").and_then(out::marked_list) {
        Some(i) => i,
        None => {
            lists.push(Vec::new());
            subnet.insert("reservations".into(), out::marker(lists.len() - 1));
            lists.len() - 1
        }
    };
    lists[i].push(e);
}

/// After the whole file: place reservations, write collected lists, interfaces, DDNS, HA.
pub fn finish(cx: &mut Ctx, root: &mut Map<String, Value>) -> Option<Value> {
    let hosts = std::mem::take(&mut cx.hosts);
    // Subnets by first address (Kea subnets do not overlap): one lookup per host instead of
    // a scan of every subnet.
    let index = if cx.opts.hosts_in_subnet { subnet_index(root, cx.universe) } else { Default::default() };
    let locate = |a: IpAddr| -> Option<(Option<usize>, usize, u64)> {
        let n = addr_num(a);
        index.range(..=n).next_back().filter(|(_, (end, ..))| n <= *end).map(|(_, &(_, sn, i, id))| (sn, i, id))
    };
    for h in hosts {
        let place = h.addr.and_then(locate);
        let scope = place.map_or(0, |(_, _, id)| id);
        // A copy for a further fixed address of a host: only in that address's own subnet.
        let addr = h.addr.map_or(String::new(), |a| a.to_string());
        let copy_left_out = match (h.copy, place, h.id) {
            (false, ..) => None,
            (true, None, _) => Some((
                format!("fixed address {addr} is in no subnet of the file; not reserved"),
                "Kea reserves an address in the subnet holding it: declare that subnet",
            )),
            (true, Some(_), Some(id)) if cx.seen_ids.contains(&rustc_hash::FxBuildHasher.hash_one((scope, id))) => Some((
                format!(
                    "fixed address {addr} is in the subnet of an earlier fixed address of the host; not reserved (Kea reserves one address per host and subnet)"
                ),
                "give the host one fixed address per subnet",
            )),
            (true, Some(_), _) => None,
        };
        if let Some((msg, way)) = copy_left_out {
            cx.file_note_at(h.span, "M009", msg, way, true);
            continue;
        }
        if let Some(id) = h.id
            && !first_in_scope(cx, id, place.map_or(0, |(_, _, id)| id), h.span, || describe(&h.entry.to_json()))
        {
            continue;
        }
        note_ids(cx, h.ids);
        reserve(cx, place.map_or(0, |(_, _, id)| id), h.addr_keys.iter().copied(), h.span);
        if let Some((sn, i, _)) = place
            && let Some(s) = subnet_at(root, cx.universe, sn, i)
        {
            place_entry(&mut cx.reservation_lists, s, h.entry);
            continue;
        }
        cx.global_reservations.push(h.entry);
    }
    if let Some(span) = cx.shared_addr.take() {
        let msg = "this host reserves an address or prefix an earlier host in the same scope reserves (dhcpd allows it): \
                   ip-reservations-unique set to false";
        let way = "Kea then leases the address to whichever of the hosts asks first, as dhcpd does; give each host its own address to have both online";
        cx.file_note_at(span, "M025", msg.into(), way, false);
        root.insert("ip-reservations-unique".into(), json!(false));
    }
    super::ping::finish(cx, root);
    super::flex_option::finish(cx, root);
    super::conditional::finish(cx, root);
    rapid_commit_everywhere(cx, root);
    if let (n, Some(span), false) = (cx.decl_names.0, cx.decl_names.1, cx.use_host_decl_names) {
        // DHCPv6 has no host-name option: the name goes into Kea's FQDN option and DNS updates.
        let sent = if cx.universe == Universe::V4 { "sends it to the client (option 12)" } else { "gives it to the client (FQDN option)" };
        let msg = format!(
            "{n} reservation(s) carry their host declaration's name as hostname: Kea {sent} and uses it for DNS updates; dhcpd does neither without use-host-decl-names"
        );
        let way = "to keep dhcpd's behaviour remove those hostnames (Kea then uses the client's own name, as dhcpd did); to give clients their declared names, nothing to do";
        cx.file_note_at(span, "M032", msg, way, false);
    }
    for c in std::mem::take(&mut cx.root_notes) {
        out::note(root, c);
    }
    let ids = std::mem::take(&mut cx.reservation_ids);
    if !cx.option_defs.is_empty() {
        let defs = std::mem::take(&mut cx.option_defs);
        root.insert("option-def".into(), Value::Array(defs));
    }
    subclass_members(cx, root);
    if !cx.classes.is_empty() {
        root.insert("client-classes".into(), Value::Array(std::mem::take(&mut cx.classes)));
    }
    if !ids.is_empty() {
        // In order of first use in the file (Kea tries them in this order).
        root.insert("host-reservation-identifiers".into(), json!(ids));
    }
    if !cx.global_reservations.is_empty() {
        root.insert("reservations-global".into(), json!(true));
        root.insert("reservations-in-subnet".into(), json!(cx.opts.hosts_in_subnet));
        cx.reservation_lists.push(std::mem::take(&mut cx.global_reservations));
        root.insert("reservations".into(), out::marker(cx.reservation_lists.len() - 1));
    }
    let mut ifaces = cx.opts.interfaces.clone();
    if ifaces.is_empty() {
        ifaces = std::mem::take(&mut cx.interfaces);
    }
    if !ifaces.is_empty() {
        ifaces.dedup();
        root.insert("interfaces-config".into(), json!({ "interfaces": ifaces }));
    }
    if let Some(id) = cx.nested_server_id.take() {
        root.entry("server-id").or_insert(id);
    }
    params::finish_ddns(cx, root)
}

/// In dhcpd a member of a subclass is a member of its class; in Kea the parent class (which
/// has only a `match`, no test) matches nobody. Where a pool or class refers to such a parent,
/// the reference goes to a class `NAME#members` (member of any subclass, or of the class),
/// placed after the subclasses as Kea requires.
fn subclass_members(cx: &mut Ctx, root: &mut Map<String, Value>) {
    let parents: Vec<String> = cx.class_info.iter().filter(|c| c.subclasses > 0).map(|c| c.name.clone()).collect();
    for parent in parents {
        let prefix = format!("sub#{parent}#");
        let subs: Vec<usize> = cx
            .classes
            .iter()
            .enumerate()
            .filter(|(_, c)| c["name"].as_str().is_some_and(|n| n.starts_with(&prefix)))
            .map(|(i, _)| i)
            .collect();
        let Some(&last) = subs.last() else { continue };
        let members = format!("{parent}#members");
        let mut terms = vec![format!("member('{parent}')")];
        terms.extend(subs.iter().map(|&i| format!("member('{}')", cx.classes[i]["name"].as_str().unwrap_or(""))));
        let quoted = format!("member('{parent}')");
        let referenced = cx.classes.iter().any(|c| c["test"].as_str().is_some_and(|t| t.contains(&quoted))) || refers(root, &parent);
        if !referenced {
            continue;
        }
        for c in cx.classes.iter_mut().skip(last + 1) {
            if let Some(t) = c.get("test").and_then(Value::as_str).map(|t| t.replace(&quoted, &format!("member('{members}')"))) {
                c["test"] = json!(t);
            }
        }
        cx.classes.insert(last + 1, json!({"name": members, "test": terms.join(" or ")}));
        rename_guard(root, &parent, &members);
    }
}

fn refers(v: &Map<String, Value>, class: &str) -> bool {
    v.iter().any(|(k, x)| match x {
        Value::String(s) => k == "client-class" && s == class,
        Value::Array(a) => {
            (k == "client-classes" && a.iter().any(|c| c == class)) || a.iter().any(|e| e.as_object().is_some_and(|m| refers(m, class)))
        }
        Value::Object(m) => refers(m, class),
        _ => false,
    })
}

fn rename_guard(v: &mut Map<String, Value>, from: &str, to: &str) {
    for (k, x) in v.iter_mut() {
        match x {
            Value::String(s) if k == "client-class" && s == from => *s = to.to_string(),
            Value::Array(a) => {
                for e in a.iter_mut() {
                    match e {
                        Value::String(s) if k == "client-classes" && s == from => *s = to.to_string(),
                        Value::Object(m) => rename_guard(m, from, to),
                        _ => {}
                    }
                }
            }
            Value::Object(m) => rename_guard(m, from, to),
            _ => {}
        }
    }
}

fn addr_num(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// first address → (last address, shared-network index, subnet index, subnet id).
type SubnetIndex = std::collections::BTreeMap<u128, (u128, Option<usize>, usize, u64)>;

fn subnet_index(root: &Map<String, Value>, u: Universe) -> SubnetIndex {
    let key = subnets_key(u);
    let mut index = SubnetIndex::new();
    let mut add = |list: Option<&Value>, sn: Option<usize>| {
        for (i, s) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(n) = s.get("subnet").and_then(Value::as_str).and_then(|p| p.parse::<ipnet::IpNet>().ok()) {
                let id = s.get("id").and_then(Value::as_u64).unwrap_or(0);
                index.insert(addr_num(n.network()), (addr_num(n.broadcast()), sn, i, id));
            }
        }
    };
    add(root.get(key), None);
    for (n, sn) in root.get("shared-networks").and_then(Value::as_array).into_iter().flatten().enumerate() {
        add(sn.get(key), Some(n));
    }
    index
}

fn subnet_at(root: &mut Map<String, Value>, u: Universe, sn: Option<usize>, i: usize) -> Option<&mut Map<String, Value>> {
    let key = subnets_key(u);
    let list = match sn {
        None => root.get_mut(key)?,
        Some(n) => root.get_mut("shared-networks")?.get_mut(n)?.get_mut(key)?,
    };
    list.get_mut(i)?.as_object_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::{Ctx, Options};

    /// Reservations as printed.
    fn printed(list: &[out::Entry]) -> String {
        out::to_text(&json!({ "reservations": out::marker(0) }), &[list.to_vec()])
    }

    /// The fast path writes what the general path writes, byte for byte, for every host of its
    /// shape, and declines (changing nothing) for the rest; duplicates still get their note.
    #[test]
    fn simple_hosts_render_as_any_host() {
        let long = "h".repeat(80);
        let cases: Vec<(String, bool)> = vec![
            ("host a { hardware ethernet 00:11:22:33:44:55; fixed-address 10.0.0.1; }".into(), true),
            ("host b { fixed-address 10.0.0.2; hardware ethernet 0:1:2:3:4:5; }".into(), true),
            ("host c { hardware ethernet 00:AA:bb:cc:dd:ee; }".into(), true),
            ("host \"q\\\"d\" { HARDWARE token-ring 00:11:22:33:44:56; Fixed-Address 10.0.0.3; }".into(), true),
            (format!("host {long} {{ hardware ethernet 00:11:22:33:44:57; fixed-address 10.0.0.4; }}"), true),
            ("host e { hardware ethernet 00:11:22:33:44:58; fixed-address 010.0.0.5; }".into(), false),
            ("host f { hardware ethernet 00:11:22:33:44:59; fixed-address 10.0.0.6, 10.0.0.7; }".into(), false),
            ("host g { hardware ethernet 00:11:22:33:44:5a; option routers 10.0.0.1; }".into(), false),
            ("host h { fixed-address 10.0.0.8; }".into(), false),
            ("host i { hardware ethernet zz:11; }".into(), false),
            ("# about j\nhost j { hardware ethernet 00:11:22:33:44:5b; }".into(), false),
            ("host k { hardware ethernet 00:11:22:33:44:5c; hardware ethernet 00:11:22:33:44:5d; }".into(), false),
        ];
        let opts = Options::default();
        for (text, fast) in &cases {
            let (conf, diags) = crate::dhcpd::parse_str("t.conf", text, None);
            assert!(diags.is_empty(), "{text}");
            let st = &conf.stmts[0];
            let (mut a, mut b) = (Ctx::new(&conf.sources, &opts), Ctx::new(&conf.sources, &opts));
            assert_eq!(simple_host(&mut a, st, &[]), *fast, "{text}");
            if *fast {
                any_host(&mut b, st, &mut Map::new(), &[]);
                assert!(matches!(a.global_reservations[..], [out::Entry::Simple { .. }]), "{text}");
                assert_eq!(printed(&a.global_reservations), printed(&b.global_reservations), "{text}");
                assert_eq!(a.seen_ids, b.seen_ids);
                assert_eq!(a.reservation_ids, b.reservation_ids);
                assert!(b.notes.is_empty() && b.errors.is_empty());
            } else {
                assert!(a.global_reservations.is_empty() && a.seen_ids.is_empty() && a.reservation_ids.is_empty(), "{text}");
            }
        }
        // A MAC reserved twice: the second host is left out with a note, either way.
        let text = "host x { hardware ethernet 00:11:22:33:44:55; fixed-address 10.0.0.1; }\n\
                    host y { hardware ethernet 00:11:22:33:44:55; fixed-address 10.0.0.2; }\n";
        let (conf, _) = crate::dhcpd::parse_str("t.conf", text, None);
        let (mut a, mut b) = (Ctx::new(&conf.sources, &opts), Ctx::new(&conf.sources, &opts));
        for st in &conf.stmts {
            host(&mut a, st, &mut Map::new(), Kind::Global, &[]);
            any_host(&mut b, st, &mut Map::new(), &[]);
        }
        assert_eq!(printed(&a.global_reservations), printed(&b.global_reservations));
        assert_eq!(a.notes.len(), 1);
        assert_eq!(a.root_notes, b.root_notes);
    }
}
