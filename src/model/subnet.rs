//! Shared networks, subnets, pools and prefix-delegation pools.
//! Scalar parameters (lifetimes, timers, DDNS settings, ...) stay in `rest`: Kea inherits them
//! by name from global to shared network to subnet, and `Params` looks them up the same way.

use super::fields::{Emit, Emitter, Fields, SStr, Spanned};
use super::options::OptionData;
use super::reservation::Reservation;
use super::{Lower, addr};
use crate::source::Span;
use crate::syntax::cst::Member;
use ipnet::IpNet;
use serde_json::Value as J;
use std::net::IpAddr;

#[derive(Clone, Debug, Default)]
pub struct SharedNetwork {
    pub span: Span,
    pub name: Option<SStr>,
    pub subnets: Option<Vec<Subnet>>,
    pub option_data: Option<Vec<OptionData>>,
    pub relay: Option<Relay>,
    pub client_class: Option<SStr>,
    pub rest: Vec<Member>,
}

impl SharedNetwork {
    pub fn lower(span: Span, members: Vec<Member>, cx: &Lower) -> SharedNetwork {
        let mut f = Fields::new(members);
        SharedNetwork {
            span,
            name: f.string("name"),
            subnets: f.list_of_maps(cx.subnet_key(), |s, m| Subnet::lower(s, m, cx)),
            option_data: f.list_of_maps("option-data", OptionData::lower),
            relay: f.map("relay", Relay::lower),
            client_class: f.string("client-class"),
            rest: f.rest(),
        }
    }
    pub fn emit(&self, subnet_key: &str) -> J {
        let mut e = Emitter::new();
        e.string("name", &self.name);
        e.map("relay", &self.relay);
        e.string("client-class", &self.client_class);
        e.list("option-data", &self.option_data);
        e.list(subnet_key, &self.subnets);
        e.rest(&self.rest);
        e.finish()
    }
    pub fn subnets(&self) -> &[Subnet] {
        self.subnets.as_deref().unwrap_or(&[])
    }
}

#[derive(Clone, Debug, Default)]
pub struct Subnet {
    pub span: Span,
    pub id: Option<Spanned<i64>>,
    /// The `subnet` string as written.
    pub subnet: Option<SStr>,
    /// `subnet` parsed (None when missing or malformed: `check` reports it).
    pub net: Option<IpNet>,
    pub pools: Option<Vec<Pool>>,
    pub pd_pools: Option<Vec<PdPool>>,
    pub reservations: Option<Vec<Reservation>>,
    pub option_data: Option<Vec<OptionData>>,
    pub relay: Option<Relay>,
    pub client_class: Option<SStr>,
    pub interface: Option<SStr>,
    pub rest: Vec<Member>,
}

impl Subnet {
    /// Where messages about the subnet as a whole point: its `subnet` prefix, else the map.
    pub fn message_span(&self) -> Span {
        self.subnet.as_ref().map_or(self.span, |t| t.span)
    }

    pub fn lower(span: Span, members: Vec<Member>, cx: &Lower) -> Subnet {
        let mut f = Fields::new(members);
        let subnet = f.string("subnet");
        let net = subnet.as_ref().and_then(|s| addr::parse_subnet(&s.value).ok());
        Subnet {
            span,
            id: f.int("id"),
            net,
            subnet,
            pools: f.list_of_maps("pools", Pool::lower),
            pd_pools: f.list_of_maps("pd-pools", PdPool::lower),
            reservations: f.list_of_maps("reservations", |s, m| Reservation::lower(s, m, cx)),
            option_data: f.list_of_maps("option-data", OptionData::lower),
            relay: f.map("relay", Relay::lower),
            client_class: f.string("client-class"),
            interface: f.string("interface"),
            rest: f.rest(),
        }
    }
    pub fn pools(&self) -> &[Pool] {
        self.pools.as_deref().unwrap_or(&[])
    }
    pub fn pd_pools(&self) -> &[PdPool] {
        self.pd_pools.as_deref().unwrap_or(&[])
    }
    pub fn reservations(&self) -> &[Reservation] {
        self.reservations.as_deref().unwrap_or(&[])
    }
}

impl Emit for Subnet {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.int("id", &self.id);
        e.string("subnet", &self.subnet);
        e.string("interface", &self.interface);
        e.map("relay", &self.relay);
        e.string("client-class", &self.client_class);
        e.list("pools", &self.pools);
        e.list("pd-pools", &self.pd_pools);
        e.list("option-data", &self.option_data);
        e.list("reservations", &self.reservations);
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Pool {
    pub span: Span,
    pub pool: Option<SStr>,
    /// First and last address (None when missing or malformed).
    pub range: Option<(IpAddr, IpAddr)>,
    pub option_data: Option<Vec<OptionData>>,
    pub client_class: Option<SStr>,
    pub rest: Vec<Member>,
}

impl Pool {
    pub fn lower(span: Span, members: Vec<Member>) -> Pool {
        let mut f = Fields::new(members);
        let pool = f.string("pool");
        let range = pool.as_ref().and_then(|p| addr::parse_range(&p.value).ok());
        Pool {
            span,
            pool,
            range,
            option_data: f.list_of_maps("option-data", OptionData::lower),
            client_class: f.string("client-class"),
            rest: f.rest(),
        }
    }
}

impl Emit for Pool {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("pool", &self.pool);
        e.string("client-class", &self.client_class);
        e.list("option-data", &self.option_data);
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct PdPool {
    pub span: Span,
    pub prefix: Option<SStr>,
    pub prefix_len: Option<Spanned<i64>>,
    pub delegated_len: Option<Spanned<i64>>,
    pub excluded_prefix: Option<SStr>,
    pub excluded_prefix_len: Option<Spanned<i64>>,
    pub option_data: Option<Vec<OptionData>>,
    pub client_class: Option<SStr>,
    pub rest: Vec<Member>,
}

impl PdPool {
    pub fn lower(span: Span, members: Vec<Member>) -> PdPool {
        let mut f = Fields::new(members);
        PdPool {
            span,
            prefix: f.string("prefix"),
            prefix_len: f.int("prefix-len"),
            delegated_len: f.int("delegated-len"),
            excluded_prefix: f.string("excluded-prefix"),
            excluded_prefix_len: f.int("excluded-prefix-len"),
            option_data: f.list_of_maps("option-data", OptionData::lower),
            client_class: f.string("client-class"),
            rest: f.rest(),
        }
    }
    /// The pool's prefix as a network, when prefix and prefix-len are valid.
    pub fn net(&self) -> Option<IpNet> {
        let p: IpAddr = self.prefix.as_ref()?.value.parse().ok()?;
        IpNet::new(p, u8::try_from(self.prefix_len.as_ref()?.value).ok()?).ok()
    }
}

impl Emit for PdPool {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("prefix", &self.prefix);
        e.int("prefix-len", &self.prefix_len);
        e.int("delegated-len", &self.delegated_len);
        e.string("excluded-prefix", &self.excluded_prefix);
        e.int("excluded-prefix-len", &self.excluded_prefix_len);
        e.string("client-class", &self.client_class);
        e.list("option-data", &self.option_data);
        e.rest(&self.rest);
        e.finish()
    }
}

/// `relay`: `ip-addresses` (Kea 1.7+) or the older single `ip-address`.
#[derive(Clone, Debug, Default)]
pub struct Relay {
    pub span: Span,
    pub ip_addresses: Option<Spanned<Vec<SStr>>>,
    pub ip_address: Option<SStr>,
    pub rest: Vec<Member>,
}

impl Relay {
    pub fn lower(span: Span, members: Vec<Member>) -> Relay {
        let mut f = Fields::new(members);
        Relay { span, ip_addresses: f.strings("ip-addresses"), ip_address: f.string("ip-address"), rest: f.rest() }
    }
    pub fn addresses(&self) -> impl Iterator<Item = &SStr> {
        self.ip_addresses.iter().flat_map(|l| l.value.iter()).chain(self.ip_address.iter())
    }
}

impl Emit for Relay {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.strings("ip-addresses", &self.ip_addresses);
        e.string("ip-address", &self.ip_address);
        e.rest(&self.rest);
        e.finish()
    }
}
