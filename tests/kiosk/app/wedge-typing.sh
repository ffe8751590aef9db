#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run under xvfb-run by ScenarioTest: the kiosk with both cores kept busy, and a wedge scanner
# played by real X key events (xdotool, XTEST). Usage: wedge-typing.sh DIR KIOSK [FLAGS [DRIVER]].
# With DRIVER (accueil_scan_driver), the scanner is a USB one read through evdev instead: its
# records go through a FIFO the kiosk reads with --evdev-replay, stamped as they are written.
# Each line of DIR/badges.txt is
# "DELAY_MS ID TOKEN": TOKEN typed DELAY_MS apart, then Return; the next badge waits until the
# kiosk has recorded a scan of ID (at most 15 s: a badge cut into pieces never is). Exits 0
# once every badge was typed; the test reads the kiosk's database afterwards. FLAGS, if
# given, go on the kiosk's command line.
set -u
dir=$1
kiosk=$2
flags=${3:-}
driver=${4:-}
if [ -n "$driver" ]; then
    rm -f "$dir/scanner.fifo"
    mkfifo "$dir/scanner.fifo" || exit 13
    flags="$flags --evdev-replay $dir/scanner.fifo"
fi

# One busy door at a time on this machine: two of these tests side by side (ctest -j) would
# load four busy loops and two software-rendered kiosks onto the cores, not the field's two.
exec 9>"${TMPDIR:-/tmp}/accueil-busy-door.lock"
flock 9

busy=""
for _ in $(seq 1 "$(nproc)"); do
    sh -c 'while :; do :; done' &
    busy="$busy $!"
done
# shellcheck disable=SC2086 # flags are words
"$kiosk" --config "$dir/kiosk.toml" --windowed 1920x1080 --clock 2025-06-17T09:00 \
    --script "$dir/script.txt" $flags 2>"$dir/stderr.txt" &
kiosk_pid=$!
finish() {
    # shellcheck disable=SC2086 # one pid per word
    kill $busy "$kiosk_pid" 2>/dev/null
    wait "$kiosk_pid" 2>/dev/null
    exit "$1"
}

# Visible: the kiosk shows its window once its fonts are built, ready for keys.
win=$(timeout 60 xdotool search --sync --onlyvisible --name '^Accueil$' 2>/dev/null | head -n 1)
[ -n "$win" ] || finish 10
timeout 10 xdotool windowfocus --sync "$win" || finish 11

recorded() {
    sqlite3 -cmd '.timeout 5000' "$dir/kiosk.db" \
        "SELECT COUNT(*) FROM audit WHERE action = 'scan' AND registrant_id = '$1'" \
        2>/dev/null || echo 0
}
while read -r delay id token; do
    if [ -n "$driver" ]; then
        echo "$token" | timeout 30 "$driver" evdev "$dir/scanner.fifo" "$delay" 0 >/dev/null ||
            finish 12
    else
        timeout 30 xdotool type --delay "$delay" "$token" || finish 12
        timeout 5 xdotool key Return || finish 12
    fi
    # The next delegate steps up once the kiosk has answered this one.
    for _ in $(seq 1 150); do
        [ "$(recorded "$id")" -ge 1 ] && break
        sleep 0.1
    done
done <"$dir/badges.txt"
finish 0
