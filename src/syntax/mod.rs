//! Kea's JSON-with-comments: lexer, include splicing, parser with recovery, and the CST.
//! `grammar/kea.pest` is the normative grammar this implements.
pub mod brackets;
pub mod cst;
pub mod lexer;
pub mod load;
pub mod parser;
pub mod reference;

pub use cst::{Document, Member, Node, Value};
pub use load::{ReadError, load_file, load_str};
#[cfg(test)]
mod tests;
