//! keakit serve's reservations by `duid` (RFC 4361 client-id) and `flex-id` (the flex_id hook's
//! identifier-expression, which serve evaluates itself), and option overload, end to end on
//! loopback (fixtures/serve/features.json) with a relay client on 127.0.0.2. Kea 2.2 from Debian
//! has no flex_id hook, so these run against serve only; duid and overload are also compared with
//! kea-dhcp4 in tests/serve_vs_kea.rs.

mod serve_support;
use serve_support::{relayed_request, reply_option as opt};
use std::net::UdpSocket;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The server process and the directory holding its config and lease file (removed on drop).
struct Server(Child, #[allow(dead_code)] tempfile::TempDir);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn config(dir: &Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let text = std::fs::read_to_string("fixtures/serve/features.json").unwrap();
    let text =
        text.replace("@SOCK@", dir.join("ctl.sock").to_str().unwrap()).replace("@LEASES@", dir.join("leases4.csv").to_str().unwrap());
    let p = dir.join("kea-dhcp4.conf");
    std::fs::write(&p, edit(text)).unwrap();
    p
}

fn start(port: u16) -> Server {
    start_with(port, |t| t)
}

fn start_with(port: u16, edit: impl Fn(String) -> String) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), edit);
    let child =
        Command::new(env!("CARGO_BIN_EXE_keakit")).args(["serve", "-c", cfg.to_str().unwrap(), "-p", &port.to_string()]).spawn().unwrap();
    for _ in 0..100 {
        if dir.path().join("ctl.sock").exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Server(child, dir)
}

fn packet(msg: u8, mac: u8, opts: &[(u8, &[u8])]) -> Vec<u8> {
    relayed_request(msg, [mac, 7, 7, 7], [2, 0, 0, 0, 1, mac], std::net::Ipv4Addr::UNSPECIFIED, opts)
}

struct Relay(UdpSocket, u16);
impl Relay {
    fn new(port: u16) -> Relay {
        let s = UdpSocket::bind(("127.0.0.2", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(1500))).unwrap();
        Relay(s, port)
    }
    fn ask(&self, p: &[u8]) -> Vec<u8> {
        self.0.send_to(p, ("127.0.0.1", self.1)).unwrap();
        let mut buf = [0u8; 2000];
        let (n, _) = self.0.recv_from(&mut buf).expect("a reply");
        buf[..n].to_vec()
    }
}

fn rai(circuit: &[u8], remote: &[u8]) -> Vec<u8> {
    let mut v = vec![1, circuit.len() as u8];
    v.extend_from_slice(circuit);
    v.push(2);
    v.push(remote.len() as u8);
    v.extend_from_slice(remote);
    v
}

#[test]
fn serve_duid_and_flex_id_reservations() {
    let _srv = start(10567);
    let relay = Relay::new(10567);
    let duid = [0u8, 3, 0, 1, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];
    let cid = |ty: u8| [&[ty, 0, 0, 0, 9][..], &duid].concat();

    // RFC 4361 client-id: type 255, IAID, DUID -> the duid reservation.
    let offer = relay.ask(&packet(1, 1, &[(61, &cid(255))]));
    assert_eq!(&offer[16..20], &[10, 0, 0, 3]);
    assert_eq!(opt(&offer, 12), Some(b"duid-host".to_vec()));
    // The same bytes behind another type, or a too-short type-255 id: no match.
    let offer = relay.ask(&packet(1, 2, &[(61, &cid(1))]));
    assert_ne!(&offer[16..20], &[10, 0, 0, 3]);
    let offer = relay.ask(&packet(1, 3, &[(61, &[255, 0, 0, 0, 9])]));
    assert_ne!(&offer[16..20], &[10, 0, 0, 3]);

    // flex-id: the identifier-expression (relay4[2].hex: the remote-id) names the reservation.
    let offer = relay.ask(&packet(1, 4, &[(82, &rai(b"port-1", b"remote-7"))]));
    assert_eq!(&offer[16..20], &[10, 0, 0, 4], "flex-id reservation");
    assert_eq!(opt(&offer, 12), Some(b"flex-host".to_vec()));
    let offer = relay.ask(&packet(1, 5, &[(82, &rai(b"port-1", b"remote-8"))]));
    assert_ne!(&offer[16..20], &[10, 0, 0, 4]);
    // No relay information: the expression is empty, no flex-id lookup.
    let offer = relay.ask(&packet(1, 6, &[]));
    assert_ne!(&offer[16..20], &[10, 0, 0, 4]);
}

#[test]
fn serve_overloads_options_into_file_and_sname() {
    let _srv = start(10667);
    let relay = Relay::new(10667);
    let prl: &[u8] = &[1, 3, 6, 15, 240, 241, 242];
    let (a, b, c) = (vec![b'a'; 240], vec![b'b'; 100], vec![b'c'; 40]);

    // No option 57: at most 548 bytes, so options go to `file` and `sname` (option 52 = 3).
    let offer = relay.ask(&packet(1, 10, &[(60, b"big"), (55, prl)]));
    assert!(offer.len() <= 548, "{} bytes", offer.len());
    assert_eq!(opt(&offer, 52), Some(vec![3]));
    assert_eq!((opt(&offer, 240), opt(&offer, 241), opt(&offer, 242)), (Some(a), Some(b.clone()), Some(c)));
    assert_eq!(opt(&offer, 53), Some(vec![2]), "message type still read first");

    // A client that takes 1500 bytes gets everything in the options field.
    let offer = relay.ask(&packet(1, 11, &[(60, b"big"), (55, prl), (57, &1500u16.to_be_bytes())]));
    assert_eq!(opt(&offer, 52), None);
    assert!(offer.len() > 548);
    assert_eq!(opt(&offer, 241), Some(b));

    // `file` carries a boot file name: only `sname` takes options (option 52 = 2).
    let offer = relay.ask(&packet(1, 12, &[(60, b"big-boot"), (55, prl)]));
    assert!(offer.len() <= 548, "{} bytes", offer.len());
    assert_eq!(&offer[108..117], b"boot.bin\0");
    assert_eq!(opt(&offer, 52), Some(vec![2]));
    assert_eq!((opt(&offer, 240), opt(&offer, 241), opt(&offer, 242)), (Some(vec![b'a'; 250]), Some(vec![b'b'; 50]), None));
}

#[test]
fn serve_refuses_flex_id_replace_client_id() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), |t| {
        t.replace(r#""identifier-expression": "relay4[2].hex""#, r#""identifier-expression": "relay4[2].hex", "replace-client-id": true"#)
    });
    let out = Command::new("timeout")
        .args(["10", env!("CARGO_BIN_EXE_keakit"), "serve", "-c", cfg.to_str().unwrap(), "-p", "10767"])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("replace-client-id"), "{err}");
}

/// `allocator` (Kea 2.4+, so the config is read as Kea 3.0 reads it; 2.2 rejects the key):
/// "iterative" offers the pool in order, "random" does not, and never offers a leased or
/// reserved address.
#[test]
fn serve_allocator_iterative_and_random() {
    let offers = |port: u16, allocator: &str| -> Vec<u8> {
        let _srv = start_with(port, |t| {
            t.replace(r#""valid-lifetime": 4000,"#, &format!(r#""valid-lifetime": 4000, "allocator": "{allocator}","#))
        });
        let relay = Relay::new(port);
        // REQUEST each offered address, so that the next DISCOVER cannot be offered it again.
        (20..60u8)
            .map(|mac| {
                let offer = relay.ask(&packet(1, mac, &[]));
                assert_eq!(opt(&offer, 53), Some(vec![2]), "an OFFER");
                let ack = relay.ask(&packet(3, mac, &[(50, &offer[16..20]), (54, &[127, 0, 0, 1])]));
                assert_eq!(opt(&ack, 53), Some(vec![5]), "an ACK");
                offer[19]
            })
            .collect()
    };
    let iterative = offers(10867, "iterative");
    assert_eq!(iterative, (10..50).collect::<Vec<u8>>(), "iterative: the pool in order");
    let random = offers(10967, "random");
    let mut sorted = random.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), random.len(), "random: no address offered twice");
    assert!(random.iter().all(|a| (10..=250).contains(a) && *a != 3 && *a != 4), "random: inside the pool, not reserved: {random:?}");
    assert_ne!(random, iterative, "random: not in pool order");
}

/// A `syslog:FACILITY` logger output reaches syslog (`/dev/log`) with the facility and Kea's
/// severity. The test listens on /dev/log itself, so it runs only where no syslog daemon does
/// (as in CI); elsewhere it says so and stops.
#[test]
fn serve_logs_to_syslog() {
    use std::os::unix::net::UnixDatagram;
    if Path::new("/dev/log").exists() {
        eprintln!("note: /dev/log exists (a syslog daemon runs here): not intercepted, test skipped");
        return;
    }
    struct Remove;
    impl Drop for Remove {
        fn drop(&mut self) {
            let _ = std::fs::remove_file("/dev/log");
        }
    }
    let log = UnixDatagram::bind("/dev/log").unwrap();
    let _remove = Remove;
    log.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _srv = start_with(11067, |t| {
        t.replace(
            r#""severity": "ERROR", "output_options": [ { "output": "stderr" } ]"#,
            r#""severity": "INFO", "output_options": [ { "output": "syslog:local3" } ]"#,
        )
    });
    let mut buf = [0u8; 4096];
    let mut seen = Vec::new();
    while let Ok(n) = log.recv(&mut buf) {
        let line = String::from_utf8_lossy(&buf[..n]).into_owned();
        let started = line.contains("DHCP4_STARTED");
        seen.push(line);
        if started {
            break;
        }
    }
    let started = seen.iter().find(|l| l.contains("DHCP4_STARTED")).unwrap_or_else(|| panic!("no DHCP4_STARTED in {seen:?}"));
    // <PRI> = facility local3 (19) * 8 + severity info (6).
    assert!(started.starts_with("<158>"), "{started}");
    assert!(started.contains("kea-dhcp4[") && started.contains("INFO DHCP4_STARTED"), "{started}");
}
