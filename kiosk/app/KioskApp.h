// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace accueil::kiosk::app {

/// Command-line options of accueil-kiosk.
struct AppOptions {
    std::string config; ///< kiosk.toml
    int width = 0;      ///< --windowed WxH; 0 = full screen
    int height = 0;
    int monitor = 0;
    std::string script;         ///< run this script, then exit 0
    std::string screenshotDir;  ///< where `screenshot NAME` writes
    int screenshotHalvings = 0; ///< 1 writes 960×540 from 1920×1080
    std::string clock;          ///< start the kiosk clock at this ISO time (demos, tests)
    std::string assets;         ///< folder with i18n/ (default: the source tree's assets/)
    std::string panelKey = "F12";
    std::string wedgeLayout = "us";
    std::string camera; ///< V4L2 device, e.g. /dev/video0 (empty: no camera)
    std::string frames; ///< replay the images of this folder as camera frames
    double framesFps = 30.0;
    std::string benchOut; ///< write scan-to-screen latencies (µs), one a line
    bool noVsync = false;
};

/// Exit statuses of accueil-kiosk.
enum KioskExit : int {
    kKioskOk = 0,
    kKioskConfig = 3,    ///< configuration, assets or fonts wrong
    kKioskStorage = 5,   ///< the database cannot be opened
    kKioskNoDisplay = 6, ///< no display to open a window on
    kKioskScript = 4,    ///< the script is wrong (line number in the message)
    kKioskCrashed = 70,  ///< frames kept failing: let systemd restart the kiosk
};

/// Runs the kiosk until staff leave it (or the script ends). Returns the exit status.
int RunKiosk(const AppOptions& options);

} // namespace accueil::kiosk::app
