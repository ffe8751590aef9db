// SPDX-License-Identifier: Apache-2.0
#include "ScanInput.h"

#include <accueil/scanner/FrameSource.h>

namespace accueil::kiosk::app {

namespace {
constexpr int kPreviewWidth = 480; // enough to aim a badge; small to upload
}

Result<std::unique_ptr<ScanInput>> ScanInput::Open(const FrameInputOptions& options,
                                                   scanner::BadgeReader reader,
                                                   std::function<void()> wake) {
    std::unique_ptr<scanner::FrameSource> source;
    if (!options.framesDir.empty()) {
        auto opened =
            scanner::OpenImageDirectory(options.framesDir, options.framesFps, options.loopFrames);
        if (!opened) {
            return MakeError(ErrorKind::Config,
                             "--frames " + options.framesDir + ": " + opened.error().message);
        }
        source = std::move(*opened);
    } else {
        scanner::CameraOptions camera;
        camera.device = options.cameraDevice;
        auto opened = scanner::OpenCamera(camera);
        if (!opened) {
            // The device comes from [app] camera or --camera: name it, not where it came from.
            return MakeError(ErrorKind::Config,
                             "camera " + options.cameraDevice + ": " + opened.error().message);
        }
        source = std::move(*opened);
    }
    std::unique_ptr<ScanInput> input(new ScanInput());
    scanner::ScanWorkerOptions workerOptions;
    // Runs on the decoding thread: hand the text over, never touch the UI from here.
    workerOptions.previewWidth = kPreviewWidth;
    workerOptions.debounceMicros = options.debounceMicros;
    workerOptions.onPreview = wake;
    workerOptions.onScan = [self = input.get(),
                            wake = std::move(wake)](const scanner::ScanEvent& event) {
        {
            std::lock_guard lock(self->m_mutex);
            ScanPayload scan;
            scan.text = event.text;
            scan.capturedMicros = event.capturedMicros;
            scan.claim = event.claim; // read and verified once, here on the decoding thread
            self->m_scans.push_back(std::move(scan));
        }
        if (wake) {
            wake();
        }
    };
    input->m_worker = std::make_unique<scanner::ScanWorker>(std::move(source), std::move(reader),
                                                            std::move(workerOptions));
    input->m_worker->start();
    return input;
}

void ScanInput::take(Commands& out) {
    std::lock_guard lock(m_mutex);
    for (UiCommand& c : m_scans) {
        out.push_back(std::move(c));
    }
    m_scans.clear();
}

ScanInput::~ScanInput() {
    m_worker->stop();
}

CameraState ScanInput::state() const {
    return m_worker->lastError().empty() ? CameraState::Running : CameraState::Failed;
}

} // namespace accueil::kiosk::app
