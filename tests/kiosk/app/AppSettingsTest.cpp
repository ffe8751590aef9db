// SPDX-License-Identifier: Apache-2.0
// The kiosk's settings: kiosk.toml's [app] keys apply, and a flag given on the command line
// wins over its key.

#include "KioskApp.h"

#include <accueil/core/Config.h>

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace accueil::kiosk::app::test {

namespace {

namespace fs = std::filesystem;

// kiosk.toml with `app` as its [app] table, beside the example event; returns its settings.
core::AppSettings LoadApp(const std::string& app) {
    const fs::path dir = fs::temp_directory_path() /
                         ("accueil-app-settings-" + std::to_string(::getpid()) + "-" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
    fs::copy_file(fs::path(ACCUEIL_SOURCE_DIR) / "config/event.toml", dir / "event.toml",
                  fs::copy_options::overwrite_existing);
    std::ofstream(dir / "kiosk.toml")
        << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
        << "[app]\n"
        << app;
    auto config = core::LoadKioskConfig((dir / "kiosk.toml").string());
    fs::remove_all(dir);
    EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
    return config.ok() ? config->app : core::AppSettings{};
}

// kiosk.toml with `tables` after [kiosk], beside the example event; returns it as read.
core::KioskConfig LoadKiosk(const std::string& tables) {
    const fs::path dir = fs::temp_directory_path() /
                         ("accueil-scanner-settings-" + std::to_string(::getpid()) + "-" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
    fs::copy_file(fs::path(ACCUEIL_SOURCE_DIR) / "config/event.toml", dir / "event.toml",
                  fs::copy_options::overwrite_existing);
    std::ofstream(dir / "kiosk.toml")
        << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
        << tables;
    auto config = core::LoadKioskConfig((dir / "kiosk.toml").string());
    fs::remove_all(dir);
    EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
    return config.ok() ? std::move(config).value() : core::KioskConfig{};
}

const char* const kVenue = "panel_key = \"F5\"\nmonitor = 1\ncamera = \"/dev/video2\"\n"
                           "staff_card_prefix = \"CARD/\"\nwindowed = \"1280x800\"\n";

} // namespace

TEST(AppSettings, TheFileAppliesWhenNoFlagIsGiven) {
    const core::AppSettings settings = ResolveAppSettings(LoadApp(kVenue), AppOptions{});
    EXPECT_EQ(settings.panelKey, "F5");
    EXPECT_EQ(settings.monitor, 1);
    EXPECT_EQ(settings.camera, "/dev/video2");
    EXPECT_EQ(settings.staffCardPrefix, "CARD/");
    EXPECT_EQ(settings.windowed.width, 1280);
    EXPECT_EQ(settings.windowed.height, 800);
}

TEST(AppSettings, AFlagWinsOverItsKey) {
    AppOptions flags;
    flags.panelKey = "F6";
    flags.monitor = 2;
    flags.camera = "/dev/video0";
    flags.windowed = core::WindowSize{1920, 1080};
    const core::AppSettings settings = ResolveAppSettings(LoadApp(kVenue), flags);
    EXPECT_EQ(settings.panelKey, "F6");
    EXPECT_EQ(settings.monitor, 2);
    EXPECT_EQ(settings.camera, "/dev/video0");
    EXPECT_EQ(settings.windowed.width, 1920);
    EXPECT_EQ(settings.windowed.height, 1080);
    EXPECT_EQ(settings.staffCardPrefix, "CARD/"); // no flag: the key stays
}

TEST(AppSettings, EmptyFlagsTurnTheFilesCameraAndWindowOff) {
    AppOptions flags;
    flags.camera = "";                   // --camera ""
    flags.windowed = core::WindowSize{}; // --windowed ""
    const core::AppSettings settings = ResolveAppSettings(LoadApp(kVenue), flags);
    EXPECT_EQ(settings.camera, "");
    EXPECT_TRUE(settings.windowed.fullScreen());
}

TEST(AppSettings, WithoutKeysOrFlagsTheDefaultsApply) {
    const core::AppSettings settings = ResolveAppSettings(LoadApp(""), AppOptions{});
    EXPECT_EQ(settings.panelKey, "F12");
    EXPECT_EQ(settings.monitor, 0);
    EXPECT_EQ(settings.camera, "");
    EXPECT_EQ(settings.staffCardPrefix, "STAFF:");
    EXPECT_TRUE(settings.windowed.fullScreen());
}

using core::ScannerKind;

TEST(ScannerSettings, WithoutAScannerTableTheWedgeAndTheAppCameraRunAsBefore) {
    const core::ScannerSettings plain = ResolveScanners(LoadKiosk(""), AppOptions{});
    EXPECT_EQ(plain.kinds, std::vector<ScannerKind>{ScannerKind::Keyboard});
    EXPECT_EQ(plain.layout, "us");
    const core::ScannerSettings camera =
        ResolveScanners(LoadKiosk("[app]\ncamera = \"/dev/video2\"\n"), AppOptions{});
    EXPECT_EQ(camera.kinds, (std::vector<ScannerKind>{ScannerKind::Keyboard, ScannerKind::Camera}));
    EXPECT_EQ(camera.camera, "/dev/video2");
    AppOptions off;
    off.camera = ""; // --camera ""
    EXPECT_EQ(ResolveScanners(LoadKiosk("[app]\ncamera = \"/dev/video2\"\n"), off).kinds,
              std::vector<ScannerKind>{ScannerKind::Keyboard});
}

TEST(ScannerSettings, FlagsWinOverTheScannerTable) {
    const core::KioskConfig config =
        LoadKiosk("[scanner]\nkind = \"evdev\"\ndevice = \"0c2e:0b61\"\nlayout = \"fr\"\n");
    const core::ScannerSettings file = ResolveScanners(config, AppOptions{});
    EXPECT_EQ(file.kinds, std::vector<ScannerKind>{ScannerKind::Evdev});
    EXPECT_EQ(file.layout, "fr");
    AppOptions flags;
    flags.wedgeLayout = "de";
    flags.camera = "/dev/video4";
    const core::ScannerSettings both = ResolveScanners(config, flags);
    EXPECT_EQ(both.kinds, (std::vector<ScannerKind>{ScannerKind::Evdev, ScannerKind::Camera}));
    EXPECT_EQ(both.camera, "/dev/video4");
    EXPECT_EQ(both.layout, "de");
    EXPECT_EQ(both.device, "0c2e:0b61");
}

} // namespace accueil::kiosk::app::test
