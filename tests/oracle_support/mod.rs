//! Support code of the oracle suite (tests/oracle.rs): seed configs and their mutations.
pub mod mutate;
pub mod seeds;
