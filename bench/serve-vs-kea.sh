#!/bin/sh
# perfdhcp against `keakit serve` and against kea-dhcp4 2.2 (multi-threading on, memfile
# persisted) in one run, same config (fixtures/serve/loopback.json), on loopback with perfdhcp
# acting as a relay from 127.0.0.2. For each server: the highest offered rate (DORA/s) at which
# under 0.1% of exchanges are dropped, and the p99-ish latency (perfdhcp's avg + 2.33 sd of
# REQUEST-ACK; perfdhcp prints no percentiles). Prints the ratio serve/Kea.
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
mkcfg() { # $1 name, $2 extra Dhcp4 JSON members
    sed -e "s#@SOCK@#$W/$1.sock#" -e "s#@LEASES@#$W/$1-leases.csv#" -e "s#\"severity\": \"WARN\"#\"severity\": \"ERROR\"#" \
        -e "s#\"Dhcp4\": {#\"Dhcp4\": { $2#" fixtures/serve/loopback.json > "$W/$1.json"
}
mkcfg serve ''
mkcfg kea '"multi-threading": { "enable-multi-threading": true, "thread-pool-size": 4, "packet-queue-size": 64 },'
PORT=10967
# run_rate RATE -> prints "drops_pct avg_ms sd_ms exchanges"
run_rate() {
    rm -f "$W"/*-leases.csv
    out=$(timeout $((STEP + 15)) perfdhcp -4 -l 127.0.0.2 -L $PORT -N $PORT -r "$1" -R 1000000 -p "$STEP" 127.0.0.1 2>&1 || true)
    echo "$out" | awk '/Statistics for: REQUEST-ACK/{r=1} /Statistics for: DISCOVER-OFFER/{r=0}
        r&&/^sent packets/{s=$3} r&&/^received packets/{g=$3} r&&/^avg delay/{a=$3} r&&/^std deviation/{d=$3}
        END{ if (s>0) printf "%.3f %s %s %d\n", 100*(s-g)/s, a, d, g; else print "100 0 0 0" }'
}
best() { # $1 server command; prints "rate p99_ms"
    sh -c "$1" >"$W/log" 2>&1 & PID=$!
    sleep 2
    good=0; p99=0
    for r in 1000 2000 4000 6000 8000 12000 16000 24000 32000 48000 64000; do
        set -- $(run_rate $r)
        ok=$(awk -v d="$1" 'BEGIN{print (d < 0.1) ? 1 : 0}')
        echo "  rate $r/s: drops $1% avg $2 ms sd $3 ms acked $4" >&2
        [ "$ok" = 1 ] || break
        good=$r; p99=$(awk -v a="$2" -v s="$3" 'BEGIN{printf "%.3f", a + 2.33*s}')
    done
    kill $PID; wait $PID 2>/dev/null || true
    echo "$good $p99"
}
echo "keakit serve:" >&2
set -- $(best "$BIN serve -c $W/serve.json -p $PORT"); S_RATE=$1; S_P99=$2
echo "kea-dhcp4 2.2 (multi-threading, memfile persisted):" >&2
set -- $(best "KEA_PIDFILE_DIR=$W KEA_LOCKFILE_DIR=$W kea-dhcp4 -c $W/kea.json -p $PORT"); K_RATE=$1; K_P99=$2
echo "serve: $S_RATE DORA/s with <0.1% drops, p99~ $S_P99 ms"
echo "kea:   $K_RATE DORA/s with <0.1% drops, p99~ $K_P99 ms"
awk -v s="$S_RATE" -v k="$K_RATE" 'BEGIN{ if (k>0) printf "ratio serve/kea: %.2fx\n", s/k; else print "ratio: kea sustained no tested rate" }'
