// SPDX-License-Identifier: Apache-2.0
// Group commit at the SQLite central: pushes queued while the writer is busy share one
// transaction, each answered with its own counts; a push that fails is rolled back alone; and a
// central killed -9 while several kiosks push loses nothing once they push again.

#include "AccueilProcess.h"
#include "SyncTestEnv.h"

#include <accueil/core/Sqlite.h>
#include <accueil/core/Text.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <future>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace accueil::sync::test {
namespace {

using namespace std::chrono_literals;

core::AttendanceEvent Event(const core::EventConfig& event, const std::string& registrantId,
                            const std::string& kioskId, int minute) {
    core::AttendanceEvent e;
    e.uuid = core::NewUuid();
    e.registrantId = registrantId;
    e.day = "2025-06-17";
    e.kioskId = kioskId;
    e.at = At(event, "2025-06-17", 9, minute);
    return e;
}

PushCommitStats Stats(CentralStore& store) {
    auto stats = SqlitePushCommitStats(store);
    EXPECT_TRUE(stats.has_value());
    return stats.value_or(PushCommitStats{});
}

int Count(const std::string& dbPath, const std::string& sqlText) {
    return static_cast<int>(core::sql::Database::Open(dbPath, false).scalar(sqlText));
}

// Another writer holding the central's writer connection (a plan that waits for release()),
// so pushes arriving meanwhile queue for one group.
class HeldWriter {
public:
    explicit HeldWriter(CentralStore& store) {
        auto held = m_holding.get_future();
        m_thread = std::thread([this, &store] {
            auto written = store.applyPlan(
                [&](const std::vector<core::Registrant>&) -> core::Result<RegistrantBatches> {
                    m_holding.set_value();
                    m_release.get_future().wait();
                    return RegistrantBatches{};
                },
                {});
            m_ok = written.ok();
        });
        held.wait();
    }
    HeldWriter(const HeldWriter&) = delete;
    HeldWriter& operator=(const HeldWriter&) = delete;
    ~HeldWriter() { release(); }
    // Lets the writer go and waits for it; whether its transaction went through.
    bool release() {
        if (m_thread.joinable()) {
            m_release.set_value();
            m_thread.join();
        }
        return m_ok;
    }

private:
    std::promise<void> m_holding;
    std::promise<void> m_release;
    std::thread m_thread;
    bool m_ok = false;
};

// Polls until `n` pushes wait in the queue (bounded); false when they never did.
bool WaitForQueued(CentralStore& store, int n) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (Stats(store).waiting == n) {
            return true;
        }
        std::this_thread::sleep_for(1ms);
    }
    return false;
}

struct GroupCommitStore : ::testing::Test {
    TempDir dir;
    core::EventConfig event = TestEvent();
    std::string dbPath = dir.file("central.db");
    std::unique_ptr<CentralStore> store = OpenSqliteCentralStore(dbPath, event, true).value();
    std::vector<core::Registrant> people = People(40);

    void SetUp() override { ASSERT_TRUE(store->importRegistrants(people, {})); }

    PushBatch Batch(const std::string& kioskId, int events, int first) const {
        PushBatch b;
        b.kioskId = kioskId;
        for (int i = 0; i < events; ++i) {
            b.attendance.push_back(Event(
                event, people[static_cast<std::size_t>(first + i) % people.size()].id, kioskId, i));
        }
        return b;
    }
};

TEST_F(GroupCommitStore, PushesQueuedBehindAWriterShareOneCommitWithTheirOwnCounts) {
    // A lone push commits at once, in a group of its own.
    ASSERT_TRUE(store->storeBatch(Batch("door-0", 2, 0)));
    PushCommitStats before = Stats(*store);
    EXPECT_EQ(before.commits, 1);
    EXPECT_EQ(before.pushes, 1);

    constexpr int kPushes = 12;
    std::vector<PushBatch> batches;
    batches.reserve(kPushes + 1);
    for (int i = 0; i < kPushes; ++i) {
        batches.push_back(Batch("door-" + std::to_string(i + 1), 5, i * 3));
    }
    batches[3].audit.push_back(core::AuditEntry{});
    batches[3].audit.back().uuid = core::NewUuid();
    batches[3].audit.back().kioskId = batches[3].kioskId;
    batches[3].audit.back().action = "attention_admitted";
    batches[3].audit.back().registrantId = people[1].id;
    batches.push_back(batches[5]); // a retrying kiosk's same request, in the same group

    std::vector<core::Result<PushOutcome>> outcomes(batches.size(), PushOutcome{});
    {
        HeldWriter writer(*store);
        std::vector<std::thread> pushers;
        for (std::size_t i = 0; i < batches.size(); ++i) {
            pushers.emplace_back([&, i] { outcomes[i] = store->storeBatch(batches[i]); });
        }
        ASSERT_TRUE(WaitForQueued(*store, static_cast<int>(batches.size())));
        EXPECT_EQ(Stats(*store).commits, before.commits); // nothing committed while held
        EXPECT_TRUE(writer.release());
        for (auto& t : pushers) {
            t.join();
        }
    }
    const PushCommitStats after = Stats(*store);
    EXPECT_EQ(after.commits - before.commits, 1);
    EXPECT_EQ(after.pushes - before.pushes, static_cast<std::int64_t>(batches.size()));
    EXPECT_EQ(after.waiting, 0);

    int stored = 0;
    for (std::size_t i = 0; i < kPushes; ++i) {
        ASSERT_TRUE(outcomes[i]) << outcomes[i].error().message;
        if (i != 5) {
            EXPECT_EQ(outcomes[i]->stored, i == 3 ? 6 : 5) << i;
            EXPECT_EQ(outcomes[i]->duplicates, 0) << i;
        }
        stored += outcomes[i]->stored;
    }
    EXPECT_EQ(outcomes[3]->attentionAdmitted.size(), 1U);
    EXPECT_TRUE(outcomes[0]->attentionAdmitted.empty());
    // The two identical pushes: whichever went first stored the events, the other found them.
    ASSERT_TRUE(outcomes[kPushes]);
    const PushOutcome& a = *outcomes[5];
    const PushOutcome& b = *outcomes[kPushes];
    EXPECT_EQ(std::set({a.stored, b.stored}), std::set({0, 5}));
    EXPECT_EQ(a.stored + a.duplicates, 5);
    EXPECT_EQ(b.stored + b.duplicates, 5);
    stored += b.stored;
    EXPECT_EQ(stored, kPushes * 5 + 1);
    EXPECT_EQ(Count(dbPath, "SELECT count(*) FROM attendance"), 2 + kPushes * 5);
    EXPECT_EQ(Count(dbPath, "SELECT count(DISTINCT uuid) FROM attendance"), 2 + kPushes * 5);
}

TEST_F(GroupCommitStore, AFailingPushInAGroupIsRolledBackAloneWithItsOwnError) {
    // A real failure inside SQLite: a trigger that refuses one registrant's events.
    core::sql::Database::Open(dbPath, false)
        .exec("CREATE TRIGGER refuse_poison BEFORE INSERT ON attendance "
              "WHEN NEW.registrant_id = 'POISON' BEGIN SELECT RAISE(ABORT, 'poison refused'); END");
    PushBatch good1 = Batch("door-1", 4, 0);
    PushBatch good2 = Batch("door-2", 4, 10);
    PushBatch bad = Batch("door-3", 3, 20);
    core::Registrant walkIn;
    walkIn.id = "WALKIN-1";
    walkIn.givenName = "Walk";
    walkIn.familyName = "In";
    bad.provisional.push_back(walkIn);
    bad.attendance.push_back(Event(event, "POISON", "door-3", 30));
    const std::array<const PushBatch*, 3> order{&good1, &bad, &good2};

    const PushCommitStats before = Stats(*store);
    std::vector<core::Result<PushOutcome>> outcomes(3, PushOutcome{});
    {
        HeldWriter writer(*store);
        std::vector<std::thread> pushers;
        for (std::size_t i = 0; i < 3; ++i) {
            pushers.emplace_back([&, i] { outcomes[i] = store->storeBatch(*order[i]); });
        }
        ASSERT_TRUE(WaitForQueued(*store, 3));
        EXPECT_TRUE(writer.release());
        for (auto& t : pushers) {
            t.join();
        }
    }
    EXPECT_EQ(Stats(*store).commits - before.commits, 1);
    ASSERT_TRUE(outcomes[0]);
    ASSERT_TRUE(outcomes[2]);
    EXPECT_EQ(outcomes[0]->stored, 4);
    EXPECT_EQ(outcomes[2]->stored, 4);
    ASSERT_FALSE(outcomes[1]);
    EXPECT_EQ(outcomes[1].error().kind, core::ErrorKind::Storage);
    EXPECT_NE(outcomes[1].error().message.find("poison refused"), std::string::npos)
        << outcomes[1].error().message;
    // Nothing of the failed push stayed: not its good events, not its walk-in.
    EXPECT_EQ(Count(dbPath, "SELECT count(*) FROM attendance WHERE kiosk_id = 'door-3'"), 0);
    EXPECT_EQ(Count(dbPath, "SELECT count(*) FROM registrant WHERE id = 'WALKIN-1'"), 0);
    EXPECT_EQ(Count(dbPath, "SELECT count(*) FROM attendance"), 8);

    // The kiosk sends it again without the refused event: all of it is stored then.
    bad.attendance.pop_back();
    auto again = store->storeBatch(bad);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->stored, 3);
    EXPECT_EQ(Count(dbPath, "SELECT count(*) FROM registrant WHERE id = 'WALKIN-1' AND "
                            "provisional = 1"),
              1);
}

// Kiosks pushing through the real server while the writer is held: every push is answered
// after one shared commit, and the central holds each kiosk's events once.
TEST(GroupCommit, KiosksPushingAtOnceThroughTheServerShareOneCommit) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = People(60);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (int i = 0; i < 8; ++i) {
        const std::string id = "door-" + std::to_string(i);
        kiosks.push_back(
            std::make_unique<Kiosk>(dir, event, id, central.url(), central.addKiosk(id)));
        ExpectClean(kiosks.back()->sync());
        for (int s = 0; s < 4; ++s) {
            ASSERT_TRUE(kiosks.back()->store.recordScan(PlainScan(
                people[static_cast<std::size_t>(i * 4 + s)].id, At(event, "2025-06-17", 9, s))));
        }
    }
    std::vector<int> queued;
    for (auto& k : kiosks) {
        queued.push_back(*k->store.outboxSize());
        ASSERT_GE(queued.back(), 4); // each scan's event and audit line
    }
    const PushCommitStats before = Stats(*central.store);
    std::vector<std::optional<SyncResult<int>>> pushed(kiosks.size());
    {
        HeldWriter writer(*central.store);
        std::vector<std::thread> pushers;
        for (std::size_t i = 0; i < kiosks.size(); ++i) {
            pushers.emplace_back([&, i] { pushed[i] = kiosks[i]->client.push(kiosks[i]->store); });
        }
        ASSERT_TRUE(WaitForQueued(*central.store, static_cast<int>(kiosks.size())));
        EXPECT_TRUE(writer.release());
        for (auto& t : pushers) {
            t.join();
        }
    }
    EXPECT_EQ(Stats(*central.store).commits - before.commits, 1);
    std::set<std::string> unionOfKiosks;
    std::size_t sumOwn = 0;
    for (std::size_t i = 0; i < kiosks.size(); ++i) {
        ASSERT_TRUE(pushed[i].has_value() && pushed[i]->ok()) << kiosks[i]->id;
        EXPECT_EQ(**pushed[i], queued[i]) << kiosks[i]->id;
        EXPECT_EQ(*kiosks[i]->store.outboxSize(), 0) << kiosks[i]->id;
        const auto own = AttendanceUuids(kiosks[i]->dbPath);
        unionOfKiosks.insert(own.begin(), own.end());
        sumOwn += own.size();
    }
    EXPECT_EQ(sumOwn, unionOfKiosks.size());
    EXPECT_GE(unionOfKiosks.size(), kiosks.size() * 3); // a few people are not on that day
    EXPECT_EQ(AttendanceUuids(central.dbPath),
              std::vector<std::string>(unionOfKiosks.begin(), unionOfKiosks.end()));
}

// `accueil central serve` killed -9 while four kiosks push at once; after a restart and another
// round, the central holds exactly the union of the kiosks' logs.
TEST(GroupCommit, TheCentralKilledWhileKiosksPushHoldsTheUnionAfterRestart) {
    TempDir dir;
    const auto event = TestEvent();
    const int port = FreePort();
    const std::string config =
        WriteCentralConfig(dir.path().string(), "central.toml", "central.db", port);
    ASSERT_EQ(Accueil({"central", "--config", config, "init"}), 0);
    WriteFile(dir.file("list.csv"), NumberedListCsv(800));
    ASSERT_EQ(Accueil({"central", "--config", config, "import", dir.file("list.csv")}), 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (int i = 0; i < 4; ++i) {
        const std::string id = "door-" + std::to_string(i);
        const std::string token = AddKioskByCommand(config, id, dir.file(id + ".token"));
        ASSERT_FALSE(token.empty()) << id;
        kiosks.push_back(std::make_unique<Kiosk>(dir, event, id, url, token, 3000));
    }

    auto serve = std::make_optional<ServeProcess>(config);
    for (auto& k : kiosks) {
        ExpectClean(k->sync());
    }
    // Each kiosk scans and pushes in a loop of its own until the central is gone.
    std::atomic<bool> stop{false};
    std::vector<std::thread> doors = ScanAndPush(kiosks, event, stop);
    const std::string dbPath = dir.file("central.db");
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (Count(dbPath, "SELECT count(*) FROM attendance") < 20 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_EQ(serve->kill(SIGKILL), 128 + SIGKILL);
    serve.reset();
    stop = true;
    for (auto& t : doors) {
        t.join();
    }
    int unsent = 0;
    for (auto& k : kiosks) {
        unsent += *k->store.outboxSize();
    }
    EXPECT_GT(unsent, 0); // the kill came while the doors still had events to push

    serve.emplace(config);
    SettleRounds(kiosks);
    std::set<std::string> unionOfKiosks;
    std::size_t sumOwn = 0;
    for (auto& k : kiosks) {
        EXPECT_EQ(*k->store.outboxSize(), 0) << k->id;
        core::sql::Database db = core::sql::Database::Open(k->dbPath, false);
        core::sql::Statement st = db.prepare("SELECT uuid FROM attendance WHERE kiosk_id = ?");
        st.bind(1, k->id);
        while (st.step()) {
            unionOfKiosks.insert(st.text(0));
            ++sumOwn;
        }
    }
    EXPECT_GE(sumOwn, 20U);
    EXPECT_EQ(sumOwn, unionOfKiosks.size());
    EXPECT_EQ(AttendanceUuids(dbPath),
              std::vector<std::string>(unionOfKiosks.begin(), unionOfKiosks.end()));
    EXPECT_EQ(Count(dbPath, "SELECT count(*) FROM attendance"),
              Count(dbPath, "SELECT count(DISTINCT uuid) FROM attendance"));
}

} // namespace
} // namespace accueil::sync::test
