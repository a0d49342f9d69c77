//! `OptionDefs`: the definitions in force for one DHCP server — the standard tables of its
//! universe plus the custom `option-def`s of its config — looked up by (space, name) and
//! (space, code).

use super::std::{SPACES, StdSpace};
use super::types::{OptionDef, OptionType};
use crate::syntax::cst::Str;
use crate::universe::Universe;
use crate::version::KeaVersion;

/// A custom definition, owning its strings (from an `option-def` entry or built by code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomDef {
    pub name: Str,
    pub code: u16,
    pub space: Str,
    pub ty: OptionType,
    pub array: bool,
    pub record_types: Vec<OptionType>,
    pub encapsulate: Option<Str>,
}

impl CustomDef {
    pub fn as_def(&self, universe: Universe) -> OptionDef<'_> {
        OptionDef {
            name: &self.name,
            code: self.code,
            space: &self.space,
            ty: self.ty,
            array: self.array,
            record_types: &self.record_types,
            encapsulate: self.encapsulate.as_deref(),
            universe,
            since: KeaVersion::V2_2,
        }
    }
}

#[derive(Clone, Debug)]
pub struct OptionDefs {
    pub universe: Universe,
    custom: Vec<CustomDef>,
}

/// Standard spaces of a universe, including aliases, with the name under which to report.
fn std_spaces(u: Universe) -> impl Iterator<Item = &'static StdSpace> {
    SPACES.iter().filter(move |s| s.universe == u)
}

fn std_space(u: Universe, space: &str) -> Option<&'static StdSpace> {
    std_spaces(u).find(|s| s.name == space || s.aliases.contains(&space))
}

/// A standard table entry with its space and universe filled in.
fn placed(d: &'static OptionDef<'static>, s: &'static StdSpace) -> OptionDef<'static> {
    OptionDef { space: s.name, universe: s.universe, ..*d }
}

impl OptionDefs {
    /// The standard definitions of a universe, no custom ones.
    pub fn standard(universe: Universe) -> OptionDefs {
        OptionDefs { universe, custom: Vec::new() }
    }

    /// Add a custom definition. Later lookups prefer custom definitions over standard ones
    /// (Kea lets a config redefine options of vendor and sub-option spaces; in the
    /// top-level space it refuses, which `check` reports before adding).
    pub fn add(&mut self, def: CustomDef) {
        self.custom.push(def);
    }

    pub fn custom(&self) -> impl Iterator<Item = OptionDef<'_>> {
        self.custom.iter().map(|c| c.as_def(self.universe))
    }

    /// The standard definition of `name` in `space` (any Kea version).
    pub fn std_by_name(universe: Universe, space: &str, name: &str) -> Option<OptionDef<'static>> {
        let s = std_space(universe, space)?;
        s.defs.iter().find(|d| d.name == name).map(|d| placed(d, s))
    }

    /// The standard definition of `code` in `space` (any Kea version).
    pub fn std_by_code(universe: Universe, space: &str, code: u16) -> Option<OptionDef<'static>> {
        let s = std_space(universe, space)?;
        let i = s.defs.binary_search_by_key(&code, |d| d.code).ok()?;
        Some(placed(&s.defs[i], s))
    }

    pub fn by_name(&self, space: &str, name: &str) -> Option<OptionDef<'_>> {
        self.custom
            .iter()
            .find(|c| c.space == space && c.name == name)
            .map(|c| c.as_def(self.universe))
            .or_else(|| Self::std_by_name(self.universe, space, name))
    }

    pub fn by_code(&self, space: &str, code: u16) -> Option<OptionDef<'_>> {
        self.custom
            .iter()
            .find(|c| c.space == space && c.code == code)
            .map(|c| c.as_def(self.universe))
            .or_else(|| Self::std_by_code(self.universe, space, code))
    }

    /// Whether `space` is a standard space of this universe (or an alias of one).
    pub fn is_std_space(&self, space: &str) -> bool {
        std_space(self.universe, space).is_some()
    }

    /// Whether any definition (standard or custom) lives in `space`, or an option
    /// encapsulates it.
    pub fn space_is_known(&self, space: &str) -> bool {
        self.is_std_space(space) || self.custom.iter().any(|c| c.space == space || c.encapsulate.as_deref() == Some(space))
    }

    /// Every option name defined in `space` (for did-you-mean).
    pub fn names_in<'s>(&'s self, space: &'s str) -> impl Iterator<Item = &'s str> + 's {
        let std = std_space(self.universe, space).map(|s| s.defs).unwrap_or(&[]);
        std.iter().map(|d| d.name).chain(self.custom.iter().filter(move |c| c.space == space).map(|c| &*c.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_by_name_and_code() {
        let defs = OptionDefs::standard(Universe::V4);
        let r = defs.by_name("dhcp4", "routers").unwrap();
        assert_eq!((r.code, r.space, r.array, r.ty), (3, "dhcp4", true, OptionType::Ipv4Address));
        assert_eq!(defs.by_code("dhcp4", 6).unwrap().name, "domain-name-servers");
        assert_eq!(defs.by_code("dhcp4", 82).unwrap().encapsulate, Some("dhcp-agent-options-space"));
        assert!(defs.by_name("dhcp6", "dns-servers").is_none(), "v6 table is not visible to a v4 server");
        // The DOCSIS space is reachable by both of the names Kea accepts.
        assert_eq!(defs.by_name("docsis3-v4", "tftp-servers").unwrap().code, 2);
        assert_eq!(defs.by_name("vendor-4491", "tftp-servers").unwrap().space, "vendor-4491");
        let v6 = OptionDefs::standard(Universe::V6);
        assert_eq!(v6.by_name("s46-cont-mape-options", "s46-rule").unwrap().encapsulate, Some("s46-rule-options"));
        assert_eq!(v6.by_code("vendor-4491", 1027).unwrap().name, "cmts-cm-mac");
    }

    #[test]
    fn custom_definitions_are_found_and_preferred() {
        let mut defs = OptionDefs::standard(Universe::V4);
        defs.add(CustomDef {
            name: "foo".into(),
            code: 1,
            space: "vendor-4491".into(),
            ty: OptionType::Uint8,
            array: false,
            record_types: vec![],
            encapsulate: None,
        });
        assert_eq!(defs.by_code("vendor-4491", 1).unwrap().name, "foo");
        assert!(defs.space_is_known("vendor-4491"));
        assert!(!defs.space_is_known("nothing-here"));
    }
}
