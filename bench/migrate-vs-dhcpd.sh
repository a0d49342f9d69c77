#!/usr/bin/env bash
# Benchmark: `keakit migrate` against ISC dhcpd's own parse (`dhcpd -t -cf`) on the same
# generated dhcpd.conf, in one run. Prints each tool's best wall time and peak RSS over RUNS
# runs, and the ratios. Goal of issue 4: keakit >= 10x faster, < 1/4 of dhcpd's peak RSS.
# Usage: bench/migrate-vs-dhcpd.sh [RUNS]   (env SUBNETS, PER_SUBNET: size; KEAKIT: binary)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
SUBNETS="${SUBNETS:-4000}"
PER_SUBNET="${PER_SUBNET:-25}"
command -v dhcpd >/dev/null || { echo "dhcpd not found (apt-get install isc-dhcp-server)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time not found (apt-get install time)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
. bench/lib.sh
keakit_binary
python3 bench/gen-dhcpd-conf.py "$work/dhcpd.conf" --subnets "$SUBNETS" --per-subnet "$PER_SUBNET"
echo "dhcpd.conf: $SUBNETS subnets, $((SUBNETS * PER_SUBNET)) hosts, $(du -h "$work/dhcpd.conf" | cut -f1)"


# dhcpd -t reads the lease file path from its defaults; -lf points it at an empty file.
touch "$work/dhcpd.leases"
read -r dt dm < <(best_of dhcpd -t -q -cf "$work/dhcpd.conf" -lf "$work/dhcpd.leases")
read -r kt km < <(best_of "$KEAKIT" migrate -4 --target-version 2.2 -o "$work/kea.json" "$work/dhcpd.conf")
printf '%-22s %8s s %8d KB\n' "dhcpd -t -cf" "$dt" "$dm" "keakit migrate" "$kt" "$km"
awk -v dt="$dt" -v kt="$kt" -v dm="$dm" -v km="$km" 'BEGIN {
    if (kt < 0.005) kt = 0.005
    printf "speed: keakit is %.1fx faster (goal >= 10x); memory: keakit uses %.2f of dhcpd peak RSS (goal < 0.25)\n", dt / kt, km / dm
}'
# Where keakit's time goes (one more run): when each phase ends, CPU, memory, page faults.
echo "keakit phases (one run, KEAKIT_TIMING=1):"
KEAKIT_TIMING=1 "$KEAKIT" migrate -4 --target-version 2.2 -o "$work/kea.json" "$work/dhcpd.conf" 2>&1 >/dev/null | sed -n 's/^keakit timing: /  /p'
