// SPDX-License-Identifier: Apache-2.0
// Three kiosks and a central on loopback: the list reaches every door, check-ins are shared,
// welcome-back works across doors, cancellations and re-issued badges arrive.

#include "LogCapture.h"
#include "SyncTestEnv.h"

#include <accueil/core/Occupancy.h>
#include <accueil/core/Photo.h>
#include <accueil/core/Sqlite.h>
#include <accueil/core/SyncStore.h>
#include <accueil/core/TodayStats.h>
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/sync/Nightly.h>

namespace accueil::sync::test {
namespace {

using core::Outcome;

// A central listing `listed`, and two doors that have each synced once.
struct TwoDoors {
    explicit TwoDoors(std::vector<core::Registrant> listed) : people(std::move(listed)) {
        EXPECT_TRUE(central.store->importRegistrants(people, {}));
        ExpectClean(a.sync());
        ExpectClean(b.sync());
    }
    TempDir dir;
    core::EventConfig event = TestEvent();
    std::vector<core::Registrant> people;
    Central central{dir, event};
    Kiosk a{dir, event, "door-a", central.url(), central.addKiosk("door-a")};
    Kiosk b{dir, event, "door-b", central.url(), central.addKiosk("door-b")};
};

// A small photo of one colour, as the central stores them.
std::string SolidPhoto(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    core::RgbImage image{120, 160, {}};
    for (int k = 0; k < image.width * image.height; ++k) {
        image.pixels.insert(image.pixels.end(), {r, g, b});
    }
    return *core::EncodeJpeg(image);
}

TEST(MultiKiosk, EveryKioskAgreesAfterSync) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = People(300);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));

    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (const char* id : {"door-1", "door-2", "door-3"}) {
        kiosks.push_back(
            std::make_unique<Kiosk>(dir, event, id, central.url(), central.addKiosk(id)));
        const RoundReport r = kiosks.back()->sync();
        ExpectClean(r);
        EXPECT_TRUE(r.fullRefresh);
        EXPECT_EQ(*kiosks.back()->store.registrantCount(), 300);
    }
    // Different people at each door, then everyone syncs twice (push, then pull the others).
    std::size_t recorded = 0;
    for (std::size_t k = 0; k < kiosks.size(); ++k) {
        for (std::size_t i = k; i < 60; i += 3) {
            auto r = kiosks[k]->store.recordScan(
                PlainScan(people[i].id, At(event, "2025-06-17", 9, static_cast<int>(i))));
            ASSERT_TRUE(r);
            recorded += r->eventUuid.empty() ? 0 : 1;
        }
    }
    ASSERT_GT(recorded, 40U);
    for (int round = 0; round < 2; ++round) {
        for (auto& k : kiosks) {
            ExpectClean(k->sync());
        }
    }
    const auto expected = central.attendanceUuids();
    EXPECT_EQ(expected.size(), recorded);
    for (auto& k : kiosks) {
        EXPECT_EQ(AttendanceUuids(k->dbPath), expected) << k->id;
        EXPECT_EQ(*k->store.outboxSize(), 0) << k->id;
    }
    // A round with nothing new changes nothing.
    const RoundReport idle = kiosks[0]->sync();
    ExpectClean(idle);
    EXPECT_EQ(idle.pushed + idle.pulledAttendance + idle.pulledRegistrants, 0);
}

TEST(MultiKiosk, WelcomeBackAcrossDoors) {
    TwoDoors doors(People(20));
    auto& [dir, event, people, central, a, b] = doors;

    auto first = a.store.recordScan(PlainScan(people[3].id, At(event, "2025-06-18", 8, 50)));
    ASSERT_TRUE(first);
    EXPECT_EQ(first->decision.outcome, Outcome::Admitted);
    ExpectClean(a.sync());
    ExpectClean(b.sync());

    auto second = b.store.recordScan(PlainScan(people[3].id, At(event, "2025-06-18", 14, 5)));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->decision.outcome, Outcome::WelcomeBack);
    ASSERT_TRUE(second->firstEntryToday);
    EXPECT_EQ(*second->firstEntryToday, At(event, "2025-06-18", 8, 50));
}

TEST(MultiKiosk, CancellationsReissuesAndHoldsReachKiosks) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    auto people = People(10);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    Kiosk k(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    ExpectClean(k.sync());

    people[0].status = core::RegistrantStatus::Cancelled;
    people[1].badgeVersion = 2;
    people[2].holdNote = "Please see the registration desk";
    ASSERT_TRUE(central.store->importRegistrants(people, {true, false, false}));
    const RoundReport r = k.sync();
    ExpectClean(r);
    EXPECT_FALSE(r.fullRefresh);
    EXPECT_EQ(r.pulledRegistrants, 3);

    auto cancelled = k.store.recordScan(PlainScan(people[0].id, At(event, "2025-06-17", 9, 0)));
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->decision.outcome, Outcome::Cancelled);
    EXPECT_EQ((*k.store.registrant(people[1].id))->badgeVersion, 2);
    auto held = k.store.recordScan(PlainScan(people[2].id, At(event, "2025-06-17", 9, 1)));
    ASSERT_TRUE(held);
    EXPECT_EQ(held->decision.outcome, Outcome::SeeDesk);
}

TEST(MultiKiosk, AHoldPlacedAtOneDoorReachesTheOthers) {
    TwoDoors doors(People(10));
    auto& [dir, event, people, central, a, b] = doors;

    ASSERT_TRUE(a.store.setHold(people[4].id, "Credentials to check", "staff-1",
                                At(event, "2025-06-17", 8, 0)));
    ExpectClean(a.sync());
    ExpectClean(b.sync());
    auto held = b.store.recordScan(PlainScan(people[4].id, At(event, "2025-06-17", 9, 0)));
    ASSERT_TRUE(held);
    EXPECT_EQ(held->decision.outcome, Outcome::SeeDesk);
    EXPECT_NE(held->decision.reason.find("Credentials to check"), std::string::npos);

    ASSERT_TRUE(b.store.setHold(people[4].id, "", "staff-2", At(event, "2025-06-17", 9, 5)));
    ExpectClean(b.sync());
    ExpectClean(a.sync());
    auto cleared = a.store.recordScan(PlainScan(people[4].id, At(event, "2025-06-17", 9, 10)));
    ASSERT_TRUE(cleared);
    EXPECT_EQ(cleared->decision.outcome, Outcome::Admitted);
}

// Door A admits a registrant with an attention note; door B's staff see it after B's next
// round, and the central's journal has one line at info without the name or the note.
TEST(MultiKiosk, AnAttentionAdmissionAtOneDoorIsListedAtTheOthers) {
    auto listed = People(10);
    listed[5].attention = "Minister: escort to room XX";
    TwoDoors doors(listed);
    LogCapture log; // after the central's start, which sets its own logger
    auto& [dir, event, people, central, a, b] = doors;
    ASSERT_EQ((*b.store.registrant(people[5].id))->attention, "Minister: escort to room XX");

    auto admitted = a.store.recordScan(PlainScan(people[5].id, At(event, "2025-06-17", 9, 30)));
    ASSERT_TRUE(admitted);
    EXPECT_EQ(admitted->decision.outcome, Outcome::Admitted);
    EXPECT_EQ(admitted->decision.attention, "Minister: escort to room XX");
    ASSERT_TRUE(a.store.recordScan(PlainScan(people[6].id, At(event, "2025-06-17", 9, 31))));
    EXPECT_TRUE(core::AttentionArrivals(b.store, "2025-06-17")->empty()); // not pulled yet

    ExpectClean(a.sync());
    ExpectClean(b.sync());
    const auto atB = core::AttentionArrivals(b.store, "2025-06-17");
    ASSERT_TRUE(atB) << atB.error().message;
    ASSERT_EQ(atB->size(), 1U); // people[6] has no note
    EXPECT_EQ((*atB)[0].kioskId, "door-a");
    EXPECT_EQ((*atB)[0].registrantId, people[5].id);
    EXPECT_EQ((*atB)[0].name, people[5].displayName());
    EXPECT_EQ((*atB)[0].note, "Minister: escort to room XX");
    EXPECT_EQ((*atB)[0].at, At(event, "2025-06-17", 9, 30));
    // Door A's own admission is not an alert for door A, nor is another day one.
    EXPECT_TRUE(core::AttentionArrivals(a.store, "2025-06-17")->empty());
    EXPECT_TRUE(core::AttentionArrivals(b.store, "2025-06-18")->empty());

    const std::string needle = "attention: " + people[5].id + " admitted at door-a";
    ASSERT_TRUE(log.waitFor(needle));
    const std::string text = log.text();
    const std::size_t start = text.rfind('\n', text.find(needle)) + 1;
    const std::string line = text.substr(start, text.find('\n', start) - start);
    EXPECT_NE(line.find("[info]"), std::string::npos) << line;
    EXPECT_EQ(line.find(people[5].familyName), std::string::npos) << line;
    EXPECT_EQ(line.find("Minister"), std::string::npos) << line;
}

// A lost badge re-issued at door A is refused at door B once both have synced, and a later
// import of the secretariat's list (still at version 1) does not make it valid again.
TEST(MultiKiosk, ABadgeReissuedAtOneDoorIsRefusedAtTheOthers) {
    TwoDoors doors(People(10));
    auto& [dir, event, people, central, a, b] = doors;

    const auto reissued =
        a.store.reissueBadge(people[6].id, "staff-1", At(event, "2025-06-17", 8, 0));
    ASSERT_TRUE(reissued) << reissued.error().message;
    EXPECT_EQ(reissued->badgeVersion, 2);
    ExpectClean(a.sync());
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    ExpectClean(b.sync());
    EXPECT_EQ((*b.store.registrant(people[6].id))->badgeVersion, 2);
    ExpectClean(a.sync());
    EXPECT_EQ((*a.store.registrant(people[6].id))->badgeVersion, 2);

    core::ScanRequest old = PlainScan(people[6].id, At(event, "2025-06-17", 9, 0));
    old.claim.badgeVersion = 1;
    auto refused = b.store.recordScan(old);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->decision.outcome, Outcome::Replaced);
    core::ScanRequest fresh = PlainScan(people[6].id, At(event, "2025-06-17", 9, 1));
    fresh.claim.badgeVersion = 2;
    auto admitted = b.store.recordScan(fresh);
    ASSERT_TRUE(admitted);
    EXPECT_EQ(admitted->decision.outcome, Outcome::Admitted);
}

TEST(MultiKiosk, WalkInsReachTheCentralFlaggedAndOtherKiosks) {
    TwoDoors doors(People(5));
    auto& [dir, event, people, central, a, b] = doors;

    core::Registrant walkIn;
    walkIn.givenName = "Ana";
    walkIn.familyName = "Walk-In";
    walkIn.delegation = "Observer";
    auto admitted =
        a.store.admitWalkIn(walkIn, "staff-1", "forgot badge", At(event, "2025-06-17", 10, 0));
    ASSERT_TRUE(admitted) << admitted.error().message;
    ExpectClean(a.sync());
    auto flagged = central.store->provisionalRegistrants();
    ASSERT_TRUE(flagged);
    ASSERT_EQ(flagged->size(), 1U);
    EXPECT_EQ((*flagged)[0].familyName, "Walk-In");

    ExpectClean(b.sync());
    auto there = b.store.registrant((*flagged)[0].id);
    ASSERT_TRUE(there && there->has_value());
    EXPECT_TRUE((*there)->provisional);
}

// A delegate registered after the last sync, admitted on their signed badge, reaches the central
// and the other doors: the badge travels with them and the central checks it itself. A badge
// altered in the kiosk's file (a hostile kiosk, or a damaged one) is refused there; the kiosk
// sets that event aside with the reason, and the rest goes through.
TEST(MultiKiosk, BadgeOnlyAdmissionsReachTheCentralOnlyWithABadgeThatVerifies) {
    TempDir dir;
    auto event = TestEvent();
    auto key = scanner::GenerateBadgeKey();
    ASSERT_TRUE(key);
    event.badges.publicKeys = {key->publicKey};
    Central central(dir, event);
    ASSERT_TRUE(central.store->importRegistrants(People(5), {}));
    Kiosk a(dir, event, "door-a", central.url(), central.addKiosk("door-a"));
    Kiosk b(dir, event, "door-b", central.url(), central.addKiosk("door-b"));
    ExpectClean(a.sync());
    auto reader = scanner::BadgeReader::create(core::BadgeReaderOptionsFor(event));
    ASSERT_TRUE(reader);
    const auto scanBadge = [&](const std::string& id, int minute) {
        scanner::BadgeData data;
        data.eventId = event.id;
        data.registrantId = id;
        data.givenName = "Late";
        data.familyName = "Registrant";
        core::ScanRequest r;
        r.payload = *scanner::IssueBadgeToken(key->secretKey, data);
        r.claim = reader->read(r.payload);
        r.at = At(event, "2025-06-17", 9, minute);
        r.method = core::Method::Camera;
        auto result = a.store.recordScan(r);
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_EQ(result->decision.outcome, Outcome::Admitted);
    };
    scanBadge("LATE-1", 0);
    scanBadge("LATE-2", 1);
    // LATE-2's badge altered in door-a's file: one character of its signature.
    {
        core::sql::Database db = core::sql::Database::Open(a.dbPath, false);
        db.exec("UPDATE provisional_badge SET payload = substr(payload, 1, length(payload) - 1) "
                "|| CASE WHEN substr(payload, -1) = 'A' THEN 'B' ELSE 'A' END "
                "WHERE registrant_id = 'LATE-2'");
    }
    a.sync();
    auto flagged = central.store->provisionalRegistrants();
    ASSERT_TRUE(flagged);
    ASSERT_EQ(flagged->size(), 1U);
    EXPECT_EQ((*flagged)[0].id, "LATE-1");
    auto aside = core::SetAsideEvents(a.store, 10);
    ASSERT_TRUE(aside);
    ASSERT_EQ(aside->size(), 1U);
    EXPECT_NE((*aside)[0].reason.find("LATE-2"), std::string::npos) << (*aside)[0].reason;
    EXPECT_NE((*aside)[0].reason.find("badge does not verify"), std::string::npos)
        << (*aside)[0].reason;
    ExpectClean(b.sync());
    auto there = b.store.registrant("LATE-1");
    ASSERT_TRUE(there && there->has_value());
    EXPECT_TRUE((*there)->provisional);
    auto notThere = b.store.registrant("LATE-2");
    ASSERT_TRUE(notThere);
    EXPECT_FALSE(notThere->has_value());
}

TEST(MultiKiosk, InterruptedFirstDownloadResumesAndSwapsWhole) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    ASSERT_TRUE(central.store->importRegistrants(People(250), {}));
    Kiosk k(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    // Stage two pages by hand, as a round killed half-way would have left them.
    SyncOptions small;
    small.url = central.url();
    small.token = central.addKiosk("door-1");
    small.pageSize = 100;
    SyncClient client(small);
    ASSERT_TRUE(core::BeginFullRefresh(k.store, false));
    auto page = client.getJson("/v1/registrants?since=0&limit=100");
    ASSERT_TRUE(page) << page.error().message;
    std::vector<core::Registrant> items;
    for (const auto& j : (*page)["items"]) {
        items.push_back(*RegistrantFromJson(j));
    }
    ASSERT_TRUE(core::StageRegistrantPage(k.store, items, 0, (*page)["next"].get<std::int64_t>()));
    // A second process that thinks it is at another point of the refresh is refused.
    EXPECT_FALSE(core::StageRegistrantPage(k.store, items, 0, 5));
    EXPECT_EQ(*k.store.registrantCount(), 0); // nothing visible before the swap

    const auto pulled = client.pullRegistrants(k.store);
    ASSERT_TRUE(pulled) << pulled.error().message;
    EXPECT_TRUE(pulled->fullRefresh);
    EXPECT_EQ(pulled->applied, 250);
    EXPECT_EQ(*k.store.registrantCount(), 250);
}

// A check-in the central refuses (here: of someone listed only at this kiosk) is set aside
// with the central's reason; the rest of the outbox goes through, then and later: one bad event
// never wedges a door's outbox.
TEST(MultiKiosk, AnEventTheCentralRefusesIsSetAsideAndTheRestGoesThrough) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = People(5);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    Kiosk k(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    ExpectClean(k.sync());
    core::Registrant local = people[0];
    local.id = "LOCAL-1"; // imported at this door only
    ASSERT_TRUE(k.store.upsertRegistrants({local}));
    ASSERT_TRUE(k.store.recordScan(PlainScan("LOCAL-1", At(event, "2025-06-17", 9, 0))));
    ASSERT_TRUE(k.store.recordScan(PlainScan(people[1].id, At(event, "2025-06-17", 9, 1))));

    const RoundReport first = k.sync();
    ExpectClean(first);
    EXPECT_EQ(first.setAside, 1);
    EXPECT_EQ(first.outboxLeft, 0);
    auto aside = core::SetAsideEvents(k.store, 10);
    ASSERT_TRUE(aside);
    ASSERT_EQ(aside->size(), 1U);
    EXPECT_NE((*aside)[0].reason.find("\"LOCAL-1\" is not on the central's list"),
              std::string::npos)
        << (*aside)[0].reason;
    // The central holds the good check-in, and both audit lines; not the refused one.
    auto held = central.store->counts("door-1");
    ASSERT_TRUE(held);
    EXPECT_EQ(held->kioskAttendance, 1);
    // Later rounds do not send it again.
    ASSERT_TRUE(k.store.recordScan(PlainScan(people[2].id, At(event, "2025-06-17", 9, 2))));
    const RoundReport second = k.sync();
    ExpectClean(second);
    EXPECT_EQ(second.setAside, 0);
    EXPECT_EQ(second.outboxLeft, 0);
    // The night job does not count it as missing at the central: it agrees at once.
    const NightlyResult night =
        RunNightly(k.client, k.store, NightlyOptions{dir.file("reports"), "2025-06-17", {}});
    EXPECT_FALSE(night.error) << night.error->message;
    EXPECT_TRUE(night.consistent());
}

// The central's log of `day`, every kiosk's events.
std::vector<core::AttendanceEvent> CentralDayLog(Central& central, const std::string& day) {
    std::vector<core::AttendanceEvent> log;
    auto page = central.store->attendanceSince(CursorCheck{}, 10000, "");
    EXPECT_TRUE(page);
    if (page) {
        std::copy_if(page->items.begin(), page->items.end(), std::back_inserter(log),
                     [&day](const core::AttendanceEvent& e) { return e.day == day; });
    }
    return log;
}

// An entrance and an exit door; the exit is offline for the morning, its exits reach the
// central and the entrance after later entries did: inside now is counted by scan time
// everywhere, and the night job closes the day once, whichever door runs it.
TEST(MultiKiosk, ExitsAcrossTwoDoorsAndAnOfflinePeriod) {
    TempDir dir;
    core::EventConfig event = TestEvent();
    event.checkoutMinutes = 22 * 60;
    const auto people = People(10);
    Central central(dir, event);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    Kiosk entrance(dir, event, "door-in", central.url(), central.addKiosk("door-in"));
    Kiosk exit(dir, event, "door-out", central.url(), central.addKiosk("door-out"));
    ExpectClean(entrance.sync());
    ExpectClean(exit.sync());
    const std::string day = "2025-06-17";
    const auto scan = [&](Kiosk& k, int person, int hour, int minute, core::Direction d) {
        core::ScanRequest r =
            PlainScan(people[static_cast<std::size_t>(person)].id, At(event, day, hour, minute));
        r.direction = d;
        auto result = k.store.recordScan(r);
        EXPECT_TRUE(result) << result.error().message;
        return result ? result->decision.outcome : Outcome::Unreadable;
    };
    // Who is inside the building, as each holds the log: a kiosk, or the central.
    const auto insideAtKiosk = [&](Kiosk& k, int hour, int minute) {
        auto counted = core::ComputeInsideNow(k.store, day, At(event, day, hour, minute));
        EXPECT_TRUE(counted);
        return counted ? counted->zones.at("building") : -1;
    };
    const auto insideAtCentral = [&](int hour, int minute) {
        return core::InsideNow(CentralDayLog(central, day), At(event, day, hour, minute),
                               event.zones, core::CheckoutAt(event, day))
            .zones.at("building");
    };

    EXPECT_EQ(scan(entrance, 0, 9, 0, core::Direction::In), Outcome::Admitted);
    EXPECT_EQ(scan(entrance, 1, 9, 5, core::Direction::In), Outcome::Admitted);
    EXPECT_EQ(scan(entrance, 2, 9, 10, core::Direction::In), Outcome::Admitted);
    ExpectClean(entrance.sync());
    // The exit door, offline: its exits stay in its outbox.
    EXPECT_EQ(scan(exit, 0, 10, 0, core::Direction::Out), Outcome::Goodbye);
    EXPECT_EQ(scan(exit, 1, 10, 30, core::Direction::Out), Outcome::Goodbye);
    EXPECT_EQ(scan(entrance, 0, 11, 0, core::Direction::In), Outcome::WelcomeBack);
    ExpectClean(entrance.sync());
    EXPECT_EQ(insideAtCentral(10, 45), 3);  // the exits have not arrived
    EXPECT_EQ(*exit.store.outboxSize(), 4); // two events, two audit lines

    // Back online: the exits arrive after the 11:00 entry, and count before it.
    ExpectClean(exit.sync());
    ExpectClean(entrance.sync());
    for (const auto& [hour, minute, want] : {std::tuple{9, 30, 3}, std::tuple{10, 15, 2},
                                             std::tuple{10, 45, 1}, std::tuple{11, 30, 2}}) {
        EXPECT_EQ(insideAtCentral(hour, minute), want) << hour << ":" << minute;
        EXPECT_EQ(insideAtKiosk(entrance, hour, minute), want) << hour << ":" << minute;
        EXPECT_EQ(insideAtKiosk(exit, hour, minute), want) << hour << ":" << minute;
    }

    // The night job at both doors: the two still inside are checked out at 22:00, once.
    const core::UtcMillis night = At(event, day, 23, 30);
    for (Kiosk* k : {&exit, &entrance, &exit}) {
        const NightlyResult result =
            RunNightly(k->client, k->store, NightlyOptions{dir.file("reports"), day, night});
        EXPECT_FALSE(result.error) << result.error->message;
        EXPECT_TRUE(result.consistent()) << k->id;
    }
    ExpectClean(entrance.sync());
    int nightly = 0;
    for (const auto& e : CentralDayLog(central, day)) {
        if (e.kioskId == core::kNightlyKioskId) {
            ++nightly;
            EXPECT_EQ(e.uuid, core::NightlyCheckoutUuid(day, e.registrantId, e.zone));
            EXPECT_EQ(e.at, At(event, day, 22, 0));
        }
    }
    EXPECT_EQ(nightly, 2);
    EXPECT_EQ(insideAtCentral(21, 59), 2);
    EXPECT_EQ(insideAtCentral(22, 0), 0);
    EXPECT_EQ(AttendanceUuids(entrance.dbPath), central.attendanceUuids());
    EXPECT_EQ(AttendanceUuids(exit.dbPath), central.attendanceUuids());
}

// A photo set at the central reaches the doors by delta after the list; a changed one replaces
// it, and a removed one disappears. A door that missed several changes takes only the last.
TEST(MultiKiosk, APhotoReachesKiosksByDeltaAndIsReplacedAndRemoved) {
    TwoDoors doors(People(20));
    const std::string id = doors.people[3].id;
    const std::string first = SolidPhoto(200, 30, 30);
    const std::string second = SolidPhoto(30, 30, 200);
    ASSERT_TRUE(doors.central.store->importPhotos({core::Photo{id, first}}));
    RoundReport r = doors.a.sync();
    ExpectClean(r);
    EXPECT_EQ(r.pulledPhotos, 1);
    EXPECT_EQ(**core::LoadPhoto(doors.a.store, id), first);
    EXPECT_EQ(*core::PhotoCount(doors.a.store), 1);
    EXPECT_EQ(doors.a.sync().pulledPhotos, 0); // nothing new: nothing applied again

    auto replaced = doors.central.store->importPhotos({core::Photo{id, second}});
    ASSERT_TRUE(replaced) << replaced.error().message;
    EXPECT_EQ(replaced->replaced, 1);
    ExpectClean(doors.a.sync());
    EXPECT_EQ(**core::LoadPhoto(doors.a.store, id), second);
    r = doors.b.sync();
    ExpectClean(r);
    EXPECT_EQ(r.pulledPhotos, 1);
    EXPECT_EQ(**core::LoadPhoto(doors.b.store, id), second);

    ASSERT_TRUE(*doors.central.store->removePhoto(id));
    for (Kiosk* k : {&doors.a, &doors.b}) {
        ExpectClean(k->sync());
        EXPECT_FALSE(*core::LoadPhoto(k->store, id)) << k->id;
        EXPECT_EQ(*core::PhotoCount(k->store), 0) << k->id;
    }
    // The list itself came through untouched by the photos' stream.
    EXPECT_EQ(*doors.a.store.registrantCount(), 20);
}

} // namespace
} // namespace accueil::sync::test
