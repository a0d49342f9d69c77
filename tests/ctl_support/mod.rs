//! Starting the real Kea 2.2 for the control-client tests: kea-dhcp4 with a unix control
//! socket and the lease_cmds hook, kea-ctrl-agent forwarding to it (HTTP with basic auth,
//! or HTTPS with a CA made here by the openssl CLI and `cert-required`). Everything lives
//! in a temp dir; processes are killed on drop. Missing programs skip (fail when CI=true).
#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const LEASE_CMDS: &str = "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so";

/// Whether `prog` can be run; prints the skip note (or panics in CI).
pub fn have(prog: &str) -> bool {
    let found = Command::new("sh").arg("-c").arg(format!("command -v {prog}")).stdout(Stdio::null()).status().is_ok_and(|s| s.success());
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{prog} is required in CI");
        }
        eprintln!("note: {prog} not installed: skipping");
    }
    found
}

pub fn have_kea() -> bool {
    have("kea-dhcp4") && have("kea-ctrl-agent") && {
        let ok = Path::new(LEASE_CMDS).exists();
        if !ok {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{LEASE_CMDS} is required in CI");
            }
            eprintln!("note: {LEASE_CMDS} missing: skipping");
        }
        ok
    }
}

pub struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Kea {
    pub dir: tempfile::TempDir,
    pub socket: PathBuf,
    pub procs: Vec<Proc>,
    /// Connection flags for keakit.
    pub conn: Vec<String>,
}

impl Kea {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn dhcp4_config(dir: &Path) -> String {
    let d = dir.display();
    format!(
        r#"{{
  // Started by keakit's tests.
  "Dhcp4": {{
    "interfaces-config": {{ "interfaces": [] }},
    "control-socket": {{ "socket-type": "unix", "socket-name": "{d}/k4.sock" }},
    "lease-database": {{ "type": "memfile", "name": "{d}/leases4.csv", "lfc-interval": 0 }},
    "hooks-libraries": [ {{ "library": "{LEASE_CMDS}" }} ],
    "valid-lifetime": 4000,
    "subnet4": [ {{ "id": 1, "subnet": "10.0.0.0/24", "pools": [ {{ "pool": "10.0.0.10 - 10.0.0.100" }} ] }} ],
    "loggers": [ {{ "name": "kea-dhcp4", "output_options": [ {{ "output": "{d}/kea-dhcp4.log" }} ], "severity": "INFO" }} ]
  }}
}}
"#
    )
}

fn spawn(prog: &str, config: &Path, dir: &Path) -> Proc {
    let log = std::fs::File::create(dir.join(format!("{prog}.out"))).unwrap();
    Proc(
        Command::new(prog)
            .arg("-c")
            .arg(config)
            .env("KEA_PIDFILE_DIR", dir)
            .env("KEA_LOCKFILE_DIR", dir)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {prog}: {e}")),
    )
}

fn wait_for(what: &str, dir: &Path, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        if start.elapsed() > Duration::from_secs(15) {
            let logs: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "out" || x == "log"))
                .map(|e| format!("{}:\n{}", e.path().display(), std::fs::read_to_string(e.path()).unwrap_or_default()))
                .collect();
            panic!("{what} did not come up in 15 s\n{}", logs.join("\n"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// kea-dhcp4 alone, talked to over its unix socket.
pub fn start_dhcp4() -> Kea {
    let dir = tempfile::Builder::new().prefix("kk").tempdir_in("/tmp").unwrap();
    let config = dir.path().join("kea-dhcp4.conf");
    std::fs::write(&config, dhcp4_config(dir.path())).unwrap();
    let p = spawn("kea-dhcp4", &config, dir.path());
    let socket = dir.path().join("k4.sock");
    wait_for("kea-dhcp4", dir.path(), || std::os::unix::net::UnixStream::connect(&socket).is_ok());
    let conn = vec!["--socket".into(), socket.display().to_string()];
    Kea { dir, socket, procs: vec![p], conn }
}

pub enum Agent {
    /// HTTP with basic auth (user admin, password from a file).
    Http,
    /// HTTPS with a test CA, `cert-required: true`, and basic auth.
    Https,
}

/// kea-dhcp4 behind kea-ctrl-agent.
pub fn start_with_agent(kind: Agent) -> Kea {
    let mut k = start_dhcp4();
    let d = k.dir.path().to_path_buf();
    let port = free_port();
    std::fs::write(d.join("password"), "s3cret-pw\n").unwrap();
    let tls = match kind {
        Agent::Http => String::new(),
        Agent::Https => {
            make_pki(&d);
            format!(
                r#""trust-anchor": "{0}/ca.pem", "cert-file": "{0}/server.pem", "key-file": "{0}/server.key", "cert-required": true,"#,
                d.display()
            )
        }
    };
    let config = format!(
        r#"{{ "Control-agent": {{
  "http-host": "127.0.0.1", "http-port": {port}, {tls}
  "authentication": {{ "type": "basic", "realm": "keakit-test", "clients": [ {{ "user": "admin", "password": "s3cret-pw" }} ] }},
  "control-sockets": {{ "dhcp4": {{ "socket-type": "unix", "socket-name": "{0}/k4.sock" }} }},
  "loggers": [ {{ "name": "kea-ctrl-agent", "output_options": [ {{ "output": "{0}/kea-ctrl-agent.log" }} ], "severity": "INFO" }} ]
}} }}"#,
        d.display()
    );
    let path = d.join("kea-ctrl-agent.conf");
    std::fs::write(&path, config).unwrap();
    k.procs.push(spawn("kea-ctrl-agent", &path, &d));
    wait_for("kea-ctrl-agent", &d, || TcpStream::connect(("127.0.0.1", port)).is_ok());
    let scheme = if matches!(kind, Agent::Https) { "https" } else { "http" };
    k.conn = vec![
        "--url".into(),
        format!("{scheme}://127.0.0.1:{port}/"),
        "--service".into(),
        "dhcp4".into(),
        "--user".into(),
        "admin".into(),
        "--password-file".into(),
        d.join("password").display().to_string(),
    ];
    if matches!(kind, Agent::Https) {
        for (flag, file) in [("--ca", "ca.pem"), ("--cert", "client.pem"), ("--key", "client.key")] {
            k.conn.push(flag.into());
            k.conn.push(d.join(file).display().to_string());
        }
    }
    k
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by it.
pub fn make_pki(d: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl").args(args).current_dir(d).output().expect("run openssl");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=keakit-test-ca",
    ]);
    std::fs::write(d.join("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n").unwrap();
    std::fs::write(d.join("client.ext"), "extendedKeyUsage=clientAuth\n").unwrap();
    for n in ["server", "client"] {
        run(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &format!("{n}.key"),
            "-out",
            &format!("{n}.csr"),
            "-subj",
            &format!("/CN={n}"),
        ]);
        run(&[
            "x509",
            "-req",
            "-in",
            &format!("{n}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            &format!("{n}.pem"),
            "-days",
            "2",
            "-extfile",
            &format!("{n}.ext"),
        ]);
    }
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn keakit(args: &[&str], conn: &[String]) -> Out {
    keakit_env(args, conn, &[])
}

pub fn keakit_env(args: &[&str], conn: &[String], env: &[(&str, &str)]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_keakit"))
        .args(args)
        .args(conn)
        .env("NO_COLOR", "1")
        .env("KEAKIT_CONFIG", "/nonexistent/keakit-test-config.toml")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run keakit");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
