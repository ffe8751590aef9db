#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Font atlas benchmark: build time, texture size and the kiosk's peak memory with a large list
# in many scripts, on the real window under Xvfb.
#
#   tests/kiosk/app/fonts-bench.sh BUILD_DIR [REGISTRANTS] [CJK_NAMES] [CHARSET]
#
# Makes REGISTRANTS demo registrants (default 100000), gives CJK_NAMES of them (default 3000)
# Chinese names and as many Hindi names in Devanagari, then starts the kiosk with all six
# languages for 3 seconds and reports, from its --bench-out file: the time to read the list's
# characters and to build the atlas, the glyphs, the texture's size and the peak RSS.
# CHARSET "common" (default) draws the Chinese names from about 100 surnames and 250 common
# given-name characters, as a meeting's list has them; "wide" from every ideograph of
# U+4E00-U+9FA5, the worst case (thousands of distinct characters).
set -eu
BUILD=${1:?usage: fonts-bench.sh BUILD_DIR [REGISTRANTS] [CJK_NAMES] [CHARSET]}
COUNT=${2:-100000}
CJK=${3:-3000}
CHARSET=${4:-common}
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
export ACCUEIL_ASSETS_DIR=${ACCUEIL_ASSETS_DIR:-$SRC/assets}
KIOSK="$BUILD/kiosk/app/accueil-kiosk"
ACCUEIL="$BUILD/kiosk/cli/accueil"
DIR=$(mktemp -d /tmp/accueil-fonts-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT

cp "$SRC/config/event.toml" "$SRC/config/kiosk.toml" "$DIR/"
sed -i '/^\[central\]/,/^interval_seconds/d' "$DIR/kiosk.toml"
"$ACCUEIL" demo-data --count "$COUNT" > "$DIR/demo.csv"
python3 - "$DIR/demo.csv" "$DIR/registrants.csv" "$CJK" "$CHARSET" <<'PY'
import csv, random, sys
src, dst, cjk, charset = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rng = random.Random(2025)
surnames = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
given = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆帅旭宁文雪琳晨阳博思远子涵欣怡梓萱诗雨佳琪嘉欣雅婷梦瑶晓东海波建国志伟建华国强永刚春梅秋菊冬梅丹凤慧敏晶晶倩婷颖莉蕾薇蓉婕琦瑾璐瑛琼岚悦语彤可馨若汐沐宸奕泽皓轩俊杰天佑浩然子轩梓豪宇航明哲思源睿博煜祺昊然弘毅立诚致远振华德胜光明志强德华永康学文耀祖嘉懿瑞霖晟睿承泽锦程鸿涛鑫磊骏驰铭轩景行修齐云飞星辰月华春晖夏雨秋实冬青松柏竹梅兰菊荷莲桃杏梨枫桐楠楷榕槐樱杉柳桦梧棠琴瑟书画诗词歌赋琳琅珊瑚瑶瑜璇玮珂珍珠钰铃铭锐锋钧铎镇")
deva_given = ["प्रिया", "अर्जुन", "राहुल", "आशा", "सुनीता", "विकास", "अनीता", "रोहित", "पूजा", "संजय", "दीपिका", "अमित"]
deva_family = ["शर्मा", "वर्मा", "गुप्ता", "सिंह", "पटेल", "कुमार", "जोशी", "मेहता"]
def han():
    if charset == "wide":
        return chr(rng.randint(0x4E00, 0x9FA5))
    return rng.choice(given)
with open(src, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
gi, fi, di = header.index("given_name"), header.index("family_name"), header.index("delegation")
step = max(1, len(body) // max(1, 2 * cjk))
n = 0
for i in range(0, len(body), step):
    r = body[i]
    if n < cjk:
        r[gi] = han() + (han() if rng.random() < 0.7 else "")
        r[fi] = chr(rng.randint(0x4E00, 0x9FA5)) if charset == "wide" else rng.choice(surnames)
        r[di] = "中国"
    elif n < 2 * cjk:
        r[gi], r[fi], r[di] = rng.choice(deva_given), rng.choice(deva_family), "भारत"
    else:
        break
    n += 1
with open(dst, "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows([header] + body)
PY
"$ACCUEIL" import --config "$DIR/kiosk.toml" "$DIR/registrants.csv" > /dev/null
echo 2468 | "$ACCUEIL" staff add --config "$DIR/kiosk.toml" --id bench --name Bench > /dev/null
DISTINCT=$(sqlite3 "$DIR/kiosk.db" "SELECT given_name || family_name FROM registrant WHERE delegation = '中国'" |
    python3 -c 'import sys; print(len(set(sys.stdin.read()) - {"\n"}))')

echo "wait 3000" > "$DIR/idle.script"
xvfb-run -a -s "-screen 0 1920x1080x24" "$KIOSK" --config "$DIR/kiosk.toml" \
    --windowed 1920x1080 --no-vsync --clock 2025-06-17T09:00 --script "$DIR/idle.script" \
    --bench-out "$DIR/idle.txt" 2> "$DIR/stderr.txt"
value() { awk -v k="$1" '$1 == k { print $2; exit }' "$DIR/idle.txt"; }
SIZE=$(value font_atlas)
W=${SIZE%x*}
H=${SIZE#*x}
echo "$COUNT registrants, $CJK Chinese names ($CHARSET: $DISTINCT distinct characters), $CJK Hindi names"
echo "list's characters read in $(value font_list_ms) ms; atlas built in $(value font_build_ms) ms, $(value font_glyphs) glyphs"
echo "texture ${W}x${H}: $((W * H / 1024 / 1024)) MiB (one byte a texel)"
echo "peak memory (RSS): $(( $(value max_rss_kb) / 1024 )) MB"
grep "no font has" "$DIR/stderr.txt" || true
