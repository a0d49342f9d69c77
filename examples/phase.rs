//! Phase timings and memory of `check` on one file (for performance work):
//!     cargo run --release --example phase -- FILE
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM")).map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(", ")
}

fn main() {
    let Some(p) = std::env::args().nth(1) else {
        eprintln!("usage: phase FILE");
        std::process::exit(2);
    };
    let t = Instant::now();
    let (mut doc, d) = keakit::syntax::load_file(std::path::Path::new(&p)).expect("readable file");
    eprintln!("read+parse {:>8.1?}  {}  ({} parse diagnostics)", t.elapsed(), rss(), d.len());
    let t = Instant::now();
    let (diags, model) = keakit::check::check_document(&mut doc, &Default::default());
    eprintln!("check      {:>8.1?}  {}  ({} diagnostics)", t.elapsed(), rss(), diags.len());
    // Exit without freeing, as the CLI's work is done.
    std::mem::forget(model);
}
