//! Kea's option data types and the definition of one option (standard or custom).

use crate::universe::Universe;
use crate::version::KeaVersion;

/// The data types Kea knows for option fields (`type` and `record-types` of an option-def).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionType {
    Binary,
    Boolean,
    Empty,
    Fqdn,
    Ipv4Address,
    Ipv6Address,
    Ipv6Prefix,
    Psid,
    Record,
    String,
    Tuple,
    Uint8,
    Uint16,
    Uint32,
    Int8,
    Int16,
    Int32,
    /// Options Kea encodes with its own code (classless routes, DNR, PD exclude, ...):
    /// not configurable in an option-def, and not validated by this codec.
    Internal,
}

impl OptionType {
    /// Every type with its Kea name (the order is the one Kea's docs use).
    pub const ALL: [(OptionType, &'static str); 18] = [
        (OptionType::Binary, "binary"),
        (OptionType::Boolean, "boolean"),
        (OptionType::Empty, "empty"),
        (OptionType::Fqdn, "fqdn"),
        (OptionType::Ipv4Address, "ipv4-address"),
        (OptionType::Ipv6Address, "ipv6-address"),
        (OptionType::Ipv6Prefix, "ipv6-prefix"),
        (OptionType::Psid, "psid"),
        (OptionType::Record, "record"),
        (OptionType::String, "string"),
        (OptionType::Tuple, "tuple"),
        (OptionType::Uint8, "uint8"),
        (OptionType::Uint16, "uint16"),
        (OptionType::Uint32, "uint32"),
        (OptionType::Int8, "int8"),
        (OptionType::Int16, "int16"),
        (OptionType::Int32, "int32"),
        (OptionType::Internal, "internal"),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(t, _)| *t == self).map(|(_, n)| *n).unwrap_or("?")
    }

    /// The type of a Kea type name (exact, lower case, as Kea requires).
    pub fn from_name(s: &str) -> Option<OptionType> {
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(t, _)| *t)
    }

    /// Whether an option-def may use this type (Kea 2.2 rejects `internal`:
    /// "option type 18 not supported").
    pub fn configurable(self) -> bool {
        self != OptionType::Internal
    }

    /// Whether Kea allows `array: true` with this type (not string, binary, empty: Kea says
    /// "array of strings is not a valid option definition").
    pub fn arrayable(self) -> bool {
        !matches!(self, OptionType::String | OptionType::Binary | OptionType::Empty | OptionType::Internal)
    }

    /// Whether the type may be a field of a record (not record, empty, internal).
    pub fn in_record(self) -> bool {
        !matches!(self, OptionType::Record | OptionType::Empty | OptionType::Internal)
    }

    /// Variable-length types that take the rest of the option: only last in a record.
    pub fn takes_rest(self) -> bool {
        matches!(self, OptionType::String | OptionType::Binary)
    }

    /// Signed range of an integer type.
    pub fn int_range(self) -> Option<(i64, i64, usize)> {
        Some(match self {
            OptionType::Uint8 => (0, u8::MAX as i64, 1),
            OptionType::Uint16 => (0, u16::MAX as i64, 2),
            OptionType::Uint32 => (0, u32::MAX as i64, 4),
            OptionType::Int8 => (i8::MIN as i64, i8::MAX as i64, 1),
            OptionType::Int16 => (i16::MIN as i64, i16::MAX as i64, 2),
            OptionType::Int32 => (i32::MIN as i64, i32::MAX as i64, 4),
            _ => return None,
        })
    }
}

/// One option definition. `Copy`: standard ones live in static tables, custom ones borrow
/// their strings from the registry that holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionDef<'a> {
    pub name: &'a str,
    pub code: u16,
    /// The option space the option lives in (`dhcp4`, `dhcp6`, `vendor-4491`, custom ...).
    pub space: &'a str,
    pub ty: OptionType,
    /// Repeated values of `ty` (for records: the last field repeats).
    pub array: bool,
    /// Field types of a `record` (empty otherwise).
    pub record_types: &'a [OptionType],
    /// The space of the sub-options this option carries, if any.
    pub encapsulate: Option<&'a str>,
    /// v4 or v6: decides the width of tuple lengths.
    pub universe: Universe,
    /// First Kea version that defines this option (custom ones: always).
    pub since: KeaVersion,
}

impl<'a> OptionDef<'a> {
    /// A definition with no array, record or encapsulation (used to build the tables).
    pub const fn new(name: &'a str, code: u16, ty: OptionType) -> OptionDef<'a> {
        OptionDef {
            name,
            code,
            space: "",
            ty,
            array: false,
            record_types: &[],
            encapsulate: None,
            universe: Universe::V4,
            since: KeaVersion::V2_2,
        }
    }
    pub const fn array(self) -> Self {
        OptionDef { array: true, ..self }
    }
    pub const fn record(self, fields: &'a [OptionType]) -> Self {
        OptionDef { ty: OptionType::Record, record_types: fields, ..self }
    }
    pub const fn encapsulate(self, space: &'a str) -> Self {
        OptionDef { encapsulate: Some(space), ..self }
    }
    pub const fn since(self, v: KeaVersion) -> Self {
        OptionDef { since: v, ..self }
    }

    /// The field types in wire order: the record's fields, or the single type.
    pub fn fields(&self) -> &[OptionType] {
        if self.ty == OptionType::Record { self.record_types } else { std::slice::from_ref(&self.ty) }
    }

    /// `array`, `record (uint8, fqdn)`, ... for messages.
    pub fn type_text(&self) -> String {
        let base = if self.ty == OptionType::Record {
            format!("record ({})", self.record_types.iter().map(|t| t.name()).collect::<Vec<_>>().join(", "))
        } else {
            self.ty.name().to_string()
        };
        if self.array { format!("array of {base}") } else { base }
    }
}

/// `valid_name`'s rule, for help texts.
pub const NAME_RULE: &str = "letters, digits, `-` and `_`, beginning and ending with a letter or digit";

/// Kea's rule for option and option space names: letters, digits, `-` and `_`, not
/// starting or ending with `-` or `_` (verified: Kea 2.2 rejects `-foo`, `foo-`, `_foo`,
/// `foo_`, `foo.bar`, `foo bar`, `` and accepts `foo_bar`, `a__b`, `123`, `1sp`; 3.0.4
/// rejects `_a` and `ab_` too).
pub fn valid_name(s: &str) -> bool {
    let edge = |c: Option<u8>| c.is_some_and(|b| b.is_ascii_alphanumeric());
    edge(s.bytes().next()) && edge(s.bytes().last()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
