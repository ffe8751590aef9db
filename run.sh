#!/usr/bin/env bash
# Accueil's one entry point on a Debian 12 machine (run as root, or with sudo available).
#
#   ./run.sh demo     install what is missing, build, and run the demo
#   ./run.sh test     install what is missing, build, and pass the tests (also under ASan+UBSan)
#   ./run.sh build    install what is missing and build into build/
#   ./run.sh bench    build and run the benchmarks (figures for docs/PERFORMANCE.md)
#   ./run.sh deps     only install the Debian packages
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
JOBS=${JOBS:-$(nproc)}

# Every Debian 12 package the build, the tests and the demo need.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev sqlite3 libsodium-dev tzdata
  nlohmann-json3-dev libcli11-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  libhowardhinnant-date-dev
  libzxing-dev libstb-dev libturbojpeg0-dev libzbar-dev fonts-noto-core
  libcpp-httplib-dev libcurl4-openssl-dev libssl-dev
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri libfribidi-dev xvfb xauth
  clang libclang-rt-14-dev
)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "==> Installing ${#missing[@]} Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# build DIR [extra cmake args...]
build() {
  local dir=$1
  shift
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

run_tests() {
  local dir=$1
  (cd "$dir" && ctest -j "$JOBS" --output-on-failure --timeout 900)
}

# The headless demo: an event, 300 made-up registrants, check-ins across the four days,
# refusals of every kind, a name search, and the report.
demo_headless() {
  local bin="$ROOT/build/kiosk/cli/accueil"
  local dir="$ROOT/build/demo"
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$ROOT/config/event.toml" "$ROOT/config/kiosk.toml" "$dir/"
  local kiosk="$dir/kiosk.toml"
  echo "==> Demo event: Intersessional Meetings, 17-20 June 2025, CICG Geneva (files in $dir)"
  "$bin" demo-data --count 300 --event "$dir/event.toml" >"$dir/registrants.csv"
  "$bin" import --config "$kiosk" "$dir/registrants.csv"
  echo 1234 | "$bin" staff add --config "$kiosk" --id S-001 --name "Demo Staff" --role supervisor
  echo "==> Check-ins across the days (most delegates come, fewer on the last day)"
  local day n=0
  for day in 2025-06-17 2025-06-18 2025-06-19 2025-06-20; do
    for i in $(seq 1 300); do
      # About one in eight does not come on a given day; more are missing on the last day.
      if (( (i * 7 + ${day: -1} * 3) % 8 == 0 )) || { [ "$day" = 2025-06-20 ] && (( i % 4 == 0 )); }; then
        continue
      fi
      printf -v id "REG-%06d" "$i"
      "$bin" checkin --config "$kiosk" --payload "$id" \
        --at "${day}T$(printf %02d $((8 + i % 3))):$(printf %02d $((i % 60))):00" >/dev/null
      n=$((n + 1))
    done
  done
  echo "    $n scans recorded through the check-in rules"
  echo "==> A few scans at the door on 17 June:"
  "$bin" checkin --config "$kiosk" --payload REG-000001 --at 2025-06-17T12:30:00
  local cancelled
  cancelled=$(grep -m1 ',cancelled,' "$dir/registrants.csv" | cut -d, -f1)
  [ -n "$cancelled" ] && "$bin" checkin --config "$kiosk" --payload "$cancelled" --at 2025-06-17T12:31:00
  "$bin" checkin --config "$kiosk" --payload REG-999999 --at 2025-06-17T12:32:00
  "$bin" checkin --config "$kiosk" --payload "https://example.org/not-a-badge" --at 2025-06-17T12:33:00
  "$bin" checkin --config "$kiosk" --payload REG-000002 --at 2025-06-21T09:00:00
  echo "==> Staff search for \"muller\" (accents ignored):"
  "$bin" find --config "$kiosk" muller --limit 5
  echo "==> Report for 17 June (per delegation, category and gender):"
  "$bin" report --config "$kiosk" --day 2025-06-17 | grep -E '^(day|[^,]*,(total|category|gender)),' | tr -d '\r' | column -s, -t
  echo "==> Full report: $bin report --config $kiosk [--day DATE] [--format json]"
}

case "${1:-}" in
  deps)
    deps
    ;;
  build)
    deps
    build build
    ;;
  demo)
    deps
    build build
    demo_headless
    ;;
  test)
    deps
    echo "==> Build with warnings as errors, then the test suite"
    build build -DACCUEIL_WERROR=ON
    run_tests build
    echo "==> The same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
    build build-asan -DACCUEIL_WERROR=ON -DACCUEIL_SANITIZE=address,undefined \
      -DACCUEIL_BUILD_BENCHMARKS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 run_tests build-asan
    echo "==> A short libFuzzer run of every payload parser (clang)"
    CC=clang CXX=clang++ cmake -S "$ROOT" -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DACCUEIL_FUZZ=ON -DACCUEIL_FUZZ_SECONDS="${ACCUEIL_FUZZ_SECONDS:-15}" \
      -DACCUEIL_BUILD_BENCHMARKS=OFF >/dev/null
    cmake --build build-fuzz -j "$JOBS" --target fuzz_read_badge fuzz_indico_ticket fuzz_badge_token \
      fuzz_wedge_decoder
    (cd build-fuzz && ctest -L fuzz --output-on-failure)
    ;;
  bench)
    deps
    build build -DCMAKE_BUILD_TYPE=Release
    "$ROOT/build/tests/bench/accueil_bench_store" --benchmark_counters_tabular=true
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
