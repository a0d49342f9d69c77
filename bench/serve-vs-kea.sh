#!/usr/bin/env bash
# perfdhcp against `keakit serve` and against kea-dhcp4 2.2 (multi-threading on, memfile
# persisted) in one run, same config (fixtures/serve/loopback.json), on loopback with perfdhcp
# acting as a relay from 127.0.0.2 (both servers on port 67: Kea 2.2 sends relay replies there
# whatever its -p).
#
# Method
# - Pinning (when the machine has >= 2 cores): perfdhcp on CPU $GEN_CPU, the server under test
#   on CPU $SRV_CPU (taskset), the same for both servers. Each server gets one whole core and
#   the load generator gets the other, so neither steals from the other. PIN=0 turns it off.
# - A step: perfdhcp -r RATE for STEP seconds (-R 1000000 clients, -W 0.5 s for late replies).
#   Drops = DISCOVERs sent without an ACK received, over the whole DORA. A rate is sustained
#   when drops < 0.1%; a step with drops between 0.1% and 2% is run once more (a marginal
#   drop is often a scheduler hiccup of a shared machine) and the better run counts.
# - Search: doubling from 1,000/s to the first failing rate, then bisection between the last
#   good and the first bad rate until they are within 4%. The result is the completed DORA/s
#   of the best sustained step. When perfdhcp cannot itself send the offered rate (completed
#   below 95% of it without drops), the generator is the limit: the search stops there and the
#   script says so.
# - Latency: perfdhcp prints no percentiles, but `-x t` makes it print the send and receive
#   time of every exchange; a separate run at LAT_RATE (same for both servers; default 2,000/s)
#   and one at each server's own sustained rate are taken with it and p50/p99/p99.9 of
#   DISCOVER->OFFER and REQUEST->ACK computed from all exchanges.
# - Second generator: perfdhcp needs a whole core for about 12,000 DORA/s, which is below what
#   serve sustains on one core, so the same search is then run with examples/dora_load.rs (a
#   relay like perfdhcp: 127.0.0.2:67, one new client per exchange, OFFER answered with a
#   REQUEST at once; sendmmsg/recvmmsg; about a third of a core at 40,000 DORA/s) against both
#   servers. It records every exchange's times, so its p50/p99/p99.9 (DISCOVER->OFFER,
#   REQUEST->ACK, whole DORA) at LAT_RATE and at the sustained rate are real percentiles. GENS="perfdhcp own"
#   (default) picks the generators.
# - CPU: user+system ticks of the server process (all threads) over the best step, per DORA.
# - Kea's knobs (Kea-only, everything else identical): KEA_THREADS (thread-pool-size,
#   default 1 when pinned to one core, 4 otherwise) and KEA_QUEUE (packet-queue-size,
#   default 64, Kea's default). See bench/README.md for the measurements behind the defaults.
# - Lease files: in LEASE_DIR (default: a fresh directory under /tmp, i.e. the same disk for
#   both; give /dev/shm to take the disk out).
# Usage: bench/serve-vs-kea.sh [seconds-per-step]   (root: port 67 and the 127.0.0.2 alias)
set -euo pipefail
cd "$(dirname "$0")/.."
STEP=${1:-5}
LAT_RATE=${LAT_RATE:-2000}
command -v perfdhcp >/dev/null || { echo "perfdhcp not found (apt-get install kea-admin)" >&2; exit 2; }
command -v kea-dhcp4 >/dev/null || { echo "kea-dhcp4 not found" >&2; exit 2; }
work=$(mktemp -d)
RUNS=1
. bench/lib.sh
keakit_binary
port67_free
BIN=$(realpath "$KEAKIT")
GENS=${GENS:-perfdhcp own}
if [ -z "${DORA_LOAD:-}" ]; then
    cargo build --release --quiet --example dora_load
    DORA_LOAD=$PWD/target/release/examples/dora_load
fi
LEASE_DIR=${LEASE_DIR:-$work}
PID=
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
ip -4 addr show dev lo | grep -q 127.0.0.2/ || ip addr add 127.0.0.2/8 dev lo
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)
PIN=${PIN:-$([ "$NCPU" -ge 2 ] && echo 1 || echo 0)}
GEN_CPU=${GEN_CPU:-0}
SRV_CPU=${SRV_CPU:-1}
if [ "$PIN" = 1 ]; then
    GEN="taskset -c $GEN_CPU"
    SRV="taskset -c $SRV_CPU"
    KEA_THREADS=${KEA_THREADS:-1}
else
    GEN=""
    SRV=""
    KEA_THREADS=${KEA_THREADS:-4}
fi
KEA_QUEUE=${KEA_QUEUE:-64}
mkcfg() { # $1 name, $2 extra Dhcp4 JSON members
    sed -e "s#@SOCK@#$work/$1.sock#" -e "s#@LEASES@#$LEASE_DIR/$1-leases.csv#" -e "s#\"severity\": \"WARN\"#\"severity\": \"ERROR\"#" \
        -e "s#\"Dhcp4\": {#\"Dhcp4\": { $2#" fixtures/serve/loopback.json >"$work/$1.json"
}
mkcfg serve ''
mkcfg kea "\"multi-threading\": { \"enable-multi-threading\": true, \"thread-pool-size\": $KEA_THREADS, \"packet-queue-size\": $KEA_QUEUE },"
PORT=67
cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# perfdhcp_run RATE SECONDS [extra perfdhcp args] -> output in $work/pd
perfdhcp_run() {
    local rate=$1 secs=$2
    shift 2
    /usr/bin/time -f "PERFCPU %U %S %e" timeout $((secs + 20)) $GEN perfdhcp -4 -l 127.0.0.2 -L $PORT -N $PORT -r "$rate" \
        -R 1000000 -W 500000 -p "$secs" "$@" 127.0.0.1 >"$work/pd" 2>&1 || true
}
# step RATE -> "drops_pct completed_per_s server_cpu_ticks acked generator_cpu_pct" (generator $G)
step() {
    local c0 c1
    c0=$(cpu "$PID")
    if [ "$G" = perfdhcp ]; then
        perfdhcp_run "$1" "$STEP"
    else
        timeout $((STEP + 20)) $GEN "$DORA_LOAD" "$1" "$STEP" 500 >"$work/pd" 2>&1 || true
    fi
    c1=$(cpu "$PID")
    if [ "$G" = perfdhcp ]; then
        awk -v sc=$((c1 - c0)) -v step="$STEP" '/Statistics for: DISCOVER-OFFER/{r=1} /Statistics for: REQUEST-ACK/{r=2}
            r==1&&/^sent packets/{d=$3} r==2&&/^received packets/{g=$3} /^PERFCPU/{pc=100*($2+$3)/$4}
            END{ if (d>0) printf "%.3f %.0f %d %d %.0f\n", 100*(d-g)/d, g/step, sc, g, pc; else print "100 0 0 0 0" }' "$work/pd"
    else
        cp "$work/pd" "$work/own-last"
        tr ' ' '\n' <"$work/pd" | awk -F= -v sc=$((c1 - c0)) '{v[$1]=$2} END{ if (v["sent"]>0) printf "%.3f %.0f %d %d %.0f\n", v["drops"], v["done_per_s"], sc, v["acks"], v["gen_cpu"]; else print "100 0 0 0 0" }'
    fi
}
# try RATE -> sets T_OK (1/0), T_DONE, T_DROPS, T_CPU (us/DORA), T_PF; repeats a marginal failure once.
try() {
    local r=$1 attempt
    for attempt in 1 2; do
        set -- $(step "$r")
        T_DROPS=$1 T_DONE=$2 T_PF=$5
        T_CPU=$(awk -v t="$3" -v hz="$HZ" -v g="$4" 'BEGIN{ if (g>0) printf "%.1f", 1e6*t/hz/g; else print 0 }')
        T_OK=$(awk -v d="$1" 'BEGIN{print (d < 0.1) ? 1 : 0}')
        echo "    offered $r/s: completed $T_DONE/s, drops $T_DROPS%, server cpu $T_CPU us/DORA, $G cpu $T_PF%, load $(cut -d' ' -f1 /proc/loadavg)" >&2
        if [ "$T_OK" = 1 ]; then
            [ "$G" = own ] && cp "$work/own-last" "$work/own-good"
            return
        fi
        awk -v d="$T_DROPS" 'BEGIN{exit !(d < 2)}' || return
        echo "    (marginal: once more)" >&2
    done
}
# latency RATE -> "p50_do p99_do p999_do p50_ra p99_ra p999_ra drops" (ms) from perfdhcp -x t
latency() {
    perfdhcp_run "$1" "$STEP" -x t
    awk '/Statistics for: DISCOVER-OFFER/{d=1} /^sent packets/&&d==1{s=$3; d=0} /Statistics for: REQUEST-ACK/{a=1} /^received packets/&&a==1{g=$3; a=0}
         /Timestamps for packets: DISCOVER-OFFER/{k="do"} /Timestamps for packets: REQUEST-ACK/{k="ra"}
         /^sent \/ received:/ && k!="" { printf "%s %.6f\n", k, 1000*($6-$4) }
         END{ if (s>0) printf "drops %.3f\n", 100*(s-g)/s }' "$work/pd" >"$work/lat"
    local out="" k
    for k in do ra; do
        out="$out $(awk -v k=$k '$1==k{print $2}' "$work/lat" | sort -n | awk '{v[NR]=$1} END{ if (NR==0) {print "- - -"; exit}
            i50=int(NR*0.5); i99=int(NR*0.99); i999=int(NR*0.999); if(i50<1)i50=1; if(i99<1)i99=1; if(i999<1)i999=1;
            printf "%.3f %.3f %.3f", v[i50], v[i99], v[i999] }')"
    done
    echo "$out $(awk '$1=="drops"{print $2}' "$work/lat")"
}
# bench NAME CMD -> prints "rate cpu_per_dora perfdhcp_pct limit p50do p99do p999do p50ra p99ra p999ra p99at_lat..." on stdout
bench() {
    local name=$1 cmd=$2
    rm -f "$LEASE_DIR/$name-leases.csv"
    $SRV sh -c "exec $cmd" >"$work/$name.log" 2>&1 &
    PID=$!
    for _ in $(seq 100); do [ -S "$work/$name.sock" ] && break; sleep 0.05; done
    sleep 0.5
    perfdhcp_run 500 1 >/dev/null # warm-up
    local good=0 bad=0 best=0 bcpu=0 bpf=0 limit=server r=1000
    while :; do
        try $r
        if [ "$T_OK" = 1 ]; then
            good=$r best=$T_DONE bcpu=$T_CPU bpf=$T_PF
            if awk -v d="$T_DONE" -v r="$r" 'BEGIN{exit !(d < 0.95*r)}'; then limit=$G; break; fi
            r=$((r * 2))
            [ $r -le 256000 ] || break
        else
            bad=$r
            # A generator at full CPU when drops start is itself the suspect.
            awk -v p="$T_PF" 'BEGIN{exit !(p >= 95)}' && limit="$G?"
            break
        fi
    done
    if [ "$limit" != "$G" ] && [ $bad -gt 0 ]; then
        while [ $((bad - good)) -gt $((good / 25 + 50)) ]; do
            r=$(((good + bad) / 2))
            try $r
            if [ "$T_OK" = 1 ]; then
                good=$r
                if awk -v d="$T_DONE" -v b="$best" 'BEGIN{exit !(d > b)}'; then best=$T_DONE bcpu=$T_CPU bpf=$T_PF; fi
                if awk -v d="$T_DONE" -v r="$r" 'BEGIN{exit !(d < 0.95*r)}'; then limit=$G; break; fi
            else
                bad=$r
                if awk -v p="$T_PF" 'BEGIN{exit !(p >= 95)}'; then limit="$G?"; else limit=server; fi
            fi
        done
    fi
    local lat_common lat_best
    if [ "$G" = perfdhcp ]; then
        echo "    latency at $LAT_RATE/s (perfdhcp -x t):" >&2
        lat_common=$(latency "$LAT_RATE")
        echo "      $lat_common" >&2
        if [ "$good" -gt 0 ]; then
            echo "    latency at its own sustained rate $good/s:" >&2
            lat_best=$(latency "$good")
            echo "      $lat_best" >&2
        else
            lat_best="- - - - - - -"
        fi
    else
        timeout $((STEP + 20)) $GEN "$DORA_LOAD" "$LAT_RATE" "$STEP" 500 >"$work/own-lat" 2>&1 || true
        lat_common=$(tr ' ' '\n' <"$work/own-lat" | awk -F= '{v[$1]=$2} END{print v["do_p50"], v["do_p99"], v["do_p999"], v["ra_p50"], v["ra_p99"], v["ra_p999"], v["drops"]}')
        echo "    latency at $LAT_RATE/s: $(cat "$work/own-lat")" >&2
        lat_best=$(tr ' ' '\n' <"$work/own-good" 2>/dev/null | awk -F= '{v[$1]=$2} END{print v["do_p50"], v["do_p99"], v["do_p999"], v["ra_p50"], v["ra_p99"], v["ra_p999"], v["drops"], v["dora_p50"], v["dora_p99"], v["dora_p999"]}')
        rm -f "$work/own-good"
    fi
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    echo "$best $bcpu $bpf $limit $lat_common $lat_best"
}

echo "machine: $NCPU cores, load at start $(cut -d' ' -f1-3 /proc/loadavg); pinning: $([ "$PIN" = 1 ] && echo "generator on CPU $GEN_CPU, server on CPU $SRV_CPU" || echo off); kea thread-pool-size $KEA_THREADS, packet-queue-size $KEA_QUEUE; leases in $LEASE_DIR ($(stat -f -c %T "$LEASE_DIR")); $STEP s per step"
SERVE_CMD="$BIN serve -c $work/serve.json -p $PORT"
KEA_CMD="env KEA_PIDFILE_DIR=$work KEA_LOCKFILE_DIR=$work kea-dhcp4 -c $work/kea.json -p $PORT"
row() { # name generator array...
    local n=$1 g=$2
    shift 2
    printf "%-6s %6s DORA/s sustained (<0.1%% drops; limit: %s), %5s us server CPU/DORA, %s at %s%% CPU\n" "$n" "$1" "$4" "$2" "$g" "$3"
    if true; then
        printf "       latency ms at %s/s:  DISCOVER-OFFER p50 %s p99 %s p99.9 %s | REQUEST-ACK p50 %s p99 %s p99.9 %s | drops %s%%\n" \
            "$LAT_RATE" "$5" "$6" "$7" "$8" "$9" "${10}" "${11}"
    fi
    printf "       latency ms at its best: DISCOVER-OFFER p50 %s p99 %s p99.9 %s | REQUEST-ACK p50 %s p99 %s p99.9 %s | drops %s%%%s\n" \
        "${12}" "${13}" "${14}" "${15}" "${16}" "${17}" "${18}" "$([ "$g" = own ] && echo " | DORA p50 ${19} p99 ${20} p99.9 ${21}")"
}
for G in $GENS; do
    echo "== generator: $G" >&2
    echo "keakit serve:" >&2
    S=($(bench serve "$SERVE_CMD"))
    echo "kea-dhcp4 $(kea-dhcp4 -v) (multi-threading, memfile persisted):" >&2
    K=($(bench kea "$KEA_CMD"))
    echo "== generator $G (load at end $(cut -d' ' -f1-3 /proc/loadavg))"
    row serve "$G" "${S[@]}"
    row kea "$G" "${K[@]}"
    awk -v s="${S[0]}" -v k="${K[0]}" -v l="${S[3]}" 'BEGIN{ if (k>0) printf "rate ratio serve/kea: %.2fx (goal >= 3x)%s\n", s/k, (l != "server") ? " -- a lower bound: the generator (" l "), not serve, set serve'\''s limit" : ""; else print "rate ratio: kea sustained no tested rate" }'
    awk -v s="${S[1]}" -v k="${K[1]}" 'BEGIN{ if (s>0) printf "cpu-per-DORA ratio kea/serve: %.2fx\n", k/s }'
    awk -v s="${S[8]}" -v k="${K[8]}" -v r="$LAT_RATE" 'BEGIN{ if (s>0) printf "REQUEST-ACK p99 at %d/s kea/serve: %.2fx\n", r, k/s }'
done
true
