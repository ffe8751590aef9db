// SPDX-License-Identifier: Apache-2.0
#include "Screens.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <set>

namespace accueil::kiosk::app {

namespace {

constexpr ImU32 kChosen = IM_COL32(0, 70, 140, 255); // the current tab or language
constexpr ImU32 kDanger = IM_COL32(153, 0, 0, 255);  // leaving the kiosk

// A button in `colour` with white text, in every state: a touch screen leaves the button
// "hovered" after the tap, and the style's light hover colour would hide the white text.
void PushButtonColour(ImU32 colour) {
    ImGui::PushStyleColor(ImGuiCol_Button, colour);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colour);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, colour);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
}
void PopButtonColour() {
    ImGui::PopStyleColor(4);
}
constexpr Rgb kBackground{245, 246, 248};
constexpr Rgb kText{17, 24, 39};
constexpr Rgb kError{153, 0, 0};
constexpr Rgb kOk{0, 90, 40};

// Leaving asks for the signed-in staff member's PIN again: a pad (1–9, erase, 0) as on the
// sign-in screen but smaller, and beside it the PIN as stars and the answers.
void DrawLeaveQuestion(const PanelState& panel, const FrameContext& ctx, float width,
                       Commands& out) {
    constexpr std::array<char, 11> kKeys = {'1', '2', '3', '4', '5', '6', '7', '8', '9', '<', '0'};
    ImGui::BeginDisabled(panel.leaveBusy);
    ImGui::BeginGroup();
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
        if (i % 3 != 0) {
            ImGui::SameLine();
        }
        ImGui::PushID(static_cast<int>(i));
        const bool erase = kKeys[i] == '<';
        if (TouchButton(erase ? ctx.tr("login.erase") : std::string(1, kKeys[i]), 130, Tall(80))) {
            if (erase) {
                out.push_back(PinBackspace{});
            } else {
                out.push_back(PinDigit{kKeys[i]});
            }
        }
        ImGui::PopID();
    }
    ImGui::EndGroup();
    ImGui::SameLine(0, 60);
    ImGui::BeginGroup();
    std::string stars;
    for (std::size_t i = 0; i < panel.leavePin.size(); ++i) {
        stars += i == 0 ? "*" : " *";
    }
    ImGui::PushFont(ctx.fonts.large);
    Label(ctx, panel.leavePin.empty() ? ctx.tr("panel.leave_pin") : stars);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 10));
    PushButtonColour(kDanger);
    if (TouchButton(ctx.tr("panel.leave_yes"), width * 0.3f, Tall(90))) {
        out.push_back(LeaveKiosk{true});
    }
    PopButtonColour();
    if (TouchButton(ctx.tr("panel.cancel"), width * 0.3f, Tall(90))) {
        out.push_back(CancelLeave{});
    }
    ImGui::EndGroup();
    ImGui::EndDisabled();
}

// A door for both directions: staff turn it into an entrance or an exit.
void DrawDirectionChoice(const PanelFacts& facts, const FrameContext& ctx, float w, Commands& out) {
    if (facts.door != core::DoorDirection::Both) {
        return;
    }
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::PushFont(ctx.fonts.large);
    Label(ctx, ctx.tr("panel.direction_title"));
    ImGui::PopFont();
    RowLayout row(ctx);
    for (const auto& [direction, key] : {std::pair{core::Direction::In, "panel.direction_in"},
                                         std::pair{core::Direction::Out, "panel.direction_out"}}) {
        row.next(w * 0.3f);
        if (ChoiceButton(ctx.tr(key), facts.direction == direction, w * 0.3f, Tall(90))) {
            out.push_back(SetDirection{direction});
        }
    }
}

void DrawKioskTab(const PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                  Commands& out) {
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(ctx.fonts.large);
    Label(ctx, ctx.tr("panel.language"));
    ImGui::PopFont();
    // Every language on one row: up to a fifth of the width each.
    const float count = static_cast<float>(std::max<std::size_t>(facts.languages.size(), 1));
    const float languageWidth =
        std::min(w * 0.2f, (w - ImGui::GetStyle().ItemSpacing.x * (count - 1)) / count);
    RowLayout languages(ctx);
    for (const std::string& lang : facts.languages) {
        ImGui::PushID(lang.c_str());
        const bool current = lang == ctx.language;
        if (current) {
            PushButtonColour(kChosen);
        }
        languages.next(languageWidth);
        if (TouchButton(ctx.catalog.text(lang, "language.name"), languageWidth, Tall(90))) {
            out.push_back(SwitchLanguage{lang});
        }
        if (current) {
            PopButtonColour();
        }
        ImGui::PopID();
    }
    DrawDirectionChoice(facts, ctx, w, out);
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::PushFont(ctx.fonts.large);
    Label(ctx, ctx.tr("panel.leave_title"));
    ImGui::PopFont();
    Paragraph(ctx, ctx.tr(panel.leaveAsked ? "panel.leave_confirm" : "panel.leave_help"));
    if (panel.leaveAsked) {
        DrawLeaveQuestion(panel, ctx, w, out);
        return;
    }
    PushButtonColour(kDanger);
    RowLayout(ctx).next(w * 0.3f);
    if (TouchButton(ctx.tr("panel.leave"), w * 0.3f, Tall(90))) {
        out.push_back(LeaveKiosk{false});
    }
    PopButtonColour();
}

} // namespace

CardStatus MakeCardStatus(const std::vector<AttendanceEvent>& history, const std::string& day,
                          const EventCalendar& calendar) {
    CardStatus status;
    std::set<std::string> undone;
    for (const AttendanceEvent& e : history) {
        if (e.kind == EventKind::Undo) {
            undone.insert(e.target);
        }
    }
    for (const AttendanceEvent& e : history) {
        const bool entry = e.kind == EventKind::CheckIn || e.kind == EventKind::ManualCheckIn;
        if (!entry || e.day != day || undone.contains(e.uuid)) {
            continue;
        }
        if (!status.inToday) {
            status.firstEntry = calendar.localTimeOfDay(e.at);
        }
        status.inToday = true;
        status.undoable.push_back(e.uuid);
    }
    return status;
}

namespace {

// Top bar: who is signed in, the tabs, and Lock (always in the same place): from the left,
// or from the right in Arabic.
void DrawTopBar(const PanelState& panel, const FrameContext& ctx, float w, Commands& out) {
    RowLayout top(ctx);
    const std::string title = Shown(ctx.tr("panel.title"));
    const std::string signedIn = Shown(FormatText(
        ctx.tr("panel.signed_in"), {{"name", panel.staff.name}, {"id", panel.staff.id}}));
    ImGui::PushFont(ctx.fonts.large);
    top.next(ImGui::CalcTextSize(title.c_str()).x);
    ImGui::TextUnformatted(title.c_str());
    NoteItemText(title);
    ImGui::PopFont();
    top.next(ImGui::CalcTextSize(signedIn.c_str()).x);
    ImGui::TextUnformatted(signedIn.c_str());
    NoteItemText(signedIn);
    constexpr std::array<const char*, 3> kTabKeys = {"panel.tab.search", "panel.tab.today",
                                                     "panel.tab.kiosk"};
    // The tabs take what the title, who is signed in and Lock leave, up to 18 % each.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float lockWidth = w * 0.16f;
    ImGui::PushFont(ctx.fonts.large);
    const float titleWidth = ImGui::CalcTextSize(title.c_str()).x;
    ImGui::PopFont();
    const float left = w - style.WindowPadding.x * 2 - titleWidth -
                       ImGui::CalcTextSize(signedIn.c_str()).x - lockWidth -
                       style.ItemSpacing.x * 5;
    // Where the title and the name leave too little for the tabs' labels (an upright screen),
    // the tabs and Lock take a row of their own, the whole width.
    float widestTab = 0;
    for (const char* key : kTabKeys) {
        widestTab = std::max(widestTab, ImGui::CalcTextSize(Shown(ctx.tr(key)).c_str()).x);
    }
    const bool ownRow = left / 3 < widestTab + style.FramePadding.x * 4;
    RowLayout tabs(ctx);
    const float tabWidth =
        ownRow ? (w - style.WindowPadding.x * 2 - lockWidth - style.ItemSpacing.x * 3) / 3
               : std::clamp(left / 3, w * 0.08f, w * 0.18f);
    RowLayout& row = ownRow ? tabs : top;
    for (int i = 0; i < 3; ++i) {
        const bool current = static_cast<int>(panel.tab) == i;
        if (current) {
            PushButtonColour(kChosen);
        }
        row.next(tabWidth);
        if (TouchButton(ctx.tr(kTabKeys[i]), tabWidth, Tall(80))) {
            out.push_back(SelectTab{i});
        }
        if (current) {
            PopButtonColour();
        }
    }
    row.last(lockWidth);
    if (TouchButton(ctx.tr("panel.lock"), lockWidth, Tall(80))) {
        out.push_back(LockPanel{});
    }
}

} // namespace

void DrawPanelScreen(PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                     Commands& out) {
    BeginFullScreen("panel", kBackground);
    ImGui::PushStyleColor(ImGuiCol_Text, ToU32(kText));
    ImGui::PushFont(ctx.fonts.body);
    const float w = ImGui::GetWindowWidth();
    DrawTopBar(panel, ctx, w, out);
    // The walk-in form and the undo question show their own errors beside their buttons.
    const bool formShowsIt = panel.tab == PanelTab::Search && panel.messageIsError &&
                             (panel.walkInOpen || !panel.undoTarget.empty());
    if (!panel.message.empty() && !formShowsIt) {
        ImGui::PushStyleColor(ImGuiCol_Text, ToU32(panel.messageIsError ? kError : kOk));
        std::string text = ctx.catalog.text(ctx.language, panel.message);
        if (!panel.messageDetail.empty()) {
            text += " " + Translate(ctx.catalog, ctx.language, panel.messageDetail);
        }
        Paragraph(ctx, text);
        ImGui::PopStyleColor();
    } else {
        ImGui::NewLine();
    }
    ImGui::Separator();

    switch (panel.tab) {
    case PanelTab::Search:
        DrawPanelSearchTab(panel, facts, ctx, out);
        break;
    case PanelTab::Today:
        DrawPanelTodayTab(panel, facts, ctx, out);
        break;
    case PanelTab::Kiosk:
        DrawKioskTab(panel, facts, ctx, out);
        break;
    }
    ImGui::PopFont();
    ImGui::PopStyleColor();
    EndFullScreen();
}

} // namespace accueil::kiosk::app
