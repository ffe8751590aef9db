// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Commands.h"
#include "CoreTypes.h"
#include "SyncStatus.h"

#include <accueil/core/Result.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/ScanWorker.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace accueil::kiosk::app {

/// Where camera frames come from.
struct FrameInputOptions {
    std::string cameraDevice; ///< e.g. /dev/video0; empty = no camera
    std::string framesDir;    ///< replay the images of a folder instead (demos, benchmark)
    double framesFps = 30.0;
    bool loopFrames = false;
    /// The same code seen again within this is the same scan: the event's debounce_seconds.
    std::int64_t debounceMicros = 5'000'000;
};

/// Camera (or replayed frames) -> scanner::ScanWorker on its own thread -> a ScanPayload
/// command for the main thread, posted through the main queue. The UI never waits on it.
class ScanInput {
public:
    /// Opens the source and starts decoding; `wake` is called (on the decoding thread) after
    /// each scan, e.g. glfwPostEmptyEvent. Errors: Config naming the device.
    static Result<std::unique_ptr<ScanInput>>
    Open(const FrameInputOptions& options, scanner::BadgeReader reader, std::function<void()> wake);
    ScanInput(const ScanInput&) = delete;
    ScanInput& operator=(const ScanInput&) = delete;
    ~ScanInput(); ///< stops and joins the worker

    /// Appends the scans read since the last call to `out`, oldest first. Main thread.
    void take(Commands& out);
    /// The newest camera frame for the waiting screen since the last call, if any. Main thread.
    std::optional<scanner::GreyFrame> takePreview() { return m_worker->takePreview(); }
    /// Running, or Failed while the source reports an error (e.g. camera unplugged).
    CameraState state() const;

private:
    ScanInput() = default;
    // Scans wait here rather than in the main queue, so reading one triggers no redraw.
    std::mutex m_mutex;
    Commands m_scans;
    std::unique_ptr<scanner::ScanWorker> m_worker;
};

} // namespace accueil::kiosk::app
