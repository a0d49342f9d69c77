//! Where Kea 3.0 lets a config point. A unix control socket must live in Kea's socket
//! directory and a hook library in its hooks directory, or the daemon refuses the config
//! (`-t` included): errors. A memfile lease file must be in its data directory and a log file
//! in its log directory, or the daemon refuses to start: warnings where `-t` accepts the
//! config (lease files; log files of kea-dhcp4/6), errors where it does not (log files of
//! kea-ctrl-agent and kea-dhcp-ddns). Verified with kea-dhcp4, kea-dhcp6, kea-dhcp-ddns and
//! kea-ctrl-agent 3.0.4: "invalid path specified: '/tmp', supported path is '/run/kea'" (and
//! '/var/lib/kea', '/var/log/kea' at startup). Kea compares the text before the last `/`
//! with the directory, as written (no `..` or symlink resolution: `/var/run/kea/x.sock` is
//! refused where the directory is `/run/kea`); a bare file name is taken to be in the
//! directory. The environment variables `KEA_CONTROL_SOCKET_DIR`, `KEA_HOOKS_PATH`,
//! `KEA_DHCP_DATA_DIR` and `KEA_LOG_FILE_DIR` replace the directories; keakit reads them as
//! Kea does.
//!
//! The directories are fixed when Kea is built, so without those variables keakit accepts
//! the directories of the common builds (Debian and ISC packages, source installs under
//! /usr/local) and reports a path in any other.
//!
//! Hooks read two more kinds at start (`hook_script`, `legal_log_dir`): the scripts run_script
//! and legal_log run (`KEA_HOOK_SCRIPTS_PATH`, '/usr/share/kea/scripts') and legal_log's
//! directory (`KEA_LEGAL_LOG_DIR`, '/var/log/kea'), which must be the directory itself.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{ControlSocket, Database, HookLibrary, Logger};
use crate::source::Span;
use crate::version::KeaVersion;

/// Where paths of one kind may be: the directory in `env` when it is set (as Kea reads it),
/// else any of the common builds' directories (`defaults`).
struct Allowed {
    env: &'static str,
    what: &'static str,
    /// Refused by `-t` (an error), or only when the daemon starts (a warning).
    at_startup: bool,
    /// Shown in the message when `env` is not set.
    example: &'static str,
    defaults: fn(&str) -> bool,
    fixed: Option<String>,
    /// Whether a bare file name is taken to be in the directory (not so for hook scripts,
    /// which Kea looks for where it runs).
    bare_name: bool,
}

impl Allowed {
    fn new(env: &'static str, what: &'static str, example: &'static str, defaults: fn(&str) -> bool) -> Allowed {
        let fixed = std::env::var(env).ok().filter(|d| !d.is_empty()).map(|d| d.trim_end_matches('/').to_string());
        Allowed { env, what, at_startup: false, example, defaults, fixed, bare_name: true }
    }
    fn at_startup(self) -> Allowed {
        Allowed { at_startup: true, ..self }
    }
    fn permits(&self, dir: &str) -> bool {
        match &self.fixed {
            Some(d) => d == dir,
            None => (self.defaults)(dir),
        }
    }
    /// Kea's directory, for the message.
    fn shown(&self) -> String {
        match &self.fixed {
            Some(d) => format!("{d}, from {}", self.env),
            None => format!("{} on Debian", self.example),
        }
    }
}

fn socket_dirs(dir: &str) -> bool {
    matches!(dir, "/run/kea" | "/var/run/kea" | "/usr/local/var/run/kea")
}

fn data_dirs(dir: &str) -> bool {
    matches!(dir, "/var/lib/kea" | "/usr/local/var/lib/kea")
}

fn log_dirs(dir: &str) -> bool {
    matches!(dir, "/var/log/kea" | "/usr/local/var/log/kea")
}

fn script_dirs(dir: &str) -> bool {
    matches!(dir, "/usr/share/kea/scripts" | "/usr/local/share/kea/scripts")
}

fn hook_dirs(dir: &str) -> bool {
    // Debian's multiarch /usr/lib/<triplet>/kea/hooks, /usr/lib64 on RPM systems.
    let multiarch =
        dir.strip_prefix("/usr/lib/").and_then(|r| r.strip_suffix("/kea/hooks")).is_some_and(|t| !t.is_empty() && !t.contains('/'));
    multiarch || matches!(dir, "/usr/lib/kea/hooks" | "/usr/lib64/kea/hooks" | "/usr/local/lib/kea/hooks" | "/usr/local/lib64/kea/hooks")
}

/// The directory part of `path` as Kea takes it (None for a bare file name).
fn parent(path: &str) -> Option<&str> {
    path.rfind('/').map(|i| if i == 0 { "/" } else { &path[..i] })
}

fn confine(cx: &mut Ctx, path: &str, span: Span, allowed: &Allowed) {
    if let Some(dir) = parent(path) {
        confine_dir(cx, dir, span, allowed);
    }
}

/// `dir` must be the directory `allowed` names.
fn confine_dir(cx: &mut Ctx, dir: &str, span: Span, allowed: &Allowed) {
    if allowed.permits(dir) {
        return;
    }
    let shown = allowed.shown();
    let way = format!(
        "put it in Kea's directory ({shown}){}; another directory needs {}=DIR in Kea's environment \
         (and in keakit's, which reads it too)",
        if allowed.bare_name { " or write just the file name" } else { "" },
        allowed.env
    );
    cx.push(if allowed.at_startup {
        Diagnostic::warning("startup-path-not-permitted", format!("Kea 3.0 will not start with a {} in `{dir}`", allowed.what))
            .at(span, format!("not Kea's {} directory", allowed.what))
            .help(format!("`kea-dhcp4 -t` accepts it, the daemon refuses it when it starts: {way}"))
    } else {
        Diagnostic::error("path-not-permitted", format!("Kea 3.0 refuses a {} in `{dir}`", allowed.what))
            .at(span, format!("not Kea's {} directory", allowed.what))
            .help(way)
    });
}

/// Whether Kea 3.0's directory rules apply to this check.
fn applies(cx: &Ctx) -> bool {
    cx.opts.version >= KeaVersion::V3_0 && !cx.opts.own_server
}

/// A script a hook runs (run_script's `name`, legal_log's `prerotate` / `postrotate`): Kea
/// 3.0 runs only scripts in its scripts directory; the hook refuses another when the server
/// starts ("invalid path specified: '/opt/s', supported path is '/usr/share/kea/scripts'").
pub fn hook_script(cx: &mut Ctx, path: &str, span: Span) {
    if applies(cx) {
        let allowed = Allowed::new("KEA_HOOK_SCRIPTS_PATH", "hook script", "/usr/share/kea/scripts", script_dirs).at_startup();
        confine(cx, path, span, &Allowed { bare_name: false, ..allowed });
    }
}

/// legal_log's `path`: the directory of its files, which must be Kea 3.0's legal log
/// directory itself (a trailing `/` aside; empty: the default).
pub fn legal_log_dir(cx: &mut Ctx, dir: &str, span: Span) {
    let dir = if dir.len() > 1 { dir.trim_end_matches('/') } else { dir };
    if applies(cx) && !dir.is_empty() {
        let allowed = Allowed::new("KEA_LEGAL_LOG_DIR", "forensic log", "/var/log/kea", log_dirs).at_startup();
        confine_dir(cx, dir, span, &Allowed { bare_name: false, ..allowed });
    }
}

/// What one daemon's config names on disk, besides its control sockets.
pub struct Files<'a> {
    pub hooks: &'a [HookLibrary],
    pub loggers: &'a [Logger],
    /// The lease database (DHCP daemons).
    pub leases: Option<&'a Database>,
    /// kea-dhcp4/6 -t do not check log file paths (the daemon refuses them when it starts);
    /// kea-ctrl-agent and kea-dhcp-ddns -t do.
    pub logs_at_startup: bool,
}

/// `sockets`: the unix control sockets (2.x `control-socket`, 3.x `control-sockets`, the
/// agent's per-service sockets) and the other files of one daemon.
pub fn check<'a>(cx: &mut Ctx, sockets: impl Iterator<Item = &'a ControlSocket>, files: Files<'a>) {
    if !applies(cx) {
        return;
    }
    let sockets_in = Allowed::new("KEA_CONTROL_SOCKET_DIR", "control socket", "/run/kea", socket_dirs);
    for s in sockets {
        if s.socket_type.as_ref().is_none_or(|t| t.as_str() == "unix")
            && let Some(name) = &s.socket_name
        {
            // All four daemons (3.0.4): "'socket-name' is invalid: path: '/run/kea/' has no
            // filename" (the agent says it without the first part).
            if name.as_str().is_empty() || name.as_str().ends_with('/') {
                cx.push(
                    Diagnostic::error("path-not-permitted", format!("control socket `{}` has no file name", name.as_str()))
                        .at(name.span, "no file name")
                        .help("name the socket file, e.g. \"kea4-ctrl-socket\" (Kea puts it in its socket directory)"),
                );
                continue;
            }
            confine(cx, name.as_str(), name.span, &sockets_in);
        }
    }
    let hooks_in = Allowed::new("KEA_HOOKS_PATH", "hook library", "/usr/lib/<triplet>/kea/hooks", hook_dirs);
    for h in files.hooks {
        if let Some(l) = &h.library {
            confine(cx, l.as_str(), l.span, &hooks_in);
        }
    }
    if let Some(db) = files.leases
        && db.ty.as_ref().is_none_or(|t| t.as_str() == "memfile")
        && db.persist.as_ref().is_none_or(|p| p.value)
        && let Some(name) = &db.name
    {
        confine(cx, name.as_str(), name.span, &Allowed::new("KEA_DHCP_DATA_DIR", "lease file", "/var/lib/kea", data_dirs).at_startup());
    }
    let mut logs_in = Allowed::new("KEA_LOG_FILE_DIR", "log file", "/var/log/kea", log_dirs);
    if files.logs_at_startup {
        logs_in = logs_in.at_startup();
    }
    for l in files.loggers {
        for o in l.output_options.iter().flat_map(|(_, list)| list) {
            if let Some(n) = o.get("output")
                && let Some(out) = n.as_str()
                && !matches!(out, "stdout" | "stderr" | "syslog")
                && !out.starts_with("syslog:")
            {
                confine(cx, out, n.span, &logs_in);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_as_kea_compares_them() {
        assert_eq!(parent("kea4.sock"), None);
        assert_eq!(parent("/run/kea/kea4.sock"), Some("/run/kea"));
        assert_eq!(parent("x/kea4.sock"), Some("x"));
        assert_eq!(parent("/kea4.sock"), Some("/"));
        assert!(socket_dirs("/run/kea") && socket_dirs("/var/run/kea"));
        assert!(!socket_dirs("/tmp") && !socket_dirs("/run/kea/x") && !socket_dirs("/run/kea/.."));
        assert!(hook_dirs("/usr/lib/x86_64-linux-gnu/kea/hooks") && hook_dirs("/usr/lib64/kea/hooks"));
        assert!(!hook_dirs("/usr/lib/x86_64-linux-gnu/kea/hooks/../hooks") && !hook_dirs("/opt/kea") && !hook_dirs("/usr/lib//kea/hooks"));
    }
}
