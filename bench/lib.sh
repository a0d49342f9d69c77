# Shared by the bench scripts (sourced): the keakit binary and a best-of-N timer.
# Expects: RUNS (runs per tool) and work (a temporary directory) set by the caller.

# keakit_binary: $KEAKIT if set, else a fresh release build.
keakit_binary() {
    if [ -z "${KEAKIT:-}" ]; then
        cargo build --release --quiet
        KEAKIT=target/release/keakit
    fi
}

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

# port67_free: fails when something already listens on UDP port 67 (with SO_REUSEADDR a second
# DHCP server would bind it too, and the measurement would be of whichever answers first).
port67_free() {
    if ss -Hulpn 'sport = :67' | grep -q .; then
        echo "UDP port 67 is in use; stop that first:" >&2
        ss -Hulpn 'sport = :67' >&2
        exit 2
    fi
}
