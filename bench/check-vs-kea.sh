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
. bench/lib.sh
keakit_binary
python3 bench/gen-big-config.py "$work/big.json" --subnets "$SUBNETS" --per-subnet "$PER_SUBNET"
echo "config: $SUBNETS subnets, $((SUBNETS * PER_SUBNET)) reservations, $(du -h "$work/big.json" | cut -f1)"
mkdir -p "$work/run"
export KEA_PIDFILE_DIR="$work/run" KEA_LOCKFILE_DIR="$work/run"


read -r kt km < <(best_of kea-dhcp4 -t "$work/big.json")
read -r ct cm < <(best_of "$KEAKIT" check --target-version 2.2 "$work/big.json")
printf '%-22s %8s s %8d KB\n' "kea-dhcp4 -t ($(kea-dhcp4 -v))" "$kt" "$km" "keakit check" "$ct" "$cm"
awk -v kt="$kt" -v ct="$ct" -v km="$km" -v cm="$cm" 'BEGIN {
    ct = (ct < 0.01) ? 0.01 : ct;   # GNU time resolution
    printf "speed: keakit is %.1fx faster (goal >= 20x)\n", kt / ct;
    printf "memory: keakit uses %.2f of Kea peak RSS (goal <= 0.33)\n", cm / km;
}'
