// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/EvdevDecoder.h>

#include <algorithm>
#include <array>
#include <utility>

namespace accueil::scanner {

namespace {

using namespace keys;

// Linux KEY_* code -> key code with GLFW's values. Both name key positions after the US
// layout, so the scanner's layout is applied to either in the same way. Letters are listed
// one by one: Linux numbers them in QWERTY row order, not alphabetically.
constexpr int Letter(char c) {
    return kA + (c - 'A');
}
constexpr auto kKeyMap = std::to_array<std::pair<unsigned, int>>({
    {KEY_1, k0 + 1},
    {KEY_2, k0 + 2},
    {KEY_3, k0 + 3},
    {KEY_4, k0 + 4},
    {KEY_5, k0 + 5},
    {KEY_6, k0 + 6},
    {KEY_7, k0 + 7},
    {KEY_8, k0 + 8},
    {KEY_9, k0 + 9},
    {KEY_0, k0},
    {KEY_MINUS, kMinus},
    {KEY_EQUAL, kEqual},
    {KEY_BACKSPACE, kBackspace},
    {KEY_TAB, kTab},
    {KEY_Q, Letter('Q')},
    {KEY_W, Letter('W')},
    {KEY_E, Letter('E')},
    {KEY_R, Letter('R')},
    {KEY_T, Letter('T')},
    {KEY_Y, Letter('Y')},
    {KEY_U, Letter('U')},
    {KEY_I, Letter('I')},
    {KEY_O, Letter('O')},
    {KEY_P, Letter('P')},
    {KEY_LEFTBRACE, kLeftBracket},
    {KEY_RIGHTBRACE, kRightBracket},
    {KEY_ENTER, kEnter},
    {KEY_LEFTCTRL, kLeftControl},
    {KEY_A, Letter('A')},
    {KEY_S, Letter('S')},
    {KEY_D, Letter('D')},
    {KEY_F, Letter('F')},
    {KEY_G, Letter('G')},
    {KEY_H, Letter('H')},
    {KEY_J, Letter('J')},
    {KEY_K, Letter('K')},
    {KEY_L, Letter('L')},
    {KEY_SEMICOLON, kSemicolon},
    {KEY_APOSTROPHE, kApostrophe},
    {KEY_GRAVE, kGraveAccent},
    {KEY_LEFTSHIFT, kLeftShift},
    {KEY_BACKSLASH, kBackslash},
    {KEY_Z, Letter('Z')},
    {KEY_X, Letter('X')},
    {KEY_C, Letter('C')},
    {KEY_V, Letter('V')},
    {KEY_B, Letter('B')},
    {KEY_N, Letter('N')},
    {KEY_M, Letter('M')},
    {KEY_COMMA, kComma},
    {KEY_DOT, kPeriod},
    {KEY_SLASH, kSlash},
    {KEY_RIGHTSHIFT, kRightShift},
    {KEY_KPASTERISK, kKpMultiply},
    {KEY_LEFTALT, kLeftAlt},
    {KEY_SPACE, kSpace},
    {KEY_KP7, kKp0 + 7},
    {KEY_KP8, kKp0 + 8},
    {KEY_KP9, kKp0 + 9},
    {KEY_KPMINUS, kKpSubtract},
    {KEY_KP4, kKp0 + 4},
    {KEY_KP5, kKp0 + 5},
    {KEY_KP6, kKp0 + 6},
    {KEY_KPPLUS, kKpAdd},
    {KEY_KP1, kKp0 + 1},
    {KEY_KP2, kKp0 + 2},
    {KEY_KP3, kKp0 + 3},
    {KEY_KP0, kKp0},
    {KEY_KPDOT, kKpDecimal},
    {KEY_102ND, kWorld2},
    {KEY_KPENTER, kKpEnter},
    {KEY_RIGHTCTRL, kRightControl},
    {KEY_KPSLASH, kKpDivide},
    {KEY_RIGHTALT, kRightAlt},
    {KEY_LEFTMETA, kLeftSuper},
    {KEY_RIGHTMETA, kRightSuper},
});

// Lock keys change a state the decoder tracks itself (caps lock) or none it uses.
bool IsLockKey(unsigned code) {
    return code == KEY_CAPSLOCK || code == KEY_NUMLOCK || code == KEY_SCROLLLOCK;
}

} // namespace

int KeyFromEvdev(unsigned code) {
    for (const auto& [evdevCode, key] : kKeyMap) {
        if (evdevCode == code) {
            return key;
        }
    }
    return kUnknownKey;
}

std::int64_t EventMicros(const input_event& event) {
    return static_cast<std::int64_t>(event.input_event_sec) * 1'000'000 +
           static_cast<std::int64_t>(event.input_event_usec);
}

WedgeOutput EvdevDecoder::feed(const input_event& event) {
    if (event.type == EV_LED && event.code == LED_CAPSL) {
        m_capsLock = event.value != 0; // the LED says what the host's caps lock is
        return {};
    }
    // EV_SYN, EV_MSC scan codes, key repeats (2): nothing a scan needs. Only 1 (press) and
    // 0 (release) change anything; other values are not the kernel's and are ignored.
    if (event.type != EV_KEY || (event.value != 0 && event.value != 1)) {
        return {};
    }
    const bool down = event.value == 1;
    // The newest time seen, so that polling past it ends any held run even if a replayed
    // recording's times go backwards (a device's never do).
    const std::int64_t at = EventMicros(event);
    m_lastMicros = std::max(m_lastMicros, at);
    switch (event.code) {
    case KEY_LEFTSHIFT:
        m_leftShift = down;
        return {};
    case KEY_RIGHTSHIFT:
        m_rightShift = down;
        return {};
    case KEY_RIGHTALT:
        m_altGr = down;
        return {};
    case KEY_CAPSLOCK:
        if (down) {
            m_capsLock = !m_capsLock; // a scanner that toggles caps lock itself
        }
        return {};
    default:
        break;
    }
    // Every press counts, releases none: a doubled letter sent as press, release, press,
    // release within the same millisecond is two letters.
    if (!down || IsLockKey(event.code)) {
        return {};
    }
    KeyEvent key;
    key.key = KeyFromEvdev(event.code);
    key.shift = m_leftShift || m_rightShift;
    key.altGr = m_altGr;
    key.atMicros = at;
    key.capsLock = m_capsLock;
    return m_wedge.feed(key);
}

} // namespace accueil::scanner
