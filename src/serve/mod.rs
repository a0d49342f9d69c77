//! `keakit serve`: a DHCPv4 server that reads Kea's Dhcp4 config, writes Kea's lease file and
//! answers Kea's control commands.
//!
//! - `packet`: wire format (borrowed view, reply writer);
//! - `config`: the model compiled into runtime tables;
//! - `classify`: built-in and configured classes per packet (through `crate::expr`);
//! - `engine`: the exchange (selection, allocation, reply);
//! - `store`: leases in memory + Kea's CSV journal;
//! - `net`: sockets (IP_PKTINFO, SO_BINDTODEVICE);
//! - `control`: the control socket (Kea's commands, `crate::ctl` types);
//! - `stats`, `log`: Kea's statistic names and message ids.
//!
//! Threads: per socket, one blocking worker per core (at most 4), each taking batches of
//! packets with `recvmmsg` and answering with `sendmmsg` (a DHCP exchange is a few microseconds
//! of work, the system calls are most of the cost; an async runtime would add cost and no
//! concurrency), one control-socket thread, one
//! housekeeping thread (reclamation, LFC). State is one mutex: runtime tables + lease store.

pub mod classify;
pub mod config;
pub mod control;
pub mod engine;
pub mod http;
pub mod log;
pub mod metrics;
pub mod net;
pub mod packet;
pub mod stats;
pub mod store;

use crate::leases::LeaseState;
use config::Runtime;
use engine::{Ctx, Dest, Meta, Worker};
use packet::Packet4;
use stats::{Counter, LeaseEvent, Stats};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use store::LeaseStore;

pub struct Options {
    pub config: PathBuf,
    pub port: u16,
    pub lease_file: Option<PathBuf>,
}

pub struct State {
    pub rt: Arc<Runtime>,
    pub leases: LeaseStore,
    /// The `Dhcp4` config in force, as JSON (config-get, config-write).
    pub config: serde_json::Value,
}

pub struct Shared {
    pub state: Mutex<State>,
    pub stats: Stats,
    pub shutdown: AtomicBool,
    pub disabled: AtomicBool,
    pub started: std::time::Instant,
    /// When the config in force was loaded (unix seconds; status-get's `reload`).
    pub reloaded: AtomicU64,
    pub opts: Options,
}

impl Shared {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Reads, checks and compiles a config file: the Dhcp4 JSON and its runtime tables.
pub fn load_config_file(path: &std::path::Path) -> Result<(serde_json::Value, Runtime), String> {
    let (doc, diags) = crate::syntax::load::load_file(path).map_err(|e| e.to_string())?;
    compile_document(doc, diags)
}

/// A config given as text (config-set, config-test).
pub fn load_config_text(text: &str) -> Result<(serde_json::Value, Runtime), String> {
    let (doc, diags) = crate::syntax::load::load_str("<config-set>", text);
    compile_document(doc, diags)
}

fn compile_document(mut doc: crate::syntax::Document, diags: Vec<crate::diag::Diagnostic>) -> Result<(serde_json::Value, Runtime), String> {
    use crate::daemon::Daemon;
    use crate::version::KeaVersion;
    // Checked as Kea 2.2 reads it (the verdicts verified against kea-dhcp4 2.2), unless its keys
    // are ones 2.2 does not know and Kea 3.0 does (`control-sockets`, `allocator`, ...): then
    // as 3.0 reads it (a config mixing both, which no Kea takes, fails either way). The keys
    // decide, by the schema alone (it only reads the tree; the full check takes the tree into
    // the model).
    let schema_errors = |root: &crate::syntax::cst::Node, version| {
        let mut found = Vec::new();
        crate::schema::validate(root, version, Some(Daemon::Dhcp4), &mut found);
        found.iter().any(crate::diag::Diagnostic::is_error)
    };
    let version = match &doc.root {
        Some(root) if schema_errors(root, KeaVersion::V2_2) && !schema_errors(root, KeaVersion::V3_0) => KeaVersion::V3_0,
        _ => KeaVersion::V2_2,
    };
    let opts = crate::check::CheckOptions { daemon: Some(Daemon::Dhcp4), version, own_server: true };
    let (found, model) = crate::check::check_all_with_model(&mut doc, diags, &opts);
    if let Some(d) = found.iter().find(|d| d.is_error()) {
        return Err(format!("configuration error: {}", d.message));
    }
    let model = model.ok_or("configuration has no content")?;
    let dhcp = model.dhcp4.as_ref().ok_or("configuration has no Dhcp4 map")?;
    let rt = config::compile(dhcp)?;
    let json = crate::model::Emit::emit(dhcp);
    Ok((json, rt))
}

fn lease_path(opts: &Options, rt: &Runtime) -> Option<PathBuf> {
    if !rt.lease_db.persist {
        return None;
    }
    opts.lease_file
        .clone()
        .or_else(|| rt.lease_db.name.clone().map(PathBuf::from))
        .or_else(|| Some(PathBuf::from("/var/lib/kea/kea-leases4.csv")))
}

/// Runs the server until `shutdown` (control command or SIGTERM/SIGINT). Returns an exit code.
pub fn run(opts: Options) -> Result<(), String> {
    let (json, rt) = load_config_file(&opts.config)?;
    if let Some(l) = rt.loggers.first() {
        log::configure(&l.severity, &l.output);
    }
    let t0 = std::time::Instant::now();
    let leases = LeaseStore::open(lease_path(&opts, &rt).as_deref(), rt.lease_db.max_row_errors)?;
    log::info("DHCPSRV_MEMFILE_LEASE_FILE_LOAD", || format!("loaded {} leases in {:?}", leases.len(), t0.elapsed()));
    let listeners = net::listen(&rt.interfaces, opts.port)?;
    let control_listeners = control::listeners(&json)?;
    let shared = Arc::new(Shared {
        state: Mutex::new(State { rt: Arc::new(rt), leases, config: json }),
        stats: Stats::default(),
        shutdown: AtomicBool::new(false),
        disabled: AtomicBool::new(false),
        started: std::time::Instant::now(),
        reloaded: AtomicU64::new(now()),
        opts,
    });
    for l in control_listeners {
        match l {
            control::Listener::Unix(path) => control::spawn(shared.clone(), path)?,
            control::Listener::Http(cfg) => http::spawn(shared.clone(), cfg)?,
        }
    }
    signals(shared.clone());
    let hk = shared.clone();
    std::thread::spawn(move || housekeeping(hk));
    log::info("DHCP4_STARTED", || format!("Kea-compatible DHCPv4 server (keakit {}) started", env!("CARGO_PKG_VERSION")));
    let mut handles = Vec::new();
    for l in listeners {
        for _ in 0..workers_per_socket() {
            let sh = shared.clone();
            let sock = l.sock.try_clone().map_err(|e| format!("cannot share a socket between workers: {e}"))?;
            let iface = l.iface.clone();
            handles.push(std::thread::spawn(move || serve_socket(sh, sock, iface)));
        }
    }
    while !shared.shutdown.load(Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    log::info("DHCP4_SHUTDOWN", || "server shutdown".into());
    Ok(())
}

fn signals(shared: Arc<Shared>) {
    // A signal only sets a flag (async-signal-safe); the main loop sees it.
    static FLAG: AtomicBool = AtomicBool::new(false);
    extern "C" fn on_signal(_: libc::c_int) {
        FLAG.store(true, Ordering::Relaxed);
    }
    // SAFETY: installing a handler that only stores to an atomic.
    unsafe {
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
    }
    std::thread::spawn(move || {
        loop {
            if FLAG.load(Ordering::Relaxed) {
                shared.shutdown.store(true, Ordering::Relaxed);
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    });
}

/// Expired-lease reclamation (state → expired-reclaimed, as Kea's `expired-leases-processing`)
/// and LFC compaction at `lfc-interval`.
fn housekeeping(sh: Arc<Shared>) {
    let mut last_reclaim = std::time::Instant::now();
    let mut last_lfc = std::time::Instant::now();
    while !sh.shutdown.load(Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(250));
        let mut st = sh.lock();
        let rt = st.rt.clone();
        if rt.reclaim_timer > 0 && last_reclaim.elapsed().as_secs() >= rt.reclaim_timer {
            last_reclaim = std::time::Instant::now();
            reclaim(&mut st.leases, now(), rt.hold_reclaimed_time, &sh.stats);
        }
        if rt.lease_db.lfc_interval > 0 && last_lfc.elapsed().as_secs() >= rt.lease_db.lfc_interval {
            last_lfc = std::time::Instant::now();
            if let Err(e) = st.leases.compact() {
                log::error("DHCPSRV_MEMFILE_LFC_EXECUTE", || format!("lease file compaction failed: {e}"));
            }
        }
    }
}

/// Kea's reclamation: expired leases become expired-reclaimed (kept for affinity), and those
/// reclaimed longer than `hold` ago are removed; declined leases return to the pool.
/// Counted as Kea does: `reclaimed-leases` for each, `reclaimed-declined-addresses` too for a
/// declined one (per subnet and in total).
pub fn reclaim(leases: &mut LeaseStore, now: u64, hold: u64, stats: &Stats) {
    let expired: Vec<_> = leases.iter().filter(|l| l.expire <= now).cloned().collect();
    for mut l in expired {
        let Some(a) = l.address else { continue };
        let sid = l.subnet_id;
        if l.state == LeaseState::Default {
            l.state = LeaseState::ExpiredReclaimed;
            if leases.commit(l).is_ok() {
                stats.lease_event(sid, LeaseEvent::Reclaimed);
            }
        } else if l.expire + hold <= now || l.state == LeaseState::Declined {
            let declined = l.state == LeaseState::Declined;
            if leases.delete(a, now).is_ok() && declined {
                stats.lease_event(sid, LeaseEvent::Reclaimed);
                stats.lease_event(sid, LeaseEvent::ReclaimedDeclined);
            }
        }
    }
}

/// Packet workers per socket: the machine's cores, at most 4 (past that the state lock is the
/// limit, not the system calls each worker overlaps with the others' work).
fn workers_per_socket() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 4)
}

/// One packet worker: `recvmmsg` a batch, handle it under one lock (leases of the batch
/// buffered, written with one `write` before the lock is released), then `sendmmsg` the
/// replies. A lease is on disk before its ACK leaves; a batch whose write fails sends nothing.
fn serve_socket(sh: Arc<Shared>, sock: socket2::Socket, listen_iface: String) {
    let mut rb = net::RecvBatch::default();
    let mut sb = net::SendBatch::default();
    let mut w = Worker::default();
    let mut names: Vec<(u32, String)> = Vec::new();
    let server_port = sh.opts.port;
    let client_port = if server_port == 67 { 68 } else { server_port.wrapping_add(1) };
    let _ = sock.set_read_timeout(Some(std::time::Duration::from_millis(200)));
    while !sh.shutdown.load(Ordering::Relaxed) {
        let n = match rb.recv(&sock) {
            Ok(n) => n,
            Err(_) => continue,
        };
        sh.stats.add(Counter::Received, n as u64);
        if sh.disabled.load(Ordering::Relaxed) {
            sh.stats.add(Counter::ReceiveDrop, n as u64);
            continue;
        }
        // Decode the batch before taking the state lock: garbage is counted and dropped
        // without touching the lock, so a flood of it costs the well-formed clients little.
        let pkts: [Option<Packet4>; net::BATCH] = std::array::from_fn(|i| if i < n { accept(&sh.stats, rb.packet(i)) } else { None });
        if pkts.iter().all(Option::is_none) {
            continue;
        }
        for info in &rb.infos {
            if listen_iface.is_empty() && !names.iter().any(|(i, _)| *i == info.ifindex) && names.len() < 64 {
                names.push((info.ifindex, net::ifname(info.ifindex)));
            }
        }
        sb.clear();
        {
            let mut st = sh.lock();
            let st = &mut *st;
            st.leases.batch = true;
            for (info, pkt) in rb.infos.iter().zip(&pkts) {
                let Some(pkt) = pkt else { continue };
                let iface: &str = if !listen_iface.is_empty() {
                    &listen_iface
                } else {
                    names.iter().find(|(i, _)| *i == info.ifindex).map(|(_, n)| n.as_str()).unwrap_or("")
                };
                let meta = Meta { iface, local: info.local, src: *info.src.ip(), dst: info.dst, now: now() };
                let mut cx = Ctx { rt: &st.rt, leases: &mut st.leases, stats: &sh.stats };
                let to = match engine::handle(&mut cx, &mut w, pkt, &meta) {
                    None => continue,
                    Some(Dest::Relay(a)) => SocketAddrV4::new(a, server_port),
                    Some(Dest::Client(a)) => SocketAddrV4::new(a, client_port),
                    Some(Dest::Broadcast) => SocketAddrV4::new(Ipv4Addr::BROADCAST, client_port),
                };
                sb.push(&w.out, to, info.ifindex);
            }
            if let Err(e) = st.leases.flush() {
                log::error("DHCPSRV_MEMFILE_LEASE_WRITE_FAIL", || format!("cannot write {} leases: {e}", sb.len()));
                for _ in 0..sb.len() {
                    sh.stats.inc(Counter::ReceiveDrop);
                }
                sb.clear();
            }
        }
        for _ in 0..sb.send(&sock) {
            sh.stats.inc(Counter::Sent);
        }
    }
}

/// Decodes one received packet, or counts why it is dropped as Kea does: undecodable
/// (truncated, oversized, wrong op code, bad cookie or option lengths) →
/// `pkt4-parse-failed`; no or an unknown message type → `pkt4-unknown-received`; a server's
/// message (OFFER, ACK, NAK) → `pkt4-offer-received` etc.; each also `pkt4-receive-drop`.
fn accept<'a>(stats: &Stats, buf: &'a [u8]) -> Option<Packet4<'a>> {
    use packet::{MsgType, ParseError};
    let why = match Packet4::parse(buf) {
        Ok(p) => match p.msg_type {
            MsgType::Offer => Counter::OfferReceived,
            MsgType::Ack => Counter::AckReceived,
            MsgType::Nak => Counter::NakReceived,
            _ => return Some(p),
        },
        Err(ParseError::NoMessageType) => Counter::UnknownReceived,
        Err(_) => Counter::ParseFailed,
    };
    stats.inc(why);
    stats.inc(Counter::ReceiveDrop);
    None
}
