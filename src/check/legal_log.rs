//! The Forensic Logging hook's parameters (`libdhcp_legal_log`, open source from Kea 3.0):
//! where and how it writes its log of leases granted. Read when the server starts, not by
//! `-t` (see `ha`); the rules are kea-dhcp4/6 3.0.4's at start (tests/check_hooks.rs). The
//! hook takes keys it does not know, and reads the file settings only for its default
//! `logfile` backend (with `syslog` they are ignored). Its directories are Kea 3.0's path
//! rules (`paths`); whether a rotate script exists on the server is not judged here.

use super::Ctx;
use super::classes::parse_expression;
use crate::expr::Type;
use crate::model::Dhcp;
use crate::syntax::cst::Value;

const CODE: &str = "legal-log-config";
const TIME_UNITS: [&str; 4] = ["second", "day", "month", "year"];

pub fn check(cx: &mut Ctx, dhcp: &Dhcp) {
    for h in super::hooks::loading(dhcp.hooks_libraries(), "libdhcp_legal_log") {
        // No parameters: the defaults (a daily file in the legal log directory).
        let Some(params) = h.parameters.as_ref().filter(|p| p.as_object().is_some()) else { continue };
        let string = |v: &Value| matches!(v, Value::String(_));
        let text = |cx: &mut Ctx, key: &str| {
            super::hooks::typed(cx, CODE, "legal_log", params, key, string).and_then(|n| n.as_str().map(|s| (s, n.span)))
        };
        let backend = text(cx, "type");
        let backend_name = backend.map_or("logfile", |(t, _)| t);
        match backend {
            None | Some(("logfile" | "syslog", _)) => {}
            Some(("mysql" | "postgresql", span)) => {
                // Kea 3.0 has its database backends in hook libraries of their own.
                let lib = if backend_name == "mysql" { "libdhcp_mysql" } else { "libdhcp_pgsql" };
                if cx.opts.version >= crate::version::KeaVersion::V3_0
                    && super::hooks::loading(dhcp.hooks_libraries(), lib).next().is_none()
                {
                    cx.push(
                        super::hooks::error(
                            CODE,
                            span,
                            format!("legal_log's `{backend_name}` backend needs the {lib} hook"),
                            "no such hook loaded",
                        )
                        .help(format!("load {lib}.so before libdhcp_legal_log.so; {}", super::hooks::AT_START)),
                    );
                }
            }
            Some((other, span)) => cx.push(super::hooks::error(
                CODE,
                span,
                format!("unknown legal_log backend `{other}`"),
                "expected logfile, syslog, mysql or postgresql",
            )),
        }
        for key in ["request-parser-format", "response-parser-format"] {
            if let Some((src, span)) = text(cx, key).filter(|(s, _)| !s.is_empty()) {
                parse_expression(cx, dhcp, src, span, Type::String, &format!("a legal_log `{key}`"));
            }
        }
        text(cx, "timestamp-format");
        if backend_name != "logfile" {
            continue;
        }
        if let Some((dir, span)) = text(cx, "path") {
            super::paths::legal_log_dir(cx, dir, span);
        }
        if let Some(("", span)) = text(cx, "base-name") {
            cx.push(
                super::hooks::error(CODE, span, "legal_log `base-name` is empty", "empty")
                    .help("name the files, e.g. \"kea-legal\" (the default)"),
            );
        }
        if let Some((unit, span)) = text(cx, "time-unit")
            && !TIME_UNITS.contains(&unit)
        {
            cx.push(super::hooks::error(
                CODE,
                span,
                format!("unknown legal_log `time-unit` `{unit}`"),
                "expected second, day, month or year",
            ));
        }
        if let Some(n) = super::hooks::typed(cx, CODE, "legal_log", params, "count", |v| matches!(v, Value::Int(_)))
            && n.as_i64().is_none_or(|c| !(0..=i64::from(u32::MAX)).contains(&c))
        {
            cx.push(super::hooks::error(CODE, n.span, "legal_log `count` must be 0 to 4294967295", "out of range"));
        }
        for key in ["prerotate", "postrotate"] {
            if let Some((script, span)) = text(cx, key).filter(|(s, _)| !s.is_empty()) {
                super::paths::hook_script(cx, script, span);
            }
        }
    }
}
