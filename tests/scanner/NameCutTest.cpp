// SPDX-License-Identifier: Apache-2.0
// Where a name too long for a badge is cut: after a word, else between characters as a reader
// sees them, never inside an accent or an Arabic lam-alef; and the cut shown with "…".

#include <accueil/scanner/NameCut.h>

#include <gtest/gtest.h>

using accueil::scanner::CutName;
using accueil::scanner::ShownName;

TEST(NameCut, AWholeNameThatFitsIsKept) {
    EXPECT_EQ(CutName("Maria", 5), "Maria");
    EXPECT_EQ(CutName("", 0), "");
}

TEST(NameCut, AfterAWholeWordWhenOneFits) {
    EXPECT_EQ(CutName("Maria José", 8), "Maria");
    EXPECT_EQ(CutName("Juan Pablo Antonio", 12), "Juan Pablo");
    EXPECT_EQ(CutName("عبد الرحمن", 12), "عبد"); // not "عبد ال"
}

TEST(NameCut, ALongWordIsCutBetweenCharactersAsReadersSeeThem) {
    EXPECT_EQ(CutName("Fernández", 4), "Fern");
    // "e" and a combining diaeresis are one character: never "Zoe" without its diaeresis.
    EXPECT_EQ(CutName("Zoe\xCC\x88lle", 3), "Zo");
    // Vietnamese: a letter with two marks stays whole.
    EXPECT_EQ(CutName("Nguye\xCC\x82\xCC\x83n", 6), "Nguy");
    EXPECT_EQ(CutName("Всеволодовна", 7), "Все") << "two bytes a letter";
}

TEST(NameCut, NeverBetweenLamAndTheAlefOfTheirLigature) {
    // ا ل ا م ي ن: four bytes end between lam and alef, which join into one ligature.
    EXPECT_EQ(CutName("الامين", 4), "ا");
    EXPECT_EQ(CutName("الامين", 6), "الا");
}

TEST(NameCut, ACutNameIsShownWithAnEllipsis) {
    EXPECT_EQ(ShownName("Mari", true), "Mari…");
    EXPECT_EQ(ShownName("Maria", false), "Maria");
    EXPECT_EQ(ShownName("", true), "");
}
