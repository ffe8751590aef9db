// SPDX-License-Identifier: Apache-2.0
#include "Screens.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <array>

namespace accueil::kiosk::app {

namespace {
constexpr Rgb kBackground{30, 34, 44};
constexpr Rgb kText{255, 255, 255};
constexpr Rgb kError{255, 190, 190};
} // namespace

namespace {

// Staff ID: typed, or filled by a staff card scan. Drawn in the current (body) font; returns
// the y below the field.
float DrawStaffIdField(LoginState& login, const FrameContext& ctx, float y, Commands& out) {
    const float h = ImGui::GetWindowHeight();
    const float w = ImGui::GetWindowWidth();
    ImGui::PushStyleColor(ImGuiCol_Text, ToU32(kText));
    const float fieldWidth = w * 0.30f;
    ImGui::SetCursorPos(ImVec2((w - fieldWidth) * 0.5f, y));
    Label(ctx, ctx.tr("login.staff_id"));
    ImGui::SetCursorPosX((w - fieldWidth) * 0.5f);
    ImGui::SetNextItemWidth(fieldWidth);
    ImGui::PopStyleColor(); // the field itself is white with dark text
    if (login.staffId.empty() && !login.fromCard && ImGui::IsWindowAppearing()) {
        ImGui::SetKeyboardFocusHere();
    }
    if (ShapedInputText("##staff", &login.staffId, ImGuiInputTextFlags_EnterReturnsTrue)) {
        out.push_back(LoginStaffIdDone{});
    }
    return ImGui::GetCursorPosY() + h * 0.02f;
}

// The pad at `y`: 1–9, then erase, 0, OK. Big keys for a finger. Returns the y below it.
float DrawPinPad(const LoginState& login, const FrameContext& ctx, float y, Commands& out) {
    const float h = ImGui::GetWindowHeight();
    const float w = ImGui::GetWindowWidth();
    const float key = h * 0.11f;
    const float gap = key * 0.12f;
    const float padX = (w - (3 * key + 2 * gap)) * 0.5f;
    constexpr std::array<const char*, 12> kLabels = {"1", "2", "3", "4", "5", "6",
                                                     "7", "8", "9", "<", "0", "OK"};
    ImGui::PushFont(ctx.fonts.large);
    for (int i = 0; i < 12; ++i) {
        const int row = i / 3;
        const int column = i % 3;
        ImGui::SetCursorPos(ImVec2(padX + static_cast<float>(column) * (key + gap),
                                   y + static_cast<float>(row) * (key + gap)));
        ImGui::PushID(i);
        std::string label = kLabels[i];
        if (i == 9) {
            label = ctx.tr("login.erase");
        } else if (i == 11) {
            label = ctx.tr("login.ok");
        }
        ImGui::BeginDisabled(login.busy);
        // Words go in a smaller size than digits so "Effacer" or "Borrar" fit the key.
        ImGui::PushFont(i == 9 || i == 11 ? ctx.fonts.body : ctx.fonts.large);
        const bool pressed = TouchButton(label, key, key);
        ImGui::PopFont();
        if (pressed) {
            if (i == 9) {
                out.push_back(PinBackspace{});
            } else if (i == 11) {
                out.push_back(PinSubmit{});
            } else {
                out.push_back(PinDigit{kLabels[i][0]});
            }
        }
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    ImGui::PopFont();
    return y + 4 * (key + gap) + h * 0.01f;
}

} // namespace

void DrawLoginScreen(LoginState& login, const FrameContext& ctx, Commands& out) {
    BeginFullScreen("login", kBackground);
    const float h = ImGui::GetWindowHeight();
    const float w = ImGui::GetWindowWidth();
    float y = h * 0.05f;
    y += CenteredText(ctx.fonts.large, ctx.tr("login.title"), y, kText) + h * 0.03f;

    ImGui::PushFont(ctx.fonts.body);
    y = DrawStaffIdField(login, ctx, y, out);

    // The PIN as dots, never digits.
    std::string dots(login.pin.size() * 2, ' ');
    for (std::size_t i = 0; i < login.pin.size(); ++i) {
        dots[i * 2] = '*';
    }
    y += CenteredText(ctx.fonts.large, login.pin.empty() ? ctx.tr("login.enter_pin") : dots, y,
                      kText) +
         h * 0.02f;

    y = DrawPinPad(login, ctx, y, out);
    if (login.busy) {
        CenteredText(ctx.fonts.body, ctx.tr("login.checking"), y, kText);
    } else if (!login.message.empty()) {
        y += CenteredText(ctx.fonts.body, ctx.catalog.text(ctx.language, login.message), y, kError);
        CenteredText(ctx.fonts.small, Translate(ctx.catalog, ctx.language, login.detail), y,
                     kError);
    }
    ImGui::SetCursorPos(ImVec2(w * 0.5f - w * 0.08f, h - h * 0.1f));
    if (TouchButton(ctx.tr("login.cancel"), w * 0.16f, h * 0.07f)) {
        out.push_back(CancelLogin{});
    }
    ImGui::PopFont();
    EndFullScreen();
}

} // namespace accueil::kiosk::app
