//! `option ...` statements: definitions (`option NAME code N = TYPE;`, `option space ...`)
//! become `option-def`s registered in `crate::options::OptionDefs`; data statements
//! (`option NAME VALUE, ...;`) become `option-data` entries whose `data` text is checked
//! with `crate::options::codec` against the definition Kea will use.

use super::Ctx;
use crate::dhcpd::ast::{Stmt, TokKind, Token};
use crate::options::registry::CustomDef;
use crate::options::types::{OptionDef, OptionType};
use crate::universe::Universe;
use serde_json::{Map, Value, json};

/// ISC option space names → Kea's (dhcp-options(5) vs the Kea ARM).
pub fn kea_space(u: Universe, isc: &str) -> String {
    match (u, isc) {
        (Universe::V4, "dhcp") => "dhcp4".into(),
        (Universe::V4, "agent") => "dhcp-agent-options-space".into(),
        (Universe::V4, "vendor-encapsulated-options") => "vendor-encapsulated-options-space".into(),
        (Universe::V6, "dhcp6") => "dhcp6".into(),
        (_, s) => s.into(),
    }
}

/// ISC option names that Kea spells differently (same code, same format).
fn kea_name(u: Universe, space: &str, isc: &str) -> String {
    let n = match (u, space, isc) {
        (Universe::V6, "dhcp6", "name-servers") => "dns-servers",
        (Universe::V6, "dhcp6", "client-id") => "clientid",
        (Universe::V6, "dhcp6", "server-id") => "serverid",
        (Universe::V6, "dhcp6", "domain-search") => "domain-search",
        (Universe::V6, "dhcp6", "sntp-servers") => "sntp-servers",
        (Universe::V6, "dhcp6", "nis-servers") => "nis-servers",
        (Universe::V6, "dhcp6", "nisp-servers") => "nisp-servers",
        (Universe::V6, "dhcp6", "nis-domain-name") => "nis-domain-name",
        (Universe::V6, "dhcp6", "nisp-domain-name") => "nisp-domain-name",
        (Universe::V6, "dhcp6", "info-refresh-time") => "information-refresh-time",
        (Universe::V6, "dhcp6", "bcms-server-d") => "bcmcs-server-dns",
        (Universe::V6, "dhcp6", "bcms-server-a") => "bcmcs-server-addr",
        (Universe::V6, "dhcp6", "geoconf-civic") => "geoconf-civic",
        (Universe::V6, "dhcp6", "remote-id") => "remote-id",
        (Universe::V6, "dhcp6", "subscriber-id") => "subscriber-id",
        (Universe::V6, "dhcp6", "fqdn") => "client-fqdn",
        (Universe::V6, "dhcp6", "vendor-opts") => "vendor-opts",
        (Universe::V6, "dhcp6", "sip-servers-names") => "sip-server-dns",
        (Universe::V6, "dhcp6", "sip-servers-addresses") => "sip-server-addr",
        (Universe::V6, "dhcp6", "dhcp4-o-dhcp6-server") => "dhcp4o6-server-addr",
        (Universe::V4, "dhcp4", n) => V4_SPELLINGS.iter().find(|(d, _)| *d == n).map_or(n, |(_, k)| k),
        (_, _, n) => n,
    };
    n.to_string()
}

/// dhcpd's names for DHCPv4 options Kea has under another name (the RFCs', mostly; same code
/// and format): (dhcpd, Kea).
const V4_SPELLINGS: [(&str, &str); 8] = [
    ("bootfile-name", "boot-file-name"),
    ("ien116-name-servers", "name-servers"),
    ("nwip-domain", "nwip-domain-name"),
    ("nisplus-domain", "nisplus-domain-name"),
    ("pxe-system-type", "client-system"),
    ("pxe-interface-id", "client-ndi"),
    ("pxe-client-id", "uuid-guid"),
    ("default-url", "v4-captive-portal"),
];

/// Split `space.name` (ISC's qualified option names) into Kea space and name.
pub fn split_name(u: Universe, tok: &str) -> (String, String) {
    match tok.split_once('.') {
        Some((s, n)) => {
            let space = kea_space(u, s);
            let name = kea_name(u, &space, n);
            (space, name)
        }
        None => (u.space().to_string(), kea_name(u, u.space(), tok)),
    }
}

/// An ISC type (`unsigned integer 16`, `array of ip-address`, `{ text, boolean }`) from
/// tokens; returns (type, array, record fields, encapsulated space) or an error message.
fn parse_type(toks: &[Token], u: Universe) -> Result<(OptionType, bool, Vec<OptionType>, Option<String>), String> {
    let words: Vec<&str> = toks.iter().map(|t| &*t.text).collect();
    let mut i = 0;
    let mut array = false;
    if words.len() >= 2 && words[0] == "array" && words[1] == "of" {
        array = true;
        i = 2;
    }
    if words.get(i) == Some(&"encapsulate") {
        let sp = words.get(i + 1).ok_or("`encapsulate` needs an option space name")?;
        // dhcpd wants a space identifier here (a quoted or dotted name is a syntax error
        // there; Kea rejects such a space name too: found by the `dhcpd` fuzz target).
        let word = toks[i + 1].kind == TokKind::Word;
        if !word {
            return Err(format!("`encapsulate` takes the option space's name unquoted: `encapsulate {sp}`"));
        }
        if !crate::options::valid_name(sp) {
            return Err(format!("`{sp}` is not an option space name ({}, as in `option space NAME;`)", crate::options::NAME_RULE));
        }
        return Ok((OptionType::Empty, false, Vec::new(), Some(kea_space(u, sp))));
    }
    let (ty, rest) = one_type(&words[i..])?;
    if !rest.is_empty() {
        return Err(format!("unexpected `{}` after the type", rest.join(" ")));
    }
    Ok((ty, array, Vec::new(), None))
}

/// One scalar ISC type at the start of `w`; returns it and the remaining words.
fn one_type<'a, 'b>(w: &'b [&'a str]) -> Result<(OptionType, &'b [&'a str]), String> {
    use OptionType as T;
    let int = |signed: bool, bits: Option<&&str>| -> Result<T, String> {
        Ok(match (signed, bits.copied()) {
            (false, Some("8")) => T::Uint8,
            (false, Some("16")) => T::Uint16,
            (false, Some("32")) => T::Uint32,
            (true, Some("8")) => T::Int8,
            (true, Some("16")) => T::Int16,
            (true, Some("32")) => T::Int32,
            (_, b) => return Err(format!("integer width must be 8, 16 or 32, not {}", b.unwrap_or("nothing"))),
        })
    };
    Ok(match w.first().copied() {
        Some("unsigned") if w.get(1) == Some(&"integer") => (int(false, w.get(2))?, &w[3.min(w.len())..]),
        Some("signed") if w.get(1) == Some(&"integer") => (int(true, w.get(2))?, &w[3.min(w.len())..]),
        // ISC's plain `integer N` is signed (keama maps it to intN).
        Some("integer") => (int(true, w.get(1))?, &w[2.min(w.len())..]),
        Some("ip-address") => (T::Ipv4Address, &w[1..]),
        Some("ip6-address") => (T::Ipv6Address, &w[1..]),
        Some("boolean") => (T::Boolean, &w[1..]),
        Some("text") => (T::String, &w[1..]),
        Some("string") => (T::Binary, &w[1..]),
        Some("domain-name") => (T::Fqdn, &w[1..]),
        Some("zerolen") => (T::Empty, &w[1..]),
        Some(other) => return Err(format!("unknown option type `{other}`")),
        None => return Err("missing option type".into()),
    })
}

/// `option [SPACE.]NAME code N = TYPE;` → an option-def entry (added to the registry).
pub fn definition(cx: &mut Ctx, st: &Stmt) -> Option<Value> {
    let t = &st.tokens;
    let v4 = v4_in_v6(cx, &t[1].text);
    let (space, name) = cx.split_name(&t[1].text);
    // `option vendor.NAME code ENTERPRISE = encapsulate SPACE;`: ISC's vendor (VIVSO) space
    // dispatches on the enterprise number; Kea calls that space `vendor-ENTERPRISE`.
    if (space == "vendor" || space == "vsio")
        && let (Some(code), Some(sp)) =
            (t.get(3).and_then(|c| c.text.parse::<u32>().ok()), t.get(6).filter(|_| t.get(5).is_some_and(|e| e.is_word("encapsulate"))))
    {
        let isc = sp.text.to_string();
        cx.space_alias.push((isc, format!("vendor-{code}")));
        return None;
    }
    let code: Option<u16> = t.get(3).and_then(|c| c.text.parse().ok());
    let Some(code) = code else {
        cx.error(st, t.get(3).unwrap_or(&t[1]), "option code must be a number from 1 to 65535", "write `option NAME code N = TYPE;`");
        return None;
    };
    if !crate::options::types::valid_name(&name) || !crate::options::types::valid_name(&space) {
        cx.error(
            st,
            &t[1],
            &format!("`{}` is not a valid option name", t[1].text),
            &format!("option and space names are {} (Kea's rule)", crate::options::NAME_RULE),
        );
        return None;
    }
    if cx.universe == Universe::V4 && space == "dhcp6" {
        cx.error(st, &t[1], "a DHCPv6 option in a DHCPv4 config", "migrate this file with -6");
        return None;
    }
    if cx.universe == Universe::V4 && (code == 0 || code > 254) && space != "vendor" {
        cx.error(st, &t[3], &format!("DHCPv4 option codes are 1 to 254, not {code}"), "");
        return None;
    }
    // Code 0 is reserved in DHCPv6 (RFC 8415, section 21); Kea refuses it in the dhcp6 space
    // (dhcpd takes it: found by the `dhcpd` fuzz target).
    if cx.universe == Universe::V6 && space == "dhcp6" && code == 0 && v4.is_none() {
        cx.error(st, &t[3], "DHCPv6 option code 0 is reserved", "standard DHCPv6 options are numbered 1 to 65535");
        return None;
    }
    if !t.get(4).is_some_and(|e| e.is_punct("=")) {
        cx.error(st, t.get(4).unwrap_or(&t[3]), "expected `=` after the option code", "write `option NAME code N = TYPE;`");
        return None;
    }
    let tys = &t[5..];
    // `domain-list [compressed]` is an array of FQDNs.
    let words: Vec<&str> = tys.iter().map(|t| &*t.text).collect();
    let parsed = if words.first() == Some(&"domain-list") {
        Ok((OptionType::Fqdn, true, Vec::new(), None))
    } else if tys.first().is_some_and(|x| x.is_punct("{")) {
        let inner = &tys[1..tys.len().saturating_sub(1).max(1)];
        // A record of one field (`{ ip-address }`, Cisco's option 150) is that field's type:
        // the same bytes, and Kea wants two fields or more in a record.
        record_fields(inner).map(|(f, a)| match f[..] {
            [one] => (one, a, Vec::new(), None),
            _ => (OptionType::Record, a, f, None),
        })
    } else {
        parse_type(tys, cx.universe)
    };
    let (ty, array, record, encap) = match parsed {
        Ok((OptionType::String, true, _, _)) => {
            cx.error(
                st,
                &t[5],
                "arrays of text are not supported (by dhcpd nor Kea)",
                "use a single text option, or `array of domain-name` for names",
            );
            return None;
        }
        Ok(x) => x,
        Err(m) => {
            cx.error(st, tys.first().unwrap_or(&t[t.len() - 1]), &m, "types: [array of] [un]signed integer 8|16|32, ip-address, ip6-address, boolean, text, string, domain-name, domain-list, zerolen, encapsulate SPACE");
            return None;
        }
    };
    // Without a space, dhcpd -6 defines a DHCPv4 option (its type checked all the same).
    if let Some(n) = v4 {
        let message = format!(
            "option {} code {code}: a DHCPv4 option to dhcpd -6 (no space named), which a DHCPv6 server does not send; not defined",
            t[1].text
        );
        cx.v4_defined.push(n.to_string());
        cx.file_note_at(st.span, "M001", message, "to define a DHCPv6 option, write `option dhcp6.NAME code N = TYPE;`", false);
        return None;
    }
    // dhcpd lets a later definition shadow an earlier one; Kea rejects two definitions of
    // one name or one code in a space.
    let clash = cx.defs.custom().find(|d| d.space == space && (d.code == code || d.name == name)).map(|d| (d.name.to_string(), d.code));
    if let Some((other, other_code)) = clash {
        cx.error(
            st,
            &t[1],
            &format!("option {space}.{name} code {code}: {space}.{other} (code {other_code}) is already defined"),
            "Kea needs one definition per name and per code in a space: remove or renumber one",
        );
        return None;
    }
    register(cx, &space, &name, code, ty, array, record, encap)
}

/// `{ T1, T2 }` (the tokens between the braces) → record field types and the array flag
/// (ISC allows `array of` on the last field).
fn record_fields(toks: &[Token]) -> Result<(Vec<OptionType>, bool), String> {
    let mut types = Vec::new();
    let mut array = false;
    for part in toks.split(|t| t.is_punct(",")) {
        let mut w: Vec<&str> = part.iter().map(|t| &*t.text).collect();
        if w.len() >= 2 && w[0] == "array" && w[1] == "of" {
            array = true;
            w.drain(..2);
        }
        match one_type(&w)? {
            (ty, []) => types.push(ty),
            (_, rest) => return Err(format!("unexpected `{}` in the record type", rest.join(" "))),
        }
    }
    if types.is_empty() || toks.is_empty() {
        return Err("empty record type".into());
    }
    Ok((types, array))
}

#[allow(clippy::too_many_arguments)]
fn register(
    cx: &mut Ctx,
    space: &str,
    name: &str,
    code: u16,
    ty: OptionType,
    array: bool,
    record: Vec<OptionType>,
    encap: Option<String>,
) -> Option<Value> {
    // A standard code under another name (`option arch code 93 = ...`): Kea refuses to
    // redefine standard options, so the name becomes an alias of the standard one.
    // Only options the target defines: one Kea added later is the file's to define (Kea 2.2
    // has no option 121, dhcpd's `rfc3442-classless-static-routes` idiom defines it).
    let std_by_code = crate::options::registry::OptionDefs::std_by_code(cx.universe, space, code).filter(|d| d.since <= cx.opts.version);
    if cx.defs.is_std_space(space)
        && let Some(d) = std_by_code
        && d.name != name
    {
        cx.name_alias.push((space.to_string(), name.to_string(), d.name.to_string()));
        let message = format!("option {name} (code {code}) is Kea's standard option {}; the standard definition is used", d.name);
        definition_note(cx, "M021", message);
        return None;
    }
    // A standard option's name with another code (`option remote-id code 251 = ...` in a
    // DHCPv6 file): Kea refuses a definition under a standard name, so the option is defined
    // under a name of its own and the file's name becomes an alias of it.
    let renamed;
    let name = match crate::options::registry::OptionDefs::std_by_name(cx.universe, space, name) {
        Some(d) if d.code != code && cx.defs.is_std_space(space) && d.since <= cx.opts.version => {
            renamed = format!("{name}-{code}");
            cx.name_alias.push((space.to_string(), name.to_string(), renamed.clone()));
            let message =
                format!("option {name} (code {code}) has the name of Kea's standard option {name} (code {}); defined as {renamed}", d.code);
            definition_note(cx, "M027", message);
            renamed.as_str()
        }
        _ => name,
    };
    // A standard option redeclared with its own code: nothing for Kea to define.
    if let Some(d) = cx.defs.by_name(space, name)
        && d.code == code
        && cx.defs.is_std_space(space)
        && d.since <= cx.opts.version
    {
        return None;
    }
    let mut def = Map::new();
    def.insert("space".into(), json!(space));
    def.insert("name".into(), json!(name));
    def.insert("code".into(), json!(code));
    def.insert("type".into(), json!(ty.name()));
    if ty == OptionType::Record {
        def.insert("record-types".into(), json!(record.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")));
    }
    if array {
        def.insert("array".into(), json!(true));
    }
    if let Some(e) = &encap {
        def.insert("encapsulate".into(), json!(e));
    }
    cx.defs.add(CustomDef {
        name: name.into(),
        code,
        space: space.into(),
        ty,
        array,
        record_types: record,
        encapsulate: encap.map(Into::into),
    });
    Some(Value::Object(def))
}

/// An informational note about an option definition, for the summary only (`register` has
/// no statement to place a comment at).
fn definition_note(cx: &mut Ctx, code: &'static str, message: String) {
    let span = crate::source::Span::new(crate::source::FileId(0), 0, 0);
    cx.notes.push(super::notes::Note { code, span, location: String::new(), message, kea_way: String::new(), lossy: false });
}

/// The text of one ISC value for a field of type `ty`. Err: (message, kea way, note code).
fn value_text(cx: &mut Ctx, part: &[Token], ty: OptionType) -> Result<String, (String, String, &'static str)> {
    use OptionType as T;
    let bad = |m: String| Err((m, String::new(), "M006"));
    if part.is_empty() {
        return bad("empty value".into());
    }
    let joined: String = part.iter().map(|t| &*t.text).collect::<Vec<_>>().join(" ");
    let tok = &part[0];
    match ty {
        T::String | T::Fqdn | T::Tuple => Ok(escape_csv(&joined)),
        T::Binary => Ok(match tok.kind {
            TokKind::Str => crate::leases::csv::hex(&tok.bytes()).replace(':', ""),
            _ => joined.replace(':', ""),
        }),
        T::Boolean => match &*joined.to_ascii_lowercase() {
            "true" | "on" => Ok("true".into()),
            "false" | "off" => Ok("false".into()),
            o => bad(format!("`{o}` is not a boolean")),
        },
        T::Ipv4Address | T::Ipv6Address if tok.kind == TokKind::Str => {
            Err((format!("`\"{joined}\"` is a quoted string: an address is written without quotes"), String::new(), "ERR"))
        }
        T::Ipv4Address => {
            if joined.parse::<std::net::Ipv4Addr>().is_ok() {
                Ok(joined)
            } else {
                cx.resolve(&joined, false).ok_or_else(|| {
                    (
                        format!("`{joined}` is a host name, not an address; Kea takes addresses only"),
                        "run keakit migrate with --resolve on a host that resolves the name, or write the address".into(),
                        "M003",
                    )
                })
            }
        }
        T::Ipv6Address => {
            if joined.parse::<std::net::Ipv6Addr>().is_ok() {
                Ok(joined)
            } else {
                cx.resolve(&joined, true).ok_or_else(|| {
                    (format!("`{joined}` is a host name, not an IPv6 address"), "use --resolve or write the address".into(), "M003")
                })
            }
        }
        _ => Ok(joined),
    }
}

/// Kea's csv-format data splits on commas; a comma inside one value is written `\,`.
fn escape_csv(s: &str) -> String {
    s.replace(',', "\\,")
}

/// `option [SPACE.]NAME [VALUE[, VALUE ...]];` → an option-data entry, or None (noted).
/// Options of dhcpd's own tables that Kea has no standard definition for: (universe, name,
/// code from the RFC, type, array). Defined with option-def on first use.
const DHCPD_ONLY: [(Universe, &str, u16, OptionType, bool); 5] = [
    (Universe::V4, "ipv4-address-andsf", 142, OptionType::Ipv4Address, true), // RFC 6153
    (Universe::V4, "tftp-server-address", 150, OptionType::Ipv4Address, true), // RFC 5859
    (Universe::V4, "loader-configfile", 209, OptionType::String, false),      // RFC 5071
    (Universe::V4, "loader-pathprefix", 210, OptionType::String, false),      // RFC 5071
    (Universe::V4, "loader-reboottime", 211, OptionType::Uint32, false),      // RFC 5071
];

/// Options dhcpd lets a config set that a server has no business sending, or that only
/// exist inside other options: (universe, dhcpd name, why).
const NOT_SENT: [(Universe, &str, &str); 6] = [
    (Universe::V4, "relay-agent-information", "relay agents add option 82 to queries; a server does not send it"),
    (Universe::V4, "vivco", "set vendor classes as option vivco-suboptions data or through a vendor space"),
    (Universe::V4, "vivso", "set vendor options through their vendor space (`option space ...` / Kea's vendor-N spaces)"),
    (Universe::V6, "ia-addr", "Kea builds the IA address option from the lease"),
    (Universe::V6, "ia-prefix", "Kea builds the IA prefix option from the lease"),
    (Universe::V6, "dhcpv4-msg", "DHCPv4-over-DHCPv6 messages are carried by Kea's 4o6 support, not configured"),
];

/// dhcpd's built-in option spaces Kea has no counterpart of, and what they are for.
const DHCPD_SPACES: [(&str, &str); 8] = [
    // In a DHCPv6 file (DHCPv4 maps `agent` to Kea's dhcp-agent-options-space).
    ("agent", "DHCPv4 relay agent sub-options; not sent by a DHCPv6 server"),
    ("isc6", "ISC's own DHCPv6 vendor options: define them in Kea's vendor-2495 space"),
    (
        "fqdn",
        "the client FQDN option's fields: Kea's DDNS parameters (ddns-override-client-update, ddns-override-no-update, ...) decide them",
    ),
    ("nwip", "NetWare/IP sub-options: send option nwip-suboptions as hex data"),
    ("vsio", "vendor-specific information: Kea's vendor-N spaces (option-def with space \"vendor-N\") hold vendor options"),
    ("vendor", "vendor-specific information: Kea's vendor-N spaces (option-def with space \"vendor-N\") hold vendor options"),
    ("vendor-class", "vendor classes: option vivco-suboptions"),
    ("isc", "ISC's own vendor options: define them in Kea's vendor-2495 space"),
];

/// `dhcp-renewal-time` / `dhcp-rebinding-time` (bare or in the `dhcp` space) in a DHCPv6
/// file: dhcpd -6 reads them as its T1 and T2 (the renew and rebind times of the leases it
/// gives), not as options to send. Their name without the space, and the Kea parameter
/// they become.
pub fn tee_time<'a>(cx: &Ctx, written: &'a str) -> Option<(&'a str, &'static str)> {
    let name = v4_in_v6(cx, written)?;
    match name.to_ascii_lowercase().as_str() {
        "dhcp-renewal-time" => Some((name, "renew-timer")),
        "dhcp-rebinding-time" => Some((name, "rebind-timer")),
        _ => None,
    }
}

/// Whether Kea's standard DHCPv6 options have one dhcpd calls `n`.
fn std_dhcp6(n: &str) -> bool {
    crate::options::registry::OptionDefs::std_by_name(Universe::V6, "dhcp6", &kea_name(Universe::V6, "dhcp6", n)).is_some()
}

/// In a DHCPv6 file, the DHCPv4 option name `written` stands for: dhcpd -6 looks a name
/// without a space (and any name in the `dhcp` space) up among its DHCPv4 options (its
/// message for one it lacks: "unknown option dhcp.name-servers"), and a definition without a
/// space defines a DHCPv4 option.
pub fn v4_in_v6<'a>(cx: &Ctx, written: &'a str) -> Option<&'a str> {
    if cx.universe != Universe::V6 {
        return None;
    }
    match written.split_once('.') {
        None => Some(written),
        Some((s, n)) if s.eq_ignore_ascii_case("dhcp") => Some(n),
        Some(_) => None,
    }
}

/// Whether dhcpd's DHCPv4 space has an option of this name: its own spellings, the names it
/// shares with Kea (not Kea's names for what dhcpd spells otherwise: dhcpd -6 refuses
/// `option name-servers`), its options Kea lacks, `unknown-N`.
fn dhcpd_v4_name(n: &str) -> bool {
    n.starts_with("unknown-")
        || V4_SPELLINGS.iter().any(|(d, _)| *d == n)
        || DHCPD_ONLY.iter().any(|(u, d, ..)| *u == Universe::V4 && *d == n)
        || NOT_SENT.iter().any(|(u, d, _)| *u == Universe::V4 && *d == n)
        || (!V4_SPELLINGS.iter().any(|(_, k)| *k == n)
            && crate::options::registry::OptionDefs::std_by_name(Universe::V4, "dhcp4", n).is_some())
}

/// Why the option `written` (resolved to `space`, `name`) is left out, when it is one a Kea
/// server does not send: the message and the Kea way. One place for every such case.
fn not_sent(cx: &Ctx, written: &str, space: &str, name: &str) -> Option<(String, &'static str)> {
    let undefined = cx.defs.by_name(space, name).is_none();
    if let Some((_, key)) = tee_time(cx, written) {
        return Some((
            format!(
                "option {written}: dhcpd -6 gives it as the leases' {} time here; Kea has no {key} at this level",
                if key == "renew-timer" { "renew (T1)" } else { "rebind (T2)" }
            ),
            "set renew-timer / rebind-timer on the subnet, shared network or globally",
        ));
    }
    if !cx.spaces.iter().any(|s| s == space)
        && let Some((_, what)) = DHCPD_SPACES.iter().find(|(s, _)| *s == space)
    {
        return Some((format!("option {written}: dhcpd's built-in `{space}` space has no Kea counterpart; left out"), what));
    }
    // A DHCPv4 option, which Kea's DHCPv6 server does not send (nor did dhcpd -6).
    if let Some(n) = v4_in_v6(cx, written)
        && (dhcpd_v4_name(n) || cx.v4_defined.iter().any(|d| d == n))
    {
        let way = if std_dhcp6(n) {
            "dhcpd -6 did not send it either; for the DHCPv6 option of that name, write `option dhcp6.NAME`"
        } else {
            "remove it, or find the DHCPv6 option with the same purpose"
        };
        return Some((format!("option {written} is a DHCPv4 option; not sent by a DHCPv6 server"), way));
    }
    // dhcpd's relay agent sub-options that Kea's space does not name (agent-id, unknown-N).
    if space == "dhcp-agent-options-space" && undefined {
        return Some((format!("option {written}: not sent by a Kea server; left out"), "relay agents add their sub-options to queries"));
    }
    if space == cx.universe.space()
        && undefined
        && let Some((_, _, why)) = NOT_SENT.iter().find(|(u, n, _)| *u == cx.universe && *n == name)
    {
        return Some((format!("option {written}: not sent by a Kea server; left out"), why));
    }
    None
}

pub fn data(cx: &mut Ctx, st: &Stmt, parent: &mut Map<String, Value>, global: bool) -> Option<Value> {
    let t = &st.tokens;
    // dhcpd -6's rapid commit switch: subnets and shared networks take it as Kea's parameter
    // (`scope::rapid_commit`); anywhere else Kea has none.
    if cx.universe == Universe::V6 && t[1].text.eq_ignore_ascii_case("dhcp6.rapid-commit") {
        let way = "Kea's rapid-commit is a parameter of subnets and shared networks";
        cx.note(parent, st, "M002", "option dhcp6.rapid-commit here has no Kea equivalent; dropped", way, true);
        return None;
    }
    let (space, mut name) = cx.split_name(&t[1].text);
    if let Some((message, way)) = not_sent(cx, &t[1].text, &space, &name) {
        cx.note(parent, st, "M001", &message, way, true);
        return None;
    }
    if let Some(n) = v4_in_v6(cx, &t[1].text) {
        let in_dhcp6 = std_dhcp6(n) || cx.defs.by_name("dhcp6", n).is_some();
        let help = if in_dhcp6 {
            format!("dhcpd -6 looks an option name without a space up among the DHCPv4 options: write `option dhcp6.{n} ...;`")
        } else {
            "dhcpd -6 looks an option name without a space up among the DHCPv4 options: name the space, `dhcp6.NAME`".to_string()
        };
        cx.error(st, &t[1], &format!("unknown option `dhcp.{n}`"), &help);
        return None;
    }
    // `unknown-N` is dhcpd's name for code N: the option it knows under that code (it parses
    // the value in that option's format), else bytes.
    if space == cx.universe.space()
        && cx.defs.by_name(&space, &name).is_none()
        && let Some(code) = name.strip_prefix("unknown-").and_then(|c| c.parse::<u16>().ok())
    {
        match (cx.defs.by_code(&space, code), DHCPD_ONLY.iter().find(|(u, _, c, ..)| *u == cx.universe && *c == code)) {
            (Some(d), _) => name = d.name.to_string(),
            (None, Some((_, n, ..))) => name = n.to_string(),
            (None, None) => return unknown(cx, st, parent, &space, code),
        }
    }
    if space == cx.universe.space()
        && cx.defs.by_name(&space, &name).is_none()
        && let Some(&(_, n, code, ty, array)) = DHCPD_ONLY.iter().find(|(u, n, ..)| *u == cx.universe && *n == name)
        && let Some(def) = register(cx, &space, n, code, ty, array, Vec::new(), None)
    {
        cx.option_defs.push(def);
        definition_note(cx, "M029", format!("option {n} (code {code}) is in dhcpd's tables, not Kea's: defined by an option-def"));
    }
    // The registry is taken out while its definition is borrowed (value_text needs `cx`).
    let defs = std::mem::replace(&mut cx.defs, crate::options::registry::OptionDefs::standard(cx.universe));
    let r = data_with(cx, st, parent, &defs, &space, &name, global);
    cx.defs = defs;
    r
}

fn data_with(
    cx: &mut Ctx,
    st: &Stmt,
    parent: &mut Map<String, Value>,
    defs: &crate::options::registry::OptionDefs,
    space: &str,
    name: &str,
    global: bool,
) -> Option<Value> {
    let t = &st.tokens;
    let def: Option<OptionDef> = defs.by_name(space, name);
    let Some(def) = def else {
        let known_space = defs.space_is_known(space) || cx.spaces.iter().any(|s| s == space);
        cx.error(
            st,
            &t[1],
            &format!("unknown option `{}`{}", t[1].text, if known_space { "" } else { " (unknown option space)" }),
            "define it first with `option NAME code N = TYPE;`",
        );
        return None;
    };
    if def.since > cx.opts.version {
        cx.note(
            parent,
            st,
            "M006",
            &format!(
                "option {}: Kea defines it ({} {name}) from {}, not in {}; option left out",
                t[1].text, space, def.since, cx.opts.version
            ),
            &format!("migrate with --target-version {}", def.since),
            true,
        );
        return None;
    }
    let (code, ty, array, fields) = (def.code, def.ty, def.array, def.fields().to_vec());
    let values = &t[2..];
    if values.first().is_some_and(|v| v.is_punct("=")) {
        // Measured with kea-dhcp4 2.2 and 3.0.4: flex_option's `pkt4.yiaddr` is the query's
        // (0.0.0.0), so an expression of the leased address has no Kea equivalent.
        let why = if global && space == cx.universe.space() {
            match super::flex_option::global(cx, defs, st, parent, code, &t[1].text, &values[1..]) {
                Ok(()) => return None,
                Err(e) => format!(" ({e})"),
            }
        } else if global {
            " (the flex_option hook sets options of the DHCP space itself)".to_string()
        } else {
            " (the flex_option hook applies to every query; dhcpd only to this scope's)".to_string()
        };
        let way = if values.iter().any(|v| v.is_word("leased-address")) {
            "Kea's flex_option hook evaluates expressions on the client's query, where the leased address is not known yet".to_string()
        } else {
            format!("the flex_option hook (libdhcp_flex_option.so) sets option values from Kea expressions evaluated on the query{why}")
        };
        let msg = format!("option {} is computed from an expression at run time; left out", t[1].text);
        cx.note(parent, st, "M019", &msg, &way, true);
        return None;
    }
    if ty == OptionType::Internal && cx.universe == Universe::V4 && code == 121 {
        return classless_routes(cx, st, parent, values, space, name);
    }
    // Record fields may be separated by blanks only (`option lq-relay-data 2001::1 "foo";`).
    let parts: Vec<&[Token]> = if values.is_empty() {
        Vec::new()
    } else if ty == OptionType::Record && !values.iter().any(|x| x.is_punct(",")) {
        values.chunks(1).collect()
    } else {
        values.split(|x| x.is_punct(",")).collect()
    };
    let mut texts = Vec::new();
    let whole_string = matches!(ty, OptionType::String) && !array;
    if whole_string && !parts.is_empty() {
        // A text option: one string (ISC concatenates nothing; a comma in it is data).
        let s: String = values.iter().map(|t| &*t.text).collect::<Vec<_>>().join(if values.len() > 1 { "" } else { " " });
        texts.push(escape_csv(&s));
    } else if ty == OptionType::Binary && !array && values.len() == 1 && values[0].kind == TokKind::Str {
        texts.push(crate::leases::csv::hex(&values[0].bytes()).replace(':', ""));
    } else {
        for (i, part) in parts.iter().enumerate() {
            let fty = if fields.is_empty() { ty } else { *fields.get(i).unwrap_or(fields.last().unwrap_or(&ty)) };
            match value_text(cx, part, fty) {
                Ok(s) => texts.push(s),
                Err((m, _, "ERR")) => {
                    cx.error(st, part.first().unwrap_or(&t[1]), &m, "");
                    return None;
                }
                Err((m, way, code)) => {
                    cx.note(parent, st, code, &format!("option {}: {m}; option left out", t[1].text), &way, true);
                    return None;
                }
            }
        }
    }
    let data = texts.join(", ");
    if let Err(e) = crate::options::codec::encode(&def, &data, true) {
        cx.note(
            parent,
            st,
            "M006",
            &format!("option {}: Kea cannot encode `{data}`: {}; option left out", t[1].text, e.message),
            "write the value in the format Kea's option definition expects",
            true,
        );
        return None;
    }
    // Sized for its four members: a config holds thousands of these, and growing a map
    // member by member was a third of their cost.
    let mut m = Map::with_capacity(4);
    m.insert("space".into(), json!(space));
    m.insert("name".into(), json!(name));
    m.insert("code".into(), json!(code));
    m.insert("data".into(), json!(data));
    let _ = array;
    Some(Value::Object(m))
}

/// Option 121 where the target defines it (Kea 2.6 on, `options::routes`): dhcpd has no
/// definition of its own, so files declare one (nearly always `array of unsigned integer 8`)
/// and write the option's bytes, `24, 192, 168, 1, 10, 0, 0, 1`, or colon-separated hex.
/// Those bytes become Kea's text, `192.168.1.0/24 - 10.0.0.1`. Bytes that are no list of
/// routes (dhcpd sends them as they are; Kea refuses them) leave the option out, noted.
fn classless_routes(cx: &mut Ctx, st: &Stmt, parent: &mut Map<String, Value>, values: &[Token], space: &str, name: &str) -> Option<Value> {
    let written = &st.tokens[1].text;
    let bytes: Option<Vec<u8>> = match values {
        [v] if v.kind == TokKind::Str => Some(v.bytes()),
        [v] if v.text.contains(':') => super::params::hex_bytes(&v.text),
        _ => values
            .split(|t| t.is_punct(","))
            .map(|part| match part {
                [n] => n.text.parse::<u8>().ok(),
                _ => None,
            })
            .collect(),
    };
    let Some(bytes) = bytes else {
        let msg = format!("option {written}: the value is not the option's bytes (numbers 0-255, or colon-separated hex); option left out");
        cx.note(parent, st, "M006", &msg, "write the routes in Kea's form: \"192.168.1.0/24 - 10.0.0.1, ...\"", true);
        return None;
    };
    match crate::options::routes::decode(&bytes) {
        Ok(text) => Some(json!({"space": space, "name": name, "code": 121, "data": text})),
        Err(e) => {
            let msg = format!("option {written}: the bytes are no list of classless routes ({}); option left out", e.message);
            cx.note(
                parent,
                st,
                "M006",
                &msg,
                "each route: prefix width, the destination's significant octets, the router's four (RFC 3442)",
                true,
            );
            None
        }
    }
}

/// `vendor-option-space SPACE;` (DHCPv4): dhcpd sends the options of SPACE set for the
/// client inside option 43 (vendor-encapsulated-options), the PXE idiom. Kea's option 43
/// encapsulates `vendor-encapsulated-options-space`, and a config may redefine it to
/// encapsulate another space: in a client class for that class's members, or at the top
/// level (kea-dhcp4 2.2 and 3.0.4 accept both; dhclient got the same option 43 from them as
/// from dhcpd). A class gets its own definition; any other scope shares the one top-level
/// definition, so a second space there is noted and left out.
pub fn vendor_option_space(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>, in_class: bool) {
    let isc = &st.tokens[1].text;
    let space = cx.space_name(isc);
    if !cx.spaces.iter().any(|s| s == isc.as_ref() as &str) && !cx.defs.space_is_known(&space) {
        let msg = format!("vendor-option-space {isc}: no such option space; dropped");
        cx.note(obj, st, "M002", &msg, "declare it with `option space NAME;` and define its options", true);
        return;
    }
    let def = json!({"space": "dhcp4", "name": "vendor-encapsulated-options", "code": 43, "type": "empty", "encapsulate": space});
    if in_class {
        super::scope::push(obj, "option-def", def);
    } else {
        match &cx.vendor_space {
            Some(s) if *s != space => {
                let msg = format!("vendor-option-space {isc}: option 43 already carries space {s} at the top level; dropped");
                let way = "Kea defines option 43 once at the top level; a client class can redefine it for its members";
                cx.note(obj, st, "M033", &msg, way, true);
                return;
            }
            Some(_) => {}
            None => {
                cx.vendor_space = Some(space.clone());
                cx.option_defs.push(def);
            }
        }
    }
    super::scope::push_option(obj, json!({"space": "dhcp4", "name": "vendor-encapsulated-options", "code": 43}));
    let msg = format!("vendor-option-space {isc}: option 43 carries the options of space {space} set here");
    let way = "option 43 is redefined to encapsulate that space; Kea sends it to clients that ask for it, as dhcpd does";
    cx.note(obj, st, "M033", &msg, way, false);
}

/// `option unknown-N VALUE;` for a code neither dhcpd nor Kea has a definition for: bytes
/// (colon-separated hex or a string), which Kea takes by code as hex (`csv-format: false`).
fn unknown(cx: &mut Ctx, st: &Stmt, parent: &mut Map<String, Value>, space: &str, code: u16) -> Option<Value> {
    let t = &st.tokens;
    let max = if cx.universe == Universe::V4 { 254 } else { u16::MAX };
    let bytes = match &t[2..] {
        [v] if v.kind == TokKind::Str => Some(v.bytes()),
        [v] => super::params::hex_bytes(&v.text),
        _ => None,
    };
    let bytes = match bytes {
        Some(b) if (1..=max).contains(&code) => b,
        b => {
            let why = if b.is_none() {
                "the value is not bytes (colon-separated hex or a string)".to_string()
            } else {
                format!("{code} is not an option code of {space}")
            };
            cx.note(parent, st, "M006", &format!("option {}: {why}; option left out", t[1].text), "", true);
            return None;
        }
    };
    let hex: String = bytes.iter().map(|x| format!("{x:02x}")).collect();
    Some(json!({"space": space, "code": code, "csv-format": false, "data": hex}))
}

/// `option space NAME [code width N] [length width N] [hash size N];` — Kea declares spaces
/// implicitly (by option-defs); only widths other than Kea's fixed ones need a note.
pub fn option_space(cx: &mut Ctx, st: &Stmt, obj: &mut Map<String, Value>) {
    let t = &st.tokens;
    let name = cx.space_name(&t[2].text);
    let words: Vec<&str> = t.iter().map(|t| &*t.text).collect();
    let kea_width = if cx.universe == Universe::V4 { "1" } else { "2" };
    for (i, w) in words.iter().enumerate() {
        if *w == "width"
            && let Some(n) = words.get(i + 1)
            && *n != kea_width
        {
            cx.note(
                obj,
                st,
                "M007",
                &format!("option space {name}: {} width {n}; Kea's spaces use {kea_width}", words[i - 1]),
                "options of this space must be sent as raw binary data of the enclosing option",
                true,
            );
            break;
        }
    }
    cx.spaces.push(name);
}
