// SPDX-License-Identifier: Apache-2.0
// A central restored from a backup taken mid-event, with `central backup` and `central restore`
// (a new epoch; on both backends) and, for an SQLite central, by copying the file over while it
// is stopped (the same epoch; the cursor checks notice): after new cancellations and check-ins
// at several doors, every kiosk and the central hold exactly the union of the events and the
// latest list, and a cancelled delegate is refused everywhere.

#include "CentralBackup.h"
#include "SyncTestEnv.h"

#include <accueil/sync/Digests.h>
#include <accueil/sync/Nightly.h>
#include <accueil/sync/PgCentralStore.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace accueil::sync::test {
namespace {

using core::Outcome;

constexpr const char* kDay = "2025-06-17";

// The doors and what they recorded.
struct Doors {
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    std::set<std::string> recorded; ///< every attendance event's UUID, whichever door

    // Scans `ids` at door `k` (at 9:00 + `minute` onwards); every one must be admitted.
    void checkIn(std::size_t k, const std::vector<std::string>& ids, int minute) {
        for (const std::string& id : ids) {
            auto r = kiosks[k]->store.recordScan(PlainScan(id, At(TestEvent(), kDay, 9, minute++)));
            ASSERT_TRUE(r);
            EXPECT_EQ(r->decision.outcome, Outcome::Admitted) << id;
            recorded.insert(r->eventUuid);
        }
    }
    void syncAll(int rounds) {
        for (int i = 0; i < rounds; ++i) {
            for (auto& k : kiosks) {
                ExpectClean(k->sync());
            }
        }
    }
};

// Active registrants who may come in on the day, to check in or to cancel.
std::vector<std::string> Admissible(const std::vector<core::Registrant>& people) {
    std::vector<std::string> ids;
    for (const auto& r : people) {
        const bool today = r.days.empty() || std::ranges::find(r.days, kDay) != r.days.end();
        if (r.status == core::RegistrantStatus::Active && today && r.holdNote.empty() &&
            !r.provisional) {
            ids.push_back(r.id);
        }
    }
    return ids;
}

std::vector<core::Registrant> Cancel(std::vector<core::Registrant> people,
                                     const std::vector<std::string>& ids) {
    for (auto& r : people) {
        if (std::ranges::find(ids, r.id) != ids.end()) {
            r.status = core::RegistrantStatus::Cancelled;
        }
    }
    return people;
}

std::vector<std::string> Slice(const std::vector<std::string>& ids, std::size_t from,
                               std::size_t n) {
    return {ids.begin() + static_cast<std::ptrdiff_t>(from),
            ids.begin() + static_cast<std::ptrdiff_t>(from + n)};
}

std::vector<std::string> Lines(core::Result<std::vector<core::Registrant>> list) {
    EXPECT_TRUE(list);
    return list ? RegistrantLines(*list) : std::vector<std::string>();
}

class CentralRestore : public ::testing::TestWithParam<bool> {};

TEST_P(CentralRestore, EveryDoorEndsWithTheUnionOfEventsAndTheLatestList) {
    const bool withRestoreCommand = GetParam();
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    if (!withRestoreCommand && IsPostgresUrl(central.dbPath)) {
        GTEST_SKIP() << "a PostgreSQL central has no file to copy over";
    }
    const auto people = core::GenerateDemoRegistrants(200, event.calendar->days(), 11);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    const std::vector<std::string> ids = Admissible(people);
    ASSERT_GE(ids.size(), 70U);
    Doors doors;
    for (const char* id : {"door-1", "door-2", "door-3", "door-4"}) {
        doors.kiosks.push_back(
            std::make_unique<Kiosk>(dir, event, id, central.url(), central.addKiosk(id)));
    }
    doors.syncAll(1);
    for (std::size_t k = 0; k < 4; ++k) {
        doors.checkIn(k, Slice(ids, k * 3, 3), 0);
    }
    doors.syncAll(2);
    const std::string backup = dir.file("central-backup.db");
    if (withRestoreCommand) {
        auto written = cli::BackUpCentral(central.dbPath, backup, false);
        ASSERT_TRUE(written) << written.error().message;
        EXPECT_EQ(written->attendance, 12);
        EXPECT_EQ(written->registrants, 200);
    } else {
        BackUp(central.dbPath, backup);
    }

    // After the backup: 20 check-ins at door-1 and 7 cancellations, everywhere, outboxes empty.
    doors.checkIn(0, Slice(ids, 12, 20), 30);
    const std::vector<std::string> cancelled = Slice(ids, 60, 10);
    ASSERT_TRUE(central.store->importRegistrants(Cancel(people, Slice(cancelled, 0, 7)), {}));
    doors.syncAll(2);
    for (auto& k : doors.kiosks) {
        ASSERT_EQ(*k->store.outboxSize(), 0) << k->id;
    }

    central.restartAfter([&] {
        if (withRestoreCommand) {
            auto restored = cli::RestoreCentral(backup, central.dbPath, event);
            ASSERT_TRUE(restored) << restored.error().message;
        } else {
            CopyOver(backup, central.dbPath);
        }
    });
    // The secretariat's latest list (the 7 again and 3 more), and more check-ins at three doors,
    // pushed before anyone pulls: the central hands out the numbers the doors already passed
    // again, with other changes behind them (what made doors skip changes before epochs and
    // cursor checks).
    const auto latest = Cancel(people, cancelled);
    ASSERT_TRUE(central.store->importRegistrants(latest, {}));
    for (std::size_t k = 1; k < 4; ++k) {
        doors.checkIn(k, Slice(ids, 32 + (k - 1) * 8, 8), 60);
        ASSERT_TRUE(doors.kiosks[k]->client.push(doors.kiosks[k]->store));
    }
    doors.syncAll(2);

    const std::vector<std::string> all(doors.recorded.begin(), doors.recorded.end());
    EXPECT_EQ(central.attendanceUuids(), all);
    const auto list = Lines(central.store->allRegistrants());
    for (auto& k : doors.kiosks) {
        EXPECT_EQ(AttendanceUuids(k->dbPath), all) << k->id;
        EXPECT_EQ(*k->store.outboxSize(), 0) << k->id;
        EXPECT_EQ(Lines(k->store.allRegistrants()), list) << k->id;
        for (const std::string& id : cancelled) {
            auto r = k->store.recordScan(PlainScan(id, At(event, kDay, 17, 0)));
            ASSERT_TRUE(r);
            EXPECT_EQ(r->decision.outcome, Outcome::Cancelled) << k->id << " " << id;
        }
    }
    // The night job at every door agrees on its first run.
    for (auto& k : doors.kiosks) {
        const NightlyResult night =
            RunNightly(k->client, k->store, NightlyOptions{dir.file("reports-" + k->id), kDay, {}});
        ASSERT_FALSE(night.error) << night.error->message;
        EXPECT_TRUE(night.consistent()) << k->id;
    }
}

// What the central answers to cursors it did not issue, and to a malformed check.
TEST(CursorCheck, ACursorNamingAnotherChangeIsRefusedAndAMalformedCheckIsInvalid) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    ASSERT_TRUE(central.store->importRegistrants(
        core::GenerateDemoRegistrants(5, event.calendar->days(), 2), {}));
    Kiosk k(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    auto page = k.client.getJson("/v1/registrants?since=0&limit=2");
    ASSERT_TRUE(page);
    const std::string check = page->at("check").get<std::string>();
    // A random mark in hex (16 digits on SQLite, 32 on PostgreSQL; the protocol allows 64).
    EXPECT_GE(check.size(), 16U);
    EXPECT_LE(check.size(), 64U);
    EXPECT_TRUE(std::ranges::all_of(check, [](char c) { return std::isxdigit(c) != 0; })) << check;
    EXPECT_FALSE(page->at("epoch").get<std::string>().empty());
    const std::string next = std::to_string(page->at("next").get<std::int64_t>());
    EXPECT_TRUE(k.client.getJson("/v1/registrants?since=" + next + "&check=" + check));
    EXPECT_TRUE(k.client.getJson("/v1/registrants?since=" + next)); // a client without checks
    for (const char* path :
         {"/v1/registrants?since=", "/v1/attendance?since=", "/v1/audit?since="}) {
        auto other = k.client.getJson(path + std::string(next == "0" ? "1" : next) +
                                      "&check=0123456789abcdef");
        ASSERT_FALSE(other) << path;
        // Nothing stands at that number in an empty log: the cursor is ahead there.
        EXPECT_TRUE(other.error().code == "cursor_unknown" || other.error().code == "cursor_ahead")
            << path << " " << other.error().code;
        EXPECT_EQ(other.error().httpStatus, 409);
    }
    auto wrong = k.client.getJson("/v1/registrants?since=" + next + "&check=0123456789abcdef");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, "cursor_unknown");
    auto bad = k.client.getJson("/v1/registrants?since=" + next + "&check=not-hex");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "invalid_request");
}

INSTANTIATE_TEST_SUITE_P(Restore, CentralRestore, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& param) {
                             return param.param ? "WithCentralBackupAndRestore"
                                                : "ByCopyingTheFile";
                         });

} // namespace
} // namespace accueil::sync::test
