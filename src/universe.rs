//! DHCPv4 or DHCPv6: selects option tables, expression tokens and config keys.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Universe {
    V4,
    V6,
}

impl Universe {
    /// The option space of top-level options: `dhcp4` or `dhcp6`.
    pub fn space(self) -> &'static str {
        match self {
            Universe::V4 => "dhcp4",
            Universe::V6 => "dhcp6",
        }
    }
}
