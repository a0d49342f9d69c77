//! Top-level `if` / `elsif` / `else` → client classes. dhcpd runs a top-level `if` for each
//! client and applies what its branch sets at the top level (below subnets, pools and hosts);
//! Kea does that with a class whose test is the branch's condition (and the negation of the
//! conditions before it): class option-data ranks below subnet, pool and reservation options
//! in Kea as the top level does in dhcpd. A branch is translated when it only sets options,
//! boot fields (filename, server-name, next-server) and default-lease-time; any other
//! branch keeps note M008, and so does an `if` inside a scope (Kea has no class per subnet).

use super::Ctx;
use super::classes;
use crate::dhcpd::ast::{Stmt, TokKind, Token};
use serde_json::{Map, Value};

/// Statements a translated branch may hold (what `classes::class` takes in a class body).
fn translatable(st: &Stmt) -> bool {
    let h = st.head().to_ascii_lowercase();
    st.block.is_none()
        && match h.as_str() {
            "option" => !st.tokens.get(2).is_some_and(|t| t.is_word("code")) && !st.tokens.get(1).is_some_and(|t| t.is_word("space")),
            "filename" | "server-name" | "next-server" | "default-lease-time" => true,
            _ => false,
        }
}

/// The conditions of the chain being read: `if`'s, then each `elsif`'s.
#[derive(Default)]
pub struct Chain {
    conditions: Vec<Vec<Token>>,
    /// Classes made from branches so far, by name (for `overrides`).
    made: Vec<String>,
    /// Classes made from branches that set boot fields (for `finish`).
    boot_fields: Vec<(String, crate::source::Span)>,
}

/// A top-level `if`, `elsif` or `else` (`else if` too). True when translated into a class;
/// false leaves the statement to the caller's note. Other top-level statements end the chain
/// (`end_chain`).
pub fn branch(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>) -> bool {
    branch_within(cx, st, obj, None)
}

/// `if` / `elsif` / `else` inside a class body, read after the class is made (the PXE idiom:
/// a class for PXE clients that picks the boot file by architecture, as Foreman and Cobbler
/// write it). Each branch becomes a class for the members of `parent` that match it (its test:
/// `member('PARENT')` and the branch's condition, the earlier ones negated), made after the
/// parent (Kea needs a class defined before a test names it). dhcpd applies a class's
/// statements above a subnet's, as Kea does a class's boot fields, so no boot field note. A
/// branch that is not translated is noted (M008) on the parent.
pub fn class_branches(cx: &mut Ctx, parent: &str, ifs: Vec<Stmt>, obj: &mut Map<String, Value>) {
    if ifs.is_empty() {
        return;
    }
    let top_level = std::mem::take(&mut cx.chain);
    for st in &ifs {
        if branch_within(cx, st, obj, Some(parent)) {
            continue;
        }
        with_class(cx, parent, |cx, c| classes::not_run_in_class(cx, c, st));
    }
    cx.chain = top_level;
}

/// The class named `name` among those made so far, taken out of `cx.classes` for `f` (which
/// may write notes on it through `cx`) and put back.
fn with_class<R>(cx: &mut Ctx, name: &str, f: impl FnOnce(&mut Ctx, &mut Map<String, Value>) -> R) -> Option<R> {
    let i = cx.classes.iter().position(|c| c.get("name").and_then(Value::as_str) == Some(name))?;
    let Value::Object(mut class) = std::mem::take(&mut cx.classes[i]) else { return None };
    let r = f(cx, &mut class);
    cx.classes[i] = Value::Object(class);
    Some(r)
}

fn branch_within(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, within: Option<&str>) -> bool {
    let t = &st.tokens;
    let head = st.head().to_ascii_lowercase();
    let (kind, cond): (&str, &[Token]) = match head.as_str() {
        "if" => {
            cx.chain.conditions.clear();
            ("if", &t[1..])
        }
        "elsif" => ("elsif", &t[1..]),
        "else" if t.get(1).is_some_and(|w| w.is_word("if")) => ("elsif", &t[2..]),
        "else" => ("else", &[]),
        _ => return false,
    };
    if kind != "if" && cx.chain.conditions.is_empty() {
        // An elsif/else without its if (one with a statement between): not translated.
        return false;
    }
    let before = cx.chain.conditions.clone();
    if kind != "else" {
        cx.chain.conditions.push(cond.to_vec());
    } else {
        cx.chain.conditions.clear();
    }
    if cond.is_empty() && kind != "else" || !st.children().iter().all(translatable) || st.children().is_empty() {
        return false;
    }
    // The test: every earlier condition false, this one true.
    let punct = |p: &str| Token { kind: TokKind::Punct, text: p.into(), span: st.span, latin1: false };
    let word = |w: &str| Token { kind: TokKind::Word, text: w.into(), span: st.span, latin1: false };
    let mut test: Vec<Token> = Vec::new();
    for c in &before {
        if !test.is_empty() {
            test.push(word("and"));
        }
        test.extend([word("not"), punct("(")]);
        test.extend(c.iter().cloned());
        test.push(punct(")"));
    }
    if !cond.is_empty() && test.is_empty() {
        test.extend(cond.iter().cloned());
    } else if !cond.is_empty() {
        test.extend([word("and"), punct("(")]);
        test.extend(cond.iter().cloned());
        test.push(punct(")"));
    }
    let (line, _) = cx.sources.get(st.span.file).line_col(st.span.start as usize);
    let mut name = match within {
        Some(parent) => format!("{parent}-{kind}-line-{line}"),
        None => format!("{kind}-line-{line}"),
    };
    while cx.class_info.iter().any(|c| c.name == name) {
        name.push('+');
    }
    let mut body = vec![Stmt {
        tokens: [word("match"), word("if")].into_iter().chain(test).collect(),
        block: None,
        span: st.span,
        comments: Vec::new(),
    }];
    body.extend(st.children().iter().cloned());
    let class = Stmt {
        tokens: vec![word("class"), Token { kind: TokKind::Str, text: name.as_str().into(), span: st.span, latin1: false }],
        block: Some(body),
        span: st.span,
        comments: st.comments.clone(),
    };
    // A branch whose class would be refused (a condition that is none, `if true`; a bad
    // value) is left to the caller's note, as before: nothing of the attempt is kept.
    let (classes_before, info_before, notes_before, errors_before) =
        (cx.classes.len(), cx.class_info.len(), cx.notes.len(), cx.errors.len());
    classes::class(cx, &class, obj, &[]);
    if cx.errors.len() > errors_before || cx.classes.len() == classes_before {
        cx.classes.truncate(classes_before);
        cx.class_info.truncate(info_before);
        cx.notes.truncate(notes_before);
        cx.errors.truncate(errors_before);
        return false;
    }
    let Some(Value::Object(c)) = cx.classes.get_mut(classes_before) else { return true };
    let boot = ["boot-file-name", "server-hostname", "next-server"].iter().any(|k| c.contains_key(*k));
    let mut c = std::mem::take(c);
    let (msg, way) = match within {
        Some(parent) => {
            if let Some(Value::String(test)) = c.get_mut("test") {
                *test = format!("member('{parent}') and ({test})");
            }
            let msg = format!("`{kind}` in class {parent}: client class `{name}`, for {parent}'s members matching its condition");
            (
                msg,
                "Kea applies the classes of a client in turn; this one after its parent, as dhcpd runs the if after the class's statements before it",
            )
        }
        None => {
            if boot {
                cx.chain.boot_fields.push((name.clone(), st.span));
            }
            cx.chain.made.push(name.clone());
            let msg = format!("top-level `{kind}`: client class `{name}`, its condition as the test");
            (msg, "Kea applies class option-data below subnet, pool and reservation options, as dhcpd applies a top-level if below them")
        }
    };
    cx.note(&mut c, st, "M031", &msg, way, false);
    cx.classes[classes_before] = Value::Object(c);
    true
}

/// What a top-level statement sets that a branch class may set too.
pub enum Setting<'a> {
    /// A Kea key of the class: boot-file-name, server-hostname, next-server, valid-lifetime.
    Field(&'static str),
    /// An option-data entry (matched by space and code).
    Option(&'a Value),
}

/// The class key a top-level parameter statement sets, for those a branch may hold.
pub fn field_of(head: &str) -> Option<&'static str> {
    match head {
        "filename" => Some("boot-file-name"),
        "server-name" => Some("server-hostname"),
        "next-server" => Some("next-server"),
        "default-lease-time" => Some("valid-lifetime"),
        _ => None,
    }
}

/// A top-level statement after a translated `if` that sets what one of its branches sets:
/// dhcpd runs the top level in order for each client, so the later statement wins over the
/// branch for every client (measured: dhcpd 4.4 gave dhclient the later `filename` and
/// `option domain-name`, not the matching branch's), while Kea would let the class win over
/// its global value (measured with kea-dhcp4 2.2). The branch's setting is dead: it is taken
/// out of the class, with an info note there.
pub fn overrides(cx: &mut Ctx, st: &Stmt, what: Setting) {
    let same_option = |a: &Value, b: &Value| a.get("space") == b.get("space") && a.get("code") == b.get("code");
    for name in cx.chain.made.clone() {
        with_class(cx, &name, |cx, class| {
            let removed = match &what {
                Setting::Field(key) => class.remove(*key).is_some().then(|| format!("`{}`", st.head())),
                Setting::Option(d) => {
                    let list = class.get_mut("option-data").and_then(Value::as_array_mut)?;
                    let before = list.len();
                    list.retain(|o| !same_option(o, d));
                    (list.len() < before).then(|| format!("option {}", st.tokens.get(1).map_or("", |t| &*t.text)))
                }
            };
            if class.get("option-data").and_then(Value::as_array).is_some_and(Vec::is_empty) {
                class.remove("option-data");
            }
            let what = removed?;
            let msg = format!("{what} of class `{name}` left out: dhcpd lets this later top-level statement win for every client");
            let way = "dhcpd runs top-level statements in order (the last one wins); Kea would let the class win over a global value";
            cx.note(class, st, "M031", &msg, way, false);
            Some(())
        });
    }
}

/// A top-level statement other than `elsif` / `else`: the chain is over.
pub fn end_chain(cx: &mut Ctx) {
    cx.chain.conditions.clear();
}

/// Kea lets a class's boot fields (boot-file-name, server-hostname, next-server) override a
/// subnet's, shared network's or pool's; dhcpd lets those scopes override a top-level `if`.
/// Where both set one, the translation differs: a lossy note per such class.
pub fn finish(cx: &mut Ctx, root: &Map<String, Value>) {
    const BOOT: [&str; 3] = ["boot-file-name", "server-hostname", "next-server"];
    /// Whether a subnet, shared network or pool under `m` sets the boot field `b`.
    fn scoped(m: &Map<String, Value>, b: &str) -> bool {
        ["subnet4", "shared-networks", "pools"]
            .iter()
            .filter_map(|k| m.get(*k).and_then(Value::as_array))
            .flatten()
            .filter_map(Value::as_object)
            .any(|o| o.contains_key(b) || scoped(o, b))
    }
    for (name, span) in std::mem::take(&mut cx.chain.boot_fields) {
        // Only fields still in the class (a later top-level statement takes them out) and set
        // in some scope too.
        let class = cx.classes.iter().find(|c| c.get("name").and_then(Value::as_str) == Some(&name));
        let shared: Vec<&str> = BOOT.iter().copied().filter(|b| class.is_some_and(|c| c.get(*b).is_some()) && scoped(root, b)).collect();
        if shared.is_empty() {
            continue;
        }
        let msg = format!("class `{name}` (a top-level if) sets {} that subnets, shared networks or pools here set too", shared.join(", "));
        let way = "Kea lets a class's boot-file-name, server-hostname and next-server override a subnet's (dhcpd: the subnet's win over a top-level if); move those settings into the class where they must win";
        cx.file_note_at(span, "M031", msg, way, true);
    }
}
