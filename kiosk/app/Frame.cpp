// SPDX-License-Identifier: Apache-2.0
#include "Frame.h"

#include "screens/Screens.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <exception>

namespace accueil::kiosk::app {

void DrawFrame(UiState& state, const KioskConfig& config, const Catalog& catalog,
               const Fonts& fonts, UtcMillis now, Commands& out) {
    const FrameContext ctx{catalog, fonts, state.language};
    if (TextBoxRecorder* boxes = TextBoxRecorder::current()) {
        boxes->clear(); // this frame's text only
    }
    if (state.outOfService) {
        // Whatever a late store answer set the screen to, a revoked kiosk shows only this.
        DrawOutOfServiceScreen(MakeOutOfServiceView(config, catalog, state.purged), ctx);
        return;
    }
    switch (state.screen) {
    case Screen::Waiting:
        DrawWaitingScreen(MakeWaitingView(state, config, catalog, now), ctx, out);
        break;
    case Screen::Outcome:
        DrawOutcomeScreen(MakeOutcomeView(state.outcome, catalog), ctx, out);
        break;
    case Screen::Login:
        DrawLoginScreen(state.login, ctx, out);
        break;
    case Screen::Panel: {
        PanelFacts facts;
        facts.calendar = config.event.calendar.get();
        facts.day = facts.calendar->dateAt(now);
        facts.sync = state.sync;
        facts.camera = state.camera;
        facts.languages = catalog.languages();
        facts.categories = config.event.categories;
        facts.attention = state.attentionArrivals;
        facts.door = config.direction;
        facts.direction = state.direction;
        facts.occupancy = state.occupancy;
        facts.zones = &config.event.zones;
        DrawPanelScreen(state.panel, facts, ctx, out);
        break;
    }
    case Screen::OutOfOrder:
        DrawOutOfOrderScreen(state.outOfOrderReason, ctx);
        break;
    case Screen::OutOfService:
        DrawOutOfServiceScreen(MakeOutOfServiceView(config, catalog, state.purged), ctx);
        break;
    }
}

std::optional<std::string> DrawGuarded(const std::function<void()>& draw) {
    std::string error;
    try {
        draw();
        return std::nullopt;
    } catch (const std::exception& e) {
        error = e.what();
    } catch (...) {
        error = "unknown exception";
    }
    // Close the windows and pop the styles the failed frame left open, then end it unrendered.
    ImGui::ErrorCheckEndFrameRecover(nullptr);
    ImGui::EndFrame();
    return error;
}

bool FrameFailures::record(UtcMillis now) {
    m_times.push_back(now);
    std::erase_if(m_times, [&](UtcMillis t) { return now - t >= m_window; });
    return static_cast<int>(m_times.size()) >= m_limit;
}

void ApplyKioskStyle(float scale) {
    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(24, 24);
    style.FramePadding = ImVec2(16, 12);
    style.ItemSpacing = ImVec2(16, 14);
    style.ScrollbarSize = 36;
    style.GrabMinSize = 36;
    style.FrameRounding = 8;
    style.FrameBorderSize = 2;
    style.Colors[ImGuiCol_Text] = ImVec4(0.07f, 0.09f, 0.15f, 1);
    style.Colors[ImGuiCol_Button] = ImVec4(0.85f, 0.88f, 0.93f, 1);
    style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.85f, 0.88f, 0.93f, 1); // no hover on touch
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.65f, 0.72f, 0.85f, 1);
    style.Colors[ImGuiCol_Border] = ImVec4(0.3f, 0.35f, 0.45f, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    style.ScaleAllSizes(scale);
}

} // namespace accueil::kiosk::app
