//! Semantic diff of two Kea configs, over the JSON the model emits (so both sides went
//! through the same lowering and includes are spliced). Lists whose items have an identity
//! in Kea are matched by it, not by position: subnets by `id` (else prefix), shared
//! networks, classes and loggers by name, reservations by their identifier, option-data and
//! option-def by space and code (a name is resolved through the option engine), hook
//! libraries by path. Other lists (pools, interfaces, …) are compared by position.
//! Moving a keyed item within its list is not reported (class order is: see `Change::Moved`).

use crate::options::OptionDefs;
use crate::universe::Universe;
use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Added {
        path: String,
        new: Value,
    },
    Removed {
        path: String,
        old: Value,
    },
    Changed {
        path: String,
        old: Value,
        new: Value,
    },
    /// Order matters for client classes (Kea evaluates them in order).
    Moved {
        path: String,
        from: usize,
        to: usize,
    },
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Added { path, .. } | Change::Removed { path, .. } | Change::Changed { path, .. } | Change::Moved { path, .. } => path,
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Change::Added { path, new } => json!({"op": "added", "path": path, "new": new}),
            Change::Removed { path, old } => json!({"op": "removed", "path": path, "old": old}),
            Change::Changed { path, old, new } => json!({"op": "changed", "path": path, "old": old, "new": new}),
            Change::Moved { path, from, to } => json!({"op": "moved", "path": path, "from": from, "to": to}),
        }
    }

    /// One line for people: `+ path: value`, `- path`, `~ path: old → new`.
    pub fn to_line(&self) -> String {
        match self {
            Change::Added { path, new } => format!("+ {path}: {}", short(new)),
            Change::Removed { path, old } => format!("- {path}: {}", short(old)),
            Change::Changed { path, old, new } => format!("~ {path}: {} → {}", short(old), short(new)),
            Change::Moved { path, from, to } => format!("↕ {path}: position {from} → {to}"),
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 100 { format!("{}…", s.chars().take(99).collect::<String>()) } else { s }
}

/// All differences from `a` to `b` (two whole configs: `{"Dhcp4": …}`), except keys added
/// or removed with an empty value (`[]`, `{}`, `""`): Kea treats those like absent keys,
/// and its config-get writes many of them (`"option-data": []`, `"relay": {"ip-addresses": []}`).
pub fn diff(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = diff_all(a, b);
    out.retain(|c| match c {
        Change::Added { new: v, .. } | Change::Removed { old: v, .. } => !is_empty(v),
        _ => true,
    });
    out
}

/// Every difference, empty values included.
pub fn diff_all(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(&mut String::new(), "", a, b, Universe::V4, &mut out);
    out
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::String(s) => s.is_empty(),
        Value::Object(m) => m.values().all(is_empty),
        _ => false,
    }
}

fn walk(path: &mut String, field: &str, a: &Value, b: &Value, u: Universe, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            for (k, va) in ma {
                let len = path.len();
                push_key(path, k);
                let u = universe_of(k).unwrap_or(u);
                match mb.get(k) {
                    Some(vb) => walk(path, k, va, vb, u, out),
                    None => out.push(Change::Removed { path: path.clone(), old: va.clone() }),
                }
                path.truncate(len);
            }
            for (k, vb) in mb {
                if !ma.contains_key(k) {
                    let len = path.len();
                    push_key(path, k);
                    out.push(Change::Added { path: path.clone(), new: vb.clone() });
                    path.truncate(len);
                }
            }
        }
        (Value::Array(la), Value::Array(lb)) => walk_list(path, field, la, lb, u, out),
        _ => {
            if normalized(field, a) != normalized(field, b) {
                out.push(Change::Changed { path: path.clone(), old: a.clone(), new: b.clone() });
            }
        }
    }
}

fn walk_list(path: &mut String, field: &str, la: &[Value], lb: &[Value], u: Universe, out: &mut Vec<Change>) {
    let ka: Option<Vec<String>> = la.iter().map(|v| identity(field, v, u)).collect();
    let kb: Option<Vec<String>> = lb.iter().map(|v| identity(field, v, u)).collect();
    let (Some(ka), Some(kb)) = (ka, kb) else { return walk_by_index(path, field, la, lb, u, out) };
    if has_duplicates(&ka) || has_duplicates(&kb) {
        // Kea rejects duplicates; compare by position rather than guess.
        return walk_by_index(path, field, la, lb, u, out);
    }
    for (i, (key, va)) in ka.iter().zip(la).enumerate() {
        let len = path.len();
        path.push_str(&format!("[{key}]"));
        match kb.iter().position(|k| k == key) {
            Some(j) if field == "option-data" => {
                // Name, code and space are the identity already in the path: an option
                // written by name on one side and by code on the other is the same option.
                walk(path, field, &without_identity(va), &without_identity(&lb[j]), u, out);
            }
            Some(j) => {
                walk(path, field, va, &lb[j], u, out);
                if field == "client-classes" && i != j {
                    out.push(Change::Moved { path: path.clone(), from: i, to: j });
                }
            }
            None => out.push(Change::Removed { path: path.clone(), old: va.clone() }),
        }
        path.truncate(len);
    }
    for (key, vb) in kb.iter().zip(lb) {
        if !ka.contains(key) {
            out.push(Change::Added { path: format!("{path}[{key}]"), new: vb.clone() });
        }
    }
}

fn walk_by_index(path: &mut String, field: &str, la: &[Value], lb: &[Value], u: Universe, out: &mut Vec<Change>) {
    for i in 0..la.len().max(lb.len()) {
        let len = path.len();
        path.push_str(&format!("[{i}]"));
        match (la.get(i), lb.get(i)) {
            (Some(a), Some(b)) => walk(path, field, a, b, u, out),
            (Some(a), None) => out.push(Change::Removed { path: path.clone(), old: a.clone() }),
            (None, Some(b)) => out.push(Change::Added { path: path.clone(), new: b.clone() }),
            (None, None) => {}
        }
        path.truncate(len);
    }
}

fn without_identity(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        for k in ["name", "code", "space"] {
            m.shift_remove(k);
        }
    }
    v
}

fn has_duplicates(keys: &[String]) -> bool {
    let mut s: Vec<&String> = keys.iter().collect();
    s.sort();
    s.windows(2).any(|w| w[0] == w[1])
}

fn push_key(path: &mut String, k: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(k);
}

fn universe_of(k: &str) -> Option<Universe> {
    match k {
        "Dhcp4" => Some(Universe::V4),
        "Dhcp6" => Some(Universe::V6),
        _ => None,
    }
}

/// The identity of an item of a list named `field`, as shown in paths (`id=12`); None when
/// the list has no identity rule or the item lacks what identifies it.
fn identity(field: &str, v: &Value, u: Universe) -> Option<String> {
    let m = v.as_object()?;
    let s = |k: &str| m.get(k).map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()));
    match field {
        "subnet4" | "subnet6" => s("id").map(|id| format!("id={id}")).or_else(|| s("subnet").map(|p| format!("subnet={p}"))),
        "shared-networks" | "client-classes" | "loggers" => s("name").map(|n| format!("name={n}")),
        "hooks-libraries" => s("library").map(|l| format!("library={l}")),
        "reservations" => ["hw-address", "client-id", "duid", "circuit-id", "flex-id"]
            .iter()
            .find_map(|k| s(k).map(|id| format!("{k}={}", identifier(&id))))
            .or_else(|| s("ip-address").map(|a| format!("ip-address={a}"))),
        "option-data" | "option-def" => {
            let space = s("space").unwrap_or_else(|| if u == Universe::V4 { "dhcp4" } else { "dhcp6" }.to_string());
            let code = m.get("code").and_then(Value::as_u64).map(|c| c.to_string()).or_else(|| {
                let name = m.get("name")?.as_str()?;
                Some(OptionDefs::std_by_name(u, &space, name).map(|d| d.code.to_string()).unwrap_or_else(|| format!("name:{name}")))
            })?;
            Some(format!("space={space},code={code}"))
        }
        _ => None,
    }
}

/// Spellings Kea treats as the same value.
fn normalized(field: &str, v: &Value) -> Value {
    match (field, v) {
        ("pool" | "prefix", Value::String(s)) => Value::String(s.split_whitespace().collect()),
        ("hw-address" | "client-id" | "duid" | "circuit-id" | "flex-id", Value::String(s)) => Value::String(identifier(s)),
        _ => v.clone(),
    }
}

/// A hex identifier as Kea compares it: `01:AA:bb`, `01-aa-bb` and `01aabb` are the same
/// (Kea 2.2's config-get writes client-ids without colons); shown as lower-case
/// colon-separated bytes. Quoted text ids and unparsable ones stay as written.
fn identifier(id: &str) -> String {
    match crate::model::addr::parse_identifier(id) {
        Ok(bytes) if !id.trim_start().starts_with('\'') => crate::leases::csv::hex(&bytes),
        _ => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subnets_match_by_id_and_pools_by_position() {
        let a = json!({"Dhcp4": {"subnet4": [
            {"id": 1, "subnet": "10.0.0.0/24", "pools": [{"pool": "10.0.0.10 - 10.0.0.100"}]},
            {"id": 12, "subnet": "10.0.12.0/24", "pools": [{"pool": "10.0.12.10-10.0.12.100"}]}]}});
        let b = json!({"Dhcp4": {"subnet4": [
            {"id": 12, "subnet": "10.0.12.0/24", "pools": [{"pool": "10.0.12.10 - 10.0.12.200"}]},
            {"id": 1, "subnet": "10.0.0.0/24", "pools": [{"pool": "10.0.0.10-10.0.0.100"}]}]}});
        let d = diff(&a, &b);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].path(), "Dhcp4.subnet4[id=12].pools[0].pool");
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn client_ids_with_and_without_colons_are_the_same() {
        // Kea 2.2 config-get gives back "01:00:00:00:00:00:01" as "01000000000001".
        let a =
            json!({"Dhcp4": {"reservations": [{"client-id": "01:00:00:00:00:00:01", "ip-address": "10.0.0.1"}, {"flex-id": "'port-1'"}]}});
        let b = json!({"Dhcp4": {"reservations": [{"client-id": "01000000000001", "ip-address": "10.0.0.1"}, {"flex-id": "'port-1'"}]}});
        assert!(diff(&a, &b).is_empty(), "{:?}", diff(&a, &b));
    }

    #[test]
    fn empty_values_count_as_absent_unless_all_is_asked() {
        let a = json!({"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24"}]}});
        let b = json!({"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "option-data": [], "relay": {"ip-addresses": []}, "4o6-interface": ""}]}});
        assert!(diff(&a, &b).is_empty());
        assert_eq!(diff_all(&a, &b).len(), 3);
        let c = json!({"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "relay": {"ip-addresses": ["10.1.1.1"]}}]}});
        assert_eq!(diff(&a, &c)[0].to_line(), r#"+ Dhcp4.subnet4[id=1].relay: {"ip-addresses":["10.1.1.1"]}"#);
    }

    #[test]
    fn options_by_code_whatever_the_spelling_and_reservations_by_identifier() {
        let a = json!({"Dhcp4": {"option-data": [{"name": "domain-name-servers", "data": "10.0.0.1"}],
            "reservations": [{"hw-address": "AA:BB:CC:DD:EE:FF", "ip-address": "10.0.0.5"}, {"client-id": "01:02", "ip-address": "10.0.0.6"}]}});
        let b = json!({"Dhcp4": {"option-data": [{"code": 6, "space": "dhcp4", "data": "10.0.0.2"}],
            "reservations": [{"hw-address": "aa:bb:cc:dd:ee:ff", "ip-address": "10.0.0.7"}]}});
        let lines: Vec<String> = diff(&a, &b).iter().map(Change::to_line).collect();
        assert_eq!(
            lines,
            [
                // Written by name on one side and by code on the other: only the data differs.
                r#"~ Dhcp4.option-data[space=dhcp4,code=6].data: "10.0.0.1" → "10.0.0.2""#,
                r#"~ Dhcp4.reservations[hw-address=aa:bb:cc:dd:ee:ff].ip-address: "10.0.0.5" → "10.0.0.7""#,
                r#"- Dhcp4.reservations[client-id=01:02]: {"client-id":"01:02","ip-address":"10.0.0.6"}"#,
            ]
        );
    }

    #[test]
    fn classes_by_name_with_order() {
        let a = json!({"Dhcp6": {"client-classes": [{"name": "a", "test": "member('x')"}, {"name": "b"}]}});
        let b = json!({"Dhcp6": {"client-classes": [{"name": "b"}, {"name": "a", "test": "member('y')"}, {"name": "c"}]}});
        let lines: Vec<String> = diff(&a, &b).iter().map(Change::to_line).collect();
        assert_eq!(
            lines,
            [
                r#"~ Dhcp6.client-classes[name=a].test: "member('x')" → "member('y')""#,
                "↕ Dhcp6.client-classes[name=a]: position 0 → 1",
                "↕ Dhcp6.client-classes[name=b]: position 1 → 0",
                r#"+ Dhcp6.client-classes[name=c]: {"name":"c"}"#,
            ]
        );
    }
}
