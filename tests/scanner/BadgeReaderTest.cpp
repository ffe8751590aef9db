// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/IndicoTicket.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace accueil::scanner;

TEST(ReadBadge, PlainIdsFollowTheOptions) {
    BadgeReaderOptions options;
    EXPECT_EQ(ReadBadge("REG-00042\n", options).registrantId, "REG-00042");
    EXPECT_EQ(ReadBadge("AC1234", options).format, ClaimFormat::PlainId); // short: not a token
    options.acceptPlainIds = false;
    const BadgeClaim off = ReadBadge("REG-00042", options);
    EXPECT_EQ(off.format, ClaimFormat::Unreadable);
    EXPECT_NE(off.reason.find("not accepted"), std::string::npos);
    options.acceptPlainIds = true;
    options.plainIdPattern = "D[0-9]{6}";
    EXPECT_TRUE(ReadBadge("D123456", options).valid());
    EXPECT_EQ(ReadBadge("D12345", options).format, ClaimFormat::Unreadable);
    EXPECT_EQ(ReadBadge("xD123456", options).format, ClaimFormat::Unreadable);
}

TEST(ReadBadge, BadOptionsGiveAReasonNotACrash) {
    BadgeReaderOptions options;
    options.plainIdPattern = "([";
    const BadgeClaim claim = ReadBadge("REG-1", options);
    EXPECT_EQ(claim.format, ClaimFormat::Unreadable);
    EXPECT_NE(claim.reason.find("misconfigured"), std::string::npos);
    options.plainIdPattern.clear();
    options.publicKeys = {"ACPKNOTAKEY"};
    EXPECT_FALSE(BadgeReader::create(options));
    EXPECT_EQ(ReadBadge("REG-1", options).format, ClaimFormat::Unreadable);
}

TEST(ReadBadge, IndicoOnlyWhenAccepted) {
    const std::string v2 = R"({"i":[2,"indico.example.org","ABEiM0RVZneImaq7zN3u_w"]})";
    BadgeReaderOptions options;
    const BadgeClaim off = ReadBadge(v2, options);
    EXPECT_EQ(off.format, ClaimFormat::Unreadable);
    EXPECT_NE(off.reason.find("Indico"), std::string::npos);
    options.acceptIndico = true;
    const BadgeClaim on = ReadBadge(v2, options);
    EXPECT_EQ(on.format, ClaimFormat::IndicoTicket);
    EXPECT_TRUE(on.valid());
    EXPECT_EQ(on.ticket, "00112233-4455-6677-8899-aabbccddeeff");
    EXPECT_EQ(ReadBadge("{not json", options).format, ClaimFormat::Unreadable);
}

TEST(IndicoTicket, Version2DecodesTheUuid) {
    // 00112233-4455-6677-8899-aabbccddeeff in base64, with and without padding, and URL-safe.
    for (const char* b64 :
         {"ABEiM0RVZneImaq7zN3u/w==", "ABEiM0RVZneImaq7zN3u/w", "ABEiM0RVZneImaq7zN3u_w"}) {
        const std::string payload = std::string(R"({"i": [2, "indico.un.org", ")") + b64 + "\"]}";
        const BadgeClaim claim = ParseIndicoTicket(payload);
        ASSERT_EQ(claim.format, ClaimFormat::IndicoTicket) << claim.reason;
        EXPECT_EQ(claim.ticket, "00112233-4455-6677-8899-aabbccddeeff");
        EXPECT_EQ(claim.indicoServer, "indico.un.org");
    }
}

TEST(IndicoTicket, Version1UsesTheCheckinSecret) {
    const BadgeClaim claim = ParseIndicoTicket(
        R"({"registrant_id": 1234, "checkin_secret": "00112233-4455-6677-8899-AABBCCDDEEFF",)"
        R"( "event_id": 42, "server_url": "https://indico.example.org", "version": 1})");
    ASSERT_EQ(claim.format, ClaimFormat::IndicoTicket) << claim.reason;
    EXPECT_TRUE(claim.valid());
    EXPECT_EQ(claim.ticket, "00112233-4455-6677-8899-aabbccddeeff");
    EXPECT_EQ(claim.registrantId, "1234");
    EXPECT_EQ(claim.eventId, "42");
    EXPECT_EQ(claim.indicoServer, "https://indico.example.org");
}

TEST(IndicoTicket, MalformedIsUnreadableWithAReason) {
    for (const std::string& payload : std::vector<std::string>{
             "{", "{}", "[]", "null", R"({"i":[3,"h","ABEiM0RVZneImaq7zN3u/w"]})",
             R"({"i":[2,"h","ABEiM0RVZneImaq7zN3u"]})", R"({"i":[2,"h","!!!!"]})",
             R"({"i":[2,5,"ABEiM0RVZneImaq7zN3u/w"]})", R"({"i":"x"})",
             R"({"checkin_secret": 5, "registrant_id": 1, "event_id": 2})",
             R"({"checkin_secret": "s", "registrant_id": -1, "event_id": 2})",
             R"({"checkin_secret": "s", "event_id": 2})", std::string(100000, '['),
             "{\"i\":[2,\"h\",\"ABEiM0RVZneImaq7zN3u/w\"]}\xff"}) {
        const BadgeClaim claim = ParseIndicoTicket(payload);
        EXPECT_EQ(claim.format, ClaimFormat::Unreadable) << payload.substr(0, 60);
        EXPECT_FALSE(claim.reason.empty());
        EXPECT_FALSE(claim.valid());
    }
}
