// SPDX-License-Identifier: Apache-2.0
// Scans from an evdev scanner reach the kiosk as the wedge's do: a recording replayed through
// a pipe, read on the reader's thread, submitted to the scan worker, taken by the UI thread.

#include "ScanInput.h"

#include "EvdevRecording.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>

namespace accueil::kiosk::app::test {

using scanner::test::Recording;

namespace {

// Counts the wake-ups ScanInput gives (on its own threads) and waits for them.
class Wakes {
public:
    void wake() {
        const std::lock_guard lock(m_mutex);
        ++m_count;
        m_woken.notify_all();
    }
    /// True once `count` wake-ups came; false if not within `limit`.
    bool waitFor(int count, std::chrono::milliseconds limit) {
        std::unique_lock lock(m_mutex);
        return m_woken.wait_for(lock, limit, [&] { return m_count >= count; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_woken;
    int m_count = 0;
};

} // namespace

TEST(ScanInput, EvdevScansArriveAsWedgeScansWithTheirCapsLockReading) {
    Recording rec(5'000'000, 5'000, scanner::WedgeLayout::French);
    rec.type("REG-00042");
    rec.press(KEY_ENTER);
    rec.wait(1'000'000);
    rec.led(true);
    rec.type("REG-00043", true);
    rec.press(KEY_ENTER);
    std::array<int, 2> fds{-1, -1};
    ASSERT_EQ(::pipe2(fds.data(), O_CLOEXEC), 0);
    const std::string bytes = rec.bytes();
    ASSERT_EQ(::write(fds[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    ::close(fds[1]);

    FrameInputOptions options;
    options.evdevFd = fds[0];
    options.layout = scanner::WedgeLayout::French;
    Wakes wakes;
    auto opened =
        ScanInput::Open(options, *scanner::BadgeReader::create({}), [&wakes] { wakes.wake(); });
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    ASSERT_TRUE(wakes.waitFor(2, std::chrono::seconds(5)));
    Commands commands;
    (*opened)->take(commands);
    ASSERT_EQ(commands.size(), 2u);
    const auto& first = std::get<ScanPayload>(commands[0]);
    EXPECT_EQ(first.text, "REG-00042");
    EXPECT_TRUE(first.wedge);
    // Timed by its Enter's kernel stamp (nine keys 5 ms apart from 5 s), not by when it was read.
    EXPECT_EQ(first.capturedMicros, 5'045'000);
    EXPECT_GT(first.decodedMicros, 0);
    ASSERT_TRUE(first.claim.has_value());
    EXPECT_TRUE(first.capsText.empty());
    const auto& second = std::get<ScanPayload>(commands[1]);
    EXPECT_EQ(second.text, "reg-00043");
    EXPECT_EQ(second.capsText, "REG-00043");
    EXPECT_EQ((*opened)->state(), CameraState::None); // no camera here
}

TEST(ScanInput, SerialLinesArriveAsScans) {
    // The master side of a pseudo-terminal stands in for the scanner; its slave for the tty.
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT_GE(master, 0);
    std::array<char, 64> name{};
    ASSERT_EQ(::grantpt(master), 0);
    ASSERT_EQ(::unlockpt(master), 0);
    ASSERT_EQ(::ptsname_r(master, name.data(), name.size()), 0);

    FrameInputOptions options;
    options.serialDevice = name.data();
    Wakes wakes;
    auto opened =
        ScanInput::Open(options, *scanner::BadgeReader::create({}), [&wakes] { wakes.wake(); });
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    // Written until the reader has the tty open and a line comes through (a line written
    // before it opened the tty would be lost), each time a new code so none is debounced.
    Commands commands;
    for (int i = 0; i < 50 && commands.empty(); ++i) {
        const std::string line = "REG-" + std::to_string(10000 + i) + "\r\n";
        ASSERT_EQ(::write(master, line.data(), line.size()), static_cast<ssize_t>(line.size()));
        wakes.waitFor(1, std::chrono::milliseconds(100));
        (*opened)->take(commands);
    }
    ::close(master);
    ASSERT_FALSE(commands.empty());
    const auto& scan = std::get<ScanPayload>(commands[0]);
    EXPECT_TRUE(scan.text.starts_with("REG-1")) << scan.text;
    EXPECT_TRUE(scan.wedge);
    ASSERT_TRUE(scan.claim.has_value());
    EXPECT_TRUE(scan.capsText.empty());
}

} // namespace accueil::kiosk::app::test
