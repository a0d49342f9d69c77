//! The control client: one connection's settings, sending a `Command` and returning Kea's
//! `Response`, with the errors people hit turned into `CtlError`s with hints.

use super::error::{CtlError, Kind};
use super::http::{self, Credentials, Url};
use super::tls::TlsFiles;
use super::{Command, RESULT_EMPTY, RESULT_SUCCESS, RESULT_UNSUPPORTED, Response};
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Transport {
    Unix(PathBuf),
    Http(Url),
}

#[derive(Clone, Debug)]
pub struct Client {
    pub transport: Transport,
    /// Daemon the agent forwards to (`dhcp4`, `dhcp6`, `d2`); None: the agent/server itself.
    pub service: Option<String>,
    pub auth: Option<Credentials>,
    pub tls: TlsFiles,
    pub timeout: Duration,
}

impl Client {
    pub fn unix(path: impl Into<PathBuf>) -> Client {
        Client {
            transport: Transport::Unix(path.into()),
            service: None,
            auth: None,
            tls: TlsFiles::default(),
            timeout: Duration::from_secs(10),
        }
    }

    /// How error messages name this server.
    pub fn endpoint(&self) -> String {
        let base = match &self.transport {
            Transport::Unix(p) => super::unix::endpoint_name(p),
            Transport::Http(u) => u.to_string(),
        };
        match &self.service {
            Some(s) => format!("{base} (service {s})"),
            None => base,
        }
    }

    /// Send a command; the raw JSON answer.
    pub fn send_raw(&self, cmd: &Command) -> Result<Value, CtlError> {
        let mut cmd = cmd.clone();
        if let Some(s) = &self.service
            && cmd.service.is_empty()
        {
            cmd.service.push(s.clone());
        }
        let req = cmd.to_json();
        let ep = self.endpoint();
        match &self.transport {
            Transport::Unix(p) => super::unix::send(p, &req, self.timeout),
            Transport::Http(u) => http::send(u, &ep, &req, self.auth.as_ref(), &self.tls, self.timeout),
        }
    }

    /// Send a command and return the answer (the first one, when the agent answers for
    /// several services); result 0 and 3 (empty) are answers, anything else an error.
    pub fn call(&self, cmd: &Command) -> Result<Response, CtlError> {
        let raw = self.send_raw(cmd)?;
        let ep = self.endpoint();
        let mut answers = Response::parse_reply(&raw).map_err(|m| {
            CtlError::new(Kind::BadReply, &ep, format!("not a Kea answer ({m}): {}", super::error::excerpt(raw.to_string().as_bytes())))
        })?;
        let r = answers.remove(0);
        if r.result == RESULT_SUCCESS || r.result == RESULT_EMPTY {
            return Ok(r);
        }
        Err(self.kea_error(cmd, &r))
    }

    fn kea_error(&self, cmd: &Command, r: &Response) -> CtlError {
        let text = r.text.clone().unwrap_or_default();
        let mut e = CtlError::new(Kind::Kea, self.endpoint(), format!("{} failed (result {}): {text}", cmd.command, r.result));
        e.result = Some(r.result);
        if r.result == RESULT_UNSUPPORTED {
            e = match self.close_commands(&cmd.command) {
                Some(close) if !close.is_empty() => e.hint(format!("did you mean {}?", close.join(", "))),
                Some(_) => e.hint("`keakit list-commands` shows what this server supports; some commands need a hook library (e.g. libdhcp_lease_cmds.so)"),
                None => e,
            };
        } else if self.service.is_none() && matches!(self.transport, Transport::Http(_)) && text.contains("not supported") {
            e = e.hint("through kea-ctrl-agent, name the daemon with --service dhcp4|dhcp6|d2");
        } else if r.result == super::RESULT_CONFLICT {
            e = e.hint("the server's config changed since it was read; fetch it again");
        }
        e
    }

    /// Commands this server knows that look like `name` (None when they cannot be listed).
    fn close_commands(&self, name: &str) -> Option<Vec<String>> {
        let r = self.call(&Command::new("list-commands")).ok()?;
        let known: Vec<String> = r.arguments?.as_array()?.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
        Some(close_matches(name, &known))
    }

    /// `config-get`: the config alone (without `hash`), and the hash Kea 2.4+ sends.
    pub fn config_get(&self) -> Result<(Value, Option<String>), CtlError> {
        let r = self.call(&Command::new("config-get"))?;
        let Some(Value::Object(mut m)) = r.arguments else {
            return Err(CtlError::new(Kind::BadReply, self.endpoint(), "config-get answered without a config"));
        };
        let hash = m.remove("hash").and_then(|h| h.as_str().map(str::to_string));
        Ok((Value::Object(m), hash))
    }
}

/// Names within a small edit distance, or sharing a word with `name`, best first.
pub fn close_matches(name: &str, known: &[String]) -> Vec<String> {
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .filter_map(|k| {
            let d = crate::suggest::distance(name, k);
            let shares_word = name.split('-').filter(|w| w.len() > 2).any(|w| k.split('-').any(|kw| kw == w));
            let limit = (name.len() / 3).max(2);
            if d <= limit {
                Some((d, k))
            } else if shares_word {
                Some((d + 10, k))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, k)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_commands_are_suggested() {
        let known: Vec<String> = ["config-get", "config-set", "config-test", "lease4-get", "lease4-get-all", "version-get"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(close_matches("config-gte", &known)[0], "config-get");
        assert_eq!(close_matches("lease4-gett", &known)[0], "lease4-get");
        assert!(close_matches("zzz", &known).is_empty());
    }
}
