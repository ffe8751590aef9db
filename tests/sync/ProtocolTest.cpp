// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/Protocol.h>

#include <gtest/gtest.h>

namespace accueil::sync {
namespace {

using nlohmann::json;

core::Registrant Tricky() {
    core::Registrant r;
    r.id = "R-1";
    r.givenName = "Zoë \"Zo\" \\ O'Brien";
    r.familyName = "Łukasiewicz\tTab\nLine\x01";
    r.delegation = "Côte d’Ivoire";
    r.category = "State Party";
    r.gender = "female";
    r.days = {"2025-06-17", "2025-06-19"};
    r.status = core::RegistrantStatus::Cancelled;
    r.badgeVersion = 3;
    r.holdNote = "see desk";
    r.provisional = true;
    r.attention = "Minister: \"escort\" to room XX";
    return r;
}

TEST(Protocol, FastRegistrantJsonMatchesTheDom) {
    const core::Registrant r = Tricky();
    std::string fast;
    AppendJson(fast, r);
    EXPECT_EQ(json::parse(fast), ToJson(r));
}

TEST(Protocol, RegistrantRoundTrips) {
    const core::Registrant r = Tricky();
    auto back = RegistrantFromJson(ToJson(r));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, r);
}

TEST(Protocol, ARegistrantWithoutAnAttentionFieldHasNoNote) {
    json old = ToJson(Tricky());
    old.erase("attention"); // as a central that predates the field sends it
    auto back = RegistrantFromJson(old);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->attention, "");
    EXPECT_EQ(back->holdNote, "see desk");
}

TEST(Protocol, AttendanceRoundTripsAndIsChecked) {
    core::AttendanceEvent e;
    e.uuid = "u1";
    e.registrantId = "R-1";
    e.day = "2025-06-17";
    e.kind = core::EventKind::Undo;
    e.target = "u0";
    e.kioskId = "door-1";
    e.at = 1750000000000;
    e.method = core::Method::Manual;
    e.staffId = "s1";
    e.reason = "mistake";
    auto back = AttendanceFromJson(ToJson(e));
    ASSERT_TRUE(back);
    EXPECT_EQ(ToJson(*back), ToJson(e));

    json bad = ToJson(e);
    bad["target"] = "";
    EXPECT_FALSE(AttendanceFromJson(bad)); // an undo must name its target
    bad = ToJson(e);
    bad["day"] = "17/06/2025";
    EXPECT_FALSE(AttendanceFromJson(bad));
    bad = ToJson(e);
    bad["at"] = "yesterday";
    EXPECT_FALSE(AttendanceFromJson(bad));
    EXPECT_FALSE(AttendanceFromJson(json::array()));
}

TEST(Protocol, ErrorBodiesHaveStableCodes) {
    const json j = json::parse(ErrorBody(ApiError::CursorAhead, "x"));
    EXPECT_EQ(j["error"]["code"], "cursor_ahead");
    EXPECT_EQ(HttpStatus(ApiError::CursorAhead), 409);
    EXPECT_EQ(HttpStatus(ApiError::TokenRevoked), 403);
    EXPECT_EQ(ToString(ApiError::BodyTooLarge), "body_too_large");
}

} // namespace
} // namespace accueil::sync
