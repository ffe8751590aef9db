// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Commands.h"
#include "CoreTypes.h"
#include "SyncStatus.h"

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/EvdevReader.h>
#include <accueil/scanner/ScanWorker.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace accueil::kiosk::app {

/// Where scans come from besides the window's keys: a camera (or replayed frames), a
/// keyboard-wedge scanner read from its evdev node, a serial scanner.
struct FrameInputOptions {
    std::string cameraDevice; ///< e.g. /dev/video0; empty = no camera
    std::string framesDir;    ///< replay the images of a folder instead (demos, benchmark)
    double framesFps = 30.0;
    bool loopFrames = false;
    /// The same code seen again within this is the same scan: the event's debounce_seconds.
    std::int64_t debounceMicros = 5'000'000;
    core::WindowSize cameraSize{1280, 720};
    std::string evdevDevice;  ///< a path or USB "vendor:product"; empty = none
    std::string serialDevice; ///< a tty; empty = none
    /// Raw input_event records to read as an evdev scanner instead of evdevDevice (a
    /// recording replayed through a pipe); taken over and closed. -1 = none.
    int evdevFd = -1;
    scanner::WedgeLayout layout = scanner::WedgeLayout::Us; ///< the evdev scanner's
};

/// The devices of [scanner] kinds camera, evdev and serial (the frames folder is a flag).
/// Pure.
FrameInputOptions InputOptionsFor(const core::ScannerSettings& scanners);

/// Camera (or replayed frames), evdev and serial scanners -> scanner::ScanWorker (decoding on
/// its own thread; the evdev and serial readers on theirs, each submitting its payloads as
/// text) -> a ScanPayload command for the main thread. The UI never waits on any of them.
/// A scanner that is absent or unplugged is looked for again while the kiosk runs.
class ScanInput {
public:
    /// Opens the camera or frames, if any, and starts decoding and the scanner readers;
    /// `wake` is called (on the thread that read it) after each scan, e.g.
    /// glfwPostEmptyEvent. Errors: Config naming the camera or folder (evdev and serial
    /// scanners are retried instead).
    static Result<std::unique_ptr<ScanInput>>
    Open(const FrameInputOptions& options, scanner::BadgeReader reader, std::function<void()> wake);
    ScanInput(const ScanInput&) = delete;
    ScanInput& operator=(const ScanInput&) = delete;
    ~ScanInput(); ///< stops and joins the worker

    /// Appends the scans read since the last call to `out`, oldest first. Main thread.
    void take(Commands& out);
    /// The newest camera frame for the waiting screen since the last call, if any. Main thread.
    std::optional<scanner::GreyFrame> takePreview() { return m_worker->takePreview(); }
    /// None without a camera; Running, or Failed while the source reports an error (e.g.
    /// camera unplugged).
    CameraState state() const;

private:
    ScanInput() = default;
    void startSerial(const std::string& device);

    // Scans wait here rather than in the main queue, so reading one triggers no redraw.
    std::mutex m_mutex;
    Commands m_scans;
    bool m_hasCamera = false;
    std::unique_ptr<scanner::ScanWorker> m_worker;
    std::unique_ptr<scanner::EvdevReader> m_evdev;
    std::atomic<bool> m_stopSerial{false};
    std::thread m_serial;
};

} // namespace accueil::kiosk::app
