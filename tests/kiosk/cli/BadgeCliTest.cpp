// SPDX-License-Identifier: Apache-2.0
// Badges end to end through the `accueil` command: keygen, issue, scan, check in, refuse.

#include "AccueilCommand.h"
#include "TestSupport.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>

using namespace accueil::core;
using accueil::core::test::TempDir;

namespace {

std::pair<std::string, int> Accueil(std::vector<std::string> args) {
    return accueil::test::RunAccueil(std::move(args));
}

std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

const std::string kCsv =
    "id,given_name,family_name,delegation,category,role,gender,days,status,badge_version\n"
    "REG-1,Zoë,Łukasiewicz,Poland,State Party,Delegate,f,all,active,1\n"
    "REG-2,Yao,Kouassi,Côte d'Ivoire,State Party,Delegate,m,all,active,1\n";

class BadgeCli : public ::testing::Test {
protected:
    void SetUp() override {
        auto [pk, status] = Accueil({"badge", "keygen", "--out", m_dir.file("desk.key")});
        ASSERT_EQ(status, 0);
        m_publicKey = Trim(pk);
        ASSERT_TRUE(m_publicKey.starts_with("ACPK"));
        m_dir.write("event.toml",
                    test::EventToml() + "[badges]\npublic_keys = [\"" + m_publicKey + "\"]\n");
        m_dir.write("kiosk.toml", test::KioskToml());
        m_kiosk = m_dir.file("kiosk.toml");
        ASSERT_EQ(Accueil({"import", "--config", m_kiosk, m_dir.write("list.csv", kCsv)}).second,
                  0);
    }

    std::string issue(const std::string& id, const std::string& png) {
        auto [token, status] =
            Accueil({"badge", "issue", "--key", m_dir.file("desk.key"), "--config", m_kiosk,
                     "--registrant", id, "--out", m_dir.file(png)});
        EXPECT_EQ(status, 0);
        return Trim(token);
    }

    nlohmann::json checkin(const std::string& payload, const std::string& at) {
        auto [out, status] =
            Accueil({"checkin", "--config", m_kiosk, "--payload", payload, "--at", at, "--json"});
        EXPECT_EQ(status, 0) << out;
        return nlohmann::json::parse(out);
    }

    TempDir m_dir;
    std::string m_publicKey;
    std::string m_kiosk;
};

} // namespace

TEST_F(BadgeCli, AnIssuedBadgeImageIsReadVerifiedAndCheckedIn) {
    const std::string token = issue("REG-1", "reg1.png");
    EXPECT_TRUE(std::regex_match(token, std::regex("AC1[A-Z2-7]+")));
    EXPECT_LE(token.size(), 178U); // QR version 7 at error correction M

    auto [text, textStatus] = Accueil({"scan", "--text", m_dir.file("reg1.png")});
    EXPECT_EQ(textStatus, 0);
    EXPECT_EQ(Trim(text), token);

    auto [out, status] = Accueil({"scan", "--config", m_kiosk, "--checkin", "--json", "--at",
                                  "2025-06-17T09:00:00", m_dir.file("reg1.png")});
    ASSERT_EQ(status, 0) << out;
    const auto j = nlohmann::json::parse(out);
    EXPECT_EQ(j["valid"], true);
    EXPECT_EQ(j["registrant_id"], "REG-1");
    EXPECT_EQ(j["outcome"], "admitted");
}

TEST_F(BadgeCli, ForgedOtherKeyAndReplacedBadgesAreRefused) {
    const std::string token = issue("REG-2", "reg2.png");
    std::string forged = token;
    forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
    EXPECT_EQ(checkin(forged, "2025-06-17T09:00:00")["outcome"], "not_recognised");

    // A badge signed by a key the event does not list.
    ASSERT_EQ(Accueil({"badge", "keygen", "--out", m_dir.file("rogue.key")}).second, 0);
    auto [rogue, status] =
        Accueil({"badge", "issue", "--key", m_dir.file("rogue.key"), "--config", m_kiosk,
                 "--registrant", "REG-2", "--out", m_dir.file("rogue.png")});
    ASSERT_EQ(status, 0);
    EXPECT_EQ(checkin(Trim(rogue), "2025-06-17T09:01:00")["outcome"], "not_recognised");

    // Re-issued: version 2 in the list makes the version-1 badge a replaced one.
    std::string csv = kCsv;
    csv.replace(csv.rfind(",1\n"), 3, ",2\n");
    ASSERT_EQ(Accueil({"import", "--config", m_kiosk, m_dir.write("list2.csv", csv)}).second, 0);
    EXPECT_EQ(checkin(token, "2025-06-17T09:02:00")["outcome"], "replaced");
    EXPECT_EQ(checkin(issue("REG-2", "reg2b.png"), "2025-06-17T09:03:00")["outcome"], "admitted");
}

TEST_F(BadgeCli, ASignedBadgeOfSomeoneNotYetListedIsAdmittedFromTheBadge) {
    const std::string token = issue("REG-1", "reg1.png");
    // A second kiosk whose list does not have REG-1 yet.
    std::filesystem::create_directories(m_dir.path() / "door2");
    m_dir.write("door2/kiosk.toml",
                "[kiosk]\nid = \"door-2\"\ndatabase = \"k.db\"\nevent = \"../event.toml\"\n");
    const std::string door2 = m_dir.file("door2/kiosk.toml");
    // Its list so far: REG-2 alone (a kiosk's database starts with an import or a sync).
    const std::string reg2 = kCsv.substr(0, kCsv.find("REG-1")) + kCsv.substr(kCsv.find("REG-2"));
    ASSERT_EQ(Accueil({"import", "--config", door2, m_dir.write("door2/list.csv", reg2)}).second,
              0);
    auto [out, status] = Accueil({"checkin", "--config", door2, "--payload", token, "--at",
                                  "2025-06-17T09:00:00", "--json"});
    ASSERT_EQ(status, 0);
    const auto j = nlohmann::json::parse(out);
    EXPECT_EQ(j["outcome"], "admitted");
    EXPECT_EQ(j["registrant_id"], "REG-1");
    EXPECT_TRUE(j["name"].get<std::string>().starts_with("Zoë")) << j["name"];
}

// The print-ready PDF: one A6 page at 300 dpi whose badge, rasterised again by another
// program (poppler's pdftoppm, as a print pipeline would), reads back and checks in; the image
// is marked not to be smoothed, so the QR code's edges stay sharp on any printer.
TEST_F(BadgeCli, APdfBadgeReadsBackFromItsPrintedPage) {
    const std::string token = issue("REG-2", "reg2.pdf");
    std::ifstream in(m_dir.file("reg2.pdf"), std::ios::binary);
    const std::string pdf{std::istreambuf_iterator<char>(in), {}};
    ASSERT_TRUE(pdf.starts_with("%PDF-")) << pdf.substr(0, 16);
    EXPECT_NE(pdf.find("/Interpolate false"), std::string::npos);
    EXPECT_EQ(pdf.find("/Type /Page\n", pdf.find("/Type /Page\n") + 1), std::string::npos)
        << "one page";

    accueil::test::ChildProcess raster({"/usr/bin/pdftoppm", "-r", "300", "-gray", "-singlefile",
                                        m_dir.file("reg2.pdf"), m_dir.file("page")});
    ASSERT_EQ(raster.finish().second, 0);
    auto [text, read] = Accueil({"scan", "--text", m_dir.file("page.pgm")});
    ASSERT_EQ(read, 0);
    EXPECT_EQ(Trim(text), token);
    EXPECT_EQ(checkin(token, "2025-06-17T09:00:00")["outcome"], "admitted");
}

TEST_F(BadgeCli, KeysAreNeverOverwrittenAndBadConfigKeysAreRefused) {
    EXPECT_NE(Accueil({"badge", "keygen", "--out", m_dir.file("desk.key")}).second, 0);
    m_dir.write("event.toml", test::EventToml() + "[badges]\npublic_keys = [\"ACPKNOPE\"]\n");
    auto [out, status] = Accueil({"find", "--config", m_kiosk, "x"});
    EXPECT_EQ(status, 3);
}
