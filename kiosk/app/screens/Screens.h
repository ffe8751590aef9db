// SPDX-License-Identifier: Apache-2.0
#pragma once

// One screen per file; each draw function reads its view and emits commands.

#include "../Catalog.h"
#include "../Commands.h"
#include "../CoreTypes.h"
#include "../Fonts.h"
#include "../OutcomeStyle.h"
#include "../UiState.h"

#include <accueil/core/Config.h>

#include <imgui.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accueil::kiosk::app {

/// What every screen may read besides its own view.
struct FrameContext {
    const Catalog& catalog;
    const Fonts& fonts;
    std::string language; ///< the UI language
    /// Catalog text in the UI language.
    const std::string& tr(const char* key) const { return catalog.text(language, key); }
    /// True when the UI's language is written right to left (Arabic): text starts at the
    /// right and rows of buttons run from the right.
    bool rightToLeft() const { return language == "ar"; }
    /// A counted sentence in the screen's language, in the plural form `count` takes.
    std::string counted(const char* key, long long count) const {
        return catalog.counted(language, key, count);
    }
};

// --- Waiting -------------------------------------------------------------------------------
struct WaitingView {
    std::string eventName;
    std::string dates;
    std::vector<std::string> prompts; ///< "Please scan your badge", once per language
    std::string hint;
    std::string status; ///< "door-1 · 09:15 · Online"
    /// Attention arrivals at other doors staff have not seen on the panel yet ("Attention: 2"),
    /// drawn small in the status corner; empty when there are none.
    std::string attentionMark{};
    /// A band across the screen: an exit door says so; an entrance says its zone is nearly
    /// full (amber) or full (red). Empty: none.
    std::string band;
    Rgb bandBackground;
    Rgb bandText;
    bool cameraPreview = false;
    CameraPreview preview; ///< drawn inside the target frame when cameraPreview
};
/// Pure: the waiting screen's content at `now`.
WaitingView MakeWaitingView(const UiState& state, const KioskConfig& config, const Catalog& catalog,
                            UtcMillis now);
void DrawWaitingScreen(const WaitingView& view, const FrameContext& ctx, Commands& out);

// --- Outcome -------------------------------------------------------------------------------
struct OutcomeView {
    OutcomeStyle style;
    std::string headline;
    std::string detail;
    std::string action; ///< what to do, for refusals; empty otherwise
    /// For staff at the door, in the kiosk's language: a second entry today when the event's
    /// re-entry policy is warn ("Second entry today — first at 09:12"); empty otherwise.
    std::string staffBand{};
    /// For staff, in the kiosk's language: the registrant's attention note on an entry
    /// ("Attention: Minister, escort to room XX"), drawn in a corner band; empty otherwise.
    std::string staffNote{};
    std::string name;
    std::string delegation;
    std::string timeLine;
    /// The registrant's photo beside the name (photo_on_outcome); 0: none, nothing drawn.
    std::uintptr_t photoTexture = 0;
    float photoAspect = 0; ///< its width over its height
};
/// Pure: the outcome screen's content, in the delegate's language.
OutcomeView MakeOutcomeView(const OutcomeDisplay& display, const Catalog& catalog);
void DrawOutcomeScreen(const OutcomeView& view, const FrameContext& ctx, Commands& out);

// --- Staff login (PIN pad) -------------------------------------------------------------------
/// Draws the staff ID field and the PIN pad; `login.staffId` is edited in place.
void DrawLoginScreen(LoginState& login, const FrameContext& ctx, Commands& out);

// --- Staff panel ---------------------------------------------------------------------------
/// Status of a registrant today, derived from their history (for the card).
struct CardStatus {
    bool inToday = false;
    std::string firstEntry;            ///< "09:15"
    std::vector<std::string> undoable; ///< uuids of today's effective entries
};
/// Pure: today's status from the registrant's history.
CardStatus MakeCardStatus(const std::vector<AttendanceEvent>& history, const std::string& day,
                          const EventCalendar& calendar);

/// Extra facts the panel shows that live outside the UI state.
struct PanelFacts {
    std::string day;
    const EventCalendar* calendar = nullptr;
    SyncStatus sync;
    CameraState camera = CameraState::None;
    std::vector<std::string> languages;
    std::vector<std::string> categories;       ///< the event's, for a walk-in; empty: typed freely
    std::vector<AttentionArrival> attention{}; ///< today's attention arrivals at other doors
    core::DoorDirection door = core::DoorDirection::In; ///< kiosk.toml's [kiosk] direction
    core::Direction direction = core::Direction::In;    ///< what the door records now
    std::optional<core::Occupancy> occupancy;           ///< inside now, when counted
    const std::vector<core::Zone>* zones = nullptr;     ///< the event's, with their capacity
};
/// The card's line under the name: "Poland  ·  State Party  ·  Delegate", leaving out what the
/// registration lacks (a walk-in's delegation or role). Pure.
std::string CardDetails(const Registrant& r);
/// The panel edits its text fields (query, reason, notes, walk-in form) in place.
void DrawPanelScreen(PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                     Commands& out);
void DrawPanelSearchTab(PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                        Commands& out);
void DrawPanelTodayTab(const PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                       Commands& out);

// --- Out of order --------------------------------------------------------------------------
void DrawOutOfOrderScreen(const std::string& reason, const FrameContext& ctx);

// --- Out of service (revoked) --------------------------------------------------------------
struct OutOfServiceView {
    std::vector<std::string> headlines; ///< "Out of service", once per language
    std::vector<std::string> actions;   ///< "Please use another entrance", once per language
    std::string detail;                 ///< for staff: which kiosk, and what happened to its data
};
/// Pure: every language of the catalog, the kiosk's UI language first; `purged`: the meeting
/// is over and the data purged, rather than the kiosk revoked.
OutOfServiceView MakeOutOfServiceView(const KioskConfig& config, const Catalog& catalog,
                                      bool purged = false);
void DrawOutOfServiceScreen(const OutOfServiceView& view, const FrameContext& ctx);

// --- Shared drawing helpers (ScreenHelpers.cpp) -------------------------------------------
/// Days ("2025-06-18") as short as the language says them: "18 and 19 June", "16–18 June and
/// 1 July", "18 et 19 juin", "18 y 19 de junio" (catalog "dates.days_month", "dates.and");
/// sorted, each once, three or more in a row as a range. Pure.
std::string FormatDayList(std::vector<std::string> days, const Catalog& catalog,
                          const std::string& lang);
/// Starts a window covering the whole display with a plain background.
void BeginFullScreen(const char* id, Rgb background);
void EndFullScreen();
// Every text the kiosk draws goes through Shown: in visual order with Arabic letters joined
// (FriBidi), as ImGui draws code points left to right without shaping. A test reads the draw
// lists back and finds no unshaped Arabic letter on any screen.
/// The text shaped and in visual order; text without right-to-left letters as it is. Pure.
std::string Shown(std::string_view text);
/// `text` cut into lines no wider than `wrap` at `size` (0: at newlines only), each cut in
/// logical order and then Shown.
std::vector<std::string> ShownLines(const ImFont* font, float size, std::string_view text,
                                    float wrap);
/// The width of a shaped line at `size`: ImGui's, or that of the image Pango sets it in when
/// its script needs shaping (ShapedText.h) and the kiosk has a ShapedLines.
float TextLineWidth(const ImFont* font, float size, const std::string& shown);
/// Draws a shaped line at `at` (its top left): by ImGui, or as Pango's image of it.
void DrawTextLine(ImDrawList* draw, const ImFont* font, float size, ImVec2 at, ImU32 colour,
                  const std::string& shown);
/// `text` shaped on one line of at most `width` in the current font: whole, or cut after its
/// last word (or character) that fits, with "…" where the reading stops.
std::string ShownWithin(std::string_view text, float width);
/// One line of text at the cursor, shaped, from the UI's start edge (the right in Arabic).
void Label(const FrameContext& ctx, const std::string& text);
/// Text wrapped to the width left, each line shaped and from the UI's start edge.
void Paragraph(const FrameContext& ctx, const std::string& text);
/// A bullet point: a Paragraph with a bullet before the text, in its own direction.
void Bullet(const FrameContext& ctx, const std::string& text);
/// A row of items from the UI's start edge: left to right, or right to left in an Arabic
/// interface (its buttons mirrored). Call next(width) before each item, last(width) before
/// one that sits at the row's far end.
class RowLayout {
public:
    explicit RowLayout(const FrameContext& ctx);
    void next(float width);
    void last(float width);

private:
    bool m_rightToLeft;
    bool m_first = true;
    float m_edge = 0; ///< right to left: where the previous item began
};
/// Text set to fit: the size chosen and its shaped lines.
struct FittedText {
    float size = 0;
    std::vector<std::string> lines;
    float height() const { return static_cast<float>(lines.size()) * size * 1.1f; }
};
/// `text` at the largest size from `ceiling` down to 55 % of it that takes at most `maxLines`
/// lines of `wrap` pixels with no word cut (a long name shrinks before it runs on); at 55 % it
/// wraps as it must. Han, kana and hangul lines may break between any two characters.
FittedText FitText(const ImFont* font, const std::string& text, float wrap, int maxLines,
                   float ceiling);
/// Draws FitText's lines centred across the current window from height `y`.
void DrawCentered(const ImFont* font, const FittedText& fitted, float y, Rgb colour);
/// Text centred horizontally at height `y` in the current window, shrunk to fit `maxLines`
/// lines across 90 % of its width; returns the text's height.
float CenteredText(ImFont* font, const std::string& text, float y, Rgb colour, int maxLines = 2);
// --- Where text lands (layout tests, --screenshot-dir) -------------------------------------
/// One text's box on screen in pixels, with what it says; "[icon]" marks the outcome's icon,
/// "[field] ##id" a text field, "[cut] …" a label its button or window cuts at the side.
struct TextBox {
    float x0 = 0;
    float y0 = 0;
    float x1 = 0;
    float y1 = 0;
    std::string text;
};
/// While one exists (one at a time, on the UI thread), every text the screens draw through
/// these helpers is noted with its visible box; DrawFrame starts each frame's list afresh.
class TextBoxRecorder {
public:
    TextBoxRecorder();
    ~TextBoxRecorder();
    TextBoxRecorder(const TextBoxRecorder&) = delete;
    TextBoxRecorder& operator=(const TextBoxRecorder&) = delete;
    TextBoxRecorder(TextBoxRecorder&&) = delete;
    TextBoxRecorder& operator=(TextBoxRecorder&&) = delete;
    const std::vector<TextBox>& boxes() const { return m_boxes; }
    void clear() { m_boxes.clear(); }
    void add(TextBox box) { m_boxes.push_back(std::move(box)); }
    /// The recorder alive now, or null (the kiosk's normal run).
    static TextBoxRecorder* current();

private:
    std::vector<TextBox> m_boxes;
};
/// Notes a box with the recorder, if one is alive, cut to the current clip rectangle (nothing
/// when none of it shows).
void NoteTextBox(float x0, float y0, float x1, float y1, std::string_view text);
/// Notes the last ImGui item's box as `text`'s.
void NoteItemText(std::string_view text);
/// What is wrong with a screen's boxes: two that overlap (by more than 2 px each way), one
/// outside the width × height screen, a cut label. One line each; empty when it holds. Pure.
std::vector<std::string> LayoutFaults(const std::vector<TextBox>& boxes, float width, float height);
/// The boxes as tab-separated lines "x0 y0 x1 y1 text", for --screenshot-dir. Pure.
std::string FormatTextBoxes(const std::vector<TextBox>& boxes);
/// The shape of an icon centred on (`cx`, `cy`) in the current window, of radius `r`, drawn
/// with lines and circles (no icon font needed).
void DrawIcon(Icon icon, float cx, float cy, float r, Rgb colour);
/// Packs an Rgb as ImGui's ImU32.
unsigned int ToU32(Rgb colour, float alpha = 1.0f);
// --- On-screen keyboard (staff panel) ------------------------------------------------------
enum class OnScreenKey { Text, Backspace, Shift, Done };
/// The string a panel field edits, or null for None.
std::string* FieldText(PanelState& panel, TextField field);
/// Call right after a field's InputText: touching the field points the keyboard at it, and
/// the field being filled is scrolled back into its window when the keyboard hides it.
void TrackTyping(PanelState& panel, TextField field);
/// One key of the on-screen keyboard: types into the field, or Backspace (one UTF-8
/// character), Shift (next letter upper-case), Done (closes). Editing the search query emits
/// SearchEdited, as typing on a real keyboard does. Pure apart from `panel`; testable.
void TypeOnScreenKey(PanelState& panel, OnScreenKey key, std::string_view text, Commands& out);
float OnScreenKeyboardHeight();
void DrawOnScreenKeyboard(PanelState& panel, const FrameContext& ctx, Commands& out);

/// The screens are designed for 1920×1080, and for 1080×1920 on an upright screen: the
/// factor that fits that design in a screen of width × height, the smaller of the two ratios
/// (2 at 3840×2160, 1 upright at 1080×1920, 0.53 at 1024×600). Pure.
float ScreenScale(float width, float height);
/// A height designed for 1920×1080, for this window: scaled by ScreenScale of the display, as
/// the fonts are (so 1024×600 leaves room for the content and 3840×2160 keeps buttons in
/// proportion), never under a fingertip: 40 px times the monitor's content scale.
float Tall(float at1080);
/// The monitor's content scale (Window::contentScale), read once at start; 1 until then.
void SetContentScale(float scale);
/// ImGui::InputText for `text`, its Arabic or Indic text shown shaped over the field (from
/// the right for Arabic); returns what InputText returns.
bool ShapedInputText(const char* id, std::string* text, int flags = 0);
/// A big touch button; true when pressed.
bool TouchButton(const std::string& label, float width, float height);
/// A touch button of a set of choices: the chosen one is drawn filled; true when pressed.
bool ChoiceButton(const std::string& label, bool chosen, float width, float height);

} // namespace accueil::kiosk::app
