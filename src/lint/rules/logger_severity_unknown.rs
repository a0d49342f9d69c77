//! `logger-severity-unknown`: a logger's severity Kea does not know.

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "logger-severity-unknown",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A logger's `severity` is not one Kea knows: the server logs an error and runs with its default",
    doc: "Kea knows the severities FATAL, ERROR, WARN, INFO, DEBUG and NONE (in any case). Any other \
value (`WARNING`, a typo, an empty string) does not stop the server, nor `-t`: Kea logs \
LOG_BAD_SEVERITY once and the logger keeps its default, so the level meant is silently not the one \
in effect. Measured with kea-ctrl-agent 2.2 and 3.0.4, which configure their loggers during `-t`.",
    bad: crate::lint_examples!("logger-severity-unknown").0,
    good: crate::lint_examples!("logger-severity-unknown").1,
    check_codes: &[],
    run,
};

/// Kea's names (compared without case).
const KNOWN: [&str; 6] = ["FATAL", "ERROR", "WARN", "INFO", "DEBUG", "NONE"];

fn run(cx: &mut LintCx) {
    let c = cx.config;
    let lists = [
        c.dhcp4.as_ref().and_then(|d| d.loggers.as_ref()),
        c.dhcp6.as_ref().and_then(|d| d.loggers.as_ref()),
        c.ctrl_agent.as_ref().and_then(|a| a.loggers.as_ref()),
        c.d2.as_ref().and_then(|d| d.loggers.as_ref()),
    ];
    let loggers = lists.into_iter().flatten().flatten();
    let bad: Vec<_> =
        loggers.filter_map(|l| l.severity.as_ref()).filter(|s| !KNOWN.iter().any(|k| k.eq_ignore_ascii_case(s.as_str()))).collect();
    for s in bad {
        let msg = format!("Kea does not know the severity `{}`: it logs LOG_BAD_SEVERITY and keeps the logger's default", s.as_str());
        let help =
            if s.as_str().eq_ignore_ascii_case("WARNING") { "write \"WARN\"" } else { "use FATAL, ERROR, WARN, INFO, DEBUG or NONE" };
        cx.report(finding(RULE.id, msg).at(s.span, "not a Kea severity").help(help));
    }
}
