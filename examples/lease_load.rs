//! Time and CPU of loading a Kea lease file into serve's store (for performance work):
//!     cargo run --release --example lease_load -- FILE [THREADS-IGNORED]
//! The file is copied first (the store may rewrite it) and the copy removed after.
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn cpu() -> f64 {
    // SAFETY: getrusage fills the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn main() {
    let src = std::env::args().nth(1).expect("FILE");
    let copy = std::path::PathBuf::from(format!("{src}.load-copy"));
    std::fs::copy(&src, &copy).unwrap();
    let (t0, c0) = (Instant::now(), cpu());
    let s = keakit::serve::store::LeaseStore::open(Some(&copy), 0).unwrap();
    println!("{} leases: {:.3} s wall, {:.3} s CPU", s.len(), t0.elapsed().as_secs_f64(), cpu() - c0);
    let _ = std::fs::remove_file(&copy);
}
