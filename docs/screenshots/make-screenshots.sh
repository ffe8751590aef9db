#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/screenshots/*.png: a demo event with 400 registrants, a morning of
# arrivals, then the kiosk under Xvfb running screenshots.script (960x540 PNGs).
#
#   docs/screenshots/make-screenshots.sh BUILD_DIR [OUT_DIR]
set -eu
BUILD=${1:?usage: make-screenshots.sh BUILD_DIR [OUT_DIR]}
HERE=$(cd "$(dirname "$0")" && pwd)
# The translations, also for a build configured with -DACCUEIL_PACKAGING=ON (no source path
# compiled in).
export ACCUEIL_ASSETS_DIR=${ACCUEIL_ASSETS_DIR:-$HERE/../../assets}
OUT=${2:-$HERE}
SRC=$(cd "$HERE/../.." && pwd)
ACCUEIL="$BUILD/kiosk/cli/accueil"
DIR=$(mktemp -d /tmp/accueil-screenshots.XXXXXX)
trap 'rm -rf "$DIR"' EXIT

cp "$SRC/config/event.toml" "$SRC/config/kiosk.toml" "$DIR/"
# Demo registrants, plus a hold (REG-000010) and a preferred language (REG-000012 French).
"$ACCUEIL" demo-data --count 400 | awk -F, '{ sub(/\r$/, "") }
    NR == 1 { print $0 ",hold_note,language"; next }
    $1 == "REG-000010" { print $0 ",Collect your replacement badge,"; next }
    $1 == "REG-000012" { print $0 ",,fr"; next }
    { print $0 ",," }' > "$DIR/registrants.csv"
"$ACCUEIL" import --config "$DIR/kiosk.toml" "$DIR/registrants.csv" > /dev/null
echo 2468 | "$ACCUEIL" staff add --config "$DIR/kiosk.toml" --id amina --name "Amina Diallo" > /dev/null
# A morning of arrivals between 07:45 and 10:30 for the day view's chart.
i=20
while [ "$i" -le 140 ]; do
    m=$(( (i * 7) % 165 + 45 ))
    "$ACCUEIL" checkin --config "$DIR/kiosk.toml" --payload "$(printf 'REG-%06d' "$i")" \
        --at "$(printf '2025-06-17T%02d:%02d:00' $((7 + m / 60)) $((m % 60)))" > /dev/null
    i=$((i + 1))
done
xvfb-run -a -s "-screen 0 1920x1080x24" "$BUILD/kiosk/app/accueil-kiosk" \
    --config "$DIR/kiosk.toml" --windowed 1920x1080 --clock 2025-06-17T10:42 \
    --script "$HERE/screenshots.script" --screenshot-dir "$OUT" --screenshot-halvings 1
echo "screenshots written to $OUT"
