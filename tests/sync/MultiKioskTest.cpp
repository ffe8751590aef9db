// SPDX-License-Identifier: Apache-2.0
// Three kiosks and a central on loopback: the list reaches every door, check-ins are shared,
// welcome-back works across doors, cancellations and re-issued badges arrive.

#include "SyncTestEnv.h"

#include <accueil/core/Photo.h>
#include <accueil/core/Sqlite.h>
#include <accueil/core/SyncStore.h>
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/sync/Nightly.h>

namespace accueil::sync::test {
namespace {

using core::Outcome;

std::vector<core::Registrant> People(int n) {
    return core::GenerateDemoRegistrants(n, TestEvent().calendar->days(), 7);
}

void ExpectClean(const RoundReport& r) {
    EXPECT_FALSE(r.pushError) << r.pushError->message;
    EXPECT_FALSE(r.pullError) << r.pullError->message;
}

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
    const auto expected = AttendanceUuids(central.dbPath);
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
        RunNightly(k.client, k.store, NightlyOptions{dir.file("reports"), "2025-06-17"});
    EXPECT_FALSE(night.error) << night.error->message;
    EXPECT_TRUE(night.consistent());
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
