//! The standard option tables of Kea 2.2 – 3.0, as data.
//!
//! Source: the Kea ARM option tables (/usr/share/doc/kea/html) and the RFCs. Every name and
//! code marked 2.2 was checked against `kea-dhcp4 -t` / `kea-dhcp6 -t` 2.2.0: an option-data
//! entry with the name alone is accepted, and with name and code together no "does not
//! match the option definition" error is given. Options marked with a later `since` are
//! rejected by Kea 2.2 ("definition ... does not exist") and come from later Kea release
//! notes (not verifiable here). Kea's 2.2 ARM is wrong on two v6 names: the client and
//! server identifiers are `clientid` and `serverid`.
//!
//! Each table is sorted by code (lookup by code is a binary search); lookup by name is a
//! linear scan (a few hundred entries at most). The record layouts of geoconf-civic and nii (last field repeated)
//! follow the `Type:` comments of Kea's kea6/all-options.json example.

use super::types::{OptionDef, OptionType};
use crate::universe::Universe;
use crate::version::KeaVersion;

const BIN: OptionType = OptionType::Binary;
const BOOL: OptionType = OptionType::Boolean;
const EMPTY: OptionType = OptionType::Empty;
const FQDN: OptionType = OptionType::Fqdn;
const V4: OptionType = OptionType::Ipv4Address;
const V6: OptionType = OptionType::Ipv6Address;
const PFX: OptionType = OptionType::Ipv6Prefix;
const PSID: OptionType = OptionType::Psid;
const STR: OptionType = OptionType::String;
const TUPLE: OptionType = OptionType::Tuple;
const U8: OptionType = OptionType::Uint8;
const U16: OptionType = OptionType::Uint16;
const U32: OptionType = OptionType::Uint32;
const I32: OptionType = OptionType::Int32;
const INTERNAL: OptionType = OptionType::Internal;
const V2_4: KeaVersion = KeaVersion::V2_4;
const V2_6: KeaVersion = KeaVersion::V2_6;

const fn o(name: &'static str, code: u16, ty: OptionType) -> OptionDef<'static> {
    OptionDef::new(name, code, ty)
}

/// One standard option space.
pub struct StdSpace {
    pub name: &'static str,
    /// Other names Kea accepts for the same space (`docsis3-v4` for `vendor-4491`).
    pub aliases: &'static [&'static str],
    pub universe: Universe,
    /// Sorted by code.
    pub defs: &'static [OptionDef<'static>],
}

/// Every standard space of both universes. The top-level ones (`dhcp4`, `dhcp6`) come first.
pub static SPACES: &[StdSpace] = &[
    StdSpace { name: "dhcp4", aliases: &[], universe: Universe::V4, defs: DHCP4 },
    StdSpace { name: "dhcp6", aliases: &[], universe: Universe::V6, defs: DHCP6 },
    StdSpace { name: "dhcp-agent-options-space", aliases: &[], universe: Universe::V4, defs: AGENT },
    StdSpace { name: "vendor-encapsulated-options-space", aliases: &[], universe: Universe::V4, defs: &[] },
    StdSpace { name: "vendor-4491", aliases: &["docsis3-v4"], universe: Universe::V4, defs: DOCSIS3_V4 },
    StdSpace { name: "vendor-4491", aliases: &["docsis3-v6"], universe: Universe::V6, defs: DOCSIS3_V6 },
    StdSpace { name: "vendor-2495", aliases: &[], universe: Universe::V6, defs: ISC_V6 },
    StdSpace { name: "v6-ntp-server-suboptions", aliases: &[], universe: Universe::V6, defs: NTP_SUBOPTIONS },
    StdSpace { name: "s46-cont-mape-options", aliases: &[], universe: Universe::V6, defs: S46_CONT_MAPE },
    StdSpace { name: "s46-cont-mapt-options", aliases: &[], universe: Universe::V6, defs: S46_CONT_MAPT },
    StdSpace { name: "s46-cont-lw-options", aliases: &[], universe: Universe::V6, defs: S46_CONT_LW },
    StdSpace { name: "s46-rule-options", aliases: &[], universe: Universe::V6, defs: S46_PORTPARAMS },
    StdSpace { name: "s46-v4v6bind-options", aliases: &[], universe: Universe::V6, defs: S46_PORTPARAMS },
    StdSpace { name: "vendor-opts-space", aliases: &[], universe: Universe::V6, defs: &[] },
    StdSpace { name: "rsoo-opts", aliases: &[], universe: Universe::V6, defs: &[] },
];

pub static DHCP4: &[OptionDef<'static>] = &[
    o("subnet-mask", 1, V4),
    o("time-offset", 2, I32),
    o("routers", 3, V4).array(),
    o("time-servers", 4, V4).array(),
    o("name-servers", 5, V4).array(),
    o("domain-name-servers", 6, V4).array(),
    o("log-servers", 7, V4).array(),
    o("cookie-servers", 8, V4).array(),
    o("lpr-servers", 9, V4).array(),
    o("impress-servers", 10, V4).array(),
    o("resource-location-servers", 11, V4).array(),
    o("host-name", 12, STR),
    o("boot-size", 13, U16),
    o("merit-dump", 14, STR),
    o("domain-name", 15, STR),
    o("swap-server", 16, V4),
    o("root-path", 17, STR),
    o("extensions-path", 18, STR),
    o("ip-forwarding", 19, BOOL),
    o("non-local-source-routing", 20, BOOL),
    o("policy-filter", 21, V4).array(),
    o("max-dgram-reassembly", 22, U16),
    o("default-ip-ttl", 23, U8),
    o("path-mtu-aging-timeout", 24, U32),
    o("path-mtu-plateau-table", 25, U16).array(),
    o("interface-mtu", 26, U16),
    o("all-subnets-local", 27, BOOL),
    o("broadcast-address", 28, V4),
    o("perform-mask-discovery", 29, BOOL),
    o("mask-supplier", 30, BOOL),
    o("router-discovery", 31, BOOL),
    o("router-solicitation-address", 32, V4),
    o("static-routes", 33, V4).array(),
    o("trailer-encapsulation", 34, BOOL),
    o("arp-cache-timeout", 35, U32),
    o("ieee802-3-encapsulation", 36, BOOL),
    o("default-tcp-ttl", 37, U8),
    o("tcp-keepalive-interval", 38, U32),
    o("tcp-keepalive-garbage", 39, BOOL),
    o("nis-domain", 40, STR),
    o("nis-servers", 41, V4).array(),
    o("ntp-servers", 42, V4).array(),
    o("vendor-encapsulated-options", 43, EMPTY).encapsulate("vendor-encapsulated-options-space"),
    o("netbios-name-servers", 44, V4).array(),
    o("netbios-dd-server", 45, V4).array(),
    o("netbios-node-type", 46, U8),
    o("netbios-scope", 47, STR),
    o("font-servers", 48, V4).array(),
    o("x-display-manager", 49, V4).array(),
    o("dhcp-requested-address", 50, V4),
    o("dhcp-lease-time", 51, U32),
    o("dhcp-option-overload", 52, U8),
    o("dhcp-message-type", 53, U8),
    o("dhcp-server-identifier", 54, V4),
    o("dhcp-parameter-request-list", 55, U8).array(),
    o("dhcp-message", 56, STR),
    o("dhcp-max-message-size", 57, U16),
    o("dhcp-renewal-time", 58, U32),
    o("dhcp-rebinding-time", 59, U32),
    o("vendor-class-identifier", 60, STR),
    o("dhcp-client-identifier", 61, BIN),
    o("nwip-domain-name", 62, STR),
    o("nwip-suboptions", 63, BIN),
    o("nisplus-domain-name", 64, STR),
    o("nisplus-servers", 65, V4).array(),
    o("tftp-server-name", 66, STR),
    o("boot-file-name", 67, STR),
    o("mobile-ip-home-agent", 68, V4).array(),
    o("smtp-server", 69, V4).array(),
    o("pop-server", 70, V4).array(),
    o("nntp-server", 71, V4).array(),
    o("www-server", 72, V4).array(),
    o("finger-server", 73, V4).array(),
    o("irc-server", 74, V4).array(),
    o("streettalk-server", 75, V4).array(),
    o("streettalk-directory-assistance-server", 76, V4).array(),
    o("user-class", 77, BIN),
    o("slp-directory-agent", 78, BIN).record(&[BOOL, V4]).array(),
    o("slp-service-scope", 79, BIN).record(&[BOOL, STR]),
    o("fqdn", 81, BIN).record(&[U8, U8, U8, FQDN]),
    o("dhcp-agent-options", 82, EMPTY).encapsulate("dhcp-agent-options-space"),
    o("nds-servers", 85, V4).array(),
    o("nds-tree-name", 86, STR),
    o("nds-context", 87, STR),
    o("bcms-controller-names", 88, FQDN).array(),
    o("bcms-controller-address", 89, V4).array(),
    o("authenticate", 90, BIN),
    o("client-last-transaction-time", 91, U32),
    o("associated-ip", 92, V4).array(),
    o("client-system", 93, U16).array(),
    o("client-ndi", 94, BIN).record(&[U8, U8, U8]),
    o("uuid-guid", 97, BIN).record(&[U8, BIN]),
    o("uap-servers", 98, STR),
    o("geoconf-civic", 99, BIN),
    o("pcode", 100, STR),
    o("tcode", 101, STR),
    o("v6-only-preferred", 108, U32),
    o("netinfo-server-address", 112, V4).array(),
    o("netinfo-server-tag", 113, STR),
    o("v4-captive-portal", 114, STR),
    o("auto-config", 116, U8),
    o("name-service-search", 117, U16).array(),
    o("subnet-selection", 118, V4),
    o("domain-search", 119, FQDN).array(),
    o("classless-static-route", 121, INTERNAL).since(V2_6),
    o("vivco-suboptions", 124, BIN).record(&[U32, BIN]),
    o("vivso-suboptions", 125, U32),
    o("pana-agent", 136, V4).array(),
    o("v4-lost", 137, FQDN),
    o("capwap-ac-v4", 138, V4).array(),
    o("sip-ua-cs-domains", 141, FQDN).array(),
    o("v4-sztp-redirect", 143, INTERNAL).since(V2_6),
    o("rdnss-selection", 146, BIN).record(&[U8, V4, V4, FQDN]).array(),
    o("v4-portparams", 159, BIN).record(&[U8, PSID]),
    o("v4-dnr", 162, INTERNAL).since(V2_4),
    o("option-6rd", 212, BIN).record(&[U8, U8, V6, V4]).array(),
    o("v4-access-domain", 213, FQDN),
];

pub static DHCP6: &[OptionDef<'static>] = &[
    o("clientid", 1, BIN),
    o("serverid", 2, BIN),
    o("ia-na", 3, BIN).record(&[U32, U32, U32]).encapsulate("dhcp6"),
    o("ia-ta", 4, U32).encapsulate("dhcp6"),
    o("iaaddr", 5, BIN).record(&[V6, U32, U32]).encapsulate("dhcp6"),
    o("oro", 6, U16).array(),
    o("preference", 7, U8),
    o("elapsed-time", 8, U16),
    o("relay-msg", 9, BIN),
    o("auth", 11, BIN).record(&[U8, U8, U8, BIN]),
    o("unicast", 12, V6),
    o("status-code", 13, BIN).record(&[U16, STR]),
    o("rapid-commit", 14, EMPTY),
    o("user-class", 15, BIN),
    o("vendor-class", 16, BIN).record(&[U32, BIN]),
    o("vendor-opts", 17, U32).encapsulate("vendor-opts-space"),
    o("interface-id", 18, BIN),
    o("reconf-msg", 19, U8),
    o("reconf-accept", 20, EMPTY),
    o("sip-server-dns", 21, FQDN).array(),
    o("sip-server-addr", 22, V6).array(),
    o("dns-servers", 23, V6).array(),
    o("domain-search", 24, FQDN).array(),
    o("ia-pd", 25, BIN).record(&[U32, U32, U32]).encapsulate("dhcp6"),
    o("iaprefix", 26, BIN).record(&[U32, U32, U8, V6]).encapsulate("dhcp6"),
    o("nis-servers", 27, V6).array(),
    o("nisp-servers", 28, V6).array(),
    o("nis-domain-name", 29, FQDN).array(),
    o("nisp-domain-name", 30, FQDN).array(),
    o("sntp-servers", 31, V6).array(),
    o("information-refresh-time", 32, U32),
    o("bcmcs-server-dns", 33, FQDN).array(),
    o("bcmcs-server-addr", 34, V6).array(),
    o("geoconf-civic", 36, BIN).record(&[U8, U16, BIN]).array(),
    o("remote-id", 37, BIN).record(&[U32, BIN]),
    o("subscriber-id", 38, BIN),
    o("client-fqdn", 39, BIN).record(&[U8, FQDN]),
    o("pana-agent", 40, V6).array(),
    o("new-posix-timezone", 41, STR),
    o("new-tzdb-timezone", 42, STR),
    o("ero", 43, U16).array(),
    o("lq-query", 44, BIN).record(&[U8, V6]).encapsulate("dhcp6"),
    o("client-data", 45, EMPTY).encapsulate("dhcp6"),
    o("clt-time", 46, U32),
    o("lq-relay-data", 47, BIN).record(&[V6, BIN]),
    o("lq-client-link", 48, V6).array(),
    o("v6-lost", 51, FQDN),
    o("capwap-ac-v6", 52, V6).array(),
    o("relay-id", 53, BIN),
    o("ntp-server", 56, EMPTY).encapsulate("v6-ntp-server-suboptions").since(V2_4),
    o("v6-access-domain", 57, FQDN),
    o("sip-ua-cs-list", 58, FQDN).array(),
    o("bootfile-url", 59, STR),
    o("bootfile-param", 60, TUPLE).array(),
    o("client-arch-type", 61, U16).array(),
    o("nii", 62, BIN).record(&[U8, U8, U8]).array(),
    o("aftr-name", 64, FQDN),
    o("erp-local-domain-name", 65, FQDN),
    o("rsoo", 66, EMPTY).encapsulate("rsoo-opts"),
    o("pd-exclude", 67, INTERNAL),
    o("rdnss-selection", 74, BIN).record(&[V6, U8, FQDN]).array(),
    o("client-linklayer-addr", 79, BIN),
    o("link-address", 80, V6),
    o("solmax-rt", 82, U32),
    o("inf-max-rt", 83, U32),
    o("dhcp4o6-server-addr", 88, V6).array(),
    o("s46-cont-mape", 94, EMPTY).encapsulate("s46-cont-mape-options"),
    o("s46-cont-mapt", 95, EMPTY).encapsulate("s46-cont-mapt-options"),
    o("s46-cont-lw", 96, EMPTY).encapsulate("s46-cont-lw-options"),
    o("v6-captive-portal", 103, STR),
    // Not in the ARM's table; kea-dhcp6 2.2 and 3.0.4 -t accept it by name (RFC 8357).
    o("relay-source-port", 135, U16),
    o("v6-sztp-redirect", 136, TUPLE).array().since(V2_6),
    o("ipv6-address-andsf", 143, V6).array(),
    o("v6-dnr", 144, INTERNAL).since(V2_4),
];

/// DHCPv4 Relay Agent Information sub-options (RFC 3046 and later). Kea 2.2 has no
/// definitions in this space (verified: `circuit-id` is unknown to it); the ones below are
/// those whose layout the RFCs fix (RFC 3046, 3527, 5107, 8357).
pub static AGENT: &[OptionDef<'static>] = &[
    o("circuit-id", 1, BIN).since(V2_4),
    o("remote-id", 2, BIN).since(V2_4),
    o("link-selection", 5, V4).since(V2_4),
    o("subscriber-id", 6, BIN).since(V2_4),
    o("server-id-override", 11, V4).since(V2_4),
    o("relay-source-port", 19, EMPTY).since(V2_4),
];

/// CableLabs DOCSIS 3 vendor options (enterprise 4491), DHCPv4.
pub static DOCSIS3_V4: &[OptionDef<'static>] = &[o("oro", 1, U8).array(), o("tftp-servers", 2, V4).array()];

/// CableLabs DOCSIS 3 vendor options (enterprise 4491), DHCPv6.
pub static DOCSIS3_V6: &[OptionDef<'static>] = &[
    o("oro", 1, U16).array(),
    o("device-type", 2, STR),
    o("vendor-type", 10, STR),
    o("tftp-servers", 32, V6).array(),
    o("config-file", 33, STR),
    o("syslog-servers", 34, V6).array(),
    o("device-id", 36, BIN),
    o("time-servers", 37, V6).array(),
    o("time-offset", 38, I32),
    o("cmts-cm-mac", 1027, BIN),
];

/// ISC's own DHCPv6 vendor options (enterprise 2495): DHCPv4-over-DHCPv6.
pub static ISC_V6: &[OptionDef<'static>] =
    &[o("4o6-interface", 60000, STR), o("4o6-source-address", 60001, V6), o("4o6-source-port", 60002, U16)];

/// RFC 5908 NTP server sub-options.
pub static NTP_SUBOPTIONS: &[OptionDef<'static>] =
    &[o("ntp-server-address", 1, V6).since(V2_4), o("ntp-server-multicast", 2, V6).since(V2_4), o("ntp-server-fqdn", 3, FQDN).since(V2_4)];

// RFC 7598 softwire (MAP-E, MAP-T, lightweight 4over6) containers and their options.
const S46_RULE: OptionDef<'static> = o("s46-rule", 89, BIN).record(&[U8, U8, U8, V4, PFX]).encapsulate("s46-rule-options");
const S46_BR: OptionDef<'static> = o("s46-br", 90, V6);
const S46_DMR: OptionDef<'static> = o("s46-dmr", 91, PFX);
const S46_V4V6BIND: OptionDef<'static> = o("s46-v4v6bind", 92, BIN).record(&[V4, PFX]).encapsulate("s46-v4v6bind-options");
pub static S46_CONT_MAPE: &[OptionDef<'static>] = &[S46_RULE, S46_BR];
pub static S46_CONT_MAPT: &[OptionDef<'static>] = &[S46_RULE, S46_DMR];
pub static S46_CONT_LW: &[OptionDef<'static>] = &[S46_BR, S46_V4V6BIND];
pub static S46_PORTPARAMS: &[OptionDef<'static>] = &[o("s46-portparams", 93, BIN).record(&[U8, PSID])];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_by_code_and_names_are_unique() {
        for s in SPACES {
            assert!(s.defs.windows(2).all(|w| w[0].code < w[1].code), "{} not sorted by code", s.name);
            let mut names: Vec<_> = s.defs.iter().map(|d| d.name).collect();
            names.sort();
            let n = names.len();
            names.dedup();
            assert_eq!(n, names.len(), "duplicate name in {}", s.name);
            for d in s.defs {
                assert!(super::super::types::valid_name(d.name), "{}", d.name);
                if d.ty == OptionType::Record {
                    assert!(d.record_types.len() >= 2, "{}", d.name);
                }
            }
        }
    }

    #[test]
    fn rfc_codes_of_well_known_options() {
        let code = |defs: &[OptionDef], n: &str| defs.iter().find(|d| d.name == n).map(|d| d.code);
        // RFC 2132 / RFC 8415 / RFC 3646 codes.
        assert_eq!(code(DHCP4, "routers"), Some(3));
        assert_eq!(code(DHCP4, "domain-name-servers"), Some(6));
        assert_eq!(code(DHCP4, "vendor-encapsulated-options"), Some(43));
        assert_eq!(code(DHCP4, "dhcp-agent-options"), Some(82));
        assert_eq!(code(DHCP4, "vivso-suboptions"), Some(125));
        assert_eq!(code(DHCP4, "classless-static-route"), Some(121));
        assert_eq!(code(DHCP6, "dns-servers"), Some(23));
        assert_eq!(code(DHCP6, "domain-search"), Some(24));
        assert_eq!(code(DHCP6, "vendor-opts"), Some(17));
        assert_eq!(code(DHCP6, "ntp-server"), Some(56));
    }
}
