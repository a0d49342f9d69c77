//! A real client: ISC dhclient in a network namespace, joined to the host by a veth pair, gets
//! a lease from `keakit serve` listening on the host end (interfaces-config names it), with
//! routers, domain-name-servers, domain-name and a custom string option 234 (printed by a
//! `-sf` script); renews at T1 (unicast), releases (`dhclient -r`); a client reserved by MAC gets
//! its address and hostname; a client in a class (vendor-class-identifier) gets the class's
//! option. Needs root, `ip` and dhclient (isc-dhcp-client): skipped with a note otherwise, a
//! failure under CI=true. The namespace and the veth pair are removed even when the test fails.

mod serve_support;
use serve_support::control as ctl;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn sh(cmd: &str) -> bool {
    Command::new("sh").args(["-c", cmd]).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn available() -> bool {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let missing: Vec<&str> = [("root", root), ("ip", sh("command -v ip")), ("dhclient", sh("command -v dhclient"))]
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(n, _)| n)
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(!ci, "dhclient test needs {missing:?} under CI=true (apt-get install isc-dhcp-client iproute2; run as root)");
    eprintln!("note: dhclient test skipped, missing {missing:?}");
    false
}

/// The namespace, veth pair, dhclient processes and server; all removed on drop.
struct Lab {
    ns: String,
    host_if: String,
    dir: tempfile::TempDir,
    server: Option<Child>,
}

impl Drop for Lab {
    fn drop(&mut self) {
        for pf in ["dh1.pid", "dh2.pid"] {
            if let Ok(p) = std::fs::read_to_string(self.dir.path().join(pf))
                && let Ok(pid) = p.trim().parse::<i32>()
            {
                // SAFETY: kill(2) on a dhclient this test started (its pid file).
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
        if let Some(c) = &mut self.server {
            let _ = c.kill();
            let _ = c.wait();
        }
        sh(&format!("ip netns del {}", self.ns));
        sh(&format!("ip link del {}", self.host_if));
    }
}

impl Lab {
    fn p(&self, f: &str) -> PathBuf {
        self.dir.path().join(f)
    }
    /// Runs dhclient in the namespace (bounded by `timeout`); `tag` names its lease/pid files.
    fn dhclient(&self, tag: &str, conf: &str, args: &[&str]) -> std::process::Output {
        let mut cmd = Command::new("timeout");
        cmd.args(["40", "ip", "netns", "exec", &self.ns, "dhclient"]).args(args).args([
            "-sf",
            self.p("script.sh").to_str().unwrap(),
            "-lf",
            self.p(&format!("{tag}.leases")).to_str().unwrap(),
            "-pf",
            self.p(&format!("{tag}.pid")).to_str().unwrap(),
            "-cf",
            self.p(conf).to_str().unwrap(),
            "kkc0",
        ]);
        cmd.output().unwrap()
    }
    fn events(&self) -> Vec<String> {
        std::fs::read_to_string(self.p("events")).unwrap_or_default().lines().map(str::to_string).collect()
    }
    fn wait_event(&self, reason: &str, secs: u64) -> Option<String> {
        let end = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < end {
            if let Some(e) = self.events().into_iter().find(|l| l.starts_with(&format!("reason={reason} "))) {
                return Some(e);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

fn field<'a>(event: &'a str, key: &str) -> &'a str {
    event.split('|').find_map(|kv| kv.strip_prefix(&format!("{key}="))).unwrap_or("")
}

#[test]
fn serve_dhclient_in_a_namespace() {
    if !available() {
        return;
    }
    let id = std::process::id() % 100_000;
    let lab = Lab { ns: format!("keakit-dh-{id}"), host_if: "kkh0".into(), dir: tempfile::tempdir().unwrap(), server: None };
    let mut lab = lab;
    // A previous run killed hard may have left these behind.
    sh("ip link del kkh0");
    let setup = [
        format!("ip netns add {}", lab.ns),
        "ip link add kkh0 type veth peer name kkc0".to_string(),
        format!("ip link set kkc0 netns {}", lab.ns),
        "ip addr add 198.18.77.1/24 dev kkh0".to_string(),
        "ip link set kkh0 up".to_string(),
        format!("ip netns exec {} ip link set lo up", lab.ns),
        format!("ip netns exec {} ip link set kkc0 address 02:77:00:00:00:01", lab.ns),
        format!("ip netns exec {} ip link set kkc0 up", lab.ns),
    ];
    for c in &setup {
        assert!(sh(c), "setup failed: {c}");
    }
    let d = lab.dir.path().to_path_buf();
    let conf = serde_json::json!({"Dhcp4": {
        "interfaces-config": {"interfaces": ["kkh0"]},
        "control-socket": {"socket-type": "unix", "socket-name": d.join("ctl.sock")},
        "lease-database": {"type": "memfile", "persist": true, "name": d.join("leases4.csv"), "lfc-interval": 0},
        "valid-lifetime": 60, "renew-timer": 3, "rebind-timer": 40,
        "option-def": [{"name": "site-text", "code": 234, "type": "string"}],
        "option-data": [
            {"name": "domain-name-servers", "data": "198.18.77.53, 198.18.77.54"},
            {"name": "domain-name", "data": "lab.example"},
            {"name": "site-text", "data": "hello from 234"}
        ],
        "client-classes": [{"name": "lab-class", "test": "option[60].text == 'keakit-class'",
            "option-data": [{"name": "ntp-servers", "data": "198.18.77.123"}]}],
        "subnet4": [{"id": 77, "subnet": "198.18.77.0/24", "interface": "kkh0",
            "pools": [{"pool": "198.18.77.100 - 198.18.77.199"}],
            "option-data": [{"name": "routers", "data": "198.18.77.1"}],
            "reservations": [{"hw-address": "02:77:00:00:00:aa", "ip-address": "198.18.77.50", "hostname": "reserved-host"}]}]
    }});
    std::fs::write(d.join("kea-dhcp4.conf"), conf.to_string()).unwrap();
    lab.server = Some(
        Command::new(env!("CARGO_BIN_EXE_keakit"))
            .args(["serve", "-c", d.join("kea-dhcp4.conf").to_str().unwrap()])
            .stderr(std::fs::File::create(d.join("serve.log")).unwrap())
            .spawn()
            .unwrap(),
    );
    for _ in 0..100 {
        if d.join("ctl.sock").exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(d.join("ctl.sock").exists(), "serve did not start: {}", std::fs::read_to_string(d.join("serve.log")).unwrap_or_default());
    // The -sf script records what dhclient got and configures the address (so that the renewal
    // can be sent unicast from it).
    let script = format!(
        "#!/bin/sh\n\
         echo \"reason=$reason |ip=$new_ip_address|routers=$new_routers|dns=$new_domain_name_servers|domain=$new_domain_name|site=$new_site_text|host=$new_host_name|ntp=$new_ntp_servers|old=$old_ip_address\" >> {}\n\
         case $reason in\n\
         BOUND|REBOOT|RENEW|REBIND) ip addr replace $new_ip_address/24 dev $interface ;;\n\
         RELEASE|EXPIRE|STOP|FAIL) ip addr flush dev $interface ;;\n\
         esac\n\
         exit 0\n",
        d.join("events").display()
    );
    std::fs::write(d.join("script.sh"), script).unwrap();
    sh(&format!("chmod +x {}", d.join("script.sh").display()));
    let base = "option site-text code 234 = string;\ntimeout 20;\nretry 1;\n\
                request subnet-mask, routers, domain-name-servers, domain-name, host-name, ntp-servers, site-text;\n";
    std::fs::write(d.join("dh1.conf"), base).unwrap();
    std::fs::write(d.join("dh2.conf"), format!("{base}send vendor-class-identifier \"keakit-class\";\n")).unwrap();

    // 1. A dynamic client: a lease from the pool with every option.
    let out = lab.dhclient("dh1", "dh1.conf", &["-1", "-v"]);
    let bound = lab.wait_event("BOUND", 2).unwrap_or_else(|| {
        panic!(
            "no lease: {}\n{}\nserve: {}",
            String::from_utf8_lossy(&out.stderr),
            lab.events().join("\n"),
            std::fs::read_to_string(d.join("serve.log")).unwrap_or_default()
        )
    });
    let ip = field(&bound, "ip").to_string();
    assert!(ip.starts_with("198.18.77.1") && ip.len() == "198.18.77.100".len(), "pool address: {bound}");
    assert_eq!(field(&bound, "routers"), "198.18.77.1", "{bound}");
    assert_eq!(field(&bound, "dns"), "198.18.77.53 198.18.77.54", "{bound}");
    assert_eq!(field(&bound, "domain"), "lab.example", "{bound}");
    assert_eq!(field(&bound, "site"), "hello from 234", "{bound}");
    assert_eq!(field(&bound, "ntp"), "", "not in the class: {bound}");

    // 2. Renewal at T1 (3 s): a unicast REQUEST from the client's address, ACKed.
    let renew = lab.wait_event("RENEW", 15).unwrap_or_else(|| panic!("no RENEW: {}", lab.events().join("\n")));
    assert_eq!(field(&renew, "ip"), ip, "{renew}");
    let r = ctl(&d.join("ctl.sock"), serde_json::json!({"command": "lease4-get", "arguments": {"ip-address": ip}}));
    assert_eq!(r["result"], 0, "{r}");
    assert_eq!(r["arguments"]["hw-address"], "02:77:00:00:00:01");

    // 3. Release: dhclient -r sends RELEASE, the lease is gone.
    let out = lab.dhclient("dh1", "dh1.conf", &["-r", "-v"]);
    assert!(lab.wait_event("RELEASE", 5).is_some(), "no RELEASE: {}", String::from_utf8_lossy(&out.stderr));
    let mut gone = false;
    for _ in 0..30 {
        let r = ctl(&d.join("ctl.sock"), serde_json::json!({"command": "lease4-get", "arguments": {"ip-address": ip}}));
        if r["result"] == 3 {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(gone, "lease {ip} still there after RELEASE");

    // 4. Reserved by MAC, and in a class: its address, hostname and the class's option.
    std::fs::write(d.join("events"), "").unwrap();
    assert!(sh(&format!("ip netns exec {} ip link set kkc0 address 02:77:00:00:00:aa", lab.ns)));
    let out = lab.dhclient("dh2", "dh2.conf", &["-1", "-v"]);
    let bound =
        lab.wait_event("BOUND", 2).unwrap_or_else(|| panic!("no lease for the reserved MAC: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(field(&bound, "ip"), "198.18.77.50", "{bound}");
    assert_eq!(field(&bound, "host"), "reserved-host", "{bound}");
    assert_eq!(field(&bound, "ntp"), "198.18.77.123", "class option: {bound}");
    let _ = lab.dhclient("dh2", "dh2.conf", &["-r"]);
}
