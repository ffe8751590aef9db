// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/Attendance.h>

#include <cstdint>
#include <string_view>

namespace accueil::kiosk::app {

/// An sRGB colour, 0–255 per channel.
struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

/// The shape drawn on an outcome screen, so the answer does not rely on colour alone.
enum class Icon { Check, CheckTwice, Cross, Exclamation, Question, Retry, Clock, Stop, Exit };

/// Staff's attention colours, apart from any outcome's: the band with an attention note on the
/// outcome screen and the waiting screen's mark of attention arrivals at other doors.
inline constexpr Rgb kAttentionBand{255, 183, 3};
inline constexpr Rgb kAttentionText{0, 0, 0};

/// Which sound (and colour family) an outcome belongs to.
enum class OutcomeClass { Go, Attention, Stop, Retry };

/// How an outcome looks and sounds; the words come from the catalog under `key`.
struct OutcomeStyle {
    OutcomeClass cls = OutcomeClass::Stop;
    Rgb background;
    Rgb foreground;
    Icon icon = Icon::Cross;
    std::string_view key; ///< catalog prefix: "outcome.<key>.headline", ".detail"
    bool seeDesk = false; ///< shows "Please see the registration desk"
};

/// The style of an outcome. `warn` (re-entry policy "warn") turns a welcome back amber. Pure.
OutcomeStyle StyleFor(Outcome outcome, bool warn = false);

/// WCAG 2 contrast ratio between two colours (1 to 21). Pure.
double ContrastRatio(Rgb a, Rgb b);

/// Milliseconds an outcome stays on screen before the kiosk returns to waiting.
int DisplayMillis(OutcomeClass cls);

} // namespace accueil::kiosk::app
