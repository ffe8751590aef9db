// SPDX-License-Identifier: Apache-2.0
// `accueil indico pull | push` and the scheduled pull of `accueil central serve`, as the real
// binary, against the stand-in for Indico on loopback.

#include "AccueilProcess.h"
#include "IndicoStub.h"
#include "SyncTestEnv.h"

#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

namespace accueil::sync::test {
namespace {

const std::string kToken = "indico-cli-token-9b27d4";

struct IndicoCli : ::testing::Test {
    TempDir dir;
    IndicoStub stub{kToken};
    core::EventConfig event = TestEvent();
    std::string central = dir.file("central.toml");
    int port = FreePort();

    void SetUp() override {
        std::ifstream in(ACCUEIL_SOURCE_DIR "/config/event.toml");
        std::stringstream text;
        text << in.rdbuf();
        WriteFile(dir.file("event.toml"), text.str());
        WriteFile(dir.file("indico.token"), kToken + "\n");
        ::chmod(dir.file("indico.token").c_str(), 0600);
        writeConfig("");
        ASSERT_EQ(Accueil({"central", "--config", central, "init"}), 0);
    }

    void writeConfig(const std::string& extra) const {
        WriteFile(central, "[central]\ndatabase = \"central.db\"\nlisten = \"127.0.0.1:" +
                               std::to_string(port) +
                               "\"\nevent = \"event.toml\"\nlog_level = \"warn\"\n"
                               "[indico]\nurl = \"" +
                               stub.url() + "\"\nevent_id = 42\ntoken_file = \"indico.token\"\n" +
                               extra + "[indico.fields]\n\"Gender\" = \"gender\"\n");
    }

    // The central's list, read after the command ended.
    std::vector<core::Registrant> list() const {
        auto store = OpenSqliteCentralStore(dir.file("central.db"), event, false);
        return store ? store.value()->allRegistrants().value() : std::vector<core::Registrant>{};
    }
};

TEST_F(IndicoCli, PullPrintsWhatItDidAndNeverTheToken) {
    auto [out, status] = AccueilOutput({"indico", "pull", "--config", central});
    EXPECT_EQ(status, 0) << out;
    EXPECT_EQ(out, "Pulled 6 registrations (+2 accompanying persons) from Indico event 42: 8 "
                   "added, 0 updated, 0 cancelled, 0 unchanged.\n");
    auto [json, again] = AccueilOutput({"indico", "--config", central, "pull", "--json"});
    EXPECT_EQ(again, 0);
    const auto parsed = nlohmann::json::parse(json);
    EXPECT_EQ(parsed["unchanged"], 8);
    EXPECT_EQ(parsed["added"], 0);
    EXPECT_EQ(parsed["accompanying"], 2);
    EXPECT_EQ(out.find(kToken), std::string::npos);
    EXPECT_EQ(json.find(kToken), std::string::npos);
}

TEST_F(IndicoCli, ABadAnswerExitsTwelveNamingThePathAndChangesNothing) {
    ASSERT_EQ(Accueil({"indico", "pull", "--config", central}), 0);
    const auto before = list();
    stub.setState(102, "complete");
    stub.replaceNext("/forms/8/registrations/105", R"({"id": 105, "regform_id": )");
    auto [out, status] = AccueilOutput({"indico", "pull", "--config", central});
    EXPECT_EQ(status, 12) << out;
    EXPECT_NE(out.find("/api/checkin/event/42/forms/8/registrations/105"), std::string::npos)
        << out;
    EXPECT_EQ(list(), before);
}

TEST_F(IndicoCli, ARefusedTokenExitsSixWithAHintAndNoToken) {
    WriteFile(dir.file("indico.token"), "expired-token-0000\n");
    auto [out, status] = AccueilOutput({"indico", "pull", "--config", central});
    EXPECT_EQ(status, 6) << out;
    EXPECT_NE(out.find("token_file"), std::string::npos) << out;
    EXPECT_EQ(out.find("expired-token-0000"), std::string::npos);
    EXPECT_EQ(stub.requests(), 1);
    EXPECT_TRUE(list().empty());
}

TEST_F(IndicoCli, AConfigMistakeExitsThreeNamingFileLineAndKey) {
    writeConfig("interval_minute = 5\n");
    auto [out, status] = AccueilOutput({"indico", "pull", "--config", central});
    EXPECT_EQ(status, 3);
    EXPECT_NE(out.find("central.toml:10: indico.interval_minute: unknown key"), std::string::npos)
        << out;
    writeConfig("[indico.tags]\n\"VIP\" = \"vip\"\n");
    std::tie(out, status) = AccueilOutput({"indico", "pull", "--config", central});
    EXPECT_EQ(status, 3);
    EXPECT_NE(out.find("indico.tags.VIP"), std::string::npos) << out;
    EXPECT_EQ(stub.requests(), 0);
}

TEST_F(IndicoCli, PushSendsOnlyWhatIndicoLacks) {
    ASSERT_EQ(Accueil({"indico", "pull", "--config", central}), 0);
    {
        auto store = OpenSqliteCentralStore(dir.file("central.db"), event, false);
        ASSERT_TRUE(store);
        core::AttendanceEvent e;
        e.uuid = "0190a6d2-0000-7000-8000-000000000001";
        e.registrantId = "101";
        e.day = "2025-06-17";
        e.kioskId = "door-1";
        e.at = At(event, "2025-06-17", 9, 0);
        ASSERT_TRUE((*store)->storeBatch(PushBatch{"door-1", {e}, {}, {}, {}}));
    }
    auto [out, status] = AccueilOutput({"indico", "push", "--config", central});
    EXPECT_EQ(status, 0) << out;
    EXPECT_EQ(out, "Pushed check-ins to Indico: 1 sent, 1 already checked in, 4 not arrived (of "
                   "6 registrations).\n");
    std::tie(out, status) = AccueilOutput({"indico", "push", "--config", central});
    EXPECT_EQ(status, 0);
    EXPECT_NE(out.find(": 0 sent, 2 already checked in"), std::string::npos) << out;
    EXPECT_EQ(stub.patches().size(), 1U);
}

TEST_F(IndicoCli, ServePullsOnScheduleAndANewRegistrationAppears) {
    writeConfig("interval_minutes = 0.002\n"); // 120 ms
    nlohmann::json newcomer = stub.registration(102);
    newcomer["id"] = 107;
    newcomer["state"] = "complete";
    newcomer["checkin_secret"] = "0b1e1c8e-5a57-4d0e-8f1b-3c2d4e5f6a7b";
    ServeProcess serve(central);
    const auto listed = [&](const std::string& id) {
        for (int i = 0; i < 300; ++i) { // bounded: 15 s at most
            for (const auto& r : list()) {
                if (r.id == id) {
                    return true;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    };
    ASSERT_TRUE(listed("101")); // the first pull, at start
    stub.add(newcomer);
    EXPECT_TRUE(listed("107"));
    EXPECT_EQ(serve.kill(SIGTERM), 0); // stops promptly, cleanly
}

} // namespace
} // namespace accueil::sync::test
