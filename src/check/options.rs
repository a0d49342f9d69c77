//! option-def and option-data at every scope, validated with the shared option engine
//! (`crate::options`). Rules and messages follow what `kea-dhcp4 -t` / `kea-dhcp6 -t` 2.2
//! reject (each verified, see tests/check_options.rs):
//! - option-def: name, code and type are required; names and spaces use letters, digits,
//!   `-`, `_` (not starting or ending with `-`); v4 codes fit 8 bits, and in `dhcp4` 0 (PAD)
//!   and 255 (END) are reserved, v6 codes fit 16 bits and 0 is reserved in `dhcp6`; a
//!   standard option of the top-level space cannot be redefined, by code or by name; one
//!   name and one code per space; `array` is not allowed for string, binary, empty;
//!   a record needs two or more `record-types`, none of them record or empty, with string
//!   or binary only last; `record-types` with another type is an error.
//! - option-data: a name or a code; a known space (the other universe's top space is
//!   reserved); a code in range; name and code agreeing with the definition; with no
//!   definition, `csv-format: false` and hex data; data that fits the definition.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{Dhcp, OptionData, OptionDefCfg, SStr};
use crate::options::{CodecErrorKind, CustomDef, OptionDef, OptionDefs, OptionType, encode_detailed, valid_name};
use crate::source::Span;
use crate::syntax::lexer::raw_offset;
use crate::universe::Universe;
use std::ops::Range;

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    let mut defs = OptionDefs::standard(dhcp.universe);
    add_defs(cx, &mut defs, dhcp.option_defs());
    super::flex_option::check(cx, dhcp, &defs);
    data_list(cx, &defs, dhcp.option_data.as_deref());
    for class in dhcp.client_classes() {
        // A class's own option-defs apply to its option-data only.
        let class_defs = match class.option_def.as_deref() {
            Some(list) => {
                let mut d = defs.clone();
                add_defs(cx, &mut d, list);
                Some(d)
            }
            None => None,
        };
        data_list(cx, class_defs.as_ref().unwrap_or(&defs), class.option_data.as_deref());
    }
    for net in dhcp.shared_networks.iter().flatten() {
        data_list(cx, &defs, net.option_data.as_deref());
    }
    for (_, s) in dhcp.all_subnets() {
        data_list(cx, &defs, s.option_data.as_deref());
        for p in s.pools() {
            data_list(cx, &defs, p.option_data.as_deref());
        }
        for p in s.pd_pools() {
            data_list(cx, &defs, p.option_data.as_deref());
        }
        for r in s.reservations() {
            data_list(cx, &defs, r.option_data.as_deref());
        }
    }
    for r in dhcp.reservations.iter().flatten() {
        data_list(cx, &defs, r.option_data.as_deref());
    }
}

/// Largest code an option may have in this universe.
pub(super) fn max_code(u: Universe) -> i64 {
    match u {
        Universe::V4 => 255,
        Universe::V6 => 65535,
    }
}

/// Kea's reserved codes of the top-level space: PAD and END in DHCPv4, 0 in DHCPv6.
pub(super) fn reserved_code(u: Universe, space: &str, code: i64) -> Option<&'static str> {
    match (u, code) {
        (Universe::V4, 0) if space == "dhcp4" => Some("code 0 is PAD"),
        (Universe::V4, 255) if space == "dhcp4" => Some("code 255 is END"),
        (Universe::V6, 0) if space == "dhcp6" => Some("code 0 is reserved"),
        _ => None,
    }
}

/// Kea lets a config redefine DHCPv4 option 43 (vendor-encapsulated-options), whose
/// content is vendor specific (verified: an option-def for code 43, type binary, with any
/// name passes `kea-dhcp4 -t`; the Kea examples advanced.json and vendor-specific.json do it).
fn redefinable(u: Universe, space: &str, code: u16) -> bool {
    u == Universe::V4 && space == "dhcp4" && code == 43
}

fn other_top(u: Universe) -> &'static str {
    match u {
        Universe::V4 => "dhcp6",
        Universe::V6 => "dhcp4",
    }
}

/// Check a list of option-defs and add the valid ones to `defs`.
fn add_defs(cx: &mut Ctx, defs: &mut OptionDefs, list: &[OptionDefCfg]) {
    let u = defs.universe;
    let mut seen: Vec<(String, String, u16, Span)> = Vec::new();
    for d in list {
        if let Some(c) = check_def(cx, u, d) {
            let name_span = d.name.as_ref().map(|n| n.span).unwrap_or(d.span);
            let code_span = d.code.as_ref().map(|n| n.span).unwrap_or(d.span);
            if let Some(first) = seen.iter().find(|s| s.0 == *c.space && s.1 == *c.name) {
                cx.push(
                    Diagnostic::error("duplicate-option-def", format!("option `{}` is defined twice in space `{}`", c.name, c.space))
                        .at(name_span, "second definition")
                        .related(first.3, "first definition")
                        .help("remove one of the definitions"),
                );
                continue;
            }
            if let Some(first) = seen.iter().find(|s| s.0 == *c.space && s.2 == c.code) {
                cx.push(
                    Diagnostic::error(
                        "duplicate-option-def",
                        format!("code {} is defined twice in space `{}` (as `{}` and `{}`)", c.code, c.space, first.1, c.name),
                    )
                    .at(code_span, "second definition of this code")
                    .related(first.3, "first definition")
                    .help("give each option its own code"),
                );
                continue;
            }
            seen.push((c.space.to_string(), c.name.to_string(), c.code, name_span));
            defs.add(c);
        }
    }
}

/// One option-def entry: the definition when it is valid, diagnostics otherwise.
fn check_def(cx: &mut Ctx, u: Universe, d: &OptionDefCfg) -> Option<CustomDef> {
    let mut ok = true;
    for (present, key) in [(d.name.is_some(), "name"), (d.code.is_some(), "code"), (d.ty.is_some(), "type")] {
        if !present && !d.rest.iter().any(|m| &*m.key == key) {
            cx.push(
                Diagnostic::error("missing-option-def-field", format!("option-def without `{key}`"))
                    .at(d.span, format!("`{key}` is required"))
                    .help("an option-def needs name, code and type"),
            );
            ok = false;
        }
    }
    let space = d.space.as_ref().map(|s| s.as_str()).unwrap_or(u.space());
    if let Some(s) = &d.space
        && !valid_name(s.as_str())
    {
        cx.push(bad_name("invalid-option-space", "option space name", s));
        ok = false;
    }
    if let Some(e) = d.encapsulate.as_ref().filter(|e| !e.value.is_empty()) {
        if !valid_name(e.as_str()) {
            cx.push(bad_name("invalid-option-space", "encapsulated option space name", e));
            ok = false;
        } else if e.as_str() == space {
            // kea-dhcp4 2.2 and 3.0.4: "option must not encapsulate an option space it belongs to"
            cx.push(
                Diagnostic::error("bad-option-def", format!("an option of space `{space}` encapsulates `{space}` itself"))
                    .at(e.span, "its own space")
                    .help("encapsulate a space of its own sub-options, e.g. \"my-sub-options\""),
            );
            ok = false;
        }
    }
    if let Some(n) = &d.name {
        if !valid_name(n.as_str()) {
            cx.push(bad_name("invalid-option-name", "option name", n));
            ok = false;
        } else if space == u.space()
            && let Some(std) =
                OptionDefs::std_by_name(u, space, n.as_str()).filter(|s| !redefinable(u, space, s.code) && s.since <= cx.opts.version)
        {
            cx.push(
                Diagnostic::error("std-option-redefined", format!("`{}` is a standard option of space `{space}`", n.as_str()))
                    .at(n.span, format!("standard option (code {})", std.code))
                    .help("Kea does not allow redefining standard options; pick another name, or use the standard option as it is"),
            );
            ok = false;
        }
    }
    let mut code16 = 0u16;
    if let Some(c) = &d.code {
        if let Some(why) = code_problem(u, space, c.value) {
            cx.push(
                Diagnostic::error("option-code-out-of-range", format!("invalid option code {}", c.value))
                    .at(c.span, why)
                    .help(code_help(u)),
            );
            ok = false;
        } else {
            code16 = c.value as u16;
            if space == u.space()
                && !redefinable(u, space, code16)
                && let Some(std) = OptionDefs::std_by_code(u, space, code16).filter(|s| s.since <= cx.opts.version)
            {
                cx.push(
                    Diagnostic::error(
                        "std-option-redefined",
                        format!("code {} is the standard option `{}` in space `{space}`", c.value, std.name),
                    )
                    .at(c.span, "standard option code")
                    .help("Kea does not allow redefining standard options; use a free code (e.g. 224-254 in DHCPv4, site-specific)"),
                );
                ok = false;
            }
        }
    }
    let ty = d.ty.as_ref().and_then(|t| match OptionType::from_name(t.as_str()).filter(|t| t.configurable()) {
        Some(ty) => Some(ty),
        None => {
            let names: Vec<&str> = OptionType::ALL.iter().filter(|(t, _)| t.configurable()).map(|(_, n)| *n).collect();
            let mut diag =
                Diagnostic::error("bad-option-type", format!("unknown option type `{}`", t.as_str())).at(t.span, "not an option type");
            diag = diag.help(match did_you_mean(t.as_str(), names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Types: {}", names.join(", ")),
                None => format!("types: {}", names.join(", ")),
            });
            cx.push(diag);
            None
        }
    });
    let ty = ty?;
    let array = d.array.as_ref().is_some_and(|a| a.value);
    if array && !ty.arrayable() {
        let span = d.array.as_ref().map(|a| a.span).unwrap_or(d.span);
        cx.push(
            Diagnostic::error("bad-option-def", format!("an array of {} is not a valid option definition", ty.name()))
                .at(span, "not allowed for this type")
                .help("a string or binary value already takes all remaining bytes; use one value, or a tuple array for a list of strings"),
        );
        ok = false;
    }
    let mut record_types = Vec::new();
    let rt_text = d.record_types.as_ref().map(|r| r.as_str()).unwrap_or("");
    if ty == OptionType::Record {
        let rt = d.record_types.as_ref();
        let fields: Vec<(&str, Range<usize>)> = split_fields(rt_text);
        let doc = cx.doc;
        let span_of = |r: &Range<usize>| rt.map(|s| inner_span(doc, s, r.clone())).unwrap_or(d.span);
        if fields.len() < 2 {
            cx.push(
                Diagnostic::error("bad-option-def", format!("a record needs at least 2 fields, {} given", fields.len()))
                    .at(rt.map(|s| s.span).or(d.ty.as_ref().map(|t| t.span)).unwrap_or(d.span), "record-types")
                    .help("list the field types in `record-types`, e.g. \"uint8, ipv4-address\""),
            );
            ok = false;
        }
        let n = fields.len();
        for (i, (f, r)) in fields.iter().enumerate() {
            match OptionType::from_name(f) {
                Some(t) if t.in_record() => {
                    if t.takes_rest() && i + 1 < n {
                        cx.push(
                            Diagnostic::error("bad-option-def", format!("a {f} field must be the last field of a record"))
                                .at(span_of(r), "takes all remaining bytes")
                                .help("move it to the end of record-types"),
                        );
                        ok = false;
                    }
                    // kea-dhcp4 2.2 and 3.0.4: "array of strings is not a valid option
                    // definition" (binary too) when such a record repeats.
                    if t.takes_rest() && i + 1 == n && d.array.as_ref().is_some_and(|a| a.value) {
                        cx.push(
                            Diagnostic::error(
                                "bad-option-def",
                                format!("an array of records ending in {f} is not a valid option definition"),
                            )
                            .at(span_of(r), "takes all remaining bytes")
                            .help("a repeated record needs fixed-size fields; use a tuple for text"),
                        );
                        ok = false;
                    }
                    record_types.push(t);
                }
                _ => {
                    cx.push(Diagnostic::error("bad-option-def", format!("`{f}` cannot be a record field")).at(span_of(r), "invalid record field type").help("record fields are binary, boolean, fqdn, ipv4-address, ipv6-address, ipv6-prefix, psid, string, tuple or an integer type"));
                    ok = false;
                }
            }
        }
    } else if !rt_text.trim().is_empty() {
        let span = d.record_types.as_ref().map(|r| r.span).unwrap_or(d.span);
        cx.push(
            Diagnostic::error("bad-option-def", format!("record-types given for type `{}`", ty.name()))
                .at(span, "only for type record")
                .help("set \"type\": \"record\", or remove record-types"),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(CustomDef {
        name: d.name.as_ref()?.value.clone(),
        code: code16,
        space: space.into(),
        ty,
        array,
        record_types,
        encapsulate: d.encapsulate.as_ref().filter(|e| !e.value.is_empty()).map(|e| e.value.clone()),
    })
}

/// `record-types` fields: comma separated, trimmed, empty ones skipped (as Kea does).
fn split_fields(s: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in s.split(',') {
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        if !t.is_empty() {
            out.push((t, at + lead..at + lead + t.len()));
        }
        at += part.len() + 1;
    }
    out
}

fn code_problem(u: Universe, space: &str, code: i64) -> Option<String> {
    if code < 0 || code > max_code(u) {
        return Some(format!("must be 0..{} in DHCP{}", max_code(u), if u == Universe::V4 { "v4" } else { "v6" }));
    }
    reserved_code(u, space, code).map(String::from)
}

fn code_help(u: Universe) -> &'static str {
    match u {
        Universe::V4 => "DHCPv4 option codes are 1..254 in the dhcp4 space (0 is PAD, 255 is END) and 0..255 in other spaces",
        Universe::V6 => "DHCPv6 option codes are 1..65535 in the dhcp6 space and 0..65535 in other spaces",
    }
}

fn bad_name(code: &'static str, what: &str, s: &SStr) -> Diagnostic {
    Diagnostic::error(code, format!("invalid {what} `{}`", s.as_str()))
        .at(s.span, "invalid name")
        .help(format!("use {}", crate::options::NAME_RULE))
}

fn data_list(cx: &mut Ctx, defs: &OptionDefs, list: Option<&[OptionData]>) {
    for o in list.unwrap_or(&[]) {
        option_data(cx, defs, o);
    }
}

/// One option-data entry.
fn option_data(cx: &mut Ctx, defs: &OptionDefs, o: &OptionData) {
    let u = defs.universe;
    let space = o.space.as_ref().map(|s| s.as_str()).unwrap_or(u.space());
    if let Some(s) = &o.space {
        if !valid_name(s.as_str()) {
            cx.push(bad_name("invalid-option-space", "option space name", s));
            return;
        }
        if s.as_str() == other_top(u) {
            cx.push(
                Diagnostic::error("invalid-option-space", format!("space `{}` belongs to the other DHCP server", s.as_str()))
                    .at(s.span, "reserved space")
                    .help(format!("options of this server live in `{}` or in sub-option spaces", u.space())),
            );
            return;
        }
    }
    let name = o.name.as_ref();
    let code = o.code.as_ref();
    if name.is_none() && code.is_none() {
        if !o.rest.iter().any(|m| &*m.key == "name" || &*m.key == "code") {
            cx.push(
                Diagnostic::error("option-without-name", "option-data without `name` or `code`")
                    .at(o.span, "which option is this?")
                    .help("add \"name\" (e.g. \"domain-name-servers\") or \"code\""),
            );
        }
        return;
    }
    if let Some(c) = code
        && let Some(why) = code_problem(u, space, c.value)
    {
        cx.push(
            Diagnostic::error("option-code-out-of-range", format!("invalid option code {}", c.value)).at(c.span, why).help(code_help(u)),
        );
        return;
    }
    let by_code = code.and_then(|c| defs.by_code(space, c.value as u16));
    let by_name = name.and_then(|n| defs.by_name(space, n.as_str()));
    let def = match (name, code, by_name, by_code) {
        (Some(n), Some(c), _, Some(d)) if d.name != n.as_str() => {
            cx.push(
                Diagnostic::error("option-name-code-mismatch", format!("option `{}` does not have code {}", n.as_str(), c.value))
                    .at(n.span, format!("code {} is `{}`", c.value, d.name))
                    .related(c.span, "code given here")
                    .help(match by_name {
                        Some(b) => format!("`{}` is code {}; fix the name or the code, or give only one of them", n.as_str(), b.code),
                        None => format!("use \"name\": \"{}\", or give only the code", d.name),
                    }),
            );
            return;
        }
        (Some(n), Some(c), Some(b), None) if i64::from(b.code) != c.value => {
            cx.push(
                Diagnostic::error("option-name-code-mismatch", format!("option `{}` does not have code {}", n.as_str(), c.value))
                    .at(c.span, format!("`{}` is code {}", n.as_str(), b.code))
                    .help("fix the code, or give only the name"),
            );
            return;
        }
        (_, _, _, Some(d)) => Some(d),
        (_, _, Some(d), None) => Some(d),
        (Some(n), None, None, None) => {
            let mut diag = Diagnostic::error("unknown-option", format!("unknown option `{}` in space `{space}`", n.as_str()))
                .at(n.span, "no definition with this name");
            diag = diag.help(match did_you_mean(n.as_str(), defs.names_in(space)) {
                Some(s) => format!("did you mean `{s}`?"),
                None if !defs.space_is_known(space) => {
                    format!("space `{space}` has no definitions: add an option-def for `{}` in it", n.as_str())
                }
                None => format!("define it with an option-def in space `{space}`, or use a standard option name"),
            });
            cx.push(diag);
            return;
        }
        _ => None,
    };
    let csv = o.csv_format.as_ref().is_none_or(|c| c.value);
    let Some(def) = def else {
        // No definition for this code: Kea takes the data as hex, but only if csv-format
        // is false ("definition for the option 'dhcp4.' having code '222' does not exist").
        let c = code.expect("code present when no definition was found by code");
        if csv {
            cx.push(
                Diagnostic::error("unknown-option", format!("no definition for option code {} in space `{space}`", c.value))
                    .at(c.span, "undefined option code")
                    .help("add an option-def for it, or set \"csv-format\": false and give the data in hex"),
            );
            return;
        }
        if let Some(d) = &o.data
            && let Err(e) = crate::options::hex::parse_option_hex(d.as_str())
        {
            cx.push(
                data_error(cx, d, e.range, format!("option data is not valid hex: {}", e.message), false)
                    .help("with \"csv-format\": false, write bytes as hex: \"0a0b0c\", \"0x0a0b0c\", \"0a:0b:0c\" or \"0a 0b 0c\""),
            );
        }
        return;
    };
    if def.since > cx.opts.version {
        let at = name.map(|n| n.span).or(code.map(|c| c.span)).unwrap_or(o.span);
        cx.push(
            Diagnostic::error(
                "unknown-option",
                format!("option `{}` is not defined in Kea {} (added in {})", def.name, cx.opts.version, def.since),
            )
            .at(at, format!("needs Kea {} or later", def.since))
            .help(format!("target Kea {} or later, or add an option-def for it", def.since)),
        );
        return;
    }
    check_data(cx, &def, o, csv);
}

fn check_data(cx: &mut Ctx, def: &OptionDef, o: &OptionData, csv: bool) {
    let text = o.data.as_ref().map(|d| d.as_str()).unwrap_or("");
    match encode_detailed(def, text, csv) {
        Ok(enc) => {
            if let Some(d) = &o.data {
                for (r, msg) in enc.warnings {
                    let span = inner_span(cx.doc, d, r);
                    cx.push(
                        Diagnostic::warning("option-data-ignored", msg)
                            .at(span, "Kea accepts this but does not send it as written")
                            .help(format!("`{}` is {}", def.name, def.type_text())),
                    );
                }
            }
        }
        Err(e) if e.kind == CodecErrorKind::Unsupported => {}
        Err(e) => {
            let msg = format!("data of option `{}` does not match its definition: {}", def.name, e.message);
            match &o.data {
                Some(d) => cx.push(data_error(cx, d, e.range, msg, csv).help(type_help(def, csv))),
                None => cx.push(Diagnostic::error("bad-option-data", msg).at(o.span, "no `data`").help(type_help(def, csv))),
            }
        }
    }
}

fn type_help(def: &OptionDef, csv: bool) -> String {
    if !csv {
        return format!(
            "with \"csv-format\": false the data is hex bytes that must form {} (e.g. \"0a 0b\" or \"0a:0b\")",
            def.type_text()
        );
    }
    let example = match def.fields().first().copied().unwrap_or(def.ty) {
        OptionType::Ipv4Address => "192.0.2.1",
        OptionType::Ipv6Address => "2001:db8::1",
        OptionType::Fqdn => "example.com",
        OptionType::Boolean => "true",
        OptionType::Ipv6Prefix => "2001:db8::/48",
        OptionType::Psid => "3/4",
        OptionType::Binary => "0a0b0c",
        OptionType::String | OptionType::Tuple => "text",
        _ => "10",
    };
    let many = if def.array || def.ty == OptionType::Record { " (comma-separated values)" } else { "" };
    format!("`{}` is {}{many}, e.g. \"{example}\"", def.name, def.type_text())
}

fn data_error(cx: &Ctx, d: &SStr, r: Range<usize>, msg: String, _csv: bool) -> Diagnostic {
    Diagnostic::error("bad-option-data", msg).at(inner_span(cx.doc, d, r), "here")
}

/// The span of a byte range of a string value's decoded text, inside its quotes.
fn inner_span(doc: &crate::syntax::Document, s: &SStr, r: Range<usize>) -> Span {
    let raw = doc.sources.text(s.span);
    if !raw.starts_with('"') || r.start >= r.end {
        return s.span;
    }
    let a = raw_offset(raw, r.start);
    let b = raw_offset(raw, r.end).max(a + 1).min(raw.len());
    s.span.sub(a, b)
}

/// The closest name within a small edit distance.
fn did_you_mean<'a>(word: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    crate::suggest::within(word, names, (word.len() / 3).max(2))
}
