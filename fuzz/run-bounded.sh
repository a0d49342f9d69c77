#!/usr/bin/env bash
# Build the `check` fuzz target and run it for a bounded time (default 60 seconds),
# seeded with keakit's fixtures and Kea's example configs (copied to a temporary
# directory at run time; nothing is committed). Exits non-zero on a crash; the crashing
# input is left in fuzz/artifacts/check/.
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

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
seed() {
    local dir="$1" prefix="$2"
    [ -d "$dir" ] || return 0
    find "$dir" -type f \( -name '*.json' -o -name '*.conf' \) -print0 |
        while IFS= read -r -d '' f; do
            cp "$f" "$corpus/$prefix-$(echo "$f" | tr '/' '_')"
        done
}
seed ../fixtures fixtures
seed /usr/share/doc/kea/examples kea
echo "seed corpus: $(ls "$corpus" | wc -l) files"

# -a: debug assertions (integer overflow, slice bounds) on, as in the tests.
cargo fuzz build -a check
# One worker: the machine is shared. -timeout catches hangs, -rss_limit_mb blow-ups.
cargo fuzz run -a check "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
