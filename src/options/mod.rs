//! The one option engine: Kea's option data types, the standard DHCPv4/DHCPv6 option
//! tables and their sub-option spaces, custom definitions (`OptionDefs`), and the data
//! codec (csv or hex text ↔ wire bytes). `check` validates option-data and option-def with
//! it; migrate, lint and serve are meant to use the same engine.

pub mod codec;
pub mod hex;
pub mod registry;
pub mod routes;
pub mod std;
pub mod types;

pub use codec::{CodecError, CodecErrorKind, DecodeError, Encoded, decode, encode, encode_detailed};
pub use registry::{CustomDef, OptionDefs};
pub use types::{NAME_RULE, OptionDef, OptionType, valid_name};

#[cfg(test)]
mod tests;
