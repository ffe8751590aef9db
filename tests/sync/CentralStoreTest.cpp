// SPDX-License-Identifier: Apache-2.0
// The central's store, the same behaviour on both backends: the embedded SQLite file and a
// PostgreSQL database on the throwaway test cluster (tests/sync/pg-cluster.sh). Then what only
// PostgreSQL has to show: cursors without holes under concurrent writers, a lost server.

#include "PgTestCluster.h"
#include "SyncTestEnv.h"

#include <accueil/core/Text.h>
#include <accueil/sync/CentralBackend.h>
#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/PgCentralStore.h>

#include <array>
#include <atomic>
#include <fstream>
#include <set>
#include <thread>

namespace accueil::sync::test {
namespace {

struct SqliteBackend {
    static core::Result<std::string> Database(const TempDir& dir) { return dir.file("central.db"); }
};

struct PgBackend {
    static core::Result<std::string> Database(const TempDir& /*dir*/) { return NewPgDatabase(); }
};

template <class Backend> struct CentralStoreTest : ::testing::Test {
    TempDir dir;
    core::EventConfig event = TestEvent();
    std::string database;
    std::unique_ptr<CentralStore> store;
    std::vector<core::Registrant> people = People(10);

    void SetUp() override {
        auto db = Backend::Database(dir);
        ASSERT_TRUE(db) << db.error().message;
        database = *db;
        auto opened = OpenCentralStore(database, event, true);
        ASSERT_TRUE(opened) << opened.error().message;
        store = std::move(opened).value();
    }

    core::AttendanceEvent checkIn(const std::string& kiosk, int person, int minute) const {
        core::AttendanceEvent e;
        e.uuid = core::NewUuid();
        e.registrantId = people[static_cast<std::size_t>(person)].id;
        e.day = "2025-06-17";
        e.kioskId = kiosk;
        e.at = At(event, "2025-06-17", 9, minute);
        return e;
    }

    // `kept` (people[0]'s check-in), then people[1]'s check-in and its undo.
    std::vector<core::AttendanceEvent> oneCheckInUndone(const core::AttendanceEvent& kept) const {
        auto undone = checkIn("door-1", 1, 2);
        auto undo = checkIn("door-1", 1, 3);
        undo.kind = core::EventKind::Undo;
        undo.target = undone.uuid;
        return {kept, undone, undo};
    }

    core::AuditEntry audit(const std::string& kiosk, const std::string& action, int person,
                           const std::string& detail) const {
        core::AuditEntry a;
        a.uuid = core::NewUuid();
        a.at = At(event, "2025-06-17", 10, 0);
        a.kioskId = kiosk;
        a.action = action;
        a.registrantId = people[static_cast<std::size_t>(person)].id;
        a.detail = detail;
        return a;
    }
};

struct BackendNames {
    template <class T> static std::string GetName(int /*index*/) {
        return std::is_same_v<T, PgBackend> ? "PostgreSQL" : "SQLite";
    }
};

using Backends = ::testing::Types<SqliteBackend, PgBackend>;
TYPED_TEST_SUITE(CentralStoreTest, Backends, BackendNames);

// The first open binds the database to its event; a restored backup or a mistyped config of
// another meeting is refused, and the database keeps its own.
TYPED_TEST(CentralStoreTest, ADatabaseBelongsToTheEventThatCreatedIt) {
    this->store.reset();
    auto other = this->event;
    other.id = "another-meeting-2025";
    auto refused = OpenCentralStore(this->database, other, false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::Config);
    EXPECT_NE(refused.error().message.find("belongs to event \"" + this->event.id + "\""),
              std::string::npos)
        << refused.error().message;
    EXPECT_TRUE(OpenCentralStore(this->database, this->event, false));
}

TYPED_TEST(CentralStoreTest, KiosksAreFoundByTokenAndRevoked) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.putKiosk("door-1", "hash-1"));
    ASSERT_TRUE(s.putKiosk("door-2", "hash-2"));
    auto found = s.findKiosk("hash-1");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->kioskId, "door-1");
    EXPECT_FALSE((*found)->revoked);
    EXPECT_FALSE(*s.findKiosk("hash-3"));
    ASSERT_TRUE(s.revokeKiosk("door-1"));
    EXPECT_TRUE((*s.findKiosk("hash-1"))->revoked);
    EXPECT_EQ(s.revokeKiosk("door-9").error().kind, core::ErrorKind::NotFound);
    auto listed = s.listKiosks();
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2U);
    EXPECT_TRUE((*listed)[0].revokedAt.has_value());
    EXPECT_FALSE((*listed)[1].revokedAt.has_value());
    // A new token brings a revoked kiosk back.
    ASSERT_TRUE(s.putKiosk("door-1", "hash-4"));
    EXPECT_FALSE((*s.findKiosk("hash-4"))->revoked);
}

// PostgreSQL keeps the doors' live states for every instance, each as heard last; an SQLite
// central is one process and keeps them in its memory only.
TYPED_TEST(CentralStoreTest, DoorsAreSharedWhereSeveralInstancesServe) {
    CentralStore& s = *this->store;
    const bool shared = std::is_same_v<TypeParam, PgBackend>;
    EXPECT_EQ(s.sharesDoors(), shared);
    DoorState a{"door-1", 5000, "192.0.2.1", {"0.9.0", 3, std::nullopt, ""}, {{5000, 3}}};
    DoorState b{"door-2", 6000, "192.0.2.2", {}, {}};
    ASSERT_TRUE(s.shareDoors({a, b}));
    DoorState older = a;
    older.lastSeen = 4000;
    older.address = "198.51.100.1";
    DoorState newer = b;
    newer.lastSeen = 7000;
    newer.address = "198.51.100.2";
    ASSERT_TRUE(s.shareDoors({older, newer})) << "another instance, one door heard earlier";
    auto doors = s.sharedDoors();
    ASSERT_TRUE(doors) << doors.error().message;
    if (!shared) {
        EXPECT_TRUE(doors->empty());
        return;
    }
    ASSERT_EQ(doors->size(), 2U);
    EXPECT_EQ((*doors)[0].address, "192.0.2.1") << "the later state stays";
    EXPECT_EQ((*doors)[0].report.queue, std::optional<std::int64_t>(3));
    EXPECT_EQ((*doors)[0].queueSamples, a.queueSamples);
    EXPECT_EQ((*doors)[1].address, "198.51.100.2") << "the later state replaces the earlier";
    EXPECT_EQ((*doors)[1].lastSeen, 7000);
}

TYPED_TEST(CentralStoreTest, AnEnrolmentCodeIsUsedOnceBeforeItExpires) {
    CentralStore& s = *this->store;
    const core::UtcMillis now = core::NowUtcMillis();
    ASSERT_TRUE(s.putEnrolment("door-1", "code-1", now + 60'000));
    ASSERT_TRUE(s.putEnrolment("door-2", "code-2", now + 60'000));
    EXPECT_EQ(s.enrolKiosk("code-1", "door-2", "t", now)->refused, EnrolmentRefusal::OtherKiosk);
    EXPECT_EQ(s.enrolKiosk("code-9", "", "t", now)->refused, EnrolmentRefusal::Unknown);
    EXPECT_EQ(s.enrolKiosk("code-2", "", "t", now + 60'000)->refused, EnrolmentRefusal::Expired);
    auto used = s.enrolKiosk("code-1", "door-1", "token-hash", now);
    ASSERT_TRUE(used);
    EXPECT_FALSE(used->refused);
    EXPECT_EQ(used->kioskId, "door-1");
    EXPECT_EQ((*s.findKiosk("token-hash"))->kioskId, "door-1");
    EXPECT_EQ(s.enrolKiosk("code-1", "", "other", now)->refused, EnrolmentRefusal::Used);
    EXPECT_FALSE(*s.findKiosk("other"));
}

TYPED_TEST(CentralStoreTest, ImportsMergeAndEachChangeIsStreamedOnce) {
    CentralStore& s = *this->store;
    auto first = s.importRegistrants(this->people, {});
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->added, 10);
    EXPECT_EQ(s.importRegistrants(this->people, {})->unchanged, 10);
    auto changed = this->people;
    changed[3].familyName = "Renamed";
    changed[4].holdNote = "see the desk"; // not carried: the hold column is not in this import
    auto second = s.importRegistrants(changed, {});
    EXPECT_EQ(second->updated, 1);
    EXPECT_EQ(second->unchanged, 9);

    std::vector<core::Registrant> pulled;
    CursorCheck cursor;
    for (int round = 0; round < 10; ++round) {
        auto page = s.registrantsSince(cursor, 4);
        ASSERT_TRUE(page) << page.error().message;
        EXPECT_EQ(page->highWater, 11);
        pulled.insert(pulled.end(), page->items.begin(), page->items.end());
        cursor = CursorCheck{page->next, page->check};
        if (!page->more) {
            break;
        }
    }
    ASSERT_EQ(pulled.size(), 10U);
    EXPECT_EQ(pulled.back().familyName, "Renamed"); // the newest change comes last
    EXPECT_EQ(cursor.seq, 11);
    EXPECT_TRUE(s.registrantsSince(cursor, 4)->items.empty());
    EXPECT_EQ(s.registrantsSince({12, ""}, 4).error().kind, core::ErrorKind::Conflict);
    EXPECT_EQ(s.registrantsSince({5, "another history"}, 4).error().kind,
              core::ErrorKind::NotFound);
    auto all = s.allRegistrants();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 10U);
    for (const auto& r : *all) {
        EXPECT_TRUE(r.holdNote.empty());
    }
}

TYPED_TEST(CentralStoreTest, APlanThatFailsWritesNothing) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.importRegistrants(this->people, {}));
    auto refused = s.applyPlan(
        [](const std::vector<core::Registrant>&) -> core::Result<RegistrantBatches> {
            return core::MakeError(core::ErrorKind::Input, "no");
        },
        {});
    EXPECT_EQ(refused.error().kind, core::ErrorKind::Input);
    auto applied = s.applyPlan(
        [](const std::vector<core::Registrant>& current) -> core::Result<RegistrantBatches> {
            auto one = current.front();
            one.role = "Chair";
            return RegistrantBatches{{one}, current};
        },
        {});
    ASSERT_TRUE(applied) << applied.error().message;
    ASSERT_EQ(applied->size(), 2U);
    EXPECT_EQ((*applied)[0].updated, 1);
    EXPECT_EQ((*applied)[1].updated, 1); // the rest of the list puts the role back
    EXPECT_EQ(s.registrantsSince({}, 100)->highWater, 12);
}

TYPED_TEST(CentralStoreTest, PushesAreStoredOnceByUuid) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.importRegistrants(this->people, {}));
    PushBatch batch{"door-1", {}, {}, {}, {}};
    for (int i = 0; i < 3; ++i) {
        batch.attendance.push_back(this->checkIn("door-1", i, i));
    }
    batch.audit.push_back(this->audit("door-1", "scan", 0, "{}"));
    auto first = s.storeBatch(batch);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->stored, 4);
    EXPECT_EQ(first->duplicates, 0);
    auto again = s.storeBatch(batch);
    EXPECT_EQ(again->stored, 0);
    EXPECT_EQ(again->duplicates, 4);
    ASSERT_TRUE(s.storeBatch({"door-2", {this->checkIn("door-2", 5, 9)}, {}, {}, {}}));

    const auto counts = s.counts("door-1");
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->kioskAttendance, 3);
    EXPECT_EQ(counts->kioskAudit, 1);
    EXPECT_EQ(counts->allAttendance, 4);
    EXPECT_EQ(counts->registrants, 10);
    // Another door's events, not the asking one's; its own audit lines back.
    auto others = s.attendanceSince({}, 100, "door-1");
    ASSERT_TRUE(others);
    ASSERT_EQ(others->items.size(), 1U);
    EXPECT_EQ(others->items[0].kioskId, "door-2");
    EXPECT_EQ(others->next, 4);
    EXPECT_EQ(others->check, others->items[0].uuid);
    auto every = s.attendanceSince({}, 2, "");
    EXPECT_EQ(every->items.size(), 2U);
    EXPECT_TRUE(every->more);
    EXPECT_EQ(every->items[0].uuid, batch.attendance[0].uuid);
    auto own = s.auditSince({}, 100, "door-1");
    ASSERT_EQ(own->items.size(), 1U);
    EXPECT_EQ(own->items[0].uuid, batch.audit[0].uuid);
    EXPECT_EQ(s.logKeys("door-1")->attendance.size(), 4U);
    EXPECT_EQ(s.logKeys("door-1")->kioskAudit.size(), 1U);
    EXPECT_EQ(s.dayLog("2025-06-17")->size(), 4U);
    EXPECT_EQ(*s.epoch(), others->epoch);
}

// What GET /v1/attendance sends: the same page, each event as its protocol JSON (PostgreSQL
// sends the text it stored at the push, unread).
TYPED_TEST(CentralStoreTest, TheAttendancePageAsJsonIsThePageWrittenOut) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.importRegistrants(this->people, {}));
    auto staff = this->checkIn("door-1", 2, 4);
    staff.kind = core::EventKind::ManualCheckIn;
    staff.method = core::Method::Manual;
    staff.staffId = "S-1";
    staff.reason = "badge left at the hotel: «Genève» ✓";
    auto events = this->oneCheckInUndone(this->checkIn("door-1", 0, 1));
    events.push_back(staff);
    ASSERT_TRUE(s.storeBatch({"door-1", events, {}, {}, {}}));
    ASSERT_TRUE(s.storeBatch({"door-2", {this->checkIn("door-2", 5, 9)}, {}, {}, {}}));
    for (const auto& [limit, exclude] : {std::pair{100, std::string()}, std::pair{2, std::string()},
                                         std::pair{100, std::string("door-2")}}) {
        const auto page = s.attendanceSince({}, limit, exclude);
        const auto json = s.attendanceJsonSince({}, limit, exclude);
        ASSERT_TRUE(page && json);
        ASSERT_EQ(json->items.size(), page->items.size());
        for (std::size_t i = 0; i < page->items.size(); ++i) {
            EXPECT_EQ(json->items[i], ToJson(page->items[i]).dump());
        }
        EXPECT_EQ(json->next, page->next);
        EXPECT_EQ(json->more, page->more);
        EXPECT_EQ(json->highWater, page->highWater);
        EXPECT_EQ(json->check, page->check);
        EXPECT_EQ(json->epoch, page->epoch);
    }
}

TYPED_TEST(CentralStoreTest, AnUndoneCheckInIsNoCheckIn) {
    CentralStore& s = *this->store;
    const auto in0 = this->checkIn("door-1", 0, 1);
    ASSERT_TRUE(s.storeBatch({"door-1", this->oneCheckInUndone(in0), {}, {}, {}}));
    EXPECT_EQ(*s.checkedInRegistrants(), std::vector<std::string>{this->people[0].id});
}

TYPED_TEST(CentralStoreTest, HoldsAndReissuedBadgesBecomeListChanges) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.importRegistrants(this->people, {}));
    const auto before = s.registrantsSince({}, 100)->highWater;
    PushBatch batch{"door-1",
                    {},
                    {this->audit("door-1", "hold_placed", 2, R"({"note":"call the desk"})"),
                     this->audit("door-1", "hold_placed", 3, "{}"), // no note: nothing changes
                     this->audit("door-1", "badge_reissued", 4, R"({"badge_version":3})"),
                     this->audit("door-1", "badge_reissued", 5, R"({"badge_version":1})")},
                    {},
                    {}};
    ASSERT_TRUE(s.storeBatch(batch));
    auto page = s.registrantsSince({before, ""}, 100);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 2U);
    EXPECT_EQ(page->items[0].id, this->people[2].id);
    EXPECT_EQ(page->items[0].holdNote, "call the desk");
    EXPECT_EQ(page->items[1].id, this->people[4].id);
    EXPECT_EQ(page->items[1].badgeVersion, 3);
    // Cleared at another door.
    ASSERT_TRUE(
        s.storeBatch({"door-2", {}, {this->audit("door-2", "hold_cleared", 2, "{}")}, {}, {}}));
    auto cleared = s.registrantsSince({page->next, page->check}, 100);
    ASSERT_EQ(cleared->items.size(), 1U);
    EXPECT_TRUE(cleared->items[0].holdNote.empty());
}

TYPED_TEST(CentralStoreTest, ProvisionalRegistrantsAreAddedOnceAndNeverOverwrite) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.importRegistrants({this->people[0]}, {}));
    core::Registrant walkIn;
    walkIn.id = "W-1";
    walkIn.givenName = "Walk";
    walkIn.familyName = "In";
    core::Registrant listed = this->people[0];
    listed.familyName = "Changed at the door";
    PushBatch batch{"door-1", {}, {}, {walkIn, listed}, {}};
    ASSERT_TRUE(s.storeBatch(batch));
    ASSERT_TRUE(s.storeBatch(batch));
    auto provisional = s.provisionalRegistrants();
    ASSERT_TRUE(provisional);
    ASSERT_EQ(provisional->size(), 1U);
    EXPECT_EQ((*provisional)[0].id, "W-1");
    EXPECT_TRUE((*provisional)[0].provisional);
    EXPECT_EQ(*s.listedAmong({"W-1", this->people[0].id, "nobody"}),
              (std::set<std::string>{"W-1", this->people[0].id}));
    auto all = s.allRegistrants();
    EXPECT_EQ((*all)[0].familyName, this->people[0].familyName);
}

TYPED_TEST(CentralStoreTest, OpeningAgainKeepsEverythingAndTheEpoch) {
    ASSERT_TRUE(this->store->importRegistrants(this->people, {}));
    const std::string epoch = *this->store->epoch();
    ASSERT_EQ(epoch.size(), 32U);
    this->store.reset();
    auto again = OpenCentralStore(this->database, this->event, false);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*(*again)->epoch(), epoch);
    EXPECT_EQ((*again)->counts("")->registrants, 10);
}

TYPED_TEST(CentralStoreTest, PhotosStreamAsChangesWithinTheByteBudget) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.importRegistrants(this->people, {}));
    const std::string a(3000, '\xff');
    const std::string b = std::string("\0\x01jpeg", 6) + std::string(2000, 'b');
    auto unlisted = s.importPhotos({{"nobody", a}, {this->people[0].id, a}});
    ASSERT_FALSE(unlisted);
    EXPECT_EQ(unlisted.error().kind, core::ErrorKind::Input);
    EXPECT_NE(unlisted.error().message.find("nobody"), std::string::npos);
    EXPECT_EQ(s.photosSince({}, 10, 1 << 20)->highWater, 0); // nothing was written
    auto first = s.importPhotos({{this->people[0].id, a}, {this->people[1].id, b}});
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->added, 2);
    auto again = s.importPhotos({{this->people[0].id, a}, {this->people[1].id, a}});
    EXPECT_EQ(again->unchanged, 1);
    EXPECT_EQ(again->replaced, 1);
    EXPECT_TRUE(*s.removePhoto(this->people[0].id));
    EXPECT_FALSE(*s.removePhoto(this->people[0].id));
    // Two registrants, each with their newest change: people[1]'s photo (a), people[0]'s removal.
    auto budget = s.photosSince({}, 10, 100); // the first change alone exceeds the budget
    ASSERT_TRUE(budget) << budget.error().message;
    EXPECT_EQ(budget->highWater, 4);
    ASSERT_EQ(budget->items.size(), 1U);
    EXPECT_EQ(budget->items[0].registrantId, this->people[1].id);
    EXPECT_EQ(budget->items[0].jpeg, a);
    EXPECT_TRUE(budget->more);
    auto rest = s.photosSince({budget->next, budget->check}, 10, 100);
    ASSERT_TRUE(rest) << rest.error().message;
    ASSERT_EQ(rest->items.size(), 1U);
    EXPECT_EQ(rest->items[0].registrantId, this->people[0].id);
    EXPECT_FALSE(rest->items[0].jpeg.has_value());
    EXPECT_FALSE(rest->more);
    EXPECT_EQ(rest->next, 4);
    EXPECT_EQ(s.photosSince({4, "not this one"}, 10, 100).error().kind, core::ErrorKind::NotFound);
}

TYPED_TEST(CentralStoreTest, AccountsLockAfterWrongPasswordsAndSessionsEndWithThem) {
    CentralStore& s = *this->store;
    const core::UtcMillis now = 1'000'000;
    ASSERT_TRUE(s.addUser("ana", "admin", "hash-a", now));
    EXPECT_EQ(s.addUser("ana", "viewer", "hash-b", now).error().kind, core::ErrorKind::Conflict);
    const SignInLimits limits{2, 60'000};
    EXPECT_EQ(s.claimSignIn("bob", now, limits)->state, SignInSlot::State::UnknownUser);
    for (int i = 0; i < 2; ++i) {
        auto slot = s.claimSignIn("ana", now, limits);
        ASSERT_TRUE(slot) << slot.error().message;
        EXPECT_EQ(slot->state, SignInSlot::State::Claimed);
        EXPECT_EQ(slot->passwordHash, "hash-a");
        EXPECT_FALSE(*s.finishSignIn("ana", false, now, limits));
    }
    auto locked = s.claimSignIn("ana", now + 1, limits);
    EXPECT_EQ(locked->state, SignInSlot::State::Locked);
    EXPECT_EQ(locked->lockedUntil, now + 60'000);
    EXPECT_EQ(s.listUsers()->front().failedAttempts, 2);
    // The lock runs out: a fresh count, and a right password clears it.
    EXPECT_EQ(s.claimSignIn("ana", now + 60'000, limits)->state, SignInSlot::State::Claimed);
    EXPECT_TRUE(*s.finishSignIn("ana", true, now + 60'000, limits));
    EXPECT_EQ(s.listUsers()->front().failedAttempts, 0);

    const DashboardSession session{"token-hash", "ana", "", "csrf", now, now, now + 600'000};
    ASSERT_TRUE(s.putSession(session));
    auto used = s.useSession("token-hash", now + 120'000, 600'000);
    ASSERT_TRUE(used && *used);
    EXPECT_EQ((*used)->role, "admin");
    EXPECT_EQ((*used)->expiresAt, now + 720'000); // the idle clock started again
    EXPECT_FALSE(*s.useSession("token-hash", now + 720'000, 600'000)); // expired
    ASSERT_TRUE(s.putSession({"second", "ana", "", "c", now, now, now + 600'000}));
    ASSERT_TRUE(s.setUserPassword("ana", "hash-new"));
    EXPECT_FALSE(*s.useSession("second", now, 600'000)); // a new password ends its sessions
    ASSERT_TRUE(s.putSession({"third", "ana", "", "c", now, now, now + 600'000}));
    ASSERT_TRUE(s.endSession("third"));
    EXPECT_FALSE(*s.useSession("third", now, 600'000));
    ASSERT_TRUE(s.putSession({"fourth", "ana", "", "c", now, now, now + 600'000}));
    ASSERT_TRUE(s.removeUser("ana"));
    EXPECT_FALSE(*s.useSession("fourth", now, 600'000));
    EXPECT_EQ(s.removeUser("ana").error().kind, core::ErrorKind::NotFound);
    EXPECT_EQ(s.setUserPassword("ana", "x").error().kind, core::ErrorKind::NotFound);
    EXPECT_TRUE(s.listUsers()->empty());
}

TYPED_TEST(CentralStoreTest, TheReportCountsEffectiveEntriesAndAFrozenDayStaysFrozen) {
    CentralStore& s = *this->store;
    ASSERT_TRUE(s.importRegistrants(this->people, {}));
    const auto in0 = this->checkIn("door-1", 0, 1);
    ASSERT_TRUE(s.storeBatch({"door-1", this->oneCheckInUndone(in0), {}, {}, {}}));
    auto report = s.reportWithFigures({"2025-06-17", "2025-06-18"});
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_FALSE(report->rows.empty());
    EXPECT_EQ(report->rows[0].dimension, "total");
    EXPECT_EQ(report->rows[0].admitted, 1);
    EXPECT_EQ(report->rows[0].expected, 10);
    EXPECT_EQ(report->facts.people.size(), 10U);
    ASSERT_EQ(report->facts.entries.size(), 1U);
    EXPECT_EQ(report->facts.entries[0].firstAt, in0.at);

    const SnapshotRender render = [](const CentralReport& r) {
        return std::to_string(r.rows.at(0).admitted);
    };
    EXPECT_TRUE(*s.freezeDay("2025-06-17", 5, "local", render));
    EXPECT_FALSE(*s.freezeDay("2025-06-17", 6, "again", render)); // never replaced
    ASSERT_TRUE(s.storeBatch({"door-2", {this->checkIn("door-2", 2, 30)}, {}, {}, {}}));
    auto changed = this->people;
    changed[5].familyName = "Later";
    ASSERT_TRUE(s.importRegistrants(changed, {}));
    auto frozen = s.daySnapshots({"2025-06-17", "2025-06-18"}, 10);
    ASSERT_TRUE(frozen) << frozen.error().message;
    ASSERT_EQ(frozen->size(), 1U);
    const DaySnapshot& d = frozen->front();
    EXPECT_EQ(d.asOf, 5);
    EXPECT_EQ(d.asOfLocal, "local");
    EXPECT_EQ(d.reportJson, "1");
    EXPECT_EQ(d.listSeq, 10);
    EXPECT_EQ(d.attendanceSeq, 3);
    EXPECT_EQ(d.changed, std::vector<std::string>{this->people[5].id});
    EXPECT_EQ(d.changedCount, 1);
    EXPECT_EQ(d.attendanceSince, 1);
}

// The purge erases the same fields on both backends: what core::WithPersonalDataErased says.
TYPED_TEST(CentralStoreTest, ThePurgeErasesPersonalDataOnceAndKeepsTheReport) {
    CentralStore& s = *this->store;
    auto listed = this->people;
    listed[0].holdNote = "see the desk";
    listed[0].attention = "wheelchair";
    listed[0].ticket = "ticket-0";
    listed[0].language = "fr";
    ASSERT_TRUE(s.importRegistrants(listed, {true, true, true, true}));
    ASSERT_TRUE(s.importPhotos({{listed[1].id, "jpeg"}}));
    auto staffAction = this->checkIn("door-1", 2, 5);
    staffAction.kind = core::EventKind::ManualCheckIn;
    staffAction.reason = "forgot the badge";
    ASSERT_TRUE(s.storeBatch(
        {"door-1", {staffAction}, {this->audit("door-1", "scan", 2, R"({"x":1})")}, {}, {}}));
    const auto before = *s.allRegistrants();
    EXPECT_FALSE(*s.purged());

    auto erased = s.purgePersonalData(42, "{\"rows\":[]}");
    ASSERT_TRUE(erased) << erased.error().message;
    EXPECT_EQ(erased->registrants, 10);
    EXPECT_EQ(erased->photos, 1);
    const auto after = *s.allRegistrants();
    ASSERT_EQ(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        EXPECT_EQ(after[i], core::WithPersonalDataErased(before[i])) << before[i].id;
    }
    EXPECT_TRUE(s.dayLog("2025-06-17")->front().reason.empty());
    EXPECT_TRUE(s.auditSince({}, 10, "door-1")->items.front().detail.empty());
    const auto purged = *s.purged();
    ASSERT_TRUE(purged);
    EXPECT_EQ(purged->at, 42);
    EXPECT_EQ(purged->meetingReportJson, "{\"rows\":[]}");
    EXPECT_EQ(s.purgePersonalData(43, "{}").error().kind, core::ErrorKind::Conflict);
    // Kiosks learn of the erasure as list changes and the photo's removal.
    auto photos = s.photosSince({1, ""}, 10, 1 << 20);
    ASSERT_EQ(photos->items.size(), 1U);
    EXPECT_FALSE(photos->items[0].jpeg.has_value());
    EXPECT_EQ(s.registrantsSince({10, ""}, 100)->items.size(), 10U);
}

// ---- PostgreSQL only

using PgStoreTest = CentralStoreTest<PgBackend>;

// Two writers push at once through connections of their own while a reader pages through the
// attendance: whatever the interleaving, the reader ends with every event exactly once, which
// it could not if a number became visible before an earlier one still in flight.
TEST_F(PgStoreTest, CursorsHaveNoHolesUnderConcurrentWriters) {
    constexpr int kBatches = 60;
    constexpr int kPerBatch = 5;
    std::vector<std::unique_ptr<CentralStore>> writers;
    for (int i = 0; i < 2; ++i) {
        auto w = OpenPgCentralStore(database, event, false);
        ASSERT_TRUE(w) << w.error().message;
        writers.push_back(std::move(w).value());
    }
    std::atomic<int> writing{2};
    std::array<std::set<std::string>, 2> pushed;
    std::vector<std::thread> threads;
    threads.reserve(2);
    for (std::size_t w = 0; w < 2; ++w) {
        threads.emplace_back([&, w] {
            const std::string kiosk = "door-" + std::to_string(w);
            for (int b = 0; b < kBatches; ++b) {
                PushBatch batch{kiosk, {}, {}, {}, {}};
                for (int e = 0; e < kPerBatch; ++e) {
                    batch.attendance.push_back(checkIn(kiosk, e, b % 60));
                    pushed[w].insert(batch.attendance.back().uuid);
                }
                auto stored = writers[w]->storeBatch(batch);
                EXPECT_TRUE(stored && stored->stored == kPerBatch);
            }
            --writing;
        });
    }
    std::vector<std::string> seen;
    CursorCheck cursor;
    std::int64_t lastNext = 0;
    // Bounded: the writers finish, then one more pass reads what is left.
    for (bool last = false; !last;) {
        last = writing.load() == 0;
        for (;;) {
            auto page = store->attendanceSince(cursor, 7, "");
            ASSERT_TRUE(page) << page.error().message;
            EXPECT_GE(page->next, lastNext); // monotonic
            lastNext = page->next;
            for (const auto& e : page->items) {
                seen.push_back(e.uuid);
            }
            cursor = CursorCheck{page->next, page->check};
            if (!page->more) {
                break;
            }
        }
    }
    for (auto& t : threads) {
        t.join();
    }
    std::set<std::string> expected = pushed[0];
    expected.insert(pushed[1].begin(), pushed[1].end());
    EXPECT_EQ(seen.size(), expected.size());                              // none twice
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), expected); // none skipped
    EXPECT_EQ(cursor.seq, 2 * kBatches * kPerBatch);
}

TEST(PgStore, AnUnreachableServerIsNamedWithoutThePassword) {
    auto opened =
        OpenPgCentralStore("postgresql://central:s3cret@127.0.0.1:1/meeting", TestEvent(), true);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().kind, core::ErrorKind::Storage);
    EXPECT_NE(opened.error().message.find("127.0.0.1:1/meeting"), std::string::npos)
        << opened.error().message;
    EXPECT_EQ(opened.error().message.find("s3cret"), std::string::npos) << opened.error().message;
}

TEST(PgStore, AnEmptyDatabaseNeedsInit) {
    auto db = NewPgDatabase();
    ASSERT_TRUE(db) << db.error().message;
    auto opened = OpenPgCentralStore(*db, TestEvent(), false);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().kind, core::ErrorKind::Config);
    EXPECT_NE(opened.error().message.find("accueil central init"), std::string::npos);
    // And nothing was created by asking.
    EXPECT_FALSE(OpenPgCentralStore(*db, TestEvent(), false));
}

// The server restarts under the store: the call on the cut connection fails cleanly, the next
// one connects again. On a cluster of its own, so other tests' connections are not cut.
TEST(PgStore, ALostServerFailsOneCallAndTheNextReconnects) {
    OwnPgCluster cluster;
    ASSERT_TRUE(cluster.ok()) << cluster.error();
    auto db = cluster.newDatabase();
    ASSERT_TRUE(db) << db.error().message;
    auto store = OpenPgCentralStore(*db, TestEvent(), true);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->putKiosk("door-1", "hash-1"));
    ASSERT_TRUE(cluster.restart());
    auto cut = (*store)->findKiosk("hash-1");
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().kind, core::ErrorKind::Storage);
    auto again = (*store)->findKiosk("hash-1");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ((*again)->kioskId, "door-1");
}

TEST(CentralDatabaseKey, APostgresUrlIsKeptAndAnyOtherUrlRefused) {
    TempDir dir;
    const std::string event = std::string(ACCUEIL_SOURCE_DIR) + "/config/event.toml";
    const auto write = [&](const std::string& database) {
        std::ofstream(dir.file("central.toml"))
            << "[central]\ndatabase = \"" << database << "\"\nevent = \"" << event << "\"\n";
        return LoadCentralConfig(dir.file("central.toml"));
    };
    const std::string url = "postgresql://central@127.0.0.1:5432/meeting";
    EXPECT_EQ(write(url)->databasePath, url);
    EXPECT_EQ(write("postgres://c@h/m")->databasePath, "postgres://c@h/m");
    EXPECT_EQ(write("central.db")->databasePath, dir.file("central.db"));
    auto wrong = write("mysql://c:pw@h/m");
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("central.database"), std::string::npos);
    EXPECT_EQ(wrong.error().message.find("pw"), std::string::npos);
    EXPECT_EQ(DatabaseName("postgresql://c:pw@h:6000/m?sslmode=require"), "postgresql://h:6000/m");
}

} // namespace
} // namespace accueil::sync::test
