#!/bin/sh
# perfdhcp against `keakit serve` and against kea-dhcp4 2.2 (multi-threading on, memfile
# persisted) in one run, same config (fixtures/serve/loopback.json), on loopback with perfdhcp
# acting as a relay from 127.0.0.2. For each server and offered rate: completed DORAs/s, drops
# (DISCOVERs sent without an ACK received, after waiting 0.5 s for late replies), p99-ish
# latency (perfdhcp's avg + 2.33 sd of REQUEST-ACK; perfdhcp prints no percentiles), and the CPU
# each process used (from /proc: user+system of all its threads). A rate counts as sustained when
# drops < 0.1%.
#
# Two ratios are printed: the sustained rates (serve/Kea), and the server CPU per completed DORA
# (Kea/serve). When perfdhcp itself is saturated (its CPU near 100% of one core, or the machine
# has few cores shared by both), the rate ratio measures perfdhcp, not the servers; the script says
# so, and the CPU ratio is then the honest measure of the servers' relative cost.
# Usage: bench/serve-vs-kea.sh [seconds-per-step]   (needs root for the 127.0.0.2 alias)
set -eu
cd "$(dirname "$0")/.."
STEP=${1:-5}
PID=
cargo build --release --quiet
BIN=$PWD/target/release/keakit
W=$(mktemp -d)
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$W"' EXIT
ip -4 addr show dev lo | grep -q 127.0.0.2/ || ip addr add 127.0.0.2/8 dev lo
HZ=$(getconf CLK_TCK)
mkcfg() { # $1 name, $2 extra Dhcp4 JSON members
    sed -e "s#@SOCK@#$W/$1.sock#" -e "s#@LEASES@#$W/$1-leases.csv#" -e "s#\"severity\": \"WARN\"#\"severity\": \"ERROR\"#" \
        -e "s#\"Dhcp4\": {#\"Dhcp4\": { $2#" fixtures/serve/loopback.json > "$W/$1.json"
}
mkcfg serve ''
mkcfg kea '"multi-threading": { "enable-multi-threading": true, "thread-pool-size": 4, "packet-queue-size": 64 },'
# Port 67 for both: Kea 2.2 sends relay replies to port 67 whatever its -p (serve uses -p), so
# perfdhcp (the relay, 127.0.0.2:67) must sit there.
PORT=67
cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# run_rate RATE -> prints "drops_pct avg_ms sd_ms acked server_cpu_ticks perfdhcp_cpu_pct achieved_rate"
run_rate() {
    c0=$(cpu "$PID")
    t0=$(date +%s.%N)
    /usr/bin/time -f "PERFCPU %U %S %e" timeout $((STEP + 15)) perfdhcp -4 -l 127.0.0.2 -L $PORT -N $PORT -r "$1" -R 1000000 \
        -W 500000 -p "$STEP" 127.0.0.1 >"$W/pd" 2>&1 || true
    c1=$(cpu "$PID")
    awk -v sc=$((c1 - c0)) -v step="$STEP" '/Statistics for: DISCOVER-OFFER/{r=1} /Statistics for: REQUEST-ACK/{r=2}
        r==1&&/^sent packets/{d=$3} r==2&&/^received packets/{g=$3} r==2&&/^avg delay/{a=$3} r==2&&/^std deviation/{s=$3}
        /^PERFCPU/{pc=100*($2+$3)/$4}
        END{ if (d>0) printf "%.3f %s %s %d %d %.0f %.0f\n", 100*(d-g)/d, a, s, g, sc, pc, g/step; else print "100 0 0 0 0 0 0" }' "$W/pd"
}
best() { # $1 server command; prints "rate p99_ms cpu_us_per_dora"
    rm -f "$W"/*-leases.csv
    sh -c "exec $1" >"$W/log" 2>&1 & PID=$!
    sleep 2
    good=0; p99=0; cpd=0
    for r in 2000 4000 6000 8000 10000 12000 16000 20000 24000 32000; do
        set -- $(run_rate $r)
        echo "  offered $r/s: completed $7/s, drops $1%, avg $2 ms sd $3 ms, server cpu $(awk -v t="$5" -v hz="$HZ" -v s="$STEP" 'BEGIN{printf "%.0f", 100*t/hz/s}')% of a core, perfdhcp cpu $6%" >&2
        ok=$(awk -v d="$1" 'BEGIN{print (d < 0.1) ? 1 : 0}')
        [ "$ok" = 1 ] || break
        good=$7; p99=$(awk -v a="$2" -v s="$3" 'BEGIN{printf "%.3f", a + 2.33*s}')
        cpd=$(awk -v t="$5" -v hz="$HZ" -v g="$4" 'BEGIN{ if (g>0) printf "%.1f", 1e6*t/hz/g; else print 0 }')
        PF=$6
    done
    kill $PID; wait $PID 2>/dev/null || true
    PID=
    echo "$good $p99 $cpd ${PF:-0}"
}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "keakit serve:" >&2
set -- $(best "$BIN serve -c $W/serve.json -p $PORT"); S_RATE=$1; S_P99=$2; S_CPU=$3; S_PF=$4
echo "kea-dhcp4 2.2 (multi-threading, memfile persisted):" >&2
set -- $(best "env KEA_PIDFILE_DIR=$W KEA_LOCKFILE_DIR=$W kea-dhcp4 -c $W/kea.json -p $PORT"); K_RATE=$1; K_P99=$2; K_CPU=$3; K_PF=$4
echo "serve: $S_RATE DORA/s sustained (<0.1% drops), p99~ $S_P99 ms, $S_CPU us server CPU per DORA (perfdhcp at $S_PF% CPU)"
echo "kea:   $K_RATE DORA/s sustained (<0.1% drops), p99~ $K_P99 ms, $K_CPU us server CPU per DORA (perfdhcp at $K_PF% CPU)"
awk -v s="$S_RATE" -v k="$K_RATE" 'BEGIN{ if (k>0) printf "rate ratio serve/kea: %.2fx\n", s/k; else print "rate ratio: kea sustained no tested rate" }'
awk -v s="$S_CPU" -v k="$K_CPU" 'BEGIN{ if (s>0) printf "cpu-per-DORA ratio kea/serve: %.2fx\n", k/s }'
awk -v p="$S_PF" 'BEGIN{ if (p >= 85) print "note: perfdhcp was at " p "% CPU at serve'\''s best rate: the load generator, not serve, set that limit" }'
