//! One lint run over a document: suppressions, `check`, rules, levels.

use super::suppress::{self, Suppression};
use super::{LintCx, UNUSED_SUPPRESSION, find, finding, is_known_code, owner_of_check_code, rules};
use crate::check::{CheckOptions, check_all_with_model};
use crate::diag::{Diagnostic, Severity, sort_dedup};
use crate::syntax::Document;
use rustc_hash::FxHashMap;

/// What a rule (or check warning code) is set to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

/// Levels given on the command line; everything else keeps its default severity.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    pub check: CheckOptions,
    pub levels: FxHashMap<String, Level>,
}

impl LintOptions {
    /// The severity a finding with this code and default severity gets; None: allowed.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.levels.get(code) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Deny) => Some(Severity::Error),
            None => Some(default),
        }
    }
    /// Set a level, refusing ids nobody knows (a typo would silently do nothing).
    pub fn set(&mut self, id: &str, level: Level) -> Result<(), String> {
        if !is_known_code(id) {
            return Err(format!("unknown lint rule `{id}` (see `keakit lint --list`)"));
        }
        self.levels.insert(id.to_string(), level);
        Ok(())
    }
}

/// Lint a loaded document: check's diagnostics (errors stay errors), then every rule that is
/// not allowed, then suppression comments. Sorted by position.
pub fn lint_document(doc: &mut Document, parse_diags: Vec<Diagnostic>, opts: &LintOptions) -> Vec<Diagnostic> {
    let mut sups = suppress::collect(doc);
    let (check_diags, model) = check_all_with_model(doc, parse_diags, &opts.check);
    let mut out = Vec::with_capacity(check_diags.len());
    for mut d in check_diags {
        if d.severity != Severity::Error {
            let default = owner_of_check_code(d.code).map(|r| r.severity).unwrap_or(d.severity);
            match opts.severity(d.code, default) {
                Some(s) => d.severity = s,
                None => continue,
            }
        }
        out.push(d);
    }
    if let Some(config) = &model {
        for rule in rules::ALL {
            let Some(sev) = opts.severity(rule.id, rule.severity) else { continue };
            let mut cx = LintCx { doc, config, version: opts.check.version, out: Vec::new() };
            (rule.run)(&mut cx);
            for mut d in cx.out {
                d.severity = sev;
                out.push(d);
            }
        }
    }
    // Let the process exit free a large model (as `check` does).
    std::mem::forget(model);
    apply_suppressions(&mut out, &mut sups, opts);
    sort_dedup(&mut out);
    out
}

fn apply_suppressions(out: &mut Vec<Diagnostic>, sups: &mut [Suppression], opts: &LintOptions) {
    if sups.is_empty() {
        return;
    }
    // Errors Kea would reject cannot be suppressed.
    out.retain(|d| d.is_error() || !d.span.is_some_and(|span| sups.iter_mut().any(|s| s.covers(d.code, span))));
    let Some(sev) = opts.severity(UNUSED_SUPPRESSION, Severity::Warning) else { return };
    for s in sups.iter() {
        for (rule, used) in s.rules.iter().zip(&s.used) {
            if *used {
                continue;
            }
            let (msg, help) = if !is_known_code(rule) {
                (format!("`{rule}` is not a lint rule"), "see `keakit lint --list` for the rule ids".to_string())
            } else if s.target.is_none() {
                (format!("this suppression of `{rule}` applies to nothing"), "put it on the line just before the element".to_string())
            } else if find(rule).is_some_and(|r| opts.severity(r.id, r.severity).is_none()) {
                continue; // the rule is allowed for the whole run: nothing could fire
            } else {
                (format!("`{rule}` does not fire on this element: the suppression is unused"), "remove the comment".to_string())
            };
            let mut d = finding(UNUSED_SUPPRESSION, msg).at(s.comment, "suppression").help(help);
            d.severity = sev;
            out.push(d);
        }
    }
}
