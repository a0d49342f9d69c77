//! Which keys each Kea map accepts, with their types, ranges, enums and the Kea versions
//! they exist in; and the generic validator that checks a CST against them.
//!
//! `tables.rs` is generated from the BNF grammars in the Kea ARM (2.2, 2.6, 3.0) by
//! `gen_tables.py` (2.4 is derived from the ChangeLog, see there); `rules.rs` holds the
//! facts the grammar does not show (ranges, renames), each verified with Kea or sourced.
//!
//! Codes: `unknown-key`, `duplicate-key`, `wrong-type`, `out-of-range`, `bad-value`,
//! `empty-map`, `empty-list`, `missing-key` (no daemon map), `removed-key` (valid only in an
//! older Kea than the target) are errors (Kea rejects); `deprecated-key` is a warning.

mod rules;
mod tables;
mod ty;
mod validate;

pub use ty::{Ctx, Key, Ty, Versions};
pub use validate::validate;

/// The key table of a daemon's top-level map (`Dhcp4` …), for tools such as completion.
pub fn root_context(daemon: crate::daemon::Daemon) -> &'static Ctx {
    use crate::daemon::Daemon;
    &tables::CONTEXTS[match daemon {
        Daemon::Dhcp4 => tables::ROOT_DHCP4,
        Daemon::Dhcp6 => tables::ROOT_DHCP6,
        Daemon::CtrlAgent => tables::ROOT_CONTROL_AGENT,
        Daemon::D2 => tables::ROOT_DHCPDDNS,
    }]
}

/// Whether `key` is accepted directly in `daemon`'s top-level map by Kea `version`.
pub fn accepts_global(daemon: crate::daemon::Daemon, key: &str, version: crate::version::KeaVersion) -> bool {
    root_context(daemon).entries(key).iter().any(|k| k.versions & ty::bit(version) != 0)
}

#[cfg(test)]
mod tests;
