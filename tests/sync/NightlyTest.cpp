// SPDX-License-Identifier: Apache-2.0
// The night job in process: it stops at a failed round, and it repairs a kiosk restored from
// an empty database (its own check-ins come back from the central) before writing the reports.

#include "SyncTestEnv.h"
#include "TestSupport.h"

#include <accueil/sync/Nightly.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace accueil::sync::test {
namespace {

TEST(Nightly, StopsWhenTheRoundFails) {
    TempDir dir;
    const auto event = TestEvent();
    auto store = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
    ASSERT_TRUE(store);
    SyncOptions o;
    o.url = "http://127.0.0.1:1"; // nothing listens there
    o.token = "t";
    SyncClient client(o);
    const std::string reports = dir.file("reports");
    const NightlyResult r = RunNightly(client, *store, NightlyOptions{reports, "2025-06-17"});
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, SyncErrorKind::Network);
    EXPECT_FALSE(r.consistent());
    EXPECT_TRUE(r.checks.empty());
    EXPECT_TRUE(r.files.empty());
    EXPECT_FALSE(std::filesystem::exists(reports));
}

TEST(Nightly, BringsBackTheOwnEventsOfARestoredKiosk) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(20, event.calendar->days(), 9);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    const std::string token = central.addKiosk("door-1");
    int checkIns = 0;
    {
        Kiosk before(dir, event, "door-1", central.url(), token);
        ASSERT_TRUE(before.sync().ok());
        for (std::size_t i = 0; i < people.size(); ++i) {
            auto scan = before.store.recordScan(
                PlainScan(people[i].id, At(event, "2025-06-17", 10, static_cast<int>(i))));
            ASSERT_TRUE(scan);
            checkIns += scan->eventUuid.empty() ? 0 : 1;
        }
        ASSERT_GT(checkIns, 0);
        ASSERT_TRUE(before.sync().ok());
    }
    // The same kiosk on a new, empty database: the round cannot bring its own events back
    // (they are not "other kiosks'"), the nightly repair does.
    TempDir elsewhere;
    Kiosk restored(elsewhere, event, "door-1", central.url(), token);
    const std::string reports = dir.file("reports");
    const NightlyResult r =
        RunNightly(restored.client, restored.store, NightlyOptions{reports, "2025-06-17"});
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_EQ(r.checks.size(), 3U);
    // Own events count attendance and audit lines; only the attendance comes back (no route
    // serves a kiosk's audit lines), so this check is not asserted to agree.
    const CountCheck& own = r.checks[0];
    EXPECT_EQ(own.name, "own_events");
    EXPECT_EQ(own.kioskBefore, 0);
    EXPECT_GT(own.centralBefore, checkIns);
    EXPECT_GE(own.kioskAfter, checkIns);
    const CountCheck& all = r.checks[1];
    EXPECT_EQ(all.name, "all_attendance");
    EXPECT_EQ(all.kioskBefore, 0);
    EXPECT_EQ(all.centralBefore, checkIns);
    EXPECT_EQ(all.kioskAfter, checkIns);
    EXPECT_EQ(all.repair, "pulled the attendance log again from the start");
    EXPECT_EQ(r.checks[2].name, "registrants");
    EXPECT_TRUE(r.checks[2].repair.empty());
    EXPECT_EQ(AttendanceUuids(restored.dbPath), AttendanceUuids(central.dbPath));
    ASSERT_EQ(r.files.size(), 5U); // four CSV files and the reconcile
    for (const auto& f : r.files) {
        EXPECT_TRUE(std::filesystem::exists(f)) << f;
    }
    EXPECT_EQ(std::filesystem::path(r.files.back()).filename(), "reconcile-2025-06-17.json");
}

// The night job's report files open safely in a spreadsheet, whatever delegates typed.
TEST(Nightly, ReportFilesHaveNoFormulaCell) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    auto people = core::GenerateDemoRegistrants(6, event.calendar->days(), 3);
    const auto hostile = core::test::HostileValues();
    for (std::size_t i = 0; i < people.size(); ++i) {
        people[i].delegation = hostile[i % hostile.size()];
        people[i].category = "@" + people[i].category;
    }
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    Kiosk kiosk(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    ASSERT_TRUE(kiosk.sync().ok());
    const NightlyResult r =
        RunNightly(kiosk.client, kiosk.store, NightlyOptions{dir.file("reports"), "2025-06-17"});
    ASSERT_FALSE(r.error) << r.error->message;
    int csvFiles = 0;
    bool sawHyperlink = false;
    for (const auto& f : r.files) {
        if (std::filesystem::path(f).extension() != ".csv") {
            continue;
        }
        ++csvFiles;
        std::ifstream in(f);
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_TRUE(core::test::FormulaCells(text.str()).empty()) << f << "\n" << text.str();
        sawHyperlink |= text.str().find("'=HYPERLINK(") != std::string::npos;
    }
    EXPECT_EQ(csvFiles, 4);
    EXPECT_TRUE(sawHyperlink); // the value is kept, behind the apostrophe
}

} // namespace
} // namespace accueil::sync::test
