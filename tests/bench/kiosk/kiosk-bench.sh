#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Kiosk benchmark: scan-to-screen latency, idle CPU and memory, on the real window under Xvfb.
#
#   tests/bench/kiosk/kiosk-bench.sh BUILD_DIR [REGISTRANTS] [SCANS] [IDLE_SECONDS]
#
# Makes a demo event with REGISTRANTS registrants (default 100000), then:
#  1. replays camera frames at 30 fps (640x480, each of SCANS badges (default 300) in one frame,
#     then 3 empty frames) through the scanner's ScanWorker, and reports the time from a
#     frame's capture to the end of the buffer swap that shows its answer (p50, p99, max),
#     which includes decoding, the store's commit and drawing;
#  2. leaves the kiosk on its waiting screen for IDLE_SECONDS (default 30) and reports its CPU
#     use (difference with a 1-second run, so start-up is not counted) and peak memory.
# Needs xvfb-run. The figures come from the kiosk's own --bench-out file (getrusage).
set -eu
BUILD=${1:?usage: kiosk-bench.sh BUILD_DIR [REGISTRANTS] [SCANS] [IDLE_SECONDS]}
COUNT=${2:-100000}
SCANS=${3:-300}
IDLE=${4:-30}
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
# The translations, also for a build configured with -DACCUEIL_PACKAGING=ON (no source path
# compiled in).
export ACCUEIL_ASSETS_DIR=${ACCUEIL_ASSETS_DIR:-$SRC/assets}
KIOSK="$BUILD/kiosk/app/accueil-kiosk"
ACCUEIL="$BUILD/kiosk/cli/accueil"
DIR=$(mktemp -d /tmp/accueil-kiosk-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT

cp "$SRC/config/event.toml" "$SRC/config/kiosk.toml" "$DIR/"
# The door alone: no central to sync with (the example names a token file it does not ship).
sed -i '/^\[central\]/,/^interval_seconds/d' "$DIR/kiosk.toml"
"$ACCUEIL" demo-data --count "$COUNT" > "$DIR/registrants.csv"
"$ACCUEIL" import --config "$DIR/kiosk.toml" "$DIR/registrants.csv" > /dev/null
echo 2468 | "$ACCUEIL" staff add --config "$DIR/kiosk.toml" --id bench --name Bench > /dev/null

run() { # run NAME SCRIPT
    xvfb-run -a -s "-screen 0 1920x1080x24" "$KIOSK" --config "$DIR/kiosk.toml" \
        --windowed 1920x1080 --no-vsync --clock 2025-06-17T09:00 --script "$2" \
        --bench-out "$DIR/$1.txt"
}
value() { awk -v k="$2" '$1 == k { print $2 }' "$DIR/$1.txt"; }

# 1. Frame to screen. Registrants spread over the list, none scanned twice.
mkdir "$DIR/frames"
"$BUILD/tests/bench/kiosk/accueil_kiosk_bench_frames" "$DIR/frames" "$SCANS" $((COUNT / (SCANS + 1))) 3
echo "wait $((SCANS * 4 * 1000 / 30 + 2000))" > "$DIR/scans.script"
xvfb-run -a -s "-screen 0 1920x1080x24" "$KIOSK" --config "$DIR/kiosk.toml" \
    --windowed 1920x1080 --no-vsync --clock 2025-06-17T09:00 --script "$DIR/scans.script" \
    --frames "$DIR/frames" --frames-fps 30 --bench-out "$DIR/scans.txt"
rm -rf "$DIR/frames"
awk '$1 == "latency_us" { print $2 }' "$DIR/scans.txt" | sort -n > "$DIR/lat.txt"
N=$(wc -l < "$DIR/lat.txt")
pct() { awk -v p="$1" -v n="$N" 'NR == int((n - 1) * p / 100) + 1 { printf "%.1f", $1 / 1000 }' "$DIR/lat.txt"; }
echo "frame capture to screen: $N of $SCANS badges shown, p50 $(pct 50) ms, p99 $(pct 99) ms, max $(pct 100) ms"
awk '$1 == "store_us" { print $2 }' "$DIR/scans.txt" | sort -n > "$DIR/lat.txt"
echo "  of which capture to commit (decode + store): p50 $(pct 50) ms, p99 $(pct 99) ms"
echo "  frame time: p50 $(awk '$1 == "frame_p50_us" { printf "%.1f", $2 / 1000 }' "$DIR/scans.txt") ms"

# 2. Idle CPU and memory.
echo "wait 1000" > "$DIR/short.script"
echo "wait $((IDLE * 1000 + 1000))" > "$DIR/long.script"
run short "$DIR/short.script"
run long "$DIR/long.script"
awk -v a="$(value short cpu_user_s)" -v b="$(value short cpu_sys_s)" \
    -v c="$(value long cpu_user_s)" -v d="$(value long cpu_sys_s)" -v s="$IDLE" \
    'BEGIN { printf "idle CPU: %.2f %% of one core over %d s\n", 100 * ((c + d) - (a + b)) / s, s }'
echo "peak memory (RSS) with $COUNT registrants: $(( $(value long max_rss_kb) / 1024 )) MB"
