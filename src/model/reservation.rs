//! Host reservations, global or per subnet, with every identifier type Kea knows.

use super::fields::{Emit, Emitter, Fields, SStr, Spanned};
use super::options::OptionData;
use super::Lower;
use crate::source::Span;
use crate::syntax::cst::Member;
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
}

#[derive(Clone, Debug, Default)]
pub struct Reservation {
    pub span: Span,
    /// Every identifier key present (Kea requires exactly one; check reports otherwise).
    pub identifiers: Vec<(IdentifierType, SStr)>,
    /// DHCPv4 `ip-address`.
    pub ip_address: Option<SStr>,
    /// DHCPv6 `ip-addresses`.
    pub ip_addresses: Option<Spanned<Vec<SStr>>>,
    /// DHCPv6 `prefixes`.
    pub prefixes: Option<Spanned<Vec<SStr>>>,
    pub hostname: Option<SStr>,
    pub client_classes: Option<Spanned<Vec<SStr>>>,
    pub option_data: Option<Vec<OptionData>>,
    pub rest: Vec<Member>,
}

impl Reservation {
    pub fn lower(span: Span, members: Vec<Member>, _cx: &Lower) -> Reservation {
        let mut f = Fields::new(members);
        let mut identifiers = f.strings_where(IdentifierType::from_key);
        identifiers.sort_by_key(|(t, _)| *t); // Kea's order, whatever the order in the file

        Reservation {
            span,
            identifiers,
            ip_address: f.string("ip-address"),
            ip_addresses: f.strings("ip-addresses"),
            prefixes: f.strings("prefixes"),
            hostname: f.string("hostname"),
            client_classes: f.strings("client-classes"),
            option_data: f.list_of_maps("option-data", OptionData::lower),
            rest: f.rest(),
        }
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
