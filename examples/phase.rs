//! Phase timings and memory of `check` on one file (for performance work):
//!     cargo run --release --example phase -- FILE
//! Prints wall time, RSS, and the allocator's live/peak bytes after each phase.
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// mimalloc (as the binary uses) with live and peak byte counters.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { INNER.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { INNER.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() {
            let live = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(l.size() - new, Relaxed);
        }
        unsafe { INNER.realloc(p, l, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn mem() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss: Vec<String> = status
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    format!("{}, live {} MB, peak live {} MB", rss.join(", "), LIVE.load(Relaxed) >> 20, PEAK.load(Relaxed) >> 20)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, p] if flag == "--migrate" => migrate(p),
        [p] => check(p),
        _ => {
            eprintln!("usage: phase [--migrate] FILE");
            std::process::exit(2);
        }
    }
}

/// The phases of `keakit migrate` (dhcpd.conf → Kea JSON text and its tree → check).
fn migrate(p: &str) {
    let t = Instant::now();
    let path = std::path::Path::new(p);
    let mut sources = keakit::dhcpd::read_root(path).expect("readable file");
    eprintln!("read       {:>8.1?}  {}", t.elapsed(), mem());
    let t = Instant::now();
    let opts = keakit::migrate::Options::default();
    let prepare = keakit::migrate::simple_host::Hosts(&opts);
    let (m, d) = keakit::dhcpd::each_statement(&mut sources, &keakit::dhcpd::base_dir(path), prepare, |stmts, sources| {
        keakit::migrate::migrate_statements(stmts, sources, &opts)
    });
    eprintln!("parse+lower{:>8.1?}  {}  ({} notes, {} parse diagnostics)", t.elapsed(), mem(), m.notes.len(), d.len());
    drop(sources);
    let t = Instant::now();
    let printed = keakit::migrate::out::print_lowering(m.config, m.reservations, keakit::source::FileId(0), 1 << 26, Some(m.universe));
    eprintln!("print      {:>8.1?}  {}  ({} bytes, with the tree check reads)", t.elapsed(), mem(), printed.text.len());
    let t = Instant::now();
    let (mut doc, parse_diags, lowered) = printed.into_document("migrated");
    let (diags, _) = keakit::check::check_all_lowered(&mut doc, parse_diags, &Default::default(), lowered);
    eprintln!("check      {:>8.1?}  {}  ({} diagnostics)", t.elapsed(), mem(), diags.len());
}

fn check(p: &str) {
    let t = Instant::now();
    let (mut doc, d) = keakit::syntax::load_file(std::path::Path::new(&p)).expect("readable file");
    eprintln!("read+parse {:>8.1?}  {}  ({} parse diagnostics)", t.elapsed(), mem(), d.len());
    let t = Instant::now();
    let (diags, model) = keakit::check::check_document(&mut doc, &Default::default());
    eprintln!("check      {:>8.1?}  {}  ({} diagnostics)", t.elapsed(), mem(), diags.len());
    drop(model);
    eprintln!("model freed           {}", mem());
}
