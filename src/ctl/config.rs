//! Named connections, like kubectl contexts, in `~/.config/keakit/config.toml`
//! (`$XDG_CONFIG_HOME/keakit/config.toml`; `KEAKIT_CONFIG` names another file):
//!
//! ```toml
//! default = "lab"
//! [server.lab]
//! socket = "/run/kea/kea4-ctrl-socket"
//! [server.prod]
//! url = "https://kea1.example.net:8000/"
//! service = "dhcp4"
//! user = "admin"
//! password-file = "/etc/keakit/prod.password"
//! ca = "/etc/keakit/ca.pem"
//! cert = "/etc/keakit/client.pem"
//! key = "/etc/keakit/client.key"
//! timeout = 10
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Named {
    pub socket: Option<PathBuf>,
    pub url: Option<String>,
    pub service: Option<String>,
    pub user: Option<String>,
    pub password_file: Option<PathBuf>,
    pub ca: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    /// Seconds.
    pub timeout: Option<f64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub default: Option<String>,
    #[serde(default)]
    pub server: BTreeMap<String, Named>,
}

pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KEAKIT_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("keakit/config.toml"))
}

/// Read the file; a missing file is an empty one.
pub fn load() -> Result<(Option<PathBuf>, File), String> {
    let Some(p) = path() else { return Ok((None, File::default())) };
    match std::fs::read_to_string(&p) {
        Ok(text) => parse(&text).map(|f| (Some(p.clone()), f)).map_err(|e| format!("{}: {e}", p.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Some(p), File::default())),
        Err(e) => Err(format!("cannot read {}: {e}", p.display())),
    }
}

pub fn parse(text: &str) -> Result<File, String> {
    let f: File = toml::from_str(text).map_err(|e| e.to_string())?;
    if let Some(d) = &f.default
        && !f.server.contains_key(d)
    {
        return Err(format!("default = \"{d}\" but there is no [server.{d}]"));
    }
    for (name, s) in &f.server {
        if s.socket.is_some() == s.url.is_some() {
            return Err(format!("[server.{name}] needs exactly one of `socket` or `url`"));
        }
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_connections() {
        let f = parse(
            r#"default = "lab"
[server.lab]
socket = "/run/kea/s4"
[server.prod]
url = "https://kea:8000/"
service = "dhcp4"
password-file = "/x"
timeout = 2.5
"#,
        )
        .unwrap();
        assert_eq!(f.server["lab"].socket.as_deref(), Some(std::path::Path::new("/run/kea/s4")));
        assert_eq!(f.server["prod"].timeout, Some(2.5));
        assert!(parse("default = \"x\"").unwrap_err().contains("no [server.x]"));
        assert!(parse("[server.a]\nsocket = \"/s\"\nurl = \"http://x/\"").unwrap_err().contains("exactly one"));
        assert!(parse("[server.a]\nsockett = \"/s\"").unwrap_err().contains("sockett"));
    }
}
