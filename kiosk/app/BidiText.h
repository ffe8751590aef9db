// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace accueil::kiosk::app {

/// Decodes the UTF-8 sequence at `i` and moves `i` past it. The text must be valid UTF-8 at
/// `i` (IsValidUtf8, or a sequence checked by the caller). Pure; any thread.
char32_t NextCodePoint(std::string_view text, std::size_t& i);

/// True when the text holds right-to-left letters (Hebrew, Arabic and their presentation
/// forms). Pure; any thread.
bool HasRightToLeft(std::string_view utf8);

/// The text in visual order with Arabic letters joined (presentation forms), ready for ImGui,
/// which draws code points left to right without shaping. Text without right-to-left letters
/// comes back unchanged; invalid UTF-8 too. Uses FriBidi. Pure; any thread.
std::string VisualOrder(std::string_view utf8);

} // namespace accueil::kiosk::app
