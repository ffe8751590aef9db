#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The systemd units of config/systemd, checked the way a venue's machine would run them:
#
#   1. every unit loads (`systemd-analyze verify`, its ExecStart pointed at this build);
#   2. the central's, the sync loop's, the night jobs' and the freeze job's services rate at most
#      2.5 in `systemd-analyze security` (the kiosk's screen session is rated but not held to
#      it: an X server needs the console's devices);
#   3. with --syscalls: every system call the `accueil` program makes in a day's work (a central
#      serving a kiosk's rounds, the sync loop, the night job, the freeze, a report), traced with
#      strace, passes the unit's own SystemCallFilter=, expanded by systemd-analyze itself. A
#      call outside it would fail with EPERM on a real machine, in the field, at night.
#
# usage: units-test.sh SOURCE_DIR ACCUEIL_BINARY [--syscalls]
set -euo pipefail
src=$1
bin=$2
syscalls=${3:-}
units="$src/config/systemd"
work=$(mktemp -d)
central_pid=""
cleanup() {
    [ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

echo "== 1. units load"
mkdir -p "$work/units"
for unit in "$units"/*.service "$units"/*.timer; do
    name=$(basename "$unit")
    # The programs live in /usr/bin once installed; here, this build's. xinit, which starts
    # the kiosk's X session, is recommended by the kiosk's package, not needed by the tests.
    sed -e "s|/usr/bin/accueil-kiosk|$(dirname "$bin")/../app/accueil-kiosk|g" \
        -e "s|/usr/bin/accueil |$bin |g" \
        -e "s|/usr/libexec/accueil/accueil-kiosk-session|$src/config/kiosk/accueil-kiosk-session|g" \
        -e "s|/usr/bin/xinit |$(command -v xinit || echo /bin/sh) |g" \
        "$unit" >"$work/units/$name"
done
for unit in "$work"/units/*; do
    # Only lines about our files count: verify also reports the units ours point at
    # (getty@tty1.service…) when this machine does not have them.
    if ! out=$(cd "$work/units" && systemd-analyze verify --man=no "$unit" 2>&1); then
        ours=$(printf '%s\n' "$out" | grep -F "$(basename "$unit")" || true)
        if [ -n "$ours" ]; then
            fail "systemd-analyze verify $(basename "$unit"): $ours"
        fi
    fi
done
echo "   $(ls "$work/units" | wc -l) unit files"

echo "== 2. exposure (systemd-analyze security, at most 2.5)"
for unit in "$units"/*.service; do
    name=$(basename "$unit")
    score=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null |
        sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
    if [ -z "$score" ]; then
        fail "$name: systemd-analyze security gave no score"
        continue
    fi
    echo "   $name: $score"
    case "$name" in
    accueil-kiosk.service) ;;
    *)
        # --threshold takes tenths: 25 = 2.5.
        if ! systemd-analyze security --offline=yes --threshold=25 "$unit" >/dev/null 2>&1; then
            fail "$name rates $score, above 2.5"
        fi
        ;;
    esac
done

if [ "$syscalls" != "--syscalls" ]; then
    [ "$failures" -eq 0 ] || exit 1
    echo "units: all checks passed"
    exit 0
fi

echo "== 3. system calls of a day's work against each unit's SystemCallFilter="
# The set a unit allows: its SystemCallFilter= lines in order (an allow list, then ~ lines
# taking groups away), each group expanded by systemd-analyze, nested groups included.
allowed_by() {
    python3 - "$1" <<'PY'
import re, subprocess, sys
def expand(name, seen=None):
    seen = seen if seen is not None else set()
    if not name.startswith("@"):
        return {name}
    if name in seen:
        return set()
    seen.add(name)
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True,
                         text=True, check=True).stdout
    result = set()
    for line in out.splitlines()[1:]:
        word = line.strip()
        if word and not word.startswith("#"):
            result |= expand(word, seen)
    return result
allowed = None
for line in open(sys.argv[1]):
    m = re.match(r"SystemCallFilter=(~?)(.*)", line.strip())
    if not m:
        continue
    names = set().union(*(expand(w) for w in m.group(2).split())) if m.group(2).split() else set()
    if m.group(1):
        allowed = (allowed or set()) - names
    else:
        allowed = (allowed or set()) | names
if allowed is None:
    sys.exit(f"{sys.argv[1]}: no SystemCallFilter=")
print("\n".join(sorted(allowed)))
PY
}
# Every system call name in an strace -f log (including "<... read resumed>" lines).
calls_in() {
    sed -n -e 's/^[0-9]\{1,\} \{1,\}\([a-z_0-9]\{1,\}\)(.*/\1/p' \
        -e 's/^[0-9]\{1,\} \{1,\}<\.\.\. \([a-z_0-9]\{1,\}\) resumed>.*/\1/p' "$@" | sort -u
}
# The units run as the `accueil` user, never as root (as root SQLite, for one, also chowns its
# journal files): as root, this test runs the program as nobody.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 0777 "$work"
fi
trace() {
    local log=$1
    shift
    "${as_user[@]}" strace -f -qq -o "$log" "$@"
}

cd "$work"
run() { "${as_user[@]}" "$bin" "$@"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp "$src/config/event.toml" event.toml
pk=$(run badge keygen --out desk.key)
sed -i "s|^# public_keys = .*|public_keys = [\"$pk\"]|" event.toml
cat >central.toml <<TOML
[central]
database = "central.db"
listen = "127.0.0.1:$port"
event = "event.toml"
TOML
cat >kiosk.toml <<TOML
[kiosk]
id = "door-1"
database = "kiosk.db"
event = "event.toml"
[central]
url = "http://127.0.0.1:$port"
token_file = "door-1.token"
interval_seconds = 1
TOML
run demo-data --count 50 --event event.toml >registrants.csv
trace central-init.log "$bin" central --config central.toml init >/dev/null
trace central-import.log "$bin" central --config central.toml import registrants.csv >/dev/null
run central --config central.toml kiosk add --id door-1 --token-file door-1.token >/dev/null
"${as_user[@]}" strace -f -qq -o central-serve.log "$bin" central --config central.toml serve >central.err 2>&1 &
strace_pid=$!
# The central's own pid is strace's child.
for _ in $(seq 100); do
    central_pid=$(pgrep -P "$strace_pid" || true)
    [ -n "$central_pid" ] && break
    sleep 0.1
done
[ -n "$central_pid" ] || { fail "the central did not start under strace"; exit 1; }
ready=""
for _ in $(seq 100); do
    if run sync --config kiosk.toml --once >/dev/null 2>&1; then ready=yes && break; fi
    kill -0 "$central_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$ready" ] || { cat central.err >&2; fail "the central did not answer"; exit 1; }
run checkin --config kiosk.toml --payload REG-000001 --at 2025-06-17T09:00:00 >/dev/null
trace sync-once.log "$bin" sync --config kiosk.toml --once >/dev/null
run checkin --config kiosk.toml --payload REG-000002 --at 2025-06-17T09:05:00 >/dev/null
# The loop, until the central logs a push after it started: REG-000002's arrival went through.
pushes_before=$(grep -c 'pushed' central.err || true)
"${as_user[@]}" strace -f -qq -o sync-loop.log "$bin" sync --config kiosk.toml >sync-loop.err 2>&1 &
loop_strace=$!
pushed=""
for _ in $(seq 200); do
    if [ "$(grep -c 'pushed' central.err || true)" -gt "$pushes_before" ]; then
        pushed=yes && break
    fi
    sleep 0.1
done
loop_pid=$(pgrep -P "$loop_strace" || true)
[ -n "$loop_pid" ] && kill -TERM "$loop_pid"
wait "$loop_strace" || fail "the sync loop did not stop cleanly on SIGTERM"
[ -n "$pushed" ] || fail "the sync loop did not push REG-000002's arrival within 20 s"
"${as_user[@]}" mkdir -p reports
trace sync-nightly.log "$bin" sync --config kiosk.toml --nightly --report-dir reports --day 2025-06-17 >/dev/null
kill -TERM "$central_pid"
wait "$strace_pid" || fail "the central did not stop cleanly on SIGTERM"
central_pid=""
# The freeze as its unit runs it: the day's documents too (the PDF's fonts, the workbook's zip).
trace central-freeze.log "$bin" central --config central.toml freeze --day 2025-06-17 \
    --out-dir "$work/frozen" >/dev/null
for ext in csv json xlsx pdf; do
    [ -s "$work/frozen/apmbc-ism-2025-2025-06-17.$ext" ] || fail "freeze --out-dir wrote no $ext"
done
trace central-report.log "$bin" central --config central.toml report --day 2025-06-17 --format json >/dev/null

check_unit() {
    local unit=$1
    shift
    allowed_by "$units/$unit" >"allowed-$unit"
    local used
    used=$(calls_in "$@")
    local outside
    outside=$(comm -23 <(printf '%s\n' "$used") "allowed-$unit")
    echo "   $unit: $(printf '%s\n' "$used" | wc -l) distinct calls, $(wc -l <"allowed-$unit") allowed"
    if [ -n "$outside" ]; then
        fail "$unit: calls outside its SystemCallFilter=: $(echo $outside)"
    fi
}
check_unit accueil-central.service central-init.log central-serve.log
check_unit accueil-sync.service sync-loop.log sync-once.log
check_unit accueil-nightly.service sync-nightly.log
check_unit accueil-kiosk-nightly.service sync-nightly.log
check_unit accueil-freeze.service central-freeze.log central-report.log

[ "$failures" -eq 0 ] || exit 1
echo "units: all checks passed"
