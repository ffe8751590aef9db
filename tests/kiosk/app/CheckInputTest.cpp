// SPDX-License-Identifier: Apache-2.0
// accueil-kiosk --check-input: the listing, what the configuration uses, and each scan read,
// on folders of the test's own (no device of the machine is looked at).

#include "CheckInput.h"

#include "EvdevRecording.h"
#include "KioskApp.h"

#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/QrRender.h>

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace accueil::kiosk::app::test {

namespace {

namespace fs = std::filesystem;
using scanner::test::Recording;

/// An empty /dev stand-in: input/, serial/by-id/, and video nodes' folder.
class FakeDev {
public:
    FakeDev()
        : m_dir(fs::temp_directory_path() /
                ("accueil-check-input-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
        fs::create_directories(m_dir / "input" / "by-id");
        fs::create_directories(m_dir / "serial" / "by-id");
    }
    FakeDev(const FakeDev&) = delete;
    FakeDev& operator=(const FakeDev&) = delete;
    ~FakeDev() { fs::remove_all(m_dir); }

    CheckInputOptions options() const {
        CheckInputOptions o;
        o.inputDir = (m_dir / "input").string();
        o.serialDir = (m_dir / "serial" / "by-id").string();
        o.devDir = m_dir.string();
        return o;
    }
    fs::path path(const std::string& name) const { return m_dir / name; }

private:
    fs::path m_dir;
};

core::ScannerSettings Evdev(const std::string& device) {
    core::ScannerSettings s;
    s.configured = true;
    s.kinds = {core::ScannerKind::Evdev};
    s.device = device;
    return s;
}

} // namespace

TEST(CheckInput, WithNoDevicesItSaysSoAndEndsWell) {
    const FakeDev dev;
    std::ostringstream out;
    EXPECT_EQ(CheckInput(dev.options(), out), kKioskOk);
    const std::string text = out.str();
    EXPECT_NE(text.find("Keyboards and keyboard-wedge scanners"), std::string::npos) << text;
    EXPECT_NE(text.find("is this user allowed to read the event nodes?"), std::string::npos);
    EXPECT_NE(
        text.find("Serial scanners (" + dev.path("serial/by-id").string() + "):\n  none found"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("/video*):\n  none found"), std::string::npos) << text;
    EXPECT_NE(text.find("No --config: nothing to read."), std::string::npos) << text;
}

TEST(CheckInput, SerialTtysAndCamerasAreListed) {
    const FakeDev dev;
    std::ofstream(dev.path("ttyACM0")) << "";
    fs::create_symlink(dev.path("ttyACM0"), dev.path("serial/by-id/usb-Scanner-if00"));
    std::ofstream(dev.path("video0")) << "";
    std::ostringstream out;
    EXPECT_EQ(CheckInput(dev.options(), out), kKioskOk);
    const std::string text = out.str();
    EXPECT_NE(text.find("usb-Scanner-if00 -> " + fs::canonical(dev.path("ttyACM0")).string()),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  " + dev.path("video0").string() + "\n"), std::string::npos) << text;
}

TEST(CheckInput, AReplayedScannerIsPrintedScanByScan) {
    const FakeDev dev;
    Recording rec(10'000'000, 5'000);
    rec.type("REG-00042"); // 9 keys, 5 ms apart
    rec.press(KEY_ENTER);
    rec.wait(1'000'000);
    rec.led(true);
    rec.type("REG-7", true);
    rec.press(KEY_TAB);
    std::ofstream(dev.path("scan.evdev"), std::ios::binary) << rec.bytes();

    CheckInputOptions options = dev.options();
    options.scanners = Evdev("0c2e:0b61");
    options.configPath = "kiosk.toml";
    options.replay = dev.path("scan.evdev").string();
    std::ostringstream out;
    EXPECT_EQ(CheckInput(options, out), kKioskOk); // ends with the recording
    const std::string text = out.str();
    EXPECT_NE(text.find("kiosk.toml uses:\n  evdev: 0c2e:0b61, layout us -> not present now"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  replay  \"REG-00042\"  ended by Enter  caps lock off  40.0 ms from "
                        "first to last key\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  replay  \"reg-7\"  ended by Tab  caps lock on  20.0 ms from first to "
                        "last key  (if the scanner follows caps lock it meant \"REG-7\")\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Stopped."), std::string::npos);
}

TEST(CheckInput, ACamerasCodesArePrintedAsItReadsThem) {
    const FakeDev dev;
    fs::create_directories(dev.path("frames"));
    // A blank frame, one with a badge's code, a blank one: as a camera would see it pass.
    scanner::GreyFrame frame{320, 240, std::vector<std::uint8_t>(std::size_t{320} * 240, 170)};
    ASSERT_TRUE(scanner::WritePng(frame, dev.path("frames/a.png").string()).ok());
    ASSERT_TRUE(scanner::WritePng(frame, dev.path("frames/c.png").string()).ok());
    auto qr = scanner::RenderQr("REG-00042", 4);
    ASSERT_TRUE(qr.ok());
    for (int y = 0; y < qr->height; ++y) {
        for (int x = 0; x < qr->width; ++x) {
            frame.at(x + 100, y + 60) = qr->at(x, y);
        }
    }
    ASSERT_TRUE(scanner::WritePng(frame, dev.path("frames/b.png").string()).ok());

    CheckInputOptions options = dev.options();
    options.frames = dev.path("frames").string();
    std::ostringstream out;
    EXPECT_EQ(CheckInput(options, out), kKioskOk); // ends with the last frame
    const std::string text = out.str();
    EXPECT_NE(text.find("  camera  \"REG-00042\"  decoded in "), std::string::npos) << text;
    EXPECT_NE(text.find(" ms (frame 1)\n"), std::string::npos) << text; // a is frame 0
    EXPECT_NE(text.find("Stopped."), std::string::npos) << text;
}

TEST(CheckInput, ACameraThatCannotBeOpenedIsSaidAndTheOthersAreRead) {
    const FakeDev dev;
    CheckInputOptions options = dev.options();
    options.scanners = Evdev("0c2e:0b61");
    options.scanners->kinds.push_back(core::ScannerKind::Camera);
    options.scanners->camera = dev.path("video7").string();
    options.configPath = "kiosk.toml";
    options.seconds = 0.3;
    std::ostringstream out;
    EXPECT_EQ(CheckInput(options, out), kKioskOk);
    const std::string text = out.str();
    EXPECT_NE(text.find("  camera: " + dev.path("video7").string() + " at 1280x720\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  camera " + dev.path("video7").string() + ": "), std::string::npos)
        << text;
    EXPECT_NE(text.find("evdev: no keyboard device with USB id 0c2e:0b61"), std::string::npos)
        << text;
    EXPECT_NE(text.find("Stopped."), std::string::npos);
}

TEST(CheckInput, AnAbsentScannerIsReportedUntilTheTimeIsUp) {
    const FakeDev dev;
    CheckInputOptions options = dev.options();
    options.scanners = Evdev("0c2e:0b61");
    options.configPath = "kiosk.toml";
    options.seconds = 0.3;
    std::ostringstream out;
    EXPECT_EQ(CheckInput(options, out), kKioskOk);
    const std::string text = out.str();
    EXPECT_NE(text.find("evdev: no keyboard device with USB id 0c2e:0b61 under " +
                        dev.path("input").string()),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Stops after 0.3 s."), std::string::npos) << text;
    EXPECT_NE(text.find("Stopped."), std::string::npos);
}

TEST(CheckInput, AReplayThatCannotBeOpenedIsAConfigError) {
    const FakeDev dev;
    CheckInputOptions options = dev.options();
    options.replay = dev.path("missing.evdev").string();
    std::ostringstream out;
    EXPECT_EQ(CheckInput(options, out), kKioskConfig);
    EXPECT_NE(out.str().find("--check-input-replay " + options.replay + ": cannot open it"),
              std::string::npos);
}

} // namespace accueil::kiosk::app::test
