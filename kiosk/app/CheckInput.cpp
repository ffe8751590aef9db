// SPDX-License-Identifier: Apache-2.0
#include "CheckInput.h"

#include "KioskApp.h"
#include "SignalGate.h"

#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/EvdevReader.h>
#include <accueil/scanner/FrameSource.h>
#include <accueil/scanner/ScanWorker.h>
#include <accueil/scanner/SerialLineReader.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>
#include <vector>

namespace accueil::kiosk::app {

namespace {

namespace fs = std::filesystem;
using core::ScannerKind;

constexpr int kSerialWaitMs = 200;
constexpr double kFramesFps = 30.0;                       // --frames played as a camera's pace
constexpr std::int64_t kCameraDebounceMicros = 1'000'000; // a badge held up: once a second

const char* EndName(scanner::WedgeEnd end) {
    switch (end) {
    case scanner::WedgeEnd::Enter:
        return "Enter";
    case scanner::WedgeEnd::Tab:
        return "Tab";
    case scanner::WedgeEnd::Timeout:
        return "no terminator (ended by the pause after it)";
    }
    return "?";
}

/// The entries of dir whose name starts with prefix, sorted; none if dir is absent.
std::vector<fs::path> Entries(const std::string& dir, const std::string& prefix) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().filename().string().starts_with(prefix)) {
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string Canonical(const fs::path& p) {
    std::error_code ec;
    const fs::path c = fs::canonical(p, ec);
    return ec ? p.string() : c.string();
}

/// Lists the evdev keyboards; returns them for matching against the configuration.
std::vector<scanner::EvdevDevice> ListEvdev(const CheckInputOptions& options, std::ostream& out) {
    out << "Keyboards and keyboard-wedge scanners (" << options.inputDir << "/event*):\n";
    auto devices = scanner::ListEvdevKeyboards(options.inputDir);
    for (const auto& d : devices) {
        out << "  " << d.path << "  " << scanner::ToString(d.id) << "  \"" << d.name << "\"";
        if (!d.byId.empty()) {
            out << "  " << d.byId;
        }
        out << "\n";
    }
    if (devices.empty()) {
        out << "  none found (a scanner that is plugged in but not listed: is this user allowed "
               "to read the event nodes? see docs/kiosk.md)\n";
    }
    return devices;
}

void ListSerial(const CheckInputOptions& options, std::ostream& out) {
    out << "Serial scanners (" << options.serialDir << "):\n";
    const auto ttys = Entries(options.serialDir, "");
    for (const auto& tty : ttys) {
        out << "  " << tty.string() << " -> " << Canonical(tty) << "\n";
    }
    if (ttys.empty()) {
        out << "  none found\n";
    }
}

void ListCameras(const CheckInputOptions& options, std::ostream& out) {
    out << "Cameras (" << options.devDir << "/video*):\n";
    const auto nodes = Entries(options.devDir, "video");
    const auto links = Entries(options.devDir + "/v4l/by-id", "");
    for (const auto& node : nodes) {
        out << "  " << node.string();
        for (const auto& link : links) {
            if (Canonical(link) == Canonical(node)) {
                out << "  " << link.string();
            }
        }
        out << "\n";
    }
    if (nodes.empty()) {
        out << "  none found\n";
    }
}

/// Which listed device an evdev setting (path or USB id) names, for the summary.
std::string EvdevMatch(const std::string& device, const std::vector<scanner::EvdevDevice>& all) {
    const auto id = scanner::ParseUsbId(device);
    for (const auto& d : all) {
        if (id ? d.id == *id : Canonical(device) == Canonical(d.path)) {
            return d.path + " \"" + d.name + "\"";
        }
    }
    return "not present now (the kiosk looks for it every second)";
}

void Summarise(const CheckInputOptions& options, const std::vector<scanner::EvdevDevice>& evdev,
               std::ostream& out) {
    if (!options.scanners) {
        out << "No --config: nothing to read. Give the kiosk's --config to read its scanners.\n";
        return;
    }
    const core::ScannerSettings& s = *options.scanners;
    out << options.configPath << " uses"
        << (s.configured ? "" : " (no [scanner] table: the keyboard wedge and [app] camera)")
        << ":\n";
    for (const ScannerKind kind : s.kinds) {
        out << "  " << core::ToString(kind) << ": ";
        switch (kind) {
        case ScannerKind::Keyboard:
            out << "bursts typed into the window, layout " << s.layout
                << " (not read here: the window reads them)";
            break;
        case ScannerKind::Evdev:
            out << s.device << ", layout " << s.layout << " -> " << EvdevMatch(s.device, evdev);
            break;
        case ScannerKind::Serial:
            out << s.device << (fs::exists(s.device) ? "" : " -> not present now");
            break;
        case ScannerKind::Camera:
            out << s.camera << " at " << s.cameraSize.width << "x" << s.cameraSize.height;
            break;
        }
        out << "\n";
    }
}

/// Prints what the readers' threads read, a whole line at a time.
class Printer {
public:
    explicit Printer(std::ostream& out) : m_out(out) {}
    void line(const std::string& text) {
        std::lock_guard lock(m_mutex);
        m_out << text << "\n" << std::flush;
    }
    void scan(const std::string& source, const scanner::WedgePayload& p) {
        std::ostringstream s;
        s << "  " << source << "  \"" << p.text << "\"  ended by " << EndName(p.end)
          << "  caps lock " << (p.capsLock ? "on" : "off") << "  " << std::fixed
          << std::setprecision(1)
          << static_cast<double>(p.lastKeyMicros - p.firstKeyMicros) / 1000.0
          << " ms from first to last key";
        if (p.capsLock) {
            s << "  (if the scanner follows caps lock it meant \"" << p.capsText << "\")";
        }
        line(s.str());
    }

private:
    std::mutex m_mutex;
    std::ostream& m_out;
};

/// The evdev reader: of the replay file when there is one, else of the configured device.
std::unique_ptr<scanner::EvdevReader> MakeEvdevReader(const CheckInputOptions& options,
                                                      int replayFd, Printer& printer) {
    scanner::WedgeOptions wedge;
    if (options.scanners) {
        wedge.layout =
            scanner::ParseWedgeLayout(options.scanners->layout).value_or(scanner::WedgeLayout::Us);
    }
    if (replayFd >= 0) {
        return scanner::EvdevReader::FromFd(
            replayFd, wedge, [&printer](const auto& p) { printer.scan("replay", p); });
    }
    if (!options.scanners || !options.scanners->has(ScannerKind::Evdev)) {
        return nullptr;
    }
    scanner::EvdevReaderOptions o;
    o.device = options.scanners->device;
    o.wedge = wedge;
    o.inputDir = options.inputDir;
    return std::make_unique<scanner::EvdevReader>(
        o, [&printer](const auto& p) { printer.scan("evdev", p); });
}

/// The camera (or --frames) read as the kiosk would, each code it decodes printed; nullptr
/// without one, or when it cannot be opened (said on a line: the other scanners are still
/// read).
std::unique_ptr<scanner::ScanWorker> MakeCameraReader(const CheckInputOptions& options,
                                                      Printer& printer) {
    const bool configured = options.scanners && options.scanners->has(ScannerKind::Camera);
    if (options.frames.empty() && !configured) {
        return nullptr;
    }
    auto source = [&]() -> scanner::Result<std::unique_ptr<scanner::FrameSource>> {
        if (!options.frames.empty()) {
            return scanner::OpenImageDirectory(options.frames, kFramesFps, false);
        }
        scanner::CameraOptions camera;
        camera.device = options.scanners->camera;
        camera.width = options.scanners->cameraSize.width;
        camera.height = options.scanners->cameraSize.height;
        return scanner::OpenCamera(camera);
    }();
    const std::string name = options.frames.empty() ? options.scanners->camera : options.frames;
    if (!source) {
        printer.line("  camera " + name + ": " + source.error().message);
        return nullptr;
    }
    auto reader = scanner::BadgeReader::create({});
    if (!reader) {
        printer.line("  camera: " + reader.error().message);
        return nullptr;
    }
    scanner::ScanWorkerOptions o;
    o.debounceMicros = kCameraDebounceMicros;
    o.onScan = [&printer](const scanner::ScanEvent& e) {
        std::ostringstream s;
        s << "  camera  \"" << e.text << "\"  decoded in " << std::fixed << std::setprecision(1)
          << e.decodeMs << " ms (frame " << e.frameSequence << ")";
        printer.line(s.str());
    };
    return std::make_unique<scanner::ScanWorker>(std::move(*source), std::move(*reader),
                                                 std::move(o));
}

/// Reads the serial scanner's lines on its own thread until stop is set.
std::thread StartSerial(const std::string& device, const std::atomic<bool>& stop,
                        Printer& printer) {
    return std::thread([device, &stop, &printer] {
        scanner::SerialLineReader lines(device, scanner::SerialOptions{kSerialWaitMs, 4096});
        std::string lastError;
        while (!stop.load()) {
            const scanner::SerialRead r = lines.read(kSerialWaitMs);
            if (r.error != lastError && !r.error.empty()) {
                printer.line("  serial: " + r.error);
            }
            lastError = r.error;
            for (const std::string& l : r.lines) {
                printer.line("  serial  \"" + l + "\"  ended by the end of the line");
            }
        }
    });
}

/// Waits for Ctrl-C, the time limit or the end of the replay, printing the evdev scanner's
/// state as it changes.
void WaitUntilDone(const CheckInputOptions& options, const SignalGate& gate,
                   const scanner::EvdevReader* reader, bool replay, bool serial,
                   const scanner::ScanWorker* camera, Printer& printer) {
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long>(options.seconds * 1000));
    std::string lastStatus;
    std::string lastCameraError;
    while (!gate.wait(100)) {
        if (reader != nullptr && !replay) {
            const scanner::EvdevStatus s = reader->status();
            const std::string now = s.connected ? "evdev: reading \"" + s.name + "\" (grabbed)"
                                    : s.error.empty()
                                        ? "evdev: looking for " + options.scanners->device
                                        : "evdev: " + s.error;
            if (now != lastStatus) {
                printer.line("  " + now);
                lastStatus = now;
            }
        }
        if (camera != nullptr) {
            const std::string error = camera->lastError();
            if (error != lastCameraError) {
                printer.line(error.empty() ? "  camera: reading" : "  camera: " + error);
                lastCameraError = error;
            }
        }
        // A replay and a folder of frames end; live devices run on until stopped.
        const bool evdevEnded = reader == nullptr || (replay && reader->finished());
        const bool cameraEnded =
            camera == nullptr || (!options.frames.empty() && camera->finished());
        const bool replayDone =
            evdevEnded && cameraEnded && !serial && (reader != nullptr || camera != nullptr);
        if (replayDone || (options.seconds > 0 && std::chrono::steady_clock::now() >= deadline)) {
            return;
        }
    }
}

} // namespace

int CheckInput(const CheckInputOptions& options, std::ostream& out) {
    const auto evdev = ListEvdev(options, out);
    ListSerial(options, out);
    ListCameras(options, out);
    Summarise(options, evdev, out);

    const bool useEvdev = options.scanners && options.scanners->has(ScannerKind::Evdev);
    const bool useSerial = options.scanners && options.scanners->has(ScannerKind::Serial);
    const bool useCamera =
        (options.scanners && options.scanners->has(ScannerKind::Camera)) || !options.frames.empty();
    if (!useEvdev && !useSerial && !useCamera && options.replay.empty()) {
        out << "No evdev or serial scanner or camera to read.\n";
        return kKioskOk;
    }
    int replayFd = -1;
    if (!options.replay.empty()) {
        replayFd = ::open(options.replay.c_str(), O_RDONLY | O_CLOEXEC);
        if (replayFd < 0) {
            out << "--check-input-replay " << options.replay << ": cannot open it\n";
            return kKioskConfig;
        }
    }
    const SignalGate gate; // before the threads start, so they inherit the mask
    Printer printer(out);
    const std::unique_ptr<scanner::EvdevReader> reader =
        MakeEvdevReader(options, replayFd, printer);
    const std::unique_ptr<scanner::ScanWorker> camera = MakeCameraReader(options, printer);
    std::atomic<bool> stopSerial{false};
    std::thread serial;
    if (useSerial) {
        serial = StartSerial(options.scanners->device, stopSerial, printer);
    }
    std::ostringstream until;
    until << "Reading; each scan is printed as it comes. ";
    if (options.seconds > 0) {
        until << "Stops after " << options.seconds << " s.";
    } else {
        until << "Ctrl-C to stop.";
    }
    printer.line(until.str());
    if (reader) {
        reader->start();
    }
    if (camera) {
        camera->start();
    }
    WaitUntilDone(options, gate, reader.get(), replayFd >= 0, useSerial, camera.get(), printer);
    if (reader) {
        reader->stop();
    }
    if (camera) {
        camera->stop();
    }
    stopSerial.store(true);
    if (serial.joinable()) {
        serial.join();
    }
    printer.line("Stopped.");
    return kKioskOk;
}

} // namespace accueil::kiosk::app
