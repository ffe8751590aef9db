// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/EvdevDecoder.h>

#include <linux/input.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::scanner::test {

/// Builds the input_event records a keyboard-wedge scanner's evdev node would give, as a
/// recording: each key a press and a release framed by EV_MSC scan codes and EV_SYN
/// reports, Shift and AltGr pressed around the keys that need them, every event stamped on
/// a kernel clock that starts at startMicros and moves gapMicros after each key.
class Recording {
public:
    explicit Recording(std::int64_t startMicros, std::int64_t gapMicros,
                       WedgeLayout layout = WedgeLayout::Us, unsigned shiftKey = KEY_LEFTSHIFT)
        : m_at(startMicros), m_gap(gapMicros), m_layout(layout), m_shift(shiftKey) {}

    /// Types text through the layout. invertLetters: Shift inverted on letters, as a scanner
    /// that follows the host's caps lock sends them.
    void type(std::string_view text, bool invertLetters = false);
    /// Presses and releases one key (KEY_*), then moves the clock on.
    void press(unsigned code);
    /// An auto-repeat of a held key (value 2), at the current time.
    void repeat(unsigned code);
    /// The caps-lock LED turning on or off.
    void led(bool on);
    void wait(std::int64_t micros) { m_at += micros; }

    std::int64_t now() const { return m_at; }
    const std::vector<input_event>& events() const { return m_events; }
    /// The records as the bytes read() gives from the device.
    std::string bytes() const;

private:
    void add(unsigned short type, unsigned short code, int value);
    void key(unsigned code, bool shift, bool altGr);

    std::int64_t m_at;
    std::int64_t m_gap;
    WedgeLayout m_layout;
    unsigned m_shift;
    std::vector<input_event> m_events;
};

} // namespace accueil::scanner::test
