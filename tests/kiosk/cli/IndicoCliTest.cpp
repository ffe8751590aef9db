// SPDX-License-Identifier: Apache-2.0
// Indico tickets through the `accueil` command: what `checkin --json` decides for every kind of
// code, and what `scan --json` says of the same code printed as a QR image, agree.

#include "AccueilCommand.h"
#include "TestSupport.h"

#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/QrRender.h>

#include <nlohmann/json.hpp>

using namespace accueil::core;
using accueil::core::test::TempDir;

namespace {

std::pair<std::string, int> Accueil(std::vector<std::string> args) {
    return accueil::test::RunAccueil(std::move(args));
}

// Amina Diallo (Indico registration 6) holds kTicket and brings Mamadou, Indico's accompanying
// person kGuest; Lin Wei (7) holds kOtherTicket. The base64 forms are what Indico prints.
constexpr const char* kTicket = "0b5d1c3e-8f4a-4d2b-9c6e-7a1f2e3d4c5b";
constexpr const char* kTicketB64 = "C10cPo9KTSucbnofLj1MWw==";
constexpr const char* kGuestB64 = "Gis8TV5vShuMLT5PWmt8jQ==";
constexpr const char* kOtherB64 = "n459bFtKQ5KBcG9eTTwrGg==";
constexpr const char* kUnknownB64 = "wP/uABI0Sryd7wEjRWeJqw==";

const std::string kCsv =
    "id,given_name,family_name,delegation,category,role,gender,days,status,badge_version,ticket\n"
    "REG-1,Zoë,Łukasiewicz,Poland,State Party,Delegate,f,all,active,1,\n"
    "REG-2,Yao,Kouassi,Côte d'Ivoire,State Party,Delegate,m,all,active,1,\n"
    "6,Amina,Diallo,Senegal,State Party,Delegate,f,all,active,1,0b5d1c3e-8f4a-4d2b-9c6e-"
    "7a1f2e3d4c5b\n"
    "6-1a2b3c4d,Mamadou,Diallo,Senegal,State Party,Accompanying person,m,all,active,1,"
    "0b5d1c3e-8f4a-4d2b-9c6e-7a1f2e3d4c5b/1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d\n"
    "7,Lin,Wei,China,State Party,Delegate,f,all,active,1,9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a\n";

std::string V1(const std::string& id, const std::string& secret, const std::string& event) {
    return R"({"registrant_id":)" + id + R"(,"checkin_secret":")" + secret + R"(","event_id":)" +
           event + "}";
}

std::string V2(const std::vector<std::string>& ids) {
    std::string out = R"({"i":[2,"indico.un.org")";
    for (const auto& id : ids) {
        out += ",\"" + id + "\"";
    }
    return out + "]}";
}

class IndicoCli : public ::testing::Test {
protected:
    void SetUp() override {
        auto [pk, status] = Accueil({"badge", "keygen", "--out", m_dir.file("desk.key")});
        ASSERT_EQ(status, 0);
        pk.erase(pk.find_last_not_of("\r\n") + 1);
        m_dir.write("event.toml", test::EventToml() + "[badges]\npublic_keys = [\"" + pk +
                                      "\"]\naccept_indico = true\nindico_event_id = 1\n"
                                      "indico_server = \"indico.un.org\"\n");
        m_dir.write("kiosk.toml", test::KioskToml());
        m_kiosk = m_dir.file("kiosk.toml");
        ASSERT_EQ(Accueil({"import", "--config", m_kiosk, m_dir.write("list.csv", kCsv)}).second,
                  0);
    }

    nlohmann::json checkin(const std::string& payload, const std::string& at) {
        auto [out, status] =
            Accueil({"checkin", "--config", m_kiosk, "--payload", payload, "--at", at, "--json"});
        EXPECT_EQ(status, 0) << out;
        return nlohmann::json::parse(out, nullptr, false);
    }

    // What `scan --json` says of the code printed as a QR image (nothing is recorded).
    nlohmann::json scan(const std::string& payload) {
        const std::string png = m_dir.file("code-" + std::to_string(++m_images) + ".png");
        auto frame = accueil::scanner::RenderQr(payload, 6);
        EXPECT_TRUE(frame.ok());
        EXPECT_TRUE(accueil::scanner::WritePng(*frame, png).ok());
        auto [out, status] = Accueil({"scan", "--config", m_kiosk, "--json", png});
        EXPECT_EQ(status, 0) << out;
        return nlohmann::json::parse(out, nullptr, false);
    }

    std::string signedBadge(const std::string& id) {
        auto [token, status] =
            Accueil({"badge", "issue", "--key", m_dir.file("desk.key"), "--config", m_kiosk,
                     "--registrant", id, "--out", m_dir.file(id + ".png")});
        EXPECT_EQ(status, 0);
        token.erase(token.find_last_not_of("\r\n") + 1);
        return token;
    }

    TempDir m_dir;
    std::string m_kiosk;
    int m_images = 0;
};

} // namespace

// The contract: a v1 code with a wrong or missing secret is not_recognised; the right one is
// admitted, as the ticket's holder whatever id is printed beside it.
TEST_F(IndicoCli, AV1CodeIsAdmittedOnlyWithItsSecret) {
    const std::string forged = "00000000-0000-4000-8000-000000000000";
    const auto wrong = checkin(V1("6", forged, "1"), "2025-06-17T09:00:00+02:00");
    EXPECT_EQ(wrong["outcome"], "not_recognised");
    EXPECT_TRUE(wrong["registrant_id"].is_null());
    const auto missing =
        checkin(R"({"registrant_id":6,"event_id":1})", "2025-06-17T09:01:00+02:00");
    EXPECT_EQ(missing["outcome"], "not_recognised");
    const auto otherEvent = checkin(V1("6", kTicket, "2"), "2025-06-17T09:02:00+02:00");
    EXPECT_EQ(otherEvent["outcome"], "not_recognised");
    EXPECT_NE(otherEvent["reason"].get<std::string>().find("event 2"), std::string::npos);
    const auto right = checkin(V1("999", kTicket, "1"), "2025-06-17T09:03:00+02:00");
    EXPECT_EQ(right["outcome"], "admitted");
    EXPECT_EQ(right["registrant_id"], "6");
    EXPECT_EQ(right["name"], "Amina Diallo");
}

// For every kind of code, `scan --json` names the same person as the check-in and says
// "listed" exactly when the check-in found them; "valid" is whether the code itself holds.
TEST_F(IndicoCli, ScanDiagnosticsAgreeWithTheCheckInForEveryKindOfCode) {
    struct Case {
        std::string kind;
        std::string payload;
        std::string outcome;
        std::string registrant; ///< "" = nobody
        bool valid = true;      ///< the code itself holds (an Indico secret may match nobody)
    };
    const std::vector<Case> cases{
        {"signed", signedBadge("REG-1"), "admitted", "REG-1"},
        {"plain", "REG-2", "admitted", "REG-2"},
        {"indico v1", V1("6", kTicket, "1"), "admitted", "6"},
        {"indico v1 forged", V1("6", "00000000-0000-4000-8000-000000000000", "1"), "not_recognised",
         ""},
        {"indico v1 other event", V1("6", kTicket, "2"), "not_recognised", "", false},
        {"indico v2", V2({kOtherB64}), "admitted", "7"},
        {"accompanying person", V2({kTicketB64, kGuestB64}), "admitted", "6-1a2b3c4d"},
        {"accompanying person unknown", V2({kTicketB64, kUnknownB64}), "not_recognised", ""},
        {"accompanying person of another", V2({kOtherB64, kGuestB64}), "not_recognised", ""},
    };
    int minute = 10;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.kind);
        const nlohmann::json seen = scan(c.payload);
        ASSERT_TRUE(seen.is_object());
        EXPECT_EQ(seen["text"], c.payload);
        const nlohmann::json decided =
            checkin(c.payload, "2025-06-17T09:" + std::to_string(minute++) + ":00+02:00");
        ASSERT_TRUE(decided.is_object());
        EXPECT_EQ(decided["outcome"], c.outcome);
        EXPECT_EQ(seen["registrant_id"], decided["registrant_id"]);
        if (c.registrant.empty()) {
            EXPECT_TRUE(decided["registrant_id"].is_null());
        } else {
            EXPECT_EQ(decided["registrant_id"], c.registrant);
        }
        EXPECT_EQ(seen["listed"].get<bool>(), !c.registrant.empty());
        EXPECT_EQ(seen["valid"].get<bool>(), c.valid) << seen["reason"];
    }
}
