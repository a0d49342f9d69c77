//! Everything that can go wrong talking to a Kea server, each with the endpoint and a hint,
//! so the operator reads what failed, where, and what to try next.

use crate::diag::Diagnostic;
use crate::source::SourceMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The unix socket path does not exist.
    NoSocket,
    /// Nothing listens (TCP) or a stale socket file (unix).
    Refused,
    PermissionDenied,
    Timeout,
    /// Certificate verification or handshake failure.
    Tls,
    /// HTTP 401: no or wrong credentials.
    Unauthorized,
    /// HTTP 403.
    Forbidden,
    /// Another HTTP status that is not 200.
    HttpStatus,
    /// The reply is not JSON or not a Kea answer.
    BadReply,
    /// Kea answered with result 1, 2 or 4.
    Kea,
    /// Other I/O (name resolution, broken connection, reading a local file).
    Io,
    /// The connection flags or config.toml are wrong.
    Usage,
}

#[derive(Clone, Debug)]
pub struct CtlError {
    pub kind: Kind,
    /// `unix:/run/kea/ctrl4.sock`, `http://127.0.0.1:8000/ (service dhcp4)`, …
    pub endpoint: String,
    pub message: String,
    pub hint: Option<String>,
    /// For `Kind::Kea`: the result code Kea sent.
    pub result: Option<i64>,
}

impl CtlError {
    pub fn new(kind: Kind, endpoint: impl Into<String>, message: impl Into<String>) -> CtlError {
        CtlError { kind, endpoint: endpoint.into(), message: message.into(), hint: None, result: None }
    }
    pub fn hint(mut self, h: impl Into<String>) -> CtlError {
        self.hint = Some(h.into());
        self
    }

    /// The stable code shown as `error[ctl-…]`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            Kind::NoSocket => "ctl-no-socket",
            Kind::Refused => "ctl-refused",
            Kind::PermissionDenied => "ctl-permission",
            Kind::Timeout => "ctl-timeout",
            Kind::Tls => "ctl-tls",
            Kind::Unauthorized => "ctl-unauthorized",
            Kind::Forbidden => "ctl-forbidden",
            Kind::HttpStatus => "ctl-http-status",
            Kind::BadReply => "ctl-bad-reply",
            Kind::Kea => "ctl-kea-error",
            Kind::Io => "ctl-io",
            Kind::Usage => "ctl-usage",
        }
    }

    /// Exit code (DESIGN §4): 3 when the server answered (with an error result, an HTTP
    /// error status or garbage), 2 when it could not be reached or the flags are wrong.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            Kind::Kea | Kind::Unauthorized | Kind::Forbidden | Kind::HttpStatus | Kind::BadReply => 3,
            _ => 2,
        }
    }

    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(self.code(), format!("{}: {}", self.endpoint, self.message));
        match &self.hint {
            Some(h) => d.help(h.clone()),
            None => d,
        }
    }

    pub fn render(&self, color: bool) -> String {
        self.to_diagnostic().render(&SourceMap::new(), color)
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "error": self.code(), "endpoint": self.endpoint, "message": self.message,
            "hint": self.hint, "result": self.result,
        })
    }
}

impl std::fmt::Display for CtlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.endpoint, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CtlError {}

/// A short, printable excerpt of a reply that is not what we expected.
pub fn excerpt(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(&bytes[..bytes.len().min(120)]);
    let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if bytes.len() > 120 { format!("{}…", s.trim()) } else { s.trim().to_string() }
}
