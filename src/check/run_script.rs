//! The Run Script hook's parameters (`libdhcp_run_script`): the script it runs on lease
//! events. Read when the server starts, not by `-t` (see `ha`); the rules are kea-dhcp4/6
//! 2.2's and 3.0.4's at start (tests/check_hooks.rs). The hook also refuses a script that does
//! not exist or cannot be run on the server; keakit, which runs elsewhere (CI), does not judge
//! that. Kea 3.0's scripts directory is a path rule (`paths`).

use super::Ctx;
use crate::model::Dhcp;
use crate::syntax::cst::Value;

const CODE: &str = "run-script-config";

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_run_script") {
        let Some(params) = h.parameters.as_ref().filter(|p| p.get("name").is_some()) else {
            cx.push(super::hooks::missing(
                CODE,
                h,
                "the run_script hook has no `name`",
                "no `name`",
                "{\"name\": \"/usr/share/kea/scripts/lease-event.sh\"}",
            ));
            continue;
        };
        if let Some(n) = super::hooks::typed(cx, CODE, "run_script", params, "name", |v| matches!(v, Value::String(_)))
            && let Some(name) = n.as_str()
        {
            // Kea 3.0 refuses a directory ("path: '/usr/share/kea/scripts/' has no filename");
            // 2.2 starts with one (and fails at each event).
            if name.is_empty() || (name.ends_with('/') && cx.opts.version >= crate::version::KeaVersion::V3_0) {
                cx.push(
                    super::hooks::error(CODE, n.span, format!("run_script `name` `{name}` names no file"), "no file name")
                        .help(format!("the path of the script to run; {}", super::hooks::AT_START)),
                );
            } else {
                super::paths::hook_script(cx, name, n.span);
            }
        }
        super::hooks::typed(cx, CODE, "run_script", params, "sync", |v| matches!(v, Value::Bool(_)));
    }
}
