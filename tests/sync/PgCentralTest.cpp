// SPDX-License-Identifier: Apache-2.0
// The real `accueil central` over PostgreSQL with real kiosks: init, import and kiosk tokens
// through the command, then two `central serve` instances over one database with the doors
// spread over both, one instance killed -9 while its doors push. End state: the central holds
// exactly the union of the kiosks' logs, and every door holds every door's events.

#include "AccueilProcess.h"
#include "DashboardEnv.h"
#include "Pg.h"
#include "PgTestCluster.h"
#include "SyncTestEnv.h"

#include <accueil/core/Sqlite.h>
#include <accueil/core/Text.h>
#include <accueil/sync/Accounts.h>
#include <accueil/sync/Revocation.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace accueil::sync::test {
namespace {

using namespace std::chrono_literals;

// The attendance UUIDs the PostgreSQL central holds, sorted, read on a connection of its own.
std::vector<std::string> CentralUuids(const std::string& url) {
    pg::Connection conn = pg::Connection::Open(url);
    const pg::Rows rows = conn.exec("SELECT uuid FROM attendance ORDER BY uuid");
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back(rows.text(i, 0));
    }
    return out;
}

std::set<std::string> KioskUuids(const std::string& dbPath, const std::string& onlyKiosk) {
    core::sql::Database db = core::sql::Database::Open(dbPath, false);
    core::sql::Statement st =
        db.prepare(onlyKiosk.empty() ? "SELECT uuid FROM attendance WHERE ? = ''"
                                     : "SELECT uuid FROM attendance WHERE kiosk_id = ?");
    st.bind(1, onlyKiosk);
    std::set<std::string> out;
    while (st.step()) {
        out.insert(st.text(0));
    }
    return out;
}

TEST(PgCentral, InitRefusesAnUnreachableServerByHostAndPort) {
    TempDir dir;
    const std::string config =
        WriteCentralConfig(dir.path().string(), "central.toml",
                           "postgresql://central:s3cret@127.0.0.1:1/meeting", FreePort());
    const auto [output, status] = AccueilOutput({"central", "--config", config, "init"});
    EXPECT_NE(status, 0);
    EXPECT_NE(output.find("127.0.0.1:1/meeting"), std::string::npos) << output;
    EXPECT_EQ(output.find("s3cret"), std::string::npos) << output;
}

// The database check of a PostgreSQL central, as `accueil doctor --json` gives it.
nlohmann::json DatabaseCheckOf(const std::string& config, int& status) {
    const auto [output, exit] = AccueilOutput({"doctor", "--config", config, "--json"});
    status = exit;
    nlohmann::json found;
    for (const auto& check : nlohmann::json::parse(output, nullptr, false)) {
        EXPECT_NE(check["check"], "database-permissions"); // no file to look at
        if (check["check"] == "database") {
            found = check;
        }
    }
    return found;
}

TEST(PgCentral, DoctorChecksTheSchemaOnTheServer) {
    auto database = NewPgDatabase();
    ASSERT_TRUE(database) << database.error().message;
    TempDir dir;
    const std::string config =
        WriteCentralConfig(dir.path().string(), "central.toml", *database, FreePort());
    int status = 0;
    const auto before = DatabaseCheckOf(config, status);
    EXPECT_NE(status, 0);
    EXPECT_EQ(before["status"], "error") << before;
    EXPECT_NE(before["detail"].get<std::string>().find("central init"), std::string::npos)
        << before;
    ASSERT_EQ(Accueil({"central", "--config", config, "init"}), 0);
    const auto after = DatabaseCheckOf(config, status);
    EXPECT_EQ(after["status"], "ok") << after;
    EXPECT_NE(after["detail"].get<std::string>().find("PostgreSQL, 0 registrants"),
              std::string::npos)
        << after;
}

// The doors as the dashboard behind `client` shows them, by id.
std::map<std::string, nlohmann::json> DashboardDoors(httplib::Client& client,
                                                     const HttpSession& session) {
    std::map<std::string, nlohmann::json> doors;
    const auto res = GetWith(client, "/dashboard/data", session.cookie);
    EXPECT_TRUE(res && res->status == 200);
    if (res && res->status == 200) {
        const auto data = nlohmann::json::parse(res->body);
        for (const auto& door : data["doors"]) {
            doors[door["id"].get<std::string>()] = door;
        }
    }
    return doors;
}

// Two central instances in this process over one PostgreSQL database, each with its folder.
struct TwoInstances {
    explicit TwoInstances(const std::string& database)
        : a(dirA, event, {}, database), b(dirB, event, {}, database) {}
    TempDir dirA;
    TempDir dirB;
    core::EventConfig event = TestEvent();
    Central a;
    Central b;
};

// Instances keep nothing of their own: the dashboard of one shows the doors that sync through
// the other, as they last said (their live states go through the database every 2 s).
TEST(PgCentral, EachInstanceShowsTheDoorsThatSyncThroughTheOther) {
    auto database = NewPgDatabase();
    ASSERT_TRUE(database) << database.error().message;
    TwoInstances both(*database);
    auto& [dirA, dirB, event, a, b] = both;
    ASSERT_TRUE(a.store->importRegistrants(People(10), {}));
    auto hash = HashPassword(kAdminPassword);
    ASSERT_TRUE(hash);
    ASSERT_TRUE(a.store->addUser(kAdminId, "admin", *hash, core::NowUtcMillis()));
    Kiosk kiosk(dirB, event, "door-b", b.url(), a.addKiosk("door-b"));
    ExpectClean(kiosk.sync());
    ASSERT_TRUE(a.server->doors().all().empty()) << "door-b never spoke to instance a";

    httplib::Client client("127.0.0.1", a.port);
    const auto session = SignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(session);
    std::map<std::string, nlohmann::json> doors;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
        doors = DashboardDoors(client, *session);
        if (doors.contains("door-b") && doors["door-b"]["state"] == "online") {
            break;
        }
        std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(doors.count("door-b"), 1U) << nlohmann::json(doors);
    EXPECT_EQ(doors["door-b"]["state"], "online") << doors["door-b"];
    EXPECT_EQ(doors["door-b"]["version"], ACCUEIL_VERSION) << doors["door-b"];
}

// What one instance is told reaches the doors of the other at their next round: a hold a
// door placed through instance a, then the revocation of instance b's door made through a.
TEST(PgCentral, AHoldAndARevocationThroughOneInstanceReachTheOthersDoors) {
    auto database = NewPgDatabase();
    ASSERT_TRUE(database) << database.error().message;
    TwoInstances both(*database);
    auto& [dirA, dirB, event, a, b] = both;
    const auto people = People(10);
    ASSERT_TRUE(b.store->importRegistrants(people, {}));
    Kiosk doorA(dirA, event, "door-a", a.url(), a.addKiosk("door-a"));
    Kiosk doorB(dirB, event, "door-b", b.url(), a.addKiosk("door-b"));
    ExpectClean(doorA.sync());
    ExpectClean(doorB.sync());

    core::AuditEntry hold;
    hold.uuid = core::NewUuid();
    hold.at = At(event, "2025-06-17", 9, 0);
    hold.kioskId = "door-a";
    hold.action = "hold_placed";
    hold.registrantId = people[2].id;
    hold.detail = R"({"note":"see the protocol desk"})";
    ASSERT_TRUE(a.store->storeBatch({"door-a", {}, {hold}, {}, {}}));
    ExpectClean(doorB.sync());
    const auto held = doorB.store.registrant(people[2].id);
    ASSERT_TRUE(held && *held);
    EXPECT_EQ((*held)->holdNote, "see the protocol desk");

    ASSERT_TRUE(a.store->revokeKiosk("door-b"));
    EXPECT_TRUE(IsRevocation(doorB.sync())) << "door-b learns it through instance b";
    ExpectClean(doorA.sync());
}

TEST(PgCentral, TwoInstancesServeDoorsThroughAKillOfOne) {
    auto database = NewPgDatabase();
    ASSERT_TRUE(database) << database.error().message;
    TempDir dir;
    const auto event = TestEvent();
    const std::array<int, 2> ports{FreePort(), FreePort()};
    const std::array<std::string, 2> configs{
        WriteCentralConfig(dir.path().string(), "central-a.toml", *database, ports[0]),
        WriteCentralConfig(dir.path().string(), "central-b.toml", *database, ports[1])};
    const auto [initOutput, initStatus] =
        AccueilOutput({"central", "--config", configs[0], "init"});
    ASSERT_EQ(initStatus, 0) << initOutput;
    EXPECT_EQ(initOutput.find("accueil@"), std::string::npos) << initOutput; // no user named
    WriteFile(dir.file("list.csv"), NumberedListCsv(800));
    ASSERT_EQ(Accueil({"central", "--config", configs[1], "import", dir.file("list.csv")}), 0);

    // Four doors, two on each instance; tokens made through one instance's config are good
    // at the other.
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (int i = 0; i < 4; ++i) {
        const std::string id = "door-" + std::to_string(i);
        const std::string token = AddKioskByCommand(configs[static_cast<std::size_t>(i % 2)], id,
                                                    dir.file(id + ".token"));
        ASSERT_FALSE(token.empty()) << id;
        const int port = ports[static_cast<std::size_t>(i / 2)];
        kiosks.push_back(std::make_unique<Kiosk>(
            dir, event, id, "http://127.0.0.1:" + std::to_string(port), token, 3000));
    }
    std::array<std::optional<ServeProcess>, 2> serve;
    serve[0].emplace(configs[0]);
    serve[1].emplace(configs[1]);
    for (auto& k : kiosks) {
        ExpectClean(k->sync());
    }
    EXPECT_EQ(*kiosks[0]->store.registrantCount(), 800);
    EXPECT_EQ(*kiosks[3]->store.registrantCount(), 800);

    std::atomic<bool> stop{false};
    std::vector<std::thread> doors = ScanAndPush(kiosks, event, stop);
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (CentralUuids(*database).size() < 40 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_EQ(serve[0]->kill(SIGKILL), 128 + SIGKILL); // doors 0 and 1 lose their central
    serve[0].reset();
    stop = true;
    for (auto& t : doors) {
        t.join();
    }
    EXPECT_GT(*kiosks[0]->store.outboxSize() + *kiosks[1]->store.outboxSize(), 0);

    serve[0].emplace(configs[0]);
    SettleRounds(kiosks);
    std::set<std::string> unionOfKiosks;
    std::size_t sumOwn = 0;
    for (auto& k : kiosks) {
        EXPECT_EQ(*k->store.outboxSize(), 0) << k->id;
        const auto own = KioskUuids(k->dbPath, k->id);
        sumOwn += own.size();
        unionOfKiosks.insert(own.begin(), own.end());
    }
    EXPECT_GE(sumOwn, 40U);
    EXPECT_EQ(sumOwn, unionOfKiosks.size());
    EXPECT_EQ(CentralUuids(*database),
              std::vector<std::string>(unionOfKiosks.begin(), unionOfKiosks.end()));
    // Every door learnt every other door's check-ins, whichever instance it talks to.
    for (auto& k : kiosks) {
        EXPECT_EQ(KioskUuids(k->dbPath, ""), unionOfKiosks) << k->id;
    }
}

// PostgreSQL restarts while three doors sync in loops through an in-process central: rounds
// that meet the restart fail and are retried, and nothing is lost or doubled. On a cluster of
// its own, so other tests' connections are not cut.
TEST(PgCentral, AServerRestartDuringRoundsLosesNothing) {
    OwnPgCluster cluster;
    ASSERT_TRUE(cluster.ok()) << cluster.error();
    auto database = cluster.newDatabase();
    ASSERT_TRUE(database) << database.error().message;
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event, {}, *database);
    const auto people = People(90);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (int i = 0; i < 3; ++i) {
        const std::string id = "door-" + std::to_string(i);
        kiosks.push_back(
            std::make_unique<Kiosk>(dir, event, id, central.url(), central.addKiosk(id), 3000));
        ExpectClean(kiosks.back()->sync());
    }
    std::atomic<int> scanned{0};
    std::atomic<int> recorded{0}; // scans that made an attendance event
    std::vector<std::thread> doors;
    for (std::size_t i = 0; i < kiosks.size(); ++i) {
        doors.emplace_back([&, i] {
            Kiosk& k = *kiosks[i];
            for (int n = 0; n < 30; ++n) {
                const auto& who = people[i * 30 + static_cast<std::size_t>(n)];
                auto scan = k.store.recordScan(PlainScan(who.id, At(event, "2025-06-17", 9, n)));
                ++scanned;
                recorded += scan && !scan->eventUuid.empty() ? 1 : 0;
                (void)k.sync();
            }
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (scanned.load() < 20 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_TRUE(cluster.restart());
    for (auto& t : doors) {
        t.join();
    }
    SettleRounds(kiosks);
    std::set<std::string> unionOfKiosks;
    for (auto& k : kiosks) {
        EXPECT_EQ(*k->store.outboxSize(), 0) << k->id;
        const auto own = KioskUuids(k->dbPath, k->id);
        unionOfKiosks.insert(own.begin(), own.end());
    }
    EXPECT_GT(recorded.load(), 40);
    EXPECT_EQ(unionOfKiosks.size(), static_cast<std::size_t>(recorded.load()));
    EXPECT_EQ(central.attendanceUuids(),
              std::vector<std::string>(unionOfKiosks.begin(), unionOfKiosks.end()));
    for (auto& k : kiosks) {
        EXPECT_EQ(KioskUuids(k->dbPath, ""), unionOfKiosks) << k->id;
    }
}

// `central backup` and `central restore` through the real command over PostgreSQL: a backup
// taken while the central serves; later events lost by the restore come back from the door,
// which sees the new epoch; a password in the URL stays out of every message.
// A central over `database` made through the real commands (init, import of `listed`
// registrants P0…, a token for door-1), and door-1 (`door` stays empty when a step failed).
struct OneDoorCentral {
    OneDoorCentral(const std::string& database, int listed)
        : config(WriteCentralConfig(dir.path().string(), "central.toml", database, port)) {
        WriteFile(dir.file("list.csv"), NumberedListCsv(listed));
        if (Accueil({"central", "--config", config, "init"}) != 0 ||
            Accueil({"central", "--config", config, "import", dir.file("list.csv")}) != 0) {
            return;
        }
        const std::string token = AddKioskByCommand(config, "door-1", dir.file("door-1.token"));
        if (token.empty()) {
            return;
        }
        door = std::make_unique<Kiosk>(dir, event, "door-1",
                                       "http://127.0.0.1:" + std::to_string(port), token, 3000);
    }

    // door-1 scans P<from> … P<from + n - 1>, a minute apart.
    void scan(int from, int n) const {
        for (int i = from; i < from + n; ++i) {
            ASSERT_TRUE(door->store.recordScan(
                PlainScan("P" + std::to_string(i), At(event, "2025-06-17", 9, i))));
        }
    }

    TempDir dir;
    core::EventConfig event = TestEvent();
    int port = FreePort();
    std::string config;
    std::unique_ptr<Kiosk> door;
};

TEST(PgCentral, BackupAndRestoreByCommandBringTheDoorsEventsBack) {
    auto database = NewPgDatabase();
    ASSERT_TRUE(database) << database.error().message;
    OneDoorCentral central(*database, 30);
    ASSERT_TRUE(central.door) << "set up through the commands";
    const TempDir& dir = central.dir;
    const std::string& config = central.config;
    Kiosk& door = *central.door;
    const auto scan = [&](int from, int n) { central.scan(from, n); };
    const std::string backup = dir.file("central.dump");
    std::optional<ServeProcess> serve(std::in_place, config);
    ExpectClean(door.sync());
    scan(0, 10);
    ExpectClean(door.sync());
    const auto [said, status] = AccueilOutput({"central", "--config", config, "backup", backup});
    ASSERT_EQ(status, 0) << said;
    EXPECT_NE(said.find("30 registrants, 10 attendance events"), std::string::npos) << said;
    EXPECT_NE(said.find(std::to_string(std::filesystem::file_size(backup)) + " bytes"),
              std::string::npos)
        << said;
    EXPECT_EQ(Accueil({"central", "--config", config, "backup", backup}), 7); // never replaced
    scan(10, 5);
    ExpectClean(door.sync());
    ASSERT_EQ(CentralUuids(*database).size(), 15U);

    // Refused before anything changes: an SQLite file is no PostgreSQL backup.
    WriteFile(dir.file("garbage.db"), "SQLite format 3");
    serve.reset();
    const auto [refused, refusedStatus] =
        AccueilOutput({"central", "--config", config, "restore", dir.file("garbage.db")});
    EXPECT_EQ(refusedStatus, 4);
    EXPECT_NE(refused.find("garbage.db is not a backup"), std::string::npos) << refused;
    EXPECT_EQ(CentralUuids(*database).size(), 15U);

    const auto [restored, restoreStatus] =
        AccueilOutput({"central", "--config", config, "restore", backup});
    ASSERT_EQ(restoreStatus, 0) << restored;
    EXPECT_NE(restored.find("new epoch"), std::string::npos) << restored;
    EXPECT_EQ(CentralUuids(*database).size(), 10U);
    serve.emplace(config);
    for (int round = 0; round < 2; ++round) {
        ExpectClean(door.sync());
    }
    const auto own = KioskUuids(door.dbPath, "door-1");
    EXPECT_EQ(CentralUuids(*database), std::vector<std::string>(own.begin(), own.end()));
    EXPECT_EQ(own.size(), 15U);

    // With a password in the URL and no server there: the message names where, not the secret.
    const std::string unreachable =
        WriteCentralConfig(dir.path().string(), "unreachable.toml",
                           "postgresql://accueil:s3cret@127.0.0.1:1/meeting", FreePort());
    const auto [failed, failedStatus] =
        AccueilOutput({"central", "--config", unreachable, "backup", dir.file("never.dump")});
    EXPECT_EQ(failedStatus, 5);
    EXPECT_NE(failed.find("127.0.0.1:1/meeting"), std::string::npos) << failed;
    EXPECT_EQ(failed.find("s3cret"), std::string::npos) << failed;
    EXPECT_FALSE(std::filesystem::exists(dir.file("never.dump")));
    EXPECT_FALSE(std::filesystem::exists(dir.file("never.dump.tmp")));
}

// A failover to a standby fed by asynchronous replication: the door's last push was
// acknowledged by the old primary and never reached the standby, and nothing in the door's
// rounds shows it (its cursors were below that push). `central new-epoch` makes it push its
// events again. The instance reaches the database through a libpq list of hosts, the first one
// down, as instances reach a primary and its standby (docs/operations.md).
TEST(PgCentral, ANewEpochBringsBackWhatAStandbyMissed) {
    auto database = NewPgDatabase();
    ASSERT_TRUE(database) << database.error().message;
    const std::size_t at = database->find("@127.0.0.1:");
    ASSERT_NE(at, std::string::npos) << *database;
    const std::string hosts = database->substr(0, at) +
                              "@127.0.0.1:1,127.0.0.1:" + database->substr(at + 11) +
                              "?target_session_attrs=read-write";
    OneDoorCentral central(hosts, 20);
    ASSERT_TRUE(central.door) << "set up through the commands";
    const TempDir& dir = central.dir;
    const std::string& config = central.config;
    Kiosk& door = *central.door;
    const auto scan = [&](int from, int n) { central.scan(from, n); };
    ServeProcess serve(config);
    ExpectClean(door.sync());
    scan(0, 3);
    ExpectClean(door.sync());
    scan(3, 2);
    const auto pushed = door.client.push(door.store); // acknowledged; no pull after it
    ASSERT_TRUE(pushed);
    ASSERT_EQ(*pushed, 4); // two check-ins and their audit lines
    ASSERT_EQ(CentralUuids(*database).size(), 5U);

    // The promoted standby: as the primary stood before that push.
    {
        pg::Connection conn = pg::Connection::Open(*database);
        conn.exec("DELETE FROM attendance WHERE seq > 3");
        conn.exec("UPDATE central_cursor SET value = 3 WHERE name = 'attendance'");
    }
    ExpectClean(door.sync());
    ASSERT_EQ(CentralUuids(*database).size(), 3U) << "the door cannot tell";
    EXPECT_EQ(*door.store.outboxSize(), 0);

    const auto [said, status] = AccueilOutput({"central", "--config", config, "new-epoch"});
    ASSERT_EQ(status, 0) << said;
    EXPECT_NE(said.find("has a new epoch"), std::string::npos) << said;
    for (int round = 0; round < 2; ++round) {
        ExpectClean(door.sync());
    }
    const auto own = KioskUuids(door.dbPath, "door-1");
    EXPECT_EQ(own.size(), 5U);
    EXPECT_EQ(CentralUuids(*database), std::vector<std::string>(own.begin(), own.end()));

    // An SQLite central has no standby: refused, its file untouched.
    const std::string sqlite =
        WriteCentralConfig(dir.path().string(), "sqlite.toml", dir.file("central.db"), FreePort());
    const auto [refused, refusedStatus] =
        AccueilOutput({"central", "--config", sqlite, "new-epoch"});
    EXPECT_EQ(refusedStatus, 3) << refused;
    EXPECT_NE(refused.find("central restore"), std::string::npos) << refused;
    EXPECT_FALSE(std::filesystem::exists(dir.file("central.db")));
}

} // namespace
} // namespace accueil::sync::test
