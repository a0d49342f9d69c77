//! Shared output helpers: report format selection and diagnostic printing.

use crate::diag::Diagnostic;
use crate::source::SourceMap;
use std::io::IsTerminal;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable diagnostics with source excerpts
    #[default]
    Text,
    /// One JSON document with every diagnostic
    Json,
    /// One line per diagnostic: file:line:col: severity[code]: message
    Short,
}

/// Print diagnostics for people on stderr (colour only on a terminal).
pub fn print_text(diags: &[Diagnostic], sources: &SourceMap) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags {
        eprint!("{}", d.render(sources, color));
    }
}

pub fn print_short(diags: &[Diagnostic], sources: &SourceMap) {
    for d in diags {
        println!("{}", d.short(sources));
    }
}
