// SPDX-License-Identifier: Apache-2.0
// The row API a program with its own connection uses (StoreRows.h): the central's view of the
// store's tables.

#include "TestSupport.h"

#include <accueil/core/StoreRows.h>

using namespace accueil::core;
using accueil::core::test::Person;
using accueil::core::test::TempDir;

namespace {

AttendanceEvent Event(const std::string& uuid, const std::string& kioskId,
                      const std::string& registrantId = "REG-1") {
    AttendanceEvent e;
    e.uuid = uuid;
    e.registrantId = registrantId;
    e.day = "2025-06-17";
    e.kioskId = kioskId;
    e.at = 1'750'000'000'000;
    return e;
}

struct StoreRowsTest : ::testing::Test {
    void SetUp() override {
        auto opened = rows::OpenStoreDatabase(":memory:", event);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        db.emplace(std::move(opened).value());
        sql::Transaction tx(*db);
        rows::AddCentralSchema(*db);
        rows::AddCentralSchema(*db); // run at every open: twice changes nothing
        tx.commit();
    }

    UpsertSummary upsert(const std::vector<Registrant>& list, UpsertFields fields = {}) {
        sql::Transaction tx(*db);
        const UpsertSummary s = rows::UpsertRegistrants(*db, list, fields, 1000);
        tx.commit();
        return s;
    }

    std::vector<std::string> changedIds(std::int64_t cursor) {
        std::vector<std::string> ids;
        for (const auto& change : rows::RegistrantChangesSince(*db, cursor, 100)) {
            ids.push_back(change.registrant.id);
        }
        return ids;
    }

    EventConfig event = test::MakeEvent();
    std::optional<sql::Database> db;
};

} // namespace

TEST(StoreRowsOpen, BindsTheFileToItsEventAndRefusesAnother) {
    TempDir dir;
    const EventConfig event = test::MakeEvent();
    const std::string path = dir.file("central.db");
    {
        auto db = rows::OpenStoreDatabase(path, event);
        ASSERT_TRUE(db.ok()) << db.error().message;
        EXPECT_GE(db->scalar("PRAGMA user_version"), 2);
    }
    // The same file as a kiosk's store: the schema is the one AttendanceStore uses.
    ASSERT_TRUE(AttendanceStore::Open(path, event, "door-1").ok());
    EventConfig other = event;
    other.id = "another-event";
    auto refused = rows::OpenStoreDatabase(path, other);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::Config);
    EXPECT_NE(refused.error().message.find("belongs to event \"apmbc-ism-2025\""),
              std::string::npos);
}

TEST_F(StoreRowsTest, RemoteEventsAndAuditLinesAreStoredOnceAndNeverQueued) {
    sql::Transaction tx(*db);
    EXPECT_TRUE(rows::InsertRemoteEvent(*db, Event("e-1", "door-1")));
    EXPECT_FALSE(rows::InsertRemoteEvent(*db, Event("e-1", "door-1")));
    AuditEntry a{"a-1", 5, "door-1", "staff-1", "scan", "REG-1", "admitted", "{}"};
    EXPECT_TRUE(rows::InsertRemoteAudit(*db, a));
    a.detail = "changed";
    EXPECT_FALSE(rows::InsertRemoteAudit(*db, a)); // the first one stays as it was
    tx.commit();
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM attendance"), 1);
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM audit WHERE detail = '{}'"), 1);
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(StoreRowsTest, AttendanceSinceLeavesOutTheAskingKioskAndPages) {
    sql::Transaction tx(*db);
    for (const char* uuid : {"e-1", "e-2", "e-3", "e-4"}) {
        rows::InsertRemoteEvent(*db, Event(uuid, uuid == std::string("e-2") ? "door-2" : "door-1"));
    }
    tx.commit();
    EXPECT_EQ(rows::AttendanceHighWater(*db), 4);

    const auto forDoor2 = rows::AttendanceSince(*db, 0, "door-2", 2);
    ASSERT_EQ(forDoor2.size(), 2U);
    EXPECT_EQ(forDoor2[0].event.uuid, "e-1");
    EXPECT_EQ(forDoor2[1].event.uuid, "e-3");
    EXPECT_EQ(forDoor2[1].seq, 3);
    const auto rest = rows::AttendanceSince(*db, forDoor2[1].seq, "door-2", 2);
    ASSERT_EQ(rest.size(), 1U);
    EXPECT_EQ(rest[0].event.uuid, "e-4");
    EXPECT_EQ(rest[0].event.kioskId, "door-1");
    EXPECT_TRUE(rows::AttendanceSince(*db, 4, "door-2", 2).empty());
}

TEST_F(StoreRowsTest, EveryRealChangeOfARegistrantTakesTheNextNumber) {
    EXPECT_EQ(rows::RegistrantChangeHighWater(*db), 0);
    const UpsertSummary first = upsert({Person("REG-1", "A", "B"), Person("REG-2", "C", "D")});
    EXPECT_EQ(first.added, 2);
    EXPECT_EQ(rows::RegistrantChangeHighWater(*db), 2);
    EXPECT_EQ(changedIds(0), (std::vector<std::string>{"REG-1", "REG-2"}));

    // Unchanged rows are not written, so they take no number.
    EXPECT_EQ(upsert({Person("REG-1", "A", "B")}).unchanged, 1);
    EXPECT_EQ(rows::RegistrantChangeHighWater(*db), 2);

    // A registrant changed again moves to the end: only their latest change is listed.
    EXPECT_EQ(upsert({Person("REG-1", "A", "Renamed")}).updated, 1);
    EXPECT_EQ(rows::RegistrantChangeHighWater(*db), 3);
    EXPECT_EQ(changedIds(0), (std::vector<std::string>{"REG-2", "REG-1"}));
    const auto since2 = rows::RegistrantChangesSince(*db, 2, 100);
    ASSERT_EQ(since2.size(), 1U);
    EXPECT_EQ(since2[0].seq, 3);
    EXPECT_EQ(since2[0].registrant.familyName, "Renamed");
}

TEST_F(StoreRowsTest, AHoldNoteIsWrittenOnlyWhenItDiffers) {
    upsert({Person("REG-1", "A", "B")});
    const std::int64_t before = rows::RegistrantChangeHighWater(*db);
    sql::Transaction tx(*db);
    EXPECT_TRUE(rows::SetHoldNote(*db, "REG-1", "see the desk", 2000));
    EXPECT_FALSE(rows::SetHoldNote(*db, "REG-1", "see the desk", 3000));
    EXPECT_FALSE(rows::SetHoldNote(*db, "NOBODY", "see the desk", 3000));
    tx.commit();
    EXPECT_EQ(rows::RegistrantChangeHighWater(*db), before + 1);
    EXPECT_EQ(rows::LoadRegistrant(*db, "REG-1")->holdNote, "see the desk");
    EXPECT_FALSE(rows::LoadRegistrant(*db, "NOBODY").has_value());
}

TEST_F(StoreRowsTest, ProvisionalRegistrantsAndCounts) {
    Registrant walkIn = Person("WALKIN-1", "E", "F");
    walkIn.provisional = true;
    upsert({Person("REG-1", "A", "B"), walkIn});
    sql::Transaction tx(*db);
    rows::InsertRemoteEvent(*db, Event("e-1", "door-1"));
    rows::InsertRemoteEvent(*db, Event("e-2", "door-2", "WALKIN-1"));
    rows::InsertRemoteAudit(*db, AuditEntry{"a-1", 5, "door-1", "", "scan", "", "", ""});
    tx.commit();

    const auto provisional = rows::ProvisionalRegistrants(*db);
    ASSERT_EQ(provisional.size(), 1U);
    EXPECT_EQ(provisional[0].id, "WALKIN-1");

    const rows::RowCounts c = rows::CountRows(*db, "door-1");
    EXPECT_EQ(c.kioskAttendance, 1);
    EXPECT_EQ(c.kioskAudit, 1);
    EXPECT_EQ(c.allAttendance, 2);
    EXPECT_EQ(c.registrants, 2);
}

TEST_F(StoreRowsTest, TheReportCountsTheRowsItReads) {
    upsert({Person("REG-1", "A", "B"), Person("REG-2", "C", "D", "Chile")});
    sql::Transaction tx(*db);
    rows::InsertRemoteEvent(*db, Event("e-1", "door-1"));
    AttendanceEvent undone = Event("e-2", "door-1", "REG-2");
    rows::InsertRemoteEvent(*db, undone);
    AttendanceEvent undo = Event("e-3", "door-1", "REG-2");
    undo.kind = EventKind::Undo;
    undo.target = "e-2";
    rows::InsertRemoteEvent(*db, undo);
    const std::vector<ReportRow> report = rows::Report(*db, {"2025-06-17"});
    tx.commit();
    ASSERT_FALSE(report.empty());
    EXPECT_EQ(report[0].dimension, "total");
    EXPECT_EQ(report[0].expected, 2);
    EXPECT_EQ(report[0].admitted, 1); // REG-2's entry was undone
}

TEST_F(StoreRowsTest, FigureFactsHoldTheFirstEffectiveEntryPerPersonAndDay) {
    Registrant head = Person("REG-1", "A", "B");
    head.role = "Head of delegation";
    upsert({head, Person("REG-2", "C", "D", "Chile")});
    const auto at = [this](const std::string& id, const std::string& uuid, UtcMillis t) {
        AttendanceEvent e = Event(uuid, "door-1", id);
        e.at = t;
        rows::InsertRemoteEvent(*db, e);
    };
    sql::Transaction tx(*db);
    at("REG-1", "e-1", 3000); // REG-1 twice on the 17th: the earlier is the first entry
    at("REG-1", "e-2", 2000);
    at("REG-2", "e-3", 1000); // REG-2's only entry, undone below
    AttendanceEvent undo = Event("e-4", "door-1", "REG-2");
    undo.kind = EventKind::Undo;
    undo.target = "e-3";
    rows::InsertRemoteEvent(*db, undo);
    AttendanceEvent out = Event("e-5", "door-1", "REG-2"); // an exit is not an entry
    out.kind = EventKind::CheckOut;
    rows::InsertRemoteEvent(*db, out);
    AttendanceEvent nextDay = Event("e-6", "door-2", "REG-9"); // not on the list
    nextDay.day = "2025-06-18";
    nextDay.at = 500;
    rows::InsertRemoteEvent(*db, nextDay);
    const FigureFacts facts = rows::ReadFigureFacts(*db);
    tx.commit();
    ASSERT_EQ(facts.people.size(), 2U);
    EXPECT_EQ(facts.people[0].role.empty() ? facts.people[1].role : facts.people[0].role,
              "Head of delegation");
    ASSERT_EQ(facts.entries.size(), 2U);
    EXPECT_EQ(facts.entries[0].id, "REG-1");
    EXPECT_EQ(facts.entries[0].day, "2025-06-17");
    EXPECT_EQ(facts.entries[0].firstAt, 2000);
    EXPECT_EQ(facts.entries[1].id, "REG-9");
    EXPECT_EQ(facts.entries[1].day, "2025-06-18");
}
