//! `lint`: is this a *good* config? (`check` answers whether Kea accepts it.)
//!
//! A rule is a `Rule` value in `rules::ALL`, one file per rule under `rules/`: a kebab-case id,
//! a default severity, a doc text, a bad and a good example (the rule's own fixtures, shown by
//! `keakit explain`), and a function over the model. `run::lint_document` runs `check` first
//! (its errors are lint errors), then the rules, then applies suppression comments.
//!
//! Some ids are also `check` codes for things Kea accepts (`undefined-class`, `timer-order`,
//! `deprecated-key`): a rule lists those in `check_codes` and owns check's warnings with that
//! code (they follow the rule's level and suppressions). Check *errors* are never silenced:
//! Kea rejects the config whatever the linter thinks.

pub mod helpers;
pub mod report;
pub mod rules;
pub mod run;
pub mod suppress;

use crate::diag::{Diagnostic, Severity};
use crate::model::Config;
use crate::syntax::Document;
use crate::version::KeaVersion;

/// Where a rule comes from: Stork's config review (the same fact, checked on files) or keakit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Stork,
    Keakit,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Stork => "stork",
            Origin::Keakit => "keakit",
        }
    }
}

/// One lint rule.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub origin: Origin,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters and what to do.
    pub doc: &'static str,
    /// A config that triggers the rule, and one that does not (the rule's fixtures; their
    /// first line holds the expected positions, see tests/lint_rules.rs).
    pub bad: &'static str,
    pub good: &'static str,
    /// Warnings of `check` that are this rule's findings.
    pub check_codes: &'static [&'static str],
    pub run: fn(&mut LintCx),
}

/// Warning codes `check` emits that no rule owns; `--allow`/`--warn`/`--deny` accept them too
/// (e.g. `--allow hook-not-found` on a CI host without Kea's hook libraries).
pub const CHECK_WARNINGS: &[&str] =
    &["extra-comma", "hook-not-found", "bad-value", "startup-path-not-permitted", "option-data-ignored", "expr-version"];

/// Code of the finding "this suppression comment silenced nothing".
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

pub fn find(id: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.id == id)
}

/// Whether `--allow ID` and friends know this id.
pub fn is_known_code(id: &str) -> bool {
    find(id).is_some() || CHECK_WARNINGS.contains(&id) || id == UNUSED_SUPPRESSION
}

/// The rule owning a check diagnostic code, if any.
pub fn owner_of_check_code(code: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.check_codes.contains(&code))
}

/// What a rule's function sees.
pub struct LintCx<'a> {
    pub doc: &'a Document,
    pub config: &'a Config,
    pub version: KeaVersion,
    pub out: Vec<Diagnostic>,
}

impl LintCx<'_> {
    /// Record a finding; its severity is set later from the rule's configured level.
    pub fn report(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

/// A finding under construction: `finding(RULE_ID, msg).at(span, label).help(..)`.
pub fn finding(id: &'static str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Severity::Warning, id, message)
}

/// The `bad`/`good` example text without its first-line expectation comment.
pub fn example_text(fixture: &str) -> &str {
    match fixture.strip_prefix("// expect:") {
        Some(rest) => rest.split_once('\n').map(|(_, t)| t).unwrap_or(""),
        None => fixture,
    }
}

impl<'a> LintCx<'a> {
    /// The DHCPv4 and DHCPv6 server objects present.
    pub fn dhcps(&self) -> impl Iterator<Item = &'a crate::model::Dhcp> + use<'a> {
        self.config.dhcp4.iter().chain(self.config.dhcp6.iter())
    }
}

/// `Rule::bad` and `Rule::good`: the rule's fixtures under `fixtures/lint/ID/`.
#[macro_export]
macro_rules! lint_examples {
    ($id:literal) => {
        (
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lint/", $id, "/bad.json")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lint/", $id, "/good.json")),
        )
    };
}
