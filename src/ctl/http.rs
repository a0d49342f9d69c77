//! HTTP and HTTPS to kea-ctrl-agent (Kea 2.x) or a Kea 3 HTTP control socket: one POST of
//! the command as JSON, one JSON answer. Basic auth and TLS (own CA, client certificate for
//! `cert-required: true`) as the agent supports them. One small tokio runtime per request:
//! the CLI sends one or two commands per run.

use super::error::{CtlError, Kind, excerpt};
use super::tls::{TlsFiles, client_config};
use base64::Engine;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::time::Duration;

/// `http(s)://HOST[:PORT][/PATH]`, parsed without a URL crate (nothing more is needed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Url {
    pub fn parse(s: &str) -> Result<Url, String> {
        let (tls, rest) = if let Some(r) = s.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = s.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(format!("'{s}' is not an http:// or https:// URL"));
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let end = v6.find(']').ok_or_else(|| format!("'{s}': unclosed '[' in the host"))?;
            let port = v6[end + 1..].strip_prefix(':');
            (&v6[..end], port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(format!("'{s}' has no host"));
        }
        let port = match port {
            Some(p) => p.parse().map_err(|_| format!("'{s}': bad port '{p}'"))?,
            None if tls => 443,
            None => 80,
        };
        Ok(Url { tls, host: host.to_string(), port, path: path.to_string() })
    }

    fn authority(&self) -> String {
        if self.host.contains(':') { format!("[{}]:{}", self.host, self.port) } else { format!("{}:{}", self.host, self.port) }
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}{}", if self.tls { "https" } else { "http" }, self.authority(), self.path)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

pub fn send(
    url: &Url,
    ep: &str,
    request: &Value,
    auth: Option<&Credentials>,
    tls: &TlsFiles,
    timeout: Duration,
) -> Result<Value, CtlError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CtlError::new(Kind::Io, ep, format!("cannot start the I/O runtime: {e}")))?;
    rt.block_on(async {
        match tokio::time::timeout(timeout, exchange(url, ep, request, auth, tls)).await {
            Ok(r) => r,
            Err(_) => Err(CtlError::new(Kind::Timeout, ep, format!("no answer within {} s", timeout.as_secs_f64()))
                .hint("raise --timeout; a config-set of a large config can take a while")),
        }
    })
}

async fn exchange(url: &Url, ep: &str, request: &Value, auth: Option<&Credentials>, tls: &TlsFiles) -> Result<Value, CtlError> {
    let tcp = tokio::net::TcpStream::connect((url.host.as_str(), url.port)).await.map_err(|e| connect_error(ep, url, e))?;
    let body = serde_json::to_vec(request).expect("a JSON value serialises");
    let mut req = hyper::Request::post(url.path.as_str())
        .header(hyper::header::HOST, url.authority())
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .header(hyper::header::ACCEPT, "application/json");
    if let Some(c) = auth {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", c.user, c.password));
        req = req.header(hyper::header::AUTHORIZATION, format!("Basic {token}"));
    }
    let req = req.body(Full::new(Bytes::from(body))).map_err(|e| CtlError::new(Kind::Usage, ep, format!("bad request: {e}")))?;
    let (status, bytes) = if url.tls {
        let config = client_config(tls).map_err(|m| CtlError::new(Kind::Usage, ep, m))?;
        let name = rustls::pki_types::ServerName::try_from(url.host.clone())
            .map_err(|_| CtlError::new(Kind::Usage, ep, format!("'{}' is not a valid TLS server name", url.host)))?;
        let stream =
            tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)).connect(name, tcp).await.map_err(|e| tls_error(ep, tls, &e))?;
        round_trip(stream, req, ep, tls).await?
    } else {
        round_trip(tcp, req, ep, tls).await?
    };
    match status {
        200 => {}
        401 => {
            return Err(CtlError::new(Kind::Unauthorized, ep, "401 Unauthorized: the agent wants credentials, or these are wrong")
                .hint("pass --user NAME with --password-file FILE (or KEAKIT_PASSWORD); see \"authentication\" in the agent's config"));
        }
        403 => {
            return Err(CtlError::new(Kind::Forbidden, ep, "403 Forbidden")
                .hint("the credentials or client certificate are known but not allowed this command"));
        }
        s => {
            return Err(CtlError::new(Kind::HttpStatus, ep, format!("HTTP status {s}: {}", excerpt(&bytes)))
                .hint("is this kea-ctrl-agent (or a Kea 3 HTTP control socket)?"));
        }
    }
    serde_json::from_slice(&bytes).map_err(|_| {
        CtlError::new(Kind::BadReply, ep, format!("the answer is not JSON: {:?}", excerpt(&bytes)))
            .hint("is this kea-ctrl-agent (or a Kea 3 HTTP control socket)?")
    })
}

async fn round_trip<S>(stream: S, req: hyper::Request<Full<Bytes>>, ep: &str, tls: &TlsFiles) -> Result<(u16, Bytes), CtlError>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let fail = |e: &(dyn std::error::Error + 'static)| -> CtlError {
        match find_rustls(e) {
            Some(t) => tls_failure(ep, tls, t),
            None => CtlError::new(Kind::Io, ep, format!("HTTP exchange failed: {}", chain(e)))
                .hint("is this an HTTP(S) endpoint? check http:// vs https://"),
        }
    };
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| fail(&e))?;
    let driver = tokio::spawn(conn);
    let resp = sender.send_request(req).await.map_err(|e| fail(&e))?;
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.map_err(|e| fail(&e))?.to_bytes();
    driver.abort();
    Ok((status, body))
}

fn connect_error(ep: &str, url: &Url, e: std::io::Error) -> CtlError {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => CtlError::new(Kind::Refused, ep, "connection refused")
            .hint(format!("is kea-ctrl-agent running with \"http-host\"/\"http-port\" {}?", url.authority())),
        _ => CtlError::new(Kind::Io, ep, format!("cannot connect: {e}")),
    }
}

fn tls_error(ep: &str, tls: &TlsFiles, e: &std::io::Error) -> CtlError {
    match e.get_ref().and_then(|inner| find_rustls(inner)) {
        Some(t) => tls_failure(ep, tls, t),
        None => CtlError::new(Kind::Tls, ep, format!("TLS handshake failed: {e}"))
            .hint("is the server speaking TLS on this port? (http:// vs https://)"),
    }
}

fn tls_failure(ep: &str, tls: &TlsFiles, e: &rustls::Error) -> CtlError {
    use rustls::{AlertDescription, CertificateError, Error};
    let hint = match e {
        Error::InvalidCertificate(CertificateError::UnknownIssuer | CertificateError::BadSignature) => {
            if tls.ca.is_none() {
                "the server certificate is not signed by a CA in the system store: pass --ca FILE with the CA that signed it"
            } else {
                "the server certificate is not signed by the CA given with --ca"
            }
        }
        Error::InvalidCertificate(CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }) => {
            "the certificate does not name this host: use the host or IP address in its subjectAltName in --url"
        }
        Error::InvalidCertificate(CertificateError::Expired | CertificateError::ExpiredContext { .. }) => {
            "the server certificate has expired"
        }
        Error::AlertReceived(
            AlertDescription::CertificateRequired | AlertDescription::HandshakeFailure | AlertDescription::BadCertificate,
        ) if tls.cert.is_none() => "the server wants a client certificate (cert-required): pass --cert FILE --key FILE",
        Error::InvalidMessage(_) => "the server does not speak TLS on this port: try http://",
        Error::AlertReceived(_) => "the server refused our TLS parameters or client certificate; see the agent's log",
        _ => "check --ca, --cert and --key",
    };
    CtlError::new(Kind::Tls, ep, format!("TLS failure: {e}")).hint(hint)
}

/// The rustls error somewhere in an error's source chain (hyper and tokio-rustls wrap it).
fn find_rustls<'a>(mut e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    loop {
        if let Some(t) = e.downcast_ref::<rustls::Error>() {
            return Some(t);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(t) = inner.downcast_ref::<rustls::Error>()
        {
            return Some(t);
        }
        e = e.source()?;
    }
}

fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = Url::parse("https://127.0.0.1:8443/").unwrap();
        assert_eq!((u.tls, u.host.as_str(), u.port, u.path.as_str()), (true, "127.0.0.1", 8443, "/"));
        let u = Url::parse("http://[::1]:8000").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("::1", 8000, "/"));
        assert_eq!(u.to_string(), "http://[::1]:8000/");
        assert_eq!(Url::parse("http://kea").unwrap().port, 80);
        assert!(Url::parse("ftp://x").is_err());
        assert!(Url::parse("http://x:port/").is_err());
        assert!(Url::parse("http://:80/").is_err());
    }

    /// A one-shot HTTP server on loopback answering `reply` (bounded: one connection).
    fn serve_once(reply: &'static str) -> Url {
        use std::io::{Read, Write};
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(reply.as_bytes());
        });
        Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap()
    }

    fn send_to(url: &Url) -> CtlError {
        send(url, &url.to_string(), &serde_json::json!({"command": "x"}), None, &TlsFiles::default(), Duration::from_secs(5)).unwrap_err()
    }

    #[test]
    fn http_statuses_and_non_json_replies() {
        let e = send_to(&serve_once("HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\n<html>hi</html"));
        assert_eq!(e.kind, Kind::BadReply);
        assert!(e.message.contains("<html>hi"), "{e}");
        let e = send_to(&serve_once("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
        assert_eq!((e.kind, e.exit_code()), (Kind::Forbidden, 3));
        let e = send_to(&serve_once("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"));
        assert_eq!(e.kind, Kind::Unauthorized);
        assert!(e.hint.as_deref().unwrap().contains("--password-file"));
        let e = send_to(&serve_once("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops"));
        assert_eq!(e.kind, Kind::HttpStatus);
        assert!(e.message.contains("500") && e.message.contains("oops"), "{e}");
    }

    #[test]
    fn silent_server_times_out() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = Url::parse(&format!("http://127.0.0.1:{}/", l.local_addr().unwrap().port())).unwrap();
        let start = std::time::Instant::now();
        let e = send(&url, "ep", &serde_json::json!({}), None, &TlsFiles::default(), Duration::from_millis(300)).unwrap_err();
        assert_eq!(e.kind, Kind::Timeout, "{e}");
        assert!(start.elapsed() < Duration::from_secs(3));
        drop(l);
    }

    #[test]
    fn refused_port_names_the_endpoint() {
        // Bind then drop to get a loopback port nobody listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
        let e = send(&url, &url.to_string(), &serde_json::json!({}), None, &TlsFiles::default(), Duration::from_secs(5)).unwrap_err();
        assert_eq!(e.kind, Kind::Refused, "{e}");
        assert!(e.endpoint.contains(&port.to_string()));
    }
}
