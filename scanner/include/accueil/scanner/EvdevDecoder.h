// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/WedgeDecoder.h>

#include <linux/input.h>

#include <cstdint>

namespace accueil::scanner {

/// The key code (GLFW values, keys::) for a Linux KEY_* code, so an evdev scanner is decoded
/// through the same layout tables as one read through the window. kUnknownKey for keys the
/// layouts do not type (F keys, arrows…): inside a burst they are marked, as in the window.
inline constexpr int kUnknownKey = -1;
int KeyFromEvdev(unsigned code);

/// The time an event carries, in microseconds of the clock the kernel stamped it with.
std::int64_t EventMicros(const input_event& event);

/// Turns the raw events of a keyboard-wedge scanner read straight from its evdev node into
/// scans. Presses are timed by the kernel's own stamps, not by when they are read: a burst
/// that reaches the reader in one read still shows the scanner's pace, and a reader that is
/// late cannot make a person look like a scanner. Shift, AltGr (right Alt) and caps lock are
/// tracked from the device's own keys (and its caps-lock LED, EV_LED LED_CAPSL, when it
/// reports one); each press then goes through WedgeDecoder with the same burst rules. Key
/// repeats, EV_MSC and EV_SYN carry nothing a scan needs and are ignored.
/// Pure state machine; not thread-safe: use from one thread (the reader's).
class EvdevDecoder {
public:
    explicit EvdevDecoder(WedgeOptions options = {}) : m_wedge(options), m_options(options) {}

    /// Feeds one event. Returns what became certain: payloads, and keys typed at a person's
    /// pace (passthrough), which a grabbed scanner has nowhere to send.
    WedgeOutput feed(const input_event& event);

    /// Ends a held run whose last key is older than the end gap at nowMicros, a time on the
    /// events' clock (see EvdevReader for how a reader finds it).
    WedgeOutput poll(std::int64_t nowMicros) { return m_wedge.poll(nowMicros); }

    bool holding() const { return m_wedge.holding(); }
    bool capsLock() const { return m_capsLock; }
    /// Sets the caps-lock state read from the device when it was opened.
    void setCapsLock(bool on) { m_capsLock = on; }
    /// The latest time of the key events fed, on the events' clock; 0 before any.
    std::int64_t lastEventMicros() const { return m_lastMicros; }
    const WedgeOptions& options() const { return m_options; }

private:
    WedgeDecoder m_wedge;
    WedgeOptions m_options;
    bool m_leftShift = false;
    bool m_rightShift = false;
    bool m_altGr = false;
    bool m_capsLock = false;
    std::int64_t m_lastMicros = 0;
};

} // namespace accueil::scanner
