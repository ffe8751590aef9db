// SPDX-License-Identifier: Apache-2.0
#include "TestSupport.h"

#include <accueil/core/EventCalendar.h>

using namespace accueil::core;

namespace {
EventCalendar Geneva() {
    auto c = EventCalendar::Create("Europe/Zurich",
                                   {"2025-06-20", "2025-06-17", "2025-06-18", "2025-06-19"});
    EXPECT_TRUE(c.ok());
    return std::move(c).value();
}
} // namespace

TEST(EventCalendar, DaysBelongToTheEventZoneNotToUtc) {
    const EventCalendar c = Geneva();
    EXPECT_EQ(c.dateAt(*c.parseTime("2025-06-16T23:30:00Z")), "2025-06-17");
    EXPECT_EQ(c.dateAt(*c.parseTime("2025-06-16T21:59:59Z")), "2025-06-16");
    EXPECT_EQ(c.dateAt(*c.parseTime("2025-06-16T22:00:00Z")), "2025-06-17");
    EXPECT_EQ(c.dateAt(*c.parseTime("2025-06-20T21:59:59.999Z")), "2025-06-20");
    // In winter Geneva is UTC+1, not +2.
    EXPECT_EQ(c.dateAt(*c.parseTime("2025-01-10T22:30:00Z")), "2025-01-10");
    EXPECT_EQ(c.dateAt(*c.parseTime("2025-01-10T23:30:00Z")), "2025-01-11");
}

TEST(EventCalendar, MeetingDaysAreSortedAndChecked) {
    const EventCalendar c = Geneva();
    EXPECT_EQ(c.days().front(), "2025-06-17");
    EXPECT_TRUE(c.isMeetingDay("2025-06-19"));
    EXPECT_FALSE(c.isMeetingDay("2025-06-16"));
    EXPECT_FALSE(EventCalendar::Create("Europe/Zurich", {"2025-06-17", "2025-06-17"}).ok());
    EXPECT_FALSE(EventCalendar::Create("Europe/Zurich", {"2025-02-30"}).ok());
    EXPECT_FALSE(EventCalendar::Create("Europe/Nowhere", {"2025-06-17"}).ok());
    EXPECT_FALSE(EventCalendar::Create("Europe/Zurich", {}).ok());
}

TEST(EventCalendar, ParsesIsoTimesWithOffsetsAndLocalTimes) {
    const EventCalendar c = Geneva();
    const UtcMillis utc = *c.parseTime("2025-06-17T07:15:00Z");
    EXPECT_EQ(*c.parseTime("2025-06-17T09:15:00+02:00"), utc);
    EXPECT_EQ(*c.parseTime("2025-06-17T09:15:00+0200"), utc);
    EXPECT_EQ(*c.parseTime("2025-06-17T09:15:00"), utc); // local time in Geneva
    EXPECT_EQ(*c.parseTime("2025-06-17T09:15"), utc);
    EXPECT_EQ(*c.parseTime("2025-06-17T07:15:00.250Z"), utc + 250);
    EXPECT_EQ(FormatUtc(utc), "2025-06-17T07:15:00.000Z");
    EXPECT_EQ(c.localTimeOfDay(utc), "09:15");
    EXPECT_EQ(c.localIso(utc + 4'250), "2025-06-17T09:15:04+02:00");
    EXPECT_EQ(c.localIso(*c.parseTime("2025-01-10T23:30:00Z")), "2025-01-11T00:30:00+01:00");
}

TEST(EventCalendar, RefusesMalformedTimesWithAReason) {
    const EventCalendar c = Geneva();
    for (const char* bad : {"", "yesterday", "2025-06-17", "2025-13-01T00:00:00Z",
                            "2025-06-17T25:00:00Z", "2025-06-17T09:15:00+2", "2025-06-17T09:15:00Q",
                            "2025-06-17T09:15:00+02:00junk", "2025-06-17T09:xx:00Z"}) {
        const auto t = c.parseTime(bad);
        ASSERT_FALSE(t.ok()) << bad;
        EXPECT_EQ(t.error().kind, ErrorKind::Input);
        EXPECT_NE(t.error().message.find("invalid time"), std::string::npos);
    }
}

TEST(EventCalendar, LocalTimeInADaylightSavingGapIsRefused) {
    const EventCalendar c = Geneva();
    // 30 March 2025, 02:30 does not exist in Geneva (clocks jump from 02:00 to 03:00).
    EXPECT_FALSE(c.parseTime("2025-03-30T02:30:00").ok());
    EXPECT_TRUE(c.parseTime("2025-03-30T02:30:00Z").ok());
}
