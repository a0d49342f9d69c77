fn main() {
    std::process::exit(keakit::cli::main());
}

// mimalloc: the parser and model make millions of small allocations on large configs;
// measured faster than glibc malloc on the 100,000-reservation benchmark.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs before `main` and before Rust's runtime allocates (see `keakit::memory`); glibc
/// passes the command line to `.init_array` functions.
#[used]
#[unsafe(link_section = ".init_array")]
static ALLOCATOR_OPTIONS: extern "C" fn(libc::c_int, *const *const libc::c_char) = {
    extern "C" fn set(argc: libc::c_int, argv: *const *const libc::c_char) {
        let command = if argc > 1 && !argv.is_null() {
            // SAFETY: glibc gives argc valid NUL-terminated strings; read without allocating.
            let arg = unsafe { *argv.add(1) };
            (!arg.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(arg) }.to_bytes())
        } else {
            None
        };
        keakit::memory::startup_options(command);
    }
    set
};
