//! Leases: the record types shared by `migrate-leases` (dhcpd.leases → Kea) and `serve`
//! (its lease store), and Kea's memfile CSV format (`csv.rs`), which both write and read.
//!
//! Facts about Kea's files (measured with Kea 2.2 on this project's machines: a lease added
//! with `lease4-add` / `lease6-add` and the file kea-dhcp4/6 wrote):
//! - the first line is a header naming the columns; Kea 2.2 writes
//!   `address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context`
//!   for DHCPv4 and
//!   `address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source`
//!   for DHCPv6; Kea 2.4 and later append `pool_id` to both (Kea ChangeLog, 2.3.x);
//! - `expire` is a Unix time (client last transmission time + valid lifetime);
//! - booleans are `0`/`1`; identifiers are colon-separated hex; empty fields are empty;
//! - a comma inside a text field (hostname, user-context JSON) is written `&#x2c`;
//! - the file is a journal: a later record for the same address replaces the earlier one,
//!   and a deletion (`lease4-del`, a release) is written as the lease again with
//!   `valid_lifetime` 0 and `expire` = the deletion time; loading drops such leases.

pub mod csv;

use std::net::{Ipv4Addr, Ipv6Addr};

/// Kea's lease states (the `state` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LeaseState {
    /// 0: assigned (or offered) and in use.
    #[default]
    Default,
    /// 1: the client declined the address; it is withheld for decline-probation-period.
    Declined,
    /// 2: expired and reclaimed (DNS entries removed); kept for lease affinity.
    ExpiredReclaimed,
    /// Any other number a newer Kea writes (3.0 added released and registered states);
    /// kept as read.
    Other(u32),
}

impl LeaseState {
    pub fn code(self) -> u32 {
        match self {
            LeaseState::Default => 0,
            LeaseState::Declined => 1,
            LeaseState::ExpiredReclaimed => 2,
            LeaseState::Other(n) => n,
        }
    }
    pub fn from_code(n: u32) -> LeaseState {
        match n {
            0 => LeaseState::Default,
            1 => LeaseState::Declined,
            2 => LeaseState::ExpiredReclaimed,
            n => LeaseState::Other(n),
        }
    }
}

/// A DHCPv4 lease as Kea stores it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Lease4 {
    pub address: Option<Ipv4Addr>,
    pub hwaddr: Vec<u8>,
    pub client_id: Vec<u8>,
    pub valid_lifetime: u32,
    /// Unix time the lease expires (cltt + valid_lifetime).
    pub expire: u64,
    pub subnet_id: u32,
    pub fqdn_fwd: bool,
    pub fqdn_rev: bool,
    pub hostname: String,
    pub state: LeaseState,
    /// The user-context JSON text, if any.
    pub user_context: String,
    /// Kea 2.4+: which pool of the subnet the address came from (0 when unknown).
    pub pool_id: u32,
}

/// DHCPv6 lease type (`lease_type` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum LeaseType6 {
    /// 0: IA_NA (non-temporary address).
    #[default]
    Na,
    /// 1: IA_TA (temporary address).
    Ta,
    /// 2: IA_PD (delegated prefix).
    Pd,
}

impl LeaseType6 {
    pub fn code(self) -> u8 {
        match self {
            LeaseType6::Na => 0,
            LeaseType6::Ta => 1,
            LeaseType6::Pd => 2,
        }
    }
    pub fn from_code(n: u8) -> Option<LeaseType6> {
        match n {
            0 => Some(LeaseType6::Na),
            1 => Some(LeaseType6::Ta),
            2 => Some(LeaseType6::Pd),
            _ => None,
        }
    }
}

/// A DHCPv6 lease (address or delegated prefix) as Kea stores it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Lease6 {
    pub address: Option<Ipv6Addr>,
    pub duid: Vec<u8>,
    pub valid_lifetime: u32,
    pub expire: u64,
    pub subnet_id: u32,
    pub pref_lifetime: u32,
    pub lease_type: LeaseType6,
    pub iaid: u32,
    /// 128 for addresses; the delegated length for prefixes.
    pub prefix_len: u8,
    pub fqdn_fwd: bool,
    pub fqdn_rev: bool,
    pub hostname: String,
    pub hwaddr: Vec<u8>,
    pub state: LeaseState,
    pub user_context: String,
    /// Hardware type (1 = Ethernet) and where the hardware address was learnt (Kea's
    /// HWADDR_SOURCE_* bit values); 0 when unknown.
    pub hwtype: u16,
    pub hwaddr_source: u32,
    pub pool_id: u32,
}
