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

# judge VERSION U DIR [ROOT]: convert $f for Kea VERSION (-U) into DIR/c.json (DIR is the
# path Kea sees, under ROOT when given) and let that Kea judge it.
judge() {
    local version="$1" u="$2" dir="$3" root="${4:-}" target=()
    [ "$version" = 2.2 ] && target=(--target-version 2.2)
    # Exit 1 (something not translated exactly) still writes the config.
    "$keakit" migrate -"$u" "${target[@]}" --interface lo -o "$root$dir/c.json" "$f" >/dev/null 2>&1 || true
    [ -f "$root$dir/c.json" ] || return 0
    converted=$((converted + 1))
    on_lo "$root$dir/c.json"
    if ! verdict kea-dhcp"$u" "$dir/c.json" "$root"; then
        rejected=$((rejected + 1)); mkdir -p "$artifacts"; cp "$f" "$artifacts/kea$version-v$u-$(basename "$f")"
        echo "Kea $version rejects the -$u conversion of $f: $(grep -E 'ERROR|error' "$work/kea.out" | tail -1)"
    fi
    rm -f "$root$dir/c.json"
}

inputs=0 converted=0 rejected=0
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    # Includes would read files of this machine (the fuzz target skips them too).
    grep -q include "$f" && continue
    inputs=$((inputs + 1))
    for u in 4 6; do
        [ "$host" = 1 ] && judge 2.2 "$u" "$work"
        [ -n "$root" ] && judge 3.0 "$u" "$inside" "$root"
    done
done
echo "kea differential: $inputs inputs, $converted conversions checked by Kea, $rejected rejected"
[ "$rejected" = 0 ]
