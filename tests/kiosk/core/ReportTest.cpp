// SPDX-License-Identifier: Apache-2.0
// The report's arithmetic (Report.h), from facts given by hand rather than read from SQL.

#include "TestSupport.h"

#include <accueil/core/Report.h>

#include <algorithm>

using namespace accueil::core;

namespace {

constexpr const char* kDay = "2025-06-18";

ReportPerson P(const std::string& id, const std::string& delegation, const std::string& category,
               const std::string& gender, std::vector<std::string> days = {}) {
    return ReportPerson{id, delegation, category, gender, std::move(days), true, false, ""};
}

const ReportRow& Find(const std::vector<ReportRow>& rows, const std::string& dimension,
                      const std::string& value) {
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const ReportRow& r) {
        return r.dimension == dimension && r.value == value;
    });
    if (it == rows.end()) {
        throw std::runtime_error("no row " + dimension + "=" + value);
    }
    return *it;
}

} // namespace

TEST(ReportPerson, ExpectedOnlyWhenActiveListedAndValidThatDay) {
    EXPECT_TRUE(P("A", "Norway", "NGO", "female").expectedOn(kDay)); // every day
    EXPECT_TRUE(P("A", "Norway", "NGO", "female", {kDay}).expectedOn(kDay));
    EXPECT_FALSE(P("A", "Norway", "NGO", "female", {"2025-06-17"}).expectedOn(kDay));
    ReportPerson cancelled = P("A", "Norway", "NGO", "female");
    cancelled.active = false;
    EXPECT_FALSE(cancelled.expectedOn(kDay));
    ReportPerson walkIn = P("A", "Norway", "NGO", "female");
    walkIn.provisional = true;
    EXPECT_FALSE(walkIn.expectedOn(kDay));
}

TEST(CountReportDay, CountsExpectedAdmittedAndWalkInsPerGroup) {
    ReportPerson walkIn = P("W", "Ghana", "NGO", "male");
    walkIn.provisional = true;
    ReportPerson cancelled = P("C", "Norway", "State Party", "male");
    cancelled.active = false;
    const std::vector<ReportPerson> people{
        P("A", "Norway", "State Party", "female"),
        P("B", "Norway", "State Party", "male"),
        P("D", "Chile", "NGO", "female", {kDay}),
        P("E", "Chile", "NGO", "other", {"2025-06-17"}), // another day: not expected
        walkIn,
        cancelled,
    };
    const std::vector<ReportRow> rows = CountReportDay(kDay, people, {"A", "D", "E", "W"});

    const ReportRow& total = Find(rows, "total", "all");
    EXPECT_EQ(total.day, kDay);
    EXPECT_EQ(total.expected, 3);     // A, B, D
    EXPECT_EQ(total.admitted, 4);     // A, D, E, W
    EXPECT_EQ(total.walkIns, 2);      // E (other day), W (provisional)
    EXPECT_EQ(total.notArrived(), 1); // B

    const ReportRow& norway = Find(rows, "delegation", "Norway");
    EXPECT_EQ(norway.expected, 2);
    EXPECT_EQ(norway.admitted, 1);
    EXPECT_EQ(norway.walkIns, 0);
    const ReportRow& chile = Find(rows, "delegation", "Chile");
    EXPECT_EQ(chile.expected, 1);
    EXPECT_EQ(chile.admitted, 2);
    EXPECT_EQ(chile.walkIns, 1);
    EXPECT_EQ(Find(rows, "category", "NGO").admitted, 3);
    EXPECT_EQ(Find(rows, "gender", "female").expected, 2);
    EXPECT_EQ(Find(rows, "gender", "other").walkIns, 1);
    // B expected and absent, W a walk-in; C is cancelled and counts nowhere.
    const ReportRow& male = Find(rows, "gender", "male");
    EXPECT_EQ(male.expected, 1);
    EXPECT_EQ(male.admitted, 1);
    EXPECT_EQ(male.walkIns, 1);
}

TEST(CountReportDay, RowsComeTotalFirstThenEachDimensionInValueOrder) {
    const std::vector<ReportRow> rows = CountReportDay(
        kDay, {P("A", "Norway", "State Party", "female"), P("B", "Chile", "NGO", "male")}, {});
    std::vector<std::string> order;
    order.reserve(rows.size());
    for (const ReportRow& r : rows) {
        order.push_back(r.dimension + "=" + r.value);
    }
    EXPECT_EQ(order, (std::vector<std::string>{"total=all", "delegation=Chile", "delegation=Norway",
                                               "category=NGO", "category=State Party",
                                               "gender=female", "gender=male"}));
}

TEST(CountReportDay, EmptyValuesAndUnknownIdsHaveTheirOwnGroups) {
    const std::vector<ReportRow> rows =
        CountReportDay(kDay, {P("A", "", "", "")}, {"A", "NOT-LISTED"});
    EXPECT_EQ(Find(rows, "delegation", "(none)").admitted, 1);
    EXPECT_EQ(Find(rows, "category", "(none)").admitted, 1);
    EXPECT_EQ(Find(rows, "gender", "undisclosed").admitted, 2);
    // Admitted at another door before the list came: a walk-in nobody can place.
    const ReportRow& unknown = Find(rows, "delegation", "(unknown)");
    EXPECT_EQ(unknown.admitted, 1);
    EXPECT_EQ(unknown.walkIns, 1);
    EXPECT_EQ(unknown.expected, 0);
    EXPECT_EQ(Find(rows, "total", "all").admitted, 2);
}

TEST(CountReportDay, ADayWithNobodyStillHasItsTotal) {
    const std::vector<ReportRow> rows = CountReportDay(kDay, {}, {});
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].dimension, "total");
    EXPECT_EQ(rows[0].expected, 0);
    EXPECT_EQ(rows[0].admitted, 0);
}

TEST(ReportDays, EveryMeetingDayOrTheOneAskedFor) {
    const EventConfig event = test::MakeEvent();
    const auto all = ReportDays(event, std::nullopt);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, event.calendar->days());
    const auto one = ReportDays(event, std::string(kDay));
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(*one, std::vector<std::string>{kDay});
    const auto refused = ReportDays(event, std::string("2025-06-16"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::Input);
    EXPECT_NE(refused.error().message.find("not a meeting day of apmbc-ism-2025"),
              std::string::npos);
}
