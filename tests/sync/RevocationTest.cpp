// SPDX-License-Identifier: Apache-2.0
// A kiosk the central revokes erases the personal data it holds, through `accueil sync` and the
// background worker; a wrong token (401) erases nothing.

#include "AccueilProcess.h"
#include "SyncTestEnv.h"

#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/Sqlite.h>
#include <accueil/sync/Revocation.h>
#include <accueil/sync/SyncWorker.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace accueil::sync::test {
namespace {

using namespace std::chrono_literals;

// Names unlikely to turn up in a database by chance, so finding their bytes means they stayed.
constexpr const char* kGiven = "Quirinaldo";
constexpr const char* kFamily = "Zwetschgenbaum";
constexpr const char* kDelegation = "Xanadu Republic";
constexpr const char* kStaffName = "Wilhelmina Staffperson";
constexpr const char* kHoldNote = "Kumquat allergy note";

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Whether any of the names is in the database file or its WAL, byte for byte.
bool FilesHoldNames(const std::string& dbPath) {
    for (const std::string& file : {dbPath, dbPath + "-wal"}) {
        const std::string bytes = ReadAll(file);
        for (const char* name : {kGiven, kFamily, kDelegation, kStaffName, kHoldNote}) {
            if (bytes.find(name) != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

int Count(const std::string& dbPath, const std::string& sqlText) {
    return static_cast<int>(core::sql::Database::Open(dbPath, false).scalar(sqlText));
}

struct RevocationFixture : ::testing::Test {
    TempDir dir;
    int port = FreePort();
    std::string central = dir.file("central.toml");
    std::string kiosk = dir.file("door-1.toml");
    std::string db = dir.file("door-1.db");
    std::string tokenFile = dir.file("door-1.token");
    core::EventConfig event = TestEvent();

    void SetUp() override {
        WriteFile(dir.file("event.toml"), ReadAll(ACCUEIL_SOURCE_DIR "/config/event.toml"));
        WriteFile(central, "[central]\ndatabase = \"central.db\"\nlisten = \"127.0.0.1:" +
                               std::to_string(port) +
                               "\"\nevent = \"event.toml\"\nlog_level = \"warn\"\n");
        ASSERT_EQ(Accueil({"central", "--config", central, "init"}), 0);
        std::string csv = "id,given_name,family_name,delegation,category,gender\n";
        for (int i = 0; i < 20; ++i) {
            csv += "P" + std::to_string(i) + "," + kGiven + "," + kFamily + std::to_string(i) +
                   "," + kDelegation + ",State Party,female\n";
        }
        WriteFile(dir.file("list.csv"), csv);
        ASSERT_EQ(Accueil({"central", "--config", central, "import", dir.file("list.csv")}), 0);
        ASSERT_EQ(Accueil({"central", "--config", central, "kiosk", "add", "--id", "door-1",
                           "--token-file", tokenFile}),
                  0);
        WriteFile(kiosk, "[kiosk]\nid = \"door-1\"\ndatabase = \"door-1.db\"\nevent = "
                         "\"event.toml\"\n[central]\nurl = \"http://127.0.0.1:" +
                             std::to_string(port) + "\"\ntoken_file = \"door-1.token\"\n");
    }

    int syncOnce() const {
        return Accueil({"sync", "--config", kiosk, "--once", "--timeout-ms", "3000"});
    }

    // Check-ins, a staff account and a hold, as a kiosk in service has them.
    void useTheKiosk() const {
        auto store = core::AttendanceStore::Open(db, event, "door-1");
        ASSERT_TRUE(store);
        for (int i = 0; i < 5; ++i) {
            ASSERT_TRUE(store->recordScan(
                PlainScan("P" + std::to_string(i), At(event, "2025-06-18", 9, i))));
        }
        ASSERT_TRUE(store->addStaff("S-1", kStaffName, "staff", "482910"));
        ASSERT_TRUE(store->setHold("P7", kHoldNote, "S-1", At(event, "2025-06-18", 10, 0)));
    }
};

TEST_F(RevocationFixture, RevokedKioskErasesNamesAndKeepsAttendance) {
    ServeProcess serve(central);
    ASSERT_EQ(syncOnce(), 0);
    useTheKiosk();
    ASSERT_EQ(syncOnce(), 0);
    ASSERT_TRUE(FilesHoldNames(db)); // the check below could fail
    const int attendance = Count(db, "SELECT COUNT(*) FROM attendance");
    const int audit = Count(db, "SELECT COUNT(*) FROM audit");
    ASSERT_EQ(attendance, 5);

    ASSERT_EQ(Accueil({"central", "--config", central, "kiosk", "revoke", "--id", "door-1"}), 0);
    const auto [said, status] =
        AccueilOutput({"sync", "--config", kiosk, "--once", "--timeout-ms", "3000"});
    EXPECT_EQ(status, 6);
    EXPECT_NE(said.find("revoked"), std::string::npos) << said;
    EXPECT_NE(said.find("personal data was erased"), std::string::npos) << said;

    EXPECT_FALSE(FilesHoldNames(db));
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM attendance"), attendance);
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM audit"), audit);
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM registrant"), 20); // ids kept
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM staff"), 0);
    EXPECT_EQ(ReadAll(tokenFile), "");
    const auto [found, findStatus] = AccueilOutput({"find", "--config", kiosk, kFamily, "--json"});
    EXPECT_EQ(findStatus, 0);
    EXPECT_EQ(found.find("P1"), std::string::npos) << found;
    EXPECT_EQ(nlohmann::json::parse(found).size(), 0U) << found;

    // It stays out of service: no sync, the same status, nothing refilled.
    const auto [again, againStatus] = AccueilOutput({"sync", "--config", kiosk, "--once"});
    EXPECT_EQ(againStatus, 6);
    EXPECT_NE(again.find("revoked"), std::string::npos) << again;
    EXPECT_FALSE(FilesHoldNames(db));
}

// `accueil sync` without --once (a service beside the kiosk) ends with status 6 once its
// worker wiped the store, rather than running on with nothing to do.
TEST_F(RevocationFixture, TheSyncLoopEndsAfterTheWipe) {
    ServeProcess serve(central);
    ASSERT_EQ(syncOnce(), 0);
    useTheKiosk();
    ASSERT_EQ(Accueil({"central", "--config", central, "kiosk", "revoke", "--id", "door-1"}), 0);
    const auto [said, status] = AccueilOutput({"sync", "--config", kiosk});
    EXPECT_EQ(status, 6);
    EXPECT_NE(said.find("personal data was erased"), std::string::npos) << said;
    EXPECT_FALSE(FilesHoldNames(db));
}

TEST_F(RevocationFixture, WrongTokenErasesNothing) {
    ServeProcess serve(central);
    ASSERT_EQ(syncOnce(), 0);
    useTheKiosk();
    ASSERT_EQ(syncOnce(), 0);
    WriteFile(tokenFile, "a-typo-in-the-token\n");
    EXPECT_EQ(syncOnce(), 6); // 401
    EXPECT_TRUE(FilesHoldNames(db));
    EXPECT_EQ(ReadAll(tokenFile), "a-typo-in-the-token\n");
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM staff"), 1);
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM meta WHERE key = 'revoked_at'"), 0);
}

TEST(Revocation, OnlyTheRevokedCodeCounts) {
    EXPECT_TRUE(IsRevocation(SyncError{SyncErrorKind::Auth, "", 403, "token_revoked", {}}));
    EXPECT_FALSE(IsRevocation(SyncError{SyncErrorKind::Auth, "", 401, "token_invalid", {}}));
    EXPECT_FALSE(IsRevocation(SyncError{SyncErrorKind::Auth, "", 403, "kiosk_mismatch", {}}));
    EXPECT_FALSE(IsRevocation(SyncError{SyncErrorKind::Auth, "", 401, "token_revoked", {}}));
    RoundReport report;
    EXPECT_FALSE(IsRevocation(report));
    report.pullError = SyncError{SyncErrorKind::Auth, "", 403, "token_revoked", {}};
    EXPECT_TRUE(IsRevocation(report));
}

TEST(Revocation, WorkerWipesAndStops) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    auto people = core::GenerateDemoRegistrants(10, event.calendar->days(), 3);
    people[0].familyName = kFamily;
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    const std::string token = central.addKiosk("door-1");
    WriteFile(dir.file("door-1.token"), token + "\n");
    SyncOptions o;
    o.url = central.url();
    o.token = token;
    const WorkerOptions options{dir.file("door-1.db"),   event, "door-1", o, 60s, {}, 1,
                                dir.file("door-1.token")};
    {
        SyncWorker worker(options);
        worker.start();
        ASSERT_TRUE(worker.waitForRounds(1, 20s).lastSuccess);
        ASSERT_TRUE(FilesHoldNames(dir.file("door-1.db")));
        ASSERT_TRUE(central.store->revokeKiosk("door-1"));
        worker.syncNow();
        const SyncStatus s = worker.waitForRounds(2, 20s);
        EXPECT_TRUE(s.revoked);
        EXPECT_TRUE(s.wipeError.empty()) << s.wipeError;
        EXPECT_FALSE(s.running); // the thread ended on its own
    }
    EXPECT_FALSE(FilesHoldNames(dir.file("door-1.db")));
    EXPECT_EQ(ReadAll(dir.file("door-1.token")), "");
    // A worker started on the wiped store does not sync again.
    SyncWorker again(options);
    again.start();
    const SyncStatus s = again.waitForRounds(1, 20s);
    EXPECT_TRUE(s.revoked);
    EXPECT_EQ(s.rounds, 0);
    auto store = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
    ASSERT_TRUE(store);
    EXPECT_TRUE(core::RevokedAt(*store).value().has_value());
    // Enrolled again (accueil enrol clears the mark): in service, and the next round fetches
    // the whole list, the cursors having been forgotten.
    ASSERT_TRUE(core::ClearRevoked(*store));
    EXPECT_FALSE(core::RevokedAt(*store).value().has_value());
    const std::string fresh = central.addKiosk("door-1");
    SyncOptions again2 = o;
    again2.token = fresh;
    SyncClient client(again2);
    EXPECT_TRUE(client.runRound(*store).ok());
    EXPECT_EQ(store->registrant(people[0].id)->value().familyName, kFamily);
}

} // namespace
} // namespace accueil::sync::test
