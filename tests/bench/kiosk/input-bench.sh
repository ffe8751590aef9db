#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Scan-to-screen for each input path of the kiosk, on an idle machine and with a busy loop on
# every core, the real window under Xvfb at 1920x1080 (Mesa's software renderer, vsync on as
# at a door):
#   camera  badges replayed as 640x480 camera frames at 30 fps; timed by the kiosk from each
#           frame's capture to the end of the swap that shows its answer;
#   x       a keyboard-wedge scanner played as real X key events (XTEST) at DELAY_MS a key;
#           timed from just after its Return reached the X server (the driver's clock) to the
#           end of the answer's swap (the kiosk's clock; both are CLOCK_MONOTONIC);
#   evdev   a USB scanner's evdev records written to a FIFO the kiosk reads (--evdev-replay),
#           stamped as they are written; timed from just after the Enter was written. Also
#           "decode": from the Enter's kernel stamp to the scan read and verified on the
#           scanner's thread (input decoding itself).
#
#   tests/bench/kiosk/input-bench.sh BUILD_DIR [REGISTRANTS] [SCANS] [DELAY_MS] [PATHS] [LOADS]
#
# REGISTRANTS (default 100000) in the list; SCANS (default 100) badges per path and load, one
# every 600 ms; PATHS (default "camera x evdev"); LOADS (default "0 busy"). Needs xvfb-run and
# xdotool (to focus the window).
set -eu
BUILD=${1:?usage: input-bench.sh BUILD_DIR [REGISTRANTS] [SCANS] [DELAY_MS] [PATHS] [LOADS]}
COUNT=${2:-100000}
SCANS=${3:-100}
DELAY=${4:-5}
PATHS=${5:-camera x evdev}
LOADS=${6:-0 busy}
GAP=600
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
# The translations, also for a build configured with -DACCUEIL_PACKAGING=ON (no source path
# compiled in).
export ACCUEIL_ASSETS_DIR=${ACCUEIL_ASSETS_DIR:-$SRC/assets}
KIOSK="$BUILD/kiosk/app/accueil-kiosk"
ACCUEIL="$BUILD/kiosk/cli/accueil"
DRIVER="$BUILD/tests/kiosk/app/accueil_scan_driver"
DIR=$(mktemp -d /tmp/accueil-input-bench.XXXXXX)
busy=""
trap 'kill $busy 2>/dev/null; rm -rf "$DIR"' EXIT

cp "$SRC/config/event.toml" "$SRC/config/kiosk.toml" "$DIR/"
sed -i '/^\[central\]/,/^interval_seconds/d' "$DIR/kiosk.toml" # the door alone
"$ACCUEIL" demo-data --count "$COUNT" > "$DIR/registrants.csv"
"$ACCUEIL" import --config "$DIR/kiosk.toml" "$DIR/registrants.csv" > /dev/null
cp "$DIR/kiosk.db" "$DIR/fresh.db"
STEP=$((COUNT / (SCANS + 1)))
i=1
: > "$DIR/badges.txt"
while [ "$i" -le "$SCANS" ]; do
    printf 'REG-%06d\n' $((i * STEP)) >> "$DIR/badges.txt"
    i=$((i + 1))
done
# The kiosk runs until the driver is done, then is stopped by SIGTERM (it writes its figures
# as it leaves); the script only bounds it.
echo "wait 3600000" > "$DIR/long.script"

# pct FILE P: the P-th percentile of the numbers in FILE (µs), in ms.
pct() {
    sort -n "$1" > "$1.sorted"
    awk -v p="$2" -v n="$(wc -l < "$1.sorted")" \
        'NR == int((n - 1) * p / 100) + 1 { printf "%.1f", $1 / 1000 }' "$1.sorted"
}
report() { # report NAME LOAD FILE
    n=$(wc -l < "$3")
    echo "$2 $1: $n of $SCANS shown, p50 $(pct "$3" 50) ms, p99 $(pct "$3" 99) ms, max $(pct "$3" 100) ms"
}

# One kiosk run. run PATH LOAD
run() {
    cp "$DIR/fresh.db" "$DIR/kiosk.db"
    rm -f "$DIR/kiosk.db-wal" "$DIR/kiosk.db-shm" "$DIR/out.txt" "$DIR/sent.txt"
    cat > "$DIR/inner.sh" <<EOF
set -u
flags=""
case "$1" in
camera)
    mkdir -p "$DIR/frames"
    "$BUILD/tests/bench/kiosk/accueil_kiosk_bench_frames" "$DIR/frames" "$SCANS" "$STEP" 17
    flags="--frames $DIR/frames --frames-fps 30" ;;
evdev)
    rm -f "$DIR/scanner.fifo"; mkfifo "$DIR/scanner.fifo"
    flags="--evdev-replay $DIR/scanner.fifo" ;;
esac
"$KIOSK" --config "$DIR/kiosk.toml" --windowed 1920x1080 --clock 2025-06-17T09:00 \
    --script "$DIR/long.script" --bench-out "$DIR/out.txt" \$flags 2>"$DIR/stderr.txt" &
kiosk=\$!
win=\$(timeout 60 xdotool search --sync --onlyvisible --name '^Accueil\$' | head -n 1)
timeout 10 xdotool windowfocus --sync "\$win"
case "$1" in
camera) sleep $((SCANS * 18 / 30 + 3)) ;; # the frames play at their own pace
x) "$DRIVER" x $DELAY $GAP < "$DIR/badges.txt" > "$DIR/sent.txt"; sleep 1 ;;
evdev) "$DRIVER" evdev "$DIR/scanner.fifo" $DELAY $GAP < "$DIR/badges.txt" > "$DIR/sent.txt"
       sleep 1 ;;
esac
kill -TERM \$kiosk
wait \$kiosk
EOF
    xvfb-run -a -s "-screen 0 1920x1080x24" sh "$DIR/inner.sh"
    rm -rf "$DIR/frames"
    if [ "$1" = camera ]; then
        awk '$1 == "latency_us" { print $2 }' "$DIR/out.txt" > "$DIR/lat.txt"
    else
        # Each badge against the first answer shown after it was sent (one every GAP ms).
        awk '$1 == "sent_us" { print $2, "s" } $1 == "shown_at_us" { print $2, "a" }' \
            "$DIR/sent.txt" "$DIR/out.txt" | sort -n |
            awk '$2 == "s" { t = $1 } $2 == "a" && t { print $1 - t; t = 0 }' > "$DIR/lat.txt"
    fi
    report "$1" "$2" "$DIR/lat.txt"
    if [ "$1" = evdev ]; then
        awk '$1 == "decode_us" { print $2 }' "$DIR/out.txt" > "$DIR/dec.txt"
        echo "$2 evdev decode (Enter's kernel stamp to read and verified): p50 $(pct "$DIR/dec.txt" 50) ms, p99 $(pct "$DIR/dec.txt" 99) ms"
    fi
    awk '$1 == "frame_p50_us" { printf "  frame p50 %.1f ms\n", $2 / 1000 }' "$DIR/out.txt"
}

for load in $LOADS; do
    if [ "$load" = busy ]; then
        for _ in $(seq 1 "$(nproc)"); do
            sh -c 'while :; do :; done' &
            busy="$busy $!"
        done
    fi
    for path in $PATHS; do
        run "$path" "$load"
    done
    if [ -n "$busy" ]; then
        # shellcheck disable=SC2086 # one pid per word
        kill $busy
        busy=""
    fi
done
