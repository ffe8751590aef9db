// SPDX-License-Identifier: Apache-2.0
#include "Screens.h"

#include <imgui.h>

namespace accueil::kiosk::app {

OutOfServiceView MakeOutOfServiceView(const KioskConfig& config, const Catalog& catalog,
                                      bool purged) {
    OutOfServiceView view;
    // Delegates of every language meet this door: each says it, the first language first.
    for (const std::string& lang : catalog.languages()) {
        view.headlines.push_back(catalog.text(lang, "out_of_service.headline"));
        view.actions.push_back(catalog.text(lang, "out_of_service.action"));
    }
    const std::string& first =
        catalog.languages().empty() ? std::string("en") : catalog.languages().front();
    view.detail =
        config.id + "  ·  " +
        catalog.text(first, purged ? "out_of_service.detail_purged" : "out_of_service.detail");
    return view;
}

void DrawOutOfServiceScreen(const OutOfServiceView& view, const FrameContext& ctx) {
    constexpr Rgb kBackground{40, 40, 40};
    constexpr Rgb kText{255, 255, 255};
    constexpr Rgb kSoftText{214, 214, 214}; // above 7:1 on the background
    BeginFullScreen("out_of_service", kBackground);
    const float h = ImGui::GetWindowHeight();
    DrawIcon(Icon::Stop, ImGui::GetWindowWidth() * 0.5f, h * 0.16f, h * 0.08f, kText);
    float y = h * 0.28f;
    if (!view.headlines.empty()) {
        y += CenteredText(ctx.fonts.headline, view.headlines.front(), y, kText) + h * 0.01f;
        y += CenteredText(ctx.fonts.large, view.actions.front(), y, kText) + h * 0.05f;
    }
    for (std::size_t i = 1; i < view.headlines.size(); ++i) {
        y += CenteredText(ctx.fonts.large, view.headlines[i], y, kSoftText);
        y += CenteredText(ctx.fonts.body, view.actions[i], y, kSoftText) + h * 0.03f;
    }
    CenteredText(ctx.fonts.small, view.detail, h - ctx.fonts.small->FontSize * 2.0f, kSoftText);
    EndFullScreen();
}

} // namespace accueil::kiosk::app
