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
