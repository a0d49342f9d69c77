#!/usr/bin/env bash
# Benchmark: `keakit check` against `kea-dhcp4 -t` on the same generated config, in one run.
# Prints each tool's best wall time and peak RSS over RUNS runs, and the ratios.
# Usage: bench/check-vs-kea.sh [RUNS]   (env SUBNETS, PER_SUBNET: config size; KEAKIT: binary)
# Goal of the foundation issue: keakit >= 20x faster, with <= 1/3 of Kea's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
SUBNETS="${SUBNETS:-4000}"
PER_SUBNET="${PER_SUBNET:-25}"
command -v kea-dhcp4 >/dev/null || { echo "kea-dhcp4 not found (apt-get install kea-dhcp4-server)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time not found (apt-get install time)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "${KEAKIT:-}" ]; then
    cargo build --release --quiet
    KEAKIT=target/release/keakit
fi
python3 bench/gen-big-config.py "$work/big.json" --subnets "$SUBNETS" --per-subnet "$PER_SUBNET"
echo "config: $SUBNETS subnets, $((SUBNETS * PER_SUBNET)) reservations, $(du -h "$work/big.json" | cut -f1)"
mkdir -p "$work/run"
export KEA_PIDFILE_DIR="$work/run" KEA_LOCKFILE_DIR="$work/run"

# best_of CMD...: prints "SECONDS KB" (best wall time, peak RSS of that run); fails if CMD fails.
best_of() {
    local best_t="" best_m=""
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$work/out" 2>&1 || {
            echo "failed: $*" >&2; tail -5 "$work/out" >&2; exit 1; }
        read -r t m <"$work/t"
        if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
    done
    echo "$best_t $best_m"
}

read -r kt km < <(best_of kea-dhcp4 -t "$work/big.json")
read -r ct cm < <(best_of "$KEAKIT" check --target-version 2.2 "$work/big.json")
printf '%-22s %8s s %8d KB\n' "kea-dhcp4 -t ($(kea-dhcp4 -v))" "$kt" "$km" "keakit check" "$ct" "$cm"
awk -v kt="$kt" -v ct="$ct" -v km="$km" -v cm="$cm" 'BEGIN {
    ct = (ct < 0.01) ? 0.01 : ct;   # GNU time resolution
    printf "speed: keakit is %.1fx faster (goal >= 20x)\n", kt / ct;
    printf "memory: keakit uses %.2f of Kea peak RSS (goal <= 0.33)\n", cm / km;
}'
