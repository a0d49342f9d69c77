//! keakit: one typed model of ISC Kea's configuration, with front ends (Kea JSON, dhcpd.conf,
//! a live server) and back ends (check, lint, fmt, diff, migrate, serve). See ARCHITECTURE.md.

pub mod check;
pub mod cli;
pub mod ctl;
pub mod daemon;
pub mod dhcpd;
pub mod diag;
pub mod diff;
pub mod expr;
pub mod fmt;
pub mod fsutil;
pub mod leases;
pub mod lint;
pub mod memory;
pub mod migrate;
pub mod model;
pub mod options;
pub mod schema;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod timing;
pub mod universe;
pub mod version;
