// SPDX-License-Identifier: Apache-2.0
// `accueil central report --format xlsx|pdf --out FILE` and `central freeze --out-dir DIR`
// (docs/reports.md, "Documents"), as the real binary on a real central database; the files
// read back with unzip, pdfinfo and pdftotext, as a person's programs would open them.

#include "AccueilProcess.h"
#include "SyncTestEnv.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

namespace accueil::sync::test {
namespace {

const std::string kDay = "2025-06-17";
const std::string kMorningAfter = "2025-06-18T09:00:00";
const std::string kHyperlink = R"x(=HYPERLINK("http://x","y"))x";

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// XML text as written in a file: &amp; &lt; &gt; &quot; &apos; read back.
std::string Unescape(std::string text) {
    for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
             {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
        for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at)) {
            text.replace(at, entity.size(), c);
            at += c.size();
        }
    }
    return text;
}

// A workbook read back as a spreadsheet program would: its sheets' names in order, and each
// sheet's cells (shared strings resolved) row by row; formulas kept apart.
struct Workbook {
    std::vector<std::string> names;
    std::vector<std::vector<std::vector<std::string>>> sheets;
    std::vector<std::string> sheetXml;

    static Workbook Open(const std::string& path) {
        Workbook book;
        const auto part = [&](const std::string& name) {
            auto [text, status] = CommandOutput({"unzip", "-p", path, name});
            EXPECT_EQ(status, 0) << name << ": " << text;
            return text;
        };
        const std::string workbook = part("xl/workbook.xml");
        const std::regex sheet(R"re(<sheet name="([^"]*)")re");
        for (std::sregex_iterator it(workbook.begin(), workbook.end(), sheet), end; it != end;
             ++it) {
            book.names.push_back(Unescape((*it)[1]));
        }
        std::vector<std::string> strings;
        const std::string shared = part("xl/sharedStrings.xml");
        const std::regex si(R"(<si><t[^>]*>([^<]*)</t></si>)");
        for (std::sregex_iterator it(shared.begin(), shared.end(), si), end; it != end; ++it) {
            strings.push_back(Unescape((*it)[1]));
        }
        const std::regex row(R"(<row [^>]*>(.*?)</row>)");
        const std::regex cell(R"(<c r="[A-Z]+\d+"([^>]*?)(?:/>|>(.*?)</c>))");
        const std::regex value(R"(<v>([^<]*)</v>)");
        for (std::size_t i = 1; i <= book.names.size(); ++i) {
            const std::string xml = part("xl/worksheets/sheet" + std::to_string(i) + ".xml");
            book.sheetXml.push_back(xml);
            std::vector<std::vector<std::string>> rows;
            for (std::sregex_iterator r(xml.begin(), xml.end(), row), end; r != end; ++r) {
                const std::string cells = (*r)[1];
                std::vector<std::string> out;
                for (std::sregex_iterator c(cells.begin(), cells.end(), cell); c != end; ++c) {
                    std::smatch v;
                    const std::string inner = (*c)[2];
                    std::string text =
                        std::regex_search(inner, v, value) ? std::string(v[1]) : std::string();
                    if (std::string((*c)[1]).find("t=\"s\"") != std::string::npos) {
                        text = strings.at(std::stoul(text));
                    }
                    out.push_back(text);
                }
                rows.push_back(out);
            }
            book.sheets.push_back(rows);
        }
        return book;
    }

    // The row of `sheet` whose first cell is `first`.
    std::vector<std::string> row(const std::string& sheet, const std::string& first) const {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (names[i] != sheet) {
                continue;
            }
            for (const auto& r : sheets[i]) {
                if (!r.empty() && r.front() == first) {
                    return r;
                }
            }
        }
        return {};
    }
};

std::string PdfText(const std::string& path, int page = 0) {
    std::vector<std::string> command{"pdftotext", "-layout"};
    if (page > 0) {
        command.insert(command.end(), {"-f", std::to_string(page), "-l", std::to_string(page)});
    }
    command.insert(command.end(), {path, "-"});
    auto [text, status] = CommandOutput(command);
    EXPECT_EQ(status, 0) << text;
    return text;
}

int PdfPages(const std::string& path) {
    auto [info, status] = CommandOutput({"pdfinfo", path});
    EXPECT_EQ(status, 0) << info;
    std::smatch m;
    return std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")) ? std::stoi(m[1]) : 0;
}

struct ReportDocuments : ::testing::Test {
    TempDir dir;
    std::string central = dir.file("central.toml");
    core::EventConfig event = TestEvent();

    // The example event with delegation groups, and `languages` when given.
    void writeEvent(const std::string& languages) const {
        std::string text = ReadAll(ACCUEIL_SOURCE_DIR "/config/event.toml");
        if (!languages.empty()) {
            const auto venue = text.find("venue = ");
            text.insert(venue, "languages = " + languages + "\n");
        }
        text += "\n[reports.groups]\n\"States Parties\" = [\"State Party\"]\n"
                "\"Observer States\" = [\"Observer State\"]\n";
        WriteFile(dir.file("event.toml"), text);
    }

    void SetUp() override {
        writeEvent("");
        WriteFile(central, "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n"
                           "log_level = \"warn\"\n");
        ASSERT_EQ(Accueil({"central", "--config", central, "init"}), 0);
    }

    // The list, and each listed ID's entry on kDay at its time (an empty time: not come).
    void meeting(const std::string& rows, const std::vector<std::pair<std::string, int>>& came) {
        WriteFile(dir.file("list.csv"),
                  "id,given_name,family_name,gender,status,delegation,category,role\n" + rows);
        ASSERT_EQ(Accueil({"central", "--config", central, "import", dir.file("list.csv")}), 0);
        auto store = OpenSqliteCentralStore(dir.file("central.db"), event, false);
        ASSERT_TRUE(store);
        std::vector<core::AttendanceEvent> entries;
        int n = 0;
        for (const auto& [id, minutes] : came) {
            core::AttendanceEvent e;
            e.uuid = "0190a6d2-0000-7000-8000-" + [&] {
                std::string tail = std::to_string(++n);
                return std::string(12 - tail.size(), '0') + tail;
            }();
            e.registrantId = id;
            e.day = kDay;
            e.kioskId = "door-1";
            e.at = At(event, kDay, minutes / 60, minutes % 60);
            entries.push_back(e);
        }
        ASSERT_TRUE((*store)->storeBatch(PushBatch{"door-1", entries, {}, {}, {}}));
    }

    // Seven people came: Norway's three (a head among them), Chile's head, the Holy See's
    // head, and two NGOs whose names a spreadsheet would run as formulas.
    void smallMeeting() {
        meeting("N1,Ana,Uno,female,active,Norway,State Party,Head of delegation\n"
                "N2,Bo,Dos,male,active,Norway,State Party,\n"
                "N3,Cy,Tres,,active,Norway,State Party,\n"
                "N4,Di,Cuatro,female,active,Norway,State Party,\n"
                "C1,Dora,Cinco,female,active,Chile,State Party,Head of delegation\n"
                "H1,Eli,Seis,male,active,Holy See,Observer State,Head of delegation\n"
                "X1,Fay,Siete,female,active,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",NGO,\n"
                "X2,Gus,Ocho,other,active,@SUM(A1),NGO,\n",
                {{"N1", 8 * 60 + 10},
                 {"N2", 8 * 60 + 20},
                 {"N3", 8 * 60 + 40},
                 {"C1", 9 * 60 + 5},
                 {"H1", 9 * 60 + 10},
                 {"X1", 9 * 60 + 12},
                 {"X2", 9 * 60 + 14}});
    }

    std::pair<std::string, int> report(std::vector<std::string> extra) const {
        std::vector<std::string> args{"central", "report", "--config", central};
        args.insert(args.end(), extra.begin(), extra.end());
        return AccueilOutput(args);
    }
};

TEST_F(ReportDocuments, TheWorkbookHasASheetPerTableWithTheJsonsNumbers) {
    smallMeeting();
    const std::string file = dir.file("day.xlsx");
    auto [out, status] = report({"--day", kDay, "--format", "xlsx", "--out", file});
    ASSERT_EQ(status, 0) << out;
    EXPECT_EQ(ReadAll(file).substr(0, 2), "PK"); // a zip, as every XLSX is

    const Workbook book = Workbook::Open(file);
    EXPECT_EQ(book.names, (std::vector<std::string>{"Summary", "Rows", "Delegations", "Categories",
                                                    "Groups", "Arrivals", "Inside now"}));
    // Hand-counted: of Norway, N1 (a woman), N2 (a man) and N3 (undisclosed) came, N4 did not.
    EXPECT_EQ(book.row("Delegations", "Norway"),
              (std::vector<std::string>{"Norway", "1", "1", "0", "1", "3", "0.3333"}));
    EXPECT_EQ(book.row("Delegations", "Chile"),
              (std::vector<std::string>{"Chile", "1", "0", "0", "0", "1", "1"}));
    EXPECT_EQ(book.row("Delegations", "Delegation"),
              (std::vector<std::string>{"Delegation", "Women", "Men", "Other", "Undisclosed",
                                        "Present", "% women"}));
    EXPECT_EQ(book.row("Categories", "State Party"),
              (std::vector<std::string>{"State Party", "2", "1", "0", "1", "4", "0.5"}));
    EXPECT_EQ(book.row("Groups", "States Parties"),
              (std::vector<std::string>{"States Parties", "State Party", "2", "Chile, Norway"}));
    EXPECT_EQ(book.row("Arrivals", kDay).size(), 3U);
    // Zones by the event's name for them, not the id the log carries.
    EXPECT_EQ(book.row("Inside now", "Building").size(), 2U);
    EXPECT_TRUE(book.row("Inside now", "building").empty());
    EXPECT_EQ(book.row("Summary", "Distinct participants"),
              (std::vector<std::string>{"Distinct participants", "7"}));
    // The heads: Ana, Dora (women) and Eli (a man).
    EXPECT_EQ(book.row("Summary", "Head of delegation"),
              (std::vector<std::string>{"Head of delegation", "2", "1", "0", "0", "3", "0.6667"}));
    // The names a spreadsheet would run are strings in the file: no formula anywhere.
    EXPECT_EQ(book.row("Delegations", kHyperlink).size(), 7U);
    EXPECT_EQ(book.row("Delegations", "@SUM(A1)").size(), 7U);
    for (std::size_t i = 0; i < book.sheetXml.size(); ++i) {
        EXPECT_EQ(book.sheetXml[i].find("<f>"), std::string::npos) << book.names[i];
        EXPECT_EQ(book.sheetXml[i].find("<f "), std::string::npos) << book.names[i];
        // The header row stays in sight.
        EXPECT_NE(book.sheetXml[i].find("state=\"frozen\""), std::string::npos) << book.names[i];
    }
    auto [styles, stylesStatus] = CommandOutput({"unzip", "-p", file, "xl/styles.xml"});
    EXPECT_NE(styles.find("formatCode=\"0.0%\""), std::string::npos) << styles;

    // The CSV neutralises the same names: a leading apostrophe, so they read as text.
    auto [csv, csvStatus] = report({"--day", kDay});
    ASSERT_EQ(csvStatus, 0) << csv;
    EXPECT_NE(csv.find(R"csv("'=HYPERLINK(""http://x"",""y"")")csv"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",'@SUM(A1),"), std::string::npos) << csv;
}

TEST_F(ReportDocuments, ThePdfSaysWhoseMeetingWhenAndEachDelegationsNumbers) {
    smallMeeting();
    ASSERT_EQ(AccueilOutput(
                  {"central", "freeze", "--config", central, "--day", kDay, "--at", kMorningAfter})
                  .second,
              0);
    const nlohmann::json json = JsonOf(report({"--day", kDay, "--format", "json"}).first);
    ASSERT_TRUE(json.is_object());
    const std::string asOfLocal = json["frozen"][kDay]["as_of_local"];
    const std::string file = dir.file("day.pdf");
    auto [out, status] = report({"--day", kDay, "--format", "pdf", "--out", file});
    ASSERT_EQ(status, 0) << out;

    const int pages = PdfPages(file);
    ASSERT_GE(pages, 1);
    const std::string text = PdfText(file);
    EXPECT_NE(text.find("Intersessional Meetings"), std::string::npos) << text;
    EXPECT_NE(text.find("CICG, Geneva"), std::string::npos) << text;
    EXPECT_NE(text.find("17 June 2025"), std::string::npos) << text;
    // As of the snapshot, in Geneva's time with its offset.
    EXPECT_NE(text.find("As of: "), std::string::npos) << text;
    EXPECT_NE(text.find(asOfLocal.substr(11, 8) + " (UTC" + asOfLocal.substr(19) + ")"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("frozen"), std::string::npos) << text;
    const auto has = [&](const std::string& pattern) {
        return std::regex_search(text, std::regex(pattern));
    };
    EXPECT_TRUE(has(R"(Norway\s+1\s+1\s+0\s+1\s+3\s+33\.3%)")) << text;
    EXPECT_TRUE(has(R"(Chile\s+1\s+0\s+0\s+0\s+1\s+100\.0%)")) << text;
    EXPECT_TRUE(has(R"(Holy See\s+0\s+1\s+0\s+0\s+1\s+0\.0%)")) << text;
    EXPECT_TRUE(has(R"(Head of delegation\s+2\s+1\s+0\s+0\s+3\s+66\.7%)")) << text;
    EXPECT_TRUE(has(R"(Distinct participants: 7)")) << text;
    EXPECT_NE(text.find("Arrivals per 15 minutes"), std::string::npos) << text;
    EXPECT_NE(text.find("Gender balance by delegation group"), std::string::npos) << text;
    EXPECT_TRUE(has(R"(n = 4\s+50\.0%)")) << text; // States Parties' bar
    for (int page = 1; page <= pages; ++page) {
        EXPECT_NE(PdfText(file, page)
                      .find("Page " + std::to_string(page) + " of " + std::to_string(pages)),
                  std::string::npos)
            << page;
    }
}

TEST_F(ReportDocuments, InFrenchAndByDefaultInTheEventsFirstLanguage) {
    writeEvent(R"(["fr", "en"])");
    smallMeeting();
    const std::string file = dir.file("jour.pdf");
    auto [out, status] = report({"--day", kDay, "--format", "pdf", "--out", file});
    ASSERT_EQ(status, 0) << out;
    const std::string text = PdfText(file);
    EXPECT_NE(text.find("Réunions intersessions"), std::string::npos) << text;
    EXPECT_NE(text.find("Page 1 sur " + std::to_string(PdfPages(file))), std::string::npos) << text;
    for (const char* word :
         {"Délégation", "Femmes", "Hommes", "Autre", "Non précisé", "Présents", "% de femmes",
          "Chefs de délégation", "Arrivées par quart d'heure", "Participants distincts : 7",
          "Situation au : ", "Dates : 17 juin 2025"}) {
        EXPECT_NE(text.find(word), std::string::npos) << word << "\n" << text;
    }
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(Norway\s+1\s+1\s+0\s+1\s+3\s+33,3 %)")))
        << text;
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(Bâtiment\s+7)"))) << text;
    // Asked for in English, English it is; the workbook's sheets are named in French.
    ASSERT_EQ(report({"--day", kDay, "--format", "pdf", "--lang", "en", "--out", file}).second, 0);
    EXPECT_NE(PdfText(file).find("Page 1 of"), std::string::npos);
    const std::string book = dir.file("jour.xlsx");
    ASSERT_EQ(report({"--day", kDay, "--format", "xlsx", "--out", book}).second, 0);
    EXPECT_EQ(Workbook::Open(book).names,
              (std::vector<std::string>{"Résumé", "Lignes", "Délégations", "Catégories", "Groupes",
                                        "Arrivées", "Présents sur place"}));
    EXPECT_NE(report({"--day", kDay, "--format", "pdf", "--lang", "es", "--out", file}).second, 0);
}

TEST_F(ReportDocuments, ALongTableContinuesOnTheNextPageUnderItsHeader) {
    std::string rows;
    std::vector<std::pair<std::string, int>> came;
    for (int i = 1; i <= 120; ++i) {
        const std::string n = (i < 10 ? "00" : i < 100 ? "0" : "") + std::to_string(i);
        rows += "D" + n + ",Given,Family,";
        rows += i % 2 == 0 ? "female" : "male";
        rows += ",active,Delegation " + n + ",State Party,\n";
        came.emplace_back("D" + n, 8 * 60 + i % 90);
    }
    meeting(rows, came);
    const std::string file = dir.file("long.pdf");
    auto [out, status] = report({"--format", "pdf", "--out", file});
    ASSERT_EQ(status, 0) << out;
    const int pages = PdfPages(file);
    EXPECT_GE(pages, 3);
    const std::string second = PdfText(file, 2);
    EXPECT_NE(second.find("Attendance by delegation and gender (continued)"), std::string::npos)
        << second;
    EXPECT_TRUE(std::regex_search(second, std::regex(R"(Delegation\s+Women\s+Men)"))) << second;
    EXPECT_NE(second.find("Page 2 of " + std::to_string(pages)), std::string::npos) << second;
    // Every delegation is somewhere, once.
    const std::string text = PdfText(file);
    for (const char* d : {"Delegation 001 ", "Delegation 060 ", "Delegation 120 "}) {
        EXPECT_NE(text.find(d), std::string::npos) << d;
    }
}

// Delegations written in Chinese, Arabic and Russian are printed with fonts that have their
// characters (fontconfig's fallback from Noto Sans): the file embeds a CJK and an Arabic face,
// and its text gives the names back, each with its numbers.
TEST_F(ReportDocuments, ADelegationInAnyScriptIsPrintedWithAFontThatHasIt) {
    meeting("Z1,Xiu,Wang,female,active,中国,State Party,\n"
            "E1,Amr,Said,male,active,مصر,State Party,\n"
            "R1,Olga,Ivanova,female,active,Россия,State Party,\n",
            {{"Z1", 8 * 60}, {"E1", 8 * 60 + 5}, {"R1", 8 * 60 + 9}});
    const std::string file = dir.file("scripts.pdf");
    auto [out, status] = report({"--format", "pdf", "--out", file});
    ASSERT_EQ(status, 0) << out;
    auto [fonts, listed] = CommandOutput({"pdffonts", file});
    ASSERT_EQ(listed, 0);
    EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
    EXPECT_NE(fonts.find("Arabic"), std::string::npos) << fonts;
    const std::string text = PdfText(file);
    EXPECT_TRUE(std::regex_search(text, std::regex("中国\\s+1\\s+0\\s+0\\s+0\\s+1"))) << text;
    EXPECT_TRUE(std::regex_search(text, std::regex("Россия\\s+1\\s+0"))) << text;
    EXPECT_NE(text.find("مصر"), std::string::npos) << text;
}

TEST_F(ReportDocuments, FreezeWritesEachFrozenDaysFourFiles) {
    smallMeeting();
    const std::string out = dir.file("reports");
    auto [froze, status] = AccueilOutput(
        {"central", "freeze", "--config", central, "--at", kMorningAfter, "--out-dir", out});
    ASSERT_EQ(status, 0) << froze;
    const std::string base = out + "/apmbc-ism-2025-" + kDay;
    for (const char* ext : {".csv", ".json", ".xlsx", ".pdf"}) {
        EXPECT_TRUE(std::filesystem::exists(base + ext)) << ext << "\n" << froze;
    }
    EXPECT_FALSE(std::filesystem::exists(out + "/apmbc-ism-2025-2025-06-18.json")); // not over
    // The files say what the report says.
    nlohmann::json file = nlohmann::json::parse(ReadAll(base + ".json"));
    nlohmann::json printed = JsonOf(report({"--day", kDay, "--format", "json"}).first);
    for (nlohmann::json* j : {&file, &printed}) {
        j->erase("generated_at");
        j->erase("inside_now");
        (*j)["frozen"][kDay].erase("list_changed_since");
    }
    EXPECT_EQ(file, printed);
    EXPECT_EQ(ReadAll(base + ".csv"), report({"--day", kDay}).first);
    EXPECT_GE(PdfPages(base + ".pdf"), 1);
    EXPECT_EQ(Workbook::Open(base + ".xlsx").names.front(), "Summary");

    // A night that lost a file: the next run writes it again, and keeps the snapshot.
    std::filesystem::remove(base + ".pdf");
    std::tie(froze, status) = AccueilOutput(
        {"central", "freeze", "--config", central, "--at", kMorningAfter, "--out-dir", out});
    EXPECT_EQ(status, 0) << froze;
    EXPECT_NE(froze.find("2025-06-17 was already frozen"), std::string::npos) << froze;
    EXPECT_TRUE(std::filesystem::exists(base + ".pdf")) << froze;
}

TEST_F(ReportDocuments, AFileIsWrittenWholeOrNotAtAll) {
    smallMeeting();
    auto [noOut, noOutStatus] = report({"--format", "xlsx"});
    EXPECT_EQ(noOutStatus, 4) << noOut;
    EXPECT_NE(noOut.find("--format xlsx writes a file: give it with --out FILE"), std::string::npos)
        << noOut;
    EXPECT_EQ(report({"--format", "pdf"}).second, 4);

    // A folder that cannot be: its parent is a file.
    WriteFile(dir.file("plain"), "a file, not a folder");
    for (const char* format : {"xlsx", "pdf", "json", "csv"}) {
        const std::string target = dir.file("plain") + "/report." + format;
        auto [out, status] = report({"--format", format, "--out", target});
        EXPECT_EQ(status, 5) << format << ": " << out;
        EXPECT_NE(out.find("cannot write the report to " + target), std::string::npos) << out;
    }
    // Over an existing file that cannot be replaced (a folder by that name): nothing left over.
    std::filesystem::create_directories(dir.file("taken.pdf"));
    auto [taken, takenStatus] = report({"--format", "pdf", "--out", dir.file("taken.pdf")});
    EXPECT_EQ(takenStatus, 5) << taken;
    EXPECT_FALSE(std::filesystem::exists(dir.file("taken.pdf.tmp")));
    EXPECT_TRUE(std::filesystem::is_directory(dir.file("taken.pdf")));

    // --out works for the text formats too: the same bytes as standard output.
    const std::string csv = dir.file("day.csv");
    ASSERT_EQ(report({"--day", kDay, "--out", csv}).second, 0);
    EXPECT_EQ(ReadAll(csv), report({"--day", kDay}).first);
}

} // namespace
} // namespace accueil::sync::test
