// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where a name too long for a badge's code is cut, and how a cut name is shown.

#include <string>
#include <string_view>

namespace accueil::scanner {

/// The longest start of `utf8` (well-formed UTF-8) that fits in `maxBytes` and ends where a
/// reader accepts a cut: after a whole word when one fits ("Maria José" in 8 bytes is
/// "Maria"), else between two user-perceived characters (ICU's grapheme clusters: a letter
/// keeps its accents and marks) and never between a lam and the alef that joins it into one
/// ligature. Trailing spaces are left out. The whole text when it fits. Pure; any thread.
std::string_view CutName(std::string_view utf8, std::size_t maxBytes);

/// A cut name as it is shown: followed by "…" when it was cut. Pure.
std::string ShownName(std::string_view name, bool cut);

} // namespace accueil::scanner
