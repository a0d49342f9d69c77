//! Migration notes: everything not translated exactly. Each has a stable code (documented
//! in `CODES`, shown in the output comment and counted in the stderr summary), the
//! dhcpd.conf place and the Kea way to get the behaviour.

use crate::source::Span;

#[derive(Clone, Debug)]
pub struct Note {
    pub code: &'static str,
    pub span: Span,
    /// `file:line` of the dhcpd.conf statement.
    pub location: String,
    pub message: String,
    /// How to get the behaviour in Kea (may be empty when there is nothing to add).
    pub kea_way: String,
    /// True when the behaviour is lost (exit 1); false for a faithful translation that
    /// merely looks different (informational).
    pub lossy: bool,
}

impl Note {
    pub fn comment(&self) -> String {
        let mut s = format!("[{}] {}: {}", self.code, self.location, self.message);
        if !self.kea_way.is_empty() {
            s.push_str("\nKea way: ");
            s.push_str(&self.kea_way);
        }
        s
    }
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code, "location": self.location, "message": self.message,
            "kea-way": self.kea_way, "lossy": self.lossy,
        })
    }
}

/// Every note code with what it means (for `--format json` consumers and the docs).
pub const CODES: &[(&str, &str)] = &[
    ("M001", "statement with no Kea equivalent: dropped"),
    ("M002", "parameter moved to an enclosing scope (Kea has no such parameter at that level)"),
    ("M003", "host name in an address option or fixed-address: not resolved (use --resolve)"),
    ("M004", "ISC expression not translatable to a Kea expression: class test left out"),
    ("M005", "pool permit list not expressible exactly with client-class guards"),
    ("M006", "option data not encodable by Kea's definition: option dropped"),
    ("M007", "option space with code/length width other than Kea's (1 for DHCPv4, 2 for DHCPv6)"),
    ("M008", "executable statement (on commit/release/expiry, if/else, log, execute): not run by Kea"),
    ("M009", "host with several fixed addresses: Kea reserves one address per reservation"),
    ("M010", "failover peer translated into a high-availability hook configuration"),
    ("M011", "DDNS settings translated; check the DhcpDdns config (--ddns-out)"),
    ("M012", "shared-network semantics differ (Kea picks subnets by relay/interface, then allocates across them)"),
    ("M013", "ISC default lifetimes applied (--isc-defaults)"),
    ("M014", "no interfaces-config in dhcpd.conf: Kea needs the interfaces to listen on (--interface)"),
    ("M015", "subclass became a client class with a test on the parent's match expression"),
    ("M016", "ISC v6 temporary address range (IA_TA): Kea has no temporary-address pools"),
    ("M019", "option computed from an expression (`option NAME = EXPR;`): not evaluated by Kea without the flex_option hook"),
    ("M020", "host identified by another option: flex-id reservation, needs the flex_id hook"),
    ("M021", "custom option declared with a standard option's code: Kea's standard definition is used"),
    (
        "M022",
        "default-lease-time outside min/max-lease-time: dhcpd clamps each lease, Kea rejects the config; valid-lifetime set to the bound",
    ),
    ("M023", "file is not UTF-8: read as Latin-1 (ISO 8859-1), non-ASCII text written as UTF-8"),
    ("M024", "filename / server-name longer than the BOOTP file (127 bytes) / sname (63 bytes) field: left out"),
    ("M025", "address or prefix reserved for several hosts (dhcpd allows it): ip-reservations-unique set to false"),
    ("M026", "failover peer not translated (an address that is not an IP address, or a second failover peer): no HA hook for it"),
    ("M027", "custom option named like a standard option with another code: defined under NAME-CODE"),
    ("M028", "ping-check settings translated to Kea 3.0's ping_check hook (top level) or a subnet's user-context.ping-check"),
    ("M029", "option of dhcpd's own tables that Kea has no definition for: defined by an option-def"),
    ("M030", "host lifetimes: set in a client class the reservation assigns"),
    ("M031", "top-level if / elsif / else: a client class with the condition as its test"),
    ("M032", "host declaration names written as reservation hostnames: Kea sends them, dhcpd only with use-host-decl-names"),
    ("M033", "vendor-option-space: option 43 (vendor-encapsulated-options) redefined to carry that space's options, as dhcpd sends them"),
    ("M034", "top-level option computed from an expression: the flex_option hook computes it for every response"),
    ("M017", "spawning class: Kea has no spawned sub-classes (lease limits per client need the limits hook)"),
];
