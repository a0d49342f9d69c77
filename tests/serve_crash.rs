//! No lease lost: a relay client (127.0.0.2) completes DORAs in bursts of 16 against
//! `keakit serve` while the server is killed with SIGKILL at a pseudo-random moment (fixed
//! seeds); after a restart on the same lease file, every address that was ACKed is reported by
//! lease4-get-all for the client it was ACKed to.

mod serve_support;
use serve_support::{control as ctl, relayed_request};
use std::collections::HashMap;
use std::net::{Ipv4Addr, UdpSocket};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn start(port: u16, dir: &Path) -> Child {
    let text = std::fs::read_to_string("fixtures/serve/loopback.json").unwrap();
    let text =
        text.replace("@SOCK@", dir.join("ctl.sock").to_str().unwrap()).replace("@LEASES@", dir.join("leases4.csv").to_str().unwrap());
    let cfg = dir.join("kea-dhcp4.conf");
    std::fs::write(&cfg, text).unwrap();
    let _ = std::fs::remove_file(dir.join("ctl.sock"));
    let child =
        Command::new(env!("CARGO_BIN_EXE_keakit")).args(["serve", "-c", cfg.to_str().unwrap(), "-p", &port.to_string()]).spawn().unwrap();
    for _ in 0..200 {
        if dir.join("ctl.sock").exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    child
}

fn packet(msg: u8, xid: u32, mac: [u8; 6], opts: &[(u8, &[u8])]) -> Vec<u8> {
    relayed_request(msg, xid.to_be_bytes(), mac, Ipv4Addr::UNSPECIFIED, opts)
}

fn msg_type(r: &[u8]) -> Option<u8> {
    let mut i = 240;
    while i + 2 < r.len() && r[i] != 255 {
        if r[i] == 0 {
            i += 1;
            continue;
        }
        if r[i] == 53 {
            return Some(r[i + 2]);
        }
        i += 2 + r[i + 1] as usize;
    }
    None
}

fn mac_of(n: u32) -> [u8; 6] {
    let b = n.to_be_bytes();
    [2, 0x5e, b[0], b[1], b[2], b[3]]
}

/// Runs bursts of DORAs until the server stops answering or `deadline`; returns every
/// (mac, address) that was ACKed.
fn client(sock: &UdpSocket, server: (Ipv4Addr, u16), first: u32, deadline: Instant) -> Vec<([u8; 6], Ipv4Addr)> {
    let mut acked = Vec::new();
    let mut next = first;
    let mut buf = [0u8; 1500];
    while Instant::now() < deadline {
        let burst: Vec<u32> = (next..next + 16).collect();
        next += 16;
        for &n in &burst {
            sock.send_to(&packet(1, n, mac_of(n), &[]), server).unwrap();
        }
        let mut offers = HashMap::new();
        while offers.len() < burst.len() {
            let Ok((len, _)) = sock.recv_from(&mut buf) else { break };
            let r = &buf[..len];
            let xid = u32::from_be_bytes(r[4..8].try_into().unwrap());
            if msg_type(r) == Some(2) && burst.contains(&xid) {
                offers.insert(xid, Ipv4Addr::new(r[16], r[17], r[18], r[19]));
            }
        }
        if offers.is_empty() {
            return acked; // the server is gone
        }
        for (&n, a) in &offers {
            sock.send_to(&packet(3, n, mac_of(n), &[(50, &a.octets()), (54, &[127, 0, 0, 1])]), server).unwrap();
        }
        let mut got = 0;
        while got < offers.len() {
            let Ok((len, _)) = sock.recv_from(&mut buf) else { return acked };
            let r = &buf[..len];
            let xid = u32::from_be_bytes(r[4..8].try_into().unwrap());
            if msg_type(r) == Some(5) && offers.contains_key(&xid) {
                acked.push((mac_of(xid), Ipv4Addr::new(r[16], r[17], r[18], r[19])));
                got += 1;
            }
        }
    }
    acked
}

#[test]
fn serve_sigkill_loses_no_acked_lease() {
    let dir = tempfile::tempdir().unwrap();
    let port = 10567;
    let sock = UdpSocket::bind(("127.0.0.2", port)).unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let server = (Ipv4Addr::LOCALHOST, port);
    let mut all: Vec<([u8; 6], Ipv4Addr)> = Vec::new();
    // Three kills at pseudo-random moments from fixed seeds (xorshift), 150..900 ms in.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..3u32 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(150 + seed % 750);
        let mut child = start(port, dir.path());
        let pid = child.id();
        let killer = std::thread::spawn(move || {
            std::thread::sleep(delay);
            // SAFETY: kill(2) on the child we started (not yet reaped: we wait after joining).
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        });
        let acked = client(&sock, server, 1 + round * 1_000_000, Instant::now() + Duration::from_secs(5));
        killer.join().unwrap();
        let _ = child.wait();
        // Drain replies that were in flight when the server died.
        while sock.recv_from(&mut [0u8; 1500]).is_ok() {}
        assert!(acked.len() >= 16, "round {round}: the client got only {} ACKs before the kill at {delay:?}", acked.len());
        eprintln!("round {round}: killed after {delay:?}, {} ACKed leases", acked.len());
        all.extend(acked);
    }
    let mut child = start(port, dir.path());
    let r = ctl(&dir.path().join("ctl.sock"), serde_json::json!({"command": "lease4-get-all"}));
    let _ = child.kill();
    let _ = child.wait();
    let leases: HashMap<String, String> = r["arguments"]["leases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["ip-address"].as_str().unwrap().to_string(), l["hw-address"].as_str().unwrap().to_string()))
        .collect();
    let mut lost = Vec::new();
    for (mac, a) in &all {
        let hw = mac.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":");
        if leases.get(&a.to_string()) != Some(&hw) {
            lost.push(format!("{a} for {hw} (server has {:?})", leases.get(&a.to_string())));
        }
    }
    assert!(lost.is_empty(), "{} of {} ACKed leases lost: {:?}", lost.len(), all.len(), &lost[..lost.len().min(10)]);
}
