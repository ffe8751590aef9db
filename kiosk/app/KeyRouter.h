// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Commands.h"
#include "UiState.h"

#include <accueil/scanner/WedgeDecoder.h>

#include <cstdint>

namespace accueil::kiosk::app {

/// Sends key presses where they belong: wedge-scanner bursts become scans, the configured
/// panel key opens the staff login, the PIN pad takes digits, and keys that would close the
/// kiosk (Escape, Alt+F4) do nothing for delegates. In the panel, F1–F3 pick the tab and
/// Escape locks it. Main thread; no GLFW or ImGui inside.
class KeyRouter {
public:
    /// keyboardScans: bursts typed through the window are scans ([scanner] kind lists
    /// "keyboard", as it does by default); without, delegate-screen keys are dropped.
    KeyRouter(scanner::WedgeOptions wedge, int panelKey, bool keyboardScans = true)
        : m_wedge(wedge), m_panelKey(panelKey), m_keyboardScans(keyboardScans) {}

    /// One key press (GLFW key code, modifier bits) at monotonic time `micros`.
    /// `textFieldActive`: an ImGui text field has the keyboard.
    void onKey(int key, int mods, std::int64_t micros, Screen screen, bool textFieldActive,
               Commands& out);
    /// Ends a wedge burst that had no terminator (call each loop turn).
    void poll(std::int64_t micros, Commands& out);
    /// A burst is being held: poll again within the wedge gap.
    bool holding() const { return m_wedge.holding(); }

private:
    scanner::WedgeDecoder m_wedge;
    int m_panelKey;
    bool m_keyboardScans;
};

/// "F12" etc. to a GLFW key code; 0 if the name is not an F key. Pure.
int FunctionKeyCode(const std::string& name);

} // namespace accueil::kiosk::app
