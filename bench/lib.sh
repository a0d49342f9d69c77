# Shared by the bench scripts (sourced): the keakit binary and a best-of-N timer.
# Expects: RUNS (runs per tool) and work (a temporary directory) set by the caller.

# keakit_binary: $KEAKIT if set, else a fresh release build.
keakit_binary() {
    if [ -z "${KEAKIT:-}" ]; then
        cargo build --release --quiet
        KEAKIT=target/release/keakit
    fi
}

# best_of CMD...: prints "SECONDS KB" (best wall time, to the millisecond, and the peak RSS of
# that run); fails if CMD fails. GNU time gives the peak RSS; its wall time has only
# hundredths of a second, too coarse for a ratio near 10 of runs near 0.1 s, so the wall
# time is bash's clock around it (which includes starting time itself, about a millisecond,
# for every tool alike).
best_of() {
    local best_t="" best_m="" t0 t1 t m
    for _ in $(seq "$RUNS"); do
        t0=$EPOCHREALTIME
        /usr/bin/time -f "%M" -o "$work/t" "$@" >"$work/out" 2>&1 || {
            echo "failed: $*" >&2; tail -5 "$work/out" >&2; exit 1; }
        t1=$EPOCHREALTIME
        read -r m <"$work/t"
        t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
    done
    echo "$best_t $best_m"
}

# port67_free: fails when something already listens on UDP port 67 (with SO_REUSEADDR a second
# DHCP server would bind it too, and the measurement would be of whichever answers first).
port67_free() {
    if ss -Hulpn 'sport = :67' | grep -q .; then
        echo "UDP port 67 is in use; stop that first:" >&2
        ss -Hulpn 'sport = :67' >&2
        exit 2
    fi
}
