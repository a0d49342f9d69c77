#!/usr/bin/env bash
# Start-up with a big lease file: `keakit serve` against kea-dhcp4 2.2, in one run, on the same
# Kea 2.2 memfile CSV (bench/gen-leases.py: N leases, default 1,000,000, in subnet 1 of
# fixtures/serve/loopback.json) and the same config. Measured: wall time from the process start
# until the server answers a relayed DISCOVER (bench/dhcp-probe.py, one every 5 ms from
# 127.0.0.2:67), and the peak RSS (VmHWM) at that moment; best of RUNS starts each. Each start
# gets a fresh copy of the file (both servers rewrite or append to it). Also checked: both
# loaded every lease (lease4-get by the last address; serve: `leases` in status output, Kea:
# the lease_cmds hook).
# Usage: bench/serve-startup.sh [RUNS]  (env N: leases; JOURNAL=1: a journal with replaced and
# deleted records; KEAKIT: binary). Needs root (port 67, the 127.0.0.2 alias).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
N=${N:-1000000}
command -v kea-dhcp4 >/dev/null || { echo "kea-dhcp4 not found" >&2; exit 2; }
work=$(mktemp -d)
. bench/lib.sh
keakit_binary
port67_free
BIN=$(realpath "$KEAKIT")
PID=
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
ip -4 addr show dev lo | grep -q 127.0.0.2/ || ip addr add 127.0.0.2/8 dev lo
python3 bench/gen-leases.py "$work/leases.csv" "$N" ${JOURNAL:+--journal}
LAST=$(tail -1 "$work/leases.csv" | cut -d, -f1)
HOOK=/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so
mkcfg() { # $1 name, $2 extra members
    sed -e "s#@SOCK@#$work/$1.sock#" -e "s#@LEASES@#$work/$1-leases.csv#" -e "s#\"severity\": \"WARN\"#\"severity\": \"ERROR\"#" \
        -e "s#\"Dhcp4\": {#\"Dhcp4\": { $2#" fixtures/serve/loopback.json >"$work/$1.json"
}
mkcfg serve ''
mkcfg kea "\"hooks-libraries\": [ { \"library\": \"$HOOK\" } ],"
ctl() { # socket json
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()); s.shutdown(socket.SHUT_WR)
b=b""
while True:
    d=s.recv(65536)
    if not d: break
    b+=d
print(b.decode())' "$1" "$2"
}
# one NAME CMD -> "seconds peak_kb leases_ok"
one() {
    local name=$1 cmd=$2 t0 t1 hwm ok
    cp "$work/leases.csv" "$work/$name-leases.csv"
    rm -f "$work/$name.sock"
    sync
    t0=$(date +%s.%N)
    sh -c "exec $cmd" >"$work/$name.log" 2>&1 &
    PID=$!
    t1=$(python3 bench/dhcp-probe.py 300) || { echo "$name did not answer; log:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    hwm=$(awk '/^VmHWM/{print $2}' "/proc/$PID/status")
    for _ in $(seq 100); do [ -S "$work/$name.sock" ] && break; sleep 0.05; done
    ok=$(ctl "$work/$name.sock" "{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\": \"$LAST\"}}" | grep -c '"result": *0' || true)
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}') $hwm $ok"
}
best() { # NAME CMD -> best "seconds kb ok"
    local b="" r
    for _ in $(seq "$RUNS"); do
        r=$(one "$1" "$2")
        echo "  $1: $r (load $(cut -d' ' -f1 /proc/loadavg))" >&2
        if [ -z "$b" ] || awk -v x="${r%% *}" -v y="${b%% *}" 'BEGIN{exit !(x < y)}'; then b=$r; fi
    done
    echo "$b"
}
echo "leases: $N in $(du -h "$work/leases.csv" | cut -f1)$([ -n "${JOURNAL:-}" ] && echo " (journal with replaced and deleted records)"); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
read -r st sm sok < <(best serve "$BIN serve -c $work/serve.json -p 67")
read -r kt km kok < <(best kea "env KEA_PIDFILE_DIR=$work KEA_LOCKFILE_DIR=$work kea-dhcp4 -c $work/kea.json -p 67")
printf '%-26s %8s s to the first OFFER, peak RSS %8d KB, last lease found: %s\n' "keakit serve" "$st" "$sm" "$sok" "kea-dhcp4 $(kea-dhcp4 -v)" "$kt" "$km" "$kok"
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v kt="$kt" -v st="$st" -v km="$km" -v sm="$sm" 'BEGIN {
    printf "start-up: serve is %.1fx faster; peak RSS: serve uses %.2f of Kea'\''s\n", kt / st, sm / km }'
