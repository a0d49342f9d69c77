//! The unix stream socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns (`control-socket`).
//! Kea reads one JSON command, writes one JSON answer and closes; we stop reading as soon
//! as one complete JSON value has arrived, so a server that keeps the socket open works too.

use super::error::{CtlError, Kind, excerpt};
use serde_json::Value;
use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

pub fn endpoint_name(path: &Path) -> String {
    format!("unix:{}", path.display())
}

pub fn send(path: &Path, request: &Value, timeout: Duration) -> Result<Value, CtlError> {
    let ep = endpoint_name(path);
    let mut stream = UnixStream::connect(path).map_err(|e| connect_error(&ep, path, e))?;
    stream.set_read_timeout(Some(timeout)).ok();
    stream.set_write_timeout(Some(timeout)).ok();
    let body = serde_json::to_vec(request).expect("a JSON value serialises");
    stream.write_all(&body).map_err(|e| io_error(&ep, "sending the command", e))?;
    // serde_json reads byte by byte from a reader: buffer it (a config-get can be megabytes).
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, Tee { inner: stream, seen: Vec::new() });
    let first = serde_json::Deserializer::from_reader(&mut reader).into_iter::<Value>().next();
    let tee = reader.get_ref();
    match first {
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) if e.is_io() => {
            Err(io_error(&ep, "reading the answer", std::io::Error::new(e.io_error_kind().unwrap_or(ErrorKind::Other), e)))
        }
        Some(Err(_)) => Err(CtlError::new(Kind::BadReply, ep, format!("the answer is not JSON: {:?}", excerpt(&tee.seen)))
            .hint("is this the control socket of a Kea daemon?")),
        None => Err(CtlError::new(Kind::BadReply, ep, "the server closed the connection without answering")
            .hint("the daemon may have rejected the command; see its log")),
    }
}

fn connect_error(ep: &str, path: &Path, e: std::io::Error) -> CtlError {
    match e.kind() {
        ErrorKind::NotFound => CtlError::new(Kind::NoSocket, ep, "no such socket").hint(format!(
            "is the daemon running with \"control-socket\": {{\"socket-type\": \"unix\", \"socket-name\": \"{}\"}}?",
            path.display()
        )),
        ErrorKind::PermissionDenied => CtlError::new(Kind::PermissionDenied, ep, "permission denied on the socket")
            .hint("run as the user Kea runs as (often _kea or root), or add yourself to its group"),
        ErrorKind::ConnectionRefused => CtlError::new(Kind::Refused, ep, "connection refused (the socket file exists but nothing listens)")
            .hint("the daemon is not running, or this is a stale socket left by a crash"),
        _ if e.raw_os_error() == Some(libc::ENOTSOCK) => {
            CtlError::new(Kind::NoSocket, ep, "not a socket").hint("--socket takes the path of Kea's unix control socket")
        }
        _ => io_error(ep, "connecting", e),
    }
}

fn io_error(ep: &str, doing: &str, e: std::io::Error) -> CtlError {
    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) {
        return CtlError::new(Kind::Timeout, ep, format!("timed out {doing}"))
            .hint("raise --timeout, or check that the daemon is not stuck");
    }
    CtlError::new(Kind::Io, ep, format!("{doing}: {e}"))
}

/// Keeps the first bytes read, to quote them when the answer is not JSON.
struct Tee<R> {
    inner: R,
    seen: Vec<u8>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.seen.len() < 200 {
            self.seen.extend_from_slice(&buf[..n.min(200)]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    fn serve_once(reply: &'static [u8]) -> (tempfile::TempDir, std::path::PathBuf, std::thread::JoinHandle<Vec<u8>>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let l = UnixListener::bind(&path).unwrap();
        let h = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = vec![0; 4096];
            let n = s.read(&mut buf).unwrap();
            s.write_all(reply).unwrap();
            buf.truncate(n);
            buf
        });
        (dir, path, h)
    }

    #[test]
    fn sends_one_command_and_reads_one_answer() {
        let (_d, path, h) = serve_once(br#"{ "result": 0, "text": "2.2.0" }"#);
        let v = send(&path, &serde_json::json!({"command": "version-get"}), Duration::from_secs(5)).unwrap();
        assert_eq!(v["text"], "2.2.0");
        assert_eq!(h.join().unwrap(), br#"{"command":"version-get"}"#);
    }

    #[test]
    fn garbage_answer_is_bad_reply_quoting_it() {
        let (_d, path, _h) = serve_once(b"HTTP/1.1 400 Bad Request\r\n\r\n");
        let e = send(&path, &serde_json::json!({"command": "x"}), Duration::from_secs(5)).unwrap_err();
        assert_eq!(e.kind, Kind::BadReply);
        assert!(e.message.contains("HTTP/1.1 400"), "{e}");
    }

    #[test]
    fn silent_server_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let _l = UnixListener::bind(&path).unwrap(); // accepts (backlog) but never answers
        let e = send(&path, &serde_json::json!({}), Duration::from_millis(300)).unwrap_err();
        assert_eq!(e.kind, Kind::Timeout, "{e}");
    }

    #[test]
    fn missing_socket_and_stale_socket_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let e = send(&dir.path().join("nope"), &serde_json::json!({}), Duration::from_secs(1)).unwrap_err();
        assert_eq!(e.kind, Kind::NoSocket);
        assert!(e.endpoint.ends_with("/nope"));
        // A socket file whose listener is gone.
        let path = dir.path().join("stale");
        drop(UnixListener::bind(&path).unwrap());
        let e = send(&path, &serde_json::json!({}), Duration::from_secs(1)).unwrap_err();
        assert_eq!(e.kind, Kind::Refused, "{e}");
    }
}
