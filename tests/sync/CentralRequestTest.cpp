// SPDX-License-Identifier: Apache-2.0
// The central's request checks, without a server: the bearer token, integer query parameters,
// push bodies, and the JSON answer for statuses the HTTP library sets itself.

#include "CentralRequest.h"

#include <gtest/gtest.h>

namespace accueil::sync {
namespace {

using nlohmann::json;

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
        {"attendance", json::array({ToJson(Event("e1", "door-1"))})},
        {"audit", json::array({ToJson(Audit("a1", "door-1")), ToJson(Audit("a2", ""))})},
        {"registrants", json::array({ToJson(Walkin("W1"))})}};
    auto batch = ParsePushBody(body.dump(), "door-1", 10);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_EQ(batch->kioskId, "door-1");
    ASSERT_EQ(batch->attendance.size(), 1U);
    EXPECT_EQ(batch->attendance[0].uuid, "e1");
    ASSERT_EQ(batch->audit.size(), 2U);
    EXPECT_EQ(batch->audit[0].kioskId, "door-1");
    EXPECT_EQ(batch->audit[1].kioskId, "door-1"); // a line with no kiosk is this token's
    ASSERT_EQ(batch->provisional.size(), 1U);
    EXPECT_EQ(batch->provisional[0].id, "W1");
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

TEST(CentralRequest, AnotherKiosksEventIsAMismatch) {
    const json event{{"attendance", json::array({ToJson(Event("e9", "door-9"))})}};
    auto batch = ParsePushBody(event.dump(), "door-1", 10);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ApiError::KioskMismatch);
    EXPECT_NE(batch.error().message.find("e9"), std::string::npos);

    const json audit{{"audit", json::array({ToJson(Audit("a9", "door-9"))})}};
    auto line = ParsePushBody(audit.dump(), "door-1", 10);
    ASSERT_FALSE(line);
    EXPECT_EQ(line.error().code, ApiError::KioskMismatch);
    EXPECT_NE(line.error().message.find("a9"), std::string::npos);
}

TEST(CentralRequest, OneBadItemRefusesTheBatch) {
    json bad = ToJson(Event("e2", "door-1"));
    bad["kind"] = "teleport";
    const json body{{"attendance", json::array({ToJson(Event("e1", "door-1")), bad})}};
    auto batch = ParsePushBody(body.dump(), "door-1", 10);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ApiError::InvalidRequest);

    json noAction = ToJson(Audit("a1", "door-1"));
    noAction.erase("action");
    EXPECT_FALSE(ParsePushBody(json{{"audit", json::array({noAction})}}.dump(), "door-1", 10));
    json noId = ToJson(Walkin("W1"));
    noId.erase("id");
    EXPECT_FALSE(ParsePushBody(json{{"registrants", json::array({noId})}}.dump(), "door-1", 10));
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
