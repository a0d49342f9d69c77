//! Logging with Kea's message ids (DHCP4_LEASE_ALLOC, DHCP4_PACKET_RECEIVED …), so that
//! operators' greps keep working. The severity threshold comes from the `kea-dhcp4` logger
//! of the config (Kea's default: INFO); output goes to stdout, stderr, syslog (`syslog` or
//! `syslog:FACILITY`, as Kea writes it) or a file.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

static LEVEL: AtomicU8 = AtomicU8::new(1);
static FILE: Mutex<Option<std::fs::File>> = Mutex::new(None);
static TO_STDERR: AtomicU8 = AtomicU8::new(0);

/// 0 DEBUG, 1 INFO… Kea's order; `NONE` silences.
fn level_of(s: &str) -> u8 {
    match s.to_ascii_uppercase().as_str() {
        "DEBUG" => 0,
        "INFO" => 1,
        "WARN" => 2,
        "ERROR" => 3,
        "FATAL" => 4,
        _ => 5,
    }
}

/// `TO_STDERR` values: where lines go when no file is open.
const STDOUT: u8 = 0;
const STDERR: u8 = 1;
const SYSLOG: u8 = 2;

/// Applies a logger's severity and output (`stdout`, `stderr`, `syslog[:FACILITY]`, or a file).
pub fn configure(severity: &str, output: &str) {
    LEVEL.store(level_of(severity), Ordering::Relaxed);
    let mut f = FILE.lock().unwrap_or_else(|e| e.into_inner());
    *f = None;
    TO_STDERR.store(STDOUT, Ordering::Relaxed);
    match output {
        "stdout" => {}
        "stderr" => TO_STDERR.store(STDERR, Ordering::Relaxed),
        o if o == "syslog" || o.starts_with("syslog:") => {
            let facility = match o.strip_prefix("syslog:").unwrap_or("") {
                "local0" => libc::LOG_LOCAL0,
                "local1" => libc::LOG_LOCAL1,
                "local2" => libc::LOG_LOCAL2,
                "local3" => libc::LOG_LOCAL3,
                "local4" => libc::LOG_LOCAL4,
                "local5" => libc::LOG_LOCAL5,
                "local6" => libc::LOG_LOCAL6,
                "local7" => libc::LOG_LOCAL7,
                "user" => libc::LOG_USER,
                _ => libc::LOG_DAEMON,
            };
            // SAFETY: the ident is a static C string; openlog keeps the pointer.
            unsafe { libc::openlog(c"kea-dhcp4".as_ptr(), libc::LOG_PID, facility) };
            TO_STDERR.store(SYSLOG, Ordering::Relaxed);
        }
        path => *f = std::fs::OpenOptions::new().create(true).append(true).open(path).ok(),
    }
}

pub fn enabled(level: u8) -> bool {
    level >= LEVEL.load(Ordering::Relaxed)
}

fn emit(level: u8, sev: &str, id: &str, msg: &str) {
    if !enabled(level) {
        return;
    }
    if TO_STDERR.load(Ordering::Relaxed) == SYSLOG {
        let prio = [libc::LOG_DEBUG, libc::LOG_INFO, libc::LOG_WARNING, libc::LOG_ERR, libc::LOG_CRIT][usize::from(level.min(4))];
        // syslog adds the time, host and pid; a NUL inside the message would cut it short.
        if let Ok(text) = std::ffi::CString::new(format!("{sev} {id} {msg}").replace('\0', " ")) {
            // SAFETY: a "%s" format with one valid C string.
            unsafe { libc::syslog(prio, c"%s".as_ptr(), text.as_ptr()) };
        }
        return;
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let line = format!("{}.{:03} {sev:<5} [kea-dhcp4.keakit/{}] {id} {msg}\n", now.as_secs(), now.subsec_millis(), std::process::id());
    let mut f = FILE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(f) = f.as_mut() {
        let _ = f.write_all(line.as_bytes());
    } else if TO_STDERR.load(Ordering::Relaxed) == STDERR {
        let _ = std::io::stderr().write_all(line.as_bytes());
    } else {
        let _ = std::io::stdout().write_all(line.as_bytes());
    }
}

// The message is built only when it will be written (the packet path logs per lease).
pub fn debug(id: &str, msg: impl FnOnce() -> String) {
    if enabled(0) {
        emit(0, "DEBUG", id, &msg())
    }
}
pub fn info(id: &str, msg: impl FnOnce() -> String) {
    if enabled(1) {
        emit(1, "INFO", id, &msg())
    }
}
pub fn warn(id: &str, msg: impl FnOnce() -> String) {
    if enabled(2) {
        emit(2, "WARN", id, &msg())
    }
}
pub fn error(id: &str, msg: impl FnOnce() -> String) {
    emit(3, "ERROR", id, &msg())
}
