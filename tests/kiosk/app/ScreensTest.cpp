// SPDX-License-Identifier: Apache-2.0
// Every screen's draw function, run in an ImGui context without a window or renderer.

#include "screens/Screens.h"

#include "BidiText.h"
#include "Frame.h"
#include "ShapedText.h"
#include "TestKiosk.h"

#include <accueil/core/Text.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <cfloat>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace accueil::kiosk::app::test {

namespace {

// One ImGui context with the kiosk's real fonts, shared by the tests (building it is slow).
class Headless : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1920, 1080);
        io.DeltaTime = 1.0f / 60.0f;
        Shared().catalog = std::make_unique<Catalog>(RealCatalog());
        GlyphNeeds needs;
        needs.catalogTexts = catalog().texts();
        needs.headlineTexts = catalog().texts(".headline");
        auto loaded = BuildFontAtlas(needs, 1.0f);
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        Shared().fonts = std::make_unique<Fonts>(loaded->fonts);
        Shared().atlas = std::move(loaded->atlas);
        Shared().contextAtlas = io.Fonts;
        io.Fonts = Shared().atlas.get();
        ApplyKioskStyle(1.0f);
    }
    static void TearDownTestSuite() {
        ImGui::GetIO().Fonts = Shared().contextAtlas; // the context deletes its own only
        ImGui::DestroyContext();
        Shared().atlas.reset();
        Shared().fonts.reset();
        Shared().catalog.reset();
    }

    // Draws `frames` frames of the state's screen; returns the commands of the last one.
    Commands draw(UiState& state, int frames = 2) {
        Commands out;
        for (int i = 0; i < frames; ++i) {
            out.clear();
            ImGui::NewFrame();
            DrawFrame(state, m_config, catalog(), fonts(), m_now, out);
            ImGui::Render();
        }
        return out;
    }

    // The suite's catalog and fonts, made by SetUpTestSuite.
    static const Catalog& catalog() { return *Shared().catalog; }
    static const Fonts& fonts() { return *Shared().fonts; }

    KioskConfig m_config = ExampleConfig();
    UtcMillis m_now = *m_config.event.calendar->parseTime("2025-06-17T09:00:00");

private:
    struct Suite {
        std::unique_ptr<Catalog> catalog;
        std::unique_ptr<Fonts> fonts;
        std::unique_ptr<ImFontAtlas> atlas; ///< in io.Fonts while the suite runs
        ImFontAtlas* contextAtlas = nullptr;
    };
    static Suite& Shared() {
        static Suite suite;
        return suite;
    }
};

} // namespace

TEST_F(Headless, FontsCoverLatinGreekAndCyrillicNames) {
    const std::string arabic = VisualOrder("الهاشمي");
    for (const char* name :
         {"Łukasiewicz-Müller", "Ελευθερίου", "Добрынина", "Nguyễn Thị Thu", arabic.c_str()}) {
        const char* p = name;
        while (*p != 0) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, nullptr);
            EXPECT_NE(fonts().name->FindGlyphNoFallback(static_cast<ImWchar>(c)), nullptr)
                << name << " U+" << std::hex << c;
        }
    }
    EXPECT_GE(fonts().headline->FontSize, 64.0f); // at 1920x1080
}

TEST_F(Headless, WaitingScreenShowsEveryLanguage) {
    UiState state;
    const WaitingView view = MakeWaitingView(state, m_config, catalog(), m_now);
    EXPECT_EQ(view.eventName, "Intersessional Meetings");
    EXPECT_EQ(view.dates, "17–20 June 2025");
    ASSERT_EQ(view.prompts.size(), 6u); // the six languages of the test's catalog, in order
    EXPECT_EQ(view.prompts[1], "Veuillez scanner votre badge");
    EXPECT_EQ(view.prompts[4], "请扫描您的证件");
    EXPECT_NE(view.status.find("door-1"), std::string::npos);
    EXPECT_NE(view.status.find("09:00"), std::string::npos);
    EXPECT_TRUE(draw(state).empty());
}

TEST_F(Headless, StatusLineAsksStaffToReconnectAfterLongOffline) {
    UiState state;
    state.sync.configured = true;
    EXPECT_EQ(MakeWaitingView(state, m_config, catalog(), m_now).status.find("No contact"),
              std::string::npos);
    state.sync.offlineMinutes = 42;
    const std::string status = MakeWaitingView(state, m_config, catalog(), m_now).status;
    EXPECT_NE(status.find("No contact with the central for 42 min — check the network cable or "
                          "Wi-Fi"),
              std::string::npos)
        << status;
    state.language = "fr";
    EXPECT_NE(MakeWaitingView(state, m_config, catalog(), m_now).status.find("42 min"),
              std::string::npos);
    draw(state);
}

TEST_F(Headless, OutOfServiceScreenSaysItInEveryLanguage) {
    const OutOfServiceView view = MakeOutOfServiceView(m_config, catalog());
    ASSERT_EQ(view.headlines.size(), 6u);
    ASSERT_EQ(view.actions.size(), 6u);
    EXPECT_EQ(view.headlines[0], "Out of service");
    EXPECT_EQ(view.actions[0], "Please use another entrance");
    EXPECT_EQ(view.headlines[1], "Hors service");
    EXPECT_EQ(view.headlines[5], "Не работает");
    EXPECT_NE(view.detail.find("door-1"), std::string::npos);
    EXPECT_NE(view.detail.find("withdrawn by the central"), std::string::npos);
    // After the meeting's purge it says so, not that the central withdrew the kiosk.
    const OutOfServiceView purged = MakeOutOfServiceView(m_config, catalog(), true);
    EXPECT_NE(purged.detail.find("the meeting is over"), std::string::npos) << purged.detail;
    EXPECT_EQ(purged.headlines, view.headlines);
    UiState state;
    state.outOfService = true;
    state.screen = Screen::Outcome; // a late answer cannot show through
    EXPECT_TRUE(draw(state).empty());
}

TEST_F(Headless, WaitingScreenShowsTheCameraPictureOnlyWhenTheCameraRuns) {
    const auto drawsTexture = [](std::uintptr_t texture) {
        const ImDrawData* data = ImGui::GetDrawData();
        for (int i = 0; data != nullptr && i < data->CmdListsCount; ++i) {
            for (const ImDrawCmd& cmd : data->CmdLists[i]->CmdBuffer) {
                if (reinterpret_cast<std::uintptr_t>(cmd.TextureId) == texture) {
                    return true;
                }
            }
        }
        return false;
    };
    UiState state;
    state.preview = CameraPreview{4242, 480, 360};
    state.camera = CameraState::Running;
    draw(state);
    EXPECT_TRUE(drawsTexture(4242));
    state.camera = CameraState::Failed; // an unplugged camera shows no stale picture
    draw(state);
    EXPECT_FALSE(drawsTexture(4242));
}

TEST_F(Headless, EveryOutcomeDraws) {
    for (Outcome o : core::kOutcomes) {
        UiState state;
        state.screen = Screen::Outcome;
        state.outcome.outcome = o;
        state.outcome.name = "Мария Добрынина";
        state.outcome.language = "es";
        const OutcomeView view = MakeOutcomeView(state.outcome, catalog());
        EXPECT_NE(view.headline, "?") << ToString(o);
        EXPECT_NE(view.detail, "?") << ToString(o);
        EXPECT_EQ(!view.action.empty(), view.style.seeDesk || o == Outcome::Unreadable);
        draw(state);
    }
}

TEST_F(Headless, RefusalsSayWhatToDo) {
    OutcomeDisplay display;
    display.outcome = Outcome::SeeDesk;
    display.language = "fr";
    EXPECT_EQ(MakeOutcomeView(display, catalog()).action,
              "Veuillez vous adresser au bureau d'inscription");
    // A full room is the door's staff's to handle, not the registration desk's.
    display.outcome = Outcome::RoomFull;
    EXPECT_EQ(MakeOutcomeView(display, catalog()).action,
              "Veuillez attendre le personnel à l'entrée");
}

// With re-entry "warn", a second entry welcomes the delegate and tells staff, in the kiosk's
// language, in a band they can see from the desk; a plain welcome back has no band.
TEST_F(Headless, SecondEntryUnderWarnShowsStaffABand) {
    OutcomeDisplay display;
    display.outcome = Outcome::WelcomeBack;
    display.warn = true;
    display.timeText = "09:12";
    display.language = "es"; // the delegate's
    display.staffLanguage = "fr";
    OutcomeView view = MakeOutcomeView(display, catalog());
    EXPECT_EQ(view.headline, "BIENVENIDO/A DE NUEVO"); // the delegate still welcomed
    EXPECT_EQ(view.staffBand, "Deuxième entrée aujourd'hui — première à 09:12");
    EXPECT_TRUE(view.action.empty());   // not a refusal
    EXPECT_TRUE(view.timeLine.empty()); // the time once, in the band, not again below it
    display.staffLanguage = "en";
    EXPECT_EQ(MakeOutcomeView(display, catalog()).staffBand, "Second entry today — first at 09:12");
    display.warn = false;
    view = MakeOutcomeView(display, catalog());
    EXPECT_TRUE(view.staffBand.empty());
    EXPECT_NE(view.timeLine.find("09:12"), std::string::npos);
}

// A delegate turned away for the day is told which days are theirs, in their language, short.
TEST_F(Headless, NotTodaySaysWhichDaysAreValid) {
    OutcomeDisplay display;
    display.outcome = Outcome::NotValidToday;
    display.validDays = {"2025-06-19", "2025-06-18"};
    display.language = "en";
    EXPECT_EQ(MakeOutcomeView(display, catalog()).detail, "Valid on 18 and 19 June");
    display.language = "fr";
    EXPECT_EQ(MakeOutcomeView(display, catalog()).detail, "Valable les 18 et 19 juin");
    display.language = "es";
    EXPECT_EQ(MakeOutcomeView(display, catalog()).detail, "Válida el 18 y 19 de junio");
    display.validDays = {"2025-06-20"};
    display.language = "fr";
    EXPECT_EQ(MakeOutcomeView(display, catalog()).detail, "Valable le 20 juin");
    // Registered for every day: today is not a meeting day at all, the general sentence.
    display.validDays.clear();
    display.language = "es";
    EXPECT_EQ(MakeOutcomeView(display, catalog()).detail,
              "Su inscripción no incluye el día de hoy");
}

// Several days stay one short line: runs of three or more become a range, months are named
// once each, a day listed twice is said once.
TEST(FormatDayList, RunsBecomeRangesAndEachMonthIsNamedOnce) {
    const Catalog catalog = RealCatalog();
    EXPECT_EQ(
        FormatDayList({"2025-06-16", "2025-06-17", "2025-06-18", "2025-06-20"}, catalog, "en"),
        "16\u201318 and 20 June");
    EXPECT_EQ(
        FormatDayList({"2025-07-01", "2025-06-30", "2025-06-29", "2025-06-29"}, catalog, "en"),
        "29 and 30 June and 1 July");
    EXPECT_EQ(FormatDayList({"2025-06-16", "2025-06-18", "2025-06-20"}, catalog, "fr"),
              "16, 18 et 20 juin");
    EXPECT_EQ(
        FormatDayList({"2025-06-16", "2025-06-17", "2025-06-18", "2025-06-19"}, catalog, "es"),
        "16\u201319 de junio");
    EXPECT_EQ(FormatDayList({"someday"}, catalog, "en"), "someday"); // shown as it is
}

TEST_F(Headless, LoginScreenDigitsBecomeCommandsOnlyThroughThePad) {
    UiState state;
    state.screen = Screen::Login;
    state.login.pin = "12";
    EXPECT_TRUE(draw(state).empty());
}

TEST(OnScreenKeyboard, TypesIntoTheFieldBeingFilled) {
    PanelState panel;
    Commands out;
    TypeOnScreenKey(panel, OnScreenKey::Text, "x", out); // no field chosen: nothing happens
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(panel.query.empty());

    panel.typing = TextField::Query;
    TypeOnScreenKey(panel, OnScreenKey::Shift, {}, out);
    for (const char* key : {"m", "u", "l"}) {
        TypeOnScreenKey(panel, OnScreenKey::Text, key, out);
    }
    EXPECT_EQ(panel.query, "Mul"); // Shift holds for one letter
    EXPECT_EQ(out.size(), 3u);     // each edit of the query searches again
    EXPECT_TRUE(std::holds_alternative<SearchEdited>(out.back()));

    panel.typing = TextField::WalkInFamilyName;
    panel.walkIn.familyName = "Müller";
    out.clear();
    for (int i = 0; i < 4; ++i) {
        TypeOnScreenKey(panel, OnScreenKey::Backspace, {}, out);
    }
    EXPECT_EQ(panel.walkIn.familyName, "Mü");
    TypeOnScreenKey(panel, OnScreenKey::Backspace, {}, out);
    EXPECT_EQ(panel.walkIn.familyName, "M"); // ü went as one character, both bytes
    EXPECT_TRUE(out.empty());                // only the query triggers a search
    TypeOnScreenKey(panel, OnScreenKey::Text, " ", out);
    EXPECT_EQ(panel.walkIn.familyName, "M ");
    TypeOnScreenKey(panel, OnScreenKey::Done, {}, out);
    EXPECT_EQ(panel.typing, TextField::None);
}

TEST_F(Headless, TheKeyboardShowsOnlyForAFieldStillOnScreen) {
    UiState state;
    state.screen = Screen::Panel;
    state.panel.typing = TextField::Query;
    EXPECT_TRUE(draw(state).empty()); // drawn, and nothing pressed
    EXPECT_EQ(state.panel.typing, TextField::Query);
    state.panel.typing = TextField::WalkInReason; // the walk-in form is closed
    draw(state);
    EXPECT_EQ(state.panel.typing, TextField::None);
}

TEST(Card, DetailsLeaveOutWhatTheRegistrationLacks) {
    Registrant r = SampleRegistrants()[0];
    r.role = "Delegate";
    EXPECT_EQ(CardDetails(r), "Poland  ·  State Party  ·  Delegate");
    Registrant walkIn; // admitted at the door with a category only
    walkIn.category = "NGO";
    EXPECT_EQ(CardDetails(walkIn), "NGO");
    walkIn.delegation = "Chile";
    EXPECT_EQ(CardDetails(walkIn), "Chile  ·  NGO");
}

namespace {

/// 17 June's figures for the Today tab: one category, one arrival every quarter hour.
TodayStats DayStats(const std::string& category) {
    TodayStats stats;
    stats.day = "2025-06-17";
    stats.byCategory = {{category, 3, 10}};
    stats.arrivalsPer15Minutes.assign(96, 1);
    return stats;
}

/// The staff panel, signed in as amina, with `r` found and open on the card, and r's entry
/// "u1" at `at` on 17 June, which the card can undo.
UiState PanelOnCard(const Registrant& r, UtcMillis at) {
    UiState state;
    state.screen = Screen::Panel;
    state.panel.staff.id = "amina";
    state.panel.hits.push_back({r, std::nullopt});
    state.panel.selected = r;
    AttendanceEvent e;
    e.uuid = "u1";
    e.registrantId = r.id;
    e.day = "2025-06-17";
    e.at = at;
    e.kind = EventKind::CheckIn;
    state.panel.history.push_back(e);
    return state;
}

} // namespace

TEST_F(Headless, PanelTabsDraw) {
    Registrant r = SampleRegistrants()[0];
    r.holdNote = "see Maria";
    UiState state = PanelOnCard(r, m_now);
    draw(state);
    state.panel.undoTarget = "u1"; // the card asks for the undo's reason
    state.panel.typing = TextField::Reason;
    EXPECT_TRUE(draw(state).empty());
    EXPECT_EQ(state.panel.typing, TextField::Reason); // its field is on screen: keyboard stays
    state.panel.undoTarget.clear();
    state.panel.walkInOpen = true;
    draw(state);
    state.panel.tab = PanelTab::Today;
    state.panel.today = DayStats("State Party");
    draw(state);
    state.panel.tab = PanelTab::Kiosk;
    draw(state);
    state.panel.leaveAsked = true; // the PIN pad
    state.panel.leavePin = "12";
    EXPECT_TRUE(draw(state).empty());
    state.screen = Screen::OutOfOrder;
    state.outOfOrderReason = "disk full";
    draw(state);
}

namespace {

/// A glyph the last rendered frame drew, read back from its draw lists.
struct DrawnGlyph {
    char32_t c = 0;
    float x = 0;
    float y = 0; ///< the glyph's top
};

/// Every glyph of the last rendered frame, in the order drawn: each glyph quad's corners
/// carry its atlas coordinates, which name the code point it was made for.
std::vector<DrawnGlyph> DrawnGlyphs() {
    std::map<std::pair<float, float>, const ImFontGlyph*> byCorner;
    for (const ImFont* font : ImGui::GetIO().Fonts->Fonts) {
        for (const ImFontGlyph& g : font->Glyphs) {
            if (g.Visible != 0) {
                byCorner.emplace(std::pair{g.U0, g.V0}, &g);
            }
        }
    }
    std::vector<DrawnGlyph> drawn;
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; data != nullptr && l < data->CmdListsCount; ++l) {
        const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
        for (int i = 0; i + 2 < v.Size; ++i) {
            const auto it = byCorner.find({v[i].uv.x, v[i].uv.y});
            if (it != byCorner.end() && v[i + 2].uv.x == it->second->U1 &&
                v[i + 2].uv.y == it->second->V1) {
                drawn.push_back(
                    {static_cast<char32_t>(it->second->Codepoint), v[i].pos.x, v[i].pos.y});
            }
        }
    }
    return drawn;
}

/// Arabic letters in their logical, unjoined form (U+0622 to U+064A): drawn as they are, they
/// would be unshaped and in reverse order. The hamza (U+0621) joins nothing and keeps its one
/// form when shaped.
std::string UnshapedArabic(const std::vector<DrawnGlyph>& drawn) {
    std::string found;
    for (const DrawnGlyph& g : drawn) {
        if (g.c >= 0x0622 && g.c <= 0x064A) {
            core::AppendUtf8(found, g.c);
        }
    }
    return found;
}

/// Where the drawn glyphs spell `text` (spaces are not drawn): the x of its first glyph, or
/// -1 when the frame does not show it.
float DrawnAt(const std::vector<DrawnGlyph>& drawn, const std::string& text) {
    std::u32string want;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = NextCodePoint(text, i);
        if (c != U' ') {
            want.push_back(c);
        }
    }
    for (std::size_t start = 0; start + want.size() <= drawn.size(); ++start) {
        std::size_t k = 0;
        while (k < want.size() && drawn[start + k].c == want[k]) {
            ++k;
        }
        if (k == want.size()) {
            return drawn[start].x;
        }
    }
    return -1;
}

} // namespace

// Every text of every screen goes through the one shaping path: with an Arabic interface and a
// delegate whose name, delegation, hold note and attention note are Arabic, no frame draws an
// Arabic letter unjoined (the search hits, the card, the history, the Today tab's attention
// arrivals, the language buttons, the PIN pads, the outcome screen and its staff band).
TEST_F(Headless, EveryArabicTextIsDrawnShaped) {
    Registrant r = SampleRegistrants()[0];
    r.givenName = "فاطمة";
    r.familyName = "الهاشمي";
    r.delegation = "مصر";
    r.holdNote = "يرجى مراجعة مكتب التسجيل";
    r.attention = "وزيرة، ترافق إلى القاعة";
    UiState state = PanelOnCard(r, m_now);
    state.language = "ar";
    state.panel.staff.name = "أمينة ديالو";
    const auto check = [&](const char* what) {
        draw(state);
        const std::vector<DrawnGlyph> drawn = DrawnGlyphs();
        EXPECT_GT(drawn.size(), 10U) << what;
        EXPECT_EQ(UnshapedArabic(drawn), "") << what;
    };
    // Typed into the fields: the search, the reason.
    state.panel.query = "فاطمة";
    state.panel.reason = "وصلت متأخرة";
    check("search tab and card");
    state.panel.undoTarget = "u1";
    check("undo question");
    state.panel.undoTarget.clear();
    state.panel.selected.reset();
    state.panel.walkInOpen = true;
    state.panel.walkIn.givenName = "ليلى";
    state.panel.walkIn.delegation = "المغرب";
    check("walk-in form");
    state.panel.walkInOpen = false;
    state.panel.tab = PanelTab::Today;
    state.panel.today = DayStats("دولة طرف");
    state.attentionArrivals.push_back({m_now, "door-2", r.id, "فاطمة الهاشمي", r.attention});
    state.sync.configured = true;
    state.sync.lastError = "HTTP 401: token revoked";
    state.sync.lastErrorKind = "auth";
    check("today tab");
    state.panel.tab = PanelTab::Kiosk;
    check("kiosk tab");
    state.panel.leaveAsked = true;
    check("leave PIN pad");
    state.screen = Screen::Login;
    check("sign-in PIN pad");
    state.screen = Screen::Outcome;
    state.outcome.outcome = Outcome::Admitted;
    state.outcome.name = "فاطمة الهاشمي";
    state.outcome.delegation = r.delegation;
    state.outcome.language = "ar";
    state.outcome.staffLanguage = "ar";
    state.outcome.attention = r.attention;
    check("outcome with the staff band");
}

// Names in scripts ImGui cannot shape are set by Pango and each line drawn as one image: the
// search hit, the card and the outcome screen of a delegate named in Devanagari. Without the
// kiosk's ShapedLines they fall back to ImGui's letters.
TEST_F(Headless, IndicNamesAreSetByPango) {
    constexpr std::uintptr_t kFirstId = 1000;
    std::vector<ShapedImage> made;
    const auto images = [] {
        int count = 0;
        const ImDrawData* data = ImGui::GetDrawData();
        for (int l = 0; data != nullptr && l < data->CmdListsCount; ++l) {
            for (const ImDrawCmd& cmd : data->CmdLists[l]->CmdBuffer) {
                // NOLINTNEXTLINE(performance-no-int-to-ptr): a texture id is a number here
                const auto id = reinterpret_cast<std::uintptr_t>(cmd.TextureId);
                count += id >= kFirstId && id < kFirstId + 100 ? 1 : 0;
            }
        }
        return count;
    };
    Registrant r = SampleRegistrants()[0];
    r.givenName = "किशोर";
    r.familyName = "श्रीवास्तव";
    r.delegation = "भारत गणराज्य";
    UiState state = PanelOnCard(r, m_now);
    draw(state);
    EXPECT_EQ(images(), 0);
    {
        ShapedLines lines(
            [&](const ShapedImage& image) {
                made.push_back(image);
                return kFirstId + made.size();
            },
            [](std::uintptr_t) {}, &fonts());
        draw(state);
        // The hit's two lines and the card's name and details.
        EXPECT_GE(images(), 4);
        const std::size_t panelLines = made.size();
        state.screen = Screen::Outcome;
        state.outcome.outcome = Outcome::Admitted;
        state.outcome.name = r.givenName + " " + r.familyName;
        state.outcome.delegation = r.delegation;
        state.outcome.language = "en";
        draw(state);
        EXPECT_EQ(images(), 2); // the name and the delegation
        EXPECT_EQ(made.size(), panelLines + 2);
        draw(state);
        EXPECT_EQ(made.size(), panelLines + 2); // set once, then found
        for (const ShapedImage& image : made) {
            EXPECT_GT(image.width, 10);
            EXPECT_GT(std::count_if(image.rgba.begin(), image.rgba.end(),
                                    [](unsigned char v) { return v != 255 && v != 0; }),
                      0); // the letters' edges
        }
    }
    draw(state);
    EXPECT_EQ(images(), 0);
}

// HarfBuzz through Pango puts the vowel sign of "कि" before its consonant, where ImGui's
// letter-by-letter drawing would leave it after: the consonant alone ("क") matches the right
// end of "कि"'s image, not its left.
TEST(ShapedText, AVowelSignIsSetBeforeItsConsonant) {
    const auto ki = RenderShapedLine("कि", 80, false);
    const auto ka = RenderShapedLine("क", 80, false);
    ASSERT_TRUE(ki.ok() && ka.ok());
    ASSERT_GT(ki->width, ka->width);
    // The lower half, below the head line the vowel sign's hook joins.
    const auto difference = [&](int offset) {
        long total = 0;
        for (int y = ka->height / 2; y < ka->height && y < ki->height; ++y) {
            for (int x = 0; x < ka->width; ++x) {
                const auto at = [](const ShapedImage& image, int px, int py) {
                    return static_cast<long>(
                        image.rgba[(static_cast<std::size_t>(py) * image.width + px) * 4 + 3]);
                };
                total += std::abs(at(*ki, x + offset, y) - at(*ka, x, y));
            }
        }
        return total;
    };
    EXPECT_LT(difference(ki->width - ka->width) * 4, difference(0));
}

TEST(ShapedText, OnlyScriptsImGuiCannotShapeGoToPango) {
    for (const char* plain : {"Ana Lukasiewicz", "Ελευθερίου", "Иванов", "فاطمة", "王美玲", ""}) {
        EXPECT_FALSE(NeedsShaping(plain)) << plain;
    }
    for (const char* shaped : {"किशोर", "সৌমিত্র", "สมชาย", "တင်", "\U0002000B"}) {
        EXPECT_TRUE(NeedsShaping(shaped)) << shaped;
    }
    EXPECT_FALSE(RenderShapedLine("", 40, false).ok());
    EXPECT_FALSE(RenderShapedLine("कि", 0.5f, false).ok());
}

// An Arabic interface mirrors the panel: Lock at the left end of the top bar (at the right in
// English), and the search hits at the right of the card.
TEST_F(Headless, AnArabicPanelIsMirrored) {
    Registrant r = SampleRegistrants()[0];
    const std::string name = r.givenName + " " + r.familyName;
    for (const std::string language : {"en", "ar"}) {
        UiState state;
        state.language = language;
        state.screen = Screen::Panel;
        state.panel.staff.id = "amina";
        state.panel.staff.name = "Amina Diallo";
        state.panel.hits.push_back({r, std::nullopt});
        draw(state);
        const std::vector<DrawnGlyph> drawn = DrawnGlyphs();
        const float lock = DrawnAt(drawn, Shown(catalog().text(language, "panel.lock")));
        const float hit = DrawnAt(drawn, name);
        ASSERT_GE(lock, 0) << language;
        ASSERT_GE(hit, 0) << language;
        const float middle = ImGui::GetIO().DisplaySize.x / 2;
        EXPECT_EQ(lock < middle, language == "ar") << language << " lock at " << lock;
        EXPECT_EQ(hit > middle, language == "ar") << language << " hit at " << hit;
        // The Today tab: the people's column (its categories) first, at the right in Arabic,
        // each category before its count.
        state.panel.tab = PanelTab::Today;
        state.panel.today = DayStats("StateParty");
        draw(state);
        const std::vector<DrawnGlyph> today = DrawnGlyphs();
        const float category = DrawnAt(today, "StateParty");
        const float count = DrawnAt(today, "3 / 10");
        ASSERT_GE(category, 0) << language;
        ASSERT_GE(count, 0) << language;
        EXPECT_EQ(category > middle, language == "ar") << language << " category at " << category;
        EXPECT_EQ(count < category, language == "ar") << language << " count at " << count;
    }
}

// A failed sync round is said to staff in their language, with what to do; the technical
// words stay below it for IT.
TEST_F(Headless, ASyncFailureIsSaidInTheStaffsLanguage) {
    UiState state;
    state.language = "fr";
    state.screen = Screen::Panel;
    state.panel.tab = PanelTab::Today;
    TodayStats stats;
    stats.day = "2025-06-17";
    state.panel.today = stats;
    state.sync.configured = true;
    state.sync.lastError = "HTTP 401: token revoked";
    state.sync.lastErrorKind = "auth";
    draw(state);
    std::vector<DrawnGlyph> drawn = DrawnGlyphs();
    EXPECT_GE(DrawnAt(drawn, catalog().text("fr", "sync_error.auth")), 0);
    EXPECT_GE(DrawnAt(drawn, "HTTP 401: token revoked"), 0);
    state.sync.lastErrorKind = "network";
    draw(state);
    drawn = DrawnGlyphs();
    EXPECT_GE(DrawnAt(drawn, catalog().text("fr", "sync_error.network")), 0);
    EXPECT_LT(DrawnAt(drawn, catalog().text("fr", "sync_error.auth")), 0);
}

// A name too long for its place is set smaller before it takes more lines, and no word is
// broken; one that fits keeps the font's size.
TEST_F(Headless, LongNamesShrinkToFitBeforeTheyWrap) {
    ImGui::NewFrame();
    const ImFont* name = fonts().name;
    const FittedText shortName = FitText(name, "Ana Lukasiewicz", 900, 2, name->FontSize);
    EXPECT_FLOAT_EQ(shortName.size, name->FontSize);
    EXPECT_EQ(shortName.lines.size(), 1U);
    const std::string longName = "María de los Ángeles Fernández-Villaverde y Rodríguez";
    const FittedText fitted = FitText(name, longName, 900, 2, name->FontSize);
    EXPECT_LT(fitted.size, name->FontSize);
    EXPECT_LE(fitted.lines.size(), 2U);
    const FittedText wrapped = FitText(name, longName, 900, 3, name->FontSize);
    EXPECT_GT(wrapped.size, fitted.size); // more lines allowed: less shrinking
    // A word wider than the line at full size ("Fernández-Villaverde" in 500 px) shrinks until
    // it fits whole on a line of its own.
    const FittedText narrow = FitText(name, longName, 500, 4, name->FontSize);
    for (const std::string& line : narrow.lines) {
        EXPECT_LE(name->CalcTextSizeA(narrow.size, FLT_MAX, 0.0f, line.c_str()).x, 500.0f) << line;
        EXPECT_EQ(longName.find(line) != std::string::npos, true) << line; // whole words
    }
    ImGui::EndFrame();
}

// A hit's line cut for a narrow column ends at a word with "…"; Arabic is cut in reading
// order, before it is shaped.
TEST_F(Headless, HitLinesAreCutAtAWordWithAnEllipsis) {
    ImGui::NewFrame();
    const std::string name = "María de los Ángeles Fernández-Villaverde";
    EXPECT_EQ(ShownWithin(name, 5000), name);
    const float width = ImGui::CalcTextSize(name.c_str()).x * 0.6f;
    const std::string cut = ShownWithin(name, width);
    EXPECT_LE(ImGui::CalcTextSize(cut.c_str()).x, width);
    EXPECT_EQ(cut, "María de los Ángeles\u2026");
    const std::string arabic = "عبد الرحمن بن عبد العزيز آل سعود";
    const float arabicWidth = ImGui::CalcTextSize(Shown(arabic).c_str()).x * 0.5f;
    EXPECT_EQ(ShownWithin(arabic, arabicWidth), Shown("عبد الرحمن بن\u2026"));
    ImGui::EndFrame();
}

TEST(LayoutFaults, OverlapsCutsAndTextOffTheScreenAreEachSaid) {
    const std::vector<TextBox> fine{
        {0, 0, 100, 30, "Welcome"}, {0, 31, 100, 60, "Delegate"}, {101, 0, 200, 30, "beside"}};
    EXPECT_TRUE(LayoutFaults(fine, 1920, 1080).empty());
    const std::vector<TextBox> bad{{0, 0, 100, 30, "Welcome"},
                                   {50, 10, 150, 40, "Delegate"},
                                   {1900, 0, 1950, 30, "off"},
                                   {300, 300, 400, 330, "[cut] Delete"}};
    const std::vector<std::string> faults = LayoutFaults(bad, 1920, 1080);
    ASSERT_EQ(faults.size(), 3U);
    EXPECT_EQ(faults[0].rfind("overlap: \"Welcome\"", 0), 0U) << faults[0];
    EXPECT_EQ(faults[1].rfind("off the screen: \"off\"", 0), 0U) << faults[1];
    EXPECT_EQ(faults[2].rfind("label cut: \"[cut] Delete\"", 0), 0U) << faults[2];
}

// The 1920×1080 design fits a landscape screen by the smaller of its two ratios, and the same
// design turned upright (1080×1920) fits an upright one.
TEST(ScreenScale, FitsTheDesignInWidthAndHeight) {
    EXPECT_FLOAT_EQ(ScreenScale(1920, 1080), 1.0f);
    EXPECT_FLOAT_EQ(ScreenScale(3840, 2160), 2.0f);
    // Upright screens are laid out for 1080×1920: the type as large as on a landscape one.
    EXPECT_FLOAT_EQ(ScreenScale(1080, 1920), 1.0f);
    EXPECT_FLOAT_EQ(ScreenScale(1200, 1920), 1.0f);
    EXPECT_FLOAT_EQ(ScreenScale(800, 1280), 1280.0f / 1920.0f); // the height runs short
    EXPECT_FLOAT_EQ(ScreenScale(1280, 800), 1280.0f / 1920.0f);
    EXPECT_FLOAT_EQ(ScreenScale(1024, 600), 1024.0f / 1920.0f);
}

// A fingertip is the same few millimetres on any panel: with a content scale of 2 (a dense
// screen) no button is under 80 px, even where the screen's size alone would make it 40.
TEST_F(Headless, ButtonsStayAFingertipOnADenseScreen) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 designed = io.DisplaySize;
    io.DisplaySize = ImVec2(1024, 600);
    EXPECT_FLOAT_EQ(Tall(64), 40.0f); // 34 px by the size: a fingertip at 96 dpi
    SetContentScale(2.0f);
    EXPECT_FLOAT_EQ(Tall(64), 80.0f);
    EXPECT_FLOAT_EQ(Tall(200), 107.0f); // larger than a fingertip: by the size as before
    SetContentScale(1.0f);
    io.DisplaySize = designed;
}

// Heights follow the screen: on a 1024×600 panel the on-screen keyboard leaves the search
// field and several hits in view above it; on a 3840×2160 one its keys grow in proportion.
TEST_F(Headless, TheKeyboardAndButtonsScaleWithTheScreen) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 designed = io.DisplaySize; // 1920×1080
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    EXPECT_FLOAT_EQ(OnScreenKeyboardHeight(), 5 * (64 + spacing));
    io.DisplaySize = ImVec2(3840, 2160);
    EXPECT_FLOAT_EQ(OnScreenKeyboardHeight(), 5 * (128 + spacing));
    io.DisplaySize = ImVec2(1024, 600);
    const float keyboard = OnScreenKeyboardHeight();
    EXPECT_LE(keyboard, 600 * 0.45f);

    UiState state;
    state.screen = Screen::Panel;
    state.panel.staff.id = "amina";
    state.panel.query = "Zq";
    state.panel.typing = TextField::Query;
    const std::vector<std::string> families{"Alpha", "Bravo", "Charlie", "Delta", "Echo"};
    for (const std::string& family : families) {
        Registrant r = SampleRegistrants()[0];
        r.id = "REG-" + family;
        r.givenName = "Zq";
        r.familyName = family;
        state.panel.hits.push_back({r, std::nullopt});
    }
    // Drawn as the kiosk draws on such a screen: fonts and style scaled to it.
    const float kScale = ScreenScale(1024, 600);
    GlyphNeeds needs;
    needs.catalogTexts = catalog().texts();
    needs.headlineTexts = catalog().texts(".headline");
    auto small = BuildFontAtlas(needs, kScale);
    ASSERT_TRUE(small.ok()) << small.error().message;
    ImFontAtlas* shared = io.Fonts;
    io.Fonts = small->atlas.get();
    ApplyKioskStyle(kScale);
    for (int frame = 0; frame < 2; ++frame) {
        Commands out;
        ImGui::NewFrame();
        DrawFrame(state, m_config, catalog(), small->fonts, m_now, out);
        ImGui::Render();
    }
    const std::vector<DrawnGlyph> drawn = DrawnGlyphs();
    io.Fonts = shared;
    ApplyKioskStyle(1.0f);
    io.DisplaySize = designed;
    const float keyboardTop = 600 - keyboard;
    int above = 0;
    for (const std::string& family : families) {
        const float x = DrawnAt(drawn, "Zq " + family);
        for (const DrawnGlyph& g : drawn) {
            if (x >= 0 && g.x == x && g.c == U'Z' && g.y + 12 < keyboardTop) {
                ++above;
                break;
            }
        }
    }
    EXPECT_GE(above, 3) << "hits in view above the keyboard";
}

// Whichever field staff fill, on a small, a middling or an upright screen, it is scrolled
// into view above the on-screen keyboard: the card's hold note at the bottom of the card, the
// walk-in form's last field.
TEST_F(Headless, TheFieldBeingFilledStaysAboveTheKeyboard) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 designed = io.DisplaySize;
    ImFontAtlas* shared = io.Fonts;
    Registrant r = SampleRegistrants()[0];
    r.holdNote.clear(); // the card then has both the reason and the hold note fields
    struct Case {
        TextField field;
        const char* box;
    };
    for (const ImVec2 size : {ImVec2(1024, 600), ImVec2(1280, 800), ImVec2(1080, 1920)}) {
        const float scale = ScreenScale(size.x, size.y);
        GlyphNeeds needs;
        needs.catalogTexts = catalog().texts();
        needs.headlineTexts = catalog().texts(".headline");
        auto atlas = BuildFontAtlas(needs, scale);
        ASSERT_TRUE(atlas.ok()) << atlas.error().message;
        io.Fonts = atlas->atlas.get();
        io.DisplaySize = size;
        ApplyKioskStyle(scale);
        for (const Case& c : {Case{TextField::HoldNote, "[field] ##hold"},
                              Case{TextField::Reason, "[field] ##reason"},
                              Case{TextField::WalkInReason, "[field] ##panel.reason"}}) {
            SCOPED_TRACE(::testing::Message() << size.x << "x" << size.y << " " << c.box);
            UiState state = PanelOnCard(r, m_now);
            state.panel.walkInOpen = c.field == TextField::WalkInReason;
            state.panel.typing = c.field;
            TextBoxRecorder boxes;
            for (int frame = 0; frame < 4; ++frame) { // scrolled on one frame, shown the next
                Commands out;
                ImGui::NewFrame();
                DrawFrame(state, m_config, catalog(), atlas->fonts, m_now, out);
                ImGui::Render();
            }
            const auto field = std::find_if(boxes.boxes().begin(), boxes.boxes().end(),
                                            [&](const TextBox& b) { return b.text == c.box; });
            ASSERT_NE(field, boxes.boxes().end()) << "the field is not on screen";
            EXPECT_GE(field->y1 - field->y0, ImGui::GetFontSize()); // whole, not cut by its window
            EXPECT_LE(field->y1, size.y - OnScreenKeyboardHeight());
        }
    }
    io.Fonts = shared;
    io.DisplaySize = designed;
    ApplyKioskStyle(1.0f);
}

TEST_F(Headless, AFrameThatThrowsIsUnwoundAndTheNextOneDraws) {
    ImGui::NewFrame();
    auto failed = DrawGuarded([] {
        ImGui::Begin("half-drawn");
        ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.5f);
        ImGui::PushID("x");
        throw std::runtime_error("boom");
    });
    ASSERT_TRUE(failed);
    EXPECT_EQ(*failed, "boom");
    UiState state;
    state.screen = Screen::OutOfOrder;
    state.outOfOrderReason = *failed;
    draw(state); // a clean frame after the failed one
    EXPECT_FALSE(DrawGuarded([] {}));
}

TEST(FrameFailures, GiveUpAfterThreeWithinAMinute) {
    FrameFailures failures;
    EXPECT_FALSE(failures.record(0));
    EXPECT_FALSE(failures.record(1'000));
    EXPECT_FALSE(failures.record(70'000)); // the first two are over a minute old
    EXPECT_FALSE(failures.record(80'000));
    EXPECT_TRUE(failures.record(90'000));
}

TEST(CardStatus, UndoneEntriesDoNotCount) {
    const KioskConfig config = ExampleConfig();
    const UtcMillis at = *config.event.calendar->parseTime("2025-06-17T08:05:00");
    AttendanceEvent in;
    in.uuid = "a";
    in.day = "2025-06-17";
    in.at = at;
    AttendanceEvent undo;
    undo.uuid = "b";
    undo.day = "2025-06-17";
    undo.kind = EventKind::Undo;
    undo.target = "a";
    CardStatus status = MakeCardStatus({in}, "2025-06-17", *config.event.calendar);
    EXPECT_TRUE(status.inToday);
    EXPECT_EQ(status.firstEntry, "08:05");
    status = MakeCardStatus({in, undo}, "2025-06-17", *config.event.calendar);
    EXPECT_FALSE(status.inToday);
}

} // namespace accueil::kiosk::app::test
