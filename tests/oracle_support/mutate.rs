//! Deterministic mutations of a valid config. Every operator either returns a changed
//! config (with a short description) or None when the seed has nothing it applies to.
//! Case ids (`seed/operator/variant`) are stable: the known-disagreements file uses them.

use serde_json::{Map, Value, json};

pub struct Case {
    pub id: String,
    pub category: &'static str,
    pub what: String,
    pub text: String,
    pub v6: bool,
}

/// A small fixed-seed PRNG (xorshift64*), so the cases are the same on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: &str, op: &str, variant: usize) -> Rng {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in seed.bytes().chain(op.bytes()).chain([variant as u8]) {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
        Rng(h | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() { None } else { Some(items[(self.next() % items.len() as u64) as usize].clone()) }
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Idx(usize),
}

type Path = Vec<Step>;

fn get_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => cur.as_object_mut()?.get_mut(k)?,
            Step::Idx(i) => cur.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(cur)
}

fn show(path: &[Step]) -> String {
    let mut s = String::new();
    for p in path {
        match p {
            Step::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Step::Idx(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Keys whose contents are free-form (not checked by Kea): never mutated inside.
fn free_form(key: &str) -> bool {
    matches!(key, "user-context" | "parameters" | "comment")
}

/// Every path in the config whose value satisfies `pred` (outside free-form subtrees).
/// The second argument of `pred` is the key the value sits under (for list items: the list's).
fn paths(v: &Value, pred: &dyn Fn(&Value, &str) -> bool) -> Vec<Path> {
    fn walk(v: &Value, key: &str, path: &mut Path, out: &mut Vec<Path>, pred: &dyn Fn(&Value, &str) -> bool) {
        if pred(v, key) {
            out.push(path.clone());
        }
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    if free_form(k) {
                        continue;
                    }
                    path.push(Step::Key(k.clone()));
                    walk(c, k, path, out, pred);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    path.push(Step::Idx(i));
                    walk(c, key, path, out, pred);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut Vec::new(), &mut out, pred);
    out
}

fn root_key(v6: bool) -> &'static str {
    if v6 { "Dhcp6" } else { "Dhcp4" }
}

fn subnet_key(v6: bool) -> &'static str {
    if v6 { "subnet6" } else { "subnet4" }
}

/// Paths of all subnet maps (global and in shared networks).
fn subnets(v: &Value, v6: bool) -> Vec<Path> {
    let sk = subnet_key(v6);
    paths(v, &move |x, k| k == sk && x.is_object())
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// An address outside every subnet of the seeds (documentation ranges not used by them).
fn outside_addr(v6: bool) -> &'static str {
    if v6 { "3fff:ffff::10" } else { "198.51.100.250" }
}

type Op = fn(&mut Rng, &Value, &str, bool) -> Option<(String, String)>;

/// Operators: (name, category, variants, function). `text` is the pretty seed.
const OPS: &[(&str, &str, usize, Op)] = &[
    ("missing-comma", "syntax", 2, |r, _, t, _| {
        let lines: Vec<&str> = t.lines().collect();
        let cands: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].ends_with(',')).collect();
        let i = r.pick(&cands)?;
        Some((format!("comma removed at line {}", i + 1), edit_line(t, i, |l| l.trim_end_matches(',').to_string())))
    }),
    ("extra-brace", "syntax", 2, |r, _, t, _| {
        let lines: Vec<&str> = t.lines().collect();
        let cands: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].trim() == "},").collect();
        let i = r.pick(&cands)?;
        Some((format!("extra `}}` after line {}", i + 1), edit_line(t, i, |l| format!("{}\n{}", l.trim_end_matches(','), l))))
    }),
    ("unclosed-string", "syntax", 1, |r, _, t, _| {
        let lines: Vec<&str> = t.lines().collect();
        let cands: Vec<usize> =
            (0..lines.len()).filter(|&i| lines[i].trim_end_matches(',').ends_with('"') && lines[i].contains("\": \"")).collect();
        let i = r.pick(&cands)?;
        Some((
            format!("closing quote removed at line {}", i + 1),
            edit_line(t, i, |l| {
                let comma = l.ends_with(',');
                let s = l.trim_end_matches(',');
                format!("{}{}", &s[..s.len() - 1], if comma { "," } else { "" })
            }),
        ))
    }),
    ("stray-char", "syntax", 1, |r, _, t, _| {
        let n = t.lines().count();
        let i = (r.next() % n as u64) as usize;
        Some((format!("`@` inserted at line {}", i + 1), edit_line(t, i, |l| format!("@{l}"))))
    }),
    ("truncated", "syntax", 1, |_, _, t, _| {
        let mut cut = t.len() * 3 / 5;
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        Some(("file truncated at 60%".into(), t[..cut].to_string()))
    }),
    ("missing-colon", "syntax", 1, |r, _, t, _| {
        let lines: Vec<&str> = t.lines().collect();
        let cands: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].contains("\": ")).collect();
        let i = r.pick(&cands)?;
        Some((format!("colon removed at line {}", i + 1), edit_line(t, i, |l| l.replacen("\": ", "\" ", 1))))
    }),
    ("trailing-comma", "harmless", 1, |r, _, t, _| {
        let lines: Vec<&str> = t.lines().collect();
        let cands: Vec<usize> = (0..lines.len().saturating_sub(1))
            .filter(|&i| {
                !lines[i].ends_with(',')
                    && !lines[i].ends_with('{')
                    && !lines[i].ends_with('[')
                    && lines[i + 1].trim_start().starts_with('}')
            })
            .collect();
        let i = r.pick(&cands)?;
        Some((format!("trailing comma added at line {}", i + 1), edit_line(t, i, |l| format!("{l},"))))
    }),
    ("comments", "harmless", 1, |r, _, t, _| {
        let lines: Vec<&str> = t.lines().collect();
        let cands: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].trim_start().starts_with('"')).collect();
        let mut out = t.to_string();
        for c in ["# a hash comment", "// a line comment", "/* a block\n   comment */"] {
            let i = r.pick(&cands)?;
            out = edit_line(&out, i, |l| format!("{c}\n{l}"));
        }
        Some(("three comments inserted".into(), out))
    }),
    ("duplicate-key", "types", 1, |r, _, t, _| {
        let lines: Vec<&str> = t.lines().collect();
        let cands: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                lines[i].trim_start().starts_with('"')
                    && lines[i].ends_with(',')
                    && !lines[i].ends_with("{,")
                    && !lines[i].trim_end_matches(',').ends_with(['{', '['])
            })
            .collect();
        let i = r.pick(&cands)?;
        Some((format!("line {} duplicated", i + 1), edit_line(t, i, |l| format!("{l}\n{l}"))))
    }),
    ("int-as-string", "types", 2, |r, v, _, _| {
        let p = r.pick(&paths(v, &|x, _| x.is_i64()))?;
        let mut v = v.clone();
        let x = get_mut(&mut v, &p)?;
        *x = Value::String(x.to_string());
        Some((format!("{} integer written as a string", show(&p)), pretty(&v)))
    }),
    ("bool-as-int", "types", 1, |r, v, _, _| {
        let p = r.pick(&paths(v, &|x, _| x.is_boolean()))?;
        let mut v = v.clone();
        let x = get_mut(&mut v, &p)?;
        *x = json!(1);
        Some((format!("{} boolean written as 1", show(&p)), pretty(&v)))
    }),
    ("string-as-int", "types", 2, |r, v, _, _| {
        let p = r.pick(&paths(v, &|x, _| x.is_string()))?;
        let mut v = v.clone();
        *get_mut(&mut v, &p)? = json!(42);
        Some((format!("{} string replaced by 42", show(&p)), pretty(&v)))
    }),
    ("list-as-map", "types", 1, |r, v, _, _| {
        let p = r.pick(&paths(v, &|x, _| x.is_array()))?;
        let mut v = v.clone();
        *get_mut(&mut v, &p)? = json!({});
        Some((format!("{} list replaced by {{}}", show(&p)), pretty(&v)))
    }),
    ("key-typo", "unknown-key", 2, |r, v, _, _| {
        let maps = paths(v, &|x, _| x.as_object().is_some_and(|m| !m.is_empty()));
        let p = r.pick(&maps)?;
        let mut v = v.clone();
        let m = get_mut(&mut v, &p)?.as_object_mut()?;
        let keys: Vec<String> = m.keys().filter(|k| !free_form(k) && k.len() > 3).cloned().collect();
        let k = r.pick(&keys)?;
        let mut typo: Vec<char> = k.chars().collect();
        let i = 1 + (r.next() % (typo.len() as u64 - 2)) as usize;
        typo.swap(i, i + 1);
        let typo: String = typo.into_iter().collect();
        if typo == k {
            return None;
        }
        let renamed: Map<String, Value> =
            std::mem::take(m).into_iter().map(|(kk, vv)| if kk == k { (typo.clone(), vv) } else { (kk, vv) }).collect();
        *m = renamed;
        Some((format!("{}: key `{k}` misspelt `{typo}`", show(&p)), pretty(&v)))
    }),
    ("unknown-key", "unknown-key", 1, |r, v, _, _| {
        let maps = paths(v, &|x, _| x.is_object());
        let p = r.pick(&maps)?;
        let mut v = v.clone();
        get_mut(&mut v, &p)?.as_object_mut()?.insert("frobnication-level".into(), json!(3));
        Some((format!("{}: unknown key added", show(&p)), pretty(&v)))
    }),
    ("bad-prefix", "semantic", 1, |r, v, _, v6| {
        let p = r.pick(&subnets(v, v6))?;
        let mut v = v.clone();
        get_mut(&mut v, &p)?.as_object_mut()?.insert("subnet".into(), json!(if v6 { "2001:db8:1::/129" } else { "192.0.2.0/33" }));
        Some((format!("{}: prefix length too long", show(&p)), pretty(&v)))
    }),
    ("pool-outside", "semantic", 1, |r, v, _, v6| {
        let cands: Vec<Path> = subnets(v, v6)
            .into_iter()
            .filter(|p| sub(v, p, "pools").is_some_and(|x| x.as_array().is_some_and(|a| !a.is_empty())))
            .collect();
        let p = r.pick(&cands)?;
        let mut v = v.clone();
        let pools = get_mut(&mut v, &p)?.get_mut("pools")?.as_array_mut()?;
        pools[0]["pool"] = json!(if v6 { "3fff:ffff::10 - 3fff:ffff::20" } else { "198.51.100.240 - 198.51.100.250" });
        Some((format!("{}: pool moved outside the subnet", show(&p)), pretty(&v)))
    }),
    ("pool-overlap", "semantic", 1, |r, v, _, v6| {
        let cands: Vec<Path> = subnets(v, v6)
            .into_iter()
            .filter(|p| sub(v, p, "pools").is_some_and(|x| x.as_array().is_some_and(|a| !a.is_empty())))
            .collect();
        let p = r.pick(&cands)?;
        let mut v = v.clone();
        let pools = get_mut(&mut v, &p)?.get_mut("pools")?.as_array_mut()?;
        let first = json!({"pool": pools[0]["pool"].clone()});
        pools.push(first);
        Some((format!("{}: first pool repeated", show(&p)), pretty(&v)))
    }),
    ("dup-subnet-id", "semantic", 1, |_, v, _, v6| {
        let ss = subnets(v, v6);
        let with_id: Vec<&Path> = ss.iter().filter(|p| sub(v, p, "id").is_some()).collect();
        if with_id.len() < 2 {
            return None;
        }
        let mut v = v.clone();
        let id = sub(&v, with_id[0], "id")?.clone();
        get_mut(&mut v, with_id[1])?.as_object_mut()?.insert("id".into(), id);
        Some((format!("{}: id of {} reused", show(with_id[1]), show(with_id[0])), pretty(&v)))
    }),
    ("dup-subnet-prefix", "semantic", 1, |_, v, _, v6| {
        let ss = subnets(v, v6);
        if ss.len() < 2 {
            return None;
        }
        let mut v = v.clone();
        let prefix = sub(&v, &ss[0], "subnet")?.clone();
        let s1 = get_mut(&mut v, &ss[1])?.as_object_mut()?;
        s1.insert("subnet".into(), prefix);
        s1.remove("pools");
        s1.remove("pd-pools");
        s1.remove("reservations");
        s1.remove("relay");
        Some((format!("{}: prefix of {} reused", show(&ss[1]), show(&ss[0])), pretty(&v)))
    }),
    ("reservation-outside", "semantic", 1, |r, v, _, v6| {
        let key = if v6 { "ip-addresses" } else { "ip-address" };
        let cands = paths(v, &move |x, k| k == "reservations" && x.get(key).is_some());
        let p = r.pick(&cands)?;
        // Only reservations inside a subnet are checked against it.
        if !p.iter().any(|s| matches!(s, Step::Key(k) if k == "subnet4" || k == "subnet6")) {
            return None;
        }
        let mut v = v.clone();
        let res = get_mut(&mut v, &p)?.as_object_mut()?;
        res.insert(key.into(), if v6 { json!([outside_addr(true)]) } else { json!(outside_addr(false)) });
        Some((format!("{}: reserved address outside the subnet", show(&p)), pretty(&v)))
    }),
    ("dup-reservation", "semantic", 1, |r, v, _, _| {
        let lists = paths(v, &|x, k| k == "reservations" && x.as_array().is_some_and(|a| !a.is_empty()));
        let p = r.pick(&lists)?;
        let mut v = v.clone();
        let list = get_mut(&mut v, &p)?.as_array_mut()?;
        let mut copy = list[0].clone();
        let m = copy.as_object_mut()?;
        // Same identifier, different (or no) address: a duplicate identifier.
        m.remove("ip-address");
        m.remove("ip-addresses");
        m.remove("prefixes");
        m.insert("hostname".into(), json!("duplicate-host"));
        list.push(copy);
        Some((format!("{}: first reservation's identifier reserved again", show(&p)), pretty(&v)))
    }),
    ("option-bad-data", "options", 1, |_, v, _, v6| {
        let mut v = v.clone();
        let (name, data) = if v6 { ("dns-servers", "2001:db8::1, not-an-address") } else { ("routers", "192.0.2.1, not-an-address") };
        push_global(&mut v, v6, "option-data", json!({"name": name, "data": data}))?;
        Some((format!("global option {name} with a bad address"), pretty(&v)))
    }),
    ("option-unknown-name", "options", 1, |_, v, _, v6| {
        let mut v = v.clone();
        push_global(&mut v, v6, "option-data", json!({"name": "no-such-option", "data": "1"}))?;
        Some(("option-data with an unknown name".into(), pretty(&v)))
    }),
    ("option-good", "harmless", 1, |_, v, _, v6| {
        let mut v = v.clone();
        let o = if v6 { json!({"name": "sntp-servers", "data": "2001:db8::123"}) } else { json!({"name": "time-offset", "data": "-3600"}) };
        push_global(&mut v, v6, "option-data", o)?;
        Some(("a valid global option added".into(), pretty(&v)))
    }),
    ("option-def-bad-type", "options", 1, |_, v, _, v6| {
        let mut v = v.clone();
        push_global(
            &mut v,
            v6,
            "option-def",
            json!({"name": "my-opt", "code": 222, "type": "uint99", "space": if v6 {"dhcp6"} else {"dhcp4"}}),
        )?;
        Some(("option-def with an unknown type".into(), pretty(&v)))
    }),
    ("option-def-good", "harmless", 1, |_, v, _, v6| {
        let mut v = v.clone();
        push_global(&mut v, v6, "option-def", json!({"name": "my-site-opt", "code": 222, "type": "uint16", "space": "my-space"}))?;
        Some(("a valid option-def in a custom space added".into(), pretty(&v)))
    }),
    ("timers-order", "semantic", 1, |r, v, _, v6| {
        let p = r.pick(&subnets(v, v6))?;
        let mut v = v.clone();
        let s = get_mut(&mut v, &p)?.as_object_mut()?;
        s.insert("renew-timer".into(), json!(2000));
        s.insert("rebind-timer".into(), json!(1000));
        Some((format!("{}: renew-timer after rebind-timer", show(&p)), pretty(&v)))
    }),
    ("valid-bounds", "semantic", 1, |_, v, _, v6| {
        let mut v = v.clone();
        let d = v.get_mut(root_key(v6))?.as_object_mut()?;
        d.insert("min-valid-lifetime".into(), json!(5000));
        d.insert("valid-lifetime".into(), json!(4000));
        d.insert("max-valid-lifetime".into(), json!(6000));
        Some(("valid-lifetime below min-valid-lifetime".into(), pretty(&v)))
    }),
    ("class-bad-expr", "classes", 1, |_, v, _, v6| {
        let mut v = v.clone();
        push_global(&mut v, v6, "client-classes", json!({"name": "broken", "test": "option[12].hex == "}))?;
        Some(("class test expression cut short".into(), pretty(&v)))
    }),
    ("class-undefined-member", "classes", 1, |_, v, _, v6| {
        let mut v = v.clone();
        push_global(&mut v, v6, "client-classes", json!({"name": "needs-other", "test": "member('not-defined-anywhere')"}))?;
        Some(("class test references an undefined class".into(), pretty(&v)))
    }),
    ("class-good", "harmless", 1, |_, v, _, v6| {
        let mut v = v.clone();
        push_global(&mut v, v6, "client-classes", json!({"name": "oracle-ok", "test": "option[12].exists and not member('KNOWN')"}))?;
        Some(("a valid client class added".into(), pretty(&v)))
    }),
    ("bad-address", "semantic", 1, |r, v, _, v6| {
        let looks: fn(&str) -> bool =
            if v6 { |s| s.contains("::") && !s.contains('/') && !s.contains(' ') } else { |s| s.parse::<std::net::Ipv4Addr>().is_ok() };
        let cands = paths(v, &move |x, k| k != "data" && x.as_str().is_some_and(looks));
        let p = r.pick(&cands)?;
        let mut v = v.clone();
        *get_mut(&mut v, &p)? = json!(if v6 { "2001:db8::g1" } else { "192.0.2.300" });
        Some((format!("{}: address made invalid", show(&p)), pretty(&v)))
    }),
    ("missing-subnet", "semantic", 1, |r, v, _, v6| {
        let p = r.pick(&subnets(v, v6))?;
        let mut v = v.clone();
        get_mut(&mut v, &p)?.as_object_mut()?.remove("subnet");
        Some((format!("{}: `subnet` removed", show(&p)), pretty(&v)))
    }),
    ("lifetime-change", "harmless", 1, |_, v, _, v6| {
        let mut v = v.clone();
        let d = v.get_mut(root_key(v6))?.as_object_mut()?;
        d.insert("valid-lifetime".into(), json!(7200));
        for k in ["min-valid-lifetime", "max-valid-lifetime"] {
            d.remove(k);
        }
        Some(("global valid-lifetime set to 7200".into(), pretty(&v)))
    }),
    ("user-context", "harmless", 1, |r, v, _, v6| {
        let p = r.pick(&subnets(v, v6))?;
        let mut v = v.clone();
        get_mut(&mut v, &p)?.as_object_mut()?.insert("user-context".into(), json!({"site": "oracle", "floor": 3}));
        Some((format!("{}: user-context added", show(&p)), pretty(&v)))
    }),
    ("empty-daemon", "semantic", 1, |_, v, _, v6| {
        let mut v = v.clone();
        *v.get_mut(root_key(v6))? = json!({});
        Some(("daemon map emptied".into(), pretty(&v)))
    }),
    ("top-level-extra", "unknown-key", 1, |_, v, _, _| {
        let mut v = v.clone();
        v.as_object_mut()?.insert("Frobnicator".into(), json!({}));
        Some(("unknown top-level key".into(), pretty(&v)))
    }),
    ("pd-delegated-short", "semantic", 1, |r, v, _, v6| {
        if !v6 {
            return None;
        }
        let cands = paths(v, &|x, k| k == "pd-pools" && x.get("prefix-len").is_some());
        let p = r.pick(&cands)?;
        let mut v = v.clone();
        let pd = get_mut(&mut v, &p)?.as_object_mut()?;
        let plen = pd.get("prefix-len")?.as_i64()?;
        pd.insert("delegated-len".into(), json!(plen - 1));
        Some((format!("{}: delegated-len shorter than prefix-len", show(&p)), pretty(&v)))
    }),
    // Kea 2.6 made the subnet id mandatory and 1 its lowest value (ChangeLog 2232): Kea 3.0
    // rejects both cases ("missing parameter 'id'", "The 'id' value (0) is not within
    // expected range: (1 - 4294967294)"), Kea 2.2 numbers such a subnet itself.
    ("subnet-id-removed", "semantic", 1, |r, v, _, v6| {
        let cands: Vec<Path> = subnets(v, v6).into_iter().filter(|p| sub(v, p, "id").is_some()).collect();
        let p = r.pick(&cands)?;
        let mut v = v.clone();
        get_mut(&mut v, &p)?.as_object_mut()?.remove("id");
        Some((format!("{}: `id` removed", show(&p)), pretty(&v)))
    }),
    ("subnet-id-zero", "semantic", 1, |r, v, _, v6| {
        let p = r.pick(&subnets(v, v6))?;
        let mut v = v.clone();
        get_mut(&mut v, &p)?.as_object_mut()?.insert("id".into(), json!(0));
        Some((format!("{}: `id` set to 0", show(&p)), pretty(&v)))
    }),
    // Kea's grammar wants some lists non-empty (`loggers`, `host-reservation-identifiers`,
    // Kea 2.2's `client-classes` ...) and takes others empty: one list of the seed, emptied.
    ("list-emptied", "types", 6, |r, v, _, _| {
        let mut seen = std::collections::BTreeSet::new();
        let lists: Vec<Path> = paths(v, &|x, _| x.as_array().is_some_and(|a| !a.is_empty()))
            .into_iter()
            .filter(|p| seen.insert(p.iter().filter_map(|s| if let Step::Key(k) = s { Some(k.clone()) } else { None }).collect::<Vec<_>>()))
            .collect();
        let p = r.pick(&lists)?;
        let mut v = v.clone();
        *get_mut(&mut v, &p)? = json!([]);
        Some((format!("{}: emptied", show(&p)), pretty(&v)))
    }),
    // Kea 2.2's grammar lists the database types; 3.0's takes any string and refuses an
    // unknown one afterwards ("unknown backend database type").
    ("db-type-unknown", "types", 1, |_, v, _, v6| {
        let mut v = v.clone();
        let d = v.get_mut(root_key(v6))?.as_object_mut()?;
        d.insert("lease-database".into(), json!({"type": "memhile"}));
        Some(("lease-database type memhile".into(), pretty(&v)))
    }),
    // Kea deletes spaces and tabs in a subnet or pool text before reading it (so
    // "192.0 .2.0/2 4" is a subnet) but not a newline, and reads a reserved prefix as written.
    ("address-blank", "types", 6, |r, v, _, _| {
        let cands = paths(v, &|x, k| x.is_string() && matches!(k, "subnet" | "pool" | "prefixes"));
        let p = r.pick(&cands)?;
        let mut v = v.clone();
        let at = get_mut(&mut v, &p)?;
        let text = at.as_str()?.to_string();
        let blank = r.pick(&[" ", "\t", "\n"])?;
        let i = (r.next() % (text.len() as u64 + 1)) as usize;
        let changed = format!("{}{blank}{}", &text[..i], &text[i..]);
        *at = json!(changed);
        Some((format!("{}: {changed:?}", show(&p)), pretty(&v)))
    }),
    // A host identifier rewritten in another form: Kea reads quoted text, bytes separated by
    // single colons or single spaces, or plain digits after an optional `0x`, and nothing
    // else (no dashes, no blanks around, no `0X`).
    ("identifier-form", "types", 10, |r, v, _, _| {
        let keys = ["hw-address", "client-id", "duid", "circuit-id", "flex-id"];
        let cands = paths(v, &|x, k| x.is_string() && keys.contains(&k));
        let p = r.pick(&cands)?;
        let mut v = v.clone();
        let at = get_mut(&mut v, &p)?;
        let text = at.as_str()?.to_string();
        let bytes: Vec<String> = text.split([':', ' ']).map(str::to_string).collect();
        // Or made longer than a limit of Kea's (hw-address 20 bytes, duid 128/130, client-id
        // 255 and circuit-id/flex-id 128 in 3.0).
        let long = |n: usize| vec!["ab"; n].join(":");
        let changed = match r.next() % 14 {
            10 => long(21),
            11 => long(129),
            12 => long(131),
            13 => long(256),
            0 => bytes.join("-"),
            1 => bytes.join(" "),
            2 => format!("0x{}", bytes.concat()),
            3 => format!("0X{}", bytes.concat()),
            4 => format!(" {text}"),
            5 => format!("{text} "),
            6 => bytes.concat()[1..].to_string(),
            7 => format!("'{}'", bytes.concat()),
            8 => format!("{}:", text),
            _ => format!("0x{}", bytes.join(":")),
        };
        *at = json!(changed);
        Some((format!("{}: {changed:?}", show(&p)), pretty(&v)))
    }),
    // Limits Kea checks after its grammar: integer ranges, fixed string values, required
    // keys, open maps (schema/rules.rs). One global setting from the table, at or just past
    // a bound.
    ("global-bound", "semantic", 14, |r, v, _, v6| {
        let table = [
            json!({"expired-leases-processing": {"max-reclaim-time": 10001}}),
            json!({"expired-leases-processing": {"max-reclaim-time": 10000}}),
            json!({"expired-leases-processing": {"reclaim-timer-wait-time": 65536}}),
            json!({"expired-leases-processing": {"flush-reclaimed-timer-wait-time": -1}}),
            json!({"expired-leases-processing": {"unwarned-reclaim-cycles": 65535}}),
            json!({"expired-leases-processing": {"hold-reclaimed-time": 4294967296_i64}}),
            json!({"expired-leases-processing": {"max-reclaim-leases": -1}}),
            json!({"decline-probation-period": 4294967295_i64}),
            json!({"decline-probation-period": -1}),
            json!({"multi-threading": {"enable-multi-threading": true, "thread-pool-size": 65536}}),
            json!({"multi-threading": {"enable-multi-threading": false, "packet-queue-size": 65535}}),
            json!({"multi-threading": {"thread-pool-size": 4}}),
            json!({"dhcp-queue-control": {"queue-type": "kea-ring4"}}),
            // Kea takes entries it does not name here (schema/rules.rs `open_map`), and still
            // types the ones it names.
            json!({"dhcp-queue-control": {"enable-queue": false, "cipaacty": 5, "x": {"y": [1, "z"]}}}),
            json!({"dhcp-queue-control": {"enable-queue": false, "capacity": "x", "y": null}}),
            json!({"dhcp-ddns": {"server-ip": "127.0.0.1"}}),
            json!({"dhcp-ddns": {"enable-updates": false, "max-queue-size": -1}}),
            json!({"lease-database": {"type": "memfile", "reconnect-wait-time": 4294967296_i64}}),
            json!({"lease-database": {"type": "memfile", "max-reconnect-tries": -1}}),
            json!({"lease-database": {"persist": false}}),
            json!({"sanity-checks": {"lease-checks": "fix-del"}}),
            json!({"sanity-checks": {"lease-checks": "Fix"}}),
            json!({"min-valid-lifetime": 8000}),
            json!({"max-valid-lifetime": 100}),
            json!({"min-valid-lifetime": -1}),
            json!({"max-valid-lifetime": 4294967296_i64}),
            json!({"renew-timer": -1}),
        ];
        let setting = r.pick(&table)?;
        let mut v = v.clone();
        let d = v.get_mut(root_key(v6))?.as_object_mut()?;
        let what = setting.to_string();
        for (k, x) in setting.as_object()? {
            d.insert(k.clone(), x.clone());
        }
        Some((what, pretty(&v)))
    }),
    ("lfc-negative", "semantic", 1, |_, v, _, v6| {
        let mut v = v.clone();
        let d = v.get_mut(root_key(v6))?.as_object_mut()?;
        d.insert("lease-database".into(), json!({"type": "memfile", "lfc-interval": -5}));
        Some(("lease-database lfc-interval -5".into(), pretty(&v)))
    }),
];

fn sub<'a>(v: &'a Value, p: &[Step], key: &str) -> Option<&'a Value> {
    let mut cur = v;
    for s in p {
        cur = match s {
            Step::Key(k) => cur.get(k)?,
            Step::Idx(i) => cur.get(*i)?,
        };
    }
    cur.get(key)
}

/// Append to a global list (created if missing).
fn push_global(v: &mut Value, v6: bool, key: &str, item: Value) -> Option<()> {
    let d = v.get_mut(root_key(v6))?.as_object_mut()?;
    let list = d.entry(key.to_string()).or_insert_with(|| json!([]));
    list.as_array_mut()?.push(item);
    Some(())
}

fn edit_line(text: &str, i: usize, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (k, l) in text.lines().enumerate() {
        if k == i {
            out.push_str(&f(l));
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// All cases for one (adapted, Kea-accepted) seed: the seed itself, then its mutations.
pub fn cases_for_seed(seed: &str, text: &str, v6: bool) -> Vec<Case> {
    let Ok(value) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let mut out =
        vec![Case { id: format!("{seed}/seed/0"), category: "harmless", what: "the seed itself".into(), text: text.to_string(), v6 }];
    for (name, category, variants, op) in OPS {
        for n in 0..*variants {
            let mut rng = Rng::new(seed, name, n);
            if let Some((what, t)) = op(&mut rng, &value, text, v6)
                && t != text
            {
                out.push(Case { id: format!("{seed}/{name}/{n}"), category, what, text: t, v6 });
            }
        }
    }
    out
}
