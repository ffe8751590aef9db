// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/KeyEvent.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::scanner {

/// The keyboard layout a wedge scanner is configured to emulate (its own setting, not the
/// host's).
enum class WedgeLayout {
    Us,     ///< "us": US QWERTY
    Swiss,  ///< "ch": Swiss German QWERTZ (Swiss French differs only in accented letters)
    German, ///< "de": German QWERTZ
    French, ///< "fr": French AZERTY
};

/// "us", "ch", "de", "fr" (case-insensitive); nullopt otherwise.
std::optional<WedgeLayout> ParseWedgeLayout(std::string_view name);

/// The character (UTF-8) a key types on a layout; empty if the key types nothing there.
/// Dead keys give their accent. Pure; any thread.
std::string CharacterFor(WedgeLayout layout, int key, bool shift, bool altGr);

/// The key presses a scanner emulating layout would send to type text, one every gapMicros
/// from startMicros, without a terminator. Characters the layout cannot type are skipped.
/// For simulations and tests. Pure; any thread.
std::vector<KeyEvent> TypeOnLayout(std::string_view text, WedgeLayout layout,
                                   std::int64_t startMicros, std::int64_t gapMicros);

/// When a run of keys is a scan. Key times are when the window delivered the keys, and a
/// window that is busy drawing delivers a scanner's burst late and in clumps: a burst is
/// therefore not cut by gaps the size of a frame, and is told from a person typing by its
/// pace over the whole run, which a stall only shifts.
struct WedgeOptions {
    WedgeLayout layout = WedgeLayout::Us;
    /// Keys closer than this belong to one run; a longer gap (or a terminator) ends it. Much
    /// longer than any frame, so a stalled window does not cut a burst in two.
    std::int64_t endGapMicros = 300'000;
    /// A run is a scan if it took at most keyMicros per key plus stallMicros from its first
    /// key to its end: scanners type a key every 1–20 ms, people one every 100 ms or more.
    std::int64_t keyMicros = 30'000;
    std::int64_t stallMicros = 300'000; ///< how late the window may deliver the run's end
    std::size_t minLength = 4;          ///< shorter bursts are a person typing
    std::size_t maxLength = 4096;       ///< longer bursts are cut here
    bool tabEnds = true;                ///< Tab ends a scan as Enter does
};

/// How a scan burst ended.
enum class WedgeEnd { Enter, Tab, Timeout };

/// One scan typed by a wedge scanner.
struct WedgePayload {
    std::string text; ///< decoded through the scanner's layout, UTF-8
    std::int64_t firstKeyMicros = 0;
    std::int64_t lastKeyMicros = 0; ///< of the text (the terminator is not counted)
    /// The terminator's time; the last key's when a pause ended it (then known a gap later).
    std::int64_t endMicros = 0;
    WedgeEnd end = WedgeEnd::Enter;
    /// Caps lock was on while it was typed. text is decoded from the keys and Shift as the
    /// scanner pressed them; a scanner that follows the host's caps lock inverts its Shift,
    /// and capsText is then what it meant (letters' case inverted, as the host typed them).
    bool capsLock = false;
    std::string capsText; ///< empty unless capsLock
};

/// What feeding a key (or the passing of time) produced.
struct WedgeOutput {
    std::vector<WedgePayload> payloads;
    std::vector<KeyEvent> passthrough; ///< human keystrokes, in order, for the focused field
};

/// Tells keyboard-wedge scanner bursts from a person typing, by timing, and decodes bursts
/// from physical key codes through the scanner's layout, so the host layout does not matter.
/// Keys are held until the run they belong to ends (a terminator, or endGapMicros without a
/// key), so human keystrokes reach the UI that much later, unchanged and in order.
/// Pure state machine, no clock of its own: not thread-safe, use from one thread (the UI's).
class WedgeDecoder {
public:
    explicit WedgeDecoder(WedgeOptions options = {}) : m_options(options) {}

    /// Feeds one key press. Modifier keys alone are ignored (their state travels in the
    /// events). Returns what became certain.
    WedgeOutput feed(const KeyEvent& event);

    /// Call regularly (e.g. each frame) with the current time: resolves a held run whose
    /// last key is older than endGapMicros (a burst without terminator ends by timeout).
    WedgeOutput poll(std::int64_t nowMicros);

    bool holding() const { return !m_pending.empty(); }

private:
    /// The held run typed at a scanner's pace, ending at endMicros.
    bool isBurst(std::int64_t endMicros) const;
    /// Ends the held run: a payload if it is a burst (then true), else passthrough.
    bool resolve(WedgeOutput& out, std::optional<WedgeEnd> end, std::int64_t endMicros);

    WedgeOptions m_options;
    std::vector<KeyEvent> m_pending;
};

} // namespace accueil::scanner
