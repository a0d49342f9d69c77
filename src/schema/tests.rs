//! Unit tests of the version facts (sources in gen_tables.py and rules.rs).

use super::*;
use crate::daemon::Daemon;
use crate::version::KeaVersion as V;

#[test]
fn tables_are_sorted_for_binary_search() {
    for c in tables::CONTEXTS {
        assert!(c.keys.windows(2).all(|w| w[0].name <= w[1].name), "{} {} unsorted", c.daemon, c.name);
    }
}

#[test]
fn control_sockets_list_is_new_in_3_0() {
    // 3.0 ARM grammar: `control-sockets` in Dhcp4/Dhcp6; absent from the 2.2 and 2.6 grammars.
    for d in [Daemon::Dhcp4, Daemon::Dhcp6] {
        assert!(accepts_global(d, "control-sockets", V::V3_0));
        assert!(!accepts_global(d, "control-sockets", V::V2_6));
        assert!(!accepts_global(d, "control-sockets", V::V2_2));
        // still recognised for backward compatibility (3.0 ARM, dhcp4-srv "control-socket" note)
        assert!(accepts_global(d, "control-socket", V::V3_0));
    }
}

#[test]
fn reservation_mode_is_gone_from_2_6() {
    // ChangeLog #2239 (2.6.0): "Removed deprecated parameter: reservation-mode".
    assert!(accepts_global(Daemon::Dhcp4, "reservation-mode", V::V2_2));
    assert!(accepts_global(Daemon::Dhcp4, "reservation-mode", V::V2_4));
    assert!(!accepts_global(Daemon::Dhcp4, "reservation-mode", V::V2_6));
    assert!(!accepts_global(Daemon::Dhcp6, "reservation-mode", V::V3_0));
}

#[test]
fn allocator_and_offer_lifetime_arrive_in_2_4() {
    // ChangeLog 2.3.x entries (#2121 FLQ allocator; offer-lifetime for kea-dhcp4).
    assert!(!accepts_global(Daemon::Dhcp4, "allocator", V::V2_2));
    assert!(accepts_global(Daemon::Dhcp4, "allocator", V::V2_4));
    assert!(accepts_global(Daemon::Dhcp6, "pd-allocator", V::V2_4));
    assert!(accepts_global(Daemon::Dhcp4, "offer-lifetime", V::V2_4));
    assert!(!accepts_global(Daemon::Dhcp6, "offer-lifetime", V::V3_0));
    // #2167 (2.5.0): ddns-conflict-resolution-mode is a 2.6 key.
    assert!(!accepts_global(Daemon::Dhcp4, "ddns-conflict-resolution-mode", V::V2_4));
    assert!(accepts_global(Daemon::Dhcp4, "ddns-conflict-resolution-mode", V::V2_6));
}

#[test]
fn renamed_class_keys_of_3_0() {
    // ChangeLog #2303/#2307 (2.7.4): evaluate-additional-classes, only-in-additional-list and
    // client-classes (list) in subnets; the old names stay accepted (3.0 grammar) but deprecated.
    let sub = tables::CONTEXTS.iter().find(|c| c.daemon == "Dhcp4" && c.name == "subnet4_params").unwrap();
    let has = |k: &str, v: V| sub.entries(k).iter().any(|e| e.versions & ty::bit(v) != 0);
    assert!(has("evaluate-additional-classes", V::V3_0) && !has("evaluate-additional-classes", V::V2_6));
    assert!(has("client-classes", V::V3_0) && !has("client-classes", V::V2_6));
    assert!(has("client-class", V::V3_0) && has("require-client-classes", V::V3_0));
    assert!(rules::rename("require-client-classes", "subnet4_params").is_some_and(|r| r.new == "evaluate-additional-classes"));
    assert!(rules::rename("client-class", "client_class_params").is_none(), "only shared networks, subnets, pools");
    let cls = tables::CONTEXTS.iter().find(|c| c.daemon == "Dhcp4" && c.name == "client_class_params").unwrap();
    assert!(cls.entries("only-in-additional-list").iter().all(|e| e.versions == ty::V30));
}

#[test]
fn lease_database_type_is_an_enum_until_3_0() {
    // 2.2/2.6 grammar: db_type ::= "memfile" | "mysql" | "postgresql"; 3.0: STRING (backends are hooks).
    let db = tables::CONTEXTS.iter().find(|c| c.daemon == "Dhcp4" && c.name == "database_map_params").unwrap();
    let e = db.entries("type");
    assert_eq!(e.len(), 2);
    assert!(e.iter().any(|k| matches!(k.ty, Ty::Enum(v) if v.contains(&"mysql")) && k.versions & ty::V22 != 0));
    assert!(e.iter().any(|k| matches!(k.ty, Ty::Str) && k.versions == ty::V30));
}
