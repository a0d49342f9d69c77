//! Kea's JSON-with-comments: the CST and its parser.
pub mod cst;
