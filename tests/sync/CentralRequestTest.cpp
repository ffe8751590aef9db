// SPDX-License-Identifier: Apache-2.0
// The central's request checks, without a server: the bearer token, integer query parameters,
// push bodies, and the JSON answer for statuses the HTTP library sets itself.

#include "CentralRequest.h"

#include <accueil/core/Occupancy.h>
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeToken.h>

#include <gtest/gtest.h>

#include <functional>
#include <map>

namespace accueil::sync {
namespace {

using nlohmann::json;

// A UUID of the kind kiosks write, numbered.
std::string Uuid(int n) {
    const std::string tail = std::to_string(n);
    return "0190a0a0-0000-7000-8000-" + std::string(12 - tail.size(), '0') + tail;
}

core::AttendanceEvent Event(const std::string& uuid, const std::string& kioskId) {
    core::AttendanceEvent e;
    e.uuid = uuid;
    e.registrantId = "X1";
    e.day = "2025-06-17";
    e.kioskId = kioskId;
    e.at = 1'750'143'600'000;
    return e;
}

core::AuditEntry Audit(const std::string& uuid, const std::string& kioskId) {
    core::AuditEntry a;
    a.uuid = uuid;
    a.at = 1'750'143'600'000;
    a.kioskId = kioskId;
    a.action = "scan";
    return a;
}

core::Registrant Walkin(const std::string& id) {
    core::Registrant r;
    r.id = id;
    r.familyName = "Walk-in";
    r.provisional = true;
    return r;
}

TEST(CentralRequest, BearerTokenIsTheRestOfTheHeader) {
    auto token = BearerToken("Bearer s3cret");
    ASSERT_TRUE(token);
    EXPECT_EQ(*token, "s3cret");
    // Kept verbatim: a token with a stray space simply does not match any hash.
    auto spaced = BearerToken("Bearer  s3cret");
    ASSERT_TRUE(spaced);
    EXPECT_EQ(*spaced, " s3cret");
}

TEST(CentralRequest, AnythingButBearerIsUnauthorized) {
    for (const char* header : {"", "Bearer", "Bearer ", "bearer s3cret", "Basic czNjcmV0",
                               "Bearers3cret", " Bearer s3cret"}) {
        auto token = BearerToken(header);
        ASSERT_FALSE(token) << '"' << header << '"';
        EXPECT_EQ(token.error().code, ApiError::Unauthorized) << header;
        EXPECT_FALSE(token.error().retryAfterSeconds) << header;
    }
}

TEST(CentralRequest, QueryIntegerInRange) {
    EXPECT_EQ(*ParseQueryInteger("since", "0", INT64_MAX), 0);
    EXPECT_EQ(*ParseQueryInteger("since", "42", INT64_MAX), 42);
    EXPECT_EQ(*ParseQueryInteger("since", "9223372036854775807", INT64_MAX), INT64_MAX);
    EXPECT_EQ(*ParseQueryInteger("limit", "500", 500), 500);
}

TEST(CentralRequest, QueryIntegerRefusals) {
    for (const char* text :
         {"", "-1", "+1", " 1", "1 ", "12x", "abc", "0x10", "1.5", "501", "99999999999999999999"}) {
        auto v = ParseQueryInteger("limit", text, 500);
        ASSERT_FALSE(v) << '"' << text << '"';
        EXPECT_EQ(v.error().code, ApiError::InvalidRequest);
        EXPECT_EQ(v.error().message, "query parameter \"limit\" must be an integer from 0 to 500");
    }
}

TEST(CentralRequest, PushBodyParsesEveryList) {
    const json body{
        {"attendance", json::array({ToJson(Event(Uuid(1), "door-1"))})},
        {"audit", json::array({ToJson(Audit(Uuid(2), "door-1")), ToJson(Audit(Uuid(3), ""))})},
        {"registrants", json::array({ToJson(Walkin("W1"))})}};
    auto batch = ParsePushBody(body.dump(), "door-1", 10);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_EQ(batch->kioskId, "door-1");
    ASSERT_EQ(batch->attendance.size(), 1U);
    EXPECT_EQ(batch->attendance[0].uuid, Uuid(1));
    ASSERT_EQ(batch->audit.size(), 2U);
    EXPECT_EQ(batch->audit[0].kioskId, "door-1");
    EXPECT_EQ(batch->audit[1].kioskId, "door-1"); // a line with no kiosk is this token's
    ASSERT_EQ(batch->provisional.size(), 1U);
    EXPECT_EQ(batch->provisional[0].id, "W1");
    EXPECT_TRUE(batch->refused.empty());
}

TEST(CentralRequest, AbsentListsAreEmpty) {
    auto batch = ParsePushBody("{}", "door-1", 10);
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->kioskId, "door-1");
    EXPECT_TRUE(batch->attendance.empty());
    EXPECT_TRUE(batch->audit.empty());
    EXPECT_TRUE(batch->provisional.empty());
}

TEST(CentralRequest, PushBodyShapeErrors) {
    auto notJson = ParsePushBody(R"({"attendance": [ )", "door-1", 10);
    ASSERT_FALSE(notJson);
    EXPECT_EQ(notJson.error().code, ApiError::MalformedJson);

    for (const char* body : {"[]", "42", R"("text")", R"({"attendance": {}})", R"({"audit": "x"})",
                             R"({"registrants": null})"}) {
        auto batch = ParsePushBody(body, "door-1", 10);
        ASSERT_FALSE(batch) << body;
        EXPECT_EQ(batch.error().code, ApiError::InvalidRequest) << body;
    }
}

TEST(CentralRequest, TooManyEventsAreRefusedWhole) {
    const json two = json::array({ToJson(Event("e1", "door-1")), ToJson(Event("e2", "door-1"))});
    auto attendance = ParsePushBody(json{{"attendance", two}}.dump(), "door-1", 1);
    ASSERT_FALSE(attendance);
    EXPECT_EQ(attendance.error().code, ApiError::InvalidRequest);
    EXPECT_EQ(attendance.error().message, "at most 1 events per request");

    // Attendance and audit count together; provisional registrants count on their own.
    const json mixed{{"attendance", json::array({ToJson(Event("e1", "door-1"))})},
                     {"audit", json::array({ToJson(Audit("a1", "door-1"))})}};
    EXPECT_FALSE(ParsePushBody(mixed.dump(), "door-1", 1));
    EXPECT_TRUE(ParsePushBody(mixed.dump(), "door-1", 2));
    const json walkins{{"registrants", json::array({ToJson(Walkin("W1")), ToJson(Walkin("W2"))})},
                       {"attendance", json::array({ToJson(Event("e1", "door-1"))})}};
    EXPECT_FALSE(ParsePushBody(walkins.dump(), "door-1", 1));
    EXPECT_TRUE(ParsePushBody(walkins.dump(), "door-1", 2));
}

// Another kiosk's event, or one the central cannot read, is refused on its own with its
// reason; the rest of the batch is kept, so one bad event never blocks a kiosk's outbox.
TEST(CentralRequest, ABadItemIsRefusedAloneAndTheRestIsKept) {
    json teleport = ToJson(Event(Uuid(2), "door-1"));
    teleport["kind"] = "teleport";
    json noAction = ToJson(Audit(Uuid(4), "door-1"));
    noAction.erase("action");
    const json body{{"attendance", json::array({ToJson(Event(Uuid(1), "door-1")), teleport,
                                                ToJson(Event(Uuid(3), "door-9"))})},
                    {"audit", json::array({noAction, ToJson(Audit(Uuid(5), "door-9")),
                                           ToJson(Audit(Uuid(6), "door-1"))})}};
    auto batch = ParsePushBody(body.dump(), "door-1", 10);
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_EQ(batch->attendance.size(), 1U);
    EXPECT_EQ(batch->attendance[0].uuid, Uuid(1));
    ASSERT_EQ(batch->audit.size(), 1U);
    EXPECT_EQ(batch->audit[0].uuid, Uuid(6));
    ASSERT_EQ(batch->refused.size(), 4U);
    std::map<std::string, std::string> why;
    for (const auto& r : batch->refused) {
        why[r.uuid] = r.reason;
    }
    EXPECT_NE(why[Uuid(2)].find("unknown kind"), std::string::npos) << why[Uuid(2)];
    EXPECT_NE(why[Uuid(3)].find("names kiosk \"door-9\""), std::string::npos) << why[Uuid(3)];
    EXPECT_NE(why[Uuid(4)].find("action"), std::string::npos) << why[Uuid(4)];
    EXPECT_NE(why[Uuid(5)].find("names kiosk \"door-9\""), std::string::npos);
    // A walk-in the central cannot store is dropped; its events then name nobody it knows.
    json noId = ToJson(Walkin("W1"));
    noId.erase("id");
    auto walkin = ParsePushBody(json{{"registrants", json::array({noId})}}.dump(), "door-1", 10);
    ASSERT_TRUE(walkin);
    EXPECT_TRUE(walkin->provisional.empty());
}

// Everything a valid token could push that is nonsense: each event refused with its reason,
// the good one beside them stored.
TEST(CentralRequest, EachInvalidPushedFieldIsRefusedWithItsReason) {
    auto calendar = core::EventCalendar::Create(
        "Europe/Zurich", {"2025-06-17", "2025-06-18", "2025-06-19", "2025-06-20"});
    ASSERT_TRUE(calendar);
    PushRules rules;
    rules.calendar = &*calendar;
    rules.now = 1'750'150'000'000; // 17 June 2025
    rules.listedAmong = [](const std::set<std::string>& ids) {
        std::set<std::string> listed;
        for (const auto& id : ids) {
            if (id == "X1") {
                listed.insert(id);
            }
        }
        return listed;
    };
    struct Case {
        std::function<void(json&)> spoil;
        std::string reason;
    };
    const std::vector<Case> cases{
        {[](json& e) { e["day"] = "1999-01-01"; }, "1999-01-01 is not a day of the event"},
        {[](json& e) { e["registrant_id"] = "GHOST-1"; }, "\"GHOST-1\" is not on the central's"},
        {[](json& e) {
             e["registrant_id"] = std::string("X\0"
                                              "1",
                                              3);
         },
         "not a registrant ID"},
        {[](json& e) { e["registrant_id"] = "X\x1b[2J"; }, "not a registrant ID"},
        {[](json& e) { e["uuid"] = "' OR 1=1 --"; }, "not a lower-case UUID"},
        {[](json& e) { e["at"] = -5; }, "long before the event"},
        {[](json& e) { e["at"] = 4'102'444'800'000; }, "more than a day ahead"},
        {[](json& e) { e["reason"] = std::string(std::size_t{1} << 20, 'x'); }, "longer than 500"},
        {[](json& e) { e["staff_id"] = "amina\x07"; }, "control character"},
        {[](json& e) { e["zone"] = "Plenary Room"; }, "\"zone\" is not a zone id"},
        {[](json& e) { e["zone"] = std::string(33, 'z'); }, "\"zone\" is not a zone id"},
        {[](json& e) { e["zone"] = 7; }, "\"zone\" must be a string"},
        // Another kiosk's event dressed as the nightly check-out: its UUID gives it away.
        {[](json& e) {
             e["kiosk_id"] = "nightly";
             e["kind"] = "check_out";
         },
         "names kiosk \"nightly\""},
    };
    json list = json::array({ToJson(Event(Uuid(1), "door-1"))});
    std::vector<std::string> uuids;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        json e = ToJson(Event(Uuid(static_cast<int>(i) + 10), "door-1"));
        cases[i].spoil(e);
        uuids.push_back(e["uuid"].get<std::string>());
        list.push_back(e);
    }
    auto batch = ParsePushBody(json{{"attendance", list}}.dump(), "door-1", 100, rules);
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_EQ(batch->attendance.size(), 1U);
    EXPECT_EQ(batch->attendance[0].uuid, Uuid(1));
    ASSERT_EQ(batch->refused.size(), cases.size());
    std::map<std::string, std::string> why;
    for (const auto& r : batch->refused) {
        why[r.uuid] = r.reason;
    }
    for (std::size_t i = 0; i < cases.size(); ++i) {
        EXPECT_NE(why[uuids[i]].find(cases[i].reason), std::string::npos)
            << uuids[i] << ": " << why[uuids[i]];
    }
}

TEST(CentralRequest, ZonesAndTheNightlyCheckoutFromAnyKiosk) {
    core::AttendanceEvent nightly = Event(core::NightlyCheckoutUuid("2025-06-17", "X1", "hall"),
                                          std::string(core::kNightlyKioskId));
    nightly.kind = core::EventKind::CheckOut;
    nightly.zone = "hall";
    json old = ToJson(Event(Uuid(2), "door-1"));
    old.erase("zone"); // a kiosk from before zones
    const json body{{"attendance", json::array({ToJson(nightly), old})}};
    auto batch = ParsePushBody(body.dump(), "door-1", 100, PushRules{});
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->refused.empty()) << batch->refused.front().reason;
    ASSERT_EQ(batch->attendance.size(), 2U);
    EXPECT_EQ(batch->attendance[0].kioskId, "nightly");
    EXPECT_EQ(batch->attendance[0].zone, "hall");
    EXPECT_EQ(batch->attendance[1].zone, "building");
}

TEST(CentralRequest, LibraryStatusesGetStableCodes) {
    const StatusAnswer tooLarge = AnswerForStatus(413);
    EXPECT_EQ(tooLarge.status, 413);
    EXPECT_EQ(tooLarge.code, ApiError::BodyTooLarge);
    const StatusAnswer missing = AnswerForStatus(404);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.code, ApiError::NotFound);
    for (int status : {500, 503}) {
        const StatusAnswer failed = AnswerForStatus(status);
        EXPECT_EQ(failed.status, 500) << status;
        EXPECT_EQ(failed.code, ApiError::Internal) << status;
    }
    // Anything else keeps its status and is called a bad request.
    for (int status : {400, 405, 414}) {
        const StatusAnswer other = AnswerForStatus(status);
        EXPECT_EQ(other.status, status);
        EXPECT_EQ(other.code, ApiError::InvalidRequest);
        EXPECT_EQ(other.message, "bad request");
    }
}

} // namespace
} // namespace accueil::sync

namespace accueil::sync {
namespace {

// A provisional registrant the central does not list yet is taken only on evidence it checks
// itself: a signed badge of this event that names them, or (a walk-in) check-ins made by hand
// by a named staff member. Otherwise it is dropped and its events are refused with the reason.
TEST(CentralRequest, ProvisionalRegistrantsAreTakenOnlyOnEvidenceTheCentralChecks) {
    auto key = scanner::GenerateBadgeKey();
    ASSERT_TRUE(key);
    scanner::BadgeReaderOptions options;
    options.eventId = "BWC-RC9";
    options.publicKeys = {key->publicKey};
    auto reader = scanner::BadgeReader::create(options);
    ASSERT_TRUE(reader);
    const auto badgeFor = [&](const std::string& id, const std::string& family) {
        scanner::BadgeData data;
        data.eventId = "BWC-RC9";
        data.registrantId = id;
        data.givenName = "Ana";
        data.familyName = family;
        return *scanner::IssueBadgeToken(key->secretKey, data);
    };
    PushRules rules;
    rules.listedAmong = [](const std::set<std::string>& ids) {
        return ids.contains("X1") ? std::set<std::string>{"X1"} : std::set<std::string>{};
    };
    rules.readBadge = [&](std::string_view text) { return reader->read(text); };

    struct Case {
        std::string id;
        std::string badge; ///< empty: none sent
        core::EventKind kind = core::EventKind::CheckIn;
        std::string staff;
        std::string refusal; ///< empty: taken
    };
    std::string tampered = badgeFor("P2", "Badge");
    tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
    const std::vector<Case> cases{
        {"P1", badgeFor("P1", "Badge"), core::EventKind::CheckIn, "", ""},
        {"P2", tampered, core::EventKind::CheckIn, "", "its badge does not verify"},
        {"P3", badgeFor("P1", "Badge"), core::EventKind::CheckIn, "", "names someone else"},
        {"P4", badgeFor("P4", "Other"), core::EventKind::CheckIn, "", "names someone else"},
        {"W1", "", core::EventKind::ManualCheckIn, "staff-1", ""},
        {"W2", "", core::EventKind::CheckIn, "", "not admitted by staff"},
        {"W3", "", core::EventKind::ManualCheckIn, "", "not admitted by staff"},
        {"X1", "", core::EventKind::CheckIn, "", ""}, // the central lists them already
    };
    json registrants = json::array();
    json attendance = json::array();
    for (std::size_t i = 0; i < cases.size(); ++i) {
        core::Registrant r = Walkin(cases[i].id);
        r.givenName = "Ana";
        r.familyName = "Badge";
        json j = ToJson(r);
        if (!cases[i].badge.empty()) {
            j["badge"] = cases[i].badge;
        }
        registrants.push_back(j);
        core::AttendanceEvent e = Event(Uuid(static_cast<int>(i) + 1), "door-1");
        e.registrantId = cases[i].id;
        e.kind = cases[i].kind;
        e.staffId = cases[i].staff;
        attendance.push_back(ToJson(e));
    }
    auto batch = ParsePushBody(
        json{{"attendance", attendance}, {"audit", json::array()}, {"registrants", registrants}}
            .dump(),
        "door-1", 100, rules);
    ASSERT_TRUE(batch) << batch.error().message;
    std::set<std::string> taken;
    for (const auto& r : batch->provisional) {
        taken.insert(r.id);
    }
    std::map<std::string, std::string> why;
    for (const auto& r : batch->refused) {
        why[r.uuid] = r.reason;
    }
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const std::string uuid = Uuid(static_cast<int>(i) + 1);
        if (c.refusal.empty()) {
            EXPECT_TRUE(taken.contains(c.id)) << c.id;
            EXPECT_FALSE(why.contains(uuid)) << c.id << ": " << why[uuid];
        } else {
            EXPECT_FALSE(taken.contains(c.id)) << c.id;
            EXPECT_NE(why[uuid].find(c.refusal), std::string::npos) << c.id << ": " << why[uuid];
        }
    }
}

} // namespace
} // namespace accueil::sync
