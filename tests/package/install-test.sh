#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The packages on a clean Debian 12: install, use, purge, nothing left (docs/packaging.md).
#
#   tests/package/install-test.sh PACKAGE_DIR WORK_DIR
#
# Makes a minimal Debian 12 root with debootstrap in WORK_DIR/root (from the mirror this
# machine's apt uses), installs PACKAGE_DIR/accueil_*.deb and accueil-kiosk_*.deb there with
# apt-get, which must resolve every dependency from the declared Depends alone, runs a short
# demo from the installed files only (central server on loopback, one sync, one check-in),
# checks the users, folders and units, then purges both packages and their dependencies and
# compares the root's file list with the one taken before: any file of ours left fails.
# Run as root. Everything stays under WORK_DIR (nothing is cached elsewhere); the root is
# rebuilt each run. Took 74 to 86 s on 2 cores (most of it debootstrap and apt downloading).
set -euo pipefail

pkg_dir=$(realpath "$1")
work=$(realpath -m "$2")
root=$work/root
SECONDS=0

step() { echo "==> [install test, ${SECONDS}s] $*"; }
fail() {
    echo "install test: FAILED: $*" >&2
    exit 1
}

[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap and chroot need it)"
debs=("$pkg_dir"/accueil_*.deb "$pkg_dir"/accueil-kiosk_*.deb)
for deb in "${debs[@]}"; do
    [ -f "$deb" ] || fail "no package $deb (./run.sh package first)"
done

# The Debian mirror of this machine's apt configuration (deb822 .sources or sources.list).
mirror=$(
    {
        cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
            /^URIs:/ { uri = $2 } /^Suites:/ { if ($0 ~ / bookworm( |$)/) print uri }'
        grep -hE '^deb +(\[[^]]*\] +)?[a-z]+://[^ ]+ +bookworm ' /etc/apt/sources.list \
            /etc/apt/sources.list.d/*.list 2>/dev/null | sed -E 's/^deb +(\[[^]]*\] +)?//' |
            awk '{ print $1 }'
    } | head -n1
) || true
mirror=${mirror:-http://deb.debian.org/debian}

mounted=()
cleanup() {
    local status=$?
    local m
    # The demo's server, if the demo stopped half-way: every process whose root is ours.
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
    done
    for ((m = ${#mounted[@]} - 1; m >= 0; m--)); do
        umount "${mounted[m]}" 2>/dev/null || umount -l "${mounted[m]}" 2>/dev/null || true
    done
    if ((status == 0)); then
        rm -rf "$root"
    else
        echo "install test: the root is kept in $root for a look" >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A root left mounted by a killed earlier run.
for m in proc dev/pts dev; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
done
rm -rf "$root"
mkdir -p "$work"

step "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    fail "debootstrap failed (log: $work/debootstrap.log): $(tail -n3 "$work/debootstrap.log")"

mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# The same archive suites as this machine (updates, security), so the libraries the build
# linked are at least as new in the root.
rm -f "$root/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && cp "$f" "$root$f"
done
# No service starts inside the root (deb-systemd-invoke and invoke-rc.d read this).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }
in_root apt-get update -q >"$work/apt-update.log" 2>&1 || fail "apt-get update (log: $work/apt-update.log)"

# The root's files before: everything but kernel file systems, scratch space, apt's and dpkg's
# bookkeeping, logs and caches.
snapshot() {
    (cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys -o -path ./tmp \
        -o -path ./run -o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./var/log \
        -o -path ./var/cache -o -path ./usr/sbin/policy-rc.d \) -prune -o -print | sort)
}
snapshot >"$work/files-before.txt"

step "apt-get install ./$(basename "${debs[0]}") ./$(basename "${debs[1]}") (dependencies from the archive)"
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
# Recommends (the X server, xinit, xset for the boot session) are left out to keep the test
# short; that their names exist in the archive is checked below.
in_root sh -c 'cd /tmp/debs && apt-get install -y -q --no-install-recommends ./accueil_*.deb ./accueil-kiosk_*.deb' \
    >"$work/apt-install.log" 2>&1 || fail "apt-get install (log: $work/apt-install.log): $(tail -n5 "$work/apt-install.log")"
echo "    $(grep -c '^Setting up' "$work/apt-install.log") packages set up"
for p in $(dpkg-deb -f "$pkg_dir"/accueil-kiosk_*.deb Recommends | tr -d ' ' | tr ',' ' '); do
    in_root apt-cache show "$p" >/dev/null 2>&1 || fail "Recommends: $p is not in the archive"
done

step "the programs from the installed files"
in_root accueil --version
in_root accueil-kiosk --version
in_root accueil-kiosk --help >/dev/null

# A free loopback port (the root shares this machine's network): one nobody accepts on.
port=""
for p in $(seq 18470 18570); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || fail "no free port in 18470-18570"

cat >"$root/tmp/demo.sh" <<'DEMO'
set -eu
port=$1
dir=$(mktemp -d)
cd "$dir"
cp /usr/share/doc/accueil/examples/*.toml .
pk=$(accueil badge keygen --out desk.key)
sed -i "s|^# public_keys = .*|public_keys = [\"$pk\"]|" event.toml
sed -i "s|^listen = .*|listen = \"127.0.0.1:$port\"|" central.toml
sed -i "s|^url = .*|url = \"http://127.0.0.1:$port\"|" kiosk.toml
accueil demo-data --count 20 --event event.toml >registrants.csv
accueil central --config central.toml init
accueil central --config central.toml import registrants.csv
accueil central --config central.toml kiosk add --id door-1 --token-file door-1.token >/dev/null
accueil central --config central.toml serve >central.log 2>&1 &
central=$!
echo "central serve on 127.0.0.1:$port (process $central)"
# Until the server answers: each try is a real sync round; at most 100 tries, 0.1 s apart.
tries=0
until accueil sync --config kiosk.toml --once >sync.log 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ] || ! kill -0 "$central" 2>/dev/null; then
        echo "the central did not answer:" >&2
        cat central.log sync.log >&2
        exit 1
    fi
    sleep 0.1
done
tail -n1 sync.log
out=$(accueil checkin --config kiosk.toml --payload REG-000001 --at 2025-06-17T09:00)
echo "$out"
echo "$out" | grep -qi admitted || { echo "REG-000001 was not admitted" >&2; exit 1; }
# The installation checked as an installer would: no check may fail (warnings, such as no
# display in this root, are allowed). The kiosk needs a staff account to pass.
echo 2468 | accueil staff add --config kiosk.toml --id amina --name "Amina Diallo" >/dev/null
accueil doctor --config kiosk.toml || { echo "accueil doctor failed on the kiosk" >&2; exit 1; }
accueil doctor --config central.toml || { echo "accueil doctor failed on the central" >&2; exit 1; }
kill -TERM "$central"
tries=0
while kill -0 "$central" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || { echo "the central did not stop on SIGTERM" >&2; exit 1; }
    sleep 0.1
done
wait "$central" || { echo "the central exited with status $?" >&2; exit 1; }
echo "central stopped"
rm -rf "$dir"
DEMO
step "demo: badge keygen, demo-data, central init/import/kiosk add/serve, sync --once, checkin, doctor"
in_root bash /tmp/demo.sh "$port" || fail "the demo from the installed files"

step "users, folders, units"
in_root getent passwd accueil | grep -q ':/var/lib/accueil:' || fail "user accueil (home /var/lib/accueil)"
in_root getent passwd accueil-kiosk | grep -q ':/var/lib/accueil-kiosk:' ||
    fail "user accueil-kiosk (home /var/lib/accueil-kiosk)"
kiosk_groups=$(in_root id -nG accueil-kiosk)
for g in input video audio render; do
    [[ " $kiosk_groups " == *" $g "* ]] || fail "accueil-kiosk is not in group $g ($kiosk_groups)"
done
echo "    accueil-kiosk is in: $kiosk_groups"
for spec in "/var/lib/accueil 700 accueil accueil" "/var/lib/accueil-kiosk 700 accueil-kiosk accueil-kiosk" \
    "/etc/accueil 755 root root"; do
    set -- $spec
    got=$(in_root stat -c "%a %U %G" "$1") || fail "$1 missing"
    [ "$got" = "$2 $3 $4" ] || fail "$1 is $got, expected $2 $3 $4"
    echo "    $1: $got"
done
for f in /usr/lib/systemd/system/accueil-central.service /usr/lib/systemd/system/accueil-kiosk.service \
    /usr/lib/systemd/system/accueil-nightly.timer /usr/libexec/accueil/accueil-kiosk-session \
    /usr/lib/sysusers.d/accueil.conf /usr/lib/tmpfiles.d/accueil-kiosk.conf \
    /usr/share/accueil/i18n/en.toml /usr/share/man/man1/accueil.1.gz \
    /usr/share/bash-completion/completions/accueil /usr/share/doc/accueil/copyright; do
    [ -e "$root$f" ] || fail "$f is not installed"
done
[ -x "$root/usr/libexec/accueil/accueil-kiosk-session" ] || fail "the kiosk session is not executable"
[ -L "$root/etc/systemd/system/multi-user.target.wants/accueil-central.service" ] ||
    fail "accueil-central.service is not enabled"
[ -L "$root/etc/systemd/system/graphical.target.wants/accueil-kiosk.service" ] ||
    fail "accueil-kiosk.service is not enabled"
[ -L "$root/etc/systemd/system/timers.target.wants/accueil-kiosk-nightly.timer" ] ||
    fail "accueil-kiosk-nightly.timer is not enabled"
# A headless sync box's loop and night job are enabled by hand: on a door with a screen they
# would sync the kiosk's database a second time, as another user.
for unit in multi-user.target.wants/accueil-sync.service timers.target.wants/accueil-nightly.timer; do
    [ ! -e "$root/etc/systemd/system/$unit" ] || fail "${unit#*/} is enabled; it is for a headless box only"
done
echo "    units installed and enabled (not started: no configuration in /etc/accueil)"

step "apt-get install --reinstall (postinst again, as on an upgrade: users and links kept)"
in_root sh -c 'cd /tmp/debs && apt-get install -y -q --reinstall --no-install-recommends ./accueil_*.deb ./accueil-kiosk_*.deb' \
    >"$work/apt-reinstall.log" 2>&1 || fail "apt-get install --reinstall (log: $work/apt-reinstall.log)"
[ "$(in_root stat -c '%a %U' /var/lib/accueil)" = "700 accueil" ] || fail "/var/lib/accueil after reinstall"
[ -L "$root/etc/systemd/system/multi-user.target.wants/accueil-central.service" ] ||
    fail "accueil-central.service is no longer enabled after reinstall"

step "apt-get purge accueil-kiosk accueil, then the dependencies they brought (autoremove)"
in_root apt-get purge -y -q accueil-kiosk accueil >"$work/apt-purge.log" 2>&1 ||
    fail "apt-get purge (log: $work/apt-purge.log)"
in_root apt-get autoremove --purge -y -q >>"$work/apt-purge.log" 2>&1 ||
    fail "apt-get autoremove (log: $work/apt-purge.log)"
snapshot >"$work/files-after.txt"
comm -13 "$work/files-before.txt" "$work/files-after.txt" >"$work/files-left.txt"
ours=$(grep -i 'accueil' "$work/files-left.txt" || true)
[ -z "$ours" ] || fail "left after purge: $ours"
for db in passwd group shadow gshadow; do
    if grep -i 'accueil' "$root/etc/$db"; then
        fail "/etc/$db still names accueil"
    fi
done
if [ -s "$work/files-left.txt" ]; then
    echo "    left by the dependencies' own scripts (not ours; $work/files-left.txt):"
    sed 's/^/      /' "$work/files-left.txt" | head -n 15
fi
step "passed: installed, used and purged without a trace"
