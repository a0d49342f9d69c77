//! Unit tests of the expression engine. Verdicts marked "oracle" were checked with
//! `kea-dhcp4 -t` / `kea-dhcp6 -t` 2.2 on a config holding the expression as a class test.

use super::ast::*;
use super::eval::{EvalError, Packet, Scratch, eval_bool, eval_string};
use super::*;
use crate::universe::Universe;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn names4(n: &str) -> Option<u16> {
    match n {
        "host-name" => Some(12),
        "dhcp-clientidentifier" => Some(61),
        "vendor-class-identifier" => Some(60),
        _ => None,
    }
}
fn names6(n: &str) -> Option<u16> {
    (n == "clientid").then_some(1)
}

fn p4(src: &str) -> Result<Expr, ExprError> {
    parse_typed(src, &ParseOptions { universe: Universe::V4, option_code: &names4 }, Type::Bool, "a class `test`")
}
fn p6(src: &str) -> Result<Expr, ExprError> {
    parse_typed(src, &ParseOptions { universe: Universe::V6, option_code: &names6 }, Type::Bool, "a class `test`")
}
fn err4(src: &str) -> ExprError {
    p4(src).expect_err(src)
}
/// (code, span text) of the error.
fn where4(src: &str) -> (&'static str, String) {
    let e = err4(src);
    (e.code, src[e.span.range()].to_string())
}

// ---------- parser: accepted (all oracle: exit 0) ----------

#[test]
fn accepts_what_kea_accepts() {
    for s in [
        "option[61].hex == 'a'",
        "option[host-name].text == 'x'",
        "('a') == 'a'",
        "('a' == 'a')",
        "'a' + 'b' == 'ab'",
        "'a' + ('b' + 'c') == 'abc'",
        "split('a.b', '.', 2) == 'b'",
        "substring('abc', -1, all) == 'c'",
        "substring('abc', 0, 4294967296) == 'a'",
        "not 'a' == 'b'",
        "member('KNOWN')",
        "member('VENDOR_CLASS_x')",
        "option[255].exists",
        "option[61].option[255].text == 'a'",
        "relay4[1].text == 'a'",
        "pkt4.transid == 4294967295",
        "pkt4.mac == 0x1",
        "pkt4.mac == 1.2.3.4",
        "pkt4.mac == 2001:db8::1",
        "pkt4.mac == ::ffff:1.2.3.4",
        "pkt.iface == 'eth0' and pkt.len == 5 and pkt.src == pkt.dst",
        "vendor.enterprise == 4491",
        "vendor[*].exists",
        "vendor[4491].option[1].text == 'a'",
        "vendor-class[4491].data[3] == 'a'",
        "vendor-class.enterprise == 1",
        "hexstring(pkt4.mac, ':') == 'a'",
        "addrtotext(pkt4.ciaddr) == '1.2.3.4'",
        "int8totext(1) == 'x'",
        "option[ 61 ] . hex == 'a'",
        "\toption[61].exists  ",
        "0X1F == 'a'",
        "option[61].hex == 01",
        "hexstring(0x01, '')=='01'",
        "((option[61].exists))",
        "pkt4.mac == 'é'",
    ] {
        p4(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
    }
    for s in [
        "option[65535].exists",
        "option[clientid].exists",
        "option[1].option[65535].exists",
        "relay6[-32].linkaddr == ::1",
        "relay6[31].peeraddr == ::1",
        "pkt6.msgtype == 1 and pkt6.transid == 2",
        "vendor[1].option[65535].exists",
        "vendor-class[1].data[255] == ''",
    ] {
        p6(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
    }
}

// ---------- parser/typeck: rejected (all oracle: exit 1), with the span Kea blames ----------

#[test]
fn rejects_what_kea_rejects_at_the_right_token() {
    // oracle: "syntax error, unexpected end of file" at 1.19
    assert_eq!(where4("option[61].hex == "), ("expr-syntax", "".into()));
    assert_eq!(err4("option[61].hex == ").span.start, 18);
    // oracle: "unexpected option, expecting integer" at 1.19-24
    assert_eq!(where4("split('a.b', '.', option[1].hex) == 'b'"), ("expr-syntax", "option".into()));
    assert_eq!(where4("substring('abc', option[1].hex, 1) == 'b'"), ("expr-syntax", "option".into()));
    // oracle: "Invalid character: l" — Kea 2.2 has no lcase; keakit parses it (newer Kea) and
    // `compat` reports it for 2.2, see compat_flags_newer_constructs.
    // oracle: "unexpected end of file, expecting == or +" (a string is not a condition)
    assert_eq!(where4("'a'"), ("expr-type", "'a'".into()));
    // oracle: "unexpected ==, expecting end of file" at 1.12-13
    assert_eq!(where4("'a' == 'b' == 'c'"), ("expr-syntax", "==".into()));
    // oracle: "Not defined client class" is check's job (needs the class list), not the parser's.
    // oracle: "Option code has invalid value in 256. Allowed range: 0..255" at 1.8-10
    assert_eq!(where4("option[256].exists"), ("expr-range", "256".into()));
    assert_eq!(where4("option[-1].exists"), ("expr-range", "-1".into()));
    // oracle: "option 'foo-bar' is not defined" at 1.8-14
    assert_eq!(where4("option[foo-bar].exists"), ("expr-unknown-option", "foo-bar".into()));
    assert_eq!(where4("option[hex].exists"), ("expr-unknown-option", "hex".into()));
    assert_eq!(where4("option[61].option[300].exists"), ("expr-range", "300".into()));
    assert_eq!(where4("relay4[300].exists"), ("expr-range", "300".into()));
    // oracle: "unexpected option name, expecting integer"
    assert_eq!(where4("relay4[circuit-id].exists"), ("expr-syntax", "circuit-id".into()));
    // oracle: "Nest level invalid for DHCPv4 packets" / "pkt6 can only be used in DHCPv6."
    assert_eq!(where4("relay6[0].peeraddr == ::1"), ("expr-universe", "relay6".into()));
    assert_eq!(where4("pkt6.msgtype == 1"), ("expr-universe", "pkt6".into()));
    // oracle: "Invalid value in 4294967296. Allowed range: 0..4294967295" at 1.17-26
    assert_eq!(where4("pkt4.transid == 4294967296"), ("expr-range", "4294967296".into()));
    assert_eq!(where4("pkt4.transid == -1"), ("expr-range", "-1".into()));
    // oracle: "Failed to convert 1.2.3.400 to an IP address."
    assert_eq!(where4("pkt4.mac == 1.2.3.400"), ("expr-syntax", "1.2.3.400".into()));
    assert_eq!(where4("vendor[4294967296].exists"), ("expr-range", "4294967296".into()));
    assert_eq!(where4("vendor-class[1].data[-1] == 'a'"), ("expr-range", "-1".into()));
    assert_eq!(where4("vendor[1].option[65535].exists"), ("expr-range", "65535".into()));
    // oracle: "Invalid character: k" — no `known` in 2.2 (reported by compat, parsed here)
    // oracle: "unexpected \",\", expecting == or +" (ifelse needs a condition first)
    assert_eq!(where4("ifelse('a', 'a', 'b') == 'a'"), ("expr-type", "'a'".into()));
    // oracle: "unexpected \",\", expecting ) or +"
    assert_eq!(where4("concat('a', 'b', 'c') == 'a'"), ("expr-syntax", ",".into()));
    // oracle: "unexpected constant string, expecting end of file"
    assert_eq!(where4("option[61].hex == 'a''b'"), ("expr-syntax", "'b'".into()));
    // oracle: "Invalid character: \""
    assert_eq!(where4("option[61].hex == \"a\""), ("expr-syntax", "\"".into()));
    // oracle: "Invalid character: O" / "H" (keywords are case-sensitive)
    assert_eq!(where4("OPTION[61].hex == 'a'"), ("expr-syntax", "OPTION".into()));
    assert_eq!(where4("option[61].HEX == 'a'"), ("expr-syntax", "HEX".into()));
    // oracle: "Invalid character: x"
    assert_eq!(where4("option[61].hex == 0x"), ("expr-syntax", "0x".into()));
    // oracle: "unexpected ., expecting end of file"
    assert_eq!(where4("option[61].hex == 1.2.3"), ("expr-syntax", ".".into()));
    // oracle: "unexpected end of file"
    assert_eq!(where4("option[61].hex == 'a' and"), ("expr-syntax", "".into()));
    assert_eq!(where4(""), ("expr-syntax", "".into()));
    assert_eq!(where4("   "), ("expr-syntax", "".into()));
    // oracle: "unexpected mac, expecting iface or src or dst or len"
    assert_eq!(where4("pkt4.mac == pkt.mac"), ("expr-syntax", "mac".into()));
    // oracle: "unexpected option, expecting text or hex or exists"
    assert_eq!(where4("relay4[1].option[2].exists"), ("expr-syntax", "option".into()));
    assert_eq!(where4("option[61].option[2].option[3].exists"), ("expr-syntax", "option".into()));
    // oracle: "unexpected ==, expecting end of file" (exists is a condition, not a value)
    assert_eq!(where4("option[61].exists == 'true'"), ("expr-type", "option[61].exists".into()));
    // oracle: "Invalid character: '" (unterminated string)
    assert_eq!(where4("option[61].hex == '''"), ("expr-syntax", "'".into()));
    // oracle: "unexpected constant hexstring, expecting integer or option name"
    assert_eq!(where4("option[0x3d].exists"), ("expr-syntax", "0x3d".into()));
    // oracle: "Invalid character: t"
    assert_eq!(where4("true"), ("expr-syntax", "true".into()));
}

#[test]
fn dhcpv6_ranges_and_universe() {
    let e = |s: &str| {
        let e = p6(s).expect_err(s);
        (e.code, s[e.span.range()].to_string())
    };
    // oracle (kea-dhcp6): "Option code has invalid value in 65536. Allowed range: 0..65535"
    assert_eq!(e("option[65536].exists"), ("expr-range", "65536".into()));
    // oracle: "option 'dhcp-clientidentifier' is not defined"
    assert_eq!(e("option[dhcp-clientidentifier].exists"), ("expr-unknown-option", "dhcp-clientidentifier".into()));
    // oracle: "Nest level has invalid value in 32. Allowed range: -32..31"
    assert_eq!(e("relay6[32].linkaddr == ::1"), ("expr-range", "32".into()));
    assert_eq!(e("relay6[-33].linkaddr == ::1"), ("expr-range", "-33".into()));
    // oracle: "unexpected option name, expecting integer"
    assert_eq!(e("relay6[0].option[clientid].exists"), ("expr-syntax", "clientid".into()));
    // oracle: "relay4 can only be used in DHCPv4." / "pkt4 can only be used in DHCPv4."
    assert_eq!(e("relay4[1].exists"), ("expr-universe", "relay4".into()));
    assert_eq!(e("pkt4.mac == 0x01"), ("expr-universe", "pkt4".into()));
    // oracle: "Invalid value in 256. Allowed range: 0..255"
    assert_eq!(e("vendor-class[1].data[256] == ''"), ("expr-range", "256".into()));
}

#[test]
fn type_errors_name_the_operator() {
    let e = err4("option[61].exists == 'true'");
    assert_eq!(e.message, "`==` needs string operands, but this is a boolean");
    let e = err4("option[61].hex and option[60].exists");
    assert_eq!(e.message, "`and` needs boolean operands, but this is a string");
    let e = err4("option[61].hex");
    assert!(e.message.contains("a class `test` must be a boolean expression"), "{}", e.message);
    let e = err4("option[61].dex == 'a'");
    assert_eq!(e.message, "expected `.hex`, `.text` or `.exists` after `option[...]`, found `dex`");
    let e = p4("'a'").err().unwrap();
    assert!(e.help.is_some());
}

#[test]
fn template_test_is_a_string_expression() {
    let o = ParseOptions { universe: Universe::V4, option_code: &names4 };
    assert!(parse_typed("option[61].hex", &o, Type::String, "a `template-test`").is_ok());
    let e = parse_typed("option[61].exists", &o, Type::String, "a `template-test`").unwrap_err();
    assert!(e.message.starts_with("a `template-test` must be a string expression"), "{}", e.message);
}

#[test]
fn parser_never_panics_on_odd_input() {
    for s in [
        "'",
        "(",
        ")",
        "[",
        "option",
        "option[",
        "option[1",
        "option[1]",
        "option[1].",
        "substring(",
        "substring('a',",
        "member(",
        "member('a'",
        "é",
        "::",
        ":",
        "-",
        "--1",
        "1.",
        "vendor",
        "vendor[",
        "vendor-class[1].data[",
        "relay6[1].",
        "pkt.",
        "ifelse(",
        "a-",
        "0x",
        "0",
        "1.2.3.4.5",
        "\u{0}",
    ] {
        let _ = p4(s);
        let _ = p6(s);
    }
}

// ---------- printer ----------

#[test]
fn print_is_canonical_and_round_trips() {
    let cases = [
        ("option[ 61 ] . hex=='a'", "option[61].hex == 'a'"),
        ("(('a' == 'b'))", "'a' == 'b'"),
        ("'a' == 'b' or 'c' == 'd' and 'e' == 'f'", "'a' == 'b' or 'c' == 'd' and 'e' == 'f'"),
        ("('a' == 'b' or 'c' == 'd') and 'e' == 'f'", "('a' == 'b' or 'c' == 'd') and 'e' == 'f'"),
        ("'a' == 'b' or ('c' == 'd' or 'e' == 'f')", "'a' == 'b' or ('c' == 'd' or 'e' == 'f')"),
        ("not ('a' == 'b' and member('ALL'))", "not ('a' == 'b' and member('ALL'))"),
        ("not not 'a' == 'b'", "not not 'a' == 'b'"),
        ("'a' + ('b' + 'c') == concat('a','bc')", "'a' + ('b' + 'c') == concat('a', 'bc')"),
        ("0X1F == 0x1", "0x1f == 0x01"),
        ("pkt4.mac == 1.2.3.4 or pkt4.mac == 2001:DB8::1", "pkt4.mac == 1.2.3.4 or pkt4.mac == 2001:db8::1"),
        (
            "substring(option[host-name].text,0,all) == split('a.b','.',-1)",
            "substring(option[host-name].text, 0, all) == split('a.b', '.', -1)",
        ),
        ("vendor[*].option[2].hex == vendor-class[0].data[1]", "vendor[*].option[2].hex == vendor-class[0].data[1]"),
        (
            "ifelse(vendor[4491].exists, hexstring(pkt4.mac, ':'), uint16totext(0x0001)) == ''",
            "ifelse(vendor[4491].exists, hexstring(pkt4.mac, ':'), uint16totext(0x0001)) == ''",
        ),
        ("known and not unknown", "known and not unknown"),
        ("lcase(ucase('A')) == 'a'", "lcase(ucase('A')) == 'a'"),
    ];
    for (src, want) in cases {
        let e = p4(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        let printed = print::print(&e);
        assert_eq!(printed, want, "{src}");
        assert_eq!(p4(&printed).unwrap(), e, "round trip of {src}");
    }
    let e = p6("relay6[-1].option[18].hex == relay6[0].peeraddr and pkt6.transid == 7").unwrap();
    assert_eq!(p6(&print::print(&e)).unwrap(), e);
}

#[test]
fn printer_handles_trees_the_parser_cannot_build() {
    // migrate may build a string with a quote: printed as the equal hex literal.
    let s = Expr::new(ExprKind::Str("it's".into()), TextRange::default());
    assert_eq!(print::print(&s), "0x69742773");
    let h = Expr::new(ExprKind::Hex(Box::new([])), TextRange::default());
    assert_eq!(print::print(&h), "''");
}

// ---------- evaluator ----------

/// (peer address, link address, options) of one relay.
type FakeRelay = (Ipv6Addr, Ipv6Addr, Vec<(u16, Vec<u8>)>);

/// A hand-built packet: options as (code, payload).
struct Fake {
    u: Universe,
    options: Vec<(u16, Vec<u8>)>,
    classes: Vec<&'static str>,
    relays: Vec<FakeRelay>,
}

impl Packet for Fake {
    fn universe(&self) -> Universe {
        self.u
    }
    fn option(&self, code: u16) -> Option<&[u8]> {
        self.options.iter().find(|o| o.0 == code).map(|o| &o.1[..])
    }
    fn relay6_count(&self) -> usize {
        self.relays.len()
    }
    fn relay6_option(&self, level: usize, code: u16) -> Option<&[u8]> {
        self.relays[level].2.iter().find(|o| o.0 == code).map(|o| &o.1[..])
    }
    fn relay6_addr(&self, level: usize, which: Relay6Addr) -> Option<Ipv6Addr> {
        let r = &self.relays[level];
        Some(if which == Relay6Addr::Peer { r.0 } else { r.1 })
    }
    fn iface(&self) -> &str {
        "eth0"
    }
    fn src(&self) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))
    }
    fn dst(&self) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2))
    }
    fn wire_len(&self) -> u32 {
        300
    }
    fn mac(&self) -> &[u8] {
        &[0, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f]
    }
    fn pkt4_number(&self, f: Pkt4Field) -> u32 {
        match f {
            Pkt4Field::Hlen => 6,
            Pkt4Field::Htype => 1,
            Pkt4Field::MsgType => 1,
            _ => 0xdeadbeef,
        }
    }
    fn pkt4_addr(&self, _f: Pkt4Field) -> Ipv4Addr {
        Ipv4Addr::new(192, 0, 2, 1)
    }
    fn pkt6_number(&self, _f: Pkt6Field) -> u32 {
        1
    }
    fn is_member(&self, name: &str) -> bool {
        self.classes.contains(&name)
    }
}

fn fake4() -> Fake {
    Fake {
        u: Universe::V4,
        options: vec![
            (60, b"PXEClient:Arch:00007".to_vec()),
            (61, vec![1, 0, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f]),
            // relay agent info: circuit-id 'eth1/1', remote-id 0x0102
            (82, [&[1u8, 6][..], b"eth1/1", &[2, 2, 1, 2]].concat()),
            // vendor-identifying vendor class: enterprise 4491, chunks 'docsis3.0', 'x'
            (124, [&4491u32.to_be_bytes()[..], &[12, 9], b"docsis3.0", &[1, b'x']].concat()),
            // vendor-identifying vendor-specific info: enterprise 4491, sub-option 2 = 'ab'
            (125, [&4491u32.to_be_bytes()[..], &[4, 2, 2], b"ab"].concat()),
            (43, vec![1, 1, 7, 2, 0]),
        ],
        classes: vec!["ALL", "KNOWN"],
        relays: vec![],
    }
}

fn t4(src: &str) -> bool {
    let e = p4(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    eval_bool(&e, &fake4(), &mut Scratch::default()).unwrap_or_else(|e| panic!("{src}: {e}"))
}

#[test]
fn evaluates_options_and_fields() {
    for s in [
        "substring(option[60].hex, 0, 9) == 'PXEClient'",
        "option[vendor-class-identifier].text == 'PXEClient:Arch:00007'",
        "option[61].exists and not option[12].exists",
        "option[12].hex == ''",
        "option[43].option[1].hex == 0x07",
        "option[43].option[2].exists and option[43].option[2].hex == ''",
        "not option[43].option[3].exists",
        "relay4[1].hex == 'eth1/1' and relay4[2].hex == 0x0102 and not relay4[3].exists",
        "pkt4.mac == 0x001b2c3d4e5f and pkt4.hlen == 6 and pkt4.htype == 1 and pkt4.msgtype == 1",
        "pkt4.transid == 0xdeadbeef and pkt4.ciaddr == 192.0.2.1 and pkt4.giaddr == 192.0.2.1",
        "pkt.iface == 'eth0' and pkt.src == 10.0.0.1 and pkt.dst == 10.0.0.2 and pkt.len == 300",
        "hexstring(pkt4.mac, ':') == '00:1b:2c:3d:4e:5f'",
        "hexstring(0x0a0b, '') == '0a0b'",
        "vendor[*].exists and vendor[4491].exists and vendor[0].exists and not vendor[9].exists",
        "vendor.enterprise == 4491 and vendor[4491].option[2].hex == 'ab' and not vendor[4491].option[3].exists",
        "vendor[9].option[2].hex == ''",
        "vendor-class.enterprise == 4491 and vendor-class[4491].data == 'docsis3.0'",
        "vendor-class[*].data[1] == 'x' and vendor-class[4491].data[2] == '' and vendor-class[*].exists",
        "member('KNOWN') and not member('UNKNOWN') and known and not unknown",
        "ifelse(option[99].exists, 'a', 'b') == 'b'",
        "concat('foo', 'bar') == 'foobar' and 'a' + 'b' + 'c' == 'abc'",
        "lcase('AbC') == 'abc' and ucase('AbC') == 'ABC'",
        "addrtotext(pkt4.ciaddr) == '192.0.2.1' and addrtotext(2001:db8::1) == '2001:db8::1'",
        "addrtotext('') == ''",
        "int8totext(0xff) == '-1' and uint8totext(0xff) == '255'",
        "int16totext(0xffff) == '-1' and uint16totext(0xffff) == '65535'",
        "int32totext(0xffffffff) == '-1' and uint32totext(4294967295) == '4294967295'",
        "123 == 0x0000007b",
    ] {
        assert!(t4(s), "{s} should be true");
    }
    for s in ["option[60].hex == 'PXE'", "member('nope')", "unknown", "vendor[9].exists"] {
        assert!(!t4(s), "{s} should be false");
    }
}

#[test]
fn substring_and_split_follow_the_arm_examples() {
    // Every example of the ARM's Substring and Split sections.
    for s in [
        "substring('foobar', 0, 6) == 'foobar'",
        "substring('foobar', 3, 3) == 'bar'",
        "substring('foobar', 3, all) == 'bar'",
        "substring('foobar', 1, 4) == 'ooba'",
        "substring('foobar', -5, 4) == 'ooba'",
        "substring('foobar', -1, -3) == 'oba'",
        "substring('foobar', 4, -2) == 'ob'",
        "substring('foobar', 10, 2) == ''",
        "split('one.two..four', '.', 1) == 'one'",
        "split('one.two..four', '.', 2) == 'two'",
        "split('one.two..four', '.', 3) == ''",
        "split('one.two..four', '.', 4) == 'four'",
        "split('one.two..four', '.', 5) == ''",
        "split('a.b', '', 2) == 'a.b'",
        "split('', '.', 1) == ''",
        "split('a.b', '.', 0) == ''",
        "concat('abc', concat('def', 'ghi')) == 'abc' + 'def' + 'ghi'",
    ] {
        assert!(t4(s), "{s}");
    }
}

#[test]
fn eval_errors_instead_of_panics() {
    let pkt = fake4();
    let mut s = Scratch::default();
    let e = p4("addrtotext(0x0102) == ''").unwrap();
    assert_eq!(eval_bool(&e, &pkt, &mut s), Err(EvalError::BadLength { op: "addrtotext", len: 2 }));
    let e = p4("substring('abc', 0, 4294967296) == 'a'").unwrap();
    assert_eq!(eval_bool(&e, &pkt, &mut s), Err(EvalError::BadNumber { op: "substring", value: 4294967296 }));
    // A string expression evaluated as a condition (not type-checked) is an error, not a panic.
    let raw = parse("'a'", &ParseOptions { universe: Universe::V4, option_code: &names4 }).unwrap();
    assert_eq!(eval_bool(&raw, &pkt, &mut s), Err(EvalError::Type));
}

#[test]
fn string_evaluation_reuses_the_scratch_buffer() {
    let pkt = fake4();
    let mut s = Scratch::default();
    let e = parse_typed(
        "hexstring(substring(option[61].hex, 1, all), '-')",
        &ParseOptions { universe: Universe::V4, option_code: &names4 },
        Type::String,
        "t",
    )
    .unwrap();
    assert_eq!(eval_string(&e, &pkt, &mut s).unwrap(), b"00-1b-2c-3d-4e-5f");
    // Second evaluation: same result, buffer cleared rather than appended to.
    assert_eq!(eval_string(&e, &pkt, &mut s).unwrap(), b"00-1b-2c-3d-4e-5f");
}

#[test]
fn evaluates_dhcpv6_relays() {
    let pkt = Fake {
        u: Universe::V6,
        options: vec![
            (1, vec![0, 3, 0, 1, 1, 2, 3, 4, 5, 6]),
            (16, [&4491u32.to_be_bytes()[..], &[0, 2], b"ab"].concat()),
            (17, [&9u32.to_be_bytes()[..], &[0, 5, 0, 1], b"z"].concat()),
        ],
        classes: vec![],
        relays: vec![
            ("2001:db8::1".parse().unwrap(), "2001:db8::2".parse().unwrap(), vec![(18, b"if0".to_vec())]),
            ("2001:db8::3".parse().unwrap(), "::".parse().unwrap(), vec![]),
        ],
    };
    let t = |src: &str| eval_bool(&p6(src).unwrap(), &pkt, &mut Scratch::default()).unwrap();
    assert!(t("relay6[0].option[18].hex == 'if0' and relay6[0].peeraddr == 2001:db8::1 and relay6[0].linkaddr == 2001:db8::2"));
    assert!(t("relay6[-1].peeraddr == 2001:db8::3 and relay6[-2].option[18].exists and not relay6[1].option[18].exists"));
    assert!(t("relay6[5].peeraddr == '' and relay6[-3].peeraddr == ''"));
    assert!(t("substring(option[clientid].hex, 0, 2) == 0x0003 and pkt6.msgtype == 1"));
    assert!(t("vendor-class[4491].data == 'ab' and vendor[9].option[5].hex == 'z' and vendor.enterprise == 9"));
}

// ---------- compat ----------

#[test]
fn compat_flags_newer_constructs() {
    let e = p4("known and lcase('A') == 'a' and member('KNOWN')").unwrap();
    let n = compat::newer_constructs(&e);
    let names: Vec<_> = n.iter().map(|x| x.construct).collect();
    assert_eq!(names, ["known", "lcase"]);
    assert_eq!(n[1].span, TextRange::new(10, 15));
    assert_eq!(n[0].portable, Some("member('KNOWN')"));
}

/// Words are cut as Kea's lexer cuts them: keywords run together are separate tokens
/// (oracle, 2.2 and 3.0.4: `member('KNOWN') or member('ALL')  ormember('X')` is accepted, as
/// CI's check differential found), an option name is a word before `]`, and a word that
/// starts with no keyword stays an error.
#[test]
fn keywords_run_together_as_kea_reads_them() {
    assert!(p4("member('KNOWN') or member('ALL')  ormember('VENDOR_CLASS_docsis3.0')").is_ok());
    assert!(p4("member('A')andnot member('B')").is_ok());
    assert!(p4("notmember('A')").is_ok());
    assert!(p4("option[host-name].hex == 'a'").is_ok());
    assert!(p4("option[ host-name ].exists").is_ok());
    assert!(p4("pkt4.mac == 0x01").is_ok());
    assert!(p4("substring(option[60].hex,0,3)=='abc'").is_ok());
    // The rest of a word after its keyword is read on: here `ship`, which Kea refuses.
    assert!(p4("membership('A')").is_err());
    assert!(p4("foo('A')").is_err());
    assert!(p4("member('A') orr member('B')").is_err());
    for k in super::lexer::KEYWORDS {
        let toks = super::lexer::tokenize(k);
        assert_eq!((toks.len(), toks[0].text(k)), (2, *k), "{k} is one token");
    }
}

/// Every keyword the parser takes is in the lexer's table and every table entry is taken by
/// the parser: the parser's debug assertions name a keyword missing from `KEYWORDS`, and
/// this test fails on an entry no accepted expression uses.
#[test]
fn the_lexer_and_the_parser_know_the_same_keywords() {
    let v4 = [
        "option[host-name].hex == 'a' and option[12].exists and option[43].option[1].exists",
        "relay4[1].text == 'x' or not member('A') or known or unknown",
        "pkt.iface == 'eth0' and pkt.src == 10.0.0.1 and pkt.dst == 10.0.0.2 and pkt.len == 1",
        "pkt4.mac == 0x01 and pkt4.hlen == 6 and pkt4.htype == 1 and pkt4.ciaddr == 0.0.0.0",
        "pkt4.giaddr == 0.0.0.0 and pkt4.yiaddr == 0.0.0.0 and pkt4.siaddr == 0.0.0.0",
        "pkt4.msgtype == 1 and pkt4.transid == 1",
        "vendor.enterprise == 4491 and vendor[4491].option[1].exists and vendor-class[4491].data == 'x'",
        "vendor-class[4491].data[0] == 'x'",
        "substring('abc', 0, all) == 'a' and split('a,b', ',', 1) == 'a' and concat('a', 'b') == 'ab'",
        "ifelse(known, 'a', 'b') == 'a' and hexstring(0x01, ':') == '01' and lcase('A') == ucase('a')",
        "addrtotext(10.0.0.1) == '10.0.0.1' and int8totext(1) == '1' and int16totext(1) == '1'",
        "int32totext(1) == '1' and uint8totext(1) == '1' and uint16totext(1) == '1' and uint32totext(1) == '1'",
    ];
    let v6 = [
        "relay6[0].option[1].hex == 'a' and relay6[0].peeraddr == ::1 and relay6[0].linkaddr == ::1",
        "pkt6.msgtype == 1 and pkt6.transid == 1",
    ];
    let mut used = std::collections::BTreeSet::new();
    for (src, ok) in v4.iter().map(|s| (s, p4(s).is_ok())).chain(v6.iter().map(|s| (s, p6(s).is_ok()))) {
        assert!(ok, "{src}: {:?}", p4(src).err().or(p6(src).err()));
        for t in super::lexer::tokenize(src) {
            if t.kind == super::lexer::TokKind::Name {
                used.insert(t.text(src).to_string());
            }
        }
    }
    let unused: Vec<_> = super::lexer::KEYWORDS.iter().filter(|k| !used.contains(**k)).collect();
    assert!(unused.is_empty(), "keywords no accepted expression uses: {unused:?}");
}
