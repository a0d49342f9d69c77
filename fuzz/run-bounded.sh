#!/usr/bin/env bash
# Build every fuzz target and run each for a bounded time (default 60 seconds),
# seeded with keakit's fixtures, Kea's example configs and the keama corpus (copied to a temporary
# directory at run time; nothing is committed). Exits non-zero on a crash; the crashing
# input is left in fuzz/artifacts/TARGET/. Then the dhcpd corpus goes through
# kea-differential.sh (the real Kea 2.2 and 3.0 judge every conversion), and the check corpus
# through kea-differential.sh --check (keakit check must give their verdicts).
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
seed dhcpd "${KEAKIT_CORPUS:-../../shared/corpus}/keama" '*.conf' '*.in4' '*.in6' '*.err' '*.err4' '*.err6'
# The packet decoder: a few well-formed DHCPv4 requests to mutate (from an empty corpus,
# libFuzzer rarely reaches the 240-byte fixed header and the magic cookie in a bounded run).
mkdir -p "$work/packet"
python3 - "$work/packet" <<'PY'
import sys
def pkt(msg, opts=b"", giaddr=bytes(4)):
    b = bytearray(240)
    b[0:4] = bytes([1, 1, 6, 0])
    b[4:8] = bytes([0x11, 0x22, 0x33, 0x44])
    b[24:28] = giaddr
    b[28:34] = bytes.fromhex("020000000001")
    b[236:240] = bytes([99, 130, 83, 99])
    return bytes(b) + bytes([53, 1, msg]) + opts + b"\xff"
relay = bytes([127, 0, 0, 2])
rai = bytes([82, 14, 1, 4]) + b"port" + bytes([2, 6]) + b"remote"
seeds = {
    "discover": pkt(1, bytes([55, 4, 1, 3, 6, 15, 61, 7, 1, 2, 0, 0, 0, 0, 1])),
    "request": pkt(3, bytes([50, 4, 10, 0, 0, 10, 54, 4, 127, 0, 0, 1, 57, 2, 5, 220, 51, 4, 0, 0, 14, 16])),
    "relayed": pkt(1, rai + bytes([60, 9]) + b"PXEClient", relay),
    "inform": pkt(8, bytes([12, 4]) + b"host"),
    "overload": pkt(1, bytes([52, 1, 3])),
}
for name, data in seeds.items():
    open(f"{sys.argv[1]}/{name}", "wb").write(data)
PY

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

# What the `dhcpd` run collected (seeds and new inputs): every file keakit converts must pass
# the real Kea's own check, 2.2 and 3.0 (the fuzz target can only ask keakit's check).
(cd .. && cargo build --release --locked --quiet)
echo "== Kea differential on the dhcpd corpus ($(ls -A "$work/dhcpd" | wc -l) files)"
./kea-differential.sh "$work/dhcpd" ../target/release/keakit
# What the `check` run collected: keakit check gives the real Kea's verdict, 2.2 and 3.0.
echo "== Kea differential on the check corpus ($(ls -A "$work/check" | wc -l) files)"
./kea-differential.sh --check "$work/check" ../target/release/keakit
