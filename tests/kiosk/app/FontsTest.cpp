// SPDX-License-Identifier: Apache-2.0
// The font atlas built from what the kiosk draws: one name per script through the builder,
// every glyph from a font; a character no font has is warned about once; a list that gains
// new letters gets a fresh atlas from the rebuilder's thread.

#include "Fonts.h"

#include "../core/TestSupport.h"
#include "BidiText.h"
#include "FontRebuilder.h"
#include "GlyphSet.h"
#include "TestKiosk.h"

#include <imgui.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

namespace accueil::kiosk::app::test {

namespace {

using core::test::TempDir;

// One name per script, as a delegate list has them.
const std::vector<std::string>& NamesPerScript() {
    static const std::vector<std::string> names = {
        "Małgorzata Łukasiewicz-Müller", // Latin with diacritics
        "Ἀριστοτέλης Ῥόδιος",            // polytonic Greek
        "Дмитрий Добрынин",              // Cyrillic
        "فاطمة الهاشمي",                 // Arabic
        "王美玲",                        // Chinese
        "Nguyễn Thị Thu Hương",          // Vietnamese
        "प्रिया शर्मा",                    // Devanagari
    };
    return names;
}

// The code points of `utf8` without ImGui's help.
std::vector<char32_t> CodePointsOf(const std::string& utf8) {
    GlyphSet set;
    set.addText(utf8);
    return set.codePoints();
}

// Every code point of `text` as drawn has a glyph of its own in `font` (not the fallback).
void ExpectEveryGlyph(const ImFont* font, const std::string& text, const char* size) {
    for (char32_t c : CodePointsOf(VisualOrder(text))) {
        EXPECT_NE(font->FindGlyphNoFallback(static_cast<ImWchar>(c)), nullptr)
            << size << ": " << text << " " << CodePointName(c);
    }
}

// Polls `done` until it holds or a generous deadline passes (a build takes seconds at most).
template <class F> bool WaitFor(F done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace

TEST(Fonts, OneNamePerScriptIsDrawnFromAFontNeverTheFallback) {
    GlyphNeeds needs;
    for (const std::string& name : NamesPerScript()) {
        needs.names.addDrawnText(name);
    }
    needs.catalogTexts = RealCatalog().texts();
    needs.headlineTexts = RealCatalog().texts(".headline");
    auto built = BuildFontAtlas(needs, 1.0f);
    ASSERT_TRUE(built.ok()) << built.error().message;
    EXPECT_TRUE(built->missing.empty()) << CodePointName(built->missing.front());
    const Fonts& f = built->fonts;
    for (const std::string& name : NamesPerScript()) {
        ExpectEveryGlyph(f.name, name, "name");
        ExpectEveryGlyph(f.large, name, "large");
        ExpectEveryGlyph(f.body, name, "body");
        ExpectEveryGlyph(f.small, name, "small");
    }
    // The headline has the outcome words in all six languages, and neither names nor the
    // other sentences ("您" is in a detail line, not a headline): its glyphs are the biggest.
    ExpectEveryGlyph(f.headline, "欢迎 ДОБРО ПОЖАЛОВАТЬ أهلا وسهلا", "headline");
    EXPECT_EQ(f.headline->FindGlyphNoFallback(static_cast<ImWchar>(U'玲')), nullptr);
    EXPECT_EQ(f.headline->FindGlyphNoFallback(static_cast<ImWchar>(U'您')), nullptr);
    ExpectEveryGlyph(f.body, "您的出席已登记", "body");
    EXPECT_GT(built->glyphs, 0);
    EXPECT_GT(TextureBytes(*built->atlas), 0u);
}

TEST(Fonts, AGlyphNoFontHasIsWarnedOnceByItsCodePoint) {
    GlyphNeeds needs;
    needs.names.addDrawnText("ཀ་ 王"); // Tibetan: no Noto font the kiosk loads has it
    // Beyond U+FFFF, which Pango sets instead of the atlas: missing only when no font has it.
    needs.names.add(U'\U000F0001'); // private use: no font
    needs.names.add(U'\U00020BB7'); // 𠮷 of 𠮷田 (Yoshida): Noto Serif CJK has it
    auto built = BuildFontAtlas(needs, 1.0f);
    ASSERT_TRUE(built.ok()) << built.error().message;
    EXPECT_EQ(built->missing, (std::vector<char32_t>{0x0F0B, 0x0F40, 0xF0001}));
    std::vector<std::string> logged;
    std::set<char32_t> warned;
    const auto log = [&logged](const std::string& line) { logged.push_back(line); };
    WarnMissingGlyphs(built->missing, warned, log);
    WarnMissingGlyphs(built->missing, warned, log); // said already: nothing more
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_NE(logged[0].find("U+0F0B, U+0F40, U+F0001"), std::string::npos) << logged[0];
    EXPECT_NE(built->fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(U'王')), nullptr);
}

TEST(Fonts, AMissingNotoSansIsAClearError) {
    FontFiles files;
    files.bold = "/nonexistent/NotoSans-Bold.ttf";
    auto built = BuildFontAtlas({}, 1.0f, files);
    ASSERT_FALSE(built.ok());
    EXPECT_NE(built.error().message.find("/nonexistent/NotoSans-Bold.ttf"), std::string::npos);
    EXPECT_NE(built.error().message.find("fonts-noto-core"), std::string::npos);
}

TEST(GlyphSet, ReadsTheListsCharactersInOnePassAndShapesArabic) {
    TempDir dir;
    const std::string path = (dir.path() / "kiosk.db").string();
    KioskConfig config = ExampleConfig();
    {
        auto store = AttendanceStore::Open(path, config.event, config.id);
        ASSERT_TRUE(store.ok());
        std::vector<Registrant> list = SampleRegistrants();
        list[0].givenName = "美玲";
        list[0].familyName = "محمد";
        list[0].holdNote = "Ἀθῆναι";
        ASSERT_TRUE(store->upsertRegistrants(list).ok());
        ASSERT_TRUE(store->addStaff("asha", "आशा", "staff", "2468").ok());
    }
    auto glyphs = ReadListGlyphs(path);
    ASSERT_TRUE(glyphs.ok()) << glyphs.error().message;
    for (char32_t c : {U'美', U'玲', U'ῆ', U'आ', U'م'}) {
        EXPECT_TRUE(glyphs->contains(c)) << CodePointName(c);
    }
    EXPECT_TRUE(glyphs->contains(0xFEAA)); // final dal: the shaped form that is drawn
    EXPECT_FALSE(glyphs->contains(U'\n'));
    auto nowhere = ReadListGlyphs((dir.path() / "none" / "kiosk.db").string());
    ASSERT_FALSE(nowhere.ok());
    EXPECT_NE(nowhere.error().message.find("none/kiosk.db"), std::string::npos);
}

// A sync that brings names in new letters: the rebuilder's thread builds a fresh atlas with
// them; a look at an unchanged list builds nothing.
TEST(FontRebuilder, NewLettersInTheListGiveAFreshAtlas) {
    TempDir dir;
    FontSources sources;
    sources.databasePath = (dir.path() / "kiosk.db").string();
    sources.catalogTexts = {"Welcome"};
    KioskConfig config = ExampleConfig();
    auto store = AttendanceStore::Open(sources.databasePath, config.event, config.id);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->upsertRegistrants(SampleRegistrants()).ok());
    auto first = BuildKioskFonts(sources);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->fonts.name->FindGlyphNoFallback(static_cast<ImWchar>(U'伟')), nullptr);

    std::atomic<int> wakes{0};
    std::vector<std::string> logged;
    std::mutex logMutex;
    FontRebuilder rebuilder(
        sources, first->asked, {}, [&wakes] { ++wakes; },
        [&](const std::string& line) {
            const std::lock_guard lock(logMutex);
            logged.push_back(line);
        });
    rebuilder.check();
    ASSERT_TRUE(WaitFor([&] { return rebuilder.checks() == 1; }));
    EXPECT_EQ(rebuilder.builds(), 0);
    EXPECT_FALSE(rebuilder.take().has_value());

    Registrant wei;
    wei.id = "REG-9";
    wei.givenName = "伟";
    wei.familyName = "ཀ"; // and one no font has
    ASSERT_TRUE(store->upsertRegistrants({wei}).ok());
    rebuilder.check();
    ASSERT_TRUE(WaitFor([&] { return rebuilder.checks() == 2; }));
    EXPECT_EQ(rebuilder.builds(), 1);
    EXPECT_EQ(wakes.load(), 1);
    auto fresh = rebuilder.take();
    ASSERT_TRUE(fresh.has_value());
    EXPECT_NE(fresh->fonts.name->FindGlyphNoFallback(static_cast<ImWchar>(U'伟')), nullptr);
    EXPECT_FALSE(rebuilder.take().has_value()); // handed over once
    {
        const std::lock_guard lock(logMutex);
        ASSERT_EQ(logged.size(), 1u);
        EXPECT_NE(logged[0].find("U+0F40"), std::string::npos) << logged[0];
    }
}

} // namespace accueil::kiosk::app::test
