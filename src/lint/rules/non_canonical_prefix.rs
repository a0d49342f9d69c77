//! `non-canonical-prefix`: a subnet written with host bits set (`192.0.2.1/24`).

use crate::diag::Severity;
use crate::lint::{LintCx, Origin, Rule, finding};

pub const RULE: Rule = Rule {
    id: "non-canonical-prefix",
    severity: Severity::Warning,
    origin: Origin::Stork,
    summary: "A subnet prefix has host bits set (e.g. 192.0.2.1/24 instead of 192.0.2.0/24)",
    doc: "Kea accepts `192.0.2.1/24` and treats it as 192.0.2.0/24, but tools comparing subnets as \
text (Stork, scripts calling subnet4-get, diffs between servers) see two different subnets. Write \
the network address.",
    bad: crate::lint_examples!("non-canonical-prefix").0,
    good: crate::lint_examples!("non-canonical-prefix").1,
    check_codes: &[],
    run,
};

fn run(cx: &mut LintCx) {
    for dhcp in cx.dhcps() {
        for (_, s) in dhcp.all_subnets() {
            if let (Some(net), Some(text)) = (s.net, &s.subnet)
                && net.addr() != net.network()
            {
                let canonical = format!("{}/{}", net.network(), net.prefix_len());
                cx.report(
                    finding(RULE.id, format!("subnet `{}` has host bits set", text.as_str()))
                        .at(text.span, format!("the network is {canonical}"))
                        .help(format!("write \"{canonical}\"")),
                );
            }
        }
    }
}
