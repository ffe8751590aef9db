// SPDX-License-Identifier: Apache-2.0
// The staff panel's on-screen keyboard: a touch kiosk has no keyboard of its own, so every text
// field of the panel can be filled by touch.

#include "Screens.h"

#include <imgui.h>

#include <algorithm>
#include <array>

namespace accueil::kiosk::app {

namespace {

constexpr std::array<const char*, 4> kRows{"1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm-.,"};

} // namespace

std::string* FieldText(PanelState& panel, TextField field) {
    switch (field) {
    case TextField::None:
        return nullptr;
    case TextField::Query:
        return &panel.query;
    case TextField::Reason:
        return &panel.reason;
    case TextField::HoldNote:
        return &panel.holdNote;
    case TextField::WalkInGivenName:
        return &panel.walkIn.givenName;
    case TextField::WalkInFamilyName:
        return &panel.walkIn.familyName;
    case TextField::WalkInDelegation:
        return &panel.walkIn.delegation;
    case TextField::WalkInCategory:
        return &panel.walkIn.category;
    case TextField::WalkInReason:
        return &panel.walkIn.reason;
    }
    return nullptr;
}

void TrackTyping(PanelState& panel, TextField field) {
    if (ImGui::IsItemActivated()) {
        panel.typing = field;
    }
    // The keyboard takes the bottom of the screen while a field is filled: the field being
    // filled is scrolled into what is left of its window, wherever it was.
    if (panel.typing == field) {
        const float top = ImGui::GetItemRectMin().y;
        const float bottom = ImGui::GetItemRectMax().y;
        const float windowTop = ImGui::GetWindowPos().y;
        const float windowBottom = windowTop + ImGui::GetWindowHeight();
        if (top < windowTop || bottom > windowBottom) {
            ImGui::SetScrollHereY(0.0f);
        }
    }
}

void TypeOnScreenKey(PanelState& panel, OnScreenKey key, std::string_view text, Commands& out) {
    std::string* target = FieldText(panel, panel.typing);
    switch (key) {
    case OnScreenKey::Done:
        panel.typing = TextField::None;
        return;
    case OnScreenKey::Shift:
        panel.keyboardShift = !panel.keyboardShift;
        return;
    case OnScreenKey::Backspace:
        if (target == nullptr || target->empty()) {
            return;
        }
        // Remove one whole UTF-8 character, not one byte of it.
        while ((static_cast<unsigned char>(target->back()) & 0xC0) == 0x80 && target->size() > 1) {
            target->pop_back(); // continuation bytes
        }
        target->pop_back(); // the lead byte
        break;
    case OnScreenKey::Text:
        if (target == nullptr) {
            return;
        }
        for (const char c : text) {
            const bool upper = panel.keyboardShift && c >= 'a' && c <= 'z';
            *target += upper ? static_cast<char>(c - 'a' + 'A') : c;
        }
        panel.keyboardShift = false;
        break;
    }
    if (panel.typing == TextField::Query) {
        out.push_back(SearchEdited{});
    }
}

float OnScreenKeyboardHeight() {
    return (kRows.size() + 1) * (Tall(64) + ImGui::GetStyle().ItemSpacing.y);
}

void DrawOnScreenKeyboard(PanelState& panel, const FrameContext& ctx, Commands& out) {
    const float w = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // Delete and Shift end their rows; on a narrow screen they take the room their words
    // need ("Удалить") from the ten keys before them.
    const float padding = ImGui::GetStyle().FramePadding.x * 2.0f;
    const float wordKey =
        std::max(ImGui::CalcTextSize(Shown(ctx.tr("keyboard.backspace")).c_str()).x,
                 ImGui::CalcTextSize(Shown(ctx.tr("keyboard.shift")).c_str()).x) +
        padding;
    const float evenKey = (w - spacing * 10.0f) / 11.0f;
    const float lastKey = std::max(evenKey, wordKey);
    const float key = (w - spacing * 10.0f - lastKey) / 10.0f;
    for (const char* row : kRows) {
        for (const char* c = row; *c != '\0'; ++c) {
            const std::string shown(1, panel.keyboardShift && *c >= 'a' && *c <= 'z'
                                           ? static_cast<char>(*c - 'a' + 'A')
                                           : *c);
            ImGui::PushID(static_cast<int>(c - row) + 100 * static_cast<int>(row[0]));
            if (TouchButton(shown, key, Tall(64))) {
                TypeOnScreenKey(panel, OnScreenKey::Text, std::string_view(c, 1), out);
            }
            ImGui::PopID();
            ImGui::SameLine();
        }
        if (row == kRows[0]) {
            if (TouchButton(ctx.tr("keyboard.backspace"), lastKey, Tall(64))) {
                TypeOnScreenKey(panel, OnScreenKey::Backspace, {}, out);
            }
        } else if (row == kRows[2]) {
            if (TouchButton(ctx.tr("keyboard.shift"), lastKey, Tall(64))) {
                TypeOnScreenKey(panel, OnScreenKey::Shift, {}, out);
            }
        } else {
            ImGui::NewLine();
            continue;
        }
    }
    if (TouchButton(ctx.tr("keyboard.space"), key * 7.0f + spacing * 6.0f, Tall(64))) {
        TypeOnScreenKey(panel, OnScreenKey::Text, " ", out);
    }
    ImGui::SameLine();
    if (TouchButton(ctx.tr("keyboard.done"), w - (key * 7.0f + spacing * 7.0f), Tall(64))) {
        TypeOnScreenKey(panel, OnScreenKey::Done, {}, out);
    }
}

} // namespace accueil::kiosk::app
