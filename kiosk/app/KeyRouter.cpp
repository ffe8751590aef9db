// SPDX-License-Identifier: Apache-2.0
#include "KeyRouter.h"

#include "Script.h"

namespace accueil::kiosk::app {

namespace {
constexpr int kEscape = 256;
constexpr int kEnter = 257;
constexpr int kBackspace = 259;
constexpr int kKpEnter = 335;
constexpr int kF1 = 290;
constexpr int kF4 = 293;
constexpr int kModShift = 0x1;
constexpr int kModAlt = 0x4;
constexpr int kModCapsLock = 0x10; // GLFW_MOD_CAPS_LOCK, reported with GLFW_LOCK_KEY_MODS

// Each complete wedge burst becomes a scan.
void EmitScans(const scanner::WedgeOutput& output, Commands& out) {
    for (const scanner::WedgePayload& payload : output.payloads) {
        ScanPayload scan;
        scan.text = payload.text;
        scan.wedge = true;
        scan.capturedMicros = payload.endMicros; // as the window handed the key over
        scan.capsText = payload.capsText;
        out.push_back(std::move(scan));
    }
    // Human keystrokes on the delegate screens mean nothing (no field takes them).
}

// A PIN typed on a physical keyboard, as on the on-screen pad: digits (either row),
// Backspace, Enter. False when the key is none of them.
bool RoutePinKey(int key, Commands& out) {
    if (key >= '0' && key <= '9') {
        out.push_back(PinDigit{static_cast<char>(key)});
    } else if (key >= 320 && key <= 329) { // keypad digits
        out.push_back(PinDigit{static_cast<char>('0' + key - 320)});
    } else if (key == kBackspace) {
        out.push_back(PinBackspace{});
    } else if (key == kEnter || key == kKpEnter) {
        out.push_back(PinSubmit{});
    } else {
        return false;
    }
    return true;
}
} // namespace

int FunctionKeyCode(const std::string& name) {
    int key = 0;
    int mods = 0;
    if (name.size() >= 2 && name[0] == 'F' && ParseKeyName(name, key, mods) && mods == 0) {
        return key;
    }
    return 0;
}

void KeyRouter::poll(std::int64_t micros, Commands& out) {
    EmitScans(m_wedge.poll(micros), out);
}

void KeyRouter::onKey(int key, int mods, std::int64_t micros, Screen screen, bool textFieldActive,
                      Commands& out) {
    switch (screen) {
    case Screen::Waiting:
    case Screen::Outcome: {
        if (key == m_panelKey && !m_wedge.holding()) {
            out.push_back(OpenStaffLogin{});
            return;
        }
        if (key == kEscape || (key == kF4 && (mods & kModAlt) != 0) || !m_keyboardScans) {
            return; // nothing closes the kiosk from here
        }
        scanner::KeyEvent event;
        event.key = key;
        event.shift = (mods & kModShift) != 0;
        // GLFW reports AltGr as Alt; a QWERTZ or AZERTY wedge needs it for '@', '{', '\'.
        event.altGr = (mods & kModAlt) != 0;
        event.capsLock = (mods & kModCapsLock) != 0;
        event.atMicros = micros;
        EmitScans(m_wedge.feed(event), out);
        return;
    }
    case Screen::Login:
        if (key == kEscape) {
            out.push_back(CancelLogin{});
            return;
        }
        if (!textFieldActive) { // else the staff ID field takes it
            RoutePinKey(key, out);
        }
        return;
    case Screen::Panel:
        out.push_back(PanelTouched{});
        if (key >= kF1 && key <= kF1 + 2) {
            out.push_back(SelectTab{key - kF1}); // F1 search, F2 today, F3 kiosk
        } else if (key == kEscape) {
            out.push_back(LockPanel{}); // locking is always safe; leaving needs the button
        } else if (!textFieldActive) {
            RoutePinKey(key, out); // the PIN that leaves the kiosk, once asked for
        }
        return;
    case Screen::OutOfOrder:
    case Screen::OutOfService:
        return;
    }
}

} // namespace accueil::kiosk::app
