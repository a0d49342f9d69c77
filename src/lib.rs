//! keakit: one typed model of ISC Kea's configuration, with front ends (Kea JSON, later
//! dhcpd.conf) and back ends (check, fmt, later lint, diff, serve). See ARCHITECTURE.md.

pub mod check;
pub mod cli;
pub mod ctl;
pub mod daemon;
pub mod dhcpd;
pub mod diag;
pub mod expr;
pub mod fmt;
pub mod leases;
pub mod migrate;
pub mod model;
pub mod options;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod universe;
pub mod version;
