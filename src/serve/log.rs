//! Logging with Kea's message ids (DHCP4_LEASE_ALLOC, DHCP4_PACKET_RECEIVED …), so that
//! operators' greps keep working. The severity threshold comes from the `kea-dhcp4` logger
//! of the config (Kea's default: INFO); output goes to stdout, stderr or a file.

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

/// Applies a logger's severity and output (`stdout`, `stderr`, `syslog…` as stderr, or a file).
pub fn configure(severity: &str, output: &str) {
    LEVEL.store(level_of(severity), Ordering::Relaxed);
    let mut f = FILE.lock().unwrap_or_else(|e| e.into_inner());
    *f = None;
    TO_STDERR.store(0, Ordering::Relaxed);
    match output {
        "stdout" => {}
        "stderr" => TO_STDERR.store(1, Ordering::Relaxed),
        o if o.starts_with("syslog") => TO_STDERR.store(1, Ordering::Relaxed),
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
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let line = format!("{}.{:03} {sev:<5} [kea-dhcp4.keakit/{}] {id} {msg}\n", now.as_secs(), now.subsec_millis(), std::process::id());
    let mut f = FILE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(f) = f.as_mut() {
        let _ = f.write_all(line.as_bytes());
    } else if TO_STDERR.load(Ordering::Relaxed) == 1 {
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
