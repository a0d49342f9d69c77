#!/usr/bin/env bash
# Build every fuzz target and run each for a bounded time (default 60 seconds),
# seeded with keakit's fixtures, Kea's example configs and the keama corpus (copied to a temporary
# directory at run time; nothing is committed). Exits non-zero on a crash; the crashing
# input is left in fuzz/artifacts/TARGET/.
#
#   fuzz/run-bounded.sh [SECONDS]
#
# Needs cargo-fuzz (installed from crates.io if missing) and libFuzzer's nightly-only
# rustc flags, which RUSTC_BOOTSTRAP=1 enables on a stable toolchain.
set -euo pipefail
seconds="${1:-60}"
cd "$(dirname "$0")"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# seed TARGET DIR PATTERN...: copy matching files of DIR into TARGET's temporary corpus.
seed() {
    local target="$1" dir="$2"
    shift 2
    mkdir -p "$work/$target"
    [ -d "$dir" ] || return 0
    local names=()
    for p in "$@"; do names+=(-o -name "$p"); done
    find "$dir" -type f \( "${names[@]:1}" \) -print0 |
        while IFS= read -r -d '' f; do
            cp "$f" "$work/$target/$(echo "$f" | tr '/' '_')"
        done
}
seed check ../fixtures '*.json' '*.conf'
seed check /usr/share/doc/kea/examples '*.json'
seed dhcpd ../fixtures/migrate '*.conf' '*.leases'
seed dhcpd ../../shared/corpus/keama '*.conf' '*.in4' '*.in6' '*.err' '*.err4' '*.err6'
seed packet /nonexistent

# -a: debug assertions (integer overflow, slice bounds) on, as in the tests.
cargo fuzz build -a
for target in $(cargo fuzz list); do
    mkdir -p "$work/$target"
    echo "== fuzz $target: $(ls -A "$work/$target" | wc -l) seed files, $seconds s"
    # One worker: the machine is shared. -timeout catches hangs, -rss_limit_mb blow-ups.
    # A fixed seed and run count make the run reproducible (a slower machine stops earlier on
    # the same sequence); FUZZ_SEED=0 explores from a random seed instead.
    cargo fuzz run -a "$target" "$work/$target" -- \
        -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-20000}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
done
