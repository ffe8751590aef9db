// SPDX-License-Identifier: Apache-2.0
// Name search across scripts: the folding and Latin spellings on their own, then staff typing
// on a Latin keyboard into a real store holding names in seven scripts, and an index made by
// an older version rebuilt when the file is opened.

#include "TestSupport.h"

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/SearchText.h>
#include <accueil/core/Sqlite.h>

#include <gtest/gtest.h>

using namespace accueil::core;
using accueil::core::test::Person;
using accueil::core::test::TempDir;

namespace {

TEST(SearchText, FoldsMarksInEveryScriptAndGreekTonos) {
    EXPECT_EQ(FoldAcrossScripts("Ελευθερίου"), FoldAcrossScripts("ελευθεριου"));
    EXPECT_EQ(FoldAcrossScripts("Ἀθηνᾶ"), FoldAcrossScripts("αθηνα")) << "polytonic";
    EXPECT_EQ(FoldAcrossScripts("Ϊ"), FoldAcrossScripts("ι")) << "dialytika";
    EXPECT_EQ(FoldAcrossScripts("Йоханнес"), "иоханнес") << "Cyrillic breve";
    EXPECT_EQ(FoldAcrossScripts("Łukasiewicz-Müller"), "lukasiewicz-muller");
    EXPECT_EQ(FoldAcrossScripts("Nguyễn Thị"), "nguyen thi");
    EXPECT_EQ(FoldAcrossScripts("فَاطِمَة"), FoldAcrossScripts("فاطمة")) << "harakat";
    EXPECT_EQ(FoldAcrossScripts("प्रिया"), "प्रिया") << "Devanagari vowel signs are kept";
}

TEST(SearchText, ConsonantSkeletons) {
    EXPECT_EQ(ConsonantSkeleton("fatima"), "ftm");
    EXPECT_EQ(ConsonantSkeleton("mohammed"), "mhmd");
    EXPECT_EQ(ConsonantSkeleton("muhammad"), "mhmd");
    EXPECT_EQ(ConsonantSkeleton("youssef"), "sf");
    EXPECT_EQ(ConsonantSkeleton("aeiou"), "");
}

TEST(SearchText, TheIndexHoldsTheLatinSpellingOfOtherScripts) {
    const SearchText russian = SearchTextOf("Иван", "Иванов", "Russian Federation");
    EXPECT_NE(russian.text.find("ivanov"), std::string::npos) << russian.text;
    EXPECT_TRUE(russian.skeleton.empty()) << "Cyrillic writes its vowels";
    EXPECT_NE(SearchTextOf("Тарас", "Шевченко", "").text.find("shevchenko"), std::string::npos)
        << "as passports spell it";

    const SearchText chinese = SearchTextOf("小明", "王", "China");
    EXPECT_NE(chinese.text.find("wang"), std::string::npos) << chinese.text;
    EXPECT_NE(chinese.text.find("xiaoming"), std::string::npos) << chinese.text;

    const SearchText arabic = SearchTextOf("فاطمة", "الزهراء", "Egypt");
    EXPECT_FALSE(arabic.skeleton.empty());
    EXPECT_EQ(arabic.skeleton.rfind("ftm", 0), 0U) << arabic.skeleton;

    const SearchText latin = SearchTextOf("Zoë", "Müller", "Germany");
    EXPECT_EQ(latin.text, "zoe muller germany") << "a Latin name is indexed as written";
    EXPECT_TRUE(latin.skeleton.empty());
}

TEST(SearchText, WhatStaffTypeIsNeverSyntax) {
    EXPECT_EQ(SearchMatch("   "), "");
    EXPECT_EQ(SearchMatch("\" OR *"), "(text : \"or\"* OR skeleton : \"r\"*)");
    EXPECT_EQ(SearchMatch("fatima z"),
              "(text : \"fatima\"* OR skeleton : \"ftm\"*) AND (text : \"z\"* OR skeleton : "
              "\"z\"*)");
}

class ScriptSearch : public ::testing::Test {
protected:
    void SetUp() override {
        m_event = test::MakeEvent();
        m_path = m_dir.file("kiosk.db");
        auto store = AttendanceStore::Open(m_path, m_event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        m_store.emplace(std::move(store).value());
        ASSERT_TRUE(m_store
                        ->upsertRegistrants({
                            Person("LAT", "Zoë", "Łukasiewicz-Müller", "Poland"),
                            Person("GRC", "Ελένη", "Ελευθερίου", "Greece"),
                            Person("CYR", "Иван", "Иванов", "Russian Federation"),
                            Person("ARA", "فاطمة", "الزهراء", "Egypt"),
                            Person("HAN", "小明", "王", "China"),
                            Person("VIE", "Thị Lan", "Nguyễn", "Viet Nam"),
                            Person("DEV", "प्रिया", "शर्मा", "India"),
                        })
                        .ok());
    }

    std::vector<std::string> ids(const std::string& query) {
        return accueil::core::test::SearchIds(*m_store, query);
    }

    TempDir m_dir;
    EventConfig m_event;
    std::string m_path;
    std::optional<AttendanceStore> m_store;
};

TEST_F(ScriptSearch, LatinLettersFindEveryScript) {
    EXPECT_EQ(ids("ivanov"), std::vector<std::string>{"CYR"});
    EXPECT_EQ(ids("fatima"), std::vector<std::string>{"ARA"});
    EXPECT_EQ(ids("zahra"), std::vector<std::string>{"ARA"}) << "الزهراء without its article";
    EXPECT_EQ(ids("fatima al zahra"), std::vector<std::string>{"ARA"});
    EXPECT_EQ(ids("wang"), std::vector<std::string>{"HAN"});
    EXPECT_EQ(ids("xiaoming"), std::vector<std::string>{"HAN"});
    EXPECT_EQ(ids("eleutheriou"), std::vector<std::string>{"GRC"});
    EXPECT_EQ(ids("nguyen lan"), std::vector<std::string>{"VIE"});
    EXPECT_EQ(ids("sharma"), std::vector<std::string>{"DEV"});
}

TEST_F(ScriptSearch, EachScriptFindsItselfWithoutItsMarks) {
    EXPECT_EQ(ids("ελευθεριου"), std::vector<std::string>{"GRC"});
    EXPECT_EQ(ids("ΕΛΕΝΗ"), std::vector<std::string>{"GRC"});
    EXPECT_EQ(ids("иванов"), std::vector<std::string>{"CYR"});
    EXPECT_EQ(ids("فاطمة"), std::vector<std::string>{"ARA"});
    EXPECT_EQ(ids("王"), std::vector<std::string>{"HAN"});
    EXPECT_EQ(ids("lukasiewicz"), std::vector<std::string>{"LAT"});
}

TEST_F(ScriptSearch, AnIndexFromBeforeIsRebuiltWhenTheFileIsOpened) {
    m_store.reset();
    {
        // The file as the previous version left it: one column, names as written only.
        sql::Database db = sql::Database::Open(m_path, false);
        db.exec("DROP TABLE registrant_search");
        db.exec("CREATE VIRTUAL TABLE registrant_search USING fts5 (text, tokenize = "
                "'unicode61 remove_diacritics 2')");
        db.exec("INSERT INTO registrant_search (rowid, text) SELECT rid, given_name || ' ' || "
                "family_name FROM registrant");
        db.exec("PRAGMA user_version = 7");
    }
    auto reopened = AttendanceStore::Open(m_path, m_event, "door-1");
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    m_store.emplace(std::move(reopened).value());
    EXPECT_EQ(ids("fatima"), std::vector<std::string>{"ARA"});
    EXPECT_EQ(ids("ivanov"), std::vector<std::string>{"CYR"});
    EXPECT_EQ(ids("poland"), std::vector<std::string>{"LAT"}) << "delegations are indexed again";
}

} // namespace
