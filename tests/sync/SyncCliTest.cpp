// SPDX-License-Identifier: Apache-2.0
// The `accueil` binary: central commands, `sync --once` exit codes, killing the central or the
// sync process mid-run, and the night job.

#include "AccueilProcess.h"
#include "SyncTestEnv.h"

#include <accueil/core/Sqlite.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <fstream>

namespace accueil::sync::test {
namespace {

struct CliFixture : ::testing::Test {
    TempDir dir;
    int port = FreePort();
    std::string central = dir.file("central.toml");
    core::EventConfig event = TestEvent();

    void SetUp() override {
        std::ifstream in(ACCUEIL_SOURCE_DIR "/config/event.toml");
        std::stringstream text;
        text << in.rdbuf();
        WriteFile(dir.file("event.toml"), text.str());
        WriteFile(central, "[central]\ndatabase = \"central.db\"\nlisten = \"127.0.0.1:" +
                               std::to_string(port) +
                               "\"\nevent = \"event.toml\"\n"
                               "log_level = \"warn\"\n");
        ASSERT_EQ(Accueil({"central", "--config", central, "init"}), 0);
        std::string csv = "id,given_name,family_name,delegation,category,gender\n";
        for (int i = 0; i < 50; ++i) {
            csv += "P" + std::to_string(i) + ",Ana,Test" + std::to_string(i) +
                   ",Chile,State Party,female\n";
        }
        WriteFile(dir.file("list.csv"), csv);
        ASSERT_EQ(Accueil({"central", "--config", central, "import", dir.file("list.csv")}), 0);
    }

    std::string addKiosk(const std::string& id, const std::string& eventFile = "event.toml") {
        EXPECT_EQ(Accueil({"central", "--config", central, "kiosk", "add", "--id", id,
                           "--token-file", dir.file(id + ".token")}),
                  0);
        std::string path = dir.file(id + ".toml");
        WriteFile(path, "[kiosk]\nid = \"" + id + "\"\ndatabase = \"" + id + ".db\"\nevent = \"" +
                            eventFile + "\"\n[central]\nurl = \"http://127.0.0.1:" +
                            std::to_string(port) + "\"\ntoken_file = \"" + id + ".token\"\n");
        return path;
    }

    static int syncOnce(const std::string& kioskConfig) {
        return Accueil({"sync", "--config", kioskConfig, "--once", "--timeout-ms", "3000"});
    }

    void recordScans(const std::string& id, int n) const {
        auto store = core::AttendanceStore::Open(dir.file(id + ".db"), event, id);
        ASSERT_TRUE(store);
        for (int i = 0; i < n; ++i) {
            ASSERT_TRUE(store->recordScan(PlainScan("P" + std::to_string(i % 50),
                                                    At(event, "2025-06-18", 8, 0) +
                                                        static_cast<core::UtcMillis>(i) * 60'000)));
        }
    }

    // Looks inside a kiosk's or the central's database on a connection of its own.
    static int count(const std::string& path, const std::string& sqlText) {
        return static_cast<int>(core::sql::Database::Open(path, false).scalar(sqlText));
    }
};

TEST_F(CliFixture, ExitCodesOfSyncOnce) {
    const std::string k = addKiosk("door-1");
    EXPECT_EQ(syncOnce(k), 10); // nothing listening yet: network
    ServeProcess serve(central);
    EXPECT_EQ(syncOnce(k), 0);
    EXPECT_EQ(syncOnce(k), 0); // twice is fine
    EXPECT_EQ(count(dir.file("door-1.db"), "SELECT COUNT(*) FROM registrant"), 50);

    WriteFile(dir.file("door-1.token"), "not-the-token\n");
    EXPECT_EQ(syncOnce(k), 6); // wrong token: auth
    const std::string k2 = addKiosk("door-2");
    ASSERT_EQ(Accueil({"central", "--config", central, "kiosk", "revoke", "--id", "door-2"}), 0);
    EXPECT_EQ(syncOnce(k2), 6); // revoked: auth

    std::ifstream in(dir.file("event.toml"));
    std::stringstream text;
    text << in.rdbuf();
    std::string other = text.str();
    other.replace(other.find("apmbc-ism-2025"), 14, "another-event-1");
    WriteFile(dir.file("other-event.toml"), other);
    const std::string k3 = addKiosk("door-3", "other-event.toml");
    EXPECT_EQ(syncOnce(k3), 12); // the central serves another event: data
}

TEST_F(CliFixture, CentralKilledMidSyncLosesAndDoublesNothing) {
    const std::string k = addKiosk("door-1");
    recordScans("door-1", 200);
    {
        ServeProcess serve(central);
        const pid_t sync = Spawn({kAccueil, "sync", "--config", k, "--once"}, nullptr);
        serve.kill(SIGKILL); // wherever the sync is, the central dies
        Wait(sync);
    }
    {
        // And the sync process itself killed wherever it is.
        ServeProcess serve(central);
        const pid_t sync = Spawn({kAccueil, "sync", "--config", k, "--once"}, nullptr);
        ::kill(sync, SIGKILL);
        Wait(sync);
        EXPECT_EQ(syncOnce(k), 0);
        EXPECT_EQ(syncOnce(k), 0);
    }
    EXPECT_EQ(count(dir.file("door-1.db"), "SELECT COUNT(*) FROM outbox"), 0);
    EXPECT_EQ(count(dir.file("central.db"), "SELECT COUNT(*) FROM attendance"),
              count(dir.file("door-1.db"), "SELECT COUNT(*) FROM attendance"));
    EXPECT_EQ(count(dir.file("central.db"), "SELECT COUNT(*) FROM audit WHERE kiosk_id = 'door-1'"),
              count(dir.file("door-1.db"), "SELECT COUNT(*) FROM audit"));
}

TEST_F(CliFixture, NightlyReconcilesRepairsAndReports) {
    const std::string k = addKiosk("door-1");
    recordScans("door-1", 20);
    ServeProcess serve(central);
    ASSERT_EQ(syncOnce(k), 0);
    // A lost outbox: events the central never got (e.g. a restored backup).
    {
        auto store = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->recordScan(PlainScan("P40", At(event, "2025-06-18", 18, 0))));
        core::sql::Database::Open(dir.file("door-1.db"), false).exec("DELETE FROM outbox");
    }
    const std::string reports = dir.file("reports");
    EXPECT_EQ(Accueil({"sync", "--config", k, "--nightly", "--report-dir", reports, "--day",
                       "2025-06-18"}),
              0);
    EXPECT_EQ(count(dir.file("central.db"), "SELECT COUNT(*) FROM attendance"),
              count(dir.file("door-1.db"), "SELECT COUNT(*) FROM attendance"));
    for (const char* f :
         {"attendance-2025-06-18-delegation.csv", "attendance-2025-06-18-gender.csv",
          "attendance-2025-06-18-category.csv", "reconcile-2025-06-18.json"}) {
        EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(reports) / f)) << f;
    }
    std::ifstream json(std::filesystem::path(reports) / "reconcile-2025-06-18.json");
    std::stringstream text;
    text << json.rdbuf();
    EXPECT_NE(text.str().find("re-pushed"), std::string::npos);
    // Twice is safe, and now nothing needs repair.
    EXPECT_EQ(Accueil({"sync", "--config", k, "--nightly", "--report-dir", reports, "--day",
                       "2025-06-18"}),
              0);
}

// `central restore` refuses what is not a backup of this event's central and changes nothing;
// a real backup goes in place with a new epoch, and a kiosk synced since the backup ends with
// the central holding all its events again.
TEST_F(CliFixture, CentralRestorePutsABackupInPlaceAndKiosksStartOver) {
    const std::string k = addKiosk("door-1");
    const std::string db = dir.file("central.db");
    const std::string backup = dir.file("backup.db");
    ASSERT_EQ(Accueil({"central", "backup", "--config", central, backup}), 0);
    {
        ServeProcess serve(central);
        ASSERT_EQ(syncOnce(k), 0); // the list first, so the scans are admitted
        recordScans("door-1", 20);
        ASSERT_EQ(syncOnce(k), 0);
        // Not under a running central (it would go on serving the old file), nor a second one.
        auto [refused, refusedStatus] =
            AccueilOutput({"central", "restore", "--config", central, backup});
        EXPECT_EQ(refusedStatus, 7);
        EXPECT_NE(refused.find("the central is running on"), std::string::npos) << refused;
        auto [second, secondStatus] = AccueilOutput({"central", "serve", "--config", central});
        EXPECT_NE(secondStatus, 0);
        EXPECT_NE(second.find("the central is running on"), std::string::npos) << second;
        EXPECT_EQ(count(db, "SELECT COUNT(*) FROM attendance"), 20);
    }
    const auto epoch = [&db] {
        core::sql::Database c = core::sql::Database::Open(db, false);
        core::sql::Statement st = c.prepare("SELECT value FROM central_meta WHERE key = 'epoch'");
        return st.step() ? st.text(0) : std::string();
    };
    const std::string before = epoch();
    WriteFile(dir.file("garbage.db"), "not a database at all");
    EXPECT_EQ(Accueil({"central", "restore", "--config", central, dir.file("garbage.db")}), 4);
    EXPECT_EQ(Accueil({"central", "restore", "--config", central, dir.file("missing.db")}), 4);
    EXPECT_EQ(epoch(), before);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM attendance"), 20);

    auto [said, status] = AccueilOutput({"central", "restore", "--config", central, backup});
    EXPECT_EQ(status, 0) << said;
    EXPECT_NE(said.find("new epoch"), std::string::npos) << said;
    EXPECT_NE(epoch(), before);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM attendance"), 0);
    {
        ServeProcess serve(central);
        ASSERT_EQ(syncOnce(k), 0);
    }
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM attendance"), 20);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM audit WHERE kiosk_id = 'door-1'"),
              count(dir.file("door-1.db"), "SELECT COUNT(*) FROM audit"));
}

// `central backup` while the central serves and a kiosk pushes: a file of its own holding what
// was stored, with figures to check it by; an existing file is only replaced with --force.
TEST_F(CliFixture, CentralBackupCopiesTheServingCentralAndReplacesNothingUnasked) {
    const std::string k = addKiosk("door-1");
    const std::string backup = dir.file("nightly.db");
    ServeProcess serve(central);
    ASSERT_EQ(syncOnce(k), 0);
    recordScans("door-1", 20);
    ASSERT_EQ(syncOnce(k), 0);
    auto [said, status] = AccueilOutput({"central", "backup", "--config", central, backup});
    ASSERT_EQ(status, 0) << said;
    EXPECT_NE(said.find(std::to_string(std::filesystem::file_size(backup)) +
                        " bytes, 50 registrants, 20 attendance events"),
              std::string::npos)
        << said;
    for (const char* beside : {"-wal", "-shm", ".tmp"}) {
        EXPECT_FALSE(std::filesystem::exists(backup + beside)) << beside; // it stands alone
    }
    EXPECT_EQ(std::filesystem::status(backup).permissions() & std::filesystem::perms::others_read,
              std::filesystem::perms::none); // it holds every name
    {
        core::sql::Database copy = core::sql::Database::Open(backup, false);
        core::sql::Statement check = copy.prepare("PRAGMA integrity_check");
        ASSERT_TRUE(check.step());
        EXPECT_EQ(check.text(0), "ok");
    }
    EXPECT_EQ(count(backup, "SELECT COUNT(*) FROM attendance"), 20);

    const std::string kept = dir.file("kept.db");
    WriteFile(kept, "yesterday's backup");
    auto [refused, refusedStatus] = AccueilOutput({"central", "backup", "--config", central, kept});
    EXPECT_EQ(refusedStatus, 7);
    EXPECT_NE(refused.find(kept + " already exists"), std::string::npos) << refused;
    EXPECT_EQ(ReadAll(kept), "yesterday's backup");
    EXPECT_EQ(Accueil({"central", "backup", "--config", central, "--force", kept}), 0);
    EXPECT_EQ(count(kept, "SELECT COUNT(*) FROM attendance"), 20);
    // Nowhere to write: a clear error, nothing left behind.
    auto [nowhere, nowhereStatus] = AccueilOutput(
        {"central", "backup", "--config", central, dir.file("no-such-folder/backup.db")});
    EXPECT_EQ(nowhereStatus, 4);
    EXPECT_NE(nowhere.find("no folder"), std::string::npos) << nowhere;
    EXPECT_NE(nowhere.find("no-such-folder"), std::string::npos) << nowhere;
}

TEST_F(CliFixture, CentralConfigMayComeBeforeOrAfterTheSubcommand) {
    // SetUp ran `central --config C init` and `central --config C import`; now as users type them.
    auto [init, initStatus] = AccueilOutput({"central", "init", "--config", central});
    EXPECT_EQ(initStatus, 0);
    EXPECT_NE(init.find("Central database ready"), std::string::npos) << init;
    auto [imported, importStatus] =
        AccueilOutput({"central", "import", dir.file("list.csv"), "--config", central});
    EXPECT_EQ(importStatus, 0);
    EXPECT_NE(imported.find("0 added, 0 updated, 50 unchanged"), std::string::npos) << imported;

    EXPECT_EQ(Accueil({"central", "kiosk", "add", "--config", central, "--id", "door-1",
                       "--token-file", dir.file("door-1.token")}),
              0);
    EXPECT_TRUE(std::filesystem::exists(dir.file("door-1.token")));
    EXPECT_EQ(Accueil({"central", "kiosk", "--config", central, "add", "--id", "door-2"}), 0);
    EXPECT_EQ(Accueil({"central", "kiosk", "revoke", "--id", "door-2", "--config", central}), 0);
    auto [after, afterStatus] = AccueilOutput({"central", "kiosk", "list", "--config", central});
    EXPECT_EQ(afterStatus, 0);
    EXPECT_NE(after.find("door-1  added"), std::string::npos) << after;
    EXPECT_NE(after.find("door-2  added"), std::string::npos) << after;
    EXPECT_NE(after.find("REVOKED"), std::string::npos) << after;
    EXPECT_EQ(AccueilOutput({"central", "--config", central, "kiosk", "list"}).first, after);

    auto [report, reportStatus] =
        AccueilOutput({"central", "report", "--config", central, "--day", "2025-06-18"});
    EXPECT_EQ(reportStatus, 0);
    EXPECT_NE(report.find("2025-06-18,total,all,50,0,0,50"), std::string::npos) << report;
}

TEST_F(CliFixture, CentralReportJsonHasTheFiguresOfADayAndARange) {
    // Norway's head of delegation (female), a man and a person of undisclosed gender; the
    // Chilean State Party list from SetUp.
    WriteFile(dir.file("norway.csv"), "id,given_name,family_name,delegation,category,role,gender\n"
                                      "N1,Ingrid,Berg,Norway,State Party,Head of delegation,F\n"
                                      "N2,Ola,Berg,Norway,State Party,,male\n"
                                      "N3,Kari,Berg,Norway,State Party,,\n");
    ASSERT_EQ(Accueil({"central", "--config", central, "import", dir.file("norway.csv")}), 0);
    const std::string k = addKiosk("door-1");
    ServeProcess serve(central);
    ASSERT_EQ(syncOnce(k), 0);
    {
        auto store = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
        ASSERT_TRUE(store);
        const std::string d = "2025-06-18";
        ASSERT_TRUE(store->recordScan(PlainScan("N1", At(event, d, 8, 5))));
        ASSERT_TRUE(store->recordScan(PlainScan("N2", At(event, d, 8, 20))));
        ASSERT_TRUE(store->recordScan(PlainScan("N3", At(event, d, 8, 25))));
        ASSERT_TRUE(store->recordScan(PlainScan("P0", At(event, d, 9, 0))));
        auto undone = store->recordScan(PlainScan("P1", At(event, d, 9, 10)));
        ASSERT_TRUE(undone);
        ASSERT_TRUE(store->undo(undone->eventUuid, "staff-1", "wrong badge", At(event, d, 9, 11)));
        core::Registrant walkIn;
        walkIn.givenName = "Pietro";
        walkIn.familyName = "Walk-In";
        walkIn.delegation = "Holy See";
        walkIn.category = "Observer State";
        walkIn.gender = "male";
        ASSERT_TRUE(store->admitWalkIn(walkIn, "staff-1", "no badge", At(event, d, 10, 0)));
        ASSERT_TRUE(store->recordScan(PlainScan("N1", At(event, d, 11, 0)))); // back in
        ASSERT_TRUE(store->recordScan(PlainScan("P2", At(event, "2025-06-17", 8, 0))));
    }
    ASSERT_EQ(syncOnce(k), 0);

    auto [dayOut, dayStatus] = AccueilOutput(
        {"central", "report", "--config", central, "--day", "2025-06-18", "--format", "json"});
    ASSERT_EQ(dayStatus, 0) << dayOut;
    const nlohmann::json day = JsonOf(dayOut);
    ASSERT_TRUE(day.is_object()) << dayOut;
    // The 18th: Chile P0 (P1's entry undone); Holy See the walk-in (m); Norway N1 (f), N2 (m),
    // N3 (undisclosed) -> 1 of 3 female. N1's second entry counts once.
    const nlohmann::json expected = nlohmann::json::parse(R"([
        {"delegation": "Chile", "female": 1, "male": 0, "other": 0, "undisclosed": 0,
         "attended": 1, "female_share": 1.0},
        {"delegation": "Holy See", "female": 0, "male": 1, "other": 0, "undisclosed": 0,
         "attended": 1, "female_share": 0.0},
        {"delegation": "Norway", "female": 1, "male": 1, "other": 0, "undisclosed": 1,
         "attended": 3, "female_share": 0.3333}])");
    EXPECT_EQ(day["by_delegation_gender"], expected) << dayOut;
    EXPECT_EQ(day["heads_of_delegation"]["female"], 1);
    EXPECT_EQ(day["heads_of_delegation"]["attended"], 1);
    EXPECT_EQ(day["heads_of_delegation"]["role"], "Head of delegation");
    EXPECT_EQ(day["distinct_participants"], 5);
    EXPECT_EQ(day["days"], nlohmann::json::array({"2025-06-18"}));
    // 08:05 | 08:20 08:25 | - | - | 09:00 | - | - | - | 10:00 (the walk-in).
    ASSERT_EQ(day["arrivals_per_15_min"].size(), 9U) << dayOut;
    EXPECT_EQ(day["arrivals_per_15_min"][1],
              nlohmann::json({{"day", "2025-06-18"}, {"from", "08:15"}, {"arrivals", 2}}));
    EXPECT_EQ(day["arrivals_per_15_min"][8]["from"], "10:00");
    EXPECT_EQ(day["rows"][0]["dimension"], "total"); // the kiosk report's rows, unchanged
    EXPECT_EQ(day["rows"][0]["admitted"], 5);

    // The 17th and 18th: P2 adds a second Chilean woman.
    auto [rangeOut, rangeStatus] =
        AccueilOutput({"central", "report", "--config", central, "--from", "2025-06-17", "--to",
                       "2025-06-18", "--format", "json"});
    ASSERT_EQ(rangeStatus, 0) << rangeOut;
    const nlohmann::json range = JsonOf(rangeOut);
    ASSERT_TRUE(range.is_object()) << rangeOut;
    EXPECT_EQ(range["by_delegation_gender"][0]["delegation"], "Chile");
    EXPECT_EQ(range["by_delegation_gender"][0]["female"], 2);
    EXPECT_EQ(range["distinct_participants"], 6);

    auto [csv, csvStatus] = AccueilOutput(
        {"central", "report", "--config", central, "--from", "2025-06-19", "--to", "2025-06-20"});
    EXPECT_EQ(csvStatus, 0);
    EXPECT_NE(csv.find("2025-06-20,total,all,53,0,0,53"), std::string::npos) << csv;
    EXPECT_EQ(csv.find("2025-06-18,"), std::string::npos) << csv;

    auto [inverted, invertedStatus] = AccueilOutput(
        {"central", "report", "--config", central, "--from", "2025-06-19", "--to", "2025-06-18"});
    EXPECT_EQ(invertedStatus, 4);
    EXPECT_NE(inverted.find("the range ends (2025-06-18) before it starts (2025-06-19)"),
              std::string::npos)
        << inverted;
    auto [unknown, unknownStatus] =
        AccueilOutput({"central", "report", "--config", central, "--day", "2025-06-21"});
    EXPECT_EQ(unknownStatus, 4);
    EXPECT_NE(unknown.find("2025-06-21 is not a meeting day"), std::string::npos) << unknown;
    EXPECT_EQ(AccueilOutput({"central", "report", "--config", central, "--day", "2025-06-18",
                             "--from", "2025-06-17"})
                  .second,
              4);
}

TEST_F(CliFixture, MissingCentralConfigIsAUsageErrorNamingTheCommand) {
    auto [out, status] = AccueilOutput({"central", "kiosk", "add", "--id", "door-1"});
    EXPECT_EQ(status, 2);
    EXPECT_NE(out.find("accueil central kiosk add: --config CENTRAL.toml is required"),
              std::string::npos)
        << out;
    // Nothing ran: no kiosk was added anywhere.
    auto [list, listStatus] = AccueilOutput({"central", "kiosk", "list", "--config", central});
    EXPECT_EQ(listStatus, 0);
    EXPECT_EQ(list.find("door-1"), std::string::npos) << list;

    auto [sync, syncStatus] = AccueilOutput({"sync", "--once"});
    EXPECT_EQ(syncStatus, 2);
    EXPECT_NE(sync.find("accueil sync: --config KIOSK.toml is required"), std::string::npos)
        << sync;
}

TEST_F(CliFixture, CentralImportReadsTheSameImportTableAsAKiosk) {
    const std::string base = "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n";
    const std::string indico = ACCUEIL_SOURCE_DIR "/tests/data/indico/registrants.csv";
    // Only the columns: the state column is left unread, and the central says so.
    WriteFile(central, base + "[import.columns]\nid = \"ID\"\ngiven_name = \"First Name\"\n"
                              "family_name = \"Last Name\"\ndelegation = \"Affiliation\"\n");
    auto [warned, warnedStatus] = AccueilOutput({"central", "--config", central, "import", indico});
    EXPECT_EQ(warnedStatus, 0) << warned;
    EXPECT_NE(warned.find("accueil: warning: " + indico +
                          ":1: column \"Registration state\" looks like a registration status"),
              std::string::npos)
        << warned;
    EXPECT_NE(warned.find("8 added"), std::string::npos) << warned;

    // With the profile the states are read, and four of the eight are cancelled.
    WriteFile(central, base + "[import]\nprofile = \"indico\"\n");
    auto [read, readStatus] = AccueilOutput({"central", "--config", central, "import", indico});
    EXPECT_EQ(readStatus, 0) << read;
    EXPECT_EQ(read.find("warning"), std::string::npos) << read;
    EXPECT_NE(read.find("0 added, 4 updated, 4 unchanged"), std::string::npos) << read;

    // A mistake in [import] stops the central's command like the kiosk's.
    WriteFile(central, base + "[import]\nprofile = \"indigo\"\n");
    auto [refused, refusedStatus] =
        AccueilOutput({"central", "--config", central, "import", indico});
    EXPECT_EQ(refusedStatus, 3);
    EXPECT_NE(refused.find("central.toml:5: import.profile: \"indigo\" is not a known profile "
                           "(known: indico)"),
              std::string::npos)
        << refused;
}

} // namespace
} // namespace accueil::sync::test
