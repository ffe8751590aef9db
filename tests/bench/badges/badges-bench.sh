#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Badge printing benchmark: the desk issues every badge of a demo list, as one print-ready PDF
# and as one PNG each, and the time and peak memory of each run are reported.
#
#   tests/bench/badges/badges-bench.sh BUILD_DIR [REGISTRANTS]
#
# REGISTRANTS (default 1000) made-up delegates in every script of the demo list (Latin, Greek,
# Cyrillic, Arabic, Chinese). Figures from GNU time (elapsed seconds, maximum resident set).
set -eu
BUILD=${1:?usage: badges-bench.sh BUILD_DIR [REGISTRANTS]}
COUNT=${2:-1000}
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
ACCUEIL="$BUILD/kiosk/cli/accueil"
DIR=$(mktemp -d /tmp/accueil-badges-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT

cp "$SRC/config/event.toml" "$DIR/"
printf '[kiosk]\nid = "desk"\ndatabase = "desk.db"\nevent = "event.toml"\n' >"$DIR/kiosk.toml"
"$ACCUEIL" demo-data --count "$COUNT" --event "$DIR/event.toml" >"$DIR/list.csv"
"$ACCUEIL" import --config "$DIR/kiosk.toml" "$DIR/list.csv" >/dev/null
"$ACCUEIL" badge keygen --out "$DIR/desk.key" >/dev/null

# run NAME ARGS...: one `badge issue --all` run, timed.
run() {
    name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$DIR/time" "$ACCUEIL" badge issue --key "$DIR/desk.key" \
        --config "$DIR/kiosk.toml" --all "$@" >"$DIR/tokens" 2>/dev/null
    read -r seconds kib <"$DIR/time"
    badges=$(wc -l <"$DIR/tokens")
    echo "$name: $badges badges in $seconds s ($(echo "$badges $seconds" |
        awk '{ printf "%.0f", ($2 > 0) ? $1 / $2 : 0 }') a second), peak memory $((kib / 1024)) MB"
}
run "one PDF, A6" --pdf "$DIR/badges.pdf"
echo "    file: $(($(stat -c %s "$DIR/badges.pdf") / 1024)) KiB"
run "one PDF, A6 with crop marks" --pdf "$DIR/crop.pdf" --crop-marks
run "a PNG each, A6 at 300 dpi" --out-dir "$DIR/png"
