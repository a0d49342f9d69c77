//! DhcpDdns (kea-dhcp-ddns): TSIG keys and DNS domains. Each rule is one kea-dhcp-ddns 2.2
//! and 3.0.4 `-t` enforce: a key's secret (base64) and `digest-bits`, the keys a domain or
//! server names, and a server's address (`hostname` is not supported by Kea). Empty key and
//! domain names are the schema's (`rules::nonempty_strings`).

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::DhcpDdns;
use crate::model::services::Section;

pub fn check(cx: &mut Ctx, d2: &DhcpDdns) {
    for key in d2.tsig_keys.iter().flatten() {
        tsig_key(cx, key);
    }
    let keys: Vec<&str> = d2.tsig_keys.iter().flatten().filter_map(|k| k.get("name").and_then(|n| n.as_str())).collect();
    for domains in [&d2.forward_ddns, &d2.reverse_ddns].into_iter().flatten() {
        for dom in domains.ddns_domains.iter().flatten() {
            if let Some(k) = &dom.key_name {
                key_defined(cx, k.as_str(), k.span, &keys);
            }
            for srv in dom.dns_servers.iter().flatten() {
                dns_server(cx, srv, &keys);
            }
        }
    }
}

/// A `key-name` (of a domain or a server) names a key of `tsig-keys` (an empty one: none).
fn key_defined(cx: &mut Ctx, k: &str, at: crate::source::Span, keys: &[&str]) {
    if !k.is_empty() && !keys.contains(&k) {
        cx.push(
            Diagnostic::error("undefined-key", format!("TSIG key `{k}` is not defined in tsig-keys"))
                .at(at, "undefined key")
                .help("define it in \"tsig-keys\" or fix the name"),
        );
    }
}

fn dns_server(cx: &mut Ctx, srv: &Section, keys: &[&str]) {
    if let Some(n) = srv.get("key-name")
        && let Some(k) = n.as_str()
    {
        key_defined(cx, k, n.span, keys);
    }
    if let Some(n) = srv.get("ip-address")
        && let Some(s) = n.as_str()
        && s.parse::<std::net::IpAddr>().is_err()
    {
        cx.push(Diagnostic::error("bad-address", format!("DNS server address `{s}` is not an IP address")).at(n.span, "not an address"));
    }
    if let Some(n) = srv.get("hostname")
        && n.as_str().is_some_and(|h| !h.is_empty())
    {
        // "hostname is not yet supported"
        cx.push(
            Diagnostic::error("unsupported", "Kea does not support a DNS server given by host name")
                .at(n.span, "not supported")
                .help("give the server's \"ip-address\" instead"),
        );
    }
}

/// A TSIG key: one of Kea's six algorithms, a base64 secret ("attempt to decode a value not in base64 char set",
/// "Cannot make D2TsigKey") and `digest-bits`: 0 (the whole digest), or a multiple of 8 of at
/// least 80 and of half the algorithm's digest ("tsig-key: digest-bits too small"; measured
/// for every algorithm at 0, 8, 72 ... 520).
fn tsig_key(cx: &mut Ctx, key: &Section) {
    if let Some(n) = key.get("secret")
        && let Some(s) = n.as_str()
        && let Some(why) = crate::model::tsig::secret_problem(s)
    {
        cx.push(
            Diagnostic::error("bad-value", "TSIG secret is not valid base64")
                .at(n.span, why)
                .help("copy the secret as the DNS server's key file gives it (base64, `=` padding)"),
        );
    }
    let algorithm = key.get("algorithm").and_then(|a| a.as_str().map(|s| (s, a.span)));
    let digest = algorithm.and_then(|(a, _)| crate::model::tsig::digest_len(a));
    // "tsig-key : Unknown TSIG Key algorithm: HM%AC-SHA1" (kea-dhcp-ddns 2.2 and 3.0.4 -t).
    if let (Some((a, span)), None) = (algorithm, digest) {
        cx.push(
            Diagnostic::error("bad-value", format!("unknown TSIG algorithm `{a}`"))
                .at(span, "not a TSIG algorithm Kea knows")
                .help("HMAC-MD5, HMAC-SHA1, HMAC-SHA224, HMAC-SHA256, HMAC-SHA384 or HMAC-SHA512 (in any case)"),
        );
    }
    if let Some(n) = key.get("digest-bits")
        && let Some(bits) = n.as_i64()
        && bits != 0
    {
        let min = digest.map_or(80, |d| (d / 2).max(80));
        if bits < min || bits % 8 != 0 {
            cx.push(
                Diagnostic::error("out-of-range", format!("digest-bits {bits} is not accepted"))
                    .at(n.span, if bits % 8 != 0 { "not a multiple of 8".to_string() } else { format!("less than {min}") })
                    .help(format!("use 0 (the whole digest) or a multiple of 8 from {min}")),
            );
        }
    }
}
