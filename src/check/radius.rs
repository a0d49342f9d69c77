//! The RADIUS hook's parameters (`libdhcp_radius`, open source from Kea 3.0): its keys, their
//! types and ranges, and the keys of its `access` and `accounting` services. Read when the
//! server starts, not by `-t` (see `hooks`); the rules are kea-dhcp4 3.0.4's at start
//! (tests/check_hooks.rs): it refuses any key it does not read (`user-context` included;
//! `comment` is ignored). Whether the dictionary file exists, and the servers and attributes
//! inside the services, are not judged here.

use super::Ctx;
use super::hooks::{Want, members};
use crate::model::Dhcp;
use crate::model::reservation::IdentifierType;
use crate::syntax::cst::Node;

const CODE: &str = "radius-config";
const U32: Want = Want::Int(0, u32::MAX as i64);

const PARAMETERS: [(&str, Want); 19] = [
    ("access", Want::Map),
    ("accounting", Want::Map),
    ("bindaddr", Want::Str),
    ("canonical-mac-address", Want::Bool),
    ("client-id-pop0", Want::Bool),
    ("client-id-printable", Want::Bool),
    ("comment", Want::Any),
    ("deadtime", U32),
    ("dictionary", Want::Str),
    ("extract-duid", Want::Bool),
    ("identifier-type4", Want::Str),
    ("identifier-type6", Want::Str),
    ("nas-ports", Want::List),
    ("reselect-subnet-address", Want::Bool),
    ("reselect-subnet-pool", Want::Bool),
    ("retries", U32),
    ("session-history", Want::Str),
    // A negative size ends the server: it starts threads until the machine refuses more
    // ("terminate called without an active exception"; seen once by hand, kept out of the
    // start test because it exhausts the threads of everything else running).
    ("thread-pool-size", Want::Int(0, i64::MAX)),
    // Seconds, refused beyond what fits in milliseconds of an int64.
    ("timeout", Want::Int(0, i64::MAX / 1000)),
];

/// The keys of a service; `peer-updates` is accounting's only, `max-pending-requests` access's.
const SERVICE: [(&str, Want); 4] =
    [("servers", Want::List), ("attributes", Want::List), ("peer-updates", Want::Bool), ("max-pending-requests", Want::Int(0, i64::MAX))];

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_radius") {
        let Some(params) = &h.parameters else { continue };
        if !members(cx, CODE, "radius", params, &PARAMETERS) {
            continue;
        }
        for key in ["identifier-type4", "identifier-type6"] {
            if let Some(n) = params.get(key)
                && let Some(t) = n.as_str()
                && IdentifierType::from_key(t).is_none()
            {
                // Kea's host identifier types name what identifies a client to the RADIUS server.
                let names: Vec<&str> = IdentifierType::ALL.iter().map(|i| i.key()).collect();
                cx.push(
                    super::hooks::error(CODE, n.span, format!("radius `{key}` `{t}` is not an identifier type"), "unknown type")
                        .help(format!("one of {}; {}", names.join(", "), super::hooks::AT_START)),
                );
            }
        }
        for (name, only_other) in [("access", "peer-updates"), ("accounting", "max-pending-requests")] {
            // A service that is no map is reported as a wrong type above.
            let Some(service) = params.get(name).filter(|s| s.as_object().is_some()) else { continue };
            if !members(cx, CODE, &format!("radius {name}"), service, &SERVICE) {
                continue;
            }
            if let Some(n) = service.get(only_other).map(|n: &Node| n.span) {
                let other = if name == "access" { "accounting" } else { "access" };
                cx.push(super::hooks::error(CODE, n, format!("radius `{only_other}` is read by the {other} service only"), "here"));
            }
        }
    }
}
