//! Bracket diagnosis. When brackets do not balance, the parser's first error is often far
//! from the real mistake (Kea says "unexpected constant string" two lines below an extra
//! `}`). This pass matches brackets over the whole token stream and, at each mismatch,
//! weighs the two possible repairs (the closer is extra / a closer is missing) by how well
//! the rest of the file balances afterwards, and by indentation, which people keep even when
//! they get brackets wrong.

use crate::diag::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::syntax::lexer::{Tok, Token};

/// At most this many bracket problems are reported; after that the guesses are noise.
const MAX_REPORTS: usize = 5;

pub fn diagnose(tokens: &[Token], sources: &SourceMap, eof: Span) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut stack: Vec<Token> = Vec::new();
    // Matched pairs, to look for a closer whose indentation betrays it.
    let mut pairs: Vec<(Token, Token)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() && out.len() < MAX_REPORTS {
        let t = tokens[i];
        match t.kind {
            Tok::LBrace | Tok::LBracket => stack.push(t),
            Tok::RBrace | Tok::RBracket => {
                let want = if t.kind == Tok::RBrace { Tok::LBrace } else { Tok::LBracket };
                match stack.last() {
                    Some(top) if top.kind == want => {
                        pairs.push((*top, t));
                        stack.pop();
                    }
                    None => {
                        out.push(surplus_closer(t, &pairs, sources));
                    }
                    Some(&top) => {
                        // Repair A: this closer is extra. Repair B: `top` was never closed.
                        let cost_extra = remaining_errors(tokens, i + 1, &stack);
                        let mut popped = stack.clone();
                        popped.pop();
                        let cost_missing = remaining_errors(tokens, i, &popped);
                        if cost_extra <= cost_missing {
                            out.push(
                                Diagnostic::error("syntax", format!("unexpected {}", closer_name(t.kind)))
                                    .at(
                                        t.span,
                                        format!("this does not close the {} opened at {}", what(top.kind), sources.location(top.span)),
                                    )
                                    .help(format!("remove this {}", closer_name(t.kind))),
                            );
                            i += 1;
                            continue;
                        } else {
                            let need = if top.kind == Tok::LBrace { "`}`" } else { "`]`" };
                            out.push(
                                Diagnostic::error("syntax", format!("the {} is not closed", what(top.kind)))
                                    .at(t.span, format!("expected {need} before this"))
                                    .related(top.span, format!("the {} opened here", what(top.kind)))
                                    .help(format!("add {need} to close the {}", what(top.kind))),
                            );
                            stack.pop();
                            continue; // look at this closer again against the new top
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if out.len() < MAX_REPORTS
        && let Some(top) = stack.first()
    {
        // Report the outermost unclosed bracket: adding its closer at the end is the repair.
        let innermost = *stack.last().unwrap_or(top);
        let need = if innermost.kind == Tok::LBrace { "`}`" } else { "`]`" };
        let d = Diagnostic::error("syntax", format!("unexpected end of file: {} bracket(s) not closed", stack.len()))
            .at(eof, format!("expected {need}"))
            .related(innermost.span, format!("this {} is not closed", what(innermost.kind)))
            .help(format!(
                "add {} at the end, or find where a closing bracket is missing",
                stack.iter().rev().map(|t| if t.kind == Tok::LBrace { "}" } else { "]" }).collect::<String>()
            ));
        out.push(d);
    }
    out
}

fn what(k: Tok) -> &'static str {
    if k == Tok::LBrace { "map" } else { "list" }
}

fn closer_name(k: Tok) -> &'static str {
    if k == Tok::RBrace { "`}`" } else { "`]`" }
}

/// A closer with nothing open. If an earlier closer sits at a suspicious indentation (deeper
/// than the line that opened what it closes), that one is probably the extra bracket.
fn surplus_closer(t: Token, pairs: &[(Token, Token)], sources: &SourceMap) -> Diagnostic {
    let suspect = pairs.iter().find(|(open, close)| {
        let (Some(oi), Some(ci)) = (line_indent(sources, open.span), line_indent_if_first(sources, close.span)) else { return false };
        ci > oi
    });
    match suspect {
        Some((open, close)) => {
            Diagnostic::error("syntax", format!("extra {} closes the {} too early", closer_name(close.kind), what(open.kind)))
                .at(
                    close.span,
                    format!(
                        "this closes the {} opened at {} (its indentation says it should not)",
                        what(open.kind),
                        sources.location(open.span)
                    ),
                )
                .related(t.span, "so this bracket has nothing left to close")
                .help(format!("remove this {}", closer_name(close.kind)))
        }
        None => Diagnostic::error("syntax", format!("unexpected {}: nothing is open here", closer_name(t.kind)))
            .at(t.span, "nothing to close")
            .help(format!("remove this {}", closer_name(t.kind))),
    }
}

/// Indentation (in columns) of the line a span starts on.
fn line_indent(sources: &SourceMap, span: Span) -> Option<usize> {
    let f = sources.get(span.file);
    let (line, _) = f.line_col(span.start as usize);
    let text = f.line_text(line);
    Some(text.len() - text.trim_start().len())
}

/// Indentation of the span's line, only if the span is the first thing on it.
fn line_indent_if_first(sources: &SourceMap, span: Span) -> Option<usize> {
    let f = sources.get(span.file);
    let (line, col) = f.line_col(span.start as usize);
    let text = f.line_text(line);
    let indent = text.len() - text.trim_start().len();
    if col == indent + 1 { Some(indent) } else { None }
}

/// How many bracket errors remain from `from` with this open stack (capped; cheap enough
/// because it runs only at mismatches, and at most MAX_REPORTS times).
fn remaining_errors(tokens: &[Token], from: usize, stack: &[Token]) -> usize {
    let mut st: Vec<Tok> = stack.iter().map(|t| t.kind).collect();
    let mut errors = 0;
    for t in &tokens[from.min(tokens.len())..] {
        match t.kind {
            Tok::LBrace | Tok::LBracket => st.push(t.kind),
            Tok::RBrace | Tok::RBracket => {
                let want = if t.kind == Tok::RBrace { Tok::LBrace } else { Tok::LBracket };
                if st.last() == Some(&want) {
                    st.pop();
                } else {
                    errors += 1;
                }
            }
            _ => {}
        }
    }
    errors + st.len()
}
