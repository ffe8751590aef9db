// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace accueil::scanner {

/// Physical key codes, with the same values as GLFW's GLFW_KEY_* (named after the US
/// layout, but naming key positions, whatever the host layout), so the kiosk can pass GLFW's
/// key code through without the scanner library including GLFW.
namespace keys {
inline constexpr int kSpace = 32;
inline constexpr int kApostrophe = 39;
inline constexpr int kComma = 44;
inline constexpr int kMinus = 45;
inline constexpr int kPeriod = 46;
inline constexpr int kSlash = 47;
inline constexpr int k0 = 48; ///< k0 + n for digit n
inline constexpr int kSemicolon = 59;
inline constexpr int kEqual = 61;
inline constexpr int kA = 65; ///< kA + n for the n-th letter
inline constexpr int kLeftBracket = 91;
inline constexpr int kBackslash = 92;
inline constexpr int kRightBracket = 93;
inline constexpr int kGraveAccent = 96;
inline constexpr int kWorld1 = 161;
inline constexpr int kWorld2 = 162; ///< the ISO key between left Shift and Z (<>)
inline constexpr int kEnter = 257;
inline constexpr int kTab = 258;
inline constexpr int kBackspace = 259;
inline constexpr int kKp0 = 320; ///< kKp0 + n for keypad digit n
inline constexpr int kKpDecimal = 330;
inline constexpr int kKpDivide = 331;
inline constexpr int kKpMultiply = 332;
inline constexpr int kKpSubtract = 333;
inline constexpr int kKpAdd = 334;
inline constexpr int kKpEnter = 335;
inline constexpr int kLeftShift = 340;
inline constexpr int kLeftControl = 341;
inline constexpr int kLeftAlt = 342;
inline constexpr int kLeftSuper = 343;
inline constexpr int kRightShift = 344;
inline constexpr int kRightControl = 345;
inline constexpr int kRightAlt = 346;
inline constexpr int kRightSuper = 347;
} // namespace keys

/// One key press as the kiosk's window saw it.
struct KeyEvent {
    int key = 0; ///< physical key, GLFW key code values (see keys::)
    bool shift = false;
    bool altGr = false;        ///< right Alt / AltGr held
    std::int64_t atMicros = 0; ///< monotonic time of the press
    /// What the host layout typed for this key (from GLFW's char callback), 0 if nothing.
    /// Not used to decode scans; handed back untouched with human keystrokes.
    std::uint32_t hostCodepoint = 0;
    bool capsLock = false; ///< the host's caps lock was on (GLFW_MOD_CAPS_LOCK)
};

} // namespace accueil::scanner
