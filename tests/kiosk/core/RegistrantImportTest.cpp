// SPDX-License-Identifier: Apache-2.0
#include "TestSupport.h"

#include <accueil/core/DemoRegistrants.h>
#include <accueil/core/RegistrantImport.h>

#include <fstream>
#include <sstream>

using namespace accueil::core;
using accueil::core::test::TempDir;

namespace {

const std::string kHeader =
    "id,given_name,family_name,delegation,category,role,gender,days,status,badge_version\n";

Result<RegistrantList> Parse(const std::string& csv, const ImportSettings& settings = {}) {
    static const EventConfig event = test::MakeEvent();
    return ParseRegistrantCsv(csv, "list.csv", settings, *event.calendar);
}

std::string ErrorOf(const std::string& csv) {
    auto r = Parse(csv);
    EXPECT_FALSE(r.ok()) << csv;
    return r.ok() ? "" : r.error().message;
}

} // namespace

TEST(Csv, HandlesQuotingBomCrlfAndEmbeddedNewlines) {
    const std::string csv = "\xEF\xBB\xBF"
                            "a,b,c\r\n"
                            "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
                            "\r\n"
                            ",,\n"
                            "last,\"\",z";
    auto records = ParseCsv(csv, "t.csv");
    ASSERT_TRUE(records.ok()) << records.error().message;
    ASSERT_EQ(records->size(), 4U);
    EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ((*records)[1].fields,
              (std::vector<std::string>{"x, y", "say \"hi\"", "two\r\nlines"}));
    EXPECT_EQ((*records)[1].line, 2);
    EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"", "", ""}));
    EXPECT_EQ((*records)[2].line, 5); // line numbers count the newline inside the quotes
    EXPECT_EQ((*records)[3].fields, (std::vector<std::string>{"last", "", "z"}));
}

TEST(Csv, BrokenQuotingIsAnErrorWithItsLine) {
    auto open = ParseCsv("a,b\n1,\"never closed\n2,3\n", "t.csv");
    ASSERT_FALSE(open.ok());
    EXPECT_EQ(open.error().message, "t.csv:2: a quoted field is never closed");
    auto stray = ParseCsv("a,b\n1,ab\"c\n", "t.csv");
    ASSERT_FALSE(stray.ok());
    EXPECT_NE(stray.error().message.find("t.csv:2: a quote inside an unquoted field"),
              std::string::npos);
    auto after = ParseCsv("a,b\n\"1\"x,2\n", "t.csv");
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().message, "t.csv:2: unexpected text after a closing quote");
}

TEST(RegistrantImport, ReadsTheDefaultColumns) {
    auto list =
        Parse(kHeader + "REG-1,Ana,Lima,Brazil,State Party,Delegate,F,all,active,1\n"
                        "REG-2,Jörg,Müller,Germany,State Party,Adviser,male,2025-06-17; 2025-06-19,"
                        "cancelled,3\n");
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->registrants.size(), 2U);
    const Registrant& a = list->registrants[0];
    EXPECT_EQ(a.gender, "female");
    EXPECT_TRUE(a.days.empty());
    EXPECT_EQ(a.status, RegistrantStatus::Active);
    const Registrant& b = list->registrants[1];
    EXPECT_EQ(b.familyName, "Müller");
    EXPECT_EQ(b.days, (std::vector<std::string>{"2025-06-17", "2025-06-19"}));
    EXPECT_EQ(b.status, RegistrantStatus::Cancelled);
    EXPECT_EQ(b.badgeVersion, 3);
    EXPECT_FALSE(list->fields.holdNote);
}

TEST(RegistrantImport, EachKindOfBadRowNamesLineAndColumn) {
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,all,active,1\n,A,B,N,S,R,f,all,active,1\n"),
              "list.csv:3: column \"id\": missing registrant ID");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,all,active,1\nREG-1,C,D,N,S,R,f,all,active,1\n"),
              "list.csv:3: column \"id\": duplicate ID \"REG-1\" (first on line 2)");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,all,withdrawn,1\n"),
              "list.csv:2: column \"status\": \"withdrawn\" is not active or cancelled (map it in "
              "[import.values.status])");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,2025-06-21,active,1\n"),
              "list.csv:2: column \"days\": 2025-06-21 is not a day of the event");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,17/06/2025,active,1\n"),
              "list.csv:2: column \"days\": \"17/06/2025\" is not a date (YYYY-MM-DD, separated "
              "by ';', or all)");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,Z\xFCrich,N,S,R,f,all,active,1\n"),
              "list.csv:2: column \"family_name\": not valid UTF-8 (save the file as UTF-8)");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,all,active,zero\n"),
              "list.csv:2: column \"badge_version\": \"zero\" is not a whole number ≥ 1");
    EXPECT_EQ(
        ErrorOf(kHeader + "REG-1,A,B,N,S,R,q,all,active,1\n"),
        "list.csv:2: column \"gender\": \"q\" is not one of female, male, other, undisclosed (map "
        "it in [import.values.gender])");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,all,active\n"),
              "list.csv:2: has 9 fields, the header has 10");
    EXPECT_EQ(ErrorOf("id,family_name\nREG-1,B\n"),
              "list.csv:1: no column \"given_name\" (for given_name); the header has: \"id\", "
              "\"family_name\" — set [import.columns] or [import] profile");
    EXPECT_EQ(ErrorOf(""), "list.csv: the file is empty (no header line)");
}

// IDs that would break later commands (a path, a space: they scan as unreadable and name badge
// files), control characters and giant fields are refused where they are, before anything is
// written.
TEST(RegistrantImport, IdsNamesAndFieldsAreCheckedStrictly) {
    const auto row = [](const std::string& id, const std::string& family) {
        return kHeader + "REG-1,A,B,N,S,R,f,all,active,1\n" + id + ",A," + family +
               ",N,S,R,f,all,active,1\n";
    };
    for (const std::string& id : std::vector<std::string>{"../../x", "REG 2", "-REG", "REG/2",
                                                          "R\xC3\xA9G-2", std::string(65, 'A')}) {
        EXPECT_EQ(ErrorOf(row(id, "B")),
                  "list.csv:3: column \"id\": \"" + id +
                      "\" is not a registrant ID: 1 to 64 of A-Z a-z 0-9 . _ -, starting with a "
                      "letter or a digit")
            << id;
    }
    EXPECT_EQ(ErrorOf(row("REG-2", std::string("Nu\0l", 4))),
              "list.csv:3: column \"family_name\": a control character (U+0000) at character 3");
    EXPECT_EQ(ErrorOf(row("REG-2", "Esc\x1B[31mape")),
              "list.csv:3: column \"family_name\": a control character (U+001B) at character 4");
    EXPECT_EQ(ErrorOf(row("REG-2", "Tab\there")),
              "list.csv:3: column \"family_name\": a control character (U+0009) at character 4");
    EXPECT_EQ(ErrorOf(row("REG-2", "C1\xC2\x85")),
              "list.csv:3: column \"family_name\": a control character (U+0085) at character 3");
    EXPECT_EQ(ErrorOf(row("REG-2", std::string(1'000'000, 'x'))),
              "list.csv:3: column \"family_name\": longer than 200 characters (1000000)");
    // 200 characters of any script are fine, as are the longest real names and IDs.
    std::string greek;
    for (int i = 0; i < 200; ++i) {
        greek += "Ω";
    }
    EXPECT_TRUE(Parse(row(std::string(64, 'A'), greek)).ok());
    EXPECT_TRUE(Parse(row("6-1a2b3c4d", "Łukasiewicz-Müller")).ok());
}

TEST(RegistrantImport, AColumnMapReadsOtherExports) {
    ImportSettings indico;
    indico.columns = {{"id", "ID"},
                      {"given_name", "First Name"},
                      {"family_name", "Last Name"},
                      {"delegation", "Affiliation"}};
    auto list = Parse("ID,First Name,Last Name,Affiliation,Email,Checked in\n"
                      "1042,Zoë,Côté,Côte d'Ivoire,z@example.org,No\n",
                      indico);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->registrants.size(), 1U);
    EXPECT_EQ(list->registrants[0].id, "1042");
    EXPECT_EQ(list->registrants[0].delegation, "Côte d'Ivoire");
    EXPECT_EQ(list->registrants[0].gender, "undisclosed");
}

TEST(RegistrantImport, ABadRowImportsNothingAndReimportUpdates) {
    TempDir dir;
    const KioskConfig config = test::MakeKiosk(dir);
    auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
    ASSERT_TRUE(store.ok()) << store.error().message;

    auto first = Parse(kHeader + "REG-1,Ana,Lima,Brazil,State Party,Delegate,f,all,active,1\n"
                                 "REG-2,Jo,Ng,Ghana,State Party,Delegate,m,all,active,1\n");
    ASSERT_TRUE(first.ok());
    auto s1 = store->upsertRegistrants(first->registrants);
    ASSERT_TRUE(s1.ok());
    EXPECT_EQ(s1->added, 2);

    // A file whose third row is bad is refused before the store is touched.
    auto bad = Parse(kHeader + "REG-1,Ana,Lima,Brazil,State Party,Delegate,f,all,active,2\n"
                               "REG-3,X,Y,Chile,State Party,Delegate,f,all,gone,1\n");
    EXPECT_FALSE(bad.ok());
    EXPECT_EQ(*store->registrantCount(), 2);
    EXPECT_EQ((*store->registrant("REG-1"))->badgeVersion, 1);

    auto second = Parse(kHeader + "REG-1,Ana,Lima,Brazil,State Party,Delegate,f,all,active,2\n"
                                  "REG-2,Jo,Ng,Ghana,State Party,Delegate,m,all,active,1\n"
                                  "REG-3,Lu,Wu,China,State not party,Expert,x,all,active,1\n");
    ASSERT_TRUE(second.ok());
    auto s2 = store->upsertRegistrants(second->registrants);
    ASSERT_TRUE(s2.ok());
    EXPECT_EQ(s2->added, 1);
    EXPECT_EQ(s2->updated, 1);
    EXPECT_EQ(s2->unchanged, 1);
    EXPECT_EQ((*store->registrant("REG-1"))->badgeVersion, 2);
}

TEST(RegistrantImport, HundredThousandRowsRoundTrip) {
    const EventConfig event = test::MakeEvent();
    const auto people = GenerateDemoRegistrants(100'000, event.calendar->days(), 7);
    auto list = ParseRegistrantCsv(ToCsv(people), "big.csv", {}, *event.calendar);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->registrants.size(), people.size());
    EXPECT_EQ(list->registrants[54'321], people[54'321]);

    TempDir dir;
    auto store = AttendanceStore::Open(dir.file("big.db"), event, "door-1");
    ASSERT_TRUE(store.ok());
    auto summary = store->upsertRegistrants(list->registrants);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->added, 100'000);
    EXPECT_EQ(*store->registrantCount(), 100'000);
}

namespace {

std::string ReadFixture(const std::string& name) {
    std::ifstream in(std::string(ACCUEIL_SOURCE_DIR) + "/tests/data/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ImportSettings Indico() {
    auto settings = ImportProfile("indico");
    EXPECT_TRUE(settings.has_value());
    return settings.value_or(ImportSettings{});
}

} // namespace

TEST(RegistrantImport, ValueMapsTranslateStatusGenderAndCategory) {
    ImportSettings settings;
    settings.status.set("Confirmed", "active");
    settings.status.set("Declined", "cancelled");
    settings.gender.set("M", "female"); // a Spanish form: M for mujer
    settings.category.set("EP", "State Party");
    auto list = Parse(kHeader + "REG-1,Ana,Lima,Peru,EP,Delegate,M,all, CONFIRMED ,1\n"
                                "REG-2,Luis,Paz,Peru,NGO,Delegate,H,all,declined,1\n"
                                "REG-3,Eva,Sol,Peru,ep,Delegate,mujer,all,Cancelled,1\n",
                      settings);
    ASSERT_TRUE(list.ok()) << list.error().message;
    const auto& r = list->registrants;
    EXPECT_EQ(r[0].status, RegistrantStatus::Active);
    EXPECT_EQ(r[0].gender, "female");
    EXPECT_EQ(r[0].category, "State Party");
    EXPECT_EQ(r[1].status, RegistrantStatus::Cancelled);
    EXPECT_EQ(r[1].gender, "male");                      // built in: French and Spanish H
    EXPECT_EQ(r[1].category, "NGO");                     // not listed: kept as it is
    EXPECT_EQ(r[2].status, RegistrantStatus::Cancelled); // built in, in any case
    EXPECT_EQ(r[2].gender, "female");
    EXPECT_EQ(r[2].category, "State Party");
    EXPECT_TRUE(list->warnings.empty());
}

TEST(RegistrantImport, TheIndicoExportImportsWithTheProfile) {
    ImportSettings settings = Indico();
    settings.columns["gender"] = "Gender"; // a custom field of this event's form
    auto list = Parse(ReadFixture("indico/registrants.csv"), settings);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->registrants.size(), 8U);
    EXPECT_TRUE(list->warnings.empty());
    std::map<std::string, const Registrant*> byId;
    for (const auto& r : list->registrants) {
        byId[r.id] = &r;
    }
    EXPECT_EQ(byId["1"]->familyName, "Fontaine");
    EXPECT_EQ(byId["1"]->gender, "female"); // "Femme"
    EXPECT_EQ(byId["1"]->delegation, "France");
    EXPECT_EQ(byId["2"]->displayName(), "芳 王");
    EXPECT_EQ(byId["3"]->givenName, "ليلى");
    EXPECT_EQ(byId["3"]->gender, "female"); // "أنثى"
    EXPECT_EQ(byId["6"]->gender, "male");   // "Мужчина"
    EXPECT_EQ(byId["8"]->delegation, "International Committee of the Red Cross, Geneva");
    EXPECT_EQ(byId["8"]->gender, "undisclosed");
    for (const char* id : {"1", "2", "7", "8"}) { // Completed
        EXPECT_EQ(byId[id]->status, RegistrantStatus::Active) << id;
    }
    for (const char* id : {"3", "4", "5", "6"}) { // Withdrawn, Rejected, Pending, Awaiting payment
        EXPECT_EQ(byId[id]->status, RegistrantStatus::Cancelled) << id;
    }
}

TEST(RegistrantImport, AStateNeitherMappedNorKnownRefusesTheFile) {
    auto list = Parse("ID,First Name,Last Name,Registration state\n"
                      "7,Ana,Lima,Completed\n"
                      "8,Jo,Ng,On hold\n",
                      Indico());
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().message,
              "list.csv:3: column \"Registration state\": \"On hold\" is not active or cancelled "
              "(map it in [import.values.status])");
}

TEST(RegistrantImport, AnUnreadStatusColumnIsAWarning) {
    // Without the profile, Indico's state column is not read: everyone would be active.
    ImportSettings columns;
    columns.columns = {{"id", "ID"}, {"given_name", "First Name"}, {"family_name", "Last Name"}};
    auto list =
        Parse("ID,First Name,Last Name,Registration state\n7,Ana,Lima,Withdrawn\n", columns);
    ASSERT_TRUE(list.ok()) << list.error().message;
    EXPECT_EQ(list->registrants[0].status, RegistrantStatus::Active);
    ASSERT_EQ(list->warnings.size(), 1U);
    EXPECT_EQ(list->warnings[0],
              "list.csv:1: column \"Registration state\" looks like a registration status but is "
              "not read: everyone in the file is imported as active. To read it, set status = "
              "\"Registration state\" in [import.columns] and map its values in "
              "[import.values.status]");

    for (const char* header : {"Status", "STATE", "État", "Estado", "Статус", "statut"}) {
        auto other = Parse(std::string("id,given_name,family_name,") + header + "\n1,A,B,x\n");
        ASSERT_TRUE(other.ok()) << header;
        ASSERT_EQ(other->warnings.size(), 1U) << header;
        EXPECT_NE(other->warnings[0].find(std::string("column \"") + header + "\""),
                  std::string::npos);
    }
    // Read as the status, or as another field: nothing to warn about.
    EXPECT_TRUE(Parse(kHeader + "REG-1,A,B,N,S,R,f,all,active,1\n")->warnings.empty());
    ImportSettings asCategory;
    asCategory.columns["category"] = "Status";
    EXPECT_TRUE(
        Parse("id,given_name,family_name,Status\n1,A,B,NGO\n", asCategory)->warnings.empty());
    EXPECT_TRUE(Parse("id,given_name,family_name,Statistics\n1,A,B,x\n")->warnings.empty());
}

TEST(Csv, TheDelimiterIsFoundFromTheHeaderLine) {
    EXPECT_EQ(DetectDelimiter("id,given_name,family_name\n1;2;3;4;5\n"), ',');
    EXPECT_EQ(DetectDelimiter("\xEF\xBB\xBFNom;Prénom;Délégation\r\n"), ';');
    EXPECT_EQ(DetectDelimiter("id\tgiven_name\tfamily_name\n"), '\t');
    EXPECT_EQ(DetectDelimiter("\"a;b;c\",d,e\n"), ','); // inside quotes does not count
    EXPECT_EQ(DetectDelimiter("\"Nom, \"\"dit\"\"\";Prénom;Pays\n"), ';');
    EXPECT_EQ(DetectDelimiter("id\n1\n"), ',');   // one column: comma
    EXPECT_EQ(DetectDelimiter("a,b;c\n"), ',');   // a tie keeps the comma
    EXPECT_EQ(DetectDelimiter("\n\na;b\n"), ';'); // blank lines before the header
    EXPECT_EQ(DetectDelimiter(""), ',');
}

TEST(RegistrantImport, SemicolonAndTabFilesImport) {
    // Excel in Switzerland or France saves "CSV" with semicolons; a decimal comma stays a comma.
    auto semicolons = Parse("\xEF\xBB\xBFid;given_name;family_name;delegation;category\r\n"
                            "CH-1;Zoë;Müller;Suisse;\"ONG; société civile\"\r\n"
                            "CH-2;Luc;Favre;Suisse, Genève;Observateur\r\n");
    ASSERT_TRUE(semicolons.ok()) << semicolons.error().message;
    ASSERT_EQ(semicolons->registrants.size(), 2U);
    EXPECT_EQ(semicolons->registrants[0].category, "ONG; société civile");
    EXPECT_EQ(semicolons->registrants[1].delegation, "Suisse, Genève");

    auto tabs = Parse("id\tgiven_name\tfamily_name\tgender\nT-1\tAna\tLima, Jr\tMujer\n");
    ASSERT_TRUE(tabs.ok()) << tabs.error().message;
    EXPECT_EQ(tabs->registrants[0].familyName, "Lima, Jr");
    EXPECT_EQ(tabs->registrants[0].gender, "female");

    // A delimiter set in [import] is used as it is: here the header is one column.
    ImportSettings comma;
    comma.delimiter = ',';
    auto forced = Parse("id;given_name;family_name\nCH-1;Zoë;Müller\n", comma);
    ASSERT_FALSE(forced.ok());
    EXPECT_EQ(forced.error().message,
              "list.csv:1: no column \"id\" (for id); the header has: "
              "\"id;given_name;family_name\" — set [import.columns] or [import] profile");
}

TEST(RegistrantImport, AMissingColumnListsTheHeader) {
    // A Swiss-French export read with the default columns.
    EXPECT_EQ(ErrorOf("N°;Nom;Prénom;Délégation;Catégorie\n1;Favre;Luc;Suisse;Observateur\n"),
              "list.csv:1: no column \"id\" (for id); the header has: \"N°\", \"Nom\", "
              "\"Prénom\", \"Délégation\", \"Catégorie\" — set [import.columns] or [import] "
              "profile");
    std::string wide = "c0";
    for (int k = 1; k < 25; ++k) {
        wide += ",c" + std::to_string(k);
    }
    const std::string message = ErrorOf(wide + "\n");
    EXPECT_NE(message.find("\"c19\", … (5 more) — set"), std::string::npos) << message;
    EXPECT_EQ(message.find("\"c20\""), std::string::npos) << message;
}

TEST(RegistrantImport, AStatusColumnNamedButMissingIsAWarning) {
    // An Indico export without the "Registration state" column: nobody's state is known.
    auto list =
        Parse("ID,Name,First Name,Last Name,Affiliation\n7,Ana Lima,Ana,Lima,Peru\n", Indico());
    ASSERT_TRUE(list.ok()) << list.error().message;
    EXPECT_EQ(list->registrants[0].status, RegistrantStatus::Active);
    ASSERT_EQ(list->warnings.size(), 1U);
    EXPECT_EQ(list->warnings[0],
              "list.csv:1: no column \"Registration state\" (for status, as [import] says): "
              "everyone in the file is imported as active");
}

TEST(RegistrantImport, TheAttentionColumnIsReadBoundedAndRenamable) {
    const std::string header = kHeader.substr(0, kHeader.size() - 1) + ",attention\n";
    auto list = Parse(header + "REG-1,Ana,Lima,Brazil,State Party,Minister,f,all,active,1,"
                               "Minister: escort to room XX\n"
                               "REG-2,Ben,Ode,Chad,State Party,Delegate,m,all,active,1,\n");
    ASSERT_TRUE(list.ok()) << list.error().message;
    EXPECT_TRUE(list->fields.attention);
    EXPECT_EQ(list->registrants[0].attention, "Minister: escort to room XX");
    EXPECT_EQ(list->registrants[1].attention, "");
    EXPECT_FALSE(Parse(kHeader + "REG-1,A,B,N,S,R,f,all,active,1\n")->fields.attention);

    EXPECT_EQ(ErrorOf(header + "REG-1,A,B,N,S,R,f,all,active,1," + std::string(201, 'x') + "\n"),
              "list.csv:2: column \"attention\": longer than 200 characters (201)");
    EXPECT_EQ(ErrorOf(header + "REG-1,A,B,N,S,R,f,all,active,1,VIP\x1B[31m\n"),
              "list.csv:2: column \"attention\": a control character (U+001B) at character 4");

    ImportSettings renamed;
    renamed.columns = {{"attention", "Protocol"}};
    auto other = Parse(kHeader.substr(0, kHeader.size() - 1) + ",Protocol\n" +
                           "REG-1,A,B,N,S,R,f,all,active,1,Ambassador\n",
                       renamed);
    ASSERT_TRUE(other.ok()) << other.error().message;
    EXPECT_EQ(other->registrants[0].attention, "Ambassador");
}
