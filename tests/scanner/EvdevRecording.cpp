// SPDX-License-Identifier: Apache-2.0
#include "EvdevRecording.h"

#include <cstring>

namespace accueil::scanner::test {

namespace {

// The KEY_* code at a key position (the inverse of KeyFromEvdev); KEY_RESERVED if none.
unsigned LinuxCode(int key) {
    for (unsigned code = 1; code < KEY_MAX; ++code) {
        if (KeyFromEvdev(code) == key) {
            return code;
        }
    }
    return KEY_RESERVED;
}

} // namespace

void Recording::add(unsigned short type, unsigned short code, int value) {
    input_event e{};
    e.input_event_sec = static_cast<decltype(e.input_event_sec)>(m_at / 1'000'000);
    e.input_event_usec = static_cast<decltype(e.input_event_usec)>(m_at % 1'000'000);
    e.type = type;
    e.code = code;
    e.value = value;
    m_events.push_back(e);
}

void Recording::key(unsigned code, bool shift, bool altGr) {
    const auto c = static_cast<unsigned short>(code);
    if (shift) {
        add(EV_KEY, static_cast<unsigned short>(m_shift), 1);
    }
    if (altGr) {
        add(EV_KEY, KEY_RIGHTALT, 1);
    }
    add(EV_MSC, MSC_SCAN, 0x70000 + static_cast<int>(code)); // what a USB HID keyboard adds
    add(EV_KEY, c, 1);
    add(EV_SYN, SYN_REPORT, 0);
    add(EV_MSC, MSC_SCAN, 0x70000 + static_cast<int>(code));
    add(EV_KEY, c, 0);
    if (altGr) {
        add(EV_KEY, KEY_RIGHTALT, 0);
    }
    if (shift) {
        add(EV_KEY, static_cast<unsigned short>(m_shift), 0);
    }
    add(EV_SYN, SYN_REPORT, 0);
    m_at += m_gap;
}

void Recording::type(std::string_view text, bool invertLetters) {
    for (const KeyEvent& k : TypeOnLayout(text, m_layout, 0, 0)) {
        const bool letter = k.key >= keys::kA && k.key <= keys::kA + 25;
        key(LinuxCode(k.key), invertLetters && letter ? !k.shift : k.shift, k.altGr);
    }
}

void Recording::press(unsigned code) {
    key(code, false, false);
}

void Recording::repeat(unsigned code) {
    add(EV_KEY, static_cast<unsigned short>(code), 2);
    add(EV_SYN, SYN_REPORT, 0);
}

void Recording::led(bool on) {
    add(EV_LED, LED_CAPSL, on ? 1 : 0);
    add(EV_SYN, SYN_REPORT, 0);
}

std::string Recording::bytes() const {
    std::string out(m_events.size() * sizeof(input_event), '\0');
    if (!m_events.empty()) {
        std::memcpy(out.data(), m_events.data(), out.size());
    }
    return out;
}

} // namespace accueil::scanner::test
