//! The shape of the key tables: what a map context accepts and in which Kea versions.

use crate::version::KeaVersion;

/// Set of Kea versions (bit per entry of `KeaVersion::KNOWN`).
pub type Versions = u8;
pub const V22: Versions = 1;
pub const V24: Versions = 2;
pub const V26: Versions = 4;
pub const V30: Versions = 8;

/// The bit of one known version (0 for an unknown one, which then matches nothing).
pub fn bit(v: KeaVersion) -> Versions {
    KeaVersion::KNOWN.iter().position(|k| *k == v).map_or(0, |i| 1 << i)
}

/// The oldest known version in a set, for "only accepted from Kea X" messages.
pub fn first(vs: Versions) -> Option<KeaVersion> {
    (0..KeaVersion::KNOWN.len()).find(|i| vs & (1 << i) != 0).map(|i| KeaVersion::KNOWN[i])
}

/// The newest known version in a set.
pub fn last(vs: Versions) -> Option<KeaVersion> {
    (0..KeaVersion::KNOWN.len()).rev().find(|i| vs & (1 << i) != 0).map(|i| KeaVersion::KNOWN[i])
}

/// What a key's value must be. Indices point into `tables::CONTEXTS`.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Int,
    /// Kea's grammar wants a FLOAT token here: `1` is rejected, `1.0` accepted.
    Real,
    Bool,
    Str,
    /// Any JSON value.
    Any,
    /// Any map (user-context, hook parameters): contents not checked, duplicates are.
    AnyMap,
    AnyList,
    StrList,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A list of strings, each one of these.
    EnumList(&'static [&'static str]),
    Map(usize),
    MapList(usize),
}

/// One accepted key of a map context.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub ty: Ty,
    pub versions: Versions,
}

/// A map context: the keys one kind of Kea map accepts, sorted by name (a key may appear
/// more than once, with disjoint version sets, when its type changed).
#[derive(Debug)]
pub struct Ctx {
    pub daemon: &'static str,
    /// The grammar's name for the context (`subnet4_params`), used in messages as a fallback.
    pub name: &'static str,
    /// Kea's grammar has no empty alternative here: `{}` is a syntax error.
    pub nonempty: bool,
    pub keys: &'static [Key],
}

impl Ctx {
    /// All entries for `name` (usually one), found by binary search: no allocation.
    pub fn entries(&self, name: &str) -> &'static [Key] {
        let lo = self.keys.partition_point(|k| k.name < name);
        let hi = lo + self.keys[lo..].iter().take_while(|k| k.name == name).count();
        &self.keys[lo..hi]
    }
}
