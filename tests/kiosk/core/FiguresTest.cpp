// SPDX-License-Identifier: Apache-2.0
// The attendance figures (Figures.h) over a small list and log counted by hand.

#include "TestSupport.h"

#include <accueil/core/Figures.h>

using namespace accueil::core;

namespace {

constexpr const char* k17 = "2025-06-17";
constexpr const char* k18 = "2025-06-18";
constexpr const char* k19 = "2025-06-19";

ReportPerson P(const std::string& id, const std::string& delegation, const std::string& category,
               const std::string& gender, const std::string& role = "") {
    return ReportPerson{id, delegation, category, gender, {}, true, false, role};
}

// The list:
//   N1 Norway     State Party     female       Head of delegation
//   N2 Norway     State Party     male
//   N3 Norway     State Party     undisclosed
//   C1 Chile      State Party     male         " head of DELEGATION " (same role, other spelling)
//   C2 Chile      State Party     other
//   X1 Chile      State Party     female       (never comes)
//   H1 Holy See   Observer State  female       Head of delegation
//   U1 UNEP       IGO             female
//   G1 Greenpeace NGO             female
//   G2 (empty)    NGO             male
//   W1 Ghana      State Party     female       provisional (a walk-in)
// and B-999 enters without being on the list.
std::vector<ReportPerson> People() {
    ReportPerson walkIn = P("W1", "Ghana", "State Party", "female");
    walkIn.provisional = true;
    return {P("N1", "Norway", "State Party", "female", "Head of delegation"),
            P("N2", "Norway", "State Party", "male"),
            P("N3", "Norway", "State Party", "undisclosed"),
            P("C1", "Chile", "State Party", "male", " head of DELEGATION "),
            P("C2", "Chile", "State Party", "other"),
            P("X1", "Chile", "State Party", "female", "Head of delegation"),
            P("H1", "Holy See", "Observer State", "female", "Head of delegation"),
            P("U1", "UNEP", "IGO", "female"),
            P("G1", "Greenpeace", "NGO", "female"),
            P("G2", "", "NGO", "male"),
            walkIn};
}

const EventCalendar& Calendar() {
    static const EventCalendar calendar =
        EventCalendar::Create("Europe/Zurich", {k17, k18, k19, "2025-06-20"}).value();
    return calendar;
}

// Local time in Geneva (UTC+2 in June).
DayEntry E(const std::string& id, const std::string& day, const std::string& hhmm) {
    return DayEntry{id, day, Calendar().parseTime(day + "T" + hhmm + ":00").value()};
}

// First entries:
//   17th: N1 08:05, N2 08:15, C1 08:50, U1 09:01 (and N1 again at 09:30, not a first entry)
//   18th: W1 08:59, N1 08:20, N3 08:31, B-999 08:40, C2 09:00, H1 09:10, G2 09:14
//   19th: G1 10:00, N2 10:05
std::vector<DayEntry> Entries() {
    return {E("N1", k17, "08:05"), E("N2", k17, "08:15"), E("C1", k17, "08:50"),
            E("U1", k17, "09:01"), E("N1", k17, "09:30"), E("W1", k18, "08:59"),
            E("N1", k18, "08:20"), E("N3", k18, "08:31"), E("B-999", k18, "08:40"),
            E("C2", k18, "09:00"), E("H1", k18, "09:10"), E("G2", k18, "09:14"),
            E("G1", k19, "10:00"), E("N2", k19, "10:05")};
}

GenderCounts G(const std::string& value, int female, int male, int other, int undisclosed) {
    return GenderCounts{value, female, male, other, undisclosed};
}

} // namespace

TEST(Figures, AttendedIsAnEntryOnAnyDayOfTheRange) {
    // The 18th: W1 N1 N3 B-999 C2 H1 G2. The whole meeting adds N2 C1 U1 (17th) and G1 (19th).
    EXPECT_EQ(AttendedOn(Entries(), {k18}),
              (std::set<std::string>{"B-999", "C2", "G2", "H1", "N1", "N3", "W1"}));
    const std::set<std::string> all = AttendedOn(Entries(), {k17, k18, k19});
    EXPECT_EQ(all.size(), 11U);
    EXPECT_TRUE(all.contains("G1"));
    EXPECT_FALSE(all.contains("X1"));
    EXPECT_TRUE(AttendedOn(Entries(), {"2025-06-20"}).empty());
    // Distinct people: N1 came on two days and N2 on two, each counted once.
    EXPECT_EQ(DistinctParticipants(all), 11);
    EXPECT_EQ(DistinctParticipants(AttendedOn(Entries(), {k17, k19})), 5); // N1 N2 C1 U1 G1
}

TEST(Figures, GenderBucketsAndFemaleShare) {
    EXPECT_EQ(GenderBucket("female"), "female");
    EXPECT_EQ(GenderBucket("other"), "other");
    EXPECT_EQ(GenderBucket(""), "undisclosed");
    EXPECT_EQ(GenderBucket("Femme"), "undisclosed"); // stored values are canonical already
    EXPECT_EQ(GenderCounts{}.femaleShare(), std::nullopt);
    // Undisclosed is in the denominator: 1 of 1 + 1 + 0 + 2.
    EXPECT_DOUBLE_EQ(G("x", 1, 1, 0, 2).femaleShare().value(), 0.25);
}

TEST(Figures, ByDelegationGenderOnOneDay) {
    // The 18th: Norway N1 (f) N3 (u); Chile C2 (o); Holy See H1 (f); Ghana W1 (f, walk-in);
    // G2's empty delegation is "(none)" (m); B-999 is "(unknown)" (u).
    const std::vector<GenderCounts> rows =
        ByDelegationGender(People(), AttendedOn(Entries(), {k18}));
    EXPECT_EQ(rows,
              (std::vector<GenderCounts>{G("(none)", 0, 1, 0, 0), G("(unknown)", 0, 0, 0, 1),
                                         G("Chile", 0, 0, 1, 0), G("Ghana", 1, 0, 0, 0),
                                         G("Holy See", 1, 0, 0, 0), G("Norway", 1, 0, 0, 1)}));
    EXPECT_EQ(rows.back().attended(), 2);
    EXPECT_DOUBLE_EQ(rows.back().femaleShare().value(), 0.5);
}

TEST(Figures, ByDelegationGenderOverTheWholeMeeting) {
    // Norway: N1 f, N2 m, N3 u -> 3 attended, 1/3 female. Chile: C1 m, C2 o (X1 never came).
    const std::vector<GenderCounts> rows =
        ByDelegationGender(People(), AttendedOn(Entries(), {k17, k18, k19}));
    EXPECT_EQ(rows,
              (std::vector<GenderCounts>{G("(none)", 0, 1, 0, 0), G("(unknown)", 0, 0, 0, 1),
                                         G("Chile", 0, 1, 1, 0), G("Ghana", 1, 0, 0, 0),
                                         G("Greenpeace", 1, 0, 0, 0), G("Holy See", 1, 0, 0, 0),
                                         G("Norway", 1, 1, 0, 1), G("UNEP", 1, 0, 0, 0)}));
    EXPECT_DOUBLE_EQ(rows[6].femaleShare().value(), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(rows[2].femaleShare().value(), 0.0);
}

TEST(Figures, HeadsOfDelegationMatchTheRoleTrimmedInAnyCase) {
    EXPECT_TRUE(IsHeadOfDelegation(" head of DELEGATION ", "Head of delegation"));
    EXPECT_FALSE(IsHeadOfDelegation("Deputy head of delegation", "Head of delegation"));
    EXPECT_FALSE(IsHeadOfDelegation("", " "));
    // Whole meeting: N1 f, C1 m, H1 f (X1 never came) -> 2 f of 3.
    const GenderCounts all =
        HeadsOfDelegation(People(), AttendedOn(Entries(), {k17, k18, k19}), "Head of delegation");
    EXPECT_EQ(all, G("", 2, 1, 0, 0));
    EXPECT_DOUBLE_EQ(all.femaleShare().value(), 2.0 / 3.0);
    // The 18th: N1 and H1, both female.
    EXPECT_EQ(HeadsOfDelegation(People(), AttendedOn(Entries(), {k18}), "Head of delegation"),
              G("", 2, 0, 0, 0));
    // Another configured role value: nobody holds it.
    EXPECT_EQ(HeadsOfDelegation(People(), AttendedOn(Entries(), {k18}), "HoD").attended(), 0);
}

TEST(Figures, ByCategoryGenderOverTheWholeMeeting) {
    // State Party: N1 f, N2 m, N3 u, C1 m, C2 o, W1 f. NGO: G1 f, G2 m. B-999 is "(unknown)".
    EXPECT_EQ(ByCategoryGender(People(), AttendedOn(Entries(), {k17, k18, k19})),
              (std::vector<GenderCounts>{G("(unknown)", 0, 0, 0, 1), G("IGO", 1, 0, 0, 0),
                                         G("NGO", 1, 1, 0, 0), G("Observer State", 1, 0, 0, 0),
                                         G("State Party", 2, 2, 1, 1)}));
}

TEST(Figures, DelegationsByConfiguredGroups) {
    ReportSettings settings;
    settings.groups = {{"States Parties", {"State Party"}},
                       {"Observer States", {"observer state "}},
                       {"IOs", {"IGO", "UN"}}};
    // Configured groups in name order, then NGO (named by no group) as its own. G2's empty
    // delegation and the unlisted B-999 name no delegation.
    EXPECT_EQ(DelegationsByGroup(People(), AttendedOn(Entries(), {k17, k18, k19}), settings),
              (std::vector<GroupDelegations>{
                  {"IOs", {"IGO", "UN"}, {"UNEP"}},
                  {"Observer States", {"observer state "}, {"Holy See"}},
                  {"States Parties", {"State Party"}, {"Chile", "Ghana", "Norway"}},
                  {"NGO", {"NGO"}, {"Greenpeace"}}}));
    // The 19th: only G1 (NGO) and N2 (Norway). Configured groups stay, empty.
    EXPECT_EQ(DelegationsByGroup(People(), AttendedOn(Entries(), {k19}), settings),
              (std::vector<GroupDelegations>{{"IOs", {"IGO", "UN"}, {}},
                                             {"Observer States", {"observer state "}, {}},
                                             {"States Parties", {"State Party"}, {"Norway"}},
                                             {"NGO", {"NGO"}, {"Greenpeace"}}}));
}

TEST(Figures, DelegationsByCategoryWithoutGroups) {
    // The 18th: NGO has only G2 (no delegation), Observer State H1, State Party N1 N3 C2 W1.
    EXPECT_EQ(DelegationsByGroup(People(), AttendedOn(Entries(), {k18}), ReportSettings{}),
              (std::vector<GroupDelegations>{
                  {"NGO", {"NGO"}, {}},
                  {"Observer State", {"Observer State"}, {"Holy See"}},
                  {"State Party", {"State Party"}, {"Chile", "Ghana", "Norway"}}}));
}

TEST(Figures, ArrivalsPerQuarterHourOfLocalTime) {
    // 17th: N1 08:05 -> 08:00; N2 08:15 -> 08:15; C1 08:50 -> 08:45; U1 09:01 -> 09:00; N1's
    // 09:30 is not a first entry. 18th: N1 08:20 -> 08:15; N3 08:31, B-999 08:40 -> 08:30;
    // W1 08:59 -> 08:45; C2 09:00, H1 09:10, G2 09:14 -> 09:00. Nobody on the 20th.
    EXPECT_EQ(ArrivalsPer15Min(Entries(), {k17, k18, "2025-06-20"}, Calendar()),
              (std::vector<ArrivalSlot>{{k17, "08:00", 1},
                                        {k17, "08:15", 1},
                                        {k17, "08:30", 0},
                                        {k17, "08:45", 1},
                                        {k17, "09:00", 1},
                                        {k18, "08:15", 1},
                                        {k18, "08:30", 2},
                                        {k18, "08:45", 1},
                                        {k18, "09:00", 3}}));
    EXPECT_EQ(ArrivalsPer15Min(Entries(), {k19}, Calendar()),
              (std::vector<ArrivalSlot>{{k19, "10:00", 2}}));
}

TEST(Figures, ReportRangeIsADayARangeOrTheWholeMeeting) {
    const EventConfig event = test::MakeEvent();
    const auto none = std::optional<std::string>();
    EXPECT_EQ(ReportRange(event, none, none, none).value().size(), 4U);
    EXPECT_EQ(ReportRange(event, k18, none, none).value(), std::vector<std::string>{k18});
    EXPECT_EQ(ReportRange(event, none, k18, k19).value(), (std::vector<std::string>{k18, k19}));
    EXPECT_EQ(ReportRange(event, none, k19, none).value(),
              (std::vector<std::string>{k19, "2025-06-20"}));
    EXPECT_EQ(ReportRange(event, none, none, k18).value(), (std::vector<std::string>{k17, k18}));
    EXPECT_EQ(ReportRange(event, none, k18, k18).value(), std::vector<std::string>{k18});

    const auto inverted = ReportRange(event, none, k19, k18);
    ASSERT_FALSE(inverted.ok());
    EXPECT_EQ(inverted.error().kind, ErrorKind::Input);
    EXPECT_EQ(inverted.error().message,
              "the range ends (2025-06-18) before it starts (2025-06-19)");
    const auto unknown = ReportRange(event, none, k18, "2025-06-21");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().kind, ErrorKind::Input);
    EXPECT_NE(unknown.error().message.find("2025-06-21 is not a meeting day"), std::string::npos);
    const auto both = ReportRange(event, k18, k18, none);
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.error().kind, ErrorKind::Input);
}

TEST(Figures, ADayIsClosedOnceItIsOverInTheEventsZone) {
    const EventConfig event = test::MakeEvent();
    const EventCalendar& calendar = *event.calendar;
    // 23:30 UTC on the 17th is already 01:30 on the 18th in Geneva (UTC+2 in June).
    const UtcMillis lateOn17Utc = calendar.parseTime("2025-06-17T23:30:00Z").value();
    EXPECT_EQ(ClosedDays(calendar, lateOn17Utc), std::vector<std::string>{k17});
    EXPECT_TRUE(CheckClosedDay(event, k17, lateOn17Utc).ok());
    const UtcMillis evening17 = calendar.parseTime("2025-06-17T21:59:00Z").value();
    EXPECT_TRUE(ClosedDays(calendar, evening17).empty());
    const auto today = CheckClosedDay(event, k17, evening17);
    ASSERT_FALSE(today.ok());
    EXPECT_EQ(today.error().kind, ErrorKind::Input);
    EXPECT_EQ(today.error().message,
              "cannot freeze 2025-06-17: it is not over yet (today is 2025-06-17 in "
              "Europe/Zurich)");
    EXPECT_FALSE(CheckClosedDay(event, k19, lateOn17Utc).ok()); // the future
    const auto unknown = CheckClosedDay(event, "2025-06-16", lateOn17Utc);
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("2025-06-16 is not a meeting day"), std::string::npos);
    // After the meeting every day is over.
    EXPECT_EQ(ClosedDays(calendar, calendar.parseTime("2025-07-01T12:00:00Z").value()).size(), 4U);
}
