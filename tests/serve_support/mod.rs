//! Shared by the `keakit serve` test suites (tests/serve*.rs): the DHCPv4 requests a relay on
//! 127.0.0.2 sends, reading the options of a reply, and one control command over a unix socket.
#![allow(dead_code)] // each suite uses part of it

use serde_json::Value;
use std::borrow::Borrow;
use std::io::{Read, Write};
use std::net::Ipv4Addr;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

/// A BOOTREQUEST relayed from 127.0.0.2 (giaddr): message type `msg`, transaction id `xid`,
/// Ethernet `mac`, `ciaddr`, then `opts` (code, payload) and the end option.
pub fn relayed_request(msg: u8, xid: [u8; 4], mac: [u8; 6], ciaddr: Ipv4Addr, opts: &[(u8, &[u8])]) -> Vec<u8> {
    let mut b = vec![0u8; 240];
    b[0] = 1;
    b[1] = 1;
    b[2] = 6;
    b[4..8].copy_from_slice(&xid);
    b[12..16].copy_from_slice(&ciaddr.octets());
    b[24..28].copy_from_slice(&[127, 0, 0, 2]);
    b[28..34].copy_from_slice(&mac);
    b[236..240].copy_from_slice(&[99, 130, 83, 99]);
    b.extend_from_slice(&[53, 1, msg]);
    for (c, d) in opts {
        b.push(*c);
        b.push(d.len() as u8);
        b.extend_from_slice(d);
    }
    b.push(255);
    b
}

/// The options of a reply in order: the options field, then (option overload, RFC 2131 §4.1)
/// `file` and `sname` when option 52 there says they hold options.
pub fn reply_options(r: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    let mut areas = vec![(240, r.len())];
    let mut k = 0;
    while k < areas.len() {
        let (mut i, end) = areas[k];
        k += 1;
        while i + 1 < end && r[i] != 255 {
            if r[i] == 0 {
                i += 1;
                continue;
            }
            let l = r[i + 1] as usize;
            let data = r[i + 2..(i + 2 + l).min(end)].to_vec();
            if r[i] == 52 && k == 1 {
                let v = data.first().copied().unwrap_or(0);
                if v & 1 != 0 {
                    areas.push((108, 236));
                }
                if v & 2 != 0 {
                    areas.push((44, 108));
                }
            }
            out.push((r[i], data));
            i += 2 + l;
        }
    }
    out
}

/// The payload of option `code` in a reply (`reply_options`).
pub fn reply_option(r: &[u8], code: u8) -> Option<Vec<u8>> {
    reply_options(r).into_iter().find(|(c, _)| *c == code).map(|(_, d)| d)
}

/// One control command over a unix socket (Kea's or serve's): the reply, read until it is a
/// whole JSON value (Kea 2.2 answers without waiting for the end of the request).
pub fn control(sock: &Path, cmd: impl Borrow<Value>) -> Value {
    let cmd = cmd.borrow();
    let mut c = UnixStream::connect(sock).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    c.write_all(cmd.to_string().as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        let n = c.read(&mut chunk).unwrap();
        buf.extend_from_slice(&chunk[..n]);
        if n == 0 || serde_json::from_slice::<Value>(&buf).is_ok() {
            break;
        }
    }
    serde_json::from_slice(&buf).unwrap_or_else(|e| panic!("{cmd}: reply is not JSON ({e}): {}", String::from_utf8_lossy(&buf)))
}
