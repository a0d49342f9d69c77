//! Which Kea versions accept which expression constructs.
//!
//! Kea 2.2 accepts every construct of `ast::ExprKind` except `known`, `unknown`, `lcase` and
//! `ucase` ("Invalid character"; 2.2's token table has no such words). `lcase` / `ucase`
//! came with Kea 2.5.2 (ChangeLog 2181), so 2.6 on; Kea 3.0.4 accepts them (verified).
//! `known` / `unknown` are dhcpd's words, not Kea's: Kea 3.0.4 rejects them too (verified,
//! "Invalid character: k"). Beyond the verified versions keakit warns.

use super::ast::{Expr, ExprKind, TextRange};
use crate::version::KeaVersion;

/// A construct newer than some Kea version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Newer {
    pub span: TextRange,
    pub construct: &'static str,
    /// Every version up to and including this one rejects the construct (verified, or from
    /// ISC's ChangeLog).
    pub rejected_by: KeaVersion,
    /// The first version known to accept it, if any.
    pub accepted_from: Option<KeaVersion>,
    /// Text accepted by all versions that means the same, if any.
    pub portable: Option<&'static str>,
}

/// Constructs in `e` that some Kea version rejects, in source order.
pub fn newer_constructs(e: &Expr) -> Vec<Newer> {
    let mut out = Vec::new();
    e.walk(&mut |x| {
        let dhcpd_word = (KeaVersion::V3_0, None);
        let since_2_6 = (KeaVersion::V2_4, Some(KeaVersion::V2_6));
        let (construct, portable, (rejected_by, accepted_from)) = match &x.kind {
            ExprKind::Known => ("known", Some("member('KNOWN')"), dhcpd_word),
            ExprKind::Unknown => ("unknown", Some("not member('KNOWN')"), dhcpd_word),
            ExprKind::Case(super::ast::Case::Lower, _) => ("lcase", None, since_2_6),
            ExprKind::Case(super::ast::Case::Upper, _) => ("ucase", None, since_2_6),
            _ => return,
        };
        let span = TextRange { start: x.span.start, end: x.span.start + construct.len() as u32 };
        out.push(Newer { span, construct, rejected_by, accepted_from, portable });
    });
    out
}
