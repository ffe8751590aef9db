// SPDX-License-Identifier: Apache-2.0
#include "ImageDegrade.h"

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/FrameSource.h>
#include <accueil/scanner/ScanWorker.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

using namespace accueil::scanner;
using namespace accueil::scanner::testing;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kSecond = 1'000'000;

/// A folder of camera-like frames: badges (scaled down, in a 1280x720 scene) and a blank.
class BadgeFolder {
public:
    BadgeFolder() {
        m_dir = fs::temp_directory_path() / ("accueil-frames-" + std::to_string(::getpid()) + "-" +
                                             std::to_string(NextNumber()));
        fs::create_directories(m_dir);
        auto key = GenerateBadgeKey();
        m_options.eventId = "BWC-RC9";
        m_options.publicKeys = {key->publicKey};
        m_key = std::move(key->secretKey);
    }
    BadgeFolder(const BadgeFolder&) = delete;
    BadgeFolder& operator=(const BadgeFolder&) = delete;
    ~BadgeFolder() { fs::remove_all(m_dir); }

    void addBadge(const std::string& name, const std::string& registrantId) {
        BadgeData data{"BWC-RC9", registrantId, 1, 1790000000, "Ana", "Silva"};
        BadgePrintData print;
        print.token = *IssueBadgeToken(m_key, data);
        print.givenName = "Ana";
        print.familyName = "Silva";
        GreyFrame scene = Blank();
        Composite(scene, Scale(*RenderBadge(print), 0.35), 400, 60);
        ASSERT_TRUE(WritePng(scene, (m_dir / name).string()));
    }
    void addBlank(const std::string& name) {
        ASSERT_TRUE(WritePng(Blank(), (m_dir / name).string()));
    }

    std::string dir() const { return m_dir.string(); }
    BadgeReader reader() const { return *BadgeReader::create(m_options); }

private:
    /// Tells apart the folders of one test process.
    static int NextNumber() {
        static int counter = 0;
        return counter++;
    }
    static GreyFrame Blank() {
        GreyFrame f;
        f.width = 1280;
        f.height = 720;
        f.pixels.assign(static_cast<std::size_t>(f.width) * f.height, 90);
        return f;
    }
    fs::path m_dir;
    BadgeSecretKey m_key;
    BadgeReaderOptions m_options;
};

/// A clock that moves on by step at each reading.
std::function<std::int64_t()> SteppingClock(std::int64_t step) {
    auto now = std::make_shared<std::atomic<std::int64_t>>(0);
    return [now, step] { return now->fetch_add(step) + step; };
}

} // namespace

TEST(ScanDebouncer, SameCodeWithinTheWindowIsOneScan) {
    ScanDebouncer debouncer(3 * kSecond);
    EXPECT_TRUE(debouncer.accept("A", 0));
    EXPECT_FALSE(debouncer.accept("A", 1 * kSecond));
    EXPECT_TRUE(debouncer.accept("B", 1 * kSecond));
    EXPECT_FALSE(debouncer.accept("A", 3 * kSecond)); // held in view: still the same scan
    EXPECT_TRUE(debouncer.accept("A", 7 * kSecond));  // gone for 4 s, then back
}

TEST(ScanWorker, DirectoryOfBadgesGivesOneScanPerBadge) {
    BadgeFolder folder;
    folder.addBadge("01-ana.png", "REG-A");
    folder.addBadge("02-ana-again.png", "REG-A");
    folder.addBlank("03-nobody.png");
    folder.addBadge("04-bruno.png", "REG-B");
    auto source = OpenImageDirectory(folder.dir(), 0, false);
    ASSERT_TRUE(source) << source.error().message;
    ScanWorkerOptions options;
    options.clock = SteppingClock(kSecond / 2);
    std::mutex mutex;
    std::vector<ScanEvent> events;
    std::atomic<bool> onOtherThread{true};
    const auto caller = std::this_thread::get_id();
    options.onScan = [&](const ScanEvent& e) {
        onOtherThread = onOtherThread && std::this_thread::get_id() != caller;
        const std::lock_guard lock(mutex);
        events.push_back(e);
    };
    ScanWorker worker(std::move(*source), folder.reader(), options);
    worker.start();
    EXPECT_TRUE(worker.waitForEvents(2, 20'000));
    for (int i = 0; i < 200 && !worker.finished(); ++i) {
        worker.waitForEvents(3, 100); // bounded wait for the source to end
    }
    worker.stop();
    EXPECT_TRUE(worker.finished());
    EXPECT_EQ(worker.framesDecoded(), 4u);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].claim.registrantId, "REG-A");
    EXPECT_TRUE(events[0].claim.valid()) << events[0].claim.reason;
    EXPECT_EQ(events[0].frameSequence, 0u);
    EXPECT_EQ(events[1].claim.registrantId, "REG-B");
    EXPECT_EQ(events[1].frameSequence, 3u);
    EXPECT_EQ(events[0].text.substr(0, 3), "AC1");
    EXPECT_GT(events[0].decodeMs, 0.0);
    EXPECT_TRUE(onOtherThread.load());
    // Handed over once: nothing waits in a queue that the kiosk never reads.
    EXPECT_EQ(worker.queued(), 0u);
    EXPECT_TRUE(worker.drain().empty());
}

namespace {

/// A started worker over one badge replayed for ever, each frame 5 s after the last: a new
/// scan each time. The folder must outlive it.
std::unique_ptr<ScanWorker> LoopedBadge(BadgeFolder& folder) {
    folder.addBadge("01.png", "REG-A");
    auto source = OpenImageDirectory(folder.dir(), 0, true);
    EXPECT_TRUE(source);
    ScanWorkerOptions options;
    options.clock = SteppingClock(5 * kSecond);
    auto worker = std::make_unique<ScanWorker>(std::move(*source), folder.reader(), options);
    worker->start();
    return worker;
}

} // namespace

TEST(ScanWorker, ScansNobodyDrainsKeepTheQueueBounded) {
    BadgeFolder folder;
    const auto worker = LoopedBadge(folder);
    const std::size_t many = kMaxQueuedScans + 20;
    EXPECT_TRUE(worker->waitForEvents(many, 120'000));
    worker->stop();
    EXPECT_EQ(worker->queued(), kMaxQueuedScans);
    const auto events = worker->drain();
    ASSERT_EQ(events.size(), kMaxQueuedScans);
    EXPECT_GT(events.front().frameSequence, 0u); // the oldest went first
    EXPECT_EQ(worker->queued(), 0u);
}

TEST(ScanWorker, LoopedBadgeScansAgainAfterTheWindowAndStops) {
    BadgeFolder folder;
    const auto worker = LoopedBadge(folder);
    EXPECT_TRUE(worker->waitForEvents(3, 20'000));
    worker->stop(); // a looping source never ends: stop() must still return
    EXPECT_FALSE(worker->finished());
    const auto events = worker->drain();
    ASSERT_GE(events.size(), 3u);
    for (const auto& e : events) {
        EXPECT_EQ(e.claim.registrantId, "REG-A");
    }
}

TEST(ScanWorker, KeyboardAndSerialPayloadsJoinTheSameStream) {
    BadgeFolder folder;
    ScanWorkerOptions options;
    options.clock = SteppingClock(kSecond);
    ScanWorker worker(nullptr, folder.reader(), options); // no camera at this kiosk
    worker.start();                                       // nothing to run: no thread
    EXPECT_TRUE(worker.submitText("REG-00042", ScanOrigin::KeyboardWedge));
    EXPECT_FALSE(worker.submitText("REG-00042", ScanOrigin::Serial)); // 1 s later: same scan
    EXPECT_TRUE(worker.submitText("{\"i\":[2]}", ScanOrigin::Serial));
    const auto events = worker.drain();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].origin, ScanOrigin::KeyboardWedge);
    EXPECT_TRUE(events[0].claim.valid());
    EXPECT_EQ(events[0].claim.format, ClaimFormat::PlainId);
    EXPECT_EQ(events[0].capturedMicros, kSecond);
    EXPECT_EQ(events[1].origin, ScanOrigin::Serial);
    EXPECT_EQ(events[1].claim.format, ClaimFormat::Unreadable);
    EXPECT_EQ(events[1].text, "{\"i\":[2]}");
}

TEST(FrameSource, ErrorsAreClear) {
    auto camera = OpenCamera(CameraOptions{"/dev/video99", 1280, 720, CameraFormat::Mjpeg, 1000});
    ASSERT_FALSE(camera);
    EXPECT_EQ(camera.error().kind, ErrorKind::NotFound);
    EXPECT_NE(camera.error().message.find("/dev/video99"), std::string::npos);
    auto notCamera = OpenCamera(CameraOptions{"/dev/null", 640, 480, CameraFormat::Yuyv, 1000});
    ASSERT_FALSE(notCamera);
    EXPECT_EQ(notCamera.error().kind, ErrorKind::Unsupported);

    EXPECT_EQ(OpenImageDirectory("/nonexistent", 5, true).error().kind, ErrorKind::NotFound);
    const fs::path empty =
        fs::temp_directory_path() / ("accueil-empty-" + std::to_string(::getpid()));
    fs::create_directories(empty);
    EXPECT_EQ(OpenImageDirectory(empty.string(), 5, true).error().kind, ErrorKind::NotFound);
    { std::ofstream(empty / "broken.png") << "not a png"; }
    EXPECT_EQ(OpenImageDirectory(empty.string(), 5, true).error().kind, ErrorKind::BadData);
    fs::remove_all(empty);
    EXPECT_FALSE(OpenImageFiles({}));
}

TEST(FrameSource, SyntheticFramesCountAndEnd) {
    auto source = OpenSyntheticFrames(
        64, 48, 0,
        [](GreyFrame& f, std::uint64_t seq) { f.pixels[0] = static_cast<std::uint8_t>(seq); }, 3);
    for (std::uint64_t i = 0; i < 3; ++i) {
        const FrameResult r = source->next(10);
        ASSERT_EQ(r.status, FrameStatus::Ready);
        EXPECT_EQ(r.frame.sequence, i);
        EXPECT_EQ(r.frame.view.width(), 64);
        EXPECT_EQ(r.frame.view.data()[0], i);
    }
    EXPECT_EQ(source->next(10).status, FrameStatus::End);
}

TEST(ScanWorker, KeepsASmallGreyPreviewOfTheNewestFrame) {
    BadgeFolder folder;
    folder.addBadge("01-ana.png", "REG-A");
    folder.addBlank("02-nobody.png");
    auto source = OpenImageDirectory(folder.dir(), 0, false);
    ASSERT_TRUE(source) << source.error().message;
    ScanWorkerOptions options;
    options.clock = SteppingClock(kSecond / 2);
    options.previewWidth = 100;
    options.previewIntervalMicros = 0;
    std::atomic<int> previews{0};
    options.onPreview = [&] { ++previews; };
    ScanWorker worker(std::move(*source), folder.reader(), options);
    worker.start();
    for (int i = 0; i < 200 && !worker.finished(); ++i) {
        worker.waitForEvents(2, 100); // bounded wait for the source to end
    }
    worker.stop();
    ASSERT_TRUE(worker.finished());
    EXPECT_EQ(previews.load(), 2);
    const auto preview = worker.takePreview();
    ASSERT_TRUE(preview);
    EXPECT_GT(preview->width, 0);
    EXPECT_LE(preview->width, 100);
    EXPECT_EQ(preview->pixels.size(),
              static_cast<std::size_t>(preview->width) * static_cast<std::size_t>(preview->height));
    EXPECT_FALSE(worker.takePreview()); // taken: nothing new since
}

TEST(ScanWorker, NoPreviewUnlessAsked) {
    BadgeFolder folder;
    folder.addBlank("01-nobody.png");
    auto source = OpenImageDirectory(folder.dir(), 0, false);
    ASSERT_TRUE(source) << source.error().message;
    ScanWorker worker(std::move(*source), folder.reader(), ScanWorkerOptions{});
    worker.start();
    for (int i = 0; i < 200 && !worker.finished(); ++i) {
        worker.waitForEvents(1, 100);
    }
    worker.stop();
    EXPECT_EQ(worker.framesDecoded(), 1u);
    EXPECT_FALSE(worker.takePreview());
}
