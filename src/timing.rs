//! Phase timestamps for speed work: with `KEAKIT_TIMING` set in the environment, `mark`
//! prints the milliseconds since the first mark and the phase that just ended to stderr
//! (from any thread). Unset, a mark costs one check of a value read once. Used by the
//! large-input paths (migrate, check) whose phases the benchmarks in bench/ time as a whole.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("KEAKIT_TIMING").map(|_| Instant::now()))
}

/// `what` has just ended.
pub fn mark(what: &str) {
    if let Some(t0) = start() {
        eprintln!("keakit timing: {:>7.1} ms  {what}", t0.elapsed().as_secs_f64() * 1e3);
    }
}
