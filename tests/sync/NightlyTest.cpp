// SPDX-License-Identifier: Apache-2.0
// The night job in process: it stops at a failed round; a kiosk restored from an empty
// database or from its own backup has its own check-ins and audit lines back after one round
// and agrees with the central on the first run; a registrant row changed with equal counts is
// found by its digest and repaired.

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
    const NightlyResult r = RunNightly(client, *store, NightlyOptions{reports, "2025-06-17", {}});
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, SyncErrorKind::Network);
    EXPECT_FALSE(r.consistent());
    EXPECT_TRUE(r.checks.empty());
    EXPECT_TRUE(r.files.empty());
    EXPECT_FALSE(std::filesystem::exists(reports));
}

// Every content check agreed before and after: nothing differed, nothing was repaired.
void ExpectAllAgreedAtOnce(const NightlyResult& r) {
    ASSERT_FALSE(r.error) << r.error->message;
    EXPECT_TRUE(r.consistent());
    for (const ContentCheck& c : r.checks) {
        EXPECT_TRUE(c.sameBefore) << c.name;
        EXPECT_TRUE(c.agrees()) << c.name;
        EXPECT_TRUE(c.repair.empty()) << c.name << ": " << c.repair;
    }
}

// Scans everyone at a door at 10:00 + i minutes; returns the IDs of those admitted.
std::vector<std::string> CheckInAll(Kiosk& k, const std::vector<core::Registrant>& people,
                                    const std::string& day, int firstMinute = 0) {
    std::vector<std::string> admitted;
    for (std::size_t i = 0; i < people.size(); ++i) {
        auto scan = k.store.recordScan(
            PlainScan(people[i].id, At(TestEvent(), day, 10, firstMinute + static_cast<int>(i))));
        EXPECT_TRUE(scan);
        if (scan && scan->decision.outcome == core::Outcome::Admitted) {
            admitted.push_back(people[i].id);
        }
    }
    return admitted;
}

TEST(Nightly, AKioskOnAnEmptyDatabaseGetsItsOwnCheckInsBack) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(20, event.calendar->days(), 9);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    const std::string token = central.addKiosk("door-1");
    std::vector<std::string> admitted;
    {
        Kiosk before(dir, event, "door-1", central.url(), token);
        ASSERT_TRUE(before.sync().ok());
        admitted = CheckInAll(before, people, "2025-06-17");
        ASSERT_FALSE(admitted.empty());
        ASSERT_TRUE(before.sync().ok());
    }
    // The same kiosk on a new, empty database: its first round takes its own attendance and
    // audit lines back, so it knows who already came in.
    TempDir elsewhere;
    Kiosk restored(elsewhere, event, "door-1", central.url(), token);
    const RoundReport round = restored.sync();
    ASSERT_TRUE(round.ok());
    EXPECT_GT(round.pulledAudit, 0);
    EXPECT_EQ(AttendanceUuids(restored.dbPath), AttendanceUuids(central.dbPath));
    auto again = restored.store.recordScan(PlainScan(admitted[0], At(event, "2025-06-17", 15, 0)));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->decision.outcome, core::Outcome::WelcomeBack);
    const std::string reports = dir.file("reports");
    const NightlyResult r =
        RunNightly(restored.client, restored.store, NightlyOptions{reports, "2025-06-17", {}});
    ExpectAllAgreedAtOnce(r);
    ASSERT_EQ(r.checks.size(), 3U); // the day's attendance of door-1, own_audit, registrants
    EXPECT_EQ(r.checks[0].name, "attendance 2025-06-17 door-1");
    EXPECT_EQ(r.checks[1].name, "own_audit");
    EXPECT_EQ(r.checks[2].name, "registrants");
    ASSERT_EQ(r.files.size(), 5U); // four CSV files and the reconcile
    for (const auto& f : r.files) {
        EXPECT_TRUE(std::filesystem::exists(f)) << f;
    }
    EXPECT_EQ(std::filesystem::path(r.files.back()).filename(), "reconcile-2025-06-17.json");
}

TEST(Nightly, AKioskRestoredFromItsOwnBackupGetsItsLaterCheckInsBack) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(30, event.calendar->days(), 4);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    const std::string token = central.addKiosk("door-1");
    const std::vector<core::Registrant> early(people.begin(), people.begin() + 10);
    const std::vector<core::Registrant> late(people.begin() + 10, people.end());
    const std::string backup = dir.file("door-1-backup.db");
    std::vector<std::string> lateAdmitted;
    {
        Kiosk k(dir, event, "door-1", central.url(), token);
        ASSERT_TRUE(k.sync().ok());
        ASSERT_FALSE(CheckInAll(k, early, "2025-06-17").empty());
        ASSERT_TRUE(k.sync().ok());
        BackUp(k.dbPath, backup);
        lateAdmitted = CheckInAll(k, late, "2025-06-17", 20);
        ASSERT_FALSE(lateAdmitted.empty());
        ASSERT_TRUE(k.sync().ok());
        ASSERT_EQ(*k.store.outboxSize(), 0);
    }
    CopyOver(backup, dir.file("door-1.db"));
    Kiosk restored(dir, event, "door-1", central.url(), token);
    ASSERT_TRUE(restored.sync().ok());
    auto again =
        restored.store.recordScan(PlainScan(lateAdmitted[0], At(event, "2025-06-17", 16, 0)));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->decision.outcome, core::Outcome::WelcomeBack);
    const NightlyResult r = RunNightly(restored.client, restored.store,
                                       NightlyOptions{dir.file("reports"), "2025-06-17", {}});
    ExpectAllAgreedAtOnce(r);
    EXPECT_EQ(AttendanceUuids(restored.dbPath), AttendanceUuids(central.dbPath));
}

TEST(Nightly, ARegistrantChangedHereWithEqualCountsIsFoundAndRepaired) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(12, event.calendar->days(), 5);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    Kiosk kiosk(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    ASSERT_TRUE(kiosk.sync().ok());
    core::Registrant changed = people[4];
    changed.familyName = "Somebody-Else";
    ASSERT_TRUE(kiosk.store.upsertRegistrants({changed}));
    const NightlyResult r = RunNightly(kiosk.client, kiosk.store,
                                       NightlyOptions{dir.file("reports"), "2025-06-17", {}});
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_FALSE(r.checks.empty());
    const ContentCheck& list = r.checks.back();
    EXPECT_EQ(list.name, "registrants");
    EXPECT_EQ(list.kioskBefore, list.centralBefore); // the counts cannot tell
    EXPECT_FALSE(list.sameBefore);
    EXPECT_EQ(list.missingHere, 1);
    EXPECT_EQ(list.missingThere, 1);
    EXPECT_EQ(list.sample, std::vector<std::string>({people[4].id, people[4].id}));
    EXPECT_FALSE(list.repair.empty());
    EXPECT_TRUE(list.agrees());
    EXPECT_TRUE(r.consistent());
    EXPECT_EQ((*kiosk.store.registrant(people[4].id))->familyName, people[4].familyName);
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
    const NightlyResult r = RunNightly(kiosk.client, kiosk.store,
                                       NightlyOptions{dir.file("reports"), "2025-06-17", {}});
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
