//! `undefined-class`: a reference to a class nobody defines (found by `check`).

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule};

pub const RULE: Rule = Rule {
    id: "undefined-class",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A subnet, pool, network or reservation names a client class that is not defined",
    doc: "Kea accepts `client-class: \"voip\"` without a class `voip`: no packet is ever in it, so \
the guarded subnet or pool silently serves nobody. This is found by `check` (code \
`undefined-class`) and reported here under the rule's level. Define the class or fix the name.",
    bad: crate::lint_examples!("undefined-class").0,
    good: crate::lint_examples!("undefined-class").1,
    check_codes: &["undefined-class"],
    run,
};

fn run(_: &mut LintCx) {}
