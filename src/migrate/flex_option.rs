//! `option NAME = EXPR;` at the top level (dhcpd evaluates the expression on each query and
//! sends its bytes as the option's value) → an entry of Kea's flex_option hook, which does
//! the same with a Kea expression: `{"code": N, "supersede": EXPR}`, its string the option's
//! bytes. Only at the top level: the hook's entries apply to every query, where dhcpd's
//! apply in the statement's own scope (elsewhere, note M019 stays).
//!
//! The hook runs when the response is complete. Its entry is `supersede` (the computed value
//! replaces one Kea put in the response itself: Kea 2.2 echoes the client's host name, option
//! 12, where dhcpd sends the computed one), unless the file gives the option in a more
//! specific scope too (a subnet, class or host `option-data`): then `add`, which keeps that
//! scope's value when it is in the response, as dhcpd lets the inner scope win.

use super::isc_expr::Translator;
use super::{Ctx, params};
use crate::dhcpd::ast::{Stmt, Token};
use crate::options::registry::OptionDefs;
use serde_json::{Map, Value, json};

/// A top-level `option NAME = EXPR;` for option `code` of the config's own space (`parent`:
/// the top-level map; `defs`: the file's option definitions): kept for the hook (an earlier
/// top-level value of the option is replaced, as dhcpd takes the last), or Err with why the
/// expression has no Kea equivalent.
pub fn global(
    cx: &mut Ctx,
    defs: &OptionDefs,
    st: &Stmt,
    parent: &mut Map<String, Value>,
    code: u16,
    name: &str,
    expr: &[Token],
) -> Result<(), String> {
    let translator = Translator { universe: cx.universe, defs, aliases: &cx.name_alias };
    let kea = translator.data_expr(expr)?;
    replace(cx, parent, code);
    cx.flex_options.push((code, json!({ "code": code, "supersede": kea })));
    let msg = format!("option {name} is computed from an expression at run time: the flex_option hook computes it as `{kea}`");
    let way = "the hook sets the option in every response, asked for or not (dhcpd sends what the client asks for), unless a subnet, \
               class or host of the file gives it (then that value is kept when sent); where the expression reads an option the \
               query lacks, Kea reads '' where dhcpd sends no option";
    cx.note(parent, st, "M034", &msg, way, false);
    Ok(())
}

/// A later top-level static value of option `code` replaces the hook's entry for it (dhcpd
/// takes the last value; `scope::statement` replaces an earlier `option-data` entry itself).
pub fn overridden(cx: &mut Ctx, code: u16) {
    cx.flex_options.retain(|(c, _)| *c != code);
}

/// A computed value replaces an earlier one, static (the top level's `option-data` entry) or
/// computed.
fn replace(cx: &mut Ctx, parent: &mut Map<String, Value>, code: u16) {
    overridden(cx, code);
    let space = cx.universe.space();
    if let Some(Value::Array(list)) = parent.get_mut("option-data") {
        list.retain(|o| !(o["code"] == json!(code) && o["space"] == json!(space)));
        if list.is_empty() {
            parent.remove("option-data");
        }
    }
}

/// At the end of the file: the hook, with its entries in the file's order (`add` for an
/// option an inner scope gives too, see the module doc).
pub fn finish(cx: &mut Ctx, root: &mut Map<String, Value>) {
    if cx.flex_options.is_empty() {
        return;
    }
    let inner = inner_codes(cx, root);
    let options: Vec<Value> = std::mem::take(&mut cx.flex_options)
        .into_iter()
        .map(|(code, mut e)| {
            if inner.contains(&code)
                && let Some(m) = e.as_object_mut()
                && let Some(x) = m.remove("supersede")
            {
                m.insert("add".into(), x);
            }
            e
        })
        .collect();
    params::add_hook(cx, root, "libdhcp_flex_option.so", Some(json!({ "options": options })));
}

/// Codes of the config's own space given in an `option-data` below the top level: subnets,
/// shared networks, pools, classes, and the reservations (kept apart from the tree).
fn inner_codes(cx: &Ctx, root: &Map<String, Value>) -> std::collections::HashSet<u16> {
    fn walk(v: &Value, space: &Value, codes: &mut std::collections::HashSet<u16>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "option-data" {
                        let of_space = x.as_array().into_iter().flatten().filter(|o| &o["space"] == space);
                        codes.extend(of_space.filter_map(|o| o["code"].as_u64()).map(|c| c as u16));
                    } else {
                        walk(x, space, codes);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, space, codes)),
            _ => {}
        }
    }
    let space = json!(cx.universe.space());
    let mut codes = std::collections::HashSet::new();
    for (_, x) in root.iter().filter(|(k, _)| *k != "option-data") {
        walk(x, &space, &mut codes);
    }
    let entries = cx.global_reservations.iter().chain(cx.reservation_lists.iter().flatten());
    for e in entries.filter(|e| matches!(e, super::out::Entry::Map(_))) {
        walk(&e.to_json(), &space, &mut codes);
    }
    codes
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn dhcp4(text: &str) -> serde_json::Value {
        let (conf, diags) = crate::dhcpd::parse_str("t.conf", text, None);
        assert!(diags.is_empty(), "{diags:?}");
        let mut m = super::super::migrate(conf.stmts.into_iter(), &conf.sources, &Default::default());
        m.config["Dhcp4"].take()
    }

    /// dhcpd takes the last top-level value of an option, static or computed.
    #[test]
    fn the_last_top_level_value_wins() {
        let expr = "option host-name = concat(\"h-\", option host-name);\n";
        let fixed = "option host-name \"fixed\";\noption domain-name \"d\";\n";
        let d = dhcp4(&format!("{expr}{fixed}"));
        assert_eq!(d.get("hooks-libraries"), None, "{d}");
        assert_eq!(d["option-data"][0]["data"], "fixed", "{d}");
        let d = dhcp4(&format!("{fixed}{expr}"));
        assert_eq!(d["option-data"].as_array().map(Vec::len), Some(1), "{d}");
        assert_eq!(d["option-data"][0]["name"], "domain-name", "{d}");
        let options = &d["hooks-libraries"][0]["parameters"]["options"];
        assert_eq!(options, &json!([{"code": 12, "supersede": "concat('h-', option[12].hex)"}]));
        // Twice computed: the last expression.
        let d = dhcp4(&format!("{expr}{}", expr.replace("h-", "x-")));
        assert_eq!(d["hooks-libraries"][0]["parameters"]["options"], json!([{"code": 12, "supersede": "concat('x-', option[12].hex)"}]));
    }

    /// A host's own value of the option is kept (`add`), as dhcpd lets the host scope win.
    #[test]
    fn an_inner_value_makes_the_entry_add() {
        let d = dhcp4(
            "option host-name = concat(\"h-\", option host-name);\n\
             host a { hardware ethernet 00:11:22:33:44:55; option host-name \"a\"; }\n",
        );
        assert_eq!(d["hooks-libraries"][0]["parameters"]["options"], json!([{"code": 12, "add": "concat('h-', option[12].hex)"}]));
    }
}
