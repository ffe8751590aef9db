// SPDX-License-Identifier: Apache-2.0
#include "TestSupport.h"

#include <accueil/core/DemoRegistrants.h>
#include <accueil/core/RegistrantImport.h>

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
              "list.csv:2: column \"status\": \"withdrawn\" is not active or cancelled");
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
        "list.csv:2: column \"gender\": \"q\" is not one of female, male, other, undisclosed");
    EXPECT_EQ(ErrorOf(kHeader + "REG-1,A,B,N,S,R,f,all,active\n"),
              "list.csv:2: has 9 fields, the header has 10");
    EXPECT_EQ(ErrorOf("id,family_name\nREG-1,B\n"),
              "list.csv:1: no column \"given_name\" (for given_name; set [import.columns] in the "
              "kiosk config for other exports)");
    EXPECT_EQ(ErrorOf(""), "list.csv: the file is empty (no header line)");
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
