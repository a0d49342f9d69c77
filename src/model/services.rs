//! The service sections: interfaces, databases, control sockets, hooks, loggers, client
//! classes. Parameters the model does not need typed stay in `rest` (nothing is lost).

use super::fields::{Emit, Emitter, Fields, SStr, Spanned};
use super::options::{OptionData, OptionDefCfg};
use crate::source::Span;
use crate::syntax::cst::{Member, Node};
use serde_json::Value as J;

/// A map the model keeps whole (its keys are checked by the schema).
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub span: Span,
    pub rest: Vec<Member>,
}

impl Section {
    pub fn lower(span: Span, members: Vec<Member>) -> Section {
        Section { span, rest: members }
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        super::fields::rest_get(&self.rest, key).map(|m| &m.value)
    }
}

impl Emit for Section {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct InterfacesConfig {
    pub span: Span,
    pub interfaces: Option<Spanned<Vec<SStr>>>,
    pub rest: Vec<Member>,
}

impl InterfacesConfig {
    pub fn lower(span: Span, members: Vec<Member>) -> InterfacesConfig {
        let mut f = Fields::new(members);
        InterfacesConfig { span, interfaces: f.strings("interfaces"), rest: f.rest() }
    }
}

impl Emit for InterfacesConfig {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.strings("interfaces", &self.interfaces);
        e.rest(&self.rest);
        e.finish()
    }
}

/// lease-database, hosts-database, an entry of hosts-databases or config-databases.
#[derive(Clone, Debug, Default)]
pub struct Database {
    pub span: Span,
    pub ty: Option<SStr>,
    pub name: Option<SStr>,
    pub persist: Option<Spanned<bool>>,
    pub lfc_interval: Option<Spanned<i64>>,
    pub rest: Vec<Member>,
}

impl Database {
    pub fn lower(span: Span, members: Vec<Member>) -> Database {
        let mut f = Fields::new(members);
        Database {
            span,
            ty: f.string("type"),
            name: f.string("name"),
            persist: f.bool("persist"),
            lfc_interval: f.int("lfc-interval"),
            rest: f.rest(),
        }
    }
}

impl Emit for Database {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("type", &self.ty);
        e.string("name", &self.name);
        e.bool("persist", &self.persist);
        e.int("lfc-interval", &self.lfc_interval);
        e.rest(&self.rest);
        e.finish()
    }
}

/// A control socket: Kea 2.x `control-socket` (unix) or an entry of Kea 3 `control-sockets`
/// (unix, http, https), or a Control-agent per-service socket.
#[derive(Clone, Debug, Default)]
pub struct ControlSocket {
    pub span: Span,
    pub socket_type: Option<SStr>,
    pub socket_name: Option<SStr>,
    pub socket_address: Option<SStr>,
    pub socket_port: Option<Spanned<i64>>,
    pub trust_anchor: Option<SStr>,
    pub cert_file: Option<SStr>,
    pub key_file: Option<SStr>,
    pub cert_required: Option<Spanned<bool>>,
    pub authentication: Option<Authentication>,
    pub rest: Vec<Member>,
}

impl ControlSocket {
    pub fn lower(span: Span, members: Vec<Member>) -> ControlSocket {
        let mut f = Fields::new(members);
        ControlSocket {
            span,
            socket_type: f.string("socket-type"),
            socket_name: f.string("socket-name"),
            socket_address: f.string("socket-address"),
            socket_port: f.int("socket-port"),
            trust_anchor: f.string("trust-anchor"),
            cert_file: f.string("cert-file"),
            key_file: f.string("key-file"),
            cert_required: f.bool("cert-required"),
            authentication: f.map("authentication", Authentication::lower),
            rest: f.rest(),
        }
    }
}

impl Emit for ControlSocket {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("socket-type", &self.socket_type);
        e.string("socket-name", &self.socket_name);
        e.string("socket-address", &self.socket_address);
        e.int("socket-port", &self.socket_port);
        e.string("trust-anchor", &self.trust_anchor);
        e.string("cert-file", &self.cert_file);
        e.string("key-file", &self.key_file);
        e.bool("cert-required", &self.cert_required);
        e.map("authentication", &self.authentication);
        e.rest(&self.rest);
        e.finish()
    }
}

/// HTTP basic authentication of a control socket or the Control-agent.
#[derive(Clone, Debug, Default)]
pub struct Authentication {
    pub span: Span,
    pub ty: Option<SStr>,
    pub realm: Option<SStr>,
    pub clients: Option<Vec<Section>>,
    pub rest: Vec<Member>,
}

impl Authentication {
    pub fn lower(span: Span, members: Vec<Member>) -> Authentication {
        let mut f = Fields::new(members);
        Authentication {
            span,
            ty: f.string("type"),
            realm: f.string("realm"),
            clients: f.list_of_maps("clients", Section::lower),
            rest: f.rest(),
        }
    }
}

impl Emit for Authentication {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("type", &self.ty);
        e.string("realm", &self.realm);
        e.list("clients", &self.clients);
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct HookLibrary {
    pub span: Span,
    pub library: Option<SStr>,
    /// Hook parameters are the hook's business: kept as JSON (HA, lease_cmds, ...).
    pub parameters: Option<Node>,
    pub rest: Vec<Member>,
}

impl HookLibrary {
    pub fn lower(span: Span, members: Vec<Member>) -> HookLibrary {
        let mut f = Fields::new(members);
        HookLibrary { span, library: f.string("library"), parameters: f.node("parameters"), rest: f.rest() }
    }
    /// The library's file name without directory, e.g. `libdhcp_ha.so`.
    pub fn file_name(&self) -> Option<&str> {
        let l = self.library.as_ref()?;
        Some(l.value.rsplit('/').next().unwrap_or(&l.value))
    }

    /// Whether this entry loads the hook `stem` (`libdhcp_ha` for `.../libdhcp_ha.so`).
    pub fn loads(&self, stem: &str) -> bool {
        self.file_name().and_then(|f| f.strip_prefix(stem)).is_some_and(|rest| rest.starts_with('.'))
    }
}

impl Emit for HookLibrary {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("library", &self.library);
        e.node("parameters", &self.parameters);
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Logger {
    pub span: Span,
    pub name: Option<SStr>,
    pub severity: Option<SStr>,
    pub debuglevel: Option<Spanned<i64>>,
    /// `output-options` (Kea 2.5+) or `output_options` (older); the key used is kept.
    pub output_options: Option<(crate::syntax::cst::Str, Vec<Section>)>,
    pub rest: Vec<Member>,
}

impl Logger {
    pub fn lower(span: Span, members: Vec<Member>) -> Logger {
        let mut f = Fields::new(members);
        let name = f.string("name");
        let severity = f.string("severity");
        let debuglevel = f.int("debuglevel");
        let output_options = ["output-options", "output_options"]
            .iter()
            .find_map(|k| f.list_of_maps(k, Section::lower).map(|l| (crate::syntax::cst::Str::from(*k), l)));
        Logger { span, name, severity, debuglevel, output_options, rest: f.rest() }
    }
}

impl Emit for Logger {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("name", &self.name);
        e.string("severity", &self.severity);
        e.int("debuglevel", &self.debuglevel);
        if let Some((k, l)) = &self.output_options {
            e.put(k, J::Array(l.iter().map(Emit::emit).collect()));
        }
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct ClientClass {
    pub span: Span,
    pub name: Option<SStr>,
    pub test: Option<SStr>,
    pub template_test: Option<SStr>,
    pub only_if_required: Option<Spanned<bool>>,
    pub option_data: Option<Vec<OptionData>>,
    pub option_def: Option<Vec<OptionDefCfg>>,
    pub rest: Vec<Member>,
}

impl ClientClass {
    pub fn lower(span: Span, members: Vec<Member>) -> ClientClass {
        let mut f = Fields::new(members);
        ClientClass {
            span,
            name: f.string("name"),
            test: f.string("test"),
            template_test: f.string("template-test"),
            only_if_required: f.bool("only-if-required"),
            option_data: f.list_of_maps("option-data", OptionData::lower),
            option_def: f.list_of_maps("option-def", OptionDefCfg::lower),
            rest: f.rest(),
        }
    }
}

impl Emit for ClientClass {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("name", &self.name);
        e.string("test", &self.test);
        e.string("template-test", &self.template_test);
        e.bool("only-if-required", &self.only_if_required);
        e.list("option-def", &self.option_def);
        e.list("option-data", &self.option_data);
        e.rest(&self.rest);
        e.finish()
    }
}
