// SPDX-License-Identifier: Apache-2.0
#include "EvdevRecording.h"

#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/EvdevReader.h>
#include <accueil/scanner/ScanWorker.h>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <utility>

using namespace accueil::scanner;
using accueil::scanner::test::Recording;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kSecond = 1000 * kMs;
constexpr int kDeadlineMs = 5000;

/// A pipe standing in for the device node; closes what is left open.
class Pipe {
public:
    Pipe() : m_ok(::pipe2(m_fds.data(), O_CLOEXEC) == 0) {}
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    ~Pipe() {
        closeWrite();
        if (m_fds[0] >= 0) {
            ::close(m_fds[0]);
        }
    }
    bool ok() const { return m_ok; }
    /// The read end, for the reader to own.
    int takeRead() { return std::exchange(m_fds[0], -1); }
    /// Everything in one write, as a device's queue is read in one go.
    bool write(const std::string& bytes) const {
        return ::write(m_fds[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    }
    void closeWrite() {
        if (m_fds[1] >= 0) {
            ::close(m_fds[1]);
            m_fds[1] = -1;
        }
    }

private:
    std::array<int, 2> m_fds{-1, -1};
    bool m_ok = false;
};

ScanWorker MakeWorker() {
    return ScanWorker(nullptr, *BadgeReader::create(BadgeReaderOptions{}));
}

} // namespace

TEST(EvdevReader, ARecordingReplayedThroughAPipeReachesTheScanWorker) {
    Recording rec(7'000 * kSecond, 5 * kMs);
    rec.type("REG-00042");
    rec.press(KEY_ENTER);
    rec.wait(900 * kMs);
    rec.type("REG-0001100"); // 0 ms keys with doubled digits
    rec.press(KEY_ENTER);
    rec.wait(900 * kMs);
    rec.led(true); // caps lock on; this scanner follows it
    rec.type("REG-ab", true);
    rec.press(KEY_ENTER);
    rec.led(false);
    rec.wait(900 * kMs);
    for (const char c : std::string("reg-77")) { // a person, slowly
        rec.type(std::string(1, c));
        rec.wait(180 * kMs);
    }
    rec.press(KEY_ENTER);
    Pipe pipe;
    ASSERT_TRUE(pipe.ok());
    ASSERT_TRUE(pipe.write(rec.bytes()));
    pipe.closeWrite();

    ScanWorker worker = MakeWorker();
    auto reader = EvdevReader::FromFd(pipe.takeRead(), WedgeOptions{}, SubmitTo(worker));
    reader->start();
    ASSERT_TRUE(reader->waitFinished(kDeadlineMs));
    ASSERT_TRUE(worker.waitForEvents(3, kDeadlineMs));
    const std::vector<ScanEvent> scans = worker.drain();
    ASSERT_EQ(scans.size(), 3u); // the person's keys are no scan
    EXPECT_EQ(scans[0].text, "REG-00042");
    EXPECT_EQ(scans[0].origin, ScanOrigin::Evdev);
    EXPECT_TRUE(scans[0].claim.valid()) << scans[0].claim.reason;
    EXPECT_EQ(scans[1].text, "REG-0001100");
    EXPECT_EQ(scans[2].text, "reg-AB"); // as sent: Shift inverted on letters
    EXPECT_EQ(scans[2].capsText, "REG-ab");
    EXPECT_TRUE(scans[0].capsText.empty());
}

TEST(EvdevReader, ABurstWithoutEnterEndsAfterTheGapWhileTheDeviceStaysOpen) {
    Recording rec(1'000 * kMs, 4 * kMs);
    rec.type("REG-00077");
    Pipe pipe;
    ASSERT_TRUE(pipe.ok());
    ASSERT_TRUE(pipe.write(rec.bytes()));
    std::vector<WedgePayload> got;
    std::mutex mutex;
    std::condition_variable cv;
    auto reader = EvdevReader::FromFd(pipe.takeRead(), WedgeOptions{}, [&](const WedgePayload& p) {
        std::lock_guard lock(mutex);
        got.push_back(p);
        cv.notify_all();
    });
    const auto t0 = std::chrono::steady_clock::now();
    reader->start();
    {
        std::unique_lock lock(mutex);
        ASSERT_TRUE(cv.wait_for(lock, std::chrono::milliseconds(kDeadlineMs),
                                [&] { return !got.empty(); }));
        ASSERT_EQ(got.size(), 1u);
        EXPECT_EQ(got[0].text, "REG-00077");
        EXPECT_EQ(got[0].end, WedgeEnd::Timeout);
        EXPECT_EQ(got[0].lastKeyMicros - got[0].firstKeyMicros, 32 * kMs); // 9 keys, 4 ms apart
    }
    // Not before the end gap had passed with nothing more: the rest could have been coming.
    EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(300));
    EXPECT_FALSE(reader->finished());
    pipe.closeWrite();
    EXPECT_TRUE(reader->waitFinished(kDeadlineMs));
}

TEST(EvdevReader, AnAbsentDeviceIsRetriedAndStopDoesNotWaitForTheRetry) {
    EvdevReaderOptions options;
    options.device = "/nonexistent/input/by-id/usb-Scanner-event-kbd";
    options.retryMs = 60'000;
    EvdevReader reader(options, nullptr);
    reader.start();
    ASSERT_TRUE(reader.waitForStatus(
        [](const EvdevStatus& s) { return s.error.find("/nonexistent/") != std::string::npos; },
        kDeadlineMs));
    EXPECT_FALSE(reader.status().connected);
    const auto t0 = std::chrono::steady_clock::now();
    reader.stop(); // the thread sleeps a minute before the next attempt, but is woken
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1000));
}

TEST(EvdevReader, AnAbsentDeviceIsReportedOnceNotOnEveryRetry) {
    EvdevReaderOptions options;
    options.device = "/nonexistent/input/event99";
    options.retryMs = 5;
    std::mutex mutex;
    std::vector<EvdevStatus> reported;
    options.onStatus = [&](const EvdevStatus& s) {
        std::lock_guard lock(mutex);
        reported.push_back(s);
    };
    EvdevReader reader(options, nullptr);
    reader.start();
    ASSERT_TRUE(
        reader.waitForStatus([](const EvdevStatus& s) { return s.attempts >= 5; }, kDeadlineMs));
    reader.stop();
    std::lock_guard lock(mutex);
    ASSERT_EQ(reported.size(), 1u);
    EXPECT_FALSE(reported[0].connected);
    EXPECT_NE(reported[0].error.find("cannot open /nonexistent/input/event99"), std::string::npos)
        << reported[0].error;
}

TEST(EvdevReader, AUsbIdIsLookedUpAmongTheEventNodes) {
    const fs::path dir =
        fs::temp_directory_path() / ("accueil-evdev-" + std::to_string(::getpid()));
    fs::create_directories(dir / "by-id");
    std::ofstream(dir / "event3") << "not a device"; // listed by name, refused by libevdev
    EXPECT_TRUE(ListEvdevKeyboards(dir.string()).empty());

    EvdevReaderOptions options;
    options.device = "0c2e:0B61";
    options.inputDir = dir.string();
    options.retryMs = 20;
    EvdevReader reader(options, nullptr);
    reader.start();
    EXPECT_TRUE(reader.waitForStatus(
        [&](const EvdevStatus& s) {
            return s.error == "no keyboard device with USB id 0c2e:0B61 under " + dir.string();
        },
        kDeadlineMs))
        << reader.status().error;
    reader.stop();
    fs::remove_all(dir);
}

TEST(EvdevReader, UsbIdsParseAsLsusbPrintsThem) {
    EXPECT_EQ(ParseUsbId("0c2e:0b61"), (UsbId{0x0c2e, 0x0b61}));
    EXPECT_EQ(ParseUsbId("05E0:1200"), (UsbId{0x05e0, 0x1200}));
    EXPECT_EQ(ToString(UsbId{0x5e0, 0x12}), "05e0:0012");
    EXPECT_FALSE(ParseUsbId("/dev/input/event3"));
    EXPECT_FALSE(ParseUsbId("0c2e:"));
    EXPECT_FALSE(ParseUsbId("0c2e:0b61:1"));
    EXPECT_FALSE(ParseUsbId("12345:1"));
    EXPECT_FALSE(ParseUsbId("+c2e:0b61"));
}
