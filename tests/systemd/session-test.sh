#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The door's boot session as accueil-kiosk.service starts it — xinit running
# config/kiosk/accueil-kiosk-session — with Xvfb standing in for the console's Xorg: the kiosk
# comes up full screen on the waiting screen, and the screen saver is off while it runs (the
# session's xset sees to it, and so does GLFW for a full-screen window; Xvfb has no DPMS to
# check). (The unit
# itself, its logind session on tty1 and the real Xorg need a machine with a console:
# docs/deploy-kiosk.md.)
#
# usage: session-test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d)
xinit_pid=""
cleanup() {
    [ -n "$xinit_pid" ] && kill "$xinit_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    [ -f "$work/xinit.log" ] && sed 's/^/    xinit: /' "$work/xinit.log" >&2
    exit 1
}
for tool in xinit xset Xvfb; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (run.sh installs xinit, x11-xserver-utils, xvfb)"
done

cd "$work"
# A door with a list and no central: the kiosk opens on it straight away.
cp "$src/config/event.toml" event.toml
printf '[kiosk]\nid = "door-1"\ndatabase = "kiosk.db"\nevent = "event.toml"\n' >kiosk.toml
"$build/kiosk/cli/accueil" demo-data --count 20 --event event.toml >registrants.csv
"$build/kiosk/cli/accueil" import --config kiosk.toml registrants.csv >/dev/null
# The installed session, pointed at this build's kiosk.
sed "s|/usr/bin/accueil-kiosk|$build/kiosk/app/accueil-kiosk|" \
    "$src/config/kiosk/accueil-kiosk-session" >session
chmod +x session
# The kiosk shows its first screen, then waits long enough for xset to be asked (the wait ends
# the run by itself; the test stops waiting as soon as it has its answer).
printf 'screenshot boot\nwait 20000\n' >tour.script

# A free display number.
display=""
for n in $(seq 60 160); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
        display=$n
        break
    fi
done
[ -n "$display" ] || fail "no free X display between :60 and :160"

# Xvfb's own screen saver starts at 600 s: 0 comes from the session.
ACCUEIL_KIOSK_CONFIG="$work/kiosk.toml" ACCUEIL_ASSETS_DIR="${ACCUEIL_ASSETS_DIR:-$src/assets}" \
    xinit "$work/session" --script "$work/tour.script" --screenshot-dir "$work" \
    -- "$(command -v Xvfb)" ":$display" -screen 0 1280x800x24 -nolisten tcp -s 600 \
    >xinit.log 2>&1 &
xinit_pid=$!

for _ in $(seq 300); do
    [ -s boot.png ] && break
    kill -0 "$xinit_pid" 2>/dev/null || fail "the session ended before the kiosk showed its screen"
    sleep 0.1
done
[ -s boot.png ] || fail "no screenshot from the kiosk within 30 s"
saver=$(DISPLAY=":$display" xset q | sed -n 's/^ *timeout: *\([0-9]*\).*/\1/p')
[ "$saver" = "0" ] || fail "the screen saver's timeout is '$saver' s, not 0: the door's screen would blank"
size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' boot.png)
[ "$size" = "1280x800" ] || fail "the kiosk's screen is $size, not the display's 1280x800: not full screen"
echo "session: xinit started the kiosk full screen ($size) on :$display, screen saver off"
kill "$xinit_pid" 2>/dev/null || true
wait "$xinit_pid" 2>/dev/null || true
xinit_pid=""
