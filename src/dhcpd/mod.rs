//! ISC DHCP's configuration language: dhcpd.conf and dhcpd.leases (same lexical rules).
//! `grammar/dhcpd.pest` is the normative grammar; this is the fast hand-written
//! implementation of it (`reference.rs` runs the grammar; `tests/migrate_grammar.rs` holds
//! them together). `include "file";` statements are replaced by the file's statements.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod reference;

use crate::diag::Diagnostic;
use crate::source::{SourceFile, SourceMap};
use ast::{Stmt, TokKind};
use std::path::{Path, PathBuf};

/// A parsed dhcpd.conf (or dhcpd.leases) with its sources (root file and includes).
pub struct Conf {
    pub sources: SourceMap,
    pub stmts: Vec<Stmt>,
}

/// Include nesting bound (dhcpd has none; a loop would never end).
const MAX_INCLUDE_DEPTH: usize = 16;

/// Parse text (name used in messages); includes resolve relative to `base`.
pub fn parse_str(name: &str, text: &str, base: Option<&Path>) -> (Conf, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new(name, base.map(|b| b.join(name)), text.to_string()));
    let mut p = parser::Parser::new(text, id);
    let stmts = p.parse_file();
    let mut diags = p.diags;
    let mut conf = Conf { sources, stmts: Vec::new() };
    let mut stack = vec![name.to_string()];
    conf.stmts = expand(stmts, &mut conf.sources, base, &mut diags, &mut stack);
    (conf, diags)
}

/// Read and parse a file. Err: the root file cannot be read.
pub fn load_file(path: &Path) -> Result<(Conf, Vec<Diagnostic>), std::io::Error> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
        s
    } else {
        std::fs::read_to_string(path)?
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = path.to_string_lossy().into_owned();
    let mut sources = SourceMap::new();
    // The file id is known before the text moves into the map (tokens own their text, so
    // the parse needs the text only while it runs): no second copy of a large file.
    let id = crate::source::FileId(0);
    let mut p = parser::Parser::new(&text, id);
    let stmts = p.parse_file();
    let mut diags = p.diags;
    let added = sources.add(SourceFile::new(name.clone(), Some(path.to_path_buf()), text));
    debug_assert_eq!(added, id);
    let mut stack = vec![name];
    let stmts = expand(stmts, &mut sources, Some(&base), &mut diags, &mut stack);
    Ok((Conf { sources, stmts }, diags))
}

/// Replace `include "file";` statements (at any depth) by the statements of the file.
fn expand(
    stmts: Vec<Stmt>,
    sources: &mut SourceMap,
    base: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
    stack: &mut Vec<String>,
) -> Vec<Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for mut s in stmts {
        let is_include = s.tokens.len() == 2 && s.tokens[0].is_word("include") && s.tokens[1].kind == TokKind::Str && s.block.is_none();
        if !is_include {
            if let Some(b) = s.block.take() {
                s.block = Some(expand(b, sources, base, diags, stack));
            }
            out.push(s);
            continue;
        }
        let rel = PathBuf::from(&*s.tokens[1].text);
        let path = if rel.is_absolute() { rel } else { base.map(|b| b.join(&rel)).unwrap_or(rel) };
        let key = path.to_string_lossy().into_owned();
        if stack.len() > MAX_INCLUDE_DEPTH || stack.contains(&key) {
            diags.push(Diagnostic::error("dhcpd-include", format!("include loop or nesting too deep: {key}")).at(s.span, "included here"));
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let id = sources.add(SourceFile::new(key.clone(), Some(path.clone()), text));
                let text = sources.get(id).text.clone();
                let mut p = parser::Parser::new(&text, id);
                let inner = p.parse_file();
                diags.extend(p.diags);
                stack.push(key);
                let inner = expand(inner, sources, path.parent(), diags, stack);
                stack.pop();
                out.extend(inner);
            }
            Err(e) => diags.push(
                Diagnostic::error("io", format!("cannot read included file {key}: {e}"))
                    .at(s.tokens[1].span, "included here")
                    .help("paths are relative to the including file's directory"),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests;
