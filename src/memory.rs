//! The allocator's memory policy (the binary's allocator is mimalloc, see `main.rs`).
//!
//! Options are set by index in mimalloc's `mi_option_e` (the v2 and v3 headers bundled by
//! libmimalloc-sys 0.1.49 agree; the crate exports no constants for these two): re-check them
//! when mimalloc is upgraded.

/// `mi_option_arena_eager_commit`.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// `mi_option_purge_delay`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Options that must be set before the allocator's first arena exists: called from an
/// `.init_array` constructor in `main.rs` with the command line, before Rust's runtime
/// allocates. `migrate` (one large structure freed while the next is built, the dhcpd AST
/// statement by statement while the output grows; judged on peak memory) gives freed pages
/// back at once instead of after mimalloc's delay (peak RSS 201 -> 141 MB on the 100,000-host
/// benchmark, before the streaming work) and commits arenas lazily (80 -> 72 MB, for about 10%
/// more time). Other commands keep mimalloc's defaults, which are faster (`check` on the 28 MB
/// benchmark: 0.09 s eager, 0.11 s lazy).
pub fn startup_options(command: Option<&[u8]>) {
    if command == Some(b"migrate") {
        // SAFETY: sets process-wide allocator options.
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
}

/// Return every free page of the calling thread's heap to the system now (after dropping a
/// large structure, before building the next one; before a thread ends).
pub fn release_free_pages() {
    // SAFETY: mimalloc's own collection of the calling thread's heap.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
