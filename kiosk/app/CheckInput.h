// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Config.h>

#include <iosfwd>
#include <optional>
#include <string>

namespace accueil::kiosk::app {

/// What `accueil-kiosk --check-input` looks at. The folders are the system's; tests point
/// them at folders of their own.
struct CheckInputOptions {
    /// The kiosk's scanners as it would run them (kiosk.toml and the flags); nullopt without
    /// --config: the devices are listed, none is read.
    std::optional<core::ScannerSettings> scanners;
    std::string configPath; ///< named in what is printed
    double seconds = 0;     ///< stop after this long; 0 = at Ctrl-C (SIGINT or SIGTERM)
    std::string inputDir = "/dev/input";
    std::string serialDir = "/dev/serial/by-id";
    std::string devDir = "/dev"; ///< video nodes (videoN) and v4l/by-id
    /// A file of raw input_event records to read as the evdev scanner (a recording), in
    /// place of the configured device.
    std::string replay;
    /// The images of a folder to read as the camera (--frames), in place of the configured one.
    std::string frames;
};

/// The text mode of accueil-kiosk, without a window: lists the evdev keyboards, serial
/// scanners and cameras it sees, says which the configuration would use, then reads the
/// configured evdev and serial scanners (grabbed, as the kiosk would) and camera, and prints
/// each scan as it comes: its text, how it ended, caps lock, and the time from its first key
/// to its last (for the camera: the frame's decoding time). Runs until Ctrl-C, options.seconds, or
/// the end of a replay. Returns the exit status (0; 3 when a file named cannot be read).
int CheckInput(const CheckInputOptions& options, std::ostream& out);

} // namespace accueil::kiosk::app
