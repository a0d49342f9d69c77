//! parse -> lower -> emit is lossless; typed fields are filled.

use super::*;
use crate::syntax::load_str;

fn roundtrip(text: &str) -> Config {
    let (doc, diags) = load_str("t.json", text);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let root = doc.root.unwrap();
    let expected = root.to_json();
    let cfg = Config::lower(root);
    assert_eq!(cfg.emit(), expected);
    cfg
}

#[test]
fn typed_fields_and_lossless_emit() {
    let cfg = roundtrip(
        r#"{"Dhcp4": {"valid-lifetime": 4000, "subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
            "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}],
            "reservations": [{"hw-address": "aa:bb:cc:dd:ee:ff", "ip-address": "192.0.2.5", "hostname": "h"}],
            "option-data": [{"name": "routers", "data": "192.0.2.1"}], "foo": [1, 2]}],
            "shared-networks": [{"name": "n", "subnet4": [{"id": 2, "subnet": "198.51.100.0/24"}]}],
            "loggers": [{"name": "kea-dhcp4", "output_options": [{"output": "stdout"}], "severity": "INFO"}]},
          "Logging": {}}"#,
    );
    let d = cfg.dhcp4.as_ref().unwrap();
    let subnets: Vec<_> = d.all_subnets().collect();
    assert_eq!(subnets.len(), 2);
    let s = subnets[0].1;
    assert_eq!(s.id.as_ref().unwrap().value, 1);
    assert_eq!(s.net.unwrap().to_string(), "192.0.2.0/24");
    assert_eq!(s.pools()[0].range.unwrap().1.to_string(), "192.0.2.20");
    assert_eq!(s.reservations()[0].identifiers[0].0, IdentifierType::HwAddress);
    assert_eq!(subnets[1].0.unwrap().name.as_ref().unwrap().as_str(), "n");
    assert!(d.param("valid-lifetime").is_some());
}

#[test]
fn wrong_shapes_stay_in_rest() {
    let cfg = roundtrip(r#"{"Dhcp6": {"subnet6": [{"id": "one", "subnet": 5, "pools": {"pool": "x"}}, 7], "option-data": "x"}}"#);
    let d = cfg.dhcp6.unwrap();
    assert!(d.subnets.is_none());
    assert_eq!(d.rest.len(), 2);
}

#[test]
fn non_map_root_roundtrips() {
    roundtrip("[1, 2]");
    roundtrip(
        r#"{"Control-agent": {"http-port": 8000, "control-sockets": {"dhcp4": {"socket-type": "unix", "socket-name": "/tmp/s"}}},
                 "DhcpDdns": {"forward-ddns": {"ddns-domains": [{"name": "example.com.", "dns-servers": [{"ip-address": "127.0.0.1"}]}]}}}"#,
    );
}
