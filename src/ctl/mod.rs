//! Kea's control protocol, shared by the client commands (`keakit config-get`, `cmd`, …)
//! and `keakit serve`'s control API, so both speak exactly the same JSON.
//!
//! Facts (Kea ARM "Management API", and Kea 2.2 replies seen on this project's machines):
//! - a command is a JSON map `{"command": NAME, "arguments": {...}}`; through
//!   kea-ctrl-agent it also names the daemons: `"service": ["dhcp4"]`;
//! - a daemon answers with one map `{"result": N, "text": "...", "arguments": {...}}`;
//!   kea-ctrl-agent answers with a *list* of such maps, one per service (and with a single
//!   map when the agent itself answers, e.g. for a bad request);
//! - result 0 success, 1 error, 2 command not supported, 3 empty (nothing found),
//!   4 conflict (Kea 2.4+, e.g. a config-set whose hash does not match).

pub mod client;
pub mod config;
pub mod error;
pub mod http;
pub mod tls;
pub mod unix;

pub use client::Client;
pub use error::CtlError;

use serde_json::{Map, Value, json};

pub const RESULT_SUCCESS: i64 = 0;
pub const RESULT_ERROR: i64 = 1;
pub const RESULT_UNSUPPORTED: i64 = 2;
pub const RESULT_EMPTY: i64 = 3;
pub const RESULT_CONFLICT: i64 = 4;

#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub command: String,
    /// Daemons to forward to (kea-ctrl-agent, or Kea 3's HTTP sockets): `dhcp4`, `dhcp6`, `d2`.
    pub service: Vec<String>,
    pub arguments: Option<Value>,
}

impl Command {
    pub fn new(command: impl Into<String>) -> Command {
        Command { command: command.into(), service: Vec::new(), arguments: None }
    }
    pub fn with_arguments(mut self, args: Value) -> Command {
        self.arguments = Some(args);
        self
    }
    pub fn with_service(mut self, service: impl Into<String>) -> Command {
        self.service.push(service.into());
        self
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("command".into(), json!(self.command));
        if !self.service.is_empty() {
            m.insert("service".into(), json!(self.service));
        }
        if let Some(a) = &self.arguments {
            m.insert("arguments".into(), a.clone());
        }
        Value::Object(m)
    }

    /// Read a command as a server receives it; Err is the text of the error reply.
    pub fn from_json(v: &Value) -> Result<Command, String> {
        let m = v.as_object().ok_or("invalid command: not a JSON map")?;
        let command = m.get("command").and_then(Value::as_str).ok_or("invalid command: no 'command' string")?;
        let service = match m.get("service") {
            None => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|s| s.as_str().map(str::to_string).ok_or("invalid command: 'service' must hold strings"))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("invalid command: 'service' must be a list".into()),
        };
        let arguments = match m.get("arguments") {
            None => None,
            Some(a @ Value::Object(_)) => Some(a.clone()),
            Some(_) => return Err("invalid command: 'arguments' must be a map".into()),
        };
        for k in m.keys() {
            if !matches!(k.as_str(), "command" | "service" | "arguments") {
                return Err(format!("invalid command: unsupported parameter '{k}'"));
            }
        }
        Ok(Command { command: command.to_string(), service, arguments })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub result: i64,
    pub text: Option<String>,
    pub arguments: Option<Value>,
}

impl Response {
    pub fn success(text: impl Into<String>) -> Response {
        Response { result: RESULT_SUCCESS, text: Some(text.into()), arguments: None }
    }
    pub fn error(text: impl Into<String>) -> Response {
        Response { result: RESULT_ERROR, text: Some(text.into()), arguments: None }
    }
    pub fn unsupported(command: &str) -> Response {
        Response { result: RESULT_UNSUPPORTED, text: Some(format!("'{command}' command not supported.")), arguments: None }
    }
    pub fn empty(text: impl Into<String>) -> Response {
        Response { result: RESULT_EMPTY, text: Some(text.into()), arguments: None }
    }
    pub fn with_arguments(mut self, args: Value) -> Response {
        self.arguments = Some(args);
        self
    }
    pub fn is_success(&self) -> bool {
        self.result == RESULT_SUCCESS
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("result".into(), json!(self.result));
        if let Some(t) = &self.text {
            m.insert("text".into(), json!(t));
        }
        if let Some(a) = &self.arguments {
            m.insert("arguments".into(), a.clone());
        }
        Value::Object(m)
    }

    fn from_map(v: &Value) -> Result<Response, String> {
        let m = v.as_object().ok_or("reply is not a JSON map")?;
        let result = m.get("result").and_then(Value::as_i64).ok_or("reply has no integer 'result'")?;
        Ok(Response { result, text: m.get("text").and_then(Value::as_str).map(str::to_string), arguments: m.get("arguments").cloned() })
    }

    /// A reply as received: one map (a daemon) or a list of maps (kea-ctrl-agent, one per
    /// service). Err says why the reply is not a Kea answer.
    pub fn parse_reply(v: &Value) -> Result<Vec<Response>, String> {
        match v {
            Value::Array(items) if !items.is_empty() => items.iter().map(Response::from_map).collect(),
            Value::Array(_) => Err("reply is an empty list".into()),
            _ => Ok(vec![Response::from_map(v)?]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_replies_round_trip() {
        let c = Command::new("config-get").with_service("dhcp4");
        assert_eq!(c.to_json(), json!({"command": "config-get", "service": ["dhcp4"]}));
        assert_eq!(Command::from_json(&c.to_json()).unwrap(), c);
        assert!(Command::from_json(&json!({"command": "x", "bogus": 1})).unwrap_err().contains("bogus"));
        assert!(Command::from_json(&json!({"arguments": {}})).is_err());

        // kea-dhcp4 2.2's reply to lease4-add (one map) and the agent's list form.
        let one = json!({ "result": 0, "text": "Lease for address 10.0.0.5, subnet-id 1 added." });
        let r = Response::parse_reply(&one).unwrap();
        assert_eq!(r.len(), 1);
        assert!(r[0].is_success());
        let list = json!([{ "result": 2, "text": "'foo' command not supported." }]);
        assert_eq!(Response::parse_reply(&list).unwrap()[0].result, RESULT_UNSUPPORTED);
        assert!(Response::parse_reply(&json!({"text": "x"})).is_err());
        assert_eq!(Response::unsupported("foo").to_json(), json!({ "result": 2, "text": "'foo' command not supported." }));
    }
}
