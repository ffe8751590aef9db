// SPDX-License-Identifier: Apache-2.0
// What the central knows of each door: the headers a kiosk sends, read back; the alerts on
// hand-made histories; then a real kiosk's rounds against a real central on loopback.

#include "SyncTestEnv.h"

#include <accueil/core/EventCalendar.h>
#include <accueil/sync/DoorStates.h>

#include <gtest/gtest.h>

namespace accueil::sync::test {
namespace {

constexpr core::UtcMillis kStart = 1'750'000'000'000;

KioskRecord Registered(const std::string& id) {
    return KioskRecord{id, kStart - 1000, std::nullopt};
}

TEST(DoorReport, TheLastErrorSurvivesTheHeaderWhateverItSays) {
    const std::string message = "network: Couldn't connect — 100% refused\r\nX-Evil: 1";
    const std::string header = EncodeLastError(kStart, message);
    for (const char c : header) {
        EXPECT_TRUE(c >= 0x20 && c < 0x7F) << "a header carries printable ASCII only";
    }
    const DoorReport back = ParseDoorReport("", "", header);
    ASSERT_TRUE(back.lastErrorAt);
    EXPECT_EQ(*back.lastErrorAt, kStart);
    EXPECT_EQ(back.lastError, message);
}

TEST(DoorReport, ALongErrorIsCutBetweenCharacters) {
    std::string message;
    while (message.size() < kMaxErrorBytes + 10) {
        message += "é"; // two bytes each: the limit falls inside one of them
    }
    message = "x" + message;
    const DoorReport back = ParseDoorReport("", "", EncodeLastError(kStart, message));
    ASSERT_TRUE(back.lastErrorAt);
    EXPECT_LE(back.lastError.size(), kMaxErrorBytes);
    EXPECT_EQ(back.lastError.size() % 2, 1U) << "'x' and whole two-byte characters only";
    EXPECT_EQ(message.rfind(back.lastError, 0), 0U);
}

TEST(DoorReport, WhatIsMalformedIsLeftOut) {
    const DoorReport bad =
        ParseDoorReport(std::string(kMaxVersionBytes + 1, '1'), "-3", "yesterday broken");
    EXPECT_EQ(bad.version, "");
    EXPECT_FALSE(bad.queue);
    EXPECT_FALSE(bad.lastErrorAt);
    EXPECT_FALSE(ParseDoorReport("", "12x", "").queue);
    EXPECT_FALSE(ParseDoorReport("", "", "17 50%").lastErrorAt) << "a cut escape";
    EXPECT_EQ(ParseDoorReport("<b>\x01", "", "").version, "") << "control characters";

    const DoorReport good = ParseDoorReport("0.9.0", "12", "");
    EXPECT_EQ(good.version, "0.9.0");
    ASSERT_TRUE(good.queue);
    EXPECT_EQ(*good.queue, 12);
}

TEST(DoorAlerts, ADoorSilentForTwoMinutesAndOneNeverHeardFrom) {
    DoorStates states(kStart);
    states.heard("door-1", kStart + 10'000, "192.0.2.1", {});
    states.heard("door-2", kStart + 100'000, "192.0.2.2", {});
    const std::vector<KioskRecord> kiosks{Registered("door-1"), Registered("door-2"),
                                          Registered("door-3")};

    // One minute after the start: door-3 has not been heard from, but nobody could be silent
    // for two minutes yet.
    EXPECT_TRUE(DoorAlerts(kiosks, states.all(), kStart, kStart + 60'000).empty());

    const auto alerts = DoorAlerts(kiosks, states.all(), kStart, kStart + 130'000);
    ASSERT_EQ(alerts.size(), 2U);
    EXPECT_EQ(alerts[0].kioskId, "door-1");
    EXPECT_EQ(alerts[0].kind, DoorAlert::Kind::Silent);
    EXPECT_EQ(alerts[0].value, kStart + 10'000) << "since its last request";
    EXPECT_EQ(alerts[1].kioskId, "door-3");
    EXPECT_EQ(alerts[1].value, kStart) << "since the central started";
}

TEST(DoorAlerts, ARevokedDoorIsNoAlert) {
    KioskRecord revoked = Registered("door-9");
    revoked.revokedAt = kStart;
    EXPECT_TRUE(DoorAlerts({revoked}, {}, kStart, kStart + 600'000).empty());
}

TEST(DoorAlerts, AQueueThatNeverDrainsIsGrowingABusyOneIsNot) {
    DoorStates states(kStart);
    DoorReport report;
    // door-1 is busy: its queue goes up and down between rounds. door-2's never drains.
    const std::vector<std::int64_t> busy{4, 9, 2, 7, 11};
    const std::vector<std::int64_t> stuck{4, 9, 15, 22, 30};
    for (std::size_t i = 0; i < busy.size(); ++i) {
        const core::UtcMillis at = kStart + static_cast<core::UtcMillis>(i) * 5000;
        report.queue = busy[i];
        states.heard("door-1", at, "192.0.2.1", report);
        report.queue = stuck[i];
        states.heard("door-2", at, "192.0.2.2", report);
    }
    const auto alerts = DoorAlerts({Registered("door-1"), Registered("door-2")}, states.all(),
                                   kStart, kStart + 25'000);
    ASSERT_EQ(alerts.size(), 1U);
    EXPECT_EQ(alerts[0].kioskId, "door-2");
    EXPECT_EQ(alerts[0].kind, DoorAlert::Kind::QueueGrowing);
    EXPECT_EQ(alerts[0].value, 30);
}

// A round is several requests, each saying the queue as the round began: the growth is seen
// from round to round all the same; a queue that stays where it is does not grow.
TEST(DoorAlerts, AQueueIsSeenRoundByRoundNotRequestByRequest) {
    DoorStates states(kStart);
    DoorReport report;
    const std::vector<std::int64_t> stuck{4, 9, 15, 22};
    for (std::size_t round = 0; round < stuck.size(); ++round) {
        report.queue = stuck[round];
        for (core::UtcMillis request = 0; request < 6; ++request) {
            const auto at = kStart + static_cast<core::UtcMillis>(round) * 5000 + request * 20;
            states.heard("door-1", at, "192.0.2.1", report);
            // door-2's queue stays at 40 round after round: stuck, not growing.
            states.heard("door-2", at, "192.0.2.2", DoorReport{"", 40, std::nullopt, ""});
        }
    }
    const auto alerts = DoorAlerts({Registered("door-1"), Registered("door-2")}, states.all(),
                                   kStart, kStart + 20'000);
    ASSERT_EQ(alerts.size(), 1U);
    EXPECT_EQ(alerts[0].kioskId, "door-1");
    EXPECT_EQ(alerts[0].kind, DoorAlert::Kind::QueueGrowing);
}

TEST(DoorAlerts, ARecentFailedRoundIsFailingAnOldOneIsNot) {
    DoorStates states(kStart);
    DoorReport report;
    report.lastErrorAt = kStart + 1000;
    report.lastError = "server: 503";
    states.heard("door-1", kStart + 5000, "192.0.2.1", report);
    const auto now = DoorAlerts({Registered("door-1")}, states.all(), kStart, kStart + 6000);
    ASSERT_EQ(now.size(), 1U);
    EXPECT_EQ(now[0].kind, DoorAlert::Kind::Failing);
    states.heard("door-1", kStart + 200'000, "192.0.2.1", report);
    EXPECT_TRUE(DoorAlerts({Registered("door-1")}, states.all(), kStart, kStart + 200'000).empty());
}

// What an instance writes for the others: each door heard since the last write, once; a door
// whose write failed goes again with the next.
TEST(DoorStates, EachDoorHeardIsTakenOnceAndAgainAfterAFailedWrite) {
    DoorStates states(kStart);
    states.heard("door-1", kStart + 1000, "192.0.2.1", {});
    states.heard("door-2", kStart + 1500, "192.0.2.2", {});
    states.heard("door-1", kStart + 2000, "192.0.2.1", {});
    auto changed = states.takeChanged();
    ASSERT_EQ(changed.size(), 2U);
    EXPECT_EQ(changed[0].kioskId, "door-1");
    EXPECT_EQ(changed[0].lastSeen, kStart + 2000) << "as it stands now";
    EXPECT_TRUE(states.takeChanged().empty()) << "nothing heard since";
    states.markChanged({changed[1]});
    changed = states.takeChanged();
    ASSERT_EQ(changed.size(), 1U);
    EXPECT_EQ(changed[0].kioskId, "door-2");
}

// The dashboard of one instance: its own doors and the others', each as heard last.
TEST(DoorStates, MergedDoorsKeepWhatWasHeardLast) {
    DoorState mineOld{"door-1", kStart + 1000, "192.0.2.1", {}, {}};
    DoorState mineNew{"door-2", kStart + 5000, "192.0.2.2", {}, {}};
    DoorState sharedNew{"door-1", kStart + 3000, "198.51.100.1", {}, {}};
    DoorState sharedOld{"door-2", kStart + 4000, "198.51.100.2", {}, {}};
    DoorState sharedOnly{"door-3", kStart + 2000, "198.51.100.3", {}, {}};
    const auto doors = MergeDoors({mineOld, mineNew}, {sharedNew, sharedOld, sharedOnly});
    ASSERT_EQ(doors.size(), 3U);
    EXPECT_EQ(doors[0].address, "198.51.100.1") << "heard later through the other instance";
    EXPECT_EQ(doors[1].address, "192.0.2.2") << "heard later here";
    EXPECT_EQ(doors[2].address, "198.51.100.3") << "heard only there";
}

TEST(DoorStates, ASharedDoorReadsBackAsItWasWritten) {
    DoorState door{"door-1", kStart + 9000, "192.0.2.1", {}, {}};
    door.report = DoorReport{"0.9.0", 4, kStart + 8000, "network: refused"};
    door.queueSamples = {{kStart + 1000, 2}, {kStart + 5000, 3}, {kStart + 9000, 4}};
    const auto back = ParseDoorStateJson("door-1", DoorStateJson(door));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->kioskId, "door-1");
    EXPECT_EQ(back->lastSeen, door.lastSeen);
    EXPECT_EQ(back->address, door.address);
    EXPECT_EQ(back->report.version, "0.9.0");
    EXPECT_EQ(back->report.queue, std::optional<std::int64_t>(4));
    EXPECT_EQ(back->report.lastErrorAt, door.report.lastErrorAt);
    EXPECT_EQ(back->report.lastError, "network: refused");
    EXPECT_EQ(back->queueSamples, door.queueSamples);

    const auto quiet = ParseDoorStateJson("door-2", DoorStateJson({"door-2", kStart, "", {}, {}}));
    ASSERT_TRUE(quiet);
    EXPECT_FALSE(quiet->report.queue);
    EXPECT_FALSE(quiet->report.lastErrorAt);

    for (const char* bad :
         {"", "[]", R"({"queue_samples": []})", R"({"last_seen": 1, "queue_samples": [[1]]})"}) {
        const auto read = ParseDoorStateJson("door-9", bad);
        ASSERT_FALSE(read) << bad;
        EXPECT_NE(read.error().message.find("door-9"), std::string::npos) << read.error().message;
    }
}

// A real kiosk tells the real central its version and queue; after a round that failed (the
// central was down), it says what failed.
TEST(DoorStates, AKioskSaysItsVersionQueueAndLastFailure) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = People(20);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    Kiosk kiosk(dir, event, "door-1", central.url(), central.addKiosk("door-1"), 2000);
    ExpectClean(kiosk.sync());
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(kiosk.store.recordScan(
            PlainScan(people[static_cast<std::size_t>(i)].id, At(event, "2025-06-17", 9, i))));
    }
    const auto waiting = kiosk.store.outboxSize();
    ASSERT_TRUE(waiting);
    ASSERT_GE(*waiting, 3) << "the three scans at least";
    ExpectClean(kiosk.sync());

    auto doors = central.server->doors().all();
    ASSERT_EQ(doors.size(), 1U);
    EXPECT_EQ(doors[0].kioskId, "door-1");
    EXPECT_EQ(doors[0].report.version, ACCUEIL_VERSION);
    ASSERT_TRUE(doors[0].report.queue);
    EXPECT_EQ(*doors[0].report.queue, *waiting) << "the queue as the round began";
    EXPECT_EQ(doors[0].address, "127.0.0.1");
    EXPECT_FALSE(doors[0].report.lastErrorAt);

    const core::UtcMillis before = core::NowUtcMillis();
    central.restartAfter([&] { EXPECT_NE(kiosk.sync().worstError(), nullptr); });
    ExpectClean(kiosk.sync());
    doors = central.server->doors().all();
    ASSERT_EQ(doors.size(), 1U);
    ASSERT_TRUE(doors[0].report.lastErrorAt);
    EXPECT_GE(*doors[0].report.lastErrorAt, before);
    EXPECT_EQ(doors[0].report.lastError.rfind("network: ", 0), 0U) << doors[0].report.lastError;
    EXPECT_EQ(*doors[0].report.queue, 0);
}

} // namespace
} // namespace accueil::sync::test
