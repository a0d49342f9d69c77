//! Facts the grammar does not show: integer ranges Kea enforces after parsing, enums it
//! compares without case, and renamed keys. Each fact says where it was verified.

use crate::version::KeaVersion;

/// Inclusive integer range Kea enforces for `key`, whatever map it is in.
/// Verified with `kea-dhcp4 -t` 2.2 and 3.0.4 unless noted: `"port": 70000` in lease-database
/// → "port value: 70000 is out of range, expected value: 0..65535"; `"dhcp4o6-port": 70000`
/// → "out of range value (70000) specified for parameter 'dhcp4o6-port'"; expired-leases-
/// processing: "value for configuration parameter 'max-reclaim-time' must not be negative",
/// "out range value '65536' for configuration parameter 'reclaim-timer-wait-time', expected
/// maximum value of '65535'" (each bound tried at -1, 65535/65536, 2^32-1/2^32);
/// "reconnect-wait-time -1 must be in range 0...MAX_UINT32"; "max-reconnect-tries cannot be
/// less than zero" (no upper bound); dhcp-ddns `max-queue-size` -1 and 2^32 refused;
/// "the value of offer-lifetime '-1' must be a positive number" (3.0; 0 and 2^32 accepted);
/// multi-threading sizes 0 to 65535; database `lfc-interval`, `connect-timeout` and
/// `max-row-errors` ("... value: -1 is out of range, expected value: 0..4294967295", every
/// backend type); kea-dhcp-ddns `dns-server-timeout` ("must be greater than zero", 2^32
/// "out of range").
/// Lifetimes and timers are *not* range-checked by Kea (`"valid-lifetime": -1` and
/// `4294967296` are accepted by `-t`), so they are absent here.
/// kea-dhcp-ddns 2.2 on `"port": 70000`: "port must be greater than zero but less than 65536".
pub fn int_range(daemon: &str, key: &str) -> Option<(i64, i64)> {
    const U16: i64 = u16::MAX as i64;
    const U32: i64 = u32::MAX as i64;
    match key {
        "port" if daemon == "DhcpDdns" => Some((1, 65535)),
        "port" | "dhcp4o6-port" | "server-port" | "sender-port" | "http-port" => Some((0, 65535)),
        "max-reclaim-time" => Some((0, 10000)),
        "reclaim-timer-wait-time" | "flush-reclaimed-timer-wait-time" | "unwarned-reclaim-cycles" => Some((0, U16)),
        "max-reclaim-leases" | "hold-reclaimed-time" | "decline-probation-period" | "reconnect-wait-time" | "max-queue-size" => {
            Some((0, U32))
        }
        // "invalid thread pool size '65536', it must not be greater than '65535'"
        "thread-pool-size" | "packet-queue-size" => Some((0, U16)),
        "max-reconnect-tries" | "offer-lifetime" => Some((0, i64::MAX)),
        "lfc-interval" | "connect-timeout" | "max-row-errors" => Some((0, U32)),
        "dns-server-timeout" => Some((1, U32)),
        // Kea 3.0.4 (the agent and DDNS -t, the DHCP servers when they start): "Unsupported
        // debuglevel value 100, expected 0-99"; 2.2 refuses -1 and 100 too.
        "debuglevel" => Some((0, 99)),
        _ => None,
    }
}

/// String values the grammar takes freely and Kea then compares with a fixed list (case
/// matters): kea-dhcp4 2.2 and 3.0.4 refuse `"lease-checks": "NONE"` or `"bogus"`, and 3.0.4
/// an unknown `extended-info-checks`.
pub fn string_values(key: &str) -> Option<&'static [&'static str]> {
    match key {
        "lease-checks" => Some(&["none", "warn", "fix", "fix-del", "del"]),
        "extended-info-checks" => Some(&["none", "fix", "strict", "pedantic"]),
        _ => None,
    }
}

/// Keys a map of grammar context `ctx` must have, which the grammar does not say: kea-dhcp4
/// 2.2 and 3.0.4 -t on a map without them: "missing parameter 'enable-updates'" (dhcp-ddns),
/// 'enable-multi-threading' (multi-threading), 'enable-queue' (dhcp-queue-control), and a
/// lease, host or config database without `type` ("lease-database": {"name": "x"} refused).
pub fn required_keys(daemon: &str, ctx: &str, version: KeaVersion) -> &'static [&'static str] {
    match ctx {
        "dhcp_ddns_params" => &["enable-updates"],
        "multi_threading_params" => &["enable-multi-threading"],
        "queue_control_params" => &["enable-queue"],
        "database_map_params" => &["type"],
        // Kea 3.0.4 (agent and http control sockets): "missing 'value' parameter".
        "http_header_params" => &["name", "value"],
        // kea-dhcp6 2.2 and 3.0.4 -t: "missing parameter 'prefix'" (and 'prefix-len',
        // 'delegated-len') in a pd-pools map (found by the check differential, CI run 34).
        "pd_pool_params" => &["prefix", "prefix-len", "delegated-len"],
        // A logger needs a `name` and a `severity`, and an output-options entry an `output`
        // ({"flush": true} refused): kea-ctrl-agent and kea-dhcp-ddns 2.2 -t ("loggers entry
        // does not have a mandatory 'severity' element"; found by the check differential, CI
        // run 44); kea-dhcp4/6 2.2 and 3.0.4 and kea-dhcp-ddns 3.0.4 when they start (their
        // -t does not look; 3.0.4: "illegal severity: 0"). kea-ctrl-agent 3.0.4 starts
        // without a severity (ChangeLog #2052, 2.3.1: taken from the root logger).
        "logger_params" if daemon == "Control-agent" && version >= KeaVersion::V2_4 => &["name"],
        "logger_params" => &["name", "severity"],
        "output_params_list" => &["output"],
        _ => &[],
    }
}

/// String keys of context `ctx` that must not be empty: Kea 3.0.4 "empty 'name' parameter"
/// (and the same for `value`) in http-headers; kea-ctrl-agent 2.2 and 3.0.4 "user must not
/// be empty" (basic-auth clients, also of 3.0's http sockets); kea-dhcp-ddns 2.2 and 3.0.4
/// "TSIG key name cannot be blank", "Ddns domain name cannot be blank"; Kea 3.0.4 (the agent
/// and DDNS -t, the DHCP servers when they start) "invalid path in `output`: path: '' has no
/// filename" (2.2 takes it).
pub fn nonempty_strings(ctx: &str, version: KeaVersion) -> &'static [&'static str] {
    match ctx {
        "http_header_params" => &["name", "value"],
        "clients_params" => &["user"],
        "tsig_key_params" | "ddns_domain_params" => &["name"],
        "output_params_list" if version >= KeaVersion::V3_0 => &["output"],
        _ => &[],
    }
}

/// Contexts whose grammar also takes entries it does not name (`arbitrary_map_entry`): any
/// key, any value, left to the implementation. `dhcp-queue-control` (for custom packet
/// queues): kea-dhcp4 2.2 and 3.0.4 -t accept `"cipaacty": 5` or `"foo": {"x": [1]}` there,
/// while the named keys keep their types (`"capacity": "x"` is refused).
pub fn open_map(ctx: &str) -> bool {
    ctx == "queue_control_params"
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
