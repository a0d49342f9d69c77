//! `plaintext-password`: a password written into the config file.

use crate::diag::Severity;
use crate::lint::helpers::{ha_relationships, hook};
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::Database;
use crate::source::Span;
use crate::syntax::cst::Member;

pub const RULE: Rule = Rule {
    id: "plaintext-password",
    severity: Severity::Warning,
    origin: Origin::Keakit,
    summary: "A password is written in the config in clear text",
    doc: "Kea configs are read by Stork, backed up, pasted into tickets and returned by \
`config-get` to anyone with control access; a database or basic-auth password in them leaks with \
them. Kea 2.4 and later read secrets from files (`password-file`, `basic-auth-password-file`); with \
Kea 2.2, keep the file mode 0600 and out of version control.",
    bad: crate::lint_examples!("plaintext-password").0,
    good: crate::lint_examples!("plaintext-password").1,
    check_codes: &[],
    run,
};

fn db_password(db: &Database, out: &mut Vec<Span>) {
    out.extend(db.rest.iter().filter(|m| &*m.key == "password" && m.value.as_str().is_some_and(|s| !s.is_empty())).map(Member::span));
}

fn run(cx: &mut LintCx) {
    let mut found = Vec::new();
    for dhcp in cx.dhcps() {
        for db in dhcp.lease_database.iter().chain(dhcp.hosts_database.iter()).chain(dhcp.hosts_databases.iter().flatten()) {
            db_password(db, &mut found);
        }
        if let Some(cc) = dhcp.param("config-control") {
            for db in cc.get("config-databases").and_then(|l| l.as_array()).unwrap_or(&[]) {
                found.extend(db.member("password").filter(|m| m.value.as_str().is_some_and(|s| !s.is_empty())).map(Member::span));
            }
        }
        if let Some(ha) = hook(dhcp.hooks_libraries(), "libdhcp_ha") {
            for rel in ha_relationships(ha) {
                for peer in rel.get("peers").and_then(|p| p.as_array()).unwrap_or(&[]) {
                    found.extend(peer.member("basic-auth-password").map(Member::span));
                }
            }
        }
    }
    if let Some(auth) = cx.config.ctrl_agent.as_ref().and_then(|ca| ca.authentication.as_ref()) {
        for c in auth.clients.iter().flatten() {
            found.extend(c.rest.iter().filter(|m| &*m.key == "password").map(Member::span));
        }
    }
    for span in found {
        cx.report(
            finding(RULE.id, "password written in clear text in the config")
                .at(span, "readable by anyone who can read this file or call config-get")
                .help("use a password-file (Kea 2.4+), or restrict who can read this file"),
        );
    }
}
