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

# An exit door of the building, and the entrance of a plenary room of 60 seats.
printf '\n[zones.plenary]\ncapacity = 60\nname = { en = "Plenary room", fr = "Salle plénière", es = "Sala plenaria" }\n' \
    >> "$DIR/event.toml"
door() { # door ID ZONE DIRECTION: a kiosk.toml of its own, with the list imported
    sed -e "s/^id = .*/id = \"$1\"/" -e "s/^database = .*/database = \"$1.db\"/" \
        -e "s/^token_file = .*/token_file = \"$1.token\"/" \
        -e "s/^languages = .*/&\nzone = \"$2\"\ndirection = \"$3\"/" \
        "$DIR/kiosk.toml" > "$DIR/$1.toml"
    "$ACCUEIL" import --config "$DIR/$1.toml" "$DIR/registrants.csv" > /dev/null
}
door exit-1 building out
door plenary-1 plenary in
# 54 of those registered for 17 June (active, no hold) are in the room; six more fill it, and
# the next is refused. The script is written here: it names them.
awk -F, 'NR > 1 && $9 == "active" && ($8 == "all" || index($8, "2025-06-17")) &&
    $1 != "REG-000010" { print $1 }' "$DIR/registrants.csv" | head -61 > "$DIR/plenary.ids"
head -54 "$DIR/plenary.ids" | while read -r id; do
    "$ACCUEIL" checkin --config "$DIR/plenary-1.toml" --payload "$id" \
        --at 2025-06-17T10:00:00 > /dev/null
done
{
    echo "wait 300"
    echo "screenshot capacity-amber"
    sed -n '55,60p' "$DIR/plenary.ids" | sed 's/^/scan /'
    echo "wait 3100"
    echo "screenshot capacity-red"
    sed -n '61p' "$DIR/plenary.ids" | sed 's/^/scan /'
    echo "screenshot outcome-room-full"
} > "$DIR/plenary-1.script"
xvfb-run -a -s "-screen 0 1920x1080x24" "$BUILD/kiosk/app/accueil-kiosk" \
    --config "$DIR/exit-1.toml" --windowed 1920x1080 --clock 2025-06-17T10:42 \
    --script "$HERE/exit-1.script" --screenshot-dir "$OUT" --screenshot-halvings 1
xvfb-run -a -s "-screen 0 1920x1080x24" "$BUILD/kiosk/app/accueil-kiosk" \
    --config "$DIR/plenary-1.toml" --windowed 1920x1080 --clock 2025-06-17T10:42 \
    --script "$DIR/plenary-1.script" --screenshot-dir "$OUT" --screenshot-halvings 1
echo "screenshots written to $OUT"
