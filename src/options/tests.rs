//! Codec tests. Expected wire bytes are written from the RFC layouts, not from the codec.

use super::*;
use crate::universe::Universe;

fn std4(name: &str) -> OptionDef<'static> {
    OptionDefs::std_by_name(Universe::V4, "dhcp4", name).unwrap()
}
fn std6(name: &str) -> OptionDef<'static> {
    OptionDefs::std_by_name(Universe::V6, "dhcp6", name).unwrap()
}
fn custom(ty: OptionType, array: bool, rec: &'static [OptionType], u: Universe) -> OptionDef<'static> {
    OptionDef {
        name: "foo",
        code: 222,
        space: "x",
        ty,
        array,
        record_types: rec,
        encapsulate: None,
        universe: u,
        since: crate::version::KeaVersion::V2_2,
    }
}

#[test]
fn rfc2132_address_lists_and_integers() {
    assert_eq!(encode(&std4("routers"), "192.0.2.1, 192.0.2.2", true).unwrap(), [192, 0, 2, 1, 192, 0, 2, 2]);
    assert_eq!(encode(&std4("interface-mtu"), "1500", true).unwrap(), [0x05, 0xdc]);
    assert_eq!(encode(&std4("time-offset"), "-1", true).unwrap(), [0xff, 0xff, 0xff, 0xff]);
    assert_eq!(encode(&std4("ip-forwarding"), "True", true).unwrap(), [1]);
    assert_eq!(encode(&std4("default-ip-ttl"), "0x40", true).unwrap(), [64]);
}

#[test]
fn rfc1035_domain_names() {
    // RFC 3397 §2 example: "eng.apple.com." then "marketing.apple.com." (no compression in Kea).
    let w = encode(&std4("domain-search"), "eng.apple.com, marketing.apple.com.", true).unwrap();
    let mut want = b"\x03eng\x05apple\x03com\x00".to_vec();
    want.extend_from_slice(b"\x09marketing\x05apple\x03com\x00");
    assert_eq!(w, want);
    assert!(encode(&std4("v4-lost"), "a..b", true).is_err());
    assert_eq!(encode(&std4("v4-lost"), "a@b.c", true).unwrap_err().range, 1..2);
    // RFC 2132 §3.17: option 15 is plain text, and Kea 2.2 treats it as a string
    // (verified: "example..com" passes kea-dhcp4 -t).
    assert_eq!(encode(&std4("domain-name"), "example..com", true).unwrap(), b"example..com");
}

#[test]
fn rfc8415_v6_options() {
    let w = encode(&std6("dns-servers"), "2001:db8::1", true).unwrap();
    assert_eq!(w, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // RFC 5970 bootfile-param: each parameter with a 16-bit length.
    assert_eq!(encode(&std6("bootfile-param"), "ab, c", true).unwrap(), [0, 2, b'a', b'b', 0, 1, b'c']);
    // RFC 8415 §21.13 status code: uint16 code then UTF-8 text.
    assert_eq!(encode(&std6("status-code"), "0, ok", true).unwrap(), [0, 0, b'o', b'k']);
}

#[test]
fn rfc7598_prefix_and_psid() {
    let v6 = OptionDefs::standard(Universe::V6);
    let dmr = v6.by_name("s46-cont-mapt-options", "s46-dmr").unwrap();
    // prefix6-len then the prefix truncated to ceil(len/8) bytes.
    assert_eq!(encode(&dmr, "2001:db8::/32", true).unwrap(), [32, 0x20, 0x01, 0x0d, 0xb8]);
    let pp = v6.by_name("s46-rule-options", "s46-portparams").unwrap();
    // offset 0, PSID-len 4, PSID 3 left-aligned: 0011 0000 0000 0000.
    assert_eq!(encode(&pp, "0, 3/4", true).unwrap(), [0, 4, 0x30, 0x00]);
    assert!(encode(&pp, "0, 16/4", true).is_err());
}

#[test]
fn v4_tuples_have_an_8_bit_length() {
    let d = custom(OptionType::Tuple, true, &[], Universe::V4);
    assert_eq!(encode(&d, "ab,c", true).unwrap(), [2, b'a', b'b', 1, b'c']);
}

#[test]
fn records_and_arrays_of_records() {
    // RFC 5986-style record: uint8, ipv4, ipv4, fqdn repeated? Kea repeats the last field.
    let d = custom(OptionType::Record, true, &[OptionType::Uint8, OptionType::Uint16], Universe::V4);
    assert_eq!(encode(&d, "1, 2, 3", true).unwrap(), [1, 0, 2, 0, 3]);
    assert!(encode(&d, "1", true).is_err());
    let slp = std4("slp-service-scope");
    assert_eq!(encode(&slp, "true, scope", true).unwrap(), [1, b's', b'c', b'o', b'p', b'e']);
}

#[test]
fn integer_and_boolean_rules() {
    let u8d = custom(OptionType::Uint8, false, &[], Universe::V4);
    for ok in ["255", "+5", "05", " 5", "0x10"] {
        assert!(encode(&u8d, ok, true).is_ok(), "{ok}");
    }
    for bad in ["256", "-1", "1.5", "abc", ""] {
        assert!(encode(&u8d, bad, true).is_err(), "{bad}");
    }
    let i16d = custom(OptionType::Int16, false, &[], Universe::V4);
    assert!(encode(&i16d, "0xffff", true).is_err());
    let b = custom(OptionType::Boolean, false, &[], Universe::V4);
    assert!(encode(&b, "yes", true).is_err());
    assert!(encode(&b, "2", true).is_err());
}

#[test]
fn extra_values_are_ignored_with_a_warning_and_escaped_commas_kept() {
    let s = std4("boot-file-name");
    let e = encode_detailed(&s, "a,b", true).unwrap();
    assert_eq!(e.bytes, b"a");
    assert_eq!(e.warnings[0].0, 2..3);
    assert_eq!(encode(&s, "a\\,b", true).unwrap(), b"a,b");
}

#[test]
fn empty_data_rules() {
    assert_eq!(encode(&std4("routers"), "", true).unwrap(), Vec::<u8>::new());
    assert!(encode(&std4("domain-name"), "", true).is_err());
    assert!(encode(&std4("v4-lost"), "", true).is_err());
    assert!(encode(&std4("path-mtu-plateau-table"), "", true).is_err());
    assert_eq!(encode(&std4("vendor-encapsulated-options"), "", true).unwrap(), Vec::<u8>::new());
    assert!(encode(&std4("vendor-encapsulated-options"), "x", true).is_err());
}

#[test]
fn hex_data_must_fit_the_definition() {
    assert_eq!(encode(&std4("interface-mtu"), "05dc", false).unwrap(), [5, 0xdc]);
    assert!(encode(&std4("interface-mtu"), "05", false).is_err());
    assert!(encode(&std4("routers"), "0102030405", false).is_err());
    assert!(encode(&std4("v4-lost"), "0161", false).is_err());
    assert!(encode(&std4("v4-lost"), "016100", false).is_ok());
}

#[test]
fn decode_gives_canonical_text_that_round_trips() {
    let cases: &[(OptionDef, &str, &str)] = &[
        (std4("routers"), "192.0.2.1,192.0.2.2", "192.0.2.1, 192.0.2.2"),
        (std4("v4-lost"), "example.com.", "example.com"),
        (std4("ip-forwarding"), "1", "true"),
        (std4("time-offset"), "-0x10", "-16"),
        (std4("boot-file-name"), "a\\,b", "a\\,b"),
        (std4("slp-directory-agent"), "true, 10.0.0.1, 10.0.0.2", "true, 10.0.0.1, 10.0.0.2"),
        (std6("dns-servers"), "2001:0db8::0001", "2001:db8::1"),
        (std6("bootfile-param"), "a,b", "a, b"),
        (std6("status-code"), "1, no", "1, no"),
        (std4("dhcp-client-identifier"), "01AB", "01ab"),
    ];
    for (def, input, canon) in cases {
        let w = encode(def, input, true).unwrap();
        let text = decode(def, &w).unwrap();
        assert_eq!(&text, canon, "{}", def.name);
        assert_eq!(encode(def, &text, true).unwrap(), w, "{}", def.name);
    }
}
