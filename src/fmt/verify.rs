//! A self-check run on every formatting result: the output must hold the same tokens as
//! the root file (commas aside, strings compared by decoded value) and the same comments.
//! It costs one extra lex and turns a layout the printer cannot keep (an include directive
//! in an odd place, say) into a refusal instead of a silently changed config.

use crate::source::FileId;
use crate::syntax::lexer::{Tok, decode_string, lex};

/// The differences between the two texts' token and comment sequences, if any: a short
/// description of the first one.
pub fn same_content(before: &str, after: &str) -> Result<(), String> {
    let a = signature(before);
    let b = signature(after);
    if a.0 != b.0 {
        let i = a.0.iter().zip(&b.0).position(|(x, y)| x != y).unwrap_or(a.0.len().min(b.0.len()));
        return Err(format!("token {} differs: {:?} became {:?}", i + 1, a.0.get(i), b.0.get(i)));
    }
    if a.1 != b.1 {
        return Err(format!("comments differ ({} before, {} after)", a.1.len(), b.1.len()));
    }
    Ok(())
}

type Signature = (Vec<(Tok, String)>, Vec<String>);

fn signature(text: &str) -> Signature {
    let l = lex(text, FileId(0));
    let tokens = l
        .tokens
        .iter()
        .filter(|t| t.kind != Tok::Comma)
        .map(|t| {
            let s = &text[t.span.range()];
            let s = if t.kind == Tok::Str { decode_string(s).into_owned() } else { s.to_string() };
            (t.kind, s)
        })
        .collect();
    let comments = l.comments.iter().map(|c| text[c.span.range()].trim_end().to_string()).collect();
    (tokens, comments)
}
