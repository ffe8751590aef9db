// SPDX-License-Identifier: Apache-2.0
// Kiosks sync through a fault-injecting proxy for many randomized rounds; after the faults stop
// and everyone syncs, the central holds exactly the union of the kiosks' events.

#include "FaultProxy.h"
#include "SyncTestEnv.h"

#include <accueil/core/Sqlite.h>

#include <cstdlib>
#include <set>

namespace accueil::sync::test {
namespace {

std::uint64_t BaseSeed() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before the test starts any thread
    if (const char* s = std::getenv("ACCUEIL_FAULT_SEED")) {
        return std::strtoull(s, nullptr, 10);
    }
    return 20250617;
}

// The uuids of `table` (attendance or audit) recorded by `kioskId`, in a kiosk's database,
// read through a connection of its own.
std::vector<std::string> KioskUuids(const std::string& dbPath, const char* table,
                                    const std::string& kioskId) {
    core::sql::Database db = core::sql::Database::Open(dbPath, false);
    std::vector<std::string> out;
    core::sql::Statement st =
        db.prepare(std::string("SELECT uuid FROM ") + table + " WHERE kiosk_id = ? ORDER BY uuid");
    st.bind(1, kioskId);
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

// Runs `rounds` rounds of random check-ins and faulty syncs, then a clean finish, and checks
// the union.
void RunScenario(std::uint64_t seed, int rounds, bool restartCentral) {
    SCOPED_TRACE("fault seed " + std::to_string(seed) +
                 " (rerun with ACCUEIL_FAULT_SEED=" + std::to_string(seed) + ")");
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(120, event.calendar->days(), seed);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    FaultProxy proxy(central.port, seed);
    const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());

    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (const char* id : {"door-1", "door-2", "door-3"}) {
        kiosks.push_back(std::make_unique<Kiosk>(dir, event, id, url, "", 600));
    }
    for (auto& k : kiosks) {
        k->client =
            SyncClient(SyncOptions{url, central.addKiosk(k->id), 40, 25, 600, 600, "", nullptr});
    }

    std::mt19937_64 rng(seed);
    proxy.setFaultRate(0.35);
    const auto& days = event.calendar->days();
    for (int round = 0; round < rounds; ++round) {
        for (auto& k : kiosks) {
            const int scans = static_cast<int>(rng() % 12);
            for (int s = 0; s < scans; ++s) {
                const auto& who = people[rng() % people.size()];
                const auto& day = days[rng() % days.size()];
                auto r = k->store.recordScan(
                    PlainScan(who.id, At(event, day, 8 + static_cast<int>(rng() % 10),
                                         static_cast<int>(rng() % 60))));
                ASSERT_TRUE(r) << r.error().message;
                if (!r->eventUuid.empty() && rng() % 10 == 0) {
                    ASSERT_TRUE(k->store.undo(r->eventUuid, "staff-1", "wrong person",
                                              At(event, day, 19, 0)));
                }
            }
            (void)k->sync();
        }
        if (restartCentral && round == rounds / 2) {
            central.restart();
        }
    }
    // Faults stop; a few clean rounds settle everything (bounded).
    proxy.setFaultRate(0.0);
    for (int settle = 0; settle < 3; ++settle) {
        for (auto& k : kiosks) {
            const RoundReport r = k->sync();
            if (settle == 2) {
                EXPECT_TRUE(r.ok())
                    << k->id << ": " << (r.worstError() != nullptr ? r.worstError()->message : "");
            }
        }
    }

    std::set<std::string> unionOfKiosks;
    std::size_t sumOwn = 0;
    for (auto& k : kiosks) {
        EXPECT_EQ(*k->store.outboxSize(), 0) << k->id;
        const auto own = KioskUuids(k->dbPath, "attendance", k->id);
        EXPECT_EQ(own, central.kioskAttendanceUuids(k->id)) << k->id;
        EXPECT_EQ(KioskUuids(k->dbPath, "audit", k->id), central.kioskAuditUuids(k->id)) << k->id;
        unionOfKiosks.insert(own.begin(), own.end());
        sumOwn += own.size();
    }
    const auto atCentral = central.attendanceUuids();
    EXPECT_EQ(sumOwn, unionOfKiosks.size()); // no uuid made twice
    EXPECT_EQ(atCentral, std::vector<std::string>(unionOfKiosks.begin(), unionOfKiosks.end()));
    for (auto& k : kiosks) {
        EXPECT_EQ(AttendanceUuids(k->dbPath), atCentral) << k->id << " sees every door";
        EXPECT_EQ(*k->store.registrantCount(), 120) << k->id;
    }
    int total = 0;
    for (const auto& [fault, n] : proxy.injected()) {
        total += n;
    }
    EXPECT_GT(total, 0);
}

TEST(Faults, UnionHoldsAfterRandomFaults) {
    const std::uint64_t base = BaseSeed();
    for (std::uint64_t i = 0; i < 4; ++i) {
        RunScenario(base + i, 12, false);
        if (HasFatalFailure()) {
            return;
        }
    }
}

TEST(Faults, UnionHoldsWhenTheCentralRestartsMidway) {
    RunScenario(BaseSeed() + 100, 10, true);
}

TEST(Faults, EveryFaultKindOccurs) {
    const std::uint64_t seed = BaseSeed();
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    FaultProxy proxy(central.port, seed);
    proxy.setFaultRate(1.0);
    const std::string token = central.addKiosk("door-1");
    HttpClient http(HttpOptions{"http://127.0.0.1:" + std::to_string(proxy.port()), token, 500, 500,
                                "", nullptr});
    int transport = 0;
    int answered = 0;
    for (int i = 0; i < 60; ++i) {
        const HttpResult r = http.get("/v1/settings");
        (r ? answered : transport) += 1;
    }
    EXPECT_GT(transport, 0);
    EXPECT_GT(answered, 0);
    EXPECT_GE(proxy.injected().size(), 8U); // nearly every kind seen with this many draws
}

} // namespace
} // namespace accueil::sync::test
