// SPDX-License-Identifier: Apache-2.0
// Exits through the real `accueil` binary: `checkin --direction out` and the report's
// "inside now", as another tool reads them.

#include "AccueilCommand.h"
#include "TestSupport.h"

#include <nlohmann/json.hpp>

using namespace accueil::core;
using accueil::core::test::TempDir;

namespace {

nlohmann::json Json(const std::pair<std::string, int>& run) {
    EXPECT_EQ(run.second, 0) << run.first;
    return nlohmann::json::parse(run.first, nullptr, false);
}

class ExitCli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string event = test::EventToml();
        event.insert(event.find("[event.name]"), "checkout_time = \"22:00\"\n");
        m_dir.write("event.toml", event + "[zones.plenary]\ncapacity = 300\n");
        m_kiosk = m_dir.write("kiosk.toml", test::KioskToml("door-1") + "");
        m_dir.write("list.csv", "id,given_name,family_name\r\nREG-1,Zoë,Ł\r\nREG-2,Yao,K\r\n");
        ASSERT_EQ(accueil::test::RunAccueil({"import", "--config", m_kiosk, m_dir.file("list.csv")})
                      .second,
                  0);
    }

    nlohmann::json checkin(const std::string& id, const std::string& at,
                           const std::string& direction) {
        std::vector<std::string> args{"checkin", "--config", m_kiosk, "--payload",
                                      id,        "--at",     at,      "--json"};
        if (!direction.empty()) {
            args.insert(args.end(), {"--direction", direction});
        }
        return Json(accueil::test::RunAccueil(args));
    }

    nlohmann::json insideAt(const std::string& at) {
        const nlohmann::json report =
            Json(accueil::test::RunAccueil({"report", "--config", m_kiosk, "--day", "2025-06-17",
                                            "--at", at, "--format", "json"}));
        return report["inside_now"];
    }

    TempDir m_dir;
    std::string m_kiosk;
};

TEST_F(ExitCli, AnExitIsRecordedAndTheReportCountsWhoIsInside) {
    EXPECT_EQ(checkin("REG-1", "2025-06-17T09:00:00", "")["direction"], "in");
    checkin("REG-2", "2025-06-17T09:05:00", "in");
    const nlohmann::json out = checkin("REG-1", "2025-06-17T11:00:00", "out");
    EXPECT_EQ(out["outcome"], "goodbye");
    EXPECT_EQ(out["direction"], "out");
    EXPECT_EQ(out["zone"], "building");
    EXPECT_EQ(out["recorded"], true);
    EXPECT_EQ(out["registrant_id"], "REG-1");

    const nlohmann::json morning = insideAt("10:00");
    EXPECT_EQ(morning["total"], 2);
    EXPECT_EQ(morning["zones"]["building"], 2);
    EXPECT_EQ(morning["zones"]["plenary"], 0);
    EXPECT_EQ(morning["at"], "2025-06-17T08:00:00.000Z"); // 10:00 in Geneva
    EXPECT_EQ(insideAt("11:30")["total"], 1);
    EXPECT_EQ(insideAt("2025-06-17T22:00:00+02:00")["total"], 0); // the day's check-out

    const auto csv = accueil::test::RunAccueil(
        {"report", "--config", m_kiosk, "--day", "2025-06-17", "--at", "11:30"});
    ASSERT_EQ(csv.second, 0);
    EXPECT_NE(csv.first.find("not_arrived,inside\r\n"), std::string::npos) << csv.first;
    EXPECT_NE(csv.first.find("2025-06-17,inside_now,total,,,,,1\r\n"), std::string::npos);
    EXPECT_NE(csv.first.find("2025-06-17,inside_now,building,,,,,1\r\n"), std::string::npos);
}

TEST_F(ExitCli, AnExitDoorRecordsExitsWithoutTheFlag) {
    m_kiosk = m_dir.write("exit.toml", "[kiosk]\nid = \"door-2\"\ndatabase = \"exit.db\"\n"
                                       "event = \"event.toml\"\nzone = \"plenary\"\n"
                                       "direction = \"out\"\n");
    ASSERT_EQ(
        accueil::test::RunAccueil({"import", "--config", m_kiosk, m_dir.file("list.csv")}).second,
        0);
    const nlohmann::json out = checkin("REG-2", "2025-06-17T11:00:00", "");
    EXPECT_EQ(out["outcome"], "goodbye");
    EXPECT_EQ(out["direction"], "out");
    EXPECT_EQ(out["zone"], "plenary");
}

TEST_F(ExitCli, ABadTimeOrDirectionIsRefusedAndRecordsNothing) {
    const auto badAt = accueil::test::RunAccueil(
        {"report", "--config", m_kiosk, "--day", "2025-06-17", "--at", "2025-06-18T10:00:00"});
    EXPECT_NE(badAt.second, 0);
    const auto badDirection =
        accueil::test::RunAccueil({"checkin", "--config", m_kiosk, "--payload", "REG-1",
                                   "--direction", "sideways", "--json"});
    EXPECT_NE(badDirection.second, 0);
    EXPECT_EQ(insideAt("23:00")["zones"]["building"], 0);
    const nlohmann::json report = Json(accueil::test::RunAccueil(
        {"report", "--config", m_kiosk, "--day", "2025-06-17", "--format", "json"}));
    EXPECT_EQ(report["rows"][0]["admitted"], 0);
}

} // namespace
