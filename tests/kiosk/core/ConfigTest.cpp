// SPDX-License-Identifier: Apache-2.0
#include "TestSupport.h"

#include <accueil/core/Config.h>

#include <fstream>
#include <string>

using namespace accueil::core;
using accueil::core::test::TempDir;

namespace {

// Loads a kiosk.toml beside the given event.toml and returns the error message ("" if ok).
std::string KioskError(const std::string& kiosk, const std::string& event = test::EventToml()) {
    TempDir dir;
    dir.write("event.toml", event);
    auto config = LoadKioskConfig(dir.write("kiosk.toml", kiosk));
    if (config.ok()) {
        return "";
    }
    EXPECT_EQ(config.error().kind, ErrorKind::Config);
    // Messages name the file, not the temp dir's random part, for readability in asserts.
    std::string message = config.error().message;
    const std::string prefix = dir.path().string() + "/";
    for (auto pos = message.find(prefix); pos != std::string::npos; pos = message.find(prefix)) {
        message.erase(pos, prefix.size());
    }
    return message;
}

} // namespace

TEST(Config, TheShippedExamplesLoad) {
    auto config = LoadKioskConfig(std::string(ACCUEIL_SOURCE_DIR) + "/config/kiosk.toml");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->id, "door-1");
    EXPECT_EQ(config->event.id, "apmbc-ism-2025");
    EXPECT_EQ(config->event.displayName("fr"), "Réunions intersessions");
    EXPECT_EQ(config->event.displayName("zh"), "Intersessional Meetings");
    EXPECT_EQ(config->event.calendar->days().size(), 4U);
    EXPECT_EQ(config->event.reentry, ReentryPolicy::Allow);
    EXPECT_EQ(config->event.debounceSeconds, 5);
    EXPECT_EQ(config->event.categories.size(), 6U);
    EXPECT_TRUE(config->databasePath.ends_with("config/kiosk.db"));
}

TEST(Config, RelativePathsResolveAgainstTheFileThatNamesThem) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "site");
    dir.write("site/event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write(
        "kiosk.toml",
        "[kiosk]\nid = \"door-2\"\ndatabase = \"data/k.db\"\nevent = \"site/event.toml\"\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->databasePath, dir.file("data/k.db"));
    EXPECT_EQ(config->eventPath, dir.file("site/event.toml"));
    // Without a languages key the door greets in the six UN languages, English first.
    EXPECT_EQ(config->languages, (std::vector<std::string>{"en", "fr", "es", "ar", "zh", "ru"}));
}

TEST(Config, BadFilesNameFileLineAndKey) {
    const std::string ok = test::KioskToml();
    EXPECT_EQ(KioskError("[kiosk]\ndatabase = \"k.db\"\nevent = \"event.toml\"\n"),
              "kiosk.toml:1: kiosk.id: missing (required)");
    EXPECT_EQ(KioskError("[kiosk]\nid = 7\ndatabase = \"k.db\"\nevent = \"event.toml\"\n"),
              "kiosk.toml:2: kiosk.id: must be a string in quotes");
    EXPECT_EQ(KioskError(ok + "colour = \"red\"\n"), "kiosk.toml:8: staff.colour: unknown key");
    EXPECT_EQ(KioskError(ok + "[staf]\n"), "kiosk.toml:8: staf: unknown key");
    EXPECT_EQ(KioskError("[kiosk\nid = \"x\"\n").substr(0, 13), "kiosk.toml:1:");
    EXPECT_EQ(KioskError("[kiosk]\nid = \"d\"\ndatabase = \"k.db\"\nevent = \"event.toml\"\n"
                         "[staff]\nmax_failures = 0\n"),
              "kiosk.toml:6: staff.max_failures: must be between 1 and 100");
    EXPECT_EQ(KioskError("[kiosk]\nid = \"door 1\"\ndatabase = \"k.db\"\nevent = \"event.toml\"\n")
                  .substr(0, 22),
              "kiosk.toml:2: kiosk.id");
    EXPECT_EQ(KioskError("[kiosk]\nid = \"d\"\ndatabase = \"k.db\"\nevent = \"nope.toml\"\n"),
              "nope.toml: event file not found");
}

TEST(Config, BadEventFilesAreRefused) {
    const std::string kiosk = test::KioskToml();
    EXPECT_EQ(KioskError(kiosk, test::EventToml("sometimes")),
              "event.toml:5: event.reentry: \"sometimes\" is not one of allow, warn, deny");
    std::string tz = test::EventToml();
    tz.replace(tz.find("Europe/Zurich"), 13, "Mars/Olympus");
    EXPECT_EQ(KioskError(kiosk, tz),
              "event.toml:3: event.timezone: unknown time zone \"Mars/Olympus\"");
    std::string day = test::EventToml();
    day.replace(day.find("2025-06-18"), 10, "2025-06-31");
    EXPECT_EQ(KioskError(kiosk, day),
              "event.toml:4: event.days: \"2025-06-31\" is not a date (YYYY-MM-DD)");
    EXPECT_NE(KioskError(kiosk, test::EventToml() + "[badges]\nplain_id_pattern = \"([\"\n")
                  .find("badges.plain_id_pattern: not a valid regular expression"),
              std::string::npos);
    EXPECT_EQ(KioskError(kiosk, test::EventToml() + "[badges]\naccept_indico = \"yes\"\n"),
              "event.toml:11: badges.accept_indico: must be true or false");
    EXPECT_NE(KioskError(kiosk, test::EventToml() + "[badges]\nindico_event_id = \"x12\"\n")
                  .find("event.toml:11: badges.indico_event_id: must be a whole number"),
              std::string::npos);
    EXPECT_NE(KioskError(kiosk, test::EventToml() + "[badges]\nindico_event_id = 0\n")
                  .find("event.toml:11: badges.indico_event_id"),
              std::string::npos);
}

TEST(Config, TheIndicoEventAndServerReachTheBadgeReader) {
    TempDir dir;
    const auto event = LoadEventConfig(dir.write(
        "event.toml", test::EventToml() + "[badges]\naccept_indico = true\nindico_event_id = "
                                          "1234\nindico_server = \"indico.un.org\"\n"));
    ASSERT_TRUE(event.ok()) << event.error().message;
    const auto options = BadgeReaderOptionsFor(*event);
    EXPECT_EQ(options.indicoEventId, "1234");
    EXPECT_EQ(options.indicoServer, "indico.un.org");
    EXPECT_TRUE(options.acceptIndico);
}

TEST(Config, ImportColumnsAndCentralSettingsAreRead) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write(
        "kiosk.toml",
        test::KioskToml() +
            "[import.columns]\ngiven_name = \"First Name\"\n"
            "[central]\nurl = \"http://127.0.0.1:8470\"\ntoken_file = \"door-1.token\"\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->import.header("given_name"), "First Name");
    EXPECT_EQ(config->import.header("family_name"), "family_name");
    EXPECT_EQ(config->central.tokenFile, dir.file("door-1.token"));
    EXPECT_EQ(config->staff.maxFailures, 3);
}

// [central] url: one address, or the central's instances in the order they are tried.
TEST(Config, TheCentralIsOneAddressOrAList) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(
        dir.write("kiosk.toml", test::KioskToml() + "[central]\nurl = \"http://a:8470\"\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->central.url(), "http://a:8470");
    EXPECT_EQ(config->central.urls, (std::vector<std::string>{"http://a:8470"}));
    config = LoadKioskConfig(dir.write(
        "kiosk.toml",
        test::KioskToml() + "[central]\nurl = [\"https://c1:8470\", \"https://c2:8470\"]\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->central.url(), "https://c1:8470");
    EXPECT_EQ(config->central.urls,
              (std::vector<std::string>{"https://c1:8470", "https://c2:8470"}));
    config = LoadKioskConfig(dir.write("kiosk.toml", test::KioskToml()));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->central.urls.empty());
    EXPECT_EQ(KioskError(test::KioskToml() + "[central]\nurl = []\n"),
              "kiosk.toml:9: central.url: list at least one address");
    EXPECT_NE(KioskError(test::KioskToml() + "[central]\nurl = [\"http://a\", 7]\n"), "");
}

TEST(Config, OfflineAlertMinutesDefaultsTo30AndZeroTurnsItOff) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write("kiosk.toml", test::KioskToml()));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->central.offlineAlertMinutes, 30);
    config = LoadKioskConfig(
        dir.write("kiosk.toml", test::KioskToml() + "[central]\noffline_alert_minutes = 0\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->central.offlineAlertMinutes, 0);
    config = LoadKioskConfig(
        dir.write("kiosk.toml", test::KioskToml() + "[central]\noffline_alert_minutes = -5\n"));
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().message.find("offline_alert_minutes"), std::string::npos);
}

TEST(Config, AppSettingsDefaultWithoutAnAppTable) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write("kiosk.toml", test::KioskToml()));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->app.panelKey, "F12");
    EXPECT_EQ(config->app.monitor, 0);
    EXPECT_EQ(config->app.camera, "");
    EXPECT_EQ(config->app.staffCardPrefix, "STAFF:");
    EXPECT_TRUE(config->app.windowed.fullScreen());
}

TEST(Config, AppSettingsAreRead) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write(
        "kiosk.toml", test::KioskToml() +
                          "[app]\npanel_key = \"F5\"\nmonitor = 1\ncamera = \"/dev/video2\"\n"
                          "staff_card_prefix = \"CARD/\"\nwindowed = \"1280x800\"\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->app.panelKey, "F5");
    EXPECT_EQ(config->app.monitor, 1);
    EXPECT_EQ(config->app.camera, "/dev/video2");
    EXPECT_EQ(config->app.staffCardPrefix, "CARD/");
    EXPECT_EQ(config->app.windowed.width, 1280);
    EXPECT_EQ(config->app.windowed.height, 800);
    EXPECT_FALSE(config->app.windowed.fullScreen());

    // An empty prefix turns staff cards off; an empty size is full screen.
    auto off = LoadKioskConfig(dir.write(
        "kiosk.toml", test::KioskToml() + "[app]\nstaff_card_prefix = \"\"\nwindowed = \"\"\n"));
    ASSERT_TRUE(off.ok()) << off.error().message;
    EXPECT_EQ(off->app.staffCardPrefix, "");
    EXPECT_TRUE(off->app.windowed.fullScreen());
}

TEST(Config, BadAppSettingsNameFileLineAndKey) {
    const std::string app = test::KioskToml() + "[app]\n"; // [app] is line 8
    EXPECT_EQ(KioskError(app + "panel_key = \"F13\"\n"),
              "kiosk.toml:9: app.panel_key: \"F13\" is not one of F1 to F12");
    EXPECT_EQ(KioskError(app + "panel_key = 12\n"),
              "kiosk.toml:9: app.panel_key: must be a string in quotes");
    EXPECT_EQ(KioskError(app + "monitor = -1\n"),
              "kiosk.toml:9: app.monitor: must be between 0 and 15");
    EXPECT_EQ(KioskError(app + "monitor = \"1\"\n"),
              "kiosk.toml:9: app.monitor: must be a whole number");
    EXPECT_EQ(KioskError(app + "camera = \"video0\"\n"),
              "kiosk.toml:9: app.camera: must be a device path such as \"/dev/video0\" "
              "(\"\" for no camera)");
    EXPECT_EQ(KioskError(app + "staff_card_prefix = \"STAFF\\t\"\n"),
              "kiosk.toml:9: app.staff_card_prefix: use at most 32 characters and no control "
              "characters (\"\" turns staff cards off)");
    EXPECT_EQ(KioskError(app + "windowed = \"1920*1080\"\n"),
              "kiosk.toml:9: app.windowed: expected WIDTHxHEIGHT, e.g. 1920x1080");
    EXPECT_EQ(KioskError(app + "windowed = \"200x100\"\n"),
              "kiosk.toml:9: app.windowed: at least 320x240");
    EXPECT_EQ(KioskError(app + "wedge_layout = \"ch\"\n"),
              "kiosk.toml:9: app.wedge_layout: unknown key");
    EXPECT_EQ(KioskError("app = \"F5\"\n" + test::KioskToml()),
              "kiosk.toml:1: app: must be a table");
}

TEST(Config, WithoutAScannerTableTheKioskReadsKeysAsBefore) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write("kiosk.toml", test::KioskToml()));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_FALSE(config->scanner.configured);
    EXPECT_EQ(config->scanner.kinds, std::vector<ScannerKind>{ScannerKind::Keyboard});
    EXPECT_EQ(config->scanner.layout, "us");
}

TEST(Config, TheScannerTableNamesKindsDeviceLayoutAndCamera) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto one = LoadKioskConfig(dir.write(
        "kiosk.toml", test::KioskToml() + "[scanner]\nkind = \"evdev\"\ndevice = \"0c2e:0b61\"\n"
                                          "layout = \"ch\"\n"));
    ASSERT_TRUE(one.ok()) << one.error().message;
    EXPECT_TRUE(one->scanner.configured);
    EXPECT_EQ(one->scanner.kinds, std::vector<ScannerKind>{ScannerKind::Evdev});
    EXPECT_EQ(one->scanner.device, "0c2e:0b61");
    EXPECT_EQ(one->scanner.layout, "ch");
    EXPECT_FALSE(one->scanner.has(ScannerKind::Keyboard));

    auto several = LoadKioskConfig(
        dir.write("kiosk.toml",
                  test::KioskToml() +
                      "[scanner]\nkind = [\"serial\", \"camera\", \"keyboard\"]\n"
                      "device = \"/dev/serial/by-id/usb-Scanner-if00\"\ncamera = \"/dev/video2\"\n"
                      "camera_size = \"1920x1080\"\n"));
    ASSERT_TRUE(several.ok()) << several.error().message;
    EXPECT_EQ(several->scanner.kinds,
              (std::vector<ScannerKind>{ScannerKind::Serial, ScannerKind::Camera,
                                        ScannerKind::Keyboard}));
    EXPECT_EQ(several->scanner.device, "/dev/serial/by-id/usb-Scanner-if00");
    EXPECT_EQ(several->scanner.camera, "/dev/video2");
    EXPECT_EQ(several->scanner.cameraSize.width, 1920);
    EXPECT_EQ(several->scanner.cameraSize.height, 1080);
    EXPECT_STREQ(ToString(ScannerKind::Serial), "serial");
}

TEST(Config, BadScannerSettingsNameFileLineAndKey) {
    const std::string scanner = test::KioskToml() + "[scanner]\n"; // [scanner] is line 8
    EXPECT_EQ(KioskError(scanner + "layout = \"us\"\n"),
              "kiosk.toml:8: scanner.kind: missing (required): one of \"keyboard\", \"evdev\", "
              "\"serial\", \"camera\", or a list of them");
    EXPECT_EQ(KioskError(scanner + "kind = \"barcode\"\n"),
              "kiosk.toml:9: scanner.kind: \"barcode\" is not one of keyboard, evdev, serial, "
              "camera");
    EXPECT_EQ(KioskError(scanner + "kind = []\n"),
              "kiosk.toml:9: scanner.kind: list at least one kind");
    EXPECT_EQ(KioskError(scanner + "kind = 3\n"),
              "kiosk.toml:9: scanner.kind: must be a string or a list of strings, e.g. "
              "[\"evdev\", \"camera\"]");
    EXPECT_EQ(KioskError(scanner + "kind = [\"camera\", \"camera\"]\n"),
              "kiosk.toml:9: scanner.kind: \"camera\" is listed twice");
    EXPECT_EQ(KioskError(scanner + "kind = [\"evdev\", \"serial\"]\ndevice = \"/dev/x\"\n"),
              "kiosk.toml:9: scanner.kind: evdev and serial would share one device: list one "
              "of them");
    EXPECT_EQ(KioskError(scanner + "kind = \"evdev\"\n"),
              "kiosk.toml:8: scanner.device: missing (required)");
    EXPECT_EQ(KioskError(scanner + "kind = \"evdev\"\ndevice = \"event3\"\n"),
              "kiosk.toml:10: scanner.device: must be an event device path such as "
              "\"/dev/input/by-id/usb-…-event-kbd\" or a USB id \"vendor:product\" such as "
              "\"0c2e:0b61\"");
    EXPECT_EQ(KioskError(scanner + "kind = \"serial\"\ndevice = \"0c2e:0b61\"\n"),
              "kiosk.toml:10: scanner.device: must be a tty path such as "
              "\"/dev/serial/by-id/usb-…\" or \"/dev/ttyACM0\"");
    EXPECT_EQ(KioskError(scanner + "kind = \"keyboard\"\ndevice = \"/dev/ttyACM0\"\n"),
              "kiosk.toml:10: scanner.device: only an evdev or serial scanner has a device (see "
              "kind)");
    EXPECT_EQ(KioskError(scanner + "kind = \"keyboard\"\nlayout = \"dvorak\"\n"),
              "kiosk.toml:10: scanner.layout: \"dvorak\" is not one of us, ch, de, fr");
    EXPECT_EQ(KioskError(scanner + "kind = \"keyboard\"\ncamera = \"/dev/video0\"\n"),
              "kiosk.toml:10: scanner.camera: kind does not list camera");
    EXPECT_EQ(KioskError(scanner + "kind = \"camera\"\ncamera = \"video0\"\n"),
              "kiosk.toml:10: scanner.camera: must be a device path such as \"/dev/video0\"");
    EXPECT_EQ(KioskError(scanner + "kind = \"camera\"\ncamera_size = \"big\"\n"),
              "kiosk.toml:10: scanner.camera_size: expected WIDTHxHEIGHT, e.g. 1920x1080");
    EXPECT_EQ(KioskError(scanner + "kind = \"camera\"\nfps = 30\n"),
              "kiosk.toml:10: scanner.fps: unknown key");
    EXPECT_EQ(KioskError(test::KioskToml() + "[app]\ncamera = \"/dev/video0\"\n[scanner]\n"
                                             "kind = \"camera\"\n"),
              "kiosk.toml:9: app.camera: with a [scanner] table the camera is set there: kind = "
              "[..., \"camera\"] and camera = \"/dev/video0\"");
}

TEST(Config, WindowSizesAreWholeNumbers) {
    auto size = ParseWindowSize("1920x1080");
    ASSERT_TRUE(size.ok());
    EXPECT_EQ(size->width, 1920);
    EXPECT_EQ(size->height, 1080);
    ASSERT_TRUE(ParseWindowSize("").ok());
    EXPECT_TRUE(ParseWindowSize("")->fullScreen());
    for (const char* bad : {"1920", "x1080", "1920x", "1920x1080px", "axb", "1920 x 1080"}) {
        auto parsed = ParseWindowSize(bad);
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_EQ(parsed.error().message, "expected WIDTHxHEIGHT, e.g. 1920x1080") << bad;
    }
    ASSERT_FALSE(ParseWindowSize("319x240").ok());
    EXPECT_EQ(ParseWindowSize("319x240").error().message, "at least 320x240");
    EXPECT_TRUE(ParseWindowSize("320x240").ok());
}

namespace {

// The shipped config/kiosk.toml with its commented-out `table` block uncommented (the
// block runs to the next blank line), and how many lines were uncommented.
std::pair<std::string, int> ShippedKioskTomlWith(const std::string& table) {
    std::ifstream in(std::string(ACCUEIL_SOURCE_DIR) + "/config/kiosk.toml");
    std::string text;
    bool inTable = false;
    int uncommented = 0;
    for (std::string line; std::getline(in, line);) {
        inTable = (inTable && !line.empty()) || line == "# " + table;
        if (inTable && line.starts_with("# ")) {
            line.erase(0, 2);
            ++uncommented;
        }
        text += line + "\n";
    }
    return {text, uncommented};
}

} // namespace

TEST(Config, TheShippedAppKeysAreCommentedOutAtTheirDefaults) {
    // Uncomment the example's [app] block: it must load, and change nothing.
    const auto [text, uncommented] = ShippedKioskTomlWith("[app]");
    EXPECT_EQ(uncommented, 6); // the table and its five keys
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write("kiosk.toml", text));
    ASSERT_TRUE(config.ok()) << config.error().message;
    const AppSettings defaults;
    EXPECT_EQ(config->app.panelKey, defaults.panelKey);
    EXPECT_EQ(config->app.monitor, defaults.monitor);
    EXPECT_EQ(config->app.camera, defaults.camera);
    EXPECT_EQ(config->app.staffCardPrefix, defaults.staffCardPrefix);
    EXPECT_TRUE(config->app.windowed.fullScreen());
}

TEST(Config, TheShippedScannerExampleLoads) {
    // Uncomment the example's [scanner] block: it must load as it reads.
    const auto [text, uncommented] = ShippedKioskTomlWith("[scanner]");
    EXPECT_EQ(uncommented, 6); // the table and its five keys
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write("kiosk.toml", text));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->scanner.kinds,
              (std::vector<ScannerKind>{ScannerKind::Evdev, ScannerKind::Camera}));
    EXPECT_EQ(config->scanner.device, "/dev/input/by-id/usb-Scanner_Model-event-kbd");
    EXPECT_EQ(config->scanner.camera, "/dev/video0");
    EXPECT_EQ(config->scanner.cameraSize.width, 1280);
}

TEST(Config, CentralFilesShareTheImportTable) {
    // central.toml's [import] is read by the same code as kiosk.toml's: the same keys, the same
    // refusals, and the file's other tables left to the central's own loader.
    TempDir dir;
    auto settings = LoadImportSettings(dir.write(
        "central.toml", "[central]\ndatabase = \"c.db\"\n[import.columns]\nid = \"ID\"\n"));
    ASSERT_TRUE(settings.ok()) << settings.error().message;
    EXPECT_EQ(settings->header("id"), "ID");
    EXPECT_EQ(settings->header("given_name"), "given_name");

    auto typo = LoadImportSettings(
        dir.write("typo.toml", "[central]\ndatabase = \"c.db\"\n[import.colums]\nid = \"ID\"\n"));
    ASSERT_FALSE(typo.ok());
    EXPECT_EQ(typo.error().kind, ErrorKind::Config);
    EXPECT_EQ(typo.error().message, dir.file("typo.toml") + ":3: import.colums: unknown key");
    EXPECT_TRUE(LoadImportSettings(dir.write("none.toml", "[central]\n")).ok());
}

TEST(Config, TheIndicoProfileSetsColumnsAndStatesTheFileCanOverride) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(
        dir.write("kiosk.toml", test::KioskToml() + "[import]\nprofile = \"indico\"\n"
                                                    "[import.columns]\ngender = \"Gender\"\n"
                                                    "delegation = \"Country\"\n"
                                                    "[import.values.status]\n"
                                                    "\"awaiting PAYMENT\" = \"active\"\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    const ImportSettings& import = config->import;
    EXPECT_EQ(import.profile, "indico");
    EXPECT_EQ(import.header("id"), "ID");
    EXPECT_EQ(import.header("given_name"), "First Name");
    EXPECT_EQ(import.header("family_name"), "Last Name");
    EXPECT_EQ(import.header("status"), "Registration state");
    EXPECT_EQ(import.header("delegation"), "Country"); // replaced
    EXPECT_EQ(import.header("gender"), "Gender");      // added
    EXPECT_EQ(import.status.find("Completed"), "active");
    EXPECT_EQ(import.status.find(" withdrawn "), "cancelled");
    EXPECT_EQ(import.status.find("Rejected"), "cancelled");
    EXPECT_EQ(import.status.find("Pending"), "cancelled");
    EXPECT_EQ(import.status.find("Awaiting payment"), "active"); // the file's own wins
    EXPECT_EQ(import.status.find("Registered"), std::nullopt);
    EXPECT_EQ(import.delimiter, 0); // found from the header line
}

TEST(Config, ImportValuesAndDelimiterAreRead) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write(
        "kiosk.toml", test::KioskToml() + "[import]\ndelimiter = \";\"\n"
                                          "[import.values.gender]\n\"M\" = \"female\"\n"
                                          "[import.values.category]\nEP = \"State Party\"\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->import.profile, "");
    EXPECT_EQ(config->import.delimiter, ';');
    EXPECT_EQ(config->import.gender.find("m"), "female");
    EXPECT_EQ(config->import.category.find("ep"), "State Party");
    EXPECT_TRUE(config->import.status.empty());
    EXPECT_EQ(config->import.header("id"), "id");

    for (const auto& [text, delimiter] :
         std::vector<std::pair<std::string, char>>{{"auto", 0}, {",", ','}, {"tab", '\t'}}) {
        auto other = LoadKioskConfig(dir.write(
            "kiosk.toml", test::KioskToml() + "[import]\ndelimiter = \"" + text + "\"\n"));
        ASSERT_TRUE(other.ok()) << other.error().message;
        EXPECT_EQ(other->import.delimiter, delimiter) << text;
    }
}

TEST(Config, BadImportSettingsNameFileLineAndKey) {
    const std::string ok = test::KioskToml(); // [import] goes on line 8
    EXPECT_EQ(KioskError(ok + "[import]\nprofile = \"eventbrite\"\n"),
              "kiosk.toml:9: import.profile: \"eventbrite\" is not a known profile (known: "
              "indico)");
    EXPECT_EQ(KioskError(ok + "[import]\ndelimiter = \"|\"\n"),
              "kiosk.toml:9: import.delimiter: \"|\" is not one of auto, \",\", \";\", tab");
    EXPECT_EQ(KioskError(ok + "[import]\nseparator = \";\"\n"),
              "kiosk.toml:9: import.separator: unknown key");
    EXPECT_EQ(KioskError(ok + "[import.values.status]\nCompleted = \"yes\"\n"),
              "kiosk.toml:9: import.values.status.Completed: \"yes\" is not one of active, "
              "cancelled");
    EXPECT_EQ(KioskError(ok + "[import.values.status]\n\"Awaiting payment\" = \"paid\"\n"),
              "kiosk.toml:9: import.values.status.\"Awaiting payment\": \"paid\" is not one of "
              "active, cancelled");
    EXPECT_EQ(KioskError(ok + "[import.values.gender]\nFemme = \"woman\"\n"),
              "kiosk.toml:9: import.values.gender.Femme: \"woman\" is not one of female, male, "
              "other, undisclosed");
    EXPECT_EQ(KioskError(ok + "[import.values.category]\nEP = \"\"\n"),
              "kiosk.toml:9: import.values.category.EP: must not be empty");
    EXPECT_EQ(KioskError(ok + "[import.values.status]\nDone = 1\n"),
              "kiosk.toml:9: import.values.status.Done: must be a string in quotes");
    EXPECT_EQ(KioskError(ok + "[import.values.state]\nDone = \"active\"\n"),
              "kiosk.toml:8: import.values.state: unknown key");
    EXPECT_EQ(KioskError(ok + "[import.values.status]\nDone = \"active\"\ndone = \"cancelled\"\n")
                  .substr(0, 48),
              "kiosk.toml:10: import.values.status.done: the sa");
}

// The walk-in categories go after debounce_seconds, line 7 of test::EventToml().
// The test event with `line` added to [event], as its line 7.
std::string EventWith(const std::string& line) {
    std::string event = test::EventToml();
    const std::string after = "debounce_seconds = 5\n";
    event.insert(event.find(after) + after.size(), line + "\n");
    return event;
}

std::string EventWithCategories(const std::string& list) {
    return EventWith("categories = " + list);
}

TEST(Config, WalkInCategoriesAreReadTrimmedAndEachOnce) {
    TempDir dir;
    const auto none = LoadEventConfig(dir.write("event.toml", test::EventToml()));
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_TRUE(none->categories.empty());
    const auto listed =
        LoadEventConfig(dir.write("event.toml", EventWithCategories(R"(["State Party", " NGO"])")));
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    EXPECT_EQ(listed->categories, (std::vector<std::string>{"State Party", "NGO"}));

    const std::string kiosk = test::KioskToml();
    EXPECT_EQ(KioskError(kiosk, EventWithCategories("[\"NGO\", \"ngo \"]")),
              "event.toml:7: event.categories: \"ngo\" is listed twice");
    EXPECT_EQ(KioskError(kiosk, EventWithCategories("[\"NGO\", \" \"]")),
              "event.toml:7: event.categories: a category is empty");
    EXPECT_EQ(KioskError(kiosk, EventWithCategories("\"NGO\"")),
              "event.toml:7: event.categories: must be a list of strings, e.g. [\"a\", \"b\"]");
}

// [event] languages: the first one is the language of the central's documents.
TEST(Config, WorkingLanguagesAreReadInOrder) {
    TempDir dir;
    const auto none = LoadEventConfig(dir.write("event.toml", test::EventToml()));
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_TRUE(none->languages.empty());
    const auto listed =
        LoadEventConfig(dir.write("event.toml", EventWith(R"(languages = ["fr", "en"])")));
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    EXPECT_EQ(listed->languages, (std::vector<std::string>{"fr", "en"}));

    const std::string kiosk = test::KioskToml();
    EXPECT_EQ(KioskError(kiosk, EventWith("languages = []")),
              "event.toml:7: event.languages: list at least one language");
    EXPECT_EQ(KioskError(kiosk, EventWith(R"(languages = ["French"])")),
              "event.toml:7: event.languages: \"French\" is not a language code such as \"en\" "
              "or \"fr\"");
}

TEST(Config, ReportSettingsDefaultWithoutAReportsTable) {
    TempDir dir;
    const auto event = LoadEventConfig(dir.write("event.toml", test::EventToml()));
    ASSERT_TRUE(event.ok()) << event.error().message;
    EXPECT_EQ(event->reports.headOfDelegationRole, "Head of delegation");
    EXPECT_TRUE(event->reports.groups.empty());
}

TEST(Config, ReportSettingsAreRead) {
    TempDir dir;
    const auto event = LoadEventConfig(dir.write(
        "event.toml", test::EventToml() + "[reports]\nhead_of_delegation_role = \"HoD\"\n"
                                          "[reports.groups]\n\"States Parties\" = [\"State "
                                          "Party\"]\nIOs = [\"IGO\", \"UN\"]\n"));
    ASSERT_TRUE(event.ok()) << event.error().message;
    EXPECT_EQ(event->reports.headOfDelegationRole, "HoD");
    ASSERT_EQ(event->reports.groups.size(), 2U);
    EXPECT_EQ(event->reports.groups.at("IOs"), (std::vector<std::string>{"IGO", "UN"}));
    EXPECT_EQ(event->reports.groups.at("States Parties"),
              (std::vector<std::string>{"State Party"}));
}

TEST(Config, BadReportSettingsNameFileLineAndKey) {
    const std::string kiosk = test::KioskToml();
    EXPECT_EQ(KioskError(kiosk, test::EventToml() + "[reports]\nhead_of_delegation_role = \"\"\n"),
              "event.toml:11: reports.head_of_delegation_role: must not be empty");
    EXPECT_EQ(KioskError(kiosk, test::EventToml() + "[reports]\nhead_role = \"HoD\"\n"),
              "event.toml:11: reports.head_role: unknown key");
    EXPECT_EQ(KioskError(kiosk, test::EventToml() + "[reports.groups]\nNGOs = \"NGO\"\n"),
              "event.toml:11: reports.groups.NGOs: must be a list of strings, e.g. [\"a\", \"b\"]");
    EXPECT_EQ(KioskError(kiosk, test::EventToml() + "[reports.groups]\nNGOs = []\n"),
              "event.toml:11: reports.groups.NGOs: list at least one category");
    // The same category in two groups, spelled differently: it would be counted twice.
    EXPECT_EQ(KioskError(kiosk, test::EventToml() + "[reports.groups]\nA = [\"NGO\"]\n"
                                                    "B = [\" ngo\"]\n"),
              "event.toml:12: reports.groups.B: category \" ngo\" is already in group \"A\"");
}

TEST(Config, TheShippedReportsExampleLoadsWhenUncommented) {
    std::ifstream in(std::string(ACCUEIL_SOURCE_DIR) + "/config/event.toml");
    std::string text;
    bool inReports = false;
    for (std::string line; std::getline(in, line);) {
        inReports = inReports || line.starts_with("# [reports]");
        if (inReports && line.starts_with("# ")) {
            line = line.substr(2);
        }
        text += line + "\n";
    }
    ASSERT_TRUE(inReports);
    TempDir dir;
    const auto event = LoadEventConfig(dir.write("event.toml", text));
    ASSERT_TRUE(event.ok()) << event.error().message;
    EXPECT_EQ(event->reports.headOfDelegationRole, "Head of delegation");
    EXPECT_EQ(event->reports.groups.size(), 4U);
    EXPECT_EQ(event->reports.groups.at("States Parties"), std::vector<std::string>{"State Party"});
}
