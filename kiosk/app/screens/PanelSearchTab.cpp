// SPDX-License-Identifier: Apache-2.0
#include "../PersonName.h"
#include "Screens.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace accueil::kiosk::app {

namespace {

void DrawHits(PanelState& panel, const FrameContext& ctx, Commands& out) {
    Label(ctx, ctx.tr("panel.search"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) {
        ImGui::SetKeyboardFocusHere();
    }
    if (ShapedInputText("##query", &panel.query)) {
        out.push_back(SearchEdited{});
    }
    TrackTyping(panel, TextField::Query);
    if (!panel.query.empty() && panel.hits.empty()) {
        Label(ctx, ctx.tr("panel.no_hits"));
    }
    for (const SearchHit& hit : panel.hits) {
        const Registrant& r = hit.registrant;
        ImGui::PushID(r.id.c_str());
        const bool selected = panel.selected && panel.selected->id == r.id;
        std::string about = r.delegation + "  ·  " + r.id;
        if (hit.firstEntryToday) {
            about += "  ·  " + ctx.tr("panel.in_today");
        }
        // Two lines, each from the UI's start edge (a selectable's own label would align them
        // as one block), cut with "…" where the column is narrow: the card shows them whole.
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float width = ImGui::GetContentRegionAvail().x;
        const std::array<std::string, 2> lines{
            ShownWithin(NameAsWritten(r.givenName, r.familyName), width),
            ShownWithin(about, width)};
        const float lineHeight = ImGui::GetFontSize();
        const bool chosen = ImGui::Selectable("##hit", selected, 0, ImVec2(0, lineHeight * 2));
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const float textWidth = TextLineWidth(ImGui::GetFont(), lineHeight, lines[k]);
            const float x = ctx.rightToLeft() ? at.x + width - textWidth : at.x;
            const float y = at.y + lineHeight * static_cast<float>(k);
            DrawTextLine(ImGui::GetWindowDrawList(), ImGui::GetFont(), lineHeight, ImVec2(x, y),
                         ImGui::GetColorU32(ImGuiCol_Text), lines[k]);
            NoteTextBox(x, y, x + textWidth, y + lineHeight, lines[k]);
        }
        if (chosen) {
            out.push_back(SelectRegistrant{r.id});
        }
        ImGui::Separator();
        ImGui::PopID();
    }
}

// A row of choices, as many to a row as their longest label allows; `value` is the chosen one.
template <class Label>
void DrawChoices(const FrameContext& ctx, const std::vector<std::string>& values,
                 const std::string& value, Label label,
                 const std::function<void(const std::string&)>& choose) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float avail = ImGui::GetContentRegionAvail().x;
    float widest = 0;
    for (const std::string& v : values) {
        widest = std::max(widest, ImGui::CalcTextSize(Shown(label(v)).c_str()).x);
    }
    const float minimum = widest + style.FramePadding.x * 1.5f; // a little room either side
    const int count = static_cast<int>(std::max<std::size_t>(values.size(), 1));
    const int fit = std::clamp(
        static_cast<int>((avail + style.ItemSpacing.x) / (minimum + style.ItemSpacing.x)), 1,
        count);
    // As few rows as fit, evenly filled: four choices go 2 + 2 rather than 3 + 1.
    const int rows = (count + fit - 1) / fit;
    const int columns = (count + rows - 1) / rows;
    const float width = (avail - style.ItemSpacing.x * static_cast<float>(columns - 1)) /
                        static_cast<float>(columns);
    int column = 0;
    std::optional<RowLayout> row;
    for (const std::string& v : values) {
        ImGui::PushID(v.c_str());
        if (column == 0) {
            row.emplace(ctx);
        }
        row->next(width);
        if (ChoiceButton(label(v), v == value, width, Tall(52))) {
            choose(v);
        }
        column = (column + 1) % columns;
        ImGui::PopID();
    }
}

// One row of the walk-in form: its label, then what fills it.
void BeginWalkInRow(const char* key, const FrameContext& ctx) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    Label(ctx, ctx.tr(key));
    ImGui::TableNextColumn();
}

void DrawWalkInField(PanelState& panel, const char* key, TextField field, const FrameContext& ctx) {
    BeginWalkInRow(key, ctx);
    ImGui::SetNextItemWidth(-1);
    ShapedInputText((std::string("##") + key).c_str(), FieldText(panel, field));
    TrackTyping(panel, field); // and kept in view above the on-screen keyboard
}

void DrawWalkIn(PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                Commands& out) {
    ImGui::PushFont(ctx.fonts.large);
    Label(ctx, ctx.tr("panel.walk_in"));
    ImGui::PopFont();
    Paragraph(ctx, ctx.tr("panel.walk_in_help"));
    // Labels beside their fields: the whole form, Admit included, fits without scrolling.
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(8, 6));
    if (ImGui::BeginTable("walk_in", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch);
        DrawWalkInField(panel, "panel.given_name", TextField::WalkInGivenName, ctx);
        DrawWalkInField(panel, "panel.family_name", TextField::WalkInFamilyName, ctx);
        DrawWalkInField(panel, "panel.delegation", TextField::WalkInDelegation, ctx);
        if (facts.categories.empty()) {
            DrawWalkInField(panel, "panel.category", TextField::WalkInCategory, ctx);
        } else {
            // The event's own list, by touch: the figures count each category under one
            // spelling.
            BeginWalkInRow("panel.category", ctx);
            DrawChoices(
                ctx, facts.categories, panel.walkIn.category,
                [](const std::string& c) { return c; },
                [&out](const std::string& c) { out.push_back(ChooseWalkInCategory{c}); });
        }
        BeginWalkInRow("panel.gender", ctx);
        const std::vector<std::string> genders = {"female", "male", "other", "undisclosed"};
        DrawChoices(
            ctx, genders, panel.walkIn.gender,
            [&ctx](const std::string& g) { return ctx.tr(("gender." + g).c_str()); },
            [&out](const std::string& g) { out.push_back(ChooseWalkInGender{g}); });
        DrawWalkInField(panel, "panel.reason", TextField::WalkInReason, ctx);
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    // What is missing, beside the button that asked for it; the line is kept when empty so
    // that Admit does not move under a finger.
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(153, 0, 0, 255));
    Label(ctx, panel.messageIsError && !panel.message.empty()
                   ? ctx.catalog.text(ctx.language, panel.message)
                   : std::string());
    ImGui::PopStyleColor();
    const float half = ImGui::GetContentRegionAvail().x * 0.49f;
    RowLayout row(ctx);
    row.next(half);
    if (TouchButton(ctx.tr("panel.admit_walk_in"), half, Tall(80))) {
        out.push_back(AdmitWalkIn{});
    }
    row.next(half);
    if (TouchButton(ctx.tr("panel.cancel"), half, Tall(80))) {
        out.push_back(ToggleWalkIn{});
    }
}

// The photo at the card's left, for staff to compare with the face, when there is one; the
// summary then stands beside it. Returns whether it drew one.
bool DrawCardPhoto(const PhotoView& photo, const Registrant& r, const FrameContext& ctx) {
    if (photo.texture == 0 || photo.registrantId != r.id || photo.height <= 0) {
        return false;
    }
    const float height = ctx.fonts.large->FontSize * 5.0f;
    const float width = height * static_cast<float>(photo.width) / static_cast<float>(photo.height);
    // NOLINTNEXTLINE(performance-no-int-to-ptr): ImGui's texture id holds the GL texture name
    ImGui::Image(reinterpret_cast<ImTextureID>(photo.texture), ImVec2(width, height));
    ImGui::SameLine();
    ImGui::BeginGroup();
    return true;
}

// Who they are, and where they stand today.
void DrawCardSummary(const Registrant& r, const PhotoView& photo, const CardStatus& status,
                     const PanelFacts& facts, const FrameContext& ctx) {
    const bool beside = DrawCardPhoto(photo, r, ctx);
    ImGui::PushFont(ctx.fonts.large);
    Paragraph(ctx, NameAsWritten(r.givenName, r.familyName));
    ImGui::PopFont();
    Paragraph(ctx, CardDetails(r));
    Label(ctx, ctx.tr("panel.id") + " " + r.id);
    if (r.provisional) {
        Label(ctx, ctx.tr("panel.provisional"));
    }
    std::string today;
    if (r.status == RegistrantStatus::Cancelled) {
        today = ctx.tr("panel.status.cancelled");
    } else if (status.inToday) {
        today = FormatText(ctx.tr("panel.status.in"), {{"time", status.firstEntry}});
    } else if (!r.validOn(facts.day)) {
        today = ctx.tr("panel.status.not_today");
    } else {
        today = ctx.tr("panel.status.not_yet");
    }
    ImGui::PushFont(ctx.fonts.large);
    Paragraph(ctx, today);
    ImGui::PopFont();
    if (!r.holdNote.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(153, 60, 0, 255));
        Paragraph(ctx, ctx.tr("panel.hold") + " " + r.holdNote);
        ImGui::PopStyleColor();
    }
    if (!r.attention.empty()) {
        Paragraph(ctx, FormatText(ctx.tr("outcome.attention"), {{"note", r.attention}}));
    }
    if (beside) {
        ImGui::EndGroup();
    }
}

// Check in by hand (with its reason), and place or clear a hold.
void DrawCardActions(PanelState& panel, const Registrant& r, const FrameContext& ctx,
                     Commands& out) {
    Label(ctx, ctx.tr("panel.reason"));
    ImGui::SetNextItemWidth(-1);
    ShapedInputText("##reason", &panel.reason);
    TrackTyping(panel, TextField::Reason);
    const float half = ImGui::GetContentRegionAvail().x * 0.49f;
    RowLayout row(ctx);
    row.next(half);
    if (TouchButton(ctx.tr("panel.check_in"), half, Tall(80))) {
        out.push_back(ManualCheckIn{});
    }
    row.next(half);
    if (!r.holdNote.empty()) {
        if (TouchButton(ctx.tr("panel.clear_hold"), half, Tall(80))) {
            out.push_back(ClearHold{});
        }
    } else {
        if (TouchButton(ctx.tr("panel.place_hold"), half, Tall(80))) {
            out.push_back(PlaceHold{});
        }
        Label(ctx, ctx.tr("panel.hold_note"));
        ImGui::SetNextItemWidth(-1);
        ShapedInputText("##hold", &panel.holdNote);
        TrackTyping(panel, TextField::HoldNote);
    }
}

// Undo was pressed without a reason: the card asks for it, beside what is being undone, in
// place of the other actions (so the reason cannot go to a check-in by mistake).
void DrawUndoQuestion(PanelState& panel, const AttendanceEvent& entry, const PanelFacts& facts,
                      const FrameContext& ctx, Commands& out) {
    ImGui::PushFont(ctx.fonts.large);
    Paragraph(ctx, FormatText(ctx.tr("panel.undo_question"),
                              {{"time", facts.calendar->localTimeOfDay(entry.at)},
                               {"kiosk", entry.kioskId}}));
    ImGui::PopFont();
    Label(ctx, ctx.tr("panel.undo_reason"));
    ImGui::SetNextItemWidth(-1);
    ShapedInputText("##undo_reason", &panel.reason);
    TrackTyping(panel, TextField::Reason);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(153, 0, 0, 255));
    Label(ctx, panel.messageIsError && !panel.message.empty()
                   ? ctx.catalog.text(ctx.language, panel.message)
                   : std::string());
    ImGui::PopStyleColor();
    const float half = ImGui::GetContentRegionAvail().x * 0.49f;
    RowLayout row(ctx);
    row.next(half);
    if (TouchButton(ctx.tr("panel.undo_confirm"), half, Tall(80))) {
        out.push_back(UndoEntry{entry.uuid});
    }
    row.next(half);
    if (TouchButton(ctx.tr("panel.cancel"), half, Tall(80))) {
        out.push_back(CancelUndo{});
    }
}

// One entry of the history: its line, and Undo when it is one of today's entries.
void DrawHistoryEntry(const AttendanceEvent& e, const CardStatus& status, const PanelFacts& facts,
                      const FrameContext& ctx, Commands& out) {
    ImGui::PushID(e.uuid.c_str());
    std::string line = e.day + " " + facts.calendar->localTimeOfDay(e.at) + "  " +
                       ctx.catalog.text(ctx.language, "event." + std::string(ToString(e.kind))) +
                       "  " + e.kioskId;
    if (!e.staffId.empty()) {
        line += "  (" + e.staffId + (e.reason.empty() ? "" : ": " + e.reason) + ")";
    }
    bool undoable = false;
    for (const std::string& uuid : status.undoable) {
        undoable = undoable || uuid == e.uuid;
    }
    const std::string shown = Shown(line);
    RowLayout row(ctx);
    if (undoable) {
        // A button a finger hits at the first try, in the card's type, before the small line.
        ImGui::PushFont(ctx.fonts.body);
        const float height = ctx.fonts.body->FontSize * 1.6f;
        const std::string undo = ctx.tr("panel.undo");
        row.next(ImGui::CalcTextSize(Shown(undo).c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
        if (TouchButton(undo, 0.0f, height)) {
            out.push_back(UndoEntry{e.uuid});
        }
        ImGui::PopFont();
        row.next(ImGui::CalcTextSize(shown.c_str()).x);
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (height - ImGui::GetTextLineHeight()) * 0.5f);
    } else {
        row.next(ImGui::CalcTextSize(shown.c_str()).x);
    }
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopID();
}

// Every entry, newest first; today's entries can be undone.
void DrawCardHistory(const PanelState& panel, const CardStatus& status, const PanelFacts& facts,
                     const FrameContext& ctx, Commands& out) {
    Label(ctx, ctx.tr("panel.history"));
    ImGui::PushFont(ctx.fonts.small);
    if (panel.history.empty()) {
        Label(ctx, ctx.tr("panel.no_history"));
    }
    std::for_each(panel.history.rbegin(), panel.history.rend(),
                  [&](const AttendanceEvent& e) { DrawHistoryEntry(e, status, facts, ctx, out); });
    ImGui::PopFont();
}

void DrawCard(PanelState& panel, const PanelFacts& facts, const FrameContext& ctx, Commands& out) {
    const Registrant& r = *panel.selected;
    const CardStatus status = MakeCardStatus(panel.history, facts.day, *facts.calendar);
    const AttendanceEvent* undoing = nullptr;
    for (const AttendanceEvent& e : panel.history) {
        const bool undoable = std::find(status.undoable.begin(), status.undoable.end(), e.uuid) !=
                              status.undoable.end();
        if (undoable && !panel.undoTarget.empty() && e.uuid == panel.undoTarget) {
            undoing = &e;
        }
    }
    if (undoing != nullptr) {
        // At the top of the card, so that the question, its field and its buttons stay above
        // the on-screen keyboard.
        DrawUndoQuestion(panel, *undoing, facts, ctx, out);
        ImGui::Separator();
        DrawCardSummary(r, panel.photo, status, facts, ctx);
    } else {
        DrawCardSummary(r, panel.photo, status, facts, ctx);
        ImGui::Separator();
        DrawCardActions(panel, r, ctx, out);
    }
    ImGui::Separator();
    DrawCardHistory(panel, status, facts, ctx, out);
}

} // namespace

std::string CardDetails(const Registrant& r) {
    // A walk-in often has no delegation or role: no separator stands for a missing one.
    std::string about;
    for (const std::string* part : {&r.delegation, &r.category, &r.role}) {
        if (!part->empty()) {
            about += (about.empty() ? "" : "  ·  ") + *part;
        }
    }
    return about;
}

void DrawPanelSearchTab(PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                        Commands& out) {
    // A field that is no longer shown takes no more typing.
    const bool walkInField = panel.typing >= TextField::WalkInGivenName;
    const bool cardField = panel.typing == TextField::Reason || panel.typing == TextField::HoldNote;
    if ((walkInField && !panel.walkInOpen) ||
        (cardField && (!panel.selected || panel.walkInOpen))) {
        panel.typing = TextField::None;
    }
    const float w = ImGui::GetContentRegionAvail().x;
    // The on-screen keyboard takes the bottom of the tab while a field is being filled.
    const float bottom = panel.typing == TextField::None ? 0.0f : -OnScreenKeyboardHeight();
    // The walk-in form needs the room more than the hits do: its choices sit side by side.
    // The hits come first in reading order: at the left, or at the right in Arabic.
    // On an upright screen the hits sit above the card, each the whole width.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const bool stacked = display.y > display.x;
    const float hitsWidth = stacked ? 0.0f : w * (panel.walkInOpen ? 0.25f : 0.42f);
    const float hitsHeight =
        stacked ? (ImGui::GetContentRegionAvail().y + bottom) * (panel.walkInOpen ? 0.15f : 0.3f)
                : bottom;
    const auto drawHits = [&] {
        ImGui::BeginChild("hits", ImVec2(hitsWidth, hitsHeight), false);
        DrawHits(panel, ctx, out);
        ImGui::EndChild();
    };
    if (stacked || !ctx.rightToLeft()) {
        drawHits();
        if (!stacked) {
            ImGui::SameLine();
        }
    }
    const float cardWidth =
        ctx.rightToLeft() && !stacked ? w - hitsWidth - ImGui::GetStyle().ItemSpacing.x : 0;
    ImGui::BeginChild("card", ImVec2(cardWidth, bottom), true);
    if (panel.walkInOpen) {
        DrawWalkIn(panel, facts, ctx, out);
    } else {
        if (panel.selected) {
            DrawCard(panel, facts, ctx, out);
        } else {
            Paragraph(ctx, ctx.tr("panel.pick_someone"));
        }
        ImGui::Separator();
        if (TouchButton(ctx.tr("panel.walk_in"), ImGui::GetContentRegionAvail().x, Tall(80))) {
            out.push_back(ToggleWalkIn{});
        }
    }
    ImGui::EndChild();
    if (ctx.rightToLeft() && !stacked) {
        ImGui::SameLine();
        drawHits();
    }
    if (panel.typing != TextField::None) {
        DrawOnScreenKeyboard(panel, ctx, out);
    }
}

} // namespace accueil::kiosk::app
