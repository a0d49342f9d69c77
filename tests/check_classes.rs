//! `check` on client classes, against Kea 2.2's own verdicts.
//!
//! Each fixture in `fixtures/classes/` was run through `kea-dhcp4 -t` / `kea-dhcp6 -t`
//! (Kea 2.2.0); the comment above each case is Kea's verdict and message. Rejected configs
//! must give exactly one error with the given code, starting at the given line:column (for
//! expression errors: the offending token inside the JSON string); accepted ones must give no
//! error (`Warning` cases: a warning of that code at that place). Checks run with target
//! version 2.2, the version of the oracle.

use keakit::check::{CheckOptions, check_all};
use keakit::diag::Diagnostic;
use keakit::source::SourceMap;
use keakit::version::KeaVersion;

#[derive(Debug)]
enum Expect {
    Ok,
    /// code, line, column (1-based)
    Error(&'static str, usize, usize),
    Warning(&'static str, usize, usize),
}
use Expect::*;

const CASES: &[(&str, Expect)] = &[
    // kea-dhcp4 -t: accepted (exit 0)
    ("simple_option_test", Ok),
    // kea-dhcp4 -t: accepted (exit 0)
    ("member_of_earlier_class", Ok),
    // kea-dhcp4 -t: accepted (exit 0)
    ("member_of_builtins", Ok),
    // kea-dhcp4 -t: accepted (exit 0); 3.0.4 too: keywords run together are read apart
    ("keywords_run_together", Ok),
    // kea-dhcp4 -t: rejected: "<string>:1.7: Invalid character: s"
    ("word_after_keyword", Error("expr-syntax", 4, 37)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("member_of_more_builtins", Ok),
    // kea-dhcp4 -t: rejected (exit 1): expression: [member('b')] error: <string>:1.8-10: Not defined client class 'b' at (member_forward_reference.json:4:30)
    ("member_forward_reference", Error("member-undefined", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[61].exists and member('a')] error: <string>:1.30-32: Not defined client class 'a' at (member_self_reference.json:4:30)
    ("member_self_reference", Error("member-undefined", 4, 53)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [member('nope')] error: <string>:1.8-13: Not defined client class 'nope' at (member_of_undefined.json:4:30)
    ("member_of_undefined", Error("member-undefined", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [member('DROP')] error: <string>:1.8-13: Not defined client class 'DROP' at (member_drop_not_builtin.json:4:30)
    ("member_drop_not_builtin", Error("member-undefined", 4, 31)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("member_drop_defined_earlier", Ok),
    // kea-dhcp4 -t: rejected (exit 1): expression: [member('SKIP_DDNS')] error: <string>:1.8-18: Not defined client class 'SKIP_DDNS' at (member_skip_ddns_not_builtin.json:4:30)
    ("member_skip_ddns_not_builtin", Error("member-undefined", 4, 31)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("builtin_names_may_be_defined", Ok),
    // kea-dhcp4 -t: rejected (exit 1): Syntax check failed with: missing parameter 'name' (class_without_name.json:4:7) [client-classes map between class_without_name.json:4:7 and class_without_name.json:4:37]
    ("class_without_name", Error("class-name-missing", 4, 7)),
    // kea-dhcp4 -t: rejected (exit 1): not empty parameter 'name' is required class_with_empty_name.json:4:17)
    ("class_with_empty_name", Error("class-name-empty", 4, 17)),
    // kea-dhcp4 -t: rejected (exit 1): Can't add class: Client Class: a has already been defined (duplicate_class.json:5:7)
    ("duplicate_class", Error("duplicate-class", 5, 17)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [] error: <string>:1.1: syntax error, unexpected end of file at (empty_test.json:4:30)
    ("empty_test", Error("expr-syntax", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[61].hex == ] error: <string>:1.19: syntax error, unexpected end of file at (unfinished_comparison.json:4:30)
    ("unfinished_comparison", Error("expr-syntax", 4, 49)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[256].exists] error: <string>:1.8-10: Option code has invalid value in 256. Allowed range: 0..255 at (option_code_too_large_v4.json:4:30)
    ("option_code_too_large_v4", Error("expr-range", 4, 38)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[foo-bar].exists] error: <string>:1.8-14: option 'foo-bar' is not defined at (unknown_option_name.json:4:30)
    ("unknown_option_name", Error("expr-unknown-option", 4, 38)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("standard_option_name", Ok),
    // kea-dhcp4 -t: accepted (exit 0)
    ("custom_option_name", Ok),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[foo].exists] error: <string>:1.8-10: option 'foo' is not defined at (custom_option_in_other_space.json:5:30)
    ("custom_option_in_other_space", Error("expr-unknown-option", 5, 38)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [pkt6.msgtype == 1] error: <string>:1.1-4: pkt6 can only be used in DHCPv6. at (pkt6_in_dhcp4.json:4:30)
    ("pkt6_in_dhcp4", Error("expr-universe", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [relay6[0].peeraddr == ::1] error: <string>:1.8: Nest level invalid for DHCPv4 packets at (relay6_in_dhcp4.json:4:30)
    ("relay6_in_dhcp4", Error("expr-universe", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: ['a'] error: <string>:1.4: syntax error, unexpected end of file, expecting == or + at (string_is_not_a_condition.json:4:30)
    ("string_is_not_a_condition", Error("expr-type", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[61].exists == 'true'] error: <string>:1.19-20: syntax error, unexpected ==, expecting end of file at (exists_is_not_a_string.json:4:30)
    ("exists_is_not_a_string", Error("expr-type", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: ['a' == 'b' == 'c'] error: <string>:1.12-13: syntax error, unexpected ==, expecting end of file at (chained_equality.json:4:30)
    ("chained_equality", Error("expr-syntax", 4, 42)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[61].hex == "a"] error: <string>:1.19: Invalid character: " at (double_quotes_inside.json:4:30)
    ("double_quotes_inside", Error("expr-syntax", 4, 49)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[61].hex == 'a' and option[300].exists] error: <string>:1.34-36: Option code has invalid value in 300. Allowed range: 0..255 at (span_after_unicode_escapes.json:4:30)
    ("span_after_unicode_escapes", Error("expr-range", 4, 74)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [known] error: <string>:1.1: Invalid character: k at (known_is_not_in_kea_2_2.json:4:30)
    ("known_is_not_in_kea_2_2", Error("expr-version", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [lcase(option[12].text) == 'x'] error: <string>:1.1: Invalid character: l at (lcase_is_not_in_kea_2_2.json:4:30)
    ("lcase_is_not_in_kea_2_2", Error("expr-version", 4, 31)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [split('a.b', '.', option[1].hex) == 'b'] error: <string>:1.19-24: syntax error, unexpected option, expecting integer at (split_field_must_be_integer.json:4:30)
    ("split_field_must_be_integer", Error("expr-syntax", 4, 49)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [concat('a', 'b', 'c') == 'abc'] error: <string>:1.16: syntax error, unexpected ",", expecting ) or + at (concat_takes_two.json:4:30)
    ("concat_takes_two", Error("expr-syntax", 4, 46)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [pkt4.transid == 4294967296] error: <string>:1.17-26: Invalid value in 4294967296. Allowed range: 0..4294967295 at (integer_too_large.json:4:30)
    ("integer_too_large", Error("expr-range", 4, 47)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [pkt4.giaddr == 1.2.3.400] error: <string>:1.16-24: Failed to convert 1.2.3.400 to an IP address. at (bad_ipv4_literal.json:4:30)
    ("bad_ipv4_literal", Error("expr-syntax", 4, 46)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[61].HEX == 'a'] error: <string>:1.12: Invalid character: H at (case_sensitive_keywords.json:4:30)
    ("case_sensitive_keywords", Error("expr-syntax", 4, 42)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("many_v4_tokens", Ok),
    // kea-dhcp4 -t: accepted (exit 0)
    ("many_functions", Ok),
    // kea-dhcp4 -t: accepted (exit 0)
    ("subnet_undefined_class", Warning("undefined-class", 3, 70)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("subnet_undefined_required_class", Warning("undefined-class", 3, 82)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("pool_undefined_class", Warning("undefined-class", 3, 114)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("reservation_undefined_class", Warning("undefined-class", 3, 129)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("global_reservation_undefined_class", Warning("undefined-class", 3, 80)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("shared_network_undefined_class", Warning("undefined-class", 3, 57)),
    // kea-dhcp4 -t: accepted (exit 0)
    ("subnet_defined_classes", Ok),
    // kea-dhcp6 -t: accepted (exit 0)
    ("v6_tokens", Ok),
    // kea-dhcp6 -t: rejected (exit 1): expression: [option[dhcp-client-identifier].exists] error: <string>:1.8-29: option 'dhcp-client-identifier' is not defined at (v6_v4_option_name.json:4:30)
    ("v6_v4_option_name", Error("expr-unknown-option", 4, 38)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [pkt4.mac == 0x01] error: <string>:1.1-4: pkt4 can only be used in DHCPv4. at (v6_pkt4.json:4:30)
    ("v6_pkt4", Error("expr-universe", 4, 31)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [relay4[1].exists] error: <string>:1.1-6: relay4 can only be used in DHCPv4. at (v6_relay4.json:4:30)
    ("v6_relay4", Error("expr-universe", 4, 31)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [relay6[32].peeraddr == ::1] error: <string>:1.8-9: Nest level has invalid value in 32. Allowed range: -32..31 at (v6_relay_nest_range.json:4:30)
    ("v6_relay_nest_range", Error("expr-range", 4, 38)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [option[65536].exists] error: <string>:1.8-12: Option code has invalid value in 65536. Allowed range: 0..65535 at (v6_option_code_range.json:4:30)
    ("v6_option_code_range", Error("expr-range", 4, 38)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [relay6[0].option[clientid].exists] error: <string>:1.18-25: syntax error, unexpected option name, expecting integer at (v6_relay6_option_by_name.json:4:30)
    ("v6_relay6_option_by_name", Error("expr-syntax", 4, 48)),
    // kea-dhcp6 -t: rejected (exit 1): Can't add class: Client Class: a has already been defined (v6_duplicate_class.json:5:7)
    ("v6_duplicate_class", Error("duplicate-class", 5, 17)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [member('b')] error: <string>:1.8-10: Not defined client class 'b' at (v6_member_forward.json:4:30)
    ("v6_member_forward", Error("member-undefined", 4, 31)),
    // kea-dhcp6 -t: accepted (exit 0)
    ("v6_pd_pool_undefined_class", Warning("undefined-class", 3, 153)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [vendor-class[1].data[256] == ''] error: <string>:1.22-24: Invalid value in 256. Allowed range: 0..255 at (v6_vendor_class_index_range.json:4:30)
    ("v6_vendor_class_index_range", Error("expr-range", 4, 52)),
    // kea-dhcp6 -t: rejected (exit 1): expression: [option[client-id].exists] error: <string>:1.8-16: option 'client-id' is not defined at (v6_arm_name_client_id_is_not_kea_name.json:4:30)
    ("v6_arm_name_client_id_is_not_kea_name", Error("expr-unknown-option", 4, 38)),
    // kea-dhcp4 -t: rejected (exit 1): expression: [option[43].option[256].exists] error: <string>:1.19-21: Option code has invalid value in 256. Allowed range: 0..255 at (v4_sub_option_code_range.json:4:30)
    ("v4_sub_option_code_range", Error("expr-range", 4, 49)),
    // kea-dhcp6 -t: accepted (exit 0)
    ("v6_only_if_required_and_required", Ok),
];

/// Codes this area reports: an `Ok` case must have none of them, even as warnings.
const CLASS_CODES: &[&str] = &[
    "undefined-class",
    "member-undefined",
    "class-name-missing",
    "class-name-empty",
    "duplicate-class",
    "expr-syntax",
    "expr-type",
    "expr-range",
    "expr-universe",
    "expr-unknown-option",
    "expr-version",
];

fn check(name: &str, version: KeaVersion) -> (Vec<Diagnostic>, SourceMap) {
    let path = format!("{}/fixtures/classes/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let (mut doc, parse) = keakit::syntax::load_file(std::path::Path::new(&path)).expect("fixture readable");
    let diags = check_all(&mut doc, parse, &CheckOptions { daemon: None, version, ..Default::default() });
    (diags, doc.sources)
}

fn line_col(d: &Diagnostic, sources: &SourceMap) -> (usize, usize) {
    let span = d.span.expect("diagnostic has a place");
    sources.get(span.file).line_col(span.start as usize)
}

#[test]
fn class_checks_agree_with_kea() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for (name, expect) in CASES {
        let (diags, sources) = check(name, KeaVersion::V2_2);
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        let shown: Vec<String> = diags.iter().map(|d| format!("{} {:?} {}", d.code, line_col(d, &sources), d.message)).collect();
        let ok = match expect {
            Ok => errors.is_empty() && !diags.iter().any(|d| CLASS_CODES.contains(&d.code)),
            Error(code, l, c) => errors.len() == 1 && errors[0].code == *code && line_col(errors[0], &sources) == (*l, *c),
            Warning(code, l, c) => {
                errors.is_empty() && diags.iter().any(|d| d.code == *code && !d.is_error() && line_col(d, &sources) == (*l, *c))
            }
        };
        if !ok {
            failures.push(format!("{name}: expected {expect:?}, got {shown:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases disagree:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

/// `known` is dhcpd's word, not Kea's: Kea 2.2 and 3.0.4 reject it ("Invalid character: k"),
/// so it is an error at every target, with the portable spelling as help. `lcase` came with
/// Kea 2.5.2: an error for 2.2 and 2.4, nothing from 2.6 (Kea 3.0.4 accepts it).
#[test]
fn expression_tokens_by_version() {
    let (diags, _) = check("known_is_not_in_kea_2_2", KeaVersion::V3_0);
    let d = diags.iter().find(|d| d.code == "expr-version").expect("a version error");
    assert!(d.is_error(), "{d:?}");
    assert_eq!(d.help.as_deref(), Some("write `member('KNOWN')`, which every Kea version accepts"));
    let text = r#"{"Dhcp4": {"client-classes": [{"name": "a", "test": "lcase('A') == 'a'"}]}}"#;
    for (v, error) in [(KeaVersion::V2_2, true), (KeaVersion::V2_4, true), (KeaVersion::V2_6, false), (KeaVersion::V3_0, false)] {
        let (mut doc, parse) = keakit::syntax::load_str("t.json", text);
        let diags = check_all(&mut doc, parse, &CheckOptions { daemon: None, version: v, ..Default::default() });
        let found: Vec<_> = diags.iter().filter(|d| d.code == "expr-version").collect();
        assert_eq!(found.len(), usize::from(error), "{v}: {diags:?}");
        assert!(found.iter().all(|d| d.is_error()), "{v}: {diags:?}");
    }
}

/// Errors in expressions carry a help text and the message names the problem.
#[test]
fn expression_errors_explain_themselves() {
    let (diags, _) = check("exists_is_not_a_string", KeaVersion::V2_2);
    assert_eq!(diags[0].message, "`==` needs string operands, but this is a boolean");
    assert!(diags[0].help.is_some());
    let (diags, _) = check("member_forward_reference", KeaVersion::V2_2);
    assert!(diags[0].related.iter().any(|r| r.text.contains("later")), "{diags:?}");
}
