//! `credentials-over-http`: HTTP basic authentication without TLS.

use crate::diag::Severity;
use crate::lint::helpers::{ha_relationships, hook, str_at};
use crate::lint::{LintCx, Origin, Rule, finding};
use crate::model::fields::rest_get;

pub const RULE: Rule = Rule {
    id: "credentials-over-http",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "Basic-auth credentials travel over plain HTTP",
    doc: "HTTP basic authentication sends the user name and password base64-encoded, i.e. readable \
by anyone on the path. The Control Agent (or a Kea 3 HTTP control socket) with `authentication` \
must also have `trust-anchor`, `cert-file` and `key-file` (TLS); HA peers with \
`basic-auth-password` must be reached over https.",
    bad: crate::lint_examples!("credentials-over-http").0,
    good: crate::lint_examples!("credentials-over-http").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    if let Some(ca) = &cx.config.ctrl_agent
        && let Some(auth) = &ca.authentication
        && rest_get(&ca.rest, "cert-file").is_none()
    {
        cx.report(
            finding(RULE.id, "the Control Agent requires passwords but does not use TLS")
                .at(auth.span, "credentials sent in clear text")
                .help("add trust-anchor, cert-file and key-file to the Control-agent"),
        );
    }
    for dhcp in cx.dhcps() {
        for sock in dhcp.control_sockets.iter().flatten() {
            if sock.socket_type.as_ref().is_some_and(|t| t.as_str() == "http")
                && let Some(auth) = &sock.authentication
            {
                cx.report(
                    finding(RULE.id, "an HTTP control socket requires passwords but does not use TLS")
                        .at(auth.span, "credentials sent in clear text")
                        .help("use \"socket-type\": \"https\" with cert-file and key-file"),
                );
            }
        }
        let Some(ha) = hook(dhcp.hooks_libraries(), "libdhcp_ha") else { continue };
        for rel in ha_relationships(ha) {
            for peer in rel.get("peers").and_then(|p| p.as_array()).unwrap_or(&[]) {
                let http = str_at(peer, "url").is_some_and(|u| u.starts_with("http://"));
                if http && let Some(pw) = peer.member("basic-auth-password") {
                    cx.report(
                        finding(RULE.id, "an HA peer is reached over plain HTTP with a password")
                            .at(pw.span(), "credentials sent in clear text")
                            .help("use an https:// URL with trust-anchor, cert-file and key-file in the relationship"),
                    );
                }
            }
        }
    }
}
