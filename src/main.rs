fn main() {
    std::process::exit(keakit::cli::main());
}

// mimalloc: the parser and model make millions of small allocations on large configs;
// measured faster than glibc malloc on the 100,000-reservation benchmark.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs before `main` and before Rust's runtime allocates (see `keakit::memory`).
#[used]
#[unsafe(link_section = ".init_array")]
static ALLOCATOR_OPTIONS: extern "C" fn() = {
    extern "C" fn set() {
        keakit::memory::startup_options();
    }
    set
};
