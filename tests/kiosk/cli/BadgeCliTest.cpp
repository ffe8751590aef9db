// SPDX-License-Identifier: Apache-2.0
// Badges end to end through the `accueil` command: keygen, issue, scan, check in, refuse.

#include "AccueilCommand.h"
#include "TestSupport.h"

#include <accueil/core/RegistrantImport.h>
#include <accueil/scanner/Decoder.h>
#include <accueil/scanner/FrameView.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <vector>

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

namespace {

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

/// The text of a PDF as poppler's pdftotext extracts it, without the bidi marks it puts
/// around right-to-left runs.
std::string PdfText(const std::string& pdf) {
    accueil::test::ChildProcess text({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf, "-"});
    std::string out = text.finish().first;
    // LRE, RLE and PDF (U+202A to U+202C), built from their UTF-8 bytes.
    for (int last = 0xAA; last <= 0xAC; ++last) {
        const std::string mark{'\xE2', '\x80', static_cast<char>(last)};
        for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark)) {
            out.erase(at, mark.size());
        }
    }
    return out;
}

} // namespace

// The desk prints the whole demo list as one PDF: every page, rasterised by poppler at
// 150 dpi as a print pipeline would, reads back with the project's decoder as the token issued
// for it, in order; and every name of the list (Latin, Greek, Cyrillic, Arabic, Chinese,
// Vietnamese) is in the file's text.
TEST_F(BadgeCli, EveryBadgeOfTheDemoListReadsBackFromThePrintFile) {
    auto [csv, made] =
        Accueil({"demo-data", "--count", "300", "--event", m_dir.file("event.toml")});
    ASSERT_EQ(made, 0);
    ASSERT_EQ(Accueil({"import", "--config", m_kiosk, m_dir.write("demo.csv", csv)}).second, 0);
    auto [tokens, status] = Accueil({"badge", "issue", "--key", m_dir.file("desk.key"), "--config",
                                     m_kiosk, "--all", "--pdf", m_dir.file("all.pdf")});
    ASSERT_EQ(status, 0);
    const std::vector<std::string> issued = Lines(tokens);
    ASSERT_GT(issued.size(), 250U);
    EXPECT_FALSE(std::filesystem::exists(m_dir.file("all.pdf.part")));

    std::filesystem::create_directories(m_dir.path() / "pages");
    accueil::test::ChildProcess raster(
        {"/usr/bin/pdftoppm", "-r", "150", "-gray", m_dir.file("all.pdf"), m_dir.file("pages/p")});
    ASSERT_EQ(raster.finish().second, 0);
    std::vector<std::filesystem::path> pages;
    for (const auto& entry : std::filesystem::directory_iterator(m_dir.path() / "pages")) {
        pages.push_back(entry.path());
    }
    std::sort(pages.begin(), pages.end()); // p-001.pgm, p-002.pgm… in page order
    ASSERT_EQ(pages.size(), issued.size());
    for (std::size_t i = 0; i < pages.size(); ++i) {
        auto image = accueil::scanner::LoadImageFile(pages[i].string());
        ASSERT_TRUE(image) << pages[i];
        const auto codes = accueil::scanner::Decode(image->view());
        ASSERT_EQ(codes.size(), 1U) << pages[i];
        EXPECT_EQ(codes.front().text, issued[i]) << pages[i];
    }

    const std::string text = PdfText(m_dir.file("all.pdf"));
    auto rows = accueil::core::ParseCsv(csv, "demo.csv");
    ASSERT_TRUE(rows);
    int names = 0;
    for (std::size_t r = 1; r < rows->size(); ++r) {
        const std::vector<std::string>& row = (*rows)[r].fields;
        if (row.at(8) != "active") {
            continue;
        }
        EXPECT_NE(text.find(row.at(1)), std::string::npos) << row.at(0) << " " << row.at(1);
        EXPECT_NE(text.find(row.at(2)), std::string::npos) << row.at(0) << " " << row.at(2);
        ++names;
    }
    EXPECT_EQ(static_cast<std::size_t>(names) + 2, issued.size()); // and the fixture's two
}

// A5 with crop marks: each page is the badge plus an 8 mm margin on every side; a size that
// is not a badge, or crop marks without a print file, is refused and writes nothing.
TEST_F(BadgeCli, ThePrintFileTakesASizeAndCropMarks) {
    auto [tokens, status] =
        Accueil({"badge", "issue", "--key", m_dir.file("desk.key"), "--config", m_kiosk, "--all",
                 "--pdf", m_dir.file("a5.pdf"), "--size", "A5", "--crop-marks"});
    ASSERT_EQ(status, 0);
    EXPECT_EQ(Lines(tokens).size(), 2U);
    accueil::test::ChildProcess info({"/usr/bin/pdfinfo", m_dir.file("a5.pdf")});
    const std::string said = info.finish().first;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(said, m, std::regex(R"(Pages:\s+(\d+))"))) << said;
    EXPECT_EQ(m[1].str(), "2");
    ASSERT_TRUE(std::regex_search(said, m, std::regex(R"(Page size:\s+([\d.]+) x ([\d.]+) pts)")));
    constexpr double kPointsPerMm = 72 / 25.4;
    EXPECT_NEAR(std::stod(m[1].str()), (148 + 16) * kPointsPerMm, 0.5);
    EXPECT_NEAR(std::stod(m[2].str()), (210 + 16) * kPointsPerMm, 0.5);

    for (const std::vector<std::string>& wrong :
         {std::vector<std::string>{"--size", "20x30"},
          {"--size", "148x105"},
          {"--size", "B5"},
          {"--crop-marks", "--out-dir", m_dir.file("pngs")}}) {
        std::vector<std::string> args{"badge",    "issue", "--key", m_dir.file("desk.key"),
                                      "--config", m_kiosk, "--all"};
        args.insert(args.end(), wrong.begin(), wrong.end());
        if (wrong.front() == "--size") {
            args.insert(args.end(), {"--pdf", m_dir.file("wrong.pdf")});
        }
        auto [out, refused] = Accueil(args);
        EXPECT_EQ(refused, 4) << wrong.back(); // bad input
        EXPECT_EQ(out, "") << wrong.back();
    }
    EXPECT_FALSE(std::filesystem::exists(m_dir.file("wrong.pdf")));
    EXPECT_FALSE(std::filesystem::exists(m_dir.file("pngs")));
}

// A name with a character no installed font has is still issued, and the desk is told which
// character will print as an empty box.
TEST_F(BadgeCli, ACharacterNoFontDrawsIsNamedToTheDesk) {
    ASSERT_EQ(Accueil({"import", "--config", m_kiosk,
                       m_dir.write("odd.csv",
                                   "id,given_name,family_name,delegation,category,role,gender,"
                                   "days,status,badge_version\n"
                                   "REG-3,Zoë \U000F0001,Ivanova,Poland,State Party,Delegate,f,"
                                   "all,active,1\n")})
                  .second,
              0);
    accueil::test::ChildProcess run(
        {"/bin/sh", "-c",
         R"(exec "$0" badge issue --key "$1" --config "$2" --registrant REG-3 --pdf "$3" 2>&1)",
         accueil::test::kAccueil, m_dir.file("desk.key"), m_kiosk, m_dir.file("odd.pdf")});
    auto [said, status] = run.finish();
    EXPECT_EQ(status, 0) << said;
    EXPECT_NE(said.find("REG-3"), std::string::npos) << said;
    EXPECT_NE(said.find("U+F0001"), std::string::npos) << said;
    EXPECT_TRUE(std::filesystem::exists(m_dir.file("odd.pdf")));
}
