// SPDX-License-Identifier: Apache-2.0
// Names of outcomes, event kinds and methods: every enumerator has one and parses back.

#include <accueil/core/Attendance.h>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace accueil::core {
namespace {

// ToString's switch names every enumerator (the build fails on a missing case), and answers
// empty past the last one: walking the values finds every outcome, including one added later.
TEST(Attendance, EveryOutcomeIsListedNamedAndParsedBack) {
    std::set<std::string> names;
    int count = 0;
    for (; count < 64; ++count) {
        const auto outcome = static_cast<Outcome>(count);
        const std::string_view name = ToString(outcome);
        if (name.empty()) {
            break;
        }
        ASSERT_LT(static_cast<std::size_t>(count), kOutcomes.size())
            << "outcome " << name << " is missing from kOutcomes";
        EXPECT_EQ(kOutcomes[count], outcome) << name;
        EXPECT_EQ(ParseOutcome(name), outcome) << name;
        EXPECT_TRUE(names.insert(std::string(name)).second) << "two outcomes named " << name;
    }
    EXPECT_EQ(static_cast<std::size_t>(count), kOutcomes.size());
    EXPECT_GE(count, 9);
}

TEST(Attendance, UnknownNamesDoNotParse) {
    EXPECT_EQ(ParseOutcome(""), std::nullopt);
    EXPECT_EQ(ParseOutcome("Admitted"), std::nullopt);
    EXPECT_EQ(ParseOutcome("admitted "), std::nullopt);
    EXPECT_EQ(ParseEventKind("checkin"), std::nullopt);
    EXPECT_EQ(ParseMethod("phone"), std::nullopt);
}

TEST(Attendance, KindsAndMethodsRoundTrip) {
    for (const auto kind :
         {EventKind::CheckIn, EventKind::CheckOut, EventKind::Undo, EventKind::ManualCheckIn}) {
        EXPECT_EQ(ParseEventKind(ToString(kind)), kind) << ToString(kind);
    }
    for (const auto method : {Method::Camera, Method::Wedge, Method::Manual}) {
        EXPECT_EQ(ParseMethod(ToString(method)), method) << ToString(method);
    }
}

} // namespace
} // namespace accueil::core
