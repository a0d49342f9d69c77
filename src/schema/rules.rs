//! Facts the grammar does not show: integer ranges Kea enforces after parsing, enums it
//! compares without case, and renamed keys. Each fact says where it was verified.

use crate::version::KeaVersion;

/// Inclusive integer range Kea enforces for `key`, whatever map it is in.
/// Verified with `kea-dhcp4 -t` 2.2 unless noted: `"port": 70000` in lease-database →
/// "port value: 70000 is out of range, expected value: 0..65535"; `"dhcp4o6-port": 70000`
/// → "out of range value (70000) specified for parameter 'dhcp4o6-port'".
/// Lifetimes and timers are *not* range-checked by Kea 2.2 (`"valid-lifetime": -1` and
/// `4294967296` are accepted by `-t`), so they are absent here.
/// kea-dhcp-ddns 2.2 on `"port": 70000`: "port must be greater than zero but less than 65536".
pub fn int_range(daemon: &str, key: &str) -> Option<(i64, i64)> {
    match key {
        "port" if daemon == "DhcpDdns" => Some((1, 65535)),
        "port" | "dhcp4o6-port" | "server-port" | "sender-port" | "http-port" => Some((0, 65535)),
        _ => None,
    }
}

/// Enums Kea compares ignoring case (`"ncr-protocol": "udp"`, `"Udp"` and `"UDP"` are all
/// accepted by kea-dhcp4/kea-dhcp6 2.2 -t although the grammar prints one spelling).
pub fn enum_ignores_case(key: &str) -> bool {
    matches!(key, "ncr-protocol" | "ncr-format")
}

/// Values the grammar accepts but Kea then rejects: (key, value, why).
/// `"ncr-protocol": "TCP"` → kea-dhcp4 2.2: "NCR Protocol: TCP is not supported."
pub const UNSUPPORTED_VALUES: &[(&str, &str, &str)] = &[("ncr-protocol", "TCP", "Kea does not support NCR over TCP yet: use \"UDP\"")];

/// A key replaced by another: from `since`, the old one is deprecated (accepted with a
/// warning). Sources: Kea ChangeLog (kea-doc 3.0.4) entries #2303 (require-client-classes,
/// only-if-required → evaluate-additional-classes, only-in-additional-list, 2.7.4),
/// #2307 (client-class → client-classes in shared networks, subnets and pools, 2.7.4),
/// #2167 (ddns-use-conflict-resolution → ddns-conflict-resolution-mode, 2.5.0),
/// #2290 (output_options → output-options, 2.7.3), #2239 (reservation-mode removed, 2.6.0),
/// #2231 (relay ip-address removed, 2.5.8).
/// Not here: `control-socket`, which the 3.0 ARM says "is still recognized" (it becomes one
/// entry of `control-sockets`) and which the 3.0 examples still use.
pub struct Rename {
    pub old: &'static str,
    pub new: &'static str,
    pub since: KeaVersion,
    /// Only in these contexts (grammar names); empty: everywhere.
    pub contexts: &'static [&'static str],
}

pub const RENAMES: &[Rename] = &[
    Rename { old: "require-client-classes", new: "evaluate-additional-classes", since: KeaVersion::V3_0, contexts: &[] },
    Rename { old: "only-if-required", new: "only-in-additional-list", since: KeaVersion::V3_0, contexts: &[] },
    Rename {
        old: "client-class",
        new: "client-classes",
        since: KeaVersion::V3_0,
        contexts: &["shared_network_params", "subnet4_params", "subnet6_params", "pool_params", "pd_pool_params"],
    },
    Rename { old: "ddns-use-conflict-resolution", new: "ddns-conflict-resolution-mode", since: KeaVersion::V2_6, contexts: &[] },
    Rename { old: "output_options", new: "output-options", since: KeaVersion::V3_0, contexts: &[] },
    Rename {
        old: "reservation-mode",
        new: "reservations-global / reservations-in-subnet / reservations-out-of-pool",
        since: KeaVersion::V2_6,
        contexts: &[],
    },
    Rename { old: "ip-address", new: "ip-addresses", since: KeaVersion::V2_6, contexts: &["relay_map"] },
];

/// The rename that applies to `key` in context `ctx`, if any.
pub fn rename(key: &str, ctx: &str) -> Option<&'static Rename> {
    RENAMES.iter().find(|r| r.old == key && (r.contexts.is_empty() || r.contexts.contains(&ctx)))
}

/// Lists the grammar leaves open (`list_content`) whose items Kea then reads as strings:
/// `"relay-supplied-options": ["65", 42]` → kea-dhcp6 2.2: "stringValue() called on
/// non-string Element".
pub fn string_items(key: &str) -> bool {
    matches!(key, "relay-supplied-options")
}

/// Lists Kea's grammar wants non-empty (`unexpected ], expecting {`), verified with kea-dhcp4/6,
/// kea-dhcp-ddns and kea-ctrl-agent 2.2 and 3.0.4 -t on `"KEY": []`. Kea 3.0.4 takes an empty
/// list of class definitions (ChangeLog 2394); older Kea, 3.0.0 to 3.0.3 included, does not.
/// Some(true): an error at this version; Some(false): a warning (older patch releases refuse
/// it); None: the list may be empty.
pub fn nonempty_list(key: &str, class_definitions: bool, version: KeaVersion) -> Option<bool> {
    match key {
        "loggers" | "output_options" | "output-options" | "host-reservation-identifiers" | "mac-sources" | "dns-servers" => Some(true),
        "client-classes" if class_definitions => Some(version < KeaVersion::V3_0),
        _ => None,
    }
}
