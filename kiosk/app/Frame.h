// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Catalog.h"
#include "Commands.h"
#include "CoreTypes.h"
#include "Fonts.h"
#include "UiState.h"

#include <accueil/core/Config.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace accueil::kiosk::app {

/// Draws the current screen for `state` between ImGui::NewFrame and ImGui::Render, and
/// collects the commands the screen emits. Widgets edit the text fields of `state` in place;
/// nothing else changes. Main thread.
void DrawFrame(UiState& state, const KioskConfig& config, const Catalog& catalog,
               const Fonts& fonts, UtcMillis now, Commands& out);

/// Runs a frame's drawing (between ImGui::NewFrame and ImGui::Render). If it throws, unwinds
/// what it left open in ImGui, ends the frame without rendering it, and returns the message;
/// the next frame starts clean. Main thread.
std::optional<std::string> DrawGuarded(const std::function<void()>& draw);

/// Counts frames that failed and says when to give up: `limit` failures within `windowMs`
/// means the kiosk is broken, and systemd should restart it. Pure.
class FrameFailures {
public:
    explicit FrameFailures(int limit = 3, UtcMillis windowMs = 60'000)
        : m_limit(limit), m_window(windowMs) {}
    /// Records a failure at `now`; true when the limit is reached.
    bool record(UtcMillis now);

private:
    int m_limit;
    UtcMillis m_window;
    std::vector<UtcMillis> m_times;
};

/// Applies the kiosk's look (sizes for a finger, high-contrast colours) to ImGui's style.
void ApplyKioskStyle(float scale);

} // namespace accueil::kiosk::app
