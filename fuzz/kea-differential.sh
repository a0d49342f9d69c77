#!/usr/bin/env bash
# Differential check of migrate's promise, "the config written is one Kea accepts", on the
# inputs a fuzz run of the `dhcpd` target collected: every file `keakit migrate` converts
# (no input error, for -4 and for -6) must pass the real `kea-dhcp4 -t` / `kea-dhcp6 -t`:
# Kea 2.2 (host packages) for `--target-version 2.2`, and Kea 3.0 (the Debian sid root named
# by KEAKIT_KEA3_ROOT, see .ci/run) for the default target. Exits 1 on a rejection (the
# input is copied to fuzz/artifacts/kea-differential/), 2 when an oracle is missing under
# CI=true. Interface names are this machine's state, not the file's (Kea's -t fails on one the
# machine lacks): the conversion listens on `lo` and every `"interface"` names `lo`, as the
# keama suite replaces en0.
#
#   fuzz/kea-differential.sh CORPUS_DIR [KEAKIT_BINARY]
set -euo pipefail
corpus="$1"
keakit="${2:-$(dirname "$0")/../target/release/keakit}"
[ -x "$keakit" ] || { echo "no keakit binary at $keakit (cargo build --release)" >&2; exit 2; }
artifacts="$(cd "$(dirname "$0")" && pwd)/artifacts/kea-differential"

missing() {
    if [ "${CI:-}" = true ]; then echo "$1 (CI=true)" >&2; exit 2; fi
    echo "note: $1; that half is skipped" >&2
}
host=1
command -v kea-dhcp4 >/dev/null && command -v kea-dhcp6 >/dev/null || { missing "Kea 2.2 not installed"; host=0; }
root="${KEAKIT_KEA3_ROOT:-}"
[ -n "$root" ] && [ -x "$root/usr/sbin/kea-dhcp4" ] || { missing "KEAKIT_KEA3_ROOT unset: no Kea 3.0"; root=""; }

work="$(mktemp -d)"
inside=""
if [ -n "$root" ]; then
    inside="/tmp/keakit-diff-$$"
    mkdir -p "$root$inside"
fi
trap 'rm -rf "$work"; [ -n "$inside" ] && rm -rf "${root:?}$inside"' EXIT

# on_lo FILE: subnet and shared-network interfaces set to lo (see the top).
on_lo() {
    sed -E -i 's/"interface": "([^"\\]|\\.)*"/"interface": "lo"/g' "$1"
}

# verdict DAEMON FILE [ROOT]: Kea's -t on FILE (inside ROOT when given, FILE then relative to it).
verdict() {
    if [ -n "${3:-}" ]; then
        timeout 30 chroot "$3" env KEA_PIDFILE_DIR="$inside" KEA_LOCKFILE_DIR="$inside" KEA_LOG_FILE_DIR="$inside" \
            "$1" -t "$2" >"$work/kea.out" 2>&1
    else
        timeout 30 env KEA_PIDFILE_DIR="$work" KEA_LOCKFILE_DIR="$work" KEA_LOG_FILE_DIR="$work" \
            "$1" -t "$2" >"$work/kea.out" 2>&1
    fi
}

inputs=0 converted=0 rejected=0
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    # Includes would read files of this machine (the fuzz target skips them too).
    grep -q include "$f" && continue
    inputs=$((inputs + 1))
    for u in 4 6; do
        if [ "$host" = 1 ]; then
            # Exit 1 (something not translated exactly) still writes the config.
            "$keakit" migrate -$u --target-version 2.2 --interface lo -o "$work/c22.json" "$f" >/dev/null 2>&1 || true
            if [ -f "$work/c22.json" ]; then
                converted=$((converted + 1))
                on_lo "$work/c22.json"
                if ! verdict kea-dhcp$u "$work/c22.json"; then
                    rejected=$((rejected + 1)); mkdir -p "$artifacts"; cp "$f" "$artifacts/kea2.2-v$u-$(basename "$f")"
                    echo "Kea 2.2 rejects the -$u conversion of $f: $(grep -E 'ERROR|error' "$work/kea.out" | tail -1)"
                fi
                rm -f "$work/c22.json"
            fi
        fi
        if [ -n "$root" ]; then
            "$keakit" migrate -$u --interface lo -o "$root$inside/c30.json" "$f" >/dev/null 2>&1 || true
            if [ -f "$root$inside/c30.json" ]; then
                converted=$((converted + 1))
                on_lo "$root$inside/c30.json"
                if ! verdict kea-dhcp$u "$inside/c30.json" "$root"; then
                    rejected=$((rejected + 1)); mkdir -p "$artifacts"; cp "$f" "$artifacts/kea3.0-v$u-$(basename "$f")"
                    echo "Kea 3.0 rejects the -$u conversion of $f: $(grep -E 'ERROR|error' "$work/kea.out" | tail -1)"
                fi
                rm -f "$root$inside/c30.json"
            fi
        fi
    done
done
echo "kea differential: $inputs inputs, $converted conversions checked by Kea, $rejected rejected"
[ "$rejected" = 0 ]
