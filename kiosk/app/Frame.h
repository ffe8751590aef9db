#pragma once

#include "Catalog.h"
#include "Commands.h"
#include "Fonts.h"
#include "UiState.h"

#include <accueil/kiosk/Config.h>

namespace accueil::kiosk::app {

/// Draws the current screen for `state` between ImGui::NewFrame and ImGui::Render, and
/// collects the commands the screen emits. Widgets edit the text fields of `state` in place;
/// nothing else changes. Main thread.
void DrawFrame(UiState& state, const KioskConfig& config, const Catalog& catalog,
               const Fonts& fonts, UtcMillis now, Commands& out);

/// Applies the kiosk's look (sizes for a finger, high-contrast colours) to ImGui's style.
void ApplyKioskStyle(float scale);

} // namespace accueil::kiosk::app
