// SPDX-License-Identifier: Apache-2.0
#include "ScanInput.h"

#include "KioskLoop.h"

#include <accueil/scanner/FrameSource.h>
#include <accueil/scanner/SerialLineReader.h>

namespace accueil::kiosk::app {

namespace {
constexpr int kPreviewWidth = 480; // enough to aim a badge; small to upload
constexpr int kSerialWaitMs = 200;
} // namespace

FrameInputOptions InputOptionsFor(const core::ScannerSettings& scanners) {
    using core::ScannerKind;
    FrameInputOptions options;
    if (scanners.has(ScannerKind::Camera)) {
        options.cameraDevice = scanners.camera;
        options.cameraSize = scanners.cameraSize;
    }
    if (scanners.has(ScannerKind::Evdev)) {
        options.evdevDevice = scanners.device;
    }
    if (scanners.has(ScannerKind::Serial)) {
        options.serialDevice = scanners.device;
    }
    options.layout = scanner::ParseWedgeLayout(scanners.layout).value_or(options.layout);
    return options;
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
    } else if (!options.cameraDevice.empty()) {
        scanner::CameraOptions camera;
        camera.device = options.cameraDevice;
        camera.width = options.cameraSize.width;
        camera.height = options.cameraSize.height;
        auto opened = scanner::OpenCamera(camera);
        if (!opened) {
            // The device comes from [app] camera or --camera: name it, not where it came from.
            return MakeError(ErrorKind::Config,
                             "camera " + options.cameraDevice + ": " + opened.error().message);
        }
        source = std::move(*opened);
    }
    std::unique_ptr<ScanInput> input(new ScanInput());
    input->m_hasCamera = source != nullptr;
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
            // Evdev and serial scanners are scanners like the wedge, not the camera.
            scan.wedge = event.origin != scanner::ScanOrigin::Camera;
            scan.capturedMicros = event.capturedMicros;
            scan.decodedMicros = event.decodedMicros;
            scan.capsText = event.capsText;
            scan.claim = event.claim; // read and verified once, on the thread that read it
            self->m_scans.push_back(std::move(scan));
        }
        if (wake) {
            wake();
        }
    };
    input->m_worker = std::make_unique<scanner::ScanWorker>(std::move(source), std::move(reader),
                                                            std::move(workerOptions));
    input->m_worker->start();
    if (options.evdevFd >= 0) {
        scanner::WedgeOptions wedge;
        wedge.layout = options.layout;
        input->m_evdev = scanner::EvdevReader::FromFd(options.evdevFd, wedge,
                                                      scanner::SubmitTo(*input->m_worker));
        input->m_evdev->start();
    } else if (!options.evdevDevice.empty()) {
        scanner::EvdevReaderOptions evdev;
        evdev.device = options.evdevDevice;
        evdev.wedge.layout = options.layout;
        // Found, lost, refused: logged when it changes, not at every retry.
        evdev.onStatus = [](const scanner::EvdevStatus& s) {
            Log(s.connected ? "evdev scanner: reading \"" + s.name + "\""
                            : "evdev scanner: " + s.error);
        };
        input->m_evdev =
            std::make_unique<scanner::EvdevReader>(evdev, scanner::SubmitTo(*input->m_worker));
        input->m_evdev->start();
    }
    if (!options.serialDevice.empty()) {
        input->startSerial(options.serialDevice);
    }
    return input;
}

void ScanInput::startSerial(const std::string& device) {
    // A line is a scan; the reader reopens the tty when it comes back. Each read waits at
    // most kSerialWaitMs, which bounds how long stopping takes.
    m_serial = std::thread([this, device] {
        scanner::SerialLineReader reader(device, scanner::SerialOptions{kSerialWaitMs, 4096});
        std::string lastError;
        while (!m_stopSerial.load()) {
            const scanner::SerialRead read = reader.read(kSerialWaitMs);
            if (read.error != lastError) {
                Log(read.error.empty() ? "serial scanner: reading " + device
                                       : "serial scanner: " + read.error);
                lastError = read.error;
            }
            for (const std::string& line : read.lines) {
                m_worker->submitText(line, scanner::ScanOrigin::Serial);
            }
        }
    });
}

void ScanInput::take(Commands& out) {
    std::lock_guard lock(m_mutex);
    for (UiCommand& c : m_scans) {
        out.push_back(std::move(c));
    }
    m_scans.clear();
}

ScanInput::~ScanInput() {
    // The readers first: they submit to the worker.
    if (m_evdev) {
        m_evdev->stop();
    }
    m_stopSerial.store(true);
    if (m_serial.joinable()) {
        m_serial.join();
    }
    m_worker->stop();
}

CameraState ScanInput::state() const {
    if (!m_hasCamera) {
        return CameraState::None;
    }
    return m_worker->lastError().empty() ? CameraState::Running : CameraState::Failed;
}

} // namespace accueil::kiosk::app
