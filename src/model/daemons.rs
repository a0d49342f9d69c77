//! The four daemons' top-level objects: Dhcp4/Dhcp6 (one type, by universe), Control-agent
//! and DhcpDdns.

use super::Lower;
use super::fields::{Emit, Emitter, Fields, SStr};
use super::options::{OptionData, OptionDefCfg};
use super::reservation::Reservation;
use super::services::{Authentication, ClientClass, ControlSocket, Database, HookLibrary, InterfacesConfig, Logger, Section};
use super::subnet::{SharedNetwork, Subnet};
use crate::source::Span;
use crate::syntax::cst::Member;
use crate::universe::Universe;
use serde_json::Value as J;

/// `Dhcp4` or `Dhcp6`.
#[derive(Clone, Debug)]
pub struct Dhcp {
    pub universe: Universe,
    pub span: Span,
    pub interfaces_config: Option<InterfacesConfig>,
    pub lease_database: Option<Database>,
    pub hosts_database: Option<Database>,
    pub hosts_databases: Option<Vec<Database>>,
    /// Kea 2.x `control-socket`.
    pub control_socket: Option<ControlSocket>,
    /// Kea 3.x `control-sockets`.
    pub control_sockets: Option<Vec<ControlSocket>>,
    pub option_def: Option<Vec<OptionDefCfg>>,
    pub option_data: Option<Vec<OptionData>>,
    pub client_classes: Option<Vec<ClientClass>>,
    pub shared_networks: Option<Vec<SharedNetwork>>,
    pub subnets: Option<Vec<Subnet>>,
    pub reservations: Option<Vec<Reservation>>,
    pub hooks_libraries: Option<Vec<HookLibrary>>,
    pub loggers: Option<Vec<Logger>>,
    pub multi_threading: Option<Section>,
    pub expired_leases_processing: Option<Section>,
    pub dhcp_ddns: Option<Section>,
    /// Global parameters and everything else, in source order.
    pub rest: Vec<Member>,
}

impl Dhcp {
    pub fn lower(universe: Universe, span: Span, members: Vec<Member>) -> Dhcp {
        let cx = Lower { universe };
        let mut f = Fields::new(members);
        Dhcp {
            universe,
            span,
            interfaces_config: f.map("interfaces-config", InterfacesConfig::lower),
            lease_database: f.map("lease-database", Database::lower),
            hosts_database: f.map("hosts-database", Database::lower),
            hosts_databases: f.list_of_maps("hosts-databases", Database::lower),
            control_socket: f.map("control-socket", ControlSocket::lower),
            control_sockets: f.list_of_maps("control-sockets", ControlSocket::lower),
            option_def: f.list_of_maps("option-def", OptionDefCfg::lower),
            option_data: f.list_of_maps("option-data", OptionData::lower),
            client_classes: f.list_of_maps("client-classes", ClientClass::lower),
            shared_networks: f.list_of_maps("shared-networks", |s, m| SharedNetwork::lower(s, m, &cx)),
            subnets: f.list_of_maps(cx.subnet_key(), |s, m| Subnet::lower(s, m, &cx)),
            reservations: f.list_of_maps("reservations", |s, m| Reservation::lower(s, m, &cx)),
            hooks_libraries: f.list_of_maps("hooks-libraries", HookLibrary::lower),
            loggers: f.list_of_maps("loggers", Logger::lower),
            multi_threading: f.map("multi-threading", Section::lower),
            expired_leases_processing: f.map("expired-leases-processing", Section::lower),
            dhcp_ddns: f.map("dhcp-ddns", Section::lower),
            rest: f.rest(),
        }
    }

    /// `subnet4` or `subnet6`.
    pub fn subnet_key(&self) -> &'static str {
        Lower { universe: self.universe }.subnet_key()
    }

    /// Every subnet, top-level ones first, then those inside shared networks, with the
    /// shared network each belongs to.
    pub fn all_subnets(&self) -> impl Iterator<Item = (Option<&SharedNetwork>, &Subnet)> {
        let top = self.subnets.iter().flatten().map(|s| (None, s));
        let inner = self.shared_networks.iter().flatten().flat_map(|n| n.subnets().iter().map(move |s| (Some(n), s)));
        top.chain(inner)
    }

    pub fn client_classes(&self) -> &[ClientClass] {
        self.client_classes.as_deref().unwrap_or(&[])
    }
    pub fn hooks_libraries(&self) -> &[HookLibrary] {
        self.hooks_libraries.as_deref().unwrap_or(&[])
    }
    /// Kea 2's `control-socket` and Kea 3's `control-sockets`, whichever the config has.
    pub fn all_control_sockets(&self) -> impl Iterator<Item = &ControlSocket> {
        self.control_socket.iter().chain(self.control_sockets.iter().flatten())
    }
    pub fn option_defs(&self) -> &[OptionDefCfg] {
        self.option_def.as_deref().unwrap_or(&[])
    }
    /// The global parameter `key`, if present.
    pub fn param(&self, key: &str) -> Option<&crate::syntax::cst::Node> {
        super::fields::rest_get(&self.rest, key).map(|m| &m.value)
    }
}

impl Emit for Dhcp {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.map("interfaces-config", &self.interfaces_config);
        e.map("lease-database", &self.lease_database);
        e.map("hosts-database", &self.hosts_database);
        e.list("hosts-databases", &self.hosts_databases);
        e.map("control-socket", &self.control_socket);
        e.list("control-sockets", &self.control_sockets);
        e.map("multi-threading", &self.multi_threading);
        e.map("expired-leases-processing", &self.expired_leases_processing);
        e.map("dhcp-ddns", &self.dhcp_ddns);
        e.list("hooks-libraries", &self.hooks_libraries);
        e.list("option-def", &self.option_def);
        e.list("option-data", &self.option_data);
        e.list("client-classes", &self.client_classes);
        e.list("reservations", &self.reservations);
        if let Some(nets) = &self.shared_networks {
            e.put("shared-networks", J::Array(nets.iter().map(|n| n.emit(self.subnet_key())).collect()));
        }
        e.list(self.subnet_key(), &self.subnets);
        e.list("loggers", &self.loggers);
        e.rest(&self.rest);
        e.finish()
    }
}

/// `Control-agent` (Kea 2.x; Kea 3 servers listen on HTTP themselves).
#[derive(Clone, Debug, Default)]
pub struct CtrlAgent {
    pub span: Span,
    /// `control-sockets`: service name (`dhcp4`, `dhcp6`, `d2`) to socket.
    pub control_sockets: Option<Vec<(SStr, ControlSocket)>>,
    pub authentication: Option<Authentication>,
    pub hooks_libraries: Option<Vec<HookLibrary>>,
    pub loggers: Option<Vec<Logger>>,
    pub rest: Vec<Member>,
}

impl CtrlAgent {
    pub fn lower(span: Span, members: Vec<Member>) -> CtrlAgent {
        let mut f = Fields::new(members);
        // A map of service name to socket; lowered only when every service's value is a map
        // (otherwise it stays in `rest` whole and the schema reports it).
        let control_sockets = f.map_if(
            "control-sockets",
            |ms| ms.iter().all(|m| m.value.as_object().is_some()),
            |_, ms| {
                ms.into_iter()
                    .map(|m| {
                        let span = m.value.span;
                        let inner = match m.value.value {
                            crate::syntax::cst::Value::Object(x) => x,
                            _ => Vec::new(),
                        };
                        (super::fields::Spanned::new(m.key, m.key_span), ControlSocket::lower(span, inner))
                    })
                    .collect()
            },
        );
        let authentication = f.map("authentication", Authentication::lower);
        let hooks_libraries = f.list_of_maps("hooks-libraries", HookLibrary::lower);
        let loggers = f.list_of_maps("loggers", Logger::lower);
        let rest = f.rest();
        CtrlAgent { span, control_sockets, authentication, hooks_libraries, loggers, rest }
    }
}

impl Emit for CtrlAgent {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        if let Some(socks) = &self.control_sockets {
            let mut m = serde_json::Map::new();
            for (k, s) in socks {
                m.insert(k.value.to_string(), s.emit());
            }
            e.put("control-sockets", J::Object(m));
        }
        e.map("authentication", &self.authentication);
        e.list("hooks-libraries", &self.hooks_libraries);
        e.list("loggers", &self.loggers);
        e.rest(&self.rest);
        e.finish()
    }
}

/// `DhcpDdns` (kea-dhcp-ddns, "D2").
#[derive(Clone, Debug, Default)]
pub struct DhcpDdns {
    pub span: Span,
    pub tsig_keys: Option<Vec<Section>>,
    pub forward_ddns: Option<DdnsDomains>,
    pub reverse_ddns: Option<DdnsDomains>,
    pub control_socket: Option<ControlSocket>,
    pub control_sockets: Option<Vec<ControlSocket>>,
    pub hooks_libraries: Option<Vec<HookLibrary>>,
    pub loggers: Option<Vec<Logger>>,
    pub rest: Vec<Member>,
}

impl DhcpDdns {
    pub fn lower(span: Span, members: Vec<Member>) -> DhcpDdns {
        let mut f = Fields::new(members);
        DhcpDdns {
            span,
            tsig_keys: f.list_of_maps("tsig-keys", Section::lower),
            forward_ddns: f.map("forward-ddns", DdnsDomains::lower),
            reverse_ddns: f.map("reverse-ddns", DdnsDomains::lower),
            control_socket: f.map("control-socket", ControlSocket::lower),
            control_sockets: f.list_of_maps("control-sockets", ControlSocket::lower),
            hooks_libraries: f.list_of_maps("hooks-libraries", HookLibrary::lower),
            loggers: f.list_of_maps("loggers", Logger::lower),
            rest: f.rest(),
        }
    }

    /// Kea 2's `control-socket` and Kea 3's `control-sockets`, whichever the config has.
    pub fn all_control_sockets(&self) -> impl Iterator<Item = &ControlSocket> {
        self.control_socket.iter().chain(self.control_sockets.iter().flatten())
    }
}

impl Emit for DhcpDdns {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.list("tsig-keys", &self.tsig_keys);
        e.map("forward-ddns", &self.forward_ddns);
        e.map("reverse-ddns", &self.reverse_ddns);
        e.map("control-socket", &self.control_socket);
        e.list("control-sockets", &self.control_sockets);
        e.list("hooks-libraries", &self.hooks_libraries);
        e.list("loggers", &self.loggers);
        e.rest(&self.rest);
        e.finish()
    }
}

/// `forward-ddns` / `reverse-ddns`: a list of DNS domains with their servers.
#[derive(Clone, Debug, Default)]
pub struct DdnsDomains {
    pub span: Span,
    pub ddns_domains: Option<Vec<DdnsDomain>>,
    pub rest: Vec<Member>,
}

impl DdnsDomains {
    pub fn lower(span: Span, members: Vec<Member>) -> DdnsDomains {
        let mut f = Fields::new(members);
        DdnsDomains { span, ddns_domains: f.list_of_maps("ddns-domains", DdnsDomain::lower), rest: f.rest() }
    }
}

impl Emit for DdnsDomains {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.list("ddns-domains", &self.ddns_domains);
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct DdnsDomain {
    pub span: Span,
    pub name: Option<SStr>,
    pub key_name: Option<SStr>,
    pub dns_servers: Option<Vec<Section>>,
    pub rest: Vec<Member>,
}

impl DdnsDomain {
    pub fn lower(span: Span, members: Vec<Member>) -> DdnsDomain {
        let mut f = Fields::new(members);
        DdnsDomain {
            span,
            name: f.string("name"),
            key_name: f.string("key-name"),
            dns_servers: f.list_of_maps("dns-servers", Section::lower),
            rest: f.rest(),
        }
    }
}

impl Emit for DdnsDomain {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("name", &self.name);
        e.string("key-name", &self.key_name);
        e.list("dns-servers", &self.dns_servers);
        e.rest(&self.rest);
        e.finish()
    }
}
