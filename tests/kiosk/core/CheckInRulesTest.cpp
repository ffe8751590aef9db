// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/CheckInRules.h>

#include <gtest/gtest.h>

using namespace accueil::core;
using accueil::scanner::BadgeClaim;
using accueil::scanner::ClaimFormat;
using accueil::scanner::Verification;

namespace {

BadgeClaim PlainClaim(const std::string& id) {
    BadgeClaim c;
    c.format = ClaimFormat::PlainId;
    c.verification = Verification::Valid;
    c.registrantId = id;
    return c;
}

BadgeClaim SignedClaim(const std::string& id, std::int64_t version) {
    BadgeClaim c = PlainClaim(id);
    c.format = ClaimFormat::SignedBadge;
    c.badgeVersion = version;
    c.givenName = "Ana";
    c.familyName = "Lima";
    return c;
}

Registrant Listed() {
    Registrant r;
    r.id = "REG-1";
    r.givenName = "Ana";
    r.familyName = "Lima";
    r.badgeVersion = 2;
    return r;
}

struct Case {
    BadgeClaim claim = PlainClaim("REG-1");
    std::optional<Registrant> registrant = Listed();
    std::string day = "2025-06-17";
    bool meetingDay = true;
    std::optional<UtcMillis> firstEntry;
    ReentryPolicy reentry = ReentryPolicy::Allow;
    Direction direction = Direction::In;
    bool leftZone = false;
    bool zoneFull = false;

    Decision decide() const {
        ScanFacts f;
        f.claim = &claim;
        f.registrant = registrant ? &*registrant : nullptr;
        f.day = day;
        f.meetingDay = meetingDay;
        f.firstEntryToday = firstEntry;
        f.reentry = reentry;
        f.direction = direction;
        f.leftZone = leftZone;
        f.zoneFull = zoneFull;
        return Decide(f);
    }
};

} // namespace

TEST(CheckInRules, FirstEntryTodayIsAdmittedAndRecorded) {
    const Decision d = Case{}.decide();
    EXPECT_EQ(d.outcome, Outcome::Admitted);
    EXPECT_TRUE(d.recordsEntry);
    EXPECT_FALSE(d.warn);
}

TEST(CheckInRules, ReentryFollowsThePolicy) {
    Case c;
    c.firstEntry = 1000;
    c.reentry = ReentryPolicy::Allow;
    Decision d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::WelcomeBack);
    EXPECT_TRUE(d.recordsEntry);
    EXPECT_FALSE(d.warn);

    c.reentry = ReentryPolicy::Warn;
    d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::WelcomeBack);
    EXPECT_TRUE(d.recordsEntry);
    EXPECT_TRUE(d.warn);

    c.reentry = ReentryPolicy::Deny;
    d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::Denied);
    EXPECT_FALSE(d.recordsEntry);
}

TEST(CheckInRules, EveryRefusalHasItsOutcomeAndRecordsNothing) {
    Case unreadable;
    unreadable.claim = BadgeClaim{};
    unreadable.claim.reason = "not a badge";
    Case forged;
    forged.claim = SignedClaim("REG-1", 2);
    forged.claim.verification = Verification::BadSignature;
    Case otherEvent;
    otherEvent.claim = SignedClaim("REG-1", 2);
    otherEvent.claim.verification = Verification::OtherEvent;
    Case unknown;
    unknown.registrant.reset();
    Case cancelled;
    cancelled.registrant->status = RegistrantStatus::Cancelled;
    Case replaced;
    replaced.claim = SignedClaim("REG-1", 1);
    Case hold;
    hold.registrant->holdNote = "Credentials to verify";
    Case notMeetingDay;
    notMeetingDay.day = "2025-06-16";
    notMeetingDay.meetingDay = false;
    Case notHisDay;
    notHisDay.registrant->days = {"2025-06-18"};

    const std::vector<std::pair<Case, Outcome>> cases{
        {unreadable, Outcome::Unreadable},
        {forged, Outcome::NotRecognised},
        {otherEvent, Outcome::NotRecognised},
        {unknown, Outcome::NotRecognised},
        {cancelled, Outcome::Cancelled},
        {replaced, Outcome::Replaced},
        {hold, Outcome::SeeDesk},
        {notMeetingDay, Outcome::NotValidToday},
        {notHisDay, Outcome::NotValidToday},
    };
    for (const auto& [c, expected] : cases) {
        const Decision d = c.decide();
        EXPECT_EQ(d.outcome, expected) << ToString(expected);
        EXPECT_FALSE(d.recordsEntry) << ToString(expected);
        EXPECT_FALSE(d.reason.empty()) << ToString(expected);
    }
    EXPECT_NE(hold.decide().reason.find("Credentials to verify"), std::string::npos);
}

TEST(CheckInRules, PrecedenceFirstMatchWins) {
    Case c;
    c.registrant->status = RegistrantStatus::Cancelled;
    c.registrant->holdNote = "x";
    c.meetingDay = false;
    EXPECT_EQ(c.decide().outcome, Outcome::Cancelled); // cancelled before hold and day
    c.registrant->status = RegistrantStatus::Active;
    EXPECT_EQ(c.decide().outcome, Outcome::SeeDesk); // hold before the day
    c.claim = SignedClaim("REG-1", 1);
    EXPECT_EQ(c.decide().outcome, Outcome::Replaced); // old badge before hold
}

TEST(CheckInRules, ComingBackAfterLeavingIsWelcomedWhateverThePolicy) {
    Case c;
    c.firstEntry = 1000;
    c.leftZone = true;
    for (const ReentryPolicy policy :
         {ReentryPolicy::Allow, ReentryPolicy::Warn, ReentryPolicy::Deny}) {
        c.reentry = policy;
        const Decision d = c.decide();
        EXPECT_EQ(d.outcome, Outcome::WelcomeBack);
        EXPECT_TRUE(d.recordsEntry);
        EXPECT_FALSE(d.warn);
    }
}

TEST(CheckInRules, AFullZoneRefusesOnlyWhatWouldHaveBeenAnEntry) {
    Case c;
    c.zoneFull = true;
    Decision d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::RoomFull);
    EXPECT_FALSE(d.recordsEntry);
    c.firstEntry = 1000;
    EXPECT_EQ(c.decide().outcome, Outcome::RoomFull); // welcome back, but not into a full room
    c.reentry = ReentryPolicy::Deny;
    EXPECT_EQ(c.decide().outcome, Outcome::Denied); // the policy comes first
    c.registrant->holdNote = "x";
    EXPECT_EQ(c.decide().outcome, Outcome::SeeDesk);
    c.meetingDay = false;
    c.registrant->holdNote.clear();
    EXPECT_EQ(c.decide().outcome, Outcome::NotValidToday);
}

TEST(CheckInRules, AnExitIsRecordedForAnyoneListedWithAWarningWhenSomethingIsWrong) {
    Case c;
    c.direction = Direction::Out;
    c.zoneFull = true; // an exit never asks
    Decision d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::Goodbye);
    EXPECT_TRUE(d.recordsEntry);
    EXPECT_FALSE(d.warn);
    c.registrant->holdNote = "unpaid";
    d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::Goodbye);
    EXPECT_TRUE(d.warn);
    EXPECT_NE(d.reason.find("hold"), std::string::npos);
    c.registrant->holdNote.clear();
    c.registrant->status = RegistrantStatus::Cancelled;
    EXPECT_TRUE(c.decide().warn);
    c.registrant->status = RegistrantStatus::Active;
    c.meetingDay = false;
    EXPECT_TRUE(c.decide().warn);

    Case unknown;
    unknown.direction = Direction::Out;
    unknown.registrant.reset();
    EXPECT_EQ(unknown.decide().outcome, Outcome::NotRecognised);
    unknown.claim = SignedClaim("REG-9", 1); // a valid signed badge speaks for itself
    d = unknown.decide();
    EXPECT_EQ(d.outcome, Outcome::Goodbye);
    EXPECT_TRUE(d.fromBadgeOnly);
    Case forged = unknown;
    forged.claim.verification = accueil::scanner::Verification::BadSignature;
    EXPECT_EQ(forged.decide().outcome, Outcome::NotRecognised);
}

TEST(CheckInRules, CurrentOrNewerBadgeVersionIsAccepted) {
    Case c;
    c.claim = SignedClaim("REG-1", 2);
    EXPECT_EQ(c.decide().outcome, Outcome::Admitted);
    c.claim = SignedClaim("REG-1", 3); // issued after this kiosk's last sync
    EXPECT_EQ(c.decide().outcome, Outcome::Admitted);
}

TEST(CheckInRules, ValidSignedBadgeOfAnUnlistedDelegateIsAdmittedFromTheBadge) {
    Case c;
    c.claim = SignedClaim("REG-NEW", 1);
    c.registrant.reset();
    Decision d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::Admitted);
    EXPECT_TRUE(d.fromBadgeOnly);
    c.meetingDay = false;
    d = c.decide();
    EXPECT_EQ(d.outcome, Outcome::NotValidToday);
    EXPECT_FALSE(d.fromBadgeOnly);
    // A plain ID carries no signature: unknown means not recognised.
    Case plain;
    plain.registrant.reset();
    EXPECT_EQ(plain.decide().outcome, Outcome::NotRecognised);
}

TEST(CheckInRules, DebounceIsTheSameKeyWithinTheWindow) {
    const std::optional<PreviousScan> prev = PreviousScan{"id:REG-1", 10'000};
    EXPECT_TRUE(IsRepeatScan(prev, "id:REG-1", 10'000, 5));
    EXPECT_TRUE(IsRepeatScan(prev, "id:REG-1", 14'999, 5));
    EXPECT_FALSE(IsRepeatScan(prev, "id:REG-1", 15'000, 5));
    EXPECT_FALSE(IsRepeatScan(prev, "id:REG-2", 11'000, 5));
    EXPECT_FALSE(IsRepeatScan(prev, "id:REG-1", 9'000, 5));  // clock went backwards
    EXPECT_FALSE(IsRepeatScan(prev, "id:REG-1", 11'000, 0)); // debounce off
    EXPECT_FALSE(IsRepeatScan(std::nullopt, "id:REG-1", 11'000, 5));
}

TEST(CheckInRules, AnAttentionNoteAdmitsAndCarriesTheNoteForStaff) {
    Case c;
    c.registrant->attention = "Minister: escort to room XX";
    const Decision admitted = c.decide();
    EXPECT_EQ(admitted.outcome, Outcome::Admitted);
    EXPECT_TRUE(admitted.recordsEntry);
    EXPECT_EQ(admitted.attention, "Minister: escort to room XX");
    c.firstEntry = 1'000;
    EXPECT_EQ(c.decide().outcome, Outcome::WelcomeBack);
    EXPECT_EQ(c.decide().attention, "Minister: escort to room XX"); // every entry tells staff
    EXPECT_TRUE(Case{}.decide().attention.empty());
}

TEST(CheckInRules, AHoldStillRefusesARegistrantWithAnAttentionNote) {
    Case c;
    c.registrant->attention = "Minister";
    c.registrant->holdNote = "Credentials to verify";
    EXPECT_EQ(c.decide().outcome, Outcome::SeeDesk);
    EXPECT_TRUE(c.decide().attention.empty()); // refused: nobody is admitted, nothing to alert
    c.registrant->holdNote.clear();
    c.meetingDay = false;
    EXPECT_EQ(c.decide().outcome, Outcome::NotValidToday);
    EXPECT_TRUE(c.decide().attention.empty());
}
