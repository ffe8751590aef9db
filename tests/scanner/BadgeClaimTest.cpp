// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/BadgeClaim.h>

#include <gtest/gtest.h>

using namespace accueil::scanner;

TEST(ParsePlainId, AcceptsIdAndTrimsWhiteSpace) {
    const BadgeClaim claim = ParsePlainId("  REG-00042\r\n");
    EXPECT_EQ(claim.format, ClaimFormat::PlainId);
    EXPECT_TRUE(claim.valid());
    EXPECT_EQ(claim.registrantId, "REG-00042");
}

TEST(ParsePlainId, RefusesWhatIsNotAnId) {
    for (const char* payload :
         {"", "   ", "https://example.org/x", "{\"i\":[2]}", "-abc", "a b", "Müller"}) {
        const BadgeClaim claim = ParsePlainId(payload);
        EXPECT_EQ(claim.format, ClaimFormat::Unreadable) << payload;
        EXPECT_FALSE(claim.valid()) << payload;
        EXPECT_FALSE(claim.reason.empty()) << payload;
    }
    EXPECT_EQ(ParsePlainId(std::string(65, 'a')).format, ClaimFormat::Unreadable);
    EXPECT_EQ(ParsePlainId(std::string(64, 'a')).format, ClaimFormat::PlainId);
}
