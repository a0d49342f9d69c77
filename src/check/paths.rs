//! Where Kea 3.0 lets a config point: a unix control socket must live in Kea's socket
//! directory and a hook library in its hooks directory, or the daemon refuses the config
//! (`-t` included). Verified with kea-dhcp4, kea-dhcp6, kea-dhcp-ddns and kea-ctrl-agent 3.0.4:
//! "invalid path specified: '/tmp', supported path is '/run/kea'". Kea compares the text
//! before the last `/` with the directory, as written (no `..` or symlink resolution:
//! `/var/run/kea/x.sock` is refused where the directory is `/run/kea`); a bare file name is
//! taken to be in the directory. The environment variables `KEA_CONTROL_SOCKET_DIR` and
//! `KEA_HOOKS_PATH` replace the directory; keakit reads them as Kea does.
//!
//! The directories are fixed when Kea is built, so without those variables keakit accepts
//! the directories of the common builds (Debian and ISC packages, source installs under
//! /usr/local) and reports a path in any other.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{ControlSocket, HookLibrary};
use crate::version::KeaVersion;

/// Where paths of one kind may be: the directory in `env` when it is set (as Kea reads it),
/// else any of the common builds' directories (`defaults`).
struct Allowed {
    env: &'static str,
    what: &'static str,
    /// Shown in the message when `env` is not set.
    example: &'static str,
    defaults: fn(&str) -> bool,
    fixed: Option<String>,
}

impl Allowed {
    fn new(env: &'static str, what: &'static str, example: &'static str, defaults: fn(&str) -> bool) -> Allowed {
        let fixed = std::env::var(env).ok().filter(|d| !d.is_empty()).map(|d| d.trim_end_matches('/').to_string());
        Allowed { env, what, example, defaults, fixed }
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

fn confine(cx: &mut Ctx, path: &crate::model::SStr, allowed: &Allowed) {
    let Some(dir) = parent(path.as_str()) else { return };
    if allowed.permits(dir) {
        return;
    }
    let shown = allowed.shown();
    cx.push(
        Diagnostic::error("path-not-permitted", format!("Kea 3.0 refuses a {} in `{dir}`", allowed.what))
            .at(path.span, format!("not Kea's {} directory", allowed.what))
            .help(format!(
                "put it in Kea's directory ({shown}) or write just the file name; another directory needs {}=DIR in \
                 Kea's environment (and in keakit's, which reads it too)",
                allowed.env
            )),
    );
}

/// Unix control sockets (2.x `control-socket`, 3.x `control-sockets`, the agent's per-service
/// sockets) and hook libraries of one daemon.
pub fn check<'a>(cx: &mut Ctx, sockets: impl IntoIterator<Item = &'a ControlSocket>, hooks: &[HookLibrary]) {
    if cx.opts.version < KeaVersion::V3_0 || cx.opts.own_server {
        return;
    }
    let sockets_in = Allowed::new("KEA_CONTROL_SOCKET_DIR", "control socket", "/run/kea", socket_dirs);
    for s in sockets {
        if s.socket_type.as_ref().is_none_or(|t| t.as_str() == "unix")
            && let Some(name) = &s.socket_name
        {
            confine(cx, name, &sockets_in);
        }
    }
    let hooks_in = Allowed::new("KEA_HOOKS_PATH", "hook library", "/usr/lib/<triplet>/kea/hooks", hook_dirs);
    for h in hooks {
        if let Some(l) = &h.library {
            confine(cx, l, &hooks_in);
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
