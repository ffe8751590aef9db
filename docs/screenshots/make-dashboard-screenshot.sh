#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/screenshots/dashboard.png: the browser test's picture of the central's
# dashboard at laptop size (1366x768) in headless Chromium, with a morning's arrivals and a
# door in trouble (tests/sync/DashboardBrowserTest.cpp, DashboardScreenshot.ForTheDocs).
#
#   docs/screenshots/make-dashboard-screenshot.sh BUILD_DIR [OUT_DIR]
set -eu
BUILD=${1:?usage: make-dashboard-screenshot.sh BUILD_DIR [OUT_DIR]}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${2:-$HERE}
"$BUILD/tests/sync/accueil_dashboard_browser_test" --gtest_filter=DashboardScreenshot.ForTheDocs
cp "$BUILD/screenshots/dashboard-docs.png" "$OUT/dashboard.png"
