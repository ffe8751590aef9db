// SPDX-License-Identifier: Apache-2.0
// accueil-kiosk: the full-screen check-in kiosk. Thin shell over KioskApp.

#include "CheckDisplay.h"
#include "CheckInput.h"
#include "KioskApp.h"

#include <accueil/core/Config.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

namespace {

// --check-input: the scanners as the kiosk would run them, read in text mode.
int CheckInputMode(const accueil::kiosk::app::AppOptions& options,
                   accueil::kiosk::app::CheckInputOptions check) {
    if (!options.config.empty()) {
        auto config = accueil::core::LoadKioskConfig(options.config);
        if (!config) {
            (void)std::fprintf(stderr, "%s\n", config.error().message.c_str());
            return accueil::kiosk::app::kKioskConfig;
        }
        check.scanners = accueil::kiosk::app::ResolveScanners(*config, options);
        check.configPath = options.config;
    }
    check.frames = options.frames; // --frames: a folder read as the camera
    return accueil::kiosk::app::CheckInput(check, std::cout);
}

// Reads the command line and runs the kiosk; returns its exit status.
int Run(int argc, char** argv) {
    using accueil::kiosk::app::AppOptions;
    AppOptions options;
    CLI::App cli("Accueil check-in kiosk: reads badges, shows who may enter, records attendance.");
    cli.set_version_flag("--version", "accueil-kiosk " ACCUEIL_VERSION);
    cli.add_option("--config", options.config, "kiosk.toml (required but with --check-input)");
    // The flags that override kiosk.toml's [app] keys stay unset unless given.
    std::string windowed;
    cli.add_option("--windowed", windowed,
                   "WIDTHxHEIGHT window instead of full screen (overrides [app] windowed)");
    cli.add_option("--monitor", options.monitor,
                   "monitor index for full screen (overrides [app] monitor; default 0)");
    cli.add_option("--script", options.script, "run the commands in FILE, then exit");
    cli.add_option("--screenshot-dir", options.screenshotDir, "where `screenshot NAME` writes");
    cli.add_option("--screenshot-halvings", options.screenshotHalvings,
                   "halve screenshots this many times (1: 1920x1080 -> 960x540)");
    cli.add_option("--clock", options.clock,
                   "start the kiosk's clock at this local time, e.g. 2025-06-17T08:30 (demos)");
    cli.add_option("--assets", options.assets,
                   "folder holding i18n/ (default: $ACCUEIL_ASSETS_DIR, else the "
                   "installed share/accueil)");
    cli.add_option("--panel-key", options.panelKey,
                   "key that opens the staff login, F1-F12 (overrides [app] panel_key; F12)");
    cli.add_option("--wedge-layout", options.wedgeLayout,
                   "keyboard layout the wedge scanner emulates: us, ch, de, fr");
    cli.add_option("--camera", options.camera,
                   "read badges from this V4L2 camera, e.g. /dev/video0 (overrides [app] camera; "
                   "\"\" for none)");
    cli.add_option("--frames", options.frames,
                   "read badges from the images of this folder, played once (demos, benchmark)");
    cli.add_option("--frames-fps", options.framesFps, "pace of --frames (default 30)");
    cli.add_option("--evdev-replay", options.evdevReplay,
                   "read this file or FIFO of input_event records as the evdev scanner "
                   "(recorded doors, tests, benchmarks)");
    cli.add_option("--bench-out", options.benchOut, "write scan-to-screen latencies (us) here");
    cli.add_flag("--no-vsync", options.noVsync, "do not wait for vertical sync (benchmarks)");
    bool checkInput = false;
    accueil::kiosk::app::CheckInputOptions check;
    cli.add_flag("--check-input", checkInput,
                 "no window: list the scanners and cameras seen, say which --config uses, and "
                 "print what its evdev and serial scanners and camera read, until Ctrl-C");
    cli.add_option("--check-input-seconds", check.seconds,
                   "with --check-input: stop after this many seconds")
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--check-input-replay", check.replay,
                   "with --check-input: read this file of input_event records as the evdev "
                   "scanner");
    bool checkDisplay = false;
    cli.add_flag("--check-display", checkDisplay,
                 "open a hidden window, print the OpenGL renderer and version, and exit "
                 "(0; 6 without a display or OpenGL)");
    try {
        cli.parse(argc, argv);
        if (cli.count("--windowed") > 0) {
            auto size = accueil::core::ParseWindowSize(windowed);
            if (!size) {
                throw CLI::ValidationError("--windowed", size.error().message);
            }
            options.windowed = *size;
        }
        if (!checkInput && !checkDisplay && options.config.empty()) {
            throw CLI::RequiredError("--config");
        }
    } catch (const CLI::ParseError& e) {
        // --help and --version end here with 0; a wrong or missing option is a usage error.
        return cli.exit(e) == 0 ? accueil::kiosk::app::kKioskOk : accueil::kiosk::app::kKioskUsage;
    }
    if (checkDisplay) {
        return accueil::kiosk::app::CheckDisplay(std::cout, std::cerr);
    }
    if (checkInput) {
        return CheckInputMode(options, check);
    }
    return accueil::kiosk::app::RunKiosk(options);
}

} // namespace

int main(int argc, char** argv) {
    try {
        return Run(argc, argv);
    } catch (const std::exception& e) {
        // A failure nothing foresaw: one line, and the status that has systemd restart the
        // kiosk, rather than an abort.
        (void)std::fprintf(stderr, "accueil-kiosk: %s\n", e.what());
        return accueil::kiosk::app::kKioskCrashed;
    }
}
