//! Host reservations, global or per subnet, with every identifier type Kea knows.

use super::Lower;
use super::fields::{Emit, Emitter, SStr, Spanned, put_list_of_maps, put_string, put_strings};
use super::options::OptionData;
use crate::source::Span;
use crate::syntax::cst::{Member, Node, Value};
use serde_json::Value as J;

/// Identifier types, in the order Kea's `host-reservation-identifiers` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentifierType {
    HwAddress,
    Duid,
    CircuitId,
    ClientId,
    FlexId,
}

impl IdentifierType {
    pub const ALL: [IdentifierType; 5] = [Self::HwAddress, Self::Duid, Self::CircuitId, Self::ClientId, Self::FlexId];
    pub fn key(self) -> &'static str {
        match self {
            Self::HwAddress => "hw-address",
            Self::Duid => "duid",
            Self::CircuitId => "circuit-id",
            Self::ClientId => "client-id",
            Self::FlexId => "flex-id",
        }
    }
    pub fn from_key(key: &str) -> Option<IdentifierType> {
        Some(match key {
            "hw-address" => Self::HwAddress,
            "duid" => Self::Duid,
            "circuit-id" => Self::CircuitId,
            "client-id" => Self::ClientId,
            "flex-id" => Self::FlexId,
            _ => return None,
        })
    }
    /// Whether a DHCPv6 reservation may use it (circuit-id and client-id are v4 only).
    pub fn in_v6(self) -> bool {
        !matches!(self, Self::CircuitId | Self::ClientId)
    }
    /// The longest value Kea takes, in bytes. Verified with -t: a hardware address is at most
    /// 20 bytes (Kea 2.2 and 3.0.4: "address vector size exceeds MAX_HWADDR_LEN"), a DUID 128
    /// in Kea 2.2 and 130 in 3.0.4; Kea 3.0.4 also limits client-id to 255 bytes and
    /// circuit-id and flex-id to 128 ("too long client identifier type"), which 2.2 does not.
    /// The releases between are not verified: the 3.0 limits apply from 3.0.
    pub fn max_len(self, version: crate::version::KeaVersion) -> usize {
        let v3 = version >= crate::version::KeaVersion::V3_0;
        match self {
            Self::HwAddress => 20,
            Self::Duid if v3 => 130,
            Self::Duid => 128,
            Self::ClientId if v3 => 255,
            Self::CircuitId | Self::FlexId if v3 => 128,
            Self::ClientId | Self::CircuitId | Self::FlexId => usize::MAX,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Reservation {
    pub span: Span,
    /// Every identifier key present (Kea requires exactly one; check reports otherwise). One
    /// is held inline: no allocation per reservation.
    pub identifiers: smallvec::SmallVec<[(IdentifierType, SStr); 1]>,
    /// DHCPv4 `ip-address`.
    pub ip_address: Option<SStr>,
    /// DHCPv6 `ip-addresses`. (The lists are boxed: most reservations have none of them,
    /// and a config of 100,000 hosts holds 100,000 of these: 232 bytes each with the inline
    /// identifier, where 288 plus a 48-byte allocation was.)
    pub ip_addresses: Option<Box<Spanned<Vec<SStr>>>>,
    /// DHCPv6 `prefixes`.
    pub prefixes: Option<Box<Spanned<Vec<SStr>>>>,
    pub hostname: Option<SStr>,
    pub client_classes: Option<Box<Spanned<Vec<SStr>>>>,
    pub option_data: Option<Vec<OptionData>>,
    pub rest: Vec<Member>,
}

impl Reservation {
    pub fn lower(span: Span, members: Vec<Member>, _cx: &Lower) -> Reservation {
        // One pass over the members (see `fields::put_string`): this runs per reservation.
        let mut r = Reservation { span, ..Default::default() };
        for m in members {
            let left = match &*m.key {
                "ip-address" => put_string(&mut r.ip_address, m),
                "ip-addresses" => put_strings(&mut r.ip_addresses, m),
                "prefixes" => put_strings(&mut r.prefixes, m),
                "hostname" => put_string(&mut r.hostname, m),
                "client-classes" => put_strings(&mut r.client_classes, m),
                "option-data" => put_list_of_maps(&mut r.option_data, m, OptionData::lower),
                key => match (IdentifierType::from_key(key), m.value.value) {
                    (Some(t), Value::String(s)) => {
                        r.identifiers.push((t, Spanned::new(s, m.value.span)));
                        None
                    }
                    (_, value) => Some(Member { value: Node { span: m.value.span, value }, ..m }),
                },
            };
            if let Some(m) = left {
                r.rest.push(m);
            }
        }
        r.identifiers.sort_by_key(|(t, _)| *t); // Kea's order, whatever the order in the file
        r
    }
    /// All reserved addresses (v4 `ip-address` and v6 `ip-addresses`).
    pub fn addresses(&self) -> impl Iterator<Item = &SStr> {
        self.ip_address.iter().chain(self.ip_addresses.iter().flat_map(|l| l.value.iter()))
    }
}

impl Emit for Reservation {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        for (t, v) in &self.identifiers {
            e.put(t.key(), J::String(v.value.to_string()));
        }
        e.string("ip-address", &self.ip_address);
        e.strings("ip-addresses", &self.ip_addresses);
        e.strings("prefixes", &self.prefixes);
        e.string("hostname", &self.hostname);
        e.strings("client-classes", &self.client_classes);
        e.list("option-data", &self.option_data);
        e.rest(&self.rest);
        e.finish()
    }
}
