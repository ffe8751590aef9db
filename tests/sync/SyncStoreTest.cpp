// SPDX-License-Identifier: Apache-2.0
// The kiosk side of sync at the storage level (kiosk/core/include/accueil/core/SyncStore.h).

#include "SyncTestEnv.h"

#include <accueil/core/Sqlite.h>
#include <accueil/core/SyncStore.h>

namespace accueil::sync::test {
namespace {

struct SyncStoreTest : ::testing::Test {
    TempDir dir;
    core::EventConfig event = TestEvent();
    core::AttendanceStore store =
        core::AttendanceStore::Open(dir.file("k.db"), event, "door-1").value();
    std::vector<core::Registrant> people =
        core::GenerateDemoRegistrants(10, event.calendar->days(), 4);
};

TEST_F(SyncStoreTest, RemoteAttendanceIsStoredOnceAndNeverQueued) {
    core::AttendanceEvent e;
    e.uuid = "remote-1";
    e.registrantId = people[0].id;
    e.day = "2025-06-17";
    e.kioskId = "door-2";
    e.at = At(event, "2025-06-17", 9, 0);
    EXPECT_EQ(*core::ApplyRemoteAttendance(store, {e}, 7), 1);
    EXPECT_EQ(*core::ApplyRemoteAttendance(store, {e}, 7), 0);
    EXPECT_EQ(*store.outboxSize(), 0);
    EXPECT_EQ(core::LoadCursors(store)->attendance, 7);
    EXPECT_EQ(store.history(people[0].id)->size(), 1U);
}

TEST_F(SyncStoreTest, AcknowledgedEventsLeaveTheOutbox) {
    ASSERT_TRUE(core::ApplyRegistrantPage(store, people, 10));
    auto scan = store.recordScan(PlainScan(people[1].id, At(event, "2025-06-17", 9, 0)));
    ASSERT_TRUE(scan);
    auto batch = core::ReadOutbox(store, 100);
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->attendance.size(), scan->eventUuid.empty() ? 0U : 1U);
    EXPECT_GE(batch->audit.size(), 1U);
    std::vector<std::string> uuids;
    for (const auto& a : batch->attendance) {
        uuids.push_back(a.uuid);
    }
    for (const auto& a : batch->audit) {
        uuids.push_back(a.uuid);
    }
    ASSERT_TRUE(core::AcknowledgeOutbox(store, uuids));
    ASSERT_TRUE(core::AcknowledgeOutbox(store, uuids)); // a repeated acknowledgement is harmless
    EXPECT_EQ(*store.outboxSize(), 0);
    EXPECT_EQ(*core::RequeueOwnEvents(store), static_cast<int>(uuids.size()));
    EXPECT_EQ(*store.outboxSize(), static_cast<int>(uuids.size()));
}

TEST_F(SyncStoreTest, FullRefreshReplacesTheListButKeepsLocalWalkIns) {
    ASSERT_TRUE(core::ApplyRegistrantPage(store, people, 10));
    core::Registrant walkIn;
    walkIn.givenName = "Walk";
    walkIn.familyName = "In";
    ASSERT_TRUE(store.admitWalkIn(walkIn, "s1", "no badge", At(event, "2025-06-17", 9, 0)));
    ASSERT_EQ(*store.registrantCount(), 11);

    ASSERT_TRUE(core::BeginFullRefresh(store, true));
    std::vector<core::Registrant> fewer(people.begin(), people.begin() + 6);
    fewer[0].familyName = "Renamed";
    ASSERT_TRUE(core::StageRegistrantPage(store, fewer, 0, 20));
    EXPECT_EQ(*store.registrantCount(), 11); // nothing changes before the swap
    auto done = core::FinishFullRefresh(store, 20);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->updated, 1);
    EXPECT_EQ(*store.registrantCount(), 7); // six listed and the walk-in
    EXPECT_EQ((*store.registrant(people[0].id))->familyName, "Renamed");
    EXPECT_FALSE(store.registrant(people[9].id)->has_value());
    EXPECT_EQ(store.search("Renamed")->size(), 1U);
    EXPECT_TRUE(store.search(people[9].familyName)->empty() ||
                store.search(people[9].familyName)->front().registrant.id != people[9].id);
    const auto cursors = core::LoadCursors(store);
    EXPECT_EQ(cursors->registrants, 20);
    EXPECT_FALSE(cursors->staging);
    EXPECT_TRUE(cursors->listSynced);
    EXPECT_FALSE(core::FinishFullRefresh(store, 20)); // nothing staged any more
}

TEST_F(SyncStoreTest, MigrationsAreInPlace) {
    auto db = core::sql::Database::Open(dir.file("k.db"), false);
    // At least up to the zone's; later migrations may follow, so no exact number.
    EXPECT_GE(db.scalar("PRAGMA user_version"), 6);
    for (const char* table : {"registrant", "sync_stage"}) {
        EXPECT_EQ(db.scalar(std::string("SELECT COUNT(*) FROM pragma_table_info('") + table +
                            "') WHERE name = 'attention'"),
                  1)
            << table;
    }
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM pragma_table_info('attendance') WHERE name = 'zone'"),
              1);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'set_aside'"), 1);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'provisional_badge'"), 1);
    EXPECT_EQ(
        db.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'photo'"), 1);
    ASSERT_TRUE(core::SetSyncValue(store, "k", "v"));
    EXPECT_EQ(**core::GetSyncValue(store, "k"), "v");
}

} // namespace
} // namespace accueil::sync::test
