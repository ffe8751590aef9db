// SPDX-License-Identifier: Apache-2.0
// Exits, zones and "inside now": the pure count over a day's log, and the store's exits,
// capacity and automatic check-out.

#include "TestSupport.h"

#include <accueil/core/Occupancy.h>
#include <accueil/core/Sqlite.h>
#include <accueil/scanner/BadgeReader.h>

using namespace accueil::core;
using accueil::core::test::At;
using accueil::core::test::Person;
using accueil::core::test::TempDir;

namespace {

constexpr const char* kDay = "2025-06-17";

// The example event with `line` added to its [event] table.
std::string EventTomlWith(const std::string& line, const std::string& reentry = "allow") {
    std::string text = test::EventToml(reentry);
    text.insert(text.find("[event.name]"), line + "\n");
    return text;
}

// The example event with a plenary room of two seats and a check-out at 22:00.
std::string ZonedEventToml(const std::string& reentry = "allow") {
    return EventTomlWith("checkout_time = \"22:00\"", reentry) +
           "[zones.plenary]\ncapacity = 2\nname = { en = \"Plenary room\", fr = \"Salle "
           "plénière\" }\n";
}

EventConfig ZonedEvent(const TempDir& dir) {
    auto event = LoadEventConfig(dir.write("event.toml", ZonedEventToml()));
    EXPECT_TRUE(event.ok()) << event.error().message;
    return event.ok() ? *event : EventConfig{};
}

// One event of the log, as the store would hold it after sync.
AttendanceEvent Move(const std::string& uuid, const std::string& who, EventKind kind, UtcMillis at,
                     const std::string& zone = "building", const std::string& kiosk = "door-1") {
    AttendanceEvent e;
    e.uuid = uuid;
    e.registrantId = who;
    e.day = kDay;
    e.kind = kind;
    e.kioskId = kiosk;
    e.at = at;
    e.zone = zone;
    return e;
}

AttendanceEvent UndoOf(const std::string& uuid, const std::string& target, UtcMillis at) {
    AttendanceEvent e = Move(uuid, "", EventKind::Undo, at);
    e.target = target;
    return e;
}

const std::vector<Zone> kZones{Zone{"building", {}, std::nullopt}, Zone{"plenary", {}, 2}};

TEST(InsideNow, HandCheckedMorningAtTwoDoors) {
    // 09:00 A in (door 1); 09:05 B in (door 2); 09:10 C in (door 1); 09:20 A out (door 2);
    // 09:30 A in again (door 1); 09:40 B out (door 2); 09:50 C's entry undone.
    // Listed in the order they reached this host: door 2's events came late (offline).
    const std::vector<AttendanceEvent> log{
        Move("01", "A", EventKind::CheckIn, 900),
        Move("03", "C", EventKind::CheckIn, 910),
        Move("05", "A", EventKind::CheckIn, 930),
        UndoOf("07", "03", 950),
        Move("02", "B", EventKind::CheckIn, 905, "building", "door-2"),
        Move("04", "A", EventKind::CheckOut, 920, "building", "door-2"),
        Move("06", "B", EventKind::CheckOut, 940, "building", "door-2"),
    };
    EXPECT_EQ(InsideNow(log, 899, kZones).total, 0);
    EXPECT_EQ(InsideNow(log, 905, kZones).total, 2); // A, B
    EXPECT_EQ(InsideNow(log, 915, kZones).total, 2); // A, B (C's entry was undone)
    EXPECT_EQ(InsideNow(log, 925, kZones).total, 1); // B (A went out)
    EXPECT_EQ(InsideNow(log, 935, kZones).total, 2); // A is back
    const Occupancy late = InsideNow(log, 1000, kZones);
    EXPECT_EQ(late.total, 1); // A
    EXPECT_EQ(late.zones.at("building"), 1);
    EXPECT_EQ(late.zones.at("plenary"), 0);
}

TEST(InsideNow, ZonesCountApartAndThePersonOnceInTheTotal) {
    const std::vector<AttendanceEvent> log{
        Move("01", "A", EventKind::CheckIn, 900),
        Move("02", "A", EventKind::ManualCheckIn, 910, "plenary"),
        Move("03", "B", EventKind::CheckIn, 920, "plenary"),
        Move("04", "B", EventKind::CheckOut, 930, "plenary"),
    };
    const Occupancy now = InsideNow(log, 925, kZones);
    EXPECT_EQ(now.zones.at("building"), 1);
    EXPECT_EQ(now.zones.at("plenary"), 2);
    EXPECT_EQ(now.total, 2); // A inside two zones counts once
    EXPECT_EQ(InsideNow(log, 935, kZones).zones.at("plenary"), 1);
}

TEST(InsideNow, TiesAreBrokenByUuidSoEveryHostAgrees) {
    // An entry and an exit at the same millisecond: the larger UUID is taken as the later.
    const std::vector<AttendanceEvent> inLast{Move("b", "A", EventKind::CheckIn, 900),
                                              Move("a", "A", EventKind::CheckOut, 900)};
    const std::vector<AttendanceEvent> outLast{Move("a", "A", EventKind::CheckIn, 900),
                                               Move("b", "A", EventKind::CheckOut, 900)};
    EXPECT_EQ(InsideNow(inLast, 900, kZones).total, 1);
    EXPECT_EQ(InsideNow(outLast, 900, kZones).total, 0);
    std::vector<AttendanceEvent> reversed(inLast.rbegin(), inLast.rend());
    EXPECT_EQ(InsideNow(reversed, 900, kZones).total, 1);
}

TEST(InsideNow, NobodyIsInsideFromTheCheckoutTimeOn) {
    const std::vector<AttendanceEvent> log{Move("01", "A", EventKind::CheckIn, 900)};
    EXPECT_EQ(InsideNow(log, 1999, kZones, UtcMillis{2000}).total, 1);
    const Occupancy closed = InsideNow(log, 2000, kZones, UtcMillis{2000});
    EXPECT_EQ(closed.total, 0);
    EXPECT_EQ(closed.zones.at("building"), 0);
}

TEST(InsideNow, OthersInsideLeavesThePersonOut) {
    const std::vector<AttendanceEvent> log{Move("01", "A", EventKind::CheckIn, 900, "plenary"),
                                           Move("02", "B", EventKind::CheckIn, 910, "plenary")};
    EXPECT_EQ(OthersInside(log, 1000, "plenary", "A", std::nullopt), 1);
    EXPECT_EQ(OthersInside(log, 1000, "plenary", "C", std::nullopt), 2);
    EXPECT_EQ(OthersInside(log, 1000, "building", "C", std::nullopt), 0);
}

TEST(NightlyCheckoutUuid, IsDerivedFromDayPersonAndZone) {
    const std::string a = NightlyCheckoutUuid(kDay, "REG-1", "building");
    EXPECT_EQ(a, NightlyCheckoutUuid(kDay, "REG-1", "building"));
    EXPECT_NE(a, NightlyCheckoutUuid(kDay, "REG-1", "plenary"));
    EXPECT_NE(a, NightlyCheckoutUuid(kDay, "REG-2", "building"));
    EXPECT_NE(a, NightlyCheckoutUuid("2025-06-18", "REG-1", "building"));
    ASSERT_EQ(a.size(), 36U);
    EXPECT_EQ(a[14], '8'); // UUID version 8: derived, not random
}

class ExitStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_event = ZonedEvent(m_dir);
        auto store = AttendanceStore::Open(m_dir.file("door.db"), m_event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        m_store.emplace(std::move(store).value());
        Registrant held = Person("REG-3", "Ελένη", "Ελευθερίου", "Greece");
        held.holdNote = "unpaid fee";
        Registrant otherDay = Person("REG-4", "Анна", "Добрынина", "Norway");
        otherDay.days = {"2025-06-18"};
        ASSERT_TRUE(m_store
                        ->upsertRegistrants({Person("REG-1", "Zoë", "Łukasiewicz-Müller"),
                                             Person("REG-2", "Yao", "Kouassi"), held, otherDay,
                                             Person("REG-5", "Amina", "Diallo")})
                        .ok());
    }

    ScanResult scan(const std::string& id, const std::string& at, Direction direction) {
        ScanRequest r;
        r.payload = id;
        r.claim = accueil::scanner::ParsePlainId(id);
        r.at = At(m_event, at);
        r.direction = direction;
        auto result = m_store->recordScan(r);
        EXPECT_TRUE(result.ok()) << result.error().message;
        return result.ok() ? *result : ScanResult{};
    }

    int inside(const std::string& at, const std::string& zone = "building") {
        auto counted = ComputeInsideNow(*m_store, kDay, At(m_event, at));
        EXPECT_TRUE(counted.ok());
        return counted.ok() ? counted->zones.at(zone) : -1;
    }

    TempDir m_dir;
    EventConfig m_event;
    std::optional<AttendanceStore> m_store;
};

TEST_F(ExitStoreTest, AnExitIsACheckOutInTheDoorsZone) {
    scan("REG-1", "2025-06-17T09:00:00", Direction::In);
    const ScanResult out = scan("REG-1", "2025-06-17T12:00:00", Direction::Out);
    EXPECT_EQ(out.decision.outcome, Outcome::Goodbye);
    EXPECT_FALSE(out.decision.warn);
    ASSERT_FALSE(out.eventUuid.empty());
    auto history = m_store->history("REG-1");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2U);
    EXPECT_EQ(history->back().kind, EventKind::CheckOut);
    EXPECT_EQ(history->back().zone, "building");
    EXPECT_EQ(history->back().uuid, out.eventUuid);
    EXPECT_EQ(inside("2025-06-17T11:59:00"), 1);
    EXPECT_EQ(inside("2025-06-17T12:00:00"), 0);
}

TEST_F(ExitStoreTest, AnExitNeverHoldsBackSomeoneLeavingButTellsStaff) {
    for (const char* id : {"REG-3", "REG-4"}) { // a hold; registered for another day
        const ScanResult out = scan(id, "2025-06-17T12:00:00", Direction::Out);
        EXPECT_EQ(out.decision.outcome, Outcome::Goodbye) << id;
        EXPECT_TRUE(out.decision.warn) << id;
        EXPECT_FALSE(out.eventUuid.empty()) << id;
    }
    const ScanResult unknown = scan("REG-99", "2025-06-17T12:00:00", Direction::Out);
    EXPECT_EQ(unknown.decision.outcome, Outcome::NotRecognised);
    EXPECT_TRUE(unknown.eventUuid.empty());
}

TEST_F(ExitStoreTest, TheSameExitHeldUpTwiceIsRecordedOnce) {
    const ScanResult first = scan("REG-1", "2025-06-17T12:00:00", Direction::Out);
    const ScanResult again = scan("REG-1", "2025-06-17T12:00:02", Direction::Out);
    EXPECT_FALSE(first.repeat);
    EXPECT_TRUE(again.repeat);
    EXPECT_EQ(again.decision.outcome, Outcome::Goodbye);
    EXPECT_EQ(m_store->history("REG-1")->size(), 1U);
}

TEST_F(ExitStoreTest, ComingBackAfterLeavingIsNoSecondEntryWarning) {
    TempDir dir;
    dir.write("event.toml", ZonedEventToml("warn"));
    auto event = LoadEventConfig(dir.file("event.toml"));
    ASSERT_TRUE(event.ok());
    auto store = AttendanceStore::Open(dir.file("warn.db"), *event, "door-1");
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->upsertRegistrants({Person("REG-1", "Zoë", "Ł")}).ok());
    const auto scanAt = [&](const std::string& at, Direction direction) {
        ScanRequest r;
        r.payload = "REG-1";
        r.claim = accueil::scanner::ParsePlainId("REG-1");
        r.at = At(*event, at);
        r.direction = direction;
        return store->recordScan(r).value();
    };
    scanAt("2025-06-17T09:00:00", Direction::In);
    const ScanResult twice = scanAt("2025-06-17T09:30:00", Direction::In);
    EXPECT_TRUE(twice.decision.warn); // in twice without leaving: flagged
    scanAt("2025-06-17T12:00:00", Direction::Out);
    const ScanResult back = scanAt("2025-06-17T13:30:00", Direction::In);
    EXPECT_EQ(back.decision.outcome, Outcome::WelcomeBack);
    EXPECT_FALSE(back.decision.warn);
}

TEST_F(ExitStoreTest, AFullZoneRefusesTheNextEntryAndStaffCanOverride) {
    ASSERT_TRUE(m_store->setZone("plenary").ok());
    EXPECT_EQ(scan("REG-1", "2025-06-17T09:00:00", Direction::In).decision.outcome,
              Outcome::Admitted);
    EXPECT_EQ(scan("REG-2", "2025-06-17T09:01:00", Direction::In).decision.outcome,
              Outcome::Admitted);
    const ScanResult full = scan("REG-5", "2025-06-17T09:02:00", Direction::In);
    EXPECT_EQ(full.decision.outcome, Outcome::RoomFull);
    EXPECT_TRUE(full.eventUuid.empty());
    // Someone already inside is no extra person.
    EXPECT_EQ(scan("REG-1", "2025-06-17T09:10:00", Direction::In).decision.outcome,
              Outcome::WelcomeBack);
    auto manual =
        m_store->manualCheckIn("REG-5", "s1", "speaker", At(m_event, "2025-06-17T09:11:00"));
    ASSERT_TRUE(manual.ok()) << manual.error().message;
    EXPECT_EQ(inside("2025-06-17T09:12:00", "plenary"), 3);
    scan("REG-2", "2025-06-17T09:20:00", Direction::Out);
    scan("REG-5", "2025-06-17T09:21:00", Direction::Out);
    EXPECT_EQ(scan("REG-1", "2025-06-17T09:30:00", Direction::In).decision.outcome,
              Outcome::WelcomeBack);
    EXPECT_FALSE(m_store->setZone("garden").ok());
    EXPECT_EQ(m_store->zone(), "plenary");
}

TEST_F(ExitStoreTest, TheNightlyCheckoutClosesTheDayOnceHoweverOftenItRuns) {
    scan("REG-1", "2025-06-17T09:00:00", Direction::In);
    scan("REG-2", "2025-06-17T09:05:00", Direction::In);
    scan("REG-2", "2025-06-17T17:00:00", Direction::Out);
    // Before 22:00 nothing is closed.
    EXPECT_EQ(*RecordNightlyCheckout(*m_store, kDay, At(m_event, "2025-06-17T21:59:00")), 0);
    EXPECT_EQ(inside("2025-06-17T21:59:00"), 1);
    EXPECT_EQ(*RecordNightlyCheckout(*m_store, kDay, At(m_event, "2025-06-17T23:30:00")), 1);
    EXPECT_EQ(*RecordNightlyCheckout(*m_store, kDay, At(m_event, "2025-06-18T00:30:00")), 0);
    auto history = m_store->history("REG-1");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2U);
    const AttendanceEvent& closed = history->back();
    EXPECT_EQ(closed.kind, EventKind::CheckOut);
    EXPECT_EQ(closed.kioskId, kNightlyKioskId);
    EXPECT_EQ(closed.uuid, NightlyCheckoutUuid(kDay, "REG-1", "building"));
    EXPECT_EQ(closed.at, At(m_event, "2025-06-17T22:00:00"));
    EXPECT_EQ(inside("2025-06-17T22:00:00"), 0);
    EXPECT_EQ(m_store->history("REG-2")->size(), 2U); // left at 17:00: not checked out again
    auto outbox = m_store->outboxSize();
    ASSERT_TRUE(outbox.ok());
    EXPECT_EQ(*outbox, 3 + 3 + 1); // three scans (event + audit each) and the check-out
}

TEST(ZonesConfig, TheBuildingIsAlwaysThereAndADoorNamesAKnownZone) {
    TempDir dir;
    dir.write("event.toml", ZonedEventToml());
    dir.write("kiosk.toml", test::KioskToml() + "");
    auto plain = LoadEventConfig(dir.write("plain.toml", test::EventToml()));
    ASSERT_TRUE(plain.ok());
    ASSERT_EQ(plain->zones.size(), 1U);
    EXPECT_EQ(plain->zones.front().id, "building");
    EXPECT_EQ(plain->zones.front().displayName("fr"), "Bâtiment");
    EXPECT_FALSE(plain->checkoutMinutes);
    auto zoned = LoadEventConfig(dir.file("event.toml"));
    ASSERT_TRUE(zoned.ok());
    ASSERT_NE(zoned->zone("plenary"), nullptr);
    EXPECT_EQ(zoned->zone("plenary")->capacity, 2);
    EXPECT_EQ(zoned->zone("plenary")->displayName("fr"), "Salle plénière");
    EXPECT_EQ(zoned->checkoutMinutes, 22 * 60);

    const std::string kiosk = "[kiosk]\nid = \"door-1\"\ndatabase = \"k.db\"\n"
                              "event = \"event.toml\"\n";
    auto exitDoor = LoadKioskConfig(
        dir.write("exit.toml", kiosk + "zone = \"plenary\"\ndirection = \"out\"\n"));
    ASSERT_TRUE(exitDoor.ok()) << exitDoor.error().message;
    EXPECT_EQ(exitDoor->zone, "plenary");
    EXPECT_EQ(exitDoor->direction, DoorDirection::Out);
    auto unknown = LoadKioskConfig(dir.write("bad.toml", kiosk + "zone = \"garden\"\n"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("bad.toml"), std::string::npos);
    EXPECT_NE(unknown.error().message.find("kiosk.zone"), std::string::npos);
    EXPECT_NE(unknown.error().message.find("\"garden\""), std::string::npos);
    auto sideways = LoadKioskConfig(dir.write("side.toml", kiosk + "direction = \"sideways\"\n"));
    ASSERT_FALSE(sideways.ok());
    EXPECT_NE(sideways.error().message.find("kiosk.direction"), std::string::npos);
}

TEST(ZonesConfig, MistakesNameTheKeyAndTheFile) {
    TempDir dir;
    const auto error = [&](const std::string& line, const std::string& tables) {
        auto event = LoadEventConfig(dir.write("event.toml", EventTomlWith(line) + tables));
        return event.ok() ? std::string() : event.error().message;
    };
    for (const char* bad : {"checkout_time = \"25:00\"", "checkout_time = \"10pm\""}) {
        const std::string message = error(bad, "");
        EXPECT_NE(message.find("event.toml:"), std::string::npos) << message;
        EXPECT_NE(message.find("event.checkout_time"), std::string::npos) << message;
    }
    EXPECT_NE(error("", "[zones.Plenary]\n").find("zones.Plenary"), std::string::npos);
    EXPECT_NE(error("", "[zones.hall]\ncapacity = 0\n").find("zones.hall.capacity"),
              std::string::npos);
    EXPECT_NE(error("", "[zones.hall]\nseats = 3\n").find("zones.hall.seats"), std::string::npos);
    EXPECT_EQ(error("checkout_time = \"off\"", "[zones.hall]\n"), "");
}

} // namespace
