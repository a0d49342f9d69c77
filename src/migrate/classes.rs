//! `class` / `subclass` → Kea client-classes; pool `allow`/`deny` lists → class guards.
//! ISC match expressions are translated by `isc_expr` and checked by `crate::expr`.

use super::isc_expr::Translator;
use super::scope::{Kind, push_option};
use super::{Ctx, optdata, params};
use crate::dhcpd::ast::{Stmt, TokKind};
use serde_json::{Map, Value, json};

/// Per class: its name, the translated `match` data expression (for subclasses), count.
#[derive(Default)]
pub struct ClassInfo {
    pub name: String,
    pub match_data: Option<Result<String, String>>,
    pub subclasses: usize,
}

fn translator<'a>(cx: &'a Ctx) -> Translator<'a> {
    Translator { universe: cx.universe, defs: &cx.defs, aliases: &cx.name_alias }
}

pub fn class(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, inherited: &[&Stmt]) {
    let Some(name) = st.tokens.get(1) else {
        cx.error(st, &st.tokens[0], "`class` needs a name", "write `class \"NAME\" { ... }`");
        return;
    };
    if name.text.is_empty() {
        // Kea rejects a class without a name (found by the dhcpd fuzz target).
        cx.error(st, name, "empty class name", "give the class a name: `class \"NAME\" { ... }`");
        return;
    }
    if !nameable(cx, st, name, &name.text) {
        return;
    }
    if cx.class_info.iter().any(|c| c.name == *name.text) {
        cx.error(st, name, &format!("class `{}` is declared twice", name.text), "Kea class names are unique: merge the two declarations");
        return;
    }
    let mut c = Map::new();
    for line in &st.comments {
        super::out::note(&mut c, format!("# {line}"));
    }
    c.insert("name".into(), json!(&*name.text));
    let mut info = ClassInfo { name: name.text.to_string(), ..Default::default() };
    let ifs = class_body(cx, st.children(), &mut c, &mut info, obj, true);
    inherit(cx, &mut c, inherited, obj);
    cx.class_info.push(info);
    cx.classes.push(Value::Object(c));
    super::conditional::class_branches(cx, &name.text, ifs, obj);
}

/// Whether an ISC expression is a condition at its top level (comparison or boolean
/// operator outside parentheses), as opposed to data.
fn is_condition(t: &[crate::dhcpd::ast::Token]) -> bool {
    // `(A = B)`: the condition inside the parentheses that enclose it all.
    if t.len() > 2 && t[0].is_punct("(") && t[t.len() - 1].is_punct(")") {
        let mut depth = 0i32;
        let encloses = t[..t.len() - 1].iter().all(|x| {
            depth += i32::from(x.is_punct("(")) - i32::from(x.is_punct(")"));
            depth > 0
        });
        if encloses {
            return is_condition(&t[1..t.len() - 1]);
        }
    }
    let mut depth = 0i32;
    for (i, x) in t.iter().enumerate() {
        if x.is_punct("(") {
            depth += 1;
        } else if x.is_punct(")") {
            depth -= 1;
        } else {
            let operator = depth == 0
                && (x.is_punct("=") || x.is_punct("!=") || x.is_punct("~=") || x.is_punct("~~") || x.is_word("and") || x.is_word("or"));
            let prefix =
                i == 0 && (x.is_word("not") || x.is_punct("!") || x.is_word("exists") || x.is_word("known") || x.is_word("static"));
            if operator || prefix {
                return true;
            }
        }
    }
    false
}

/// A comparison of two constants (`match if 12:34 = 56:78;`): dhcpd rejects it.
fn is_constant_comparison(t: &[crate::dhcpd::ast::Token]) -> bool {
    t.len() == 3
        && t[1].is_punct("=") | t[1].is_punct("!=")
        && [&t[0], &t[2]].iter().all(|x| x.kind == TokKind::Str || x.text.contains(':') || x.text.parse::<i64>().is_ok())
}

/// The statements of a class body into `c`; with `defer_ifs`, its `if` / `elsif` / `else`
/// statements are given back (`conditional::class_branches` reads them once the class is
/// made), else they are noted.
fn class_body(
    cx: &mut Ctx,
    stmts: &[Stmt],
    c: &mut Map<String, Value>,
    info: &mut ClassInfo,
    _parent: &mut Map<String, Value>,
    defer_ifs: bool,
) -> Vec<Stmt> {
    let mut ifs = Vec::new();
    let mut seen_match_if = false;
    let mut seen_match = false;
    for s in stmts {
        let t = &s.tokens;
        let head = s.head().to_ascii_lowercase();
        if matches!(head.as_str(), "host" | "class" | "subclass" | "shared-network" | "subnet" | "subnet6" | "pool" | "pool6" | "group") {
            cx.error(s, &t[0], &format!("`{}` declarations are not allowed in a class", t[0].text), "declare it at the top level");
            continue;
        }
        if matches!(head.as_str(), "hardware" | "fixed-address" | "fixed-address6" | "range" | "range6" | "prefix6") {
            cx.error(s, &t[0], &format!("`{}` is not allowed in a class", t[0].text), "it belongs in a host or subnet declaration");
            continue;
        }
        if head == "match" {
            let is_if = t.get(1).is_some_and(|w| w.is_word("if"));
            let e = if is_if { &t[2..] } else { &t[1..] };
            if (is_if && seen_match_if) || (!is_if && seen_match) {
                cx.error(
                    s,
                    &t[0],
                    &format!("a class may have only one `{}` statement", if is_if { "match if" } else { "match" }),
                    "combine the conditions with `and` / `or`",
                );
                continue;
            }
            if is_if && !is_condition(e) {
                cx.error(
                    s,
                    e.first().unwrap_or(&t[0]),
                    "`match if` needs a condition (a boolean expression)",
                    "compare data with `=`, e.g. `match if option NAME = \"value\";`, or use `match DATA;` with subclasses",
                );
                continue;
            }
            if !is_if && is_condition(e) {
                cx.error(
                    s,
                    e.first().unwrap_or(&t[0]),
                    "`match` needs a data expression, not a condition",
                    "use `match if CONDITION;`, or `match DATA;` with subclasses",
                );
                continue;
            }
            if is_if && is_constant_comparison(e) {
                cx.error(
                    s,
                    e.first().unwrap_or(&t[0]),
                    "`match if` compares two constants: always true or always false",
                    "compare packet data, such as `option NAME`, with a constant",
                );
                continue;
            }
            if is_if {
                seen_match_if = true;
            } else {
                seen_match = true;
            }
        }
        match head.as_str() {
            "match" if t.get(1).is_some_and(|w| w.is_word("if")) => match translator(cx).boolean(&t[2..]) {
                Ok(test) => {
                    c.insert("test".into(), json!(test));
                }
                Err(why) => {
                    let text = isc_text(&t[2..]);
                    cx.note(
                        c,
                        s,
                        "M004",
                        &format!("match if {text}: {why}; the class has no test (it matches nothing)"),
                        "write the test in Kea's expression language (Kea ARM, Client Classification)",
                        true,
                    );
                }
            },
            "match" => {
                // `match DATA;` — members are the subclasses keyed by DATA's value.
                info.match_data = Some(translator(cx).data_expr(&t[1..]));
            }
            "spawn" => {
                cx.note(
                    c,
                    s,
                    "M017",
                    "spawning class: Kea does not create a class per client",
                    "to limit leases per client use the limits hook (libdhcp_limits.so, Kea 2.4+)",
                    true,
                );
            }
            "lease" => {
                cx.note(
                    c,
                    s,
                    "M017",
                    "lease limit on a class: Kea has no per-class lease limit in the open-source hooks",
                    "the limits hook (Kea 2.4+) limits lease counts per class",
                    true,
                );
            }
            "option" if t.len() >= 3 && t[2].is_word("code") => {
                if let Some(d) = optdata::definition(cx, s) {
                    cx.option_defs.push(d);
                }
            }
            "option" if t.len() >= 2 => {
                if let Some(d) = optdata::data(cx, s, c, false) {
                    push_option(c, d);
                }
            }
            "filename" | "server-name" if cx.universe == crate::universe::Universe::V4 => super::params::boot_field(cx, s, c),
            "vendor-option-space" if cx.universe == crate::universe::Universe::V4 && t.len() == 2 => {
                super::optdata::vendor_option_space(cx, s, c, true)
            }
            "next-server" if cx.universe == crate::universe::Universe::V4 => match t
                .get(1)
                .and_then(|a| a.text.parse::<std::net::Ipv4Addr>().ok())
            {
                Some(a) => {
                    c.insert("next-server".into(), json!(a.to_string()));
                }
                None => cx.note(c, s, "M003", "next-server is not an IPv4 address; left out", "use --resolve or write the address", true),
            },
            "default-lease-time" => {
                if let Some(n) = t.get(1).and_then(|n| n.text.parse::<u32>().ok()) {
                    c.insert("valid-lifetime".into(), json!(n));
                }
            }
            "if" | "elsif" | "else" if defer_ifs && s.block.is_some() => ifs.push(s.clone()),
            "if" | "elsif" | "else" | "on" | "execute" | "log" | "set" | "unset" => not_run_in_class(cx, c, s),
            _ => params::parameter(cx, s, c, Kind::Class),
        }
    }
    ifs
}

/// An executable statement in a class body that Kea has no way to run (M008 on the class).
pub(super) fn not_run_in_class(cx: &mut Ctx, c: &mut Map<String, Value>, s: &Stmt) {
    let msg = format!("`{}` inside a class is not run by Kea; dropped", s.head());
    cx.note(c, s, "M008", &msg, "split the condition into a separate class with a test", true);
}

/// `subclass "PARENT" DATA [{ ... }]` → a class `PARENT_N` whose test compares the
/// parent's match data with DATA, and which inherits the parent's option-data.
/// Parameters of enclosing groups, where the class does not set them itself.
fn inherit(cx: &mut Ctx, c: &mut Map<String, Value>, inherited: &[&Stmt], obj: &mut Map<String, Value>) {
    if inherited.is_empty() {
        return;
    }
    let stmts: Vec<Stmt> = inherited.iter().map(|s| (*s).clone()).collect();
    let mut from_group = Map::new();
    class_body(cx, &stmts, &mut from_group, &mut ClassInfo::default(), obj, false);
    super::scope::fill_from(c, from_group);
}

pub fn subclass(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, inherited: &[&Stmt]) {
    let t = &st.tokens;
    let (Some(parent), Some(key)) = (t.get(1), t.get(2)) else {
        cx.error(st, &t[0], "expected `subclass \"CLASS\" VALUE`", "");
        return;
    };
    let Some(idx) = cx.class_info.iter().position(|c| c.name == *parent.text) else {
        cx.error(
            st,
            parent,
            &format!("subclass of undeclared class `{}`", parent.text),
            "declare `class \"NAME\" { match ...; }` before its subclasses",
        );
        return;
    };
    let n = cx.class_info[idx].subclasses;
    cx.class_info[idx].subclasses += 1;
    // keama's naming, so configs and tools written for keama's output keep working.
    let name = format!("sub#{}#{}", parent.text, n);
    let mut c = Map::new();
    c.insert("name".into(), json!(name));
    // The parent's options apply to members of its subclasses (dhcpd semantics).
    if let Some(p) = cx.classes.iter().find(|c| c["name"] == json!(&*parent.text))
        && let Some(od) = p.get("option-data")
    {
        c.insert("option-data".into(), od.clone());
    }
    let value = if key.kind == TokKind::Str {
        if key.text.contains('\'') || key.text.bytes().any(|b| !(0x20..0x7f).contains(&b)) {
            format!("0x{}", crate::leases::csv::hex(&key.bytes()).replace(':', ""))
        } else {
            format!("'{}'", key.text)
        }
    } else {
        match params::hex_bytes(&key.text) {
            Some(b) => format!("0x{}", crate::leases::csv::hex(&b).replace(':', "")),
            None => format!("'{}'", key.text),
        }
    };
    match cx.class_info[idx].match_data.clone() {
        Some(Ok(d)) => {
            // A parent with `match if` too: members must pass both (dhcpd checks the parent's
            // condition before looking up the subclass).
            let parent_test = cx
                .classes
                .iter()
                .find(|c| c["name"] == json!(&*parent.text))
                .and_then(|p| p.get("test"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let test = match parent_test {
                Some(pt) => format!("({pt}) and ({d} == {value})"),
                None => format!("{d} == {value}"),
            };
            c.insert("test".into(), json!(test));
            cx.note(&mut c, st, "M015", &format!("subclass \"{}\" {}: a class of its own named {name}", parent.text, key.text), "", false);
        }
        Some(Err(why)) => cx.note(
            &mut c,
            st,
            "M004",
            &format!("subclass of {}: the parent's match expression is not translatable ({why}); no test", parent.text),
            "write the test in Kea's expression language",
            true,
        ),
        None => cx.note(&mut c, st, "M004", &format!("subclass of {} which has no `match` statement; no test", parent.text), "", true),
    }
    let mut info = ClassInfo::default();
    // The subclass's own statements win over the parent's options copied above.
    let mut own = Map::new();
    let ifs = class_body(cx, st.children(), &mut own, &mut info, obj, true);
    // Then the parent class's options, then those of enclosing groups (as keama orders them).
    super::scope::fill_from(&mut own, c);
    inherit(cx, &mut own, inherited, obj);
    let name = own.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
    cx.classes.push(Value::Object(own));
    super::conditional::class_branches(cx, &name, ifs, obj);
}

fn isc_text(t: &[crate::dhcpd::ast::Token]) -> String {
    t.iter().map(|x| if x.kind == TokKind::Str { format!("\"{}\"", x.text) } else { x.text.to_string() }).collect::<Vec<_>>().join(" ")
}

/// Whether Kea's expressions can name the class `name` (`member('NAME')` strings take no
/// quote and no line break; other control characters are refused with them); if not, an
/// input error at `at` (found by the dhcpd fuzz target: a name spanning lines).
fn nameable(cx: &mut Ctx, st: &Stmt, at: &crate::dhcpd::ast::Token, name: &str) -> bool {
    if !name.chars().any(|c| c == '\'' || c.is_control()) {
        return true;
    }
    cx.error(
        st,
        at,
        "a class name with a quote or a control character (line break, tab ...)",
        "Kea refers to classes as member('NAME'): rename the class with letters, digits and punctuation other than `'`",
    );
    false
}

/// A test no client passes (Kea has no `false` literal; every client is in class ALL).
const NOBODY: &str = "not member('ALL')";

/// A pool's allow/deny list → the name of one class guarding it (generated when needed),
/// or None when every client may use the pool.
pub fn permits(cx: &mut Ctx, list: &[&Stmt], pool: &mut Map<String, Value>) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for st in list {
        let allow = st.head().eq_ignore_ascii_case("allow");
        let rest: Vec<String> = st.tokens[1..].iter().map(|x| x.text.to_string()).collect();
        let low = rest.join(" ").to_ascii_lowercase();
        let (expr, label) = match low.as_str() {
            "known-clients" | "known clients" => ("member('KNOWN')".to_string(), "KNOWN".to_string()),
            "unknown-clients" | "unknown clients" => ("member('UNKNOWN')".to_string(), "UNKNOWN".to_string()),
            // dhcpd never authenticates a client: every client is unauthenticated.
            "all clients" | "unauthenticated clients" => ("true".into(), "ALL".into()),
            "authenticated clients" => {
                if allow {
                    cx.note(
                        pool,
                        st,
                        "M005",
                        "`allow authenticated clients`: dhcpd authenticates nobody, so this admits no client",
                        "",
                        false,
                    );
                    terms.push(NOBODY.into());
                    names.push("none".into());
                }
                continue;
            }
            _ if low.starts_with("members of") && rest.len() == 3 => {
                if !nameable(cx, st, &st.tokens[3], &rest[2]) {
                    continue;
                }
                // dhcpd looks the class up while parsing: it must be declared above.
                if !cx.class_info.iter().any(|c| c.name == rest[2]) {
                    cx.error(
                        st,
                        &st.tokens[3],
                        &format!("no such class: {}", rest[2]),
                        "declare the class before the pool that names it (dhcpd refuses this file too)",
                    );
                    continue;
                }
                (format!("member('{}')", rest[2]), rest[2].clone())
            }
            "dynamic bootp clients" | "bootp" => {
                cx.note(
                    pool,
                    st,
                    "M005",
                    &format!("`{}` in a pool: Kea has no BOOTP permit", st.tokens.iter().map(|t| &*t.text).collect::<Vec<_>>().join(" ")),
                    "load libdhcp_bootp.so; BOOTP clients are then in class BOOTP",
                    false,
                );
                continue;
            }
            _ => {
                cx.note(pool, st, "M005", &format!("permit `{low}` has no Kea equivalent; ignored"), "", true);
                continue;
            }
        };
        if expr == "true" {
            if !allow {
                cx.note(pool, st, "M005", "`deny all clients`: the pool serves nobody", "", false);
                terms.push(NOBODY.into());
                names.push("none".into());
            }
            continue;
        }
        names.push(format!("{}{label}", if allow { "" } else { "not-" }));
        terms.push(if allow { expr } else { format!("not {expr}") });
    }
    if terms.is_empty() {
        return None;
    }
    // Every client is KNOWN or UNKNOWN: denying one alone is allowing the other.
    if names.len() == 1 && names[0] == "not-KNOWN" {
        return Some("UNKNOWN".into());
    }
    if names.len() == 1 && names[0] == "not-UNKNOWN" {
        return Some("KNOWN".into());
    }
    // One allowed class: guard with it directly.
    if terms.len() == 1 && !names[0].starts_with("not-") && names[0] != "none" {
        return Some(names[0].clone());
    }
    // dhcpd: a client is allowed if it matches no deny and (no allow, or some allow).
    let allows: Vec<&String> = terms.iter().filter(|t| !t.starts_with("not ") && *t != NOBODY).collect();
    let denies: Vec<&String> = terms.iter().filter(|t| t.starts_with("not ") || *t == NOBODY).collect();
    let mut parts: Vec<String> = denies.iter().map(|d| d.to_string()).collect();
    if !allows.is_empty() {
        parts.push(format!("({})", allows.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(" or ")));
    }
    let test = parts.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join(" and ");
    let name = format!("gen#{}", names.join("#"));
    if !cx.classes.iter().any(|c| c["name"] == json!(name)) {
        // KNOWN/UNKNOWN are only set after host lookup: the class must be evaluated late.
        let mut c = json!({"name": name, "test": test});
        if test.contains("KNOWN") && cx.opts.version >= crate::version::KeaVersion::V2_2 {
            // Tests referring to KNOWN/UNKNOWN are evaluated after host lookup by Kea itself.
        }
        let _ = &mut c;
        cx.classes.push(c);
    }
    Some(name)
}
