//! The HTTP(S) control socket of Kea 3 (`control-sockets` entries of `"socket-type": "http"`
//! or `"https"`): `POST` a command as JSON, get the answer as a JSON *list* holding one
//! response — Kea 3's DHCP servers wrap their answer in a list by default, as
//! kea-ctrl-agent does, so clients written for the agent work unchanged. `GET /metrics`
//! serves the statistics in Prometheus' text format (`super::metrics`).
//!
//! Basic authentication (`"authentication": {"type": "basic", …}`) guards every request,
//! `/metrics` included: the socket either is open to everyone who can reach it or it is not.
//! Without or with wrong credentials: 401 with `WWW-Authenticate` and Kea's JSON body.
//!
//! One dedicated thread runs a current-thread tokio runtime for the listener and its
//! connections; commands run on tokio's blocking pool (a config-set of a large config must
//! not hold up a scrape). The packet path never sees any of this.

use super::{Shared, control, metrics, stats};
use crate::ctl::{Command, Response};
use base64::Engine;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Largest command accepted (a config-set of a large config).
const MAX_BODY: usize = 64 << 20;
/// Connections served at once; more wait in the kernel's backlog.
const MAX_CONNECTIONS: usize = 64;

#[derive(Clone, Debug)]
pub struct HttpConfig {
    pub address: IpAddr,
    pub port: u16,
    pub tls: Option<TlsConfig>,
    pub auth: Option<BasicAuth>,
    /// `http-headers`: added to every response.
    pub headers: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct TlsConfig {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
    pub trust_anchor: Option<PathBuf>,
    pub cert_required: bool,
}

#[derive(Clone, Debug)]
pub struct BasicAuth {
    pub realm: String,
    /// The accepted `Authorization` header values (`Basic base64(user:password)`).
    accepted: Vec<Vec<u8>>,
}

impl BasicAuth {
    pub fn new(realm: &str, clients: &[(String, String)]) -> BasicAuth {
        let accepted = clients
            .iter()
            .map(|(u, p)| format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))).into_bytes())
            .collect();
        BasicAuth { realm: realm.to_string(), accepted }
    }

    /// Whether a request's `Authorization` header names a configured client. Compared in
    /// time independent of where the bytes differ.
    pub fn allows(&self, header: Option<&HeaderValue>) -> bool {
        let Some(h) = header else { return false };
        let h = h.as_bytes();
        self.accepted.iter().fold(false, |ok, a| ok | (a.len() == h.len() && a.iter().zip(h).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0))
    }
}

impl HttpConfig {
    /// One `control-sockets` entry of type http/https (Kea 3 defaults: 127.0.0.1, port 8000).
    pub fn from_json(e: &Value) -> Result<HttpConfig, String> {
        let str_of = |k: &str| e.get(k).and_then(Value::as_str);
        let address = str_of("socket-address").unwrap_or("127.0.0.1");
        let address: IpAddr = address.parse().map_err(|_| format!("control socket: 'socket-address' {address} is not an IP address"))?;
        let port = match e.get("socket-port") {
            None => 8000,
            Some(p) => p.as_u64().and_then(|p| u16::try_from(p).ok()).ok_or(format!("control socket: bad 'socket-port' {p}"))?,
        };
        let https = str_of("socket-type") == Some("https");
        let tls = match (str_of("cert-file"), str_of("key-file")) {
            (Some(c), Some(k)) => Some(TlsConfig {
                cert_file: c.into(),
                key_file: k.into(),
                trust_anchor: str_of("trust-anchor").map(PathBuf::from),
                cert_required: e.get("cert-required").and_then(Value::as_bool).unwrap_or(true),
            }),
            (None, None) if !https => None,
            _ => return Err("control socket: TLS needs both 'cert-file' and 'key-file'".into()),
        };
        let auth = match e.get("authentication") {
            None => None,
            Some(a) => Some(basic_auth(a)?),
        };
        let headers = e
            .get("http-headers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|h| Some((h.get("name")?.as_str()?.to_string(), h.get("value")?.as_str()?.to_string())))
            .collect();
        Ok(HttpConfig { address, port, tls, auth, headers })
    }
}

/// Kea's `authentication` map: clients with `user`/`password`, or `user-file`/`password-file`
/// (read relative to `directory`), or only a `password-file` holding `user:password`.
fn basic_auth(a: &Value) -> Result<BasicAuth, String> {
    let ty = a.get("type").and_then(Value::as_str).unwrap_or("basic");
    if ty != "basic" {
        return Err(format!("control socket: authentication type '{ty}' is not supported (basic)"));
    }
    let dir = a.get("directory").and_then(Value::as_str).map(PathBuf::from);
    let read = |f: &str| -> Result<String, String> {
        let p = match &dir {
            Some(d) if !Path::new(f).is_absolute() => d.join(f),
            _ => PathBuf::from(f),
        };
        let t = std::fs::read_to_string(&p).map_err(|e| format!("control socket: cannot read {}: {e}", p.display()))?;
        Ok(t.trim_end_matches(['\r', '\n']).to_string())
    };
    let mut clients = Vec::new();
    for c in a.get("clients").and_then(Value::as_array).into_iter().flatten() {
        let s = |k: &str| c.get(k).and_then(Value::as_str);
        let user = match (s("user"), s("user-file")) {
            (Some(u), _) => Some(u.to_string()),
            (None, Some(f)) => Some(read(f)?),
            (None, None) => None,
        };
        let pair = match (user, s("password"), s("password-file")) {
            (Some(u), Some(p), _) => (u, p.to_string()),
            (Some(u), None, Some(f)) => (u, read(f)?),
            (Some(u), None, None) => (u, String::new()),
            (None, _, Some(f)) => {
                let t = read(f)?;
                let (u, p) = t.split_once(':').ok_or("control socket: a client 'password-file' without 'user' must hold user:password")?;
                (u.to_string(), p.to_string())
            }
            (None, _, None) => return Err("control socket: an authentication client needs a 'user' or 'user-file'".into()),
        };
        if pair.0.contains(':') {
            return Err(format!("control socket: user name '{}' must not contain ':'", pair.0));
        }
        clients.push(pair);
    }
    let realm = a.get("realm").and_then(Value::as_str).unwrap_or("kea-dhcpv4-server");
    Ok(BasicAuth::new(realm, &clients))
}

/// Binds the socket (errors show at start-up) and serves it on its own thread.
pub fn spawn(sh: Arc<Shared>, cfg: HttpConfig) -> Result<(), String> {
    let what = format!("HTTP control socket {}:{}", cfg.address, cfg.port);
    let acceptor = match &cfg.tls {
        Some(t) => {
            let c = crate::ctl::tls::server_config(&t.cert_file, &t.key_file, t.trust_anchor.as_deref(), t.cert_required)
                .map_err(|e| format!("{what}: {e}"))?;
            Some(tokio_rustls::TlsAcceptor::from(Arc::new(c)))
        }
        None => None,
    };
    let l = std::net::TcpListener::bind((cfg.address, cfg.port)).map_err(|e| format!("{what}: {e}"))?;
    l.set_nonblocking(true).map_err(|e| format!("{what}: {e}"))?;
    let cfg = Arc::new(cfg);
    std::thread::Builder::new()
        .name("control-http".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    super::log::error("COMMAND_HTTP_LISTENER_FAILED", || format!("cannot start the HTTP control runtime: {e}"));
                    return;
                }
            };
            rt.block_on(serve(sh, cfg, l, acceptor));
        })
        .map_err(|e| format!("{what}: {e}"))?;
    Ok(())
}

async fn serve(sh: Arc<Shared>, cfg: Arc<HttpConfig>, l: std::net::TcpListener, acceptor: Option<tokio_rustls::TlsAcceptor>) {
    let l = match tokio::net::TcpListener::from_std(l) {
        Ok(l) => l,
        Err(e) => {
            super::log::error("COMMAND_HTTP_LISTENER_FAILED", || format!("HTTP control socket: {e}"));
            return;
        }
    };
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = slots.clone().acquire_owned().await else { return };
        let Ok((tcp, _)) = l.accept().await else {
            // Out of descriptors and the like: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let (sh, cfg, acceptor) = (sh.clone(), cfg.clone(), acceptor.clone());
        tokio::spawn(async move {
            let _permit = permit;
            match acceptor {
                Some(a) => {
                    if let Ok(Ok(s)) = tokio::time::timeout(Duration::from_secs(10), a.accept(tcp)).await {
                        connection(s, sh, cfg).await
                    }
                }
                None => connection(tcp, sh, cfg).await,
            }
        });
    }
}

async fn connection<S>(stream: S, sh: Arc<Shared>, cfg: Arc<HttpConfig>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let svc = hyper::service::service_fn(move |req| {
        let (sh, cfg) = (sh.clone(), cfg.clone());
        async move { Ok::<_, std::convert::Infallible>(respond(sh, &cfg, req).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10))
        .serve_connection(TokioIo::new(stream), svc)
        .await;
}

type Reply = hyper::Response<Full<Bytes>>;

fn reply(cfg: &HttpConfig, status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Reply {
    let mut r = hyper::Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    for (name, value) in &cfg.headers {
        if let (Ok(n), Ok(v)) = (header::HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) {
            h.insert(n, v);
        }
    }
    r
}

/// Kea's stock answer for an HTTP-level error: `{"result": CODE, "text": REASON}`.
fn stock(cfg: &HttpConfig, status: StatusCode) -> Reply {
    let body = json!({ "result": status.as_u16(), "text": status.canonical_reason().unwrap_or("") });
    reply(cfg, status, "application/json", body.to_string().into_bytes())
}

async fn respond(sh: Arc<Shared>, cfg: &HttpConfig, req: Request<Incoming>) -> Reply {
    if let Some(auth) = &cfg.auth
        && !auth.allows(req.headers().get(header::AUTHORIZATION))
    {
        let mut r = stock(cfg, StatusCode::UNAUTHORIZED);
        let challenge = format!("Basic realm=\"{}\"", auth.realm.replace(['"', '\\'], ""));
        if let Ok(v) = HeaderValue::try_from(challenge) {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        return r;
    }
    if req.method() == Method::GET && req.uri().path() == "/metrics" {
        let text = tokio::task::spawn_blocking(move || {
            let snap = {
                let st = sh.lock();
                stats::snapshot(&sh.stats, &st)
            };
            metrics::render(&snap)
        })
        .await;
        return match text {
            Ok(t) => reply(cfg, StatusCode::OK, metrics::CONTENT_TYPE, t.into_bytes()),
            Err(_) => stock(cfg, StatusCode::INTERNAL_SERVER_ERROR),
        };
    }
    if req.method() != Method::POST {
        return stock(cfg, StatusCode::METHOD_NOT_ALLOWED);
    }
    let body = match tokio::time::timeout(Duration::from_secs(60), Limited::new(req.into_body(), MAX_BODY).collect()).await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return stock(cfg, StatusCode::PAYLOAD_TOO_LARGE),
        _ => return stock(cfg, StatusCode::BAD_REQUEST),
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return stock(cfg, StatusCode::BAD_REQUEST) };
    let answer = match Command::from_json(&v) {
        Ok(cmd) => match tokio::task::spawn_blocking(move || control::handle(&sh, &cmd)).await {
            Ok(r) => r,
            Err(_) => Response::error("internal error while handling the command"),
        },
        Err(e) => Response::error(e),
    };
    let body = serde_json::to_vec(&json!([answer.to_json()])).unwrap_or_default();
    reply(cfg, StatusCode::OK, "application/json", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_and_auth() {
        let c = HttpConfig::from_json(&json!({
            "socket-type": "http", "socket-address": "127.0.0.1", "socket-port": 8004,
            "authentication": { "type": "basic", "realm": "r", "clients": [ { "user": "u", "password": "p" } ] },
            "http-headers": [ { "name": "X-Test", "value": "1" } ]
        }))
        .unwrap();
        assert_eq!(c.port, 8004);
        assert!(c.tls.is_none());
        assert_eq!(c.headers, vec![("X-Test".to_string(), "1".to_string())]);
        let a = c.auth.unwrap();
        assert!(a.allows(Some(&HeaderValue::from_static("Basic dTpw"))));
        assert!(!a.allows(Some(&HeaderValue::from_static("Basic dTpx"))));
        assert!(!a.allows(None));
        assert!(HttpConfig::from_json(&json!({ "socket-type": "https" })).is_err(), "https without cert-file");
        assert!(HttpConfig::from_json(&json!({ "socket-port": 70000 })).is_err());
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("up"), "alice:secret\n").unwrap();
        let a = basic_auth(&json!({ "directory": d.path(), "clients": [ { "password-file": "up" } ] })).unwrap();
        let tok = base64::engine::general_purpose::STANDARD.encode("alice:secret");
        assert!(a.allows(Some(&HeaderValue::try_from(format!("Basic {tok}")).unwrap())));
    }
}
