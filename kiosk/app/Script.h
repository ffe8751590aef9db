// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/Result.h>

#include <string>
#include <string_view>
#include <vector>

namespace accueil::kiosk::app {

/// One line of a kiosk script (--script FILE).
enum class ScriptOp {
    Scan,       ///< scan PAYLOAD: as if the camera read it
    Wedge,      ///< wedge TEXT: keystrokes from a keyboard-wedge scanner (US layout, 5 ms apart)
    Key,        ///< key NAME: one key press (Enter, Escape, F1–F12, Alt+F4, a letter or digit)
    Type,       ///< type TEXT: a person typing (into the focused field, or the PIN pad)
    Wait,       ///< wait MS: keep running for MS milliseconds
    Screenshot, ///< screenshot NAME: DIR/NAME.png of the real framebuffer
};

struct ScriptStep {
    ScriptOp op = ScriptOp::Wait;
    std::string argument;
    int millis = 0; ///< for Wait
    int line = 0;   ///< 1-based, for messages
};

/// Parses a script: one command a line; blank lines and lines starting with '#' are skipped.
/// Errors: Input "line N: ..." for an unknown command, a missing argument, a bad number, a key
/// name that does not exist or a screenshot name with a path in it. Pure; any thread.
Result<std::vector<ScriptStep>> ParseScript(std::string_view text);

/// A key name as scripts write it, to a GLFW key code and modifier bits; false if unknown.
bool ParseKeyName(std::string_view name, int& key, int& mods);

} // namespace accueil::kiosk::app
