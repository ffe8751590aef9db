// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Text.h>

#include <gtest/gtest.h>

#include <set>

using namespace accueil::core;

TEST(Text, FoldsLettersUnicodeDoesNotDecompose) {
    EXPECT_EQ(FoldForSearch("Łukasiewicz"), "lukasiewicz");
    EXPECT_EQ(FoldForSearch("Ødegård"), "odegård"); // å is left to the tokenizer
    EXPECT_EQ(FoldForSearch("Straße"), "strasse");
    EXPECT_EQ(FoldForSearch("Œuvre Æsir Þór Đorđe"), "oeuvre aesir thór dorde");
    EXPECT_EQ(FoldForSearch("Müller"), "müller");
    EXPECT_EQ(FoldForSearch("Добрынина"), "Добрынина");
}

TEST(Text, InvalidUtf8PassesThroughFolding) {
    const std::string bad = "A\xC3\x28Z";
    EXPECT_EQ(FoldForSearch(bad), "a\xC3\x28z");
}

TEST(Text, RecognisesValidUtf8) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("Ελευθερίου 王 فاطمة 😀"));
    EXPECT_FALSE(IsValidUtf8("\xC3\x28"));         // bad continuation
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));         // overlong
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));     // surrogate
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80")); // beyond U+10FFFF
    EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));      // truncated
    EXPECT_FALSE(IsValidUtf8("Z\xFFrich"));        // Latin-1 byte
}

TEST(Text, UuidsAreVersion7AndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string u = NewUuid();
        ASSERT_EQ(u.size(), 36U);
        EXPECT_EQ(u[8], '-');
        EXPECT_EQ(u[14], '7');
        EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
        EXPECT_TRUE(seen.insert(u).second);
    }
}

TEST(Text, FoldsCaseInLatinGreekAndCyrillic) {
    EXPECT_EQ(FoldCase("Registration STATE"), "registration state");
    EXPECT_EQ(FoldCase("ÉTAT Féminin ÑANDÚ"), "état féminin ñandú");
    EXPECT_EQ(FoldCase("ЖЕНЩИНА Мужчина ЁЛКА Ўзбек"), "женщина мужчина ёлка ўзбек");
    EXPECT_EQ(FoldCase("ΑΘΗΝΑ"), "αθηνα");
    EXPECT_EQ(FoldCase("女性 أنثى × ß"), "女性 أنثى × ß"); // no case, or no simple one
    EXPECT_EQ(FoldCase("A\xC3\x28Z"), "a\xC3\x28z");       // invalid UTF-8 passes through
}
