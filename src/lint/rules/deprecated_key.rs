//! `deprecated-key`: a key the target Kea version deprecates (found by `check`'s schema).

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule};

pub const RULE: Rule = Rule {
    id: "deprecated-key",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A key is deprecated in the target Kea version (`--target-version`)",
    doc: "Deprecated keys still work but are removed in a later Kea release, and the upgrade then \
fails on a config that used to load. The schema knows when each key was deprecated and what \
replaces it; this finding comes from `check` (code `deprecated-key`) for the version given with \
`--target-version` (default 3.0).",
    bad: crate::lint_examples!("deprecated-key").0,
    good: crate::lint_examples!("deprecated-key").1,
    check_codes: &["deprecated-key"],
    run,
};

fn run(_: &mut LintCx) {}
