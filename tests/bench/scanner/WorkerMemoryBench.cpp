// SPDX-License-Identifier: Apache-2.0
// A door's camera over a long day: the scanner worker reads FRAMES camera frames (640x480, a
// delegate's signed badge in view for half a second every ten seconds, the rest an empty hall)
// as fast as it can, and this prints the process's resident memory as it goes. Memory must
// not grow with frames: nothing the worker keeps per frame or per scan may accumulate.
//
//   accueil_worker_memory_bench [FRAMES]   (default 100000)
//
// Prints "frames N  scans S  rss_kb R" twenty times, then "growth_kb G": the highest sample of
// the last fifth minus the highest of the first. Exit status 1 when the growth is over 1 MiB.

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/QrRender.h>
#include <accueil/scanner/ScanWorker.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace accueil::scanner;

namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 480;
constexpr std::uint64_t kEvery = 300; // a delegate every ten seconds at 30 frames a second
constexpr std::uint64_t kHeld = 15;   // each holds the badge up for half a second

long ResidentKb() {
    std::ifstream status("/proc/self/status");
    std::string key;
    long value = 0;
    while (status >> key) {
        if (key == "VmRSS:") {
            status >> value;
            return value;
        }
        status.ignore(4096, '\n');
    }
    return -1;
}

// An endless camera: an empty hall, and every kEvery frames a new delegate's badge for kHeld.
class DoorCamera : public FrameSource {
public:
    DoorCamera(std::uint64_t frames, const BadgeSecretKey& key, std::string eventId)
        : m_frames(frames), m_key(key), m_eventId(std::move(eventId)) {
        m_hall.width = kWidth;
        m_hall.height = kHeight;
        m_hall.pixels.assign(static_cast<std::size_t>(kWidth) * kHeight, 150);
    }
    FrameResult next(int /*timeoutMs*/) override {
        FrameResult r;
        if (m_sequence >= m_frames) {
            r.status = FrameStatus::End;
            return r;
        }
        const std::uint64_t delegate = m_sequence / kEvery;
        const bool inView = m_sequence % kEvery < kHeld;
        if (inView && delegate != m_badgeOf) {
            paintBadge(delegate);
        }
        r.status = FrameStatus::Ready;
        r.frame.view = inView ? m_badge.view() : m_hall.view();
        r.frame.sequence = m_sequence++;
        r.frame.capturedMicros = SteadyMicros();
        return r;
    }
    std::string describe() const override { return "a door's camera, synthetic"; }

private:
    void paintBadge(std::uint64_t delegate) {
        BadgeData data;
        data.eventId = m_eventId;
        data.registrantId = "REG-" + std::to_string(delegate);
        data.givenName = "Delegate";
        data.familyName = std::to_string(delegate);
        auto qr = RenderQr(*IssueBadgeToken(m_key, data), 4);
        m_badge = m_hall;
        for (int y = 0; y < qr->height && y + 60 < kHeight; ++y) {
            for (int x = 0; x < qr->width && x + 160 < kWidth; ++x) {
                m_badge.at(x + 160, y + 60) = qr->at(x, y);
            }
        }
        m_badgeOf = delegate;
    }
    std::uint64_t m_frames;
    const BadgeSecretKey& m_key;
    std::string m_eventId;
    GreyFrame m_hall;
    GreyFrame m_badge;
    std::uint64_t m_badgeOf = ~std::uint64_t{0};
    std::uint64_t m_sequence = 0;
};

} // namespace

int main(int argc, char** argv) {
    const std::uint64_t frames = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
    auto key = GenerateBadgeKey();
    BadgeReaderOptions options;
    options.eventId = "BWC-RC9";
    options.publicKeys = {key->publicKey};
    auto reader = BadgeReader::create(options);
    if (!key || !reader || frames < 100) {
        std::cerr << "usage: accueil_worker_memory_bench [FRAMES >= 100]\n";
        return 2;
    }
    auto camera = std::make_unique<DoorCamera>(frames, key->secretKey, options.eventId);
    std::atomic<long> scans{0};
    ScanWorkerOptions worker;
    worker.debounceMicros = 5'000'000;
    worker.previewWidth = 320; // the waiting screen's picture, as the kiosk asks for it
    worker.onScan = [&scans](const ScanEvent&) { ++scans; };
    ScanWorker scanner(std::move(camera), std::move(reader).value(), worker);
    scanner.start();
    // The worker runs on its own thread; this one samples memory twenty times over the run,
    // taking the preview as the UI thread does. Early and late are the highest samples of the
    // first and last fifth (memory moves by a few hundred kilobytes as buffers come and go).
    std::vector<long> samples;
    std::uint64_t next = frames / 20;
    while (!scanner.finished()) {
        (void)scanner.takePreview();
        if (const std::uint64_t done = scanner.framesDecoded(); done >= next) {
            samples.push_back(ResidentKb());
            std::cout << "frames " << done << "  scans " << scans.load() << "  rss_kb "
                      << samples.back() << std::endl;
            next += frames / 20;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // the UI's pace, roughly
    }
    scanner.stop();
    if (samples.empty()) {
        std::cerr << "no sample taken\n";
        return 2;
    }
    const auto fifth = static_cast<std::ptrdiff_t>(std::max<std::size_t>(samples.size() / 5, 1));
    const long early = *std::max_element(samples.begin(), samples.begin() + fifth);
    const long late = *std::max_element(samples.end() - fifth, samples.end());
    std::cout << "frames " << scanner.framesDecoded() << "  scans " << scans.load()
              << "\ngrowth_kb " << late - early << " (highest of the last fifth minus highest "
              << "of the first)" << std::endl;
    return late - early > 1024 ? 1 : 0;
}
