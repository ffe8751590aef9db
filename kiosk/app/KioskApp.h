// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Config.h>

#include <optional>
#include <string>

namespace accueil::kiosk::app {

/// Command-line options of accueil-kiosk. The optional ones override kiosk.toml's [app] keys
/// of the same meaning when given (ResolveAppSettings).
struct AppOptions {
    std::string config;                       ///< kiosk.toml
    std::optional<core::WindowSize> windowed; ///< --windowed WxH; "" (0×0) = full screen
    std::optional<int> monitor;
    std::optional<std::string> panelKey;
    std::optional<std::string> camera;      ///< V4L2 device, e.g. /dev/video0; "" = no camera
    std::optional<std::string> wedgeLayout; ///< us, ch, de, fr (overrides [scanner] layout)
    std::string script;                     ///< run this script, then exit 0
    std::string screenshotDir;              ///< where `screenshot NAME` writes
    int screenshotHalvings = 0;             ///< 1 writes 960×540 from 1920×1080
    std::string clock;  ///< start the kiosk clock at this ISO time (demos, tests)
    std::string assets; ///< folder with i18n/ (default: FindAssetsDir's search)
    std::string frames; ///< replay the images of this folder as camera frames
    double framesFps = 30.0;
    std::string evdevReplay; ///< read this file or FIFO of input_event records as the evdev scanner
    std::string benchOut;    ///< write scan-to-screen latencies (µs), one a line
    bool noVsync = false;
};

/// Exit statuses of accueil-kiosk.
enum KioskExit : int {
    kKioskOk = 0,
    kKioskUsage = 2,     ///< an unknown or wrong option, or no --config (the message says which)
    kKioskConfig = 3,    ///< configuration, assets or fonts wrong
    kKioskStorage = 5,   ///< the database cannot be opened
    kKioskNoDisplay = 6, ///< no display to open a window on
    kKioskScript = 4,    ///< the script is wrong (line number in the message)
    kKioskCrashed = 70,  ///< frames kept failing: let systemd restart the kiosk
};

/// The kiosk's settings: kiosk.toml's [app] table (`fromFile`, its defaults where a key is
/// missing), with each flag given in `flags` put over its key. Pure; any thread.
core::AppSettings ResolveAppSettings(core::AppSettings fromFile, const AppOptions& flags);

/// The badge readers the kiosk runs with: kiosk.toml's [scanner] table, or without one the
/// keyboard wedge and [app] camera as before; then --camera (a device adds the camera, ""
/// removes it) and --wedge-layout over them. `config` is as read from the file, before
/// ResolveAppSettings. Pure; any thread.
core::ScannerSettings ResolveScanners(const core::KioskConfig& config, const AppOptions& flags);

/// Runs the kiosk until staff leave it (or the script ends). Returns the exit status.
int RunKiosk(const AppOptions& options);

} // namespace accueil::kiosk::app
