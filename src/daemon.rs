//! The four Kea daemons whose configs keakit reads.

use crate::universe::Universe;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Daemon {
    /// kea-dhcp4 (`Dhcp4`)
    Dhcp4,
    /// kea-dhcp6 (`Dhcp6`)
    Dhcp6,
    /// kea-ctrl-agent (`Control-agent`)
    #[value(name = "ctrl-agent")]
    CtrlAgent,
    /// kea-dhcp-ddns (`DhcpDdns`)
    D2,
}

impl Daemon {
    pub const ALL: [Daemon; 4] = [Daemon::Dhcp4, Daemon::Dhcp6, Daemon::CtrlAgent, Daemon::D2];
    /// The top-level key of this daemon's config.
    pub fn key(self) -> &'static str {
        match self {
            Daemon::Dhcp4 => "Dhcp4",
            Daemon::Dhcp6 => "Dhcp6",
            Daemon::CtrlAgent => "Control-agent",
            Daemon::D2 => "DhcpDdns",
        }
    }
    pub fn universe(self) -> Option<Universe> {
        match self {
            Daemon::Dhcp4 => Some(Universe::V4),
            Daemon::Dhcp6 => Some(Universe::V6),
            _ => None,
        }
    }
    /// The Kea program that reads this config.
    pub fn program(self) -> &'static str {
        match self {
            Daemon::Dhcp4 => "kea-dhcp4",
            Daemon::Dhcp6 => "kea-dhcp6",
            Daemon::CtrlAgent => "kea-ctrl-agent",
            Daemon::D2 => "kea-dhcp-ddns",
        }
    }
}
