// SPDX-License-Identifier: Apache-2.0
#include "TestSupport.h"

#include <accueil/core/Config.h>

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
}

TEST(Config, ColumnMapAndCentralSettingsAreRead) {
    TempDir dir;
    dir.write("event.toml", test::EventToml());
    auto config = LoadKioskConfig(dir.write(
        "kiosk.toml",
        test::KioskToml() +
            "[import.columns]\ngiven_name = \"First Name\"\n"
            "[central]\nurl = \"http://127.0.0.1:8470\"\ntoken_file = \"door-1.token\"\n"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->columns.header("given_name"), "First Name");
    EXPECT_EQ(config->columns.header("family_name"), "family_name");
    EXPECT_EQ(config->central.tokenFile, dir.file("door-1.token"));
    EXPECT_EQ(config->staff.maxFailures, 3);
}
