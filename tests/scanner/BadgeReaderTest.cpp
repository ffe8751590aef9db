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
             R"({"i":[2,"h","ABEiM0RVZneImaq7zN3u/w","ABEi"]})",
             R"({"i":[2,"h","ABEiM0RVZneImaq7zN3u/w",7]})",
             R"({"i":[2,"h","ABEiM0RVZneImaq7zN3u/w","ABEiM0RVZneImaq7zN3u/w","x"]})",
             R"({"checkin_secret": "s", "registrant_id": -1, "event_id": 2})",
             R"({"checkin_secret": "s", "event_id": 2})", std::string(100000, '['),
             "{\"i\":[2,\"h\",\"ABEiM0RVZneImaq7zN3u/w\"]}\xff"}) {
        const BadgeClaim claim = ParseIndicoTicket(payload);
        EXPECT_EQ(claim.format, ClaimFormat::Unreadable) << payload.substr(0, 60);
        EXPECT_FALSE(claim.reason.empty());
        EXPECT_FALSE(claim.valid());
    }
}

TEST(IndicoTicket, AnAccompanyingPersonsCodeCarriesBothIds) {
    // Indico >= 3.3: the registrant's ticket, then the accompanying person's own id.
    const BadgeClaim claim = ParseIndicoTicket(
        R"({"i":[2,"indico.un.org","ABEiM0RVZneImaq7zN3u/w","wP/uABI0Sryd7wEjRWeJqw=="]})");
    ASSERT_EQ(claim.format, ClaimFormat::IndicoTicket) << claim.reason;
    EXPECT_TRUE(claim.valid());
    EXPECT_EQ(claim.ticket,
              "00112233-4455-6677-8899-aabbccddeeff/c0ffee00-1234-4abc-9def-0123456789ab");
}

TEST(IndicoTicket, AVersion1CodeWithoutItsSecretIsReadButNotValid) {
    for (const std::string payload :
         {R"({"registrant_id": 6, "event_id": 1})",
          R"({"registrant_id": 6, "event_id": 1, "checkin_secret": ""})",
          R"({"registrant_id": 6, "event_id": 1, "checkin_secret": 5})"}) {
        const BadgeClaim claim = ParseIndicoTicket(payload);
        EXPECT_EQ(claim.format, ClaimFormat::IndicoTicket) << payload;
        EXPECT_FALSE(claim.valid()) << payload;
        EXPECT_TRUE(claim.ticket.empty());
        EXPECT_TRUE(IsTicketClaim(claim)); // so its id is never looked up
        EXPECT_NE(claim.reason.find("checkin_secret"), std::string::npos);
    }
}

// A ticket of another Indico event, or of another Indico server, is not this meeting's.
TEST(ReadBadge, IndicoTicketsOfAnotherEventOrServerAreOtherEvent) {
    BadgeReaderOptions options;
    options.acceptIndico = true;
    options.indicoEventId = "1";
    options.indicoServer = "https://indico.un.org/";
    const std::string uuid = "00112233-4455-6677-8899-aabbccddeeff";
    struct Case {
        std::string payload;
        bool valid;
    };
    const std::vector<Case> cases{
        {R"({"registrant_id":6,"checkin_secret":")" + uuid + R"(","event_id":1})", true},
        {R"({"registrant_id":6,"checkin_secret":")" + uuid + R"(","event_id":"1"})", true},
        {R"({"registrant_id":6,"checkin_secret":")" + uuid + R"(","event_id":2})", false},
        {R"({"registrant_id":6,"checkin_secret":")" + uuid +
             R"(","event_id":1,"server_url":"https://evil.example"})",
         false},
        {R"({"i":[2,"indico.un.org","ABEiM0RVZneImaq7zN3u/w"]})", true},
        {R"({"i":[2,"https://indico.un.org","ABEiM0RVZneImaq7zN3u/w"]})", true},
        {R"({"i":[2,"indico.evil.example","ABEiM0RVZneImaq7zN3u/w"]})", false},
    };
    for (const Case& c : cases) {
        const BadgeClaim claim = ReadBadge(c.payload, options);
        EXPECT_EQ(claim.format, ClaimFormat::IndicoTicket) << c.payload;
        EXPECT_EQ(claim.valid(), c.valid) << c.payload << " " << claim.reason;
        if (!c.valid) {
            EXPECT_EQ(claim.verification, Verification::OtherEvent) << c.payload;
        }
    }
    // Nothing configured: the event and the server are not checked.
    options.indicoEventId.clear();
    options.indicoServer.clear();
    for (const Case& c : cases) {
        EXPECT_TRUE(ReadBadge(c.payload, options).valid()) << c.payload;
    }
}
