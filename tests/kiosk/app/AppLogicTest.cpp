// SPDX-License-Identifier: Apache-2.0
// Catalogs, outcome styles, scripts and key routing: the app's logic without a window.

#include "BidiText.h"
#include "Catalog.h"
#include "KeyRouter.h"
#include "OutcomeStyle.h"
#include "PersonName.h"
#include "Script.h"
#include "Sound.h"
#include "TestKiosk.h"

#include <accueil/core/TodayStats.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace accueil::kiosk::app::test {

TEST(BidiText, LeftToRightTextIsUntouched) {
    EXPECT_EQ(VisualOrder("Łukasiewicz-Müller"), "Łukasiewicz-Müller");
    EXPECT_FALSE(HasRightToLeft("Добрынина"));
}

TEST(BidiText, ArabicIsShapedAndReversed) {
    const std::string name = "محمد"; // meem, hah, meem, dal
    ASSERT_TRUE(HasRightToLeft(name));
    const std::string visual = VisualOrder(name);
    EXPECT_NE(visual, name);
    // Presentation forms (U+FExx) come out, the last letter first: final dal is U+FEAA.
    EXPECT_EQ(visual.substr(0, 3), "\xEF\xBA\xAA");
    // Mixed names keep the Latin part first.
    EXPECT_EQ(VisualOrder("Kwame محمد").substr(0, 6), "Kwame ");
}

TEST(PersonName, ChineseNamesPutTheFamilyNameFirstWithoutASpace) {
    EXPECT_EQ(NameAsWritten("美玲", "王"), "王美玲");
    EXPECT_EQ(NameAsWritten("さくら", "田中"), "田中さくら");
    EXPECT_EQ(NameAsWritten("Amina", "Diallo"), "Amina Diallo");
    EXPECT_EQ(NameAsWritten("Wei", "王"), "Wei 王"); // mixed: as given
    EXPECT_EQ(NameAsWritten("", "王"), "王");
    EXPECT_EQ(NameAsWritten("فاطمة", "الهاشمي"), "فاطمة الهاشمي");
}

TEST(Catalog, EveryLanguageHasEveryKey) {
    const Catalog catalog = RealCatalog();
    const auto english = catalog.keys("en");
    EXPECT_GT(english.size(), 50u);
    for (const char* lang : {"fr", "es", "ar", "zh", "ru"}) {
        EXPECT_EQ(catalog.keys(lang), english) << lang;
    }
}

namespace {

// The "{name}" tokens of a text, sorted, repeats kept.
std::vector<std::string> Placeholders(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t open = text.find('{'); open != std::string::npos;
         open = text.find('{', open + 1)) {
        const std::size_t close = text.find('}', open);
        if (close == std::string::npos) {
            out.push_back(text.substr(open)); // unclosed: never equal to a real token
            break;
        }
        out.push_back(text.substr(open, close - open + 1));
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

// A translation that loses "{zone}" shows a room without its name; one that mistypes it
// ("{zona}") shows the braces. Each translation has the English text's tokens, no more.
TEST(Catalog, EveryTranslationKeepsEveryPlaceholder) {
    const Catalog catalog = RealCatalog();
    int checked = 0;
    for (const char* lang : {"fr", "es", "ar", "zh", "ru"}) {
        for (const std::string& key : catalog.keys("en")) {
            EXPECT_EQ(Placeholders(catalog.text(lang, key)), Placeholders(catalog.text("en", key)))
                << lang << " " << key << ": " << catalog.text(lang, key);
            ++checked;
        }
        // Counted sentences: every form keeps the other tokens (their {count} is filled in).
        for (const std::string& key : catalog.countedKeys("en")) {
            for (long long n : {0, 1, 2, 3, 5, 11, 21, 100}) {
                EXPECT_EQ(Placeholders(catalog.counted(lang, key, n)),
                          Placeholders(catalog.counted("en", key, n)))
                    << lang << " " << key << " " << n;
            }
        }
    }
    EXPECT_GT(checked, 5 * 150);
    EXPECT_EQ(Placeholders("{a} and {b"), (std::vector<std::string>{"{a}", "{b"}));
}

TEST(Catalog, TheSixUnLanguagesNameThemselves) {
    const Catalog catalog = RealCatalog();
    EXPECT_EQ(catalog.languages(), (std::vector<std::string>{"en", "fr", "es", "ar", "zh", "ru"}));
    EXPECT_EQ(catalog.text("ar", "language.name"), "العربية");
    EXPECT_EQ(catalog.text("zh", "language.name"), "中文");
    EXPECT_EQ(catalog.text("ru", "language.name"), "Русский");
    // Not English under another name: the greeting differs from the English one.
    for (const char* lang : {"ar", "zh", "ru"}) {
        EXPECT_NE(catalog.text(lang, "outcome.admitted.headline"),
                  catalog.text("en", "outcome.admitted.headline"))
            << lang;
    }
}

// Each counted sentence has exactly the plural forms CLDR gives its language, each with its
// count: a missing "few" would show Russian's "other" for 3, a stray "one" in Chinese nothing.
TEST(Catalog, CountedSentencesHaveTheFormsTheirLanguageNeeds) {
    const Catalog catalog = RealCatalog();
    const auto english = catalog.countedKeys("en");
    EXPECT_FALSE(english.empty());
    for (const char* lang : {"en", "fr", "es", "ar", "zh", "ru"}) {
        EXPECT_EQ(catalog.countedKeys(lang), english) << lang;
        for (const std::string& key : english) {
            EXPECT_EQ(catalog.forms(lang, key), PluralCategories(lang)) << lang << " " << key;
            for (long long n : {0, 1, 2, 5, 21, 1000000}) {
                const std::string text = catalog.counted(lang, key, n);
                EXPECT_NE(text.find(std::to_string(n)), std::string::npos) << lang << " " << key;
                EXPECT_EQ(text.find('{'), std::string::npos) << text;
            }
        }
    }
    EXPECT_EQ(catalog.counted("en", "today.queue", 1), "1 entry waiting to be sent");
    EXPECT_EQ(catalog.counted("en", "today.queue", 2), "2 entries waiting to be sent");
    EXPECT_EQ(catalog.counted("fr", "today.queue", 0), "0 entrée en attente d'envoi");
    // Russian: 1 and 21 one form, 3 another, 5 and 11 a third.
    EXPECT_EQ(catalog.counted("ru", "today.queue", 21), "21 отметка ждёт отправки");
    EXPECT_EQ(catalog.counted("ru", "today.queue", 3), "3 отметки ждут отправки");
    EXPECT_EQ(catalog.counted("ru", "today.queue", 11), "11 отметок ждут отправки");
    // Arabic: the dual for 2, the plural for 3 to 10.
    EXPECT_EQ(catalog.counted("ar", "today.queue", 2), "2 سجلان بانتظار الإرسال");
    EXPECT_EQ(catalog.counted("ar", "today.queue", 7), "7 سجلات بانتظار الإرسال");
    EXPECT_EQ(catalog.counted("zh", "today.queue", 1), "1 条记录等待发送");
}

// Catalogs of the test's own: Russian and Arabic forms chosen by the languages' rules, English
// for a key the language lacks, and a malformed table refused with its file and key.
class CatalogFiles : public ::testing::Test {
protected:
    void SetUp() override { std::filesystem::create_directories(m_dir / "i18n"); }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    void write(const std::string& lang, const std::string& text) {
        std::ofstream(m_dir / "i18n" / (lang + ".toml")) << text;
    }
    Result<Catalog> load(const std::vector<std::string>& languages) {
        return Catalog::Load(m_dir.string(), languages);
    }
    std::filesystem::path m_dir =
        std::filesystem::temp_directory_path() / ("accueil-catalog-" + std::to_string(::getpid()));
};

TEST_F(CatalogFiles, EachLanguagesRulesChooseTheForm) {
    write("en", "q = { one = \"{count} entry\", other = \"{count} entries\" }\n"
                "only_en = { one = \"{count} thing\", other = \"{count} things\" }\n");
    write("ru", "q = { one = \"{count} запись\", few = \"{count} записи\", "
                "many = \"{count} записей\", other = \"{count} записи\" }\n");
    write("ar", "q = { zero = \"لا سجلات\", one = \"سجل واحد\", two = \"سجلان\", "
                "few = \"{count} سجلات\", many = \"{count} سجلًا\", other = \"{count} سجل\" }\n");
    auto catalog = load({"ru", "ar"});
    ASSERT_TRUE(catalog.ok()) << catalog.error().message;
    EXPECT_EQ(catalog->counted("ru", "q", 1), "1 запись");
    EXPECT_EQ(catalog->counted("ru", "q", 3), "3 записи");
    EXPECT_EQ(catalog->counted("ru", "q", 5), "5 записей");
    EXPECT_EQ(catalog->counted("ru", "q", 21), "21 запись");
    EXPECT_EQ(catalog->counted("ru", "q", 0), "0 записей");
    EXPECT_EQ(catalog->counted("ar", "q", 0), "لا سجلات");
    EXPECT_EQ(catalog->counted("ar", "q", 2), "سجلان");
    EXPECT_EQ(catalog->counted("ar", "q", 3), "3 سجلات");
    EXPECT_EQ(catalog->counted("ar", "q", 11), "11 سجلًا");
    EXPECT_EQ(catalog->counted("ar", "q", 100), "100 سجل");
    // Missing in Russian: English, with English's rules.
    EXPECT_EQ(catalog->counted("ru", "only_en", 1), "1 thing");
    EXPECT_EQ(catalog->counted("ru", "only_en", 3), "3 things");
    EXPECT_EQ(catalog->counted("ru", "nowhere", 3), "?");
    EXPECT_EQ(PluralCategories("ru"), (std::vector<std::string>{"few", "many", "one", "other"}));
    EXPECT_EQ(PluralCategories("zh"), std::vector<std::string>{"other"});
}

TEST_F(CatalogFiles, AMalformedCountedSentenceIsRefusedWithItsFileAndKey) {
    write("en", "q = { one = \"{count} entry\", several = \"{count} entries\" }\n");
    auto catalog = load({"en"});
    ASSERT_FALSE(catalog.ok());
    EXPECT_NE(catalog.error().message.find("en.toml: key q: several is not a plural form"),
              std::string::npos)
        << catalog.error().message;
    write("en", "q = { one = \"{count} entry\" }\n");
    catalog = load({"en"});
    ASSERT_FALSE(catalog.ok());
    EXPECT_NE(catalog.error().message.find("en.toml: key q has no \"other\" form"),
              std::string::npos)
        << catalog.error().message;
    write("en", "q = 3\n");
    catalog = load({"en"});
    ASSERT_FALSE(catalog.ok());
    EXPECT_NE(catalog.error().message.find("key q is neither a string nor plural forms"),
              std::string::npos)
        << catalog.error().message;
}

TEST(Catalog, FallsBackToEnglishThenShowsAMark) {
    const Catalog catalog = Catalog::FromTables({{"en", {{"a", "A"}}}, {"fr", {}}});
    EXPECT_EQ(catalog.text("fr", "a"), "A");
    EXPECT_EQ(catalog.text("fr", "missing"), "?");
}

TEST(Catalog, FormatsNamedValues) {
    EXPECT_EQ(FormatText("{time} / {time} {x}", {{"time", "09:15"}}), "09:15 / 09:15 {x}");
}

TEST(OutcomeStyle, ContrastIsAtLeastSevenToOne) {
    for (Outcome o : core::kOutcomes) {
        for (bool warn : {false, true}) {
            const OutcomeStyle s = StyleFor(o, warn);
            EXPECT_GE(ContrastRatio(s.background, s.foreground), 7.0) << ToString(o);
        }
    }
    EXPECT_NEAR(ContrastRatio({0, 0, 0}, {255, 255, 255}), 21.0, 1e-9);
}

TEST(OutcomeStyle, ClassesDifferByIconNotOnlyColour) {
    EXPECT_EQ(StyleFor(Outcome::Admitted).cls, OutcomeClass::Go);
    EXPECT_EQ(StyleFor(Outcome::SeeDesk).cls, OutcomeClass::Attention);
    EXPECT_EQ(StyleFor(Outcome::Cancelled).cls, OutcomeClass::Stop);
    EXPECT_EQ(StyleFor(Outcome::Unreadable).cls, OutcomeClass::Retry);
    EXPECT_NE(StyleFor(Outcome::Admitted).icon, StyleFor(Outcome::Cancelled).icon);
    EXPECT_NE(StyleFor(Outcome::Admitted).icon, StyleFor(Outcome::SeeDesk).icon);
    EXPECT_EQ(StyleFor(Outcome::WelcomeBack, true).cls, OutcomeClass::Attention);
}

TEST(Sound, EachCueSoundsDifferentAndStartsSoftly) {
    std::vector<std::size_t> lengths;
    for (SoundCue cue : {SoundCue::Go, SoundCue::Attention, SoundCue::Stop, SoundCue::Retry,
                         SoundCue::StaffNote}) {
        const auto samples = SynthesiseSound(cue);
        ASSERT_FALSE(samples.empty());
        EXPECT_LT(samples.size(), static_cast<std::size_t>(kSoundRate)); // under a second
        EXPECT_EQ(samples.front(), 0);                                   // faded in: no click
        lengths.push_back(samples.size());
    }
    std::sort(lengths.begin(), lengths.end());
    EXPECT_EQ(std::unique(lengths.begin(), lengths.end()), lengths.end());
    MakeSoundPlayer()->play(SoundCue::Go); // silent or real, never blocks or throws
}

namespace {

// Peak level of a cue's samples.
int Peak(SoundCue cue) {
    int peak = 0;
    for (const std::int16_t s : SynthesiseSound(cue)) {
        peak = std::max(peak, std::abs(static_cast<int>(s)));
    }
    return peak;
}

} // namespace

TEST(OutcomeStyle, TheAttentionBandReadsFromTheDesk) {
    EXPECT_GE(ContrastRatio(kAttentionBand, kAttentionText), 7.0);
}

TEST(Sound, AnEntryWithANoteTakesTheDiscreetStaffCueNotTheWelcomeNorARefusal) {
    EXPECT_EQ(CueFor(OutcomeClass::Go, true), SoundCue::StaffNote);
    EXPECT_EQ(CueFor(OutcomeClass::Attention, true), SoundCue::StaffNote);
    EXPECT_EQ(CueFor(OutcomeClass::Go, false), SoundCue::Go);
    EXPECT_EQ(CueFor(OutcomeClass::Stop, false), SoundCue::Stop);
    EXPECT_LT(Peak(SoundCue::StaffNote), Peak(SoundCue::Go));
    EXPECT_LT(Peak(SoundCue::StaffNote), Peak(SoundCue::Stop));
    EXPECT_GT(Peak(SoundCue::StaffNote), 0);
}

TEST(Script, ParsesEveryCommand) {
    auto steps = ParseScript("# demo\nscan REG-1\n\nwedge REG-2\nkey F12\ntype Jean Dupont\n"
                             "wait 250\nscreenshot admitted\r\nkey Alt+F4\n");
    ASSERT_TRUE(steps.ok()) << steps.error().message;
    ASSERT_EQ(steps->size(), 7u);
    EXPECT_EQ((*steps)[0].op, ScriptOp::Scan);
    EXPECT_EQ((*steps)[0].line, 2);
    EXPECT_EQ((*steps)[3].argument, "Jean Dupont");
    EXPECT_EQ((*steps)[4].millis, 250);
    EXPECT_EQ((*steps)[5].argument, "admitted");
}

TEST(Script, UnknownCommandNamesItsLine) {
    auto steps = ParseScript("scan A\n\nfly away\n");
    ASSERT_FALSE(steps.ok());
    EXPECT_NE(steps.error().message.find("line 3"), std::string::npos);
    EXPECT_FALSE(ParseScript("wait soon").ok());
    EXPECT_FALSE(ParseScript("key Hyper").ok());
    EXPECT_FALSE(ParseScript("screenshot ../x").ok());
    EXPECT_FALSE(ParseScript("scan").ok());
}

TEST(KeyRouter, WedgeBurstBecomesAScanAndEscapeDoesNothing) {
    KeyRouter router({}, FunctionKeyCode("F12"));
    Commands out;
    auto keys = scanner::TypeOnLayout("REG-1", scanner::WedgeLayout::Us, 1'000'000, 5'000);
    for (const auto& k : keys) {
        router.onKey(k.key, k.shift ? 1 : 0, k.atMicros, Screen::Waiting, false, out);
    }
    router.onKey(scanner::keys::kEnter, 0, 1'100'000, Screen::Waiting, false, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<ScanPayload>(out[0]).text, "REG-1");
    EXPECT_TRUE(std::get<ScanPayload>(out[0]).wedge);
    out.clear();
    router.onKey(256, 0, 2'000'000, Screen::Waiting, false, out);   // Escape
    router.onKey(293, 0x4, 2'100'000, Screen::Waiting, false, out); // Alt+F4
    router.poll(3'000'000, out);
    EXPECT_TRUE(out.empty());
    router.onKey(FunctionKeyCode("F12"), 0, 4'000'000, Screen::Waiting, false, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<OpenStaffLogin>(out[0]));
}

TEST(KeyRouter, WithoutTheKeyboardKindABurstIsNoScanButThePanelKeyWorks) {
    KeyRouter router({}, FunctionKeyCode("F12"), false);
    Commands out;
    auto keys = scanner::TypeOnLayout("REG-1", scanner::WedgeLayout::Us, 1'000'000, 5'000);
    for (const auto& k : keys) {
        router.onKey(k.key, k.shift ? 1 : 0, k.atMicros, Screen::Waiting, false, out);
    }
    router.onKey(scanner::keys::kEnter, 0, 1'100'000, Screen::Waiting, false, out);
    router.poll(3'000'000, out);
    EXPECT_TRUE(out.empty());
    EXPECT_FALSE(router.holding());
    router.onKey(FunctionKeyCode("F12"), 0, 4'000'000, Screen::Waiting, false, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<OpenStaffLogin>(out[0]));
}

// On the panel, a physical keyboard types the leave PIN as on the login screen, unless a
// text field (the search, a reason) has the keys.
TEST(KeyRouter, OnThePanelDigitsAndEnterGoToThePinOutsideTextFields) {
    KeyRouter router({}, FunctionKeyCode("F12"));
    Commands out;
    router.onKey('7', 0, 1'000'000, Screen::Panel, false, out);
    router.onKey(321, 0, 1'100'000, Screen::Panel, false, out); // keypad 1
    router.onKey(scanner::keys::kEnter, 0, 1'200'000, Screen::Panel, false, out);
    ASSERT_EQ(out.size(), 6U); // each key also marks the panel as touched
    EXPECT_EQ(std::get<PinDigit>(out[1]).digit, '7');
    EXPECT_EQ(std::get<PinDigit>(out[3]).digit, '1');
    EXPECT_TRUE(std::holds_alternative<PinSubmit>(out[5]));
    out.clear();
    router.onKey('7', 0, 2'000'000, Screen::Panel, true, out); // typing a search
    ASSERT_EQ(out.size(), 1U);
    EXPECT_TRUE(std::holds_alternative<PanelTouched>(out[0]));
}

TEST(KeyRouter, SwissWedgeWithAltGrDecodes) {
    scanner::WedgeOptions options;
    options.layout = scanner::WedgeLayout::Swiss;
    KeyRouter router(options, FunctionKeyCode("F12"));
    Commands out;
    auto keys = scanner::TypeOnLayout("a@b.ch", scanner::WedgeLayout::Swiss, 0, 5'000);
    for (const auto& k : keys) {
        router.onKey(k.key, (k.shift ? 1 : 0) | (k.altGr ? 4 : 0), k.atMicros, Screen::Waiting,
                     false, out);
    }
    router.onKey(scanner::keys::kEnter, 0, 100'000, Screen::Waiting, false, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<ScanPayload>(out[0]).text, "a@b.ch");
}

TEST(KeyRouter, PinPadTakesDigitsFromTheKeyboard) {
    KeyRouter router({}, FunctionKeyCode("F12"));
    Commands out;
    router.onKey('4', 0, 0, Screen::Login, false, out);
    router.onKey(257, 0, 0, Screen::Login, false, out);
    router.onKey('5', 0, 0, Screen::Login, true, out); // the staff ID field has it
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<PinDigit>(out[0]).digit, '4');
    EXPECT_TRUE(std::holds_alternative<PinSubmit>(out[1]));
}

constexpr UtcMillis kMinute = 60'000;

TEST(TodayStats, BucketsFirstEntriesPerQuarterHour) {
    const UtcMillis start = 1'000'000;
    auto buckets =
        core::BucketArrivals({start, start + 14 * kMinute, start + 15 * kMinute, start - 1}, start);
    ASSERT_EQ(buckets.size(), 96u);
    EXPECT_EQ(buckets[0], 2);
    EXPECT_EQ(buckets[1], 1);
}

TEST(TodayStats, CountsEffectiveEntriesByCategory) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-1"});
    f.apply(ScanPayload{"REG-2"}, 20 * kMinute);
    auto stats = ComputeTodayStats(*f.store, "2025-06-17");
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->admitted, 2);
    EXPECT_EQ(stats->expected, 2); // REG-3 comes on the 20th, REG-4 is cancelled
    EXPECT_EQ(stats->notArrived, 0);
    EXPECT_EQ(stats->arrivalsPer15Minutes[9 * 4 - 2], 0);
    int total = 0;
    for (int n : stats->arrivalsPer15Minutes) {
        total += n;
    }
    EXPECT_EQ(total, 2);
    EXPECT_EQ(stats->walkIns, 0);
    EXPECT_EQ(stats->admittedWalkIns, 0);
}

// A walk-in is admitted without being expected: the Today tab counts the walk-ins on a line of
// their own, and the others admitted beyond the expected apart, so "3 admitted of 2 expected"
// does not read as an error.
TEST(TodayStats, CountsTheWalkInsApartFromTheOthersNotExpected) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-1"});
    Registrant walkIn;
    walkIn.givenName = "Walk";
    walkIn.familyName = "In";
    ASSERT_TRUE(f.store->admitWalkIn(walkIn, "amina", "no badge", f.t0 + kMinute).ok());
    // Registered for the 20th only, let in by hand today: not expected, not a walk-in.
    ASSERT_TRUE(f.store->manualCheckIn("REG-3", "amina", "speaker", f.t0 + 2 * kMinute).ok());
    auto stats = ComputeTodayStats(*f.store, "2025-06-17");
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->admitted, 3);
    EXPECT_EQ(stats->walkIns, 2);
    EXPECT_EQ(stats->admittedWalkIns, 1);
    EXPECT_EQ(stats->notArrived, 1); // REG-2 of the two expected
    const Catalog catalog = RealCatalog();
    EXPECT_EQ(FormatText(catalog.text("en", "today.walk_ins"),
                         {{"count", std::to_string(stats->admittedWalkIns)}}),
              "Walk-ins: 1");
    EXPECT_EQ(catalog.counted("en", "today.unexpected", stats->walkIns - stats->admittedWalkIns),
              "Also admitted though not expected today: 1 (registered for other days, or on a "
              "badge not yet on the list)");
}

} // namespace accueil::kiosk::app::test
