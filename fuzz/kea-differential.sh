#!/usr/bin/env bash
# Differential runs against the real Kea on the inputs a fuzz run collected: Kea 2.2 (host
# packages) for `--target-version 2.2`, Kea 3.0 (the Debian sid root named by
# KEAKIT_KEA3_ROOT, see .ci/run) for the default target.
#
#  - default (the `dhcpd` corpus): migrate's promise, "the config written is one Kea
#    accepts": every file `keakit migrate` converts (no input error, -4 and -6) must pass
#    `kea-dhcp4 -t` / `kea-dhcp6 -t`.
#  - `--check` (the `check` corpus): `keakit check` must give Kea's verdict (accepted or
#    not) on every Kea config of the corpus. Inputs whose verdict depends on this machine
#    rather than the file are left out: hook libraries and password files (Kea opens them
#    during -t), includes, databases; so are loggers of the daemons whose -t does not judge
#    them (see below).
#
# Exits 1 on a difference (the input is copied to fuzz/artifacts/kea-differential/), 2 when
# an oracle is missing under CI=true. Interface names are this machine's state, not the
# file's (Kea's -t fails on one the machine lacks): they are set to `lo`, as the keama suite
# replaces en0.
#
#   fuzz/kea-differential.sh [--check] CORPUS_DIR [KEAKIT_BINARY]
set -euo pipefail
mode=migrate
if [ "${1:-}" = --check ]; then mode=check; shift; fi
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

# on_lo FILE: subnet and shared-network interfaces, and interfaces-config lists written on
# one line, set to lo (see the top). LC_ALL=C: sed matches bytes, so a name with invalid UTF-8
# (the fuzzer makes them) is replaced too.
on_lo() {
    LC_ALL=C sed -E -i 's/"interface": "([^"\\]|\\.)*"/"interface": "lo"/g; s/"interfaces": *\[[^]]*\]/"interfaces": ["lo"]/g' "$1"
}

# verdict DAEMON FILE [ROOT]: Kea's -t on FILE (inside ROOT when given, FILE then relative to it).
verdict() {
    if [ -n "${3:-}" ]; then
        timeout 30 chroot "$3" env KEA_PIDFILE_DIR="$inside" KEA_LOCKFILE_DIR="$inside" \
            "$1" -t "$2" >"$work/kea.out" 2>&1
    else
        timeout 30 env KEA_PIDFILE_DIR="$work" KEA_LOCKFILE_DIR="$work" \
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

# compare VERSION DAEMON DIR [ROOT]: keakit check's verdict on $f (copied to DIR/c.json, the
# path Kea sees, under ROOT when given) against that Kea's.
compare() {
    local version="$1" daemon="$2" dir="$3" root="${4:-}" kea=0 ours=0
    cp "$f" "$root$dir/c.json"
    on_lo "$root$dir/c.json"
    # An interfaces list that goes on past its line (on several lines, or with a comment in
    # it) stays as it was: its verdict is the machine's.
    grep -qE '"interfaces": *\[[^]]*$' "$root$dir/c.json" && return 0
    judged=$((judged + 1))
    verdict "$daemon" "$dir/c.json" "$root" || kea=1
    env -u KEA_CONTROL_SOCKET_DIR -u KEA_HOOKS_PATH -u KEA_LOG_FILE_DIR -u KEA_DHCP_DATA_DIR \
        "$keakit" check --target-version "$version" --format short "$root$dir/c.json" >"$work/keakit.out" 2>&1 || ours=1
    if [ "$kea" != "$ours" ]; then
        differ=$((differ + 1)); mkdir -p "$artifacts"; cp "$f" "$artifacts/check-kea$version-$(basename "$f")"
        echo "Kea $version $([ $kea = 0 ] && echo accepts || echo rejects) $f, keakit check $([ $ours = 0 ] && echo accepts || echo rejects):" \
            "$(grep -E 'Error|error|failed' "$work/kea.out" | tail -1) $(grep -m1 error "$work/keakit.out")"
    fi
    rm -f "$root$dir/c.json"
}

inputs=0 converted=0 rejected=0 judged=0 differ=0
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    # Includes would read files of this machine (the fuzz targets skip them too).
    grep -q include "$f" && continue
    if [ "$mode" = check ]; then
        grep -qE 'hooks-libraries|password-file|mysql|postgresql|config-control' "$f" && continue
        daemon=""
        for pair in Dhcp4:kea-dhcp4 Dhcp6:kea-dhcp6 Control-agent:kea-ctrl-agent DhcpDdns:kea-dhcp-ddns; do
            grep -q "\"${pair%%:*}\"" "$f" && { daemon="${pair#*:}"; break; }
        done
        [ -n "$daemon" ] || continue
        inputs=$((inputs + 1))
        # Loggers: kea-dhcp4/6 -t does not configure them, nor kea-dhcp-ddns 3.0's -t a
        # logger's missing severity; the daemons refuse those when they start, and keakit
        # reports them (tests/check_hooks.rs, tests/check_daemons.rs judge them by starting
        # the daemons). For those, -t is not the oracle: left out.
        at_start_22=0 at_start_30=0
        if grep -q '"loggers"' "$f"; then
            case "$daemon" in
                kea-dhcp4 | kea-dhcp6) at_start_22=1 at_start_30=1 ;;
                kea-dhcp-ddns) at_start_30=1 ;;
            esac
        fi
        [ "$host" = 1 ] && [ "$at_start_22" = 0 ] && compare 2.2 "$daemon" "$work"
        [ -n "$root" ] && [ "$at_start_30" = 0 ] && compare 3.0 "$daemon" "$inside" "$root"
        continue
    fi
    inputs=$((inputs + 1))
    for u in 4 6; do
        [ "$host" = 1 ] && judge 2.2 "$u" "$work"
        [ -n "$root" ] && judge 3.0 "$u" "$inside" "$root"
    done
done
if [ "$mode" = check ]; then
    echo "kea differential (check): $inputs inputs, $judged verdicts compared with Kea's, $differ different"
    [ "$differ" = 0 ]
else
    echo "kea differential: $inputs inputs, $converted conversions checked by Kea, $rejected rejected"
    [ "$rejected" = 0 ]
fi
