//! Which Kea versions accept which expression constructs.
//!
//! Kea 2.2 (the installed oracle) accepts every construct of `ast::ExprKind` except `known`,
//! `unknown`, `lcase` and `ucase` (verified: "Invalid character"; 2.2's token table has no
//! such words). Later versions cannot be run here, so the version that introduced those four
//! is not known to keakit: `check` rejects them for a 2.2 target and warns otherwise.

use super::ast::{Expr, ExprKind, TextRange};
use crate::version::KeaVersion;

/// A construct newer than some Kea version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Newer {
    pub span: TextRange,
    pub construct: &'static str,
    /// Every version up to and including this one rejects the construct (verified).
    pub rejected_by: KeaVersion,
    /// Text accepted by all versions that means the same, if any.
    pub portable: Option<&'static str>,
}

/// Constructs in `e` that some Kea version rejects, in source order.
pub fn newer_constructs(e: &Expr) -> Vec<Newer> {
    let mut out = Vec::new();
    e.walk(&mut |x| {
        let (construct, portable) = match &x.kind {
            ExprKind::Known => ("known", Some("member('KNOWN')")),
            ExprKind::Unknown => ("unknown", Some("not member('KNOWN')")),
            ExprKind::Case(super::ast::Case::Lower, _) => ("lcase", None),
            ExprKind::Case(super::ast::Case::Upper, _) => ("ucase", None),
            _ => return,
        };
        let span = TextRange { start: x.span.start, end: x.span.start + construct.len() as u32 };
        out.push(Newer { span, construct, rejected_by: KeaVersion::V2_2, portable });
    });
    out
}
