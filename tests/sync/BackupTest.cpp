// SPDX-License-Identifier: Apache-2.0
// `central backup` and `central restore` through their functions, on the SQLite central and
// (run again as PostgreSQL.<suite>) on PostgreSQL: a backup taken while kiosks push holds what
// was acknowledged before it; what is not a backup of this event's central is refused and the
// live central is left as it was; an existing backup is never replaced unless asked.

#include "AccueilProcess.h"
#include "CentralBackup.h"
#include "SyncTestEnv.h"

#include <accueil/sync/PgCentralStore.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>

namespace accueil::sync::test {
namespace {

using namespace std::chrono_literals;

// Registrants P0…P(n-1), admitted on every day: the IDs ScanAndPush scans.
std::vector<core::Registrant> NumberedPeople(int n) {
    std::vector<core::Registrant> people = People(n);
    for (int i = 0; i < n; ++i) {
        core::Registrant& r = people[static_cast<std::size_t>(i)];
        r.id = "P" + std::to_string(i);
        r.status = core::RegistrantStatus::Active;
        r.holdNote.clear();
        r.provisional = false;
        r.days.clear();
    }
    return people;
}

std::string Contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string EpochOf(const Central& central) {
    auto epoch = central.store->epoch();
    EXPECT_TRUE(epoch);
    return epoch ? *epoch : std::string();
}

TEST(CentralBackup, ABackupTakenWhileKiosksPushHoldsWhatWasAcknowledgedBeforeIt) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    ASSERT_TRUE(central.store->importRegistrants(NumberedPeople(600), {}));
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (const char* id : {"door-1", "door-2", "door-3"}) {
        kiosks.push_back(
            std::make_unique<Kiosk>(dir, event, id, central.url(), central.addKiosk(id)));
        ExpectClean(kiosks.back()->sync());
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> doors = ScanAndPush(kiosks, event, stop);
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (central.attendanceUuids().size() < 30 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    const std::vector<std::string> acknowledged = central.attendanceUuids();
    const std::string backup = dir.file("backup");
    auto written = cli::BackUpCentral(central.dbPath, backup, false);
    stop = true;
    for (auto& t : doors) {
        t.join();
    }
    ASSERT_TRUE(written) << written.error().message;
    ASSERT_GE(acknowledged.size(), 30U);
    EXPECT_GE(written->attendance, static_cast<std::int64_t>(acknowledged.size()));
    EXPECT_EQ(written->registrants, 600);
    EXPECT_EQ(written->bytes, std::filesystem::file_size(backup));
    EXPECT_FALSE(std::filesystem::exists(backup + ".tmp"));

    // The backup is a whole central: put in place of an empty one, it serves what it holds.
    const std::string elsewhere = TestCentralDatabase(dir.file("elsewhere.db"));
    auto restored = cli::RestoreCentral(backup, elsewhere, event);
    ASSERT_TRUE(restored) << restored.error().message;
    Central copy(dir, event, {}, elsewhere);
    const std::vector<std::string> held = copy.attendanceUuids();
    EXPECT_EQ(static_cast<std::int64_t>(held.size()), written->attendance);
    EXPECT_TRUE(std::ranges::includes(held, acknowledged));
    EXPECT_EQ(copy.store->allRegistrants()->size(), 600U);
    EXPECT_EQ(*copy.store->epoch(), *restored);
    EXPECT_NE(*restored, EpochOf(central));
}

TEST(CentralBackup, AnExistingFileIsOnlyReplacedWithForce) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    ASSERT_TRUE(central.store->importRegistrants(NumberedPeople(5), {}));
    const std::string backup = dir.file("backup");
    WriteFile(backup, "last night's backup");
    auto refused = cli::BackUpCentral(central.dbPath, backup, false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::Conflict);
    EXPECT_NE(refused.error().message.find("already exists"), std::string::npos);
    EXPECT_EQ(Contents(backup), "last night's backup");
    EXPECT_FALSE(std::filesystem::exists(backup + ".tmp"));

    auto forced = cli::BackUpCentral(central.dbPath, backup, true);
    ASSERT_TRUE(forced) << forced.error().message;
    EXPECT_EQ(forced->registrants, 5);
    EXPECT_NE(Contents(backup), "last night's backup");
}

// Each bad backup is refused with an error naming what is wrong, and the live central keeps
// its events, its list and its epoch.
TEST(CentralBackup, WhatIsNotABackupOfThisEventsCentralIsRefusedAndChangesNothing) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    ASSERT_TRUE(central.store->importRegistrants(NumberedPeople(20), {}));
    Kiosk k(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    ExpectClean(k.sync());
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(
            k.store.recordScan(PlainScan("P" + std::to_string(i), At(event, "2025-06-17", 9, i))));
    }
    ExpectClean(k.sync());

    // A backup of another meeting's central.
    auto otherEvent = TestEvent();
    otherEvent.id = "another-meeting-2025";
    const std::string otherBackup = dir.file("other-backup");
    {
        Central other(dir, otherEvent, {}, TestCentralDatabase(dir.file("other.db")));
        ASSERT_TRUE(cli::BackUpCentral(other.dbPath, otherBackup, false));
    }
    // A real backup, cut in half.
    const std::string cut = dir.file("cut-backup");
    ASSERT_TRUE(cli::BackUpCentral(central.dbPath, cut, false));
    std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
    // And one short of its very end only.
    const std::string shortEnd = dir.file("short-backup");
    ASSERT_TRUE(cli::BackUpCentral(central.dbPath, shortEnd, false));
    std::filesystem::resize_file(shortEnd, std::filesystem::file_size(shortEnd) - 16);
    WriteFile(dir.file("garbage"), "not a backup at all\n");

    const std::vector<std::string> events = central.attendanceUuids();
    ASSERT_EQ(events.size(), 5U);
    const std::string epoch = EpochOf(central);
    struct Bad {
        std::string file;
        std::string said; ///< a part of the error message
    };
    const std::vector<Bad> bad = {
        {dir.file("garbage"), "garbage"},
        {dir.file("missing"), "no backup file"},
        {otherBackup, "another-meeting-2025"},
        {cut, "cut-backup"},
        {shortEnd, "short-backup"},
    };
    central.restartAfter([&] {
        for (const Bad& b : bad) {
            auto restored = cli::RestoreCentral(b.file, central.dbPath, event);
            ASSERT_FALSE(restored) << b.file;
            EXPECT_NE(restored.error().message.find(b.said), std::string::npos)
                << restored.error().message;
        }
    });
    EXPECT_EQ(central.attendanceUuids(), events);
    EXPECT_EQ(central.store->allRegistrants()->size(), 20U);
    EXPECT_EQ(EpochOf(central), epoch);
    // The kiosk goes on as before: nothing to push again, nothing new to take.
    ExpectClean(k.sync());
    EXPECT_EQ(*k.store.outboxSize(), 0);
    EXPECT_EQ(central.attendanceUuids(), events);
}

// The password leaves the URL for the environment, wherever libpq would have read it.
TEST(PgDumpText, ThePasswordIsTakenOutOfTheUrl) {
    const auto inUser =
        cli::SplitPostgresPassword("postgresql://accueil:s%40cr%3At@db.example:5433/central");
    EXPECT_EQ(inUser.url, "postgresql://accueil@db.example:5433/central");
    EXPECT_EQ(inUser.password, "s@cr:t");
    const auto inQuery = cli::SplitPostgresPassword(
        "postgres://accueil@db/central?sslmode=require&password=p%26w&connect_timeout=5");
    EXPECT_EQ(inQuery.url, "postgres://accueil@db/central?sslmode=require&connect_timeout=5");
    EXPECT_EQ(inQuery.password, "p&w");
    const auto none = cli::SplitPostgresPassword("postgresql://accueil@127.0.0.1:5432/central");
    EXPECT_EQ(none.url, "postgresql://accueil@127.0.0.1:5432/central");
    EXPECT_FALSE(none.password);
}

TEST(PgDumpText, CopyBlocksAreReadByTableWithTheirEscapesUndone) {
    const std::string sql = "SET client_encoding = 'UTF8';\n"
                            "COPY public.central_meta (key, value) FROM stdin;\n"
                            "epoch\tabc123\n"
                            "event_id\tmeeting\\\\2025\n"
                            "\\.\n"
                            "COPY \"Other\".registrant (id, body) FROM stdin;\n"
                            "P1\t{\"a\":\"b\\tc\"}\n"
                            "P2\t\\N\n"
                            "\\.\n";
    const cli::CopyRows rows = cli::ParseCopyData(sql);
    ASSERT_EQ(rows.size(), 2U);
    const std::vector<std::vector<std::string>> meta = {{"epoch", "abc123"},
                                                        {"event_id", "meeting\\2025"}};
    EXPECT_EQ(rows.at("central_meta"), meta);
    const std::vector<std::vector<std::string>> list = {{"P1", "{\"a\":\"b\tc\"}"}, {"P2", ""}};
    EXPECT_EQ(rows.at("registrant"), list);
}

} // namespace
} // namespace accueil::sync::test
