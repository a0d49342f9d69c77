//! Kea's client-class expression language: the one engine `check`, `serve`, `migrate` and
//! `lint` share.
//!
//! - `parser::parse` text → `ast::Expr` (spans relative to the text; option names resolved
//!   through a callback so this module does not depend on the option tables);
//! - `typeck::check` string vs boolean, with precise messages;
//! - `eval` evaluates against any `eval::Packet` without allocating per packet;
//! - `print` gives canonical Kea text back (`parse(print(e)) == e`);
//! - `compat` says which Kea versions accept a construct.
//!
//! Verified with `kea-dhcp4 -t` / `kea-dhcp6 -t` 2.2: every construct of the ARM's tables
//! except `known`, `unknown`, `lcase` and `ucase`, which Kea 2.2 rejects as "Invalid
//! character" (2.2's grammar has no such tokens although its ARM lists `known`/`unknown`).

pub mod ast;
pub mod compat;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod print;
pub mod typeck;

#[cfg(test)]
mod tests;

pub use ast::{Expr, ExprKind, TextRange, Type};
pub use parser::{ParseOptions, parse};

/// A problem in an expression, located in the expression text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// Stable diagnostic code: `expr-syntax`, `expr-type`, `expr-range`, `expr-universe`,
    /// `expr-unknown-option`.
    pub code: &'static str,
    pub message: String,
    pub span: TextRange,
    pub help: Option<String>,
}

impl ExprError {
    pub fn new(code: &'static str, message: impl Into<String>, span: TextRange) -> ExprError {
        ExprError { code, message: message.into(), span, help: None }
    }
    pub fn help(mut self, help: impl Into<String>) -> ExprError {
        self.help = Some(help.into());
        self
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}..{}", self.message, self.span.start, self.span.end)
    }
}

/// Parse and type-check: the usual entry point. `want` is `Type::Bool` for a class `test`,
/// `Type::String` for a `template-test`; `what` names it in messages.
pub fn parse_typed(src: &str, opts: &ParseOptions, want: Type, what: &str) -> Result<Expr, ExprError> {
    let e = parse(src, opts)?;
    typeck::check(&e, want, what)?;
    Ok(e)
}
