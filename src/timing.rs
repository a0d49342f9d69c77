//! Phase timestamps for speed work: with `KEAKIT_TIMING` set in the environment, `mark`
//! prints the milliseconds since the first mark, the process's CPU time and resident memory,
//! and the phase that just ended to stderr
//! (from any thread). Unset, a mark costs one check of a value read once. Used by the
//! large-input paths (migrate, check) whose phases the benchmarks in bench/ time as a whole.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("KEAKIT_TIMING").map(|_| Instant::now()))
}

/// CPU time of the whole process so far (all threads, user and system), in milliseconds.
fn cpu_ms() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

/// Page faults of the whole process so far (the cost of memory handed back and taken again).
fn faults() -> i64 {
    // SAFETY: getrusage fills one rusage struct through a valid pointer.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    ru.ru_minflt
}

/// Resident memory now, in MB (0 where /proc is not there).
fn rss_mb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    pages * 4096 / (1 << 20)
}

/// `what` has just ended.
pub fn mark(what: &str) {
    if let Some(t0) = start() {
        eprintln!(
            "keakit timing: {:>7.1} ms  {:>7.1} ms cpu  {:>4} MB {:>7} faults  {what}",
            t0.elapsed().as_secs_f64() * 1e3,
            cpu_ms(),
            rss_mb(),
            faults()
        );
    }
}
