//! Reading a Kea config: the root file, its `<?include?>`s (spliced at token level, as Kea
//! does), lexing, bracket diagnosis and parsing into a `Document`.
//!
//! Include paths are resolved relative to the including file's directory (what a person
//! editing a config tree expects), falling back to the current directory, which is where
//! Kea 2.2 itself looks (measured: kea-dhcp4 -t resolves them against its cwd).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::syntax::cst::Document;
use crate::syntax::lexer::{include_path, lex, Tok, Token};
use crate::syntax::{brackets, parser};

/// Syntax diagnostics beyond this many are dropped (binary garbage would produce thousands).
const MAX_SYNTAX_DIAGS: usize = 50;

/// The root file itself could not be read: a usage/I-O error, not a config problem.
#[derive(Debug)]
pub struct ReadError {
    pub path: String,
    pub error: std::io::Error,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path, self.error)
    }
}

/// Read and parse a file ("-" reads stdin).
pub fn load_file(path: &Path) -> Result<(Document, Vec<Diagnostic>), ReadError> {
    let name = path.display().to_string();
    let (text, resolved) = if name == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|error| ReadError { path: "<stdin>".into(), error })?;
        (buf, None)
    } else {
        let bytes = std::fs::read(path).map_err(|error| ReadError { path: name.clone(), error })?;
        (bytes, Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())))
    };
    let mut diags = Vec::new();
    let text = to_text(text, &name, &mut diags);
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new(if name == "-" { "<stdin>".to_string() } else { name }, resolved, text));
    let (doc, mut more) = parse_sources(sources, root);
    diags.append(&mut more);
    Ok((doc, diags))
}

/// Parse text that is not on disk (tests, stdin, a live server's reply). Includes are
/// resolved against `base_dir` or the current directory.
pub fn load_str(name: &str, text: &str) -> (Document, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new(name, None, text.to_string()));
    parse_sources(sources, root)
}

fn to_text(bytes: Vec<u8>, name: &str, diags: &mut Vec<Diagnostic>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            diags.push(Diagnostic::warning("encoding", format!("{name} is not valid UTF-8; invalid bytes are shown as U+FFFD")));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

fn parse_sources(mut sources: SourceMap, root: FileId) -> (Document, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut tokens = Vec::new();
    let mut comments = Vec::new();
    let mut includes = Vec::new();
    let mut stack = vec![sources.get(root).path.clone().unwrap_or_default()];
    lex_spliced(&mut sources, root, &mut stack, &mut tokens, &mut comments, &mut includes, &mut diags);
    let eof = {
        let len = sources.get(root).text.len();
        Span::new(root, len, len)
    };
    let mut syntax: Vec<Diagnostic> = diags.iter().filter(|d| d.code == "syntax").cloned().collect();
    diags.retain(|d| d.code != "syntax");
    let bracket_errors = brackets::diagnose(&tokens, &sources, eof);
    let parsed = parser::parse_tokens(&tokens, &sources, eof);
    if bracket_errors.is_empty() {
        syntax.extend(parsed.diags);
    } else {
        // With unbalanced brackets the parser's complaints are consequences; the bracket
        // diagnosis points at the cause. Keep parser errors only for places before it.
        let first = bracket_errors.iter().filter_map(|d| d.span).map(|s| (s.file, s.start)).min();
        syntax.extend(parsed.diags.into_iter().filter(|d| match (d.span, first) {
            (Some(s), Some(f)) => (s.file, s.start) < f && s.file == f.0,
            _ => false,
        }));
        syntax.extend(bracket_errors);
    }
    crate::diag::sort_dedup(&mut syntax);
    syntax.truncate(MAX_SYNTAX_DIAGS);
    diags.extend(syntax);
    comments.sort_by_key(|c: &crate::syntax::cst::Comment| (c.span.file, c.span.start));
    let doc = Document { sources, root: parsed.root, comments, trailing_commas: parsed.extra_commas, includes };
    (doc, diags)
}

#[allow(clippy::too_many_arguments)]
fn lex_spliced(
    sources: &mut SourceMap,
    file: FileId,
    stack: &mut Vec<PathBuf>,
    tokens: &mut Vec<Token>,
    comments: &mut Vec<crate::syntax::cst::Comment>,
    includes: &mut Vec<(Span, FileId)>,
    diags: &mut Vec<Diagnostic>,
) {
    let lexed = lex(&sources.get(file).text, file);
    comments.extend(lexed.comments);
    diags.extend(lexed.diags);
    for t in lexed.tokens {
        if t.kind != Tok::Include {
            tokens.push(t);
            continue;
        }
        let rel = include_path(sources.text(t.span)).to_string();
        let base = sources.get(file).path.as_ref().and_then(|p| p.parent().map(Path::to_path_buf));
        let candidates: Vec<PathBuf> = if Path::new(&rel).is_absolute() {
            vec![PathBuf::from(&rel)]
        } else {
            base.iter().map(|b| b.join(&rel)).chain(std::iter::once(PathBuf::from(&rel))).collect()
        };
        let Some(found) = candidates.iter().find(|p| p.is_file()) else {
            let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
            diags.push(
                Diagnostic::error("io", format!("cannot open include file {rel}"))
                    .at(t.span, "included here")
                    .help(format!("looked for {}", tried.join(" and "))),
            );
            continue;
        };
        let canon = std::fs::canonicalize(found).unwrap_or_else(|_| found.clone());
        if stack.contains(&canon) {
            diags.push(
                Diagnostic::error("include-loop", format!("include loop: {} includes itself", canon.display()))
                    .at(t.span, "this include leads back to a file being read")
                    .help(format!("include chain: {}", stack.iter().chain(std::iter::once(&canon)).map(|p| p.display().to_string()).collect::<Vec<_>>().join(" -> "))),
            );
            continue;
        }
        let bytes = match std::fs::read(&canon) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error("io", format!("cannot read include file {}: {e}", found.display())).at(t.span, "included here"));
                continue;
            }
        };
        let text = to_text(bytes, &found.display().to_string(), diags);
        let id = sources.add(SourceFile::new(found.display().to_string(), Some(canon.clone()), text));
        includes.push((t.span, id));
        stack.push(canon);
        lex_spliced(sources, id, stack, tokens, comments, includes, diags);
        stack.pop();
    }
}
