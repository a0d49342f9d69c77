//! A flood of garbage does not stop a well-formed client from being served, and every
//! garbage datagram is accounted for.
//!
//! `keakit serve` on loopback (tests/serve.rs's fixture, relay 127.0.0.2); three threads send
//! a bounded flood (200,000 datagrams or 10 s, whichever comes first) of truncated packets,
//! bad option lengths, oversized packets (up to 65,507 bytes), wrong op codes and bad magic
//! cookies, while a relay client completes DORAs, retransmitting as a client does. Checks:
//! - every DORA completes within `DORA_BOUND`, and DORAs keep completing during the flood;
//! - the process is alive afterwards and answers its control socket;
//! - accounting: what the server counted received (`pkt4-received`) plus what the kernel
//!   dropped at the socket (the `drops` column of /proc/net/udp, the receive buffer being
//!   full) is exactly what was sent; every received datagram that was not one of the
//!   client's DISCOVERs or REQUESTs is `pkt4-parse-failed` (so parse-failed equals the
//!   garbage the server received: garbage sent minus garbage the kernel dropped).

mod serve_support;
use serde_json::{Value, json};
use serve_support::{control as ctl, relayed_request};
use std::net::{Ipv4Addr, UdpSocket};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const PORT: u16 = 11467;
const MAX_GARBAGE: u64 = 200_000;
const MAX_FLOOD_TIME: Duration = Duration::from_secs(10);
/// A client retransmits after `RETRY` without an answer; a DORA must be done within this.
const DORA_BOUND: Duration = Duration::from_secs(5);
const RETRY: Duration = Duration::from_millis(250);

struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn stat(sock: &Path, all: &Value, name: &str) -> u64 {
    all["arguments"][name][0][0].as_u64().unwrap_or_else(|| panic!("{name} missing: {}", ctl(sock, json!({"command": "list-commands"}))))
}

/// Datagrams the kernel dropped on the UDP socket bound to 127.0.0.1:port.
fn kernel_drops(port: u16) -> u64 {
    let want = format!("0100007F:{port:04X}");
    std::fs::read_to_string("/proc/net/udp")
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.get(1) == Some(&want.as_str())).then(|| f.last().unwrap().parse::<u64>().unwrap())
        })
        .sum()
}

fn packet(msg: u8, xid: u32, mac: [u8; 6], opts: &[(u8, &[u8])]) -> Vec<u8> {
    relayed_request(msg, xid.to_be_bytes(), mac, Ipv4Addr::UNSPECIFIED, opts)
}

/// Garbage number `i`: each kind fails to decode for its own reason.
fn garbage(i: u64, buf: &mut Vec<u8>) {
    let good = packet(1, i as u32, [2, 9, 9, (i >> 16) as u8, (i >> 8) as u8, i as u8], &[(55, &[1, 3, 6])]);
    buf.clear();
    match i % 10 {
        // Truncated: anything shorter than the fixed header (including empty datagrams).
        0 | 1 => buf.extend_from_slice(&good[..(i as usize * 7919) % 240]),
        // An option whose length runs past the end of the packet.
        2 | 3 => {
            buf.extend_from_slice(&good[..good.len() - 1]);
            buf.extend_from_slice(&[12, 200 + (i % 50) as u8, b'x', b'y']);
        }
        // Wrong op code (BOOTREPLY, 0, anything but 1).
        4 | 5 => {
            buf.extend_from_slice(&good);
            buf[0] = [2u8, 0, 3, 255][(i as usize / 10) % 4];
        }
        // Bad magic cookie.
        6 => {
            buf.extend_from_slice(&good);
            buf[236] ^= 0xff;
        }
        // An option length byte pointing past the end, right after the cookie.
        7 | 8 => {
            buf.extend_from_slice(&good[..240]);
            buf.extend_from_slice(&[61, 255, 1, 2, 3]);
        }
        // Oversized: 9,001 bytes up to the largest UDP payload, 65,507.
        _ => {
            let n = 9001 + (i as usize * 104_729) % (65_507 - 9001 + 1);
            buf.extend_from_slice(&good);
            buf.resize(n, (i % 251) as u8);
            if i % 20 == 9 {
                buf.resize(65_507, 0);
            }
        }
    }
}

#[test]
fn garbage_flood_does_not_starve_a_client_and_is_counted() {
    let dir = tempfile::Builder::new().prefix("kf").tempdir_in("/tmp").unwrap();
    let d = dir.path();
    let sock = d.join("ctl.sock");
    let text = std::fs::read_to_string("fixtures/serve/loopback.json")
        .unwrap()
        .replace("@SOCK@", sock.to_str().unwrap())
        .replace("@LEASES@", d.join("leases4.csv").to_str().unwrap());
    let cfg = d.join("kea-dhcp4.conf");
    std::fs::write(&cfg, text).unwrap();
    let stderr = std::fs::File::create(d.join("serve.err")).unwrap();
    let mut serve = Proc(
        Command::new(env!("CARGO_BIN_EXE_keakit"))
            .args(["serve", "-c", cfg.to_str().unwrap(), "-p", &PORT.to_string()])
            .stdin(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap(),
    );
    let t = Instant::now();
    while UnixStream::connect(&sock).is_err() {
        assert!(t.elapsed() < Duration::from_secs(15), "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let drops_before = kernel_drops(PORT);

    let relay = UdpSocket::bind(("127.0.0.2", PORT)).unwrap();
    relay.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
    let server = (Ipv4Addr::LOCALHOST, PORT);
    let mut good_sent = 0u64;
    // One exchange: send, retransmit every RETRY, until the reply of this xid and type.
    let mut ask = |p: &[u8], xid: u32, want: u8, deadline: Instant| -> Option<Vec<u8>> {
        let mut buf = vec![0u8; 2048];
        while Instant::now() < deadline {
            relay.send_to(p, server).unwrap();
            good_sent += 1;
            let sent = Instant::now();
            while sent.elapsed() < RETRY {
                if let Ok((n, _)) = relay.recv_from(&mut buf) {
                    let r = &buf[..n];
                    if n > 242 && r[4..8] == xid.to_be_bytes() && r[242] == want {
                        return Some(r.to_vec());
                    }
                }
            }
        }
        None
    };

    // The flood.
    let budget = Arc::new(AtomicU64::new(0));
    let garbage_sent = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let flood_start = Instant::now();
    let senders: Vec<_> = (0..3u8)
        .map(|t| {
            let (budget, sent, stop) = (budget.clone(), garbage_sent.clone(), stop.clone());
            std::thread::spawn(move || {
                let s = UdpSocket::bind((Ipv4Addr::new(127, 0, 0, 20 + t), 0)).unwrap();
                let mut buf = Vec::with_capacity(65_507);
                while !stop.load(Ordering::Relaxed) && flood_start.elapsed() < MAX_FLOOD_TIME {
                    let i = budget.fetch_add(1, Ordering::Relaxed);
                    if i >= MAX_GARBAGE {
                        break;
                    }
                    garbage(i, &mut buf);
                    if s.send_to(&buf, server).is_ok() {
                        sent.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();

    // DORAs while the flood lasts (and at least a few).
    let mut doras = Vec::new();
    let mut xid = 0x5eed_0000u32;
    while senders.iter().any(|s| !s.is_finished()) || doras.len() < 5 {
        let n = doras.len() as u32;
        let mac = [2, 0, 0, 0xf1, (n >> 8) as u8, n as u8];
        let start = Instant::now();
        let deadline = start + DORA_BOUND;
        xid += 1;
        let offer = ask(&packet(1, xid, mac, &[]), xid, 2, deadline)
            .unwrap_or_else(|| panic!("DORA {n}: no OFFER within {DORA_BOUND:?} during the flood"));
        let yi: [u8; 4] = offer[16..20].try_into().unwrap();
        let req = packet(3, xid, mac, &[(50, &yi), (54, &[127, 0, 0, 1])]);
        let ack = ask(&req, xid, 5, deadline).unwrap_or_else(|| panic!("DORA {n}: no ACK within {DORA_BOUND:?} during the flood"));
        assert_eq!(ack[16..20], yi);
        doras.push(start.elapsed());
        assert!(doras.len() < 100_000);
    }
    stop.store(true, Ordering::Relaxed);
    for s in senders {
        s.join().unwrap();
    }
    let flood_time = flood_start.elapsed();
    let garbage_sent = garbage_sent.load(Ordering::Relaxed);

    // Let the server drain its queue, then read the counters.
    let mut last = u64::MAX;
    let all = loop {
        std::thread::sleep(Duration::from_millis(300));
        let all = ctl(&sock, json!({"command": "statistic-get-all"}));
        let r = stat(&sock, &all, "pkt4-received");
        if r == last {
            break all;
        }
        last = r;
    };
    assert!(serve.0.try_wait().unwrap().is_none(), "serve died: {}", std::fs::read_to_string(d.join("serve.err")).unwrap());
    let s = |n: &str| stat(&sock, &all, n);
    let received = s("pkt4-received");
    let parse_failed = s("pkt4-parse-failed");
    let client = s("pkt4-discover-received") + s("pkt4-request-received");
    let drops = kernel_drops(PORT) - drops_before;
    let max = doras.iter().max().unwrap();
    let mean = doras.iter().sum::<Duration>() / doras.len() as u32;
    eprintln!(
        "flood: {garbage_sent} garbage datagrams in {flood_time:?}; {} DORAs (mean {mean:?}, max {max:?}); client sent {good_sent}; \
         server received {received} (parse-failed {parse_failed}, client {client}); kernel dropped {drops}",
        doras.len()
    );
    assert!(garbage_sent > 10_000, "the flood was a flood: {garbage_sent}");
    assert!(doras.len() >= 5);
    assert_eq!(received + drops, garbage_sent + good_sent, "every datagram is received or dropped by the kernel");
    assert_eq!(parse_failed + client, received, "everything received that is not the client's is pkt4-parse-failed");
    assert!(parse_failed <= garbage_sent && parse_failed + drops >= garbage_sent);
    for n in ["pkt4-unknown-received", "pkt4-offer-received", "pkt4-ack-received", "pkt4-nak-received"] {
        assert_eq!(s(n), 0, "{n}");
    }
    assert!(s("pkt4-receive-drop") >= parse_failed);
    assert!(s("pkt4-ack-sent") >= doras.len() as u64);
    // Still serving after the flood, and the garbage left no lease behind.
    let leases = ctl(&sock, json!({"command": "lease4-get-all"}));
    assert_eq!(leases["arguments"]["leases"].as_array().unwrap().len(), doras.len(), "one lease per DORA client");
    let r = ctl(&sock, json!({"command": "shutdown"}));
    assert_eq!(r["result"], 0);
    let t = Instant::now();
    while serve.0.try_wait().unwrap().is_none() {
        assert!(t.elapsed() < Duration::from_secs(5), "serve did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    let err = std::fs::read_to_string(d.join("serve.err")).unwrap();
    assert!(!err.contains("panicked"), "{err}");
}
