//! The typed model of Kea's configuration, shared by every front end and back end.
//!
//! Structure and identity (subnets, pools, reservations, options, classes, sockets,
//! databases, hooks, loggers) are typed; scalar parameters stay as CST members in each
//! object's `rest`, because Kea inherits them *by name* across global, shared-network,
//! subnet and pool scopes, and because keeping them as written makes `emit` lossless.
//! Lowering never fails: a value of the wrong shape simply stays in `rest`, and
//! `crate::schema` reports it with its span. `emit` gives back the same JSON value.

pub mod addr;
pub mod daemons;
pub mod fields;
pub mod options;
pub mod reservation;
pub mod services;
pub mod subnet;
pub mod tsig;

pub use daemons::{CtrlAgent, DdnsDomain, DdnsDomains, Dhcp, DhcpDdns};
pub use fields::{Emit, SStr, Spanned};
pub use options::{OptionData, OptionDefCfg};
pub use reservation::{IdentifierType, Reservation};
pub use services::{Authentication, ClientClass, ControlSocket, Database, HookLibrary, InterfacesConfig, Logger, Section};
pub use subnet::{PdPool, Pool, Relay, SharedNetwork, Subnet};

use crate::source::Span;
use crate::syntax::cst::{Member, Node, Value};
use crate::universe::Universe;
use fields::{Emitter, Fields};
use serde_json::Value as J;

/// Context while lowering (what universe the subnets and reservations belong to).
pub struct Lower {
    pub universe: Universe,
}

impl Lower {
    pub fn subnet_key(&self) -> &'static str {
        match self.universe {
            Universe::V4 => "subnet4",
            Universe::V6 => "subnet6",
        }
    }
}

/// One config file's top-level map.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub span: Span,
    pub dhcp4: Option<Dhcp>,
    pub dhcp6: Option<Dhcp>,
    pub ctrl_agent: Option<CtrlAgent>,
    pub d2: Option<DhcpDdns>,
    /// Other top-level keys (e.g. the pre-2.0 `Logging`), kept as written.
    pub rest: Vec<Member>,
}

impl Config {
    /// Lower a parsed root. A root that is not a map gives an empty config (the schema
    /// reports it); lowering itself never fails.
    pub fn lower(root: Node) -> Config {
        let span = root.span;
        let members = match root.value {
            Value::Object(m) => m,
            other => {
                return Config {
                    span,
                    rest: vec![Member { key: "".into(), key_span: span, value: Node { span, value: other } }],
                    ..Default::default()
                };
            }
        };
        let mut f = Fields::new(members);
        Config {
            span,
            dhcp4: f.map("Dhcp4", |s, m| Dhcp::lower(Universe::V4, s, m)),
            dhcp6: f.map("Dhcp6", |s, m| Dhcp::lower(Universe::V6, s, m)),
            ctrl_agent: f.map("Control-agent", CtrlAgent::lower),
            d2: f.map("DhcpDdns", DhcpDdns::lower),
            rest: f.rest(),
        }
    }

    /// The Kea JSON value of this config.
    pub fn emit(&self) -> J {
        // A non-map root was kept under an empty key: give it back as it was.
        if let [m] = self.rest.as_slice()
            && m.key.is_empty()
            && self.dhcp4.is_none()
            && self.dhcp6.is_none()
            && self.ctrl_agent.is_none()
            && self.d2.is_none()
        {
            return m.value.to_json();
        }
        let mut e = Emitter::new();
        e.map("Dhcp4", &self.dhcp4);
        e.map("Dhcp6", &self.dhcp6);
        e.map("Control-agent", &self.ctrl_agent);
        e.map("DhcpDdns", &self.d2);
        e.rest(&self.rest);
        e.finish()
    }

    /// The DHCP server object of a universe.
    pub fn dhcp(&self, u: Universe) -> Option<&Dhcp> {
        match u {
            Universe::V4 => self.dhcp4.as_ref(),
            Universe::V6 => self.dhcp6.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests;
