// SPDX-License-Identifier: Apache-2.0
// The background worker: syncs on its own thread and connection, reports its state, and stops
// promptly even while the central does not answer.

#include "LogCapture.h"
#include "SyncTestEnv.h"

#include <accueil/sync/SyncWorker.h>

#include <chrono>
#include <string>
#include <thread>

namespace accueil::sync::test {
namespace {

using namespace std::chrono_literals;

// Waits (bounded) until the worker has finished `rounds` rounds.
SyncStatus WaitRounds(SyncWorker& worker, int rounds) {
    return worker.waitForRounds(rounds, 20s);
}

TEST(SyncWorker, SyncsInTheBackgroundAndReportsState) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(30, event.calendar->days(), 3);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    const std::string token = central.addKiosk("door-1");

    // The kiosk's own connection records a scan; the worker has another one.
    auto kioskStore = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
    ASSERT_TRUE(kioskStore);
    ASSERT_TRUE(kioskStore->recordScan(PlainScan(people[0].id, At(event, "2025-06-17", 9, 0))));

    SyncOptions o;
    o.url = central.url();
    o.token = token;
    SyncWorker worker(WorkerOptions{dir.file("door-1.db"), event, "door-1", o, 60s, {}, 1, {}});
    worker.start();
    const SyncStatus s = WaitRounds(worker, 1);
    EXPECT_GE(s.rounds, 1);
    EXPECT_TRUE(s.online);
    EXPECT_TRUE(s.lastSuccess.has_value());
    EXPECT_FALSE(s.lastError.has_value());
    EXPECT_EQ(s.queueLength, 0);
    worker.stop();
    EXPECT_FALSE(worker.snapshot().running);
    EXPECT_EQ(*kioskStore->outboxSize(), 0);
    EXPECT_EQ(*kioskStore->registrantCount(), 30);
}

TEST(SyncWorker, ReportsOfflineAndStopsPromptly) {
    TempDir dir;
    const auto event = TestEvent();
    SyncOptions o;
    o.url = "http://127.0.0.1:1"; // nothing listens there
    o.token = "t";
    BackoffPolicy fast{std::chrono::milliseconds(1), std::chrono::milliseconds(2), 2.0, 0.5};
    SyncWorker worker(WorkerOptions{dir.file("door-1.db"), event, "door-1", o, 60s, fast, 1, {}});
    worker.start();
    const SyncStatus s = WaitRounds(worker, 2);
    EXPECT_GE(s.rounds, 2);
    EXPECT_FALSE(s.online);
    ASSERT_TRUE(s.lastError.has_value());
    EXPECT_EQ(s.lastError->kind, SyncErrorKind::Network);
    EXPECT_GE(s.consecutiveFailures, 1);
    const auto t0 = std::chrono::steady_clock::now();
    worker.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

// The journal is all an operator has at night: a failure says where, why and what waits; the
// recovery is said too. Said once when it starts, not at every retry.
TEST(SyncWorker, LogsWhatFailedWhereAndWhenItWorksAgain) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    LogCapture log;
    const auto people = core::GenerateDemoRegistrants(5, event.calendar->days(), 3);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    const std::string token = central.addKiosk("door-1");
    auto kioskStore = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
    ASSERT_TRUE(kioskStore);
    ASSERT_TRUE(kioskStore->recordScan(PlainScan(people[0].id, At(event, "2025-06-17", 9, 0))));

    SyncOptions o;
    o.url = central.url();
    o.token = token;
    BackoffPolicy fast{std::chrono::milliseconds(1), std::chrono::milliseconds(2), 2.0, 0.5};
    SyncWorker worker(WorkerOptions{dir.file("door-1.db"), event, "door-1", o, 60s, fast, 1, {}});
    central.restartAfter([&] {
        worker.start(); // the central is down: rounds fail, retried at once
        ASSERT_TRUE(log.waitFor("failed (network"));
        ASSERT_GE(WaitRounds(worker, 3).consecutiveFailures, 3);
    });
    ASSERT_TRUE(log.waitFor("works again after"));
    worker.stop();
    const std::string text = log.text();
    const std::string failed = "sync with " + central.url() + " failed (network): ";
    EXPECT_NE(text.find(failed), std::string::npos) << text;
    EXPECT_NE(text.find("— 1 entry waiting to be sent, 1 failed round in a row, next try in "),
              std::string::npos)
        << text;
    const std::string again = "sync with " + central.url() + " works again after ";
    const auto at = text.find(again);
    ASSERT_NE(at, std::string::npos) << text;
    // The same failure is said when it starts and every 20th round, not at every retry.
    const int rounds = std::stoi(text.substr(at + again.size()));
    int lines = 0;
    for (auto pos = text.find(failed); pos != std::string::npos; pos = text.find(failed, pos + 1)) {
        ++lines;
    }
    EXPECT_GE(rounds, 3);
    EXPECT_LE(lines, 1 + rounds / 20) << text;
    EXPECT_EQ(*kioskStore->outboxSize(), 0);
}

TEST(SyncWorker, StopWithoutStartAndTwiceIsHarmless) {
    TempDir dir;
    SyncWorker worker(WorkerOptions{dir.file("x.db"), TestEvent(), "x", {}, 1s, {}, 1, {}});
    worker.stop();
    worker.stop();
    EXPECT_FALSE(worker.snapshot().running);
}

} // namespace
} // namespace accueil::sync::test
